//! BIO tag sequences.

/// Chunks `(kind, start, end)` of one sentence's BIO tags (`B-PER`, `I-PER`, `O`), as conlleval
/// reads them: an `I-X` that does not continue an `X` chunk starts one.
pub fn bio_chunks<S: AsRef<str>>(tags: &[S]) -> Vec<(String, usize, usize)> {
    let mut out = Vec::new();
    let mut open: Option<(String, usize, usize)> = None;
    for (idx, tag) in tags.iter().enumerate() {
        let tag = tag.as_ref();
        let (prefix, kind) = tag.split_once('-').unwrap_or(("O", ""));
        if prefix == "I" && open.as_ref().is_some_and(|(open_kind, _, _)| open_kind == kind) {
            if let Some(chunk) = open.as_mut() {
                chunk.2 = idx + 1;
            }
            continue;
        }
        out.extend(open.take());
        if prefix != "O" {
            open = Some((kind.to_owned(), idx, idx + 1));
        }
    }
    out.extend(open);
    out
}

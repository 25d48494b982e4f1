use parallax_model::Span;

/// One non-blank line of a text, trimmed, with its raw span.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Line<'t> {
    /// The trimmed line text.
    pub text: &'t str,
    /// Raw span of the trimmed text.
    pub span: Span,
}

/// The non-blank lines of `text` (split on `\n`), trimmed of surrounding whitespace and byte-order marks,
/// each with its byte span in `text`.
pub fn lines(text: &str) -> impl Iterator<Item = Line<'_>> {
    let mut offset = 0;
    text.split('\n').filter_map(move |piece| {
        let start = offset;
        offset += piece.len() + 1;
        let is_blank = |ch: char| ch.is_whitespace() || ch == '\u{feff}';
        let trimmed_start = piece.len() - piece.trim_start_matches(is_blank).len();
        let trimmed = piece.trim_matches(is_blank);
        if trimmed.is_empty() {
            return None;
        }
        let span = Span::new(start + trimmed_start, start + trimmed_start + trimmed.len())?;
        Some(Line { text: trimmed, span })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spans_point_at_trimmed_text() {
        let raw = "  a b \r\n\n\tc\n";
        let found: Vec<_> = lines(raw).collect();
        assert_eq!(found.len(), 2);
        for line in &found {
            assert_eq!(line.span.slice(raw), Some(line.text));
        }
        assert_eq!(found[0].text, "a b");
        assert_eq!(found[1].text, "c");
    }
}

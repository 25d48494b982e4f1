//! Embedding the clusterer's inputs.

use parallax_cluster::ClusterInput;
use parallax_embed::Embedder;

use crate::Error;

/// Characters of an article's text given to the embedder: the models read 256 tokens at most,
/// so tokenising more is wasted work.
const EMBED_CHARS: usize = 1500;

/// What the embedder reads of an input: its title and the start of its text.
pub(crate) fn embedding_text(input: &ClusterInput) -> String {
    let mut end = input.text.len().min(EMBED_CHARS);
    while !input.text.is_char_boundary(end) {
        end -= 1;
    }
    let lead = input.text.get(..end).unwrap_or_default();
    if input.title.is_empty() { lead.to_owned() } else { format!("{}\n{lead}", input.title) }
}

/// Fills every input's `embedding`.
pub(crate) fn embed_inputs(
    inputs: &mut [ClusterInput],
    embedder: &dyn Embedder,
) -> Result<(), Error> {
    let texts: Vec<String> = inputs.iter().map(embedding_text).collect();
    let refs: Vec<&str> = texts.iter().map(String::as_str).collect();
    let vectors = embedder.embed(&refs)?;
    for (input, vector) in inputs.iter_mut().zip(vectors) {
        input.embedding = Some(vector);
    }
    Ok(())
}

//! Embedding the clusterer's inputs.

use parallax_cluster::ClusterInput;
use parallax_embed::Embedder;
use parallax_store::Store;
use parallax_text::fnv1a_str;

use crate::{Error, Progress};

/// Inputs embedded (and cached) at a time, between progress reports.
const EMBED_CHUNK: usize = 256;

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

/// How many embeddings a run took from the store's cache and how many it computed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct CacheUse {
    pub(crate) cached: usize,
    pub(crate) computed: usize,
}

/// Fills every input's `embedding`, from the store's cache where the same model embedded the same
/// text before, computing (and caching) the rest. The cache key is the model's name and
/// dimension; an input whose text changed (cleaning rules learned more boilerplate) is embedded
/// again.
pub(crate) fn embed_inputs_cached(
    store: &mut Store,
    inputs: &mut [ClusterInput],
    embedder: &dyn Embedder,
    progress: &mut dyn FnMut(Progress),
) -> Result<CacheUse, Error> {
    let model = format!("{}-{}", embedder.name(), embedder.dim());
    let mut cached = store.embeddings(&model)?;
    let mut missing: Vec<(usize, String, String)> = Vec::new();
    for (idx, input) in inputs.iter_mut().enumerate() {
        let text = embedding_text(input);
        let hash = format!("{:016x}", fnv1a_str(&text));
        match cached.remove(&input.doc_id) {
            Some((stored_hash, vector))
                if stored_hash == hash && vector.len() == embedder.dim() =>
            {
                input.embedding = Some(vector);
            }
            _ => missing.push((idx, hash, text)),
        }
    }
    let total = missing.len();
    let mut done = 0;
    for chunk in missing.chunks(EMBED_CHUNK) {
        let refs: Vec<&str> = chunk.iter().map(|(_, _, text)| text.as_str()).collect();
        let vectors = embedder.embed(&refs)?;
        let mut fresh = Vec::with_capacity(vectors.len());
        for ((idx, hash, _), vector) in chunk.iter().zip(vectors) {
            fresh.push((inputs[*idx].doc_id.clone(), hash.clone(), vector.clone()));
            inputs[*idx].embedding = Some(vector);
        }
        // Cached chunk by chunk: an interrupted run keeps what it computed.
        store.put_embeddings(&model, &fresh)?;
        done += chunk.len();
        progress(Progress::Embedding { done, total });
    }
    Ok(CacheUse { cached: inputs.len() - missing.len(), computed: missing.len() })
}

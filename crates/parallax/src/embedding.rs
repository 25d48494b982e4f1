//! Embedding the clusterer's inputs.

use std::collections::HashMap;
use std::io::Write;
use std::path::Path;

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
    title_and_lead(&input.title, &input.text)
}

/// The title, a line break and the start of the text (the title alone when there is none).
pub(crate) fn title_and_lead(title: &str, text: &str) -> String {
    let mut end = text.len().min(EMBED_CHARS);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let lead = text.get(..end).unwrap_or_default();
    if title.is_empty() { lead.to_owned() } else { format!("{title}\n{lead}") }
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

/// Fills every input's `embedding`, reading vectors from a cache file where the same model
/// embedded the same text before and appending the ones it computes. For evaluations, which
/// cluster benchmark texts that are not in any store. The file is a sequence of records: the
/// FNV-1a hash of model name, dimension and text (u64), the dimension (u32), then the vector
/// (f32), all little-endian; a truncated last record (an interrupted run) is ignored.
pub(crate) fn embed_inputs_file_cached(
    path: &Path,
    inputs: &mut [ClusterInput],
    embedder: &dyn Embedder,
) -> Result<(), Error> {
    let cache_error = |source| Error::Cache { path: path.to_owned(), source };
    let bytes = match fs_err::read(path) {
        Ok(bytes) => bytes,
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => Vec::new(),
        Err(error) => return Err(cache_error(error)),
    };
    let mut cached: HashMap<u64, Vec<f32>> = HashMap::new();
    let mut rest = bytes.as_slice();
    while let Some((key, dim, after)) = record_header(rest) {
        let Some(values) = after.get(..dim * 4) else { break };
        let vector =
            values.chunks_exact(4).map(|b| f32::from_le_bytes([b[0], b[1], b[2], b[3]])).collect();
        cached.insert(key, vector);
        rest = &after[dim * 4..];
    }
    let prefix = format!("{}\u{1f}{}\u{1f}", embedder.name(), embedder.dim());
    let mut missing: Vec<(usize, u64, String)> = Vec::new();
    for (idx, input) in inputs.iter_mut().enumerate() {
        let text = embedding_text(input);
        let key = fnv1a_str(&format!("{prefix}{text}"));
        match cached.get(&key) {
            Some(vector) if vector.len() == embedder.dim() => {
                input.embedding = Some(vector.clone())
            }
            _ => missing.push((idx, key, text)),
        }
    }
    if missing.is_empty() {
        return Ok(());
    }
    let refs: Vec<&str> = missing.iter().map(|(_, _, text)| text.as_str()).collect();
    let vectors = embedder.embed(&refs)?;
    let mut appended = Vec::new();
    for ((idx, key, _), vector) in missing.iter().zip(vectors) {
        appended.extend_from_slice(&key.to_le_bytes());
        appended.extend_from_slice(&u32::try_from(vector.len()).unwrap_or(0).to_le_bytes());
        for value in &vector {
            appended.extend_from_slice(&value.to_le_bytes());
        }
        inputs[*idx].embedding = Some(vector);
    }
    let mut file =
        fs_err::OpenOptions::new().create(true).append(true).open(path).map_err(cache_error)?;
    file.write_all(&appended).map_err(cache_error)
}

/// The key and dimension of the cache record starting `bytes`, and the bytes after them.
fn record_header(bytes: &[u8]) -> Option<(u64, usize, &[u8])> {
    let key = u64::from_le_bytes(bytes.get(..8)?.try_into().ok()?);
    let dim = u32::from_le_bytes(bytes.get(8..12)?.try_into().ok()?);
    Some((key, usize::try_from(dim).ok()?, &bytes[12..]))
}

/// An embedder for tests that counts the texts it embeds.
#[cfg(test)]
#[derive(Debug, Default)]
pub(crate) struct Counting {
    pub(crate) embedded: std::cell::Cell<usize>,
}

#[cfg(test)]
impl Embedder for Counting {
    fn dim(&self) -> usize {
        2
    }
    fn embed(&self, texts: &[&str]) -> Result<Vec<Vec<f32>>, parallax_embed::EmbedError> {
        self.embedded.set(self.embedded.get() + texts.len());
        // Test lengths are small.
        #[allow(clippy::cast_precision_loss)]
        Ok(texts.iter().map(|text| vec![1.0, text.len() as f32]).collect())
    }
    fn name(&self) -> &'static str {
        "counting"
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn inputs(texts: &[&str]) -> Vec<ClusterInput> {
        texts
            .iter()
            .map(|text| ClusterInput {
                doc_id: parallax_ingest::content_id(text.as_bytes()),
                date: None,
                title: String::new(),
                text: (*text).to_owned(),
                embedding: None,
                language: None,
            })
            .collect()
    }

    #[test]
    fn a_cache_file_embeds_each_text_once_and_survives_a_torn_record() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("cache.bin");
        let embedder = Counting::default();
        let mut first = inputs(&["harbour storm", "library opens"]);
        embed_inputs_file_cached(&path, &mut first, &embedder).unwrap();
        assert_eq!(embedder.embedded.get(), 2);
        // Again, plus one new text: only the new one is embedded, and the cached vectors are
        // the ones computed.
        let mut second = inputs(&["library opens", "harbour storm", "ferry returns"]);
        embed_inputs_file_cached(&path, &mut second, &embedder).unwrap();
        assert_eq!(embedder.embedded.get(), 3);
        assert_eq!(second[0].embedding, first[1].embedding);
        assert_eq!(second[1].embedding, Some(vec![1.0, 13.0]));
        // An interrupted append leaves half a record: it is ignored and embedded again.
        let bytes = fs_err::read(&path).unwrap();
        fs_err::write(&path, &bytes[..bytes.len() - 3]).unwrap();
        let mut third = inputs(&["ferry returns", "harbour storm"]);
        embed_inputs_file_cached(&path, &mut third, &embedder).unwrap();
        assert_eq!(embedder.embedded.get(), 4);
        assert_eq!(third[0].embedding, Some(vec![1.0, 13.0]));
    }
}

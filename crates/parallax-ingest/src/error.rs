use std::path::PathBuf;

/// Errors that stop a whole ingest (one bad file never does: it becomes a rejection).
#[derive(Debug, thiserror::Error)]
pub enum IngestError {
    /// A path the user named does not exist or cannot be listed.
    #[error("cannot read input path {}", path.display())]
    Input {
        /// The path as given.
        path: PathBuf,
        /// The underlying error.
        #[source]
        source: std::io::Error,
    },
    /// Walking a folder failed.
    #[error("cannot walk folder {}", path.display())]
    Walk {
        /// The folder being walked.
        path: PathBuf,
        /// The underlying error.
        #[source]
        source: walkdir::Error,
    },
}

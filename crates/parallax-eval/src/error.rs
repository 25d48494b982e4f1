use std::path::PathBuf;

/// Errors reading benchmark data.
#[derive(Debug, thiserror::Error)]
pub enum EvalError {
    /// The data folder or the dataset's file is missing.
    #[error("benchmark data not found at {} (pass --data-dir pointing at the shared data folder)", path.display())]
    MissingData {
        /// The file that was looked for.
        path: PathBuf,
    },
    /// The file could not be read.
    #[error("cannot read {}", path.display())]
    Read {
        /// The file.
        path: PathBuf,
        /// The underlying error.
        #[source]
        source: std::io::Error,
    },
    /// A line of the file is not the expected JSON.
    #[error("{}:{line}: not a valid record", path.display())]
    Record {
        /// The file.
        path: PathBuf,
        /// 1-based line number.
        line: usize,
        /// The underlying error.
        #[source]
        source: serde_json::Error,
    },
    /// A stream item's date is not `YYYY-MM-DD…`.
    #[error("{}: item {item}: date {date:?} is not YYYY-MM-DD", path.display())]
    BadDate {
        /// The file.
        path: PathBuf,
        /// 0-based item index.
        item: usize,
        /// The date as given.
        date: String,
    },
    /// A CoNLL or TimeML file is not in its format (`line` is 0 when no line applies).
    #[error("{}:{line}: {reason}", path.display())]
    Malformed {
        /// The file.
        path: PathBuf,
        /// 1-based line number.
        line: usize,
        /// What is wrong.
        reason: String,
    },
    /// The split named has no documents.
    #[error("split {split} of {dataset} has no documents")]
    EmptySplit {
        /// The dataset.
        dataset: &'static str,
        /// The split asked for.
        split: String,
    },
}

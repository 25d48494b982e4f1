use std::path::PathBuf;

/// Store errors.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The database file could not be opened or created.
    #[error("cannot open store {}", path.display())]
    Open {
        /// The database path.
        path: PathBuf,
        /// The underlying error.
        #[source]
        source: rusqlite::Error,
    },
    /// The database's folder is missing and could not be created.
    #[error("cannot create the store's folder {}", path.display())]
    Folder {
        /// The folder.
        path: PathBuf,
        /// The underlying error.
        #[source]
        source: std::io::Error,
    },
    /// The database was written by a newer Parallax.
    #[error("store schema version {found} is newer than this program's {supported}")]
    TooNew {
        /// Version found in the file.
        found: i64,
        /// Latest version this program knows.
        supported: i64,
    },
    /// A store opened read-only has another schema version than this program's.
    #[error(
        "store schema version {found}, this program reads {expected}: run `parallax ingest` on it once to migrate it"
    )]
    Version {
        /// Version found in the file.
        found: i64,
        /// The version this program writes.
        expected: i64,
    },
    /// A query failed.
    #[error("store query failed")]
    Sql(#[from] rusqlite::Error),
    /// A stored value is not what this program wrote.
    #[error("corrupt store value in {table}: {detail}")]
    Corrupt {
        /// The table.
        table: &'static str,
        /// What was wrong.
        detail: String,
    },
}

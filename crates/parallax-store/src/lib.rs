//! Brief overview: the SQLite store, used by the driver and never by a stage.
//!
//! Inputs are kept verbatim: every document's raw bytes and every rejected input's bytes with its
//! reason. Derived results (cleaning, origins, stories) are replaced as a whole in one transaction
//! per run, so a run killed mid-way leaves the previous consistent state, which the next run
//! completes. The schema carries a version in `PRAGMA user_version`, with migrations from the first
//! version on.
//!
//! ```
//! let store = parallax_store::Store::open_in_memory().expect("in-memory store");
//! assert_eq!(store.schema_version().expect("version"), parallax_store::SCHEMA_VERSION);
//! ```
#![warn(missing_docs)]

mod error;
mod schema;
mod store;
mod views;

pub use error::StoreError;
pub use schema::SCHEMA_VERSION;
pub use store::{Assignment, CachedEmbeddings, Derived, Snapshot, Store, StoredStory};
pub use views::{Facet, FacetCount, SetAsideRow, StoryPage, StoryQuery, StoryRow, StoryView};

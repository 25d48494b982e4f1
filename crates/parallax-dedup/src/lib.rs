//! Brief overview: groups copies of one piece of writing into [`Origin`]s.
//!
//! An [`OriginIndex`] takes cleaned texts in canonical order (publication date, then id) and finds
//! exact copies (same [`parallax_text::match_key`]) and near copies (MinHash over word 5-shingles,
//! banded LSH for candidates, then the estimated Jaccard similarity checked against a threshold).
//! Syndicated wire copy thereby counts as one independent origin. MinHash is written here rather
//! than taken from a crate: it is forty lines, and the maintained crates pull in far more.
//!
//! ```
//! use parallax_dedup::{DedupConfig, OriginIndex};
//! use parallax_model::DocId;
//! let id = |hex: &str| DocId::from_hex(hex).expect("hex");
//! let wire = "The harbour board voted on Thursday to close the northern pier for six weeks \
//!     after divers found corrosion on its pilings, officials said.";
//! let mut index = OriginIndex::new(DedupConfig::default());
//! index.add(id("aaaaaaaaaaaaaaaa"), wire);
//! index.add(id("bbbbbbbbbbbbbbbb"), &format!("{wire} More to follow."));
//! index.add(id("cccccccccccccccc"), "An unrelated report about a school library opening its doors.");
//! let origins = index.finish();
//! assert_eq!(origins.origins.len(), 2);
//! assert_eq!(origins.origins[0].docs.len(), 2);
//! ```
#![warn(missing_docs)]

mod index;
mod versions;

pub use index::{DedupConfig, Fingerprint, OriginIndex, Origins};
pub use parallax_model::Origin;
pub use versions::{VersionInput, article_number, later_versions, page_key};

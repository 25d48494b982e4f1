//! Brief overview: cleaning turns a raw crawled page into the article it carries.
//!
//! [`clean`] classifies every line of a document (one paragraph per line) as kept, title, or removed
//! with a [`RemovalReason`], and decides the page status, title, outlet, publication date and dateline.
//! Boilerplate shared across documents is first learned from the whole corpus with
//! [`learn_boilerplate`], so that the result depends on the set of documents and never on their order.
//! Each rule is one documented [`RemovalReason`] variant.
//!
//! ```
//! use parallax_clean::{Boilerplate, CleanConfig, clean};
//! use parallax_model::{DocId, DocumentMeta, RawDocument, SourceFormat};
//! let raw = " date 2026-01-18 403\nSorry!!\nA headline about a council vote\n\
//!     (EXW) The council voted on Friday to close the old bridge for repairs, after engineers \
//!     found cracks in two of its piers and warned that heavy lorries could no longer cross it \
//!     safely. The mayor said the work would take most of the spring and cost far more than planned.\n\
//!     CommentsNo comment\n";
//! let doc = RawDocument {
//!     id: DocId::from_hex("00112233445566778899").expect("hex"),
//!     source: "x.txt".into(),
//!     format: SourceFormat::Text,
//!     encoding: "utf-8".into(),
//!     bytes: raw.as_bytes().to_vec(),
//!     text: raw.to_owned(),
//!     meta: DocumentMeta { http_status: Some(403), ..DocumentMeta::default() },
//! };
//! let cleaned = clean(&doc, &Boilerplate::default(), &CleanConfig::default());
//! assert_eq!(cleaned.status.as_str(), "recovered");
//! assert_eq!(cleaned.title.as_ref().map(|t| t.text.as_str()), Some("A headline about a council vote"));
//! assert_eq!(cleaned.outlet.name, "EXW");
//! let reasons: Vec<_> = cleaned.removals.iter().map(|r| r.reason.as_str()).collect();
//! assert_eq!(reasons, ["crawl-header", "error-page", "source-tag", "comments-widget"]);
//! ```
#![warn(missing_docs)]

mod boilerplate;
mod clean;
mod config;
mod language;
mod outlet;
mod patterns;

pub use boilerplate::{Boilerplate, learn_boilerplate};
pub use clean::clean;
pub use config::CleanConfig;
pub use language::{DEFAULT_LANGUAGES, LanguageIdentifier, normalise_language_code};

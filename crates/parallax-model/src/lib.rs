//! Brief overview: the domain types every Parallax stage shares.
//!
//! Nothing here does I/O or serialisation; a type that crosses two stages lives here so that stages
//! never import each other. Every extracted item points back at its source through a [`DocId`] and a
//! [`Span`] of bytes in the document's raw text.
//!
//! ```
//! use parallax_model::{Date, Span};
//! let span = Span::new(3, 7).expect("start <= end");
//! assert_eq!(span.len(), 4);
//! let friday = Date::from_ymd(2026, 1, 16).expect("valid date");
//! assert_eq!(friday.to_string(), "2026-01-16");
//! assert_eq!(friday.weekday_name(), "Friday");
//! ```
#![warn(missing_docs)]

mod date;
mod document;
mod entity;
mod figure;
mod ids;
mod rejection;
mod removal;
mod span;
mod status;
mod story;

pub use date::{Date, PublishedDate};
pub use document::{
    CleanDocument, CleanText, DocumentMeta, Located, Outlet, OutletEvidence, RawDocument,
    SourceFormat,
};
pub use entity::{
    EntityKind, LoadedPhrase, Mention, Piece, Quote, QuoteKind, RoleMention, TimeMention,
};
pub use figure::{EVENT_MEASURES, Figure, Qualifier, is_comparable_measure};
pub use ids::{DocId, OriginId, StoryId};
pub use rejection::{RejectReason, Rejection};
pub use removal::{Removal, RemovalReason};
pub use span::Span;
pub use status::PageStatus;
pub use story::{Origin, Story};

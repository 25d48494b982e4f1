//! Brief overview: comparing the outlets of one story. Figures that measure the same thing are
//! related pair by pair ([`relate`]: compatible, update or conflict) and never merged or averaged;
//! quotes that report the same words of the same voice across outlets are grouped
//! ([`quote_groups`]) and shown with a word-level diff ([`word_diff`]).
//!
//! The inputs are small views the caller builds from its own data (article indices, bounds,
//! dates, words), so this crate knows nothing of storage or reports.
//!
//! ```
//! use parallax_compare::{FigureValue, Relation, relate};
//! use parallax_model::Date;
//! let day = |d| Date::from_ymd(2026, 1, d);
//! let hundreds = FigureValue { doc: 0, low: Some(200.0), high: Some(999.0), low_open: false, high_open: false, as_of: day(18) };
//! let at_least = FigureValue { doc: 1, low: Some(2700.0), high: None, low_open: false, high_open: false, as_of: day(18) };
//! assert_eq!(relate(&hundreds, &at_least), Relation::Conflict);
//! ```
#![warn(missing_docs)]

mod claims;
mod figures;
mod framing;
mod naming;
mod quotes;
mod revisions;
mod summary;

pub use claims::{Claim, ClaimClass, ClaimConfig, SentenceView, align_claims, story_agents};
pub use figures::{
    Agreement, FigurePair, FigureValue, Relation, agreement, compare_figures, relate,
};
pub use framing::{
    FramingTerm, MIN_Z, OutletText, PRIOR_STRENGTH, TERMS_PER_OUTLET, framing_terms,
};
pub use naming::{EVENTS, NAMES_PER_REFERENT, Name, PARTICIPANTS, outlet_names};
pub use quotes::{
    DiffKind, DiffPiece, MIN_SHARED_WORDS, OTHER_VOICE_OVERLAP, QuoteView, SAME_VOICE_OVERLAP,
    VariantGroup, quote_groups, word_diff,
};
pub use revisions::{REWORDED_OVERLAP, SentenceChange, sentence_changes};
pub use summary::{SummaryConfig, SummarySentence, summarize};

//! Brief overview: gold-data readers and clustering metrics.
//!
//! [`read_dataset`] loads a clustering benchmark split from the shared data folder; [`score`]
//! compares a predicted clustering with gold labels and reports B-cubed precision/recall/F1,
//! pairwise precision/recall/F1, the adjusted Rand index and the adjusted mutual information
//! (arithmetic-mean normalisation, as scikit-learn's default).
//!
//! ```
//! use parallax_eval::score;
//! let gold = ["a", "a", "b", "b"];
//! let predicted = ["x", "x", "y", "y"];
//! let scores = score(&predicted, &gold);
//! assert!((scores.b3_f1 - 1.0).abs() < 1e-12);
//! assert!((scores.ari - 1.0).abs() < 1e-12);
//! ```
#![warn(missing_docs)]

mod aeb;
mod conll;
mod datasets;
mod ecb;
mod error;
mod metrics;
mod polnear;
mod ptc;
mod rouge;
mod stream;
mod timeml;
mod xml;

pub use aeb::{ExtractScores, extract_scores, read_article_bodies, shingle_match};
pub use conll::{ConllSentence, SpanScores, entity_scores, read_conll};
pub use datasets::{Dataset, GoldDoc, read_dataset, with_lone_stories};
pub use ecb::{EcbSentence, PairScores, claim_pair_scores, ecb_split, read_ecb_sentences};
pub use error::EvalError;
pub use metrics::{ClusterScores, score};
pub use parallax_text::bio_chunks;
pub use polnear::{
    AttributionDoc, AttributionRole, GoldAttribution, RoleScores, attribution_scores, read_polnear,
};
pub use ptc::{LOADED_TECHNIQUES, PtcDoc, SiScores, read_ptc, si_scores};
pub use rouge::{NeusArticle, NeusStory, RougeScores, mean_rouge, read_neus_summaries, rouge};
pub use stream::{StreamDoc, WindowScores, read_stream, window_scores};
pub use timeml::{
    GoldTimex, PredictedTimex, TimemlDoc, TimexScores, align_timexes, read_timeml,
    same_timex_value, timex_scores,
};

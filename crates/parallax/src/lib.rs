//! Brief overview: the Parallax library API. [`ingest`] reads inputs into a [`Store`] and
//! [`rebuild`]s everything derived from them: cleaning, origins and stories; [`reports`] turns the
//! store into versioned report DTOs, and [`write_site`] writes the static HTML site. The CLI and the
//! server are thin shells over this crate.
//!
//! ```
//! use parallax::{PipelineConfig, Store, ingest_bytes};
//! let mut store = Store::open_in_memory().expect("store");
//! let text = "A headline\nThe council of Ardun voted on Monday to rebuild the old stone bridge \
//!     over the river Vell, which floods closed last winter, and to open a ferry until the work \
//!     is done, officials said after the meeting ended late in the evening.";
//! let summary = ingest_bytes(&mut store, &[("a.txt", text.as_bytes())], &PipelineConfig::default())
//!     .expect("ingest");
//! assert_eq!((summary.n_stories, summary.n_rejected), (1, 0));
//! ```
#![warn(missing_docs)]

mod bench;
mod claim_vectors;
mod claims_eval;
mod clusters;
mod config;
mod contextual;
mod embedding;
mod error;
mod eval;
mod loaded;
mod pages;
mod pipeline;
mod reading;
mod reports;
mod summary;

pub use bench::{BenchProgress, ClusterBenchOptions, ClusterBenchReport, StageTime, bench_cluster};
pub use claim_vectors::ClaimVectors;
pub use claims_eval::{ClaimsOutcome, eval_claims};
pub use clusters::{CLUSTER_SIZES, word_clusters};
pub use config::PipelineConfig;
pub use contextual::sentence_vectors;
pub use error::Error;
pub use eval::{Assignment, EvalOptions, EvalOutcome, StreamOutcome, eval_cluster, eval_stream};
pub use loaded::{
    ContextualSource, LoadedFold, LoadedOutcome, TrainedLoaded, eval_loaded, train_loaded_model,
};
pub use pages::{ExtractOutcome, eval_extract};
pub use parallax_compare::ClaimConfig;
pub use parallax_compare::SummaryConfig;
pub use parallax_eval::ExtractScores;
pub use parallax_eval::PairScores;
pub use parallax_eval::RougeScores;
pub use parallax_eval::TimexScores;
pub use parallax_eval::{AttributionRole, RoleScores, SiScores, SpanScores};
pub use parallax_extract::{
    AttributionModel, EntityKind, EntityMention, LoadedModel, NameList, NerModel, TrainConfig,
    WordClusters, find_entities,
};
pub use pipeline::{Progress, RunSummary, ingest, ingest_bytes, rebuild};
pub use reading::{
    DatesOutcome, QuotesEpoch, QuotesOutcome, TrainEpoch, TrainedNer, TrainedQuotes, eval_dates,
    eval_ner, eval_quotes, train_ner, train_quotes,
};
pub use reports::{
    OneStoryBench, Reports, built_reports, one_story_report, refresh_views, reports, story_index,
    story_report, write_site,
};
pub use summary::{SummaryOutcome, eval_summary};

pub use config::EmbeddingConfig;
pub use parallax_clean::CleanConfig;
pub use parallax_cluster::ClusterConfig;
pub use parallax_dedup::DedupConfig;
pub use parallax_embed::{
    DistilConfig, EmbedError, Embedder, MiniLm, ModelDir, ModelKind, StaticEmbedding,
};
pub use parallax_eval::{ClusterScores, Dataset, WindowScores};
pub use parallax_ingest::IngestConfig;
pub use parallax_model::{Date, PageStatus, RejectReason, RemovalReason, StoryId};
pub use parallax_report::schema;
pub use parallax_report::{render_index_markdown, render_json, render_story_markdown};
pub use parallax_store::{SCHEMA_VERSION, Store};

/// SHA-256, in hex, of formatted text, hashed as it is written (the debug form of a story's
/// inputs, or of every stored document, is never held as one string): the fingerprints of story
/// reports (`reports::input_key`) and of rebuilds (`pipeline::rebuild_key`).
pub(crate) fn fingerprint(text: std::fmt::Arguments<'_>) -> String {
    use sha2::Digest;
    use std::fmt::Write;
    struct Hashing(sha2::Sha256);
    impl Write for Hashing {
        fn write_str(&mut self, text: &str) -> std::fmt::Result {
            self.0.update(text.as_bytes());
            Ok(())
        }
    }
    let mut hashing = Hashing(sha2::Sha256::new());
    // Writing into a hasher cannot fail.
    let _ = hashing.write_fmt(text);
    hashing.0.finalize().iter().map(|byte| format!("{byte:02x}")).collect()
}

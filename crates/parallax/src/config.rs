use parallax_clean::CleanConfig;
use parallax_cluster::ClusterConfig;
use parallax_dedup::DedupConfig;
use parallax_ingest::IngestConfig;

/// Settings of every stage, each stage owning its own.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PipelineConfig {
    /// Readers.
    pub ingest: IngestConfig,
    /// Cleaning.
    pub clean: CleanConfig,
    /// Near-duplicate detection.
    pub dedup: DedupConfig,
    /// Story clustering.
    pub cluster: ClusterConfig,
}

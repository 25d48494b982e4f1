/// How the readers treat their input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IngestConfig {
    /// Inputs larger than this are set aside as `too-large`. Default: 32 MiB.
    pub max_document_bytes: u64,
    /// Rejected inputs up to this size are kept verbatim in the store; larger ones keep only their
    /// hash, size and path. Default: 256 MiB.
    pub max_kept_bytes: u64,
}

impl Default for IngestConfig {
    fn default() -> Self {
        IngestConfig { max_document_bytes: 32 * 1024 * 1024, max_kept_bytes: 256 * 1024 * 1024 }
    }
}

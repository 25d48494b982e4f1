use crate::DocId;

/// Why an input was set aside before it became a document.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum RejectReason {
    /// The bytes are not text (NUL bytes or many control characters).
    Binary,
    /// Not UTF-8, and not plausible Windows-1252 either.
    BadEncoding,
    /// Nothing but whitespace.
    Empty,
    /// Larger than the configured maximum document size.
    TooLarge,
    /// A JSONL line that is not a JSON object.
    InvalidJson,
    /// A JSONL object without a usable `text` field.
    MissingText,
    /// The file could not be read.
    Unreadable,
    /// A container is broken: truncated or invalid gzip, a WARC record whose length is wrong.
    Corrupt,
}

impl RejectReason {
    /// Every reason, in declaration order.
    pub const ALL: [RejectReason; 8] = [
        RejectReason::Binary,
        RejectReason::BadEncoding,
        RejectReason::Empty,
        RejectReason::TooLarge,
        RejectReason::InvalidJson,
        RejectReason::MissingText,
        RejectReason::Unreadable,
        RejectReason::Corrupt,
    ];

    /// Machine name, such as `bad-encoding`.
    pub fn as_str(&self) -> &'static str {
        match self {
            RejectReason::Binary => "binary",
            RejectReason::BadEncoding => "bad-encoding",
            RejectReason::Empty => "empty",
            RejectReason::TooLarge => "too-large",
            RejectReason::InvalidJson => "invalid-json",
            RejectReason::MissingText => "missing-text",
            RejectReason::Unreadable => "unreadable",
            RejectReason::Corrupt => "corrupt",
        }
    }

    /// Inverse of [`RejectReason::as_str`].
    pub fn parse(text: &str) -> Option<RejectReason> {
        RejectReason::ALL.into_iter().find(|reason| reason.as_str() == text)
    }
}

impl std::fmt::Display for RejectReason {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// An input set aside with its reason. Its bytes are kept verbatim (up to the store's limit) so that
/// nothing a user gives is lost.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rejection {
    /// Content hash of the full input bytes.
    pub id: DocId,
    /// Where it came from: a path, or `path:line`.
    pub source: String,
    /// Why it was set aside.
    pub reason: RejectReason,
    /// The reason in words, with specifics.
    pub detail: String,
    /// Size of the input in bytes.
    pub size: u64,
    /// The verbatim bytes; empty only when the input could not be read at all.
    pub bytes: Vec<u8>,
}

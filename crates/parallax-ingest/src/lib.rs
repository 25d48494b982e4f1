//! Brief overview: readers that turn files into [`RawDocument`]s, setting bad input aside as
//! [`Rejection`]s instead of failing the batch.
//!
//! [`discover`] walks folders (sorted, so the order on disk never matters); [`read_file`] picks a
//! reader by extension: `.jsonl`/`.ndjson` are feeds of one article per line; `.html`/`.htm`
//! (optionally `.gz`) are pages whose article `parallax-html` extracts (URL from a `page.url`
//! sidecar, else the page's canonical link); `.warc`/`.warc.gz` archives are streamed record by
//! record (HTML responses become pages, other records are counted as skipped); `.rss`/`.atom`/`.xml`
//! feeds give one document per item; anything else is a plain-text article with an optional crawl
//! header. Gzip input is inflated up to the document limit (a gzip bomb is set aside). Every
//! document's identity is the SHA-256 of its verbatim bytes (for a page: of the inflated HTML;
//! for a feed item: of the item's XML).
//!
//! ```
//! use parallax_ingest::{IngestConfig, read_bytes};
//! let read = read_bytes("a.txt", b" date 2026-01-18 200\nTitle\nBody text.\n", &IngestConfig::default());
//! assert_eq!(read.documents.len(), 1);
//! assert_eq!(read.documents[0].meta.http_status, Some(200));
//! let read = read_bytes("b.txt", b"\x00\x01\x02binary", &IngestConfig::default());
//! assert_eq!(read.rejections[0].reason.as_str(), "binary");
//! ```
#![warn(missing_docs)]

mod config;
mod decode;
mod discover;
mod error;
mod feed;
mod gz;
mod html;
mod jsonl;
mod read;
mod text;
mod warc;

pub use config::IngestConfig;
pub use decode::{
    Decoded, MOJIBAKE_REPAIRED, charset_in, decode, decode_declared, repair_mojibake,
    sniff_html_charset,
};
pub use discover::discover;
pub use error::IngestError;
pub use read::{Read, read_bytes, read_file};

use parallax_model::DocId;
use sha2::{Digest, Sha256};

/// The content hash that identifies a document or a rejected input.
pub fn content_id(bytes: &[u8]) -> DocId {
    id_from_digest(&Sha256::digest(bytes))
}

/// The id for a finished SHA-256 digest (also used when a file is hashed as a stream).
pub(crate) fn id_from_digest(digest: &[u8]) -> DocId {
    let hex: String = digest.iter().map(|byte| format!("{byte:02x}")).collect();
    DocId::from_hex(&hex).expect("invariant: a SHA-256 digest is 64 hex digits")
}

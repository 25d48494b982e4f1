use std::collections::BTreeMap;
use std::io::Read as _;
use std::path::Path;

use parallax_model::{RawDocument, RejectReason, Rejection};

use sha2::Digest as _;

use crate::gz;
use crate::html::{self, Fetch};
use crate::{IngestConfig, content_id, feed, id_from_digest, jsonl, text, warc};

/// What reading one input produced: documents, set-aside inputs, and records skipped on purpose.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Read {
    /// Documents read.
    pub documents: Vec<RawDocument>,
    /// Inputs set aside, with their reasons.
    pub rejections: Vec<Rejection>,
    /// Records that are not articles and were passed over (WARC request, metadata and non-HTML
    /// records), counted by kind.
    pub skipped: BTreeMap<String, usize>,
}

impl Read {
    /// One input set aside: `bytes` read from `source`, for `reason`.
    pub(crate) fn rejected(
        source: &str,
        bytes: &[u8],
        reason: RejectReason,
        detail: String,
    ) -> Read {
        let rejection = Rejection {
            id: content_id(bytes),
            source: source.to_owned(),
            reason,
            detail,
            size: u64::try_from(bytes.len()).unwrap_or(u64::MAX),
            bytes: bytes.to_vec(),
        };
        Read { rejections: vec![rejection], ..Read::default() }
    }

    /// Adds another input's results to these.
    pub fn extend(&mut self, other: Read) {
        self.documents.extend(other.documents);
        self.rejections.extend(other.rejections);
        for (kind, n) in other.skipped {
            *self.skipped.entry(kind).or_default() += n;
        }
    }
}

/// The reader a file name picks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Format {
    Text,
    Jsonl,
    Html,
    Warc,
    Feed,
    /// A `.url` file beside a page: read with the page, not on its own.
    Sidecar,
}

fn format_of(source: &str) -> Format {
    let lower = source.to_ascii_lowercase();
    let lower = lower.strip_suffix(".gz").unwrap_or(&lower);
    let ext = lower.rsplit_once('.').map_or("", |(_, ext)| ext);
    match ext {
        "jsonl" | "ndjson" => Format::Jsonl,
        "html" | "htm" | "xhtml" => Format::Html,
        "warc" => Format::Warc,
        "rss" | "atom" | "xml" => Format::Feed,
        "url" => Format::Sidecar,
        _ => Format::Text,
    }
}

/// Reads one file; never fails: an unreadable or bad file becomes a rejection.
pub fn read_file(path: &Path, config: &IngestConfig) -> Read {
    let source = path.display().to_string();
    let format = format_of(&source);
    match format {
        Format::Sidecar => return Read::default(),
        Format::Warc => {
            // Streamed record by record: archives larger than the document limit are fine.
            return match fs_err::File::open(path) {
                Ok(file) => read_warc(&source, std::io::BufReader::new(file), config),
                Err(error) => unreadable(&source, &error),
            };
        }
        _ => {}
    }
    let size = match fs_err::metadata(path) {
        Ok(metadata) => metadata.len(),
        Err(error) => return unreadable(&source, &error),
    };
    if size > config.max_document_bytes {
        return too_large(path, &source, size, config);
    }
    match fs_err::read(path) {
        Ok(bytes) => {
            let url = (format == Format::Html).then(|| sidecar_url(path)).flatten();
            read_named(&source, &bytes, url, config)
        }
        Err(error) => unreadable(&source, &error),
    }
}

/// The URL in `page.html.url` or `page.url` beside a page, when one is there.
fn sidecar_url(path: &Path) -> Option<String> {
    let name = path.file_name()?.to_str()?;
    let stem = html::page_stem(name);
    let candidates =
        [path.with_file_name(format!("{name}.url")), path.with_file_name(format!("{stem}.url"))];
    candidates.iter().find_map(|candidate| {
        let text = fs_err::read_to_string(candidate).ok()?;
        let url = text.lines().map(str::trim).find(|line| !line.is_empty())?.to_owned();
        url.starts_with("http").then_some(url)
    })
}

/// Reads a WARC archive from a stream, inflating it first when it starts with the gzip magic.
fn read_warc(source: &str, mut input: impl std::io::BufRead, config: &IngestConfig) -> Read {
    let is_gz = match input.fill_buf() {
        Ok(head) => gz::is_gzip(head),
        Err(error) => return unreadable(source, &error),
    };
    if is_gz {
        let decoder = flate2::bufread::MultiGzDecoder::new(input);
        warc::read_stream(source, &mut std::io::BufReader::new(decoder), config)
    } else {
        warc::read_stream(source, &mut input, config)
    }
}

/// Reads in-memory bytes named `source`; the reader is chosen by the name's extension.
pub fn read_bytes(source: &str, bytes: &[u8], config: &IngestConfig) -> Read {
    if u64::try_from(bytes.len()).unwrap_or(u64::MAX) > config.max_document_bytes {
        return Read {
            rejections: vec![too_large_rejection(source, bytes.to_vec(), config)],
            ..Read::default()
        };
    }
    read_named(source, bytes, None, config)
}

fn read_named(source: &str, bytes: &[u8], url: Option<String>, config: &IngestConfig) -> Read {
    let format = format_of(source);
    if format == Format::Warc {
        return read_warc(source, bytes, config);
    }
    // Other gzip files are inflated whole, up to the document limit.
    let inflated;
    let bytes = if gz::is_gzip(bytes) && source.to_ascii_lowercase().ends_with(".gz") {
        match gz::gunzip(bytes, config.max_document_bytes) {
            Ok(data) => {
                inflated = data;
                inflated.as_slice()
            }
            Err(error) => return Read::rejected(source, bytes, error.reason(), error.to_string()),
        }
    } else {
        bytes
    };
    match format {
        Format::Jsonl => jsonl::read(source, bytes),
        Format::Html => {
            let fetch = Fetch { url, ..Fetch::default() };
            html::read(source, html::page_stem(source), bytes, &fetch)
        }
        Format::Feed if feed::looks_like_feed(bytes) => feed::read(source, bytes),
        Format::Sidecar => Read::default(),
        _ => text::read(source, bytes),
    }
}

fn unreadable(source: &str, error: &std::io::Error) -> Read {
    let rejection = Rejection {
        id: content_id(source.as_bytes()),
        source: source.to_owned(),
        reason: RejectReason::Unreadable,
        detail: format!("cannot read: {error}"),
        size: 0,
        bytes: vec![],
    };
    Read { rejections: vec![rejection], ..Read::default() }
}

fn too_large(path: &Path, source: &str, size: u64, config: &IngestConfig) -> Read {
    let kept = size <= config.max_kept_bytes;
    let read = fs_err::File::open(path).and_then(|mut file| {
        let mut bytes = Vec::new();
        if kept {
            file.read_to_end(&mut bytes)?;
            Ok((content_id(&bytes), bytes))
        } else {
            // Hash the whole file as a stream, without holding it: the id is still its content hash.
            let mut hasher = HashingWriter::default();
            std::io::copy(&mut file, &mut hasher)?;
            Ok((id_from_digest(&hasher.hasher.finalize()), bytes))
        }
    });
    let (id, bytes) = match read {
        Ok(read) => read,
        Err(error) => return unreadable(source, &error),
    };
    let mut rejection = too_large_rejection(source, bytes, config);
    rejection.id = id;
    rejection.size = size;
    if !kept {
        rejection.detail.push_str(&format!(
            "; bytes not kept (over {} bytes), the file stays at its path",
            config.max_kept_bytes
        ));
    }
    Read { rejections: vec![rejection], ..Read::default() }
}

fn too_large_rejection(source: &str, bytes: Vec<u8>, config: &IngestConfig) -> Rejection {
    let size = u64::try_from(bytes.len()).unwrap_or(u64::MAX);
    Rejection {
        id: content_id(&bytes),
        source: source.to_owned(),
        reason: RejectReason::TooLarge,
        detail: format!("{size} bytes, over the limit of {} bytes", config.max_document_bytes),
        size,
        bytes,
    }
}

/// Streams bytes into SHA-256 for files too large to keep in memory.
#[derive(Default)]
struct HashingWriter {
    hasher: sha2::Sha256,
}

impl std::io::Write for HashingWriter {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.hasher.update(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn oversized_files_are_set_aside_with_bytes_kept() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("big.txt");
        fs_err::write(&path, "word ".repeat(400)).unwrap();
        let config = IngestConfig { max_document_bytes: 1000, max_kept_bytes: 5000 };
        let read = read_file(&path, &config);
        assert!(read.documents.is_empty());
        assert_eq!(read.rejections[0].reason, RejectReason::TooLarge);
        assert_eq!(read.rejections[0].bytes.len(), 2000);
        let config = IngestConfig { max_document_bytes: 1000, max_kept_bytes: 1500 };
        let read = read_file(&path, &config);
        assert!(read.rejections[0].bytes.is_empty());
        assert_eq!(read.rejections[0].size, 2000);
        assert!(read.rejections[0].detail.contains("not kept"));
        // Hashed as a stream, the id is still the content hash of the file.
        assert_eq!(read.rejections[0].id, content_id("word ".repeat(400).as_bytes()));
    }

    #[test]
    fn missing_file_is_unreadable_not_fatal() {
        let read = read_file(Path::new("/nonexistent/parallax/x.txt"), &IngestConfig::default());
        assert_eq!(read.rejections[0].reason, RejectReason::Unreadable);
    }
}

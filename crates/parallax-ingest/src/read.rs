use std::io::Read as _;
use std::path::Path;

use parallax_model::{RawDocument, RejectReason, Rejection};

use sha2::Digest as _;

use crate::{IngestConfig, content_id, id_from_digest, jsonl, text};

/// What reading one input produced: documents and set-aside inputs.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Read {
    /// Documents read.
    pub documents: Vec<RawDocument>,
    /// Inputs set aside, with their reasons.
    pub rejections: Vec<Rejection>,
}

impl Read {
    /// Adds another input's results to these.
    pub fn extend(&mut self, other: Read) {
        self.documents.extend(other.documents);
        self.rejections.extend(other.rejections);
    }
}

/// Reads one file; never fails: an unreadable or bad file becomes a rejection.
pub fn read_file(path: &Path, config: &IngestConfig) -> Read {
    let source = path.display().to_string();
    let size = match fs_err::metadata(path) {
        Ok(metadata) => metadata.len(),
        Err(error) => return unreadable(&source, &error),
    };
    if size > config.max_document_bytes {
        return too_large(path, &source, size, config);
    }
    match fs_err::read(path) {
        Ok(bytes) => read_bytes(&source, &bytes, config),
        Err(error) => unreadable(&source, &error),
    }
}

/// Reads in-memory bytes named `source`; the reader is chosen by the name's extension.
pub fn read_bytes(source: &str, bytes: &[u8], config: &IngestConfig) -> Read {
    if u64::try_from(bytes.len()).unwrap_or(u64::MAX) > config.max_document_bytes {
        return Read {
            documents: vec![],
            rejections: vec![too_large_rejection(source, bytes.to_vec(), config)],
        };
    }
    let lower = source.to_ascii_lowercase();
    if lower.ends_with(".jsonl") || lower.ends_with(".ndjson") {
        jsonl::read(source, bytes)
    } else {
        text::read(source, bytes)
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
    Read { documents: vec![], rejections: vec![rejection] }
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
    Read { documents: vec![], rejections: vec![rejection] }
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

use std::path::Path;

use parallax_model::{DocumentMeta, RawDocument, SourceFormat};
use parallax_text::{lines, parse_crawl_header};

use crate::{Read, content_id, decode};

/// Reads a plain-text article: the file stem is its external id; an optional first line
/// ` date YYYY-MM-DD NNN` gives the fetch date and HTTP status (the line stays in the text, and
/// cleaning records its removal).
pub(crate) fn read(source: &str, bytes: &[u8]) -> Read {
    let id = content_id(bytes);
    let decoded = match decode(bytes) {
        Ok(decoded) => decoded,
        Err((reason, detail)) => return Read::rejected(source, bytes, reason, detail),
    };
    let external_id =
        Path::new(source).file_stem().and_then(|stem| stem.to_str()).unwrap_or(source).to_owned();
    let header = lines(&decoded.text).next().and_then(|line| parse_crawl_header(line.text));
    let meta = DocumentMeta {
        external_id,
        fetched: header.map(|h| h.fetched),
        http_status: header.map(|h| h.http_status),
        ..DocumentMeta::default()
    };
    let document = RawDocument {
        id,
        source: source.to_owned(),
        format: SourceFormat::Text,
        encoding: decoded.encoding.to_owned(),
        bytes: bytes.to_vec(),
        text: decoded.text,
        meta,
    };
    Read { documents: vec![document], ..Read::default() }
}

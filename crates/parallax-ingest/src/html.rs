use std::path::Path;

use parallax_model::{Date, DocumentMeta, RawDocument, SourceFormat};

use crate::decode::{decode_declared, sniff_html_charset};
use crate::{Read, content_id};

/// What the transport said about a page: where it came from, when, and with what status.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Fetch {
    /// The URL fetched (a WARC target URI or a sidecar's URL).
    pub(crate) url: Option<String>,
    /// The HTTP status.
    pub(crate) http_status: Option<u16>,
    /// The fetch date.
    pub(crate) fetched: Option<Date>,
    /// The charset of the HTTP `Content-Type` header.
    pub(crate) charset: Option<String>,
}

/// The user's name for a page: its file name without `.html`, `.htm` and `.gz`.
pub(crate) fn page_stem(source: &str) -> String {
    let name = Path::new(source).file_name().and_then(|name| name.to_str()).unwrap_or(source);
    let mut stem = name;
    for suffix in [".gz", ".html", ".htm", ".xhtml"] {
        if stem.len() > suffix.len() && stem.to_ascii_lowercase().ends_with(suffix) {
            stem = stem.get(..stem.len() - suffix.len()).unwrap_or(stem);
        }
    }
    stem.to_owned()
}

/// Reads one HTML page (already inflated). The page's text is its extracted article, one paragraph
/// per line, with the map back to the page's bytes in the metadata.
pub(crate) fn read(source: &str, external_id: String, bytes: &[u8], fetch: &Fetch) -> Read {
    let id = content_id(bytes);
    let label = fetch.charset.clone().or_else(|| sniff_html_charset(bytes));
    let decoded = match decode_declared(bytes, label.as_deref()) {
        Ok(decoded) => decoded,
        Err((reason, detail)) => return Read::rejected(source, bytes, reason, detail),
    };
    let page = parallax_html::read_page(
        &decoded.text,
        fetch.url.as_deref(),
        fetch.http_status,
        fetch.fetched,
    );
    let (text, source_map) = page.text_with_map();
    let status_hint = Some((page.status, page.status_detail));
    let meta = DocumentMeta {
        external_id,
        url: fetch.url.clone().or(page.meta.canonical_url),
        outlet: page.meta.site_name,
        title: page.meta.title,
        published: page.meta.published.map(|(date, _)| date),
        fetched: fetch.fetched,
        http_status: fetch.http_status,
        language: page.meta.language,
        authors: page.meta.authors,
        status_hint,
        source_map,
    };
    let document = RawDocument {
        id,
        source: source.to_owned(),
        format: SourceFormat::Html,
        encoding: decoded.encoding.to_owned(),
        bytes: bytes.to_vec(),
        text,
        meta,
    };
    Read { documents: vec![document], ..Read::default() }
}

#[cfg(test)]
mod tests {
    use parallax_model::{PageStatus, RejectReason};

    use super::*;

    #[test]
    fn reads_a_page_with_its_map_back_to_the_html() {
        let html = "<html lang=en><head><meta charset=windows-1252><title>Caf\u{e9} closes | Town Post</title>\
<meta property='og:site_name' content='Town Post'></head><body><article>\
<p>The caf\u{e9} on the square closed on Friday after forty years, its owner told the paper.</p>\
<p>Regulars gathered outside to say goodbye and to share their memories of the place.</p></article></body></html>";
        let (bytes, _, _) = encoding_rs::WINDOWS_1252.encode(html);
        let read =
            read("pages/cafe.html", page_stem("pages/cafe.html.gz"), &bytes, &Fetch::default());
        let doc = &read.documents[0];
        assert_eq!(doc.encoding, "windows-1252");
        assert_eq!(doc.meta.external_id, "cafe");
        assert_eq!(doc.meta.outlet.as_deref(), Some("Town Post"));
        assert_eq!(doc.meta.title.as_deref(), Some("Café closes"));
        assert!(doc.text.starts_with("The café on the square"));
        assert_eq!(doc.text.lines().count(), 2);
        let (line, html_span) = doc.meta.source_map[1];
        assert!(line.slice(&doc.text).unwrap().starts_with("Regulars"));
        assert!(html_span.slice(html).unwrap().starts_with("Regulars"));
        assert_eq!(
            doc.meta.status_hint.as_ref().map(|(s, _)| *s),
            Some(PageStatus::TooShort).filter(|_| false).or(Some(PageStatus::Ok))
        );
    }

    #[test]
    fn binary_labelled_html_is_set_aside() {
        let read =
            read("x.html", "x".to_owned(), b"\x89PNG\r\n\x1a\n\x00\x00\x00", &Fetch::default());
        assert_eq!(read.rejections[0].reason, RejectReason::Binary);
    }
}

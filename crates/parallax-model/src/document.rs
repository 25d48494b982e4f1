use crate::{Date, DocId, PageStatus, PublishedDate, Removal, Span};

/// The input format a document was read from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum SourceFormat {
    /// A plain-text file, one paragraph per line, with an optional crawl header line.
    Text,
    /// One line of a JSONL feed.
    Jsonl,
    /// An HTML page (a file, or the payload of a WARC response record).
    Html,
    /// One item of an RSS or Atom feed.
    Feed,
}

impl SourceFormat {
    /// Machine name: `text`, `jsonl`, `html` or `feed`.
    pub fn as_str(&self) -> &'static str {
        match self {
            SourceFormat::Text => "text",
            SourceFormat::Jsonl => "jsonl",
            SourceFormat::Html => "html",
            SourceFormat::Feed => "feed",
        }
    }

    /// Inverse of [`SourceFormat::as_str`].
    pub fn parse(text: &str) -> Option<SourceFormat> {
        match text {
            "text" => Some(SourceFormat::Text),
            "jsonl" => Some(SourceFormat::Jsonl),
            "html" => Some(SourceFormat::Html),
            "feed" => Some(SourceFormat::Feed),
            _ => None,
        }
    }
}

/// What the source said about a document, before any cleaning.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DocumentMeta {
    /// The user's name for the document: a file stem or a JSONL `id`.
    pub external_id: String,
    /// Canonical URL, when given.
    pub url: Option<String>,
    /// Outlet name, when given.
    pub outlet: Option<String>,
    /// Title, when given.
    pub title: Option<String>,
    /// Publication date, when given.
    pub published: Option<Date>,
    /// Date the crawler fetched the page.
    pub fetched: Option<Date>,
    /// HTTP status of the fetch.
    pub http_status: Option<u16>,
    /// The language the input declares (`en`, `eng`, `en-US`), as given.
    pub language: Option<String>,
    /// Authors' names, when the source gives them.
    pub authors: Vec<String>,
    /// The reader's verdict on the page (`consent-wall`, `js-shell`, …) with its reason; cleaning
    /// keeps any verdict other than `ok`.
    pub status_hint: Option<(PageStatus, String)>,
    /// For text extracted from markup: each line's span in [`RawDocument::text`] beside the bytes of
    /// [`RawDocument::bytes`] it came from (empty when the text is the bytes).
    pub source_map: Vec<(Span, Span)>,
}

/// A document as read: its verbatim bytes, its decoded text, and its given metadata.
///
/// Every span Parallax reports is a byte range of [`RawDocument::text`]. For UTF-8 text files that
/// text *is* the file's bytes; for a JSONL record it is the `text` field; for a Windows-1252 file each
/// character of the decoded text is one byte of the file; for an HTML page it is the extracted
/// article, one paragraph per line, and [`DocumentMeta::source_map`] maps each line to its bytes in
/// the page (offsets in the page decoded as UTF-8, which are the file's own offsets for UTF-8 pages).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RawDocument {
    /// Content hash of [`RawDocument::bytes`].
    pub id: DocId,
    /// Where it came from: a path, or `path:line` for JSONL.
    pub source: String,
    /// The reader that produced it.
    pub format: SourceFormat,
    /// The encoding the bytes were decoded from (`utf-8`, `windows-1252`, `utf-16le`, …).
    pub encoding: String,
    /// The verbatim bytes of the file or record.
    pub bytes: Vec<u8>,
    /// The decoded article text that spans point into.
    pub text: String,
    /// Metadata given by the source.
    pub meta: DocumentMeta,
}

/// A piece of text together with where it was found; `span` is `None` when it came from metadata.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Located {
    /// The text.
    pub text: String,
    /// Its raw span, when it was read from the document text.
    pub span: Option<Span>,
}

/// How an outlet was attributed to a document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OutletEvidence {
    /// The source's metadata named it.
    Metadata,
    /// Derived from the document URL's host.
    Url,
    /// A source tag in the text, such as `(MENAFN)` or `Source HT`.
    Marker(Span),
    /// A house-style dateline in the text.
    Dateline(Span),
    /// The file's name, before its date (`breitbart_2016-03-11_slug.txt`).
    FileName,
    /// Nothing supports a guess.
    None,
}

impl OutletEvidence {
    /// Machine name: `metadata`, `url`, `marker`, `dateline`, `file-name`, `none`.
    pub fn kind(&self) -> &'static str {
        match self {
            OutletEvidence::Metadata => "metadata",
            OutletEvidence::Url => "url",
            OutletEvidence::Marker(_) => "marker",
            OutletEvidence::Dateline(_) => "dateline",
            OutletEvidence::FileName => "file-name",
            OutletEvidence::None => "none",
        }
    }

    /// The raw span of the evidence, when it is in the text.
    pub fn span(&self) -> Option<Span> {
        match self {
            OutletEvidence::Marker(span) | OutletEvidence::Dateline(span) => Some(*span),
            _ => None,
        }
    }

    /// Inverse of [`OutletEvidence::kind`] plus [`OutletEvidence::span`].
    pub fn from_parts(kind: &str, span: Option<Span>) -> OutletEvidence {
        match (kind, span) {
            ("metadata", _) => OutletEvidence::Metadata,
            ("url", _) => OutletEvidence::Url,
            ("marker", Some(span)) => OutletEvidence::Marker(span),
            ("dateline", Some(span)) => OutletEvidence::Dateline(span),
            ("file-name", _) => OutletEvidence::FileName,
            _ => OutletEvidence::None,
        }
    }
}

/// The outlet a document is attributed to; `name` is `unknown` when nothing supports a guess.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outlet {
    /// Display name, such as `MENAFN`, or `unknown`.
    pub name: String,
    /// Why this name was chosen.
    pub evidence: OutletEvidence,
}

impl Outlet {
    /// The name used when nothing supports a guess.
    pub const UNKNOWN: &'static str = "unknown";

    /// An outlet with no evidence.
    pub fn unknown() -> Outlet {
        Outlet { name: Outlet::UNKNOWN.to_owned(), evidence: OutletEvidence::None }
    }

    /// True when nothing supports a guess.
    pub fn is_unknown(&self) -> bool {
        matches!(self.evidence, OutletEvidence::None)
    }
}

/// The cleaned article: what was kept (paragraph spans), what was removed and why, and metadata.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CleanDocument {
    /// The document this was cleaned from.
    pub doc_id: DocId,
    /// Page status.
    pub status: PageStatus,
    /// Why that status, in words.
    pub status_detail: String,
    /// The article title (full, never a truncated copy).
    pub title: Option<Located>,
    /// The outlet.
    pub outlet: Outlet,
    /// Publication date.
    pub published: PublishedDate,
    /// The dateline place ("ERBIL"), when the text opens with one.
    pub dateline: Option<Located>,
    /// Kept body paragraphs, as raw spans in document order.
    pub paragraphs: Vec<Span>,
    /// Removed spans with their reasons, in document order.
    pub removals: Vec<Removal>,
    /// ISO 639-3 code of the article's language (declared, else identified from the kept text);
    /// `None` when it cannot be told.
    pub language: Option<String>,
}

/// Cleaned text with a map back to raw byte offsets.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CleanText {
    /// Paragraphs joined by blank lines.
    pub text: String,
    /// `(clean_start, raw_span)` per paragraph, in order.
    segments: Vec<(usize, Span)>,
}

impl CleanText {
    /// The raw span of a cleaned byte range that lies inside one paragraph; `None` otherwise.
    pub fn raw_span(&self, clean_start: usize, clean_end: usize) -> Option<Span> {
        let idx =
            self.segments.partition_point(|(start, _)| *start <= clean_start).checked_sub(1)?;
        let (seg_start, raw) = self.segments.get(idx)?;
        let offset = clean_start - seg_start;
        let len = clean_end.checked_sub(clean_start)?;
        (offset + len <= raw.len())
            .then(|| Span::new(raw.start() + offset, raw.start() + offset + len))?
    }
}

impl CleanDocument {
    /// A dateline read from the text with the dash, colon or comma after it, up to where the
    /// article's own words begin ("KORLAN CITY, May 4, 2026 — " before "A ferry …"); `None`
    /// without one.
    pub fn dateline_prefix(&self, raw: &RawDocument) -> Option<Span> {
        let dateline = self.dateline.as_ref()?.span?;
        let rest = raw.text.get(dateline.end()..)?;
        let body = rest.trim_start_matches(|c: char| {
            c.is_whitespace() || matches!(c, '–' | '—' | '-' | ':' | ',')
        });
        Span::new(dateline.start(), raw.text.len() - body.len())
    }

    /// The day the document was seen: its fetch date, else its publication date (how versions
    /// of one page are ordered).
    pub fn seen_on(&self, raw: &RawDocument) -> Option<Date> {
        raw.meta.fetched.or_else(|| self.published.anchor())
    }

    /// The kept paragraphs joined by blank lines, with a map to raw offsets; paragraphs whose span is
    /// out of bounds for `raw_text` are skipped.
    pub fn clean_text(&self, raw_text: &str) -> CleanText {
        let mut text = String::new();
        let mut segments = Vec::with_capacity(self.paragraphs.len());
        for span in &self.paragraphs {
            let Some(paragraph) = span.slice(raw_text) else { continue };
            if !text.is_empty() {
                text.push_str("\n\n");
            }
            segments.push((text.len(), *span));
            text.push_str(paragraph);
        }
        CleanText { text, segments }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clean_text_maps_back_to_raw() {
        let raw = "junk\nFirst para.\nmore junk\nSecond para.";
        let doc = CleanDocument {
            doc_id: DocId::from_hex("0123456789abcdef").unwrap(),
            status: PageStatus::Ok,
            status_detail: String::new(),
            title: None,
            outlet: Outlet::unknown(),
            published: PublishedDate::Unknown,
            dateline: None,
            paragraphs: vec![Span::new(5, 16).unwrap(), Span::new(27, 39).unwrap()],
            removals: vec![],
            language: None,
        };
        let clean = doc.clean_text(raw);
        assert_eq!(clean.text, "First para.\n\nSecond para.");
        let second = clean.text.find("Second").unwrap();
        let raw_span = clean.raw_span(second, second + 6).unwrap();
        assert_eq!(raw_span.slice(raw), Some("Second"));
        // A range that crosses the paragraph break has no single raw span.
        assert_eq!(clean.raw_span(5, second + 2), None);
    }
}

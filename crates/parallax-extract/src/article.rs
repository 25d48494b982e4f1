//! The parts of an article that are read.

use parallax_model::{CleanDocument, Piece, RawDocument, Span};

/// The title and each kept paragraph of an article: its raw span and text.
pub(crate) fn read_regions<'r>(
    raw: &'r RawDocument,
    cleaned: &CleanDocument,
) -> Vec<(Span, &'r str)> {
    let title = cleaned.title.as_ref().and_then(|title| title.span);
    title
        .into_iter()
        .chain(cleaned.paragraphs.iter().copied())
        .filter_map(|region| region.slice(&raw.text).map(|text| (region, text)))
        .collect()
}

/// A span of a region's text moved to the raw document.
pub(crate) fn in_document(region: Span, found: Span) -> Option<Span> {
    let start = region.start() + found.start();
    Span::new(start, start + found.len())
}

/// A raw span inside a region moved to the region's offsets; `None` when it is not inside.
pub(crate) fn in_region(region: Span, span: Span) -> Option<Span> {
    if !region.contains(span) {
        return None;
    }
    Span::new(span.start() - region.start(), span.end() - region.start())
}

/// A raw span of the document with its text.
pub(crate) fn piece(raw: &RawDocument, span: Span) -> Piece {
    Piece { span, text: span.slice(&raw.text).unwrap_or_default().to_owned() }
}

/// A plain-text document for tests: its text is its bytes.
#[cfg(test)]
pub(crate) fn test_document(text: &str) -> RawDocument {
    RawDocument {
        id: parallax_model::DocId::from_hex(&"ab".repeat(16)).unwrap_or_else(|| unreachable!()),
        source: "a.txt".to_owned(),
        format: parallax_model::SourceFormat::Text,
        encoding: "utf-8".to_owned(),
        bytes: text.as_bytes().to_vec(),
        text: text.to_owned(),
        meta: parallax_model::DocumentMeta::default(),
    }
}

/// Its cleaning for tests: one kept paragraph of all its text, undated, without a dateline.
#[cfg(test)]
pub(crate) fn test_cleaned(raw: &RawDocument) -> CleanDocument {
    CleanDocument {
        doc_id: raw.id.clone(),
        status: parallax_model::PageStatus::Ok,
        status_detail: String::new(),
        title: None,
        outlet: parallax_model::Outlet::unknown(),
        published: parallax_model::PublishedDate::Unknown,
        dateline: None,
        paragraphs: Span::new(0, raw.text.len()).into_iter().collect(),
        removals: vec![],
        language: None,
    }
}

//! The parts of an article that are read.

use parallax_model::{CleanDocument, RawDocument, Span};

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

//! Brief overview: reads an HTML page into article paragraphs with raw byte spans, metadata and a
//! page status.
//!
//! [`Dom::parse`] is a forgiving, non-recursive parser that keeps byte offsets; [`blocks`] cuts the
//! page's text at block boundaries; [`body`] chooses the article's blocks; [`page_meta`] reads title,
//! canonical URL, outlet, publication date, authors and language; [`classify`] tells an article from
//! an error page, consent wall, paywall stub, script shell, truncated or index page.
//!
//! ```
//! use parallax_html::read_page;
//! let html = "<html><head><title>Harbour closes - Gazette</title></head><body>\
//!   <nav><a href=/>Home</a></nav><article><p>The harbour closed on Tuesday as a storm pushed \
//!   waves over the wall, the port authority said in a statement.</p></article></body></html>";
//! let page = read_page(html, None, None, None);
//! assert_eq!(page.paragraphs.len(), 1);
//! let span = page.paragraphs[0].html;
//! assert!(html[span.start()..span.end()].starts_with("The harbour closed"));
//! assert_eq!(page.meta.title.as_deref(), Some("Harbour closes"));
//! ```
#![warn(missing_docs)]

mod blocks;
mod body;
mod dom;
mod meta;
mod status;

pub use blocks::{Block, blocks};
pub use body::{Body, body};
pub use dom::{Dom, MAX_DEPTH, Node, NodeId, NodeKind, decode_entities};
pub use meta::{PageMeta, date_in_url, page_meta, parse_date};
pub use status::classify;

use parallax_model::{Date, PageStatus, Span};

/// One paragraph of the article: its text and the raw HTML bytes it came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Paragraph {
    /// The paragraph's text (character references decoded, whitespace collapsed).
    pub text: String,
    /// The bytes of the HTML from its first to its last character.
    pub html: Span,
}

/// What a page holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Page {
    /// Metadata.
    pub meta: PageMeta,
    /// The article's paragraphs in order.
    pub paragraphs: Vec<Paragraph>,
    /// What kind of page it is.
    pub status: PageStatus,
    /// Why, in words.
    pub status_detail: String,
}

impl Page {
    /// The paragraphs as one text, one per line, with each line's span in that text beside its
    /// span in the HTML.
    pub fn text_with_map(&self) -> (String, Vec<(Span, Span)>) {
        lines_with_map(&self.paragraphs)
    }
}

/// Paragraphs as one text, one per line, with each line's span in that text beside the
/// paragraph's source span.
pub fn lines_with_map(paragraphs: &[Paragraph]) -> (String, Vec<(Span, Span)>) {
    let mut text = String::new();
    let mut map = Vec::with_capacity(paragraphs.len());
    for paragraph in paragraphs {
        let start = text.len();
        text.push_str(&paragraph.text.replace(['\n', '\r'], " "));
        let span = Span::new(start, text.len()).expect("invariant: ordered");
        map.push((span, paragraph.html));
        text.push('\n');
    }
    (text, map)
}

/// Reads an HTML fragment that is all article (a feed item's content): every text block is a
/// paragraph, with its span in `html`.
pub fn read_fragment(html: &str) -> Vec<Paragraph> {
    let dom = Dom::parse(html);
    blocks(&dom, &|_| false)
        .into_iter()
        .map(|block| Paragraph { text: block.text, html: block.span })
        .collect()
}

/// Reads a page. `url` is where it was fetched from, `http_status` the fetch's status, and
/// `fetched` the fetch date (no publication date after it is believed).
pub fn read_page(
    html: &str,
    url: Option<&str>,
    http_status: Option<u16>,
    fetched: Option<Date>,
) -> Page {
    let dom = Dom::parse(html);
    let meta = page_meta(&dom, url, fetched);
    let found = body(&dom, meta.title.as_deref());
    let (status, status_detail) =
        classify(html, &dom, &found.blocks, &found.all_blocks, &meta, http_status);
    let paragraphs = found
        .blocks
        .into_iter()
        .map(|block| Paragraph { text: block.text, html: block.span })
        .collect();
    Page { meta, paragraphs, status, status_detail }
}

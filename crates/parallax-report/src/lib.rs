//! Brief overview: the versioned report model ([`schema::v1`]) and its renderers.
//!
//! JSON, Markdown and HTML are siblings over one model: each story becomes a
//! [`schema::v1::StoryReport`] built from model types, and every renderer reads only that. Article
//! text is untrusted, so the HTML renderer escapes everything it prints.
//!
//! ```
//! use parallax_report::html_escape;
//! assert_eq!(html_escape("<b>\"x\" & 'y'</b>"), "&lt;b&gt;&quot;x&quot; &amp; &#39;y&#39;&lt;/b&gt;");
//! ```
#![warn(missing_docs)]

mod build;
mod compare;
mod coref;
mod html;
mod markdown;
pub mod schema;

pub use build::{
    ArticleInput, EarlierVersion, SentenceVectors, build_index, build_story, index_of,
};
pub use html::{STORY_SCRIPT, html_escape, render_index_html, render_story_html, replaces};
pub use markdown::{
    article_outlet, claim_wordings, figure_bounds, figure_group_label, name_note,
    names_by_referent, render_index_markdown, render_story_markdown, revision_changes,
    sorted_quotes, timeline_label, value_words,
};

/// Serialises any v1 report value as pretty JSON with a trailing newline.
pub fn render_json<T: serde::Serialize>(value: &T) -> String {
    let mut text =
        serde_json::to_string_pretty(value).expect("invariant: report DTOs always serialise");
    text.push('\n');
    text
}

/// Serialises any v1 report value as compact JSON (what the store keeps and the API serves).
pub fn render_json_compact<T: serde::Serialize>(value: &T) -> String {
    serde_json::to_string(value).expect("invariant: report DTOs always serialise")
}

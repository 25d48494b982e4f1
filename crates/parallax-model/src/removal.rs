use crate::Span;

/// A span of raw text that cleaning removed, with the reason.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Removal {
    /// The removed raw bytes.
    pub span: Span,
    /// Which rule removed them.
    pub reason: RemovalReason,
    /// Rule-specific detail, such as the phrase that matched or where a repeat was first seen.
    pub detail: String,
}

/// Why a span was removed. Each variant is one cleaning rule, documented as
/// *what it detects / why / example*; `parallax rules` prints these.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum RemovalReason {
    /// What it detects: the crawler's first line ` date YYYY-MM-DD NNN`.
    /// Why: it is fetch metadata, not article text; its date and status are kept as metadata.
    /// Example: ` date 2026-01-18 403`.
    CrawlHeader,
    /// What it detects: short lines of error-page wording ("page you were looking for doesn't exist").
    /// Why: a 403/404 template often wraps a page that still carries the article.
    /// Example: `Error! We're sorry, but the page you were looking for doesn't exist.`
    ErrorPage,
    /// What it detects: a "Legal Disclaimer:" heading and the warranty/liability text under it.
    /// Why: outlet boilerplate, identical under every article, says nothing about the event.
    /// Example: `… provides the information "as is" without warranty of any kind.`
    LegalDisclaimer,
    /// What it detects: comment-widget residue ("Comments", "No comment", "Leave a comment").
    /// Why: page chrome.
    /// Example: `CommentsNo comment`.
    CommentsWidget,
    /// What it detects: a copy of the title, or a truncated copy of it, next to the title.
    /// Why: crawlers often capture both the `<title>` and the headline; the full one is kept as title.
    /// Example: `…million-strong rallies show Ira` above `…million-strong rallies show Iran's reality`.
    RepeatedTitle,
    /// What it detects: a short author line near the top: "By Jane Doe", or bare initials.
    /// Why: authorship metadata, not article text.
    /// Example: `M.U.H`.
    Byline,
    /// What it detects: a line that is only a date near the top, including damaged ones.
    /// Why: publication metadata; the date is parsed and kept.
    /// Example: `16/01/20267` (a damaged 16/01/2026).
    DateLine,
    /// What it detects: a syndication or source tag: `(MENAFN)` opening a paragraph, `Source HT`.
    /// Why: it names the outlet (kept as metadata) and is not part of the prose.
    /// Example: `(MENAFN) Russian President …` keeps `Russian President …`.
    SourceTag,
    /// What it detects: a paragraph that already appeared earlier in the same document.
    /// Why: broken templates duplicate the body; every paragraph is kept once.
    /// Example: a page carrying its whole body twice.
    RepeatedBlock,
    /// What it detects: a paragraph found in several unrelated documents of the corpus (same outlet,
    /// or three or more documents of any outlet): neither copies of each other nor reports of one
    /// story (alike in their other words), whose shared sentences are reporting, not boilerplate.
    /// Why: outlet boilerplate must be recognised from the corpus itself, not only from a list.
    /// Example: a newsletter pitch under every article of one site.
    OutletBoilerplate,
    /// What it detects: share buttons, newsletter and cookie prompts, "Read more" links,
    /// archive section labels in capitals ("ABSTRACT.", "FULL TEXT."), and markup tags left in a
    /// text file ("<tweet id=…>", "</tweet>").
    /// Why: page chrome.
    /// Example: `Share this article`.
    PageChrome,
}

impl RemovalReason {
    /// Every reason, in declaration order.
    pub const ALL: [RemovalReason; 11] = [
        RemovalReason::CrawlHeader,
        RemovalReason::ErrorPage,
        RemovalReason::LegalDisclaimer,
        RemovalReason::CommentsWidget,
        RemovalReason::RepeatedTitle,
        RemovalReason::Byline,
        RemovalReason::DateLine,
        RemovalReason::SourceTag,
        RemovalReason::RepeatedBlock,
        RemovalReason::OutletBoilerplate,
        RemovalReason::PageChrome,
    ];

    /// Machine name, such as `crawl-header`.
    pub fn as_str(&self) -> &'static str {
        match self {
            RemovalReason::CrawlHeader => "crawl-header",
            RemovalReason::ErrorPage => "error-page",
            RemovalReason::LegalDisclaimer => "legal-disclaimer",
            RemovalReason::CommentsWidget => "comments-widget",
            RemovalReason::RepeatedTitle => "repeated-title",
            RemovalReason::Byline => "byline",
            RemovalReason::DateLine => "date-line",
            RemovalReason::SourceTag => "source-tag",
            RemovalReason::RepeatedBlock => "repeated-block",
            RemovalReason::OutletBoilerplate => "outlet-boilerplate",
            RemovalReason::PageChrome => "page-chrome",
        }
    }

    /// Inverse of [`RemovalReason::as_str`].
    pub fn parse(text: &str) -> Option<RemovalReason> {
        RemovalReason::ALL.into_iter().find(|reason| reason.as_str() == text)
    }

    /// One line on what the rule detects, for help texts and reports.
    pub fn describe(&self) -> &'static str {
        match self {
            RemovalReason::CrawlHeader => "crawler fetch header (date and HTTP status)",
            RemovalReason::ErrorPage => "error-page template text",
            RemovalReason::LegalDisclaimer => "legal disclaimer",
            RemovalReason::CommentsWidget => "comments widget",
            RemovalReason::RepeatedTitle => "copy or truncated copy of the title",
            RemovalReason::Byline => "author byline",
            RemovalReason::DateLine => "standalone date line",
            RemovalReason::SourceTag => "syndication or source tag",
            RemovalReason::RepeatedBlock => "paragraph repeated within the document",
            RemovalReason::OutletBoilerplate => "boilerplate shared by unrelated documents",
            RemovalReason::PageChrome => "share, subscribe or navigation chrome",
        }
    }
}

impl std::fmt::Display for RemovalReason {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip() {
        for reason in RemovalReason::ALL {
            assert_eq!(RemovalReason::parse(reason.as_str()), Some(reason));
        }
    }
}

//! Fixed phrase lists behind the template rules. Matching is on [`parallax_text::match_key`] output:
//! lowercase words joined by single spaces.

/// Phrases that mark error-page template text.
pub(crate) const ERROR_PAGE: &[&str] = &[
    "sorry",
    "error",
    "oops",
    "page you were looking for",
    "page you are looking for",
    "page you requested",
    "page not found",
    "404 not found",
    "403 forbidden",
    "access denied",
    "doesn't exist",
    "does not exist",
    "has been removed",
    "no longer available",
    "something went wrong",
    "please enable javascript",
    "enable cookies",
    "are you a robot",
    "verify you are human",
    "temporarily unavailable",
];

/// Whole keys of comment-widget lines.
pub(crate) const COMMENTS_EXACT: &[&str] = &[
    "comments",
    "comment",
    "commentsno comment",
    "commentsno comments",
    "no comment",
    "no comments",
    "no comments yet",
];

/// Section labels that news archives and page templates write in capitals on a line of their
/// own ("ABSTRACT.", "FULL TEXT."): chrome, not article text.
pub(crate) const SECTION_LABELS: &[&str] = &[
    "abstract",
    "full text",
    "correction appended",
    "in brief",
    "top stories",
    "before you go",
    "related coverage",
];

/// Prefixes of comment-widget lines.
pub(crate) const COMMENTS_PREFIX: &[&str] = &[
    "leave a comment",
    "add a comment",
    "post a comment",
    "show comments",
    "view comments",
    "comments are closed",
    "be the first to comment",
    "join the conversation",
    "0 comments",
    "comments 0",
];

/// Prefixes of share, subscribe and navigation chrome.
pub(crate) const CHROME_PREFIX: &[&str] = &[
    "share this",
    "share on",
    "share article",
    "read more",
    "read also",
    "related articles",
    "related stories",
    "subscribe to",
    "sign up for",
    "follow us on",
    "click here to",
    "we use cookies",
    "accept cookies",
    "skip to content",
    "back to top",
    "advertisement",
    "download our app",
];

/// Phrases of legal-disclaimer text; two in one paragraph, or one under a disclaimer heading, mark it.
pub(crate) const DISCLAIMER: &[&str] = &[
    "without warranty",
    "responsibility or liability",
    "accept any responsibility",
    "copyright issues",
    "all rights reserved",
    "views expressed",
    "do not necessarily reflect",
    "kindly contact the provider",
    "for informational purposes only",
    "not be reproduced",
    "as is",
];

/// Keys of disclaimer headings.
pub(crate) const DISCLAIMER_HEADING: &[&str] = &["legal disclaimer", "disclaimer"];

/// True when `key` (a match key) contains `phrase` on word boundaries.
pub(crate) fn contains_phrase(key: &str, phrase: &str) -> bool {
    key.match_indices(phrase).any(|(idx, _)| {
        let before_ok = idx == 0 || key.as_bytes().get(idx - 1) == Some(&b' ');
        let end = idx + phrase.len();
        let after_ok = end == key.len() || key.as_bytes().get(end) == Some(&b' ');
        before_ok && after_ok
    })
}

/// True when `key` starts with `phrase` on a word boundary.
pub(crate) fn starts_with_phrase(key: &str, phrase: &str) -> bool {
    key.starts_with(phrase)
        && (key.len() == phrase.len() || key.as_bytes().get(phrase.len()) == Some(&b' '))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phrases_match_on_word_boundaries() {
        assert!(contains_phrase("error we're sorry", "sorry"));
        assert!(!contains_phrase("terror attack", "error"));
        assert!(starts_with_phrase("read more here", "read more"));
        assert!(!starts_with_phrase("read moreover", "read more"));
    }
}

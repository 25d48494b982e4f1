/// What kind of page a document turned out to be.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum PageStatus {
    /// An article, cleanly fetched.
    Ok,
    /// An error or 403 page that still carried the article, which was recovered.
    Recovered,
    /// An error page with no article on it.
    ErrorPage,
    /// Nothing left after cleaning.
    Empty,
    /// Too little text left after cleaning to be an article.
    TooShort,
    /// The bytes are not text.
    Binary,
    /// The bytes are text in no encoding Parallax can decode.
    BadEncoding,
    /// An exact copy of an earlier document's cleaned text.
    Duplicate,
    /// The fetch failed with an HTTP error status and the page carries no article.
    HttpError,
    /// A cookie or consent dialog stands where the article should be.
    ConsentWall,
    /// Only the teaser of a subscribers-only article.
    PaywallStub,
    /// A page that shows no text without running its scripts.
    JsShell,
    /// The page was cut off before its end; the article text kept is partial.
    Truncated,
    /// An index, section or tag page: links to articles, not an article.
    NotArticle,
    /// An earlier fetch of a page fetched again later: the later version stands for the article,
    /// and this one is shown as its earlier version.
    Superseded,
}

impl PageStatus {
    /// Every status, in declaration order.
    pub const ALL: [PageStatus; 15] = [
        PageStatus::Ok,
        PageStatus::Recovered,
        PageStatus::ErrorPage,
        PageStatus::Empty,
        PageStatus::TooShort,
        PageStatus::Binary,
        PageStatus::BadEncoding,
        PageStatus::Duplicate,
        PageStatus::HttpError,
        PageStatus::ConsentWall,
        PageStatus::PaywallStub,
        PageStatus::JsShell,
        PageStatus::Truncated,
        PageStatus::NotArticle,
        PageStatus::Superseded,
    ];

    /// Machine name, such as `error-page`.
    pub fn as_str(&self) -> &'static str {
        match self {
            PageStatus::Ok => "ok",
            PageStatus::Recovered => "recovered",
            PageStatus::ErrorPage => "error-page",
            PageStatus::Empty => "empty",
            PageStatus::TooShort => "too-short",
            PageStatus::Binary => "binary",
            PageStatus::BadEncoding => "bad-encoding",
            PageStatus::Duplicate => "duplicate",
            PageStatus::HttpError => "http-error",
            PageStatus::ConsentWall => "consent-wall",
            PageStatus::PaywallStub => "paywall-stub",
            PageStatus::JsShell => "js-shell",
            PageStatus::Truncated => "truncated",
            PageStatus::NotArticle => "not-article",
            PageStatus::Superseded => "superseded",
        }
    }

    /// Inverse of [`PageStatus::as_str`].
    pub fn parse(text: &str) -> Option<PageStatus> {
        PageStatus::ALL.into_iter().find(|status| status.as_str() == text)
    }

    /// True when the document carries an article that belongs in a story (a truncated page
    /// carries the part that arrived).
    pub fn carries_article(&self) -> bool {
        matches!(
            self,
            PageStatus::Ok | PageStatus::Recovered | PageStatus::Duplicate | PageStatus::Truncated
        )
    }
}

impl std::fmt::Display for PageStatus {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

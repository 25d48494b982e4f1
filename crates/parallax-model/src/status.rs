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
}

impl PageStatus {
    /// Every status, in declaration order.
    pub const ALL: [PageStatus; 8] = [
        PageStatus::Ok,
        PageStatus::Recovered,
        PageStatus::ErrorPage,
        PageStatus::Empty,
        PageStatus::TooShort,
        PageStatus::Binary,
        PageStatus::BadEncoding,
        PageStatus::Duplicate,
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
        }
    }

    /// Inverse of [`PageStatus::as_str`].
    pub fn parse(text: &str) -> Option<PageStatus> {
        PageStatus::ALL.into_iter().find(|status| status.as_str() == text)
    }

    /// True when the document carries an article that belongs in a story.
    pub fn carries_article(&self) -> bool {
        matches!(self, PageStatus::Ok | PageStatus::Recovered | PageStatus::Duplicate)
    }
}

impl std::fmt::Display for PageStatus {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Thresholds of the cleaning rules.
#[derive(Debug, Clone, PartialEq)]
pub struct CleanConfig {
    /// Fewer kept words than this make a page `too-short` (or an `error-page` when it signalled an
    /// error). Default: 40.
    pub min_article_words: usize,
    /// A title has at most this many words. Default: 30.
    pub max_title_words: usize,
    /// Bylines, date lines and titles are looked for in this many first lines. Default: 6.
    pub header_zone_lines: usize,
    /// A paragraph must have at least this many words to count as a repeated block or as corpus
    /// boilerplate; shorter repeats ("Read more") are left to the chrome rules. Default: 4.
    pub min_repeat_words: usize,
    /// A paragraph seen in this many unrelated documents of one known outlet is boilerplate.
    /// Default: 2.
    pub boilerplate_min_docs_same_outlet: usize,
    /// A paragraph seen in this many unrelated documents of any outlets is boilerplate. Default: 3.
    pub boilerplate_min_docs_any_outlet: usize,
    /// Two documents sharing more than this share of their paragraphs are copies of each other, so
    /// a paragraph they share is article text, not boilerplate. Default: 0.5.
    pub copy_paragraph_share: f64,
    /// Two documents whose other words are this alike (cosine of idf-weighted word sets) report
    /// one story, so a paragraph they share is shared reporting (a wire sentence, a quote), not
    /// boilerplate. Default: 0.2 (on ECB+, every pair of reports of one event sharing a sentence
    /// without being copies scores above 0.12, 98% above 0.2; 99% of pairs of unrelated articles
    /// score below 0.15).
    pub related_topic_similarity: f64,
    /// ISO 639-3 codes of the languages identified (an article in another language gets the
    /// closest of these, or none). Default: [`crate::DEFAULT_LANGUAGES`].
    pub languages: Vec<String>,
}

impl Default for CleanConfig {
    fn default() -> Self {
        CleanConfig {
            min_article_words: 40,
            max_title_words: 30,
            header_zone_lines: 6,
            min_repeat_words: 4,
            boilerplate_min_docs_same_outlet: 2,
            boilerplate_min_docs_any_outlet: 3,
            copy_paragraph_share: 0.5,
            related_topic_similarity: 0.2,
            languages: crate::DEFAULT_LANGUAGES.iter().map(|code| (*code).to_owned()).collect(),
        }
    }
}

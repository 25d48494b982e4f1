//! Versioned report schemas. A change that removes or renames a field makes a new module; adding an
//! optional field keeps the version. The JSON layout is documented in `docs/report-schema.md`.

/// Version 1 of the story and index reports.
pub mod v1 {
    use serde::{Deserialize, Serialize};

    /// Value of `schema` in a story report.
    pub const STORY_SCHEMA: &str = "parallax.story.v1";
    /// Value of `schema` in an index report.
    pub const INDEX_SCHEMA: &str = "parallax.index.v1";

    /// A piece of text and, when it was read from the document, its raw byte span.
    #[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
    pub struct TextSpan {
        /// The text.
        pub text: String,
        /// First raw byte, absent for metadata.
        pub start: Option<usize>,
        /// One past the last raw byte, absent for metadata.
        pub end: Option<usize>,
    }

    /// A removed span.
    #[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
    pub struct RemovalDto {
        /// First raw byte.
        pub start: usize,
        /// One past the last raw byte.
        pub end: usize,
        /// Machine name of the rule, such as `repeated-block`.
        pub reason: String,
        /// Rule-specific detail.
        pub detail: String,
        /// The removed text.
        pub text: String,
    }

    /// Outlet attribution.
    #[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
    pub struct OutletDto {
        /// Display name, or `unknown`.
        pub name: String,
        /// `metadata`, `url`, `marker`, `dateline`, `file-name` or `none`.
        pub evidence: String,
        /// Raw span of the evidence, when it is in the text.
        pub span: Option<TextSpan>,
    }

    /// Publication date.
    #[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
    pub struct PublishedDto {
        /// `exact`, `on-or-before` or `unknown`.
        pub kind: String,
        /// ISO date, when any.
        pub date: Option<String>,
    }

    /// One article of a story.
    #[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
    pub struct ArticleDto {
        /// Content hash of the raw bytes.
        pub doc_id: String,
        /// The user's name for it (file stem or feed id).
        pub external_id: String,
        /// Where it was read from.
        pub source: String,
        /// The outlet.
        pub outlet: OutletDto,
        /// Title.
        pub title: Option<TextSpan>,
        /// Publication date.
        pub published: PublishedDto,
        /// Dateline place.
        pub dateline: Option<TextSpan>,
        /// ISO 639-3 code of the article's language, when it could be told.
        pub language: Option<String>,
        /// Page status, such as `recovered`.
        pub status: String,
        /// Why that status.
        pub status_detail: String,
        /// The origin (group of copies) it belongs to.
        pub origin_id: Option<String>,
        /// The document that stands for it: the earlier one whose cleaned text it repeats
        /// exactly (status `duplicate`), or the latest fetch of its page (`superseded`).
        pub duplicate_of: Option<String>,
        /// Kept paragraphs with raw spans.
        pub paragraphs: Vec<TextSpan>,
        /// Removed spans.
        pub removals: Vec<RemovalDto>,
        /// For text extracted from markup (HTML pages, feed items): each line of the article text
        /// beside the bytes of the page it came from, so that any span maps back to the HTML.
        /// Absent for text inputs, whose spans are already offsets into the file.
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        pub source_map: Vec<SourceLineDto>,
        /// Earlier fetches of the same page (same URL, tracking parameters aside), oldest
        /// first, each with what the next fetch changed (the next revision's, or this article
        /// for the last): an edit history. Absent when there are none.
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        pub revisions: Vec<RevisionDto>,
    }

    /// An earlier fetch of an article's page and what the next fetch changed.
    #[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
    pub struct RevisionDto {
        /// The earlier version's content hash.
        pub doc_id: String,
        /// Its name (file stem or feed id).
        pub external_id: String,
        /// The day it was fetched (else published), when known.
        pub date: Option<String>,
        /// The sentences the next fetch removed, reworded or added, in text order.
        pub changes: Vec<RevisionChangeDto>,
    }

    /// One sentence changed between two versions of an article.
    #[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
    pub struct RevisionChangeDto {
        /// `removed`, `reworded` or `added`.
        pub kind: String,
        /// The sentence in this fetch (absent when added).
        pub before: Option<MentionDto>,
        /// The sentence in the next fetch (absent when removed).
        pub after: Option<MentionDto>,
        /// For a rewording, the word diff of before against after.
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        pub diff: Vec<DiffPieceDto>,
    }

    /// One line of extracted text and the raw bytes of the page it came from.
    #[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
    pub struct SourceLineDto {
        /// First byte of the line in the article text.
        pub start: usize,
        /// One past its last byte.
        pub end: usize,
        /// First byte in the page (the HTML decoded as UTF-8).
        pub raw_start: usize,
        /// One past the last byte in the page.
        pub raw_end: usize,
    }

    /// Articles per outlet.
    #[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
    pub struct OutletCount {
        /// Outlet name.
        pub name: String,
        /// Articles of the story from it.
        pub n_articles: usize,
    }

    /// A story report.
    #[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
    pub struct StoryReport {
        /// Always [`STORY_SCHEMA`].
        pub schema: String,
        /// Story id.
        pub id: String,
        /// Display title.
        pub title: String,
        /// Earliest publication date of a member.
        pub first_date: Option<String>,
        /// Latest publication date of a member.
        pub last_date: Option<String>,
        /// Number of articles.
        pub n_articles: usize,
        /// Number of independent origins.
        pub n_origins: usize,
        /// Outlets, most articles first.
        pub outlets: Vec<OutletCount>,
        /// Named entities of the story, most mentioned first, each with every mention.
        pub entities: Vec<EntityDto>,
        /// Time expressions of the story grouped by normalised value, in value order (calendar
        /// values first, so dates read as a timeline), each with every mention.
        pub dates: Vec<DateDto>,
        /// Quotes and attributions with their speakers, by article then position.
        pub quotes: Vec<QuoteDto>,
        /// Claims: sentences of different origins that report the same thing, consensus first,
        /// then partial, then single-origin; each sentence with its raw span.
        pub claims: Vec<ClaimDto>,
        /// How the claims were aligned: `words` (TF-IDF) or `words + <model> sentence vectors`
        /// (added in v1 without a version change; older reports read as empty).
        #[serde(default)]
        pub claim_alignment: String,
        /// A neutral extractive summary: the most widely reported sentences first, each with its
        /// source and the other outlets' sentences that back it; conflicting figures stated as
        /// conflicts.
        pub summary: SummaryDto,
        /// Dated events in date order: each calendar date the articles give (not their
        /// publication dates) with the sentences that use it.
        pub timeline: Vec<TimelineEntryDto>,
        /// Per outlet, the words it uses more than the story's other outlets.
        pub framing: Vec<OutletFramingDto>,
        /// Quotes of one voice reported by two or more articles, with word diffs (variants).
        pub quote_groups: Vec<QuoteGroupDto>,
        /// Figures grouped by what they measure, the measure reported by most articles first;
        /// every figure side by side with its qualifier, attribution and outlet.
        pub figures: Vec<FigureGroupDto>,
        /// Articles in publication order.
        pub articles: Vec<ArticleDto>,
        /// The stories most similar to this one that grouping kept apart, most similar first
        /// (added in v1 without a version change; absent when there are none).
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        pub related: Vec<RelatedStoryDto>,
    }

    /// A story related to another: its id and title.
    #[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
    pub struct RelatedStoryDto {
        /// Story id.
        pub id: String,
        /// Display title.
        pub title: String,
    }

    /// One named entity of a story: the mentions that name it across the articles.
    #[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
    pub struct EntityDto {
        /// The fullest name it is mentioned by ("Vladimir Putin" for "Putin" too).
        pub name: String,
        /// `PER`, `ORG`, `LOC` or `MISC`.
        pub kind: String,
        /// Articles that mention it (by name or by a role phrase resolved to it).
        pub n_articles: usize,
        /// Titles and roles the story gives it ("president (Russia)", "spokeswoman (Foreign
        /// Ministry)").
        pub roles: Vec<String>,
        /// Every mention, by article then position: names, and role phrases that stand for it
        /// ("the Iranian President").
        pub mentions: Vec<MentionDto>,
    }

    /// One quote or attribution of a story.
    #[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
    pub struct QuoteDto {
        /// The article.
        pub doc_id: String,
        /// `direct`, `partial` or `indirect`.
        pub kind: String,
        /// Who said it: the story entity the source resolves to, else the source as written.
        pub speaker: Option<String>,
        /// Whether `speaker` is a story entity (else it is the source's own words).
        pub speaker_resolved: bool,
        /// For a source standing for several people ("they", "both leaders", "Pezeshkian and
        /// Netanyahu"): each of them, as a story entity's name where one is known, else as
        /// written. Absent otherwise.
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        pub speakers: Vec<String>,
        /// The source as written ("the minister", "he").
        pub source: Option<MentionDto>,
        /// The cue ("said", "according to").
        pub cue: Option<MentionDto>,
        /// What is attributed, in one or more pieces.
        pub content: Vec<MentionDto>,
    }

    /// The figures of a story that measure the same thing.
    #[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
    pub struct FigureGroupDto {
        /// What is measured (`deaths`, `arrests`, `tariff`, `crowd size`), when known.
        pub measure: Option<String>,
        /// `percent`, `percentage points` or a currency code, when the figures have one.
        pub unit: Option<String>,
        /// Articles that give a figure for it.
        pub n_articles: usize,
        /// The figures, by article then position.
        pub figures: Vec<FigureDto>,
        /// What the group says as a whole: `single-article`, `compatible` (every pair can
        /// hold), `updated` (later, larger values; no conflict), `conflict`, or `not-compared`
        /// (a bare counted noun whose figures from several articles do not all agree: "40
        /// houses" and "300 houses" may count different houses, so no pairs are made).
        pub agreement: String,
        /// Every pair of figures from different articles and how they relate.
        pub pairs: Vec<FigurePairDto>,
    }

    /// Two figures of a group and how they relate.
    #[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
    pub struct FigurePairDto {
        /// Index in the group's `figures` of the earlier (or first) figure.
        pub a: usize,
        /// Index of the other.
        pub b: usize,
        /// `compatible` (both can hold), `update` (the later lies wholly above the earlier) or
        /// `conflict`.
        pub relation: String,
    }

    /// The terms one outlet favours in a story.
    #[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
    pub struct OutletFramingDto {
        /// The outlet (`unknown` when neither metadata nor text names it).
        pub outlet: String,
        /// What it calls the events, the people taking part and the states it names through an
        /// institution, in its own words (not inside quotation marks); per referent, labels no
        /// other outlet uses first.
        #[serde(default)]
        pub names: Vec<NameDto>,
        /// Its terms, highest z first.
        pub terms: Vec<FramingTermDto>,
        /// Loaded words and labels the loaded-language tagger marks in its articles, most used
        /// first.
        pub loaded: Vec<LoadedTermDto>,
        /// Whom it quotes, most quoted first.
        pub voices: Vec<VoiceDto>,
    }

    /// A label an outlet chooses for something the story's outlets all speak of.
    #[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
    pub struct NameDto {
        /// What it names: `the events`, `the people taking part`, or a country (`Israel`, for
        /// "the Israeli regime").
        pub referent: String,
        /// The label, lowercase: "riots", "terrorist riots", "israeli regime".
        pub label: String,
        /// Uses by this outlet.
        pub count: usize,
        /// Uses by the story's other outlets (0: only this outlet says it).
        pub others: usize,
        /// Every use by this outlet, with its raw span.
        pub mentions: Vec<MentionDto>,
    }

    /// A loaded word or phrase an outlet uses.
    #[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
    pub struct LoadedTermDto {
        /// The phrase, lowercase.
        pub term: String,
        /// Uses by this outlet.
        pub count: usize,
        /// Uses by the story's other outlets.
        pub others: usize,
        /// Every use by this outlet, with its raw span.
        pub mentions: Vec<MentionDto>,
    }

    /// A speaker an outlet quotes.
    #[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
    pub struct VoiceDto {
        /// The speaker (a story entity when resolved, else the source as written).
        pub speaker: String,
        /// Quotes of it in this outlet's articles.
        pub quotes: usize,
        /// Each quote's source (or, without one, its first content piece), with its raw span.
        pub mentions: Vec<MentionDto>,
    }

    /// A term an outlet favours.
    #[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
    pub struct FramingTermDto {
        /// A lowercase word or two-word phrase.
        pub term: String,
        /// z-score of the log-odds ratio (informative Dirichlet prior), this outlet against the
        /// story's other outlets.
        pub z: f64,
        /// Uses by this outlet.
        pub count: usize,
        /// Uses by the other outlets.
        pub others: usize,
        /// Every use by this outlet, with its raw span.
        pub mentions: Vec<MentionDto>,
    }

    /// Sentences of one or more origins that report the same thing.
    #[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
    pub struct ClaimDto {
        /// `consensus` (more than half of the story's origins, at least two), `partial` (two or
        /// more) or `single-origin`.
        pub class: String,
        /// Origins that report it.
        pub n_origins: usize,
        /// Outlets that report it.
        pub outlets: Vec<String>,
        /// The sentences, by article then position, each with its raw span.
        pub sentences: Vec<MentionDto>,
    }

    /// One date of the timeline.
    #[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
    pub struct TimelineEntryDto {
        /// The TimeML value (`2026-01-16`, `2025-12`, `2026-01-16T10:00`).
        pub date: String,
        /// `START`, `MID` or `END` of it, when every expression says so.
        pub modifier: Option<String>,
        /// Articles that give it.
        pub n_articles: usize,
        /// What happened then: each sentence that uses the date, once.
        pub events: Vec<TimelineEventDto>,
    }

    /// A sentence of the timeline.
    #[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
    pub struct TimelineEventDto {
        /// The sentence with its raw span (the expression itself when it is outside the kept
        /// paragraphs, as in a title).
        pub sentence: MentionDto,
        /// The time expression ("on Friday") with its raw span.
        pub expression: MentionDto,
        /// The article's outlet.
        pub outlet: String,
    }

    /// The story's cited summary.
    #[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
    pub struct SummaryDto {
        /// Its sentences, most widely reported first.
        pub sentences: Vec<SummarySentenceDto>,
        /// One line per measure whose figures conflict.
        pub conflicts: Vec<SummaryConflictDto>,
    }

    /// A summary sentence: an article's sentence, quoted as written.
    #[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
    pub struct SummarySentenceDto {
        /// The sentence with its raw span.
        pub sentence: MentionDto,
        /// Its outlet.
        pub outlet: String,
        /// Origins that report it (its own and those backing it).
        pub n_origins: usize,
        /// The most similar sentence of each other origin that reports the same thing.
        pub backed_by: Vec<MentionDto>,
    }

    /// Figures of one measure that cannot all hold, stated side by side.
    #[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
    pub struct SummaryConflictDto {
        /// What is measured.
        pub measure: Option<String>,
        /// The statement ("Accounts differ on deaths: …").
        pub text: String,
        /// Each figure's expression with its raw span.
        pub figures: Vec<MentionDto>,
    }

    /// Quotes of one voice in two or more articles that report the same words.
    #[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
    pub struct QuoteGroupDto {
        /// The voices the outlets credit, resolved speakers first (outlets may credit one
        /// statement to an office and to a person, or a tagger may misread a source).
        pub speakers: Vec<String>,
        /// Whether every outlet has the same words (else they are variants).
        pub same_words: bool,
        /// Articles in the group.
        pub n_articles: usize,
        /// The quotes, by article; the first is the one the others are diffed against.
        pub members: Vec<QuoteMemberDto>,
    }

    /// One quote of a group.
    #[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
    pub struct QuoteMemberDto {
        /// Index in the story's `quotes`.
        pub quote: usize,
        /// The article.
        pub doc_id: String,
        /// Its outlet.
        pub outlet: String,
        /// The words attributed (pieces joined by " … ").
        pub text: String,
        /// Word diff of the group's first quote against this one (empty for the first).
        pub diff: Vec<DiffPieceDto>,
    }

    /// A run of words of a diff.
    #[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
    pub struct DiffPieceDto {
        /// `same`, `removed` (only in the first quote) or `added` (only in this one).
        pub kind: String,
        /// The words.
        pub text: String,
    }

    /// One figure of a story.
    #[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
    pub struct FigureDto {
        /// The article.
        pub doc_id: String,
        /// The article's outlet.
        pub outlet: String,
        /// The whole expression ("at least 2,700 people have been killed") and its raw span.
        pub expression: MentionDto,
        /// The number words ("2,700", "hundreds").
        pub number: MentionDto,
        /// The number stated; absent for a vague word; a range's lower end.
        pub value: Option<f64>,
        /// The smallest value the wording allows (absent: unbounded).
        pub low: Option<f64>,
        /// The largest value the wording allows (absent: unbounded).
        pub high: Option<f64>,
        /// `exact`, `approximate`, `at-least`, `more-than`, `at-most`, `less-than`, `range` or
        /// `vague`.
        pub qualifier: String,
        /// What is counted ("people", "fatalities").
        pub object: Option<MentionDto>,
        /// What happened to it ("killed").
        pub event: Option<MentionDto>,
        /// Who gives the figure, as written ("monitors").
        pub attribution: Option<MentionDto>,
        /// The story entity the attribution resolves to, else its words.
        pub attributed_to: Option<String>,
        /// The date the figure holds at.
        pub as_of: Option<String>,
    }

    /// One normalised time value of a story and the expressions that denote it.
    #[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
    pub struct DateDto {
        /// The TimeML value: `2026-01-16`, `2025-12`, `P4Y`, `PRESENT_REF`…
        pub value: String,
        /// `DATE`, `TIME` or `DURATION`.
        pub kind: String,
        /// `START`, `MID` or `END`, when every expression says so.
        pub modifier: Option<String>,
        /// Articles that use it.
        pub n_articles: usize,
        /// Every expression: the article, its words and their raw span.
        pub mentions: Vec<MentionDto>,
    }

    /// Where an entity or a time expression is mentioned.
    #[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
    pub struct MentionDto {
        /// The article's content hash.
        pub doc_id: String,
        /// The words as written.
        pub text: String,
        /// Raw byte offsets in the article.
        pub start: usize,
        /// End offset (exclusive).
        pub end: usize,
    }

    /// One line of the story list.
    #[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
    pub struct StorySummary {
        /// Story id.
        pub id: String,
        /// Display title.
        pub title: String,
        /// Earliest publication date.
        pub first_date: Option<String>,
        /// Latest publication date.
        pub last_date: Option<String>,
        /// Number of articles.
        pub n_articles: usize,
        /// Number of independent origins.
        pub n_origins: usize,
        /// Outlet names, most articles first.
        pub outlets: Vec<String>,
    }

    /// A document or input that is not in any story, with its reason.
    #[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
    pub struct SetAsideDto {
        /// Content hash.
        pub id: String,
        /// Where it was read from.
        pub source: String,
        /// Page status or rejection reason, such as `binary` or `error-page`.
        pub reason: String,
        /// Why, in words.
        pub detail: String,
    }

    /// The index of a store: every story and everything set aside.
    #[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
    pub struct IndexReport {
        /// Always [`INDEX_SCHEMA`].
        pub schema: String,
        /// Stories, newest first.
        pub stories: Vec<StorySummary>,
        /// Inputs and documents set aside.
        pub set_aside: Vec<SetAsideDto>,
    }
}

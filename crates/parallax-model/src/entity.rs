use crate::{DocId, Span};

/// The kind of a named entity (the CoNLL-2003 types).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum EntityKind {
    /// A person.
    Person,
    /// An organisation.
    Organisation,
    /// A place.
    Location,
    /// Anything else named: nationalities, events, products.
    Miscellaneous,
}

impl EntityKind {
    /// Every kind, in order.
    pub const ALL: [EntityKind; 4] = [
        EntityKind::Person,
        EntityKind::Organisation,
        EntityKind::Location,
        EntityKind::Miscellaneous,
    ];

    /// The short name used in tags, the store and reports: `PER`, `ORG`, `LOC`, `MISC`.
    pub fn as_str(&self) -> &'static str {
        match self {
            EntityKind::Person => "PER",
            EntityKind::Organisation => "ORG",
            EntityKind::Location => "LOC",
            EntityKind::Miscellaneous => "MISC",
        }
    }

    /// Parses a short name.
    pub fn parse(name: &str) -> Option<EntityKind> {
        EntityKind::ALL.into_iter().find(|kind| kind.as_str() == name)
    }
}

/// A named entity mentioned in a document, with its raw span.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Mention {
    /// The document.
    pub doc_id: DocId,
    /// Its bytes in the document's raw text.
    pub span: Span,
    /// Its words as written.
    pub text: String,
    /// Its kind.
    pub kind: EntityKind,
}

/// A time expression in a document, normalised against its publication date.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct TimeMention {
    /// The document.
    pub doc_id: DocId,
    /// Its bytes in the document's raw text.
    pub span: Span,
    /// Its words as written.
    pub text: String,
    /// `DATE`, `TIME` or `DURATION`.
    pub kind: String,
    /// The TimeML value (`2026-01-16`, `2025-12`, `P4Y`, `PRESENT_REF`).
    pub value: String,
    /// `START`, `MID` or `END` ("early", "mid", "late"), when given.
    pub modifier: Option<String>,
}

/// How a quote's content is given.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum QuoteKind {
    /// All its words are inside quotation marks.
    Direct,
    /// Some of its words are inside quotation marks ("described as “foreign interference”").
    Partial,
    /// Reported speech without quotation marks.
    Indirect,
}

impl QuoteKind {
    /// All kinds.
    pub const ALL: [QuoteKind; 3] = [QuoteKind::Direct, QuoteKind::Partial, QuoteKind::Indirect];

    /// Its name in reports and the store.
    pub fn as_str(self) -> &'static str {
        match self {
            QuoteKind::Direct => "direct",
            QuoteKind::Partial => "partial",
            QuoteKind::Indirect => "indirect",
        }
    }

    /// The kind named by [`QuoteKind::as_str`].
    pub fn parse(name: &str) -> Option<QuoteKind> {
        QuoteKind::ALL.into_iter().find(|kind| kind.as_str() == name)
    }
}

/// A piece of a document: raw span and text.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Piece {
    /// Its bytes in the raw document.
    pub span: Span,
    /// Its text.
    pub text: String,
}

/// A quote or attribution in a document: who (source), the cue ("said"), and what (content).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Quote {
    /// The document.
    pub doc_id: DocId,
    /// Direct, partial or indirect.
    pub kind: QuoteKind,
    /// Who is quoted, as written ("the minister", "he").
    pub source: Option<Piece>,
    /// The cue.
    pub cue: Option<Piece>,
    /// What is attributed, in one or more pieces.
    pub content: Vec<Piece>,
    /// The name the source resolves to inside its article: the entity named in the source, or for
    /// a pronoun the person last named before it. Role phrases ("the Iranian President") are
    /// resolved across the story by the report.
    pub speaker: Option<Piece>,
    /// The people a plural source stands for: those it names ("Pezeshkian and Netanyahu"), or
    /// for "they" or "both leaders" the people named together just before it. Empty otherwise.
    pub group: Vec<Piece>,
}

/// A title or role phrase: "Russian President" (before "Vladimir Putin"), "Foreign Ministry
/// spokeswoman", or a phrase standing for a person, "the Iranian President", "his Iranian
/// counterpart".
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct RoleMention {
    /// The document.
    pub doc_id: DocId,
    /// The role phrase.
    pub span: Span,
    /// Its text.
    pub text: String,
    /// The role, lowercase ("president", "spokeswoman", "counterpart").
    pub role: String,
    /// The country it belongs to, by name ("Iran" for "Iranian").
    pub country: Option<String>,
    /// The organisation it belongs to ("Foreign Ministry", "Kremlin").
    pub organisation: Option<String>,
    /// The person it titles, when a name follows it.
    pub person: Option<Piece>,
}

/// A word or phrase the loaded-language tagger marks: chosen for its emotional charge or as a
/// label for people and groups ("terrorist riots", "thugs").
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct LoadedPhrase {
    /// The document.
    pub doc_id: DocId,
    /// The phrase in the raw document.
    pub span: Span,
    /// Its text.
    pub text: String,
}

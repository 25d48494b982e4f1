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

use std::fmt;

/// Identity of a document: the hex SHA-256 of its raw bytes, so that the same bytes are always the
/// same document and re-ingesting them changes nothing.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct DocId(String);

impl DocId {
    /// Wraps a lowercase hex digest; `None` unless it is 16 to 64 hex digits.
    pub fn from_hex(hex: &str) -> Option<DocId> {
        let ok = (16..=64).contains(&hex.len())
            && hex.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b));
        ok.then(|| DocId(hex.to_owned()))
    }

    /// The full hex digest.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The first 12 hex digits, enough to name a document to a person.
    pub fn short(&self) -> &str {
        self.0.get(..12).unwrap_or(&self.0)
    }
}

impl fmt::Display for DocId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Identity of an origin (a group of copies of one piece of writing): the id of its founding
/// document, prefixed `or-`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct OriginId(String);

impl OriginId {
    /// The origin founded by `doc`.
    pub fn founded_by(doc: &DocId) -> OriginId {
        OriginId(format!("or-{}", doc.short()))
    }

    /// Parses a stored id; `None` unless it reads `or-` and hex digits.
    pub fn parse(text: &str) -> Option<OriginId> {
        let hex = text.strip_prefix("or-")?;
        let ok = !hex.is_empty() && hex.bytes().all(|b| b.is_ascii_hexdigit());
        ok.then(|| OriginId(text.to_ascii_lowercase()))
    }

    /// The id as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for OriginId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Identity of a story: derived from the document that opened it, prefixed `st-`, so that the same
/// corpus always yields the same ids whatever the batch boundaries.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct StoryId(String);

impl StoryId {
    /// The story opened by `doc`.
    pub fn founded_by(doc: &DocId) -> StoryId {
        StoryId(format!("st-{}", doc.short()))
    }

    /// Parses a stored or user-given id; `None` unless it reads `st-` and hex digits.
    pub fn parse(text: &str) -> Option<StoryId> {
        let hex = text.strip_prefix("st-")?;
        let ok = !hex.is_empty() && hex.bytes().all(|b| b.is_ascii_hexdigit());
        ok.then(|| StoryId(text.to_ascii_lowercase()))
    }

    /// The id as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for StoryId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_checked_and_derived() {
        assert!(DocId::from_hex("xyz").is_none());
        let doc = DocId::from_hex("0123456789abcdef0123").unwrap();
        assert_eq!(doc.short(), "0123456789ab");
        assert_eq!(StoryId::founded_by(&doc).as_str(), "st-0123456789ab");
        assert_eq!(OriginId::founded_by(&doc).as_str(), "or-0123456789ab");
        assert!(StoryId::parse("st-0123456789ab").is_some());
        assert!(StoryId::parse("0123").is_none());
    }
}

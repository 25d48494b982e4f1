//! How often each word is part of an attribution's cue in the training data, so that a cue made
//! only of words that almost never report anything ("canceled", "imposed", "tariff on") can be
//! told from a reporting one ("said", "warned", "believe"). The tagger sees words one token at a
//! time, in context; this is a second, whole-cue opinion. Only hashed words are kept, as for the
//! tagger's features.

use std::collections::HashMap;

use parallax_model::Span;
use parallax_text::fnv1a_str;

use crate::ExtractError;
use crate::attribution::{Role, RoleParagraph};

/// A word seen this often or more in training keeps its counts; rarer words read as unknown.
const MIN_OCCURRENCES: u32 = 3;

/// An unknown word's rate, and how many occurrences that guess weighs: a word's rate is
/// `(in_cue + PRIOR_WEIGHT × PRIOR) / (occurrences + PRIOR_WEIGHT)`.
const PRIOR: f64 = 0.2;
const PRIOR_WEIGHT: f64 = 2.0;

/// An indirect attribution is kept when one of its cue's words has at least this rate: a word
/// seen four times or more and never in a cue falls under it. Chosen on PolNeAR dev (`parallax
/// eval quotes`, all attributions, source / cue / content F1): 0 (no filter) gives 67.3 / 64.2 /
/// 52.0, 0.04 gives 67.5 / 64.7 / 52.4, 0.08 gives 67.7 / 65.1 / 52.6, 0.1 gives 67.5 / 65.2 /
/// 52.9, 0.15 gives 67.3 / 65.3 / 53.0. Quoted attributions are never filtered.
pub const REPORTING_FLOOR: f64 = 0.08;

/// Auxiliary verbs, left out of a cue's words when its rates are weighed.
pub(crate) const AUXILIARIES: [&str; 14] = [
    "have", "has", "had", "is", "are", "was", "were", "be", "been", "will", "would", "do", "does",
    "did",
];

/// Per hashed lowercase word: occurrences in the training paragraphs, and how many of them were
/// inside a gold cue.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CueWordRates {
    counts: HashMap<u64, (u32, u32)>,
}

impl CueWordRates {
    /// Counts every word of the paragraphs, and those inside their cues (a word is inside when
    /// its first byte is); words seen fewer than [`MIN_OCCURRENCES`] times are dropped.
    pub fn learn(paragraphs: &[RoleParagraph]) -> CueWordRates {
        let mut counts: HashMap<u64, (u32, u32)> = HashMap::new();
        for paragraph in paragraphs {
            let cues: Vec<Span> = paragraph
                .roles
                .iter()
                .filter(|(role, _)| *role == Role::Cue)
                .map(|(_, span)| *span)
                .collect();
            for (start, word) in words(&paragraph.text) {
                let entry = counts.entry(fnv1a_str(&word)).or_insert((0, 0));
                entry.0 += 1;
                if cues.iter().any(|cue| cue.start() <= start && start < cue.end()) {
                    entry.1 += 1;
                }
            }
        }
        counts.retain(|_, (occurrences, _)| *occurrences >= MIN_OCCURRENCES);
        CueWordRates { counts }
    }

    /// Number of words with counts.
    pub fn len(&self) -> usize {
        self.counts.len()
    }

    /// Whether no word has counts (a model written before the table existed).
    pub fn is_empty(&self) -> bool {
        self.counts.is_empty()
    }

    /// The share of a lowercase word's occurrences inside a cue, drawn towards [`PRIOR`] when it
    /// was seen rarely (an unknown word has the prior).
    pub fn rate(&self, word: &str) -> f64 {
        let (occurrences, in_cue) = self.counts.get(&fnv1a_str(word)).copied().unwrap_or((0, 0));
        (f64::from(in_cue) + PRIOR_WEIGHT * PRIOR) / (f64::from(occurrences) + PRIOR_WEIGHT)
    }

    /// Whether a cue's text can report: it has no words, one of them reaches
    /// [`REPORTING_FLOOR`], or there are no counts to tell.
    /// Auxiliaries speak for no cue: "have imposed" reports no more than "imposed" does,
    /// though "have" often stands in cues ("have said").
    pub fn can_report(&self, cue: &str) -> bool {
        let mut words = words(cue).filter(|(_, w)| !AUXILIARIES.contains(&w.as_str())).peekable();
        self.is_empty()
            || words.peek().is_none()
            || words.any(|(_, word)| self.rate(&word) >= REPORTING_FLOOR)
    }

    /// Appends the table: a count, then each entry (hash, occurrences, in a cue) in hash order,
    /// little-endian.
    pub(crate) fn write(&self, out: &mut Vec<u8>) {
        let mut entries: Vec<(&u64, &(u32, u32))> = self.counts.iter().collect();
        entries.sort_unstable();
        out.extend_from_slice(&u32::try_from(entries.len()).unwrap_or(u32::MAX).to_le_bytes());
        for (hash, (occurrences, in_cue)) in entries {
            out.extend_from_slice(&hash.to_le_bytes());
            out.extend_from_slice(&occurrences.to_le_bytes());
            out.extend_from_slice(&in_cue.to_le_bytes());
        }
    }

    /// Reads a table written by [`CueWordRates::write`] that fills `bytes` exactly.
    pub(crate) fn read(bytes: &[u8]) -> Result<CueWordRates, ExtractError> {
        let bad = |reason: &str| ExtractError::BadModel { reason: format!("cue words: {reason}") };
        let (count, entries) = bytes.split_first_chunk::<4>().ok_or_else(|| bad("truncated"))?;
        let count = usize::try_from(u32::from_le_bytes(*count)).map_err(|_| bad("too large"))?;
        if entries.len() != count * 16 {
            return Err(bad("length does not match the count"));
        }
        let counts = entries
            .chunks_exact(16)
            .map(|entry| {
                let (hash, rest) = entry.split_at(8);
                let (occurrences, in_cue) = rest.split_at(4);
                let le32 = |b: &[u8]| u32::from_le_bytes([b[0], b[1], b[2], b[3]]);
                let hash = u64::from_le_bytes(hash.try_into().unwrap_or([0; 8]));
                (hash, (le32(occurrences), le32(in_cue)))
            })
            .collect();
        Ok(CueWordRates { counts })
    }
}

/// The words of a text, lowercase, with their byte offsets: runs of letters, digits and straight
/// apostrophes.
pub(crate) fn words(text: &str) -> impl Iterator<Item = (usize, String)> + '_ {
    let is_word = |c: char| c.is_alphanumeric() || c == '\'';
    let mut rest = text.char_indices().peekable();
    std::iter::from_fn(move || {
        while rest.peek().is_some_and(|&(_, c)| !is_word(c)) {
            rest.next();
        }
        let &(start, _) = rest.peek()?;
        let mut end = start;
        while let Some(&(at, c)) = rest.peek().filter(|&&(_, c)| is_word(c)) {
            end = at + c.len_utf8();
            rest.next();
        }
        Some((start, text.get(start..end)?.to_lowercase()))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn paragraph(text: &str, cues: &[&str]) -> RoleParagraph {
        let roles = cues
            .iter()
            .map(|cue| {
                let start = text.find(cue).expect("cue in text");
                (Role::Cue, Span::new(start, start + cue.len()).expect("span"))
            })
            .collect();
        RoleParagraph { text: text.to_owned(), roles }
    }

    #[test]
    fn words_are_lowercase_runs_with_their_offsets() {
        let found: Vec<(usize, String)> = words("He said: “don't” — O’Neil, 2,700.").collect();
        assert_eq!(
            found,
            vec![
                (0, "he".to_owned()),
                (3, "said".to_owned()),
                (12, "don't".to_owned()),
                (25, "o".to_owned()),
                (29, "neil".to_owned()),
                (35, "2".to_owned()),
                (37, "700".to_owned()),
            ]
        );
    }

    #[test]
    fn rates_count_words_inside_cues_and_reporting_cues_are_kept() {
        // "said" is a cue four times out of four, "canceled" never in four occurrences.
        let paragraphs = vec![
            paragraph("The mayor said the council canceled the vote.", &["said"]),
            paragraph("Officials said they canceled the trip.", &["said"]),
            paragraph("She said he canceled it.", &["said"]),
            paragraph("Canceled, said the board.", &["said"]),
        ];
        let rates = CueWordRates::learn(&paragraphs);
        assert!((rates.rate("said") - (4.0 + 0.4) / 6.0).abs() < 1e-12);
        assert!((rates.rate("canceled") - 0.4 / 6.0).abs() < 1e-12);
        // Seen fewer than three times: the prior.
        assert!((rates.rate("mayor") - PRIOR).abs() < 1e-12);
        assert!(rates.can_report("said"));
        assert!(rates.can_report("canceled, she said"));
        assert!(!rates.can_report("canceled"));
        assert!(!rates.can_report("Canceled the"));
        // Unknown words may report; a cue of punctuation alone is left to the tagger.
        assert!(rates.can_report("lambasted"));
        assert!(rates.can_report(":"));
        // No table (an older model): nothing is filtered.
        assert!(CueWordRates::default().can_report("canceled"));
        // An auxiliary often in cues ("have said") speaks for no cue.
        let rates = CueWordRates::learn(&[
            paragraph("They have said so.", &["have said"]),
            paragraph("We have said it.", &["have said"]),
            paragraph(
                "You have said no; they canceled it, canceled that, canceled all, canceled.",
                &["have said"],
            ),
        ]);
        assert!(rates.rate("have") > REPORTING_FLOOR);
        assert!(rates.can_report("have said"));
        assert!(!rates.can_report("have canceled"));
    }

    #[test]
    fn the_table_round_trips_and_damage_is_an_error() {
        let rates = CueWordRates::learn(&[
            paragraph("a said b said c said", &["said"]),
            paragraph("d noted e noted f noted", &["noted"]),
        ]);
        assert_eq!(rates.len(), 2);
        let mut bytes = Vec::new();
        rates.write(&mut bytes);
        assert_eq!(CueWordRates::read(&bytes).expect("reads"), rates);
        assert!(CueWordRates::read(&bytes[..bytes.len() - 1]).is_err());
        assert!(CueWordRates::read(&bytes[..2]).is_err());
    }
}

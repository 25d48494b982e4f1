use std::collections::{BTreeMap, HashMap};

use parallax_text::{MONTH_NAMES, is_stopword, strip_possessive, word_spans};
use rayon::prelude::*;

use crate::{ClusterConfig, ClusterInput};

/// A sparse, L2-normalised term vector, sorted by term.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SparseVector {
    /// `(term, weight)` pairs sorted by term.
    pub entries: Vec<(String, f64)>,
}

impl SparseVector {
    /// Dot product with a vector held as a map.
    pub fn dot_map(&self, other: &BTreeMap<String, f64>) -> f64 {
        self.entries
            .iter()
            .map(|(term, weight)| weight * other.get(term).copied().unwrap_or(0.0))
            .sum()
    }
}

/// How many documents each term occurs in, over the corpus being clustered.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct DocumentFrequencies {
    counts: HashMap<String, u32>,
    n_docs: u32,
}

impl DocumentFrequencies {
    /// Counts terms over all `inputs`; order does not matter. The corpus size includes
    /// [`ClusterConfig::background_docs`].
    pub fn from_inputs(inputs: &[ClusterInput], config: &ClusterConfig) -> DocumentFrequencies {
        // Counted on all cores: each worker counts its share, then the counts are added up.
        let counts = inputs
            .par_iter()
            .fold(HashMap::new, |mut counts: HashMap<String, u32>, input| {
                for term in weighted_terms(input, config).into_keys() {
                    *counts.entry(term).or_default() += 1;
                }
                counts
            })
            .reduce(HashMap::new, |a, b| {
                let (mut larger, smaller) = if a.len() >= b.len() { (a, b) } else { (b, a) };
                #[expect(
                    clippy::iter_over_hash_type,
                    reason = "adding counts: order is irrelevant"
                )]
                for (term, count) in smaller {
                    *larger.entry(term).or_default() += count;
                }
                larger
            });
        let n_docs =
            u32::try_from(inputs.len()).unwrap_or(u32::MAX).saturating_add(config.background_docs);
        DocumentFrequencies { counts, n_docs }
    }

    /// Smoothed inverse document frequency: `ln((1 + n) / (1 + df)) + 1`.
    pub fn idf(&self, term: &str) -> f64 {
        let df = f64::from(self.counts.get(term).copied().unwrap_or(0));
        ((1.0 + f64::from(self.n_docs)) / (1.0 + df)).ln() + 1.0
    }
}

/// The index key of a lowercase word: possessives fold into their noun ("iran's" meets "iran").
/// Plurals are kept apart: folding them lowered B-cubed F1 on the ECB+ dev split.
fn term_key(word: &str) -> String {
    strip_possessive(word).to_owned()
}

/// Term weights of one input before IDF: title words count `title_weight`, text words 1.
fn weighted_terms(input: &ClusterInput, config: &ClusterConfig) -> BTreeMap<String, f64> {
    let mut weights: BTreeMap<String, f64> = BTreeMap::new();
    let text_words: Vec<_> = word_spans(&input.text).into_iter().take(config.text_words).collect();
    let title_words = word_spans(&input.title);
    // Names are looked for in the text only: titles capitalise every word in many house styles.
    let sources =
        [(&title_words, config.title_weight, None), (&text_words, 1.0, Some(input.text.as_str()))];
    for (found, base_weight, source) in sources {
        let text = source.unwrap_or(input.title.as_str());
        for (span, word) in joined_numbers(text, found) {
            let lower = word.to_lowercase();
            if lower.chars().count() < 2 || is_stopword(&lower) {
                continue;
            }
            let weight = if source.is_some_and(|text| is_name_like(text, span.start(), word)) {
                base_weight * config.name_weight
            } else {
                base_weight
            };
            *weights.entry(term_key(&lower)).or_default() += weight;
        }
    }
    weights
}

/// Words with each number written with separators ("6.6", "943,000", "1,000.5") made one
/// word: its parts alone ("6", "000") say nothing, while the whole tells one monthly figure from
/// another.
fn joined_numbers<'t>(
    text: &'t str,
    words: &[(parallax_model::Span, &'t str)],
) -> Vec<(parallax_model::Span, &'t str)> {
    let digits = |word: &str| word.bytes().all(|b| b.is_ascii_digit());
    // A word, or a number joined before: digits with separators (words never start with one).
    let number = |word: &str| word.bytes().all(|b| b.is_ascii_digit() || b == b'.' || b == b',');
    let mut out: Vec<(parallax_model::Span, &'t str)> = Vec::with_capacity(words.len());
    for &(span, word) in words {
        if let Some((last, last_word)) = out.last_mut()
            && digits(word)
            && number(last_word)
            && span.start() == last.end() + 1
            && matches!(text.as_bytes().get(last.end()), Some(b'.' | b','))
            && let (Some(joined), Some(whole)) = (
                parallax_model::Span::new(last.start(), span.end()),
                text.get(last.start()..span.end()),
            )
        {
            *last = joined;
            *last_word = whole;
            continue;
        }
        out.push((span, word));
    }
    out
}

/// Whether the word at `start` of `text` looks like part of a name: capitalised, not all capitals,
/// and not the first word of a sentence (the previous non-space character is not end punctuation,
/// and the word does not start a line).
fn is_name_like(text: &str, start: usize, word: &str) -> bool {
    let mut chars = word.chars();
    let Some(first) = chars.next() else { return false };
    if !first.is_uppercase() || word.chars().all(|c| !c.is_lowercase()) {
        return false;
    }
    let before = text.get(..start).unwrap_or("");
    match before.trim_end_matches([' ', '\t', '"', '\'', '“', '‘', '(']).chars().next_back() {
        None => false,
        Some(prev) => !matches!(prev, '.' | '!' | '?' | '\n' | ':'),
    }
}

/// English weekday names, Monday first: bit `i` of a weekday mask stands for `WEEKDAYS[i]`.
const WEEKDAYS: [&str; 7] =
    ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"];

/// The weekdays an input's title and first `words` text words name ("on Wednesday", "Friday's
/// ruling"), as a mask (bit 0 Monday, 0 for none). News leads name the day of their event;
/// reports of two events of one kind (two monthly jobs reports, two votes on a bill) usually
/// name different days.
pub fn weekday_mask(input: &ClusterInput, words: usize) -> u8 {
    let mut mask = 0u8;
    for found in [word_spans(&input.title), leading_word_spans(&input.text, words)] {
        for (at, (_, word)) in found.iter().enumerate() {
            if !word.starts_with(char::is_uppercase) {
                continue;
            }
            let lower = word.to_lowercase();
            let Some(day) = WEEKDAYS.iter().position(|name| *name == strip_possessive(&lower))
            else {
                continue;
            };
            // A dateline ("Monday, May 23, 2005") dates the page, not the event.
            let dateline = found
                .get(at + 1)
                .is_some_and(|(_, next)| MONTH_NAMES.contains(&next.to_lowercase().as_str()));
            if !dateline {
                mask |= 1 << day;
            }
        }
    }
    mask
}

/// The first `n` of `word_spans(text)`, reading only as much of a long text as they need (the
/// online pass reads every document's lead, and articles run to thousands of words).
fn leading_word_spans(text: &str, n: usize) -> Vec<(parallax_model::Span, &str)> {
    let mut budget = n.saturating_mul(16).max(64);
    loop {
        // Cut at white space: no word runs across it, so the prefix's words are the text's.
        let cut = text
            .char_indices()
            .skip_while(|(at, _)| *at < budget)
            .find(|(_, c)| c.is_whitespace())
            .map_or(text.len(), |(at, _)| at);
        let mut spans = word_spans(text.get(..cut).unwrap_or(text));
        if spans.len() >= n || cut == text.len() {
            spans.truncate(n);
            return spans;
        }
        budget = budget.saturating_mul(2);
    }
}

/// The TF-IDF vector of an input: sublinear term frequency times IDF, L2-normalised.
pub fn features(
    input: &ClusterInput,
    frequencies: &DocumentFrequencies,
    config: &ClusterConfig,
) -> SparseVector {
    let mut entries: Vec<(String, f64)> = weighted_terms(input, config)
        .into_iter()
        .map(|(term, weight)| {
            let idf = frequencies.idf(&term);
            (term, (1.0 + weight.ln().max(0.0)) * idf)
        })
        .collect();
    let norm = entries.iter().map(|(_, weight)| weight * weight).sum::<f64>().sqrt();
    if norm > 0.0 {
        for entry in &mut entries {
            entry.1 /= norm;
        }
    }
    SparseVector { entries }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn possessives_fold_plurals_stay() {
        assert_eq!(term_key("iran's"), "iran");
        assert_eq!(term_key("iran’s"), "iran");
        assert_eq!(term_key("protests"), "protests");
    }

    /// An undated input with this title and text.
    fn input(title: &str, text: &str) -> ClusterInput {
        ClusterInput {
            doc_id: parallax_model::DocId::from_hex(&"ab".repeat(8)).unwrap(),
            date: None,
            title: title.to_owned(),
            text: text.to_owned(),
            embedding: None,
            language: None,
        }
    }

    fn weights(title: &str, text: &str, config: &ClusterConfig) -> BTreeMap<String, f64> {
        weighted_terms(&input(title, text), config)
    }

    #[test]
    fn weekdays_come_from_the_title_and_the_lead() {
        let mask = |title: &str, text: &str, words: usize| weekday_mask(&input(title, text), words);
        // Monday is bit 0, Sunday bit 6; possessives count.
        assert_eq!(mask("Council votes Monday", "The vote on Sunday's plan.", 10), 1 | 1 << 6);
        // Only the first `words` text words are read.
        assert_eq!(mask("Council votes", "The council met and then on Friday voted.", 5), 0);
        assert_eq!(mask("Council votes", "The council met and then on Friday voted.", 8), 1 << 4);
        // A dateline dates the page; lowercase words are not days.
        assert_eq!(mask("TUESDAY, MAY 24, 2005", "Votes are cast.", 10), 0);
        assert_eq!(mask("Council votes", "A monday-ish mood.", 10), 0);
    }

    #[test]
    fn leading_words_are_the_texts_first_words() {
        let text = "Ardun's council met. ".repeat(40) + "U.S.-based observers—then left.";
        for n in [0, 1, 5, 40, 119, 120, 121, 130, 500] {
            let mut all = word_spans(&text);
            all.truncate(n);
            assert_eq!(leading_word_spans(&text, n), all, "{n} words");
        }
    }

    #[test]
    fn numbers_with_separators_are_one_term() {
        let config = ClusterConfig::default();
        let terms = |text: &str| weights("", text, &config).into_keys().collect::<Vec<_>>();
        assert_eq!(terms("Claims rose to 6.6 million"), ["6.6", "claims", "million", "rose"]);
        assert_eq!(terms("It added 943,000 jobs"), ["943,000", "added", "jobs"]);
        assert_eq!(terms("A 1,000,000.5 total"), ["1,000,000.5", "total"]);
        // A full stop or comma between a number and a word, or with a space after it, parts.
        assert_eq!(terms("In 2019, 12 piers"), ["12", "2019", "piers"]);
        assert_eq!(terms("Pier 12.Then 40"), ["12", "40", "pier"]);
        // Title words are joined too.
        let title = weights("Jobs rise by 4.4 million", "", &config);
        assert!(title.contains_key("4.4"), "{title:?}");
    }

    #[test]
    fn names_inside_a_sentence_weigh_more() {
        let config = ClusterConfig { name_weight: 2.0, ..ClusterConfig::default() };
        let found = weights("", "Police said Jamal Williams was held. Police freed him.", &config);
        // Capitalised inside the sentence: names. "Police" starts both sentences: not a name.
        assert_eq!(found["jamal"], 2.0);
        assert_eq!(found["williams"], 2.0);
        assert_eq!(found["police"], 2.0);
        assert_eq!(found["held"], 1.0);
        // All capitals is shouting, not a name.
        let shouted = weights("", "the CHARGERS won", &config);
        assert_eq!(shouted["chargers"], 1.0);
        assert!(is_name_like("said Ardun", 5, "Ardun"));
        assert!(!is_name_like("Ardun said", 0, "Ardun"));
        assert!(!is_name_like("end. Ardun", 5, "Ardun"));
    }

    #[test]
    fn title_words_take_the_title_weight() {
        let config = ClusterConfig { title_weight: 3.0, ..ClusterConfig::default() };
        let found = weights("harbour storm", "the harbour reopened", &config);
        assert_eq!(found["harbour"], 4.0);
        assert_eq!(found["storm"], 3.0);
        assert_eq!(found["reopened"], 1.0);
    }

    #[test]
    fn document_frequencies_count_each_term_once_per_document() {
        // Enough documents to be counted in several parts on several cores.
        let inputs: Vec<ClusterInput> = (0..3000u32)
            .map(|n| ClusterInput {
                doc_id: parallax_model::DocId::from_hex(&format!("{n:08x}").repeat(2)).unwrap(),
                date: None,
                title: "velmora".to_owned(),
                text: format!("velmora velmora pier{} quay{}", n % 7, n % 2),
                embedding: None,
                language: None,
            })
            .collect();
        let config = ClusterConfig { background_docs: 0, ..ClusterConfig::default() };
        let frequencies = DocumentFrequencies::from_inputs(&inputs, &config);
        assert_eq!(frequencies.n_docs, 3000);
        assert_eq!(frequencies.counts["velmora"], 3000);
        assert_eq!(frequencies.counts["pier3"], 429);
        assert_eq!(frequencies.counts["quay1"], 1500);
        assert_eq!(frequencies.counts.len(), 1 + 7 + 2);
    }

    #[test]
    fn background_documents_soften_idf_on_small_corpora() {
        let config = ClusterConfig { background_docs: 0, ..ClusterConfig::default() };
        let inputs: Vec<ClusterInput> = (0..3u8)
            .map(|n| ClusterInput {
                doc_id: parallax_model::DocId::from_hex(&format!("{n:02x}").repeat(8)).unwrap(),
                date: None,
                title: String::new(),
                text: format!("velmora pier {}", ["storm", "ferry", "quay"][usize::from(n)]),
                embedding: None,
                language: None,
            })
            .collect();
        let plain = DocumentFrequencies::from_inputs(&inputs, &config);
        // In every document: the lowest possible IDF, 1.
        assert!((plain.idf("velmora") - 1.0).abs() < 1e-12);
        let with_prior = DocumentFrequencies::from_inputs(
            &inputs,
            &ClusterConfig { background_docs: 50, ..config },
        );
        assert!(with_prior.idf("velmora") > 3.0);
        assert!(with_prior.idf("storm") > with_prior.idf("velmora"));
    }
}

use std::collections::{BTreeMap, HashMap};

use parallax_text::{is_stopword, word_spans};

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
        let mut counts: HashMap<String, u32> = HashMap::new();
        for input in inputs {
            for term in weighted_terms(input, config).into_keys() {
                *counts.entry(term).or_default() += 1;
            }
        }
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

/// A light English stemmer: folds plurals and possessives so "protests" meets "protest".
fn stem(word: &str) -> String {
    let word = word.trim_end_matches("'s").trim_end_matches("’s");
    if let Some(base) = word.strip_suffix("ies").filter(|base| base.len() >= 3) {
        return format!("{base}y");
    }
    if word.ends_with("ss") || word.ends_with("us") || word.ends_with("is") || word.len() <= 3 {
        return word.to_owned();
    }
    word.strip_suffix('s').unwrap_or(word).to_owned()
}

/// Term weights of one input before IDF: title words count `title_weight`, lead words 1, and words
/// that are capitalised inside a sentence (names) gain `name_weight` on top.
fn weighted_terms(input: &ClusterInput, config: &ClusterConfig) -> BTreeMap<String, f64> {
    let mut weights: BTreeMap<String, f64> = BTreeMap::new();
    let lead_words: Vec<_> = word_spans(&input.lead).into_iter().take(config.lead_words).collect();
    let title_words = word_spans(&input.title);
    let sources =
        [(&title_words, &input.title, config.title_weight), (&lead_words, &input.lead, 1.0)];
    for (found, text, base_weight) in sources {
        for (idx, (span, word)) in found.iter().enumerate() {
            let lower = word.to_lowercase();
            if lower.chars().count() < 2
                || is_stopword(&lower)
                || lower.chars().all(|ch| ch.is_ascii_digit())
            {
                continue;
            }
            let previous_char =
                text.get(..span.start()).and_then(|before| before.trim_end().chars().last());
            let sentence_start =
                idx == 0 || matches!(previous_char, Some('.' | '!' | '?' | '"' | '“'));
            let is_name = !sentence_start && word.chars().next().is_some_and(char::is_uppercase);
            let weight = base_weight + if is_name { config.name_weight } else { 0.0 };
            *weights.entry(stem(&lower)).or_default() += weight;
        }
    }
    weights
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
    fn stems_plurals_only() {
        assert_eq!(stem("protests"), "protest");
        assert_eq!(stem("countries"), "country");
        assert_eq!(stem("iran's"), "iran");
        assert_eq!(stem("press"), "press");
        assert_eq!(stem("bus"), "bus");
    }
}

//! The named-entity tagger: a [`Perceptron`] over BIO tags of the four CoNLL-2003 types with
//! word, shape, affix, context and word-cluster features.

use crate::ExtractError;
use crate::perceptron::{self, Example, Perceptron, TrainConfig, hash_features, shape};
use crate::word_clusters::WordClusters;

/// The tags, BIO over the four CoNLL-2003 entity types.
pub const TAGS: [&str; 9] =
    ["O", "B-PER", "I-PER", "B-ORG", "I-ORG", "B-LOC", "I-LOC", "B-MISC", "I-MISC"];

const MAGIC: &[u8; 8] = b"PXNER03\n";

/// A tag's index in [`TAGS`], if it is one.
pub fn tag_index(tag: &str) -> Option<usize> {
    TAGS.iter().position(|known| *known == tag)
}

/// A trained named-entity tagger.
#[derive(Debug, Clone, PartialEq)]
pub struct NerModel {
    weights: Perceptron,
}

impl NerModel {
    /// The model shipped with Parallax: trained on CoNLL-2003 English by `parallax train ner`
    /// (its training text is not shipped, only the weights of hashed features).
    pub fn bundled() -> Result<NerModel, ExtractError> {
        NerModel::from_bytes(include_bytes!("../data/ner-conll2003.bin"))
    }

    /// The most likely tag (an index into [`TAGS`]) of every word of a sentence.
    pub fn tag(&self, words: &[&str]) -> Vec<usize> {
        self.weights.decode(&sentence_features(words, self.weights.hash_bits()))
    }

    /// The model as bytes (see `Perceptron::to_bytes`).
    pub fn to_bytes(&self) -> Vec<u8> {
        self.weights.to_bytes(MAGIC)
    }

    /// Reads a model written by [`NerModel::to_bytes`].
    pub fn from_bytes(bytes: &[u8]) -> Result<NerModel, ExtractError> {
        Ok(NerModel { weights: Perceptron::from_bytes(bytes, MAGIC, &TAGS, "NER")? })
    }
}

/// A sentence of training data: words and their tag indices.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TaggedSentence {
    /// The words.
    pub words: Vec<String>,
    /// One tag index per word.
    pub tags: Vec<usize>,
}

/// A trained model, the pass it comes from (0-based) and its score.
#[derive(Debug, Clone, PartialEq)]
pub struct Trained<M> {
    /// The averaged model after the best pass.
    pub model: M,
    /// That pass, 0-based.
    pub epoch: usize,
    /// Its score.
    pub score: f64,
}

/// Trains an entity tagger; after each pass `score` rates the averaged model (on held-out data)
/// and the best pass is returned (ties go to the later pass).
pub fn train(
    sentences: &[TaggedSentence],
    config: &TrainConfig,
    score: &mut dyn FnMut(usize, &NerModel) -> f64,
) -> Trained<NerModel> {
    let examples: Vec<Example> = sentences
        .iter()
        .map(|sentence| {
            let words: Vec<&str> = sentence.words.iter().map(String::as_str).collect();
            Example {
                features: sentence_features(&words, config.hash_bits),
                tags: sentence.tags.clone(),
            }
        })
        .collect();
    let (weights, epoch, value) = perceptron::train(&TAGS, &examples, config, &mut |epoch, w| {
        score(epoch, &NerModel { weights: w.clone() })
    });
    Trained { model: NerModel { weights }, epoch, score: value }
}

/// The cluster granularity (index into the table's levels) of the neighbour features.
const NEIGHBOUR_LEVEL: usize = 2;

/// Hashed feature rows of every word of a sentence.
fn sentence_features(words: &[&str], hash_bits: u32) -> Vec<Vec<u32>> {
    let lower: Vec<String> = words.iter().map(|w| w.to_lowercase()).collect();
    let shapes: Vec<String> = words.iter().map(|w| shape(w)).collect();
    let all_caps_sentence = words
        .iter()
        .filter(|w| w.chars().any(char::is_alphabetic))
        .all(|w| w.chars().filter(|c| c.is_alphabetic()).all(char::is_uppercase));
    let at = |items: &[String], idx: isize| -> String {
        if idx < 0 {
            "<s>".to_owned()
        } else {
            items.get(idx as usize).cloned().unwrap_or_else(|| "</s>".to_owned())
        }
    };
    let clusters = WordClusters::bundled();
    let mut out = Vec::with_capacity(words.len());
    for (idx, word) in words.iter().enumerate() {
        let i = idx as isize;
        let w = &lower[idx];
        let chars: Vec<char> = w.chars().collect();
        let mut feats: Vec<String> = vec![
            "bias".to_owned(),
            format!("w={w}"),
            format!("cw={word}"),
            format!("sh={}", shapes[idx]),
            format!("p-1={}", at(&lower, i - 1)),
            format!("p+1={}", at(&lower, i + 1)),
            format!("p-2={}", at(&lower, i - 2)),
            format!("p+2={}", at(&lower, i + 2)),
            format!("s-1={}", at(&shapes, i - 1)),
            format!("s+1={}", at(&shapes, i + 1)),
            format!("s-1s={}|{}", at(&shapes, i - 1), shapes[idx]),
            format!("ss+1={}|{}", shapes[idx], at(&shapes, i + 1)),
            format!("w-1w={}|{w}", at(&lower, i - 1)),
            format!("ww+1={w}|{}", at(&lower, i + 1)),
            format!("first={}|{}", idx == 0, shapes[idx]),
            format!("caps={all_caps_sentence}|{}", shapes[idx]),
        ];
        for n in 1..=4 {
            if chars.len() >= n {
                feats.push(format!("pre{n}={}", chars[..n].iter().collect::<String>()));
                feats.push(format!(
                    "suf{n}={}",
                    chars[chars.len() - n..].iter().collect::<String>()
                ));
            }
        }
        if all_caps_sentence {
            feats.push(format!("capsw={w}"));
        }
        // Word clusters (of the lower-case word): every granularity for the word, the 512-way
        // one for its neighbours; "-" outside the table or the sentence.
        if let Some(ids) = clusters.of(w) {
            for (level, id) in ids.iter().enumerate() {
                feats.push(format!("c{level}={id}"));
            }
        }
        let near = |idx: isize| -> String {
            usize::try_from(idx)
                .ok()
                .and_then(|idx| lower.get(idx))
                .and_then(|word| clusters.of(word))
                .and_then(|ids| ids.get(NEIGHBOUR_LEVEL))
                .map_or_else(|| "-".to_owned(), u16::to_string)
        };
        feats.push(format!("cl={}", near(i - 1)));
        feats.push(format!("cr={}", near(i + 1)));
        out.push(hash_features(&feats, hash_bits));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sentence(words: &str, tags: &str) -> TaggedSentence {
        TaggedSentence {
            words: words.split(' ').map(str::to_owned).collect(),
            tags: tags.split(' ').map(|tag| tag_index(tag).unwrap()).collect(),
        }
    }

    #[test]
    fn learns_a_tiny_language_and_round_trips() {
        let data = vec![
            sentence("Ardo Velm visited Korrin .", "B-PER I-PER O B-LOC O"),
            sentence("Velm met Tasha Orn in Korrin .", "B-PER O B-PER I-PER O B-LOC O"),
            sentence("The Korrin Council met .", "O B-ORG I-ORG O O"),
            sentence("Tasha Orn left Dunmere .", "B-PER I-PER O B-LOC O"),
        ];
        let config = TrainConfig { epochs: 8, hash_bits: 12, seed: 3 };
        let model = train(&data, &config, &mut |_, _| 0.0).model;
        for item in &data {
            let words: Vec<&str> = item.words.iter().map(String::as_str).collect();
            assert_eq!(model.tag(&words), item.tags, "{:?}", item.words);
        }
        let restored = NerModel::from_bytes(&model.to_bytes()).unwrap();
        assert_eq!(restored, model);
        assert!(NerModel::from_bytes(b"garbage").is_err());
        assert!(NerModel::from_bytes(&model.to_bytes()[..20]).is_err());
    }
}

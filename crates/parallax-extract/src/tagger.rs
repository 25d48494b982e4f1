//! The named-entity tagger: a [`Perceptron`] over BIO tags of the four CoNLL-2003 types with
//! word, shape, affix, context and word-cluster features.

use crate::ExtractError;
use crate::gazetteer::{NameList, PlaceMatch};
use crate::perceptron::{self, Example, FeatureHasher, Perceptron, TrainConfig, shape};
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
    ///
    /// A word ending in `'s` ("Korea's", "Obama’s", "it's") is tagged as CoNLL-2003, the
    /// training data, writes it: the word and `'s` apart. Joined, it is a word the tagger never
    /// saw ("South Korea's" came out as MISC, "Iran's" as no entity); split, the name is tagged
    /// as itself and the joined word takes its tag.
    pub fn tag(&self, words: &[&str]) -> Vec<usize> {
        let split: Vec<Option<usize>> = words.iter().map(|word| possessive_base(word)).collect();
        if split.iter().all(Option::is_none) {
            return self.weights.decode(&sentence_features(words, self.weights.hash_bits()));
        }
        let mut expanded: Vec<&str> = Vec::with_capacity(words.len() + split.len());
        let mut at = Vec::with_capacity(words.len());
        for (word, base) in words.iter().zip(&split) {
            at.push(expanded.len());
            match base {
                Some(end) => {
                    expanded.push(word.get(..*end).unwrap_or(word));
                    expanded.push("'s");
                }
                None => expanded.push(word),
            }
        }
        let tags = self.weights.decode(&sentence_features(&expanded, self.weights.hash_bits()));
        at.into_iter().map(|idx| tags[idx]).collect()
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

/// Where the word before a final `'s` ends ("Korea's", "Obama’s", "it's": before the
/// apostrophe); `None` for any other word and for a bare "'s". CoNLL-2003 writes the two apart.
pub(crate) fn possessive_base(word: &str) -> Option<usize> {
    let base = parallax_text::strip_possessive(word);
    (base.len() < word.len() && base.chars().any(char::is_alphanumeric)).then_some(base.len())
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

/// Hashed feature rows of every word of a sentence, hashed from one reused buffer
/// ([`FeatureHasher`]: the same rows as hashing the formatted strings).
fn sentence_features(words: &[&str], hash_bits: u32) -> Vec<Vec<u32>> {
    let lower: Vec<String> = words.iter().map(|w| w.to_lowercase()).collect();
    let shapes: Vec<String> = words.iter().map(|w| shape(w)).collect();
    let all_caps_sentence = words
        .iter()
        .filter(|w| w.chars().any(char::is_alphabetic))
        .all(|w| w.chars().filter(|c| c.is_alphabetic()).all(char::is_uppercase));
    fn at(items: &[String], idx: isize) -> &str {
        if idx < 0 { "<s>" } else { items.get(idx.unsigned_abs()).map_or("</s>", String::as_str) }
    }
    let clusters = WordClusters::bundled();
    let places = NameList::places().find(words, &lower, all_caps_sentence);
    let place_at = |idx: isize| -> &'static str {
        match usize::try_from(idx).ok().and_then(|i| places.get(i)).copied().flatten() {
            Some(PlaceMatch::Begin(1)) => "U",
            Some(PlaceMatch::Begin(_)) => "B",
            Some(PlaceMatch::Inside) => "I",
            None => "-",
        }
    };
    let mut hasher = FeatureHasher::new(hash_bits);
    let mut out = Vec::with_capacity(words.len());
    for (idx, word) in words.iter().enumerate() {
        let i = idx as isize;
        let w = lower[idx].as_str();
        let sh = shapes[idx].as_str();
        let mut h = |feature: std::fmt::Arguments<'_>| hasher.hash(feature);
        let mut row = vec![
            h(format_args!("bias")),
            h(format_args!("w={w}")),
            h(format_args!("cw={word}")),
            h(format_args!("sh={sh}")),
            h(format_args!("p-1={}", at(&lower, i - 1))),
            h(format_args!("p+1={}", at(&lower, i + 1))),
            h(format_args!("p-2={}", at(&lower, i - 2))),
            h(format_args!("p+2={}", at(&lower, i + 2))),
            h(format_args!("s-1={}", at(&shapes, i - 1))),
            h(format_args!("s+1={}", at(&shapes, i + 1))),
            h(format_args!("s-1s={}|{sh}", at(&shapes, i - 1))),
            h(format_args!("ss+1={sh}|{}", at(&shapes, i + 1))),
            h(format_args!("w-1w={}|{w}", at(&lower, i - 1))),
            h(format_args!("ww+1={w}|{}", at(&lower, i + 1))),
            h(format_args!("first={}|{sh}", idx == 0)),
            h(format_args!("caps={all_caps_sentence}|{sh}")),
        ];
        // Byte offsets of each character, and the end: affixes are slices of the word.
        let bounds: Vec<usize> = w.char_indices().map(|(at, _)| at).chain([w.len()]).collect();
        let n_chars = bounds.len() - 1;
        for n in 1..=4.min(n_chars) {
            row.push(h(format_args!("pre{n}={}", w.get(..bounds[n]).unwrap_or(""))));
            row.push(h(format_args!("suf{n}={}", w.get(bounds[n_chars - n]..).unwrap_or(""))));
        }
        if all_caps_sentence {
            row.push(h(format_args!("capsw={w}")));
        }
        // Word clusters (of the lower-case word): every granularity for the word, the 512-way
        // one for its neighbours; "-" outside the table or the sentence.
        if let Some(ids) = clusters.of(w) {
            for (level, id) in ids.iter().enumerate() {
                row.push(h(format_args!("c{level}={id}")));
            }
        }
        let near = |idx: isize| -> Option<u16> {
            clusters.cluster(lower.get(usize::try_from(idx).ok()?)?, NEIGHBOUR_LEVEL)
        };
        for (name, id) in [("cl", near(i - 1)), ("cr", near(i + 1))] {
            match id {
                Some(id) => row.push(h(format_args!("{name}={id}"))),
                None => row.push(h(format_args!("{name}=-"))),
            }
        }
        // Gazetteer membership: the word's place in a place name of the sentence (a one-word
        // name, the beginning or the inside of a longer one), with its shape, and its
        // neighbours'.
        let place = place_at(i);
        if place != "-" {
            row.push(h(format_args!("gz={place}")));
            row.push(h(format_args!("gzs={place}|{sh}")));
        }
        row.push(h(format_args!("gzn={}|{}", place_at(i - 1), place_at(i + 1))));
        out.push(row);
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
    fn a_final_apostrophe_s_is_split_off() {
        assert_eq!(possessive_base("Korea's"), Some(5));
        assert_eq!(possessive_base("Obama’s"), Some(5));
        assert_eq!(possessive_base("it's"), Some(2));
        assert_eq!(possessive_base("'s"), None);
        assert_eq!(possessive_base("Reuters"), None);
        assert_eq!(possessive_base("its"), None);
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

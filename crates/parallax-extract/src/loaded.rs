//! The loaded-language tagger: a [`Perceptron`] over BIO tags of one kind, marking the words an
//! author chooses for their emotional charge or as labels ("terrorist riots", "thugs", "the
//! regime"). Trained by `parallax train loaded` on the Loaded_Language and Name_Calling spans of
//! the Propaganda Techniques Corpus; only the weights of hashed features ship.

use std::borrow::Cow;
use std::io::{Read, Write};

use flate2::Compression;
use flate2::read::GzDecoder;
use flate2::write::GzEncoder;
use parallax_model::{CleanDocument, LoadedPhrase, RawDocument, Span};

use crate::ExtractError;
use crate::article::{in_document, read_regions};
use crate::perceptron::{self, Example, FeatureHasher, Perceptron, TrainConfig, shape};
use crate::tagger::Trained;
use crate::tokens::{Token, bio_tags, tokenize};
use crate::word_clusters::WordClusters;

/// The cluster granularity (index into the table's levels) of the neighbour features.
const PAIR_LEVEL: usize = 2;
/// The neighbour cluster of a word outside the table (the sentence edge is this plus one).
const NO_CLUSTER: u32 = u32::MAX - 1;

/// The tags: outside, and the beginning and inside of a loaded span.
pub const LOADED_TAGS: [&str; 3] = ["O", "B-LOADED", "I-LOADED"];

const MAGIC: &[u8; 8] = b"PXLDL02\n";
/// The first two bytes of a gzip stream.
const GZIP_MAGIC: [u8; 2] = [0x1f, 0x8b];

/// A trained loaded-language tagger.
#[derive(Debug, Clone, PartialEq)]
pub struct LoadedModel {
    weights: Perceptron,
}

impl LoadedModel {
    /// The model shipped with Parallax (`data/loaded-ptc.bin.gz`, written by `parallax train
    /// loaded`).
    pub fn bundled() -> Result<LoadedModel, ExtractError> {
        LoadedModel::from_bytes(include_bytes!("../data/loaded-ptc.bin.gz"))
    }

    /// The size of its feature table, as a power of two.
    pub fn hash_bits(&self) -> u32 {
        self.weights.hash_bits()
    }

    /// The loaded spans of one sentence, as byte spans of it.
    pub fn sentence_spans(&self, sentence: &str) -> Vec<Span> {
        self.prepared_spans(&prepare_sentence(sentence, self.weights.hash_bits()))
    }

    /// The loaded spans of a sentence prepared by [`prepare_sentence`] (with this model's
    /// feature table size), as byte spans of it: the same as [`LoadedModel::sentence_spans`],
    /// without tokenizing and hashing again.
    pub fn prepared_spans(&self, prepared: &PreparedSentence) -> Vec<Span> {
        if prepared.tokens.is_empty() {
            return Vec::new();
        }
        let tags = self.weights.decode(&prepared.features);
        let names: Vec<&str> = tags.iter().map(|&tag| LOADED_TAGS[tag]).collect();
        parallax_text::bio_chunks(&names)
            .into_iter()
            .filter_map(|(_, start, end)| {
                Span::new(prepared.tokens.get(start)?.start(), prepared.tokens.get(end - 1)?.end())
            })
            .collect()
    }

    /// [`LoadedModel::prepared_spans`] with `extra[token][tag]` added to the tagger's scores
    /// (a [`crate::DenseLoaded`]'s, say).
    pub fn prepared_spans_plus(
        &self,
        prepared: &PreparedSentence,
        extra: &[Vec<f32>],
    ) -> Vec<Span> {
        if prepared.tokens.is_empty() {
            return Vec::new();
        }
        let tags = self.weights.decode_plus(&prepared.features, extra);
        let names: Vec<&str> = tags.iter().map(|&tag| LOADED_TAGS[tag]).collect();
        parallax_text::bio_chunks(&names)
            .into_iter()
            .filter_map(|(_, start, end)| {
                Span::new(prepared.tokens.get(start)?.start(), prepared.tokens.get(end - 1)?.end())
            })
            .collect()
    }

    /// The loaded spans of a text (split into sentences), as byte spans of it.
    pub fn spans(&self, text: &str) -> Vec<Span> {
        let mut out = Vec::new();
        for sentence in parallax_text::sentence_spans(text) {
            let Some(words) = sentence.slice(text) else { continue };
            out.extend(self.sentence_spans(words).into_iter().filter_map(|span| {
                Span::new(sentence.start() + span.start(), sentence.start() + span.end())
            }));
        }
        out
    }

    /// A copy whose every loaded tag scores `delta` more per token: positive marks more words
    /// (recall for precision), negative fewer. Training tunes it on held-out articles.
    pub fn shifted(&self, delta: f32) -> LoadedModel {
        let mut weights = self.weights.clone();
        weights.shift_into(&[1, 2], delta);
        LoadedModel { weights }
    }

    /// The mean of models trained alike (with different shuffles): one model, usually a little
    /// better than each. `None` when they differ in table size or there are none.
    pub fn mean_of(models: &[LoadedModel]) -> Option<LoadedModel> {
        let weights: Vec<Perceptron> = models.iter().map(|m| m.weights.clone()).collect();
        Some(LoadedModel { weights: Perceptron::mean_of(&weights)? })
    }

    /// The model as bytes: `Perceptron::to_bytes` in a gzip stream (the table of this tagger
    /// is the largest Parallax ships; gzip halves it).
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut encoder = GzEncoder::new(Vec::new(), Compression::best());
        // Writing to a `Vec` cannot fail.
        let written =
            encoder.write_all(&self.weights.to_bytes(MAGIC)).and_then(|()| encoder.finish());
        written.unwrap_or_default()
    }

    /// Reads a model written by [`LoadedModel::to_bytes`], or the plain table (without gzip).
    pub fn from_bytes(bytes: &[u8]) -> Result<LoadedModel, ExtractError> {
        let table = if bytes.starts_with(&GZIP_MAGIC) {
            let mut out = Vec::new();
            GzDecoder::new(bytes).read_to_end(&mut out).map_err(|err| ExtractError::BadModel {
                reason: format!("loaded-language model: damaged gzip stream: {err}"),
            })?;
            Cow::Owned(out)
        } else {
            Cow::Borrowed(bytes)
        };
        Ok(LoadedModel {
            weights: Perceptron::from_bytes(&table, MAGIC, &LOADED_TAGS, "loaded-language")?,
        })
    }
}

/// The loaded phrases of an article's title and kept paragraphs, with raw spans, in text order.
pub fn document_loaded(
    model: &LoadedModel,
    raw: &RawDocument,
    cleaned: &CleanDocument,
) -> Vec<LoadedPhrase> {
    let mut out = Vec::new();
    for (region, text) in read_regions(raw, cleaned) {
        for found in model.spans(text) {
            if let Some(span) = in_document(region, found) {
                out.push(LoadedPhrase {
                    doc_id: raw.id.clone(),
                    span,
                    text: span.slice(&raw.text).unwrap_or_default().to_owned(),
                });
            }
        }
    }
    out
}

/// A sentence tokenized and turned into hashed features once, to be tagged by many models (as
/// training does when it tries shifts on held-out articles).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PreparedSentence {
    tokens: Vec<Span>,
    features: Vec<Vec<u32>>,
}

impl PreparedSentence {
    /// The byte spans of its tokens in the sentence.
    pub fn token_spans(&self) -> &[Span] {
        &self.tokens
    }
}

/// Prepares a sentence for models whose feature table has `hash_bits` bits.
pub fn prepare_sentence(sentence: &str, hash_bits: u32) -> PreparedSentence {
    let tokens = tokenize(sentence);
    PreparedSentence {
        features: sentence_features(&tokens, hash_bits),
        tokens: tokens.iter().map(|t| t.span).collect(),
    }
}

/// A sentence of training data with its gold loaded spans (bytes of the sentence).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MarkedSentence {
    /// The sentence.
    pub text: String,
    /// Its loaded spans.
    pub spans: Vec<Span>,
}

/// Trains a loaded-language tagger; after each pass `score` rates the averaged model (on
/// held-out data) and the best pass is returned.
pub fn train_loaded(
    sentences: &[MarkedSentence],
    config: &TrainConfig,
    score: &mut dyn FnMut(usize, &LoadedModel) -> f64,
) -> Trained<LoadedModel> {
    let examples: Vec<Example> = sentences
        .iter()
        .filter_map(|sentence| {
            let tokens = tokenize(&sentence.text);
            (!tokens.is_empty()).then(|| Example {
                features: sentence_features(&tokens, config.hash_bits),
                tags: bio_tags(&tokens, sentence.spans.iter().map(|&span| (1, span))),
            })
        })
        .collect();
    let (weights, epoch, value) =
        perceptron::train(&LOADED_TAGS, &examples, config, &mut |epoch, weights| {
            score(epoch, &LoadedModel { weights: weights.clone() })
        });
    Trained { model: LoadedModel { weights }, epoch, score: value }
}

fn is_quote_mark(text: &str) -> bool {
    matches!(text, "\"" | "“" | "”" | "‘" | "’" | "'" | "«" | "»")
}

/// Hashed feature rows of every token of a sentence: the word, its neighbours and the three
/// together, prefixes and suffixes of 2 to 5 letters (a stand-in for stems and parts of speech:
/// "-ous", "-ist", "-ly", "terror-"), shape, whether it sits inside quotation marks, and the
/// sentence's exclamation.
fn sentence_features(tokens: &[Token<'_>], hash_bits: u32) -> Vec<Vec<u32>> {
    let lower: Vec<String> = tokens.iter().map(|t| t.text.to_lowercase()).collect();
    let at = |idx: isize| -> &str {
        if idx < 0 { "<s>" } else { lower.get(idx as usize).map_or("</s>", String::as_str) }
    };
    let exclaims = tokens.iter().any(|t| t.text == "!");
    let mut quoted = false;
    let mut hasher = FeatureHasher::new(hash_bits);
    let clusters = WordClusters::bundled();
    let mut out = Vec::with_capacity(tokens.len());
    for (idx, token) in tokens.iter().enumerate() {
        let i = idx as isize;
        let w = lower[idx].as_str();
        if is_quote_mark(token.text) && token.text != "’" {
            quoted = !quoted;
        }
        let mut h = |feature: std::fmt::Arguments<'_>| hasher.hash(feature);
        let mut row = vec![
            h(format_args!("bias")),
            h(format_args!("w={w}")),
            h(format_args!("sh={}", shape(token.text))),
            h(format_args!("p-1={}", at(i - 1))),
            h(format_args!("p+1={}", at(i + 1))),
            h(format_args!("p-2={}", at(i - 2))),
            h(format_args!("p+2={}", at(i + 2))),
            h(format_args!("w-1w={}|{w}", at(i - 1))),
            h(format_args!("ww+1={w}|{}", at(i + 1))),
            h(format_args!("q={quoted}")),
            h(format_args!("x={exclaims}")),
            h(format_args!("first={}", idx == 0)),
        ];
        // Byte offsets of each character, and the end: affixes are slices of the word.
        let bounds: Vec<usize> = w.char_indices().map(|(at, _)| at).chain([w.len()]).collect();
        let n_chars = bounds.len() - 1;
        for n in 2..=5 {
            if n_chars > n {
                row.push(h(format_args!("suf{n}={}", w.get(bounds[n_chars - n]..).unwrap_or(""))));
            }
        }
        for (n, &end) in bounds.iter().enumerate().take(6).skip(3) {
            if n_chars > n {
                row.push(h(format_args!("pre{n}={}", w.get(..end).unwrap_or(""))));
            }
        }
        row.push(h(format_args!("tri={}|{w}|{}", at(i - 1), at(i + 1))));
        // Word clusters: every granularity for the word, the middle-fine one (512) for its
        // neighbours and the pairs it makes with them.
        if let Some(ids) = clusters.of(w) {
            for (level, id) in ids.iter().enumerate() {
                row.push(h(format_args!("c{level}={id}")));
            }
        }
        let near = |idx: isize| -> u32 {
            match usize::try_from(idx).ok().and_then(|idx| lower.get(idx)) {
                Some(word) => clusters.cluster(word, PAIR_LEVEL).map_or(NO_CLUSTER, u32::from),
                None => NO_CLUSTER + 1,
            }
        };
        let (left, centre, right) = (near(i - 1), near(i), near(i + 1));
        row.push(h(format_args!("cl={left}")));
        row.push(h(format_args!("cr={right}")));
        row.push(h(format_args!("clc={left}|{centre}")));
        row.push(h(format_args!("ccr={centre}|{right}")));
        out.push(row);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn marked(text: &str, loaded: &[&str]) -> MarkedSentence {
        let spans = loaded
            .iter()
            .map(|word| {
                let start = text.find(word).unwrap();
                Span::new(start, start + word.len()).unwrap()
            })
            .collect();
        MarkedSentence { text: text.to_owned(), spans }
    }

    #[test]
    fn learns_loaded_words_and_round_trips() {
        let data = vec![
            marked("The vile cabal met on Monday .", &["vile cabal"]),
            marked("Officials met on Tuesday .", &[]),
            marked("Those thugs marched again !", &["thugs"]),
            marked("Residents marched again .", &[]),
        ];
        let config = TrainConfig { epochs: 10, hash_bits: 12, seed: 5 };
        let model = train_loaded(&data, &config, &mut |_, _| 0.0).model;
        for sentence in &data {
            let found: Vec<&str> = model
                .sentence_spans(&sentence.text)
                .into_iter()
                .filter_map(|span| span.slice(&sentence.text))
                .collect();
            let gold: Vec<&str> =
                sentence.spans.iter().filter_map(|span| span.slice(&sentence.text)).collect();
            assert_eq!(found, gold, "{}", sentence.text);
        }
        let text = "Officials met on Tuesday. Those thugs marched again!";
        let spans = model.spans(text);
        assert_eq!(spans.iter().filter_map(|s| s.slice(text)).collect::<Vec<_>>(), ["thugs"]);
        assert_eq!(LoadedModel::from_bytes(&model.to_bytes()).unwrap(), model);
        for sentence in &data {
            let prepared = prepare_sentence(&sentence.text, 12);
            assert_eq!(model.prepared_spans(&prepared), model.sentence_spans(&sentence.text));
        }
        assert!(LoadedModel::from_bytes(b"PXNER02\nrest").is_err());
        // Stored in gzip, read with or without it; a damaged stream is an error, not a panic.
        let bytes = model.to_bytes();
        assert!(bytes.starts_with(&GZIP_MAGIC));
        let mut plain = Vec::new();
        GzDecoder::new(bytes.as_slice()).read_to_end(&mut plain).unwrap();
        assert!(plain.starts_with(MAGIC));
        assert_eq!(LoadedModel::from_bytes(&plain).unwrap(), model);
        let cut = bytes.get(..bytes.len() / 2).unwrap();
        assert!(LoadedModel::from_bytes(cut).is_err());
    }

    #[test]
    fn added_scores_move_the_decoding() {
        let model = LoadedModel::bundled().unwrap();
        let text = "Officials met the committee on Tuesday .";
        let prepared = prepare_sentence(text, model.hash_bits());
        assert_eq!(model.prepared_spans_plus(&prepared, &[]), model.prepared_spans(&prepared));
        // Scores that strongly favour "begin" on "committee" and "outside" elsewhere mark it.
        let extra: Vec<Vec<f32>> = prepared
            .token_spans()
            .iter()
            .map(|span| {
                let begin = span.slice(text) == Some("committee");
                if begin { vec![-1e4, 1e4, -1e4] } else { vec![1e4, -1e4, -1e4] }
            })
            .collect();
        let found = model.prepared_spans_plus(&prepared, &extra);
        assert_eq!(found.iter().filter_map(|s| s.slice(text)).collect::<Vec<_>>(), ["committee"]);
    }

    #[test]
    fn the_bundled_model_loads() {
        assert!(LoadedModel::bundled().is_ok());
    }
}

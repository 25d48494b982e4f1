//! The contextual side of the loaded-language tagger: a softmax regression over the loaded tags
//! from contextual word vectors (MiniLM's last layer, averaged over a word's pieces). Its
//! log-probabilities, scaled, are added to the tagger's scores when the MiniLM files are
//! installed and asked for ([`document_loaded_contextual`]); the weights ship in
//! `data/loaded-contextual-ptc.bin` (`parallax train loaded --contextual`).

use parallax_model::{CleanDocument, LoadedPhrase, RawDocument, Span};

use crate::ExtractError;
use crate::article::{in_document, read_regions};
use crate::loaded::{LOADED_TAGS, LoadedModel, MarkedSentence, prepare_sentence};
use crate::perceptron::shuffle;
use crate::tokens::{bio_tags, tokenize};

const MAGIC: &[u8; 8] = b"PXCTX02\n";

const N_TAGS: usize = LOADED_TAGS.len();

/// Settings of [`DenseLoaded::train`].
#[derive(Debug, Clone, PartialEq)]
pub struct DenseConfig {
    /// Passes over the tokens.
    pub epochs: usize,
    /// Step size of the (AdaGrad) updates.
    pub rate: f32,
    /// L2 penalty per update.
    pub l2: f32,
    /// Seed of the token order.
    pub seed: u64,
}

impl Default for DenseConfig {
    fn default() -> Self {
        DenseConfig { epochs: 8, rate: 0.05, l2: 1e-6, seed: 17 }
    }
}

/// A trained softmax regression over [`LOADED_TAGS`].
#[derive(Debug, Clone, PartialEq)]
pub struct DenseLoaded {
    dim: usize,
    /// Per-dimension mean and inverse deviation of the training vectors.
    mean: Vec<f32>,
    inverse_deviation: Vec<f32>,
    /// `N_TAGS × (dim + 1)` weights, the bias last.
    weights: Vec<f32>,
}

impl DenseLoaded {
    /// Trains on sentences whose every token (as [`tokenize`] cuts it) has a vector of `dim`
    /// values. Sentences whose vector count differs from their token count are skipped.
    pub fn train(
        sentences: &[(&MarkedSentence, &[Vec<f32>])],
        dim: usize,
        config: &DenseConfig,
    ) -> DenseLoaded {
        let mut rows: Vec<(&[f32], usize)> = Vec::new();
        for (sentence, vectors) in sentences {
            let tokens = tokenize(&sentence.text);
            if tokens.len() != vectors.len() {
                continue;
            }
            let tags = bio_tags(&tokens, sentence.spans.iter().map(|&span| (1, span)));
            rows.extend(
                vectors
                    .iter()
                    .zip(tags)
                    .filter(|(vector, _)| vector.len() == dim)
                    .map(|(v, tag)| (v.as_slice(), tag)),
            );
        }
        let (mean, inverse_deviation) = moments(rows.iter().map(|(v, _)| *v), dim);
        let mut model =
            DenseLoaded { dim, mean, inverse_deviation, weights: vec![0.0; N_TAGS * (dim + 1)] };
        let mut squares = vec![1e-8f32; model.weights.len()];
        let mut order: Vec<usize> = (0..rows.len()).collect();
        let mut state = config.seed.max(1);
        let mut x = vec![0.0f32; dim + 1];
        for _ in 0..config.epochs {
            shuffle(&mut order, &mut state);
            for &idx in &order {
                let (vector, gold) = rows[idx];
                model.standardised(vector, &mut x);
                let probs = model.probabilities(&x);
                for tag in 0..N_TAGS {
                    let error = probs[tag] - f32::from(u8::from(tag == gold));
                    let row = &mut model.weights[tag * (dim + 1)..(tag + 1) * (dim + 1)];
                    let sq = &mut squares[tag * (dim + 1)..(tag + 1) * (dim + 1)];
                    for ((w, s), xi) in row.iter_mut().zip(sq.iter_mut()).zip(&x) {
                        let g = error * xi + config.l2 * *w;
                        *s += g * g;
                        *w -= config.rate * g / s.sqrt();
                    }
                }
            }
        }
        model
    }

    /// The model as little-endian bytes: the dimension, then means, inverse deviations and
    /// weights.
    fn write(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(&u32::try_from(self.dim).unwrap_or(u32::MAX).to_le_bytes());
        for value in self.mean.iter().chain(&self.inverse_deviation).chain(&self.weights) {
            out.extend_from_slice(&value.to_le_bytes());
        }
    }

    fn read(bytes: &[u8]) -> Option<(DenseLoaded, &[u8])> {
        let (dim, rest) = bytes.split_first_chunk::<4>()?;
        let dim = usize::try_from(u32::from_le_bytes(*dim)).ok()?;
        let n = dim.checked_mul(2)?.checked_add(N_TAGS.checked_mul(dim.checked_add(1)?)?)?;
        let body = rest.get(..n.checked_mul(4)?)?;
        let values: Vec<f32> =
            body.chunks_exact(4).map(|c| f32::from_le_bytes([c[0], c[1], c[2], c[3]])).collect();
        let model = DenseLoaded {
            dim,
            mean: values[..dim].to_vec(),
            inverse_deviation: values[dim..2 * dim].to_vec(),
            weights: values[2 * dim..].to_vec(),
        };
        Some((model, &rest[n * 4..]))
    }

    /// The vector dimension the model reads.
    pub fn dim(&self) -> usize {
        self.dim
    }

    /// `scale` times the log-probability of each tag, per token: scores to add to the tagger's.
    /// A token whose vector has the wrong length gets none.
    pub fn scores(&self, vectors: &[Vec<f32>], scale: f32) -> Vec<Vec<f32>> {
        let mut x = vec![0.0f32; self.dim + 1];
        vectors
            .iter()
            .map(|vector| {
                if vector.len() != self.dim {
                    return vec![0.0; N_TAGS];
                }
                self.standardised(vector, &mut x);
                self.probabilities(&x).iter().map(|p| scale * p.max(1e-6).ln()).collect()
            })
            .collect()
    }

    fn standardised(&self, vector: &[f32], x: &mut [f32]) {
        for (((slot, v), m), inv) in
            x.iter_mut().zip(vector).zip(&self.mean).zip(&self.inverse_deviation)
        {
            *slot = (v - m) * inv;
        }
        x[self.dim] = 1.0;
    }

    fn probabilities(&self, x: &[f32]) -> [f32; N_TAGS] {
        let mut logits = [0.0f32; N_TAGS];
        for (tag, logit) in logits.iter_mut().enumerate() {
            let row = &self.weights[tag * (self.dim + 1)..(tag + 1) * (self.dim + 1)];
            *logit = row.iter().zip(x).map(|(w, xi)| w * xi).sum();
        }
        let top = logits.iter().fold(f32::NEG_INFINITY, |a, &b| a.max(b));
        let mut total = 0.0;
        for logit in &mut logits {
            *logit = (*logit - top).exp();
            total += *logit;
        }
        logits.map(|p| p / total)
    }
}

/// Per-dimension mean and inverse standard deviation (1 where a dimension is constant).
fn moments<'a>(vectors: impl Iterator<Item = &'a [f32]>, dim: usize) -> (Vec<f32>, Vec<f32>) {
    let (mut sum, mut squares, mut n) = (vec![0.0f64; dim], vec![0.0f64; dim], 0usize);
    for vector in vectors {
        n += 1;
        for ((s, q), v) in sum.iter_mut().zip(squares.iter_mut()).zip(vector) {
            *s += f64::from(*v);
            *q += f64::from(*v) * f64::from(*v);
        }
    }
    #[expect(clippy::cast_precision_loss, reason = "a count")]
    let n = n.max(1) as f64;
    let mean: Vec<f64> = sum.iter().map(|s| s / n).collect();
    let inverse = squares
        .iter()
        .zip(&mean)
        .map(|(q, m)| {
            let variance = (q / n - m * m).max(0.0);
            if variance > 1e-12 { (1.0 / variance.sqrt()) as f32 } else { 1.0 }
        })
        .collect();
    (mean.into_iter().map(|m| m as f32).collect(), inverse)
}

/// The contextual model as the tagger uses it: its scores are multiplied by `scale` and the
/// tagger's loaded tags shifted by `shift` more (both chosen together on held-out articles).
#[derive(Debug, Clone, PartialEq)]
pub struct ContextualLoaded {
    /// The regression.
    pub dense: DenseLoaded,
    /// The factor of its log-probabilities.
    pub scale: f32,
    /// The extra shift of the tagger's loaded tags (see [`LoadedModel::shifted`]).
    pub shift: f32,
    /// The MiniLM layers whose output the vectors are (the hidden states after them).
    pub layers: u32,
}

impl ContextualLoaded {
    /// The model shipped with Parallax, matched to [`LoadedModel::bundled`].
    pub fn bundled() -> Result<ContextualLoaded, ExtractError> {
        ContextualLoaded::from_bytes(include_bytes!("../data/loaded-contextual-ptc.bin"))
    }

    /// The model as bytes.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = MAGIC.to_vec();
        out.extend_from_slice(&self.scale.to_le_bytes());
        out.extend_from_slice(&self.shift.to_le_bytes());
        out.extend_from_slice(&self.layers.to_le_bytes());
        self.dense.write(&mut out);
        out
    }

    /// Reads a model written by [`ContextualLoaded::to_bytes`].
    pub fn from_bytes(bytes: &[u8]) -> Result<ContextualLoaded, ExtractError> {
        let bad = |reason: &str| ExtractError::BadModel {
            reason: format!("contextual loaded-language model: {reason}"),
        };
        let body = bytes.strip_prefix(MAGIC).ok_or_else(|| bad("wrong magic"))?;
        let (scale, body) = body.split_first_chunk::<4>().ok_or_else(|| bad("truncated"))?;
        let (shift, body) = body.split_first_chunk::<4>().ok_or_else(|| bad("truncated"))?;
        let (layers, body) = body.split_first_chunk::<4>().ok_or_else(|| bad("truncated"))?;
        let (dense, rest) = DenseLoaded::read(body).ok_or_else(|| bad("truncated weights"))?;
        if !rest.is_empty() {
            return Err(bad("trailing bytes"));
        }
        Ok(ContextualLoaded {
            dense,
            scale: f32::from_le_bytes(*scale),
            shift: f32::from_le_bytes(*shift),
            layers: u32::from_le_bytes(*layers),
        })
    }
}

/// Per sentence, per token, a vector.
pub type TokenVectors = Vec<Vec<Vec<f32>>>;

/// [`crate::document_loaded`] with the contextual model: `vectors` gives, for a list of
/// sentences, each one's token vectors (as [`tokenize`] cuts them; MiniLM's, say), and is called
/// once per article. When it fails, the article is tagged without them.
pub fn document_loaded_contextual<E>(
    model: &LoadedModel,
    contextual: &ContextualLoaded,
    raw: &RawDocument,
    cleaned: &CleanDocument,
    vectors: &dyn Fn(&[&str]) -> Result<TokenVectors, E>,
) -> Vec<LoadedPhrase> {
    let mut sentences: Vec<(Span, &str)> = Vec::new();
    for (region, text) in read_regions(raw, cleaned) {
        for sentence in parallax_text::sentence_spans(text) {
            if let (Some(words), Some(at)) = (sentence.slice(text), in_document(region, sentence)) {
                sentences.push((at, words));
            }
        }
    }
    let texts: Vec<&str> = sentences.iter().map(|(_, text)| *text).collect();
    let Ok(found) = vectors(&texts) else {
        return crate::document_loaded(model, raw, cleaned);
    };
    let shifted = model.shifted(contextual.shift);
    let mut out = Vec::new();
    for ((at, text), token_vectors) in sentences.iter().zip(&found) {
        let prepared = prepare_sentence(text, model.hash_bits());
        let extra = contextual.dense.scores(token_vectors, contextual.scale);
        for span in shifted.prepared_spans_plus(&prepared, &extra) {
            if let Some(span) = in_document(*at, span) {
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

#[cfg(test)]
mod tests {
    use super::*;

    /// Invented sentences whose loaded words have the vector `[1, 0]` and other tokens `[0, 1]`.
    fn data() -> Vec<(MarkedSentence, Vec<Vec<f32>>)> {
        let loaded = ["vile", "thugs", "disgraceful"];
        ["The vile cabal met .", "Those thugs marched .", "Officials met .", "A disgraceful vote ."]
            .into_iter()
            .map(|text| {
                let tokens = tokenize(text);
                let spans =
                    tokens.iter().filter(|t| loaded.contains(&t.text)).map(|t| t.span).collect();
                let vectors = tokens
                    .iter()
                    .map(|t| if loaded.contains(&t.text) { vec![1.0, 0.0] } else { vec![0.0, 1.0] })
                    .collect();
                (MarkedSentence { text: text.to_owned(), spans }, vectors)
            })
            .collect()
    }

    #[test]
    fn learns_from_vectors_and_round_trips() {
        let data = data();
        let refs: Vec<(&MarkedSentence, &[Vec<f32>])> =
            data.iter().map(|(m, v)| (m, v.as_slice())).collect();
        let dense = DenseLoaded::train(&refs, 2, &DenseConfig::default());
        assert_eq!(dense.dim(), 2);
        let scores = dense.scores(&[vec![1.0, 0.0], vec![0.0, 1.0], vec![0.5]], 2.0);
        // A loaded-looking vector scores "begin" above "outside"; a plain one the other way; a
        // vector of the wrong length gets no score.
        assert!(scores[0][1] > scores[0][0], "{scores:?}");
        assert!(scores[1][0] > scores[1][1], "{scores:?}");
        assert_eq!(scores[2], [0.0; N_TAGS]);
        assert!(scores[0].iter().all(|s| *s <= 0.0), "scaled log-probabilities");
        let contextual = ContextualLoaded { dense, scale: 8.0, shift: -2.5, layers: 4 };
        assert_eq!(ContextualLoaded::from_bytes(&contextual.to_bytes()).unwrap(), contextual);
        let bytes = contextual.to_bytes();
        assert!(ContextualLoaded::from_bytes(&bytes[..bytes.len() - 1]).is_err());
        assert!(ContextualLoaded::from_bytes(b"PXNER02\nrest").is_err());
    }

    #[test]
    fn the_bundled_model_loads() {
        let bundled = ContextualLoaded::bundled().unwrap();
        assert_eq!(bundled.dense.dim(), 384);
        assert!(bundled.scale > 0.0);
        assert!((1..=6).contains(&bundled.layers));
    }
}

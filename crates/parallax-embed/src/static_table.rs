use std::path::Path;

use tokenizers::Tokenizer;

use crate::bert::{existing, invalid, load_tokenizer, read};
use crate::linalg::{mean_and_covariance, symmetric_eigen};
use crate::{EmbedError, Embedder, MiniLm, normalise};

const MAGIC: &[u8] = b"PXSTATIC1\n";

/// Distillation settings.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct DistilConfig {
    /// Output dimension after PCA. Default: 256.
    pub dim: usize,
    /// Tokens embedded per forward pass. Default: 512.
    pub batch: usize,
    /// SIF coefficient `a` of the token weights `a / (a + p)`, where `p` is the Zipf estimate of
    /// a token's probability from its frequency rank. Default: 1e-4, as model2vec.
    pub sif: f64,
    /// Frequency rank given to the tokens listed before the first word ("the") in BERT's
    /// vocabulary: punctuation, single characters and reserved tokens, frequent or useless in
    /// news text. Default: 10.
    pub symbol_rank: usize,
}

impl Default for DistilConfig {
    fn default() -> Self {
        DistilConfig { dim: 256, batch: 512, sif: 1e-4, symbol_rank: 10 }
    }
}

/// A per-token embedding table: a text's vector is the normalised sum of its tokens' rows.
#[derive(Debug)]
pub struct StaticEmbedding {
    pub(crate) tokenizer: Tokenizer,
    /// `vocab × dim`, row-major, weights already applied.
    pub(crate) table: Vec<f32>,
    pub(crate) dim: usize,
}

impl StaticEmbedding {
    /// Distils a table from MiniLM: each vocabulary token is embedded on its own (`[CLS] token
    /// [SEP]`, mean-pooled), the vectors are reduced by PCA to `config.dim`, and each row is
    /// scaled by its SIF weight. `progress(done, total)` is called after each batch.
    pub fn distil(
        model: &MiniLm,
        config: &DistilConfig,
        progress: &mut dyn FnMut(usize, usize),
    ) -> Result<StaticEmbedding, EmbedError> {
        let tokenizer = model.tokenizer().clone();
        let vocab = tokenizer.get_vocab_size(true);
        let special = |token: &str| {
            tokenizer
                .token_to_id(token)
                .ok_or_else(|| EmbedError::Tokenizer(format!("no {token} token")))
        };
        let (cls, sep) = (special("[CLS]")?, special("[SEP]")?);
        let mut rows: Vec<Vec<f32>> = Vec::with_capacity(vocab);
        let ids: Vec<u32> = (0..u32::try_from(vocab).unwrap_or(u32::MAX)).collect();
        for chunk in ids.chunks(config.batch.max(1)) {
            let sequences: Vec<Vec<u32>> = chunk.iter().map(|&id| vec![cls, id, sep]).collect();
            rows.extend(model.embed_ids(&sequences)?);
            progress(rows.len(), vocab);
        }
        let full = model.dim();
        let dim = config.dim.min(full);
        let (mean, covariance) = mean_and_covariance(&rows, full);
        let (_, components) = symmetric_eigen(covariance, full);
        // BERT's vocabulary lists reserved tokens and single characters first, then word pieces
        // by falling frequency from "the" on: a token's frequency rank is its distance from "the".
        let first_word = tokenizer.token_to_id("the").map_or(0, |id| id as usize);
        let rank_of = |id: usize| id.checked_sub(first_word).unwrap_or(config.symbol_rank);
        let harmonic: f64 = (1..=vocab).map(|rank| 1.0 / rank as f64).sum();
        let mut table = Vec::with_capacity(vocab * dim);
        for (id, row) in rows.iter().enumerate() {
            let probability = 1.0 / ((rank_of(id) + 1) as f64 * harmonic);
            let weight = config.sif / (config.sif + probability);
            for component in components.iter().take(dim) {
                let projected: f64 = row
                    .iter()
                    .zip(&mean)
                    .zip(component)
                    .map(|((x, m), c)| (f64::from(*x) - m) * c)
                    .sum();
                table.push((projected * weight) as f32);
            }
        }
        Ok(StaticEmbedding { tokenizer, table, dim })
    }

    /// Writes the table (the tokenizer stays with the MiniLM files).
    pub fn save(&self, path: &Path) -> Result<(), EmbedError> {
        let vocab = self.table.len() / self.dim.max(1);
        let mut bytes = Vec::with_capacity(MAGIC.len() + 8 + self.table.len() * 4);
        bytes.extend_from_slice(MAGIC);
        for value in [vocab, self.dim] {
            bytes.extend_from_slice(&u32::try_from(value).unwrap_or(u32::MAX).to_le_bytes());
        }
        for value in &self.table {
            bytes.extend_from_slice(&value.to_le_bytes());
        }
        fs_err::write(path, bytes)
            .map_err(|source| EmbedError::Io { path: path.to_owned(), source })
    }

    /// Loads a table written by [`StaticEmbedding::save`] and the tokenizer it was distilled with.
    pub fn load(table: &Path, tokenizer: &Path) -> Result<StaticEmbedding, EmbedError> {
        let tokenizer = load_tokenizer(tokenizer)?;
        let bytes = read(&existing(table)?)?;
        let body = bytes
            .strip_prefix(MAGIC)
            .ok_or_else(|| invalid(table, "not a Parallax static embedding table".to_owned()))?;
        let word = |at: usize| -> Option<usize> {
            let raw: [u8; 4] = body.get(at..at + 4)?.try_into().ok()?;
            usize::try_from(u32::from_le_bytes(raw)).ok()
        };
        let (Some(vocab), Some(dim)) = (word(0), word(4)) else {
            return Err(invalid(table, "truncated header".to_owned()));
        };
        let values = body.get(8..).unwrap_or_default();
        if dim == 0 || values.len() != vocab * dim * 4 {
            return Err(invalid(table, format!("expected {vocab} × {dim} values")));
        }
        if vocab != tokenizer.get_vocab_size(true) {
            return Err(invalid(table, "vocabulary size differs from the tokenizer's".to_owned()));
        }
        let table = values
            .chunks_exact(4)
            .map(|chunk| f32::from_le_bytes([chunk[0], chunk[1], chunk[2], chunk[3]]))
            .collect();
        Ok(StaticEmbedding { tokenizer, table, dim })
    }
}

impl Embedder for StaticEmbedding {
    fn dim(&self) -> usize {
        self.dim
    }

    fn embed(&self, texts: &[&str]) -> Result<Vec<Vec<f32>>, EmbedError> {
        let encodings = self
            .tokenizer
            .encode_batch(texts.to_vec(), false)
            .map_err(|error| EmbedError::Tokenizer(error.to_string()))?;
        Ok(encodings
            .iter()
            .map(|encoding| {
                let mut vector = vec![0.0f32; self.dim];
                for &id in encoding.get_ids() {
                    let start = id as usize * self.dim;
                    if let Some(row) = self.table.get(start..start + self.dim) {
                        for (slot, value) in vector.iter_mut().zip(row) {
                            *slot += value;
                        }
                    }
                }
                normalise(&mut vector);
                vector
            })
            .collect())
    }

    fn name(&self) -> &'static str {
        "static"
    }
}

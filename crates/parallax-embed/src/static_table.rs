use std::collections::HashMap;
use std::hash::{BuildHasher, RandomState};
use std::path::Path;
use std::sync::Mutex;

use rayon::prelude::*;
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
    /// The token ids of whitespace-separated words seen before ([`StaticEmbedding::token_ids`]).
    words: WordCache,
}

/// Words at most this long (in bytes) are cached.
const CACHED_WORD_BYTES: usize = 48;
/// A cache shard is emptied when it holds this many words (about 64 MB over all shards at most).
const WORDS_PER_SHARD: usize = 1 << 14;
/// Shards of the word cache: the embedders run on all cores.
const SHARDS: usize = 64;

/// Token ids by whitespace-separated word, in shards behind locks.
#[derive(Debug)]
struct WordCache {
    shards: Vec<Mutex<HashMap<String, Box<[u32]>>>>,
    /// Picks a word's shard.
    hasher: RandomState,
}

impl WordCache {
    fn new() -> WordCache {
        WordCache {
            shards: (0..SHARDS).map(|_| Mutex::new(HashMap::new())).collect(),
            hasher: RandomState::new(),
        }
    }

    fn shard(&self, word: &str) -> &Mutex<HashMap<String, Box<[u32]>>> {
        let shards = self.shards.len() as u64;
        &self.shards[usize::try_from(self.hasher.hash_one(word) % shards).unwrap_or(0)]
    }
}

/// Whether BERT's normaliser and pre-tokeniser treat `c` as a word boundary: Unicode white space,
/// except the control characters among it (vertical tab, form feed, next line), which the
/// normaliser deletes instead.
fn separates_words(c: char) -> bool {
    c.is_whitespace() && !matches!(c, '\u{b}' | '\u{c}' | '\u{85}')
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
        Ok(StaticEmbedding::new(tokenizer, table, dim))
    }

    fn new(tokenizer: Tokenizer, table: Vec<f32>, dim: usize) -> StaticEmbedding {
        StaticEmbedding { tokenizer, table, dim, words: WordCache::new() }
    }

    /// The token ids whose rows make up a text's vector: exactly the tokenizer's (no special
    /// tokens, truncated as the tokenizer truncates), found word by word. BERT's normaliser and
    /// pre-tokeniser never join or split across white space, so a text's tokens are its
    /// whitespace-separated words' tokens in a row; each word is tokenised once and cached, which
    /// makes embedding a stream of news several times faster than tokenising every text whole.
    pub fn token_ids(&self, text: &str) -> Result<Vec<u32>, EmbedError> {
        let limit = self.tokenizer.get_truncation().map_or(usize::MAX, |params| params.max_length);
        let mut ids = Vec::new();
        for word in text.split(separates_words).filter(|word| !word.is_empty()) {
            if ids.len() >= limit {
                break;
            }
            if word.len() > CACHED_WORD_BYTES {
                ids.extend_from_slice(&self.encode_word(word)?);
                continue;
            }
            let shard = self.words.shard(word);
            let cached = lock(shard).get(word).map(|found| ids.extend_from_slice(found));
            if cached.is_none() {
                let found = self.encode_word(word)?;
                ids.extend_from_slice(&found);
                let mut shard = lock(shard);
                if shard.len() >= WORDS_PER_SHARD {
                    shard.clear();
                }
                shard.insert(word.to_owned(), found.into_boxed_slice());
            }
        }
        ids.truncate(limit);
        Ok(ids)
    }

    fn encode_word(&self, word: &str) -> Result<Vec<u32>, EmbedError> {
        let encoding = self
            .tokenizer
            .encode(word, false)
            .map_err(|error| EmbedError::Tokenizer(error.to_string()))?;
        Ok(encoding.get_ids().to_vec())
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
        Ok(StaticEmbedding::new(tokenizer, table, dim))
    }
}

/// The shard's map, even if another thread panicked holding it (a cache stays usable).
fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

impl Embedder for StaticEmbedding {
    fn dim(&self) -> usize {
        self.dim
    }

    fn embed(&self, texts: &[&str]) -> Result<Vec<Vec<f32>>, EmbedError> {
        texts
            .par_iter()
            .map(|text| {
                let mut vector = vec![0.0f32; self.dim];
                for id in self.token_ids(text)? {
                    let start = id as usize * self.dim;
                    if let Some(row) = self.table.get(start..start + self.dim) {
                        for (slot, value) in vector.iter_mut().zip(row) {
                            *slot += value;
                        }
                    }
                }
                normalise(&mut vector);
                Ok(vector)
            })
            .collect()
    }

    fn name(&self) -> &'static str {
        "static"
    }
}

#[cfg(test)]
mod tests {
    use std::str::FromStr;

    use tokenizers::TruncationParams;

    use super::*;

    /// A BERT tokenizer as MiniLM's is built (normaliser, pre-tokeniser, WordPiece) over an
    /// invented vocabulary, truncating at `max_length` tokens.
    fn tokenizer(max_length: usize) -> Tokenizer {
        let words = [
            "[UNK]", "the", "pier", "##s", "harbour", "cafe", ",", ".", "港", "口", "storm", "##y",
            "a", "b", "ab", "velmora", "-", "'", "closed",
        ];
        let vocab: Vec<String> =
            words.iter().enumerate().map(|(id, word)| format!("\"{word}\": {id}")).collect();
        let json = format!(
            r###"{{"version": "1.0", "truncation": null, "padding": null, "added_tokens": [],
            "normalizer": {{"type": "BertNormalizer", "clean_text": true,
                "handle_chinese_chars": true, "strip_accents": null, "lowercase": true}},
            "pre_tokenizer": {{"type": "BertPreTokenizer"}}, "post_processor": null,
            "decoder": null, "model": {{"type": "WordPiece", "unk_token": "[UNK]",
                "continuing_subword_prefix": "##", "max_input_chars_per_word": 100,
                "vocab": {{{}}}}}}}"###,
            vocab.join(", ")
        );
        let mut tokenizer = Tokenizer::from_str(&json).unwrap();
        tokenizer
            .with_truncation(Some(TruncationParams { max_length, ..Default::default() }))
            .unwrap();
        tokenizer
    }

    const TRICKY: [&str; 9] = [
        "The storms closed the Velmora pier.",
        "Café,harbour-piers\tthe\nstormy\r\nharbour's",
        // Control characters inside white space: the normaliser deletes vertical tab, form feed
        // and next line (joining the words around them) and zero-width space.
        "a\u{b}b a\u{c}b a\u{85}b a\u{200b}b a\u{feff}b",
        // Other white space separates.
        "a\u{a0}b a\u{2028}b a\u{3000}b a\u{2009}b",
        // Chinese characters become words of their own; unknown words are [UNK].
        "velmora港口harbour zebra ÉCOLE",
        "",
        "   \t  ",
        // Longer than the cached words.
        "harbourharbourharbourharbourharbourharbourharbourharbour,pier,pier.",
        "pier pier pier pier pier pier pier pier pier pier pier pier pier pier pier pier",
    ];

    #[test]
    fn token_ids_are_the_tokenizers_whatever_the_text() {
        for max_length in [4, 7, 512] {
            let tokenizer = tokenizer(max_length);
            let vocab = tokenizer.get_vocab_size(true);
            let embedding = StaticEmbedding::new(tokenizer.clone(), vec![0.0; vocab * 2], 2);
            // Twice: the second pass reads the cache.
            for text in TRICKY.iter().chain(&TRICKY) {
                let expected = tokenizer.encode(*text, false).unwrap().get_ids().to_vec();
                assert_eq!(
                    embedding.token_ids(text).unwrap(),
                    expected,
                    "{text:?} at {max_length}"
                );
            }
        }
    }

    #[test]
    fn a_text_is_the_normalised_sum_of_its_rows() {
        let tokenizer = tokenizer(512);
        let vocab = tokenizer.get_vocab_size(true);
        // Row `id` is (id, 1).
        let table: Vec<f32> = (0..vocab).flat_map(|id| [id as f32, 1.0]).collect();
        let embedding = StaticEmbedding::new(tokenizer, table, 2);
        // "the pier" is tokens 1 and 2: (3, 2) normalised.
        let vectors = embedding.embed(&["the pier", "the  pier"]).unwrap();
        let norm = 13f32.sqrt();
        assert_eq!(vectors[0], vec![3.0 / norm, 2.0 / norm]);
        assert_eq!(vectors[1], vectors[0]);
    }
}

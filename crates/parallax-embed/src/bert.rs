use std::path::Path;

use candle_core::{DType, Device, Module, Tensor};
use candle_nn::{Embedding, LayerNorm, Linear, VarBuilder};
use tokenizers::{Tokenizer, TruncationParams};

use crate::{EmbedError, Embedder, normalise};

/// Tokens per input at most, as sentence-transformers' `max_seq_length` for this model.
const MAX_TOKENS: usize = 256;
/// Inputs per forward pass.
const BATCH: usize = 32;

/// The two encoder families Parallax runs (`model_type` in `config.json`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Family {
    /// BERT (all-MiniLM-L6-v2): absolute positions from 0, token-type embeddings.
    Bert,
    /// MPNet (all-mpnet-base-v2): positions from `pad_token_id + 1`, as RoBERTa counts them, no
    /// token types, and a relative-position bias shared by every layer's attention scores.
    MpNet,
}

/// The encoder settings Parallax reads from `config.json`.
#[derive(Debug, Clone, Copy)]
struct BertConfig {
    family: Family,
    hidden: usize,
    heads: usize,
    layers: usize,
    intermediate: usize,
    vocab: usize,
    positions: usize,
    /// Token types (BERT only).
    type_vocab: usize,
    /// Relative-position buckets (MPNet only).
    relative_buckets: usize,
    /// The first position id: 0 for BERT, `pad_token_id + 1` for MPNet.
    first_position: u32,
    eps: f64,
}

impl BertConfig {
    fn read(path: &Path) -> Result<BertConfig, EmbedError> {
        let text = read(path)?;
        let json: serde_json::Value =
            serde_json::from_slice(&text).map_err(|error| invalid(path, error.to_string()))?;
        let field = |name: &str| {
            json[name]
                .as_u64()
                .and_then(|v| usize::try_from(v).ok())
                .ok_or_else(|| invalid(path, format!("no {name}")))
        };
        if json["hidden_act"].as_str() != Some("gelu") {
            return Err(invalid(path, "hidden_act must be gelu".to_owned()));
        }
        let family = match json["model_type"].as_str() {
            Some("mpnet") => Family::MpNet,
            Some("bert") | None => Family::Bert,
            Some(other) => {
                return Err(invalid(path, format!("model_type {other} is not run here")));
            }
        };
        let (type_vocab, relative_buckets, first_position) = match family {
            Family::Bert => (field("type_vocab_size")?, 0, 0),
            Family::MpNet => {
                let pad = u32::try_from(field("pad_token_id")?)
                    .map_err(|_| invalid(path, "pad_token_id too large".to_owned()))?;
                (0, field("relative_attention_num_buckets")?, pad + 1)
            }
        };
        Ok(BertConfig {
            family,
            hidden: field("hidden_size")?,
            heads: field("num_attention_heads")?,
            layers: field("num_hidden_layers")?,
            intermediate: field("intermediate_size")?,
            vocab: field("vocab_size")?,
            positions: field("max_position_embeddings")?,
            type_vocab,
            relative_buckets,
            first_position,
            eps: json["layer_norm_eps"].as_f64().unwrap_or(1e-12),
        })
    }
}

#[derive(Debug)]
struct Layer {
    query: Linear,
    key: Linear,
    value: Linear,
    attention_out: Linear,
    attention_norm: LayerNorm,
    intermediate: Linear,
    output: Linear,
    output_norm: LayerNorm,
}

/// One word piece's contextual vector (see [`Encoder::token_states`]).
#[derive(Debug, Clone, PartialEq)]
pub struct PieceState {
    /// Start byte of the piece in its text.
    pub start: usize,
    /// End byte of the piece in its text.
    pub end: usize,
    /// The last layer's vector.
    pub vector: Vec<f32>,
}

/// A sentence-transformer encoder on the CPU: all-MiniLM-L6-v2 (BERT) or all-mpnet-base-v2
/// (MPNet), whichever `config.json` describes.
#[derive(Debug)]
pub struct Encoder {
    config: BertConfig,
    tokenizer: Tokenizer,
    words: Embedding,
    positions: Embedding,
    /// BERT's token-type embeddings (type 0 throughout).
    token_types: Option<Embedding>,
    /// MPNet's relative-position bias: one value per bucket and head.
    relative_bias: Option<Embedding>,
    embedding_norm: LayerNorm,
    layers: Vec<Layer>,
    device: Device,
}

impl Encoder {
    /// Loads the model from a folder holding `config.json`, `tokenizer.json` and
    /// `model.safetensors` (a BERT or an MPNet encoder).
    pub fn load(dir: &Path) -> Result<Encoder, EmbedError> {
        let config = BertConfig::read(&existing(&dir.join("config.json"))?)?;
        let tokenizer = load_tokenizer(&dir.join("tokenizer.json"))?;
        let weights_path = existing(&dir.join("model.safetensors"))?;
        let device = Device::Cpu;
        let tensors = candle_core::safetensors::load(&weights_path, &device)
            .map_err(|error| invalid(&weights_path, error.to_string()))?;
        let vb = VarBuilder::from_tensors(tensors, DType::F32, &device);
        let (h, eps) = (config.hidden, config.eps);
        let emb = vb.pp("embeddings");
        let words = candle_nn::embedding(config.vocab, h, emb.pp("word_embeddings"))?;
        let positions = candle_nn::embedding(config.positions, h, emb.pp("position_embeddings"))?;
        let (token_types, relative_bias) = match config.family {
            Family::Bert => {
                let types = emb.pp("token_type_embeddings");
                (Some(candle_nn::embedding(config.type_vocab, h, types)?), None)
            }
            Family::MpNet => {
                let bias = vb.pp("encoder.relative_attention_bias");
                (None, Some(candle_nn::embedding(config.relative_buckets, config.heads, bias)?))
            }
        };
        let embedding_norm = candle_nn::layer_norm(h, eps, emb.pp("LayerNorm"))?;
        // Where each family keeps the attention's weights.
        let [query, key, value, attention_out, attention_norm] = match config.family {
            Family::Bert => {
                ["self.query", "self.key", "self.value", "output.dense", "output.LayerNorm"]
            }
            Family::MpNet => ["attn.q", "attn.k", "attn.v", "attn.o", "LayerNorm"],
        };
        let mut layers = Vec::with_capacity(config.layers);
        for idx in 0..config.layers {
            let vb = vb.pp(format!("encoder.layer.{idx}"));
            let attention = vb.pp("attention");
            layers.push(Layer {
                query: candle_nn::linear(h, h, attention.pp(query))?,
                key: candle_nn::linear(h, h, attention.pp(key))?,
                value: candle_nn::linear(h, h, attention.pp(value))?,
                attention_out: candle_nn::linear(h, h, attention.pp(attention_out))?,
                attention_norm: candle_nn::layer_norm(h, eps, attention.pp(attention_norm))?,
                intermediate: candle_nn::linear(
                    h,
                    config.intermediate,
                    vb.pp("intermediate.dense"),
                )?,
                output: candle_nn::linear(config.intermediate, h, vb.pp("output.dense"))?,
                output_norm: candle_nn::layer_norm(h, eps, vb.pp("output.LayerNorm"))?,
            });
        }
        Ok(Encoder {
            config,
            tokenizer,
            words,
            positions,
            token_types,
            relative_bias,
            embedding_norm,
            layers,
            device,
        })
    }

    /// Token ids of `text` as the model sees it: `[CLS]`, the word pieces (at most 254), `[SEP]`.
    pub fn token_ids(&self, text: &str) -> Result<Vec<u32>, EmbedError> {
        let encoding = self
            .tokenizer
            .encode(text, true)
            .map_err(|error| EmbedError::Tokenizer(error.to_string()))?;
        Ok(encoding.get_ids().to_vec())
    }

    /// The tokenizer (shared with the static embedding distilled from this model).
    pub fn tokenizer(&self) -> &Tokenizer {
        &self.tokenizer
    }

    /// Embeds sequences of token ids (special tokens included), padded here to the longest.
    pub fn embed_ids(&self, sequences: &[Vec<u32>]) -> Result<Vec<Vec<f32>>, EmbedError> {
        let longest = sequences.iter().map(Vec::len).max().unwrap_or(0).max(1);
        let n = sequences.len();
        let mut ids = vec![0u32; n * longest];
        let mut mask = vec![0f32; n * longest];
        for (row, sequence) in sequences.iter().enumerate() {
            for (col, id) in sequence.iter().enumerate() {
                ids[row * longest + col] = *id;
                mask[row * longest + col] = 1.0;
            }
        }
        let ids = Tensor::from_vec(ids, (n, longest), &self.device)?;
        let mask = Tensor::from_vec(mask, (n, longest), &self.device)?;
        let hidden = self.forward(&ids, &mask)?;
        // Mean over the tokens under the mask.
        let mask3 = mask.unsqueeze(2)?;
        let summed = hidden.broadcast_mul(&mask3)?.sum(1)?;
        let counts = mask3.sum(1)?.clamp(1e-9, f64::MAX)?;
        let mean = summed.broadcast_div(&counts)?;
        let mut out: Vec<Vec<f32>> = mean.to_vec2()?;
        for vector in &mut out {
            normalise(vector);
        }
        Ok(out)
    }

    /// Transformer layers of the model.
    pub fn n_layers(&self) -> usize {
        self.layers.len()
    }

    /// The vector of every word piece of each text after the first `layers` transformer layers
    /// (all of them when `layers` is 0 or more than there are), with the piece's byte span in its
    /// text (special tokens dropped; texts truncated as [`Embedder::embed`] truncates them, so
    /// pieces past the limit are missing). Texts are sorted by length and batched as there.
    pub fn token_states(
        &self,
        texts: &[&str],
        layers: usize,
    ) -> Result<Vec<Vec<PieceState>>, EmbedError> {
        let encodings = self
            .tokenizer
            .encode_batch(texts.to_vec(), true)
            .map_err(|error| EmbedError::Tokenizer(error.to_string()))?;
        let mut order: Vec<usize> = (0..encodings.len()).collect();
        order.sort_by_key(|&idx| (encodings[idx].get_ids().len(), idx));
        let mut out = vec![Vec::new(); encodings.len()];
        for chunk in order.chunks(BATCH) {
            let longest =
                chunk.iter().map(|&idx| encodings[idx].get_ids().len()).max().unwrap_or(0).max(1);
            let n = chunk.len();
            let mut ids = vec![0u32; n * longest];
            let mut mask = vec![0f32; n * longest];
            for (row, &idx) in chunk.iter().enumerate() {
                for (col, id) in encodings[idx].get_ids().iter().enumerate() {
                    ids[row * longest + col] = *id;
                    mask[row * longest + col] = 1.0;
                }
            }
            let ids = Tensor::from_vec(ids, (n, longest), &self.device)?;
            let mask = Tensor::from_vec(mask, (n, longest), &self.device)?;
            let hidden: Vec<Vec<Vec<f32>>> = self.forward_layers(&ids, &mask, layers)?.to_vec3()?;
            for (&idx, rows) in chunk.iter().zip(hidden) {
                let encoding = &encodings[idx];
                out[idx] = encoding
                    .get_offsets()
                    .iter()
                    .zip(encoding.get_special_tokens_mask())
                    .zip(rows)
                    .filter(|((_, special), _)| **special == 0)
                    .map(|((&(start, end), _), vector)| PieceState { start, end, vector })
                    .collect();
            }
        }
        Ok(out)
    }

    fn forward(&self, ids: &Tensor, mask: &Tensor) -> Result<Tensor, EmbedError> {
        self.forward_layers(ids, mask, self.layers.len())
    }

    /// The hidden states after the first `layers` layers (all when 0 or too many).
    fn forward_layers(
        &self,
        ids: &Tensor,
        mask: &Tensor,
        layers: usize,
    ) -> Result<Tensor, EmbedError> {
        let layers = if layers == 0 { self.layers.len() } else { layers.min(self.layers.len()) };
        let (n, len) = ids.dims2()?;
        // Batches are padded at the end, so every real token's position is its index.
        let first = self.config.first_position;
        let positions = Tensor::arange(first, first + len as u32, &self.device)?.unsqueeze(0)?;
        let mut x = self.words.forward(ids)?.broadcast_add(&self.positions.forward(&positions)?)?;
        if let Some(token_types) = &self.token_types {
            x = x.add(&token_types.forward(&ids.zeros_like()?)?)?;
        }
        x = self.embedding_norm.forward(&x)?;
        // 0 where attended, a large negative number where padded: [n, 1, 1, len].
        let mut bias = ((mask.ones_like()? - mask)? * -1e4)?.reshape((n, 1, 1, len))?;
        if let Some(relative_bias) = &self.relative_bias {
            // [1, heads, len, len], the same for every layer.
            let buckets = relative_buckets(len, self.config.relative_buckets);
            let buckets = Tensor::from_vec(buckets, (len, len), &self.device)?;
            let relative = relative_bias.forward(&buckets)?.permute((2, 0, 1))?.unsqueeze(0)?;
            bias = bias.broadcast_add(&relative)?;
        }
        let heads = self.config.heads;
        let head_dim = self.config.hidden / heads;
        let scale = 1.0 / (head_dim as f64).sqrt();
        for layer in self.layers.iter().take(layers) {
            let split = |t: Tensor| -> Result<Tensor, candle_core::Error> {
                t.reshape((n, len, heads, head_dim))?.transpose(1, 2)?.contiguous()
            };
            let q = split(layer.query.forward(&x)?)?;
            let k = split(layer.key.forward(&x)?)?;
            let v = split(layer.value.forward(&x)?)?;
            let scores = (q.matmul(&k.t()?.contiguous()?)? * scale)?.broadcast_add(&bias)?;
            let probs = candle_nn::ops::softmax_last_dim(&scores)?;
            let context =
                probs.matmul(&v)?.transpose(1, 2)?.reshape((n, len, self.config.hidden))?;
            let attended =
                layer.attention_norm.forward(&(layer.attention_out.forward(&context)? + &x)?)?;
            let inner = layer.intermediate.forward(&attended)?.gelu_erf()?;
            x = layer.output_norm.forward(&(layer.output.forward(&inner)? + &attended)?)?;
        }
        Ok(x)
    }
}

impl Embedder for Encoder {
    fn dim(&self) -> usize {
        self.config.hidden
    }

    /// Tokenises (truncating to 256 tokens), sorts by length, and embeds in batches of 32, each
    /// padded to its longest input.
    fn embed(&self, texts: &[&str]) -> Result<Vec<Vec<f32>>, EmbedError> {
        let encodings = self
            .tokenizer
            .encode_batch(texts.to_vec(), true)
            .map_err(|error| EmbedError::Tokenizer(error.to_string()))?;
        let sequences: Vec<Vec<u32>> =
            encodings.iter().map(|encoding| encoding.get_ids().to_vec()).collect();
        let mut order: Vec<usize> = (0..sequences.len()).collect();
        order.sort_by_key(|&idx| (sequences[idx].len(), idx));
        let mut out = vec![Vec::new(); sequences.len()];
        for chunk in order.chunks(BATCH) {
            let batch: Vec<Vec<u32>> = chunk.iter().map(|&idx| sequences[idx].clone()).collect();
            for (&idx, vector) in chunk.iter().zip(self.embed_ids(&batch)?) {
                out[idx] = vector;
            }
        }
        Ok(out)
    }

    fn name(&self) -> &'static str {
        match self.config.family {
            Family::Bert => "minilm",
            Family::MpNet => "mpnet",
        }
    }
}

/// MPNet's relative-position buckets for a sequence of `len` tokens, row-major `[query, key]`:
/// half the buckets for keys after the query, half for keys before; within each half, distances
/// under a quarter of the buckets get a bucket each and longer ones share buckets on a log scale
/// up to a distance of 128 (as the reference implementation computes them, in `f32`).
fn relative_buckets(len: usize, buckets: usize) -> Vec<u32> {
    const MAX_DISTANCE: f32 = 128.0;
    let half = buckets / 2;
    let exact = half / 2;
    let mut out = Vec::with_capacity(len * len);
    for query in 0..len {
        for key in 0..len {
            let side = if key > query { half } else { 0 };
            let distance = key.abs_diff(query);
            let within = if distance < exact {
                distance
            } else {
                let scale =
                    (distance as f32 / exact as f32).ln() / (MAX_DISTANCE / exact as f32).ln();
                (exact + (scale * (half - exact) as f32) as usize).min(half - 1)
            };
            out.push(u32::try_from(side + within).unwrap_or(u32::MAX));
        }
    }
    out
}

/// Loads `tokenizer.json` without its fixed padding (batches are padded to their longest input)
/// and with truncation at [`MAX_TOKENS`].
pub(crate) fn load_tokenizer(path: &Path) -> Result<Tokenizer, EmbedError> {
    let path = existing(path)?;
    let mut tokenizer =
        Tokenizer::from_file(&path).map_err(|error| invalid(&path, error.to_string()))?;
    tokenizer.with_padding(None);
    tokenizer
        .with_truncation(Some(TruncationParams { max_length: MAX_TOKENS, ..Default::default() }))
        .map_err(|error| invalid(&path, error.to_string()))?;
    Ok(tokenizer)
}

pub(crate) fn existing(path: &Path) -> Result<std::path::PathBuf, EmbedError> {
    if path.is_file() {
        Ok(path.to_owned())
    } else {
        Err(EmbedError::Missing { path: path.to_owned() })
    }
}

pub(crate) fn read(path: &Path) -> Result<Vec<u8>, EmbedError> {
    fs_err::read(path).map_err(|source| EmbedError::Io { path: path.to_owned(), source })
}

pub(crate) fn invalid(path: &Path, detail: String) -> EmbedError {
    EmbedError::Invalid { path: path.to_owned(), detail }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mpnet_buckets_split_directions_and_share_far_distances() {
        let len = 200;
        let buckets = relative_buckets(len, 32);
        let at = |query: usize, key: usize| buckets[query * len + key];
        // Keys before the query (and the query itself) use buckets 0..16, keys after it 16..32.
        assert_eq!(at(50, 50), 0);
        assert_eq!(at(50, 49), 1);
        assert_eq!(at(50, 51), 17);
        assert_eq!(at(50, 43), 7);
        assert_eq!(at(50, 57), 23);
        // From 8 tokens on, log-spaced: 8 + floor(ln(d / 8) / ln(16) × 8).
        assert_eq!(at(50, 42), 8);
        assert_eq!(at(50, 38), 9); // 12 tokens: 8 + floor(1.17)
        assert_eq!(at(50, 34), 10); // 16 tokens: 8 + 2
        assert_eq!(at(0, 32), 16 + 12); // 32 tokens: 8 + 4
        assert_eq!(at(0, 127), 16 + 15);
        assert_eq!(at(199, 0), 15); // beyond 128 tokens: the last bucket
    }

    #[test]
    fn config_names_the_family_it_runs() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("config.json");
        let common = r#""hidden_act": "gelu", "hidden_size": 8, "num_attention_heads": 2,
            "num_hidden_layers": 1, "intermediate_size": 16, "vocab_size": 10,
            "max_position_embeddings": 20"#;
        fs_err::write(&path, format!(r#"{{{common}, "type_vocab_size": 2}}"#)).unwrap();
        let bert = BertConfig::read(&path).unwrap();
        assert_eq!((bert.family, bert.first_position, bert.type_vocab), (Family::Bert, 0, 2));
        fs_err::write(
            &path,
            format!(
                r#"{{{common}, "model_type": "mpnet", "pad_token_id": 1,
                "relative_attention_num_buckets": 32, "layer_norm_eps": 1e-5}}"#
            ),
        )
        .unwrap();
        let mpnet = BertConfig::read(&path).unwrap();
        assert_eq!(
            (mpnet.family, mpnet.first_position, mpnet.relative_buckets),
            (Family::MpNet, 2, 32)
        );
        fs_err::write(&path, format!(r#"{{{common}, "model_type": "mpnet"}}"#)).unwrap();
        assert!(BertConfig::read(&path).unwrap_err().to_string().contains("pad_token_id"));
        fs_err::write(&path, format!(r#"{{{common}, "model_type": "gpt2"}}"#)).unwrap();
        assert!(BertConfig::read(&path).unwrap_err().to_string().contains("gpt2"));
    }
}

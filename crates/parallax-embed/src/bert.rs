use std::path::Path;

use candle_core::{DType, Device, Module, Tensor};
use candle_nn::{Embedding, LayerNorm, Linear, VarBuilder};
use tokenizers::{Tokenizer, TruncationParams};

use crate::{EmbedError, Embedder, normalise};

/// Tokens per input at most, as sentence-transformers' `max_seq_length` for this model.
const MAX_TOKENS: usize = 256;
/// Inputs per forward pass.
const BATCH: usize = 32;

/// The BERT settings Parallax reads from `config.json`.
#[derive(Debug, Clone, Copy)]
struct BertConfig {
    hidden: usize,
    heads: usize,
    layers: usize,
    intermediate: usize,
    vocab: usize,
    positions: usize,
    type_vocab: usize,
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
        Ok(BertConfig {
            hidden: field("hidden_size")?,
            heads: field("num_attention_heads")?,
            layers: field("num_hidden_layers")?,
            intermediate: field("intermediate_size")?,
            vocab: field("vocab_size")?,
            positions: field("max_position_embeddings")?,
            type_vocab: field("type_vocab_size")?,
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

/// One word piece's contextual vector (see [`MiniLm::token_states`]).
#[derive(Debug, Clone, PartialEq)]
pub struct PieceState {
    /// Start byte of the piece in its text.
    pub start: usize,
    /// End byte of the piece in its text.
    pub end: usize,
    /// The last layer's vector.
    pub vector: Vec<f32>,
}

/// all-MiniLM-L6-v2 on the CPU.
#[derive(Debug)]
pub struct MiniLm {
    config: BertConfig,
    tokenizer: Tokenizer,
    words: Embedding,
    positions: Embedding,
    token_types: Embedding,
    embedding_norm: LayerNorm,
    layers: Vec<Layer>,
    device: Device,
}

impl MiniLm {
    /// Loads the model from a folder holding `config.json`, `tokenizer.json` and
    /// `model.safetensors`.
    pub fn load(dir: &Path) -> Result<MiniLm, EmbedError> {
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
        let token_types =
            candle_nn::embedding(config.type_vocab, h, emb.pp("token_type_embeddings"))?;
        let embedding_norm = candle_nn::layer_norm(h, eps, emb.pp("LayerNorm"))?;
        let mut layers = Vec::with_capacity(config.layers);
        for idx in 0..config.layers {
            let vb = vb.pp(format!("encoder.layer.{idx}"));
            let attention = vb.pp("attention");
            layers.push(Layer {
                query: candle_nn::linear(h, h, attention.pp("self.query"))?,
                key: candle_nn::linear(h, h, attention.pp("self.key"))?,
                value: candle_nn::linear(h, h, attention.pp("self.value"))?,
                attention_out: candle_nn::linear(h, h, attention.pp("output.dense"))?,
                attention_norm: candle_nn::layer_norm(h, eps, attention.pp("output.LayerNorm"))?,
                intermediate: candle_nn::linear(
                    h,
                    config.intermediate,
                    vb.pp("intermediate.dense"),
                )?,
                output: candle_nn::linear(config.intermediate, h, vb.pp("output.dense"))?,
                output_norm: candle_nn::layer_norm(h, eps, vb.pp("output.LayerNorm"))?,
            });
        }
        Ok(MiniLm {
            config,
            tokenizer,
            words,
            positions,
            token_types,
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
        let positions = Tensor::arange(0u32, len as u32, &self.device)?.unsqueeze(0)?;
        let types = ids.zeros_like()?;
        let mut x = self
            .words
            .forward(ids)?
            .broadcast_add(&self.positions.forward(&positions)?)?
            .add(&self.token_types.forward(&types)?)?;
        x = self.embedding_norm.forward(&x)?;
        // 0 where attended, a large negative number where padded: [n, 1, 1, len].
        let bias = ((mask.ones_like()? - mask)? * -1e4)?.reshape((n, 1, 1, len))?;
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

impl Embedder for MiniLm {
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
        "minilm"
    }
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

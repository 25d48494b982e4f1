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
    name: &'static str,
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
        MiniLm::load_with(dir, None)
    }

    /// Loads the model as [`MiniLm::load`] does and adds the bundled news adapter
    /// ([`NEWS_ADAPTER`]) to its weights: the sentence vectors Parallax groups stories with.
    /// Its [`Embedder::name`] is `minilm-news`, so that vectors cached from the plain model are
    /// never taken for its own.
    pub fn load_news(dir: &Path) -> Result<MiniLm, EmbedError> {
        MiniLm::load_with(dir, Some(NEWS_ADAPTER))
    }

    fn load_with(dir: &Path, adapter: Option<&[u8]>) -> Result<MiniLm, EmbedError> {
        let config = BertConfig::read(&existing(&dir.join("config.json"))?)?;
        let tokenizer = load_tokenizer(&dir.join("tokenizer.json"))?;
        let weights_path = existing(&dir.join("model.safetensors"))?;
        let device = Device::Cpu;
        let mut tensors = candle_core::safetensors::load(&weights_path, &device)
            .map_err(|error| invalid(&weights_path, error.to_string()))?;
        if let Some(adapter) = adapter {
            add_adapter(&mut tensors, adapter, &device)
                .map_err(|error| invalid(&weights_path, format!("news adapter: {error}")))?;
        }
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
            name: if adapter.is_some() { "minilm-news" } else { "minilm" },
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
        self.name
    }
}

/// A low-rank adapter for all-MiniLM-L6-v2 (LoRA, rank 32, on every linear layer of the six
/// encoder layers), trained by `scripts/train_minilm_adapter.py` on the train splits of NeuS and
/// ECB+ so that reports of one event lie closer than reports of two events of one kind. Each
/// `<layer>.lora_a` (rank x inputs) and `<layer>.lora_b` (outputs x rank) adds
/// `lora_scale * lora_b * lora_a` to `<layer>.weight`.
pub(crate) const NEWS_ADAPTER: &[u8] = include_bytes!("../data/minilm-news-adapter.safetensors");

/// Adds a low-rank adapter to the weights it names; every pair must fit a weight of the model.
fn add_adapter(
    tensors: &mut std::collections::HashMap<String, Tensor>,
    adapter: &[u8],
    device: &Device,
) -> Result<(), String> {
    // In name order, so that a broken adapter always names the same first fault.
    let parts: std::collections::BTreeMap<String, Tensor> =
        candle_core::safetensors::load_buffer(adapter, device)
            .map_err(|e| e.to_string())?
            .into_iter()
            .collect();
    let scale = parts
        .get("lora_scale")
        .ok_or("no lora_scale")?
        .to_dtype(DType::F64)
        .and_then(|t| t.flatten_all()?.to_vec1::<f64>())
        .map_err(|e| e.to_string())?
        .first()
        .copied()
        .ok_or("empty lora_scale")?;
    let mut added = 0;
    for (name, down) in &parts {
        let Some(layer) = name.strip_suffix(".lora_a") else { continue };
        let up = parts.get(&format!("{layer}.lora_b")).ok_or(format!("no {layer}.lora_b"))?;
        let key = format!("{layer}.weight");
        let weight = tensors.get(&key).ok_or(format!("the model has no {key}"))?;
        let delta = up
            .to_dtype(DType::F32)
            .and_then(|up| up.matmul(&down.to_dtype(DType::F32)?))
            .and_then(|delta| delta * scale)
            .map_err(|e| e.to_string())?;
        if delta.dims() != weight.dims() {
            return Err(format!("{key} is {:?}, the adapter's {:?}", weight.dims(), delta.dims()));
        }
        let merged = (weight.to_dtype(DType::F32).map_err(|e| e.to_string())? + delta)
            .map_err(|e| e.to_string())?;
        tensors.insert(key, merged);
        added += 1;
    }
    if added == 0 {
        return Err("no lora_a weights".to_owned());
    }
    Ok(())
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
    use std::collections::HashMap;

    use super::*;

    fn tensor(rows: &[&[f32]]) -> Tensor {
        let flat: Vec<f32> = rows.iter().flat_map(|row| row.iter().copied()).collect();
        Tensor::from_vec(flat, (rows.len(), rows[0].len()), &Device::Cpu).unwrap()
    }

    /// An adapter file holding `parts`, as `scripts/train_minilm_adapter.py` writes one.
    fn adapter(parts: Vec<(&str, Tensor)>) -> Vec<u8> {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("adapter.safetensors");
        let parts: HashMap<String, Tensor> =
            parts.into_iter().map(|(name, t)| (name.to_owned(), t)).collect();
        candle_core::safetensors::save(&parts, &path).unwrap();
        fs_err::read(&path).unwrap()
    }

    fn model_weights() -> HashMap<String, Tensor> {
        HashMap::from([
            ("l.weight".to_owned(), tensor(&[&[1.0, 0.0, 0.0], &[0.0, 1.0, 0.0]])),
            ("l.bias".to_owned(), tensor(&[&[5.0, 5.0]])),
        ])
    }

    #[test]
    fn an_adapter_adds_its_scaled_low_rank_product_to_the_weight() {
        let mut weights = model_weights();
        // rank 1: lora_b (2 x 1) times lora_a (1 x 3), scaled by 2.
        let bytes = adapter(vec![
            ("l.lora_a", tensor(&[&[1.0, 2.0, 3.0]])),
            ("l.lora_b", tensor(&[&[1.0], &[-0.5]])),
            ("lora_scale", Tensor::new(&[2.0f32], &Device::Cpu).unwrap()),
        ]);
        add_adapter(&mut weights, &bytes, &Device::Cpu).unwrap();
        let merged = weights["l.weight"].to_vec2::<f32>().unwrap();
        assert_eq!(merged, vec![vec![3.0, 4.0, 6.0], vec![-1.0, -1.0, -3.0]]);
        assert_eq!(weights["l.bias"].to_vec2::<f32>().unwrap(), vec![vec![5.0, 5.0]]);
    }

    #[test]
    fn an_adapter_that_does_not_fit_the_model_is_refused() {
        let scale = || ("lora_scale", Tensor::new(&[1.0f32], &Device::Cpu).unwrap());
        let wrong_shape = adapter(vec![
            ("l.lora_a", tensor(&[&[1.0, 2.0]])),
            ("l.lora_b", tensor(&[&[1.0], &[1.0]])),
            scale(),
        ]);
        let error = add_adapter(&mut model_weights(), &wrong_shape, &Device::Cpu).unwrap_err();
        assert!(error.contains("l.weight is [2, 3]"), "{error}");
        let unknown_layer = adapter(vec![
            ("m.lora_a", tensor(&[&[1.0, 2.0, 3.0]])),
            ("m.lora_b", tensor(&[&[1.0], &[1.0]])),
            scale(),
        ]);
        let error = add_adapter(&mut model_weights(), &unknown_layer, &Device::Cpu).unwrap_err();
        assert!(error.contains("no m.weight"), "{error}");
        let half_pair = adapter(vec![("l.lora_a", tensor(&[&[1.0, 2.0, 3.0]])), scale()]);
        let error = add_adapter(&mut model_weights(), &half_pair, &Device::Cpu).unwrap_err();
        assert!(error.contains("no l.lora_b"), "{error}");
        let error = add_adapter(&mut model_weights(), b"not safetensors", &Device::Cpu);
        assert!(error.is_err());
    }

    #[test]
    fn the_bundled_news_adapter_fits_all_minilm_l6_v2() {
        let parts = candle_core::safetensors::load_buffer(NEWS_ADAPTER, &Device::Cpu).unwrap();
        // Six layers, six adapted linear layers each, two matrices per layer, and the scale.
        assert_eq!(parts.len(), 6 * 6 * 2 + 1);
        let query = &parts["encoder.layer.0.attention.self.query.lora_a"];
        assert_eq!(query.dims(), &[32, 384]);
        assert_eq!(parts["encoder.layer.5.output.dense.lora_b"].dims(), &[384, 32]);
    }
}

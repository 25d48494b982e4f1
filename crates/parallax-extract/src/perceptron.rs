//! A sequence tagger: a first-order structured perceptron with averaged weights, hashed
//! features and constrained Viterbi decoding over BIO tags (Collins 2002). The tag set and the
//! features belong to the model that uses it (entities, attributions); this is the learning and
//! decoding shared by them, and the byte format they ship in.

use crate::ExtractError;

/// Emission weights are multiples of the model's scale by integers in this range, so that they
/// are stored as 16-bit integers.
const WEIGHT_STEPS: f32 = 32767.0;

/// Settings of training.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TrainConfig {
    /// Passes over the training sequences; the best pass on the development data is kept.
    pub epochs: usize,
    /// Feature table size as a power of two (hashed features share rows beyond it).
    pub hash_bits: u32,
    /// Seed of the shuffling of sequences between passes.
    pub seed: u64,
}

impl Default for TrainConfig {
    fn default() -> Self {
        TrainConfig { epochs: 12, hash_bits: 20, seed: 17 }
    }
}

/// Weights of a tagger over a fixed BIO tag set (`tags[0]` is "O").
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Perceptron {
    tags: &'static [&'static str],
    hash_bits: u32,
    /// `rows × n_tags` emission weights, row = hashed feature; each is an integer multiple of
    /// `weight_scale` (trained models are quantised, see [`WEIGHT_STEPS`]).
    weights: Vec<f32>,
    weight_scale: f32,
    /// `(n_tags + 1) × n_tags` transition weights, the last row from the sequence start.
    transitions: Vec<f32>,
}

impl Perceptron {
    pub(crate) fn empty(tags: &'static [&'static str], hash_bits: u32) -> Perceptron {
        let n = tags.len();
        Perceptron {
            tags,
            hash_bits,
            weights: vec![0.0; (1usize << hash_bits) * n],
            weight_scale: 1.0,
            transitions: vec![0.0; (n + 1) * n],
        }
    }

    /// Adds `delta` to the score of every token tagged with one of `tags`: each token pays the
    /// transition into its tag exactly once, so the transitions into those tags carry it. A
    /// positive shift trades precision for recall of rare tags.
    pub(crate) fn shift_into(&mut self, tags: &[usize], delta: f32) {
        let n = self.n_tags();
        for row in self.transitions.chunks_exact_mut(n) {
            for &tag in tags {
                if let Some(weight) = row.get_mut(tag) {
                    *weight += delta;
                }
            }
        }
    }

    /// The mean of models of one tag set and table size (trained with different shuffles, say),
    /// requantised: a linear model, so tagging with it costs what one model costs.
    pub(crate) fn mean_of(models: &[Perceptron]) -> Option<Perceptron> {
        let first = models.first()?;
        if models.iter().any(|m| m.tags != first.tags || m.hash_bits != first.hash_bits) {
            return None;
        }
        #[expect(clippy::cast_precision_loss, reason = "a handful of models")]
        let n = models.len() as f32;
        let mean = |pick: fn(&Perceptron) -> &[f32]| -> Vec<f32> {
            let mut out = vec![0.0f32; pick(first).len()];
            for model in models {
                for (slot, weight) in out.iter_mut().zip(pick(model)) {
                    *slot += weight / n;
                }
            }
            out
        };
        let (weights, weight_scale) = quantised(&mean(|m| &m.weights));
        Some(Perceptron {
            tags: first.tags,
            hash_bits: first.hash_bits,
            weights,
            weight_scale,
            transitions: mean(|m| &m.transitions),
        })
    }

    pub(crate) fn hash_bits(&self) -> u32 {
        self.hash_bits
    }

    fn n_tags(&self) -> usize {
        self.tags.len()
    }

    /// Index of the "start of sequence" row of the transition table.
    fn start(&self) -> usize {
        self.tags.len()
    }

    fn add_emissions(&self, features: &[u32], scores: &mut [f32]) {
        let n = self.n_tags();
        scores.fill(0.0);
        for &row in features {
            let start = row as usize * n;
            if let Some(weights) = self.weights.get(start..start + n) {
                for (score, weight) in scores.iter_mut().zip(weights) {
                    *score += weight;
                }
            }
        }
    }

    /// Whether tag `next` may follow `prev` (the start row at the sequence start) in BIO.
    fn allowed(&self, prev: usize, next: usize) -> bool {
        match self.tags[next].strip_prefix("I-") {
            None => true,
            Some(kind) => prev != self.start() && self.tags[prev].get(2..) == Some(kind),
        }
    }

    /// Constrained Viterbi: `I-X` only after `B-X` or `I-X`. One tag index per feature list.
    pub(crate) fn decode(&self, features: &[Vec<u32>]) -> Vec<usize> {
        self.decode_plus(features, &[])
    }

    /// [`Perceptron::decode`] with `extra[idx][tag]` added to the score of `tag` at token `idx`
    /// (another model's scores; tokens past the end of `extra` get none).
    pub(crate) fn decode_plus(&self, features: &[Vec<u32>], extra: &[Vec<f32>]) -> Vec<usize> {
        let n = features.len();
        let k = self.n_tags();
        if n == 0 {
            return Vec::new();
        }
        let start = self.start();
        let mut score = vec![f32::NEG_INFINITY; n * k];
        let mut back = vec![0usize; n * k];
        let mut emissions = vec![0.0f32; k];
        for (idx, token_features) in features.iter().enumerate() {
            self.add_emissions(token_features, &mut emissions);
            if let Some(added) = extra.get(idx) {
                for (score, plus) in emissions.iter_mut().zip(added) {
                    *score += plus;
                }
            }
            for tag in 0..k {
                if idx == 0 {
                    if self.allowed(start, tag) {
                        score[tag] = emissions[tag] + self.transitions[start * k + tag];
                    }
                    continue;
                }
                let mut best = (f32::NEG_INFINITY, 0);
                for prev in 0..k {
                    let prev_score = score[(idx - 1) * k + prev];
                    if prev_score == f32::NEG_INFINITY || !self.allowed(prev, tag) {
                        continue;
                    }
                    let candidate = prev_score + self.transitions[prev * k + tag];
                    if candidate > best.0 {
                        best = (candidate, prev);
                    }
                }
                if best.0 > f32::NEG_INFINITY {
                    score[idx * k + tag] = best.0 + emissions[tag];
                    back[idx * k + tag] = best.1;
                }
            }
        }
        let last = &score[(n - 1) * k..];
        let mut tag =
            (0..k).max_by(|&a, &b| last[a].total_cmp(&last[b]).then(b.cmp(&a))).unwrap_or(0);
        let mut tags = vec![0; n];
        for idx in (0..n).rev() {
            tags[idx] = tag;
            tag = back[idx * k + tag];
        }
        tags
    }

    /// The model as bytes: `magic`, the hash bits, the weight scale, the transitions, and the
    /// non-zero feature rows (the row index as a LEB128 delta from the previous one, then one
    /// 16-bit multiple of the scale per tag).
    pub(crate) fn to_bytes(&self, magic: &[u8; 8]) -> Vec<u8> {
        let mut out = Vec::new();
        out.extend_from_slice(magic);
        out.extend_from_slice(&self.hash_bits.to_le_bytes());
        out.extend_from_slice(&self.weight_scale.to_le_bytes());
        for weight in &self.transitions {
            out.extend_from_slice(&weight.to_le_bytes());
        }
        let rows: Vec<(u32, &[f32])> = self
            .weights
            .chunks_exact(self.n_tags())
            .enumerate()
            .filter(|(_, row)| row.iter().any(|w| *w != 0.0))
            .map(|(idx, row)| (u32::try_from(idx).unwrap_or(u32::MAX), row))
            .collect();
        out.extend_from_slice(&u32::try_from(rows.len()).unwrap_or(u32::MAX).to_le_bytes());
        let mut previous = 0;
        for (idx, row) in rows {
            let mut delta = idx - previous;
            previous = idx;
            loop {
                let low = u8::try_from(delta & 0x7f).unwrap_or(0);
                delta >>= 7;
                out.push(if delta == 0 { low } else { low | 0x80 });
                if delta == 0 {
                    break;
                }
            }
            for weight in row {
                #[expect(
                    clippy::cast_possible_truncation,
                    reason = "weights are multiples of the scale within i16"
                )]
                let steps = (weight / self.weight_scale).round() as i16;
                out.extend_from_slice(&steps.to_le_bytes());
            }
        }
        out
    }

    /// Reads a model written by [`Perceptron::to_bytes`] with the same `magic` and tag set.
    pub(crate) fn from_bytes(
        bytes: &[u8],
        magic: &[u8; 8],
        tags: &'static [&'static str],
        what: &str,
    ) -> Result<Perceptron, ExtractError> {
        let mut reader = Reader { bytes, at: 0 };
        if reader.take(magic.len())? != magic {
            return Err(ExtractError::BadModel { reason: format!("not a Parallax {what} model") });
        }
        let hash_bits = reader.u32()?;
        if !(8..=26).contains(&hash_bits) {
            return Err(ExtractError::BadModel { reason: format!("{hash_bits} hash bits") });
        }
        let mut model = Perceptron::empty(tags, hash_bits);
        let k = model.n_tags();
        model.weight_scale = reader.f32()?;
        for weight in &mut model.transitions {
            *weight = reader.f32()?;
        }
        let n_rows = reader.u32()?;
        let mut row = 0usize;
        for _ in 0..n_rows {
            row += reader.varint()?;
            let start = row * k;
            if start + k > model.weights.len() {
                return Err(ExtractError::BadModel { reason: format!("row {row} out of range") });
            }
            for tag in 0..k {
                model.weights[start + tag] = f32::from(reader.i16()?) * model.weight_scale;
            }
        }
        if reader.at != bytes.len() {
            return Err(ExtractError::BadModel { reason: "trailing bytes".to_owned() });
        }
        Ok(model)
    }
}

struct Reader<'b> {
    bytes: &'b [u8],
    at: usize,
}

impl Reader<'_> {
    fn take(&mut self, n: usize) -> Result<&[u8], ExtractError> {
        let slice = self
            .bytes
            .get(self.at..self.at + n)
            .ok_or_else(|| ExtractError::BadModel { reason: "truncated".to_owned() })?;
        self.at += n;
        Ok(slice)
    }

    fn u32(&mut self) -> Result<u32, ExtractError> {
        let b = self.take(4)?;
        Ok(u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
    }

    fn i16(&mut self) -> Result<i16, ExtractError> {
        let b = self.take(2)?;
        Ok(i16::from_le_bytes([b[0], b[1]]))
    }

    /// An unsigned LEB128 number.
    fn varint(&mut self) -> Result<usize, ExtractError> {
        let mut value = 0usize;
        for shift in (0..35).step_by(7) {
            let byte = self.take(1)?[0];
            value |= usize::from(byte & 0x7f) << shift;
            if byte & 0x80 == 0 {
                return Ok(value);
            }
        }
        Err(ExtractError::BadModel { reason: "row index too long".to_owned() })
    }

    fn f32(&mut self) -> Result<f32, ExtractError> {
        let b = self.take(4)?;
        Ok(f32::from_le_bytes([b[0], b[1], b[2], b[3]]))
    }
}

/// A training sequence: the hashed feature rows of each token and its gold tag index.
pub(crate) struct Example {
    pub(crate) features: Vec<Vec<u32>>,
    pub(crate) tags: Vec<usize>,
}

/// Trains a tagger over `tags`; after each pass `score` rates the averaged model (on held-out
/// data) and the best pass is returned with its 0-based number and score (ties go to the later
/// pass).
pub(crate) fn train(
    tags: &'static [&'static str],
    examples: &[Example],
    config: &TrainConfig,
    score: &mut dyn FnMut(usize, &Perceptron) -> f64,
) -> (Perceptron, usize, f64) {
    let mut model = Perceptron::empty(tags, config.hash_bits);
    let k = model.n_tags();
    let start = model.start();
    // Sums of time-stamped updates, for averaging: average = w - u / c.
    let mut weight_updates = vec![0.0f64; model.weights.len()];
    let mut transition_updates = vec![0.0f64; model.transitions.len()];
    let mut clock: f64 = 1.0;
    let mut order: Vec<usize> = (0..examples.len()).collect();
    let mut rng = config.seed.max(1);
    let mut best: Option<(Perceptron, usize, f64)> = None;
    for epoch in 0..config.epochs {
        shuffle(&mut order, &mut rng);
        for &idx in &order {
            let example = &examples[idx];
            let gold = &example.tags;
            let predicted = model.decode(&example.features);
            if predicted != *gold {
                for (position, token_features) in example.features.iter().enumerate() {
                    let (g, p) = (gold[position], predicted[position]);
                    let (g_prev, p_prev) = if position == 0 {
                        (start, start)
                    } else {
                        (gold[position - 1], predicted[position - 1])
                    };
                    if g != p {
                        for &row in token_features {
                            let base = row as usize * k;
                            update(&mut model.weights, &mut weight_updates, base + g, 1.0, clock);
                            update(&mut model.weights, &mut weight_updates, base + p, -1.0, clock);
                        }
                    }
                    if (g_prev, g) != (p_prev, p) {
                        let (t, u) = (&mut model.transitions, &mut transition_updates);
                        update(t, u, g_prev * k + g, 1.0, clock);
                        update(t, u, p_prev * k + p, -1.0, clock);
                    }
                }
            }
            clock += 1.0;
        }
        let averaged = average(&model, &weight_updates, &transition_updates, clock);
        let value = score(epoch, &averaged);
        // Ties go to the later, longer-trained pass.
        if best.as_ref().is_none_or(|top| value >= top.2) {
            best = Some((averaged, epoch, value));
        }
    }
    best.unwrap_or((model, 0, 0.0))
}

fn update(weights: &mut [f32], updates: &mut [f64], idx: usize, delta: f64, clock: f64) {
    if let (Some(weight), Some(sum)) = (weights.get_mut(idx), updates.get_mut(idx)) {
        #[expect(clippy::cast_possible_truncation, reason = "weights are small integers")]
        {
            *weight += delta as f32;
        }
        *sum += clock * delta;
    }
}

fn average(
    model: &Perceptron,
    weight_updates: &[f64],
    transition_updates: &[f64],
    clock: f64,
) -> Perceptron {
    #[expect(clippy::cast_possible_truncation, reason = "averaged weights fit f32")]
    let avg = |w: &f32, u: &f64| (f64::from(*w) - u / clock) as f32;
    let weights: Vec<f32> =
        model.weights.iter().zip(weight_updates).map(|(w, u)| avg(w, u)).collect();
    let (weights, weight_scale) = quantised(&weights);
    Perceptron {
        tags: model.tags,
        hash_bits: model.hash_bits,
        weights,
        weight_scale,
        transitions: model
            .transitions
            .iter()
            .zip(transition_updates)
            .map(|(w, u)| avg(w, u))
            .collect(),
    }
}

/// Weights quantised to 16-bit steps of the largest one, so that the model ships small and
/// round-trips through its bytes exactly; and the step.
fn quantised(weights: &[f32]) -> (Vec<f32>, f32) {
    let largest = weights.iter().fold(0.0f32, |top, w| top.max(w.abs()));
    let weight_scale = if largest > 0.0 { largest / WEIGHT_STEPS } else { 1.0 };
    (weights.iter().map(|w| (w / weight_scale).round() * weight_scale).collect(), weight_scale)
}

/// Fisher-Yates with a xorshift generator: the same order for the same seed on every machine.
pub(crate) fn shuffle(items: &mut [usize], state: &mut u64) {
    for idx in (1..items.len()).rev() {
        *state ^= *state << 13;
        *state ^= *state >> 7;
        *state ^= *state << 17;
        let other = (*state % (idx as u64 + 1)) as usize;
        items.swap(idx, other);
    }
}

/// The shape of a word: `Xxxxx` → `Xx`, `U.S.` → `X.X.`, `1996-08-22` → `d-d-d` (runs collapsed).
pub(crate) fn shape(word: &str) -> String {
    let mut out = String::new();
    for ch in word.chars() {
        let class = if ch.is_uppercase() {
            'X'
        } else if ch.is_lowercase() {
            'x'
        } else if ch.is_numeric() {
            'd'
        } else {
            ch
        };
        if !out.ends_with(class) {
            out.push(class);
        }
    }
    out
}

/// Hashes feature strings into rows of a `2^hash_bits` table.
/// Hashes features written one at a time into a reused buffer: the same values as
/// [`hash_features`] gives the formatted strings, without an allocation per feature.
pub(crate) struct FeatureHasher {
    buffer: String,
    mask: u64,
}

impl FeatureHasher {
    /// A hasher for a feature table of `hash_bits` bits.
    pub(crate) fn new(hash_bits: u32) -> FeatureHasher {
        FeatureHasher { buffer: String::with_capacity(64), mask: (1u64 << hash_bits) - 1 }
    }

    /// The hashed index of one feature (`format_args!("w={word}")`).
    pub(crate) fn hash(&mut self, feature: std::fmt::Arguments<'_>) -> u32 {
        use std::fmt::Write as _;
        self.buffer.clear();
        let _ = self.buffer.write_fmt(feature);
        (parallax_text::fnv1a(self.buffer.as_bytes()) & self.mask) as u32
    }
}

pub(crate) fn hash_features(features: &[String], hash_bits: u32) -> Vec<u32> {
    let mask = (1u64 << hash_bits) - 1;
    features
        .iter()
        .map(|feature| (parallax_text::fnv1a(feature.as_bytes()) & mask) as u32)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const TAGS: [&str; 3] = ["O", "B-X", "I-X"];

    #[test]
    fn decoding_never_opens_with_an_inside_tag() {
        let mut model = Perceptron::empty(&TAGS, 8);
        // Make I-X the best emission everywhere.
        for row in model.weights.chunks_exact_mut(3) {
            row[2] = 5.0;
        }
        let tags = model.decode(&[vec![1], vec![2]]);
        assert_ne!(tags[0], 2);
        assert_eq!(tags[1], 2, "I-X may follow B-X");
    }

    #[test]
    fn bytes_round_trip_and_check_their_kind() {
        let examples =
            vec![Example { features: vec![vec![1], vec![2], vec![3]], tags: vec![0, 1, 2] }];
        let config = TrainConfig { epochs: 4, hash_bits: 8, seed: 3 };
        let (model, _, _) = train(&TAGS, &examples, &config, &mut |_, _| 0.0);
        assert_eq!(model.decode(&examples[0].features), examples[0].tags);
        let bytes = model.to_bytes(b"PXTEST1\n");
        let restored = Perceptron::from_bytes(&bytes, b"PXTEST1\n", &TAGS, "test").unwrap();
        assert_eq!(restored, model);
        assert!(Perceptron::from_bytes(&bytes, b"PXOTHER\n", &TAGS, "test").is_err());
        assert!(Perceptron::from_bytes(&bytes[..20], b"PXTEST1\n", &TAGS, "test").is_err());
    }

    #[test]
    fn shapes_collapse_runs() {
        assert_eq!(shape("Tehran"), "Xx");
        assert_eq!(shape("U.S."), "X.X.");
        assert_eq!(shape("1996-08-22"), "d-d-d");
    }
}

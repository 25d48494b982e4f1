//! A named-entity tagger: a first-order structured perceptron with averaged weights, hashed
//! features and constrained Viterbi decoding over BIO tags (Collins 2002).

use parallax_text::fnv1a;

use crate::ExtractError;

/// The tags, BIO over the four CoNLL-2003 entity types.
pub const TAGS: [&str; 9] =
    ["O", "B-PER", "I-PER", "B-ORG", "I-ORG", "B-LOC", "I-LOC", "B-MISC", "I-MISC"];

const N_TAGS: usize = TAGS.len();
/// Index of the "start of sentence" row of the transition table.
const START: usize = N_TAGS;
const MAGIC: &[u8; 8] = b"PXNER02\n";
/// Emission weights are multiples of the model's scale by integers in this range, so that they
/// are stored as 16-bit integers.
const WEIGHT_STEPS: f32 = 32767.0;

/// A tag's index in [`TAGS`], if it is one.
pub fn tag_index(tag: &str) -> Option<usize> {
    TAGS.iter().position(|known| *known == tag)
}

/// Settings of training.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TrainConfig {
    /// Passes over the training sentences; the best pass on the development data is kept.
    pub epochs: usize,
    /// Feature table size as a power of two (hashed features share rows beyond it).
    pub hash_bits: u32,
    /// Seed of the shuffling of sentences between passes.
    pub seed: u64,
}

impl Default for TrainConfig {
    fn default() -> Self {
        TrainConfig { epochs: 12, hash_bits: 20, seed: 17 }
    }
}

/// A trained tagger.
#[derive(Debug, Clone, PartialEq)]
pub struct NerModel {
    hash_bits: u32,
    /// `rows × N_TAGS` emission weights, row = hashed feature; each is an integer multiple of
    /// `weight_scale` (trained models are quantised, see [`WEIGHT_STEPS`]).
    weights: Vec<f32>,
    weight_scale: f32,
    /// `(N_TAGS + 1) × N_TAGS` transition weights, the last row from the sentence start.
    transitions: Vec<f32>,
}

impl NerModel {
    fn empty(hash_bits: u32) -> NerModel {
        NerModel {
            hash_bits,
            weights: vec![0.0; (1usize << hash_bits) * N_TAGS],
            weight_scale: 1.0,
            transitions: vec![0.0; (N_TAGS + 1) * N_TAGS],
        }
    }

    /// The model shipped with Parallax: trained on CoNLL-2003 English by `parallax train ner`
    /// (its training text is not shipped, only the weights of hashed features).
    pub fn bundled() -> Result<NerModel, ExtractError> {
        NerModel::from_bytes(include_bytes!("../data/ner-conll2003.bin"))
    }

    /// The most likely tag (an index into [`TAGS`]) of every word of a sentence.
    pub fn tag(&self, words: &[&str]) -> Vec<usize> {
        let features = sentence_features(words, self.hash_bits);
        self.decode(&features)
    }

    fn emissions(&self, features: &[u32]) -> [f32; N_TAGS] {
        let mut scores = [0.0f32; N_TAGS];
        for &row in features {
            let start = row as usize * N_TAGS;
            if let Some(weights) = self.weights.get(start..start + N_TAGS) {
                for (score, weight) in scores.iter_mut().zip(weights) {
                    *score += weight;
                }
            }
        }
        scores
    }

    /// Constrained Viterbi: `I-X` only after `B-X` or `I-X`.
    fn decode(&self, features: &[Vec<u32>]) -> Vec<usize> {
        let n = features.len();
        if n == 0 {
            return Vec::new();
        }
        let mut score = vec![[f32::NEG_INFINITY; N_TAGS]; n];
        let mut back = vec![[0usize; N_TAGS]; n];
        for (idx, token_features) in features.iter().enumerate() {
            let emissions = self.emissions(token_features);
            for tag in 0..N_TAGS {
                if idx == 0 {
                    if allowed(START, tag) {
                        score[0][tag] = emissions[tag] + self.transitions[START * N_TAGS + tag];
                    }
                    continue;
                }
                let mut best = (f32::NEG_INFINITY, 0);
                let previous = score[idx - 1];
                for (prev, &prev_score) in previous.iter().enumerate() {
                    if !allowed(prev, tag) || prev_score == f32::NEG_INFINITY {
                        continue;
                    }
                    let candidate = prev_score + self.transitions[prev * N_TAGS + tag];
                    if candidate > best.0 {
                        best = (candidate, prev);
                    }
                }
                if best.0 > f32::NEG_INFINITY {
                    score[idx][tag] = best.0 + emissions[tag];
                    back[idx][tag] = best.1;
                }
            }
        }
        let mut tag = (0..N_TAGS)
            .max_by(|&a, &b| score[n - 1][a].total_cmp(&score[n - 1][b]).then(b.cmp(&a)))
            .unwrap_or(0);
        let mut tags = vec![0; n];
        for idx in (0..n).rev() {
            tags[idx] = tag;
            tag = back[idx][tag];
        }
        tags
    }

    /// The model as bytes: a header, the weight scale, the transitions, and the non-zero feature
    /// rows (the row index as a LEB128 delta from the previous one, then one 16-bit multiple of
    /// the scale per tag).
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = Vec::new();
        out.extend_from_slice(MAGIC);
        out.extend_from_slice(&self.hash_bits.to_le_bytes());
        out.extend_from_slice(&self.weight_scale.to_le_bytes());
        for weight in &self.transitions {
            out.extend_from_slice(&weight.to_le_bytes());
        }
        let rows: Vec<(u32, &[f32])> = self
            .weights
            .chunks_exact(N_TAGS)
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

    /// Reads a model written by [`NerModel::to_bytes`].
    pub fn from_bytes(bytes: &[u8]) -> Result<NerModel, ExtractError> {
        let mut reader = Reader { bytes, at: 0 };
        if reader.take(MAGIC.len())? != MAGIC {
            return Err(ExtractError::BadModel { reason: "not a Parallax NER model".to_owned() });
        }
        let hash_bits = reader.u32()?;
        if !(8..=26).contains(&hash_bits) {
            return Err(ExtractError::BadModel { reason: format!("{hash_bits} hash bits") });
        }
        let mut model = NerModel::empty(hash_bits);
        model.weight_scale = reader.f32()?;
        for weight in &mut model.transitions {
            *weight = reader.f32()?;
        }
        let n_rows = reader.u32()?;
        let mut row = 0usize;
        for _ in 0..n_rows {
            row += reader.varint()?;
            let start = row * N_TAGS;
            if start + N_TAGS > model.weights.len() {
                return Err(ExtractError::BadModel { reason: format!("row {row} out of range") });
            }
            for tag in 0..N_TAGS {
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

/// Whether tag `next` may follow `prev` (`START` at the sentence start) in BIO.
fn allowed(prev: usize, next: usize) -> bool {
    let inside = TAGS[next].strip_prefix("I-");
    match inside {
        None => true,
        Some(kind) => prev != START && TAGS[prev].get(2..) == Some(kind),
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
pub struct Trained {
    /// The averaged model after the best pass.
    pub model: NerModel,
    /// That pass, 0-based.
    pub epoch: usize,
    /// Its score.
    pub score: f64,
}

/// Trains a tagger; after each pass `score` rates the averaged model (on held-out data) and the
/// best pass is returned (ties go to the later pass).
pub fn train(
    sentences: &[TaggedSentence],
    config: &TrainConfig,
    score: &mut dyn FnMut(usize, &NerModel) -> f64,
) -> Trained {
    let features: Vec<Vec<Vec<u32>>> = sentences
        .iter()
        .map(|sentence| {
            let words: Vec<&str> = sentence.words.iter().map(String::as_str).collect();
            sentence_features(&words, config.hash_bits)
        })
        .collect();
    let mut model = NerModel::empty(config.hash_bits);
    // Sums of time-stamped updates, for averaging: average = w - u / c.
    let mut weight_updates = vec![0.0f64; model.weights.len()];
    let mut transition_updates = vec![0.0f64; model.transitions.len()];
    let mut clock: f64 = 1.0;
    let mut order: Vec<usize> = (0..sentences.len()).collect();
    let mut rng = config.seed.max(1);
    let mut best: Option<Trained> = None;
    for epoch in 0..config.epochs {
        shuffle(&mut order, &mut rng);
        for &idx in &order {
            let gold = &sentences[idx].tags;
            let predicted = model.decode(&features[idx]);
            if predicted != *gold {
                for (position, token_features) in features[idx].iter().enumerate() {
                    let (g, p) = (gold[position], predicted[position]);
                    let (g_prev, p_prev) = if position == 0 {
                        (START, START)
                    } else {
                        (gold[position - 1], predicted[position - 1])
                    };
                    if g != p {
                        for &row in token_features {
                            let base = row as usize * N_TAGS;
                            update(&mut model.weights, &mut weight_updates, base + g, 1.0, clock);
                            update(&mut model.weights, &mut weight_updates, base + p, -1.0, clock);
                        }
                    }
                    if (g_prev, g) != (p_prev, p) {
                        let (t, u) = (&mut model.transitions, &mut transition_updates);
                        update(t, u, g_prev * N_TAGS + g, 1.0, clock);
                        update(t, u, p_prev * N_TAGS + p, -1.0, clock);
                    }
                }
            }
            clock += 1.0;
        }
        let averaged = average(&model, &weight_updates, &transition_updates, clock);
        let value = score(epoch, &averaged);
        // Ties go to the later, longer-trained pass.
        if best.as_ref().is_none_or(|top| value >= top.score) {
            best = Some(Trained { model: averaged, epoch, score: value });
        }
    }
    best.unwrap_or(Trained { model, epoch: 0, score: 0.0 })
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
    model: &NerModel,
    weight_updates: &[f64],
    transition_updates: &[f64],
    clock: f64,
) -> NerModel {
    #[expect(clippy::cast_possible_truncation, reason = "averaged weights fit f32")]
    let avg = |w: &f32, u: &f64| (f64::from(*w) - u / clock) as f32;
    let weights: Vec<f32> =
        model.weights.iter().zip(weight_updates).map(|(w, u)| avg(w, u)).collect();
    // Quantised to 16-bit steps of the largest weight, so that the model ships small and
    // round-trips through its bytes exactly.
    let largest = weights.iter().fold(0.0f32, |top, w| top.max(w.abs()));
    let weight_scale = if largest > 0.0 { largest / WEIGHT_STEPS } else { 1.0 };
    NerModel {
        hash_bits: model.hash_bits,
        weights: weights.iter().map(|w| (w / weight_scale).round() * weight_scale).collect(),
        weight_scale,
        transitions: model
            .transitions
            .iter()
            .zip(transition_updates)
            .map(|(w, u)| avg(w, u))
            .collect(),
    }
}

/// Fisher-Yates with a xorshift generator: the same order for the same seed on every machine.
fn shuffle(items: &mut [usize], state: &mut u64) {
    for idx in (1..items.len()).rev() {
        *state ^= *state << 13;
        *state ^= *state >> 7;
        *state ^= *state << 17;
        let other = (*state % (idx as u64 + 1)) as usize;
        items.swap(idx, other);
    }
}

/// The shape of a word: `Xxxxx` → `Xx`, `U.S.` → `X.X.`, `1996-08-22` → `d-d-d` (runs collapsed).
fn shape(word: &str) -> String {
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

/// Hashed feature rows of every word of a sentence.
fn sentence_features(words: &[&str], hash_bits: u32) -> Vec<Vec<u32>> {
    let lower: Vec<String> = words.iter().map(|w| w.to_lowercase()).collect();
    let shapes: Vec<String> = words.iter().map(|w| shape(w)).collect();
    let all_caps_sentence = words
        .iter()
        .filter(|w| w.chars().any(char::is_alphabetic))
        .all(|w| w.chars().filter(|c| c.is_alphabetic()).all(char::is_uppercase));
    let mask = (1u64 << hash_bits) - 1;
    let at = |items: &[String], idx: isize| -> String {
        if idx < 0 {
            "<s>".to_owned()
        } else {
            items.get(idx as usize).cloned().unwrap_or_else(|| "</s>".to_owned())
        }
    };
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
        out.push(feats.iter().map(|feature| (fnv1a(feature.as_bytes()) & mask) as u32).collect());
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

    #[test]
    fn decoding_never_opens_with_an_inside_tag() {
        let mut model = NerModel::empty(8);
        // Make I-PER the best emission everywhere.
        for row in model.weights.chunks_exact_mut(N_TAGS) {
            row[tag_index("I-PER").unwrap()] = 5.0;
        }
        let tags = model.tag(&["a", "b"]);
        assert_ne!(TAGS[tags[0]], "I-PER");
    }

    #[test]
    fn shapes_collapse_runs() {
        assert_eq!(shape("Tehran"), "Xx");
        assert_eq!(shape("U.S."), "X.X.");
        assert_eq!(shape("1996-08-22"), "d-d-d");
    }
}

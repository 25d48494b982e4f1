//! Local scaling of similarities for the merge pass (Zelnik-Manor and Perona's self-tuning
//! affinity, applied to cosines).
//!
//! A one-sentence article and a long report about the same event share few words, so their cosine
//! is low, while two long articles about two different earthquakes share many. One fixed
//! threshold cannot serve both. Local scaling measures each document against its own
//! neighbourhood: its *scale* is the mean similarity to its `k` most similar other documents, and
//! the merge pass compares `sim(a, b) / (scale(a) · scale(b))^(power / 2)`. A short article whose
//! best neighbours score 0.2 then counts a 0.2 as strong; a long one whose neighbours score 0.6
//! needs more. Because the scaled similarity of two documents is a dot product of their vectors
//! each divided by `scale^(power / 2)`, average linkage over scaled similarities stays a dot
//! product of (scaled) sums.
//!
//! Neighbours are the documents that share at least [`ClusterConfig::min_shared_terms`] lookup
//! terms with a document inside the time window and language, found through an inverted index
//! over documents: every pair is scored once, and the set of pairs does not depend on the order
//! documents arrived in.

use std::collections::HashMap;

use parallax_model::Date;

use crate::ClusterConfig;
use crate::clusterer::same_language;

/// What the merge pass keeps of one document to place it among its neighbours.
#[derive(Debug)]
pub(crate) struct DocRecord {
    /// Its TF-IDF vector over interned term ids, sorted by id (single precision: one copy per
    /// document is kept until the merge pass).
    pub vector: Vec<(u32, f32)>,
    /// Its lookup terms, ascending.
    pub lookup: Vec<u32>,
    /// Its embedding, when it has one.
    pub embedding: Option<Vec<f32>>,
    pub date: Option<Date>,
    pub language: Option<String>,
}

impl DocRecord {
    /// Dot product with a vector scattered densely over term ids, summed in this record's
    /// term-id order.
    fn dot_dense(&self, dense: &[f32]) -> f64 {
        self.vector
            .iter()
            .map(|(term, weight)| {
                let other = dense.get(*term as usize).copied().unwrap_or(0.0);
                f64::from(*weight) * f64::from(other)
            })
            .sum()
    }

    fn embedding_cosine(&self, other: &DocRecord) -> Option<f64> {
        let (a, b) = (self.embedding.as_ref()?, other.embedding.as_ref()?);
        Some(a.iter().zip(b).map(|(x, y)| f64::from(*x) * f64::from(*y)).sum())
    }
}

/// The factor each document's vector is multiplied by in the merge pass:
/// `max(scale, floor)^(-power / 2)`, where `scale` is the mean combined similarity to its
/// [`ClusterConfig::local_scale_neighbours`] most similar neighbours (missing neighbours count
/// 0). All 1 when local scaling is off (0 neighbours). `date_ordered`: the records are in date
/// order (dated first, by date, then undated), which lets lookups stop at the window's start.
pub(crate) fn scale_factors(
    docs: &[DocRecord],
    config: &ClusterConfig,
    date_ordered: bool,
    combine: impl Fn(f64, Option<f64>) -> f64,
) -> Vec<f64> {
    let k = config.local_scale_neighbours;
    if k == 0 {
        return vec![1.0; docs.len()];
    }
    // Each document's k best similarities, best first.
    let mut best: Vec<Vec<f64>> = vec![Vec::with_capacity(k + 1); docs.len()];
    let mut postings: HashMap<u32, Vec<usize>> = HashMap::new();
    // Shared-term counts of the current document's candidates (dense, reset through `touched`).
    let mut shared = vec![0u16; docs.len()];
    let mut touched: Vec<usize> = Vec::new();
    // The current document's vector, scattered over term ids (zeroed again after each document).
    let vocabulary = docs.iter().flat_map(|doc| doc.vector.last()).map(|(term, _)| *term as usize);
    let mut dense = vec![0.0f32; vocabulary.max().map_or(0, |max| max + 1)];
    for (idx, doc) in docs.iter().enumerate() {
        for (term, weight) in &doc.vector {
            dense[*term as usize] = *weight;
        }
        for term in &doc.lookup {
            let Some(posting) = postings.get(term) else { continue };
            let start = match doc.date {
                // Earlier documents in date order: skip those before the window.
                Some(date) if date_ordered => posting.partition_point(|&other| {
                    docs[other].date.is_some_and(|d| d.days_until(date) > config.window_days)
                }),
                _ => 0,
            };
            for &other in &posting[start..] {
                if shared[other] == 0 {
                    touched.push(other);
                }
                shared[other] = shared[other].saturating_add(1);
            }
        }
        touched.sort_unstable();
        for &other in &touched {
            let count = usize::from(shared[other]);
            shared[other] = 0;
            let candidate = &docs[other];
            if count < config.min_shared_terms
                || !within(doc.date, candidate.date, config.window_days)
                || !same_language(doc.language.as_deref(), candidate.language.as_deref())
            {
                continue;
            }
            // Summed in the candidate's term order: the pair's score is the same floats whichever
            // of the two came first, up to the order of one sum.
            let score = combine(candidate.dot_dense(&dense), doc.embedding_cosine(candidate));
            keep_best(&mut best[idx], score, k);
            keep_best(&mut best[other], score, k);
        }
        touched.clear();
        for (term, _) in &doc.vector {
            dense[*term as usize] = 0.0;
        }
        for term in &doc.lookup {
            postings.entry(*term).or_default().push(idx);
        }
    }
    best.iter()
        .map(|scores| {
            // usize to f64: k is small.
            #[allow(clippy::cast_precision_loss)]
            let scale = scores.iter().sum::<f64>() / k as f64;
            scale.max(config.local_scale_floor).powf(-config.local_scale_power / 2.0)
        })
        .collect()
}

/// Inserts `score` into a best-first list of at most `k` scores.
fn keep_best(list: &mut Vec<f64>, score: f64, k: usize) {
    let at = list.partition_point(|kept| *kept >= score);
    if at < k {
        list.insert(at, score);
        list.truncate(k);
    }
}

fn within(a: Option<Date>, b: Option<Date>, window_days: i64) -> bool {
    match (a, b) {
        (Some(a), Some(b)) => a.days_until(b).abs() <= window_days,
        _ => true,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(vector: &[(u32, f32)], date: Option<(i32, u32, u32)>) -> DocRecord {
        let norm = vector.iter().map(|(_, w)| w * w).sum::<f32>().sqrt();
        let vector: Vec<(u32, f32)> = vector.iter().map(|(t, w)| (*t, w / norm)).collect();
        let mut lookup: Vec<u32> = vector.iter().map(|(t, _)| *t).collect();
        lookup.sort_unstable();
        DocRecord {
            vector,
            lookup,
            embedding: None,
            date: date.and_then(|(y, m, d)| Date::from_ymd(y, m, d)),
            language: None,
        }
    }

    fn config(k: usize) -> ClusterConfig {
        ClusterConfig {
            local_scale_neighbours: k,
            local_scale_power: 2.0,
            local_scale_floor: 0.0,
            min_shared_terms: 1,
            ..ClusterConfig::default()
        }
    }

    #[test]
    fn the_scale_is_the_mean_of_the_k_best_neighbours() {
        // Doc 0 scores 0.8 with doc 1 and 0.6 with doc 2; docs 1 and 2 score 0.
        let docs = [
            record(&[(0, 0.8), (1, 0.6)], None),
            record(&[(0, 1.0)], None),
            record(&[(1, 1.0)], None),
        ];
        let text = |t: f64, _: Option<f64>| t;
        let one = scale_factors(&docs, &config(1), true, text);
        // power 2: the factor is 1 / scale.
        assert!((one[0] - 1.0 / 0.8).abs() < 1e-6, "{one:?}");
        assert!((one[1] - 1.0 / 0.8).abs() < 1e-6);
        assert!((one[2] - 1.0 / 0.6).abs() < 1e-6);
        let two = scale_factors(&docs, &config(2), true, text);
        assert!((two[0] - 1.0 / 0.7).abs() < 1e-6, "{two:?}");
        // Doc 1's second neighbour is missing and counts 0.
        assert!((two[1] - 1.0 / 0.4).abs() < 1e-6);
        // Off: every factor is 1.
        assert_eq!(scale_factors(&docs, &config(0), true, text), vec![1.0; 3]);
    }

    #[test]
    fn the_floor_caps_the_boost_of_isolated_documents() {
        let docs = [record(&[(0, 1.0)], None), record(&[(1, 1.0)], None)];
        let floored = ClusterConfig { local_scale_floor: 0.25, ..config(1) };
        let factors = scale_factors(&docs, &floored, true, |t, _| t);
        assert_eq!(factors, vec![4.0, 4.0]);
    }

    #[test]
    fn neighbours_lie_in_the_time_window_whatever_the_order() {
        let day = |d| Some((2026, 1, d));
        let docs = [
            record(&[(0, 1.0)], day(1)),
            record(&[(0, 0.6), (1, 0.8)], day(3)),
            record(&[(0, 1.0)], day(20)),
        ];
        let window = ClusterConfig { window_days: 4, ..config(1) };
        let ordered = scale_factors(&docs, &window, true, |t, _| t);
        // Doc 2 is 17 days after doc 1 and 19 after doc 0: no neighbour, factor 1 / floor (0 →
        // infinite is capped by the floor, here 0.1).
        let floored = ClusterConfig { local_scale_floor: 0.1, ..window };
        let with_floor = scale_factors(&docs, &floored, true, |t, _| t);
        assert!((ordered[0] - 1.0 / 0.6).abs() < 1e-6);
        assert!((with_floor[2] - 10.0).abs() < 1e-6);
        // The same pairs when the records are not known to be in date order.
        assert_eq!(scale_factors(&docs, &floored, false, |t, _| t), with_floor);
    }

    #[test]
    fn the_factors_do_not_depend_on_the_order_of_the_documents() {
        let vectors: [&[(u32, f32)]; 4] = [
            &[(0, 0.8), (1, 0.6), (4, 0.3)],
            &[(0, 1.0), (2, 0.5)],
            &[(1, 1.0), (2, 0.2), (4, 0.7)],
            &[(2, 0.4), (3, 1.0), (4, 0.1)],
        ];
        let config = config(2);
        let forward: Vec<DocRecord> = vectors.iter().map(|v| record(v, None)).collect();
        let backward: Vec<DocRecord> = vectors.iter().rev().map(|v| record(v, None)).collect();
        let text = |t: f64, _: Option<f64>| t;
        let mut reversed = scale_factors(&backward, &config, true, text);
        reversed.reverse();
        // The same floats: each pair is summed over its shared terms in term order.
        assert_eq!(scale_factors(&forward, &config, true, text), reversed);
    }
}

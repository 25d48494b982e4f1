use std::collections::BTreeMap;

/// Agreement between a predicted clustering and gold labels.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ClusterScores {
    /// B-cubed precision.
    pub b3_precision: f64,
    /// B-cubed recall.
    pub b3_recall: f64,
    /// B-cubed F1.
    pub b3_f1: f64,
    /// Pairwise precision.
    pub pair_precision: f64,
    /// Pairwise recall.
    pub pair_recall: f64,
    /// Pairwise F1.
    pub pair_f1: f64,
    /// Adjusted Rand index.
    pub ari: f64,
    /// Adjusted mutual information (arithmetic normalisation).
    pub ami: f64,
    /// Number of predicted clusters.
    pub n_predicted: usize,
    /// Number of gold clusters.
    pub n_gold: usize,
    /// Number of items.
    pub n_items: usize,
}

fn f1(precision: f64, recall: f64) -> f64 {
    if precision + recall == 0.0 { 0.0 } else { 2.0 * precision * recall / (precision + recall) }
}

fn pairs(n: usize) -> f64 {
    #[expect(clippy::cast_precision_loss, reason = "counts far below 2^52")]
    let n = n as f64;
    n * (n - 1.0) / 2.0
}

#[expect(clippy::cast_precision_loss, reason = "counts far below 2^52")]
fn float(n: usize) -> f64 {
    n as f64
}

/// Dense labels 0.. for arbitrary labels, in order of first appearance.
fn relabel<L: Ord>(labels: &[L]) -> (Vec<usize>, usize) {
    let mut ids: BTreeMap<&L, usize> = BTreeMap::new();
    let dense = labels
        .iter()
        .map(|label| {
            let next = ids.len();
            *ids.entry(label).or_insert(next)
        })
        .collect();
    (dense, ids.len())
}

/// Scores `predicted` against `gold` (same length, item `i` labelled in both).
pub fn score<P: Ord, G: Ord>(predicted: &[P], gold: &[G]) -> ClusterScores {
    assert_eq!(predicted.len(), gold.len(), "invariant: one predicted and one gold label per item");
    let n = predicted.len();
    let (pred, n_pred) = relabel(predicted);
    let (truth, n_gold) = relabel(gold);
    let mut table: BTreeMap<(usize, usize), usize> = BTreeMap::new();
    let mut pred_sizes = vec![0usize; n_pred];
    let mut gold_sizes = vec![0usize; n_gold];
    for (&p, &g) in pred.iter().zip(&truth) {
        *table.entry((p, g)).or_default() += 1;
        pred_sizes[p] += 1;
        gold_sizes[g] += 1;
    }
    // B-cubed: every item in cell (p, g) has precision n_pg / |p| and recall n_pg / |g|.
    let (mut b3_p, mut b3_r) = (0.0, 0.0);
    for (&(p, g), &count) in &table {
        let count_f = float(count);
        b3_p += count_f * count_f / float(pred_sizes[p]);
        b3_r += count_f * count_f / float(gold_sizes[g]);
    }
    let n_f = float(n.max(1));
    let (b3_precision, b3_recall) = (b3_p / n_f, b3_r / n_f);
    let together: f64 = table.values().map(|&count| pairs(count)).sum();
    let pred_pairs: f64 = pred_sizes.iter().map(|&size| pairs(size)).sum();
    let gold_pairs: f64 = gold_sizes.iter().map(|&size| pairs(size)).sum();
    let pair_precision = if pred_pairs == 0.0 { 1.0 } else { together / pred_pairs };
    let pair_recall = if gold_pairs == 0.0 { 1.0 } else { together / gold_pairs };
    let all_pairs = pairs(n);
    let expected = if all_pairs == 0.0 { 0.0 } else { pred_pairs * gold_pairs / all_pairs };
    let max_index = (pred_pairs + gold_pairs) / 2.0;
    let ari = if (max_index - expected).abs() < f64::EPSILON {
        1.0
    } else {
        (together - expected) / (max_index - expected)
    };
    ClusterScores {
        b3_precision,
        b3_recall,
        b3_f1: f1(b3_precision, b3_recall),
        pair_precision,
        pair_recall,
        pair_f1: f1(pair_precision, pair_recall),
        ari,
        ami: adjusted_mutual_information(&table, &pred_sizes, &gold_sizes, n),
        n_predicted: n_pred,
        n_gold,
        n_items: n,
    }
}

fn entropy(sizes: &[usize], n: usize) -> f64 {
    let n_f = float(n);
    sizes
        .iter()
        .filter(|&&size| size > 0)
        .map(|&size| {
            let p = float(size) / n_f;
            -p * p.ln()
        })
        .sum()
}

/// AMI with the exact expected mutual information under the hypergeometric model (Vinh et al. 2010).
fn adjusted_mutual_information(
    table: &BTreeMap<(usize, usize), usize>,
    pred_sizes: &[usize],
    gold_sizes: &[usize],
    n: usize,
) -> f64 {
    if n == 0 {
        return 1.0;
    }
    let n_f = float(n);
    let mutual: f64 = table
        .iter()
        .map(|(&(p, g), &count)| {
            let count_f = float(count);
            count_f / n_f * (n_f * count_f / (float(pred_sizes[p]) * float(gold_sizes[g]))).ln()
        })
        .sum();
    // ln(k!) for k = 0..=n.
    let mut ln_fact = vec![0.0f64; n + 1];
    for k in 1..=n {
        ln_fact[k] = ln_fact[k - 1] + float(k).ln();
    }
    // The expected value depends on the two clusters' sizes only: summed once per pair of
    // distinct sizes, times how many cluster pairs have them (a long stream has tens of thousands
    // of clusters but a few hundred sizes).
    let size_counts = |sizes: &[usize]| {
        let mut counts: BTreeMap<usize, usize> = BTreeMap::new();
        for &size in sizes {
            *counts.entry(size).or_default() += 1;
        }
        counts
    };
    let (pred_counts, gold_counts) = (size_counts(pred_sizes), size_counts(gold_sizes));
    let mut expected = 0.0;
    for (&a, &pred_count) in &pred_counts {
        for (&b, &gold_count) in &gold_counts {
            let low = (a + b).saturating_sub(n).max(1);
            let mut cell = 0.0;
            for nij in low..=a.min(b) {
                let nij_f = float(nij);
                let term = nij_f / n_f * (n_f * nij_f / (float(a) * float(b))).ln();
                let ln_prob = ln_fact[a] + ln_fact[b] + ln_fact[n - a] + ln_fact[n - b]
                    - ln_fact[n]
                    - ln_fact[nij]
                    - ln_fact[a - nij]
                    - ln_fact[b - nij]
                    - ln_fact[n + nij - a - b];
                cell += term * ln_prob.exp();
            }
            expected += float(pred_count * gold_count) * cell;
        }
    }
    let mean_entropy = (entropy(pred_sizes, n) + entropy(gold_sizes, n)) / 2.0;
    let denominator = mean_entropy - expected;
    if denominator.abs() < 1e-15 { 1.0 } else { (mutual - expected) / denominator }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() < 1e-9
    }

    /// Hand-computed case: gold {1,2,3}{4,5}, predicted {1,2}{3,4,5}.
    #[test]
    fn hand_computed_scores() {
        let gold = [0, 0, 0, 1, 1];
        let predicted = [0, 0, 1, 1, 1];
        let scores = score(&predicted, &gold);
        // B3 precision: items 1,2 -> 2/2; item 3 -> 1/3; items 4,5 -> 2/3. (1+1+1/3+2/3+2/3)/5 = 11/15.
        assert!(close(scores.b3_precision, 11.0 / 15.0));
        // B3 recall: items 1,2 -> 2/3; item 3 -> 1/3; items 4,5 -> 2/2. (2/3+2/3+1/3+1+1)/5 = 11/15.
        assert!(close(scores.b3_recall, 11.0 / 15.0));
        // Pairs together in both: {1,2} and {4,5} = 2; predicted pairs 1+3 = 4; gold pairs 3+1 = 4.
        assert!(close(scores.pair_precision, 0.5));
        assert!(close(scores.pair_recall, 0.5));
        // ARI: expected = 4*4/10 = 1.6; (2-1.6)/(4-1.6) = 1/6.
        assert!(close(scores.ari, 1.0 / 6.0));
        assert_eq!((scores.n_predicted, scores.n_gold, scores.n_items), (2, 2, 5));
    }

    /// Reference values computed with scikit-learn `adjusted_mutual_info_score` (arithmetic mean).
    #[test]
    fn ami_matches_reference() {
        let scores = score(&[0, 0, 1, 1, 1], &[0, 0, 0, 1, 1]);
        assert!((scores.ami - 0.251_266_935_744_435_6).abs() < 1e-9, "{}", scores.ami);
        let perfect = score(&["x", "x", "y"], &["a", "a", "b"]);
        assert!(close(perfect.ami, 1.0));
        let scores = score(&[0, 0, 1, 1, 2, 2], &[0, 0, 0, 1, 1, 1]);
        assert!((scores.ami - 0.298_792_458_170_890_1).abs() < 1e-9, "{}", scores.ami);
    }
}

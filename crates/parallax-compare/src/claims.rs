//! Claims: sentences of different origins that report the same thing, aligned inside a story by
//! TF-IDF cosine over their content words, and classed by how many origins report them.

use std::collections::{BTreeMap, BTreeSet};

use crate::{Groups, content_words};

/// What the alignment needs of one sentence.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SentenceView<'a> {
    /// The caller's article index.
    pub doc: usize,
    /// The caller's origin index (copies of one wire story share it).
    pub origin: usize,
    /// The sentence.
    pub text: &'a str,
}

/// How widely a claim is reported.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ClaimClass {
    /// Reported by more than half of the story's origins (at least two).
    Consensus,
    /// Reported by two or more origins, but not most.
    Partial,
    /// Reported by one origin only.
    SingleOrigin,
}

impl ClaimClass {
    /// Its name in reports: `consensus`, `partial`, `single-origin`.
    pub fn as_str(self) -> &'static str {
        match self {
            ClaimClass::Consensus => "consensus",
            ClaimClass::Partial => "partial",
            ClaimClass::SingleOrigin => "single-origin",
        }
    }
}

/// Sentences that report the same thing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Claim {
    /// Indices into the sentences given to [`align_claims`], in order.
    pub members: Vec<usize>,
    /// Number of distinct origins among them.
    pub n_origins: usize,
    /// How widely it is reported.
    pub class: ClaimClass,
}

/// Cosine (TF-IDF over the story's sentences) at which two sentences report the same thing.
pub const SAME_CLAIM_COSINE: f64 = 0.4;

/// Content words two sentences must share to be one claim.
pub const MIN_SHARED_CLAIM_WORDS: usize = 3;

/// A sentence's TF-IDF weights over its content words, unit length.
pub(crate) type Vector<'t> = BTreeMap<&'t str, f64>;

/// The content-word bags of sentences and their TF-IDF vectors over those sentences (the idf
/// is `ln(n / df) + 1`); `bags` own the words the vectors borrow.
pub(crate) fn tfidf_bags(sentences: &[SentenceView<'_>]) -> Vec<BTreeMap<String, f64>> {
    sentences
        .iter()
        .map(|s| {
            let mut bag = BTreeMap::new();
            for term in content_words(s.text) {
                *bag.entry(term).or_insert(0.0) += 1.0;
            }
            bag
        })
        .collect()
}

/// Unit TF-IDF vectors of bags made by [`tfidf_bags`].
pub(crate) fn tfidf_of(bags: &[BTreeMap<String, f64>]) -> Vec<Vector<'_>> {
    let mut df: BTreeMap<&str, f64> = BTreeMap::new();
    for bag in bags {
        for term in bag.keys() {
            *df.entry(term.as_str()).or_insert(0.0) += 1.0;
        }
    }
    #[expect(clippy::cast_precision_loss, reason = "a count of sentences")]
    let n = bags.len().max(1) as f64;
    bags.iter()
        .map(|bag| {
            let mut vector: Vector<'_> = bag
                .iter()
                .map(|(term, tf)| {
                    let idf = (n / df.get(term.as_str()).copied().unwrap_or(1.0)).ln() + 1.0;
                    (term.as_str(), tf * idf)
                })
                .collect();
            let norm = vector.values().map(|v| v * v).sum::<f64>().sqrt().max(1e-12);
            for value in vector.values_mut() {
                *value /= norm;
            }
            vector
        })
        .collect()
}

/// The cosine of two unit vectors.
pub(crate) fn cosine(a: &Vector<'_>, b: &Vector<'_>) -> f64 {
    a.iter().filter_map(|(t, x)| b.get(t).map(|y| x * y)).sum()
}

/// Aligns the sentences of a story into claims: two sentences of different origins are the same
/// claim when their TF-IDF cosine reaches [`SAME_CLAIM_COSINE`] and they share at least
/// [`MIN_SHARED_CLAIM_WORDS`] content words; claims are the connected sentences. A claim
/// reported by more than half of `n_origins` (and two or more) is consensus, by two or more
/// partial, by one single-origin. Claims come in order of their first sentence.
pub fn align_claims(sentences: &[SentenceView<'_>], n_origins: usize) -> Vec<Claim> {
    let bags = tfidf_bags(sentences);
    let vectors = tfidf_of(&bags);
    let mut groups = Groups::new(sentences.len());
    // Candidates share terms: count shared terms through postings instead of comparing every
    // pair's term lists.
    let mut postings: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for (idx, vector) in vectors.iter().enumerate() {
        for term in vector.keys() {
            postings.entry(term).or_default().push(idx);
        }
    }
    let mut shared = vec![0_usize; sentences.len()];
    for i in 0..sentences.len() {
        shared.iter_mut().for_each(|count| *count = 0);
        for term in vectors[i].keys() {
            for &j in postings.get(term).into_iter().flatten().filter(|&&j| j > i) {
                shared[j] += 1;
            }
        }
        for j in i + 1..sentences.len() {
            if shared[j] < MIN_SHARED_CLAIM_WORDS || sentences[i].origin == sentences[j].origin {
                continue;
            }
            if cosine(&vectors[i], &vectors[j]) >= SAME_CLAIM_COSINE {
                groups.join(i, j);
            }
        }
    }
    groups
        .groups()
        .into_iter()
        .map(|members| {
            let origins: BTreeSet<usize> = members.iter().map(|&m| sentences[m].origin).collect();
            let class = if origins.len() >= 2 && 2 * origins.len() > n_origins {
                ClaimClass::Consensus
            } else if origins.len() >= 2 {
                ClaimClass::Partial
            } else {
                ClaimClass::SingleOrigin
            };
            Claim { members, n_origins: origins.len(), class }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn view(doc: usize, origin: usize, text: &str) -> SentenceView<'_> {
        SentenceView { doc, origin, text }
    }

    #[test]
    fn claims_are_classed_by_how_many_origins_report_them() {
        let sentences = [
            view(0, 0, "The Kestrel river bridge collapsed on Monday after heavy storms."),
            view(0, 0, "The mayor promised a ferry service within a week."),
            view(1, 1, "Heavy storms brought down the Kestrel river bridge on Monday."),
            view(1, 1, "Local shops reported a sharp fall in trade."),
            view(2, 2, "On Monday the Kestrel river bridge collapsed in storms."),
            view(2, 2, "A ferry service within a week was promised by the mayor."),
            view(3, 2, "Engineers warned about the bridge in 2019."),
            view(4, 3, "The council meets on Thursday."),
        ];
        let claims = align_claims(&sentences, 4);
        let class_of = |idx: usize| {
            claims.iter().find(|c| c.members.contains(&idx)).map(|c| (c.class, c.n_origins))
        };
        assert_eq!(class_of(0), Some((ClaimClass::Consensus, 3)));
        assert_eq!(class_of(2), class_of(0));
        assert_eq!(class_of(1), Some((ClaimClass::Partial, 2)));
        assert_eq!(class_of(3), Some((ClaimClass::SingleOrigin, 1)));
        assert_eq!(class_of(7), Some((ClaimClass::SingleOrigin, 1)));
        // Sentences of one origin (a copy) never make a claim wider.
        let copies = [
            view(0, 0, "The bridge collapsed on Monday."),
            view(1, 0, "The bridge collapsed on Monday."),
        ];
        let claims = align_claims(&copies, 2);
        assert!(claims.iter().all(|c| c.class == ClaimClass::SingleOrigin));
    }
}

//! Claims: sentences of different origins that report the same thing, aligned inside a story by
//! average-link clustering of their similarities (TF-IDF cosine over content words, with
//! sentence vectors when the caller has them), and classed by how many origins report them.

use std::cmp::Ordering;
use std::collections::{BTreeMap, BTreeSet, BinaryHeap, HashMap};

use rayon::prelude::*;

use parallax_model::Span;
use parallax_text::content_words;

/// What the alignment needs of one sentence.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SentenceView<'a> {
    /// The caller's article index.
    pub doc: usize,
    /// The caller's origin index (copies of one wire story share it).
    pub origin: usize,
    /// The sentence.
    pub text: &'a str,
    /// Its sentence vector (unit length), when the caller has one for every sentence.
    pub vector: Option<&'a [f32]>,
    /// The people it says did something, by surname ([`story_agents`]); empty when unknown.
    pub agents: &'a [&'a str],
}

/// Words that open a clause inside a sentence ("… on Tuesday when Donald Trump canceled …").
const CLAUSE_OPENERS: &[&str] = &[
    "when", "as", "after", "before", "while", "because", "since", "where", "and", "but", "that",
    "then", "though", "although", "whereas",
];

/// Words after a name that show it is not the subject of a verb ("Putin and Netanyahu", "Putin
/// of Russia").
const NOT_A_VERB: &[&str] = &[
    "and", "or", "of", "in", "on", "at", "to", "with", "for", "from", "by", "the", "a", "an",
    "who", "whose", "whom", "which", "than", "nor", "about", "into", "over", "under", "against",
];

/// Last words of organisations' names, which the tagger sometimes takes for people ("Robert
/// Wood Johnson Foundation"): no person's name the claims read ends with one.
const ORGANISATION_HEADS: &[&str] = &[
    "Foundation",
    "Institute",
    "University",
    "College",
    "School",
    "Company",
    "Corporation",
    "Association",
    "Society",
    "Center",
    "Centre",
    "Council",
    "Committee",
    "Fund",
    "Trust",
    "Agency",
    "Hospital",
    "Group",
    "Party",
    "Inc",
    "Corp",
    "Ltd",
    "Co",
    "Club",
    "Union",
];

/// Verbs after which the person is a source, not an actor: what a sentence reports is in the
/// clause that follows ("Stephen A. Smith has reported that the 76ers parted ways").
const REPORTING_VERBS: &[&str] = &[
    "said",
    "says",
    "told",
    "tells",
    "reported",
    "reports",
    "added",
    "adds",
    "noted",
    "notes",
    "wrote",
    "writes",
    "stated",
    "states",
    "tweeted",
    "explained",
];

/// Words between a subject and its verb that are not the verb ("has reported", "also said").
const AUXILIARIES: &[&str] =
    &["has", "have", "had", "will", "would", "also", "is", "was", "then", "later"];

/// At most this many words (titles: "Russian President", "Kremlin spokesman") stand between a
/// clause's start and its subject.
const MAX_TITLE_WORDS: usize = 4;

/// The people each sentence of a story says did something, each by the last word of its name:
/// a person named at the start of one of the sentence's clauses (the sentence's start, a comma,
/// a semicolon or a word such as "when"; at most [`MAX_TITLE_WORDS`] words between) and
/// followed by a lowercase word that can be a verb ("Shortly after, Putin held talks", "… when
/// President Donald Trump canceled talks"). A one-word name counts only when the story also
/// names that person in full ("Putin" after "Vladimir Putin"): a lone capitalised word the
/// tagger took for a person ("an Emmy nomination") names no one. `sentences` are each
/// sentence's text with the byte spans, in order, of the people the tagger found in it; each
/// sentence's surnames come in that order, each once. `subjects` may give, by sentence, a
/// pronoun opening it ("He described …") with the full name of the person the story resolves
/// it to: that person acts in the sentence as if named there, when the story names them in full
/// (sentences beyond `subjects` have none).
pub fn story_agents<'t>(
    sentences: &[(&'t str, Vec<Span>)],
    subjects: &[Option<(Span, &str)>],
) -> Vec<Vec<&'t str>> {
    let surname = |name: &'t str| name.split_whitespace().last();
    let full_names: BTreeSet<&str> = sentences
        .iter()
        .flat_map(|(text, persons)| persons.iter().filter_map(|span| span.slice(text)))
        .filter(|name| name.split_whitespace().nth(1).is_some())
        .filter_map(surname)
        .collect();
    sentences
        .iter()
        .enumerate()
        .map(|(idx, (text, persons))| {
            let mut named: Vec<(Span, &'t str)> = persons
                .iter()
                .filter_map(|span| {
                    let last = span.slice(text).and_then(surname)?;
                    full_names.contains(last).then_some((*span, last))
                })
                .collect();
            if let Some(Some((span, name))) = subjects.get(idx) {
                let found = name.split_whitespace().last().and_then(|last| full_names.get(last));
                if let Some(last) = found {
                    named.insert(0, (*span, *last));
                }
            }
            clause_agents(text, &named)
        })
        .collect()
}

/// The people one sentence says did something ([`story_agents`]), from all its people: each
/// where the sentence names it, and by its surname.
fn clause_agents<'t>(sentence: &'t str, persons: &[(Span, &'t str)]) -> Vec<&'t str> {
    let mut agents: Vec<&str> = Vec::new();
    for &(span, surname) in persons {
        let (Some(before), Some(after)) =
            (sentence.get(..span.start()), sentence.get(span.end()..))
        else {
            continue;
        };
        let mut words = after
            .split_whitespace()
            .map(|word| word.trim_end_matches(|c: char| !c.is_alphabetic()));
        let next = words.next().unwrap_or("");
        let verb = if AUXILIARIES.contains(&next) { words.next().unwrap_or("") } else { next };
        let opens_a_verb = next.chars().all(char::is_lowercase)
            && !next.is_empty()
            && !NOT_A_VERB.contains(&next)
            && !REPORTING_VERBS.contains(&verb)
            && !ORGANISATION_HEADS.contains(&surname.trim_end_matches('.'));
        // The words since the clause began, nearest first.
        let clause = before.rsplit([',', ';', ':', '(', '—', '–']).next().unwrap_or(before);
        let mut titles = 0;
        let mut opens_the_clause = true;
        for word in clause.split_whitespace().rev() {
            if CLAUSE_OPENERS.contains(&word.to_lowercase().as_str()) {
                break;
            }
            titles += 1;
            if titles > MAX_TITLE_WORDS {
                opens_the_clause = false;
                break;
            }
        }
        if opens_a_verb && opens_the_clause && !agents.contains(&surname) {
            agents.push(surname);
        }
    }
    agents
}

/// Whether two sentences say different people did something: both name who acted, no one acts
/// in both, and neither names the other's actors at all ("Putin held talks with the Iranian
/// President" against "Trump canceled talks with Iranian officials" share their words but no
/// actor). Such a pair is never one claim.
fn different_agents(a: &SentenceView<'_>, b: &SentenceView<'_>) -> bool {
    let names = |view: &SentenceView<'_>, surname: &str| {
        view.text.match_indices(surname).any(|(at, _)| {
            let before = view.text.get(..at).and_then(|text| text.chars().next_back());
            let after = view.text.get(at + surname.len()..).and_then(|text| text.chars().next());
            !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
        })
    };
    !a.agents.is_empty()
        && !b.agents.is_empty()
        && !a.agents.iter().any(|agent| b.agents.contains(agent))
        && !a.agents.iter().any(|agent| names(b, agent))
        && !b.agents.iter().any(|agent| names(a, agent))
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
    /// The member that best stands for the claim: the one most similar, summed, to the members
    /// of other origins (the first among equals).
    pub central: usize,
    /// Number of distinct origins among them.
    pub n_origins: usize,
    /// How widely it is reported.
    pub class: ClaimClass,
}

/// How sentences are aligned into claims (README, "Comparing the outlets": chosen on ECB+ train
/// and dev with `parallax eval claims`).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ClaimConfig {
    /// Two groups of sentences are one claim when the mean similarity of their pairs from
    /// different origins reaches this, on words alone (TF-IDF cosine).
    pub words_threshold: f64,
    /// The same with sentence vectors.
    pub vectors_threshold: f64,
    /// With sentence vectors, the share of a pair's similarity that is their (rescaled) cosine;
    /// the rest is the TF-IDF cosine.
    pub vector_weight: f64,
    /// Vector cosines count from this up, rescaled to 0..1: below it two sentences of one story
    /// share little more than its topic.
    pub vector_floor: f64,
}

impl Default for ClaimConfig {
    fn default() -> Self {
        ClaimConfig {
            words_threshold: 0.2,
            vectors_threshold: 0.2,
            vector_weight: 0.5,
            vector_floor: 0.5,
        }
    }
}

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

/// Aligns the sentences of a story into claims by average-link clustering: every sentence starts
/// as its own group, and the two groups whose pairs of sentences from different origins are most
/// similar on average are joined, while that mean reaches the threshold (pairs of one origin are
/// not compared, so a group of one origin's sentences never forms on its own). A pair's
/// similarity is the TF-IDF cosine of its content words over the story's sentences; when every
/// sentence has a vector, `vector_weight` of it is their cosine rescaled from `vector_floor`.
/// Unlike joining every similar pair, a mean keeps a chain of loosely related sentences apart.
/// Two sentences that say different people acted are never a pair ([`story_agents`]).
/// A claim reported by more than half of `n_origins` (and two or more) is consensus, by two or
/// more partial, by one single-origin. Claims come in order of their first sentence.
pub fn align_claims(
    sentences: &[SentenceView<'_>],
    n_origins: usize,
    config: &ClaimConfig,
) -> Vec<Claim> {
    let with_vectors = has_vectors(sentences);
    let similar = similarities(sentences, config, with_vectors);
    let threshold = if with_vectors { config.vectors_threshold } else { config.words_threshold };
    let origins: Vec<usize> = sentences.iter().map(|s| s.origin).collect();
    average_link(&origins, &similar, threshold)
        .into_iter()
        .map(|members| {
            let central = central(&members, sentences, &similar);
            let origins: BTreeSet<usize> = members.iter().map(|&m| sentences[m].origin).collect();
            let class = if origins.len() >= 2 && 2 * origins.len() > n_origins {
                ClaimClass::Consensus
            } else if origins.len() >= 2 {
                ClaimClass::Partial
            } else {
                ClaimClass::SingleOrigin
            };
            Claim { members, central, n_origins: origins.len(), class }
        })
        .collect()
}

/// The member of a group most similar, summed, to its members of other origins; the first among
/// equals.
fn central(
    members: &[usize],
    sentences: &[SentenceView<'_>],
    similar: &[Vec<(usize, f64)>],
) -> usize {
    let score = |i: usize| -> f64 {
        members
            .iter()
            .filter(|&&j| sentences[j].origin != sentences[i].origin)
            .map(|&j| {
                let row = &similar[i.min(j)];
                row.binary_search_by_key(&i.max(j), |&(k, _)| k).map_or(0.0, |at| row[at].1)
            })
            .sum()
    };
    let mut best = members[0];
    let mut best_score = score(best);
    for &member in &members[1..] {
        let member_score = score(member);
        if member_score > best_score {
            (best, best_score) = (member, member_score);
        }
    }
    best
}

/// Whether every sentence has a vector of one dimension.
fn has_vectors(sentences: &[SentenceView<'_>]) -> bool {
    let dim = sentences.first().and_then(|s| s.vector).map(<[f32]>::len);
    dim.is_some_and(|dim| {
        dim > 0 && sentences.iter().all(|s| s.vector.map(<[f32]>::len) == Some(dim))
    })
}

/// Pair similarities under this are left out of the clustering (counted as 0): each can lower
/// a mean by at most this much, and most pairs of a large story share only a common word.
const NEGLIGIBLE: f64 = 0.02;

/// The similarities of every pair of sentences from different origins that reach
/// [`NEGLIGIBLE`], but for pairs that say different people acted ([`different_agents`]), as
/// each sentence's list of (later sentence, similarity) in index order (see
/// [`align_claims`]); `with_vectors` when every sentence has a vector ([`has_vectors`]). Rows
/// are computed on all cores.
fn similarities(
    sentences: &[SentenceView<'_>],
    config: &ClaimConfig,
    with_vectors: bool,
) -> Vec<Vec<(usize, f64)>> {
    let bags = tfidf_bags(sentences);
    let vectors = tfidf_of(&bags);
    let words_weight = if with_vectors { 1.0 - config.vector_weight } else { 1.0 };
    // Dot products through postings (each in index order): only sentences that share a term
    // have a TF-IDF cosine.
    let mut postings: HashMap<&str, Vec<(usize, f64)>> = HashMap::new();
    for (idx, vector) in vectors.iter().enumerate() {
        for (term, weight) in vector {
            postings.entry(term).or_default().push((idx, *weight));
        }
    }
    let n = sentences.len();
    (0..n)
        .into_par_iter()
        .map_init(
            || vec![0.0_f64; n],
            |dot, i| {
                for (term, weight) in &vectors[i] {
                    let Some(list) = postings.get(term) else { continue };
                    let later = list.partition_point(|&(j, _)| j <= i);
                    for &(j, theirs) in &list[later..] {
                        dot[j] += weight * theirs;
                    }
                }
                let mut row = Vec::new();
                for j in i + 1..n {
                    let words = std::mem::take(&mut dot[j]);
                    if sentences[i].origin == sentences[j].origin {
                        continue;
                    }
                    let mut similarity = words_weight * words;
                    if let (true, Some(a), Some(b)) =
                        (with_vectors, sentences[i].vector, sentences[j].vector)
                    {
                        let rescaled = (f64::from(dot_f32(a, b)) - config.vector_floor)
                            / (1.0 - config.vector_floor);
                        similarity += config.vector_weight * rescaled.max(0.0);
                    }
                    if similarity >= NEGLIGIBLE && !different_agents(&sentences[i], &sentences[j]) {
                        row.push((j, similarity));
                    }
                }
                row
            },
        )
        .collect()
}

/// The dot product of two vectors, summed in eight lanes (which the compiler vectorises).
fn dot_f32(a: &[f32], b: &[f32]) -> f32 {
    let mut lanes = [0.0_f32; 8];
    let (chunks_a, chunks_b) = (a.chunks_exact(8), b.chunks_exact(8));
    let tail: f32 = chunks_a.remainder().iter().zip(chunks_b.remainder()).map(|(x, y)| x * y).sum();
    for (x, y) in chunks_a.zip(chunks_b) {
        for lane in 0..8 {
            lanes[lane] += x[lane] * y[lane];
        }
    }
    lanes.iter().sum::<f32>() + tail
}

/// A candidate join: two groups (by their first member) and the mean similarity of their pairs.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Candidate {
    mean: f64,
    a: usize,
    b: usize,
    /// The groups' versions when it was scored: a join since makes it stale.
    versions: (usize, usize),
}

impl Eq for Candidate {}

impl Ord for Candidate {
    /// Highest mean first; among equals, the lowest pair of groups.
    fn cmp(&self, other: &Self) -> Ordering {
        self.mean.total_cmp(&other.mean).then_with(|| (other.a, other.b).cmp(&(self.a, self.b)))
    }
}

impl PartialOrd for Candidate {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

/// Average-link clustering of items (each with its origin) over sparse pair similarities
/// (`similar[i][j]` for `i < j`; absent pairs are 0), joining while the best mean over pairs from
/// different origins reaches `threshold`. Groups come each in index order, in order of their
/// first index. The result depends on nothing but the inputs: ties go to the lowest groups.
fn average_link(
    origins: &[usize],
    similar: &[Vec<(usize, f64)>],
    threshold: f64,
) -> Vec<Vec<usize>> {
    let n = origins.len();
    // Each group, kept at its first member: members, origin counts, sums of similarity to the
    // groups it has a positive pair with.
    let mut members: Vec<Vec<usize>> = (0..n).map(|i| vec![i]).collect();
    let mut counts: Vec<BTreeMap<usize, usize>> =
        origins.iter().map(|&o| BTreeMap::from([(o, 1)])).collect();
    // Both directions of every pair; each list comes out in index order (the earlier rows
    // first, then the sentence's own), so the maps are built in bulk.
    let mut lists: Vec<Vec<(usize, f64)>> = vec![Vec::new(); n];
    for (i, row) in similar.iter().enumerate() {
        for &(j, similarity) in row {
            lists[j].push((i, similarity));
        }
        lists[i].extend_from_slice(row);
    }
    let mut sums: Vec<BTreeMap<usize, f64>> =
        lists.into_iter().map(|list| list.into_iter().collect()).collect();
    let mut versions = vec![0_usize; n];
    let cross = |counts: &[BTreeMap<usize, usize>], a: usize, b: usize| -> usize {
        let total = |c: &BTreeMap<usize, usize>| c.values().sum::<usize>();
        let (small, large) = if counts[a].len() <= counts[b].len() { (a, b) } else { (b, a) };
        let same: usize = counts[small]
            .iter()
            .map(|(origin, x)| x * counts[large].get(origin).copied().unwrap_or(0))
            .sum();
        total(&counts[a]) * total(&counts[b]) - same
    };
    let mean = |sum: f64, pairs: usize| {
        #[expect(clippy::cast_precision_loss, reason = "a count of sentence pairs")]
        let pairs = pairs as f64;
        if pairs > 0.0 { sum / pairs } else { 0.0 }
    };
    let mut heap = BinaryHeap::new();
    for (a, row) in sums.iter().enumerate() {
        for (&b, &sum) in row.range(a + 1..) {
            let mean = mean(sum, cross(&counts, a, b));
            if mean >= threshold {
                heap.push(Candidate { mean, a, b, versions: (0, 0) });
            }
        }
    }
    let mut alive = vec![true; n];
    while let Some(best) = heap.pop() {
        let Candidate { a, b, .. } = best;
        if !alive[a] || !alive[b] || best.versions != (versions[a], versions[b]) {
            continue;
        }
        // Join b into a (a < b): a keeps the group's first member.
        alive[b] = false;
        versions[a] += 1;
        let moved = std::mem::take(&mut members[b]);
        members[a].extend(moved);
        let moved = std::mem::take(&mut counts[b]);
        for (origin, count) in moved {
            *counts[a].entry(origin).or_default() += count;
        }
        let moved = std::mem::take(&mut sums[b]);
        sums[a].remove(&b);
        for (c, sum) in moved {
            if c == a {
                continue;
            }
            *sums[a].entry(c).or_default() += sum;
            sums[c].remove(&b);
        }
        let neighbours: Vec<(usize, f64)> = sums[a].iter().map(|(&c, &s)| (c, s)).collect();
        for (c, sum) in neighbours {
            sums[c].insert(a, sum);
            let mean = mean(sum, cross(&counts, a, c));
            if mean >= threshold {
                let (x, y) = (a.min(c), a.max(c));
                heap.push(Candidate { mean, a: x, b: y, versions: (versions[x], versions[y]) });
            }
        }
    }
    let mut groups: Vec<Vec<usize>> = members
        .into_iter()
        .zip(alive)
        .filter(|(_, alive)| *alive)
        .map(|(mut group, _)| {
            group.sort_unstable();
            group
        })
        .collect();
    groups.sort_by_key(|group| group[0]);
    groups
}

#[cfg(test)]
mod tests {
    use super::*;

    fn view(doc: usize, origin: usize, text: &str) -> SentenceView<'_> {
        SentenceView { doc, origin, text, vector: None, agents: &[] }
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
        let claims = align_claims(&sentences, 4, &ClaimConfig::default());
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
        let claims = align_claims(&copies, 2, &ClaimConfig::default());
        assert!(claims.iter().all(|c| c.class == ClaimClass::SingleOrigin));
    }

    fn pairs(n: usize, list: &[(usize, usize, f64)]) -> Vec<Vec<(usize, f64)>> {
        let mut out = vec![Vec::new(); n];
        for &(i, j, similarity) in list {
            out[i.min(j)].push((i.max(j), similarity));
        }
        for row in &mut out {
            row.sort_by_key(|&(j, _)| j);
        }
        out
    }

    #[test]
    fn a_mean_keeps_a_chain_apart() {
        // 0 and 1 are alike, 1 and 2 somewhat, 0 and 2 not at all: joining every similar pair
        // would make one group; the mean of {0, 1} with 2 is 0.25.
        let similar = pairs(3, &[(0, 1, 0.9), (1, 2, 0.5)]);
        assert_eq!(average_link(&[0, 1, 2], &similar, 0.4), vec![vec![0, 1], vec![2]]);
        let similar = pairs(3, &[(0, 1, 0.9), (1, 2, 0.5), (0, 2, 0.4)]);
        assert_eq!(average_link(&[0, 1, 2], &similar, 0.4), vec![vec![0, 1, 2]]);
    }

    #[test]
    fn pairs_of_one_origin_do_not_count_in_the_mean() {
        // 0 and 1 are one origin: {0, 2} and 1 are compared through the pair (1, 2) alone.
        let similar = pairs(3, &[(0, 2, 0.9), (1, 2, 0.5)]);
        assert_eq!(average_link(&[0, 0, 1], &similar, 0.4), vec![vec![0, 1, 2]]);
        let similar = pairs(3, &[(0, 2, 0.9), (1, 2, 0.1)]);
        assert_eq!(average_link(&[0, 0, 1], &similar, 0.4), vec![vec![0, 2], vec![1]]);
        // Two sentences of one origin alone never form a group.
        let similar = pairs(2, &[(0, 1, 0.9)]);
        assert_eq!(average_link(&[0, 0], &similar, 0.4), vec![vec![0], vec![1]]);
    }

    #[test]
    fn ties_go_to_the_lowest_groups_whatever_the_input_order() {
        // 1 is as like 0 as 2: it joins 0 first, and then {0, 1} with 2 has mean 0.5.
        let similar = pairs(3, &[(0, 1, 0.6), (1, 2, 0.6), (0, 2, 0.4)]);
        assert_eq!(average_link(&[0, 1, 2], &similar, 0.55), vec![vec![0, 1], vec![2]]);
        let similar = pairs(3, &[(1, 2, 0.6), (0, 1, 0.6), (0, 2, 0.4)]);
        assert_eq!(average_link(&[0, 1, 2], &similar, 0.55), vec![vec![0, 1], vec![2]]);
    }

    #[test]
    fn sentence_vectors_join_a_paraphrase_without_shared_words() {
        let vectors: [&[f32]; 3] = [&[0.6, 0.8, 0.0], &[0.8, 0.6, 0.0], &[0.0, 0.0, 1.0]];
        let texts = [
            "Nobody was hurt in the blaze.",
            "No one suffered injuries during the fire.",
            "The council meets on Thursday.",
        ];
        let sentences: Vec<SentenceView<'_>> = (0..3)
            .map(|i| SentenceView {
                doc: i,
                origin: i,
                text: texts[i],
                vector: Some(vectors[i]),
                agents: &[],
            })
            .collect();
        let config = ClaimConfig::default();
        let claims = align_claims(&sentences, 3, &config);
        assert_eq!(claims[0].members, vec![0, 1]);
        assert_eq!(claims[0].class, ClaimClass::Consensus);
        assert_eq!(claims[1].members, vec![2]);
        // Without vectors they share no content word: three single-origin claims.
        let words: Vec<SentenceView<'_>> =
            sentences.iter().map(|s| SentenceView { vector: None, ..*s }).collect();
        assert_eq!(align_claims(&words, 3, &config).len(), 3);
        // A sentence without a vector makes the story's alignment words only.
        let mut mixed = sentences.clone();
        mixed[2].vector = None;
        assert_eq!(align_claims(&mixed, 3, &config).len(), 3);
    }

    /// The spans of the given names in a sentence, as the tagger would give them.
    fn people<'t>(text: &'t str, names: &[&str]) -> (&'t str, Vec<Span>) {
        let spans = names
            .iter()
            .map(|name| {
                let at = text.find(name).unwrap();
                Span::new(at, at + name.len()).unwrap()
            })
            .collect();
        (text, spans)
    }

    #[test]
    fn the_people_who_act_are_named_at_a_clause_start_before_a_verb() {
        let story = [
            people(
                "Russian President Vladimir Putin held calls with Masoud Pezeshkian.",
                &["Vladimir Putin", "Masoud Pezeshkian"],
            ),
            people("Shortly after, Putin held talks with the Iranian President.", &["Putin"]),
            people(
                "Tensions peaked on Tuesday when President Donald Trump canceled talks.",
                &["Donald Trump"],
            ),
            // Too far from the clause's start to be its subject; a source, not an actor.
            people(
                "Speaking during a long call with Vladimir Putin on Friday, he left.",
                &["Vladimir Putin"],
            ),
            people("Kremlin spokesman Dmitry Peskov said the talks went well.", &["Dmitry Peskov"]),
            people(
                "Donald Trump has reported that Peskov will resign.",
                &["Donald Trump", "Peskov"],
            ),
            // A name before "and" or "'s" does nothing in its clause.
            people("Putin and Donald Trump's aides met.", &["Putin", "Donald Trump"]),
            // A lone word the story never names in full, an organisation taken for a person.
            people(
                "Emmy won, and the Robert Wood Johnson Foundation congratulates her.",
                &["Emmy", "Robert Wood Johnson Foundation"],
            ),
        ];
        let agents = story_agents(&story, &[]);
        let expected: [&[&str]; 8] =
            [&["Putin"], &["Putin"], &["Trump"], &[], &[], &["Peskov"], &[], &[]];
        assert_eq!(agents, expected);
    }

    #[test]
    fn a_pronoun_opening_a_sentence_acts_for_the_person_it_stands_for() {
        let story = [
            people("Russian President Vladimir Putin spoke to reporters.", &["Vladimir Putin"]),
            people("Spokeswoman Ana Brel spoke too.", &["Ana Brel"]),
            people("He described the unrest as a plot.", &[]),
            people("She also attributed the unrest to sanctions.", &[]),
            // A report, not an act; a person the story never names in full.
            people("He said the talks went well.", &[]),
            people("She left early.", &[]),
        ];
        let pronoun = |text: &str| Span::new(0, text.find(' ').unwrap()).unwrap();
        let subjects = [
            None,
            None,
            Some((pronoun(story[2].0), "Vladimir Putin")),
            Some((pronoun(story[3].0), "Ana Brel")),
            Some((pronoun(story[4].0), "Vladimir Putin")),
            Some((pronoun(story[5].0), "Mira Holt")),
        ];
        let agents = story_agents(&story, &subjects);
        let expected: [&[&str]; 6] = [&["Putin"], &["Brel"], &["Putin"], &["Brel"], &[], &[]];
        assert_eq!(agents, expected);
        // Without the resolutions the pronouns name no one.
        assert!(story_agents(&story, &[])[2..].iter().all(Vec::is_empty));
    }

    #[test]
    fn sentences_of_different_actors_are_never_one_claim() {
        let texts = [
            "Shortly after, Putin held talks with the Iranian officials.",
            "On Tuesday, Trump canceled talks with the Iranian officials.",
            "Putin held talks on Friday with the Iranian officials.",
            "Putin held talks with the Iranian officials after Trump canceled his.",
        ];
        let agents: [&[&str]; 4] = [&["Putin"], &["Trump"], &["Putin"], &["Putin", "Trump"]];
        let sentences: Vec<SentenceView<'_>> = (0..4)
            .map(|i| SentenceView {
                doc: i,
                origin: i,
                text: texts[i],
                vector: None,
                agents: agents[i],
            })
            .collect();
        let config = ClaimConfig::default();
        // Putin's talks are one claim; Trump's cancelled ones, sharing most words, are not it.
        let claims = align_claims(&sentences[..2], 2, &config);
        assert_eq!(claims.len(), 2);
        let claims = align_claims(&sentences[..3], 3, &config);
        assert_eq!(claims[0].members, vec![0, 2]);
        assert_eq!(claims[1].members, vec![1]);
        // Without knowing who acts, the shared words make all three one claim.
        let unknown: Vec<SentenceView<'_>> =
            sentences[..3].iter().map(|s| SentenceView { agents: &[], ..*s }).collect();
        assert_eq!(align_claims(&unknown, 3, &config).len(), 1);
        // A sentence in which the other's actor acts too, or is named at all, may be its claim.
        assert!(different_agents(&sentences[0], &sentences[1]));
        assert!(!different_agents(&sentences[1], &sentences[3]));
        let named = SentenceView { agents: &["Putin"], ..sentences[3] };
        assert!(!different_agents(&sentences[1], &named));
        // One actor in both, though a pronoun stands for them in one.
        let pronoun = SentenceView { text: "He held talks.", agents: &["Putin"], ..sentences[1] };
        assert!(!different_agents(&sentences[0], &pronoun));
    }
}

//! A neutral extractive summary of a story: the sentences that the most other origins also
//! report come first (consensus before single-origin accounts), an article's opening sentences
//! are preferred among equals, and a sentence that repeats a chosen one is skipped.

use std::collections::HashMap;

use crate::claims::{cosine, tfidf_bags, tfidf_of};
use crate::{Claim, SentenceView};

/// How a summary is chosen.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SummaryConfig {
    /// Stop adding sentences once the summary has this many words.
    pub max_words: usize,
    /// Weight of an opening sentence (the article's first; `lead / (1 + position)` after).
    pub lead: f64,
    /// A candidate this similar (TF-IDF cosine) to a chosen sentence repeats it.
    pub redundant: f64,
    /// Sentences shorter than this many words are not summary material (datelines, captions).
    pub min_words: usize,
    /// The score of a background sentence (one that dates itself long before its article: "In
    /// 2004 a tsunami killed 170,000 people") is multiplied by this: wire copy repeats such
    /// context in every reprint, and it would otherwise outrank the event itself.
    pub background: f64,
}

impl Default for SummaryConfig {
    fn default() -> Self {
        SummaryConfig { max_words: 60, lead: 0.25, redundant: 0.5, min_words: 6, background: 0.5 }
    }
}

/// One sentence of a summary.
#[derive(Debug, Clone, PartialEq)]
pub struct SummarySentence {
    /// Its index in the sentences given to [`summarize`].
    pub sentence: usize,
    /// Origins other than its own that report the same thing: those of its claim.
    pub other_origins: usize,
    /// Sentences of other origins that back it, one per origin (the most similar by TF-IDF).
    pub support: Vec<usize>,
    /// Its score: support from other origins plus the lead weight.
    pub score: f64,
}

/// Chooses the summary sentences of a story; `positions[i]` is sentence `i`'s 0-based position
/// in its article, and `background[i]` whether it is background (an empty slice: none is; half
/// the sentences of a claim make all of it background).
/// Each sentence scores the sum, over the other origins, of its best TF-IDF
/// cosine with their sentences (how widely it is reported), plus the lead weight, times the
/// background weight for background; sentences are
/// taken best first, skipping repeats of chosen ones, until the word budget is spent. A
/// sentence is backed by the other origins of its claim (`claims`: the story's, from
/// [`crate::align_claims`] over the same sentences), so that the summary and the claims agree,
/// and a sentence of a claim already chosen is a repeat.
pub fn summarize(
    sentences: &[SentenceView<'_>],
    positions: &[usize],
    background: &[bool],
    config: &SummaryConfig,
    claims: &[Claim],
) -> Vec<SummarySentence> {
    let mut claim_of: Vec<Option<usize>> = vec![None; sentences.len()];
    for (idx, claim) in claims.iter().enumerate() {
        for &member in &claim.members {
            claim_of[member] = Some(idx);
        }
    }
    // A sentence is background when it is, or when half its claim's sentences are: a reprint
    // may split "In 2004, a magnitude 9.1 quake …" so that the year is in another sentence.
    let flagged = |idx: usize| background.get(idx) == Some(&true);
    let is_background = |idx: usize| match claim_of[idx] {
        Some(claim) if claims[claim].members.len() > 1 => {
            let members = &claims[claim].members;
            2 * members.iter().filter(|&&m| flagged(m)).count() >= members.len()
        }
        _ => flagged(idx),
    };
    let bags = tfidf_bags(sentences);
    let vectors = tfidf_of(&bags);
    // Words, not punctuation standing alone ("Last year , a 6 ." in tokenised text is four).
    let words = |idx: usize| {
        sentences[idx]
            .text
            .split_whitespace()
            .filter(|w| w.chars().any(char::is_alphanumeric))
            .count()
    };
    // Cosines through postings: only sentences that share a term have one.
    let mut postings: HashMap<&str, Vec<(usize, f64)>> = HashMap::new();
    for (idx, vector) in vectors.iter().enumerate() {
        for (term, weight) in vector {
            postings.entry(term).or_default().push((idx, *weight));
        }
    }
    let mut dot = vec![0.0_f64; sentences.len()];
    // Where each origin's entry sits in `best` below (NONE: not yet).
    const NONE: usize = usize::MAX;
    let n_origins = sentences.iter().map(|s| s.origin + 1).max().unwrap_or(0);
    let mut slot = vec![NONE; n_origins];
    let mut candidates: Vec<SummarySentence> = Vec::new();
    let material =
        |idx: usize| words(idx) >= config.min_words && balanced_quotes(sentences[idx].text);
    for idx in (0..sentences.len()).filter(|&idx| material(idx)) {
        dot.iter_mut().for_each(|d| *d = 0.0);
        for (term, weight) in &vectors[idx] {
            for &(other, theirs) in postings.get(term).into_iter().flatten() {
                dot[other] += weight * theirs;
            }
        }
        // The best match in each other origin, origins in order of their first match.
        let mut best: Vec<(usize, usize, f64)> = Vec::new();
        for (other, view) in sentences.iter().enumerate() {
            if view.origin == sentences[idx].origin || dot[other] <= 0.0 {
                continue;
            }
            let similarity = dot[other];
            match slot[view.origin] {
                NONE => {
                    slot[view.origin] = best.len();
                    best.push((view.origin, other, similarity));
                }
                at if best[at].2 < similarity => best[at] = (view.origin, other, similarity),
                _ => {}
            }
        }
        for &(origin, _, _) in &best {
            slot[origin] = NONE;
        }
        let support_score: f64 = best.iter().map(|(_, _, s)| s).sum();
        let backing = claim_of[idx]
            .map(|claim| claim_backing(sentences, &claims[claim], idx, &dot))
            .unwrap_or_default();
        #[expect(clippy::cast_precision_loss, reason = "a sentence position")]
        let lead = config.lead / (1.0 + positions.get(idx).copied().unwrap_or(0) as f64);
        let weight = if is_background(idx) { config.background } else { 1.0 };
        candidates.push(SummarySentence {
            sentence: idx,
            other_origins: backing.len(),
            support: backing,
            score: (support_score + lead) * weight,
        });
    }
    // Best first; ties in text order.
    candidates.sort_by(|a, b| b.score.total_cmp(&a.score).then(a.sentence.cmp(&b.sentence)));
    let mut chosen: Vec<SummarySentence> = Vec::new();
    let mut total = 0;
    for candidate in candidates {
        if total >= config.max_words {
            break;
        }
        // A sentence repeats a chosen one when it is as worded, or reports the same claim of
        // two or more origins.
        let same_claim = |kept: usize| {
            claim_of[kept].is_some_and(|claim| {
                claim_of[candidate.sentence] == Some(claim) && claims[claim].n_origins > 1
            })
        };
        let repeats = chosen.iter().any(|kept| {
            cosine(&vectors[kept.sentence], &vectors[candidate.sentence]) >= config.redundant
                || same_claim(kept.sentence)
        });
        if repeats {
            continue;
        }
        total += words(candidate.sentence);
        chosen.push(candidate);
    }
    chosen
}

/// The members of `claim` from origins other than sentence `idx`'s, one per origin: the one
/// most similar to it (`dot`: TF-IDF cosines with it), the first among equals; in text order.
fn claim_backing(
    sentences: &[SentenceView<'_>],
    claim: &Claim,
    idx: usize,
    dot: &[f64],
) -> Vec<usize> {
    let mut best: Vec<usize> = Vec::new();
    for &member in &claim.members {
        let origin = sentences[member].origin;
        if origin == sentences[idx].origin {
            continue;
        }
        match best.iter_mut().find(|kept| sentences[**kept].origin == origin) {
            Some(kept) if dot[member] > dot[*kept] => *kept = member,
            Some(_) => {}
            None => best.push(member),
        }
    }
    best.sort_unstable();
    best
}

/// Whether a sentence opens every quotation it closes and closes every one it opens: a sentence
/// split out of a longer quotation ("You know what they say, the third time's the charm,” said
/// DeGeneres.") reads wrongly on its own.
fn balanced_quotes(text: &str) -> bool {
    let count = |mark: &str| text.matches(mark).count();
    count("“") == count("”")
        && count("«") == count("»")
        && count("``") == count("''")
        && count("\"") % 2 == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    fn view(doc: usize, text: &str) -> SentenceView<'_> {
        SentenceView { doc, origin: doc, text, vector: None, agents: &[] }
    }

    #[test]
    fn the_widely_reported_sentence_leads_and_repeats_are_skipped() {
        let sentences = [
            view(0, "The mayor of Kestrel opened a new ferry terminal on the river on Monday."),
            view(0, "Storms had closed the Kestrel river bridge for three weeks before that."),
            view(1, "Kestrel's council chose the harbour design in a close vote last spring."),
            view(1, "On Monday the mayor of Kestrel opened the new river ferry terminal."),
            view(2, "A new ferry terminal on the Kestrel river was opened by the mayor on Monday."),
            view(2, "Only one outlet says the ferry fare will double next year, a claim."),
        ];
        let positions = [0, 1, 0, 1, 0, 1];
        let config = SummaryConfig { max_words: 30, ..SummaryConfig::default() };
        let claims = crate::align_claims(&sentences, 3, &crate::ClaimConfig::default());
        let summary = summarize(&sentences, &positions, &[], &config, &claims);
        // The terminal opening is reported by all three origins: it comes first, backed by the
        // other two, and its two other wordings are not repeated.
        assert_eq!(summary[0].other_origins, 2, "{summary:?}");
        assert!([0, 3, 4].contains(&summary[0].sentence));
        let chosen: Vec<usize> = summary.iter().map(|s| s.sentence).collect();
        assert_eq!(chosen.iter().filter(|idx| [0, 3, 4].contains(idx)).count(), 1, "{chosen:?}");
        assert!(summary.len() >= 2);
        // Short sentences are not summary material.
        let short = [view(0, "Last year , a 6 ."), view(1, "Last year , a 6 .")];
        // Nor is a sentence cut out of a longer quotation.
        let cut = "The third time is the charm for the ferry crossing,” said the harbour master.";
        assert!(!balanced_quotes(cut));
        assert!(balanced_quotes("“It holds,” she said of the \"new\" pier."));
        assert!(
            summarize(
                &short,
                &[0, 0],
                &[],
                &config,
                &crate::align_claims(&short, 2, &Default::default())
            )
            .is_empty()
        );
    }

    #[test]
    fn with_claims_the_claim_backs_a_sentence_and_its_other_members_are_repeats() {
        let sentences = [
            view(0, "The mayor of Kestrel opened a new ferry terminal on the river on Monday."),
            view(
                1,
                "Kestrel's first river ferry began carrying passengers this week, officials said.",
            ),
            view(2, "A new ferry terminal on the Kestrel river was opened by the mayor on Monday."),
            view(2, "Only one outlet says the ferry fare will double next year, a claim."),
        ];
        let positions = [0, 0, 0, 1];
        let claims = [
            Claim {
                members: vec![0, 1, 2],
                central: 0,
                n_origins: 3,
                class: crate::ClaimClass::Consensus,
            },
            Claim {
                members: vec![3],
                central: 3,
                n_origins: 1,
                class: crate::ClaimClass::SingleOrigin,
            },
        ];
        let config = SummaryConfig { max_words: 60, ..SummaryConfig::default() };
        let summary = summarize(&sentences, &positions, &[], &config, &claims);
        // The first pick is backed by the claim's other two origins, even the one whose words
        // differ; the claim's other sentences are not picked again.
        let first = &summary[0];
        assert!([0, 2].contains(&first.sentence), "{summary:?}");
        assert_eq!(first.other_origins, 2);
        assert_eq!(first.support.len(), 2);
        assert!(first.support.contains(&1));
        let chosen: Vec<usize> = summary.iter().map(|s| s.sentence).collect();
        assert_eq!(chosen.iter().filter(|idx| [0, 1, 2].contains(idx)).count(), 1, "{chosen:?}");
        assert!(chosen.contains(&3), "{chosen:?}");
    }

    #[test]
    fn background_repeated_by_every_reprint_gives_way_to_the_event() {
        let sentences = [
            view(0, "A strong quake shook the Kestrel valley on Tuesday, killing four villagers."),
            view(0, "In 1998 a flood in the Kestrel valley drowned three hundred villagers."),
            view(1, "Four villagers died when a strong quake shook the Kestrel valley on Tuesday."),
            view(1, "In 1998 a flood in the Kestrel valley drowned three hundred villagers."),
            view(2, "In 1998 a flood in the Kestrel valley drowned three hundred villagers."),
        ];
        let positions = [0, 1, 0, 1, 0];
        let config = SummaryConfig { max_words: 12, ..SummaryConfig::default() };
        let claims = crate::align_claims(&sentences, 3, &crate::ClaimConfig::default());
        let first = |background: &[bool]| {
            summarize(&sentences, &positions, background, &config, &claims)[0].sentence
        };
        // Word for word in three origins, the flood leads; dated as background, the quake does.
        assert!([1, 3, 4].contains(&first(&[])));
        assert!([0, 2].contains(&first(&[false, true, false, true, true])));
    }
}

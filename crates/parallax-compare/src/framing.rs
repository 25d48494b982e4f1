//! Framing: the words each outlet uses more than the other outlets of the story, by the log-odds
//! ratio with an informative Dirichlet prior (Monroe, Colaresi and Quinn 2008), with every
//! occurrence's span.

use std::collections::BTreeMap;

use parallax_model::Span;
use parallax_text::{is_stopword, strip_possessive, word_spans};

/// A text of one outlet (an article's paragraph), as the caller indexes it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OutletText<'a> {
    /// The caller's outlet index.
    pub outlet: usize,
    /// The caller's index of the text (occurrences point back to it).
    pub text_id: usize,
    /// The words.
    pub text: &'a str,
}

/// A term one outlet favours.
#[derive(Debug, Clone, PartialEq)]
pub struct FramingTerm {
    /// The outlet.
    pub outlet: usize,
    /// The term: a lowercase word or two-word phrase ("terrorist riots").
    pub term: String,
    /// The z-score of its log-odds ratio, this outlet against the others.
    pub z: f64,
    /// Uses by this outlet.
    pub count: usize,
    /// Uses by the other outlets.
    pub others: usize,
    /// Each use by this outlet: the text and the span in it.
    pub occurrences: Vec<(usize, Span)>,
}

/// Strength of the prior as a share of the story's term uses: the prior is the story's own pooled
/// counts, scaled by this.
pub const PRIOR_STRENGTH: f64 = 1.0;

/// Terms shown per outlet.
pub const TERMS_PER_OUTLET: usize = 10;

/// Smallest z-score shown. A story has few words, so one-sided 95% (1.645) would show almost
/// nothing; terms are ranked by z and this only drops the weakest.
pub const MIN_Z: f64 = 1.0;

type Occurrences = BTreeMap<String, Vec<(usize, usize, Span)>>;

/// Unigrams and bigrams of content words with their spans (a bigram only of adjacent words).
fn terms(texts: &[OutletText<'_>]) -> Occurrences {
    let mut out: Occurrences = BTreeMap::new();
    for text in texts {
        let words: Vec<(Span, String)> = word_spans(text.text)
            .into_iter()
            .map(|(span, word)| (span, strip_possessive(word).to_lowercase()))
            .collect();
        for (idx, (span, word)) in words.iter().enumerate() {
            let content =
                |w: &str| !is_stopword(w) && w.chars().filter(|c| c.is_alphabetic()).count() > 1;
            if !content(word) {
                continue;
            }
            out.entry(word.clone()).or_default().push((text.outlet, text.text_id, *span));
            if let Some((next_span, next)) = words.get(idx + 1) {
                let between = text.text.get(span.end()..next_span.start()).unwrap_or("");
                if content(next) && between.trim().is_empty() {
                    if let Some(both) = Span::new(span.start(), next_span.end()) {
                        out.entry(format!("{word} {next}")).or_default().push((
                            text.outlet,
                            text.text_id,
                            both,
                        ));
                    }
                }
            }
        }
    }
    out
}

/// The terms each outlet favours against the other outlets of the story: for each outlet and
/// term, the log-odds ratio of its use by this outlet and by the rest, smoothed by a prior of
/// pseudo-counts in proportion to the term's uses in the whole story ([`PRIOR_STRENGTH`]),
/// divided by its standard error. Terms with z ≥ [`MIN_Z`] used at least twice by the outlet, or
/// used only by it, are kept; at most [`TERMS_PER_OUTLET`] per outlet, highest z first.
pub fn framing_terms(texts: &[OutletText<'_>], n_outlets: usize) -> Vec<FramingTerm> {
    let occurrences = terms(texts);
    let mut totals = vec![0.0_f64; n_outlets];
    for uses in occurrences.values() {
        for (outlet, _, _) in uses {
            if let Some(total) = totals.get_mut(*outlet) {
                *total += 1.0;
            }
        }
    }
    let all: f64 = totals.iter().sum::<f64>().max(1.0);
    let alpha0 = PRIOR_STRENGTH * all;
    // Each term is scored only for the outlets that use it, so the work follows the uses, not
    // outlets × terms (a story of hundreds of outlets has tens of thousands of terms).
    let mut found: Vec<Vec<FramingTerm>> = (0..n_outlets).map(|_| Vec::new()).collect();
    for (term, uses) in &occurrences {
        let mut by_outlet: BTreeMap<usize, Vec<(usize, Span)>> = BTreeMap::new();
        for &(outlet, text_id, span) in uses {
            if outlet < n_outlets {
                by_outlet.entry(outlet).or_default().push((text_id, span));
            }
        }
        let overall: f64 = by_outlet.values().map(|uses| uses.len() as f64).sum();
        let alpha = PRIOR_STRENGTH * overall;
        let odds = |y: f64, n: f64| ((y + alpha) / (n + alpha0 - y - alpha)).ln();
        for (outlet, occurrences) in by_outlet {
            let mine_total = totals[outlet];
            let rest_total = all - mine_total;
            #[expect(clippy::cast_precision_loss, reason = "a count of uses")]
            let mine = occurrences.len() as f64;
            let rest = overall - mine;
            if rest_total == 0.0 || (mine < 2.0 && rest > 0.0) {
                continue;
            }
            let delta = odds(mine, mine_total) - odds(rest, rest_total);
            let z = delta / (1.0 / (mine + alpha) + 1.0 / (rest + alpha)).sqrt();
            if z < MIN_Z {
                continue;
            }
            found[outlet].push(FramingTerm {
                outlet,
                term: term.clone(),
                z,
                count: occurrences.len(),
                others: rest as usize,
                occurrences,
            });
        }
    }
    let mut out = Vec::new();
    for mut found in found {
        // Highest z first; on a tie the phrase before its words.
        found.sort_by(|a, b| {
            b.z.total_cmp(&a.z)
                .then_with(|| b.term.contains(' ').cmp(&a.term.contains(' ')))
                .then_with(|| a.term.cmp(&b.term))
        });
        // A word inside a kept phrase of the same uses says nothing more ("terrorist" in
        // "terrorist riots").
        let mut kept: Vec<FramingTerm> = Vec::new();
        for term in found {
            let inside = kept.iter().any(|k| {
                k.term.contains(' ')
                    && k.term.split(' ').any(|w| w == term.term)
                    && k.count == term.count
            });
            if !inside && kept.len() < TERMS_PER_OUTLET {
                kept.push(term);
            }
        }
        out.extend(kept);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_outlet_s_own_words_stand_out_with_their_spans() {
        let calm = "Protests continued in Kestrel on Monday as crowds marched past the old bridge.";
        let loaded = "Violent rioters attacked Kestrel on Monday near the old bridge.";
        let texts: Vec<OutletText<'_>> = (0..15)
            .map(|idx| OutletText {
                outlet: idx % 3,
                text_id: idx,
                text: if idx % 3 == 2 { loaded } else { calm },
            })
            .collect();
        let found = framing_terms(&texts, 3);
        let of = |outlet: usize| -> Vec<&str> {
            found.iter().filter(|t| t.outlet == outlet).map(|t| t.term.as_str()).collect()
        };
        assert!(of(2).contains(&"violent rioters"), "{found:?}");
        // "rioters" is only ever in "violent rioters": the phrase says it.
        assert!(!of(2).contains(&"rioters"), "{found:?}");
        assert!(of(0).is_empty() && of(1).is_empty(), "{found:?}");
        let phrase = found.iter().find(|t| t.term == "violent rioters").expect("found");
        assert_eq!(phrase.count, 5);
        for (text_id, span) in &phrase.occurrences {
            assert_eq!(
                span.slice(texts[*text_id].text).map(str::to_lowercase).as_deref(),
                Some("violent rioters")
            );
        }
        // Words every outlet uses are nobody's framing.
        assert!(found.iter().all(|t| t.term != "kestrel"));
    }
}

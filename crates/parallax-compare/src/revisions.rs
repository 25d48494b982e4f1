//! Two fetches of one page: what the later version changed, sentence by sentence.

use std::collections::BTreeSet;

use similar::{Algorithm, DiffTag};

use crate::quotes::{fold_quote_marks, word_set};

/// Two sentences are one sentence reworded when this share of their content words (Jaccard) is
/// shared: "at least 2,600 people were killed" and "at least 2,700 people were killed" share 4 of
/// 6.
pub const REWORDED_OVERLAP: f64 = 0.5;

/// One change between two versions of an article (indices into the sentences given to
/// [`sentence_changes`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SentenceChange {
    /// An earlier sentence the later version no longer has.
    Removed(usize),
    /// A later sentence the earlier version did not have.
    Added(usize),
    /// An earlier sentence and the later one that rewords it.
    Reworded(usize, usize),
}

/// The changes from `earlier` sentences to `later` ones, in text order: a Patience diff over
/// the sentences (white space and the style of quotation marks aside), and inside each changed
/// stretch each earlier sentence paired, in order, with the first later one not yet paired that
/// shares [`REWORDED_OVERLAP`] of its content words.
pub fn sentence_changes(earlier: &[&str], later: &[&str]) -> Vec<SentenceChange> {
    let key = |sentence: &&str| {
        fold_quote_marks(&sentence.split_whitespace().collect::<Vec<_>>().join(" "))
    };
    let (old, new): (Vec<String>, Vec<String>) =
        (earlier.iter().map(key).collect(), later.iter().map(key).collect());
    let mut changes = Vec::new();
    for op in similar::capture_diff_slices(Algorithm::Patience, &old, &new) {
        let (tag, old_range, new_range) = op.as_tag_tuple();
        if tag == DiffTag::Equal {
            continue;
        }
        let later_words: Vec<(usize, BTreeSet<String>)> =
            new_range.clone().map(|j| (j, word_set(later[j]))).collect();
        let mut next_later = 0;
        for i in old_range {
            let mine = word_set(earlier[i]);
            let pair = later_words[next_later..].iter().position(|(_, theirs)| {
                let shared = mine.intersection(theirs).count();
                let all = mine.union(theirs).count();
                #[expect(clippy::cast_precision_loss, reason = "word counts")]
                let overlap = if all == 0 { 0.0 } else { shared as f64 / all as f64 };
                overlap >= REWORDED_OVERLAP
            });
            match pair {
                Some(offset) => {
                    for &(j, _) in &later_words[next_later..next_later + offset] {
                        changes.push(SentenceChange::Added(j));
                    }
                    changes.push(SentenceChange::Reworded(i, later_words[next_later + offset].0));
                    next_later += offset + 1;
                }
                None => changes.push(SentenceChange::Removed(i)),
            }
        }
        for &(j, _) in &later_words[next_later..] {
            changes.push(SentenceChange::Added(j));
        }
    }
    changes
}

#[cfg(test)]
mod tests {
    use super::SentenceChange::{Added, Removed, Reworded};
    use super::*;

    #[test]
    fn a_changed_toll_is_a_rewording_and_new_sentences_are_added() {
        let earlier = [
            "The storm reached the coast of Varnel on Monday.",
            "At least 12 people were killed, officials said.",
            "Ferries stayed in port.",
        ];
        let later = [
            "The storm reached the coast of Varnel on Monday.",
            "At least 19 people were killed, officials said.",
            "Rescue teams searched the harbour overnight.",
            "Ferries  stayed in port.",
        ];
        assert_eq!(sentence_changes(&earlier, &later), [Reworded(1, 1), Added(2)]);
    }

    #[test]
    fn unrelated_sentences_are_removed_and_added_not_paired() {
        let earlier = ["The mayor opened the bridge.", "A band played “Varnel Bay”."];
        let later = ["The mayor opened the bridge.", "Traffic was light on the first day."];
        assert_eq!(sentence_changes(&earlier, &later), [Removed(1), Added(1)]);
        // Quotation-mark style and spacing alone change nothing.
        let restyled = ["The mayor opened the bridge.", "A band played \"Varnel Bay\"."];
        assert_eq!(sentence_changes(&earlier, &restyled), []);
    }

    #[test]
    fn a_pairing_skips_later_sentences_that_came_before_it() {
        let earlier = ["Officials said 40 homes were flooded near the river."];
        let later =
            ["The river rose two metres.", "Officials said 55 homes were flooded near the river."];
        assert_eq!(sentence_changes(&earlier, &later), [Added(0), Reworded(0, 1)]);
    }
}

//! Quotes of one voice across outlets: grouped when they report the same words, and diffed word
//! by word so that a changed word ("absolutely" / "categorically") shows.

use std::collections::BTreeSet;

use parallax_text::match_key;

use parallax_text::Groups;

use parallax_text::content_words;
use similar::{Algorithm, DiffTag};

/// What the grouping needs of one quote.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QuoteView<'a> {
    /// The caller's article index (quotes of one article are never grouped with each other).
    pub doc: usize,
    /// Loose keys of the voice: the speaker's name and the organisations it speaks for
    /// (`match_key` form: "maria zakharova", "foreign ministry"). Empty when unknown.
    pub speakers: Vec<String>,
    /// The words attributed.
    pub text: &'a str,
    /// The words of `text` inside quotation marks (empty for reported speech).
    pub quoted: &'a str,
}

/// Quotes of different articles that report the same words of one voice.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VariantGroup {
    /// Indices into the views given to [`quote_groups`], by article then position; the first is
    /// the one the others are diffed against.
    pub members: Vec<usize>,
    /// Whether every member has the same words (after case and punctuation are folded).
    pub same_words: bool,
}

/// Word overlap at which quotes of one voice are the same quote.
pub const SAME_VOICE_OVERLAP: f64 = 0.5;

/// Overlap of quoted words at which quotes are the same quote when their voices differ or are
/// unknown (an outlet may credit a statement to the office, another to the person).
pub const OTHER_VOICE_OVERLAP: f64 = 0.75;

/// Content words two quotes must share before they can be one quote.
pub const MIN_SHARED_WORDS: usize = 4;

/// A text's content words as a set.
pub(crate) fn word_set(text: &str) -> BTreeSet<String> {
    content_words(text).into_iter().collect()
}

/// A text with curly, low and angle quotation marks, and the doubled marks of news archives
/// and the Penn Treebank (`''`, ` `` `), written straight: two wordings that differ only in their
/// style of quotation marks read the same.
pub(crate) fn fold_quote_marks(text: &str) -> String {
    text.replace("''", "\"")
        .replace("``", "\"")
        .replace(['“', '”', '„', '«', '»'], "\"")
        .replace(['‘', '’'], "'")
}

/// The overlap coefficient of two word sets (shared words over the smaller set), or 0 when they
/// share fewer than [`MIN_SHARED_WORDS`].
#[expect(clippy::cast_precision_loss, reason = "a ratio of small counts")]
fn overlap(a: &BTreeSet<String>, b: &BTreeSet<String>) -> f64 {
    let shared = a.intersection(b).count();
    if shared < MIN_SHARED_WORDS {
        return 0.0;
    }
    shared as f64 / a.len().min(b.len()).max(1) as f64
}

/// Groups quotes of different articles that report the same words. Overlap is shared content
/// words over the smaller quote's (at least [`MIN_SHARED_WORDS`] shared). Two quotes whose voices
/// share a key (a name, or an organisation a speaker speaks for) join when their quoted words or
/// all their words overlap by [`SAME_VOICE_OVERLAP`]; quotes of other or unknown voices join only
/// when the words inside their quotation marks overlap by [`OTHER_VOICE_OVERLAP`]. Groups
/// are the connected quotes; only groups that span two or more articles are returned, in order
/// of their first member.
pub fn quote_groups(views: &[QuoteView<'_>]) -> Vec<VariantGroup> {
    let words: Vec<BTreeSet<String>> = views.iter().map(|v| word_set(v.text)).collect();
    let quoted: Vec<BTreeSet<String>> = views.iter().map(|v| word_set(v.quoted)).collect();
    let mut sets = Groups::new(views.len());
    for i in 0..views.len() {
        for j in i + 1..views.len() {
            if views[i].doc == views[j].doc {
                continue;
            }
            let same_voice = views[i].speakers.iter().any(|s| views[j].speakers.contains(s));
            let joins = if same_voice {
                overlap(&quoted[i], &quoted[j]).max(overlap(&words[i], &words[j]))
                    >= SAME_VOICE_OVERLAP
            } else {
                overlap(&quoted[i], &quoted[j]) >= OTHER_VOICE_OVERLAP
            };
            if joins {
                sets.join(i, j);
            }
        }
    }
    let groups = sets.groups();
    groups
        .into_iter()
        .filter(|members| members.iter().map(|&m| views[m].doc).collect::<BTreeSet<_>>().len() > 1)
        .map(|mut members| {
            members.sort_by_key(|&m| (views[m].doc, m));
            let first = match_key(views[members[0]].text);
            let same_words = members.iter().all(|&m| match_key(views[m].text) == first);
            VariantGroup { members, same_words }
        })
        .collect()
}

/// One piece of a word diff.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DiffKind {
    /// In both.
    Same,
    /// Only in the first text.
    Removed,
    /// Only in the second text.
    Added,
}

impl DiffKind {
    /// Its name in reports: `same`, `removed`, `added`.
    pub fn as_str(self) -> &'static str {
        match self {
            DiffKind::Same => "same",
            DiffKind::Removed => "removed",
            DiffKind::Added => "added",
        }
    }
}

/// A run of words of one kind, with the spacing between them as written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DiffPiece {
    /// Same, removed or added.
    pub kind: DiffKind,
    /// The words.
    pub text: String,
}

/// A word-level diff of `a` against `b` (Patience diff over the words between white space).
/// Each changed stretch is one removed run then one added run ("~~The Russian side~~**Moscow's**"),
/// not words of the two interleaved; runs are separated by one space. Words that differ only in
/// their style of quotation marks (`parties,"` and `parties,”`) are the same, shown as `b` has them.
pub fn word_diff(a: &str, b: &str) -> Vec<DiffPiece> {
    let (old, new): (Vec<&str>, Vec<&str>) =
        (a.split_whitespace().collect(), b.split_whitespace().collect());
    let fold = |w: &&str| fold_quote_marks(w);
    let (old_keys, new_keys): (Vec<String>, Vec<String>) =
        (old.iter().map(fold).collect(), new.iter().map(fold).collect());
    fn push<'t>(runs: &mut Vec<(DiffKind, Vec<&'t str>)>, kind: DiffKind, words: &[&'t str]) {
        if words.is_empty() {
            return;
        }
        match runs.last_mut() {
            Some((last, run)) if *last == kind => run.extend_from_slice(words),
            _ => runs.push((kind, words.to_vec())),
        }
    }
    let mut runs: Vec<(DiffKind, Vec<&str>)> = Vec::new();
    let (mut removed, mut added): (Vec<&str>, Vec<&str>) = (Vec::new(), Vec::new());
    for op in similar::capture_diff_slices(Algorithm::Patience, &old_keys, &new_keys) {
        let (tag, old_range, new_range) = op.as_tag_tuple();
        if tag == DiffTag::Equal {
            push(&mut runs, DiffKind::Removed, &std::mem::take(&mut removed));
            push(&mut runs, DiffKind::Added, &std::mem::take(&mut added));
            push(&mut runs, DiffKind::Same, &new[new_range]);
        } else {
            removed.extend_from_slice(&old[old_range]);
            added.extend_from_slice(&new[new_range]);
        }
    }
    push(&mut runs, DiffKind::Removed, &removed);
    push(&mut runs, DiffKind::Added, &added);
    let last = runs.len().saturating_sub(1);
    runs.iter()
        .enumerate()
        .map(|(at, (kind, words))| {
            let mut text = words.join(" ");
            // Spaces go with the unchanged words, so that a removed run meets its added run.
            if *kind == DiffKind::Same {
                if at > 0 {
                    text.insert(0, ' ');
                }
                if at < last {
                    text.push(' ');
                }
            }
            DiffPiece { kind: *kind, text }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn view<'a>(doc: usize, speakers: &[&str], text: &'a str) -> QuoteView<'a> {
        let quoted = text
            .split_once('“')
            .and_then(|(_, rest)| rest.split_once('”'))
            .map_or("", |(inside, _)| inside);
        QuoteView {
            doc,
            speakers: speakers.iter().map(|s| (*s).to_owned()).collect(),
            text,
            quoted,
        }
    }

    #[test]
    fn one_voice_with_changed_words_is_a_variant_group() {
        let views = [
            view(
                0,
                &["ilse varn", "harbour authority"],
                "the pier closure as “entirely unjustified for fishing crews”",
            ),
            view(
                1,
                &["harbour authority"],
                "the pier closure as “wholly unjustified for fishing crews” and premature",
            ),
            view(1, &["ilse varn"], "the weather will improve on Sunday"),
            view(
                2,
                &["tomas reed"],
                "the pier closure as “entirely unjustified for fishing crews”",
            ),
            // Another voice credited with the same quoted words is the same quote.
            view(
                2,
                &["port office"],
                "“the sudden pier closure entirely unjustified for fishing crews”",
            ),
            // Another voice with a few shared words is another quote.
            view(3, &["tomas reed"], "traders expected the pier closure for weeks"),
        ];
        let groups = quote_groups(&views);
        assert_eq!(groups, [VariantGroup { members: vec![0, 1, 3, 4], same_words: false }]);
        let diff = word_diff(views[0].text, views[1].text);
        let changed: Vec<(DiffKind, &str)> = diff
            .iter()
            .filter(|p| p.kind != DiffKind::Same)
            .map(|p| (p.kind, p.text.trim()))
            .collect();
        assert!(changed.contains(&(DiffKind::Removed, "“entirely")), "{diff:?}");
        assert!(changed.contains(&(DiffKind::Added, "“wholly")), "{diff:?}");
        assert!(changed.contains(&(DiffKind::Added, "and premature")), "{diff:?}");
    }

    #[test]
    fn a_changed_stretch_is_one_removed_run_then_one_added_run() {
        let diff = word_diff(
            "the harbour board confirmed its plan to reopen  the pier",
            "Velmora's “plan to reopen the pier soon",
        );
        let pieces: Vec<(DiffKind, &str)> =
            diff.iter().map(|p| (p.kind, p.text.as_str())).collect();
        assert_eq!(
            pieces,
            [
                (DiffKind::Removed, "the harbour board confirmed its plan"),
                (DiffKind::Added, "Velmora's “plan"),
                (DiffKind::Same, " to reopen the pier "),
                (DiffKind::Added, "soon"),
            ]
        );
        // Joined, the pieces read as the two texts do, one space between words.
        let joined = |skip: DiffKind| -> String {
            let text: String =
                diff.iter().filter(|p| p.kind != skip).map(|p| p.text.as_str()).collect();
            text.trim().to_owned()
        };
        assert_eq!(
            joined(DiffKind::Added),
            "the harbour board confirmed its plan to reopen the pier"
        );
        assert_eq!(joined(DiffKind::Removed), "Velmora's “plan to reopen the pier soon");
        assert!(word_diff("", "").is_empty());
        // Quotation-mark styles are not a change.
        let diff = word_diff("all \"concerned\" parties,\"", "all “concerned” parties,”");
        assert_eq!(
            diff,
            [DiffPiece { kind: DiffKind::Same, text: "all “concerned” parties,”".into() }]
        );
        // Nor are a news archive's doubled apostrophes.
        let diff = word_diff("\"It's time to go.\"", "''It's time to go.''");
        assert_eq!(diff, [DiffPiece { kind: DiffKind::Same, text: "''It's time to go.''".into() }]);
    }

    #[test]
    fn the_same_words_in_two_outlets_are_one_group_with_same_words() {
        let views = [
            view(0, &["kestrel council"], "“We will reopen the river bridge in June.”"),
            view(1, &[], "“we will reopen the river bridge in June”"),
            // Reported speech of an unknown voice joins nothing.
            view(2, &[], "that they would reopen the river bridge in June"),
            view(1, &["kestrel council"], "Nothing else."),
        ];
        let groups = quote_groups(&views);
        assert_eq!(groups, [VariantGroup { members: vec![0, 1], same_words: true }]);
    }

    #[test]
    fn quotes_of_one_article_or_of_low_overlap_stay_apart() {
        let views = [
            view(0, &["a"], "the river bridge will reopen in June"),
            view(0, &["a"], "the river bridge will reopen in June"),
            view(1, &["a"], "taxes on fuel must fall"),
            // Two shared words are not enough.
            view(2, &["a"], "the river bridge closed in June after storms"),
        ];
        assert!(quote_groups(&views).is_empty());
    }
}

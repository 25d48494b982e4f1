//! Naming: what each outlet calls the story's events ("protests", "unrest", "terrorist riots"),
//! the people taking part in them ("demonstrators", "rioters"), and the states it names through
//! an institution ("the Israeli government", "the Israeli regime"). Only an outlet's own words
//! count: text inside quotation marks (and scare quotes) is its sources' wording. Each label
//! comes with every use and how often the story's other outlets use it, so a label no other
//! outlet chooses stands out.

use std::collections::BTreeMap;

use parallax_model::Span;
use parallax_text::{country_of, is_stopword, quoted_ranges, strip_possessive, word_spans};

use crate::framing::OutletText;

/// Words for the events themselves: the lexicon of event labels (lowercase, singular and
/// plural).
const EVENT_WORDS: &[&str] = &[
    "protest",
    "protests",
    "demonstration",
    "demonstrations",
    "unrest",
    "riot",
    "riots",
    "rally",
    "rallies",
    "uprising",
    "uprisings",
    "revolt",
    "revolts",
    "revolution",
    "turmoil",
    "disturbances",
    "clashes",
    "insurrection",
    "insurgency",
    "rebellion",
    "sedition",
    "upheaval",
    "chaos",
    "violence",
    "unrests",
];

/// Words for the people taking part in the events.
const PARTICIPANT_WORDS: &[&str] = &[
    "protester",
    "protesters",
    "protestor",
    "protestors",
    "demonstrator",
    "demonstrators",
    "rioter",
    "rioters",
    "activists",
    "insurgents",
    "rebels",
    "thugs",
    "mob",
    "mobs",
    "agitators",
    "dissidents",
    "seditionists",
    "vandals",
    "mercenaries",
    "hooligans",
    "terrorists",
    "militants",
    "troublemakers",
    "insurrectionists",
];

/// Institutions through which a state is named ("the Israeli regime").
const INSTITUTIONS: &[&str] = &[
    "regime",
    "government",
    "authorities",
    "administration",
    "leadership",
    "entity",
    "junta",
    "occupation",
];

/// Referent of the event labels.
pub const EVENTS: &str = "the events";
/// Referent of the participant labels.
pub const PARTICIPANTS: &str = "the people taking part";

/// One label an outlet uses for a referent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Name {
    /// The outlet.
    pub outlet: usize,
    /// What it names: [`EVENTS`], [`PARTICIPANTS`] or a country ("Israel").
    pub referent: String,
    /// The label, lowercase: a word ("riots") or a modifier and the word ("terrorist riots",
    /// "israeli regime").
    pub label: String,
    /// Uses of the label by the story's other outlets.
    pub others: usize,
    /// Each use by this outlet: the text and the span in it.
    pub occurrences: Vec<(usize, Span)>,
}

impl Name {
    /// Whether no other outlet of the story uses the label.
    pub fn only_here(&self) -> bool {
        self.others == 0
    }
}

/// Labels kept per outlet and referent.
pub const NAMES_PER_REFERENT: usize = 6;

/// The start of the hyphenated compound a word at `start` ends ("anti-government"): back over
/// hyphens joined to letters on both sides.
fn compound_start(text: &str, start: usize) -> usize {
    let mut start = start;
    while let Some(before) = text.get(..start) {
        let mut chars = before.char_indices().rev();
        let (Some((hyphen_at, '-')), Some((_, letter))) = (chars.next(), chars.next()) else {
            break;
        };
        if !letter.is_alphanumeric() {
            break;
        }
        let word_start = before
            .get(..hyphen_at)
            .unwrap_or_default()
            .char_indices()
            .rev()
            .take_while(|(_, c)| c.is_alphanumeric())
            .last()
            .map_or(hyphen_at, |(at, _)| at);
        start = word_start;
    }
    start
}

type Uses = BTreeMap<(String, String), Vec<(usize, usize, Span)>>;

/// Every label use in the outlets' own words: `(referent, label)` → (outlet, text, span).
fn label_uses(texts: &[OutletText<'_>]) -> Uses {
    let mut uses: Uses = BTreeMap::new();
    for text in texts {
        let quoted = quoted_ranges(text.text, true);
        let own = |span: Span| !quoted.iter().any(|&(s, e)| span.start() >= s && span.end() <= e);
        let words: Vec<(Span, String)> = word_spans(text.text)
            .into_iter()
            .map(|(span, word)| (span, strip_possessive(word).to_lowercase()))
            .collect();
        let mut add = |referent: &str, label: String, span: Span| {
            uses.entry((referent.to_owned(), label)).or_default().push((
                text.outlet,
                text.text_id,
                span,
            ));
        };
        for (idx, (span, word)) in words.iter().enumerate() {
            if !own(*span) {
                continue;
            }
            // The word before, when it belongs to the same phrase (only spaces between).
            let before = idx.checked_sub(1).and_then(|prev| {
                let (prev_span, prev_word) = &words[prev];
                let gap = text.text.get(prev_span.end()..span.start())?;
                gap.trim().is_empty().then_some((*prev_span, prev_word.as_str()))
            });
            let referent = if EVENT_WORDS.contains(&word.as_str()) {
                Some(EVENTS)
            } else if PARTICIPANT_WORDS.contains(&word.as_str()) {
                Some(PARTICIPANTS)
            } else {
                None
            };
            if let Some(referent) = referent {
                add(referent, word.clone(), *span);
                // With its modifier: "terrorist riots", "peaceful protests", "anti-government
                // protests" (not an adverb or a verb's "-ing": "labeling protesters").
                let modifier = before.filter(|(_, w)| {
                    !is_stopword(w)
                        && !w.ends_with("ly")
                        && !w.ends_with("ing")
                        && w.chars().all(char::is_alphabetic)
                        && w.chars().count() > 2
                });
                if let Some((prev_span, _)) = modifier {
                    let start = compound_start(text.text, prev_span.start());
                    if let Some(both) = Span::new(start, span.end()) {
                        let label = both.slice(text.text).unwrap_or_default().to_lowercase();
                        add(referent, label.split_whitespace().collect::<Vec<_>>().join(" "), both);
                    }
                }
            }
            // A state named through an institution: "Israeli regime", "Iranian authorities".
            if INSTITUTIONS.contains(&word.as_str()) {
                if let Some((prev_span, prev_word)) = before {
                    if let (Some(country), Some(both)) =
                        (country_of(prev_word), Span::new(prev_span.start(), span.end()))
                    {
                        add(country, format!("{prev_word} {word}"), both);
                    }
                }
            }
        }
    }
    uses
}

/// Per outlet, its labels for the story's events, their participants and the states it names
/// through institutions, with how often the other outlets use each. Event and participant
/// labels are all kept (the outlets' choices side by side), at most [`NAMES_PER_REFERENT`] per
/// outlet and referent, labels no other outlet uses first, then the most used; a state's
/// institutional label is kept only when no other outlet uses it ("israeli regime" where the
/// others say "israeli government"). Outlets in index order.
pub fn outlet_names(texts: &[OutletText<'_>], n_outlets: usize) -> Vec<Name> {
    let uses = label_uses(texts);
    let mut out = Vec::new();
    for outlet in 0..n_outlets {
        let mut by_referent: BTreeMap<&str, Vec<Name>> = BTreeMap::new();
        for ((referent, label), found) in &uses {
            let occurrences: Vec<(usize, Span)> = found
                .iter()
                .filter(|(o, _, _)| *o == outlet)
                .map(|(_, text_id, span)| (*text_id, *span))
                .collect();
            if occurrences.is_empty() {
                continue;
            }
            let others = found.len() - occurrences.len();
            let is_state = referent != EVENTS && referent != PARTICIPANTS;
            if is_state && others > 0 {
                continue;
            }
            by_referent.entry(referent.as_str()).or_default().push(Name {
                outlet,
                referent: referent.clone(),
                label: label.clone(),
                others,
                occurrences,
            });
        }
        // Events first, then participants, then states by name.
        let order = |referent: &str| match referent {
            EVENTS => 0,
            PARTICIPANTS => 1,
            _ => 2,
        };
        let mut referents: Vec<(&str, Vec<Name>)> = by_referent.into_iter().collect();
        referents.sort_by(|a, b| order(a.0).cmp(&order(b.0)).then_with(|| a.0.cmp(b.0)));
        for (referent, mut names) in referents {
            // A label whose word itself no other outlet uses ("terrorist riots" where only this
            // outlet says "riots") says more than one that only adds a modifier to a shared word
            // ("economic protests").
            let word_others = |name: &Name| {
                let word = name.label.rsplit(' ').next().unwrap_or_default();
                uses.get(&(referent.to_owned(), word.to_owned()))
                    .map_or(0, |found| found.iter().filter(|(o, _, _)| *o != outlet).count())
            };
            names.sort_by(|a, b| {
                b.only_here()
                    .cmp(&a.only_here())
                    .then_with(|| word_others(a).cmp(&word_others(b)))
                    .then_with(|| b.occurrences.len().cmp(&a.occurrences.len()))
                    .then_with(|| a.label.cmp(&b.label))
            });
            names.truncate(NAMES_PER_REFERENT);
            out.extend(names);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts<'a>(items: &[(usize, &'a str)]) -> Vec<OutletText<'a>> {
        items
            .iter()
            .enumerate()
            .map(|(text_id, &(outlet, text))| OutletText { outlet, text_id, text })
            .collect()
    }

    fn labels(names: &[Name], outlet: usize, referent: &str) -> Vec<(String, usize, usize)> {
        names
            .iter()
            .filter(|n| n.outlet == outlet && n.referent == referent)
            .map(|n| (n.label.clone(), n.occurrences.len(), n.others))
            .collect()
    }

    #[test]
    fn each_outlet_s_labels_for_events_participants_and_states() {
        let story = texts(&[
            (0, "Peaceful protests spread as demonstrators marched; the protests grew."),
            (0, "The Velmish government said talks would go on."),
            (1, "The terrorist riots were crushed and the rioters arrested."),
            (1, "The Velmish regime, not the people, was behind the riots."),
            (2, "Protests continued; the Velmish government said the protesters dispersed."),
        ]);
        // "Velmish" is no demonym Parallax knows: no state label for it.
        let names = outlet_names(&story, 3);
        assert_eq!(
            labels(&names, 1, EVENTS),
            [("riots".to_owned(), 2, 0), ("terrorist riots".to_owned(), 1, 0),]
        );
        assert_eq!(labels(&names, 1, PARTICIPANTS), [("rioters".to_owned(), 1, 0)]);
        assert_eq!(
            labels(&names, 0, EVENTS),
            [("peaceful protests".to_owned(), 1, 0), ("protests".to_owned(), 2, 1)]
        );
        assert_eq!(labels(&names, 2, PARTICIPANTS), [("protesters".to_owned(), 1, 0)]);
        // Spans point at the words.
        let riots = names.iter().find(|n| n.label == "terrorist riots").unwrap();
        let (text_id, span) = riots.occurrences[0];
        assert_eq!(span.slice(story[text_id].text), Some("terrorist riots"));
    }

    #[test]
    fn a_state_named_through_an_institution_only_one_outlet_uses_stands_out() {
        let story = texts(&[
            (0, "The Israeli government denied it; Israel said nothing more."),
            (1, "The Israeli regime and the Zionist entity were blamed."),
            (2, "The Israeli government declined to comment."),
        ]);
        let names = outlet_names(&story, 3);
        assert_eq!(
            labels(&names, 1, "Israel"),
            [("israeli regime".to_owned(), 1, 0), ("zionist entity".to_owned(), 1, 0)]
        );
        // Shared institutional labels are not shown.
        assert!(labels(&names, 0, "Israel").is_empty());
    }

    #[test]
    fn quoted_words_are_the_speaker_s_not_the_outlet_s() {
        let story = texts(&[
            (0, "The minister condemned the “riots” and ‘terrorism’; protests went on."),
            (0, "He said: \"These rioters will pay.\" The rioters’ plots failed."),
            (1, "Protests went on."),
        ]);
        let names = outlet_names(&story, 2);
        assert_eq!(labels(&names, 0, EVENTS), [("protests".to_owned(), 1, 1)]);
        assert_eq!(labels(&names, 0, PARTICIPANTS), [("rioters".to_owned(), 1, 0)]);
    }

    #[test]
    fn modifiers_keep_compounds_skip_verbs_and_distinctive_words_rank_first() {
        let story = texts(&[
            (0, "Anti-government protests grew, labeling protesters as agents."),
            (0, "Economic protests, civil protests and the terrorist riots went on."),
            (1, "Protests grew and protesters marched."),
        ]);
        let names = outlet_names(&story, 2);
        let events: Vec<String> =
            labels(&names, 0, EVENTS).into_iter().map(|(label, _, _)| label).collect();
        // "riots" is this outlet's word alone: it and its phrase come before phrases that only
        // add a modifier to the shared "protests".
        assert_eq!(
            events,
            [
                "riots",
                "terrorist riots",
                "anti-government protests",
                "civil protests",
                "economic protests",
                "protests"
            ]
        );
        assert_eq!(labels(&names, 0, PARTICIPANTS), [("protesters".to_owned(), 1, 1)]);
    }
}

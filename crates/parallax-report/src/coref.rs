//! Pronouns resolved to the story's people: in an article's kept paragraphs, "he", "his", "she",
//! "her" (outside quotation marks, where they are the speaker's) stand for the person named last
//! before them in the same or the previous paragraph whose gender does not contradict them. A
//! person's gender is known only from the text: "Mr."/"Mrs."/"Ms." before a name, or a gendered
//! title ("spokeswoman", "chairman"); unknown agrees with both.

use std::collections::BTreeMap;

use parallax_model::{EntityKind, Mention, Span};
use parallax_text::{quoted_ranges, word_spans};

use crate::build::{ArticleInput, EntityKey, Titles};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Gender {
    Male,
    Female,
}

fn pronoun_gender(word: &str) -> Option<Gender> {
    match word {
        "he" | "him" | "his" | "himself" => Some(Gender::Male),
        "she" | "her" | "hers" | "herself" => Some(Gender::Female),
        _ => None,
    }
}

/// The gender a title gives ("spokeswoman (Foreign Ministry)" is female).
fn title_gender(title: &str) -> Option<Gender> {
    const FEMALE: &[&str] =
        &["woman", "queen", "princess", "duchess", "actress", "first lady", "mother", "wife"];
    const MALE: &[&str] = &["man ", "king", "prince", "duke", "actor", "father", "husband"];
    let lower = format!("{} ", title.to_lowercase());
    if FEMALE.iter().any(|w| lower.contains(w)) {
        Some(Gender::Female)
    } else if MALE.iter().any(|w| lower.contains(w)) {
        Some(Gender::Male)
    } else {
        None
    }
}

/// The pronoun mentions of the story's articles, each with the person entity it stands for.
/// `owners` are the person mentions already grouped (names and resolved role phrases), `titles`
/// the titles the story gives each entity.
pub(crate) fn pronoun_mentions(
    articles: &[ArticleInput<'_>],
    owners: &[(&Mention, &EntityKey)],
    titles: &Titles,
) -> Vec<(Mention, EntityKey)> {
    // Each person's gender: from an honorific before any of its mentions, else its titles.
    let mut gender: BTreeMap<&EntityKey, Gender> = BTreeMap::new();
    for (mention, key) in owners {
        let Some(input) = articles.iter().find(|a| a.raw.id == mention.doc_id) else { continue };
        let before = input.raw.text.get(..mention.span.start()).unwrap_or_default();
        let before = before.trim_end();
        let honorific = if before.ends_with("Mr.") || before.ends_with("Mr") {
            Some(Gender::Male)
        } else if ["Mrs.", "Ms.", "Mrs", "Ms"].iter().any(|h| before.ends_with(h)) {
            Some(Gender::Female)
        } else {
            None
        };
        if let Some(found) = honorific {
            gender.entry(key).or_insert(found);
        }
    }
    for (key, list) in titles {
        if let Some(found) = list.iter().find_map(|t| title_gender(t)) {
            gender.entry(key).or_insert(found);
        }
    }
    let mut out = Vec::new();
    for input in articles {
        let mut anchors: Vec<(Span, &EntityKey)> = owners
            .iter()
            .filter(|(m, key)| m.doc_id == input.raw.id && key.0 == EntityKind::Person)
            .map(|(m, key)| (m.span, *key))
            .collect();
        anchors.sort_by_key(|(span, _)| span.start());
        let mut previous_start = 0;
        for paragraph in &input.cleaned.paragraphs {
            let Some(text) = paragraph.slice(&input.raw.text) else { continue };
            let inside = quoted_ranges(text, false);
            for (span, word) in word_spans(text) {
                let lower = word.to_lowercase();
                let Some(wanted) = pronoun_gender(&lower) else { continue };
                if inside.iter().any(|&(s, e)| span.start() >= s && span.end() <= e) {
                    continue;
                }
                let at = paragraph.start() + span.start();
                // "him" is not the subject of its own clause ("Pezeshkian, who briefed him"):
                // a person named just before it in the same sentence is passed over.
                let clause_start = text
                    .get(..span.start())
                    .and_then(|before| before.rfind(['.', ';', '!', '?']))
                    .map_or(paragraph.start(), |dot| paragraph.start() + dot);
                let too_close = |a: &Span| {
                    lower == "him"
                        && a.start() >= clause_start
                        && input
                            .raw
                            .text
                            .get(a.end()..at)
                            .is_some_and(|between| between.split_whitespace().count() < 6)
                };
                let antecedent = anchors
                    .iter()
                    .rev()
                    .filter(|(a, _)| a.end() <= at && a.start() >= previous_start)
                    .filter(|(a, _)| !too_close(a))
                    .find(|(_, key)| gender.get(key).is_none_or(|g| *g == wanted));
                let (Some((_, key)), Some(raw)) = (antecedent, Span::new(at, at + span.len()))
                else {
                    continue;
                };
                out.push((
                    Mention {
                        doc_id: input.raw.id.clone(),
                        span: raw,
                        text: word.to_owned(),
                        kind: EntityKind::Person,
                    },
                    (*key).clone(),
                ));
            }
            previous_start = paragraph.start();
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_and_pronouns_have_genders() {
        assert_eq!(title_gender("spokeswoman (Foreign Ministry)"), Some(Gender::Female));
        assert_eq!(title_gender("spokesman (Kremlin)"), Some(Gender::Male));
        assert_eq!(title_gender("president (Russia)"), None);
        assert_eq!(pronoun_gender("her"), Some(Gender::Female));
        assert_eq!(pronoun_gender("they"), None);
    }
}

//! Pronouns resolved to the story's people: in an article's kept paragraphs, "he", "his", "she",
//! "her" (outside quotation marks, where they are the speaker's) stand for the person named last
//! before them in the same or the previous paragraph whose gender does not contradict them. A
//! person's gender comes from "Mr."/"Mrs."/"Ms." before a name, a gendered title
//! ("spokeswoman", "chairman"), a given name that the 1990 US census lists for one gender
//! ([`name_gender`]: "Hillary Clinton"), else the story's subject pronouns where the person is
//! the only one who could be meant ("Clinton spoke first. She said …"); unknown agrees with both.

use std::collections::{BTreeMap, HashMap};

use parallax_model::{EntityKind, Mention, Span};
use parallax_text::{quoted_ranges, word_spans};

use crate::build::{ArticleInput, EntityKey, Titles};

/// A person's gender as the story's text gives it.
pub(crate) use parallax_text::Gender;

/// The gender a third-person pronoun gives.
pub(crate) fn pronoun_gender(word: &str) -> Option<Gender> {
    match word.to_lowercase().as_str() {
        "he" | "him" | "his" | "himself" => Some(Gender::Male),
        "she" | "her" | "hers" | "herself" => Some(Gender::Female),
        _ => None,
    }
}

/// The gender a person's given name shows: the first word of a name of two words or more that
/// the census lists for one gender ("Hillary Clinton", not "Terry Strada" nor a lone "Warren").
pub(crate) fn name_gender(name_key: &str) -> Option<Gender> {
    let mut words = name_key.split(' ');
    let first = words.next()?;
    words.next()?;
    parallax_text::given_name_gender(first)
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

/// A pronoun of an article, outside quotation marks, with the people it may stand for.
struct Site<'k> {
    doc: usize,
    /// Its raw span and words.
    span: Span,
    word: String,
    gender: Gender,
    /// Whether it is a sentence's subject by position: it opens the sentence ("He said") or
    /// follows a closing quotation ("“…,” she said"); not "… he said" or "his".
    subject: bool,
    /// The people named before it in its paragraph or the one before, nearest first, each with
    /// the mention that names it there.
    candidates: Vec<(Span, &'k EntityKey)>,
}

/// Every third-person pronoun of the story's kept paragraphs with its candidates.
fn sites<'k>(articles: &[ArticleInput<'_>], owners: &[(&Mention, &'k EntityKey)]) -> Vec<Site<'k>> {
    let mut anchors_of: HashMap<&str, Vec<(Span, &'k EntityKey)>> = HashMap::new();
    for (mention, key) in owners {
        if key.0 == EntityKind::Person {
            anchors_of.entry(mention.doc_id.as_str()).or_default().push((mention.span, *key));
        }
    }
    let mut out = Vec::new();
    for (doc, input) in articles.iter().enumerate() {
        let mut anchors = anchors_of.remove(input.raw.id.as_str()).unwrap_or_default();
        anchors.sort_by_key(|(span, _)| span.start());
        // A person named inside a quotation is not who the article's own pronouns mean ("“I met
        // with Director Comey …,” she said in a statement" is not Comey's).
        let quotations: Vec<(usize, usize)> = input
            .cleaned
            .paragraphs
            .iter()
            .filter_map(|paragraph| {
                let text = paragraph.slice(&input.raw.text)?;
                Some(
                    quoted_ranges(text, false)
                        .into_iter()
                        .map(|(start, end)| (paragraph.start() + start, paragraph.start() + end)),
                )
            })
            .flatten()
            .collect();
        anchors.retain(|(span, _)| {
            !quotations.iter().any(|&(start, end)| start <= span.start() && span.end() <= end)
        });
        let mut previous_start = 0;
        for paragraph in &input.cleaned.paragraphs {
            let Some(text) = paragraph.slice(&input.raw.text) else { continue };
            let inside = quoted_ranges(text, false);
            for (span, word) in word_spans(text) {
                let Some(gender) = pronoun_gender(word) else { continue };
                if inside.iter().any(|&(s, e)| span.start() >= s && span.end() <= e) {
                    continue;
                }
                let lower = word.to_lowercase();
                let at = paragraph.start() + span.start();
                let before = text.get(..span.start()).unwrap_or_default().trim_end();
                let quoted = before.strip_suffix(['"', '”', '\'']);
                let opens_sentence = word.starts_with(char::is_uppercase)
                    && (before.is_empty()
                        || before.ends_with(['.', '!', '?'])
                        || quoted.is_some_and(|q| q.ends_with(['.', '!', '?'])));
                let after_quote = quoted.is_some_and(|q| q.ends_with([',', '!', '?']));
                let subject =
                    matches!(lower.as_str(), "he" | "she") && (opens_sentence || after_quote);
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
                let candidates = anchors
                    .iter()
                    .rev()
                    .filter(|(a, _)| a.end() <= at && a.start() >= previous_start)
                    .filter(|(a, _)| !too_close(a))
                    .copied()
                    .collect();
                let Some(raw) = Span::new(at, at + span.len()) else { continue };
                out.push(Site {
                    doc,
                    span: raw,
                    word: word.to_owned(),
                    gender,
                    subject,
                    candidates,
                });
            }
            previous_start = paragraph.start();
        }
    }
    out
}

/// Verbs of thinking whose subject a name right before them is ("Whiteside believes"), beside
/// the verbs of speech ([`parallax_text::SPEECH_VERBS`]: "Whiteside said").
const THOUGHT_VERBS: &[&str] =
    &["believes", "believed", "thinks", "thought", "confirmed", "denied"];

/// Whether a mention is a possessor ("Hansbrough's father").
fn is_possessive(text: &str, mention: Span) -> bool {
    let after = text.get(mention.end()..).unwrap_or_default();
    let name = text.get(mention.start()..mention.end()).unwrap_or_default();
    ["'s", "’s", " 's", " ’s"].iter().any(|p| after.starts_with(p))
        || name.ends_with("'s")
        || name.ends_with("’s")
}

/// Where the sentence holding a mention starts ([`parallax_text::sentence_spans`] over its
/// paragraph: "Rep. Chris Shays (R-Conn.) was pro John Kasich" is one sentence).
fn sentence_start(text: &str, mention: Span) -> usize {
    let paragraph =
        text.get(..mention.start()).unwrap_or_default().rfind('\n').map_or(0, |at| at + 1);
    let end = text
        .get(mention.start()..)
        .and_then(|rest| rest.find('\n'))
        .map_or(text.len(), |at| mention.start() + at);
    let Some(line) = text.get(paragraph..end) else { return paragraph };
    parallax_text::sentence_spans(line)
        .iter()
        .take_while(|sentence| paragraph + sentence.start() <= mention.start())
        .last()
        .map_or(paragraph, |sentence| paragraph + sentence.start())
}

/// Whether a mention is a sentence's subject, as far as position tells:
/// - it opens its sentence: at most four words ("Former Secretary of State") and no comma stand
///   between the sentence's start and the name;
/// - a verb of saying follows it ("…, Whiteside said") or comes before it, with only
///   capitalised title words between ("said California Highway Patrol Officer Ray Scheidnes",
///   "according to Lt. Rifkin").
///
/// A possessive ("Hansbrough's father") is no subject.
fn is_subject(text: &str, mention: Span) -> bool {
    if is_possessive(text, mention) {
        return false;
    }
    let after = text.get(mention.end()..).unwrap_or_default();
    let before = text.get(..mention.start()).unwrap_or_default();
    let start = sentence_start(text, mention);
    let lead = before.get(start..).unwrap_or_default();
    if !lead.contains(',') && lead.split_whitespace().count() <= 4 {
        return true;
    }
    let next = after.split_whitespace().next().unwrap_or_default();
    let next = next.trim_end_matches(|c: char| !c.is_alphanumeric());
    let next = next.to_lowercase();
    if parallax_text::SPEECH_VERBS.contains(&next.as_str())
        || THOUGHT_VERBS.contains(&next.as_str())
    {
        return true;
    }
    let mut words = before.split_whitespace().rev();
    for _ in 0..6 {
        let Some(word) = words.next() else { return false };
        match word.to_lowercase().as_str() {
            "said" | "says" | "added" => return true,
            "to" => return words.next().is_some_and(|w| w.eq_ignore_ascii_case("according")),
            _ if word.starts_with(char::is_uppercase) => {}
            _ => return false,
        }
    }
    false
}

/// The people's genders: from an honorific before any of their mentions, else their titles,
/// else their given name ([`name_gender`]), else the subject pronouns (a sentence's first word, or right after a quotation) where they
/// are the only person who could be meant and their nearest mention is its sentence's subject
/// ([`is_subject`]: "Clinton spoke first. She said …"; one gender at least twice as often as the
/// other).
fn genders<'k>(
    articles: &[ArticleInput<'_>],
    owners: &[(&Mention, &'k EntityKey)],
    titles: &'k Titles,
    sites: &[Site<'k>],
) -> BTreeMap<&'k EntityKey, Gender> {
    let mut gender: BTreeMap<&EntityKey, Gender> = BTreeMap::new();
    let text_of: HashMap<&str, &str> =
        articles.iter().map(|a| (a.raw.id.as_str(), a.raw.text.as_str())).collect();
    for (mention, key) in owners {
        let Some(text) = text_of.get(mention.doc_id.as_str()) else { continue };
        let before = text.get(..mention.span.start()).unwrap_or_default();
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
    for (_, key) in owners {
        if key.0 == EntityKind::Person && !gender.contains_key(key) {
            if let Some(found) = name_gender(&key.1) {
                gender.insert(key, found);
            }
        }
    }
    // (male, female) subject pronouns that can only mean this person.
    let mut seen: BTreeMap<&EntityKey, (usize, usize)> = BTreeMap::new();
    for site in sites.iter().filter(|site| site.subject) {
        let Some(((span, first), rest)) = site.candidates.split_first() else { continue };
        if rest.iter().any(|(_, key)| key != first)
            || !is_subject(articles[site.doc].raw.text.as_str(), *span)
        {
            continue;
        }
        let counts = seen.entry(first).or_default();
        match site.gender {
            Gender::Male => counts.0 += 1,
            Gender::Female => counts.1 += 1,
        }
    }
    for (key, (male, female)) in seen {
        let found = if male > 0 && male >= 2 * female {
            Some(Gender::Male)
        } else if female > 0 && female >= 2 * male {
            Some(Gender::Female)
        } else {
            None
        };
        if let Some(found) = found {
            gender.entry(key).or_insert(found);
        }
    }
    gender
}

/// The pronoun mentions of the story's articles, each with the person entity it stands for, and
/// the genders the story gives its people. `owners` are the person mentions already grouped
/// (names and resolved role phrases), `titles` the titles the story gives each entity.
pub(crate) fn pronoun_mentions<'k>(
    articles: &[ArticleInput<'_>],
    owners: &[(&Mention, &'k EntityKey)],
    titles: &'k Titles,
) -> (Vec<(Mention, EntityKey)>, BTreeMap<&'k EntityKey, Gender>) {
    let sites = sites(articles, owners);
    let gender = genders(articles, owners, titles, &sites);
    let mut out = Vec::new();
    for site in sites {
        let text = articles[site.doc].raw.text.as_str();
        let agreeing: Vec<&(Span, &EntityKey)> = site
            .candidates
            .iter()
            .filter(|(_, key)| gender.get(*key).is_none_or(|g| *g == site.gender))
            .collect();
        // A subject pronoun prefers the nearest person who is a sentence's subject ("Mathur
        // said Trump's statement … "I don't see," she said" is Mathur's), else the nearest.
        // (Putting the people of known gender first was tried: the story's main people, whose
        // gender the text shows, then took the pronouns of nearby speakers.)
        let subject = matches!(site.word.to_lowercase().as_str(), "he" | "she");
        // Else, for a subject pronoun, the first person the nearest sentence names not as a
        // possessor: more often its subject than the last-named ("Although it was Mara Quill's
        // idea, Attorney General Ilse Dorn closed … for Quill. … she said" is Dorn's).
        let first_of_nearest_sentence = || {
            // The nearest comes last in the text: whoever starts after its sentence's start
            // shares that sentence.
            let (nearest, _) = agreeing.first()?;
            let sentence = sentence_start(text, *nearest);
            agreeing
                .iter()
                .filter(|(span, _)| span.start() >= sentence && !is_possessive(text, *span))
                .min_by_key(|(span, _)| span.start())
        };
        let antecedent = agreeing
            .iter()
            .find(|(span, _)| subject && is_subject(text, *span))
            .or_else(|| if subject { first_of_nearest_sentence() } else { None })
            .or_else(|| agreeing.first())
            .map(|(_, key)| key);
        let Some(key) = antecedent else { continue };
        out.push((
            Mention {
                doc_id: articles[site.doc].raw.id.clone(),
                span: site.span,
                text: site.word,
                kind: EntityKind::Person,
            },
            (*key).clone(),
        ));
    }
    (out, gender)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_subject_opens_its_sentence_or_stands_beside_a_verb_of_saying() {
        let subject = |text: &str, name: &str| {
            let at = text.find(name).unwrap();
            is_subject(text, Span::new(at, at + name.len()).unwrap())
        };
        assert!(subject("The pier shut. Former Harbour Master Velt left.", "Velt"));
        assert!(subject("Boats sank, Velt said.", "Velt"));
        assert!(subject("Boats sank, said Harbour Master Velt.", "Velt"));
        assert!(subject("Boats sank, according to Velt.", "Velt"));
        assert!(!subject("Velt's plan failed.", "Velt"), "a possessive");
        assert!(!subject("Velt ’s plan failed.", "Velt"), "a possessive, tokenised");
        assert!(!subject("The board, and then the mayor, thanked Velt.", "Velt"));
        assert!(!subject("Brenn asked the old harbour master Velt.", "Velt"));
    }

    #[test]
    fn given_names_of_one_gender_give_it() {
        assert_eq!(name_gender("hillary clinton"), Some(Gender::Female));
        assert_eq!(name_gender("donald trump"), Some(Gender::Male));
        assert_eq!(name_gender("elizabeth warren"), Some(Gender::Female));
        assert_eq!(name_gender("terry strada"), None, "a name of both");
        assert_eq!(name_gender("warren"), None, "a lone word may be a surname");
        assert_eq!(name_gender("vladimir putin"), None, "not in the census lists");
    }

    #[test]
    fn titles_and_pronouns_have_genders() {
        assert_eq!(title_gender("spokeswoman (Foreign Ministry)"), Some(Gender::Female));
        assert_eq!(title_gender("spokesman (Kremlin)"), Some(Gender::Male));
        assert_eq!(title_gender("president (Russia)"), None);
        assert_eq!(pronoun_gender("her"), Some(Gender::Female));
        assert_eq!(pronoun_gender("they"), None);
    }
}

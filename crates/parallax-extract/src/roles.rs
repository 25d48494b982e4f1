//! Titles and role phrases: "Russian President Vladimir Putin" (person + role + country),
//! "Foreign Ministry spokeswoman Maria Zakharova" (+ organisation), and phrases that stand for a
//! person without naming them, "the Iranian President", "his Iranian counterpart". The story
//! report resolves the unnamed ones to the one person the story gives that role.

use parallax_model::Span;
use parallax_text::country_of;

use crate::tokens::{Token, tokenize};

/// Words that head a role phrase.
pub(crate) const ROLE_HEADS: &[&str] = &[
    "president",
    "minister",
    "premier",
    "chancellor",
    "spokesman",
    "spokeswoman",
    "spokesperson",
    "leader",
    "counterpart",
    "secretary",
    "ambassador",
    "envoy",
    "governor",
    "mayor",
    "senator",
    "chairman",
    "chairwoman",
    "chair",
    "director",
    "commander",
    "king",
    "queen",
    "prince",
    "emir",
    "ayatollah",
    "general",
    "adviser",
    "advisor",
    "speaker",
    "head",
    "chief",
    "official",
    "diplomat",
    "negotiator",
    "monarch",
    "pope",
    "prosecutor",
    "judge",
    "representative",
    "executive",
    "attorney",
    "lawyer",
];

/// Titles abbreviated before a name, and the roles they stand for.
pub(crate) const ROLE_ABBREVIATIONS: &[(&str, &str)] = &[
    ("sen", "senator"),
    ("rep", "representative"),
    ("gov", "governor"),
    ("gen", "general"),
    ("pres", "president"),
    ("amb", "ambassador"),
    ("sec", "secretary"),
    ("atty", "attorney"),
];

/// Words that belong to the role itself when they come right before its head.
pub(crate) const ROLE_MODIFIERS: &[&str] = &[
    "press",
    "prime",
    "foreign",
    "vice",
    "supreme",
    "deputy",
    "acting",
    "former",
    "interim",
    "top",
    "defence",
    "defense",
    "interior",
    "finance",
    "economy",
    "health",
    "justice",
    "senior",
    "special",
    "national",
    "security",
    "chief",
    "crown",
    "grand",
    "transport",
    "trade",
    "education",
    "energy",
    "environment",
    "agriculture",
    "culture",
    "labour",
    "labor",
    "communications",
    "information",
    "intelligence",
    "treasury",
    "budget",
    "army",
    "military",
    "attorney",
    "surgeon",
];

/// A role phrase found in a text (spans are bytes of that text).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RoleFound {
    /// The phrase, with its article or possessive ("the Iranian President").
    pub span: Span,
    /// The role, lowercase, with its modifiers ("prime minister").
    pub role: String,
    /// The country.
    pub country: Option<String>,
    /// The organisation.
    pub organisation: Option<String>,
    /// The person named right after it.
    pub person: Option<Span>,
}

/// Role phrases of a text, given the spans of its person mentions. A phrase counts when it names
/// a person right after it ("Kremlin spokesman Dmitry Peskov", "his Iranian counterpart, Masoud
/// Pezeshkian"), says whose role it is (a country or organisation: "the Iranian President"), or
/// is a bare role after "the" ("The minister promised …"), which a story gives to the one person
/// it titles so.
pub fn find_roles(text: &str, persons: &[Span]) -> Vec<RoleFound> {
    let tokens = tokenize(text);
    let lower: Vec<String> = tokens.iter().map(|t| t.text.to_lowercase()).collect();
    let inside_person = |token: &Token<'_>| persons.iter().any(|p| p.contains(token.span));
    // The person whose name starts at token `at`.
    let person_at = |at: usize| {
        tokens.get(at).and_then(|t| persons.iter().find(|p| p.start() == t.span.start()).copied())
    };
    let mut found = Vec::new();
    let mut idx = 0;
    while idx < tokens.len() {
        // An abbreviated title before a name: "Sen. Mara Quill", "Gov. Tobias Renn".
        let abbreviation = ROLE_ABBREVIATIONS
            .iter()
            .find(|(short, _)| *short == lower[idx])
            .filter(|_| tokens[idx].text.starts_with(char::is_uppercase))
            .filter(|_| lower.get(idx + 1).is_some_and(|w| w == "."));
        if let Some((person, (_, role))) = abbreviation.and_then(|a| Some((person_at(idx + 2)?, a)))
        {
            if let Some(span) = Span::new(tokens[idx].span.start(), tokens[idx + 1].span.end()) {
                found.push(RoleFound {
                    span,
                    role: (*role).to_owned(),
                    country: None,
                    organisation: None,
                    person: Some(person),
                });
            }
            idx += 2;
            continue;
        }
        let head = &lower[idx];
        let next_is_head = lower.get(idx + 1).is_some_and(|w| ROLE_HEADS.contains(&w.as_str()));
        if !ROLE_HEADS.contains(&head.as_str()) || inside_person(&tokens[idx]) || next_is_head {
            idx += 1;
            continue;
        }
        // Leftwards: role modifiers, then country and organisation words, then a determiner.
        let mut first = idx;
        let mut role_words = vec![head.clone()];
        while first > 0
            && (ROLE_MODIFIERS.contains(&lower[first - 1].as_str())
                || ROLE_HEADS.contains(&lower[first - 1].as_str()))
        {
            first -= 1;
            role_words.insert(0, lower[first].clone());
        }
        let mut country = None;
        let mut organisation_words: Vec<&str> = Vec::new();
        while first > 0 {
            let prev = first - 1;
            let token = &tokens[prev];
            if inside_person(token) {
                break;
            }
            // A two-word country first: "North Korean leader", "South Korea's President".
            let two_words = (prev > 0 && !inside_person(&tokens[prev - 1]))
                .then(|| country_of(&format!("{} {}", lower[prev - 1], lower[prev])))
                .flatten();
            if let Some((name, words)) =
                two_words.map(|name| (name, 2)).or_else(|| country_of(&lower[prev]).map(|n| (n, 1)))
            {
                if country.is_some() {
                    break;
                }
                country = Some(name.to_owned());
                first = prev + 1 - words;
                continue;
            }
            let capitalised = token.text.chars().next().is_some_and(char::is_uppercase);
            // A capitalised common word inside the sentence belongs to the name it opens ("New
            // York City Mayor", "The Sentinel editor"); at the sentence's start it is just
            // capitalised ("The mayor").
            // After another capitalised word ("Ms. Yellen The Federal Reserve chairwoman", a
            // subhead run on) it opens something else.
            let time_word = |word: &str| {
                matches!(word, "former" | "acting" | "interim" | "outgoing" | "incoming" | "then")
            };
            let sentence_start = prev == 0
                || matches!(lower[prev - 1].as_str(), "." | "!" | "?" | ":" | "\"")
                || (tokens[prev - 1].text.starts_with(char::is_uppercase)
                    && !time_word(&lower[prev - 1])
                    && !parallax_text::is_stopword(&lower[prev - 1]));
            let common = (parallax_text::is_stopword(&lower[prev])
                && (organisation_words.is_empty() || sentence_start))
                || time_word(&lower[prev]);
            if capitalised && !common && country.is_none() && is_word(token.text) {
                organisation_words.insert(0, token.text);
                first = prev;
                continue;
            }
            break;
        }
        let determiner = first > 0
            && matches!(lower[first - 1].as_str(), "the" | "his" | "her" | "its" | "their");
        let phrase_start = if determiner { first - 1 } else { first };
        // Rightwards: a person named next, possibly after a comma.
        let mut after = idx + 1;
        if lower.get(after).is_some_and(|w| w == ",") {
            after += 1;
        }
        let mut person = person_at(after);
        // After a comma, a name that goes straight on to say something opens a clause of its
        // own ("time to find a lawyer, Strickland said"); one in apposition is followed by a
        // comma or the rest of the phrase ("his lawyer, Ulf Brand, declined").
        if after > idx + 1 {
            let next_word = person.and_then(|p| {
                tokens.iter().position(|t| t.span.start() >= p.end()).map(|at| lower[at].as_str())
            });
            if next_word.is_some_and(|w| {
                matches!(w, "said" | "says" | "told" | "added" | "stated" | "noted" | "explained")
            }) {
                person = None;
            }
        }
        let organisation = (!organisation_words.is_empty()).then(|| organisation_words.join(" "));
        // "The minister promised …": a bare role after "the", which the story may give to the
        // one person it titles so (not "the minister of …", whose office follows).
        // Heads that are also adjectives ("the general strike", "the chief concern") are left.
        let bare = determiner
            && lower[first - 1] == "the"
            && !matches!(head.as_str(), "general" | "chief" | "head" | "principal")
            && !matches!(lower.get(idx + 1).map(String::as_str), Some("of" | "for" | "at"));
        if person.is_some() || country.is_some() || organisation.is_some() || bare {
            if let Some(span) = Span::new(tokens[phrase_start].span.start(), tokens[idx].span.end())
            {
                found.push(RoleFound {
                    span,
                    role: role_words.join(" "),
                    country,
                    organisation,
                    person,
                });
            }
        }
        idx += 1;
    }
    found
}

fn is_word(text: &str) -> bool {
    text.chars().all(|c| c.is_alphabetic() || c == '-' || c == '.')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn span(text: &str, part: &str) -> Span {
        let start = text.find(part).unwrap();
        Span::new(start, start + part.len()).unwrap()
    }

    /// Phrase, role, country, organisation, person.
    type Read = (String, String, Option<String>, Option<String>, Option<String>);

    fn read(text: &str, persons: &[&str]) -> Vec<Read> {
        let persons: Vec<Span> = persons.iter().map(|p| span(text, p)).collect();
        find_roles(text, &persons)
            .into_iter()
            .map(|found| {
                (
                    found.span.slice(text).unwrap().to_owned(),
                    found.role,
                    found.country,
                    found.organisation,
                    found.person.and_then(|p| p.slice(text)).map(str::to_owned),
                )
            })
            .collect()
    }

    #[test]
    fn titles_before_names_give_role_country_and_organisation() {
        let text = "Ardanian President Tor Velm spoke to Foreign Ministry spokeswoman Mira Sand.";
        let found = read(text, &["Tor Velm", "Mira Sand"]);
        assert_eq!(
            found,
            [
                (
                    "Ardanian President".to_owned(),
                    "president".to_owned(),
                    None,
                    Some("Ardanian".to_owned()),
                    Some("Tor Velm".to_owned())
                ),
                (
                    "Foreign Ministry spokeswoman".to_owned(),
                    "spokeswoman".to_owned(),
                    None,
                    Some("Foreign Ministry".to_owned()),
                    Some("Mira Sand".to_owned())
                ),
            ]
        );
    }

    #[test]
    fn a_capitalised_common_word_inside_a_name_belongs_to_it() {
        let text = "Former New Velmor City Mayor Tor Velm spoke, and The Ardun Post \
                    spokeswoman Mira Sand agreed. Cheers, Ms. Sand The Ardun Post spokeswoman \
                    left. A New Velmor judge ruled.";
        let found = read(text, &["Tor Velm", "Mira Sand"]);
        let organisations: Vec<Option<&str>> = found.iter().map(|f| f.3.as_deref()).collect();
        assert_eq!(
            organisations,
            [
                Some("New Velmor City"),
                Some("The Ardun Post"),
                Some("Ardun Post"),
                Some("New Velmor")
            ]
        );
    }

    #[test]
    fn known_demonyms_give_countries_and_unnamed_roles_are_kept() {
        let text = "Russian Prime Minister Ivo Dass called his Iranian counterpart, Reza Kam. \
                    Later the Iranian President spoke, and the president left.";
        let found = read(text, &["Ivo Dass", "Reza Kam"]);
        let short: Vec<(&str, &str, Option<&str>, Option<&str>)> = found
            .iter()
            .map(|f| (f.0.as_str(), f.1.as_str(), f.2.as_deref(), f.4.as_deref()))
            .collect();
        assert_eq!(
            short,
            [
                ("Russian Prime Minister", "prime minister", Some("Russia"), Some("Ivo Dass")),
                ("his Iranian counterpart", "counterpart", Some("Iran"), Some("Reza Kam")),
                ("the Iranian President", "president", Some("Iran"), None),
                ("the president", "president", None, None),
            ]
        );
        // A bare role after "the" is kept for the story to resolve; not an office named after
        // it, an adjective, or a role after another determiner.
        let text = "The minister of health spoke. The general strike ended. His lawyer left. \
                    The transport minister agreed.";
        let found: Vec<String> = read(text, &[]).into_iter().map(|f| f.0).collect();
        assert_eq!(found, ["The transport minister"]);
    }

    #[test]
    fn two_word_countries_before_a_role() {
        let text = "North Korean leader Tae Ung met South Korea's President Min Ja-rok.";
        let found = read(text, &["Tae Ung", "Min Ja-rok"]);
        let short: Vec<(&str, Option<&str>, Option<&str>)> =
            found.iter().map(|f| (f.0.as_str(), f.2.as_deref(), f.4.as_deref())).collect();
        assert_eq!(
            short,
            [
                ("North Korean leader", Some("North Korea"), Some("Tae Ung")),
                ("South Korea's President", Some("South Korea"), Some("Min Ja-rok")),
            ]
        );
    }

    #[test]
    fn legal_titles_are_roles_not_organisations() {
        let text = "Attorney General Rena Voss spoke. Her lawyer, Ulf Brand, declined. He needs a \
                    lawyer, Oskar Benn said.";
        let found = read(text, &["Rena Voss", "Ulf Brand", "Oskar Benn"]);
        let short: Vec<(&str, &str, Option<&str>, Option<&str>)> = found
            .iter()
            .map(|f| (f.0.as_str(), f.1.as_str(), f.3.as_deref(), f.4.as_deref()))
            .collect();
        assert_eq!(
            short,
            [
                ("Attorney General", "attorney general", None, Some("Rena Voss")),
                ("Her lawyer", "lawyer", None, Some("Ulf Brand")),
            ]
        );
    }

    #[test]
    fn abbreviated_titles_before_names() {
        let text =
            "Sen. Mara Quill (D-Calif.) objected. Gov. Tobias Renn agreed. Gen. Motors fell.";
        let found = read(text, &["Mara Quill", "Tobias Renn"]);
        let short: Vec<(&str, &str, Option<&str>)> =
            found.iter().map(|f| (f.0.as_str(), f.1.as_str(), f.4.as_deref())).collect();
        assert_eq!(
            short,
            [("Sen.", "senator", Some("Mara Quill")), ("Gov.", "governor", Some("Tobias Renn"))]
        );
    }

    #[test]
    fn a_press_secretary_is_one_role() {
        let found = read("Harbour press secretary Anna Dell declined.", &["Anna Dell"]);
        assert_eq!(found[0].1, "press secretary");
    }
}

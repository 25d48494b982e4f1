//! Figures: numbers with what they count, how they are hedged, what happened, and who gives them.
//!
//! A figure is read token by token inside one sentence: an optional currency sign, a qualifier
//! before the number ("at least", "more than", "surpassed"), the number itself (digits,
//! written-out words, scale words and abbreviations, ranges, or a vague word), a unit after it
//! ("%", "percent", "dollars"), what it counts (the noun phrase after it, after "of" for vague and
//! scaled numbers, the noun joined to it by a hyphen: "a 99-county tour", or the subject before
//! a verb of change: "fatalities have surpassed 2,600"),
//! and the event ("killed", "arrested or injured"). A figure must say what it measures (a unit,
//! an object or an event); years, dates, times and labels ("Article 5") are not figures.
//!
//! Vague words map to documented ranges (`VAGUE`): "dozens" 24–99, "scores" 40–99, "hundreds"
//! 200–999, "thousands" 2,000–9,999, "millions" 2–999 million, "tens of thousands"
//! 20,000–99,999, "hundreds of thousands" 200,000–999,999; "several" N is 3N–9N and "a few" N is
//! 2N–5N. "about" N allows ±10%, "nearly" N allows 90–100% of N.

use parallax_model::{
    CleanDocument, Date, Figure, Mention, Qualifier, Quote, RawDocument, RoleMention, Span,
    TimeMention,
};
use parallax_text::{is_stopword, sentence_spans};

use crate::article::{in_document, in_region, piece, read_regions};
use crate::figure_words::{
    AFTER, AUXILIARIES, BEFORE, BELOW_WORDS, CHANGE_VERBS, CROWD_NOUNS, EVENTS, EVENTS_BEFORE,
    IRREGULAR_PLURALS, LABELS, LINKS, MEASURE_NOUNS, MODIFIERS_ONLY, MORE, NOT_OBJECTS,
    PREPOSITIONS, REFERRING, SCALE_ABBREVIATIONS, SCALES, SIGNS, UNITS, VAGUE, WORDS,
};
use crate::quotes::speaker;
use crate::tokens::{Token, covering, tokenize};

/// A figure found in a text, every span in that text's offsets.
#[derive(Debug, Clone, PartialEq)]
pub struct FigureFound {
    /// The whole expression.
    pub span: Span,
    /// The number words alone.
    pub number: Span,
    /// The number stated (`None` for a vague word; a range's lower end).
    pub value: Option<f64>,
    /// The smallest value the wording allows.
    pub low: Option<f64>,
    /// The largest value the wording allows.
    pub high: Option<f64>,
    /// How the number is hedged.
    pub qualifier: Qualifier,
    /// `percent`, `percentage points` or a currency code.
    pub unit: Option<&'static str>,
    /// What is counted.
    pub object: Option<Span>,
    /// What happened to it.
    pub event: Option<Span>,
    /// A comparable key for what is measured.
    pub measure: Option<String>,
    /// The sentence it is in.
    pub sentence: Span,
    /// The date it is given "as of" or "by" in its sentence, when one is.
    pub as_of: Option<String>,
}

fn lookup<T: Copy>(table: &[(&str, T)], word: &str) -> Option<T> {
    table.iter().find(|(key, _)| *key == word).map(|(_, value)| *value)
}

/// The value of a number written in digits, with an attached scale ("2,700", "12.5", "1.2bn").
fn digits_value(text: &str) -> Option<f64> {
    let split = text.find(|c: char| c.is_alphabetic()).unwrap_or(text.len());
    let (digits, suffix) = (text.get(..split)?, text.get(split..)?);
    if digits.is_empty() || !digits.starts_with(|c: char| c.is_ascii_digit()) {
        return None;
    }
    // "000" and "09" are pieces of a number split by spacing, or codes.
    if digits.len() > 1 && digits.starts_with('0') && !digits.starts_with("0.") {
        return None;
    }
    if !digits.chars().all(|c| c.is_ascii_digit() || c == ',' || c == '.') {
        return None;
    }
    let mut groups = digits.split(',');
    let first = groups.next()?;
    let rest: Vec<&str> = groups.collect();
    let grouped = rest.iter().enumerate().all(|(idx, group)| {
        let whole = group.split('.').next().unwrap_or_default();
        whole.len() == 3 && (idx + 1 == rest.len() || !group.contains('.'))
    });
    if !rest.is_empty() && (!grouped || first.len() > 3 || first.contains('.')) {
        return None;
    }
    let value: f64 = digits.replace(',', "").parse().ok()?;
    if suffix.is_empty() {
        return Some(value);
    }
    lookup(SCALE_ABBREVIATIONS, &suffix.to_lowercase()).map(|scale| value * scale)
}

/// The value of a written-out number ("five", "twenty-five").
pub(crate) fn word_value(word: &str) -> Option<f64> {
    if let Some(value) = lookup(WORDS, word) {
        return Some(value);
    }
    let (tens, ones) = word.split_once('-')?;
    let tens = lookup(WORDS, tens).filter(|v| *v >= 20.0)?;
    let ones = lookup(WORDS, ones).filter(|v| *v >= 1.0 && *v < 10.0)?;
    Some(tens + ones)
}

/// Parts of a whole after "a" or "one", as percentages ("a third of" is 33.3%).
const FRACTIONS: &[(&str, f64)] =
    &[("third", 33.3), ("quarter", 25.0), ("fifth", 20.0), ("tenth", 10.0)];

/// Words that may follow a change written as a fraction ("fell by a fifth last year").
const CHANGE_FOLLOWERS: &[&str] = &[
    "last",
    "this",
    "next",
    "in",
    "on",
    "since",
    "from",
    "to",
    "over",
    "after",
    "before",
    "during",
    "compared",
    "and",
    "or",
    "but",
    "while",
    "as",
    "against",
    "year-on-year",
    "between",
    "within",
];

/// A fraction written as one hyphenated word ("two-thirds", "three-quarters", "one-fifth"), as a
/// percentage.
fn fraction_word(word: &str) -> Option<f64> {
    let (count, part) = word.split_once('-')?;
    let count = lookup(WORDS, count).filter(|n| (1.0..10.0).contains(n))?;
    let whole = match part {
        "half" => 2.0,
        "third" | "thirds" => 3.0,
        "quarter" | "quarters" => 4.0,
        "fifth" | "fifths" => 5.0,
        "tenth" | "tenths" => 10.0,
        _ => return None,
    };
    let percent = 100.0 * count / whole;
    (percent < 100.0).then(|| (percent * 10.0).round() / 10.0)
}

/// An amount read from tokens.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Amount {
    /// A number.
    Exact(f64),
    /// A vague word's range.
    Vague(f64, f64),
}

/// An amount and what was read with it.
#[derive(Debug, Clone, Copy)]
struct Read {
    /// Tokens `start..end`.
    end: usize,
    amount: Amount,
    /// Whether a scale word was read ("two million"; "hundreds of" also counts).
    scaled: bool,
    /// Written in words, not digits.
    written: bool,
    /// A qualifier carried by the token ("2,000-plus").
    qualifier: Option<Qualifier>,
    /// A unit carried by the token ("25-percent").
    unit: Option<&'static str>,
    /// The token ends in "-strong" ("million-strong rallies": the size of the rallies).
    strong: bool,
    /// A second number in the same token ("10-15").
    range_high: Option<f64>,
}

/// The amount that starts at token `idx`, if one does.
fn amount_at(lower: &[String], idx: usize) -> Option<Read> {
    let word = lower.get(idx)?.as_str();
    let next = |offset: usize| lower.get(idx + offset).map_or("", String::as_str);
    let base = Read {
        end: idx + 1,
        amount: Amount::Exact(0.0),
        scaled: false,
        written: false,
        qualifier: None,
        unit: None,
        strong: false,
        range_high: None,
    };
    // "tens of thousands", "hundreds of millions".
    if matches!(word, "tens" | "hundreds") && next(1) == "of" {
        if let Some((_, low, high)) = VAGUE.iter().find(|(w, ..)| *w == next(2)) {
            if *low >= 2e3 {
                let factor = if word == "tens" { 10.0 } else { 100.0 };
                let scale = low / 2.0;
                return Some(Read {
                    end: idx + 3,
                    amount: Amount::Vague(2.0 * factor * scale, (high + 1.0) * factor - 1.0),
                    scaled: true,
                    written: true,
                    ..base
                });
            }
        }
    }
    // "several hundred", "a few thousand".
    let (few, after_few) = match (word, next(1)) {
        ("several", _) => (Some((3.0, 9.0)), 1),
        ("a", "few") => (Some((2.0, 5.0)), 2),
        _ => (None, 0),
    };
    if let Some((low, high)) = few {
        let scale = lookup(SCALES, next(after_few))?;
        return Some(Read {
            end: idx + after_few + 1,
            amount: Amount::Vague(low * scale, high * scale),
            scaled: true,
            written: true,
            ..base
        });
    }
    // A share of a whole: "two-thirds of residents", "a third of the budget", "half of the
    // ships" (a percentage of what follows "of"; not "a quarter of a century"). After "by" it
    // is a change, as "by 20%" is: "fell by a fifth", "cut by half", "rose by two-thirds".
    let by = idx.checked_sub(1).and_then(|at| lower.get(at)).is_some_and(|w| w == "by");
    // The change ends its phrase: punctuation or a word that opens the next ("by a fifth last
    // year", "by half in March"), not a noun ("by a third storm", "by half a metre").
    let ends_phrase = |at: usize| {
        lower.get(at).is_none_or(|w| {
            !w.starts_with(char::is_alphanumeric) || CHANGE_FOLLOWERS.contains(&w.as_str())
        })
    };
    // The fraction and the token after it.
    let fraction = match word {
        "half" => Some((50.0, idx + 1)),
        "a" | "one" => lookup(FRACTIONS, next(1)).map(|percent| (percent, idx + 2)),
        hyphenated => fraction_word(hyphenated).map(|percent| (percent, idx + 1)),
    };
    let share = fraction
        .filter(|&(_, end)| lower.get(end).is_some_and(|w| w == "of") || by && ends_phrase(end));
    if let Some((percent, share_end)) = share {
        let mut of_what = share_end + 1;
        if matches!(lower.get(of_what).map(String::as_str), Some("a" | "an" | "the")) {
            of_what += 1;
        }
        let of = lower.get(share_end).is_some_and(|w| w == "of");
        if of && lower.get(of_what).is_some_and(|w| is_duration_word(w)) {
            return None;
        }
        // "a quarter of a percent" is 0.25%, "half of a percentage point" 0.5 points.
        let after = |offset: usize| lower.get(of_what + offset).map_or("", String::as_str);
        let (unit, end, value) = match (after(0), after(1)) {
            ("percent", _) if of => ("percent", of_what + 1, percent / 100.0),
            ("per", "cent") if of => ("percent", of_what + 2, percent / 100.0),
            ("percentage", "point" | "points") if of => {
                ("percentage points", of_what + 2, percent / 100.0)
            }
            _ => ("percent", share_end, percent),
        };
        return Some(Read {
            end,
            amount: Amount::Exact(value),
            scaled: true,
            written: true,
            unit: Some(unit),
            ..base
        });
    }
    // A token with hyphens: "2,000-plus", "million-strong", "10-15", "25-percent".
    let mut parts = word.split('-');
    let head = parts.next().unwrap_or_default();
    let tail: Vec<&str> = parts.collect();
    let mut read = base;
    if let Some((_, low, high)) = VAGUE.iter().find(|(w, ..)| *w == head) {
        read.amount = Amount::Vague(*low, *high);
        read.scaled = true;
        read.written = true;
    } else if let Some(value) = digits_value(head) {
        read.amount = Amount::Exact(value);
        read.scaled = head.ends_with(char::is_alphabetic);
    } else if let Some(scale) = lookup(SCALES, head).filter(|_| !tail.is_empty()) {
        // "million-strong".
        read.amount = Amount::Exact(scale);
        read.scaled = true;
        read.written = true;
    } else if let Some(value) = word_value(word) {
        read.amount = Amount::Exact(value);
        read.written = true;
        return Some(with_scales(lower, read, value));
    } else if matches!(word, "a" | "an") {
        let scale = lookup(SCALES, next(1))?;
        read.end = idx + 2;
        read.amount = Amount::Exact(scale);
        read.scaled = true;
        read.written = true;
        return Some(with_scales(lower, read, scale));
    } else if word == "half" {
        let skip = usize::from(next(1) == "a");
        let scale = lookup(SCALES, next(1 + skip))?;
        read.end = idx + 2 + skip;
        read.amount = Amount::Exact(scale / 2.0);
        read.scaled = true;
        read.written = true;
        return Some(read);
    } else {
        return None;
    }
    match tail.as_slice() {
        [] => {}
        ["plus"] => read.qualifier = Some(Qualifier::AtLeast),
        ["strong"] => read.strong = true,
        ["percent"] => read.unit = Some("percent"),
        [other] => {
            if let (Amount::Exact(low), Some(high)) = (read.amount, digits_value(other)) {
                if low >= high {
                    // "88-72": a score, not a range.
                    return None;
                }
                read.range_high = Some(high);
            } else if is_duration_word(other) {
                // "25-year-old", "three-day": an age or a duration, not a count.
                return None;
            }
        }
        _ => return None,
    }
    if let Amount::Exact(value) = read.amount {
        if tail.is_empty() {
            return Some(with_scales(lower, read, value));
        }
    }
    Some(read)
}

fn is_duration_word(word: &str) -> bool {
    matches!(
        word.trim_end_matches('s'),
        "year" | "month" | "week" | "day" | "hour" | "minute" | "second" | "decade" | "century"
    )
}

/// Scale words after a number: "two hundred thousand", "2.5 million", "5 bn".
fn with_scales(lower: &[String], mut read: Read, mut value: f64) -> Read {
    loop {
        let word = lower.get(read.end).map_or("", String::as_str);
        let scale = lookup(SCALES, word).or_else(|| {
            (!read.written)
                .then(|| lookup(SCALE_ABBREVIATIONS, word))
                .flatten()
                .filter(|_| word.len() > 1)
        });
        match scale {
            Some(scale) => {
                value *= scale;
                read.end += 1;
                read.scaled = true;
            }
            None => break,
        }
    }
    read.amount = Amount::Exact(value);
    read
}

/// Whether the tokens from `start` are `words`.
fn words_at(lower: &[String], start: usize, words: &[&str]) -> bool {
    lower
        .get(start..start + words.len())
        .is_some_and(|found| found.iter().zip(words.iter()).all(|(have, want)| have == want))
}

/// The longest qualifier (`BEFORE`) that ends just before token `end`: its first token.
fn qualifier_before(lower: &[String], end: usize) -> Option<(usize, Qualifier)> {
    BEFORE
        .iter()
        .filter(|(words, _)| end >= words.len() && words_at(lower, end - words.len(), words))
        .max_by_key(|(words, _)| words.len())
        .map(|(words, qualifier)| (end - words.len(), *qualifier))
}

/// The longest sequence from `table` starting at token `start`: its end and value.
fn sequence_at<T: Copy>(
    table: &[(&[&str], T)],
    lower: &[String],
    start: usize,
) -> Option<(usize, T)> {
    table
        .iter()
        .filter(|(words, _)| words_at(lower, start, words))
        .max_by_key(|(words, _)| words.len())
        .map(|(words, value)| (start + words.len(), *value))
}

fn is_word(token: &Token<'_>) -> bool {
    token.text.chars().all(|c| c.is_alphabetic() || matches!(c, '-' | '\'' | '’'))
        && token.text.starts_with(char::is_alphabetic)
}

/// The noun phrase that starts at token `start` (at most four words), if one does.
fn noun_phrase(tokens: &[Token<'_>], lower: &[String], start: usize) -> Option<(usize, usize)> {
    let digits = |idx: usize| {
        tokens
            .get(idx)
            .is_some_and(|t| !t.text.is_empty() && t.text.chars().all(|c| c.is_ascii_digit()))
    };
    // A name with its own number is no object: "58 Fortune 500 companies" counts companies.
    let start = if tokens.get(start).is_some_and(|t| t.text.starts_with(char::is_uppercase))
        && digits(start + 1)
    {
        start + 2
    } else {
        start
    };
    // A name's possessive is no object. After "of" it is the noun's determiner ("half of
    // Orlo's voters" counts voters); straight after a number it starts a clause ("the 30,000
    // Clinton's lawyers returned" counts what the lawyers returned, unnamed).
    let possessive_name = |idx: usize| {
        tokens.get(idx).is_some_and(|t| {
            t.text.starts_with(char::is_uppercase)
                && (t.text.ends_with("'s") || t.text.ends_with("’s"))
        })
    };
    // A number after a figure starts another ("660,000 dollars four years ago").
    if amount_at(lower, start).is_some() {
        return None;
    }
    let start = if possessive_name(start) {
        if start == 0 || lower[start - 1] != "of" {
            return None;
        }
        start + 1
    } else {
        start
    };
    let mut end = start;
    // Tokens skipped over a suspended hyphen do not count against the phrase's four words.
    let mut skipped = 0;
    let word_at = |idx: usize| lower.get(idx).map_or("", String::as_str);
    // Where the phrase ended before its first conjunction of modifiers.
    let mut before_conjunction = None;
    while end < tokens.len() && end - start - skipped < 4 {
        // A suspended hyphen joins two modifiers of one noun: "8 million low- and middle-income
        // Americans" counts Americans.
        let suspended = tokens
            .get(end + 1)
            .is_some_and(|t| t.text == "-" && t.span.start() == tokens[end].span.end())
            && lower.get(end + 2).is_some_and(|w| matches!(w.as_str(), "and" | "or" | "to"));
        if suspended && is_word(&tokens[end]) {
            end += 3;
            skipped += 3;
            continue;
        }
        // Two modifiers of one noun: "seven current and former aides" counts aides.
        // Only modifiers: what follows the conjunction is no amount and reaches the plural noun
        // within three words ("a 5,000-strong force and millions of …" are two counts).
        let coordinated = end > start
            && matches!(word_at(end), "and" | "or")
            && !is_plural(&lower[end - 1])
            && tokens.get(end + 1).is_some_and(is_word)
            && !is_stopword(&lower[end + 1])
            && amount_at(lower, end + 1).is_none()
            && (end + 1..(end + 4).min(tokens.len()))
                .take_while(|&idx| is_word(&tokens[idx]) && !is_stopword(&lower[idx]))
                .any(|idx| is_plural(&lower[idx]));
        if coordinated {
            before_conjunction.get_or_insert(end);
            end += 1;
            skipped += 1;
            continue;
        }
        let nationality = end > start
            && is_plural(&lower[end])
            && parallax_text::country_of(&singular(&lower[end])).is_some();
        let word = lower[end].as_str();
        let capital = tokens[end].text.starts_with(char::is_uppercase);
        // A name after a common noun starts something else ("6 earthquake struck Northern");
        // after a name, a name and a conjunction, or a modifier it is one more ("310 million
        // active Velmor users").
        let continues_a_name = end > start
            && (tokens[end - 1].text.starts_with(char::is_uppercase)
                || MODIFIERS_ONLY.contains(&lower[end - 1].as_str())
                || (matches!(word_at(end - 1), "and" | "or")
                    && tokens[end - 2].text.starts_with(char::is_uppercase)));
        if !is_word(&tokens[end])
            || word.chars().count() < 2
            || (end > start && capital && !nationality && !continues_a_name)
            || (end > start && word.ends_with("ed"))
            || is_stopword(word)
            || NOT_OBJECTS.contains(&word)
            || PREPOSITIONS.contains(&word)
            || AUXILIARIES.contains(&word)
            || lookup(EVENTS, word).is_some()
            || (word.ends_with("ly") && word.len() > 4)
        {
            break;
        }
        end += 1;
        // A count ends at its plural noun ("two regional rivals", "rallies show ...") and at a
        // possessive.
        if is_plural(word) || word.ends_with("'s") || word.ends_with("’s") {
            break;
        }
    }
    // Modifiers joined by a conjunction must reach their plural noun ("a tax credit and provide
    // …" stops at "credit").
    if let Some(before) = before_conjunction.filter(|_| !is_plural(&lower[end - 1])) {
        end = before;
    }
    if end > start && MODIFIERS_ONLY.contains(&lower[end - 1].as_str()) {
        return None;
    }
    // A participle opens a modifier only before its plural noun ("three armed men"); otherwise
    // it is the verb of a clause ("$16 million stashed away", "$182 million compared with").
    if end > start
        && lower[start].len() > 5
        && lower[start].ends_with("ed")
        && !is_plural(&lower[end - 1])
    {
        return None;
    }
    // A name let in after a modifier must reach the plural it names ("three former Velmor Port
    // Authority aides" is cut at four words: "three former Velmor Port" counts nothing named).
    let name_after_modifier = (start + 1..end).any(|idx| {
        tokens[idx].text.starts_with(char::is_uppercase)
            && MODIFIERS_ONLY.contains(&lower[idx - 1].as_str())
    });
    if name_after_modifier && !is_plural(&lower[end - 1]) {
        return None;
    }
    (end > start).then_some((start, end))
}

/// Whether a lowercase noun looks plural.
fn is_plural(word: &str) -> bool {
    IRREGULAR_PLURALS.contains(&word)
        || (word.len() > 5 && word.ends_with("men"))
        || (word.len() > 3
            && word.ends_with('s')
            && !word.ends_with("ss")
            && !word.ends_with("us")
            && !word.ends_with("is"))
}

/// The singular of a plural noun, for measure keys ("rallies" → "rally").
/// The measure a counted noun names: its singular, and "people" for a nationality's people
/// ("millions of Iranians").
fn measure_of_head(head: &str) -> String {
    let one = singular(head);
    if one != head && parallax_text::country_of(&one).is_some() {
        return "people".to_owned();
    }
    one
}

fn singular(word: &str) -> String {
    if let Some(stem) = word.strip_suffix("men").filter(|s| s.len() > 2) {
        return format!("{stem}man");
    }
    if let Some(stem) = word.strip_suffix("ies").filter(|s| s.len() > 2) {
        return format!("{stem}y");
    }
    for suffix in ["ches", "shes", "xes", "sses", "zes"] {
        if let Some(stem) = word.strip_suffix(suffix) {
            return format!("{stem}{}", suffix.trim_end_matches("es"));
        }
    }
    if word.ends_with("ss") || word.ends_with("us") || word.len() <= 3 {
        return word.to_owned();
    }
    word.strip_suffix('s').unwrap_or(word).to_owned()
}

/// The figures of a text. Tokens inside `times` (the text's time expressions, with their values)
/// are never figures; a time expression after "as of" or "by" in a figure's sentence is its
/// as-of date.
pub fn find_figures(text: &str, times: &[(Span, &str)]) -> Vec<FigureFound> {
    let mut out = Vec::new();
    for sentence in sentence_spans(text) {
        let Some(sentence_text) = sentence.slice(text) else { continue };
        let tokens = tokenize(sentence_text);
        let lower: Vec<String> = tokens.iter().map(|t| t.text.to_lowercase()).collect();
        let in_time: Vec<bool> = tokens
            .iter()
            .map(|token| {
                in_document(sentence, token.span)
                    .is_some_and(|span| times.iter().any(|(time, _)| time.overlaps(span)))
            })
            .collect();
        let as_of = as_of_date(&tokens, &lower, sentence, times);
        let mut idx = 0;
        while idx < tokens.len() {
            match figure_at(&tokens, &lower, &in_time, idx) {
                Some((end, mut found)) => {
                    let shift = |span: Span| in_document(sentence, span);
                    if let (Some(span), Some(number)) = (shift(found.span), shift(found.number)) {
                        found.span = span;
                        found.number = number;
                        found.object = found.object.and_then(shift);
                        found.event = found.event.and_then(shift);
                        found.sentence = sentence;
                        found.as_of.clone_from(&as_of);
                        out.push(found);
                    }
                    idx = end.max(idx + 1);
                }
                None => idx += 1,
            }
        }
    }
    out
}

/// A full date given after "as of" or "by" in a sentence.
fn as_of_date(
    tokens: &[Token<'_>],
    lower: &[String],
    sentence: Span,
    times: &[(Span, &str)],
) -> Option<String> {
    times.iter().find_map(|(time, value)| {
        if !sentence.contains(*time) || !value.starts_with(|c: char| c.is_ascii_digit()) {
            return None;
        }
        let first = tokens.iter().position(|t| {
            in_document(sentence, t.span).is_some_and(|span| span.start() == time.start())
        })?;
        let before = |back: usize| {
            first.checked_sub(back).and_then(|i| lower.get(i)).map_or("", String::as_str)
        };
        let marked = before(1) == "by"
            || (before(1) == "of" && before(2) == "as")
            || (before(1) == "at" && before(2) == "as");
        marked.then(|| (*value).to_owned())
    })
}

/// The figure whose number starts at or after token `idx` (at `idx` itself), with the token
/// after it.
fn figure_at(
    tokens: &[Token<'_>],
    lower: &[String],
    in_time: &[bool],
    idx: usize,
) -> Option<(usize, FigureFound)> {
    // A range opened by "between" or "from": "between 10 and 15".
    let opener = matches!(lower[idx].as_str(), "between" | "from");
    let number_start = if opener { idx + 1 } else { idx };
    let read = amount_at(lower, number_start)?;
    if (number_start..read.end).any(|i| in_time.get(i).copied().unwrap_or(true)) {
        return None;
    }
    let word = lower[number_start].as_str();
    let previous = number_start.checked_sub(1).map(|i| lower[i].as_str()).unwrap_or("");
    let following = lower.get(read.end).map_or("", String::as_str);
    // Dates and times written with separators ("16/01/2026", "10:30"), labels ("Article 5"),
    // and referring uses of small numbers ("the two countries", "one of them").
    if [previous, following].iter().any(|w| matches!(*w, "/" | ":" | "."))
        && !read.written
        && following != "."
    {
        return None;
    }
    if LABELS.contains(&previous)
        || (!read.written
            && number_start > 0
            && tokens[number_start - 1].text.starts_with(char::is_uppercase)
            && is_word(&tokens[number_start - 1])
            && number_start - 1 > 0)
    {
        return None;
    }
    if read.written && !read.scaled && REFERRING.contains(&previous) {
        return None;
    }
    // A capitalised number word inside a sentence starts a name ("said Zero Hedge", "the Three
    // Rivers").
    let title_case = |token: &Token<'_>| {
        token.text.starts_with(char::is_uppercase) && token.text.chars().any(char::is_lowercase)
    };
    if read.written
        && title_case(&tokens[number_start])
        && number_start > 0
        && ((is_word(&tokens[number_start - 1])
            && tokens[number_start - 1].text.chars().any(char::is_lowercase))
            || previous == ",")
    {
        return None;
    }
    // The second term of a ratio: "a 3 to 1 margin" (not of a change or a result: "fell from
    // 15 to 10", "won 46 to 40 percent").
    let ratio_before = number_start >= 2
        && previous == "to"
        && matches!(following, "margin" | "ratio" | "majority" | "decision" | "split")
        && matches!(
            (amount_at(lower, number_start - 2).map(|r| r.amount), read.amount),
            (Some(Amount::Exact(first)), Amount::Exact(second)) if first > second
        );
    if ratio_before {
        return None;
    }
    // A number split by spacing ("10 , 000") is not read in pieces.
    if (previous == ","
        && word.len() == 3
        && number_start >= 2
        && digits_value(&lower[number_start - 2]).is_some())
        || (following == ","
            && lower.get(read.end + 1).is_some_and(|w| w.len() == 3 && w.starts_with('0')))
    {
        return None;
    }
    // "0735 GMT", "2112 GMT": a clock time as wires write it.
    let time_zone = tokens.get(read.end).is_some_and(|t| crate::dates::is_time_zone(t.text));
    if time_zone && !read.written && matches!(word.len(), 3 | 4) {
        return None;
    }
    let bare_year = !read.written
        && !read.scaled
        && word.len() == 4
        && word.chars().all(|c| c.is_ascii_digit())
        && (1800..=2100).contains(&word.parse::<u32>().unwrap_or(0));
    let mut end = read.end;
    let mut amount = read.amount;
    let mut qualifier = read.qualifier;
    let mut range_high = read.range_high;
    // A range: "10 to 15", "two or three", "between 10 and 15", "2 to 3 million".
    let joiner = lower.get(end).map_or("", String::as_str);
    let joins = match joiner {
        "to" | "-" | "–" => true,
        "or" => read.written && !read.scaled,
        "and" => opener,
        _ => false,
    };
    if range_high.is_none() && joins {
        if let Some(second) = amount_at(lower, end + 1) {
            if let (Amount::Exact(low), Amount::Exact(high)) = (amount, second.amount) {
                let low = if second.scaled && !read.scaled && low < high {
                    // "2 to 3 million": the scale belongs to both.
                    let scale = high / high_unscaled(lower, end + 1).unwrap_or(high);
                    low * scale
                } else {
                    low
                };
                if low < high {
                    amount = Amount::Exact(low);
                    range_high = Some(high);
                    end = second.end;
                }
            }
        }
    }
    if opener && range_high.is_none() {
        return None;
    }
    let start = if opener { idx } else { number_start };
    let number_end = end;
    // Qualifier before.
    let mut first = start;
    let mut below = false;
    if !opener {
        if let Some((q_start, found)) = qualifier_before(lower, start) {
            qualifier = qualifier.or(Some(found));
            below = BELOW_WORDS.contains(&lower[q_start].as_str());
            first = q_start;
        }
    }
    // Currency sign before ("$5m", "US$ 5").
    let mut unit = read.unit;
    if let Some(sign) = start.checked_sub(1).and_then(|i| lookup(SIGNS, tokens[i].text)) {
        unit = Some(sign);
        first = first.min(start - 1);
        if start >= 2 && lower[start - 2] == "us" {
            first = first.min(start - 2);
        }
        if let Some((q_start, found)) = qualifier_before(lower, start - 1) {
            qualifier = qualifier.or(Some(found));
            below = BELOW_WORDS.contains(&lower[q_start].as_str());
            first = first.min(q_start);
        }
    }
    // Unit and qualifier after.
    if let Some((unit_end, found)) = sequence_at(UNITS, lower, end) {
        unit = unit.or(Some(found));
        end = unit_end;
    }
    if let Some((after_end, found)) = sequence_at(AFTER, lower, end) {
        qualifier = qualifier.or(Some(found));
        end = after_end;
    }
    if bare_year && unit.is_none() {
        return None;
    }
    // "million-strong rallies", "a 5,000-strong force": a round size, not a count.
    if read.strong && !matches!(amount, Amount::Vague(..)) {
        qualifier = qualifier.or(Some(Qualifier::Approximate));
    }
    // What is counted, and what happened to it.
    let mut last = end;
    while lower.get(last).is_some_and(|w| MORE.contains(&w.as_str())) {
        last += 1;
    }
    let vague = matches!(amount, Amount::Vague(..));
    let mut object_from = last;
    if lower.get(last).is_some_and(|w| w == "of") && (vague || read.scaled) {
        object_from = last + 1;
        while lower
            .get(object_from)
            .is_some_and(|w| matches!(w.as_str(), "the" | "their" | "its" | "his" | "her"))
        {
            object_from += 1;
        }
    }
    let mut object = noun_phrase(tokens, lower, object_from);
    let after_object = object.map_or(last, |(_, o_end)| o_end);
    let mut event = event_after(lower, after_object);
    let mut measure = event.map(|(_, _, m)| m.to_owned());
    // "a 99-county pledge", "the group's 57,000-member page": the number counts the noun it is
    // joined to, and the noun after it is what those make up.
    let joined = (end == number_start + 1 && range_high.is_none() && unit.is_none())
        .then(|| joined_noun(&tokens[number_start]))
        .flatten();
    if let (None, Some((_, noun))) = (&measure, joined) {
        measure =
            Some(lookup(MEASURE_NOUNS, noun).map_or_else(|| measure_of_head(noun), str::to_owned));
    }
    if measure.is_none() {
        if let Some((o_start, o_end)) = object {
            let head = lower[o_end - 1].as_str();
            measure = lookup(MEASURE_NOUNS, head)
                .map(str::to_owned)
                .or_else(|| (o_end - o_start >= 1).then(|| measure_of_head(head)));
            if read.strong {
                // "million-strong rallies", "a millions-strong presence": one crowd's size,
                // whatever the outlet calls the gathering.
                measure = if CROWD_NOUNS.contains(&head) {
                    Some("crowd size".to_owned())
                } else {
                    measure.map(|m| format!("{m} size"))
                };
            }
        }
    }
    // An event named before the number ("killing at least 20 people").
    if event.is_none() {
        if let Some(before) = first.checked_sub(1) {
            if let Some(found) = lookup(EVENTS_BEFORE, lower[before].as_str()) {
                event = Some((before, before + 1, found));
                measure = Some(found.to_owned());
            }
        }
    }
    // The subject before a verb of change ("fatalities have surpassed 2,600").
    let counted =
        object.is_some_and(|(_, e)| lookup(MEASURE_NOUNS, lower[e - 1].as_str()).is_some());
    if !counted && event.is_none() {
        if let Some(subject) = subject_before(lower, first) {
            object = Some((subject, subject + 1));
            measure = lookup(MEASURE_NOUNS, lower[subject].as_str()).map(str::to_owned);
            if subject > 0 && lower[subject] == "toll" && lower[subject - 1] == "death" {
                object = Some((subject - 1, subject + 1));
            }
        }
    }
    if read.written && object.is_none() && event.is_none() && unit.is_none() {
        return None;
    }
    // "one" counts only with an event ("killing one man"): "one thing", "one of them" are not
    // figures.
    if word == "one" && !read.scaled && event.is_none() {
        return None;
    }
    if object.is_none() && event.is_none() && unit.is_none() && measure.is_none() {
        return None;
    }
    let (low, high, value) = bounds(amount, range_high, qualifier, below);
    let qualifier = match (amount, range_high) {
        (Amount::Vague(..), _) => Qualifier::Vague,
        (_, Some(_)) => Qualifier::Range,
        _ => qualifier.unwrap_or(Qualifier::Exact),
    };
    let mut span_end = end.max(last);
    if let Some((_, o_end)) = object {
        span_end = span_end.max(o_end);
    }
    if let Some((_, e_end, _)) = event {
        span_end = span_end.max(e_end);
    }
    let mut span_start = first;
    if let Some((o_start, _)) = object {
        span_start = span_start.min(o_start);
    }
    if let Some((e_start, _, _)) = event {
        span_start = span_start.min(e_start);
    }
    let found = FigureFound {
        span: covering(tokens, span_start, span_end)?,
        number: covering(tokens, number_start, number_end)?,
        value,
        low,
        high,
        qualifier,
        unit,
        object: joined
            .map(|(span, _)| span)
            .or_else(|| object.and_then(|(s, e)| covering(tokens, s, e))),
        event: event.and_then(|(s, e, _)| covering(tokens, s, e)),
        measure,
        sentence: Span::new(0, 0)?,
        as_of: None,
    };
    Some((number_end.max(end), found))
}

/// The lowercase noun joined to the digits of a number token by a hyphen ("county" in
/// "99-county"), with its span: not a name ("7-Eleven"), a letter ("8-K"), a word of time or
/// a preposition ("4-under").
fn joined_noun<'t>(token: &Token<'t>) -> Option<(Span, &'t str)> {
    let (digits, noun) = token.text.split_once('-')?;
    let is_digits = !digits.is_empty()
        && digits.starts_with(|c: char| c.is_ascii_digit())
        && digits.chars().all(|c| c.is_ascii_digit() || matches!(c, ',' | '.'));
    let is_noun = noun.len() >= 3
        && noun.chars().all(|c| c.is_ascii_lowercase())
        && !is_stopword(noun)
        && !PREPOSITIONS.contains(&noun)
        && !is_duration_word(noun)
        && !matches!(noun, "plus" | "strong" | "percent");
    if !(is_digits && is_noun) {
        return None;
    }
    let start = token.span.start() + digits.len() + 1;
    Some((Span::new(start, token.span.end())?, noun))
}

/// The unscaled value of the amount at `idx` ("3" in "3 million").
fn high_unscaled(lower: &[String], idx: usize) -> Option<f64> {
    let word = lower.get(idx)?;
    digits_value(word).or_else(|| word_value(word))
}

/// The event after what is counted: auxiliaries skipped, then event words joined by "or"/"and".
fn event_after(lower: &[String], from: usize) -> Option<(usize, usize, &'static str)> {
    let mut idx = from;
    while idx < lower.len() && idx - from < 4 && AUXILIARIES.contains(&lower[idx].as_str()) {
        idx += 1;
    }
    let measure = lookup(EVENTS, lower.get(idx)?.as_str())?;
    let start = idx;
    let mut end = idx + 1;
    let mut measures = vec![measure];
    while let (Some(joiner), Some(next)) = (lower.get(end), lower.get(end + 1)) {
        if !matches!(joiner.as_str(), "or" | "and" | ",") {
            break;
        }
        let Some(more) = lookup(EVENTS, next.as_str()) else { break };
        if !measures.contains(&more) {
            measures.push(more);
        }
        end += 2;
    }
    // Several measures ("arrested or injured") keep the first as the key.
    Some((start, end, measures[0]))
}

/// A measure noun shortly before a number, linked to it only by auxiliaries and verbs of change.
fn subject_before(lower: &[String], first: usize) -> Option<usize> {
    let mut idx = first;
    let mut steps = 0;
    while idx > 0 && steps < 6 {
        idx -= 1;
        steps += 1;
        let word = lower[idx].as_str();
        if lookup(MEASURE_NOUNS, word).is_some() {
            return Some(idx);
        }
        let link = LINKS.contains(&word) || CHANGE_VERBS.contains(&word);
        if !link && qualifier_before(lower, idx + 1).is_none() {
            // Past a verb of change, the subject may carry a phrase of its own ("The death toll
            // from Sunday's sinking off Korlan has risen to 41").
            let changed = lower[idx + 1..first].iter().any(|w| CHANGE_VERBS.contains(&w.as_str()));
            return if changed { subject_of_phrase(lower, idx) } else { None };
        }
    }
    None
}

/// Words that open a phrase after a subject ("toll from the sinking", "deaths in the region").
const SUBJECT_PHRASE_WORDS: &[&str] = &["from", "in", "of", "after", "among", "since"];

/// A measure noun opening a phrase that ends at `last` (the word before its verb), at most eight
/// words back, within the clause and outside a relative clause: "toll" of "The death toll from Sunday's ferry sinking off
/// Korlan".
fn subject_of_phrase(lower: &[String], last: usize) -> Option<usize> {
    let floor = last.saturating_sub(8);
    (floor..=last).rev().find_map(|idx| {
        let word = lower[idx].as_str();
        // Not across the clause's end, nor into a relative clause ("the storm that hit 41
        // towns").
        if matches!(word, "," | ";" | ":" | "." | "(" | ")" | "that" | "which" | "who") {
            return Some(None);
        }
        let opens = lower.get(idx + 1).is_some_and(|w| SUBJECT_PHRASE_WORDS.contains(&w.as_str()));
        (lookup(MEASURE_NOUNS, word).is_some() && opens).then_some(Some(idx))
    })?
}

/// The interval an amount and its qualifier allow, and the stated value.
fn bounds(
    amount: Amount,
    range_high: Option<f64>,
    qualifier: Option<Qualifier>,
    below: bool,
) -> (Option<f64>, Option<f64>, Option<f64>) {
    match (amount, range_high) {
        (Amount::Vague(low, high), _) => (Some(low), Some(high), None),
        (Amount::Exact(low), Some(high)) => (Some(low), Some(high), Some(low)),
        (Amount::Exact(value), None) => {
            let (low, high) = match qualifier {
                Some(Qualifier::AtLeast | Qualifier::MoreThan) => (Some(value), None),
                Some(Qualifier::AtMost | Qualifier::LessThan) => (None, Some(value)),
                Some(Qualifier::Approximate) if below => (Some(value * 0.9), Some(value)),
                Some(Qualifier::Approximate) => (Some(value * 0.9), Some(value * 1.1)),
                _ => (Some(value), Some(value)),
            };
            (low, high, Some(value))
        }
    }
}

/// The figures of an article's title and kept paragraphs, with raw spans. `times` are its time
/// expressions (never figures; "as of" dates), `quotes` its attributions (a figure inside a
/// quote's content is attributed to the quote's source and speaker), `mentions` and `roles` its
/// entities and role phrases (whom an "according to" phrase or a reporting verb's subject names,
/// resolved as a quote's source is). A figure's as-of date is the date it is given "as of"
/// or "by" in its sentence, else the article's date (else `fallback`).
pub fn document_figures(
    raw: &RawDocument,
    cleaned: &CleanDocument,
    reading: &ArticleReading<'_>,
    fallback: Option<Date>,
) -> Vec<Figure> {
    let anchor = cleaned.published.anchor().or(fallback);
    let piece = |span: Span| piece(raw, span);
    let mut out = Vec::new();
    for (region, text) in read_regions(raw, cleaned) {
        let times: Vec<(Span, &str)> = reading
            .times
            .iter()
            .filter_map(|t| in_region(region, t.span).map(|span| (span, t.value.as_str())))
            .collect();
        for found in find_figures(text, &times) {
            let moved = |span: Span| in_document(region, span);
            let (Some(span), Some(number)) = (moved(found.span), moved(found.number)) else {
                continue;
            };
            let quoted = reading
                .quotes
                .iter()
                .find(|q| q.source.is_some() && q.content.iter().any(|c| c.span.contains(number)));
            let (mut attribution, mut attributed_to) = match quoted {
                Some(quote) => (quote.source.clone(), quote.speaker.clone()),
                None => match moved(found.sentence)
                    .and_then(|s| according_to(raw, s).or_else(|| reported_by(raw, s, number)))
                {
                    Some(source) => {
                        let named = speaker(raw, source, reading.mentions, reading.roles);
                        (Some(piece(source)), named.map(piece))
                    }
                    None => (None, None),
                },
            };
            // A share of those asked is who answered, not who gives a figure ("32 percent said").
            if attribution.as_ref().is_some_and(|source| is_share(&source.text)) {
                (attribution, attributed_to) = (None, None);
            }
            out.push(Figure {
                doc_id: raw.id.clone(),
                span,
                text: piece(span).text,
                number: piece(number),
                value: found.value,
                low: found.low,
                high: found.high,
                qualifier: found.qualifier,
                unit: found.unit.map(str::to_owned),
                object: found.object.and_then(moved).map(piece),
                event: found.event.and_then(moved).map(piece),
                measure: found.measure,
                attribution,
                attributed_to,
                as_of: found.as_of.or_else(|| anchor.map(|date| date.to_string())),
            });
        }
    }
    out
}

/// Whether a source is a share of people: "32 percent", "just a third of voters", "61%" (a
/// percentage in its first words; "the Budget Office, and the top 10 percent" is the office).
fn is_share(source: &str) -> bool {
    find_figures(source, &[]).iter().any(|f| {
        f.unit == Some("percent")
            && source
                .get(..f.span.start())
                .is_some_and(|before| before.split_whitespace().count() <= 3)
    })
}

/// What an article has already read, that its figures refer to.
#[derive(Debug, Clone, Copy)]
pub struct ArticleReading<'r> {
    /// Its entity mentions.
    pub mentions: &'r [Mention],
    /// Its time expressions.
    pub times: &'r [TimeMention],
    /// Its quotes.
    pub quotes: &'r [Quote],
    /// Its role phrases.
    pub roles: &'r [RoleMention],
}

/// The words after "according to" in a sentence (raw span), up to punctuation or eight words.
fn according_to(raw: &RawDocument, sentence: Span) -> Option<Span> {
    let text = sentence.slice(&raw.text)?;
    let tokens = tokenize(text);
    let at = tokens.windows(2).position(|pair| {
        pair[0].text.eq_ignore_ascii_case("according") && pair[1].text.eq_ignore_ascii_case("to")
    })?;
    let start = at + 2;
    let end = (start..tokens.len())
        .take(8)
        .take_while(|&i| {
            !matches!(tokens[i].text, "," | "." | ";" | ":" | "(" | ")" | "\"" | "“" | "”")
        })
        .last()?
        + 1;
    covering(&tokens, start, end).and_then(|span| in_document(sentence, span))
}

/// Reporting verbs whose subject gives a figure ("monitors say", "the agency estimates").
const REPORTING: &[&str] = &[
    "say",
    "says",
    "said",
    "saying",
    "estimate",
    "estimates",
    "estimated",
    "estimating",
    "report",
    "reports",
    "reported",
    "reporting",
    "claim",
    "claims",
    "claimed",
    "told",
    "counted",
    "counts",
];

/// Words that end a reporting verb's subject, looking back from the verb.
const SUBJECT_STOPS: &[&str] =
    &["with", "and", "but", "while", "as", "that", "which", "who", "where", "when", "after"];

/// The subject of the last reporting verb before the figure's number in its sentence (raw span):
/// "with monitors saying at least 2,700" gives "monitors"; an apposition before the verb is passed
/// over ("The agency, a U.S.-based group, estimates" gives "The agency").
fn reported_by(raw: &RawDocument, sentence: Span, number: Span) -> Option<Span> {
    let text = sentence.slice(&raw.text)?;
    let tokens = tokenize(text);
    let at = |token: &Token<'_>| sentence.start() + token.span.start();
    // After a determiner the word is an adjective, not a verb with a subject: "at the reported
    // pricing", "an estimated 2,000".
    let after_determiner = |idx: usize| {
        idx > 0
            && matches!(
                tokens[idx - 1].text.to_lowercase().as_str(),
                "the" | "a" | "an" | "its" | "their" | "his" | "her" | "this" | "that" | "these"
            )
    };
    let verb = (0..tokens.len()).rev().find(|&idx| {
        let t = &tokens[idx];
        at(t) < number.start()
            && REPORTING.contains(&t.text.to_lowercase().as_str())
            && !after_determiner(idx)
    })?;
    // The verb's clause must reach the number: "1,409 teachers said they wanted X, while 95
    // members favored Y" gives the 95 no source.
    let next_clause = tokens.windows(2).any(|pair| {
        let (t, next) = (&pair[0], &pair[1]);
        at(t) > at(&tokens[verb])
            && at(next) < number.start()
            && (t.text == ";"
                || (t.text == ","
                    && matches!(
                        next.text.to_lowercase().as_str(),
                        "while" | "whereas" | "but" | "although" | "though"
                    )))
    });
    if next_clause {
        return None;
    }
    let mut end = verb;
    if end > 0 && tokens[end - 1].text == "," {
        // Pass over ", a U.S.-based group," back to the opening comma.
        let open = tokens[..end - 1].iter().rposition(|t| t.text == ",")?;
        end = open;
    }
    let mut start = end;
    while start > 0 && end - start < 8 {
        let word = tokens[start - 1].text;
        if !word.starts_with(char::is_alphanumeric)
            || SUBJECT_STOPS.contains(&word.to_lowercase().as_str())
        {
            break;
        }
        start -= 1;
    }
    covering(&tokens, start, end).and_then(|span| in_document(sentence, span))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_event_measure_is_one_the_comparison_knows() {
        let named = crate::figure_words::EVENTS
            .iter()
            .chain(crate::figure_words::EVENTS_BEFORE)
            .chain(crate::figure_words::MEASURE_NOUNS)
            .map(|&(_, measure)| measure);
        for measure in named {
            assert!(parallax_model::EVENT_MEASURES.contains(&measure), "{measure}");
        }
    }

    fn one(text: &str) -> FigureFound {
        let found = find_figures(text, &[]);
        assert_eq!(found.len(), 1, "{text}: {found:?}");
        found.into_iter().next().expect("one figure")
    }

    fn slice(text: &str, span: Option<Span>) -> Option<&str> {
        span.and_then(|s| s.slice(text))
    }

    #[test]
    fn names_and_suspended_hyphens_stand_before_the_counted_noun() {
        let text = "The plan would raise taxes on 8 million low- and middle-income Americans.";
        let found = one(text);
        assert_eq!(slice(text, found.object), Some("low- and middle-income Americans"));
        assert_eq!(found.measure.as_deref(), Some("people"));
        let text = "The study notes that 58 Fortune 500 companies would owe more.";
        let found = find_figures(text, &[]);
        let objects: Vec<Option<&str>> = found.iter().map(|f| slice(text, f.object)).collect();
        assert!(objects.contains(&Some("companies")), "{objects:?}");
        // A dash standing apart is no suspended hyphen.
        let text = "He has 58 wins and three defeats - and a title.";
        let found = find_figures(text, &[]);
        let objects: Vec<Option<&str>> = found.iter().map(|f| slice(text, f.object)).collect();
        assert_eq!(objects, [Some("wins"), Some("defeats")]);
    }

    #[test]
    fn coordinated_modifiers_share_their_noun_and_a_possessive_name_is_no_object() {
        let text = "The court let the board question seven current and former senior aides.";
        let found = one(text);
        assert_eq!(slice(text, found.object), Some("current and former senior aides"));
        assert_eq!(found.measure.as_deref(), Some("aide"));
        // A name after a modifier is part of what is counted.
        let text = "The site has 310 million active Velmor users.";
        assert_eq!(slice(text, one(text).object), Some("active Velmor users"));
        let text = "It hired three former Velmor Port Authority aides.";
        assert!(find_figures(text, &[]).iter().all(|f| f.object.is_none()));
        // A count whose phrase stops at a modifier, short of its noun, counts nothing named.
        let text = "The court let the board question seven current and former Velmor and Port \
                    Authority aides.";
        let objects: Vec<Option<&str>> =
            find_figures(text, &[]).iter().map(|f| slice(text, f.object)).collect();
        assert!(objects.iter().all(|o| *o != Some("current")), "{objects:?}");
        // A plural ends the count before "and": two counts' objects stay apart.
        let text = "Crews rescued 12 fishermen and divers from the pier.";
        let found = find_figures(text, &[]);
        let objects: Vec<Option<&str>> = found.iter().map(|f| slice(text, f.object)).collect();
        assert_eq!(objects, [Some("fishermen")]);
        // Names joined as modifiers; a verb after "and" is no modifier.
        let text = "Police held seven Velmoran and Ardunian sailors after the vote.";
        assert_eq!(slice(text, one(text).object), Some("Velmoran and Ardunian sailors"));
        let text = "The bill would keep a $500 annual tax credit and provide new loans.";
        let found = find_figures(text, &[]);
        let objects: Vec<Option<&str>> = found.iter().map(|f| slice(text, f.object)).collect();
        assert_eq!(objects, [Some("annual tax credit")]);
        let text = "Fewer than half of Orlo's voters came, and two businessmen left.";
        let found = find_figures(text, &[]);
        let objects: Vec<Option<&str>> = found.iter().map(|f| slice(text, f.object)).collect();
        assert_eq!(objects, [Some("voters"), Some("businessmen")]);
        assert_eq!(found[1].measure.as_deref(), Some("businessman"));
        // "the 3,000 Orlo's lawyers returned" counts what the lawyers returned, not Orlo.
        let text = "Divers found files that were not among the 3,000 Orlo's lawyers returned.";
        let found = find_figures(text, &[]);
        assert!(found.iter().all(|f| slice(text, f.object) != Some("Orlo's")), "{found:?}");
    }

    #[test]
    fn a_hedged_toll_with_its_object_and_event() {
        let text = "Rights groups say at least 1,450 people have been killed since the vote.";
        let found = one(text);
        assert_eq!(found.span.slice(text), Some("at least 1,450 people have been killed"));
        assert_eq!(found.number.slice(text), Some("1,450"));
        assert_eq!((found.value, found.low, found.high), (Some(1450.0), Some(1450.0), None));
        assert_eq!(found.qualifier, Qualifier::AtLeast);
        assert_eq!(slice(text, found.object), Some("people"));
        assert_eq!(slice(text, found.event), Some("killed"));
        assert_eq!(found.measure.as_deref(), Some("deaths"));
    }

    #[test]
    fn a_subject_before_a_verb_of_change() {
        let text = "The agency estimates that casualties have surpassed 3,100 across the region.";
        let found = one(text);
        assert_eq!(found.qualifier, Qualifier::MoreThan);
        assert_eq!(found.low, Some(3100.0));
        assert_eq!(slice(text, found.object), Some("casualties"));
        assert_eq!(found.span.slice(text), Some("casualties have surpassed 3,100"));
        let text = "The death toll rose to 212 on Sunday.";
        let found = one(text);
        assert_eq!(slice(text, found.object), Some("death toll"));
        assert_eq!(found.measure.as_deref(), Some("deaths"));
        // The subject may carry a phrase of its own before the verb of change.
        let text = "The death toll from Sunday's ferry sinking off Korlan has risen to 41.";
        let found = one(text);
        assert_eq!(slice(text, found.object), Some("death toll"));
        assert_eq!((found.measure.as_deref(), found.value), (Some("deaths"), Some(41.0)));
        // Without a verb of change, a noun further back counts nothing.
        assert!(
            find_figures("The toll from the storm that hit 41 towns was high.", &[])
                .iter()
                .all(|figure| figure.measure.as_deref() != Some("deaths"))
        );
    }

    #[test]
    fn vague_words_map_to_documented_ranges() {
        let text = "The clashes left hundreds of deaths and tens of thousands of people displaced.";
        let found = find_figures(text, &[]);
        assert_eq!(found.len(), 2, "{found:?}");
        assert_eq!(found[0].qualifier, Qualifier::Vague);
        assert_eq!((found[0].low, found[0].high, found[0].value), (Some(200.0), Some(999.0), None));
        assert_eq!(slice(text, found[0].object), Some("deaths"));
        assert_eq!(found[0].measure.as_deref(), Some("deaths"));
        assert_eq!((found[1].low, found[1].high), (Some(20_000.0), Some(99_999.0)));
        assert_eq!(slice(text, found[1].event), Some("displaced"));
        let text = "Officials said thousands more were arrested or injured.";
        let found = one(text);
        assert_eq!(slice(text, found.event), Some("arrested or injured"));
        assert_eq!(found.measure.as_deref(), Some("arrests"));
        assert_eq!(found.span.slice(text), Some("thousands more were arrested or injured"));
    }

    #[test]
    fn percentages_currencies_and_scales() {
        let text = "The ministry announced a 40% levy on imported steel.";
        let found = one(text);
        assert_eq!((found.value, found.unit), (Some(40.0), Some("percent")));
        assert_eq!(slice(text, found.object), Some("levy"));
        assert_eq!(found.measure.as_deref(), Some("levy"));
        let text = "The deal is worth $2.5 billion to the port.";
        let found = one(text);
        assert_eq!((found.value, found.unit), (Some(2.5e9), Some("USD")));
        let text = "Unemployment fell by 1.5 percentage points.";
        assert_eq!(one(text).unit, Some("percentage points"));
        let text = "Exports reached 3.2bn euros last year.";
        let found = one(text);
        assert_eq!((found.value, found.unit), (Some(3.2e9), Some("EUR")));
    }

    #[test]
    fn shares_of_a_whole_are_percentages() {
        let text = "About two-thirds of residents distrust the council.";
        let found = one(text);
        assert_eq!((found.value, found.unit), (Some(66.7), Some("percent")));
        assert_eq!(slice(text, found.object), Some("residents"));
        let text = "A third of the budget went on the bridge.";
        assert_eq!(one(text).value, Some(33.3));
        let text = "Half of the ships left the port.";
        assert_eq!((one(text).value, one(text).unit), (Some(50.0), Some("percent")));
        let text = "Three-quarters of the dockworkers voted.";
        assert_eq!(one(text).value, Some(75.0));
        // A span of time, and a plain ordinal, are no shares.
        assert!(find_figures("It took a quarter of a century.", &[]).is_empty());
        assert!(find_figures("The third of the ships left.", &[]).is_empty());
        // After "by", a change.
        let text = "The port's income fell by a fifth last year.";
        let found = one(text);
        assert_eq!((found.value, found.unit), (Some(20.0), Some("percent")));
        assert_eq!(slice(text, Some(found.span)), Some("a fifth"));
        assert_eq!(one("Fees were cut by half.").value, Some(50.0));
        assert_eq!(one("Traffic rose by two-thirds.").value, Some(66.7));
        assert!(find_figures("The pier was hit by a third storm.", &[]).is_empty());
        assert!(find_figures("It was cut by half a metre.", &[]).iter().all(|f| f.unit.is_none()));
        // A share of a percent is a small percentage.
        let text = "Rates rose by a quarter of a percent this month.";
        let found = one(text);
        assert_eq!((found.value, found.unit), (Some(0.25), Some("percent")));
        assert_eq!(slice(text, Some(found.span)), Some("a quarter of a percent"));
        let found = one("The rate fell by half of a percentage point.");
        assert_eq!((found.value, found.unit), (Some(0.5), Some("percentage points")));
    }

    #[test]
    fn written_numbers_strong_and_plus() {
        let text = "Organisers spoke of million-strong marches in the capital.";
        let found = one(text);
        assert_eq!(found.value, Some(1e6));
        assert_eq!(slice(text, found.object), Some("marches"));
        assert_eq!(found.measure.as_deref(), Some("crowd size"));
        assert_eq!(
            (found.qualifier, found.low, found.high),
            (Qualifier::Approximate, Some(9e5), Some(1.1e6))
        );
        // A "-strong" size of something else keeps its noun; a nationality counts people.
        let text = "A 5,000-strong force and millions of Velmorans waited.";
        let found = find_figures(text, &[]);
        let measures: Vec<_> = found.iter().map(|f| f.measure.as_deref()).collect();
        assert_eq!(measures, [Some("force size"), Some("velmoran")]);
        assert_eq!(measure_of_head("iranians"), "people");
        assert_eq!(measure_of_head("iran"), "iran");
        let text = "Police detained a dozen activists and twenty-five students.";
        let found = find_figures(text, &[]);
        assert_eq!(found.len(), 2, "{found:?}");
        assert_eq!(found[0].value, Some(12.0));
        assert_eq!(found[1].value, Some(25.0));
        let text = "A 2,000-plus crowd gathered.";
        let found = one(text);
        assert_eq!(
            (found.qualifier, found.low, found.high),
            (Qualifier::AtLeast, Some(2000.0), None)
        );
        let text = "Several hundred soldiers crossed the river.";
        let found = one(text);
        assert_eq!((found.low, found.high), (Some(300.0), Some(900.0)));
    }

    #[test]
    fn ranges_and_approximations() {
        let text = "Between 40 and 60 villages lost power, and about 300 homes were damaged.";
        let found = find_figures(text, &[]);
        assert_eq!(found.len(), 2, "{found:?}");
        assert_eq!(found[0].qualifier, Qualifier::Range);
        assert_eq!((found[0].low, found[0].high), (Some(40.0), Some(60.0)));
        assert_eq!(found[1].qualifier, Qualifier::Approximate);
        assert_eq!((found[1].low, found[1].high), (Some(270.0), Some(330.0)));
        let text = "Some 2 to 3 million voters stayed home.";
        let found = one(text);
        assert_eq!((found.low, found.high), (Some(2e6), Some(3e6)));
        let text = "Nearly 900 families fled, and two or three villages emptied.";
        let found = find_figures(text, &[]);
        assert_eq!((found[0].low, found[0].high), (Some(810.0), Some(900.0)));
        assert_eq!((found[1].low, found[1].high), (Some(2.0), Some(3.0)));
        let text = "The army killed at least 20 fighters.";
        let found = one(text);
        assert_eq!(slice(text, found.event), Some("killed"));
        assert_eq!(found.measure.as_deref(), Some("deaths"));
    }

    #[test]
    fn years_dates_labels_and_references_are_not_figures() {
        for text in [
            "In 2024 the council met again.",
            "Posted 16/01/2026 at 10:30 by staff.",
            "Under Article 5 the allies must respond.",
            "The two countries signed the accord.",
            "One of the guards resigned.",
            "He was a 25-year-old student.",
            "She spoke to them for three hours.",
            "The quake hit at 4:12 a.m. (2112 GMT Friday).",
        ] {
            let times = crate::find_times(text, None);
            let times: Vec<(Span, &str)> =
                times.iter().map(|t| (t.span, t.value.as_str())).collect();
            assert_eq!(find_figures(text, &times), Vec::new(), "{text}");
        }
    }

    #[test]
    fn a_reporting_word_after_a_determiner_names_no_source() {
        let sentence = |text: &str| Span::new(0, text.len()).unwrap();
        let number = |doc: &RawDocument, digits: &str| {
            let at = doc.text.find(digits).unwrap();
            Span::new(at, at + digits.len()).unwrap()
        };
        let doc = crate::article::test_document(
            "At the reported pricing, the sale would raise at least 88 billion dollars.",
        );
        let found = reported_by(&doc, sentence(&doc.text), number(&doc, "88"));
        assert_eq!(found, None);
        let doc = crate::article::test_document("Monitors said an estimated 2,000 people fled.");
        let found = reported_by(&doc, sentence(&doc.text), number(&doc, "2,000"));
        assert_eq!(found.and_then(|s| s.slice(&doc.text)), Some("Monitors"));
    }

    #[test]
    fn a_noun_joined_to_the_number_is_what_it_counts() {
        let text = "The senator unveiled a 99-county pledge to the voters of Velmor.";
        let found = one(text);
        assert_eq!(slice(text, found.object), Some("county"));
        assert_eq!(found.measure.as_deref(), Some("county"));
        assert_eq!(found.value, Some(99.0));
        let text = "The 57,000-member group posted again.";
        assert_eq!(one(text).measure.as_deref(), Some("member"));
        // Names, letters, times and ranges joined by a hyphen are no counted nouns.
        for text in ["He filed an 8-K form.", "She bought 7-Eleven stores.", "A 3-year plan."] {
            let found = find_figures(text, &[]);
            assert!(found.iter().all(|f| f.measure.as_deref() != Some("k")), "{text}");
            assert!(found.iter().all(|f| f.measure.as_deref() != Some("eleven")), "{text}");
            assert!(found.iter().all(|f| f.measure.as_deref() != Some("year")), "{text}");
        }
    }

    #[test]
    fn a_verb_or_another_number_after_a_figure_is_not_what_it_counts() {
        for text in [
            "The party has just $16 million stashed away.",
            "Funding dropped from 660,000 dollars four years ago.",
        ] {
            let found = find_figures(text, &[]);
            assert_eq!(found.len(), 1, "{text}: {found:?}");
            assert_eq!(found[0].object, None, "{text}");
            assert_eq!(found[0].unit, Some("USD"), "{text}");
        }
        // A participle before its plural noun is a modifier.
        let text = "Three armed men were seen.";
        assert_eq!(slice(text, one(text).object), Some("armed men"));
        // A ratio's terms, a number word in a name.
        for text in ["They won by a 3 to 1 margin.", "The blog Zero Hedge said it."] {
            assert_eq!(find_figures(text, &[]), Vec::new(), "{text}");
        }
        for (text, second) in [
            ("Deaths fell from 15 to 10 people.", 10.0),
            ("Orlo would win 46 to 40 percent.", 40.0),
            ("Orlo led 212,205 to 210,424 votes.", 210_424.0),
            ("RIVER FLOODS Three people have been detained.", 3.0),
            ("TWO DEAD, DOZENS WOUNDED IN STORM", 24.0),
        ] {
            let found = find_figures(text, &[]);
            assert!(found.iter().any(|f| f.low == Some(second)), "{text}: {found:?}");
        }
        // An age is no count.
        let found = find_figures("Millennials aged 18-34 comprise half of them.", &[]);
        assert!(found.iter().all(|f| f.measure.as_deref() != Some("comprise")), "{found:?}");
    }

    #[test]
    fn a_figure_in_another_clause_or_a_share_of_those_asked_has_no_source() {
        let sentence = |text: &str| Span::new(0, text.len()).unwrap();
        let doc = crate::article::test_document(
            "Most teachers said they backed Orlo, while 95 members favored Dantes.",
        );
        let at = doc.text.find("95").unwrap();
        let number = Span::new(at, at + 2).unwrap();
        assert_eq!(reported_by(&doc, sentence(&doc.text), number), None);
        assert!(is_share("32 percent"));
        assert!(is_share("Thirty-one percent of those surveyed"));
        assert!(is_share("Just 28% of voters"));
        assert!(!is_share("the monitors"));
        assert!(!is_share("the Velmor Budget Office, and the top 10 percent"));
    }

    #[test]
    fn as_of_dates_come_from_the_sentence() {
        let text = "By March 3, 41 patients had died.";
        let times = crate::find_times(text, parallax_model::Date::from_ymd(2025, 3, 5));
        let times: Vec<(Span, &str)> = times.iter().map(|t| (t.span, t.value.as_str())).collect();
        let found = find_figures(text, &times);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].as_of.as_deref(), Some("2025-03-03"));
        assert_eq!(found[0].measure.as_deref(), Some("deaths"));
    }
}

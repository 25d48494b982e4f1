//! Time expressions, normalised against the document's date as TimeML (TIMEX3) values: "on
//! Friday" in a past-tense sentence of an article from Saturday 17 January 2026 is `2026-01-16`,
//! "late last month" is `2025-12` with modifier `END`, "four years" is `P4Y`, "now" is
//! `PRESENT_REF`.

use parallax_model::{CleanDocument, Date, RawDocument, Span, TimeMention};
use parallax_text::{MONTH_NAMES, month_from_name, sentence_spans, strip_possessive};

use crate::article::{in_document, read_regions};
use crate::tokens::{Token, covering, tokenize};

/// What a time expression denotes (the TIMEX3 types).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum TimexKind {
    /// A calendar date, month, year, week or season.
    Date,
    /// A time of day.
    Time,
    /// A length of time.
    Duration,
    /// A recurring time ("daily", "every week").
    Set,
}

impl TimexKind {
    /// `DATE`, `TIME` or `DURATION`.
    pub fn as_str(&self) -> &'static str {
        match self {
            TimexKind::Date => "DATE",
            TimexKind::Time => "TIME",
            TimexKind::Duration => "DURATION",
            TimexKind::Set => "SET",
        }
    }
}

/// A time expression found in a text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TimeExpression {
    /// Its bytes in the text.
    pub span: Span,
    /// Its words.
    pub text: String,
    /// What it denotes.
    pub kind: TimexKind,
    /// The TIMEX3 value: `2026-01-16`, `2025-12`, `2026-W03`, `2026`, `P4Y`, `PRESENT_REF`…
    /// `X` stands for what the text leaves open (`PXY`: "years").
    pub value: String,
    /// `START`, `MID` or `END` for "early", "mid", "late".
    pub modifier: Option<&'static str>,
}

pub(crate) const WEEKDAYS: [&str; 7] =
    ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"];
const NUMBER_WORDS: [&str; 21] = [
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
    "twenty",
];

/// A word without its possessive ending ("Friday's" is "friday"), lowercase.
fn bare(word: &str) -> String {
    strip_possessive(word).to_lowercase()
}

/// A month named in full or by its usual abbreviation ("Jan", "Sept"); not any prefix, so that
/// a name such as "Marc" is not March.
fn month_of(word: &str) -> Option<u32> {
    let lower = bare(word);
    let usual = lower.len() == 3 || lower == "sept" || MONTH_NAMES.contains(&lower.as_str());
    if usual { month_from_name(&lower) } else { None }
}

fn weekday_of(word: &str) -> Option<i64> {
    let lower = bare(word);
    WEEKDAYS.iter().position(|d| *d == lower).and_then(|idx| i64::try_from(idx).ok())
}

/// A count written as digits or a word ("two", "a", "several" → `None` for unknown).
fn count_of(word: &str) -> Option<Option<u32>> {
    let lower = word.to_lowercase();
    if let Ok(n) = lower.replace(',', "").parse::<u32>() {
        return Some(Some(n));
    }
    if let Some(n) = NUMBER_WORDS.iter().position(|w| *w == lower) {
        return Some(u32::try_from(n).ok());
    }
    match lower.as_str() {
        "a" | "an" => Some(Some(1)),
        "several" | "few" | "many" | "some" => Some(None),
        "thirty" => Some(Some(30)),
        "forty" => Some(Some(40)),
        "fifty" => Some(Some(50)),
        "sixty" => Some(Some(60)),
        "seventy" => Some(Some(70)),
        "eighty" => Some(Some(80)),
        "ninety" => Some(Some(90)),
        "hundred" => Some(Some(100)),
        _ => None,
    }
}

/// A unit of duration and its TIMEX3 letter(s): `Y`, `Q`, `M`, `W`, `D`, `DE`, `CE`; `H`, `MIN`,
/// `S` are time units (`PT…`).
fn unit_of(word: &str) -> Option<(&'static str, bool)> {
    let lower = word.to_lowercase();
    let singular = lower.trim_end_matches('s');
    Some(match singular {
        "year" => ("Y", false),
        "month" => ("M", false),
        "week" => ("W", false),
        "day" => ("D", false),
        "decade" => ("DE", false),
        "century" | "centurie" => ("CE", false),
        // Quarters only in the plural ("the past two quarters", "several quarters"): "the
        // quarter" and "third quarter" name one, and "a quarter" is mostly a fraction.
        "quarter" if lower.ends_with('s') => ("Q", false),
        "hour" => ("H", true),
        "minute" => ("M", true),
        "second" => ("S", true),
        _ => return None,
    })
}

/// Weekday index of a date, Monday 0.
fn weekday(date: Date) -> i64 {
    (date.days_since_epoch() + 3).rem_euclid(7)
}

/// ISO year and week of a date.
fn iso_week(date: Date) -> (i32, i64) {
    let thursday = date.add_days(3 - weekday(date)).unwrap_or(date);
    let jan1 = Date::from_ymd(thursday.year(), 1, 1).unwrap_or(thursday);
    let ordinal = jan1.days_until(thursday);
    (thursday.year(), ordinal / 7 + 1)
}

fn shift_month(year: i32, month: u32, by: i32) -> (i32, u32) {
    let total = year * 12 + i32::try_from(month).unwrap_or(1) - 1 + by;
    (total.div_euclid(12), u32::try_from(total.rem_euclid(12)).unwrap_or(0) + 1)
}

/// Words that put what follows them in the future: modals, plans and schedules.
const FUTURE_CUES: [&str; 28] = [
    "will",
    "'ll",
    "shall",
    "can",
    "would",
    "may",
    "might",
    "could",
    "should",
    "must",
    "going",
    "be",
    "plan",
    "plans",
    "planned",
    "planning",
    "scheduled",
    "expected",
    "due",
    "upcoming",
    "tomorrow",
    "next",
    "hope",
    "hopes",
    "expect",
    "expects",
    "intend",
    "intends",
];

/// Words before a participle that make it part of a longer verb ("was killed", "be published"):
/// the scan goes on to them.
const AUXILIARIES: [&str; 7] = ["be", "been", "being", "is", "are", "was", "were"];

/// Past-tense verbs without the "-ed" ending that news text uses most.
const IRREGULAR_PAST: [&str; 48] = [
    "said", "told", "was", "were", "had", "did", "met", "came", "went", "left", "took", "gave",
    "made", "held", "began", "saw", "won", "lost", "fell", "rose", "sold", "bought", "spent",
    "struck", "got", "found", "brought", "caught", "ran", "sent", "kept", "led", "paid", "shot",
    "spoke", "stood", "thought", "wrote", "broke", "chose", "drove", "flew", "grew", "knew",
    "became", "fought", "has", "have",
];

/// "-ed" words that are not past tenses.
const NOT_PAST: [&str; 10] =
    ["need", "speed", "seed", "feed", "indeed", "proceed", "exceed", "succeed", "red", "bed"];

/// The auxiliary a contraction holds, for its tense: "I'll" is "will", "didn't" is "did",
/// "they’re" is "are"; other words as they are ("he's" may be "is" or "has").
fn uncontracted(word: String) -> String {
    if !word.contains(['\'', '’']) {
        return word;
    }
    let plain = word.replace('’', "'");
    let auxiliary = match plain.as_str() {
        "won't" => Some("will"),
        "wouldn't" => Some("would"),
        "didn't" => Some("did"),
        "wasn't" => Some("was"),
        "weren't" => Some("were"),
        "hasn't" => Some("has"),
        "haven't" => Some("have"),
        "hadn't" => Some("had"),
        "isn't" => Some("is"),
        "aren't" => Some("are"),
        _ if plain.len() > 3 && plain.ends_with("'ll") => Some("will"),
        _ if plain.len() > 3 && plain.ends_with("'re") => Some("are"),
        _ => None,
    };
    auxiliary.map_or(word, str::to_owned)
}

/// Whether one word marks the future (`Some(true)`), the past (`Some(false)`) or neither.
/// `after` says the word follows the time expression: "on Friday tried to scare" and "On
/// Friday, the government planned to pay" tell when the trying and the planning were, not
/// what was planned.
fn tense_cue(tokens: &[Token<'_>], idx: usize, after: bool) -> Option<bool> {
    let word = uncontracted(lower_at(tokens, idx));
    let next = uncontracted(lower_at(tokens, idx + 1));
    let previous = if idx > 0 { uncontracted(lower_at(tokens, idx - 1)) } else { String::new() };
    let present_auxiliary = |w: &str| matches!(w, "is" | "are" | "'s" | "'re" | "be" | "am");
    // "set to resume", "is meeting", "is to resume", "as early as", "as soon as".
    if word == "set" && next == "to" {
        // "was set to headline Tuesday" may be over or ahead.
        return (!matches!(previous.as_str(), "was" | "were")).then_some(true);
    }
    // "are supposed to conclude by May"; "was supposed to" tells nothing of when.
    if word == "supposed" && next == "to" && present_auxiliary(&previous) {
        return Some(true);
    }
    if present_auxiliary(&word)
        && (next.ends_with("ing")
            || (next == "to"
                && tokens.get(idx + 2).is_some_and(|t| t.text.starts_with(char::is_lowercase))))
    {
        return Some(true);
    }
    // A future perfect looks ahead: "will have finished by Friday".
    let after_a_future =
        |i: usize| i > 0 && matches!(lower_at(tokens, i - 1).as_str(), "will" | "'ll" | "shall");
    if (word == "have" && after_a_future(idx))
        || (previous == "have" && after_a_future(idx - 1) && word.ends_with("ed"))
    {
        return Some(true);
    }
    // A plan that "had been due" or "had been scheduled" is over.
    let pluperfect =
        previous == "had" || (previous == "been" && idx > 1 && lower_at(tokens, idx - 2) == "had");
    if pluperfect && FUTURE_CUES.contains(&word.as_str()) {
        return Some(false);
    }
    if after && word.ends_with("ed") && word.len() > 3 && !NOT_PAST.contains(&word.as_str()) {
        return if present_auxiliary(&previous) { Some(true) } else { Some(false) };
    }
    if word == "as" && matches!(next.as_str(), "early" | "soon") {
        return Some(true);
    }
    // A modal perfect looks back: "may have killed hundreds on Sunday", "could have been
    // avoided" ("will have finished by Friday" still looks ahead).
    if matches!(word.as_str(), "may" | "might" | "could" | "must" | "should" | "would")
        && next == "have"
    {
        return Some(false);
    }
    // "next to the embassy" is a place.
    if word == "next" && next == "to" {
        return None;
    }
    // A plan or a hope named as a thing tells nothing of when: "announced the plan Aug. 21"
    // ("the plan to meet Friday" still looks ahead).
    let determiner = matches!(
        previous.as_str(),
        "the" | "a" | "its" | "his" | "her" | "their" | "our" | "this" | "that"
    );
    if determiner
        && matches!(word.as_str(), "plan" | "plans" | "hope" | "hopes")
        && !matches!(next.as_str(), "to" | "for")
    {
        return None;
    }
    if FUTURE_CUES.contains(&word.as_str()) {
        return Some(true);
    }
    if IRREGULAR_PAST.contains(&word.as_str()) {
        // A participle after an auxiliary ("would be paid", "was held") leaves the tense to it.
        return (!AUXILIARIES.contains(&previous.as_str())).then_some(false);
    }
    let lowercase_word = tokens.get(idx).is_some_and(|t| t.text.starts_with(char::is_lowercase));
    if !lowercase_word
        || word.len() <= 3
        || !word.ends_with("ed")
        || NOT_PAST.contains(&word.as_str())
    {
        return None;
    }
    if AUXILIARIES.contains(&previous.as_str()) {
        return None;
    }
    // After a determiner or a degree word it is an adjective: "a still unspecified date", "the
    // revised plan".
    if matches!(
        previous.as_str(),
        "a" | "an"
            | "the"
            | "its"
            | "his"
            | "her"
            | "their"
            | "our"
            | "this"
            | "that"
            | "still"
            | "very"
            | "more"
            | "most"
            | "newly"
            | "long"
    ) {
        return None;
    }
    // "agreed to buy", "decided to close": what was agreed lies ahead ("reopened to traffic"
    // is no infinitive: only verbs that take one count).
    let after_to = lower_at(tokens, idx + 2);
    let infinitive = next == "to"
        && tokens.get(idx + 2).is_some_and(|t| t.text.starts_with(char::is_lowercase))
        && !matches!(after_to.as_str(), "the" | "a" | "an" | "its" | "his" | "her" | "their")
        && INFINITIVE_VERBS.contains(&word.as_str());
    Some(infinitive)
}

/// Past tenses that take an infinitive naming what lies ahead ("agreed to buy"); not those whose
/// infinitive happened with them ("continued to fall").
const INFINITIVE_VERBS: &[&str] = &[
    "agreed",
    "decided",
    "planned",
    "promised",
    "pledged",
    "vowed",
    "voted",
    "refused",
    "threatened",
    "wanted",
    "hoped",
    "expected",
    "intended",
    "offered",
    "aimed",
    "prepared",
    "arranged",
    "scheduled",
    "proposed",
    "volunteered",
    "resolved",
    "opted",
    "moved",
    "asked",
    "ordered",
    "urged",
    "forced",
    "allowed",
    "needed",
    "wished",
    "preferred",
    "pushed",
    "called",
    "signed",
    "contracted",
    "committed",
    "designed",
    "slated",
    "authorized",
    "authorised",
    "approved",
    "demanded",
    "requested",
    "invited",
    "encouraged",
    "instructed",
    "warned",
    "announced",
    "declined",
    "sought",
];

/// Whether the time expression starting at token `idx` speaks of the future (`Some(true)`) or
/// the past: the nearest tense cue of its clause decides (the words before it first, then the
/// few after it: "will meet on Thursday", "said Friday", "on Tuesday said"); `None` without
/// one. A possessive ("Wednesday's ruling") names a past event unless the words before it look
/// ahead.
fn tense_at(tokens: &[Token<'_>], idx: usize) -> Option<bool> {
    // A clause ends at a stop and at "but"; looking ahead, also where a quotation opens (it has
    // its own tenses: "after her March comment that, “We're going to …”"), though a quoted
    // phrase inside the clause before is part of it ("found “3,210 victims” between January 1
    // and …").
    let is_boundary =
        |i: usize| matches!(lower_at(tokens, i).as_str(), "." | ";" | ":" | "?" | "!" | "but");
    let opens_quotation = |i: usize| matches!(lower_at(tokens, i).as_str(), "\"" | "“" | "‘");
    // (A month's possessive names a month's event, past or ahead: "November's election".)
    let possessive = is_possessive_at(tokens, idx) && month_of(&bare(tokens[idx].text)).is_none();
    // A deadline: "extended until 9 a.m. Tuesday", "postponed until Tuesday morning"; not a
    // sentence's opening "Until Thursday, they had not …".
    if idx > 0 && tokens.get(idx - 1).is_some_and(|t| t.text == "until") {
        return Some(true);
    }
    let before =
        |back: usize| idx.checked_sub(back).map(|i| lower_at(tokens, i)).unwrap_or_default();
    // "since June": what has been going on since then began in the past.
    if before(1) == "since" {
        return Some(false);
    }
    // "between now and Election Day", "from now until March".
    if before(2) == "now" && matches!(before(1).as_str(), "and" | "until" | "till" | "through") {
        return Some(true);
    }
    // "ahead of Monday's caucuses", "ahead of the state's contest on Saturday": the event
    // named lies ahead (a comma between ends the phrase).
    let ahead_of = (idx.saturating_sub(6)..idx.saturating_sub(1))
        .rev()
        .take_while(|&i| !is_boundary(i) && lower_at(tokens, i) != ",")
        .any(|i| lower_at(tokens, i) == "ahead" && lower_at(tokens, i + 1) == "of");
    if ahead_of {
        return Some(true);
    }
    for back in (idx.saturating_sub(10)..idx).rev() {
        if is_boundary(back) {
            break;
        }
        if let Some(future) = tense_cue(tokens, back, false) {
            // A possessive names a past event unless a verb close before it looks ahead ("who
            // is running in Tuesday's primary"; not "would look for ways to get around
            // Wednesday's ruling").
            return Some(future && (!possessive || idx - back <= 5));
        }
    }
    if possessive {
        return Some(false);
    }
    for ahead in idx + 1..tokens.len().min(idx + 6) {
        if is_boundary(ahead) || opens_quotation(ahead) {
            break;
        }
        if let Some(future) = tense_cue(tokens, ahead, true) {
            return Some(future);
        }
    }
    None
}

/// The time expressions of a text. `anchor` is the document's date; without it, expressions that
/// need one ("Friday", "last month") get values with `X`s for what cannot be known.
pub fn find_times(text: &str, anchor: Option<Date>) -> Vec<TimeExpression> {
    let mut out = Vec::new();
    for sentence_span in sentence_spans(text) {
        let Some(sentence_text) = sentence_span.slice(text) else { continue };
        let tokens = tokenize(sentence_text);
        // The year the sentence last named ("last year", "in 1998") and the token after it: a
        // month after it in the same clause, without a year of its own, is that year's ("found
        // corrosion last year, forcing the closure in October"; not "in 2003, and 600 were
        // killed in February", another event).
        let mut sentence_year: Option<(String, usize)> = None;
        let mut idx = 0;
        while idx < tokens.len() {
            // The tense changes values, never extents: it is read only where an expression
            // starts (reading it at every token cost a sixth of the reading stage).
            let found = match_at(&tokens, idx, anchor, None)
                .and_then(|_| match_at(&tokens, idx, anchor, tense_at(&tokens, idx)))
                .filter(|found| !is_a_title(&tokens, found.start, found.end));
            match found {
                Some(found) => {
                    let found_span = covering(&tokens, found.start, found.end);
                    if let Some(span) =
                        found_span.and_then(|inner| in_document(sentence_span, inner))
                    {
                        let words = span.slice(text).unwrap_or_default();
                        let mut value = found.value;
                        if is_year(&value) {
                            sentence_year = Some((value.clone(), found.end));
                        } else if let Some((year, after)) = &sentence_year {
                            let coordinated = (*after..found.start).any(|i| {
                                matches!(
                                    lower_at(&tokens, i).as_str(),
                                    "and" | "but" | "while" | "whereas" | ";"
                                )
                            });
                            if !coordinated && is_bare_month(words, &value) {
                                value.replace_range(..4, year);
                            }
                        }
                        out.push(TimeExpression {
                            span,
                            text: words.to_owned(),
                            kind: found.kind,
                            value,
                            modifier: found.modifier,
                        });
                    }
                    idx = found.end;
                }
                None => idx += 1,
            }
        }
    }
    year_ago_quarters(&mut out);
    narrative_dates(&mut out);
    out
}

/// Whether a value is a year ("1998").
fn is_year(value: &str) -> bool {
    value.len() == 4 && value.bytes().all(|b| b.is_ascii_digit())
}

/// Whether an expression names a month without its year ("October", "early March") and its value
/// is that month ("2026-10").
fn is_bare_month(words: &str, value: &str) -> bool {
    let month = value.as_bytes();
    value.len() == 7
        && month.get(4) == Some(&b'-')
        && is_year(value.get(..4).unwrap_or_default())
        && !words.bytes().any(|b| b.is_ascii_digit())
        && words.split_whitespace().any(|word| month_of(word).is_some())
}

/// The time expressions of an article's title and kept paragraphs, normalised against its
/// publication date (exact, or the fetch date it was published by) or, for an undated article,
/// `fallback` (the caller's best guess, such as its story's latest date), with raw spans.
pub fn document_times(
    raw: &RawDocument,
    cleaned: &CleanDocument,
    fallback: Option<Date>,
) -> Vec<TimeMention> {
    document_times_anchored(raw, cleaned, fallback, &[])
}

/// [`document_times`], with some paragraphs (raw spans) read against dates of their own: a
/// paragraph a later fetch of the page added was written by that fetch's day, not by the
/// publication date the page keeps.
pub fn document_times_anchored(
    raw: &RawDocument,
    cleaned: &CleanDocument,
    fallback: Option<Date>,
    paragraph_dates: &[(Span, Date)],
) -> Vec<TimeMention> {
    let article_anchor = cleaned.published.anchor().or(fallback);
    // A date in the dateline ("WASHINGTON, Jan. 16, 2026 —") dates the article, not an event.
    let dateline = cleaned.dateline.as_ref().and_then(|dateline| dateline.span);
    let mut out = Vec::new();
    for (region, text) in read_regions(raw, cleaned) {
        let anchor = paragraph_dates
            .iter()
            .find(|(span, _)| *span == region)
            .map(|&(_, date)| date)
            .or(article_anchor);
        for found in find_times(text, anchor) {
            let span = in_document(region, found.span).filter(|span| {
                !dateline.is_some_and(|d| d.start() <= span.start() && span.end() <= d.end())
            });
            if let Some(span) = span {
                out.push(TimeMention {
                    doc_id: raw.id.clone(),
                    span,
                    text: found.text,
                    kind: found.kind.as_str().to_owned(),
                    value: found.value,
                    modifier: found.modifier.map(str::to_owned),
                });
            }
        }
    }
    out
}

struct Found {
    start: usize,
    end: usize,
    kind: TimexKind,
    value: String,
    modifier: Option<&'static str>,
}

/// Unit words that, capitalised inside a sentence that is not a headline, belong to a title, not
/// a time: ABC's "This Week", CBS's "60 Minutes" and "48 Hours". ("Day" and "Year" are left out:
/// "Election Day" and "New Year" are times.)
const TITLE_UNITS: &[&str] =
    &["Week", "Weeks", "Minute", "Minutes", "Hour", "Hours", "Days", "Month", "Months", "Years"];

/// Whether the expression over `tokens[start..end]` is a title: one of its [`TITLE_UNITS`] is
/// capitalised though it does not open the sentence, and the sentence is not a headline (where
/// every word is capitalised).
fn is_a_title(tokens: &[Token<'_>], start: usize, end: usize) -> bool {
    let titled = (start.max(1)..end).any(|idx| {
        tokens.get(idx).is_some_and(|t| TITLE_UNITS.contains(&strip_possessive(t.text)))
    });
    // A capitalised "Today", "Tonight" or "This Morning" right after a name ends it: "USA
    // TODAY", "CBS This Morning", "ABC's This Week".
    let after_a_name = start > 0
        && tokens[start - 1].text.starts_with(char::is_uppercase)
        && tokens[start - 1].text.chars().any(char::is_alphabetic)
        && matches!(
            (tokens[start].text, tokens.get(start + 1).map_or("", |t| t.text)),
            ("Today" | "TODAY" | "Tonight" | "TONIGHT", _) | ("This", "Morning" | "Week")
        );
    (titled || after_a_name) && !is_headline(tokens)
}

/// Whether a sentence is written in title case: most of its words of four letters or more are
/// capitalised.
fn is_headline(tokens: &[Token<'_>]) -> bool {
    let long = tokens
        .iter()
        .filter(|t| t.text.chars().count() >= 4 && t.text.chars().all(char::is_alphabetic));
    let (mut n, mut capitalised) = (0, 0);
    for token in long {
        n += 1;
        if token.text.chars().next().is_some_and(char::is_uppercase) {
            capitalised += 1;
        }
    }
    n > 0 && 2 * capitalised > n
}

/// The token at `idx`, lowercase, without a possessive ending ("month's" is "month").
fn lower_at(tokens: &[Token<'_>], idx: usize) -> String {
    tokens
        .get(idx)
        .map(|t| {
            let bare = strip_possessive(t.text);
            if bare.is_empty() { t.text.to_lowercase() } else { bare.to_lowercase() }
        })
        .unwrap_or_default()
}

/// Whether the token at `idx` ends in a possessive ("Friday's", "year's").
fn is_possessive_at(tokens: &[Token<'_>], idx: usize) -> bool {
    tokens.get(idx).is_some_and(|t| strip_possessive(t.text).len() < t.text.len())
}

/// The token after a "fiscal" at `idx`, else `idx`.
fn past_fiscal(tokens: &[Token<'_>], idx: usize) -> usize {
    if lower_at(tokens, idx) == "fiscal" { idx + 1 } else { idx }
}

/// The token after an opening "the" at `idx`, else `idx`.
fn past_the(tokens: &[Token<'_>], idx: usize) -> usize {
    if lower_at(tokens, idx) == "the" { idx + 1 } else { idx }
}

/// A part of the day and its TIMEX3 suffix: "morning" `TMO`, "afternoon" `TAF`, "evening" `TEV`,
/// "night" `TNI`.
fn part_of_day(word: &str) -> Option<&'static str> {
    match word {
        "morning" => Some("TMO"),
        "afternoon" => Some("TAF"),
        "evening" => Some("TEV"),
        "night" | "overnight" => Some("TNI"),
        _ => None,
    }
}

/// A day's value with the part of the day that follows it at `idx` ("Friday night": `TNI`), and
/// the end token.
fn with_part_of_day(tokens: &[Token<'_>], idx: usize, day: String) -> (usize, TimexKind, String) {
    match part_of_day(&lower_at(tokens, idx)) {
        Some(part) => (idx + 1, TimexKind::Time, format!("{day}{part}")),
        None => (idx, TimexKind::Date, day),
    }
}

/// Words written with hyphens: "16-hour" and "two-year" (durations), "day-long", "mid-November"
/// and "late-November" (a month with a modifier: the modifier is dropped, as TIMEX3 keeps it
/// apart).
fn hyphenated(
    word: &str,
    anchor: Option<Date>,
    future: Option<bool>,
) -> Option<(TimexKind, String)> {
    let (head, tail) = word.split_once('-')?;
    if let (Some(count), Some((unit, is_time))) = (count_of(head), unit_of(tail)) {
        if tail.ends_with('s') {
            return None;
        }
        return Some((TimexKind::Duration, period(count, unit, is_time)));
    }
    if tail == "long" {
        if let Some((unit, is_time)) = unit_of(head) {
            let amount = if head.ends_with('s') { "X" } else { "1" };
            let t = if is_time { "T" } else { "" };
            return Some((TimexKind::Duration, format!("P{t}{amount}{unit}")));
        }
    }
    if matches!(head, "mid" | "late" | "early" | "pre" | "post") {
        // "mid-1996", "post-1959", "the mid-1990s" (a decade as TimeML writes it, "199").
        if let Ok(year) = tail.parse::<i32>() {
            return (tail.len() == 4 && (1000..=2099).contains(&year))
                .then(|| (TimexKind::Date, year.to_string()));
        }
        if let Some(decade) = tail.strip_suffix('s').and_then(|d| d.parse::<i32>().ok()) {
            return (tail.len() == 5 && (1000..=2099).contains(&decade) && decade % 10 == 0)
                .then(|| (TimexKind::Date, (decade / 10).to_string()));
        }
        if head == "pre" || head == "post" {
            return None;
        }
        let month = month_of(tail)?;
        return Some((TimexKind::Date, month_value(month, anchor, future)));
    }
    None
}

/// A spoken year: "nineteen ninety-six", "nineteen seventy-nine", "nineteen eighty"; the end token.
/// The decades of a century in words, from the twenties.
const DECADE_WORDS: [&str; 8] =
    ["twenties", "thirties", "forties", "fifties", "sixties", "seventies", "eighties", "nineties"];

fn spoken_year(tokens: &[Token<'_>], idx: usize) -> Option<(usize, i32)> {
    const TENS: [&str; 8] =
        ["twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"];
    let century = match lower_at(tokens, idx).as_str() {
        "nineteen" => 1900,
        "eighteen" => 1800,
        _ => return None,
    };
    let rest = lower_at(tokens, idx + 1);
    let (tens, unit) = rest.split_once('-').unwrap_or((rest.as_str(), ""));
    let tens = TENS.iter().position(|t| *t == tens)?;
    let unit = if unit.is_empty() {
        0
    } else {
        NUMBER_WORDS.iter().position(|w| *w == unit).filter(|n| (1..10).contains(n))?
    };
    let year = century + 10 * (i32::try_from(tens).ok()? + 2) + i32::try_from(unit).ok()?;
    Some((idx + 2, year))
}

/// "(the) first|second|last half of YEAR" or "of the year", and "first two quarters of YEAR":
/// `YEAR-H1` or `-H2`, the anchor's year for "of the year".
fn half_year(
    tokens: &[Token<'_>],
    idx: usize,
    anchor: Option<Date>,
) -> Option<(usize, TimexKind, String)> {
    let at = past_the(tokens, idx);
    let (half, after) = match (lower_at(tokens, at).as_str(), lower_at(tokens, at + 1).as_str()) {
        ("first", "half") => (1, at + 2),
        ("second" | "last" | "latter", "half") => (2, at + 2),
        ("first", "two") if lower_at(tokens, at + 2) == "quarters" => (1, at + 3),
        _ => return None,
    };
    // "The first half" alone may be a match's or a fiscal year's: left alone.
    if lower_at(tokens, after) != "of" {
        return None;
    }
    if let Some(year) = year_at(tokens, after + 1) {
        return Some((after + 2, TimexKind::Date, format!("{year}-H{half}")));
    }
    if lower_at(tokens, after + 1) == "the" && lower_at(tokens, after + 2) == "year" {
        let year = anchor.map_or_else(|| "XXXX".to_owned(), |d| d.year().to_string());
        return Some((after + 3, TimexKind::Date, format!("{year}-H{half}")));
    }
    None
}

/// The longest time expression starting at token `start`.
fn match_at(
    tokens: &[Token<'_>],
    start: usize,
    anchor: Option<Date>,
    future: Option<bool>,
) -> Option<Found> {
    let mut idx = start;
    let modifier = match lower_at(tokens, idx).as_str() {
        "early" => Some("START"),
        "mid" | "middle" => Some("MID"),
        "late" => Some("END"),
        _ => None,
    };
    if modifier.is_some() {
        idx += 1;
        if lower_at(tokens, idx) == "-" {
            idx += 1;
        }
    }
    let (end, kind, value) = core_at(tokens, idx, anchor, future)?;
    Some(Found { start, end, kind, value, modifier })
}

fn date_value(date: Date) -> String {
    date.to_string()
}

fn core_at(
    tokens: &[Token<'_>],
    idx: usize,
    anchor: Option<Date>,
    future: Option<bool>,
) -> Option<(usize, TimexKind, String)> {
    let word = lower_at(tokens, idx);
    let next = lower_at(tokens, idx + 1);
    let anchor_or = |f: &dyn Fn(Date) -> Option<String>, unknown: &str| {
        anchor.and_then(f).unwrap_or_else(|| unknown.to_owned())
    };
    // ISO dates, with an optional time: "1998-10-25", "1998-10-25 21:00".
    if let Some(date) = Date::parse_iso(&word).filter(|_| word.len() == 10) {
        if let Some(time) = clock_time(tokens, idx + 1) {
            return Some((time.0, TimexKind::Time, format!("{date}T{}", time.1)));
        }
        return Some((idx + 1, TimexKind::Date, date_value(date)));
    }
    match word.as_str() {
        // "today's youth", "many of today's computers": the present age, not a date.
        "today"
            if is_possessive_at(tokens, idx)
                && matches!(
                    next.as_str(),
                    "world"
                        | "youth"
                        | "young"
                        | "generation"
                        | "generations"
                        | "society"
                        | "children"
                        | "kids"
                        | "teenagers"
                        | "students"
                        | "parents"
                        | "families"
                        | "consumers"
                        | "technology"
                        | "computers"
                        | "personal"
                        | "modern"
                ) =>
        {
            return None;
        }
        "today" | "yesterday" | "tomorrow" => {
            let shift = match word.as_str() {
                "yesterday" => -1,
                "tomorrow" => 1,
                _ => 0,
            };
            let day = anchor_or(&|d| d.add_days(shift).map(date_value), "XXXX-XX-XX");
            return Some(with_part_of_day(tokens, idx + 1, day));
        }
        "this" | "last" if part_of_day(&next).is_some() => {
            let shift = if word == "last" { -1 } else { 0 };
            let day = anchor_or(&|d| d.add_days(shift).map(date_value), "XXXX-XX-XX");
            return Some(with_part_of_day(tokens, idx + 1, day));
        }
        "tonight" => {
            return Some((
                idx + 1,
                TimexKind::Time,
                anchor_or(&|d| Some(format!("{d}TNI")), "XXXX-XX-XXTNI"),
            ));
        }
        // Bare "soon" and "future" are left out: TimeML annotators rarely mark them.
        // "the current year", "the current fiscal quarter".
        "the"
            if next == "current"
                && matches!(
                    lower_at(tokens, past_fiscal(tokens, idx + 2)).as_str(),
                    "year" | "quarter"
                ) =>
        {
            let unit_at = past_fiscal(tokens, idx + 2);
            let (end, unit) = (unit_at + 1, lower_at(tokens, unit_at));
            let value = anchor_or(
                &|d| {
                    Some(if unit == "year" {
                        d.year().to_string()
                    } else {
                        format!("{}-Q{}", d.year(), (d.month() - 1) / 3 + 1)
                    })
                },
                "XXXX",
            );
            return Some((end, TimexKind::Date, value));
        }
        "now" | "nowadays" | "currently" | "current" => {
            return Some((idx + 1, TimexKind::Date, "PRESENT_REF".to_owned()));
        }
        "recently" => return Some((idx + 1, TimexKind::Date, "PAST_REF".to_owned())),
        // "recent weeks": some weeks up to now, as "the past weeks" and "the coming weeks" are;
        // "recent weeks and months", which no one unit spans, is the past.
        "recent" if is_plural_unit(&next) => {
            if lower_at(tokens, idx + 2) == "and" && is_plural_unit(&lower_at(tokens, idx + 3)) {
                return Some((idx + 4, TimexKind::Date, "PAST_REF".to_owned()));
            }
            let unit = unit_of(&next).map_or("Y", |(unit, _)| unit);
            return Some((idx + 2, TimexKind::Duration, format!("PX{unit}")));
        }
        "the" if next == "future" => {
            return Some((idx + 2, TimexKind::Date, "FUTURE_REF".to_owned()));
        }
        // "the near future", "the near term", "the short term": some time ahead.
        "the"
            if matches!(next.as_str(), "near" | "short")
                && matches!(lower_at(tokens, idx + 2).as_str(), "future" | "term") =>
        {
            return Some((idx + 3, TimexKind::Date, "FUTURE_REF".to_owned()));
        }
        // "the nineties": a decade of the 1900s, as TimeML writes it ("199").
        "the" if DECADE_WORDS.contains(&next.as_str()) => {
            let tens = DECADE_WORDS.iter().position(|w| *w == next).unwrap_or(0) + 2;
            return Some((idx + 2, TimexKind::Date, format!("19{tens}")));
        }
        // "the year two thousand".
        "the"
            if next == "year"
                && lower_at(tokens, idx + 2) == "two"
                && lower_at(tokens, idx + 3) == "thousand" =>
        {
            return Some((idx + 4, TimexKind::Date, "2000".to_owned()));
        }
        "these" if next == "days" => {
            return Some((idx + 2, TimexKind::Date, "PRESENT_REF".to_owned()));
        }
        "daily" | "weekly" | "monthly" | "annually" | "yearly" | "hourly" => {
            let value = match word.as_str() {
                "daily" => "P1D",
                "weekly" => "P1W",
                "monthly" => "P1M",
                "hourly" => "PT1H",
                _ => "P1Y",
            };
            return Some((idx + 1, TimexKind::Set, value.to_owned()));
        }
        "every" | "each" => {
            if let Some((unit, is_time)) = unit_of(&next).filter(|_| !next.ends_with('s')) {
                let unit = if unit == "M" && is_time { "MIN" } else { unit };
                let value = if is_time { format!("PT1{unit}") } else { format!("P1{unit}") };
                return Some((idx + 2, TimexKind::Set, value));
            }
            if next == "quarter" {
                return Some((idx + 2, TimexKind::Set, "P1Q".to_owned()));
            }
            // "each Thursday", "every July": that day of every week, that month of every year.
            if let Some(day) = weekday_of(&next) {
                let value = format!("XXXX-WXX-{}", day + 1);
                let (end, _, value) = with_part_of_day(tokens, idx + 2, value);
                return Some((end, TimexKind::Set, value));
            }
            if let Some(month) = tokens.get(idx + 1).and_then(|t| {
                t.text.starts_with(char::is_uppercase).then(|| month_of(t.text)).flatten()
            }) {
                return Some((idx + 2, TimexKind::Set, format!("XXXX-{month:02}")));
            }
        }
        "the" if next == "weekend" => {
            let value = anchor_or(
                &|d| {
                    // The weekend before the article's date, or after it in the future tense.
                    let saturday = d.add_days(5 - weekday(d))?;
                    let saturday =
                        if future == Some(true) { saturday } else { saturday.add_days(-7)? };
                    let (y, w) = iso_week(saturday);
                    Some(format!("{y}-W{w:02}-WE"))
                },
                "XXXX-WXX-WE",
            );
            return Some((idx + 2, TimexKind::Date, value));
        }
        "the" if next == "past" && !is_count_or_unit(&lower_at(tokens, idx + 2)) => {
            return Some((idx + 2, TimexKind::Date, "PAST_REF".to_owned()));
        }
        "years" | "months" | "weeks" | "decades" if next != "old" => {
            let unit = unit_of(&word).map_or("Y", |(unit, _)| unit);
            return Some((idx + 1, TimexKind::Duration, format!("PX{unit}")));
        }
        "year-earlier" | "year-ago" => {
            let value = anchor_or(&|d| Some((d.year() - 1).to_string()), "XXXX");
            // "the year-ago quarter", "the year-earlier third quarter", "year-ago period".
            let mut end = idx + 1;
            if ordinal_of(&lower_at(tokens, end)).is_some() {
                end += 1;
            }
            if matches!(lower_at(tokens, end).as_str(), "quarter" | "period") {
                return Some((end + 1, TimexKind::Date, value));
            }
            return Some((idx + 1, TimexKind::Date, value));
        }
        _ => {}
    }
    if let Some(found) = holiday(tokens, idx, anchor, future) {
        return Some(found);
    }
    // "mid-afternoon yesterday", "by mid afternoon": that part of the day named next, else of
    // the article's day.
    let after_mid = (idx > 0 && lower_at(tokens, idx - 1) == "mid")
        || (idx > 1 && lower_at(tokens, idx - 1) == "-" && lower_at(tokens, idx - 2) == "mid");
    let mid_part = word
        .strip_prefix("mid-")
        .and_then(part_of_day)
        .or_else(|| part_of_day(&word).filter(|_| after_mid && word != "overnight"));
    if let Some(part) = mid_part {
        if let Some((end, TimexKind::Date, day)) = core_at(tokens, idx + 1, anchor, future) {
            if day.len() == 10 {
                return Some((end, TimexKind::Time, format!("{day}{part}")));
            }
        }
        let day = anchor_or(&|d| Some(date_value(d)), "XXXX-XX-XX");
        return Some((idx + 1, TimexKind::Time, format!("{day}{part}")));
    }
    // "the 20th century", "the eleventh century": TimeML writes a century as its first two
    // digits ("19").
    let at = past_the(tokens, idx);
    if let Some(n) = ordinal_number(&lower_at(tokens, at)).filter(|n| (1..=21).contains(n)) {
        // "21st Century Fox" is a company.
        let name_after = tokens.get(at + 2).is_some_and(|t| t.text.starts_with(char::is_uppercase));
        if lower_at(tokens, at + 1) == "century" && !name_after {
            return Some((at + 2, TimexKind::Date, format!("{:02}", n - 1)));
        }
    }
    if let Some(found) = year_end(tokens, idx, anchor, future) {
        return Some(found);
    }
    if let Some(found) = season(tokens, idx, anchor, future) {
        return Some(found);
    }
    if let Some((kind, value)) = hyphenated(&word, anchor, future) {
        return Some((idx + 1, kind, value));
    }
    if let Some((end, year)) = spoken_year(tokens, idx) {
        return Some((end, TimexKind::Date, year.to_string()));
    }
    // Halves of a year: "the first half of 1990", "the last half of the year", "first two
    // quarters of 1990".
    if let Some(found) = half_year(tokens, idx, anchor) {
        return Some(found);
    }
    // Quarters: "the third quarter (of 1990)", "third-quarter", "the quarter".
    if let Some(found) = quarter(tokens, idx, anchor) {
        return Some(found);
    }
    // The period an ongoing event has reached: "(have) entered their third week", "for the
    // third straight day", "in its second month".
    if let Some(found) = ordinal_period(tokens, idx, anchor) {
        return Some(found);
    }
    // "the year", "the full year", "the fiscal year": the article's year, or a year-long period
    // when it ends at a date ("the year ended Sept. 30", P1Y), as TimeML annotates them; "the
    // week" likewise, a week of the article's year that the text does not say.
    if word == "the" {
        let at =
            if matches!(next.as_str(), "full" | "fiscal" | "calendar") { idx + 2 } else { idx + 1 };
        let unit = lower_at(tokens, at);
        let after = lower_at(tokens, at + 1);
        let ends = matches!(after.as_str(), "ended" | "ending" | "through");
        if matches!(unit.as_str(), "year" | "week")
            && !matches!(after.as_str(), "before" | "earlier" | "after" | "later" | "ago" | "of")
            // "the year 2000", "the year two" name a year.
            && !(after.parse::<u32>().is_ok() || NUMBER_WORDS.contains(&after.as_str()))
        {
            let (period, value) = if unit == "year" {
                ("P1Y", anchor_or(&|d| Some(d.year().to_string()), "XXXX"))
            } else {
                ("P1W", anchor_or(&|d| Some(format!("{}-WXX", d.year())), "XXXX-WXX"))
            };
            if ends {
                return Some((at + 1, TimexKind::Duration, period.to_owned()));
            }
            return Some((at + 1, TimexKind::Date, value));
        }
    }
    // Narrative references: "that day", "later that year", "that same day", "the following
    // month", "the next morning" count from the date last named (`narrative_dates`).
    if let Some((end, unit, _)) = narrative_at(tokens, idx) {
        let unknown = match unit {
            "Y" => "XXXX",
            "DE" => "XXX",
            "CE" => "XX",
            "M" => "XXXX-XX",
            _ => "XXXX-XX-XX",
        };
        return Some((end, TimexKind::Date, unknown.to_owned()));
    }
    // "the week of March 6": that date's week.
    if word == "the" && next == "week" && lower_at(tokens, idx + 2) == "of" {
        if let Some((end, TimexKind::Date, day)) = month_date(tokens, idx + 3, anchor, future) {
            let week = Date::parse_iso(&day).map(|d| {
                let (y, w) = iso_week(d);
                format!("{y}-W{w:02}")
            });
            if let Some(week) = week {
                return Some((end, TimexKind::Date, week));
            }
        }
    }
    // "last|next|this|past|coming" + unit, weekday, month or season; "the past five years".
    let relation = match word.as_str() {
        "last" | "previous" => Some(-1),
        "next" | "coming" => Some(1),
        "this" => Some(0),
        "past" => Some(-2),
        _ => None,
    };
    if let Some(relation) = relation {
        if let Some(found) = relative(tokens, idx + 1, relation, anchor) {
            return Some(found);
        }
    }
    if word == "the" && matches!(next.as_str(), "past" | "last" | "next" | "coming") {
        let relation = if matches!(next.as_str(), "next" | "coming") { 1 } else { -2 };
        if let Some(found) = relative(tokens, idx + 2, relation, anchor) {
            return Some(found);
        }
    }
    // Weekdays in the plural, "on Tuesdays", "Tuesday nights": every such day.
    let parts = lower_at(tokens, idx + 1).strip_suffix('s').and_then(part_of_day);
    let plural_day = word
        .strip_suffix('s')
        .and_then(weekday_of)
        .or_else(|| weekday_of(&word).filter(|_| parts.is_some()));
    if let Some(day) = plural_day {
        let value = format!("XXXX-WXX-{}", day + 1);
        return Some(match parts {
            Some(part) => (idx + 2, TimexKind::Set, format!("{value}{part}")),
            None => (idx + 1, TimexKind::Set, value),
        });
    }
    // Weekday, optionally followed by a date: "Monday, Oct. 26", "Friday". A named day is
    // another: "Super Tuesday", "Black Friday", "Bloody Sunday".
    let named_day = idx > 0
        && matches!(
            tokens[idx - 1].text,
            "Super" | "Black" | "Cyber" | "Bloody" | "Ash" | "Fat" | "Holy" | "Maundy" | "Giving"
        );
    if let Some(day) = weekday_of(&word).filter(|_| !named_day) {
        let mut after = idx + 1;
        if lower_at(tokens, after) == "," {
            after += 1;
        }
        if let Some((end, kind, value)) = month_date(tokens, after, anchor, future) {
            return Some((end, kind, value));
        }
        let value = anchor_or(
            &|d| {
                let offset = day - weekday(d);
                let days = if future == Some(true) {
                    if offset >= 0 { offset } else { offset + 7 }
                } else if offset <= 0 {
                    offset
                } else {
                    offset - 7
                };
                d.add_days(days).map(date_value)
            },
            "XXXX-WXX-X",
        );
        return Some(with_part_of_day(tokens, idx + 1, value));
    }
    if let Some(found) = month_date(tokens, idx, anchor, future) {
        return Some(found);
    }
    // "16 January 2026", "16 January".
    if let Ok(day) = word.parse::<u32>() {
        if (1..=31).contains(&day) {
            if let Some(month) = month_of(&next) {
                let mut end = idx + 2;
                let year = year_at(tokens, end);
                if year.is_some() {
                    end += 1;
                }
                let value = full_date(year, month, day, anchor, future);
                return Some((end, TimexKind::Date, value));
            }
        }
    }
    // Years and decades: "1994", "the 1990s", "1960s"; not a number that counts ("more than
    // 1000 people", "2000 years old", which may read on as a duration).
    if let Some(year) = year_at(tokens, idx)
        .filter(|&y| !is_a_count(tokens, idx) && is_year_in_context(tokens, idx, y))
    {
        return Some((idx + 1, TimexKind::Date, year.to_string()));
    }
    if word.len() == 5 && word.ends_with('s') {
        if let Ok(decade) = word.trim_end_matches('s').parse::<i32>() {
            if (1000..=2099).contains(&decade) && decade % 10 == 0 {
                // TimeML writes a decade as its first three digits.
                return Some((idx + 1, TimexKind::Date, (decade / 10).to_string()));
            }
        }
    }
    // Times of day: "10 a.m.", "3:30 p.m.", and with their day: "10 p.m. Wednesday", "5 p.m.
    // EST, Nov. 9", "noon Thursday".
    if let Some((end, time)) = clock_time(tokens, idx) {
        let mut after = end;
        if tokens.get(after).is_some_and(|t| is_time_zone(t.text)) {
            after += 1;
        }
        // The same time elsewhere in parentheses, as wires write it: "10:35 a.m. (0735 GMT)
        // Friday". The day is still this time's, but the expression stops before the
        // parentheses, which hold a time of their own.
        let mut bracketed = false;
        if lower_at(tokens, after) == "(" {
            if let Some(close) =
                (after + 1..tokens.len().min(after + 6)).find(|&i| lower_at(tokens, i) == ")")
            {
                (after, bracketed) = (close + 1, true);
            }
        }
        if matches!(lower_at(tokens, after).as_str(), "," | "on") {
            after += 1;
        }
        if weekday_of(&lower_at(tokens, after)).is_some()
            || tokens.get(after).is_some_and(|t| month_of(t.text).is_some())
        {
            if let Some((day_end, TimexKind::Date, day)) = core_at(tokens, after, anchor, future) {
                if day.len() == 10 {
                    let end = if bracketed { end } else { day_end };
                    return Some((end, TimexKind::Time, format!("{day}T{time}")));
                }
            }
        }
        let value = anchor_or(&|d| Some(format!("{d}T{time}")), &format!("XXXX-XX-XXT{time}"));
        return Some((end, TimexKind::Time, value));
    }
    // Durations: "four years", "a decade", "several months", "five-year", "twenty-four hours",
    // "5 1/2 hours", "two and a half years", "a minute and a half", "two more weeks", "a couple
    // of years".
    let couple = matches!(word.as_str(), "a" | "the")
        && next == "couple"
        && lower_at(tokens, idx + 2) == "of"
        && unit_of(&lower_at(tokens, idx + 3)).is_some();
    let counted = if couple { Some((idx + 3, Some(2))) } else { count_at(tokens, idx) };
    if let Some((count_end, count)) = counted {
        let mut half = false;
        let mut unit_idx = count_end;
        // "two more weeks", "an additional year", "three extra days".
        if count.is_some()
            && matches!(lower_at(tokens, unit_idx).as_str(), "more" | "additional" | "extra")
        {
            unit_idx += 1;
        }
        if let Some(after_half) = half_at(tokens, unit_idx) {
            (half, unit_idx) = (true, after_half);
        }
        if lower_at(tokens, unit_idx) == "-" {
            unit_idx += 1;
        }
        // "eight trading days", "five business days", "ten working days".
        if matches!(lower_at(tokens, unit_idx).as_str(), "trading" | "business" | "working")
            && matches!(lower_at(tokens, unit_idx + 1).as_str(), "day" | "days")
        {
            unit_idx += 1;
        }
        let unit_word = lower_at(tokens, unit_idx);
        // "a second" is mostly the ordinal ("a second round").
        let ordinal_second = unit_word == "second" && matches!(word.as_str(), "a" | "an");
        // "four flights a week", "$2 million a year", "24 hours a day": a rate, not a time.
        let rate = matches!(word.as_str(), "a" | "an")
            && unit_idx == idx + 1
            && !unit_word.ends_with('s')
            && !matches!(
                lower_at(tokens, unit_idx + 1).as_str(),
                "ago" | "earlier" | "before" | "later" | "after"
            )
            && is_amount_before(tokens, idx);
        // "three quarters of the vote" is a fraction ("several quarters of losses" is not).
        let fraction =
            count.is_some() && unit_word == "quarters" && lower_at(tokens, unit_idx + 1) == "of";
        if let Some((unit, is_time)) =
            unit_of(&unit_word).filter(|_| !ordinal_second && !rate && !fraction)
        {
            // "a year ago", "two weeks earlier", "a week or so ago": a date.
            let mut after_at = unit_idx + 1;
            let or_so =
                lower_at(tokens, after_at) == "or" && lower_at(tokens, after_at + 1) == "so";
            if or_so {
                after_at += 2;
            }
            let after = lower_at(tokens, after_at);
            if let (Some(n), false, false, "ago" | "earlier" | "before") =
                (count, is_time, half, after.as_str())
            {
                let value = anchor.and_then(|d| shifted(d, unit, -i64::from(n)));
                let value = value.unwrap_or_else(|| "XXXX".to_owned());
                return Some((after_at + 1, TimexKind::Date, value));
            }
            // "several years ago", "some months ago": some time in the past.
            if count.is_none() && after == "ago" {
                return Some((after_at + 1, TimexKind::Date, "PAST_REF".to_owned()));
            }
            let mut end = if or_so { after_at } else { unit_idx + 1 };
            if !half && lower_at(tokens, end) == "and" {
                if let Some(after_half) = half_at(tokens, end) {
                    (half, end) = (true, after_half);
                }
            }
            // "52 years old" is an age.
            if lower_at(tokens, end) == "old" {
                return None;
            }
            let value = match count {
                Some(n) if half => half_period(n, unit, is_time),
                _ => period(count, unit, is_time),
            };
            return Some((end, TimexKind::Duration, value));
        }
    }
    None
}

/// Whether an amount ends just before `idx`: a number ("358,000", "$1.76", "2 million") or a
/// counted plural ("four flights", "700 seats", "24 hours").
fn is_amount_before(tokens: &[Token<'_>], idx: usize) -> bool {
    let number = |at: usize| {
        let word = lower_at(tokens, at);
        let digits = word.trim_start_matches('$').replace(',', "");
        (!digits.is_empty() && digits.parse::<f64>().is_ok())
            || matches!(word.as_str(), "million" | "billion" | "trillion" | "thousand" | "hundred")
            || NUMBER_WORDS.contains(&word.as_str())
    };
    let Some(before) = idx.checked_sub(1) else { return false };
    if number(before) {
        return true;
    }
    let plural = lower_at(tokens, before);
    plural.len() > 2 && plural.ends_with('s') && before.checked_sub(1).is_some_and(number)
}

/// The count at `idx` and the token after it: digits or a number word ("12", "four", "a"), or
/// tens and ones hyphenated or written apart ("twenty-five", "twenty four"), read as the figure
/// reader reads them ([`crate::figures::word_value`]).
fn count_at(tokens: &[Token<'_>], idx: usize) -> Option<(usize, Option<u32>)> {
    let word = lower_at(tokens, idx);
    let compound = |joined: &str| -> Option<u32> {
        let value = crate::figures::word_value(joined).filter(|_| joined.contains('-'))?;
        #[expect(
            clippy::cast_possible_truncation,
            clippy::cast_sign_loss,
            reason = "a compound number word is a whole number from 21 to 99"
        )]
        let whole = value as u32;
        Some(whole)
    };
    if let Some(n) = compound(&word) {
        return Some((idx + 1, Some(n)));
    }
    let count = count_of(&word)?;
    if let Some(n) = compound(&format!("{word}-{}", lower_at(tokens, idx + 1))) {
        return Some((idx + 2, Some(n)));
    }
    Some((idx + 1, count))
}

/// A half written at `idx`, "1/2" or "and a half": the token after it.
fn half_at(tokens: &[Token<'_>], idx: usize) -> Option<usize> {
    let words: Vec<String> = (idx..idx + 3).map(|at| lower_at(tokens, at)).collect();
    matches!(
        [words[0].as_str(), words[1].as_str(), words[2].as_str()],
        ["1", "/", "2"] | ["and", "a", "half"]
    )
    .then_some(idx + 3)
}

/// A duration of `n` and a half units: the half in the next smaller unit where it is a whole
/// number of them ("PT5H30M", "PT1M30S", "P2Y6M", as TimeBank writes them), else as a decimal
/// ("P1.5W"); decades and centuries in years.
fn half_period(n: u32, unit: &str, is_time: bool) -> String {
    match (unit, is_time) {
        ("H", true) => format!("PT{n}H30M"),
        ("M", true) => format!("PT{n}M30S"),
        (_, true) => format!("PT{n}.5{unit}"),
        ("DE", false) => format!("P{}Y", 10 * u64::from(n) + 5),
        ("CE", false) => format!("P{}Y", 100 * u64::from(n) + 50),
        ("Y", false) => format!("P{n}Y6M"),
        ("D", false) => format!("P{n}DT12H"),
        _ => format!("P{n}.5{unit}"),
    }
}

/// A duration of `count` units (unknown: `X`): "P3Y", "PT2H"; known decades and centuries in
/// years, as TimeBank writes them ("two decades" P20Y, "a century" P100Y).
fn period(count: Option<u32>, unit: &str, is_time: bool) -> String {
    match (count, unit) {
        (Some(n), "DE") => format!("P{}Y", 10 * u64::from(n)),
        (Some(n), "CE") => format!("P{}Y", 100 * u64::from(n)),
        (Some(n), _) if is_time => format!("PT{n}{unit}"),
        (Some(n), _) => format!("P{n}{unit}"),
        (None, _) if is_time => format!("PTX{unit}"),
        (None, _) => format!("PX{unit}"),
    }
}

/// A unit of the calendar in the plural: "years", "months", "weeks", "days", "decades".
fn is_plural_unit(word: &str) -> bool {
    word.ends_with('s') && unit_of(word).is_some_and(|(_, is_time)| !is_time)
}

fn is_count_or_unit(word: &str) -> bool {
    count_of(word).is_some() || unit_of(word).is_some()
}

/// The date `n` units (`Y`, `Q`, `M`, `W`, `D`, `DE`) from `anchor`, at that unit's granularity.
fn shifted(anchor: Date, unit: &str, n: i64) -> Option<String> {
    let n32 = i32::try_from(n).ok()?;
    match unit {
        "Y" => Some((anchor.year() + n32).to_string()),
        "DE" => Some(format!("{}X", (anchor.year() + 10 * n32) / 10)),
        "M" => {
            let (y, m) = shift_month(anchor.year(), anchor.month(), n32);
            Some(format!("{y}-{m:02}"))
        }
        "W" => {
            let (y, w) = iso_week(anchor.add_days(7 * n)?);
            Some(format!("{y}-W{w:02}"))
        }
        "D" => anchor.add_days(n).map(date_value),
        "Q" => {
            let (y, m) = shift_month(anchor.year(), anchor.month(), 3 * n32);
            Some(format!("{y}-Q{}", (m - 1) / 3 + 1))
        }
        _ => None,
    }
}

/// A holiday with a fixed or computed date: "Christmas (Day|Eve)", "New Year's (Day|Eve)",
/// "Thanksgiving (Day)" (the fourth Thursday of November), "Independence Day" (4 July),
/// "Election Day" (the Tuesday after the first Monday of November), "Easter (Sunday)", "Good
/// Friday" and "Easter week" (the week that ends on Easter Sunday); the year is the nearest in
/// the tense's direction.
fn holiday(
    tokens: &[Token<'_>],
    idx: usize,
    anchor: Option<Date>,
    future: Option<bool>,
) -> Option<(usize, TimexKind, String)> {
    let first = tokens.get(idx)?.text;
    if !first.starts_with(char::is_uppercase) {
        return None;
    }
    let (word, next) = (lower_at(tokens, idx), lower_at(tokens, idx + 1));
    if let Some((end, before_easter, week)) = match (word.as_str(), next.as_str()) {
        // "Easter Island", "Easter Rising": names.
        ("easter", "island" | "islands" | "rising") => None,
        ("easter", "sunday" | "day") => Some((idx + 2, 0, false)),
        ("easter", "week") => Some((idx + 2, 0, true)),
        ("easter", _) => Some((idx + 1, 0, false)),
        ("good", "friday") => Some((idx + 2, 2, false)),
        _ => None,
    } {
        let on = |year: i32| easter(year).and_then(|d| d.add_days(-before_easter));
        let Some(anchor) = anchor else {
            return Some((end, TimexKind::Date, "XXXX-XX-XX".to_owned()));
        };
        let date = nearest_year(anchor, future, on)?;
        let value = if week {
            let (y, w) = iso_week(date);
            format!("{y}-W{w:02}")
        } else {
            date_value(date)
        };
        return Some((end, TimexKind::Date, value));
    }
    let (end, month, day): (usize, u32, Option<u32>) = match (word.as_str(), next.as_str()) {
        ("christmas", "eve") => (idx + 2, 12, Some(24)),
        ("election", "day") => (idx + 2, 11, Some(0)),
        ("christmas", "day") => (idx + 2, 12, Some(25)),
        ("christmas", _) => (idx + 1, 12, Some(25)),
        ("new", "year") if lower_at(tokens, idx + 2) == "eve" => (idx + 3, 12, Some(31)),
        ("new", "year") if lower_at(tokens, idx + 2) == "day" => (idx + 3, 1, Some(1)),
        ("thanksgiving", "day") => (idx + 2, 11, None),
        ("thanksgiving", _) => (idx + 1, 11, None),
        ("independence", "day") => (idx + 2, 7, Some(4)),
        _ => return None,
    };
    let on = |year: i32| -> Option<Date> {
        match day {
            // The Tuesday after the first Monday of November: the 2nd to the 8th.
            Some(0) => {
                let first = Date::from_ymd(year, 11, 1)?;
                first.add_days((-weekday(first)).rem_euclid(7) + 1)
            }
            Some(day) => Date::from_ymd(year, month, day),
            // The fourth Thursday of November.
            None => {
                let first = Date::from_ymd(year, 11, 1)?;
                first.add_days((3 - weekday(first)).rem_euclid(7) + 21)
            }
        }
    };
    let value = match anchor {
        Some(anchor) => date_value(nearest_year(anchor, future, on)?),
        None => day
            .filter(|d| *d > 0)
            .map_or_else(|| "XXXX-11-XX".to_owned(), |d| format!("XXXX-{month:02}-{d:02}")),
    };
    Some((end, TimexKind::Date, value))
}

/// The end of a year as accounts close it: "year-end", "year end", "the year-end": December 31
/// of the article's year, or of the year before when the sentence looks back ("since
/// year-end", "at year-end the company had").
fn year_end(
    tokens: &[Token<'_>],
    idx: usize,
    anchor: Option<Date>,
    future: Option<bool>,
) -> Option<(usize, TimexKind, String)> {
    let at = past_the(tokens, idx);
    let end = match lower_at(tokens, at).as_str() {
        "year-end" => at + 1,
        "year" if lower_at(tokens, at + 1) == "end" => at + 2,
        _ => return None,
    };
    // "year-end results", "the year-end bonus": an adjective, not a date; "year end of" neither.
    let after = tokens.get(end);
    if after.is_some_and(|t| t.text.starts_with(char::is_alphanumeric) && t.text != "and") {
        let before = idx.checked_sub(1).map(|i| lower_at(tokens, i)).unwrap_or_default();
        if !matches!(before.as_str(), "by" | "at" | "since" | "until" | "before" | "after") {
            return None;
        }
    }
    // "year's end" is no possessive event: the tense is read past it.
    let future = if is_possessive_at(tokens, at) { tense_at(tokens, at + 1) } else { future };
    let looks_back =
        future == Some(false) || idx.checked_sub(1).is_some_and(|i| lower_at(tokens, i) == "since");
    let value = anchor.map_or_else(
        || "XXXX-12-31".to_owned(),
        |d| {
            let year = if looks_back && (d.month(), d.day()) != (12, 31) {
                d.year() - 1
            } else {
                d.year()
            };
            format!("{year}-12-31")
        },
    );
    Some((end, TimexKind::Date, value))
}

/// Easter Sunday of a Gregorian year (the anonymous Gregorian computus).
fn easter(year: i32) -> Option<Date> {
    let (a, b, c) = (year % 19, year / 100, year % 100);
    let (d, e) = (b / 4, b % 4);
    let g = (8 * b + 13) / 25;
    let h = (19 * a + b - d - g + 15) % 30;
    let (i, k) = (c / 4, c % 4);
    let l = (32 + 2 * e + 2 * i - h - k) % 7;
    let m = (a + 11 * h + 19 * l) / 433;
    let month = (h + l - 7 * m + 90) / 25;
    let day = (h + l - 7 * m + 33 * month + 19) % 32;
    Date::from_ymd(year, u32::try_from(month).ok()?, u32::try_from(day).ok()?)
}

/// A season ("summer", "the summer", "the winter of 1994"): the year given, or the nearest such
/// season in the tense's direction. "Fall" only after "the".
fn season(
    tokens: &[Token<'_>],
    idx: usize,
    anchor: Option<Date>,
    future: Option<bool>,
) -> Option<(usize, TimexKind, String)> {
    let mut at = past_the(tokens, idx);
    if matches!(lower_at(tokens, at).as_str(), "early" | "late") && at > idx {
        at += 1;
    }
    let word = lower_at(tokens, at);
    // "fall" alone is mostly the verb.
    if word == "fall" && at == idx {
        return None;
    }
    let (code, month) = season_of(&word)?;
    let mut end = at + 1;
    if lower_at(tokens, end) == "of" {
        let year =
            year_at(tokens, end + 1).map(|y| (end + 2, y)).or_else(|| spoken_year(tokens, end + 1));
        if let Some((after, year)) = year {
            return Some((after, TimexKind::Date, format!("{year}-{code}")));
        }
    }
    if let Some(year) = year_at(tokens, end) {
        end += 1;
        return Some((end, TimexKind::Date, format!("{year}-{code}")));
    }
    let value = month_value(month, anchor, future);
    let year = value.split('-').next().unwrap_or("XXXX");
    Some((end, TimexKind::Date, format!("{year}-{code}")))
}

/// A season's TIMEX3 code and the month it starts in: "spring" `SP` and March.
fn season_of(word: &str) -> Option<(&'static str, u32)> {
    match word {
        "spring" => Some(("SP", 3)),
        "summer" => Some(("SU", 6)),
        "fall" | "autumn" => Some(("FA", 9)),
        "winter" => Some(("WI", 12)),
        _ => None,
    }
}

/// The date `on(year)` nearest the anchor (last, this or next year), in the tense's direction
/// when that is within about ten months.
fn nearest_year(
    anchor: Date,
    future: Option<bool>,
    on: impl Fn(i32) -> Option<Date>,
) -> Option<Date> {
    let candidates: Vec<Date> =
        [anchor.year() - 1, anchor.year(), anchor.year() + 1].into_iter().filter_map(on).collect();
    let nearest = candidates.iter().copied().min_by_key(|d| d.days_until(anchor).abs());
    let directed = match future {
        Some(true) => candidates.iter().copied().filter(|d| *d >= anchor).min(),
        Some(false) => candidates.iter().copied().filter(|d| *d <= anchor).max(),
        None => None,
    };
    directed.filter(|d| d.days_until(anchor).abs() <= 300).or(nearest)
}

/// Ordinals as words or figures, "first" to "twentieth", "1st" to "99th".
fn ordinal_number(word: &str) -> Option<u32> {
    const WORDS: [&str; 20] = [
        "first",
        "second",
        "third",
        "fourth",
        "fifth",
        "sixth",
        "seventh",
        "eighth",
        "ninth",
        "tenth",
        "eleventh",
        "twelfth",
        "thirteenth",
        "fourteenth",
        "fifteenth",
        "sixteenth",
        "seventeenth",
        "eighteenth",
        "nineteenth",
        "twentieth",
    ];
    if let Some(n) = WORDS.iter().position(|w| *w == word) {
        return u32::try_from(n + 1).ok();
    }
    // "1st", "2nd", "3rd", "4th", "11th", "21st": the suffix must fit the number.
    let digits = word.get(..word.len().checked_sub(2)?)?;
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let n = digits.parse::<u32>().ok().filter(|n| (1..100).contains(n))?;
    word.ends_with(parallax_text::ordinal_suffix(n)).then_some(n)
}

/// "entered their third week", "for the third straight day", "now in its second month": the
/// day, week, month or year an ongoing event has reached, which is the one holding the
/// article's date (TimeML gives "It's the second day of an offensive" the document's date).
/// Only after a verb or preposition that places the event at that period now ("is", "entered",
/// "marks", "for"); "on the first day of the trial" and "their first year" alone say nothing of
/// when, and a future sentence ("will enter its third week") is left alone.
fn ordinal_period(
    tokens: &[Token<'_>],
    idx: usize,
    anchor: Option<Date>,
) -> Option<(usize, TimexKind, String)> {
    let word = lower_at(tokens, idx);
    // "the"/"a" belong to the expression; a possessive ("their") does not.
    let (ordinal_at, determiner) = if matches!(word.as_str(), "the" | "a") {
        (idx + 1, idx)
    } else {
        let previous = lower_at(tokens, idx.checked_sub(1)?);
        matches!(previous.as_str(), "its" | "their" | "his" | "her" | "our")
            .then_some((idx, idx - 1))?
    };
    ordinal_number(&lower_at(tokens, ordinal_at))?;
    let mut unit_at = ordinal_at + 1;
    if matches!(
        lower_at(tokens, unit_at).as_str(),
        "straight" | "consecutive" | "successive" | "full"
    ) {
        unit_at += 1;
    }
    let unit = lower_at(tokens, unit_at);
    if !matches!(unit.as_str(), "day" | "week" | "month" | "year") {
        return None;
    }
    let before = lower_at(tokens, determiner.checked_sub(1)?);
    // "in its second day", not "in the first year" (of what?).
    let possessive = determiner < idx;
    let current = matches!(
        before.as_str(),
        "entered"
            | "enters"
            | "entering"
            | "enter"
            | "into"
            | "marks"
            | "marked"
            | "marking"
            | "reached"
            | "reaches"
            | "for"
            | "is"
    ) || (before == "in" && possessive)
        // "It's the second day": the contraction, whose "'s" reads as a possessive.
        || tokens.get(determiner - 1).is_some_and(|t| {
            matches!(t.text.to_lowercase().as_str(), "it's" | "it’s" | "that's" | "that’s")
        });
    if !current || tense_at(tokens, determiner) == Some(true) {
        return None;
    }
    let (code, unknown) = match unit.as_str() {
        "day" => ("D", "XXXX-XX-XX"),
        "week" => ("W", "XXXX-WXX"),
        "month" => ("M", "XXXX-XX"),
        _ => ("Y", "XXXX"),
    };
    let value = anchor.and_then(|d| shifted(d, code, 0)).unwrap_or_else(|| unknown.to_owned());
    Some((unit_at + 1, TimexKind::Date, value))
}

/// The ordinals of quarters, "first" to "fourth" (or "1st" to "4th"), as a number.
fn ordinal_of(word: &str) -> Option<u32> {
    ordinal_number(word).filter(|n| *n <= 4)
}

/// A quarter's value as its year and number ("1989-Q3").
fn quarter_of(value: &str) -> Option<(i32, u32)> {
    let (year, number) = value.split_once("-Q")?;
    Some((year.parse().ok()?, number.parse().ok().filter(|n| (1..=4).contains(n))?))
}

/// A reference to a date the story has named, at `idx`: "that day", "that same year", "earlier
/// that day", "the following month", "the next morning", as its end, unit (`Y`, `M`, `D`) and
/// the units it lies after that date.
fn narrative_at(tokens: &[Token<'_>], idx: usize) -> Option<(usize, &'static str, i64)> {
    let mut at = idx;
    if matches!(lower_at(tokens, at).as_str(), "earlier" | "later")
        && lower_at(tokens, at + 1) == "that"
    {
        at += 1;
    }
    let (shift, unit_idx) = match (lower_at(tokens, at).as_str(), lower_at(tokens, at + 1).as_str())
    {
        ("that", "same") => (0, at + 2),
        ("that", _) => (0, at + 1),
        ("the", "following") => (1, at + 2),
        ("the", "next") if matches!(lower_at(tokens, at + 2).as_str(), "day" | "morning") => {
            (1, at + 2)
        }
        _ => return None,
    };
    let unit = match lower_at(tokens, unit_idx).as_str() {
        "year" => "Y",
        "month" => "M",
        "day" | "morning" => "D",
        _ => return None,
    };
    // "that year's" is the year; "that day traders" is not a date.
    let possessive = is_possessive_at(tokens, unit_idx);
    let after = lower_at(tokens, unit_idx + 1);
    if !possessive
        && tokens.get(unit_idx + 1).is_some_and(|t| t.text.starts_with(char::is_alphabetic))
    {
        let joins = matches!(
            after.as_str(),
            "and"
                | "or"
                | "but"
                | "when"
                | "as"
                | "in"
                | "on"
                | "at"
                | "to"
                | "after"
                | "before"
                | "he"
                | "she"
                | "it"
                | "they"
                | "we"
                | "the"
                | "a"
                | "an"
                | "was"
                | "were"
                | "is"
                | "had"
                | "has"
                | "said"
                | "for"
                | "with"
                | "by"
                | "of"
        );
        if !joins && lower_at(tokens, at) == "that" {
            return None;
        }
    }
    Some((unit_idx + 1, unit, shift))
}

/// The reference [`narrative_at`] read in an expression's text, as its unit and shift.
fn narrative_anaphor(text: &str) -> Option<(&'static str, i64)> {
    let lower = text.to_lowercase();
    // Every such reference holds "that" or opens with "the": most expressions are not tokenized.
    if !(lower.contains("that") || lower.starts_with("the")) {
        return None;
    }
    let tokens = tokenize(&lower);
    narrative_at(&tokens, 0).filter(|(end, _, _)| *end == tokens.len()).map(|(_, u, s)| (u, s))
}

/// A calendar point's value ("1998", "1998-10", "1998-10-23", with any time or week dropped)
/// moved `shift` units (`Y`, `M`, `D`) at that unit's granularity: `None` when the value is
/// coarser than the unit or no point.
fn shifted_point(value: &str, unit: &str, shift: i64) -> Option<String> {
    let digits = |range: std::ops::Range<usize>| {
        value.get(range).filter(|p| p.bytes().all(|b| b.is_ascii_digit()))?.parse::<u32>().ok()
    };
    let year = i32::try_from(digits(0..4)?).ok()?;
    let shift32 = i32::try_from(shift).ok()?;
    let month = value.get(4..5).filter(|dash| *dash == "-").and_then(|_| digits(5..7));
    match unit {
        "Y" => Some((year + shift32).to_string()),
        "M" => {
            let (y, m) = shift_month(year, month?, shift32);
            Some(format!("{y}-{m:02}"))
        }
        _ => {
            let day = value.get(7..8).filter(|dash| *dash == "-").and_then(|_| digits(8..10))?;
            Date::from_ymd(year, month?, day)?.add_days(shift).map(date_value)
        }
    }
}

/// Narrative references ([`narrative_anaphor`]) count from the date last named before them:
/// "Police arrived on Oct. 23. Earlier that day ..." is 23 October. One without such a date
/// ("losses on trades made that day") names no date and is dropped.
fn narrative_dates(found: &mut Vec<TimeExpression>) {
    let mut last: Option<String> = None;
    found.retain_mut(|time| {
        if let Some((unit, shift)) = narrative_anaphor(&time.text) {
            match last.as_deref().and_then(|l| shifted_point(l, unit, shift)) {
                Some(value) => time.value = value,
                None => return false,
            }
        }
        if shifted_point(&time.value, "Y", 0).is_some() {
            last = Some(time.value.clone());
        }
        true
    });
}

/// A quarter named by reference, the quarter last named tells which: "the quarter" and "the
/// latest period" are that quarter (`Some(None)`), "the 1988 quarter" is the same quarter of 1988
/// (`Some(Some(1988))`).
fn quarter_anaphor(text: &str) -> Option<Option<i32>> {
    let lower = text.to_lowercase();
    if matches!(lower.as_str(), "the quarter" | "quarter" | "the latest period") {
        return Some(None);
    }
    let rest = lower.strip_prefix("the ")?;
    let (year, noun) = rest.split_once(' ')?;
    let year = year.parse::<i32>().ok().filter(|y| (1000..=2099).contains(y))?;
    matches!(noun, "quarter" | "period").then_some(Some(year))
}

/// Quarters named by reference ([`quarter_anaphor`]) take the quarter last named:
/// "first-quarter profit ... in the quarter" is the first quarter.
///
/// Earnings reports compare a quarter with the same quarter a year before: after "the third
/// quarter" (1989-Q3), "a year earlier", "a year ago" and "the year-ago period" mean 1988-Q3.
fn year_ago_quarters(found: &mut [TimeExpression]) {
    let mut last: Option<(i32, u32)> = None;
    for time in found {
        if let (Some(year), Some((last_year, number))) = (quarter_anaphor(&time.text), last) {
            time.value = format!("{}-Q{number}", year.unwrap_or(last_year));
            continue;
        }
        if let Some(quarter) = quarter_of(&time.value) {
            last = Some(quarter);
            continue;
        }
        let lower = time.text.to_lowercase();
        let a_year_back = ["a year ago", "a year earlier", "year-ago", "year-earlier"]
            .iter()
            .any(|phrase| lower.contains(phrase));
        if let (true, Some((year, number))) = (a_year_back, last) {
            if time.value == (year - 1).to_string() {
                time.value = format!("{}-Q{number}", year - 1);
            }
        }
    }
}

/// "the third quarter", "third-quarter", "the fourth quarter of 1990", "the quarter", "the latest
/// quarter": a quarter of the anchor's year (of the year before when it has not begun), or for a
/// bare "the quarter", the last complete quarter.
fn quarter(
    tokens: &[Token<'_>],
    idx: usize,
    anchor: Option<Date>,
) -> Option<(usize, TimexKind, String)> {
    let mut at = past_the(tokens, idx);
    // A year before the ordinal: "the 1988 third quarter", "this year's third quarter", "next
    // year's first quarter".
    let mut year = None;
    if let Some(y) = year_at(tokens, at) {
        year = Some(y);
        at += 1;
    } else if let Some(shift) = match lower_at(tokens, at).as_str() {
        "this" => Some(0),
        "last" => Some(-1),
        "next" => Some(1),
        _ => None,
    } {
        // `lower_at` drops the possessive: "year's" reads "year", so the raw token tells.
        let possessive = is_possessive_at(tokens, at + 1) && lower_at(tokens, at + 1) == "year";
        let possessive = possessive.then_some(at + 2);
        if let (Some(after), Some(d)) = (possessive, anchor) {
            year = Some(d.year() + shift);
            at = after;
        }
    }
    let word = lower_at(tokens, at);
    // "the 1988 quarter", "the 1989 period": a quarter of that year, which the quarter last
    // named tells (see `year_ago_quarters`); the year alone until then.
    if let (Some(y), true, "quarter" | "period") = (year, at > idx, word.as_str()) {
        if year_at(tokens, at - 1) == Some(y) {
            return Some((at + 1, TimexKind::Date, y.to_string()));
        }
    }
    let (number, mut end) = if year.is_some() {
        // Only "<year> <ordinal> quarter" (a bare "the 1988 quarter" needs its context).
        let n = ordinal_of(&word)?;
        if lower_at(tokens, at + 1) != "quarter" {
            return None;
        }
        (Some(n), at + 2)
    } else if let Some((first, "quarter")) = word.split_once('-') {
        (Some(ordinal_of(first)?), at + 1)
    } else if let Some(n) = ordinal_of(&word) {
        if lower_at(tokens, at + 1) != "quarter" {
            return None;
        }
        (Some(n), at + 2)
    } else if matches!(word.as_str(), "latest" | "last" | "recent")
        && (lower_at(tokens, at + 1) == "quarter"
            || (at > idx && word == "latest" && lower_at(tokens, at + 1) == "period"))
    {
        (None, at + 2)
    } else if word == "quarter" && at > idx {
        (None, at + 1)
    } else {
        return None;
    };
    if lower_at(tokens, end) == "of" {
        if let Some(y) = year_at(tokens, end + 1) {
            year = Some(y);
            end += 2;
        }
    }
    let value = match (number, year, anchor) {
        (Some(n), Some(y), _) => format!("{y}-Q{n}"),
        (Some(n), None, Some(d)) => {
            let current = (d.month() - 1) / 3 + 1;
            let y = if n > current { d.year() - 1 } else { d.year() };
            format!("{y}-Q{n}")
        }
        (None, _, Some(d)) => {
            let current = (d.month() - 1) / 3 + 1;
            if current == 1 {
                format!("{}-Q4", d.year() - 1)
            } else {
                format!("{}-Q{}", d.year(), current - 1)
            }
        }
        (Some(n), None, None) => format!("XXXX-Q{n}"),
        (None, _, None) => "XXXX-QX".to_owned(),
    };
    Some((end, TimexKind::Date, value))
}

/// "Month Day, Year", "Month Day", "Month Year", "Month" (with "Jan." abbreviations).
fn month_date(
    tokens: &[Token<'_>],
    idx: usize,
    anchor: Option<Date>,
    future: Option<bool>,
) -> Option<(usize, TimexKind, String)> {
    let word = tokens.get(idx)?.text;
    let month = month_of(word)?;
    // "May" and "March" are also ordinary words: only capitalised, and for "may" only before a
    // number.
    if !word.starts_with(char::is_uppercase) {
        return None;
    }
    let mut end = idx + 1;
    // The period of "Jan." and "Sept.", not a full stop after "September".
    let abbreviated =
        word.len() <= 4 && MONTH_NAMES.iter().all(|name| !name.eq_ignore_ascii_case(word));
    if lower_at(tokens, end) == "." && abbreviated {
        end += 1;
    } else if abbreviated && tokens.get(end).is_some_and(|t| t.text.starts_with(char::is_uppercase))
    {
        // "Jan Kavan": a name, not January.
        return None;
    }
    // "March 8", "March 8th", "March eighth".
    let day_word = lower_at(tokens, end);
    if let Some(day) = day_word.parse::<u32>().ok().or_else(|| ordinal_number(&day_word)) {
        if (1..=31).contains(&day) {
            end += 1;
            if lower_at(tokens, end) == "," && year_at(tokens, end + 1).is_some() {
                end += 1;
            }
            let mut year = year_at(tokens, end);
            if year.is_some() {
                end += 1;
            }
            // "the Sept. 11 attacks" are those of 2001 ("a Sept. 11 memorial" is this year's).
            let attacks = matches!(
                lower_at(tokens, end).as_str(),
                "attack"
                    | "attacks"
                    | "terror"
                    | "terrorist"
                    | "terrorism"
                    | "hijackers"
                    | "conspiracy"
                    | "commission"
            );
            if (month, day) == (9, 11) && attacks && anchor.is_none_or(|d| d.year() > 2001) {
                year = year.or(Some(2001));
            }
            return Some((end, TimexKind::Date, full_date(year, month, day, anchor, future)));
        }
    }
    // A bare "May" is the month only after a word that takes a time: "in May", "by May", "last
    // May" (not "May I", "Theresa May said").
    let before = if idx > 0 { lower_at(tokens, idx - 1) } else { String::new() };
    let takes_time = matches!(
        before.as_str(),
        "in" | "since"
            | "until"
            | "till"
            | "by"
            | "through"
            | "during"
            | "last"
            | "next"
            | "this"
            | "early"
            | "late"
            | "mid"
            | "from"
    );
    if word.eq_ignore_ascii_case("may") && !takes_time {
        return None;
    }
    // A march's or an event's name: "the March for Life", "March of the Mothers", "March on
    // Washington" ("March of 1998" and "March of the following year" are months).
    let name_at = |at: usize| {
        tokens.get(at).is_some_and(|t| t.text.starts_with(char::is_uppercase))
            && year_at(tokens, at).is_none()
    };
    if matches!(lower_at(tokens, end).as_str(), "for" | "of" | "on" | "against")
        && (name_at(end + 1) || (lower_at(tokens, end + 1) == "the" && name_at(end + 2)))
    {
        return None;
    }
    if let Some(year) = year_at(tokens, end) {
        return Some((end + 1, TimexKind::Date, format!("{year}-{month:02}")));
    }
    // "January nineteen ninety-seven", as broadcasts write years.
    if let Some((after, year)) = spoken_year(tokens, end) {
        return Some((after, TimexKind::Date, format!("{year}-{month:02}")));
    }
    // "June last year", "March next year".
    if lower_at(tokens, end + 1) == "year" {
        let shift = match lower_at(tokens, end).as_str() {
            "last" => Some(-1),
            "this" => Some(0),
            "next" => Some(1),
            _ => None,
        };
        if let (Some(shift), Some(d)) = (shift, anchor) {
            return Some((end + 2, TimexKind::Date, format!("{}-{month:02}", d.year() + shift)));
        }
    }
    Some((end, TimexKind::Date, month_value(month, anchor, future)))
}

/// A month without its year, given the year the tense and the anchor point at: "in April".
fn month_value(month: u32, anchor: Option<Date>, future: Option<bool>) -> String {
    let year = anchor.map(|d| {
        let this = i32::try_from(d.month()).unwrap_or(1);
        let wanted = i32::try_from(month).unwrap_or(1);
        // The tense decides: in the past a month after the article's is last year's, in the
        // future one three or more before it is next year's; without a tense, a month more than
        // five months ahead is last year's and one nine or more behind is next year's.
        let ahead = match future {
            Some(true) => this - wanted >= 3,
            Some(false) => false,
            None => this - wanted >= 9,
        };
        let behind = match future {
            Some(true) => false,
            Some(false) => wanted - this >= 1,
            None => wanted - this > 5,
        };
        d.year() + i32::from(ahead) - i32::from(behind)
    });
    year.map_or_else(|| format!("XXXX-{month:02}"), |y| format!("{y}-{month:02}"))
}

/// Words before a number that make it an amount ("more than 1000", "about 1500").
const AMOUNT_WORDS: [&str; 12] = [
    "than",
    "about",
    "around",
    "nearly",
    "almost",
    "some",
    "approximately",
    "roughly",
    "least",
    "estimated",
    "over",
    "under",
];

/// Words before a year that modifies the noun after it ("the 1992 protests", "fiscal 1989
/// sales", "in 1995 sales rose").
const YEAR_MODIFIER_WORDS: [&str; 16] = [
    "the", "a", "an", "its", "their", "his", "her", "our", "fiscal", "in", "since", "of", "by",
    "for", "until", "during",
];

/// Whether the number at `idx` counts something: after an amount word, before a unit of time
/// ("2000 years"), or before a plural noun where nothing makes the year a modifier ("killed 1000
/// people"; not "the 1992 protests", "1995 was").
fn is_a_count(tokens: &[Token<'_>], idx: usize) -> bool {
    let before = idx.checked_sub(1).map(|at| lower_at(tokens, at)).unwrap_or_default();
    let after = tokens.get(idx + 1).map_or("", |t| t.text);
    let plural = (after.len() >= 4 && after.ends_with('s') && !after.ends_with("ss"))
        || crate::figure_words::IRREGULAR_PLURALS.contains(&after);
    let plural_noun = plural
        && after.chars().all(|c| c.is_ascii_lowercase())
        && !before.is_empty()
        && !YEAR_MODIFIER_WORDS.contains(&before.as_str())
        && !before.ends_with("'s")
        && before.chars().all(char::is_alphabetic);
    AMOUNT_WORDS.contains(&before.as_str()) || unit_of(after).is_some() || plural_noun
}

/// Words that make an early four-digit number a year ("in 1066", "the 1215 charter").
const EARLY_YEAR_WORDS: [&str; 10] =
    ["in", "since", "of", "by", "from", "until", "the", "year", "around", "circa"];

/// Whether a year token reads as a year where it stands: one before 1500 is rare in news and
/// needs a word that makes it one ("in 1066"); otherwise it names something ("told 1010 WINS").
fn is_year_in_context(tokens: &[Token<'_>], idx: usize, year: i32) -> bool {
    // A year in a name, "Zentrix 1980", "Expo 2000", "the Cleveland 2016 Host Committee": after a
    // capitalised word inside the sentence that is no place ("Iowa 1976" is that year's Iowa)
    // or before another capitalised word.
    let name_before = idx >= 2
        && tokens.get(idx - 1).is_some_and(|t| {
            t.text.starts_with(char::is_uppercase)
                && t.text.chars().all(char::is_alphabetic)
                && t.text.chars().any(char::is_lowercase)
                && month_of(t.text).is_none()
                && season_of(&t.text.to_lowercase()).is_none()
                && !matches!(t.text, "Fiscal" | "Since" | "In" | "Until" | "By" | "Of")
        })
        && tokens.get(idx - 2).is_some_and(|t| t.text.starts_with(char::is_lowercase));
    let place_before = || {
        tokens.get(idx - 1).is_some_and(|t| {
            crate::gazetteer::NameList::places().contains(&[t.text.to_lowercase().as_str()])
        })
    };
    let name_after = tokens.get(idx + 1).is_some_and(|t| t.text.starts_with(char::is_uppercase));
    let in_name = name_before && (name_after || !place_before());
    if in_name {
        return false;
    }
    year >= 1500
        || idx
            .checked_sub(1)
            .is_some_and(|at| EARLY_YEAR_WORDS.contains(&lower_at(tokens, at).as_str()))
}

/// A four-digit year token from 1000 to 2099.
fn year_at(tokens: &[Token<'_>], idx: usize) -> Option<i32> {
    let text = tokens.get(idx)?.text;
    if text.len() != 4 || !text.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    text.parse::<i32>().ok().filter(|y| (1000..=2099).contains(y))
}

/// A date with the year given, or the one nearest the anchor in the sentence's direction
/// ("December 27" in a January 2026 article about the past is 2025-12-27).
fn full_date(
    year: Option<i32>,
    month: u32,
    day: u32,
    anchor: Option<Date>,
    future: Option<bool>,
) -> String {
    if let Some(year) = year {
        return Date::from_ymd(year, month, day)
            .map_or_else(|| format!("{year}-{month:02}-{day:02}"), date_value);
    }
    let Some(anchor) = anchor else { return format!("XXXX-{month:02}-{day:02}") };
    // The nearest one in the tense's direction; without a tense, the nearest. A tense points at
    // most about ten months away: "said on Monday, Oct. 26" in an article dated the day before
    // is this year's, "the year ended Jan. 31" in one of Oct. 31 the last Jan. 31.
    let pick = nearest_year(anchor, future, |y| Date::from_ymd(y, month, day));
    pick.map_or_else(|| format!("XXXX-{month:02}-{day:02}"), date_value)
}

/// A time zone's abbreviation: "EST", "EDT", "GMT", "UTC".
pub(crate) fn is_time_zone(word: &str) -> bool {
    matches!(word.len(), 3 | 4)
        && word.chars().all(|c| c.is_ascii_uppercase())
        && (word.ends_with('T') || word == "UTC")
}

/// "10 a.m.", "3:30 p.m.", "21:00", "noon": the end token and `HH:MM`.
fn clock_time(tokens: &[Token<'_>], idx: usize) -> Option<(usize, String)> {
    let word = lower_at(tokens, idx);
    // "high noon" is a showdown, not a time.
    let high = idx > 0 && lower_at(tokens, idx - 1) == "high";
    if (word == "noon" && !high) || word == "midday" {
        return Some((idx + 1, "12:00".to_owned()));
    }
    if word == "midnight" {
        return Some((idx + 1, "24:00".to_owned()));
    }
    // "4 in the morning", "eight in the evening".
    if lower_at(tokens, idx + 1) == "in" && lower_at(tokens, idx + 2) == "the" {
        let hour = word.parse::<u32>().ok().or_else(|| count_of(&word).flatten());
        let shift = match lower_at(tokens, idx + 3).as_str() {
            "morning" => Some(0),
            "afternoon" | "evening" => Some(12),
            _ => None,
        };
        if let (Some(hour), Some(shift)) = (hour.filter(|h| (1..=12).contains(h)), shift) {
            let hour = if hour == 12 { shift } else { hour + shift };
            return Some((idx + 4, format!("{hour:02}:00")));
        }
    }
    let (mut hour, mut minute, mut end) = (None, 0u32, idx + 1);
    if let Ok(h) = word.parse::<u32>() {
        hour = Some(h);
        if lower_at(tokens, end) == ":" {
            minute = lower_at(tokens, end + 1).parse().ok()?;
            end += 2;
            if lower_at(tokens, end) == ":" {
                end += 2;
            }
        }
    }
    let hour = hour?;
    let suffix = lower_at(tokens, end);
    let (hour, end) = match suffix.as_str() {
        "a.m." | "am" => (if hour == 12 { 0 } else { hour }, end + 1),
        "p.m." | "pm" => (if hour == 12 { 12 } else { hour + 12 }, end + 1),
        _ if end > idx + 1 => (hour, end),
        _ => return None,
    };
    (hour <= 24 && minute < 60).then(|| (end, format!("{hour:02}:{minute:02}")))
}

/// After "last", "next", "this" (0) or "past" (-2): a unit, weekday, month, season, or a count
/// and unit (a duration).
fn relative(
    tokens: &[Token<'_>],
    idx: usize,
    relation: i32,
    anchor: Option<Date>,
) -> Option<(usize, TimexKind, String)> {
    let word = lower_at(tokens, idx);
    // "the past five years", "the last two weeks", "the next couple of years": durations.
    let counted = if word == "couple" && lower_at(tokens, idx + 1) == "of" {
        Some((idx + 2, Some(2)))
    } else {
        count_of(&word).map(|count| (idx + 1, count))
    };
    if let Some((unit_at, count)) = counted.filter(|_| relation != 0) {
        if let Some((unit, is_time)) = unit_of(&lower_at(tokens, unit_at)) {
            return Some((unit_at + 1, TimexKind::Duration, period(count, unit, is_time)));
        }
    }
    let step = match relation {
        -2 => -1,
        other => other,
    };
    if let Some((unit, false)) = unit_of(&word) {
        // "the coming years", "the next few months" with the count left out: some of them ahead.
        if relation == 1 && word.ends_with('s') {
            return Some((idx + 1, TimexKind::Duration, format!("PX{unit}")));
        }
        if relation == -2 {
            // "past year", "past decade": a duration of one unit; "the past days": of some.
            let value = if word.ends_with('s') {
                format!("PX{unit}")
            } else {
                period(Some(1), unit, false)
            };
            return Some((idx + 1, TimexKind::Duration, value));
        }
        let value = anchor.and_then(|d| match unit {
            "Y" => Some((d.year() + step).to_string()),
            "M" => {
                let (y, m) = shift_month(d.year(), d.month(), step);
                Some(format!("{y}-{m:02}"))
            }
            "W" => {
                let (y, w) = iso_week(d.add_days(7 * i64::from(step))?);
                Some(format!("{y}-W{w:02}"))
            }
            "D" => d.add_days(i64::from(step)).map(date_value),
            // "this decade" is 199, "this century" 19 (their years' leading digits).
            "DE" => Some((d.year().div_euclid(10) + step).to_string()),
            "CE" => Some((d.year().div_euclid(100) + step).to_string()),
            _ => None,
        });
        let unknown = match unit {
            "Y" => "XXXX",
            "DE" => "XXX",
            "CE" => "XX",
            "M" => "XXXX-XX",
            "W" => "XXXX-WXX",
            _ => "XXXX-XX-XX",
        };
        return Some((idx + 1, TimexKind::Date, value.unwrap_or_else(|| unknown.to_owned())));
    }
    if let Some(day) = weekday_of(&word) {
        // "next Sunday, March 8": the date it gives.
        if lower_at(tokens, idx + 1) == "," {
            let direction = (step != 0).then_some(step > 0);
            if let Some(found) = month_date(tokens, idx + 2, anchor, direction)
                .filter(|(_, _, value)| value.len() == 10)
            {
                return Some(found);
            }
        }
        let value = anchor.and_then(|d| {
            let offset = day - weekday(d);
            let days = match step {
                -1 => {
                    if offset < 0 {
                        offset
                    } else {
                        offset - 7
                    }
                }
                1 => {
                    if offset > 0 {
                        offset
                    } else {
                        offset + 7
                    }
                }
                _ => offset,
            };
            d.add_days(days).map(date_value)
        });
        return Some((idx + 1, TimexKind::Date, value.unwrap_or_else(|| "XXXX-WXX-X".to_owned())));
    }
    if let Some((season, starts)) = season_of(&word) {
        // "This past spring" is the latest spring before the article's month (in October, this
        // year's); "last spring" and "next spring" name last and next year's, as the corpus
        // mostly reads them.
        let year = anchor.map(|d| match relation {
            -2 if starts < d.month() => d.year(),
            _ => d.year() + step,
        });
        let value = year.map_or_else(|| format!("XXXX-{season}"), |y| format!("{y}-{season}"));
        return Some((idx + 1, TimexKind::Date, value));
    }
    // "this March", not "this march" (a walk).
    let capitalised = tokens.get(idx).is_some_and(|t| t.text.starts_with(char::is_uppercase));
    if let Some(month) = tokens.get(idx).and_then(|t| month_of(t.text)).filter(|_| capitalised) {
        // "last Oct. 23": that day, the latest one before the article.
        let direction = (step != 0).then_some(step > 0);
        if let Some(found) =
            month_date(tokens, idx, anchor, direction).filter(|(_, _, value)| value.len() == 10)
        {
            return Some(found);
        }
        let year = anchor.map(|d| {
            let this = i32::try_from(d.month()).unwrap_or(1);
            let wanted = i32::try_from(month).unwrap_or(1);
            match step {
                -1 if wanted >= this => d.year() - 1,
                1 if wanted <= this => d.year() + 1,
                _ => d.year(),
            }
        });
        let value = year.map_or_else(|| format!("XXXX-{month:02}"), |y| format!("{y}-{month:02}"));
        return Some((idx + 1, TimexKind::Date, value));
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_paragraph_with_a_date_of_its_own_is_read_against_it() {
        use parallax_model::PublishedDate;
        let text = "Ferries stayed in port on Saturday.\nOn Saturday, crews cleared the quay.";
        let raw = crate::article::test_document(text);
        let first = Span::new(0, 35).unwrap();
        let added = Span::new(36, text.len()).unwrap();
        let cleaned = CleanDocument {
            // Friday 2 May 2031.
            published: PublishedDate::Exact(Date::from_ymd(2031, 5, 2).unwrap()),
            paragraphs: vec![first, added],
            ..crate::article::test_cleaned(&raw)
        };
        let read = |dates: &[(Span, Date)]| -> Vec<String> {
            document_times_anchored(&raw, &cleaned, None, dates)
                .into_iter()
                .map(|time| time.value)
                .collect()
        };
        assert_eq!(read(&[]), ["2031-04-26", "2031-04-26"]);
        let saturday = Date::from_ymd(2031, 5, 3).unwrap();
        assert_eq!(read(&[(added, saturday)]), ["2031-04-26", "2031-05-03"]);
    }

    #[test]
    fn a_date_in_the_dateline_is_no_event() {
        use parallax_model::{Located, PublishedDate};
        let text = "VALDREN, March 12, 2026 — The pier reopened on Thursday.";
        let raw = crate::article::test_document(text);
        let cleaned = CleanDocument {
            published: PublishedDate::Exact(Date::from_ymd(2026, 3, 12).unwrap()),
            dateline: Some(Located {
                text: "VALDREN".to_owned(),
                span: Span::new(0, "VALDREN, March 12, 2026".len()),
            }),
            ..crate::article::test_cleaned(&raw)
        };
        let read: Vec<(String, String)> = document_times(&raw, &cleaned, None)
            .into_iter()
            .map(|time| (time.text, time.value))
            .collect();
        assert_eq!(read, pairs(&[("Thursday", "2026-03-12")]));
    }

    fn values(text: &str, anchor: (i32, u32, u32)) -> Vec<(String, String)> {
        let anchor = Date::from_ymd(anchor.0, anchor.1, anchor.2);
        find_times(text, anchor)
            .into_iter()
            .map(|t| {
                let value = match t.modifier {
                    Some(m) => format!("{} {m}", t.value),
                    None => t.value,
                };
                (t.text, value)
            })
            .collect()
    }

    fn pairs(items: &[(&str, &str)]) -> Vec<(String, String)> {
        items.iter().map(|(a, b)| ((*a).to_owned(), (*b).to_owned())).collect()
    }

    #[test]
    fn relative_dates_follow_the_article_date_and_tense() {
        // Saturday 17 January 2026.
        let anchor = (2026, 1, 17);
        assert_eq!(
            values("Protesters gathered on Friday and again late last month.", anchor),
            pairs(&[("Friday", "2026-01-16"), ("late last month", "2025-12 END")])
        );
        assert_eq!(
            values("The talks will resume on Friday, officials said.", anchor),
            pairs(&[("Friday", "2026-01-23")])
        );
        assert_eq!(
            values("The blackout began on December 27 and lasted four days.", anchor),
            pairs(&[("December 27", "2025-12-27"), ("four days", "P4D")])
        );
        assert_eq!(
            values("The bridge reopened to traffic on Friday.", anchor),
            pairs(&[("Friday", "2026-01-16")])
        );
        assert_eq!(
            values("The council agreed to reopen it on Friday.", anchor),
            pairs(&[("Friday", "2026-01-23")])
        );
        assert_eq!(
            values("The sinking on Sunday may have killed hundreds.", anchor),
            pairs(&[("Sunday", "2026-01-11")])
        );
        assert_eq!(
            values("The repairs will have finished by Friday.", anchor),
            pairs(&[("Friday", "2026-01-23")])
        );
        assert_eq!(
            values("Yesterday and this week, not next year.", anchor),
            pairs(&[("Yesterday", "2026-01-16"), ("this week", "2026-W03"), ("next year", "2027")])
        );
    }

    #[test]
    fn absolute_dates_times_durations_and_references() {
        let anchor = (1998, 11, 20);
        assert_eq!(
            values("On Monday, Oct. 26 at 3:30 p.m. and on 16 January 1997 he said so.", anchor),
            pairs(&[
                ("Monday, Oct. 26", "1998-10-26"),
                ("3:30 p.m.", "1998-11-20T15:30"),
                ("16 January 1997", "1997-01-16")
            ])
        );
        assert_eq!(
            values(
                "Prices rose in the 1990s, in 1994 and over the past five years; now a decade.",
                anchor
            ),
            pairs(&[
                ("1990s", "199"),
                ("1994", "1994"),
                ("the past five years", "P5Y"),
                ("now", "PRESENT_REF"),
                ("a decade", "P10Y")
            ])
        );
        assert_eq!(
            values("It may rain in March 1999.", anchor),
            pairs(&[("March 1999", "1999-03")])
        );
        // Without a document date, what cannot be known is X.
        assert_eq!(values("He left on Friday.", (1, 1, 1)), pairs(&[("Friday", "XXXX-WXX-X")]));
    }

    #[test]
    fn compound_numbers_and_halves_in_durations() {
        let anchor = (1998, 11, 20);
        assert_eq!(
            values(
                "Rescuers worked for twenty four hours, then twenty-five days; the talk took \
                 5 1/2 hours and the vote a minute and a half, over 1 1/2 weeks.",
                anchor
            ),
            pairs(&[
                ("twenty four hours", "PT24H"),
                ("twenty-five days", "P25D"),
                ("5 1/2 hours", "PT5H30M"),
                ("a minute and a half", "PT1M30S"),
                ("1 1/2 weeks", "P1.5W")
            ])
        );
        assert_eq!(
            values(
                "It lasted two and a half years, and an hour and a half later it rained.",
                anchor
            ),
            pairs(&[("two and a half years", "P2Y6M"), ("an hour and a half", "PT1H30M")])
        );
        // "more" between count and unit, "a couple of", and the vague plural spans ahead of and
        // up to now.
        assert_eq!(
            values(
                "It needs two more weeks and a couple of years. In the coming months, and in \
                 recent days, prices rose.",
                anchor
            ),
            pairs(&[
                ("two more weeks", "P2W"),
                ("a couple of years", "P2Y"),
                ("the coming months", "PXM"),
                ("recent days", "PXD")
            ])
        );
    }

    #[test]
    fn quarters_ago_possessives_and_references() {
        // Thursday 26 October 1989.
        let anchor = (1989, 10, 26);
        assert_eq!(
            values(
                "Profit in the third quarter rose from a year earlier; Friday's vote was recently \
                 annulled.",
                anchor
            ),
            pairs(&[
                ("the third quarter", "1989-Q3"),
                ("a year earlier", "1988-Q3"),
                ("Friday's", "1989-10-20"),
                ("recently", "PAST_REF")
            ])
        );
        assert_eq!(
            values(
                "Fourth-quarter sales lagged the quarter of the fourth quarter of 1988.",
                anchor
            ),
            pairs(&[
                ("Fourth-quarter", "1989-Q4"),
                // The quarter last named.
                ("the quarter", "1989-Q4"),
                ("the fourth quarter of 1988", "1988-Q4")
            ])
        );
        // "Dec. 7" in late October is near ahead, not eleven months back.
        assert_eq!(values("The vote is on Dec. 7.", anchor), pairs(&[("Dec. 7", "1989-12-07")]));
    }

    #[test]
    fn plural_past_units_and_the_ordinal_second() {
        assert_eq!(
            values("Over the past days a second round began.", (2026, 1, 17)),
            pairs(&[("the past days", "PXD")])
        );
    }

    #[test]
    fn the_period_an_ongoing_event_has_reached() {
        // Saturday 17 January 2026: ISO week 3.
        let anchor = (2026, 1, 17);
        assert_eq!(
            values(
                "Protests have entered their third week. Shares fell for the third straight day, \
                 and the strike, now in its second month, goes on.",
                anchor
            ),
            pairs(&[
                ("third week", "2026-W03"),
                ("the third straight day", "2026-01-17"),
                ("now", "PRESENT_REF"),
                ("second month", "2026-01")
            ])
        );
        assert_eq!(
            values("It's the second day of an offensive.", anchor),
            pairs(&[("the second day", "2026-01-17")])
        );
        // Said of no present period: the day of a trial, a first year, a future step.
        assert!(
            values(
                "On the first day of the trial he spoke. In the first year sales fell. The strike \
                 will enter its fourth week. During the third week of June it rained.",
                anchor
            )
            .iter()
            .all(|(text, _)| text == "June")
        );
    }

    #[test]
    fn the_nearest_tense_cue_decides_the_direction() {
        // A paper's or a show's name is no time.
        assert_eq!(
            values("She told USA TODAY and CBS This Morning that she would run.", (2015, 11, 2)),
            pairs(&[])
        );
        // A contraction holds its auxiliary's tense.
        assert_eq!(
            values(
                "People say, 'I’ll vote for her in November.' They didn't Friday.",
                (2016, 1, 31)
            ),
            pairs(&[("November", "2016-11"), ("Friday", "2016-01-29")])
        );
        // "Ahead of" an event names one that lies ahead, past verbs before it or not.
        assert_eq!(
            values(
                "The race turned nasty ahead of New York's Tuesday primary. He spoke of a path \
                 ahead, and of polls that were ahead, on Monday.",
                (2016, 4, 15)
            ),
            pairs(&[("Tuesday", "2016-04-19"), ("Monday", "2016-04-11")])
        );
        // A month's possessive may lie ahead.
        assert_eq!(
            values("She faces Kim Orlo in November's general election.", (2016, 6, 28)),
            pairs(&[("November's", "2016-11")])
        );
        // The Sept. 11 attacks are 2001's; a Sept. 11 memorial is this year's.
        assert_eq!(
            values("After the Sept. 11 attacks, at a Sept. 11 memorial, he spoke.", (2016, 9, 12)),
            pairs(&[("Sept. 11", "2001-09-11"), ("Sept. 11", "2016-09-11")])
        );
        // A possessive is past unless a verb close before it looks ahead.
        assert_eq!(
            values(
                "He is running in Tuesday's primary. They would look for ways to get around \
                 Wednesday's ruling.",
                (2016, 6, 27)
            ),
            pairs(&[("Tuesday's", "2016-06-28"), ("Wednesday's", "2016-06-22")])
        );
        // "Can" looks ahead: "a Republican who can win in November".
        assert_eq!(
            values("He backs a Republican who can win in November.", (2016, 2, 17)),
            pairs(&[("November", "2016-11")])
        );
        // "Was set to" tells nothing of when ("is set to" looks ahead).
        assert_eq!(
            values("The fundraiser Trump was set to headline Tuesday drew few.", (2016, 5, 25)),
            pairs(&[("Tuesday", "2016-05-24")])
        );
        assert_eq!(
            values("Trump is set to headline Tuesday.", (2016, 5, 25)),
            pairs(&[("Tuesday", "2016-05-31")])
        );
        // A clause ends at "but" and, looking ahead, where a quotation opens.
        assert_eq!(
            values(
                "Obama isn't seeking re-election, but his address Sunday was firm.",
                (2015, 12, 7)
            ),
            pairs(&[("Sunday", "2015-12-06")])
        );
        assert_eq!(
            values(
                "She regrets her March comment that, “We're going to close mines.”",
                (2016, 6, 10)
            ),
            pairs(&[("March", "2016-03")])
        );
        // Without a tense, a month up to five months ahead is this year's; "since" looks back.
        assert_eq!(
            values("A key factor in November. Posts since June: 5,000.", (2016, 6, 28)),
            pairs(&[("November", "2016-11"), ("June", "2016-06")])
        );
        assert_eq!(
            values("He has posted 5,000 times since June.", (2016, 1, 19)),
            pairs(&[("June", "2015-06")])
        );
        // A named day is no weekday.
        assert_eq!(
            values("Sales peak on Black Friday; the vote is on Super Tuesday.", (2015, 11, 2)),
            pairs(&[])
        );
        // A past date ten months back; a plan named as a thing is no cue; "between now and".
        let anchor = (1989, 10, 31);
        assert_eq!(
            values("In the year ended Jan. 31, sales rose.", anchor),
            pairs(&[("the year", "P1Y"), ("Jan. 31", "1989-01-31")])
        );
        assert_eq!(
            values("The thrift announced the plan Aug. 21.", anchor),
            pairs(&[("Aug. 21", "1989-08-21")])
        );
        assert_eq!(
            values("He has to win, said his aide, between now and March.", anchor),
            pairs(&[("now", "PRESENT_REF"), ("March", "1990-03")])
        );
        // Wednesday 15 August 1990.
        let anchor = (1990, 8, 15);
        assert_eq!(
            values(
                "The king met Monday with envoys. The monarch will meet Bush on Thursday.",
                anchor
            ),
            pairs(&[("Monday", "1990-08-13"), ("Thursday", "1990-08-16")])
        );
        // A far cue ("would") loses to a near one ("attended"); a possessive is past.
        assert_eq!(
            values(
                "Aides said they would act, and Castro attended a rally Thursday to protest \
                 Tuesday's ruling.",
                anchor
            ),
            pairs(&[("Thursday", "1990-08-09"), ("Tuesday's", "1990-08-14")])
        );
        assert_eq!(
            values("The team planned to leave Nairobi on Friday, as early as Sunday.", anchor),
            pairs(&[("Friday", "1990-08-17"), ("Sunday", "1990-08-19")])
        );
        // Without a cue a month is the nearest one; "agreed to buy" points ahead.
        assert_eq!(
            values(
                "Prices peaked in March. The firm agreed to buy the unit in January.",
                (1989, 10, 30)
            ),
            pairs(&[("March", "1989-03"), ("January", "1990-01")])
        );
        // A cue after the expression dates the act it names: the trying and the planning were
        // on Friday; "plans" and "is to" still point ahead.
        assert_eq!(
            values(
                "The general on Friday tried to scare his rivals. On Friday, the ministry \
                 planned to pay the claims. On Thursday, the league plans to hold a rally. \
                 Trading is to resume Tuesday.",
                anchor
            ),
            pairs(&[
                ("Friday", "1990-08-10"),
                ("Friday", "1990-08-10"),
                ("Thursday", "1990-08-16"),
                ("Tuesday", "1990-08-21")
            ])
        );
        // Ages and names are no time expressions.
        assert_eq!(
            values("Jan Kavan, 52 years old, left in Jan. 1999; the firm is years old.", anchor),
            pairs(&[("Jan. 1999", "1999-01")])
        );
        // A participle after an auxiliary and an "-ed" adjective leave the tense to the verb
        // before them; "expects" points ahead; a past verb puts a later month in last year.
        assert_eq!(
            values(
                "The split would be paid on a still unspecified date in January. The firm \
                 expects results in November. The board changed its year in December.",
                (1989, 10, 26)
            ),
            pairs(&[("January", "1990-01"), ("November", "1989-11"), ("December", "1988-12")])
        );
        // A plan that "had been due" is over; a deadline "until" lies ahead, but a sentence
        // opening "Until Thursday" looks back.
        assert_eq!(
            values(
                "The offer had been due to expire Friday. Officials extended it until 9 a.m. \
                 Monday. Until Tuesday, they had not named him.",
                anchor
            ),
            pairs(&[
                ("Friday", "1990-08-10"),
                ("9 a.m. Monday", "1990-08-20T09:00"),
                ("Tuesday", "1990-08-14")
            ])
        );
        // A stated tense points at most about ten months away.
        assert_eq!(
            values("The paper said in an editorial on Monday, Oct. 26: no.", (1998, 10, 25)),
            pairs(&[("Monday, Oct. 26", "1998-10-26")])
        );
        assert_eq!(
            values("Revenue for the year ended March 31 rose.", (1989, 11, 1)),
            pairs(&[("the year", "P1Y"), ("March 31", "1989-03-31")])
        );
    }

    #[test]
    fn parts_of_day_clock_times_with_days_and_sets() {
        // Friday 7 January 2000.
        let anchor = (2000, 1, 7);
        assert_eq!(
            values("Crowds rallied Wednesday night and this morning; he spoke last night.", anchor),
            pairs(&[
                ("Wednesday night", "2000-01-05TNI"),
                ("this morning", "2000-01-07TMO"),
                ("last night", "2000-01-06TNI")
            ])
        );
        assert_eq!(
            values("The offer was extended until 5 p.m. EST, Jan. 14 and noon Thursday.", anchor),
            pairs(&[
                ("5 p.m. EST, Jan. 14", "2000-01-14T17:00"),
                ("noon Thursday", "2000-01-06T12:00")
            ])
        );
        // The wires' local time, then GMT in parentheses, then the day: the day is the time's.
        assert_eq!(
            values("The quake struck at 10:35 a.m. (0335 GMT) Wednesday.", anchor),
            pairs(&[("10:35 a.m.", "2000-01-05T10:35"), ("Wednesday", "2000-01-05")])
        );
        assert_eq!(
            values("They gather daily and vote every year; he works each day.", anchor),
            pairs(&[("daily", "P1D"), ("every year", "P1Y"), ("each day", "P1D")])
        );
        let kinds: Vec<&str> =
            find_times("They gather daily.", None).iter().map(|t| t.kind.as_str()).collect();
        assert_eq!(kinds, ["SET"]);
    }

    #[test]
    fn hyphenated_words_spoken_years_weekends_and_possessive_units() {
        // Monday 13 August 1990.
        let anchor = (1990, 8, 13);
        assert_eq!(
            values(
                "After a 16-hour flight and a two-year plan, the mid-November talks began.",
                anchor
            ),
            pairs(&[("16-hour", "PT16H"), ("two-year", "P2Y"), ("mid-November", "1990-11")])
        );
        assert_eq!(
            values("In nineteen ninety-six and nineteen eighty they voted.", anchor),
            pairs(&[("nineteen ninety-six", "1996"), ("nineteen eighty", "1980")])
        );
        assert_eq!(
            values("The envoy said over the weekend that last month's talks failed.", anchor),
            pairs(&[("the weekend", "1990-W32-WE"), ("last month's", "1990-07")])
        );
        assert_eq!(
            values("In June last year the party split.", anchor),
            pairs(&[("June last year", "1989-06")])
        );
    }

    #[test]
    fn quarters_of_named_years_decades_in_years_and_vague_pasts() {
        // Monday 13 August 1990.
        let anchor = (1990, 8, 13);
        assert_eq!(
            values(
                "Sales beat the 1988 third quarter, this year's second quarter and next year's \
                 first quarter.",
                anchor
            ),
            pairs(&[
                ("the 1988 third quarter", "1988-Q3"),
                ("this year's second quarter", "1990-Q2"),
                ("next year's first quarter", "1991-Q1")
            ])
        );
        assert_eq!(
            values("The feud of two decades ended; a century passed.", anchor),
            pairs(&[("two decades", "P20Y"), ("a century", "P100Y")])
        );
        assert_eq!(
            values("In recent weeks and months, as several years ago, prices rose.", anchor),
            pairs(&[("recent weeks and months", "PAST_REF"), ("several years ago", "PAST_REF")])
        );
    }

    #[test]
    fn vague_references_decades_in_words_and_the_spoken_millennium() {
        let anchor = (1998, 3, 5);
        assert_eq!(
            values(
                "These days prices hold; in the near future, and over the short term, they may \
                 fall, as in the nineties, before the year two thousand.",
                anchor
            ),
            pairs(&[
                ("These days", "PRESENT_REF"),
                ("the near future", "FUTURE_REF"),
                ("the short term", "FUTURE_REF"),
                ("the nineties", "199"),
                ("the year two thousand", "2000"),
            ])
        );
        // A near miss is not a time: "the near side", "the year two", "this march".
        assert!(values("He stood on the near side in the year two.", anchor).is_empty());
        assert!(values("Police said this march was peaceful.", anchor).is_empty());
        // This decade and century by their leading digits; the past century is a duration.
        assert_eq!(
            values(
                "The worst flood this century, and of this decade, hit over the past century.",
                anchor
            ),
            pairs(&[("this century", "19"), ("this decade", "199"), ("the past century", "P100Y")])
        );
    }

    #[test]
    fn holidays_seasons_current_and_year_ago_quarters() {
        // Thursday 6 January 2000.
        let anchor = (2000, 1, 6);
        assert_eq!(
            values(
                "The boy was found on Thanksgiving Day; talks will resume in the summer.",
                anchor
            ),
            pairs(&[("Thanksgiving Day", "1999-11-25"), ("the summer", "2000-SU")])
        );
        // Halves of a year, a date's week, a month with a spoken year; a half alone is left.
        assert_eq!(
            values(
                "Sales rose the week of March 6, in the first half of 1990, the last half of \
                 the year and January nineteen ninety-seven, but not in the first half.",
                (1990, 10, 26)
            ),
            pairs(&[
                ("the week of March 6", "1990-W10"),
                ("the first half of 1990", "1990-H1"),
                ("the last half of the year", "1990-H2"),
                ("January nineteen ninety-seven", "1997-01")
            ])
        );
        // "This past spring" in October is this year's; "last spring" last year's.
        assert_eq!(
            values("Sales fell this past spring, as they did last spring.", (1989, 10, 26)),
            pairs(&[("past spring", "1989-SP"), ("last spring", "1988-SP")])
        );
        assert_eq!(
            values("Prices were low in the winter of 1994 and are current.", anchor),
            pairs(&[("the winter of 1994", "1994-WI"), ("current", "PRESENT_REF")])
        );
        // An earnings report: "a year earlier" is the same quarter of the year before.
        assert_eq!(
            values(
                "Profit rose in the third quarter from a year earlier and from the year-ago \
                 period.",
                (1989, 10, 26)
            ),
            pairs(&[
                ("the third quarter", "1989-Q3"),
                ("a year earlier", "1988-Q3"),
                ("year-ago period", "1988-Q3")
            ])
        );
        assert_eq!(
            values("He left a year earlier.", (1989, 10, 26)),
            pairs(&[("a year earlier", "1988")])
        );
    }

    #[test]
    fn computed_holidays_centuries_and_year_ends() {
        // Monday 26 October 1998: Election Day is Tuesday 3 November.
        let anchor = (1998, 10, 26);
        assert_eq!(
            values("The vote comes on Election Day, as it did in the 20th century.", anchor),
            pairs(&[("Election Day", "1998-11-03"), ("the 20th century", "19")])
        );
        // Easter 2000 fell on 23 April, in ISO week 16; Good Friday two days before it.
        assert_eq!(
            values("Crowds gathered as Easter week began and again on Good Friday.", (2000, 4, 17)),
            pairs(&[("Easter week", "2000-W16"), ("Good Friday", "2000-04-21")])
        );
        assert_eq!(values("They sailed to Easter Island.", (2000, 4, 17)), pairs(&[]));
        assert_eq!(
            values("Think of Carter in Iowa 1976 and the year 2000.", anchor),
            pairs(&[("1976", "1976"), ("2000", "2000")])
        );
        assert_eq!(
            values("The temple dates from the eleventh century.", anchor),
            pairs(&[("the eleventh century", "10")])
        );
        // A year-end ahead is this year's, one looked back on last year's; "year-end bonus" is
        // an adjective.
        let anchor = (1989, 10, 26);
        assert_eq!(
            values("The bank expects to close the deal by year-end.", anchor),
            pairs(&[("year-end", "1989-12-31")])
        );
        assert_eq!(
            values("Shares are up 12% since year-end.", anchor),
            pairs(&[("year-end", "1988-12-31")])
        );
        assert_eq!(
            values("Rules should be in place by year's end.", anchor),
            pairs(&[("year's end", "1989-12-31")])
        );
        assert_eq!(values("Staff got a year-end bonus.", anchor), pairs(&[]));
        assert_eq!(
            values("Sales grew in the current fiscal year.", anchor),
            pairs(&[("the current fiscal year", "1989")])
        );
    }

    #[test]
    fn quarters_ordinal_days_clock_words_and_names() {
        let anchor = (1989, 10, 26);
        // Quarters as a unit, only in the plural and not as a fraction.
        assert_eq!(
            values(
                "It lost money in the past two quarters, after several quarters of losses, \
                 though three quarters of its stores are profitable.",
                anchor
            ),
            pairs(&[("the past two quarters", "P2Q"), ("several quarters", "PXQ")])
        );
        assert_eq!(
            values("Profit fell two quarters ago.", anchor),
            pairs(&[("two quarters ago", "1989-Q2")])
        );
        // Trading days, an additional unit, a couple of years, "or so".
        assert_eq!(
            values(
                "Eight trading days later the loan ran for an additional year and may run \
                 the next couple of years.",
                anchor
            ),
            pairs(&[
                ("Eight trading days", "P8D"),
                ("an additional year", "P1Y"),
                ("the next couple of years", "P2Y")
            ])
        );
        assert_eq!(
            values("The talks began a week or so ago.", anchor),
            pairs(&[("a week or so ago", "1989-W42")])
        );
        // Days as ordinals, "last" with a full date, a relative weekday with its date.
        assert_eq!(
            values(
                "The rally is set for this coming Sunday, March eighth, and the report came \
                 out last Oct. 23 and on Jan. 6th.",
                (1998, 3, 5)
            ),
            pairs(&[
                ("coming Sunday, March eighth", "1998-03-08"),
                ("last Oct. 23", "1997-10-23"),
                ("Jan. 6th", "1998-01-06")
            ])
        );
        // Clock words and the middle of a day.
        assert_eq!(
            values(
                "He will leave at 4 in the morning; the shooting stopped by mid-afternoon \
                 yesterday.",
                anchor
            ),
            pairs(&[
                ("4 in the morning", "1989-10-26T04:00"),
                ("mid-afternoon yesterday", "1989-10-25TAF")
            ])
        );
        // Names: a march, a film, a company with a year in it.
        assert_eq!(
            values(
                "Thousands joined the March for Life; the poster showed High Noon; they set \
                 up a venture called Zentrix 1980 and the Velmor 2016 Host Committee; 21st \
                 Century Fox bought it.",
                anchor
            ),
            pairs(&[])
        );
    }

    #[test]
    fn the_year_the_week_and_the_quarter_last_named() {
        let anchor = (1989, 10, 26);
        // "The year" is the article's, or a year-long period when it ends at a date.
        assert_eq!(
            values(
                "Sales for the full year will rise; in the fiscal year ended Sept. 30 they fell,                  and for the year they rose, the week's best gain.",
                anchor
            ),
            pairs(&[
                ("the full year", "1989"),
                ("the fiscal year", "P1Y"),
                ("Sept. 30", "1989-09-30"),
                ("the year", "1989"),
                ("the week's", "1989-WXX")
            ])
        );
        // "The year before" and "the week of ..." are other expressions.
        assert_eq!(values("He had left the year before.", anchor), pairs(&[]));
        // A bare "the quarter" is the quarter last named.
        assert_eq!(
            values(
                "First-quarter profit fell, the company said; in the quarter sales rose.",
                anchor
            ),
            pairs(&[("First-quarter", "1989-Q1"), ("the quarter", "1989-Q1")])
        );
        assert_eq!(
            values("Profit fell in the quarter.", anchor),
            pairs(&[("the quarter", "1989-Q3")])
        );
        // "The 1988 quarter" is the same quarter of 1988; "the latest period" the one named.
        assert_eq!(
            values(
                "Second-quarter net rose from the 1988 quarter; in the latest period sales fell.",
                anchor
            ),
            pairs(&[
                ("Second-quarter", "1989-Q2"),
                ("the 1988 quarter", "1988-Q2"),
                ("the latest period", "1989-Q2")
            ])
        );
        assert_eq!(values("He left in 1988.", anchor), pairs(&[("1988", "1988")]));
    }

    #[test]
    fn a_month_takes_the_year_its_sentence_named_before_it() {
        let anchor = (2026, 6, 10);
        assert_eq!(
            values("Engineers found corrosion last year, forcing the closure in October.", anchor),
            pairs(&[("last year", "2025"), ("October", "2025-10")])
        );
        assert_eq!(
            values("In 2019 the pier closed for repairs until early March.", anchor),
            pairs(&[("2019", "2019"), ("early March", "2019-03 START")])
        );
        // Only within the clause and the sentence, and not a month that gives its own year or
        // day.
        assert_eq!(
            values("The pier closed in 2019, and 600 ships were stuck in March.", anchor),
            pairs(&[("2019", "2019"), ("March", "2026-03")])
        );
        assert_eq!(
            values("The pier closed last year. It reopens in October.", anchor),
            pairs(&[("last year", "2025"), ("October", "2026-10")])
        );
        assert_eq!(
            values("It closed last year and reopened on March 3, 2026.", anchor),
            pairs(&[("last year", "2025"), ("March 3, 2026", "2026-03-03")])
        );
    }

    #[test]
    fn a_four_digit_number_that_counts_is_no_year() {
        let anchor = (2013, 7, 3);
        for text in [
            "The quake killed more than 1000 people.",
            "The storm killed 1500 people.",
            "About 1200 troops arrived.",
            "The town is 2000 years old.",
        ] {
            assert_eq!(values(text, anchor), pairs(&[]), "{text}");
        }
        // A number before 1500 is a year only where a word makes it one.
        assert_eq!(values("Police told 1010 WINS on the scene.", anchor), pairs(&[]));
        assert_eq!(
            values("The abbey was founded in 1066 by monks.", anchor),
            pairs(&[("1066", "1066")])
        );
        // A year that modifies the noun after it is still a year.
        assert_eq!(
            values("The 1992 protests ended. In 1995 sales rose.", anchor),
            pairs(&[("1992", "1992"), ("1995", "1995")])
        );
    }

    #[test]
    fn years_with_prefixes_a_bare_may_and_the_present_age() {
        // Sunday 1 March 1998.
        let anchor = (1998, 3, 1);
        assert_eq!(
            values("Prices rose in mid-1996, as in the mid-1990s and post-1959 politics.", anchor),
            pairs(&[("mid-1996", "1996"), ("mid-1990s", "199"), ("post-1959", "1959")])
        );
        // "May" after a word that takes a time is the month; the tense places it.
        assert_eq!(
            values(
                "The case is heard in May. Talks are supposed to conclude by May. May we?",
                anchor
            ),
            pairs(&[("May", "1998-05"), ("May", "1998-05")])
        );
        assert_eq!(values("Theresa May said no.", anchor), pairs(&[]));
        // A rate is no time ("four flights a week"); "a year earlier" after an amount is.
        assert_eq!(
            values(
                "It runs four flights a week and pays $2 million a year, up from $1 million a \
                 year earlier; talks take a week.",
                anchor
            ),
            pairs(&[("a year earlier", "1997"), ("a week", "P1W")])
        );
        // Days and months that recur.
        assert_eq!(
            values("It airs each Thursday, every July, on Sundays and on Tuesday nights.", anchor),
            pairs(&[
                ("each Thursday", "XXXX-WXX-4"),
                ("every July", "XXXX-07"),
                ("Sundays", "XXXX-WXX-7"),
                ("Tuesday nights", "XXXX-WXX-2TNI")
            ])
        );
        // "Today's youth" is the present age; "today's editions" the article's day.
        assert_eq!(
            values("It matters to today's youth, as today's editions say.", anchor),
            pairs(&[("today's", "1998-03-01")])
        );
    }

    #[test]
    fn narrative_references_count_from_the_date_last_named() {
        // Monday 30 October 1989.
        let anchor = (1989, 10, 30);
        assert_eq!(
            values(
                "The plant opened on March 3, 1985. Earlier that day the union met, and the next \
                 morning it struck; the following month it settled. Later that year, and the \
                 following year, it grew.",
                anchor
            ),
            pairs(&[
                ("March 3, 1985", "1985-03-03"),
                ("Earlier that day", "1985-03-03"),
                ("the next morning", "1985-03-04"),
                ("the following month", "1985-04"),
                ("Later that year", "1985"),
                ("the following year", "1986"),
            ])
        );
        // Without a date named before, or as a determiner of other words, no date.
        assert_eq!(values("Losses on trades made that day were large.", anchor), pairs(&[]));
        assert_eq!(
            values("On Friday, Oct. 27, that day traders sold is clear.", anchor),
            pairs(&[("Friday, Oct. 27", "1989-10-27")])
        );
        // A month named gives "that month", not "that day".
        assert_eq!(
            values("It began in June 1988; that month and that day were hot.", anchor),
            pairs(&[("June 1988", "1988-06"), ("that month", "1988-06")])
        );
    }

    #[test]
    fn a_capitalised_unit_inside_a_sentence_is_a_title_not_a_time() {
        // Saturday 17 January 2026.
        let anchor = (2026, 1, 17);
        assert_eq!(
            values("Voss told CBS's 60 Minutes on Sunday that the deal was done.", anchor),
            pairs(&[("Sunday", "2026-01-11")])
        );
        assert_eq!(values("She appeared on ABC's This Week with the mayor.", anchor), pairs(&[]));
        assert_eq!(
            values("She will appear this week and in two hours.", anchor),
            pairs(&[("this week", "2026-W03"), ("two hours", "PT2H")])
        );
        // A headline capitalises every word; a sentence capitalises its first.
        assert_eq!(
            values("Port Talks Could Resume This Week", anchor),
            pairs(&[("This Week", "2026-W03")])
        );
        assert_eq!(values("Weeks later the port reopened.", anchor), pairs(&[("Weeks", "PXW")]));
    }
}

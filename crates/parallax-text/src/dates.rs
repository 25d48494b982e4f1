use parallax_model::Date;

/// The crawler's header line ` date YYYY-MM-DD NNN`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CrawlHeader {
    /// When the page was fetched.
    pub fetched: Date,
    /// The HTTP status of the fetch.
    pub http_status: u16,
}

/// Parses a crawl header line: `date`, an ISO date and a three-digit HTTP status, separated by
/// whitespace (leading whitespace allowed).
pub fn parse_crawl_header(line: &str) -> Option<CrawlHeader> {
    let mut parts = line.split_whitespace();
    if parts.next()? != "date" {
        return None;
    }
    let date_text = parts.next()?;
    let status_text = parts.next()?;
    if parts.next().is_some() || date_text.len() != 10 || status_text.len() != 3 {
        return None;
    }
    let fetched = Date::parse_iso(date_text)?;
    let http_status: u16 = status_text.parse().ok()?;
    (100..600).contains(&http_status).then_some(CrawlHeader { fetched, http_status })
}

/// The date a file's name gives, as crawlers and archives name their files:
/// `breitbart_2016-03-11_activists.txt`, `2026_01_16-storm.html`, `20260116-storm.txt`.
///
/// Only the last part of the path is read (a folder named after a crawl day dates the crawl, not
/// the article). The year, month and day are written as `YYYY-MM-DD`, `YYYY_MM_DD` or
/// `YYYY.MM.DD` (one separator throughout) or as eight digits, and stand apart from the name's
/// other letters and digits; years outside 1900–2100 are not read. The last such date in the
/// name counts.
pub fn date_in_file_name(path: &str) -> Option<Date> {
    dates_in_file_name(file_name(path)).last().map(|found| found.2)
}

/// The outlet a file's name gives before its date, as `outlet_date_slug` names write it:
/// `breitbart_2016-03-11_activists.txt` and `wash-post_2016-09-25_court.txt` give `breitbart`
/// and `wash-post`. The name must be the prefix, an underscore, a date read as
/// [`date_in_file_name`] reads it, and more after it; the prefix holds only letters, digits, `.`
/// and `-`, with two letters or more and at most 40 characters.
pub fn outlet_in_file_name(path: &str) -> Option<&str> {
    let name = file_name(path);
    let (start, end, _) = *dates_in_file_name(name).first()?;
    let prefix = name.get(..start)?.strip_suffix('_')?;
    let allowed = |c: char| c.is_ascii_alphanumeric() || matches!(c, '.' | '-');
    let letters = prefix.chars().filter(char::is_ascii_alphabetic).count();
    let more_after = name.get(end..).is_some_and(|rest| rest.len() > 1);
    let generic = GENERIC_FILE_WORDS.contains(&prefix.to_ascii_lowercase().as_str());
    (prefix.len() <= 40 && letters >= 2 && prefix.chars().all(allowed) && more_after && !generic)
        .then_some(prefix)
}

/// Prefixes that name what a file is rather than who published it (`article_2026-01-16_3.txt`).
const GENERIC_FILE_WORDS: &[&str] = &[
    "article", "articles", "story", "stories", "news", "doc", "document", "page", "post", "file",
    "item", "text", "report", "crawl", "data", "feed", "export", "dump", "snapshot", "archive",
];

/// The last part of a path.
fn file_name(path: &str) -> &str {
    path.rsplit(['/', '\\']).next().unwrap_or(path)
}

/// Each date in a file name with its byte range, in order.
fn dates_in_file_name(name: &str) -> Vec<(usize, usize, Date)> {
    let bytes = name.as_bytes();
    let apart = |at: usize| bytes.get(at).is_none_or(|b| !b.is_ascii_alphanumeric());
    let number = |from: usize, len: usize| -> Option<u32> {
        let part = bytes.get(from..from + len)?;
        part.iter().all(u8::is_ascii_digit).then(|| std::str::from_utf8(part).ok()?.parse().ok())?
    };
    let mut found = Vec::new();
    for start in 0..bytes.len() {
        if start > 0 && !apart(start - 1) {
            continue;
        }
        let Some(year) = number(start, 4) else { continue };
        let (month, day, end) = match bytes.get(start + 4) {
            Some(&sep @ (b'-' | b'_' | b'.')) if bytes.get(start + 7) == Some(&sep) => {
                (number(start + 5, 2), number(start + 8, 2), start + 10)
            }
            _ => (number(start + 4, 2), number(start + 6, 2), start + 8),
        };
        let (Some(month), Some(day)) = (month, day) else { continue };
        if !apart(end) || !(1900..=2100).contains(&year) {
            continue;
        }
        let date = i32::try_from(year).ok().and_then(|year| Date::from_ymd(year, month, day));
        if let Some(date) = date {
            found.push((start, end, date));
        }
    }
    found
}

/// A line that is nothing but a date.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DateLine {
    /// The date read.
    pub date: Date,
    /// True when the line was damaged and repaired (a stray digit after the year).
    pub repaired: bool,
}

/// English month names, January first.
pub const MONTH_NAMES: [&str; 12] = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

/// The month number (1–12) of an English month name or its abbreviation ("Jan", "Sept.",
/// "december"), any case.
pub fn month_from_name(word: &str) -> Option<u32> {
    let word = word.trim_end_matches('.').to_lowercase();
    if word.len() < 3 {
        return None;
    }
    let idx =
        MONTH_NAMES.iter().position(|name| name.starts_with(word.as_str()) || *name == word)?;
    u32::try_from(idx + 1).ok()
}

/// Reads a year that may carry a stray digit ("20267" is a damaged 2026); `repaired` is set then.
fn read_year(digits: &str) -> Option<(i32, bool)> {
    match digits.len() {
        4 => Some((digits.parse().ok()?, false)),
        5 => Some((digits.get(..4)?.parse().ok()?, true)),
        _ => None,
    }
}

/// Parses a line that consists only of a date, optionally with a weekday and a time:
/// `16/01/2026` (day first, or month first when day first cannot be a date), `2026-01-16`,
/// `January 16, 2026`, `16 January 2026`, `Friday, 16 Jan 2026 10:30`, `16 Jan 2026 at 10:30 AM`,
/// and the same after a publishing label: `Published: 16 January 2026`, `Updated on Jan 16,
/// 2026`, `Posted 2026-01-16 10:30 GMT`. A year with one stray trailing digit is repaired.
pub fn parse_date_line(line: &str) -> Option<DateLine> {
    let line = without_date_label(line.trim());
    if line.is_empty() || line.len() > 60 {
        return None;
    }
    if let Some(found) = parse_numeric(line) {
        return Some(found);
    }
    parse_named_month(line)
}

/// Labels that may open a date line, longest first, matched case-insensitively.
const DATE_LABELS: [&str; 5] =
    ["first published", "last updated", "published", "updated", "posted"];

/// The line after a publishing label and its `:` or `on` (the line itself when it has none).
fn without_date_label(line: &str) -> &str {
    for label in DATE_LABELS {
        let Some(head) = line.get(..label.len()) else { continue };
        if !head.eq_ignore_ascii_case(label) {
            continue;
        }
        let rest = line.get(label.len()..).unwrap_or_default();
        if !rest.starts_with([':', ' ']) {
            continue;
        }
        let rest = rest.trim_start_matches([':', ' ']);
        return rest.strip_prefix("on ").unwrap_or(rest).trim_start();
    }
    line
}

fn parse_numeric(line: &str) -> Option<DateLine> {
    let first = line.split_whitespace().next()?;
    // Allow a trailing time such as "10:30" or "10:30 GMT".
    let rest_is_time = line
        .split_whitespace()
        .skip(1)
        .all(|word| word.contains(':') || word.chars().all(|ch| ch.is_ascii_uppercase()));
    if !rest_is_time {
        return None;
    }
    if let Some(date) = Date::parse_iso(first).filter(|_| first.len() == 10) {
        return Some(DateLine { date, repaired: false });
    }
    let parts: Vec<&str> = first.split(['/', '.', '-']).collect();
    let [day, month, year] = parts.as_slice() else { return None };
    if !(1..=2).contains(&day.len()) || !(1..=2).contains(&month.len()) {
        return None;
    }
    let (year, repaired) = read_year(year)?;
    let first: u32 = day.parse().ok()?;
    let second: u32 = month.parse().ok()?;
    // Day first, as most of the world writes; `4/13/2026` can only be month first.
    let date =
        Date::from_ymd(year, second, first).or_else(|| Date::from_ymd(year, first, second))?;
    Some(DateLine { date, repaired })
}

fn parse_named_month(line: &str) -> Option<DateLine> {
    let tokens: Vec<&str> = line
        .split(|ch: char| ch.is_whitespace() || ch == ',')
        .filter(|token| !token.is_empty())
        .filter(|token| {
            !token.contains(':')
                && !matches!(*token, "GMT" | "UTC" | "at")
                && !token.eq_ignore_ascii_case("am")
                && !token.eq_ignore_ascii_case("pm")
        })
        .collect();
    let weekdays = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"];
    let tokens: Vec<&str> = tokens
        .into_iter()
        .filter(|token| {
            let lower = token.trim_end_matches('.').to_lowercase();
            !weekdays
                .iter()
                .any(|day| *day == lower || (lower.len() >= 3 && day.starts_with(&lower)))
        })
        .collect();
    let [a, b, c] = tokens.as_slice() else { return None };
    let (day_text, month, year_text) = if let Some(month) = month_from_name(a) {
        (*b, month, *c)
    } else {
        (*a, month_from_name(b)?, *c)
    };
    let day: u32 = day_text.trim_end_matches(|ch: char| ch.is_alphabetic()).parse().ok()?;
    let (year, repaired) = read_year(year_text)?;
    let date = Date::from_ymd(year, month, day)?;
    Some(DateLine { date, repaired })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_names_give_their_dates() {
        let mar11 = Date::from_ymd(2016, 3, 11);
        assert_eq!(date_in_file_name("data/breitbart_2016-03-11_activists-brick-up.txt"), mar11);
        assert_eq!(date_in_file_name("2016_03_11-storm.html"), mar11);
        assert_eq!(date_in_file_name("C:\\crawl\\20160311-storm.txt"), mar11);
        assert_eq!(date_in_file_name("storm.2016.03.11.txt"), mar11);
        // The last date in the name counts: the first is often a series or an issue.
        assert_eq!(date_in_file_name("2015-01-01_update_2016-03-11.txt"), mar11);
        // Folders are not read, nor digits inside a hash or an id, nor mixed separators,
        // impossible days or far-off years.
        assert_eq!(date_in_file_name("crawl-2026-01-18/000_c56482005c8a0aab.txt"), None);
        assert_eq!(date_in_file_name("a20160311.txt"), None);
        assert_eq!(date_in_file_name("story-201603115.txt"), None);
        assert_eq!(date_in_file_name("2016-03_11.txt"), None);
        assert_eq!(date_in_file_name("2016-02-30.txt"), None);
        assert_eq!(date_in_file_name("1010-01-01.txt"), None);
        assert_eq!(date_in_file_name("report-12345678.txt"), None);
    }

    #[test]
    fn file_names_give_their_outlets_before_their_dates() {
        let outlet = outlet_in_file_name;
        assert_eq!(outlet("data/breitbart_2016-03-11_activists-brick-up.txt"), Some("breitbart"));
        assert_eq!(outlet("wash-post_2016-09-25_federal-court.txt"), Some("wash-post"));
        assert_eq!(outlet("bbc.co.uk_20160311-storm.html"), Some("bbc.co.uk"));
        // No date, nothing before it, no underscore, nothing after it, or not a name.
        assert_eq!(outlet("breitbart_activists.txt"), None);
        assert_eq!(outlet("2016-03-11_storm.txt"), None);
        assert_eq!(outlet("breitbart-2016-03-11_storm.txt"), None);
        assert_eq!(outlet("breitbart_2016-03-11"), None);
        assert_eq!(outlet("my files_2016-03-11_storm.txt"), None);
        assert_eq!(outlet("42_2016-03-11_storm.txt"), None);
        assert_eq!(outlet("article_2016-03-11_3.txt"), None);
    }
    use test_case::test_case;

    #[test_case("16/01/2026", Some(("2026-01-16", false)); "day first")]
    #[test_case("16/01/20267", Some(("2026-01-16", true)); "stray digit")]
    #[test_case("2026-01-16", Some(("2026-01-16", false)); "iso")]
    #[test_case("January 16, 2026", Some(("2026-01-16", false)); "us long")]
    #[test_case("Fri, 16 Jan 2026 10:30 GMT", Some(("2026-01-16", false)); "weekday and time")]
    #[test_case("16 January 2026", Some(("2026-01-16", false)); "day month year")]
    #[test_case("31/02/2026", None; "no such day")]
    #[test_case("Putin holds phone call", None; "prose")]
    #[test_case("May 2026 be better", None; "prose with month")]
    #[test_case("1/13/2026", Some(("2026-01-13", false)); "month first when day first cannot be")]
    #[test_case("Published: April 10, 2007", Some(("2007-04-10", false)); "published label")]
    #[test_case("UPDATED on 16 January 2026 at 10:30 AM", Some(("2026-01-16", false)); "updated on at")]
    #[test_case("Posted 2026-01-16 10:30 GMT", Some(("2026-01-16", false)); "posted iso")]
    #[test_case("Last updated: Fri, 16 Jan 2026", Some(("2026-01-16", false)); "last updated")]
    #[test_case("First published 16/01/2026", Some(("2026-01-16", false)); "first published")]
    #[test_case("Published by the Velmora Herald", None; "label before prose")]
    #[test_case("Postedness 16 January 2026", None; "label inside a word")]
    fn date_lines(line: &str, expected: Option<(&str, bool)>) {
        let found = parse_date_line(line).map(|d| (d.date.to_string(), d.repaired));
        assert_eq!(found, expected.map(|(d, r)| (d.to_owned(), r)));
    }

    #[test]
    fn crawl_headers() {
        assert!(parse_crawl_header(" date 2026-01-18 403").is_some());
        assert!(parse_crawl_header("date 2026-01-18").is_none());
        assert!(parse_crawl_header("date 2026-01-18 403 extra").is_none());
        assert!(parse_crawl_header("update 2026-01-18 200").is_none());
    }
}

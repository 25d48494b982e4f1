//! Outlet and dateline markers in the text.

/// Known agency tags whose display name differs from the tag.
const TAG_NAMES: &[(&str, &str)] = &[
    ("AP", "Associated Press"),
    ("AFP", "Agence France-Presse"),
    ("UPI", "United Press International"),
];

/// House-style datelines: a dateline whose region part is exactly this names the outlet that uses
/// the style. Documented in ARCHITECTURE.md; extend with care, each entry is a claim about an outlet.
const HOUSE_DATELINES: &[(&str, &str)] = &[("Kurdistan Region of Iraq", "Rudaw")];

/// A source tag opening a paragraph: `(MENAFN) `, `(Reuters) - `, `WASHINGTON (AP) — `.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct InlineTag {
    /// Bytes of the paragraph the tag (and any dateline before it) covers, separator included.
    pub(crate) prefix_len: usize,
    /// Byte range of the tag text inside the paragraph, parentheses included.
    pub(crate) tag_range: (usize, usize),
    /// Outlet display name.
    pub(crate) outlet: String,
    /// Dateline place before the tag, if any.
    pub(crate) place: Option<String>,
}

/// A dateline opening a paragraph: `ERBIL, Kurdistan Region of Iraq – `.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Dateline {
    /// Byte length of the place-and-region part (no separator).
    pub(crate) len: usize,
    /// The place, as written (`ERBIL`).
    pub(crate) place: String,
    /// The outlet whose house style this is, if known.
    pub(crate) house_outlet: Option<&'static str>,
    /// The date written in its place of a region, as wires write it (`WASHINGTON, Jan. 16, 2026
    /// —`).
    pub(crate) date: Option<parallax_model::Date>,
}

fn is_upper_word(word: &str) -> bool {
    word.len() >= 2
        && word.chars().all(|ch| ch.is_uppercase() || matches!(ch, '.' | '\'' | '-'))
        && word.chars().filter(|ch| ch.is_alphabetic()).count() >= 2
}

/// Length of a leading run of upper-case words ("NEW YORK") and the run, when the text opens with
/// one.
fn leading_upper_run(text: &str) -> Option<(usize, &str)> {
    let mut end = 0;
    let mut offset = 0;
    for (idx, word) in text.split(' ').enumerate() {
        let clean = word.trim_end_matches(',');
        if !is_upper_word(clean) || idx > 3 {
            break;
        }
        end = offset + clean.len();
        offset += word.len() + 1;
        if word.ends_with(',') {
            break;
        }
    }
    (end > 0).then(|| (end, text.get(..end).unwrap_or_default()))
}

/// Length of a separator (` - `, ` – `, ` — `, `: `, or plain spaces) at the start of `rest`.
fn separator_len(rest: &str) -> usize {
    let trimmed = rest.trim_start();
    let mut len = rest.len() - trimmed.len();
    for dash in ["-", "–", "—", ":", "--"] {
        if let Some(after) = trimmed.strip_prefix(dash) {
            len += dash.len() + (after.len() - after.trim_start().len());
            break;
        }
    }
    len
}

/// Finds a source tag opening `paragraph`.
pub(crate) fn inline_tag(paragraph: &str) -> Option<InlineTag> {
    let (place, tag_start) = match leading_upper_run(paragraph).or_else(|| cnn_place(paragraph)) {
        Some((end, run)) if paragraph.get(end..)?.trim_start().starts_with('(') => {
            let rest = paragraph.get(end..)?;
            (Some(run.to_owned()), end + (rest.len() - rest.trim_start().len()))
        }
        _ => (None, 0),
    };
    let after_open = paragraph.get(tag_start..)?.strip_prefix('(')?;
    let close = after_open.find(')')?;
    let inner = after_open.get(..close)?.trim();
    let plausible = (2..=24).contains(&inner.len())
        && inner.chars().next().is_some_and(char::is_uppercase)
        && inner.split_whitespace().count() <= 3
        && inner.chars().all(|ch| ch.is_alphanumeric() || matches!(ch, ' ' | '&' | '.' | '-'))
        && inner.chars().filter(|ch| ch.is_uppercase()).count() >= 1;
    if !plausible {
        return None;
    }
    let tag_end = tag_start + 1 + close + 1;
    let rest = paragraph.get(tag_end..)?;
    // The tag must be followed by prose, not end the paragraph.
    let prefix_len = tag_end + separator_len(rest);
    if prefix_len >= paragraph.len() {
        return None;
    }
    let outlet = TAG_NAMES
        .iter()
        .find(|(tag, _)| *tag == inner)
        .map_or_else(|| inner.to_owned(), |(_, name)| (*name).to_owned());
    Some(InlineTag { prefix_len, tag_range: (tag_start, tag_end), outlet, place })
}

/// CNN's house style writes its dateline's place in title case, glued to the text after the tag:
/// "Hong Kong (CNN Business)A muddled view". The place (one to three capitalised words) and its
/// length, when a `(CNN…)` tag follows it.
fn cnn_place(paragraph: &str) -> Option<(usize, &str)> {
    let open = paragraph.find(" (CNN")?;
    let place = paragraph.get(..open)?;
    let words: Vec<&str> = place.split(' ').collect();
    let title_case = (1..=3).contains(&words.len())
        && words.iter().all(|word| {
            word.chars().next().is_some_and(char::is_uppercase)
                && word.chars().all(|ch| ch.is_alphabetic() || matches!(ch, '.' | '-' | '\''))
        });
    title_case.then_some((open, place))
}

/// Finds a dateline opening `paragraph`: upper-case place words, an optional `, Region` of up to
/// six words (a date, and the agency in parentheses: "BEIJING, Aug. 11 (Xinhua) --"), then a
/// dash.
pub(crate) fn dateline(paragraph: &str) -> Option<Dateline> {
    let (run_end, place) = leading_upper_run(paragraph)?;
    if place.chars().filter(|ch| ch.is_alphabetic()).count() < 3 {
        return None;
    }
    let rest = paragraph.get(run_end..)?;
    let (region, region_len) = match rest.strip_prefix(',') {
        Some(after_comma) => {
            let dash = after_comma.find([' ', '\u{a0}']).and_then(|_| {
                ["–", "—", " - ", " --"].iter().filter_map(|d| after_comma.find(d)).min()
            })?;
            let region = after_comma.get(..dash)?.trim();
            if region.is_empty() || region.split_whitespace().count() > 6 {
                return None;
            }
            (Some(region), 1 + after_comma.get(..dash)?.trim_end().len())
        }
        None => (None, 0),
    };
    let after = rest.get(region_len..)?.trim_start();
    if !["–", "—", "-"].iter().any(|dash| after.starts_with(dash)) {
        return None;
    }
    let house_outlet = region
        .and_then(|region| HOUSE_DATELINES.iter().find(|(style, _)| *style == region))
        .map(|(_, outlet)| *outlet);
    let date = region.and_then(parallax_text::parse_date_line).map(|found| found.date);
    Some(Dateline { len: run_end + region_len, place: place.to_owned(), house_outlet, date })
}

/// The outlet named by a `Source X` / `Source: X` line of at most four words.
pub(crate) fn source_line(line: &str) -> Option<String> {
    let rest = line.strip_prefix("Source")?;
    let rest = rest.strip_prefix(':').unwrap_or(rest);
    if !rest.starts_with(char::is_whitespace) && !line.starts_with("Source:") {
        return None;
    }
    let name = rest.trim();
    let n_words = name.split_whitespace().count();
    ((1..=3).contains(&n_words) && name.chars().next().is_some_and(char::is_uppercase))
        .then(|| name.to_owned())
}

/// The host of a URL, without `www.`, as an outlet name.
pub(crate) fn url_host(url: &str) -> Option<String> {
    let after_scheme = url.split_once("://").map_or(url, |(_, rest)| rest);
    let host = after_scheme.split(['/', '?', '#']).next()?;
    let host = host.rsplit_once('@').map_or(host, |(_, host)| host);
    let host = host.split(':').next()?.trim().to_ascii_lowercase();
    let host = host.strip_prefix("www.").unwrap_or(&host).to_owned();
    (host.contains('.') && !host.starts_with('.')).then_some(host)
}

#[cfg(test)]
mod tests {
    use super::*;
    use test_case::test_case;

    #[test_case("(MENAFN) Russian President", Some(("MENAFN", 9, None)); "aggregator tag")]
    #[test_case("(AP) — The storm", Some(("Associated Press", 9, None)); "agency with dash")]
    #[test_case("LONDON (Reuters) - Prices rose", Some(("Reuters", 19, Some("LONDON"))); "dateline tag")]
    #[test_case("Hong Kong (CNN Business)A muddled view", Some(("CNN Business", 24, Some("Hong Kong"))); "cnn title-case place")]
    #[test_case("Velmor Harbour (CNN)The ferry ran", Some(("CNN", 20, Some("Velmor Harbour"))); "cnn glued")]
    #[test_case("(a small aside) then prose", None; "lowercase aside")]
    #[test_case("(MENAFN)", None; "tag alone")]
    fn inline_tags(text: &str, expected: Option<(&str, usize, Option<&str>)>) {
        let found = inline_tag(text);
        let got =
            found.as_ref().map(|tag| (tag.outlet.as_str(), tag.prefix_len, tag.place.as_deref()));
        assert_eq!(got, expected);
    }

    #[test_case("ERBIL, Kurdistan Region of Iraq – Putin spoke", Some(("ERBIL", 31, Some("Rudaw"))); "house style")]
    #[test_case("TEHRAN – Officials said", Some(("TEHRAN", 6, None)); "bare place")]
    #[test_case("NEW YORK, N.Y. - A fire", Some(("NEW YORK", 14, None)); "two words")]
    #[test_case("WASHINGTON, Jan. 16, 2026 — The Senate voted", Some(("WASHINGTON", 25, None)); "dated")]
    #[test_case("BEIJING, Aug. 11 (Xinhua) -- Officials said", Some(("BEIJING", 25, None)); "agency and double hyphen")]
    #[test_case("US officials said – nothing", None; "not a dateline")]
    #[test_case("Putin held calls", None; "prose")]
    fn datelines(text: &str, expected: Option<(&str, usize, Option<&str>)>) {
        let found = dateline(text);
        let got = found.as_ref().map(|d| (d.place.as_str(), d.len, d.house_outlet));
        assert_eq!(got, expected);
    }

    #[test]
    fn a_wire_dateline_gives_its_date() {
        let dated = dateline("WASHINGTON, Jan. 16, 2026 — The Senate voted").unwrap();
        assert_eq!(dated.date, parallax_model::Date::from_ymd(2026, 1, 16));
        let dated = dateline("GENEVA, 3 March 2025 - Talks resumed").unwrap();
        assert_eq!(dated.date, parallax_model::Date::from_ymd(2025, 3, 3));
        // A region, or a date without its year, dates nothing.
        assert_eq!(dateline("NEW YORK, N.Y. - A fire").unwrap().date, None);
        assert_eq!(dateline("LONDON, March 12 - Prices rose").unwrap().date, None);
    }

    #[test]
    fn source_lines_and_hosts() {
        assert_eq!(source_line("Source HT").as_deref(), Some("HT"));
        assert_eq!(source_line("Source: The Daily Example").as_deref(), Some("The Daily Example"));
        assert_eq!(source_line("Sources say the talks failed badly today"), None);
        assert_eq!(url_host("https://www.example.com/a/b?c").as_deref(), Some("example.com"));
        assert_eq!(url_host("not a url"), None);
    }
}

use std::collections::BTreeMap;

use parallax_model::{
    CleanDocument, Date, Located, Outlet, OutletEvidence, PageStatus, PublishedDate, RawDocument,
    Removal, RemovalReason, SourceFormat, Span,
};
use parallax_text::{
    Line, date_in_file_name, is_title_cased, lines, match_key, outlet_in_file_name,
    parse_crawl_header, parse_date_line, words,
};

use crate::outlet::{dateline, inline_tag, source_line, url_host};
use crate::patterns::{
    CHROME_PREFIX, COMMENTS_EXACT, COMMENTS_PREFIX, DISCLAIMER, DISCLAIMER_HEADING, ERROR_PAGE,
    SECTION_LABELS, contains_phrase, starts_with_phrase,
};
use crate::{Boilerplate, CleanConfig, LanguageIdentifier, normalise_language_code};

/// Error-page phrases that are too common in prose to count on a line of more than three words.
const WEAK_ERROR_PHRASES: [&str; 3] = ["sorry", "error", "oops"];
/// Longest line that error-page wording can remove.
const MAX_ERROR_LINE_WORDS: usize = 20;
/// Longest comment-widget or chrome line.
const MAX_WIDGET_LINE_WORDS: usize = 10;
/// Source tags are looked for at the start of this many first body paragraphs.
const TAG_PARAGRAPHS: usize = 3;
/// A date line may lie this many days after the fetch date (time zones) and still be believed.
const DATE_AFTER_FETCH_TOLERANCE_DAYS: i64 = 1;

/// What happens to one line.
#[derive(Debug, Clone)]
enum Verdict {
    Keep,
    Title,
    Remove(RemovalReason, String),
}

/// Cleans one document. `boilerplate` comes from [`crate::learn_boilerplate`] over the corpus
/// (pass `Boilerplate::default()` to clean a document on its own).
pub fn clean(doc: &RawDocument, boilerplate: &Boilerplate, config: &CleanConfig) -> CleanDocument {
    let all: Vec<Line<'_>> = lines(&doc.text).collect();
    // Keys ignore a leading source tag, so that "(TAG) Paragraph" and a later bare "Paragraph"
    // are recognised as the same paragraph.
    let keys: Vec<String> = all
        .iter()
        .map(|line| {
            let untagged = inline_tag(line.text)
                .and_then(|tag| line.text.get(tag.prefix_len..))
                .unwrap_or(line.text);
            match_key(untagged)
        })
        .collect();
    let mut verdicts = vec![Verdict::Keep; all.len()];
    let mut marker_outlet: Option<(String, Span)> = None;

    // Crawl header: only ever the first line.
    if let Some(header) = all.first().and_then(|line| parse_crawl_header(line.text)) {
        let detail = format!("fetched {}, HTTP {}", header.fetched, header.http_status);
        verdicts[0] = Verdict::Remove(RemovalReason::CrawlHeader, detail);
    }

    // Template rules, line by line. A "Source: X" line names the outlet only at the top: further
    // down it credits a chart's or a table's data ("Source: NATO.") and stays text.
    let header_zone: Vec<usize> =
        kept_indices(&verdicts).into_iter().take(config.header_zone_lines).collect();
    let mut in_disclaimer = false;
    for (idx, line) in all.iter().enumerate() {
        if !matches!(verdicts[idx], Verdict::Keep) {
            continue;
        }
        let key = &keys[idx];
        let n_words = if key.is_empty() { 0 } else { key.split(' ').count() };
        let rule = template_rule(line.text, key, n_words, &mut in_disclaimer, boilerplate, config)
            .filter(|(reason, _)| {
                *reason != RemovalReason::SourceTag || header_zone.contains(&idx)
            });
        if let Some((reason, detail)) = rule {
            if reason == RemovalReason::SourceTag && marker_outlet.is_none() {
                if let Some(name) = source_line(line.text) {
                    marker_outlet = Some((name, line.span));
                }
            }
            verdicts[idx] = Verdict::Remove(reason, detail);
        }
    }

    // Header zone: bylines and date lines among the first kept lines.
    let mut text_date = None;
    // A date the text states is believed unless it lies after the fetch.
    let believable = |date: Date| {
        doc.meta
            .fetched
            .is_none_or(|fetched| fetched.days_until(date) <= DATE_AFTER_FETCH_TOLERANCE_DAYS)
    };
    for idx in kept_indices(&verdicts).into_iter().take(config.header_zone_lines) {
        let text = all[idx].text;
        if let Some(found) = parse_date_line(text) {
            if believable(found.date) {
                let detail = if found.repaired {
                    format!("{} (repaired from {text})", found.date)
                } else {
                    found.date.to_string()
                };
                text_date.get_or_insert(found.date);
                verdicts[idx] = Verdict::Remove(RemovalReason::DateLine, detail);
            }
        } else if let Some(kind) = byline_kind(text) {
            verdicts[idx] = Verdict::Remove(RemovalReason::Byline, kind.to_owned());
        }
    }
    // Bylines of the "Reporting by" kind may close an article too.
    for (idx, line) in all.iter().enumerate() {
        if matches!(verdicts[idx], Verdict::Keep) && closing_byline(line.text) {
            verdicts[idx] = Verdict::Remove(RemovalReason::Byline, "credit line".to_owned());
        }
    }

    let title = find_title(doc, &all, &keys, &mut verdicts, config);
    let title_key = title.as_ref().map(|located| match_key(&located.text));

    // Repeated blocks: a paragraph kept once, at its first appearance.
    let mut first_seen: BTreeMap<&str, Span> = BTreeMap::new();
    for idx in kept_indices(&verdicts) {
        let key = keys[idx].as_str();
        if key.split(' ').count() < config.min_repeat_words {
            continue;
        }
        if title_key.as_deref() == Some(key) {
            verdicts[idx] =
                Verdict::Remove(RemovalReason::RepeatedTitle, "copy of the title".to_owned());
        } else if let Some(first) = first_seen.get(key) {
            verdicts[idx] =
                Verdict::Remove(RemovalReason::RepeatedBlock, format!("first seen at {first}"));
        } else {
            first_seen.insert(key, all[idx].span);
        }
    }

    // Assemble paragraphs; trim source tags and note the dateline on the first paragraphs.
    let mut removals = Vec::new();
    let mut paragraphs = Vec::new();
    let mut dateline_found = None;
    let mut dateline_date = None;
    let mut house_outlet = None;
    for (idx, verdict) in verdicts.iter().enumerate() {
        let line = all[idx];
        match verdict {
            Verdict::Remove(reason, detail) => {
                removals.push(Removal { span: line.span, reason: *reason, detail: detail.clone() })
            }
            Verdict::Title => {}
            Verdict::Keep => {
                let mut span = line.span;
                if paragraphs.len() < TAG_PARAGRAPHS {
                    if let Some(tag) = inline_tag(line.text) {
                        let tag_span = Span::new(span.start(), span.start() + tag.prefix_len)
                            .expect("invariant: a prefix starts where its line starts");
                        let outlet_span = Span::new(
                            span.start() + tag.tag_range.0,
                            span.start() + tag.tag_range.1,
                        )
                        .expect("invariant: the tag lies inside its prefix");
                        if marker_outlet.is_none() {
                            marker_outlet = Some((tag.outlet.clone(), outlet_span));
                        }
                        if let (Some(place), None) = (&tag.place, &dateline_found) {
                            dateline_found =
                                Some(Located { text: place.clone(), span: Some(tag_span) });
                        }
                        removals.push(Removal {
                            span: tag_span,
                            reason: RemovalReason::SourceTag,
                            detail: format!("outlet {}", tag.outlet),
                        });
                        span = Span::new(tag_span.end(), span.end())
                            .expect("invariant: a prefix is shorter than its line");
                    }
                }
                // Markup left in a text file ("<tweet id=…>" … "</tweet>") is no article text.
                let text = span.slice(&doc.text).unwrap_or_default();
                let lead = leading_markup(text);
                let trail = trailing_markup(text).filter(|&at| at >= lead).unwrap_or(text.len());
                if lead > 0 || trail < text.len() {
                    let inner = text.get(lead..trail).unwrap_or_default();
                    let pieces = if inner.chars().any(char::is_alphanumeric) {
                        [(0, lead), (trail, text.len())]
                    } else {
                        [(0, text.len()), (0, 0)]
                    };
                    for (from, to) in pieces.into_iter().filter(|(from, to)| to > from) {
                        let removed = Span::new(span.start() + from, span.start() + to)
                            .expect("invariant: markup lies inside its line");
                        removals.push(Removal {
                            span: removed,
                            reason: RemovalReason::PageChrome,
                            detail: "markup tags".to_owned(),
                        });
                    }
                    if !inner.chars().any(char::is_alphanumeric) {
                        continue;
                    }
                    span = Span::new(span.start() + lead, span.start() + trail)
                        .expect("invariant: the text between tags lies inside its line");
                }
                if paragraphs.is_empty() && dateline_found.is_none() {
                    let text = span.slice(&doc.text).unwrap_or_default();
                    if let Some(found) = dateline(text) {
                        let place_span = Span::new(span.start(), span.start() + found.len)
                            .expect("invariant: a dateline lies inside its paragraph");
                        house_outlet = found.house_outlet.map(|name| (name.to_owned(), place_span));
                        dateline_date = found.date.filter(|date| believable(*date));
                        dateline_found =
                            Some(Located { text: found.place, span: Some(place_span) });
                    }
                }
                paragraphs.push(span);
            }
        }
    }
    removals.sort_by_key(|removal| (removal.span.start(), removal.span.end()));

    let outlet = choose_outlet(doc, marker_outlet, house_outlet);
    let published = match (
        doc.meta.published.or(text_date).or(dateline_date).or_else(|| named_date(doc)),
        doc.meta.fetched,
    ) {
        (Some(date), _) => PublishedDate::Exact(date),
        (None, Some(fetched)) => PublishedDate::OnOrBefore(fetched),
        (None, None) => PublishedDate::Unknown,
    };
    let n_words: usize =
        paragraphs.iter().map(|span| words(span.slice(&doc.text).unwrap_or_default()).len()).sum();
    // Words of a title found in the text itself (a feed record whose text is only its headline).
    let title_words = title
        .as_ref()
        .filter(|title| title.span.is_some())
        .map_or(0, |title| words(&title.text).len());
    let (status, status_detail) = page_status(doc, &removals, n_words, title_words, config);
    let language = doc.meta.language.as_deref().and_then(normalise_language_code).or_else(|| {
        let kept = paragraphs.iter().filter_map(|span| span.slice(&doc.text));
        LanguageIdentifier::new(&config.languages).identify_parts(kept)
    });
    CleanDocument {
        doc_id: doc.id.clone(),
        status,
        status_detail,
        title,
        outlet,
        published,
        dateline: dateline_found,
        paragraphs,
        removals,
        language,
    }
}

/// The path of a document that is a whole file (a text file or an HTML page), not a WARC or
/// feed record, whose container's name says nothing of its articles.
fn whole_file_name(doc: &RawDocument) -> Option<&str> {
    let whole_file = match doc.format {
        SourceFormat::Text => true,
        SourceFormat::Html => !doc.source.contains('#'),
        SourceFormat::Jsonl | SourceFormat::Feed => false,
    };
    whole_file.then_some(doc.source.as_str())
}

/// The publication date the name of a whole file ([`whole_file_name`]) gives
/// ([`parallax_text::date_in_file_name`]). A date after the fetch date is not believed.
fn named_date(doc: &RawDocument) -> Option<Date> {
    let date = whole_file_name(doc).and_then(date_in_file_name)?;
    doc.meta.fetched.is_none_or(|fetched| fetched.days_until(date) <= 0).then_some(date)
}

fn kept_indices(verdicts: &[Verdict]) -> Vec<usize> {
    verdicts
        .iter()
        .enumerate()
        .filter(|(_, verdict)| matches!(verdict, Verdict::Keep))
        .map(|(idx, _)| idx)
        .collect()
}

fn template_rule(
    text: &str,
    key: &str,
    n_words: usize,
    in_disclaimer: &mut bool,
    boilerplate: &Boilerplate,
    config: &CleanConfig,
) -> Option<(RemovalReason, String)> {
    if n_words <= MAX_ERROR_LINE_WORDS {
        let strong = ERROR_PAGE
            .iter()
            .filter(|phrase| !WEAK_ERROR_PHRASES.contains(phrase))
            .find(|phrase| contains_phrase(key, phrase));
        let weak = (n_words <= 3)
            .then(|| WEAK_ERROR_PHRASES.iter().find(|phrase| contains_phrase(key, phrase)))
            .flatten();
        if let Some(phrase) = strong.or(weak) {
            return Some((RemovalReason::ErrorPage, format!("matched \"{phrase}\"")));
        }
    }
    if DISCLAIMER_HEADING.contains(&key) {
        *in_disclaimer = true;
        return Some((RemovalReason::LegalDisclaimer, "disclaimer heading".to_owned()));
    }
    let disclaimer_hits: Vec<&str> =
        DISCLAIMER.iter().copied().filter(|phrase| contains_phrase(key, phrase)).collect();
    if disclaimer_hits.len() >= 2 || (*in_disclaimer && !disclaimer_hits.is_empty()) {
        return Some((
            RemovalReason::LegalDisclaimer,
            format!("matched \"{}\"", disclaimer_hits.join("\", \"")),
        ));
    }
    *in_disclaimer = false;
    if n_words <= MAX_WIDGET_LINE_WORDS {
        if COMMENTS_EXACT.contains(&key)
            || COMMENTS_PREFIX.iter().any(|p| starts_with_phrase(key, p))
        {
            return Some((RemovalReason::CommentsWidget, String::new()));
        }
        if let Some(prefix) = CHROME_PREFIX.iter().find(|p| starts_with_phrase(key, p)) {
            return Some((RemovalReason::PageChrome, format!("matched \"{prefix}\"")));
        }
        if SECTION_LABELS.contains(&key) && !text.chars().any(char::is_lowercase) {
            return Some((RemovalReason::PageChrome, "section label".to_owned()));
        }
    }
    if let Some(name) = source_line(text) {
        return Some((RemovalReason::SourceTag, format!("outlet {name}")));
    }
    if n_words >= config.min_repeat_words {
        if let Some(count) = boilerplate.lookup(key) {
            return Some((
                RemovalReason::OutletBoilerplate,
                format!("seen in {count} unrelated documents"),
            ));
        }
    }
    None
}

/// The length of the markup tag opening `text`: `<`, an optional `/`, a name of ASCII letters,
/// digits, `-` or `:`, then nothing, a `/` or attributes (`name="…"`) up to `>`. "<The Palace:
/// Tale of Jang Noksu>", a title in angle brackets, is no tag.
fn tag_length(text: &str) -> Option<usize> {
    let rest = text.strip_prefix('<')?;
    let close = rest.find('>')?;
    let inside = rest.get(..close)?;
    let body = inside.strip_prefix('/').unwrap_or(inside);
    let name_len = body
        .find(|c: char| !(c.is_ascii_alphanumeric() || matches!(c, '-' | ':')))
        .unwrap_or(body.len());
    let (name, attributes) = body.split_at_checked(name_len)?;
    let attributes = attributes.trim();
    let well_formed = name.starts_with(|c: char| c.is_ascii_alphabetic())
        && !inside.contains('<')
        && (attributes.is_empty() || attributes == "/" || attributes.contains('='));
    well_formed.then_some(close + 2)
}

/// Bytes of the markup tags (and the white space after them) opening a line.
fn leading_markup(text: &str) -> usize {
    let mut at = 0;
    while let Some(len) = text.get(at..).and_then(tag_length) {
        at += len;
        let rest = text.get(at..).unwrap_or_default();
        at += rest.len() - rest.trim_start().len();
    }
    at
}

/// Where the markup tags closing a line start (a full stop or comma after them goes too).
fn trailing_markup(text: &str) -> Option<usize> {
    let mut end =
        text.trim_end_matches(|c: char| c.is_whitespace() || matches!(c, '.' | ',' | ';')).len();
    let mut start = None;
    while text.get(..end).is_some_and(|before| before.ends_with('>')) {
        let open = text.get(..end)?.rfind('<')?;
        if tag_length(text.get(open..end)?) != Some(end - open) {
            break;
        }
        start = Some(open);
        end = text.get(..open)?.trim_end().len();
    }
    start
}

/// Bylines in the header zone: `By Jane Doe`, or bare initials such as `M.U.H` (runs of at most
/// three capitals: "FULL TEXT." is a label, not initials).
fn byline_kind(text: &str) -> Option<&'static str> {
    let n_words = text.split_whitespace().count();
    let initials = (2..=12).contains(&text.len())
        && text.contains('.')
        && text.chars().all(|ch| ch.is_uppercase() || ch == '.' || ch == ' ')
        && text.chars().filter(|ch| ch.is_alphabetic()).count() >= 2
        && text.split(['.', ' ']).all(|run| run.chars().count() <= 3);
    if initials {
        return Some("initials");
    }
    let rest = text.strip_prefix("By ").or_else(|| text.strip_prefix("BY "))?;
    let names_capitalised = rest
        .split_whitespace()
        .filter(|word| !matches!(*word, "and" | "&" | "in" | "|" | "-" | "–"))
        .all(|word| word.chars().next().is_some_and(|ch| ch.is_uppercase() || ch == ','));
    ((2..=8).contains(&n_words) && names_capitalised).then_some("by-line")
}

/// Credit lines such as `Reporting by Jane Doe; Editing by John Roe`.
fn closing_byline(text: &str) -> bool {
    let n_words = text.split_whitespace().count();
    n_words <= 16
        && ["Reporting by ", "Reported by ", "Written by ", "Additional reporting by "]
            .iter()
            .any(|prefix| text.starts_with(prefix))
}

/// A line that can be a title: short, not ending as a clause does; a full stop only after a
/// headline in title case ("Clinton Hid Past Health Problems From Public, Doctor Says.", as some
/// sites and corpora write them).
fn is_title_like(text: &str, config: &CleanConfig) -> bool {
    let n_words = text.split_whitespace().count();
    (1..=config.max_title_words).contains(&n_words)
        && !text.ends_with([',', ';'])
        && (!text.ends_with('.') || is_title_cased(text))
}

/// Most words a headline written as a sentence has ("Judge rejects New York Times request to
/// unseal Trump divorce file.").
const HEADLINE_SENTENCE_WORDS: usize = 14;

/// A first line that ends with a full stop (or, before a deck, a semicolon) in sentence case and
/// is still a headline: short (at most [`HEADLINE_SENTENCE_WORDS`] words) before body text, a
/// paragraph of 20 words or more and at least six words longer, right after it or after one
/// short deck line. Text dumps write "Headline.\n\nFirst paragraph …" and "Headline;\nDeck.\n
/// \nFirst paragraph …". A lead sentence is rarely that short, and one that is still opens the
/// article as its title. `following`: the next lines.
fn is_headline_sentence(line: &str, following: &[&str]) -> bool {
    let words = |text: &str| text.split_whitespace().count();
    let n_words = words(line);
    let line = line.trim_end();
    let body_follows = |body: &str| words(body) >= 20 && words(body) >= n_words + 6;
    let (body_next, body_after_deck) = match following {
        [next, after, ..] => (body_follows(next), words(next) <= 20 && body_follows(after)),
        [next] => (body_follows(next), false),
        [] => (false, false),
    };
    (3..=HEADLINE_SENTENCE_WORDS).contains(&n_words)
        && ((line.ends_with('.') && (body_next || body_after_deck))
            || (line.ends_with(';') && body_after_deck))
}

/// Key `a` is a truncation of key `b` (or equal): `a` is a prefix of `b` cut anywhere, even mid-word,
/// and covers at least half of `b`.
fn is_truncation_of(a: &str, b: &str) -> bool {
    !a.is_empty() && b.starts_with(a) && a.len() * 2 >= b.len()
}

/// Picks the title and marks copies and truncated copies of it as `repeated-title`.
fn find_title(
    doc: &RawDocument,
    all: &[Line<'_>],
    keys: &[String],
    verdicts: &mut [Verdict],
    config: &CleanConfig,
) -> Option<Located> {
    let zone: Vec<usize> =
        kept_indices(verdicts).into_iter().take(config.header_zone_lines).collect();
    // A given title that is only a date ("Friday , March 08 , 2013", as feeds that take a
    // page's first line for its title give) is no title.
    let given = doc.meta.title.as_deref().map(str::trim);
    if let Some(given) = given.filter(|t| !t.is_empty() && parse_date_line(t).is_none()) {
        let given_key = match_key(given);
        let mut span = None;
        for &idx in &zone {
            if keys[idx] == given_key && span.is_none() {
                span = Some(all[idx].span);
                verdicts[idx] = Verdict::Title;
            } else if is_truncation_of(&keys[idx], &given_key) {
                let what = if keys[idx] == given_key { "copy" } else { "truncated copy" };
                verdicts[idx] =
                    Verdict::Remove(RemovalReason::RepeatedTitle, format!("{what} of the title"));
            }
        }
        return Some(Located { text: given.to_owned(), span });
    }
    // No given title: the first kept line is the title when it reads like one and is followed by
    // body text; neighbouring copies or truncations of it merge into it, the longest one winning.
    let first = *zone.first()?;
    let following: Vec<&str> = zone.iter().skip(1).take(2).map(|&idx| all[idx].text).collect();
    let headline =
        is_title_like(all[first].text, config) || is_headline_sentence(all[first].text, &following);
    if !headline || kept_indices(verdicts).len() < 2 {
        return None;
    }
    let mut group = vec![first];
    for &idx in zone.iter().skip(1) {
        let related = group.iter().any(|&member| {
            is_truncation_of(&keys[idx], &keys[member])
                || is_truncation_of(&keys[member], &keys[idx])
        });
        if related && is_title_like(all[idx].text, config) {
            group.push(idx);
        } else {
            break;
        }
    }
    let best = *group.iter().max_by_key(|&&idx| (keys[idx].len(), std::cmp::Reverse(idx)))?;
    for &idx in &group {
        verdicts[idx] = if idx == best {
            Verdict::Title
        } else {
            let what = if keys[idx] == keys[best] { "copy" } else { "truncated copy" };
            Verdict::Remove(RemovalReason::RepeatedTitle, format!("{what} of the title"))
        };
    }
    // The semicolon before a deck is no part of the headline, nor is a full stop (some crawls
    // end every title line with one) unless it closes an abbreviation ("… in the U.S.").
    let text = all[best].text.trim_end().trim_end_matches(';').trim_end();
    let text = text.strip_suffix('.').filter(|rest| !ends_in_abbreviation(rest)).unwrap_or(text);
    let span = Span::new(all[best].span.start(), all[best].span.start() + text.len());
    Some(Located { text: text.to_owned(), span })
}

/// Whether a text whose final full stop was cut ends with an abbreviation that needs it: a
/// word with a full stop inside ("U.S"), a single letter ("Harry S"), or a short form such as
/// "Inc", "Jr" or "vs".
fn ends_in_abbreviation(text: &str) -> bool {
    const SHORT_FORMS: &[&str] =
        &["inc", "co", "corp", "ltd", "jr", "sr", "st", "vs", "no", "dr", "mr", "mrs", "ms", "etc"];
    let last = text.rsplit(char::is_whitespace).next().unwrap_or_default();
    last.contains('.')
        || last.chars().count() == 1
        || SHORT_FORMS.contains(&last.to_lowercase().as_str())
}

fn choose_outlet(
    doc: &RawDocument,
    marker: Option<(String, Span)>,
    house: Option<(String, Span)>,
) -> Outlet {
    if let Some(name) = doc.meta.outlet.as_deref().map(str::trim).filter(|name| !name.is_empty()) {
        // A site name given as an address ("https://www.hawaiinewsnow.com") is its host.
        let address = name.starts_with("http://") || name.starts_with("https://");
        let name = if address {
            url_host(name).unwrap_or_else(|| name.to_owned())
        } else {
            name.to_owned()
        };
        return Outlet { name, evidence: OutletEvidence::Metadata };
    }
    if let Some(host) = doc.meta.url.as_deref().and_then(url_host) {
        return Outlet { name: host, evidence: OutletEvidence::Url };
    }
    if let Some((name, span)) = marker {
        return Outlet { name, evidence: OutletEvidence::Marker(span) };
    }
    if let Some((name, span)) = house {
        return Outlet { name, evidence: OutletEvidence::Dateline(span) };
    }
    if let Some(name) = whole_file_name(doc).and_then(outlet_in_file_name) {
        return Outlet { name: name.to_owned(), evidence: OutletEvidence::FileName };
    }
    Outlet::unknown()
}

fn page_status(
    doc: &RawDocument,
    removals: &[Removal],
    n_words: usize,
    title_words: usize,
    config: &CleanConfig,
) -> (PageStatus, String) {
    if let Some((status, detail)) = &doc.meta.status_hint {
        // The reader saw the whole page (markup, scripts, metadata): its verdict stands, except
        // that a page it let through may still turn out empty or short once cleaned.
        if *status != PageStatus::Ok && !(*status == PageStatus::Truncated && n_words == 0) {
            return (*status, detail.clone());
        }
    }
    let http_error = doc.meta.http_status.filter(|status| *status >= 400);
    let error_text = removals.iter().any(|removal| removal.reason == RemovalReason::ErrorPage);
    let signal = match (http_error, error_text) {
        (Some(status), true) => Some(format!("HTTP {status} with error-page text")),
        (Some(status), false) => Some(format!("HTTP {status}")),
        (None, true) => Some("error-page text".to_owned()),
        (None, false) => None,
    };
    match signal {
        Some(signal) if n_words < config.min_article_words => {
            (PageStatus::ErrorPage, format!("{signal}; only {n_words} words of article text"))
        }
        Some(signal) => {
            (PageStatus::Recovered, format!("{signal}; article of {n_words} words recovered"))
        }
        // A feed record whose text is only its headline is short, not emptied by cleaning.
        None if n_words == 0 && title_words > 0 => {
            (PageStatus::TooShort, format!("only a title of {title_words} words, no article text"))
        }
        None if n_words == 0 => (PageStatus::Empty, "nothing left after cleaning".to_owned()),
        None if n_words < config.min_article_words => (
            PageStatus::TooShort,
            format!("{n_words} words, fewer than {}", config.min_article_words),
        ),
        None => (PageStatus::Ok, format!("{n_words} words")),
    }
}

#[cfg(test)]
mod tests {
    use parallax_model::{DocId, DocumentMeta, SourceFormat};
    use test_case::test_case;

    use super::*;

    fn raw(text: &str, meta: DocumentMeta) -> RawDocument {
        let hex = format!("{:016x}", parallax_text::fnv1a_str(text));
        RawDocument {
            id: DocId::from_hex(&hex).unwrap(),
            source: "test.txt".to_owned(),
            format: SourceFormat::Text,
            encoding: "utf-8".to_owned(),
            bytes: text.as_bytes().to_vec(),
            text: text.to_owned(),
            meta,
        }
    }

    const BODY: &str = "The harbour board of Velmora voted on Thursday to close the northern \
        pier for six weeks after divers found corrosion on its pilings and warned that heavy cranes \
        could no longer work there safely during the winter storms. Repairs start in March.";

    /// Cleans `text` and renders every line's fate: `keep:`, `title:` or `<reason>:`.
    fn check(text: &str, expected: &[&str]) {
        let doc = raw(text, DocumentMeta::default());
        let cleaned = clean(&doc, &Boilerplate::default(), &CleanConfig::default());
        let mut got: Vec<(usize, String)> = Vec::new();
        if let Some(span) = cleaned.title.as_ref().and_then(|t| t.span) {
            got.push((span.start(), format!("title: {}", span.slice(text).unwrap())));
        }
        for span in &cleaned.paragraphs {
            got.push((span.start(), format!("keep: {}", short(span.slice(text).unwrap()))));
        }
        for removal in &cleaned.removals {
            let removed = short(removal.span.slice(text).unwrap());
            got.push((removal.span.start(), format!("{}: {removed}", removal.reason)));
        }
        got.sort();
        let got: Vec<String> = got.into_iter().map(|(_, line)| line).collect();
        assert_eq!(got, expected);
    }

    fn short(text: &str) -> String {
        text.chars().take(22).collect()
    }

    #[test_case(
        &format!(" date 2026-01-18 403\nSorry!!\nHarbour pier closes\n{BODY}\nCommentsNo comment"),
        &["crawl-header: date 2026-01-18 403", "error-page: Sorry!!", "title: Harbour pier closes",
          "keep: The harbour board of V", "comments-widget: CommentsNo comment"];
        "error page wrapping an article"
    )]
    #[test_case(
        &format!("Harbour pier closes for s\nHarbour pier closes for six weeks\nK.T.R\n03/02/20261\n{BODY}"),
        &["repeated-title: Harbour pier closes fo", "title: Harbour pier closes for six weeks",
          "byline: K.T.R", "date-line: 03/02/20261", "keep: The harbour board of V"];
        "truncated title byline damaged date"
    )]
    #[test_case(
        &format!("Title here\n{BODY}\nSecond paragraph with enough words.\n{BODY}\nSecond paragraph with enough words."),
        &["title: Title here", "keep: The harbour board of V", "keep: Second paragraph with ",
          "repeated-block: The harbour board of V", "repeated-block: Second paragraph with "];
        "body carried twice"
    )]
    #[test_case(
        &format!("Source VX\n(VNA) {BODY}\nLegal Disclaimer:\nVNA provides the information \"as is\" without warranty of any kind."),
        &["source-tag: Source VX", "source-tag: (VNA) ", "keep: The harbour board of V",
          "legal-disclaimer: Legal Disclaimer:", "legal-disclaimer: VNA provides the infor"];
        "tags and disclaimer"
    )]
    #[test_case(
        &format!("{BODY}\nBy the time the storm hit, the pier was empty."),
        &["keep: The harbour board of V", "keep: By the time the storm "];
        "prose starting with By is not a byline"
    )]
    #[test_case(
        &format!("Harbour pier closes\nABSTRACT.\nDivers found rot in the pilings.\nFULL TEXT.\n{BODY}\nAbstract."),
        &["title: Harbour pier closes", "page-chrome: ABSTRACT.", "keep: Divers found rot in th",
          "page-chrome: FULL TEXT.", "keep: The harbour board of V", "keep: Abstract."];
        "archive section labels are chrome, not initials"
    )]
    #[test_case(
        &format!("Harbour pier closes\n{BODY}\n<post id=\"7\" author=\"@velm\">The pier is shut for good.\nSee you in March. — Velm</post>.\n<post post-id=\"8\"><post/>."),
        &["title: Harbour pier closes", "keep: The harbour board of V", "page-chrome: <post id=\"7\" author=\"@",
          "keep: The pier is shut for g", "keep: See you in March. — Ve", "page-chrome: </post>.",
          "page-chrome: <post post-id=\"8\"><pos"];
        "markup tags left in a text file are chrome"
    )]
    #[test_case(
        &format!("Harbour pier closes\n{BODY}\n<The Pier: A Velmora Story> opens in March."),
        &["title: Harbour pier closes", "keep: The harbour board of V", "keep: <The Pier: A Velmora S"];
        "a title in angle brackets is no tag"
    )]
    fn lines_are_classified(text: &str, expected: &[&str]) {
        check(text, expected);
    }

    #[test_case(" date 2026-01-18 404\nPage not found", PageStatus::ErrorPage; "bare error page")]
    #[test_case("Just a few words here.", PageStatus::TooShort; "too short")]
    #[test_case("CommentsNo comment", PageStatus::Empty; "nothing left")]
    #[test_case(BODY, PageStatus::Ok; "plain article")]
    fn statuses(text: &str, expected: PageStatus) {
        let doc = raw(text, DocumentMeta::default());
        let status = clean(&doc, &Boilerplate::default(), &CleanConfig::default()).status;
        assert_eq!(status, expected);
    }

    #[test]
    fn metadata_title_url_and_dates() {
        let text = format!("Harbour pier closes for six weeks\n{BODY}");
        let meta = DocumentMeta {
            title: Some("Harbour pier closes for six weeks".to_owned()),
            url: Some("https://www.velmora-post.example/pier".to_owned()),
            fetched: parallax_model::Date::from_ymd(2026, 2, 4),
            ..DocumentMeta::default()
        };
        let cleaned = clean(&raw(&text, meta), &Boilerplate::default(), &CleanConfig::default());
        assert_eq!(cleaned.outlet.name, "velmora-post.example");
        assert_eq!(cleaned.title.unwrap().span.unwrap().start(), 0);
        assert_eq!(cleaned.published.to_string(), "≤ 2026-02-04");
        assert_eq!(cleaned.paragraphs.len(), 1);
    }

    #[test]
    fn a_headline_in_title_case_may_end_with_a_full_stop() {
        let config = CleanConfig::default();
        assert!(is_title_like("Velmora Harbour Board Approves Pier Repairs.", &config));
        assert!(is_title_like("Velmora harbour board approves pier repairs", &config));
        // A sentence is no title.
        assert!(!is_title_like("The harbour board approved the pier repairs.", &config));
        assert!(!is_title_like("Velmora Harbour Board Approves Pier Repairs,", &config));
        let text = format!("Velmora Harbour Board Approves Pier Repairs.\n\n{BODY}");
        let cleaned = clean(&raw(&text, DocumentMeta::default()), &Boilerplate::default(), &config);
        let title = cleaned.title.unwrap();
        // The full stop is no part of the headline; the span follows the text.
        assert_eq!(title.text, "Velmora Harbour Board Approves Pier Repairs");
        assert_eq!(title.span.and_then(|span| span.slice(&text)), Some(title.text.as_str()));
        // Unless it closes an abbreviation.
        for headline in ["Velmora Pier Sold To Harbour Holdings Inc.", "Velmora Ferries Go To U.S."]
        {
            let text = format!("{headline}\n\n{BODY}");
            let cleaned =
                clean(&raw(&text, DocumentMeta::default()), &Boilerplate::default(), &config);
            assert_eq!(cleaned.title.unwrap().text, headline);
        }
    }

    #[test]
    fn a_short_sentence_before_a_long_paragraph_is_a_headline() {
        let config = CleanConfig::default();
        let cleaned = |text: &str| {
            clean(&raw(text, DocumentMeta::default()), &Boilerplate::default(), &config)
                .title
                .map(|title| title.text)
        };
        let headline = "Harbour board approves the repairs of the northern pier.";
        let title = "Harbour board approves the repairs of the northern pier";
        assert_eq!(cleaned(&format!("{headline}\n\n{BODY}")).as_deref(), Some(title));
        // A first paragraph as long as a lead, or before a short one, is body text.
        let lead = "The harbour board of Velmora voted on Thursday to close the northern pier \
            for six weeks after divers found corrosion.";
        assert_eq!(cleaned(&format!("{lead}\n\n{BODY}")), None);
        // A deck may stand between them; a semicolon closes a headline only before one.
        let deck = "Divers found rot in the pilings.";
        let with_deck = format!("{headline}\n{deck}\n\n{BODY}");
        assert_eq!(cleaned(&with_deck).as_deref(), Some(title));
        let semicolon = "Harbour board approves pier repairs;";
        let title = cleaned(&format!("{semicolon}\n{deck}\n\n{BODY}"));
        assert_eq!(title.as_deref(), Some("Harbour board approves pier repairs"));
        assert_eq!(cleaned(&format!("{semicolon}\n\n{BODY}")), None);
        let two_short = format!("{headline}\n\nRepairs start in March.\n\nThe pier is shut.");
        assert_eq!(cleaned(&two_short), None);
    }

    #[test]
    fn a_given_title_that_is_only_a_date_is_no_title() {
        let text = format!("Friday , March 08 , 2013\nHarbour pier closes for six weeks\n{BODY}");
        let meta = DocumentMeta {
            title: Some("Friday , March 08 , 2013".to_owned()),
            ..DocumentMeta::default()
        };
        let cleaned = clean(&raw(&text, meta), &Boilerplate::default(), &CleanConfig::default());
        let title = cleaned.title.unwrap();
        assert_eq!(title.text, "Harbour pier closes for six weeks");
        assert!(cleaned.removals.iter().any(|r| r.reason == RemovalReason::DateLine));
    }

    #[test]
    fn a_record_that_is_only_its_title_is_short_not_emptied() {
        let headline = "Harbour board closes the northern pier for six weeks";
        let meta = DocumentMeta { title: Some(headline.to_owned()), ..DocumentMeta::default() };
        let cleaned = clean(&raw(headline, meta), &Boilerplate::default(), &CleanConfig::default());
        assert_eq!(cleaned.status, PageStatus::TooShort);
        assert_eq!(cleaned.status_detail, "only a title of 9 words, no article text");
        // A given title absent from an emptied text says nothing of it.
        let meta = DocumentMeta { title: Some(headline.to_owned()), ..DocumentMeta::default() };
        let cleaned = clean(
            &raw("CommentsNo comment", meta),
            &Boilerplate::default(),
            &CleanConfig::default(),
        );
        assert_eq!(cleaned.status, PageStatus::Empty);
    }

    /// Cleans `text` as fetched on 4 February 2026.
    fn clean_fetched_on_4_february(text: &str) -> CleanDocument {
        let meta = DocumentMeta {
            fetched: parallax_model::Date::from_ymd(2026, 2, 4),
            ..DocumentMeta::default()
        };
        clean(&raw(text, meta), &Boilerplate::default(), &CleanConfig::default())
    }

    #[test]
    fn a_labelled_date_line_dates_the_article_and_is_removed() {
        let cleaned = clean_fetched_on_4_february(&format!(
            "Harbour pier closes\nPublished: 3 February 2026 at 9:15 AM\n{BODY}"
        ));
        assert_eq!(cleaned.published.to_string(), "2026-02-03");
        assert!(
            cleaned.removals.iter().any(|removal| removal.reason == RemovalReason::DateLine
                && removal.detail == "2026-02-03"),
            "{:?}",
            cleaned.removals
        );
    }

    #[test]
    fn a_date_line_after_the_fetch_is_not_believed() {
        let cleaned =
            clean_fetched_on_4_february(&format!("Harbour pier closes\n09/09/2030\n{BODY}"));
        assert_eq!(cleaned.published.to_string(), "≤ 2026-02-04");
    }

    #[test]
    fn a_wire_dateline_dates_an_article_that_states_no_other_date() {
        let cleaned = clean_fetched_on_4_february(&format!(
            "Harbour pier closes\nVALDREN, Feb. 2, 2026 — {BODY}"
        ));
        assert_eq!(cleaned.published.to_string(), "2026-02-02");
        assert_eq!(cleaned.dateline.as_ref().map(|d| d.text.as_str()), Some("VALDREN"));
        // A date line of its own comes first; a dateline's date after the fetch is not believed.
        let cleaned = clean_fetched_on_4_february(&format!(
            "Harbour pier closes\nPublished: 1 February 2026\nVALDREN, Feb. 2, 2026 — {BODY}"
        ));
        assert_eq!(cleaned.published.to_string(), "2026-02-01");
        let cleaned = clean_fetched_on_4_february(&format!(
            "Harbour pier closes\nVALDREN, Sept. 9, 2030 — {BODY}"
        ));
        assert_eq!(cleaned.published.to_string(), "≤ 2026-02-04");
    }

    #[test]
    fn a_file_name_dates_a_file_that_states_no_date() {
        let fetched = parallax_model::Date::from_ymd(2026, 2, 4);
        let dated = |source: &str, format: SourceFormat, text: &str| {
            let meta = DocumentMeta { fetched, ..DocumentMeta::default() };
            let doc = RawDocument { source: source.to_owned(), format, ..raw(text, meta) };
            clean(&doc, &Boilerplate::default(), &CleanConfig::default()).published.to_string()
        };
        let plain = format!("Harbour pier closes\n{BODY}");
        let text = SourceFormat::Text;
        assert_eq!(dated("crawl/post_2026-02-01_pier.txt", text, &plain), "2026-02-01");
        assert_eq!(dated("crawl/2026-02-01-pier.html", SourceFormat::Html, &plain), "2026-02-01");
        // The text's own date line comes first.
        let lined = format!("Harbour pier closes\nPublished: 3 February 2026\n{BODY}");
        assert_eq!(dated("crawl/post_2026-02-01_pier.txt", text, &lined), "2026-02-03");
        // A name dated after the fetch, a folder's date, and a WARC record's container are not
        // read: the fetch date bounds the article.
        assert_eq!(dated("crawl/post_2026-03-01_pier.txt", text, &plain), "≤ 2026-02-04");
        assert_eq!(dated("2026-02-01/pier.txt", text, &plain), "≤ 2026-02-04");
        let warc = SourceFormat::Html;
        assert_eq!(dated("crawl-2026-02-01.warc.gz#3", warc, &plain), "≤ 2026-02-04");
    }

    #[test]
    fn a_file_name_names_the_outlet_when_nothing_else_does() {
        let outlet = |source: &str, text: &str, url: Option<&str>| {
            let meta = DocumentMeta { url: url.map(str::to_owned), ..DocumentMeta::default() };
            let doc = RawDocument { source: source.to_owned(), ..raw(text, meta) };
            let cleaned = clean(&doc, &Boilerplate::default(), &CleanConfig::default());
            (cleaned.outlet.name, cleaned.outlet.evidence.kind())
        };
        let plain = format!("Harbour pier closes\n{BODY}");
        let pair = |name: &str, kind: &'static str| (name.to_owned(), kind);
        let named = "crawl/velmora-post_2026-02-01_pier.txt";
        assert_eq!(outlet(named, &plain, None), pair("velmora-post", "file-name"));
        // A URL or a source tag in the text says more than a file name.
        let url = Some("https://gazette.example/pier");
        assert_eq!(outlet(named, &plain, url), pair("gazette.example", "url"));
        // A site name given as an address is its host.
        let meta = DocumentMeta {
            outlet: Some("https://www.gazette.example".to_owned()),
            ..DocumentMeta::default()
        };
        let cleaned = clean(&raw(&plain, meta), &Boilerplate::default(), &CleanConfig::default());
        assert_eq!(cleaned.outlet.name, "gazette.example");
        let tagged = format!("Harbour pier closes\n(VNA) {BODY}");
        assert_eq!(outlet(named, &tagged, None), pair("VNA", "marker"));
        assert_eq!(outlet("crawl/pier.txt", &plain, None), pair("unknown", "none"));
        // "Source: X" names the outlet at the top; at the end it credits a chart's data.
        let top = format!("Source: VNA\nHarbour pier closes\n{BODY}");
        assert_eq!(outlet("crawl/pier.txt", &top, None), pair("VNA", "marker"));
        let credit = format!(
            "Harbour pier closes\n{BODY}\n{BODY} Again.\n{BODY} And.\n\
            Pilings replaced per year, 2020-2030.\n{BODY} More.\n{BODY} Yes.\nSource: NATO."
        );
        assert_eq!(outlet(named, &credit, None), pair("velmora-post", "file-name"));
    }

    #[test]
    fn a_sentence_shared_by_reports_of_one_story_is_no_boilerplate() {
        let wire = "Divers found corrosion on three pilings of the northern pier at Velmora.";
        let pitch = "Get the Velmora Post morning briefing in your inbox every day";
        let report = |lead: &str, extra: &str, outlet: &str| {
            let meta = DocumentMeta { outlet: Some(outlet.to_owned()), ..DocumentMeta::default() };
            raw(&format!("{lead}\n{wire}\n{extra}\n{pitch}"), meta)
        };
        // Three outlets rewrite one story around the same wire sentence; none is a copy.
        let a = report(
            "The harbour board of Velmora shut the northern pier for six weeks of repairs.",
            "Harbour master Ilse Brandt said cranes could no longer work on the pier safely.",
            "Velmora Post",
        );
        let b = report(
            "Velmora's northern pier closes on Monday while the harbour board repairs it.",
            "Fishing crews must unload at the southern quay until the pier reopens in March.",
            "Coast Daily",
        );
        let c = report(
            "Repairs will keep the northern pier of Velmora closed until March, the board said.",
            "Ilse Brandt, the harbour master, warned that winter storms could delay the repairs.",
            "Estoria Wire",
        );
        // Two unrelated stories carry the same pitch.
        let school = raw(
            &format!("A school in Ardun opens its new library wing to pupils today.\n{pitch}"),
            DocumentMeta::default(),
        );
        let harvest = raw(
            &format!(
                "Farmers in the Orn valley report their best apple harvest in a decade.\n{pitch}"
            ),
            DocumentMeta::default(),
        );
        let config = CleanConfig::default();
        let learned = crate::learn_boilerplate(&[&a, &b, &c, &school, &harvest], &config);
        assert_eq!(learned.lookup(&match_key(wire)), None);
        assert_eq!(learned.lookup(&match_key(pitch)), Some(3));
        // Without the story test, the wire sentence was taken for boilerplate.
        let blind = CleanConfig { related_topic_similarity: f64::INFINITY, ..config };
        let learned = crate::learn_boilerplate(&[&a, &b, &c, &school, &harvest], &blind);
        assert_eq!(learned.lookup(&match_key(wire)), Some(3));
    }

    #[test]
    fn boilerplate_is_learned_from_unrelated_documents_only() {
        let pitch = "Get the Velmora Post morning briefing in your inbox every day";
        let a = raw(&format!("{BODY}\n{pitch}"), DocumentMeta::default());
        let b = raw(
            &format!(
                "A different story about a school opening its new library wing today.\n{pitch}"
            ),
            DocumentMeta::default(),
        );
        let c = raw(
            &format!("Farmers in the valley report the best apple harvest in a decade.\n{pitch}"),
            DocumentMeta::default(),
        );
        // Two wire copies of one article share every paragraph: that is not boilerplate.
        let copy = raw(&format!("{BODY}\n{pitch}\n"), DocumentMeta::default());
        let config = CleanConfig::default();
        let learned = crate::learn_boilerplate(&[&a, &copy], &config);
        assert!(learned.is_empty());
        let learned = crate::learn_boilerplate(&[&c, &a, &copy, &b], &config);
        assert_eq!(learned.lookup(&match_key(pitch)), Some(3));
        let reversed = crate::learn_boilerplate(&[&b, &copy, &a, &c], &config);
        assert_eq!(learned, reversed);
        let cleaned = clean(&a, &learned, &config);
        assert_eq!(cleaned.removals[0].reason, RemovalReason::OutletBoilerplate);
        // A live blog's entry stamp repeated across blogs is their structure.
        let stamp = "9:05 p.m. ET";
        let blogs: Vec<RawDocument> = [&a, &b, &c]
            .iter()
            .map(|doc| raw(&format!("{stamp}\n{}", doc.text), DocumentMeta::default()))
            .collect();
        let refs: Vec<&RawDocument> = blogs.iter().collect();
        assert_eq!(crate::learn_boilerplate(&refs, &config).lookup(&match_key(stamp)), None);
    }
}

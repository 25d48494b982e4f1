//! Page metadata: title, canonical URL, outlet, publication date, authors and language, from
//! JSON-LD, `<meta>` tags, `<time>` elements, the URL and the text, in that order of trust.

use parallax_model::Date;
use serde_json::Value;

use crate::dom::{Dom, NodeId};

/// Metadata read from a page; every field is `None`/empty when the page does not say.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PageMeta {
    /// The headline: `og:title`, JSON-LD `headline`, `<title>` (outlet suffix removed), first `<h1>`.
    pub title: Option<String>,
    /// `<link rel=canonical>`, else `og:url`.
    pub canonical_url: Option<String>,
    /// `og:site_name`, JSON-LD `publisher.name`, `application-name`.
    pub site_name: Option<String>,
    /// The publication date and where it was found (`json-ld`, `meta`, `time`, `url`, `text`).
    pub published: Option<(Date, &'static str)>,
    /// Authors' names.
    pub authors: Vec<String>,
    /// The declared language (`<html lang>`, `content-language`, `og:locale`), as given.
    pub language: Option<String>,
    /// The JSON-LD `@type` of the main item (`NewsArticle`, `WebPage`, …) or `og:type`.
    pub page_type: Option<String>,
    /// JSON-LD `isAccessibleForFree: false`.
    pub paywalled: bool,
}

/// `<meta>` names and properties that carry a publication date, most trusted first.
const DATE_META: [&str; 18] = [
    "article:published_time",
    "og:published_time",
    "og:article:published_time",
    "datepublished",
    "publishdate",
    "publish-date",
    "publish_date",
    "pubdate",
    "parsely-pub-date",
    "sailthru.date",
    "dc.date.issued",
    "dcterms.issued",
    "dc.date",
    "dcterms.created",
    "date",
    "article.published",
    "original-publish-date",
    "cxenseparse:recs:publishtime",
];
/// JSON-LD types that are articles.
const ARTICLE_TYPES: [&str; 9] = [
    "NewsArticle",
    "Article",
    "ReportageNewsArticle",
    "BlogPosting",
    "AnalysisNewsArticle",
    "OpinionNewsArticle",
    "BackgroundNewsArticle",
    "LiveBlogPosting",
    "ScholarlyArticle",
];
/// Earliest year believed for a news page.
const MIN_YEAR: i32 = 1995;

/// Reads the page's metadata. `url` is the address the page was fetched from, when known;
/// `not_after` is the latest believable publication date (the fetch date), when known.
pub fn page_meta(dom: &Dom, url: Option<&str>, not_after: Option<Date>) -> PageMeta {
    let metas = meta_tags(dom);
    let get = |keys: &[&str]| -> Option<String> {
        keys.iter().find_map(|key| {
            metas
                .iter()
                .find(|(name, value)| name == key && !value.trim().is_empty())
                .map(|(_, value)| value.trim().to_owned())
        })
    };
    let items = json_ld_items(dom);
    let article = items.iter().find(|item| type_matches(item, &ARTICLE_TYPES));
    let believable = |date: Date| {
        date.year() >= MIN_YEAR && not_after.is_none_or(|limit| date.days_until(limit) >= -1)
    };

    let site_name = get(&["og:site_name", "application-name"])
        .or_else(|| article.and_then(|a| a.get("publisher")).and_then(name_of))
        .map(|name| without_tagline(&name));
    let title_tag = dom.elements("title").next().map(|id| dom.text_of(id));
    let title = get(&["og:title", "twitter:title"])
        .or_else(|| {
            article.and_then(|a| a.get("headline")).and_then(Value::as_str).map(str::to_owned)
        })
        .or_else(|| title_tag.map(|title| strip_site_suffix(&title, site_name.as_deref())))
        .or_else(|| dom.elements("h1").next().map(|id| dom.text_of(id)))
        .filter(|title| !title.is_empty());

    let canonical = dom
        .elements("link")
        .find(|&id| rel_has(dom, id, "canonical"))
        .and_then(|id| dom.node(id).attr("href"))
        .map(str::to_owned)
        .filter(|href| href.starts_with("http"))
        .or_else(|| get(&["og:url"]));

    let published = article
        .and_then(|a| a.get("datePublished").or_else(|| a.get("dateCreated")))
        .and_then(Value::as_str)
        .and_then(parse_date)
        .filter(|date| believable(*date))
        .map(|date| (date, "json-ld"))
        .or_else(|| {
            DATE_META.iter().find_map(|key| {
                let value = get(&[key])?;
                parse_date(&value).filter(|date| believable(*date)).map(|date| (date, "meta"))
            })
        })
        .or_else(|| {
            itemprop_dates(dom)
                .chain(
                    dom.elements("time")
                        .filter_map(|id| dom.node(id).attr("datetime").map(str::to_owned)),
                )
                .find_map(|value| parse_date(&value).filter(|date| believable(*date)))
                .map(|date| (date, "time"))
        })
        .or_else(|| {
            canonical
                .as_deref()
                .or(url)
                .and_then(date_in_url)
                .filter(|date| believable(*date))
                .map(|date| (date, "url"))
        });

    let mut authors: Vec<String> = Vec::new();
    if let Some(author) = article.and_then(|a| a.get("author")) {
        collect_names(author, &mut authors);
    }
    if authors.is_empty() {
        for (name, value) in &metas {
            if (name == "author" || name == "article:author" || name == "parsely-author")
                && !value.starts_with("http")
            {
                authors.push(value.trim().to_owned());
            }
        }
    }
    if authors.is_empty() {
        authors.extend(
            dom.elements("a").filter(|&id| rel_has(dom, id, "author")).map(|id| dom.text_of(id)),
        );
    }
    let mut seen = std::collections::HashSet::new();
    authors.retain(|name| !name.is_empty() && name.len() < 100 && seen.insert(name.to_lowercase()));

    let language = dom
        .elements("html")
        .next()
        .and_then(|id| dom.node(id).attr("lang"))
        .map(str::to_owned)
        .or_else(|| get(&["content-language", "og:locale", "language"]))
        .filter(|lang| !lang.trim().is_empty());
    let page_type = article
        .or_else(|| items.first())
        .and_then(|item| item.get("@type"))
        .and_then(|ty| match ty {
            Value::String(text) => Some(text.clone()),
            Value::Array(values) => values.first().and_then(Value::as_str).map(str::to_owned),
            _ => None,
        })
        .or_else(|| get(&["og:type"]));
    let paywalled = article
        .and_then(|a| a.get("isAccessibleForFree"))
        .is_some_and(|free| matches!(free, Value::Bool(false)) || free.as_str() == Some("False"));

    PageMeta {
        title,
        canonical_url: canonical,
        site_name,
        published,
        authors,
        language,
        page_type,
        paywalled,
    }
}

/// `(name or property, content)` of every `<meta>`, names lower-cased.
fn meta_tags(dom: &Dom) -> Vec<(String, String)> {
    dom.elements("meta")
        .filter_map(|id| {
            let node = dom.node(id);
            let name = node
                .attr("property")
                .or_else(|| node.attr("name"))
                .or_else(|| node.attr("itemprop"))
                .or_else(|| node.attr("http-equiv"))?;
            Some((name.to_ascii_lowercase(), node.attr("content")?.to_owned()))
        })
        .collect()
}

fn rel_has(dom: &Dom, id: NodeId, value: &str) -> bool {
    dom.node(id)
        .attr("rel")
        .is_some_and(|rel| rel.split_whitespace().any(|part| part.eq_ignore_ascii_case(value)))
}

/// Values of `itemprop=datePublished` elements (`content` or `datetime`).
fn itemprop_dates(dom: &Dom) -> impl Iterator<Item = String> + '_ {
    (0..dom.nodes.len()).filter_map(|id| {
        let node = dom.node(id);
        if !node.attr("itemprop").is_some_and(|prop| prop.eq_ignore_ascii_case("datePublished")) {
            return None;
        }
        node.attr("content").or_else(|| node.attr("datetime")).map(str::to_owned)
    })
}

/// The JSON-LD objects of the page, `@graph` members flattened.
fn json_ld_items(dom: &Dom) -> Vec<Value> {
    let mut out = Vec::new();
    for id in dom.elements("script") {
        let node = dom.node(id);
        if !node.attr("type").is_some_and(|ty| ty.eq_ignore_ascii_case("application/ld+json")) {
            continue;
        }
        let Ok(value) = serde_json::from_str::<Value>(dom.text_of(id).trim()) else { continue };
        let mut pending = vec![value];
        while let Some(value) = pending.pop() {
            match value {
                Value::Array(values) => pending.extend(values.into_iter().rev()),
                Value::Object(mut object) => {
                    if let Some(graph) = object.remove("@graph") {
                        pending.push(graph);
                    }
                    out.push(Value::Object(object));
                }
                _ => {}
            }
        }
    }
    out
}

fn type_matches(item: &Value, types: &[&str]) -> bool {
    match item.get("@type") {
        Some(Value::String(ty)) => types.contains(&ty.as_str()),
        Some(Value::Array(values)) => {
            values.iter().filter_map(Value::as_str).any(|ty| types.contains(&ty))
        }
        _ => false,
    }
}

fn name_of(value: &Value) -> Option<String> {
    match value {
        Value::String(text) => Some(text.clone()),
        Value::Object(object) => object.get("name").and_then(Value::as_str).map(str::to_owned),
        Value::Array(values) => values.iter().find_map(name_of),
        _ => None,
    }
}

fn collect_names(value: &Value, out: &mut Vec<String>) {
    match value {
        Value::Array(values) => values.iter().for_each(|value| collect_names(value, out)),
        other => out.extend(name_of(other)),
    }
}

/// A site's name without the tagline some sites put after it: "Velmor Daily | The valley's
/// news" is "Velmor Daily".
fn without_tagline(name: &str) -> String {
    let cut = [" | ", " - ", " – ", " — "]
        .iter()
        .filter_map(|separator| name.find(separator))
        .min()
        .filter(|&at| name.get(..at).is_some_and(|head| head.trim().chars().count() >= 2));
    cut.and_then(|at| name.get(..at)).unwrap_or(name).trim().to_owned()
}

/// `Headline - Outlet` or `Headline | Outlet` without the outlet part.
fn strip_site_suffix(title: &str, site: Option<&str>) -> String {
    for separator in [" | ", " - ", " – ", " — ", " :: "] {
        if let Some((head, tail)) = title.rsplit_once(separator) {
            let is_site = site.is_some_and(|site| {
                tail.trim().eq_ignore_ascii_case(site.trim())
                    || tail.to_lowercase().contains(&site.to_lowercase())
            });
            if is_site || tail.split_whitespace().count() <= 3 {
                return head.trim().to_owned();
            }
        }
    }
    title.trim().to_owned()
}

/// A date at the start of an ISO-like value (`2026-01-16`, `2026-01-16T08:00:00Z`,
/// `2026/01/16`, `20260116`).
pub fn parse_date(value: &str) -> Option<Date> {
    let value = value.trim();
    let digits = |text: &str| text.chars().all(|ch| ch.is_ascii_digit());
    let year = value.get(..4).filter(|part| digits(part))?.parse::<i32>().ok()?;
    let (month, day) = match value.as_bytes().get(4) {
        Some(b'-' | b'/' | b'.') => {
            let rest = value.get(5..)?;
            let mut parts = rest.splitn(3, ['-', '/', '.']);
            let month = parts.next()?.parse::<u32>().ok()?;
            let day_part = parts.next()?;
            let day_digits: String = day_part.chars().take_while(char::is_ascii_digit).collect();
            (month, day_digits.parse::<u32>().ok()?)
        }
        _ => {
            let month = value.get(4..6).filter(|part| digits(part))?.parse::<u32>().ok()?;
            let day = value.get(6..8).filter(|part| digits(part))?.parse::<u32>().ok()?;
            (month, day)
        }
    };
    Date::from_ymd(year, month, day)
}

/// A `/2026/01/16/` or `/2026-01-16` date in a URL path.
pub fn date_in_url(url: &str) -> Option<Date> {
    let path = url.split_once("://").map_or(url, |(_, rest)| rest);
    let parts: Vec<&str> = path.split(['/', '?', '#']).collect();
    for window in parts.windows(3) {
        let [year, month, day] = window else { continue };
        let day: String = day.chars().take_while(char::is_ascii_digit).collect();
        if year.len() == 4 && (1..=2).contains(&month.len()) && (1..=2).contains(&day.len()) {
            if let (Ok(y), Ok(m), Ok(d)) = (year.parse(), month.parse(), day.parse()) {
                if let Some(date) = Date::from_ymd(y, m, d) {
                    return Some(date);
                }
            }
        }
    }
    parts.iter().find_map(|part| {
        let head = part.get(..10)?;
        (head.as_bytes().get(4) == Some(&b'-')).then(|| parse_date(head)).flatten()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_json_ld_meta_and_link_tags() {
        let html = r#"<html lang="en-GB"><head><title>Storm closes harbour | Wexmouth Gazette</title>
<link rel="canonical" href="https://gazette.example/2026/01/14/storm">
<meta property="og:site_name" content="Wexmouth Gazette">
<script type="application/ld+json">{"@context":"https://schema.org","@graph":[{"@type":"WebSite","name":"x"},
{"@type":"NewsArticle","headline":"Storm closes the harbour","datePublished":"2026-01-16T07:30:00+00:00",
"author":[{"@type":"Person","name":"Ann Reed"},{"@type":"Person","name":"Tom Hale"}],"isAccessibleForFree":false}]}</script>
<meta name="cookie-expiry" content="2031-01-01">
</head><body></body></html>"#;
        let meta = page_meta(&Dom::parse(html), None, Date::from_ymd(2026, 1, 17));
        assert_eq!(meta.title.as_deref(), Some("Storm closes the harbour"));
        assert_eq!(meta.site_name.as_deref(), Some("Wexmouth Gazette"));
        assert_eq!(without_tagline("Velmor Daily | The valley's news"), "Velmor Daily");
        assert_eq!(without_tagline("Remember 80/90 - Memorabilia"), "Remember 80/90");
        assert_eq!(without_tagline("Al Velm"), "Al Velm");
        assert_eq!(meta.canonical_url.as_deref(), Some("https://gazette.example/2026/01/14/storm"));
        assert_eq!(meta.published, Some((Date::from_ymd(2026, 1, 16).unwrap(), "json-ld")));
        assert_eq!(meta.authors, ["Ann Reed", "Tom Hale"]);
        assert_eq!(meta.language.as_deref(), Some("en-GB"));
        assert_eq!(meta.page_type.as_deref(), Some("NewsArticle"));
        assert!(meta.paywalled);
    }

    #[test]
    fn date_cascade_skips_future_dates_and_falls_back_to_the_url() {
        let html = r#"<head><meta property="article:published_time" content="2030-05-01">
<title>Headline - Site</title></head><body><time datetime="2031-01-01">later</time></body>"#;
        let meta = page_meta(
            &Dom::parse(html),
            Some("https://x.example/news/2026/01/15/headline"),
            Date::from_ymd(2026, 1, 17),
        );
        assert_eq!(meta.published, Some((Date::from_ymd(2026, 1, 15).unwrap(), "url")));
        assert_eq!(meta.title.as_deref(), Some("Headline"));
    }

    #[test]
    fn parses_date_shapes() {
        let jan16 = Date::from_ymd(2026, 1, 16);
        for value in ["2026-01-16", "2026-01-16T08:00:00Z", "2026/1/16", "20260116", " 2026.01.16 "]
        {
            assert_eq!(parse_date(value), jan16, "{value}");
        }
        assert_eq!(parse_date("January 16"), None);
        assert_eq!(date_in_url("https://a.example/2026-01-16-storm.html"), jan16);
    }
}

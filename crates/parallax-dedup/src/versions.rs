//! Versions of one article: documents whose URLs name the same page, fetched more than once.
//! The latest fetch stands for the page; the earlier ones are its earlier versions.

use std::collections::BTreeMap;

use parallax_model::{Date, DocId};
use parallax_text::Groups;

/// Query parameters that track a visit and do not name the page.
const TRACKING_PARAMETERS: [&str; 10] =
    ["fbclid", "gclid", "dclid", "msclkid", "ocid", "cmpid", "smid", "mc_cid", "mc_eid", "ref"];

/// Host prefixes under which sites serve the same page (`www.`, mobile `m.`, `amp.`).
const HOST_PREFIXES: [&str; 4] = ["www.", "m.", "mobile.", "amp."];

/// What names a page in a URL: host (lowercase, without `www.`, `m.`, `mobile.` or `amp.`, or a
/// default port), path (without a trailing slash or a closing `/amp` segment) and the query
/// without tracking parameters (`utm_*`, `fbclid`, `gclid`, … and `amp`/`outputType=amp`),
/// sorted; scheme and fragment aside. `None` for what is not an http(s) URL, and for a site's
/// home page (no path), which names no article.
pub fn page_key(url: &str) -> Option<String> {
    let url = url.trim();
    let lower = url.to_ascii_lowercase();
    let rest = if lower.starts_with("https://") {
        url.get(8..)?
    } else if lower.starts_with("http://") {
        url.get(7..)?
    } else if lower.starts_with("//") {
        url.get(2..)?
    } else {
        return None;
    };
    let rest = rest.split('#').next().unwrap_or_default();
    let (location, query) = rest.split_once('?').unwrap_or((rest, ""));
    let (host, path) = location.split_once('/').unwrap_or((location, ""));
    let host = host.rsplit('@').next().unwrap_or_default().to_ascii_lowercase();
    let host = host.strip_suffix(":80").or_else(|| host.strip_suffix(":443")).unwrap_or(&host);
    let host = HOST_PREFIXES.iter().find_map(|prefix| host.strip_prefix(prefix)).unwrap_or(host);
    if host.is_empty() || !host.contains('.') {
        return None;
    }
    let mut path = path.trim_end_matches('/');
    if let Some(stripped) = path.strip_suffix("/amp").or_else(|| path.strip_suffix(".amp")) {
        path = stripped.trim_end_matches('/');
    } else if path == "amp" {
        path = "";
    }
    // A site's home page names no article: feed items that all link to it are not versions.
    if path.is_empty() {
        return None;
    }
    let mut parameters: Vec<&str> = query
        .split('&')
        .filter(|pair| !pair.is_empty())
        .filter(|pair| {
            let name = pair.split('=').next().unwrap_or_default().to_ascii_lowercase();
            let value = pair.split_once('=').map(|(_, v)| v.to_ascii_lowercase());
            !(name.starts_with("utm_")
                || TRACKING_PARAMETERS.contains(&name.as_str())
                || name == "amp"
                || (name == "outputtype" && value.as_deref() == Some("amp")))
        })
        .collect();
    parameters.sort_unstable();
    let mut key = format!("{host}/{path}");
    if !parameters.is_empty() {
        key.push('?');
        key.push_str(&parameters.join("&"));
    }
    Some(key)
}

/// What telling versions apart needs of one document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct VersionInput<'a> {
    /// The document.
    pub id: &'a DocId,
    /// Its URL, when known.
    pub url: Option<&'a str>,
    /// When it was fetched (else published), when known.
    pub when: Option<Date>,
    /// Whether it holds the whole article (a page cut off in transfer does not).
    pub complete: bool,
    /// Its outlet's name: a partner's reprint whose canonical URL names the original's page is
    /// another outlet's article, not a version.
    pub outlet: &'a str,
}

/// The number a site gives an article in its addresses, with the site: the host as [`page_key`]
/// writes it and the path's last run of six digits or more that is not a date (`20260116`,
/// `202601`), or of sixteen hexadecimal characters or more with a digit and a letter. Sites that
/// put such a number beside a headline slug change the slug when they change the headline
/// (`…/putin-holds-talks-101768534431234.html`, then `…/putin-and-pezeshkian-speak-
/// 101768534431234.html`), so the number, not the path, names the page. `None` without one.
pub fn article_number(url: &str) -> Option<String> {
    let key = page_key(url)?;
    let (host, rest) = key.split_once('/')?;
    let path = rest.split('?').next().unwrap_or_default();
    // Eight digits read as a file name's date are one; six are a year and a month.
    let is_date = |digits: &str| match digits.len() {
        8 => parallax_text::date_in_file_name(digits).is_some(),
        6 => {
            let year = digits.get(..4).and_then(|y| y.parse::<i32>().ok());
            let month = digits.get(4..).and_then(|m| m.parse::<u32>().ok());
            year.is_some_and(|y| (1900..=2100).contains(&y))
                && month.is_some_and(|m| (1..=12).contains(&m))
        }
        _ => false,
    };
    let number = path.split(|c: char| !c.is_ascii_alphanumeric()).rev().find(|token| {
        let digits = token.bytes().all(|b| b.is_ascii_digit());
        let hex = token.bytes().all(|b| b.is_ascii_hexdigit())
            && token.bytes().any(|b| b.is_ascii_digit())
            && token.bytes().any(|b| b.is_ascii_alphabetic());
        (digits && token.len() >= 6 && !is_date(token)) || (hex && token.len() >= 16)
    })?;
    Some(format!("{host}#{}", number.to_ascii_lowercase()))
}

/// For each document that another fetch of the same page stands for, that document: the latest
/// complete fetch (by date, an unknown date first, then by id, so the result depends on nothing
/// but the inputs, whatever order they come in), or the latest of all when none is complete. A
/// page cut off in transfer never stands for a whole earlier fetch. Fetches of one page share
/// their outlet and either their [`page_key`] or their [`article_number`]; two fetches linked by
/// the number alone must also be `related` (their texts alike), since a site may number its
/// galleries and its articles apart.
pub fn later_versions(
    documents: &[VersionInput<'_>],
    related: &dyn Fn(&DocId, &DocId) -> bool,
) -> BTreeMap<DocId, DocId> {
    // Fetches by the page they name, and by the article number they carry.
    let mut pages: BTreeMap<(String, &str), Vec<usize>> = BTreeMap::new();
    let mut numbers: BTreeMap<(String, &str), Vec<usize>> = BTreeMap::new();
    for (idx, doc) in documents.iter().enumerate() {
        let Some(url) = doc.url else { continue };
        if let Some(key) = page_key(url) {
            pages.entry((key, doc.outlet)).or_default().push(idx);
        }
        if let Some(number) = article_number(url) {
            numbers.entry((number, doc.outlet)).or_default().push(idx);
        }
    }
    let mut groups = Groups::new(documents.len());
    for members in pages.values() {
        for pair in members.windows(2) {
            groups.join(pair[0], pair[1]);
        }
    }
    for members in numbers.values().filter(|members| members.len() > 1) {
        for (at, &a) in members.iter().enumerate() {
            for &b in &members[at + 1..] {
                if groups.root(a) != groups.root(b) && related(documents[a].id, documents[b].id) {
                    groups.join(a, b);
                }
            }
        }
    }
    let groups: Vec<Vec<&VersionInput<'_>>> = groups
        .groups()
        .into_iter()
        .map(|members| members.into_iter().map(|idx| &documents[idx]).collect())
        .collect();
    let mut out = BTreeMap::new();
    for mut versions in groups.into_iter().filter(|versions| versions.len() > 1) {
        versions.sort_by(|a, b| {
            (a.complete, a.when).cmp(&(b.complete, b.when)).then_with(|| a.id.cmp(b.id))
        });
        versions.dedup_by(|a, b| a.id == b.id);
        let Some((latest, earlier)) = versions.split_last() else { continue };
        for version in earlier {
            out.insert(version.id.clone(), latest.id.clone());
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn page_keys_drop_what_does_not_name_the_page() {
        let same = [
            "https://www.news.example/world/storm-varnel",
            "http://news.example/world/storm-varnel/",
            "https://news.example/world/storm-varnel?utm_source=feed&utm_medium=rss#comments",
            "https://m.news.example/world/storm-varnel/amp",
            "https://NEWS.example:443/world/storm-varnel?fbclid=xyz&outputType=amp",
        ];
        for url in same {
            assert_eq!(page_key(url).as_deref(), Some("news.example/world/storm-varnel"), "{url}");
        }
        // The path's case and the page's own parameters name different pages.
        assert_eq!(
            page_key("https://news.example/World/Storm").as_deref(),
            Some("news.example/World/Storm")
        );
        assert_eq!(
            page_key("https://news.example/story?page=2&id=7&utm_campaign=x").as_deref(),
            Some("news.example/story?id=7&page=2")
        );
        for not_a_page in [
            "",
            "storm-varnel.txt",
            "mailto:desk@news.example",
            "https://localhost/x",
            // Home pages name no article.
            "https://www.news.example/",
            "https://news.example/amp?utm_source=feed",
        ] {
            assert_eq!(page_key(not_a_page), None, "{not_a_page}");
        }
    }

    #[test]
    fn article_numbers_name_a_page_whatever_its_slug() {
        let found = [
            // The slug changes, the number stays.
            (
                "https://www.ardun-echo.example/news/tram-strike-begins-4410872.html",
                "ardun-echo.example#4410872",
            ),
            (
                "https://ardun-echo.example/news/strike-spreads-4410872.html?utm_source=x",
                "ardun-echo.example#4410872",
            ),
            // The last number of the path; a hexadecimal id of sixteen characters or more.
            ("https://news.example/1110616123/putin-holds-talks", "news.example#1110616123"),
            (
                "https://wire.example/article/iran-talks-4F3C2B1A9E8D7C6B5A4F",
                "wire.example#4f3c2b1a9e8d7c6b5a4f",
            ),
        ];
        for (url, number) in found {
            assert_eq!(article_number(url).as_deref(), Some(number), "{url}");
        }
        // Dates, short numbers, words and home pages are no article numbers.
        for none in [
            "https://news.example/2026/01/16/storm",
            "https://news.example/news/20260116-storm",
            "https://news.example/archive/202601/storm",
            "https://news.example/storm-kills-12345",
            "https://news.example/deadbeefcafebabe-feed",
            "https://news.example/",
            "not a url",
        ] {
            assert_eq!(article_number(none), None, "{none}");
        }
    }

    #[test]
    fn fetches_linked_by_their_number_alone_must_be_alike() {
        let id = |hex: &str| DocId::from_hex(hex).expect("hex");
        let (a, b, c) = (id(&"a".repeat(16)), id(&"b".repeat(16)), id(&"c".repeat(16)));
        let fetch = |id, url, day| VersionInput {
            id,
            url: Some(url),
            when: Date::from_ymd(2031, 6, day),
            complete: true,
            outlet: "Echo",
        };
        let docs = [
            fetch(&a, "https://echo.example/news/tram-strike-begins-4410872.html", 2),
            fetch(&b, "https://echo.example/news/tram-strike-spreads-4410872.html", 3),
            fetch(&c, "https://echo.example/photos/harbour-lights-4410872", 3),
        ];
        // Only the two tram fetches are alike.
        let alike = |x: &DocId, y: &DocId| x != &c && y != &c;
        let expected = BTreeMap::from([(a.clone(), b.clone())]);
        assert_eq!(later_versions(&docs, &alike), expected);
        let mut reversed = docs;
        reversed.reverse();
        assert_eq!(later_versions(&reversed, &alike), expected);
        assert!(later_versions(&docs, &|_, _| false).is_empty());
    }

    #[test]
    fn the_latest_fetch_stands_for_the_earlier_ones_whatever_the_order() {
        let id = |hex: &str| DocId::from_hex(hex).expect("hex");
        let (a, b, c, d) =
            (id(&"a".repeat(16)), id(&"b".repeat(16)), id(&"c".repeat(16)), id(&"d".repeat(16)));
        let day = |d| Date::from_ymd(2026, 1, d);
        let fetch = |id, url, when, complete| VersionInput {
            id,
            url: Some(url),
            when,
            complete,
            outlet: "News",
        };
        let docs = [
            fetch(&b, "https://news.example/a?utm_source=x", day(17), true),
            fetch(&a, "https://www.news.example/a", day(16), true),
            fetch(&c, "https://news.example/a/", None, true),
            fetch(&d, "https://news.example/other", day(16), true),
        ];
        let expected = BTreeMap::from([(a.clone(), b.clone()), (c.clone(), b.clone())]);
        assert_eq!(later_versions(&docs, &|_, _| true), expected);
        let mut reversed = docs;
        reversed.reverse();
        assert_eq!(later_versions(&reversed, &|_, _| true), expected);
        // On one day the higher id stands for the page.
        let same_day = [
            fetch(&b, "https://news.example/a", day(16), true),
            fetch(&a, "https://news.example/a", day(16), true),
        ];
        assert_eq!(
            later_versions(&same_day, &|_, _| true),
            BTreeMap::from([(a.clone(), b.clone())])
        );
        // A later fetch cut off in transfer does not stand for the whole earlier one.
        let cut = [
            fetch(&a, "https://news.example/a", day(16), true),
            fetch(&b, "https://news.example/a", day(17), false),
        ];
        assert_eq!(later_versions(&cut, &|_, _| true), BTreeMap::from([(b.clone(), a.clone())]));
        // Another outlet's page naming the same canonical URL is its own article.
        let reprint = [
            fetch(&a, "https://news.example/a", day(16), true),
            VersionInput {
                outlet: "Partner",
                ..fetch(&b, "https://news.example/a", day(17), true)
            },
        ];
        assert!(later_versions(&reprint, &|_, _| true).is_empty());
        // Without a URL nothing is a version.
        let no_url = [
            VersionInput { id: &a, url: None, when: day(16), complete: true, outlet: "News" },
            VersionInput { id: &b, url: None, when: day(17), complete: true, outlet: "News" },
        ];
        assert!(later_versions(&no_url, &|_, _| true).is_empty());
    }
}

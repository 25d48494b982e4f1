use parallax_html::{Dom, NodeId, Paragraph};
use parallax_model::{Date, DocumentMeta, PageStatus, RawDocument, RejectReason, Span};

use crate::decode::decode_declared;
use crate::{Read, content_id};

/// True when the start of `bytes` looks like an RSS or Atom document.
pub(crate) fn looks_like_feed(bytes: &[u8]) -> bool {
    let head = String::from_utf8_lossy(bytes.get(..1024).unwrap_or(bytes)).to_ascii_lowercase();
    head.contains("<rss") || head.contains("<feed") || head.contains("<rdf:rdf")
}

/// Reads an RSS 2.0, RSS 1.0 or Atom feed: each item becomes a document whose bytes are the item's
/// XML and whose text is its full content when the feed carries it (`content:encoded`, Atom
/// `content`), else its description. An item with no text is set aside.
pub(crate) fn read(source: &str, bytes: &[u8]) -> Read {
    let label = xml_encoding(bytes);
    let decoded = match decode_declared(bytes, label.as_deref()) {
        Ok(decoded) => decoded,
        Err((reason, detail)) => return Read::rejected(source, bytes, reason, detail),
    };
    let xml = decoded.text.as_str();
    let dom = Dom::parse_xml(xml);
    let channel_title = ["channel", "feed"].iter().find_map(|tag| {
        let container = dom.elements(tag).next()?;
        let title = child(&dom, container, "title")?;
        Some(dom.text_of(title)).filter(|title| !title.is_empty())
    });
    let items: Vec<NodeId> = dom.elements("item").chain(dom.elements("entry")).collect();
    let mut out = Read::default();
    if items.is_empty() {
        let detail = "a feed without items or entries".to_owned();
        return Read::rejected(source, bytes, RejectReason::MissingText, detail);
    }
    for (idx, &item) in items.iter().enumerate() {
        let name = format!("{source}#{}", idx + 1);
        let item_span = dom.node(item).span;
        let item_xml = item_span.slice(xml).unwrap_or_default();
        let text_of = |tag: &str| child(&dom, item, tag).map(|id| dom.text_of(id));
        let link = child(&dom, item, "link")
            .and_then(|id| {
                let node = dom.node(id);
                node.attr("href").map(str::to_owned).or_else(|| Some(dom.text_of(id)))
            })
            .filter(|link| !link.is_empty())
            .or_else(|| text_of("guid").filter(|guid| guid.starts_with("http")));
        let published = ["pubdate", "published", "dc:date", "updated"]
            .iter()
            .find_map(|tag| text_of(tag).and_then(|value| feed_date(&value)));
        let authors: Vec<String> = ["dc:creator", "author"]
            .iter()
            .filter_map(|tag| {
                let id = child(&dom, item, tag)?;
                let name =
                    child(&dom, id, "name").map_or_else(|| dom.text_of(id), |n| dom.text_of(n));
                Some(name).filter(|name| !name.is_empty())
            })
            .collect();
        let content = ["content:encoded", "content"]
            .iter()
            .find_map(|tag| child(&dom, item, tag))
            .map(|id| (id, true))
            .or_else(|| {
                ["description", "summary"]
                    .iter()
                    .find_map(|tag| child(&dom, item, tag))
                    .map(|id| (id, false))
            });
        let Some((content_id_node, full)) = content else {
            out.extend(Read::rejected(
                &name,
                item_xml.as_bytes(),
                RejectReason::MissingText,
                "an item without content or description".to_owned(),
            ));
            continue;
        };
        // The element's content as HTML: CDATA is verbatim (its offsets are the feed's), escaped
        // markup is decoded first (its paragraphs map to the whole element).
        let node = dom.node(content_id_node);
        let inner = inner_span(&dom, content_id_node).unwrap_or(node.span);
        // A CDATA section is verbatim: its paragraphs keep exact offsets into the feed.
        let cdata = node.children.iter().map(|&id| dom.node(id)).find(|child| {
            child.text().is_some()
                && xml.get(..child.span.start()).is_some_and(|before| before.ends_with("<![CDATA["))
        });
        let html: String = match cdata {
            Some(child) => child.text().unwrap_or_default().to_owned(),
            None => node.children.iter().filter_map(|&id| dom.node(id).text()).collect(),
        };
        // Spans are kept relative to the item, whose XML is the document's bytes.
        let in_item = |span: Span| {
            let start = item_span.start();
            Span::new(span.start().saturating_sub(start), span.end().saturating_sub(start))
                .unwrap_or(span)
        };
        let fragment = parallax_html::read_fragment(&html);
        let paragraphs: Vec<Paragraph> = if fragment.is_empty() {
            let plain = dom.text_of(content_id_node);
            if plain.is_empty() {
                vec![]
            } else {
                vec![Paragraph { text: plain, html: in_item(inner) }]
            }
        } else {
            fragment
                .into_iter()
                .map(|paragraph| {
                    let exact = cdata.and_then(|child| {
                        let base = child.span.start();
                        Span::new(base + paragraph.html.start(), base + paragraph.html.end())
                    });
                    Paragraph { text: paragraph.text, html: in_item(exact.unwrap_or(inner)) }
                })
                .collect()
        };
        let (text, source_map) = parallax_html::lines_with_map(&paragraphs);
        if text.trim().is_empty() {
            out.extend(Read::rejected(
                &name,
                item_xml.as_bytes(),
                RejectReason::Empty,
                "the item's content is empty".to_owned(),
            ));
            continue;
        }
        let status_hint = (!full)
            .then(|| {
                (
                    PageStatus::TooShort,
                    "a feed item with a description only, no full content".to_owned(),
                )
            })
            .filter(|_| text.split_whitespace().count() < 150);
        let meta = DocumentMeta {
            external_id: link.clone().unwrap_or_else(|| name.clone()),
            url: link,
            outlet: channel_title.clone(),
            title: text_of("title").filter(|title| !title.is_empty()),
            published,
            fetched: None,
            http_status: None,
            language: None,
            authors,
            status_hint,
            source_map,
        };
        out.documents.push(RawDocument {
            id: content_id(item_xml.as_bytes()),
            source: name,
            format: parallax_model::SourceFormat::Feed,
            encoding: decoded.encoding.to_owned(),
            bytes: item_xml.as_bytes().to_vec(),
            text,
            meta,
        });
    }
    out
}

/// The first child element of `parent` with tag `tag`.
fn child(dom: &Dom, parent: NodeId, tag: &str) -> Option<NodeId> {
    dom.node(parent).children.iter().copied().find(|&id| dom.node(id).tag() == Some(tag))
}

/// The bytes between an element's start and end tags.
fn inner_span(dom: &Dom, id: NodeId) -> Option<Span> {
    let children = &dom.node(id).children;
    let first = dom.node(*children.first()?).span;
    let last = dom.node(*children.last()?).span;
    Span::new(first.start(), last.end())
}

/// The `encoding` of an XML declaration.
fn xml_encoding(bytes: &[u8]) -> Option<String> {
    let head = String::from_utf8_lossy(bytes.get(..200).unwrap_or(bytes)).into_owned();
    let decl = head.strip_prefix('\u{feff}').unwrap_or(&head).trim_start();
    let decl = decl.strip_prefix("<?xml")?;
    let decl = decl.get(..decl.find("?>")?)?;
    let at = decl.find("encoding")?;
    let value = decl.get(at + 8..)?.trim_start().strip_prefix('=')?.trim_start();
    let quote = value.chars().next()?;
    let value = value.get(1..)?;
    Some(value.get(..value.find(quote)?)?.to_owned())
}

/// An ISO date (`2026-01-16T08:00:00Z`) or an RFC 822 date (`Fri, 16 Jan 2026 08:00:00 GMT`,
/// zone as an offset or an abbreviation).
pub(crate) fn feed_date(value: &str) -> Option<Date> {
    if let Some(date) = parallax_html::parse_date(value) {
        return Some(date);
    }
    // The date-line reader takes weekday, day, month, year and time; the zone is dropped first.
    let is_zone = |token: &str| {
        token.starts_with(['+', '-'])
            || (token.chars().all(|ch| ch.is_ascii_uppercase())
                && parallax_text::month_from_name(token).is_none())
    };
    let without_zone: Vec<&str> =
        value.split_whitespace().filter(|token| !is_zone(token)).collect();
    parallax_text::parse_date_line(&without_zone.join(" ")).map(|line| line.date)
}

#[cfg(test)]
mod tests {
    use super::*;

    const RSS: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel><title>Harbour Times</title><link>https://harbour.example/</link>
<item><title>Ferry returns</title><link>https://harbour.example/ferry</link>
<pubDate>Fri, 16 Jan 2026 08:00:00 GMT</pubDate><dc:creator>Ann Reed</dc:creator>
<description>Short teaser.</description>
<content:encoded><![CDATA[<p>The island ferry returned to service on Friday after a week of storms kept it in port.</p><p>Passengers queued from dawn.</p>]]></content:encoded></item>
<item><title>Teaser only</title><link>https://harbour.example/teaser</link><description>The council met &amp; agreed a budget.</description></item>
<item><title>Nothing</title></item>
</channel></rss>"#;

    #[test]
    fn reads_rss_items_with_full_content_and_spans() {
        let read = read("news.rss", RSS.as_bytes());
        assert_eq!(read.documents.len(), 2, "{:?}", read.rejections);
        let ferry = &read.documents[0];
        assert_eq!(ferry.meta.outlet.as_deref(), Some("Harbour Times"));
        assert_eq!(ferry.meta.url.as_deref(), Some("https://harbour.example/ferry"));
        assert_eq!(ferry.meta.published, Date::from_ymd(2026, 1, 16));
        assert_eq!(ferry.meta.authors, ["Ann Reed"]);
        assert_eq!(
            ferry.text.lines().collect::<Vec<_>>(),
            [
                "The island ferry returned to service on Friday after a week of storms kept it in port.",
                "Passengers queued from dawn."
            ]
        );
        let item_xml = std::str::from_utf8(&ferry.bytes).unwrap();
        let (_, in_item) = ferry.meta.source_map[1];
        assert_eq!(in_item.slice(item_xml), Some("Passengers queued from dawn."));
        let teaser = &read.documents[1];
        assert_eq!(teaser.text.trim(), "The council met & agreed a budget.");
        assert!(teaser.meta.status_hint.is_some());
        assert_eq!(read.rejections.len(), 1);
        assert_eq!(read.rejections[0].source, "news.rss#3");
    }

    #[test]
    fn reads_atom_entries() {
        let atom = r#"<feed xmlns="http://www.w3.org/2005/Atom"><title>Quay Blog</title>
<entry><title>Repairs</title><link rel="alternate" href="https://quay.example/repairs"/>
<published>2026-01-15T10:00:00Z</published><author><name>Tom Hale</name></author>
<content type="html">&lt;p&gt;Repairs to the quay wall began on Thursday and will take a month.&lt;/p&gt;</content></entry></feed>"#;
        let read = read("quay.atom", atom.as_bytes());
        let entry = &read.documents[0];
        assert_eq!(entry.meta.url.as_deref(), Some("https://quay.example/repairs"));
        assert_eq!(entry.meta.published, Date::from_ymd(2026, 1, 15));
        assert_eq!(entry.meta.authors, ["Tom Hale"]);
        assert!(entry.text.starts_with("Repairs to the quay wall"));
        assert!(looks_like_feed(atom.as_bytes()));
        assert_eq!(feed_date("Thu, 15 Jan 2026 10:00:00 +0000"), Date::from_ymd(2026, 1, 15));
    }
}

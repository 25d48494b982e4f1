use std::path::Path;

use parallax_model::{Date, DocumentMeta, RawDocument, RejectReason, Rejection, SourceFormat};
use serde_json::{Map, Value};

use crate::{Read, content_id, decode};

/// Reads a JSONL feed: one object per line with `text` (or `body`, `content`, `lead`) and the
/// optional `id` (or `doc_id`), `url`, `outlet`, `title`, `published`, `fetched`, `status`,
/// `lang` (or `language`).
/// A line that is not a JSON object, or has no text, is set aside on its own.
pub(crate) fn read(source: &str, bytes: &[u8]) -> Read {
    let mut out = Read::default();
    let decoded = match decode(bytes) {
        Ok(decoded) => decoded,
        Err((reason, detail)) => return Read::rejected(source, bytes, reason, detail),
    };
    let stem = Path::new(source).file_stem().and_then(|stem| stem.to_str()).unwrap_or(source);
    for (line_idx, line) in decoded.text.split('\n').enumerate() {
        let line = line.trim_end_matches('\r');
        if line.trim().is_empty() {
            continue;
        }
        let line_no = line_idx + 1;
        let record_source = format!("{source}:{line_no}");
        let id = content_id(line.as_bytes());
        let reject = |reason, detail: String| Rejection {
            id: id.clone(),
            source: record_source.clone(),
            reason,
            detail,
            size: u64::try_from(line.len()).unwrap_or(u64::MAX),
            bytes: line.as_bytes().to_vec(),
        };
        let object = match serde_json::from_str::<Value>(line) {
            Ok(Value::Object(object)) => object,
            Ok(other) => {
                let kind = json_kind(&other);
                out.rejections.push(reject(
                    RejectReason::InvalidJson,
                    format!("a JSON {kind}, not an object"),
                ));
                continue;
            }
            Err(error) => {
                out.rejections
                    .push(reject(RejectReason::InvalidJson, format!("not JSON: {error}")));
                continue;
            }
        };
        let Some(text) = first_string(&object, &["text", "body", "content", "lead"]) else {
            out.rejections.push(reject(
                RejectReason::MissingText,
                "no text field (text, body, content or lead)".to_owned(),
            ));
            continue;
        };
        if text.trim().is_empty() {
            out.rejections.push(reject(RejectReason::Empty, "the text field is empty".to_owned()));
            continue;
        }
        let meta = DocumentMeta {
            external_id: first_scalar(&object, &["id", "doc_id"])
                .unwrap_or_else(|| format!("{stem}:{line_no}")),
            url: first_string(&object, &["url", "link"]).map(str::to_owned),
            outlet: first_string(&object, &["outlet", "source", "site"]).map(str::to_owned),
            title: first_string(&object, &["title", "headline"]).map(str::to_owned),
            published: first_string(&object, &["published", "date"]).and_then(Date::parse_iso),
            fetched: first_string(&object, &["fetched"]).and_then(Date::parse_iso),
            http_status: object.get("status").and_then(status_code),
            language: first_string(&object, &["lang", "language"]).map(str::to_owned),
            authors: first_string(&object, &["author", "authors", "byline"])
                .map(|names| vec![names.to_owned()])
                .unwrap_or_default(),
            ..DocumentMeta::default()
        };
        // Mojibake written with JSON escapes ("Fran\u00c3\u00a7ois") survives the file's decoding.
        let (text, encoding) = match crate::repair_mojibake(text) {
            Some(repaired) => (repaired, crate::MOJIBAKE_REPAIRED),
            None => (text.to_owned(), decoded.encoding),
        };
        out.documents.push(RawDocument {
            id,
            source: record_source,
            format: SourceFormat::Jsonl,
            encoding: encoding.to_owned(),
            bytes: line.as_bytes().to_vec(),
            text,
            meta,
        });
    }
    out
}

fn first_string<'m>(object: &'m Map<String, Value>, keys: &[&str]) -> Option<&'m str> {
    keys.iter().find_map(|key| object.get(*key).and_then(Value::as_str))
}

fn first_scalar(object: &Map<String, Value>, keys: &[&str]) -> Option<String> {
    keys.iter().find_map(|key| match object.get(*key)? {
        Value::String(text) if !text.is_empty() => Some(text.clone()),
        Value::Number(number) => Some(number.to_string()),
        _ => None,
    })
}

fn status_code(value: &Value) -> Option<u16> {
    match value {
        Value::Number(number) => number.as_u64().and_then(|n| u16::try_from(n).ok()),
        Value::String(text) => text.trim().parse().ok(),
        _ => None,
    }
}

fn json_kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_records_and_sets_aside_bad_lines() {
        let feed = concat!(
            r#"{"id": "a1", "url": "https://news.example/x", "outlet": "Example News", "title": "T", "published": "2026-01-16T08:00:00Z", "status": 200, "text": "Body.\nMore."}"#,
            "\n",
            "not json at all\n",
            "[1, 2]\n",
            r#"{"title": "no text"}"#,
            "\n\n",
            r#"{"doc_id": 7, "lead": "Only a lead."}"#,
            "\n"
        );
        let read = read("feed.jsonl", feed.as_bytes());
        assert_eq!(read.documents.len(), 2);
        let first = &read.documents[0];
        assert_eq!(first.text, "Body.\nMore.");
        assert_eq!(first.meta.external_id, "a1");
        assert_eq!(first.meta.published.map(|d| d.to_string()).as_deref(), Some("2026-01-16"));
        assert_eq!(first.meta.http_status, Some(200));
        assert_eq!(first.source, "feed.jsonl:1");
        assert_eq!(read.documents[1].meta.external_id, "7");
        let reasons: Vec<_> =
            read.rejections.iter().map(|r| (r.source.as_str(), r.reason)).collect();
        assert_eq!(
            reasons,
            [
                ("feed.jsonl:2", RejectReason::InvalidJson),
                ("feed.jsonl:3", RejectReason::InvalidJson),
                ("feed.jsonl:4", RejectReason::MissingText),
            ]
        );
    }

    #[test]
    fn escaped_mojibake_in_a_record_is_repaired() {
        let feed = r#"{"text": "Fran\u00c3\u00a7ois Velmor spoke.", "title": "T"}"#;
        let repaired = read("feed.jsonl", feed.as_bytes());
        assert_eq!(repaired.documents[0].text, "François Velmor spoke.");
        assert_eq!(repaired.documents[0].encoding, crate::MOJIBAKE_REPAIRED);
        let plain = read("feed.jsonl", r#"{"text": "Caf\u00e9 opens.", "title": "T"}"#.as_bytes());
        assert_eq!(plain.documents[0].encoding, "utf-8");
    }
}

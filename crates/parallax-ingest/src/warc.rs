use std::io::{BufRead, Read as _};

use parallax_model::RejectReason;

use crate::decode::find;
use crate::gz;
use crate::html::{self, Fetch};
use crate::{IngestConfig, Read};

/// Longest header block of a WARC record or of the HTTP response inside it.
const MAX_HEADER_BYTES: usize = 64 * 1024;

/// Reads a WARC archive (plain, or gzip with one member per record as CC-NEWS writes it) from a
/// stream: every `response` record whose HTTP `Content-Type` is HTML becomes a page; other records
/// are counted in [`Read::skipped`]; a broken record is set aside and reading resumes at the next
/// `WARC/` line; a record larger than the document limit is set aside without being held.
pub(crate) fn read_stream(source: &str, input: &mut dyn BufRead, config: &IngestConfig) -> Read {
    let mut out = Read::default();
    let mut n_record = 0usize;
    loop {
        let header = match next_header(input) {
            Ok(Some(header)) => header,
            Ok(None) => break,
            Err(detail) => {
                let name = format!("{source}#{}", n_record + 1);
                out.extend(Read::rejected(&name, &[], RejectReason::Corrupt, detail));
                break;
            }
        };
        n_record += 1;
        let name = format!("{source}#{n_record}");
        let Some(length) = header_value(&header.lines, "content-length")
            .and_then(|value| value.trim().parse::<u64>().ok())
        else {
            let detail = "WARC record without a valid Content-Length".to_owned();
            out.extend(Read::rejected(&name, header.raw.as_bytes(), RejectReason::Corrupt, detail));
            continue;
        };
        let record_type =
            header_value(&header.lines, "warc-type").unwrap_or("").to_ascii_lowercase();
        if length > config.max_document_bytes {
            let skipped = std::io::copy(&mut input.take(length), &mut std::io::sink());
            let detail = format!(
                "WARC record of {length} bytes, over the limit of {} bytes",
                config.max_document_bytes
            );
            let mut read = Read::rejected(&name, &[], RejectReason::TooLarge, detail);
            if let Some(rejection) = read.rejections.first_mut() {
                rejection.size = length;
            }
            out.extend(read);
            if skipped.is_err() {
                break;
            }
            skip_record_end(input);
            continue;
        }
        let mut block = Vec::new();
        let read_len = input.take(length).read_to_end(&mut block);
        let truncated = read_len.is_err() || u64::try_from(block.len()).unwrap_or(0) < length;
        if truncated {
            let detail = format!(
                "WARC record cut short: {} of {length} bytes before the archive ends",
                block.len()
            );
            out.extend(Read::rejected(&name, &block, RejectReason::Corrupt, detail));
            break;
        }
        if !skip_record_end(input) {
            let detail = format!(
                "WARC record's Content-Length ({length}) does not end at the record boundary"
            );
            out.extend(Read::rejected(&name, &block, RejectReason::Corrupt, detail));
            resync(input);
            continue;
        }
        if record_type != "response" {
            *out.skipped.entry(format!("warc {record_type} record")).or_default() += 1;
            continue;
        }
        let mut fetch = Fetch {
            url: header_value(&header.lines, "warc-target-uri")
                .map(|uri| uri.trim().trim_start_matches('<').trim_end_matches('>').to_owned()),
            fetched: header_value(&header.lines, "warc-date").and_then(parallax_html::parse_date),
            ..Fetch::default()
        };
        out.extend(response(&name, &block, &mut fetch, config));
    }
    out
}

/// One `response` record's block: an HTTP response whose payload may be a page.
fn response(name: &str, block: &[u8], fetch: &mut Fetch, config: &IngestConfig) -> Read {
    let Some(split) = find(block, b"\r\n\r\n")
        .map(|at| (at, at + 4))
        .or_else(|| find(block, b"\n\n").map(|at| (at, at + 2)))
    else {
        let detail = "response record without an HTTP header".to_owned();
        return Read::rejected(name, block, RejectReason::Corrupt, detail);
    };
    let head = String::from_utf8_lossy(block.get(..split.0).unwrap_or_default()).into_owned();
    let mut lines = head.lines();
    let status_line = lines.next().unwrap_or_default();
    fetch.http_status = status_line.split_whitespace().nth(1).and_then(|code| code.parse().ok());
    let headers: Vec<&str> = lines.collect();
    let content_type = header_value(&headers, "content-type").unwrap_or("").to_ascii_lowercase();
    let mut read = Read::default();
    if !(content_type.contains("html") || content_type.is_empty()) {
        let kind = content_type.split(';').next().unwrap_or_default().trim().to_owned();
        *read.skipped.entry(format!("non-HTML response ({kind})")).or_default() += 1;
        return read;
    }
    fetch.charset = crate::decode::charset_in(content_type.as_bytes());
    let mut payload = block.get(split.1..).unwrap_or_default().to_vec();
    let chunked = header_value(&headers, "transfer-encoding")
        .is_some_and(|value| value.to_ascii_lowercase().contains("chunked"));
    if chunked {
        match dechunk(&payload) {
            Some(body) => payload = body,
            None => {
                let detail = "HTTP payload with broken chunked encoding".to_owned();
                return Read::rejected(name, &payload, RejectReason::Corrupt, detail);
            }
        }
    }
    if gz::is_gzip(&payload) {
        match gz::gunzip(&payload, config.max_document_bytes) {
            Ok(inflated) => payload = inflated,
            Err(error) => {
                let detail = format!("HTTP payload {error}");
                return Read::rejected(name, &payload, error.reason(), detail);
            }
        }
    }
    let external_id = fetch.url.clone().unwrap_or_else(|| name.to_owned());
    html::read(name, external_id, &payload, fetch)
}

struct Header {
    raw: String,
    lines: Vec<String>,
}

/// Reads the next record's header block, skipping blank lines before it; `None` at the end.
fn next_header(input: &mut dyn BufRead) -> Result<Option<Header>, String> {
    let mut raw = String::new();
    let mut line = Vec::new();
    // Skip to the version line.
    loop {
        line.clear();
        let n = input
            .read_until(b'\n', &mut line)
            .map_err(|error| format!("archive cannot be read further: {error}"))?;
        if n == 0 {
            return Ok(None);
        }
        if line.starts_with(b"WARC/") {
            break;
        }
        if !line.trim_ascii().is_empty() {
            return Err("expected a WARC/ version line".to_owned());
        }
    }
    raw.push_str(&String::from_utf8_lossy(&line));
    let mut lines = Vec::new();
    loop {
        line.clear();
        let n = input
            .read_until(b'\n', &mut line)
            .map_err(|error| format!("archive cannot be read further: {error}"))?;
        if n == 0 || line.trim_ascii().is_empty() {
            break;
        }
        raw.push_str(&String::from_utf8_lossy(&line));
        if raw.len() > MAX_HEADER_BYTES {
            return Err(format!("WARC header longer than {MAX_HEADER_BYTES} bytes"));
        }
        lines.push(String::from_utf8_lossy(line.trim_ascii()).into_owned());
    }
    Ok(Some(Header { raw, lines }))
}

/// The value of header `name` (case-insensitive) among `Name: value` lines.
fn header_value<'l, S: AsRef<str>>(lines: &'l [S], name: &str) -> Option<&'l str> {
    lines.iter().find_map(|line| {
        let (key, value) = line.as_ref().split_once(':')?;
        key.trim().eq_ignore_ascii_case(name).then_some(value.trim())
    })
}

/// Consumes the blank lines that end a record; false when something else follows.
fn skip_record_end(input: &mut dyn BufRead) -> bool {
    loop {
        let Ok(buffer) = input.fill_buf() else { return false };
        match buffer.first() {
            None => return true,
            Some(b'\r' | b'\n') => input.consume(1),
            Some(b'W') => return buffer.starts_with(b"WARC/") || buffer.len() < 5,
            Some(_) => return false,
        }
    }
}

/// Skips bytes up to the next line that starts with `WARC/`.
fn resync(input: &mut dyn BufRead) {
    let mut line = Vec::new();
    loop {
        let Ok(buffer) = input.fill_buf() else { return };
        if buffer.is_empty() || buffer.starts_with(b"WARC/") {
            return;
        }
        line.clear();
        if input.read_until(b'\n', &mut line).unwrap_or(0) == 0 {
            return;
        }
    }
}

/// Decodes an HTTP chunked body; `None` when the chunk sizes do not fit.
fn dechunk(body: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::new();
    let mut rest = body;
    loop {
        let line_end = find(rest, b"\r\n")?;
        let size_text = String::from_utf8_lossy(rest.get(..line_end)?).into_owned();
        let size = usize::from_str_radix(size_text.split(';').next()?.trim(), 16).ok()?;
        rest = rest.get(line_end + 2..)?;
        if size == 0 {
            return Some(out);
        }
        out.extend_from_slice(rest.get(..size)?);
        rest = rest.get(size..)?;
        rest = rest.strip_prefix(b"\r\n").unwrap_or(rest);
    }
}

#[cfg(test)]
mod tests {
    use std::io::Write as _;

    use super::*;

    fn record(kind: &str, uri: &str, block: &str) -> String {
        format!(
            "WARC/1.0\r\nWARC-Type: {kind}\r\nWARC-Target-URI: {uri}\r\nWARC-Date: 2026-01-16T09:00:00Z\r\nContent-Length: {}\r\n\r\n{block}\r\n\r\n",
            block.len()
        )
    }

    fn page(status: &str, content_type: &str, body: &str) -> String {
        format!("HTTP/1.1 {status}\r\nContent-Type: {content_type}\r\n\r\n{body}")
    }

    const BODY: &str = "<html><head><title>Quay reopens</title></head><body><article><p>The quay reopened on Friday morning after repairs to the wall, the harbour master said.</p></article></body></html>";

    #[test]
    fn reads_responses_skips_other_records_and_sets_aside_broken_ones() {
        let mut archive = String::new();
        archive.push_str(&record("warcinfo", "", "software: test"));
        archive.push_str(&record("request", "https://a.example/1", "GET /1 HTTP/1.1\r\n\r\n"));
        archive.push_str(&record(
            "response",
            "https://a.example/1",
            &page("200 OK", "text/html; charset=utf-8", BODY),
        ));
        archive.push_str(&record(
            "response",
            "https://a.example/logo.png",
            &page("200 OK", "image/png", "PNG"),
        ));
        // A record whose length is wrong: it claims 5 bytes and holds more.
        archive.push_str("WARC/1.0\r\nWARC-Type: response\r\nContent-Length: 5\r\n\r\nHTTP/1.1 200 OK\r\n\r\n<p>x</p>\r\n\r\n");
        archive.push_str(&record(
            "response",
            "https://a.example/2",
            &page("404 Not Found", "text/html", "<h1>Page not found</h1>"),
        ));
        let config = IngestConfig::default();
        let read = read_stream("crawl.warc", &mut archive.as_bytes(), &config);
        assert_eq!(read.documents.len(), 2, "{:?}", read.rejections);
        let first = &read.documents[0];
        assert_eq!(first.meta.url.as_deref(), Some("https://a.example/1"));
        assert_eq!(first.meta.http_status, Some(200));
        assert_eq!(first.meta.fetched, parallax_model::Date::from_ymd(2026, 1, 16));
        assert!(first.text.starts_with("The quay reopened"));
        let second = &read.documents[1];
        assert_eq!(second.meta.http_status, Some(404));
        assert_eq!(
            second.meta.status_hint.as_ref().map(|(status, _)| status.as_str()),
            Some("http-error")
        );
        assert_eq!(read.rejections.len(), 1);
        assert_eq!(read.rejections[0].reason, RejectReason::Corrupt);
        assert_eq!(read.rejections[0].source, "crawl.warc#5");
        let skipped: usize = read.skipped.values().sum();
        assert_eq!(skipped, 3, "{:?}", read.skipped);
    }

    #[test]
    fn gzip_members_chunked_payloads_and_truncation() {
        let chunked = format!(
            "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nTransfer-Encoding: chunked\r\n\r\n{:x}\r\n{BODY}\r\n0\r\n\r\n",
            BODY.len()
        );
        let text = record("response", "https://a.example/3", &chunked);
        let mut gz = Vec::new();
        for _ in 0..2 {
            let mut encoder =
                flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
            encoder.write_all(text.as_bytes()).unwrap();
            gz.extend(encoder.finish().unwrap());
        }
        let config = IngestConfig::default();
        let whole = crate::read_bytes("cc.warc.gz", &gz, &config);
        assert_eq!(whole.documents.len(), 2);
        assert!(whole.documents[0].text.starts_with("The quay"));
        let cut = crate::read_bytes("cc.warc.gz", &gz[..gz.len() - 20], &config);
        assert_eq!(cut.documents.len(), 1);
        assert_eq!(cut.rejections[0].reason, RejectReason::Corrupt);
    }
}

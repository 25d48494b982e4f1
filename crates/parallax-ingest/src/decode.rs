use parallax_model::RejectReason;

/// Text decoded from bytes, with the name of the encoding used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decoded {
    /// The decoded text. For UTF-8 input it is byte-for-byte the input, unless mojibake was
    /// repaired ([`repair_mojibake`]).
    pub text: String,
    /// `utf-8`, `utf-8, mojibake repaired`, `utf-16le`, `utf-16be`, `windows-1252` or a
    /// declared encoding's name.
    pub encoding: &'static str,
}

/// Largest share of control characters a text may have before it is called binary.
const MAX_CONTROL_SHARE: f64 = 0.01;
/// Bytes of a text over which the share of control characters is measured.
const CONTROL_SAMPLE: usize = 64 * 1024;
/// Largest share of non-ASCII characters a Windows-1252 guess may have: more means another encoding.
const MAX_NON_ASCII_SHARE_1252: f64 = 0.25;
/// Bytes that Windows-1252 leaves undefined: seeing one means the guess is wrong.
const UNDEFINED_1252: [u8; 5] = [0x81, 0x8d, 0x8f, 0x90, 0x9d];

/// Decodes bytes as text: UTF-16 with a byte-order mark, UTF-8, then Windows-1252 before rejecting.
/// Whitespace-only input is `empty`; NUL bytes or many control characters are `binary`.
pub fn decode(bytes: &[u8]) -> Result<Decoded, (RejectReason, String)> {
    if let Some((encoding, bom_len)) = encoding_rs::Encoding::for_bom(bytes) {
        if encoding == encoding_rs::UTF_16LE || encoding == encoding_rs::UTF_16BE {
            let body = bytes.get(bom_len..).unwrap_or_default();
            let (text, had_errors) = encoding.decode_without_bom_handling(body);
            if had_errors {
                return Err((RejectReason::BadEncoding, format!("invalid {}", encoding.name())));
            }
            let name = if encoding == encoding_rs::UTF_16LE { "utf-16le" } else { "utf-16be" };
            return check_text(text.into_owned(), name);
        }
    }
    let head = bytes.get(..8192).unwrap_or(bytes);
    if head.contains(&0) {
        return Err((RejectReason::Binary, "contains NUL bytes".to_owned()));
    }
    match std::str::from_utf8(bytes) {
        Ok(text) => match repair_mojibake(text) {
            Some(repaired) => check_text(repaired, MOJIBAKE_REPAIRED),
            None => check_text(text.to_owned(), "utf-8"),
        },
        Err(utf8_error) => {
            if let Some(byte) = bytes.iter().find(|byte| UNDEFINED_1252.contains(byte)) {
                return Err((
                    RejectReason::BadEncoding,
                    format!(
                        "not UTF-8 (invalid byte at offset {}) and not Windows-1252 (byte 0x{byte:02x} is undefined there)",
                        utf8_error.valid_up_to()
                    ),
                ));
            }
            let (text, _, _) = encoding_rs::WINDOWS_1252.decode(bytes);
            let n_chars = text.chars().count().max(1);
            let n_non_ascii = text.chars().filter(|ch| !ch.is_ascii()).count();
            #[expect(clippy::cast_precision_loss, reason = "a share of counts")]
            let share = n_non_ascii as f64 / n_chars as f64;
            if share > MAX_NON_ASCII_SHARE_1252 {
                return Err((
                    RejectReason::BadEncoding,
                    format!(
                        "not UTF-8 (invalid byte at offset {}); as Windows-1252 {:.0}% of characters would be non-ASCII",
                        utf8_error.valid_up_to(),
                        share * 100.0
                    ),
                ));
            }
            check_text(text.into_owned(), "windows-1252")
        }
    }
}

/// The encoding recorded for UTF-8 text whose mojibake was repaired.
pub const MOJIBAKE_REPAIRED: &str = "utf-8, mojibake repaired";

/// Repairs mojibake: UTF-8 that was once read as Windows-1252 (or Latin-1) and written out
/// again as UTF-8, so that "é" reads "Ã©" and "’" reads "â€™". Each character that stands for a
/// byte of 0x80 or more in Windows-1252 is taken as that byte, and a run of them that forms one
/// whole UTF-8 character is replaced by it; anything else is left as it is, so text with no
/// such run (including ordinary accented text: "é" alone is no UTF-8 sequence) comes back
/// `None`. Two layers ("Ã¢â‚¬â„¢") take two rounds.
pub fn repair_mojibake(text: &str) -> Option<String> {
    let mut current: Option<String> = None;
    for _ in 0..2 {
        let source = current.as_deref().unwrap_or(text);
        match repair_once(source) {
            Some(repaired) => current = Some(repaired),
            None => break,
        }
    }
    current
}

/// The byte a character stands for in Windows-1252 (Latin-1 for the five bytes Windows-1252
/// leaves undefined), when it is 0x80 or more.
fn high_byte(ch: char) -> Option<u8> {
    let code = u32::from(ch);
    if (0xa0..=0xff).contains(&code) || [0x81, 0x8d, 0x8f, 0x90, 0x9d].contains(&code) {
        return u8::try_from(code).ok();
    }
    // Windows-1252's characters outside Latin-1 run from U+0152 ("Œ") to U+2122 ("™"): others
    // are not asked of the encoder, which would allocate for each.
    if !(0x152..=0x2122).contains(&code) {
        return None;
    }
    let mut buffer = [0u8; 4];
    let (bytes, _, unmappable) = encoding_rs::WINDOWS_1252.encode(ch.encode_utf8(&mut buffer));
    match (unmappable, bytes.as_ref()) {
        (false, [byte]) if *byte >= 0x80 => Some(*byte),
        _ => None,
    }
}

fn repair_once(text: &str) -> Option<String> {
    // Cheap test first: every mojibake sequence opens with a character from U+00C2 to U+00F4.
    if !text.chars().any(|ch| ('\u{c2}'..='\u{f4}').contains(&ch)) {
        return None;
    }
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let (mut idx, mut repaired) = (0, false);
    while let Some(&ch) = chars.get(idx) {
        let width = match high_byte(ch) {
            Some(0xc2..=0xdf) => 2,
            Some(0xe0..=0xef) => 3,
            Some(0xf0..=0xf4) => 4,
            _ => 0,
        };
        let bytes: Option<Vec<u8>> = (width > 0)
            .then(|| chars.get(idx..idx + width)?.iter().map(|&c| high_byte(c)).collect())
            .flatten();
        let decoded = bytes.as_deref().and_then(|bytes| std::str::from_utf8(bytes).ok());
        // A C1 control is no character anyone meant.
        match decoded.filter(|d| !d.chars().any(|c| ('\u{80}'..'\u{a0}').contains(&c))) {
            Some(original) => {
                out.push_str(original);
                idx += width;
                repaired = true;
            }
            None => {
                out.push(ch);
                idx += 1;
            }
        }
    }
    repaired.then_some(out)
}

/// Decodes bytes whose encoding a header or the markup declares (`label`, such as `iso-8859-1`
/// or `Shift_JIS`); a UTF-16 byte-order mark wins, and a declaration that the bytes contradict
/// (invalid sequences) falls back to [`decode`].
pub fn decode_declared(
    bytes: &[u8],
    label: Option<&str>,
) -> Result<Decoded, (RejectReason, String)> {
    let declared =
        label.and_then(|label| encoding_rs::Encoding::for_label(label.trim().as_bytes()));
    let Some(encoding) = declared else { return decode(bytes) };
    if encoding == encoding_rs::UTF_8
        || encoding == encoding_rs::UTF_16LE
        || encoding == encoding_rs::UTF_16BE
        || encoding_rs::Encoding::for_bom(bytes).is_some()
    {
        return decode(bytes);
    }
    let head = bytes.get(..8192).unwrap_or(bytes);
    if head.contains(&0) {
        return Err((RejectReason::Binary, "contains NUL bytes".to_owned()));
    }
    let (text, had_errors) = encoding.decode_without_bom_handling(bytes);
    if had_errors {
        return decode(bytes);
    }
    let name = if encoding == encoding_rs::WINDOWS_1252 { "windows-1252" } else { encoding.name() };
    check_text(text.into_owned(), name)
}

/// The `charset` an HTML page declares in its first 4 KiB (`<meta charset=…>` or
/// `<meta http-equiv=Content-Type content="…; charset=…">`).
pub fn sniff_html_charset(bytes: &[u8]) -> Option<String> {
    let head = bytes.get(..4096).unwrap_or(bytes).to_ascii_lowercase();
    let mut from = 0;
    while let Some(at) = find(head.get(from..)?, b"<meta") {
        let tag_start = from + at;
        let tag_end = find(head.get(tag_start..)?, b">").map_or(head.len(), |end| tag_start + end);
        let tag = head.get(tag_start..tag_end)?;
        if let Some(label) = charset_in(tag) {
            return Some(label);
        }
        from = tag_end;
    }
    None
}

/// The value after `charset=` in a tag or a `Content-Type` header value.
pub fn charset_in(text: &[u8]) -> Option<String> {
    let at = find(&text.to_ascii_lowercase(), b"charset")?;
    let rest = text.get(at + 7..)?;
    let rest = rest.strip_prefix(b" ").unwrap_or(rest);
    let rest = rest.strip_prefix(b"=")?;
    let rest: &[u8] = rest.trim_ascii_start();
    let rest = rest.strip_prefix(b"\"").or_else(|| rest.strip_prefix(b"'")).unwrap_or(rest);
    let label: Vec<u8> = rest
        .iter()
        .copied()
        .take_while(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b':' | b'.'))
        .collect();
    (!label.is_empty()).then(|| String::from_utf8_lossy(&label).into_owned())
}

/// The offset of the first `needle` in `haystack`.
pub(crate) fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|window| window == needle)
}

fn check_text(text: String, encoding: &'static str) -> Result<Decoded, (RejectReason, String)> {
    if text.trim_matches(|ch: char| ch.is_whitespace() || ch == '\u{feff}').is_empty() {
        return Err((RejectReason::Empty, "no text (empty or whitespace only)".to_owned()));
    }
    // Counted on bytes (the text is valid UTF-8): characters are the bytes that are not
    // continuation bytes; controls are C0 (but tab, newline, form feed, return), DEL, and the C1
    // range U+0080..U+009F, which UTF-8 writes as 0xC2 0x80..0x9F.
    let (mut n_chars, mut n_control, mut previous) = (0usize, 0usize, 0u8);
    // The share is estimated on the first CONTROL_SAMPLE bytes: binary data shows at once, and a
    // large page costs no more to check than a small one.
    let sample = text.as_bytes().get(..CONTROL_SAMPLE).unwrap_or(text.as_bytes());
    for &byte in sample {
        n_chars += usize::from((byte as i8) >= -0x40);
        let c0 = (byte < 0x20 && !matches!(byte, b'\n' | b'\r' | b'\t' | 0x0c)) || byte == 0x7f;
        let c1 = previous == 0xc2 && (0x80..0xa0).contains(&byte);
        n_control += usize::from(c0 || c1);
        previous = byte;
    }
    #[expect(clippy::cast_precision_loss, reason = "a share of counts")]
    let share = n_control as f64 / n_chars as f64;
    if share > MAX_CONTROL_SHARE {
        return Err((RejectReason::Binary, format!("{n_control} control characters in {n_chars}")));
    }
    Ok(Decoded { text, encoding })
}

#[cfg(test)]
mod tests {
    use super::*;
    use test_case::test_case;

    #[test_case(b"plain text", Ok("utf-8"); "utf8")]
    #[test_case(b"caf\xe9 cr\xe8me", Ok("windows-1252"); "latin")]
    #[test_case(b"\xff\xfeh\x00i\x00", Ok("utf-16le"); "utf16 bom")]
    #[test_case(b"  \n\t ", Err("empty"); "whitespace")]
    #[test_case(b"", Err("empty"); "nothing")]
    #[test_case(b"PK\x03\x04\x00\x00", Err("binary"); "zip")]
    #[test_case(b"a\x01\x02\x03\x04\x05b", Err("binary"); "controls")]
    #[test_case(b"\x81\x82 text", Err("bad-encoding"); "undefined 1252")]
    #[test_case(b"\xe3\x81\xe3\x82\xe3\x83\xa4\xa5\xa6\xa7", Err("bad-encoding"); "other encoding")]
    fn decodes(bytes: &[u8], expected: Result<&str, &str>) {
        let got = decode(bytes).map(|d| d.encoding).map_err(|(reason, _)| reason.as_str());
        assert_eq!(got, expected);
    }

    #[test]
    fn declared_charsets_are_used_and_checked() {
        let page = b"<html><head><meta http-equiv='Content-Type' content='text/html; charset=ISO-8859-1'></head>caf\xe9";
        assert_eq!(sniff_html_charset(page).as_deref(), Some("iso-8859-1"));
        let decoded = decode_declared(page, Some("iso-8859-1")).unwrap();
        assert!(decoded.text.ends_with("café"));
        assert_eq!(decoded.encoding, "windows-1252");
        let koi8 = decode_declared(b"\xf0\xd2\xc9\xd7\xc5\xd4", Some("koi8-r")).unwrap();
        assert_eq!(koi8.text, "Привет");
        // A UTF-8 page that claims Latin-1 in error still reads as UTF-8 when it is valid UTF-8.
        assert_eq!(decode_declared("é".as_bytes(), Some("utf-8")).unwrap().text, "é");
        assert_eq!(sniff_html_charset(b"<meta charset=\"utf-8\">").as_deref(), Some("utf-8"));
        assert_eq!(sniff_html_charset(b"<p>charset=x</p>"), None);
    }

    #[test]
    fn mojibake_is_repaired_and_recorded() {
        let decoded =
            decode("Fran\u{c3}\u{a7}ois said it\u{e2}\u{20ac}\u{2122}s done.".as_bytes()).unwrap();
        assert_eq!(decoded.text, "François said it’s done.");
        assert_eq!(decoded.encoding, MOJIBAKE_REPAIRED);
        // Two layers, and a non-breaking space read as Latin-1.
        assert_eq!(
            repair_mojibake("don\u{c3}\u{a2}\u{e2}\u{201a}\u{ac}\u{e2}\u{201e}\u{a2}t").as_deref(),
            Some("don’t")
        );
        assert_eq!(repair_mojibake("\u{c3}\u{a0} la carte").as_deref(), Some("à la carte"));
        // Ordinary accented text, and characters that make no whole sequence, are left alone.
        for text in ["café crème, naïve São Paulo", "£5 — “quoted”", "Ã alone", "Ã©"]
        {
            let expected = (text == "Ã©").then(|| "é".to_owned());
            assert_eq!(repair_mojibake(text), expected, "{text}");
        }
        assert_eq!(decode("café".as_bytes()).unwrap().encoding, "utf-8");
    }

    #[test]
    fn windows_1252_keeps_one_char_per_byte() {
        let bytes = b"caf\xe9 \x93quoted\x94";
        let decoded = decode(bytes).unwrap();
        assert_eq!(decoded.text, "café “quoted”");
        assert_eq!(decoded.text.chars().count(), bytes.len());
    }
}

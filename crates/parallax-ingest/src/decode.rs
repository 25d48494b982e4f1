use parallax_model::RejectReason;

/// Text decoded from bytes, with the name of the encoding used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decoded {
    /// The decoded text. For UTF-8 input it is byte-for-byte the input.
    pub text: String,
    /// `utf-8`, `utf-16le`, `utf-16be` or `windows-1252`.
    pub encoding: &'static str,
}

/// Largest share of control characters a text may have before it is called binary.
const MAX_CONTROL_SHARE: f64 = 0.01;
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
        Ok(text) => check_text(text.to_owned(), "utf-8"),
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

fn check_text(text: String, encoding: &'static str) -> Result<Decoded, (RejectReason, String)> {
    if text.trim_matches(|ch: char| ch.is_whitespace() || ch == '\u{feff}').is_empty() {
        return Err((RejectReason::Empty, "no text (empty or whitespace only)".to_owned()));
    }
    let n_chars = text.chars().count();
    let n_control = text
        .chars()
        .filter(|ch| ch.is_control() && !matches!(ch, '\n' | '\r' | '\t' | '\u{c}'))
        .count();
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
    fn windows_1252_keeps_one_char_per_byte() {
        let bytes = b"caf\xe9 \x93quoted\x94";
        let decoded = decode(bytes).unwrap();
        assert_eq!(decoded.text, "café “quoted”");
        assert_eq!(decoded.text.chars().count(), bytes.len());
    }
}

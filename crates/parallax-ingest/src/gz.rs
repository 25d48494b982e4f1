use std::io::Read as _;

use parallax_model::RejectReason;

/// True when `bytes` start with the gzip magic number.
pub(crate) fn is_gzip(bytes: &[u8]) -> bool {
    bytes.starts_with(&[0x1f, 0x8b])
}

/// Inflates gzip data (all members, as `cat a.gz b.gz` makes), refusing to produce more than `cap`
/// bytes: a gzip bomb stops at the cap instead of filling memory.
pub(crate) fn gunzip(bytes: &[u8], cap: u64) -> Result<Vec<u8>, GzError> {
    let mut out = Vec::new();
    let decoder = flate2::read::MultiGzDecoder::new(bytes);
    let read = decoder.take(cap.saturating_add(1)).read_to_end(&mut out);
    match read {
        Ok(_) if u64::try_from(out.len()).unwrap_or(u64::MAX) > cap => Err(GzError::TooLarge(cap)),
        Ok(_) => Ok(out),
        Err(error) => Err(GzError::Corrupt(error.to_string())),
    }
}

/// Why gzip data could not be inflated.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum GzError {
    /// It inflates to more than the cap (bytes).
    TooLarge(u64),
    /// Truncated or invalid.
    Corrupt(String),
}

impl GzError {
    /// The reason an input that fails this way is set aside for.
    pub(crate) fn reason(&self) -> RejectReason {
        match self {
            GzError::TooLarge(_) => RejectReason::TooLarge,
            GzError::Corrupt(_) => RejectReason::Corrupt,
        }
    }
}

impl std::fmt::Display for GzError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            GzError::TooLarge(cap) => write!(f, "inflates to more than {cap} bytes"),
            GzError::Corrupt(detail) => write!(f, "broken gzip data: {detail}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use std::io::Write as _;

    use super::*;

    fn gzip(bytes: &[u8]) -> Vec<u8> {
        let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        encoder.write_all(bytes).unwrap();
        encoder.finish().unwrap()
    }

    #[test]
    fn inflates_members_and_refuses_bombs_and_truncation() {
        let mut two = gzip(b"hello ");
        two.extend(gzip(b"world"));
        assert!(is_gzip(&two));
        assert_eq!(gunzip(&two, 100).unwrap(), b"hello world");
        let bomb = gzip(&vec![0u8; 1_000_000]);
        assert!(bomb.len() < 10_000);
        assert_eq!(gunzip(&bomb, 10_000), Err(GzError::TooLarge(10_000)));
        let whole = gzip(&b"some text that is long enough ".repeat(50));
        let cut = &whole[..whole.len() / 2];
        assert!(matches!(gunzip(cut, 1_000_000), Err(GzError::Corrupt(_))));
    }
}

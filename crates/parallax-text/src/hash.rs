/// FNV-1a 64-bit hash of bytes: stable across platforms, Rust versions and runs.
pub fn fnv1a(bytes: &[u8]) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in bytes {
        hash ^= u64::from(*byte);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    hash
}

/// FNV-1a 64-bit hash of a string's UTF-8 bytes.
pub fn fnv1a_str(text: &str) -> u64 {
    fnv1a(text.as_bytes())
}

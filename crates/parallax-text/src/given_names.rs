//! Given names of one gender: the 1990 US census given-name lists, kept where a name's share
//! among one gender is at least five times its share among the other (5,055 names, stored as
//! hashes in `data/name-genders.bin`, rebuilt by `scripts/name-genders.sh`).

use std::sync::OnceLock;

/// The gender a given name shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Gender {
    /// A man's name.
    Male,
    /// A woman's name.
    Female,
}

/// The given names of one gender, as FNV-1a hashes of the lowercase name, sorted.
fn given_names() -> &'static [(u64, Gender)] {
    static NAMES: OnceLock<Vec<(u64, Gender)>> = OnceLock::new();
    NAMES.get_or_init(|| parse_given_names(include_bytes!("../data/name-genders.bin")))
}

/// Reads the table `scripts/name-genders.sh` writes; anything malformed gives no names.
fn parse_given_names(bytes: &[u8]) -> Vec<(u64, Gender)> {
    let Some(body) = bytes.strip_prefix(b"PXGEN01\n") else { return Vec::new() };
    let Some((count, entries)) = body.split_first_chunk::<4>() else { return Vec::new() };
    let count = usize::try_from(u32::from_le_bytes(*count)).unwrap_or(0);
    if entries.len() != count * 9 {
        return Vec::new();
    }
    entries
        .chunks_exact(9)
        .map(|entry| {
            let mut hash = [0_u8; 8];
            hash.copy_from_slice(&entry[..8]);
            let gender = if entry[8] == 1 { Gender::Female } else { Gender::Male };
            (u64::from_le_bytes(hash), gender)
        })
        .collect()
}

/// The gender of a given name (one word, any case), when the census lists it for one gender:
/// "Hillary" and "Donald", not "Terry" (both) nor "Vladimir" (not listed).
pub fn given_name_gender(word: &str) -> Option<Gender> {
    let hash = crate::fnv1a_str(&word.to_lowercase());
    let names = given_names();
    names.binary_search_by_key(&hash, |&(h, _)| h).ok().map(|at| names[at].1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn given_names_of_one_gender_give_it() {
        assert!(given_names().len() > 4_000);
        assert_eq!(given_name_gender("Hillary"), Some(Gender::Female));
        assert_eq!(given_name_gender("donald"), Some(Gender::Male));
        assert_eq!(given_name_gender("Terry"), None, "a name of both");
        assert_eq!(given_name_gender("Vladimir"), None, "not in the census lists");
        assert!(parse_given_names(b"PXGEN01\n\x02\0\0\0short").is_empty());
    }
}

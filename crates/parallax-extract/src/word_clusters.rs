//! Word clusters as tagger features: for each whole word of MiniLM's vocabulary, its cluster at
//! several granularities (spherical k-means of the distilled static table, see
//! `parallax models clusters`). The table ships in `data/word-clusters.bin`, so that taggers
//! trained with these features need no model files at run time. Words are keyed by a 32-bit
//! FNV-1a hash of their lower-case form: the table holds no text.

use std::sync::OnceLock;

use crate::ExtractError;

const MAGIC: &[u8; 8] = b"PXWCL01\n";

/// Word → cluster ids, one per granularity.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WordClusters {
    /// Clusters at each granularity, coarse to fine.
    sizes: Vec<u16>,
    /// Sorted word hashes.
    keys: Vec<u32>,
    /// `keys.len() × sizes.len()` cluster ids.
    ids: Vec<u16>,
}

fn key(word: &str) -> u32 {
    (parallax_text::fnv1a(word.as_bytes()) & 0xffff_ffff) as u32
}

impl WordClusters {
    /// A table from `(word, one cluster id per granularity)`; `sizes` is the number of clusters
    /// of each granularity. Words are lower-cased; a word met twice keeps its first row.
    pub fn new(sizes: Vec<u16>, words: &[(String, Vec<u16>)]) -> WordClusters {
        let levels = sizes.len();
        let mut rows: Vec<(u32, &[u16])> = words
            .iter()
            .filter(|(_, ids)| ids.len() == levels)
            .map(|(word, ids)| (key(&word.to_lowercase()), ids.as_slice()))
            .collect();
        rows.sort_by_key(|(key, _)| *key);
        rows.dedup_by_key(|(key, _)| *key);
        WordClusters {
            sizes,
            keys: rows.iter().map(|(key, _)| *key).collect(),
            ids: rows.iter().flat_map(|(_, ids)| ids.iter().copied()).collect(),
        }
    }

    /// The table shipped with Parallax.
    pub fn bundled() -> &'static WordClusters {
        static BUNDLED: OnceLock<WordClusters> = OnceLock::new();
        BUNDLED.get_or_init(|| {
            // Checked by the tests; an unreadable table would only cost the cluster features.
            WordClusters::from_bytes(include_bytes!("../data/word-clusters.bin"))
                .unwrap_or_else(|_| WordClusters::new(Vec::new(), &[]))
        })
    }

    /// Granularities, coarse to fine.
    pub fn levels(&self) -> usize {
        self.sizes.len()
    }

    /// Number of words in the table.
    pub fn len(&self) -> usize {
        self.keys.len()
    }

    /// Whether the table holds no words.
    pub fn is_empty(&self) -> bool {
        self.keys.is_empty()
    }

    /// The clusters of a lower-case word, one per granularity, if the word is in the table.
    pub fn of(&self, lower_word: &str) -> Option<&[u16]> {
        let at = self.keys.binary_search(&key(lower_word)).ok()?;
        let levels = self.sizes.len();
        self.ids.get(at * levels..(at + 1) * levels)
    }

    /// The cluster of a lower-case word at one granularity, if the word is in the table.
    pub fn cluster(&self, lower_word: &str, level: usize) -> Option<u16> {
        self.of(lower_word)?.get(level).copied()
    }

    /// The table as bytes: magic, the number of granularities and their sizes (u16), the number
    /// of words, then per word its hash (u32) and cluster ids (u16), all little-endian.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(16 + self.keys.len() * (4 + 2 * self.sizes.len()));
        out.extend_from_slice(MAGIC);
        out.extend_from_slice(&u16::try_from(self.sizes.len()).unwrap_or(0).to_le_bytes());
        for size in &self.sizes {
            out.extend_from_slice(&size.to_le_bytes());
        }
        out.extend_from_slice(&u32::try_from(self.keys.len()).unwrap_or(0).to_le_bytes());
        for (at, key) in self.keys.iter().enumerate() {
            out.extend_from_slice(&key.to_le_bytes());
            for id in &self.ids[at * self.sizes.len()..(at + 1) * self.sizes.len()] {
                out.extend_from_slice(&id.to_le_bytes());
            }
        }
        out
    }

    /// Reads a table written by [`WordClusters::to_bytes`].
    pub fn from_bytes(bytes: &[u8]) -> Result<WordClusters, ExtractError> {
        let bad =
            |reason: &str| ExtractError::BadModel { reason: format!("word clusters: {reason}") };
        let body = bytes.strip_prefix(MAGIC).ok_or_else(|| bad("not a word-cluster table"))?;
        let u16_at = |at: usize| body.get(at..at + 2).map(|b| u16::from_le_bytes([b[0], b[1]]));
        let levels = usize::from(u16_at(0).ok_or_else(|| bad("truncated"))?);
        let sizes: Vec<u16> = (0..levels)
            .map(|level| u16_at(2 + 2 * level).ok_or_else(|| bad("truncated")))
            .collect::<Result<_, _>>()?;
        let at = 2 + 2 * levels;
        let n = body
            .get(at..at + 4)
            .map(|b| u32::from_le_bytes([b[0], b[1], b[2], b[3]]) as usize)
            .ok_or_else(|| bad("truncated"))?;
        let rows = body.get(at + 4..).unwrap_or_default();
        let width = 4 + 2 * levels;
        if rows.len() != n * width {
            return Err(bad(&format!("expected {n} words of {width} bytes")));
        }
        let mut keys = Vec::with_capacity(n);
        let mut ids = Vec::with_capacity(n * levels);
        for row in rows.chunks_exact(width) {
            keys.push(u32::from_le_bytes([row[0], row[1], row[2], row[3]]));
            ids.extend(row[4..].chunks_exact(2).map(|b| u16::from_le_bytes([b[0], b[1]])));
        }
        if keys.windows(2).any(|pair| pair[0] >= pair[1]) {
            return Err(bad("words out of order"));
        }
        if ids
            .chunks_exact(levels.max(1))
            .any(|row| row.iter().zip(&sizes).any(|(id, size)| id >= size))
        {
            return Err(bad("cluster id out of range"));
        }
        Ok(WordClusters { sizes, keys, ids })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn looks_up_round_trips_and_rejects_damage() {
        let table = WordClusters::new(
            vec![2, 4],
            &[("vile".into(), vec![1, 3]), ("calm".into(), vec![0, 1]), ("Odd".into(), vec![0])],
        );
        assert_eq!(table.len(), 2, "a row of the wrong width is left out");
        assert_eq!(table.of("vile"), Some(&[1, 3][..]));
        assert_eq!(table.of("calm"), Some(&[0, 1][..]));
        assert_eq!(table.of("absent"), None);
        let bytes = table.to_bytes();
        assert_eq!(WordClusters::from_bytes(&bytes).unwrap(), table);
        assert!(WordClusters::from_bytes(&bytes[..bytes.len() - 1]).is_err());
        assert!(WordClusters::from_bytes(b"PXNER02\n").is_err());
        let mut wrong = bytes.clone();
        let last = wrong.len() - 2;
        wrong[last] = 9;
        assert!(WordClusters::from_bytes(&wrong).is_err(), "id 9 of 4 clusters");
    }

    #[test]
    fn the_bundled_table_reads_and_groups_alike_words() {
        let table = WordClusters::from_bytes(include_bytes!("../data/word-clusters.bin")).unwrap();
        assert!(table.len() > 10_000);
        assert_eq!(table.levels(), 4);
        let finest = |word: &str| table.of(word).map(|ids| ids[3]);
        // Words of a kind share a mid-sized cluster more often than unrelated words do.
        let mid = |word: &str| table.of(word).map(|ids| ids[1]);
        assert!(finest("monday").is_some());
        assert_eq!(mid("monday"), mid("tuesday"));
        assert_ne!(mid("monday"), mid("brutal"));
    }
}

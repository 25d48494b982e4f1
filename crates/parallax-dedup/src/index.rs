use std::collections::HashMap;

use parallax_model::{DocId, Origin, OriginId};
use parallax_text::{Groups, fnv1a, fnv1a_str, match_key};

/// Near-duplicate detection settings.
#[derive(Debug, Clone, PartialEq)]
pub struct DedupConfig {
    /// Words per shingle. Default: 5.
    pub shingle_words: usize,
    /// MinHash signature length. Default: 128.
    pub n_hashes: usize,
    /// LSH bands; `n_hashes / n_bands` rows each. Default: 32 (4 rows), which finds pairs with a
    /// Jaccard similarity of 0.6 with probability above 0.98.
    pub n_bands: usize,
    /// Estimated Jaccard similarity at or above which two texts are copies. Default: 0.6.
    pub near_duplicate_jaccard: f64,
}

impl Default for DedupConfig {
    fn default() -> Self {
        DedupConfig { shingle_words: 5, n_hashes: 128, n_bands: 32, near_duplicate_jaccard: 0.6 }
    }
}

/// The result: origins, and which documents are exact copies of an earlier one.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Origins {
    /// Every origin, ordered by the position of its founding document.
    pub origins: Vec<Origin>,
    /// `(copy, original)` for each exact copy of an earlier document's cleaned text.
    pub exact_copies: Vec<(DocId, DocId)>,
}

/// A cleaned text as the index compares it: the hash of its loose form (exact copies) and its
/// MinHash signature (near copies).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fingerprint {
    exact: u64,
    signature: Vec<u64>,
}

/// Stateful near-duplicate index: [`OriginIndex::add`] documents in canonical order, then
/// [`OriginIndex::finish`].
#[derive(Debug)]
pub struct OriginIndex {
    config: DedupConfig,
    docs: Vec<DocId>,
    signatures: Vec<Vec<u64>>,
    groups: Groups,
    exact: HashMap<u64, usize>,
    exact_copies: Vec<(DocId, DocId)>,
    buckets: HashMap<(usize, u64), Vec<usize>>,
}

impl OriginIndex {
    /// An empty index.
    pub fn new(config: DedupConfig) -> OriginIndex {
        OriginIndex {
            config,
            docs: Vec::new(),
            signatures: Vec::new(),
            groups: Groups::default(),
            exact: HashMap::new(),
            exact_copies: Vec::new(),
            buckets: HashMap::new(),
        }
    }

    /// Adds a document's cleaned text; documents must come in canonical order, since the first of a
    /// group founds its origin.
    pub fn add(&mut self, doc: DocId, clean_text: &str) {
        let fingerprint = self.fingerprint(clean_text);
        self.add_fingerprint(doc, fingerprint);
    }

    /// What [`OriginIndex::add`] compares of a cleaned text. It reads nothing of the index but its
    /// settings, so a caller may compute many at once (on all cores) and add them in order with
    /// [`OriginIndex::add_fingerprint`].
    pub fn fingerprint(&self, clean_text: &str) -> Fingerprint {
        let key = match_key(clean_text);
        Fingerprint { exact: fnv1a_str(&key), signature: self.signature(&key) }
    }

    /// [`OriginIndex::add`] with the text's [`OriginIndex::fingerprint`] already computed.
    pub fn add_fingerprint(&mut self, doc: DocId, fingerprint: Fingerprint) {
        let Fingerprint { exact: exact_hash, signature } = fingerprint;
        let idx = self.docs.len();
        self.docs.push(doc.clone());
        self.groups.add();
        if let Some(&original) = self.exact.get(&exact_hash) {
            self.exact_copies.push((doc, self.docs[original].clone()));
            self.groups.join(original, idx);
        } else {
            self.exact.insert(exact_hash, idx);
        }
        let rows = (self.config.n_hashes / self.config.n_bands.max(1)).max(1);
        let mut candidates: Vec<usize> = Vec::new();
        for (band_idx, band) in signature.chunks(rows).enumerate() {
            let band_bytes: Vec<u8> = band.iter().flat_map(|value| value.to_le_bytes()).collect();
            let bucket = self.buckets.entry((band_idx, fnv1a(&band_bytes))).or_default();
            candidates.extend(bucket.iter().copied());
            bucket.push(idx);
        }
        candidates.sort_unstable();
        candidates.dedup();
        for other in candidates {
            if estimated_jaccard(&signature, &self.signatures[other])
                >= self.config.near_duplicate_jaccard
            {
                self.groups.join(other, idx);
            }
        }
        self.signatures.push(signature);
    }

    /// The origins found.
    pub fn finish(self) -> Origins {
        // Each group's root is its smallest index, so groups come out in founding order.
        let groups = self.groups.groups();
        let origins: Vec<Origin> = groups
            .into_iter()
            .map(|members| {
                let founder = &self.docs[members[0]];
                Origin {
                    id: OriginId::founded_by(founder),
                    docs: members.iter().map(|&idx| self.docs[idx].clone()).collect(),
                }
            })
            .collect();
        Origins { origins, exact_copies: self.exact_copies }
    }

    fn signature(&self, key: &str) -> Vec<u64> {
        let words: Vec<&str> = key.split(' ').filter(|word| !word.is_empty()).collect();
        let width = self.config.shingle_words.max(1);
        let shingles: Vec<u64> = if words.len() <= width {
            vec![fnv1a_str(&words.join(" "))]
        } else {
            words.windows(width).map(|window| fnv1a_str(&window.join(" "))).collect()
        };
        (0..self.config.n_hashes)
            .map(|seed| {
                let seed = u64::try_from(seed).unwrap_or(0);
                shingles
                    .iter()
                    .map(|shingle| mix(*shingle ^ seed.wrapping_mul(0x9e37_79b9_7f4a_7c15)))
                    .min()
                    .unwrap_or(u64::MAX)
            })
            .collect()
    }
}

/// SplitMix64 finaliser: turns one shingle hash into independent-looking hash functions per seed.
fn mix(mut value: u64) -> u64 {
    value = (value ^ (value >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    value = (value ^ (value >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    value ^ (value >> 31)
}

fn estimated_jaccard(a: &[u64], b: &[u64]) -> f64 {
    let same = a.iter().zip(b).filter(|(x, y)| x == y).count();
    #[expect(clippy::cast_precision_loss, reason = "a share of counts")]
    let share = same as f64 / a.len().max(1) as f64;
    share
}

#[cfg(test)]
mod tests {
    use super::*;

    fn id(n: u8) -> DocId {
        DocId::from_hex(&format!("{n:02x}").repeat(8)).unwrap()
    }

    #[test]
    fn exact_near_and_distinct() {
        let base = "officials in the coastal town of Velmora said on Thursday that the northern pier \
            would close for six weeks while divers replace corroded pilings and engineers inspect the \
            deck for further damage caused by the winter storms";
        let mut index = OriginIndex::new(DedupConfig::default());
        index.add(id(1), base);
        index.add(id(2), &base.to_uppercase()); // exact after normalisation
        index.add(id(3), &base.replace("six weeks", "seven weeks")); // near
        index.add(
            id(4),
            "a library in the hill town opened a new wing for children's books on Monday",
        );
        let origins = index.finish();
        assert_eq!(origins.origins.len(), 2);
        assert_eq!(origins.origins[0].docs, vec![id(1), id(2), id(3)]);
        assert_eq!(origins.origins[0].id, OriginId::founded_by(&id(1)));
        assert_eq!(origins.exact_copies, vec![(id(2), id(1))]);
    }
}

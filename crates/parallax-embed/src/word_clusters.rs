//! Word clusters from the static table: the rows of MiniLM's whole-word vocabulary entries
//! grouped by spherical k-means. Taggers use a word's cluster as a feature, so that a word seen
//! rarely or never in training ("heinous") shares weights with its neighbours ("vile",
//! "monstrous"); the cluster ids are computed once, at training time, and ship with the taggers.

use rayon::prelude::*;

use crate::{StaticEmbedding, normalise};

impl StaticEmbedding {
    /// The whole words of the vocabulary (lower-case letters only, two or more, no `##`
    /// continuation pieces or reserved tokens) with their L2-normalised rows, in vocabulary order.
    pub fn word_vectors(&self) -> Vec<(String, Vec<f32>)> {
        let mut vocab: Vec<(String, u32)> = self.tokenizer.get_vocab(true).into_iter().collect();
        vocab.sort_by_key(|(_, id)| *id);
        vocab
            .into_iter()
            .filter(|(word, _)| {
                word.chars().count() >= 2
                    && word.chars().all(|ch| ch.is_alphabetic() && !ch.is_uppercase())
            })
            .filter_map(|(word, id)| {
                let start = id as usize * self.dim;
                let mut row = self.table.get(start..start + self.dim)?.to_vec();
                normalise(&mut row);
                Some((word, row))
            })
            .collect()
    }
}

/// Spherical k-means (cosine similarity, centroids renormalised each round) of unit vectors into
/// `k` clusters: centroids start at `k` distinct vectors drawn with `seed`, then `iterations`
/// rounds of assignment and update (a cluster left empty keeps its centroid). Returns each
/// vector's cluster. The same inputs and seed give the same clusters on every machine.
pub fn spherical_kmeans(vectors: &[Vec<f32>], k: usize, iterations: usize, seed: u64) -> Vec<u16> {
    let k = k.clamp(1, vectors.len().max(1)).min(usize::from(u16::MAX));
    let dim = vectors.first().map_or(0, Vec::len);
    if vectors.is_empty() || dim == 0 {
        return vec![0; vectors.len()];
    }
    let mut order: Vec<usize> = (0..vectors.len()).collect();
    let mut state = seed.max(1);
    for idx in (1..order.len()).rev() {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        order.swap(idx, (state % (idx as u64 + 1)) as usize);
    }
    let mut centroids: Vec<f32> = order[..k].iter().flat_map(|&idx| vectors[idx].clone()).collect();
    let mut assigned = vec![0u16; vectors.len()];
    for _ in 0..iterations {
        let next: Vec<u16> = vectors
            .par_iter()
            .map(|vector| {
                let mut best = (f32::NEG_INFINITY, 0usize);
                for (cluster, centroid) in centroids.chunks_exact(dim).enumerate() {
                    let dot: f32 = centroid.iter().zip(vector).map(|(c, x)| c * x).sum();
                    if dot > best.0 {
                        best = (dot, cluster);
                    }
                }
                u16::try_from(best.1).unwrap_or(u16::MAX)
            })
            .collect();
        let changed = next != assigned;
        assigned = next;
        let mut sums = vec![0.0f32; k * dim];
        let mut counts = vec![0usize; k];
        for (vector, &cluster) in vectors.iter().zip(&assigned) {
            let cluster = usize::from(cluster);
            counts[cluster] += 1;
            for (sum, x) in sums[cluster * dim..(cluster + 1) * dim].iter_mut().zip(vector) {
                *sum += x;
            }
        }
        for (cluster, count) in counts.iter().enumerate() {
            if *count > 0 {
                let centroid = &mut sums[cluster * dim..(cluster + 1) * dim];
                normalise(centroid);
                centroids[cluster * dim..(cluster + 1) * dim].copy_from_slice(centroid);
            }
        }
        if !changed {
            break;
        }
    }
    assigned
}

#[cfg(test)]
mod tests {
    use super::*;

    fn unit(x: f32, y: f32) -> Vec<f32> {
        let mut v = vec![x, y];
        normalise(&mut v);
        v
    }

    #[test]
    fn kmeans_separates_directions_and_repeats_itself() {
        let vectors = vec![
            unit(1.0, 0.05),
            unit(1.0, -0.05),
            unit(0.98, 0.0),
            unit(0.05, 1.0),
            unit(-0.05, 1.0),
            unit(0.0, 0.97),
        ];
        let clusters = spherical_kmeans(&vectors, 2, 20, 7);
        assert_eq!(clusters[0], clusters[1]);
        assert_eq!(clusters[1], clusters[2]);
        assert_eq!(clusters[3], clusters[4]);
        assert_eq!(clusters[4], clusters[5]);
        assert_ne!(clusters[0], clusters[3]);
        assert_eq!(spherical_kmeans(&vectors, 2, 20, 7), clusters);
        assert_eq!(spherical_kmeans(&vectors, 10, 5, 1).len(), 6, "k is capped at n");
        assert!(spherical_kmeans(&[], 3, 5, 1).is_empty());
    }
}

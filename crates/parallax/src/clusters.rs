//! The word clusters the taggers read (entities, loaded language): the whole words of the static
//! table's vocabulary clustered at several granularities, written by `parallax models clusters`
//! to `crates/parallax-extract/data/word-clusters.bin`.

use parallax_embed::{StaticEmbedding, spherical_kmeans};
use parallax_extract::WordClusters;

/// The granularities of the shipped word clusters, coarse to fine.
pub const CLUSTER_SIZES: [u16; 4] = [32, 128, 512, 2048];

/// Rounds of k-means per granularity.
const CLUSTER_ROUNDS: usize = 25;

/// Clusters the whole words of the static table's vocabulary at each of `sizes` (spherical
/// k-means, seeded, so the same table gives the same clusters): the table the taggers' cluster
/// features read (`parallax models clusters` writes it to `crates/parallax-extract/data/`).
/// `progress(size)` is called as each granularity starts.
pub fn word_clusters(
    table: &StaticEmbedding,
    sizes: &[u16],
    progress: &mut dyn FnMut(u16),
) -> WordClusters {
    let (words, vectors): (Vec<String>, Vec<Vec<f32>>) = table.word_vectors().into_iter().unzip();
    let mut ids: Vec<Vec<u16>> = vec![Vec::with_capacity(sizes.len()); words.len()];
    for &size in sizes {
        progress(size);
        let clusters = spherical_kmeans(&vectors, usize::from(size), CLUSTER_ROUNDS, 17);
        for (row, id) in ids.iter_mut().zip(clusters) {
            row.push(id);
        }
    }
    let rows: Vec<(String, Vec<u16>)> = words.into_iter().zip(ids).collect();
    WordClusters::new(sizes.to_vec(), &rows)
}

//! Contextual word vectors for the loaded-language tagger: MiniLM's last layer over a sentence,
//! averaged over the word pieces of each token as `parallax_extract::tokenize` cuts it. Used by
//! the reading stage when asked (`PipelineConfig::contextual_loaded`) and by `eval loaded
//! --contextual` / `train loaded --contextual`, which can keep them in a cache file.

use std::path::Path;

use parallax_embed::{EmbedError, MiniLm, PieceState};
use parallax_extract::{Token, TokenVectors, tokenize};

use crate::Error;

/// Each token's vector: the mean of the pieces that overlap it (empty when none does).
pub(crate) fn token_vectors(tokens: &[Token<'_>], pieces: &[PieceState]) -> Vec<Vec<f32>> {
    tokens
        .iter()
        .map(|token| {
            let (start, end) = (token.span.start(), token.span.end());
            let mut sum: Vec<f32> = Vec::new();
            let mut n = 0u16;
            for piece in pieces.iter().filter(|p| p.start < end && p.end > start) {
                if sum.is_empty() {
                    sum = vec![0.0; piece.vector.len()];
                }
                for (s, v) in sum.iter_mut().zip(&piece.vector) {
                    *s += v;
                }
                n = n.saturating_add(1);
            }
            let n = f32::from(n.max(1));
            sum.iter_mut().for_each(|s| *s /= n);
            sum
        })
        .collect()
}

/// The token vectors of each sentence after the first `layers` layers (see
/// `MiniLm::token_states`; empty for a token past the model's input limit).
pub fn sentence_vectors(
    model: &MiniLm,
    sentences: &[&str],
    layers: usize,
) -> Result<TokenVectors, EmbedError> {
    let states = model.token_states(sentences, layers)?;
    Ok(sentences
        .iter()
        .zip(states)
        .map(|(sentence, pieces)| token_vectors(&tokenize(sentence), &pieces))
        .collect())
}

/// Sentences embedded per call (a progress step).
const SENTENCES_PER_CALL: usize = 256;

/// [`sentence_vectors`] of many sentences, `progress(done, total)` after each step.
pub(crate) fn many_sentence_vectors(
    model: &MiniLm,
    sentences: &[&str],
    layers: usize,
    progress: &mut dyn FnMut(usize, usize),
) -> Result<TokenVectors, EmbedError> {
    let mut out = Vec::with_capacity(sentences.len());
    for chunk in sentences.chunks(SENTENCES_PER_CALL) {
        out.extend(sentence_vectors(model, chunk, layers)?);
        progress(out.len(), sentences.len());
    }
    Ok(out)
}

const CACHE_MAGIC: &[u8; 8] = b"PXCVC01\n";

/// A cache key of sentences and the layers run: FNV-1a over their bytes with separators.
fn cache_key(sentences: &[&str], layers: usize) -> u64 {
    let mut bytes = layers.to_le_bytes().to_vec();
    for sentence in sentences {
        bytes.extend_from_slice(sentence.as_bytes());
        bytes.push(0);
    }
    parallax_text::fnv1a(&bytes)
}

/// Vectors of `sentences` from a cache file written for exactly these sentences; `None` when
/// the file is missing, of other sentences or damaged.
pub(crate) fn read_cache(path: &Path, sentences: &[&str], layers: usize) -> Option<TokenVectors> {
    let bytes = fs_err::read(path).ok()?;
    let body = bytes.strip_prefix(CACHE_MAGIC)?;
    let (key, mut body) = body.split_first_chunk::<8>()?;
    if u64::from_le_bytes(*key) != cache_key(sentences, layers) {
        return None;
    }
    let mut take = |n: usize| -> Option<&[u8]> {
        let (head, rest) = body.split_at_checked(n)?;
        body = rest;
        Some(head)
    };
    let mut out = Vec::with_capacity(sentences.len());
    for sentence in sentences {
        let mut tokens = Vec::new();
        for _ in tokenize(sentence) {
            let len = u32::from_le_bytes(take(4)?.try_into().ok()?);
            let values = take(usize::try_from(len).ok()?.checked_mul(4)?)?;
            tokens.push(
                values
                    .chunks_exact(4)
                    .map(|c| f32::from_le_bytes([c[0], c[1], c[2], c[3]]))
                    .collect(),
            );
        }
        out.push(tokens);
    }
    body.is_empty().then_some(out)
}

/// Writes the vectors of `sentences` for [`read_cache`].
pub(crate) fn write_cache(
    path: &Path,
    sentences: &[&str],
    layers: usize,
    vectors: &TokenVectors,
) -> Result<(), Error> {
    let mut bytes = CACHE_MAGIC.to_vec();
    bytes.extend_from_slice(&cache_key(sentences, layers).to_le_bytes());
    for token in vectors.iter().flatten() {
        bytes.extend_from_slice(&u32::try_from(token.len()).unwrap_or(0).to_le_bytes());
        for value in token {
            bytes.extend_from_slice(&value.to_le_bytes());
        }
    }
    fs_err::write(path, bytes).map_err(|source| Error::Cache { path: path.to_owned(), source })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn piece(start: usize, end: usize, value: f32) -> PieceState {
        PieceState { start, end, vector: vec![value, -value] }
    }

    #[test]
    fn tokens_average_their_pieces() {
        let text = "Tyrannical rule, again";
        let tokens = tokenize(text);
        // "tyran" "##nical" | "rule" | "," | (nothing for "again": past the input limit)
        let pieces = [piece(0, 5, 1.0), piece(5, 10, 3.0), piece(11, 15, 5.0), piece(15, 16, 7.0)];
        let vectors = token_vectors(&tokens, &pieces);
        assert_eq!(vectors, [vec![2.0, -2.0], vec![5.0, -5.0], vec![7.0, -7.0], vec![]]);
    }

    #[test]
    fn the_cache_round_trips_and_refuses_other_sentences() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("vectors.bin");
        let sentences = ["Thugs ran .", "Calm"];
        let vectors = vec![vec![vec![1.0, 2.0], vec![3.0, 4.0], vec![]], vec![vec![0.5, 0.25]]];
        write_cache(&path, &sentences, 4, &vectors).unwrap();
        assert_eq!(read_cache(&path, &sentences, 4), Some(vectors));
        assert_eq!(read_cache(&path, &sentences, 6), None, "other layers");
        assert_eq!(read_cache(&path, &["Thugs ran .", "Calm!"], 4), None);
        assert_eq!(read_cache(&dir.path().join("missing"), &sentences, 4), None);
        fs_err::write(&path, b"PXCVC01\nshort").unwrap();
        assert_eq!(read_cache(&path, &sentences, 4), None);
    }
}

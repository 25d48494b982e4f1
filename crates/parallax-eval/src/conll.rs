//! CoNLL-format named-entity data (`token ... TAG` per line, a blank line between sentences) and
//! entity-level scores as conlleval computes them.

use std::collections::BTreeSet;
use std::path::Path;

use parallax_text::bio_chunks;

use crate::EvalError;

/// One sentence: its tokens and their BIO tags as written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConllSentence {
    /// The tokens.
    pub tokens: Vec<String>,
    /// One tag per token (`O`, `B-PER`, `I-ORG`…).
    pub tags: Vec<String>,
}

fn is_bio(tag: &str) -> bool {
    tag == "O" || tag.starts_with("B-") || tag.starts_with("I-")
}

/// Reads a CoNLL file. The tag is the last column when it is a BIO tag (`token POS chunk TAG`),
/// else the second (`token TAG 0`, the shared copy's layout). `-DOCSTART-` lines are skipped.
pub fn read_conll(path: &Path) -> Result<Vec<ConllSentence>, EvalError> {
    if !path.is_file() {
        return Err(EvalError::MissingData { path: path.to_owned() });
    }
    let text = fs_err::read_to_string(path)
        .map_err(|source| EvalError::Read { path: path.to_owned(), source })?;
    let mut sentences = Vec::new();
    let mut current = ConllSentence { tokens: Vec::new(), tags: Vec::new() };
    for (idx, line) in text.lines().enumerate() {
        let columns: Vec<&str> = line.split_whitespace().collect();
        if columns.is_empty() || columns[0] == "-DOCSTART-" {
            if !current.tokens.is_empty() {
                sentences.push(std::mem::replace(
                    &mut current,
                    ConllSentence { tokens: Vec::new(), tags: Vec::new() },
                ));
            }
            continue;
        }
        let tag = match columns.as_slice() {
            [.., last] if columns.len() >= 2 && is_bio(last) => *last,
            [_, second, ..] if is_bio(second) => *second,
            _ => {
                return Err(EvalError::Malformed {
                    path: path.to_owned(),
                    line: idx + 1,
                    reason: "no BIO tag column".to_owned(),
                });
            }
        };
        current.tokens.push(columns[0].to_owned());
        current.tags.push(tag.to_owned());
    }
    if !current.tokens.is_empty() {
        sentences.push(current);
    }
    Ok(sentences)
}

/// Entity-level precision, recall and F1 (percent), as conlleval: a predicted entity counts when
/// its type and token range equal a gold entity's.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SpanScores {
    /// Precision, percent.
    pub precision: f64,
    /// Recall, percent.
    pub recall: f64,
    /// F1, percent.
    pub f1: f64,
    /// Gold items.
    pub n_gold: usize,
    /// Predicted items.
    pub n_predicted: usize,
    /// Items both agree on.
    pub n_correct: usize,
}

impl SpanScores {
    /// Scores from counts.
    pub fn from_counts(n_gold: usize, n_predicted: usize, n_correct: usize) -> SpanScores {
        #[expect(clippy::cast_precision_loss, reason = "counts are far below 2^52")]
        let ratio = |a: usize, b: usize| if b == 0 { 0.0 } else { 100.0 * a as f64 / b as f64 };
        let precision = ratio(n_correct, n_predicted);
        let recall = ratio(n_correct, n_gold);
        let f1 = if precision + recall == 0.0 {
            0.0
        } else {
            2.0 * precision * recall / (precision + recall)
        };
        SpanScores { precision, recall, f1, n_gold, n_predicted, n_correct }
    }
}

/// Entity scores of predicted tag sequences against gold ones, sentence by sentence.
pub fn entity_scores<G, P, S, T>(gold: &[G], predicted: &[P]) -> SpanScores
where
    G: AsRef<[S]>,
    P: AsRef<[T]>,
    S: AsRef<str>,
    T: AsRef<str>,
{
    let (mut n_gold, mut n_predicted, mut n_correct) = (0, 0, 0);
    for (gold_tags, predicted_tags) in gold.iter().zip(predicted) {
        let gold_set: BTreeSet<_> = bio_chunks(gold_tags.as_ref()).into_iter().collect();
        let predicted_set: BTreeSet<_> = bio_chunks(predicted_tags.as_ref()).into_iter().collect();
        n_gold += gold_set.len();
        n_predicted += predicted_set.len();
        n_correct += gold_set.intersection(&predicted_set).count();
    }
    SpanScores::from_counts(n_gold, n_predicted, n_correct)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_both_layouts_and_scores_like_conlleval() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.txt");
        fs_err::write(
            &path,
            "-DOCSTART- -X- O O\n\nVelm B-PER 0\nOrn I-PER 0\nleft O 0\n\nKorrin NNP I-NP B-LOC\n",
        )
        .unwrap();
        let sentences = read_conll(&path).unwrap();
        assert_eq!(sentences.len(), 2);
        assert_eq!(sentences[0].tags, ["B-PER", "I-PER", "O"]);
        assert_eq!(sentences[1].tags, ["B-LOC"]);

        let gold = vec![vec!["B-PER", "I-PER", "O", "B-LOC"]];
        // One exact, one with the wrong extent, one spurious.
        let predicted = vec![vec!["B-PER", "I-PER", "B-ORG", "I-ORG"]];
        let scores = entity_scores(&gold, &predicted);
        assert_eq!((scores.n_gold, scores.n_predicted, scores.n_correct), (2, 2, 1));
        assert!((scores.f1 - 50.0).abs() < 1e-9);
        // IOB1: an I- tag after O opens an entity.
        assert_eq!(bio_chunks(&["O", "I-LOC", "I-LOC"]), [("LOC".to_owned(), 1, 3)]);
    }
}

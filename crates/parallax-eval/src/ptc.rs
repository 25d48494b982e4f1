//! The Propaganda Techniques Corpus (SemEval-2020 Task 11): articles (`train-articles/
//! article<id>.txt`) and technique spans (`train-task2-TC.labels`: id, technique, start, end in
//! characters), and the task's span-identification score.

use std::collections::BTreeMap;
use std::path::Path;

use crate::EvalError;

/// The two techniques of word choice: loaded words and labels for people and groups.
pub const LOADED_TECHNIQUES: [&str; 2] = ["Loaded_Language", "Name_Calling,Labeling"];

/// One article with the byte spans of the chosen techniques.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PtcDoc {
    /// The article id.
    pub name: String,
    /// Its text.
    pub text: String,
    /// Byte ranges of its technique spans, in order (overlaps kept as annotated).
    pub spans: Vec<(usize, usize)>,
}

/// Reads the articles of a PTC folder (`train-articles/` and `train-task2-TC.labels`) with the
/// spans of the given techniques; articles are in id order, and an article without such spans is
/// kept (it counts for precision).
pub fn read_ptc(dir: &Path, techniques: &[&str]) -> Result<Vec<PtcDoc>, EvalError> {
    let articles = dir.join("train-articles");
    let labels_path = dir.join("train-task2-TC.labels");
    if !articles.is_dir() || !labels_path.is_file() {
        return Err(EvalError::MissingData { path: labels_path });
    }
    let labels = fs_err::read_to_string(&labels_path)
        .map_err(|source| EvalError::Read { path: labels_path.clone(), source })?;
    let mut chosen: BTreeMap<String, Vec<(usize, usize)>> = BTreeMap::new();
    for (idx, line) in labels.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let malformed = |reason: &str| EvalError::Malformed {
            path: labels_path.clone(),
            line: idx + 1,
            reason: reason.to_owned(),
        };
        let cells: Vec<&str> = line.split('\t').collect();
        let [id, technique, start, end] = cells[..] else {
            return Err(malformed("expected four tab-separated cells"));
        };
        let start: usize = start.trim().parse().map_err(|_| malformed("bad start offset"))?;
        let end: usize = end.trim().parse().map_err(|_| malformed("bad end offset"))?;
        if techniques.contains(&technique) {
            chosen.entry(id.to_owned()).or_default().push((start, end));
        }
    }
    let entries = fs_err::read_dir(&articles)
        .map_err(|source| EvalError::Read { path: articles.clone(), source })?;
    let mut names: Vec<String> = entries
        .filter_map(Result::ok)
        .filter_map(|entry| entry.file_name().to_str().map(str::to_owned))
        .filter_map(|name| {
            name.strip_prefix("article").and_then(|n| n.strip_suffix(".txt")).map(str::to_owned)
        })
        .collect();
    names.sort();
    let mut docs = Vec::with_capacity(names.len());
    for name in names {
        let path = articles.join(format!("article{name}.txt"));
        let text = fs_err::read_to_string(&path)
            .map_err(|source| EvalError::Read { path: path.clone(), source })?;
        let mut byte_at: Vec<usize> = text.char_indices().map(|(at, _)| at).collect();
        byte_at.push(text.len());
        let mut spans: Vec<(usize, usize)> = chosen
            .get(&name)
            .into_iter()
            .flatten()
            .filter_map(|&(start, end)| Some((*byte_at.get(start)?, *byte_at.get(end)?)))
            .filter(|(start, end)| start < end)
            .collect();
        spans.sort_unstable();
        docs.push(PtcDoc { name, text, spans });
    }
    Ok(docs)
}

/// Span-identification scores (percent): SemEval-2020 Task 11's measure, where a predicted span
/// earns the share of its characters that gold spans cover (precision) and a gold span the share
/// of its characters that predictions cover (recall).
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct SiScores {
    /// F1 of precision and recall.
    pub f1: f64,
    /// Mean covered share of the predicted spans.
    pub precision: f64,
    /// Mean covered share of the gold spans.
    pub recall: f64,
    /// Gold spans (after merging overlaps).
    pub n_gold: usize,
    /// Predicted spans (after merging overlaps).
    pub n_predicted: usize,
}

/// Overlapping or touching spans joined, sorted.
fn merged(spans: &[(usize, usize)]) -> Vec<(usize, usize)> {
    let mut sorted = spans.to_vec();
    sorted.sort_unstable();
    let mut out: Vec<(usize, usize)> = Vec::new();
    for (start, end) in sorted {
        match out.last_mut() {
            Some(last) if start <= last.1 => last.1 = last.1.max(end),
            _ => out.push((start, end)),
        }
    }
    out
}

/// Scores predicted spans against gold ones over a corpus (`texts[i]`, `gold[i]` and
/// `predicted[i]` belong to one article). As in the task's scorer, overlapping spans of one
/// article are merged first; lengths and overlaps are counted in characters.
pub fn si_scores(
    texts: &[&str],
    gold: &[Vec<(usize, usize)>],
    predicted: &[Vec<(usize, usize)>],
) -> SiScores {
    let chars = |text: &str, start: usize, end: usize| -> f64 {
        #[expect(clippy::cast_precision_loss, reason = "character counts")]
        let n = text.get(start..end).map_or(0, |t| t.chars().count()) as f64;
        n
    };
    let (mut p_sum, mut r_sum, mut n_gold, mut n_predicted) = (0.0, 0.0, 0, 0);
    for ((text, gold), predicted) in texts.iter().zip(gold).zip(predicted) {
        let (gold, predicted) = (merged(gold), merged(predicted));
        n_gold += gold.len();
        n_predicted += predicted.len();
        for &(s_start, s_end) in &predicted {
            for &(t_start, t_end) in &gold {
                let (start, end) = (s_start.max(t_start), s_end.min(t_end));
                if start >= end {
                    continue;
                }
                let shared = chars(text, start, end);
                p_sum += shared / chars(text, s_start, s_end).max(1.0);
                r_sum += shared / chars(text, t_start, t_end).max(1.0);
            }
        }
    }
    #[expect(clippy::cast_precision_loss, reason = "span counts")]
    let precision = if n_predicted == 0 { 0.0 } else { 100.0 * p_sum / n_predicted as f64 };
    #[expect(clippy::cast_precision_loss, reason = "span counts")]
    let recall = if n_gold == 0 { 0.0 } else { 100.0 * r_sum / n_gold as f64 };
    let f1 = if precision + recall > 0.0 {
        2.0 * precision * recall / (precision + recall)
    } else {
        0.0
    };
    SiScores { f1, precision, recall, n_gold, n_predicted }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn partial_overlaps_earn_partial_credit() {
        let text = "the vile and corrupt cabal met";
        // gold "vile and corrupt cabal" (4..26); predicted "vile" (4..8) and "met" (27..30).
        let scores = si_scores(&[text], &[vec![(4, 26)]], &[vec![(4, 8), (27, 30)]]);
        assert!((scores.precision - 50.0).abs() < 1e-9, "{scores:?}");
        assert!((scores.recall - 100.0 * 4.0 / 22.0).abs() < 1e-9, "{scores:?}");
        let perfect = si_scores(&[text], &[vec![(4, 8), (6, 26)]], &[vec![(4, 26)]]);
        assert!((perfect.f1 - 100.0).abs() < 1e-9, "overlapping gold spans merge: {perfect:?}");
        assert_eq!(si_scores(&[text], &[vec![(4, 8)]], &[vec![]]).f1, 0.0);
    }

    #[test]
    fn reads_labels_in_characters() {
        let dir = tempfile::tempdir().unwrap();
        fs_err::create_dir(dir.path().join("train-articles")).unwrap();
        fs_err::write(dir.path().join("train-articles/article7.txt"), "Café thugs ran.\n").unwrap();
        fs_err::write(dir.path().join("train-articles/article8.txt"), "Calm.\n").unwrap();
        fs_err::write(
            dir.path().join("train-task2-TC.labels"),
            "7\tName_Calling,Labeling\t5\t10\n7\tDoubt\t0\t4\n",
        )
        .unwrap();
        let docs = read_ptc(dir.path(), &LOADED_TECHNIQUES).unwrap();
        assert_eq!(docs.len(), 2);
        let (start, end) = docs[0].spans[0];
        assert_eq!(docs[0].text.get(start..end), Some("thugs"));
        assert!(docs[1].spans.is_empty());
        fs_err::write(dir.path().join("train-task2-TC.labels"), "7\tDoubt\tx\t4\n").unwrap();
        assert!(read_ptc(dir.path(), &LOADED_TECHNIQUES).is_err());
    }
}

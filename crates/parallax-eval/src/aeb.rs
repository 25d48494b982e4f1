//! The Zyte/ScrapingHub article-extraction benchmark: ground truth, reference outputs and its
//! metric.
//!
//! The metric (the benchmark's `evaluate.py`): each text becomes a multiset of shingles of 4
//! `\w+` tokens; per page, true positives, false positives and false negatives are counted and
//! normalised to sum to 1; precision is averaged over pages with any prediction, recall over pages
//! with any truth, and F1 is the harmonic mean of the two means.

use std::collections::{BTreeMap, HashMap};
use std::path::Path;

use serde_json::Value;

use crate::EvalError;

/// Shingle length of the metric.
const SHINGLE: usize = 4;

/// Mean precision and recall over pages and the F1 of the two.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ExtractScores {
    /// Mean per-page precision.
    pub precision: f64,
    /// Mean per-page recall.
    pub recall: f64,
    /// Harmonic mean of the two means.
    pub f1: f64,
    /// Pages scored.
    pub n_pages: usize,
}

/// `{id: articleBody}` from a benchmark JSON file (`ground-truth.json` or an extractor's output).
pub fn read_article_bodies(path: &Path) -> Result<BTreeMap<String, String>, EvalError> {
    if !path.exists() {
        return Err(EvalError::MissingData { path: path.to_owned() });
    }
    let text = fs_err::read_to_string(path)
        .map_err(|source| EvalError::Read { path: path.to_owned(), source })?;
    let value: Value = serde_json::from_str(&text).map_err(|source| EvalError::Record {
        path: path.to_owned(),
        line: 1,
        source,
    })?;
    // Reference outputs wrap the pages in `{"output": {...}, "version": ...}`.
    let value = match value {
        Value::Object(mut object) if object.get("output").is_some_and(Value::is_object) => {
            object.remove("output").unwrap_or_default()
        }
        other => other,
    };
    let Value::Object(pages) = value else {
        return Err(EvalError::Malformed {
            path: path.to_owned(),
            line: 1,
            reason: "not a JSON object of pages".to_owned(),
        });
    };
    Ok(pages
        .into_iter()
        .map(|(id, page)| {
            let body = page.get("articleBody").and_then(Value::as_str).unwrap_or_default();
            (id, body.to_owned())
        })
        .collect())
}

/// The `\w+` tokens of `text` (letters, digits and `_`, as Python's Unicode `\w`).
fn tokens(text: &str) -> Vec<&str> {
    text.split(|ch: char| !(ch.is_alphanumeric() || ch == '_'))
        .filter(|token| !token.is_empty())
        .collect()
}

fn shingles(text: &str) -> HashMap<Vec<&str>, usize> {
    let tokens = tokens(text);
    let mut counts = HashMap::new();
    if tokens.is_empty() {
        return counts;
    }
    let n = tokens.len().saturating_sub(SHINGLE - 1).max(1);
    for start in 0..n {
        let end = (start + SHINGLE).min(tokens.len());
        *counts.entry(tokens[start..end].to_vec()).or_default() += 1;
    }
    counts
}

/// Normalised `(tp, fp, fn)` of one page.
pub fn shingle_match(truth: &str, predicted: &str) -> (f64, f64, f64) {
    let truth = shingles(truth);
    let predicted = shingles(predicted);
    // Sums of counts: the order of the hash maps does not matter.
    let count =
        |map: &HashMap<Vec<&str>, usize>, key: &Vec<&str>| map.get(key).copied().unwrap_or(0);
    let tp: usize = truth.iter().map(|(key, &t)| t.min(count(&predicted, key))).sum();
    let fn_: usize = truth.iter().map(|(key, &t)| t.saturating_sub(count(&predicted, key))).sum();
    let fp: usize = predicted.iter().map(|(key, &p)| p.saturating_sub(count(&truth, key))).sum();
    let sum = tp + fp + fn_;
    #[expect(clippy::cast_precision_loss, reason = "shingle counts")]
    let normalised = if sum == 0 {
        (0.0, 0.0, 0.0)
    } else {
        let sum = sum as f64;
        (tp as f64 / sum, fp as f64 / sum, fn_ as f64 / sum)
    };
    normalised
}

/// Scores predictions against the truth; a page missing from `predicted` counts as empty.
pub fn extract_scores(
    truth: &BTreeMap<String, String>,
    predicted: &BTreeMap<String, String>,
) -> ExtractScores {
    let mut precisions = Vec::new();
    let mut recalls = Vec::new();
    for (id, true_body) in truth {
        let predicted_body = predicted.get(id).map_or("", String::as_str);
        let (tp, fp, fn_) = shingle_match(true_body, predicted_body);
        if tp + fp > 0.0 {
            precisions.push(if fp == 0.0 && fn_ == 0.0 { 1.0 } else { tp / (tp + fp) });
        }
        if tp + fn_ > 0.0 {
            recalls.push(if fp == 0.0 && fn_ == 0.0 { 1.0 } else { tp / (tp + fn_) });
        }
    }
    let mean = |values: &[f64]| {
        #[expect(clippy::cast_precision_loss, reason = "a page count")]
        let n = values.len().max(1) as f64;
        values.iter().sum::<f64>() / n
    };
    let precision = mean(&precisions);
    let recall = mean(&recalls);
    let f1 = if precision + recall > 0.0 {
        2.0 * precision * recall / (precision + recall)
    } else {
        0.0
    };
    ExtractScores { precision, recall, f1, n_pages: truth.len() }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pages(items: &[(&str, &str)]) -> BTreeMap<String, String> {
        items.iter().map(|(id, body)| ((*id).to_owned(), (*body).to_owned())).collect()
    }

    #[test]
    fn shingles_of_four_tokens_normalised_per_page() {
        // Truth has shingles [a b c d], [b c d e]; the prediction [a b c d], [b c d x].
        let (tp, fp, fn_) = shingle_match("a b, c d e", "a b c d x");
        assert!((tp - 1.0 / 3.0).abs() < 1e-12 && (fp - 1.0 / 3.0).abs() < 1e-12);
        assert!((fn_ - 1.0 / 3.0).abs() < 1e-12);
        // Fewer than four tokens make one short shingle.
        assert_eq!(shingle_match("two words", "two words"), (1.0, 0.0, 0.0));
    }

    #[test]
    fn means_skip_pages_without_prediction_or_truth() {
        let truth = pages(&[("a", "one two three four five"), ("b", "six seven eight nine")]);
        let predicted = pages(&[("a", "one two three four five")]);
        let scores = extract_scores(&truth, &predicted);
        // Page b has no prediction: it counts for recall (0) but not precision.
        assert!((scores.precision - 1.0).abs() < 1e-12);
        assert!((scores.recall - 0.5).abs() < 1e-12);
        assert!((scores.f1 - 2.0 / 3.0).abs() < 1e-12);
    }
}

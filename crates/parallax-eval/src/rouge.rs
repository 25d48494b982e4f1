//! ROUGE-1, ROUGE-2 and ROUGE-L F-measures (Lin 2004) as Google's `rouge-score` package computes
//! them without stemming: text is lowercased, every run of characters other than `a-z0-9`
//! separates tokens; ROUGE-N counts clipped n-gram matches, ROUGE-L the longest common
//! subsequence of the two token sequences; each is the F1 of precision and recall. And the NeuS
//! multi-news summarisation files (`<split>.source`, `<split>.target`).

use std::collections::HashMap;
use std::path::Path;

use crate::EvalError;

/// ROUGE F-measures of one summary or a mean over many, percent.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct RougeScores {
    /// ROUGE-1 F1.
    pub rouge1: f64,
    /// ROUGE-2 F1.
    pub rouge2: f64,
    /// ROUGE-L F1.
    pub rouge_l: f64,
}

fn tokens(text: &str) -> Vec<String> {
    text.to_lowercase()
        .split(|c: char| !(c.is_ascii_lowercase() || c.is_ascii_digit()))
        .filter(|token| !token.is_empty())
        .map(str::to_owned)
        .collect()
}

fn f1(matches: usize, predicted: usize, reference: usize) -> f64 {
    if matches == 0 || predicted == 0 || reference == 0 {
        return 0.0;
    }
    #[expect(clippy::cast_precision_loss, reason = "token counts")]
    let (p, r) = (matches as f64 / predicted as f64, matches as f64 / reference as f64);
    2.0 * p * r / (p + r)
}

fn ngram_f1(predicted: &[String], reference: &[String], n: usize) -> f64 {
    let grams = |tokens: &[String]| -> HashMap<Vec<String>, usize> {
        let mut counts = HashMap::new();
        for window in tokens.windows(n) {
            *counts.entry(window.to_vec()).or_insert(0) += 1;
        }
        counts
    };
    let (p, r) = (grams(predicted), grams(reference));
    let matches: usize =
        p.iter().map(|(gram, n)| (*n).min(r.get(gram).copied().unwrap_or(0))).sum();
    f1(matches, predicted.len().saturating_sub(n - 1), reference.len().saturating_sub(n - 1))
}

fn lcs(a: &[String], b: &[String]) -> usize {
    let mut row = vec![0usize; b.len() + 1];
    for x in a {
        let mut diagonal = 0;
        for (j, y) in b.iter().enumerate() {
            let above = row[j + 1];
            row[j + 1] = if x == y { diagonal + 1 } else { row[j + 1].max(row[j]) };
            diagonal = above;
        }
    }
    row[b.len()]
}

/// ROUGE of one summary against one reference, percent.
pub fn rouge(predicted: &str, reference: &str) -> RougeScores {
    let (p, r) = (tokens(predicted), tokens(reference));
    RougeScores {
        rouge1: 100.0 * ngram_f1(&p, &r, 1),
        rouge2: 100.0 * ngram_f1(&p, &r, 2),
        rouge_l: 100.0 * f1(lcs(&p, &r), p.len(), r.len()),
    }
}

/// The mean of scores.
pub fn mean_rouge(scores: &[RougeScores]) -> RougeScores {
    #[expect(clippy::cast_precision_loss, reason = "a count of summaries")]
    let n = scores.len().max(1) as f64;
    RougeScores {
        rouge1: scores.iter().map(|s| s.rouge1).sum::<f64>() / n,
        rouge2: scores.iter().map(|s| s.rouge2).sum::<f64>() / n,
        rouge_l: scores.iter().map(|s| s.rouge_l).sum::<f64>() / n,
    }
}

/// One article of a NeuS source line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NeusArticle {
    /// Its headline.
    pub title: String,
    /// Its text (the outlet's lead snippet).
    pub text: String,
}

/// One NeuS story: its articles (three outlets, in the file's order) and the neutral reference.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NeusStory {
    /// The articles.
    pub articles: Vec<NeusArticle>,
    /// The reference summary's headline.
    pub reference_title: String,
    /// The reference summary.
    pub reference: String,
}

/// Splits `TITLE=> … ARTICLE=> …` into its title and text.
fn titled(part: &str) -> NeusArticle {
    let part = part.trim();
    let rest = part.strip_prefix("TITLE=>").unwrap_or(part);
    let (title, text) = rest.split_once("ARTICLE=>").unwrap_or(("", rest));
    NeusArticle { title: title.trim().to_owned(), text: text.trim().to_owned() }
}

/// Reads a NeuS split: `<split>.source` (articles as `TITLE=> … ARTICLE=> …` joined by
/// ` [SEP] `, a story per line) beside `<split>.target` (the reference, same form).
pub fn read_neus_summaries(dir: &Path, split: &str) -> Result<Vec<NeusStory>, EvalError> {
    let read = |name: String| {
        let path = dir.join(name);
        if !path.is_file() {
            return Err(EvalError::MissingData { path });
        }
        fs_err::read_to_string(&path).map_err(|source| EvalError::Read { path, source })
    };
    let sources = read(format!("{split}.source"))?;
    let targets = read(format!("{split}.target"))?;
    let (sources, targets): (Vec<&str>, Vec<&str>) =
        (sources.lines().collect(), targets.lines().collect());
    if sources.len() != targets.len() {
        return Err(EvalError::Malformed {
            path: dir.join(format!("{split}.target")),
            line: targets.len().min(sources.len()) + 1,
            reason: format!("{} sources but {} targets", sources.len(), targets.len()),
        });
    }
    Ok(sources
        .iter()
        .zip(&targets)
        .map(|(source, target)| {
            let reference = titled(target);
            NeusStory {
                articles: source.split("[SEP]").map(titled).collect(),
                reference_title: reference.title,
                reference: reference.text,
            }
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rouge_counts_clipped_ngrams_and_the_longest_common_subsequence() {
        let same = rouge("The cat sat.", "the CAT sat");
        assert!((same.rouge1 - 100.0).abs() < 1e-9 && (same.rouge_l - 100.0).abs() < 1e-9);
        // 5 predicted tokens, 6 reference tokens; unigrams: the×2 (clipped to 2), cat, on, mat.
        let scores = rouge("the cat the mat on", "the cat sat on the mat");
        let f = |m: f64, p: f64, r: f64| 100.0 * 2.0 * (m / p) * (m / r) / (m / p + m / r);
        assert!((scores.rouge1 - f(5.0, 5.0, 6.0)).abs() < 1e-9, "{scores:?}");
        // Bigrams: "the cat" and "the mat" match, of 4 and 5.
        assert!((scores.rouge2 - f(2.0, 4.0, 5.0)).abs() < 1e-9, "{scores:?}");
        // The longest common subsequence is "the cat the mat".
        let l = lcs(&tokens("the cat the mat on"), &tokens("the cat sat on the mat"));
        assert_eq!(l, 4);
        assert_eq!(rouge("", "x").rouge1, 0.0);
    }

    /// Values from Google's `rouge-score` 0.1.2 (`RougeScorer(['rouge1', 'rouge2', 'rougeL'],
    /// use_stemmer=False)`, F-measure) on the same invented pairs.
    #[test]
    fn agrees_with_the_rouge_score_package() {
        let cases = [
            (
                "The harbour board closed the northern pier on Monday; ferries will use the south quay.",
                "Ferries moved to the south quay after the harbour board shut the northern pier, officials said Monday.",
                [68.75, 40.0, 43.75],
            ),
            (
                "Storms cut power to 12,000 homes in Kestrel.",
                "About 12,000 Kestrel homes lost power in the storms, the utility said.",
                [63.636364, 10.0, 36.363636],
            ),
        ];
        for (predicted, reference, [r1, r2, rl]) in cases {
            let scores = rouge(predicted, reference);
            assert!((scores.rouge1 - r1).abs() < 1e-4, "{scores:?}");
            assert!((scores.rouge2 - r2).abs() < 1e-4, "{scores:?}");
            assert!((scores.rouge_l - rl).abs() < 1e-4, "{scores:?}");
        }
    }

    #[test]
    fn reads_sources_and_targets() {
        let dir = tempfile::tempdir().unwrap();
        fs_err::write(
            dir.path().join("test.source"),
            "TITLE=> A. ARTICLE=> One two. [SEP] TITLE=> B. ARTICLE=> Three.\n",
        )
        .unwrap();
        fs_err::write(dir.path().join("test.target"), "TITLE=> N. ARTICLE=> Neutral.\n").unwrap();
        let stories = read_neus_summaries(dir.path(), "test").unwrap();
        assert_eq!(stories[0].articles.len(), 2);
        assert_eq!(stories[0].articles[1].text, "Three.");
        assert_eq!(stories[0].reference, "Neutral.");
        assert!(read_neus_summaries(dir.path(), "val").is_err());
    }
}

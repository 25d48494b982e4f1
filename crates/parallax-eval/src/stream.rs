//! Published streaming protocols for story clustering.
//!
//! Input: a JSON list of articles, either `{id, date, title, text, story}` (the News14 / WCEP18 /
//! WCEP19 files of SCStory and USTORY) or `{id, date, lang, title, text, cluster}` (Miranda et al.
//! 2018). Scores:
//! - whole stream: B-cubed and pairwise F1 over all articles at once, as Miranda et al. report;
//! - `window7`: as SCStory, the mean over sliding windows of 7 days (one window starting on each
//!   day from the first article's date to the last one's minus 6, or a single window when the
//!   stream is shorter) of B-cubed F1, AMI and ARI computed on the articles dated inside the window.

use std::path::Path;

use parallax_model::Date;
use serde::Deserialize;

use crate::{ClusterScores, EvalError, score};

/// One article of a stream with its gold story.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StreamDoc {
    /// The file's id.
    pub id: String,
    /// Publication date (the day part of `date`).
    pub date: Date,
    /// Language code, when given.
    pub lang: Option<String>,
    /// Title.
    pub title: String,
    /// Body text.
    pub text: String,
    /// Gold story (`story` or `cluster`).
    pub gold: String,
}

#[derive(Deserialize)]
struct Record {
    id: serde_json::Value,
    date: String,
    #[serde(default)]
    lang: Option<String>,
    #[serde(default)]
    title: String,
    #[serde(default)]
    text: String,
    #[serde(alias = "cluster")]
    story: serde_json::Value,
}

fn label(value: &serde_json::Value) -> String {
    match value {
        serde_json::Value::String(text) => text.clone(),
        other => other.to_string(),
    }
}

/// Reads a stream file (a JSON list). Dates may carry a time (`2014-01-01 10:00:00`,
/// `2014-01-01T10:00:00Z`): the day is kept.
pub fn read_stream(path: &Path) -> Result<Vec<StreamDoc>, EvalError> {
    if !path.is_file() {
        return Err(EvalError::MissingData { path: path.to_owned() });
    }
    let bytes =
        fs_err::read(path).map_err(|source| EvalError::Read { path: path.to_owned(), source })?;
    let records: Vec<Record> = serde_json::from_slice(&bytes)
        .map_err(|source| EvalError::Record { path: path.to_owned(), line: 1, source })?;
    let mut docs = Vec::with_capacity(records.len());
    for (idx, record) in records.into_iter().enumerate() {
        let day = record.date.get(..10).unwrap_or(&record.date);
        let date = Date::parse_iso(day).ok_or_else(|| EvalError::BadDate {
            path: path.to_owned(),
            item: idx,
            date: record.date.clone(),
        })?;
        docs.push(StreamDoc {
            id: label(&record.id),
            date,
            lang: record.lang,
            title: record.title,
            text: record.text,
            gold: label(&record.story),
        });
    }
    Ok(docs)
}

/// Means of the per-window scores of the `window7` protocol.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct WindowScores {
    /// Mean B-cubed F1.
    pub b3_f1: f64,
    /// Mean adjusted mutual information.
    pub ami: f64,
    /// Mean adjusted Rand index.
    pub ari: f64,
    /// Windows averaged (those holding at least one article).
    pub n_windows: usize,
}

/// Scores of sliding windows of `days` days (see the module documentation).
pub fn window_scores(
    dates: &[Date],
    predicted: &[String],
    gold: &[String],
    days: i64,
) -> WindowScores {
    let (Some(first), Some(last)) = (dates.iter().min(), dates.iter().max()) else {
        return WindowScores { b3_f1: 0.0, ami: 0.0, ari: 0.0, n_windows: 0 };
    };
    let n_starts = (first.days_until(*last) - (days - 1)).max(0) + 1;
    let (mut b3, mut ami, mut ari, mut n) = (0.0, 0.0, 0.0, 0usize);
    for offset in 0..n_starts {
        let inside: Vec<usize> = (0..dates.len())
            .filter(|&idx| {
                let since = first.days_until(dates[idx]);
                since >= offset && since < offset + days
            })
            .collect();
        if inside.is_empty() {
            continue;
        }
        let window_pred: Vec<&String> = inside.iter().map(|&idx| &predicted[idx]).collect();
        let window_gold: Vec<&String> = inside.iter().map(|&idx| &gold[idx]).collect();
        let scores: ClusterScores = score(&window_pred, &window_gold);
        b3 += scores.b3_f1;
        ami += scores.ami;
        ari += scores.ari;
        n += 1;
    }
    let mean = |total: f64| if n == 0 { 0.0 } else { total / n as f64 };
    WindowScores { b3_f1: mean(b3), ami: mean(ami), ari: mean(ari), n_windows: n }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(d: u32) -> Date {
        Date::from_ymd(2020, 1, d).unwrap()
    }

    fn labels(items: &[&str]) -> Vec<String> {
        items.iter().map(|item| (*item).to_owned()).collect()
    }

    #[test]
    fn reads_both_layouts() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("stream.json");
        fs_err::write(
            &path,
            r#"[{"id": 1, "date": "2020-01-02 10:00:00", "title": "A", "text": "a", "story": 7},
                {"id": "b", "date": "2020-01-03T08:00:00Z", "lang": "en", "title": "B", "text": "b", "cluster": "x"}]"#,
        )
        .unwrap();
        let docs = read_stream(&path).unwrap();
        assert_eq!(docs[0].id, "1");
        assert_eq!(docs[0].gold, "7");
        assert_eq!(docs[0].date, day(2));
        assert_eq!(docs[1].gold, "x");
        assert_eq!(docs[1].lang.as_deref(), Some("en"));
    }

    /// A stream over 8 days: two windows of 7 days (days 1–7 and 2–8).
    ///
    /// Window 1 holds items 0–3 (days 1, 1, 2, 7): predicted {0,1,2} {3}, gold {0,1} {2,3}.
    /// B-cubed precision per item: 2/3, 2/3, 1/3, 1 → 8/12 = 2/3; recall: 1, 1, 1/2, 1/2 → 3/4;
    /// F1 = 2·(2/3)(3/4)/(2/3 + 3/4) = 12/17.
    /// Window 2 holds items 2–4 (days 2, 7, 8): predicted {2} {3,4}, gold {2,3} {4}.
    /// Precision: 1, 1/2, 1/2 → 2/3;
    /// recall: 1/2, 1/2, 1 → 2/3; F1 = 2/3.
    #[test]
    fn window7_averages_hand_computed_windows() {
        let dates = [day(1), day(1), day(2), day(7), day(8)];
        let predicted = labels(&["p", "p", "p", "q", "q"]);
        let gold = labels(&["a", "a", "b", "b", "c"]);
        let scores = window_scores(&dates, &predicted, &gold, 7);
        assert_eq!(scores.n_windows, 2);
        let expected = (12.0 / 17.0 + 2.0 / 3.0) / 2.0;
        assert!((scores.b3_f1 - expected).abs() < 1e-12, "{} vs {expected}", scores.b3_f1);
    }

    #[test]
    fn a_short_stream_is_one_window() {
        let dates = [day(1), day(2)];
        let predicted = labels(&["p", "p"]);
        let gold = labels(&["a", "a"]);
        let scores = window_scores(&dates, &predicted, &gold, 7);
        assert_eq!(scores.n_windows, 1);
        assert!((scores.b3_f1 - 1.0).abs() < 1e-12);
    }
}

//! TimeML (`.tml`) documents: the document creation time and the gold TIMEX3 expressions of the
//! text, with offsets into the text with its markup removed; and span and value scores.

use std::path::{Path, PathBuf};

use crate::xml::attribute;
use crate::{EvalError, SpanScores};

/// One gold time expression.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GoldTimex {
    /// Byte offset in [`TimemlDoc::text`].
    pub start: usize,
    /// End offset (exclusive).
    pub end: usize,
    /// `DATE`, `TIME`, `DURATION` or `SET`.
    pub kind: String,
    /// The normalised value.
    pub value: String,
}

/// A TimeML document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TimemlDoc {
    /// The file.
    pub path: PathBuf,
    /// The document creation time's value (`1998-11-20T19:30`).
    pub dct: String,
    /// The `<TEXT>` content with markup removed and entities decoded.
    pub text: String,
    /// Gold expressions in text order.
    pub timexes: Vec<GoldTimex>,
}

/// Reads every `.tml` file under `path` (a file or a folder, walked in name order).
pub fn read_timeml(path: &Path) -> Result<Vec<TimemlDoc>, EvalError> {
    let mut files = Vec::new();
    collect(path, &mut files)?;
    files.sort();
    let mut docs = Vec::new();
    for file in files {
        let raw = fs_err::read_to_string(&file)
            .map_err(|source| EvalError::Read { path: file.clone(), source })?;
        docs.push(parse(&file, &raw)?);
    }
    Ok(docs)
}

fn collect(path: &Path, out: &mut Vec<PathBuf>) -> Result<(), EvalError> {
    if path.is_file() {
        out.push(path.to_owned());
        return Ok(());
    }
    if !path.is_dir() {
        return Err(EvalError::MissingData { path: path.to_owned() });
    }
    let entries = fs_err::read_dir(path)
        .map_err(|source| EvalError::Read { path: path.to_owned(), source })?;
    for entry in entries {
        let entry = entry.map_err(|source| EvalError::Read { path: path.to_owned(), source })?;
        let child = entry.path();
        if child.is_dir() {
            collect(&child, out)?;
        } else if child.extension().is_some_and(|ext| ext == "tml") {
            out.push(child);
        }
    }
    Ok(())
}

fn bad(path: &Path, reason: &str) -> EvalError {
    EvalError::Malformed { path: path.to_owned(), line: 0, reason: reason.to_owned() }
}

fn parse(path: &Path, raw: &str) -> Result<TimemlDoc, EvalError> {
    let dct_start = raw.find("<DCT>").ok_or_else(|| bad(path, "no <DCT>"))?;
    let dct = raw
        .get(dct_start..)
        .and_then(|rest| rest.find("<TIMEX3"))
        .and_then(|i| raw.get(dct_start + i..))
        .and_then(|tag| attribute(tag.split('>').next().unwrap_or_default(), "value"))
        .map(str::to_owned)
        .ok_or_else(|| bad(path, "no DCT value"))?;
    let body_start = raw.find("<TEXT>").ok_or_else(|| bad(path, "no <TEXT>"))? + "<TEXT>".len();
    let body_end = raw.find("</TEXT>").ok_or_else(|| bad(path, "no </TEXT>"))?;
    let body = raw.get(body_start..body_end).unwrap_or_default();
    let mut text = String::with_capacity(body.len());
    let mut timexes = Vec::new();
    let mut open: Option<(usize, String, String)> = None;
    let mut rest = body;
    while !rest.is_empty() {
        if let Some(after) = rest.strip_prefix('<') {
            let close = after.find('>').ok_or_else(|| bad(path, "unclosed tag"))?;
            let tag = after.get(..close).unwrap_or_default();
            if tag.starts_with("TIMEX3") {
                let kind = attribute(tag, "type").unwrap_or_default().to_owned();
                let value = attribute(tag, "value").unwrap_or_default().to_owned();
                open = Some((text.len(), kind, value));
            } else if tag.starts_with("/TIMEX3") {
                if let Some((start, kind, value)) = open.take() {
                    timexes.push(GoldTimex { start, end: text.len(), kind, value });
                }
            }
            rest = after.get(close + 1..).unwrap_or_default();
        } else if let Some(after) = rest.strip_prefix('&') {
            let (decoded, len) = match after.find(';') {
                Some(end) if end <= 6 => {
                    let entity = after.get(..end).unwrap_or_default();
                    let decoded = match entity {
                        "amp" => "&",
                        "lt" => "<",
                        "gt" => ">",
                        "quot" => "\"",
                        "apos" => "'",
                        _ => "",
                    };
                    if decoded.is_empty() { ("&", 0) } else { (decoded, end + 1) }
                }
                _ => ("&", 0),
            };
            text.push_str(decoded);
            rest = after.get(len..).unwrap_or_default();
        } else {
            let next = rest.find(['<', '&']).unwrap_or(rest.len());
            text.push_str(rest.get(..next).unwrap_or_default());
            rest = rest.get(next..).unwrap_or_default();
        }
    }
    Ok(TimemlDoc { path: path.to_owned(), dct, text, timexes })
}

/// A predicted time expression, as the scorer needs it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PredictedTimex {
    /// Byte offset in the document text.
    pub start: usize,
    /// End offset (exclusive).
    pub end: usize,
    /// The normalised value.
    pub value: String,
}

/// TempEval-3 style scores over documents.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TimexScores {
    /// Relaxed span match: a prediction overlapping a gold expression (one to one).
    pub relaxed: SpanScores,
    /// Strict span match: the same start and end.
    pub strict: SpanScores,
    /// Relaxed match with the same normalised value.
    pub value: SpanScores,
}

/// A value compared loosely: ISO week numbers without zero padding (`W8` and `W08` are one).
fn value_key(value: &str) -> String {
    match value.split_once("-W") {
        Some((year, week)) => {
            let (number, rest) =
                week.split_at(week.find(|c: char| !c.is_ascii_digit()).unwrap_or(week.len()));
            let number = number.trim_start_matches('0');
            format!("{year}-W{number}{rest}")
        }
        None => value.to_owned(),
    }
}

/// Whether two TIMEX3 values are the same as the scorer compares them.
pub fn same_timex_value(a: &str, b: &str) -> bool {
    value_key(a) == value_key(b)
}

/// For each prediction of a document, the gold expression it matches: the first one it overlaps
/// that no earlier prediction matched (one to one, as TempEval's relaxed match).
pub fn align_timexes(gold: &[GoldTimex], predicted: &[PredictedTimex]) -> Vec<Option<usize>> {
    let mut used = vec![false; gold.len()];
    predicted
        .iter()
        .map(|prediction| {
            let found = gold.iter().enumerate().position(|(idx, g)| {
                !used[idx] && g.start < prediction.end && prediction.start < g.end
            });
            if let Some(idx) = found {
                used[idx] = true;
            }
            found
        })
        .collect()
}

/// Scores predictions per document against the gold expressions.
pub fn timex_scores(gold: &[Vec<GoldTimex>], predicted: &[Vec<PredictedTimex>]) -> TimexScores {
    let (mut n_gold, mut n_predicted) = (0, 0);
    let (mut relaxed, mut strict, mut value) = (0, 0, 0);
    for (gold_doc, predicted_doc) in gold.iter().zip(predicted) {
        n_gold += gold_doc.len();
        n_predicted += predicted_doc.len();
        for (prediction, matched) in
            predicted_doc.iter().zip(align_timexes(gold_doc, predicted_doc))
        {
            if let Some(g) = matched.and_then(|idx| gold_doc.get(idx)) {
                relaxed += 1;
                if g.start == prediction.start && g.end == prediction.end {
                    strict += 1;
                }
                if value_key(&g.value) == value_key(&prediction.value) {
                    value += 1;
                }
            }
        }
    }
    TimexScores {
        relaxed: SpanScores::from_counts(n_gold, n_predicted, relaxed),
        strict: SpanScores::from_counts(n_gold, n_predicted, strict),
        value: SpanScores::from_counts(n_gold, n_predicted, value),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_timeml_and_scores_relaxed_strict_and_value() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.tml");
        let tml = "<TimeML><DCT><TIMEX3 tid=\"t0\" type=\"DATE\" value=\"2031-03-14\">March 14</TIMEX3></DCT>\
            <TEXT>Velm &amp; Orn met <TIMEX3 tid=\"t1\" type=\"DATE\" value=\"2031-03-13\">yesterday</TIMEX3> \
            for <TIMEX3 tid=\"t2\" type=\"DURATION\" value=\"P2H\">two hours</TIMEX3> in <EVENT eid=\"e1\">May</EVENT>.</TEXT></TimeML>";
        fs_err::write(&path, tml).unwrap();
        let docs = read_timeml(dir.path()).unwrap();
        assert_eq!(docs.len(), 1);
        let doc = &docs[0];
        assert_eq!(doc.dct, "2031-03-14");
        assert_eq!(doc.text, "Velm & Orn met yesterday for two hours in May.");
        let spans: Vec<&str> =
            doc.timexes.iter().filter_map(|t| doc.text.get(t.start..t.end)).collect();
        assert_eq!(spans, ["yesterday", "two hours"]);

        let predicted = vec![vec![
            PredictedTimex { start: 15, end: 24, value: "2031-03-13".into() },
            PredictedTimex { start: 29, end: 32, value: "PT2H".into() },
            PredictedTimex { start: 42, end: 45, value: "2031-05".into() },
        ]];
        let gold = vec![doc.timexes.clone()];
        let scores = timex_scores(&gold, &predicted);
        assert_eq!(
            (scores.relaxed.n_correct, scores.strict.n_correct, scores.value.n_correct),
            (2, 1, 1)
        );
        assert_eq!(scores.relaxed.n_predicted, 3);
        assert_eq!(value_key("2000-W08"), value_key("2000-W8"));
    }
}

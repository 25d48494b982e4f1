//! PolNeAR attribution data (brat standoff: `T` lines with a role and character offsets, `E`
//! lines joining a source, a cue and a content) and exact-span scores per role, on all
//! attributions and on the subset whose content holds quotation marks.

use std::collections::BTreeSet;
use std::path::Path;

use crate::{EvalError, SpanScores};

/// A part of an attribution, as PolNeAR names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum AttributionRole {
    /// Who is quoted.
    Source,
    /// The words marking the attribution.
    Cue,
    /// What is attributed.
    Content,
}

impl AttributionRole {
    /// All roles, in report order.
    pub const ALL: [AttributionRole; 3] =
        [AttributionRole::Source, AttributionRole::Cue, AttributionRole::Content];

    /// Lowercase name.
    pub fn as_str(self) -> &'static str {
        match self {
            AttributionRole::Source => "source",
            AttributionRole::Cue => "cue",
            AttributionRole::Content => "content",
        }
    }
}

/// One attribution: byte ranges of the article text per role (a role may be split in pieces,
/// or absent).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct GoldAttribution {
    /// Source pieces.
    pub source: Vec<(usize, usize)>,
    /// Cue pieces.
    pub cue: Vec<(usize, usize)>,
    /// Content pieces.
    pub content: Vec<(usize, usize)>,
}

impl GoldAttribution {
    /// The pieces of one role.
    pub fn pieces(&self, role: AttributionRole) -> &[(usize, usize)] {
        match role {
            AttributionRole::Source => &self.source,
            AttributionRole::Cue => &self.cue,
            AttributionRole::Content => &self.content,
        }
    }

    /// Whether its content holds a double quotation mark (straight, curly, guillemet, or the
    /// two-character ``…'' and ''…'' of the NYT's texts).
    pub fn is_quoted(&self, text: &str) -> bool {
        self.content.iter().any(|&(start, end)| {
            text.get(start..end).is_some_and(|piece| {
                piece.contains(['"', '“', '”', '«', '»', '„'])
                    || piece.contains("''")
                    || piece.contains("``")
            })
        })
    }
}

/// One PolNeAR article.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AttributionDoc {
    /// The file name, without extension.
    pub name: String,
    /// Its text.
    pub text: String,
    /// Its attributions.
    pub attributions: Vec<GoldAttribution>,
}

/// Reads a PolNeAR split folder (`text/*.txt` and `attributions/*.ann`, the annotation file named
/// after its text plus `_<annotator>`), in file-name order.
pub fn read_polnear(split_dir: &Path) -> Result<Vec<AttributionDoc>, EvalError> {
    let ann_dir = split_dir.join("attributions");
    if !ann_dir.is_dir() {
        return Err(EvalError::MissingData { path: ann_dir });
    }
    let entries = fs_err::read_dir(&ann_dir)
        .map_err(|source| EvalError::Read { path: ann_dir.clone(), source })?;
    let mut names: Vec<String> = entries
        .filter_map(Result::ok)
        .filter_map(|entry| entry.file_name().to_str().map(str::to_owned))
        .filter(|name| name.ends_with(".ann"))
        .collect();
    names.sort();
    let mut docs = Vec::new();
    for ann_name in names {
        let stem = ann_name.trim_end_matches(".ann");
        let base = stem.rsplit_once('_').map_or(stem, |(base, _)| base);
        let text_path = split_dir.join("text").join(format!("{base}.txt"));
        let text = fs_err::read_to_string(&text_path)
            .map_err(|source| EvalError::Read { path: text_path.clone(), source })?;
        let ann_path = ann_dir.join(&ann_name);
        let ann = fs_err::read_to_string(&ann_path)
            .map_err(|source| EvalError::Read { path: ann_path.clone(), source })?;
        let attributions = parse_ann(&ann, &text, &ann_path)?;
        docs.push(AttributionDoc { name: base.to_owned(), text, attributions });
    }
    Ok(docs)
}

/// Parses brat standoff; character offsets become byte offsets of `text`. Lines that do not
/// start a record continue the previous one's text (annotated text may span lines) and are
/// skipped.
fn parse_ann(ann: &str, text: &str, path: &Path) -> Result<Vec<GoldAttribution>, EvalError> {
    let malformed =
        |line: usize, reason: String| EvalError::Malformed { path: path.to_owned(), line, reason };
    // Byte offset of every character offset (and of the end).
    let mut byte_at: Vec<usize> = text.char_indices().map(|(at, _)| at).collect();
    byte_at.push(text.len());
    let mut spans = std::collections::HashMap::new();
    let mut events = Vec::new();
    for (idx, line) in ann.lines().enumerate() {
        let mut columns = line.split('\t');
        let id = columns.next().unwrap_or_default();
        let is_record = |prefix: char| {
            id.strip_prefix(prefix)
                .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
        };
        if is_record('T') {
            let body = columns.next().ok_or_else(|| malformed(idx + 1, "no span".to_owned()))?;
            let (kind, ranges) =
                body.split_once(' ').ok_or_else(|| malformed(idx + 1, "no offsets".to_owned()))?;
            let mut pieces = Vec::new();
            for range in ranges.split(';') {
                let (start, end) = range
                    .split_once(' ')
                    .and_then(|(a, b)| Some((a.parse::<usize>().ok()?, b.parse::<usize>().ok()?)))
                    .ok_or_else(|| malformed(idx + 1, format!("bad offsets {range:?}")))?;
                let (Some(&start), Some(&end)) = (byte_at.get(start), byte_at.get(end)) else {
                    return Err(malformed(idx + 1, format!("offsets {range:?} beyond the text")));
                };
                pieces.push(trimmed(text, start, end));
            }
            spans.insert(id.to_owned(), (kind.to_owned(), pieces));
        } else if is_record('E') {
            events.push((idx + 1, columns.next().unwrap_or_default().to_owned()));
        }
    }
    let mut attributions = Vec::new();
    for (line, event) in events {
        let mut attribution = GoldAttribution::default();
        for argument in event.split(' ') {
            let Some((role, id)) = argument.split_once(':') else { continue };
            let target = match role {
                "Source" => &mut attribution.source,
                "Cue" => &mut attribution.cue,
                "Content" | "Content2" => &mut attribution.content,
                _ => continue,
            };
            let (_, pieces) =
                spans.get(id).ok_or_else(|| malformed(line, format!("unknown span {id}")))?;
            target.extend(pieces.iter().copied());
        }
        attributions.push(attribution);
    }
    Ok(attributions)
}

/// A byte range without the whitespace at its ends.
fn trimmed(text: &str, start: usize, end: usize) -> (usize, usize) {
    let piece = text.get(start..end).unwrap_or_default();
    let lead = piece.len() - piece.trim_start().len();
    let trail = piece.len() - piece.trim_end().len();
    if lead + trail >= piece.len() { (start, start) } else { (start + lead, end - trail) }
}

/// Exact-span scores of one role: every piece (document, start, end) is an item.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RoleScores {
    /// The role.
    pub role: AttributionRole,
    /// On all attributions.
    pub all: SpanScores,
    /// On attributions whose content holds quotation marks (gold and predicted alike).
    pub quoted: SpanScores,
}

/// Scores predicted attributions against gold ones, document by document (`predicted[i]`
/// belongs to `docs[i]`). A piece counts when its trimmed byte range equals a gold piece of the
/// same role.
pub fn attribution_scores(
    docs: &[AttributionDoc],
    predicted: &[Vec<GoldAttribution>],
) -> Vec<RoleScores> {
    AttributionRole::ALL
        .into_iter()
        .map(|role| {
            let mut counts = [(0, 0, 0); 2];
            for (doc, found) in docs.iter().zip(predicted) {
                for (slot, quoted_only) in counts.iter_mut().zip([false, true]) {
                    let items = |list: &[GoldAttribution]| -> BTreeSet<(usize, usize)> {
                        list.iter()
                            .filter(|a| !quoted_only || a.is_quoted(&doc.text))
                            .flat_map(|a| a.pieces(role).iter().copied())
                            .map(|(s, e)| trimmed(&doc.text, s, e))
                            .filter(|(s, e)| s < e)
                            .collect()
                    };
                    let gold = items(&doc.attributions);
                    let guess = items(found);
                    slot.0 += gold.len();
                    slot.1 += guess.len();
                    slot.2 += gold.intersection(&guess).count();
                }
            }
            let [all, quoted] = counts.map(|(g, p, c)| SpanScores::from_counts(g, p, c));
            RoleScores { role, all, quoted }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_standoff_with_character_offsets_and_scores_pieces() {
        let dir = tempfile::tempdir().unwrap();
        fs_err::create_dir_all(dir.path().join("text")).unwrap();
        fs_err::create_dir_all(dir.path().join("attributions")).unwrap();
        // "é" is two bytes: offsets after it are characters, not bytes.
        let text = "Le café ouvre, dit Ana. “Oui,” dit Bo, “non.”\n";
        fs_err::write(dir.path().join("text/a_2016.txt"), text).unwrap();
        let ann = "T1\tContent 0 13\tLe café ouvre\nT2\tCue 15 18\tdit\nT3\tSource 19 22\tAna\n\
                   E1\tAttribution:T9 Content:T1 Cue:T2 Source:T3\n\
                   T4\tContent 24 30;39 45\t“Oui,” “non.”\nT5\tCue 31 34\tdit\nT6\tSource 35 37\tBo\n\
                   continued text of a span\n\
                   E2\tContent:T4 Cue:T5 Source:T6\n";
        fs_err::write(dir.path().join("attributions/a_2016_x1.ann"), ann).unwrap();
        let docs = read_polnear(dir.path()).unwrap();
        assert_eq!(docs.len(), 1);
        let doc = &docs[0];
        assert_eq!(doc.name, "a_2016");
        let piece = |(s, e): (usize, usize)| doc.text.get(s..e).unwrap();
        assert_eq!(piece(doc.attributions[0].content[0]), "Le café ouvre");
        assert_eq!(piece(doc.attributions[0].source[0]), "Ana");
        assert_eq!(piece(doc.attributions[1].content[1]), "“non.”");
        assert!(!doc.attributions[0].is_quoted(&doc.text));
        assert!(doc.attributions[1].is_quoted(&doc.text));

        // A prediction with Bo's quote right (3 pieces) and Ana's source too long.
        let mut ana = doc.attributions[0].clone();
        ana.source = vec![(ana.source[0].0 - 4, ana.source[0].1)];
        let predicted = vec![vec![ana, doc.attributions[1].clone()]];
        let scores = attribution_scores(&docs, &predicted);
        let source = scores[0];
        assert_eq!((source.all.n_gold, source.all.n_predicted, source.all.n_correct), (2, 2, 1));
        assert_eq!((source.quoted.n_gold, source.quoted.n_correct), (1, 1));
        let content = scores[2];
        assert_eq!((content.all.n_gold, content.all.n_correct), (3, 3));
        assert_eq!(content.quoted.n_gold, 2);
    }
}

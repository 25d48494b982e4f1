//! ECB+ sentences with their events, for scoring claim alignment: two sentences of different
//! articles about one seminal event report the same thing when they mention one event instance
//! (cross-document event coreference, Cybulska & Vossen 2014).
//!
//! Only the sentences listed in `ECBplus_coreference_sentences.csv` were annotated; the others
//! are read too (a story's claims are aligned over every sentence), and a pair of an annotated and
//! an unannotated sentence counts as reporting different things.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};

use crate::EvalError;
use crate::xml::attribute;

/// One sentence of an ECB+ article.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EcbSentence {
    /// The article (`1_10ecbplus`).
    pub doc: String,
    /// Its gold story: topic and sub-topic (`1_ecbplus`), one seminal event.
    pub story: String,
    /// The topic number.
    pub topic: u32,
    /// The sentence's number in its article.
    pub number: u32,
    /// Its tokens joined by spaces.
    pub text: String,
    /// Whether its events were annotated.
    pub annotated: bool,
    /// The cross-document event instances it mentions (reporting verbs left out: "said" is
    /// not what a sentence reports).
    pub events: BTreeSet<String>,
}

/// The standard split of a topic (Cybulska & Vossen 2015): test 36–45, dev 2, 5, 12, 18, 21, 23,
/// 34 and 35, train the rest.
pub fn ecb_split(topic: u32) -> &'static str {
    match topic {
        36..=45 => "test",
        2 | 5 | 12 | 18 | 21 | 23 | 34 | 35 => "dev",
        _ => "train",
    }
}

/// Reads every sentence of the ECB+ folder `dir` (`xml/<topic>/*.xml` and
/// `ECBplus_coreference_sentences.csv`), in topic, article and sentence order. The URL line that
/// opens the ECB+ half's articles is left out.
pub fn read_ecb_sentences(dir: &Path) -> Result<Vec<EcbSentence>, EvalError> {
    let csv = dir.join("ECBplus_coreference_sentences.csv");
    let annotated = read_annotated(&csv)?;
    let xml = dir.join("xml");
    if !xml.is_dir() {
        return Err(EvalError::MissingData { path: xml });
    }
    let mut files: Vec<(u32, String, PathBuf)> = Vec::new();
    for topic in read_dir(&xml)? {
        if !topic.is_dir() {
            continue;
        }
        for file in read_dir(&topic)? {
            let Some(name) = file.file_stem().and_then(|n| n.to_str()) else { continue };
            if file.extension().is_none_or(|ext| ext != "xml") {
                continue;
            }
            let Some(number) = name.split('_').next().and_then(|t| t.parse::<u32>().ok()) else {
                continue;
            };
            files.push((number, name.to_owned(), file.clone()));
        }
    }
    files.sort_by(|a, b| (a.0, &a.1).cmp(&(b.0, &b.1)));
    let mut out = Vec::new();
    for (topic, name, path) in files {
        let raw = fs_err::read_to_string(&path)
            .map_err(|source| EvalError::Read { path: path.clone(), source })?;
        let subtopic = if name.ends_with("ecbplus") { "ecbplus" } else { "ecb" };
        let story = format!("{topic}_{subtopic}");
        for (number, text, events) in parse_document(&path, &raw)? {
            if number == 0 && text.starts_with("http") {
                continue;
            }
            let annotated = annotated.contains(&(name.clone(), number));
            out.push(EcbSentence {
                doc: name.clone(),
                story: story.clone(),
                topic,
                number,
                text,
                annotated,
                events,
            });
        }
    }
    if out.is_empty() {
        return Err(EvalError::MissingData { path: dir.to_owned() });
    }
    Ok(out)
}

fn read_dir(dir: &Path) -> Result<Vec<PathBuf>, EvalError> {
    let entries =
        fs_err::read_dir(dir).map_err(|source| EvalError::Read { path: dir.to_owned(), source })?;
    let mut out = Vec::new();
    for entry in entries {
        out.push(entry.map_err(|source| EvalError::Read { path: dir.to_owned(), source })?.path());
    }
    Ok(out)
}

/// The annotated sentences: (article, sentence number) from `Topic,File,Sentence Number` rows.
fn read_annotated(path: &Path) -> Result<BTreeSet<(String, u32)>, EvalError> {
    let text = fs_err::read_to_string(path)
        .map_err(|source| EvalError::Read { path: path.to_owned(), source })?;
    let mut out = BTreeSet::new();
    for (idx, line) in text.lines().enumerate().skip(1) {
        let fields: Vec<&str> = line.trim().split(',').collect();
        let [topic, file, number] = fields.as_slice() else {
            if line.trim().is_empty() {
                continue;
            }
            return Err(malformed(path, idx + 1, "expected Topic,File,Sentence Number"));
        };
        let number =
            number.parse::<u32>().map_err(|_| malformed(path, idx + 1, "bad sentence number"))?;
        out.insert((format!("{topic}_{file}"), number));
    }
    Ok(out)
}

fn malformed(path: &Path, line: usize, reason: &str) -> EvalError {
    EvalError::Malformed { path: path.to_owned(), line, reason: reason.to_owned() }
}

fn unescape(text: &str) -> String {
    text.replace("&quot;", "\"")
        .replace("&apos;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

/// A sentence: its number, text and events.
type Sentence = (u32, String, BTreeSet<String>);

/// The sentences of one CAT XML document with the cross-document event instances each mentions:
/// tokens (`<token t_id sentence>`), event markables (`ACTION_*` and `NEG_ACTION_*` but
/// `ACTION_REPORTING`, anchored to tokens), and `CROSS_DOC_COREF` relations (`note` names the
/// instance, `source` the markables).
fn parse_document(path: &Path, raw: &str) -> Result<Vec<Sentence>, EvalError> {
    let bad = |reason: &str| malformed(path, 0, reason);
    let mut tokens: HashMap<&str, u32> = HashMap::new();
    let mut sentences: BTreeMap<u32, Vec<String>> = BTreeMap::new();
    let mut event_of: HashMap<&str, u32> = HashMap::new();
    let mut events: BTreeMap<u32, BTreeSet<String>> = BTreeMap::new();
    // The open markable (its id, whether it is an event) and relation (its instance).
    let mut markable: Option<(&str, bool)> = None;
    let mut relation: Option<&str> = None;
    let mut rest = raw;
    while let Some(open) = rest.find('<') {
        let after = rest.get(open + 1..).unwrap_or_default();
        let close = after.find('>').ok_or_else(|| bad("unclosed tag"))?;
        let tag = after.get(..close).unwrap_or_default();
        rest = after.get(close + 1..).unwrap_or_default();
        let name = tag.split([' ', '/']).next().unwrap_or_default();
        match name {
            "token" => {
                let end = rest.find("</token>").ok_or_else(|| bad("unclosed token"))?;
                let (Some(id), Some(sentence)) =
                    (attribute(tag, "t_id"), attribute(tag, "sentence"))
                else {
                    return Err(bad("token without t_id or sentence"));
                };
                let sentence = sentence.parse::<u32>().map_err(|_| bad("bad sentence number"))?;
                tokens.insert(id, sentence);
                let word = rest.get(..end).unwrap_or_default().trim();
                sentences.entry(sentence).or_default().push(unescape(word));
                rest = rest.get(end..).unwrap_or_default();
            }
            "token_anchor" => {
                if let (Some((_, true)), Some(id)) = (markable, attribute(tag, "t_id")) {
                    if let (Some(&sentence), Some((m_id, _))) = (tokens.get(id), markable) {
                        event_of.entry(m_id).or_insert(sentence);
                    }
                }
            }
            "source" => {
                if let (Some(instance), Some(m_id)) = (relation, attribute(tag, "m_id")) {
                    if let Some(&sentence) = event_of.get(m_id) {
                        events.entry(sentence).or_default().insert(instance.to_owned());
                    }
                }
            }
            "CROSS_DOC_COREF" => relation = attribute(tag, "note"),
            "/CROSS_DOC_COREF" => relation = None,
            _ if name.starts_with('/') => markable = None,
            _ if !tag.ends_with('/') && attribute(tag, "m_id").is_some() => {
                let is_event = (name.starts_with("ACTION_") || name.starts_with("NEG_ACTION_"))
                    && name != "ACTION_REPORTING";
                markable = attribute(tag, "m_id").map(|id| (id, is_event));
            }
            _ => {}
        }
    }
    Ok(sentences
        .into_iter()
        .map(|(number, words)| {
            (number, words.join(" "), events.remove(&number).unwrap_or_default())
        })
        .collect())
}

/// Pairwise scores of a claim alignment.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PairScores {
    /// Pairs put in one claim that share an event.
    pub true_pairs: usize,
    /// Pairs put in one claim that do not.
    pub false_pairs: usize,
    /// Pairs that share an event but were kept apart.
    pub missed_pairs: usize,
    /// Precision, percent.
    pub precision: f64,
    /// Recall, percent.
    pub recall: f64,
    /// F1, percent.
    pub f1: f64,
}

/// Scores claims over ECB+ sentences: `claim[i]` is sentence `i`'s claim. Every pair of sentences
/// of one gold story from different articles, at least one of them annotated, counts: it is
/// gold when both are annotated and mention one event instance.
pub fn claim_pair_scores(sentences: &[EcbSentence], claim: &[usize]) -> PairScores {
    let mut by_story: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for (idx, sentence) in sentences.iter().enumerate() {
        by_story.entry(sentence.story.as_str()).or_default().push(idx);
    }
    let (mut tp, mut fp, mut missed) = (0, 0, 0);
    for members in by_story.values() {
        for (pos, &i) in members.iter().enumerate() {
            for &j in &members[pos + 1..] {
                let (a, b) = (&sentences[i], &sentences[j]);
                if a.doc == b.doc || !(a.annotated || b.annotated) {
                    continue;
                }
                let gold = a.annotated && b.annotated && !a.events.is_disjoint(&b.events);
                match (gold, claim[i] == claim[j]) {
                    (true, true) => tp += 1,
                    (false, true) => fp += 1,
                    (true, false) => missed += 1,
                    (false, false) => {}
                }
            }
        }
    }
    let ratio = |x: usize, y: usize| {
        #[expect(clippy::cast_precision_loss, reason = "pair counts")]
        let value = if y == 0 { 0.0 } else { 100.0 * x as f64 / y as f64 };
        value
    };
    let precision = ratio(tp, tp + fp);
    let recall = ratio(tp, tp + missed);
    let f1 = if precision + recall > 0.0 {
        2.0 * precision * recall / (precision + recall)
    } else {
        0.0
    };
    PairScores { true_pairs: tp, false_pairs: fp, missed_pairs: missed, precision, recall, f1 }
}

#[cfg(test)]
mod tests {
    use super::*;

    const DOC: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<Document doc_name="9_1ecb.xml" doc_id="X">
<token t_id="1" sentence="0" number="0">The</token>
<token t_id="2" sentence="0" number="1">bridge</token>
<token t_id="3" sentence="0" number="2">fell</token>
<token t_id="4" sentence="1" number="0">Officials</token>
<token t_id="5" sentence="1" number="1">said</token>
<token t_id="6" sentence="1" number="2">Tom&apos;s</token>
<token t_id="7" sentence="1" number="3">crew</token>
<token t_id="8" sentence="1" number="4">rebuilt</token>
<Markables>
<ACTION_OCCURRENCE m_id="10"  >
  <token_anchor t_id="3"/>
</ACTION_OCCURRENCE>
<ACTION_REPORTING m_id="11"  >
  <token_anchor t_id="5"/>
</ACTION_REPORTING>
<ACTION_OCCURRENCE m_id="12"  >
  <token_anchor t_id="8"/>
</ACTION_OCCURRENCE>
<ACTION_OCCURRENCE m_id="13" RELATED_TO="" TAG_DESCRIPTOR="t9_fall" instance_id="ACT1" />
</Markables>
<Relations>
<CROSS_DOC_COREF r_id="1" note="ACT1" >
  <source m_id="10" />
  <target m_id="13" />
</CROSS_DOC_COREF>
<CROSS_DOC_COREF r_id="2" note="ACT2" >
  <source m_id="11" />
  <target m_id="14" />
</CROSS_DOC_COREF>
<CROSS_DOC_COREF r_id="3" note="ACT3" >
  <source m_id="12" />
  <target m_id="15" />
</CROSS_DOC_COREF>
</Relations>
</Document>
"#;

    #[test]
    fn reads_sentences_with_their_event_instances() {
        let sentences = parse_document(Path::new("9_1ecb.xml"), DOC).unwrap();
        assert_eq!(sentences.len(), 2);
        assert_eq!(
            sentences[0],
            (0, "The bridge fell".to_owned(), BTreeSet::from(["ACT1".into()]))
        );
        // The reporting verb's instance is left out.
        assert_eq!(sentences[1].1, "Officials said Tom's crew rebuilt");
        assert_eq!(sentences[1].2, BTreeSet::from(["ACT3".to_owned()]));
        assert_eq!((ecb_split(36), ecb_split(2), ecb_split(1)), ("test", "dev", "train"));
    }

    fn sentence(doc: &str, annotated: bool, events: &[&str]) -> EcbSentence {
        EcbSentence {
            doc: doc.to_owned(),
            story: "9_ecb".to_owned(),
            topic: 9,
            number: 0,
            text: String::new(),
            annotated,
            events: events.iter().map(|e| (*e).to_owned()).collect(),
        }
    }

    #[test]
    fn pairs_are_scored_across_articles_with_one_annotated_sentence() {
        let sentences = [
            sentence("a", true, &["E1"]),
            sentence("b", true, &["E1", "E2"]),
            sentence("c", true, &["E3"]),
            sentence("c", false, &[]),
            sentence("d", false, &[]),
        ];
        // Claims: {0, 1, 2} and {3, 4}.
        let scores = claim_pair_scores(&sentences, &[0, 0, 0, 1, 1]);
        // Gold pairs: (0, 1). Counted pairs: every pair but (2, 3) (one article) and (3, 4)
        // (neither annotated). Predicted: (0, 1) right, (0, 2) and (1, 2) wrong.
        assert_eq!((scores.true_pairs, scores.false_pairs, scores.missed_pairs), (1, 2, 0));
        assert!((scores.precision - 100.0 / 3.0).abs() < 1e-9);
        assert!((scores.recall - 100.0).abs() < 1e-9);
        assert!((scores.f1 - 50.0).abs() < 1e-9);
    }
}

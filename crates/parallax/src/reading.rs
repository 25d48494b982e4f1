//! The reading stage measured: training and scoring the entity tagger on CoNLL-format data and
//! the attribution tagger on PolNeAR, and scoring the time-expression reader on TimeML.

use std::path::Path;
use std::time::Instant;

use parallax_eval::{
    AttributionDoc, ConllSentence, GoldAttribution, PredictedTimex, RoleScores, SpanScores,
    TimexScores, align_timexes, attribution_scores, entity_scores, read_conll, read_polnear,
    read_timeml, same_timex_value, timex_scores,
};
use parallax_extract::{
    AttributionModel, NerModel, Role, RoleParagraph, TAGS, TaggedSentence, TrainConfig, tag_index,
    train, train_attributions,
};
use parallax_model::{Date, Span};

use crate::Error;

/// One training pass and its held-out score.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TrainEpoch {
    /// 0-based pass.
    pub epoch: usize,
    /// Entity F1 on the held-out tenth of the training data, percent.
    pub held_out_f1: f64,
}

/// What training produced.
#[derive(Debug, Clone, PartialEq)]
pub struct TrainedNer {
    /// The model, trained on all of the training data.
    pub model: NerModel,
    /// Passes it was trained for.
    pub epochs: usize,
    /// The held-out F1 that chose that number, percent.
    pub held_out_f1: f64,
}

/// Trains the tagger on `train_path` alone: every tenth sentence is held out to choose the number
/// of passes, then the model is trained on all sentences for that many passes. No evaluation data
/// is looked at, so `eval ner` on the validation file stays an honest measurement.
pub fn train_ner(
    train_path: &Path,
    config: &TrainConfig,
    on_epoch: &mut dyn FnMut(TrainEpoch),
) -> Result<TrainedNer, Error> {
    let conll = read_conll(train_path)?;
    let sentences: Vec<TaggedSentence> = conll.iter().map(to_training).collect();
    let (mut fit, mut held_out) = (Vec::new(), Vec::new());
    for (idx, (sentence, original)) in sentences.iter().zip(&conll).enumerate() {
        if idx % 10 == 9 {
            held_out.push(original.clone());
        } else {
            fit.push(sentence.clone());
        }
    }
    let chosen = train(&fit, config, &mut |epoch, model| {
        let held_out_f1 = score_model(model, &held_out).f1;
        on_epoch(TrainEpoch { epoch, held_out_f1 });
        held_out_f1
    });
    let epochs = chosen.epoch + 1;
    let full = TrainConfig { epochs, ..config.clone() };
    let model = train(&sentences, &full, &mut |_, _| 0.0).model;
    Ok(TrainedNer { model, epochs, held_out_f1: chosen.score })
}

/// Entity scores of a model on a CoNLL file, and its speed in tokens per second (one core).
pub fn eval_ner(model: &NerModel, path: &Path) -> Result<(SpanScores, f64), Error> {
    let sentences = read_conll(path)?;
    let started = Instant::now();
    let scores = score_model(model, &sentences);
    let seconds = started.elapsed().as_secs_f64().max(1e-9);
    let n_tokens: usize = sentences.iter().map(|s| s.tokens.len()).sum();
    #[expect(clippy::cast_precision_loss, reason = "a rate")]
    let rate = n_tokens as f64 / seconds;
    Ok((scores, rate))
}

fn score_model(model: &NerModel, sentences: &[ConllSentence]) -> SpanScores {
    let gold: Vec<&[String]> = sentences.iter().map(|s| s.tags.as_slice()).collect();
    let predicted: Vec<Vec<&str>> = sentences
        .iter()
        .map(|sentence| {
            let words: Vec<&str> = sentence.tokens.iter().map(String::as_str).collect();
            model.tag(&words).into_iter().map(|tag| TAGS[tag]).collect()
        })
        .collect();
    entity_scores(&gold, &predicted)
}

/// A CoNLL sentence with its tags in IOB2 (an entity always opens with `B-`), which the
/// tagger's constrained decoding produces.
fn to_training(sentence: &ConllSentence) -> TaggedSentence {
    let mut tags = vec![0; sentence.tokens.len()];
    for (kind, start, end) in parallax_eval::bio_chunks(&sentence.tags) {
        for (offset, slot) in tags[start..end].iter_mut().enumerate() {
            let prefix = if offset == 0 { "B" } else { "I" };
            *slot = tag_index(&format!("{prefix}-{kind}")).unwrap_or(0);
        }
    }
    TaggedSentence { words: sentence.tokens.clone(), tags }
}

/// TempEval-style scores of the time-expression reader on TimeML files (a file or a folder), each
/// document read against its creation time, and its speed in documents per second.
pub fn eval_dates(path: &Path) -> Result<DatesOutcome, Error> {
    let docs = read_timeml(path)?;
    let started = Instant::now();
    let mut gold = Vec::with_capacity(docs.len());
    let mut predicted = Vec::with_capacity(docs.len());
    for doc in &docs {
        let anchor = Date::parse_iso(&doc.dct);
        let found = parallax_extract::find_times(&doc.text, anchor);
        predicted.push(
            found
                .into_iter()
                .map(|t| PredictedTimex {
                    start: t.span.start(),
                    end: t.span.end(),
                    value: t.value,
                })
                .collect::<Vec<_>>(),
        );
        gold.push(doc.timexes.clone());
    }
    let seconds = started.elapsed().as_secs_f64().max(1e-9);
    #[expect(clippy::cast_precision_loss, reason = "a rate")]
    let rate = docs.len() as f64 / seconds;
    let mut errors = Vec::new();
    for ((doc, gold_doc), predicted_doc) in docs.iter().zip(&gold).zip(&predicted) {
        let name =
            doc.path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        let slice = |start: usize, end: usize| {
            doc.text.get(start..end).unwrap_or_default().replace(['\n', '\t'], " ")
        };
        let alignment = align_timexes(gold_doc, predicted_doc);
        for (p, matched) in predicted_doc.iter().zip(&alignment) {
            match matched.and_then(|idx| gold_doc.get(idx)) {
                Some(g) => {
                    if !same_timex_value(&g.value, &p.value) {
                        errors.push([
                            name.clone(),
                            "value".into(),
                            slice(g.start, g.end),
                            g.value.clone(),
                            slice(p.start, p.end),
                            p.value.clone(),
                        ]);
                    }
                }
                None => errors.push([
                    name.clone(),
                    "spurious".into(),
                    String::new(),
                    String::new(),
                    slice(p.start, p.end),
                    p.value.clone(),
                ]),
            }
        }
        let used: Vec<bool> =
            (0..gold_doc.len()).map(|idx| alignment.contains(&Some(idx))).collect();
        for (g, _) in gold_doc.iter().zip(&used).filter(|(_, used)| !**used) {
            errors.push([
                name.clone(),
                "missed".into(),
                slice(g.start, g.end),
                g.value.clone(),
                String::new(),
                String::new(),
            ]);
        }
    }
    Ok(DatesOutcome {
        scores: timex_scores(&gold, &predicted),
        n_docs: docs.len(),
        docs_per_second: rate,
        errors,
    })
}

/// What `eval dates` measured.
#[derive(Debug, Clone, PartialEq)]
pub struct DatesOutcome {
    /// The scores.
    pub scores: TimexScores,
    /// Documents read.
    pub n_docs: usize,
    /// Speed of the reader.
    pub docs_per_second: f64,
    /// Every disagreement: file, `missed`/`spurious`/`value`, gold text and value, predicted text
    /// and value.
    pub errors: Vec<[String; 6]>,
}

/// One training pass of the attribution tagger and its held-out score.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct QuotesEpoch {
    /// 0-based pass.
    pub epoch: usize,
    /// Source F1 on the quoted attributions of the held-out tenth of the training articles.
    pub held_out_source_f1: f64,
}

/// What `train quotes` produced.
#[derive(Debug, Clone, PartialEq)]
pub struct TrainedQuotes {
    /// The model, trained on all of the training articles.
    pub model: AttributionModel,
    /// Passes it was trained for.
    pub epochs: usize,
    /// The held-out score that chose that number.
    pub held_out_source_f1: f64,
}

/// Trains the attribution tagger on a PolNeAR training folder alone: every tenth article is held
/// out to choose the number of passes (by source F1 on quoted attributions, the goal's measure),
/// then the model is trained on all articles for that many passes.
pub fn train_quotes(
    train_dir: &Path,
    config: &TrainConfig,
    on_epoch: &mut dyn FnMut(QuotesEpoch),
) -> Result<TrainedQuotes, Error> {
    let docs = read_polnear(train_dir)?;
    let ner = NerModel::bundled()?;
    let (mut fit, mut held_out) = (Vec::new(), Vec::new());
    for (idx, doc) in docs.iter().enumerate() {
        if idx % 10 == 9 {
            held_out.push(doc.clone());
        } else {
            fit.extend(role_paragraphs(doc));
        }
    }
    let chosen = train_attributions(&fit, &ner, config, &mut |epoch, model| {
        let scores = score_quotes(model, &ner, &held_out);
        let held_out_source_f1 = scores[0].quoted.f1;
        on_epoch(QuotesEpoch { epoch, held_out_source_f1 });
        held_out_source_f1
    });
    let all: Vec<RoleParagraph> = docs.iter().flat_map(role_paragraphs).collect();
    let full = TrainConfig { epochs: chosen.epoch + 1, ..config.clone() };
    let model = train_attributions(&all, &ner, &full, &mut |_, _| 0.0).model;
    Ok(TrainedQuotes { model, epochs: full.epochs, held_out_source_f1: chosen.score })
}

/// Exact-span scores of the attribution reader on a PolNeAR folder (source, cue, content; all
/// and quoted), and its speed in articles per second.
pub fn eval_quotes(model: &AttributionModel, dir: &Path) -> Result<QuotesOutcome, Error> {
    let docs = read_polnear(dir)?;
    let ner = NerModel::bundled()?;
    let started = Instant::now();
    let predicted = predict_quotes(model, &ner, &docs);
    let seconds = started.elapsed().as_secs_f64().max(1e-9);
    #[expect(clippy::cast_precision_loss, reason = "a rate")]
    let rate = docs.len() as f64 / seconds;
    let scores = attribution_scores(&docs, &predicted);
    let mut errors = Vec::new();
    for (doc, found) in docs.iter().zip(&predicted) {
        for role in parallax_eval::AttributionRole::ALL {
            let pieces = |list: &[GoldAttribution]| -> Vec<((usize, usize), bool)> {
                list.iter()
                    .flat_map(|a| {
                        let quoted = a.is_quoted(&doc.text);
                        a.pieces(role).iter().map(move |piece| (*piece, quoted))
                    })
                    .collect()
            };
            let (gold, guess) = (pieces(&doc.attributions), pieces(found));
            let line_of = |at: usize| {
                let start = doc.text.get(..at).and_then(|t| t.rfind('\n')).map_or(0, |i| i + 1);
                let end = doc
                    .text
                    .get(at..)
                    .and_then(|t| t.find('\n'))
                    .map_or(doc.text.len(), |i| at + i);
                doc.text.get(start..end).unwrap_or_default().to_owned()
            };
            for (label, mine, other) in [("missed", &gold, &guess), ("spurious", &guess, &gold)] {
                for &((start, end), quoted) in mine {
                    if other.iter().any(|(piece, _)| *piece == (start, end)) {
                        continue;
                    }
                    errors.push([
                        doc.name.clone(),
                        role.as_str().to_owned(),
                        label.to_owned(),
                        if quoted { "quoted" } else { "unquoted" }.to_owned(),
                        doc.text.get(start..end).unwrap_or_default().replace('\n', " "),
                        line_of(start),
                    ]);
                }
            }
        }
    }
    Ok(QuotesOutcome { scores, n_docs: docs.len(), docs_per_second: rate, errors })
}

/// What `eval quotes` measured.
#[derive(Debug, Clone, PartialEq)]
pub struct QuotesOutcome {
    /// Scores per role (source, cue, content).
    pub scores: Vec<RoleScores>,
    /// Articles read.
    pub n_docs: usize,
    /// Speed of the reader.
    pub docs_per_second: f64,
    /// Every disagreement: article, role, `missed`/`spurious`, `quoted`/`unquoted`, the piece,
    /// and its paragraph.
    pub errors: Vec<[String; 6]>,
}

fn score_quotes(
    model: &AttributionModel,
    ner: &NerModel,
    docs: &[AttributionDoc],
) -> Vec<RoleScores> {
    attribution_scores(docs, &predict_quotes(model, ner, docs))
}

fn predict_quotes(
    model: &AttributionModel,
    ner: &NerModel,
    docs: &[AttributionDoc],
) -> Vec<Vec<GoldAttribution>> {
    docs.iter()
        .map(|doc| {
            let mut found = Vec::new();
            for (offset, paragraph) in paragraphs(&doc.text) {
                for attribution in model.attributions(ner, paragraph) {
                    let moved = |span: Span| (offset + span.start(), offset + span.end());
                    found.push(GoldAttribution {
                        source: attribution.source.map(moved).into_iter().collect(),
                        cue: attribution.cue.map(moved).into_iter().collect(),
                        content: attribution.content.iter().copied().map(moved).collect(),
                    });
                }
            }
            found
        })
        .collect()
}

/// The non-empty lines of a text with their byte offsets (PolNeAR keeps a paragraph per line,
/// PTC a sentence).
pub(crate) fn paragraphs(text: &str) -> impl Iterator<Item = (usize, &str)> {
    text.split_inclusive('\n')
        .scan(0, |at, line| {
            let start = *at;
            *at += line.len();
            Some((start, line.trim_end_matches(['\n', '\r'])))
        })
        .filter(|(_, line)| !line.trim().is_empty())
}

/// A PolNeAR article as training paragraphs: each gold piece goes to the paragraph holding its
/// start, clipped to it.
fn role_paragraphs(doc: &AttributionDoc) -> Vec<RoleParagraph> {
    paragraphs(&doc.text)
        .map(|(offset, text)| {
            let end = offset + text.len();
            let mut roles = Vec::new();
            for attribution in &doc.attributions {
                for (role, pieces) in [
                    (Role::Source, &attribution.source),
                    (Role::Cue, &attribution.cue),
                    (Role::Content, &attribution.content),
                ] {
                    for &(start, stop) in pieces {
                        if start >= offset && start < end {
                            if let Some(span) = Span::new(start - offset, stop.min(end) - offset) {
                                roles.push((role, span));
                            }
                        }
                    }
                }
            }
            RoleParagraph { text: text.to_owned(), roles }
        })
        .collect()
}

//! The reading stage measured: training and scoring the entity tagger on CoNLL-format data, and
//! scoring the time-expression reader on TimeML.

use std::path::Path;
use std::time::Instant;

use parallax_eval::{
    ConllSentence, PredictedTimex, SpanScores, TimexScores, align_timexes, entity_scores,
    read_conll, read_timeml, same_timex_value, timex_scores,
};
use parallax_extract::{NerModel, TAGS, TaggedSentence, TrainConfig, tag_index, train};
use parallax_model::Date;

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

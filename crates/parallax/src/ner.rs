//! Training and scoring the named-entity tagger on CoNLL-format data.

use std::path::Path;
use std::time::Instant;

use parallax_eval::{
    ConllSentence, PredictedTimex, SpanScores, TimexScores, entity_scores, read_conll, read_timeml,
    timex_scores,
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
    let gold: Vec<&Vec<String>> = sentences.iter().map(|s| &s.tags).collect();
    let predicted: Vec<Vec<&str>> = sentences
        .iter()
        .map(|sentence| {
            let words: Vec<&str> = sentence.tokens.iter().map(String::as_str).collect();
            model.tag(&words).into_iter().map(|tag| TAGS[tag]).collect()
        })
        .collect();
    let gold: Vec<Vec<&str>> =
        gold.iter().map(|tags| tags.iter().map(String::as_str).collect()).collect();
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
pub fn eval_dates(path: &Path) -> Result<(TimexScores, usize, f64), Error> {
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
    Ok((timex_scores(&gold, &predicted), docs.len(), rate))
}

//! The loaded-language tagger measured and trained on the Propaganda Techniques Corpus
//! (Loaded_Language and Name_Calling spans): k-fold cross-validation over articles with the
//! task's span-identification score, and training of the shipped model.

use std::path::Path;
use std::time::Instant;

use parallax_eval::{LOADED_TECHNIQUES, PtcDoc, SiScores, read_ptc, si_scores};
use parallax_extract::{
    LoadedModel, MarkedSentence, PreparedSentence, TrainConfig, prepare_sentence, train_loaded,
};
use parallax_model::Span;
use rayon::prelude::*;

use crate::Error;
use crate::reading::paragraphs as lines;

/// One fold of the cross-validation.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LoadedFold {
    /// 0-based fold.
    pub fold: usize,
    /// Articles scored in it.
    pub n_docs: usize,
    /// Passes chosen on the held-out tenth of its training articles.
    pub epochs: usize,
    /// Its scores.
    pub scores: SiScores,
}

/// What `eval loaded` measured.
#[derive(Debug, Clone, PartialEq)]
pub struct LoadedOutcome {
    /// Each fold.
    pub folds: Vec<LoadedFold>,
    /// All folds' predictions scored together.
    pub pooled: SiScores,
    /// Articles in the corpus.
    pub n_docs: usize,
    /// Tagging speed of the trained models, articles per second.
    pub docs_per_second: f64,
}

/// What `train loaded` produced.
#[derive(Debug, Clone, PartialEq)]
pub struct TrainedLoaded {
    /// The model, trained on every article.
    pub model: LoadedModel,
    /// Passes it was trained for.
    pub epochs: usize,
    /// The shift of its loaded tags.
    pub shift: f32,
    /// The held-out span F1 that chose that number.
    pub held_out_f1: f64,
}

/// The lines of an article (PTC keeps a sentence per line) as training sentences; a gold span
/// goes to the line holding its start, clipped to it.
fn marked_sentences(doc: &PtcDoc) -> Vec<MarkedSentence> {
    lines(&doc.text)
        .map(|(offset, line)| {
            let end = offset + line.len();
            let spans = doc
                .spans
                .iter()
                .filter(|(start, _)| *start >= offset && *start < end)
                .filter_map(|&(start, stop)| Span::new(start - offset, stop.min(end) - offset))
                .collect();
            MarkedSentence { text: line.to_owned(), spans }
        })
        .collect()
}

/// The model's spans of every article (prepared by [`prepared`]), line by line, as byte ranges
/// of the article.
fn predict(
    model: &LoadedModel,
    lines_of: &[Vec<(usize, PreparedSentence)>],
) -> Vec<Vec<(usize, usize)>> {
    lines_of
        .iter()
        .map(|doc| {
            doc.iter()
                .flat_map(|(offset, sentence)| {
                    model
                        .prepared_spans(sentence)
                        .into_iter()
                        .map(move |span| (offset + span.start(), offset + span.end()))
                })
                .collect()
        })
        .collect()
}

/// Span-identification scores of predictions for `docs` (one list per article) against their
/// gold spans.
fn scored(docs: &[&PtcDoc], predicted: &[Vec<(usize, usize)>]) -> SiScores {
    let texts: Vec<&str> = docs.iter().map(|doc| doc.text.as_str()).collect();
    let gold: Vec<Vec<(usize, usize)>> = docs.iter().map(|doc| doc.spans.clone()).collect();
    si_scores(&texts, &gold, predicted)
}

/// Shifts tried for the loaded tags (see [`LoadedModel::shifted`]): a geometric grid, since the
/// averaged weights grow with the training data.
fn shifts() -> impl Iterator<Item = f32> {
    (0..=16).map(|step| 4.0 * 2f32.powf(step as f32 / 2.0))
}

/// Held-out articles with every line tokenized and hashed once: `(line offset, sentence)` per
/// article.
fn prepared(docs: &[&PtcDoc], hash_bits: u32) -> Vec<Vec<(usize, PreparedSentence)>> {
    docs.iter()
        .map(|doc| {
            lines(&doc.text)
                .map(|(offset, line)| (offset, prepare_sentence(line, hash_bits)))
                .collect()
        })
        .collect()
}

/// The best shift of a model on held-out articles (prepared by [`prepared`]), and its span F1.
fn best_shift(
    model: &LoadedModel,
    held_out: &[&PtcDoc],
    lines_of: &[Vec<(usize, PreparedSentence)>],
) -> (f32, f64) {
    let f1_of = |model: &LoadedModel| scored(held_out, &predict(model, lines_of)).f1;
    let mut best = (0.0, f1_of(model));
    for delta in shifts() {
        let f1 = f1_of(&model.shifted(delta));
        if f1 > best.1 {
            best = (delta, f1);
        }
    }
    best
}

/// Shuffles of the training passes whose models are averaged into the final one (a linear
/// model: tagging costs the same). PTC 5-fold span F1: 37.5 with one, 37.9 with 3, 38.0 with 5.
const SHUFFLES: u64 = 5;

/// Trains on `docs`: every fifth article is held out to choose the number of passes and the
/// shift of the loaded tags (by span F1), then all of them are trained on for that many passes
/// (the mean of [`SHUFFLES`] models) and shifted by that much.
fn fit(
    docs: &[&PtcDoc],
    config: &TrainConfig,
    on_epoch: &mut dyn FnMut(usize, f64),
) -> TrainedLoaded {
    let (mut train, mut held_out) = (Vec::new(), Vec::new());
    for (idx, doc) in docs.iter().enumerate() {
        // A fifth, not a tenth: the shift chosen on a tenth varied too much between folds.
        if idx % 5 == 4 {
            held_out.push(*doc);
        } else {
            train.extend(marked_sentences(doc));
        }
    }
    let mut shift_of_epoch = Vec::new();
    let lines_of = prepared(&held_out, config.hash_bits);
    let chosen = train_loaded(&train, config, &mut |epoch, model| {
        let (delta, f1) = best_shift(model, &held_out, &lines_of);
        shift_of_epoch.push(delta);
        on_epoch(epoch, f1);
        f1
    });
    let delta = shift_of_epoch.get(chosen.epoch).copied().unwrap_or(0.0);
    let all: Vec<MarkedSentence> = docs.iter().flat_map(|doc| marked_sentences(doc)).collect();
    let full = TrainConfig { epochs: chosen.epoch + 1, ..config.clone() };
    // The final model is the mean of models trained on differently shuffled passes.
    let models: Vec<LoadedModel> = (0..SHUFFLES)
        .map(|offset| {
            let seeded = TrainConfig { seed: full.seed + offset, ..full.clone() };
            train_loaded(&all, &seeded, &mut |_, _| 0.0).model
        })
        .collect();
    let mean = LoadedModel::mean_of(&models);
    let model = mean.unwrap_or_else(|| train_loaded(&all, &full, &mut |_, _| 0.0).model);
    let model = model.shifted(delta);
    TrainedLoaded { model, epochs: full.epochs, shift: delta, held_out_f1: chosen.score }
}

/// Cross-validates the loaded-language tagger on a PTC folder: articles are dealt into `folds`
/// folds by position in id order; each fold is tagged by a model trained on the others (which
/// choose their own number of passes; folds run on all cores and are reported in order), and
/// every prediction is scored.
pub fn eval_loaded(
    dir: &Path,
    folds: usize,
    config: &TrainConfig,
    on_fold: &mut dyn FnMut(LoadedFold),
) -> Result<LoadedOutcome, Error> {
    let docs = read_ptc(dir, &LOADED_TECHNIQUES)?;
    let folds = folds.clamp(2, docs.len().max(2));
    // Folds are independent: each is trained and tagged on its own core, and reported in order.
    let runs: Vec<(LoadedFold, Vec<usize>, Vec<Vec<(usize, usize)>>, f64)> = (0..folds)
        .into_par_iter()
        .map(|fold| {
            let (test_idx, train): (Vec<usize>, Vec<usize>) =
                (0..docs.len()).partition(|idx| idx % folds == fold);
            let train: Vec<&PtcDoc> = train.iter().map(|&idx| &docs[idx]).collect();
            let test: Vec<&PtcDoc> = test_idx.iter().map(|&idx| &docs[idx]).collect();
            let trained = fit(&train, config, &mut |_, _| {});
            let started = Instant::now();
            let found = predict(&trained.model, &prepared(&test, config.hash_bits));
            let seconds = started.elapsed().as_secs_f64();
            let result = LoadedFold {
                fold,
                n_docs: test.len(),
                epochs: trained.epochs,
                scores: scored(&test, &found),
            };
            (result, test_idx, found, seconds)
        })
        .collect();
    let mut predicted: Vec<Vec<(usize, usize)>> = vec![Vec::new(); docs.len()];
    let mut results = Vec::new();
    let mut tagging_seconds = 0.0;
    for (result, test_idx, found, seconds) in runs {
        on_fold(result);
        results.push(result);
        tagging_seconds += seconds;
        for (idx, spans) in test_idx.into_iter().zip(found) {
            predicted[idx] = spans;
        }
    }
    let all: Vec<&PtcDoc> = docs.iter().collect();
    #[expect(clippy::cast_precision_loss, reason = "a rate")]
    let docs_per_second = docs.len() as f64 / tagging_seconds.max(1e-9);
    Ok(LoadedOutcome {
        folds: results,
        pooled: scored(&all, &predicted),
        n_docs: docs.len(),
        docs_per_second,
    })
}

/// Trains the shipped loaded-language model on every article of a PTC folder.
pub fn train_loaded_model(
    dir: &Path,
    config: &TrainConfig,
    on_epoch: &mut dyn FnMut(usize, f64),
) -> Result<TrainedLoaded, Error> {
    let docs = read_ptc(dir, &LOADED_TECHNIQUES)?;
    let refs: Vec<&PtcDoc> = docs.iter().collect();
    Ok(fit(&refs, config, on_epoch))
}

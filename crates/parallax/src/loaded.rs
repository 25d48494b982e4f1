//! The loaded-language tagger measured and trained on the Propaganda Techniques Corpus
//! (Loaded_Language and Name_Calling spans): k-fold cross-validation over articles with the
//! task's span-identification score, and training of the shipped models (the tagger, and the
//! contextual regression whose scores join it when MiniLM is installed and asked for).

use std::path::{Path, PathBuf};
use std::time::Instant;

use parallax_embed::MiniLm;
use parallax_eval::{LOADED_TECHNIQUES, PtcDoc, SiScores, read_ptc, si_scores};
use parallax_extract::{
    ContextualLoaded, DenseConfig, DenseLoaded, LoadedModel, MarkedSentence, PreparedSentence,
    TrainConfig, prepare_sentence, train_loaded,
};
use parallax_model::Span;
use rayon::prelude::*;

use crate::Error;
use crate::contextual::{many_sentence_vectors, read_cache, write_cache};
use crate::reading::paragraphs as lines;

/// Where the contextual vectors of `eval loaded --contextual` come from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContextualSource {
    /// The MiniLM folder.
    pub minilm: PathBuf,
    /// A file keeping the vectors between runs (written when missing or stale).
    pub cache: Option<PathBuf>,
    /// The transformer layers run: the vectors are the hidden states after them.
    pub layers: usize,
}

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
    /// The contextual model, scale and extra shift (relative to `model`), when vectors were
    /// given.
    pub contextual: Option<ContextualLoaded>,
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

/// Byte ranges of an article's loaded spans.
type ArticleSpans = Vec<(usize, usize)>;

/// Contextual vectors of an article's tokens, line by line (as [`lines`] cuts them).
type ArticleVectors = parallax_extract::TokenVectors;

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

/// [`predict`] with the dense model's scores (times `scale`) added to the tagger's.
fn predict_plus(
    model: &LoadedModel,
    lines_of: &[Vec<(usize, PreparedSentence)>],
    dense: &[Vec<Vec<Vec<f32>>>],
) -> Vec<Vec<(usize, usize)>> {
    lines_of
        .iter()
        .zip(dense)
        .map(|(doc, scores)| {
            doc.iter()
                .zip(scores)
                .flat_map(|((offset, sentence), extra)| {
                    model
                        .prepared_spans_plus(sentence, extra)
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

/// Scales tried for the contextual regression's log-probabilities (the tagger's scores grow
/// with the training data, as its shifts do).
fn dense_scales() -> impl Iterator<Item = f32> {
    (4..=14).map(|step| 2f32.powf(step as f32 / 2.0))
}

/// The dense model's scores (unscaled) of every line of some articles.
fn dense_scores(dense: &DenseLoaded, vectors: &[&ArticleVectors]) -> Vec<Vec<Vec<Vec<f32>>>> {
    vectors.iter().map(|doc| doc.iter().map(|line| dense.scores(line, 1.0)).collect()).collect()
}

fn scaled(scores: &[Vec<Vec<Vec<f32>>>], by: f32) -> Vec<Vec<Vec<Vec<f32>>>> {
    scores
        .iter()
        .map(|doc| {
            doc.iter()
                .map(|line| line.iter().map(|t| t.iter().map(|v| v * by).collect()).collect())
                .collect()
        })
        .collect()
}

fn dense_sentences<'a>(
    docs: &[&'a PtcDoc],
    vectors: &[&'a ArticleVectors],
) -> Vec<(MarkedSentence, &'a [Vec<f32>])> {
    docs.iter()
        .zip(vectors)
        .flat_map(|(doc, lines)| {
            marked_sentences(doc).into_iter().zip(lines.iter().map(Vec::as_slice))
        })
        .collect()
}

fn train_dense(docs: &[&PtcDoc], vectors: &[&ArticleVectors]) -> DenseLoaded {
    let sentences = dense_sentences(docs, vectors);
    let dim =
        sentences.iter().flat_map(|(_, v)| v.iter()).map(Vec::len).find(|&n| n > 0).unwrap_or(0);
    let refs: Vec<(&MarkedSentence, &[Vec<f32>])> =
        sentences.iter().map(|(m, v)| (m, *v)).collect();
    DenseLoaded::train(&refs, dim, &DenseConfig::default())
}

/// Trains on `docs`: every fifth article is held out to choose the number of passes and the
/// shift of the loaded tags (by span F1), then all of them are trained on for that many passes
/// (the mean of [`SHUFFLES`] models) and shifted by that much. With contextual `vectors` (one
/// list per article), a regression over them is trained on the other four fifths, and the scale
/// of its scores with the tagger's shift is chosen together on the held-out fifth (with the
/// tagger of the chosen pass); the regression is then trained again on every article.
fn fit(
    docs: &[&PtcDoc],
    vectors: Option<&[&ArticleVectors]>,
    layers: usize,
    config: &TrainConfig,
    on_epoch: &mut dyn FnMut(usize, f64),
) -> TrainedLoaded {
    let (mut train, mut held_out) = (Vec::new(), Vec::new());
    let (mut train_docs, mut held_vectors, mut train_vectors) =
        (Vec::new(), Vec::new(), Vec::new());
    for (idx, doc) in docs.iter().enumerate() {
        // A fifth, not a tenth: the shift chosen on a tenth varied too much between folds.
        if idx % 5 == 4 {
            held_out.push(*doc);
            if let Some(v) = vectors {
                held_vectors.push(v[idx]);
            }
        } else {
            train.extend(marked_sentences(doc));
            train_docs.push(*doc);
            if let Some(v) = vectors {
                train_vectors.push(v[idx]);
            }
        }
    }
    let mut shift_of_epoch = Vec::new();
    let lines_of = prepared(&held_out, config.hash_bits);
    let mut best: Option<(f64, LoadedModel)> = None;
    let chosen = train_loaded(&train, config, &mut |epoch, model| {
        let (delta, f1) = best_shift(model, &held_out, &lines_of);
        shift_of_epoch.push(delta);
        on_epoch(epoch, f1);
        if vectors.is_some() && best.as_ref().is_none_or(|(top, _)| f1 > *top) {
            best = Some((f1, model.clone()));
        }
        f1
    });
    let delta = shift_of_epoch.get(chosen.epoch).copied().unwrap_or(0.0);
    let mut contextual = None;
    if let (Some(vectors), Some((_, model))) = (vectors, best) {
        let dense = train_dense(&train_docs, &train_vectors);
        let base = dense_scores(&dense, &held_vectors);
        let mut top = (0.0f32, delta, f64::MIN);
        for by in dense_scales() {
            let extra = scaled(&base, by);
            for shift in std::iter::once(0.0).chain(shifts()) {
                let f1 =
                    scored(&held_out, &predict_plus(&model.shifted(shift), &lines_of, &extra)).f1;
                if f1 > top.2 {
                    top = (by, shift, f1);
                }
            }
        }
        contextual = Some(ContextualLoaded {
            dense: train_dense(docs, vectors),
            scale: top.0,
            shift: top.1 - delta,
            layers: u32::try_from(layers).unwrap_or(0),
        });
    }
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
    TrainedLoaded {
        model,
        epochs: full.epochs,
        shift: delta,
        held_out_f1: chosen.score,
        contextual,
    }
}

/// Cross-validates the loaded-language tagger on a PTC folder: articles are dealt into `folds`
/// folds by position in id order; each fold is tagged by a model trained on the others (which
/// choose their own number of passes; folds run on all cores and are reported in order), and
/// every prediction is scored.
pub fn eval_loaded(
    dir: &Path,
    folds: usize,
    config: &TrainConfig,
    contextual: Option<&ContextualSource>,
    progress: &mut dyn FnMut(usize, usize),
    on_fold: &mut dyn FnMut(LoadedFold),
) -> Result<LoadedOutcome, Error> {
    let docs = read_ptc(dir, &LOADED_TECHNIQUES)?;
    let vectors = contextual.map(|source| article_vectors(source, &docs, progress)).transpose()?;
    let vectors = vectors.as_deref();
    let folds = folds.clamp(2, docs.len().max(2));
    // Folds are independent: each is trained and tagged on its own core, and reported in order.
    let runs: Vec<(LoadedFold, Vec<usize>, Vec<ArticleSpans>, f64)> = (0..folds)
        .into_par_iter()
        .map(|fold| {
            let (test_idx, train): (Vec<usize>, Vec<usize>) =
                (0..docs.len()).partition(|idx| idx % folds == fold);
            let train: Vec<&PtcDoc> = train.iter().map(|&idx| &docs[idx]).collect();
            let test: Vec<&PtcDoc> = test_idx.iter().map(|&idx| &docs[idx]).collect();
            let train_vectors: Option<Vec<&ArticleVectors>> = vectors.map(|all| {
                (0..docs.len()).filter(|idx| idx % folds != fold).map(|idx| &all[idx]).collect()
            });
            let layers = contextual.map_or(0, |source| source.layers);
            let trained = fit(&train, train_vectors.as_deref(), layers, config, &mut |_, _| {});
            let started = Instant::now();
            let lines_of = prepared(&test, config.hash_bits);
            let found = match (&trained.contextual, vectors) {
                (Some(contextual), Some(all)) => {
                    let test_vectors: Vec<&ArticleVectors> =
                        test_idx.iter().map(|&idx| &all[idx]).collect();
                    let extra =
                        scaled(&dense_scores(&contextual.dense, &test_vectors), contextual.scale);
                    predict_plus(&trained.model.shifted(contextual.shift), &lines_of, &extra)
                }
                _ => predict(&trained.model, &lines_of),
            };
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

/// Trains the shipped loaded-language model on every article of a PTC folder, and with
/// `contextual` its contextual regression too.
pub fn train_loaded_model(
    dir: &Path,
    config: &TrainConfig,
    contextual: Option<&ContextualSource>,
    progress: &mut dyn FnMut(usize, usize),
    on_epoch: &mut dyn FnMut(usize, f64),
) -> Result<TrainedLoaded, Error> {
    let docs = read_ptc(dir, &LOADED_TECHNIQUES)?;
    let vectors = contextual.map(|source| article_vectors(source, &docs, progress)).transpose()?;
    let refs: Vec<&PtcDoc> = docs.iter().collect();
    let vector_refs: Option<Vec<&ArticleVectors>> = vectors.as_ref().map(|v| v.iter().collect());
    let layers = contextual.map_or(0, |source| source.layers);
    Ok(fit(&refs, vector_refs.as_deref(), layers, config, on_epoch))
}

/// The contextual vectors of every line of every article: read from the cache when it holds
/// exactly these lines, else computed (`progress(done, total)` counts lines) and cached.
fn article_vectors(
    source: &ContextualSource,
    docs: &[PtcDoc],
    progress: &mut dyn FnMut(usize, usize),
) -> Result<Vec<ArticleVectors>, Error> {
    let per_doc: Vec<Vec<&str>> =
        docs.iter().map(|doc| lines(&doc.text).map(|(_, line)| line).collect()).collect();
    let all: Vec<&str> = per_doc.iter().flatten().copied().collect();
    let cached = source.cache.as_deref().and_then(|path| read_cache(path, &all, source.layers));
    let flat = match cached {
        Some(found) => found,
        None => {
            let model = MiniLm::load(&source.minilm)?;
            let found = many_sentence_vectors(&model, &all, source.layers, progress)?;
            if let Some(path) = &source.cache {
                write_cache(path, &all, source.layers, &found)?;
            }
            found
        }
    };
    let mut flat = flat.into_iter();
    Ok(per_doc.iter().map(|doc| flat.by_ref().take(doc.len()).collect()).collect())
}

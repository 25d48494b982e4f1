use std::path::{Path, PathBuf};

use parallax_clean::normalise_language_code;
use parallax_cluster::{ClusterConfig, ClusterInput, Clusterer, DocumentFrequencies};
use parallax_eval::{
    ClusterScores, Dataset, WindowScores, read_dataset, read_stream, score, window_scores,
    with_lone_stories,
};
use parallax_ingest::content_id;
use parallax_model::Date;

use crate::Error;
use crate::embedding::{embed_inputs, embed_inputs_file_cached};
use parallax_embed::Embedder;

/// Which benchmark split to score.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EvalOptions {
    /// The shared data folder.
    pub data_dir: PathBuf,
    /// The benchmark.
    pub dataset: Dataset,
    /// `train`, `dev` or `test`.
    pub split: String,
    /// A file of embeddings that is read and appended to, so that evaluating again (another
    /// setting, another split) embeds nothing twice.
    pub embedding_cache: Option<PathBuf>,
    /// The share (percent) of gold stories cut down to one report
    /// ([`parallax_eval::with_lone_stories`]); 0 scores the split as published.
    pub lone_stories: u8,
    /// A JSON Lines file to write each document's id, gold cluster and the text the embedder
    /// reads of it (`{"id", "gold", "text"}`), in processing order: the training data of
    /// `scripts/train_minilm_adapter.py`.
    pub embedding_texts: Option<PathBuf>,
}

/// One benchmark document's gold cluster and the story Parallax put it in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Assignment {
    /// The benchmark's document id.
    pub doc: String,
    /// Its gold cluster.
    pub gold: String,
    /// The predicted story id.
    pub story: String,
}

/// Scores and per-document assignments of one evaluation.
#[derive(Debug, Clone, PartialEq)]
pub struct EvalOutcome {
    /// The metrics.
    pub scores: ClusterScores,
    /// Every document's gold cluster and predicted story, in id order.
    pub assignments: Vec<Assignment>,
}

/// Clusters a benchmark split with the production clusterer (title + text, no dates: the
/// benchmarks carry none) and scores it against gold. Documents are processed in id order.
pub fn eval_cluster(
    options: &EvalOptions,
    config: &ClusterConfig,
    embedder: Option<&dyn Embedder>,
) -> Result<EvalOutcome, Error> {
    let mut docs = read_dataset(&options.data_dir, options.dataset, &options.split)?;
    docs.sort_by(|a, b| a.id.cmp(&b.id));
    let docs = with_lone_stories(docs, options.lone_stories);
    if let Some(path) = &options.embedding_texts {
        let mut lines = String::new();
        for doc in &docs {
            let text = crate::embedding::title_and_lead(&doc.title, &doc.text);
            let line = serde_json::json!({"id": doc.id, "gold": doc.gold, "text": text});
            lines.push_str(&line.to_string());
            lines.push('\n');
        }
        fs_err::write(path, lines).map_err(|source| Error::Write { path: path.clone(), source })?;
    }
    let items = docs.iter().map(|doc| Item {
        id: &doc.id,
        date: None,
        language: None,
        title: &doc.title,
        text: &doc.text,
    });
    let predicted = cluster_items(items, config, embedder, options.embedding_cache.as_deref())?;
    let gold: Vec<&str> = docs.iter().map(|doc| doc.gold.as_str()).collect();
    let scores = score(&predicted, &gold);
    let assignments = assignments(docs.iter().map(|doc| (&doc.id, &doc.gold)), predicted);
    Ok(EvalOutcome { scores, assignments })
}

/// One item to cluster.
struct Item<'a> {
    id: &'a str,
    date: Option<Date>,
    language: Option<String>,
    title: &'a str,
    text: &'a str,
}

/// Clusters items given in processing order; returns each item's story.
fn cluster_items<'a>(
    items: impl Iterator<Item = Item<'a>>,
    config: &ClusterConfig,
    embedder: Option<&dyn Embedder>,
    embedding_cache: Option<&Path>,
) -> Result<Vec<String>, Error> {
    let mut inputs: Vec<ClusterInput> = items
        .map(|item| ClusterInput {
            doc_id: content_id(item.id.as_bytes()),
            date: item.date,
            title: item.title.to_owned(),
            text: item.text.to_owned(),
            embedding: None,
            language: item.language,
        })
        .collect();
    match (embedder, embedding_cache) {
        (Some(embedder), Some(path)) => embed_inputs_file_cached(path, &mut inputs, embedder)?,
        (Some(embedder), None) => embed_inputs(&mut inputs, embedder)?,
        (None, _) => {}
    }
    let frequencies = DocumentFrequencies::from_inputs(&inputs, config);
    let mut clusterer = Clusterer::new(frequencies, config.clone());
    clusterer.add_all(&inputs, &mut |_| {});
    let mut story_of = std::collections::HashMap::new();
    for story in clusterer.finish() {
        for doc in story.docs {
            story_of.insert(doc, story.id.to_string());
        }
    }
    Ok(inputs
        .iter()
        .map(|input| story_of.get(&input.doc_id).cloned().unwrap_or_default())
        .collect())
}

/// Scores of a published streaming protocol on a stream file.
#[derive(Debug, Clone, PartialEq)]
pub struct StreamOutcome {
    /// Whole-stream scores (Miranda et al.).
    pub whole: ClusterScores,
    /// Means over 7-day sliding windows (SCStory).
    pub window7: WindowScores,
    /// Every article's gold story and predicted story, in processing order.
    pub assignments: Vec<Assignment>,
}

/// Clusters a stream file (`{id, date, title, text, story}` or `{id, date, lang, title, text,
/// cluster}` JSON list) in publication order (date, then id), with dates, and scores it both ways.
pub fn eval_stream(
    path: &Path,
    config: &ClusterConfig,
    embedder: Option<&dyn Embedder>,
    embedding_cache: Option<&Path>,
) -> Result<StreamOutcome, Error> {
    let mut docs = read_stream(path)?;
    docs.sort_by(|a, b| a.date.cmp(&b.date).then_with(|| a.id.cmp(&b.id)));
    // Streams declare their languages (Miranda et al.): stories never mix them.
    let items = docs.iter().map(|doc| Item {
        id: &doc.id,
        date: Some(doc.date),
        language: doc.lang.as_deref().and_then(normalise_language_code),
        title: &doc.title,
        text: &doc.text,
    });
    let predicted = cluster_items(items, config, embedder, embedding_cache)?;
    let gold: Vec<String> = docs.iter().map(|doc| doc.gold.clone()).collect();
    let dates: Vec<_> = docs.iter().map(|doc| doc.date).collect();
    let whole = score(&predicted, &gold);
    let window7 = window_scores(&dates, &predicted, &gold, 7);
    let assignments = assignments(docs.iter().map(|doc| (&doc.id, &doc.gold)), predicted);
    Ok(StreamOutcome { whole, window7, assignments })
}

/// Pairs each `(id, gold)` with its predicted story.
fn assignments<'a>(
    docs: impl Iterator<Item = (&'a String, &'a String)>,
    predicted: Vec<String>,
) -> Vec<Assignment> {
    docs.zip(predicted)
        .map(|((doc, gold), story)| Assignment { doc: doc.clone(), gold: gold.clone(), story })
        .collect()
}

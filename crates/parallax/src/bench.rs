//! `parallax bench cluster`: grouping measured on a long replayed stream.
//!
//! The gold-labelled benchmark texts (ECB+ and NeuS, every split) are replayed as one stream:
//! replay `r` shifts every date by `r × days_per_replay`, and inside a replay each gold cluster is
//! published over a few days from its own (hashed) day. Gold labels become `r:label`, so the
//! grouping of the whole stream can be scored, which shows the time window at work as well as
//! the speed.

use std::path::PathBuf;
use std::time::Instant;

use parallax_cluster::{ClusterConfig, ClusterInput, Clusterer, DocumentFrequencies};
use parallax_embed::Embedder;
use parallax_eval::{ClusterScores, Dataset, read_dataset, score};
use parallax_ingest::content_id;
use parallax_model::Date;
use parallax_text::fnv1a;

use crate::Error;
use crate::embedding::embed_inputs;

/// How to build the replayed stream.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClusterBenchOptions {
    /// The shared data folder (`ecbplus/`, `neus_allsides/`).
    pub data_dir: PathBuf,
    /// Articles in the stream (the sources are replayed until it is this long).
    pub articles: usize,
    /// Days between the starts of two replays; also the spread of cluster start days inside one.
    pub days_per_replay: i64,
}

impl Default for ClusterBenchOptions {
    fn default() -> Self {
        ClusterBenchOptions {
            data_dir: PathBuf::from("../shared/data"),
            articles: 100_000,
            days_per_replay: 30,
        }
    }
}

/// One measured stage.
#[derive(Debug, Clone, PartialEq)]
pub struct StageTime {
    /// What the stage does.
    pub name: &'static str,
    /// Wall-clock seconds.
    pub seconds: f64,
}

/// What the benchmark measured.
#[derive(Debug, Clone, PartialEq)]
pub struct ClusterBenchReport {
    /// Articles in the stream.
    pub articles: usize,
    /// Distinct source texts replayed.
    pub sources: usize,
    /// Stage times, in order.
    pub stages: Vec<StageTime>,
    /// Stories found.
    pub stories: usize,
    /// The grouping of the whole stream scored against the replayed gold labels.
    pub scores: ClusterScores,
}

/// Progress of the benchmark, for a progress bar.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BenchProgress {
    /// The stage running.
    pub stage: &'static str,
    /// Articles done in it.
    pub done: usize,
    /// Articles in all.
    pub total: usize,
}

/// One article of the stream.
struct StreamItem {
    input: ClusterInput,
    gold: String,
}

/// Articles embedded per call, between progress reports.
const EMBED_CHUNK: usize = 2048;
/// Days over which one gold cluster's articles are published.
const CLUSTER_SPREAD_DAYS: u64 = 3;

/// Builds the stream and measures each grouping stage on it: term statistics, embedding (when an
/// embedder is given), the online assignment pass and the merge pass.
pub fn bench_cluster(
    options: &ClusterBenchOptions,
    config: &ClusterConfig,
    embedder: Option<&dyn Embedder>,
    progress: &mut dyn FnMut(BenchProgress),
) -> Result<ClusterBenchReport, Error> {
    let started = Instant::now();
    let (mut items, sources) = replayed_stream(options)?;
    let total = items.len();
    let mut stages = vec![StageTime { name: "build stream", seconds: secs(started) }];

    let started = Instant::now();
    let mut inputs: Vec<ClusterInput> = Vec::with_capacity(total);
    let mut gold: Vec<String> = Vec::with_capacity(total);
    for item in items.drain(..) {
        inputs.push(item.input);
        gold.push(item.gold);
    }
    let frequencies = DocumentFrequencies::from_inputs(&inputs, config);
    stages.push(StageTime { name: "term statistics", seconds: secs(started) });

    if let Some(embedder) = embedder {
        let started = Instant::now();
        let mut done = 0;
        for chunk in inputs.chunks_mut(EMBED_CHUNK) {
            embed_inputs(chunk, embedder)?;
            done += chunk.len();
            progress(BenchProgress { stage: "embedding", done, total });
        }
        stages.push(StageTime { name: "embedding", seconds: secs(started) });
    }

    let started = Instant::now();
    let mut clusterer = Clusterer::new(frequencies, config.clone());
    clusterer.add_all(&inputs, &mut |done| {
        progress(BenchProgress { stage: "assignment", done, total });
    });
    stages.push(StageTime { name: "assignment (online pass)", seconds: secs(started) });

    let started = Instant::now();
    let stories = clusterer.finish();
    stages.push(StageTime { name: "merge pass", seconds: secs(started) });

    let mut story_of = std::collections::HashMap::new();
    for story in &stories {
        for doc in &story.docs {
            story_of.insert(doc.clone(), story.id.as_str().to_owned());
        }
    }
    let predicted: Vec<String> = inputs
        .iter()
        .map(|input| story_of.get(&input.doc_id).cloned().unwrap_or_default())
        .collect();
    let scores = score(&predicted, &gold);
    Ok(ClusterBenchReport { articles: total, sources, stages, stories: stories.len(), scores })
}

fn secs(since: Instant) -> f64 {
    since.elapsed().as_secs_f64()
}

/// The replayed stream in canonical order (date, then id), and the number of source texts.
fn replayed_stream(options: &ClusterBenchOptions) -> Result<(Vec<StreamItem>, usize), Error> {
    let mut sources = Vec::new();
    for dataset in [Dataset::EcbPlus, Dataset::Neus] {
        for split in ["train", "dev", "test"] {
            sources.extend(read_dataset(&options.data_dir, dataset, split)?);
        }
    }
    sources.sort_by(|a, b| a.id.cmp(&b.id));
    let start = Date::from_ymd(2020, 1, 1);
    let spread = u64::try_from(options.days_per_replay.max(1)).unwrap_or(1);
    let mut items = Vec::with_capacity(options.articles);
    let mut replay: i64 = 0;
    while items.len() < options.articles && !sources.is_empty() {
        for doc in &sources {
            if items.len() == options.articles {
                break;
            }
            let cluster_day = fnv1a(doc.gold.as_bytes()) % spread;
            let article_day = fnv1a(doc.id.as_bytes()) % CLUSTER_SPREAD_DAYS;
            let offset = replay * options.days_per_replay
                + i64::try_from(cluster_day + article_day).unwrap_or(0);
            let id = format!("{replay}:{}", doc.id);
            items.push(StreamItem {
                input: ClusterInput {
                    doc_id: content_id(id.as_bytes()),
                    date: start.and_then(|start| start.add_days(offset)),
                    title: doc.title.clone(),
                    text: doc.text.clone(),
                    embedding: None,
                    language: None,
                },
                gold: format!("{replay}:{}", doc.gold),
            });
        }
        replay += 1;
    }
    items.sort_by(|a, b| (a.input.date, &a.input.doc_id).cmp(&(b.input.date, &b.input.doc_id)));
    Ok((items, sources.len()))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A data folder with both benchmark files: two invented events per split and dataset.
    fn data_dir() -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        let events = [
            ("pier", "Velmora harbour pier closed after storm damage", "storm pier harbour"),
            ("mine", "Rescuers reach trapped Ardun miners underground", "miners rescue shaft"),
        ];
        for (folder, file, label) in [
            ("ecbplus", "ecbplus_docs.jsonl", "cluster"),
            ("neus_allsides", "neus_articles_for_clustering.jsonl", "story"),
        ] {
            let mut lines = String::new();
            for split in ["train", "dev", "test"] {
                for (event, title, words) in events {
                    for n in 0..3 {
                        lines.push_str(&format!(
                            "{{\"doc_id\":\"{folder}-{split}-{event}-{n}\",\"{label}\":\"{split}-{event}\",\
                             \"split\":\"{split}\",\"title\":\"{title}\",\"text\":\"{title}. {words} report {n}.\"}}\n"
                        ));
                    }
                }
            }
            fs_err::create_dir_all(dir.path().join(folder)).unwrap();
            fs_err::write(dir.path().join(folder).join(file), lines).unwrap();
        }
        dir
    }

    #[test]
    fn replays_the_sources_with_shifted_dates_and_scores_the_stream() {
        let dir = data_dir();
        let options = ClusterBenchOptions {
            data_dir: dir.path().to_path_buf(),
            articles: 100,
            days_per_replay: 30,
        };
        let (stream, sources) = replayed_stream(&options).unwrap();
        assert_eq!((stream.len(), sources), (100, 36));
        // In canonical order, and the third replay starts 60 days after the first.
        assert!(stream.windows(2).all(|w| w[0].input.date <= w[1].input.date));
        assert!(stream.iter().any(|item| item.gold.starts_with("2:")));
        let first = stream.iter().find(|item| item.gold.starts_with("0:")).unwrap();
        let third = stream.iter().find(|item| item.gold.starts_with("2:")).unwrap();
        assert!(first.input.date.unwrap().days_until(third.input.date.unwrap()) >= 30);

        let mut reports = 0;
        let report =
            bench_cluster(&options, &ClusterConfig::default(), None, &mut |_| reports += 1)
                .unwrap();
        assert_eq!(report.articles, 100);
        let names: Vec<&str> = report.stages.iter().map(|stage| stage.name).collect();
        assert_eq!(
            names,
            ["build stream", "term statistics", "assignment (online pass)", "merge pass"]
        );
        assert!(reports > 0);
        // Replays are 30 days apart, beyond the window: the same event replayed is a new story.
        assert!(report.stories >= 6, "{} stories", report.stories);
        assert!(report.scores.b3_f1 > 0.5, "{:?}", report.scores);
    }
}

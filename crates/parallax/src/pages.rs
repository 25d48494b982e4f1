//! Main-text extraction measured on the Zyte/ScrapingHub article-extraction benchmark: our
//! extractor beside the reference outputs of other extractors, scored by the same code.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::Instant;

use parallax_eval::{ExtractScores, extract_scores, read_article_bodies};
use parallax_ingest::{IngestConfig, read_bytes};

use crate::Error;

/// What `eval extract` measured.
#[derive(Debug, Clone, PartialEq)]
pub struct ExtractOutcome {
    /// Our scores.
    pub ours: ExtractScores,
    /// Each reference output in `output_reference/`, then each output asked for (file stem, scores).
    pub references: Vec<(String, ExtractScores)>,
    /// Pages extracted per round.
    pub n_pages: usize,
    /// Rounds timed.
    pub rounds: usize,
    /// Seconds for all rounds (from inflated HTML bytes in memory: decode, parse, extract, hash).
    pub seconds: f64,
    /// Our article bodies by page id, as the benchmark's output format wants them.
    pub predictions: BTreeMap<String, String>,
}

impl ExtractOutcome {
    /// Pages per second over all rounds.
    pub fn pages_per_second(&self) -> f64 {
        #[expect(clippy::cast_precision_loss, reason = "page counts")]
        let pages = (self.n_pages * self.rounds) as f64;
        pages / self.seconds.max(1e-9)
    }
}

/// Extracts every page of the benchmark (`html/<id>.html.gz`) `rounds` times through the same
/// reader `parallax run` uses, and scores the result, the reference outputs and `compare`.
pub fn eval_extract(
    data: &Path,
    rounds: usize,
    compare: &[PathBuf],
) -> Result<ExtractOutcome, Error> {
    let truth = read_article_bodies(&data.join("ground-truth.json"))?;
    let mut pages: Vec<(String, String, Vec<u8>)> = Vec::with_capacity(truth.len());
    for id in truth.keys() {
        let path = data.join("html").join(format!("{id}.html.gz"));
        let bytes = fs_err::read(&path)
            .map_err(|source| parallax_eval::EvalError::Read { path: path.clone(), source })?;
        // Inflated before the clock starts, as the trafilatura timing script does: both extractors
        // are timed from HTML bytes to article text.
        let mut html = Vec::new();
        let inflated =
            std::io::Read::read_to_end(&mut flate2::read::GzDecoder::new(&bytes[..]), &mut html);
        if inflated.is_err() {
            html = bytes;
        }
        pages.push((id.clone(), format!("{id}.html"), html));
    }
    let config = IngestConfig::default();
    let mut predictions = BTreeMap::new();
    let rounds = rounds.max(1);
    let started = Instant::now();
    for round in 0..rounds {
        for (id, name, bytes) in &pages {
            let read = read_bytes(name, bytes, &config);
            if round == 0 {
                let body = read.documents.first().map(|doc| doc.text.clone()).unwrap_or_default();
                predictions.insert(id.clone(), body);
            }
        }
    }
    let seconds = started.elapsed().as_secs_f64();
    let ours = extract_scores(&truth, &predictions);
    let mut references = Vec::new();
    let reference_dir = data.join("output_reference");
    let mut paths: Vec<PathBuf> = fs_err::read_dir(&reference_dir)
        .map(|entries| entries.filter_map(Result::ok).map(|entry| entry.path()).collect())
        .unwrap_or_default();
    paths.sort();
    paths.retain(|path| path.extension().is_some_and(|ext| ext == "json"));
    paths.extend(compare.iter().cloned());
    for path in &paths {
        let name = path.file_stem().map(|stem| stem.to_string_lossy().into_owned());
        let output = read_article_bodies(path)?;
        references.push((name.unwrap_or_default(), extract_scores(&truth, &output)));
    }
    Ok(ExtractOutcome { ours, references, n_pages: pages.len(), rounds, seconds, predictions })
}

//! Sentence vectors for aligning a story's claims: the static table distilled from MiniLM, which
//! reads a sentence in microseconds, so every sentence of every story can have one.

use parallax_embed::{Embedder, ModelDir, StaticEmbedding};
use parallax_report::SentenceVectors;

use crate::PipelineConfig;

/// What aligns claims besides words: the static table when configured and installed.
#[derive(Debug)]
pub struct ClaimVectors {
    model: Option<StaticVectors>,
    /// `words + static sentence vectors`, or `words` and why.
    description: String,
    /// What the vectors are, for fingerprints: the table's path, size and modification time.
    identity: String,
}

impl ClaimVectors {
    /// Loads the static table of `config.claim_vectors` (the models folder). A missing table is
    /// not an error: claims are aligned on words, and [`ClaimVectors::description`] says why.
    pub fn load(config: &PipelineConfig) -> ClaimVectors {
        let Some(models) = &config.claim_vectors else { return ClaimVectors::words() };
        let dir = ModelDir::new(models);
        match dir.static_embedding() {
            Ok(model) => {
                let table = dir.static_table();
                let stamp = std::fs::metadata(&table)
                    .ok()
                    .and_then(|meta| Some((meta.len(), meta.modified().ok()?)));
                ClaimVectors {
                    description: format!("words + {} sentence vectors", model.name()),
                    identity: format!("{} {} {stamp:?}", model.name(), table.display()),
                    model: Some(StaticVectors(model)),
                }
            }
            Err(error) => ClaimVectors {
                model: None,
                description: format!("words only ({error})"),
                identity: "words".to_owned(),
            },
        }
    }

    /// Claims aligned on words alone.
    pub fn words() -> ClaimVectors {
        ClaimVectors { model: None, description: "words".to_owned(), identity: "words".to_owned() }
    }

    /// How claims are aligned, and when the table was asked for but is missing, why not.
    pub fn description(&self) -> &str {
        &self.description
    }

    /// What the vectors are (`words` without them), for the fingerprints of reports.
    pub(crate) fn identity(&self) -> &str {
        &self.identity
    }

    /// The vectors as the report builder takes them.
    pub(crate) fn for_reports(&self) -> Option<&dyn SentenceVectors> {
        self.model.as_ref().map(|model| model as &dyn SentenceVectors)
    }
}

/// The static table as the report builder's sentence vectors.
#[derive(Debug)]
struct StaticVectors(StaticEmbedding);

impl SentenceVectors for StaticVectors {
    fn name(&self) -> &str {
        self.0.name()
    }

    fn vectors(&self, sentences: &[&str]) -> Option<Vec<Vec<f32>>> {
        self.0.embed(sentences).ok()
    }
}

use std::path::{Path, PathBuf};

use crate::{EmbedError, Embedder, MiniLm, StaticEmbedding};

/// Which embedder to use.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ModelKind {
    /// The static table distilled from MiniLM: fast, the default.
    Static,
    /// MiniLM itself: slower, more accurate.
    MiniLm,
}

impl ModelKind {
    /// Parses `static` or `minilm`.
    pub fn parse(text: &str) -> Option<ModelKind> {
        match text {
            "static" => Some(ModelKind::Static),
            "minilm" => Some(ModelKind::MiniLm),
            _ => None,
        }
    }
}

/// The models folder the set-up step fills: `<root>/all-minilm-l6-v2/` holds the MiniLM files
/// and the distilled `static-256.bin`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ModelDir {
    root: PathBuf,
}

impl ModelDir {
    /// The models folder at `root`.
    pub fn new(root: &Path) -> ModelDir {
        ModelDir { root: root.to_owned() }
    }

    /// The MiniLM folder.
    pub fn minilm(&self) -> PathBuf {
        self.root.join("all-minilm-l6-v2")
    }

    /// The static table's path.
    pub fn static_table(&self) -> PathBuf {
        self.minilm().join("static-256.bin")
    }

    /// Loads the static table with the tokenizer it was distilled with.
    pub fn static_embedding(&self) -> Result<StaticEmbedding, EmbedError> {
        StaticEmbedding::load(&self.static_table(), &self.minilm().join("tokenizer.json"))
    }

    /// Loads the embedder of this kind, or says which file is missing.
    pub fn load(&self, kind: ModelKind) -> Result<Box<dyn Embedder>, EmbedError> {
        match kind {
            ModelKind::MiniLm => Ok(Box::new(MiniLm::load_news(&self.minilm())?)),
            ModelKind::Static => Ok(Box::new(self.static_embedding()?)),
        }
    }
}

use std::path::{Path, PathBuf};

use crate::{EmbedError, Embedder, Encoder, StaticEmbedding};

/// Which embedder to use.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ModelKind {
    /// The static table distilled from MiniLM: fast, the default.
    Static,
    /// MiniLM itself: slower, more accurate.
    MiniLm,
    /// all-mpnet-base-v2: a 12-layer MPNet, about eight times MiniLM's work per token.
    MpNet,
}

impl ModelKind {
    /// Parses `static`, `minilm` or `mpnet`.
    pub fn parse(text: &str) -> Option<ModelKind> {
        match text {
            "static" => Some(ModelKind::Static),
            "minilm" => Some(ModelKind::MiniLm),
            "mpnet" => Some(ModelKind::MpNet),
            _ => None,
        }
    }
}

/// The models folder the set-up step fills: `<root>/all-minilm-l6-v2/` holds the MiniLM files
/// and the distilled `static-256.bin`; `<root>/all-mpnet-base-v2/` the MPNet files, when asked
/// for.
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

    /// The MPNet folder.
    pub fn mpnet(&self) -> PathBuf {
        self.root.join("all-mpnet-base-v2")
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
            ModelKind::MiniLm => Ok(Box::new(Encoder::load(&self.minilm())?)),
            ModelKind::MpNet => Ok(Box::new(Encoder::load(&self.mpnet())?)),
            ModelKind::Static => Ok(Box::new(self.static_embedding()?)),
        }
    }
}

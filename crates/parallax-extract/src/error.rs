/// Errors of the reading stage.
#[derive(Debug, thiserror::Error)]
pub enum ExtractError {
    /// A tagger model file is damaged or of another format.
    #[error("bad tagger model: {reason}")]
    BadModel {
        /// What is wrong with it.
        reason: String,
    },
}

//! Brief overview: the reading stage. [`tokenize`] splits text into tokens with spans; a
//! [`NerModel`] (a structured averaged perceptron trained on CoNLL-2003 by `parallax train ner`)
//! tags them, and [`find_entities`] returns the entity mentions of a text with their raw spans.
//! [`NerModel::bundled`] is the model shipped in `data/ner-conll2003.bin`.
#![warn(missing_docs)]

mod article;
mod attribution;
mod cue_rates;
mod dates;
mod dense;
mod entities;
mod error;
mod figure_words;
mod figures;
mod gazetteer;
mod loaded;
mod perceptron;
mod quotes;
mod roles;
mod tagger;
mod tokens;
mod word_clusters;

pub use attribution::{
    ATTRIBUTION_TAGS, Attribution, AttributionModel, Role, RoleParagraph, train_attributions,
};
pub use cue_rates::{CueWordRates, REPORTING_FLOOR};
pub use dates::{TimeExpression, TimexKind, document_times, document_times_anchored, find_times};
pub use dense::{
    ContextualLoaded, DenseConfig, DenseLoaded, TokenVectors, document_loaded_contextual,
};
pub use entities::{Chunk, EntityMention, chunks, document_mentions, find_entities};
pub use error::ExtractError;
pub use figures::{ArticleReading, FigureFound, document_figures, find_figures};
pub use gazetteer::{NameList, PlaceMatch};
pub use loaded::{
    LOADED_TAGS, LoadedModel, MarkedSentence, PreparedSentence, document_loaded, prepare_sentence,
    train_loaded,
};
pub use parallax_model::{
    EntityKind, Figure, LoadedPhrase, Mention, Piece, Qualifier, Quote, QuoteKind, RoleMention,
    TimeMention,
};
pub use perceptron::TrainConfig;
pub use quotes::{document_quotes, document_roles};
pub use roles::{RoleFound, find_roles};
pub use tagger::{NerModel, TAGS, TaggedSentence, Trained, tag_index, train};
pub use tokens::{Token, tokenize};
pub use word_clusters::WordClusters;

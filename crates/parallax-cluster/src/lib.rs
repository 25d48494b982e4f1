//! Brief overview: online story clustering on lexical features.
//!
//! Documents arrive in canonical order (publication date, then id). Each is turned into a TF-IDF
//! vector of its title and text ([`features`]); candidate stories come from an inverted index over
//! the stories' terms, restricted to a time window; the document joins the most similar story whose
//! centroid cosine reaches the join threshold, or opens a new one. [`Clusterer::finish`] then merges
//! stories by average linkage of locally scaled similarities (each document measured against its
//! own nearest neighbours, `scale.rs`) and records each merge. Story ids derive from the founding document,
//! so replaying the same corpus always gives the same stories.
//!
//! ```
//! use parallax_cluster::{ClusterConfig, ClusterInput, Clusterer, DocumentFrequencies};
//! use parallax_model::DocId;
//! let docs = [
//!     ("aaaaaaaaaaaaaaaa", "Velmora pier closes", "The Velmora harbour board closed the northern pier."),
//!     ("bbbbbbbbbbbbbbbb", "Northern pier in Velmora shut", "Velmora harbour officials shut the pier."),
//!     ("cccccccccccccccc", "Hill town library opens", "A new library wing opened in Ardun on Monday."),
//! ];
//! let inputs: Vec<ClusterInput> = docs
//!     .iter()
//!     .map(|(id, title, lead)| ClusterInput {
//!         doc_id: DocId::from_hex(id).expect("hex"),
//!         date: None,
//!         title: title.to_string(),
//!         text: lead.to_string(),
//!         embedding: None,
//!         language: None,
//!     })
//!     .collect();
//! let config = ClusterConfig::default();
//! let frequencies = DocumentFrequencies::from_inputs(&inputs, &config);
//! let mut clusterer = Clusterer::new(frequencies, config);
//! for input in &inputs {
//!     clusterer.add(input);
//! }
//! let stories = clusterer.finish();
//! assert_eq!(stories.len(), 2);
//! assert_eq!(stories[0].docs.len(), 2);
//! ```
#![warn(missing_docs)]

mod clusterer;
mod features;
mod scale;

pub use clusterer::{ClusterConfig, ClusterInput, Clusterer};
pub use features::{DocumentFrequencies, SparseVector, features, weekday_mask};

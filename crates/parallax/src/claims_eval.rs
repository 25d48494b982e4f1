//! Claim alignment measured: on ECB+, the sentences of each gold story are aligned into claims as
//! a story report aligns them, and every pair of sentences of different articles is scored
//! against the annotated event coreference (`parallax_eval::claim_pair_scores`).

use std::collections::BTreeMap;
use std::path::Path;

use parallax_compare::{ClaimConfig, SentenceView, align_claims, story_agents};
use parallax_eval::{EcbSentence, PairScores, claim_pair_scores, ecb_split, read_ecb_sentences};
use parallax_extract::{EntityKind, NerModel, find_entities};
use parallax_model::Span;

use crate::{ClaimVectors, Error};

/// What `eval claims` measured.
#[derive(Debug, Clone, PartialEq)]
pub struct ClaimsOutcome {
    /// Gold stories of the split.
    pub n_stories: usize,
    /// Their sentences.
    pub n_sentences: usize,
    /// Of those, the annotated ones.
    pub n_annotated: usize,
    /// How the claims were aligned (`ClaimVectors::description`: `words`, `words + static
    /// sentence vectors`, or why the table is missing).
    pub alignment: String,
    /// The claims' pair scores.
    pub scores: PairScores,
    /// For scale: every story's sentences as one claim.
    pub one_claim: PairScores,
    /// Seconds the alignment took (vectors included), reading excluded.
    pub seconds: f64,
}

/// Aligns the claims of every gold story of an ECB+ split (`train`, `dev` or `test`) in the
/// folder `dir`, each article its own origin, with `vectors` when they are loaded.
pub fn eval_claims(
    dir: &Path,
    split: &str,
    vectors: &ClaimVectors,
    config: &ClaimConfig,
) -> Result<ClaimsOutcome, Error> {
    let split = if split == "val" { "dev" } else { split };
    let sentences: Vec<EcbSentence> = read_ecb_sentences(dir)?
        .into_iter()
        .filter(|sentence| ecb_split(sentence.topic) == split)
        .collect();
    let mut stories: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for (idx, sentence) in sentences.iter().enumerate() {
        stories.entry(sentence.story.as_str()).or_default().push(idx);
    }
    let encoder = vectors.for_reports();
    let started = std::time::Instant::now();
    // Who acts in each sentence, from the bundled tagger's people, as a story report reads it.
    let ner = NerModel::bundled()?;
    let mut persons: Vec<Vec<Span>> = sentences
        .iter()
        .map(|sentence| {
            find_entities(&ner, &sentence.text)
                .into_iter()
                .filter(|mention| mention.kind == EntityKind::Person)
                .map(|mention| mention.span)
                .collect()
        })
        .collect();
    let mut agents: Vec<Vec<&str>> = vec![Vec::new(); sentences.len()];
    for members in stories.values() {
        let story: Vec<(&str, Vec<Span>)> = members
            .iter()
            .map(|&idx| (sentences[idx].text.as_str(), std::mem::take(&mut persons[idx])))
            .collect();
        for (&idx, found) in members.iter().zip(story_agents(&story, &[])) {
            agents[idx] = found;
        }
    }
    let mut claim = vec![0_usize; sentences.len()];
    let mut next = 0;
    for members in stories.values() {
        let mut docs: Vec<&str> = Vec::new();
        let origins: Vec<usize> = members
            .iter()
            .map(|&idx| {
                let doc = sentences[idx].doc.as_str();
                docs.iter().position(|known| *known == doc).unwrap_or_else(|| {
                    docs.push(doc);
                    docs.len() - 1
                })
            })
            .collect();
        let texts: Vec<&str> = members.iter().map(|&idx| sentences[idx].text.as_str()).collect();
        let story_vectors = encoder.and_then(|encoder| encoder.vectors(&texts));
        let views: Vec<SentenceView<'_>> = texts
            .iter()
            .zip(&origins)
            .enumerate()
            .map(|(pos, (text, &origin))| SentenceView {
                doc: origin,
                origin,
                text,
                vector: story_vectors.as_ref().and_then(|v| v.get(pos)).map(Vec::as_slice),
                agents: &agents[members[pos]],
            })
            .collect();
        for found in align_claims(&views, docs.len(), config) {
            for member in found.members {
                claim[members[member]] = next;
            }
            next += 1;
        }
    }
    let seconds = started.elapsed().as_secs_f64();
    let by_story: BTreeMap<&str, usize> =
        stories.keys().enumerate().map(|(idx, story)| (*story, idx)).collect();
    let one_claim: Vec<usize> =
        sentences.iter().map(|sentence| by_story[sentence.story.as_str()]).collect();
    Ok(ClaimsOutcome {
        n_stories: stories.len(),
        n_sentences: sentences.len(),
        n_annotated: sentences.iter().filter(|sentence| sentence.annotated).count(),
        alignment: vectors.description().to_owned(),
        scores: claim_pair_scores(&sentences, &claim),
        one_claim: claim_pair_scores(&sentences, &one_claim),
        seconds,
    })
}

//! The story summary measured: on NeuS (three outlets' leads per story, a neutral reference
//! written by AllSides), the extractive summary against lead baselines, by ROUGE.

use std::path::Path;

use parallax_compare::{ClaimConfig, SentenceView, SummaryConfig, align_claims, summarize};
use parallax_eval::{NeusStory, RougeScores, mean_rouge, read_neus_summaries, rouge};

use crate::Error;

/// What `eval summary` measured: mean ROUGE F1 of each system over the split's stories.
#[derive(Debug, Clone, PartialEq)]
pub struct SummaryOutcome {
    /// Stories scored.
    pub n_stories: usize,
    /// Mean words per summary of ours.
    pub mean_words: f64,
    /// Our summary.
    pub ours: RougeScores,
    /// The first article's opening sentences up to the same word budget.
    pub lead: RougeScores,
    /// The first sentence of every article.
    pub lead_each: RougeScores,
}

/// Each article's sentences as the summariser's views (every article is its own origin), with
/// their positions.
fn views(story: &NeusStory) -> (Vec<SentenceView<'_>>, Vec<usize>) {
    let mut views = Vec::new();
    let mut positions = Vec::new();
    for (doc, article) in story.articles.iter().enumerate() {
        for (position, span) in parallax_text::sentence_spans(&article.text).iter().enumerate() {
            if let Some(text) = span.slice(&article.text) {
                views.push(SentenceView { doc, origin: doc, text, vector: None, agents: &[] });
                positions.push(position);
            }
        }
    }
    (views, positions)
}

/// Our summary of one NeuS story, as a story report makes it: over the story's claims (aligned on
/// words: the evaluation needs no model).
fn our_summary(story: &NeusStory, config: &SummaryConfig) -> String {
    let (views, positions) = views(story);
    let claims = align_claims(&views, story.articles.len(), &ClaimConfig::default());
    summarize(&views, &positions, &[], config, &claims)
        .iter()
        .map(|chosen| views[chosen.sentence].text)
        .collect::<Vec<_>>()
        .join(" ")
}

/// Sentences of the first article, in order, up to `max_words`.
fn lead(story: &NeusStory, max_words: usize) -> String {
    let (views, _) = views(story);
    let mut out: Vec<&str> = Vec::new();
    let mut words = 0;
    for view in views.iter().filter(|view| view.doc == 0) {
        if words >= max_words {
            break;
        }
        words += view.text.split_whitespace().count();
        out.push(view.text);
    }
    out.join(" ")
}

/// The first sentence of every article.
fn lead_each(story: &NeusStory) -> String {
    let (views, positions) = views(story);
    views
        .iter()
        .zip(&positions)
        .filter(|(_, position)| **position == 0)
        .map(|(view, _)| view.text)
        .collect::<Vec<_>>()
        .join(" ")
}

/// Scores the summariser on a NeuS split folder (`<split>.source`, `<split>.target`) against
/// the references' text, beside two lead baselines.
pub fn eval_summary(
    dir: &Path,
    split: &str,
    config: &SummaryConfig,
) -> Result<SummaryOutcome, Error> {
    let stories = read_neus_summaries(dir, split)?;
    let (mut ours, mut leads, mut each, mut words) = (Vec::new(), Vec::new(), Vec::new(), 0);
    for story in &stories {
        let summary = our_summary(story, config);
        words += summary.split_whitespace().count();
        ours.push(rouge(&summary, &story.reference));
        leads.push(rouge(&lead(story, config.max_words), &story.reference));
        each.push(rouge(&lead_each(story), &story.reference));
    }
    #[expect(clippy::cast_precision_loss, reason = "word counts")]
    let mean_words = words as f64 / stories.len().max(1) as f64;
    Ok(SummaryOutcome {
        n_stories: stories.len(),
        mean_words,
        ours: mean_rouge(&ours),
        lead: mean_rouge(&leads),
        lead_each: mean_rouge(&each),
    })
}

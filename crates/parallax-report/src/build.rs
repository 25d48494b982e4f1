use std::collections::{BTreeMap, BTreeSet};

use parallax_model::{CleanDocument, DocId, OriginId, RawDocument, Span, Story};

use crate::schema::v1::{
    ArticleDto, INDEX_SCHEMA, IndexReport, OutletCount, OutletDto, PublishedDto, RemovalDto,
    STORY_SCHEMA, SetAsideDto, StoryReport, StorySummary, TextSpan,
};

/// One article as the report needs it.
#[derive(Debug, Clone, Copy)]
pub struct ArticleInput<'a> {
    /// The raw document (its `text` is what spans point into).
    pub raw: &'a RawDocument,
    /// Its cleaning result.
    pub cleaned: &'a CleanDocument,
    /// Its origin.
    pub origin_id: Option<&'a OriginId>,
    /// The document it copies exactly.
    pub duplicate_of: Option<&'a DocId>,
}

fn text_span(text: &str, span: Span) -> TextSpan {
    TextSpan {
        text: span.slice(text).unwrap_or_default().to_owned(),
        start: Some(span.start()),
        end: Some(span.end()),
    }
}

fn located(found: Option<&parallax_model::Located>) -> Option<TextSpan> {
    found.map(|item| TextSpan {
        text: item.text.clone(),
        start: item.span.map(|span| span.start()),
        end: item.span.map(|span| span.end()),
    })
}

fn article(input: &ArticleInput<'_>) -> ArticleDto {
    let raw = &input.raw.text;
    let cleaned = input.cleaned;
    ArticleDto {
        doc_id: input.raw.id.to_string(),
        external_id: input.raw.meta.external_id.clone(),
        source: input.raw.source.clone(),
        outlet: OutletDto {
            name: cleaned.outlet.name.clone(),
            evidence: cleaned.outlet.evidence.kind().to_owned(),
            span: cleaned.outlet.evidence.span().map(|span| text_span(raw, span)),
        },
        title: located(cleaned.title.as_ref()),
        published: PublishedDto {
            kind: cleaned.published.kind().to_owned(),
            date: cleaned.published.anchor().map(|date| date.to_string()),
        },
        dateline: located(cleaned.dateline.as_ref()),
        language: cleaned.language.clone(),
        status: cleaned.status.as_str().to_owned(),
        status_detail: cleaned.status_detail.clone(),
        origin_id: input.origin_id.map(ToString::to_string),
        duplicate_of: input.duplicate_of.map(ToString::to_string),
        paragraphs: cleaned.paragraphs.iter().map(|span| text_span(raw, *span)).collect(),
        removals: cleaned
            .removals
            .iter()
            .map(|removal| RemovalDto {
                start: removal.span.start(),
                end: removal.span.end(),
                reason: removal.reason.as_str().to_owned(),
                detail: removal.detail.clone(),
                text: removal.span.slice(raw).unwrap_or_default().to_owned(),
            })
            .collect(),
    }
}

fn outlet_counts(articles: &[ArticleInput<'_>]) -> Vec<OutletCount> {
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    for input in articles {
        *counts.entry(input.cleaned.outlet.name.as_str()).or_default() += 1;
    }
    let mut outlets: Vec<OutletCount> = counts
        .into_iter()
        .map(|(name, n_articles)| OutletCount { name: name.to_owned(), n_articles })
        .collect();
    outlets.sort_by(|a, b| b.n_articles.cmp(&a.n_articles).then_with(|| a.name.cmp(&b.name)));
    outlets
}

/// Builds a story report; `articles` must be the story's members in story order.
pub fn build_story(story: &Story, title: &str, articles: &[ArticleInput<'_>]) -> StoryReport {
    let origins: BTreeSet<&OriginId> =
        articles.iter().filter_map(|input| input.origin_id).collect();
    StoryReport {
        schema: STORY_SCHEMA,
        id: story.id.to_string(),
        title: title.to_owned(),
        first_date: story.first_date.map(|date| date.to_string()),
        last_date: story.last_date.map(|date| date.to_string()),
        n_articles: articles.len(),
        n_origins: origins.len(),
        outlets: outlet_counts(articles),
        articles: articles.iter().map(article).collect(),
    }
}

/// Builds the index from story reports and the set-aside list. Stories are listed newest first
/// (by last date, undated last), ties by id.
pub fn build_index(stories: &[StoryReport], set_aside: Vec<SetAsideDto>) -> IndexReport {
    let mut summaries: Vec<StorySummary> = stories
        .iter()
        .map(|story| StorySummary {
            id: story.id.clone(),
            title: story.title.clone(),
            first_date: story.first_date.clone(),
            last_date: story.last_date.clone(),
            n_articles: story.n_articles,
            n_origins: story.n_origins,
            outlets: story.outlets.iter().map(|outlet| outlet.name.clone()).collect(),
        })
        .collect();
    summaries.sort_by(|a, b| {
        b.last_date
            .is_some()
            .cmp(&a.last_date.is_some())
            .then_with(|| b.last_date.cmp(&a.last_date))
            .then_with(|| a.id.cmp(&b.id))
    });
    IndexReport { schema: INDEX_SCHEMA, stories: summaries, set_aside }
}

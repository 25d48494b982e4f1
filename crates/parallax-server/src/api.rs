//! The JSON API under `/api/v1`. Its OpenAPI document (`assets/openapi.json`) is checked against
//! these handlers' answers by the tests.

use std::sync::Arc;

use axum::Json;
use axum::body::Bytes;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use parallax::schema::v1::{MentionDto, StoryReport};
use parallax_store::{Facet, StoryQuery, StoryRow};
use serde::Deserialize;
use serde_json::{Value, json};

use crate::ApiError;
use crate::state::AppState;

/// Most stories one page returns.
pub(crate) const MAX_LIMIT: usize = 200;
/// Stories per page unless asked.
pub(crate) const DEFAULT_LIMIT: usize = 50;

/// The filters of a story list (the API's query string and the list page's form).
#[derive(Debug, Clone, Default, Deserialize)]
pub(crate) struct ListParams {
    pub(crate) q: Option<String>,
    pub(crate) from: Option<String>,
    pub(crate) to: Option<String>,
    pub(crate) outlet: Option<String>,
    pub(crate) entity: Option<String>,
    pub(crate) language: Option<String>,
    pub(crate) sort: Option<String>,
    pub(crate) limit: Option<usize>,
    pub(crate) offset: Option<usize>,
}

/// A form's empty field means no filter.
fn filled(value: Option<&String>) -> Option<String> {
    value.map(|v| v.trim()).filter(|v| !v.is_empty()).map(str::to_owned)
}

/// `YYYY-MM-DD`, else a 400 naming the parameter.
fn date(name: &str, value: Option<&String>) -> Result<Option<String>, ApiError> {
    let Some(value) = filled(value) else { return Ok(None) };
    match parallax::Date::parse_iso(&value).filter(|_| value.len() == 10) {
        // Bound as the model writes it, so the store compares like with like.
        Some(date) => Ok(Some(date.to_string())),
        None => Err(ApiError::bad_request(format!(
            "{name} must be a date written YYYY-MM-DD, not {value:?}"
        ))),
    }
}

impl ListParams {
    pub(crate) fn query(&self) -> Result<StoryQuery, ApiError> {
        let limit = self.limit.unwrap_or(DEFAULT_LIMIT);
        if limit == 0 || limit > MAX_LIMIT {
            return Err(ApiError::bad_request(format!(
                "limit must be between 1 and {MAX_LIMIT}, not {limit}"
            )));
        }
        let by_relevance = match filled(self.sort.as_ref()).as_deref() {
            None | Some("newest") => false,
            Some("relevance") => true,
            Some(other) => {
                return Err(ApiError::bad_request(format!(
                    "sort must be newest or relevance, not {other:?}"
                )));
            }
        };
        Ok(StoryQuery {
            text: filled(self.q.as_ref()),
            by_relevance,
            from: date("from", self.from.as_ref())?,
            to: date("to", self.to.as_ref())?,
            outlet: filled(self.outlet.as_ref()),
            entity: filled(self.entity.as_ref()),
            language: filled(self.language.as_ref()),
            limit,
            offset: self.offset.unwrap_or(0),
        })
    }
}

pub(crate) fn query_params(
    params: Result<Query<ListParams>, QueryRejection>,
) -> Result<ListParams, ApiError> {
    params
        .map(|Query(params)| params)
        .map_err(|rejection| ApiError::bad_request(rejection.body_text()))
}

fn story_row(row: &StoryRow) -> Value {
    json!({
        "id": row.story_id,
        "title": row.title,
        "first_date": row.first_date,
        "last_date": row.last_date,
        "n_articles": row.n_articles,
        "n_origins": row.n_origins,
        "outlets": row.outlets,
        "links": {
            "self": format!("/api/v1/stories/{}", row.story_id),
            "html": format!("/stories/{}", row.story_id),
        },
    })
}

/// `GET /api/v1/stories`
pub(crate) async fn stories(
    State(state): State<Arc<AppState>>,
    params: Result<Query<ListParams>, QueryRejection>,
) -> Result<Json<Value>, ApiError> {
    let query = query_params(params)?.query()?;
    let (limit, offset) = (query.limit, query.offset);
    let page = state.read(move |store| Ok(store.query_stories(&query)?)).await?;
    let stories: Vec<Value> = page.rows.iter().map(story_row).collect();
    Ok(Json(json!({ "total": page.total, "limit": limit, "offset": offset, "stories": stories })))
}

fn json_text(text: String) -> Response {
    ([(header::CONTENT_TYPE, "application/json")], text).into_response()
}

/// `GET /api/v1/stories/{id}`: the stored story report, as the CLI's `show --json` prints it.
pub(crate) async fn story(
    State(state): State<Arc<AppState>>,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    let lookup = id.clone();
    let found = state.read(move |store| Ok(store.story_report(&lookup)?)).await?;
    let (_, report) = found.ok_or_else(|| ApiError::not_found(format!("no story {id}")))?;
    Ok(json_text(report))
}

/// The report of the story an article is in, with the article's full id.
pub(crate) async fn article_report(
    state: &Arc<AppState>,
    id: &str,
) -> Result<(String, StoryReport, String), ApiError> {
    let lookup = id.to_owned();
    let found = state
        .read(move |store| {
            let Some((doc_id, story_id)) = store.article_story(&lookup)? else {
                return Ok(None);
            };
            let report = store.story_report(&story_id)?;
            let text = store.document_text(&doc_id)?;
            Ok(report.zip(text).map(|((_, report), text)| (doc_id, report, text)))
        })
        .await?;
    let (doc_id, report, text) =
        found.ok_or_else(|| ApiError::not_found(format!("no article {id} in any story")))?;
    let report: StoryReport =
        serde_json::from_str(&report).map_err(|error| ApiError::internal(&error))?;
    Ok((doc_id, report, text))
}

/// The mentions of one article among story items, each as the item's fields (`label`) plus the
/// mention's `text`, `start` and `end`.
fn spans_in<T>(
    doc_id: &str,
    items: &[T],
    label: impl Fn(&T) -> (&Vec<MentionDto>, Value),
) -> Vec<Value> {
    let mut spans = Vec::new();
    for item in items {
        let (mentions, fields) = label(item);
        for mention in mentions.iter().filter(|m| m.doc_id == doc_id) {
            let mut span = fields.clone();
            span["text"] = json!(mention.text);
            span["start"] = json!(mention.start);
            span["end"] = json!(mention.end);
            spans.push(span);
        }
    }
    spans
}

/// `GET /api/v1/articles/{id}`: one article of a story with its text and every span read from
/// it (entity mentions, quotes, figures, dates), all as raw byte offsets into `text`.
pub(crate) async fn article(
    State(state): State<Arc<AppState>>,
    Path(id): Path<String>,
) -> Result<Json<Value>, ApiError> {
    let (doc_id, report, text) = article_report(&state, &id).await?;
    let Some(article) = report.articles.iter().find(|a| a.doc_id == doc_id) else {
        return Err(ApiError::not_found(format!("no article {id} in any story")));
    };
    let entities = spans_in(&doc_id, &report.entities, |entity| {
        (&entity.mentions, json!({ "name": entity.name, "kind": entity.kind }))
    });
    let quotes: Vec<_> = report.quotes.iter().filter(|q| q.doc_id == doc_id).collect();
    let figures: Vec<_> = report
        .figures
        .iter()
        .flat_map(|group| group.figures.iter())
        .filter(|f| f.doc_id == doc_id)
        .collect();
    let dates = spans_in(&doc_id, &report.dates, |date| {
        (&date.mentions, json!({ "value": date.value, "kind": date.kind }))
    });
    Ok(Json(json!({
        "story_id": report.id,
        "article": article,
        "text": text,
        "entities": entities,
        "quotes": quotes,
        "figures": figures,
        "dates": dates,
    })))
}

#[derive(Debug, Default, Deserialize)]
pub(crate) struct FacetParams {
    prefix: Option<String>,
    limit: Option<usize>,
}

/// A facet's values as `{list: [{name_key: value, (kind,) n_stories, n_articles}]}`.
async fn facet(
    state: Arc<AppState>,
    facet: Facet,
    params: Result<Query<FacetParams>, QueryRejection>,
    (list, name_key): (&str, &str),
) -> Result<Json<Value>, ApiError> {
    let Query(params) = params.map_err(|rejection| ApiError::bad_request(rejection.body_text()))?;
    let limit = params.limit.unwrap_or(100);
    if limit == 0 || limit > 1000 {
        return Err(ApiError::bad_request(format!(
            "limit must be between 1 and 1000, not {limit}"
        )));
    }
    let prefix = filled(params.prefix.as_ref());
    let counts =
        state.read(move |store| Ok(store.facet_counts(facet, prefix.as_deref(), limit)?)).await?;
    let values: Vec<Value> = counts
        .iter()
        .map(|count| {
            let mut value = json!({
                name_key: count.value,
                "n_stories": count.n_stories,
                "n_articles": count.n_articles,
            });
            if facet == Facet::Entity {
                value["kind"] = json!(count.note);
            }
            value
        })
        .collect();
    Ok(Json(json!({ list: values })))
}

/// `GET /api/v1/entities`
pub(crate) async fn entities(
    State(state): State<Arc<AppState>>,
    params: Result<Query<FacetParams>, QueryRejection>,
) -> Result<Json<Value>, ApiError> {
    facet(state, Facet::Entity, params, ("entities", "name")).await
}

/// `GET /api/v1/outlets`
pub(crate) async fn outlets(
    State(state): State<Arc<AppState>>,
    params: Result<Query<FacetParams>, QueryRejection>,
) -> Result<Json<Value>, ApiError> {
    facet(state, Facet::Outlet, params, ("outlets", "name")).await
}

/// `GET /api/v1/languages`
pub(crate) async fn languages(
    State(state): State<Arc<AppState>>,
    params: Result<Query<FacetParams>, QueryRejection>,
) -> Result<Json<Value>, ApiError> {
    facet(state, Facet::Language, params, ("languages", "code")).await
}

/// `GET /api/v1/openapi.json`
pub(crate) async fn openapi() -> Response {
    json_text(crate::OPENAPI.to_owned())
}

/// One uploaded document of a JSON ingest request.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Upload {
    /// A file name; its extension picks the reader (`.txt`, `.html`, `.jsonl`, `.xml`…).
    name: String,
    /// The file's contents.
    text: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct UploadBatch {
    documents: Vec<Upload>,
}

#[derive(Debug, Default, Deserialize)]
pub(crate) struct UploadParams {
    name: Option<String>,
}

/// Longest accepted document name.
const MAX_NAME: usize = 200;

fn check_name(name: &str) -> Result<(), ApiError> {
    if name.trim().is_empty() || name.len() > MAX_NAME || name.chars().any(char::is_control) {
        return Err(ApiError::bad_request(format!(
            "a document name must be 1 to {MAX_NAME} characters without control characters"
        )));
    }
    Ok(())
}

/// `POST /api/v1/documents`: ingest documents, then rebuild the stories. Either JSON
/// (`{"documents": [{"name", "text"}]}`) or one file as the raw body with `?name=file.ext`.
pub(crate) async fn ingest(
    State(state): State<Arc<AppState>>,
    headers: HeaderMap,
    params: Result<Query<UploadParams>, QueryRejection>,
    body: Result<Bytes, axum::extract::rejection::BytesRejection>,
) -> Result<Response, ApiError> {
    state.check_token(&headers)?;
    let Query(params) = params.map_err(|rejection| ApiError::bad_request(rejection.body_text()))?;
    let body = body.map_err(|rejection| {
        let status = rejection.status();
        let code =
            if status == StatusCode::PAYLOAD_TOO_LARGE { "too_large" } else { "bad_request" };
        ApiError::new(status, code, rejection.body_text())
    })?;
    let is_json = headers
        .get(header::CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .is_some_and(|value| value.starts_with("application/json"));
    let inputs: Vec<(String, Vec<u8>)> = if is_json {
        let batch: UploadBatch = serde_json::from_slice(&body).map_err(|error| {
            ApiError::bad_request(format!(
                "the body is not {{\"documents\": [{{\"name\", \"text\"}}]}}: {error}"
            ))
        })?;
        batch.documents.into_iter().map(|doc| (doc.name, doc.text.into_bytes())).collect()
    } else {
        let name = params.name.ok_or_else(|| {
            ApiError::bad_request("a raw upload needs ?name=<file name> (its extension picks the reader), or send JSON")
        })?;
        vec![(name, body.to_vec())]
    };
    if inputs.is_empty() {
        return Err(ApiError::bad_request("no documents given"));
    }
    for (name, _) in &inputs {
        check_name(name)?;
    }
    let _writer = state.writer.lock().await;
    let config = state.config.clone();
    let summary = tokio::task::spawn_blocking(move || {
        let mut store = parallax::Store::open(&config.db)?;
        let named: Vec<(&str, &[u8])> =
            inputs.iter().map(|(name, bytes)| (name.as_str(), bytes.as_slice())).collect();
        parallax::ingest_bytes(&mut store, &named, &config.pipeline)
    })
    .await
    .map_err(|error| ApiError::internal(&error))?
    .map_err(|error| ApiError::internal(&error))?;
    let body = json!({
        "read": summary.n_read,
        "new": summary.n_new,
        "set_aside": summary.n_rejected,
        "superseded": summary.n_superseded,
        "skipped": summary.skipped,
        "articles": summary.n_cleaned,
        "stories": summary.n_stories,
        "outlets": summary.n_outlets,
        "origins": summary.n_origins,
        "articles_taken_over": summary.n_reading_reused,
        "reports_taken_over": summary.n_reports_reused,
        "unchanged": summary.unchanged,
        "summary": summary.to_string(),
    });
    let status = if summary.n_new > 0 { StatusCode::CREATED } else { StatusCode::OK };
    Ok((status, Json(body)).into_response())
}

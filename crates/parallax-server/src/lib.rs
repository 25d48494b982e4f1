//! Brief overview: `parallax serve`, the HTTP shell over a Parallax store. It serves a versioned
//! JSON API under `/api/v1` (stories with filters and full-text search, one story, one article
//! with its spans, entities, outlets, an OpenAPI document, and token-guarded ingest) and
//! server-rendered web pages (the story list and the side-by-side story page).
//!
//! The server reads the views every rebuild writes into the store (`story_views`, `story_facets`,
//! `story_search`), over read-only SQLite connections in WAL mode, so `parallax ingest` can run
//! beside it and new stories appear on the next request. Every response carries a strict
//! Content-Security-Policy; article text is escaped everywhere it is printed.
//!
//! ```no_run
//! # async fn run() -> Result<(), parallax_server::ServerError> {
//! let config = parallax_server::ServeConfig::new("parallax.db".into());
//! let listener = tokio::net::TcpListener::bind("127.0.0.1:8080").await.expect("bind");
//! parallax_server::serve(config, listener).await
//! # }
//! ```
#![warn(missing_docs)]

mod api;
mod error;
mod pages;
mod state;

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::extract::{DefaultBodyLimit, Request, State};
use axum::http::{HeaderValue, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::get;

pub use error::{ApiError, ServerError};
use state::AppState;

/// The OpenAPI document of the JSON API, served at `/api/v1/openapi.json`.
pub const OPENAPI: &str = include_str!("../assets/openapi.json");
/// The web pages' style sheet.
const STYLE: &str = include_str!("../assets/parallax.css");
/// The story page's column chooser (the span highlighting is the static site's script).
const SERVE_SCRIPT: &str = include_str!("../assets/serve.js");

/// The Content-Security-Policy of every response: scripts and styles only from this server, no
/// inline code, no frames, forms only to this server.
pub const CONTENT_SECURITY_POLICY: &str = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

/// How the server runs.
#[derive(Debug, Clone)]
pub struct ServeConfig {
    /// The SQLite store (created if missing).
    pub db: PathBuf,
    /// The token `POST /api/v1/documents` requires (`Authorization: Bearer …`); `None` turns
    /// ingest over HTTP off.
    pub token: Option<String>,
    /// Whether read endpoints also require the token (the default when the server listens on a
    /// non-loopback address).
    pub reads_need_token: bool,
    /// Longest a read request may take.
    pub read_timeout: Duration,
    /// Longest an ingest request may take (it rebuilds every story).
    pub ingest_timeout: Duration,
    /// Largest request body accepted by ingest, in bytes.
    pub max_body_bytes: usize,
    /// The pipeline settings ingest uses.
    pub pipeline: parallax::PipelineConfig,
}

impl ServeConfig {
    /// Defaults for a store: no token (ingest off), reads open, 10 s reads, 10 min ingest, 64 MiB
    /// bodies.
    pub fn new(db: PathBuf) -> ServeConfig {
        ServeConfig {
            db,
            token: None,
            reads_need_token: false,
            read_timeout: Duration::from_secs(10),
            ingest_timeout: Duration::from_secs(600),
            max_body_bytes: 64 << 20,
            pipeline: parallax::PipelineConfig::default(),
        }
    }
}

/// Opens (and if needed creates, migrates and fills the views of) the store, and builds the
/// router: what [`serve`] runs, and what tests drive directly.
pub fn app(config: ServeConfig) -> Result<Router, ServerError> {
    let state = Arc::new(AppState::open(config)?);
    Ok(router(state))
}

fn router(state: Arc<AppState>) -> Router {
    let reads = Router::new()
        .route("/", get(pages::index))
        .route("/stories/{id}", get(pages::story))
        .route("/api/v1/stories", get(api::stories))
        .route("/api/v1/stories/{id}", get(api::story))
        .route("/api/v1/articles/{id}", get(api::article))
        .route("/api/v1/entities", get(api::entities))
        .route("/api/v1/outlets", get(api::outlets))
        .route("/api/v1/languages", get(api::languages))
        .route("/api/v1/openapi.json", get(api::openapi))
        .route_layer(middleware::from_fn_with_state(Arc::clone(&state), read_guard))
        .route("/static/parallax.css", get(|| async { asset(STYLE, "text/css; charset=utf-8") }))
        .route(
            "/static/story.js",
            get(|| async {
                asset(parallax_report::STORY_SCRIPT, "text/javascript; charset=utf-8")
            }),
        )
        .route(
            "/static/serve.js",
            get(|| async { asset(SERVE_SCRIPT, "text/javascript; charset=utf-8") }),
        )
        .layer(middleware::from_fn(timeout(state.config.read_timeout)));
    let ingest = Router::new()
        .route("/api/v1/documents", axum::routing::post(api::ingest))
        .layer(DefaultBodyLimit::max(state.config.max_body_bytes))
        .layer(middleware::from_fn(timeout(state.config.ingest_timeout)));
    reads
        .merge(ingest)
        .fallback(error::not_found)
        .method_not_allowed_fallback(error::method_not_allowed)
        .layer(middleware::from_fn(security_headers))
        .with_state(state)
}

/// Serves until Ctrl-C (or SIGTERM), then finishes the requests in flight.
pub async fn serve(
    config: ServeConfig,
    listener: tokio::net::TcpListener,
) -> Result<(), ServerError> {
    run(app(config)?, listener).await
}

async fn run(app: Router, listener: tokio::net::TcpListener) -> Result<(), ServerError> {
    axum::serve(listener, app.into_make_service_with_connect_info::<SocketAddr>())
        .with_graceful_shutdown(shutdown())
        .await
        .map_err(ServerError::Io)
}

/// Binds `addr` and serves on a new multi-threaded runtime until Ctrl-C or SIGTERM; `ready` is
/// called with the bound address (port 0 picks a free one) before the first request.
pub fn serve_blocking(
    config: ServeConfig,
    addr: SocketAddr,
    ready: impl FnOnce(SocketAddr),
) -> Result<(), ServerError> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(ServerError::Io)?;
    runtime.block_on(async move {
        let app = app(config)?;
        let listener = tokio::net::TcpListener::bind(addr)
            .await
            .map_err(|source| ServerError::Bind { addr, source })?;
        ready(listener.local_addr().map_err(ServerError::Io)?);
        run(app, listener).await
    })
}

async fn shutdown() {
    let interrupt = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = interrupt => {},
        () = terminate => {},
    }
}

fn asset(body: &'static str, content_type: &'static str) -> Response {
    (
        [
            (header::CONTENT_TYPE, HeaderValue::from_static(content_type)),
            (header::CACHE_CONTROL, HeaderValue::from_static("public, max-age=3600")),
        ],
        body,
    )
        .into_response()
}

async fn security_headers(request: Request, next: Next) -> Response {
    let mut response = next.run(request).await;
    let headers = response.headers_mut();
    headers
        .insert(header::CONTENT_SECURITY_POLICY, HeaderValue::from_static(CONTENT_SECURITY_POLICY));
    headers.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    headers.insert(header::REFERRER_POLICY, HeaderValue::from_static("no-referrer"));
    headers.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    response
}

async fn read_guard(State(state): State<Arc<AppState>>, request: Request, next: Next) -> Response {
    if state.config.reads_need_token {
        if let Err(error) = state.check_token(request.headers()) {
            return error.into_response();
        }
    }
    next.run(request).await
}

/// A middleware that answers 503 when the request takes longer than `limit`.
fn timeout(
    limit: Duration,
) -> impl Fn(Request, Next) -> std::pin::Pin<Box<dyn Future<Output = Response> + Send>> + Clone {
    move |request, next| {
        Box::pin(async move {
            match tokio::time::timeout(limit, next.run(request)).await {
                Ok(response) => response,
                Err(_) => ApiError::timeout(limit).into_response(),
            }
        })
    }
}

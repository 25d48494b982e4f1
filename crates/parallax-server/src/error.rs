use std::time::Duration;

use axum::http::{StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};

/// Errors that stop the server from starting or running.
#[derive(Debug, thiserror::Error)]
pub enum ServerError {
    /// The store could not be opened or prepared.
    #[error(transparent)]
    Store(#[from] parallax_store::StoreError),
    /// Filling the views of an older store failed.
    #[error(transparent)]
    Pipeline(#[from] parallax::Error),
    /// The address could not be bound.
    #[error("cannot listen on {addr}")]
    Bind {
        /// The address.
        addr: std::net::SocketAddr,
        /// The underlying error.
        #[source]
        source: std::io::Error,
    },
    /// Listening or serving failed.
    #[error("serving failed")]
    Io(#[source] std::io::Error),
}

/// An error answered to a client: a status and `{"error": {"code", "message"}}` (an HTML page for
/// the web pages).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiError {
    /// The HTTP status.
    pub status: StatusCode,
    /// A stable machine-readable code: `not_found`, `bad_request`, `unauthorized`, …
    pub code: &'static str,
    /// What went wrong, in words.
    pub message: String,
    /// Whether to answer with an HTML page rather than JSON.
    pub html: bool,
}

impl ApiError {
    /// A new JSON error.
    pub fn new(status: StatusCode, code: &'static str, message: impl Into<String>) -> ApiError {
        ApiError { status, code, message: message.into(), html: false }
    }

    /// 404.
    pub fn not_found(message: impl Into<String>) -> ApiError {
        ApiError::new(StatusCode::NOT_FOUND, "not_found", message)
    }

    /// 400.
    pub fn bad_request(message: impl Into<String>) -> ApiError {
        ApiError::new(StatusCode::BAD_REQUEST, "bad_request", message)
    }

    /// 503 after `limit`.
    pub fn timeout(limit: Duration) -> ApiError {
        ApiError::new(
            StatusCode::SERVICE_UNAVAILABLE,
            "timeout",
            format!("the request took longer than {} s", limit.as_secs_f64()),
        )
    }

    /// 500 for a store or pipeline failure; the whole error chain is in the message.
    pub fn internal(error: &(dyn std::error::Error + 'static)) -> ApiError {
        let mut message = error.to_string();
        let mut source = error.source();
        while let Some(cause) = source {
            message.push_str(": ");
            message.push_str(&cause.to_string());
            source = cause.source();
        }
        let busy = message.contains("database is locked");
        if busy {
            return ApiError::new(StatusCode::SERVICE_UNAVAILABLE, "store_busy", message);
        }
        ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, "internal", message)
    }

    /// The same error as an HTML page.
    pub fn as_html(mut self) -> ApiError {
        self.html = true;
        self
    }
}

impl From<parallax_store::StoreError> for ApiError {
    fn from(error: parallax_store::StoreError) -> ApiError {
        ApiError::internal(&error)
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        if self.html {
            let page = crate::pages::error_page(self.status, &self.message);
            return (self.status, page).into_response();
        }
        let body = serde_json::json!({ "error": { "code": self.code, "message": self.message } });
        (self.status, [(header::CONTENT_TYPE, "application/json")], body.to_string())
            .into_response()
    }
}

/// Unknown paths: JSON under `/api/`, a page elsewhere.
pub(crate) async fn not_found(uri: Uri) -> ApiError {
    let error = ApiError::not_found(format!("no such path: {}", uri.path()));
    if uri.path().starts_with("/api/") { error } else { error.as_html() }
}

/// A known path with a method it does not answer.
pub(crate) async fn method_not_allowed(uri: Uri) -> ApiError {
    ApiError::new(
        StatusCode::METHOD_NOT_ALLOWED,
        "method_not_allowed",
        format!("{} does not answer this method", uri.path()),
    )
}

use std::sync::Mutex;

use axum::http::{HeaderMap, StatusCode, header};
use parallax_store::Store;

use crate::{ApiError, ServeConfig, ServerError};

/// Read connections kept for reuse.
const POOLED_READERS: usize = 32;

/// What every request shares: the settings, a pool of read-only store connections, and the lock
/// that keeps ingest requests one at a time.
#[derive(Debug)]
pub(crate) struct AppState {
    pub(crate) config: ServeConfig,
    readers: Mutex<Vec<Store>>,
    pub(crate) writer: tokio::sync::Mutex<()>,
}

impl AppState {
    pub(crate) fn open(config: ServeConfig) -> Result<AppState, ServerError> {
        // Create and migrate the store, and fill the views of a store written before them.
        let mut store = Store::open(&config.db)?;
        if store.views_missing()? {
            parallax::refresh_views(&mut store)?;
        }
        drop(store);
        let first = Store::open_read_only(&config.db)?;
        Ok(AppState {
            config,
            readers: Mutex::new(vec![first]),
            writer: tokio::sync::Mutex::new(()),
        })
    }

    /// Runs `read` on a pooled read-only connection, on a blocking thread.
    pub(crate) async fn read<T, F>(self: &std::sync::Arc<Self>, read: F) -> Result<T, ApiError>
    where
        T: Send + 'static,
        F: FnOnce(&Store) -> Result<T, ApiError> + Send + 'static,
    {
        let state = std::sync::Arc::clone(self);
        tokio::task::spawn_blocking(move || {
            let pooled = state.readers.lock().ok().and_then(|mut pool| pool.pop());
            let store = match pooled {
                Some(store) => store,
                None => Store::open_read_only(&state.config.db)?,
            };
            let result = read(&store);
            if let Ok(mut pool) = state.readers.lock() {
                if pool.len() < POOLED_READERS {
                    pool.push(store);
                }
            }
            result
        })
        .await
        .map_err(|error| ApiError::internal(&error))?
    }

    /// Checks `Authorization: Bearer <token>` against the configured token.
    pub(crate) fn check_token(&self, headers: &HeaderMap) -> Result<(), ApiError> {
        let Some(expected) = &self.config.token else {
            return Err(ApiError::new(
                StatusCode::FORBIDDEN,
                "forbidden",
                "no token is configured: start the server with --token-file or PARALLAX_TOKEN",
            ));
        };
        let given = headers
            .get(header::AUTHORIZATION)
            .and_then(|value| value.to_str().ok())
            .and_then(|value| value.strip_prefix("Bearer "))
            .unwrap_or_default();
        if constant_time_eq(given.as_bytes(), expected.as_bytes()) {
            Ok(())
        } else {
            Err(ApiError::new(
                StatusCode::UNAUTHORIZED,
                "unauthorized",
                "this needs the header Authorization: Bearer <token>",
            ))
        }
    }
}

/// Compares without stopping at the first difference, so the time taken does not tell how much
/// of a guessed token was right.
fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    let mut diff = u8::from(a.len() != b.len());
    for (idx, byte) in b.iter().enumerate() {
        diff |= byte ^ a.get(idx).copied().unwrap_or(0);
    }
    diff == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_compare_whole() {
        assert!(constant_time_eq(b"secret", b"secret"));
        assert!(!constant_time_eq(b"secret", b"secreT"));
        assert!(!constant_time_eq(b"secret-longer", b"secret"));
        assert!(!constant_time_eq(b"", b"secret"));
    }
}

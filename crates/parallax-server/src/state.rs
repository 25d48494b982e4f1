use std::collections::HashMap;

use axum::body::Bytes;
use std::sync::{Arc, Mutex};

use axum::http::{HeaderMap, StatusCode, header};
use parallax_store::Store;

use crate::{ApiError, ServeConfig, ServerError};

/// Read connections kept for reuse.
const POOLED_READERS: usize = 32;

/// Rendered story pages kept.
const CACHED_PAGES: usize = 256;
/// Most bytes of rendered pages kept.
const CACHED_BYTES: usize = 64 << 20;

/// Rendered story pages by (story, outlets shown), valid for one generation of the store's views:
/// a rebuild (`parallax ingest`, or ingest over HTTP) changes the generation and empties it.
#[derive(Debug, Default)]
pub(crate) struct PageCache {
    generation: i64,
    clock: u64,
    bytes: usize,
    pages: HashMap<String, (u64, Bytes)>,
}

impl PageCache {
    pub(crate) fn get(&mut self, generation: i64, key: &str) -> Option<Bytes> {
        if generation != self.generation {
            self.generation = generation;
            self.pages.clear();
            self.bytes = 0;
            return None;
        }
        self.clock += 1;
        let clock = self.clock;
        self.pages.get_mut(key).map(|(used, page)| {
            *used = clock;
            page.clone()
        })
    }

    pub(crate) fn put(&mut self, generation: i64, key: String, page: Bytes) {
        if generation != self.generation || page.len() > CACHED_BYTES / 4 {
            return;
        }
        while self.pages.len() >= CACHED_PAGES || self.bytes + page.len() > CACHED_BYTES {
            // Least recently used first; the cache is small, so a scan is cheap.
            let oldest =
                self.pages.iter().min_by_key(|(_, (used, _))| *used).map(|(k, _)| k.clone());
            let Some(oldest) = oldest else { break };
            if let Some((_, evicted)) = self.pages.remove(&oldest) {
                self.bytes -= evicted.len();
            }
        }
        self.clock += 1;
        self.bytes += page.len();
        if let Some((_, replaced)) = self.pages.insert(key, (self.clock, page)) {
            self.bytes -= replaced.len();
        }
    }
}

/// The list page's filter choices, for one generation of the views.
#[derive(Debug)]
pub(crate) struct ListFacets {
    pub(crate) generation: i64,
    pub(crate) outlets: Vec<parallax_store::FacetCount>,
    pub(crate) languages: Vec<parallax_store::FacetCount>,
    pub(crate) entities: Vec<parallax_store::FacetCount>,
}

/// What every request shares: the settings, a pool of read-only store connections, the cache of
/// rendered story pages, and the lock that keeps ingest requests one at a time.
#[derive(Debug)]
pub(crate) struct AppState {
    pub(crate) config: ServeConfig,
    readers: Mutex<Vec<Store>>,
    pub(crate) pages: Mutex<PageCache>,
    pub(crate) list_facets: Mutex<Option<Arc<ListFacets>>>,
    pub(crate) writer: tokio::sync::Mutex<()>,
}

impl AppState {
    pub(crate) fn open(config: ServeConfig) -> Result<AppState, ServerError> {
        // Create and migrate the store, and fill the views of a store written before them.
        let mut store = Store::open(&config.db)?;
        if store.views_missing()? {
            parallax::refresh_views(&mut store, &config.pipeline)?;
        }
        drop(store);
        let first = Store::open_read_only(&config.db)?;
        Ok(AppState {
            config,
            readers: Mutex::new(vec![first]),
            pages: Mutex::new(PageCache::default()),
            list_facets: Mutex::new(None),
            writer: tokio::sync::Mutex::new(()),
        })
    }

    /// Runs `read` on a pooled read-only connection, on a blocking thread.
    pub(crate) async fn read<T, F>(self: &Arc<Self>, read: F) -> Result<T, ApiError>
    where
        T: Send + 'static,
        F: FnOnce(&Store) -> Result<T, ApiError> + Send + 'static,
    {
        let state = Arc::clone(self);
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
    fn the_page_cache_keeps_one_generation_and_evicts_the_least_recently_used() {
        let mut cache = PageCache::default();
        assert!(cache.get(1, "a").is_none());
        cache.put(1, "a".to_owned(), Bytes::from_static(b"page a"));
        assert_eq!(cache.get(1, "a").as_deref(), Some(&b"page a"[..]));
        assert!(cache.get(2, "a").is_none(), "a new generation empties the cache");
        assert!(cache.get(2, "a").is_none());
        for idx in 0..CACHED_PAGES {
            cache.put(2, format!("p{idx}"), Bytes::new());
        }
        assert!(cache.get(2, "p0").is_some());
        cache.put(2, "one more".to_owned(), Bytes::new());
        assert_eq!(cache.pages.len(), CACHED_PAGES);
        assert!(cache.get(2, "p1").is_none(), "the least recently used went first");
        assert!(cache.get(2, "p0").is_some());
    }

    #[test]
    fn tokens_compare_whole() {
        assert!(constant_time_eq(b"secret", b"secret"));
        assert!(!constant_time_eq(b"secret", b"secreT"));
        assert!(!constant_time_eq(b"secret-longer", b"secret"));
        assert!(!constant_time_eq(b"", b"secret"));
    }
}

//! End-to-end tests of `parallax serve`: the API, the OpenAPI document, and the pages in a real
//! browser.
#![allow(missing_docs, clippy::unwrap_used, unreachable_pub)]

mod api;
mod browser;
mod openapi;
mod support;

//! End-to-end tests: they run the `parallax` binary in temporary folders on the invented corpus in
//! `examples/`, and on `../shared` when it exists (saying so when they skip).
#![expect(clippy::unwrap_used, reason = "test helpers: a failed unwrap is a failed test")]

mod bad_input;
mod crawl;
mod examples;
mod reading;
mod seeds;
mod support;

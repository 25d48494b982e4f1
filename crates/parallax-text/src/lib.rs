//! Brief overview: text utilities shared by the stages, all offset-preserving.
//!
//! Lines come with their raw byte spans, words with theirs; normalisation for matching never
//! loses track of where a piece of text came from. Hashes are FNV-1a, stable across Rust versions
//! and runs, so that anything derived from them is reproducible.
//!
//! ```
//! use parallax_text::{lines, match_key, parse_crawl_header, parse_date_line};
//! let raw = " date 2026-01-18 403\nHello,  World!\n";
//! let spans: Vec<_> = lines(raw).map(|line| line.text).collect();
//! assert_eq!(spans, ["date 2026-01-18 403", "Hello,  World!"]);
//! assert_eq!(match_key("Hello,  World!"), "hello world");
//! let header = parse_crawl_header(" date 2026-01-18 403").expect("header");
//! assert_eq!((header.fetched.to_string(), header.http_status), ("2026-01-18".to_owned(), 403));
//! let damaged = parse_date_line("16/01/20267").expect("a damaged date");
//! assert_eq!(damaged.date.to_string(), "2026-01-16");
//! ```
#![warn(missing_docs)]

mod bio;
mod dates;
mod given_names;
mod groups;
mod hash;
mod lines;
mod places;
mod sentences;
mod words;

pub use bio::bio_chunks;
pub use dates::{
    CrawlHeader, DateLine, MONTH_NAMES, date_in_file_name, month_from_name, outlet_in_file_name,
    parse_crawl_header, parse_date_line,
};
pub use given_names::{Gender, given_name_gender};
pub use groups::Groups;
pub use hash::{fnv1a, fnv1a_str};
pub use lines::{Line, lines};
pub use places::country_of;
pub use sentences::sentence_spans;
pub use words::{
    SPEECH_VERBS, STOPWORDS, content_words, is_capitalised_word, is_family_name_first,
    is_hyphenated_given_name, is_stopword, is_title_cased, match_key, ordinal_suffix,
    quoted_ranges, straight_quotes, strip_possessive, word_spans, words,
};

//! Any bytes as an RSS or Atom feed: items are read or set aside, never a panic; every line of an
//! item's text maps into the item's bytes.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let mut input = b"<rss><channel>".to_vec();
    input.extend_from_slice(data);
    let read = parallax_ingest::read_bytes("feed.rss", &input, &parallax_ingest::IngestConfig::default());
    for doc in &read.documents {
        for (line, _) in &doc.meta.source_map {
            assert!(line.slice(&doc.text).is_some());
        }
    }
});

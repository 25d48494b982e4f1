//! Any bytes as an HTML page: the reader must not panic, and every paragraph's span must lie
//! on character boundaries of the decoded page.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let html = String::from_utf8_lossy(data);
    let page = parallax_html::read_page(&html, None, None, None);
    for paragraph in &page.paragraphs {
        assert!(paragraph.html.slice(&html).is_some(), "span out of bounds or not on a boundary");
    }
    let _ = parallax_ingest::read_bytes("page.html", data, &parallax_ingest::IngestConfig::default());
});

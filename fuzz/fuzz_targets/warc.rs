//! Any bytes as a WARC archive, plain and as gzip: records are read or set aside, never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let config = parallax_ingest::IngestConfig { max_document_bytes: 1 << 20, ..Default::default() };
    let read = parallax_ingest::read_bytes("archive.warc", data, &config);
    for doc in &read.documents {
        for (line, _) in &doc.meta.source_map {
            assert!(line.slice(&doc.text).is_some());
        }
    }
    let _ = parallax_ingest::read_bytes("archive.warc.gz", data, &config);
});

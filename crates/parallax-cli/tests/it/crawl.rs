//! Issue 6: a folder mixing text, JSONL, HTML (plain and gzip), a WARC archive and an RSS feed.

use crate::support::{examples, parallax, rejected_sources, stderr, stdout, stories_by_members};

fn crawl() -> String {
    examples().join("crawl").display().to_string()
}

#[test]
fn a_mixed_crawl_folder_reads_into_one_story_and_sets_aside_non_articles() {
    let dir = tempfile::tempdir().unwrap();
    let output = parallax(dir.path(), &["run", &crawl()]);
    let messages = stderr(&output);
    assert_eq!(output.status.code(), Some(1), "pages were set aside: exit 1\n{messages}");
    assert!(messages.contains("11 documents read (11 new), 5 rejected, 6 cleaned"), "{messages}");
    assert!(
        messages.contains(
            "skipped (not articles): non-HTML response (image/png) 1, warc request record 1, warc warcinfo record 1"
        ),
        "{messages}"
    );
    let reasons = rejected_sources(dir.path());
    let expected = [
        ("app-shell.html", "js-shell"),
        ("not-found.html", "error-page"),
        ("regional-times.warc.gz#5", "http-error"),
        ("regional-times.warc.gz#6", "consent-wall"),
        ("velmora-post.rss#2", "too-short"),
    ];
    let expected: Vec<(String, String)> =
        expected.iter().map(|(a, b)| ((*a).to_owned(), (*b).to_owned())).collect();
    assert_eq!(reasons, expected);

    let stories = stories_by_members(dir.path());
    assert_eq!(stories.len(), 1);
    let (members, report) = &stories[0];
    assert_eq!(members.len(), 6, "{members:?}");
    let articles = report["articles"].as_array().unwrap();
    let by_id = |id: &str| articles.iter().find(|a| a["external_id"] == id).unwrap();

    // The HTML page: furniture, caption, advertisement and comments are gone; metadata came from
    // JSON-LD and Open Graph; each text line maps back to the page's bytes.
    let bayside = by_id("bayside-chronicle-tram");
    assert_eq!(bayside["outlet"]["name"], "Bayside Chronicle");
    assert_eq!(bayside["published"]["date"], "2031-04-02");
    let paragraphs: Vec<&str> = bayside["paragraphs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["text"].as_str().unwrap())
        .collect();
    assert_eq!(paragraphs.len(), 6, "{paragraphs:?}");
    assert!(paragraphs[0].starts_with("Tram drivers in Ardun walked out"));
    assert!(paragraphs[1].contains("“at least 48 hours”"), "entities decoded");
    let joined = paragraphs.join("\n");
    for junk in ["Advertisement", "Photo:", "Reader Bob", "Share on", "Related", "cookies"] {
        assert!(!joined.contains(junk), "{junk} in {joined}");
    }
    let html =
        fs_err::read_to_string(examples().join("crawl/bayside-chronicle-tram.html")).unwrap();
    let map = bayside["source_map"].as_array().unwrap();
    assert_eq!(map.len(), 6);
    for (line, paragraph) in map.iter().zip(&paragraphs) {
        let start = usize::try_from(line["raw_start"].as_u64().unwrap()).unwrap();
        let end = usize::try_from(line["raw_end"].as_u64().unwrap()).unwrap();
        let raw = html.get(start..end).unwrap();
        assert_eq!(raw.get(..12), paragraph.get(..12), "{raw}");
    }

    // The gzip page declared Windows-1252 and is decoded as such.
    let echo = by_id("ardun-echo-tram");
    assert_eq!(echo["outlet"]["name"], "Ardun Echo");
    let echo_text: String = echo["paragraphs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["text"].as_str().unwrap())
        .collect();
    assert!(
        echo_text.contains("“to the bone”") && echo_text.contains("Café owners"),
        "{echo_text}"
    );

    // The WARC response carries its URL; the feed item its link and channel.
    assert_eq!(
        by_id("https://regional-times.example/ardun/strike-talks")["outlet"]["name"],
        "Regional Times"
    );
    assert_eq!(
        by_id("https://velmora-post.example/region/ardun-trams-stop")["outlet"]["name"],
        "Velmora Post"
    );

    // A re-run reads the same inputs and changes nothing.
    let again = parallax(dir.path(), &["run", &crawl()]);
    assert!(stderr(&again).contains("11 documents read (0 new), 5 rejected"), "{}", stderr(&again));
}

#[test]
fn broken_archives_and_bombs_are_set_aside_with_reasons() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("input");
    fs_err::create_dir_all(&input).unwrap();
    let warc = fs_err::read(examples().join("crawl/regional-times.warc.gz")).unwrap();
    // Cut the archive inside its third record: the first records are read, the rest is corrupt.
    fs_err::write(input.join("cut.warc.gz"), &warc[..warc.len() * 3 / 5]).unwrap();
    let page = fs_err::read(examples().join("crawl/ardun-echo-tram.html.gz")).unwrap();
    fs_err::write(input.join("truncated.html.gz"), &page[..page.len() / 2]).unwrap();
    // A gzip bomb: 64 MiB of zeros in a few kilobytes, over the 1 MiB limit set below.
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    std::io::Write::write_all(&mut encoder, &vec![0u8; 64 << 20]).unwrap();
    fs_err::write(input.join("bomb.html.gz"), encoder.finish().unwrap()).unwrap();
    let story = "<p>The quay at Wexmouth reopened on Friday after three weeks of repairs to the sea wall, \
        the harbour board said. Fishing boats returned to their moorings in the afternoon, and the \
        ferry to the islands will run its full timetable from Monday. Engineers said the new wall \
        would withstand the winter storms that broke the old one, and that the work had cost less \
        than the board had feared when the damage was first surveyed in January.</p>";
    let deep = "<div>".repeat(100_000) + story;
    fs_err::write(input.join("deep.html"), deep).unwrap();
    let output = parallax(
        dir.path(),
        &["ingest", "--max-document-bytes", "1048576", &input.display().to_string()],
    );
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    let rejects = stdout(&parallax(dir.path(), &["rejects"]));
    assert!(
        rejects.contains("bomb.html.gz\ttoo-large\tinflates to more than 1048576 bytes"),
        "{rejects}"
    );
    assert!(rejects.contains("truncated.html.gz\tcorrupt\tbroken gzip data"), "{rejects}");
    assert!(rejects.contains("cut.warc.gz#"), "{rejects}");
    // The page nested 100,000 levels deep is read (no stack overflow) and kept.
    assert!(!rejects.contains("deep.html"), "{rejects}");
    let stories = stories_by_members(dir.path());
    let members: Vec<String> = stories.iter().flat_map(|(m, _)| m.clone()).collect();
    assert!(members.contains(&"deep".to_owned()), "{members:?}");
}

use std::collections::BTreeMap;
use std::path::Path;

use serde_json::Value;

use crate::support::{examples, json, parallax, stderr, stdout, stories_by_members};

fn corpus() -> String {
    examples().join("corpus").display().to_string()
}

#[test]
fn main_job_on_the_example_corpus() {
    let dir = tempfile::tempdir().unwrap();
    let output = parallax(dir.path(), &["run", &corpus()]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let messages = stderr(&output);
    assert!(
        messages.contains("8 documents read (8 new), 0 rejected, 8 cleaned (20 junk spans removed), 2 stories, 7 outlets, 7 independent origins"),
        "{messages}"
    );
    for file in ["index.html", "index.json", "index.md"] {
        assert!(dir.path().join("site").join(file).is_file(), "{file}");
    }
    let stories = stories_by_members(dir.path());
    let shape: Vec<(usize, u64)> = stories
        .iter()
        .map(|(members, report)| (members.len(), report["n_origins"].as_u64().unwrap()))
        .collect();
    assert_eq!(shape, [(3, 3), (5, 4)]);
    let (pier_members, pier) = &stories[1];
    assert_eq!(
        pier_members,
        &[
            "coastline-daily-pier",
            "estoria-wire-pier",
            "harbour-herald-pier",
            "vpost-0412",
            "wire-reprint-1"
        ]
    );
    assert_eq!(pier["schema"], "parallax.story.v1");
    for (_, report) in &stories {
        let id = report["id"].as_str().unwrap();
        assert!(dir.path().join(format!("site/stories/{id}.html")).is_file());
    }
}

fn article<'v>(report: &'v Value, external_id: &str) -> &'v Value {
    report["articles"].as_array().unwrap().iter().find(|a| a["external_id"] == external_id).unwrap()
}

fn reasons(article: &Value) -> Vec<String> {
    article["removals"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["reason"].as_str().unwrap().to_owned())
        .collect()
}

#[test]
fn every_cleaning_rule_fires_on_the_example_corpus() {
    let dir = tempfile::tempdir().unwrap();
    assert!(parallax(dir.path(), &["run", &corpus()]).status.success());
    let stories = stories_by_members(dir.path());
    let (library, pier) = (&stories[0].1, &stories[1].1);

    let herald = article(pier, "harbour-herald-pier");
    assert_eq!(herald["status"], "recovered");
    assert_eq!(
        reasons(herald),
        [
            "crawl-header",
            "error-page",
            "error-page",
            "source-tag",
            "repeated-block",
            "repeated-block",
            "repeated-block",
            "comments-widget"
        ]
    );
    assert_eq!(herald["outlet"]["name"], "HHN");
    assert_eq!(herald["paragraphs"].as_array().unwrap().len(), 3);
    assert_eq!(herald["published"]["kind"], "on-or-before");

    let coastline = article(pier, "coastline-daily-pier");
    assert_eq!(reasons(coastline), ["repeated-title", "byline", "date-line"]);
    assert_eq!(
        coastline["title"]["text"],
        "Storms blamed as Velmora pier gives way; harbour master vows rebuild"
    );
    assert_eq!(coastline["published"]["date"], "2031-03-14");
    assert_eq!(coastline["outlet"]["name"], "unknown");

    // The disclaimer and the newsletter pitch sit under both Estoria Wire articles: the pitch is
    // learned from the corpus, the disclaimer is caught by its wording.
    for (report, id) in [(pier, "estoria-wire-pier"), (library, "estoria-wire-library")] {
        assert_eq!(
            reasons(article(report, id)),
            ["crawl-header", "source-tag", "legal-disclaimer", "outlet-boilerplate"]
        );
    }
    let ktn = article(library, "ktn-library");
    assert_eq!(ktn["outlet"]["name"], "KTN");
    assert_eq!(ktn["dateline"]["text"], "ARDUN");

    // The wire reprint in the feed shares its origin with the Estoria Wire original.
    let reprint = article(pier, "wire-reprint-1");
    assert_eq!(reprint["origin_id"], article(pier, "estoria-wire-pier")["origin_id"]);
    assert_eq!(reprint["outlet"]["name"], "regional-times.example");
}

#[test]
fn spans_point_at_the_raw_text() {
    let dir = tempfile::tempdir().unwrap();
    assert!(parallax(dir.path(), &["run", &corpus()]).status.success());
    for (_, report) in stories_by_members(dir.path()) {
        for article in report["articles"].as_array().unwrap() {
            let source = article["source"].as_str().unwrap();
            if !source.ends_with(".txt") {
                continue;
            }
            let raw = fs_err::read_to_string(source).unwrap();
            let items = article["paragraphs"]
                .as_array()
                .unwrap()
                .iter()
                .chain(article["removals"].as_array().unwrap());
            for item in items {
                let (start, end) = (
                    item["start"].as_u64().unwrap() as usize,
                    item["end"].as_u64().unwrap() as usize,
                );
                assert_eq!(raw.get(start..end), item["text"].as_str(), "{source} {start}..{end}");
            }
        }
        // Every entity mention and time expression points at its words in its article.
        let raw_of: std::collections::HashMap<&str, String> = report["articles"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|a| a["source"].as_str().unwrap().ends_with(".txt"))
            .map(|a| {
                let source = a["source"].as_str().unwrap();
                (a["doc_id"].as_str().unwrap(), fs_err::read_to_string(source).unwrap())
            })
            .collect();
        let entities = report["entities"].as_array().unwrap();
        assert!(!entities.is_empty());
        let dates = report["dates"].as_array().unwrap();
        let items = entities.iter().chain(dates);
        for mention in items.flat_map(|e| e["mentions"].as_array().unwrap()) {
            let Some(raw) = raw_of.get(mention["doc_id"].as_str().unwrap()) else { continue };
            let (start, end) = (
                mention["start"].as_u64().unwrap() as usize,
                mention["end"].as_u64().unwrap() as usize,
            );
            assert_eq!(raw.get(start..end), mention["text"].as_str());
        }
    }
}

#[test]
fn a_rerun_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    assert!(parallax(dir.path(), &["run", &corpus()]).status.success());
    let site = |name: &str| fs_err::read(dir.path().join("site").join(name)).unwrap();
    let before = (site("index.html"), site("index.json"), stories_by_members(dir.path()));
    let output = parallax(dir.path(), &["run", &corpus()]);
    assert!(stderr(&output).contains("8 documents read (0 new)"), "{}", stderr(&output));
    let after = (site("index.html"), site("index.json"), stories_by_members(dir.path()));
    assert!(before == after, "a second run changed the store or the site");
}

/// Regression test for issue 2: neither the order of files nor batch boundaries change a result.
#[test]
fn issue_2_order_and_batches_do_not_change_results() {
    let one_run = tempfile::tempdir().unwrap();
    assert!(parallax(one_run.path(), &["ingest", &corpus()]).status.success());
    let batches = tempfile::tempdir().unwrap();
    let mut files: Vec<_> = walk(&examples().join("corpus"));
    files.sort();
    files.reverse();
    for file in &files {
        let output = parallax(batches.path(), &["ingest", file]);
        assert!(output.status.success(), "{}", stderr(&output));
    }
    assert!(stories_by_members(one_run.path()) == stories_by_members(batches.path()));
}

fn walk(dir: &std::path::Path) -> Vec<String> {
    let mut out = Vec::new();
    for entry in fs_err::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            out.extend(walk(&path));
        } else {
            out.push(path.display().to_string());
        }
    }
    out
}

#[test]
fn story_markdown_snapshot() {
    let dir = tempfile::tempdir().unwrap();
    assert!(parallax(dir.path(), &["run", &corpus()]).status.success());
    let stories = stories_by_members(dir.path());
    let id = stories[0].1["id"].as_str().unwrap().to_owned();
    let markdown = stdout(&parallax(dir.path(), &["show", &id]));
    let redacted = markdown.replace(&examples().display().to_string(), "[EXAMPLES]");
    insta::assert_snapshot!("library_story_markdown", redacted);
}

#[test]
fn stories_table_and_rules() {
    let dir = tempfile::tempdir().unwrap();
    assert!(parallax(dir.path(), &["run", &corpus()]).status.success());
    let table = stdout(&parallax(dir.path(), &["stories"]));
    assert_eq!(table.lines().count(), 3, "{table}");
    assert!(table.starts_with("id\tdates\tarticles\torigins\toutlets\ttitle\n"));
    let rules = stdout(&parallax(dir.path(), &["rules"]));
    let by_name: BTreeMap<&str, &str> =
        rules.lines().filter_map(|line| line.split_once(' ')).collect();
    assert!(by_name.contains_key("repeated-block") && by_name.contains_key("outlet-boilerplate"));
    let missing = parallax(dir.path(), &["show", "st-ffffffffffff"]);
    assert_eq!(missing.status.code(), Some(2));
    assert!(stderr(&missing).contains("no story st-ffffffffffff"));
    let index = json(&parallax(dir.path(), &["stories", "--json"]));
    assert_eq!(index["schema"], "parallax.index.v1");
}

#[test]
fn bench_prints_rates_per_stage_and_keeps_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let output = parallax(dir.path(), &["bench", &corpus()]);
    assert!(output.status.success(), "{}", stderr(&output));
    let text = stdout(&output);
    for stage in ["read", "clean", "group (origins + stories)", "report + site", "total"] {
        assert!(text.lines().any(|line| line.starts_with(stage)), "{stage} missing in {text}");
    }
    assert!(text.contains("documents/s") && text.contains("peak memory"), "{text}");
    assert!(text.contains("grouping: words; loaded language: plain"), "{text}");
    assert!(!dir.path().join("parallax.db").exists(), "bench must not write a store");
}

/// `--loaded contextual` without MiniLM installed says so in one line and tags with words alone;
/// a value that is not a mode is refused.
#[test]
fn contextual_loaded_language_without_the_model_says_so_and_runs() {
    let dir = tempfile::tempdir().unwrap();
    let output = parallax(dir.path(), &["--loaded", "contextual", "ingest", &corpus()]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let said = stderr(&output);
    let line = said.lines().find(|l| l.starts_with("loaded language: ")).unwrap_or_default();
    assert!(line.starts_with("loaded language: plain (") && line.contains("models"), "{said}");
    let refused = parallax(dir.path(), &["--loaded", "bert", "ingest", &corpus()]);
    assert!(!refused.status.success());
    assert!(
        stderr(&refused).contains("--loaded must be plain or contextual"),
        "{}",
        stderr(&refused)
    );
}

/// A story id that a later ingest regroups keeps resolving: `show` with the old id prints the
/// story that now holds its documents.
#[test]
fn old_story_ids_resolve_after_regrouping() {
    let dir = tempfile::tempdir().unwrap();
    let first = dir.path().join("first");
    std::fs::create_dir(&first).unwrap();
    for name in ["estoria-wire-pier.txt", "harbour-herald-pier.txt", "ktn-library.txt"] {
        std::fs::copy(examples().join("corpus").join(name), first.join(name)).unwrap();
    }
    let output = parallax(dir.path(), &["ingest", first.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let before = stories_by_members(dir.path());
    let (_, pier) =
        before.iter().find(|(m, _)| m.contains(&"estoria-wire-pier".to_owned())).unwrap();
    let old_id = pier["id"].as_str().unwrap().to_owned();

    // The whole corpus: an earlier article now founds the pier story, so its id changes.
    let output = parallax(dir.path(), &["ingest", &corpus()]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let shown = parallax(dir.path(), &["show", &old_id, "--json"]);
    assert_eq!(shown.status.code(), Some(0), "{}", stderr(&shown));
    let report = json(&shown);
    assert_ne!(report["id"].as_str().unwrap(), old_id);
    let members: Vec<&str> = report["articles"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["external_id"].as_str().unwrap())
        .collect();
    assert!(members.contains(&"estoria-wire-pier"), "{members:?}");
    assert!(
        stderr(&shown).contains(&format!("{old_id} now belongs to story")),
        "{}",
        stderr(&shown)
    );
}

/// Asking for embeddings that are not installed still runs, on words, and says why.
#[test]
fn a_missing_model_falls_back_to_words_with_one_line() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("no-models");
    let output = parallax(
        dir.path(),
        &["--embedding", "minilm", "--models", missing.to_str().unwrap(), "run", &corpus()],
    );
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let messages = stderr(&output);
    assert!(messages.contains("2 stories"), "{messages}");
    assert!(messages.contains("grouping: words only (model file"), "{messages}");
    assert!(messages.contains("setup.sh"), "{messages}");
}

/// `models status` says which models are installed, and that grouping's MiniLM carries the
/// bundled news adapter.
#[test]
fn models_status_names_what_is_installed() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("no-models");
    let output = parallax(dir.path(), &["--models", missing.to_str().unwrap(), "models", "status"]);
    let said = stdout(&output);
    assert!(said.contains("minilm\tmissing\t") && said.contains("static\tmissing\t"), "{said}");
    let installed = crate::support::repo_root().join("models");
    if !installed.join("all-minilm-l6-v2/model.safetensors").is_file() {
        eprintln!("SKIP: no models (run scripts/fetch-models.sh)");
        return;
    }
    let output =
        parallax(dir.path(), &["--models", installed.to_str().unwrap(), "models", "status"]);
    let said = stdout(&output);
    assert!(
        said.contains("minilm\tready\t384 dimensions, with the bundled news adapter"),
        "{said}"
    );
}

/// Claims are aligned on words when asked, or when the static table is missing (said in one
/// line); a value that is not an alignment is refused.
#[test]
fn claims_fall_back_to_words_and_say_why() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("no-models");
    let output = parallax(dir.path(), &["--models", missing.to_str().unwrap(), "run", &corpus()]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let said = stderr(&output);
    let line = said.lines().find(|l| l.starts_with("claims: ")).unwrap_or_default();
    assert!(line.starts_with("claims: words only (") && line.contains("no-models"), "{said}");
    let story = |dir: &Path| {
        let site = dir.join("site/stories");
        let json = fs_err::read_dir(&site)
            .unwrap()
            .map(|entry| entry.unwrap().path())
            .find(|path| path.extension().is_some_and(|ext| ext == "json"))
            .unwrap();
        serde_json::from_str::<serde_json::Value>(&fs_err::read_to_string(json).unwrap()).unwrap()
    };
    assert_eq!(story(dir.path())["claim_alignment"], "words");
    let words = tempfile::tempdir().unwrap();
    let output = parallax(words.path(), &["--claims", "words", "run", &corpus()]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(!stderr(&output).contains("claims: "), "{}", stderr(&output));
    assert_eq!(story(words.path())["claim_alignment"], "words");
    let refused = parallax(words.path(), &["--claims", "minilm", "run", &corpus()]);
    assert!(!refused.status.success());
    assert!(stderr(&refused).contains("--claims must be static or words"), "{}", stderr(&refused));
}

/// `eval cluster --input` scores an invented stream in both published protocols.
#[test]
fn eval_scores_a_stream_file() {
    let dir = tempfile::tempdir().unwrap();
    let stream = dir.path().join("stream.json");
    let pier = "Storm waves tore a section out of the Velmora harbour pier; the harbour board closed the pier and three fishermen were hurt.";
    let library = "Fire gutted the Ardun town library; volunteers carried manuscripts out of the burning reading hall overnight.";
    let items = serde_json::json!([
        {"id": 1, "date": "2031-03-14 08:00:00", "title": "Velmora pier collapses", "text": pier, "story": "pier"},
        {"id": 2, "date": "2031-03-15 09:00:00", "title": "Storm wrecks Velmora harbour pier", "text": pier, "story": "pier"},
        {"id": 3, "date": "2031-03-16", "title": "Velmora pier closed after storm", "text": pier, "story": "pier"},
        {"id": 4, "date": "2031-04-02", "title": "Ardun library burns", "text": library, "story": "library"},
        {"id": 5, "date": "2031-04-03", "title": "Manuscripts saved from Ardun library fire", "text": library, "story": "library"}
    ]);
    std::fs::write(&stream, items.to_string()).unwrap();
    let output = parallax(dir.path(), &["eval", "cluster", "--input", stream.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let text = stdout(&output);
    assert!(text.contains("5 documents, 2 predicted clusters, 2 gold clusters"), "{text}");
    let last = text.lines().last().unwrap();
    assert_eq!(last, "summary B3-F1 1.0000 pairwise-F1 1.0000 ARI 1.0000 AMI 1.0000");

    let output = parallax(
        dir.path(),
        &["eval", "cluster", "--input", stream.to_str().unwrap(), "--protocol", "window7"],
    );
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let text = stdout(&output);
    // Articles on days 0, 1, 2, 19 and 20 of the stream: windows start on days 0 to 14, and
    // those holding an article (starting on days 0–2 and 13–14) count.
    assert!(text.contains("window7 (5 windows)"), "{text}");
    assert!(text.lines().last().unwrap().starts_with("summary window7 B3-F1 1.0000"), "{text}");
}

/// Two fetches of one page (the URL once with `www.` and tracking parameters, once with a slash):
/// the later stands for the article, the earlier is set aside as `superseded` and shown as its
/// earlier version, whichever run or order brought them.
#[test]
fn a_page_fetched_twice_is_one_article_with_its_earlier_version() {
    let feed = examples().join("revisions/storm-updates.jsonl");
    let text = fs_err::read_to_string(&feed).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    let dir = tempfile::tempdir().unwrap();
    let output = parallax(dir.path(), &["run", &feed.display().to_string()]);
    // An earlier version is no fault of the input: exit 0.
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(
        stderr(&output).contains(
            "3 documents read (3 new), 0 rejected, 2 cleaned (0 junk spans removed), 1 story, 2 \
             outlets, 2 independent origins, 1 superseded by a later fetch"
        ),
        "{}",
        stderr(&output)
    );
    let stories = stories_by_members(dir.path());
    assert_eq!(stories.len(), 1);
    let (members, report) = &stories[0];
    assert_eq!(members, &["courier-storm-0503", "tribune-edda"]);
    assert_eq!(report["n_origins"], 2);
    assert_eq!(
        crate::support::rejected_sources(dir.path()),
        [("storm-updates.jsonl:3".to_owned(), "superseded".to_owned())]
    );
    let courier = article(report, "courier-storm-0503");
    let revisions = courier["revisions"].as_array().unwrap();
    assert_eq!(revisions.len(), 1);
    assert_eq!(revisions[0]["external_id"], "courier-storm-0502");
    assert_eq!(revisions[0]["date"], "2031-05-02");
    let changes = revisions[0]["changes"].as_array().unwrap();
    let kinds: Vec<&str> = changes.iter().map(|c| c["kind"].as_str().unwrap()).collect();
    assert_eq!(kinds, ["reworded", "added"]);
    let diff: Vec<(&str, &str)> = changes[0]["diff"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| (p["kind"].as_str().unwrap(), p["text"].as_str().unwrap()))
        .collect();
    assert!(diff.contains(&("removed", "12")) && diff.contains(&("added", "19")), "{diff:?}");
    // Each side cites its own document: the span holds the sentence in that record's text.
    let record_text = |line: &str| -> String {
        serde_json::from_str::<Value>(line).unwrap()["text"].as_str().unwrap().to_owned()
    };
    let (later, earlier) = (record_text(lines[0]), record_text(lines[2]));
    for (side, text) in [("before", &earlier), ("after", &later)] {
        let mention = &changes[0][side];
        let (start, end) = (
            mention["start"].as_u64().unwrap() as usize,
            mention["end"].as_u64().unwrap() as usize,
        );
        assert_eq!(text.get(start..end), mention["text"].as_str(), "{side}");
    }
    assert_eq!(changes[0]["before"]["doc_id"], revisions[0]["doc_id"]);
    assert_eq!(changes[0]["after"]["doc_id"], courier["doc_id"]);
    // The paragraph the later fetch (3 May) added says "On Saturday": read against that fetch's
    // day, not the publication date the page kept (2 May, a Friday), it is 3 May, not 26 April.
    let saturdays: Vec<(&str, &str)> = report["dates"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|date| {
            date["mentions"]
                .as_array()
                .unwrap()
                .iter()
                .filter(|m| m["text"] == "Saturday")
                .map(move |m| (date["value"].as_str().unwrap(), m["doc_id"].as_str().unwrap()))
        })
        .collect();
    let courier_id = courier["doc_id"].as_str().unwrap();
    assert!(saturdays.contains(&("2031-05-03", courier_id)), "{saturdays:?}");
    assert!(saturdays.iter().all(|(value, _)| *value == "2031-05-03"), "{saturdays:?}");
    let id = report["id"].as_str().unwrap();
    let markdown = stdout(&parallax(dir.path(), &["show", id]));
    assert!(
        markdown.contains(
            "- earlier version `courier-storm-0502` (2031-05-02): 2 sentences changed in the next fetch"
        ),
        "{markdown}"
    );
    assert!(markdown.contains("At least ~~12~~ **19** people were killed"), "{markdown}");
    let page = fs_err::read_to_string(dir.path().join(format!("site/stories/{id}.html"))).unwrap();
    assert!(page.contains("<details class=\"revisions\" open>"), "{page}");
    assert!(page.contains("<del>12</del> <ins>19</ins>"), "{page}");

    // The later fetch and the other outlet first, the earlier fetch in a second run: the same
    // story, the same earlier version.
    let split = tempfile::tempdir().unwrap();
    for (name, part) in [
        ("a.jsonl", format!("{}\n{}\n", lines[0], lines[1])),
        ("b.jsonl", format!("{}\n", lines[2])),
    ] {
        let path = split.path().join(name);
        fs_err::write(&path, part).unwrap();
        let output = parallax(split.path(), &["run", &path.display().to_string()]);
        assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    }
    let again = stories_by_members(split.path());
    assert_eq!(again[0].0, *members);
    assert_eq!(article(&again[0].1, "courier-storm-0503")["revisions"], courier["revisions"]);
}

/// A site that numbers its articles changes the slug with the headline: two fetches whose
/// addresses share the number and whose texts say much the same are one article; a gallery the
/// site numbers alike, with other words, is not.
#[test]
fn a_page_whose_slug_changed_is_still_one_article() {
    let first = "Trams stopped across Ardun on Monday morning as drivers began a strike over pay. \
        The transport union said the strike would last two days and that talks with the city \
        council had broken down on Sunday evening. Commuters crowded onto buses, and the council \
        asked employers to let staff work from home while the depots stay closed.";
    let second = format!(
        "{first} By Monday evening the strike had spread to the harbour ferries, whose crews \
         joined the drivers after the union called on all transport workers to walk out."
    );
    let gallery = "Photographs of the harbour lights festival, with lanterns floating past the \
        old lighthouse, fireworks over the marina and crowds on the promenade. Readers sent in \
        pictures of the parade of decorated fishing boats, the children's lantern workshop and \
        the closing concert on the pier, where a brass band played until midnight.";
    let record = |id: &str, url: &str, title: &str, fetched: &str, text: &str| {
        serde_json::json!({
            "id": id, "url": url, "outlet": "Ardun Echo", "title": title,
            "published": "2031-06-02", "fetched": fetched, "text": text,
        })
        .to_string()
    };
    let feed = [
        record(
            "echo-tram-1",
            "https://ardun-echo.example/news/tram-strike-begins-4410872.html",
            "Tram strike begins in Ardun",
            "2031-06-02",
            first,
        ),
        record(
            "echo-tram-2",
            "https://ardun-echo.example/news/tram-strike-spreads-to-ferries-4410872.html",
            "Tram strike spreads to the ferries",
            "2031-06-03",
            &second,
        ),
        record(
            "echo-lights",
            "https://ardun-echo.example/photos/harbour-lights-4410872",
            "Harbour lights festival in pictures",
            "2031-06-03",
            gallery,
        ),
    ]
    .join("\n");
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("echo.jsonl");
    fs_err::write(&path, feed).unwrap();
    let output = parallax(dir.path(), &["run", &path.display().to_string()]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(
        crate::support::rejected_sources(dir.path()),
        [("echo.jsonl:1".to_owned(), "superseded".to_owned())]
    );
    let stories = stories_by_members(dir.path());
    let members: Vec<&Vec<String>> = stories.iter().map(|(members, _)| members).collect();
    assert_eq!(members, [&vec!["echo-lights".to_owned()], &vec!["echo-tram-2".to_owned()]]);
    let tram = article(&stories[1].1, "echo-tram-2");
    assert_eq!(tram["revisions"][0]["external_id"], "echo-tram-1");
}

#[test]
fn stories_kept_apart_link_to_each_other_as_related() {
    let record = |id: &str, outlet: &str, published: &str, title: &str, text: &str| {
        serde_json::json!({
            "id": id, "url": format!("https://{outlet}.example/{id}"), "outlet": outlet,
            "title": title, "published": published, "text": text,
        })
        .to_string()
    };
    let feed = [
        record(
            "echo-strike",
            "ardun-echo",
            "2031-06-02",
            "Tram drivers walk out in Ardun",
            "Tram drivers in Ardun walked out on Monday morning, leaving the depots closed and \
             commuters crowding onto buses. The transport union said the walkout over pay would \
             last two days. Drivers gathered outside the northern depot with banners, and the \
             council asked employers to let staff work from home while the trams stand still.",
        ),
        record(
            "post-strike",
            "ardun-post",
            "2031-06-02",
            "Ardun tram drivers strike, depots closed",
            "Ardun's tram depots stayed closed on Monday as drivers walked out over pay, and \
             buses filled with commuters. The union expects the walkout to last two days. Pickets \
             stood at the northern depot from dawn, and the council urged employers to let staff \
             work from home until the trams run again.",
        ),
        record(
            "echo-deal",
            "ardun-echo",
            "2031-06-04",
            "Ardun tram union accepts council pay offer",
            "The Ardun tram union accepted the city council's pay offer on Wednesday evening, \
             ending the drivers' walkout that closed the depots: a \
             rise of four percent over two years, approved by a vote of its members. The \
             council's finance committee had raised its offer twice since the talks began in \
             March, and the union's secretary called the agreement fair to both sides.",
        ),
        record(
            "post-deal",
            "ardun-post",
            "2031-06-04",
            "Council pay offer accepted by Ardun tram union",
            "Members of the Ardun tram union voted on Wednesday evening to accept the council's \
             offer and end the walkout that kept the tram depots closed: a \
             pay offer, a rise of four percent over two years. The finance committee raised its \
             offer twice during talks that began in March; the union's secretary said the \
             agreement was fair to both sides and ended months of uncertainty.",
        ),
        record(
            "echo-lights",
            "ardun-echo",
            "2031-06-03",
            "Harbour lights festival in pictures",
            "Lanterns floated past the old lighthouse and fireworks lit the marina as crowds \
             filled the promenade for the harbour lights festival. Readers sent in pictures of \
             the parade of decorated fishing boats, the children's lantern workshop and the \
             closing concert on the pier, where a brass band played until midnight.",
        ),
    ]
    .join("\n");
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("feed.jsonl");
    fs_err::write(&path, feed).unwrap();
    let site = dir.path().join("site");
    let output = parallax(
        dir.path(),
        &["run", &path.display().to_string(), "--site", &site.display().to_string()],
    );
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let stories = stories_by_members(dir.path());
    let members: Vec<&Vec<String>> = stories.iter().map(|(members, _)| members).collect();
    assert_eq!(
        members,
        [
            &vec!["echo-deal".to_owned(), "post-deal".to_owned()],
            &vec!["echo-lights".to_owned()],
            &vec!["echo-strike".to_owned(), "post-strike".to_owned()],
        ]
    );
    let (deal, lights, strike) = (&stories[0].1, &stories[1].1, &stories[2].1);
    assert_eq!(deal["related"][0]["id"], strike["id"]);
    assert_eq!(deal["related"][0]["title"], strike["title"]);
    assert_eq!(strike["related"][0]["id"], deal["id"]);
    assert!(lights.get("related").is_none(), "{}", lights["related"]);
    // The site's pages link to each other.
    let page = |id: &serde_json::Value, ext: &str| {
        fs_err::read_to_string(site.join("stories").join(format!("{}.{ext}", id.as_str().unwrap())))
            .unwrap()
    };
    let link = format!("({}.md)", strike["id"].as_str().unwrap());
    assert!(page(&deal["id"], "md").contains(&link), "{}", page(&deal["id"], "md"));
    let link = format!("href=\"{}.html\"", deal["id"].as_str().unwrap());
    assert!(page(&strike["id"], "html").contains(&link));
}

use crate::support::{
    examples, json, parallax, rejected_sources, stderr, stdout, stories_by_members,
};

#[test]
fn bad_input_is_set_aside_and_the_rest_goes_on() {
    let dir = tempfile::tempdir().unwrap();
    let bad = examples().join("bad-input");
    let output = parallax(dir.path(), &["ingest", &bad.display().to_string()]);
    assert_eq!(output.status.code(), Some(1), "some inputs were set aside: exit 1");
    assert!(stderr(&output).contains("3 set aside"), "{}", stderr(&output));
    let reasons = rejected_sources(dir.path());
    assert_eq!(
        reasons,
        [
            ("empty.txt".to_owned(), "empty".to_owned()),
            ("feed.jsonl:2".to_owned(), "invalid-json".to_owned()),
            ("picture.txt".to_owned(), "binary".to_owned()),
        ]
    );
    // The Windows-1252 file is decoded, not rejected, and the good feed line is kept.
    let stories = stories_by_members(dir.path());
    let members: Vec<String> = stories.iter().flat_map(|(members, _)| members.clone()).collect();
    assert_eq!(members.len(), 2, "{members:?}");
    let cafe = stories.iter().find(|(m, _)| m.contains(&"cafe-cp1252".to_owned())).unwrap();
    let article = cafe.1["articles"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["external_id"] == "cafe-cp1252")
        .unwrap();
    assert!(article["paragraphs"][0]["text"].as_str().unwrap().contains("cafés"));
    let listed = json(&parallax(dir.path(), &["rejects", "--json"]));
    assert_eq!(listed.as_array().unwrap().len(), 3);
}

#[test]
fn oversized_input_is_set_aside_with_a_reason() {
    let dir = tempfile::tempdir().unwrap();
    // A store that already holds an article: the run that brings only the oversized file
    // changes no story, keeps the last rebuild, and still lists what it set aside.
    let good = dir.path().join("good.txt");
    fs_err::write(&good, "Velmora pier reopens\n".to_owned() + &"The pier in Velmora reopened on Monday after repairs, and ferries to Ardun will run again from the north quay, the harbour board said. ".repeat(3)).unwrap();
    let first = parallax(dir.path(), &["ingest", &good.display().to_string()]);
    assert_eq!(first.status.code(), Some(0), "{}", stderr(&first));
    let big = dir.path().join("big.txt");
    fs_err::write(&big, "word ".repeat(50_000)).unwrap();
    let output = parallax(
        dir.path(),
        &["ingest", "--max-document-bytes", "100000", &big.display().to_string()],
    );
    assert_eq!(output.status.code(), Some(1));
    assert!(
        stderr(&output).contains("nothing the stories are made from changed"),
        "{}",
        stderr(&output)
    );
    let rejects = stdout(&parallax(dir.path(), &["rejects"]));
    assert!(rejects.contains("too-large") && rejects.contains("250000 bytes"), "{rejects}");
}

#[test]
fn usage_errors_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    let output = parallax(dir.path(), &["stories"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("no store at"));
    let output = parallax(dir.path(), &["ingest", "/nonexistent/parallax-input"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("cannot read input path"), "{}", stderr(&output));
    assert!(!dir.path().join("parallax.db").exists(), "a failed ingest must not create a store");
    let output = parallax(
        dir.path(),
        &["eval", "cluster", "--dataset", "neus", "--data-dir", "/nonexistent/data"],
    );
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("benchmark data folder /nonexistent/data not found"));
}

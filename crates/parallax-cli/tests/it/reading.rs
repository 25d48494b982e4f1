//! The reading stage's commands: training and scoring the entity tagger on invented CoNLL data.

use crate::support::{parallax, stderr, stdout};

/// Invented sentences in the shared copy's `token TAG 0` layout.
const CONLL: &str = "-DOCSTART- O 0\n\n\
    Ardo B-PER 0\nVelm I-PER 0\nvisited O 0\nKorrin B-LOC 0\n. O 0\n\n\
    The O 0\nKorrin B-ORG 0\nCouncil I-ORG 0\nmet O 0\nTasha B-PER 0\nOrn I-PER 0\n. O 0\n\n\
    Tasha B-PER 0\nOrn I-PER 0\nleft O 0\nDunmere B-LOC 0\n. O 0\n";

#[test]
fn eval_ner_prints_scores_last_and_as_json() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("tiny.conll");
    std::fs::write(&data, CONLL).unwrap();
    let output = parallax(dir.path(), &["eval", "ner", "--data", data.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let text = stdout(&output);
    assert!(text.contains("6 gold entities"), "{text}");
    let last = text.lines().last().unwrap();
    assert!(last.starts_with("F1 ") && last.contains(" P ") && last.contains(" R "), "{text}");

    let output = parallax(dir.path(), &["eval", "ner", "--data", data.to_str().unwrap(), "--json"]);
    let value: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(value["gold"], 6);
    assert!(value["f1"].as_f64().unwrap() <= 100.0);
    // A floor above the score fails with exit code 1.
    let output = parallax(
        dir.path(),
        &["eval", "ner", "--data", data.to_str().unwrap(), "--min-f1", "100.1"],
    );
    assert_eq!(output.status.code(), Some(1));
}

#[test]
fn train_ner_writes_a_model_that_eval_reads() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("tiny.conll");
    // Ten copies, so that the held-out tenth is not empty.
    std::fs::write(&data, CONLL.repeat(10)).unwrap();
    let model = dir.path().join("tiny.bin");
    let output = parallax(
        dir.path(),
        &[
            "train",
            "ner",
            "--data",
            data.to_str().unwrap(),
            "--out",
            model.to_str().unwrap(),
            "--epochs",
            "5",
            "--hash-bits",
            "14",
        ],
    );
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(stdout(&output).contains("passes (held-out entity F1"), "{}", stdout(&output));
    let output = parallax(
        dir.path(),
        &["eval", "ner", "--data", data.to_str().unwrap(), "--model", model.to_str().unwrap()],
    );
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(stdout(&output).lines().last().unwrap(), "F1 100.00 P 100.00 R 100.00");
    // A file that is not a model is a clear error.
    let output = parallax(
        dir.path(),
        &["eval", "ner", "--data", data.to_str().unwrap(), "--model", data.to_str().unwrap()],
    );
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("tagger model"), "{}", stderr(&output));
}

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;

pub(crate) fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..").canonicalize().unwrap()
}

pub(crate) fn examples() -> PathBuf {
    repo_root().join("examples")
}

/// Runs `parallax` in `dir` with the store `dir/parallax.db`.
pub(crate) fn parallax(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_parallax"))
        .args(args)
        .current_dir(dir)
        .env("PARALLAX_DB", dir.join("parallax.db"))
        .env("CI", "true")
        .output()
        .unwrap()
}

pub(crate) fn stdout(output: &Output) -> String {
    String::from_utf8(output.stdout.clone()).unwrap()
}

pub(crate) fn stderr(output: &Output) -> String {
    String::from_utf8(output.stderr.clone()).unwrap()
}

pub(crate) fn json(output: &Output) -> Value {
    assert!(output.status.success(), "{}", stderr(output));
    serde_json::from_slice(&output.stdout).unwrap()
}

/// `(file name, reason)` of every input the store set aside, as `parallax rejects` lists them.
pub(crate) fn rejected_sources(dir: &Path) -> Vec<(String, String)> {
    stdout(&parallax(dir, &["rejects"]))
        .lines()
        .skip(1)
        .map(|line| {
            let mut cells = line.split('\t');
            let source = cells.next().unwrap().rsplit('/').next().unwrap().to_owned();
            (source, cells.next().unwrap().to_owned())
        })
        .collect()
}

/// The story reports of a store, keyed by the sorted external ids of their articles.
pub(crate) fn stories_by_members(dir: &Path) -> Vec<(Vec<String>, Value)> {
    let index = json(&parallax(dir, &["stories", "--json"]));
    let mut out = Vec::new();
    for story in index["stories"].as_array().unwrap() {
        let id = story["id"].as_str().unwrap();
        let report = json(&parallax(dir, &["show", id, "--json"]));
        let mut members: Vec<String> = report["articles"]
            .as_array()
            .unwrap()
            .iter()
            .map(|a| a["external_id"].as_str().unwrap().to_owned())
            .collect();
        members.sort();
        out.push((members, report));
    }
    out.sort_by(|a, b| a.0.cmp(&b.0));
    out
}

/// The shared folder beside the repository, when it exists.
pub(crate) fn shared() -> Option<PathBuf> {
    let path = repo_root().join("../shared");
    if path.is_dir() {
        Some(path)
    } else {
        eprintln!("SKIP: {} not found; tests on the shared corpus did not run", path.display());
        None
    }
}

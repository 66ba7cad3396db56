//! Shared helpers for the binary tests: the real `sitrep` binary run on the
//! bundled corpus, indexed once per test process.

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use assert_cmd::Command;
use tempfile::TempDir;

/// The bundled corpus.
pub fn corpus() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus")
}

/// A hit of `search --json` (or of a watch's report) as its id and the id
/// of its group of reprints.
pub fn id_and_group(hit: &serde_json::Value) -> (String, String) {
    let text = |v: &serde_json::Value| v.as_str().expect("a string").to_string();
    (text(&hit["id"]), text(&hit["copy"]["id"]))
}

/// The records of a JSON Lines text, one per line.
pub fn json_lines(text: &str) -> Vec<serde_json::Value> {
    text.lines()
        .map(|l| serde_json::from_str(l).expect("JSON line"))
        .collect()
}

/// The records `sitrep extract --json` gives for `path`, one per input
/// record.
pub fn extract_json(path: &Path) -> Vec<serde_json::Value> {
    let out = sitrep()
        .args(["extract", "--json"])
        .arg(path)
        .output()
        .expect("sitrep runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    json_lines(&String::from_utf8(out.stdout).expect("UTF-8"))
}

/// The seed article.
pub fn seed() -> PathBuf {
    corpus().join("000_fb48966184d411e3.txt")
}

/// `sitrep` with colour off, and no SITREP_INDEX or configuration file
/// from the environment.
pub fn sitrep() -> Command {
    let mut cmd = Command::cargo_bin("sitrep").expect("binary built");
    cmd.env_remove("SITREP_INDEX")
        .env_remove("SITREP_CONFIG")
        .env("XDG_CONFIG_HOME", "/nonexistent/sitrep-tests")
        .env_remove("NO_COLOR")
        .arg("--color=never");
    cmd
}

/// `sitrep --index DIR`.
pub fn sitrep_at(index: &Path) -> Command {
    let mut cmd = sitrep();
    cmd.arg("--index").arg(index);
    cmd
}

/// An index of the whole bundled corpus, built once and shared by the tests
/// of one test binary (they only read it).
pub fn corpus_index() -> &'static Path {
    static INDEX: OnceLock<(TempDir, PathBuf)> = OnceLock::new();
    let (_, path) = INDEX.get_or_init(|| {
        let dir = TempDir::new().expect("temp dir");
        let path = dir.path().join("idx");
        sitrep_at(&path)
            .args(["index", "--quiet"])
            .arg(corpus())
            .assert()
            .success();
        (dir, path)
    });
    path
}

/// Runs `search ARGS --json` on the corpus index and returns the parsed output.
pub fn search_json(args: &[&str]) -> serde_json::Value {
    search_json_at(corpus_index(), args)
}

/// Runs `search ARGS --json` on `index` (exit 0 or 1) and returns the parsed output.
pub fn search_json_at(index: &Path, args: &[&str]) -> serde_json::Value {
    let out = sitrep_at(index)
        .arg("search")
        .args(args)
        .arg("--json")
        .output()
        .expect("runs");
    assert!(
        out.status.code().is_some_and(|c| c <= 1),
        "search {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("valid JSON")
}

/// `sitrep --index INDEX index --quiet PATH`, which must succeed: an index of
/// a temporary folder.
pub fn index_quietly(index: &Path, path: &Path) {
    sitrep_at(index)
        .args(["index", "--quiet"])
        .arg(path)
        .assert()
        .success();
}

/// Every document's (copy id, story id), keyed by `name` of its hit.
pub fn group_ids(
    index: &Path,
    name: impl Fn(&serde_json::Value) -> String,
) -> std::collections::BTreeMap<String, (String, String)> {
    let all = search_json_at(index, &["", "--from", "1900", "-n", "1000"]);
    all["hits"]
        .as_array()
        .unwrap()
        .iter()
        .map(|hit| {
            let id = |key: &str| hit[key]["id"].as_str().unwrap().to_string();
            (name(hit), (id("copy"), id("story")))
        })
        .collect()
}

/// [`group_ids`] of a clean build of `dir`: what indexing it all at once
/// gives, for comparing with an index built step by step.
pub fn clean_group_ids(
    dir: &Path,
    name: impl Fn(&serde_json::Value) -> String,
) -> std::collections::BTreeMap<String, (String, String)> {
    let scratch = TempDir::new().unwrap();
    let clean = scratch.path().join("clean");
    index_quietly(&clean, dir);
    group_ids(&clean, name)
}

/// The string field `name` of every hit of a JSON search result.
pub fn hit_field(results: &serde_json::Value, name: &str) -> Vec<String> {
    results["hits"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h[name].as_str().unwrap().to_string())
        .collect()
}

/// Paths of the hits of a JSON search result.
pub fn hit_paths(results: &serde_json::Value) -> Vec<String> {
    hit_field(results, "path")
}

/// Whether the seed article is among the hits.
pub fn has_seed(results: &serde_json::Value) -> bool {
    hit_paths(results)
        .iter()
        .any(|p| p.ends_with("000_fb48966184d411e3.txt"))
}

/// The seed article's hit in a JSON search result.
pub fn seed_hit(results: &serde_json::Value) -> &serde_json::Value {
    results["hits"]
        .as_array()
        .unwrap()
        .iter()
        .find(|h| {
            h["path"]
                .as_str()
                .unwrap()
                .ends_with("000_fb48966184d411e3.txt")
        })
        .expect("the seed is among the hits")
}

/// A hit's region paths (`--json`).
pub fn hit_regions(hit: &serde_json::Value) -> Vec<&str> {
    hit["regions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r.as_str().unwrap())
        .collect()
}

/// The highlighted words of a hit, as written in its snippet.
pub fn marked_words(hit: &serde_json::Value) -> Vec<String> {
    let snippet = hit["snippet"].as_str().unwrap();
    hit["highlights"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            snippet[r[0].as_u64().unwrap() as usize..r[1].as_u64().unwrap() as usize].to_string()
        })
        .collect()
}

/// The highlighted words of a hit, lower-cased.
pub fn highlighted(hit: &serde_json::Value) -> Vec<String> {
    marked_words(hit).iter().map(|w| w.to_lowercase()).collect()
}

/// What a careful reader finds in the seed article (issue 2, section 3).
pub const SEED_COUNTRIES: [&str; 5] = [
    "Mali",
    "Russia",
    "France",
    "Central African Republic",
    "Libya",
];

/// The seed's actors required by issue 2 (canonical names keep their diacritics).
pub const SEED_ACTORS: [&str; 7] = [
    "Wagner Group",
    "United Nations",
    "European Union",
    "Sergey Lavrov",
    "Vladimir Putin",
    "Choguel Kokalla Maïga",
    "Florence Parly",
];

pub mod batches;
pub mod reprints;
pub mod segmented;
pub mod server;
pub mod tree;

/// The `sitrep` binary as a plain process, for tests that must kill it or
/// run it alongside others.
pub fn sitrep_process(index: &Path) -> std::process::Command {
    let mut cmd = std::process::Command::new(assert_cmd::cargo::cargo_bin("sitrep"));
    cmd.env_remove("SITREP_INDEX")
        .env_remove("NO_COLOR")
        .arg("--color=never")
        .arg("--index")
        .arg(index);
    cmd
}

/// Runs `sitrep --index INDEX ARGS` in `cwd` to the end (a folder without
/// `./corpus`, so that no default index is built behind the test's back).
pub fn run_in(index: &Path, cwd: &Path, args: &[&str]) -> std::process::Output {
    sitrep_process(index)
        .current_dir(cwd)
        .args(args)
        .output()
        .expect("sitrep runs")
}

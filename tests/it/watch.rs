//! Saved searches through the binary: `watch add/list/rm/run`, `index
//! --watch`, exit statuses, the file kept beside the index, and a replay of
//! the corpus in date-ordered batches (the 20-batch, 200-watch replay runs
//! through the library in `tests/it/watch_replay.rs`).

use crate::common;

use std::collections::HashSet;
use std::fs;
use std::path::{Path, PathBuf};

use common::batches::{corpus_by_date, write_batches};
use common::*;
use serde_json::Value;
use tempfile::TempDir;

/// The watches of the binary replay: each shape of the query language and
/// every filter, on words of the corpus.
const WATCHES: &[(&str, &[&str])] = &[
    ("wagner", &["wagner"]),
    ("drone", &["\"drone strike\""]),
    ("houthis", &["houthis OR \"ansar allah\""]),
    ("mali-attacks", &["attack", "--region", "mali"]),
    ("boko-haram", &["--actor", "boko haram"]),
    ("elections", &["election -president"]),
    ("unrest", &["(protest OR riot)", "--from", "2020"]),
    ("ceasefire", &["ceasefir*"]),
    ("quakes", &["title:earthquake"]),
    (
        "west-africa",
        &["killed", "--region", "western africa", "--to", "2019-06"],
    ),
];

/// Runs `sitrep --index INDEX ARGS` in `cwd` and returns (exit code, stdout, stderr).
fn run(index: &Path, cwd: &Path, args: &[&str]) -> (i32, String, String) {
    let out = run_in(index, cwd, args);
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// The ids of every document a search matches (at most 1000).
fn search_ids(index: &Path, cwd: &Path, args: &[&str]) -> HashSet<String> {
    let mut all = vec!["search", "--json", "-n", "1000"];
    all.extend(args);
    let (code, out, err) = run(index, cwd, &all);
    assert!(code <= 1, "{args:?}: {err}");
    let json: Value = serde_json::from_str(&out).unwrap();
    assert!(
        json["total"].as_u64().unwrap() <= 1000,
        "{args:?}: too many to compare"
    );
    ids(&json["hits"])
}

fn ids(hits: &Value) -> HashSet<String> {
    hits.as_array()
        .unwrap()
        .iter()
        .map(|h| h["id"].as_str().unwrap().to_string())
        .collect()
}

/// The JSON lines of `watch run --json`, by watch name.
fn reports(out: &str) -> Vec<(String, Value)> {
    out.lines()
        .map(|l| {
            let v: Value = serde_json::from_str(l).unwrap();
            (v["watch"].as_str().unwrap().to_string(), v)
        })
        .collect()
}

fn add_all(index: &Path, cwd: &Path) {
    for (name, args) in WATCHES {
        let mut all = vec!["watch", "add", name];
        all.extend(*args);
        let (code, out, err) = run(index, cwd, &all);
        assert_eq!(code, 0, "{name}: {err}");
        assert!(out.starts_with(&format!("saved watch {name}: ")), "{out}");
    }
}

#[test]
fn watch_run_reports_what_each_batch_added_once_even_when_two_runs_race() {
    let tmp = TempDir::new().unwrap();
    let cwd = tmp.path();
    let files = write_batches(&corpus_by_date(), 4, &cwd.join("batches"));
    let index = cwd.join("idx");
    add_all(&index, cwd);
    let mut before: Vec<HashSet<String>> = vec![HashSet::new(); WATCHES.len()];
    let mut seen: Vec<HashSet<String>> = vec![HashSet::new(); WATCHES.len()];
    for (batch, file) in files.iter().enumerate() {
        let (code, _, err) = run(&index, cwd, &["index", "-q", file.to_str().unwrap()]);
        assert_eq!(code, 0, "{err}");
        // Two runs at once (cron overlapping itself): the lock makes one
        // report everything and the other nothing new.
        // Each is read on its own thread: one blocked on a full pipe while
        // holding the lock would stall the other.
        let racing: Vec<std::thread::JoinHandle<std::process::Output>> = (0..2)
            .map(|_| {
                let child = sitrep_process(&index)
                    .current_dir(cwd)
                    .args(["watch", "run", "--json"])
                    .stdout(std::process::Stdio::piped())
                    .spawn()
                    .unwrap();
                std::thread::spawn(move || child.wait_with_output().unwrap())
            })
            .collect();
        let outputs: Vec<std::process::Output> =
            racing.into_iter().map(|t| t.join().unwrap()).collect();
        let codes: Vec<i32> = outputs.iter().map(|o| o.status.code().unwrap()).collect();
        let mut reported: Vec<Vec<String>> = vec![Vec::new(); WATCHES.len()];
        for output in &outputs {
            for (name, report) in reports(&String::from_utf8_lossy(&output.stdout)) {
                let at = WATCHES.iter().position(|(n, _)| *n == name).unwrap();
                let hits = report["hits"].as_array().unwrap();
                assert_eq!(report["total"].as_u64().unwrap() as usize, hits.len());
                reported[at].extend(hits.iter().map(|h| h["id"].as_str().unwrap().to_string()));
            }
        }
        let mut any_new = false;
        for (at, (name, args)) in WATCHES.iter().enumerate() {
            let after = search_ids(&index, cwd, args);
            let new: HashSet<String> = reported[at].iter().cloned().collect();
            assert_eq!(
                new.len(),
                reported[at].len(),
                "batch {batch}, {name}: reported twice"
            );
            let expected: HashSet<String> = after.difference(&before[at]).cloned().collect();
            assert_eq!(new, expected, "batch {batch}, {name}");
            assert!(
                seen[at].is_disjoint(&new),
                "batch {batch}, {name}: reported again"
            );
            any_new |= !new.is_empty();
            seen[at].extend(new);
            before[at] = after;
        }
        assert!(any_new, "batch {batch} brought nothing to any watch");
        // The run that reported something exits 0, the other 1.
        let mut sorted = codes.clone();
        sorted.sort();
        assert_eq!(sorted, [0, 1], "exit statuses {codes:?}");
    }
    assert!(
        seen.iter().all(|s| !s.is_empty()),
        "every watch reported something"
    );
    // Nothing new after the last batch, and the file was always replaced whole.
    let (code, out, _) = run(&index, cwd, &["watch", "run"]);
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("watch wagner: 0 new for `wagner`"), "{out}");
    let leftovers: Vec<String> = fs::read_dir(&index)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".tmp"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

#[test]
fn index_watch_reports_each_commit_and_remembers_it() {
    let tmp = TempDir::new().unwrap();
    let cwd = tmp.path();
    let files = write_batches(&corpus_by_date()[..1500], 3, &cwd.join("in"));
    let index = cwd.join("idx");
    let (code, _, err) = run(&index, cwd, &["index", "-q", files[0].to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    for (name, query) in [("killed", "killed"), ("nothing", "zzyzx")] {
        assert_eq!(run(&index, cwd, &["watch", "add", name, query]).0, 0);
    }
    // The two other batches, one commit each: each report names its commit's documents.
    let (code, out, err) = run(
        &index,
        cwd,
        &[
            "index",
            "--watch",
            "--json",
            "-q",
            "--commit-every",
            "1",
            cwd.join("in").to_str().unwrap(),
        ],
    );
    assert_eq!(code, 0, "{err}");
    let lines = reports(&out);
    assert_eq!(lines.len(), 4, "two watches, two commits: {out}");
    let killed: Vec<HashSet<String>> = lines
        .iter()
        .filter(|(n, _)| n == "killed")
        .map(|(_, r)| ids(&r["hits"]))
        .collect();
    assert!(
        killed.iter().all(|k| !k.is_empty()) && killed[0].is_disjoint(&killed[1]),
        "{out}"
    );
    let all = search_ids(&index, cwd, &["killed"]);
    let first = search_ids(
        &index,
        cwd,
        &["killed", "--to", &corpus_by_date()[499].date.to_string()],
    );
    assert_eq!(killed[0].len() + killed[1].len() + first.len(), all.len());
    // Remembered: nothing left for `watch run`; an unchanged re-index reports nothing.
    assert_eq!(run(&index, cwd, &["watch", "run"]).0, 1);
    let (code, out, _) = run(
        &index,
        cwd,
        &["index", "--watch", "-q", cwd.join("in").to_str().unwrap()],
    );
    assert_eq!((code, out.as_str()), (1, ""));
    // Without watches, --watch only indexes, and says so.
    assert_eq!(run(&index, cwd, &["watch", "rm", "killed", "nothing"]).0, 0);
    let (code, _, err) = run(
        &index,
        cwd,
        &["index", "--watch", "-q", cwd.join("in").to_str().unwrap()],
    );
    assert_eq!(code, 0);
    assert!(err.contains("no watches to report for"), "{err}");
}

#[test]
fn an_appended_file_reports_only_its_new_records_and_rebuild_keeps_watches() {
    let tmp = TempDir::new().unwrap();
    let cwd = tmp.path();
    let feed = cwd.join("in").join("feed.jsonl");
    write_batches(&corpus_by_date()[5000..5300], 1, &cwd.join("in"));
    fs::rename(cwd.join("in/batch-01.jsonl"), &feed).unwrap();
    let index = cwd.join("idx");
    assert_eq!(run(&index, cwd, &["index", "-q", "in"]).0, 0);
    assert_eq!(
        run(&index, cwd, &["watch", "add", "all", "--from", "1900"]).0,
        0
    );
    // A daily feed grows at its end: the file is indexed again, its old
    // records keep their place, only the new ones are news.
    let more = write_batches(&corpus_by_date()[5300..5310], 1, &cwd.join("more"));
    let mut text = fs::read_to_string(&feed).unwrap();
    text.push_str(&fs::read_to_string(&more[0]).unwrap());
    fs::write(&feed, text).unwrap();
    let (code, out, err) = run(&index, cwd, &["index", "--watch", "--json", "-q", "in"]);
    assert_eq!(code, 0, "{err}");
    let lines = reports(&out);
    assert_eq!(lines.len(), 1);
    assert_eq!(lines[0].1["total"], 10, "{out}");
    let expected: HashSet<String> = corpus_by_date()[5300..5310]
        .iter()
        .map(|a| a.id.clone())
        .collect();
    assert_eq!(ids(&lines[0].1["hits"]), expected);
    // --rebuild keeps the watches; the rebuilt index starts them again.
    let (code, _, err) = run(&index, cwd, &["index", "--rebuild", "-q", "in"]);
    assert_eq!(code, 0, "{err}");
    let (code, out, _) = run(&index, cwd, &["watch", "run"]);
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("note: the index was rebuilt"), "{out}");
    assert_eq!(run(&index, cwd, &["watch", "run"]).0, 1);
}

#[test]
fn watches_are_checked_like_searches_listed_and_removed() {
    let tmp = TempDir::new().unwrap();
    let cwd = tmp.path();
    let index = corpus_copy(cwd);
    let (code, out, _) = run(
        &index,
        cwd,
        &["watch", "add", "wagner-mali", "wagner", "--region", "mali"],
    );
    assert_eq!(code, 0);
    let today = search_ids(&index, cwd, &["wagner", "--region", "mali"]).len();
    assert!(
        out.contains(&format!(
            "`wagner` --region mali; {today} documents match today"
        )),
        "{out}"
    );
    let refused = [
        (
            vec!["watch", "add", "bad name", "wagner"],
            "`bad name` is not a watch name",
        ),
        (
            vec!["watch", "add", "w", "wagner )"],
            "query syntax error at column 8",
        ),
        (
            vec!["watch", "add", "w", "army", "--region", "malli"],
            "did you mean `Mali`",
        ),
        (
            vec!["watch", "add", "w", "army", "--from", "2021-13"],
            "--from: `2021-13`",
        ),
        (
            vec!["watch", "add", "wagner-mali", "army"],
            "a watch named `wagner-mali` exists already",
        ),
        (
            vec!["watch", "rm", "nope"],
            "no watch named `nope`; the watches are wagner-mali",
        ),
        (vec!["watch", "run", "nope"], "no watch named `nope`"),
    ];
    for (args, message) in refused {
        let (code, _, err) = run(&index, cwd, &args);
        assert_eq!(code, 2, "{args:?}");
        assert!(err.contains(message), "{args:?}: {err}");
    }
    assert_eq!(
        run(
            &index,
            cwd,
            &["watch", "add", "msf", "--actor", "msf", "--json"]
        )
        .0,
        0
    );
    let (code, out, _) = run(&index, cwd, &["watch", "list", "--json"]);
    assert_eq!(code, 0);
    let list: Value = serde_json::from_str(&out).unwrap();
    let names: Vec<&str> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|w| w["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["wagner-mali", "msf"]);
    assert_eq!(list[0]["regions"][0], "mali");
    assert_eq!(list[1]["query"], "");
    let (_, out, _) = run(&index, cwd, &["watch", "list"]);
    assert!(out.contains("wagner-mali  `wagner` --region mali"), "{out}");
    assert!(out.contains("msf  all articles --actor msf"), "{out}");
    // A watch broken by hand fails alone: the other still reports, exit 2.
    let file = index.join("watches.json");
    let text = fs::read_to_string(&file)
        .unwrap()
        .replace("\"wagner\"", "\"wagner (\"");
    fs::write(&file, text).unwrap();
    let (code, _, err) = run(&index, cwd, &["watch", "run"]);
    assert_eq!(code, 2);
    assert!(
        err.contains("error: watch wagner-mali: query syntax error"),
        "{err}"
    );
    assert!(err.contains("1 watch failed"), "{err}");
    assert_eq!(
        run(&index, cwd, &["watch", "rm", "wagner-mali", "msf"]).0,
        0
    );
    let (code, out, _) = run(&index, cwd, &["watch", "list"]);
    assert_eq!(code, 1);
    assert!(out.starts_with("no watches yet"), "{out}");
    // A damaged file is an error naming it, never overwritten.
    fs::write(&file, "{ half").unwrap();
    let (code, _, err) = run(&index, cwd, &["watch", "add", "x", "wagner"]);
    assert_eq!(code, 2);
    assert!(
        err.contains("watches.json: not a file of saved searches"),
        "{err}"
    );
    assert_eq!(fs::read_to_string(&file).unwrap(), "{ half");
}

/// A copy of the shared corpus index, which a test may change.
fn corpus_copy(cwd: &Path) -> PathBuf {
    let index = cwd.join("idx");
    fs::create_dir(&index).unwrap();
    for entry in fs::read_dir(corpus_index()).unwrap() {
        let entry = entry.unwrap();
        fs::copy(entry.path(), index.join(entry.file_name())).unwrap();
    }
    index
}

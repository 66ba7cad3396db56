//! Saved searches through the binary: `watch add/list/rm/run`, `index
//! --watch`, exit statuses, the file kept beside the index, and a replay of
//! the corpus in date-ordered batches (the 20-batch, 200-watch replay runs
//! through the library in `tests/it/watch_replay.rs`).

use crate::common;

use std::collections::{HashMap, HashSet};
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
    search_groups(index, cwd, args).into_keys().collect()
}

/// Every document a search matches (at most 1000): its id, and its group of
/// reprints.
fn search_groups(index: &Path, cwd: &Path, args: &[&str]) -> HashMap<String, String> {
    let mut all = vec!["search", "--json", "-n", "1000"];
    all.extend(args);
    let (code, out, err) = run(index, cwd, &all);
    assert!(code <= 1, "{args:?}: {err}");
    let json: Value = serde_json::from_str(&out).unwrap();
    assert!(
        json["total"].as_u64().unwrap() <= 1000,
        "{args:?}: too many to compare"
    );
    json["hits"]
        .as_array()
        .unwrap()
        .iter()
        .map(common::id_and_group)
        .collect()
}

/// What a watch must report between two searches: the groups of the new
/// documents that hold none of the old ones, and the number of new
/// documents (reported, folded under a report, or reprints).
fn new_groups(
    before: &HashSet<String>,
    after: &HashMap<String, String>,
) -> (HashSet<String>, usize) {
    let seen: HashSet<&String> = before.iter().filter_map(|id| after.get(id)).collect();
    let new: Vec<&String> = after
        .iter()
        .filter(|(id, _)| !before.contains(*id))
        .map(|(_, copy)| copy)
        .collect();
    let groups = new
        .iter()
        .filter(|copy| !seen.contains(*copy))
        .map(|copy| copy.to_string())
        .collect();
    (groups, new.len())
}

/// The documents a report accounts for: reported, folded under a report,
/// or reprints of what the watch had seen.
fn accounted(report: &Value) -> u64 {
    ["total", "copies", "reprints"]
        .iter()
        .map(|k| report[k].as_u64().unwrap())
        .sum()
}

fn ids(hits: &Value) -> HashSet<String> {
    hits.as_array()
        .unwrap()
        .iter()
        .map(|h| h["id"].as_str().unwrap().to_string())
        .collect()
}

/// `sitrep index --watch --json DIR` with a commit per file: (exit code,
/// stdout, stderr).
fn index_watching_each_file(index: &Path, cwd: &Path, dir: &str) -> (i32, String, String) {
    let args = [
        "index",
        "--watch",
        "--json",
        "-q",
        "--commit-every",
        "1",
        dir,
    ];
    run(index, cwd, &args)
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
        let mut groups: Vec<Vec<String>> = vec![Vec::new(); WATCHES.len()];
        let mut documents = vec![0; WATCHES.len()];
        for output in &outputs {
            for (name, report) in reports(&String::from_utf8_lossy(&output.stdout)) {
                let at = WATCHES.iter().position(|(n, _)| *n == name).unwrap();
                let hits = report["hits"].as_array().unwrap();
                assert_eq!(report["total"].as_u64().unwrap() as usize, hits.len());
                reported[at].extend(hits.iter().map(|h| h["id"].as_str().unwrap().to_string()));
                groups[at].extend(
                    hits.iter()
                        .map(|h| h["copy"]["id"].as_str().unwrap().to_string()),
                );
                documents[at] += accounted(&report) as usize;
            }
        }
        let mut any_new = false;
        for (at, (name, args)) in WATCHES.iter().enumerate() {
            let after = search_groups(&index, cwd, args);
            let new: HashSet<String> = reported[at].iter().cloned().collect();
            assert_eq!(
                new.len(),
                reported[at].len(),
                "batch {batch}, {name}: reported twice"
            );
            // The set difference between the two searches, by group.
            let (expected, new_docs) = new_groups(&before[at], &after);
            let shown: HashSet<String> = groups[at].iter().cloned().collect();
            assert_eq!(shown.len(), groups[at].len(), "batch {batch}, {name}");
            assert_eq!(shown, expected, "batch {batch}, {name}");
            assert_eq!(documents[at], new_docs, "batch {batch}, {name}");
            assert!(
                seen[at].is_disjoint(&new),
                "batch {batch}, {name}: reported again"
            );
            any_new |= !new.is_empty();
            seen[at].extend(new);
            before[at] = after.into_keys().collect();
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
    let (code, out, err) = index_watching_each_file(&index, cwd, "in");
    assert_eq!(code, 0, "{err}");
    let lines = reports(&out);
    assert_eq!(lines.len(), 4, "two watches, two commits: {out}");
    let killed: Vec<&Value> = lines
        .iter()
        .filter(|(n, _)| n == "killed")
        .map(|(_, r)| r)
        .collect();
    let hits: Vec<HashSet<String>> = killed.iter().map(|r| ids(&r["hits"])).collect();
    assert!(
        hits.iter().all(|k| !k.is_empty()) && hits[0].is_disjoint(&hits[1]),
        "{out}"
    );
    let all = search_ids(&index, cwd, &["killed"]);
    let first = search_ids(
        &index,
        cwd,
        &["killed", "--to", &corpus_by_date()[499].date.to_string()],
    );
    // Every new document is accounted for: reported, folded under a
    // report, or a reprint of what the watch had seen.
    assert_eq!(
        accounted(killed[0]) + accounted(killed[1]) + first.len() as u64,
        all.len() as u64
    );
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

/// The bundled corpus's records of some days of 2024 (real items of
/// Wikipedia's Current events portal, as `corpus/current-events` holds
/// them), written to `dir/NAME.jsonl`.
fn days_of_2024(dir: &Path, name: &str, days: &[&str]) -> PathBuf {
    fs::create_dir_all(dir).unwrap();
    let text = fs::read_to_string(common::corpus().join("current-events/2024.jsonl")).unwrap();
    let lines: Vec<&str> = text
        .lines()
        .filter(|l| {
            days.iter()
                .any(|d| l.contains(&format!("\"date\":\"{d}\"")))
        })
        .collect();
    assert!(!lines.is_empty(), "{days:?}");
    let path = dir.join(format!("{name}.jsonl"));
    fs::write(&path, lines.join("\n") + "\n").unwrap();
    path
}

/// A real reprint: the portal lists the drone attacks in northern Israel on
/// 16 April 2024 (wce-2024-04-16-005) and again, in nearly the same words,
/// on the 17th (wce-2024-04-17-004); the index groups them (`search
/// --collapse copies` shows one hit with `+1 similar`).
const FIRST: &str = "wce-2024-04-16-005";
const REPRINT: &str = "wce-2024-04-17-004";

#[test]
fn a_real_reprint_of_a_reported_item_is_not_new_and_two_copies_in_one_run_are_one_report() {
    let tmp = TempDir::new().unwrap();
    let cwd = tmp.path();
    let index = cwd.join("idx");
    let day1 = days_of_2024(&cwd.join("in"), "day1", &["2024-04-15", "2024-04-16"]);
    let day2 = days_of_2024(&cwd.join("in"), "day2", &["2024-04-17"]);
    // Saved before anything is indexed: everything indexed is new to them.
    for name in ["israel", "later", "later-text"] {
        assert_eq!(run(&index, cwd, &["watch", "add", name, "israel"]).0, 0);
    }
    assert_eq!(
        run(&index, cwd, &["index", "-q", day1.to_str().unwrap()]).0,
        0
    );
    let (code, out, err) = run(&index, cwd, &["watch", "run", "israel", "--json"]);
    assert_eq!(code, 0, "{err}");
    let report = &reports(&out)[0].1;
    assert_eq!(ids(&report["hits"]), HashSet::from([FIRST.to_string()]));
    assert_eq!(
        (report["total"].as_u64(), report["reprints"].as_u64()),
        (Some(1), Some(0))
    );

    // The next day's reprint is not new to the watch that reported it:
    // remembered, not reported, and the run exits 1 (nothing new).
    assert_eq!(
        run(&index, cwd, &["index", "-q", day2.to_str().unwrap()]).0,
        0
    );
    let grouped = search_json_at(&index, &["israel", "--collapse", "copies"]);
    let group = &grouped["hits"][0]["copy"];
    assert_eq!(grouped["hits"][0]["id"], FIRST, "{grouped}");
    assert_eq!(group["members"], 2, "{grouped}");
    let (code, out, _) = run(&index, cwd, &["watch", "run", "israel", "--json"]);
    assert_eq!(code, 1, "{out}");
    let report = &reports(&out)[0].1;
    assert_eq!(report["total"], 0, "{out}");
    assert_eq!(report["reprints"], 1, "{out}");
    assert_eq!(run(&index, cwd, &["watch", "run", "israel"]).0, 1);

    // A watch that sees both copies in one run reports the text once, by
    // its earliest copy, with the other counted under it: as `search
    // --collapse copies` shows the group.
    let (code, out, _) = run(&index, cwd, &["watch", "run", "later", "--json"]);
    assert_eq!(code, 0, "{out}");
    let report = &reports(&out)[0].1;
    assert_eq!(
        (report["total"].as_u64(), report["copies"].as_u64()),
        (Some(1), Some(1))
    );
    let hit = &report["hits"][0];
    assert_eq!(hit["id"], FIRST);
    assert_eq!(hit["copy"]["id"], group["id"]);
    assert_eq!(hit["copy"]["similar"], 1);
    assert_eq!(hit["copy"]["members"], 2);
    assert_eq!(hit["copy"]["others"][0]["id"], REPRINT);
    let (code, out, _) = run(&index, cwd, &["watch", "run", "later-text"]);
    assert_eq!(code, 0, "{out}");
    assert!(
        out.contains("watch later-text: 1 new for `israel`"),
        "{out}"
    );
    assert!(
        out.contains(&format!(
            "+1 similar: Reuters; The Times of Israel  (sitrep story {})",
            group["id"].as_str().unwrap()
        )),
        "{out}"
    );
    assert_eq!(run(&index, cwd, &["watch", "run"]).0, 1);
}

#[test]
fn index_watch_groups_each_commit_before_reporting_it() {
    let tmp = TempDir::new().unwrap();
    let cwd = tmp.path();
    let index = cwd.join("idx");
    days_of_2024(&cwd.join("in"), "day1", &["2024-04-15", "2024-04-16"]);
    days_of_2024(&cwd.join("in"), "day2", &["2024-04-17"]);
    assert_eq!(run(&index, cwd, &["watch", "add", "israel", "israel"]).0, 0);
    // One commit per file: the reprint comes in the second, and is grouped
    // with the first before `--watch` reads the index.
    let (code, out, err) = index_watching_each_file(&index, cwd, "in");
    assert_eq!(code, 0, "{err}");
    let lines = reports(&out);
    assert_eq!(lines.len(), 2, "{out}");
    assert_eq!(ids(&lines[0].1["hits"]), HashSet::from([FIRST.to_string()]));
    assert_eq!(lines[1].1["total"], 0, "{out}");
    assert_eq!(lines[1].1["reprints"], 1, "{out}");
}

#[test]
fn a_text_run_prints_ten_reports_a_watch_and_remembers_all() {
    let tmp = TempDir::new().unwrap();
    let cwd = tmp.path();
    let index = cwd.join("idx");
    let files = write_batches(&corpus_by_date()[..600], 1, &cwd.join("in"));
    for name in ["text", "all", "json"] {
        assert_eq!(run(&index, cwd, &["watch", "add", name, "killed"]).0, 0);
    }
    assert_eq!(
        run(&index, cwd, &["index", "-q", files[0].to_str().unwrap()]).0,
        0
    );
    let (code, out, _) = run(&index, cwd, &["watch", "run", "json", "--json"]);
    assert_eq!(code, 0);
    let total = reports(&out)[0].1["total"].as_u64().unwrap();
    assert!(total > 10, "{out}");
    assert_eq!(
        reports(&out)[0].1["hits"].as_array().unwrap().len() as u64,
        total
    );
    let numbered = |out: &str| {
        out.lines()
            .filter(|l| {
                l.trim_start()
                    .split_once(". ")
                    .is_some_and(|(n, _)| n.parse::<u32>().is_ok())
            })
            .count() as u64
    };
    let (code, out, _) = run(&index, cwd, &["watch", "run", "text"]);
    assert_eq!(code, 0);
    assert_eq!(numbered(&out), 10, "{out}");
    assert!(
        out.contains(&format!(
            "... and {} more, remembered (`--all` prints every report)",
            total - 10
        )),
        "{out}"
    );
    let (_, out, _) = run(&index, cwd, &["watch", "run", "all", "--all"]);
    assert_eq!(numbered(&out), total, "{out}");
    assert!(!out.contains("more, remembered"), "{out}");
    // The ones not printed were remembered with the others.
    assert_eq!(run(&index, cwd, &["watch", "run"]).0, 1);
}

/// `index --watch` compiles each watch's query once for the run and keeps
/// it from one commit to the next, but not when a commit changes what the
/// query means: `air strike` also matches the joined form `airstrike` only
/// once the index holds it. The first commit (three real items of 15 April
/// 2024) has no `airstrike`; the second (the one item of 20 January 2024)
/// has it, and neither `air` nor `strike`: kept as the first commit compiled
/// it, the query would miss it.
#[test]
fn index_watch_compiles_a_kept_query_again_when_a_commit_changes_its_meaning() {
    let tmp = TempDir::new().unwrap();
    let cwd = tmp.path();
    let index = cwd.join("idx");
    days_of_2024(&cwd.join("in"), "a", &["2024-04-15"]);
    days_of_2024(&cwd.join("in"), "b", &["2024-01-20"]);
    assert_eq!(
        run(&index, cwd, &["watch", "add", "air", "air strike"]).0,
        0
    );
    let (code, out, err) = index_watching_each_file(&index, cwd, "in");
    assert_eq!(code, 0, "{err}");
    let lines = reports(&out);
    assert_eq!(lines.len(), 2, "{out}");
    assert_eq!(lines[0].1["total"], 0, "{out}");
    assert_eq!(
        ids(&lines[1].1["hits"]),
        HashSet::from(["wce-2024-01-20-008".to_string()]),
        "{out}"
    );
    assert_eq!(
        search_ids(&index, cwd, &["air strike"]),
        HashSet::from(["wce-2024-01-20-008".to_string()])
    );
}

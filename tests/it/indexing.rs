//! Indexing through the binary: formats, bad input, re-indexing, defaults.

use crate::common;

use std::fs;
use std::path::Path;

use common::*;
use predicates::prelude::*;
use tempfile::TempDir;

fn documents(index: &Path) -> u64 {
    let out = sitrep_at(index).args(["stats", "--json"]).output().unwrap();
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    json["documents"].as_u64().unwrap()
}

#[test]
fn bad_files_and_lines_are_warned_about_and_the_rest_is_indexed() {
    let tmp = TempDir::new().unwrap();
    let docs = tmp.path().join("docs");
    fs::create_dir(&docs).unwrap();
    fs::copy(seed(), docs.join("seed.txt")).unwrap();
    fs::write(
        docs.join("blob.txt"),
        [0x7f, b'E', b'L', b'F', 0, 0, 1, 2, 0, 0],
    )
    .unwrap();
    fs::write(
        docs.join("latin1.txt"),
        b" date 2021-09-27 Caf\xe9 au Mali\n\nBody.\n",
    )
    .unwrap();
    fs::write(
        docs.join("nodate.txt"),
        "Mali approaches Russia\n\nNo date line here.\n",
    )
    .unwrap();
    fs::write(
        docs.join("feb30.txt"),
        " date 2021-02-30 Impossible day\n\nBody.\n",
    )
    .unwrap();
    fs::write(docs.join("empty.txt"), "").unwrap();
    fs::write(
        docs.join("items.jsonl"),
        concat!(
            r#"{"date":"2021-10-01","title":"Wagner fighters arrive in Bamako","body":"Russian paramilitaries landed in Mali.","source":"Reuters","url":"https://example.org/a"}"#,
            "\n",
            r#"{"date":"2021-10-02","title":"broken"#,
            "\n",
            r#"{"date":"2021-10-03","title":"Lavrov meets Maiga","body":"Talks in Moscow."}"#,
            "\n"
        ),
    )
    .unwrap();
    fs::write(docs.join("notes.md"), "# not an article\n").unwrap();
    let index = tmp.path().join("idx");
    let out = sitrep_at(&index).arg("index").arg(&docs).assert().success();
    let stderr = String::from_utf8_lossy(&out.get_output().stderr).to_string();
    let shown = |name: &str| docs.join(name).display().to_string();
    for (file, reason) in [
        (shown("blob.txt"), "binary file"),
        (format!("{}:1", shown("latin1.txt")), "not valid UTF-8"),
        (format!("{}:1", shown("nodate.txt")), "no date line"),
        (
            format!("{}:1", shown("feb30.txt")),
            "impossible date `2021-02-30`",
        ),
        (shown("empty.txt"), "empty file"),
        (format!("{}:2", shown("items.jsonl")), "malformed JSON"),
    ] {
        assert!(
            stderr.contains(&format!("warning: {file}: {reason}")),
            "missing `{file}: {reason}` in:\n{stderr}"
        );
    }
    assert!(stderr.contains("indexed 3 articles"), "{stderr}");
    assert!(stderr.contains("skipped 6"), "{stderr}");
    assert!(stderr.contains("ignored 1 non-article file"), "{stderr}");
    assert_eq!(documents(&index), 3);
    let json: serde_json::Value = serde_json::from_slice(
        &sitrep_at(&index)
            .args(["search", "bamako", "--json"])
            .output()
            .unwrap()
            .stdout,
    )
    .unwrap();
    let hit = &json["hits"][0];
    assert_eq!(hit["id"], "https://example.org/a");
    assert_eq!(hit["source"], "Reuters");
    assert!(hit["regions"]
        .as_array()
        .unwrap()
        .iter()
        .any(|r| r == "/Africa/Western Africa/Mali"));
}

#[test]
fn json_documents_and_ndjson_with_explicit_facets() {
    let tmp = TempDir::new().unwrap();
    let docs = tmp.path().join("docs");
    fs::create_dir(&docs).unwrap();
    fs::write(
        docs.join("array.json"),
        r#"[{"id":"a1","date":"2022-03-01","title":"Shelling reported","text":"Artillery fire overnight.","regions":["Ukraine"],"actors":["/armed group/Example"]},
            {"id":"a2","date":"2022-03-02T10:00:00Z","title":"Convoy attacked","summary":"A convoy was hit near Goma."}]"#,
    )
    .unwrap();
    fs::write(docs.join("one.ndjson"), r#"{"date":"2023-01-05","title":"Ceasefire talks","body":"Talks resumed.","regions":["Narnia"]}"#).unwrap();
    let index = tmp.path().join("idx");
    sitrep_at(&index)
        .arg("index")
        .arg(&docs)
        .assert()
        .success()
        .stderr(predicate::str::contains("unknown region `Narnia`"));
    assert_eq!(documents(&index), 3);
    let json: serde_json::Value = serde_json::from_slice(
        &sitrep_at(&index)
            .args(["search", "shelling", "--json"])
            .output()
            .unwrap()
            .stdout,
    )
    .unwrap();
    let hit = &json["hits"][0];
    assert_eq!(hit["id"], "a1");
    assert!(hit["regions"]
        .as_array()
        .unwrap()
        .iter()
        .any(|r| r.as_str().unwrap().ends_with("/Ukraine")));
    assert!(hit["actors"]
        .as_array()
        .unwrap()
        .iter()
        .any(|r| r == "/armed group/Example"));
    let convoy = search_in(
        &index,
        &["convoy", "--from", "2022-03-02", "--to", "2022-03-02"],
    );
    assert_eq!(convoy["total"], 1);
}

fn search_in(index: &Path, args: &[&str]) -> serde_json::Value {
    serde_json::from_slice(
        &sitrep_at(index)
            .arg("search")
            .args(args)
            .arg("--json")
            .output()
            .unwrap()
            .stdout,
    )
    .unwrap()
}

#[test]
fn reindexing_replaces_instead_of_duplicating() {
    let tmp = TempDir::new().unwrap();
    let docs = tmp.path().join("docs");
    fs::create_dir(&docs).unwrap();
    fs::copy(seed(), docs.join("seed.txt")).unwrap();
    fs::write(docs.join("items.jsonl"), "{\"date\":\"2021-10-01\",\"title\":\"One\"}\n{\"date\":\"2021-10-02\",\"title\":\"Two\"}\n").unwrap();
    let index = tmp.path().join("idx");
    sitrep_at(&index).arg("index").arg(&docs).assert().success();
    assert_eq!(documents(&index), 3);
    sitrep_at(&index).arg("index").arg(&docs).assert().success();
    // The same files under another spelling of their path are the same documents.
    sitrep_at(&index)
        .current_dir(&tmp)
        .args(["index", "./docs/seed.txt"])
        .assert()
        .success();
    assert_eq!(documents(&index), 3);
    // An edited file replaces its documents: the removed line is gone.
    fs::write(
        docs.join("items.jsonl"),
        "{\"date\":\"2021-10-01\",\"title\":\"One edited\"}\n",
    )
    .unwrap();
    sitrep_at(&index)
        .arg("index")
        .arg(docs.join("items.jsonl"))
        .assert()
        .success();
    assert_eq!(documents(&index), 2);
    assert_eq!(search_in(&index, &["edited"])["total"], 1);
    sitrep_at(&index)
        .args(["index", "--rebuild"])
        .arg(docs.join("seed.txt"))
        .assert()
        .success();
    assert_eq!(documents(&index), 1);
}

#[test]
fn search_on_a_fresh_checkout_builds_the_default_index_from_corpus() {
    let tmp = TempDir::new().unwrap();
    fs::create_dir(tmp.path().join("corpus")).unwrap();
    fs::copy(seed(), tmp.path().join("corpus/000_fb48966184d411e3.txt")).unwrap();
    sitrep()
        .current_dir(&tmp)
        .args(["search", "wagner"])
        .assert()
        .success()
        .stderr(predicate::str::contains(
            "no index at .sitrep yet; indexing ./corpus first",
        ))
        .stdout(predicate::str::contains("[Wagner]"));
    assert!(tmp.path().join(".sitrep/meta.json").is_file());
    // Second run: no rebuild.
    sitrep()
        .current_dir(&tmp)
        .args(["search", "wagner"])
        .assert()
        .success()
        .stderr(predicate::str::contains("indexing").not());
    // `sitrep index` with no path indexes ./corpus; SITREP_INDEX picks the index.
    sitrep()
        .current_dir(&tmp)
        .env("SITREP_INDEX", "other")
        .args(["index"])
        .assert()
        .success();
    assert!(tmp.path().join("other/meta.json").is_file());
}

#[test]
fn missing_index_and_foreign_directories_get_clear_errors() {
    let tmp = TempDir::new().unwrap();
    sitrep_at(&tmp.path().join("nope"))
        .current_dir(&tmp)
        .args(["search", "x"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "no index here yet; build one with `sitrep index",
        ));
    let stuff = tmp.path().join("stuff");
    fs::create_dir(&stuff).unwrap();
    fs::write(stuff.join("keep.txt"), "precious").unwrap();
    sitrep_at(&stuff)
        .args(["index", "--rebuild"])
        .arg(seed())
        .assert()
        .code(2)
        .stderr(predicate::str::contains("refusing to delete"));
    assert!(stuff.join("keep.txt").exists());
    sitrep_at(&tmp.path().join("idx"))
        .args(["index", "no/such/folder"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "no/such/folder: no such file or directory",
        ));
}

#[test]
fn oversized_files_are_skipped() {
    let tmp = TempDir::new().unwrap();
    let index = tmp.path().join("idx");
    sitrep_at(&index)
        .args(["index", "--max-file-size", "100"])
        .arg(seed())
        .assert()
        .code(2)
        .stderr(predicate::str::contains("over the limit of 100 bytes"))
        .stderr(predicate::str::contains("failed 1"))
        .stderr(predicate::str::contains("nothing was indexed"));
}

#[test]
fn reindexing_reads_only_changed_files_and_drops_vanished_ones() {
    let tmp = TempDir::new().unwrap();
    let docs = tmp.path().join("docs");
    fs::create_dir(&docs).unwrap();
    fs::copy(seed(), docs.join("seed.txt")).unwrap();
    fs::write(
        docs.join("a.jsonl"),
        "{\"date\":\"2021-10-01\",\"title\":\"One\"}\n",
    )
    .unwrap();
    let index = tmp.path().join("idx");
    let run = || index_summary(&index, &docs);
    assert!(run().contains("files: added 2, updated 0, removed 0, unchanged 0"));
    assert!(run().contains("indexed 0 articles from 0 files") && run().contains("unchanged 2"));
    fs::write(docs.join("a.jsonl"), "{\"date\":\"2021-10-01\",\"title\":\"One\"}\n{\"date\":\"2021-10-02\",\"title\":\"Two\"}\n")
        .unwrap();
    fs::write(
        docs.join("b.jsonl"),
        "{\"date\":\"2021-10-03\",\"title\":\"Three\"}\n",
    )
    .unwrap();
    fs::remove_file(docs.join("seed.txt")).unwrap();
    let third = run();
    assert!(
        third.contains("files: added 1, updated 1, removed 1, unchanged 0"),
        "{third}"
    );
    assert_eq!(documents(&index), 3);
    // Another gazetteer makes every file stale: its facets must be extracted again.
    let gazetteer = tmp.path().join("gazetteer");
    fs::create_dir(&gazetteer).unwrap();
    let schema = Path::new(env!("CARGO_MANIFEST_DIR")).join("index-schema");
    for file in [
        "regions.tsv",
        "divisions.tsv",
        "places.tsv",
        "areas.tsv",
        "actors.tsv",
        "person-roles.tsv",
        "common-words.tsv",
    ] {
        fs::copy(schema.join(file), gazetteer.join(file)).unwrap();
    }
    let mut actors = fs::read_to_string(gazetteer.join("actors.tsv")).unwrap();
    actors.push_str("organisation\tTest Organisation\tTest Organisation\t\ttest row\n");
    fs::write(gazetteer.join("actors.tsv"), actors).unwrap();
    let out = sitrep_at(&index)
        .arg("--gazetteer")
        .arg(&gazetteer)
        .arg("index")
        .arg(&docs)
        .output()
        .unwrap();
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(
        stderr.contains("files: added 0, updated 2, removed 0, unchanged 0"),
        "{stderr}"
    );
}

#[test]
fn a_touched_file_is_hashed_not_parsed_and_an_edited_one_is_updated() {
    let tmp = TempDir::new().unwrap();
    let docs = tmp.path().join("docs");
    fs::create_dir(&docs).unwrap();
    fs::copy(seed(), docs.join("seed.txt")).unwrap();
    let feed = docs.join("feed.jsonl");
    fs::write(
        &feed,
        "{\"id\":\"a\",\"date\":\"2021-10-01\",\"title\":\"Alpha\",\"body\":\"x.\"}\n",
    )
    .unwrap();
    let index = tmp.path().join("idx");
    let run = || index_summary(&index, &docs);
    run();
    let touch = |path: &Path| {
        let later = std::time::SystemTime::now() + std::time::Duration::from_secs(5);
        fs::File::options()
            .write(true)
            .open(path)
            .unwrap()
            .set_modified(later)
            .unwrap();
    };
    touch(&feed);
    touch(&docs.join("seed.txt"));
    let touched = run();
    assert!(
        touched.contains("indexed 0 articles from 0 files")
            && touched.contains("files: added 0, updated 0, removed 0, unchanged 2"),
        "{touched}"
    );
    // Same size, new bytes, new mtime: read again.
    fs::write(
        &feed,
        "{\"id\":\"a\",\"date\":\"2021-10-01\",\"title\":\"Omega\",\"body\":\"x.\"}\n",
    )
    .unwrap();
    touch(&feed);
    let edited = run();
    assert!(
        edited.contains("files: added 0, updated 1, removed 0, unchanged 1"),
        "{edited}"
    );
    assert_eq!(search_in(&index, &["omega"])["total"], 1);
    assert_eq!(search_in(&index, &["alpha"])["total"], 0);
}

#[test]
fn records_of_an_edited_json_lines_file_keep_their_ids() {
    let tmp = TempDir::new().unwrap();
    let feed = tmp.path().join("feed.jsonl");
    let write = |second_title: &str| {
        fs::write(
            &feed,
            format!(
                "{{\"id\":\"r1\",\"date\":\"2021-10-01\",\"title\":\"Ceasefire holds\",\"body\":\"Calm in Goma.\"}}\n{{\"url\":\"https://example.org/r2\",\"date\":\"2021-10-02\",\"title\":\"{second_title}\",\"body\":\"Fighting near Goma.\"}}\n{{\"date\":\"2021-10-03\",\"title\":\"Aid convoy\",\"body\":\"Trucks reach Goma.\"}}\n"
            ),
        )
        .unwrap()
    };
    write("Clashes resume");
    let index = tmp.path().join("idx");
    let ids = || {
        let json = search_in(&index, &["goma", "-n", "10", "--sort", "oldest"]);
        json["hits"]
            .as_array()
            .unwrap()
            .iter()
            .map(|h| {
                (
                    h["id"].as_str().unwrap().to_string(),
                    h["title"].as_str().unwrap().to_string(),
                )
            })
            .collect::<Vec<_>>()
    };
    sitrep_at(&index).arg("index").arg(&feed).assert().success();
    let before = ids();
    write("Clashes resume near the airport");
    sitrep_at(&index).arg("index").arg(&feed).assert().success();
    let after = ids();
    assert_eq!(after.len(), 3);
    let key = fs::canonicalize(&feed).unwrap().display().to_string();
    let expected_ids = [
        "r1".to_string(),
        "https://example.org/r2".to_string(),
        format!("{key}:3"),
    ];
    assert_eq!(
        before.iter().map(|(i, _)| i.clone()).collect::<Vec<_>>(),
        expected_ids
    );
    assert_eq!(
        after.iter().map(|(i, _)| i.clone()).collect::<Vec<_>>(),
        expected_ids
    );
    assert_eq!(after[1].1, "Clashes resume near the airport");
    assert_eq!(before[0], after[0]);
}

/// Runs `sitrep index DOCS` on `index`, which must succeed, and returns what
/// it printed on stderr (warnings and the summary line).
fn index_summary(index: &Path, docs: &Path) -> String {
    let out = sitrep_at(index).arg("index").arg(docs).output().unwrap();
    assert!(out.status.success());
    String::from_utf8(out.stderr).unwrap()
}

#[test]
fn json_lines_are_read_record_by_record_without_the_whole_file_limit() {
    let tmp = TempDir::new().unwrap();
    let docs = tmp.path().join("docs");
    fs::create_dir(&docs).unwrap();
    // 2,000 records, ~170 KB: far over --max-file-size, which only limits
    // files read whole; each record stays under the per-record limit.
    let records: String = (0..2000)
        .map(|i| {
            format!(
                "{{\"id\":\"r{i}\",\"date\":\"2021-10-01\",\"title\":\"Report {i}\",\"body\":\"Talks in Bamako, Mali, day {i}.\"}}\n"
            )
        })
        .collect();
    fs::write(docs.join("archive.ndjson"), &records).unwrap();
    fs::write(
        docs.join("big.txt"),
        format!(" date 2021-10-04 Big\n\n{}\n", "Mali ".repeat(40_000)),
    )
    .unwrap();
    let index = tmp.path().join("idx");
    sitrep_at(&index)
        .args(["index", "--max-file-size", "100000"])
        .arg(&docs)
        .assert()
        .success()
        .stderr(predicate::str::contains(
            "big.txt: file is 200023 bytes, over the limit",
        ))
        .stderr(predicate::str::contains(
            "indexed 2000 articles from 1 file",
        ))
        .stderr(predicate::str::contains(
            "files: added 1, updated 0, removed 0, unchanged 0, failed 1",
        ));
    assert_eq!(documents(&index), 2000);
    let hits = sitrep_at(&index)
        .args(["search", "\"report 1999\"", "--region", "mali", "--json"])
        .output()
        .unwrap();
    let json: serde_json::Value = serde_json::from_slice(&hits.stdout).unwrap();
    assert_eq!(json["hits"][0]["id"], "r1999");
}

#[test]
fn failed_files_are_not_counted_as_added_and_unread_bytes_are_not_counted() {
    let tmp = TempDir::new().unwrap();
    let docs = tmp.path().join("docs");
    fs::create_dir(&docs).unwrap();
    fs::copy(seed(), docs.join("seed.txt")).unwrap();
    fs::write(docs.join("empty.txt"), "").unwrap();
    // Over --max-file-size: skipped unread, so its 3 MB are not "indexed".
    fs::write(
        docs.join("huge.txt"),
        format!(" date 2021-10-04 Big\n\n{}\n", "x ".repeat(1_500_000)),
    )
    .unwrap();
    let index = tmp.path().join("idx");
    for run in 0..2 {
        let out = sitrep_at(&index)
            .args(["index", "--max-file-size", "1000000"])
            .arg(&docs)
            .output()
            .unwrap();
        assert!(out.status.success());
        let stderr = String::from_utf8_lossy(&out.stderr);
        let summary = stderr.lines().last().unwrap();
        let expected = if run == 0 {
            "indexed 1 article from 1 file"
        } else {
            "indexed 0 articles from 0 files"
        };
        assert!(summary.starts_with(expected), "{summary}");
        let files = if run == 0 {
            "files: added 1, updated 0, removed 0, unchanged 0, failed 2"
        } else {
            "files: added 0, updated 0, removed 0, unchanged 1, failed 2"
        };
        assert!(summary.contains(files), "{summary}");
        // Only the seed's few KB were read, not the 3 MB file.
        assert!(summary.contains("(0.0 MB,"), "{summary}");
    }
}

#[test]
fn a_run_killed_before_it_finished_is_reported_and_cleaned_up_by_the_next() {
    let tmp = TempDir::new().unwrap();
    let index = tmp.path().join("idx");
    index_quietly(&index, &seed());
    // The note a killed writer leaves behind, naming a process that is gone.
    let mut gone = std::process::Command::new("true").spawn().unwrap();
    gone.wait().unwrap();
    let note = index.join("sitrep-writer.pid");
    fs::write(&note, format!("{} 2026-12-01 10:00:00\n", gone.id())).unwrap();
    sitrep_at(&index)
        .arg("stats")
        .assert()
        .success()
        .stdout(predicate::str::contains("was interrupted"));
    let out = sitrep_at(&index)
        .args(["stats", "--json"])
        .output()
        .unwrap();
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(json["interrupted"]
        .as_str()
        .unwrap()
        .contains("started 2026-12-01 10:00:00"));
    sitrep_at(&index)
        .arg("index")
        .arg(seed())
        .assert()
        .success()
        .stderr(predicate::str::contains(
            "the last indexing run (sitrep process",
        ))
        .stderr(predicate::str::contains(
            "was interrupted; its uncommitted files were removed",
        ));
    assert!(!note.exists());
    sitrep_at(&index)
        .arg("stats")
        .assert()
        .success()
        .stdout(predicate::str::contains("interrupted").not());
}

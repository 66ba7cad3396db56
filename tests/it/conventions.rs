//! What users of ripgrep, fd and git expect of a command line: quiet ends on
//! closed pipes, JSON errors with --json, counts and paging that say what
//! they did, examples in --help, and a server that answers any path.

use crate::common;

use std::io::{BufRead, BufReader, Read};
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

use common::{corpus_index, search_json, seed, sitrep, sitrep_at};
use predicates::prelude::*;

/// Runs `sitrep --index CORPUS ARGS`, reads `bytes` of its stdout, closes
/// the pipe as `| head -c BYTES` does, and returns the exit code and stderr.
fn closed_after(args: &[&str], bytes: usize) -> (Option<i32>, String) {
    let mut child = Command::new(assert_cmd::cargo::cargo_bin("sitrep"))
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .arg("--index")
        .arg(corpus_index())
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("sitrep starts");
    let mut stdout = child.stdout.take().unwrap();
    let mut start = vec![0; bytes];
    stdout.read_exact(&mut start).expect("output");
    drop(stdout);
    let mut stderr = String::new();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut stderr)
        .unwrap();
    (child.wait().unwrap().code(), stderr)
}

#[test]
fn json_output_ends_quietly_when_the_reader_closes_the_pipe() {
    let seed = seed();
    let seed = seed.to_str().unwrap();
    // Each writes far more than a pipe holds (64 KiB), so the write after the
    // close fails.
    for (args, bytes) in [
        (
            vec!["search", "--queries", "benches/queries.txt", "--json"],
            200,
        ),
        (vec!["facets", "--json"], 20),
        (vec!["stats", "--json", "--top", "1000"], 600),
        (
            vec![
                "extract", "--json", seed, seed, seed, seed, seed, seed, seed, seed, seed, seed,
                seed, seed, seed, seed, seed, seed, seed, seed, seed, seed,
            ],
            100,
        ),
    ] {
        let (code, stderr) = closed_after(&args, bytes);
        assert_eq!(code, Some(0), "{args:?}: {stderr}");
        assert!(!stderr.contains("error"), "{args:?}: {stderr}");
    }
}

/// Runs `sitrep --index CORPUS ARGS`, expects exit 2, and returns stdout as
/// JSON and stderr.
fn failed_json(args: &[&str]) -> (serde_json::Value, String) {
    let out = sitrep_at(corpus_index()).args(args).output().unwrap();
    assert_eq!(out.status.code(), Some(2), "{args:?}");
    let json = serde_json::from_slice(&out.stdout).expect("a JSON error on stdout");
    (json, String::from_utf8_lossy(&out.stderr).into_owned())
}

#[test]
fn with_json_an_error_is_a_json_object_on_stdout_too() {
    let (json, stderr) = failed_json(&["search", "wagner", "--from", "2021-13", "--json"]);
    assert_eq!(json["flag"], "--from");
    assert!(json["error"].as_str().unwrap().contains("2021-13"));
    assert!(stderr.contains("error: --from:"));
    let (json, _) = failed_json(&["facets", "wagner )", "--json"]);
    assert_eq!(
        (json["flag"].as_str(), json["column"].as_u64()),
        (Some("query"), Some(8))
    );
    // Without --json, stdout stays empty.
    sitrep_at(corpus_index())
        .args(["search", "wagner", "--from", "2021-13"])
        .assert()
        .code(2)
        .stdout("");
}

#[test]
fn limit_zero_counts_and_an_offset_past_the_end_says_so() {
    let json = search_json(&["wagner", "-n", "0"]);
    assert!(json["total"].as_u64().unwrap() > 10);
    assert_eq!(json["hits"], serde_json::json!([]));
    let text = sitrep_at(corpus_index())
        .args(["search", "wagner", "-n", "0"])
        .output()
        .unwrap();
    let text = String::from_utf8(text.stdout).unwrap();
    assert_eq!(text.lines().count(), 1, "{text}");
    assert!(text.contains(" hits for `wagner`"));

    sitrep_at(corpus_index())
        .args(["search", "wagner", "--offset", "500"])
        .assert()
        .success()
        .stdout(predicate::str::contains("none from 501: the last is"));
}

#[test]
fn the_header_names_the_active_filters() {
    sitrep_at(corpus_index())
        .args(["search", "--actor", "rsf"])
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "hits for all articles with actor Rapid Support Forces (",
        ));
    sitrep_at(corpus_index())
        .args(["search", "wagner", "--region", "mali", "--region", "russia"])
        .args(["--from", "2021-09", "--to", "2021-12"])
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "for `wagner` with region Mali or Russia, 2021-09-01 to 2021-12-31 (",
        ));
}

#[test]
fn every_command_with_options_shows_examples_in_its_help() {
    for command in ["index", "search", "facets", "extract", "stats", "serve"] {
        sitrep()
            .args([command, "--help"])
            .assert()
            .success()
            .stdout(predicate::str::contains("Examples:\n  sitrep "));
    }
}

#[test]
fn serve_takes_a_host_name_and_answers_unknown_paths_with_a_json_404() {
    let mut child = Command::new(assert_cmd::cargo::cargo_bin("sitrep"))
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .arg("--index")
        .arg(corpus_index())
        .args(["serve", "--addr", "localhost:0"])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("sitrep serve starts");
    let stdout = child.stdout.take().unwrap();
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let mut line = String::new();
        let _ = BufReader::new(stdout).read_line(&mut line);
        let _ = tx.send(line);
    });
    let line = rx
        .recv_timeout(Duration::from_secs(120))
        .unwrap_or_default();
    let base = line
        .split_whitespace()
        .find(|w| w.starts_with("http://"))
        .map(|url| url.trim_end_matches('/').to_string());
    let reply = base.as_ref().map(|base| {
        ureq::Agent::config_builder()
            .http_status_as_error(false)
            .build()
            .new_agent()
            .get(&format!("{base}/no/such/page"))
            .call()
            .map(|mut r| {
                (
                    r.status().as_u16(),
                    r.body_mut().read_to_string().unwrap_or_default(),
                )
            })
    });
    let _ = child.kill();
    let _ = child.wait();
    assert!(line.starts_with("sitrep serve: http://"), "{line}");
    let (status, body) = reply.unwrap().expect("an answer");
    assert_eq!(status, 404, "{body}");
    let json: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert!(json["error"]
        .as_str()
        .unwrap()
        .contains("no such page `/no/such/page`"));
}

#[test]
fn search_prints_csv_and_tsv_tables_for_spreadsheets() {
    let out = sitrep_at(corpus_index())
        .args(["search", "wagner", "-n", "20", "--format", "csv"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let mut table = csv::Reader::from_reader(out.stdout.as_slice());
    let header: Vec<String> = table.headers().unwrap().iter().map(String::from).collect();
    assert_eq!(
        header,
        [
            "id", "date", "title", "source", "regions", "actors", "path", "score", "snippet",
            "events", "killed"
        ]
    );
    let rows: Vec<csv::StringRecord> = table.records().map(Result::unwrap).collect();
    let json = search_json(&["wagner", "-n", "20"]);
    assert_eq!(rows.len(), json["hits"].as_array().unwrap().len());
    // Titles and snippets with commas and quotes stay one cell each.
    for (row, hit) in rows.iter().zip(json["hits"].as_array().unwrap()) {
        assert_eq!(&row[0], hit["id"].as_str().unwrap());
        assert_eq!(&row[2], hit["title"].as_str().unwrap());
        assert_eq!(&row[8], hit["snippet"].as_str().unwrap());
        let actors: Vec<&str> = hit["actors"]
            .as_array()
            .unwrap()
            .iter()
            .map(|a| a.as_str().unwrap())
            .collect();
        assert_eq!(&row[5], actors.join("; "));
    }
    let out = sitrep_at(corpus_index())
        .args(["search", "wagner", "--sort", "newest", "--format", "tsv"])
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.starts_with("id\tdate\ttitle\t"), "{text}");
    // No score in date order: an empty cell.
    let first = text.lines().nth(1).unwrap();
    assert_eq!(first.split('\t').nth(7), Some(""), "{first}");
}

#[test]
fn completions_and_manual_pages_come_from_the_same_definitions_as_help() {
    for (shell, says) in [
        ("bash", "_sitrep()"),
        ("zsh", "#compdef sitrep"),
        ("fish", "complete -c sitrep"),
        ("powershell", "Register-ArgumentCompleter"),
    ] {
        sitrep()
            .args(["completions", shell])
            .assert()
            .success()
            .stdout(predicate::str::contains(says))
            .stdout(predicate::str::contains("--region"));
    }
    sitrep()
        .arg("man")
        .assert()
        .success()
        .stdout(predicate::str::contains(".TH sitrep 1"))
        .stdout(predicate::str::contains("completions"));
    let dir = tempfile::TempDir::new().unwrap();
    sitrep().arg("man").arg(dir.path()).assert().success();
    let search = std::fs::read_to_string(dir.path().join("sitrep-search.1")).unwrap();
    assert!(search.contains("\\-\\-recent"), "{search}");
}

#[test]
fn show_prints_one_article_with_the_query_words_marked() {
    let json = search_json(&["wagner parly"]);
    let id = json["hits"][0]["id"].as_str().unwrap().to_string();
    let out = sitrep_at(corpus_index())
        .args(["show", &id, "wagner"])
        .env("PAGER", "false")
        .output()
        .unwrap();
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    // Not a terminal: printed directly, the pager is not started.
    assert!(
        text.starts_with("2021-09-27  Mali approaches Russian security, criticizes France\n"),
        "{text}"
    );
    assert!(text.contains("id: "), "{text}");
    assert!(text.contains("controversial [Wagner] Group"), "{text}");
    sitrep_at(corpus_index())
        .args(["show", "no-such-id"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("no article with id `no-such-id`"));
}

#[test]
fn a_configuration_file_sets_defaults_that_the_environment_and_flags_override() {
    let tmp = tempfile::TempDir::new().unwrap();
    let config = tmp.path().join("config.toml");
    std::fs::write(
        &config,
        format!(
            "index = {:?}\nlimit = 3\n",
            corpus_index().display().to_string()
        ),
    )
    .unwrap();
    // Run where no ./corpus or ./.sitrep exists: the index can only come from the file.
    let search = |extra: &[&str], env_index: Option<&str>| {
        let mut cmd = sitrep();
        cmd.current_dir(tmp.path()).env("SITREP_CONFIG", &config);
        if let Some(index) = env_index {
            cmd.env("SITREP_INDEX", index);
        }
        cmd.args(["search", "wagner", "--json"])
            .args(extra)
            .output()
            .unwrap()
    };
    let hits = |out: &std::process::Output| {
        let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        json["hits"].as_array().unwrap().len()
    };
    let out = search(&[], None);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(hits(&out), 3, "limit from the file");
    assert_eq!(hits(&search(&["-n", "5"], None)), 5, "a flag wins");
    // The environment wins over the file: this index does not exist.
    let out = search(&[], Some("elsewhere"));
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("elsewhere"));
    // A bad file is an error naming it.
    std::fs::write(&config, "limit = \"many\"\n").unwrap();
    let out = search(&[], None);
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("configuration file") && stderr.contains("config.toml"),
        "{stderr}"
    );
}

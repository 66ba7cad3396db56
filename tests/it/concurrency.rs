//! Concurrency through the binary: one writer at a time, and readers that
//! keep working while it runs and see each of its commits.

use crate::common;

use std::path::Path;
use std::process::Stdio;
use std::time::{Duration, Instant};

use common::tree::Tree;
use common::*;
use tempfile::TempDir;

/// The number of documents `search` and `facets` see, asserting that both
/// answer (exit 0 with hits, 1 with none yet) and agree.
fn visible(index: &Path, cwd: &Path) -> Option<u64> {
    if !index.join("meta.json").exists() {
        return None;
    }
    let search = run_in(index, cwd, &["search", "", "--json", "-n", "1"]);
    assert!(
        search.status.code().is_some_and(|c| c <= 1),
        "search during indexing failed: {}",
        String::from_utf8_lossy(&search.stderr)
    );
    let facets = run_in(index, cwd, &["facets", "--field", "date", "--json"]);
    assert!(
        facets.status.code().is_some_and(|c| c <= 1),
        "facets during indexing failed: {}",
        String::from_utf8_lossy(&facets.stderr)
    );
    let json: serde_json::Value = serde_json::from_slice(&search.stdout).expect("search JSON");
    let total = json["total"].as_u64().unwrap();
    let facets: serde_json::Value = serde_json::from_slice(&facets.stdout).expect("facets JSON");
    assert!(facets.is_object() || facets.is_array(), "{facets}");
    Some(total)
}

#[test]
fn searches_and_facets_work_during_indexing_and_see_each_commit() {
    let tmp = TempDir::new().unwrap();
    let tree = Tree::create(&tmp.path().join("docs"), 3000, 0);
    let index = tmp.path().join("idx");
    let docs = tree.dir.display().to_string();
    let mut writer = sitrep_process(&index)
        .current_dir(tmp.path())
        .args(["index", "--quiet", "--commit-every", "40", &docs])
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut counts = Vec::new();
    while writer.try_wait().unwrap().is_none() {
        if let Some(n) = visible(&index, tmp.path()) {
            counts.push(n);
        }
    }
    let status = writer.wait_with_output().unwrap();
    assert!(
        status.status.success(),
        "{}",
        String::from_utf8_lossy(&status.stderr)
    );
    assert_eq!(visible(&index, tmp.path()), Some(3000));
    assert!(
        counts.windows(2).all(|w| w[0] <= w[1]),
        "document counts went down during indexing: {counts:?}"
    );
    let between: std::collections::BTreeSet<u64> = counts
        .iter()
        .copied()
        .filter(|&n| n > 0 && n < 3000)
        .collect();
    assert!(
        between.len() >= 2 && between.iter().all(|n| n % 40 == 0),
        "searches should see several whole commits of 40 files: {counts:?}"
    );
}

/// The process id named in a refusal (`sitrep process 1234 (started ...)`).
fn status_pid(stderr: &str) -> Option<u32> {
    let rest = stderr.split("sitrep process ").nth(1)?;
    rest.split_whitespace().next()?.parse().ok()
}

#[test]
fn the_refusal_names_the_process_holding_the_index() {
    let tmp = TempDir::new().unwrap();
    let tree = Tree::create(&tmp.path().join("docs"), 2000, 0);
    let index = tmp.path().join("idx");
    let docs = tree.dir.display().to_string();
    let mut writer = sitrep_process(&index)
        .current_dir(tmp.path())
        .args(["index", "--quiet", "--commit-every", "20", &docs])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(120);
    while !index.join("sitrep-writer.pid").exists() {
        assert!(Instant::now() < deadline && writer.try_wait().unwrap().is_none());
        std::thread::sleep(Duration::from_millis(2));
    }
    let started = Instant::now();
    let second = run_in(&index, tmp.path(), &["index", "--quiet", &docs]);
    let took = started.elapsed();
    let still_running = writer.try_wait().unwrap().is_none();
    writer.kill().unwrap();
    writer.wait().unwrap();
    assert!(
        still_running,
        "the first writer ended before the second started"
    );
    assert_eq!(second.status.code(), Some(2));
    assert!(
        took < Duration::from_secs(10),
        "refused only after {took:?}"
    );
    let stderr = String::from_utf8_lossy(&second.stderr);
    assert_eq!(status_pid(&stderr), Some(writer.id()), "{stderr}");
    assert!(
        stderr.contains(&format!("index {}", index.display())),
        "{stderr}"
    );
}

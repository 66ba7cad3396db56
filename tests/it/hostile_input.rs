//! Hostile and broken input through the binary, in temporary trees: every
//! problem is a warning naming the path (and line), the rest is indexed,
//! and nothing panics.

use crate::common;

use std::fs;
use std::path::Path;

use common::*;
use tempfile::TempDir;

/// Runs `sitrep index ARGS DOCS` and returns (stderr, documents indexed).
fn index(tmp: &TempDir, docs: &Path, args: &[&str]) -> (String, u64) {
    let idx = tmp.path().join("idx");
    let out = sitrep_at(&idx)
        .arg("index")
        .args(args)
        .arg(docs)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr).to_string();
    assert!(out.status.success(), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    let stats = sitrep_at(&idx).args(["stats", "--json"]).output().unwrap();
    let stats: serde_json::Value = serde_json::from_slice(&stats.stdout).unwrap();
    (stderr, stats["documents"].as_u64().unwrap())
}

fn warned(stderr: &str, location: &Path, line: Option<usize>, reason: &str) {
    let at = match line {
        Some(n) => format!("{}:{n}", location.display()),
        None => location.display().to_string(),
    };
    assert!(
        stderr.contains(&format!("warning: {at}: {reason}")),
        "missing `{at}: {reason}` in:\n{stderr}"
    );
}

fn docs(tmp: &TempDir) -> std::path::PathBuf {
    let docs = tmp.path().join("docs");
    fs::create_dir(&docs).unwrap();
    fs::copy(seed(), docs.join("seed.txt")).unwrap();
    docs
}

#[test]
fn oversized_files_and_overlong_records_are_skipped() {
    let tmp = TempDir::new().unwrap();
    let docs = docs(&tmp);
    let long_body = "Mali ".repeat(220_000);
    fs::write(
        docs.join("feed.jsonl"),
        format!(
            "{{\"date\":\"2021-10-01\",\"title\":\"Short one\",\"body\":\"Talks in Bamako.\"}}\n{{\"date\":\"2021-10-02\",\"title\":\"Huge\",\"body\":\"{long_body}\"}}\n{{\"date\":\"2021-10-03\",\"title\":\"Short two\",\"body\":\"Talks in Niamey.\"}}\n"
        ),
    )
    .unwrap();
    fs::write(
        docs.join("big.txt"),
        format!(" date 2021-10-04 Big\n\n{}\n", "Mali ".repeat(240_000)),
    )
    .unwrap();
    let (stderr, documents) = index(&tmp, &docs, &["--max-file-size", "1150000"]);
    warned(&stderr, &docs.join("feed.jsonl"), Some(2), "line is 1100");
    assert!(
        stderr.contains("over the limit of 1048576 bytes for one record"),
        "{stderr}"
    );
    warned(
        &stderr,
        &docs.join("big.txt"),
        None,
        "file is 1200023 bytes, over the limit of 1150000 bytes",
    );
    assert!(stderr.contains("raise it with --max-file-size"), "{stderr}");
    assert_eq!(documents, 3);
}

#[test]
fn symlink_loops_and_dangling_links_are_warned_and_the_walk_goes_on() {
    use std::os::unix::fs::symlink;
    let tmp = TempDir::new().unwrap();
    let docs = docs(&tmp);
    fs::create_dir(docs.join("sub")).unwrap();
    symlink(&docs, docs.join("sub/loop")).unwrap();
    symlink(docs.join("nowhere.txt"), docs.join("dangling.txt")).unwrap();
    fs::copy(seed(), docs.join("sub/copy.txt")).unwrap();
    let (stderr, documents) = index(&tmp, &docs, &[]);
    warned(
        &stderr,
        &docs.join("sub/loop"),
        None,
        "symbolic link loop, not followed",
    );
    warned(&stderr, &docs.join("dangling.txt"), None, "cannot read");
    assert_eq!(documents, 2);
}

#[test]
fn unreadable_files_and_folders_are_warned() {
    use std::os::unix::fs::PermissionsExt;
    let tmp = TempDir::new().unwrap();
    let docs = docs(&tmp);
    let secret = docs.join("secret.txt");
    fs::copy(seed(), &secret).unwrap();
    let locked = docs.join("locked");
    fs::create_dir(&locked).unwrap();
    fs::copy(seed(), locked.join("inside.txt")).unwrap();
    fs::set_permissions(&secret, fs::Permissions::from_mode(0o000)).unwrap();
    fs::set_permissions(&locked, fs::Permissions::from_mode(0o000)).unwrap();
    // Root (as in CI containers) reads through mode 000, so permission
    // errors cannot be provoked; the walk must then simply index everything.
    let privileged = fs::read(&secret).is_ok();
    let (stderr, documents) = index(&tmp, &docs, &[]);
    fs::set_permissions(&locked, fs::Permissions::from_mode(0o755)).unwrap();
    if privileged {
        assert_eq!(documents, 3, "{stderr}");
    } else {
        warned(&stderr, &secret, None, "cannot read");
        warned(&stderr, &locked, None, "cannot read");
        assert_eq!(documents, 1, "{stderr}");
    }
}

#[test]
fn a_deeply_nested_tree_is_walked() {
    let tmp = TempDir::new().unwrap();
    let docs = docs(&tmp);
    let mut deep = docs.clone();
    for level in 0..300 {
        deep.push(format!("{}", level % 10));
    }
    fs::create_dir_all(&deep).unwrap();
    fs::copy(seed(), deep.join("bottom.txt")).unwrap();
    let (stderr, documents) = index(&tmp, &docs, &[]);
    assert_eq!(documents, 2, "{stderr}");
}

#[test]
fn nul_bytes_mixed_encodings_and_control_characters() {
    let tmp = TempDir::new().unwrap();
    let docs = docs(&tmp);
    fs::write(
        docs.join("nul.txt"),
        b" date 2021-10-01 Nul\n\nBody\0with a NUL.\n",
    )
    .unwrap();
    let mut utf16 = vec![0xFF, 0xFE];
    utf16.extend(
        " date 2021-10-01 Wide"
            .encode_utf16()
            .flat_map(u16::to_le_bytes),
    );
    fs::write(docs.join("utf16.txt"), utf16).unwrap();
    let mut mixed =
        b"{\"date\":\"2021-10-01\",\"title\":\"Caf\xc3\xa9 talks\",\"body\":\"In Bamako.\"}\n"
            .to_vec();
    mixed.extend(b"{\"date\":\"2021-10-02\",\"title\":\"Caf\xe9 latin\",\"body\":\"In Gao.\"}\n");
    mixed.extend(b"{\"date\":\"2021-10-03\",\"title\":\"Bell\\u0007 and \\u0000 nul\",\"body\":\"Esc\\u001b[31m red.\"}\n");
    fs::write(docs.join("mixed.jsonl"), mixed).unwrap();
    let (stderr, documents) = index(&tmp, &docs, &[]);
    warned(
        &stderr,
        &docs.join("nul.txt"),
        None,
        "binary file (contains NUL bytes)",
    );
    warned(&stderr, &docs.join("utf16.txt"), None, "UTF-16 text");
    warned(
        &stderr,
        &docs.join("mixed.jsonl"),
        Some(2),
        "not valid UTF-8",
    );
    assert_eq!(documents, 3, "{stderr}");
    let out = sitrep_at(&tmp.path().join("idx"))
        .args(["search", "bell", "--json"])
        .output()
        .unwrap();
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["hits"][0]["title"], "Bell and  nul");
    assert!(!json["hits"][0]["snippet"]
        .as_str()
        .unwrap()
        .contains('\u{1b}'));
}

#[test]
fn implausible_dates_and_empty_titles_or_bodies() {
    let tmp = TempDir::new().unwrap();
    let docs = docs(&tmp);
    fs::write(
        docs.join("old.txt"),
        " date 1850-03-01 Crimean dispatch\n\nBody.\n",
    )
    .unwrap();
    fs::write(
        docs.join("feed.jsonl"),
        concat!(
            r#"{"date":"2999-01-01","title":"From the future","body":"x"}"#,
            "\n",
            r#"{"date":"2021-01-01","title":" \u0007 ","body":"No title."}"#,
            "\n",
            r#"{"date":"2021-01-02","title":"Title only","body":" \u0000 "}"#,
            "\n",
        ),
    )
    .unwrap();
    let (stderr, documents) = index(&tmp, &docs, &[]);
    warned(
        &stderr,
        &docs.join("old.txt"),
        Some(1),
        "date `1850-03-01` is outside 1900-01-01..=",
    );
    warned(
        &stderr,
        &docs.join("feed.jsonl"),
        Some(1),
        "field `date`: date `2999-01-01` is outside",
    );
    warned(
        &stderr,
        &docs.join("feed.jsonl"),
        Some(2),
        "field `title` is empty",
    );
    warned(
        &stderr,
        &docs.join("feed.jsonl"),
        Some(3),
        "no text besides the title",
    );
    // Seed + the title-only record, which is kept; three skipped.
    assert_eq!(documents, 2, "{stderr}");
    assert!(stderr.contains("skipped 3"), "{stderr}");
}

#[test]
fn queries_that_would_expand_too_far_are_refused_with_the_limit() {
    let tmp = TempDir::new().unwrap();
    let docs = docs(&tmp);
    let (_, documents) = index(&tmp, &docs, &[]);
    assert_eq!(documents, 1);
    let many = vec!["wagner"; 10_000].join(" OR ");
    let words = vec!["x"; 1025].join(" ");
    let deep = format!("{}mali{}", "(".repeat(1000), ")".repeat(1000));
    for (query, reason) in [
        (
            many.as_str(),
            "query refused: the query is 99996 bytes long; the limit is 4096 bytes",
        ),
        (
            words.as_str(),
            "query refused: the query has 1025 words and phrases; the limit is 1024",
        ),
        (deep.as_str(), "parentheses nested more than 32 deep"),
        ("m*", "query refused: `m*` would match too many words"),
        ("ab~1", "query refused: `ab~1` would match too many words"),
        ("mal~2", "needs at least 4 letters"),
    ] {
        sitrep_at(&tmp.path().join("idx"))
            .args(["search", query])
            .assert()
            .code(2)
            .stderr(predicates::str::contains(reason));
    }
    sitrep_at(&tmp.path().join("idx"))
        .args(["search", "wagn* lavrof~1"])
        .assert()
        .success();
}

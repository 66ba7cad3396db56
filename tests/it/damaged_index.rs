//! Index directories that are damaged or not ours: every command that opens
//! them fails with exit 2 and a message naming the directory and the fix,
//! and `--rebuild` recovers.

use crate::common;

use std::fs;
use std::path::{Path, PathBuf};

use common::*;
use predicates::prelude::*;
use tempfile::TempDir;

/// A folder of a few real articles and an index of it.
fn indexed(tmp: &TempDir) -> (PathBuf, PathBuf) {
    let docs = tmp.path().join("docs");
    fs::create_dir(&docs).unwrap();
    fs::copy(seed(), docs.join("seed.txt")).unwrap();
    let mut wikinews: Vec<PathBuf> = fs::read_dir(corpus().join("wikinews"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    wikinews.sort();
    for path in &wikinews[..20] {
        fs::copy(path, docs.join(path.file_name().unwrap())).unwrap();
    }
    let index = tmp.path().join("idx");
    index_quietly(&index, &docs);
    (docs, index)
}

/// `search`, `stats`, `facets` and `index` all refuse the index with a
/// message that names it and says `needle` and the fix.
fn refused_everywhere(index: &Path, docs: &Path, needle: &str) {
    let prefix = format!("index {}: ", index.display());
    for args in [
        vec!["search", "mali"],
        vec!["stats"],
        vec!["facets"],
        vec!["index", "--quiet", docs.to_str().unwrap()],
    ] {
        sitrep_at(index)
            .args(&args)
            .assert()
            .code(2)
            .stderr(predicate::str::contains(&prefix))
            .stderr(predicate::str::contains(needle))
            .stderr(predicate::str::contains("sitrep index --rebuild"))
            .stderr(predicate::str::contains("panicked").not());
    }
}

fn rebuild_recovers(index: &Path, docs: &Path) {
    sitrep_at(index)
        .args(["index", "--quiet", "--rebuild"])
        .arg(docs)
        .assert()
        .success();
    sitrep_at(index)
        .args(["search", "wagner"])
        .assert()
        .success()
        .stdout(predicate::str::contains("Mali approaches Russian security"));
}

fn truncate(path: &Path) {
    let bytes = fs::read(path).unwrap();
    fs::write(path, &bytes[..bytes.len() / 2]).unwrap();
}

#[test]
fn a_truncated_meta_json_is_reported_with_the_fix() {
    let tmp = TempDir::new().unwrap();
    let (docs, index) = indexed(&tmp);
    truncate(&index.join("meta.json"));
    refused_everywhere(&index, &docs, "damaged or incomplete");
    rebuild_recovers(&index, &docs);
}

#[test]
fn a_truncated_segment_file_of_any_kind_is_reported_with_the_fix() {
    for ext in ["store", "idx", "term", "pos", "fast", "fieldnorm"] {
        let tmp = TempDir::new().unwrap();
        let (docs, index) = indexed(&tmp);
        let victim = fs::read_dir(&index)
            .unwrap()
            .map(|e| e.unwrap().path())
            .find(|p| p.extension().is_some_and(|e| e == ext))
            .unwrap_or_else(|| panic!("no .{ext} file"));
        truncate(&victim);
        let name = victim.file_name().unwrap().to_string_lossy().to_string();
        refused_everywhere(&index, &docs, &name);
        rebuild_recovers(&index, &docs);
    }
}

#[test]
fn another_programs_tantivy_index_is_not_read_as_ours() {
    use tantivy::schema::{Schema, STORED, TEXT};
    let tmp = TempDir::new().unwrap();
    let (docs, _) = indexed(&tmp);
    let index = tmp.path().join("other");
    fs::create_dir(&index).unwrap();
    let mut schema = Schema::builder();
    let body = schema.add_text_field("text", TEXT | STORED);
    let other = tantivy::Index::create_in_dir(&index, schema.build()).unwrap();
    let mut writer: tantivy::IndexWriter = other.writer(15_000_000).unwrap();
    writer
        .add_document(tantivy::doc!(body => "Mali approaches Russian security"))
        .unwrap();
    writer.commit().unwrap();
    drop(writer);
    refused_everywhere(&index, &docs, "a tantivy index that sitrep did not build");
    rebuild_recovers(&index, &docs);
}

#[test]
fn an_index_of_a_newer_schema_version_is_refused() {
    let tmp = TempDir::new().unwrap();
    let (docs, index) = indexed(&tmp);
    let meta_path = index.join("meta.json");
    let mut meta: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(&meta_path).unwrap()).unwrap();
    let mut payload: serde_json::Value =
        serde_json::from_str(meta["payload"].as_str().unwrap()).unwrap();
    payload["sitrep_schema_version"] = 99.into();
    meta["payload"] = payload.to_string().into();
    fs::write(&meta_path, meta.to_string()).unwrap();
    refused_everywhere(
        &index,
        &docs,
        "schema version 99, this sitrep reads version",
    );
    sitrep_at(&index)
        .args(["stats"])
        .assert()
        .stderr(predicate::str::contains("built by a newer sitrep"));
    rebuild_recovers(&index, &docs);
}

#[test]
fn stray_files_in_an_index_are_ignored_and_a_folder_of_other_files_is_not_an_index() {
    let tmp = TempDir::new().unwrap();
    let (docs, index) = indexed(&tmp);
    fs::write(index.join("notes.txt"), "someone's notes").unwrap();
    fs::write(index.join("random.bin"), [0u8, 255, 7, 1, 2, 3]).unwrap();
    sitrep_at(&index)
        .args(["search", "wagner"])
        .assert()
        .success();
    index_quietly(&index, &docs);
    assert!(index.join("notes.txt").exists() && index.join("random.bin").exists());

    // A folder of documents given as --index by mistake.
    let folder = tmp.path().join("papers");
    fs::create_dir(&folder).unwrap();
    fs::write(folder.join("draft.txt"), "my draft").unwrap();
    sitrep_at(&folder)
        .args(["index"])
        .arg(&docs)
        .assert()
        .code(2)
        .stderr(predicate::str::contains(format!(
            "index {}: the folder holds other files (draft.txt) but no index",
            folder.display()
        )));
    sitrep_at(&folder)
        .current_dir(&tmp)
        .args(["search", "wagner"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("no index here yet"));
    assert_eq!(fs::read_dir(&folder).unwrap().count(), 1);
}

#[test]
fn a_segment_overwritten_in_the_middle_never_crashes_the_binary() {
    for ext in ["store", "idx", "term", "pos", "fast", "fieldnorm"] {
        let tmp = TempDir::new().unwrap();
        let (_, index) = indexed(&tmp);
        let victim = fs::read_dir(&index)
            .unwrap()
            .map(|e| e.unwrap().path())
            .find(|p| p.extension().is_some_and(|e| e == ext))
            .unwrap();
        let mut bytes = fs::read(&victim).unwrap();
        let n = bytes.len();
        for i in (n / 4..n * 3 / 4).step_by(7) {
            bytes[i] ^= 0x5a;
        }
        fs::write(&victim, bytes).unwrap();
        for args in [
            vec!["search", "mali OR wagner OR bomb", "--facets"],
            vec!["facets"],
            vec!["stats"],
        ] {
            let out = sitrep_at(&index).args(&args).output().unwrap();
            let stderr = String::from_utf8_lossy(&out.stderr);
            let code = out.status.code();
            assert!(
                matches!(code, Some(0..=2)) && !stderr.contains("panicked"),
                ".{ext} {args:?}: {code:?} {stderr}"
            );
            if code == Some(2) {
                assert!(
                    stderr.contains("sitrep index --rebuild"),
                    ".{ext}: {stderr}"
                );
            }
        }
    }
}

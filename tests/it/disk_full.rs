//! A disk that fills up under `sitrep index`, on a real filesystem that
//! fills: a size-limited tmpfs mounted for the test (`mount -t tmpfs -o
//! size=...`), no fault injection. Mounting needs root, as CI runs; elsewhere
//! the tests say they were skipped (or fail, with `SITREP_REQUIRE_TMPFS=1`).
//!
//! When the disk fills, while a batch is written or committed, the run exits
//! 2 with a message that says the disk is full and what the index holds; the
//! index keeps its last commit, made of whole batches; what the run wrote
//! since is removed, so the space is free again; and once there is room,
//! the next run ends with every file indexed.

use crate::common;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::tree::Tree;
use common::*;
use tempfile::TempDir;

/// A disk with room for every run here: tmpfs gives each file whole pages,
/// so an index of many small segments takes several times its bytes.
/// (tmpfs takes memory only for what it holds.)
const ROOMY_KIB: u64 = 64 * 1024;

/// A tmpfs mounted on a temporary folder, unmounted when dropped.
struct Tmpfs {
    dir: TempDir,
}

impl Tmpfs {
    /// Mounts a tmpfs of `kib` KiB, or says why it cannot and returns `None`.
    fn mount(kib: u64) -> Option<Tmpfs> {
        let dir = TempDir::new().unwrap();
        let out = Command::new("mount")
            .args(["-t", "tmpfs", "-o", &format!("size={kib}k"), "tmpfs"])
            .arg(dir.path())
            .output();
        match out {
            Ok(out) if out.status.success() => Some(Tmpfs { dir }),
            other => {
                let why = match other {
                    Ok(out) => String::from_utf8_lossy(&out.stderr).trim().to_string(),
                    Err(e) => e.to_string(),
                };
                assert!(
                    std::env::var_os("SITREP_REQUIRE_TMPFS").is_none(),
                    "SITREP_REQUIRE_TMPFS is set and a tmpfs cannot be mounted: {why}"
                );
                eprintln!("skipped: the disk-full tests mount a tmpfs, which needs root ({why})");
                None
            }
        }
    }

    fn path(&self) -> &Path {
        self.dir.path()
    }

    /// The KiB the filesystem holds (`df`), in whole pages.
    fn used_kib(&self) -> u64 {
        let out = Command::new("df")
            .args(["-k", "--output=used"])
            .arg(self.path())
            .output()
            .unwrap();
        let text = String::from_utf8_lossy(&out.stdout);
        text.lines()
            .nth(1)
            .and_then(|l| l.trim().parse().ok())
            .unwrap_or_else(|| panic!("df: {text}"))
    }

    /// Gives the filesystem `kib` KiB.
    fn resize(&self, kib: u64) {
        let status = Command::new("mount")
            .args(["-o", &format!("remount,size={kib}k")])
            .arg(self.path())
            .status()
            .unwrap();
        assert!(status.success(), "remount");
    }
}

impl Drop for Tmpfs {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg(self.dir.path()).status();
    }
}

fn documents(index: &Path, cwd: &Path) -> u64 {
    let out = run_in(index, cwd, &["stats", "--json"]);
    assert!(
        out.status.success(),
        "stats: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stats: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    stats["documents"].as_u64().unwrap()
}

/// The files of `index` that belong to no segment of its last commit:
/// segment files are named by segment id, which `meta.json` lists (with
/// hyphens).
fn uncommitted_files(index: &Path) -> Vec<String> {
    let meta = std::fs::read_to_string(index.join("meta.json"))
        .unwrap()
        .replace('-', "");
    std::fs::read_dir(index)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| {
            let id = name.split('.').next().unwrap_or_default();
            id.len() == 32 && !meta.contains(id)
        })
        .collect()
}

/// The tables of names a run writes once, before its first batch.
const TABLES: [&str; 2] = ["query-names.tsv", "filter-names.tsv"];

/// The bytes of the files in a folder but the tables of names.
fn folder_bytes(dir: &Path) -> u64 {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap())
        .filter(|e| !TABLES.iter().any(|t| e.file_name() == *t))
        .map(|e| e.metadata().unwrap().len())
        .sum()
}

/// The KiB the tables of names take on a tmpfs (whole pages).
fn table_kib(dir: &Path) -> u64 {
    TABLES
        .iter()
        .map(|t| std::fs::metadata(dir.join(t)).unwrap().len().div_ceil(4096) * 4)
        .sum()
}

/// Fills the disk while `args` run into `index` on `disk` and checks the
/// failure: exit 2, a message that names the full disk and the documents
/// kept, which are what `stats` then shows, whole batches of the walk, and
/// no file of the failed batch left behind. Returns the documents kept.
fn fails_with_a_full_disk(index: &Path, cwd: &Path, args: &[&str], commit_every: u64) -> u64 {
    let out = run_in(index, cwd, args);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("the disk is full (No space left on device")
            && stderr.contains("the index keeps its last commit (")
            && stderr.contains("free some space and run `sitrep index` again"),
        "{stderr}"
    );
    assert!(
        !stderr.contains("panicked") && !stderr.contains("rebuild"),
        "{stderr}"
    );
    let said: u64 = stderr
        .split("last commit (")
        .nth(1)
        .and_then(|rest| rest.split(' ').next())
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("no count of documents in: {stderr}"));
    assert_eq!(documents(index, cwd), said, "{stderr}");
    assert_eq!(
        said % commit_every,
        0,
        "{said} documents: not whole batches"
    );
    assert_eq!(uncommitted_files(index), Vec::<String>::new());
    said
}

/// A new index on a disk too small for it, at several sizes so that the
/// disk fills at different moments: in the first batch (no commit yet),
/// while a segment is written, while a commit is saved. Then the disk grows
/// and the next run finishes the work.
#[test]
fn a_full_disk_during_a_build_keeps_the_last_commit_and_the_next_run_converges() {
    let tmp = TempDir::new().unwrap();
    let tree = Tree::create(&tmp.path().join("docs"), 300, 0);
    let args = tree.index_args(30);
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    // The size the whole index takes, measured on an ordinary disk.
    let reference = tmp.path().join("reference");
    assert!(run_in(&reference, tmp.path(), &args).status.success());
    let full_kib = folder_bytes(&reference) / 1024;

    let mut kept = Vec::new();
    for percent in [10, 35, 60, 85] {
        let Some(disk) = Tmpfs::mount(table_kib(&reference) + full_kib * percent / 100) else {
            return;
        };
        let index: PathBuf = disk.path().join("idx");
        kept.push(fails_with_a_full_disk(&index, tmp.path(), &args, 30));
        disk.resize(ROOMY_KIB);
        let out = run_in(&index, tmp.path(), &args);
        assert!(
            out.status.success(),
            "after the disk grew: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert_eq!(documents(&index, tmp.path()), 300);
        assert_eq!(uncommitted_files(&index), Vec::<String>::new());
    }
    eprintln!("documents kept when the disk filled: {kept:?}");
    assert!(
        kept.iter().any(|&n| n > 0),
        "the disk never filled after a commit: {kept:?}"
    );
}

/// An index that fills the disk while it is updated: every file changes, so
/// the new segments are written while the old ones are still live, and the
/// commits write deletion bitsets for them. The index is built on a roomy
/// disk that then shrinks to what it uses plus half of what a build takes.
#[test]
fn a_full_disk_during_an_update_keeps_the_old_documents() {
    let tmp = TempDir::new().unwrap();
    let tree = Tree::create(&tmp.path().join("docs"), 300, 0);
    let args = tree.index_args(30);
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let reference = tmp.path().join("reference");
    assert!(run_in(&reference, tmp.path(), &args).status.success());
    let full_kib = folder_bytes(&reference) / 1024;

    let Some(disk) = Tmpfs::mount(ROOMY_KIB) else {
        return;
    };
    let index = disk.path().join("idx");
    assert!(run_in(&index, tmp.path(), &args).status.success());
    disk.resize(disk.used_kib() + full_kib / 2);
    tree.write(1);
    fails_with_a_full_disk(&index, tmp.path(), &args, 30);
    // Every file still has its one document, old or new.
    assert_eq!(documents(&index, tmp.path()), 300);
    disk.resize(ROOMY_KIB);
    let out = run_in(&index, tmp.path(), &args);
    assert!(
        out.status.success(),
        "after the disk grew: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let out = search_json_at(&index, &["v1", "-n", "0"]);
    assert_eq!(out["total"], 300);
}

/// A disk too small for even an empty index: `sitrep index` says so, and
/// once there is room the next run builds it.
#[test]
fn a_disk_too_full_to_create_the_index_says_so() {
    let tmp = TempDir::new().unwrap();
    let tree = Tree::create(&tmp.path().join("docs"), 30, 0);
    let args = tree.index_args(30);
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    // One page: tantivy's meta.json of an empty index and its list of
    // managed files take two.
    let Some(disk) = Tmpfs::mount(4) else {
        return;
    };
    let index = disk.path().join("idx");
    let out = run_in(&index, tmp.path(), &args);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("cannot create the index: the disk is full (No space left on device"),
        "{stderr}"
    );
    disk.resize(ROOMY_KIB);
    let out = run_in(&index, tmp.path(), &args);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(documents(&index, tmp.path()), 30);
}

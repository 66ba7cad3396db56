//! Measures a no-op re-index: `sitrep index` on a folder that is already
//! indexed and unchanged, which must cost well under a second of work per
//! 10,000 files. Also measures the case where every file was touched (new
//! mtime, same bytes), which reads and hashes each file but parses none.
//!
//! ```text
//! cargo run --release --example bench_reindex -- [FILES] [DIR]
//! ```
//!
//! Writes FILES (default 100,000) one-article plain-text files under DIR
//! (default `target/bench-reindex`; reused when it already holds them), each
//! one item of the bundled `corpus/current-events/*.jsonl` (real text,
//! reused in order), indexes them once, then times five no-op runs and two
//! touched runs of the library's `index_paths`, and prints the figures.

use std::fs;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use anyhow::{Context, Result};
use sitrep::enrich::Gazetteer;
use sitrep::index::{index_paths, IndexOptions, IndexReport, SitrepIndex};

const NO_OP_RUNS: usize = 5;
const TOUCHED_RUNS: usize = 2;

fn main() -> Result<()> {
    let mut args = std::env::args().skip(1);
    let files: usize = match args.next() {
        Some(n) => n.parse().context("FILES must be a number")?,
        None => 100_000,
    };
    let dir = PathBuf::from(args.next().unwrap_or_else(|| "target/bench-reindex".into()));
    let docs = dir.join("docs");
    write_tree(&docs, files)?;
    let index_dir = dir.join("index");
    if index_dir.exists() {
        fs::remove_dir_all(&index_dir)?;
    }
    let index = SitrepIndex::open_or_create(&index_dir)?;
    let gazetteer = Gazetteer::embedded()?;
    let options = IndexOptions {
        paths: vec![docs.clone()],
        ..IndexOptions::default()
    };
    let run = || -> Result<IndexReport> {
        Ok(index_paths(&index, &gazetteer, &options, &|w| {
            eprintln!("warning: {w}")
        })?)
    };
    let first = run()?;
    println!(
        "first build: {} articles from {} files in {:.2} s",
        first.articles,
        first.files,
        first.elapsed.as_secs_f64()
    );
    let no_op = time_runs(NO_OP_RUNS, || {
        let report = run()?;
        anyhow::ensure!(
            report.unchanged == files && report.files == 0,
            "not a no-op: {report:?}"
        );
        Ok(report.elapsed)
    })?;
    print_figure("no-op re-index", files, &no_op);
    let touched = time_runs(TOUCHED_RUNS, || {
        touch_all(&docs)?;
        let report = run()?;
        anyhow::ensure!(
            report.unchanged == files && report.files == 0,
            "touched files re-parsed: {report:?}"
        );
        Ok(report.elapsed)
    })?;
    print_figure("touched (hash, no parse)", files, &touched);
    Ok(())
}

fn time_runs(n: usize, mut once: impl FnMut() -> Result<Duration>) -> Result<Vec<Duration>> {
    let mut times = (0..n).map(|_| once()).collect::<Result<Vec<_>>>()?;
    times.sort();
    Ok(times)
}

fn print_figure(label: &str, files: usize, sorted: &[Duration]) {
    let median = sorted[sorted.len() / 2].as_secs_f64();
    println!(
        "{label}: median {median:.3} s over {} runs (min {:.3}, max {:.3}) = {:.3} s per 10,000 files",
        sorted.len(),
        sorted[0].as_secs_f64(),
        sorted[sorted.len() - 1].as_secs_f64(),
        median * 10_000.0 / files as f64
    );
}

/// Writes the tree unless it is already there with `files` files.
fn write_tree(docs: &Path, files: usize) -> Result<()> {
    let marker = docs.join(format!(".complete-{files}"));
    if marker.exists() {
        return Ok(());
    }
    if docs.exists() {
        fs::remove_dir_all(docs)?;
    }
    let items = corpus_items()?;
    for i in 0..files {
        let (date, title, body) = &items[i % items.len()];
        let path = docs
            .join(format!("{:03}", i / 1000))
            .join(format!("{i:06}.txt"));
        if i % 1000 == 0 {
            fs::create_dir_all(path.parent().expect("has a parent"))?;
        }
        fs::write(&path, format!(" date {date} {title}\n\n{body}\n"))?;
    }
    fs::write(marker, "")?;
    Ok(())
}

/// (date, title, body) of every item of the bundled current-events corpus.
fn corpus_items() -> Result<Vec<(String, String, String)>> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus/current-events");
    let mut files: Vec<PathBuf> = fs::read_dir(&dir)
        .with_context(|| format!("reading {}", dir.display()))?
        .map(|e| e.map(|e| e.path()))
        .collect::<Result<_, _>>()?;
    files.sort();
    let mut items = Vec::new();
    for file in files
        .iter()
        .filter(|f| f.extension().is_some_and(|e| e == "jsonl"))
    {
        for line in fs::read_to_string(file)?
            .lines()
            .filter(|l| !l.trim().is_empty())
        {
            let v: serde_json::Value = serde_json::from_str(line)?;
            let text = |k: &str| {
                v[k].as_str()
                    .unwrap_or_default()
                    .split_whitespace()
                    .collect::<Vec<_>>()
                    .join(" ")
            };
            let (date, title, body) = (text("date"), text("title"), text("body"));
            if date.len() >= 10 && !title.is_empty() && !body.is_empty() {
                items.push((date[..10].to_string(), title, body));
            }
        }
    }
    anyhow::ensure!(!items.is_empty(), "no items in {}", dir.display());
    Ok(items)
}

/// Gives every file a new modification time, keeping its bytes.
fn touch_all(docs: &Path) -> Result<()> {
    let now = SystemTime::now();
    for entry in walkdir::WalkDir::new(docs) {
        let entry = entry?;
        if entry.file_type().is_file() && !entry.file_name().to_string_lossy().starts_with('.') {
            fs::File::options()
                .write(true)
                .open(entry.path())?
                .set_modified(now)?;
        }
    }
    Ok(())
}

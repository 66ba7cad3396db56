//! What grouping reprints and stories costs a build (issue 20: at most +15%).
//!
//! ```text
//! cargo run --release --example bench_build -- CORPUS [--runs N] [--dir DIR]
//! ```
//!
//! Builds CORPUS (a folder of articles, e.g. `examples/gen_corpus.rs`'s) into a fresh index
//! under DIR (default a temporary folder) N times (default 2) with grouping and N times without
//! (`IndexOptions::grouping`: no fingerprint, no sketch, no grouping pass), alternating so that
//! both see the same load, and prints each build's wall and CPU time (all threads of this
//! process, from `/proc/self/stat`), the medians and their ratios.

use std::path::{Path, PathBuf};
use std::time::Instant;

use anyhow::{bail, Context, Result};
use sitrep::enrich::Gazetteer;
use sitrep::index::{index_paths, IndexOptions, SitrepIndex};

const USAGE: &str = "usage: bench_build CORPUS [--runs N] [--dir DIR]";

/// Clock ticks per second of `/proc/self/stat` (`USER_HZ`, 100 on Linux).
const TICKS_PER_SEC: f64 = 100.0;

/// User and system CPU seconds of this process so far, all threads.
fn cpu_seconds() -> Result<f64> {
    let stat = std::fs::read_to_string("/proc/self/stat").context("reading /proc/self/stat")?;
    // The command name (field 2) is in parentheses and may hold spaces.
    let after = stat
        .rsplit_once(')')
        .map(|(_, rest)| rest)
        .context("no `)` in /proc/self/stat")?;
    // Fields 14 and 15 (utime, stime); `after` starts at field 3.
    let fields: Vec<&str> = after.split_whitespace().collect();
    let ticks = |i: usize| -> Result<f64> {
        Ok(fields
            .get(i - 3)
            .context("short /proc/self/stat")?
            .parse::<f64>()?)
    };
    Ok((ticks(14)? + ticks(15)?) / TICKS_PER_SEC)
}

/// Builds `corpus` into a new index at `dir`; (wall, CPU) seconds and the articles indexed.
fn build(
    gazetteer: &Gazetteer,
    corpus: &Path,
    dir: &Path,
    grouping: bool,
) -> Result<(f64, f64, usize)> {
    if dir.exists() {
        std::fs::remove_dir_all(dir)?;
    }
    let index = SitrepIndex::open_or_create(dir)?;
    let options = IndexOptions {
        paths: vec![corpus.to_path_buf()],
        max_file_size: u64::MAX,
        grouping,
        ..IndexOptions::default()
    };
    let (cpu, started) = (cpu_seconds()?, Instant::now());
    let report = index_paths(&index, gazetteer, &options, &|w| eprintln!("warning: {w}"))?;
    let wall = started.elapsed().as_secs_f64();
    Ok((wall, cpu_seconds()? - cpu, report.articles))
}

fn median(mut values: Vec<f64>) -> f64 {
    values.sort_by(f64::total_cmp);
    values[values.len() / 2]
}

fn main() -> Result<()> {
    let mut args = std::env::args().skip(1);
    let (mut corpus, mut runs, mut dir) = (None, 2usize, None);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--runs" => runs = args.next().context("--runs needs a value")?.parse()?,
            "--dir" => dir = Some(PathBuf::from(args.next().context("--dir needs a value")?)),
            _ if corpus.is_none() => corpus = Some(PathBuf::from(arg)),
            _ => bail!(USAGE),
        }
    }
    let corpus = corpus.context(USAGE)?;
    let temp = tempfile::TempDir::new()?;
    let dir = dir.unwrap_or_else(|| temp.path().to_path_buf());
    let gazetteer = Gazetteer::embedded()?;
    // (wall, CPU) per build, without grouping then with.
    let mut times: [Vec<(f64, f64)>; 2] = [Vec::new(), Vec::new()];
    for run in 0..runs.max(1) {
        for grouping in [false, true] {
            let (wall, cpu, articles) = build(&gazetteer, &corpus, &dir.join("idx"), grouping)?;
            println!(
                "run {run}, grouping {grouping:<5}: {articles} articles, {wall:.2} s wall, {cpu:.2} s CPU"
            );
            times[usize::from(grouping)].push((wall, cpu));
        }
    }
    let medians = times.map(|t| {
        (
            median(t.iter().map(|x| x.0).collect()),
            median(t.iter().map(|x| x.1).collect()),
        )
    });
    let [(wall_off, cpu_off), (wall_on, cpu_on)] = medians;
    println!(
        "median without grouping {wall_off:.2} s wall, {cpu_off:.2} s CPU; with {wall_on:.2} s wall, {cpu_on:.2} s CPU: wall {:+.1}%, CPU {:+.1}%",
        (wall_on / wall_off - 1.0) * 100.0,
        (cpu_on / cpu_off - 1.0) * 100.0
    );
    Ok(())
}

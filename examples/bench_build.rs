//! What grouping reprints and stories costs a build (issue 20: at most +15%).
//!
//! ```text
//! cargo run --release --example bench_build -- CORPUS [--runs N] [--dir DIR] [--only with|without]
//! ```
//!
//! Builds CORPUS (a folder of articles, e.g. `examples/gen_corpus.rs`'s) into a fresh index
//! under DIR (default a temporary folder) N times (default 3) with grouping and N times without
//! (`IndexOptions::grouping`: no fingerprint, no sketch, no grouping pass), and prints each
//! build's wall and CPU time (all threads of this process, from `/proc/self/stat`) and the
//! segments it ends with, the medians and their ratios, and the median of the runs' own ratios.
//!
//! CPU time is the figure to read on a shared machine, and even it moves with the load (identical
//! builds differed by a quarter at load ~4): the two kinds alternate, in the order ABBA (without,
//! with, with, without, ...) so that a load that rises or falls through the runs weighs on both
//! alike, and the gazetteer's name automaton, which the first build would otherwise build inside
//! its timing, is built before the first.
//!
//! `--only with` or `--only without` builds one kind only, N times: for counting a kind's
//! instructions under `valgrind --tool=callgrind`, which does not depend on the load (with
//! `--runs 0` it builds nothing: the start-up's count, to subtract).

use std::path::{Path, PathBuf};
use std::time::Instant;

use anyhow::{bail, Context, Result};
use sitrep::enrich::Gazetteer;
use sitrep::index::{index_paths, IndexOptions, SitrepIndex};

const USAGE: &str = "usage: bench_build CORPUS [--runs N] [--dir DIR] [--only with|without]";

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

/// One build's figures.
struct Build {
    wall: f64,
    cpu: f64,
    articles: usize,
    segments: usize,
}

/// Builds `corpus` into a new index at `dir`.
fn build(gazetteer: &Gazetteer, corpus: &Path, dir: &Path, grouping: bool) -> Result<Build> {
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
    let cpu = cpu_seconds()? - cpu;
    // Segments left: a build that ends with more merges more (and the
    // merge policy's thresholds make that a step, not a slope).
    let segments = index.index.searchable_segment_ids()?.len();
    Ok(Build {
        wall,
        cpu,
        articles: report.articles,
        segments,
    })
}

/// Prints one build's figures.
fn print_build(run: usize, grouping: bool, b: &Build) {
    println!(
        "run {run}, grouping {grouping:<5}: {} articles, {:.2} s wall, {:.2} s CPU, {} segments",
        b.articles, b.wall, b.cpu, b.segments
    );
}

/// The median (of an even count, the mean of the middle two).
fn median(mut values: Vec<f64>) -> f64 {
    values.sort_by(f64::total_cmp);
    let n = values.len();
    if n.is_multiple_of(2) {
        (values[n / 2 - 1] + values[n / 2]) / 2.0
    } else {
        values[n / 2]
    }
}

fn main() -> Result<()> {
    let mut args = std::env::args().skip(1);
    let (mut corpus, mut runs, mut dir, mut only) = (None, 3usize, None, None);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--runs" => runs = args.next().context("--runs needs a value")?.parse()?,
            "--dir" => dir = Some(PathBuf::from(args.next().context("--dir needs a value")?)),
            "--only" => match args.next().as_deref() {
                Some("with") => only = Some(true),
                Some("without") => only = Some(false),
                _ => bail!(USAGE),
            },
            _ if corpus.is_none() => corpus = Some(PathBuf::from(arg)),
            _ => bail!(USAGE),
        }
    }
    let corpus = corpus.context(USAGE)?;
    let temp = tempfile::TempDir::new()?;
    let dir = dir.unwrap_or_else(|| temp.path().to_path_buf());
    let gazetteer = Gazetteer::embedded()?;
    gazetteer.matcher();
    if let Some(grouping) = only {
        for run in 0..runs {
            let b = build(&gazetteer, &corpus, &dir.join("idx"), grouping)?;
            print_build(run, grouping, &b);
        }
        return Ok(());
    }
    // (wall, CPU) per build, without grouping then with.
    let mut times: [Vec<(f64, f64)>; 2] = [Vec::new(), Vec::new()];
    for run in 0..runs.max(1) {
        let order = if run.is_multiple_of(2) {
            [false, true]
        } else {
            [true, false]
        };
        for grouping in order {
            let b = build(&gazetteer, &corpus, &dir.join("idx"), grouping)?;
            print_build(run, grouping, &b);
            times[usize::from(grouping)].push((b.wall, b.cpu));
        }
    }
    let ratios: Vec<f64> = times[0]
        .iter()
        .zip(&times[1])
        .map(|(off, on)| on.1 / off.1)
        .collect();
    let medians = times.map(|t| {
        (
            median(t.iter().map(|x| x.0).collect()),
            median(t.iter().map(|x| x.1).collect()),
        )
    });
    let [(wall_off, cpu_off), (wall_on, cpu_on)] = medians;
    println!(
        "median without grouping {wall_off:.2} s wall, {cpu_off:.2} s CPU; with {wall_on:.2} s wall, {cpu_on:.2} s CPU: wall {:+.1}%, CPU {:+.1}%; median of the runs' CPU ratios {:+.1}%",
        (wall_on / wall_off - 1.0) * 100.0,
        (cpu_on / cpu_off - 1.0) * 100.0,
        (median(ratios) - 1.0) * 100.0
    );
    Ok(())
}

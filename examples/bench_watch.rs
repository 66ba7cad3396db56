//! The cost of watches (issue 22): matching committed batches against 1,000
//! saved searches, per indexed document (goal: at most 1 ms), and one
//! `watch run` of the 1,000 watches over an index of 100,000 documents
//! (goal: under a second).
//!
//! ```text
//! cargo run --release --example gen_corpus -- 101000 /tmp/bench-watch/corpus --data ../shared/data
//! cargo run --release --example bench_watch -- /tmp/bench-watch/corpus [--watches 1000] [--dir /tmp/bench-watch] [--small 3] [--commit-every FILES]
//! ```
//!
//! CORPUS is a folder of `part-NNNN.jsonl` files from `gen_corpus` (5,000
//! articles each; 101,000 articles make 20 full parts and a last one of
//! 1,000). The watches are the queries of `benches/queries.txt` with their
//! filters, each also with added filters (a year, a region, an actor, an
//! event type, a least number killed), until `--watches` of them are saved
//! (a line whose dates clash with an added year is refused, as `watch add`
//! would, and the next one taken). Then:
//!
//! 1. the watches are saved on an empty index, and every part but the last
//!    is indexed as `sitrep index --watch` indexes it: in the indexer's own
//!    batches (64 MiB of input, about 15,000 of these articles, a commit
//!    each; `--commit-every` sets a number of files instead), and after each
//!    commit every watch is matched against it, with its query compiled once
//!    for the whole build (`WatchQueries`), then run as `watch run` runs it
//!    (text: the first 10 reports of each loaded; saved). The match time
//!    per indexed document of the whole build is the amortised figure;
//! 2. the last part is indexed in small commits of 100 documents (a cron
//!    run's worth; `--small` of them), then the rest in one commit (each
//!    written as `--dir/new-N.jsonl`); after each commit:
//! 3. matching, as `index --watch` does it after a commit (the queries
//!    kept since the build), and as the first commit of a process (every
//!    query compiled): every watch finds its new documents
//!    (`Watch::unreported`); its time over the documents the commit added
//!    is the match time per indexed document;
//! 4. `watch run`: every watch runs as `sitrep watch run` runs it (lock,
//!    view, compile, match, fold reprints, load the reports with their
//!    snippets), without printing: as a text run (the first 10 reports of
//!    each watch loaded; not saved), then with every report loaded (as
//!    `--json`) and saved, then again, finding nothing new.
//!
//! Times are wall clock and, in brackets, the CPU time of the bench's
//! thread (the steadier figure on a shared machine; the runs use one
//! thread). The index and its watches stay in `--dir/index`, to time the
//! command itself. The watches as they were before each commit's runs are
//! kept as `--dir/new-N.watches.json`: copied over
//! `--dir/index/watches.json`, they make the commit new again (`cp
//! /tmp/bench-watch/new-4.watches.json /tmp/bench-watch/index/watches.json
//! && time sitrep --index /tmp/bench-watch/index watch run > /dev/null`).
//! `rm -r /tmp/bench-watch` removes them and the corpus.

#[path = "common/filters.rs"]
mod filters;

use std::fs;
use std::path::PathBuf;
use std::time::Instant;

use anyhow::{bail, Context, Result};
use sitrep::enrich::Gazetteer;
use sitrep::index::{index_paths, index_paths_with, IndexOptions, SitrepIndex};
use sitrep::query::FilterSpec;
use sitrep::watch::{add_watch, View, WatchQueries, WatchRun, WatchStore};

struct Args {
    corpus: PathBuf,
    watches: usize,
    dir: PathBuf,
    small: usize,
    commit_every: Option<usize>,
}

fn parse_args() -> Result<Args> {
    let mut args = std::env::args().skip(1);
    let mut parsed = Args {
        corpus: PathBuf::new(),
        watches: 1000,
        dir: PathBuf::from("/tmp/bench-watch"),
        small: 3,
        commit_every: None,
    };
    while let Some(arg) = args.next() {
        let mut value = || args.next().with_context(|| format!("{arg} needs a value"));
        match arg.as_str() {
            "--watches" => parsed.watches = value()?.parse().context("--watches")?,
            "--dir" => parsed.dir = PathBuf::from(value()?),
            "--small" => parsed.small = value()?.parse().context("--small")?,
            "--commit-every" => {
                parsed.commit_every = Some(value()?.parse().context("--commit-every")?)
            }
            _ if parsed.corpus.as_os_str().is_empty() => parsed.corpus = PathBuf::from(&arg),
            _ => bail!("unexpected argument `{arg}`"),
        }
    }
    if parsed.corpus.as_os_str().is_empty() {
        bail!("usage: bench_watch CORPUS [--watches 1000] [--dir /tmp/bench-watch] [--small 3] [--commit-every FILES]");
    }
    Ok(parsed)
}

/// The filters added to the queries of `benches/queries.txt`, one set per
/// round, so the watches differ in shape as saved searches do.
const VARIANTS: &[&[&str]] = &[
    &[],
    &["--from", "2015"],
    &["--region", "africa"],
    &["--actor", "united nations"],
    &["--event", "battle"],
    &["--region", "western asia", "--from", "2010", "--to", "2020"],
    &["--killed-min", "5"],
    &["--actor", "armed group", "--region", "nigeria"],
];

/// Candidate watches, `(query, filters)`: every line of
/// `benches/queries.txt` with each set of [`VARIANTS`] in turn.
fn watch_specs() -> Result<Vec<(String, FilterSpec)>> {
    let text = fs::read_to_string("benches/queries.txt").context("benches/queries.txt")?;
    let lines: Vec<(String, Vec<String>)> = text
        .lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .map(|line| {
            let (query, filters) = line.split_once('\t').unwrap_or((line, ""));
            let words = shlex::split(filters).with_context(|| format!("filters of `{line}`"))?;
            Ok((query.trim().to_string(), words))
        })
        .collect::<Result<_>>()?;
    let mut specs = Vec::new();
    for variant in VARIANTS.iter().cycle().take(VARIANTS.len() * 4) {
        for (query, filters) in &lines {
            let mut words = filters.clone();
            words.extend(variant.iter().map(|w| w.to_string()));
            specs.push((query.clone(), filters::filter_spec(&words)?));
        }
    }
    Ok(specs)
}

fn main() -> Result<()> {
    let args = parse_args()?;
    let mut parts: Vec<PathBuf> = fs::read_dir(&args.corpus)
        .with_context(|| args.corpus.display().to_string())?
        .map(|e| Ok(e?.path()))
        .collect::<Result<Vec<_>>>()?
        .into_iter()
        .filter(|p| p.extension().is_some_and(|e| e == "jsonl"))
        .collect();
    parts.sort();
    let Some(last) = parts.pop().filter(|_| !parts.is_empty()) else {
        bail!("{} needs two .jsonl files at least", args.corpus.display());
    };
    let index_dir = args.dir.join("index");
    if index_dir.exists() {
        fs::remove_dir_all(&index_dir)?;
    }
    let index = SitrepIndex::open_or_create(&index_dir)?;
    let gazetteer = Gazetteer::embedded()?;

    // 1. The watches, on the empty index: everything indexed is new to them.
    let store = WatchStore::for_index(&index_dir);
    let (mut saved, mut refused) = (0, 0);
    for (query, filters) in watch_specs()? {
        if saved == args.watches {
            break;
        }
        let name = format!("w{saved:04}");
        match add_watch(&store, &index, &name, &query, filters, &gazetteer) {
            Ok(_) => saved += 1,
            Err(_) => refused += 1,
        }
    }
    if saved < args.watches {
        bail!("only {saved} watches could be saved");
    }
    println!("{saved} watches saved ({refused} candidates refused: dates that clash)");

    // The build, as `sitrep index --watch`.
    let mut queries = WatchQueries::new();
    let mut build = Totals::default();
    let begun = Clock::start();
    let built = index_paths_with(
        &index,
        &gazetteer,
        &IndexOptions {
            paths: parts,
            commit_every: args.commit_every,
            group_each_commit: true,
            ..IndexOptions::default()
        },
        &|w| eprintln!("warning: {w}"),
        &mut |_commit| -> Result<()> {
            let view = View::open(&index)?;
            let docs = view.searcher.num_docs();
            let new_docs = docs - build.docs;
            build.docs = docs;
            let (matching, matches) = match_all(&store, &index, &view, &gazetteer, &mut queries)?;
            let run = Clock::start();
            let (reports, _) = run_all(&store, &index, &gazetteer, &mut queries, Some(10), true)?;
            let run = run.stop();
            println!(
                "  commit of {new_docs} documents (index of {docs}): matching {matching}, {matches} matches: {}; watch run (text, saved) {run}, {reports} reports",
                matching.per(new_docs)
            );
            build.matching.add(&matching);
            build.run.add(&run);
            Ok(())
        },
    )?;
    let begun = begun.stop();
    println!(
        "indexed {} documents with --watch in {begun}: matching {} watches after each commit {} in all, {} (goal: at most 1 ms); the watch runs {} in all, {}",
        built.articles,
        saved,
        build.matching,
        build.matching.per(built.articles as u64),
        build.run,
        build.run.per(built.articles as u64),
    );

    // 2-4. The last part in small commits (a cron run's worth each), then
    // the rest.
    let text = fs::read_to_string(&last)?;
    let lines: Vec<&str> = text.lines().collect();
    let mut batches: Vec<&[&str]> = lines.chunks(SMALL_COMMIT).take(args.small).collect();
    let small: usize = batches.iter().map(|b| b.len()).sum();
    if small < lines.len() {
        batches.push(&lines[small..]);
    }
    for (i, batch) in batches.into_iter().enumerate() {
        let file = args.dir.join(format!("new-{}.jsonl", i + 1));
        fs::write(&file, batch.join("\n") + "\n")?;
        new_commit(&index, &gazetteer, &store, &file, &mut queries)?;
    }
    Ok(())
}

/// Documents in each small commit after the build.
const SMALL_COMMIT: usize = 100;

/// A wall-clock and thread CPU-time stopwatch.
struct Clock {
    wall: Instant,
    cpu: Option<u64>,
}

impl Clock {
    fn start() -> Self {
        Clock {
            wall: Instant::now(),
            cpu: thread_cpu_ns(),
        }
    }

    fn stop(self) -> Took {
        Took {
            wall: self.wall.elapsed().as_secs_f64(),
            cpu: self
                .cpu
                .zip(thread_cpu_ns())
                .map(|(a, b)| (b - a) as f64 / 1e9),
        }
    }
}

/// The CPU time of this thread, in nanoseconds (Linux; `None` elsewhere).
fn thread_cpu_ns() -> Option<u64> {
    let text = fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    text.split_whitespace().next()?.parse().ok()
}

/// Seconds of wall clock and of CPU.
#[derive(Default, Clone, Copy)]
struct Took {
    wall: f64,
    cpu: Option<f64>,
}

impl Took {
    fn add(&mut self, other: &Took) {
        self.wall += other.wall;
        self.cpu = match (self.cpu, other.cpu) {
            (Some(a), Some(b)) => Some(a + b),
            (a, b) => a.or(b),
        };
    }

    /// Per document, in milliseconds.
    fn per(&self, docs: u64) -> String {
        let ms = |s: f64| s * 1e3 / docs.max(1) as f64;
        match self.cpu {
            Some(cpu) => format!(
                "{:.3} ms per document ({:.3} ms CPU)",
                ms(self.wall),
                ms(cpu)
            ),
            None => format!("{:.3} ms per document", ms(self.wall)),
        }
    }
}

impl std::fmt::Display for Took {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:.3} s", self.wall)?;
        if let Some(cpu) = self.cpu {
            write!(f, " ({cpu:.3} s CPU)")?;
        }
        Ok(())
    }
}

/// What the commits of the build took.
#[derive(Default)]
struct Totals {
    docs: u64,
    matching: Took,
    run: Took,
}

/// Every watch matched against what `view` holds that it has not seen,
/// with the queries kept in `queries` (the watches' state is not saved).
fn match_all(
    store: &WatchStore,
    index: &SitrepIndex,
    view: &View,
    gazetteer: &Gazetteer,
    queries: &mut WatchQueries,
) -> Result<(Took, usize)> {
    let mut watches = store.read()?.watches;
    let clock = Clock::start();
    let mut matches = 0;
    for watch in &mut watches {
        matches += watch.unreported(index, view, gazetteer, queries)?.1.len();
    }
    Ok((clock.stop(), matches))
}

/// Indexes `file` as one commit, then times the matching of every watch
/// against it (with the queries `queries` kept, then as the first commit
/// of a process), one `watch run` of every watch, and a second run.
fn new_commit(
    index: &SitrepIndex,
    gazetteer: &Gazetteer,
    store: &WatchStore,
    file: &std::path::Path,
    queries: &mut WatchQueries,
) -> Result<()> {
    let before = View::open(index)?.searcher.num_docs();
    index_paths(
        index,
        gazetteer,
        &IndexOptions {
            paths: vec![file.to_path_buf()],
            ..IndexOptions::default()
        },
        &|w| eprintln!("warning: {w}"),
    )?;
    let view = View::open(index)?;
    let (docs, new_docs) = (view.searcher.num_docs(), view.searcher.num_docs() - before);
    // The watches before they report the commit, to time the command on
    // it again: copy this file over the index's watches.json.
    fs::copy(store.path(), file.with_extension("watches.json"))?;

    let saved = store.read()?.watches.len();
    println!("a commit of {new_docs} new documents (index of {docs}), {saved} watches:");
    let (kept, matches) = match_all(store, index, &view, gazetteer, queries)?;
    println!(
        "  matching, queries kept from the earlier commits (index --watch): {kept}, {matches} matches: {} (goal: at most 1 ms)",
        kept.per(new_docs)
    );
    let (fresh, _) = match_all(store, index, &view, gazetteer, &mut WatchQueries::new())?;
    println!(
        "  matching, every query compiled (the first commit of a process): {fresh}: {}",
        fresh.per(new_docs)
    );

    // watch run: as text (the first 10 reports of each watch printed, the
    // run not saved), then with every report (as --json), then again.
    let clock = Clock::start();
    let (total, printed) = run_all(
        store,
        index,
        gazetteer,
        &mut WatchQueries::new(),
        Some(10),
        false,
    )?;
    println!(
        "  watch run, as text: {}, {total} reports ({printed} printed with their snippets; goal: under 1 s)",
        clock.stop()
    );
    for what in ["every report", "again, nothing new"] {
        let clock = Clock::start();
        let (total, _) = run_all(
            store,
            index,
            gazetteer,
            &mut WatchQueries::new(),
            None,
            true,
        )?;
        println!(
            "  watch run, {what}: {}, {total} reports with their snippets (goal: under 1 s)",
            clock.stop()
        );
    }
    Ok(())
}

/// One `watch run` of every watch, as `sitrep watch run` does it without
/// printing, with the queries `queries` kept, loading at most `shown`
/// reports per watch (`None`: all, as `--json`); saved only if `save`.
/// Returns the reports and those loaded.
fn run_all(
    store: &WatchStore,
    index: &SitrepIndex,
    gazetteer: &Gazetteer,
    queries: &mut WatchQueries,
    shown: Option<usize>,
    save: bool,
) -> Result<(usize, usize)> {
    let mut locked = store.lock()?;
    let view = View::open(index)?;
    let mut run = WatchRun::new(index, &view, queries, shown)?;
    let (mut total, mut loaded) = (0, 0);
    for watch in &mut locked.watches.watches {
        let report = run.run(watch, gazetteer)?;
        total += report.total;
        loaded += report.hits.len();
    }
    if save {
        locked.save()?;
    }
    Ok((total, loaded))
}

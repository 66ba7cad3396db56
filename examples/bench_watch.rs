//! The cost of watches (issue 22): matching a committed batch against 1,000
//! saved searches, per indexed document (goal: at most 1 ms), and one
//! `watch run` of the 1,000 watches over an index of 100,000 documents
//! (goal: under a second).
//!
//! ```text
//! cargo run --release --example gen_corpus -- 101000 target/bench-watch/corpus
//! cargo run --release --example bench_watch -- target/bench-watch/corpus [--watches 1000] [--dir target/bench-watch]
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
//! 1. every part but the last is indexed (no watches yet), and the watches
//!    are saved: they start from that index;
//! 2. the last part is indexed in two commits, its first 100 documents (a
//!    cron run's worth) and the rest (written as `--dir/new-N.jsonl`);
//!    after each commit:
//! 3. matching: every watch finds its new documents (`Watch::unreported`,
//!    the query run over the new commit only); its time over the documents
//!    the commit added is the match time per indexed document;
//! 4. `watch run`: every watch runs as `sitrep watch run` runs it (lock,
//!    view, match, fold reprints, load the reports with their snippets),
//!    without printing: as a text run (the first 10 reports of each watch
//!    loaded; not saved), then with every report loaded (as `--json`) and
//!    saved, then again, finding nothing new.
//!
//! The index and its watches stay in `--dir/index`, to time the command
//! itself after indexing something new (`sitrep --index
//! target/bench-watch/index index corpus/wikinews && time sitrep --index
//! target/bench-watch/index watch run --json > /dev/null`). The watches as
//! they were before each commit's runs are kept as `--dir/new-N.watches.json`:
//! copied over `--dir/index/watches.json`, they make the commit new again, to
//! time the command on it (`cp target/bench-watch/new-2.watches.json
//! target/bench-watch/index/watches.json && time sitrep --index
//! target/bench-watch/index watch run > /dev/null`). `rm -r
//! target/bench-watch` removes them and the corpus.

use std::fs;
use std::path::PathBuf;
use std::time::Instant;

use anyhow::{bail, Context, Result};
use sitrep::enrich::Gazetteer;
use sitrep::index::{index_paths, IndexOptions, SitrepIndex};
use sitrep::query::FilterSpec;
use sitrep::watch::{add_watch, View, WatchRun, WatchStore};

struct Args {
    corpus: PathBuf,
    watches: usize,
    dir: PathBuf,
}

fn parse_args() -> Result<Args> {
    let mut args = std::env::args().skip(1);
    let mut parsed = Args {
        corpus: PathBuf::new(),
        watches: 1000,
        dir: PathBuf::from("target/bench-watch"),
    };
    while let Some(arg) = args.next() {
        let mut value = || args.next().with_context(|| format!("{arg} needs a value"));
        match arg.as_str() {
            "--watches" => parsed.watches = value()?.parse().context("--watches")?,
            "--dir" => parsed.dir = PathBuf::from(value()?),
            _ if parsed.corpus.as_os_str().is_empty() => parsed.corpus = PathBuf::from(&arg),
            _ => bail!("unexpected argument `{arg}`"),
        }
    }
    if parsed.corpus.as_os_str().is_empty() {
        bail!("usage: bench_watch CORPUS [--watches 1000] [--dir target/bench-watch]");
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
            specs.push((query.clone(), filter_spec(&words)?));
        }
    }
    Ok(specs)
}

/// `--from 2015 --region africa` as a [`FilterSpec`] (later dates replace
/// earlier ones, names add up, as on a `--queries` line).
fn filter_spec(words: &[String]) -> Result<FilterSpec> {
    let mut spec = FilterSpec::default();
    for pair in words.chunks(2) {
        let [flag, value] = pair else {
            bail!("a flag without a value in {words:?}");
        };
        let value = value.clone();
        match flag.as_str() {
            "--from" => spec.from = Some(value),
            "--to" => spec.to = Some(value),
            "--region" => spec.regions.push(value),
            "--actor" => spec.actors.push(value),
            "--event" => spec.events.push(value),
            "--violence" => spec.violence.push(value),
            "--killed-min" => spec.killed_min = Some(value.parse()?),
            _ => bail!("unknown filter {flag}"),
        }
    }
    Ok(spec)
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

    // 1. The index, then the watches.
    let begun = Instant::now();
    let built = index_paths(
        &index,
        &gazetteer,
        &IndexOptions {
            paths: parts,
            ..IndexOptions::default()
        },
        &|w| eprintln!("warning: {w}"),
    )?;
    println!(
        "indexed {} documents in {:.1} s",
        built.articles,
        begun.elapsed().as_secs_f64()
    );
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

    // 2-4. The last part in two commits: its first 100 documents (a cron
    // run's worth), then the rest.
    let text = fs::read_to_string(&last)?;
    let lines: Vec<&str> = text.lines().collect();
    let (small, rest) = lines.split_at(SMALL_COMMIT.min(lines.len()));
    for (i, batch) in [small, rest].into_iter().enumerate() {
        let file = args.dir.join(format!("new-{}.jsonl", i + 1));
        fs::write(&file, batch.join("\n") + "\n")?;
        new_commit(&index, &gazetteer, &store, &file, saved)?;
    }
    Ok(())
}

/// Documents in the first commit after the watches are saved.
const SMALL_COMMIT: usize = 100;

/// Indexes `file` as one commit, then times the matching of every watch
/// against it, one `watch run` of every watch, and a second run.
fn new_commit(
    index: &SitrepIndex,
    gazetteer: &Gazetteer,
    store: &WatchStore,
    file: &std::path::Path,
    saved: usize,
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

    // Matching.
    let mut watches = store.read()?.watches;
    let begun = Instant::now();
    let mut matches = 0;
    for watch in &mut watches {
        matches += watch.unreported(index, &view, gazetteer)?.1.len();
    }
    let matching = begun.elapsed();
    println!(
        "a commit of {new_docs} new documents (index of {docs}): matching {saved} watches: {:.3} s, {matches} matches",
        matching.as_secs_f64()
    );
    println!(
        "  match time per indexed document: {:.3} ms (goal: at most 1 ms)",
        matching.as_secs_f64() * 1e3 / new_docs.max(1) as f64
    );

    // watch run: as text (the first 10 reports of each watch printed, the
    // run not saved), then with every report (as --json), then again.
    let begun = Instant::now();
    let (total, printed) = run_all(store, index, gazetteer, Some(10), false)?;
    println!(
        "  watch run of {saved} watches, over the new commit, as text: {:.3} s, {total} reports ({printed} printed with their snippets; goal: under 1 s)",
        begun.elapsed().as_secs_f64()
    );
    for what in ["over the new commit, every report", "again, nothing new"] {
        let begun = Instant::now();
        let (total, _) = run_all(store, index, gazetteer, None, true)?;
        println!(
            "  watch run of {saved} watches, {what}: {:.3} s, {total} reports with their snippets (goal: under 1 s)",
            begun.elapsed().as_secs_f64()
        );
    }
    Ok(())
}

/// One `watch run` of every watch, as `sitrep watch run` does it without
/// printing, loading at most `shown` reports per watch (`None`: all, as
/// `--json`); saved only if `save`. Returns the reports and those loaded.
fn run_all(
    store: &WatchStore,
    index: &SitrepIndex,
    gazetteer: &Gazetteer,
    shown: Option<usize>,
    save: bool,
) -> Result<(usize, usize)> {
    let mut locked = store.lock()?;
    let view = View::open(index)?;
    let mut run = WatchRun::new(index, &view, shown)?;
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

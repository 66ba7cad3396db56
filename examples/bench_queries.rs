//! Query latency per query class, in-process and warm, with percentiles: issue 4's query targets.
//!
//! ```text
//! cargo run --release --example bench_queries -- INDEX [--queries benches/queries.txt] [--runs 5] [--mode ids] [--per-query] [--collapse stories]
//! ```
//!
//! Opens the index once and runs every query of the file (format in `benches/queries.txt`: a
//! query, optionally a TAB and `--from/--to/--region/--actor/--event/--violence/--killed-min`
//! filters) in five modes, seven with `--collapse`:
//!
//! * `ids`: the top 10 document addresses by BM25, nothing else (tantivy can skip blocks that
//!   cannot reach the top 10);
//! * `ids+count`: the same plus the exact number of hits, which visits every match (what
//!   `sitrep search` prints in its header, and what tantivy-cli's `bench` measures);
//! * `snippets`: `sitrep search`'s whole answer: count, top 10 with stored fields and snippets;
//! * `snippets+facets`: that plus the region, actor and date facet trees (the `serve` page);
//! * `facets`: the facet trees of the page alone (every tree, the killed per month and in all);
//! * `collapsed` and `collapsed+facets`, with `--collapse copies|stories` only: `snippets` and
//!   `snippets+facets` with one hit per group (`sitrep search --collapse`), timed in the same run
//!   as the uncollapsed modes so that their ratio is not skewed by the machine's load.
//!
//! Besides the file's queries, class `browse` times the empty query without filters, which is
//! what the web page's first load and `sitrep facets` / `stats` without arguments count; it is
//! not part of class `all`, so that `all` stays the file's queries.
//!
//! Each query runs once to warm up, then `--runs` times per mode; the percentiles are over every
//! timed run of the queries of a class. Nothing is printed while timing, so output does not count;
//! `--per-query` adds each query's medians at the end, slowest first; `--mode MODE` times one mode
//! alone (to profile it: `perf record target/release/examples/bench_queries INDEX --mode ids`);
//! `--no-entities` leaves out the facet clauses of the regions and actors a query names (what
//! they cost; see `query::compile`).

#[path = "common/filters.rs"]
mod filters;

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::time::Instant;

use anyhow::{bail, Context, Result};
use sitrep::enrich::Gazetteer;
use sitrep::facets::FacetTrees;
use sitrep::groups::Collapse;
use sitrep::index::SitrepIndex;
use sitrep::query::{compile_query, Filters, TopScores};
use sitrep::search::{count_and_top, search_with, searcher, SearchRequest};

const MODES: [&str; 7] = [
    "ids",
    "ids+count",
    "snippets",
    "snippets+facets",
    "facets",
    "collapsed",
    "collapsed+facets",
];

/// The modes that need `--collapse`.
const COLLAPSED_MODES: std::ops::Range<usize> = 5..7;

/// The class of the empty query without filters, added to the file's.
const BROWSE: &str = "browse";

struct Args {
    index: PathBuf,
    queries: PathBuf,
    runs: usize,
    /// Also print each query's median per mode, slowest first.
    per_query: bool,
    /// Only this mode (an index into MODES), e.g. to profile it alone.
    only: Option<usize>,
    /// Without the facet clauses of the regions and actors a query names:
    /// what they cost.
    no_entities: bool,
    /// Also time the answers collapsed by this grouping.
    collapse: Option<Collapse>,
}

const USAGE: &str = "usage: bench_queries INDEX [--queries FILE] [--runs N] [--mode MODE] [--per-query] [--no-entities] [--collapse copies|stories]";

fn parse_args() -> Result<Args> {
    let mut args = std::env::args().skip(1);
    let mut parsed = Args {
        index: PathBuf::new(),
        queries: PathBuf::from("benches/queries.txt"),
        runs: 5,
        per_query: false,
        only: None,
        no_entities: false,
        collapse: None,
    };
    while let Some(arg) = args.next() {
        let mut value = || args.next().with_context(|| format!("{arg} needs a value"));
        match arg.as_str() {
            "--queries" => parsed.queries = PathBuf::from(value()?),
            "--runs" => parsed.runs = value()?.parse().context("--runs")?,
            "--per-query" => parsed.per_query = true,
            "--no-entities" => parsed.no_entities = true,
            "--collapse" => {
                let name = value()?;
                let kind = Collapse::ALL.into_iter().find(|k| k.name() == name);
                parsed.collapse = Some(kind.context("--collapse: copies or stories")?);
            }
            "--mode" => {
                let name = value()?;
                let mode = MODES.iter().position(|m| *m == name);
                parsed.only = Some(mode.with_context(|| format!("--mode: one of {MODES:?}"))?);
            }
            _ if parsed.index.as_os_str().is_empty() => parsed.index = PathBuf::from(&arg),
            _ => bail!(USAGE),
        }
    }
    if parsed.index.as_os_str().is_empty() {
        bail!(USAGE);
    }
    Ok(parsed)
}

/// A query line's filters: `--from D --to D --region NAME --actor NAME --event NAME --violence
/// TYPE --killed-min N`, shell-quoted, resolved as `sitrep search` resolves them.
fn line_filters(gazetteer: &Gazetteer, extra: &str) -> Result<Filters> {
    let words = shlex::split(extra).context("unbalanced quotes")?;
    Ok(filters::filter_spec(&words)?.resolve(|| Ok(gazetteer))?)
}

/// `(class, query, filters)` for every query line, classes from `# class: NAME` headers.
fn read_queries(args: &Args, gazetteer: &Gazetteer) -> Result<Vec<(String, String, Filters)>> {
    let text = std::fs::read_to_string(&args.queries)
        .with_context(|| format!("reading {}", args.queries.display()))?;
    let mut class = String::from("unclassed");
    let mut out = vec![(BROWSE.to_string(), String::new(), Filters::default())];
    for (i, line) in text.lines().enumerate() {
        if let Some(header) = line.strip_prefix("# class:") {
            // `# class: filter-only (empty query ...)`: the name is the first word.
            class = header.split_whitespace().next().unwrap_or("").to_string();
        }
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        let (query, extra) = line.split_once('\t').unwrap_or((line, ""));
        let filters = line_filters(gazetteer, extra)
            .with_context(|| format!("{}:{}", args.queries.display(), i + 1))?;
        out.push((class.clone(), query.to_string(), filters));
    }
    Ok(out)
}

fn percentile(sorted: &[f64], p: f64) -> f64 {
    sorted[((sorted.len() as f64 * p) as usize).min(sorted.len() - 1)]
}

fn main() -> Result<()> {
    let args = parse_args()?;
    let gazetteer = Gazetteer::embedded()?;
    let mut index = SitrepIndex::open(&args.index)?;
    if args.no_entities {
        index.without_query_names();
    } else if index.lacks_query_names() {
        eprintln!(
            "warning: {} has no table of query names (run `sitrep index` on it): timing without the facet clauses",
            args.index.display()
        );
    }
    let searcher = searcher(&index)?;
    let queries = read_queries(&args, &gazetteer)?;
    // (mode, class) -> milliseconds of every timed run; class "all" holds every query.
    let mut times: BTreeMap<(usize, String), Vec<f64>> = BTreeMap::new();
    // (class, query, filters) -> median milliseconds per mode.
    let mut medians: Vec<(String, [f64; MODES.len()])> = Vec::new();
    for (class, query, filters) in &queries {
        let compiled = compile_query(&index, &searcher, query, filters)?;
        let request = |with_facets, collapse| SearchRequest {
            query: query.clone(),
            filters: filters.clone(),
            limit: 10,
            with_facets,
            collapse,
            ..Default::default()
        };
        let (plain, faceted) = (request(false, None), request(true, None));
        let collapsed = request(false, args.collapse);
        let collapsed_faceted = request(true, args.collapse);
        let run = |mode: usize| -> Result<()> {
            match mode {
                0 => drop(searcher.search(compiled.query.as_ref(), &TopScores::new(10, 0))?),
                1 => drop(count_and_top(&searcher, compiled.query.as_ref(), 10, 0)?),
                2 => drop(search_with(&index, &searcher, &plain)?),
                3 => drop(search_with(&index, &searcher, &faceted)?),
                4 => drop(FacetTrees::count(&index, &searcher, &compiled, None)?),
                5 => drop(search_with(&index, &searcher, &collapsed)?),
                _ => drop(search_with(&index, &searcher, &collapsed_faceted)?),
            }
            Ok(())
        };
        let mut median = [0.0; MODES.len()];
        for (mode, median) in median.iter_mut().enumerate() {
            let collapsing = COLLAPSED_MODES.contains(&mode);
            if args.only.is_some_and(|only| only != mode) || (collapsing && args.collapse.is_none())
            {
                continue;
            }
            run(mode)?;
            let mut own = Vec::with_capacity(args.runs);
            for _ in 0..args.runs {
                let started = Instant::now();
                run(mode)?;
                let ms = started.elapsed().as_secs_f64() * 1e3;
                own.push(ms);
                for c in [class.as_str(), "all"] {
                    if c != "all" || class != BROWSE {
                        times.entry((mode, c.to_string())).or_default().push(ms);
                    }
                }
            }
            own.sort_by(f64::total_cmp);
            *median = percentile(&own, 0.5);
        }
        medians.push((format!("{class:<18} {query} {filters:?}"), median));
    }
    println!(
        "{} queries (and the empty one) x {} runs on {} documents ({}), milliseconds",
        queries.len() - 1,
        args.runs,
        searcher.num_docs(),
        args.index.display()
    );
    println!(
        "{:<18} {:<16} {:>8} {:>8} {:>8}",
        "class", "mode", "p50", "p99", "max"
    );
    for ((mode, class), mut ms) in times {
        ms.sort_by(f64::total_cmp);
        println!(
            "{:<18} {:<16} {:>8.3} {:>8.3} {:>8.3}",
            class,
            MODES[mode],
            percentile(&ms, 0.5),
            percentile(&ms, 0.99),
            ms[ms.len() - 1]
        );
    }
    if args.per_query {
        medians.sort_by(|a, b| b.1[0].total_cmp(&a.1[0]));
        println!(
            "\nper query, median ms ({}), slowest top-10 ids first",
            MODES.join(" / ")
        );
        for (query, ms) in medians {
            let ms: Vec<String> = ms.iter().map(|m| format!("{m:8.3}")).collect();
            println!("{} {query}", ms.join(" "));
        }
    }
    Ok(())
}

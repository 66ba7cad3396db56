//! `sitrep search`: one query, or every line of a file (batch mode).

use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use clap::{Args, ValueEnum};

use sitrep::groups::Collapse;
use sitrep::query::Filters;
use sitrep::render::human::write_search;
use sitrep::render::table::table_rows;
use sitrep::search::{Recency, SearchRequest, SearchResults, Sort, MAX_LIMIT, MAX_OFFSET};

use super::args::{FilterArgs, PreferArgs, RemoteArgs};
use super::{Backend, Outcome, ReportedOnStdout, Session};

pub const QUERY_EXAMPLES: &str = "\
Query syntax:
  wagner mali                 both words (all words are required)
  \"drone strike\"              the phrase
  houthis OR \"ansar allah\"    either
  wagner -lavrov              exclude (also: wagner NOT lavrov)
  (attack OR raid) -drill     grouping
  title:mali agency:afp       one field: title, summary, body, topic, agency, dateline
  wagn*                       prefix (at least 2 letters)
  lavrof~  lavrof~2           within 1 or 2 typos

Examples:
  sitrep search wagner --region mali --from 2021-09 --to 2021-12
  sitrep search '\"drone strike\"' --actor houthis --facets
  sitrep search '' --region \"eastern africa\" --sort newest --json
  sitrep search attack --event \"violence against civilians\" --killed-min 10 --sort killed
  sitrep search wagner --collapse copies      one hit per group of reprints
  sitrep search wagner --collapse stories     one hit per story (the reports of one event)";

#[derive(Debug, Args)]
pub struct SearchArgs {
    /// The query (quote it if it has spaces or quotes: 'title:"drone strike" -yemen').
    /// It may be left out when a filter is given: `sitrep search --actor msf
    /// --sort newest` lists every article the filters admit.
    #[arg(required_unless_present_any = ["queries", "region", "actor", "event", "violence", "lang", "killed_min", "from", "to"])]
    query: Option<String>,
    /// Run every query of FILE in one process (batch mode, for scripts and
    /// benchmarks): one query a line, optionally followed by a TAB and filters
    /// as on the command line (`wagner<TAB>--region mali --from 2021-09`);
    /// blank lines and lines starting with `#` are skipped. With --json, one
    /// JSON object a line.
    #[arg(long, value_name = "FILE", conflicts_with = "query")]
    queries: Option<PathBuf>,
    #[command(flatten)]
    filters: FilterArgs,
    /// Hit order.
    #[arg(long, value_enum, default_value_t = Sort::Relevance)]
    sort: Sort,
    /// Blend recency into the relevance order: each BM25 score is multiplied by
    /// 1 + 0.5^(age / DAYS), age counted back from the --to day or else the
    /// newest article. DAYS is the half-life (default 365): an article that
    /// old gets x1.5, a new one x2, an old one x1.
    #[arg(long, value_name = "DAYS", num_args = 0..=1,
          default_missing_value = "365", value_parser = parse_recency)]
    recent: Option<Recency>,
    /// Hits to show; 0 prints only how many match.
    #[arg(long, short = 'n', default_value_t = 10, value_parser = clap::value_parser!(u16).range(0..=MAX_LIMIT as i64))]
    pub limit: u16,
    /// Hits to skip (for paging), at most 10000: as in `serve`, a deeper page
    /// costs more than it is worth to a reader.
    #[arg(long, default_value_t = 0, value_parser = clap::value_parser!(u16).range(0..=MAX_OFFSET as i64))]
    offset: u16,
    /// Also show the top regions, actors, event types and years of all
    /// matching articles, and the number killed they report.
    #[arg(long)]
    facets: bool,
    /// Show one hit per group: `copies`, the same text run by several
    /// outlets; `stories`, the reports of one event however worded (within 3
    /// days, sharing their rare words, names, places and actors). Each with
    /// "+N similar" and the other members' sources; the header counts hits
    /// and groups ("412 hits in 97 stories"). `sitrep story ID` lists a group.
    #[arg(long, value_enum, value_name = "GROUPS")]
    collapse: Option<Collapse>,
    #[command(flatten)]
    pub prefer: PreferArgs,
    /// Show what each hit scored for each query word: its BM25 in each field
    /// (title, summary, body, topic), a compound's joined form, and the
    /// region or actor facet the word names (`syrian`: region Syria). A word
    /// scores its best part plus 0.3 of the others; the words add up.
    #[arg(long)]
    explain: bool,
    /// Print one JSON object (for scripts) instead of text.
    #[arg(long, conflicts_with = "format")]
    pub json: bool,
    /// Print a table for spreadsheets instead: one row per hit (id, date,
    /// title, source, regions, actors, path, score, snippet, events, killed)
    /// after a header row; -n up to 1000 hits.
    #[arg(long, value_enum, value_name = "FORMAT")]
    format: Option<TableFormat>,
    #[command(flatten)]
    remote: RemoteArgs,
}

/// `--format`: the table formats.
#[derive(Debug, Clone, Copy, ValueEnum)]
enum TableFormat {
    /// Comma-separated values.
    Csv,
    /// Tab-separated values.
    Tsv,
}

impl TableFormat {
    fn delimiter(self) -> u8 {
        match self {
            TableFormat::Csv => b',',
            TableFormat::Tsv => b'\t',
        }
    }
}

impl SearchArgs {
    /// The request for one query with the command line's paging and options.
    fn request(&self, query: String, filters: Filters) -> SearchRequest {
        SearchRequest {
            recency: self.recent,
            query,
            filters,
            sort: self.sort,
            limit: usize::from(self.limit),
            offset: usize::from(self.offset),
            with_facets: self.facets,
            collapse: self.collapse,
            explain: self.explain,
            prefer: self.prefer.prefer.clone(),
        }
    }
}

pub fn run(session: &Session, args: &SearchArgs) -> Result<Outcome> {
    let backend = session.backend(&args.remote)?;
    let mut out = BufWriter::new(io::stdout().lock());
    let outcome = match &args.queries {
        Some(file) => search_batch(session, &backend, args, file, &mut out)?,
        None => {
            let filters = args.filters.to_filters(session)?;
            let query = args.query.clone().unwrap_or_default();
            let request = args.request(query, filters);
            let results = located(session, args, backend.search(session, &request)?)?;
            write_results(session, &mut out, &results, &request, args, true)?;
            Outcome::found(results.total > 0)
        }
    };
    out.flush()?;
    Ok(outcome)
}

/// `search --queries FILE`: one searcher for all queries; a bad line is
/// reported with its line number and the others still run.
fn search_batch(
    session: &Session,
    backend: &Backend,
    args: &SearchArgs,
    file: &Path,
    out: &mut dyn Write,
) -> Result<Outcome> {
    let text =
        std::fs::read_to_string(file).with_context(|| format!("cannot read {}", file.display()))?;
    let (mut failed, mut any_hit, mut first) = (0usize, false, true);
    for (i, line) in text.lines().enumerate() {
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        let run = || -> Result<(SearchRequest, SearchResults)> {
            let (query, extra) = line.split_once('\t').unwrap_or((line, ""));
            let filters = args.filters.with_line(extra)?.to_filters(session)?;
            let request = args.request(query.to_string(), filters);
            let results = located(session, args, backend.search(session, &request)?)?;
            Ok((request, results))
        };
        match run() {
            Ok((request, results)) => {
                any_hit |= results.total > 0;
                write_results(session, out, &results, &request, args, first)?;
                first = false;
            }
            Err(e) => {
                failed += 1;
                eprintln!("error: {}:{}: {e:#}", file.display(), i + 1);
                // Keep one output line per query so scripts can pair them up.
                if args.json {
                    let error = serde_json::json!({ "line": i + 1, "query": line, "error": format!("{e:#}") });
                    writeln!(out, "{error}")?;
                }
            }
        }
    }
    if failed > 0 {
        return Err(ReportedOnStdout(format!(
            "{} of the queries in {} failed (see above)",
            failed,
            file.display()
        ))
        .into());
    }
    Ok(Outcome::found(any_hit))
}

/// With `--json`, the region facet nodes get their ISO codes and
/// coordinates, as `facets --json` and the API give them.
fn located(
    session: &Session,
    args: &SearchArgs,
    mut results: SearchResults,
) -> Result<SearchResults> {
    if let (true, Some(trees)) = (args.json, &mut results.facets) {
        trees.locate(session.gazetteer()?);
    }
    Ok(results)
}

fn write_results(
    session: &Session,
    out: &mut dyn Write,
    results: &SearchResults,
    request: &SearchRequest,
    args: &SearchArgs,
    first: bool,
) -> Result<()> {
    // What the query ignored goes to stderr, as git's hints do, so that
    // the hits on stdout stay what scripts read; `--json` carries it.
    if !args.json {
        for note in &results.notes {
            eprintln!("note: {note}");
        }
    }
    if let Some(format) = args.format {
        // The header once, before the first query's rows.
        out.write_all(&table_rows(results, format.delimiter(), first)?)?;
    } else if args.json {
        serde_json::to_writer(&mut *out, results)?;
        writeln!(out)?;
    } else {
        write_search(
            out,
            results,
            request.offset,
            &request.filters,
            session.style,
        )?;
        if args.queries.is_some() {
            writeln!(out)?;
        }
    }
    Ok(())
}

/// `--recent DAYS`, checked by the library; clap names the flag.
fn parse_recency(text: &str) -> std::result::Result<Recency, String> {
    Recency::parse(text).map_err(|e| match e {
        sitrep::Error::BadArgument { message, .. } => message,
        other => other.to_string(),
    })
}

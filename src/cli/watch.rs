//! `sitrep watch`: saved searches that report new reporting (add, list, rm,
//! run). `run_and_save` is also what `sitrep index --watch` calls after each
//! commit.

use std::io::{self, BufWriter, Write};
use std::path::Path;

use anyhow::Result;
use clap::{Args, Subcommand};

use sitrep::index::SitrepIndex;
use sitrep::render::human::{plural, write_watch_list, write_watch_report};
use sitrep::search::{search_with, SearchRequest};
use sitrep::watch::{self as watches, View, WatchQueries, WatchRun, WatchStore};

use super::args::{FilterArgs, DEFAULT_CORPUS};
use super::{Outcome, Session};

pub const WATCH_EXAMPLES: &str = "\
Examples:
  sitrep watch add wagner-mali wagner --region mali
  sitrep watch add cabo-delgado '(attack OR raid)' --region 'cabo delgado'
  sitrep watch list
  sitrep index corpus/ && sitrep watch run            every watch, what is new since it last ran
  sitrep watch run wagner-mali --json                 one JSON object a line, per watch
  sitrep watch run --all                              every report, not the first 10 per watch
  sitrep watch rm wagner-mali

In cron: `sitrep index --watch -q DIR` indexes and reports in one step; exit 0
means something new was reported, 1 nothing, 2 an error.";

#[derive(Debug, Args)]
pub struct WatchArgs {
    #[command(subcommand)]
    command: WatchCommand,
}

#[derive(Debug, Subcommand)]
enum WatchCommand {
    /// Save a search under a name. It reports documents indexed from now on.
    ///
    /// The query and filters are checked as `sitrep search` checks them; the
    /// watch is kept in the index folder (watches.json).
    Add(Box<AddArgs>),
    /// List the watches with their searches.
    List(ListArgs),
    /// Remove watches.
    Rm(RmArgs),
    /// Print, for each watch, the documents it has not reported yet, newest
    /// first, and remember them.
    ///
    /// Only documents indexed since the watch last ran are searched. A
    /// reprint of a text the watch has seen is not new; new copies of one
    /// text are one report (`+N similar`). Exit status: 0 something new, 1
    /// nothing new, 2 an error (the other watches still run).
    Run(RunArgs),
}

#[derive(Debug, Args)]
struct AddArgs {
    /// Its name: letters, digits, `-` and `_` (it is also the feed's name:
    /// /feeds/NAME.atom under `sitrep serve`).
    name: String,
    /// The query, as for `sitrep search`; may be left out when a filter is given.
    #[arg(required_unless_present_any = ["region", "actor", "from", "to"])]
    query: Option<String>,
    #[command(flatten)]
    filters: FilterArgs,
    /// Print the saved watch as JSON.
    #[arg(long)]
    json: bool,
}

#[derive(Debug, Args)]
struct ListArgs {
    /// Print JSON (the watches with their state) instead of text.
    #[arg(long)]
    json: bool,
}

#[derive(Debug, Args)]
struct RmArgs {
    /// The watches to remove.
    #[arg(required = true, value_name = "NAME")]
    names: Vec<String>,
}

/// Which watches to run and how to print them (`watch run`, `index --watch`).
#[derive(Debug, Args)]
pub struct RunArgs {
    /// The watches to run (default: all).
    #[arg(value_name = "NAME")]
    pub names: Vec<String>,
    /// Print one JSON object a line, one per watch: `watch`, `query`, the
    /// filters, `total` (new reports), `copies` (new documents folded under
    /// them), `reprints` (new documents of a text already seen, not
    /// reported), `took_ms`, `hits` (every report, as `search --json` gives
    /// hits).
    #[arg(long)]
    pub json: bool,
    /// Print every report, not the first 10 per watch (the others are
    /// remembered all the same; a line says how many there were).
    #[arg(long)]
    pub all: bool,
}

/// Reports a text run prints per watch unless `--all` is given.
pub const SHOWN_PER_WATCH: usize = 10;

pub fn run(session: &Session, args: &WatchArgs) -> Result<Outcome> {
    let store = WatchStore::for_index(&session.cli.index);
    let mut out = BufWriter::new(io::stdout().lock());
    let outcome = match &args.command {
        WatchCommand::Add(add) => add_watch(session, &store, add, &mut out)?,
        WatchCommand::List(list) => {
            let watches = store.read()?;
            if list.json {
                serde_json::to_writer_pretty(&mut out, &watches.watches)?;
                writeln!(out)?;
            } else {
                write_watch_list(&mut out, &watches, session.style)?;
            }
            Outcome::found(!watches.watches.is_empty())
        }
        WatchCommand::Rm(rm) => {
            let mut locked = store.lock()?;
            for name in &rm.names {
                locked.watches.remove(name)?;
            }
            locked.save()?;
            writeln!(out, "removed {}", plural(rm.names.len() as u64, "watch"))?;
            Outcome::Found
        }
        WatchCommand::Run(run) => {
            let index = open_index(session)?;
            let new = run_and_save(session, &index, run, &mut WatchQueries::new(), &mut out)?;
            Outcome::found(new > 0)
        }
    };
    out.flush()?;
    Ok(outcome)
}

fn add_watch(
    session: &Session,
    store: &WatchStore,
    args: &AddArgs,
    out: &mut dyn Write,
) -> Result<Outcome> {
    let index = open_index(session)?;
    let query = args.query.as_deref().unwrap_or("");
    let (watch, view) = watches::add_watch(
        store,
        &index,
        &args.name,
        query,
        args.filters.spec(),
        session,
    )?;
    let now = SearchRequest {
        limit: 0,
        ..watch.request(|| session.gazetteer())?
    };
    let matching = search_with(&index, &view.searcher, &now)?.total;
    if args.json {
        serde_json::to_writer_pretty(&mut *out, &watch)?;
        writeln!(out)?;
    } else {
        writeln!(
            out,
            "saved watch {}: {}; {} match today; `sitrep watch run {}` reports what is indexed from now on",
            watch.name,
            watch.describe(),
            plural(matching as u64, "document"),
            watch.name
        )?;
    }
    Ok(Outcome::Found)
}

/// The index, built from ./corpus on first use as for `search`; with
/// neither, an empty one, so watches can be saved before the first `sitrep
/// index` (they then report everything it adds).
fn open_index(session: &Session) -> Result<SitrepIndex> {
    let dir = &session.cli.index;
    if SitrepIndex::exists(dir) || Path::new(DEFAULT_CORPUS).is_dir() {
        session.open_index()
    } else {
        Ok(SitrepIndex::open_or_create(dir)?)
    }
}

/// Runs the watches `args` names (all when none) on the index's last commit,
/// prints what each reports, then saves their state: printed first, so a run
/// that cannot print (a closed pipe, a full disk) reports the same documents
/// next time rather than losing them. A watch that fails is reported and the
/// others still run; the error comes at the end. `queries` keeps the
/// compiled queries for the next run of the process. Returns the number of
/// new documents.
pub fn run_and_save(
    session: &Session,
    index: &SitrepIndex,
    args: &RunArgs,
    queries: &mut WatchQueries,
    out: &mut dyn Write,
) -> Result<usize> {
    let mut locked = WatchStore::for_index(&session.cli.index).lock()?;
    if locked.watches.watches.is_empty() {
        eprintln!("no watches yet: `sitrep watch add NAME QUERY [filters]` saves one");
        return Ok(0);
    }
    let selected = locked.watches.select(&args.names)?;
    let view = View::open(index)?;
    let shown = (!args.json && !args.all).then_some(SHOWN_PER_WATCH);
    let mut reporter = WatchRun::new(index, &view, queries, shown)?;
    let (mut new, mut failed) = (0, 0);
    for at in selected {
        let watch = &mut locked.watches.watches[at];
        match reporter.run(watch, session) {
            Ok(report) => {
                new += report.total;
                if args.json {
                    serde_json::to_writer(&mut *out, &report)?;
                    writeln!(out)?;
                } else {
                    write_watch_report(out, &report, session.style)?;
                    if report.total > 0 {
                        writeln!(out)?;
                    }
                }
            }
            Err(e) => {
                failed += 1;
                eprintln!("error: watch {}: {e}", watch.name);
                if args.json {
                    let error = serde_json::json!({ "watch": watch.name, "error": e.to_string() });
                    writeln!(out, "{error}")?;
                }
            }
        }
    }
    out.flush()?;
    locked.save()?;
    if failed > 0 {
        anyhow::bail!("{} failed (see above)", plural(failed, "watch"));
    }
    Ok(new)
}

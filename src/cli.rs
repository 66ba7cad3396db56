//! Command-line arguments (clap derive; the doc comments are the `--help`
//! text) and the glue from each subcommand to the library.

use std::cell::OnceCell;
use std::io::{self, BufWriter, IsTerminal, Write};
use std::net::SocketAddr;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use clap::{Args, Parser, Subcommand, ValueEnum};
use tantivy::schema::Facet;

use sitrep::enrich::{Dimension, ExtractionReport, Gazetteer, GazetteerFiles};
use sitrep::facets::{count_facets, CountedFacets, FacetField, FacetRequest};
use sitrep::index::{index_paths, IndexOptions, IndexReport, SitrepIndex, DEFAULT_MAX_FILE_SIZE};
use sitrep::parse::{parse_file, Format, Warning};
use sitrep::query::{compile_query, parse_date_bound, resolve_all, Filters};
use sitrep::remote::{
    export_paths, push_paths, DocumentFormat, ExportOptions, ExportReport, PushOptions, PushReport,
    Quickwit, Retry,
};
use sitrep::render::human::{plural, write_facet_tree, write_search};
use sitrep::render::Style;
use sitrep::search::{search_with, searcher, Recency, SearchRequest, SearchResults, Sort};
use sitrep::serve::{self, AppState};
use sitrep::stats::index_stats;

const QUICK_START: &str = "\
Quick start:
  sitrep index corpus/                                  index a folder
  sitrep search wagner --region mali --from 2021-09     search with filters
  sitrep facets --field region --region africa          browse counts
  sitrep extract corpus/000_fb48966184d411e3.txt        see what the indexer finds
  sitrep push --quickwit http://127.0.0.1:7280          scale out: index on Quickwit
  sitrep search wagner --quickwit http://127.0.0.1:7280 ...and search there";

const QUERY_EXAMPLES: &str = "\
Query syntax:
  wagner mali                 both words (all words are required)
  \"drone strike\"              the phrase
  houthis OR \"ansar allah\"    either
  wagner -lavrov              exclude (also: wagner NOT lavrov)
  (attack OR raid) -drill     grouping
  title:mali agency:afp       one field: title, summary, body, agency, dateline
  wagn*                       prefix (at least 2 letters)
  lavrof~  lavrof~2           within 1 or 2 typos

Examples:
  sitrep search wagner --region mali --from 2021-09 --to 2021-12
  sitrep search '\"drone strike\"' --actor houthis --facets
  sitrep search '' --region \"eastern africa\" --sort newest --json";

/// Where `sitrep index` looks when given no path, and what `search` indexes
/// on first use.
const DEFAULT_CORPUS: &str = "corpus";

/// sitrep: full-text search for conflict reporting.
///
/// Index a folder of dated reports (plain-text articles or JSON Lines), then
/// search them by keyword (BM25, highlighted snippets), date range, region
/// and actor, and browse facet counts.
#[derive(Debug, Parser)]
#[command(
    name = "sitrep",
    version,
    max_term_width = 100,
    args_override_self = true,
    after_help = QUICK_START
)]
pub struct Cli {
    /// Index directory.
    #[arg(
        long,
        global = true,
        env = "SITREP_INDEX",
        default_value = ".sitrep",
        value_name = "DIR"
    )]
    index: PathBuf,

    /// Read the gazetteer (regions.tsv, places.tsv, actors.tsv,
    /// person-roles.tsv, common-words.tsv) from DIR instead of the copy built
    /// into the binary.
    #[arg(long, global = true, value_name = "DIR")]
    gazetteer: Option<PathBuf>,

    /// When to colour output: auto means on a terminal unless NO_COLOR is set.
    #[arg(long, global = true, value_enum, default_value_t = ColorChoice::Auto)]
    color: ColorChoice,

    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum ColorChoice {
    Auto,
    Always,
    Never,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Index files and folders (default: ./corpus).
    ///
    /// Reads plain-text articles (` date YYYY-MM-DD <title>` first line), JSON
    /// Lines (.jsonl/.ndjson) and JSON (.json) files; other file types inside
    /// folders are ignored. Re-indexing a file replaces its documents, so
    /// running it twice never duplicates. Bad files and records are reported
    /// as `warning: PATH[:LINE]: reason` and skipped.
    Index(IndexArgs),
    /// Search by keyword, with date, region and actor filters.
    ///
    /// Hits are ranked by BM25 (title weighs 1.2, summary 1.1, body 1; each word
    /// scores its best field plus 0.3 of the others) and shown with date,
    /// title, source, regions, actors, path and a snippet with the matched
    /// words highlighted. Exit status: 0 hits, 1 no hits, 2 error.
    #[command(after_help = QUERY_EXAMPLES)]
    Search(SearchArgs),
    /// Facet counts (region, actor, date) for what a query matches.
    ///
    /// Without a query, counts all documents. A --region/--actor filter of
    /// the same field as --field roots the tree there: `--field region
    /// --region africa` shows Africa's sub-regions and countries.
    Facets(FacetsArgs),
    /// Show what the indexer sees in files, without indexing them.
    ///
    /// Prints the parsed fields and every region and actor found, with the
    /// text that matched it, and ambiguous names that were rejected.
    Extract(ExtractArgs),
    /// Documents, date range, size and top facets of the index.
    Stats(StatsArgs),
    /// Write the enriched documents as NDJSON files, for Quickwit or other tools.
    ///
    /// Reads inputs as `sitrep index` does (default: ./corpus) and writes
    /// OUT/documents-00001.ndjson, ... of at most --max-bytes each. With
    /// --format quickwit, facets list every ancestor path and OUT gets
    /// quickwit-index.yaml: `quickwit index create --index-config
    /// OUT/quickwit-index.yaml`, then `quickwit index ingest --index sitrep
    /// --input-path OUT/documents-00001.ndjson` per file.
    Export(ExportArgs),
    /// Parse and enrich locally, then send the documents to a Quickwit index.
    ///
    /// Creates the index from sitrep's schema if it does not exist, sends
    /// bounded NDJSON batches (retrying busy or failing nodes with back-off),
    /// and forces a commit at the end, so the documents are searchable with
    /// `sitrep search --quickwit URL` when the push returns.
    Push(PushArgs),
    /// Browse the index in a web browser: a page with search, timeline and
    /// facets, and the JSON API behind it.
    ///
    /// The page is built into the binary. The API: GET /api/search (the
    /// `search --json` object, with facets), /api/facets and
    /// /api/articles/{id}; parameters q, from, to, region, actor (repeat for
    /// OR), sort, limit, offset. The server only reads the index and picks up
    /// each new commit of a `sitrep index` run beside it. Ctrl-C stops it.
    Serve(ServeArgs),
}

#[derive(Debug, Args)]
struct IndexArgs {
    /// Files and folders to index.
    #[arg(value_name = "PATH")]
    paths: Vec<PathBuf>,
    /// Delete the index and build it from scratch.
    #[arg(long)]
    rebuild: bool,
    /// Skip files larger than this many bytes.
    #[arg(long, default_value_t = DEFAULT_MAX_FILE_SIZE, value_name = "BYTES")]
    max_file_size: u64,
    /// Commit after every N files (default 20,000, and at most every 64 MiB
    /// of input): a run that is killed loses one batch of work at most, and
    /// searches see each commit.
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u64).range(1..))]
    commit_every: Option<u64>,
    /// No progress bar and no summary line (warnings are still printed).
    #[arg(long, short)]
    quiet: bool,
}

#[derive(Debug, Args)]
struct InputArgs {
    /// Files and folders to read (default: ./corpus).
    #[arg(value_name = "PATH")]
    paths: Vec<PathBuf>,
    /// Skip files larger than this many bytes.
    #[arg(long, default_value_t = 32 * 1024 * 1024, value_name = "BYTES")]
    max_file_size: u64,
    /// No progress bar and no summary line (warnings are still printed).
    #[arg(long, short)]
    quiet: bool,
}

impl InputArgs {
    fn options(&self) -> IndexOptions {
        IndexOptions {
            paths: default_paths(&self.paths),
            max_file_size: self.max_file_size,
            progress: !self.quiet && io::stderr().is_terminal(),
            commit_every: None,
        }
    }
}

#[derive(Debug, Args)]
struct ExportArgs {
    /// Output folder (created; must be new or empty).
    #[arg(value_name = "OUT")]
    out: PathBuf,
    /// quickwit: facets with every ancestor path, plus the index config; ndjson: facets as stored.
    #[arg(long, value_enum)]
    format: DocumentFormat,
    /// Largest output file in bytes.
    #[arg(long, default_value_t = 64 * 1024 * 1024, value_name = "BYTES")]
    max_bytes: usize,
    /// Index id written into quickwit-index.yaml.
    #[arg(long, default_value = "sitrep", value_name = "ID")]
    index_id: String,
    #[command(flatten)]
    input: InputArgs,
}

#[derive(Debug, Args)]
struct PushArgs {
    /// The Quickwit node, e.g. http://127.0.0.1:7280.
    #[arg(long, value_name = "URL")]
    quickwit: String,
    /// The Quickwit index (created if it does not exist).
    #[arg(long, default_value = "sitrep", value_name = "ID")]
    index_id: String,
    /// Retries of a request the node answers with 429 or 5xx, or cannot
    /// take; the wait doubles from 0.5 s.
    #[arg(long, default_value_t = 5, value_name = "N")]
    retries: u32,
    /// Largest ingest request in bytes (Quickwit 0.8 accepts up to 10 MiB).
    #[arg(long, default_value_t = 8 * 1024 * 1024, value_name = "BYTES",
          value_parser = clap::value_parser!(u64).range(1024..=10 * 1024 * 1024))]
    batch_bytes: u64,
    #[command(flatten)]
    input: InputArgs,
}

#[derive(Debug, Args)]
struct RemoteArgs {
    /// Search this Quickwit node (e.g. http://127.0.0.1:7280) instead of the
    /// local index; fill it with `sitrep push`.
    #[arg(long, value_name = "URL")]
    quickwit: Option<String>,
    /// The Quickwit index to search.
    #[arg(long, default_value = "sitrep", value_name = "ID")]
    index_id: String,
    /// Retries of a request the node answers with 429 or 5xx, or cannot
    /// take; the wait doubles from 0.5 s.
    #[arg(long, default_value_t = 5, value_name = "N")]
    retries: u32,
}

#[derive(Debug, Args)]
struct FilterArgs {
    /// Only articles on or after this date: YYYY, YYYY-MM or YYYY-MM-DD.
    #[arg(long, value_name = "DATE")]
    from: Option<String>,
    /// Only articles on or before this date (inclusive: 2021-09 means through 30 September).
    #[arg(long, value_name = "DATE")]
    to: Option<String>,
    /// Only articles about this region: continent, sub-region, country or
    /// city, any name or alias (africa, "western africa", mali, bamako).
    /// Repeat for OR.
    #[arg(long, value_name = "NAME")]
    region: Vec<String>,
    /// Only articles naming this actor: name, alias or kind (wagner, "PMC
    /// Wagner", UN, "armed group"), or a facet path for one the gazetteer
    /// lacks ("/person/Ned Lamont"). Repeat for OR; --region and --actor AND.
    #[arg(long, value_name = "NAME")]
    actor: Vec<String>,
}

impl FilterArgs {
    /// Parses the dates and resolves region/actor names; the gazetteer is
    /// loaded only when there are names to resolve.
    fn to_filters(&self, session: &Session) -> Result<Filters> {
        let resolve = |dimension, names: &[String], flag| -> Result<Vec<Facet>> {
            if names.is_empty() {
                return Ok(Vec::new());
            }
            Ok(resolve_all(session.gazetteer()?, dimension, names, flag)?)
        };
        Ok(Filters {
            from: self
                .from
                .as_deref()
                .map(|d| parse_date_bound(d, "--from", false))
                .transpose()?,
            to: self
                .to
                .as_deref()
                .map(|d| parse_date_bound(d, "--to", true))
                .transpose()?,
            regions: resolve(Dimension::Region, &self.region, "--region")?,
            actors: resolve(Dimension::Actor, &self.actor, "--actor")?,
        })
    }
}

#[derive(Debug, Args)]
struct SearchArgs {
    /// The query (quote it if it has spaces or quotes: 'title:"drone strike" -yemen').
    /// It may be left out when a filter is given: `sitrep search --actor msf
    /// --sort newest` lists every article the filters admit.
    #[arg(required_unless_present_any = ["queries", "region", "actor", "from", "to"])]
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
          default_missing_value = "365", value_parser = parse_half_life)]
    recent: Option<f64>,
    /// Hits to show.
    #[arg(long, short = 'n', default_value_t = 10, value_parser = clap::value_parser!(u16).range(1..=1000))]
    limit: u16,
    /// Hits to skip (for paging), at most 10000: as in `serve`, a deeper page
    /// costs more than it is worth to a reader.
    #[arg(long, default_value_t = 0, value_parser = clap::value_parser!(u16).range(0..=10_000))]
    offset: u16,
    /// Also show the top regions, actors and years of all matching articles.
    #[arg(long)]
    facets: bool,
    /// Print one JSON object (for scripts) instead of text.
    #[arg(long)]
    json: bool,
    #[command(flatten)]
    remote: RemoteArgs,
}

#[derive(Debug, Args)]
struct FacetsArgs {
    /// Count only documents matching this query.
    query: Option<String>,
    #[command(flatten)]
    filters: FilterArgs,
    /// Which facet to show; all three when omitted.
    #[arg(long, value_enum)]
    field: Option<FacetField>,
    /// Levels below the root to show (default: region 3 = continent > sub-region > country,
    /// actor 2 = kind > name, date 1 = years; --depth 2 adds months, 3 days).
    #[arg(long, value_parser = clap::value_parser!(u8).range(1..=5))]
    depth: Option<u8>,
    /// Values to show per level, largest first (dates are all shown, in order).
    #[arg(long, default_value_t = 10)]
    top: usize,
    /// Print JSON instead of text.
    #[arg(long)]
    json: bool,
    #[command(flatten)]
    remote: RemoteArgs,
}

#[derive(Debug, Args)]
struct ExtractArgs {
    /// Article files (any supported format).
    #[arg(required = true, value_name = "FILE")]
    files: Vec<PathBuf>,
    /// Print JSON instead of text.
    #[arg(long)]
    json: bool,
}

#[derive(Debug, Args)]
struct ServeArgs {
    /// Address to listen on; the default is reachable from this machine
    /// only. Port 0 picks a free port (the startup line shows which).
    #[arg(long, default_value = "127.0.0.1:7878", value_name = "HOST:PORT")]
    addr: SocketAddr,
}

#[derive(Debug, Args)]
struct StatsArgs {
    /// Facet values to list.
    #[arg(long, default_value_t = 10)]
    top: usize,
    /// Print JSON instead of text.
    #[arg(long)]
    json: bool,
}

/// How a command ended when it did not fail.
pub enum Outcome {
    /// Something was found / done.
    Found,
    /// A search that matched nothing (exit 1).
    NothingFound,
}

impl Cli {
    /// The index directory the command works on.
    pub fn index_dir(&self) -> &Path {
        &self.index
    }
}

/// Runs the parsed command line.
pub fn run(cli: Cli) -> Result<Outcome> {
    let style = Style {
        color: match cli.color {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto => {
                io::stdout().is_terminal()
                    && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
            }
        },
    };
    let ctx = Session {
        cli: &cli,
        style,
        gazetteer: OnceCell::new(),
    };
    match &cli.command {
        Command::Index(args) => ctx.index(args),
        Command::Search(args) => ctx.search(args),
        Command::Facets(args) => ctx.facets(args),
        Command::Extract(args) => ctx.extract(args),
        Command::Stats(args) => ctx.stats(args),
        Command::Export(args) => ctx.export(args),
        Command::Push(args) => ctx.push(args),
        Command::Serve(args) => ctx.serve(args),
    }
}

/// Whether an error is a closed stdout (`sitrep search x | head`).
pub fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|e| {
        e.downcast_ref::<io::Error>()
            .is_some_and(|io| io.kind() == io::ErrorKind::BrokenPipe)
    })
}

struct Session<'a> {
    cli: &'a Cli,
    style: Style,
    /// Loaded on first use: it costs tens of milliseconds, more than a search.
    gazetteer: OnceCell<Gazetteer>,
}

impl Session<'_> {
    fn gazetteer(&self) -> Result<&Gazetteer> {
        if self.gazetteer.get().is_none() {
            let _ = self.gazetteer.set(self.load_gazetteer()?);
        }
        Ok(self.gazetteer.get().expect("the gazetteer was set above"))
    }

    fn load_gazetteer(&self) -> Result<Gazetteer> {
        let files = match &self.cli.gazetteer {
            Some(dir) => GazetteerFiles::read_dir(dir)?,
            None => GazetteerFiles::embedded(),
        };
        Ok(Gazetteer::from_files(&files)?)
    }

    fn index(&self, args: &IndexArgs) -> Result<Outcome> {
        let paths = default_paths(&args.paths);
        if args.rebuild {
            remove_index(&self.cli.index)?;
        }
        let options = IndexOptions {
            paths,
            max_file_size: args.max_file_size,
            progress: !args.quiet,
            commit_every: args
                .commit_every
                .map(|n| usize::try_from(n).unwrap_or(usize::MAX)),
        };
        let report = self.build_index(options)?;
        if !args.quiet {
            eprintln!("{}", summary(&report));
        }
        Ok(Outcome::Found)
    }

    fn build_index(&self, mut options: IndexOptions) -> Result<IndexReport> {
        let index = SitrepIndex::open_or_create(&self.cli.index)?;
        let gazetteer = self.gazetteer()?;
        options.progress &= io::stderr().is_terminal();
        let report = index_paths(&index, gazetteer, &options, &|w: &Warning| {
            eprintln!("warning: {w}")
        })?;
        Ok(report)
    }

    /// Opens the index; on first use, with no index yet and a ./corpus
    /// folder present, builds it from there so a fresh clone just works.
    fn open_index(&self) -> Result<SitrepIndex> {
        let dir = &self.cli.index;
        if !SitrepIndex::exists(dir) && Path::new(DEFAULT_CORPUS).is_dir() {
            eprintln!(
                "note: no index at {} yet; indexing ./{DEFAULT_CORPUS} first (later, `sitrep index` refreshes it)",
                dir.display()
            );
            let report = self.build_index(IndexOptions {
                paths: vec![PathBuf::from(DEFAULT_CORPUS)],
                progress: true,
                ..IndexOptions::default()
            })?;
            eprintln!("{}", summary(&report));
        }
        Ok(SitrepIndex::open(dir)?)
    }

    /// The local index, or the Quickwit index named by `--quickwit`.
    fn backend(&self, remote: &RemoteArgs) -> Result<Backend> {
        Ok(match &remote.quickwit {
            Some(url) => Backend::Quickwit(client(url, &remote.index_id, remote.retries)?),
            None => {
                let index = Box::new(self.open_index()?);
                let searcher = searcher(&index)?;
                Backend::Local { index, searcher }
            }
        })
    }

    fn search(&self, args: &SearchArgs) -> Result<Outcome> {
        if args.recent.is_some() && args.sort != Sort::Relevance {
            anyhow::bail!(
                "--recent blends recency into the relevance order; --sort {} already orders by date (drop one of them)",
                if args.sort == Sort::Newest { "newest" } else { "oldest" }
            );
        }
        if args.recent.is_some() && args.remote.quickwit.is_some() {
            anyhow::bail!(
                "--recent needs BM25 scores, which the Quickwit backend does not return; use --sort newest there"
            );
        }
        let backend = self.backend(&args.remote)?;
        let mut out = BufWriter::new(io::stdout().lock());
        let outcome = match &args.queries {
            Some(file) => self.search_batch(&backend, args, file, &mut out)?,
            None => {
                let filters = args.filters.to_filters(self)?;
                let query = args.query.clone().unwrap_or_default();
                let results = backend.search(&request(args, query, filters))?;
                self.write_results(&mut out, &results, args)?;
                found(results.total)
            }
        };
        out.flush()?;
        Ok(outcome)
    }

    /// `search --queries FILE`: one searcher for all queries; a bad line is
    /// reported with its line number and the others still run.
    fn search_batch(
        &self,
        backend: &Backend,
        args: &SearchArgs,
        file: &Path,
        out: &mut dyn Write,
    ) -> Result<Outcome> {
        let text = std::fs::read_to_string(file)
            .with_context(|| format!("cannot read {}", file.display()))?;
        let (mut failed, mut any_hit) = (0usize, false);
        for (i, line) in text.lines().enumerate() {
            if line.trim().is_empty() || line.starts_with('#') {
                continue;
            }
            let run = || -> Result<SearchResults> {
                let (query, extra) = line.split_once('\t').unwrap_or((line, ""));
                let filters = line_filters(extra, &args.filters)?.to_filters(self)?;
                backend.search(&request(args, query.to_string(), filters))
            };
            match run() {
                Ok(results) => {
                    any_hit |= results.total > 0;
                    self.write_results(out, &results, args)?;
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
            anyhow::bail!(
                "{} of the queries in {} failed (see above)",
                failed,
                file.display()
            );
        }
        Ok(if any_hit {
            Outcome::Found
        } else {
            Outcome::NothingFound
        })
    }

    fn write_results(
        &self,
        out: &mut dyn Write,
        results: &SearchResults,
        args: &SearchArgs,
    ) -> Result<()> {
        if args.json {
            serde_json::to_writer(&mut *out, results)?;
            writeln!(out)?;
        } else {
            write_search(out, results, usize::from(args.offset), self.style)?;
            if args.queries.is_some() {
                writeln!(out)?;
            }
        }
        Ok(())
    }

    fn facets(&self, args: &FacetsArgs) -> Result<Outcome> {
        let backend = self.backend(&args.remote)?;
        let filters = args.filters.to_filters(self)?;
        let query = args.query.as_deref().unwrap_or("");
        let fields = args.field.map_or_else(
            || vec![FacetField::Region, FacetField::Actor, FacetField::Date],
            |f| vec![f],
        );
        let requests: Vec<FacetRequest> = fields
            .into_iter()
            .map(|field| FacetRequest {
                field,
                roots: drill_roots(field, &filters),
                depth: args.depth.map_or(field.default_depth(), usize::from),
            })
            .collect();
        let counted = backend.facets(query, &filters, &requests)?;
        let total = counted.total;
        let mut out = BufWriter::new(io::stdout().lock());
        let mut json = serde_json::Map::new();
        if !args.json {
            writeln!(out, "{} matching", plural(total as u64, "document"))?;
        }
        for (field, nodes) in counted.trees {
            if args.json {
                let trees: Vec<_> = nodes
                    .iter()
                    .map(|(root, values)| serde_json::json!({ "root": root, "values": values }))
                    .collect();
                json.insert(field.name().to_string(), trees.into());
                continue;
            }
            for (root, children) in &nodes {
                let title = if root == "/" {
                    field.name().to_string()
                } else {
                    format!("{} {root}", field.name())
                };
                writeln!(out, "\n{}", self.style.bold(&title))?;
                let top = if field == FacetField::Date {
                    usize::MAX
                } else {
                    args.top
                };
                write_facet_tree(&mut out, children, top, self.style)?;
            }
        }
        if args.json {
            json.insert("total".to_string(), total.into());
            serde_json::to_writer(&mut out, &json)?;
            writeln!(out)?;
        }
        out.flush()?;
        Ok(if total > 0 {
            Outcome::Found
        } else {
            Outcome::NothingFound
        })
    }

    fn extract(&self, args: &ExtractArgs) -> Result<Outcome> {
        let gazetteer = self.gazetteer()?;
        let mut out = BufWriter::new(io::stdout().lock());
        let mut found_any = false;
        for file in &args.files {
            let format = Format::for_path(file).unwrap_or(Format::Text);
            let outcome = parse_file(file, &file.display().to_string(), format, u64::MAX);
            for w in &outcome.warnings {
                eprintln!("warning: {w}");
            }
            for article in &outcome.articles {
                found_any = true;
                let report = ExtractionReport::new(gazetteer, &article.searchable_text());
                if args.json {
                    serde_json::to_writer(
                        &mut out,
                        &serde_json::json!({ "article": article, "extraction": report }),
                    )?;
                    writeln!(out)?;
                } else {
                    write_extraction(&mut out, article, &report, self.style)?;
                }
            }
        }
        out.flush()?;
        Ok(if found_any {
            Outcome::Found
        } else {
            Outcome::NothingFound
        })
    }

    fn export(&self, args: &ExportArgs) -> Result<Outcome> {
        let options = ExportOptions {
            input: args.input.options(),
            out: args.out.clone(),
            format: args.format,
            max_bytes: args.max_bytes,
            index_id: args.index_id.clone(),
        };
        let report = export_paths(self.gazetteer()?, &options, &|w: &Warning| {
            eprintln!("warning: {w}")
        })?;
        if !args.input.quiet {
            eprintln!("{}", export_summary(&report, &args.out));
        }
        Ok(Outcome::Found)
    }

    fn push(&self, args: &PushArgs) -> Result<Outcome> {
        let client = client(&args.quickwit, &args.index_id, args.retries)?;
        let options = PushOptions {
            input: args.input.options(),
            batch_bytes: usize::try_from(args.batch_bytes).unwrap_or(usize::MAX),
        };
        let report = push_paths(&client, self.gazetteer()?, &options, &|w: &Warning| {
            eprintln!("warning: {w}")
        })?;
        if !args.input.quiet {
            eprintln!("{}", push_summary(&report, &client));
        }
        if report.accepted < report.sent {
            anyhow::bail!(
                "Quickwit at {} accepted {} of the {} documents sent; see the node's log",
                client.url(),
                report.accepted,
                report.sent
            );
        }
        Ok(Outcome::Found)
    }

    fn serve(&self, args: &ServeArgs) -> Result<Outcome> {
        let index = self.open_index()?;
        let dir = index.dir.display().to_string();
        // The server owns its gazetteer: it resolves the names of every request.
        let state = AppState::new(index, self.load_gazetteer()?)?;
        if !args.addr.ip().is_loopback() {
            eprintln!(
                "warning: {} is reachable from other machines: anyone who can connect can read the index",
                args.addr
            );
        }
        serve::run(state, args.addr, |bound| {
            println!("sitrep serve: http://{bound}/ (index {dir}; Ctrl-C to stop)");
        })
        .with_context(|| format!("cannot serve on {}", args.addr))?;
        eprintln!("sitrep serve: stopped");
        Ok(Outcome::Found)
    }

    fn stats(&self, args: &StatsArgs) -> Result<Outcome> {
        let index = self.open_index()?;
        let stats = index_stats(&index, args.top)?;
        let mut out = BufWriter::new(io::stdout().lock());
        if args.json {
            serde_json::to_writer(&mut out, &stats)?;
            writeln!(out)?;
        } else {
            let range = match (stats.first_date, stats.last_date) {
                (Some(a), Some(b)) => format!("{a} .. {b}"),
                _ => "-".to_string(),
            };
            writeln!(out, "index      {}", stats.index)?;
            writeln!(out, "documents  {}", stats.documents)?;
            writeln!(out, "dates      {range}")?;
            writeln!(
                out,
                "size       {:.1} MB in {} segment(s)",
                stats.size_bytes as f64 / 1e6,
                stats.segments
            )?;
            writeln!(out, "\n{}", self.style.bold("regions"))?;
            write_facet_tree(&mut out, &stats.regions, args.top, self.style)?;
            writeln!(out, "\n{}", self.style.bold("actors"))?;
            write_facet_tree(&mut out, &stats.actors, args.top, self.style)?;
        }
        out.flush()?;
        Ok(Outcome::Found)
    }
}

/// Where searches run.
enum Backend {
    /// The local tantivy index, with one searcher for every query of the run.
    Local {
        index: Box<SitrepIndex>,
        searcher: tantivy::Searcher,
    },
    /// A Quickwit index.
    Quickwit(Quickwit),
}

impl Backend {
    fn search(&self, request: &SearchRequest) -> Result<SearchResults> {
        Ok(match self {
            Backend::Local { index, searcher } => search_with(index, searcher, request)?,
            Backend::Quickwit(client) => client.run_search(request)?,
        })
    }

    fn facets(
        &self,
        query: &str,
        filters: &Filters,
        requests: &[FacetRequest],
    ) -> Result<CountedFacets> {
        Ok(match self {
            Backend::Local { index, searcher } => {
                let compiled = compile_query(index, query, filters)?;
                count_facets(index, searcher, compiled.query.as_ref(), requests)?
            }
            Backend::Quickwit(client) => client.count_facets(query, filters, requests)?,
        })
    }
}

/// A Quickwit client retrying `retries` times.
fn client(url: &str, index_id: &str, retries: u32) -> Result<Quickwit> {
    let retry = Retry {
        attempts: retries.saturating_add(1),
        ..Retry::default()
    };
    Ok(Quickwit::new(url, index_id)?.with_retry(retry))
}

/// The paths given, or ./corpus.
fn default_paths(paths: &[PathBuf]) -> Vec<PathBuf> {
    if paths.is_empty() {
        vec![PathBuf::from(DEFAULT_CORPUS)]
    } else {
        paths.to_vec()
    }
}

/// The request for one query with the command line's paging and options.
fn request(args: &SearchArgs, query: String, filters: Filters) -> SearchRequest {
    SearchRequest {
        recency: args.recent.map(|half_life_days| Recency { half_life_days }),
        query,
        filters,
        sort: args.sort,
        limit: usize::from(args.limit),
        offset: usize::from(args.offset),
        with_facets: args.facets,
    }
}

fn found(total: usize) -> Outcome {
    if total > 0 {
        Outcome::Found
    } else {
        Outcome::NothingFound
    }
}

/// `--recent DAYS`: a positive, finite number of days.
fn parse_half_life(text: &str) -> std::result::Result<f64, String> {
    match text.parse::<f64>() {
        Ok(days) if days.is_finite() && days > 0.0 => Ok(days),
        _ => Err(format!(
            "`{text}` is not a half-life: give a positive number of days (e.g. 30, 365)"
        )),
    }
}

/// Filters written after a TAB on a `--queries` line, added to the command
/// line's: dates given on the line replace the command line's, names add up.
fn line_filters(extra: &str, base: &FilterArgs) -> Result<FilterArgs> {
    #[derive(Parser)]
    #[command(no_binary_name = true)]
    struct Line {
        #[command(flatten)]
        filters: FilterArgs,
    }
    let words = shlex::split(extra)
        .ok_or_else(|| anyhow::anyhow!("unbalanced quotes in the filters `{extra}`"))?;
    let line = Line::try_parse_from(words).map_err(|e| {
        anyhow::anyhow!(
            "{}",
            e.render()
                .to_string()
                .lines()
                .next()
                .unwrap_or("bad filters")
                .trim_start_matches("error: ")
        )
    })?;
    let mut filters = line.filters;
    filters.from = filters.from.or_else(|| base.from.clone());
    filters.to = filters.to.or_else(|| base.to.clone());
    filters.region.extend(base.region.iter().cloned());
    filters.actor.extend(base.actor.iter().cloned());
    Ok(filters)
}

/// The facets to root `field`'s tree at: the filter values of the same
/// dimension, else the root.
fn drill_roots(field: FacetField, filters: &Filters) -> Vec<Facet> {
    let facets = match field {
        FacetField::Region => &filters.regions,
        FacetField::Actor => &filters.actors,
        FacetField::Date => return vec![Facet::root()],
    };
    if facets.is_empty() {
        vec![Facet::root()]
    } else {
        facets.clone()
    }
}

fn remove_index(dir: &Path) -> Result<()> {
    if SitrepIndex::exists(dir) {
        std::fs::remove_dir_all(dir)
            .with_context(|| format!("cannot remove the index at {}", dir.display()))?;
    } else if dir.exists()
        && dir
            .read_dir()
            .map(|mut d| d.next().is_some())
            .unwrap_or(true)
    {
        anyhow::bail!(
            "{} is not empty and holds no index: refusing to delete it for --rebuild",
            dir.display()
        );
    }
    Ok(())
}

fn export_summary(report: &ExportReport, out: &Path) -> String {
    let mut line = format!(
        "exported {} from {} ({:.1} MB read) in {:.2} s into {} in {} ({:.1} MB)",
        plural(report.read.articles as u64, "article"),
        plural(report.read.files as u64, "file"),
        report.read.bytes as f64 / 1e6,
        report.read.elapsed.as_secs_f64(),
        plural(report.files.len() as u64, "NDJSON file"),
        out.display(),
        report.bytes as f64 / 1e6,
    );
    if let Some(config) = &report.config {
        line.push_str(&format!("; index config {}", config.display()));
    }
    line.push_str(&skipped_note(&report.read));
    line
}

fn push_summary(report: &PushReport, client: &Quickwit) -> String {
    let mut line = format!(
        "pushed {} from {} ({:.1} MB) in {:.2} s to index `{}` at {} in {}; {} accepted",
        plural(report.sent, "article"),
        plural(report.read.files as u64, "file"),
        report.read.bytes as f64 / 1e6,
        report.elapsed.as_secs_f64(),
        client.index_id(),
        client.url(),
        plural(report.requests as u64, "request"),
        report.accepted,
    );
    if report.created {
        line.push_str(" (index created)");
    }
    line.push_str(&skipped_note(&report.read));
    line
}

/// `; skipped N (see warnings above)` when records or files were skipped.
fn skipped_note(report: &IndexReport) -> String {
    if report.skipped > 0 {
        format!("; skipped {} (see warnings above)", report.skipped)
    } else {
        String::new()
    }
}

fn summary(report: &IndexReport) -> String {
    let mut line = format!(
        "indexed {} from {} in {:.2} s ({:.1} MB, {:.1} MB/s); index holds {}",
        plural(report.articles as u64, "article"),
        plural(report.files as u64, "file"),
        report.elapsed.as_secs_f64(),
        report.bytes as f64 / 1e6,
        report.mb_per_sec(),
        plural(report.total_docs, "document"),
    );
    line.push_str(&format!(
        "; files: added {}, updated {}, removed {}, unchanged {}",
        report.added, report.updated, report.removed, report.unchanged
    ));
    line.push_str(&skipped_note(report));
    if !report.ignored.is_empty() {
        let names: Vec<String> = report
            .ignored
            .iter()
            .take(3)
            .map(|p| p.display().to_string())
            .collect();
        let more = if report.ignored.len() > 3 {
            ", ..."
        } else {
            ""
        };
        line.push_str(&format!(
            "; ignored {} ({}{more})",
            plural(report.ignored.len() as u64, "non-article file"),
            names.join(", ")
        ));
    }
    line
}

fn write_extraction(
    out: &mut dyn Write,
    article: &sitrep::Article,
    report: &ExtractionReport,
    style: Style,
) -> io::Result<()> {
    writeln!(out, "{}", style.bold(&article.path))?;
    let body_words = article.body.split_whitespace().count();
    for (label, value) in [
        ("id", article.id.clone()),
        ("date", article.date.to_string()),
        ("title", article.title.clone()),
        ("summary", article.summary.clone()),
        ("agency", article.agency.clone()),
        ("dateline", article.dateline.clone()),
        ("url", article.url.clone()),
        ("body", format!("{body_words} words")),
    ] {
        if !value.is_empty() {
            writeln!(out, "  {:<9} {}", style.label(label), value)?;
        }
    }
    for (label, entities) in [
        ("regions", &report.regions),
        ("actors", &report.actors),
        (
            "rejected (ambiguous, no supporting context)",
            &report.rejected,
        ),
    ] {
        if entities.is_empty() {
            continue;
        }
        writeln!(out, "  {}", style.label(label))?;
        for entity in entities {
            let mut texts: Vec<String> = Vec::new();
            for m in &entity.mentions {
                let shown = if m.kind == "name" {
                    m.text.clone()
                } else {
                    format!("{} ({})", m.text, m.kind)
                };
                if !texts.contains(&shown) {
                    texts.push(shown);
                }
            }
            writeln!(
                out,
                "    {:<48} {}",
                entity.facet,
                style.dim(&format!("{} × {}", texts.join(", "), entity.mentions.len()))
            )?;
        }
    }
    writeln!(out)
}

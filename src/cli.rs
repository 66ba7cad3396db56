//! Command-line arguments (clap derive; the doc comments are the `--help`
//! text) and the glue from each subcommand to the library.

use std::cell::OnceCell;
use std::io::{self, BufWriter, IsTerminal, Write};
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use clap::{Args, Parser, Subcommand, ValueEnum};
use tantivy::schema::Facet;

use sitrep::enrich::{Dimension, ExtractionReport, Gazetteer, GazetteerFiles};
use sitrep::facets::{facet_tree, FacetField};
use sitrep::index::{index_paths, IndexOptions, IndexReport, SitrepIndex, DEFAULT_MAX_FILE_SIZE};
use sitrep::parse::{parse_file, Format, Warning};
use sitrep::query::{compile_query, parse_date_bound, resolve_all, Filters};
use sitrep::render::human::{plural, write_facet_tree, write_search};
use sitrep::render::Style;
use sitrep::search::{search_with, searcher, SearchRequest, SearchResults, Sort};
use sitrep::stats::index_stats;

const QUICK_START: &str = "\
Quick start:
  sitrep index corpus/                                  index a folder
  sitrep search wagner --region mali --from 2021-09     search with filters
  sitrep facets --field region --region africa          browse counts
  sitrep extract corpus/000_fb48966184d411e3.txt        see what the indexer finds";

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

    /// Read the gazetteer (regions.tsv, places.tsv, actors.tsv) from DIR
    /// instead of the copy built into the binary.
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
    /// Hits are ranked by BM25 (title weighs 1.2, summary 1.1, body 1) and shown
    /// with date, title, source, regions, actors, path and a snippet with the
    /// matched words highlighted. Exit status: 0 hits, 1 no hits, 2 error.
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
    /// Wagner", UN, "armed group"). Repeat for OR; --region and --actor AND.
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
    #[arg(required_unless_present = "queries")]
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
    /// Hits to show.
    #[arg(long, short = 'n', default_value_t = 10, value_parser = clap::value_parser!(u16).range(1..=1000))]
    limit: u16,
    /// Hits to skip (for paging).
    #[arg(long, default_value_t = 0)]
    offset: usize,
    /// Also show the top regions, actors and years of all matching articles.
    #[arg(long)]
    facets: bool,
    /// Print one JSON object (for scripts) instead of text.
    #[arg(long)]
    json: bool,
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
            let files = match &self.cli.gazetteer {
                Some(dir) => GazetteerFiles::read_dir(dir)?,
                None => GazetteerFiles::embedded(),
            };
            let _ = self.gazetteer.set(Gazetteer::from_files(&files)?);
        }
        Ok(self.gazetteer.get().expect("the gazetteer was set above"))
    }

    fn index(&self, args: &IndexArgs) -> Result<Outcome> {
        let paths = if args.paths.is_empty() {
            vec![PathBuf::from(DEFAULT_CORPUS)]
        } else {
            args.paths.clone()
        };
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

    fn search(&self, args: &SearchArgs) -> Result<Outcome> {
        let index = self.open_index()?;
        let searcher = searcher(&index)?;
        let mut out = BufWriter::new(io::stdout().lock());
        let outcome = match &args.queries {
            Some(file) => self.search_batch(&index, &searcher, args, file, &mut out)?,
            None => {
                let filters = args.filters.to_filters(self)?;
                let query = args.query.clone().unwrap_or_default();
                let results = search_with(&index, &searcher, &request(args, query, filters))?;
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
        index: &SitrepIndex,
        searcher: &tantivy::Searcher,
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
                Ok(search_with(
                    index,
                    searcher,
                    &request(args, query.to_string(), filters),
                )?)
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
            write_search(out, results, args.offset, self.style)?;
            if args.queries.is_some() {
                writeln!(out)?;
            }
        }
        Ok(())
    }

    fn facets(&self, args: &FacetsArgs) -> Result<Outcome> {
        let index = self.open_index()?;
        let filters = args.filters.to_filters(self)?;
        let compiled = compile_query(&index, args.query.as_deref().unwrap_or(""), &filters)?;
        let searcher = searcher(&index)?;
        let total = searcher.search(compiled.query.as_ref(), &tantivy::collector::Count)?;
        let fields = args.field.map_or_else(
            || vec![FacetField::Region, FacetField::Actor, FacetField::Date],
            |f| vec![f],
        );
        let mut out = BufWriter::new(io::stdout().lock());
        let mut json = serde_json::Map::new();
        if !args.json {
            writeln!(out, "{} matching", plural(total as u64, "document"))?;
        }
        for field in fields {
            let roots = drill_roots(field, &filters);
            let depth = args.depth.map_or(field.default_depth(), usize::from);
            let mut nodes = Vec::new();
            for root in &roots {
                let children = facet_tree(
                    &index,
                    &searcher,
                    compiled.query.as_ref(),
                    field,
                    root,
                    depth,
                )?;
                nodes.push((root.to_string(), children));
            }
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

/// The request for one query with the command line's paging and options.
fn request(args: &SearchArgs, query: String, filters: Filters) -> SearchRequest {
    SearchRequest {
        query,
        filters,
        sort: args.sort,
        limit: usize::from(args.limit),
        offset: args.offset,
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
    if report.skipped > 0 {
        line.push_str(&format!(
            "; skipped {} (see warnings above)",
            report.skipped
        ));
    }
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

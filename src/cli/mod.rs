//! The command line: clap definitions (their doc comments are the `--help`
//! text), the dispatch from each subcommand to its module, and the
//! [`Session`] they share (the index, the gazetteer loaded on first use, the
//! output style). `args` holds the argument groups several commands take;
//! each command has a module of its own that turns its arguments into a
//! library call and hands the answer to `sitrep::render`.

mod args;
mod completions;
mod config;
mod export;
mod extract;
mod facets;
mod index;
mod man;
mod push;
mod search;
mod serve;
mod show;
mod stats;
mod story;
mod trends;
mod watch;

use std::cell::OnceCell;
use std::io::{self, IsTerminal};
use std::path::{Path, PathBuf};

use anyhow::Result;
use clap::{CommandFactory, FromArgMatches, Parser, Subcommand, ValueEnum};

use sitrep::enrich::{CasualtyKind, FilterNames, Gazetteer, GazetteerFiles, QueryNames};
use sitrep::facets::{count_facets, CountedFacets, FacetRequest};
use sitrep::index::{
    index_paths_with, read_filter_names, Commit, IndexOptions, IndexReport, SitrepIndex,
};
use sitrep::parse::Warning;
use sitrep::query::{compile_query, Filters};
use sitrep::remote::{facet_clause_note, Quickwit};
use sitrep::render::summary::index_summary;
use sitrep::render::Style;
use sitrep::search::{search_with, SearchRequest, SearchResults};
use sitrep::watch::GazetteerSource;

use args::{RemoteArgs, DEFAULT_CORPUS};

const QUICK_START: &str = "\
Quick start:
  sitrep index corpus/                                  index a folder
  sitrep search wagner --region mali --from 2021-09     search with filters
  sitrep facets --field region --region africa          browse counts
  sitrep extract corpus/000_fb48966184d411e3.txt        see what the indexer finds
  sitrep push --quickwit http://127.0.0.1:7280          scale out: index on Quickwit
  sitrep search wagner --quickwit http://127.0.0.1:7280 ...and search there";

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

    /// Read the gazetteer (regions.tsv, divisions.tsv, places.tsv, areas.tsv,
    /// actors.tsv, person-roles.tsv, common-words.tsv) from DIR instead of the
    /// copy built into the binary.
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
    #[command(after_help = index::EXAMPLES)]
    Index(index::IndexArgs),
    /// Search by keyword, with date, region, actor, event type and casualty filters.
    ///
    /// Hits are ranked by BM25 (title weighs 1.2, summary 1.1, body and topic 1; each word
    /// scores its best field plus 0.3 of the others) and shown with date,
    /// title, topic, source, regions, actors, event types, casualties, path and a
    /// snippet with the matched words highlighted. Exit status: 0 hits, 1 no
    /// hits, 2 error.
    #[command(after_help = search::QUERY_EXAMPLES)]
    Search(search::SearchArgs),
    /// Facet counts (region, actor, date, event, violence) for what a query
    /// matches, and the casualties they report (--sum killed).
    ///
    /// Without a query, counts all documents. A --region/--actor/--event/
    /// --violence filter of the same field as --field roots the tree there:
    /// `--field region --region africa` shows Africa's sub-regions and
    /// countries.
    #[command(after_help = facets::EXAMPLES)]
    Facets(facets::FacetsArgs),
    /// Show what the indexer sees in files, without indexing them.
    ///
    /// Prints the parsed fields and every region and actor found, with the
    /// text that matched it, and ambiguous names that were rejected; the
    /// event types, UCDP violence types and casualty counts, each with the
    /// sentence and rule that gave it.
    #[command(after_help = extract::EXAMPLES)]
    Extract(extract::ExtractArgs),
    /// Show one article with the words of a query marked, through $PAGER on a terminal.
    #[command(after_help = show::EXAMPLES)]
    Show(show::ShowArgs),
    /// List the members of a group of reprints: the same text run by
    /// several outlets, earliest (the lead) first.
    #[command(after_help = story::EXAMPLES)]
    Story(story::StoryArgs),
    /// Documents, date range, size and top facets of the index.
    #[command(after_help = stats::EXAMPLES)]
    Stats(stats::StatsArgs),
    /// Write the enriched documents as NDJSON files, for Quickwit or other tools.
    ///
    /// Reads inputs as `sitrep index` does (default: ./corpus) and writes
    /// OUT/documents-00001.ndjson, ... of at most --max-bytes each. With
    /// --format quickwit, facets list every ancestor path and OUT gets
    /// quickwit-index.yaml: `quickwit index create --index-config
    /// OUT/quickwit-index.yaml`, then `quickwit index ingest --index sitrep
    /// --input-path OUT/documents-00001.ndjson` per file.
    Export(export::ExportArgs),
    /// Parse and enrich locally, then send the documents to a Quickwit index.
    ///
    /// Creates the index from sitrep's schema if it does not exist, sends
    /// bounded NDJSON batches (retrying busy or failing nodes with back-off),
    /// and forces a commit at the end, so the documents are searchable with
    /// `sitrep search --quickwit URL` when the push returns.
    Push(push::PushArgs),
    /// Browse the index in a web browser: a page with search, timeline and
    /// facets, and the JSON API behind it.
    ///
    /// The page is built into the binary. The API: GET /api/search (the
    /// `search --json` object, with facets), /api/facets, /api/trends (the
    /// `trends --json` object) and /api/articles/{id}; parameters q, from,
    /// to, region, actor, event, violence (repeat for OR), killed_min, sort
    /// (relevance, newest, oldest, killed), limit, offset; /api/facets also
    /// field, root, depth and sum (killed, injured, abducted, displaced);
    /// /api/trends also by (week, month) and top. The server only reads the index and picks up
    /// each new commit of a `sitrep index` run beside it. Ctrl-C stops it.
    #[command(after_help = serve::EXAMPLES)]
    Serve(serve::ServeArgs),
    /// Print the shell completion script for bash, zsh, fish, elvish or powershell.
    #[command(after_help = completions::EXAMPLES)]
    Completions(completions::CompletionsArgs),
    /// Print the manual page, or write every command's page into a folder.
    #[command(after_help = man::EXAMPLES)]
    Man(man::ManArgs),
    /// Saved searches that report new reporting: add, list, rm, run.
    ///
    /// A watch is a query and filters under a name, kept in the index folder.
    /// `watch run` prints, per watch, the documents indexed since it last ran
    /// that match, newest first, and remembers them; `index --watch` does the
    /// same after each commit.
    #[command(after_help = watch::WATCH_EXAMPLES)]
    Watch(watch::WatchArgs),
    /// Matching reports per week or month, for the top regions and actors,
    /// with the rises above their norm flagged (ACLED's early-warning
    /// convention).
    ///
    /// Each period is compared with the mean of the periods before it: the 4
    /// and the 52 weeks (by month: the month and the 12 months). More than
    /// +25% is an increase, more than +100% a large increase; small counts
    /// are not flagged (a norm of 2 or fewer and a period of 5 or fewer).
    /// Exit status: 0 something matched, 1 nothing, 2 error.
    #[command(after_help = trends::EXAMPLES)]
    Trends(trends::TrendsArgs),
}

/// How a command ended when it did not fail.
pub enum Outcome {
    /// Something was found / done.
    Found,
    /// A search that matched nothing (exit 1).
    NothingFound,
}

impl Outcome {
    /// `Found` when anything matched.
    fn found(any: bool) -> Self {
        if any {
            Outcome::Found
        } else {
            Outcome::NothingFound
        }
    }
}

impl Cli {
    /// The command line, with what neither a flag nor the environment set
    /// taken from the configuration file ([`config`]). A bad command line
    /// exits as clap does; a bad configuration file is an error.
    pub fn parse_with_config() -> Result<Cli> {
        let matches = Cli::command().get_matches();
        let mut cli = Cli::from_arg_matches(&matches).unwrap_or_else(|e| e.exit());
        config::apply(&mut cli, &matches)?;
        Ok(cli)
    }

    /// The index directory the command works on.
    pub fn index_dir(&self) -> &Path {
        &self.index
    }

    /// Whether the command prints JSON (`--json`): then an error is a JSON
    /// object on stdout too, so a script reading stdout sees it.
    pub fn prints_json(&self) -> bool {
        match &self.command {
            Command::Search(args) => args.json,
            Command::Facets(args) => args.json,
            Command::Extract(args) => args.json,
            Command::Stats(args) => args.json,
            Command::Trends(args) => args.json,
            Command::Story(args) => args.json,
            _ => false,
        }
    }
}

/// A failure whose details are already on stdout, one JSON object per bad
/// line of `search --queries`: with `--json` no further object is printed,
/// so that the output keeps one line per query.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct ReportedOnStdout(pub String);

/// The JSON object an error is printed as with `--json`: `error` (the
/// message as on stderr), `flag` for a bad value, `query` and `column` for a
/// query that does not parse.
pub fn error_json(err: &anyhow::Error, message: &str) -> serde_json::Value {
    let mut json = serde_json::json!({ "error": message });
    match err.downcast_ref::<sitrep::Error>() {
        Some(sitrep::Error::BadArgument { arg, .. }) => {
            json["flag"] = arg.flag().into();
        }
        Some(sitrep::Error::QuerySyntax {
            query, position, ..
        }) => {
            json["flag"] = "query".into();
            json["query"] = query.as_str().into();
            json["column"] = (position + 1).into();
        }
        Some(sitrep::Error::QueryTooBroad(_)) => {
            json["flag"] = "query".into();
        }
        _ => {}
    }
    json
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
    let session = Session {
        cli: &cli,
        style,
        gazetteer: OnceCell::new(),
        gazetteer_fingerprint: OnceCell::new(),
        query_names: OnceCell::new(),
        filter_names: OnceCell::new(),
    };
    match &cli.command {
        Command::Index(args) => index::run(&session, args),
        Command::Search(args) => search::run(&session, args),
        Command::Facets(args) => facets::run(&session, args),
        Command::Extract(args) => extract::run(&session, args),
        Command::Stats(args) => stats::run(&session, args),
        Command::Show(args) => show::run(&session, args),
        Command::Story(args) => story::run(&session, args),
        Command::Export(args) => export::run(&session, args),
        Command::Push(args) => push::run(&session, args),
        Command::Serve(args) => serve::run(&session, args),
        Command::Completions(args) => completions::run(args),
        Command::Man(args) => man::run(args),
        Command::Watch(args) => watch::run(&session, args),
        Command::Trends(args) => trends::run(&session, args),
    }
}

/// Watches load the session's gazetteer only for names it has not resolved
/// before.
impl GazetteerSource for Session<'_> {
    /// The embedded gazetteer's is known; a `--gazetteer` folder's files
    /// are hashed, a small cost beside loading it, unless it is loaded.
    fn fingerprint(&self) -> sitrep::Result<String> {
        if let Some(gazetteer) = self.gazetteer.get() {
            return Ok(gazetteer.fingerprint.clone());
        }
        if self.cli.gazetteer.is_none() {
            return Ok(GazetteerFiles::embedded_fingerprint().to_string());
        }
        if self.gazetteer_fingerprint.get().is_none() {
            let _ = self
                .gazetteer_fingerprint
                .set(self.gazetteer_files()?.fingerprint());
        }
        Ok(self
            .gazetteer_fingerprint
            .get()
            .expect("the fingerprint was set above")
            .clone())
    }

    fn gazetteer(&self) -> sitrep::Result<&Gazetteer> {
        Session::gazetteer(self)
    }

    fn filter_names(&self) -> Option<&FilterNames> {
        Session::filter_names(self)
    }
}

/// Whether an error is a closed stdout (`sitrep search x | head`), also
/// when serde_json was writing (it wraps the I/O error in its own).
pub fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|e| {
        let kind = e
            .downcast_ref::<io::Error>()
            .map(io::Error::kind)
            .or_else(|| e.downcast_ref::<serde_json::Error>()?.io_error_kind());
        kind == Some(io::ErrorKind::BrokenPipe)
    })
}

/// What every command shares: the global options, the output style and the
/// gazetteer, loaded on first use.
struct Session<'a> {
    cli: &'a Cli,
    style: Style,
    /// Loaded on first use: it costs tens of milliseconds, more than a search.
    gazetteer: OnceCell<Gazetteer>,
    /// The fingerprint of the gazetteer, read without loading it.
    gazetteer_fingerprint: OnceCell<String>,
    /// The gazetteer's table of names, for the notes of Quickwit searches
    /// (a local search reads its index's table).
    query_names: OnceCell<QueryNames>,
    /// The index's table of filter names, read on first use; `None` when
    /// the index has none written by this session's gazetteer.
    filter_names: OnceCell<Option<FilterNames>>,
}

impl Session<'_> {
    fn gazetteer(&self) -> sitrep::Result<&Gazetteer> {
        if self.gazetteer.get().is_none() {
            let _ = self.gazetteer.set(self.load_gazetteer()?);
        }
        Ok(self.gazetteer.get().expect("the gazetteer was set above"))
    }

    fn query_names(&self) -> sitrep::Result<&QueryNames> {
        if self.query_names.get().is_none() {
            let _ = self
                .query_names
                .set(QueryNames::from_gazetteer(self.gazetteer()?));
        }
        Ok(self.query_names.get().expect("the table was set above"))
    }

    /// The index's table of the region and actor names filters take, if
    /// this session's gazetteer wrote it: names resolve through it without
    /// loading the gazetteer ([`sitrep::query::TableFirst`]).
    fn filter_names(&self) -> Option<&FilterNames> {
        self.filter_names
            .get_or_init(|| {
                let fingerprint = GazetteerSource::fingerprint(self).ok()?;
                read_filter_names(&self.cli.index, &fingerprint)
            })
            .as_ref()
    }

    fn gazetteer_files(&self) -> sitrep::Result<GazetteerFiles> {
        Ok(match &self.cli.gazetteer {
            Some(dir) => GazetteerFiles::read_dir(dir)?,
            None => GazetteerFiles::embedded(),
        })
    }

    fn load_gazetteer(&self) -> sitrep::Result<Gazetteer> {
        Gazetteer::from_files(&self.gazetteer_files()?)
    }

    fn build_index(&self, options: IndexOptions) -> Result<IndexReport> {
        self.build_index_with(options, &mut |_, _| Ok(()))
    }

    /// Indexes, calling `on_commit` after each commit.
    fn build_index_with(
        &self,
        mut options: IndexOptions,
        on_commit: &mut dyn FnMut(&SitrepIndex, Commit) -> Result<()>,
    ) -> Result<IndexReport> {
        let index = SitrepIndex::open_or_create(&self.cli.index)?;
        let gazetteer = self.gazetteer()?;
        options.progress &= io::stderr().is_terminal();
        index_paths_with(
            &index,
            gazetteer,
            &options,
            &|w: &Warning| eprintln!("warning: {w}"),
            &mut |commit| on_commit(&index, commit),
        )
    }

    /// Opens the index; on first use, with no index yet and a ./corpus
    /// folder present, builds it from there so a fresh clone just works.
    fn open_index(&self) -> Result<SitrepIndex> {
        Ok(self.open_searching()?.0)
    }

    /// [`Session::open_index`] with a searcher on its latest commit, for
    /// the commands that search it.
    fn open_searching(&self) -> Result<(SitrepIndex, tantivy::Searcher)> {
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
            eprintln!("{}", index_summary(&report));
        }
        Ok(SitrepIndex::open_with_searcher(dir)?)
    }

    /// The local index, or the Quickwit index named by `--quickwit`.
    fn backend(&self, remote: &RemoteArgs) -> Result<Backend> {
        Ok(match remote.client()? {
            Some(client) => Backend::Quickwit(client),
            None => {
                let (index, searcher) = self.open_searching()?;
                Backend::Local {
                    index: Box::new(index),
                    searcher,
                }
            }
        })
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
    /// Runs `request`. Locally, query words that name a region or actor
    /// also match its facet; on Quickwit they do not, and a note says so
    /// (from the session's gazetteer, as no index is at hand).
    fn search(&self, session: &Session, request: &SearchRequest) -> Result<SearchResults> {
        Ok(match self {
            Backend::Local { index, searcher } => search_with(index, searcher, request)?,
            Backend::Quickwit(client) => {
                let mut results = client.run_search(request)?;
                if !request.query.is_empty() {
                    results
                        .notes
                        .extend(facet_clause_note(session.query_names()?, &request.query));
                }
                results
            }
        })
    }

    fn facets(
        &self,
        query: &str,
        filters: &Filters,
        requests: &[FacetRequest],
        sum: Option<CasualtyKind>,
    ) -> Result<CountedFacets> {
        Ok(match self {
            Backend::Local { index, searcher } => {
                let compiled = compile_query(index, searcher, query, filters)?;
                count_facets(index, searcher, &compiled, requests, sum)?
            }
            Backend::Quickwit(client) => client.count_facets(query, filters, requests, sum)?,
        })
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use super::*;

    /// Every long flag of every command, from clap's command tree (`--help`
    /// lists exactly these), without clap's own `--help` and `--version`.
    fn help_flags() -> BTreeSet<String> {
        fn walk(command: &clap::Command, flags: &mut BTreeSet<String>) {
            for arg in command.get_arguments() {
                if let Some(long) = arg.get_long() {
                    flags.insert(format!("--{long}"));
                }
            }
            command.get_subcommands().for_each(|sub| walk(sub, flags));
        }
        let mut flags = BTreeSet::new();
        walk(&Cli::command(), &mut flags);
        flags.remove("--help");
        flags.remove("--version");
        flags
    }

    /// The long flags written in `text` (`--name`, not the `--` that ends
    /// cargo's own options).
    fn flags_in(text: &str) -> BTreeSet<String> {
        text.split("--")
            .skip(1)
            .map(|rest| {
                rest.chars()
                    .take_while(|c| c.is_ascii_lowercase() || *c == '-')
                    .collect::<String>()
            })
            .filter(|name| name.len() > 1 && !name.ends_with('-'))
            .map(|name| format!("--{name}"))
            .collect()
    }

    /// README.md cut into what can speak of one program: each line of a
    /// code block, each list item, table row and paragraph.
    fn readme_blocks() -> Vec<String> {
        let mut blocks = vec![String::new()];
        let mut in_code = false;
        for line in include_str!("../../README.md").lines() {
            let fence = line.starts_with("```");
            let starts = in_code
                || fence
                || line.trim().is_empty()
                || line.starts_with("- ")
                || line.starts_with('|')
                || line.starts_with('#');
            if starts {
                blocks.push(String::new());
            }
            in_code ^= fence;
            let block = blocks.last_mut().expect("one block");
            block.push_str(line);
            block.push('\n');
        }
        blocks
    }

    /// The example programs (`examples/*.rs`, `examples/NAME/main.rs`),
    /// by name.
    fn example_programs() -> Vec<String> {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("examples");
        std::fs::read_dir(dir)
            .expect("examples/")
            .map(|entry| entry.expect("entry").path())
            .filter(|path| path.extension().is_none_or(|e| e == "rs"))
            .filter_map(|path| Some(path.file_stem()?.to_str()?.to_string()))
            .filter(|name| name != "common")
            .collect()
    }

    /// Every flag of `--help` is in README.md, and every flag README.md
    /// gives to sitrep is one `--help` knows. cargo's flags and those of the
    /// example programs are not sitrep's: the second check leaves out what
    /// is said about them (`cargo test --test it crash:: -- --ignored`,
    /// `eval_ranking --years`).
    #[test]
    fn the_readme_and_help_list_the_same_flags() {
        let help = help_flags();
        let programs = example_programs();
        let readme: BTreeSet<String> = readme_blocks()
            .iter()
            .filter(|block| {
                !block.contains("cargo ") && !programs.iter().any(|p| block.contains(p.as_str()))
            })
            .flat_map(|block| flags_in(block))
            .filter(|flag| flag != "--help")
            .collect();
        let everywhere = flags_in(include_str!("../../README.md"));
        let undocumented: Vec<_> = help.difference(&everywhere).collect();
        let unknown: Vec<_> = readme.difference(&help).collect();
        assert!(
            undocumented.is_empty() && unknown.is_empty(),
            "flags of --help missing from README.md: {undocumented:?}; \
             flags in README.md that --help does not know: {unknown:?}"
        );
    }
}

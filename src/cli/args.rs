//! Argument groups that several commands take: the inputs to read, the
//! search filters, and the Quickwit node to ask instead of the local index.

use std::io::{self, IsTerminal};
use std::path::PathBuf;

use anyhow::Result;
use clap::{Args, Parser};
use sitrep::groups::Source;
use sitrep::index::IndexOptions;
use sitrep::query::{FilterSpec, Filters};
use sitrep::remote::{Quickwit, Retry};

use super::Session;

/// Where `sitrep index` looks when given no path, and what `search` indexes
/// on first use.
pub const DEFAULT_CORPUS: &str = "corpus";

/// The paths given, or ./corpus.
pub fn default_paths(paths: &[PathBuf]) -> Vec<PathBuf> {
    if paths.is_empty() {
        vec![PathBuf::from(DEFAULT_CORPUS)]
    } else {
        paths.to_vec()
    }
}

/// The inputs of `export` and `push`, read as `sitrep index` reads them.
#[derive(Debug, Args)]
pub struct InputArgs {
    /// Files and folders to read (default: ./corpus).
    #[arg(value_name = "PATH")]
    paths: Vec<PathBuf>,
    /// Skip files larger than this many bytes.
    #[arg(long, default_value_t = 32 * 1024 * 1024, value_name = "BYTES")]
    max_file_size: u64,
    /// No progress bar and no summary line (warnings are still printed).
    #[arg(long, short)]
    pub quiet: bool,
}

impl InputArgs {
    /// The walk and parse options these arguments ask for.
    pub fn options(&self) -> IndexOptions {
        IndexOptions {
            paths: default_paths(&self.paths),
            max_file_size: self.max_file_size,
            progress: !self.quiet && io::stderr().is_terminal(),
            commit_every: None,
            grouping: true,
            group_each_commit: false,
        }
    }
}

/// `--quickwit URL` and its options, for `search` and `facets`.
#[derive(Debug, Args)]
pub struct RemoteArgs {
    /// Search this Quickwit node (e.g. http://127.0.0.1:7280) instead of the
    /// local index; fill it with `sitrep push`.
    #[arg(long, value_name = "URL")]
    pub quickwit: Option<String>,
    /// The Quickwit index to search.
    #[arg(long, default_value = "sitrep", value_name = "ID")]
    index_id: String,
    /// Retries of a request the node answers with 429 or 5xx, or cannot
    /// take; the wait doubles from 0.5 s.
    #[arg(long, default_value_t = 5, value_name = "N")]
    retries: u32,
}

impl RemoteArgs {
    /// The Quickwit client, when `--quickwit` was given.
    pub fn client(&self) -> Result<Option<Quickwit>> {
        self.quickwit
            .as_deref()
            .map(|url| client(url, &self.index_id, self.retries))
            .transpose()
    }
}

/// `--prefer`: the sources whose reports lead their groups.
#[derive(Debug, Args)]
pub struct PreferArgs {
    /// A source whose reports lead their groups of reprints and stories,
    /// as hits show it (AFP); repeat for several, most preferred first. A
    /// group's lead is its earliest report from the first of them it
    /// holds, else its earliest report. The configuration file's `prefer`
    /// is the default.
    #[arg(long, value_name = "SOURCE", value_parser = parse_source)]
    pub prefer: Vec<Source>,
}

/// A `--prefer` value.
fn parse_source(text: &str) -> std::result::Result<Source, String> {
    Source::parse(text).map_err(|e| match e {
        sitrep::Error::BadArgument { message, .. } => message,
        other => other.to_string(),
    })
}

/// A Quickwit client retrying `retries` times.
pub fn client(url: &str, index_id: &str, retries: u32) -> Result<Quickwit> {
    let retry = Retry {
        attempts: retries.saturating_add(1),
        ..Retry::default()
    };
    Ok(Quickwit::new(url, index_id)?.with_retry(retry))
}

/// The date, facet and casualty filters of `search` and `facets`.
#[derive(Debug, Args)]
pub struct FilterArgs {
    /// Only articles on or after this date: YYYY, YYYY-MM or YYYY-MM-DD.
    #[arg(long, value_name = "DATE")]
    pub from: Option<String>,
    /// Only articles on or before this date (inclusive: 2021-09 means through 30 September).
    #[arg(long, value_name = "DATE")]
    pub to: Option<String>,
    /// Only articles about this region: continent, sub-region, country or
    /// city, any name or alias (africa, "western africa", mali, bamako).
    /// Repeat for OR.
    #[arg(long, value_name = "NAME")]
    pub region: Vec<String>,
    /// Only articles naming this actor: name, alias or kind (wagner, "PMC
    /// Wagner", UN, "armed group"), or a facet path for one the gazetteer
    /// lacks ("/person/Ned Lamont"). Repeat for OR; --region and --actor AND.
    #[arg(long, value_name = "NAME")]
    pub actor: Vec<String>,
    /// Only articles reporting this kind of event: an ACLED event type or
    /// sub-event type, any name or alias, any case (battle, "remote
    /// violence", "air strike", "violence against civilians", protests,
    /// riots, arrests), or a facet path (/Battles). Repeat for OR.
    #[arg(long, value_name = "TYPE")]
    pub event: Vec<String>,
    /// Only articles with this UCDP violence type, read from the two sides
    /// of a battle, strike or attack: state-based, non-state or one-sided.
    /// Repeat for OR.
    #[arg(long, value_name = "TYPE")]
    pub violence: Vec<String>,
    /// Only reports in this language: en, fr, ar, ru or uk (the record's
    /// `lang`, else detected from the text). Repeat for OR.
    #[arg(long, value_name = "CODE")]
    pub lang: Vec<String>,
    /// Only articles whose text reports at least N people killed (the least
    /// number it supports: "dozens" counts as 24).
    #[arg(long, value_name = "N")]
    pub killed_min: Option<u64>,
}

impl FilterArgs {
    /// The filters as typed.
    pub fn spec(&self) -> FilterSpec {
        FilterSpec {
            from: self.from.clone(),
            to: self.to.clone(),
            regions: self.region.clone(),
            actors: self.actor.clone(),
            events: self.event.clone(),
            violence: self.violence.clone(),
            languages: self.lang.clone(),
            killed_min: self.killed_min,
        }
    }

    /// Parses the dates and resolves region, actor and event names: through
    /// the index's table of names when the session's gazetteer wrote it,
    /// the gazetteer being loaded only for what the table lacks (a town, an
    /// unknown name, event types).
    pub fn to_filters(&self, session: &Session) -> Result<Filters> {
        Ok(self
            .spec()
            .resolve_through(|| session.filter_names(), || session.gazetteer())?)
    }

    /// Filters written after a TAB on a `--queries` line, added to these:
    /// dates and `--killed-min` given on the line replace these, names add up.
    pub fn with_line(&self, extra: &str) -> Result<FilterArgs> {
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
        filters.from = filters.from.or_else(|| self.from.clone());
        filters.to = filters.to.or_else(|| self.to.clone());
        filters.killed_min = filters.killed_min.or(self.killed_min);
        filters.region.extend(self.region.iter().cloned());
        filters.actor.extend(self.actor.iter().cloned());
        filters.event.extend(self.event.iter().cloned());
        filters.violence.extend(self.violence.iter().cloned());
        filters.lang.extend(self.lang.iter().cloned());
        Ok(filters)
    }
}

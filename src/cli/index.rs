//! `sitrep index`: walk, parse, enrich and index files, incrementally.

use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use clap::Args;

use sitrep::index::{IndexOptions, SitrepIndex, DEFAULT_MAX_FILE_SIZE, SIDE_FILES};
use sitrep::render::summary::index_summary;
use sitrep::watch::{WatchQueries, WatchStore};

use super::args::default_paths;
use super::watch::{run_and_save, RunArgs};
use super::{Outcome, Session};

/// Shown after `sitrep index --help`.
pub const EXAMPLES: &str = "\
Examples:
  sitrep index                                  index ./corpus (again: only what changed)
  sitrep index reports/ extra.jsonl             folders and files
  sitrep --index /data/idx index --rebuild reports/
  sitrep index --commit-every 1000 big/         commit often: searches see progress";

#[derive(Debug, Args)]
pub struct IndexArgs {
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
    /// After each commit, print per watch (`sitrep watch`) the documents it
    /// has not reported yet, as `watch run` does, and remember them: what the
    /// run added, matched batch by batch. Exit status 0 if something was
    /// new, 1 if nothing was.
    #[arg(long)]
    watch: bool,
    /// With --watch: print the reports as JSON, one object a line per watch
    /// and commit (as `watch run --json`).
    #[arg(long, requires = "watch")]
    json: bool,
    /// With --watch: print every report, not the first 10 per watch and
    /// commit (as `watch run --all`).
    #[arg(long, requires = "watch")]
    all: bool,
}

pub fn run(session: &Session, args: &IndexArgs) -> Result<Outcome> {
    let paths = default_paths(&args.paths);
    if args.rebuild {
        remove_index(&session.cli.index)?;
    }
    let watch = args.watch && has_watches(session)?;
    let options = IndexOptions {
        paths,
        max_file_size: args.max_file_size,
        progress: !args.quiet,
        commit_every: args
            .commit_every
            .map(|n| usize::try_from(n).unwrap_or(usize::MAX)),
        grouping: true,
        group_each_commit: watch,
    };
    let reports = RunArgs {
        names: Vec::new(),
        json: args.json,
        all: args.all,
    };
    let mut out = BufWriter::new(io::stdout().lock());
    let mut new = 0;
    // Each watch's query is compiled once for the whole run, not once a commit.
    let mut queries = WatchQueries::new();
    let report = session.build_index_with(options, &mut |index, _commit| {
        if watch {
            new += run_and_save(session, index, &reports, &mut queries, &mut out)?;
        }
        Ok(())
    })?;
    out.flush()?;
    if let Some(run) = &report.interrupted {
        eprintln!("note: the last indexing run ({run}) was interrupted; its uncommitted files were removed");
    }
    if !args.quiet {
        eprintln!("{}", index_summary(&report));
    }
    if report.indexed_nothing() {
        anyhow::bail!(
            "nothing was indexed: {} of the files given failed (see the warnings above)",
            if report.failed == 1 {
                "the one".to_string()
            } else {
                format!("all {}", report.failed)
            }
        );
    }
    Ok(if watch {
        Outcome::found(new > 0)
    } else {
        Outcome::Found
    })
}

/// Whether there are watches for `--watch` to run; says so when there are none.
fn has_watches(session: &Session) -> Result<bool> {
    let none = WatchStore::for_index(&session.cli.index)
        .read()?
        .watches
        .is_empty();
    if none {
        eprintln!("note: no watches to report for (`sitrep watch add NAME QUERY` saves one); indexing only");
    }
    Ok(!none)
}

/// Deletes the index in `dir` for `--rebuild`, keeping the files sitrep
/// keeps beside it (the saved searches).
fn remove_index(dir: &Path) -> Result<()> {
    let cannot = || format!("cannot remove the index at {}", dir.display());
    let entries = || -> io::Result<Vec<PathBuf>> {
        let mut out = Vec::new();
        for entry in dir.read_dir()? {
            let entry = entry?;
            if !SIDE_FILES.contains(&entry.file_name().to_string_lossy().as_ref()) {
                out.push(entry.path());
            }
        }
        Ok(out)
    };
    if SitrepIndex::exists(dir) {
        for path in entries().with_context(cannot)? {
            if path.is_dir() {
                std::fs::remove_dir_all(&path)
            } else {
                std::fs::remove_file(&path)
            }
            .with_context(cannot)?;
        }
    } else if dir.exists() && entries().map_or(true, |e| !e.is_empty()) {
        anyhow::bail!(
            "{} is not empty and holds no index: refusing to delete it for --rebuild",
            dir.display()
        );
    }
    Ok(())
}

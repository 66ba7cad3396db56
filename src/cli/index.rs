//! `sitrep index`: walk, parse, enrich and index files, incrementally.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use clap::Args;

use sitrep::index::{IndexOptions, SitrepIndex, DEFAULT_MAX_FILE_SIZE};
use sitrep::render::summary::index_summary;

use super::args::default_paths;
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
}

pub fn run(session: &Session, args: &IndexArgs) -> Result<Outcome> {
    let paths = default_paths(&args.paths);
    if args.rebuild {
        remove_index(&session.cli.index)?;
    }
    let options = IndexOptions {
        paths,
        max_file_size: args.max_file_size,
        progress: !args.quiet,
        commit_every: args
            .commit_every
            .map(|n| usize::try_from(n).unwrap_or(usize::MAX)),
    };
    let report = session.build_index(options)?;
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
    Ok(Outcome::Found)
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

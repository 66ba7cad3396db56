//! `sitrep man [DIR]`: manual pages in roff, from the same clap definitions
//! as `--help` (clap_mangen).

use std::io::{self, Write};
use std::path::PathBuf;

use anyhow::{Context, Result};
use clap::{Args, CommandFactory};

use super::{Cli, Outcome};

/// Shown after `sitrep man --help`.
pub const EXAMPLES: &str = "\
Examples:
  sitrep man | man -l -                 read sitrep(1)
  sitrep man target/man                 write sitrep.1, sitrep-search.1, ... there
  sudo sitrep man /usr/local/share/man/man1";

#[derive(Debug, Args)]
pub struct ManArgs {
    /// Write sitrep.1 and one page per command (sitrep-search.1, ...) into
    /// DIR (created) instead of printing sitrep.1.
    #[arg(value_name = "DIR")]
    dir: Option<PathBuf>,
}

pub fn run(args: &ManArgs) -> Result<Outcome> {
    let command = Cli::command();
    match &args.dir {
        None => {
            let mut out = io::stdout().lock();
            clap_mangen::Man::new(command).render(&mut out)?;
            out.flush()?;
        }
        Some(dir) => {
            std::fs::create_dir_all(dir)
                .with_context(|| format!("cannot create {}", dir.display()))?;
            clap_mangen::generate_to(command, dir)
                .with_context(|| format!("cannot write the pages into {}", dir.display()))?;
            eprintln!("wrote the manual pages into {}", dir.display());
        }
    }
    Ok(Outcome::Found)
}

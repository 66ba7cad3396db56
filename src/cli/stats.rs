//! `sitrep stats`: documents, date range, size and top facets of the index.

use std::io::{self, BufWriter, Write};

use anyhow::Result;
use clap::Args;

use sitrep::render::human::write_stats;
use sitrep::stats::index_stats;

use super::{Outcome, Session};

/// Shown after `sitrep stats --help`.
pub const EXAMPLES: &str = "\
Examples:
  sitrep stats                                  the default index (./.sitrep)
  sitrep --index /data/idx stats --top 20
  sitrep stats --json";

#[derive(Debug, Args)]
pub struct StatsArgs {
    /// Facet values to list.
    #[arg(long, default_value_t = 10)]
    top: usize,
    /// Print JSON instead of text.
    #[arg(long)]
    pub json: bool,
}

pub fn run(session: &Session, args: &StatsArgs) -> Result<Outcome> {
    let index = session.open_index()?;
    let stats = index_stats(&index, args.top)?;
    let mut out = BufWriter::new(io::stdout().lock());
    if args.json {
        serde_json::to_writer(&mut out, &stats)?;
        writeln!(out)?;
    } else {
        write_stats(&mut out, &stats, args.top, session.style)?;
    }
    out.flush()?;
    Ok(Outcome::Found)
}

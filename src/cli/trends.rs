//! `sitrep trends`: matching reports per week or month, for all of them and
//! for the top regions and actors, with the rises ACLED's early-warning
//! tools would flag.

use std::io::{self, BufWriter, Write};

use anyhow::Result;
use clap::Args;

use sitrep::error::Arg;
use sitrep::render::human::write_trends;
use sitrep::trends::{trends, Period, TrendsRequest, DEFAULT_TOP, MAX_TOP};

use super::args::{FilterArgs, RemoteArgs};
use super::{Outcome, Session};

/// Shown after `sitrep trends --help`.
pub const EXAMPLES: &str = "\
A period is flagged against the mean of the periods before it, as ACLED's
early-warning dashboard does: the 4 and the 52 weeks before (by month: the
month and the 12 months before). More than +25% is an increase, more than
+100% a large increase. A norm of 2 reports or fewer on average does not flag
a period of 5 or fewer (1 -> 3 is no alarm; 0 -> 6 is).

Examples:
  sitrep trends                                  every report, by week
  sitrep trends --region mali --by month         reporting on Mali, by month
  sitrep trends wagner --from 2023 --top 3       top 3 regions and actors of Wagner reporting in 2023
  sitrep trends attack --event battle --json     every period with its counts, norms and levels";

#[derive(Debug, Args)]
pub struct TrendsArgs {
    /// Count only reports matching this query (all reports when left out).
    query: Option<String>,
    #[command(flatten)]
    filters: FilterArgs,
    /// Count per ISO week (Monday to Sunday) or per calendar month.
    #[arg(long, value_enum, default_value_t = Period::Week)]
    by: Period,
    /// How many top countries and top actors (of the periods shown) get a
    /// series of their own; 0 for the total only.
    #[arg(long, default_value_t = DEFAULT_TOP as u16, value_parser = clap::value_parser!(u16).range(0..=MAX_TOP as i64))]
    top: u16,
    /// Print one JSON object (every period of every series, with its norms) instead of text.
    #[arg(long)]
    pub json: bool,
    #[command(flatten)]
    remote: RemoteArgs,
}

pub fn run(session: &Session, args: &TrendsArgs) -> Result<Outcome> {
    if args.remote.quickwit.is_some() {
        return Err(sitrep::Error::bad(
            Arg::Quickwit,
            "`sitrep trends` counts on the local index only: Quickwit 0.8's date_histogram has no calendar months and sitrep does not send it per-period counts; run it without --quickwit on an index built with `sitrep index`",
        )
        .into());
    }
    let (index, searcher) = session.open_searching()?;
    let request = TrendsRequest {
        query: args.query.clone().unwrap_or_default(),
        filters: args.filters.to_filters(session)?,
        by: args.by,
        top: usize::from(args.top),
    };
    let answer = trends(&index, &searcher, &request)?;
    let mut out = BufWriter::new(io::stdout().lock());
    if args.json {
        serde_json::to_writer(&mut out, &answer)?;
        writeln!(out)?;
    } else {
        write_trends(&mut out, &answer, &request.filters, session.style)?;
    }
    out.flush()?;
    let matched = answer.series.first().is_some_and(|all| all.total > 0);
    Ok(Outcome::found(matched))
}

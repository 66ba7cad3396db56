//! `sitrep push`: parse and enrich locally, send to a Quickwit index.

use anyhow::Result;
use clap::Args;

use sitrep::parse::Warning;
use sitrep::remote::{push_paths, PushOptions};
use sitrep::render::summary::push_summary;

use super::args::{client, InputArgs};
use super::{Outcome, Session};

#[derive(Debug, Args)]
pub struct PushArgs {
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

pub fn run(session: &Session, args: &PushArgs) -> Result<Outcome> {
    let client = client(&args.quickwit, &args.index_id, args.retries)?;
    let options = PushOptions {
        input: args.input.options(),
        batch_bytes: usize::try_from(args.batch_bytes).unwrap_or(usize::MAX),
    };
    let report = push_paths(&client, session.gazetteer()?, &options, &|w: &Warning| {
        eprintln!("warning: {w}")
    })?;
    if !args.input.quiet {
        eprintln!("{}", push_summary(&report, client.index_id(), client.url()));
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

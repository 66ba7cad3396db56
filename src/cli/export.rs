//! `sitrep export`: the enriched documents as NDJSON files.

use std::path::PathBuf;

use anyhow::Result;
use clap::Args;

use sitrep::parse::Warning;
use sitrep::remote::{export_paths, DocumentFormat, ExportOptions};
use sitrep::render::summary::export_summary;

use super::args::InputArgs;
use super::{Outcome, Session};

#[derive(Debug, Args)]
pub struct ExportArgs {
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

pub fn run(session: &Session, args: &ExportArgs) -> Result<Outcome> {
    let options = ExportOptions {
        input: args.input.options(),
        out: args.out.clone(),
        format: args.format,
        max_bytes: args.max_bytes,
        index_id: args.index_id.clone(),
    };
    let report = export_paths(session.gazetteer()?, &options, &|w: &Warning| {
        eprintln!("warning: {w}")
    })?;
    if !args.input.quiet {
        eprintln!("{}", export_summary(&report, &args.out));
    }
    Ok(Outcome::Found)
}

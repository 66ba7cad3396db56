//! `sitrep extract`: what the indexer sees in files, without indexing them.

use std::io::{self, BufWriter, Write};
use std::path::PathBuf;

use anyhow::Result;
use clap::Args;

use sitrep::enrich::ExtractionReport;
use sitrep::parse::{parse_file, Format};
use sitrep::render::human::write_extraction;

use super::{Outcome, Session};

/// Shown after `sitrep extract --help`.
pub const EXAMPLES: &str = "\
Examples:
  sitrep extract corpus/000_fb48966184d411e3.txt
  sitrep extract --json items.jsonl             one JSON object per article
  sitrep --gazetteer my-gazetteer/ extract a.txt   try a changed gazetteer";

#[derive(Debug, Args)]
pub struct ExtractArgs {
    /// Article files (any supported format).
    #[arg(required = true, value_name = "FILE")]
    files: Vec<PathBuf>,
    /// Print JSON instead of text.
    #[arg(long)]
    pub json: bool,
}

pub fn run(session: &Session, args: &ExtractArgs) -> Result<Outcome> {
    let gazetteer = session.gazetteer()?;
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
                write_extraction(&mut out, article, &report, session.style)?;
            }
        }
    }
    out.flush()?;
    Ok(Outcome::found(found_any))
}

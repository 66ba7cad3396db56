//! `sitrep story ID`: the members of one story or group of reprints.

use std::io::{self, BufWriter, Write};

use anyhow::{Context, Result};
use clap::Args;

use sitrep::groups::story;
use sitrep::render::human::write_story;

use super::args::PreferArgs;
use super::{Outcome, Session};

/// Shown after `sitrep story --help`.
pub const EXAMPLES: &str = "\
Examples:
  sitrep story 3f6c0a9e2b1d4c77                 a story's or group's id, as `search --collapse` prints it
  sitrep story wce-2023-06-24-004               the story of this article
  sitrep story ID --json";

#[derive(Debug, Args)]
pub struct StoryArgs {
    /// The id of a story or of a group of reprints (16 hex digits, as search
    /// prints it), or the id of any article (its story).
    id: String,
    /// Print JSON instead of text.
    #[arg(long)]
    pub json: bool,
    #[command(flatten)]
    pub prefer: PreferArgs,
}

pub fn run(session: &Session, args: &StoryArgs) -> Result<Outcome> {
    let (index, searcher) = session.open_searching()?;
    let story = story(&index, &searcher, &args.id, &args.prefer.prefer)?.with_context(|| {
        format!(
            "no group or article with id `{}` in the index {}; group ids are in `sitrep search --collapse stories` (or `copies`) and `--json`",
            args.id,
            index.dir.display()
        )
    })?;
    let mut out = BufWriter::new(io::stdout().lock());
    if args.json {
        serde_json::to_writer(&mut out, &story)?;
        writeln!(out)?;
    } else {
        write_story(&mut out, &story, session.style)?;
    }
    out.flush()?;
    Ok(Outcome::Found)
}

//! `sitrep show ID [QUERY]`: one stored article, the query's words marked,
//! through a pager on a terminal (as git does).

use std::io::{self, IsTerminal, Write};
use std::process::{Command, Stdio};

use anyhow::{Context, Result};
use clap::Args;

use sitrep::query::{compile_query, Filters};
use sitrep::render::human::write_article;
use sitrep::search::article_by_id;

use super::{Outcome, Session};

/// Shown after `sitrep show --help`.
pub const EXAMPLES: &str = "\
Examples:
  sitrep show wce-2023-06-24-004 wagner         ids are in search output (--json, --format csv)
  sitrep show \"$(sitrep search wagner --json | jq -r '.hits[0].id')\" wagner
  PAGER=cat sitrep show ID                      no pager";

/// The pager when $PAGER is not set: `-R` lets the colours through.
const DEFAULT_PAGER: &str = "less -R";

#[derive(Debug, Args)]
pub struct ShowArgs {
    /// The article's id, as search prints it.
    id: String,
    /// Mark the words of this query in the text.
    query: Option<String>,
}

pub fn run(session: &Session, args: &ShowArgs) -> Result<Outcome> {
    let (index, searcher) = session.open_searching()?;
    let article = article_by_id(&index, &searcher, &args.id)?.with_context(|| {
        format!(
            "no article with id `{}` in the index {}; ids are in `sitrep search --json` and `--format csv`",
            args.id,
            index.dir.display()
        )
    })?;
    let highlight = match &args.query {
        Some(query) => {
            Some(compile_query(&index, &searcher, query, &Filters::default())?.highlight)
        }
        None => None,
    };
    let mut text = Vec::new();
    write_article(&mut text, &article, highlight.as_ref(), session.style)?;
    if io::stdout().is_terminal() {
        page(&text)?;
    } else {
        io::stdout().lock().write_all(&text)?;
    }
    Ok(Outcome::Found)
}

/// Shows `text` through $PAGER (default `less -R`); an empty $PAGER, or
/// `cat`, prints it directly.
fn page(text: &[u8]) -> Result<()> {
    let pager = std::env::var("PAGER").unwrap_or_else(|_| DEFAULT_PAGER.to_string());
    let words = shlex::split(&pager).unwrap_or_default();
    let Some((program, rest)) = words.split_first() else {
        io::stdout().lock().write_all(text)?;
        return Ok(());
    };
    let mut child = Command::new(program)
        .args(rest)
        .stdin(Stdio::piped())
        .spawn()
        .with_context(|| format!("cannot start the pager `{pager}` (set PAGER, or PAGER=cat)"))?;
    if let Some(mut stdin) = child.stdin.take() {
        // The reader may quit before the end: that is a normal end.
        let _ = stdin.write_all(text);
    }
    child.wait()?;
    Ok(())
}

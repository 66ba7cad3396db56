//! The configuration file: `$SITREP_CONFIG`, else
//! `$XDG_CONFIG_HOME/sitrep/config.toml` (`~/.config/sitrep/config.toml`).
//! It sets defaults only: a flag wins over the environment (`SITREP_INDEX`,
//! `NO_COLOR`), which wins over the file, which wins over the built-in
//! defaults.
//!
//! ```toml
//! index = "/data/sitrep-index"   # --index
//! color = "never"                # --color: auto, always or never
//! limit = 20                     # search -n/--limit
//! prefer = ["AFP", "Reuters"]     # search, story and serve --prefer
//! ```

use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use clap::parser::ValueSource;
use clap::{ArgMatches, ValueEnum};
use serde::Deserialize;

use sitrep::groups::Source;

use super::{Cli, ColorChoice, Command};

/// What the file may set.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct Config {
    index: Option<PathBuf>,
    color: Option<String>,
    limit: Option<u16>,
    prefer: Option<Vec<String>>,
}

/// The file to read: `$SITREP_CONFIG` (which must exist), else the XDG one
/// if it exists.
fn config_path() -> Option<(PathBuf, bool)> {
    if let Some(path) = std::env::var_os("SITREP_CONFIG").filter(|p| !p.is_empty()) {
        return Some((PathBuf::from(path), true));
    }
    let base = std::env::var_os("XDG_CONFIG_HOME")
        .filter(|p| !p.is_empty())
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|home| Path::new(&home).join(".config")))?;
    Some((base.join("sitrep").join("config.toml"), false))
}

/// Fills in what neither a flag nor the environment gave from the file.
pub fn apply(cli: &mut Cli, matches: &ArgMatches) -> Result<()> {
    let Some((path, required)) = config_path() else {
        return Ok(());
    };
    if !required && !path.is_file() {
        return Ok(());
    }
    let text = std::fs::read_to_string(&path)
        .with_context(|| format!("cannot read the configuration file {}", path.display()))?;
    let config: Config =
        toml::from_str(&text).with_context(|| format!("configuration file {}", path.display()))?;
    let defaulted =
        |m: &ArgMatches, id: &str| m.value_source(id) == Some(ValueSource::DefaultValue);
    if let Some(index) = config.index {
        if defaulted(matches, "index") {
            cli.index = index;
        }
    }
    if let Some(color) = config.color {
        let choice = ColorChoice::from_str(&color, true).map_err(|_| {
            anyhow::anyhow!(
                "configuration file {}: color = \"{color}\": use auto, always or never",
                path.display()
            )
        })?;
        if defaulted(matches, "color") {
            cli.color = choice;
        }
    }
    if let Some(limit) = config.limit {
        if usize::from(limit) > sitrep::search::MAX_LIMIT {
            anyhow::bail!(
                "configuration file {}: limit = {limit}: at most {}",
                path.display(),
                sitrep::search::MAX_LIMIT
            );
        }
        if let (Command::Search(args), Some(("search", sub))) =
            (&mut cli.command, matches.subcommand())
        {
            if defaulted(sub, "limit") {
                args.limit = limit;
            }
        }
    }
    if let Some(names) = config.prefer {
        let prefer = names
            .iter()
            .map(|name| Source::parse(name))
            .collect::<sitrep::Result<Vec<_>>>()
            .with_context(|| format!("configuration file {}: prefer", path.display()))?;
        let given = match &mut cli.command {
            Command::Search(args) => Some(&mut args.prefer),
            Command::Story(args) => Some(&mut args.prefer),
            Command::Serve(args) => Some(&mut args.prefer),
            _ => None,
        };
        if let Some(given) = given.filter(|g| g.prefer.is_empty()) {
            given.prefer = prefer;
        }
    }
    Ok(())
}

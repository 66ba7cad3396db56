//! `sitrep completions SHELL`: the shell completion script (clap_complete).

use std::io;

use anyhow::Result;
use clap::{Args, CommandFactory};
use clap_complete::Shell;

use super::{Cli, Outcome};

/// Shown after `sitrep completions --help`.
pub const EXAMPLES: &str = "\
Examples:
  sitrep completions bash > ~/.local/share/bash-completion/completions/sitrep
  sitrep completions zsh > ~/.zfunc/_sitrep
  sitrep completions fish > ~/.config/fish/completions/sitrep.fish";

#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell to complete in.
    #[arg(value_enum)]
    shell: Shell,
}

pub fn run(args: &CompletionsArgs) -> Result<Outcome> {
    clap_complete::generate(
        args.shell,
        &mut Cli::command(),
        "sitrep",
        &mut io::stdout().lock(),
    );
    Ok(Outcome::Found)
}

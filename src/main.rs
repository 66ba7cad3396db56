//! The `sitrep` binary: parses arguments, runs the command, maps the outcome
//! to an exit code (0 hits, 1 no hits, 2 error).

mod cli;

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let args = cli::Cli::parse();
    match cli::run(args) {
        Ok(cli::Outcome::Found) => ExitCode::SUCCESS,
        Ok(cli::Outcome::NothingFound) => ExitCode::from(1),
        Err(err) if cli::is_broken_pipe(&err) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("error: {err:#}");
            ExitCode::from(2)
        }
    }
}

//! The `sitrep` binary: parses arguments, runs the command, maps the outcome
//! to an exit code (0 hits, 1 no hits, 2 error).

mod cli;

use std::io::{self, Write};
use std::panic::{self, AssertUnwindSafe};
use std::process::ExitCode;
use std::sync::Mutex;

/// jemalloc instead of the system allocator: see `tikv-jemallocator` in
/// Cargo.toml for why.
#[cfg(not(target_env = "msvc"))]
#[global_allocator]
static ALLOCATOR: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;

/// Where the last panic happened, recorded by the hook for the message.
static PANIC_AT: Mutex<Option<String>> = Mutex::new(None);

/// Whether an error came from tantivy reading or writing the index files.
fn is_tantivy(err: &anyhow::Error) -> bool {
    err.chain().any(|e| {
        matches!(
            e.downcast_ref::<sitrep::Error>(),
            Some(sitrep::Error::Tantivy(_))
        ) || e.downcast_ref::<tantivy::TantivyError>().is_some()
    })
}

fn main() -> ExitCode {
    let args = match cli::Cli::parse_with_config() {
        Ok(args) => args,
        Err(err) => {
            eprintln!("error: {err:#}");
            return ExitCode::from(2);
        }
    };
    let index = args.index_dir().display().to_string();
    let json = args.prints_json();
    // tantivy trusts its files: a segment overwritten in the middle (a
    // failing disk, another program) can make it panic. Report that as an
    // error with the fix instead of a backtrace.
    panic::set_hook(Box::new(|info| {
        let at = info
            .location()
            .map(|l| format!("{}:{}", l.file(), l.line()));
        if let Ok(mut slot) = PANIC_AT.lock() {
            *slot = at;
        }
    }));
    let outcome = panic::catch_unwind(AssertUnwindSafe(|| cli::run(args)));
    match outcome {
        Ok(Ok(cli::Outcome::Found)) => ExitCode::SUCCESS,
        Ok(Ok(cli::Outcome::NothingFound)) => ExitCode::from(1),
        Ok(Err(err)) if cli::is_broken_pipe(&err) => ExitCode::SUCCESS,
        Ok(Err(err)) => {
            let message = if is_tantivy(&err) {
                format!("index {index}: {err:#}; if the index is damaged, rebuild it with `sitrep index --rebuild`")
            } else {
                format!("{err:#}")
            };
            eprintln!("error: {message}");
            if json && err.downcast_ref::<cli::ReportedOnStdout>().is_none() {
                // The reader may have gone: nothing more can be said then.
                let _ = writeln!(io::stdout(), "{}", cli::error_json(&err, &message));
            }
            ExitCode::from(2)
        }
        Err(payload) => {
            let what = payload
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| payload.downcast_ref::<String>().cloned())
                .unwrap_or_default();
            let at = PANIC_AT
                .lock()
                .ok()
                .and_then(|s| s.clone())
                .unwrap_or_default();
            eprintln!(
                "error: internal failure ({what} at {at}); if the index {index} is damaged, rebuild it with `sitrep index --rebuild`, otherwise please report this"
            );
            ExitCode::from(2)
        }
    }
}

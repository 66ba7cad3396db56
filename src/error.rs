//! Typed errors of the library. The binary adds context with `anyhow` and maps
//! every error to exit code 2.

use std::path::PathBuf;

/// Everything that can go wrong inside sitrep, phrased so a user can act on it.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A query string that does not parse; `position` is a byte offset into it.
    #[error("query syntax error at column {column}: {message}\n  {query}\n  {pointer}", column = position + 1, pointer = pointer_line(*position))]
    QuerySyntax {
        /// The query as typed.
        query: String,
        /// Byte offset of the offending token.
        position: usize,
        /// What is wrong and what would be accepted.
        message: String,
    },
    /// A query that would expand to too much work (e.g. `a*`).
    #[error("query refused: {0}")]
    QueryTooBroad(String),
    /// A command-line value that cannot be used (bad date, unknown facet name...).
    #[error("{flag}: {message}")]
    BadArgument {
        /// The flag, e.g. `--from`.
        flag: String,
        /// What is wrong, with suggestions where possible.
        message: String,
    },
    /// A gazetteer data file with a malformed line.
    #[error("{path}:{line}: {message}")]
    Gazetteer {
        /// The file, or the name of the embedded file.
        path: String,
        /// 1-based line number.
        line: usize,
        /// What is wrong with it.
        message: String,
    },
    /// The index directory is missing or holds something we cannot read.
    #[error("index {path}: {message}")]
    Index {
        /// The index directory.
        path: PathBuf,
        /// What is wrong and how to fix it.
        message: String,
    },
    /// A Quickwit node that cannot be reached, or that refused a request.
    #[error("Quickwit at {url}: {message}")]
    Remote {
        /// The node's base URL.
        url: String,
        /// What went wrong and what to check.
        message: String,
    },
    /// A file that cannot be written (export output).
    #[error("{path}: {message}")]
    Output {
        /// The file or folder.
        path: PathBuf,
        /// What went wrong.
        message: String,
    },
    /// An error from tantivy.
    #[error(transparent)]
    Tantivy(#[from] tantivy::TantivyError),
    /// An I/O error.
    #[error(transparent)]
    Io(#[from] std::io::Error),
}

fn pointer_line(position: usize) -> String {
    format!("{}^", " ".repeat(position))
}

/// Result alias for the library.
pub type Result<T, E = Error> = std::result::Result<T, E>;

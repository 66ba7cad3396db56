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
    /// A value of a request that cannot be used (bad date, unknown facet
    /// name...). Shown as the command line names it (`--from: ...`); the API
    /// names the URL parameter instead ([`Arg::parameter`]).
    #[error("{}: {message}", arg.flag())]
    BadArgument {
        /// What the value was given for.
        arg: Arg,
        /// What is wrong, with suggestions where possible.
        message: String,
    },
    /// A file or folder to read that does not exist.
    #[error("{}: no such file or directory", path.display())]
    NoSuchInput {
        /// The path as given.
        path: PathBuf,
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
    /// The disk holding the index filled up (or its quota ran out) while
    /// `sitrep index` wrote a batch or committed it. The index keeps its last
    /// commit, and what the failed batch wrote has been removed.
    #[error("index {}: the disk is full ({detail}): the index keeps its last commit ({documents} documents) and what this run wrote since was removed; free some space and run `sitrep index` again to go on from there", path.display())]
    DiskFull {
        /// The index directory.
        path: PathBuf,
        /// The system's words for it (`No space left on device`).
        detail: String,
        /// Documents in the last commit.
        documents: u64,
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
    /// The saved searches cannot be read or written.
    #[error("{path}: {message}")]
    Watches {
        /// The file of saved searches.
        path: PathBuf,
        /// What went wrong and what to do.
        message: String,
    },
    /// An error from tantivy.
    #[error(transparent)]
    Tantivy(#[from] tantivy::TantivyError),
    /// An I/O error.
    #[error(transparent)]
    Io(#[from] std::io::Error),
}

/// What a bad value was given for. Each front end names it its own way:
/// the command line by its flag (`--from`), the API by its URL parameter (`from`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Arg {
    /// The query text.
    Query,
    /// The first day.
    From,
    /// The last day.
    To,
    /// A region filter.
    Region,
    /// An actor filter.
    Actor,
    /// An event type filter.
    Event,
    /// A UCDP violence type filter.
    Violence,
    /// A language filter.
    Lang,
    /// The least number killed.
    KilledMin,
    /// The hit order.
    Sort,
    /// The recency half-life.
    Recent,
    /// Hits per request.
    Limit,
    /// Hits to skip.
    Offset,
    /// The Quickwit node's URL.
    Quickwit,
    /// The Quickwit index id.
    IndexId,
    /// A saved search's name.
    WatchName,
    /// How many top values to show.
    Top,
    /// The grouping of hits.
    Collapse,
    /// The score breakdown of each hit.
    Explain,
    /// A preferred source.
    Prefer,
}

impl Arg {
    /// The command line's name for it.
    pub fn flag(self) -> &'static str {
        match self {
            Arg::Query => "query",
            Arg::From => "--from",
            Arg::To => "--to",
            Arg::Region => "--region",
            Arg::Actor => "--actor",
            Arg::Event => "--event",
            Arg::Violence => "--violence",
            Arg::Lang => "--lang",
            Arg::KilledMin => "--killed-min",
            Arg::Sort => "--sort",
            Arg::Recent => "--recent",
            Arg::Limit => "--limit",
            Arg::Offset => "--offset",
            Arg::Quickwit => "--quickwit",
            Arg::IndexId => "--index-id",
            Arg::WatchName => "name",
            Arg::Top => "--top",
            Arg::Collapse => "--collapse",
            Arg::Explain => "--explain",
            Arg::Prefer => "--prefer",
        }
    }

    /// The API's URL parameter for it.
    pub fn parameter(self) -> &'static str {
        match self {
            Arg::Query => "q",
            Arg::From => "from",
            Arg::To => "to",
            Arg::Region => "region",
            Arg::Actor => "actor",
            Arg::Event => "event",
            Arg::Violence => "violence",
            Arg::Lang => "lang",
            Arg::KilledMin => "killed_min",
            Arg::Sort => "sort",
            Arg::Recent => "recent",
            Arg::Limit => "limit",
            Arg::Offset => "offset",
            Arg::Quickwit => "quickwit",
            Arg::IndexId => "index_id",
            Arg::WatchName => "name",
            Arg::Top => "top",
            Arg::Collapse => "collapse",
            Arg::Explain => "explain",
            Arg::Prefer => "prefer",
        }
    }
}

impl Error {
    /// A bad value for `arg`.
    pub fn bad(arg: Arg, message: impl Into<String>) -> Self {
        Error::BadArgument {
            arg,
            message: message.into(),
        }
    }

    /// The system's message when the error is a full disk or an exceeded
    /// quota (`No space left on device (os error 28)`), however tantivy
    /// wrapped it: some of its layers keep an io error's kind, others box it
    /// in their own error type or turn it into text, with `Display` (`No
    /// space left on device (os error 28)`) or `Debug` (`Os { code: 28, ..,
    /// message: "No space left on device" }`); every one keeps the words.
    pub fn disk_full(&self) -> Option<String> {
        let text = self.to_string();
        full_disk_messages()
            .iter()
            .find(|(words, _)| text.contains(words.as_str()))
            .map(|(_, message)| message.clone())
    }
}

/// This system's words for a full disk and an exceeded quota, each with the
/// message of its io error: found by kind among the error codes, not
/// spelled here, since codes and words differ between systems.
fn full_disk_messages() -> &'static [(String, String)] {
    use std::io::ErrorKind;
    static MESSAGES: std::sync::LazyLock<Vec<(String, String)>> = std::sync::LazyLock::new(|| {
        (1..256)
            .map(std::io::Error::from_raw_os_error)
            .filter(|e| matches!(e.kind(), ErrorKind::StorageFull | ErrorKind::QuotaExceeded))
            .map(|e| {
                let message = e.to_string();
                let words = message.split(" (os error").next().unwrap_or_default();
                (words.to_string(), message)
            })
            .collect()
    });
    &MESSAGES
}

fn pointer_line(position: usize) -> String {
    format!("{}^", " ".repeat(position))
}

/// Result alias for the library.
pub type Result<T, E = Error> = std::result::Result<T, E>;

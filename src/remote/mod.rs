//! Scale-out: the same enriched documents in a Quickwit cluster. `config`
//! derives Quickwit's index config from `schema.json`, `document` turns an
//! enriched article into the JSON Quickwit ingests, `export` writes those
//! documents to bounded NDJSON files, `client` talks to a node's REST API
//! (with retries), `push` streams documents to it, and `search` translates
//! a sitrep search into a Quickwit request and its answer back into
//! [`SearchResults`](crate::search::SearchResults).

mod client;
mod config;
mod document;
mod export;
mod groups;
mod push;
mod search;
mod spool;
mod translate;

pub use client::{Quickwit, Retry};
pub use config::{quickwit_index_config, CONFIG_FILE};
pub use document::{DocumentFormat, RemoteDocument};
pub use export::{export_paths, ExportOptions, ExportReport};
pub use push::{push_paths, PushOptions, PushReport};
pub use translate::{facet_clause_note, to_quickwit_query, Translated};

/// Splits NDJSON lines into chunks of at most `max_bytes` (a line longer
/// than that gets a chunk of its own): the unit of one export file or one
/// ingest request.
#[derive(Debug)]
pub(crate) struct NdjsonChunks {
    max_bytes: usize,
    buf: Vec<u8>,
    lines: usize,
}

impl NdjsonChunks {
    pub(crate) fn new(max_bytes: usize) -> Self {
        NdjsonChunks {
            max_bytes,
            buf: Vec::new(),
            lines: 0,
        }
    }

    /// Adds one line (without its newline); returns the previous chunk with
    /// its line count when this line does not fit in it.
    pub(crate) fn push(&mut self, line: &[u8]) -> Option<(Vec<u8>, usize)> {
        let full = !self.buf.is_empty() && self.buf.len() + line.len() + 1 > self.max_bytes;
        let done = if full { self.take() } else { None };
        self.buf.extend_from_slice(line);
        self.buf.push(b'\n');
        self.lines += 1;
        done
    }

    /// The last, partly filled chunk, if any.
    pub(crate) fn take(&mut self) -> Option<(Vec<u8>, usize)> {
        if self.buf.is_empty() {
            return None;
        }
        let lines = std::mem::take(&mut self.lines);
        Some((std::mem::take(&mut self.buf), lines))
    }
}

#[cfg(test)]
mod tests {
    use super::NdjsonChunks;

    #[test]
    fn chunks_stay_under_the_limit_and_keep_every_line() {
        let mut chunks = NdjsonChunks::new(10);
        let mut out = Vec::new();
        for line in ["aaaa", "bbbb", "cccc", "a-very-long-line", "d"] {
            out.extend(chunks.push(line.as_bytes()));
        }
        out.extend(chunks.take());
        let texts: Vec<(String, usize)> = out
            .into_iter()
            .map(|(b, n)| (String::from_utf8(b).unwrap(), n))
            .collect();
        assert_eq!(
            texts,
            [
                ("aaaa\nbbbb\n".to_string(), 2),
                ("cccc\n".to_string(), 1),
                ("a-very-long-line\n".to_string(), 1),
                ("d\n".to_string(), 1)
            ]
        );
        assert!(chunks.take().is_none());
    }
}

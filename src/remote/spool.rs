//! Documents held back until every one has been read: a document's `copy`
//! id (its group of reprints) depends on all the others, so `export` and
//! `push` write each line to a temporary file as it is enriched, keep only
//! its fingerprint and day in memory (about 170 bytes a document), group
//! them all as the local index would ([`copy_ids`]), and then hand out the
//! lines with their group's id.

use std::fs::File;
use std::io::{BufRead, BufReader, BufWriter, Seek, SeekFrom, Write};

use super::document::{DocumentFormat, RemoteDocument};
use crate::error::{Error, Result};
use crate::index::{copy_ids, day_number, EnrichedArticle, Fingerprint};

/// The lines read so far and what grouping them needs.
pub(crate) struct Spool {
    file: BufWriter<File>,
    prints: Vec<(i64, Fingerprint)>,
    format: DocumentFormat,
}

impl Spool {
    /// An empty spool in the system's temporary folder (an unnamed file,
    /// gone when the process ends, however it ends).
    pub(crate) fn new(format: DocumentFormat) -> Result<Spool> {
        let file = tempfile::tempfile().map_err(|e| Error::Output {
            path: std::env::temp_dir(),
            message: format!("cannot create a temporary file: {e}"),
        })?;
        Ok(Spool {
            file: BufWriter::new(file),
            prints: Vec::new(),
            format,
        })
    }

    /// Holds one document.
    pub(crate) fn push(&mut self, doc: &EnrichedArticle) -> Result<()> {
        let print = Fingerprint::of(&doc.article);
        let line = RemoteDocument::new(doc, self.format, print.key).to_line();
        self.prints.push((day_number(doc.article.date), print));
        self.file
            .write_all(&line)
            .and_then(|()| self.file.write_all(b"\n"))
            .map_err(spool_error)
    }

    /// Groups the documents and hands each line, with its group's `copy`
    /// id, to `on_line` in the order they were pushed.
    pub(crate) fn drain(self, on_line: &mut dyn FnMut(Vec<u8>) -> Result<()>) -> Result<()> {
        let ids = copy_ids(self.prints);
        let mut file = self
            .file
            .into_inner()
            .map_err(|e| spool_error(e.into_error()))?;
        file.seek(SeekFrom::Start(0)).map_err(spool_error)?;
        let mut reader = BufReader::new(file);
        let mut line = Vec::new();
        for id in ids {
            line.clear();
            reader.read_until(b'\n', &mut line).map_err(spool_error)?;
            line.pop();
            on_line(RemoteDocument::with_copy(&line, id))?;
        }
        Ok(())
    }
}

fn spool_error(e: std::io::Error) -> Error {
    Error::Output {
        path: std::env::temp_dir(),
        message: format!("cannot write or read back the temporary file of documents: {e}"),
    }
}

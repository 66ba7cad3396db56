//! Documents held back until every one has been read: a document's `copy`
//! and `story` ids (its group of reprints and its story) depend on all the
//! others, so `export` and `push` write each line to a temporary file as it
//! is enriched, keep only its fingerprint, sketch and day in memory (about
//! 450 bytes a document), group them all as the local index would
//! ([`group_ids`]), and then hand out the lines with their ids.

use std::fs::File;
use std::io::{BufRead, BufReader, BufWriter, Seek, SeekFrom, Write};

use super::document::{DocumentFormat, RemoteDocument};
use crate::error::{Error, Result};
use crate::index::{
    day_number, fingerprint_and_sketch, group_ids, EnrichedArticle, Fingerprint, GroupIds, Sketch,
};

/// The lines read so far and what grouping them needs.
pub(crate) struct Spool {
    file: BufWriter<File>,
    prints: Vec<(i64, Fingerprint, Sketch)>,
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
        let (print, sketch) = fingerprint_and_sketch(&doc.article, &doc.enrichment);
        let own = GroupIds {
            copy: print.key,
            story: print.key,
        };
        let line = RemoteDocument::new(doc, self.format, own).to_line();
        self.prints
            .push((day_number(doc.article.date), print, sketch));
        self.file
            .write_all(&line)
            .and_then(|()| self.file.write_all(b"\n"))
            .map_err(spool_error)
    }

    /// Groups the documents and hands each line, with its `copy` and
    /// `story` ids, to `on_line` in the order they were pushed.
    pub(crate) fn drain(self, on_line: &mut dyn FnMut(Vec<u8>) -> Result<()>) -> Result<()> {
        let ids = group_ids(self.prints);
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
            on_line(RemoteDocument::with_groups(&line, id))?;
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

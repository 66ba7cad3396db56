//! `sitrep export`: the enriched documents as NDJSON files of bounded size
//! (`documents-00001.ndjson`, ...) and, for Quickwit, the index config
//! beside them, ready for `quickwit index create` and `quickwit index ingest`.

use std::path::{Path, PathBuf};

use super::config::{quickwit_index_config, CONFIG_FILE};
use super::document::DocumentFormat;
use super::spool::Spool;
use super::NdjsonChunks;
use crate::enrich::Gazetteer;
use crate::error::{Error, Result};
use crate::index::{enriched_batches, IndexOptions, IndexReport, SchemaSpec};
use crate::parse::Warning;

/// What to export and where.
#[derive(Debug, Clone)]
pub struct ExportOptions {
    /// Files and folders, read as `sitrep index` reads them.
    pub input: IndexOptions,
    /// Output folder: created, and refused if it holds anything already.
    pub out: PathBuf,
    /// Document shape.
    pub format: DocumentFormat,
    /// Largest output file (a single larger document gets a file of its own).
    pub max_bytes: usize,
    /// Index id written into the Quickwit config.
    pub index_id: String,
}

/// What an export wrote.
#[derive(Debug, Default)]
pub struct ExportReport {
    /// Files, articles, bytes and skipped records read.
    pub read: IndexReport,
    /// NDJSON files written, in order.
    pub files: Vec<PathBuf>,
    /// Bytes written to them.
    pub bytes: u64,
    /// The index config, for the Quickwit format.
    pub config: Option<PathBuf>,
}

/// Exports `options.input.paths` into `options.out`.
pub fn export_paths(
    gazetteer: &Gazetteer,
    options: &ExportOptions,
    on_warning: &(dyn Fn(&Warning) + Sync),
) -> Result<ExportReport> {
    prepare_dir(&options.out)?;
    let mut report = ExportReport::default();
    if options.format == DocumentFormat::Quickwit {
        let path = options.out.join(CONFIG_FILE);
        let config = quickwit_index_config(&SchemaSpec::embedded(), &options.index_id);
        write(&path, config.as_bytes())?;
        report.config = Some(path);
    }
    let mut chunks = NdjsonChunks::new(options.max_bytes);
    let mut files = Vec::new();
    let mut bytes = 0u64;
    let mut flush = |chunk: Vec<u8>, files: &mut Vec<PathBuf>| -> Result<()> {
        let path = options
            .out
            .join(format!("documents-{:05}.ndjson", files.len() + 1));
        write(&path, &chunk)?;
        bytes += chunk.len() as u64;
        files.push(path);
        Ok(())
    };
    // Every document is read before any is written: its `copy` id depends
    // on the others.
    let mut spool = Spool::new(options.format)?;
    report.read = enriched_batches(
        gazetteer,
        &options.input,
        "exporting",
        Some(&options.out),
        on_warning,
        &mut |docs| docs.iter().try_for_each(|doc| spool.push(doc)),
    )?;
    spool.drain(&mut |line| {
        if let Some((chunk, _)) = chunks.push(&line) {
            flush(chunk, &mut files)?;
        }
        Ok(())
    })?;
    if let Some((chunk, _)) = chunks.take() {
        flush(chunk, &mut files)?;
    }
    report.files = files;
    report.bytes = bytes;
    Ok(report)
}

/// Creates the output folder; one that holds files already is refused, so
/// an export never mixes with an older one.
fn prepare_dir(dir: &Path) -> Result<()> {
    let output = |message: String| Error::Output {
        path: dir.to_path_buf(),
        message,
    };
    if dir.exists() {
        let mut entries =
            std::fs::read_dir(dir).map_err(|e| output(format!("cannot read it: {e}")))?;
        if entries.next().is_some() {
            return Err(output(
                "is not empty: export into a new or empty folder".to_string(),
            ));
        }
    }
    std::fs::create_dir_all(dir).map_err(|e| output(format!("cannot create it: {e}")))
}

fn write(path: &Path, bytes: &[u8]) -> Result<()> {
    std::fs::write(path, bytes).map_err(|e| Error::Output {
        path: path.to_path_buf(),
        message: format!("cannot write it: {e}"),
    })
}

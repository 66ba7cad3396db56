//! `sitrep push`: parse and enrich locally, group reprints (`copy`) over
//! everything read, send the documents to a Quickwit index in bounded
//! NDJSON requests, create the index first if it
//! does not exist, and commit at the end so everything is searchable when
//! the push returns.

use std::time::{Duration, Instant};

use super::client::Quickwit;
use super::config::quickwit_index_config;
use super::document::DocumentFormat;
use super::spool::Spool;
use super::NdjsonChunks;
use crate::enrich::Gazetteer;
use crate::error::Result;
use crate::index::{enriched_batches, IndexOptions, IndexReport, SchemaSpec};
use crate::parse::Warning;

/// What to push and how.
#[derive(Debug, Clone)]
pub struct PushOptions {
    /// Files and folders, read as `sitrep index` reads them.
    pub input: IndexOptions,
    /// Largest ingest request body. Quickwit 0.8 refuses bodies over 10 MiB.
    pub batch_bytes: usize,
}

/// What a push did.
#[derive(Debug, Default)]
pub struct PushReport {
    /// Files, articles, bytes and skipped records read.
    pub read: IndexReport,
    /// Whether the index was created by this push.
    pub created: bool,
    /// Ingest requests sent.
    pub requests: usize,
    /// Documents sent.
    pub sent: u64,
    /// Documents the node accepted for indexing.
    pub accepted: u64,
    /// Wall time, reading and sending.
    pub elapsed: Duration,
}

/// Pushes `options.input.paths` to the client's index.
pub fn push_paths(
    client: &Quickwit,
    gazetteer: &Gazetteer,
    options: &PushOptions,
    on_warning: &(dyn Fn(&Warning) + Sync),
) -> Result<PushReport> {
    let started = Instant::now();
    let mut report = PushReport::default();
    let spec = SchemaSpec::embedded();
    match client.index_metadata()? {
        Some(metadata) => check_mapping(client, &spec, &metadata)?,
        None => {
            client.create_index(&quickwit_index_config(&spec, client.index_id()))?;
            report.created = true;
        }
    }
    let mut chunks = NdjsonChunks::new(options.batch_bytes);
    // One full request is held back so that the last one can force the commit.
    let mut pending: Option<(Vec<u8>, usize)> = None;
    let (mut requests, mut sent, mut accepted) = (0usize, 0u64, 0u64);
    let mut send = |(body, lines): (Vec<u8>, usize), commit: bool| -> Result<()> {
        accepted += client.ingest(&body, commit)?;
        sent += lines as u64;
        requests += 1;
        Ok(())
    };
    // Every document is read before any is sent: its `copy` id depends on
    // the others.
    let mut spool = Spool::new(DocumentFormat::Quickwit)?;
    report.read = enriched_batches(
        gazetteer,
        &options.input,
        "pushing",
        None,
        on_warning,
        &mut |docs| docs.iter().try_for_each(|doc| spool.push(doc)),
    )?;
    spool.drain(&mut |line| {
        if let Some(previous) = chunks.push(&line).and_then(|full| pending.replace(full)) {
            send(previous, false)?;
        }
        Ok(())
    })?;
    if let Some(previous) = chunks.take().and_then(|last| pending.replace(last)) {
        send(previous, false)?;
    }
    if let Some(last) = pending {
        send(last, true)?;
    }
    (report.requests, report.sent, report.accepted) = (requests, sent, accepted);
    report.elapsed = started.elapsed();
    Ok(report)
}

/// Refuses to push into an existing index that lacks some of sitrep's
/// fields: Quickwit would drop those fields (lenient mapping) or the
/// documents (strict) after accepting them, with no error to the sender.
fn check_mapping(client: &Quickwit, spec: &SchemaSpec, metadata: &serde_json::Value) -> Result<()> {
    let mapped: Vec<&str> = metadata["index_config"]["doc_mapping"]["field_mappings"]
        .as_array()
        .map(|fields| fields.iter().filter_map(|f| f["name"].as_str()).collect())
        .unwrap_or_default();
    let missing: Vec<&str> = spec
        .fields
        .iter()
        .filter(|f| !f.local)
        .map(|f| f.name.as_str())
        .filter(|name| !mapped.contains(name))
        .collect();
    if missing.is_empty() {
        return Ok(());
    }
    Err(client.error(format!(
        "index `{}` exists with another schema (no field {}): delete it (`quickwit index delete --index {}`) or push to another --index-id",
        client.index_id(),
        missing
            .iter()
            .map(|m| format!("`{m}`"))
            .collect::<Vec<_>>()
            .join(", "),
        client.index_id()
    )))
}

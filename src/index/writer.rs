//! Walking inputs and writing them into the index: files are parsed and
//! enriched in parallel (rayon) and handed to tantivy's writer threads.

use std::collections::{HashMap, HashSet};
use std::io::Read;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use chrono::{Datelike, NaiveDate};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use rayon::prelude::*;
use tantivy::columnar::Column;
use tantivy::schema::{Facet, Field, IndexRecordOption, OwnedValue};
use tantivy::tokenizer::{PreTokenizedString, TextAnalyzer};
use tantivy::{DateTime, DocSet, IndexWriter, Searcher, TantivyDocument, Term, TERMINATED};
use walkdir::WalkDir;
use xxhash_rust::xxh3::{xxh3_64, Xxh3};

use super::copies::{dirty_groups, regroup, shared_groups, GroupIds, GroupingState};
use super::fingerprint::key_of;
use super::merge::{BoundedMergePolicy, MAX_MERGE_BYTES};
use super::schema::indexing_english_analyzer;
use super::sketch::fingerprint_and_sketch;
use super::{FieldName, Fields, SitrepIndex};
use crate::article::Article;
use crate::enrich::{enrich, CasualtyReport, Enrichment, Gazetteer};
use crate::error::{Error, Result};
use crate::language::Language;
use crate::parse::{
    open_json_lines, parse_bytes, read_file, FileOutcome, Format, JsonLines, Warning,
};

/// Memory for tantivy's indexing threads, shared between them.
const WRITER_MEMORY: usize = 256 * 1024 * 1024;
/// Input bytes per commit: bounds the work a killed run loses.
const BATCH_BYTES: u64 = 64 * 1024 * 1024;
/// Files per commit, for folders of many small files.
const BATCH_FILES: usize = 20_000;

/// Whether a grouping pass is due after a batch, with `ungrouped` documents
/// added since the last pass among the committed `docs`. A pass reads every
/// document dated within days of the ungrouped ones, which for an archive
/// not walked in date order is the whole index: one pass per batch made a
/// bulk build quadratic (a million generated articles, 67 passes). Passing
/// when the ungrouped reach half the grouped reads each document a bounded
/// number of times in all (the passes' sizes grow geometrically).
fn pass_due(ungrouped: u64, docs: u64) -> bool {
    2 * ungrouped >= docs.saturating_sub(ungrouped)
}

/// What to index and how.
#[derive(Debug, Clone)]
pub struct IndexOptions {
    /// Files and folders to index.
    pub paths: Vec<PathBuf>,
    /// Files larger than this are skipped with a warning.
    pub max_file_size: u64,
    /// Draw a progress bar on stderr (only shown on a terminal).
    pub progress: bool,
    /// Commit after at most this many files (default [`BATCH_FILES`]); the
    /// byte bound [`BATCH_BYTES`] applies as well.
    pub commit_every: Option<usize>,
    /// Fingerprint and sketch the documents and group them into reprints
    /// and stories (the default). Off, every document is a group and a
    /// story of its own, with neither fingerprint nor sketch, and no
    /// grouping pass runs: only to measure what grouping costs
    /// (`examples/bench_build.rs`), on an index that is never grouped.
    pub grouping: bool,
    /// Group after every commit, so that each commit's documents are grouped
    /// when the caller's `on_commit` reads them (`sitrep index --watch`
    /// tells a reprint of what it reported). Otherwise a run that only adds
    /// documents groups when the ungrouped ones reach half the grouped
    /// ([`pass_due`]) and at its end.
    pub group_each_commit: bool,
}

impl Default for IndexOptions {
    fn default() -> Self {
        IndexOptions {
            paths: Vec::new(),
            max_file_size: DEFAULT_MAX_FILE_SIZE,
            progress: false,
            commit_every: None,
            grouping: true,
            group_each_commit: false,
        }
    }
}

/// The default of `--max-file-size`: 32 MiB.
pub const DEFAULT_MAX_FILE_SIZE: u64 = 32 * 1024 * 1024;

/// What an indexing run did.
#[derive(Debug, Default)]
pub struct IndexReport {
    /// Article files read (text and JSON): the added and updated ones.
    pub files: usize,
    /// Files indexed for the first time.
    pub added: usize,
    /// Files indexed before whose content changed.
    pub updated: usize,
    /// Files indexed before that are no longer found under the given paths.
    pub removed: usize,
    /// Files indexed before and unchanged: same size and modification time
    /// (not read again), or same content (read and hashed, not parsed).
    pub unchanged: usize,
    /// Files of which nothing could be indexed (unreadable, too large, not
    /// articles, every record bad): not counted as added, tried again next run.
    pub failed: usize,
    /// Articles added or replaced.
    pub articles: usize,
    /// Files and records skipped, each with a warning.
    pub skipped: usize,
    /// Files left alone because they are not article files (`.md`, `.csv`...).
    pub ignored: Vec<PathBuf>,
    /// Bytes of article files read (files skipped unread do not count).
    pub bytes: u64,
    /// Wall time.
    pub elapsed: Duration,
    /// The run before this one, when it was interrupted (killed before it
    /// finished): its uncommitted files were removed.
    pub interrupted: Option<String>,
    /// Documents in the index after the commit.
    pub total_docs: u64,
}

impl IndexReport {
    /// Whether the run was given files to index and the index holds none
    /// of them: every one failed (none was added, updated or unchanged).
    pub fn indexed_nothing(&self) -> bool {
        self.failed > 0 && self.added + self.updated + self.unchanged == 0
    }

    /// Input throughput in MB/s.
    pub fn mb_per_sec(&self) -> f64 {
        self.bytes as f64 / 1e6 / self.elapsed.as_secs_f64().max(1e-9)
    }
}

/// An input file and the format to read it as.
struct Input {
    path: PathBuf,
    /// Absolute path: the key its documents are stored under.
    key: String,
    format: Format,
    size: u64,
    /// Modification time, nanoseconds since 1970 (0 if unknown).
    mtime: u64,
}

/// What the index recorded about a file when it last read it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Stamp {
    size: u64,
    mtime: u64,
    /// xxh3-64 of the bytes.
    hash: u64,
}

/// Whether an input must be read and indexed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Change {
    Added,
    Updated,
    Unchanged,
}

/// Indexes `options.paths` into `index`: every article file is parsed,
/// enriched and added; documents previously indexed from the same file or
/// with the same id are replaced, so re-indexing never duplicates. Problems
/// with single files or records go to `on_warning` and do not stop the run.
/// Commits every batch of files ([`BATCH_BYTES`], [`BATCH_FILES`] or
/// [`IndexOptions::commit_every`]): a run that
/// is interrupted leaves the index as it was at its last commit, and a file's
/// old and new documents are never committed apart.
pub fn index_paths(
    index: &SitrepIndex,
    gazetteer: &Gazetteer,
    options: &IndexOptions,
    on_warning: &(dyn Fn(&Warning) + Sync),
) -> Result<IndexReport> {
    index_paths_with::<Error>(index, gazetteer, options, on_warning, &mut |_| Ok(()))
}

/// A commit [`index_paths_with`] made.
#[derive(Debug, Clone, Copy)]
pub struct Commit {
    /// Its opstamp: every document added later gets an `added` stamp at
    /// least this large, and every document it holds a smaller one.
    pub opstamp: u64,
}

/// Why [`index_paths_with`] stopped before the end: the index failed (the
/// run's uncommitted work is then removed), or `on_commit` did.
enum Stop<E> {
    Index(Error),
    Caller(E),
}

impl<E> From<Error> for Stop<E> {
    fn from(error: Error) -> Self {
        Stop::Index(error)
    }
}

/// [`index_paths`], calling `on_commit` after each commit (before the next
/// batch is read), so that what it added can be matched at once: `sitrep
/// index --watch`. An error from `on_commit` (of the caller's error type)
/// stops the run; what was committed stays.
pub fn index_paths_with<E: From<Error>>(
    index: &SitrepIndex,
    gazetteer: &Gazetteer,
    options: &IndexOptions,
    on_warning: &(dyn Fn(&Warning) + Sync),
    on_commit: &mut dyn FnMut(Commit) -> std::result::Result<(), E>,
) -> std::result::Result<IndexReport, E> {
    let started = Instant::now();
    let mut report = IndexReport::default();
    let found = collect_inputs(&options.paths, Some(&index.dir), &mut report, on_warning)?;
    let before = index.index.reader().map_err(Error::from)?.searcher();
    let known = indexed_stamps(&before)?;
    let index_id = index
        .index_id()?
        .unwrap_or_else(|| super::new_index_id(&index.dir));
    let gone = vanished_files(&known, &found, &options.paths);
    // Facets extracted with another gazetteer are stale: re-read every file.
    let same_gazetteer =
        index.gazetteer_fingerprint()?.as_deref() == Some(gazetteer.fingerprint.as_str());
    let classified: Vec<(Input, Change)> = found
        .into_par_iter()
        .map(|input| {
            let change = match known.get(&input.key) {
                None => Change::Added,
                Some(stamp) if same_gazetteer && unchanged(&input, stamp) => Change::Unchanged,
                Some(_) => Change::Updated,
            };
            (input, change)
        })
        .collect();
    let mut inputs = Vec::new();
    let mut changes = HashMap::new();
    for (input, change) in classified {
        if change == Change::Unchanged {
            report.unchanged += 1;
            continue;
        }
        changes.insert(input.key.clone(), change);
        inputs.push(input);
    }
    report.removed = gone.len();
    let progress = progress_bar(
        options.progress,
        "indexing",
        inputs.iter().map(|i| i.size).sum(),
    );
    let mut writer: IndexWriter<TantivyDocument> = index
        .index
        .writer(WRITER_MEMORY)
        .map_err(|e| writer_error(index, e))?;
    writer.set_merge_policy(Box::new(BoundedMergePolicy::new(
        &index.dir,
        MAX_MERGE_BYTES,
    )));
    report.interrupted = WriterNote::stale(&index.dir);
    let _holder = WriterNote::write(&index.dir);
    let warn = |w: &Warning| progress.suspend(|| on_warning(w));
    gazetteer.matcher();
    let payload = |grouping: &GroupingState| {
        index.commit_payload(&gazetteer.fingerprint, &index_id, grouping)
    };
    let mut grouping = index.grouping_state()?;
    let batch_files = options.commit_every.unwrap_or(BATCH_FILES).max(1);
    let mut write = || -> std::result::Result<(), Stop<E>> {
        // A killed run can leave files no commit names, and the next commit
        // can want one of their names: a deletion bitset is
        // `{segment}.{opstamp}.del`, and a run that repeats the killed run's
        // operations from the same commit reaches the same opstamp, so its
        // commit failed with FileAlreadyExists. Removing them first, under
        // the writer lock, leaves only the last commit's files (and is cheap
        // when there are none).
        writer.garbage_collect_files().wait().map_err(Error::from)?;
        // Here, so that a full disk while it is written is reported as such.
        index.write_query_names(gazetteer, same_gazetteer)?;
        // The opstamp of the last commit (tantivy's `commit_opstamp` stays at
        // the one the writer opened on): below that of this batch's commit
        // and at least that of the one before, so `added` orders batches as
        // their commits do.
        let mut stamp = writer.commit_opstamp();
        // Documents this run added since its last grouping pass.
        let mut ungrouped: u64 = 0;
        let mut batches = batches(&inputs, batch_files);
        // Files that vanished are deleted with the first batch, or alone.
        if batches.is_empty() && !gone.is_empty() {
            batches.push(&inputs[..0]);
        }
        for (n, batch) in batches.into_iter().enumerate() {
            // Groups what a killed run left ungrouped, in this batch's
            // commit, before the batch deletes anything.
            let committed = crate::search::searcher(index)?;
            // A deferred pass's documents are this run's own: they wait for
            // it, and the groups that lose members meanwhile are added to it.
            let pending = ungrouped > 0;
            let renamed = if options.grouping && !pending {
                regroup(index, &committed, &writer, &grouping)?
            } else {
                Default::default()
            };
            let mut losing = Vec::new();
            if n == 0 {
                for key in &gone {
                    let term = Term::from_field_text(index.fields.path, key);
                    shared_groups(&committed, &term, &mut losing)?;
                    writer.delete_term(term);
                }
            }
            let previous = PreviousStamps::new(index, &committed)?;
            let losing = std::sync::Mutex::new(losing);
            let outcomes: Vec<(&Input, tantivy::Result<FileResult>)> = batch
                .par_iter()
                .map(|input| {
                    let target = Target {
                        index,
                        writer: &writer,
                        previous: &previous,
                        stamp,
                        losing: &losing,
                    };
                    let outcome = index_file(gazetteer, &target, input, options, &warn);
                    progress.inc(input.size);
                    (input, outcome)
                })
                .collect();
            for (input, outcome) in outcomes {
                let file = outcome.map_err(Error::from)?;
                report.articles += file.articles;
                ungrouped += file.articles as u64;
                report.skipped += file.skipped;
                report.bytes += file.bytes;
                match changes.get(&input.key) {
                    _ if file.failed() => report.failed += 1,
                    Some(Change::Updated) => report.updated += 1,
                    _ => report.added += 1,
                }
            }
            let losing = losing.into_inner().unwrap_or_default();
            let mut deferred = false;
            if options.grouping {
                let lost = dirty_groups(index, &committed, stamp, &losing, &renamed)?;
                grouping = if pending {
                    std::mem::take(&mut grouping).with_lost(lost)
                } else {
                    lost
                };
                stamp = commit(&mut writer, &payload(&grouping))?;
                // The batch joins its copies and stories in a commit of its
                // own before `on_commit` reads the index: what a watch
                // reports is grouped, so it can tell a reprint of something
                // it reported.
                let committed = crate::search::searcher(index)?;
                if options.group_each_commit || pass_due(ungrouped, committed.num_docs()) {
                    regroup(index, &committed, &writer, &grouping)?;
                    grouping = GroupingState {
                        since: stamp,
                        ..GroupingState::default()
                    };
                    ungrouped = 0;
                } else {
                    deferred = true;
                }
            }
            // A deferred pass leaves nothing more to commit.
            let opstamp = if deferred {
                stamp
            } else {
                commit(&mut writer, &payload(&grouping))?
            };
            stamp = opstamp;
            if !batch.is_empty() {
                progress
                    .suspend(|| on_commit(Commit { opstamp }))
                    .map_err(Stop::Caller)?;
            }
        }
        if !options.grouping {
            return Ok(());
        }
        // A killed run's grouping, when this run had no batch to make it
        // in: a run with nothing to do commits nothing.
        progress.set_message("grouping copies");
        let committed = crate::search::searcher(index)?;
        let renamed = regroup(index, &committed, &writer, &grouping)?;
        if ungrouped > 0 || grouping.has_dirty() || !renamed.is_empty() {
            let grouped = GroupingState {
                since: stamp,
                ..GroupingState::default()
            };
            commit(&mut writer, &payload(&grouped))?;
        }
        Ok(())
    };
    match write() {
        Ok(()) => {}
        Err(Stop::Caller(error)) => {
            progress.finish_and_clear();
            return Err(error);
        }
        Err(Stop::Index(error)) => {
            progress.finish_and_clear();
            return Err(abandon(index, writer, error).into());
        }
    }
    progress.set_message("merging segments");
    writer.wait_merging_threads().map_err(Error::from)?;
    progress.finish_and_clear();
    report.files = report.added + report.updated;
    report.total_docs = index
        .index
        .reader()
        .map_err(Error::from)?
        .searcher()
        .num_docs();
    report.elapsed = started.elapsed();
    Ok(report)
}

/// Whether a file the index holds is unchanged: same size and modification
/// time, or (a file touched, copied or checked out again) same size and
/// same content hash. Only the second case reads the file, and it is not
/// parsed. Its recorded mtime stays the old one, so later runs hash it again
/// until its content really changes: a read, never a re-parse.
fn unchanged(input: &Input, stamp: &Stamp) -> bool {
    if input.size != stamp.size {
        return false;
    }
    input.mtime == stamp.mtime || hash_file(&input.path).is_ok_and(|hash| hash == stamp.hash)
}

/// Size, modification time and content hash of every file in the index, as
/// last indexed, read from the fast fields of live documents.
fn indexed_stamps(searcher: &Searcher) -> Result<HashMap<String, Stamp>> {
    let mut stamps = HashMap::new();
    for segment in searcher.segment_readers() {
        let fast = segment.fast_fields();
        let (Some(paths), sizes, mtimes, hashes) = (
            fast.str(FieldName::Path.name())?,
            fast.u64(FieldName::FileSize.name())?,
            fast.u64(FieldName::FileMtime.name())?,
            fast.u64(FieldName::FileHash.name())?,
        ) else {
            continue;
        };
        // One pass over the column's dictionary: looking each document's
        // path up by ordinal decodes a dictionary block per document.
        let mut names = Vec::new();
        let mut stream = paths.dictionary().stream()?;
        while stream.advance() {
            names.push(String::from_utf8_lossy(stream.key()).into_owned());
        }
        for doc in segment.doc_ids_alive() {
            let Some(path) = paths
                .ords()
                .first(doc)
                .and_then(|ord| names.get(usize::try_from(ord).ok()?))
            else {
                continue;
            };
            if !stamps.contains_key(path) {
                let stamp = Stamp {
                    size: sizes.first(doc).unwrap_or(0),
                    mtime: mtimes.first(doc).unwrap_or(0),
                    hash: hashes.first(doc).unwrap_or(0),
                };
                stamps.insert(path.clone(), stamp);
            }
        }
    }
    Ok(stamps)
}

/// Indexed files under the given roots that the walk no longer finds.
fn vanished_files(
    known: &HashMap<String, Stamp>,
    found: &[Input],
    roots: &[PathBuf],
) -> Vec<String> {
    let seen: HashSet<&str> = found.iter().map(|i| i.key.as_str()).collect();
    let roots: Vec<PathBuf> = roots.iter().map(|r| PathBuf::from(absolute(r))).collect();
    let mut gone: Vec<String> = known
        .keys()
        .filter(|k| !seen.contains(k.as_str()) && roots.iter().any(|r| Path::new(k).starts_with(r)))
        .cloned()
        .collect();
    gone.sort();
    gone
}

/// Splits the inputs into commit batches of at most [`BATCH_BYTES`] bytes
/// or `max_files` files, so that a killed run loses one batch at most.
fn batches(inputs: &[Input], max_files: usize) -> Vec<&[Input]> {
    let mut out = Vec::new();
    let (mut start, mut bytes) = (0, 0u64);
    for (i, input) in inputs.iter().enumerate() {
        if i > start && (bytes + input.size > BATCH_BYTES || i - start >= max_files) {
            out.push(&inputs[start..i]);
            (start, bytes) = (i, 0);
        }
        bytes += input.size;
    }
    if start < inputs.len() {
        out.push(&inputs[start..]);
    }
    out
}

/// Articles enriched and added at a time while a JSON Lines file is read
/// record by record: enough to keep every thread busy, few enough that a
/// file of any size is read in bounded memory.
const CHUNK_ARTICLES: usize = 512;

/// What reading one file gave.
#[derive(Debug, Default, Clone, Copy)]
struct FileResult {
    /// Articles added.
    articles: usize,
    /// Records (or the whole file) skipped.
    skipped: usize,
    /// Bytes read (0 for a file skipped unread: too large, unreadable).
    bytes: u64,
}

impl FileResult {
    /// Nothing of the file could be indexed: it is counted as failed, not
    /// as added, and is tried again next run.
    fn failed(&self) -> bool {
        self.articles == 0 && self.skipped > 0
    }
}

/// Where one batch's documents go.
struct Target<'a> {
    index: &'a SitrepIndex,
    writer: &'a IndexWriter<TantivyDocument>,
    /// The `added` stamps and `copy` ids of the documents the index held
    /// at the last commit.
    previous: &'a PreviousStamps<'a>,
    /// The `added` stamp of documents new to the index, and the `written`
    /// stamp of every document of the batch.
    stamp: u64,
    /// The `copy` and `story` ids of the documents the batch replaces or
    /// deletes.
    losing: &'a std::sync::Mutex<Vec<GroupIds>>,
}

/// Parses, enriches and adds one file, replacing what it gave before.
fn index_file(
    gazetteer: &Gazetteer,
    target: &Target,
    input: &Input,
    options: &IndexOptions,
    warn: &(dyn Fn(&Warning) + Sync),
) -> tantivy::Result<FileResult> {
    let (fields, writer) = (&target.index.fields, target.writer);
    let path = Term::from_field_text(fields.path, &input.key);
    let mut losing = Vec::new();
    shared_groups(target.previous.searcher, &path, &mut losing).map_err(to_tantivy)?;
    writer.delete_term(path);
    let result = read_articles(input, options.max_file_size, warn, &mut |articles, hash| {
        for (article, enrichment) in &enrich_all(gazetteer, articles, warn) {
            let (added, groups) = target.previous.added(&article.id)?.unzip();
            losing.extend(groups);
            writer.delete_term(Term::from_field_text(fields.id, &article.id));
            let mut doc = to_document(fields, article, input, hash, enrichment);
            doc.add_u64(fields.added, added.unwrap_or(target.stamp));
            doc.add_u64(fields.written, target.stamp);
            // A group and a story of its own until the next grouping pass.
            let key = key_of(&article.id);
            doc.add_u64(fields.copy, key);
            doc.add_u64(fields.story, key);
            if options.grouping {
                let (print, sketch) = fingerprint_and_sketch(article, enrichment);
                for word in print.to_words() {
                    doc.add_u64(fields.fingerprint, word);
                }
                for &word in sketch.to_words() {
                    doc.add_u64(fields.sketch, word);
                }
            }
            writer.add_document(doc)?;
        }
        Ok(())
    });
    if !losing.is_empty() {
        if let Ok(mut dirty) = target.losing.lock() {
            dirty.extend(losing);
        }
    }
    result
}

/// A library error inside tantivy's error type, which the per-file work returns.
fn to_tantivy(error: Error) -> tantivy::TantivyError {
    match error {
        Error::Tantivy(e) => e,
        other => tantivy::TantivyError::InternalError(other.to_string()),
    }
}

/// The `added` stamp of each document the index held when the run began,
/// looked up by id: a document re-indexed (its file edited or appended to,
/// or the record moved to another file) keeps the stamp of when it first
/// came, so a watch does not report it again. The lookup is a term lookup
/// per segment; a new index has none.
/// A segment with its `added`, `copy` and `story` columns.
type SegmentStamps<'a> = (
    &'a tantivy::SegmentReader,
    Column<u64>,
    Column<u64>,
    Column<u64>,
);

struct PreviousStamps<'a> {
    searcher: &'a Searcher,
    id: Field,
    segments: Vec<SegmentStamps<'a>>,
}

impl<'a> PreviousStamps<'a> {
    fn new(index: &SitrepIndex, searcher: &'a Searcher) -> Result<Self> {
        let segments = searcher
            .segment_readers()
            .iter()
            .filter(|s| s.num_docs() > 0)
            .map(|s| {
                let fast = s.fast_fields();
                Ok((
                    s,
                    fast.u64(FieldName::Added.name())?,
                    fast.u64(FieldName::Copy.name())?,
                    fast.u64(FieldName::Story.name())?,
                ))
            })
            .collect::<Result<_>>()?;
        Ok(PreviousStamps {
            searcher,
            id: index.fields.id,
            segments,
        })
    }

    /// The `added` stamp and group ids of the live document with this id,
    /// if the index held one.
    fn added(&self, id: &str) -> tantivy::Result<Option<(u64, GroupIds)>> {
        let term = Term::from_field_text(self.id, id);
        for (segment, added, copy, story) in &self.segments {
            let postings = segment
                .inverted_index(self.id)?
                .read_postings(&term, IndexRecordOption::Basic)?;
            let Some(mut postings) = postings else {
                continue;
            };
            let mut doc = postings.doc();
            while doc != TERMINATED {
                if !segment.is_deleted(doc) {
                    let groups = copy
                        .first(doc)
                        .zip(story.first(doc))
                        .map(|(copy, story)| GroupIds { copy, story });
                    return Ok(added.first(doc).zip(groups));
                }
                doc = postings.advance();
            }
        }
        Ok(None)
    }
}

/// Reads one file's articles and hands them to `on_chunk` with the file's
/// xxh3 hash: a JSON Lines file record by record, [`CHUNK_ARTICLES`] at a
/// time (hashed in a first pass, since every document records the hash), so
/// its size is not limited; other formats whole, up to `max_file_size`.
/// Every problem goes to `warn`.
fn read_articles<E>(
    input: &Input,
    max_file_size: u64,
    warn: &(dyn Fn(&Warning) + Sync),
    on_chunk: &mut dyn FnMut(Vec<Article>, u64) -> Result<(), E>,
) -> Result<FileResult, E> {
    let shown = input.path.display().to_string();
    let mut result = FileResult::default();
    let skip = |result: &mut FileResult, warning: Warning| {
        result.skipped += usize::from(warning.skipped);
        warn(&warning);
    };
    if input.format != Format::JsonLines {
        let (outcome, hash) = match read_file(&input.path, max_file_size) {
            Ok(bytes) => {
                result.bytes = bytes.len() as u64;
                let outcome = parse_bytes(&shown, &input.key, &bytes, input.format);
                (outcome, xxh3_64(&bytes))
            }
            Err(warning) => (FileOutcome::skipped(warning), 0),
        };
        outcome
            .warnings
            .into_iter()
            .for_each(|w| skip(&mut result, w));
        result.articles = outcome.articles.len();
        if !outcome.articles.is_empty() {
            on_chunk(outcome.articles, hash)?;
        }
        return Ok(result);
    }
    let opened = hash_file(&input.path)
        .map_err(|e| Warning::file(&shown, format!("cannot read: {e}")))
        .and_then(|hash| Ok((hash, open_json_lines(&input.path)?)));
    let (hash, reader) = match opened {
        Ok(opened) => opened,
        Err(warning) => {
            skip(&mut result, warning);
            return Ok(result);
        }
    };
    result.bytes = input.size;
    let mut chunk = Vec::new();
    for record in JsonLines::new(&shown, &input.key, reader) {
        match record {
            Ok((article, notice)) => {
                notice.into_iter().for_each(|w| skip(&mut result, w));
                chunk.push(article);
                if chunk.len() == CHUNK_ARTICLES {
                    result.articles += chunk.len();
                    on_chunk(std::mem::take(&mut chunk), hash)?;
                }
            }
            Err(warning) => skip(&mut result, warning),
        }
    }
    result.articles += chunk.len();
    if !chunk.is_empty() {
        on_chunk(chunk, hash)?;
    }
    if result.articles == 0 && result.skipped == 0 {
        skip(&mut result, Warning::file(&shown, "empty file"));
    }
    Ok(result)
}

/// The xxh3 hash of a file, read in pieces.
fn hash_file(path: &Path) -> std::io::Result<u64> {
    let mut file = std::fs::File::open(path)?;
    let mut hasher = Xxh3::new();
    let mut buf = vec![0; 256 * 1024];
    loop {
        let n = file.read(&mut buf)?;
        if n == 0 {
            return Ok(hasher.digest());
        }
        hasher.update(&buf[..n]);
    }
}

/// Enriches articles in parallel (enrichment is most of the work on a
/// file: one big JSON Lines file would otherwise leave the other cores idle).
fn enrich_all(
    gazetteer: &Gazetteer,
    articles: Vec<Article>,
    warn: &(dyn Fn(&Warning) + Sync),
) -> Vec<(Article, Enrichment)> {
    articles
        .into_par_iter()
        .map(|article| {
            let enrichment = enrich(gazetteer, &article);
            for reason in &enrichment.unresolved {
                warn(&Warning::file(&article.id, reason.clone()));
            }
            (article, enrichment)
        })
        .collect()
}

/// One parsed and enriched article and the file it came from: what the local
/// index stores, and what `sitrep export` and `sitrep push` send elsewhere.
#[derive(Debug)]
pub struct EnrichedArticle {
    /// The parsed article.
    pub article: Article,
    /// Its region and actor facets.
    pub enrichment: Enrichment,
    /// Absolute path of the source file (the local index's `path` field).
    pub path: String,
    /// Size of the source file in bytes.
    pub file_size: u64,
    /// Modification time of the source file, nanoseconds since 1970.
    pub file_mtime: u64,
    /// xxh3-64 of the source file's bytes.
    pub file_hash: u64,
}

/// Parses and enriches `options.paths` exactly as [`index_paths`] does, and
/// hands the articles to `on_batch` one batch of files at a time
/// ([`BATCH_BYTES`], [`BATCH_FILES`]), so memory stays bounded however much
/// is read. Files under `exclude` (an output folder) are not read; `label`
/// names the work on the progress bar. The report counts files, articles,
/// skipped records and bytes.
pub fn enriched_batches(
    gazetteer: &Gazetteer,
    options: &IndexOptions,
    label: &str,
    exclude: Option<&Path>,
    on_warning: &(dyn Fn(&Warning) + Sync),
    on_batch: &mut dyn FnMut(Vec<EnrichedArticle>) -> Result<()>,
) -> Result<IndexReport> {
    let started = Instant::now();
    let mut report = IndexReport::default();
    let inputs = collect_inputs(&options.paths, exclude, &mut report, on_warning)?;
    report.files = inputs.len();
    let progress = progress_bar(options.progress, label, inputs.iter().map(|i| i.size).sum());
    let warn = |w: &Warning| progress.suspend(|| on_warning(w));
    gazetteer.matcher();
    let batch_files = options.commit_every.unwrap_or(BATCH_FILES).max(1);
    for batch in batches(&inputs, batch_files) {
        let outcomes: Vec<(&Input, FileResult, Vec<EnrichedArticle>)> = batch
            .par_iter()
            .map(|input| {
                let mut enriched = Vec::new();
                let read = read_articles(
                    input,
                    options.max_file_size,
                    &warn,
                    &mut |articles, hash| {
                        enriched.extend(enrich_all(gazetteer, articles, &warn).into_iter().map(
                            |(article, enrichment)| EnrichedArticle {
                                article,
                                enrichment,
                                path: input.key.clone(),
                                file_size: input.size,
                                file_mtime: input.mtime,
                                file_hash: hash,
                            },
                        ));
                        Ok::<(), std::convert::Infallible>(())
                    },
                );
                progress.inc(input.size);
                let Ok(file) = read;
                (input, file, enriched)
            })
            .collect();
        let mut enriched = Vec::new();
        for (_, file, articles) in outcomes {
            report.skipped += file.skipped;
            report.bytes += file.bytes;
            enriched.extend(articles);
        }
        report.articles += enriched.len();
        on_batch(enriched)?;
    }
    progress.finish_and_clear();
    report.total_docs = report.articles as u64;
    report.elapsed = started.elapsed();
    Ok(report)
}

/// How long an abandoned run waits for stray workers to close their files:
/// a worker finishes the segment it holds, at most a full writer's memory
/// of documents, before it reaches a file it cannot open.
const ABANDON_PATIENCE: std::time::Duration = std::time::Duration::from_secs(60);

/// After a failed batch or commit: removes what the run wrote since its
/// last commit (best effort: the first error is the one to report), so a
/// full disk gets that space back at once and the index is as its last
/// commit left it. A full disk is named as such.
///
/// Merges that earlier commits of the run started may still be writing: the
/// writer waits for them. Its own record of the failed batch's segments
/// lives as long as its threads, and tantivy keeps the files of every
/// segment recorded, so the files are collected by a writer on a fresh
/// handle of the index, which knows only the last commit.
fn abandon(index: &SitrepIndex, mut writer: IndexWriter<TantivyDocument>, error: Error) -> Error {
    let error = worker_error(&mut writer, error);
    let _ = writer.wait_merging_threads();
    // Workers that tantivy stopped joining at the first failed one may
    // still be writing, and merges they start may follow: the gate makes
    // their next file fail, now and after the collection, and waits for the
    // open ones.
    index.writes.shut_and_drain(ABANDON_PATIENCE);
    if let Ok(fresh) = SitrepIndex::open(&index.dir) {
        if let Ok(writer) = fresh.index.writer::<TantivyDocument>(WRITER_MEMORY) {
            let _ = writer.garbage_collect_files().wait();
        }
    }
    let Some(detail) = error.disk_full() else {
        return error;
    };
    let documents = index
        .index
        .reader()
        .map_or(0, |reader| reader.searcher().num_docs());
    Error::DiskFull {
        path: index.dir.clone(),
        detail,
        documents,
    }
}

/// The error behind a writer's "An index writer was killed": a worker
/// thread that failed (a full disk while it wrote a segment) stops the
/// writer, and the next document added learns only that. Joining the
/// workers, as preparing a commit does first, returns the worker's own
/// error, and commits nothing.
fn worker_error(writer: &mut IndexWriter<TantivyDocument>, error: Error) -> Error {
    if !matches!(
        error,
        Error::Tantivy(tantivy::TantivyError::ErrorInThread(_))
    ) {
        return error;
    }
    match writer.prepare_commit() {
        Err(cause) => cause.into(),
        Ok(prepared) => {
            let _ = prepared.abort();
            error
        }
    }
}

/// Commits with the payload that marks the index as sitrep's; returns the
/// commit's opstamp.
fn commit(writer: &mut IndexWriter<TantivyDocument>, payload: &str) -> Result<u64> {
    let mut prepared = writer.prepare_commit()?;
    prepared.set_payload(payload);
    Ok(prepared.commit()?)
}

fn writer_error(index: &SitrepIndex, e: tantivy::TantivyError) -> Error {
    match e {
        tantivy::TantivyError::LockFailure(..) => Error::Index {
            path: index.dir.clone(),
            message: format!(
                "{} is writing to this index; wait for it to finish (searching works meanwhile)",
                WriterNote::read(&index.dir).unwrap_or_else(|| "another process".to_string())
            ),
        },
        other => other.into(),
    }
}

/// A note beside tantivy's writer lock saying which process holds it, so a
/// second `sitrep index` can name it. tantivy's lock is what guarantees one
/// writer; the note is only read when that lock is busy, and removed when
/// the run ends.
pub(super) struct WriterNote(PathBuf);

impl WriterNote {
    pub(super) const FILE: &'static str = "sitrep-writer.pid";

    fn write(dir: &Path) -> WriterNote {
        let path = dir.join(Self::FILE);
        let started = chrono::Local::now().format("%Y-%m-%d %H:%M:%S");
        // Best effort: without the note the message is only less precise.
        let _ = std::fs::write(&path, format!("{} {started}\n", std::process::id()));
        WriterNote(path)
    }

    fn read(dir: &Path) -> Option<String> {
        let text = std::fs::read_to_string(dir.join(Self::FILE)).ok()?;
        let (pid, started) = text.trim().split_once(' ')?;
        Some(format!("sitrep process {pid} (started {started})"))
    }

    /// The run a note left by a process that is gone, which was killed
    /// before it could remove the note: it was interrupted. Only where
    /// `/proc` tells which processes live; elsewhere `None`.
    pub(super) fn stale(dir: &Path) -> Option<String> {
        let text = std::fs::read_to_string(dir.join(Self::FILE)).ok()?;
        let pid = text.split_whitespace().next()?;
        let proc = Path::new("/proc");
        let gone = proc.is_dir() && !proc.join(pid).exists();
        gone.then(|| Self::read(dir)).flatten()
    }
}

impl Drop for WriterNote {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.0);
    }
}

fn progress_bar(enabled: bool, label: &str, total_bytes: u64) -> ProgressBar {
    if !enabled {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::with_draw_target(Some(total_bytes), ProgressDrawTarget::stderr());
    bar.set_style(
        ProgressStyle::with_template(&format!("{{spinner}} {label} [{{elapsed_precise}}] {{wide_bar}} {{binary_bytes}}/{{binary_total_bytes}} ({{binary_bytes_per_sec}}, eta {{eta}}) {{msg}}"))
            .unwrap_or_else(|_| ProgressStyle::default_bar()),
    );
    bar
}

/// Lists the files to read. A file named on the command line is always read
/// (as plain text unless its extension says JSON); inside folders, hidden
/// entries are skipped and files of other types (`.md`, `.csv`) are ignored.
fn collect_inputs(
    paths: &[PathBuf],
    exclude: Option<&Path>,
    report: &mut IndexReport,
    on_warning: &(dyn Fn(&Warning) + Sync),
) -> Result<Vec<Input>> {
    let mut inputs = Vec::new();
    let exclude = exclude.map(absolute);
    let mut keys = KeyCache::default();
    for root in paths {
        if !root.exists() {
            return Err(Error::NoSuchInput { path: root.clone() });
        }
        let walker = WalkDir::new(root)
            .follow_links(true)
            .sort_by_file_name()
            .into_iter()
            .filter_entry(|e| e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.'));
        for entry in walker {
            let entry = match entry {
                Ok(entry) => entry,
                Err(e) => {
                    let path = e
                        .path()
                        .map(|p| p.display().to_string())
                        .unwrap_or_else(|| root.display().to_string());
                    report.skipped += 1;
                    on_warning(&Warning::file(&path, walk_error_reason(&e)));
                    continue;
                }
            };
            if !entry.file_type().is_file() {
                continue;
            }
            let key = keys.key(&entry);
            if exclude
                .as_ref()
                .is_some_and(|dir| Path::new(&key).starts_with(dir))
            {
                continue;
            }
            let format = match (Format::for_path(entry.path()), entry.depth()) {
                (Some(f), _) => f,
                (None, 0) => Format::Text,
                (None, _) => {
                    report.ignored.push(entry.path().to_path_buf());
                    continue;
                }
            };
            let meta = entry.metadata().ok();
            let size = meta.as_ref().map_or(0, |m| m.len());
            let mtime = meta
                .and_then(|m| m.modified().ok())
                .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
                .map_or(0, |d| u64::try_from(d.as_nanos()).unwrap_or(u64::MAX));
            inputs.push(Input {
                key,
                path: entry.into_path(),
                format,
                size,
                mtime,
            });
        }
    }
    Ok(inputs)
}

/// Canonical paths of walked files, resolving each folder once: `realpath`
/// on every file costs a system call per path component, which dominated
/// a no-op re-index of many files.
#[derive(Default)]
struct KeyCache {
    /// The last folder resolved, as walked and as canonical path.
    folder: Option<(PathBuf, PathBuf)>,
}

impl KeyCache {
    /// The same string as `absolute(entry.path())`.
    fn key(&mut self, entry: &walkdir::DirEntry) -> String {
        let path = entry.path();
        let (Some(parent), Some(name)) = (path.parent(), path.file_name()) else {
            return absolute(path);
        };
        // A symlinked file resolves to its target, which may be anywhere.
        if entry.path_is_symlink() || entry.depth() == 0 {
            return absolute(path);
        }
        let folder = match &self.folder {
            Some((walked, canonical)) if walked == parent => canonical,
            _ => {
                let canonical = PathBuf::from(absolute(parent));
                &self.folder.insert((parent.to_path_buf(), canonical)).1
            }
        };
        folder.join(name).display().to_string()
    }
}

fn walk_error_reason(e: &walkdir::Error) -> String {
    if e.loop_ancestor().is_some() {
        return "symbolic link loop, not followed".to_string();
    }
    match e.io_error() {
        Some(io) => format!("cannot read: {io}"),
        None => e.to_string(),
    }
}

/// The absolute, normalised form of a path: the key documents are stored
/// under, so `corpus` and `./corpus` are the same file.
pub(crate) fn absolute(path: &Path) -> String {
    std::fs::canonicalize(path)
        .or_else(|_| std::path::absolute(path))
        .unwrap_or_else(|_| path.to_path_buf())
        .display()
        .to_string()
}

/// Midnight UTC of a day, as tantivy stores dates.
pub(crate) fn day_start(date: NaiveDate) -> DateTime {
    DateTime::from_timestamp_secs(
        date.and_hms_opt(0, 0, 0)
            .unwrap_or_default()
            .and_utc()
            .timestamp(),
    )
}

/// The `calendar` facet of a day: `/YYYY/MM/DD`.
pub(super) fn calendar_facet(d: NaiveDate) -> Facet {
    Facet::from_path([
        format!("{:04}", d.year()),
        format!("{:02}", d.month()),
        format!("{:02}", d.day()),
    ])
}

fn to_document(
    fields: &Fields,
    article: &Article,
    input: &Input,
    hash: u64,
    enrichment: &Enrichment,
) -> TantivyDocument {
    let mut doc = TantivyDocument::default();
    doc.add_text(fields.id, &article.id);
    doc.add_text(fields.path, &input.key);
    doc.add_u64(fields.file_size, input.size);
    doc.add_u64(fields.file_mtime, input.mtime);
    doc.add_u64(fields.file_hash, hash);
    doc.add_text(fields.url, &article.url);
    doc.add_text(fields.title, &article.title);
    doc.add_text(fields.summary, &article.summary);
    add_body(&mut doc, fields, article);
    doc.add_text(fields.topic, &article.topic);
    add_language_text(
        &mut doc,
        fields,
        article.language,
        [
            &article.title,
            &article.summary,
            &article.body,
            &article.topic,
        ],
    );
    doc.add_text(fields.agency, &article.agency);
    doc.add_text(fields.dateline, &article.dateline);
    doc.add_date(fields.date, day_start(article.date));
    doc.add_facet(fields.calendar, calendar_facet(article.date));
    for facet in &enrichment.regions {
        doc.add_facet(fields.region, facet.clone());
    }
    for facet in &enrichment.actors {
        doc.add_facet(fields.actor, facet.clone());
    }
    for facet in &enrichment.events {
        doc.add_facet(fields.event, facet.clone());
    }
    for facet in &enrichment.violence {
        doc.add_facet(fields.violence, facet.clone());
    }
    doc.add_facet(fields.language, article.language.facet());
    for (kind, range) in &enrichment.casualties {
        let (min, max) = fields.total(*kind);
        doc.add_u64(min, u64::from(range.min));
        doc.add_u64(max, u64::from(range.max));
    }
    for count in &enrichment.counts {
        doc.add_field_value(fields.casualties, &stored_count(count));
    }
    doc
}

/// Indexes a report in another language than English as that language
/// reads (`text_fr`...): its title, summary, body and topic, whose stems the
/// English fields lack. Not stored: the English fields store the text.
pub(super) fn add_language_text(
    doc: &mut TantivyDocument,
    fields: &Fields,
    language: Language,
    parts: [&str; 4],
) {
    if let Some(field) = fields.text(language) {
        for part in parts.into_iter().filter(|p| !p.is_empty()) {
            doc.add_text(field, part);
        }
    }
}

/// A casualty count as the stored JSON object [`crate::search`] reads back
/// (serde both ways, so the field names cannot drift apart).
fn stored_count(count: &CasualtyReport) -> OwnedValue {
    serde_json::to_value(count)
        .and_then(serde_json::from_value)
        .unwrap_or(OwnedValue::Null)
}

thread_local! {
    /// The English analyzer of one indexing thread, for the bodies that
    /// [`add_body`] tokenizes itself.
    static ENGLISH: std::cell::RefCell<TextAnalyzer> =
        std::cell::RefCell::new(indexing_english_analyzer());
}

/// Adds the body, stored whole. A body that opens with its title (a news
/// item titled by its own first clause, a headline made from the lead) is
/// indexed without that repeat, which the title field already holds:
/// otherwise the lead's words count twice, once with the title's boost,
/// and a short item whose whole text is its title counts every word twice
/// in two short fields. The evaluation program strips Cranfield's title
/// copy for the same reason. On the conflict-domain set, whose titles are
/// their sentences' first 12 words, this took sitrep's nDCG@10 from 0.197
/// to 0.229 on dev and from 0.216 to 0.219 on test (plain BM25: 0.239 and
/// 0.243; examples/eval_ranking, README "Ranking").
fn add_body(doc: &mut TantivyDocument, fields: &Fields, article: &Article) {
    let Some(end) = repeated_title_end(&article.body, &article.title) else {
        doc.add_text(fields.body, &article.body);
        return;
    };
    let tokens = ENGLISH.with(|english| {
        let mut english = english.borrow_mut();
        let mut stream = english.token_stream(&article.body);
        let mut tokens = Vec::new();
        while let Some(token) = stream.next() {
            if token.offset_from >= end {
                tokens.push(token.clone());
            }
        }
        tokens
    });
    doc.add_pre_tokenized_text(
        fields.body,
        PreTokenizedString {
            text: article.body.clone(),
            tokens,
        },
    );
}

/// Where the repeat of `title` that `body` opens with ends (a byte offset
/// at a word boundary), if it does: letters and digits compared without
/// case, anything else skipped; a title cut short with `…` up to the cut.
fn repeated_title_end(body: &str, title: &str) -> Option<usize> {
    let wanted: Vec<char> = title
        .trim_end_matches('…')
        .chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect();
    if wanted.is_empty() {
        return None;
    }
    let mut matched = 0;
    let mut chars = body.char_indices().peekable();
    while let Some((at, c)) = chars.next() {
        if !c.is_alphanumeric() {
            continue;
        }
        for lower in c.to_lowercase() {
            if wanted.get(matched) != Some(&lower) {
                return None;
            }
            matched += 1;
        }
        if matched == wanted.len() {
            let boundary = chars
                .peek()
                .is_none_or(|&(_, next)| !next.is_alphanumeric());
            return boundary.then_some(at + c.len_utf8());
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_body_repeating_its_title_is_found_up_to_a_word_boundary() {
        let body = "A car bombing kills eight people in Mogadishu, officials say.";
        assert_eq!(
            repeated_title_end(body, "A car bombing kills eight people in Mogadishu"),
            Some(body.find(',').unwrap())
        );
        assert_eq!(
            repeated_title_end(body, "A car-bombing kills eight…"),
            Some(body.find(" people").unwrap())
        );
        assert_eq!(repeated_title_end(body, "A car bombing kills eigh"), None);
        assert_eq!(repeated_title_end(body, "Somali Civil War"), None);
        assert_eq!(repeated_title_end(body, "…"), None);
        assert_eq!(repeated_title_end("Short.", "Short and long"), None);
    }

    fn input(size: u64) -> Input {
        Input {
            path: PathBuf::from("x"),
            key: "/x".to_string(),
            format: Format::Text,
            size,
            mtime: 0,
        }
    }

    #[test]
    fn grouping_passes_grow_geometrically_over_a_bulk_build() {
        assert!(pass_due(10, 10), "a new index groups its first batch");
        assert!(pass_due(0, 0));
        assert!(!pass_due(0, 500), "nothing new to group");
        // Batches of 20,000 articles up to a million.
        let (mut docs, mut ungrouped, mut passes) = (0u64, 0u64, Vec::new());
        for _ in 0..50 {
            docs += 20_000;
            ungrouped += 20_000;
            if pass_due(ungrouped, docs) {
                passes.push(docs);
                ungrouped = 0;
            }
        }
        assert!(passes.len() <= 12, "{passes:?}");
        // What the passes read (each the whole index, at worst) stays within
        // a few times the documents: one pass per batch read 25 times.
        let read: u64 = passes.iter().sum::<u64>() + docs;
        assert!(read <= 4 * docs, "{read} for {docs}: {passes:?}");
    }

    #[test]
    fn batches_are_bounded_by_bytes_and_never_empty() {
        let inputs = vec![
            input(BATCH_BYTES - 1),
            input(2),
            input(BATCH_BYTES * 3),
            input(1),
        ];
        let sizes: Vec<usize> = batches(&inputs, BATCH_FILES)
            .iter()
            .map(|b| b.len())
            .collect();
        assert_eq!(sizes, [1, 1, 1, 1]);
        assert_eq!(
            batches(&[input(1), input(2), input(3)], BATCH_FILES).len(),
            1
        );
        assert!(batches(&[], BATCH_FILES).is_empty());
        let many: Vec<Input> = (0..BATCH_FILES + 1).map(|_| input(1)).collect();
        assert_eq!(batches(&many, BATCH_FILES).len(), 2);
        let sizes: Vec<usize> = batches(&many[..7], 3).iter().map(|b| b.len()).collect();
        assert_eq!(sizes, [3, 3, 1]);
    }
}

//! Finding what a watch has not reported: its query, run only over the
//! documents added since it last looked (see the module above for why the
//! `added` stamps make that exact). Those documents are found once per run
//! from the `added` column, as runs of doc ids per segment (a segment whose
//! `added` values all lie outside the range is skipped unread), and each
//! watch's scorer is moved only through them: it seeks to the start of each
//! run and reads to its end. A run thus costs what the new documents cost,
//! whatever the size of the index, and also when a merge has put them in a
//! segment with older ones.

use std::ops::Range;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use tantivy::query::{EnableScoring, Query, Scorer};
use tantivy::{DocAddress, DocId, Searcher, SegmentReader, TERMINATED};

use super::{now, GazetteerSource, Watch, WatchQueries};
use crate::error::Result;
use crate::index::{FieldName, SitrepIndex};
use crate::query::{Compiled, Vocabulary};
use crate::search::searcher;

/// The index as a run sees it: the last commit when the run began, and a
/// searcher on that commit or a later one.
pub struct View {
    /// Searches the index.
    pub searcher: Searcher,
    /// The opstamp of the commit read first: every document the run reports
    /// has a smaller `added` stamp, so it is in the searcher's view.
    pub opstamp: u64,
    /// The index's identity (`None` before its first commit).
    pub index_id: Option<String>,
    /// The searcher's terms, looked up once for all the watches' queries.
    pub vocabulary: Vocabulary,
    /// What a watch's query compiled on this view depends on besides the
    /// vocabulary.
    pub(super) compiled_with: CompiledWith,
    /// The new documents of each `seen_below` met, found once for all the
    /// watches that share it.
    new_docs: Mutex<Vec<(u64, Arc<NewDocs>)>>,
}

/// The index folder and the hash of its table of names (`None`: it has
/// none): a query compiled for another folder or table is compiled again
/// ([`WatchQueries`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct CompiledWith {
    dir: PathBuf,
    names: Option<u64>,
}

/// The live documents of a view with `lo <= added < hi`: per segment that
/// holds some, its ordinal and the runs of consecutive doc ids they fill.
type NewDocs = Vec<(u32, Vec<Range<DocId>>)>;

impl View {
    /// Reads the last commit, then opens a searcher. In that order a
    /// commit landing in between is not lost: its documents have stamps of
    /// at least `opstamp`, so the next run reports them.
    pub fn open(index: &SitrepIndex) -> Result<View> {
        let metas = index.index.load_metas()?;
        let searcher = searcher(index)?;
        Ok(View {
            opstamp: metas.opstamp,
            index_id: crate::index::index_id_in(&metas),
            vocabulary: Vocabulary::new(searcher.clone()),
            searcher,
            compiled_with: CompiledWith {
                dir: index.dir.clone(),
                names: index
                    .query_names()
                    .map(|names| xxhash_rust::xxh3::xxh3_64(names.text())),
            },
            new_docs: Mutex::new(Vec::new()),
        })
    }

    /// The live documents with `lo <= added < opstamp`.
    fn new_docs(&self, lo: u64) -> Result<Arc<NewDocs>> {
        let mut known = self.new_docs.lock().unwrap_or_else(|e| e.into_inner());
        if let Some((_, docs)) = known.iter().find(|(at, _)| *at == lo) {
            return Ok(docs.clone());
        }
        let mut docs = NewDocs::new();
        for (ord, segment) in self.searcher.segment_readers().iter().enumerate() {
            let runs = added_runs(segment, lo..self.opstamp)?;
            if !runs.is_empty() {
                docs.push((ord as u32, runs));
            }
        }
        let docs = Arc::new(docs);
        known.push((lo, docs.clone()));
        Ok(docs)
    }
}

/// The runs of live documents of `segment` whose `added` stamp is in
/// `range`, read from the column (none read when its bounds exclude them).
fn added_runs(segment: &SegmentReader, range: Range<u64>) -> Result<Vec<Range<DocId>>> {
    let added = segment.fast_fields().u64(FieldName::Added.name())?;
    let mut runs: Vec<Range<DocId>> = Vec::new();
    if segment.num_docs() == 0 || added.max_value() < range.start || added.min_value() >= range.end
    {
        return Ok(runs);
    }
    let alive = segment.alive_bitset();
    for doc in 0..segment.max_doc() {
        let new = alive.is_none_or(|bits| bits.is_alive(doc))
            && added.first(doc).is_some_and(|a| range.contains(&a));
        if !new {
            continue;
        }
        match runs.last_mut() {
            Some(run) if run.end == doc => run.end = doc + 1,
            _ => runs.push(doc..doc + 1),
        }
    }
    Ok(runs)
}

/// Calls `found` with each document of `runs` (ascending, disjoint) that
/// `scorer` matches, moving it only through them.
pub(super) fn matches_in(
    scorer: &mut dyn Scorer,
    runs: &[Range<DocId>],
    mut found: impl FnMut(DocId),
) {
    for run in runs {
        let mut doc = scorer.doc();
        if doc < run.start {
            doc = scorer.seek(run.start);
        }
        if doc == TERMINATED {
            return;
        }
        while doc < run.end {
            found(doc);
            doc = scorer.advance();
        }
    }
}

impl Watch {
    /// Remembers that this watch has looked at everything `view` holds and
    /// made `reported` reports; says whether the index was rebuilt since it
    /// last ran (it then starts again from what the index holds now).
    pub(super) fn remember(&mut self, view: &View, reported: usize) -> bool {
        let rebuilt = self.rebuilt(view);
        let state = &mut self.state;
        if view.opstamp > state.seen_below || rebuilt {
            state.seen_below = view.opstamp;
        }
        if view.index_id.is_some() {
            state.index_id = view.index_id.clone();
        }
        state.last_run = Some(now());
        state.reported += reported as u64;
        rebuilt
    }

    /// The matching: the documents of `view` this watch has not looked at
    /// that match it, newest first (none when the index was rebuilt since it
    /// last ran), with its compiled query (kept in `queries` for the next
    /// runs of the process), whose terms their snippets mark.
    /// [`super::WatchRun::run`] then reports them; this alone changes only
    /// the resolution of the names it keeps ([`super::WatchState::resolved`]).
    pub fn unreported(
        &mut self,
        index: &SitrepIndex,
        view: &View,
        gazetteers: &dyn GazetteerSource,
        queries: &mut WatchQueries,
    ) -> Result<(Arc<Compiled>, Vec<DocAddress>)> {
        // Checked on every run, new documents or not: a watch broken by a
        // hand edit or a gazetteer change says so at once.
        let filters = self.resolve(gazetteers)?;
        let compiled = queries.compiled(self, filters, index, view)?;
        let found = if self.rebuilt(view) || view.opstamp <= self.state.seen_below {
            Vec::new()
        } else {
            matching_new(
                &view.searcher,
                compiled.query.as_ref(),
                &*view.new_docs(self.state.seen_below)?,
            )?
        };
        Ok((compiled, found))
    }

    /// Whether `view` is of an index rebuilt since this watch last ran.
    fn rebuilt(&self, view: &View) -> bool {
        matches!((&self.state.index_id, &view.index_id), (Some(a), Some(b)) if a != b)
    }
}

/// The documents of `new` that `query` matches, newest first (by date,
/// then in index order).
fn matching_new(searcher: &Searcher, query: &dyn Query, new: &NewDocs) -> Result<Vec<DocAddress>> {
    let weight = query.weight(EnableScoring::disabled_from_searcher(searcher))?;
    let mut found = Vec::new();
    for (ord, runs) in new {
        let segment = searcher.segment_reader(*ord);
        let dates = segment.fast_fields().date(FieldName::Date.name())?;
        let mut scorer = weight.scorer(segment, 1.0)?;
        matches_in(scorer.as_mut(), runs, |doc| {
            let date = dates
                .first(doc)
                .map_or(i64::MIN, |d| d.into_timestamp_secs());
            found.push((date, DocAddress::new(*ord, doc)));
        });
    }
    found.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    Ok(found.into_iter().map(|(_, address)| address).collect())
}

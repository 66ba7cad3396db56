//! Finding what a watch has not reported: its query, run only over the
//! documents added since it last looked (see the module above for why the
//! `added` stamps make that exact). A segment whose `added` values all lie
//! outside the range is skipped without reading its postings, so a run
//! costs what the new segments cost, whatever the size of the index.

use std::time::Instant;

use serde::Serialize;
use tantivy::query::{EnableScoring, Query};
use tantivy::{DocAddress, Searcher};

use super::{now, Watch};
use crate::enrich::Gazetteer;
use crate::error::Result;
use crate::index::{FieldName, SitrepIndex};
use crate::query::{Compiled, FilterSpec};
use crate::search::{load_hit, millis_since, searcher, SearchHit};

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
}

impl View {
    /// Reads the last commit, then opens a searcher. In that order a
    /// commit landing in between is not lost: its documents have stamps of
    /// at least `opstamp`, so the next run reports them.
    pub fn open(index: &SitrepIndex) -> Result<View> {
        let metas = index.index.load_metas()?;
        Ok(View {
            opstamp: metas.opstamp,
            index_id: crate::index::index_id_in(&metas),
            searcher: searcher(index)?,
        })
    }
}

/// What one watch reported in one run: `watch run --json` prints one a line.
#[derive(Debug, Clone, Serialize)]
pub struct WatchReport {
    /// The watch's name.
    pub watch: String,
    /// Its query.
    pub query: String,
    /// Its filters, as typed.
    #[serde(flatten)]
    pub filters: FilterSpec,
    /// New documents.
    pub total: usize,
    /// Time spent in the library, in milliseconds.
    pub took_ms: f64,
    /// The new documents, newest first, as `search --json` gives hits
    /// (`score` is null: they are in date order).
    pub hits: Vec<SearchHit>,
    /// Something the user should know about this run (an index rebuilt).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

impl Watch {
    /// Finds the documents this watch has not reported in `view`, newest
    /// first, and remembers that it has (the caller saves the watches once
    /// they are printed, so a run that fails to print reports them again).
    pub fn run<'g>(
        &mut self,
        index: &SitrepIndex,
        view: &View,
        gazetteer: impl FnOnce() -> Result<&'g Gazetteer>,
    ) -> Result<WatchReport> {
        let started = Instant::now();
        let mut report = WatchReport {
            watch: self.name.to_string(),
            query: self.query.clone(),
            filters: self.filters.clone(),
            total: 0,
            took_ms: 0.0,
            hits: Vec::new(),
            note: None,
        };
        let (compiled, found) = self.unreported(index, view, gazetteer)?;
        let rebuilt = self.rebuilt(view);
        if rebuilt {
            report.note = Some(
                "the index was rebuilt since this watch last ran (its commits start again): the watch starts again from what it holds now"
                    .to_string(),
            );
        }
        report.hits = found
            .into_iter()
            .map(|address| load_hit(index, &view.searcher, address, None, &compiled.highlight))
            .collect::<Result<_>>()?;
        report.total = report.hits.len();
        let state = &mut self.state;
        if view.opstamp > state.seen_below || rebuilt {
            state.seen_below = view.opstamp;
        }
        if view.index_id.is_some() {
            state.index_id = view.index_id.clone();
        }
        state.last_run = Some(now());
        state.reported += report.total as u64;
        report.took_ms = millis_since(started);
        Ok(report)
    }

    /// The matching: the documents of `view` this watch has not looked at
    /// that match it, newest first (none when the index was rebuilt since it
    /// last ran), with its compiled query, whose terms their snippets mark.
    /// [`Watch::run`] then loads them; this alone changes nothing.
    pub fn unreported<'g>(
        &self,
        index: &SitrepIndex,
        view: &View,
        gazetteer: impl FnOnce() -> Result<&'g Gazetteer>,
    ) -> Result<(Compiled, Vec<DocAddress>)> {
        // Checked on every run, new documents or not: a watch broken by a
        // hand edit or a gazetteer change says so at once.
        let compiled = self.compile(index, &view.searcher, gazetteer)?;
        let found = if self.rebuilt(view) || view.opstamp <= self.state.seen_below {
            Vec::new()
        } else {
            added_between(
                &view.searcher,
                compiled.query.as_ref(),
                self.state.seen_below,
                view.opstamp,
            )?
        };
        Ok((compiled, found))
    }

    /// Whether `view` is of an index rebuilt since this watch last ran.
    fn rebuilt(&self, view: &View) -> bool {
        matches!((&self.state.index_id, &view.index_id), (Some(a), Some(b)) if a != b)
    }
}

/// The live documents `query` matches with `lo <= added < hi`, newest
/// first (by date, then in index order).
fn added_between(
    searcher: &Searcher,
    query: &dyn Query,
    lo: u64,
    hi: u64,
) -> Result<Vec<DocAddress>> {
    let weight = query.weight(EnableScoring::disabled_from_searcher(searcher))?;
    let mut found = Vec::new();
    for (ord, segment) in searcher.segment_readers().iter().enumerate() {
        let added = segment.fast_fields().u64(FieldName::Added.name())?;
        if segment.num_docs() == 0 || added.max_value() < lo || added.min_value() >= hi {
            continue;
        }
        let dates = segment.fast_fields().date(FieldName::Date.name())?;
        let alive = segment.alive_bitset();
        weight.for_each_no_score(segment, &mut |docs| {
            for &doc in docs {
                let live = alive.is_none_or(|bits| bits.is_alive(doc));
                if live && added.first(doc).is_some_and(|a| (lo..hi).contains(&a)) {
                    let date = dates
                        .first(doc)
                        .map_or(i64::MIN, |d| d.into_timestamp_secs());
                    found.push((date, DocAddress::new(ord as u32, doc)));
                }
            }
        })?;
    }
    found.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    Ok(found.into_iter().map(|(_, address)| address).collect())
}

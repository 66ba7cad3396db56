//! Finding what a watch has not reported: its query, run only over the
//! documents added since it last looked (see the module above for why the
//! `added` stamps make that exact). A segment whose `added` values all lie
//! outside the range is skipped without reading its postings, so a run
//! costs what the new segments cost, whatever the size of the index.

use tantivy::query::{EnableScoring, Query};
use tantivy::{DocAddress, Searcher};

use super::{now, GazetteerSource, Watch};
use crate::error::Result;
use crate::index::{FieldName, SitrepIndex};
use crate::query::Compiled;
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
    /// last ran), with its compiled query, whose terms their snippets mark.
    /// [`super::WatchRun::run`] then reports them; this alone changes only
    /// the resolution of the names it keeps ([`super::WatchState::resolved`]).
    pub fn unreported(
        &mut self,
        index: &SitrepIndex,
        view: &View,
        gazetteers: &dyn GazetteerSource,
    ) -> Result<(Compiled, Vec<DocAddress>)> {
        // Checked on every run, new documents or not: a watch broken by a
        // hand edit or a gazetteer change says so at once.
        let filters = self.resolve(gazetteers)?;
        let compiled = self.compile(index, &view.searcher, filters)?;
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

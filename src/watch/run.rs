//! One run of watches over one view of the index (`sitrep watch run`,
//! `sitrep index --watch`): each watch's new documents (`matching`), folded
//! by group of reprints, and the ones printed loaded with their snippets.
//!
//! **Reprints.** A new document is not new when its group of reprints
//! (`copy`, made by `index/copies.rs`) holds a document the watch has
//! already looked at that matches it (an `added` stamp below the watch's
//! `seen_below`: reported by an earlier run, or in the index when the watch
//! was saved): it is remembered, not reported (`reprints`). The new members
//! of one group that arrive in one run are reported once, as `search
//! --collapse copies` shows a group: by its earliest (the indexer's rule
//! for a lead: earliest date, then smallest fingerprint key), with the
//! number of the others (`copy.similar` on the hit, `copies` over the
//! report); reports are newest first by the date they show. Groups are read
//! as the index holds them when the run begins, and `sitrep index` groups
//! each batch in a commit of its own before `--watch` reads it. So a run reports
//! the set difference between two searches of the watch, before and after
//! the new commits, taken by group: one report per group the second search
//! finds and the first did not.
//!
//! **Cost.** Each watch's query is compiled once for the process and kept
//! for its next runs while it stays the same query (`queries`). The watches
//! of a run share the work their reports share: a
//! document is loaded from the store and analysed once for every watch that
//! prints it (while at most [`CACHED_DOCS`] are held), each watch finds the
//! words its query names by their ids (`Marker`) rather than looking at
//! every word of its reports, and the members of a group are looked up
//! once. A run prints at most `shown` reports per watch and loads
//! no other document; the others are remembered all the same.

use std::collections::{HashMap, HashSet};
use std::time::Instant;

use serde::Serialize;
use tantivy::columnar::Column;
use tantivy::query::EnableScoring;
use tantivy::DocAddress;

use super::matching::matches_in;
use super::{GazetteerSource, View, Watch, WatchQueries};
use crate::error::Result;
use crate::groups::{group_of, member_addresses, Collapse, Grouping};
use crate::index::{FieldName, SitrepIndex};
use crate::query::{Compiled, FilterSpec};
use crate::render::snippet::{cut_snippet, Analysed, Marker, Words, SNIPPET_CHARS};
use crate::search::{load_stored, millis_since, SearchHit, StoredArticle};

/// Most loaded documents a run keeps for the next watches: a commit of up
/// to this many new documents is loaded once, whatever the number of
/// watches; beyond, memory stays bounded (about 10 KiB a document).
pub const CACHED_DOCS: usize = 4096;

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
    /// New reports: one per group of reprints with new matching documents
    /// and none the watch had seen.
    pub total: usize,
    /// New documents folded under a report (a group's other new members).
    pub copies: usize,
    /// New documents not reported: reprints of something the watch had
    /// seen. Remembered with the reports.
    pub reprints: usize,
    /// Time spent in the library, in milliseconds.
    pub took_ms: f64,
    /// The reports, newest first, as `search --json` gives hits (`score` is
    /// null: they are in date order; `copy.similar` counts the new members
    /// folded under each). All of them, or the first `shown` of the run.
    pub hits: Vec<SearchHit>,
    /// Something the user should know about this run (an index rebuilt).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// Watches run over one view, sharing what their reports share.
pub struct WatchRun<'a> {
    index: &'a SitrepIndex,
    view: &'a View,
    queries: &'a mut WatchQueries,
    shown: Option<usize>,
    /// The fast columns a run reads, by segment.
    columns: Vec<Columns>,
    /// The live members of each group met, in index order.
    members: HashMap<u64, Vec<DocAddress>>,
    /// The analysed words of the loaded documents.
    words: Words,
    loaded: HashMap<DocAddress, Loaded>,
}

struct Columns {
    copy: Column<u64>,
    added: Column<u64>,
    date: Column<tantivy::DateTime>,
    fingerprint: Column<u64>,
}

/// A document as a report needs it: stored fields and analysed texts.
struct Loaded {
    article: StoredArticle,
    texts: [Analysed; 3],
}

/// One report to be: a group's new members, shown by `lead`.
struct News {
    lead: DocAddress,
    copy: u64,
    members: usize,
}

impl<'a> WatchRun<'a> {
    /// A run over `view` that prints at most `shown` reports per watch
    /// (`None`: all), with the queries `queries` kept from earlier runs of
    /// the process (it keeps this run's for the next).
    pub fn new(
        index: &'a SitrepIndex,
        view: &'a View,
        queries: &'a mut WatchQueries,
        shown: Option<usize>,
    ) -> Result<Self> {
        let columns = view
            .searcher
            .segment_readers()
            .iter()
            .map(|segment| {
                let fast = segment.fast_fields();
                Ok(Columns {
                    copy: fast.u64(FieldName::Copy.name())?,
                    added: fast.u64(FieldName::Added.name())?,
                    date: fast.date(FieldName::Date.name())?,
                    fingerprint: fast.u64(FieldName::Fingerprint.name())?,
                })
            })
            .collect::<Result<_>>()?;
        Ok(WatchRun {
            index,
            view,
            queries,
            shown,
            columns,
            members: HashMap::new(),
            words: Words::default(),
            loaded: HashMap::new(),
        })
    }

    /// Finds what `watch` has not reported in the view, folds it by group,
    /// loads the reports to print, and remembers them all (the caller saves
    /// the watches once they are printed, so a run that fails to print
    /// reports them again).
    pub fn run(
        &mut self,
        watch: &mut Watch,
        gazetteers: &dyn GazetteerSource,
    ) -> Result<WatchReport> {
        let started = Instant::now();
        let (compiled, found) =
            watch.unreported(self.index, self.view, gazetteers, self.queries)?;
        let new_docs = found.len();
        let (news, reprints) = self.fold(&compiled, found, watch.state.seen_below)?;
        let shown = self.shown.map_or(news.len(), |n| n.min(news.len()));
        if self.loaded.len() >= CACHED_DOCS {
            self.loaded.clear();
            self.words = Words::default();
        }
        // The reports are loaded first, while the cache has room, so that
        // the marker finds the words the query names among theirs.
        for news in &news[..shown] {
            if self.loaded.len() < CACHED_DOCS && !self.loaded.contains_key(&news.lead) {
                let loaded = self.load(news.lead)?;
                self.loaded.insert(news.lead, loaded);
            }
        }
        let mut marker = Marker::new(&compiled.highlight, &self.words);
        let hits = news[..shown]
            .iter()
            .map(|news| self.hit(news, &mut marker))
            .collect::<Result<_>>()?;
        let note = watch.remember(self.view, news.len()).then(|| {
            "the index was rebuilt since this watch last ran (its commits start again): the watch starts again from what it holds now"
                .to_string()
        });
        Ok(WatchReport {
            watch: watch.name.to_string(),
            query: watch.query.clone(),
            filters: watch.filters.clone(),
            total: news.len(),
            copies: new_docs - reprints - news.len(),
            reprints,
            took_ms: millis_since(started),
            hits,
            note,
        })
    }

    /// `found` (newest first) as reports, one per group, newest first, and
    /// the number of reprints of what the watch had seen before
    /// `seen_below`.
    fn fold(
        &mut self,
        compiled: &Compiled,
        found: Vec<DocAddress>,
        seen_below: u64,
    ) -> Result<(Vec<News>, usize)> {
        let mut order: Vec<u64> = Vec::new();
        let mut groups: HashMap<u64, Vec<DocAddress>> = HashMap::new();
        for address in found {
            let copy = self.column(address).copy.first(address.doc_id).unwrap_or(0);
            groups
                .entry(copy)
                .or_insert_with(|| {
                    order.push(copy);
                    Vec::new()
                })
                .push(address);
        }
        // The members the watch had looked at, of groups with more members
        // than the new ones.
        let mut older: Vec<(DocAddress, u64)> = Vec::new();
        for &copy in &order {
            if !self.members.contains_key(&copy) {
                let members =
                    member_addresses(self.index, &self.view.searcher, Collapse::Copies, copy)?;
                self.members.insert(copy, members);
            }
            let members = &self.members[&copy];
            if members.len() > groups[&copy].len() {
                older.extend(
                    members
                        .iter()
                        .filter(|&&m| self.added(m) < seen_below)
                        .map(|&m| (m, copy)),
                );
            }
        }
        let seen = self.matching(compiled, older)?;
        let mut reprints = 0;
        let mut news = Vec::new();
        for copy in order {
            let new = &groups[&copy];
            if seen.contains(&copy) {
                reprints += new.len();
                continue;
            }
            let lead = new
                .iter()
                .copied()
                .min_by_key(|&a| (self.lead_key(a), a))
                .unwrap_or(new[0]);
            news.push(News {
                lead,
                copy,
                members: new.len(),
            });
        }
        // Newest first by the date shown (a group is shown by its earliest).
        news.sort_by_key(|n| (std::cmp::Reverse(self.lead_key(n.lead).0), n.lead));
        Ok((news, reprints))
    }

    /// The groups of `candidates` (address, group) whose document the
    /// watch's query matches.
    fn matching(
        &self,
        compiled: &Compiled,
        mut candidates: Vec<(DocAddress, u64)>,
    ) -> Result<HashSet<u64>> {
        let mut matched = HashSet::new();
        if candidates.is_empty() {
            return Ok(matched);
        }
        candidates.sort();
        let searcher = &self.view.searcher;
        let weight = compiled
            .query
            .weight(EnableScoring::disabled_from_searcher(searcher))?;
        for segment in candidates.chunk_by(|a, b| a.0.segment_ord == b.0.segment_ord) {
            let reader = searcher.segment_reader(segment[0].0.segment_ord);
            let mut scorer = weight.scorer(reader, 1.0)?;
            let runs: Vec<_> = segment
                .iter()
                .map(|(a, _)| a.doc_id..a.doc_id + 1)
                .collect();
            matches_in(scorer.as_mut(), &runs, |doc| {
                let at = segment.partition_point(|(a, _)| a.doc_id < doc);
                matched.insert(segment[at].1);
            });
        }
        Ok(matched)
    }

    /// One report: its lead loaded (once per run while the cache has room),
    /// with the snippet `marker` marks and its group.
    fn hit(&mut self, news: &News, marker: &mut Marker) -> Result<SearchHit> {
        let address = news.lead;
        let fresh = if self.loaded.contains_key(&address) {
            None
        } else {
            Some(self.load(address)?)
        };
        let loaded = fresh.as_ref().unwrap_or_else(|| &self.loaded[&address]);
        let texts: Vec<(&str, &Analysed)> = loaded
            .article
            .snippet_texts()
            .into_iter()
            .zip(&loaded.texts)
            .collect();
        let snippet = cut_snippet(&texts, &self.words, marker, SNIPPET_CHARS);
        let mut hit = loaded.article.hit(None, snippet);
        hit.copy = Some(group_of(
            self.index,
            &self.view.searcher,
            Grouping {
                kind: Collapse::Copies,
                prefer: &[],
            },
            news.copy,
            self.members.get(&news.copy).map_or(1, Vec::len),
            &hit.id,
            Some(news.members - 1),
        )?);
        Ok(hit)
    }

    /// The document at `address`, loaded and analysed.
    fn load(&mut self, address: DocAddress) -> Result<Loaded> {
        let article = load_stored(self.index, &self.view.searcher, address)?;
        let texts = article
            .snippet_texts()
            .map(|t| self.words.analyse(article.language, t));
        Ok(Loaded { article, texts })
    }

    fn column(&self, address: DocAddress) -> &Columns {
        &self.columns[address.segment_ord as usize]
    }

    fn added(&self, address: DocAddress) -> u64 {
        self.column(address)
            .added
            .first(address.doc_id)
            .unwrap_or(0)
    }

    /// What picks a group's lead: the earliest date, then the smallest
    /// fingerprint key (as the indexer picks it).
    fn lead_key(&self, address: DocAddress) -> (i64, u64) {
        let columns = self.column(address);
        let date = columns
            .date
            .first(address.doc_id)
            .map_or(i64::MIN, |d| d.into_timestamp_secs());
        let key = columns
            .fingerprint
            .values_for_doc(address.doc_id)
            .next()
            .unwrap_or(0);
        (date, key)
    }
}

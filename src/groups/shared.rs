//! Which documents share their group with another document of the index.
//!
//! Counting the groups of a query's matches ("412 hits in 97 stories")
//! takes the distinct group ids of the matches. Most documents are the only
//! live member of their group, and such a match is a group of its own
//! whatever else matches: only the matches of shared groups need their id
//! read and deduplicated. Which groups are shared is a property of the
//! index's state, not of a query: it is found once, by one pass over the
//! group columns, and kept for as long as the segments and their deletions
//! stay as they are.

use std::sync::Arc;

use rustc_hash::FxHashSet;
use tantivy::index::SegmentId;
use tantivy::{BitSet, DocId, Searcher, SegmentOrdinal};

use super::Collapse;
use crate::error::Result;
use crate::index::SitrepIndex;

/// A state of the index as a searcher sees it: its segments, each with its
/// number of deleted documents (which only grows).
pub(crate) type SharedKey = (Collapse, Vec<(SegmentId, u32)>);

/// For each segment of one searcher, in its order, the documents whose group
/// holds another live document of the index.
pub(crate) struct SharedGroups {
    segments: Vec<BitSet>,
}

impl SharedGroups {
    /// The table of `searcher`'s state for groups of `kind` to count
    /// `matches` documents with: the one kept with the open index, or a new
    /// one when they are at least half the index's documents (building it
    /// reads every document's group, about what sorting theirs costs), or
    /// none: their groups are then read and sorted.
    pub(crate) fn for_count(
        index: &SitrepIndex,
        searcher: &Searcher,
        kind: Collapse,
        matches: usize,
    ) -> Result<Option<Arc<SharedGroups>>> {
        let key: SharedKey = (
            kind,
            searcher
                .segment_readers()
                .iter()
                .map(|r| (r.segment_id(), r.num_deleted_docs()))
                .collect(),
        );
        if let Some(kept) = index.shared_groups.get(&key) {
            return Ok(Some(kept));
        }
        if (matches as u64).saturating_mul(2) < searcher.num_docs() {
            return Ok(None);
        }
        index
            .shared_groups
            .get_or_build(key, || SharedGroups::build(searcher, kind))
            .map(Some)
    }

    /// Reads every live document's group twice: once to find the ids held
    /// more than once, once to mark their documents.
    fn build(searcher: &Searcher, kind: Collapse) -> Result<SharedGroups> {
        let field = kind.field_name();
        let mut columns = Vec::new();
        for reader in searcher.segment_readers() {
            columns.push(reader.fast_fields().u64(field.name())?);
        }
        let live = |ordinal: usize| {
            let reader = &searcher.segment_readers()[ordinal];
            let alive = reader.alive_bitset();
            (0..reader.max_doc()).filter(move |&doc| alive.is_none_or(|a| a.is_alive(doc)))
        };
        let mut all: Vec<u64> = Vec::with_capacity(searcher.num_docs() as usize);
        for (ordinal, column) in columns.iter().enumerate() {
            all.extend(live(ordinal).map(|doc| column.first(doc).unwrap_or(0)));
        }
        all.sort_unstable();
        let shared: FxHashSet<u64> = all
            .chunk_by(|a, b| a == b)
            .filter(|run| run.len() > 1)
            .map(|run| run[0])
            .collect();
        let mut segments = Vec::with_capacity(columns.len());
        for (ordinal, column) in columns.iter().enumerate() {
            let max_doc = searcher.segment_readers()[ordinal].max_doc();
            let mut marked = BitSet::with_max_value(max_doc);
            for doc in live(ordinal) {
                if shared.contains(&column.first(doc).unwrap_or(0)) {
                    marked.insert(doc);
                }
            }
            segments.push(marked);
        }
        Ok(SharedGroups { segments })
    }

    /// Whether `doc` of the segment at `segment` shares its group with
    /// another live document.
    pub(crate) fn is_shared(&self, segment: SegmentOrdinal, doc: DocId) -> bool {
        self.segments
            .get(segment as usize)
            .is_none_or(|marked| marked.contains(doc))
    }
}

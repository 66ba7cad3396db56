//! What facet counting keeps for each segment of an open index across
//! queries. It lives with the open index ([`crate::index::SitrepIndex`])
//! because it is only valid for that index's segments. Segments never
//! change, so an entry stays valid for as long as its segment lives; a
//! segment's deletions only grow, so their number tells its states apart.
//! Entries of merged-away segments linger until a map holds its limit and
//! starts over.

use std::collections::HashMap;
use std::hash::Hash;
use std::sync::{Arc, Mutex};

use tantivy::index::SegmentId;
use tantivy::schema::Field;

use super::count::{Measure, SegmentCounts};
use crate::query::Selection;

/// The tree nodes of each facet ordinal of one segment's dictionary, for one
/// field, root and depth; built by streaming the whole dictionary, so kept
/// for the next query on the same segment.
pub(crate) struct SegmentNodes {
    /// For facet ordinal `o`, its nodes are `ord_nodes[ord_start[o]..ord_start[o + 1]]`.
    pub ord_start: Vec<u32>,
    /// The node ids of every ordinal, one run per ordinal.
    pub ord_nodes: Vec<u32>,
    /// Encoded path of each node, in the dictionary's (sorted) order.
    pub nodes: Vec<String>,
}

/// Segment, field, encoded root, depth.
pub(crate) type NodesKey = (SegmentId, Field, String, usize);

/// Whose counts: a segment in a state of its deletions, a measure, and the
/// documents it was counted over.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(crate) struct CountsKey {
    pub segment: SegmentId,
    /// The segment's deleted documents when counted.
    pub deleted: u32,
    pub measure: Measure,
    pub selection: Selection,
}

/// A map from keys to shared values that starts over when it holds `limit`
/// entries.
pub(crate) struct Bounded<K, V> {
    entries: Mutex<HashMap<K, Arc<V>>>,
    limit: usize,
}

impl<K: Hash + Eq, V> Bounded<K, V> {
    /// An empty map that holds up to `limit` entries.
    pub(crate) fn new(limit: usize) -> Self {
        Bounded {
            entries: Mutex::new(HashMap::new()),
            limit,
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<K, Arc<V>>> {
        self.entries
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// The value under `key`, if kept.
    pub fn get(&self, key: &K) -> Option<Arc<V>> {
        self.lock().get(key).cloned()
    }

    /// Keeps `value` under `key`.
    pub fn insert(&self, key: K, value: Arc<V>) {
        let mut entries = self.lock();
        if entries.len() >= self.limit {
            entries.clear();
        }
        entries.insert(key, value);
    }

    /// The value under `key`, built with `build` when not kept (outside the
    /// lock: two threads may build the same entry once).
    pub fn get_or_build<E>(
        &self,
        key: K,
        build: impl FnOnce() -> Result<V, E>,
    ) -> Result<Arc<V>, E> {
        if let Some(value) = self.get(&key) {
            return Ok(value);
        }
        let value = Arc::new(build()?);
        self.insert(key, Arc::clone(&value));
        Ok(value)
    }
}

/// Node maps of up to this many segment trees are kept: building one streams
/// a dictionary of up to ~10,000 facets (every day of the calendar), which
/// cost more than the counting itself for most queries.
const MAX_SEGMENT_NODES: usize = 1024;

/// Counts of up to this many segment measures are kept; the largest, a
/// region tree down to the divisions, holds ~10,000 nodes (40 KB).
const MAX_SEGMENT_COUNTS: usize = 1024;

/// Per-segment node maps, and per-segment counts over every document or over
/// a selection of filters only (what `facets`, `stats` and the web page's
/// first load count, and the baseline that a query matching most of a
/// segment is counted against).
pub struct FacetCache {
    pub(crate) nodes: Bounded<NodesKey, SegmentNodes>,
    pub(crate) counts: Bounded<CountsKey, SegmentCounts>,
}

impl Default for FacetCache {
    fn default() -> Self {
        FacetCache {
            nodes: Bounded::new(MAX_SEGMENT_NODES),
            counts: Bounded::new(MAX_SEGMENT_COUNTS),
        }
    }
}

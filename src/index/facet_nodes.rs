//! A cache the index keeps for facet counting (`crate::facets`): for each
//! segment, which tree nodes each facet ordinal of its dictionary falls under.
//! It lives with the index because it is only valid for the index's
//! segments, and here rather than in `facets` so that the index does not
//! depend on the code that counts.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use tantivy::index::SegmentId;
use tantivy::schema::Field;

/// The tree nodes of each facet ordinal of one segment's dictionary, for one
/// field, root and depth; built by streaming the whole dictionary, so kept
/// for the next query on the same segment.
pub(crate) struct SegmentNodes {
    /// For facet ordinal `o`, its nodes are `ord_nodes[ord_start[o]..ord_start[o + 1]]`.
    pub ord_start: Vec<u32>,
    /// The node ids of every ordinal, one run per ordinal.
    pub ord_nodes: Vec<u32>,
    /// Encoded path of each node.
    pub nodes: Vec<String>,
}

/// Segment, field, encoded root, depth.
pub(crate) type NodesKey = (SegmentId, Field, String, usize);

/// [`SegmentNodes`] of the segments an index's queries have visited: building
/// them streams a dictionary of up to ~10,000 facets per field (every day of
/// the calendar), which cost more than the counting itself for most queries.
/// Segments never change, so entries stay valid; the cache starts over when
/// it holds [`MAX_CACHED_SEGMENT_NODES`] (merged-away segments linger until then).
#[derive(Default)]
pub struct FacetNodeCache(Mutex<HashMap<NodesKey, Arc<SegmentNodes>>>);

const MAX_CACHED_SEGMENT_NODES: usize = 1024;

impl FacetNodeCache {
    /// The nodes under `key`, built with `build` when not cached.
    pub(crate) fn get_or_build(
        &self,
        key: NodesKey,
        build: impl FnOnce() -> tantivy::Result<SegmentNodes>,
    ) -> tantivy::Result<Arc<SegmentNodes>> {
        let lock = || {
            self.0
                .lock()
                .unwrap_or_else(|poisoned| poisoned.into_inner())
        };
        if let Some(nodes) = lock().get(&key) {
            return Ok(Arc::clone(nodes));
        }
        // Built outside the lock: two threads may build the same entry once.
        let nodes = Arc::new(build()?);
        let mut cache = lock();
        if cache.len() >= MAX_CACHED_SEGMENT_NODES {
            cache.clear();
        }
        cache.insert(key, Arc::clone(&nodes));
        Ok(nodes)
    }
}

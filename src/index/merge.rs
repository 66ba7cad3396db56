//! Which segments the writer merges: tantivy's log merge policy, with the
//! bytes one merge reads bounded.
//!
//! A merge reads its input segments through memory maps, and every page it
//! touches counts in the process's resident memory until the inputs are
//! dropped. Left alone, the log policy merged eight 60,000-article segments
//! of a million-article build into one: 1.5 GB of mapped input on top of the
//! writer's half gigabyte. Capping the input of a merge (as Lucene's
//! `TieredMergePolicy` caps the merged segment) bounds that peak at the cost
//! of a few more segments.

use std::path::{Path, PathBuf};

use tantivy::index::SegmentComponent;
use tantivy::indexer::{LogMergePolicy, MergeCandidate, MergePolicy};
use tantivy::SegmentMeta;

/// The files a merge reads (all but the small deletion bitset).
const MERGED_COMPONENTS: [SegmentComponent; 6] = [
    SegmentComponent::Postings,
    SegmentComponent::Positions,
    SegmentComponent::FastFields,
    SegmentComponent::FieldNorms,
    SegmentComponent::Terms,
    SegmentComponent::Store,
];

/// The most bytes of segment files one merge reads.
pub const MAX_MERGE_BYTES: u64 = 768 * 1024 * 1024;

/// [`LogMergePolicy`] whose merges read at most `max_bytes` of segments.
#[derive(Debug)]
pub struct BoundedMergePolicy {
    inner: LogMergePolicy,
    dir: PathBuf,
    max_bytes: u64,
}

impl BoundedMergePolicy {
    /// The policy for the index in `dir`.
    pub fn new(dir: &Path, max_bytes: u64) -> Self {
        BoundedMergePolicy {
            inner: LogMergePolicy::default(),
            dir: dir.to_path_buf(),
            max_bytes,
        }
    }

    /// The bytes of a segment's files on disk (0 for any that cannot be read:
    /// the policy only weighs, it must not fail).
    fn bytes(&self, segment: &SegmentMeta) -> u64 {
        MERGED_COMPONENTS
            .iter()
            .filter_map(|c| std::fs::metadata(self.dir.join(segment.relative_path(c.clone()))).ok())
            .map(|meta| meta.len())
            .sum()
    }

    /// The smallest segments of `candidate` that fit in the budget together,
    /// if at least two do. A lone segment (merged to drop its deleted
    /// documents) stays as it is.
    fn bound(&self, candidate: MergeCandidate, segments: &[SegmentMeta]) -> Option<MergeCandidate> {
        if candidate.0.len() < 2 {
            return Some(candidate);
        }
        let mut sized: Vec<_> = candidate
            .0
            .into_iter()
            .map(|id| {
                let bytes = segments
                    .iter()
                    .find(|s| s.id() == id)
                    .map_or(0, |s| self.bytes(s));
                (bytes, id)
            })
            .collect();
        sized.sort_unstable_by_key(|(bytes, _)| *bytes);
        let mut total = 0;
        let fitting: Vec<_> = sized
            .into_iter()
            .take_while(|(bytes, _)| {
                total += bytes;
                total <= self.max_bytes
            })
            .map(|(_, id)| id)
            .collect();
        (fitting.len() >= 2).then_some(MergeCandidate(fitting))
    }
}

impl MergePolicy for BoundedMergePolicy {
    fn compute_merge_candidates(&self, segments: &[SegmentMeta]) -> Vec<MergeCandidate> {
        self.inner
            .compute_merge_candidates(segments)
            .into_iter()
            .filter_map(|candidate| self.bound(candidate, segments))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tantivy::schema::{Schema, STORED, TEXT};
    use tantivy::{doc, Index};

    /// Segments of `n` documents each, committed one by one.
    fn segments(dir: &Path, n: usize, count: usize) -> Vec<SegmentMeta> {
        let mut schema = Schema::builder();
        let text = schema.add_text_field("text", TEXT | STORED);
        let index = Index::create_in_dir(dir, schema.build()).unwrap();
        let mut writer = index.writer(15_000_000).unwrap();
        writer.set_merge_policy(Box::new(tantivy::indexer::NoMergePolicy));
        for s in 0..count {
            for d in 0..n {
                writer
                    .add_document(doc!(text => format!("segment {s} document {d}")))
                    .unwrap();
            }
            writer.commit().unwrap();
        }
        index.searchable_segment_metas().unwrap()
    }

    #[test]
    fn merges_read_no_more_than_the_budget() {
        let dir = tempfile::TempDir::new().unwrap();
        let metas = segments(dir.path(), 2_000, 8);
        let unbounded = BoundedMergePolicy::new(dir.path(), u64::MAX);
        let per_segment = unbounded.bytes(&metas[0]);
        assert!(per_segment > 0);
        let all = unbounded.compute_merge_candidates(&metas);
        assert_eq!(all.len(), 1);
        assert_eq!(
            all[0].0.len(),
            8,
            "the log policy merges the eight segments"
        );

        // Room for three and a half segments: three are merged.
        let bounded = BoundedMergePolicy::new(dir.path(), per_segment * 7 / 2);
        let merges = bounded.compute_merge_candidates(&metas);
        assert_eq!(merges.len(), 1);
        assert_eq!(merges[0].0.len(), 3);
        let merged: u64 = merges[0]
            .0
            .iter()
            .map(|id| bounded.bytes(metas.iter().find(|m| m.id() == *id).unwrap()))
            .sum();
        assert!(merged <= per_segment * 7 / 2);

        // Room for less than two: no merge.
        let tight = BoundedMergePolicy::new(dir.path(), per_segment * 3 / 2);
        assert!(tight.compute_merge_candidates(&metas).is_empty());
    }
}

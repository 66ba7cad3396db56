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
//!
//! The log policy counts every segment of fewer than 10,000 documents in one
//! level, and merges a level once it holds eight. A grouping pass rewrites
//! the few documents whose groups changed (a dozen in 20,000 generated
//! articles) in a commit of their own, a tiny segment per indexing thread,
//! and those made up the eighth segment of a build's level: the whole
//! index was merged to absorb a dozen documents (~4% of a build's CPU). So
//! the tiny segments ([`TINY_DOCS`]) are a level of their own, merged among
//! themselves when eight gather.

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

/// Segments of fewer documents are merged only among themselves: a tenth
/// of the log policy's smallest level (10,000 documents), far below a
/// batch's segments (a 64 MiB batch of news is ~15,000 articles over two
/// threads), far above a grouping pass's rewrites.
pub const TINY_DOCS: u32 = 1_000;

/// [`LogMergePolicy`] whose merges read at most `max_bytes` of segments,
/// with the segments of fewer than [`TINY_DOCS`] documents a level apart.
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
        let (tiny, rest): (Vec<SegmentMeta>, Vec<SegmentMeta>) = segments
            .iter()
            .cloned()
            .partition(|s| s.num_docs() < TINY_DOCS);
        [tiny, rest]
            .iter()
            .flat_map(|level| self.inner.compute_merge_candidates(level))
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
        sized_segments(dir, &vec![n; count])
    }

    /// Segments of the given numbers of documents, committed one by one.
    fn sized_segments(dir: &Path, sizes: &[usize]) -> Vec<SegmentMeta> {
        let mut schema = Schema::builder();
        let text = schema.add_text_field("text", TEXT | STORED);
        let index = Index::create_in_dir(dir, schema.build()).unwrap();
        let mut writer = index.writer(15_000_000).unwrap();
        writer.set_merge_policy(Box::new(tantivy::indexer::NoMergePolicy));
        for (s, &n) in sizes.iter().enumerate() {
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

    #[test]
    fn tiny_segments_are_a_level_of_their_own() {
        let dir = tempfile::TempDir::new().unwrap();
        let big = TINY_DOCS as usize;
        // Four segments of a batch and four of a grouping pass's rewrites:
        // the log policy alone merges all eight.
        let metas = sized_segments(dir.path(), &[big, big, big, big, 3, 2, 3, 2]);
        assert_eq!(
            LogMergePolicy::default()
                .compute_merge_candidates(&metas)
                .len(),
            1
        );
        let policy = BoundedMergePolicy::new(dir.path(), u64::MAX);
        assert!(policy.compute_merge_candidates(&metas).is_empty());

        // Eight tiny segments are merged, among themselves.
        let dir = tempfile::TempDir::new().unwrap();
        let mut sizes = vec![big, big];
        sizes.extend([2; 8]);
        let metas = sized_segments(dir.path(), &sizes);
        let policy = BoundedMergePolicy::new(dir.path(), u64::MAX);
        let merges = policy.compute_merge_candidates(&metas);
        assert_eq!(merges.len(), 1);
        let tiny: Vec<_> = metas
            .iter()
            .filter(|m| m.num_docs() < TINY_DOCS)
            .map(|m| m.id())
            .collect();
        let mut merged = merges[0].0.clone();
        merged.sort();
        let mut expected = tiny;
        expected.sort();
        assert_eq!(merged, expected);
    }
}

//! The counting behind every facet tree and casualty sum: one pass over a
//! query's matches in each segment, shared by all the trees asked for.
//!
//! In each segment, the matches are gathered into a list of document ids
//! first; then each measure is counted over the cheaper of two lists:
//! - the matches, block by block: the facet ordinals of 64 documents are read
//!   from the column at a time, and each ordinal adds one to the tree nodes
//!   it falls under (once per document);
//! - or, when the query matches more than half of the segment and the
//!   segment's counts over all its documents are known, the live documents
//!   it does *not* match, whose counts are subtracted from those.
//!
//! The counts over all documents of a segment cost nothing to know for a
//! tree without sums: tantivy indexes every facet with each of its ancestors
//! as a term, so a node's document frequency in the term dictionary is the
//! number of documents under it (minus the deleted ones, counted apart).
//! Counts over every document, and over a selection of filters only
//! ([`Selection`]), are kept per segment in the index's [`FacetCache`]:
//! segments never change, so the web page's first load, `sitrep facets`,
//! `stats`, and a query matching most of the corpus count each segment once.
//! All of it is exact; `tests/it/facet_counts.rs` checks it against plain
//! counting.

use std::cell::OnceCell;
use std::collections::HashMap;

use rustc_hash::{FxHashMap, FxHashSet};
use std::sync::Arc;

use tantivy::columnar::Column;
use tantivy::columnar::StrColumn;
use tantivy::query::{EnableScoring, Query, Weight};
use tantivy::schema::{Facet, Field};
use tantivy::{DocId, Searcher, SegmentOrdinal, SegmentReader};

use super::cache::{CountsKey, FacetCache, SegmentNodes};
use super::Sum;
use crate::enrich::CasualtyKind;
use crate::error::Result;
use crate::groups::{Collapse, SharedGroups};
use crate::index::SitrepIndex;
use crate::query::{Compiled, Selection};

/// What one pass counts.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(crate) enum Measure {
    /// The nodes of a facet tree, `depth` levels under `root` (an encoded
    /// facet path, empty for the whole tree), with the casualties of a kind
    /// summed per node when given.
    Tree {
        field: Field,
        root: String,
        depth: usize,
        sum: Option<CasualtyKind>,
    },
    /// The casualties of a kind summed over all matches (the root node).
    Sum(CasualtyKind),
}

impl Measure {
    /// A tree of `field` under `root`.
    pub fn tree(field: Field, root: &Facet, depth: usize, sum: Option<CasualtyKind>) -> Self {
        Measure::Tree {
            field,
            root: root.encoded_str().to_string(),
            depth,
            sum,
        }
    }

    fn sum(&self) -> Option<CasualtyKind> {
        match self {
            Measure::Tree { sum, .. } => *sum,
            Measure::Sum(kind) => Some(*kind),
        }
    }
}

/// One segment's counts of a measure, by the segment's node ids.
pub(crate) struct SegmentCounts {
    /// The segment's documents counted over.
    pub matched: u32,
    /// Documents under each node (the one node of a [`Measure::Sum`]: all).
    pub counts: Vec<u32>,
    /// Casualties per node, when summed.
    pub sums: Option<Vec<Sum>>,
}

impl SegmentCounts {
    /// These counts less those of a subset of their documents.
    fn minus(&self, part: &SegmentCounts) -> SegmentCounts {
        SegmentCounts {
            matched: self.matched - part.matched,
            counts: self
                .counts
                .iter()
                .zip(&part.counts)
                .map(|(all, part)| all - part)
                .collect(),
            sums: self
                .sums
                .as_ref()
                .zip(part.sums.as_ref())
                .map(|(all, part)| {
                    all.iter()
                        .zip(part)
                        .map(|(all, part)| Sum {
                            min: all.min - part.min,
                            max: all.max - part.max,
                        })
                        .collect()
                }),
        }
    }
}

/// A node's documents, and their casualties when summed.
pub(crate) type Counted = (u64, Option<Sum>);

/// Encoded facet path (tantivy's `\0`-separated form) -> what it counted;
/// the root (`""`) for a [`Measure::Sum`].
pub(crate) type NodeCounts = HashMap<String, Counted>;

/// What a pass counted: the matching documents, and each measure's nodes.
pub(crate) struct Counts {
    pub total: usize,
    pub measures: Vec<NodeCounts>,
}

/// Counts `measures` over the documents a compiled query matches (its
/// selection, when it has no words, lets counts be kept per segment).
pub(crate) fn count(
    index: &SitrepIndex,
    searcher: &Searcher,
    matches: &Compiled,
    measures: &[Measure],
) -> Result<Counts> {
    let selection = matches.selection.as_ref();
    let weight = LazyWeight {
        query: matches.query.as_ref(),
        searcher,
        weight: OnceCell::new(),
    };
    let mut counts = Counts {
        total: 0,
        measures: vec![NodeCounts::new(); measures.len()],
    };
    for segment in searcher.segment_readers() {
        let mut pass = SegmentPass {
            index,
            segment,
            selection,
            weight: &weight,
            matched: None,
        };
        let mut matched = None;
        for (measure, merged) in measures.iter().zip(&mut counts.measures) {
            let (nodes, counted) = pass.measure(measure)?;
            matched = Some(counted.matched as usize);
            merge(merged, nodes.as_deref(), &counted);
        }
        counts.total += match matched {
            Some(matched) => matched,
            None => match pass.matched()? {
                Docs::All => segment.num_docs() as usize,
                Docs::Listed(docs) => docs.len(),
            },
        };
    }
    Ok(counts)
}

/// What [`count_groups`] keeps of a measure for the matches whose group
/// other matches share: per (node, group) pair, the most casualties (least,
/// greatest) any of the group's matching members under the node reports.
#[derive(Default)]
struct GroupPairs {
    pairs: FxHashMap<(u32, u64), (u64, u64)>,
    /// The nodes' ids (the pairs' `u32`) by path, the same in every segment.
    ids: FxHashMap<String, u32>,
}

impl GroupPairs {
    /// The id of a node's path, given on first sight.
    fn node_id(&mut self, path: &str) -> u32 {
        if let Some(&id) = self.ids.get(path) {
            return id;
        }
        let id = self.ids.len() as u32;
        self.ids.insert(path.to_string(), id);
        id
    }

    /// Adds a match of `group` under the node, with its casualties.
    fn add(&mut self, node: u32, group: u64, (min, max): (u64, u64)) {
        let most = self.pairs.entry((node, group)).or_default();
        *most = (most.0.max(min), most.1.max(max));
    }

    /// Adds each node's distinct groups, and their casualties when summed,
    /// to `merged`.
    fn add_to(self, merged: &mut NodeCounts, summed: bool) {
        let mut nodes: Vec<Counted> = vec![(0, summed.then(Sum::default)); self.ids.len()];
        for ((node, _), counts) in self.pairs {
            let (groups, sum) = &mut nodes[node as usize];
            *groups += 1;
            if let Some(sum) = sum {
                sum.add(counts);
            }
        }
        for (path, id) in self.ids {
            let (groups, sum) = &nodes[id as usize];
            let entry = merged.entry(path).or_default();
            entry.0 += groups;
            if let Some(sum) = sum {
                let all = entry.1.get_or_insert_with(Sum::default);
                all.add((sum.min, sum.max));
            }
        }
    }
}

/// The groups that more than one of `groups` falls in, and how many
/// distinct groups there are.
fn shared_groups<'a>(groups: impl Iterator<Item = &'a u64>) -> (FxHashSet<u64>, usize) {
    let mut all: Vec<u64> = groups.copied().collect();
    all.sort_unstable();
    let mut shared = FxHashSet::default();
    let mut distinct = 0;
    for run in all.chunk_by(|a, b| a == b) {
        distinct += 1;
        if run.len() > 1 {
            shared.insert(run[0]);
        }
    }
    (shared, distinct)
}

/// Counts `measures` by group (`copy` or `story` ids, as a search collapsed
/// by `kind` shows hits): each node counts the distinct groups of the
/// matches under it, and a group's casualties once, the most any of its
/// matches under the node reports, so that one event told by ten reports
/// counts once, in its count and in the killed. `total` is the number of
/// groups. Groups span segments, so nothing is kept per segment.
///
/// Most matches are the only match of their group, and those are counted
/// as documents, by the column pass [`count`] uses; only the matches whose
/// group other matches share go through a map of (node, group) pairs. The
/// matches alone in their group in the whole index ([`SharedGroups`]) are
/// known so without reading their group.
/// Mapping every match took 5.9x the uncounted collapsed answer on 100k
/// generated articles (BENCHMARKS.md, "Stories").
pub(crate) fn count_groups(
    index: &SitrepIndex,
    searcher: &Searcher,
    matches: &Compiled,
    measures: &[Measure],
    kind: Collapse,
) -> Result<Counts> {
    let weight = LazyWeight {
        query: matches.query.as_ref(),
        searcher,
        weight: OnceCell::new(),
    };
    // Per segment, its matches.
    let mut matched: Vec<Vec<DocId>> = Vec::new();
    for segment in searcher.segment_readers() {
        matched.push(if matches.selection == Some(Selection::All) {
            live_docs(segment)
        } else {
            matching_docs(weight.get()?, segment)?
        });
    }
    let all: usize = matched.iter().map(Vec::len).sum();
    let table = SharedGroups::for_count(index, searcher, kind, all)?;
    // Per segment, the matches that may share their group, with it.
    let mut grouped: Vec<Vec<(DocId, u64)>> = Vec::new();
    for (ordinal, (segment, docs)) in searcher.segment_readers().iter().zip(&matched).enumerate() {
        let column = segment.fast_fields().u64(kind.field_name().name())?;
        let ordinal = ordinal as SegmentOrdinal;
        grouped.push(
            docs.iter()
                .filter(|&&doc| table.as_ref().is_none_or(|t| t.is_shared(ordinal, doc)))
                .map(|&doc| (doc, column.first(doc).unwrap_or(0)))
                .collect(),
        );
    }
    let (shared, distinct) = shared_groups(grouped.iter().flatten().map(|(_, group)| group));
    let set_apart: usize = matched
        .iter()
        .zip(&grouped)
        .map(|(d, g)| d.len() - g.len())
        .sum();
    let mut counts = Counts {
        total: set_apart + distinct,
        measures: vec![NodeCounts::new(); measures.len()],
    };
    let mut pairs: Vec<GroupPairs> = measures.iter().map(|_| GroupPairs::default()).collect();
    for ((segment, docs), grouped) in searcher
        .segment_readers()
        .iter()
        .zip(&matched)
        .zip(&grouped)
    {
        let (mut alone, mut together) = (Vec::new(), Vec::new());
        // `grouped` is a subsequence of `docs`: `next` follows it.
        let mut next = grouped.iter().peekable();
        for &doc in docs {
            match next.next_if(|&&(d, _)| d == doc) {
                Some(&(_, group)) if shared.contains(&group) => together.push((doc, group)),
                _ => alone.push(doc),
            }
        }
        let together_docs: Vec<DocId> = together.iter().map(|&(doc, _)| doc).collect();
        for ((measure, merged), pairs) in measures.iter().zip(&mut counts.measures).zip(&mut pairs)
        {
            let counter = Counter::new(index, segment, measure)?;
            let nodes = counter.tree.as_ref().map(|(_, nodes)| nodes.as_ref());
            merge(merged, nodes, &counter.count(&alone));
            // The segment's node index -> the node's id in `pairs`, on first use.
            let mut node_ids: Vec<Option<u32>> = vec![None; counter.len()];
            let path = |i: usize| nodes.map_or("", |n| n.nodes[i].as_str());
            // `visit` goes through the documents in order: `at` follows it.
            let mut at = 0;
            counter.visit(&together_docs, |doc, node| {
                while together[at].0 != doc {
                    at += 1;
                }
                let id = *node_ids[node].get_or_insert_with(|| pairs.node_id(path(node)));
                let counts = counter.totals.as_ref().map_or((0, 0), |t| t.of(doc));
                pairs.add(id, together[at].1, counts);
            });
        }
    }
    for ((measure, merged), pairs) in measures.iter().zip(&mut counts.measures).zip(pairs) {
        pairs.add_to(merged, measure.sum().is_some());
    }
    Ok(counts)
}

/// The query's weight, built when a segment first needs its matches (not
/// at all when every segment's counts are kept).
struct LazyWeight<'a> {
    query: &'a dyn Query,
    searcher: &'a Searcher,
    weight: OnceCell<Box<dyn Weight>>,
}

impl LazyWeight<'_> {
    fn get(&self) -> tantivy::Result<&dyn Weight> {
        if let Some(weight) = self.weight.get() {
            return Ok(weight.as_ref());
        }
        let weight = self
            .query
            .weight(EnableScoring::disabled_from_searcher(self.searcher))?;
        Ok(self.weight.get_or_init(|| weight).as_ref())
    }
}

/// The documents a pass counts in a segment.
enum Docs {
    /// Every live document.
    All,
    /// These, in order.
    Listed(Vec<DocId>),
}

/// The counting of one segment for one query.
struct SegmentPass<'a> {
    index: &'a SitrepIndex,
    segment: &'a SegmentReader,
    selection: Option<&'a Selection>,
    weight: &'a LazyWeight<'a>,
    /// The query's matches, gathered on first need.
    matched: Option<Docs>,
}

impl SegmentPass<'_> {
    fn cache(&self) -> &FacetCache {
        &self.index.facet_cache
    }

    fn key(&self, measure: &Measure, selection: &Selection) -> CountsKey {
        CountsKey {
            segment: self.segment.segment_id(),
            deleted: self.segment.num_deleted_docs(),
            measure: measure.clone(),
            selection: selection.clone(),
        }
    }

    /// The query's matches in the segment.
    fn matched(&mut self) -> tantivy::Result<&Docs> {
        if self.matched.is_none() {
            self.matched = Some(if self.selection == Some(&Selection::All) {
                Docs::All
            } else {
                Docs::Listed(matching_docs(self.weight.get()?, self.segment)?)
            });
        }
        Ok(self.matched.as_ref().expect("just gathered"))
    }

    /// The measure's node map in the segment (none for a sum over all
    /// matches), and its counts over the query's matches.
    fn measure(
        &mut self,
        measure: &Measure,
    ) -> Result<(Option<Arc<SegmentNodes>>, Arc<SegmentCounts>)> {
        let counter = Counter::new(self.index, self.segment, measure)?;
        let nodes = counter.tree.as_ref().map(|(_, nodes)| Arc::clone(nodes));
        let kept = self.selection.map(|selection| self.key(measure, selection));
        if let Some(counts) = kept.as_ref().and_then(|key| self.cache().counts.get(key)) {
            return Ok((nodes, counts));
        }
        self.matched()?;
        let live = self.segment.num_docs() as usize;
        let counts = match self.matched.as_ref().expect("just gathered") {
            Docs::All => self.all(measure, &counter)?,
            Docs::Listed(docs) if docs.len() == live => self.all(measure, &counter)?,
            Docs::Listed(docs) => {
                let baseline = if docs.len() > live / 2 {
                    self.baseline(measure, &counter)?
                } else {
                    None
                };
                Arc::new(match baseline {
                    Some(all) => {
                        all.minus(&counter.count(&unmatched_live_docs(self.segment, docs)))
                    }
                    None => counter.count(docs),
                })
            }
        };
        if let Some(key) = kept {
            self.cache().counts.insert(key, Arc::clone(&counts));
        }
        Ok((nodes, counts))
    }

    /// The counts over every live document, kept for the segment.
    fn all(&self, measure: &Measure, counter: &Counter) -> tantivy::Result<Arc<SegmentCounts>> {
        let key = self.key(measure, &Selection::All);
        let cache = self.cache();
        if let Some(all) = cache.counts.get(&key) {
            return Ok(all);
        }
        let all = Arc::new(match self.by_doc_freqs(measure, counter)? {
            Some(all) => all,
            None => counter.count(&live_docs(self.segment)),
        });
        cache.counts.insert(key, Arc::clone(&all));
        Ok(all)
    }

    /// The counts over every live document when they cost less than counting
    /// the query's matches: kept, or read from the term dictionary.
    fn baseline(
        &self,
        measure: &Measure,
        counter: &Counter,
    ) -> tantivy::Result<Option<Arc<SegmentCounts>>> {
        let key = self.key(measure, &Selection::All);
        if let Some(all) = self.cache().counts.get(&key) {
            return Ok(Some(all));
        }
        if measure.sum().is_some() {
            return Ok(None);
        }
        self.all(measure, counter).map(Some)
    }

    /// A tree's counts over every live document from the document
    /// frequencies of its nodes, which tantivy indexes as terms (a facet
    /// with each of its ancestors), less the deleted documents' counts.
    /// `None` for a measure with sums, or if the term dictionary does not
    /// hold exactly the nodes of the column's (it always should).
    fn by_doc_freqs(
        &self,
        measure: &Measure,
        counter: &Counter,
    ) -> tantivy::Result<Option<SegmentCounts>> {
        let (
            Measure::Tree {
                field,
                root,
                depth,
                sum: None,
            },
            Some((_, nodes)),
        ) = (measure, &counter.tree)
        else {
            return Ok(None);
        };
        let inverted = self.segment.inverted_index(*field)?;
        let mut stream = inverted.terms().range().ge(root.as_bytes()).into_stream()?;
        let mut counts = Vec::with_capacity(nodes.nodes.len());
        let mut ends = Vec::new();
        while stream.advance() {
            let Ok(term) = std::str::from_utf8(stream.key()) else {
                return Ok(None);
            };
            if !term.starts_with(root.as_str()) {
                break;
            }
            node_ends(root, *depth, term, &mut ends);
            if term.is_empty() || ends.last() != Some(&term.len()) {
                // The root (every facet's first term), not under the root,
                // or deeper than the tree.
                continue;
            }
            if nodes.nodes.get(counts.len()).map(String::as_str) != Some(term) {
                return Ok(None);
            }
            counts.push(stream.value().doc_freq);
        }
        if counts.len() != nodes.nodes.len() {
            return Ok(None);
        }
        let all = SegmentCounts {
            matched: self.segment.max_doc(),
            counts,
            sums: None,
        };
        Ok(Some(all.minus(&counter.count(&deleted_docs(self.segment)))))
    }
}

/// The live documents of `segment` that `query`'s weight matches, in order.
pub(crate) fn matching_docs(
    weight: &dyn Weight,
    segment: &SegmentReader,
) -> tantivy::Result<Vec<DocId>> {
    let mut docs = Vec::new();
    let alive = segment.alive_bitset();
    weight.for_each_no_score(segment, &mut |block| match alive {
        Some(alive) => docs.extend(block.iter().filter(|&&doc| alive.is_alive(doc))),
        None => docs.extend_from_slice(block),
    })?;
    Ok(docs)
}

/// The live documents of `segment`.
fn live_docs(segment: &SegmentReader) -> Vec<DocId> {
    match segment.alive_bitset() {
        Some(alive) => alive.iter_alive().collect(),
        None => (0..segment.max_doc()).collect(),
    }
}

/// The deleted documents of `segment`.
fn deleted_docs(segment: &SegmentReader) -> Vec<DocId> {
    match segment.alive_bitset() {
        Some(alive) => (0..segment.max_doc())
            .filter(|&doc| alive.is_deleted(doc))
            .collect(),
        None => Vec::new(),
    }
}

/// The live documents of `segment` not in `matched` (ordered).
fn unmatched_live_docs(segment: &SegmentReader, matched: &[DocId]) -> Vec<DocId> {
    let alive = segment.alive_bitset();
    let mut others = Vec::with_capacity(segment.num_docs() as usize - matched.len());
    let mut next = 0;
    for &doc in matched.iter().chain(std::iter::once(&segment.max_doc())) {
        others.extend((next..doc).filter(|&d| alive.is_none_or(|a| a.is_alive(d))));
        next = doc + 1;
    }
    others
}

/// Adds one segment's counts to the merged ones, by node path.
fn merge(merged: &mut NodeCounts, nodes: Option<&SegmentNodes>, counted: &SegmentCounts) {
    let path = |i: usize| nodes.map_or("", |n| n.nodes[i].as_str());
    for (i, &count) in counted.counts.iter().enumerate() {
        if count == 0 {
            continue;
        }
        let entry = match merged.get_mut(path(i)) {
            Some(entry) => entry,
            None => merged.entry(path(i).to_string()).or_default(),
        };
        entry.0 += u64::from(count);
        if let Some(sums) = &counted.sums {
            let sum = entry.1.get_or_insert_with(Sum::default);
            sum.add((sums[i].min, sums[i].max));
        }
    }
}

/// Reads one measure's columns in a segment and counts lists of its
/// documents.
struct Counter {
    /// The facet ordinals of each document, and the nodes of each ordinal;
    /// none for a sum over all matches.
    tree: Option<(Column<u64>, Arc<SegmentNodes>)>,
    /// The casualty columns summed.
    totals: Option<Totals>,
}

/// Documents whose facet ordinals are read from the column at a time.
const BLOCK: usize = 64;

impl Counter {
    fn new(index: &SitrepIndex, segment: &SegmentReader, measure: &Measure) -> Result<Self> {
        let tree = match measure {
            Measure::Tree {
                field, root, depth, ..
            } => {
                let schema = index.index.schema();
                let name = schema.get_field_name(*field);
                let Some(column) = segment.fast_fields().str(name)? else {
                    return Err(tantivy::TantivyError::SchemaError(format!(
                        "the facet field `{name}` has no column"
                    ))
                    .into());
                };
                let key = (segment.segment_id(), *field, root.clone(), *depth);
                let nodes = index
                    .facet_cache
                    .nodes
                    .get_or_build(key, || segment_nodes(&column, root, *depth))?;
                let column = column.ords().clone();
                Some((column, nodes))
            }
            Measure::Sum(_) => None,
        };
        let totals = match measure.sum() {
            Some(kind) => Some(Totals::for_segment(segment, kind)?),
            None => None,
        };
        Ok(Counter { tree, totals })
    }

    /// The nodes counted (one for a sum over all matches).
    fn len(&self) -> usize {
        self.tree.as_ref().map_or(1, |(_, nodes)| nodes.nodes.len())
    }

    /// The counts over `docs` (ordered, each once).
    fn count(&self, docs: &[DocId]) -> SegmentCounts {
        let len = self.len();
        let mut counted = SegmentCounts {
            matched: docs.len() as u32,
            counts: vec![0; len],
            sums: self.totals.as_ref().map(|_| vec![Sum::default(); len]),
        };
        // The casualties of the document being counted.
        let mut current = (DocId::MAX, (0, 0));
        self.visit(docs, |doc, node| {
            counted.counts[node] += 1;
            if let (Some(totals), Some(sums)) = (&self.totals, &mut counted.sums) {
                if current.0 != doc {
                    current = (doc, totals.of(doc));
                }
                sums[node].add(current.1);
            }
        });
        counted
    }

    /// Calls `on` with each of `docs` (ordered, each once) and each node it
    /// counts for, once per node.
    fn visit(&self, docs: &[DocId], mut on: impl FnMut(DocId, usize)) {
        let Some((column, nodes)) = &self.tree else {
            for &doc in docs {
                on(doc, 0);
            }
            return;
        };
        // The last document counted for each node: a document under
        // /Africa twice (Mali and Libya) counts once for Africa.
        let mut last_doc = vec![DocId::MAX; nodes.nodes.len()];
        let (mut value_docs, mut rows, mut ords) = (Vec::new(), Vec::new(), Vec::new());
        for block in docs.chunks(BLOCK) {
            value_docs.clear();
            rows.clear();
            column.row_ids_for_docs(block, &mut value_docs, &mut rows);
            ords.resize(rows.len(), 0);
            column.values.get_vals(&rows, &mut ords);
            for (&doc, &ord) in value_docs.iter().zip(&ords) {
                let ord = ord as usize;
                for &node in &nodes.ord_nodes
                    [nodes.ord_start[ord] as usize..nodes.ord_start[ord + 1] as usize]
                {
                    let node = node as usize;
                    if last_doc[node] != doc {
                        last_doc[node] = doc;
                        on(doc, node);
                    }
                }
            }
        }
    }
}

/// The encoded ancestors of `encoded` from one below `root` to `depth`
/// below it, as end offsets into `encoded` in `out`; none when the facet is
/// not under the root.
pub(crate) fn node_ends(root: &str, depth: usize, encoded: &str, out: &mut Vec<usize>) {
    out.clear();
    let below = if root.is_empty() {
        encoded
    } else {
        match encoded
            .strip_prefix(root)
            .and_then(|r| r.strip_prefix('\0'))
        {
            Some(rest) => rest,
            None => return,
        }
    };
    let offset = encoded.len() - below.len();
    out.extend(
        below
            .match_indices('\0')
            .map(|(i, _)| offset + i)
            .chain(std::iter::once(encoded.len()))
            .take(depth),
    );
}

/// Maps every facet ordinal of a segment's facet dictionary to its nodes
/// under `root` (encoded), `depth` levels deep.
fn segment_nodes(column: &StrColumn, root: &str, depth: usize) -> tantivy::Result<SegmentNodes> {
    let mut ids: HashMap<String, u32> = HashMap::new();
    let mut built = SegmentNodes {
        ord_start: vec![0],
        ord_nodes: Vec::new(),
        nodes: Vec::new(),
    };
    let mut ends = Vec::new();
    let mut stream = column.dictionary().stream()?;
    while stream.advance() {
        let encoded = String::from_utf8_lossy(stream.key());
        node_ends(root, depth, &encoded, &mut ends);
        for &end in &ends {
            let node = &encoded[..end];
            let id = match ids.get(node) {
                Some(&id) => id,
                None => {
                    let id = built.nodes.len() as u32;
                    ids.insert(node.to_string(), id);
                    built.nodes.push(node.to_string());
                    id
                }
            };
            built.ord_nodes.push(id);
        }
        built.ord_start.push(built.ord_nodes.len() as u32);
    }
    Ok(built)
}

/// One segment's least and greatest count columns of a casualty kind.
struct Totals {
    min: Column<u64>,
    max: Column<u64>,
}

impl Totals {
    fn for_segment(segment: &SegmentReader, kind: CasualtyKind) -> tantivy::Result<Self> {
        let fast = segment.fast_fields();
        Ok(Totals {
            min: fast.u64(kind.min_field())?,
            max: fast.u64(kind.max_field())?,
        })
    }

    /// The document's counts; (0, 0) without any.
    fn of(&self, doc: DocId) -> (u64, u64) {
        (
            self.min.first(doc).unwrap_or(0),
            self.max.first(doc).unwrap_or(0),
        )
    }
}

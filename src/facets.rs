//! Facet counts for whatever a query matches: the region tree (continent >
//! sub-region > country), actors (kind > name) and dates (year > month > day).

use std::collections::HashMap;

use serde::Serialize;
use tantivy::collector::{Collector, SegmentCollector};
use tantivy::fastfield::FacetReader;
use tantivy::query::Query;
use tantivy::schema::{Facet, Field};
use tantivy::{DocId, Score, Searcher, SegmentOrdinal, SegmentReader};

use crate::error::Result;
use crate::index::SitrepIndex;

/// The facet dimensions a user can browse.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum FacetField {
    /// Continent > sub-region > country.
    Region,
    /// Kind > actor.
    Actor,
    /// Year > month > day.
    Date,
}

impl FacetField {
    /// The index field behind it.
    pub fn field(self, index: &SitrepIndex) -> Field {
        match self {
            FacetField::Region => index.fields.region,
            FacetField::Actor => index.fields.actor,
            FacetField::Date => index.fields.calendar,
        }
    }

    /// The name used on the command line and in JSON.
    pub fn name(self) -> &'static str {
        match self {
            FacetField::Region => "region",
            FacetField::Actor => "actor",
            FacetField::Date => "date",
        }
    }

    /// How deep the tree goes by default.
    pub fn default_depth(self) -> usize {
        match self {
            FacetField::Region => 3,
            FacetField::Actor => 2,
            FacetField::Date => 1,
        }
    }
}

/// One node of a facet tree with the number of matching documents.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct FacetCount {
    /// Full facet path, e.g. `/Africa/Western Africa`.
    pub path: String,
    /// Last segment, e.g. `Western Africa`.
    pub label: String,
    /// Matching documents under this node.
    pub count: u64,
    /// Children, largest first (empty below the requested depth).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub children: Vec<FacetCount>,
}

impl FacetCount {
    /// This node and its descendants, depth first.
    pub fn flatten(&self) -> Vec<&FacetCount> {
        std::iter::once(self)
            .chain(self.children.iter().flat_map(|c| c.flatten()))
            .collect()
    }
}

/// The three facet trees at their default depths.
#[derive(Debug, Clone, Serialize)]
pub struct FacetTrees {
    /// Continent > sub-region > country.
    pub region: Vec<FacetCount>,
    /// Kind > actor.
    pub actor: Vec<FacetCount>,
    /// Years, each with its months (a timeline needs both).
    pub date: Vec<FacetCount>,
}

impl FacetTrees {
    /// Counts all three for the documents `query` matches; dates to the
    /// month, regions and actors at their default depths.
    pub fn count(index: &SitrepIndex, searcher: &Searcher, query: &dyn Query) -> Result<Self> {
        let tree = |field: FacetField| {
            let depth = match field {
                FacetField::Date => 2,
                _ => field.default_depth(),
            };
            facet_tree(index, searcher, query, field, &Facet::root(), depth)
        };
        Ok(FacetTrees {
            region: tree(FacetField::Region)?,
            actor: tree(FacetField::Actor)?,
            date: tree(FacetField::Date)?,
        })
    }
}

/// One facet tree to count: `depth` levels under each root.
#[derive(Debug, Clone)]
pub struct FacetRequest {
    /// The dimension.
    pub field: FacetField,
    /// Roots (the root facet for the whole tree).
    pub roots: Vec<Facet>,
    /// Levels below each root.
    pub depth: usize,
}

/// Each root of one dimension (as a path) with its children.
pub type RootedTrees = Vec<(String, Vec<FacetCount>)>;

/// What `sitrep facets` shows, from a local index or from Quickwit.
#[derive(Debug, Clone)]
pub struct CountedFacets {
    /// Documents matching the query.
    pub total: usize,
    /// For each requested field, its trees.
    pub trees: Vec<(FacetField, RootedTrees)>,
}

/// Counts the requested trees for the documents `query` matches.
pub fn count_facets(
    index: &SitrepIndex,
    searcher: &Searcher,
    query: &dyn Query,
    requests: &[FacetRequest],
) -> Result<CountedFacets> {
    let total = searcher.search(query, &tantivy::collector::Count)?;
    let mut trees = Vec::new();
    for request in requests {
        let mut rooted = Vec::new();
        for root in &request.roots {
            let children = facet_tree(index, searcher, query, request.field, root, request.depth)?;
            rooted.push((root.to_string(), children));
        }
        trees.push((request.field, rooted));
    }
    Ok(CountedFacets { total, trees })
}

/// Counts the facet tree of `field` under `root` (the whole tree when `root`
/// is the root facet), `depth` levels deep, for the documents `query` matches.
/// Only facets that occur in the index are listed, so values outside the
/// gazetteer (explicit record facets) are counted too.
pub fn facet_tree(
    index: &SitrepIndex,
    searcher: &Searcher,
    query: &dyn Query,
    field: FacetField,
    root: &Facet,
    depth: usize,
) -> Result<Vec<FacetCount>> {
    let name = index
        .index
        .schema()
        .get_field_name(field.field(index))
        .to_string();
    let collector = TreeCollector {
        field: name,
        root: root.clone(),
        depth,
    };
    let counts = searcher.search(query, &collector)?;
    Ok(build_tree(&counts, root, field == FacetField::Date))
}

/// Counts every facet from `root` down `depth` levels in one pass over the
/// matching documents. tantivy's FacetCollector counts one level per
/// collector and registers each parent by hand, which cost tens of
/// milliseconds for the three trees of a page; here each segment maps its
/// facet ordinals to the tree nodes above them once, and a document adds one
/// to each distinct node its facets fall under.
struct TreeCollector {
    field: String,
    root: Facet,
    depth: usize,
}

/// Encoded facet path (tantivy's `\0`-separated form) -> documents.
type NodeCounts = HashMap<String, u64>;

struct TreeSegmentCollector {
    reader: FacetReader,
    /// For facet ordinal `o`, its nodes are `ord_nodes[ord_start[o]..ord_start[o + 1]]`.
    ord_start: Vec<u32>,
    ord_nodes: Vec<u32>,
    /// Encoded path of each node of this segment.
    nodes: Vec<String>,
    counts: Vec<u64>,
    /// Scratch space for the nodes of one document.
    seen: Vec<u32>,
}

impl TreeCollector {
    /// The encoded ancestors of `encoded` from one below the root to `depth`
    /// below it; empty when the facet is not under the root.
    fn nodes_of<'a>(&self, encoded: &'a str) -> Vec<&'a str> {
        let root = self.root.encoded_str();
        let below = if root.is_empty() {
            encoded
        } else {
            match encoded
                .strip_prefix(root)
                .and_then(|r| r.strip_prefix('\0'))
            {
                Some(rest) => rest,
                None => return Vec::new(),
            }
        };
        let offset = encoded.len() - below.len();
        let mut ends: Vec<usize> = below
            .match_indices('\0')
            .map(|(i, _)| offset + i)
            .chain(std::iter::once(encoded.len()))
            .collect();
        ends.truncate(self.depth);
        ends.into_iter().map(|end| &encoded[..end]).collect()
    }
}

impl Collector for TreeCollector {
    type Fruit = NodeCounts;
    type Child = TreeSegmentCollector;

    fn for_segment(
        &self,
        _: SegmentOrdinal,
        segment: &SegmentReader,
    ) -> tantivy::Result<TreeSegmentCollector> {
        let reader = segment.facet_reader(&self.field)?;
        let mut ids: HashMap<String, u32> = HashMap::new();
        let mut nodes = Vec::new();
        let (mut ord_start, mut ord_nodes) = (vec![0u32], Vec::new());
        let mut stream = reader.facet_dict().stream()?;
        while stream.advance() {
            let encoded = String::from_utf8_lossy(stream.key());
            for node in self.nodes_of(&encoded) {
                let id = *ids.entry(node.to_string()).or_insert_with(|| {
                    nodes.push(node.to_string());
                    (nodes.len() - 1) as u32
                });
                ord_nodes.push(id);
            }
            ord_start.push(ord_nodes.len() as u32);
        }
        Ok(TreeSegmentCollector {
            reader,
            ord_start,
            ord_nodes,
            counts: vec![0; nodes.len()],
            nodes,
            seen: Vec::new(),
        })
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(&self, fruits: Vec<NodeCounts>) -> tantivy::Result<NodeCounts> {
        let mut total = NodeCounts::new();
        for fruit in fruits {
            for (node, count) in fruit {
                *total.entry(node).or_default() += count;
            }
        }
        Ok(total)
    }
}

impl SegmentCollector for TreeSegmentCollector {
    type Fruit = NodeCounts;

    fn collect(&mut self, doc: DocId, _: Score) {
        self.seen.clear();
        for ord in self.reader.facet_ords(doc) {
            let ord = ord as usize;
            let (from, to) = (
                self.ord_start[ord] as usize,
                self.ord_start[ord + 1] as usize,
            );
            self.seen.extend_from_slice(&self.ord_nodes[from..to]);
        }
        // A document under /Africa twice (Mali and Libya) counts once for Africa.
        self.seen.sort_unstable();
        self.seen.dedup();
        for &node in &self.seen {
            self.counts[node as usize] += 1;
        }
    }

    fn harvest(self) -> NodeCounts {
        self.nodes
            .into_iter()
            .zip(self.counts)
            .filter(|(_, count)| *count > 0)
            .collect()
    }
}

/// The counted nodes as a tree under `root`.
fn build_tree(counts: &NodeCounts, root: &Facet, chronological: bool) -> Vec<FacetCount> {
    let mut by_parent: HashMap<&str, Vec<(&str, u64)>> = HashMap::new();
    for (node, count) in counts {
        let parent = node.rfind('\0').map_or("", |i| &node[..i]);
        by_parent.entry(parent).or_default().push((node, *count));
    }
    children_of(&by_parent, root.encoded_str(), chronological)
}

fn children_of(
    by_parent: &HashMap<&str, Vec<(&str, u64)>>,
    parent: &str,
    chronological: bool,
) -> Vec<FacetCount> {
    let Some(children) = by_parent.get(parent) else {
        return Vec::new();
    };
    let mut nodes: Vec<FacetCount> = children
        .iter()
        .map(|&(node, count)| {
            let facet =
                Facet::from_encoded(node.as_bytes().to_vec()).unwrap_or_else(|_| Facet::root());
            FacetCount {
                path: facet.to_string(),
                label: node.rsplit('\0').next().unwrap_or(node).to_string(),
                count,
                children: children_of(by_parent, node, chronological),
            }
        })
        .collect();
    sort_nodes(&mut nodes, chronological);
    nodes
}

/// The order facet values are shown in: dates by date, the rest largest
/// first (ties by name).
pub(crate) fn sort_nodes(nodes: &mut [FacetCount], chronological: bool) {
    if chronological {
        nodes.sort_by(|a, b| a.label.cmp(&b.label));
    } else {
        nodes.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.label.cmp(&b.label)));
    }
}

/// Whether any document has `facet`, or a facet below it, in `field`
/// (tantivy indexes every ancestor of a facet as a term of its own).
pub fn facet_exists(searcher: &Searcher, field: Field, facet: &Facet) -> Result<bool> {
    for segment in searcher.segment_readers() {
        if segment
            .inverted_index(field)?
            .terms()
            .get(facet.encoded_str())?
            .is_some()
        {
            return Ok(true);
        }
    }
    Ok(false)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn collector(root: &str, depth: usize) -> TreeCollector {
        TreeCollector {
            field: "region".to_string(),
            root: Facet::from(root),
            depth,
        }
    }

    #[test]
    fn a_facet_counts_for_each_ancestor_down_to_the_depth() {
        let mali = Facet::from("/Africa/Western Africa/Mali");
        let encoded = mali.encoded_str();
        assert_eq!(
            collector("/", 3).nodes_of(encoded),
            [
                "Africa",
                "Africa\0Western Africa",
                "Africa\0Western Africa\0Mali"
            ]
        );
        assert_eq!(collector("/", 1).nodes_of(encoded), ["Africa"]);
        assert_eq!(
            collector("/Africa", 2).nodes_of(encoded),
            ["Africa\0Western Africa", "Africa\0Western Africa\0Mali"]
        );
        // Not under the root, and a root that is only a name prefix ("/Afr").
        assert!(collector("/Asia", 2).nodes_of(encoded).is_empty());
        assert!(collector("/Afr", 2).nodes_of(encoded).is_empty());
        assert!(collector("/Africa/Western Africa/Mali", 2)
            .nodes_of(encoded)
            .is_empty());
    }
}

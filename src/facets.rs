//! Facet counts for whatever a query matches: the region tree (continent >
//! sub-region > country), actors (kind > name) and dates (year > month > day).

use std::collections::HashMap;
use std::sync::Arc;

use serde::Serialize;
use tantivy::collector::{Collector, SegmentCollector};
use tantivy::fastfield::FacetReader;
use tantivy::query::Query;
use tantivy::schema::{Facet, Field};
use tantivy::{DocId, Score, Searcher, SegmentOrdinal, SegmentReader};

use crate::error::Result;
use crate::index::{FacetNodeCache, SegmentNodes, SitrepIndex};

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
    /// The three, in the order they are shown.
    pub const ALL: [FacetField; 3] = [FacetField::Region, FacetField::Actor, FacetField::Date];

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
        let root = Facet::root();
        let collector = |field: FacetField| {
            let depth = match field {
                FacetField::Date => 2,
                _ => field.default_depth(),
            };
            TreeCollector::new(index, field, &root, depth)
        };
        // One pass over the matches for all three trees.
        let (region, actor, date) = searcher.search(
            query,
            &(
                collector(FacetField::Region),
                collector(FacetField::Actor),
                collector(FacetField::Date),
            ),
        )?;
        Ok(FacetTrees {
            region: build_tree(&region, &root, false),
            actor: build_tree(&actor, &root, false),
            date: build_tree(&date, &root, true),
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

/// What `sitrep facets` shows, from a local index or from Quickwit.
#[derive(Debug, Clone)]
pub struct CountedFacets {
    /// Documents matching the query.
    pub total: usize,
    /// For each requested field, its trees.
    pub trees: Vec<(FacetField, Vec<RootedTree>)>,
}

/// One tree of a dimension rooted at a facet (`/` for the whole tree).
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct RootedTree {
    /// The facet the tree hangs from, e.g. `/` or `/Africa`.
    pub root: String,
    /// The values below it, `depth` levels deep.
    pub values: Vec<FacetCount>,
}

/// The trees of one dimension in a [`FacetsAnswer`]: `/api/facets` sends one
/// tree's values, `sitrep facets` each root it was asked for with its values
/// (`--region mali --region niger` roots two trees).
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
#[serde(untagged)]
pub enum Trees {
    /// The values of one tree.
    Values(Vec<FacetCount>),
    /// Each root with its values.
    Rooted(Vec<RootedTree>),
}

/// What `sitrep facets --json` prints and `/api/facets` answers: how many
/// documents match, and the trees asked for.
#[derive(Debug, Clone, Default, Serialize)]
pub struct FacetsAnswer {
    /// Matching documents.
    pub total: usize,
    /// Time spent in the library, in milliseconds (the API reports it).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub took_ms: Option<f64>,
    /// Region trees, when asked for.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub region: Option<Trees>,
    /// Actor trees, when asked for.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub actor: Option<Trees>,
    /// Date trees, when asked for.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub date: Option<Trees>,
}

impl FacetsAnswer {
    /// Sets the trees of `field`.
    pub fn set(&mut self, field: FacetField, trees: Trees) {
        *match field {
            FacetField::Region => &mut self.region,
            FacetField::Actor => &mut self.actor,
            FacetField::Date => &mut self.date,
        } = Some(trees);
    }
}

impl From<CountedFacets> for FacetsAnswer {
    fn from(counted: CountedFacets) -> Self {
        let mut answer = FacetsAnswer {
            total: counted.total,
            ..FacetsAnswer::default()
        };
        for (field, trees) in counted.trees {
            answer.set(field, Trees::Rooted(trees));
        }
        answer
    }
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
            rooted.push(RootedTree {
                root: root.to_string(),
                values: children,
            });
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
    let collector = TreeCollector::new(index, field, root, depth);
    let counts = searcher.search(query, &collector)?;
    Ok(build_tree(&counts, root, field == FacetField::Date))
}

/// Counts every facet from `root` down `depth` levels in one pass over the
/// matching documents. tantivy's FacetCollector counts one level per
/// collector and registers each parent by hand, which cost tens of
/// milliseconds for the three trees of a page; here each segment maps its
/// facet ordinals to the tree nodes above them once, and a document adds one
/// to each distinct node its facets fall under.
struct TreeCollector<'a> {
    field: Field,
    field_name: String,
    root: Facet,
    depth: usize,
    cache: &'a FacetNodeCache,
}

/// Encoded facet path (tantivy's `\0`-separated form) -> documents.
type NodeCounts = HashMap<String, u64>;

struct TreeSegmentCollector {
    reader: FacetReader,
    nodes: Arc<SegmentNodes>,
    counts: Vec<u64>,
    /// The last document counted for each node, +1 (0: none yet): a
    /// document under /Africa twice (Mali and Libya) counts once for Africa.
    last_doc: Vec<u32>,
}

impl<'a> TreeCollector<'a> {
    fn new(index: &'a SitrepIndex, field: FacetField, root: &Facet, depth: usize) -> Self {
        let field = field.field(index);
        TreeCollector {
            field,
            field_name: index.index.schema().get_field_name(field).to_string(),
            root: root.clone(),
            depth,
            cache: &index.facet_nodes,
        }
    }

    /// The encoded ancestors of `encoded` from one below the root to `depth`
    /// below it, appended to `out` as end offsets into `encoded`; none when
    /// the facet is not under the root.
    fn node_ends(&self, encoded: &str, out: &mut Vec<usize>) {
        out.clear();
        let root = self.root.encoded_str();
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
                .take(self.depth),
        );
    }

    /// Maps every facet ordinal of `reader`'s dictionary to its nodes.
    fn segment_nodes(&self, reader: &FacetReader) -> tantivy::Result<SegmentNodes> {
        let mut ids: HashMap<String, u32> = HashMap::new();
        let mut built = SegmentNodes {
            ord_start: vec![0],
            ord_nodes: Vec::new(),
            nodes: Vec::new(),
        };
        let mut ends = Vec::new();
        let mut stream = reader.facet_dict().stream()?;
        while stream.advance() {
            let encoded = String::from_utf8_lossy(stream.key());
            self.node_ends(&encoded, &mut ends);
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
}

impl Collector for TreeCollector<'_> {
    type Fruit = NodeCounts;
    type Child = TreeSegmentCollector;

    fn for_segment(
        &self,
        _: SegmentOrdinal,
        segment: &SegmentReader,
    ) -> tantivy::Result<TreeSegmentCollector> {
        let reader = segment.facet_reader(&self.field_name)?;
        let key = (
            segment.segment_id(),
            self.field,
            self.root.encoded_str().to_string(),
            self.depth,
        );
        let nodes = self
            .cache
            .get_or_build(key, || self.segment_nodes(&reader))?;
        Ok(TreeSegmentCollector {
            reader,
            counts: vec![0; nodes.nodes.len()],
            last_doc: vec![0; nodes.nodes.len()],
            nodes,
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
        let stamp = doc + 1;
        let SegmentNodes {
            ord_start,
            ord_nodes,
            ..
        } = &*self.nodes;
        for ord in self.reader.facet_ords(doc) {
            let ord = ord as usize;
            for &node in &ord_nodes[ord_start[ord] as usize..ord_start[ord + 1] as usize] {
                let node = node as usize;
                if self.last_doc[node] != stamp {
                    self.last_doc[node] = stamp;
                    self.counts[node] += 1;
                }
            }
        }
    }

    fn harvest(self) -> NodeCounts {
        self.nodes
            .nodes
            .iter()
            .zip(self.counts)
            .filter(|(_, count)| *count > 0)
            .map(|(node, count)| (node.clone(), count))
            .collect()
    }
}

/// The counted nodes as a tree under `root`.
fn build_tree(counts: &NodeCounts, root: &Facet, chronological: bool) -> Vec<FacetCount> {
    let mut by_parent: HashMap<&str, Vec<(&str, u64)>> = HashMap::new();
    for (node, count) in counts {
        // The root is no one's child: a damaged facet column can yield it,
        // and as its own parent it would recurse without end.
        if node.is_empty() {
            continue;
        }
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

    #[test]
    fn a_root_node_from_a_damaged_column_is_no_child_of_itself() {
        let counts: NodeCounts = [
            (String::new(), 3),
            ("Africa".to_string(), 2),
            ("Africa\0Western Africa".to_string(), 1),
        ]
        .into_iter()
        .collect();
        let tree = build_tree(&counts, &Facet::root(), false);
        assert_eq!(tree.len(), 1);
        assert_eq!(tree[0].label, "Africa");
        assert_eq!(tree[0].children[0].label, "Western Africa");
    }

    fn nodes_of(root: &str, depth: usize, encoded: &str) -> Vec<String> {
        let cache = FacetNodeCache::default();
        let collector = TreeCollector {
            field: Field::from_field_id(0),
            field_name: "region".to_string(),
            root: Facet::from(root),
            depth,
            cache: &cache,
        };
        let mut ends = Vec::new();
        collector.node_ends(encoded, &mut ends);
        ends.iter().map(|&end| encoded[..end].to_string()).collect()
    }

    #[test]
    fn a_facet_counts_for_each_ancestor_down_to_the_depth() {
        let mali = Facet::from("/Africa/Western Africa/Mali");
        let encoded = mali.encoded_str();
        assert_eq!(
            nodes_of("/", 3, encoded),
            [
                "Africa",
                "Africa\0Western Africa",
                "Africa\0Western Africa\0Mali"
            ]
        );
        assert_eq!(nodes_of("/", 1, encoded), ["Africa"]);
        assert_eq!(
            nodes_of("/Africa", 2, encoded),
            ["Africa\0Western Africa", "Africa\0Western Africa\0Mali"]
        );
        // Not under the root, and a root that is only a name prefix ("/Afr").
        assert!(nodes_of("/Asia", 2, encoded).is_empty());
        assert!(nodes_of("/Afr", 2, encoded).is_empty());
        assert!(nodes_of("/Africa/Western Africa/Mali", 2, encoded).is_empty());
    }
}

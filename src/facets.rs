//! Facet counts for whatever a query matches: the region tree (continent >
//! sub-region > country), actors (kind > name), dates (year > month > day),
//! ACLED event types (type > sub-event type), UCDP violence types and
//! languages; and,
//! when asked, the casualties they add up to (deaths per month).

use std::collections::HashMap;
use std::sync::Arc;

use serde::Serialize;
use tantivy::collector::{Collector, SegmentCollector};
use tantivy::columnar::Column;
use tantivy::fastfield::FacetReader;
use tantivy::query::Query;
use tantivy::schema::{Facet, Field};
use tantivy::{DocId, Score, Searcher, SegmentOrdinal, SegmentReader};

use crate::enrich::{CasualtyKind, Gazetteer, Location};
use crate::error::Result;
use crate::index::{FacetNodeCache, SegmentNodes, SitrepIndex};

/// The level of countries in the region tree (continent > sub-region > country).
pub const COUNTRY_DEPTH: usize = 3;

/// The level of first-level divisions in the region tree, below the country.
pub const DIVISION_DEPTH: usize = 4;

/// The facet dimensions a user can browse.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum FacetField {
    /// Continent > sub-region > country > division > town.
    Region,
    /// Kind > actor.
    Actor,
    /// Year > month > day.
    Date,
    /// ACLED event type > sub-event type.
    Event,
    /// UCDP violence type.
    Violence,
    /// The report's language (`/fr`).
    Language,
}

impl FacetField {
    /// Every dimension, in the order they are shown.
    pub const ALL: [FacetField; 6] = [
        FacetField::Region,
        FacetField::Actor,
        FacetField::Date,
        FacetField::Event,
        FacetField::Violence,
        FacetField::Language,
    ];

    /// The index field behind it.
    pub fn field(self, index: &SitrepIndex) -> Field {
        match self {
            FacetField::Region => index.fields.region,
            FacetField::Actor => index.fields.actor,
            FacetField::Date => index.fields.calendar,
            FacetField::Event => index.fields.event,
            FacetField::Violence => index.fields.violence,
            FacetField::Language => index.fields.language,
        }
    }

    /// The name used on the command line and in JSON.
    pub fn name(self) -> &'static str {
        match self {
            FacetField::Region => "region",
            FacetField::Actor => "actor",
            FacetField::Date => "date",
            FacetField::Event => "event",
            FacetField::Violence => "violence",
            FacetField::Language => "language",
        }
    }

    /// How deep the tree goes by default.
    pub fn default_depth(self) -> usize {
        match self {
            FacetField::Region => COUNTRY_DEPTH,
            FacetField::Actor | FacetField::Event => 2,
            FacetField::Date | FacetField::Violence | FacetField::Language => 1,
        }
    }
}

/// Casualties added up over documents: the sum of their least counts and of
/// their greatest (a document without a count adds nothing).
#[derive(Debug, Clone, Copy, Default, Serialize, PartialEq, Eq)]
pub struct Sum {
    /// Sum of the least numbers the texts support.
    pub min: u64,
    /// Sum of the greatest numbers.
    pub max: u64,
}

impl Sum {
    fn add(&mut self, (min, max): (u64, u64)) {
        self.min = self.min.saturating_add(min);
        self.max = self.max.saturating_add(max);
    }
}

impl std::fmt::Display for Sum {
    /// `40`, or `40-52` when the greatest numbers add up to more.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.min == self.max {
            write!(f, "{}", self.min)
        } else {
            write!(f, "{}-{}", self.min, self.max)
        }
    }
}

/// A [`Sum`] over all matching documents, with the kind summed.
#[derive(Debug, Clone, Copy, Serialize, PartialEq, Eq)]
pub struct KindSum {
    /// What was summed: `killed`, `injured`...
    pub kind: CasualtyKind,
    /// The sums.
    #[serde(flatten)]
    pub sum: Sum,
}

/// One node of a facet tree with the number of matching documents.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct FacetCount {
    /// Full facet path, e.g. `/Africa/Western Africa`.
    pub path: String,
    /// Last segment, e.g. `Western Africa`.
    pub label: String,
    /// Matching documents under this node.
    pub count: u64,
    /// The casualties its documents report, when a sum was asked for.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sum: Option<Sum>,
    /// For a region node, its ISO code and coordinate where the gazetteer
    /// has them ([`locate_regions`]): `iso`, `geonames`, `lat`, `lon`.
    #[serde(flatten)]
    pub location: Option<Location>,
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

/// The facet trees of a page of results at their default depths, with the
/// deaths per month for the timeline.
#[derive(Debug, Clone, Serialize)]
pub struct FacetTrees {
    /// Continent > sub-region > country > division.
    pub region: Vec<FacetCount>,
    /// Kind > actor.
    pub actor: Vec<FacetCount>,
    /// Years, each with its months (a timeline needs both), each with the
    /// number killed its documents report.
    pub date: Vec<FacetCount>,
    /// ACLED event type > sub-event type.
    pub event: Vec<FacetCount>,
    /// UCDP violence types.
    pub violence: Vec<FacetCount>,
    /// Languages.
    pub language: Vec<FacetCount>,
    /// Killed, summed over all matching documents.
    pub killed: Sum,
}

/// Gives every region node of `nodes` and below its [`Location`] (ISO code
/// and coordinate) where the gazetteer knows one. The index stores paths
/// only, so this is done for each answer, by every backend alike.
pub fn locate_regions(nodes: &mut [FacetCount], gazetteer: &Gazetteer) {
    for node in nodes {
        node.location = gazetteer.locate(&node.path);
        locate_regions(&mut node.children, gazetteer);
    }
}

impl FacetTrees {
    /// Gives the region nodes their ISO codes and coordinates.
    pub fn locate(&mut self, gazetteer: &Gazetteer) {
        locate_regions(&mut self.region, gazetteer);
    }

    /// The depth each tree is counted to: regions to the division, dates to
    /// the month.
    pub fn depth(field: FacetField) -> usize {
        match field {
            FacetField::Region => DIVISION_DEPTH,
            FacetField::Date => 2,
            _ => field.default_depth(),
        }
    }

    /// Counts every tree for the documents `query` matches, with the killed
    /// per year and month, and in all.
    pub fn count(index: &SitrepIndex, searcher: &Searcher, query: &dyn Query) -> Result<Self> {
        let root = Facet::root();
        let collector = |field: FacetField| {
            let sum = (field == FacetField::Date).then_some(CasualtyKind::Killed);
            TreeCollector::new(index, field, &root, Self::depth(field), sum)
        };
        // One pass over the matches for all the trees.
        let ((region, actor, date), (event, violence, language), killed) = searcher.search(
            query,
            &(
                (
                    collector(FacetField::Region),
                    collector(FacetField::Actor),
                    collector(FacetField::Date),
                ),
                (
                    collector(FacetField::Event),
                    collector(FacetField::Violence),
                    collector(FacetField::Language),
                ),
                SumCollector(CasualtyKind::Killed),
            ),
        )?;
        Ok(FacetTrees {
            region: build_tree(&region, &root, false),
            actor: build_tree(&actor, &root, false),
            date: build_tree(&date, &root, true),
            event: build_tree(&event, &root, false),
            violence: build_tree(&violence, &root, false),
            language: build_tree(&language, &root, false),
            killed,
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
    /// The casualties asked for, summed over the matching documents.
    pub sum: Option<KindSum>,
    /// For each requested field, its trees.
    pub trees: Vec<(FacetField, Vec<RootedTree>)>,
}

/// One tree of a dimension rooted at a facet (`/` for the whole tree).
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct RootedTree {
    /// The facet the tree hangs from, e.g. `/` or `/Africa`.
    pub root: String,
    /// The values below it, `depth` levels deep.
    pub values: Vec<FacetCount>,
}

/// The trees of one dimension in a [`FacetsAnswer`]: `/api/facets` sends one
/// tree's values, `sitrep facets` each root it was asked for with its values
/// (`--region mali --region niger` roots two trees).
#[derive(Debug, Clone, Serialize, PartialEq)]
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
    /// Event type trees, when asked for.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub event: Option<Trees>,
    /// UCDP violence type trees, when asked for.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub violence: Option<Trees>,
    /// Language trees, when asked for.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub language: Option<Trees>,
    /// The casualties asked for (`--sum killed`), summed over the matching
    /// documents; each tree node then carries its own sum.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sum: Option<KindSum>,
}

impl FacetsAnswer {
    /// Gives the region nodes their ISO codes and coordinates.
    pub fn locate(&mut self, gazetteer: &Gazetteer) {
        match &mut self.region {
            Some(Trees::Values(nodes)) => locate_regions(nodes, gazetteer),
            Some(Trees::Rooted(trees)) => {
                for tree in trees {
                    locate_regions(&mut tree.values, gazetteer);
                }
            }
            None => {}
        }
    }

    /// Sets the trees of `field`.
    pub fn set(&mut self, field: FacetField, trees: Trees) {
        *match field {
            FacetField::Region => &mut self.region,
            FacetField::Actor => &mut self.actor,
            FacetField::Date => &mut self.date,
            FacetField::Event => &mut self.event,
            FacetField::Violence => &mut self.violence,
            FacetField::Language => &mut self.language,
        } = Some(trees);
    }
}

impl From<CountedFacets> for FacetsAnswer {
    fn from(counted: CountedFacets) -> Self {
        let mut answer = FacetsAnswer {
            total: counted.total,
            sum: counted.sum,
            ..FacetsAnswer::default()
        };
        for (field, trees) in counted.trees {
            answer.set(field, Trees::Rooted(trees));
        }
        answer
    }
}

/// Counts the requested trees for the documents `query` matches, with the
/// casualties of kind `sum` per node and in all when given.
pub fn count_facets(
    index: &SitrepIndex,
    searcher: &Searcher,
    query: &dyn Query,
    requests: &[FacetRequest],
    sum: Option<CasualtyKind>,
) -> Result<CountedFacets> {
    let total = searcher.search(query, &tantivy::collector::Count)?;
    let sum = match sum {
        Some(kind) => Some(KindSum {
            kind,
            sum: searcher.search(query, &SumCollector(kind))?,
        }),
        None => None,
    };
    let mut trees = Vec::new();
    for request in requests {
        let mut rooted = Vec::new();
        for root in &request.roots {
            let children = facet_tree(
                index,
                searcher,
                query,
                request.field,
                root,
                request.depth,
                sum.map(|s| s.kind),
            )?;
            rooted.push(RootedTree {
                root: root.to_string(),
                values: children,
            });
        }
        trees.push((request.field, rooted));
    }
    Ok(CountedFacets { total, sum, trees })
}

/// Counts the facet tree of `field` under `root` (the whole tree when `root`
/// is the root facet), `depth` levels deep, for the documents `query` matches,
/// with the casualties of kind `sum` of each node when given.
/// Only facets that occur in the index are listed, so values outside the
/// gazetteer (explicit record facets) are counted too.
pub fn facet_tree(
    index: &SitrepIndex,
    searcher: &Searcher,
    query: &dyn Query,
    field: FacetField,
    root: &Facet,
    depth: usize,
    sum: Option<CasualtyKind>,
) -> Result<Vec<FacetCount>> {
    let collector = TreeCollector::new(index, field, root, depth, sum);
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
    sum: Option<CasualtyKind>,
    cache: &'a FacetNodeCache,
}

/// A node's documents, and their casualties when summed.
type Counted = (u64, Option<Sum>);

/// Encoded facet path (tantivy's `\0`-separated form) -> what it counted.
type NodeCounts = HashMap<String, Counted>;

/// Encoded parent path -> its children's encoded paths and counts.
type ByParent<'a> = HashMap<&'a str, Vec<(&'a str, Counted)>>;

struct TreeSegmentCollector {
    reader: FacetReader,
    nodes: Arc<SegmentNodes>,
    counts: Vec<u64>,
    /// The casualty columns summed, and each node's sum.
    sums: Option<(Totals, Vec<Sum>)>,
    /// The last document counted for each node, +1 (0: none yet): a
    /// document under /Africa twice (Mali and Libya) counts once for Africa.
    last_doc: Vec<u32>,
}

impl<'a> TreeCollector<'a> {
    fn new(
        index: &'a SitrepIndex,
        field: FacetField,
        root: &Facet,
        depth: usize,
        sum: Option<CasualtyKind>,
    ) -> Self {
        let field = field.field(index);
        TreeCollector {
            field,
            field_name: index.index.schema().get_field_name(field).to_string(),
            root: root.clone(),
            depth,
            sum,
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
        let sums = match self.sum {
            Some(kind) => Some((
                Totals::for_segment(segment, kind)?,
                vec![Sum::default(); nodes.nodes.len()],
            )),
            None => None,
        };
        Ok(TreeSegmentCollector {
            reader,
            counts: vec![0; nodes.nodes.len()],
            sums,
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
            for (node, (count, sum)) in fruit {
                let entry = total.entry(node).or_default();
                entry.0 += count;
                if let Some(sum) = sum {
                    entry
                        .1
                        .get_or_insert_with(Sum::default)
                        .add((sum.min, sum.max));
                }
            }
        }
        Ok(total)
    }
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

/// Sums one casualty kind over the matching documents.
struct SumCollector(CasualtyKind);

struct SumSegmentCollector {
    totals: Totals,
    sum: Sum,
}

impl Collector for SumCollector {
    type Fruit = Sum;
    type Child = SumSegmentCollector;

    fn for_segment(
        &self,
        _: SegmentOrdinal,
        segment: &SegmentReader,
    ) -> tantivy::Result<SumSegmentCollector> {
        Ok(SumSegmentCollector {
            totals: Totals::for_segment(segment, self.0)?,
            sum: Sum::default(),
        })
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(&self, fruits: Vec<Sum>) -> tantivy::Result<Sum> {
        let mut total = Sum::default();
        for sum in fruits {
            total.add((sum.min, sum.max));
        }
        Ok(total)
    }
}

impl SegmentCollector for SumSegmentCollector {
    type Fruit = Sum;

    fn collect(&mut self, doc: DocId, _: Score) {
        self.sum.add(self.totals.of(doc));
    }

    fn harvest(self) -> Sum {
        self.sum
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
        let mut sums = self
            .sums
            .as_mut()
            .map(|(totals, sums)| (totals.of(doc), sums));
        for ord in self.reader.facet_ords(doc) {
            let ord = ord as usize;
            for &node in &ord_nodes[ord_start[ord] as usize..ord_start[ord + 1] as usize] {
                let node = node as usize;
                if self.last_doc[node] != stamp {
                    self.last_doc[node] = stamp;
                    self.counts[node] += 1;
                    if let Some((counts, sums)) = &mut sums {
                        sums[node].add(*counts);
                    }
                }
            }
        }
    }

    fn harvest(self) -> NodeCounts {
        let sums = self.sums.map(|(_, sums)| sums);
        self.nodes
            .nodes
            .iter()
            .zip(self.counts)
            .enumerate()
            .filter(|(_, (_, count))| *count > 0)
            .map(|(i, (node, count))| (node.clone(), (count, sums.as_ref().map(|s| s[i]))))
            .collect()
    }
}

/// The counted nodes as a tree under `root`.
fn build_tree(counts: &NodeCounts, root: &Facet, chronological: bool) -> Vec<FacetCount> {
    let mut by_parent = ByParent::new();
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

fn children_of(by_parent: &ByParent, parent: &str, chronological: bool) -> Vec<FacetCount> {
    let Some(children) = by_parent.get(parent) else {
        return Vec::new();
    };
    let mut nodes: Vec<FacetCount> = children
        .iter()
        .map(|&(node, (count, sum))| {
            let facet =
                Facet::from_encoded(node.as_bytes().to_vec()).unwrap_or_else(|_| Facet::root());
            FacetCount {
                path: facet.to_string(),
                label: node.rsplit('\0').next().unwrap_or(node).to_string(),
                count,
                sum,
                location: None,
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
            (String::new(), (3, None)),
            ("Africa".to_string(), (2, None)),
            ("Africa\0Western Africa".to_string(), (1, None)),
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
            sum: None,
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

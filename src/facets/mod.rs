//! Facet counts for whatever a query matches: the region tree (continent >
//! sub-region > country), actors (kind > name), dates (year > month > day),
//! ACLED event types (type > sub-event type), UCDP violence types and
//! languages; and,
//! when asked, the casualties they add up to (deaths per month).

mod cache;
mod count;

use std::collections::HashMap;

use serde::Serialize;
use tantivy::schema::{Facet, Field};
use tantivy::Searcher;

pub(crate) use cache::Bounded;
pub use cache::FacetCache;
pub(crate) use count::matching_docs;
use count::{Counted, Measure, NodeCounts};

use crate::enrich::{CasualtyKind, Gazetteer, Location};
use crate::error::Result;
use crate::groups::Collapse;
use crate::index::SitrepIndex;
use crate::query::Compiled;

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
    /// What the counts count when not articles: the groups of a collapsed
    /// search (`stories`: the stories under each value, and the killed
    /// each story reports, once).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub by: Option<Collapse>,
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

    /// Counts every tree for the documents a compiled query matches, with
    /// the killed per year and month, and in all; and those documents. `by`
    /// a grouping, the nodes count groups and the casualties each group's
    /// once (a search collapsed by it: "412 hits in 97 stories" counts 97).
    pub fn count(
        index: &SitrepIndex,
        searcher: &Searcher,
        matches: &Compiled,
        by: Option<Collapse>,
    ) -> Result<(usize, Self)> {
        let root = Facet::root();
        let tree = |field: FacetField| {
            let sum = (field == FacetField::Date).then_some(CasualtyKind::Killed);
            Measure::tree(field.field(index), &root, Self::depth(field), sum)
        };
        let mut measures = FacetField::ALL.map(tree).to_vec();
        measures.push(Measure::Sum(CasualtyKind::Killed));
        // One pass over the matches for all the trees.
        let counted = match by {
            None => count::count(index, searcher, matches, &measures)?,
            Some(kind) => count::count_groups(index, searcher, matches, &measures, kind)?,
        };
        let [region, actor, date, event, violence, language, killed] = &counted.measures[..] else {
            unreachable!("one count per measure");
        };
        let trees = FacetTrees {
            region: build_tree(region, &root, false),
            actor: build_tree(actor, &root, false),
            date: build_tree(date, &root, true),
            event: build_tree(event, &root, false),
            violence: build_tree(violence, &root, false),
            language: build_tree(language, &root, false),
            killed: root_sum(killed),
            by,
        };
        Ok((counted.total, trees))
    }
}

/// The sum a [`Measure::Sum`] counted.
fn root_sum(counts: &NodeCounts) -> Sum {
    counts.get("").and_then(|(_, sum)| *sum).unwrap_or_default()
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

impl FacetRequest {
    /// The tree of `field` that shows the values a filter narrows it to,
    /// `depth` levels below them: the whole tree without values, the tree
    /// under the one value, and for several (an area such as the Sahel, or
    /// `--region mali --region niger`) one tree from their closest common
    /// ancestor down to each, so that each value is counted beside the
    /// others. [`RootedTree::keep_toward`] then drops the branches that lead
    /// to none of them.
    pub fn drill(field: FacetField, values: &[Facet], depth: usize) -> FacetRequest {
        let (root, below) = match values {
            [] => (Facet::root(), 0),
            [one] => (one.clone(), 0),
            several => {
                let ancestor = common_ancestor(several);
                let below = several
                    .iter()
                    .map(|v| levels(v) - levels(&ancestor))
                    .max()
                    .unwrap_or(0);
                (ancestor, below)
            }
        };
        FacetRequest {
            field,
            roots: vec![root],
            depth: below + depth,
        }
    }
}

/// A facet's number of levels below the root (`/Africa/Mali`: 2).
fn levels(facet: &Facet) -> usize {
    if facet.is_root() {
        0
    } else {
        facet.to_path().len()
    }
}

/// The deepest facet that is `facets`' common ancestor (or one of them).
fn common_ancestor(facets: &[Facet]) -> Facet {
    let paths: Vec<Vec<&str>> = facets.iter().map(Facet::to_path).collect();
    let Some((first, rest)) = paths.split_first() else {
        return Facet::root();
    };
    let shared = first
        .iter()
        .enumerate()
        .take_while(|&(i, label)| rest.iter().all(|p| p.get(i) == Some(label)))
        .count();
    Facet::from_path(&first[..shared])
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

impl RootedTree {
    /// Keeps the branches that lead to one of `values` or hang below one
    /// (all of them when `values` is empty): the tree of a
    /// [`FacetRequest::drill`] without the other values its documents name.
    pub fn keep_toward(&mut self, values: &[Facet]) {
        if !values.is_empty() {
            let values: Vec<String> = values.iter().map(Facet::to_string).collect();
            keep_toward(&mut self.values, &values);
        }
    }
}

fn keep_toward(nodes: &mut Vec<FacetCount>, values: &[String]) {
    let under = |path: &str, above: &str| {
        path.strip_prefix(above)
            .is_some_and(|rest| rest.is_empty() || rest.starts_with('/'))
    };
    nodes.retain_mut(|node| {
        if values.iter().any(|v| under(&node.path, v)) {
            return true;
        }
        // An ancestor of a value stays only with the value below it.
        values.iter().any(|v| under(v, &node.path)) && {
            keep_toward(&mut node.children, values);
            !node.children.is_empty()
        }
    });
}

/// The trees of one dimension in a [`FacetsAnswer`]: `/api/facets` sends one
/// tree's values, `sitrep facets` each root it was asked for with its values
/// (`--region mali --region niger` roots one tree at western Africa, kept to
/// the two: [`FacetRequest::drill`]).
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

/// Counts the requested trees for the documents a compiled query matches,
/// with the casualties of kind `sum` per node and in all when given.
pub fn count_facets(
    index: &SitrepIndex,
    searcher: &Searcher,
    matches: &Compiled,
    requests: &[FacetRequest],
    sum: Option<CasualtyKind>,
) -> Result<CountedFacets> {
    let mut measures: Vec<Measure> = requests
        .iter()
        .flat_map(|request| {
            let field = request.field.field(index);
            request
                .roots
                .iter()
                .map(move |root| Measure::tree(field, root, request.depth, sum))
        })
        .collect();
    measures.extend(sum.map(Measure::Sum));
    // One pass over the matches for every tree.
    let counted = count::count(index, searcher, matches, &measures)?;
    let mut counts = counted.measures.iter();
    let mut trees = Vec::new();
    for request in requests {
        let chronological = request.field == FacetField::Date;
        let rooted = request
            .roots
            .iter()
            .zip(counts.by_ref())
            .map(|(root, counts)| RootedTree {
                root: root.to_string(),
                values: build_tree(counts, root, chronological),
            })
            .collect();
        trees.push((request.field, rooted));
    }
    let sum = sum.map(|kind| KindSum {
        kind,
        sum: counts.next().map(root_sum).unwrap_or_default(),
    });
    Ok(CountedFacets {
        total: counted.total,
        sum,
        trees,
    })
}

/// Counts the facet tree of `field` under `root` (the whole tree when `root`
/// is the root facet), `depth` levels deep, for the documents a compiled
/// query matches, with the casualties of kind `sum` of each node when given.
/// Only facets that occur in the index are listed, so values outside the
/// gazetteer (explicit record facets) are counted too.
pub fn facet_tree(
    index: &SitrepIndex,
    searcher: &Searcher,
    matches: &Compiled,
    field: FacetField,
    root: &Facet,
    depth: usize,
    sum: Option<CasualtyKind>,
) -> Result<Vec<FacetCount>> {
    let measure = Measure::tree(field.field(index), root, depth, sum);
    let counted = count::count(index, searcher, matches, &[measure])?;
    Ok(build_tree(
        &counted.measures[0],
        root,
        field == FacetField::Date,
    ))
}

/// Encoded parent path -> its children's encoded paths and counts.
type ByParent<'a> = HashMap<&'a str, Vec<(&'a str, Counted)>>;

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

    fn facet(path: &str) -> Facet {
        Facet::from_text(path).unwrap()
    }

    #[test]
    fn several_values_drill_from_their_common_ancestor() {
        let sahel = [
            facet("/Africa/Western Africa/Mali"),
            facet("/Africa/Middle Africa/Chad"),
        ];
        let request = FacetRequest::drill(FacetField::Region, &sahel, 1);
        assert_eq!(request.roots, vec![facet("/Africa")]);
        assert_eq!(request.depth, 3, "sub-region, country, then one level");
        let apart = [facet("/Africa/Western Africa/Mali"), facet("/Europe")];
        let request = FacetRequest::drill(FacetField::Region, &apart, 2);
        assert_eq!((request.roots, request.depth), (vec![Facet::root()], 5));
        let one = FacetRequest::drill(FacetField::Region, &sahel[..1], 2);
        assert_eq!((one.roots, one.depth), (vec![sahel[0].clone()], 2));
        let none = FacetRequest::drill(FacetField::Actor, &[], 2);
        assert_eq!((none.roots, none.depth), (vec![Facet::root()], 2));
    }

    #[test]
    fn a_drilled_tree_keeps_the_branches_to_its_values() {
        let counts: NodeCounts = [
            ("Africa", 9),
            ("Africa\0Western Africa", 8),
            ("Africa\0Western Africa\0Mali", 6),
            ("Africa\0Western Africa\0Mali\0Gao", 2),
            ("Africa\0Western Africa\0Nigeria", 3),
            ("Africa\0Middle Africa", 2),
            ("Africa\0Middle Africa\0Cameroon", 2),
        ]
        .into_iter()
        .map(|(path, count)| (path.to_string(), (count, None)))
        .collect();
        let mut tree = RootedTree {
            root: "/".to_string(),
            values: build_tree(&counts, &Facet::root(), false),
        };
        tree.keep_toward(&[
            facet("/Africa/Western Africa/Mali"),
            facet("/Africa/Middle Africa/Chad"),
        ]);
        let paths: Vec<String> = tree
            .values
            .iter()
            .flat_map(FacetCount::flatten)
            .map(|n| n.path.clone())
            .collect();
        // Nigeria is no value; Middle Africa leads to Chad, which no document names.
        assert_eq!(
            paths,
            [
                "/Africa",
                "/Africa/Western Africa",
                "/Africa/Western Africa/Mali",
                "/Africa/Western Africa/Mali/Gao"
            ]
        );
    }

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
        let mut ends = Vec::new();
        count::node_ends(Facet::from(root).encoded_str(), depth, encoded, &mut ends);
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

//! Facet counts for whatever a query matches: the region tree (continent >
//! sub-region > country), actors (kind > name) and dates (year > month > day).

use std::collections::BTreeSet;

use serde::Serialize;
use tantivy::collector::{FacetCollector, FacetCounts, MultiCollector};
use tantivy::query::Query;
use tantivy::schema::{Facet, Field};
use tantivy::Searcher;

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
/// Each level needs its own collector, since tantivy's FacetCollector cannot
/// count a facet and its ancestor at once.
pub fn facet_tree(
    index: &SitrepIndex,
    searcher: &Searcher,
    query: &dyn Query,
    field: FacetField,
    root: &Facet,
    depth: usize,
) -> Result<Vec<FacetCount>> {
    let tantivy_field = field.field(index);
    let levels = nodes_by_level(searcher, tantivy_field, root, depth)?;
    let name = index
        .index
        .schema()
        .get_field_name(tantivy_field)
        .to_string();
    let mut multi = MultiCollector::new();
    let handles: Vec<_> = levels
        .iter()
        .map(|parents| {
            let mut collector = FacetCollector::for_field(&name);
            parents.iter().for_each(|p| collector.add_facet(p.clone()));
            multi.add_collector(collector)
        })
        .collect();
    let mut fruits = searcher.search(query, &multi)?;
    let counts: Vec<FacetCounts> = handles
        .into_iter()
        .map(|h| h.extract(&mut fruits))
        .collect();
    Ok(children(&counts, root, 0, field == FacetField::Date))
}

fn children(
    counts: &[FacetCounts],
    parent: &Facet,
    level: usize,
    chronological: bool,
) -> Vec<FacetCount> {
    let Some(level_counts) = counts.get(level) else {
        return Vec::new();
    };
    let mut nodes: Vec<FacetCount> = level_counts
        .get(parent.clone())
        .filter(|(_, count)| *count > 0)
        .map(|(facet, count)| FacetCount {
            path: facet.to_string(),
            label: facet
                .to_path()
                .last()
                .map(|s| s.to_string())
                .unwrap_or_default(),
            count,
            children: children(counts, facet, level + 1, chronological),
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

/// The parents to count at each level: level 0 is `root` itself, level n
/// the facets n below it that exist in the index (read from the term
/// dictionary, so facets not in the gazetteer are counted too).
fn nodes_by_level(
    searcher: &Searcher,
    field: Field,
    root: &Facet,
    depth: usize,
) -> Result<Vec<BTreeSet<Facet>>> {
    let root_depth = facet_depth(root);
    let mut levels: Vec<BTreeSet<Facet>> = vec![BTreeSet::new(); depth];
    if depth == 0 {
        return Ok(levels);
    }
    levels[0].insert(root.clone());
    for segment in searcher.segment_readers() {
        let inverted = segment.inverted_index(field)?;
        let mut stream = inverted.terms().stream()?;
        while stream.advance() {
            let Ok(facet) = Facet::from_encoded(stream.key().to_vec()) else {
                continue;
            };
            let below = facet_depth(&facet).saturating_sub(root_depth);
            if below >= 1 && below < depth && root.is_prefix_of(&facet) {
                levels[below].insert(facet);
            }
        }
    }
    Ok(levels)
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

/// Number of path segments; 0 for the root (whose `to_path` is `[""]`).
fn facet_depth(facet: &Facet) -> usize {
    if facet.is_root() {
        0
    } else {
        facet.to_path().len()
    }
}

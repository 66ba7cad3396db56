//! `sitrep stats`: what an index holds.

use chrono::{DateTime as ChronoDateTime, NaiveDate};
use serde::Serialize;
use tantivy::schema::Facet;

use crate::error::Result;
use crate::facets::{
    facet_tree, sort_nodes, FacetCount, FacetField, COUNTRY_DEPTH, DIVISION_DEPTH,
};
use crate::index::SitrepIndex;
use crate::query::{compile_query, Filters};
use crate::search::{date_bounds, searcher};

/// Facts about an index.
#[derive(Debug, Serialize)]
pub struct IndexStats {
    /// Index directory.
    pub index: String,
    /// Live documents.
    pub documents: u64,
    /// Earliest article date.
    pub first_date: Option<NaiveDate>,
    /// Latest article date.
    pub last_date: Option<NaiveDate>,
    /// Bytes on disk.
    pub size_bytes: u64,
    /// tantivy segments.
    pub segments: usize,
    /// Continents with their counts.
    pub regions: Vec<FacetCount>,
    /// The countries with the most documents, largest first (full paths).
    pub countries: Vec<FacetCount>,
    /// The first-level divisions (provinces, governorates, oblasts) with the
    /// most documents, largest first.
    pub divisions: Vec<FacetCount>,
    /// Actor kinds with their counts.
    pub actors: Vec<FacetCount>,
    /// ACLED event types with their counts.
    pub events: Vec<FacetCount>,
    /// An indexing run killed before it finished, whose uncommitted files
    /// count in `size_bytes` until the next `sitrep index`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub interrupted: Option<String>,
}

/// Gathers the stats of `index`; `top` limits the facet lists.
pub fn index_stats(index: &SitrepIndex, top: usize) -> Result<IndexStats> {
    let searcher = searcher(index)?;
    let bounds = date_bounds(&searcher)?;
    let day = |secs: Option<i64>| {
        secs.and_then(|s| ChronoDateTime::from_timestamp(s, 0))
            .map(|d| d.date_naive())
    };
    // Every document: counts the index keeps per segment once counted.
    let every = compile_query(index, &searcher, "", &Filters::default())?;
    let tree = |field: FacetField, depth: usize| -> Result<Vec<FacetCount>> {
        facet_tree(index, &searcher, &every, field, &Facet::root(), depth, None)
    };
    let top_of = |mut nodes: Vec<FacetCount>| {
        nodes.truncate(top);
        nodes
    };
    // One count down to the divisions gives the continents, countries and
    // divisions alike, each level as a list of its largest nodes.
    let all = tree(FacetField::Region, DIVISION_DEPTH)?;
    let level = |depth: usize| {
        let mut nodes: Vec<FacetCount> = all
            .iter()
            .flat_map(FacetCount::flatten)
            .filter(|n| n.path.matches('/').count() == depth)
            .map(|n| FacetCount {
                children: Vec::new(),
                ..n.clone()
            })
            .collect();
        sort_nodes(&mut nodes, false);
        nodes.truncate(top);
        nodes
    };
    Ok(IndexStats {
        countries: level(COUNTRY_DEPTH),
        divisions: level(DIVISION_DEPTH),
        index: index.dir.display().to_string(),
        documents: searcher.num_docs(),
        first_date: day(bounds.map(|(lo, _)| lo)),
        last_date: day(bounds.map(|(_, hi)| hi)),
        size_bytes: dir_size(&index.dir),
        segments: searcher.segment_readers().len(),
        regions: level(1),
        actors: top_of(tree(FacetField::Actor, 2)?),
        events: top_of(tree(FacetField::Event, 1)?),
        interrupted: index.interrupted_run(),
    })
}

fn dir_size(dir: &std::path::Path) -> u64 {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(|e| e.ok())
        .filter_map(|e| e.metadata().ok())
        .filter(|m| m.is_file())
        .map(|m| m.len())
        .sum()
}

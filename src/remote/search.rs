//! A sitrep search run on Quickwit: the request (query string, timestamps,
//! sort, snippet fields, terms aggregations) and the answer turned back into
//! the [`SearchResults`] and facet trees a local search gives, so the same
//! renderers print both.

use std::collections::{BTreeMap, HashMap};
use std::time::Instant;

use chrono::NaiveDate;
use serde::Deserialize;
use serde_json::{json, Map, Value};
use tantivy::schema::Facet;

use super::client::Quickwit;
use super::groups::{collapse, WindowGroup, COLLAPSE_WINDOW};
use super::translate::{to_quickwit_query, Translated};
use crate::enrich::{CasualtyKind, CasualtyReport, Range};
use crate::error::{Arg, Error, Result};
use crate::facets::{
    sort_nodes, CountedFacets, FacetCount, FacetField, FacetRequest, FacetTrees, KindSum,
    RootedTree, Sum,
};
use crate::groups::Collapse;
use crate::index::{FieldName, SchemaSpec};
use crate::language::Language;
use crate::query::{Filters, Highlight};
use crate::render::snippet::{from_marked_fragment, make_snippet, Snippet, SNIPPET_CHARS};
use crate::search::{display_path, SearchHit, SearchRequest, SearchResults, Sort};

/// Fields snippets are cut from, in order of preference (as locally).
const SNIPPET_FIELDS: [FieldName; 3] = [FieldName::Body, FieldName::Summary, FieldName::Title];
/// Buckets asked for per facet field. Every ancestor path is a bucket of
/// its own, and a terms aggregation returns the largest first, so this
/// bounds the tree; a local index has no such limit.
const FACET_BUCKETS: u64 = 10_000;
/// The aggregation that counts a collapsed search's groups (terms of `copy`).
const GROUPS_AGGREGATION: &str = "groups";

/// The Quickwit field behind a facet dimension.
fn facet_field(field: FacetField) -> &'static str {
    let name = match field {
        FacetField::Region => FieldName::Region,
        FacetField::Actor => FieldName::Actor,
        FacetField::Date => FieldName::Calendar,
        FacetField::Event => FieldName::Event,
        FacetField::Violence => FieldName::Violence,
        FacetField::Language => FieldName::Language,
    };
    name.name()
}

impl Quickwit {
    /// Runs a sitrep search on this index.
    pub fn run_search(&self, request: &SearchRequest) -> Result<SearchResults> {
        request.validate()?;
        if request.recency.is_some() {
            return Err(Error::bad(
                Arg::Recent,
                "needs BM25 scores, which the Quickwit backend does not return; use --sort newest there",
            ));
        }
        if request.explain {
            return Err(Error::bad(
                Arg::Explain,
                "breaks down BM25 scores, which the Quickwit backend does not return; search the local index",
            ));
        }
        if request.collapse == Some(Collapse::Stories) {
            return Err(Error::bad(
                Arg::Collapse,
                "`stories` is not available with --quickwit yet: use --collapse copies there, or the local index",
            ));
        }
        let started = Instant::now();
        let (mut body, mut notes) = base_request(&request.query, &request.filters)?;
        let collapse = request.collapse.is_some();
        if collapse {
            // Quickwit cannot collapse: sitrep groups the top of the ranking.
            body.insert("max_hits".into(), json!(COLLAPSE_WINDOW));
            body.insert("start_offset".into(), json!(0));
        } else {
            body.insert("max_hits".into(), json!(request.limit));
            body.insert("start_offset".into(), json!(request.offset));
        }
        let sort = match request.sort {
            Sort::Relevance => "_score",
            Sort::Newest => FieldName::Date.name(),
            // Quickwit 0.8's sort syntax: a leading `-` means ascending.
            Sort::Oldest => "-date",
            Sort::Killed => CasualtyKind::Killed.min_field(),
        };
        body.insert("sort_by".into(), json!(sort));
        if !request.query.trim().is_empty() {
            body.insert(
                "snippet_fields".into(),
                json!(SNIPPET_FIELDS.map(FieldName::name).join(",")),
            );
        }
        // The trees of a page, as locally: dates to the month with the
        // killed per month, and the killed in all.
        let tree = |field: FacetField| FacetRequest {
            field,
            roots: vec![Facet::root()],
            depth: FacetTrees::depth(field),
        };
        let (trees, dates) = (
            [
                FacetField::Region,
                FacetField::Actor,
                FacetField::Event,
                FacetField::Violence,
                FacetField::Language,
            ]
            .map(tree),
            [tree(FacetField::Date)],
        );
        let killed = Some(CasualtyKind::Killed);
        let mut aggs = Map::new();
        if request.with_facets {
            aggs.extend(aggregations(&trees, None));
            aggs.extend(aggregations(&dates, killed));
        }
        if collapse {
            aggs.insert(
                GROUPS_AGGREGATION.into(),
                json!({ "terms": { "field": FieldName::Copy.name(), "size": FACET_BUCKETS } }),
            );
        }
        if !aggs.is_empty() {
            body.insert("aggs".into(), Value::Object(aggs));
        }
        let answer = self.search(&Value::Object(body))?;
        self.check_partial(&answer)?;
        let snippets = answer["snippets"].as_array();
        let ranked: Vec<(SearchHit, Option<u64>)> = answer["hits"]
            .as_array()
            .map(|hits| {
                hits.iter()
                    .enumerate()
                    .map(|(i, doc)| to_hit(doc, snippets.and_then(|s| s.get(i))))
                    .collect()
            })
            .unwrap_or_default();
        let (hits, groups) = if collapse {
            let (page, groups) = self.collapsed_page(request, &answer, ranked, &mut notes)?;
            (page, Some(groups))
        } else {
            (self.with_groups(request, ranked, &mut notes)?, None)
        };
        let facets = request.with_facets.then(|| {
            let mut counted = facet_trees(&answer, &trees, None)
                .into_iter()
                .chain(facet_trees(&answer, &dates, killed));
            let mut next = || {
                counted
                    .next()
                    .and_then(|(_, mut roots)| roots.pop())
                    .map(|tree| tree.values)
                    .unwrap_or_default()
            };
            FacetTrees {
                region: next(),
                actor: next(),
                event: next(),
                violence: next(),
                language: next(),
                date: next(),
                killed: sum_of(&answer["aggregations"], CasualtyKind::Killed).unwrap_or_default(),
                by: None,
            }
        });
        if let (Some(kind), Some(_)) = (request.collapse, &facets) {
            notes.push(format!(
                "Quickwit: the facet counts are of articles, not of {}",
                kind.name()
            ));
        }
        Ok(SearchResults {
            query: request.query.clone(),
            notes,
            total: total(&answer),
            collapse: request.collapse,
            groups,
            took_ms: (started.elapsed().as_secs_f64() * 1e6).round() / 1e3,
            hits,
            facets,
        })
    }

    /// The requested page of groups of a collapsed search's window of
    /// `ranked` hits, each hit with its group, and the number of groups
    /// among all matches.
    fn collapsed_page(
        &self,
        request: &SearchRequest,
        answer: &Value,
        ranked: Vec<(SearchHit, Option<u64>)>,
        notes: &mut Vec<String>,
    ) -> Result<(Vec<SearchHit>, usize)> {
        let window = ranked
            .into_iter()
            .map(|(hit, copy)| copy.map(|c| (hit, c)))
            .collect::<Option<Vec<_>>>()
            .ok_or_else(|| {
                self.error(format!(
                    "its documents have no `copy` field, so reprints cannot be collapsed: push them again with this sitrep into a new index (`quickwit index delete --index {}` first)",
                    self.index_id()
                ))
            })?;
        let seen = window.len();
        let groups = collapse(window, &request.prefer);
        let buckets = &answer["aggregations"][GROUPS_AGGREGATION];
        let counted = buckets["buckets"].as_array().map_or(groups.len(), Vec::len);
        if total(answer) > seen {
            notes.push(format!(
                "Quickwit cannot collapse: sitrep grouped the first {seen} of {} hits",
                total(answer)
            ));
        }
        if buckets["sum_other_doc_count"].as_u64().unwrap_or(0) > 0 {
            notes.push(format!(
                "Quickwit: the matches fall into more than {counted} groups; only that many were counted"
            ));
        }
        let page: Vec<WindowGroup> = groups
            .into_iter()
            .skip(request.offset)
            .take(request.limit)
            .collect();
        let ids: Vec<(&str, u64)> = page.iter().map(|g| (g.hit.id.as_str(), g.copy)).collect();
        let similar: Vec<usize> = page.iter().map(|g| g.matched - 1).collect();
        let groups = self.page_groups(&ids, Some(&similar), &request.prefer, notes)?;
        let hits = page
            .into_iter()
            .zip(groups)
            .map(|(g, group)| SearchHit {
                copy: Some(group),
                ..g.hit
            })
            .collect();
        Ok((hits, counted))
    }

    /// The hits of a page, each with its group when the documents carry
    /// `copy` ids (an index pushed by a sitrep before groups has none).
    fn with_groups(
        &self,
        request: &SearchRequest,
        ranked: Vec<(SearchHit, Option<u64>)>,
        notes: &mut Vec<String>,
    ) -> Result<Vec<SearchHit>> {
        let Some(ids) = ranked
            .iter()
            .map(|(hit, copy)| copy.map(|c| (hit.id.as_str(), c)))
            .collect::<Option<Vec<_>>>()
        else {
            return Ok(ranked.into_iter().map(|(hit, _)| hit).collect());
        };
        let groups = self.page_groups(&ids, None, &request.prefer, notes)?;
        Ok(ranked
            .into_iter()
            .zip(groups)
            .map(|((hit, _), group)| SearchHit {
                copy: Some(group),
                ..hit
            })
            .collect())
    }

    /// Counts facet trees for the documents a query and filters match, with
    /// the casualties of kind `sum` per value and in all when given.
    pub fn count_facets(
        &self,
        query: &str,
        filters: &Filters,
        requests: &[FacetRequest],
        sum: Option<CasualtyKind>,
    ) -> Result<CountedFacets> {
        let (mut body, _) = base_request(query, filters)?;
        body.insert("max_hits".into(), json!(0));
        body.insert("aggs".into(), Value::Object(aggregations(requests, sum)));
        let answer = self.search(&Value::Object(body))?;
        self.check_partial(&answer)?;
        Ok(CountedFacets {
            total: total(&answer),
            sum: sum.map(|kind| KindSum {
                kind,
                sum: sum_of(&answer["aggregations"], kind).unwrap_or_default(),
            }),
            trees: facet_trees(&answer, requests, sum),
        })
    }

    /// Quickwit answers with the splits it could search and lists the
    /// others in `errors`; sitrep does not show partial results as whole.
    fn check_partial(&self, answer: &Value) -> Result<()> {
        match answer["errors"].as_array() {
            Some(errors) if !errors.is_empty() => Err(self.error(format!(
                "the search failed on part of the index: {}",
                Value::Array(errors.clone())
            ))),
            _ => Ok(()),
        }
    }
}

fn total(answer: &Value) -> usize {
    answer["num_hits"]
        .as_u64()
        .map_or(0, |n| usize::try_from(n).unwrap_or(usize::MAX))
}

/// Query string and date range, shared by searches and facet counts; and
/// the notes about the query.
fn base_request(query: &str, filters: &Filters) -> Result<(Map<String, Value>, Vec<String>)> {
    filters.check_dates()?;
    let mut body = Map::new();
    let Translated { query, notes } = to_quickwit_query(query, filters, &SchemaSpec::embedded())?;
    body.insert("query".into(), json!(query));
    if let Some(from) = filters.from {
        body.insert("start_timestamp".into(), json!(day_seconds(from)));
    }
    // Quickwit's end is exclusive: the first second after the last day.
    if let Some(end) = filters.to.and_then(|d| d.succ_opt()) {
        body.insert("end_timestamp".into(), json!(day_seconds(end)));
    }
    Ok((body, notes))
}

fn day_seconds(day: NaiveDate) -> i64 {
    day.and_hms_opt(0, 0, 0)
        .unwrap_or_default()
        .and_utc()
        .timestamp()
}

/// One terms aggregation per requested field, named after the dimension,
/// each bucket with the sums of the least and greatest counts of `sum`
/// (`killed_min`, `killed_max`); and those sums over all matches.
fn aggregations(requests: &[FacetRequest], sum: Option<CasualtyKind>) -> Map<String, Value> {
    let sums = sum.map(sum_aggregations).unwrap_or_default();
    let mut aggs: Map<String, Value> = requests
        .iter()
        .map(|r| {
            let mut terms =
                json!({ "terms": { "field": facet_field(r.field), "size": FACET_BUCKETS } });
            if !sums.is_empty() {
                terms["aggs"] = Value::Object(sums.clone());
            }
            (r.field.name().to_string(), terms)
        })
        .collect();
    aggs.extend(sums);
    aggs
}

/// `sum` aggregations of the least and greatest count fields of `kind`,
/// named after the fields.
fn sum_aggregations(kind: CasualtyKind) -> Map<String, Value> {
    [kind.min_field(), kind.max_field()]
        .into_iter()
        .map(|field| (field.to_string(), json!({ "sum": { "field": field } })))
        .collect()
}

/// The sums of [`sum_aggregations`] in an aggregation answer (the top
/// level, or a bucket); Quickwit writes them as floats.
fn sum_of(aggregations: &Value, kind: CasualtyKind) -> Option<Sum> {
    let value = |field: &str| aggregations[field]["value"].as_f64().map(|v| v as u64);
    Some(Sum {
        min: value(kind.min_field())?,
        max: value(kind.max_field())?,
    })
}

/// A bucket's path, documents and sums.
type Bucket = (String, u64, Option<Sum>);

/// The trees of the requested fields, from the aggregation buckets.
fn facet_trees(
    answer: &Value,
    requests: &[FacetRequest],
    sum: Option<CasualtyKind>,
) -> Vec<(FacetField, Vec<RootedTree>)> {
    requests
        .iter()
        .map(|r| {
            let buckets = &answer["aggregations"][r.field.name()]["buckets"];
            let counts: Vec<Bucket> = buckets
                .as_array()
                .map(|b| {
                    b.iter()
                        .filter_map(|b| {
                            Some((
                                b["key"].as_str()?.to_string(),
                                b["doc_count"].as_u64()?,
                                sum.and_then(|kind| sum_of(b, kind)),
                            ))
                        })
                        .collect()
                })
                .unwrap_or_default();
            let by_parent = by_parent(&counts);
            let roots = r
                .roots
                .iter()
                .map(|root| {
                    let values = tree(
                        &by_parent,
                        &root.to_string(),
                        r.depth,
                        r.field == FacetField::Date,
                    );
                    RootedTree {
                        root: root.to_string(),
                        values,
                    }
                })
                .collect();
            (r.field, roots)
        })
        .collect()
}

/// A bucket's facet, documents and sums.
type Node = (Facet, u64, Option<Sum>);

/// Bucket paths grouped under their parent path (`/` for the top level).
fn by_parent(counts: &[Bucket]) -> HashMap<String, Vec<Node>> {
    let mut out: HashMap<String, Vec<Node>> = HashMap::new();
    for (path, count, sum) in counts {
        let Ok(facet) = Facet::from_text(path) else {
            continue;
        };
        let segments = facet.to_path();
        let parent = Facet::from_path(&segments[..segments.len().saturating_sub(1)]);
        out.entry(parent.to_string())
            .or_default()
            .push((facet, *count, *sum));
    }
    out
}

fn tree(
    by_parent: &HashMap<String, Vec<Node>>,
    parent: &str,
    depth: usize,
    chronological: bool,
) -> Vec<FacetCount> {
    if depth == 0 {
        return Vec::new();
    }
    let mut nodes: Vec<FacetCount> = by_parent
        .get(parent)
        .map(|children| {
            children
                .iter()
                .filter(|(_, count, _)| *count > 0)
                .map(|(facet, count, sum)| {
                    let path = facet.to_string();
                    FacetCount {
                        label: facet
                            .to_path()
                            .last()
                            .map(|s| s.to_string())
                            .unwrap_or_default(),
                        count: *count,
                        sum: *sum,
                        location: None,
                        children: tree(by_parent, &path, depth - 1, chronological),
                        path,
                    }
                })
                .collect()
        })
        .unwrap_or_default();
    sort_nodes(&mut nodes, chronological);
    nodes
}

/// A Quickwit hit (the stored document) and its snippets as a sitrep hit,
/// with its `copy` id if it has one.
pub(super) fn to_hit(doc: &Value, snippets: Option<&Value>) -> (SearchHit, Option<u64>) {
    let text = |field: FieldName| doc[field.name()].as_str().unwrap_or("").to_string();
    let [body, summary, title] = SNIPPET_FIELDS.map(text);
    let snippet = snippet(
        snippets,
        &[
            (&body, FieldName::Body),
            (&summary, FieldName::Summary),
            (&title, FieldName::Title),
        ],
    );
    let stored_date = text(FieldName::Date);
    // RFC 3339 from Quickwit; the day is what sitrep shows.
    let date = stored_date
        .get(..10)
        .and_then(|d| d.parse::<NaiveDate>().ok())
        .map_or(stored_date.clone(), |d| d.to_string());
    let hit = SearchHit {
        id: text(FieldName::Id),
        path: display_path(&text(FieldName::Path)),
        date,
        title,
        topic: text(FieldName::Topic),
        source: text(FieldName::Agency),
        dateline: text(FieldName::Dateline),
        url: text(FieldName::Url),
        score: None,
        regions: leaves(&doc[FieldName::Region.name()]),
        actors: leaves(&doc[FieldName::Actor.name()]),
        events: leaves(&doc[FieldName::Event.name()]),
        violence: leaves(&doc[FieldName::Violence.name()]),
        language: leaves(&doc[FieldName::Language.name()])
            .first()
            .and_then(|code| Language::parse(code))
            .unwrap_or_default(),
        casualties: totals(doc),
        counts: doc[FieldName::Casualties.name()]
            .as_array()
            .map(|counts| {
                counts
                    .iter()
                    .filter_map(|c| CasualtyReport::deserialize(c).ok())
                    .collect()
            })
            .unwrap_or_default(),
        highlights: snippet.highlights.iter().map(|&(s, e)| [s, e]).collect(),
        cut: snippet.cut,
        snippet: snippet.text,
        copy: None,
        explain: None,
        story: None,
    };
    (hit, doc[FieldName::Copy.name()].as_u64())
}

/// A document's casualty totals, from its `killed_min`, `killed_max`... fields.
fn totals(doc: &Value) -> BTreeMap<CasualtyKind, Range> {
    CasualtyKind::ALL
        .into_iter()
        .filter_map(|kind| {
            let number = |field: &str| doc[field].as_u64().and_then(|n| u32::try_from(n).ok());
            Some((
                kind,
                Range {
                    min: number(kind.min_field())?,
                    max: number(kind.max_field())?,
                },
            ))
        })
        .collect()
}

/// The first fragment Quickwit highlighted, in field order; else the start
/// of the first non-empty text, as a local search without matches shows.
fn snippet(snippets: Option<&Value>, fields: &[(&String, FieldName)]) -> Snippet {
    for (source, field) in fields {
        let fragment = snippets
            .and_then(|s| s[field.name()].as_array())
            .and_then(|f| f.iter().filter_map(Value::as_str).find(|f| !f.is_empty()));
        if let Some(fragment) = fragment {
            return from_marked_fragment(fragment, source);
        }
    }
    let texts: Vec<&str> = fields.iter().map(|(t, _)| t.as_str()).collect();
    make_snippet(
        &Highlight::default(),
        Language::English,
        &texts,
        SNIPPET_CHARS,
    )
}

/// The facet paths of a document without their ancestors (which Quickwit
/// documents carry for counting): what the local index stores.
fn leaves(paths: &Value) -> Vec<String> {
    let all: Vec<&str> = paths
        .as_array()
        .map(|a| a.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default();
    all.iter()
        .filter(|p| {
            !all.iter()
                .any(|q| q.len() > p.len() && q.starts_with(**p) && q.as_bytes()[p.len()] == b'/')
        })
        .map(|p| p.to_string())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ancestors_are_dropped_from_hits_and_rebuilt_into_trees() {
        let paths = json!([
            "/Africa",
            "/Africa/Western Africa",
            "/Africa/Western Africa/Mali",
            "/Europe"
        ]);
        assert_eq!(leaves(&paths), ["/Africa/Western Africa/Mali", "/Europe"]);
        let counts = vec![
            ("/Africa".to_string(), 3, None),
            ("/Africa/Western Africa".to_string(), 3, None),
            ("/Africa/Western Africa/Mali".to_string(), 2, None),
            ("/Africa/Western Africa/Niger".to_string(), 1, None),
            ("/Europe".to_string(), 5, None),
        ];
        let nodes = tree(&by_parent(&counts), "/", 2, false);
        let flat: Vec<(&str, u64)> = nodes
            .iter()
            .flat_map(|n| n.flatten())
            .map(|n| (n.path.as_str(), n.count))
            .collect();
        assert_eq!(
            flat,
            [
                ("/Europe", 5),
                ("/Africa", 3),
                ("/Africa/Western Africa", 3)
            ]
        );
        let under = tree(&by_parent(&counts), "/Africa/Western Africa", 1, false);
        assert_eq!(under.len(), 2);
        assert_eq!(under[0].label, "Mali");
    }

    #[test]
    fn sums_are_asked_per_bucket_and_in_all_and_read_back() {
        let dates = [FacetRequest {
            field: FacetField::Date,
            roots: vec![Facet::root()],
            depth: 2,
        }];
        let aggs = Value::Object(aggregations(&dates, Some(CasualtyKind::Killed)));
        assert_eq!(aggs["date"]["terms"]["field"], "calendar");
        assert_eq!(
            aggs["date"]["aggs"]["killed_min"],
            json!({ "sum": { "field": "killed_min" } })
        );
        assert_eq!(
            aggs["killed_max"],
            json!({ "sum": { "field": "killed_max" } })
        );
        assert!(aggregations(&dates, None)["date"].get("aggs").is_none());
        // The shape of Quickwit's answer to those aggregations.
        let answer = json!({ "aggregations": {
            "date": { "buckets": [
                { "key": "/2021", "doc_count": 3, "killed_min": { "value": 40.0 }, "killed_max": { "value": 52.0 } },
                { "key": "/2021/09", "doc_count": 1, "killed_min": { "value": 12.0 }, "killed_max": { "value": 12.0 } },
            ] },
            "killed_min": { "value": 40.0 },
            "killed_max": { "value": 52.0 },
        } });
        let trees = facet_trees(&answer, &dates, Some(CasualtyKind::Killed));
        let year = &trees[0].1[0].values[0];
        assert_eq!((year.count, year.sum), (3, Some(Sum { min: 40, max: 52 })));
        assert_eq!(year.children[0].sum, Some(Sum { min: 12, max: 12 }));
        assert_eq!(
            sum_of(&answer["aggregations"], CasualtyKind::Killed),
            Some(Sum { min: 40, max: 52 })
        );
    }
}

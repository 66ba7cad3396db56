//! Facet counting takes shortcuts: counts kept per segment across queries,
//! the term dictionary's document frequencies for every document, and the
//! unmatched documents subtracted from those when a query matches most of a
//! segment. They must give what plain counting gives: every matching
//! document's facets read one by one, their ancestors under the root down
//! to the depth, each node once per document, and its casualties added.
//! Checked for many queries and filters on the bundled corpus in several
//! segments with deletions, each query counted by a fresh index handle
//! (nothing kept from earlier queries) and by one that has kept counts from
//! all the queries before it.

use std::collections::{BTreeMap, HashSet};

use crate::common::segmented::{corpus, Corpus};

use sitrep::enrich::{CasualtyKind, Dimension};
use sitrep::facets::{
    count_facets, facet_tree, FacetCount, FacetField, FacetRequest, FacetTrees, Sum,
};
use sitrep::index::SitrepIndex;
use sitrep::query::{compile_query, parse_date_bound, resolve_all, Compiled, Filters};
use sitrep::{Arg, Language};
use tantivy::collector::DocSetCollector;
use tantivy::schema::Facet;
use tantivy::DocAddress;

/// Display path -> documents and their casualties.
type Nodes = BTreeMap<String, (u64, Option<Sum>)>;

/// Plain counting of one tree over `docs`, and of the casualties over all
/// of them.
fn plain(
    c: &Corpus,
    docs: &HashSet<DocAddress>,
    field: FacetField,
    root: &Facet,
    depth: usize,
    sum: Option<CasualtyKind>,
) -> (Nodes, Sum) {
    let schema = c.index.index.schema();
    let name = schema.get_field_name(field.field(&c.index));
    let (mut nodes, mut total) = (Nodes::new(), Sum::default());
    for &address in docs {
        let segment = c.searcher.segment_reader(address.segment_ord);
        let doc = address.doc_id;
        let casualties = sum.map(|kind| {
            let fast = segment.fast_fields();
            let first = |name| fast.u64(name).unwrap().first(doc).unwrap_or(0);
            (first(kind.min_field()), first(kind.max_field()))
        });
        if let Some((min, max)) = casualties {
            total.min += min;
            total.max += max;
        }
        let facets = segment.facet_reader(name).unwrap();
        let mut under = HashSet::new();
        for ord in facets.facet_ords(doc) {
            let mut facet = Facet::root();
            facets.facet_from_ord(ord, &mut facet).unwrap();
            let encoded = facet.encoded_str();
            let below = if root.encoded_str().is_empty() {
                Some(encoded)
            } else {
                encoded
                    .strip_prefix(root.encoded_str())
                    .and_then(|rest| rest.strip_prefix('\0'))
            };
            let Some(below) = below.filter(|b| !b.is_empty()) else {
                continue;
            };
            let labels: Vec<&str> = below.split('\0').collect();
            let above = if root.encoded_str().is_empty() {
                Vec::new()
            } else {
                root.to_path()
            };
            for n in 1..=labels.len().min(depth) {
                let path = above.iter().chain(&labels[..n]);
                under.insert(Facet::from_path(path).to_string());
            }
        }
        for path in under {
            let node = nodes
                .entry(path)
                .or_insert((0, sum.map(|_| Sum::default())));
            node.0 += 1;
            if let (Some(node_sum), Some((min, max))) = (&mut node.1, casualties) {
                node_sum.min += min;
                node_sum.max += max;
            }
        }
    }
    (nodes, total)
}

/// The nodes where two counts differ, and how (a whole tree would not fit
/// in a message).
fn assert_same(counted: &Nodes, expected: &Nodes, context: &str) {
    let differ: Vec<_> = counted
        .keys()
        .chain(expected.keys())
        .filter(|path| counted.get(*path) != expected.get(*path))
        .take(5)
        .map(|path| {
            format!(
                "{path}: {:?} vs {:?}",
                counted.get(path),
                expected.get(path)
            )
        })
        .collect();
    assert!(differ.is_empty(), "{context}: counted vs plain: {differ:?}");
}

fn flat(tree: &[FacetCount]) -> Nodes {
    tree.iter()
        .flat_map(FacetCount::flatten)
        .map(|node| (node.path.clone(), (node.count, node.sum)))
        .collect()
}

/// What plain counting gives for a query: its total, the page's trees and
/// the killed in all, two region trees rooted below the top with their
/// sums, and the calendar's days.
struct Expected {
    total: usize,
    page: Vec<Nodes>,
    killed: Sum,
    rooted: Vec<Nodes>,
    rooted_killed: Sum,
    days: Nodes,
}

fn roots() -> Vec<Facet> {
    vec![Facet::from("/Africa"), Facet::from("/Asia/Western Asia")]
}

fn page_sum(field: FacetField) -> Option<CasualtyKind> {
    (field == FacetField::Date).then_some(CasualtyKind::Killed)
}

fn expected(compiled: &Compiled) -> Expected {
    let c = corpus();
    let docs = c
        .searcher
        .search(compiled.query.as_ref(), &DocSetCollector)
        .unwrap();
    let root = Facet::root();
    let killed = Some(CasualtyKind::Killed);
    let page: Vec<(Nodes, Sum)> = FacetField::ALL
        .iter()
        .map(|&field| {
            plain(
                c,
                &docs,
                field,
                &root,
                FacetTrees::depth(field),
                page_sum(field),
            )
        })
        .collect();
    let rooted: Vec<(Nodes, Sum)> = roots()
        .iter()
        .map(|root| plain(c, &docs, FacetField::Region, root, 2, killed))
        .collect();
    Expected {
        total: docs.len(),
        killed: page[2].1,
        page: page.into_iter().map(|(nodes, _)| nodes).collect(),
        rooted_killed: rooted[0].1,
        rooted: rooted.into_iter().map(|(nodes, _)| nodes).collect(),
        days: plain(c, &docs, FacetField::Date, &root, 3, None).0,
    }
}

/// Counts what a query matches with `index` (a handle of the corpus's
/// index) every way the front ends do, and checks it against plain counting.
fn assert_plain(
    index: &SitrepIndex,
    query: &str,
    filters: &Filters,
    expected: &Expected,
    what: &str,
) {
    let c = corpus();
    let compiled = compile_query(index, &c.searcher, query, filters).unwrap();
    let context = format!("{query:?} {filters:?} ({what})");

    // The page's trees: FacetTrees::count.
    let (total, trees) = FacetTrees::count(index, &c.searcher, &compiled, None).unwrap();
    assert_eq!(total, expected.total, "{context}: total");
    let counted = [
        &trees.region,
        &trees.actor,
        &trees.date,
        &trees.event,
        &trees.violence,
        &trees.language,
    ];
    for ((field, tree), nodes) in FacetField::ALL.iter().zip(counted).zip(&expected.page) {
        assert_same(
            &flat(tree),
            nodes,
            &format!("{context}: {} tree", field.name()),
        );
    }
    assert_eq!(trees.killed, expected.killed, "{context}: killed");

    // `sitrep facets`: two roots of one tree, with sums.
    let request = FacetRequest {
        field: FacetField::Region,
        roots: roots(),
        depth: 2,
    };
    let killed = Some(CasualtyKind::Killed);
    let facets = count_facets(index, &c.searcher, &compiled, &[request], killed).unwrap();
    assert_eq!(facets.total, expected.total, "{context}: facets total");
    for (tree, nodes) in facets.trees[0].1.iter().zip(&expected.rooted) {
        assert_same(
            &flat(&tree.values),
            nodes,
            &format!("{context}: {} tree", tree.root),
        );
    }
    assert_eq!(
        facets.sum.map(|s| s.sum),
        Some(expected.rooted_killed),
        "{context}: sum"
    );

    // `stats` and trends: one tree, the calendar's days.
    let root = Facet::root();
    let days = facet_tree(
        index,
        &c.searcher,
        &compiled,
        FacetField::Date,
        &root,
        3,
        None,
    )
    .unwrap();
    assert_same(&flat(&days), &expected.days, &format!("{context}: days"));
}

#[test]
fn facet_counts_equal_plain_counting_with_or_without_kept_counts() {
    let c = corpus();
    let resolve =
        |dimension, name: &str| resolve_all(&c.gazetteer, dimension, &[name.to_string()]).unwrap();
    let date = |text: &str, arg| Some(parse_date_bound(text, arg).unwrap());
    let filters = [
        Filters::default(),
        Filters {
            regions: resolve(Dimension::Region, "africa"),
            ..Filters::default()
        },
        Filters {
            from: date("2015", Arg::From),
            to: date("2020-06", Arg::To),
            ..Filters::default()
        },
        // Every dated document: a selection of filters matching all or
        // most of each segment.
        Filters {
            from: date("1900", Arg::From),
            ..Filters::default()
        },
        Filters {
            actors: resolve(Dimension::Actor, "taliban"),
            regions: resolve(Dimension::Region, "asia"),
            ..Filters::default()
        },
        Filters {
            killed_min: Some(1),
            ..Filters::default()
        },
        // The reports in French or Russian: a few of each segment.
        Filters {
            languages: vec![Language::French, Language::Russian],
            ..Filters::default()
        },
    ];
    let queries = [
        "",
        "attack",
        "killed",
        "wagner",
        "ceasefire OR truce",
        "\"security forces\"",
        // Words most documents hold: the unmatched ones are counted.
        "said OR people OR government OR president OR killed",
        "-zzzzqx",
    ];
    // One handle keeps counts across all the queries; the empty query
    // comes first, so later queries matching most of a segment subtract
    // from its kept counts, sums included.
    let warm = SitrepIndex::open(&c.dir.path().join("idx")).unwrap();
    for filters in &filters {
        for query in queries {
            let compiled = compile_query(&c.index, &c.searcher, query, filters).unwrap();
            let expected = expected(&compiled);
            if query.is_empty() && *filters == Filters::default() {
                // The language tree is checked on several languages.
                let languages = &expected.page[5];
                assert!(languages.len() >= 3, "languages: {languages:?}");
            }
            let fresh = SitrepIndex::open(&c.dir.path().join("idx")).unwrap();
            assert_plain(&fresh, query, filters, &expected, "nothing kept");
            assert_plain(&warm, query, filters, &expected, "counts kept");
            assert_plain(&warm, query, filters, &expected, "counted before");
        }
    }
}

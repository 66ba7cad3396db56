//! The watch replay (issue 22), through the library for speed: the bundled
//! corpus indexed in 20 date-ordered batches, with 200 saved searches of
//! varied shapes made from real corpus words. After each batch, what each
//! watch reports must be exactly the set difference between two plain
//! searches of its query, before and after the batch, taken by group of
//! reprints (as the index groups them after the batch): one report per
//! group the second search finds and the first did not, shown by its
//! earliest new member with the number of the others, and every other new
//! document counted as a reprint. Nothing missed, nothing repeated. `tests/it/watch.rs` runs a smaller replay through the
//! binary.

use crate::common;

use std::collections::{HashMap, HashSet};

use rand::rngs::StdRng;
use rand::{RngExt, SeedableRng};
use tantivy::collector::DocSetCollector;
use tantivy::schema::Value;
use tantivy::{DocAddress, Searcher, TantivyDocument};
use tempfile::TempDir;

use common::batches::{corpus_by_date, write_batches};
use sitrep::enrich::{enrich, Gazetteer};
use sitrep::index::{index_paths, IndexOptions, SitrepIndex};
use sitrep::query::{compile_query, FilterSpec};
use sitrep::watch::{View, Watch, WatchQueries, WatchRun};
use sitrep::Article;

const BATCHES: usize = 20;

/// Lower-case words of a title that a query can use: letters only, at least
/// four of them (so no stop word).
fn words(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphabetic())
        .filter(|w| w.chars().count() >= 4)
        .map(str::to_lowercase)
        .collect()
}

/// `count` searches of ten shapes, each from the words, places, actors and
/// dates of randomly drawn corpus articles (fixed seed).
fn searches(
    articles: &[Article],
    gazetteer: &Gazetteer,
    count: usize,
) -> Vec<(String, FilterSpec)> {
    let mut rng = StdRng::seed_from_u64(22);
    let mut out = Vec::new();
    while out.len() < count {
        let mut draw = || {
            let a = &articles[rng.random_range(0..articles.len())];
            (a, words(&a.title))
        };
        let (a, w) = draw();
        let (_, v) = draw();
        let (Some(w1), Some(v1)) = (w.first(), v.first()) else {
            continue;
        };
        let w2 = w.get(1).unwrap_or(v1);
        let facets = enrich(gazetteer, a);
        let mut filters = FilterSpec::default();
        let query = match out.len() % 10 {
            0 => w1.clone(),
            1 => format!("{w1} {w2}"),
            // Adjacent words of one title: a phrase that occurs.
            2 => match a
                .title
                .split_whitespace()
                .collect::<Vec<_>>()
                .windows(2)
                .find(|p| {
                    p.iter()
                        .all(|x| x.chars().all(char::is_alphabetic) && x.len() >= 4)
                }) {
                Some(pair) => format!("\"{} {}\"", pair[0], pair[1]),
                None => continue,
            },
            3 => format!("{w1} OR {v1}"),
            4 => format!("{w1} -{v1}"),
            5 => {
                let Some(region) = facets.regions.first() else {
                    continue;
                };
                filters.regions.push(region.to_string());
                w1.clone()
            }
            6 => {
                let Some(actor) = facets.actors.first() else {
                    continue;
                };
                filters.actors.push(actor.to_string());
                String::new()
            }
            7 => {
                filters.from = Some(a.date.format("%Y").to_string());
                format!("({w1} OR {v1}) -{}", v.last().unwrap_or(v1))
            }
            8 => format!("{}*", w1.chars().take(4).collect::<String>()),
            _ => {
                filters.to = Some(a.date.format("%Y-%m").to_string());
                format!("title:{w1}")
            }
        };
        out.push((query, filters));
    }
    out
}

/// A matching document: its group of reprints and its date.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Doc {
    copy: u64,
    date: i64,
}

/// Every document `query` and `filters` match, by id: a plain search.
fn matching(
    index: &SitrepIndex,
    searcher: &Searcher,
    query: &str,
    filters: &FilterSpec,
    gazetteer: &Gazetteer,
    ids: &mut HashMap<DocAddress, String>,
) -> HashMap<String, Doc> {
    let filters = filters.resolve(|| Ok(gazetteer)).unwrap();
    let compiled = compile_query(index, searcher, query, &filters).unwrap();
    let docs = searcher
        .search(compiled.query.as_ref(), &DocSetCollector)
        .unwrap();
    docs.into_iter()
        .map(|address| {
            let id = ids
                .entry(address)
                .or_insert_with(|| {
                    let doc: TantivyDocument = searcher.doc(address).unwrap();
                    let id = doc.get_first(index.fields.id).and_then(|v| v.as_str());
                    id.unwrap().to_string()
                })
                .clone();
            let fast = searcher.segment_reader(address.segment_ord).fast_fields();
            let doc = Doc {
                copy: fast.u64("copy").unwrap().first(address.doc_id).unwrap(),
                date: fast
                    .date("date")
                    .unwrap()
                    .first(address.doc_id)
                    .unwrap()
                    .into_timestamp_secs(),
            };
            (id, doc)
        })
        .collect()
}

/// What a watch must report after a batch: the set difference between the
/// searches before and after it, taken by group of reprints (as the index
/// groups them after the batch). Returns the new documents by group (the
/// groups with no document the first search found) and the number of new
/// documents in the other groups (reprints of what the watch had seen).
fn expected(
    before: &HashSet<String>,
    after: &HashMap<String, Doc>,
) -> (HashMap<u64, Vec<(String, Doc)>>, usize) {
    let seen: HashSet<u64> = before
        .iter()
        .filter_map(|id| after.get(id))
        .map(|d| d.copy)
        .collect();
    let mut groups: HashMap<u64, Vec<(String, Doc)>> = HashMap::new();
    let mut reprints = 0;
    for (id, doc) in after.iter().filter(|(id, _)| !before.contains(*id)) {
        if seen.contains(&doc.copy) {
            reprints += 1;
        } else {
            groups.entry(doc.copy).or_default().push((id.clone(), *doc));
        }
    }
    (groups, reprints)
}

/// The replay: 200 watches of every shape over 20 date-ordered
/// batches (about 7 s in a debug build, so it runs with `cargo test`).
#[test]
fn two_hundred_watches_report_each_batch_exactly_once_over_20_batches() {
    replay(200);
}

fn replay(count: usize) {
    let gazetteer = Gazetteer::embedded().unwrap();
    let articles = corpus_by_date();
    assert!(articles.len() > 5000, "{} corpus articles", articles.len());
    let tmp = TempDir::new().unwrap();
    let files = write_batches(&articles, BATCHES, &tmp.path().join("in"));
    assert_eq!(files.len(), BATCHES);
    let index = SitrepIndex::open_or_create(&tmp.path().join("idx")).unwrap();

    let searches = searches(&articles, &gazetteer, count);
    let view = View::open(&index).unwrap();
    let mut watches: Vec<Watch> = searches
        .iter()
        .enumerate()
        .map(|(i, (query, filters))| {
            Watch::new(
                &format!("w{i}"),
                query,
                filters.clone(),
                &index,
                &view,
                &gazetteer,
            )
            .unwrap_or_else(|e| panic!("watch {i} `{query}` {filters:?}: {e}"))
        })
        .collect();

    let mut queries = WatchQueries::new();
    let mut before: Vec<HashSet<String>> = vec![HashSet::new(); count];
    let mut reported: Vec<HashSet<String>> = vec![HashSet::new(); count];
    let (mut total, mut busy, mut folded, mut reprinted) = (0, 0, 0, 0);
    for (batch, file) in files.iter().enumerate() {
        let options = IndexOptions {
            paths: vec![file.clone()],
            ..IndexOptions::default()
        };
        index_paths(&index, &gazetteer, &options, &|w| panic!("{w}")).unwrap();
        let view = View::open(&index).unwrap();
        // The queries compiled for the last batch are kept, as `sitrep
        // index --watch` keeps them from one commit to the next.
        let mut run = WatchRun::new(&index, &view, &mut queries, None).unwrap();
        let mut ids = HashMap::new();
        for (i, watch) in watches.iter_mut().enumerate() {
            let (query, filters) = &searches[i];
            let after = matching(&index, &view.searcher, query, filters, &gazetteer, &mut ids);
            let report = run.run(watch, &gazetteer).unwrap();
            let what = format!("batch {}, watch `{query}` {filters:?}", batch + 1);
            let (groups, reprints) = expected(&before[i], &after);
            // One report per new group, by its earliest new member, with
            // the number of the others.
            let mut shown: HashSet<u64> = HashSet::new();
            for hit in &report.hits {
                let copy = hit.copy.as_ref().unwrap();
                let group = u64::from_str_radix(&copy.id, 16).unwrap();
                assert!(shown.insert(group), "{what}: group {} twice", copy.id);
                let Some(members) = groups.get(&group) else {
                    panic!("{what}: {} reported, not new", hit.id);
                };
                assert!(members.iter().any(|(id, _)| *id == hit.id), "{what}");
                assert_eq!(copy.similar, Some(members.len() - 1), "{what}");
                let earliest = members.iter().map(|(_, d)| d.date).min().unwrap();
                let date = chrono::NaiveDate::parse_from_str(&hit.date, "%Y-%m-%d").unwrap();
                assert_eq!(
                    date.and_hms_opt(0, 0, 0).unwrap().and_utc().timestamp(),
                    earliest,
                    "{what}: {} is not the earliest new copy",
                    hit.id
                );
            }
            assert_eq!(
                shown,
                groups.keys().copied().collect::<HashSet<u64>>(),
                "{what}: reported {} groups, the searches differ by {}",
                shown.len(),
                groups.len()
            );
            let new_docs: usize = groups.values().map(Vec::len).sum();
            assert_eq!(report.total, report.hits.len(), "{what}");
            assert_eq!(report.copies, new_docs - groups.len(), "{what}");
            assert_eq!(report.reprints, reprints, "{what}");
            let new_set: HashSet<String> = report.hits.iter().map(|h| h.id.clone()).collect();
            assert!(
                reported[i].is_disjoint(&new_set),
                "`{query}`: reported again"
            );
            // Newest first.
            let dates: Vec<&str> = report.hits.iter().map(|h| h.date.as_str()).collect();
            assert!(
                dates.windows(2).all(|d| d[0] >= d[1]),
                "`{query}`: {dates:?}"
            );
            total += new_set.len();
            folded += report.copies;
            reprinted += report.reprints;
            busy += usize::from(!new_set.is_empty());
            reported[i].extend(new_set);
            before[i] = after.into_keys().collect();
        }
    }
    // The watches are not trivially empty or all the same.
    let sizes: HashSet<usize> = reported.iter().map(HashSet::len).collect();
    eprintln!("{total} reports over {BATCHES} batches ({folded} copies folded under them, {reprinted} reprints not reported); {busy} (watch, batch) pairs had news; {} distinct totals", sizes.len());
    assert!(total > count * 20, "{total}");
    assert!(busy > count * BATCHES / 4, "{busy}");
    assert!(sizes.len() > count / 4, "{sizes:?}");
    let silent: Vec<&(String, FilterSpec)> = (0..count)
        .filter(|&i| reported[i].is_empty())
        .map(|i| &searches[i])
        .collect();
    assert!(
        silent.len() <= count / 20,
        "these watches matched nothing: {silent:?}"
    );
}

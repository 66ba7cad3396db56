//! The watch replay (issue 22), through the library for speed: the bundled
//! corpus indexed in 20 date-ordered batches, with 200 saved searches of
//! varied shapes made from real corpus words. After each batch, what each
//! watch reports must be exactly the set difference between two plain
//! searches of its query, before and after the batch: nothing missed,
//! nothing repeated. `tests/it/watch.rs` runs a smaller replay through the
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
use sitrep::watch::{View, Watch};
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

/// The ids of every document `query` and `filters` match: a plain search.
fn matching(
    index: &SitrepIndex,
    searcher: &Searcher,
    query: &str,
    filters: &FilterSpec,
    gazetteer: &Gazetteer,
    ids: &mut HashMap<DocAddress, String>,
) -> HashSet<String> {
    let filters = filters.resolve(|| Ok(gazetteer)).unwrap();
    let compiled = compile_query(index, searcher, query, &filters).unwrap();
    let docs = searcher
        .search(compiled.query.as_ref(), &DocSetCollector)
        .unwrap();
    docs.into_iter()
        .map(|address| {
            ids.entry(address)
                .or_insert_with(|| {
                    let doc: TantivyDocument = searcher.doc(address).unwrap();
                    let id = doc.get_first(index.fields.id).and_then(|v| v.as_str());
                    id.unwrap().to_string()
                })
                .clone()
        })
        .collect()
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
                || Ok(&gazetteer),
            )
            .unwrap_or_else(|e| panic!("watch {i} `{query}` {filters:?}: {e}"))
        })
        .collect();

    let mut before: Vec<HashSet<String>> = vec![HashSet::new(); count];
    let mut reported: Vec<HashSet<String>> = vec![HashSet::new(); count];
    let (mut total, mut busy) = (0, 0);
    for (batch, file) in files.iter().enumerate() {
        let options = IndexOptions {
            paths: vec![file.clone()],
            ..IndexOptions::default()
        };
        index_paths(&index, &gazetteer, &options, &|w| panic!("{w}")).unwrap();
        let view = View::open(&index).unwrap();
        let mut ids = HashMap::new();
        for (i, watch) in watches.iter_mut().enumerate() {
            let (query, filters) = &searches[i];
            let after = matching(&index, &view.searcher, query, filters, &gazetteer, &mut ids);
            let report = watch.run(&index, &view, || Ok(&gazetteer)).unwrap();
            let new: Vec<String> = report.hits.iter().map(|h| h.id.clone()).collect();
            let new_set: HashSet<String> = new.iter().cloned().collect();
            assert_eq!(
                new.len(),
                new_set.len(),
                "batch {batch}, `{query}`: a document twice in one run"
            );
            let expected: HashSet<String> = after.difference(&before[i]).cloned().collect();
            assert_eq!(
                new_set, expected,
                "batch {}, watch `{query}` {filters:?}: reported {} documents, the searches differ by {}",
                batch + 1,
                new_set.len(),
                expected.len()
            );
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
            total += new.len();
            busy += usize::from(!new.is_empty());
            reported[i].extend(new_set);
            before[i] = after;
        }
    }
    // The watches are not trivially empty or all the same.
    let sizes: HashSet<usize> = reported.iter().map(HashSet::len).collect();
    eprintln!("{total} reports over {BATCHES} batches; {busy} (watch, batch) pairs had news; {} distinct totals", sizes.len());
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

//! Benchmarks of each pipeline stage on the bundled corpus: gazetteer
//! extraction, parse + enrich + index, and query latency (top-10 ids, with
//! snippets, with facet counts). Run with `cargo bench`; to run the query
//! benchmarks on larger indexes too (100k, 1M generated articles, built as in
//! BENCHMARKS.md), name them: `SITREP_BENCH_INDEXES=DIR,DIR cargo bench`.

use std::path::{Path, PathBuf};
use std::time::Duration;

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use sitrep::enrich::{extract, Gazetteer};
use sitrep::facets::FacetTrees;
use sitrep::index::{index_paths, IndexOptions, SitrepIndex};
use sitrep::parse::{parse_file, Format};
use sitrep::query::{compile_query, Filters};
use sitrep::search::{count_and_top, search, searcher, SearchRequest};

fn corpus() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus")
}

/// Every article text of the bundled corpus.
fn corpus_texts() -> Vec<String> {
    walkdir::WalkDir::new(corpus())
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .filter_map(|e| Format::for_path(e.path()).map(|f| (e.into_path(), f)))
        .flat_map(|(p, f)| parse_file(&p, &p.display().to_string(), f, u64::MAX).articles)
        .map(|a| a.searchable_text())
        .collect()
}

fn bench_extraction(c: &mut Criterion) {
    let gazetteer = Gazetteer::embedded().expect("embedded gazetteer");
    gazetteer.matcher();
    let texts = corpus_texts();
    let bytes: usize = texts.iter().map(String::len).sum();
    let mut group = c.benchmark_group("extraction");
    group.throughput(Throughput::Bytes(bytes as u64));
    group.sample_size(10);
    group.bench_function("corpus", |b| {
        b.iter(|| {
            texts
                .iter()
                .map(|t| extract(&gazetteer, t).mentions.len())
                .sum::<usize>()
        })
    });
    group.finish();
}

fn bench_indexing(c: &mut Criterion) {
    let gazetteer = Gazetteer::embedded().expect("embedded gazetteer");
    let options = IndexOptions {
        paths: vec![corpus()],
        max_file_size: u64::MAX,
        ..IndexOptions::default()
    };
    let bytes: u64 = walkdir::WalkDir::new(corpus())
        .into_iter()
        .filter_map(Result::ok)
        .filter_map(|e| e.metadata().ok())
        .map(|m| m.len())
        .sum();
    let mut group = c.benchmark_group("index");
    group.throughput(Throughput::Bytes(bytes));
    group.sample_size(10);
    group.measurement_time(Duration::from_secs(20));
    group.bench_function("corpus", |b| {
        b.iter(|| {
            let dir = tempfile::TempDir::new().expect("temp dir");
            let index = SitrepIndex::open_or_create(dir.path()).expect("index");
            index_paths(&index, &gazetteer, &options, &|_| {})
                .expect("indexed")
                .articles
        })
    });
    group.finish();
}

fn bench_queries(c: &mut Criterion) {
    let gazetteer = Gazetteer::embedded().expect("embedded gazetteer");
    let dir = tempfile::TempDir::new().expect("temp dir");
    let index = SitrepIndex::open_or_create(dir.path()).expect("index");
    let options = IndexOptions {
        paths: vec![corpus()],
        max_file_size: u64::MAX,
        ..IndexOptions::default()
    };
    index_paths(&index, &gazetteer, &options, &|_| {}).expect("indexed");
    query_group(c, "query", &index);
    // Larger indexes, built beforehand (BENCHMARKS.md): `SITREP_BENCH_INDEXES=DIR,DIR`.
    for path in std::env::var("SITREP_BENCH_INDEXES")
        .unwrap_or_default()
        .split(',')
        .filter(|p| !p.is_empty())
    {
        let index = SitrepIndex::open(Path::new(path)).expect("SITREP_BENCH_INDEXES: an index");
        let docs = searcher(&index).expect("searcher").num_docs();
        query_group(c, &format!("query-{docs}docs"), &index);
    }
}

/// Per query: top-10 ids with the hit count, the full answer with snippets,
/// and the three facet trees.
fn query_group(c: &mut Criterion, name: &str, index: &SitrepIndex) {
    let searcher = searcher(index).expect("searcher");
    let queries = [
        "wagner",
        "attack",
        "\"drone strike\"",
        "islamic state syria",
        "ceasefire OR truce",
        "wagn*",
    ];
    let mut group = c.benchmark_group(name);
    for q in queries {
        let compiled = compile_query(index, &searcher, q, &Filters::default()).expect("query");
        group.bench_with_input(
            BenchmarkId::new("top10_ids", q),
            &compiled,
            |b, compiled| {
                b.iter(|| count_and_top(&searcher, compiled.query.as_ref(), 10, 0).expect("search"))
            },
        );
        let request = SearchRequest {
            query: q.to_string(),
            limit: 10,
            ..Default::default()
        };
        group.bench_with_input(
            BenchmarkId::new("top10_snippets", q),
            &request,
            |b, request| b.iter(|| search(index, request).expect("search").hits.len()),
        );
        group.bench_with_input(
            BenchmarkId::new("facet_counts", q),
            &compiled,
            |b, compiled| {
                b.iter(|| {
                    FacetTrees::count(index, &searcher, compiled, None)
                        .expect("facets")
                        .1
                        .region
                        .len()
                })
            },
        );
    }
    group.finish();
}

criterion_group!(benches, bench_extraction, bench_indexing, bench_queries);
criterion_main!(benches);

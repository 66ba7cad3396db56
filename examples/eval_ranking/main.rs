//! Measures the ranking quality of sitrep's search on two classic IR test
//! collections, Cranfield 1400 and CISI, with the trec_eval measures MAP,
//! nDCG@10 and P@10, next to the reference BM25 figures of their `SOURCE.md`.
//!
//! What is measured is the product itself, not a re-implementation:
//!
//! * each collection is written to a temporary JSON Lines file (one record per
//!   document: `id`, a fixed `date` since the collections are undated, `title`
//!   from `.T`, `body` from `.W` without the copy of the title that Cranfield's
//!   `.W` starts with, so a document is headline + text as an article is) and
//!   indexed with [`sitrep::index::index_paths`], so the real analyzer
//!   (lower-case, ASCII folding, English stop words, English stemming) and the
//!   schema's field boosts apply;
//! * every judged query goes through [`sitrep::search::search`], top 1000.
//!
//! Queries are run as bag-of-words: their words joined with ` OR `. Ranking
//! evaluation scores a ranked list in which any query word may match, as the
//! reference BM25 runs do; sitrep's default (all words required) would return
//! almost nothing for a 20-word natural-language question. Every character that
//! is not a letter or digit becomes a space (this removes the query syntax
//! `"`, `(`, `)`, `*`, `~`, `:`, `-`, `+`, and also keeps `heat-transfer` from
//! becoming the phrase query it would be in sitrep), and the keywords `OR`,
//! `AND`, `NOT` are lower-cased so they are plain words.
//!
//! Measures follow trec_eval: the run is ordered by score, ties by document id
//! descending; relevant means gain > 0; MAP averages the precision at each
//! relevant document retrieved over all relevant documents of the query;
//! nDCG@10 (`ndcg_cut_10`) uses the gains as given, a log2(rank + 1) discount
//! and the ideal ranking of all judged relevant documents; P@10 divides by 10.
//! Queries without relevant judgments are left out. Cranfield queries are
//! numbered 1..225 in file order, its relevance codes 1..4 become gains 4..1
//! and `-1` lines are dropped; CISI relevance is binary (76 judged queries).
//!
//! Run from the repository root (the argument is the shared data folder, the
//! parent of `ir-cranfield/` and `ir-cisi/`; it defaults to `../shared/data`):
//!
//! ```text
//! cargo run --release --example eval_ranking -- ../shared/data
//! ```
//!
//! Query words that name a gazetteer region or actor also match its facet, as in `sitrep search`;
//! `--no-entities` leaves those clauses out, to measure what they bring.
//!
//! `--runs DIR` also writes each collection's ranked lists to
//! `DIR/<collection>.run` in trec_eval's run format (`query Q0 doc rank score
//! sitrep`), so they can be compared query by query with another system's run.
//!
//! Third, the **conflict-domain set** (`domain.rs`): Wikipedia Current Events sentences of
//! 2002-2014 judged by the topic heading they were filed under, split into dev and test
//! queries, with its own reference, a plain BM25 computed by this program (`bm25.rs`). Its
//! construction and noise are documented in `domain.rs`. `--years 2015-2025` builds the same set
//! from other years (the held-out check; the default never reads them); `--set classic|domain`
//! runs one part only. `--per-query` lists the dev queries where sitrep and the reference differ,
//! worst for sitrep first, with each one's nDCG@10.

use std::collections::{BTreeMap, HashMap};
use std::fs;
use std::io::{BufWriter, Write};
use std::ops::RangeInclusive;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use anyhow::{bail, ensure, Context, Result};
use domain::{DomainSet, Split};
use sitrep::enrich::Gazetteer;
use sitrep::index::{index_paths, IndexOptions, SitrepIndex};
use sitrep::parse::Warning;
use sitrep::search::{search, SearchRequest};

#[path = "../common/current_events.rs"]
#[allow(dead_code)] // shared with build_corpus, which reads other parts of it
mod current_events;

mod bm25;
mod domain;

/// Length of each ranked list, as in trec_eval runs.
const RUN_DEPTH: usize = 1000;
/// Rank cutoff of nDCG and precision.
const CUTOFF: usize = 10;
/// The date every document gets: the collections are undated.
const FIXED_DATE: &str = "2000-01-01";
/// Title of a document that has none: sitrep requires a title, and `.` yields
/// no token, so the document is indexed without title words yet still counts
/// in the collection statistics (Cranfield 471 and 995 are empty records).
const NO_TITLE: &str = ".";

/// Judged documents of one query: document id -> gain (only gains > 0 kept).
type Judgments = HashMap<String, u32>;
/// Judgments of every query, by query id.
type Qrels = BTreeMap<String, Judgments>;

/// The collection-specific conventions.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Layout {
    /// Body `.W` (already title + abstract); queries renumbered by order;
    /// graded qrels `query doc code`.
    Cranfield,
    /// Body `.T` + `.W`; queries keep their `.I`; binary qrels `query doc 0 0.0`.
    Cisi,
}

/// Reference figures of a BM25 run (k1 = 1.2, b = 0.75) from `SOURCE.md`.
#[derive(Debug, Clone, Copy)]
struct Reference {
    map: f64,
    ndcg10: f64,
    p10: f64,
}

/// One test collection and where its files are.
struct Collection {
    name: &'static str,
    folder: &'static str,
    docs: &'static str,
    queries: &'static str,
    qrels: &'static str,
    layout: Layout,
    reference: Reference,
}

impl Collection {
    fn path(&self, data: &Path, file: &str) -> PathBuf {
        data.join(self.folder).join(file)
    }

    /// Fails, naming the first missing file, unless all three are there.
    fn check_files(&self, data: &Path) -> Result<()> {
        for file in [self.docs, self.queries, self.qrels] {
            let path = self.path(data, file);
            if !path.is_file() {
                bail!(
                    "missing file {}: pass the shared data folder, the parent of ir-cranfield/ and ir-cisi/ \
                     (e.g. `cargo run --release --example eval_ranking -- ../shared/data`)",
                    path.display()
                );
            }
        }
        Ok(())
    }

    fn read(&self, data: &Path, file: &str) -> Result<String> {
        let path = self.path(data, file);
        fs::read_to_string(&path).with_context(|| format!("reading {}", path.display()))
    }
}

const COLLECTIONS: [Collection; 2] = [
    Collection {
        name: "cranfield",
        folder: "ir-cranfield",
        docs: "cran.all.1400",
        queries: "cran.qry",
        qrels: "cranqrel",
        layout: Layout::Cranfield,
        reference: Reference {
            map: 0.306,
            ndcg10: 0.370,
            p10: 0.234,
        },
    },
    Collection {
        name: "cisi",
        folder: "ir-cisi",
        docs: "CISI.ALL",
        queries: "CISI.QRY",
        qrels: "CISI.REL",
        layout: Layout::Cisi,
        reference: Reference {
            map: 0.211,
            ndcg10: 0.381,
            p10: 0.353,
        },
    },
];

/// A record of a SMART-format file: `.I id`, then fields opened by a marker
/// line (`.T`, `.A`, `.W`...); a repeated field is appended to.
#[derive(Debug, Default)]
struct SmartRecord {
    id: String,
    fields: BTreeMap<char, String>,
}

impl SmartRecord {
    /// A field with its whitespace collapsed; empty when absent.
    fn field(&self, marker: char) -> String {
        self.fields
            .get(&marker)
            .map(|text| text.split_whitespace().collect::<Vec<_>>().join(" "))
            .unwrap_or_default()
    }
}

/// The marker of a field line such as `.W` (nothing else on the line).
fn field_marker(line: &str) -> Option<char> {
    let mut chars = line.strip_prefix('.')?.chars();
    let marker = chars.next().filter(char::is_ascii_uppercase)?;
    chars.as_str().trim().is_empty().then_some(marker)
}

fn parse_smart(text: &str) -> Vec<SmartRecord> {
    let mut records: Vec<SmartRecord> = Vec::new();
    let mut field = None;
    for line in text.lines() {
        if let Some(id) = line.strip_prefix(".I ") {
            records.push(SmartRecord {
                id: id.trim().to_string(),
                ..SmartRecord::default()
            });
            field = None;
        } else if let Some(marker) = field_marker(line) {
            field = Some(marker);
        } else if let (Some(record), Some(marker)) = (records.last_mut(), field) {
            let text = record.fields.entry(marker).or_default();
            text.push_str(line);
            text.push('\n');
        }
    }
    records
}

/// A document as sitrep will index it.
#[derive(Debug)]
struct Document {
    id: String,
    title: String,
    body: String,
}

/// The abstract without the copy of the title that Cranfield's `.W` starts with
/// (1396 of 1398 titled documents), so that a document is headline + text like
/// an article and the title field's boost is not applied on top of a repeat.
fn without_repeated_title(title: &str, abstract_: &str) -> String {
    let words = |s: &str| s.split_whitespace().map(str::to_string).collect::<Vec<_>>();
    let (t, a) = (words(title), words(abstract_));
    if !t.is_empty() && a.starts_with(&t) {
        a[t.len()..].join(" ")
    } else {
        a.join(" ")
    }
}

fn documents(records: &[SmartRecord]) -> Vec<Document> {
    records
        .iter()
        .map(|r| {
            let (title, abstract_) = (r.field('T'), r.field('W'));
            let body = without_repeated_title(&title, &abstract_);
            Document {
                id: r.id.clone(),
                title: if title.is_empty() {
                    NO_TITLE.to_string()
                } else {
                    title
                },
                body,
            }
        })
        .collect()
}

/// Query id and text of every query.
fn queries(records: &[SmartRecord], layout: Layout) -> Vec<(String, String)> {
    records
        .iter()
        .enumerate()
        .map(|(i, r)| {
            let id = match layout {
                Layout::Cranfield => (i + 1).to_string(),
                Layout::Cisi => r.id.clone(),
            };
            (id, r.field('W'))
        })
        .collect()
}

/// The gain of a qrels line, `None` for a line to drop.
fn gain(layout: Layout, columns: &[&str]) -> Result<Option<u32>> {
    match layout {
        Layout::Cisi => Ok(Some(1)),
        Layout::Cranfield => match columns.get(2).copied() {
            Some("-1") => Ok(None),
            Some(code @ ("1" | "2" | "3" | "4")) => Ok(Some(5 - code.parse::<u32>()?)),
            other => bail!("relevance code {other:?} is not 1..4 or -1"),
        },
    }
}

fn parse_qrels(text: &str, layout: Layout) -> Result<Qrels> {
    let mut qrels = Qrels::new();
    for (n, line) in text.lines().enumerate() {
        let columns: Vec<&str> = line.split_whitespace().collect();
        if columns.is_empty() {
            continue;
        }
        ensure!(columns.len() >= 3, "line {}: too few columns", n + 1);
        if let Some(g) = gain(layout, &columns).with_context(|| format!("line {}", n + 1))? {
            qrels
                .entry(columns[0].to_string())
                .or_default()
                .insert(columns[1].to_string(), g);
        }
    }
    qrels.retain(|_, judgments| judgments.values().any(|&g| g > 0));
    Ok(qrels)
}

/// Turns a natural-language query into a sitrep bag-of-words query.
fn bag_of_words(text: &str) -> String {
    let spaced: String = text
        .chars()
        .map(|c| if c.is_alphanumeric() { c } else { ' ' })
        .collect();
    spaced
        .split_whitespace()
        .map(|word| match word {
            "OR" | "AND" | "NOT" => word.to_lowercase(),
            _ => word.to_string(),
        })
        .collect::<Vec<_>>()
        .join(" OR ")
}

/// Writes `records` as a JSON Lines file, one article per line.
fn write_jsonl(records: impl IntoIterator<Item = serde_json::Value>, path: &Path) -> Result<()> {
    let file = fs::File::create(path).with_context(|| format!("creating {}", path.display()))?;
    let mut out = BufWriter::new(file);
    for record in records {
        writeln!(out, "{record}")?;
    }
    out.flush()
        .with_context(|| format!("writing {}", path.display()))
}

/// Indexes the JSON Lines file into a new index in `dir` with sitrep's writer.
fn build_index(
    dir: &Path,
    jsonl: &Path,
    expected: usize,
    gazetteer: &Gazetteer,
    entities: bool,
) -> Result<SitrepIndex> {
    let mut index = SitrepIndex::open_or_create(dir)
        .with_context(|| format!("creating an index in {}", dir.display()))?;
    let options = IndexOptions {
        paths: vec![jsonl.to_path_buf()],
        max_file_size: u64::MAX,
        ..IndexOptions::default()
    };
    let warnings = Mutex::new(Vec::new());
    // Only a record left out spoils the collection; the two empty Cranfield
    // records are indexed all the same (by their title), with a warning.
    let on_warning = |w: &Warning| {
        if w.skipped {
            let mut list = warnings.lock().unwrap_or_else(|p| p.into_inner());
            list.push(w.to_string());
        }
    };
    let report = index_paths(&index, gazetteer, &options, &on_warning)
        .with_context(|| format!("indexing {}", jsonl.display()))?;
    let warnings = warnings.into_inner().unwrap_or_else(|p| p.into_inner());
    ensure!(
        report.articles == expected && warnings.is_empty(),
        "indexed {} of {expected} documents; left out: {warnings:?}",
        report.articles
    );
    if !entities {
        index.without_query_names();
    }
    Ok(index)
}

/// Runs one query through sitrep's search; (document id, score) best first.
fn run_query(index: &SitrepIndex, text: &str) -> Result<Vec<(String, f32)>> {
    let query = bag_of_words(text);
    if query.is_empty() {
        return Ok(Vec::new());
    }
    let request = SearchRequest {
        query,
        limit: RUN_DEPTH,
        ..SearchRequest::default()
    };
    let results = search(index, &request).with_context(|| format!("searching {text:?}"))?;
    Ok(results
        .hits
        .into_iter()
        .map(|hit| (hit.id, hit.score.unwrap_or(0.0)))
        .collect())
}

/// A run in trec_eval's order: score descending, ties by id descending.
fn trec_order(mut run: Vec<(String, f32)>) -> Vec<(String, f32)> {
    run.sort_by(|a, b| b.1.total_cmp(&a.1).then_with(|| b.0.cmp(&a.0)));
    run
}

/// Writes the ranked lists (query id, run in trec order) as a trec_eval run file.
fn write_run(path: &Path, runs: &[(String, Vec<(String, f32)>)]) -> Result<()> {
    let file = fs::File::create(path).with_context(|| format!("creating {}", path.display()))?;
    let mut out = BufWriter::new(file);
    for (query, run) in runs {
        for (rank, (doc, score)) in run.iter().enumerate() {
            writeln!(out, "{query} Q0 {doc} {} {score:.6} sitrep", rank + 1)?;
        }
    }
    out.flush()
        .with_context(|| format!("writing {}", path.display()))
}

fn gain_of(judgments: &Judgments, doc: &str) -> u32 {
    judgments.get(doc).copied().unwrap_or(0)
}

/// trec_eval `map` for one query: sum of the precision at each relevant
/// document retrieved, divided by the number of relevant documents.
fn average_precision(ranking: &[String], judgments: &Judgments) -> f64 {
    let relevant = judgments.values().filter(|&&g| g > 0).count();
    if relevant == 0 {
        return 0.0;
    }
    let mut found = 0usize;
    let mut sum = 0.0;
    for (rank, doc) in ranking.iter().enumerate() {
        if gain_of(judgments, doc) > 0 {
            found += 1;
            sum += found as f64 / (rank + 1) as f64;
        }
    }
    sum / relevant as f64
}

/// trec_eval `P_k`: relevant documents in the top `k`, divided by `k`.
fn precision_at(ranking: &[String], judgments: &Judgments, k: usize) -> f64 {
    let hits = ranking
        .iter()
        .take(k)
        .filter(|doc| gain_of(judgments, doc) > 0)
        .count();
    hits as f64 / k as f64
}

/// Discounted cumulative gain: gain / log2(rank + 1), ranks from 1.
fn dcg(gains: impl Iterator<Item = u32>) -> f64 {
    gains
        .enumerate()
        .map(|(i, g)| f64::from(g) / ((i + 2) as f64).log2())
        .sum()
}

/// trec_eval `ndcg_cut_k`: DCG of the top `k` over the DCG of the top `k`
/// of the ideal ranking of all judged relevant documents.
fn ndcg_at(ranking: &[String], judgments: &Judgments, k: usize) -> f64 {
    let mut ideal: Vec<u32> = judgments.values().copied().filter(|&g| g > 0).collect();
    ideal.sort_unstable_by(|a, b| b.cmp(a));
    let ideal_dcg = dcg(ideal.into_iter().take(k));
    if ideal_dcg <= 0.0 {
        return 0.0;
    }
    dcg(ranking.iter().take(k).map(|doc| gain_of(judgments, doc))) / ideal_dcg
}

/// Mean scores over the evaluated queries.
#[derive(Debug, Default, Clone, Copy)]
struct Scores {
    queries: usize,
    map: f64,
    ndcg10: f64,
    p10: f64,
}

/// Scores the runs (query id -> ranking in trec order) of every judged query;
/// a judged query without a run counts as an empty ranking.
fn evaluate(runs: &HashMap<String, Vec<String>>, qrels: &Qrels) -> Scores {
    let mut total = Scores::default();
    for (query, judgments) in qrels {
        let ranking = runs.get(query).map(Vec::as_slice).unwrap_or_default();
        total.queries += 1;
        total.map += average_precision(ranking, judgments);
        total.ndcg10 += ndcg_at(ranking, judgments, CUTOFF);
        total.p10 += precision_at(ranking, judgments, CUTOFF);
    }
    let n = total.queries.max(1) as f64;
    Scores {
        queries: total.queries,
        map: total.map / n,
        ndcg10: total.ndcg10 / n,
        p10: total.p10 / n,
    }
}

/// One line of the result table.
struct Row {
    name: &'static str,
    scores: Scores,
    reference: Reference,
    elapsed: Duration,
}

/// Indexes one collection, runs its judged queries and scores them.
fn evaluate_collection(
    collection: &Collection,
    data: &Path,
    runs_dir: Option<&Path>,
    gazetteer: &Gazetteer,
    entities: bool,
) -> Result<Row> {
    let started = Instant::now();
    let layout = collection.layout;
    let docs = documents(&parse_smart(&collection.read(data, collection.docs)?));
    let queries = queries(
        &parse_smart(&collection.read(data, collection.queries)?),
        layout,
    );
    let qrels =
        parse_qrels(&collection.read(data, collection.qrels)?, layout).with_context(|| {
            format!(
                "parsing {}",
                collection.path(data, collection.qrels).display()
            )
        })?;
    let temp = tempfile::tempdir().context("creating a temporary directory")?;
    let jsonl = temp.path().join(format!("{}.jsonl", collection.name));
    let records = docs.iter().map(|doc| {
        serde_json::json!({ "id": doc.id, "date": FIXED_DATE, "title": doc.title, "body": doc.body })
    });
    write_jsonl(records, &jsonl)?;
    let index = build_index(
        &temp.path().join("index"),
        &jsonl,
        docs.len(),
        gazetteer,
        entities,
    )?;
    let mut runs = HashMap::new();
    let mut scored = Vec::new();
    for (id, text) in queries.iter().filter(|(id, _)| qrels.contains_key(id)) {
        let run = trec_order(
            run_query(&index, text).with_context(|| format!("{} query {id}", collection.name))?,
        );
        runs.insert(id.clone(), run.iter().map(|(doc, _)| doc.clone()).collect());
        scored.push((id.clone(), run));
    }
    if let Some(dir) = runs_dir {
        write_run(&dir.join(format!("{}.run", collection.name)), &scored)?;
    }
    Ok(Row {
        name: collection.name,
        scores: evaluate(&runs, &qrels),
        reference: collection.reference,
        elapsed: started.elapsed(),
    })
}

/// sitrep's and the reference's scores on one split of the domain set.
struct DomainRow {
    split: Split,
    sitrep: Scores,
    reference: Scores,
}

/// One system's ranking of every query of the domain set, each query's uncertain sentences left
/// out (see `domain.rs`): query id -> ranking in trec order.
type DomainRuns = BTreeMap<String, Vec<(String, f32)>>;

/// Indexes the domain set with sitrep (in `temp`).
fn index_domain(
    set: &DomainSet,
    gazetteer: &Gazetteer,
    entities: bool,
    temp: &Path,
) -> Result<SitrepIndex> {
    let jsonl = temp.join("domain.jsonl");
    let records = set.docs.iter().map(|doc| {
        serde_json::json!({ "id": doc.id, "date": doc.date, "title": doc.title, "body": doc.body })
    });
    write_jsonl(records, &jsonl)?;
    if let Ok(keep) = std::env::var("KEEP_DOMAIN_JSONL") {
        fs::copy(&jsonl, keep)?;
    } // TEMPORARY
    build_index(
        &temp.join("index"),
        &jsonl,
        set.docs.len(),
        gazetteer,
        entities,
    )
}

/// `run` in trec order with only the sentences judged for the query (see `domain.rs`).
fn condensed(
    set: &DomainSet,
    query: &domain::Query,
    run: Vec<(String, f32)>,
) -> Vec<(String, f32)> {
    trec_order(run)
        .into_iter()
        .filter(|(id, _)| set.is_judged(id) && !query.uncertain.contains(id))
        .collect()
}

/// sitrep's runs of every query.
fn sitrep_runs(set: &DomainSet, index: &SitrepIndex) -> Result<DomainRuns> {
    let mut runs = DomainRuns::new();
    for query in &set.queries {
        let run =
            run_query(index, &query.text).with_context(|| format!("domain query {}", query.id))?;
        runs.insert(query.id.clone(), condensed(set, query, run));
    }
    Ok(runs)
}

/// The reference BM25's runs of every query.
fn reference_runs(set: &DomainSet) -> DomainRuns {
    let reference = bm25::Bm25::new(set.docs.iter().map(|d| d.body.as_str()));
    set.queries
        .iter()
        .map(|query| {
            let run = reference
                .search(&query.text, RUN_DEPTH)
                .into_iter()
                .map(|(doc, score)| (set.docs[doc as usize].id.clone(), score as f32))
                .collect();
            (query.id.clone(), condensed(set, query, run))
        })
        .collect()
}

/// The scores of `runs` on the queries of one split.
fn score_split(set: &DomainSet, split: Split, runs: &DomainRuns) -> Scores {
    let queries: Vec<&domain::Query> = set.queries.iter().filter(|q| q.split == split).collect();
    let qrels: Qrels = queries
        .iter()
        .map(|q| {
            let judged = q.relevant.iter().map(|d| (d.clone(), 1)).collect();
            (q.id.clone(), judged)
        })
        .collect();
    let ranked = queries
        .iter()
        .map(|q| {
            let run = runs.get(&q.id).map(Vec::as_slice).unwrap_or_default();
            (q.id.clone(), run.iter().map(|(d, _)| d.clone()).collect())
        })
        .collect();
    evaluate(&ranked, &qrels)
}

/// One query's nDCG@10 in `runs` (0 for a query without a run).
fn query_ndcg(query: &domain::Query, runs: &DomainRuns) -> f64 {
    let judged: Judgments = query.relevant.iter().map(|d| (d.clone(), 1)).collect();
    let ranking: Vec<String> = runs
        .get(&query.id)
        .map(|run| run.iter().map(|(d, _)| d.clone()).collect())
        .unwrap_or_default();
    ndcg_at(&ranking, &judged, CUTOFF)
}

/// The dev queries where sitrep and the reference differ, worst for sitrep first: query id,
/// nDCG@10 of each, the difference and the query, with a count of losses, wins and ties. Only
/// dev: the weights are chosen there, and reading the test queries one by one would choose
/// them on test too.
fn per_query_table(set: &DomainSet, ours: &DomainRuns, reference: &DomainRuns) -> String {
    let mut rows: Vec<(f64, f64, &domain::Query)> = set
        .queries
        .iter()
        .filter(|q| q.split == Split::Dev)
        .map(|q| (query_ndcg(q, ours), query_ndcg(q, reference), q))
        .collect();
    rows.sort_by(|a, b| {
        (a.0 - a.1)
            .total_cmp(&(b.0 - b.1))
            .then(a.2.id.cmp(&b.2.id))
    });
    let count = |keep: fn(f64) -> bool| rows.iter().filter(|r| keep(r.0 - r.1)).count();
    let mut out = format!(
        "dev queries by nDCG@10, sitrep - bm25: {} worse, {} better, {} equal\n{:<5} {:>7} {:>7} {:>7}  query\n",
        count(|d| d < -1e-9),
        count(|d| d > 1e-9),
        count(|d| d.abs() <= 1e-9),
        "id",
        "sitrep",
        "bm25",
        "delta"
    );
    for (ours, reference, query) in rows.iter().filter(|r| (r.0 - r.1).abs() > 1e-9) {
        out += &format!(
            "{:<5} {ours:>7.3} {reference:>7.3} {:>+7.3}  {}\n",
            query.id,
            ours - reference,
            query.text
        );
    }
    out
}

/// Builds, runs and scores the domain set of `years`; writes `domain.run` and `domain-bm25.run`
/// (and the judgments, `domain.qrels`) to `runs_dir` when given, and each dev query's figures
/// when `per_query`.
fn evaluate_domain(
    data: &Path,
    years: RangeInclusive<u32>,
    runs_dir: Option<&Path>,
    gazetteer: &Gazetteer,
    entities: bool,
    per_query: bool,
) -> Result<String> {
    let started = Instant::now();
    let set = domain::build(data, years.clone())?;
    let temp = tempfile::tempdir().context("creating a temporary directory")?;
    let index = index_domain(&set, gazetteer, entities, temp.path())?;
    let reference = reference_runs(&set);
    let mut out = domain_summary(&set, &years, started.elapsed());
    let ours = sitrep_runs(&set, &index)?;
    if let Some(dir) = runs_dir {
        let listed = |runs: &DomainRuns| {
            runs.iter()
                .map(|(q, r)| (q.clone(), r.clone()))
                .collect::<Vec<_>>()
        };
        write_run(&dir.join("domain.run"), &listed(&ours))?;
        write_run(&dir.join("domain-bm25.run"), &listed(&reference))?;
        write_domain_qrels(&dir.join("domain.qrels"), &set)?;
    }
    let rows: Vec<DomainRow> = [Split::Dev, Split::Test]
        .into_iter()
        .map(|split| DomainRow {
            split,
            sitrep: score_split(&set, split, &ours),
            reference: score_split(&set, split, &reference),
        })
        .collect();
    out += &domain_table(&rows);
    if per_query {
        out += &per_query_table(&set, &ours, &reference);
    }
    Ok(out)
}

/// The first line of the domain results: what the set holds.
fn domain_summary(set: &DomainSet, years: &RangeInclusive<u32>, elapsed: Duration) -> String {
    let count = |split| set.queries.iter().filter(|q| q.split == split).count();
    format!(
        "domain set {}-{}: {} documents ({} judged), {} headings own a sentence, {} conflict queries with >= {} sentences ({} dev, {} test), {} relevant and {} uncertain pairs; built and indexed in {:.1}s\n",
        years.start(),
        years.end(),
        set.docs.len(),
        set.docs.iter().filter(|d| d.judged).count(),
        set.headings,
        set.queries.len(),
        domain::MIN_RELEVANT,
        count(Split::Dev),
        count(Split::Test),
        set.queries.iter().map(|q| q.relevant.len()).sum::<usize>(),
        set.queries.iter().map(|q| q.uncertain.len()).sum::<usize>(),
        elapsed.as_secs_f64(),
    )
}

/// The judgments in trec_eval's qrels format, with each query's text and split as comments
/// in a separate `.queries` file beside it.
fn write_domain_qrels(path: &Path, set: &DomainSet) -> Result<()> {
    let mut qrels = String::new();
    let mut queries = String::new();
    for q in &set.queries {
        let mut relevant: Vec<&String> = q.relevant.iter().collect();
        relevant.sort();
        for doc in relevant {
            qrels += &format!("{} 0 {doc} 1\n", q.id);
        }
        queries += &format!("{}\t{}\t{}\n", q.id, q.split.name(), q.text);
    }
    fs::write(path, qrels).with_context(|| format!("writing {}", path.display()))?;
    let names = path.with_extension("queries");
    fs::write(&names, queries).with_context(|| format!("writing {}", names.display()))
}

/// The domain set's lines of the result table: sitrep, the program's BM25, and their ratio.
fn domain_table(rows: &[DomainRow]) -> String {
    let mut out = format!(
        "{:<12} {:>7} {:>7} {:>7} {:>8} {:>8} {:>6} {:>7} {:>7}\n",
        "domain", "queries", "MAP", "bm25", "nDCG@10", "bm25", "ratio", "P@10", "bm25"
    );
    for row in rows {
        let (s, r) = (&row.sitrep, &row.reference);
        out += &format!(
            "{:<12} {:>7} {:>7.3} {:>7.3} {:>8.3} {:>8.3} {:>6.3} {:>7.3} {:>7.3}\n",
            row.split.name(),
            s.queries,
            s.map,
            r.map,
            s.ndcg10,
            r.ndcg10,
            s.ndcg10 / r.ndcg10.max(f64::MIN_POSITIVE),
            s.p10,
            r.p10
        );
    }
    out += "bm25 = this program's plain BM25 (k1 1.2, b 0.75, stop words, Snowball) over the sentence; ratio = sitrep nDCG@10 / bm25\n";
    out
}

/// The result table, one line per collection, the reference beside each figure.
fn table(rows: &[Row]) -> String {
    let mut out = format!(
        "{:<10} {:>7} {:>7} {:>7} {:>8} {:>8} {:>7} {:>7} {:>8}\n",
        "collection", "queries", "MAP", "ref", "nDCG@10", "ref", "P@10", "ref", "time"
    );
    for row in rows {
        let (s, r) = (&row.scores, &row.reference);
        out += &format!(
            "{:<10} {:>7} {:>7.3} {:>7.3} {:>8.3} {:>8.3} {:>7.3} {:>7.3} {:>7.1}s\n",
            row.name,
            s.queries,
            s.map,
            r.map,
            s.ndcg10,
            r.ndcg10,
            s.p10,
            r.p10,
            row.elapsed.as_secs_f64()
        );
    }
    out +=
        &format!("ref = bm25s BM25 k1=1.2 b=0.75 with stop words (SOURCE.md); top {RUN_DEPTH}\n");
    out
}

/// Prints `text`; a closed pipe (`| head`) is a normal end.
fn print(text: &str) -> Result<()> {
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        other => other.context("writing to stdout"),
    }
}

const USAGE: &str =
    "usage: eval_ranking [--runs DIR] [--set classic|domain] [--years FROM-TO] [--no-entities] \
                     [--per-query] [SHARED_DATA_DIR] (the parent of ir-cranfield/, ir-cisi/ and \
                     wikipedia-current-events/; default ../shared/data)";

/// Which parts to run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Sets {
    /// Cranfield, CISI and the domain set.
    All,
    /// Cranfield and CISI.
    Classic,
    /// The domain set.
    Domain,
}

/// The command line.
struct Args {
    data: PathBuf,
    runs: Option<PathBuf>,
    sets: Sets,
    /// The years of the domain set.
    years: RangeInclusive<u32>,
    /// Whether query words that name a region or actor also match its facet (as in `sitrep
    /// search`); `--no-entities` measures the ranking without those clauses.
    entities: bool,
    /// Whether to list the domain set's dev queries by how sitrep and the reference differ.
    per_query: bool,
}

/// `2002-2014` -> 2002..=2014.
fn parse_years(text: &str) -> Result<RangeInclusive<u32>> {
    let (from, to) = text.split_once('-').unwrap_or((text, text));
    let (from, to): (u32, u32) = (
        from.parse()
            .with_context(|| format!("--years {text:?}: expected FROM-TO, e.g. 2002-2014"))?,
        to.parse()
            .with_context(|| format!("--years {text:?}: expected FROM-TO, e.g. 2002-2014"))?,
    );
    ensure!(
        from <= to,
        "--years {text:?}: the first year comes after the last"
    );
    Ok(from..=to)
}

fn parse_args(args: impl IntoIterator<Item = std::ffi::OsString>) -> Result<Args> {
    let mut args = args.into_iter();
    let mut parsed = Args {
        data: PathBuf::from("../shared/data"),
        runs: None,
        sets: Sets::All,
        years: domain::DEFAULT_YEARS,
        entities: true,
        per_query: false,
    };
    let mut data = None;
    while let Some(arg) = args.next() {
        let mut value = |name: &str| {
            args.next()
                .map(|v| v.to_string_lossy().into_owned())
                .with_context(|| format!("{name} needs a value; {USAGE}"))
        };
        match arg.to_string_lossy().as_ref() {
            "--runs" => parsed.runs = Some(PathBuf::from(value("--runs")?)),
            "--no-entities" => parsed.entities = false,
            "--per-query" => parsed.per_query = true,
            "--years" => parsed.years = parse_years(&value("--years")?)?,
            "--set" => {
                parsed.sets = match value("--set")?.as_str() {
                    "classic" => Sets::Classic,
                    "domain" => Sets::Domain,
                    other => bail!("--set {other:?}: expected classic or domain; {USAGE}"),
                }
            }
            other if other.starts_with('-') || data.is_some() => {
                bail!("unexpected argument {arg:?}; {USAGE}")
            }
            _ => data = Some(PathBuf::from(arg)),
        }
    }
    if let Some(data) = data {
        parsed.data = data;
    }
    Ok(parsed)
}

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("eval_ranking: error: {e:#}");
            ExitCode::FAILURE
        }
    }
}

fn run() -> Result<()> {
    let started = Instant::now();
    let args = parse_args(std::env::args_os().skip(1))?;
    let classic = args.sets != Sets::Domain;
    if classic {
        for collection in &COLLECTIONS {
            collection.check_files(&args.data)?;
        }
    }
    if let Some(dir) = &args.runs {
        fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
    }
    let gazetteer = Gazetteer::embedded().context("loading the embedded gazetteer")?;
    let mut out = String::new();
    if classic {
        let rows = COLLECTIONS
            .iter()
            .map(|c| {
                evaluate_collection(
                    c,
                    &args.data,
                    args.runs.as_deref(),
                    &gazetteer,
                    args.entities,
                )
            })
            .collect::<Result<Vec<_>>>()?;
        out += &table(&rows);
    }
    if args.sets != Sets::Classic {
        out += &evaluate_domain(
            &args.data,
            args.years.clone(),
            args.runs.as_deref(),
            &gazetteer,
            args.entities,
            args.per_query,
        )?;
    }
    out += &format!("total elapsed: {:.1}s\n", started.elapsed().as_secs_f64());
    print(&out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn judged(pairs: &[(&str, u32)]) -> Judgments {
        pairs.iter().map(|&(d, g)| (d.to_string(), g)).collect()
    }

    fn ranked(ids: &[&str]) -> Vec<String> {
        ids.iter().map(|s| s.to_string()).collect()
    }

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() < 1e-9
    }

    #[test]
    fn average_precision_divides_by_all_relevant() {
        let j = judged(&[("a", 1), ("b", 1), ("c", 1)]);
        // a at rank 1 (1/1), b at rank 3 (2/3), c never retrieved.
        let ap = average_precision(&ranked(&["a", "x", "b"]), &j);
        assert!(close(ap, (1.0 + 2.0 / 3.0) / 3.0));
        assert!(close(average_precision(&[], &j), 0.0));
    }

    #[test]
    fn precision_divides_by_cutoff_even_for_short_runs() {
        let j = judged(&[("a", 2), ("b", 1)]);
        assert!(close(precision_at(&ranked(&["a", "x", "b"]), &j, 10), 0.2));
        assert!(close(precision_at(&ranked(&["x", "a"]), &j, 1), 0.0));
    }

    #[test]
    fn ndcg_uses_graded_gains_and_ideal_of_all_relevant() {
        let j = judged(&[("a", 3), ("b", 1), ("c", 2)]);
        let run = ranked(&["x", "a", "b"]);
        let dcg = 3.0 / 3f64.log2() + 1.0 / 2.0;
        let ideal = 3.0 + 2.0 / 3f64.log2() + 1.0 / 2.0;
        assert!(close(ndcg_at(&run, &j, 10), dcg / ideal));
        assert!(close(ndcg_at(&ranked(&["a", "c", "b"]), &j, 10), 1.0));
        // Cut at 1: the ideal is only its best gain.
        assert!(close(ndcg_at(&ranked(&["c"]), &j, 1), 2.0 / 3.0));
    }

    #[test]
    fn cutoff_ignores_rank_eleven_but_map_counts_it() {
        let j = judged(&[("r", 1)]);
        let mut run: Vec<String> = (0..10).map(|i| format!("n{i}")).collect();
        run.push("r".to_string());
        assert!(close(precision_at(&run, &j, 10), 0.0));
        assert!(close(ndcg_at(&run, &j, 10), 0.0));
        assert!(close(average_precision(&run, &j), 1.0 / 11.0));
    }

    #[test]
    fn ties_are_broken_by_id_descending() {
        let run = vec![
            ("d1".to_string(), 1.0),
            ("d2".to_string(), 1.0),
            ("d0".to_string(), 2.0),
        ];
        let ids: Vec<String> = trec_order(run).into_iter().map(|(id, _)| id).collect();
        assert_eq!(ids, ranked(&["d0", "d2", "d1"]));
    }

    #[test]
    fn evaluate_averages_over_judged_queries_only() {
        let mut qrels = Qrels::new();
        qrels.insert("1".to_string(), judged(&[("a", 1)]));
        qrels.insert("2".to_string(), judged(&[("b", 1)]));
        let runs = HashMap::from([
            ("1".to_string(), ranked(&["a"])),
            ("9".to_string(), ranked(&["a"])),
        ]);
        let s = evaluate(&runs, &qrels);
        assert_eq!(s.queries, 2);
        assert!(close(s.map, 0.5));
        assert!(close(s.p10, 0.05));
    }

    #[test]
    fn qrels_map_codes_to_gains_and_drop_unjudged_queries() {
        let cran = parse_qrels("1 184 1 \r\n1 29 4\r\n2 7 -1\r\n", Layout::Cranfield).unwrap();
        assert_eq!(cran.len(), 1);
        assert_eq!(cran["1"], judged(&[("184", 4), ("29", 1)]));
        assert!(parse_qrels("1 2 5\n", Layout::Cranfield).is_err());
        let cisi = parse_qrels("     1     28\t0\t0.000000\n", Layout::Cisi).unwrap();
        assert_eq!(cisi["1"], judged(&[("28", 1)]));
    }

    #[test]
    fn smart_records_join_repeated_fields() {
        let text = ".I 1\r\n.T\r\nA title\r\n.W\r\nfirst\r\n.A\r\nx\r\n.W\r\nsecond .5\r\n.I 002\r\n.T\r\n.W\r\n";
        let records = parse_smart(text);
        assert_eq!(records.len(), 2);
        assert_eq!(records[0].field('W'), "first second .5");
        assert_eq!(records[1].id, "002");
        let docs = documents(&records);
        assert_eq!(docs[0].body, "first second .5");
        assert_eq!(
            without_repeated_title("a title", "a  title\nthe text"),
            "the text"
        );
        assert_eq!(docs[1].title, NO_TITLE);
        let qs = queries(&records, Layout::Cranfield);
        assert_eq!(qs[1].0, "2");
    }

    #[test]
    fn args_take_a_data_folder_and_an_optional_runs_folder() {
        let parse = |args: &[&str]| parse_args(args.iter().map(std::ffi::OsString::from));
        let default = parse(&[]).unwrap();
        assert_eq!(default.data, PathBuf::from("../shared/data"));
        assert!(default.runs.is_none());
        let both = parse(&["--runs", "out", "data"]).unwrap();
        assert_eq!(
            (both.data, both.runs),
            (PathBuf::from("data"), Some(PathBuf::from("out")))
        );
        assert!(parse(&["--runs"]).is_err());
        assert!(parse(&["a", "b"]).is_err());
        assert!(parse(&["--depth", "5"]).is_err());
        let domain = parse(&["--set", "domain", "--years", "2003-2005"]).unwrap();
        assert_eq!((domain.sets, domain.years), (Sets::Domain, 2003..=2005));
        assert_eq!(default.years, domain::DEFAULT_YEARS);
        assert!(parse(&["--years", "2005-2003"]).is_err());
        assert!(parse(&["--set", "cisi"]).is_err());
    }

    #[test]
    fn bag_of_words_has_no_query_syntax_left() {
        let q = bag_of_words("What \"is\" (heat-transfer)? b* c~2 field:x -y +z NOT OR AND");
        assert_eq!(
            q,
            "What OR is OR heat OR transfer OR b OR c OR 2 OR field OR x OR y OR z OR not OR or OR and"
        );
        assert!(sitrep::query::parse_query(&q).is_ok());
        assert_eq!(bag_of_words(" -- ( ) "), "");
    }
}

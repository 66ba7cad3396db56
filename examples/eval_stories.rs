//! Measures story grouping (the `story` ids of `sitrep index`): the reports
//! of one event by different outlets, in their own words.
//!
//! * **ECB+** (`news-clusters-ecbplus`: 982 news articles, 86 same-event
//!   clusters, two events of one kind per topic, so every topic holds hard
//!   negatives). Pairwise precision, recall and F1 (a pair of articles is
//!   found when both have one `story` id, right when both are of one ECB+
//!   event), and B³. The articles carry no publication date, so two
//!   settings are run:
//!   - **one day**: every article dated the same day. Only the words,
//!     places and actors tell the events apart; this is the figure for the
//!     issue's target.
//!   - **events apart**: the articles of the second event of each topic
//!     (`ecbplus`) dated 30 days after the first's (`ecb`), every topic on
//!     the same days. The two events of a topic happened years apart (a
//!     bank bomb in Woodburn, Oregon in 2008, the Marfin bank in Athens in
//!     2010), so real publication dates would keep them apart at least this
//!     much; this shows what the date window adds. It dates articles by
//!     their label, which real dates would only approximate: it is not the
//!     target figure.
//!
//!   Each is also given for odd and even topics apart: the odd topics are
//!   the development half (the linkage thresholds of
//!   `src/index/sketch.rs` were chosen on them, one day), the even ones
//!   are held out.
//! * **Bundled corpus** (`corpus/`): no labels; how many stories, how large,
//!   and the largest with their headlines, to read (a story that chains
//!   unrelated reports shows up there). It also checks that every group of
//!   reprints lies within one story.
//!
//! ```text
//! cargo run --release --example eval_stories -- ../shared/data
//! ```

use std::collections::{BTreeMap, HashMap};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::Instant;

use anyhow::{ensure, Context, Result};
use chrono::{Duration, NaiveDate};
use serde::Deserialize;
use tantivy::schema::Value;

use sitrep::enrich::Gazetteer;
use sitrep::index::{index_paths, FieldName, IndexOptions, SitrepIndex};

/// Days between the two events of a topic in the "events apart" setting.
const EVENTS_APART_DAYS: i64 = 30;

#[derive(Debug, Clone)]
struct Doc {
    id: String,
    topic: u32,
    /// The ECB+ event (`cluster`).
    event: String,
    second: bool,
    title: String,
    body: String,
}

/// What the index says of one document.
#[derive(Debug, Clone)]
struct Grouped {
    id: String,
    title: String,
    copy: u64,
    story: u64,
}

fn main() -> Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let data = PathBuf::from(args.first().map_or("../shared/data", String::as_str));
    let gazetteer = Gazetteer::embedded().context("loading the embedded gazetteer")?;
    let docs = ecbplus(&data)?;
    let day = NaiveDate::from_ymd_opt(2013, 1, 1).context("a date")?;
    for (setting, date_of) in [
        (
            "one day",
            Box::new(|_: &Doc| day) as Box<dyn Fn(&Doc) -> NaiveDate>,
        ),
        (
            "events apart",
            Box::new(|d: &Doc| {
                if d.second {
                    day + Duration::days(EVENTS_APART_DAYS)
                } else {
                    day
                }
            }),
        ),
    ] {
        let tmp = tempfile::tempdir()?;
        let input = tmp.path().join("in");
        std::fs::create_dir_all(&input)?;
        let mut out = std::io::BufWriter::new(std::fs::File::create(input.join("ecb.jsonl"))?);
        for d in &docs {
            let record = serde_json::json!({
                "id": d.id, "date": date_of(d).to_string(), "title": d.title, "body": d.body,
                "source": "ECB+",
            });
            writeln!(out, "{record}")?;
        }
        out.flush()?;
        drop(out);
        let grouped = index_and_read(&tmp.path().join("idx"), &input, &gazetteer)?;
        ensure!(
            grouped.len() == docs.len(),
            "indexed {} of {}",
            grouped.len(),
            docs.len()
        );
        let story_of: HashMap<&str, u64> =
            grouped.iter().map(|g| (g.id.as_str(), g.story)).collect();
        println!("ECB+, {setting}:");
        for (part, keep) in [
            (
                "all topics",
                Box::new(|_: &Doc| true) as Box<dyn Fn(&Doc) -> bool>,
            ),
            ("odd (dev)", Box::new(|d: &Doc| d.topic % 2 == 1)),
            ("even (test)", Box::new(|d: &Doc| d.topic.is_multiple_of(2))),
        ] {
            let labelled: Vec<(u64, &str)> = docs
                .iter()
                .filter(|d| keep(d))
                .map(|d| (story_of[d.id.as_str()], d.event.as_str()))
                .collect();
            let s = Scores::of(&labelled);
            println!(
                "  {part:12} {:4} articles: pairwise P {:.3} R {:.3} F1 {:.3}   B3 P {:.3} R {:.3} F1 {:.3}   ({} stories, {} events; {} pairs found, {} right, {} true)",
                labelled.len(),
                s.precision,
                s.recall,
                f1(s.precision, s.recall),
                s.b3_precision,
                s.b3_recall,
                f1(s.b3_precision, s.b3_recall),
                s.stories,
                s.events,
                s.found,
                s.right,
                s.truth
            );
        }
        let by_id: HashMap<&str, &Doc> = docs.iter().map(|d| (d.id.as_str(), d)).collect();
        let (mut same_topic, mut other_topic) = (0usize, 0usize);
        let mut members: HashMap<u64, Vec<&Doc>> = HashMap::new();
        for g in &grouped {
            members
                .entry(g.story)
                .or_default()
                .push(by_id[g.id.as_str()]);
        }
        for group in members.values() {
            for (i, a) in group.iter().enumerate() {
                for b in &group[i + 1..] {
                    if a.event != b.event {
                        if a.topic == b.topic {
                            same_topic += 1;
                        } else {
                            other_topic += 1;
                        }
                    }
                }
            }
        }
        println!(
            "  wrong pairs: {same_topic} of the two events of one topic (hard negatives), {other_topic} across topics"
        );
    }
    bundled_corpus(&gazetteer)
}

/// Indexes `input` into a new index at `dir` and reads every document's
/// ids back.
fn index_and_read(dir: &Path, input: &Path, gazetteer: &Gazetteer) -> Result<Vec<Grouped>> {
    let index = SitrepIndex::open_or_create(dir)?;
    let options = IndexOptions {
        paths: vec![input.to_path_buf()],
        ..IndexOptions::default()
    };
    let started = Instant::now();
    let report = index_paths(&index, gazetteer, &options, &|_| {})?;
    eprintln!(
        "indexed {} documents in {:.1} s",
        report.articles,
        started.elapsed().as_secs_f64()
    );
    let searcher = sitrep::search::searcher(&index)?;
    let mut grouped = Vec::new();
    for (ord, segment) in searcher.segment_readers().iter().enumerate() {
        let fast = segment.fast_fields();
        let copies = fast.u64(FieldName::Copy.name())?;
        let stories = fast.u64(FieldName::Story.name())?;
        for doc in segment.doc_ids_alive() {
            let stored: tantivy::TantivyDocument =
                searcher.doc(tantivy::DocAddress::new(ord as u32, doc))?;
            let text = |field| {
                stored
                    .get_first(field)
                    .and_then(|v| v.as_str())
                    .unwrap_or_default()
                    .to_string()
            };
            grouped.push(Grouped {
                id: text(index.fields.id),
                title: text(index.fields.title),
                copy: copies.first(doc).unwrap_or(0),
                story: stories.first(doc).unwrap_or(0),
            });
        }
    }
    Ok(grouped)
}

fn pairs(n: usize) -> usize {
    n * n.saturating_sub(1) / 2
}

fn f1(p: f64, r: f64) -> f64 {
    if p + r > 0.0 {
        2.0 * p * r / (p + r)
    } else {
        0.0
    }
}

/// Pairwise and B³ scores of predicted groups against labels.
struct Scores {
    precision: f64,
    recall: f64,
    b3_precision: f64,
    b3_recall: f64,
    stories: usize,
    events: usize,
    found: usize,
    right: usize,
    truth: usize,
}

impl Scores {
    /// `labelled`: per document, its predicted group and its true one.
    fn of(labelled: &[(u64, &str)]) -> Scores {
        let mut predicted: HashMap<u64, usize> = HashMap::new();
        let mut truth: HashMap<&str, usize> = HashMap::new();
        let mut both: HashMap<(u64, &str), usize> = HashMap::new();
        for &(story, event) in labelled {
            *predicted.entry(story).or_default() += 1;
            *truth.entry(event).or_default() += 1;
            *both.entry((story, event)).or_default() += 1;
        }
        let found: usize = predicted.values().map(|&n| pairs(n)).sum();
        let right: usize = both.values().map(|&n| pairs(n)).sum();
        let true_pairs: usize = truth.values().map(|&n| pairs(n)).sum();
        let n = labelled.len().max(1) as f64;
        let (mut b3p, mut b3r) = (0.0, 0.0);
        for &(story, event) in labelled {
            let shared = both[&(story, event)] as f64;
            b3p += shared / predicted[&story] as f64;
            b3r += shared / truth[event] as f64;
        }
        Scores {
            precision: right as f64 / found.max(1) as f64,
            recall: right as f64 / true_pairs.max(1) as f64,
            b3_precision: b3p / n,
            b3_recall: b3r / n,
            stories: predicted.len(),
            events: truth.len(),
            found,
            right,
            truth: true_pairs,
        }
    }
}

/// The stories of the bundled corpus: sizes, and the largest to read.
fn bundled_corpus(gazetteer: &Gazetteer) -> Result<()> {
    let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus");
    let tmp = tempfile::tempdir()?;
    let grouped = index_and_read(&tmp.path().join("idx"), &corpus, gazetteer)?;
    let mut stories: BTreeMap<u64, Vec<&Grouped>> = BTreeMap::new();
    let mut story_of_copy: HashMap<u64, u64> = HashMap::new();
    let mut split_copies = 0;
    for g in &grouped {
        stories.entry(g.story).or_default().push(g);
        if *story_of_copy.entry(g.copy).or_insert(g.story) != g.story {
            split_copies += 1;
        }
    }
    let copies = story_of_copy.len();
    let mut sizes: BTreeMap<usize, usize> = BTreeMap::new();
    for members in stories.values() {
        *sizes.entry(members.len()).or_default() += 1;
    }
    let grouped_docs: usize = stories.values().filter(|m| m.len() > 1).map(Vec::len).sum();
    println!(
        "bundled corpus: {} documents, {} groups of reprints, {} stories; {} documents in {} stories of 2 or more",
        grouped.len(),
        copies,
        stories.len(),
        grouped_docs,
        stories.values().filter(|m| m.len() > 1).count()
    );
    println!("  stories by size (size: number): {sizes:?}");
    println!("  groups of reprints split across stories: {split_copies}");
    let mut largest: Vec<&Vec<&Grouped>> = stories.values().collect();
    largest.sort_by_key(|m| std::cmp::Reverse(m.len()));
    for members in largest.into_iter().take(5).filter(|m| m.len() > 2) {
        println!("  a story of {}:", members.len());
        for g in members.iter().take(8) {
            println!("    {}", g.title.chars().take(110).collect::<String>());
        }
    }
    ensure!(
        split_copies == 0,
        "a group of reprints lies in several stories"
    );
    Ok(())
}

/// The ECB+ articles: the first sentence (the headline of most `ecbplus`
/// articles) as the title, the text as the body.
fn ecbplus(data: &Path) -> Result<Vec<Doc>> {
    #[derive(Deserialize)]
    struct Row {
        doc_name: String,
        topic: u32,
        subtopic: String,
        cluster: String,
        first_sentence: String,
        text: String,
    }
    let path = data.join("news-clusters-ecbplus/ecbplus_docs.jsonl");
    let text = std::fs::read_to_string(&path).with_context(|| path.display().to_string())?;
    text.lines()
        .map(|line| {
            let row: Row = serde_json::from_str(line)?;
            Ok(Doc {
                id: format!("ecb+:{}", row.doc_name),
                topic: row.topic,
                event: row.cluster,
                second: row.subtopic == "ecbplus",
                title: row.first_sentence.chars().take(120).collect(),
                body: row.text,
            })
        })
        .collect()
}

//! Measures reprint detection (the `copy` groups of `sitrep index`) on
//! reprints this program generates from real articles, mixed into real
//! articles that are not reprints.
//!
//! * **Originals**: 500 articles drawn (seeded) from the multi-paragraph news
//!   of the shared data: English Wikinews 2019-2020, the English WMT19 news
//!   of NTREX-128 (undated: each gets a generated day of 2018) and French
//!   Wikinews 2016-2018; an article needs 120 words and 3 paragraphs.
//! * **Reprints**: 3-5 per original, edited as outlets edit wire copy: the
//!   headline rewritten, a boilerplate line of the outlet's added, 10-30% of
//!   the words cut from the end, two paragraphs swapped, 3-6 words changed
//!   or dropped, dated 0-2 days after the original. They are test fixtures
//!   made by this program, written to a temporary folder, never kept.
//! * **Others** (10,000): the articles of the pool not drawn, every ECB+
//!   article (all articles of one ECB+ topic are dated the same day: two
//!   similar events of one kind, reported in the same words by several
//!   outlets, are the hard case), the bundled corpus's Current Events items,
//!   and Current Events items of 2008-2009 from the archive to fill up.
//!
//! Everything is indexed with [`sitrep::index::index_paths`] and the groups
//! read back from the index. Pairs: a pair of documents is found when both
//! are in one group; it is right when both are one original's (original or
//! reprint). Precision and recall over pairs; ECB+ pairs of one topic
//! grouped together are listed (they are different texts, even when they
//! describe one event).
//!
//! ```text
//! cargo run --release --example eval_copies -- ../shared/data [--errors N] [--seed N]
//! ```

#[path = "common/current_events.rs"]
#[allow(dead_code)]
mod current_events;

use std::collections::{BTreeMap, HashMap};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::Instant;

use anyhow::{ensure, Context, Result};
use chrono::{Duration, NaiveDate};
use rand::rngs::StdRng;
use rand::seq::SliceRandom;
use rand::{RngExt, SeedableRng};
use serde::Deserialize;
use tantivy::schema::Value;

use sitrep::enrich::Gazetteer;
use sitrep::index::{index_paths, FieldName, IndexOptions, SitrepIndex};

const ORIGINALS: usize = 500;
const OTHERS: usize = 10_000;
const MIN_WORDS: usize = 120;
const MIN_PARAGRAPHS: usize = 3;

/// Outlets the reprints are credited to (names made up for the fixtures).
const OUTLETS: [&str; 8] = [
    "Daily Courier",
    "Evening Post",
    "Morning Herald",
    "The Observer Online",
    "City Tribune",
    "National Gazette",
    "Le Quotidien",
    "Weekly Monitor",
];
/// Lines outlets add to wire copy.
const BOILERPLATE: [&str; 6] = [
    "Follow {} on Twitter and Facebook for the latest news.",
    "This story was reported by a wire service and edited by {} staff.",
    "Copyright {}. All rights reserved. This material may not be republished without permission.",
    "Sign up for the {} newsletter to get the day's top stories in your inbox.",
    "{} is not responsible for the content of external sites.",
    "Additional reporting by {} correspondents.",
];
/// Words outlets change, and what to.
const CHANGES: [(&str, &str); 10] = [
    ("said", "says"),
    ("told", "informed"),
    ("killed", "left dead"),
    ("people", "persons"),
    ("government", "authorities"),
    ("Monday", "on Monday"),
    ("announced", "declared"),
    ("about", "around"),
    ("more than", "over"),
    ("police", "officers"),
];

#[derive(Debug, Clone)]
struct Doc {
    id: String,
    date: NaiveDate,
    title: String,
    body: String,
    source: String,
    /// The original it is (a copy of), for originals and reprints.
    truth: Option<usize>,
    /// The ECB+ topic, for ECB+ articles.
    topic: Option<u32>,
    /// The ECB+ event (`cluster`: one of the two events of its topic).
    event: Option<String>,
}

fn main() -> Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let data = PathBuf::from(args.first().map_or("../shared/data", String::as_str));
    let flag = |name: &str| -> Option<u64> {
        let at = args.iter().position(|a| a == name)?;
        args.get(at + 1)?.parse().ok()
    };
    let errors = flag("--errors").unwrap_or(10) as usize;
    let mut rng = StdRng::seed_from_u64(flag("--seed").unwrap_or(20));

    let mut pool = wikinews(&data)?;
    pool.extend(ntrex(&data, &mut rng)?);
    pool.extend(french_wikinews(&data)?);
    pool.retain(|d| {
        d.body.split_whitespace().count() >= MIN_WORDS
            && paragraphs(&d.body).len() >= MIN_PARAGRAPHS
    });
    ensure!(pool.len() >= ORIGINALS, "only {} long articles", pool.len());
    pool.shuffle(&mut rng);
    let rest = pool.split_off(ORIGINALS);
    let mut docs = Vec::new();
    for (n, mut original) in pool.into_iter().enumerate() {
        original.truth = Some(n);
        for k in 0..rng.random_range(3..=5) {
            docs.push(reprint(&original, k, &mut rng));
        }
        docs.push(original);
    }
    let reprinted = docs.len();
    let mut others = rest;
    others.extend(ecbplus(&data)?);
    others.extend(bundled_current_events()?);
    let missing = OTHERS.saturating_sub(others.len());
    others.extend(archive_items(&data, missing)?);
    others.truncate(OTHERS);
    docs.extend(others);
    // An index keeps one document per id: a repeated id would be scored as
    // a document in the wrong group.
    let mut ids = std::collections::HashSet::new();
    if let Some(d) = docs.iter().find(|d| !ids.insert(d.id.as_str())) {
        anyhow::bail!("two documents have the id {}", d.id);
    }
    eprintln!(
        "{reprinted} originals and reprints, {} others",
        docs.len() - reprinted
    );

    let tmp = tempfile::tempdir()?;
    let input = tmp.path().join("in");
    std::fs::create_dir_all(&input)?;
    let mut out = std::io::BufWriter::new(std::fs::File::create(input.join("docs.jsonl"))?);
    for d in &docs {
        let record = serde_json::json!({
            "id": d.id, "date": d.date.to_string(), "title": d.title, "body": d.body, "source": d.source,
        });
        writeln!(out, "{record}")?;
    }
    out.flush()?;
    drop(out);

    let index = SitrepIndex::open_or_create(&tmp.path().join("idx"))?;
    let gazetteer = Gazetteer::embedded().context("loading the embedded gazetteer")?;
    let options = IndexOptions {
        paths: vec![input],
        ..IndexOptions::default()
    };
    let started = Instant::now();
    let report = index_paths(&index, &gazetteer, &options, &|_| {})?;
    eprintln!(
        "indexed {} documents in {:.1} s",
        report.articles,
        started.elapsed().as_secs_f64()
    );
    ensure!(
        report.articles == docs.len(),
        "indexed {} of {}",
        report.articles,
        docs.len()
    );

    let groups = read_groups(&index)?;
    let by_id: HashMap<&str, &Doc> = docs.iter().map(|d| (d.id.as_str(), d)).collect();
    score(&docs, &groups, &by_id, errors);
    Ok(())
}

/// Group id -> ids of its members, read from the index.
fn read_groups(index: &SitrepIndex) -> Result<BTreeMap<u64, Vec<String>>> {
    let searcher = sitrep::search::searcher(index)?;
    let mut groups: BTreeMap<u64, Vec<String>> = BTreeMap::new();
    for (ord, segment) in searcher.segment_readers().iter().enumerate() {
        let copies = segment.fast_fields().u64(FieldName::Copy.name())?;
        for doc in segment.doc_ids_alive() {
            let stored: tantivy::TantivyDocument =
                searcher.doc(tantivy::DocAddress::new(ord as u32, doc))?;
            let id = stored
                .get_first(index.fields.id)
                .and_then(|v| v.as_str())
                .unwrap_or_default()
                .to_string();
            groups
                .entry(copies.first(doc).unwrap_or(0))
                .or_default()
                .push(id);
        }
    }
    Ok(groups)
}

fn pairs(n: usize) -> usize {
    n * n.saturating_sub(1) / 2
}

fn score(
    docs: &[Doc],
    groups: &BTreeMap<u64, Vec<String>>,
    by_id: &HashMap<&str, &Doc>,
    errors: usize,
) {
    let mut truth_sizes: HashMap<usize, usize> = HashMap::new();
    for d in docs {
        if let Some(t) = d.truth {
            *truth_sizes.entry(t).or_default() += 1;
        }
    }
    let truth_pairs: usize = truth_sizes.values().map(|&n| pairs(n)).sum();
    let (mut found, mut right, mut ecb_pairs, mut other_false) = (0, 0, 0, 0);
    // ECB+ pairs of one event: versions of one agency story are real
    // copies in the data, which the generated truth does not know.
    let mut same_event = 0;
    let mut false_merges = Vec::new();
    let mut group_of: HashMap<&str, u64> = HashMap::new();
    for (copy, members) in groups {
        found += pairs(members.len());
        let mut by_truth: HashMap<Option<usize>, usize> = HashMap::new();
        for id in members {
            group_of.insert(id.as_str(), *copy);
            *by_truth.entry(by_id[id.as_str()].truth).or_default() += 1;
        }
        right += by_truth
            .iter()
            .filter(|(t, _)| t.is_some())
            .map(|(_, &n)| pairs(n))
            .sum::<usize>();
        if members.len() > 1 && by_truth.len() > 1
            || by_truth.contains_key(&None) && members.len() > 1
        {
            let ecb = members
                .iter()
                .filter(|id| {
                    by_id
                        .get(String::as_str(id))
                        .is_some_and(|d| d.topic.is_some())
                })
                .count();
            ecb_pairs += pairs(ecb);
            let mut events: HashMap<&str, usize> = HashMap::new();
            for id in members {
                if let Some(event) = by_id[id.as_str()].event.as_deref() {
                    *events.entry(event).or_default() += 1;
                }
            }
            same_event += events.values().map(|&n| pairs(n)).sum::<usize>();
            other_false += pairs(members.len())
                - by_truth
                    .iter()
                    .filter(|(t, _)| t.is_some())
                    .map(|(_, &n)| pairs(n))
                    .sum::<usize>()
                - pairs(ecb);
            false_merges.push(members.clone());
        }
    }
    let precision = right as f64 / found.max(1) as f64;
    let recall = right as f64 / truth_pairs.max(1) as f64;
    println!("reprint pairs: {truth_pairs} true, {found} found, {right} right");
    println!("precision {precision:.4}  recall {recall:.4}");
    println!(
        "ECB+ pairs of one topic (same day) grouped: {ecb_pairs} ({same_event} of one event); other wrong pairs: {other_false}"
    );
    println!(
        "precision not counting ECB+ pairs of one event: {:.4}",
        right as f64 / (found - same_event).max(1) as f64
    );
    let mut missed: Vec<(usize, usize)> = truth_sizes
        .keys()
        .map(|&t| {
            let members: Vec<&Doc> = docs.iter().filter(|d| d.truth == Some(t)).collect();
            let distinct: std::collections::HashSet<u64> =
                members.iter().map(|d| group_of[d.id.as_str()]).collect();
            (t, distinct.len())
        })
        .filter(|&(_, n)| n > 1)
        .collect();
    missed.sort();
    println!(
        "originals whose copies fell into several groups: {}",
        missed.len()
    );
    for (t, n) in missed.iter().take(errors) {
        let original = docs
            .iter()
            .find(|d| d.truth == Some(*t) && !d.id.contains("#reprint"))
            .unwrap();
        println!(
            "  {} groups: {} ({} words)",
            n,
            original.id,
            original.body.split_whitespace().count()
        );
    }
    println!("wrong groups: {}", false_merges.len());
    for members in false_merges.iter().take(errors) {
        let titles: Vec<String> = members
            .iter()
            .map(|id| {
                format!(
                    "{id} `{}`",
                    by_id[id.as_str()]
                        .title
                        .chars()
                        .take(60)
                        .collect::<String>()
                )
            })
            .collect();
        println!("  {}", titles.join(" | "));
    }
}

fn paragraphs(text: &str) -> Vec<&str> {
    text.split('\n')
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .collect()
}

/// A reprint of `original`, the `k`th, edited as outlets edit wire copy.
fn reprint(original: &Doc, k: usize, rng: &mut StdRng) -> Doc {
    let outlet = OUTLETS[rng.random_range(0..OUTLETS.len())];
    let mut paras: Vec<String> = paragraphs(&original.body)
        .into_iter()
        .map(String::from)
        .collect();
    // Cut 10-30% of the words from the end.
    let words: usize = paras.iter().map(|p| p.split_whitespace().count()).sum();
    let mut cut = words * rng.random_range(10..=30) / 100;
    while cut > 0 {
        let Some(last) = paras.last_mut() else { break };
        let mut w: Vec<&str> = last.split_whitespace().collect();
        if w.len() <= cut {
            cut -= w.len();
            paras.pop();
        } else {
            w.truncate(w.len() - cut);
            *last = w.join(" ");
            cut = 0;
        }
    }
    // Swap two paragraphs.
    if paras.len() >= 2 {
        let i = rng.random_range(0..paras.len() - 1);
        paras.swap(i, i + 1);
    }
    // Change or drop a few words.
    for _ in 0..rng.random_range(3..=6) {
        let i = rng.random_range(0..paras.len().max(1));
        let Some(p) = paras.get_mut(i) else { break };
        let (from, to) = CHANGES[rng.random_range(0..CHANGES.len())];
        if p.contains(from) {
            *p = p.replacen(from, to, 1);
        } else {
            let mut w: Vec<&str> = p.split_whitespace().collect();
            if w.len() > 3 {
                w.remove(rng.random_range(0..w.len()));
            }
            *p = w.join(" ");
        }
    }
    // A boilerplate line of the outlet's, at the start or the end.
    let line = BOILERPLATE[rng.random_range(0..BOILERPLATE.len())].replace("{}", outlet);
    if rng.random_range(0..2) == 0 {
        paras.insert(0, line);
    } else {
        paras.push(line);
    }
    // The headline rewritten: the first words of the story's first sentence.
    let first = paragraphs(&original.body)
        .first()
        .copied()
        .unwrap_or_default()
        .to_string();
    let title: Vec<&str> = first
        .split_whitespace()
        .take(rng.random_range(6..=10))
        .collect();
    Doc {
        id: format!("{}#reprint-{k}", original.id),
        date: original.date + Duration::days(rng.random_range(0..=2)),
        title: title.join(" "),
        body: paras.join("\n\n"),
        source: outlet.to_string(),
        truth: original.truth,
        topic: None,
        event: None,
    }
}

fn wikinews(data: &Path) -> Result<Vec<Doc>> {
    let mut docs = Vec::new();
    for year in ["2019", "2020"] {
        let path = data.join(format!("wikinews-2019-2020/wikinews_{year}.csv"));
        let mut reader =
            csv::Reader::from_path(&path).with_context(|| path.display().to_string())?;
        for row in reader.deserialize::<HashMap<String, String>>() {
            let row = row?;
            let Some(date) = row.get("date").and_then(|d| d.parse().ok()) else {
                continue;
            };
            // The first paragraph is the dateline's day ("Friday, January 4, 2019").
            let body: Vec<&str> = paragraphs(&row["text"]).into_iter().skip(1).collect();
            docs.push(Doc {
                id: row["url"].clone(),
                date,
                title: row["title"].clone(),
                body: body.join("\n\n"),
                source: "Wikinews".to_string(),
                truth: None,
                topic: None,
                event: None,
            });
        }
    }
    Ok(docs)
}

fn ntrex(data: &Path, rng: &mut StdRng) -> Result<Vec<Doc>> {
    #[derive(Deserialize)]
    struct Row {
        doc_id: String,
        outlet: String,
        lang: String,
        title: String,
        text: String,
    }
    let path = data.join("ntrex128-news-en-fr-ar-ru-uk/ntrex_docs.jsonl");
    let text = std::fs::read_to_string(&path).with_context(|| path.display().to_string())?;
    let start = NaiveDate::from_ymd_opt(2018, 1, 1).unwrap_or_default();
    // The file holds each document in five languages under one doc_id: the
    // English ones only (the others' ids would collide, and an index keeps
    // one document per id).
    let rows: Vec<Row> = text
        .lines()
        .map(serde_json::from_str)
        .collect::<serde_json::Result<_>>()?;
    rows.into_iter()
        .filter(|row| row.lang == "en")
        .map(|row| {
            Ok(Doc {
                id: format!("ntrex:{}", row.doc_id),
                date: start + Duration::days(rng.random_range(0..365)),
                title: row.title,
                body: row.text,
                source: row.outlet,
                truth: None,
                topic: None,
                event: None,
            })
        })
        .collect()
}

fn french_wikinews(data: &Path) -> Result<Vec<Doc>> {
    #[derive(Deserialize)]
    struct Row {
        doc_id: String,
        date: String,
        title: String,
        text: String,
    }
    let path = data.join("frwikinews-winer-2016-2018/winer_fr_docs.jsonl");
    let text = std::fs::read_to_string(&path).with_context(|| path.display().to_string())?;
    let mut docs = Vec::new();
    for line in text.lines() {
        let row: Row = serde_json::from_str(line)?;
        let Ok(date) = row.date.get(..10).unwrap_or_default().parse() else {
            continue;
        };
        docs.push(Doc {
            id: format!("frwikinews:{}", row.doc_id),
            date,
            title: row.title,
            body: row.text,
            source: "Wikinews (fr)".to_string(),
            truth: None,
            topic: None,
            event: None,
        });
    }
    Ok(docs)
}

/// ECB+ articles, undated: every article of topic T is dated day T of 2013.
fn ecbplus(data: &Path) -> Result<Vec<Doc>> {
    #[derive(Deserialize)]
    struct Row {
        doc_name: String,
        topic: u32,
        cluster: String,
        first_sentence: String,
        text: String,
    }
    let path = data.join("news-clusters-ecbplus/ecbplus_docs.jsonl");
    let text = std::fs::read_to_string(&path).with_context(|| path.display().to_string())?;
    let start = NaiveDate::from_ymd_opt(2013, 1, 1).unwrap_or_default();
    text.lines()
        .map(|line| {
            let row: Row = serde_json::from_str(line)?;
            Ok(Doc {
                id: format!("ecb+:{}", row.doc_name),
                date: start + Duration::days(i64::from(row.topic)),
                title: row.first_sentence.chars().take(120).collect(),
                body: row.text,
                source: "ECB+".to_string(),
                truth: None,
                topic: Some(row.topic),
                event: Some(row.cluster),
            })
        })
        .collect()
}

fn bundled_current_events() -> Result<Vec<Doc>> {
    #[derive(Deserialize)]
    struct Row {
        id: String,
        date: String,
        title: String,
        body: String,
        #[serde(default)]
        source: String,
    }
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus/current-events");
    let mut docs = Vec::new();
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)?
        .map(|e| Ok(e?.path()))
        .collect::<Result<_>>()?;
    files.sort();
    for file in files
        .iter()
        .filter(|f| f.extension().is_some_and(|e| e == "jsonl"))
    {
        for line in std::fs::read_to_string(file)?.lines() {
            let row: Row = serde_json::from_str(line)?;
            docs.push(Doc {
                id: row.id,
                date: row.date.parse()?,
                title: row.title,
                body: row.body,
                source: row.source,
                truth: None,
                topic: None,
                event: None,
            });
        }
    }
    Ok(docs)
}

/// `wanted` Current Events items of 2008-2009 from the archive.
fn archive_items(data: &Path, wanted: usize) -> Result<Vec<Doc>> {
    let mut docs = Vec::new();
    current_events::read_archive(
        &data.join(current_events::ARCHIVE),
        |year| (2008..=2009).contains(&year),
        |_, events| {
            for event in events {
                if docs.len() >= wanted {
                    return;
                }
                let Ok(date) = event.date.parse() else {
                    continue;
                };
                let title: Vec<&str> = event.text.split_whitespace().take(12).collect();
                docs.push(Doc {
                    id: event.id.clone(),
                    date,
                    title: title.join(" "),
                    body: event.text.clone(),
                    source: event.sources.first().cloned().unwrap_or_default(),
                    truth: None,
                    topic: None,
                    event: None,
                });
            }
        },
    )?;
    Ok(docs)
}

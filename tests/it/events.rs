//! Event types, UCDP violence types and casualty counts through the real
//! binary: `sitrep extract --json` on the test sentences of
//! `tests/data/event-sentences.jsonl` (English and French, with the traps of
//! issue 19: ages, dates, numbers of fighters, resolutions, partitives,
//! threats) and on the seed article; then searching by them: `--event`,
//! `--violence`, `--killed-min`, `--sort killed`, `facets --field event`,
//! `facets --sum killed`, and what hits show, on an index of 60 real corpus
//! items, each checked against what `extract` reads in the same items.

use crate::common;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use serde_json::Value;
use tempfile::TempDir;

/// The strings of a list, or of one field of each object in it.
fn list(value: &Value, field: Option<&str>) -> Vec<String> {
    value
        .as_array()
        .expect("a list")
        .iter()
        .map(|v| {
            field
                .map_or(v, |f| &v[f])
                .as_str()
                .expect("a string")
                .to_string()
        })
        .collect()
}

#[test]
fn test_sentences_give_the_expected_types_and_counts() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/event-sentences.jsonl");
    let expected = common::json_lines(&std::fs::read_to_string(&path).expect("test sentences"));
    let found = common::extract_json(&path);
    assert_eq!(found.len(), expected.len());
    let mut failures = Vec::new();
    for (want, got) in expected.iter().zip(&found) {
        let x = &got["extraction"];
        let mut events = list(&x["events"], Some("facet"));
        events.sort();
        events.dedup();
        let mut want_events = list(&want["expect"]["events"], None);
        want_events.sort();
        let mut violence = list(&x["violence"], Some("violence"));
        violence.dedup();
        let want_violence = list(&want["expect"]["violence"], None);
        let totals: BTreeMap<String, [u64; 2]> = x["totals"]
            .as_array()
            .expect("totals")
            .iter()
            .map(|t| {
                let n = |k: &str| t[k].as_u64().expect("number");
                (
                    t["kind"].as_str().unwrap().to_string(),
                    [n("min"), n("max")],
                )
            })
            .collect();
        let want_totals: BTreeMap<String, [u64; 2]> = want["expect"]["casualties"]
            .as_object()
            .expect("casualties")
            .iter()
            .map(|(k, v)| (k.clone(), [v[0].as_u64().unwrap(), v[1].as_u64().unwrap()]))
            .collect();
        if events != want_events || violence != want_violence || totals != want_totals {
            failures.push(format!(
                "{}\n  events {events:?}, want {want_events:?}\n  violence {violence:?}, want {want_violence:?}\n  casualties {totals:?}, want {want_totals:?}",
                want["title"]
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn every_count_comes_with_its_sentence_and_rule() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/event-sentences.jsonl");
    let found = common::extract_json(&path);
    let first = &found[0]["extraction"]["casualties"][0];
    assert_eq!(first["kind"], "killed");
    assert_eq!(first["amount"], "3");
    assert_eq!(first["group"], "state-forces");
    assert_eq!(first["rule"], "verb + count (digits)");
    assert!(first["sentence_text"]
        .as_str()
        .unwrap()
        .starts_with("Militants clashed with Malian soldiers"));
}

#[test]
fn the_seed_article_counts_no_fighters_or_peacekeepers_as_casualties() {
    let found = common::extract_json(&common::seed());
    let x = &found[0]["extraction"];
    // "hiring 1,000 Wagner paramilitaries" and "about 15,000 peacekeepers"
    // are numbers of fighters; "not active in fighting" did not happen.
    assert_eq!(x["casualties"], serde_json::json!([]));
    assert_eq!(x["events"], serde_json::json!([]));
    assert_eq!(x["violence"], serde_json::json!([]));
}

#[test]
fn extract_prints_events_counts_and_rules_for_people() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/event-sentences.jsonl");
    let out = common::sitrep().arg("extract").arg(&path).output().unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("/Battles/Armed clash"), "{text}");
    assert!(text.contains("verb + count (digits)"));
    assert!(text.contains("totals killed 3, injured 5"));
    assert!(text.contains("count + participle (at least)"));
}

/// The first 60 items of the corpus's 2015 Current events (real reports of
/// January and February 2015), indexed once for the tests below.
fn items() -> &'static (PathBuf, PathBuf) {
    static ITEMS: OnceLock<(TempDir, (PathBuf, PathBuf))> = OnceLock::new();
    let (_, paths) = ITEMS.get_or_init(|| {
        let dir = TempDir::new().unwrap();
        let text =
            std::fs::read_to_string(common::corpus().join("current-events/2015.jsonl")).unwrap();
        let first: Vec<&str> = text.lines().take(60).collect();
        let file = dir.path().join("items.jsonl");
        std::fs::write(&file, first.join("\n") + "\n").unwrap();
        let index = dir.path().join("idx");
        common::index_quietly(&index, &file);
        (dir, (file, index))
    });
    paths
}

/// What `extract` reads in one item: its event facets with their ancestors,
/// UCDP types, least and greatest killed, month.
struct Read {
    events: BTreeSet<String>,
    violence: BTreeSet<String>,
    killed: Option<(u64, u64)>,
    month: String,
}

/// `extract --json` on the items, by id.
fn read_items() -> BTreeMap<String, Read> {
    common::extract_json(&items().0)
        .iter()
        .map(|o| {
            let x = &o["extraction"];
            let mut events = BTreeSet::new();
            for facet in list(&x["events"], Some("facet")) {
                let kind = facet.rsplit_once('/').unwrap().0.to_string();
                events.insert(kind);
                events.insert(facet);
            }
            let killed = x["totals"]
                .as_array()
                .unwrap()
                .iter()
                .find(|t| t["kind"] == "killed")
                .map(|t| (t["min"].as_u64().unwrap(), t["max"].as_u64().unwrap()));
            let read = Read {
                events,
                violence: list(&x["violence"], Some("violence"))
                    .into_iter()
                    .map(|v| format!("/{v}"))
                    .collect(),
                killed,
                month: o["article"]["date"].as_str().unwrap()[..7].to_string(),
            };
            (o["article"]["id"].as_str().unwrap().to_string(), read)
        })
        .collect()
}

/// The ids a search of the items returns, all of them.
fn ids_of(args: &[&str]) -> BTreeSet<String> {
    let results = common::search_json_at(&items().1, &[args, &["-n", "1000"]].concat());
    common::hit_field(&results, "id").into_iter().collect()
}

fn ids_where(read: &BTreeMap<String, Read>, keep: impl Fn(&Read) -> bool) -> BTreeSet<String> {
    read.iter()
        .filter(|(_, r)| keep(r))
        .map(|(id, _)| id.clone())
        .collect()
}

#[test]
fn event_filters_find_exactly_the_items_of_that_type_by_any_name() {
    let read = read_items();
    let battles = ids_where(&read, |r| r.events.contains("/Battles"));
    let remote = ids_where(&read, |r| {
        r.events.contains("/Explosions or remote violence")
    });
    let strikes = ids_where(&read, |r| {
        r.events
            .contains("/Explosions or remote violence/Air or drone strike")
    });
    assert!(battles.len() >= 5 && remote.len() >= 10 && !strikes.is_empty());
    assert_eq!(ids_of(&["--event", "battle"]), battles);
    assert_eq!(ids_of(&["--event", "Battles"]), battles);
    assert_eq!(ids_of(&["--event", "remote violence"]), remote);
    assert_eq!(ids_of(&["--event", "air strike"]), strikes);
    assert_eq!(ids_of(&["--event", "/Battles"]), battles);
    // Repeated: OR; with another filter: AND.
    let either: BTreeSet<String> = battles.union(&remote).cloned().collect();
    assert_eq!(
        ids_of(&["--event", "battle", "--event", "remote violence"]),
        either
    );
    let one_sided = ids_where(&read, |r| r.violence.contains("/one-sided"));
    assert!(one_sided.len() >= 5);
    assert_eq!(ids_of(&["--violence", "one-sided"]), one_sided);
    let both = ids_where(&read, |r| {
        r.violence.contains("/one-sided") && r.events.contains("/Violence against civilians")
    });
    assert_eq!(
        ids_of(&[
            "--violence",
            "one-sided",
            "--event",
            "violence against civilians"
        ]),
        both
    );
}

#[test]
fn an_unknown_event_type_is_an_error_with_suggestions() {
    let out = common::sitrep_at(&items().1)
        .args(["search", "--event", "batle"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(
        err.contains("--event: unknown event type `batle`; did you mean `Battles`"),
        "{err}"
    );
    let out = common::sitrep_at(&items().1)
        .args(["facets", "--violence", "genocide", "--json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let json: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["flag"], "--violence");
}

#[test]
fn killed_min_filters_and_sort_killed_orders_by_the_least_count() {
    let read = read_items();
    let ten = ids_where(&read, |r| r.killed.is_some_and(|(min, _)| min >= 10));
    assert!(ten.len() >= 8, "{ten:?}");
    assert_eq!(ids_of(&["--killed-min", "10"]), ten);
    // "scores" is 40..199: it counts from 40.
    assert!(ids_of(&["--killed-min", "41"]).len() < ids_of(&["--killed-min", "40"]).len());
    let results = common::search_json_at(&items().1, &["", "--sort", "killed", "-n", "1000"]);
    let killed: Vec<Option<u64>> = common::hit_field(&results, "id")
        .iter()
        .map(|id| read[id].killed.map(|(min, _)| min))
        .collect();
    assert_eq!(killed.len(), read.len());
    let mut sorted = killed.clone();
    sorted.sort_by(|a, b| b.cmp(a));
    assert_eq!(
        killed, sorted,
        "most killed first, articles without a count last"
    );
    assert_eq!(results["hits"][0]["score"], Value::Null);
    // The example: a query, an event type, a least number and the order.
    let results = common::search_json_at(
        &items().1,
        &[
            "attack",
            "--event",
            "violence against civilians",
            "--killed-min",
            "10",
            "--sort",
            "killed",
        ],
    );
    let hits = results["hits"].as_array().unwrap();
    assert!(!hits.is_empty());
    for hit in hits {
        assert!(read[hit["id"].as_str().unwrap()]
            .events
            .contains("/Violence against civilians"));
        assert!(hit["casualties"]["killed"]["min"].as_u64().unwrap() >= 10);
    }
}

#[test]
fn facets_count_event_types_and_add_up_the_killed_per_month() {
    let read = read_items();
    let out = common::sitrep_at(&items().1)
        .args(["facets", "--field", "event", "--json"])
        .output()
        .unwrap();
    let json: Value = serde_json::from_slice(&out.stdout).unwrap();
    let tree = &json["event"][0]["values"];
    for node in tree.as_array().unwrap() {
        let path = node["path"].as_str().unwrap();
        let want = read.values().filter(|r| r.events.contains(path)).count() as u64;
        assert_eq!(node["count"].as_u64(), Some(want), "{path}");
    }
    assert!(tree.as_array().unwrap().len() >= 4);

    let out = common::sitrep_at(&items().1)
        .args([
            "facets", "--field", "date", "--depth", "2", "--sum", "killed", "--json",
        ])
        .output()
        .unwrap();
    let json: Value = serde_json::from_slice(&out.stdout).unwrap();
    let sum = |keep: &dyn Fn(&Read) -> bool| {
        read.values()
            .filter(|r| keep(r))
            .filter_map(|r| r.killed)
            .fold((0, 0), |(a, b), (min, max)| (a + min, b + max))
    };
    let all = sum(&|_| true);
    assert_eq!(json["sum"]["kind"], "killed");
    assert_eq!(
        (
            json["sum"]["min"].as_u64().unwrap(),
            json["sum"]["max"].as_u64().unwrap()
        ),
        all
    );
    assert!(all.0 > 400 && all.1 > all.0, "{all:?}");
    let year = &json["date"][0]["values"][0];
    assert_eq!(year["label"], "2015");
    assert_eq!(
        (
            year["sum"]["min"].as_u64().unwrap(),
            year["sum"]["max"].as_u64().unwrap()
        ),
        all
    );
    for month in year["children"].as_array().unwrap() {
        let key = format!("2015-{}", month["label"].as_str().unwrap());
        let want = sum(&|r| r.month == key);
        let got = (
            month["sum"]["min"].as_u64().unwrap(),
            month["sum"]["max"].as_u64().unwrap(),
        );
        assert_eq!(got, want, "{key}");
    }
    // In text: the sum beside each value and in all.
    let out = common::sitrep_at(&items().1)
        .args([
            "facets", "--field", "date", "--depth", "2", "--sum", "killed",
        ])
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.starts_with(&format!(
            "60 documents matching, reporting {}-{} killed in all",
            all.0, all.1
        )),
        "{text}"
    );
}

#[test]
fn hits_show_event_types_and_casualties_with_their_sentences() {
    // Charlie Hebdo, 2015-01-07: "Gunmen attack the Paris office ..., killing
    // twelve people and injuring ten."
    let results = common::search_json_at(&items().1, &["charlie hebdo", "--killed-min", "12"]);
    let hit = &results["hits"][0];
    assert_eq!(hit["id"], "wce-2015-01-07-002");
    assert_eq!(
        hit["events"],
        serde_json::json!(["/Violence against civilians/Attack"])
    );
    assert_eq!(hit["violence"], serde_json::json!(["/one-sided"]));
    assert_eq!(
        hit["casualties"],
        serde_json::json!({ "killed": { "min": 12, "max": 12 }, "injured": { "min": 10, "max": 10 } })
    );
    let killed = &hit["counts"][0];
    assert_eq!(killed["amount"], "twelve");
    assert!(killed["sentence_text"]
        .as_str()
        .unwrap()
        .starts_with("Gunmen attack the Paris office"));
    let out = common::sitrep_at(&items().1)
        .args(["search", "charlie hebdo"])
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("events: Attack"), "{text}");
    assert!(text.contains("casualties: killed 12, injured 10"), "{text}");
    // The table's last columns.
    let out = common::sitrep_at(&items().1)
        .args([
            "search",
            "--event",
            "violence against civilians",
            "--sort",
            "killed",
            "--format",
            "csv",
            "-n",
            "1000",
        ])
        .output()
        .unwrap();
    let mut table = csv::Reader::from_reader(out.stdout.as_slice());
    let header: Vec<String> = table.headers().unwrap().iter().map(String::from).collect();
    assert_eq!(&header[9..], ["events", "killed"]);
    let rows: Vec<csv::StringRecord> = table.records().map(Result::unwrap).collect();
    let charlie = rows.iter().find(|r| &r[0] == "wce-2015-01-07-002").unwrap();
    assert_eq!(&charlie[9], "/Violence against civilians/Attack");
    assert_eq!(&charlie[10], "12");
    assert!(rows.iter().any(|r| &r[10] == "40-199"), "a range of scores");
    // And `show`, with each count's sentence.
    let out = common::sitrep_at(&items().1)
        .args(["show", "wce-2015-01-07-002"])
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("killed 12 (twelve, "), "{text}");
}

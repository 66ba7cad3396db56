//! Event types, UCDP violence types and casualty counts through the real
//! binary: `sitrep extract --json` on the test sentences of
//! `tests/data/event-sentences.jsonl` (English and French, with the traps of
//! issue 19: ages, dates, numbers of fighters, resolutions, partitives,
//! threats) and on the seed article.

mod common;

use std::collections::BTreeMap;
use std::path::Path;

use serde_json::Value;

/// `sitrep extract --json` on `path`: one object per article.
fn extract(path: &Path) -> Vec<Value> {
    let out = common::sitrep()
        .arg("extract")
        .arg("--json")
        .arg(path)
        .output()
        .expect("sitrep runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout)
        .expect("UTF-8")
        .lines()
        .map(|l| serde_json::from_str(l).expect("JSON line"))
        .collect()
}

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
    let expected: Vec<Value> = std::fs::read_to_string(&path)
        .expect("test sentences")
        .lines()
        .map(|l| serde_json::from_str(l).expect("JSON line"))
        .collect();
    let found = extract(&path);
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
    let found = extract(&path);
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
    let found = extract(&common::seed());
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

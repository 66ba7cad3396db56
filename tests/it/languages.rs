//! Reports in French, Russian and Ukrainian (issue 23), through the real
//! binary on the bundled corpus (`corpus/multilingual/`): each report's
//! language as a facet and a filter, and its text found through its own
//! language's inflections.

use std::collections::HashMap;
use std::fs;

use serde_json::Value;

use crate::common;

/// The records of one file of `corpus/multilingual/`.
fn records(file: &str) -> Vec<Value> {
    let path = common::corpus().join("multilingual").join(file);
    fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
        .lines()
        .map(|l| serde_json::from_str(l).expect("a JSON record"))
        .collect()
}

/// Every hit of a search (up to 1,000).
fn hits(args: &[&str]) -> Vec<Value> {
    let mut all = args.to_vec();
    all.extend(["-n", "1000"]);
    common::search_json(&all)["hits"]
        .as_array()
        .expect("hits")
        .clone()
}

/// The text (title and body) of every record of `corpus/multilingual/`, by id.
fn texts() -> HashMap<String, String> {
    [
        "fr-wikinews.jsonl",
        "ru-wikinews.jsonl",
        "uk-addresses.jsonl",
    ]
    .iter()
    .flat_map(|f| records(f))
    .map(|r| {
        let text = format!(
            "{}\n{}",
            r["title"].as_str().unwrap(),
            r["body"].as_str().unwrap()
        );
        (r["id"].as_str().unwrap().to_string(), text)
    })
    .collect()
}

/// Whether the record of a hit holds `word`.
fn text_holds(texts: &HashMap<String, String>, hit: &Value, word: &str) -> bool {
    texts
        .get(hit["id"].as_str().unwrap())
        .is_some_and(|t| t.contains(word))
}

#[test]
fn a_french_word_finds_its_other_inflections() {
    // `tuées` (feminine plural) finds the reports that write `tués` or `tué`.
    let texts = texts();
    let found = hits(&["tuées", "--lang", "fr"]);
    let holding: Vec<&Value> = found
        .iter()
        .filter(|h| text_holds(&texts, h, "tués"))
        .collect();
    assert!(!holding.is_empty(), "no hit holds `tués`");
    assert!(holding.iter().any(|h| !text_holds(&texts, h, "tuées")));
    // The snippet marks the form the text has.
    let marked: Vec<String> = found.iter().flat_map(common::highlighted).collect();
    assert!(
        marked.iter().any(|w| w == "tués" || w == "tué"),
        "{marked:?}"
    );
}

#[test]
fn a_ukrainian_name_finds_its_case_forms() {
    let texts = texts();
    let found = hits(&["Харків"]);
    let holding: Vec<&Value> = found
        .iter()
        .filter(|h| text_holds(&texts, h, "Харкова") || text_holds(&texts, h, "Харкові"))
        .collect();
    assert!(!holding.is_empty(), "no hit holds Харкова or Харкові");
    assert!(holding.iter().any(|h| !text_holds(&texts, h, "Харків")));
    // And the other way round: the genitive finds the nominative.
    let genitive = hits(&["Харкова", "--lang", "uk"]);
    assert!(genitive.iter().any(|h| text_holds(&texts, h, "Харків")));
}

#[test]
fn lang_filters_search_and_facets_count_each_language() {
    let french = records("fr-wikinews.jsonl").len();
    let russian = records("ru-wikinews.jsonl").len();
    let ukrainian = records("uk-addresses.jsonl").len();
    assert!(french >= 100 && russian >= 20 && ukrainian >= 100);

    let out = common::sitrep_at(common::corpus_index())
        .args(["facets", "--field", "language", "--json"])
        .output()
        .expect("runs");
    let facets: Value = serde_json::from_slice(&out.stdout).expect("JSON");
    let values = &facets["language"][0]["values"];
    let count = |code: &str| {
        values
            .as_array()
            .unwrap()
            .iter()
            .find(|v| v["label"] == code)
            .map_or(0, |v| v["count"].as_u64().unwrap() as usize)
    };
    // The Ukrainian records say their language; the French and Russian ones
    // are detected, every one of them right, and so is every English report
    // (one-line items of names and loanwords included).
    let total = facets["total"].as_u64().unwrap() as usize;
    assert_eq!(count("uk"), ukrainian);
    assert_eq!(count("ru"), russian);
    assert_eq!(count("fr"), french);
    assert_eq!(count("en"), total - french - russian - ukrainian);

    let filtered = common::search_json(&["", "--lang", "fr", "-n", "5"]);
    assert_eq!(filtered["total"].as_u64().unwrap() as usize, count("fr"));
    for hit in filtered["hits"].as_array().unwrap() {
        assert_eq!(hit["language"], "fr");
    }
    // Several languages mean OR, by code or name.
    let either = common::search_json(&["", "--lang", "French", "--lang", "ru", "-n", "1"]);
    assert_eq!(
        either["total"].as_u64().unwrap() as usize,
        count("fr") + russian
    );
}

#[test]
fn every_hit_carries_its_language_in_json() {
    for hit in hits(&["wagner"]) {
        assert!(["en", "fr", "ru", "uk"].contains(&hit["language"].as_str().unwrap()));
    }
    let english = hits(&["wagner", "--lang", "en"]);
    assert!(!english.is_empty());
}

#[test]
fn an_unknown_language_is_refused_by_name() {
    common::sitrep_at(common::corpus_index())
        .args(["search", "war", "--lang", "klingon"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("--lang"))
        .stderr(predicates::str::contains("klingon"))
        .stderr(predicates::str::contains("en, fr, ar, ru, uk"));
}

#[test]
fn a_record_gives_its_language_or_has_it_detected() {
    let dir = tempfile::TempDir::new().unwrap();
    let docs = dir.path().join("docs");
    fs::create_dir(&docs).unwrap();
    // A bundled French record, given other `lang` fields; its id says which.
    let french = &records("fr-wikinews.jsonl")[0];
    let mut lines = Vec::new();
    for lang in ["", "fra", "uk", "tlh"] {
        let mut record = french.clone();
        record["id"] = Value::from(format!("lang-{lang}"));
        if !lang.is_empty() {
            record["lang"] = Value::from(lang);
        }
        lines.push(record.to_string());
    }
    fs::write(docs.join("f.jsonl"), lines.join("\n")).unwrap();
    let index = dir.path().join("idx");
    let out = common::sitrep_at(&index)
        .arg("index")
        .arg(&docs)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("f.jsonl:4") && stderr.contains("`tlh` is not a language"),
        "{stderr}"
    );
    let mut languages: Vec<String> = common::search_json_at(&index, &[""])["hits"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| {
            format!(
                "{} {}",
                h["id"].as_str().unwrap(),
                h["language"].as_str().unwrap()
            )
        })
        .collect();
    languages.sort();
    // The record's word wins, even against the text (`uk`); one sitrep does
    // not analyse is detected instead.
    assert_eq!(
        languages,
        ["lang- fr", "lang-fra fr", "lang-tlh fr", "lang-uk uk"]
    );
}

#[test]
fn the_api_filters_by_lang_and_counts_languages_as_the_command_line() {
    let server = common::server::Server::start(common::corpus_index());
    let mut api = server.json("/api/search?q=tu%C3%A9es&lang=fr&limit=20", 200);
    let out = common::sitrep_at(common::corpus_index())
        .args([
            "search", "tuées", "--lang", "fr", "--limit", "20", "--facets", "--json",
        ])
        .output()
        .unwrap();
    let mut cli: Value = serde_json::from_slice(&out.stdout).unwrap();
    for json in [&mut api, &mut cli] {
        json.as_object_mut().unwrap().remove("took_ms");
    }
    assert_eq!(api, cli);
    assert!(api["total"].as_u64().unwrap() > 0);
    let languages = &api["facets"]["language"];
    assert_eq!(languages.as_array().unwrap().len(), 1, "{languages}");
    assert_eq!(languages[0]["path"], "/fr");

    let all = server.json("/api/facets", 200);
    let labels: Vec<&str> = all["language"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v["label"].as_str().unwrap())
        .collect();
    assert_eq!(labels, ["en", "uk", "fr", "ru"], "largest first");
    let bad = server.json("/api/search?q=war&lang=xx", 400);
    assert_eq!(bad["parameter"], "lang");
    assert!(bad["error"]
        .as_str()
        .unwrap()
        .contains("en, fr, ar, ru, uk"));
}

#[test]
fn a_report_regrouped_as_a_reprint_keeps_its_language_field() {
    // A document whose group of reprints changes is written again from its
    // stored fields; `text_fr` is not stored, so it must be rebuilt then.
    let french = records("fr-wikinews.jsonl")
        .into_iter()
        .find(|r| {
            let body = r["body"].as_str().unwrap();
            body.contains("tués") && !body.contains("tuée")
        })
        .expect("a French report with `tués` and no `tuée`");
    let dir = tempfile::TempDir::new().unwrap();
    let index = dir.path().join("idx");
    let docs = dir.path().join("docs");
    fs::create_dir(&docs).unwrap();
    let write = |name: &str, id: &str, date: &str| {
        let mut record = french.clone();
        record["id"] = Value::from(id);
        record["date"] = Value::from(date);
        fs::write(docs.join(name), record.to_string()).unwrap();
    };
    let run = || {
        common::sitrep_at(&index)
            .args(["index", "--quiet"])
            .arg(&docs)
            .assert()
            .success();
    };
    write("later.jsonl", "later", "2016-03-02");
    run();
    // An earlier copy: the first document's group gets a new lead, and the
    // document is rewritten.
    write("earlier.jsonl", "earlier", "2016-03-01");
    run();
    let found = common::search_json_at(&index, &["tuées", "--lang", "fr"]);
    let mut ids: Vec<&str> = found["hits"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["id"].as_str().unwrap())
        .collect();
    ids.sort_unstable();
    assert_eq!(ids, ["earlier", "later"], "{found}");
    let copies: Vec<&Value> = found["hits"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| &h["copy"])
        .collect();
    assert!(
        !copies[0].is_null() && copies[0] == copies[1],
        "one group: {found}"
    );
}

//! Reports in Ukrainian, Arabic and French get the facets an English one
//! would (issue 23), through the real binary: `sitrep extract --json` on the
//! lines of `tests/data/multilingual-lines.jsonl`, real sentences from the
//! staged data sets (each record's `source` names its file and record), with
//! the regions and actors each must give. Names are matched through their
//! inflection (Маріуполі, Харкова; بالخرطوم), French context ("du Niger")
//! and French state-forces names ("soldats ougandais").

use crate::common;

use std::path::Path;

use serde_json::Value;

/// The facets of `key` (`regions`, `actors`) that `sitrep extract --json`
/// gives each record of the test file, with the record.
fn extracted(key: &str) -> Vec<(Value, Vec<String>)> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/multilingual-lines.jsonl");
    let records = common::json_lines(&std::fs::read_to_string(&path).expect("test lines"));
    let found = common::extract_json(&path);
    assert_eq!(found.len(), records.len());
    records
        .into_iter()
        .zip(found)
        .map(|(record, f)| {
            let facets = f["extraction"][key]
                .as_array()
                .expect("a list")
                .iter()
                .map(|e| e["facet"].as_str().expect("a facet").to_string())
                .collect();
            (record, facets)
        })
        .collect()
}

/// Every expected facet of `key` is found, itself or below it (a town under
/// its division), and no `absent` one.
fn check(key: &str) {
    for (record, facets) in extracted(key) {
        for want in record["expect"][key].as_array().into_iter().flatten() {
            let want = want.as_str().unwrap();
            assert!(
                facets
                    .iter()
                    .any(|f| f == want || f.starts_with(&format!("{want}/"))),
                "{}: {want} not in {facets:?}",
                record["id"]
            );
        }
        // A facet the line must not give (an ordinary word that is a place's
        // alternate name).
        for wrong in record["absent"][key].as_array().into_iter().flatten() {
            let wrong = wrong.as_str().unwrap();
            assert!(
                !facets
                    .iter()
                    .any(|f| f == wrong || f.starts_with(&format!("{wrong}/"))),
                "{}: {wrong} in {facets:?}",
                record["id"]
            );
        }
    }
}

#[test]
fn lines_in_ukrainian_arabic_and_french_get_their_regions() {
    check("regions");
}

#[test]
fn lines_in_arabic_and_french_get_their_actors() {
    check("actors");
}

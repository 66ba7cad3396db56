//! Event types and killed counts measured against 220 corpus items labelled
//! by hand (tests/data/labelled-events.jsonl; conventions in LABELLING.md,
//! "Hand-labelled event set"). Precision and recall per ACLED event type,
//! and the share of items whose killed count (the article total the index
//! stores, or none) equals the label. Figures: `cargo test --test
//! labelled_events -- --nocapture`; `LABELLED_DETAIL=1` prints each item's
//! differences.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::Path;

use sitrep::enrich::{extract, totals, CasualtyKind, Gazetteer};
use sitrep::parse::{parse_file, Format};

/// The ratchet. First run (2026-12-06, the rules as written before any
/// tuning on this set): lowest Violence against civilians P 0.600 R 0.484,
/// killed counts 0.900 exact. After rules for classes of errors it showed
/// (people killed by attackers who are not state forces, running totals,
/// deaths from hunger, parenthesised details, ranges "between four and 20"):
/// lowest precision Violence against civilians 0.676, lowest recall
/// Strategic developments 0.586, killed 0.936. After totals over a period
/// and clause boundaries (7fb8382): lowest precision Violence against
/// civilians 0.706, killed 0.941. Issue 19's targets are 0.85 per type and
/// 0.90 for killed counts: raise these as the rules improve. Issue 17
/// retitled the corpus items whose heading was not theirs and took out the
/// labels that only the old heading supported (LABELLING.md): one was a
/// Strategic developments hit ("2023 Israel–Hamas ceasefire" over an item on
/// OpenAI), so that its recall is 0.571 (16 of 28) and its precision 0.696
/// (16 of 23) with the same rules. Issue 19's review (2026-12-07): accidents,
/// "strikes" after their author or before their target, protesters' clashes
/// as riots, French elided articles, "including" appositions and counts of
/// bodies gave killed 0.968, Explosions R 0.957, Riots R 0.875, Violence
/// against civilians 0.781 / 0.806, Battles P 0.872; one label removed
/// (LABELLING.md, retitled items). Strategic developments is still the
/// lowest, 0.696 / 0.571. Issue 19's second review (2026-12-07, classes of
/// the misses read one by one: offensives and counter-attacks, aims to
/// capture, stopped fighting and broken ceasefires, charges and lawsuits,
/// prisoner releases, seized vessels, state raids, attacks on security
/// targets, toll sentences read with the event before them, shot-down
/// aircraft, interceptions of weapons only): Battles 0.977 / 0.913,
/// Violence against civilians 0.929 / 0.839, Strategic developments 0.920 /
/// 0.821, Riots 1.000 / 1.000; lowest precision Protests 0.818 (unchanged).
/// Issue 19's third review (2026-12-07: quoted speech, plans' infinitives,
/// bodies left by killers, hijackings with passengers, persons captured,
/// air defences in action, new armed forces formed): every type meets
/// issue 19's 0.85; lowest precision Protests 0.900, lowest recall Violence
/// against civilians 0.903. 2026-12-07, labels of six headings that name a
/// siege or an offensive made consistent with LABELLING.md's written rule
/// (judgement call 7: Battles 46 -> 52 labels; the rules then missed all
/// six, Battles R 0.808), then sieges and named offensives read as battles.
/// The ratchet is the target.
const MIN_TYPE_PRECISION: f64 = 0.85;
const MIN_TYPE_RECALL: f64 = 0.85;
const MIN_KILLED_EXACT: f64 = 0.96;

#[derive(Default)]
struct Counts {
    tp: usize,
    fp: usize,
    fn_: usize,
}

impl Counts {
    fn precision(&self) -> f64 {
        self.tp as f64 / (self.tp + self.fp).max(1) as f64
    }

    fn recall(&self) -> f64 {
        self.tp as f64 / (self.tp + self.fn_).max(1) as f64
    }
}

#[test]
fn event_types_and_killed_counts_meet_the_ratchet_on_the_hand_labelled_set() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let labels: Vec<serde_json::Value> =
        std::fs::read_to_string(root.join("tests/data/labelled-events.jsonl"))
            .expect("labelled set")
            .lines()
            .map(|l| serde_json::from_str(l).expect("valid JSON line"))
            .collect();
    assert_eq!(labels.len(), 220);
    let files: BTreeSet<&str> = labels.iter().map(|l| l["file"].as_str().unwrap()).collect();
    let mut texts: HashMap<String, String> = HashMap::new();
    for file in files {
        let path = root.join(file);
        let format = Format::for_path(&path).expect("article file");
        for article in parse_file(&path, file, format, u64::MAX).articles {
            texts.insert(article.id.clone(), article.searchable_text());
        }
    }
    let gazetteer = Gazetteer::embedded().expect("gazetteer");
    let mut by_type: BTreeMap<String, Counts> = BTreeMap::new();
    let (mut killed_exact, mut killed_all) = (0usize, 0usize);
    let detail = std::env::var_os("LABELLED_DETAIL").is_some();
    for label in &labels {
        let id = label["id"].as_str().unwrap();
        let extraction = extract(&gazetteer, &texts[id]);
        let found: BTreeSet<String> = extraction
            .events
            .facets()
            .iter()
            .filter_map(|f| f.to_path().first().map(|s| s.to_string()))
            .collect();
        let wanted: BTreeSet<String> = label["events"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_str().unwrap().to_string())
            .collect();
        for t in found.intersection(&wanted) {
            by_type.entry(t.clone()).or_default().tp += 1;
        }
        for t in found.difference(&wanted) {
            by_type.entry(t.clone()).or_default().fp += 1;
        }
        for t in wanted.difference(&found) {
            by_type.entry(t.clone()).or_default().fn_ += 1;
        }
        let killed = totals(&extraction.casualties)
            .into_iter()
            .find(|(k, _)| *k == CasualtyKind::Killed)
            .map(|(_, r)| vec![u64::from(r.min), u64::from(r.max)]);
        let want_killed = label["killed"]
            .as_array()
            .map(|a| a.iter().map(|n| n.as_u64().unwrap()).collect::<Vec<_>>());
        killed_all += 1;
        killed_exact += usize::from(killed == want_killed);
        if detail && (found != wanted || killed != want_killed) {
            println!("== {id}: {}", texts[id].replace('\n', " "));
            println!("   types {found:?}, labelled {wanted:?}");
            println!("   killed {killed:?}, labelled {want_killed:?}");
        }
    }
    let mut failures = Vec::new();
    for (t, c) in &by_type {
        println!(
            "{t:<32} P {:.3} R {:.3} (TP {} FP {} FN {})",
            c.precision(),
            c.recall(),
            c.tp,
            c.fp,
            c.fn_
        );
        if c.precision() < MIN_TYPE_PRECISION || c.recall() < MIN_TYPE_RECALL {
            failures.push(t.clone());
        }
    }
    let exact = killed_exact as f64 / killed_all as f64;
    println!("killed count exact: {exact:.3} ({killed_exact}/{killed_all})");
    assert!(failures.is_empty(), "below the ratchet: {failures:?}");
    assert!(exact >= MIN_KILLED_EXACT, "killed exact {exact:.3}");
}

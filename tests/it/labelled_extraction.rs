//! Region and actor extraction measured against 150 corpus items labelled by
//! hand (tests/data/labelled-corpus.jsonl; conventions in LABELLING.md).
//!
//! The thresholds are a ratchet at the level reached, so that a gazetteer or
//! matcher change that loses quality fails here. They are at or above the
//! targets of issue 3 (regions P >= 0.97, R >= 0.95; actors P >= 0.93,
//! R >= 0.90); the figures are printed with `cargo test --test
//! labelled_extraction -- --nocapture`; with `LABELLED_DETAIL=1` set, each
//! item's misses and false hits are printed too.

use std::collections::{BTreeSet, HashMap};
use std::path::Path;

use sitrep::enrich::{extract, fold_str, Dimension, Gazetteer};
use sitrep::parse::{parse_file, Format};

/// Reached on 2026-12-01 (regions P 0.978 R 0.968, actors P 0.971 R 0.910,
/// after people found by their role, their act, their government or their
/// institution, lists of countries acting as one, and a government row for
/// every UN member); raise them as extraction improves. Most actor misses left
/// are state forces that only the story's reading gives ("the kingdom's air
/// defences", "tensions between Sudan and Ethiopia"), people named without a
/// role ("Kino Gabriel said"), and organisations no source lists ("People's
/// Vote", "Team Jorge"). Issue 16's actor rules (an alias inside a longer
/// name, party names from a name word, places never people, one actor one
/// facet, state forces labelled with their country) took actors to P 0.981
/// R 0.912 on 2026-12-06; its towns and divisions (GeoNames cities500, every
/// common spelling, names judged by population and by what the Current events
/// portal means by them) took regions to P 0.989 R 0.986 at country level.
/// Issue 17 retitled the corpus items whose heading was not theirs and took
/// out the labels only the old heading supported (LABELLING.md), hits among
/// them (Russia's state forces from "2022 Russian mobilization" over a
/// refinery fire in Argentina): with the same rules regions P 0.992 R 0.978,
/// actors P 0.981 R 0.911. Issue 16's Phoenix data (its NGOs, all its people
/// of 1990 on, group leaders listed as group aliases made people) and groups
/// named after their country in the possessive ("Libya's Dawn") took actors
/// to P 0.981 R 0.922 (2026-12-07).
const MIN_REGION_PRECISION: f64 = 0.985;
const MIN_REGION_RECALL: f64 = 0.975;
const MIN_ACTOR_PRECISION: f64 = 0.975;
const MIN_ACTOR_RECALL: f64 = 0.92;

#[derive(Default)]
struct Counts {
    true_pos: usize,
    false_pos: usize,
    false_neg: usize,
    /// Labels not extracted, and extractions not labelled, with their counts.
    misses: HashMap<String, usize>,
    false_hits: HashMap<String, usize>,
}

impl Counts {
    fn add(&mut self, found: &BTreeSet<String>, wanted: &BTreeSet<String>) {
        self.true_pos += found.intersection(wanted).count();
        self.false_pos += found.difference(wanted).count();
        self.false_neg += wanted.difference(found).count();
        for miss in wanted.difference(found) {
            *self.misses.entry(miss.clone()).or_default() += 1;
        }
        for hit in found.difference(wanted) {
            *self.false_hits.entry(hit.clone()).or_default() += 1;
        }
    }

    /// The most frequent misses and false hits, for improving the gazetteer.
    fn print_errors(&self, what: &str) {
        for (kind, map) in [("missed", &self.misses), ("false", &self.false_hits)] {
            let mut top: Vec<_> = map.iter().collect();
            top.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
            let list: Vec<String> = top
                .iter()
                .take(15)
                .map(|(n, c)| format!("{n} {c}"))
                .collect();
            println!("  {what} {kind}: {}", list.join(", "));
        }
    }

    fn precision(&self) -> f64 {
        self.true_pos as f64 / (self.true_pos + self.false_pos).max(1) as f64
    }

    fn recall(&self) -> f64 {
        self.true_pos as f64 / (self.true_pos + self.false_neg).max(1) as f64
    }
}

/// Every article of the labelled files, by id (the path for plain text).
fn articles(root: &Path, files: &BTreeSet<String>) -> HashMap<String, String> {
    let mut out = HashMap::new();
    for file in files {
        let path = root.join(file);
        let format = Format::for_path(&path).expect("article file");
        for article in parse_file(&path, file, format, u64::MAX).articles {
            out.insert(article.id.clone(), article.searchable_text());
        }
    }
    out
}

/// A label's facet path as the gazetteer spells it today. Labels name
/// gazetteer actors by their canonical name on the day of labelling; a
/// curated row may since have renamed one (the ICC row is now `International
/// Criminal Court`), so a label that is no longer a canonical path but is an
/// alias of exactly one actor of its kind is read as that actor. Names the
/// labeller marked `not_in_gazetteer` are kept as written, unless the
/// gazetteer has since listed the actor under that very name, accents and
/// case aside (Phoenix's `Andres Manuel Lopez Obrador` is the label's
/// "Andrés Manuel López Obrador"): a name shared with another actor as an
/// alias is no proof of the same actor.
fn current_path(gazetteer: &Gazetteer, label: &str, unlisted: &BTreeSet<String>) -> String {
    let mut parts = label.trim_start_matches('/').splitn(2, '/');
    let (Some(kind), Some(name)) = (parts.next(), parts.next()) else {
        return label.to_string();
    };
    let paths = gazetteer
        .resolve(Dimension::Actor, name)
        .unwrap_or_default();
    let same_kind: Vec<&Vec<String>> = paths.iter().filter(|p| p[0] == kind).collect();
    if unlisted.contains(name) {
        let fold = |s: &str| fold_str(s, true);
        return match same_kind.as_slice() {
            [path] if fold(&path[1]) == fold(name) => format!("/{}", path.join("/")),
            _ => label.to_string(),
        };
    }
    match same_kind.as_slice() {
        [path] if !same_kind.iter().any(|p| p[1] == name) => format!("/{}", path.join("/")),
        _ => label.to_string(),
    }
}

fn strings(value: &serde_json::Value) -> BTreeSet<String> {
    value
        .as_array()
        .expect("a list")
        .iter()
        .map(|v| v.as_str().expect("a string").to_string())
        .collect()
}

#[test]
fn extraction_meets_the_ratchet_on_the_hand_labelled_set() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let labels: Vec<serde_json::Value> =
        std::fs::read_to_string(root.join("tests/data/labelled-corpus.jsonl"))
            .expect("labelled set")
            .lines()
            .map(|l| serde_json::from_str(l).expect("valid JSON line"))
            .collect();
    assert_eq!(labels.len(), 150);
    let files: BTreeSet<String> = labels
        .iter()
        .map(|l| l["file"].as_str().unwrap().to_string())
        .collect();
    let texts = articles(root, &files);
    let gazetteer = Gazetteer::embedded().expect("gazetteer");
    let (mut regions, mut actors) = (Counts::default(), Counts::default());
    for label in &labels {
        let text = &texts[label["id"].as_str().unwrap()];
        let extraction = extract(&gazetteer, text);
        let found_regions: BTreeSet<String> = extraction
            .entities(&gazetteer, Dimension::Region)
            .into_iter()
            .map(|e| {
                gazetteer.entities[gazetteer.country_of(e)]
                    .label()
                    .to_string()
            })
            .collect();
        let found_actors: BTreeSet<String> = extraction
            .facets(&gazetteer, Dimension::Actor)
            .iter()
            .map(|f| f.to_string())
            .collect();
        let unlisted = strings(&label["not_in_gazetteer"]);
        let want_regions = strings(&label["regions"]);
        let want_actors: BTreeSet<String> = strings(&label["actors"])
            .iter()
            .map(|a| current_path(&gazetteer, a, &unlisted))
            .collect();
        if std::env::var_os("LABELLED_DETAIL").is_some() {
            println!("== {}", label["id"]);
            for (found, wanted) in [
                (&found_regions, &want_regions),
                (&found_actors, &want_actors),
            ] {
                wanted
                    .difference(found)
                    .for_each(|m| println!("  MISS {m}"));
                found
                    .difference(wanted)
                    .for_each(|m| println!("  FALSE {m}"));
            }
        }
        regions.add(&found_regions, &want_regions);
        actors.add(&found_actors, &want_actors);
    }
    println!(
        "regions: P {:.3} R {:.3}",
        regions.precision(),
        regions.recall()
    );
    regions.print_errors("regions");
    println!(
        "actors:  P {:.3} R {:.3}",
        actors.precision(),
        actors.recall()
    );
    actors.print_errors("actors");
    assert!(
        regions.precision() >= MIN_REGION_PRECISION,
        "region precision {:.3}",
        regions.precision()
    );
    assert!(
        regions.recall() >= MIN_REGION_RECALL,
        "region recall {:.3}",
        regions.recall()
    );
    assert!(
        actors.precision() >= MIN_ACTOR_PRECISION,
        "actor precision {:.3}",
        actors.precision()
    );
    assert!(
        actors.recall() >= MIN_ACTOR_RECALL,
        "actor recall {:.3}",
        actors.recall()
    );
}

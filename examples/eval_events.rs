//! Measures the event extraction that the indexer uses (casualty counts and
//! UCDP violence types from `sitrep::enrich::extract`) against UCDP GED
//! events, whose real source headlines come with coded deaths (`low`,
//! `best`, `high`), `type_of_violence` and the two sides.
//!
//! ```text
//! cargo run --release --example eval_events -- ../shared/data              # all three sets
//! cargo run --release --example eval_events -- ../shared/data car --errors 20
//! ```
//!
//! Sets: `car` (`ucdp-ged-car`, GED 23.1), `yemen` (`ucdp-ged-yemen`, the AQAP
//! dyads) and `myanmar` (`ucdp-ged-myanmar`). CAR and Yemen were used to
//! develop the rules; Myanmar is the held-out check and was only measured.
//!
//! # What is measured
//!
//! An event's text is its headlines, one per line, as `extract` would see
//! them in one article: `source_headline` split at `;`, or where that is
//! empty (most of Yemen) the headlines inside `source_article` citations
//! ("Outlet, YYYY-MM-DD, Headline", several joined by `,`, `;` or `///`).
//!
//! * **Killed counts.** The subset *states a number of dead*: a number
//!   (digits, or a number word of [`NUMBER_WORDS`]) within three words of a
//!   death word ([`DEATH_WORDS`]), by the rule of [`states_dead`], which is
//!   independent of sitrep's. Reported: the share whose extracted killed
//!   count (the article total `sitrep index` stores) has its least value in
//!   UCDP's `[low, high]`, and the share whose count is exactly `best`.
//!   The same over events with a single headline.
//! * **Killed counts per report.** A headline states its report's whole
//!   toll, which UCDP may split over several events (one per place or day).
//!   Events coded from the same `source_article` with the same text are one
//!   report; its count is compared with the sums of their `low`, `best` and
//!   `high`.
//! * **No casualty number.** Events whose text has no digit and no number
//!   word at all: the share with no killed count extracted.
//! * **Violence type.** Events where both coded sides are found among the
//!   extracted actors (for one-sided violence the side that is not
//!   `Civilians`; a side `Government of X` is found as the state forces of
//!   X, any other side by its name or by what the gazetteer resolves it to): the share whose extracted UCDP violence types are exactly
//!   the coded `type_of_violence`, and the share that contain it.

mod common;

use std::collections::BTreeMap;
use std::path::Path;

use anyhow::{bail, Context, Result};
use serde::Deserialize;
use sitrep::enrich::{
    extract, fold_str, totals, Casualty, CasualtyKind, Dimension, Gazetteer, Range,
};

/// Number words of English and French (and vague amounts): the subset rules'
/// own list, independent of the extractor's.
const NUMBER_WORDS: &[&str] = &[
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
    "twenty",
    "thirty",
    "forty",
    "fifty",
    "sixty",
    "seventy",
    "eighty",
    "ninety",
    "hundred",
    "hundreds",
    "thousand",
    "thousands",
    "dozen",
    "dozens",
    "scores",
    "deux",
    "trois",
    "quatre",
    "cinq",
    "sept",
    "huit",
    "neuf",
    "dix",
    "onze",
    "douze",
    "treize",
    "quatorze",
    "quinze",
    "seize",
    "vingt",
    "trente",
    "quarante",
    "cinquante",
    "soixante",
    "cent",
    "centaine",
    "centaines",
    "dizaine",
    "dizaines",
    "vingtaine",
    "quinzaine",
    "trentaine",
    "mille",
    "milliers",
];

/// Words that say people died, for the subset rule.
const DEATH_WORDS: &[&str] = &[
    "kill",
    "kills",
    "killed",
    "killing",
    "dead",
    "die",
    "dies",
    "died",
    "death",
    "deaths",
    "toll",
    "slain",
    "massacre",
    "massacred",
    "morts",
    "mort",
    "tues",
    "tue",
    "tuees",
    "tuee",
    "deces",
    "fatalities",
];

/// One GED event with the fields the evaluation needs.
#[derive(Debug, Clone, Default)]
struct Event {
    id: String,
    headlines: Vec<String>,
    /// `source_article`: the citation of the report(s) the event was coded from.
    article: String,
    low: u32,
    best: u32,
    high: u32,
    violence: u8,
    sides: Vec<String>,
    country: String,
}

fn main() -> Result<()> {
    let mut args = std::env::args().skip(1);
    let data = args
        .next()
        .context("usage: eval_events <shared data folder> [car|yemen|myanmar] [--errors N]")?;
    let mut sets: Vec<String> = Vec::new();
    let mut errors = 0usize;
    while let Some(arg) = args.next() {
        if arg == "--errors" {
            errors = args.next().context("--errors N")?.parse()?;
        } else {
            sets.push(arg);
        }
    }
    if sets.is_empty() {
        sets = vec!["car".into(), "yemen".into(), "myanmar".into()];
    }
    let gazetteer = Gazetteer::embedded().context("loading the embedded gazetteer")?;
    let data = Path::new(&data);
    for set in &sets {
        let events = match set.as_str() {
            "car" => read(&data.join("ucdp-ged-car/GEDEvent_v23_1_CAR.geojson"))?,
            "yemen" => read(&data.join("ucdp-ged-yemen/gedevents-2021-AQAP2.csv"))?,
            "myanmar" => read(&data.join("ucdp-ged-myanmar/GEDEvent_myanmar.csv"))?,
            other => bail!("unknown set `{other}`: car, yemen or myanmar"),
        };
        let mut eval = Evaluation::default();
        for event in &events {
            *eval.shared.entry(event.headlines.join("\n")).or_default() += 1;
        }
        for event in events.iter().filter(|e| !e.headlines.is_empty()) {
            eval.add(&gazetteer, event);
        }
        for group in report_groups(&events) {
            eval.add_group(&gazetteer, &group);
        }
        println!(
            "== {set}: {} events, {} with a headline",
            events.len(),
            eval.events
        );
        print!("{}", eval.report(errors));
    }
    Ok(())
}

// ---------------------------------------------------------------------------
// Input

/// The GED columns the evaluation reads; the Yemen copy calls the deaths
/// `best_est`, `low_est`, `high_est`.
#[derive(Deserialize)]
struct GedRow {
    id: u64,
    country: String,
    side_a: String,
    side_b: String,
    type_of_violence: u8,
    #[serde(alias = "low_est")]
    low: u32,
    #[serde(alias = "best_est")]
    best: u32,
    #[serde(alias = "high_est")]
    high: u32,
    #[serde(default)]
    source_headline: String,
    #[serde(default)]
    source_article: String,
}

fn read(path: &Path) -> Result<Vec<Event>> {
    Ok(common::read_events::<GedRow>(path)?
        .into_iter()
        .map(|e| Event {
            id: e.id.to_string(),
            headlines: common::headlines(&e.source_headline, &e.source_article),
            article: e.source_article,
            low: e.low,
            best: e.best,
            high: e.high,
            violence: e.type_of_violence,
            sides: sides(&e.side_a, &e.side_b),
            country: e.country,
        })
        .collect())
}

/// The coded sides, without `Civilians`, coalitions split into members.
fn sides(a: &str, b: &str) -> Vec<String> {
    [a, b]
        .iter()
        .filter(|s| s.trim() != "Civilians" && !s.trim().is_empty())
        .map(|s| s.trim().to_string())
        .collect()
}

// ---------------------------------------------------------------------------
// Subset rules

fn tokens(text: &str) -> Vec<String> {
    fold_str(text, true)
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(String::from)
        .collect()
}

/// Digits (not a year, 1900-2099) or a number word.
fn is_number(token: &str) -> bool {
    let year = token.len() == 4 && (token.starts_with("19") || token.starts_with("20"));
    token.bytes().all(|b| b.is_ascii_digit()) && !year || NUMBER_WORDS.contains(&token)
}

/// Some headline has a number within three words of a death word.
fn states_dead(text: &str) -> bool {
    text.lines().any(|line| {
        let t = tokens(line);
        t.iter().enumerate().any(|(i, w)| {
            DEATH_WORDS.contains(&w.as_str())
                && t[i.saturating_sub(3)..(i + 4).min(t.len())]
                    .iter()
                    .any(|n| is_number(n))
        })
    })
}

/// No digit and no number word at all.
fn no_number(text: &str) -> bool {
    !tokens(text).iter().any(|t| is_number(t))
}

/// The country of a UCDP government side: "Government of Yemen (North
/// Yemen)" is Yemen, found as that country's state forces.
fn government_of(side: &str) -> Option<&str> {
    let country = side.strip_prefix("Government of ")?;
    Some(country.split(" (").next().unwrap_or(country).trim())
}

fn key(text: &str) -> String {
    tokens(text).join(" ")
}

// ---------------------------------------------------------------------------
// Evaluation

/// The killed total `sitrep index` stores for a text's casualties.
fn killed_total(casualties: &[Casualty]) -> Option<Range> {
    totals(casualties)
        .into_iter()
        .find(|(k, _)| *k == CasualtyKind::Killed)
        .map(|(_, r)| r)
}

/// Events with a text, grouped by report: the same `source_article` (the
/// text itself where that is empty) and the same text, in file order.
fn report_groups(events: &[Event]) -> Vec<Vec<&Event>> {
    let mut groups: Vec<Vec<&Event>> = Vec::new();
    let mut index: std::collections::HashMap<(&str, String), usize> = Default::default();
    for event in events.iter().filter(|e| !e.headlines.is_empty()) {
        let key = (event.article.as_str(), event.headlines.join("\n"));
        match index.get(&key) {
            Some(&i) => groups[i].push(event),
            None => {
                index.insert(key, groups.len());
                groups.push(vec![event]);
            }
        }
    }
    groups
}

#[derive(Default, Clone, Copy)]
struct Share {
    hit: usize,
    all: usize,
}

impl Share {
    fn add(&mut self, hit: bool) {
        self.all += 1;
        self.hit += usize::from(hit);
    }
}

impl std::fmt::Display for Share {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.all == 0 {
            return write!(f, "- (0/0)");
        }
        let pct = 100.0 * self.hit as f64 / self.all as f64;
        write!(f, "{pct:.1}% ({}/{})", self.hit, self.all)
    }
}

#[derive(Default)]
struct Evaluation {
    events: usize,
    in_range: Share,
    exact_best: Share,
    extracted: Share,
    single_in_range: Share,
    single_exact: Share,
    unique_in_range: Share,
    unique_exact: Share,
    /// How many events share each event text: UCDP splits one report's toll
    /// over several events, whose [low, high] then cannot all hold it.
    shared: std::collections::HashMap<String, usize>,
    /// Reports (events of one `source_article` and text) stating a number of dead.
    reports: usize,
    /// ... of which coded as several events.
    reports_split: usize,
    report_in_range: Share,
    report_exact: Share,
    no_number_clean: Share,
    violence_exact: Share,
    violence_contains: Share,
    violence_by_type: BTreeMap<u8, Share>,
    errors: BTreeMap<&'static str, Vec<String>>,
}

impl Evaluation {
    fn add(&mut self, gazetteer: &Gazetteer, event: &Event) {
        self.events += 1;
        let text = event.headlines.join("\n");
        let extraction = extract(gazetteer, &text);
        let killed = killed_total(&extraction.casualties);
        let shown = || {
            let rules: Vec<String> = extraction
                .casualties
                .iter()
                .filter(|c| c.kind == CasualtyKind::Killed)
                .map(|c| format!("{}={}..{} {}", c.amount, c.min, c.max, c.rule))
                .collect();
            format!(
                "{} [{} {} {}] got {:?} {} :: {}",
                event.id,
                event.low,
                event.best,
                event.high,
                killed.map(|r| (r.min, r.max)),
                rules.join("; "),
                text.replace('\n', " | ")
            )
        };
        if states_dead(&text) {
            let in_range = killed.is_some_and(|r| (event.low..=event.high).contains(&r.min));
            let exact = killed.is_some_and(|r| r.min == event.best && r.max == event.best);
            self.in_range.add(in_range);
            self.exact_best.add(exact);
            self.extracted.add(killed.is_some());
            if event.headlines.len() == 1 {
                self.single_in_range.add(in_range);
                self.single_exact.add(exact);
            }
            if self.shared.get(&text) == Some(&1) {
                self.unique_in_range.add(in_range);
                self.unique_exact.add(exact);
            }
            if !in_range {
                let class = if killed.is_none() {
                    "number stated, none read"
                } else {
                    "outside [low, high]"
                };
                self.errors.entry(class).or_default().push(shown());
            }
        }
        if no_number(&text) {
            self.no_number_clean.add(killed.is_none());
            if killed.is_some() {
                self.errors
                    .entry("count without a number")
                    .or_default()
                    .push(shown());
            }
        }
        let facets = extraction.facets(gazetteer, Dimension::Actor);
        let actors: Vec<String> = facets
            .iter()
            .map(|f| key(f.to_path().last().copied().unwrap_or("")))
            .collect();
        let states: Vec<String> = facets
            .iter()
            .map(|f| f.to_path())
            .filter(|p| p.first() == Some(&"state forces"))
            .map(|p| key(p.last().copied().unwrap_or("")))
            .collect();
        let found = |side: &str| {
            side.split(", ").all(|member| match government_of(member) {
                Some(country) => states.contains(&key(country)),
                // By its name, or by the actor the gazetteer resolves it to
                // (as `--actor AQAP` does): UCDP writes "AQAP" for the
                // facet "Al-Qaeda in the Arabian Peninsula".
                None => {
                    actors.contains(&key(member))
                        || actors.contains(&key(&format!("{member} ({})", event.country)))
                        || gazetteer
                            .resolve(Dimension::Actor, member)
                            .is_some_and(|paths| {
                                paths.iter().any(|p| {
                                    p.len() > 1
                                        && p.last().is_some_and(|l| actors.contains(&key(l)))
                                })
                            })
                }
            })
        };
        let expected_sides = if event.violence == 3 { 1 } else { 2 };
        if event.sides.len() >= expected_sides && event.sides.iter().all(|s| found(s)) {
            let got: Vec<u8> = extraction
                .events
                .violence_types()
                .iter()
                .map(|v| v.ucdp_code())
                .collect();
            let exact = got == [event.violence];
            self.violence_exact.add(exact);
            self.violence_contains.add(got.contains(&event.violence));
            self.violence_by_type
                .entry(event.violence)
                .or_default()
                .add(exact);
            if !exact {
                let line = format!(
                    "{} coded {} got {:?} :: {}",
                    event.id,
                    event.violence,
                    got,
                    text.replace('\n', " | ")
                );
                self.errors.entry("violence type").or_default().push(line);
            }
        }
    }

    /// One report: the events coded from the same `source_article` with the
    /// same text. A headline states the report's whole toll, which UCDP may
    /// split over several events (one per place or day), so it is compared
    /// with the sums of their `low`, `best` and `high`.
    fn add_group(&mut self, gazetteer: &Gazetteer, events: &[&Event]) {
        let text = events[0].headlines.join("\n");
        if !states_dead(&text) {
            return;
        }
        let extraction = extract(gazetteer, &text);
        let killed = killed_total(&extraction.casualties);
        let sum = |f: fn(&Event) -> u32| events.iter().map(|e| f(e)).sum::<u32>();
        let (low, best, high) = (sum(|e| e.low), sum(|e| e.best), sum(|e| e.high));
        self.reports += 1;
        self.reports_split += usize::from(events.len() > 1);
        self.report_in_range
            .add(killed.is_some_and(|r| (low..=high).contains(&r.min)));
        self.report_exact
            .add(killed.is_some_and(|r| r.min == best && r.max == best));
    }

    fn report(&self, errors: usize) -> String {
        let mut out = String::new();
        out += "killed, headlines stating a number of dead:\n";
        out += &format!("  count read:                    {}\n", self.extracted);
        out += &format!("  least value in [low, high]:    {}\n", self.in_range);
        out += &format!("  equal to best:                 {}\n", self.exact_best);
        out += &format!(
            "  one headline, in [low, high]:  {}\n",
            self.single_in_range
        );
        out += &format!("  one headline, equal to best:   {}\n", self.single_exact);
        out += &format!(
            "  text of one event only, in [low, high]: {}\n",
            self.unique_in_range
        );
        out += &format!(
            "  text of one event only, equal to best:  {}\n",
            self.unique_exact
        );
        out += &format!(
            "  per report ({} reports, {} coded as several events; sums of their low, best, high):\n",
            self.reports, self.reports_split
        );
        out += &format!(
            "    least value in [sum low, sum high]: {}\n",
            self.report_in_range
        );
        out += &format!(
            "    equal to sum of best:               {}\n",
            self.report_exact
        );
        out += &format!(
            "no casualty number, no killed count: {}\n",
            self.no_number_clean
        );
        out += "violence type, both sides found:\n";
        out += &format!("  exactly the coded type:        {}\n", self.violence_exact);
        out += &format!(
            "  coded type among those found:  {}\n",
            self.violence_contains
        );
        for (t, share) in &self.violence_by_type {
            out += &format!("  coded {t}: exact {share}\n");
        }
        if errors > 0 {
            for (class, lines) in &self.errors {
                out += &format!("-- {class}: {} (first {errors})\n", lines.len());
                for line in lines.iter().take(errors) {
                    out += &format!("   {}\n", line.chars().take(400).collect::<String>());
                }
            }
        }
        out += "\n";
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn government_sides_are_their_country() {
        assert_eq!(
            government_of("Government of Yemen (North Yemen)"),
            Some("Yemen")
        );
        assert_eq!(
            government_of("Government of Central African Republic"),
            Some("Central African Republic")
        );
        assert_eq!(government_of("anti-Balaka"), None);
    }

    #[test]
    fn subset_rules() {
        assert!(states_dead("Five suspected militants killed in Yemen"));
        // Beyond three words the rule does not look.
        assert!(!states_dead(
            "Five suspected al Qaeda militants killed in Yemen"
        ));
        assert!(states_dead(
            "Centrafrique : 7 morts et une centaine de blessés"
        ));
        assert!(!states_dead(
            "Yemen military intelligence official assassinated"
        ));
        assert!(no_number("Crisis Tracker"));
        assert!(!no_number("Yemen gunmen kill 4 soldiers"));
    }
}

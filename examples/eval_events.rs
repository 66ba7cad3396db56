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
//!   The same over events with a single headline. Then the share of those
//!   texts that write any number within `[low, high]` at all
//!   ([`written_numbers`], vague amounts generously): one that writes none
//!   reports another toll than the event's (a report's total that UCDP
//!   split over places or days, a toll since an earlier day, another
//!   incident of the same report), so no reading of it can fall in the
//!   range; and, of the texts that write one, the share whose count does.
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
//!   the coded `type_of_violence`, and the share that contain it; then the
//!   share where any type was read (many texts are report titles that name
//!   the sides but no violent event: "Violations and Abuses of Human Rights
//!   ... by the FPRC Coalition and the UPC"), and of those the share exact.

mod common;

use std::collections::BTreeMap;
use std::path::Path;

use anyhow::{bail, Context, Result};
use serde::Deserialize;
use sitrep::enrich::{
    extract, fold_str, totals, Casualty, CasualtyKind, Dimension, Gazetteer, Range, UcdpMapping,
};

/// Number words of English and French (and vague amounts) with the least
/// and greatest value they can mean, generously ("dozens" 12..99, "une
/// dizaine" 8..12): the subset rules' own list, independent of the
/// extractor's. Compound words ("twenty-five") count by their parts.
const NUMBER_WORDS: &[(&str, u32, u32)] = &[
    ("one", 1, 1),
    ("two", 2, 2),
    ("three", 3, 3),
    ("four", 4, 4),
    ("five", 5, 5),
    ("six", 6, 6),
    ("seven", 7, 7),
    ("eight", 8, 8),
    ("nine", 9, 9),
    ("ten", 10, 10),
    ("eleven", 11, 11),
    ("twelve", 12, 12),
    ("thirteen", 13, 13),
    ("fourteen", 14, 14),
    ("fifteen", 15, 15),
    ("sixteen", 16, 16),
    ("seventeen", 17, 17),
    ("eighteen", 18, 18),
    ("nineteen", 19, 19),
    ("twenty", 20, 20),
    ("thirty", 30, 30),
    ("forty", 40, 40),
    ("fifty", 50, 50),
    ("sixty", 60, 60),
    ("seventy", 70, 70),
    ("eighty", 80, 80),
    ("ninety", 90, 90),
    ("hundred", 100, 100),
    ("hundreds", 100, 999),
    ("thousand", 1000, 1000),
    ("thousands", 1000, 9999),
    ("dozen", 12, 12),
    ("dozens", 12, 99),
    ("scores", 20, 199),
    ("deux", 2, 2),
    ("trois", 3, 3),
    ("quatre", 4, 4),
    ("cinq", 5, 5),
    ("sept", 7, 7),
    ("huit", 8, 8),
    ("neuf", 9, 9),
    ("dix", 10, 10),
    ("onze", 11, 11),
    ("douze", 12, 12),
    ("treize", 13, 13),
    ("quatorze", 14, 14),
    ("quinze", 15, 15),
    ("seize", 16, 16),
    ("vingt", 20, 20),
    ("trente", 30, 30),
    ("quarante", 40, 40),
    ("cinquante", 50, 50),
    ("soixante", 60, 60),
    ("cent", 100, 100),
    ("centaine", 80, 120),
    ("centaines", 100, 999),
    ("dizaine", 8, 12),
    ("dizaines", 10, 99),
    ("vingtaine", 15, 25),
    ("quinzaine", 12, 18),
    ("trentaine", 25, 35),
    ("mille", 1000, 1000),
    ("milliers", 1000, 9999),
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

/// The least and greatest value of a token that is a number: digits (not
/// a year, 1900-2099) or a number word.
fn number_value(token: &str) -> Option<(u32, u32)> {
    let year = token.len() == 4 && (token.starts_with("19") || token.starts_with("20"));
    if token.bytes().all(|b| b.is_ascii_digit()) {
        let n: u32 = token.parse().ok()?;
        return (!year).then_some((n, n));
    }
    NUMBER_WORDS
        .iter()
        .find(|(w, _, _)| *w == token)
        .map(|&(_, min, max)| (min, max))
}

fn is_number(token: &str) -> bool {
    number_value(token).is_some()
}

/// Every number written in the text, as (least, greatest) value: "1,200"
/// is one number. A headline that writes none within UCDP's `[low, high]`
/// reports another toll than the event's (a report's total that UCDP split
/// over places or days, a toll since an earlier day, another incident), so
/// no reading of it can fall in that range.
fn written_numbers(text: &str) -> Vec<(u32, u32)> {
    let mut joined = String::with_capacity(text.len());
    let chars: Vec<char> = text.chars().collect();
    for (i, &c) in chars.iter().enumerate() {
        let thousands = c == ','
            && i > 0
            && chars[i - 1].is_ascii_digit()
            && chars
                .get(i + 1..i + 4)
                .is_some_and(|d| d.iter().all(char::is_ascii_digit));
        if !thousands {
            joined.push(c);
        }
    }
    tokens(&joined)
        .iter()
        .filter_map(|t| number_value(t))
        .collect()
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

/// Whether the text writes a number that may lie within `[low, high]`.
fn writes_within(text: &str, low: u32, high: u32) -> bool {
    written_numbers(text)
        .iter()
        .any(|&(min, max)| min <= high && max >= low)
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

/// The events where both sides were found but no violence type was read,
/// by what the text lacked.
#[derive(Default)]
struct Misses {
    /// No event type that UCDP codes (battle, explosion, violence against
    /// civilians) was read at all: a report title, a meeting, a threat.
    no_violent_event: usize,
    /// One was read, but no sentence with it names both of its sides.
    sides_not_in_its_sentence: usize,
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
    /// Texts that write a number within `[low, high]` at all.
    written: Share,
    /// ... and of those, the count read in `[low, high]`.
    written_in_range: Share,
    /// How many events share each event text: UCDP splits one report's toll
    /// over several events, whose [low, high] then cannot all hold it.
    shared: std::collections::HashMap<String, usize>,
    /// Reports (events of one `source_article` and text) stating a number of dead.
    reports: usize,
    /// ... of which coded as several events.
    reports_split: usize,
    report_in_range: Share,
    report_exact: Share,
    report_written: Share,
    report_written_in_range: Share,
    no_number_clean: Share,
    violence_exact: Share,
    violence_contains: Share,
    /// Events with both sides found where some violence type was read.
    violence_read: Share,
    /// ... of which exactly the coded type.
    violence_read_exact: Share,
    violence_by_type: BTreeMap<u8, Share>,
    /// Why a type was not read where both sides were found.
    violence_missed: Misses,
    /// Events with a text whose coded sides (the armed ones) were not all
    /// found, by the side missing.
    sides_missing: BTreeMap<&'static str, usize>,
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
            let written = in_range || writes_within(&text, event.low, event.high);
            self.written.add(written);
            if written {
                self.written_in_range.add(in_range);
            }
            if !in_range {
                let class = if killed.is_none() {
                    "number stated, none read"
                } else if written {
                    "outside [low, high], a number in it written"
                } else {
                    "outside [low, high], none written in it"
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
        let all_found = event.sides.iter().all(|s| found(s));
        if !all_found {
            let class = match event.sides.iter().filter(|s| !found(s)).count() {
                2 => "neither side",
                _ if event.sides.len() == 1 => "the armed side of one-sided violence",
                _ => "one of two sides",
            };
            *self.sides_missing.entry(class).or_default() += 1;
        }
        if event.sides.len() >= expected_sides && all_found {
            let got: Vec<u8> = extraction
                .events
                .violence_types()
                .iter()
                .map(|v| v.ucdp_code())
                .collect();
            let exact = got == [event.violence];
            self.violence_exact.add(exact);
            self.violence_contains.add(got.contains(&event.violence));
            self.violence_read.add(!got.is_empty());
            if !got.is_empty() {
                self.violence_read_exact.add(exact);
            } else if extraction.events.mentions.iter().any(|m| {
                gazetteer
                    .events()
                    .types
                    .get(m.event)
                    .is_some_and(|t| t.ucdp != UcdpMapping::None)
            }) {
                self.violence_missed.sides_not_in_its_sentence += 1;
            } else {
                self.violence_missed.no_violent_event += 1;
            }
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
        let in_range = killed.is_some_and(|r| (low..=high).contains(&r.min));
        self.report_in_range.add(in_range);
        let written = in_range || writes_within(&text, low, high);
        self.report_written.add(written);
        if written {
            self.report_written_in_range.add(in_range);
        }
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
            "  a number in [low, high] written at all: {} (the rest report another toll)\n",
            self.written
        );
        out += &format!(
            "    ... of those, least value in [low, high]: {}\n",
            self.written_in_range
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
            "    a number in [sum low, sum high] written:  {}\n",
            self.report_written
        );
        out += &format!(
            "    ... of those, least value in it:         {}\n",
            self.report_written_in_range
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
        out += &format!(
            "  a type read at all:            {} (the rest name the sides but no violent event)\n",
            self.violence_read
        );
        out += &format!(
            "    ... of those, exactly the coded type: {}\n",
            self.violence_read_exact
        );
        for (t, share) in &self.violence_by_type {
            out += &format!("  coded {t}: exact {share}\n");
        }
        out += &format!(
            "  none read: no violent event read {}, one read but no sentence of it names its sides {}\n",
            self.violence_missed.no_violent_event, self.violence_missed.sides_not_in_its_sentence
        );
        let missing: Vec<String> = self
            .sides_missing
            .iter()
            .map(|(class, n)| format!("{class} {n}"))
            .collect();
        out += &format!(
            "  events whose sides were not all found: {}\n",
            missing.join(", ")
        );
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
        assert_eq!(
            written_numbers("Around 1,200 killed, dozens hurt in 2014"),
            [(1200, 1200), (12, 99)]
        );
        assert!(writes_within("Fighting leaves 25 dead", 20, 30));
        assert!(!writes_within("Fighting leaves 25 dead", 5, 5));
        assert!(!no_number("Yemen gunmen kill 4 soldiers"));
    }
}

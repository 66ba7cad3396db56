//! Wikipedia "Portal:Current events" day files (`../shared/data/wikipedia-current-events`):
//! reading the archive, telling event sentences from topic headings, and working out which
//! heading a sentence was filed under. Shared by `build_corpus` (the bundled corpus: titles and
//! `topic`) and `eval_ranking` (the conflict-domain ranking set: queries and judgments), so that
//! both read the portal the same way.
//!
//! ## Which heading owns which sentence
//!
//! On the portal a day is a list of categories, each a nested bullet list: a topic heading
//! (a Wikipedia article title such as `Syrian civil war`) heads the events filed under it, and
//! may head further headings (`Battle of Aleppo`). The scraper flattened each list, so a run of
//! heading lines is followed by event lines, and where a group ends is lost. A heading reaches a
//! sentence in one of three ways:
//!
//! 1. **The category key is itself a topic** (2006-2013 often file a whole list under
//!    `Syrian civil war` or `Arab Spring` instead of a portal section such as `Armed conflicts
//!    and attacks`): every event of that list is the topic's. A key made only of the portal's
//!    section words ([`SECTION_WORDS`]) is a section, not a topic; a key `A: B` is two nested
//!    topics.
//! 2. **An inline topic**: `Syrian civil war: Rebels capture ...` (2004-2013). The part before
//!    the first `": "` is the topic when it is short ([`MAX_INLINE_TOPIC_WORDS`]), starts with a
//!    capital or a digit and holds no quotation mark; it is cut from the sentence.
//! 3. **A run of heading lines** above the event in the flattened list: the first event after
//!    the run is the run's (every heading of it, outermost first); the events after it may be
//!    the run's too, or siblings filed directly under an outer heading, or top-level events with
//!    no heading at all, and the flattening cannot tell which.
//!
//! Ownership by 1, 2 and the first event of 3 is *certain*; by the later events of 3 it is
//! *uncertain*. Measured on 2002-2014 (share of heading-sentence pairs that have a content word
//! in common, a proxy that needs no judge): certain pairs 49% (keys), 56% (inline), 56-63% (first
//! after a run); later events after a run 39%, 25%, 12% (2nd, 3rd, 4th; 2002-2013) and 30%, 9%
//! (2014); random heading-sentence pairs 4-8%. So the second event after a run is its heading's
//! about two times in three, the fourth hardly more often than chance. The carried-over run is
//! what gave `wce-2022-11-07-007`, a chemical plant fire in Georgia, the title "Somali Civil War".

use std::collections::HashSet;
use std::fs;
use std::io::Read;
use std::path::Path;

use anyhow::{ensure, Context, Result};
use flate2::read::GzDecoder;
use yaml_rust2::{Yaml, YamlLoader};

/// The archive, relative to the shared data folder.
pub const ARCHIVE: &str = "wikipedia-current-events/current-events-2002-2026.tar.gz";
/// Longest string that can still be a topic heading.
const MAX_HEADING_LEN: usize = 200;
/// An event sentence with a citation but no final punctuation needs at least this many words.
const MIN_UNPUNCTUATED_EVENT_WORDS: usize = 12;
/// Most words of an inline topic (`2011 Libyan civil war: ...`).
pub const MAX_INLINE_TOPIC_WORDS: usize = 8;
/// Longest inline topic, in bytes.
const MAX_INLINE_TOPIC_LEN: usize = 80;

/// The words of the portal's section names over the years ("Armed conflicts and attacks",
/// "Arts and culture", "Business and economy", "Disasters and accidents", "Health and
/// environment", "International relations", "Law and crime", "Politics and elections",
/// "Science and technology", "Sports", and their variants such as "Art and culture",
/// "Business and finance", "Transport"). A category key made only of these is a section.
pub const SECTION_WORDS: [&str; 44] = [
    "and",
    "armed",
    "conflict",
    "conflicts",
    "attack",
    "attacks",
    "incidents",
    "art",
    "arts",
    "culture",
    "entertainment",
    "business",
    "economy",
    "economics",
    "finance",
    "disaster",
    "disasters",
    "accident",
    "accidents",
    "natural",
    "health",
    "environment",
    "international",
    "relations",
    "law",
    "crime",
    "politics",
    "elections",
    "election",
    "government",
    "science",
    "technology",
    "sport",
    "sports",
    "religion",
    "diplomacy",
    "media",
    "television",
    "movies",
    "home",
    "video",
    "transport",
    "transportation",
    "uncategorized",
];

/// Categories whose event sentences are all conflict items.
pub const ARMED_CONFLICT_CATEGORIES: [&str; 2] =
    ["Armed conflicts and attacks", "Armed conflict and attacks"];

/// Words (whole-word, case-insensitive) that make a topic heading conflict-related.
const HEADING_KEYWORDS: [&str; 34] = [
    "war",
    "wars",
    "conflict",
    "conflicts",
    "insurgency",
    "insurgencies",
    "offensive",
    "counteroffensive",
    "attack",
    "attacks",
    "crisis",
    "invasion",
    "occupation",
    "bombing",
    "bombings",
    "siege",
    "battle",
    "battles",
    "massacre",
    "massacres",
    "shooting",
    "shootings",
    "airstrike",
    "airstrikes",
    "terrorism",
    "coup",
    "clashes",
    "rebellion",
    "insurrection",
    "militancy",
    "intervention",
    "assassination",
    "hostage",
    "uprising",
];
/// Phrases that disqualify a heading despite a keyword (non-violent "wars" and "crises").
const HEADING_EXCLUSIONS: [&str; 23] = [
    "trade war",
    "price war",
    "covid",
    "pandemic",
    "energy crisis",
    "fuel crisis",
    "financial crisis",
    "economic crisis",
    "debt crisis",
    "banking crisis",
    "housing crisis",
    "climate crisis",
    "cost-of-living crisis",
    "migrant crisis",
    "cost of living crisis",
    "liquidity crisis",
    "food crisis",
    "political crisis",
    "constitutional crisis",
    "government crisis",
    "presidential crisis",
    "supplier crisis",
    "economic impact",
];

/// The distinct keywords of `keywords` occurring in `text` as whole words.
pub fn matched_keywords(text: &str, keywords: &[&'static str]) -> HashSet<&'static str> {
    words(text)
        .filter_map(|w| keywords.iter().copied().find(|k| *k == w))
        .collect()
}

/// A heading that names a conflict: one of [`HEADING_KEYWORDS`] and none of
/// [`HEADING_EXCLUSIONS`].
pub fn is_conflict_heading(heading: &str) -> bool {
    let lower = heading.to_lowercase();
    !HEADING_EXCLUSIONS.iter().any(|x| lower.contains(x))
        && !matched_keywords(heading, &HEADING_KEYWORDS).is_empty()
}

/// Collapses every run of Unicode whitespace (incl. no-break spaces) to one space and trims.
pub fn tidy(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Lowercased alphanumeric words of `text` (hyphens and dashes split words).
pub fn words(text: &str) -> impl Iterator<Item = String> + '_ {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
}

/// True for `YYYY-MM-DD` with plausible month and day numbers.
pub fn is_iso_date(s: &str) -> bool {
    let parts: Vec<&str> = s.split('-').collect();
    let digits = |p: &str, n: usize| p.len() == n && p.bytes().all(|b| b.is_ascii_digit());
    if parts.len() != 3 || !digits(parts[0], 4) || !digits(parts[1], 2) || !digits(parts[2], 2) {
        return false;
    }
    let month: u32 = parts[1].parse().unwrap_or(0);
    let day: u32 = parts[2].parse().unwrap_or(0);
    (1..=12).contains(&month) && (1..=31).contains(&day)
}

/// One event sentence of a day, with the headings around it.
#[derive(Debug, Clone)]
pub struct Event {
    /// `wce-YYYY-MM-DD-NNN`: the day and the item's 1-based position among all the day's items.
    pub id: String,
    /// The portal day, `YYYY-MM-DD`.
    pub date: String,
    /// The day's portal page.
    pub url: String,
    /// The category key of its list.
    pub category: String,
    /// The sentence without its trailing citations and without an inline topic.
    pub text: String,
    /// The cited outlets, in order.
    pub sources: Vec<String>,
    /// The last run of heading lines above it in its list, outermost first, carried over every
    /// event since (the scraper's flattened view; see the module documentation).
    pub heading_run: Vec<String>,
    /// The headings it certainly belongs to, outermost first.
    pub topics: Vec<String>,
    /// Headings of `heading_run` it may belong to, when it is not the first event after it.
    pub uncertain: Vec<String>,
}

/// What a list item of `Intelligence_Payload` is.
enum Entry {
    /// A topic heading such as `Insurgency in Cabo Delgado`.
    Heading(String),
    /// An event sentence with its trailing citations removed, and the cited outlets.
    Event { body: String, sources: Vec<String> },
    /// Anything else (a sentence without a cited source, an unclosed citation): ignored.
    Other,
}

/// Calls `each` with the year and events of every day file of a year that `wanted` accepts,
/// in archive order. The files of other years are skipped unread.
pub fn read_archive(
    archive: &Path,
    wanted: impl Fn(u32) -> bool,
    mut each: impl FnMut(u32, Vec<Event>),
) -> Result<()> {
    let file = fs::File::open(archive).with_context(|| format!("opening {}", archive.display()))?;
    let mut tar = tar::Archive::new(GzDecoder::new(file));
    let entries = tar
        .entries()
        .with_context(|| format!("reading {}", archive.display()))?;
    for entry in entries {
        let mut entry = entry.with_context(|| format!("reading {}", archive.display()))?;
        let path = entry.path()?.to_string_lossy().into_owned();
        let Some((year, stem)) = day_file(&path) else {
            continue;
        };
        if !wanted(year) {
            continue;
        }
        let mut text = String::new();
        entry
            .read_to_string(&mut text)
            .with_context(|| format!("reading {path} from {}", archive.display()))?;
        each(
            year,
            parse_day(&text, &stem).with_context(|| format!("parsing {path}"))?,
        );
    }
    Ok(())
}

/// For `YYYY/MM/YYYY-MM-DD.yaml`: the year and the date stem.
fn day_file(path: &str) -> Option<(u32, String)> {
    let name = path.rsplit('/').next()?;
    let stem = name.strip_suffix(".yaml")?;
    if !is_iso_date(stem) {
        return None;
    }
    let year: u32 = stem[..4].parse().ok()?;
    Some((year, stem.to_string()))
}

/// The event sentences of one day file.
pub fn parse_day(text: &str, stem: &str) -> Result<Vec<Event>> {
    let docs = YamlLoader::load_from_str(text).context("invalid YAML")?;
    let doc = docs.first().context("empty YAML document")?;
    let date = doc["Date"].as_str().context("missing Date")?;
    ensure!(date == stem, "Date {date:?} differs from the file name");
    let uri = doc["Source_URI"].as_str().context("missing Source_URI")?;
    let url = format!("https://en.wikipedia.org/wiki/{}", uri.replace(' ', "_"));
    let Some(payload) = doc["Intelligence_Payload"].as_hash() else {
        return Ok(Vec::new());
    };
    let mut events = Vec::new();
    let mut index = 0;
    for (category, list) in payload {
        let category = scalar_text(category);
        let key_topics = category_topics(&category);
        let list = list.as_vec().map(Vec::as_slice).unwrap_or_default();
        let mut run: Vec<String> = Vec::new();
        // Events since the last heading line; 0 while headings are being read.
        let mut since_heading = 0usize;
        for item in list {
            index += 1;
            match classify(&scalar_text(item)) {
                Entry::Heading(heading) => {
                    if since_heading > 0 || run.is_empty() {
                        run.clear();
                    }
                    run.push(heading);
                    since_heading = 0;
                }
                Entry::Event { body, sources } => {
                    since_heading += 1;
                    let (inline, text) = match inline_topic(&body) {
                        Some((topic, rest)) => (Some(topic.to_string()), rest.to_string()),
                        None => (None, body),
                    };
                    let first_after_run = since_heading == 1 && !run.is_empty();
                    let mut topics = key_topics.clone();
                    if first_after_run {
                        topics.extend(run.iter().cloned());
                    }
                    topics.extend(inline);
                    let mut seen = HashSet::new();
                    topics.retain(|t| seen.insert(t.clone()));
                    let uncertain = if first_after_run {
                        Vec::new()
                    } else {
                        run.iter()
                            .filter(|h| !topics.contains(h))
                            .cloned()
                            .collect()
                    };
                    events.push(Event {
                        id: format!("wce-{date}-{index:03}"),
                        date: date.to_string(),
                        url: url.clone(),
                        category: category.clone(),
                        text,
                        sources,
                        heading_run: run.clone(),
                        topics,
                        uncertain,
                    });
                }
                Entry::Other => since_heading += 1,
            }
        }
    }
    Ok(events)
}

/// The topics a category key names: none for a portal section, else the key's parts
/// (`2014 pro-Russian unrest in Ukraine: War in Donbass` is two nested topics).
fn category_topics(key: &str) -> Vec<String> {
    if words(key).all(|w| SECTION_WORDS.contains(&w.as_str())) {
        return Vec::new();
    }
    key.split(": ")
        .map(tidy)
        .filter(|t| !t.is_empty())
        .collect()
}

/// `Topic: sentence` -> (topic, sentence), when the part before the first `": "` is short,
/// starts with a capital or a digit and quotes nothing.
fn inline_topic(body: &str) -> Option<(&str, &str)> {
    let (topic, rest) = body.split_once(": ")?;
    let topic = topic.trim();
    let fits = topic.len() <= MAX_INLINE_TOPIC_LEN
        && topic.split(' ').count() <= MAX_INLINE_TOPIC_WORDS
        && topic
            .chars()
            .next()
            .is_some_and(|c| c.is_uppercase() || c.is_ascii_digit())
        && !topic.contains(['"', '“', '”'])
        && !rest.trim().is_empty();
    fits.then(|| (topic, rest.trim()))
}

/// The text of a scalar list item (the YAML may type a bare heading like `1948` as a number).
fn scalar_text(item: &Yaml) -> String {
    match item {
        Yaml::String(s) | Yaml::Real(s) => tidy(s),
        Yaml::Integer(i) => i.to_string(),
        Yaml::Boolean(b) => b.to_string(),
        _ => String::new(),
    }
}

/// Event sentence, topic heading or other, by the rules documented in `corpus/SOURCES.md`.
fn classify(text: &str) -> Entry {
    if text.is_empty() {
        return Entry::Other;
    }
    let (body, sources) = split_citations(text);
    let body = body.to_string();
    if !sources.is_empty() && (ends_sentence(&body) || is_unpunctuated_event(&body, &sources)) {
        return Entry::Event { body, sources };
    }
    let balanced = text.matches('(').count() == text.matches(')').count();
    if balanced
        && text.len() <= MAX_HEADING_LEN
        && (!ends_sentence(text) || ends_with_initialism(text))
    {
        return Entry::Heading(text.to_string());
    }
    Entry::Other
}

/// A long cited sentence that lacks its full stop. Lowercase "citations" such as `(state)`
/// are disambiguators of a multi-article heading, not outlets.
fn is_unpunctuated_event(body: &str, sources: &[String]) -> bool {
    body.split(' ').count() >= MIN_UNPUNCTUATED_EVENT_WORDS
        && sources
            .iter()
            .all(|s| !s.starts_with(|c: char| c.is_lowercase()))
}

fn ends_sentence(text: &str) -> bool {
    text.ends_with(['.', '!', '?', '"', '”', '\'', '’'])
}

/// True for text ending in an initialism such as `U.S.` or `D.C.` (headings do).
fn ends_with_initialism(text: &str) -> bool {
    let last = text.rsplit(' ').next().unwrap_or("");
    last.len() >= 4 && last.matches('.').count() >= 2 && !last.contains("..")
}

/// Splits trailing citation groups such as `(Reuters) (AP via Fox News)` or
/// `(BBC), (CNN).` off `text`. Year-like groups such as `(2014–present)` are not citations.
fn split_citations(text: &str) -> (&str, Vec<String>) {
    let mut rest = text.trim_end();
    if rest.ends_with(").") {
        rest = &rest[..rest.len() - 1];
    }
    let mut sources = Vec::new();
    while let Some(open) = trailing_group_start(rest) {
        let inner = tidy(&rest[open + 1..rest.len() - 1]);
        if inner.is_empty() || is_year_like(&inner) {
            break;
        }
        sources.push(inner);
        rest = rest[..open].trim_end().trim_end_matches(',').trim_end();
    }
    sources.reverse();
    (rest, sources)
}

/// Byte index of the `(` matching the final `)` of `text`, if it ends with one.
fn trailing_group_start(text: &str) -> Option<usize> {
    if !text.ends_with(')') {
        return None;
    }
    let mut depth = 0usize;
    for (i, c) in text.char_indices().rev() {
        match c {
            ')' => depth += 1,
            '(' => {
                depth -= 1;
                if depth == 0 {
                    return Some(i);
                }
            }
            _ => {}
        }
    }
    None
}

/// `2014–2017`, `2015–present`, `1999`: a disambiguating period, not an outlet.
fn is_year_like(inner: &str) -> bool {
    let core = inner.trim_end_matches("present");
    core.chars().next().is_some_and(|c| c.is_ascii_digit())
        && core
            .chars()
            .all(|c| c.is_ascii_digit() || matches!(c, '–' | '-' | '—' | '/' | ' '))
}

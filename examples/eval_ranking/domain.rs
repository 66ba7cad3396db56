//! The conflict-domain ranking set, built from Wikipedia's Current Events portal
//! (`wikipedia-current-events`, CC BY-SA 4.0), years 2002-2014 by default. Later years are kept
//! for a held-out check: `--years` builds the same set from other years, and nothing here looks
//! at them otherwise.
//!
//! * **Documents**: every event sentence of those years (an item that ends with a cited outlet,
//!   as `build_corpus` reads them: 49,377 for 2002-2014), of every portal section, so that
//!   politics, sport and disasters are there to be ranked below the conflict news. The cited
//!   outlets and an inline topic (`Syrian civil war: ...`) are cut off. The **title** is the
//!   sentence's first [`TITLE_WORDS`] words and the body is the whole sentence (as a corpus item
//!   without a reliable heading is titled by its own first clause); a heading is never a title,
//!   which would give the answer away.
//! * **Queries**: the topic headings that certainly own at least [`MIN_RELEVANT`] sentences and
//!   name a conflict: by the corpus's own rule (a conflict word such as war, insurgency, crisis,
//!   uprising, and no "financial crisis"), or because most of their sentences sit in the portal's
//!   "Armed conflicts and attacks" section. Spellings of one heading are merged: case, dashes
//!   and Wikipedia's parenthesised disambiguators (`War in Afghanistan (2001–2021)` = `War in
//!   Afghanistan`) do not count. The query is the heading as the portal writes it most often,
//!   without the disambiguator, run as a bag of words like the Cranfield queries.
//! * **Relevant**: the sentences the heading certainly owns (see `current_events`: a topic
//!   category, an inline topic, or the first event after a run of heading lines), gain 1.
//! * **Judged**: a sentence some heading (any, conflict or not) certainly owns is judged for
//!   every query: relevant to its own headings, not relevant to the others. A sentence no
//!   heading owns was filed under no topic at all (most of 2002-2013: editors filed most events
//!   straight under a section such as "Armed conflicts and attacks") and is unjudged; so are the
//!   sentences a query's heading only may own (later events after its run), since the flattened
//!   portal cannot tell. Unjudged sentences stay in the index (they weigh in every statistic and
//!   compete for every query) but are **left out of the rankings before scoring** (condensed
//!   lists, Sakai 2007: every system is scored on the judged documents it ranks, in its order);
//!   scoring them as not relevant would punish finding an Iraq sentence that no editor filed.
//! * **Split**: queries are split into dev and test by a hash of the merged heading (FNV-1a, even
//!   = dev), so a weight chosen on dev is checked on topics it was not chosen on.
//!
//! Noise, measured or estimated: (1) a heading owns the second event after its run about two
//! times in three, and those pairs are dropped rather than judged; (2) near-synonym headings are
//! separate queries (`Syrian civil war`, `2011 Syrian uprising`, `Syrian uprising`), so a
//! sentence filed under one counts as not relevant to the others, which penalises any system that
//! finds it; (3) about 3% of inline topics are not headings (`The U.S. dollar hits a new low
//! against the euro: ...`, from reading 60 single-use ones); (4) a sentence filed under one topic
//! is often about another too (a Syrian shelling of Lebanon filed under `Syrian civil war` only).
//! Each of these costs every system alike; the set compares systems, it does not give absolute
//! figures.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::ops::RangeInclusive;
use std::path::Path;

use anyhow::{ensure, Result};

use crate::current_events::{
    is_conflict_heading, read_archive, tidy, ARCHIVE, ARMED_CONFLICT_CATEGORIES,
};

/// Words of a sentence used as its title.
pub const TITLE_WORDS: usize = 12;
/// Fewest certainly-owned sentences for a heading to become a query ("a handful").
pub const MIN_RELEVANT: usize = 5;
/// The years of the set unless `--years` says otherwise; later years are the held-out check.
pub const DEFAULT_YEARS: RangeInclusive<u32> = 2002..=2014;

/// One document of the set.
#[derive(Debug, Clone)]
pub struct Document {
    /// The portal item's id, `wce-YYYY-MM-DD-NNN`.
    pub id: String,
    /// The portal day.
    pub date: String,
    /// The sentence's first [`TITLE_WORDS`] words.
    pub title: String,
    /// The whole sentence.
    pub body: String,
    /// Whether some heading certainly owns it: judged for every query.
    pub judged: bool,
}

/// Dev (weights are chosen on it) or test (they are checked on it).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Split {
    /// Where weights are chosen.
    Dev,
    /// Where they are checked.
    Test,
}

impl Split {
    /// The split of a merged heading: FNV-1a of its key, even = dev.
    fn of(key: &str) -> Split {
        let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
        for byte in key.bytes() {
            hash = (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3);
        }
        if hash.is_multiple_of(2) {
            Split::Dev
        } else {
            Split::Test
        }
    }

    /// `dev` or `test`.
    pub fn name(self) -> &'static str {
        match self {
            Split::Dev => "dev",
            Split::Test => "test",
        }
    }
}

/// One query with its judgments.
#[derive(Debug, Clone)]
pub struct Query {
    /// `d001`, ... in the order of the merged headings.
    pub id: String,
    /// The heading as the portal writes it most often, without its disambiguator.
    pub text: String,
    /// Dev or test.
    pub split: Split,
    /// Ids of the sentences the heading certainly owns.
    pub relevant: HashSet<String>,
    /// Ids of the sentences it may own: left out of its ranking.
    pub uncertain: HashSet<String>,
}

/// The documents and queries of the set.
pub struct DomainSet {
    /// Every event sentence of the years.
    pub docs: Vec<Document>,
    /// The conflict headings with enough sentences.
    pub queries: Vec<Query>,
    /// Merged headings that own at least one sentence, conflict or not.
    pub headings: usize,
    /// Ids of the judged documents.
    judged: HashSet<String>,
}

impl DomainSet {
    /// Whether the document `id` is judged (some heading certainly owns it).
    pub fn is_judged(&self, id: &str) -> bool {
        self.judged.contains(id)
    }
}

/// What is gathered about one merged heading.
#[derive(Default)]
struct Topic {
    /// Each spelling and how often it owns a sentence.
    spellings: BTreeMap<String, usize>,
    certain: HashSet<String>,
    uncertain: HashSet<String>,
    /// Certain sentences filed under an armed-conflict section.
    in_conflict_section: usize,
}

/// The key that merges spellings of one heading: no parenthesised part, one kind of dash,
/// lower case, tidy spaces.
fn topic_key(heading: &str) -> String {
    let plain = without_parentheses(heading);
    let dashes: String = plain
        .chars()
        .map(|c| {
            if matches!(c, '–' | '—' | '‐' | '−') {
                '-'
            } else {
                c
            }
        })
        .collect();
    tidy(&dashes.to_lowercase())
}

/// `War in Afghanistan (2001–2021)` -> `War in Afghanistan`.
fn without_parentheses(text: &str) -> String {
    let mut out = String::new();
    let mut depth = 0usize;
    for c in text.chars() {
        match c {
            '(' => depth += 1,
            ')' => depth = depth.saturating_sub(1),
            _ if depth == 0 => out.push(c),
            _ => {}
        }
    }
    tidy(&out)
}

/// The first `n` words of `text`.
fn first_words(text: &str, n: usize) -> String {
    text.split_whitespace()
        .take(n)
        .collect::<Vec<_>>()
        .join(" ")
}

/// Reads the archive's day files of `years` and builds the set.
pub fn build(data: &Path, years: RangeInclusive<u32>) -> Result<DomainSet> {
    let mut docs = Vec::new();
    let mut topics: HashMap<String, Topic> = HashMap::new();
    read_archive(
        &data.join(ARCHIVE),
        |year| years.contains(&year),
        |_, events| {
            for event in events {
                let conflict_section = ARMED_CONFLICT_CATEGORIES.contains(&event.category.as_str());
                for heading in &event.topics {
                    let topic = topics.entry(topic_key(heading)).or_default();
                    *topic
                        .spellings
                        .entry(without_parentheses(heading))
                        .or_default() += 1;
                    topic.certain.insert(event.id.clone());
                    topic.in_conflict_section += usize::from(conflict_section);
                }
                for heading in &event.uncertain {
                    let topic = topics.entry(topic_key(heading)).or_default();
                    topic.uncertain.insert(event.id.clone());
                }
                docs.push(Document {
                    judged: !event.topics.is_empty(),
                    title: first_words(&event.text, TITLE_WORDS),
                    id: event.id,
                    date: event.date,
                    body: event.text,
                });
            }
        },
    )?;
    ensure!(
        !docs.is_empty(),
        "no event sentence in the years {years:?} of {}",
        data.join(ARCHIVE).display()
    );
    let headings = topics.values().filter(|t| !t.certain.is_empty()).count();
    let mut keys: Vec<&String> = topics.keys().collect();
    keys.sort();
    let mut queries = Vec::new();
    for key in keys {
        let topic = &topics[key];
        let Some(text) = most_frequent(&topic.spellings) else {
            continue;
        };
        let conflict =
            is_conflict_heading(&text) || 2 * topic.in_conflict_section >= topic.certain.len();
        if topic.certain.len() < MIN_RELEVANT || !conflict || text.is_empty() {
            continue;
        }
        queries.push(Query {
            id: format!("d{:03}", queries.len() + 1),
            text,
            split: Split::of(key),
            relevant: topic.certain.clone(),
            uncertain: topic
                .uncertain
                .difference(&topic.certain)
                .cloned()
                .collect(),
        });
    }
    let judged = docs
        .iter()
        .filter(|d| d.judged)
        .map(|d| d.id.clone())
        .collect();
    Ok(DomainSet {
        docs,
        queries,
        headings,
        judged,
    })
}

/// The most frequent spelling; the first in byte order among equals.
fn most_frequent(spellings: &BTreeMap<String, usize>) -> Option<String> {
    let mut best: Option<(&String, usize)> = None;
    for (spelling, &count) in spellings {
        if best.is_none_or(|(_, c)| count > c) {
            best = Some((spelling, count));
        }
    }
    best.map(|(s, _)| s.clone())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spellings_of_one_heading_share_a_key() {
        let key = topic_key("War in Afghanistan (2001–2021)");
        assert_eq!(key, topic_key("War in  afghanistan"));
        assert_eq!(
            topic_key("Israeli–Palestinian conflict"),
            topic_key("Israeli-Palestinian Conflict")
        );
        assert_ne!(topic_key("Syrian civil war"), topic_key("Syrian uprising"));
    }

    #[test]
    fn the_most_frequent_spelling_names_the_query() {
        let spellings = BTreeMap::from([
            ("Syrian Civil War".to_string(), 3),
            ("Syrian civil war".to_string(), 5),
        ]);
        assert_eq!(
            most_frequent(&spellings).as_deref(),
            Some("Syrian civil war")
        );
    }

    #[test]
    fn titles_are_the_first_words_and_splits_are_stable() {
        assert_eq!(first_words("a b  c d", 3), "a b c");
        assert_eq!(Split::of("syrian civil war"), Split::of("syrian civil war"));
    }
}

//! State forces that no gazetteer name spells out, read from how a country is
//! used: as the agent of a state act ("Russia confirms", "activists blame
//! Russia", "Russia's peacekeeping contingent"), coordinated with a state
//! force ("the Russian and Ukrainian delegations"), or as the one country a
//! story is set in when it names the police, army or government without a
//! nationality ("a shootout with police" in Port-au-Prince, Haiti). These
//! follow the state-forces convention of tests/data/LABELLING.md; the rules and
//! the examples behind them are in index-schema/README.md.

use std::collections::HashMap;
use std::sync::LazyLock;

use aho_corasick::AhoCorasick;

use super::entity::{ActorKind, NameKind};
use super::words::NUMBERS;
use super::{is_name_word, Dimension, Folded, Gazetteer, Hit, Mention, ARTICLES, CUE_WORDS};

/// Verbs that, right after a country's name, make the state their agent:
/// "Russia confirms", "Ukraine announces", "Israel conducts airstrikes".
const AGENT_VERBS: &[&str] = &[
    "says",
    "said",
    "confirms",
    "confirmed",
    "announces",
    "announced",
    "conducts",
    "conducted",
    "issues",
    "issued",
    "warns",
    "warned",
    "accuses",
    "invades",
    "invaded",
    "launches",
    "launched",
    "deploys",
    "deployed",
    "denies",
    "denied",
    "condemns",
    "condemned",
    "orders",
    "ordered",
    "threatens",
    "threatened",
    "began",
    "begins",
    "pledged",
    "pledges",
    "recognises",
    "recognizes",
    "recognised",
    "recognized",
    "expels",
    "expelled",
    "imposes",
    "imposed",
    "summons",
    "summoned",
    "sends",
    "sent",
    "vetoes",
    "vetoed",
    "rejects",
    "rejected",
    "demands",
    "demanded",
    "stated",
    "indicated",
    "indicates",
    "cited",
    "cites",
    "relinquished",
    "agreed",
    "agrees",
    "signed",
    "signs",
    "joined",
    "joins",
    "withdrew",
    "withdraws",
    "attacked",
    "struck",
    "retaliated",
    "retaliates",
    "intercepted",
    "intercepts",
    "seized",
    "seizes",
    "captured",
    "captures",
    "arrested",
    "arrests",
    "detained",
    "detains",
    "banned",
    "bans",
    "urged",
    "urges",
    "refused",
    "refuses",
    "suspended",
    "suspends",
    "vowed",
    "vows",
    "accused",
];

/// Words allowed between the country and its verb, at most two of them:
/// "France has warned", "the US has further indicated"; "Turkey would also
/// take over" is not matched, "China, Iran and Russia have pledged" is.
const AUXILIARIES: &[&str] = &[
    "has",
    "have",
    "had",
    "will",
    "would",
    "also",
    "further",
    "already",
    "reportedly",
];

/// Words right before a country that make it the state acting:
/// "activists blame Russia", "Pompeo blames Iran".
const BLAME_VERBS: &[&str] = &[
    "blame", "blames", "blamed", "blaming", "accuse", "accuses", "accusing",
];

/// Passive agents: "forces led by Saudi Arabia", "rebels backed by Iran", "a
/// naval coalition which was joined by Australia, Bahrain…".
const BY_VERBS: &[&str] = &[
    "backed",
    "led",
    "supported",
    "armed",
    "funded",
    "joined",
    "condemned",
    "recognised",
    "recognized",
    "imposed",
    "sanctioned",
    "invaded",
    "occupied",
    "annexed",
];

/// State institutions named as "<noun> of <country>": "the navies of China,
/// India, Oman, Pakistan, and Russia", "The Central Electoral Commission of
/// Kyrgyzstan announces", "The Department of Foreign Affairs of the
/// Philippines".
const OF_NOUNS: &[&str] = &[
    "department",
    "affairs",
    "army",
    "armies",
    "navy",
    "navies",
    "military",
    "militaries",
    "forces",
    "troops",
    "police",
    "government",
    "governments",
    "authorities",
    "parliament",
    "parliaments",
    "ministry",
    "ministries",
    "commission",
    "agency",
];

/// Nouns of state institutions within two words after a country's
/// possessive ("Russia's peacekeeping contingent", "Syria's army", "Hong
/// Kong's Legislative Council passes a law").
const POSSESSED_NOUNS: &[&str] = &[
    "army",
    "military",
    "forces",
    "troops",
    "soldiers",
    "police",
    "navy",
    "government",
    "authorities",
    "parliament",
    "ministry",
    "peacekeepers",
    "contingent",
    "intelligence",
    "delegation",
    "embassy",
    "legislature",
    "council",
];

/// State-force nouns that, without a nationality, stand for the forces of the
/// country a story is set in: "police officers" in Shali, Chechnya; "a police
/// checkpoint in Baghdad"; "pro-government soldiers" at Marib. Not "military",
/// mostly an adjective ("the military airport in Kabul").
const BARE_NOUNS: &[&str] = &[
    "police",
    "policemen",
    "policeman",
    "soldiers",
    "soldier",
    "troops",
    "army",
    "security forces",
    "security personnel",
    "authorities",
    "government",
    "navy",
    "sheriff's office",
    "armed forces",
];

/// Words before a bare force noun that give it another owner ("rebel
/// soldiers", "foreign forces", "anti-government") or make it not a force.
const OTHER_OWNERS: &[&str] = &[
    "rebel",
    "rebels",
    "militant",
    "opposition",
    "insurgent",
    "separatist",
    "foreign",
    "coalition",
    "anti",
    "pro",
    "former",
    "ex",
    "child",
];

/// Adds the state-forces mentions that context implies. `hits` and
/// `mentions` are aligned (one mention per hit, folded and original ranges).
pub(super) fn infer(
    gazetteer: &Gazetteer,
    folded: &Folded,
    hits: &[Hit],
    mentions: &mut Vec<Mention>,
) {
    let (text, lower) = (folded.cased.as_str(), folded.lower.as_str());
    let mut found: Vec<Mention> = Vec::new();
    let mut add = |region_mention: &Mention, state: usize, range: (usize, usize)| {
        found.push(Mention {
            entity: state,
            name: region_mention.name,
            matched: region_mention.matched.clone(),
            range,
            accepted: true,
            town: None,
        });
    };
    let region_hits: Vec<(&Hit, &Mention)> = hits
        .iter()
        .zip(mentions.iter())
        .filter(|(_, m)| m.accepted && gazetteer.entities[m.entity].dimension == Dimension::Region)
        .collect();
    // Countries by name (not by a city), with their state forces.
    let countries: Vec<(&Hit, &Mention, usize)> = region_hits
        .iter()
        .filter(|(_, m)| gazetteer.names[m.name].kind == NameKind::Name)
        .filter_map(|&(h, m)| Some((h, m, gazetteer.state_forces_of(m.entity)?)))
        .collect();
    // A list acts as one: "China, Iran, and Russia have pledged funds"; in
    // "protesters in China, Iran and Russia have condemned", none does. A
    // singular verb makes the last country the subject of a clause of its
    // own: "its intervention in Yemen and Saudi Arabia begins airstrikes".
    let list_hits: Vec<&Hit> = countries.iter().map(|c| c.0).collect();
    let mut lists = country_lists(lower, &list_hits);
    lists.retain(|list| !singular_verb_after(lower, list_hits[list[list.len() - 1]].end));
    let in_list = |i: usize| lists.iter().any(|l| l.contains(&i));
    for (i, &(hit, mention, state)) in countries.iter().enumerate() {
        let alone_acts = !in_list(i) && acts(text, lower, hit);
        if alone_acts || coordinated(gazetteer, lower, hit, hits, mentions) {
            add(mention, state, mention.range);
        }
    }
    for list in lists {
        let (first, last) = (list_hits[list[0]], list_hits[list[list.len() - 1]]);
        let span = Hit {
            name: first.name,
            start: first.start,
            end: last.end,
            town: None,
        };
        if acts(text, lower, &span) {
            for &i in &list {
                let (_, mention, state) = countries[i];
                add(mention, state, mention.range);
            }
        }
    }
    if has_bare_force_noun(text, lower, hits) {
        if let Some((mention, state)) = setting(gazetteer, lower, &region_hits) {
            add(mention, state, mention.range);
        }
    }
    mentions.extend(found);
}

/// The word after `end` (skipping one space), lower case.
fn next_word(lower: &str, end: usize) -> (&str, usize) {
    let rest = &lower[end..];
    let Some(rest) = rest.strip_prefix(' ') else {
        return ("", end);
    };
    let word = rest
        .split(|c: char| !(c.is_alphanumeric() || c == '\''))
        .next()
        .unwrap_or("");
    (word, end + 1 + word.len())
}

/// The word before `start` (skipping spaces), lower case, and where it starts.
fn prev_word(lower: &str, start: usize) -> (&str, usize) {
    let before = lower[..start].trim_end_matches(' ');
    let word = before
        .rsplit(|c: char| !c.is_alphanumeric())
        .next()
        .unwrap_or("");
    (word, before.len() - word.len())
}

/// The word before `start`, past a "the": "from the United States" gives "from".
fn prev_word_past_article(lower: &str, start: usize) -> (&str, usize) {
    match prev_word(lower, start) {
        ("the", at) => prev_word(lower, at),
        word => word,
    }
}

/// "Russia confirms", "France has warned", "activists blame Russia", "backed by
/// Iran", "Russia's peacekeeping contingent".
fn acts(text: &str, lower: &str, hit: &Hit) -> bool {
    let (before, at) = prev_word_past_article(lower, hit.start);
    // "condemned by Spanish Prime Minister Pedro Sánchez" is the person's act.
    let qualifies_a_name = text[hit.end..]
        .strip_prefix(' ')
        .is_some_and(|rest| rest.starts_with(char::is_uppercase));
    if !qualifies_a_name {
        let by = before == "by" && BY_VERBS.contains(&prev_word(lower, at).0);
        let of = before == "of" && OF_NOUNS.contains(&prev_word(lower, at).0);
        if BLAME_VERBS.contains(&before) || by || of {
            return true;
        }
    }
    if let Some(rest) = lower[hit.end..].strip_prefix("'s ") {
        let mut words = rest.split(|c: char| !c.is_alphanumeric()).take(2);
        return words.any(|w| POSSESSED_NOUNS.contains(&w));
    }
    // A country after "in", "from", "to"... is a place or an object, whatever follows.
    if CUE_WORDS.contains(&before) {
        return false;
    }
    let (mut word, mut end) = next_word(lower, after_relative_clause(lower, hit.end));
    for _ in 0..2 {
        if AUXILIARIES.contains(&word) {
            (word, end) = next_word(lower, end);
        }
    }
    AGENT_VERBS.contains(&word)
}

/// Where the clause of a country goes on past a relative clause: "The
/// United States, which has retreated from its goal of ousting Assad, has
/// stated…" goes on at ", has stated". Elsewhere `end` itself.
fn after_relative_clause(lower: &str, end: usize) -> usize {
    /// A relative clause longer than this is more likely a sentence's rest.
    const MAX_CLAUSE: usize = 120;
    let rest = &lower[end..];
    if !(rest.starts_with(", which ") || rest.starts_with(", who ")) {
        return end;
    }
    // Byte offsets, not a slice: the clause may hold non-ASCII letters
    // (folding keeps "中"), and a cut at MAX_CLAUSE could split one.
    let close = rest[2..]
        .char_indices()
        .take_while(|&(i, _)| i < MAX_CLAUSE)
        .find(|&(_, c)| matches!(c, ',' | '.' | ';'));
    match close {
        Some((at, ',')) => end + 2 + at + 1,
        _ => end,
    }
}

/// Whether the word after `end` is a verb in the singular: "has", "is",
/// "was", or an agent verb in `-s` ("begins", "announces").
fn singular_verb_after(lower: &str, end: usize) -> bool {
    let (word, _) = next_word(lower, after_relative_clause(lower, end));
    matches!(word, "has" | "is" | "was")
        || word.ends_with('s') && !word.ends_with("ss") && AGENT_VERBS.contains(&word)
}

/// Country mentions joined into lists: "China, Iran, and Russia", "Australia,
/// Bahrain, Saudi Arabia, the United Kingdom and the United Arab Emirates".
/// Each list is its members' indexes into `hits`, in text order.
fn country_lists(lower: &str, hits: &[&Hit]) -> Vec<Vec<usize>> {
    const GLUE: &[&str] = &[", ", " and ", ", and ", " or ", ", or "];
    let joined = |a: &Hit, b: &Hit| {
        a.end <= b.start && {
            let gap = &lower[a.end..b.start];
            let gap = gap.strip_suffix("the ").unwrap_or(gap);
            GLUE.contains(&gap)
        }
    };
    let mut lists: Vec<Vec<usize>> = Vec::new();
    for (i, hit) in hits.iter().enumerate() {
        match lists.last_mut() {
            Some(list) if joined(hits[*list.last().unwrap()], hit) => list.push(i),
            _ => lists.push(vec![i]),
        }
    }
    // A list ends in "and" or "or": in "a tip-off from the United States,
    // Russia arrests two men", the comma ends a phrase.
    lists.retain(|list| {
        let [.., before_last, last] = list.as_slice() else {
            return false;
        };
        let gap = &lower[hits[*before_last].end..hits[*last].start];
        gap.contains(" and ") || gap.contains(" or ")
    });
    lists
}

/// "the Russian and Ukrainian delegations", "Russian or Syrian jets", "four
/// Armenian and three Azerbaijani soldiers": a region joined by list glue to
/// an accepted state-forces mention.
fn coordinated(
    gazetteer: &Gazetteer,
    lower: &str,
    hit: &Hit,
    hits: &[Hit],
    mentions: &[Mention],
) -> bool {
    let (glue, mut end) = next_word(lower, hit.end);
    if !matches!(glue, "and" | "or") {
        return false;
    }
    let (count, after_count) = next_word(lower, end);
    if count.chars().all(|c| c.is_ascii_digit()) && !count.is_empty() || NUMBERS.contains(&count) {
        end = after_count;
    }
    hits.iter().zip(mentions).any(|(h, m)| {
        m.accepted
            && h.start == end + 1
            && gazetteer.entities[m.entity].kind == Some(ActorKind::StateForces)
    })
}

/// The country a story is set in: the country a title opens with before a
/// colon ("Luxembourg : un accident de train", "Syria: clashes in Al Hawl";
/// the story may then name the French towns the trains came from more
/// often), else the region named by more than half of the text's region
/// mentions ("Tel Aviv, Israel", "Israeli" under a heading on the
/// "Israeli–Palestinian conflict"; "Bogotá, Colombia" under one on the
/// "Somali Civil War"; Iran, Tehran and Karaj in a story that names Bishkek
/// once). With Lagos and Accra named alike, the forces could be either's.
fn setting<'a>(
    gazetteer: &Gazetteer,
    lower: &str,
    region_hits: &[(&Hit, &'a Mention)],
) -> Option<(&'a Mention, usize)> {
    let opens = lower.len() - lower.trim_start().len();
    let titled = region_hits
        .iter()
        .find(|(h, _)| h.start == opens && lower[h.end..].trim_start_matches(' ').starts_with(':'))
        .map(|(_, m)| gazetteer.country_of(m.entity));
    let top = match titled {
        Some(country) => country,
        None => majority_country(gazetteer, region_hits)?,
    };
    let mention = region_hits
        .iter()
        .find(|(_, m)| gazetteer.country_of(m.entity) == top)?
        .1;
    Some((mention, gazetteer.state_forces_of(top)?))
}

/// The country of more than half of `region_hits`, if one is.
fn majority_country(gazetteer: &Gazetteer, region_hits: &[(&Hit, &Mention)]) -> Option<usize> {
    let mut counts: HashMap<usize, usize> = HashMap::new();
    for (_, m) in region_hits {
        *counts.entry(gazetteer.country_of(m.entity)).or_default() += 1;
    }
    let (&top, &n) = counts.iter().max_by_key(|(_, n)| **n)?;
    (2 * n > region_hits.len()).then_some(top)
}

/// Whether a state-force noun stands with no owner before it (a nationality, a capitalised
/// name, "rebel", "foreign"), outside every gazetteer name ("Russian police"
/// is already named), in a text where no force noun has such an owner: after
/// "AMISOM soldiers", "scared soldiers" are AMISOM's too.
fn has_bare_force_noun(text: &str, lower: &str, hits: &[Hit]) -> bool {
    // One scan for all the nouns: a search per noun was a tenth of all indexing work.
    static NOUNS: LazyLock<AhoCorasick> =
        LazyLock::new(|| AhoCorasick::new(BARE_NOUNS).expect("fixed noun list"));
    let inside_name = |s: usize, e: usize| hits.iter().any(|h| h.start <= s && e <= h.end);
    let mut bare = false;
    for m in NOUNS.find_overlapping_iter(lower) {
        let (s, e) = (m.start(), m.end());
        let whole = !lower[..s].ends_with(|c: char| c.is_alphanumeric())
            && !lower[e..].starts_with(|c: char| c.is_alphanumeric());
        if !whole || inside_name(s, e) {
            continue;
        }
        let (before, at) = prev_word(lower, s);
        let adjacent = s > 0 && at + before.len() == s - 1;
        let after_name = hits.iter().any(|h| h.end + 1 == s)
            || adjacent && {
                let word = &text[at..s - 1];
                is_name_word(word, &text[..at]) && !ARTICLES.contains(&word)
            };
        if after_name {
            return false;
        }
        bare |= !OTHER_OWNERS.contains(&before);
    }
    bare
}

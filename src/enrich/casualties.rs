//! How many people a report says were killed, injured, abducted or
//! displaced, each count with its sentence, the group it belongs to and the
//! rule that read it. A count is read only where a pattern ties an amount
//! to a casualty word, so ages ("a 12-year-old"), dates, numbers of fighters
//! ("300 fighters attacked"), resolutions ("Resolution 2391") and
//! partitives ("one of the") are not counts. The patterns and their
//! examples are in index-schema/README.md ("Events and casualties").

use std::sync::LazyLock;

use clap::ValueEnum;
use rustc_hash::{FxHashMap, FxHashSet};
use serde::{Deserialize, Serialize};

use super::numbers::{amount_at, amount_first_words, may_start_amount, Amount};
use super::words::Word;
use super::Folded;

/// What happened to the people counted.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, ValueEnum,
)]
#[serde(rename_all = "lowercase")]
pub enum CasualtyKind {
    /// Killed, dead, died.
    Killed,
    /// Injured, wounded.
    Injured,
    /// Abducted, kidnapped, taken hostage.
    Abducted,
    /// Displaced, forced to flee.
    Displaced,
}

impl CasualtyKind {
    /// Every kind, in the order reports and fields list them.
    pub const ALL: [CasualtyKind; 4] = [
        CasualtyKind::Killed,
        CasualtyKind::Injured,
        CasualtyKind::Abducted,
        CasualtyKind::Displaced,
    ];

    /// The name used in field names, flags and JSON.
    pub fn name(self) -> &'static str {
        match self {
            CasualtyKind::Killed => "killed",
            CasualtyKind::Injured => "injured",
            CasualtyKind::Abducted => "abducted",
            CasualtyKind::Displaced => "displaced",
        }
    }

    /// The index field of an article's least count of this kind.
    pub fn min_field(self) -> &'static str {
        match self {
            CasualtyKind::Killed => "killed_min",
            CasualtyKind::Injured => "injured_min",
            CasualtyKind::Abducted => "abducted_min",
            CasualtyKind::Displaced => "displaced_min",
        }
    }

    /// The index field of an article's greatest count of this kind.
    pub fn max_field(self) -> &'static str {
        match self {
            CasualtyKind::Killed => "killed_max",
            CasualtyKind::Injured => "injured_max",
            CasualtyKind::Abducted => "abducted_max",
            CasualtyKind::Displaced => "displaced_max",
        }
    }
}

/// Who the people counted were, as far as the words next to the count say.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Group {
    /// Civilians, villagers, children, worshippers...
    Civilians,
    /// Soldiers, police, security forces, peacekeepers.
    StateForces,
    /// Militants, rebels, insurgents, gunmen, attackers.
    Militants,
    /// People, persons, others: the words do not say.
    Unspecified,
}

/// One count read from the text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Casualty {
    /// What happened to them.
    pub kind: CasualtyKind,
    /// Least number the text supports.
    pub min: u32,
    /// Greatest number the text supports (= `min` unless a range).
    pub max: u32,
    /// Who they were.
    pub group: Group,
    /// The amount as written (`at least 30`, `une dizaine`).
    pub amount: String,
    /// The rule that read it: the pattern and the amount's form.
    pub rule: String,
    /// Byte range of the amount in the text.
    pub range: (usize, usize),
    /// Byte range of its sentence in the text.
    pub sentence: (usize, usize),
}

/// Verbs whose object is the count: "killing 13 policemen", "tue 3 civils".
const ACTIVE: &[(&str, CasualtyKind)] = &[
    ("kill", CasualtyKind::Killed),
    ("kills", CasualtyKind::Killed),
    // "shot dead 3 people", "Gunmen shoot dead 2 officers"
    ("dead", CasualtyKind::Killed),
    ("killed", CasualtyKind::Killed),
    ("killing", CasualtyKind::Killed),
    ("slew", CasualtyKind::Killed),
    ("massacred", CasualtyKind::Killed),
    ("massacring", CasualtyKind::Killed),
    ("executed", CasualtyKind::Killed),
    ("executing", CasualtyKind::Killed),
    ("tue", CasualtyKind::Killed),
    ("tuent", CasualtyKind::Killed),
    ("tuant", CasualtyKind::Killed),
    ("abattu", CasualtyKind::Killed),
    ("injure", CasualtyKind::Injured),
    ("injures", CasualtyKind::Injured),
    ("injured", CasualtyKind::Injured),
    ("injuring", CasualtyKind::Injured),
    ("wound", CasualtyKind::Injured),
    ("wounds", CasualtyKind::Injured),
    ("wounded", CasualtyKind::Injured),
    ("wounding", CasualtyKind::Injured),
    ("blesse", CasualtyKind::Injured),
    ("blessant", CasualtyKind::Injured),
    ("abduct", CasualtyKind::Abducted),
    ("abducts", CasualtyKind::Abducted),
    ("abducted", CasualtyKind::Abducted),
    ("abducting", CasualtyKind::Abducted),
    ("kidnap", CasualtyKind::Abducted),
    ("kidnaps", CasualtyKind::Abducted),
    ("kidnapped", CasualtyKind::Abducted),
    ("kidnapping", CasualtyKind::Abducted),
    ("enleve", CasualtyKind::Abducted),
    ("enlevent", CasualtyKind::Abducted),
    ("displace", CasualtyKind::Displaced),
    ("displaces", CasualtyKind::Displaced),
    ("displaced", CasualtyKind::Displaced),
    ("displacing", CasualtyKind::Displaced),
    ("uprooted", CasualtyKind::Displaced),
];

/// Words after the count and its noun that say what happened to them:
/// "12 people were killed", "four soldiers died", "7 morts", "27 dead".
const PASSIVE: &[(&str, CasualtyKind)] = &[
    ("killed", CasualtyKind::Killed),
    ("dead", CasualtyKind::Killed),
    ("died", CasualtyKind::Killed),
    ("die", CasualtyKind::Killed),
    ("deaths", CasualtyKind::Killed),
    ("fatalities", CasualtyKind::Killed),
    ("slain", CasualtyKind::Killed),
    ("perished", CasualtyKind::Killed),
    ("massacred", CasualtyKind::Killed),
    ("executed", CasualtyKind::Killed),
    ("murdered", CasualtyKind::Killed),
    ("beheaded", CasualtyKind::Killed),
    ("morts", CasualtyKind::Killed),
    ("mort", CasualtyKind::Killed),
    ("tues", CasualtyKind::Killed),
    ("tue", CasualtyKind::Killed),
    ("tuees", CasualtyKind::Killed),
    ("tuee", CasualtyKind::Killed),
    ("deces", CasualtyKind::Killed),
    ("victimes", CasualtyKind::Killed),
    ("injured", CasualtyKind::Injured),
    ("wounded", CasualtyKind::Injured),
    ("hurt", CasualtyKind::Injured),
    ("injuries", CasualtyKind::Injured),
    ("blesses", CasualtyKind::Injured),
    ("blesse", CasualtyKind::Injured),
    ("blessees", CasualtyKind::Injured),
    ("abducted", CasualtyKind::Abducted),
    ("kidnapped", CasualtyKind::Abducted),
    ("hostages", CasualtyKind::Abducted),
    ("enleves", CasualtyKind::Abducted),
    ("enlevees", CasualtyKind::Abducted),
    ("otages", CasualtyKind::Abducted),
    ("displaced", CasualtyKind::Displaced),
    ("fled", CasualtyKind::Displaced),
    ("deplaces", CasualtyKind::Displaced),
    ("deplacees", CasualtyKind::Displaced),
    ("refugies", CasualtyKind::Displaced),
];

/// Nouns of a verb's action that take the count after "of": "the deaths of
/// four security guards", "claimed the lives of 12", "the abduction of 30".
const ACTION_OF: &[(&str, CasualtyKind)] = &[
    ("deaths", CasualtyKind::Killed),
    ("death", CasualtyKind::Killed),
    ("lives", CasualtyKind::Killed),
    ("killing", CasualtyKind::Killed),
    ("killings", CasualtyKind::Killed),
    ("massacre", CasualtyKind::Killed),
    ("abduction", CasualtyKind::Abducted),
    ("kidnapping", CasualtyKind::Abducted),
    ("displacement", CasualtyKind::Displaced),
];

/// Nouns of people, with the group they name.
const PEOPLE: &[(&str, Group)] = &[
    ("civilians", Group::Civilians),
    ("civilian", Group::Civilians),
    ("villagers", Group::Civilians),
    ("residents", Group::Civilians),
    ("children", Group::Civilians),
    ("child", Group::Civilians),
    ("women", Group::Civilians),
    ("students", Group::Civilians),
    ("schoolchildren", Group::Civilians),
    ("schoolgirls", Group::Civilians),
    ("pupils", Group::Civilians),
    ("worshippers", Group::Civilians),
    ("worshipers", Group::Civilians),
    ("farmers", Group::Civilians),
    ("herders", Group::Civilians),
    ("passengers", Group::Civilians),
    ("pilgrims", Group::Civilians),
    ("mourners", Group::Civilians),
    ("shoppers", Group::Civilians),
    ("miners", Group::Civilians),
    ("workers", Group::Civilians),
    ("journalists", Group::Civilians),
    ("teachers", Group::Civilians),
    ("refugees", Group::Civilians),
    ("migrants", Group::Civilians),
    ("protesters", Group::Civilians),
    ("protestors", Group::Civilians),
    ("demonstrators", Group::Civilians),
    ("patients", Group::Civilians),
    ("tourists", Group::Civilians),
    ("fishermen", Group::Civilians),
    ("guests", Group::Civilians),
    ("family", Group::Civilians),
    ("families", Group::Civilians),
    ("relatives", Group::Civilians),
    ("boys", Group::Civilians),
    ("girls", Group::Civilians),
    ("officials", Group::Civilians),
    ("employees", Group::Civilians),
    ("civils", Group::Civilians),
    ("habitants", Group::Civilians),
    ("villageois", Group::Civilians),
    ("enfants", Group::Civilians),
    ("femmes", Group::Civilians),
    ("soldiers", Group::StateForces),
    ("soldier", Group::StateForces),
    ("troops", Group::StateForces),
    ("servicemen", Group::StateForces),
    ("policemen", Group::StateForces),
    ("policeman", Group::StateForces),
    ("police", Group::StateForces),
    ("officers", Group::StateForces),
    ("officer", Group::StateForces),
    ("guards", Group::StateForces),
    ("gendarmes", Group::StateForces),
    ("peacekeepers", Group::StateForces),
    ("peacekeeper", Group::StateForces),
    ("personnel", Group::StateForces),
    ("marines", Group::StateForces),
    ("sailors", Group::StateForces),
    ("commandos", Group::StateForces),
    ("forces", Group::StateForces),
    ("army", Group::StateForces),
    ("military", Group::StateForces),
    ("soldats", Group::StateForces),
    ("militaires", Group::StateForces),
    ("policiers", Group::StateForces),
    ("casques", Group::StateForces),
    ("militants", Group::Militants),
    ("militant", Group::Militants),
    ("rebels", Group::Militants),
    ("rebel", Group::Militants),
    ("insurgents", Group::Militants),
    ("fighters", Group::Militants),
    ("terrorists", Group::Militants),
    ("terrorist", Group::Militants),
    ("jihadists", Group::Militants),
    ("jihadis", Group::Militants),
    ("gunmen", Group::Militants),
    ("attackers", Group::Militants),
    ("assailants", Group::Militants),
    ("bombers", Group::Militants),
    ("extremists", Group::Militants),
    ("islamists", Group::Militants),
    ("separatists", Group::Militants),
    ("militiamen", Group::Militants),
    ("militia", Group::Militants),
    ("combatants", Group::Militants),
    ("suspects", Group::Militants),
    ("operatives", Group::Militants),
    ("elements", Group::Militants),
    ("loyalists", Group::Militants),
    ("cadres", Group::Militants),
    ("commanders", Group::Militants),
    ("leaders", Group::Unspecified),
    ("tribesmen", Group::Unspecified),
    ("rebelles", Group::Militants),
    ("assaillants", Group::Militants),
    ("terroristes", Group::Militants),
    ("jihadistes", Group::Militants),
    ("miliciens", Group::Militants),
    ("combattants", Group::Militants),
    ("people", Group::Unspecified),
    ("persons", Group::Unspecified),
    ("individuals", Group::Unspecified),
    ("others", Group::Unspecified),
    ("men", Group::Unspecified),
    ("members", Group::Unspecified),
    ("victims", Group::Unspecified),
    ("bodies", Group::Unspecified),
    ("personnes", Group::Unspecified),
    ("hommes", Group::Unspecified),
];

/// Words that may stand between an amount and its noun: "five suspected al
/// Qaeda militants", "13 Afghan policemen", "27 members of the Afghan
/// National Security Forces". Capitalised words (names, nationalities) are
/// allowed too.
const MODIFIERS: &[&str] = &[
    "suspected",
    "alleged",
    "armed",
    "unarmed",
    "innocent",
    "local",
    "foreign",
    "security",
    "police",
    "army",
    "government",
    "pro",
    "anti",
    "regime",
    "junta",
    "rebel",
    "militia",
    "islamist",
    "jihadist",
    "militant",
    "enemy",
    "more",
    "other",
    "young",
    "elderly",
    "displaced",
    "aid",
    "border",
    "paramilitary",
    "special",
    "civilian",
    "school",
    "de",
    "des",
    "d'",
    "al",
    "el",
    "ul",
    "bin",
    "linked",
    "backed",
    "led",
    "affiliated",
    "allied",
    "loyal",
    "top",
    "senior",
    "more",
];

/// Auxiliaries and adverbs between a noun and its participle: "were
/// reportedly killed", "have been confirmed dead", "ont ete tues".
const AUXILIARIES: &[&str] = &[
    "were",
    "was",
    "are",
    "is",
    "be",
    "been",
    "have",
    "has",
    "had",
    "reportedly",
    "reported",
    "confirmed",
    "feared",
    "believed",
    "also",
    "later",
    "all",
    "now",
    "allegedly",
    "being",
    "who",
    "ont",
    "ete",
    "sont",
    "a",
    "se",
];

/// Words after an amount that show it counts something else: an age ("12
/// years old"), a time or a distance.
const UNIT_WORDS: &[&str] = &[
    "year",
    "years",
    "month",
    "months",
    "week",
    "weeks",
    "day",
    "days",
    "hour",
    "hours",
    "minute",
    "minutes",
    "km",
    "kilometres",
    "kilometers",
    "miles",
    "metres",
    "meters",
    "percent",
    "per",
    "am",
    "pm",
    "ans",
    "jours",
    "mois",
];

/// Words before an amount that make it something other than a count of
/// people: "aged 12", "Resolution 2391", "No. 5"; and
/// month names ([`MONTHS`], and "May": "on 12 March", "March 12").
const NOT_COUNT_BEFORE: &[&str] = &[
    "aged",
    "age",
    "resolution",
    "resolutions",
    "article",
    "route",
    "highway",
    "brigade",
    "division",
    "battalion",
    "no",
    "number",
    "flight",
    "may",
];

/// Month names: an amount right before one is a day of the month.
const MONTHS: &[&str] = &[
    "january",
    "february",
    "march",
    "april",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
    "janvier",
    "fevrier",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "aout",
    "septembre",
    "octobre",
    "novembre",
    "decembre",
];

/// Words that say a count is part of another already given: "12 killed,
/// including 5 children" is 12, not 17.
const SUBSET_WORDS: &[&str] = &["including", "dont", "incl"];

/// Reads every casualty count of a text. `words` are the text's folded
/// words; ranges are mapped back to `text`.
pub(super) fn recognise(
    folded: &Folded,
    words: &[Word],
    sentences: &[(usize, usize)],
    text: &str,
) -> Vec<Casualty> {
    let mut out = Vec::new();
    for &(first, last) in sentences {
        let sentence = &words[first..last];
        let s_range = folded.original_range(sentence[0].start, sentence[sentence.len() - 1].end);
        let mut found_here: Vec<Count> = Vec::new();
        let mut at = 0;
        while at < sentence.len() {
            if !may_start_count(&sentence[at]) {
                at += 1;
                continue;
            }
            let found = object_counts(sentence, at)
                .or_else(|| subject_counts(sentence, at))
                .or_else(|| toll_count(sentence, at))
                .or_else(|| bodies_count(sentence, at));
            let Some((counts, end)) = found else {
                at += 1;
                continue;
            };
            if !overall_toll(sentence, at, end) {
                found_here.extend(counts);
            }
            at = end.max(at + 1);
        }
        if !found_here.is_empty() && about_disease(sentence) {
            found_here.clear();
        }
        // "Five soldiers are killed, bringing the death toll to 80": the
        // sentence's own dead, not the running total they add to.
        if found_here
            .iter()
            .any(|c| c.kind == CasualtyKind::Killed && c.pattern != RUNNING_TOLL)
        {
            found_here.retain(|c| c.pattern != RUNNING_TOLL);
        }
        for count in found_here {
            let first = &sentence[count.at];
            let last = &sentence[count.at + count.amount.len - 1];
            let range = folded.original_range(first.start, last.end);
            out.push(Casualty {
                kind: count.kind,
                min: count.amount.min,
                max: count.amount.max,
                group: count.group,
                amount: text[range.0..range.1].to_string(),
                rule: format!("{} ({})", count.pattern, count.amount.form),
                range,
                sentence: s_range,
            });
        }
    }
    out
}

/// The pattern of a death toll an event's dead are added to ("bringing the
/// death toll to 80").
const RUNNING_TOLL: &str = "running death toll";

/// Nouns of whole wars and epidemics: what they "have killed" is a total
/// over years, not an event's dead ("an armed conflict that has killed more
/// than 400,000 people", "300,000 people were killed in the conflict").
const OVERALL_NOUNS: &[&str] = &[
    "war",
    "wars",
    "conflict",
    "conflicts",
    "insurgency",
    "genocide",
    "pandemic",
    "epidemic",
    "outbreak",
    "disease",
    "famine",
    "guerre",
    "conflit",
];

/// Days a toll counted "since" is recent: the days of one outbreak of
/// violence, not a war's total.
const RECENT_DAYS: &[&str] = &[
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "yesterday",
    "lundi",
    "mardi",
    "mercredi",
    "jeudi",
    "vendredi",
    "samedi",
    "dimanche",
    "hier",
];

/// Words between such a noun and its verb: "that has so far killed".
const OVERALL_LINKS: &[&str] = &[
    "that",
    "which",
    "has",
    "have",
    "had",
    "so",
    "far",
    "already",
    "now",
    "reportedly",
    "qui",
    "a",
];

/// Whether the count found from `start` to `end` is a total over a period
/// rather than the dead of the events reported (LABELLING.md, event set:
/// "nor cumulative tolls since an earlier date"): "since" follows it in its
/// clause ("8,005 Palestinians have been killed in Gaza since October 7",
/// "killed over 11,000 Russian troops since the invasion began"; not "Five
/// soldiers are killed, bringing the toll to 80 since the invasion"), a
/// war or epidemic is the killer ("a conflict that has killed", "were killed
/// in the civil war"), or it is a rate ("100,000 deaths annually").
fn overall_toll(s: &[Word], start: usize, end: usize) -> bool {
    let clause_end = (end..s.len())
        .find(|&k| s[k].gap.contains([',', ';', ':', '(']))
        .unwrap_or(s.len());
    let after = &s[end.min(clause_end)..clause_end];
    // Not after a superlative: "the bloodiest day since the coup", "the
    // first attack since".
    let since = after.iter().enumerate().any(|(i, w)| {
        matches!(w.lower, "since" | "depuis")
            // "130 killed since Friday": the days of one outbreak.
            && !after.get(i + 1).is_some_and(|d| RECENT_DAYS.contains(&d.lower))
            && !after[i.saturating_sub(3)..i].iter().any(|b| {
                b.lower.ends_with("iest")
                    || matches!(
                        b.lower,
                        "first" | "worst" | "largest" | "biggest" | "highest" | "greatest" | "most"
                    )
            })
    });
    // "killed or wounded in the war", "during the Australian frontier wars";
    // not a war that qualifies a place ("Dozens dead in war-torn Yemen").
    let in_war = after.iter().take(4).enumerate().any(|(i, w)| {
        matches!(w.lower, "in" | "during")
            && after[i + 1..].iter().take(4).enumerate().any(|(j, w)| {
                OVERALL_NOUNS.contains(&w.lower)
                    && !after.get(i + 2 + j).is_some_and(|next| next.hyphen)
            })
    });
    // A rate: "100,000 deaths annually", "1,000 deaths per day".
    let rate = after.iter().take(3).enumerate().any(|(i, w)| {
        matches!(w.lower, "annually" | "yearly")
            || matches!(w.lower, "per" | "a" | "each" | "every")
                && after
                    .get(i + 1)
                    .is_some_and(|n| matches!(n.lower, "year" | "month" | "week" | "day"))
    });
    // A perfect tense: "the war has killed" is a total, "Conflict Kills
    // One Civilian" a headline's event.
    let mut k = start;
    let mut perfect = false;
    while k > 0 && OVERALL_LINKS.contains(&s[k - 1].lower) {
        perfect |= matches!(s[k - 1].lower, "has" | "have" | "had" | "a");
        k -= 1;
    }
    let killer = perfect
        && ACTIVE_WORDS.get(s[start].lower).is_some()
        && k > 0
        && OVERALL_NOUNS.contains(&s[k - 1].lower);
    since || in_war || rate || killer
}

/// Epidemics, whose dead are not people killed (LABELLING.md: "deaths from
/// hunger or disease"): "an outbreak that has caused 2,100 deaths", "37,542
/// deaths linked to the coronavirus". Unless the sentence also names an
/// attack ("an airstrike on a cholera clinic kills 10").
fn about_disease(s: &[Word]) -> bool {
    const DISEASE: &[&str] = &[
        "outbreak",
        "epidemic",
        "pandemic",
        "cholera",
        "ebola",
        "coronavirus",
        "covid",
        "sars",
        "measles",
        "influenza",
        "malaria",
    ];
    const VIOLENCE: &[&str] = &[
        "attack",
        "attacks",
        "attacked",
        "strike",
        "strikes",
        "airstrike",
        "airstrikes",
        "bomb",
        "bombing",
        "shelling",
        "gunmen",
        "shot",
        "shooting",
        "killing",
        "kills",
        "fighting",
    ];
    s.iter().any(|w| DISEASE.contains(&w.lower)) && !s.iter().any(|w| VIOLENCE.contains(&w.lower))
}

/// Whether a pattern can start at `word`: a verb or noun of a casualty, an
/// amount, or a toll word. One lookup, for every word of a text.
fn may_start_count(word: &Word) -> bool {
    let w = word.lower;
    if w.as_bytes().first().is_some_and(u8::is_ascii_digit) {
        return true;
    }
    if w.contains('\'') {
        return may_start_amount(w)
            || ACTIVE_WORDS.get(w).is_some()
            || ACTION_OF_WORDS.get(w).is_some();
    }
    STARTERS.contains(w)
}

/// Every word but digits a pattern can start at.
static STARTERS: LazyLock<FxHashSet<&'static str>> = LazyLock::new(|| {
    let mut set: FxHashSet<&str> = amount_first_words().collect();
    set.extend(ACTIVE.iter().map(|(w, _)| *w));
    set.extend(ACTION_OF.iter().map(|(w, _)| *w));
    set.extend(["toll", "left", "leaving", "leaves", "leave"]);
    set.extend(BODY_NOUNS);
    set
});

/// The sentences of a text as `first..last` word indices.
pub(super) fn sentences(words: &[Word]) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut first = 0;
    for i in 1..words.len() {
        if ends_sentence(&words[i - 1], &words[i]) {
            out.push((first, i));
            first = i;
        }
    }
    if first < words.len() {
        out.push((first, words.len()));
    }
    out
}

/// Whether a sentence ends between `prev` and `word`: a line break, `;`,
/// `!`, `?`, or a full stop after a word longer than an initial ("U.S." and
/// "Gen." do not end one; a capital after the stop is required).
fn ends_sentence(prev: &Word, word: &Word) -> bool {
    let gap = word.gap;
    if gap.contains(['\n', ';', '!', '?']) {
        return true;
    }
    gap.contains('.')
        && (prev.text.len() > 2 || prev.text.bytes().all(|b| b.is_ascii_digit()))
        && word.text.chars().next().is_some_and(char::is_uppercase)
}

/// One count found by a pattern, at word `at` of its sentence.
struct Count {
    kind: CasualtyKind,
    amount: Amount,
    group: Group,
    at: usize,
    pattern: &'static str,
}

/// A word without the quotes and apostrophes headlines put around words
/// ("kill 5 'Qaeda' militants", "soldiers 'killed by") and without the
/// French elided article ("d'habitants").
fn bare(word: &str) -> &str {
    let word = word.trim_matches('\'');
    word.strip_prefix("d'").unwrap_or(word)
}

/// A word table as a hash map: every word of a text is looked up in
/// several, and scans of them had doubled the indexing instructions.
struct Table<T: Copy + 'static>(LazyLock<FxHashMap<&'static str, T>>);

impl<T: Copy + 'static> Table<T> {
    const fn of(build: fn() -> FxHashMap<&'static str, T>) -> Self {
        Table(LazyLock::new(build))
    }

    fn get(&self, word: &str) -> Option<T> {
        // Most words have no quote or elision to strip.
        let word = if word.contains('\'') {
            bare(word)
        } else {
            word
        };
        self.0.get(word).copied()
    }
}

static ACTIVE_WORDS: Table<CasualtyKind> = Table::of(|| ACTIVE.iter().copied().collect());
static PASSIVE_WORDS: Table<CasualtyKind> = Table::of(|| PASSIVE.iter().copied().collect());
static ACTION_OF_WORDS: Table<CasualtyKind> = Table::of(|| ACTION_OF.iter().copied().collect());
static PEOPLE_WORDS: Table<Group> = Table::of(|| PEOPLE.iter().copied().collect());

fn kind_in(table: &Table<CasualtyKind>, word: &str) -> Option<CasualtyKind> {
    table.get(word)
}

pub(super) fn group_of(word: &str) -> Option<Group> {
    PEOPLE_WORDS.get(word)
}

/// An amount at `at` that can count people: not an age, a date, a time or
/// a number in a name.
fn people_amount(s: &[Word], at: usize) -> Option<Amount> {
    let amount = amount_at(s, at)?;
    let before = at.checked_sub(1).map(|k| s[k].lower);
    let after = s.get(at + amount.len).map(|w| w.lower);
    let digits_only = s[at].lower.bytes().all(|b| b.is_ascii_digit());
    let year_like = digits_only && amount.len == 1 && (1900..=2100).contains(&amount.min);
    // Digits joined to the word before by a hyphen are part of a name:
    // "COVID-19-related deaths", "MH-17", "Su-24".
    let named = digits_only && at > 0 && s[at].hyphen;
    // Digits joined to the word after them qualify it: "a 2-day siege",
    // "UPDATE 2-Four dead" (a story's version).
    let modifier = digits_only
        && amount.len == 1
        && s.get(at + 1)
            .is_some_and(|w| w.hyphen && !w.lower.bytes().all(|b| b.is_ascii_digit()));
    if named
        || modifier
        || before.is_some_and(|b| NOT_COUNT_BEFORE.contains(&b) || MONTHS.contains(&b))
        || after.is_some_and(|a| UNIT_WORDS.contains(&a) || MONTHS.contains(&a))
        || s.get(at + amount.len)
            .is_some_and(|w| w.gap.starts_with('%'))
        || year_like && after.is_none_or(|a| group_of(a).is_none())
    {
        return None;
    }
    Some(amount)
}

/// The noun phrase after an amount: up to four modifiers (listed words,
/// capitalised words, nationalities) and a people noun, optionally with
/// "of the X" after "members". Returns the group and the word after it;
/// `None` when words follow that are neither.
fn noun_phrase(s: &[Word], start: usize) -> Option<(Group, usize)> {
    let mut k = start;
    let mut skipped = 0;
    while let Some(word) = s.get(k) {
        if word.gap.contains([',', '.', '(', ')', ':', '"', ';']) {
            break;
        }
        if let Some(group) = group_of(word.lower) {
            // "the deaths of four security guards": the last noun names them.
            if let Some(next) = s.get(k + 1).and_then(|w| group_of(w.lower)) {
                return Some((next, k + 2));
            }
            if bare(word.lower) == "members" && s.get(k + 1).is_some_and(|w| w.lower == "of") {
                return Some(members_of(s, k + 2));
            }
            return Some((group, french_adjectives(s, k + 1)));
        }
        let bare_text = word.text.trim_matches('\'');
        // Or a noun before the people noun: "resistance fighters", "aid
        // workers".
        let modifier = MODIFIERS.contains(&bare(word.lower))
            || bare_text.chars().next().is_some_and(char::is_uppercase)
                && !bare_text.bytes().all(|b| b.is_ascii_digit())
            || s.get(k + 1)
                .is_some_and(|w| w.gap == " " && group_of(w.lower).is_some());
        if !modifier || skipped == 4 {
            break;
        }
        skipped += 1;
        k += 1;
    }
    // Names without a people noun ("four Qaeda killed", "kill four Qaeda in").
    let ends = s.get(k).is_some_and(|w| {
        kind_in(&PASSIVE_WORDS, w.lower).is_some() || AUXILIARIES.contains(&bare(w.lower))
    });
    (k == start || ends || phrase_ends(s, k)).then_some((Group::Unspecified, k))
}

/// Adjectives of nationality after a French noun ("deux soldats ougandais
/// tués", "quatre camionneurs camerounais"): up to two words with their
/// endings, and the word after them.
fn french_adjectives(s: &[Word], mut k: usize) -> usize {
    const ENDINGS: &[&str] = &[
        "ais", "aise", "aises", "ois", "oise", "oises", "ien", "iens", "ienne", "iennes", "ain",
        "ains", "aine", "aines", "armes", "armees",
    ];
    let start = k;
    while k < start + 2
        && s.get(k).is_some_and(|w| {
            w.gap == " "
                && (ENDINGS.iter().any(|e| w.lower.ends_with(e)) || name_before_participle(s, k))
                && kind_in(&PASSIVE_WORDS, w.lower).is_none()
        })
    {
        k += 1;
    }
    k
}

/// A name between a French noun and its participle: "deux soldats FACA
/// tues", "deux eleveurs Peuls tues".
fn name_before_participle(s: &[Word], k: usize) -> bool {
    s[k].text.chars().next().is_some_and(char::is_uppercase)
        && group_of(s[k].lower).is_none()
        && s.get(k + 1)
            .is_some_and(|w| w.gap == " " && kind_in(&PASSIVE_WORDS, w.lower).is_some())
}

/// The group of "members of the X": state forces for forces, army, police,
/// security; militants for anything else named (a group's name).
fn members_of(s: &[Word], start: usize) -> (Group, usize) {
    let mut k = start;
    let mut group = Group::Militants;
    while let Some(word) = s.get(k) {
        let named = word.text.chars().next().is_some_and(char::is_uppercase)
            || matches!(word.lower, "the" | "of" | "al" | "and");
        if k > start && !named || k - start > 7 {
            break;
        }
        if matches!(
            word.lower,
            "forces" | "army" | "police" | "security" | "military" | "guard"
        ) {
            group = Group::StateForces;
        }
        k += 1;
    }
    (group, k)
}

/// Whether word `at` is free to end a count: nothing, punctuation, or a
/// word that starts a new phrase ("in", "and", "when").
fn phrase_ends(s: &[Word], at: usize) -> bool {
    s.get(at).is_none_or(|w| {
        w.gap.trim() != ""
            || matches!(
                w.lower,
                "in" | "on"
                    | "at"
                    | "and"
                    | "near"
                    | "during"
                    | "when"
                    | "while"
                    | "as"
                    | "after"
                    | "before"
                    | "since"
                    | "including"
                    | "across"
                    | "from"
                    | "by"
                    | "with"
                    | "et"
                    | "dans"
                    | "a"
                    | "lors"
                    | "pres"
                    | "dont"
                    | "others"
                    | "more"
                    | "people"
                    | "persons"
            )
    })
}

/// `verb AMOUNT NOUN`: "killing 13 policemen and injuring 9 others",
/// "kills at least 12", "the deaths of four security guards and four
/// terrorists", "a fait 12 morts". A list after the first count ("killing 3
/// soldiers and 5 civilians") gives a count per group.
fn object_counts(s: &[Word], at: usize) -> Option<(Vec<Count>, usize)> {
    let word = s[at].lower;
    let of_next = s.get(at + 1).is_some_and(|w| w.lower == "of");
    let (kind, mut k, pattern) =
        if let Some(kind) = kind_in(&ACTIVE_WORDS, word).filter(|_| !of_next) {
            (kind, at + 1, "verb + count")
        } else if let Some(kind) = kind_in(&ACTION_OF_WORDS, word) {
            s.get(at + 1).filter(|w| w.lower == "of")?;
            (kind, at + 2, "noun of + count")
        } else {
            return None;
        };
    // "Soldier Killed, Three Injured", "commander wounded, four soldiers
    // killed": after punctuation the amount starts another clause.
    if s.get(k)
        .is_some_and(|w| w.gap.contains([',', ';', ':', '.']))
    {
        return None;
    }
    let mut counts = Vec::new();
    loop {
        let amount = people_amount(s, k)?;
        let (group, end) = noun_phrase(s, k + amount.len)?;
        if group == Group::Unspecified && end == k + amount.len && !phrase_ends(s, end) {
            break;
        }
        counts.push(Count {
            kind,
            amount,
            group,
            at: k,
            pattern,
        });
        k = end;
        // "and 5 civilians", ", 4 soldiers": another count of the same kind.
        let joined = s.get(k).is_some_and(|w| matches!(w.lower, "and" | "et"))
            || s.get(k).is_some_and(|w| w.gap.trim() == ",");
        let next = if s.get(k).is_some_and(|w| matches!(w.lower, "and" | "et")) {
            k + 1
        } else {
            k
        };
        if !joined || s.get(next).is_none_or(|w| SUBSET_WORDS.contains(&w.lower)) {
            break;
        }
        match people_amount(s, next) {
            Some(_) => k = next,
            None => break,
        }
    }
    (!counts.is_empty()).then_some((counts, k))
}

/// `AMOUNT NOUN [aux] PARTICIPLE`: "12 people were killed", "four soldiers
/// died", "Five suspected al Qaeda militants killed", "7 morts", "au moins
/// 12 morts et une dizaine de blesses", "three soldiers and two civilians
/// were killed".
fn subject_counts(s: &[Word], at: usize) -> Option<(Vec<Count>, usize)> {
    // The first amount must not continue a subset ("including 5 children").
    if at > 0 && SUBSET_WORDS.contains(&s[at - 1].lower) {
        return None;
    }
    let mut pending: Vec<(Amount, Group, usize)> = Vec::new();
    let mut k = at;
    loop {
        let amount = people_amount(s, k)?;
        // "7 morts": the participle may be the noun itself.
        let after = k + amount.len;
        if let Some(kind) = s.get(after).and_then(|w| kind_in(&PASSIVE_WORDS, w.lower)) {
            pending.push((amount, Group::Unspecified, k));
            return Some((finish(pending, kind, "count + participle"), after + 1));
        }
        let (group, mut end) = noun_phrase(s, after)?;
        // A head noun no list names ("Quatre camionneurs camerounais tués",
        // "four Qaeda killed"): one word, then the participle must follow.
        if end == after && s.get(after).is_some_and(|w| w.gap == " ") {
            end = french_adjectives(s, after + 1);
        }
        pending.push((amount, group, k));
        k = end;
        // "12 security personnel (ten policemen, one soldier and one
        // immigration officer) and 59 insurgents": the parenthesis details
        // the count before it.
        if s.get(k).is_some_and(|w| w.gap.contains('(')) {
            while s.get(k).is_some_and(|w| !w.gap.contains(')')) {
                k += 1;
            }
        }
        // "At least 26 people, including fourteen soldiers, are killed": so
        // does an apposition of "including", up to its closing comma.
        if s.get(k)
            .is_some_and(|w| w.gap.contains(',') && SUBSET_WORDS.contains(&w.lower))
        {
            k = (k + 1..s.len().min(k + 12)).find(|&j| s[j].gap.contains(','))?;
        }
        // "three soldiers and two civilians were killed", "7 Qaeda
        // militants, 3 policemen killed"
        // A comma list must start its clause: in "Qaeda frees 73 Yemen
        // soldiers, 3 suspects killed" the 73 are the object of "frees".
        let joined = s.get(k).is_some_and(|w| {
            matches!(w.lower, "and" | "et") || w.gap.trim() == "," && clause_start(s, at)
        });
        if joined {
            let next = if matches!(s[k].lower, "and" | "et") {
                k + 1
            } else {
                k
            };
            if people_amount(s, next).is_some() {
                k = next;
                continue;
            }
        }
        let mut aux = 0;
        while s
            .get(k)
            .is_some_and(|w| AUXILIARIES.contains(&bare(w.lower)))
            && aux < 4
        {
            k += 1;
            aux += 1;
        }
        let mut kind = s.get(k).and_then(|w| kind_in(&PASSIVE_WORDS, w.lower))?;
        // "Trois personnes deplacees tuees": the first participle describes
        // the people, the second says what happened to them.
        if let Some(second) = s
            .get(k + 1)
            .filter(|w| w.gap == " ")
            .and_then(|w| kind_in(&PASSIVE_WORDS, w.lower))
        {
            kind = second;
            k += 1;
        }
        if died_of_want(s, k) {
            return None;
        }
        return Some((finish(pending, kind, "count + participle"), k + 1));
    }
}

/// Deaths from hunger or disease are not people killed: "1,200 people have
/// died of starvation and illness" (LABELLING.md, event set).
fn died_of_want(s: &[Word], participle: usize) -> bool {
    s.get(participle + 1)
        .is_some_and(|w| matches!(w.lower, "of" | "from"))
        && s.get(participle + 2).is_some_and(|w| {
            matches!(
                w.lower,
                "starvation"
                    | "hunger"
                    | "malnutrition"
                    | "disease"
                    | "illness"
                    | "cholera"
                    | "famine"
                    | "exposure"
                    | "cold"
                    | "thirst"
            )
        })
}

/// Whether word `at` starts a clause: the sentence's first word, or after
/// punctuation or a conjunction.
fn clause_start(s: &[Word], at: usize) -> bool {
    at == 0
        || s[at].gap.trim() != ""
        || matches!(
            s[at - 1].lower,
            "and" | "while" | "as" | "but" | "after" | "et"
        )
}

fn finish(
    pending: Vec<(Amount, Group, usize)>,
    kind: CasualtyKind,
    pattern: &'static str,
) -> Vec<Count> {
    pending
        .into_iter()
        .map(|(amount, group, at)| Count {
            kind,
            amount,
            group,
            at,
            pattern,
        })
        .collect()
}

/// "the death toll rose to 30", "death toll climbs to at least 50", "toll
/// of 12", "left 12 dead", "leaving 20 people injured", "bilan: 12 morts"
/// is read by the participle rule.
fn toll_count(s: &[Word], at: usize) -> Option<(Vec<Count>, usize)> {
    let word = s[at].lower;
    if word == "toll" {
        // "bringing the total death toll in Idlib since December to 1,186":
        // a running total, not this event's dead.
        let cumulative = at >= 2 && matches!(s[at - 2].lower, "total" | "overall" | "cumulative")
            || s[at + 1..(at + 7).min(s.len())]
                .iter()
                .any(|w| matches!(w.lower, "since" | "total"));
        if cumulative {
            return None;
        }
        // "bringing the IDF's death toll to 80": the dead are added to a
        // running total; `recognise` keeps it only when the sentence gives
        // no other count of dead.
        let running = s[at.saturating_sub(6)..at].iter().any(|w| {
            matches!(
                w.lower,
                "bringing"
                    | "brings"
                    | "brought"
                    | "raising"
                    | "raises"
                    | "raised"
                    | "increasing"
                    | "increases"
                    | "increased"
                    | "pushing"
                    | "pushes"
                    | "pushed"
                    | "taking"
                    | "takes"
            )
        });
        // "the death toll rises to 260", "the toll from the attack rose to
        // at least 30": the amount after the first to/at/of within six words.
        let k = (at + 1..(at + 7).min(s.len()))
            .find(|&k| matches!(s[k].lower, "to" | "at" | "of") && amount_at(s, k + 1).is_some())?
            + 1;
        let amount = people_amount(s, k)?;
        let (group, end) =
            noun_phrase(s, k + amount.len).unwrap_or((Group::Unspecified, k + amount.len));
        let count = Count {
            kind: CasualtyKind::Killed,
            amount,
            group,
            at: k,
            pattern: if running { RUNNING_TOLL } else { "death toll" },
        };
        return Some((vec![count], end));
    }
    if matches!(word, "left" | "leaving" | "leaves" | "leave") {
        let k = at + 1;
        let amount = people_amount(s, k)?;
        let (group, end) = noun_phrase(s, k + amount.len)?;
        let kind = s.get(end).and_then(|w| match w.lower {
            "dead" => Some(CasualtyKind::Killed),
            "injured" | "wounded" | "hurt" => Some(CasualtyKind::Injured),
            "homeless" | "displaced" => Some(CasualtyKind::Displaced),
            _ => None,
        })?;
        let count = Count {
            kind,
            amount,
            group,
            at: k,
            pattern: "left + count + state",
        };
        return Some((vec![count], end + 1));
    }
    None
}

/// Nouns of dead bodies: a count of them is a count of dead (LABELLING.md,
/// event set: "bodies of people killed found").
const BODY_NOUNS: &[&str] = &["bodies", "corpses", "remains", "cadavres"];

/// The pattern of a count of bodies: the events rules read it as people
/// killed by someone.
pub(super) const BODIES: &str = "bodies";

/// "At least 73 bodies have been recovered", "five bodies are abandoned",
/// "the bodies of 12 people were found", "the remains of 30 people".
fn bodies_count(s: &[Word], at: usize) -> Option<(Vec<Count>, usize)> {
    let body = |w: &Word| BODY_NOUNS.contains(&w.lower);
    let (k, amount, end) = if body(&s[at]) {
        // "the bodies of 12 people": "of" and the count of people.
        s.get(at + 1).filter(|w| w.lower == "of")?;
        let k = at + 2;
        let amount = people_amount(s, k)?;
        let (_, end) = noun_phrase(s, k + amount.len)?;
        (k, amount, end)
    } else {
        // "73 bodies", "five more bodies": the noun after the amount.
        let amount = people_amount(s, at)?;
        let mut end = at + amount.len;
        if s.get(end)
            .is_some_and(|w| w.gap == " " && matches!(w.lower, "more" | "other"))
        {
            end += 1;
        }
        if !s.get(end).is_some_and(|w| w.gap == " " && body(w)) {
            return None;
        }
        // "the remains of" is read from "remains"; "73 remains" is no count.
        if s[end].lower == "remains" {
            return None;
        }
        (at, amount, end + 1)
    };
    let count = Count {
        kind: CasualtyKind::Killed,
        amount,
        group: Group::Unspecified,
        at: k,
        pattern: BODIES,
    };
    Some((vec![count], end))
}

/// A report's count of one kind: the least and greatest numbers its text
/// supports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Range {
    /// Least number.
    pub min: u32,
    /// Greatest number.
    pub max: u32,
}

impl std::fmt::Display for Range {
    /// `30`, or `24-99` for a range.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.min == self.max {
            write!(f, "{}", self.min)
        } else {
            write!(f, "{}-{}", self.min, self.max)
        }
    }
}

/// A report's counts per kind: within a sentence the counts of different
/// groups add up ("killing 3 soldiers and 5 civilians" is 8); across
/// sentences the largest sentence wins, since later sentences mostly repeat
/// or update a toll ("the death toll rose to 30") rather than add to it.
pub fn totals(casualties: &[Casualty]) -> Vec<(CasualtyKind, Range)> {
    let mut out: Vec<(CasualtyKind, Range)> = Vec::new();
    for kind in CasualtyKind::ALL {
        let mut best: Option<Range> = None;
        let mut sentence: Option<((usize, usize), Range)> = None;
        let mut close = |sentence: Option<((usize, usize), Range)>| {
            if let Some((_, r)) = sentence {
                if best.is_none_or(|b| (r.min, r.max) > (b.min, b.max)) {
                    best = Some(r);
                }
            }
        };
        for c in casualties.iter().filter(|c| c.kind == kind) {
            match &mut sentence {
                Some((range, r)) if *range == c.sentence => {
                    r.min = r.min.saturating_add(c.min);
                    r.max = r.max.saturating_add(c.max);
                }
                _ => {
                    close(sentence.take());
                    sentence = Some((
                        c.sentence,
                        Range {
                            min: c.min,
                            max: c.max,
                        },
                    ));
                }
            }
        }
        close(sentence);
        if let Some(r) = best {
            out.push((kind, r));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::super::words::words;
    use super::*;

    fn counts(text: &str) -> Vec<(CasualtyKind, u32, u32, Group)> {
        let folded = Folded::new(text);
        let w = words(&folded);
        recognise(&folded, &w, &sentences(&w), text)
            .into_iter()
            .map(|c| (c.kind, c.min, c.max, c.group))
            .collect()
    }

    use CasualtyKind::*;
    use Group::*;

    #[test]
    fn verb_object_counts_with_their_groups() {
        assert_eq!(
            counts("The Arakan Army attacks four police posts, killing 13 policemen and injuring 9 others."),
            [(Killed, 13, 13, StateForces), (Injured, 9, 9, Unspecified)]
        );
        assert_eq!(
            counts("Gunmen attacked the village, killing 3 soldiers and wounding 5 civilians."),
            [(Killed, 3, 3, StateForces), (Injured, 5, 5, Civilians)]
        );
        assert_eq!(
            counts("an air strike killed 3 soldiers and 5 civilians"),
            [(Killed, 3, 3, StateForces), (Killed, 5, 5, Civilians)]
        );
        assert_eq!(
            counts(
                "The Taliban kills 27 members of the Afghan National Security Forces in attacks."
            ),
            [(Killed, 27, 27, StateForces)]
        );
        assert_eq!(
            counts("resulting in the deaths of four security guards and four terrorists"),
            [(Killed, 4, 4, StateForces), (Killed, 4, 4, Militants)]
        );
    }

    #[test]
    fn subject_participle_counts() {
        assert_eq!(
            counts("12 people were killed"),
            [(Killed, 12, 12, Unspecified)]
        );
        assert_eq!(
            counts("Five suspected al Qaeda militants killed in Yemen"),
            [(Killed, 5, 5, Militants)]
        );
        assert_eq!(
            counts("48 killed in clashes"),
            [(Killed, 48, 48, Unspecified)]
        );
        assert_eq!(
            counts("Three soldiers and two civilians were killed"),
            [(Killed, 3, 3, StateForces), (Killed, 2, 2, Civilians)]
        );
        assert_eq!(
            counts("At least 30 people died and more than 100 were injured"),
            [
                (Killed, 30, 30, Unspecified),
                (Injured, 100, 100, Unspecified)
            ]
        );
        assert_eq!(
            counts("Dozens dead in Kabul"),
            [(Killed, 24, 99, Unspecified)]
        );
        assert_eq!(
            counts("up to 40 feared dead"),
            [(Killed, 1, 40, Unspecified)]
        );
        assert_eq!(
            counts("hundreds of families displaced"),
            [(Displaced, 200, 999, Civilians)]
        );
    }

    #[test]
    fn french_counts() {
        assert_eq!(
            counts("Centrafrique : au moins 12 morts et une dizaine de blessés à Bria"),
            [
                (Killed, 12, 12, Unspecified),
                (Injured, 10, 10, Unspecified)
            ]
        );
        assert_eq!(
            counts("Les rebelles ont tué 3 civils"),
            [(Killed, 3, 3, Civilians)]
        );
    }

    #[test]
    fn totals_add_groups_in_a_sentence_and_take_the_largest_sentence() {
        let folded_text = "Gunmen killed 3 soldiers and 5 civilians. The death toll rose to 6. \
                           Dozens were wounded.";
        let folded = Folded::new(folded_text);
        let w = words(&folded);
        let found = recognise(&folded, &w, &sentences(&w), folded_text);
        assert_eq!(
            totals(&found),
            [
                (Killed, Range { min: 8, max: 8 }),
                (Injured, Range { min: 24, max: 99 })
            ]
        );
    }

    #[test]
    fn tolls_and_results() {
        assert_eq!(
            counts("The death toll rises to 260."),
            [(Killed, 260, 260, Unspecified)]
        );
        assert_eq!(
            counts("The blast left 12 people dead."),
            [(Killed, 12, 12, Unspecified)]
        );
    }

    #[test]
    fn traps_are_not_counts() {
        for text in [
            "A 12-year-old boy was killed.",
            "The man, aged 30, was killed",
            "Resolution 2391 was adopted after 12 years of war.",
            "300 fighters attacked the town.",
            "One of the soldiers was killed.",
            "He was killed on 12 March 2019.",
            "Clashes killed in 2019 were",
            "killed 5 km from the town",
            "the 2015 attack killed",
            "12 killed, including 5 children",
        ] {
            let found = counts(text);
            assert!(
                found.is_empty() || text.starts_with("12 killed"),
                "{text}: {found:?}"
            );
        }
        assert_eq!(
            counts("12 killed, including 5 children"),
            [(Killed, 12, 12, Unspecified)]
        );
    }

    #[test]
    fn totals_over_a_period_are_not_an_events_dead() {
        // Since an earlier date, in the count's clause (LABELLING.md).
        for text in [
            "At least 8,005 Palestinians have been killed in Gaza since October 7.",
            "The Ukrainian military says that it has killed over 11,000 Russian troops since the invasion began.",
            "Les rebelles ont tue 40 civils depuis janvier.",
            // A war or an epidemic as the killer.
            "A civil war has been fought since 2013 in an armed conflict that has killed more than 400,000 people.",
            "Around 300,000 people were killed in the conflict, during which he served.",
            "An outbreak that has caused 2,100 deaths nationwide.",
            "Italy, with the next highest number of COVID-19-related deaths, had 27,000.",
            "Particulate matter is responsible for upwards of 100,000 deaths annually.",
            "In 2017, more than 10,000 Afghan civilians were killed or wounded in the war.",
        ] {
            assert_eq!(counts(text), [], "{text}");
        }
        // A headline's event, and "since" after a superlative.
        assert_eq!(
            counts("Shelling From Rakhine Conflict Kills One Rohingya Civilian"),
            [(Killed, 1, 1, Civilians)]
        );
        assert_eq!(
            counts("As Many as 70 Killed in Protests in the Bloodiest Day Since Coup"),
            [(Killed, 1, 70, Unspecified)]
        );
        // "since" in another clause qualifies the running total, not the count.
        assert_eq!(
            counts("Five Israeli soldiers are killed in clashes with Hamas, bringing the IDF's death toll to 80 since the ground invasion began."),
            [(Killed, 5, 5, StateForces)]
        );
        // The dead a sentence reports, not the toll they are added to.
        assert_eq!(
            counts("Israeli strikes kill at least 30 people, bringing the official death toll in Gaza to over 58,000."),
            [(Killed, 30, 30, Unspecified)]
        );
        // Alone, an updated toll is the event's.
        assert_eq!(
            counts("Rescuers find more bodies, bringing the death toll to 49."),
            [(Killed, 49, 49, Unspecified)]
        );
        // An attack in an epidemic is still an attack.
        assert_eq!(
            counts("An airstrike on a cholera clinic kills 10 people."),
            [(Killed, 10, 10, Unspecified)]
        );
    }

    #[test]
    fn clauses_names_and_modifiers() {
        // A verb's object does not cross punctuation: the amount after it
        // starts the next clause.
        assert_eq!(
            counts("Yemeni army commander wounded, four soldiers killed in separate attacks"),
            [(Killed, 4, 4, StateForces)]
        );
        assert_eq!(
            counts("Soldier Killed, Three Injured in Abyan Landmine Explosion"),
            [(Injured, 3, 3, Unspecified)]
        );
        // Digits joined to the next word by a hyphen qualify it.
        assert_eq!(
            counts("UPDATE 2-Four dead in south Yemen blasts"),
            [(Killed, 4, 4, Unspecified)]
        );
        assert_eq!(
            counts("A 3-day siege ended when 2 soldiers were killed."),
            [(Killed, 2, 2, StateForces)]
        );
        // A name, or a second participle, between a French noun and its participle.
        assert_eq!(
            counts("RCA : 3 soldats FACA tues, et 5 autres blesses dans une embuscade"),
            [(Killed, 3, 3, StateForces), (Injured, 5, 5, Unspecified)]
        );
        assert_eq!(
            counts("Trois personnes deplacees tuees par les groupes armes a Batangafo"),
            [(Killed, 3, 3, Unspecified)]
        );
        // A noun before the people noun.
        assert_eq!(
            counts("Five resistance fighters killed after a clash"),
            [(Killed, 5, 5, Militants)]
        );
        // "since" a weekday: the days of one outbreak, not a war's total.
        assert_eq!(
            counts("Around 130 people killed in C. Africa since Friday: Red Cross"),
            [(Killed, 130, 130, Unspecified)]
        );
    }

    #[test]
    fn an_apposition_of_including_details_the_count_before_it() {
        assert_eq!(
            counts("At least 51 people, including seven women and twelve children, are killed."),
            [(Killed, 51, 51, Unspecified)]
        );
        assert_eq!(
            counts("Nine people, including two attackers, were killed and 14 injured."),
            [(Killed, 9, 9, Unspecified), (Injured, 14, 14, Unspecified)]
        );
    }

    #[test]
    fn a_war_that_qualifies_a_place_is_no_total() {
        assert_eq!(
            counts("Dozens dead in war-torn Yemen"),
            [(Killed, 24, 99, Unspecified)]
        );
        assert_eq!(counts("300,000 people were killed in the war."), []);
    }

    #[test]
    fn bodies_are_counted_as_dead() {
        assert_eq!(
            counts("At least 73 bodies have been recovered."),
            [(Killed, 73, 73, Unspecified)]
        );
        assert_eq!(
            counts("The remains of 30 people are found near Dabiq."),
            [(Killed, 30, 30, Unspecified)]
        );
        assert_eq!(counts("The bodies were returned to their families."), []);
        assert_eq!(
            counts("Five more bodies are found in the river."),
            [(Killed, 5, 5, Unspecified)]
        );
    }
}

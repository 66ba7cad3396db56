//! People that no gazetteer row lists, read from the role noun written next
//! to their name: "Connecticut Governor Ned Lamont", "Delfin Lorenzana, the
//! Defence Secretary", "the mayor of London, Sadiq Khan". Wire copy
//! introduces nearly every official, commander, spokesperson and perpetrator
//! this way, and the role says the person matters to the story, which is
//! what the labelling conventions ask (tests/data/LABELLING.md: officials
//! yes, victims and journalists no). The role nouns come from the Phoenix
//! agents dictionary and the words that cannot be part of a name from the UN
//! General Debate corpus (`index-schema/person-roles.tsv`, `common-words.tsv`);
//! the rules and their examples are in index-schema/README.md.

use std::collections::HashMap;

use rustc_hash::FxHashSet;

use tantivy::schema::Facet;

use super::entity::{ActorKind, Dimension};
use super::gazetteer::Gazetteer;
use super::words::{without_possessive, written, Coverage, Word, CALENDAR_WORDS, JOINERS};
use super::{fold_str, Folded, Mention, CUE_WORDS, NAME_PARTICLES, OUTLET_WORDS, PLACE_QUALIFIERS};

/// A name has at most this many words, particles aside: "Andrés Manuel López
/// Obrador". Longer capitalised runs are titles of things.
const MAX_NAME_WORDS: usize = 4;

/// Appositions look this many words past the comma for the role:
/// "Delfin Lorenzana, the Defence Secretary", "Ricardo Llerandi, Rosselló's chief".
const APPOSITION_REACH: usize = 4;

/// A role noun's object ("the mayor of London, Sadiq Khan") spans at most
/// this many words before the comma that introduces the name.
const ROLE_OBJECT_REACH: usize = 10;

/// A parenthesis between a role and its name spans at most this many words:
/// "Labour MP (Member of Parliament) Tom Watson".
const MAX_PARENTHESIS: usize = 6;

/// Verbs whose object is a suspect or convict: "Authorities arrested Ashiqul
/// Alam", "a court sentences Dominic Ongwen".
const ARREST_VERBS: &[&str] = &[
    "arrested",
    "arrest",
    "arrests",
    "detained",
    "detain",
    "detains",
    "charged",
    "charges",
    "convicted",
    "convicts",
    "sentenced",
    "sentences",
    "indicted",
    "indicts",
    "extradited",
];

/// Nouns whose "of" names an actor: the target of an assassination, the
/// holder of an office ("the resignation of Luis Rivera Marín", "the
/// presidency of Rodrigo Duterte"), a candidate ("the campaigns of Ron
/// Paul"), a suspect ("the trial of Ali Kushayb"). Not "death", "killing" or
/// "release", whose objects are as often victims and hostages.
const ACT_NOUNS: &[&str] = &[
    "assassination",
    "resignation",
    "impeachment",
    "ouster",
    "inauguration",
    "presidency",
    "premiership",
    "campaign",
    "campaigns",
    "arrest",
    "trial",
];

/// Institutions that make a member an actor when the name is followed by
/// "of the …": "Yvette Cooper of the Labour Party", "Sharif Hotak, of the
/// Maidan Wardak provincial council", "Arnel dela Vega of the army's Western
/// Mindanao Command". Not universities, churches or firms, whose people
/// LABELLING.md leaves untagged.
const AFFILIATION_NOUNS: &[&str] = &[
    "party",
    "council",
    "command",
    "army",
    "navy",
    "police",
    "military",
    "ministry",
    "government",
    "parliament",
    "commission",
    "agency",
];

/// Words of an institution's name between "of the" and its noun, at most:
/// "of the Union for Peace and Development party".
const AFFILIATION_REACH: usize = 7;

/// Nouns for the perpetrator of an attack, which "identified … as" names:
/// "The police identified the shooter as 30 year old Nisa'at Melkham", "The
/// 29-year-old suspect, later identified as Uzbekistani immigrant Sayfullo
/// Saipov".
const PERPETRATOR_NOUNS: &[&str] = &[
    "suspect",
    "suspects",
    "shooter",
    "gunman",
    "gunmen",
    "attacker",
    "attackers",
    "assailant",
    "perpetrator",
    "bomber",
    "killer",
];

/// Words between "identified … as" and the name: an age, a nationality, a
/// calling ("21-year-old", "Uzbekistani immigrant").
const IDENTIFIED_FILLER: usize = 5;

/// Verbs that may follow a name introduced by a role with an object:
/// "A member of the Tunisian Parliament, Samir Dilou said".
const SPEECH_VERBS: &[&str] = &[
    "said", "says", "told", "added", "stated", "tweeted", "wrote",
];

/// The word lists that recognise people, loaded with the gazetteer.
#[derive(Debug)]
pub struct PersonCues {
    /// Role nouns, lower case ("governor", "spokesperson").
    roles: FxHashSet<String>,
    /// Abbreviated roles, without their full stop ("gen", "sen").
    abbreviations: FxHashSet<String>,
    /// Folded lower-case common words, never part of a personal name.
    common: FxHashSet<String>,
    /// The first two words of gazetteer people with longer names (folded,
    /// lower case) -> the person entity and its name, when only one person
    /// starts so: "Carrie Lam" is `Carrie Lam Cheng Yuet Ngor`.
    short_forms: HashMap<String, Vec<(usize, usize)>>,
    /// The [`spelling_key`] of every gazetteer person's names -> the people
    /// and names with that key: "Bismillah Khan Mohammadi" is `Bismullah
    /// Muhammadi Khan`.
    spellings: HashMap<String, Vec<(usize, usize)>>,
    /// The last word of every gazetteer person's names (folded, lower case)
    /// -> the people and names ending so: "the Trump administration".
    surnames: HashMap<String, Vec<(usize, usize)>>,
    /// The first word of every gazetteer person's names of two words or more
    /// (folded, lower case) -> the people and names starting so: the given
    /// names that are also common words ("tom", "bill", "mark") may start a
    /// name right after its role.
    given_names: HashMap<String, Vec<(usize, usize)>>,
}

/// Nouns after a leader's name that make the name a head of government:
/// "Ian Smith's government", "the Trump administration", "the Assad regime".
const LEADER_NOUNS: &[&str] = &["government", "administration", "regime", "cabinet"];

/// The one person of `people` that `plausible` accepts, if exactly one is.
fn only_plausible(
    people: &[(usize, usize)],
    plausible: impl Fn(usize) -> bool,
) -> Option<(usize, usize)> {
    let mut fitting = people.iter().filter(|&&(entity, _)| plausible(entity));
    match (fitting.next(), fitting.next()) {
        (Some(&person), None) => Some(person),
        _ => None,
    }
}

/// Records a person's name under `key`, once per person.
fn insert_person(
    map: &mut HashMap<String, Vec<(usize, usize)>>,
    key: String,
    value: (usize, usize),
) {
    let people = map.entry(key).or_default();
    if !people.iter().any(|&(entity, _)| entity == value.0) {
        people.push(value);
    }
}

/// A personal name (folded, lower case) reduced to what survives
/// transliteration: each word keeps its first letter and its consonants but `h`,
/// with doubled letters made single, and the words are sorted, because
/// Afghan and Arab names are written in more than one order. "Bismillah Khan
/// Mohammadi" and "Bismullah Muhammadi Khan" both give `bsml kn md`;
/// "Zabiullah" and "Zabihullah" both give `zbl`. `None` for one-word names,
/// which would link too freely.
fn spelling_key(folded: &str) -> Option<String> {
    let mut words: Vec<String> = folded
        .split(|c: char| c.is_whitespace() || c == '-')
        .filter(|w| !w.is_empty())
        .map(|word| {
            let mut key = String::new();
            for (i, c) in word.chars().filter(char::is_ascii_alphanumeric).enumerate() {
                let kept = i == 0 || !matches!(c, 'a' | 'e' | 'i' | 'o' | 'u' | 'y' | 'h');
                if kept && !key.ends_with(c) {
                    key.push(c);
                }
            }
            key
        })
        .filter(|k| !k.is_empty())
        .collect();
    if words.len() < 2 {
        return None;
    }
    words.sort_unstable();
    Some(words.join(" "))
}

/// An actor that no gazetteer row lists, found by a cue next to its name: a
/// person by a role noun, a party by its head noun.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnlistedActor {
    /// A person or an organisation.
    pub kind: ActorKind,
    /// The name as the text writes it ("Wanda Vázquez Garced").
    pub name: String,
    /// The word that marked it: a role noun ("governor") or a head noun ("Party").
    pub cue: String,
    /// Byte range of the name in the original text.
    pub range: (usize, usize),
}

impl UnlistedActor {
    /// The actor facet, `/person/<name>` or `/organisation/<name>`.
    pub fn facet(&self) -> Facet {
        Facet::from_path([self.kind.label(), self.name.as_str()])
    }
}

impl PersonCues {
    /// Reads `person-roles.tsv` (role, source) and `common-words.tsv` (word).
    pub(super) fn parse(roles: &str, common: &str) -> Self {
        let words = |text: &str| -> FxHashSet<String> {
            text.lines()
                .filter(|l| !l.starts_with('#'))
                .filter_map(|l| l.split('\t').next())
                .map(str::trim)
                .filter(|w| !w.is_empty())
                .map(str::to_lowercase)
                .collect()
        };
        let (abbreviations, roles): (FxHashSet<String>, FxHashSet<String>) =
            words(roles).into_iter().partition(|r| r.ends_with('.'));
        PersonCues {
            roles,
            abbreviations: abbreviations
                .into_iter()
                .map(|a| a.trim_end_matches('.').to_string())
                .collect(),
            // The file's Russian and Ukrainian forms are read for town names
            // alone ([`super::Gazetteer::is_common_word`]); these cues are
            // English.
            common: words(common).into_iter().filter(|w| w.is_ascii()).collect(),
            short_forms: HashMap::new(),
            surnames: HashMap::new(),
            spellings: HashMap::new(),
            given_names: HashMap::new(),
        }
    }

    /// Indexes the gazetteer's people by the first two words of their longer
    /// names, by the [`spelling_key`], the last word and the first word of
    /// each name.
    pub(super) fn index_people(&mut self, gazetteer: &Gazetteer) {
        let is_person = |entity: usize| {
            let e = &gazetteer.entities[entity];
            e.kind == Some(ActorKind::Person)
        };
        let mut long_names: HashMap<usize, String> = HashMap::new();
        for (entity, e) in gazetteer.entities.iter().enumerate() {
            if !is_person(entity) {
                continue;
            }
            let folded = fold_str(e.label(), true);
            let words: Vec<&str> = folded.split_whitespace().collect();
            if words.len() >= 3 {
                long_names.insert(entity, words[..2].join(" "));
            }
        }
        for (index, name) in gazetteer.names.iter().enumerate() {
            if !is_person(name.entity) {
                continue;
            }
            let folded = fold_str(&name.text, true);
            if let Some(key) = spelling_key(&folded) {
                insert_person(&mut self.spellings, key, (name.entity, index));
            }
            if let Some((_, last)) = folded.rsplit_once(' ') {
                insert_person(&mut self.surnames, last.to_string(), (name.entity, index));
            }
            if let Some((first, _)) = folded.split_once(' ') {
                insert_person(
                    &mut self.given_names,
                    first.to_string(),
                    (name.entity, index),
                );
            }
            if let Some(key) = long_names.remove(&name.entity) {
                insert_person(&mut self.short_forms, key, (name.entity, index));
            }
        }
    }

    /// The gazetteer person a name found by its role stands for: the one
    /// whose longer name starts with it ("Carrie Lam"), else the one spelled
    /// alike ("Zabiullah Mujahid"), among the people `plausible` accepts.
    /// `None` when no one, or several people, would fit: the name then stays
    /// as written.
    fn listed_person(
        &self,
        name: &str,
        plausible: impl Fn(usize) -> bool + Copy,
    ) -> Option<(usize, usize)> {
        let folded = fold_str(name, true);
        let only = |people: Option<&Vec<(usize, usize)>>| only_plausible(people?, plausible);
        only(self.short_forms.get(&folded))
            .or_else(|| only(self.spellings.get(&spelling_key(&folded)?)))
    }

    /// The name with the rest of a hyphenated last word, which folding split
    /// off as a lower-case word: "Lee Jae" + "-myung". A common word after
    /// the hyphen is no part of the name ("Ashraf Ghani-led").
    fn with_hyphenated_tail(&self, text: &str, name: String, end: usize) -> (String, usize) {
        let Some(rest) = text[end..].strip_prefix('-') else {
            return (name, end);
        };
        let tail = rest
            .find(|c: char| !c.is_alphanumeric())
            .map_or(rest, |n| &rest[..n]);
        if tail.is_empty()
            || !tail.starts_with(char::is_lowercase)
            || self.common.contains(fold_str(tail, true).as_str())
        {
            return (name, end);
        }
        let end = end + 1 + tail.len();
        (format!("{name}-{tail}"), end)
    }

    /// Whether a lower-case word is a role noun.
    pub(super) fn is_role(&self, lower: &str) -> bool {
        self.roles.contains(lower)
    }

    /// Whether a folded lower-case word is the given name of two gazetteer
    /// people or more: one person's first word may be anything ("York" of a
    /// "York ..." in "New York Hillary Clinton"), two people's is a name
    /// people are given ("Stanislaw", "Salvador").
    pub(super) fn is_given_name(&self, lower: &str) -> bool {
        self.given_names
            .get(without_possessive(lower))
            .is_some_and(|people| people.len() >= 2)
    }

    /// Whether a folded lower-case word is a common word, never part of a
    /// personal name.
    pub(super) fn is_common(&self, lower: &str) -> bool {
        self.common.contains(lower)
    }

    /// Whether a folded lower-case word is a common word or its `-s` form:
    /// headlines write their verbs in the third person ("Junta Bombards
    /// Villages", "Junta Executes Fighters"), which speeches, the source of
    /// the common words, seldom do, so "bombards" is no common word where
    /// "bombarded" is. The form is the word less `-s`, `-es`, or `-ies` for
    /// `-y`, when that base, or the base with `-d`, `-ed` or `-ing`, is common.
    /// Only for headlines: in running text a surname may be such a form
    /// ("Elizabeth Banks"). A place word's plural is the noun of a name, never
    /// a verb ("Alliance of Sahel States", though "stated" is common).
    pub(super) fn is_common_or_its_s_form(&self, lower: &str) -> bool {
        if self.is_common(lower) {
            return true;
        }
        let Some(base) = lower
            .strip_suffix('s')
            .filter(|b| b.len() >= 3 && !b.ends_with('s') && !super::readings::is_place_word(b))
        else {
            return false;
        };
        let mut bases = vec![base.to_string()];
        if let Some(b) = base.strip_suffix('e') {
            bases.push(b.to_string());
        }
        if let Some(b) = base.strip_suffix("ie") {
            bases.push(format!("{b}y"));
        }
        bases.iter().any(|b| {
            ["", "d", "ed", "ing"]
                .iter()
                .any(|ending| self.is_common(&format!("{b}{ending}")))
        })
    }
}

/// Prepositions: after a name and its comma, one puts the role that follows
/// on another head ("according to", "said by", "in").
fn is_preposition(lower: &str) -> bool {
    matches!(lower, "according" | "by" | "at" | "on" | "said" | "says")
        || CUE_WORDS.contains(&lower)
            && !matches!(
                lower,
                "northern" | "southern" | "eastern" | "western" | "central"
            )
}

/// Prepositions of place: a name right after one is a place ("five men are
/// murdered in San Vicente del Caguán, and another officer").
const PLACE_PREPOSITIONS: &[&str] = &[
    "in",
    "into",
    "near",
    "across",
    "throughout",
    "towards",
    "toward",
    "via",
];

/// Whether the name at word `i` follows a preposition of place.
fn after_place_preposition(words: &[Word], i: usize) -> bool {
    i > 0 && words[i].gap == " " && PLACE_PREPOSITIONS.contains(&words[i - 1].lower)
}

/// Whether word `i` goes on from the capitalised run or the role object
/// before it, so a name cannot start there ("First Minister of Scotland
/// Nicola Sturgeon, Labour MP").
fn continues_a_phrase(words: &[Word], i: usize) -> bool {
    i > 0
        && words[i].gap == " "
        && (words[i - 1].text.starts_with(char::is_uppercase)
            || matches!(words[i - 1].text, "of" | "for" | "to"))
}

/// An initial inside a name: one capital letter and a full stop ("Austin S. Miller").
fn is_initial(word: &Word, next: Option<&Word>) -> bool {
    let mut chars = word.text.chars();
    chars.next().is_some_and(char::is_uppercase)
        && chars.next().is_none()
        && next.is_some_and(|n| n.gap == ". ")
}

impl PersonCues {
    /// Whether a word can be part of a personal name: capitalised, not an
    /// acronym ("FSB"), not a common word ("Airport", "County"), not a day or
    /// a month, not a role noun.
    pub(super) fn is_name_word(&self, word: &Word) -> bool {
        let mut chars = word.text.chars();
        if !chars.next().is_some_and(char::is_uppercase) || !chars.any(char::is_lowercase) {
            return false;
        }
        let lower = without_possessive(word.lower);
        !self.common.contains(lower) && !CALENDAR_WORDS.contains(&lower) && !self.is_role(lower)
    }

    /// The name starting at word `i`: name words joined by single spaces,
    /// with particles ("Arnel dela Vega") and initials ("Austin S. Miller")
    /// inside, up to a possessive. Returns the index past its last word, or
    /// `None` unless two to [`MAX_NAME_WORDS`] name words start there and no
    /// capitalised word goes on from it.
    fn name_at(&self, words: &[Word], i: usize) -> Option<usize> {
        self.name_from(words, i, false)
    }

    /// A name right after its role, whose first word may also be a common
    /// word that gazetteer people have as a given name: "Labour MP Tom
    /// Watson", "Defense Secretary Mark Esper". A role so close marks the
    /// name well enough; elsewhere "Tom" or "Mark" alone does not. Other
    /// common words stay out: "Chief Justice John G. Roberts", "General
    /// Staff Valery Gerasimov".
    fn name_after_role(&self, words: &[Word], i: usize) -> Option<usize> {
        self.name_from(words, i, true)
    }

    /// [`Self::name_at`], also taking a given name that is a common word as
    /// the first name word when `common_first` (everything `name_at` takes
    /// is still taken).
    fn name_from(&self, words: &[Word], i: usize, common_first: bool) -> Option<usize> {
        // A place: "Nablus, West Bank, killing three militants", "Governor of
        // North Maluku".
        if PLACE_QUALIFIERS.contains(&words.get(i)?.text) {
            return None;
        }
        let first_word = |word: &Word| {
            let lower = without_possessive(word.lower);
            common_first
                && self.given_names.contains_key(lower)
                && word.text.starts_with(char::is_uppercase)
                && word.text.chars().skip(1).all(char::is_lowercase)
                && !CALENDAR_WORDS.contains(&lower)
                && !self.is_role(lower)
        };
        let (mut j, mut count) = (i, 0);
        while j < words.len()
            && (j == i || words[j].gap == " " || is_initial(&words[j - 1], words.get(j)))
        {
            let w = words[j].text;
            let next_is_name = |k: usize| words.get(k).is_some_and(|n| self.is_name_word(n));
            if self.is_name_word(&words[j]) || j == i && first_word(&words[j]) {
                count += 1;
                j += 1;
                if without_possessive(w) != w {
                    return (2..=MAX_NAME_WORDS).contains(&count).then_some(j);
                }
            } else if count > 0
                && (NAME_PARTICLES.contains(&w) && words.get(j + 1).is_some_and(|n| n.gap == " ")
                    || is_initial(&words[j], words.get(j + 1)))
                && next_is_name(j + 1)
            {
                j += 1;
            } else {
                break;
            }
        }
        let goes_on = words
            .get(j)
            .is_some_and(|n| n.gap == " " && n.text.starts_with(char::is_uppercase));
        ((2..=MAX_NAME_WORDS).contains(&count) && !goes_on).then_some(j)
    }

    /// Whether word `i` is a role noun, or a role's abbreviation ("Gen.", "Sen.").
    fn role_at(&self, words: &[Word], i: usize) -> bool {
        let abbreviated = words.get(i + 1).is_some_and(|n| n.gap.starts_with('.'))
            && self.abbreviations.contains(words[i].lower);
        self.is_role(words[i].lower) || abbreviated
    }

    /// Every name marked by a role, as word ranges with the role word's index.
    fn candidates(
        &self,
        words: &[Word],
        covered: &dyn Fn(usize) -> bool,
    ) -> Vec<(usize, usize, usize)> {
        let roles: Vec<usize> = (0..words.len())
            .filter(|&i| self.role_at(words, i))
            .collect();
        let mut out = Vec::new();
        for &i in &roles {
            // "Governor Ned Lamont", "Gen. Austin Miller", "first selectman, Chris Kervick,"
            if let Some(next) = words.get(i + 1) {
                let enclosed = |end: usize| words.get(end).is_some_and(|w| w.gap.starts_with(','));
                match next.gap {
                    " " | ". " => {
                        out.extend(self.name_after_role(words, i + 1).map(|e| (i + 1, e, i)));
                    }
                    ", " => out.extend(
                        self.name_at(words, i + 1)
                            .filter(|&e| enclosed(e))
                            .map(|e| (i + 1, e, i)),
                    ),
                    // "Labour MP (Member of Parliament) Tom Watson"
                    " (" => out.extend(
                        (i + 2..words.len().min(i + 2 + MAX_PARENTHESIS))
                            .find(|&k| words[k].gap.contains(')'))
                            .filter(|&k| words[k].gap == ") ")
                            .and_then(|k| Some((k, self.name_after_role(words, k)?, i))),
                    ),
                    _ => {}
                }
            }
            out.extend(
                self.after_role_object(words, i, covered)
                    .map(|(s, e)| (s, e, i)),
            );
        }
        // An apposition's name ends at most APPOSITION_REACH words before its
        // role and is at most twice MAX_NAME_WORDS long with its particles:
        // only the words that close to a role can start one.
        let reach = 2 * MAX_NAME_WORDS + APPOSITION_REACH + 1;
        let near_role = roles.iter().flat_map(|&r| r.saturating_sub(reach)..r);
        let mut previous = None;
        for i in near_role {
            if previous.is_some_and(|p| i <= p) {
                continue;
            }
            previous = Some(i);
            if continues_a_phrase(words, i) {
                continue;
            }
            if let Some((end, role)) = self.apposition(words, i) {
                out.push((i, end, role));
            }
        }
        out.extend(self.named_by_act(words));
        out.extend(self.heads_of_government(words));
        out.extend(self.affiliated(words));
        out
    }

    /// A name, "of the", and an institution within [`AFFILIATION_REACH`]
    /// words: "Yvette Cooper of the Labour Party". The institution noun's
    /// index stands for the role.
    fn affiliated(&self, words: &[Word]) -> Vec<(usize, usize, usize)> {
        let of_the = |k: usize| {
            matches!(words[k].gap, " " | ", ")
                && words[k].text == "of"
                && words
                    .get(k + 1)
                    .is_some_and(|w| w.gap == " " && w.text == "the")
        };
        (1..words.len())
            .filter(|&k| of_the(k))
            .filter_map(|k| {
                let noun = (k + 2..words.len().min(k + 2 + AFFILIATION_REACH))
                    .take_while(|&n| words[n].gap == " ")
                    .find(|&n| AFFILIATION_NOUNS.contains(&without_possessive(words[n].lower)))?;
                let start = self.name_ending_at(words, k)?;
                (!continues_a_phrase(words, start)).then_some((start, k, noun))
            })
            .collect()
    }

    /// The first word of the name that ends right before word `end`, if
    /// one does.
    fn name_ending_at(&self, words: &[Word], end: usize) -> Option<usize> {
        let earliest = end.saturating_sub(2 * MAX_NAME_WORDS);
        (earliest..end).find(|&s| self.name_at(words, s) == Some(end))
    }

    /// "Ian Smith's government": a full name, possessive, before a leader
    /// noun. The noun's index stands for the role.
    fn heads_of_government(&self, words: &[Word]) -> Vec<(usize, usize, usize)> {
        let leader_noun = |k: usize| {
            words[k].gap == " "
                && LEADER_NOUNS.contains(&words[k].lower)
                && words[k - 1].text.ends_with("'s")
        };
        (1..words.len())
            .filter(|&k| leader_noun(k))
            .filter_map(|k| self.name_ending_at(words, k).map(|s| (s, k, k)))
            .collect()
    }

    /// The gazetteer people a lone surname between "the" and a leader noun
    /// may stand for: "the Trump administration", "the Assad regime". Not a
    /// possessive or "a": "Johnson's government" may be a Johnson the
    /// gazetteer lacks, "a Collins administration" is hypothetical.
    fn surname_before_leader_noun(&self, words: &[Word], i: usize) -> Option<&[(usize, usize)]> {
        let (before, word, next) = (words.get(i.checked_sub(1)?)?, &words[i], words.get(i + 1)?);
        let capitalised = word.text.starts_with(char::is_uppercase);
        if before.lower != "the"
            || word.gap != " "
            || !capitalised
            || next.gap != " "
            || !LEADER_NOUNS.contains(&next.lower)
        {
            return None;
        }
        self.surnames.get(word.lower).map(Vec::as_slice)
    }

    /// Names that the act they are the object of marks as actors: the
    /// suspect arrested or sentenced, the perpetrator "identified as", the
    /// object of an [`ACT_NOUNS`] noun ("Assassination of Mohsen Fakhrizadeh").
    /// The index of the verb or noun stands for the role.
    fn named_by_act(&self, words: &[Word]) -> Vec<(usize, usize, usize)> {
        let mut out = Vec::new();
        let spaced = |k: usize| words.get(k).is_some_and(|w| w.gap == " ");
        for (i, word) in words.iter().enumerate() {
            let name_from = |k: usize| self.name_at(words, k).map(|e| (k, e, i));
            if ARREST_VERBS.contains(&word.lower) && spaced(i + 1) {
                out.extend(name_from(i + 1));
            } else if ACT_NOUNS.contains(&word.lower)
                && words
                    .get(i + 1)
                    .is_some_and(|w| w.gap == " " && w.text == "of")
                && spaced(i + 2)
            {
                out.extend(name_from(i + 2));
            } else if word.lower == "as" && self.identifies_a_perpetrator(words, i) {
                out.extend(
                    (i + 1..words.len().min(i + 1 + IDENTIFIED_FILLER))
                        .take_while(|&k| words[k].gap == " ")
                        .find_map(name_from),
                );
            }
        }
        out
    }

    /// Whether the "as" at `i` follows "identified" within three words and a
    /// perpetrator noun within eight.
    fn identifies_a_perpetrator(&self, words: &[Word], i: usize) -> bool {
        let before = |n: usize| &words[i.saturating_sub(n)..i];
        before(3).iter().any(|w| w.lower == "identified")
            && before(8)
                .iter()
                .any(|w| PERPETRATOR_NOUNS.contains(&without_possessive(w.lower)))
    }

    /// The role's object, then the name: "the mayor of London, Sadiq Khan,
    /// tweeted", "A member of the Tunisian Parliament, Samir Dilou said"
    /// (with a comma, the name must end in a comma or a verb of speech);
    /// "Minister of Information Moammar al-Eryani", "Ambassador to the United
    /// Nations Nikki Haley", "First Minister of Scotland Nicola Sturgeon"
    /// (without one, the object is common words, a gazetteer name, or the one
    /// word before a name of two or more).
    fn after_role_object(
        &self,
        words: &[Word],
        role: usize,
        covered: &dyn Fn(usize) -> bool,
    ) -> Option<(usize, usize)> {
        let of = words.get(role + 1)?;
        if of.gap != " " || !matches!(of.text, "of" | "for" | "to") {
            return None;
        }
        let first = role + 2;
        let reach = words.len().min(first + ROLE_OBJECT_REACH);
        let object_word = |k: usize| {
            let w = words[k].text;
            JOINERS.contains(&w)
                || covered(k)
                || w.starts_with(char::is_uppercase) && !self.is_name_word(&words[k])
        };
        // Before a comma the object may be a long name of its own: "the
        // president of the Tunisian League for the Defence of Human Rights,
        // Jamel Msallem, said".
        let titled = |k: usize| {
            JOINERS.contains(&words[k].text) || words[k].text.starts_with(char::is_uppercase)
        };
        let comma = (first + 1..reach)
            .find(|&k| words[k].gap != " ")
            .filter(|&k| words[k].gap == ", " && (first..k).all(titled))
            .and_then(|k| self.closed_name(words, k));
        if comma.is_some() {
            return comma;
        }
        let start = (first..reach)
            .find(|&k| k > first && words[k].gap != " " || !object_word(k))
            .filter(|&k| k == first || words[k].gap == " " || words[k].gap == ", ")?;
        if words[start].gap == ", " {
            return self.closed_name(words, start);
        }
        let end = self.name_at(words, start)?;
        let named_object = (first..start).any(|k| !JOINERS.contains(&words[k].text));
        if named_object {
            return Some((start, end));
        }
        let name_words = (start..end)
            .filter(|&k| self.is_name_word(&words[k]))
            .count();
        (start == first && name_words >= 3).then_some((start + 1, end))
    }

    /// The name at `start`, after a comma, if a comma or a verb of speech
    /// closes it: "…, Samir Dilou said".
    fn closed_name(&self, words: &[Word], start: usize) -> Option<(usize, usize)> {
        let end = self.name_at(words, start)?;
        let closed = words.get(end).is_some_and(|w| {
            w.gap.starts_with(',') || (w.gap == " " && SPEECH_VERBS.contains(&w.text))
        });
        closed.then_some((start, end))
    }

    /// "Delfin Lorenzana, the Defence Secretary", "Abdul Sattar Mirzakwal as
    /// the new interior minister": a name, a comma or "as", and a role within
    /// [`APPOSITION_REACH`] words with nothing but spaces between.
    fn apposition(&self, words: &[Word], start: usize) -> Option<(usize, usize)> {
        let end = self.name_at(words, start)?;
        let next = words.get(end)?;
        let from = match (next.gap, next.text) {
            // "Brett McGurk, who was Trump's Special Presidential Envoy"
            (", ", "who")
                if words
                    .get(end + 1)
                    .is_some_and(|w| matches!(w.lower, "was" | "is")) =>
            {
                end + 2
            }
            (", ", _) => end,
            (" ", "as") => end + 1,
            _ => return None,
        };
        // A preposition before the role makes it someone else's: "Voznesensk,
        // Mykolaiv Oblast, according to regional governor Vitaliy Kim".
        (from..words.len().min(from + APPOSITION_REACH))
            .take_while(|&k| (k == from || words[k].gap == " ") && !is_preposition(words[k].lower))
            .find(|&k| self.role_at(words, k))
            .map(|role| (end, role))
    }
}

/// Finds the people the text introduces by a role. A name the gazetteer
/// already matched is left to it; a short form of a gazetteer person's name
/// ("Carrie Lam") is added to `mentions` as that person; the rest are
/// returned. A name overlapping another gazetteer match ("Northern Cyprus",
/// "Saudi Arabia") is no person, but leading place words are dropped from it
/// ("Zimbabwe Robert Mugabe").
pub(super) fn recognise(
    gazetteer: &Gazetteer,
    folded: &Folded,
    words: &[Word],
    text: &str,
    mentions: &mut Vec<Mention>,
) -> Vec<UnlistedActor> {
    let cues = gazetteer.person_cues();
    let coverage = Coverage::new(folded, mentions);
    let covered = |w: &Word| coverage.covers(w);
    let covered_at = |k: usize| covered(&words[k]);
    // A listed person is linked only when the story names their country, if
    // they have one: "Spanish Prime Minister Pedro Sánchez" is not Peru's
    // `Pedro Sanchez Gamarra`.
    let regions: Vec<usize> = mentions
        .iter()
        .filter(|m| m.accepted && gazetteer.entities[m.entity].dimension == Dimension::Region)
        .map(|m| gazetteer.country_of(m.entity))
        .collect();
    let at_home = |entity: usize| {
        gazetteer.entities[entity]
            .home
            .is_none_or(|home| regions.contains(&home))
    };
    let mut people = Vec::new();
    let mut linked = Vec::new();
    let link = |(entity, name): (usize, usize), matched: String, range: (usize, usize)| Mention {
        entity,
        name,
        matched,
        range,
        accepted: true,
        town: None,
    };
    for (start, end, role) in cues.candidates(words, &covered_at) {
        // The candidate's first word may be a common one ("Tom Watson"):
        // only the words after it must be name words.
        let first = start;
        let start = (start..end)
            .find(|&k| !covered(&words[k]) && (k == first || cues.is_name_word(&words[k])))
            .unwrap_or(end);
        let span = &words[start..end];
        let name_words = (start..end)
            .filter(|&k| k == first || cues.is_name_word(&words[k]))
            .count();
        let outlet = span.last().is_some_and(|w| OUTLET_WORDS.contains(&w.text));
        if name_words < 2
            || outlet
            || span.iter().any(covered)
            || after_place_preposition(words, start)
        {
            continue;
        }
        let (name, (s, e)) = written(folded, text, &span[0], &span[span.len() - 1]);
        let (name, e) = cues.with_hyphenated_tail(text, name, e);
        match cues.listed_person(&name, at_home) {
            Some(person) => linked.push(link(person, name, (s, e))),
            None => people.push(UnlistedActor {
                kind: ActorKind::Person,
                name,
                cue: words[role].lower.to_string(),
                range: (s, e),
            }),
        }
    }
    for i in 0..words.len() {
        let surnamed = cues.surname_before_leader_noun(words, i);
        if let Some(person) = surnamed.and_then(|people| only_plausible(people, at_home)) {
            let (name, range) = written(folded, text, &words[i], &words[i]);
            linked.push(link(person, name, range));
        }
    }
    mentions.extend(linked);
    people.sort_by_key(|p| p.range);
    people.dedup_by(|a, b| a.range == b.range);
    people
}

/// Drops a gazetteer actor's name that continues a longer personal name or
/// names a thing: a capitalised word after a person's one-word name in prose
/// ("Trump Tower"), a name word before it ("Ivanka Trump"), or a
/// given name of gazetteer people right before it ("Mahamat Idriss Déby Itno",
/// the son, is not Idriss Déby; "Hamza bin Laden" is not Osama) makes the text
/// name someone else. Titles, roles, common words and names the gazetteer
/// matched do not ("President Idriss Déby", "Chadian Idriss Déby"); nor do
/// acronyms and state forces, whose names are no personal names.
pub(super) fn drop_names_inside_personal_names(
    gazetteer: &Gazetteer,
    words: &[Word],
    folded: &Folded,
    mentions: &mut [Mention],
) {
    let cues = gazetteer.person_cues();
    let coverage = Coverage::new(folded, mentions);
    // Which words stand in a title-case line: only asked of a one-word
    // person's name, which most texts have none of.
    let mut headline: Option<Vec<bool>> = None;
    let starts: HashMap<usize, usize> = words
        .iter()
        .enumerate()
        .map(|(k, w)| (folded.original_range(w.start, w.end).0, k))
        .collect();
    for m in mentions.iter_mut().filter(|m| m.accepted) {
        let entity = &gazetteer.entities[m.entity];
        let personal = entity.dimension == Dimension::Actor
            && entity.kind != Some(ActorKind::StateForces)
            && !gazetteer.names[m.name].case_sensitive;
        let Some(&k) = starts.get(&m.range.0) else {
            continue;
        };
        if !personal {
            continue;
        }
        let one_word_person = entity.kind == Some(ActorKind::Person) && !m.matched.contains(' ');
        if one_word_person
            && names_a_thing_after(words, k)
            && !headline.get_or_insert_with(|| super::readings::headline_words(words))[k]
        {
            m.accepted = false;
            continue;
        }
        if k == 0 || words[k].gap != " " {
            continue;
        }
        let before = &words[k - 1];
        // A person's surname alone ("Trump") after a Latin name word is
        // someone else of the family ("Ivanka Trump"), unless that word spells
        // the person's own given name otherwise ("Volodymir Zelensky"). Not in
        // Cyrillic, where the capitalised word is as often a title the role
        // list does not hold ("Президент Зеленський", "Президенту Байдену").
        let surname_alone = one_word_person
            && !super::inflect::is_cyrillic_word(before.text)
            && !spells_the_given_name(before.lower, entity.label());
        let given = cues.is_name_word(before)
            && !NAME_PARTICLES.contains(&before.lower)
            && (surname_alone || cues.is_given_name(before.lower))
            && !coverage.covers(before);
        if given {
            m.accepted = false;
        }
    }
}

/// Whether the word after word `k` (a person's one-word name) is capitalised
/// in prose and names a thing after the person: "Trump Tower", "the Trump
/// National Doral resort", "Trump Jr."; not a leader noun ("the Trump
/// Administration") nor a day or month.
fn names_a_thing_after(words: &[Word], k: usize) -> bool {
    words.get(k + 1).is_some_and(|w| {
        w.gap == " "
            && w.text.starts_with(char::is_uppercase)
            && w.text.chars().any(char::is_lowercase)
            && !LEADER_NOUNS.contains(&w.lower)
            && !CALENDAR_WORDS.contains(&w.lower)
    })
}

/// Whether a folded lower-case word may spell the first word of `label` (a
/// person's name) another way: the same first three letters ("volodymir" for
/// Volodymyr Zelenskyy).
fn spells_the_given_name(lower: &str, label: &str) -> bool {
    let given = fold_str(label.split(' ').next().unwrap_or(""), true);
    let prefix = |w: &str| w.chars().take(3).collect::<String>();
    prefix(lower) == prefix(&given)
}

#[cfg(test)]
mod tests {
    use super::super::extract;
    use super::super::gazetteer::tests::fixture;
    use super::ActorKind;

    fn people(text: &str) -> Vec<String> {
        let g = fixture();
        let mut names: Vec<String> = extract(&g, text)
            .unlisted
            .into_iter()
            .filter(|p| p.kind == ActorKind::Person)
            .map(|p| p.name)
            .collect();
        names.sort();
        names.dedup();
        names
    }

    #[test]
    fn a_headline_verb_form_of_a_common_word_is_common() {
        let cues =
            super::PersonCues::parse("", "bombarded\nexecute\ncarrying\nclash\nmile\nstated\n");
        for form in ["bombards", "executes", "carries", "clashes", "bombarded"] {
            assert!(cues.is_common_or_its_s_form(form), "{form}");
        }
        // Only the -s forms: no other ending, no -ss word, no short base.
        // A place word's plural is no verb, though "stated" is common.
        for word in ["bombardier", "executess", "ms", "banks", "states"] {
            assert!(!cues.is_common_or_its_s_form(word), "{word}");
        }
        // The plain list stays as it was.
        assert!(!cues.is_common("bombards"));
    }

    #[test]
    fn a_role_before_the_name() {
        assert_eq!(
            people("Connecticut Governor Ned Lamont said the crash killed seven."),
            ["Ned Lamont"]
        );
        assert_eq!(
            people("Houthi military spokesperson Yahya Sarea said it had fired"),
            ["Yahya Sarea"]
        );
        assert_eq!(
            people("an order by Coast Guard Commandant Admiral Elson Hermogino"),
            ["Elson Hermogino"]
        );
        assert_eq!(
            people("Minister Arnel dela Vega of the army"),
            ["Arnel dela Vega"]
        );
        assert_eq!(
            people("a meeting with U.S. Admiral Austin S. Miller. Gen. Miller escaped"),
            ["Austin S. Miller"]
        );
        assert_eq!(
            people("According to Mexican President Andrés Manuel López Obrador, six died"),
            ["Andrés Manuel López Obrador"]
        );
    }

    #[test]
    fn a_role_in_apposition_or_with_an_object() {
        assert_eq!(
            people("said Delfin Lorenzana, the Defence Secretary."),
            ["Delfin Lorenzana"]
        );
        assert_eq!(
            people("The mayor of Bamako, Sadiq Khan, tweeted"),
            ["Sadiq Khan"]
        );
        assert_eq!(
            people("First Minister of Scotland Nicola Sturgeon spoke"),
            ["Nicola Sturgeon"]
        );
        assert_eq!(
            people("names Abdul Sattar Mirzakwal as the new interior minister"),
            ["Abdul Sattar Mirzakwal"]
        );
        assert_eq!(
            people("shelling in Voznesensk, Mykolaiv Oblast, according to regional governor Vitaliy Kim."),
            ["Vitaliy Kim"]
        );
        assert_eq!(
            people("A member of the Malian Parliament, Samir Dilou said"),
            ["Samir Dilou"]
        );
    }

    #[test]
    fn a_role_with_a_long_object_before_the_comma() {
        assert_eq!(
            people("the president of the Tunisian League for the Defence of Human Rights, Jamel Msallem, said"),
            ["Jamel Msallem"]
        );
    }

    #[test]
    fn a_given_name_that_is_a_common_word_right_after_the_role() {
        // "Tom" is a common word, and the first name of a gazetteer person.
        assert_eq!(people("Mayor Tom Watson spoke"), ["Tom Watson"]);
        assert!(people("Tom Watson spoke").is_empty());
        // "Justice" is a common word that starts no gazetteer person's name.
        assert!(people("Mayor Justice Watson spoke").is_empty());
    }

    #[test]
    fn a_member_of_an_institution() {
        assert_eq!(
            people("Yvette Cooper of the Labour Party added"),
            ["Yvette Cooper"]
        );
        assert_eq!(
            people("Sharif Hotak, of the Maidan Wardak provincial council, described"),
            ["Sharif Hotak"]
        );
        assert!(people("Jane Doe of the University of Bamako said").is_empty());
    }

    #[test]
    fn a_role_past_a_parenthesis_or_a_relative_clause() {
        assert_eq!(people("Mayor (Labour) Tom Watson spoke"), ["Tom Watson"]);
        assert_eq!(
            people("Brett McGurk, who was the Defence Secretary, said"),
            ["Brett McGurk"]
        );
    }

    #[test]
    fn suspects_perpetrators_and_targets_named_by_the_act() {
        assert_eq!(
            people("Authorities arrested Ashiqul Alam who allegedly planned an attack."),
            ["Ashiqul Alam"]
        );
        assert_eq!(
            people("The 29-year-old suspect, later identified as Uzbekistani immigrant Sayfullo Saipov, is shot."),
            ["Sayfullo Saipov"]
        );
        assert_eq!(
            people("Assassination of Mohsen Fakhrizadeh"),
            ["Mohsen Fakhrizadeh"]
        );
        assert_eq!(
            people("the resignation of Luis Rivera Marín over the scandal"),
            ["Luis Rivera Marín"]
        );
        assert_eq!(
            people("the 2008 and 2012 presidential campaigns of Ron Paul."),
            ["Ron Paul"]
        );
        // A victim identified, or whose death is reported, is not an actor.
        assert!(people("protests over the death of George Floyd").is_empty());
        assert!(people("The victim was identified as John Smith.").is_empty());
    }

    #[test]
    fn not_places_things_or_unmarked_names() {
        assert!(people("a director at Bradley International Airport").is_empty());
        assert!(people("the sheriff of Middlesex County").is_empty());
        assert!(people("Ariana Grande sang in Manchester").is_empty());
        assert!(people("President Trump spoke").is_empty());
        // The gazetteer's own people and places stay the gazetteer's.
        assert!(people("Prime Minister Choguel Kokalla Maïga spoke").is_empty());
        assert!(people("minister Central African Republic").is_empty());
    }

    #[test]
    fn a_hyphenated_name_keeps_its_tail() {
        assert_eq!(
            people("former mayor Lee Jae-myung was stabbed"),
            ["Lee Jae-myung"]
        );
        assert_eq!(
            people("the President Ashraf Ghani-led government"),
            ["Ashraf Ghani"]
        );
    }

    #[test]
    fn spellings_that_transliteration_varies_are_one_key() {
        let key = |name| super::spelling_key(&super::fold_str(name, true)).unwrap();
        assert_eq!(
            key("Bismillah Khan Mohammadi"),
            key("Bismullah Muhammadi Khan")
        );
        assert_eq!(key("Zabiullah Mujahid"), key("Zabihullah Mujahid"));
        assert_eq!(key("Sergei Shoigu"), key("Sergey Shoygu"));
        assert_ne!(key("Sergei Shoigu"), key("Sergei Sobyanin"));
        assert_eq!(super::spelling_key("lavrov"), None);
    }

    #[test]
    fn a_spelling_variant_is_the_gazetteer_person_of_the_story_country() {
        let g = fixture();
        let x = extract(&g, "Russian Defence Minister Sergei Shoigu said.");
        assert!(x.unlisted.is_empty());
        let found = x.entities(&g, super::Dimension::Actor);
        let labels: Vec<&str> = found.iter().map(|&e| g.entities[e].label()).collect();
        assert_eq!(labels, ["Sergey Shoygu"]);
        // Without Russia in the story the name is not linked, only kept.
        assert_eq!(
            people("Defence Minister Sergei Shoigu said."),
            ["Sergei Shoigu"]
        );
    }

    #[test]
    fn the_head_of_a_government() {
        assert_eq!(
            people("Mugabe fought against Ian Smith's government."),
            ["Ian Smith"]
        );
        let g = fixture();
        // The people found; a government acting is also its state's forces.
        let actors = |text: &str| -> Vec<String> {
            let x = extract(&g, text);
            let found = x.entities(&g, super::Dimension::Actor);
            found
                .iter()
                .filter(|&&e| g.entities[e].kind == Some(ActorKind::Person))
                .map(|&e| g.entities[e].label().to_string())
                .collect()
        };
        assert_eq!(
            actors("In Mali, the Maiga government said no."),
            ["Choguel Kokalla Maiga"]
        );
        // Not a possessive or a hypothetical one, nor without the country.
        assert!(actors("In Mali, Maiga's government said no.").is_empty());
        assert!(actors("In Mali, a Maiga government would say no.").is_empty());
        assert!(actors("the Maiga government said no.").is_empty());
    }

    #[test]
    fn a_given_name_before_a_listed_person_names_someone_else() {
        let g = fixture();
        let actors = |text: &str| -> Vec<String> {
            let x = extract(&g, text);
            let found = x.entities(&g, super::Dimension::Actor);
            found
                .iter()
                .map(|&e| g.entities[e].label().to_string())
                .collect()
        };
        // "Mahamat" starts two gazetteer people's names: a given name.
        assert!(actors("General Mahamat Idriss Deby Itno will rule.").is_empty());
        assert_eq!(actors("President Idriss Deby said"), ["Idriss Deby"]);
        assert_eq!(actors("Yesterday Idriss Deby said"), ["Idriss Deby"]);
        assert_eq!(actors("Chadian Idriss Deby said"), ["Idriss Deby"]);
    }

    #[test]
    fn places_are_not_people() {
        assert!(people("raid in Nablus, West Bank, killing three militants").is_empty());
        assert!(people("a candidate for Governor of North Maluku in the election").is_empty());
        assert!(
            people("men are murdered in San Vicente del Caguán, and another officer").is_empty()
        );
        assert_eq!(
            people("said Delfin Lorenzana, the Defence Secretary."),
            ["Delfin Lorenzana"]
        );
    }

    #[test]
    fn a_short_form_is_the_gazetteer_person() {
        let g = fixture();
        let x = extract(&g, "Prime Minister Choguel Maiga spoke.");
        assert!(x.unlisted.is_empty());
        let found = x.entities(&g, super::Dimension::Actor);
        assert_eq!(found.len(), 1);
        assert_eq!(g.entities[found[0]].label(), "Choguel Kokalla Maiga");
    }
}

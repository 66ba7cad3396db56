//! What kind of event a report describes: ACLED's event types and sub-event
//! types (the taxonomy is data, `index-schema/event-types.tsv`), assigned by
//! rules over the cue words of each sentence, the casualties counted in it
//! and the actors found in it; and the UCDP violence type (state-based,
//! non-state, one-sided) that the two sides give. The rules and the cases
//! behind them are in index-schema/README.md ("Events and casualties").

use std::collections::HashMap;
use std::sync::LazyLock;

use rustc_hash::{FxHashMap, FxHashSet};

use serde::Serialize;
use tantivy::schema::Facet;

use super::casualties::{Casualty, CasualtyKind, Group};
use super::entity::ActorKind;
use super::fold::fold_str;
use super::words::Word;
use super::{Folded, Gazetteer, Mention};
use crate::error::{Error, Result};

/// The taxonomy compiled into the binary.
pub(super) const EMBEDDED: &str = include_str!("../../index-schema/event-types.tsv");

/// How an ACLED sub-event type maps to UCDP's violence types.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UcdpMapping {
    /// The sides decide: state forces on one side is state-based, two
    /// non-state groups non-state.
    ByActors,
    /// A side against civilians.
    OneSided,
    /// UCDP does not code it (protests, riots, strategic developments).
    None,
}

/// UCDP's type of violence (GED `type_of_violence`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ViolenceType {
    /// 1: a state against another state or an organised group.
    StateBased,
    /// 2: organised groups, none of them a state.
    NonState,
    /// 3: a state or a group against civilians.
    OneSided,
}

impl ViolenceType {
    /// Every type, in UCDP's order.
    pub const ALL: [ViolenceType; 3] = [
        ViolenceType::StateBased,
        ViolenceType::NonState,
        ViolenceType::OneSided,
    ];

    /// The facet label and the name users type.
    pub fn label(self) -> &'static str {
        match self {
            ViolenceType::StateBased => "state-based",
            ViolenceType::NonState => "non-state",
            ViolenceType::OneSided => "one-sided",
        }
    }

    /// UCDP's code (`type_of_violence`).
    pub fn ucdp_code(self) -> u8 {
        match self {
            ViolenceType::StateBased => 1,
            ViolenceType::NonState => 2,
            ViolenceType::OneSided => 3,
        }
    }

    /// The type a user names (`one-sided`, `one sided`, `3`), if any.
    pub fn parse(name: &str) -> Option<Self> {
        let key = fold_str(name.trim(), true).replace([' ', '_'], "-");
        Self::ALL
            .into_iter()
            .find(|t| t.label() == key || t.ucdp_code().to_string() == key)
    }

    /// The facet: `/one-sided`.
    pub fn facet(self) -> Facet {
        Facet::from_path([self.label()])
    }
}

/// One sub-event type of the taxonomy.
#[derive(Debug, Clone)]
pub struct EventType {
    /// ACLED event type (facet level 1): `Battles`.
    pub kind: String,
    /// ACLED sub-event type (facet level 2): `Armed clash`.
    pub sub: String,
    /// UCDP mapping.
    pub ucdp: UcdpMapping,
    /// The facet path as text (`/Battles/Armed clash`), made once: tantivy
    /// formats a facet character by character, which cost more than the
    /// event rules when done per mention.
    pub path: String,
}

impl EventType {
    /// `/Battles/Armed clash`.
    pub fn facet(&self) -> Facet {
        Facet::from_path([self.kind.as_str(), self.sub.as_str()])
    }

    fn is(&self, kind: &str, sub: &str) -> bool {
        self.kind == kind && self.sub == sub
    }
}

/// A cue: words of a sub-event type, each exact or a prefix (`clash*`).
#[derive(Debug, Clone)]
struct Cue {
    event: usize,
    words: Vec<(String, bool)>,
}

/// A cue's first word is looked up by its first bytes: every prefix cue
/// has at least this many.
const KEY_BYTES: usize = 4;

fn key(word: &str) -> &str {
    let end = (0..=KEY_BYTES.min(word.len()))
        .rev()
        .find(|&i| word.is_char_boundary(i))
        .unwrap_or(0);
    &word[..end]
}

/// ACLED's taxonomy with the cue words of each sub-event type.
#[derive(Debug, Clone, Default)]
pub struct EventTaxonomy {
    /// Sub-event types, in file order.
    pub types: Vec<EventType>,
    cues: Vec<Cue>,
    /// First bytes of a cue's first word -> cues.
    by_key: FxHashMap<String, Vec<usize>>,
    /// Folded names (labels and aliases) -> facet paths.
    names: HashMap<String, Vec<Vec<String>>>,
}

impl EventTaxonomy {
    /// Parses `event-types.tsv`; `file` names it in errors.
    pub fn parse(file: &str, text: &str) -> Result<Self> {
        let mut taxonomy = EventTaxonomy::default();
        for (i, line) in text.lines().enumerate() {
            if line.trim().is_empty() || line.starts_with('#') {
                continue;
            }
            let error = |message: String| Error::Gazetteer {
                path: file.to_string(),
                line: i + 1,
                message,
            };
            let cols: Vec<&str> = line.split('\t').map(str::trim).collect();
            if cols.len() < 7 {
                return Err(error(format!(
                    "expected 7 tab-separated columns, found {}",
                    cols.len()
                )));
            }
            if cols[..2].iter().any(|c| c.is_empty() || c.contains('/')) {
                return Err(error(
                    "type and sub-event type must be non-empty and contain no `/`".into(),
                ));
            }
            let ucdp = match cols[2] {
                "by actors" => UcdpMapping::ByActors,
                "one-sided" => UcdpMapping::OneSided,
                "-" => UcdpMapping::None,
                other => {
                    return Err(error(format!(
                        "unknown UCDP mapping `{other}`: use `by actors`, `one-sided` or `-`"
                    )))
                }
            };
            let event = taxonomy.types.len();
            let split = |c: &str| -> Vec<String> {
                c.split('|')
                    .map(str::trim)
                    .filter(|s| !s.is_empty())
                    .map(String::from)
                    .collect()
            };
            for cue in split(cols[5]) {
                taxonomy.add_cue(event, &cue).map_err(error)?;
            }
            let facet = Facet::from_path([cols[0], cols[1]]);
            let ty = EventType {
                kind: cols[0].to_string(),
                sub: cols[1].to_string(),
                ucdp,
                path: facet.to_string(),
            };
            let kind_path = vec![ty.kind.clone()];
            let sub_path = vec![ty.kind.clone(), ty.sub.clone()];
            for name in std::iter::once(ty.kind.clone()).chain(split(cols[3])) {
                taxonomy.add_name(&name, kind_path.clone());
            }
            for name in std::iter::once(ty.sub.clone()).chain(split(cols[4])) {
                taxonomy.add_name(&name, sub_path.clone());
            }
            taxonomy.types.push(ty);
        }
        if taxonomy.types.is_empty() {
            return Err(Error::Gazetteer {
                path: file.to_string(),
                line: 0,
                message: "no event types".into(),
            });
        }
        Ok(taxonomy)
    }

    /// Adds one cue of sub-event type `event`.
    fn add_cue(&mut self, event: usize, cue: &str) -> std::result::Result<(), String> {
        let words: Vec<(String, bool)> = fold_str(cue, true)
            .split_whitespace()
            .map(|w| match w.strip_suffix('*') {
                Some(prefix) => (prefix.to_string(), true),
                None => (w.to_string(), false),
            })
            .collect();
        let first = match words.first() {
            None => return Err("empty cue".into()),
            Some((first, true)) if first.len() < KEY_BYTES => {
                return Err(format!(
                    "cue `{cue}`: a prefix needs at least {KEY_BYTES} letters"
                ))
            }
            Some((first, _)) => key(first).to_string(),
        };
        self.by_key.entry(first).or_default().push(self.cues.len());
        self.cues.push(Cue { event, words });
        Ok(())
    }

    fn add_name(&mut self, name: &str, path: Vec<String>) {
        let slot = self.names.entry(fold_str(name, true)).or_default();
        if !slot.contains(&path) {
            slot.push(path);
        }
    }

    /// The facet paths a user-given name means: a type (`battles`,
    /// `remote violence`), a sub-event type (`air strike`), any case.
    pub fn resolve(&self, name: &str) -> Option<&[Vec<String>]> {
        self.names
            .get(&fold_str(name.trim(), true))
            .map(Vec::as_slice)
    }

    /// Up to `n` known names closest to `name`, for "did you mean".
    pub fn suggest(&self, name: &str, n: usize) -> Vec<String> {
        let key = fold_str(name.trim(), true);
        let mut scored: Vec<(usize, String)> = self
            .types
            .iter()
            .flat_map(|t| [t.kind.clone(), t.sub.clone()])
            .map(|label| (strsim::levenshtein(&fold_str(&label, true), &key), label))
            .collect();
        scored.sort();
        scored.dedup_by(|a, b| a.1 == b.1);
        scored.into_iter().take(n).map(|(_, l)| l).collect()
    }

    /// Cue matches in `sentence`: (event, first word, words taken).
    fn cues_in(&self, sentence: &[Word]) -> Vec<(usize, usize, usize)> {
        let mut out = Vec::new();
        for (i, word) in sentence.iter().enumerate() {
            // The word as written, and without a French elided article
            // ("l'assassinat de 9 civils", "d'affrontements"): cues such as
            // "s'affrontent" keep theirs.
            let unelided = unelide(word.lower);
            for form in std::iter::once(word.lower)
                .chain((unelided.len() != word.lower.len()).then_some(unelided))
            {
                let Some(candidates) = self.by_key.get(key(form)) else {
                    continue;
                };
                for &c in candidates {
                    let cue = &self.cues[c];
                    let matches = cue.words.iter().enumerate().all(|(k, (w, prefix))| {
                        let lower = if k == 0 {
                            Some(form)
                        } else {
                            sentence
                                .get(i + k)
                                .filter(|s| s.gap == " ")
                                .map(|s| s.lower)
                        };
                        lower.is_some_and(|l| {
                            if *prefix {
                                l.starts_with(w.as_str())
                            } else {
                                l == w
                            }
                        })
                    });
                    if matches && !out.contains(&(cue.event, i, cue.words.len())) {
                        out.push((cue.event, i, cue.words.len()));
                    }
                }
            }
        }
        out
    }
}

/// A word without a French elided article: "l'attaque" is "attaque".
/// Compares bytes only: every word of a text goes through it.
fn unelide(word: &str) -> &str {
    match word.as_bytes() {
        [b'l' | b'd', b'\'', _, ..] => &word[2..],
        [b'q', b'u', b'\'', _, ..] => &word[3..],
        _ => word,
    }
}

/// One event type found in a text, with the words that gave it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct EventMention {
    /// Index into [`EventTaxonomy::types`].
    #[serde(skip)]
    pub event: usize,
    /// Facet path (`/Battles/Armed clash`).
    pub facet: String,
    /// The cue as written, or the casualty or target that gave the type.
    pub cue: String,
    /// The rule that assigned it.
    pub rule: String,
    /// Byte range of its sentence in the text.
    pub sentence: (usize, usize),
}

/// Events found in a text: the types, the UCDP violence types, and the
/// casualties the rules read.
#[derive(Debug, Clone, Default)]
pub struct Events {
    /// Every event type assigned, in text order (a type may repeat).
    pub mentions: Vec<EventMention>,
    /// UCDP types the sides give, one per sentence that gives one.
    pub violence: Vec<(ViolenceType, String, (usize, usize))>,
}

impl Events {
    /// Distinct event facets, in order of first mention.
    pub fn facets(&self) -> Vec<Facet> {
        let mut out: Vec<Facet> = Vec::new();
        for m in &self.mentions {
            let f = Facet::from_text(&m.facet).unwrap_or_else(|_| Facet::root());
            if !out.contains(&f) {
                out.push(f);
            }
        }
        out
    }

    /// Distinct UCDP violence types, in order of first mention.
    pub fn violence_types(&self) -> Vec<ViolenceType> {
        let mut out = Vec::new();
        for (v, _, _) in &self.violence {
            if !out.contains(v) {
                out.push(*v);
            }
        }
        out
    }
}

/// Words that, in the four words before a cue, say the event did not
/// happen (yet): "threatened to attack", "calls for a ceasefire", "denied
/// carrying out the strike", "anti-riot police".
const IRREALIS: &[&str] = &[
    "threaten",
    "threatens",
    "threatened",
    "threatening",
    "plan",
    "plans",
    "planned",
    "planning",
    "plot",
    "plotting",
    "call",
    "calls",
    "called",
    "calling",
    "urge",
    "urges",
    "urged",
    "demand",
    "demands",
    "demanded",
    "vow",
    "vows",
    "vowed",
    "deny",
    "denies",
    "denied",
    "prevent",
    "prevents",
    "avoid",
    "not",
    "no",
    "never",
    "without",
    "anti",
    "possible",
    "potential",
    "would",
    "could",
    "proposed",
    "proposes",
    "propose",
    "seek",
    "seeks",
    "sought",
    "negotiate",
    "negotiating",
    "talks",
];

/// Words that, with an attack word, name a target of state forces:
/// an attack on them is a battle.
const SECURITY_TARGETS: &[&str] = &[
    "base",
    "bases",
    "checkpoint",
    "checkpoints",
    "outpost",
    "outposts",
    "convoy",
    "convoys",
    "patrol",
    "patrols",
    "barracks",
    "garrison",
    "soldiers",
    "troops",
    "army",
    "military",
    "police",
    "policemen",
    "posts",
    "post",
    "station",
    "positions",
    "position",
    "camp",
];

/// Words that name a civilian target: an attack on them is violence
/// against civilians.
const CIVILIAN_TARGETS: &[&str] = &[
    "village",
    "villages",
    "villagers",
    "civilians",
    "market",
    "mosque",
    "church",
    "school",
    "hospital",
    "bus",
    "wedding",
    "funeral",
    "worshippers",
    "residents",
    "homes",
    "houses",
    "concert",
    "nightclub",
    "hotel",
    "restaurant",
    "shrine",
    "temple",
    "synagogue",
    "festival",
    "refugees",
    "farmers",
];

/// Attack words: with a target they give a battle or violence against civilians.
const ATTACK_WORDS: &[&str] = &[
    "attack",
    "attacks",
    "attacked",
    "attacking",
    "raid",
    "raids",
    "raided",
    "stormed",
    "storm",
    "storms",
    "ambush",
    "ambushed",
    "ambushes",
    "assault",
    "assaulted",
    "opened",
    "shooting",
    "attaque",
    "attaques",
    "attaquent",
    "attaque",
];

/// [`ATTACK_WORDS`] for lookups: every sentence is scanned for them.
static ATTACK_SET: LazyLock<FxHashSet<&'static str>> =
    LazyLock::new(|| ATTACK_WORDS.iter().copied().collect());

/// Nouns of attackers who are not a state's forces: people they kill,
/// outside a strike or a battle, are civilians ("Islamic extremists kill at
/// least 18 people", "A man shoots six people dead", "Gunmen kill 19").
const ATTACKER_NOUNS: &[&str] = &[
    "gunmen",
    "gunman",
    "extremists",
    "militants",
    "attackers",
    "assailants",
    "man",
    "jihadists",
    "insurgents",
    "terrorists",
    "bandits",
    "assaillants",
    "jihadistes",
    "terroristes",
];

/// Words that make an explosion an accident, not an attack: "gas explosion".
const ACCIDENT_WORDS: &[&str] = &[
    "gas",
    "accidental",
    "industrial",
    "boiler",
    "methane",
    "factory",
    "mine",
    "volcanic",
    "chemical",
    "fireworks",
    "pipeline",
];

/// Words of an accident or a disaster's scene: a sentence that names one
/// and no weapon, attack or attacker is not read as violence. "A fire
/// occurs at a chemical plant in Brunswick, prompting evacuations due to
/// the danger of hazardous smoke and explosions" is no explosion event, and
/// "A firefighter is injured while fighting the fire" no battle (LABELLING.md,
/// event set: accidents and disasters are not tagged).
const ACCIDENT_SCENES: &[&str] = &[
    "accident",
    "accidents",
    "accidental",
    "accidentally",
    "fire",
    "fires",
    "blaze",
    "wildfire",
    "wildfires",
    "firefighter",
    "firefighters",
    "flames",
    "plant",
    "factory",
    "refinery",
    "warehouse",
    "chemical",
    "chemicals",
    "industrial",
    "fireworks",
    "boiler",
    "pipeline",
    "tanker",
    "gas",
    "methane",
    "leak",
    "crash",
    "crashed",
    "derailment",
    "derailed",
    "collapse",
    "collapsed",
    "incendie",
    "usine",
];

/// Words of a weapon, an attack or an attacker: a sentence with one is not
/// an accident even if it names a fire or a plant ("a rocket hits a gas
/// plant", "gunmen set fire to a factory").
const VIOLENCE_WORDS: &[&str] = &[
    "bomb",
    "bombs",
    "bomber",
    "bombers",
    "bombing",
    "bombings",
    "ied",
    "missile",
    "missiles",
    "rocket",
    "rockets",
    "drone",
    "drones",
    "strike",
    "strikes",
    "airstrike",
    "airstrikes",
    "shelling",
    "grenade",
    "grenades",
    "mortar",
    "mortars",
    "suicide",
    "terrorist",
    "terrorists",
    "terror",
    "sabotage",
    "arson",
    "attentat",
];

/// The cues that say something blew up without saying what: an accident's
/// too, unlike a bomb, a shell or a mine.
const BLAST_CUES: &[&str] = &[
    "explosion",
    "explosions",
    "blast",
    "blasts",
    "exploded",
    "explodes",
    "explode",
];

/// What one sentence holds, for the rules.
struct Sentence<'a> {
    words: &'a [Word<'a>],
    range: (usize, usize),
    /// (sub-event type, first word, words) of each cue, irrealis ones dropped.
    cues: Vec<(usize, usize, usize)>,
    casualties: Vec<&'a Casualty>,
    /// Distinct state-forces and armed-group entities named in it.
    states: Vec<usize>,
    groups: Vec<usize>,
}

impl Sentence<'_> {
    fn has_word(&self, list: &[&str]) -> bool {
        self.words.iter().any(|w| list.contains(&w.lower))
    }

    fn killed_or_hurt(&self, group: Option<Group>) -> bool {
        self.casualties.iter().any(|c| {
            matches!(c.kind, CasualtyKind::Killed | CasualtyKind::Injured)
                && group.is_none_or(|g| c.group == g)
        })
    }

    /// An accident or a disaster: its scene named, and no weapon, attack,
    /// attacker or armed group.
    fn accident(&self) -> bool {
        self.groups.is_empty()
            && self.has_word(ACCIDENT_SCENES)
            && !self.words.iter().any(|w| {
                VIOLENCE_WORDS.contains(&w.lower)
                    || ATTACK_SET.contains(w.lower)
                    || PERPETRATOR_NOUNS.contains(&w.lower)
            })
    }

    /// An armed context: a casualty counted (not in an accident), an armed
    /// group named, or fighters named by a noun.
    fn armed(&self) -> bool {
        !self.casualties.is_empty() && !self.accident()
            || !self.groups.is_empty()
            || self.has_word(&[
                "militants",
                "rebels",
                "insurgents",
                "fighters",
                "troops",
                "soldiers",
                "gunmen",
                "forces",
                "army",
                "militia",
                "militias",
                "jihadists",
                "terrorists",
                "rebelles",
                "soldats",
                "militaires",
            ])
    }
}

/// Assigns event types and UCDP violence types to a text. `mentions` are
/// the gazetteer mentions (with their original ranges), `casualties` the
/// counts read from the same text.
pub(super) fn recognise(
    gazetteer: &Gazetteer,
    folded: &Folded,
    words: &[Word],
    sentences: &[(usize, usize)],
    text: &str,
    mentions: &[Mention],
    casualties: &[Casualty],
) -> Events {
    let taxonomy = gazetteer.events();
    let mut events = Events::default();
    for &(first, last) in sentences {
        let s_words = &words[first..last];
        let range = folded.original_range(s_words[0].start, s_words[s_words.len() - 1].end);
        let inside = |r: (usize, usize)| range.0 <= r.0 && r.1 <= range.1;
        let cues: Vec<(usize, usize, usize)> = taxonomy
            .cues_in(s_words)
            .into_iter()
            .filter(|&(_, at, _)| !irrealis_before(s_words, at))
            .collect();
        let counted: Vec<&Casualty> = casualties.iter().filter(|c| inside(c.range)).collect();
        // Every rule needs a cue, a count or an attack word: most sentences
        // have none, and are not read further.
        if cues.is_empty()
            && counted.is_empty()
            && !s_words.iter().any(|w| ATTACK_SET.contains(w.lower))
        {
            continue;
        }
        let mut states = Vec::new();
        let mut groups = Vec::new();
        for m in mentions.iter().filter(|m| m.accepted && inside(m.range)) {
            let list = match gazetteer.entities[m.entity].kind {
                Some(ActorKind::StateForces) => &mut states,
                Some(ActorKind::ArmedGroup) => &mut groups,
                _ => continue,
            };
            if !list.contains(&m.entity) {
                list.push(m.entity);
            }
        }
        let sentence = Sentence {
            words: s_words,
            range,
            cues,
            casualties: counted,
            states,
            groups,
        };
        let found = assign(taxonomy, &sentence, text, folded);
        if let Some(v) = violence_type(taxonomy, &sentence, &found) {
            events.violence.push(v);
        }
        events.mentions.extend(found);
    }
    events
}

fn irrealis_before(words: &[Word], at: usize) -> bool {
    words[at.saturating_sub(4)..at]
        .iter()
        .any(|w| IRREALIS.contains(&w.lower))
}

/// The event types of one sentence.
fn assign(
    taxonomy: &EventTaxonomy,
    s: &Sentence,
    text: &str,
    folded: &Folded,
) -> Vec<EventMention> {
    let mut out: Vec<EventMention> = Vec::new();
    let written = |at: usize, len: usize| {
        let (a, b) = folded.original_range(s.words[at].start, s.words[at + len - 1].end);
        text[a..b].to_string()
    };
    let mut push = |ty: &EventType, cue: String, rule: &str| {
        let Some(event) = taxonomy.types.iter().position(|t| std::ptr::eq(t, ty)) else {
            return;
        };
        if !out.iter().any(|m| m.event == event) {
            out.push(EventMention {
                event,
                facet: ty.path.clone(),
                cue,
                rule: rule.to_string(),
                sentence: s.range,
            });
        }
    };
    let find = |kind: &str, sub: &str| taxonomy.types.iter().find(|t| t.is(kind, sub));
    let has_cue = |kind: &str| {
        s.cues
            .iter()
            .any(|&(e, _, _)| taxonomy.types[e].kind == kind)
    };
    let strike = strike_at(s);
    let remote = has_cue(REMOTE) || strike.is_some();
    let protest = has_cue(PROTESTS);
    if let (Some(at), Some(t)) = (strike, find(REMOTE, AIR_STRIKE)) {
        push(t, written(at, 1), "strike word in an armed context");
    }
    let security_hit = s.killed_or_hurt(Some(Group::StateForces));
    let militants_hit = s.killed_or_hurt(Some(Group::Militants));
    for &(e, at, len) in &s.cues {
        let ty = &taxonomy.types[e];
        let cue = written(at, len);
        let rule = match (ty.kind.as_str(), ty.sub.as_str()) {
            // Protesters clashing with the police or each other riot
            // (ACLED: Riots, violent demonstration).
            (BATTLES, ARMED_CLASH) if protest && s.groups.is_empty() => {
                if let Some(t) = find(RIOTS, VIOLENT_DEMONSTRATION) {
                    push(t, cue.clone(), "clash word with protesters");
                }
                None
            }
            (BATTLES, ARMED_CLASH) => s.armed().then_some("clash word in an armed context"),
            (BATTLES, _) => territory(s, at).map(|t| {
                if let Some(t) = find(BATTLES, t) {
                    push(t, cue.clone(), "capture word after its agent");
                }
                ""
            }),
            (REMOTE, _) => {
                let accident = at > 0 && ACCIDENT_WORDS.contains(&s.words[at - 1].lower)
                    || BLAST_CUES.contains(&s.words[at].lower) && s.accident();
                let test = s
                    .words
                    .get(at + len)
                    .is_some_and(|w| matches!(w.lower, "test" | "tests" | "launch" | "launches"));
                (!accident && !test).then_some("weapon word")
            }
            (VAC, ATTACK) => (!security_hit && !militants_hit && !protest)
                .then_some("attack word, no fighters hit"),
            (PROTESTS, PEACEFUL) => {
                let sub = if s
                    .cues
                    .iter()
                    .any(|&(e, _, _)| taxonomy.types[e].sub == EXCESSIVE)
                    || s.killed_or_hurt(Some(Group::Civilians))
                {
                    EXCESSIVE
                } else if s
                    .cues
                    .iter()
                    .any(|&(e, _, _)| taxonomy.types[e].sub == INTERVENTION)
                {
                    INTERVENTION
                } else {
                    PEACEFUL
                };
                if let Some(t) = find(PROTESTS, sub) {
                    push(t, cue.clone(), "protest word");
                }
                None
            }
            // Intervention and excessive force qualify a protest word.
            (PROTESTS, _) => None,
            _ => Some("cue word"),
        };
        if let Some(rule) = rule.filter(|r| !r.is_empty()) {
            push(ty, cue, rule);
        }
    }
    // Casualties and targets: fighters killed outside a strike is a
    // battle, civilians killed outside a strike or a battle an attack on
    // them.
    let clash = find(BATTLES, ARMED_CLASH);
    let attack = find(VAC, ATTACK);
    if !remote && !protest {
        if let Some(c) = s.casualties.iter().find(|c| {
            matches!(c.kind, CasualtyKind::Killed | CasualtyKind::Injured)
                && matches!(c.group, Group::StateForces | Group::Militants)
        }) {
            if let Some(t) = clash {
                push(t, c.amount.clone(), "fighters killed or wounded");
            }
        } else if let Some(c) = s.casualties.iter().find(|c| {
            matches!(c.kind, CasualtyKind::Killed | CasualtyKind::Injured)
                && (c.group == Group::Civilians
                    || c.group == Group::Unspecified
                        && (s.has_word(ATTACKER_NOUNS) || one_armed_side(s) && !has_cue(RIOTS))
                        && !has_cue(BATTLES))
        }) {
            if let Some(t) = attack {
                push(t, c.amount.clone(), "civilians killed or wounded");
            }
        }
        if let Some(at) = s.words.iter().position(|w| ATTACK_SET.contains(w.lower)) {
            if !irrealis_before(s.words, at) {
                let target = |list: &[&str]| {
                    s.words[at..]
                        .iter()
                        .take(8)
                        .any(|w| list.contains(&w.lower))
                };
                if target(SECURITY_TARGETS) && (s.armed() || !s.states.is_empty()) {
                    if let Some(t) = clash {
                        push(t, written(at, 1), "attack on state forces");
                    }
                } else if target(CIVILIAN_TARGETS) && !security_hit && !militants_hit {
                    if let Some(t) = attack {
                        push(t, written(at, 1), "attack on civilians");
                    }
                }
            }
        }
    }
    if s.casualties
        .iter()
        .any(|c| c.kind == CasualtyKind::Abducted)
    {
        if let Some(t) = find(VAC, ABDUCTION) {
            let c = s
                .casualties
                .iter()
                .find(|c| c.kind == CasualtyKind::Abducted);
            push(
                t,
                c.map(|c| c.amount.clone()).unwrap_or_default(),
                "people abducted",
            );
        }
    }
    out
}

const BATTLES: &str = "Battles";
const ARMED_CLASH: &str = "Armed clash";
const GOVERNMENT_REGAINS: &str = "Government regains territory";
const NON_STATE_OVERTAKES: &str = "Non-state actor overtakes territory";
const REMOTE: &str = "Explosions or remote violence";
const AIR_STRIKE: &str = "Air or drone strike";
const VAC: &str = "Violence against civilians";
const ATTACK: &str = "Attack";
const ABDUCTION: &str = "Abduction or forced disappearance";
const PROTESTS: &str = "Protests";
const RIOTS: &str = "Riots";
const VIOLENT_DEMONSTRATION: &str = "Violent demonstration";
const PEACEFUL: &str = "Peaceful protest";
const INTERVENTION: &str = "Protest with intervention";
const EXCESSIVE: &str = "Excessive force against protesters";

/// Words before "strike" that make it a stoppage of work, not an attack:
/// "a general strike", "hunger strike", "workers strike".
const WORK_STRIKES: &[&str] = &[
    "general",
    "hunger",
    "labor",
    "labour",
    "workers",
    "union",
    "unions",
    "teachers",
    "doctors",
    "nurses",
    "national",
    "nationwide",
    "rail",
    "transport",
    "wildcat",
    "students",
    "truckers",
    "miners",
    "staff",
    "employees",
    "pilots",
];

/// Where a bare "strike" or "strikes" is an attack from the air or from
/// afar (ACLED: Air/drone strike): named after its author ("Israeli strikes
/// on a school", "The Turkish Air Force strikes 64 PKK targets") or before
/// its target ("a strike on a hospital"), in an armed context (someone
/// killed or hurt, an armed group, state forces or fighters named), and not
/// a stoppage of work.
fn strike_at(s: &Sentence) -> Option<usize> {
    let at = s
        .words
        .iter()
        .position(|w| matches!(w.lower, "strike" | "strikes"))?;
    let before = at.checked_sub(1).map(|k| &s.words[k]);
    let authored = before.is_some_and(|w| {
        w.text.chars().next().is_some_and(char::is_uppercase)
            || matches!(w.lower, "coalition" | "military" | "israeli" | "russian")
    });
    let targeted = s.words.get(at + 1).is_some_and(|w| {
        matches!(
            w.lower,
            "on" | "against" | "targeting" | "hit" | "hits" | "killed" | "kills" | "killing"
        )
    });
    let work = s.words[at.saturating_sub(2)..at]
        .iter()
        .any(|w| WORK_STRIKES.contains(&w.lower));
    let context = s.armed() || !s.states.is_empty();
    ((authored || targeted) && !work && context && !irrealis_before(s.words, at)).then_some(at)
}

/// Which side took territory: the actor named before the capture word
/// (state forces: the government regains it; an armed group or a
/// fighters' noun: a non-state actor overtakes it). No agent, no event.
fn territory(s: &Sentence, at: usize) -> Option<&'static str> {
    let before = &s.words[..at];
    let state_nouns = [
        "troops",
        "army",
        "forces",
        "soldiers",
        "military",
        "government",
    ];
    let group_nouns = [
        "militants",
        "rebels",
        "insurgents",
        "fighters",
        "jihadists",
        "militia",
        "rebelles",
    ];
    let last_state = before.iter().rposition(|w| state_nouns.contains(&w.lower));
    let last_group = before.iter().rposition(|w| group_nouns.contains(&w.lower));
    let named_state = !s.states.is_empty();
    let named_group = !s.groups.is_empty();
    match (last_state, last_group) {
        (Some(a), Some(b)) if a > b => Some(GOVERNMENT_REGAINS),
        (Some(_), Some(_)) | (None, Some(_)) => Some(NON_STATE_OVERTAKES),
        (Some(_), None) => Some(GOVERNMENT_REGAINS),
        (None, None) if named_group => Some(NON_STATE_OVERTAKES),
        (None, None) if named_state => Some(GOVERNMENT_REGAINS),
        _ => None,
    }
}

/// Nouns of armed perpetrators: with an attack on civilians they are the
/// side UCDP codes against them ("TROOPS SHOT 20 DEAD", "abattu par des
/// hommes armés").
const PERPETRATOR_NOUNS: &[&str] = &[
    "troops",
    "soldiers",
    "soldier",
    "police",
    "army",
    "militants",
    "rebels",
    "gunmen",
    "militia",
    "militiamen",
    "jihadists",
    "insurgents",
    "attackers",
    "fighters",
    "soldats",
    "soldat",
    "rebelles",
    "miliciens",
    "mercenaires",
    "armes",
    "jihadistes",
];

/// Whether the sentence names armed actors of one side only, by name.
/// People they kill outside a battle or a riot are civilians ("Deux
/// personnes tuees par les hommes de la LRA", "Anti-Balaka vehicle attack
/// kills six", "Police Unit Killed 18 in Cold Blood"): fighters killed are
/// named as fighters. State forces count only without an attack or strike
/// word: their raids are battles and their strikes remote violence
/// (LABELLING.md, event set: "The Israel Defense Forces raid the city of
/// Nablus, killing one person", "42 Palestinians are killed in Israeli
/// strikes").
fn one_armed_side(s: &Sentence) -> bool {
    let raid = || {
        s.words
            .iter()
            .any(|w| ATTACK_SET.contains(w.lower) || matches!(w.lower, "strike" | "strikes"))
    };
    match (s.states.is_empty(), s.groups.is_empty()) {
        (true, false) => true,
        (false, true) => !raid(),
        _ => false,
    }
}

/// The UCDP violence type of a sentence with a violent event, from its two
/// sides: state forces against a group (or a second state) is state-based,
/// two groups non-state, either against civilians one-sided. A side is a
/// gazetteer actor named in the sentence or a group counted among its
/// casualties ("kills four terrorists"). Without both sides, none.
fn violence_type(
    taxonomy: &EventTaxonomy,
    s: &Sentence,
    found: &[EventMention],
) -> Option<(ViolenceType, String, (usize, usize))> {
    let mapping = |m: &EventMention| taxonomy.types.get(m.event).map(|t| t.ucdp);
    let one_sided = found
        .iter()
        .any(|m| mapping(m) == Some(UcdpMapping::OneSided));
    let by_actors = found
        .iter()
        .any(|m| mapping(m) == Some(UcdpMapping::ByActors));
    let hit = |g: Group| s.casualties.iter().any(|c| c.group == g);
    let state_side = !s.states.is_empty() || hit(Group::StateForces);
    let group_side = !s.groups.is_empty() || hit(Group::Militants);
    let armed_sides = s.states.len() + s.groups.len();
    let (ty, why) = if by_actors && state_side && group_side {
        (ViolenceType::StateBased, "state forces and an armed group")
    } else if by_actors && s.states.len() >= 2 {
        (ViolenceType::StateBased, "two states")
    } else if by_actors && s.groups.len() >= 2 && !state_side {
        (ViolenceType::NonState, "two armed groups")
    } else if one_sided
        && (armed_sides >= 1 || s.has_word(PERPETRATOR_NOUNS))
        && !(state_side && group_side)
    {
        (ViolenceType::OneSided, "an armed actor against civilians")
    } else {
        return None;
    };
    Some((ty, why.to_string(), s.range))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_taxonomy_file_parses_and_resolves_names() {
        let t = EventTaxonomy::parse("event-types.tsv", EMBEDDED).unwrap();
        assert_eq!(t.types.len(), 24);
        let path = |n: &str| t.resolve(n).map(|p| p[0].join("/"));
        assert_eq!(path("battle").as_deref(), Some("Battles"));
        assert_eq!(path("Battles").as_deref(), Some("Battles"));
        assert_eq!(
            path("remote violence").as_deref(),
            Some("Explosions or remote violence")
        );
        assert_eq!(
            path("violence against civilians").as_deref(),
            Some("Violence against civilians")
        );
        assert_eq!(
            path("air strike").as_deref(),
            Some("Explosions or remote violence/Air or drone strike")
        );
        assert_eq!(path("protest").as_deref(), Some("Protests"));
        assert!(t.resolve("picnic").is_none());
        assert_eq!(t.suggest("battels", 1), ["Battles"]);
    }

    #[test]
    fn malformed_rows_name_the_line() {
        let err = EventTaxonomy::parse("e.tsv", "# c\nBattles\tArmed clash\tmaybe\t\t\tclash\ts\n")
            .unwrap_err()
            .to_string();
        assert!(err.starts_with("e.tsv:2: unknown UCDP mapping"), "{err}");
        let err = EventTaxonomy::parse("e.tsv", "Battles\tA\t-\t\t\tab*\ts\n")
            .unwrap_err()
            .to_string();
        assert!(err.contains("at least 4 letters"), "{err}");
    }

    #[test]
    fn violence_types_parse_by_label_and_code() {
        assert_eq!(
            ViolenceType::parse("One sided"),
            Some(ViolenceType::OneSided)
        );
        assert_eq!(ViolenceType::parse("1"), Some(ViolenceType::StateBased));
        assert_eq!(
            ViolenceType::parse("non-state"),
            Some(ViolenceType::NonState)
        );
        assert_eq!(ViolenceType::parse("civil"), None);
    }
}

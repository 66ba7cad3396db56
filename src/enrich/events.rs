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

use super::casualties::{group_of, Casualty, CasualtyKind, Group, BODIES};
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
    "refuse",
    "refuses",
    "refused",
    "refusing",
    // "orders its troops to stop fighting", "halt the shelling"
    "stop",
    "stops",
    "stopped",
    "halt",
    "halts",
    "halted",
    "cease",
    "ceased",
];

/// Words that, in the four words before an agreement's cue, say the
/// agreement was broken, not made: "Shelling breaks the ceasefire in
/// Aleppo", "violated the truce" (ACLED codes the agreement itself).
const BROKEN: &[&str] = &[
    "break",
    "breaks",
    "broke",
    "broken",
    "breaking",
    "breach",
    "breaches",
    "breached",
    "violate",
    "violates",
    "violated",
    "violating",
    "violation",
    "violations",
    "collapse",
    "collapsed",
    "end",
    "ends",
    "ended",
    "suspend",
    "suspends",
    "suspended",
];

/// Verbs of a plan or a threat: the infinitive after them, to the end of
/// its clause, did not happen ("allegedly planned to attack Times Square in
/// New York City with grenades", "threatened to retaliate with missile
/// strikes"; LABELLING.md, event set: threats and plans are not tagged).
const PLAN_VERBS: &[&str] = &[
    "plan",
    "plans",
    "planned",
    "planning",
    "plot",
    "plots",
    "plotted",
    "plotting",
    "threaten",
    "threatens",
    "threatened",
    "threatening",
    "vow",
    "vows",
    "vowed",
    "intend",
    "intends",
    "intended",
    "prepare",
    "prepares",
    "prepared",
    "preparing",
];

/// Words that open a new clause: a plan's infinitive ends before them.
const CLAUSE_OPENERS: &[&str] = &[
    "who", "which", "that", "but", "while", "when", "after", "before", "as", "since", "because",
];

/// Reporting verbs: a direct quotation they introduce is someone's words,
/// not the report's ("asking the occupiers to leave saying \"The protesters
/// have no claim to this land\""; LABELLING.md, event set, judgement call
/// 6: events in a quoted statement are not tagged).
const REPORTING_VERBS: &[&str] = &[
    "say",
    "says",
    "said",
    "saying",
    "tell",
    "tells",
    "told",
    "state",
    "states",
    "stated",
    "stating",
    "declare",
    "declares",
    "declared",
    "declaring",
    "add",
    "adds",
    "added",
    "adding",
    "write",
    "writes",
    "wrote",
    "writing",
    "tweet",
    "tweets",
    "tweeted",
    "claim",
    "claims",
    "claimed",
    "claiming",
    "warn",
    "warns",
    "warned",
    "warning",
    "dit",
    "affirme",
];

/// Words before "offensive" that make it the noun of a military push ("a
/// ground offensive", "an offensive on the capital"), not an adjective.
const OFFENSIVE_DETERMINERS: &[&str] = &[
    "a",
    "an",
    "the",
    "its",
    "their",
    "ground",
    "military",
    "new",
    "major",
    "final",
    "renewed",
    "joint",
    "large-scale",
    "full-scale",
    "launched",
    "launch",
    "launches",
];

/// Words that, in the six words before a cue of violence against
/// civilians, make it a charge or a court's matter, not an event:
/// "sentences ... for charges including murder, rape", "a lawsuit by the
/// Tulsa race massacre survivors" (LABELLING.md, event set: judicial acts
/// are not tagged).
const JUDICIAL: &[&str] = &[
    "charge",
    "charges",
    "charged",
    "convicted",
    "conviction",
    "accused",
    "guilty",
    "sentenced",
    "sentences",
    "sentence",
    "trial",
    "indicted",
    "indictment",
    "acquitted",
    "lawsuit",
    "verdict",
    "prosecuted",
    "prosecution",
    "crimes",
];

/// Manned aircraft: one shot down with people on board is a battle, not a
/// disrupted weapon (LABELLING.md, event set, judgement call 1; ACLED's
/// "Disrupted weapons use" is the interception of missiles and drones).
const AIRCRAFT: &[&str] = &[
    "helicopter",
    "helicopters",
    "plane",
    "planes",
    "aircraft",
    "jet",
    "jets",
    "airliner",
    "warplane",
    "warplanes",
];

/// Weapons that can be intercepted (ACLED: Disrupted weapons use): an
/// interception of anything else ("a fighter jet intercepts a U.S. Navy
/// P-8A") is not one.
const INTERCEPTED: &[&str] = &[
    "missile",
    "missiles",
    "rocket",
    "rockets",
    "drone",
    "drones",
    "projectile",
    "projectiles",
    "uav",
    "uavs",
    "shell",
    "shells",
    "munitions",
    "weapons",
    "arms",
];

/// Captives: freed, they make a release (ACLED: Agreement, "prisoner
/// releases"), and the words that free them.
const CAPTIVES: &[&str] = &[
    "prisoners",
    "prisoner",
    "hostages",
    "hostage",
    "detainees",
    "captives",
    "abductees",
    "otages",
    "prisonniers",
];
const RELEASE_WORDS: &[&str] = &[
    "release",
    "releases",
    "released",
    "releasing",
    "freed",
    "frees",
    "libere",
    "liberes",
    "liberation",
];

/// People on board: a hijacking that holds them is a taking of hostages
/// (ACLED: Abduction/forced disappearance), not property seized ("rescue
/// all surviving passengers ... from yesterday's hijacking of the Jaffar
/// Express passenger train").
const ON_BOARD: &[&str] = &[
    "passenger",
    "passengers",
    "hostage",
    "hostages",
    "crew",
    "aboard",
    "otages",
    "passagers",
];

/// Nouns of a person's role: the object of a capture word that names one
/// is a person taken, an arrest (ACLED: Arrests, "the detention of a
/// significant individual"), not territory ("the capturing of Hesham
/// Ashmawy, one of Egypt's most wanted militants").
const PERSON_ROLES: &[&str] = &[
    "leader",
    "leaders",
    "commander",
    "commanders",
    "chief",
    "militant",
    "wanted",
    "suspect",
    "suspects",
    "mastermind",
    "founder",
    "co-founder",
    "spokesman",
    "emir",
    "warlord",
    "kingpin",
    "ringleader",
    "deputy",
    "chef",
];

/// Nouns of places and positions: the object of a capture word that names
/// one is territory ("captured the town from its militia commander").
const PLACE_NOUNS: &[&str] = &[
    "town",
    "towns",
    "city",
    "cities",
    "village",
    "villages",
    "district",
    "province",
    "region",
    "territory",
    "area",
    "areas",
    "base",
    "bases",
    "airport",
    "hill",
    "road",
    "bridge",
    "control",
    "positions",
    "position",
    "capital",
    "port",
    "border",
    "crossing",
    "ville",
    "localite",
];

/// Verbs of an air defence in action: "The Syrian Air Defense Force
/// engages \"hostile objects\"" is an interception (ACLED: Disrupted
/// weapons use), "supplies air defence systems" none.
const DEFENCE_ACTIONS: &[&str] = &[
    "engage",
    "engages",
    "engaged",
    "engaging",
    "intercept",
    "intercepts",
    "intercepted",
    "repel",
    "repels",
    "repelled",
    "confront",
    "confronts",
    "confronted",
    "activated",
    "responded",
    "responds",
    "downed",
    "downs",
];

/// Armed forces as the object of a formation ("will form a new
/// 30,000-strong Syrian Border Security Force"): ACLED's Change to
/// group/activity; a new party or government is none.
const FORCE_NOUNS: &[&str] = &[
    "force",
    "forces",
    "army",
    "militia",
    "militias",
    "brigade",
    "brigades",
    "battalion",
    "battalions",
    "unit",
    "units",
    "guard",
];

/// Words of bodies left by their killers: a count of bodies with one is
/// people killed by someone (LABELLING.md, event set: "bodies of people
/// killed found" are violence against civilians), a count of bodies alone
/// may be a disaster's ("The bodies of 12 people are found in a ravine").
const DISPOSAL_WORDS: &[&str] = &[
    "abandoned",
    "dumped",
    "dumping",
    "dismembered",
    "mutilated",
    "decapitated",
    "beheaded",
    "blindfolded",
    "tortured",
    "torture",
    "riddled",
    "bullet-riddled",
    "gunshot",
    "executed",
    "grave",
    "graves",
    "hanging",
    "hung",
    "fosse",
];

/// Words before "offensive" that make it the noun of a military push (ACLED:
/// Looting/property destruction, "seizing goods or property").
const SEIZED_PROPERTY: &[&str] = &[
    "tanker", "tankers", "ship", "ships", "vessel", "vessels", "boat", "boats", "cargo", "trucks",
    "lorries",
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
    "villager",
    "civilian",
    "farmer",
    "resident",
    "students",
    "pilgrims",
    "passengers",
    "localite",
    "localites",
    "population",
    "populations",
    "civils",
    "civile",
    "civiles",
    "villageois",
    "habitants",
    "displaced",
    "deplaces",
    // Crowds and where people live: "kill eight people in surprise attacks
    // on rallies and neighbourhoods".
    "rally",
    "rallies",
    "neighbourhood",
    "neighbourhoods",
    "neighborhood",
    "neighborhoods",
];

/// Words before a noun of a security target that make it a civilian one:
/// "a civilian convoy", "a humanitarian convoy", "an aid convoy".
/// "A displaced persons' camp", "a refugee camp" are civilian too.
const CIVILIAN_MODIFIERS: &[&str] = &[
    "civilian",
    "humanitarian",
    "aid",
    "relief",
    "displaced",
    "refugee",
    "refugees",
    "idp",
    "idps",
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
    "open",
    "opens",
    "opening",
    "shooting",
    "shootings",
    "attaque",
    "attaques",
    "attaquent",
    "attaquee",
    "attaquees",
    "agresse",
    "agressee",
    "agresses",
    "agressees",
];

/// [`ATTACK_WORDS`] for lookups: every sentence is scanned for them.
static ATTACK_SET: LazyLock<FxHashSet<&'static str>> =
    LazyLock::new(|| ATTACK_WORDS.iter().copied().collect());

/// Whether word `i` is an attack word: "open" and its forms only in "open
/// fire" ("opened a school" is no attack).
fn attack_at(words: &[Word], i: usize) -> bool {
    let w = words[i].lower;
    ATTACK_SET.contains(w)
        && (!w.starts_with("open") || words.get(i + 1).is_some_and(|n| n.lower == "fire"))
}

/// The first attack word of a sentence.
fn first_attack(words: &[Word]) -> Option<usize> {
    (0..words.len()).find(|&i| attack_at(words, i))
}

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
    /// The last word of each armed-group name in it.
    group_ends: Vec<usize>,
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
            && first_attack(self.words).is_none()
            && !self
                .words
                .iter()
                .any(|w| VIOLENCE_WORDS.contains(&w.lower) || PERPETRATOR_NOUNS.contains(&w.lower))
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
    let range_of =
        |first: usize, last: usize| folded.original_range(words[first].start, words[last - 1].end);
    // A sentence that only gives a toll ("At least four people are killed,
    // seven others are rescued") is read with the one before it, which
    // says what killed them: "... sinks after being attacked by the
    // Houthis." makes them victims of an attack, "A NATO convoy is hit by
    // a suicide car bomb." of a bombing (ACLED codes one event with its
    // fatalities). It gives a toll: a count of killed or hurt, and no cue,
    // attack word or armed actor of its own.
    let mut spans: Vec<(usize, usize)> = Vec::with_capacity(sentences.len());
    for &(first, last) in sentences {
        if let Some(prev) = spans
            .last_mut()
            .filter(|_| last > first && !casualties.is_empty())
        {
            let range = range_of(first, last);
            let inside = |r: (usize, usize)| range.0 <= r.0 && r.1 <= range.1;
            let toll_only = casualties.iter().any(|c| {
                inside(c.range) && matches!(c.kind, CasualtyKind::Killed | CasualtyKind::Injured)
            }) && first_attack(&words[first..last]).is_none()
                && !mentions.iter().any(|m| {
                    m.accepted
                        && inside(m.range)
                        && gazetteer.entities[m.entity].kind.is_some_and(|k| {
                            matches!(k, ActorKind::StateForces | ActorKind::ArmedGroup)
                        })
                })
                && taxonomy.cues_in(&words[first..last]).is_empty();
            if toll_only {
                prev.1 = last;
                continue;
            }
        }
        spans.push((first, last));
    }
    for (first, last) in spans {
        let s_words = &words[first..last];
        let range = folded.original_range(s_words[0].start, s_words[s_words.len() - 1].end);
        let inside = |r: (usize, usize)| range.0 <= r.0 && r.1 <= range.1;
        let cues: Vec<(usize, usize, usize)> = taxonomy
            .cues_in(s_words)
            .into_iter()
            .filter(|&(_, at, _)| !irrealis_before(s_words, at) && !reported_speech(s_words, at))
            .collect();
        let counted: Vec<&Casualty> = casualties.iter().filter(|c| inside(c.range)).collect();
        // Every rule needs a cue, a count, an attack word or a killing
        // verb: most sentences have none, and are not read further.
        if cues.is_empty()
            && counted.is_empty()
            && first_attack(s_words).is_none()
            && first_kill(s_words).is_none()
        {
            continue;
        }
        let mut states = Vec::new();
        let mut groups = Vec::new();
        let mut group_ends = Vec::new();
        for m in mentions.iter().filter(|m| m.accepted && inside(m.range)) {
            let list = match gazetteer.entities[m.entity].kind {
                Some(ActorKind::StateForces) => &mut states,
                Some(ActorKind::ArmedGroup) => {
                    group_ends.extend(
                        (first..last)
                            .find(|&k| range_of(k, k + 1).1 >= m.range.1)
                            .map(|k| k - first),
                    );
                    &mut groups
                }
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
            group_ends,
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
    let from = at.saturating_sub(4);
    // "non-stop bombardments" go on.
    // "anti" negates the word it is joined to ("anti-riot police"), not
    // the verb after a name ("anti-Balaka fighters kill").
    (from..at).any(|k| {
        IRREALIS.contains(&words[k].lower)
            && !(k > 0 && words[k - 1].lower == "non")
            && !(words[k].lower == "anti" && k + 1 != at)
    }) || planned_before(words, at)
}

/// Whether word `at` is in the infinitive of a plan or a threat, in the
/// same clause: "planned to attack Times Square ... with grenades, guns
/// and a suicide vest". Punctuation ends the clause, but a comma of a list
/// does not: one with "and" or "or" after the word that follows it, before
/// the cue ("grenades, guns and a suicide vest"; not ", and fired").
fn planned_before(words: &[Word], at: usize) -> bool {
    for k in (0..at).rev() {
        let gap = words[k + 1].gap;
        let list_comma = gap.trim() == ","
            && words[(k + 2).min(at)..at]
                .iter()
                .any(|w| matches!(w.lower, "and" | "or"));
        if gap.contains([';', ':', '(', ')', '"'])
            || gap.contains(',') && !list_comma
            || CLAUSE_OPENERS.contains(&words[k].lower)
        {
            return false;
        }
        if words[k + 1].lower == "to" && PLAN_VERBS.contains(&words[k].lower) {
            return true;
        }
    }
    false
}

/// Whether word `at` is inside a direct quotation that a reporting verb
/// introduces (`saying "The protesters have no claim"`): someone's words,
/// not an event the report states. A quotation is open when an odd number
/// of quotation marks come before the word; a quoted phrase with no
/// reporting verb before it (`engages "hostile objects"`, `flee "non-stop"
/// bombardments`) is the report's own.
fn reported_speech(words: &[Word], at: usize) -> bool {
    let quotes = |w: &Word| w.gap.matches('"').count();
    if words[..=at].iter().map(quotes).sum::<usize>() % 2 == 0 {
        return false;
    }
    let Some(open) = (0..=at).rev().find(|&k| quotes(&words[k]) > 0) else {
        return false;
    };
    words[open.saturating_sub(2)..open]
        .iter()
        .any(|w| REPORTING_VERBS.contains(&w.lower))
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
    // Captives freed (ACLED: Agreement, "prisoner releases").
    let released = s
        .cues
        .iter()
        .any(|&(_, at, _)| RELEASE_WORDS.contains(&s.words[at].lower))
        && s.has_word(CAPTIVES);
    for &(e, at, len) in &s.cues {
        let ty = &taxonomy.types[e];
        let cue = written(at, len);
        let word = s.words[at].lower;
        let rule = match (ty.kind.as_str(), ty.sub.as_str()) {
            // Crimes named in a charge or a court's matter.
            (VAC, _) if words_before(s.words, at, 6, JUDICIAL) => None,
            // Captives freed: the release is the event, their captivity
            // an earlier one.
            (VAC, ABDUCTION) if released && CAPTIVES.contains(&word) => None,
            // "firefighters fight the blaze"
            (BATTLES, ARMED_CLASH) if s.accident() => None,
            // The verb "fight" with fighters as its object ("troops fight
            // ISIL militants"), not "the fight against terrorism".
            (BATTLES, ARMED_CLASH)
                if matches!(word, "fight" | "fights")
                    && !s.words[at + 1..]
                        .iter()
                        .take(3)
                        .any(|w| FIGHTER_NOUNS.contains(&w.lower)) =>
            {
                None
            }
            (BATTLES, ARMED_CLASH) if word.starts_with("offensive") => {
                if named_offensive(s.words, at) {
                    Some("named offensive")
                } else if at > 0 && OFFENSIVE_DETERMINERS.contains(&s.words[at - 1].lower) {
                    s.armed().then_some("clash word in an armed context")
                } else {
                    None
                }
            }
            // A siege is an armed act by itself ("Siege of Mariupol");
            // protesters besieging a building riot (below).
            (BATTLES, ARMED_CLASH)
                if (word.starts_with("siege") || word.starts_with("besieg")) && !protest =>
            {
                Some("siege")
            }
            // Protesters clashing with the police or each other riot
            // (ACLED: Riots, violent demonstration).
            (BATTLES, ARMED_CLASH) if protest && s.groups.is_empty() => {
                if let Some(t) = find(RIOTS, VIOLENT_DEMONSTRATION) {
                    push(t, cue.clone(), "clash word with protesters");
                }
                None
            }
            (BATTLES, ARMED_CLASH) => s.armed().then_some("clash word in an armed context"),
            // A person captured is arrested, not territory taken.
            (BATTLES, NON_STATE_OVERTAKES)
                if word.starts_with("captur") && person_taken(s.words, at + len) =>
            {
                if let Some(t) = find(STRATEGIC, ARRESTS) {
                    push(t, cue.clone(), "capture of a person");
                }
                None
            }
            (BATTLES, _) => territory(s, at).map(|t| {
                if let Some(t) = find(BATTLES, t) {
                    push(t, cue.clone(), "capture word after its agent");
                }
                ""
            }),
            // An aircraft is a strike's only with fighting around it: "a
            // fighter jet intercepts a U.S. Navy P-8A" is none.
            (REMOTE, AIR_STRIKE)
                if AIRCRAFT_CUES.iter().any(|c| word.starts_with(c)) && !s.armed() =>
            {
                None
            }
            (REMOTE, _) => {
                let accident = at > 0 && ACCIDENT_WORDS.contains(&s.words[at - 1].lower)
                    || BLAST_CUES.contains(&s.words[at].lower) && s.accident();
                let test = s
                    .words
                    .get(at + len)
                    .is_some_and(|w| matches!(w.lower, "test" | "tests" | "launch" | "launches"));
                (!accident && !test).then_some("weapon word")
            }
            (STRATEGIC, AGREEMENT) if words_before(s.words, at, 4, BROKEN) => None,
            (STRATEGIC, AGREEMENT) if RELEASE_WORDS.contains(&word) => {
                released.then_some("captives released")
            }
            // Demonstrators destroying property riot (ACLED: Riots,
            // violent demonstration: "Protesters fire bows and arrows and
            // petrol bombs").
            (STRATEGIC, LOOTING) if protest => {
                if let Some(t) = find(RIOTS, VIOLENT_DEMONSTRATION) {
                    push(t, cue.clone(), "property destroyed by protesters");
                }
                None
            }
            // A hijacking that holds people takes hostages.
            (STRATEGIC, LOOTING) if word.starts_with("hijack") && s.has_word(ON_BOARD) => {
                if let Some(t) = find(VAC, ABDUCTION) {
                    push(t, cue.clone(), "hijacking with people on board");
                }
                None
            }
            (STRATEGIC, LOOTING) if word.starts_with("seiz") || word.starts_with("hijack") => s
                .words[at + 1..]
                .iter()
                .take(4)
                .any(|w| SEIZED_PROPERTY.contains(&w.lower))
                .then_some("vessel or vehicles seized"),
            // A participle before its noun names people, not an arrest:
            // "demonstrations of arrested activists".
            (STRATEGIC, ARRESTS)
                if at > 0
                    && matches!(
                        s.words[at - 1].lower,
                        "of" | "the" | "a" | "an" | "for" | "with" | "their" | "his" | "her"
                    ) =>
            {
                None
            }
            // A manned aircraft shot down is a battle; an interception is a
            // disrupted weapon only of a weapon.
            (STRATEGIC, DISRUPTED) if word.starts_with("shot") || word.starts_with("shoot") => {
                let aircraft = s.has_word(AIRCRAFT) && !s.has_word(INTERCEPTED);
                match (aircraft, find(BATTLES, ARMED_CLASH)) {
                    (true, Some(t)) => {
                        push(t, cue.clone(), "manned aircraft shot down");
                        None
                    }
                    _ => Some("cue word"),
                }
            }
            (STRATEGIC, DISRUPTED) if word == "air" => s.words[at + len..]
                .iter()
                .take(4)
                .any(|w| DEFENCE_ACTIONS.contains(&w.lower))
                .then_some("air defence in action"),
            (STRATEGIC, DISRUPTED) if word.starts_with("intercept") => s
                .has_word(INTERCEPTED)
                .then_some("interception of a weapon"),
            // Forming or creating: only a new armed force.
            (STRATEGIC, CHANGE) if FORM_WORDS.contains(&word) => {
                new_force(s.words, at + len).then_some("new armed force formed")
            }
            (VAC, ATTACK) => (!security_hit && !militants_hit && !protest)
                .then_some("attack word, no fighters hit"),
            (PROTESTS, PEACEFUL) => {
                let sub = if s
                    .cues
                    .iter()
                    .any(|&(e, _, _)| taxonomy.types[e].sub == EXCESSIVE)
                    || s.killed_or_hurt(Some(Group::Civilians))
                    || s.killed_or_hurt(Some(Group::Unspecified))
                    || civilian_killed(s).is_some()
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
    // them; people killed in an attack on a convoy or a post are the
    // battle's dead.
    let clash = find(BATTLES, ARMED_CLASH);
    let attack = find(VAC, ATTACK);
    if !remote && !protest {
        let at = first_attack(s.words).filter(|&at| !irrealis_before(s.words, at));
        let target = at.map(|at| attack_target(s, at)).unwrap_or_default();
        let on_security = target.security && !target.civilians;
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
                    || c.kind == CasualtyKind::Killed
                        && c.rule.starts_with(BODIES)
                        && s.has_word(DISPOSAL_WORDS)
                    || c.group == Group::Unspecified
                        && !on_security
                        && !target.state_raid
                        && (s.has_word(ATTACKER_NOUNS) || one_armed_side(s) && !has_cue(RIOTS))
                        && !has_cue(BATTLES))
        }) {
            if let Some(t) = attack {
                push(t, c.amount.clone(), "civilians killed or wounded");
            }
        } else if let (Some(at), Some(t)) = (civilian_killed(s), attack) {
            push(t, written(at, 1), "civilian killed");
        } else if let (Some(at), Some(t)) = (armed_sides_fight(s, at, &target), clash) {
            push(t, written(at, 1), "violence between two armed sides");
        }
        if let Some(at) = at {
            if let (true, Some(t)) = (target.security, clash) {
                push(t, written(at, 1), "attack on state forces");
            }
            if let (true, Some(t)) = (target.state_raid, clash) {
                push(t, written(at, 1), "raid by state forces");
            }
            if let (true, Some(t)) = (target.civilians && !security_hit && !militants_hit, attack) {
                push(t, written(at, 1), "attack on civilians");
            }
            let unopposed = !target.security
                && !target.civilians
                && !security_hit
                && !militants_hit
                && !has_cue(BATTLES)
                && group_attack(s, at)
                && no_armed_opponent(s);
            if let (true, Some(t)) = (unopposed, attack) {
                push(
                    t,
                    written(at, 1),
                    "attack by an armed group, no armed opponent",
                );
            }
        }
    }
    if let (Some(at), Some(t), false) = (
        dwellings_burned(s),
        find(STRATEGIC, LOOTING),
        protest || has_cue(RIOTS),
    ) {
        push(t, written(at, 1), "dwellings burned by an armed actor");
    }
    if !released
        && s.casualties
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

/// Verbs of killing a person.
const KILL_VERBS: &[&str] = &[
    "kill",
    "kills",
    "killed",
    "killing",
    "shoot",
    "shoots",
    "shot",
    "murder",
    "murders",
    "murdered",
    "massacre",
    "massacres",
    "massacred",
    "execute",
    "executes",
    "executed",
    "behead",
    "beheads",
    "beheaded",
    "butcher",
    "butchers",
    "butchered",
    "club",
    "clubs",
    "clubbed",
    // "beat two civilians to death", "Soldiers Burn Man Alive": with a
    // person as the object, a killing or an assault on them.
    "beat",
    "beats",
    "beaten",
    "burn",
    "burns",
    "burned",
    "burnt",
    "gunned",
    "slay",
    "slays",
    "slain",
    "tuent",
    "tuant",
];

/// French killing verbs that are also past participles (*tué*, *abattu*,
/// *assassiné*), in [`KILL_SET`] and read as [`KILL_PARTICIPLES`] are.
const FRENCH_KILL_PARTICIPLES: &[&str] = &[
    "tue",
    "tues",
    "tuee",
    "tuees",
    "abattu",
    "abattus",
    "abattue",
    "assassine",
    "assassines",
    "assassinee",
];

/// [`KILL_VERBS`] for lookups: a sentence with one is read even with no
/// cue, count or attack word ("Myanmar Military Kills Villager").
static KILL_SET: LazyLock<FxHashSet<&'static str>> = LazyLock::new(|| {
    KILL_VERBS
        .iter()
        .chain(FRENCH_KILL_PARTICIPLES)
        .copied()
        .collect()
});

/// The first killing verb of a sentence that is not a threat or a plan.
fn first_kill(words: &[Word]) -> Option<usize> {
    (0..words.len()).find(|&i| KILL_SET.contains(words[i].lower) && !irrealis_before(words, i))
}

/// One civilian named by a noun (the plurals are the casualty rules'
/// civilian groups).
const CIVILIAN_PERSONS: &[&str] = &[
    "villager",
    "farmer",
    "resident",
    "civilian",
    "man",
    "woman",
    "boy",
    "girl",
    "child",
    "teenager",
    "youth",
    "youths",
    "monk",
    "monks",
    "student",
    "teacher",
    "refugee",
    "activist",
    "journalist",
    "protester",
    "protestor",
    "demonstrator",
    "worker",
    "priest",
];

/// Whether `word` names civilians: one person or a group.
fn civilian_person(word: &str) -> bool {
    CIVILIAN_PERSONS.contains(&word) || group_of(word) == Some(Group::Civilians)
}

/// Past participles of [`KILL_VERBS`]: with no object after them, their
/// subject is the victim ("Elderly civilians killed in military arson
/// attack", "Villagers Found Slain After Junta Raids").
const KILL_PARTICIPLES: &[&str] = &[
    "killed",
    "shot",
    "slain",
    "murdered",
    "massacred",
    "executed",
    "beheaded",
    "butchered",
    "clubbed",
    "beaten",
    "gunned",
];

/// A killing verb whose victim is named as a civilian but not counted
/// (UCDP GED: "Myanmar Military Kills Villager", "Tatmadaw shoots farmer
/// dead", "Junta troops kill 9-year-old boy", "Two Youths Killed by
/// Military"): its object in the five words after it, or in the passive
/// ("killed by", "tue par", or a participle with no object: "civilians
/// killed in an arson attack") its subject in the four before. The first
/// such verb.
fn civilian_killed(s: &Sentence) -> Option<usize> {
    (0..s.words.len()).find(|&at| {
        if !KILL_SET.contains(s.words[at].lower) || irrealis_before(s.words, at) {
            return false;
        }
        let passive = s
            .words
            .get(at + 1)
            .is_some_and(|w| matches!(w.lower, "by" | "par"));
        let object = at + 1..(at + 6).min(s.words.len());
        let subject = at.saturating_sub(4)..at;
        let named_in = |victims: std::ops::Range<usize>| {
            victims
                .clone()
                .find(|&i| civilian_person(s.words[i].lower))
                .is_some_and(|noun| (victims.start..noun).all(|i| !counted_before(s, i, noun)))
        };
        if passive {
            named_in(subject)
        } else {
            named_in(object)
                || (KILL_PARTICIPLES.contains(&s.words[at].lower)
                    || FRENCH_KILL_PARTICIPLES.contains(&s.words[at].lower))
                    && participle_subject(s, at)
        }
    })
}

/// Words that may stand between a participle's subject and the participle:
/// "civilians were killed", "villagers found slain".
const BEFORE_PARTICIPLE: &[&str] = &[
    "was",
    "were",
    "is",
    "are",
    "been",
    "being",
    "be",
    "found",
    "reported",
    "reportedly",
    "allegedly",
    "believed",
    "feared",
    "all",
];

/// Words before a noun that make it no subject: "a helicopter ... with
/// passengers is shot down" (the helicopter is).
const NOUN_OBJECT_OF: &[&str] = &["with", "of", "for", "to", "from", "carrying", "avec", "de"];

/// Whether a civilian named in the four words before the participle at
/// `at` is its subject, not counted: only auxiliaries or reporting words
/// between them, and no preposition before the noun.
fn participle_subject(s: &Sentence, at: usize) -> bool {
    let from = at.saturating_sub(4);
    (from..at).rev().any(|noun| {
        civilian_person(s.words[noun].lower)
            && s.words[noun + 1..at]
                .iter()
                .all(|w| BEFORE_PARTICIPLE.contains(&w.lower))
            && !(noun > 0 && NOUN_OBJECT_OF.contains(&s.words[noun - 1].lower))
            && (from..noun).all(|i| !counted_before(s, i, noun))
    })
}

/// Verbs of burning: with homes or villages as their object and an armed
/// actor as their agent, property destroyed ("Junta troops burn 500
/// homes"). Razing and torching are cues of the taxonomy.
const BURN_VERBS: &[&str] = &["burn", "burns", "burned", "burnt", "burning"];

/// Dwellings: the object of a [`BURN_VERBS`] verb that makes it property
/// destroyed.
const DWELLINGS: &[&str] = &[
    "home", "homes", "house", "houses", "hut", "huts", "village", "villages", "maisons", "cases",
];

/// A burning verb of dwellings, with an armed agent and no
/// accident or protest (those are the riot and accident rules'): its object
/// among the four words after it, or in the passive ("Myanmar village
/// burned after fighting") the word before it. The verb's word.
fn dwellings_burned(s: &Sentence) -> Option<usize> {
    let armed_agent = s.armed()
        || !s.states.is_empty()
        || s.has_word(PERPETRATOR_NOUNS)
        || s.has_word(STATE_FORCE_NOUNS);
    if !armed_agent || s.accident() {
        return None;
    }
    (0..s.words.len()).find(|&at| {
        BURN_VERBS.contains(&s.words[at].lower)
            && !irrealis_before(s.words, at)
            && (s.words[at + 1..]
                .iter()
                .take(4)
                .any(|w| DWELLINGS.contains(&w.lower))
                || at > 0 && DWELLINGS.contains(&s.words[at - 1].lower))
    })
}

/// Whether word `i`, before the victim noun at `noun`, is a count that
/// the casualty reader decides: where it read a count of killed or hurt in
/// the sentence, or where the count is a partitive ("killing 14 of its
/// passengers" is the dead of the event the sentence names). A count it
/// did not read ("beat two civilians to death", "Club Five Civilians to
/// Death") still names the victims, and an age joined to its noun ("kill
/// 9-year-old boy") is none.
fn counted_before(s: &Sentence, i: usize, noun: usize) -> bool {
    let w = &s.words[i];
    let number = w.lower.as_bytes().first().is_some_and(u8::is_ascii_digit)
        || super::numbers::amount_at(s.words, i).is_some();
    let age = s.words.get(i + 1).is_some_and(|next| next.hyphen);
    number
        && !age
        && (s.killed_or_hurt(None)
            || s.words[i + 1..noun]
                .iter()
                .any(|w| matches!(w.lower, "of" | "de" | "des")))
}

/// Whether the sentence names two armed sides: state forces (named, or
/// counted among its casualties) and an armed group (likewise), or two
/// armed groups.
fn two_armed_sides(s: &Sentence) -> bool {
    let hit = |g: Group| s.casualties.iter().any(|c| c.group == g);
    let state_side = !s.states.is_empty() || hit(Group::StateForces);
    let group_side = !s.groups.is_empty() || hit(Group::Militants);
    state_side && group_side || s.groups.len() >= 2
}

/// ACLED's battle, "a violent interaction between two politically
/// organised armed groups" (Codebook 2023, Battles), where no cue says
/// which: a sentence that names two armed sides and a violent act (an
/// attack word or a killing verb) and no civilian victim or target ("Yemen army kills AQAP second
/// man", "'Qaeda attack' kills Yemeni soldier", "Un redoutable chef
/// Anti-Balaka assassiné par les UPC"). The word that shows the violence.
fn armed_sides_fight(s: &Sentence, attack: Option<usize>, target: &Target) -> Option<usize> {
    if !two_armed_sides(s)
        || target.civilians
        || s.killed_or_hurt(Some(Group::Civilians))
        || civilian_killed(s).is_some()
    {
        return None;
    }
    attack.or_else(|| first_kill(s.words))
}

/// Whether the attack word at `at` is the head of "<group> attack", the
/// group's name just before it, and has no object after it ("LRA Attack
/// January 10, 2015"; not "an ISIL attack on the port", whose target the
/// other rules read).
fn group_attack(s: &Sentence, at: usize) -> bool {
    at > 0
        && s.group_ends.contains(&(at - 1))
        && !s
            .words
            .get(at + 1)
            .is_some_and(|w| matches!(w.lower, "on" | "against" | "contre" | "sur"))
}

/// Whether the sentence names one armed group and no armed opponent: no
/// state forces by name or by a noun, no second group, no fighters. Its
/// attack is on civilians, as its killings are ([`one_armed_side`]): "LRA
/// Attack January 10, 2015 | Rafai, Mbomou, CAR").
fn no_armed_opponent(s: &Sentence) -> bool {
    s.states.is_empty()
        && s.groups.len() == 1
        && !s.has_word(STATE_FORCE_NOUNS)
        && !s.has_word(SECURITY_TARGETS)
        && !s.has_word(FIGHTER_NOUNS)
        && !s.has_word(RANKS)
        && !s.words.iter().any(|w| {
            matches!(
                group_of(w.lower),
                Some(Group::StateForces | Group::Militants)
            )
        })
}

/// Ranks of an armed force: "Qaeda claims failed ambush on Yemen general".
const RANKS: &[&str] = &[
    "general",
    "generals",
    "colonel",
    "admiral",
    "lieutenant",
    "sergeant",
    "commander",
];

/// What an attack word hits, read around it ([`attack_target`]).
#[derive(Default)]
struct Target {
    /// Soldiers, police, their posts and convoys (armed context needed).
    security: bool,
    /// Villages, markets, civilians...
    civilians: bool,
    /// State forces raid a place, in an armed context: ACLED codes raids
    /// met by fighters as armed clashes ("The Israel Defense Forces raid
    /// the city of Nablus, killing one person").
    state_raid: bool,
}

/// Fighters named by a noun: the object of "fight" in a battle.
const FIGHTER_NOUNS: &[&str] = &[
    "militants",
    "rebels",
    "insurgents",
    "fighters",
    "jihadists",
    "troops",
    "soldiers",
    "forces",
    "militias",
];

/// Words after a named offensive: "Aleppo offensive (November 2016)", "2019
/// Turkish offensive into north-eastern Syria", "the 2021 Taliban offensive
/// and Fall of Kabul".
const AFTER_OFFENSIVE: &[&str] = &[
    "and", "in", "into", "on", "of", "against", "near", "toward", "towards", "at", "by", "for",
];

/// Whether "offensive" at `at` ends the name of a military push, which is
/// a battle (LABELLING.md, event set: sieges and offensives are battles;
/// "2017 Abu Kamal offensive"): after a capitalised word or a number, and
/// before nothing, punctuation or a preposition. An adjective stands before
/// its noun ("offensive remarks", "offensive weapons"), and a campaign of
/// words is lower case ("charm offensive", "diplomatic offensive").
fn named_offensive(words: &[Word], at: usize) -> bool {
    let named = at > 0
        && words[at - 1]
            .text
            .chars()
            .next()
            .is_some_and(|c| c.is_uppercase() || c.is_ascii_digit());
    let ends = match words.get(at + 1) {
        None => true,
        Some(next) => next.gap.trim() != "" || AFTER_OFFENSIVE.contains(&next.lower),
    };
    named && ends
}

/// Raid words: with state forces as raiders, a battle.
const RAID_WORDS: &[&str] = &["raid", "raids", "raided", "storm", "storms", "stormed"];

/// The cue words of an aircraft (ACLED: Air/drone strike).
const AIRCRAFT_CUES: &[&str] = &["warplane", "fighter", "helicopter"];

/// What an attack word hits: the eight words after it, and in the passive
/// ("attacked by", "attaquée par") the eight before it, where its object
/// stands ("une position des FACA attaquée par des combattants de l'UPC",
/// "Le village ... attaqué par des éléments des 3R").
fn attack_target(s: &Sentence, at: usize) -> Target {
    let passive = s
        .words
        .get(at + 1)
        .is_some_and(|w| matches!(w.lower, "by" | "par"));
    let from = if passive { at.saturating_sub(8) } else { at };
    let read = || s.words[from..].iter().enumerate().take(at - from + 8);
    let hits = |list: &[&str]| read().any(|(_, w)| list.contains(&w.lower));
    // "A civilian convoy", "a humanitarian convoy" are no security target.
    let security = read().any(|(k, w)| {
        SECURITY_TARGETS.contains(&w.lower)
            && !words_before(s.words, from + k, 2, CIVILIAN_MODIFIERS)
    }) && (s.armed() || !s.states.is_empty());
    let civilians = hits(CIVILIAN_TARGETS);
    Target {
        security,
        civilians,
        state_raid: !security
            && !civilians
            && RAID_WORDS.contains(&s.words[at].lower)
            && !s.states.is_empty()
            && s.armed(),
    }
}

/// Whether one of `list` is among the `n` words before `at`.
fn words_before(words: &[Word], at: usize, n: usize, list: &[&str]) -> bool {
    words[at.saturating_sub(n)..at]
        .iter()
        .any(|w| list.contains(&w.lower))
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
const STRATEGIC: &str = "Strategic developments";
const AGREEMENT: &str = "Agreement";
const ARRESTS: &str = "Arrests";
const DISRUPTED: &str = "Disrupted weapons use";
const LOOTING: &str = "Looting or property destruction";
const CHANGE: &str = "Change to group or activity";

/// The verbs of a formation, cues of a change to a group that
/// [`new_force`] must confirm.
const FORM_WORDS: &[&str] = &[
    "form", "forms", "formed", "forming", "create", "creates", "created", "creating",
];

/// Whether the words from `from` on make a new armed force the object of a
/// formation: "new" within three words, then a force noun within ten.
fn new_force(words: &[Word], from: usize) -> bool {
    let after = &words[from.min(words.len())..];
    after.iter().take(3).any(|w| w.lower == "new")
        && after
            .iter()
            .take(10)
            .any(|w| FORCE_NOUNS.contains(&w.lower))
}

/// Whether the object of a capture word, read from word `from` on, is a
/// person: a role noun ("commander", "most wanted militants") within ten
/// words, before any noun of a place ("the town", "control").
fn person_taken(words: &[Word], from: usize) -> bool {
    for w in words[from.min(words.len())..].iter().take(10) {
        if PLACE_NOUNS.contains(&w.lower) {
            return false;
        }
        if PERSON_ROLES.contains(&w.lower) {
            return true;
        }
    }
    false
}

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
    // An aim, not a capture: "mobilize to retake western Tigray", "in a
    // push to capture the city".
    if before.last().is_some_and(|w| w.lower == "to")
        && !before.iter().rev().nth(1).is_some_and(|w| {
            matches!(
                w.lower,
                "managed" | "manages" | "able" | "succeeded" | "went"
            )
        })
    {
        return None;
    }
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

/// Nouns of a state's armed forces that name no country: with an attack on
/// civilians they are the side UCDP codes against them ("Junta forces kill
/// 20 civilians", "Myanmar security forces kill 15 protesters"). From
/// `Phoenix.agents.txt` (../shared/data/actors-phoenix-petrarch2), whose
/// CAMEO codes make them a state's: `MILITARY`, `JUNTA_FORCES`,
/// `SECURITY_FORCE`, `POLICE!PERSON!` (~MIL, ~COP), `JUNTA`, `REGIME` (~GOV).
/// Not in [`PERPETRATOR_NOUNS`], which also tells violence from accidents:
/// "a military plane crashes" is still an accident.
const STATE_FORCE_NOUNS: &[&str] = &["forces", "military", "junta", "regime", "policemen"];

/// Whether the sentence names armed actors of one side only, by name, or
/// names none but a state's forces by a noun ("Regime forces kill at least
/// one person"). People they kill outside a battle or a riot are civilians
/// ("Deux personnes tuees par les hommes de la LRA", "Anti-Balaka vehicle
/// attack kills six", "Police Unit Killed 18 in Cold Blood"): fighters
/// killed are named as fighters. State forces count only without an attack
/// or strike word: their raids are battles and their strikes remote violence
/// (LABELLING.md, event set: "The Israel Defense Forces raid the city of
/// Nablus, killing one person", "42 Palestinians are killed in Israeli
/// strikes").
fn one_armed_side(s: &Sentence) -> bool {
    let raid = || {
        first_attack(s.words).is_some()
            || s.words
                .iter()
                .any(|w| matches!(w.lower, "strike" | "strikes"))
    };
    match (s.states.is_empty(), s.groups.is_empty()) {
        (true, false) => true,
        (false, true) => !raid(),
        (true, true) => s.has_word(STATE_FORCE_NOUNS) && !raid(),
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
    // Civilians' homes or villages looted or burned by an armed actor: the
    // armed side against civilians ("Junta troops torch 500 homes").
    let dwellings_destroyed = || {
        s.has_word(CIVILIAN_TARGETS)
            && found.iter().any(|m| {
                taxonomy
                    .types
                    .get(m.event)
                    .is_some_and(|t| t.is(STRATEGIC, LOOTING))
            })
    };
    let one_sided = found
        .iter()
        .any(|m| mapping(m) == Some(UcdpMapping::OneSided))
        || dwellings_destroyed();
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
        && (armed_sides >= 1 || s.has_word(PERPETRATOR_NOUNS) || s.has_word(STATE_FORCE_NOUNS))
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

    /// The event facets `extract` gives a text, with the fixture gazetteer
    /// (Wagner Group an armed group, Mali's state forces).
    fn types(text: &str) -> Vec<String> {
        let g = super::super::gazetteer::tests::fixture();
        let mut out: Vec<String> = super::super::extract(&g, text)
            .events
            .facets()
            .iter()
            .map(|f| f.to_string())
            .collect();
        out.sort();
        out
    }

    const CLASH: &str = "/Battles/Armed clash";
    const VAC_ATTACK: &str = "/Violence against civilians/Attack";
    const AGREEMENT_FACET: &str = "/Strategic developments/Agreement";
    const NONE: [&str; 0] = [];

    #[test]
    fn offensives_counter_attacks_and_operations_are_battles() {
        assert_eq!(
            types("The army is conducting a ground offensive in the area."),
            [CLASH]
        );
        assert_eq!(
            types("Rebels launch a counter-attack near the town."),
            [CLASH]
        );
        assert_eq!(
            types("The leader of the Wagner Group has been killed during a military operation."),
            [CLASH]
        );
        assert_eq!(
            types("French forces help troops fight rebels in Bamako."),
            [CLASH]
        );
        assert_eq!(types("Troops join the fight against terrorism."), NONE);
        // An adjective is no offensive, nor a campaign of words.
        assert_eq!(types("Soldiers made offensive remarks."), NONE);
        assert_eq!(types("Mali launches a charm offensive in Niger."), NONE);
        // A named offensive or a siege is a battle, with no fighting word
        // around it (a heading).
        assert_eq!(types("2017 Bamako offensive"), [CLASH]);
        assert_eq!(types("Bamako offensive (November 2016)"), [CLASH]);
        assert_eq!(types("Siege of Bamako"), [CLASH]);
        assert_eq!(types("Malian Offensive Remarks Anger Niger"), NONE);
    }

    #[test]
    fn an_aim_to_take_territory_is_no_capture() {
        assert_eq!(types("Rebels mobilize to retake the town."), NONE);
        assert_eq!(
            types("Rebels managed to retake the town."),
            ["/Battles/Non-state actor overtakes territory"]
        );
        assert_eq!(
            types("Rebels complete their takeover of the town."),
            ["/Battles/Non-state actor overtakes territory"]
        );
    }

    #[test]
    fn ceasefires_broken_and_fighting_stopped_did_not_happen() {
        assert_eq!(
            types("Shelling breaks the ceasefire in Aleppo."),
            ["/Explosions or remote violence/Shelling, artillery or missile attack"]
        );
        assert_eq!(
            types("The army orders all of its troops to lay down arms and stop fighting."),
            [AGREEMENT_FACET]
        );
        assert_eq!(
            types("Residents flee \"non-stop\" Russian bombardments."),
            ["/Explosions or remote violence/Shelling, artillery or missile attack"]
        );
    }

    #[test]
    fn releases_of_captives_are_agreements_not_abductions() {
        assert_eq!(
            types("The rebels release 127 prisoners from captivity."),
            [AGREEMENT_FACET]
        );
        assert_eq!(
            types("The government secures the release of two Americans held hostage by rebels."),
            [AGREEMENT_FACET]
        );
        assert_eq!(
            types("The rebels demand the release of 127 prisoners."),
            NONE
        );
    }

    #[test]
    fn participles_charges_and_interceptions_of_aircraft_are_no_events() {
        assert_eq!(
            types("Crowds gather over the detention of arrested activists in Bamako."),
            NONE
        );
        assert_eq!(
            types("The court sentences a warlord for charges including murder and rape."),
            NONE
        );
        assert_eq!(
            types("A lawsuit by the last massacre survivors is dismissed."),
            NONE
        );
        assert_eq!(
            types("A Russian fighter jet intercepts a U.S. Navy aircraft over the sea."),
            NONE
        );
        assert_eq!(types("The minister opened a school in Bamako."), NONE);
    }

    #[test]
    fn aircraft_shot_down_are_battles_drones_disrupted_weapons() {
        assert_eq!(
            types("Iraq shoots down a Turkish drone over Kirkuk."),
            ["/Strategic developments/Disrupted weapons use"]
        );
        assert_eq!(
            types("A helicopter is shot down near Tripoli, killing 14 of its passengers."),
            [CLASH]
        );
    }

    #[test]
    fn a_toll_sentence_is_read_with_the_event_before_it() {
        assert_eq!(
            types("A convoy is hit by a suicide car bomb in Kabul. Three civilians are injured."),
            [
                "/Explosions or remote violence/Remote explosive, landmine or IED",
                "/Explosions or remote violence/Suicide bomb"
            ]
        );
        assert_eq!(
            types("A ship sinks after being attacked by the Wagner Group. At least four people are killed."),
            [VAC_ATTACK]
        );
    }

    #[test]
    fn people_killed_in_an_attack_are_civilians_unless_its_target_is_armed() {
        assert_eq!(
            types("Five people are killed during an ambush by gunmen at a convoy."),
            [CLASH]
        );
        assert_eq!(
            types("Soldiers open fire against the army near the border."),
            [CLASH]
        );
        assert_eq!(
            types("Soldiers open fire against the army and civilians in two villages."),
            [CLASH, VAC_ATTACK]
        );
        // A riot's dead are the riot's.
        assert_eq!(
            types("In a shooting incident, a mob tries to lynch a driver. The driver fires, killing two people."),
            ["/Riots/Mob violence"]
        );
        assert_eq!(
            types("They accuse soldiers of shooting and killing a villager near the border."),
            [VAC_ATTACK]
        );
    }

    #[test]
    fn state_raids_are_battles_and_seizures_of_vessels_property_taken() {
        assert_eq!(
            types("The Government of Mali raided the town of Gao, killing two people."),
            [CLASH]
        );
        assert_eq!(
            types("The navy seizes two foreign oil tankers in the Gulf."),
            ["/Strategic developments/Looting or property destruction"]
        );
        assert_eq!(
            types("Three molotov cocktails are thrown at the consulate."),
            ["/Strategic developments/Looting or property destruction"]
        );
        // Demonstrators destroying property riot.
        assert_eq!(
            types("Protesters throw petrol bombs at the police."),
            ["/Protests/Peaceful protest", "/Riots/Violent demonstration"]
        );
        assert_eq!(
            types("French forces are setting up an operations room inside the airport."),
            ["/Strategic developments/Headquarters or base established"]
        );
    }

    #[test]
    fn quoted_speech_and_planned_attacks_are_no_events() {
        assert_eq!(
            types("The chief asks the occupiers to leave, saying \"The protesters have no claim to this land\"."),
            NONE
        );
        // A quoted phrase no reporting verb introduces is the report's own.
        assert_eq!(
            types("Crowds join a \"day of anger\" protest in Bamako."),
            ["/Protests/Peaceful protest"]
        );
        assert_eq!(
            types("Police arrest a man who allegedly planned to attack the square with grenades, guns and a suicide vest."),
            ["/Strategic developments/Arrests"]
        );
        // The plan's clause ends at the comma.
        assert_eq!(
            types("Rebels planned to flee the town, and fired rockets at the base."),
            ["/Explosions or remote violence/Shelling, artillery or missile attack"]
        );
    }

    #[test]
    fn hijackings_with_passengers_take_hostages() {
        assert_eq!(
            types("Gunmen hijack a bus with 40 passengers near Gao."),
            ["/Violence against civilians/Abduction or forced disappearance"]
        );
    }

    #[test]
    fn a_person_captured_is_an_arrest_a_town_captured_territory() {
        assert_eq!(
            types("Troops capture a senior rebel commander near Gao."),
            ["/Strategic developments/Arrests"]
        );
        assert_eq!(
            types("An army operation results in the capturing of Ali Musa, one of the most wanted militants."),
            ["/Strategic developments/Arrests"]
        );
        assert_eq!(
            types("Rebels captured the town from its militia commander."),
            ["/Battles/Non-state actor overtakes territory"]
        );
    }

    #[test]
    fn air_defences_in_action_and_new_forces_are_strategic_developments() {
        assert_eq!(
            types("The Syrian Air Defense Force engages \"hostile objects\" over Homs."),
            ["/Strategic developments/Disrupted weapons use"]
        );
        assert_eq!(types("Russia supplies air defence systems to Mali."), NONE);
        assert_eq!(
            types("The coalition will form a new 30,000-strong border security force."),
            ["/Strategic developments/Change to group or activity"]
        );
        assert_eq!(types("The parties form a new government."), NONE);
    }

    #[test]
    fn bodies_left_by_killers_are_violence_against_civilians() {
        assert_eq!(
            types("At least five bodies are abandoned under a bridge near Salamanca."),
            [VAC_ATTACK]
        );
        // Bodies alone may be a disaster's.
        assert_eq!(
            types("The bodies of 12 people are found in a ravine in Guerrero."),
            NONE
        );
    }

    /// The UCDP violence types `extract` gives a text, with the fixture
    /// gazetteer.
    fn violence(text: &str) -> Vec<ViolenceType> {
        let g = super::super::gazetteer::tests::fixture();
        super::super::extract(&g, text).events.violence_types()
    }

    #[test]
    fn state_forces_named_by_a_noun_kill_civilians_one_sidedly() {
        // Phoenix's state-force nouns (`JUNTA_FORCES`, `SECURITY_FORCE`)
        // are the armed side; protesters shot are civilians.
        assert_eq!(
            violence("Junta forces kill 20 civilians in one day."),
            [ViolenceType::OneSided]
        );
        assert_eq!(
            violence("Security forces kill 15 protesters."),
            [ViolenceType::OneSided]
        );
        // No armed side at all: none.
        assert_eq!(violence("20 civilians are killed in one day."), []);
    }

    #[test]
    fn atrocities_and_abuses_by_armed_actors_are_violence_against_civilians() {
        assert_eq!(
            types("Violations and Abuses of Human Rights by the Wagner Group in Bamako."),
            [VAC_ATTACK]
        );
        assert_eq!(
            violence("Violations and Abuses of Human Rights by the Wagner Group in Bamako."),
            [ViolenceType::OneSided]
        );
        assert_eq!(
            types("Un homme torturé par les hommes du Wagner Group à Bamako."),
            [VAC_ATTACK]
        );
        // A court's matter is not an event.
        assert_eq!(
            types("A tribunal finds him guilty of crimes against humanity."),
            NONE
        );
    }

    #[test]
    fn a_passive_attack_hits_what_stands_before_it() {
        // The object of "attacked by" precedes it: a post of the army is a
        // battle between the two sides, a village an attack on civilians.
        assert_eq!(
            types("A Malian army post attacked by Wagner Group fighters."),
            [CLASH]
        );
        assert_eq!(
            types("Le village de Dronero attaqué par des éléments du Wagner Group."),
            [VAC_ATTACK]
        );
        // A civilian convoy is no security target.
        assert_eq!(
            types("A civilian convoy attacked by Wagner Group fighters is found, with 24 people killed."),
            [VAC_ATTACK]
        );
        assert_eq!(
            types("Bamako : combat opposant les soldats au Wagner Group."),
            [CLASH]
        );
    }

    #[test]
    fn a_civilian_killed_needs_no_cue_or_count() {
        // A killing verb alone lets the sentence be read.
        assert_eq!(
            violence("Malian Military Kills Villager, Injures Another."),
            [ViolenceType::OneSided]
        );
        // An age joined to its noun is no count; a count the casualty
        // reader does not read still names the victims.
        assert_eq!(
            violence("Junta troops kill 9-year-old boy fleeing his village."),
            [ViolenceType::OneSided]
        );
        assert_eq!(
            violence("Junta troops beat two civilians to death in Mopti."),
            [ViolenceType::OneSided]
        );
        assert_eq!(
            violence("Soldiers burn man alive in Mopti."),
            [ViolenceType::OneSided]
        );
        // A threat is no killing.
        assert_eq!(violence("Junta troops threaten to kill villagers."), []);
    }

    #[test]
    fn violence_between_two_armed_sides_is_a_battle() {
        // ACLED's battle: two armed sides and a violent act, no civilians.
        assert_eq!(
            types("Government of Mali troops kill a Hizb-i Tawhid commander."),
            [CLASH]
        );
        assert_eq!(
            violence("Government of Mali troops kill a Hizb-i Tawhid commander."),
            [ViolenceType::StateBased]
        );
        assert_eq!(
            violence("Un chef du Hizb-i Tawhid assassiné par le Wagner Group à Kidal."),
            [ViolenceType::NonState]
        );
        // A civilian victim makes it an attack on civilians.
        assert_eq!(
            types("Government of Mali troops kill a villager near a Hizb-i Tawhid camp."),
            [VAC_ATTACK]
        );
    }

    #[test]
    fn an_armed_groups_attack_with_no_armed_opponent_is_on_civilians() {
        assert_eq!(
            types("Wagner Group Attack January 10, 2015 in Mopti."),
            [VAC_ATTACK]
        );
        // An attack on a target is read by its target; a claim of one
        // refers to an attack told elsewhere; a soldier named is an
        // opponent.
        assert_eq!(
            types("The Wagner Group claims responsibility for the attack."),
            NONE
        );
        assert_eq!(types("Soldier hurt in Wagner Group attack in Mopti."), NONE);
        // "anti" negates the word it is joined to, not a verb after it.
        assert_eq!(
            violence("Anti-Wagner Group fighters attack a village in Mopti."),
            [ViolenceType::OneSided]
        );
    }

    #[test]
    fn a_camp_of_displaced_people_is_a_civilian_target() {
        assert_eq!(
            types("Wagner Group fighters attack a displaced persons camp in Mopti."),
            [VAC_ATTACK]
        );
        assert_eq!(
            types("Wagner Group fighters attack an army camp in Mopti."),
            [CLASH]
        );
    }

    const LOOTING_FACET: &str = "/Strategic developments/Looting or property destruction";

    #[test]
    fn civilians_before_a_killing_participle_are_its_victims() {
        // A participle with no object: its subject is the victim.
        assert_eq!(
            violence("Elderly villagers killed in a Malian military arson attack in Mopti."),
            [ViolenceType::OneSided]
        );
        assert_eq!(
            violence("Villagers found slain after junta raids near Mopti."),
            [ViolenceType::OneSided]
        );
        // Fighters before it are no civilians, and an active verb's
        // subject is its agent.
        assert_eq!(
            violence("Wagner Group fighters killed in an ambush near Mopti."),
            []
        );
        assert_eq!(types("Villagers kill a snake near Mopti."), NONE);
        // A noun after a preposition is no subject.
        assert_eq!(
            types("A Malian helicopter with passengers is shot down by Wagner Group fighters."),
            types("A Malian helicopter is shot down by Wagner Group fighters.")
        );
    }

    #[test]
    fn dwellings_destroyed_by_an_armed_actor_are_one_sided() {
        assert_eq!(
            types("Junta troops burn 500 homes in Mopti."),
            [LOOTING_FACET]
        );
        assert_eq!(
            violence("Junta troops burn 500 homes in Mopti."),
            [ViolenceType::OneSided]
        );
        assert_eq!(
            violence("Malian military razes villages near Mopti."),
            [ViolenceType::OneSided]
        );
        assert_eq!(
            violence("Wagner Group fighters loot and torch houses in Mopti."),
            [ViolenceType::OneSided]
        );
        // No armed agent, or no dwellings: none.
        assert_eq!(types("A wildfire burns 500 homes in California."), NONE);
        assert_eq!(violence("Junta troops seize a truck of rice in Mopti."), []);
    }

    #[test]
    fn a_protester_killed_is_excessive_force() {
        assert_eq!(
            types("Security forces kill protester in Bamako."),
            ["/Protests/Excessive force against protesters"]
        );
        assert_eq!(
            violence("Security forces kill protester in Bamako."),
            [ViolenceType::OneSided]
        );
    }

    #[test]
    fn people_killed_by_state_forces_named_by_a_noun_are_civilians() {
        assert_eq!(
            violence("Regime forces kill 12 people in Mopti."),
            [ViolenceType::OneSided]
        );
        assert_eq!(
            violence("Junta troops kill eight people in attacks on rallies and neighbourhoods."),
            [ViolenceType::OneSided]
        );
        // Named fighters are no such people.
        assert_eq!(violence("Regime forces kill eight rebels in Mopti."), []);
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

//! Stage 2: articles -> regions, actors and events. Finds every gazetteer
//! name in an article's text, applies the context rules for ambiguous names,
//! merges the regions/actors a record lists explicitly, and reads what
//! happened (ACLED event types, UCDP violence types) and how many people
//! were killed, injured, abducted or displaced.

mod casualties;
mod cues;
mod entity;
mod events;
mod filter_names;
mod fingerprint;
mod fold;
mod gazetteer;
mod inflect;
mod matcher;
mod numbers;
mod parties;
mod people;
mod places;
mod query_names;
mod readings;
mod state;
mod words;

use std::collections::HashSet;

use tantivy::schema::Facet;

pub use casualties::{totals, Casualty, CasualtyKind, Group, Range};
pub use entity::{ActorKind, Dimension, Entity, Name, NameKind, PlaceKind};
pub use events::{EventMention, EventTaxonomy, EventType, Events, UcdpMapping, ViolenceType};
pub use filter_names::FilterNames;
pub use fold::{fold_str, Folded};
pub use gazetteer::{Gazetteer, GazetteerFiles, Location};
pub use matcher::Hit;
pub use people::UnlistedActor;
pub use places::{Candidate, PlaceIndex, Town};
pub use query_names::{QueryName, QueryNames};

use crate::article::Article;

/// Words that, right before an ambiguous name, show it is used as a place or
/// party: "in Chad", "troops from Niger", "northern Mali", "au Niger".
const CUE_WORDS: &[&str] = &[
    "in",
    "of",
    "from",
    "to",
    "into",
    "across",
    "throughout",
    "against",
    "with",
    "near",
    "towards",
    "toward",
    "between",
    "via",
    "northern",
    "southern",
    "eastern",
    "western",
    "central",
    "neighbouring",
    "neighboring",
    "invaded",
    "entered",
    // French: a country's name takes the article, a person's does not ("le
    // Niger", "la Guinée", "au Niger", "du Niger"; "Michael Jordan").
    "le",
    "la",
    "au",
    "aux",
    "du",
    "en",
    "vers",
    "dans",
    "contre",
    "depuis",
    "entre",
    "avec",
];

/// One occurrence of a gazetteer name in a text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mention {
    /// Index into [`Gazetteer::entities`].
    pub entity: usize,
    /// Index into [`Gazetteer::names`].
    pub name: usize,
    /// The text as written in the article.
    pub matched: String,
    /// Byte range in the original text.
    pub range: (usize, usize),
    /// False for an ambiguous name that its context did not support.
    pub accepted: bool,
    /// For a town's name, the town (index into [`PlaceIndex::towns`]);
    /// `entity` is then its division.
    pub town: Option<u32>,
}

impl Mention {
    /// The facet of what the mention names: a town's path, else its entity's.
    pub fn facet(&self, gazetteer: &Gazetteer) -> Facet {
        match self.town {
            Some(town) => Facet::from_path(gazetteer.town_path(town)),
            None => gazetteer.entities[self.entity].facet(),
        }
    }
}

/// Everything found in one text.
#[derive(Debug, Default)]
pub struct Extraction {
    /// Every name occurrence, in text order.
    pub mentions: Vec<Mention>,
    /// Actors the gazetteer lacks, found by a cue next to their name: people by
    /// their role, parties by their head noun; in text order.
    pub unlisted: Vec<UnlistedActor>,
    /// Casualty counts, in text order.
    pub casualties: Vec<Casualty>,
    /// Event types and UCDP violence types.
    pub events: Events,
}

impl Extraction {
    /// The facets of `dimension`: what the accepted mentions name (a town by
    /// its path below its division) in order of first mention, then for
    /// actors the unlisted ones (people by their role, parties).
    pub fn facets(&self, gazetteer: &Gazetteer, dimension: Dimension) -> Vec<Facet> {
        let mut facets: Vec<Facet> = self
            .mentions
            .iter()
            .filter(|m| m.accepted && gazetteer.entities[m.entity].dimension == dimension)
            .map(|m| m.facet(gazetteer))
            .collect();
        if dimension == Dimension::Actor {
            facets.extend(self.unlisted.iter().map(UnlistedActor::facet));
        }
        let mut seen = HashSet::new();
        facets.retain(|f| seen.insert(f.clone()));
        facets
    }

    /// Entities with at least one accepted mention in `dimension`, in order of first mention.
    pub fn entities(&self, gazetteer: &Gazetteer, dimension: Dimension) -> Vec<usize> {
        let mut seen = HashSet::new();
        self.mentions
            .iter()
            .filter(|m| m.accepted && gazetteer.entities[m.entity].dimension == dimension)
            .filter(|m| seen.insert(m.entity))
            .map(|m| m.entity)
            .collect()
    }
}

/// Finds regions and actors in `text`.
pub fn extract(gazetteer: &Gazetteer, text: &str) -> Extraction {
    let folded = Folded::new(text);
    let mut hits = gazetteer.matcher().find_with_bare_possessives(
        &folded,
        town_hits(gazetteer, &folded),
        |bare, found| possessive_before_its_place(gazetteer, &folded, bare, found),
    );
    hits.retain(|h| {
        let entity = &gazetteer.entities[gazetteer.names[h.name].entity];
        let below_country = entity.dimension == Dimension::Region && entity.path.len() > 3;
        let read_otherwise = below_country && reads_as_a_word(gazetteer, &folded, h);
        !(read_otherwise || nisba_written_with_alef_maqsura(gazetteer, text, &folded, h))
    });
    let ambiguous = |h: &Hit| {
        h.town
            .map_or(gazetteer.names[h.name].ambiguous, |t| t.ambiguous)
    };
    // Names read as something else than the place: words in capitals, or a
    // person's name ("Scott Pittman", though Pittman is a former name of
    // Henderson, Nevada).
    let other_use: Vec<bool> = hits
        .iter()
        .map(|hit| {
            let name = &gazetteer.names[hit.name];
            let shouted = name.case_sensitive && in_capitals_run(&folded, text, hit.start, hit.end);
            let region = gazetteer.entities[name.entity].dimension == Dimension::Region;
            let country = gazetteer.country_of(name.entity);
            // Backed by the other names of the text (a name backs not itself).
            let backed_elsewhere = hits.iter().any(|h| {
                let e = gazetteer.names[h.name].entity;
                (h.start, h.end) != (hit.start, hit.end)
                    && !ambiguous(h)
                    && (e == name.entity || gazetteer.country_of(e) == country)
            });
            shouted
                || region
                    && names_something_else(
                        gazetteer,
                        &folded,
                        hit,
                        name,
                        backed_elsewhere,
                        after_bare_possessive(&folded, &hits, hit),
                        Neighbours::of(gazetteer, &folded, &hits, hit),
                    )
        })
        .collect();
    // Entities named unambiguously; a division or town also names its
    // country, and so do a state's forces ("Niger security forces kill 12").
    // A name read otherwise names nothing: it backs no `?` town of its
    // country ("head coach Holt" is no town of Michigan for it).
    let supported: HashSet<usize> = hits
        .iter()
        .zip(&other_use)
        .filter(|&(h, &other)| !ambiguous(h) && !other)
        .map(|(h, _)| gazetteer.names[h.name].entity)
        .flat_map(|e| {
            [
                Some(e),
                Some(gazetteer.country_of(e)),
                state_home(gazetteer, e),
            ]
        })
        .flatten()
        .collect();
    let mut mentions: Vec<Mention> = Vec::with_capacity(hits.len());
    for (i, hit) in hits.iter().enumerate() {
        let name = &gazetteer.names[hit.name];
        let country = gazetteer.country_of(name.entity);
        let backed = supported.contains(&name.entity) || supported.contains(&country);
        let other_use = other_use[i];
        let accepted = !other_use
            && (!ambiguous(hit)
                || if hit.town.is_some() {
                    // A town that needs context: the story names its division or
                    // country, or, in a story that names no other country, a
                    // preposition of place puts the one town of that name there
                    // ("clashes continue in Mindat"; "in Victoria Park" in a
                    // story on Hong Kong is no town of Australia); and it starts
                    // no longer name ("Amedy Coulibaly"), though a kind word may
                    // follow ("Falam Township").
                    // In a line written in capitals case cannot tell a name
                    // from a word ("BETWEEN A DRONE AND AL-QAEDA"): no cue
                    // will do, the story must name the country.
                    let in_capitals = is_caps_word(&folded.cased[hit.start..hit.end]);
                    let route = cues::ends_a_route(&folded, hit);
                    let cued = !in_capitals
                        && (after_town_cue(text, &folded, hit)
                            || route
                            || cues::before_inhabitants(&folded, hit))
                        && alone_on_span(&hits, i)
                        && supported
                            .iter()
                            .filter(|&&e| gazetteer.entities[e].dimension == Dimension::Region)
                            .all(|&e| gazetteer.country_of(e) == country);
                    // There every word is capitalised ("CENTRAFRIQUE : MISSION
                    // A MINGALA PARTICULIEREMENT"): the next one says nothing
                    // of a longer name.
                    (backed || cued)
                        && (!capitalised_word_after(&folded.cased, hit.end)
                            || route
                            || readings::place_word_after(&folded.cased, hit.end)
                            || common_word_after_in_headline(gazetteer, &folded.cased, hit.end)
                            || in_capitals)
                } else {
                    ambiguous_name_supported(gazetteer, &folded, &hits, &mentions, i, &supported)
                });
        let (s, e) = folded.original_range(hit.start, hit.end);
        mentions.push(Mention {
            entity: name.entity,
            name: hit.name,
            matched: text[s..e].to_string(),
            range: (s, e),
            accepted,
            town: hit.town.map(|t| t.town),
        });
    }
    readings::apply(gazetteer, &folded, &hits, &mut mentions);
    let undecided_at_home = one_town_per_name(gazetteer, &hits, &mut mentions);
    prefer_the_division_to_towns_elsewhere(gazetteer, &hits, &mut mentions);
    drop_towns_named_as_their_countries(gazetteer, &mut mentions);
    prefer_places_of_named_countries(gazetteer, &undecided_at_home, &mut mentions);
    drop_places_inside_group_names(gazetteer, &mut mentions);
    drop_actors_inside_place_names(gazetteer, &mut mentions);
    drop_actor_names_used_otherwise(gazetteer, text, &mut mentions);
    let words = words::words(&folded);
    people::drop_names_inside_personal_names(gazetteer, &words, &folded, &mut mentions);
    state::infer(gazetteer, &folded, &hits, &mut mentions);
    name_branches(gazetteer, &mut mentions);
    let mut unlisted = people::recognise(gazetteer, &folded, &words, text, &mut mentions);
    unlisted.extend(parties::recognise(&folded, &words, text, &mentions));
    unlisted.sort_by_key(|u| u.range);
    mentions.sort_by_key(|m| m.range);
    let sentences = casualties::sentences(&words);
    let casualties = casualties::recognise(&folded, &words, &sentences, text);
    let events = events::recognise(
        gazetteer,
        &folded,
        &words,
        &sentences,
        text,
        &mentions,
        &casualties,
    );
    drop_stray_acronyms(gazetteer, &folded, &events, &mut mentions);
    Extraction {
        mentions,
        unlisted,
        casualties,
        events,
    }
}

/// The places right around a hit: whether a place's name (a region of
/// `hits`) starts one space after it, and whether one ends right before it
/// with a hyphen between ("Hama-Aleppo highway").
#[derive(Clone, Copy)]
struct Neighbours {
    place_after: bool,
    hyphenated_place_before: bool,
}

impl Neighbours {
    fn of(gazetteer: &Gazetteer, folded: &Folded, hits: &[Hit], hit: &Hit) -> Self {
        let region = |h: &Hit| {
            gazetteer.entities[gazetteer.names[h.name].entity].dimension == Dimension::Region
        };
        Neighbours {
            place_after: hits.iter().any(|h| h.start == hit.end + 1 && region(h)),
            hyphenated_place_before: hit.start > 0
                && folded.hyphen_at(hit.start - 1)
                && hits.iter().any(|h| h.end + 1 == hit.start && region(h)),
        }
    }
}

/// Whether a name written with an `s` glued to it (see
/// [`matcher::Matcher::find_with_bare_possessives`]) is the possessive of a
/// country or division whose apostrophe was lost, as scraped headlines lose
/// a curly one: one of the region's own unflagged names, right before a
/// capitalised place below it ("Myanmars Bago", "Sagaings Monywa Township",
/// "Mon States Ye Township"). "the Americas Cup" or a surname ("Jordans")
/// is no such pair.
fn possessive_before_its_place(
    gazetteer: &Gazetteer,
    folded: &Folded,
    bare: &Hit,
    found: &[Hit],
) -> bool {
    let name = &gazetteer.names[bare.name];
    let region = &gazetteer.entities[name.entity];
    if region.dimension != Dimension::Region
        || name.ambiguous
        || name.case_sensitive
        || name.kind == NameKind::Town
        || !folded.cased[bare.end..].starts_with("s ")
    {
        return false;
    }
    let next = bare.end + 2;
    let below = |h: &Hit| {
        let e = gazetteer.names[h.name].entity;
        let path = &gazetteer.entities[e].path;
        gazetteer.entities[e].dimension == Dimension::Region
            && (e == name.entity && h.town.is_some()
                || path.len() > region.path.len() && path.starts_with(&region.path))
    };
    folded.cased[next..].starts_with(char::is_uppercase)
        && found.iter().any(|h| h.start == next && below(h))
}

/// Whether `hit` follows a name written as a possessive without its
/// apostrophe ("Myanmars Bago"): the word before is that name, no other.
fn after_bare_possessive(folded: &Folded, hits: &[Hit], hit: &Hit) -> bool {
    hits.iter()
        .any(|h| h.end + 2 == hit.start && &folded.lower[h.end..hit.start] == "s ")
}

/// The country whose state forces `entity` is, if it is a state-forces actor.
fn state_home(gazetteer: &Gazetteer, entity: usize) -> Option<usize> {
    let e = &gazetteer.entities[entity];
    (e.kind == Some(ActorKind::StateForces))
        .then_some(e.home)
        .flatten()
}

/// Whether the context supports ambiguous hit `i` (a `?` country, division
/// or actor name); `mentions` holds the decisions on the hits before it.
fn ambiguous_name_supported(
    gazetteer: &Gazetteer,
    folded: &Folded,
    hits: &[Hit],
    mentions: &[Mention],
    i: usize,
    supported: &HashSet<usize>,
) -> bool {
    let hit = &hits[i];
    let name = &gazetteer.names[hit.name];
    let shared = hits
        .iter()
        .filter(|h| (h.start, h.end) == (hit.start, hit.end))
        .map(|h| gazetteer.names[h.name].entity)
        .any(|e| e != name.entity);
    // The accepted region right before the hit in a list ("Mali, Niger"), if any.
    let list_neighbour = hits[..i]
        .iter()
        .zip(mentions)
        .rev()
        .find(|(h, _)| h.end <= hit.start)
        .filter(|(prev, prev_mention)| {
            prev_mention.accepted
                && gazetteer.entities[prev_mention.entity].dimension == Dimension::Region
                && only_list_glue(&folded.cased[prev.end..hit.start])
        })
        .map(|(_, prev_mention)| prev_mention.entity);
    let context = AmbiguityContext {
        text: &folded.cased,
        hit,
        entity_supported: supported.contains(&name.entity),
        list_neighbour: list_neighbour.is_some(),
    };
    // Words naming two entities ("Congo", "UPC", Georgia the country and the
    // US state) need the entity named unambiguously too, or its country
    // (an actor's, a division's).
    let backed = |e: usize| {
        supported.contains(&e)
            || gazetteer.entities[e]
                .home
                .is_some_and(|h| supported.contains(&h))
    };
    if !shared && gazetteer.entities[name.entity].dimension == Dimension::Actor {
        // An actor's descriptive name ("Unity Party" is Hizb-i Wahdat only in
        // a story on Afghanistan).
        return backed(name.entity);
    }
    if !shared {
        // A division's `?` name (an ordinary word, a person's name: "Gulf",
        // "Paul") needs its division or country named, as a town's does, or
        // a cue that it is a place: its own kind word after it ("Chin
        // state"), a compass adjective before it ("in southern Chin").
        return match gazetteer.entities[name.entity].path.len() > 3 {
            true => {
                cues::before_own_kind_word(gazetteer, folded, hit)
                    || (backed(name.entity) || cues::after_compass_word(folded, hit))
                        && (!capitalised_word_after(&folded.cased, hit.end)
                            || common_word_after_in_headline(gazetteer, &folded.cased, hit.end))
            }
            false => context.supports(),
        };
    }
    let entity = &gazetteer.entities[name.entity];
    let others: Vec<usize> = hits
        .iter()
        .filter(|h| (h.start, h.end) == (hit.start, hit.end))
        .map(|h| gazetteer.names[h.name].entity)
        .filter(|&e| e != name.entity)
        .collect();
    let is_division = |e: usize| gazetteer.entities[e].path.len() > 3;
    let is_country = |e: usize| {
        gazetteer.entities[e].dimension == Dimension::Region
            && gazetteer.entities[e].path.len() == 3
    };
    // In a list of countries ("du Nigeria, du Cameroun, du Niger et du
    // Tchad"; "Mali, Niger and Chad") a name that is a country's and a
    // division's is the country, whatever else the story backs.
    if list_neighbour.is_some_and(is_country) && others.iter().all(|&e| is_division(e)) {
        return is_country(name.entity) && context.supports();
    }
    if backed(name.entity) {
        return true;
    }
    // A country whose name is also a division's elsewhere (Niger, the
    // country, and Niger State of Nigeria; Georgia and the US state): with
    // neither backed by the story, the usual context rules decide for the
    // country if it has more people than every such division ("troops
    // crossed into Niger"; "a man from Georgia" is neither).
    entity.dimension == Dimension::Region
        && entity.path.len() == 3
        && others.iter().all(|&e| is_division(e) && !backed(e))
        && others
            .iter()
            .all(|&e| entity.population > gazetteer.entities[e].population)
        && context.supports()
}

/// The towns whose names occur in the text, one hit per town a name may
/// mean, each carrying its division's `town` name.
fn town_hits(gazetteer: &Gazetteer, folded: &Folded) -> Vec<Hit> {
    let places = &gazetteer.places;
    let mut hits = Vec::new();
    for span in places.find(&folded.lower, &folded.cased) {
        for candidate in places.candidates(span.key) {
            let division = places.towns[candidate.town as usize].division;
            if let Some(name) = gazetteer.town_name(division) {
                hits.push(Hit {
                    name,
                    start: span.start,
                    end: span.end,
                    town: Some(*candidate),
                });
            }
        }
    }
    hits
}

/// Whether an Arabic people's adjective (a name ending in ي: يمني, Yemeni)
/// met a word that ends in alef maqsura, which folding writes as ي:
/// "الزاوية العلوية اليمنى" is "the upper right corner", not Yemeni. The
/// adjectives derived by rule skip such words too ([`inflect`]).
fn nisba_written_with_alef_maqsura(
    gazetteer: &Gazetteer,
    text: &str,
    folded: &Folded,
    hit: &Hit,
) -> bool {
    let (_, end) = folded.original_range(hit.start, hit.end);
    gazetteer.names[hit.name].text.ends_with('ي') && text[..end].ends_with('ى')
}

/// Words before a town's name that say it is one: "село Мирне", "місто Суми",
/// "посёлок Мирный", and their forms and abbreviations ("с.", "м.", "смт").
const SETTLEMENT_NOUNS: &[&str] = &[
    "село",
    "села",
    "селі",
    "селом",
    "селище",
    "селища",
    "селищі",
    "селищем",
    "місто",
    "міста",
    "місті",
    "містом",
    "смт",
    "с",
    "м",
    "селе",
    "посёлок",
    "поселок",
    "посёлка",
    "поселка",
    "посёлке",
    "поселке",
    "город",
    "города",
    "городе",
    "городом",
    "деревня",
    "деревни",
    "деревне",
    "пгт",
    "станица",
    "станицы",
    "станице",
    "г",
];

/// Case endings that only adjectives take, as folding writes them (й is и):
/// Ukrainian -ого -ому -ий -ій -ої -ими -их, Russian also -ый -ая -ое -ые
/// -ую -ым -ых. A noun's endings (-а -у -і -ом -ою -ах) are not among them.
const ADJECTIVE_ENDINGS: &[&str] = &[
    "ого", "ому", "ими", "ыми", "ии", "іи", "оі", "ыи", "ая", "яя", "ое", "ее", "ые", "ие", "ую",
    "юю", "ых", "их", "ым",
];

/// Whether the one Cyrillic word a hit of a town or division matched reads
/// as an ordinary word rather than the place. GeoNames'
/// Cyrillic names and their case forms meet ordinary words that a sentence
/// or a longer name capitalises: the forms of `common-words.tsv` (Буде
/// "will be", Багато "many", Великої of "Великої Британії"), and adjectives
/// before their noun (Азовського моря, Миколаївській області, Маріїнському
/// палаці: an adjective's case ending, then a word in lower case). Unless a
/// settlement noun names it a place ("селище Щастя"), such a word is the
/// place only where it closes a phrase, before punctuation, a conjunction or
/// a preposition ("Суми, Конотоп", "Харків та область").
fn reads_as_a_word(gazetteer: &Gazetteer, folded: &Folded, hit: &Hit) -> bool {
    let (start, end) = (hit.start, hit.end);
    let word = &folded.lower[start..end];
    if !inflect::is_cyrillic_word(word) {
        return false;
    }
    if opens_a_compound_adjective(folded, end) || closes_an_arabic_personal_name(folded, start) {
        return true;
    }
    let before = &folded.lower[..start];
    let previous = before
        .trim_end_matches([' ', '.'])
        .rsplit(|c: char| !c.is_alphabetic())
        .next()
        .unwrap_or("");
    if SETTLEMENT_NOUNS.contains(&previous) {
        return false;
    }
    // One space: the next word follows; more are punctuation folded away
    // (a dash: "Суми — ці назви").
    let Some(after) = folded.cased[end..].strip_prefix(' ') else {
        return false;
    };
    let next_word: String = after.chars().take_while(|c| c.is_alphabetic()).collect();
    let lower = next_word.to_lowercase();
    if next_word.is_empty() || LINKING_WORDS.contains(&lower.as_str()) {
        return false;
    }
    // Before its noun (in lower case, or an abbreviation: "Луганської ОДА"),
    // an adjective's case form is the adjective. A division's name is an
    // adjective itself (Луганська область: "у Луганській області"), and a
    // town named by one is followed by its division's ("Рубіжного Луганської
    // області").
    let noun_after = lower == next_word || is_caps_word(&next_word);
    let adjective =
        hit.town.is_some() && noun_after && ADJECTIVE_ENDINGS.iter().any(|e| word.ends_with(e));
    gazetteer.is_common_word(word) || adjective
}

/// Whether the Cyrillic word ending at `end` is the first part of a compound
/// adjective: its linking vowel, a hyphen, then an adjective ("Южно-Китайском
/// море", the South China Sea, is not Южне of Odesa oblast; "Північно-Західний").
/// A place named with a hyphen ("Орехово-Зуево") is one longer name, matched
/// as a whole.
fn opens_a_compound_adjective(folded: &Folded, end: usize) -> bool {
    let word = &folded.lower[..end];
    if !(word.ends_with('о') || word.ends_with('е')) || !folded.hyphen_at(end) {
        return false;
    }
    let next: String = folded.lower[end + 1..]
        .chars()
        .take_while(|c| c.is_alphabetic())
        .collect();
    inflect::is_cyrillic_word(&next)
        && ADJECTIVE_ENDINGS
            .iter()
            .chain(COMPOUND_ADJECTIVE_ENDINGS)
            .any(|e| next.ends_with(e))
}

/// Whether the Cyrillic word starting at `start` follows the Arabic article
/// of a personal name: a capitalised name word, then "аль-" (or an assimilated
/// form): "Абу Бакру аль-Багдади" is a man, not Baghdad, though the nisba
/// meets a case form of the town's name. "з аль-Ракки" (from Raqqa) is
/// the town: a preposition comes before its article.
fn closes_an_arabic_personal_name(folded: &Folded, start: usize) -> bool {
    if start == 0 || !folded.hyphen_at(start - 1) {
        return false;
    }
    let before = &folded.cased[..start - 1];
    let Some((rest, article)) = before.rsplit_once(' ') else {
        return false;
    };
    let given_name = rest.rsplit(' ').next().unwrap_or("");
    CYRILLIC_ARABIC_ARTICLES.contains(&article.to_lowercase().as_str())
        && given_name.chars().next().is_some_and(char::is_uppercase)
        && inflect::is_cyrillic_word(given_name)
}

/// The Arabic article as Russian and Ukrainian write it before a name, with
/// its forms before the sun letters ("ас-Сиси", "ар-Рашид").
const CYRILLIC_ARABIC_ARTICLES: &[&str] = &[
    "аль", "ал", "эль", "ель", "ас", "аш", "ад", "ар", "ат", "аз", "ан", "эш", "эр", "эс",
];

/// Adjective endings (folded) that nouns share, so [`ADJECTIVE_ENDINGS`]
/// leaves them out; after a linking vowel and a hyphen they are the
/// adjective's: Russian -ом -ой, Ukrainian -ім, both -им ("Китайском",
/// "Китайской", "Західнім").
const COMPOUND_ADJECTIVE_ENDINGS: &[&str] = &["ом", "ои", "ім", "им"];

/// Conjunctions and prepositions (folded) after which a place's name has
/// ended its phrase: "Харків та область", "Суми і Конотоп", "у Мирному на
/// півдні".
const LINKING_WORDS: &[&str] = &[
    "та",
    "і",
    "и",
    "а",
    "але",
    "чи",
    "або",
    "що",
    "як",
    "у",
    "в",
    "во",
    "на",
    "до",
    "з",
    "із",
    "зі",
    "за",
    "під",
    "над",
    "по",
    "для",
    "без",
    "біля",
    "від",
    "через",
    "из",
    "к",
    "от",
    "со",
    "о",
    "об",
    "при",
    "про",
    "после",
    "под",
    "но",
    "или",
];

/// The people of a town that a name means alone whatever country the story
/// names (GeoNames' usual threshold of a city): London, not London, Kentucky.
const CITY_POPULATION: u32 = 100_000;

/// Towns of one name accepted on the same words: a town the name means alone
/// in a division the story names wins ("Milwaukee, Wisconsin" over
/// Milwaukie, Oregon, in a story that names Oregon too); else a `?` town the
/// story backs by naming its division otherwise wins ("Paris, Texas"); else a town the
/// name means alone wins over `?` towns backed only by their country
/// ("London" in a story that names the US is not London, Kentucky), unless
/// those `?` towns are in one division of a country the story names and
/// every town the name means alone is smaller than a city and in a country
/// it does not name ("the Syrian town of Madaya" is not Myanmar's Madaya of
/// 24,000 people); else, `?` towns in several divisions (two villages of
/// that name in the country the story names) all drop.
///
/// Returns the words (as written) on which `?` towns of a country the story
/// names all dropped for being several: the story means one of them, which
/// [`prefer_places_of_named_countries`] takes as naming a place at home.
fn one_town_per_name(
    gazetteer: &Gazetteer,
    hits: &[Hit],
    mentions: &mut [Mention],
) -> HashSet<String> {
    let mut undecided_at_home = HashSet::new();
    let named: HashSet<usize> = hits
        .iter()
        .zip(mentions.iter())
        .filter(|(h, m)| m.accepted && h.town.is_none())
        .map(|(_, m)| m.entity)
        .collect();
    let small_town = |m: &Mention| {
        m.town
            .is_some_and(|t| gazetteer.places.towns[t as usize].population < CITY_POPULATION)
    };
    let mut i = 0;
    while i < hits.len() {
        let span = (hits[i].start, hits[i].end);
        let end = (i..hits.len())
            .find(|&j| (hits[j].start, hits[j].end) != span)
            .unwrap_or(hits.len());
        let accepted_town = |j: usize, ambiguous: bool| {
            mentions[j].accepted && hits[j].town.is_some_and(|t| t.ambiguous == ambiguous)
        };
        let guessed: Vec<usize> = (i..end).filter(|&j| accepted_town(j, true)).collect();
        let alone: Vec<usize> = (i..end).filter(|&j| accepted_town(j, false)).collect();
        if guessed.is_empty() && alone.is_empty() {
            i = end;
            continue;
        }
        let backed: Vec<usize> = guessed
            .iter()
            .copied()
            .filter(|&j| named.contains(&mentions[j].entity))
            .collect();
        // A town the name means alone, in a division the story names too,
        // is not outranked by a `?` town of another named division
        // ("Milwaukee, Wisconsin" in a story that names Oregon is not
        // Milwaukie; "London, England" not the City of London).
        let alone_backed: Vec<usize> = alone
            .iter()
            .copied()
            .filter(|&j| named.contains(&mentions[j].entity))
            .collect();
        let divisions = |js: &[usize]| {
            js.iter()
                .map(|&j| mentions[j].entity)
                .collect::<HashSet<_>>()
        };
        // The countries the story names by other words, towns included
        // ("London Bridge" names the United Kingdom), though not by this
        // name again ("towns like Madaya").
        let these_towns: HashSet<u32> = (i..end).filter_map(|j| mentions[j].town).collect();
        let named_countries: HashSet<usize> = mentions
            .iter()
            .filter(|m| m.accepted && m.town.is_none_or(|t| !these_towns.contains(&t)))
            .filter(|m| gazetteer.entities[m.entity].dimension == Dimension::Region)
            .map(|m| gazetteer.country_of(m.entity))
            .collect();
        let in_named_country =
            |m: &Mention| named_countries.contains(&gazetteer.country_of(m.entity));
        let guessed_in_named: Vec<usize> = guessed
            .iter()
            .copied()
            .filter(|&j| in_named_country(&mentions[j]))
            .collect();
        let alone_only_small_abroad = alone
            .iter()
            .all(|&j| small_town(&mentions[j]) && !in_named_country(&mentions[j]));
        let keep: Vec<usize> = if !alone_backed.is_empty() {
            alone_backed
        } else if divisions(&backed).len() == 1 {
            backed
        } else if divisions(&guessed_in_named).len() == 1 && alone_only_small_abroad {
            guessed_in_named.clone()
        } else if !alone.is_empty() || divisions(&guessed).len() > 1 {
            alone.clone()
        } else {
            guessed.iter().chain(&alone).copied().collect()
        };
        if alone_only_small_abroad
            && !guessed_in_named.is_empty()
            && keep.iter().all(|j| !guessed_in_named.contains(j))
        {
            undecided_at_home.insert(mentions[i].matched.clone());
        }
        for j in guessed.iter().chain(&alone) {
            mentions[*j].accepted = keep.contains(j);
        }
        i = end;
    }
    undecided_at_home
}

/// Words that name a division name no `?` town of another division of its
/// country: "Луганськ" is Luhansk (its oblast, with which the city is
/// merged), not Luhanske of Donetsk oblast, whose case forms meet it.
fn prefer_the_division_to_towns_elsewhere(
    gazetteer: &Gazetteer,
    hits: &[Hit],
    mentions: &mut [Mention],
) {
    let divisions: Vec<((usize, usize), usize)> = mentions
        .iter()
        .filter(|m| m.accepted && m.town.is_none())
        .filter(|m| {
            let e = &gazetteer.entities[m.entity];
            e.dimension == Dimension::Region && e.path.len() > 3
        })
        .map(|m| (m.range, m.entity))
        .collect();
    for (hit, m) in hits.iter().zip(mentions.iter_mut()) {
        let guessed = hit.town.is_some_and(|t| t.ambiguous);
        let elsewhere_in_country = |&(range, division): &((usize, usize), usize)| {
            range == m.range
                && division != m.entity
                && gazetteer.country_of(division) == gazetteer.country_of(m.entity)
        };
        if m.accepted && guessed && divisions.iter().any(elsewhere_in_country) {
            m.accepted = false;
        }
    }
}

/// A word that names a country the story is taken to name is that country,
/// not a town that GeoNames also lists under the name: Китай (China) is no
/// village of Crimea, Молдова no village of Odesa oblast, though their
/// alternate names (or, through inflection, their case forms) meet.
fn drop_towns_named_as_their_countries(gazetteer: &Gazetteer, mentions: &mut [Mention]) {
    let countries: HashSet<(usize, usize)> = mentions
        .iter()
        .filter(|m| m.accepted && m.town.is_none())
        .filter(|m| {
            let entity = &gazetteer.entities[m.entity];
            entity.dimension == Dimension::Region && entity.path.len() == 3
        })
        .map(|m| m.range)
        .collect();
    for m in mentions.iter_mut() {
        if m.town.is_some() && countries.contains(&m.range) {
            m.accepted = false;
        }
    }
}

/// Places below the country accepted on the same words in several countries:
/// those of a country the story names by other words win ("Ізюм – Лозова"
/// in a story on Ukraine is Lozova of Kharkiv oblast, not the municipality
/// Lozovo of North Macedonia, whose Лозово meets Лозова through inflection).
/// So do the towns of a named country that [`one_town_per_name`] could not
/// choose between (`undecided_at_home`), wherever the story writes the name:
/// "France : attaque à Valence" is one of France's towns called Valence, not
/// Valencia, Spain, which French calls so too.
fn prefer_places_of_named_countries(
    gazetteer: &Gazetteer,
    undecided_at_home: &HashSet<String>,
    mentions: &mut [Mention],
) {
    let below_country = |m: &Mention| {
        let entity = &gazetteer.entities[m.entity];
        m.accepted && entity.dimension == Dimension::Region && entity.path.len() > 3
    };
    let mut spans: Vec<(usize, usize)> = mentions
        .iter()
        .filter(|m| below_country(m))
        .map(|m| m.range)
        .collect();
    spans.sort_unstable();
    spans.dedup();
    for span in spans {
        let here: Vec<usize> = (0..mentions.len())
            .filter(|&i| mentions[i].range == span && below_country(&mentions[i]))
            .collect();
        // Named by other words: the same name elsewhere is as ambiguous.
        let words = &mentions[here[0]].matched;
        let named: HashSet<usize> = mentions
            .iter()
            .filter(|m| m.accepted && m.range != span && m.matched != *words)
            .filter(|m| gazetteer.entities[m.entity].dimension == Dimension::Region)
            .map(|m| gazetteer.country_of(m.entity))
            .collect();
        let keep: Vec<bool> = here
            .iter()
            .map(|&i| named.contains(&gazetteer.country_of(mentions[i].entity)))
            .collect();
        let at_home = undecided_at_home.contains(words);
        if keep.contains(&false) && (keep.contains(&true) || at_home) {
            for (i, keep) in here.into_iter().zip(keep) {
                mentions[i].accepted = keep;
            }
        }
    }
}

/// A country inside an armed group's name is part of the name, not a place
/// the text is about: "Islamic State of Iraq and the Levant" claiming an
/// attack in Libya is not about Iraq. Inside state-forces names it is
/// ("Malian army" is about Mali), and the two are matched independently.
fn drop_places_inside_group_names(gazetteer: &Gazetteer, mentions: &mut [Mention]) {
    let group_spans: Vec<(usize, usize)> = mentions
        .iter()
        .filter(|m| m.accepted && gazetteer.entities[m.entity].kind == Some(ActorKind::ArmedGroup))
        .map(|m| m.range)
        .collect();
    for m in mentions.iter_mut() {
        let inside = |(s, e): &(usize, usize)| *s <= m.range.0 && m.range.1 <= *e;
        if gazetteer.entities[m.entity].dimension == Dimension::Region
            && group_spans.iter().any(inside)
        {
            m.accepted = false;
        }
    }
}

/// An actor's name inside a longer place name is part of the place's name, and a
/// person's name that is all of a place's name is the place: "Dera Ismail Khan"
/// (a city of Pakistan) is not the warlord Ismail Khan, "Maidan Wardak" (a
/// province of Afghanistan) not the Maidan People's Council.
fn drop_actors_inside_place_names(gazetteer: &Gazetteer, mentions: &mut [Mention]) {
    let place_spans: Vec<(usize, usize)> = mentions
        .iter()
        .filter(|m| m.accepted && gazetteer.entities[m.entity].dimension == Dimension::Region)
        .map(|m| m.range)
        .collect();
    for m in mentions.iter_mut() {
        let entity = &gazetteer.entities[m.entity];
        if entity.dimension != Dimension::Actor {
            continue;
        }
        let person = entity.kind == Some(ActorKind::Person);
        let inside = |&(s, e): &(usize, usize)| {
            s <= m.range.0 && m.range.1 <= e && (person || (s, e) != m.range)
        };
        if place_spans.iter().any(inside) {
            m.accepted = false;
        }
    }
}

/// An armed group named in a story set in one country only, where it has a
/// branch, is that branch: "Yemen army kills 5 Qaeda suspects" names
/// al-Qaeda in the Arabian Peninsula (see [`Gazetteer::branch_in`]). A story
/// that names other countries keeps the parent ("In 2006, Abqaiq was the
/// target of an Al-Qaeda suicide attack", in a story on Saudi Arabia and
/// Yemen).
fn name_branches(gazetteer: &Gazetteer, mentions: &mut [Mention]) {
    let mut countries = mentions
        .iter()
        .filter(|m| m.accepted && gazetteer.entities[m.entity].dimension == Dimension::Region)
        .map(|m| gazetteer.country_of(m.entity));
    let Some(country) = countries.next() else {
        return;
    };
    if countries.any(|c| c != country) {
        return;
    }
    for m in mentions.iter_mut().filter(|m| m.accepted) {
        if let Some(branch) = gazetteer.branch_in(m.entity, country) {
            m.entity = branch;
        }
    }
}

/// Drops an actor's name that the text uses for something else: words the
/// gazetteer writes capitalised, written all in lower case, are ordinary
/// words ("peace and justice" is no Paz y Justicia, "red flag", "falcon",
/// "outlaws" no armed groups), where a name the sources write in lower case
/// first stays ("anti-balaka"); and a `?` name followed by "of" and a
/// capitalised word starts the longer name of something else ("Unity Party
/// of America" is not Hizb-i Wahdat, whose gloss is "Unity Party").
fn drop_actor_names_used_otherwise(gazetteer: &Gazetteer, text: &str, mentions: &mut [Mention]) {
    for m in mentions.iter_mut().filter(|m| m.accepted) {
        let name = &gazetteer.names[m.name];
        let entity = &gazetteer.entities[m.entity];
        if entity.dimension != Dimension::Actor || entity.kind == Some(ActorKind::StateForces) {
            continue;
        }
        let capitalised_name = name.text.starts_with(char::is_uppercase);
        let lower_case_words = !m.matched.chars().any(char::is_uppercase);
        let longer_name = name.ambiguous
            && text[m.range.1..]
                .strip_prefix(" of ")
                .is_some_and(|rest| rest.starts_with(char::is_uppercase));
        if (capitalised_name && lower_case_words) || longer_name {
            m.accepted = false;
        }
    }
}

/// The longest acronym [`drop_stray_acronyms`] doubts: three letters are also
/// a university (USC), a ship's transponder (AIS), a law (IRA); longer ones
/// (ISIL, AQIM, JNIM) seldom are.
const SHORT_ACRONYM: usize = 3;

/// Words (folded, lower case) that set a story in an armed conflict when no
/// event of the taxonomy is told: "Basque conflict", "War in Donbass",
/// "Aftermath of the Battle of Palma".
const CONFLICT_WORDS: &[&str] = &[
    "war",
    "wars",
    "conflict",
    "insurgency",
    "insurgents",
    "rebellion",
    "rebels",
    "militants",
    "militia",
    "militias",
    "battle",
    "ceasefire",
    "guerrilla",
    "terrorism",
    "terrorist",
    "terrorists",
    "jihadists",
    "separatists",
    "invasion",
    "guerre",
    "conflit",
    "rebelles",
    "terroriste",
    "terroristes",
    "djihadistes",
    "війна",
    "війни",
    "війні",
    "конфлікт",
    "бойовики",
    "война",
    "войны",
    "войне",
    "конфликт",
    "боевики",
    "حرب",
    "الحرب",
    "النزاع",
];

/// Drops an armed group named only by a short acronym matched by its case
/// (`=JAS`, `=EPR`) in a text that names neither the group another way, nor
/// its home country, nor another armed actor, and tells of no event of the
/// taxonomy and no conflict ([`CONFLICT_WORDS`]): a short acronym is also a
/// model ("Saab JAS 39 Gripen"), a reactor ("le futur EPR"), an agency
/// (NSA) or a file format (PDF). "JNIM claimed the attack" in Burkina Faso,
/// "ETA" under "Basque conflict" keep their group.
fn drop_stray_acronyms(
    gazetteer: &Gazetteer,
    folded: &Folded,
    events: &events::Events,
    mentions: &mut [Mention],
) {
    if !events.mentions.is_empty() {
        return;
    }
    let by_short_acronym_only = |entity: usize, mentions: &[Mention]| {
        mentions
            .iter()
            .filter(|m| m.accepted && m.entity == entity)
            .all(|m| {
                gazetteer.names[m.name].case_sensitive
                    && is_caps_word(&m.matched)
                    && m.matched.len() <= SHORT_ACRONYM
            })
    };
    let armed = |e: usize| {
        matches!(
            gazetteer.entities[e].kind,
            Some(ActorKind::ArmedGroup | ActorKind::StateForces)
        )
    };
    let accepted: HashSet<usize> = mentions
        .iter()
        .filter(|m| m.accepted)
        .map(|m| m.entity)
        .collect();
    let (stray, sure): (Vec<usize>, Vec<usize>) = accepted
        .iter()
        .copied()
        .filter(|&e| armed(e))
        .partition(|&e| {
            gazetteer.entities[e].kind == Some(ActorKind::ArmedGroup)
                && by_short_acronym_only(e, mentions)
        });
    if stray.is_empty() || !sure.is_empty() || tells_of_conflict(folded) {
        return;
    }
    let countries: HashSet<usize> = accepted
        .iter()
        .filter(|&&e| gazetteer.entities[e].dimension == Dimension::Region)
        .map(|&e| gazetteer.country_of(e))
        .collect();
    let unplaced = |e: usize| {
        gazetteer.entities[e]
            .home
            .is_some_and(|home| !countries.contains(&home))
    };
    for m in mentions.iter_mut() {
        if stray.contains(&m.entity) && unplaced(m.entity) {
            m.accepted = false;
        }
    }
}

/// Whether a word of [`CONFLICT_WORDS`] is in the text.
fn tells_of_conflict(folded: &Folded) -> bool {
    folded
        .lower
        .split(|c: char| !c.is_alphanumeric())
        .any(|w| CONFLICT_WORDS.contains(&w))
}

/// Whether the words on both sides of `start..end` are written in capitals,
/// as in a shouted headline ("NONE OF US ARE SAFE"): there an acronym
/// matched by its case (`US`) is just another capitalised word. Acronyms
/// joined by dashes are a compound, not shouting ("CPP–NPA–NDF rebellion"):
/// folding made the dashes spaces, so the original text is asked.
fn in_capitals_run(folded: &Folded, original: &str, start: usize, end: usize) -> bool {
    let (s, e) = folded.original_range(start, end);
    let spaced = original[..s].ends_with(char::is_whitespace)
        && original[e..].starts_with(char::is_whitespace);
    spaced && capitals_on_both_sides(&folded.cased, start, end)
}

/// Whether the words right before and after `start..end` of `text` are all
/// capitals, two letters or more.
fn capitals_on_both_sides(text: &str, start: usize, end: usize) -> bool {
    let before = text[..start].split_whitespace().next_back();
    let after = text[end..].split_whitespace().next();
    before.is_some_and(is_caps_word) && after.is_some_and(is_caps_word)
}

/// Whether `words` are written in capitals: two letters or more, each an
/// upper-case letter, a space, a hyphen or an apostrophe ("MINGALA", "NONE
/// OF US", "MBO-POULOUBOU").
fn is_caps_word(words: &str) -> bool {
    words.chars().filter(|c| c.is_alphabetic()).count() >= 2
        && words
            .chars()
            .all(|c| matches!(c, ' ' | '-' | '\'') || c.is_alphabetic() && c.is_uppercase())
}

/// Words that, right after a region name, make it part of a media outlet's
/// name: "Abu Dhabi TV", "Abu Dhabi Media", "Agence France-Presse" are not
/// about the UAE or France (LABELLING.md).
pub(super) const OUTLET_WORDS: &[&str] = &["TV", "Television", "Radio", "Media", "Press", "Presse"];

/// Whether a region name is used for something other than the region:
/// a currency ("US$100,000"), an outlet ("Abu Dhabi TV"), and for a place
/// (division or town) a common word in lower case ("the bottom" is not
/// The Bottom, Saba) or a name after a capitalised word ("John Lubbock",
/// "Darey-Daye" is not Daye, China; "Leila de Lima" is not Lima), unless
/// that word is a place's possessive written without its apostrophe
/// (`after_possessive`: "Myanmars Bago"), and for a Cyrillic place a given
/// name declined as places are ("Марком Рютте"), or a place joined by a
/// hyphen to a capitalised word ("Tak-Sing Wong"), unless a place's name
/// follows ([`Neighbours`]); a place after another and a hyphen continues no
/// name ("Hama-Aleppo highway").
fn names_something_else(
    gazetteer: &Gazetteer,
    folded: &Folded,
    hit: &Hit,
    name: &Name,
    backed: bool,
    after_possessive: bool,
    neighbours: Neighbours,
) -> bool {
    let text = &folded.cased;
    let after = &text[hit.end..];
    let next_word = after
        .strip_prefix(' ')
        .and_then(|rest| rest.split(|c: char| !c.is_alphanumeric()).next())
        .unwrap_or("");
    if after.starts_with('$')
        || OUTLET_WORDS.contains(&next_word)
        || names_a_water_body_or_street(text, hit.start)
        || names_a_language(gazetteer, folded, hit, name)
    {
        return true;
    }
    if name.kind == NameKind::Name {
        return false;
    }
    if continues_with_an_article(folded, hit.end) {
        return true;
    }
    // Arabic has no capitals: an uncased letter counts as one; an Arabic
    // article in lower case goes before the capital ("al-Bab").
    let written = &text[hit.start..hit.end];
    let written = written
        .split_once(' ')
        .filter(|(article, _)| places::ARTICLES.contains(article))
        .map_or(written, |(_, rest)| rest);
    let capitalised = written
        .chars()
        .next()
        .is_some_and(|c| c.is_uppercase() || !c.is_lowercase());
    // After a particle, a place the story backs (its division or country is
    // named by another name) is the place: French puts `de` between a noun and a
    // place ("la Paroisse de Bria", "à 30 Km de Zemio" in a story on the
    // Centrafrique), where "Leila de Lima" names no Peru; but not after a
    // given name ("Pierre de Villiers", the general, in a story on France).
    let particle_before_backed = backed && {
        let (particle, before) = previous_word(text, hit.start);
        let owner = previous_word(text, before.len()).0.to_lowercase();
        NAME_PARTICLES.contains(&particle) && !gazetteer.person_cues().is_given_name(&owner)
    };
    // Russian and Ukrainian decline a given name as they do a place's (Марком
    // Рютте, Магдалені Андерссон meet Марке, Italy's Marche, and Magdalena,
    // Colombia): a Cyrillic place right before a capitalised word that is no
    // place word is a given name. A place ends at punctuation, a lower-case
    // word, its kind word or the name of its division (Охтирка Сумської
    // області, Харківській області).
    let given_name = inflect::is_cyrillic_word(written.rsplit(' ').next().unwrap_or(written))
        && capitalised_word_after(text, hit.end)
        && !readings::place_word_after(text, hit.end)
        && !neighbours.place_after;
    // A hyphen and a capitalised word that is no place, then another
    // capitalised word: a hyphenated given name and a surname ("study
    // co-author Tak-Sing Wong" is no Tak, Thailand). A place after the
    // hyphen makes a pair ("Hama-Aleppo highway"), and a name alone after
    // it names a thing of the place ("l'aéroport d'Istanbul-Atatürk").
    let compound = folded.hyphen_at(hit.end)
        && capitalised_word_after(text, hit.end)
        && !neighbours.place_after
        && {
            let next_end = hit.end + 1 + readings::word_after(text, hit.end).len();
            capitalised_word_after(text, next_end)
        };
    !capitalised
        || given_name
        || compound
        || after_name_word(text, hit.start)
            && !after_possessive
            && !neighbours.hyphenated_place_before
            && !common_word_in_headline(gazetteer, text, hit.start)
            && !common_cyrillic_word_before(gazetteer, text, hit)
            && !particle_before_backed
            && !after_a_dash(folded, hit.start)
}

/// Whether the word before a hit is a Russian or Ukrainian common word
/// (`common-words.tsv`) that a sentence capitalises ("Сьогодні Мелітополь"
/// is no surname Мелітополь), which starts no name the place would continue;
/// unless a capitalised word follows the place too ("Виступ Володимира
/// Зеленського": a given name and a surname).
fn common_cyrillic_word_before(gazetteer: &Gazetteer, text: &str, hit: &Hit) -> bool {
    let word = previous_word(text, hit.start).0;
    inflect::is_cyrillic_word(word)
        && gazetteer.is_common_word(&fold_str(word, true))
        && !capitalised_word_after(text, hit.end)
}

/// Whether a dash standing between spaces separates the name at folded byte
/// `start` from the word before it ("Zone Est - Bambari Rapport
/// hebdomadaire", OCHA's report titles): that word does not continue the
/// name, as it does across a hyphen ("Darey-Daye").
fn after_a_dash(folded: &Folded, start: usize) -> bool {
    let end = folded.cased[..start].trim_end_matches(' ').len();
    start - end >= 3 && (end + 1..start - 1).any(|i| folded.hyphen_at(i))
}

/// Prepositions of place that, right before a town's name, show that a
/// story names the town ("clashes continue in Mindat", "attaque à
/// Markounda"), for a town whose name no other place has.
/// French `au` and `aux` are `à` before a name with an article ("aux Mbrès",
/// Les Mbrès).
const TOWN_CUES: &[&str] = &[
    "in", "near", "at", "outside", "around", "à", "au", "aux", "près", "vers",
];

/// Nouns of a settlement or an area that, before a town's name (with `of`
/// or `de` between them or not), show that it names a place: "the town of
/// Mindat", "la sous-préfecture de Kouango", "au village Boyo".
const TOWN_NOUNS: &[&str] = &[
    "town",
    "city",
    "village",
    "villages",
    "township",
    "district",
    "ville",
    "localité",
    "commune",
    "préfecture",
];

/// Whether a preposition of [`TOWN_CUES`] or a noun of [`TOWN_NOUNS`], in
/// the original text, comes right before the town name of `hit`, which is
/// capitalised.
fn after_town_cue(text: &str, folded: &Folded, hit: &Hit) -> bool {
    let (start, _) = folded.original_range(hit.start, hit.end);
    if !text[start..].starts_with(char::is_uppercase) {
        return false;
    }
    let (word, before) = previous_word(text, start);
    let word = word.to_lowercase();
    let noun = |w: &str| TOWN_NOUNS.contains(&w.to_lowercase().as_str());
    TOWN_CUES.contains(&word.as_str())
        || noun(&word)
        || matches!(word.as_str(), "of" | "de" | "d" | "du" | "des")
            && noun(previous_word(text, before.len()).0)
}

/// Whether hit `i` is the only reading of its words: no other town, division,
/// country or actor has the name.
fn alone_on_span(hits: &[Hit], i: usize) -> bool {
    let span = (hits[i].start, hits[i].end);
    hits.iter()
        .enumerate()
        .all(|(j, h)| j == i || (h.start, h.end) != span)
}

/// Whether the word before `start` is a common word capitalised because its
/// line is a headline, where every word is ("Junta Targets Sagaing
/// Villages", "Safety and Security Section Bangui"), or because it starts a
/// sentence ("More Magway villagers fall victim", "Two Mandalay Region men
/// killed", UCDP GED): then it starts no name. In a headline a verb's `-s`
/// form counts too ("Junta Bombards Sagaing Villages"). A given name or a surname
/// particle still does, headline or not ("Jack Frost", "Eddie Van Halen"),
/// and so does any other word of a line that is no headline.
fn common_word_in_headline(gazetteer: &Gazetteer, text: &str, start: usize) -> bool {
    let (word, before) = previous_word(text, start);
    let lower = word.to_lowercase();
    let particle =
        NAME_PARTICLES.contains(&lower.as_str()) && !matches!(lower.as_str(), "al" | "el");
    !particle
        && (gazetteer.person_cues().is_common(&lower) && sentence_start(before)
            || gazetteer.person_cues().is_common_or_its_s_form(&lower)
                && readings::in_title_case(text, start))
}

/// Whether the word after folded byte `end` is a common word capitalised
/// because its line is a headline ("Six Chin Fighters Killed", "Chin
/// Resistance Reports Dozens of Myanmar Junta Troops Killed", UCDP GED): it
/// makes the name before it no part of a longer one, as
/// [`common_word_in_headline`] does for the word before a name (a verb's
/// `-s` form too: "Resistance in Sagaing Seizes Outpost").
fn common_word_after_in_headline(gazetteer: &Gazetteer, text: &str, end: usize) -> bool {
    let word = readings::word_after(text, end);
    !word.is_empty()
        && gazetteer
            .person_cues()
            .is_common_or_its_s_form(&word.to_lowercase())
        && readings::in_title_case(text, end)
}

/// Seas and straits named after a place: "piracy in the Gulf of Aden" is
/// not about Aden, "the Gulf of Guinea" not about Guinea.
const WATER_BODIES: &[&str] = &["Gulf", "Bay", "Sea", "Strait", "Straits"];

/// French nouns that make the name after them (with `de`, `du`, `des`, `d'`
/// between them or not) a water body's or a street's: "l'océan Atlantique" is
/// not Benin's Atlantique department, "rue de Rivoli" in Paris not Rivoli,
/// Italy, "rue des Italiens" not Italy, "place Saint-Augustin" not Florida.
const FRENCH_NAMED_AFTER: &[&str] = &[
    "golfe",
    "mer",
    "océan",
    "océans",
    "détroit",
    "rue",
    "avenue",
    "boulevard",
    "quai",
    "place",
    "impasse",
    "allée",
];

/// Whether the region name at `start` ends a water body's name ("Gulf of",
/// "golfe de") or a French street's ("rue de"), see [`FRENCH_NAMED_AFTER`].
fn names_a_water_body_or_street(text: &str, start: usize) -> bool {
    let (word, before) = previous_word(text, start);
    let (noun, _) = if matches!(word, "de" | "du" | "des" | "d" | "of") {
        previous_word(text, before.len())
    } else {
        (word, before)
    };
    word == "of" && WATER_BODIES.contains(&noun) || FRENCH_NAMED_AFTER.contains(&noun)
}

/// Nouns of a language (folded, lower case) that make the country
/// adjective right before them name the language: "the Russian language",
/// "українською мовою", "на русском языке".
const LANGUAGE_NOUNS_AFTER: &[&str] = &[
    "language",
    "languages",
    "мова",
    "мови",
    "мові",
    "мову",
    "мовою",
    "язык",
    "языка",
    "языке",
    "языком",
];

/// The same, for nouns that go before the adjective: "la langue française",
/// "باللغة الفرنسية".
const LANGUAGE_NOUNS_BEFORE: &[&str] = &["langue", "langues", "اللغة", "باللغة"];

/// English endings of a people's adjective that is also the name of its
/// language ("Russian", "Spanish", "Japanese", "German", "French", "Greek").
const LANGUAGE_ENDINGS: &[&str] = &["ian", "ish", "ese", "an", "ch", "ek"];

/// Whether the country adjective at `hit` names a language rather than the
/// country: before or after a noun of [`LANGUAGE_NOUNS_AFTER`] or
/// [`LANGUAGE_NOUNS_BEFORE`]; in French after `en` in lower case ("en
/// français", "rédigé en russe": a country's name takes a capital, "en
/// Russie"); in English a people's adjective after `in`, `into` or `from`
/// and before punctuation ("written in French,", "translated from
/// Ukrainian."), never the country's own name ("in Sudan,").
/// A report quoting what a text says "in French" is not about France.
fn names_a_language(gazetteer: &Gazetteer, folded: &Folded, hit: &Hit, name: &Name) -> bool {
    let entity = &gazetteer.entities[name.entity];
    if entity.dimension != Dimension::Region || entity.path.len() != 3 {
        return false;
    }
    let lower = &folded.lower;
    let (before, _) = previous_word(lower, hit.start);
    let after = lower[hit.end..].trim_start_matches(' ');
    let next = after
        .split(|c: char| !c.is_alphanumeric())
        .next()
        .unwrap_or("");
    if LANGUAGE_NOUNS_AFTER.contains(&next) || LANGUAGE_NOUNS_BEFORE.contains(&before) {
        return true;
    }
    let written = &folded.cased[hit.start..hit.end];
    if before == "en" && written.starts_with(char::is_lowercase) {
        return true;
    }
    // Not before "and": "in Afghan and U.S. airstrikes" is about the forces.
    let ends_clause = after.is_empty() || after.starts_with([',', '.', ';', ':', ')', '"']);
    let adjective = !written.contains(' ')
        && written != entity.label()
        && written.starts_with(char::is_uppercase)
        && LANGUAGE_ENDINGS.iter().any(|e| written.ends_with(e));
    matches!(before, "in" | "into" | "from") && ends_clause && adjective
}

/// Whether the text after a place name (ending at folded byte `end`) goes on
/// with an Arabic article and a capitalised word: the place name is the
/// start of a longer one ("Bab al-Saghir", a quarter of Damascus, is not the
/// town of al-Bab; "Bab al-Kheir"). Hyphens are spaces in the folded text.
/// Only `al` and `el` are no English words: the other articles (`as`, `at`,
/// `an`, `ad`...) count when a hyphen joins them to the next word
/// ("as-Sukhnah"), as "Fighting in Sagaing as Myanmar Junta Forces Clash"
/// does not continue the name.
fn continues_with_an_article(folded: &Folded, end: usize) -> bool {
    let after = &folded.cased[end..];
    let mut words = after.strip_prefix(' ').unwrap_or("").splitn(3, ' ');
    let article = words.next().unwrap_or("").to_lowercase();
    let next = words.next().unwrap_or("");
    let joined =
        matches!(article.as_str(), "al" | "el") || folded.hyphen_at(end + 1 + article.len());
    places::ARTICLES.contains(&article.as_str()) && joined && next.starts_with(char::is_uppercase)
}

/// Capitalised words before a place that qualify it rather than name
/// something else: "Lower Manhattan", "Greater Manchester", "Metro Manila".
pub(super) const PLACE_QUALIFIERS: &[&str] = &[
    "Lower", "Upper", "Greater", "Metro", "Downtown", "Inner", "Outer", "Old", "North", "South",
    "East", "West",
];

/// Name particles that join a given name to a surname ("Leila de Lima",
/// "Arnel dela Vega", "Moammar al-Eryani", folded to "al Eryani").
const NAME_PARTICLES: &[&str] = &[
    "de", "da", "do", "dos", "del", "dela", "van", "von", "der", "bin", "ibn", "al", "el",
];

/// Whether the word before `start` is capitalised and neither a cue word nor a
/// qualifier ("John Lubbock"), or is a name particle after such a word
/// ("Leila de Lima"): then the place name at `start` continues another name.
fn after_name_word(text: &str, start: usize) -> bool {
    let (mut word, before) = previous_word(text, start);
    if NAME_PARTICLES.contains(&word) {
        word = previous_word(text, before.len()).0;
    }
    // Unlike for ambiguous country names, a sentence's first word counts
    // (captions read "Image: John Lubbock"), unless it is an article ("The
    // Kabul attack") or written in capitals as a whole headline is ("REPORT
    // ON THE BATANGAFO INCIDENTS", UCDP GED).
    word.chars().next().is_some_and(char::is_uppercase)
        && word.chars().any(char::is_lowercase)
        && !CUE_WORDS.contains(&word.to_ascii_lowercase().as_str())
        && !PLACE_QUALIFIERS.contains(&word)
        && !ARTICLES.contains(&word)
}

/// Capitalised articles that start a sentence before a name.
pub(super) const ARTICLES: &[&str] = &[
    "The", "A", "An", "This", "That", "Le", "La", "Les", "L", "Un", "Une",
];

/// The word ending right before `start` (skipping spaces) and the text before it.
pub(super) fn previous_word(text: &str, start: usize) -> (&str, &str) {
    let before = text[..start].trim_end_matches(' ');
    let word = before
        .rsplit(|c: char| !c.is_alphanumeric())
        .next()
        .unwrap_or("");
    (word, &before[..before.len() - word.len()])
}

/// Whether a word after `before` starts a sentence: nothing but spaces
/// since the start of the text, a line break (a title ends at its line break
/// without a full stop), a full stop, `!`, `?`, `:` or a quote.
fn sentence_start(before: &str) -> bool {
    before
        .trim_end_matches(' ')
        .chars()
        .next_back()
        .is_none_or(|c| matches!(c, '.' | '!' | '?' | ':' | '\n' | '"'))
}

/// A capitalised word that does not start a sentence and is not a cue word.
pub(super) fn is_name_word(word: &str, before: &str) -> bool {
    word.chars().next().is_some_and(char::is_uppercase)
        && !sentence_start(before)
        && !CUE_WORDS.contains(&word.to_ascii_lowercase().as_str())
}

/// Whether the text between two names only joins them in a list: ", ",
/// " and ", ", and ", " or ", the French " et ", " ou ", and in French the
/// article or preposition each name of the list repeats (", du ", " et de
/// la ", ", au ").
pub(super) fn only_list_glue(between: &str) -> bool {
    let mut glue = between.trim();
    while let Some((rest, last)) = glue.rsplit_once([' ', ',']) {
        if !FRENCH_LIST_ARTICLES.contains(&last) {
            break;
        }
        glue = rest.trim_end();
    }
    matches!(
        glue,
        "," | "and" | "or" | ", and" | ", or" | "/" | "&" | "et" | "ou" | ", et"
    )
}

/// What French repeats before each country of a list.
const FRENCH_LIST_ARTICLES: &[&str] = &["du", "de", "la", "le", "les", "des", "au", "aux", "en"];

/// Whether a capitalised word that may continue the name ending at `end`
/// follows after one space ("Chad Smith"). A word in capitals after a name
/// that is not ("Mission JPT du 28 au 30 Aout 2017 à Alindao RAPPORT CA
/// Bambari", OCHA's report titles; "Chad UN envoy") starts a heading or is
/// an acronym: no name goes on in another case.
fn capitalised_word_after(text: &str, end: usize) -> bool {
    let Some(rest) = text[end..].strip_prefix(' ') else {
        return false;
    };
    let word = rest
        .split(|c: char| !c.is_alphanumeric())
        .next()
        .unwrap_or("");
    let name = text[..end]
        .rsplit(|c: char| !c.is_alphanumeric())
        .next()
        .unwrap_or("");
    word.starts_with(char::is_uppercase) && (is_caps_word(name) || !is_caps_word(word))
}

/// What the context rules look at for one ambiguous hit.
struct AmbiguityContext<'a> {
    text: &'a str,
    hit: &'a Hit,
    /// The same entity is named unambiguously elsewhere in the text.
    entity_supported: bool,
    /// The hit follows another region name in a list ("Mali, Niger").
    list_neighbour: bool,
}

impl AmbiguityContext<'_> {
    /// The context rules for ambiguous names (`?` in the data files):
    /// 1. it must be capitalised as a proper noun: "turkey", "chad" are not places;
    /// 2. a capitalised word right after it makes it part of another name
    ///    ("Chad Smith", "Jordan Peterson", "Georgia Tech", "Niger River") -> rejected;
    /// 3. a capitalised word right before it, mid-sentence, makes it a surname
    ///    ("Michael Jordan") -> rejected;
    /// 4. otherwise it counts when the same entity is named unambiguously
    ///    elsewhere in the text (N'Djamena, Chadian), when a cue word precedes
    ///    it ("in Chad"), when it follows another region in a list ("Mali,
    ///    Niger and Chad"), or when it is possessive ("Chad's army").
    fn supports(&self) -> bool {
        let (text, hit) = (self.text, self.hit);
        let written = &text[hit.start..hit.end];
        if !written.chars().next().is_some_and(char::is_uppercase) {
            return false;
        }
        if capitalised_word_after(text, hit.end) {
            return false;
        }
        let after = &text[hit.end..];
        let (prev_word, before) = previous_word(text, hit.start);
        if is_name_word(prev_word, before) {
            return false;
        }
        let prev_is_cue = CUE_WORDS.contains(&prev_word.to_ascii_lowercase().as_str());
        let possessive = after
            .strip_prefix("'s")
            .or_else(|| after.strip_prefix('\''))
            .is_some_and(|rest| !rest.starts_with(char::is_alphanumeric));
        self.entity_supported || prev_is_cue || self.list_neighbour || possessive
    }
}

/// An entity found in a text with every piece of text that named it.
#[derive(Debug, Clone, serde::Serialize)]
pub struct FoundEntity {
    /// Facet path.
    pub facet: String,
    /// The occurrences, in text order.
    pub mentions: Vec<MentionReport>,
}

/// One occurrence, for `sitrep extract`.
#[derive(Debug, Clone, serde::Serialize)]
pub struct MentionReport {
    /// Text as written.
    pub text: String,
    /// Gazetteer name it matched.
    pub name: String,
    /// Name kind (`name`, `admin1` for a division, `town`), or for a person no
    /// gazetteer row lists, the cue that marked the name (`role: governor`,
    /// `head noun: Party`).
    pub kind: String,
    /// Byte range in the article's searchable text (title, summary, body).
    pub range: (usize, usize),
}

/// What `sitrep extract` shows: entities found per dimension, and ambiguous
/// names whose context did not support them.
#[derive(Debug, Clone, serde::Serialize)]
pub struct ExtractionReport {
    /// Regions, in order of first mention.
    pub regions: Vec<FoundEntity>,
    /// Actors, in order of first mention.
    pub actors: Vec<FoundEntity>,
    /// Rejected ambiguous mentions, with the entity they would have meant.
    pub rejected: Vec<FoundEntity>,
    /// Event types, each with the cue and rule that gave it, in text order.
    pub events: Vec<EventMention>,
    /// UCDP violence types, with the sides that gave each.
    pub violence: Vec<ViolenceReport>,
    /// Every casualty count with its sentence and rule, in text order.
    pub casualties: Vec<CasualtyReport>,
    /// The article's totals per kind (what the index stores).
    pub totals: Vec<TotalReport>,
}

/// A UCDP violence type found, for `sitrep extract`.
#[derive(Debug, Clone, serde::Serialize)]
pub struct ViolenceReport {
    /// `state-based`, `non-state`, `one-sided`.
    pub violence: ViolenceType,
    /// Why: the sides found.
    pub rule: String,
    /// The sentence that gave it.
    pub sentence: String,
}

/// A casualty count with the sentence it was read from: what `sitrep
/// extract` prints, the index stores and hits show.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct CasualtyReport {
    /// The count.
    #[serde(flatten)]
    pub casualty: Casualty,
    /// The sentence it was read from.
    pub sentence_text: String,
}

impl CasualtyReport {
    /// The count `casualty` read from `text`, with its sentence.
    pub fn new(casualty: &Casualty, text: &str) -> Self {
        let (start, end) = casualty.sentence;
        CasualtyReport {
            casualty: casualty.clone(),
            sentence_text: text.get(start..end).unwrap_or_default().to_string(),
        }
    }
}

/// An article total, for `sitrep extract`.
#[derive(Debug, Clone, serde::Serialize)]
pub struct TotalReport {
    /// What happened to them.
    pub kind: CasualtyKind,
    /// Least and greatest numbers.
    #[serde(flatten)]
    pub range: Range,
}

impl ExtractionReport {
    /// Builds the report for `text`.
    pub fn new(gazetteer: &Gazetteer, text: &str) -> Self {
        let extraction = extract(gazetteer, text);
        let report = |m: &Mention| {
            let name = &gazetteer.names[m.name];
            let (name, kind) = match m.town {
                Some(town) => (
                    gazetteer.places.towns[town as usize].label.to_string(),
                    NameKind::Town,
                ),
                None => (name.text.clone(), name.kind),
            };
            MentionReport {
                text: m.matched.clone(),
                name,
                kind: kind.label().to_string(),
                range: m.range,
            }
        };
        // What each accepted mention names, by facet, in order of first mention.
        let group = |dimension: Dimension| {
            let mut found: Vec<FoundEntity> = Vec::new();
            let in_dimension =
                |m: &&Mention| m.accepted && gazetteer.entities[m.entity].dimension == dimension;
            for m in extraction.mentions.iter().filter(in_dimension) {
                let facet = m.facet(gazetteer).to_string();
                match found.iter_mut().find(|f| f.facet == facet) {
                    Some(f) => f.mentions.push(report(m)),
                    None => found.push(FoundEntity {
                        facet,
                        mentions: vec![report(m)],
                    }),
                }
            }
            found
        };
        let rejected = extraction
            .mentions
            .iter()
            .filter(|m| !m.accepted)
            .map(|m| FoundEntity {
                facet: m.facet(gazetteer).to_string(),
                mentions: vec![report(m)],
            })
            .collect();
        let mut actors: Vec<FoundEntity> = group(Dimension::Actor);
        for person in &extraction.unlisted {
            let facet = person.facet().to_string();
            let mention = MentionReport {
                text: person.name.clone(),
                name: person.name.clone(),
                kind: match person.kind {
                    ActorKind::Person => format!("role: {}", person.cue),
                    _ => format!("head noun: {}", person.cue),
                },
                range: person.range,
            };
            match actors.iter_mut().find(|a| a.facet == facet) {
                Some(found) => found.mentions.push(mention),
                None => actors.push(FoundEntity {
                    facet,
                    mentions: vec![mention],
                }),
            }
        }
        let sentence = |(a, b): (usize, usize)| text[a..b].to_string();
        ExtractionReport {
            regions: group(Dimension::Region),
            actors,
            rejected,
            events: extraction.events.mentions.clone(),
            violence: extraction
                .events
                .violence
                .iter()
                .map(|(v, rule, range)| ViolenceReport {
                    violence: *v,
                    rule: rule.clone(),
                    sentence: sentence(*range),
                })
                .collect(),
            casualties: extraction
                .casualties
                .iter()
                .map(|c| CasualtyReport::new(c, text))
                .collect(),
            totals: totals(&extraction.casualties)
                .into_iter()
                .map(|(kind, range)| TotalReport { kind, range })
                .collect(),
        }
    }
}

/// What enrichment gives one article: region and actor facets (extracted
/// from its text, plus the ones its record lists explicitly), event and
/// violence facets, and its casualty totals and counts.
#[derive(Debug, Default)]
pub struct Enrichment {
    /// Region facets (`/Africa/Western Africa/Mali`).
    pub regions: Vec<Facet>,
    /// Actor facets (`/armed group/Wagner Group`).
    pub actors: Vec<Facet>,
    /// Event facets (`/Battles/Armed clash`).
    pub events: Vec<Facet>,
    /// UCDP violence type facets (`/one-sided`).
    pub violence: Vec<Facet>,
    /// Casualty totals per kind.
    pub casualties: Vec<(CasualtyKind, Range)>,
    /// Every casualty count with its sentence.
    pub counts: Vec<CasualtyReport>,
    /// Explicit values that could not be resolved, for warnings.
    pub unresolved: Vec<String>,
}

/// Enriches one article.
pub fn enrich(gazetteer: &Gazetteer, article: &Article) -> Enrichment {
    let text = article.searchable_text();
    let extraction = extract(gazetteer, &text);
    let mut enrichment = Enrichment::default();
    for (dimension, explicit, out) in [
        (
            Dimension::Region,
            &article.explicit_regions,
            &mut enrichment.regions,
        ),
        (
            Dimension::Actor,
            &article.explicit_actors,
            &mut enrichment.actors,
        ),
    ] {
        out.extend(extraction.facets(gazetteer, dimension));
        for value in explicit {
            match explicit_facets(gazetteer, dimension, value) {
                Some(facets) => out.extend(facets),
                None => enrichment
                    .unresolved
                    .push(format!("unknown {} `{value}` (not in the gazetteer; give a name or a facet path like /Africa)", dimension.field_name())),
            }
        }
        let mut seen = HashSet::new();
        out.retain(|f| seen.insert(f.clone()));
    }
    enrichment.events = extraction.events.facets();
    enrichment.violence = extraction
        .events
        .violence_types()
        .into_iter()
        .map(ViolenceType::facet)
        .collect();
    enrichment.casualties = totals(&extraction.casualties);
    enrichment.counts = extraction
        .casualties
        .iter()
        .map(|c| CasualtyReport::new(c, &text))
        .collect();
    enrichment
}

fn explicit_facets(gazetteer: &Gazetteer, dimension: Dimension, value: &str) -> Option<Vec<Facet>> {
    if value.starts_with('/') {
        return Facet::from_text(value).ok().map(|f| vec![f]);
    }
    gazetteer
        .resolve(dimension, value)
        .map(|paths| paths.iter().map(Facet::from_path).collect())
}

#[cfg(test)]
mod tests {
    use super::gazetteer::tests::fixture;
    use super::*;

    #[test]
    fn a_cyrillic_town_named_as_a_common_word_needs_a_place_to_stand() {
        let g = fixture();
        // The town's entity is its division (Kromy is in Orel Oblast).
        let towns = |text: &str| -> Vec<String> {
            let x = extract(&g, text);
            x.entities(&g, Dimension::Region)
                .into_iter()
                .map(|e| g.entities[e].label().to_string())
                .collect()
        };
        // Крім "except" is a form of Кромы; before another word it is the word.
        assert!(towns("Крім того, обговорили політику Росії.").is_empty());
        assert!(towns("Росія. Крім Орла обстріляли села.")
            .iter()
            .all(|t| t != "Orel Oblast"));
        // A settlement noun before it, or punctuation after it, makes it the town.
        assert_eq!(towns("Обстріл біля села Крім на півночі."), ["Orel Oblast"]);
        assert_eq!(towns("Обстріляли два міста: Крім, Орел."), ["Orel Oblast"]);
    }

    fn found(text: &str) -> Vec<String> {
        let g = fixture();
        let x = extract(&g, text);
        let mut out: Vec<String> = [Dimension::Region, Dimension::Actor]
            .iter()
            .flat_map(|d| x.entities(&g, *d))
            .map(|e| g.entities[g.country_of(e)].label().to_string())
            .collect();
        out.sort();
        out.dedup();
        out
    }

    /// The text of the accepted mentions of `text`, in order.
    fn accepted(text: &str) -> Vec<String> {
        let g = fixture();
        let x = extract(&g, text);
        let accepted = x.mentions.iter().filter(|m| m.accepted);
        accepted.map(|m| m.matched.clone()).collect()
    }

    #[test]
    fn whole_words_only() {
        assert_eq!(found("Nigeria and Nigerian troops"), ["Nigeria"]);
        assert_eq!(found("Somalia"), Vec::<String>::new());
        assert_eq!(found("Malian forces"), ["Mali"]);
    }

    #[test]
    fn longest_name_wins() {
        assert_eq!(found("elections in Guinea-Bissau"), ["Guinea-Bissau"]);
    }

    #[test]
    fn possessives_and_folding() {
        assert_eq!(found("Russia's ambassador"), ["Russia"]);
        assert_eq!(
            found("Prime Minister Choguel Kokalla Maiga said"),
            ["Choguel Kokalla Maiga"]
        );
        assert_eq!(found("CHOGUEL KOKALLA MAÏGA"), ["Choguel Kokalla Maiga"]);
    }

    #[test]
    fn acronyms_match_with_their_case_only() {
        assert_eq!(found("the UN said"), ["United Nations"]);
        assert_eq!(found("un homme"), Vec::<String>::new());
        assert_eq!(found("fighting in the CAR"), ["Central African Republic"]);
        assert_eq!(found("a car bomb"), Vec::<String>::new());
        assert_eq!(found("WHY THE UN FAILED"), Vec::<String>::new());
        assert_eq!(found("THE UN, said"), ["United Nations"]);
        // Acronyms joined by dashes are a compound, not a shouted headline.
        assert_eq!(found("the CPP–UN–NDF talks"), ["United Nations"]);
        assert_eq!(found("the CPP-UN-NDF talks"), ["United Nations"]);
    }

    #[test]
    fn ambiguous_names_need_context() {
        assert_eq!(found("Chad Smith scored twice"), Vec::<String>::new());
        assert_eq!(found("fans of Michael Chad cheered"), Vec::<String>::new());
        assert_eq!(found("Rebels attacked a town in Chad on Monday"), ["Chad"]);
        assert_eq!(found("Chad's army said"), ["Chad"]);
        assert_eq!(found("Chad sent troops. N'Djamena confirmed"), ["Chad"]);
        assert_eq!(found("Chad sent troops"), Vec::<String>::new());
        assert_eq!(found("Mali and Niger"), ["Mali", "Niger"]);
        assert_eq!(found("Mali, Niger, Chad"), ["Chad", "Mali", "Niger"]);
        assert_eq!(found("Tom and Chad went"), Vec::<String>::new());
        assert_eq!(found("Atlanta, Chad"), Vec::<String>::new());
        assert_eq!(found("the Niger River"), Vec::<String>::new());
        assert_eq!(found("we met in chad"), Vec::<String>::new());
        assert_eq!(found("fighting in Chad."), ["Chad"]);
        assert_eq!(found("Chad's."), ["Chad"]);
        assert_eq!(found("Wagner fighters"), Vec::<String>::new());
        assert_eq!(found("the Wagner Group; Wagner fighters"), ["Wagner Group"]);
    }

    #[test]
    fn a_word_in_capitals_after_a_town_continues_no_name() {
        // `?Alindao` (fixture) needs a cue; a heading word in capitals after
        // it (OCHA's report titles) is no surname, a capitalised word is.
        let car = ["Central African Republic"];
        assert_eq!(
            found("Mission JPT du 28 au 30 Aout à Alindao RAPPORT CA"),
            car
        );
        assert_eq!(found("Rencontre à Alindao Mbaye"), Vec::<String>::new());
    }

    #[test]
    fn a_town_in_a_line_in_capitals() {
        // Every word of the line is capitalised: with its country named, the
        // next capital word continues no name; without, a cue is no proof,
        // as the name may be a word (`?Drone` of Mali, fixture).
        assert_eq!(
            accepted("CENTRAFRIQUE : MISSION A MINGALA PARTICULIEREMENT"),
            ["CENTRAFRIQUE", "MINGALA"]
        );
        assert_eq!(
            accepted("MISSION A MINGALA PARTICULIEREMENT"),
            Vec::<String>::new()
        );
        assert_eq!(
            accepted("BETWEEN A DRONE AND AL-QAEDA"),
            Vec::<String>::new()
        );
        // In mixed case a cue will do.
        assert_eq!(accepted("Mission à Mingala"), ["Mingala"]);
    }

    #[test]
    fn a_possessive_without_its_apostrophe_before_a_place_of_its_own() {
        // "Mali's Dronero" with the apostrophe lost: Mali, and its town,
        // which the capitalised word before no longer makes a surname's.
        assert_eq!(
            accepted("Gunmen kill five in Malis Dronero"),
            ["Mali", "Dronero"]
        );
        assert_eq!(
            accepted("Gunmen kill five in Malis Dronero"),
            accepted("Gunmen kill five in Mali's Dronero")
        );
        // Before no place of its own, or before a place elsewhere, the glued
        // `s` makes another word.
        assert_eq!(accepted("The Malis Party met"), Vec::<String>::new());
        assert_eq!(accepted("Malis Alindao"), Vec::<String>::new());
        assert_eq!(accepted("Raids in Malis village"), Vec::<String>::new());
    }

    #[test]
    fn french_au_aux_and_des_put_a_town_there() {
        // `à les Mbrès` is written `aux Mbrès`, `la ville de les Mbrès` `la
        // ville des Mbrès`.
        let car = ["Central African Republic"];
        assert_eq!(
            found("un affrontement entre Séléka et rebelles aux Mbrès"),
            car
        );
        assert_eq!(found("Timide reprise dans la ville des Mbrès"), car);
        assert_eq!(found("les ressortissants des Mbrès"), Vec::<String>::new());
    }

    #[test]
    fn a_descriptive_name_needs_its_actor_or_its_country() {
        // `?Unity Party` (fixture): a gloss that other organisations share.
        assert_eq!(found("the Unity Party of America"), Vec::<String>::new());
        assert_eq!(
            found("In Nigeria, the Unity Party won"),
            ["Hizb-i Tawhid", "Nigeria"]
        );
        assert_eq!(
            found("Hizb-i Tawhid, the Unity Party, won"),
            ["Hizb-i Tawhid"]
        );
    }

    #[test]
    fn an_actor_name_used_for_something_else_is_no_actor() {
        // Capitalised in the gazetteer, in lower case in the text: words.
        assert_eq!(found("the Wagner Group said"), ["Wagner Group"]);
        assert!(found("a wagner group of singers").is_empty());
        // A `?` name before "of" and a capitalised word: a longer name.
        assert_eq!(
            found("In Nigeria, the Unity Party of America won"),
            ["Nigeria"]
        );
        assert_eq!(
            found("In Nigeria, the Unity Party of the north won"),
            ["Hizb-i Tawhid", "Nigeria"]
        );
    }

    #[test]
    fn an_actor_inside_a_place_name_is_the_place() {
        assert_eq!(found("a blast in Dera Ismail Khan"), ["Niger"]);
        assert_eq!(found("Ismail Khan said"), ["Ismail Khan"]);
    }

    #[test]
    fn explicit_values_are_merged_and_unknown_ones_reported() {
        let g = fixture();
        let mut a = Article::new(
            "i".into(),
            "p".into(),
            chrono::NaiveDate::from_ymd_opt(2021, 1, 1).unwrap(),
            "Mali".into(),
        );
        a.explicit_regions = vec!["Bamako".into(), "/Europe".into(), "Atlantis".into()];
        let e = enrich(&g, &a);
        let regions: Vec<String> = e.regions.iter().map(|f| f.to_string()).collect();
        assert_eq!(
            regions,
            [
                "/Africa/Western Africa/Mali",
                "/Africa/Western Africa/Mali/Bamako",
                "/Europe"
            ]
        );
        assert_eq!(e.unresolved.len(), 1);
        assert!(e.unresolved[0].contains("Atlantis"));
    }
}

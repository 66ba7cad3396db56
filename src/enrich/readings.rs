//! Which reading of a place name below the country the rest of the text
//! rules out. A town's or division's name is often something else, or
//! another place of the same name, and the words around it tell:
//!
//! * a person's name: "chairman Markham Robinson", "Professor John C.
//!   Eastman", "expert Jasim Khadijah … Khadijah, a former officer"; once a
//!   name is a person's, the text's other uses of it are that person too;
//! * a thing named after the place, located elsewhere or nowhere: "the
//!   Damascus Gate" (in Jerusalem), "the Monmouth poll", "the University of
//!   Washington" (in Seattle), "Virginia-class submarines"; heads that say
//!   where a thing is ("Kabul airport", "Mosul Dam") are no such heads and
//!   keep the place;
//! * another place of the name: the one in the division or country an
//!   anchor names ("Wilmington, Delaware"; "Santa Fe High School in Texas"),
//!   else the one whose division, or for a division its country, the text
//!   names elsewhere ("Bolívar" in a story on Venezuela; "Darfur" beside
//!   "North Darfur");
//! * a division, not a town of its name, before a division kind word ("the
//!   Parwan, Khost, Kabul, and Logar Provinces").
//!
//! The rules run on the hits and their mentions before
//! `one_town_per_name`, which then picks among the towns left.

use std::collections::HashSet;

use super::entity::Dimension;
use super::gazetteer::Gazetteer;
use super::matcher::Hit;
use super::words::{without_possessive, Word};
use super::{fold_str, Folded, Mention, CUE_WORDS, PLACE_QUALIFIERS};

/// Titles that only stand before a personal name: "Professor Eastman",
/// "Dr. Kabul" is a person. Role nouns (`person-roles.tsv`) do too when a
/// second name word follows ("chairman Markham Robinson").
const HONORIFICS: &[&str] = &[
    "mr",
    "mrs",
    "ms",
    "dr",
    "prof",
    "professor",
    "sir",
    "dame",
    "madam",
    "monsieur",
    "madame",
];

/// Words after a place name that make it part of the name of a thing named
/// after the place and located elsewhere, or nowhere: a city gate faces the
/// city it is named after ("Damascus Gate" and "Jaffa Gate" are in
/// Jerusalem), a street or road leads there ("Haifa Street" is in Baghdad,
/// "Jalalabad Road" in Kabul), a poll is its pollster's ("the Monmouth
/// poll" is Monmouth University's), a syndrome is a case's ("Stockholm
/// syndrome"). Heads that say where a thing is stay out and keep the place:
/// "Kabul airport", "Aleppo Province", "Mosul Dam", "Gaza City", "Kabul
/// University".
const NAMED_AFTER_HEADS: &[&str] = &["gate", "gates", "poll", "polls", "syndrome"];

/// The same, for heads that name a thing only when capitalised: "Haifa
/// Street", "Jalalabad Road"; "the Aleppo road" is the road to Aleppo, and
/// about it.
const NAMED_AFTER_PROPER_HEADS: &[&str] = &["Street", "Road", "Avenue", "Boulevard"];

/// Institutions whose "of" gives the place they are named after, not where
/// they are: the University of Washington is in Seattle, named after the
/// state. Only a town's reading is dropped: the state or province, where a
/// division has the name, is right.
const NAMED_AFTER_OF: &[&str] = &["university", "college"];

/// Division kind words: a name before one, or a list of names before its
/// plural, names divisions ("the Parwan, Khost, Kabul, and Logar
/// Provinces", "Sulu province"), not towns that have the name too.
const DIVISION_KINDS: &[&str] = &[
    "province",
    "provinces",
    "governorate",
    "governorates",
    "oblast",
    "oblasts",
    "prefecture",
    "prefectures",
];

/// Words besides the division kinds after a place name that make the pair
/// a place ("Golan Heights", "Jenin camp"), never a given name and a
/// surname; see [`is_place_word`].
const PLACE_WORDS: &[&str] = &[
    "state",
    "region",
    "district",
    "county",
    "department",
    "municipality",
    "raion",
    "rayon",
    "krai",
    "heights",
    "city",
    "valley",
    "camp",
    "township",
];

/// A word after a place name that makes the pair a place ("Raqqa
/// Governorate", "Golan Heights"): a division kind or one of the other
/// place words.
pub(super) fn is_place_word(lower: &str) -> bool {
    DIVISION_KINDS.contains(&lower) || PLACE_WORDS.contains(&lower)
}

/// Whether the word after `end` in `text` (after one space) is a place word
/// of [`is_place_word`] ("Falam Township", "Hpapun District").
pub(super) fn place_word_after(text: &str, end: usize) -> bool {
    is_place_word(&word_after(text, end).to_lowercase())
}

/// The word after `end` in `text`, after one space (empty if there is none).
pub(super) fn word_after(text: &str, end: usize) -> String {
    text[end..]
        .strip_prefix(' ')
        .unwrap_or("")
        .chars()
        .take_while(|c| c.is_alphanumeric())
        .collect()
}

/// Words between a place's name and " in " that continue the name of a
/// thing at most: "Santa Fe High School in Texas".
const MAX_NAME_TAIL: usize = 4;

/// Applies every rule of the module to the mentions of `hits` (one mention
/// per hit, same order).
pub(super) fn apply(
    gazetteer: &Gazetteer,
    folded: &Folded,
    hits: &[Hit],
    mentions: &mut [Mention],
) {
    let words = super::words::words(folded);
    drop_named_after(gazetteer, folded, hits, mentions);
    drop_personal_names(gazetteer, folded, &words, hits, mentions);
    let groups = span_groups(gazetteer, hits, mentions);
    keep_divisions_before_kind_words(gazetteer, folded, &groups, mentions);
    follow_anchors(gazetteer, folded, &groups, mentions);
    keep_the_division_a_direction_names(gazetteer, folded, &groups, mentions);
    keep_places_the_text_names(gazetteer, &groups, mentions);
}

/// A compass word before a name that several divisions share picks the one
/// whose label starts with that direction: "North Darfur" is Northern
/// Darfur, not the five states the area name "Darfur" stands for; "South
/// Kivu", "West Darfur" likewise.
fn keep_the_division_a_direction_names(
    gazetteer: &Gazetteer,
    folded: &Folded,
    groups: &[Group],
    mentions: &mut [Mention],
) {
    for g in groups {
        let divisions: Vec<usize> = g
            .members
            .iter()
            .copied()
            .filter(|&i| {
                mentions[i].accepted
                    && mentions[i].town.is_none()
                    && below_country(gazetteer, &mentions[i])
            })
            .collect();
        if divisions.len() < 2 {
            continue;
        }
        let (word, _) = super::previous_word(&folded.lower, g.start);
        let Some(wanted) = direction(word).filter(|_| folded.lower[..g.start].ends_with(' '))
        else {
            continue;
        };
        let facing: Vec<bool> = divisions
            .iter()
            .map(|&i| {
                let label = fold_str(gazetteer.entities[mentions[i].entity].label(), true);
                direction(label.split([' ', '-']).next().unwrap_or("")) == Some(wanted)
            })
            .collect();
        if facing.contains(&true) {
            for (&i, &faces) in divisions.iter().zip(&facing) {
                mentions[i].accepted = faces;
            }
        }
    }
}

/// The compass direction a folded word names, in English or French.
fn direction(word: &str) -> Option<&'static str> {
    match word {
        "north" | "northern" | "nord" => Some("north"),
        "south" | "southern" | "sud" => Some("south"),
        "east" | "eastern" | "est" => Some("east"),
        "west" | "western" | "ouest" => Some("west"),
        "central" | "centre" | "center" => Some("central"),
        _ => None,
    }
}

/// Whether a mention names a place below the country: a town or a division.
fn below_country(gazetteer: &Gazetteer, m: &Mention) -> bool {
    let e = &gazetteer.entities[m.entity];
    e.dimension == Dimension::Region && (m.town.is_some() || e.path.len() > 3)
}

/// The facet path of what a mention names.
fn path_of(gazetteer: &Gazetteer, m: &Mention) -> Vec<String> {
    match m.town {
        Some(town) => gazetteer.town_path(town),
        None => gazetteer.entities[m.entity].path.clone(),
    }
}

/// The word of `words` that starts at folded byte `start`, if any.
fn word_at(words: &[Word], start: usize) -> Option<usize> {
    words.binary_search_by_key(&start, |w| w.start).ok()
}

/// A town's name that starts the name of a thing named after it.
fn drop_named_after(
    gazetteer: &Gazetteer,
    folded: &Folded,
    hits: &[Hit],
    mentions: &mut [Mention],
) {
    let text = &folded.cased;
    for (hit, m) in hits.iter().zip(mentions.iter_mut()) {
        if !m.accepted || !below_country(gazetteer, m) {
            continue;
        }
        if names_a_class(text, hit) {
            m.accepted = false;
            continue;
        }
        if m.town.is_none() {
            continue;
        }
        let after = &text[hit.end..];
        let next = after
            .strip_prefix(' ')
            .map(|rest| {
                rest.split(|c: char| !c.is_alphanumeric())
                    .next()
                    .unwrap_or("")
            })
            .unwrap_or("");
        let head = NAMED_AFTER_HEADS.contains(&next.to_lowercase().as_str())
            || NAMED_AFTER_PROPER_HEADS.contains(&next);
        let before = text[..hit.start].trim_end_matches(' ');
        let of_institution = before.strip_suffix(" of").is_some_and(|rest| {
            let word = rest.rsplit(' ').next().unwrap_or("");
            NAMED_AFTER_OF.contains(&word.to_lowercase().as_str())
        });
        if head || of_institution {
            m.accepted = false;
        }
    }
}

/// Whether the place name at `hit` names a class of ships or aircraft, which
/// navies name after their states and cities and which sail nowhere near
/// them: "Virginia-class submarines", "Bremen class frigates", Arabic "فئة
/// بريمن" (the class word first). A division's reading goes as a town's.
fn names_a_class(text: &str, hit: &Hit) -> bool {
    let next = text[hit.end..]
        .strip_prefix(' ')
        .and_then(|rest| rest.split(|c: char| !c.is_alphanumeric()).next())
        .unwrap_or("");
    let (before, _) = super::previous_word(text, hit.start);
    next.eq_ignore_ascii_case("class") || before == "فئة"
}

/// Place names that are a person's in this text: after an honorific
/// ("Professor Eastman") or an initial ("John C. Eastman"); the first of two
/// name words after a role ("chairman Markham Robinson"); a given name whose
/// surname the text also writes alone ("Jasim Khadijah … Khadijah said");
/// a surname after a given name ("Darcy Richardson"); a given name of
/// gazetteer people before a surname ("cardinal Stanisław Dziwisz": a former
/// name of Ivano-Frankivsk). Every other use of such
/// a word as a place is then the person too ("Richardson said"), unless a
/// preposition of place puts it on the map ("in Richardson").
fn drop_personal_names(
    gazetteer: &Gazetteer,
    folded: &Folded,
    words: &[Word],
    hits: &[Hit],
    mentions: &mut [Mention],
) {
    let cues = gazetteer.person_cues();
    // A word another name covers is that name (a country, an actor, a
    // place the text names), not a person's: only `?` towns, whose names
    // are often surnames, leave it free.
    let named_otherwise = |w: &Word| {
        hits.iter()
            .any(|h| h.start < w.end && w.start < h.end && !h.town.is_some_and(|t| t.ambiguous))
    };
    // A possessive ("Cipriani's London restaurant", "the Golan Heights'
    // Quneitra area"), a place word ("Raqqa Governorate") or a qualifier
    // ("North Darfur", "Greater Manchester") is no part of a personal name.
    let name_word = |w: &Word| {
        cues.is_name_word(w)
            && without_possessive(w.text) == w.text
            && !is_place_word(w.lower)
            && !PLACE_QUALIFIERS.contains(&w.text)
            && direction(w.lower).is_none()
            && !named_otherwise(w)
    };
    let headline = headline_words(words);
    let mut personal: HashSet<String> = HashSet::new();
    for (hit, m) in hits.iter().zip(mentions.iter()) {
        if !below_country(gazetteer, m) {
            continue;
        }
        let (Some(k), Some(last)) = (
            word_at(words, hit.start),
            words.iter().position(|w| w.end == hit.end),
        ) else {
            continue;
        };
        let before = k.checked_sub(1).map(|j| &words[j]);
        let spaced_before = words[k].gap == " " || words[k].gap == ". ";
        let after = words.get(last + 1).filter(|w| w.gap == " ");
        let honorific = spaced_before && before.is_some_and(|w| HONORIFICS.contains(&w.lower));
        let initial = words[k].gap == ". "
            && before.is_some_and(|w| w.text.len() == 1 && w.text.starts_with(char::is_uppercase))
            && k >= 2
            && words[k - 1].gap == " "
            && words[k - 2].text.starts_with(char::is_uppercase);
        let after = after.filter(|w| !w.hyphen);
        let role = words[k].gap == " "
            && before.is_some_and(|w| cues.is_role(w.lower))
            && after.is_some_and(name_word);
        // In a headline every word is capitalised ("Junta Detains Rakhine
        // Villagers"): a capitalised neighbour tells nothing there.
        let surname_alone = !headline[k]
            && after
                .is_some_and(|s| name_word(s) && written_alone(words, last + 1, words[last].lower));
        let given_before = !headline[k]
            && words[k].gap == " "
            && !words[k].hyphen
            && before.is_some_and(name_word);
        let given_first = !headline[k]
            && k == last
            && cues.is_given_name(words[k].lower)
            && after.is_some_and(name_word);
        if honorific || initial || role || surname_alone || given_before || given_first {
            personal.insert(folded.lower[hit.start..hit.end].to_string());
            if surname_alone {
                if let Some(s) = after {
                    personal.insert(without_possessive(s.lower).to_string());
                }
            }
        }
    }
    if personal.is_empty() {
        return;
    }
    for (hit, m) in hits.iter().zip(mentions.iter_mut()) {
        if !m.accepted || !below_country(gazetteer, m) {
            continue;
        }
        // "in Richardson", but not "in Richardson's usual place".
        let (cue, _) = super::previous_word(&folded.lower, hit.start);
        let possessive = folded.lower[hit.end..].starts_with("'s");
        let placed =
            CUE_WORDS.contains(&cue) && !matches!(cue, "of" | "with" | "against") && !possessive;
        if personal.contains(&folded.lower[hit.start..hit.end]) && !placed {
            m.accepted = false;
        }
    }
}

/// A line is written in title case when at least this share of its words
/// of four letters or more are capitalised.
const TITLE_CASE_SHARE: f64 = 0.6;

/// For each word, whether its line is written in title case, as headlines
/// are ("Myanmar Junta Blitzes Kachin Army's Laiza HQ").
pub(super) fn headline_words(words: &[Word]) -> Vec<bool> {
    let mut out = vec![false; words.len()];
    let mut start = 0;
    while start < words.len() {
        let end = (start + 1..words.len())
            .find(|&k| words[k].gap.contains('\n'))
            .unwrap_or(words.len());
        let title = title_case(words[start..end].iter().map(|w| w.text), TITLE_CASE_SHARE);
        out[start..end].fill(title);
        start = end;
    }
    out
}

/// Whether words of one line are written in title case: at least `share` of
/// those of four letters or more are capitalised.
fn title_case<'a>(words: impl Iterator<Item = &'a str>, share: f64) -> bool {
    let (mut long, mut capitalised) = (0, 0);
    for w in words.filter(|w| w.chars().filter(|c| c.is_alphabetic()).count() >= 4) {
        long += 1;
        capitalised += usize::from(w.starts_with(char::is_uppercase));
    }
    long >= 3 && capitalised as f64 >= share * long as f64
}

/// A line is a headline, whose capitals tell nothing about names, when at
/// least this share of its words of four letters or more are capitalised, as
/// headlines capitalise them all ("Myanmar Junta Troops Torch Six Sagaing
/// Villages"); prose or a list heavy with names reaches 60-75% ("Jack Frost
/// from Rise of the Guardians", "What is your role at the Observatoire de
/// Paris?").
const HEADLINE_SHARE: f64 = 0.8;

/// Whether the line of `text` holding byte `offset` is a headline: written in
/// title case ([`HEADLINE_SHARE`]) and without a full stop, which ends the
/// sentences of prose and captions ("Danny Dyer for PM\" sign. Image: mia!
/// (flickr).").
pub(super) fn in_title_case(text: &str, offset: usize) -> bool {
    let start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
    let end = text[offset..].find('\n').map_or(text.len(), |i| offset + i);
    let line = text[start..end].trim_end();
    !line.contains(". ")
        && !line.ends_with('.')
        && title_case(
            line.split(|c: char| !c.is_alphanumeric())
                .filter(|w| !w.is_empty()),
            HEADLINE_SHARE,
        )
}

/// Whether the name word at `i` also stands in the text without the word
/// `given` before it: a surname the text uses alone.
fn written_alone(words: &[Word], i: usize, given: &str) -> bool {
    let surname = without_possessive(words[i].lower);
    words.iter().enumerate().any(|(j, w)| {
        j != i
            && without_possessive(w.lower) == surname
            && w.text.starts_with(char::is_uppercase)
            && (j == 0 || words[j - 1].lower != given || words[j].gap != " ")
    })
}

/// Indices of the region mentions of one span of text, in text order.
struct Group {
    start: usize,
    end: usize,
    members: Vec<usize>,
}

/// The region mentions grouped by their span.
fn span_groups(gazetteer: &Gazetteer, hits: &[Hit], mentions: &[Mention]) -> Vec<Group> {
    let mut order: Vec<usize> = (0..hits.len())
        .filter(|&i| gazetteer.entities[mentions[i].entity].dimension == Dimension::Region)
        .collect();
    order.sort_by_key(|&i| (hits[i].start, hits[i].end));
    let mut groups: Vec<Group> = Vec::new();
    for i in order {
        match groups.last_mut() {
            Some(g) if (g.start, g.end) == (hits[i].start, hits[i].end) => g.members.push(i),
            _ => groups.push(Group {
                start: hits[i].start,
                end: hits[i].end,
                members: vec![i],
            }),
        }
    }
    groups
}

/// Before a division kind word, or in a list of names that ends with its
/// plural, a name's division wins over the towns of its name.
fn keep_divisions_before_kind_words(
    gazetteer: &Gazetteer,
    folded: &Folded,
    groups: &[Group],
    mentions: &mut [Mention],
) {
    for g in groups {
        let is_division =
            |i: usize| mentions[i].town.is_none() && below_country(gazetteer, &mentions[i]);
        let has_division = g
            .members
            .iter()
            .any(|&i| mentions[i].accepted && is_division(i));
        if has_division && before_kind_word(&folded.cased[g.end..]) {
            for &i in &g.members {
                if mentions[i].town.is_some() {
                    mentions[i].accepted = false;
                }
            }
        }
    }
}

/// Whether `after` goes on with a division kind word, directly or past a
/// list of capitalised names: " Province", ", Khost, Kabul, and Logar
/// Provinces".
fn before_kind_word(after: &str) -> bool {
    let mut rest = after;
    for _ in 0..8 {
        let Some(word_start) = rest.strip_prefix(' ') else {
            // A list goes on after a comma.
            let Some(next) = rest.strip_prefix(", ") else {
                return false;
            };
            rest = next.strip_prefix("and ").unwrap_or(next);
            rest = skip_capitalised(rest);
            continue;
        };
        let word: String = word_start
            .chars()
            .take_while(|c| c.is_alphanumeric())
            .collect();
        if DIVISION_KINDS.contains(&word.to_lowercase().as_str()) {
            return true;
        }
        let Some(next) = word_start.strip_prefix("and ") else {
            return false;
        };
        rest = skip_capitalised(next);
    }
    false
}

/// `text` past the capitalised words at its start ("Logar Provinces" ->
/// " Provinces" when the kind word is not capitalised-only... the name
/// words): stops before a division kind word.
fn skip_capitalised(text: &str) -> &str {
    let mut rest = text;
    loop {
        let word_len = rest
            .find(|c: char| !c.is_alphanumeric() && c != '\'')
            .unwrap_or(rest.len());
        let word = &rest[..word_len];
        let capitalised = word.starts_with(char::is_uppercase);
        if word.is_empty() || !capitalised || DIVISION_KINDS.contains(&word.to_lowercase().as_str())
        {
            return rest;
        }
        rest = &rest[word_len..];
        match rest.strip_prefix(' ') {
            Some(next)
                if next.starts_with(char::is_uppercase)
                    && !DIVISION_KINDS.contains(&first_word(next).to_lowercase().as_str()) =>
            {
                rest = next
            }
            _ => return rest,
        }
    }
}

fn first_word(text: &str) -> &str {
    text.split(|c: char| !c.is_alphanumeric())
        .next()
        .unwrap_or("")
}

/// The anchor of a place name: "Wilmington, Delaware" (a comma and the
/// division or country that holds it), "Santa Fe High School in Texas" (the
/// rest of a name, "in", and the division or country). The readings of the
/// name and the anchor that fit together win; a name that a division after
/// "in" cannot hold is no place of the text ("Santa Fe", Argentina, in
/// Texas). Names in a list ("Kabul, Kandahar and Herat", "Gaza, Israel and
/// Lebanon") anchor nothing.
fn follow_anchors(
    gazetteer: &Gazetteer,
    folded: &Folded,
    groups: &[Group],
    mentions: &mut [Mention],
) {
    let text = &folded.cased;
    let accepted_below = |g: &Group, mentions: &[Mention]| {
        g.members
            .iter()
            .any(|&i| mentions[i].accepted && below_country(gazetteer, &mentions[i]))
    };
    for (n, x) in groups.iter().enumerate() {
        if !accepted_below(x, mentions) {
            continue;
        }
        let listed_after = n > 0 && {
            let prev = &groups[n - 1];
            prev.end <= x.start && super::only_list_glue(&text[prev.end..x.start])
        };
        if listed_after {
            continue;
        }
        let Some((y, in_form, tail)) = anchor_of(text, groups, n) else {
            continue;
        };
        let y = &groups[y];
        if !in_form {
            let listed_before = groups
                .iter()
                .find(|g| g.start >= y.end)
                .is_some_and(|next| super::only_list_glue(&text[y.end..next.start]))
                || glue_follows(&text[y.end..]);
            if listed_before {
                continue;
            }
        }
        let holders: Vec<usize> = y
            .members
            .iter()
            .copied()
            .filter(|&j| mentions[j].accepted && mentions[j].town.is_none())
            .collect();
        if holders.is_empty() {
            continue;
        }
        let held = |i: usize, j: usize, mentions: &[Mention]| {
            let (inner, outer) = (
                path_of(gazetteer, &mentions[i]),
                path_of(gazetteer, &mentions[j]),
            );
            inner.len() > outer.len() && inner.starts_with(&outer)
        };
        let pairs: Vec<(usize, usize)> = x
            .members
            .iter()
            .filter(|&&i| mentions[i].accepted && below_country(gazetteer, &mentions[i]))
            .flat_map(|&i| holders.iter().map(move |&j| (i, j)))
            .filter(|&(i, j)| held(i, j, mentions))
            .collect();
        if pairs.is_empty() {
            // "Santa Fe High School in Texas": a division after "in" that
            // holds no reading of the name the thing starts with.
            let division = holders
                .iter()
                .any(|&j| below_country(gazetteer, &mentions[j]));
            if in_form && (tail || division) {
                for &i in &x.members {
                    if below_country(gazetteer, &mentions[i]) {
                        mentions[i].accepted = false;
                    }
                }
            }
            continue;
        }
        for &i in &x.members {
            if below_country(gazetteer, &mentions[i]) && !pairs.iter().any(|p| p.0 == i) {
                mentions[i].accepted = false;
            }
        }
        for &j in &y.members {
            if !pairs.iter().any(|p| p.1 == j) {
                mentions[j].accepted = false;
            }
        }
    }
}

/// Whether `after` starts with the glue of a list going on: " and ", " or ".
fn glue_follows(after: &str) -> bool {
    after.starts_with(" and ") || after.starts_with(" or ") || after.starts_with(", and ")
}

/// The group that anchors group `n`, whether it follows "in", and whether
/// a name's tail came between: ", Y" right after the name, or the name, at
/// most [`MAX_NAME_TAIL`] capitalised words, " in ", an optional compass
/// adjective, and Y.
fn anchor_of(text: &str, groups: &[Group], n: usize) -> Option<(usize, bool, bool)> {
    let x = &groups[n];
    let next = groups.iter().position(|g| g.start >= x.end)?;
    let y = &groups[next];
    let between = &text[x.end..y.start];
    if between == ", " {
        return Some((next, false, false));
    }
    let mut words = between.split(' ');
    if !words.next().is_some_and(str::is_empty) {
        return None;
    }
    let mut tail = 0;
    for word in words {
        match word {
            "in" => {
                let rest = &between[between.find(" in ")? + 4..];
                let compass = rest.trim_end().is_empty()
                    || rest.trim_end().split(' ').count() == 1
                        && PLACE_QUALIFIERS.iter().any(|q| {
                            q.eq_ignore_ascii_case(rest.trim_end().trim_end_matches("ern"))
                        });
                return compass.then_some((next, true, tail > 0));
            }
            w if w.starts_with(char::is_uppercase) && tail < MAX_NAME_TAIL => tail += 1,
            _ => return None,
        }
    }
    None
}

/// On one span naming several places below the country, the ones the rest
/// of the text backs win: a place whose division the text names elsewhere
/// ("Santa Fe" in a story on Texas; "Darfur" beside "North Darfur") over one
/// whose division it does not; a division whose country the text names
/// elsewhere over a division of another country ("the state of Bolívar" in a
/// story on Venezuela). A town backed only by its country drops nothing: a
/// large place is not to lose its name to a village of the story's country.
fn keep_places_the_text_names(gazetteer: &Gazetteer, groups: &[Group], mentions: &mut [Mention]) {
    // What each accepted region mention names: its span, the division it
    // names by its own name (not a town's), its country, and the words.
    let mut named: Vec<(usize, usize, Option<usize>, usize, String)> = Vec::new();
    for g in groups {
        for &i in g.members.iter().filter(|&&i| mentions[i].accepted) {
            let m = &mentions[i];
            let division = (m.town.is_none() && below_country(gazetteer, m)).then_some(m.entity);
            let country = gazetteer.country_of(m.entity);
            named.push((g.start, g.end, division, country, m.matched.clone()));
        }
    }
    for g in groups {
        // The same words elsewhere back a reading only in a country the
        // story names by other words: else they are as ambiguous there
        // ("Valence" in a title and again in a French story is not thereby
        // Valencia, Spain; "Donbas" twice in a story on Ukraine is still
        // both its oblasts).
        let words = g
            .members
            .first()
            .map_or_else(String::new, |&i| mentions[i].matched.clone());
        let named_otherwise: HashSet<usize> = named
            .iter()
            .filter(|(_, _, _, _, w)| *w != words)
            .map(|(_, _, _, c, _)| *c)
            .collect();
        let elsewhere = |wanted: &dyn Fn(Option<usize>, usize) -> bool| {
            named.iter().any(|(s, e, d, c, w)| {
                (*e <= g.start || *s >= g.end)
                    && (*w != words || named_otherwise.contains(c))
                    && wanted(*d, *c)
            })
        };
        // 2: its division named elsewhere; 1: a division whose country is.
        let score = |i: usize| {
            let m = &mentions[i];
            let country = gazetteer.country_of(m.entity);
            if elsewhere(&|d, _| d == Some(m.entity)) {
                2
            } else if m.town.is_none() && elsewhere(&|_, c| c == country) {
                1
            } else {
                0
            }
        };
        // (mention, score, is a town)
        let members: Vec<(usize, u8, bool)> = g
            .members
            .iter()
            .copied()
            .filter(|&i| mentions[i].accepted && below_country(gazetteer, &mentions[i]))
            .map(|i| (i, score(i), mentions[i].town.is_some()))
            .collect();
        let best = members.iter().map(|&(_, s, _)| s).max().unwrap_or(0);
        // A town in a named division does not outrank a division of a named
        // country ("Delaware", the state, in a story that also names Ohio).
        let outranked = |s: u8, town: bool| {
            s < best
                && (town
                    || s == 0
                    || members
                        .iter()
                        .any(|&(_, t, other_town)| t > s && !other_town))
        };
        for &(i, s, town) in &members {
            if outranked(s, town) {
                mentions[i].accepted = false;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kind_words_end_a_name_or_a_list_of_names() {
        assert!(before_kind_word(" Province"));
        assert!(before_kind_word(" province, said"));
        assert!(before_kind_word(", Khost, Kabul, and Logar Provinces"));
        assert!(before_kind_word(" and Logar provinces"));
        assert!(!before_kind_word(", Khost, Kabul, and Logar."));
        assert!(!before_kind_word(" airport"));
        assert!(!before_kind_word(" and the provinces"));
    }

    #[test]
    fn compass_words_in_english_and_french() {
        assert_eq!(direction("north"), direction("northern"));
        assert_eq!(direction("nord"), Some("north"));
        assert_eq!(direction("sud"), direction("southern"));
        assert_eq!(direction("darfur"), None);
    }

    #[test]
    fn anchors_follow_a_comma_or_a_name_and_in() {
        let folded = Folded::new("Santa Fe High School in Texas; Wilmington, Delaware; Aleppo in northern Syria; Moscow was in Ukraine");
        let text = &folded.cased;
        let span = |name: &str| {
            let start = text.find(name).unwrap();
            Group {
                start,
                end: start + name.len(),
                members: Vec::new(),
            }
        };
        let groups = vec![
            span("Santa Fe"),
            span("Texas"),
            span("Wilmington"),
            span("Delaware"),
            span("Aleppo"),
            span("Syria"),
            span("Moscow"),
            span("Ukraine"),
        ];
        assert_eq!(
            anchor_of(text, &groups, 0).map(|a| (a.0, a.1, a.2)),
            Some((1, true, true))
        );
        assert_eq!(anchor_of(text, &groups, 2), Some((3, false, false)));
        assert_eq!(anchor_of(text, &groups, 4), Some((5, true, false)));
        assert_eq!(anchor_of(text, &groups, 6), None);
    }

    #[test]
    fn headlines_are_lines_in_title_case() {
        let folded = Folded::new("Junta Detains Rakhine Villagers in Western Myanmar\nThe junta detained villagers in Rakhine State on Monday.");
        let words = super::super::words::words(&folded);
        let title = headline_words(&words);
        let rakhine: Vec<bool> = words
            .iter()
            .zip(&title)
            .filter(|(w, _)| w.text == "Rakhine")
            .map(|(_, &t)| t)
            .collect();
        assert_eq!(rakhine, [true, false]);
    }

    #[test]
    fn a_surname_is_written_alone_elsewhere() {
        let folded = Folded::new("expert Jasim Khadijah. Khadijah, a former officer");
        let words = super::super::words::words(&folded);
        let k = words.iter().position(|w| w.text == "Khadijah").unwrap();
        assert!(written_alone(&words, k, "jasim"));
        let folded = Folded::new("the Jasim Khadijah Brigade");
        let words = super::super::words::words(&folded);
        let k = words.iter().position(|w| w.text == "Khadijah").unwrap();
        assert!(!written_alone(&words, k, "jasim"));
    }
}

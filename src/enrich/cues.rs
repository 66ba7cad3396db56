//! Cues in the words around an ambiguous (`?`) place name that show it is
//! used as a place, whatever else the story names: the division's own kind
//! word after it ("Chin state"), a compass adjective before it ("in
//! southern Chin"), a route it ends ("the Falam-Kalay road"), the people
//! who live there after it ("Mindat residents").

use super::gazetteer::Gazetteer;
use super::matcher::Hit;
use super::{fold_str, previous_word, readings, Folded};

/// Articles that make a place word after them a common noun's.
const ARTICLES: &[&str] = &["the", "a", "an"];

/// Nouns of a road or a line between two places, after the pair of names
/// ("the Falam-Kalay road", "the Ye-Thanbyuzayat route").
const ROUTE_NOUNS: &[&str] = &[
    "road", "roads", "highway", "route", "railway", "corridor", "axis",
];

/// Nouns of the people of a place, after its name ("Mindat residents",
/// "Indaw villagers"): no person's name is followed by them.
const INHABITANTS: &[&str] = &[
    "residents",
    "locals",
    "villagers",
    "townspeople",
    "inhabitants",
];

/// Whether the word after a division's `?` name is the kind word of one of
/// the division's own full names, in any case, singular or with an `s`
/// ("Chin state village", "Mon States Ye Township" for `=Chin State`,
/// `=Mon State`): the pair names the division, which its `=` full name
/// leaves to the capitalised spelling. After an article the pair is an
/// area named after something ("the Sahel region" is no region of Burkina
/// Faso).
pub(super) fn before_own_kind_word(gazetteer: &Gazetteer, folded: &Folded, hit: &Hit) -> bool {
    let word = readings::word_after(&folded.lower, hit.end);
    let (article, _) = previous_word(&folded.lower, hit.start);
    if word.is_empty() || ARTICLES.contains(&article) {
        return false;
    }
    let written = &folded.lower[hit.start..hit.end];
    let singular = word.strip_suffix('s').unwrap_or(&word);
    let entity = gazetteer.names[hit.name].entity;
    gazetteer.names.iter().any(|n| {
        n.entity == entity && {
            let full = fold_str(&n.text, true);
            full.strip_prefix(written)
                .and_then(|rest| rest.strip_prefix(' '))
                .is_some_and(|kind| kind == word || kind == singular)
        }
    })
}

/// Whether a compass adjective comes right before the name, itself after no
/// article ("fighting in southern Chin", "southern Chin's Paletwa"; not "the
/// western Gulf", a sea): a person is never in the south of their name.
pub(super) fn after_compass_word(folded: &Folded, hit: &Hit) -> bool {
    let (word, before) = previous_word(&folded.lower, hit.start);
    let adjective = matches!(
        word,
        "northern" | "southern" | "eastern" | "western" | "central"
    );
    let (article, _) = previous_word(&folded.lower, before.len());
    adjective && folded.lower[..hit.start].ends_with(' ') && !ARTICLES.contains(&article)
}

/// Whether a town's name is one end of a route written as a hyphenated pair
/// of capitalised names followed by a route noun ("Battles continue along
/// Falam-Kalay road"): the other name is no surname's half, and the pair
/// places both.
pub(super) fn ends_a_route(folded: &Folded, hit: &Hit) -> bool {
    let text = &folded.cased;
    let capitalised = |w: &str| w.starts_with(char::is_uppercase);
    // The name first: "Falam-Kalay road".
    let first = folded.hyphen_at(hit.end) && {
        let other = readings::word_after(text, hit.end);
        capitalised(&other) && route_noun_after(text, hit.end + 1 + other.len())
    };
    // The name second: "Ye-Thanbyuzayat route".
    let second = hit.start > 0 && folded.hyphen_at(hit.start - 1) && {
        let (other, _) = previous_word(text, hit.start);
        capitalised(other) && route_noun_after(text, hit.end)
    };
    first || second
}

/// Whether the word after folded byte `end` is a route noun.
fn route_noun_after(text: &str, end: usize) -> bool {
    let word = readings::word_after(text, end).to_lowercase();
    ROUTE_NOUNS.contains(&word.as_str())
}

/// Whether the word after the name is a noun of the people who live there
/// ("At least 30 regime soldiers killed by Mindat locals").
pub(super) fn before_inhabitants(folded: &Folded, hit: &Hit) -> bool {
    let word = readings::word_after(&folded.lower, hit.end);
    INHABITANTS.contains(&word.as_str())
}

#[cfg(test)]
mod tests {
    use super::super::GazetteerFiles;
    use super::*;

    /// A division with a `?` name and an `=` full name (test fixture, after
    /// `divisions.tsv`'s row for Chin State).
    fn gazetteer() -> Gazetteer {
        let files = GazetteerFiles {
            regions: "MMR\tAsia\tSouth-eastern Asia\tMyanmar\tMyanmar\tt\n".into(),
            divisions: "MM.02\tMMR\tChin\t?Chin|=Chin State\t\t22.6\t93.6\t25404\tt\n".into(),
            places: String::new(),
            areas: String::new(),
            actors: String::new(),
            person_roles: String::new(),
            common_words: String::new(),
            event_types: super::super::events::EMBEDDED.to_string(),
        };
        Gazetteer::from_files(&files).expect("fixture")
    }

    /// The hit of name `name` (an index into `gazetteer.names`) on the first
    /// occurrence of `written` in `text`.
    fn hit_at(text: &str, written: &str, name: usize) -> (Folded, Hit) {
        let folded = Folded::new(text);
        let start = folded.lower.find(&written.to_lowercase()).expect("in text");
        let hit = Hit {
            name,
            start,
            end: start + written.len(),
            town: None,
        };
        (folded, hit)
    }

    #[test]
    fn a_divisions_own_kind_word_after_its_name() {
        let g = gazetteer();
        let chin = g
            .names
            .iter()
            .position(|n| n.text == "Chin")
            .expect("?Chin");
        let kind = |text: &str| {
            let (folded, hit) = hit_at(text, "Chin", chin);
            before_own_kind_word(&g, &folded, &hit)
        };
        assert!(kind("Junta shells Chin state village"));
        assert!(kind("fighting in Chin State's south"));
        assert!(kind(
            "Junta informer shot dead in Chin States Falam Township"
        ));
        // Another kind word than the division's own, or none.
        assert!(!kind("Chin province"));
        assert!(!kind("soldiers lost in the Chin state"));
        assert!(!kind("Chin resistance fighters"));
        assert!(!kind("Lee Chin"));
    }

    #[test]
    fn a_compass_adjective_without_an_article() {
        let compass = |text: &str| {
            let (folded, hit) = hit_at(text, "Chin", 0);
            after_compass_word(&folded, &hit)
        };
        assert!(compass("Fighting escalates in southern Chin"));
        assert!(compass("Resistance fighters in southern Chin's Paletwa"));
        assert!(!compass("the southern Chin hills"));
        assert!(!compass("a southern Chin dish"));
        assert!(!compass("south Chin"));
        assert!(!compass("Chin"));
    }

    #[test]
    fn a_town_at_either_end_of_a_route() {
        let route = |text: &str| {
            let (folded, hit) = hit_at(text, "Falam", 0);
            ends_a_route(&folded, &hit)
        };
        assert!(route("Battles continue along Falam-Kalay road"));
        assert!(route("Battles on the Kalay-Falam highway"));
        assert!(route("the Kalay\u{2013}Falam route"));
        // A double name with no route noun, or a route noun with no pair.
        assert!(!route("Anna Falam-Kalay said"));
        assert!(!route("Falam road"));
        assert!(!route("Falam-based road builders"));
    }

    #[test]
    fn the_people_of_a_place_after_its_name() {
        let people = |text: &str| {
            let (folded, hit) = hit_at(text, "Mindat", 0);
            before_inhabitants(&folded, &hit)
        };
        assert!(people("30 soldiers killed by Mindat locals"));
        assert!(people("Mindat residents flee"));
        assert!(!people("Mindat said"));
        assert!(!people("Mindat"));
    }
}

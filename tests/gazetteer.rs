//! The real gazetteer (the data embedded from index-schema/) on the cases
//! DOMAIN.md calls out: look-alike names, ambiguous words, French names.

mod common;

use std::sync::OnceLock;

use common::{SEED_ACTORS, SEED_COUNTRIES};

use sitrep::enrich::{extract, Dimension, Gazetteer};

fn gazetteer() -> &'static Gazetteer {
    static G: OnceLock<Gazetteer> = OnceLock::new();
    G.get_or_init(|| Gazetteer::embedded().expect("embedded gazetteer loads"))
}

/// Leaf names found in `text` for `dimension`, sorted.
fn found(dimension: Dimension, text: &str) -> Vec<String> {
    let g = gazetteer();
    let mut out: Vec<String> = extract(g, text)
        .entities(g, dimension)
        .into_iter()
        .map(|e| g.entities[e].label().to_string())
        .collect();
    out.sort();
    out
}

fn regions(text: &str) -> Vec<String> {
    found(Dimension::Region, text)
}

fn actors(text: &str) -> Vec<String> {
    found(Dimension::Actor, text)
}

#[test]
fn niger_is_not_nigeria() {
    assert_eq!(regions("Troops crossed from Nigeria."), ["Nigeria"]);
    assert_eq!(regions("Troops crossed into Niger."), ["Niger"]);
    assert_eq!(
        regions("Nigerian and Nigerien officials met."),
        ["Niger", "Nigeria"]
    );
    assert_eq!(regions("boats on the Niger River"), Vec::<String>::new());
}

#[test]
fn chad_jordan_georgia_need_context() {
    assert_eq!(regions("Chad Smith scored twice."), Vec::<String>::new());
    assert_eq!(regions("Rebels advanced in Chad on Monday."), ["Chad"]);
    assert_eq!(regions("Chad's army said N'Djamena was calm."), ["Chad"]);
    assert_eq!(regions("Michael Jordan retired."), Vec::<String>::new());
    assert_eq!(regions("Refugees fled to Jordan."), ["Jordan"]);
    assert_eq!(regions("Georgia Tech won."), Vec::<String>::new());
    assert_eq!(regions("Protests in Tbilisi, Georgia, grew."), ["Georgia"]);
}

#[test]
fn the_guineas_are_told_apart() {
    assert_eq!(regions("Elections in Guinea-Bissau."), ["Guinea-Bissau"]);
    assert_eq!(
        regions("Oil from Equatorial Guinea."),
        ["Equatorial Guinea"]
    );
    assert_eq!(regions("A coup in Guinea."), ["Guinea"]);
    assert_eq!(
        regions("Port Moresby, Papua New Guinea."),
        ["Papua New Guinea"]
    );
}

#[test]
fn the_congos_are_told_apart() {
    assert_eq!(
        regions("M23 rebels near Goma in DR Congo."),
        ["Democratic Republic of the Congo"]
    );
    assert_eq!(
        regions("Fighting in the DRC and in Congo."),
        ["Democratic Republic of the Congo"]
    );
    assert_eq!(
        regions("Brazzaville, capital of Congo-Brazzaville."),
        ["Republic of the Congo"]
    );
}

#[test]
fn demonyms_capitals_possessives_and_folding() {
    assert_eq!(regions("Malian forces"), ["Mali"]);
    assert_eq!(regions("AFP, BAMAKO: a statement"), ["Mali"]);
    assert_eq!(regions("Russia's defence ministry"), ["Russia"]);
    assert_eq!(
        regions("in Côte d'Ivoire and Ivory Coast"),
        ["Côte d'Ivoire"]
    );
    assert_eq!(regions("in Somalia"), ["Somalia"]);
}

#[test]
fn french_reporting_resolves_to_the_same_facets() {
    assert_eq!(
        regions("Les casques bleus en Centrafrique"),
        ["Central African Republic"]
    );
    assert_eq!(regions("l'armée malienne"), ["Mali"]);
    assert!(
        actors("Les FACA et la Minusca").contains(&"MINUSCA".to_string()),
        "{:?}",
        actors("Les FACA et la Minusca")
    );
}

#[test]
fn acronyms_need_their_case() {
    assert!(actors("the UN said").contains(&"United Nations".to_string()));
    assert!(!actors("un homme").contains(&"United Nations".to_string()));
    assert_eq!(regions("a car bomb"), Vec::<String>::new());
    assert_eq!(regions("fighting in the CAR"), ["Central African Republic"]);
}

#[test]
fn actors_by_their_aliases() {
    for (text, actor) in [
        ("PMC Wagner fighters", "Wagner Group"),
        ("Jama'at Nusrat al-Islam wal-Muslimin claimed it", "JNIM"),
        ("Sergei Lavrov said", "Sergey Lavrov"),
        ("Choguel Kokalla Maïga spoke", "Choguel Kokalla Maïga"),
        ("Choguel Kokalla Maiga spoke", "Choguel Kokalla Maïga"),
    ] {
        assert!(
            actors(text).contains(&actor.to_string()),
            "{text}: {:?}",
            actors(text)
        );
    }
}

#[test]
fn the_seed_article_yields_its_regions_and_actors() {
    let seed = include_str!("../corpus/000_fb48966184d411e3.txt");
    let regions = regions(seed);
    for country in SEED_COUNTRIES {
        assert!(
            regions.contains(&country.to_string()),
            "{country}: {regions:?}"
        );
    }
    let actors = actors(seed);
    for actor in SEED_ACTORS {
        assert!(actors.contains(&actor.to_string()), "{actor}: {actors:?}");
    }
}

#[test]
fn countries_inside_group_names_are_not_places() {
    assert_eq!(
        regions("Islamic State of Iraq and the Levant claims a kidnapping in Libya."),
        ["Libya"]
    );
    assert_eq!(regions("Malian army patrols"), ["Mali"]);
}

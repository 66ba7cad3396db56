//! The languages sitrep analyses, and how a report's language is known: the
//! record says so (`lang` or `language`), or it is detected from the text.
//!
//! Detection is whatlang's trigram model restricted to these five languages:
//! sitrep has an analyzer for no other, so a report is filed under the
//! closest of them (a German report reads as English or French; its words
//! are still found as written). The restriction also makes the choice
//! between Russian and Ukrainian, which share most of their alphabet and many
//! short words, a choice between two models rather than among all Cyrillic
//! ones.

use std::collections::HashSet;
use std::fmt;
use std::sync::LazyLock;

use serde::{Serialize, Serializer};
use tantivy::schema::Facet;
use whatlang::{Detector, Lang};

/// A language with an analyzer of its own.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub enum Language {
    /// English, and the fallback when nothing can be detected.
    #[default]
    English,
    /// French.
    French,
    /// Arabic.
    Arabic,
    /// Russian.
    Russian,
    /// Ukrainian.
    Ukrainian,
}

/// Text read for detection, at most: the title and the start of the text
/// tell the language as well as the whole, and whatlang's work grows with
/// the length. 1 KB gave the same language as 2 KB to all but one of ~14,600
/// reports in the five languages, a bilingual speech that opens in English
/// (BENCHMARKS.md, issue 21, 2026-12-07 session 15).
const DETECTION_BYTES: usize = 1024;

static DETECTOR: LazyLock<Detector> = LazyLock::new(|| {
    Detector::with_allowlist(Language::ALL.iter().map(|l| l.whatlang()).collect())
});

/// The French analyzer's stop words (npm `stopword` 3.1.5, converted by
/// `examples/build_stopwords.rs`).
pub(crate) const FRENCH_STOP_WORDS: &str = include_str!("../index-schema/stopwords-fr.txt");
/// English stop words of the same package: not the English analyzer's
/// (Lucene's 33), only weighed against the French ones by [`Language::detect`].
const ENGLISH_STOP_WORDS: &str = include_str!("../index-schema/stopwords-en.txt");

/// The function words of English and of French, each without the words the
/// other list shares (`a`, `as`, `me`, `on`).
static FUNCTION_WORDS: LazyLock<[HashSet<&'static str>; 2]> = LazyLock::new(|| {
    let words = |list: &'static str| -> HashSet<&'static str> {
        list.lines()
            .map(str::trim)
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
            .collect()
    };
    let (english, french) = (words(ENGLISH_STOP_WORDS), words(FRENCH_STOP_WORDS));
    [
        english.difference(&french).copied().collect(),
        french.difference(&english).copied().collect(),
    ]
});

/// Whether `sample` holds at least as many French function words as
/// English ones: whatlang's trigrams read a short English line of names and
/// loanwords as French ("Israel conducts airstrikes on Islamic Jihad
/// Movement in Palestine (PIJ) targets in Gaza Strip."), and its function
/// words (`in`, `after`, `the`) say otherwise.
fn has_french_function_words(sample: &str) -> bool {
    let [english, french] = &*FUNCTION_WORDS;
    let (mut en, mut fr) = (0usize, 0usize);
    for word in sample.split(|c: char| !c.is_alphanumeric()) {
        if word.is_empty() {
            continue;
        }
        let word = word.to_lowercase();
        en += usize::from(english.contains(word.as_str()));
        fr += usize::from(french.contains(word.as_str()));
    }
    fr >= en
}

impl Language {
    /// Every language, in facet order.
    pub const ALL: [Language; 5] = [
        Language::English,
        Language::French,
        Language::Arabic,
        Language::Russian,
        Language::Ukrainian,
    ];

    /// The ISO 639-1 code: the facet leaf (`/fr`), `--lang fr` and the
    /// `language` of `--json`.
    pub const fn code(self) -> &'static str {
        match self {
            Language::English => "en",
            Language::French => "fr",
            Language::Arabic => "ar",
            Language::Russian => "ru",
            Language::Ukrainian => "uk",
        }
    }

    /// The English name.
    pub const fn name(self) -> &'static str {
        match self {
            Language::English => "English",
            Language::French => "French",
            Language::Arabic => "Arabic",
            Language::Russian => "Russian",
            Language::Ukrainian => "Ukrainian",
        }
    }

    /// The ISO 639-2/T code (`fra`), which some records carry.
    const fn code3(self) -> &'static str {
        match self {
            Language::English => "eng",
            Language::French => "fra",
            Language::Arabic => "ara",
            Language::Russian => "rus",
            Language::Ukrainian => "ukr",
        }
    }

    const fn whatlang(self) -> Lang {
        match self {
            Language::English => Lang::Eng,
            Language::French => Lang::Fra,
            Language::Arabic => Lang::Ara,
            Language::Russian => Lang::Rus,
            Language::Ukrainian => Lang::Ukr,
        }
    }

    /// Reads a language as records and users write it: the ISO 639-1 or
    /// 639-2 code, the English name, any case, or the facet path (`/fr`);
    /// a regional tag's language counts (`fr-CA`, `en_GB`).
    pub fn parse(text: &str) -> Option<Language> {
        let text = text.trim();
        let text = text.strip_prefix('/').unwrap_or(text);
        let base = text.split(['-', '_']).next().unwrap_or(text);
        Language::ALL.into_iter().find(|l| {
            base.eq_ignore_ascii_case(l.code())
                || base.eq_ignore_ascii_case(l.code3())
                || text.eq_ignore_ascii_case(l.name())
        })
    }

    /// The facet of the `language` field: `/fr`.
    pub fn facet(self) -> Facet {
        Facet::from_path([self.code()])
    }

    /// The language of a report's text (its parts in order: title, summary,
    /// body), by whatlang among [`Language::ALL`], read from at most
    /// [`DETECTION_BYTES`]; English, the default, when whatlang does not
    /// call its answer reliable (a short text, or one of names: on the
    /// bundled corpus this rule took the one-sentence English items read as
    /// French, "Libyan Civil War (2014–present)", from 27 to 8), when it
    /// says French of a text with more English function words than French
    /// ones (the 8 left: one-line items of names and loanwords; no French
    /// report of the corpus has more), or the text has no letters.
    pub fn detect(parts: &[&str]) -> Language {
        let mut sample = String::with_capacity(DETECTION_BYTES + 4);
        for part in parts.iter().filter(|p| !p.is_empty()) {
            let room = DETECTION_BYTES.saturating_sub(sample.len());
            if room == 0 {
                break;
            }
            sample.push_str(&part[..floor_char_boundary(part, room)]);
            sample.push('\n');
        }
        DETECTOR
            .detect(&sample)
            .filter(whatlang::Info::is_reliable)
            .and_then(|info| {
                Language::ALL
                    .into_iter()
                    .find(|l| l.whatlang() == info.lang())
            })
            .filter(|&l| l != Language::French || has_french_function_words(&sample))
            .unwrap_or_default()
    }

    /// The codes, for a message listing what is accepted.
    pub fn codes() -> String {
        Language::ALL.map(Language::code).join(", ")
    }
}

/// The largest index <= `at` that is a char boundary of `text`.
fn floor_char_boundary(text: &str, at: usize) -> usize {
    if at >= text.len() {
        return text.len();
    }
    let mut at = at;
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

impl fmt::Display for Language {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

impl Serialize for Language {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.code())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_names_and_paths_parse() {
        assert_eq!(Language::parse("fr"), Some(Language::French));
        assert_eq!(Language::parse("FRA"), Some(Language::French));
        assert_eq!(Language::parse("fr-CA"), Some(Language::French));
        assert_eq!(Language::parse("Ukrainian"), Some(Language::Ukrainian));
        assert_eq!(Language::parse("/ar"), Some(Language::Arabic));
        assert_eq!(Language::parse("de"), None);
        assert_eq!(Language::parse(""), None);
        for l in Language::ALL {
            assert_eq!(Language::parse(&l.facet().to_string()), Some(l));
        }
    }

    #[test]
    fn detection_tells_the_five_apart() {
        let cases = [
            ("Mali approaches Russian security", "Mali has asked private Russian companies to help.", Language::English),
            ("Syrie : multiples revers pour Daech", "Les forces démocratiques syriennes ont repris la ville aux djihadistes.", Language::French),
            ("اشتباكات في الخرطوم", "قالت مصادر محلية إن اشتباكات عنيفة اندلعت في الخرطوم بين الجيش وقوات الدعم السريع.", Language::Arabic),
            ("Обстрел Донецка", "В субботу украинские военные обстреляли окраины города, сообщили местные власти.", Language::Russian),
            ("Ракетні обстріли низки областей", "Ракетний обстріл Львівської області, Сумщини, Чернігівщини. Авіаудари в Луганській області.", Language::Ukrainian),
        ];
        for (title, text, want) in cases {
            assert_eq!(Language::detect(&[title, text]), want, "{title}");
        }
        assert_eq!(Language::detect(&["2021", "1 2 3"]), Language::English);
    }

    #[test]
    fn function_words_weigh_english_against_french() {
        assert!(!has_french_function_words(
            "Rebels seize the airport of Goma after heavy fighting with the army."
        ));
        assert!(has_french_function_words(
            "Les rebelles prennent l'aéroport de Goma après des combats avec l'armée."
        ));
        // Words both lists hold count for neither.
        assert!(has_french_function_words("a on as me"));
    }

    #[test]
    fn detection_reads_a_bounded_prefix_at_a_char_boundary() {
        let long = "й".repeat(DETECTION_BYTES);
        assert_eq!(
            floor_char_boundary(&long, DETECTION_BYTES + 1),
            DETECTION_BYTES
        );
        // A text whose byte DETECTION_BYTES falls inside a letter is cut
        // before it, and still read.
        let text = "Обстріл Харкова триває ".repeat(100);
        assert!(!text.is_char_boundary(DETECTION_BYTES));
        assert_eq!(Language::detect(&[&text]), Language::Ukrainian);
    }
}

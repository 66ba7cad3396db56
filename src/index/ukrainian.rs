//! A light suffix stemmer for Ukrainian, which Snowball (and so frostem and
//! tantivy) does not cover, and for which no maintained Rust crate exists.
//! It does two things, both from the grammar rather than a word list:
//!
//! 1. **Endings.** The longest ending of the case, number, gender and verb
//!    forms below is removed when at least two letters remain, then a final
//!    soft sign (`Маріуполь`, `Маріуполя`, `Маріуполі` all give `маріупол`).
//! 2. **Vowels of closed syllables.** Ukrainian writes `і` (`ї` after a
//!    vowel) where an `о` or `е` (`є`) stands in a closed last syllable:
//!    `Харків` but `Харкова`; `Львів`, `Львова`; `Київ`, `Києва`. So the
//!    last vowel of every stem is written `о` for `і` and `є` for `ї`, and
//!    the bare form meets the inflected ones. Applied to every stem alike, it
//!    never parts two forms of one word (`зустріч`, `зустрічі`: `і` in both);
//!    it does merge words that differ only there (`місто` city, `міст`
//!    bridge), and misses the rarer `і` from `е` (`піч`, `печі`).
//!
//! Like every light stemmer it merges some words it should not and misses
//! some forms (the genitive plural `-ів`, `-ей` stays apart from the
//! nominative); it is meant for recall in search, not for linguistics.

/// Ukrainian vowels.
const VOWELS: [char; 10] = ['а', 'е', 'є', 'и', 'і', 'ї', 'о', 'у', 'ю', 'я'];

/// Endings, longest first: reflexive verbs, adjectives and pronouns, nouns,
/// verbs. Each is removed only whole, from the end, leaving two letters.
/// The dative `-ові`/`-еві` is not among them: it would cut a stem that ends
/// in `ов` before a locative `-і` (`Харкові` is `Харков` + `і`), and place
/// names are what reports name most.
const ENDINGS: [&str; 58] = [
    "ться", "тися", "лася", "лися", "лось", "ього", "ьому", "ими", "іми", "ого", "ому", "ами",
    "ями", "ях", "ах", "ам", "ям", "ом", "ем", "єм", "ою", "ею", "єю", "ої", "ий", "ій", "их",
    "іх", "им", "ім", "ая", "яя", "ти", "ть", "ла", "ло", "ли", "мо", "те", "ють", "ять", "уть",
    "ать", "еш", "єш", "иш", "ся", "сь", "а", "я", "и", "і", "ї", "у", "ю", "о", "е", "є",
];

/// Removes the apostrophe a Ukrainian word may hold (`об'єкт`, `м’ясо`),
/// written three ways.
pub fn without_apostrophes(word: &mut String) {
    if word.contains(super::languages::APOSTROPHES) {
        word.retain(|c| !super::languages::APOSTROPHES.contains(&c));
    }
}

/// Stems a lower-case Ukrainian word (see the module documentation).
pub fn stem(word: &mut String) {
    if !word.chars().any(|c| ('\u{0400}'..='\u{04FF}').contains(&c)) {
        return;
    }
    let count = word.chars().count();
    let cut = ENDINGS
        .iter()
        .filter(|e| word.ends_with(*e))
        .map(|e| e.chars().count())
        .filter(|&n| count - n >= 2)
        .max()
        .unwrap_or(0);
    let mut chars: Vec<char> = word.chars().take(count - cut).collect();
    if chars.len() > 2 && chars.last() == Some(&'ь') {
        chars.pop();
    }
    if let Some(i) = chars.iter().rposition(|c| VOWELS.contains(c)) {
        chars[i] = match chars[i] {
            'і' => 'о',
            'ї' => 'є',
            other => other,
        };
    }
    *word = chars.into_iter().collect();
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stemmed(word: &str) -> String {
        let mut w = word.to_string();
        stem(&mut w);
        w
    }

    #[test]
    fn case_forms_of_a_place_meet() {
        for (forms, want) in [
            (
                &["харків", "харкова", "харкові", "харковом", "харкову"][..],
                "харков",
            ),
            (&["львів", "львова", "львові"][..], "львов"),
            (&["київ", "києва", "києві"][..], "києв"),
            (
                &["маріуполь", "маріуполя", "маріуполі", "маріуполем"][..],
                "маріупол",
            ),
            (&["суми", "сум", "сумах"][..], "сум"),
        ] {
            for form in forms {
                assert_eq!(stemmed(form), want, "{form}");
            }
        }
    }

    #[test]
    fn verbs_adjectives_and_short_words() {
        assert_eq!(stemmed("обстріляли"), stemmed("обстріляла"));
        assert_eq!(stemmed("російської"), stemmed("російська"));
        assert_eq!(stemmed("російського"), stemmed("російський"));
        assert_eq!(stemmed("зустріч"), stemmed("зустрічі"));
        assert_eq!(stemmed("ми"), "ми");
        assert_eq!(stemmed("kharkiv"), "kharkiv");
    }

    #[test]
    fn apostrophes_of_every_spelling_go() {
        for w in ["об'єкт", "об’єкт", "обʼєкт"] {
            let mut w = w.to_string();
            without_apostrophes(&mut w);
            assert_eq!(w, "обєкт");
        }
    }
}

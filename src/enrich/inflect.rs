//! Names through inflection: the base forms of words in Cyrillic and Arabic
//! script, so that a name matches however a sentence declines or prefixes
//! it. Ukrainian and Russian decline place names (Харків: Харкова, Харкові,
//! Харкову; Маріуполь: Маріуполі; Киев: Киева); Arabic writes the article
//! ال and the conjunctions and prepositions و ف ب ل ك as one word with the
//! name (والخرطوم, بالخرطوم, للخرطوم: الخرطوم). A name's article stays part
//! of it: a text word without the article is another word (مدينة "a city"
//! is not المدينة, Medina; فخور "proud" is no ف + الخور, Al Khor), while a
//! text word with the article also meets a name written without it.
//!
//! A light stemmer, not a dictionary: a name's word is reduced to one base
//! form, and a text's word to every base form it may have (each case ending
//! it may carry; each prefix it may start with), and the two meet when one
//! of the text's forms is the name's. Stems shorter than [`MIN_STEM`]
//! letters are not made: Суми (Sumy) is not сума (a sum) in another case.
//! Latin-script words have no base forms: English and French matching is the
//! exact, folded one of the aho-corasick matcher (French elision, "l'armée",
//! "d'Irak", needs nothing more, the apostrophe ending a word).
//!
//! Words are folded first ([`super::fold`]): й is и, ї is і, ё is е, and the
//! Arabic hamza forms (أ إ آ) are bare alef, diacritics gone.

use std::ops::Range;

use rustc_hash::{FxHashMap, FxHashSet};

/// The fewest letters the stem of a one-word name keeps: a shorter one would
/// meet ordinary words.
const MIN_STEM: usize = 4;
/// The fewest letters any stem keeps: in a name of several words (Кривий
/// Ріг: Кривого Рогу) the other words are the context.
const MIN_STEM_IN_PHRASE: usize = 3;

/// Case endings of Ukrainian and Russian nouns and adjectives as folding
/// writes them (й folded to и: -ий is "ии", -ій "іи", -ої "оі"). The
/// genitive plurals -ів and -ов are left out: they end nominative place
/// names (Харків, Ростов).
const CYRILLIC_ENDINGS: &[&str] = &[
    "ого", "ому", "ими", "ыми", "ами", "ями", "ою", "ею", "ои", "еи", "іи", "ии", "ыи", "оі", "еі",
    "ая", "яя", "ое", "ее", "ые", "ие", "ых", "их", "ым", "им", "ом", "ем", "ам", "ям", "ах", "ях",
    "а", "я", "у", "ю", "і", "и", "ы", "е", "є", "о", "ь",
];

/// Vowels that alternate in a name's last closed syllable: Харків but
/// Харкова, Київ but Києва, Ірпінь but Ірпені, Одеса but Одес (genitive
/// plural). The base form writes all of them as о.
const ALTERNATING: &[char] = &['і', 'е', 'є', 'о'];

/// Cyrillic vowels (folded), which close no syllable.
const CYRILLIC_VOWELS: &[char] = &['а', 'е', 'є', 'и', 'і', 'о', 'у', 'ю', 'я', 'ы', 'э'];

/// Arabic conjunctions written as one word with what follows.
const ARABIC_CONJUNCTIONS: &[char] = &['و', 'ف'];
/// Arabic prepositions written as one word with what follows.
const ARABIC_PREPOSITIONS: &[char] = &['ب', 'ل', 'ك'];
/// The Arabic article.
const ARABIC_ARTICLE: &str = "ال";

/// The apostrophes Ukrainian writes inside a word.
const APOSTROPHES: &[char] = &['\'', '’', 'ʼ'];

fn is_cyrillic(c: char) -> bool {
    ('\u{0400}'..='\u{04FF}').contains(&c)
}

/// Whether `word` is one word written in Cyrillic letters only.
pub(super) fn is_cyrillic_word(word: &str) -> bool {
    !word.is_empty() && word.chars().all(is_cyrillic)
}

/// The script of a word, by its first letter.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Script {
    Cyrillic,
    Arabic,
}

fn script(word: &str) -> Option<Script> {
    match word.chars().next()? {
        '\u{0400}'..='\u{04FF}' => Some(Script::Cyrillic),
        '\u{0600}'..='\u{06FF}' => Some(Script::Arabic),
        _ => None,
    }
}

/// Whether a folded text has any word in the scripts inflection covers: the
/// quick test that lets English text skip this module.
pub(super) fn has_inflected_script(text: &str) -> bool {
    // UTF-8 lead bytes of U+0400..U+04FF (Cyrillic) and U+0600..U+06FF (Arabic).
    text.bytes().any(|b| matches!(b, 0xD0..=0xD3 | 0xD8..=0xDB))
}

/// The base form of one word of a name (folded, lower case); `None` for a
/// word in neither script.
/// `alone` says it is the name's only word, whose stem keeps [`MIN_STEM`]
/// letters.
pub(super) fn name_base(word: &str, alone: bool) -> Option<String> {
    let min = if alone { MIN_STEM } else { MIN_STEM_IN_PHRASE };
    match script(word)? {
        Script::Cyrillic => {
            let stem = CYRILLIC_ENDINGS
                .iter()
                .find_map(|e| word.strip_suffix(e).filter(|s| s.chars().count() >= min))
                .unwrap_or(word);
            Some(alternated(stem))
        }
        Script::Arabic => Some(arabic_normal(word)),
    }
}

/// Every base form a text's word (folded, lower case) may have; `first`
/// says it starts the span, where Arabic prefixes attach. Empty for a word
/// in neither script.
pub(super) fn text_bases(word: &str, first: bool) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    match script(word) {
        Some(Script::Cyrillic) => {
            out.push(alternated(word));
            for e in CYRILLIC_ENDINGS {
                let stem = word.strip_suffix(e);
                if let Some(stem) = stem.filter(|s| s.chars().count() >= MIN_STEM_IN_PHRASE) {
                    out.push(alternated(stem));
                }
            }
        }
        Some(Script::Arabic) => {
            let word = arabic_normal(word);
            let mut forms = vec![word.clone()];
            if first {
                forms.extend(arabic_prefixed(&word));
            }
            for form in forms {
                if let Some(bare) = without_article(&form) {
                    out.push(bare.to_string());
                }
                out.push(form);
            }
        }
        None => {}
    }
    let mut seen = FxHashSet::default();
    out.retain(|f| seen.insert(f.clone()));
    out
}

/// The stem with the vowel of its last closed syllable written о.
fn alternated(stem: &str) -> String {
    let chars: Vec<char> = stem.chars().collect();
    let n = chars.len();
    if n >= MIN_STEM_IN_PHRASE
        && !CYRILLIC_VOWELS.contains(&chars[n - 1])
        && chars[n - 1] != 'ь'
        && ALTERNATING.contains(&chars[n - 2])
    {
        let mut out: String = chars[..n - 2].iter().collect();
        out.push('о');
        out.push(chars[n - 1]);
        return out;
    }
    stem.to_string()
}

/// Arabic letters that spelling varies on, written one way: ta marbuta as
/// ha, alef maqsura as ya, no tatweel (hamza forms and diacritics are gone
/// after folding).
fn arabic_normal(word: &str) -> String {
    word.chars()
        .filter(|&c| c != '\u{0640}')
        .map(|c| match c {
            'ة' => 'ه',
            'ى' => 'ي',
            c => c,
        })
        .collect()
}

/// The word without its article, when enough of it is left: the form of a
/// name written without it.
fn without_article(word: &str) -> Option<&str> {
    word.strip_prefix(ARABIC_ARTICLE)
        .filter(|rest| rest.chars().count() >= 2)
}

/// What is left of `word` after each attached conjunction, preposition or
/// both (و, ب, وب...), keeping at least three letters; ل before the article
/// takes its alef (للخرطوم is ل + الخرطوم).
fn arabic_prefixed(word: &str) -> Vec<String> {
    fn strip<'a>(w: &'a str, set: &[char]) -> Option<&'a str> {
        let rest = w.strip_prefix(|c: char| set.contains(&c))?;
        (rest.chars().count() >= 3).then_some(rest)
    }
    let mut out = Vec::new();
    let after_conjunction = strip(word, ARABIC_CONJUNCTIONS);
    for w in [Some(word), after_conjunction].into_iter().flatten() {
        if w != word {
            out.push(w.to_string());
        }
        if let Some(rest) = strip(w, ARABIC_PREPOSITIONS) {
            out.push(rest.to_string());
        }
        // ل + ال is written لل: what follows is the name with its article.
        if let Some(rest) = w.strip_prefix("لل").filter(|r| r.chars().count() >= 2) {
            out.push(format!("{ARABIC_ARTICLE}{rest}"));
        }
    }
    out
}

/// Names in Cyrillic or Arabic script by the base forms of their words, each
/// with the ids its owner gives it (a town key, a matcher pattern).
#[derive(Debug, Default)]
pub struct InflectedNames {
    /// Base forms of a name's words, joined by their separators -> ids.
    by_base: FxHashMap<Box<str>, Vec<u32>>,
    /// The same keys cut after each word but the last, to stop growing a
    /// span that can become no name.
    prefixes: FxHashSet<Box<str>>,
    max_words: usize,
}

/// A name found through inflection: folded byte range and the ids.
#[derive(Debug, Clone)]
pub(super) struct InflectedHit<'a> {
    pub(super) range: Range<usize>,
    pub(super) ids: &'a [u32],
}

impl InflectedNames {
    /// Adds `name` (folded, lower case) under `id`, if one of its words is in
    /// Cyrillic or Arabic script.
    pub(super) fn add(&mut self, name: &str, id: u32) {
        let words = word_ranges(name);
        if !words.iter().any(|w| script(&name[w.clone()]).is_some()) {
            return;
        }
        let mut key = String::new();
        for (i, w) in words.iter().enumerate() {
            if i > 0 {
                let gap = &name[words[i - 1].end..w.start];
                if !JOINS.contains(&gap) {
                    return;
                }
                self.prefixes.insert(key.as_str().into());
                key.push_str(gap);
            }
            let word = &name[w.clone()];
            let base = name_base(word, words.len() == 1);
            key.push_str(&base.unwrap_or_else(|| word.to_string()));
        }
        // A one-word Cyrillic name of three letters (Мир, Рим) would meet
        // every word that starts with it once a case ending is cut: it
        // matches as written only.
        let short = words.len() == 1
            && script(&key) == Some(Script::Cyrillic)
            && key.chars().count() < MIN_STEM;
        if short {
            return;
        }
        self.max_words = self.max_words.max(words.len());
        let ids = self.by_base.entry(key.into()).or_default();
        if !ids.contains(&id) {
            ids.push(id);
        }
    }

    /// Whether no name was added.
    pub(super) fn is_empty(&self) -> bool {
        self.by_base.is_empty()
    }

    /// Every name in `lower` (folded, lower case) through inflection, starting
    /// at a Cyrillic word `cased` (the same text, case kept) capitalises or at
    /// an Arabic word. Exact spellings are found too; callers drop repeats.
    pub(super) fn find<'a>(&'a self, lower: &str, cased: &str) -> Vec<InflectedHit<'a>> {
        let mut hits = Vec::new();
        if self.is_empty() || !has_inflected_script(lower) {
            return hits;
        }
        let words = word_ranges(lower);
        for (i, first) in words.iter().enumerate() {
            let starts_a_name = match script(&lower[first.clone()]) {
                Some(Script::Cyrillic) => cased[first.start..]
                    .chars()
                    .next()
                    .is_some_and(char::is_uppercase),
                Some(Script::Arabic) => true,
                None => false,
            };
            if !starts_a_name {
                continue;
            }
            let mut spans: Vec<String> = text_bases(&lower[first.clone()], true);
            for (j, last) in words.iter().enumerate().skip(i).take(self.max_words) {
                if j > i {
                    let gap = &lower[words[j - 1].end..last.start];
                    if !JOINS.contains(&gap) {
                        break;
                    }
                    let word = &lower[last.clone()];
                    let mut forms = text_bases(word, false);
                    if forms.is_empty() {
                        forms.push(word.to_string());
                    }
                    spans = spans
                        .iter()
                        .flat_map(|s| forms.iter().map(move |f| format!("{s}{gap}{f}")))
                        .collect();
                }
                for span in &spans {
                    if let Some(ids) = self.by_base.get(span.as_str()) {
                        hits.push(InflectedHit {
                            range: first.start..last.end,
                            ids,
                        });
                    }
                }
                spans.retain(|s| self.prefixes.contains(s.as_str()));
                if spans.is_empty() {
                    break;
                }
            }
        }
        hits
    }
}

/// Adjective and people endings of Ukrainian and Russian as folding writes
/// them (російськ-ий, американськ-ої, британц-і, італійц-ями), longest first
/// where one ends another. Unlike [`CYRILLIC_ENDINGS`] they hold the genitive
/// plurals -ів, -ев, -ов (українц-ів): here a deriving suffix comes before
/// them, so no nominative name can end so.
const DERIVED_ENDINGS: &[&str] = &[
    "ого", "ому", "ими", "ыми", "ами", "ями", "ою", "ею", "ои", "еи", "іи", "ии", "ыи", "оі", "еі",
    "ая", "яя", "ое", "ее", "ые", "ие", "ых", "их", "ым", "им", "ом", "ем", "ах", "ях", "ів", "ев",
    "ов", "ам", "ям", "ую", "юю", "а", "я", "у", "ю", "і", "и", "ы", "е", "о",
];

/// The suffixes that make an adjective (французьк-ий, итальянск-ий) or a
/// people's noun (американц-ы, українц-і) of a country's stem.
const DERIVING_SUFFIXES: &[&str] = &["ськ", "цьк", "зьк", "ск", "цк", PEOPLE_SUFFIX];

/// The suffix of a people's noun. Many nouns end in it too (палац-у, "the
/// palace", is no Палау), so the stem before it keeps at least
/// [`MIN_PEOPLE_STEM`] letters: іспанц-і, канадц-ы, but no Iraqis (иракц-ы).
const PEOPLE_SUFFIX: &str = "ц";
const MIN_PEOPLE_STEM: usize = 5;

/// Letters a Cyrillic derivation may add between the country's stem and its
/// suffix: итал-ьян-ский (Италия), америк-ан-ский, росс-ий-ский.
const MAX_DERIVATION_INFIX: usize = 3;

/// Endings of the Arabic relative adjective (nisba) and its plurals, as
/// [`arabic_normal`] writes them: الفرنسي، الفرنسيه، الفرنسيون، الفرنسيين.
const NISBA_ENDINGS: &[&str] = &["يون", "يين", "يات", "يان", "يه", "ي"];

/// The shortest Arabic stem a nisba is read on (روس, Russia: الروسي), and
/// the shortest read on a word without the article: a bare word of three
/// letters and ي is as often a person's name (كيني Kenny, not Kenyan; بأني
/// "that I", not Albanian).
const MIN_NISBA_STEM: usize = 3;
const MIN_BARE_NISBA_STEM: usize = 4;

/// Countries by the stems their adjectives and peoples' names derive from,
/// so that a report meets a country it names only as an adjective or a
/// people, as the English demonyms of the gazetteer do (French, Malians):
/// французский, італійських, австрійці, الفرنسي, والإيطاليون. The stems are
/// the country names' own, cut by rule; nothing is listed by hand, and a
/// country whose adjective is made from another root (Германия: немецкий)
/// is not met this way.
#[derive(Debug, Default)]
pub struct DerivedNames {
    /// A Cyrillic name's base form ([`name_base`]: Итали, Украін) -> ids.
    base: FxHashMap<Box<str>, Vec<u32>>,
    /// The same without its final soft vowel or sign (Итал, Росс, Нигер):
    /// the adjective drops it. Met only where no base is.
    stem: FxHashMap<Box<str>, Vec<u32>>,
    /// An Arabic name's nisba stem (فرنس for فرنسا, يابان for اليابان) -> ids.
    nisba: FxHashMap<Box<str>, Vec<u32>>,
}

impl DerivedNames {
    /// Adds the one-word country name `name` (folded, lower case) under
    /// `id`, if it is in Cyrillic or Arabic script.
    pub(super) fn add(&mut self, name: &str, id: u32) {
        let push = |map: &mut FxHashMap<Box<str>, Vec<u32>>, key: &str| {
            let ids = map.entry(key.into()).or_default();
            if !ids.contains(&id) {
                ids.push(id);
            }
        };
        if word_ranges(name).len() != 1 {
            return;
        }
        match script(name) {
            Some(Script::Cyrillic) => {
                let Some(base) = name_base(name, true) else {
                    return;
                };
                if base.chars().count() < MIN_STEM {
                    return;
                }
                let stem = base.trim_end_matches(['и', 'і', 'ь']);
                if stem != base && stem.chars().count() >= MIN_STEM {
                    push(&mut self.stem, stem);
                }
                push(&mut self.base, &base);
            }
            Some(Script::Arabic) => {
                let word = arabic_normal(name);
                for form in [Some(word.as_str()), without_article(&word)]
                    .into_iter()
                    .flatten()
                {
                    if let Some(stem) = nisba_stem(form) {
                        push(&mut self.nisba, stem);
                    }
                }
            }
            None => {}
        }
    }

    /// Every country a word of `lower` (folded, lower case) derives from:
    /// each hit covers one word, in any case (adjectives are written in
    /// lower case).
    pub(super) fn find<'a>(&'a self, lower: &str) -> Vec<InflectedHit<'a>> {
        let mut hits = Vec::new();
        if !has_inflected_script(lower) {
            return hits;
        }
        for range in word_ranges(lower) {
            let word = &lower[range.clone()];
            let ids = match script(word) {
                Some(Script::Cyrillic) => self.cyrillic(word),
                Some(Script::Arabic) => self.arabic(word),
                None => None,
            };
            if let Some(ids) = ids {
                hits.push(InflectedHit { range, ids });
            }
        }
        hits
    }

    fn cyrillic(&self, word: &str) -> Option<&[u32]> {
        for ending in DERIVED_ENDINGS {
            let Some(rest) = word.strip_suffix(ending) else {
                continue;
            };
            for suffix in DERIVING_SUFFIXES {
                if let Some(core) = rest.strip_suffix(suffix) {
                    if *suffix == PEOPLE_SUFFIX && core.chars().count() < MIN_PEOPLE_STEM {
                        continue;
                    }
                    if let Some(ids) = self.cyrillic_core(core) {
                        return Some(ids);
                    }
                }
            }
        }
        None
    }

    /// The countries whose base, else whose stem, begins `core` with at
    /// most [`MAX_DERIVATION_INFIX`] letters after it, the longest first.
    fn cyrillic_core(&self, core: &str) -> Option<&[u32]> {
        let chars: Vec<(usize, char)> = core.char_indices().collect();
        let n = chars.len();
        for map in [&self.base, &self.stem] {
            for len in (MIN_STEM..=n).rev().take(MAX_DERIVATION_INFIX + 1) {
                let end = chars.get(len).map_or(core.len(), |&(i, _)| i);
                let prefix = &core[..end];
                for key in [prefix.to_string(), alternated(prefix)] {
                    if let Some(ids) = map.get(key.as_str()) {
                        return Some(ids);
                    }
                }
            }
        }
        None
    }

    fn arabic(&self, word: &str) -> Option<&[u32]> {
        // The nisba ends in ya; a final alef maqsura is another word
        // (اليمنى "the right hand", not اليمني "Yemeni").
        if word.ends_with('ى') {
            return None;
        }
        text_bases(word, true).iter().find_map(|form| {
            let (rest, min) = match form.strip_prefix(ARABIC_ARTICLE) {
                Some(rest) => (rest, MIN_NISBA_STEM),
                None => (form.as_str(), MIN_BARE_NISBA_STEM),
            };
            NISBA_ENDINGS.iter().find_map(|e| {
                let stem = rest.strip_suffix(e)?;
                (stem.chars().count() >= min)
                    .then(|| self.nisba.get(stem))
                    .flatten()
                    .map(Vec::as_slice)
            })
        })
    }
}

/// The stem an Arabic country name makes its nisba from: the name without
/// its final يا or ا (فرنسا: فرنس; ايطاليا: ايطال) or ta marbuta; `None`
/// for a name that ends in ي (مالي), whose nisba is the name itself and an
/// ordinary word too ("financial"), or a stem under [`MIN_NISBA_STEM`].
fn nisba_stem(name: &str) -> Option<&str> {
    if name.ends_with('ي') {
        return None;
    }
    let stem = name
        .strip_suffix("يا")
        .or_else(|| name.strip_suffix('ا'))
        .or_else(|| name.strip_suffix('ه'))
        .unwrap_or(name);
    (stem.chars().count() >= MIN_NISBA_STEM).then_some(stem)
}

/// What may join two words of one name (the apostrophe inside a Ukrainian
/// word, Слов'янськ, is part of it: [`word_ranges`]).
const JOINS: &[&str] = &[" "];

/// Byte ranges of the words (runs of letters and digits, an apostrophe
/// between Cyrillic letters included) of `text`.
pub(super) fn word_ranges(text: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start = None;
    let mut chars = text.char_indices().peekable();
    let mut previous = None;
    while let Some((i, c)) = chars.next() {
        // Ukrainian writes an apostrophe inside words (прем'єр, Скоп'є): between
        // two Cyrillic letters it joins them, so no name is read in a word's
        // first half ("Прем" of "Прем'єр" is no Pyay).
        let inside = APOSTROPHES.contains(&c)
            && previous.is_some_and(is_cyrillic)
            && chars.peek().is_some_and(|&(_, next)| is_cyrillic(next));
        previous = Some(c);
        match (c.is_alphanumeric() || inside, start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                out.push(s..i);
                start = None;
            }
            _ => {}
        }
    }
    if let Some(s) = start {
        out.push(s..text.len());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::super::fold::fold_str;
    use super::*;

    /// Whether text word `text` may be name word `name`.
    fn meets(text: &str, name: &str) -> bool {
        let base = name_base(&fold_str(name, true), true).unwrap();
        text_bases(&fold_str(text, true), true).contains(&base)
    }

    #[test]
    fn ukrainian_case_endings_and_vowel_alternation() {
        for text in ["Харків", "Харкова", "Харкові", "Харкову", "Харковом"]
        {
            assert!(meets(text, "Харків"), "{text}");
        }
        for text in ["Маріуполі", "Маріуполя", "Маріуполем"] {
            assert!(meets(text, "Маріуполь"), "{text}");
        }
        for text in ["Києва", "Києві", "Київ"] {
            assert!(meets(text, "Київ"), "{text}");
        }
        assert!(meets("Миколаєва", "Миколаїв"));
        assert!(meets("Одесі", "Одеса"));
        assert!(meets("Ірпені", "Ірпінь"));
        assert!(meets("Донецькій", "Донецька"));
        assert!(meets("України", "Україна"));
    }

    #[test]
    fn russian_case_endings() {
        for text in ["Киева", "Киеве", "Киеву"] {
            assert!(meets(text, "Киев"), "{text}");
        }
        assert!(meets("Мариуполе", "Мариуполь"));
        for text in ["России", "Россией", "Россию"] {
            assert!(meets(text, "Россия"), "{text}");
        }
        assert!(meets("Сирии", "Сирия"));
        assert!(meets("Донецкой", "Донецк"));
    }

    #[test]
    fn short_stems_are_not_made() {
        // Суми (Sumy) and сума (a sum) share only a three-letter stem.
        assert!(!meets("суму", "Суми"));
        assert!(!meets("Сумах", "Суми"));
        assert_eq!(name_base("суми", true).as_deref(), Some("суми"));
    }

    #[test]
    fn arabic_article_and_attached_prefixes() {
        for text in [
            "الخرطوم",
            "والخرطوم",
            "بالخرطوم",
            "للخرطوم",
            "وبالخرطوم",
            "فالخرطوم",
        ] {
            assert!(meets(text, "الخرطوم"), "{text}");
            assert!(meets(text, "خرطوم"), "{text}");
        }
        // A name's article is part of it: the same word without the article
        // is another word (مدينة "a city", not المدينة; ف + خور "proud").
        assert!(!meets("خرطوم", "الخرطوم"));
        assert!(!meets("مدينة", "المدينة"));
        assert!(!meets("فخور", "الخور"));
        assert!(!meets("كافٍ", "الكاف"));
        assert!(meets("وبغداد", "بغداد"));
        assert!(meets("بدمشق", "دمشق"));
        // Ta marbuta, alef maqsura and hamza forms are spelt one way.
        assert!(meets("الرقه", "الرقة"));
        assert!(meets("وإدلب", "ادلب"));
        // Prefixes attach to the first word only, and leave three letters.
        assert!(text_bases("بلد", true)
            .iter()
            .all(|f| f.chars().count() >= 3));
        assert_eq!(text_bases("الزور", false), ["زور", "الزور"]);
    }

    /// The country ids `text` derives from, with the words they cover.
    fn derived(names: &[&str], text: &str) -> Vec<(String, u32)> {
        let mut derived = DerivedNames::default();
        for (i, n) in names.iter().enumerate() {
            derived.add(&fold_str(n, true), i as u32);
        }
        let lower = fold_str(text, true);
        derived
            .find(&lower)
            .iter()
            .flat_map(|h| {
                h.ids
                    .iter()
                    .map(|&id| (lower[h.range.clone()].to_string(), id))
            })
            .collect()
    }

    #[test]
    fn adjectives_and_peoples_derive_from_the_country_name() {
        let names = [
            "Франция",
            "Италия",
            "Россия",
            "Японія",
            "Австрія",
            "Ізраїль",
            "Нигер",
            "Нигерия",
            "Австрия",
            "Австралия",
            "Україна",
        ];
        let ids = |text: &str| -> Vec<u32> { derived(&names, text).iter().map(|d| d.1).collect() };
        assert_eq!(ids("французский"), [0]);
        assert_eq!(ids("итальянских"), [1]);
        assert_eq!(ids("российской"), [2]);
        assert_eq!(ids("японського"), [3]);
        assert_eq!(ids("австрійці"), [4]);
        assert_eq!(ids("ізраїльська"), [5]);
        // The longest base wins: нигерийский is Nigeria's, нигерский Niger's.
        assert_eq!(ids("нигерский"), [6]);
        assert_eq!(ids("нигерийских"), [7]);
        assert_eq!(ids("австралийский"), [9]);
        assert_eq!(ids("австрийского"), [8]);
        assert_eq!(ids("українців"), [10]);
        // No deriving suffix, or a suffix after another root: no country.
        assert!(ids("Франции").is_empty());
        assert!(ids("францисканский").is_empty());
        assert!(ids("романский").is_empty());
        // A people's noun keeps five letters before its suffix: палацу
        // ("the palace") is no Палау.
        assert!(derived(&["Палау"], "палацу").is_empty());
        assert_eq!(derived(&["Іспанія"], "іспанці")[0].1, 0);
    }

    #[test]
    fn arabic_nisba_derives_from_the_country_name() {
        let names = ["فرنسا", "اليابان", "ألمانيا", "مالي", "إيطاليا"];
        let ids = |text: &str| -> Vec<u32> { derived(&names, text).iter().map(|d| d.1).collect() };
        assert_eq!(ids("الفرنسي"), [0]);
        assert_eq!(ids("والفرنسيون"), [0]);
        assert_eq!(ids("الفرنسية"), [0]);
        assert_eq!(ids("الياباني"), [1]);
        assert_eq!(ids("الألمانية"), [2]);
        assert_eq!(ids("للإيطاليين"), [4]);
        // A name ending in ي is its own nisba and an ordinary word (المالي,
        // "financial"): nothing derives from it.
        assert!(ids("المالي").is_empty());
        // Three letters and ي without the article: a name as often (كيني,
        // Kenny); with it, the nisba (الكيني).
        let ids = |text: &str| -> Vec<u32> {
            derived(&["كينيا", "اليمن"], text)
                .iter()
                .map(|d| d.1)
                .collect()
        };
        assert!(ids("كيني").is_empty());
        assert_eq!(ids("الكيني"), [0]);
        assert_eq!(ids("اليمني"), [1]);
        assert!(ids("اليمنى").is_empty());
        assert!(ids("فرنسا").is_empty());
    }

    #[test]
    fn latin_words_have_no_base_forms() {
        assert!(text_bases("kharkiv", true).is_empty());
        assert!(name_base("mali", true).is_none());
        assert!(!has_inflected_script("l'armee malienne"));
    }

    #[test]
    fn names_are_found_over_several_words_and_apostrophes() {
        let mut names = InflectedNames::default();
        for (i, n) in [
            "Кривий Ріг",
            "Слов'янськ",
            "دير الزور",
            "Харків",
            "Мир",
            "Прем",
        ]
        .iter()
        .enumerate()
        {
            names.add(&fold_str(n, true), i as u32);
        }
        let found = |text: &str| -> Vec<(String, u32)> {
            let (lower, cased) = (fold_str(text, true), fold_str(text, false));
            names
                .find(&lower, &cased)
                .iter()
                .map(|h| (lower[h.range.clone()].to_string(), h.ids[0]))
                .collect()
        };
        assert_eq!(found("під Кривим Рогом")[0].1, 0);
        assert_eq!(found("до Кривого Рогу")[0].1, 0);
        assert_eq!(found("біля Слов'янська"), [("слов'янська".to_string(), 1)]);
        assert_eq!(found("قصف بدير الزور")[0].1, 2);
        // A lower-case Cyrillic word starts no name.
        assert!(found("харкова").is_empty());
        assert_eq!(found("обстріл Харкова"), [("харкова".to_string(), 3)]);
        // A three-letter one-word name is not inflected: Миру is not Мир.
        assert!(found("Миру").is_empty());
        // The apostrophe inside a Ukrainian word joins it: "Прем'єр" holds no
        // name "Прем" (a town's alternate name).
        assert!(found("Прем'єр-міністр сказав").is_empty());
        assert!(found("Прем’єр сказав").is_empty());
        assert_eq!(found("у Прем")[0].1, 5);
    }
}

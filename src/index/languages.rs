//! The analyzers of reports in French, Arabic, Russian and Ukrainian. Each
//! report in one of them is indexed, besides the English fields every report
//! fills, in a text field of its own language (`text_fr`...: title, summary,
//! body and topic), analysed as that language reads:
//!
//! * words are runs of letters, digits and combining marks ([`LetterTokenizer`]:
//!   an Arabic word keeps its vowel marks, which the normalisation then
//!   removes, instead of splitting at each); in Ukrainian an apostrophe
//!   between letters is part of the word (`об'єкт`), and is then dropped;
//! * lower case, then the language's own folding: Arabic alef forms, ta
//!   marbuta, alef maqsura, diacritics and tatweel ([`super::arabic`]);
//!   Russian `ё` as `е`;
//! * the stop words of `index-schema/stopwords-*.txt` (npm `stopword` 3.1.5,
//!   converted by `examples/build_stopwords.rs`), and single characters;
//! * stemming: Snowball's French and Russian (frostem, as for English), the
//!   light stemmer of Larkey et al. for Arabic ([`super::arabic`]) and a
//!   light suffix stemmer for Ukrainian, which Snowball lacks
//!   ([`super::ukrainian`]);
//! * French last is ASCII-folded, after stemming (the stemmer reads the
//!   accents: `tuées` -> `tué` -> `tue`), so `tues` typed without accents
//!   finds it too.

use std::sync::LazyLock;

use frostem::Algorithm;
use tantivy::tokenizer::{
    AsciiFoldingFilter, LowerCaser, RemoveLongFilter, StopWordFilter, TextAnalyzer, Token,
    TokenFilter, TokenStream, Tokenizer,
};
use unicode_normalization::char::is_combining_mark;

use super::stemmer::MemoStemmer;
use super::{arabic, ukrainian, MAX_TOKEN_BYTES};
use crate::language::{Language, FRENCH_STOP_WORDS as STOP_WORDS_FR};

/// The stop words of each language, as converted into `index-schema/`.
const STOP_WORDS_AR: &str = include_str!("../../index-schema/stopwords-ar.txt");
const STOP_WORDS_RU: &str = include_str!("../../index-schema/stopwords-ru.txt");
const STOP_WORDS_UK: &str = include_str!("../../index-schema/stopwords-uk.txt");

/// The name of `language`'s analyzer in `schema.json` (`english` for
/// English, whose analyzer is [`super::schema::english_analyzer`]).
pub const fn analyzer_name(language: Language) -> &'static str {
    match language {
        Language::English => super::schema::ENGLISH,
        Language::French => "french",
        Language::Arabic => "arabic",
        Language::Russian => "russian",
        Language::Ukrainian => "ukrainian",
    }
}

/// The analyzer of a language other than English; `None` for English,
/// whose analyzer (tokenizer, stemmer memo) is its own.
pub fn language_analyzer(language: Language) -> Option<TextAnalyzer> {
    let stop = |list: &str, normalise: fn(&mut String)| {
        StopWordFilter::remove(stop_words(list, normalise))
    };
    let builder = |apostrophes: bool| {
        TextAnalyzer::builder(LetterTokenizer::new(apostrophes))
            .filter(RemoveLongFilter::limit(MAX_TOKEN_BYTES))
            .filter(WordMap(drop_single_character))
            .filter(LowerCaser)
    };
    Some(match language {
        Language::English => return None,
        Language::French => builder(false)
            .filter(stop(STOP_WORDS_FR, |_| {}))
            .filter(MemoStemmer::new(Algorithm::French))
            .filter(AsciiFoldingFilter)
            .build(),
        Language::Arabic => builder(false)
            .filter(WordMap(arabic::normalise))
            .filter(stop(STOP_WORDS_AR, arabic::normalise))
            .filter(WordMap(arabic::stem))
            .build(),
        Language::Russian => builder(false)
            .filter(WordMap(yo_as_ye))
            .filter(stop(STOP_WORDS_RU, yo_as_ye))
            .filter(MemoStemmer::new(Algorithm::Russian))
            .build(),
        Language::Ukrainian => builder(true)
            .filter(WordMap(ukrainian::without_apostrophes))
            .filter(stop(STOP_WORDS_UK, ukrainian::without_apostrophes))
            .filter(WordMap(ukrainian::stem))
            .build(),
    })
}

/// The words of a stop list (`#` lines are its header), lower-cased and put
/// through `normalise`, as the text they filter will be.
fn stop_words(list: &str, normalise: fn(&mut String)) -> Vec<String> {
    list.lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .map(|l| {
            let mut word = l.trim().to_lowercase();
            normalise(&mut word);
            word
        })
        .collect()
}

/// Empties a word of one character, as the English analyzer drops single
/// letters and digits: French elisions (`l'`, `d'`), Arabic letters cut
/// off by punctuation, list markers.
fn drop_single_character(word: &mut String) {
    let mut chars = word.chars();
    if chars.next().is_some() && chars.next().is_none() {
        word.clear();
    }
}

/// Every other language's analyzer, built once: the query side and the
/// snippets analyse with clones of these.
pub(crate) static ANALYZERS: LazyLock<Vec<(Language, TextAnalyzer)>> = LazyLock::new(|| {
    Language::ALL
        .into_iter()
        .filter_map(|l| language_analyzer(l).map(|a| (l, a)))
        .collect()
});

/// A clone of `language`'s analyzer (`None` for English).
pub fn analyzer_for(language: Language) -> Option<TextAnalyzer> {
    ANALYZERS
        .iter()
        .find(|(l, _)| *l == language)
        .map(|(_, a)| a.clone())
}

/// Russian `ё` written as `е`, as most Russian text does (`ещё` = `еще`).
fn yo_as_ye(word: &mut String) {
    if word.contains('ё') {
        *word = word.replace('ё', "е");
    }
}

/// Splits text into words: runs of letters, digits and combining marks
/// starting with a letter or digit; with `apostrophes`, an apostrophe
/// between two letters (`'`, `’`, `ʼ`) belongs to the word.
#[derive(Clone, Default)]
pub struct LetterTokenizer {
    apostrophes: bool,
    token: Token,
}

impl LetterTokenizer {
    /// A tokenizer that keeps apostrophes inside words when `apostrophes`.
    pub fn new(apostrophes: bool) -> Self {
        LetterTokenizer {
            apostrophes,
            token: Token::default(),
        }
    }
}

/// The apostrophes a Ukrainian word may hold.
pub(super) const APOSTROPHES: [char; 3] = ['\'', '\u{2019}', '\u{02BC}'];

impl Tokenizer for LetterTokenizer {
    type TokenStream<'a> = LetterTokenStream<'a>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> LetterTokenStream<'a> {
        self.token.reset();
        LetterTokenStream {
            text,
            at: 0,
            apostrophes: self.apostrophes,
            token: &mut self.token,
        }
    }
}

/// The tokens of one text.
pub struct LetterTokenStream<'a> {
    text: &'a str,
    at: usize,
    apostrophes: bool,
    token: &'a mut Token,
}

impl LetterTokenStream<'_> {
    /// Whether the character at byte `i` (`c`) continues the word.
    fn continues(&self, i: usize, c: char) -> bool {
        if c.is_alphanumeric() || is_combining_mark(c) {
            return true;
        }
        self.apostrophes
            && APOSTROPHES.contains(&c)
            && self.text[i + c.len_utf8()..]
                .chars()
                .next()
                .is_some_and(char::is_alphabetic)
    }
}

impl TokenStream for LetterTokenStream<'_> {
    fn advance(&mut self) -> bool {
        let rest = &self.text[self.at..];
        let Some((start, _)) = rest.char_indices().find(|(_, c)| c.is_alphanumeric()) else {
            self.at = self.text.len();
            return false;
        };
        let from = self.at + start;
        let mut to = self.text.len();
        for (i, c) in self.text[from..].char_indices() {
            if !self.continues(from + i, c) {
                to = from + i;
                break;
            }
        }
        self.at = to;
        self.token.text.clear();
        self.token.text.push_str(&self.text[from..to]);
        self.token.offset_from = from;
        self.token.offset_to = to;
        self.token.position = self.token.position.wrapping_add(1);
        self.token.position_length = 1;
        true
    }

    fn token(&self) -> &Token {
        self.token
    }

    fn token_mut(&mut self) -> &mut Token {
        self.token
    }
}

/// A token filter that rewrites each word with a function; a word it
/// empties is dropped (an Arabic token of diacritics only).
#[derive(Clone, Copy)]
pub struct WordMap(pub fn(&mut String));

impl TokenFilter for WordMap {
    type Tokenizer<T: Tokenizer> = WordMapFilter<T>;

    fn transform<T: Tokenizer>(self, tokenizer: T) -> WordMapFilter<T> {
        WordMapFilter {
            inner: tokenizer,
            map: self.0,
        }
    }
}

/// [`WordMap`] applied to a tokenizer.
#[derive(Clone)]
pub struct WordMapFilter<T> {
    inner: T,
    map: fn(&mut String),
}

impl<T: Tokenizer> Tokenizer for WordMapFilter<T> {
    type TokenStream<'a> = WordMapStream<T::TokenStream<'a>>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> Self::TokenStream<'a> {
        WordMapStream {
            tail: self.inner.token_stream(text),
            map: self.map,
        }
    }
}

/// The token stream of [`WordMapFilter`].
pub struct WordMapStream<T> {
    tail: T,
    map: fn(&mut String),
}

impl<T: TokenStream> TokenStream for WordMapStream<T> {
    fn advance(&mut self) -> bool {
        while self.tail.advance() {
            (self.map)(&mut self.tail.token_mut().text);
            if !self.tail.token().text.is_empty() {
                return true;
            }
        }
        false
    }

    fn token(&self) -> &Token {
        self.tail.token()
    }

    fn token_mut(&mut self) -> &mut Token {
        self.tail.token_mut()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn terms(language: Language, text: &str) -> Vec<String> {
        let mut analyzer = analyzer_for(language).unwrap();
        let mut stream = analyzer.token_stream(text);
        let mut out = Vec::new();
        while let Some(t) = stream.next() {
            out.push(t.text.clone());
        }
        out
    }

    #[test]
    fn french_inflections_meet_and_accents_fold_after_stemming() {
        let tues = terms(Language::French, "tué tués tuée tuées");
        assert!(tues.iter().all(|t| t == &tues[0]), "{tues:?}");
        assert_eq!(
            terms(Language::French, "tues"),
            terms(Language::French, "tués")
        );
        assert_eq!(
            terms(Language::French, "l'armée malienne"),
            terms(Language::French, "armées maliennes")
        );
        // Stop words go: `le`, `de`, `la`, and the elided `l'`/`d'`.
        assert_eq!(terms(Language::French, "le chef de la milice").len(), 2);
    }

    #[test]
    fn russian_cases_meet() {
        // Snowball's Russian stems the oblique cases of a name together, but
        // cuts the nominative `Харьков` to `харьк` (`-ов` is a plural ending).
        let kharkiv = terms(Language::Russian, "Харькова Харькове Харьковом Харькову");
        assert!(kharkiv.iter().all(|t| t == &kharkiv[0]), "{kharkiv:?}");
        let war = terms(Language::Russian, "война войны войне войной");
        assert!(war.iter().all(|t| t == &war[0]), "{war:?}");
        assert_eq!(
            terms(Language::Russian, "ещё"),
            terms(Language::Russian, "еще")
        );
        assert!(terms(Language::Russian, "и в на").is_empty());
    }

    #[test]
    fn ukrainian_cases_and_closed_syllable_vowels_meet() {
        let kharkiv = terms(Language::Ukrainian, "Харків Харкова Харкові Харковом");
        assert!(kharkiv.iter().all(|t| t == &kharkiv[0]), "{kharkiv:?}");
        let mariupol = terms(Language::Ukrainian, "Маріуполь Маріуполя Маріуполі");
        assert!(mariupol.iter().all(|t| t == &mariupol[0]), "{mariupol:?}");
        assert_eq!(
            terms(Language::Ukrainian, "об'єкт"),
            terms(Language::Ukrainian, "об’єкт")
        );
        assert!(terms(Language::Ukrainian, "і в на").is_empty());
    }

    #[test]
    fn arabic_article_prefixes_and_spellings_meet() {
        let khartoum = terms(Language::Arabic, "الخرطوم خرطوم بالخرطوم والخرطوم");
        assert!(khartoum.iter().all(|t| t == &khartoum[0]), "{khartoum:?}");
        // Diacritics and tatweel go; hamza forms of alef are one letter.
        assert_eq!(
            terms(Language::Arabic, "مَدِينَة"),
            terms(Language::Arabic, "مدينه")
        );
        assert_eq!(
            terms(Language::Arabic, "أحمد"),
            terms(Language::Arabic, "احمد")
        );
        assert_eq!(
            terms(Language::Arabic, "قـتـل"),
            terms(Language::Arabic, "قتل")
        );
        // Names that begin with ب or ل keep them: only the article's prefixes go.
        assert_eq!(terms(Language::Arabic, "بغداد"), ["بغداد"]);
    }

    #[test]
    fn letters_with_combining_marks_stay_one_word() {
        let mut tokenizer = LetterTokenizer::new(false);
        let mut stream = tokenizer.token_stream("قَتَلَ, l'armée - 12");
        let mut words = Vec::new();
        while let Some(t) = stream.next() {
            words.push((t.text.clone(), t.offset_from, t.offset_to));
        }
        assert_eq!(
            words,
            [
                ("قَتَلَ".to_string(), 0, 12),
                ("l".to_string(), 14, 15),
                ("armée".to_string(), 16, 22),
                ("12".to_string(), 25, 27)
            ]
        );
    }
}

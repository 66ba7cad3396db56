//! Snowball stemming with a memo of the words already stemmed (English,
//! and French and Russian for reports in those languages).
//!
//! Stemming was a fifth of all indexing work (perf, 100,000 generated
//! articles): tantivy's `Stemmer` runs the Snowball algorithm on every token,
//! yet a few thousand word forms make up most of any text. Each analyzer
//! instance (tantivy clones one per indexing thread) keeps its own memo, so
//! there is no locking; the stems are exactly Snowball's. Only the indexing
//! analyzer uses it: queries and snippets analyze too little to fill it.

use std::hash::BuildHasher;

use frostem::{Algorithm, Stemmer};
use rustc_hash::FxBuildHasher;
use tantivy::tokenizer::{Token, TokenFilter, TokenStream, Tokenizer};

/// Memo slots per analyzer instance (a power of two). The memo is a
/// direct-mapped cache: each word has one slot, a new word evicts the old.
/// 8,192 slots of 48 bytes stay in the CPU's L2 cache, which a hash map of
/// owned strings did not: with one, lookups cost as much as stemming.
const SLOTS: usize = 8192;
/// Longest word (and stem) kept in the memo, in bytes; longer ones are rare
/// and simply stemmed every time.
const MAX_WORD: usize = 23;

/// Token filter: Snowball stems of one language, memoized.
#[derive(Clone, Copy, Debug)]
pub struct MemoStemmer(Algorithm);

impl MemoStemmer {
    /// The stemmer of `algorithm`'s language.
    pub fn new(algorithm: Algorithm) -> Self {
        MemoStemmer(algorithm)
    }
}

impl Default for MemoStemmer {
    /// English.
    fn default() -> Self {
        MemoStemmer(Algorithm::English)
    }
}

impl TokenFilter for MemoStemmer {
    type Tokenizer<T: Tokenizer> = MemoStemmerFilter<T>;

    fn transform<T: Tokenizer>(self, tokenizer: T) -> MemoStemmerFilter<T> {
        MemoStemmerFilter {
            inner: tokenizer,
            memo: Memo::new(self.0),
        }
    }
}

/// A remembered word and its stem, stored inline.
#[derive(Clone, Copy)]
struct Slot {
    word_len: u8,
    stem_len: u8,
    word: [u8; MAX_WORD],
    stem: [u8; MAX_WORD],
}

const EMPTY: Slot = Slot {
    word_len: 0,
    stem_len: 0,
    word: [0; MAX_WORD],
    stem: [0; MAX_WORD],
};

/// The word -> stem memo of one analyzer instance.
#[derive(Clone)]
struct Memo {
    stemmer: Stemmer,
    /// Empty until the first word: the index's registered analyzer is
    /// cloned per segment writer, and the original never stems anything.
    slots: Vec<Slot>,
}

impl Default for Memo {
    fn default() -> Self {
        Memo::new(Algorithm::English)
    }
}

impl Memo {
    fn new(algorithm: Algorithm) -> Self {
        Memo {
            stemmer: Stemmer::new(algorithm),
            slots: Vec::new(),
        }
    }
}

impl Memo {
    /// Replaces `word` by its stem.
    fn stem(&mut self, word: &mut String) {
        let bytes = word.as_bytes();
        if bytes.is_empty() || bytes.len() > MAX_WORD {
            *word = self.stemmer.stem(word).into_owned();
            return;
        }
        if self.slots.is_empty() {
            self.slots = vec![EMPTY; SLOTS];
        }
        let slot = &mut self.slots[FxBuildHasher.hash_one(bytes) as usize & (SLOTS - 1)];
        if &slot.word[..usize::from(slot.word_len)] != bytes {
            let stem = self.stemmer.stem(word);
            if stem.len() > MAX_WORD {
                *word = stem.into_owned();
                return;
            }
            slot.stem[..stem.len()].copy_from_slice(stem.as_bytes());
            slot.stem_len = stem.len() as u8;
            slot.word[..bytes.len()].copy_from_slice(bytes);
            slot.word_len = bytes.len() as u8;
        }
        let stem = std::str::from_utf8(&slot.stem[..usize::from(slot.stem_len)])
            .expect("a stem copied from a str");
        word.clear();
        word.push_str(stem);
    }
}

/// [`MemoStemmer`] applied to a tokenizer.
#[derive(Clone)]
pub struct MemoStemmerFilter<T> {
    inner: T,
    memo: Memo,
}

impl<T: Tokenizer> Tokenizer for MemoStemmerFilter<T> {
    type TokenStream<'a> = MemoStemmerStream<'a, T::TokenStream<'a>>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> Self::TokenStream<'a> {
        MemoStemmerStream {
            tail: self.inner.token_stream(text),
            memo: &mut self.memo,
        }
    }
}

/// The token stream of [`MemoStemmerFilter`].
pub struct MemoStemmerStream<'a, T> {
    tail: T,
    memo: &'a mut Memo,
}

impl<T: TokenStream> TokenStream for MemoStemmerStream<'_, T> {
    fn advance(&mut self) -> bool {
        if !self.tail.advance() {
            return false;
        }
        self.memo.stem(&mut self.tail.token_mut().text);
        true
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
    use tantivy::tokenizer::{Language, SimpleTokenizer, TextAnalyzer};

    use super::*;

    fn stems(analyzer: &mut TextAnalyzer, text: &str) -> Vec<String> {
        let mut stream = analyzer.token_stream(text);
        let mut out = Vec::new();
        while let Some(token) = stream.next() {
            out.push(token.text.clone());
        }
        out
    }

    #[test]
    fn gives_tantivys_snowball_stems_however_often_a_word_recurs() {
        let text = "attacks attacked attacking attacks negotiations negotiators generously \
                    fruitlessly attacks rebels rebelled";
        let mut memo = TextAnalyzer::builder(SimpleTokenizer::default())
            .filter(MemoStemmer::default())
            .build();
        let mut plain = TextAnalyzer::builder(SimpleTokenizer::default())
            .filter(tantivy::tokenizer::Stemmer::new(Language::English))
            .build();
        let expected = stems(&mut plain, text);
        assert_eq!(stems(&mut memo, text), expected);
        // Second pass: every word now comes from the memo.
        assert_eq!(stems(&mut memo, text), expected);
        assert_eq!(expected[0], "attack");
    }

    #[test]
    fn evicted_long_and_non_ascii_words_are_stemmed_right() {
        let mut memo = Memo::default();
        let plain = Stemmer::new(Algorithm::English);
        let words = (0..3 * SLOTS)
            .map(|i| format!("word{i}s"))
            .chain(["internationalisations".repeat(2), "générations".into()]);
        for word in words {
            let expected = plain.stem(&word).into_owned();
            let mut stemmed = word.clone();
            memo.stem(&mut stemmed);
            assert_eq!(stemmed, expected, "{word}");
        }
    }
}

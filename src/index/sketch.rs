//! Story sketches: what a report is about, for linking the reports of one
//! event that outlets wrote in their own words (`story`).
//!
//! Reprints share runs of words ([`super::fingerprint`]); two reports of one
//! event share few runs but the same rare words: the names of the people and
//! places, the event's nouns. A sketch is a document's [`TERMS`] heaviest
//! words, each weighed by how often the text uses it (1 + ln of its count, a
//! name counting double) times its rarity in news (the inverse document
//! frequency over the Wikipedia Current Events items of `word-weights.tsv`,
//! a fixed table, so a sketch depends on its document alone), plus the
//! places and actors the gazetteer found, each a word of weight
//! [`FACET_IDF`]. Two sketches are compared by the cosine of their
//! weights: at least [`LINK_COSINE`] ([`Sketch::links`]) links them into
//! one block of reports, which average linkage splits into stories, joining
//! groups whose mean cosine is at least [`STORY_COSINE`]
//! ([`super::copies`], [`super::linkage`]).
//!
//! The weights were chosen on ECB+ (`examples/eval_stories.rs`; pairwise F1
//! with all articles on one day / with the two events of a topic 30 days
//! apart) when a story was every pair at cosine 0.4 (single linkage): names
//! counting once 0.748 / 0.845, 1.5 times 0.781 / 0.890, twice 0.777 /
//! 0.899; at cosine 0.35, three times did worse than twice (0.759 against
//! 0.771 on one day). The facets' weight hardly matters there (ECB+ names
//! few places of the gazetteer: 0 and 11 gave 0.770 and 0.763 against
//! 0.771). 32 words kept did as well as all of them in a prototype, and
//! 48 or 64 little better with average linkage (one day, all topics: 0.845
//! and 0.840 against 0.839).

use std::cell::RefCell;
use std::sync::OnceLock;

use rustc_hash::FxHashMap;
use tantivy::schema::Facet;
use tantivy::tokenizer::{TokenStream, Tokenizer};
use xxhash_rust::xxh3::{xxh3_64, Xxh3};

use super::fingerprint::{Fingerprint, TextWords, Word, Written};
use super::schema::WordAnalysis;
use super::tokenizer::WordTokenizer;
use crate::article::Article;
use crate::enrich::Enrichment;
use crate::language::Language;

/// Words kept per sketch.
pub(crate) const TERMS: usize = 32;
/// Words of a sketch that are candidate keys: two documents are compared
/// when they share one of their heaviest [`KEYS`] words.
const KEYS: usize = 8;
/// Least cosine of two sketches linked into one block: the reports that
/// average linkage may join into stories, and no others.
const LINK_COSINE: f64 = 0.3;
/// Least mean cosine of two groups of reports joined into one story
/// (average linkage over a block). Chosen on the odd topics of ECB+ (one
/// day; the even ones held out), with blocks linked at 0.25 / 0.3 / 0.35 /
/// 0.4 and means of 0.2 / 0.25 / 0.3: pairwise F1 0.863 at 0.25 / 0.3 and
/// 0.25, 0.853 at 0.35, 0.828 at a mean of 0.3, 0.801 at 0.2 (held out:
/// 0.811 at the setting chosen); single linkage at 0.4 gave 0.798. 0.3
/// rather than 0.25 for blocks: the same F1, and smaller blocks (47 reports
/// at most against 58).
const STORY_COSINE: f64 = 0.25;
/// Least cosine of two sketches compared that counts in a mean: lower ones
/// count as 0 (on ECB+ the same stories as keeping every cosine above 0,
/// with a quarter fewer pairs kept).
const COMPARED_COSINE: f64 = 0.1;
/// Sketches of fewer words are never linked: a headline and a line say
/// too little to tell one event from another of its kind (with 8, three
/// ten-word items "An elephant was seen near the ... on ... morning" of
/// one day were one story).
const MIN_TERMS: usize = 12;
/// A name (a capitalised word that does not start a sentence) counts this
/// many times.
const NAME_WEIGHT: f64 = 2.0;
/// The inverse document frequency a place or actor facet is weighed with:
/// about that of a word in one news item of 1,500.
const FACET_IDF: f64 = 7.3;
/// Weights are stored in 16 bits, a share of this scale.
const SCALE: f64 = 65_535.0;

/// The reference frequencies as inverse document frequencies, by the
/// word's hash (as a sketch holds it), so that a document's words are
/// looked up without a string of their own, and computed once.
struct WordWeights {
    /// The inverse document frequency of a word of no item.
    unseen: f64,
    idfs: FxHashMap<u64, f64>,
}

impl WordWeights {
    fn embedded() -> &'static WordWeights {
        static WEIGHTS: OnceLock<WordWeights> = OnceLock::new();
        WEIGHTS.get_or_init(|| {
            let text = include_str!("../../index-schema/word-weights.tsv");
            let mut counts = Vec::new();
            let mut items = 1.0;
            for line in text.lines().filter(|l| !l.starts_with('#')) {
                let Some((word, count)) = line.split_once('\t') else {
                    continue;
                };
                let Ok(count) = count.parse::<u32>() else {
                    continue;
                };
                if word == "@items" {
                    items = f64::from(count);
                } else {
                    counts.push((hash_of(word.as_bytes()), count));
                }
            }
            let idf = |count: u32| ((items + 1.0) / (f64::from(count) + 1.0)).ln();
            WordWeights {
                unseen: idf(0),
                idfs: counts
                    .into_iter()
                    .map(|(hash, count)| (hash, idf(count)))
                    .collect(),
            }
        })
    }

    /// Inverse document frequency of the word hashed to `hash`:
    /// ln((items + 1) / (count + 1)).
    fn idf(&self, hash: u64) -> f64 {
        self.idfs.get(&hash).copied().unwrap_or(self.unseen)
    }
}

/// A document's story sketch, as stored in the `sketch` fast field.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub(crate) struct Sketch {
    /// Per word, its 48-bit hash (high bits) and weight as a share of
    /// [`SCALE`] (low 16 bits): the stored form, and sorted by hash.
    words: Vec<u64>,
}

/// The English analyzer in two steps: its tokenizer, and its filters
/// over one word ([`super::schema::english_word_analyzer`]), with what the
/// filters and the copies fingerprint made of each word the thread has
/// seen.
struct Analysis {
    tokenizer: WordTokenizer,
    word: Box<dyn WordAnalysis>,
    /// Per token as written, what the filters and the fingerprint make of
    /// it ([`WrittenToken`]). Both are functions of the word, so this changes no
    /// sketch and no fingerprint. A build's texts are a few tens of
    /// thousands of written forms used over and over (2,000 generated
    /// articles: 1.23 M tokens, 688,475 of them distinct within their
    /// article): looking a token up costs a hash and a comparison, where
    /// lower-casing, folding, the stop list and the stemmer's memo cost over
    /// a thousand instructions (callgrind, 2026-12-07). Cleared at
    /// [`MEMO_WORDS`].
    memo: FxHashMap<Box<str>, WrittenToken>,
    /// The current article's counts by analysed word, kept between
    /// articles for its room.
    counts: FxHashMap<u64, f64>,
}

/// What is kept of a token as written.
#[derive(Clone, Copy)]
struct WrittenToken {
    /// The hash of what the filters make of it, or `None` for one they
    /// drop (a stop word, a single letter, a word too long).
    analysed: Option<u64>,
    /// What the copies fingerprint takes of it.
    written: Written,
}

/// Written forms an [`Analysis`] remembers before it starts again: a few
/// MB per thread, the vocabulary of tens of thousands of articles.
const MEMO_WORDS: usize = 1 << 16;

thread_local! {
    static ANALYSIS: RefCell<Analysis> = RefCell::new(Analysis {
        tokenizer: WordTokenizer::default(),
        word: super::schema::english_word_analyzer(),
        memo: FxHashMap::default(),
        counts: FxHashMap::default(),
    });
}

const HASH_BITS: u32 = 48;

fn hash_of(bytes: &[u8]) -> u64 {
    xxh3_64(bytes) >> (64 - HASH_BITS)
}

/// An article's copies fingerprint (the same as [`Fingerprint::of`]) and
/// story sketch, from one reading of its text: the sketch's tokens give the
/// fingerprint its words, and what the fingerprint takes of a written word
/// is kept with what the filters make of it (two passes over each text
/// were a tenth of a build, callgrind 2026-12-08).
pub(crate) fn fingerprint_and_sketch(
    article: &Article,
    enrichment: &Enrichment,
) -> (Fingerprint, Sketch) {
    // The word weights are English news's: in another language every
    // word, its function words first, weighs as a rare name, and reports
    // of different events days apart share enough of them to be linked
    // (167 of the 215 addresses and briefings of Ukraine's president in
    // the bundled corpus, about one a day, were one story). Such a
    // report joins a story through its copies only.
    if article.language != Language::English {
        return (Fingerprint::of(article), Sketch::default());
    }
    let (counts, words) = read(article);
    let print = Fingerprint::of_words(&article.id, &words);
    (print, Sketch::of_counts(counts, enrichment))
}

impl Sketch {
    /// The sketch of an article's headline, summary and body and of the
    /// places and actors found in it.
    #[cfg(test)]
    fn of(article: &Article, enrichment: &Enrichment) -> Sketch {
        fingerprint_and_sketch(article, enrichment).1
    }

    /// The sketch of an article whose analysed words have the counts
    /// `counts` ([`read`]).
    fn of_counts(counts: Vec<(u64, f64)>, enrichment: &Enrichment) -> Sketch {
        let weights = WordWeights::embedded();
        let mut weighted: Vec<(u64, f64)> = counts
            .into_iter()
            .map(|(hash, count)| (hash, tf(count) * weights.idf(hash)))
            .collect();
        let facets = enrichment.regions.iter().chain(&enrichment.actors);
        weighted.extend(facets.map(|facet: &Facet| (facet_hash(facet), FACET_IDF)));
        Sketch::from_weights(weighted)
    }

    /// The sketch of the heaviest [`TERMS`] of some weighted words.
    fn from_weights(mut weighted: Vec<(u64, f64)>) -> Sketch {
        heaviest_first(&mut weighted);
        weighted.truncate(TERMS);
        let norm = weighted.iter().map(|(_, w)| w * w).sum::<f64>().sqrt();
        let mut words: Vec<u64> = weighted
            .into_iter()
            .filter(|_| norm > 0.0)
            .map(|(hash, w)| (hash << 16) | (w / norm * SCALE).round() as u64)
            .filter(|&word| weight(word) > 0)
            .collect();
        words.sort_unstable();
        Sketch { words }
    }

    /// Whether two sketches are linked into one block of reports.
    #[cfg(test)]
    fn similar(&self, other: &Sketch) -> bool {
        self.compare(other).is_some_and(Sketch::links)
    }

    /// The similarity of two linkable sketches that counts in a story's
    /// mean: the dot product of their stored weights (a cosine times
    /// [`SCALE`] squared, exact), `None` below [`COMPARED_COSINE`].
    pub fn compare(&self, other: &Sketch) -> Option<u64> {
        if !(self.linkable() && other.linkable()) {
            return None;
        }
        let dot = self.dot(other);
        (dot as f64 >= COMPARED_COSINE * SCALE * SCALE).then_some(dot)
    }

    /// Whether a similarity [`Sketch::compare`] gave links two reports
    /// into one block.
    pub fn links(dot: u64) -> bool {
        dot as f64 >= LINK_COSINE * SCALE * SCALE
    }

    /// Whether two groups of reports whose similarities sum to `sum` over
    /// `pairs` pairs are of one story: a mean of at least
    /// [`STORY_COSINE`].
    pub fn joins(sum: u64, pairs: u64) -> bool {
        sum as f64 >= STORY_COSINE * SCALE * SCALE * pairs as f64
    }

    /// Whether the sketch has enough words to be linked.
    pub fn linkable(&self) -> bool {
        self.words.len() >= MIN_TERMS
    }

    /// The cosine of the two weight vectors (each stored with norm 1).
    #[cfg(test)]
    fn cosine(&self, other: &Sketch) -> f64 {
        self.dot(other) as f64 / (SCALE * SCALE)
    }

    /// The dot product of the stored weights.
    fn dot(&self, other: &Sketch) -> u64 {
        let (mut a, mut b) = (self.words.iter().peekable(), other.words.iter().peekable());
        let mut sum = 0;
        while let (Some(&&x), Some(&&y)) = (a.peek(), b.peek()) {
            match (x >> 16).cmp(&(y >> 16)) {
                std::cmp::Ordering::Less => {
                    a.next();
                }
                std::cmp::Ordering::Greater => {
                    b.next();
                }
                std::cmp::Ordering::Equal => {
                    sum += u64::from(weight(x)) * u64::from(weight(y));
                    a.next();
                    b.next();
                }
            }
        }
        sum
    }

    /// The candidate keys: the hashes of the heaviest [`KEYS`] words.
    pub fn keys(&self) -> Vec<u64> {
        let mut heaviest = self.words.clone();
        heaviest.sort_by(|a, b| weight(*b).cmp(&weight(*a)).then(a.cmp(b)));
        heaviest.into_iter().take(KEYS).map(|w| w >> 16).collect()
    }

    /// The stored form: the values of the multi-valued `sketch` fast field,
    /// hash in the high 48 bits and weight in the low 16.
    pub fn to_words(&self) -> &[u64] {
        &self.words
    }

    /// Reads the stored form.
    pub fn from_words(words: impl Iterator<Item = u64>) -> Sketch {
        let mut words: Vec<u64> = words.collect();
        words.sort_unstable();
        Sketch { words }
    }
}

/// Puts the heaviest [`TERMS`] distinct words of `weighted` first, in
/// order: heaviest first, then by hash, so that ties cut the same way in
/// every run; a word listed twice (a facet found twice) counts once. What
/// follows them is in no order.
fn heaviest_first(weighted: &mut Vec<(u64, f64)>) {
    // An order without ties (equal entries are the same word and weight),
    // so unstable sorting gives the same order as stable sorting.
    let order = |a: &(u64, f64), b: &(u64, f64)| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0));
    // Most texts have hundreds of words: the heaviest few are picked out
    // and sorted, not all of them. Duplicates are next to each other in
    // the sorted head, so dropping them there drops them from the whole;
    // if too few are left, everything is sorted.
    if HEAD < weighted.len() {
        weighted.select_nth_unstable_by(HEAD, order);
        let head = &mut weighted[..HEAD];
        head.sort_unstable_by(order);
        let distinct = 1 + head.windows(2).filter(|w| w[0].0 != w[1].0).count();
        if distinct >= TERMS {
            weighted.truncate(HEAD);
            weighted.dedup_by_key(|(hash, _)| *hash);
            return;
        }
    }
    weighted.sort_unstable_by(order);
    weighted.dedup_by_key(|(hash, _)| *hash);
}

/// The words [`heaviest_first`] sorts of a long text: room for duplicates
/// among the heaviest [`TERMS`].
const HEAD: usize = 2 * TERMS;

/// The weight of a stored word.
fn weight(word: u64) -> u16 {
    word as u16
}

/// A word's weight from how often the text uses it: 1 + ln(count) above
/// one, so that a long text does not win by repeating itself.
fn tf(count: f64) -> f64 {
    if count > 1.0 {
        1.0 + count.ln()
    } else {
        count
    }
}

/// The hash under which a facet is a word of the sketch (marked so that no
/// word hashes to it by design).
fn facet_hash(facet: &Facet) -> u64 {
    // xxh3 of "facet:" and the facet, streamed: no string made.
    let mut hasher = Xxh3::new();
    hasher.update(b"facet:");
    hasher.update(facet.encoded_str().as_bytes());
    hasher.digest() >> (64 - HASH_BITS)
}

/// Whether the word at `offset` of `text` is a name: capitalised, and not
/// the first word of a sentence or line.
fn is_name(text: &str, offset: usize) -> bool {
    let capitalised = text[offset..]
        .chars()
        .next()
        .is_some_and(char::is_uppercase);
    if !capitalised {
        return false;
    }
    let before = text[..offset].trim_end_matches([' ', '"', '\'', '(', '“']);
    !before.is_empty() && !before.ends_with(['.', '!', '?', '\n', ':'])
}

/// One reading of an English article's headline, summary and body: its
/// analysed words by hash (as the sketch keeps them: no string per word),
/// each with its count, a name counting [`NAME_WEIGHT`] times (the counts
/// are small whole numbers, so their sums do not depend on the order), and
/// the words of its summary and body for the copies fingerprint.
fn read(article: &Article) -> (Vec<(u64, f64)>, Vec<Word>) {
    ANALYSIS.with(|analysis| {
        let Analysis {
            tokenizer,
            word,
            memo,
            counts,
        } = &mut *analysis.borrow_mut();
        if memo.len() >= MEMO_WORDS {
            memo.clear();
        }
        let mut words = Vec::new();
        for (i, text) in [&article.title, &article.summary, &article.body]
            .into_iter()
            .enumerate()
        {
            // The headline is not the fingerprint's: outlets rewrite it.
            let mut printed = (i > 0).then(|| TextWords::new(text, &mut words));
            let mut stream = tokenizer.token_stream(text);
            while stream.advance() {
                let token = stream.token();
                let kept = match memo.get(token.text.as_str()) {
                    Some(&kept) => kept,
                    None => {
                        let kept = WrittenToken {
                            analysed: analyse(word.as_mut(), &token.text),
                            written: Written::of(&token.text),
                        };
                        memo.insert(token.text.as_str().into(), kept);
                        kept
                    }
                };
                if let Some(hash) = kept.analysed {
                    *counts.entry(hash).or_default() += weight_at(text, token.offset_from);
                }
                if let Some(printed) = &mut printed {
                    printed.token(
                        token.offset_from,
                        token.offset_to,
                        &token.text,
                        kept.written,
                    );
                }
            }
            if let Some(printed) = printed {
                printed.finish();
            }
        }
        (counts.drain().collect(), words)
    })
}

/// The hash of what the filters make of one written token, `None` if they
/// drop it (one token in, at most one out).
fn analyse(filters: &mut dyn WordAnalysis, written: &str) -> Option<u64> {
    let mut analysed = None;
    filters.analyse(written, &mut |word| {
        analysed = Some(hash_of(word.as_bytes()))
    });
    analysed
}

/// What the word at `offset` of `text` counts for: a name counts
/// [`NAME_WEIGHT`] times.
fn weight_at(text: &str, offset: usize) -> f64 {
    if is_name(text, offset) {
        NAME_WEIGHT
    } else {
        1.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn article(title: &str, body: &str) -> Article {
        let date = chrono::NaiveDate::from_ymd_opt(2013, 1, 1).unwrap();
        let mut article = Article::new("test".to_string(), String::new(), date, title.to_string());
        article.body = body.to_string();
        article
    }

    #[test]
    fn names_are_capitalised_words_inside_a_sentence() {
        let text = "Troops entered Gao. Residents fled.\nPolice said";
        assert!(is_name(text, text.find("Gao").unwrap_or(0)));
        assert!(!is_name(text, 0));
        assert!(!is_name(text, text.find("Residents").unwrap_or(0)));
        assert!(!is_name(text, text.find("Police").unwrap_or(0)));
        assert!(!is_name(text, text.find("entered").unwrap_or(0)));
    }

    #[test]
    fn words_are_counted_as_the_indexing_analyzer_gives_them() {
        let a = article(
            "U.S.-led talks on a cease-fire: Talks resume",
            "Talks on the cease-fire resumed in Doha on Monday. The U.S. envoy said talks \
             would go on; the envoy's team said TALKS were \"constructive\". Stemming's \
             régime of words: attacks, attacked, attacking. A 2-1 vote on 2014-07-20 and \
             internationalisationsinternationalisationsinternationalisations.",
        );
        let mut expected: FxHashMap<u64, f64> = FxHashMap::default();
        let mut analyzer = super::super::schema::indexing_english_analyzer();
        for text in [&a.title, &a.summary, &a.body] {
            let mut stream = analyzer.token_stream(text);
            while stream.advance() {
                let token = stream.token();
                let weight = weight_at(text, token.offset_from);
                *expected.entry(hash_of(token.text.as_bytes())).or_default() += weight;
            }
        }
        let counts = |a: &Article| -> FxHashMap<u64, f64> { read(a).0.into_iter().collect() };
        // The first time through the filters, then from the memo.
        assert_eq!(counts(&a), expected);
        assert_eq!(counts(&a), expected);
        assert_eq!(expected[&hash_of(b"talk")], 6.0);
    }

    /// Texts whose word boundaries differ between the tokenizer and the
    /// fingerprint's runs of letters and digits, or that are hard to read.
    const HARD_TEXTS: &[&str] = &[
        "U.S.-led talks: the U.N. and U.S.A. met in the U.S",
        "U.S.Army, e.g. at 9 a.m. on 2014-07-20; a 2-1 win. Dr. Smith said so!",
        "state-of-the-art al\u{2011}Shabaab cease\u{2010}fire -lead trail- x--y Israel–Gaza",
        "Ålesund ÅLESUND Ünal İstanbul Éric e\u{301}te ٣ killed in Ḥimṣ? Yes.\nNew line",
        "Киев: ВСУ сообщили о 12 атаках. «Киев» — столица. 東京 and 北京 met.",
        "  leading spaces, \"quoted\" (bracketed) 'single' ...and... ellipses?!",
        "A.B. C.D.E. F. G.-H. I.2. j.k.l x.y-z a. b. Z.",
        "http://example.com/path-to/page.html?id=12&x=y mail@example.org",
        "",
        "-",
        "Word",
    ];

    fn read_alike(summary: &str, body: &str) {
        let mut a = article("A headline", body);
        a.summary = summary.to_string();
        let long = super::super::fingerprint::words(summary, body);
        assert_eq!(read(&a).1, long, "{summary:?} {body:?}");
    }

    #[test]
    fn the_fingerprint_reads_the_same_words_along_the_tokens() {
        let long = format!("{} {}-{}", "Z".repeat(70), "y".repeat(65), "é".repeat(40));
        let mut texts: Vec<String> = HARD_TEXTS.iter().map(|t| t.to_string()).collect();
        texts.push(long);
        for summary in &texts {
            for body in &texts {
                read_alike(summary, body);
            }
        }
        // Real text: every line of bundled records, as they are (JSON with
        // its quotes and escapes), in English, French and Russian.
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus");
        for file in [
            "current-events/2023.jsonl",
            "multilingual/fr-wikinews.jsonl",
            "multilingual/ru-wikinews.jsonl",
        ] {
            let text = std::fs::read_to_string(root.join(file)).unwrap_or_default();
            assert!(!text.is_empty(), "{file}");
            for pair in text.lines().collect::<Vec<_>>().chunks(2) {
                read_alike(pair[0], pair.get(1).copied().unwrap_or(""));
            }
        }
    }

    #[test]
    fn one_reading_gives_the_fingerprint_and_the_sketch() {
        let mut a = article(
            "U.S.-led cease-fire talks resume",
            "The U.S. envoy met Hamas negotiators in Doha on Monday, officials said. Talks \
             on a cease-fire in Gaza resumed after a 2-1 vote; 12 hostages were freed.",
        );
        a.summary = "Talks resume in Doha.".to_string();
        a.language = Language::English;
        let (print, sketch) = fingerprint_and_sketch(&a, &Enrichment::default());
        assert_eq!(print, Fingerprint::of(&a));
        assert!(!sketch.to_words().is_empty());
        // In another language, the fingerprint alone.
        a.language = Language::French;
        assert_eq!(
            fingerprint_and_sketch(&a, &Enrichment::default()),
            (Fingerprint::of(&a), Sketch::default())
        );
    }

    #[test]
    fn the_heaviest_words_are_those_of_sorting_them_all() {
        // Long lists (the heaviest picked out first) with ties and
        // duplicates among the heaviest, and short ones.
        for len in [0usize, 1, 31, 32, 64, 65, 100, 400] {
            for dups in [0usize, 10, 40, 70] {
                let mut weighted: Vec<(u64, f64)> = (0..len as u64)
                    .map(|i| (xxh3_64(&i.to_le_bytes()) >> 16, f64::from((i % 37) as u32)))
                    .collect();
                let copies: Vec<(u64, f64)> = weighted
                    .iter()
                    .filter(|w| w.1 >= 30.0)
                    .take(dups)
                    .copied()
                    .collect();
                weighted.extend(copies);
                let mut expected = weighted.clone();
                expected.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
                expected.dedup_by_key(|(hash, _)| *hash);
                expected.truncate(TERMS);
                heaviest_first(&mut weighted);
                weighted.truncate(TERMS);
                assert_eq!(weighted, expected, "{len} {dups}");
            }
        }
    }

    #[test]
    fn facet_hash_is_that_of_its_marked_text() {
        let facet = Facet::from("/region/Ukraine/Kharkiv Oblast");
        assert_eq!(
            facet_hash(&facet),
            hash_of(format!("facet:{}", facet.encoded_str()).as_bytes())
        );
    }

    #[test]
    fn stored_form_reads_back() {
        let a = article(
            "Quake shakes northern California",
            "A magnitude 4.6 earthquake struck Northern California on Thursday morning near \
             Santa Rosa in the Geysers area. There were no reports of damage or injuries.",
        );
        let sketch = Sketch::of(&a, &Enrichment::default());
        assert!(sketch.linkable());
        assert_eq!(
            Sketch::from_words(sketch.to_words().iter().copied()),
            sketch
        );
        assert!((sketch.cosine(&sketch) - 1.0).abs() < 1e-3);
    }

    #[test]
    fn reports_of_one_event_are_similar_and_of_another_are_not() {
        // Three ECB+ reports (CC BY 3.0, ../shared/data/news-clusters-ecbplus,
        // their first sentences verbatim): 1_10ecb and 1_11ecb of Tara Reid
        // entering rehab, 1_10ecbplus of Lindsay Lohan doing so years later.
        let reid = article(
            "",
            "Perennial party girl Tara Reid checked herself into Promises Treatment Center, \
             her rep told People.\n``We appreciate your respect to her and her family's privacy \
             at this time, '' the 33-year-old actress's rep Jack Ketsoyan told the magazine \
             exclusively for their Web site.\nKetsoyan would not say what the ``American Pie '' \
             star was being treated for.",
        );
        let reid_again = article(
            "",
            "Tara Reid has entered a rehab program, the American Pie star's rep confirmed to \
             People and Us Weekly on Friday.\nThe news comes as a shock for everyone who just \
             assumed the seldom-seen actress had been holed up there for a while-at least when \
             she wasn't touring U.S. frat houses and/or tequila conventions.\n``Tara Reid has \
             checked herself into Promises Treatment Center, '' Reid's rep told Us.\n``We \
             appreciate your respect to her and her family's privacy at this time. ''",
        );
        let lohan = article(
            "Lindsay Lohan checks into Betty Ford Center",
            "After skipping out on entering a Newport Beach rehabilitation facility and facing \
             the prospect of arrest for violating her probation, Lindsay Lohan has checked into \
             the Betty Ford Center to begin a 90-day court-mandated stay in her reckless driving \
             conviction.\nLohan was previously at Betty Ford from September 2010 to January 2011 \
             after a probation violation in a prior drunk driving case.",
        );
        let none = Enrichment::default();
        let (a, b, c) = (
            Sketch::of(&reid, &none),
            Sketch::of(&reid_again, &none),
            Sketch::of(&lohan, &none),
        );
        assert!(a.similar(&b), "cosine {}", a.cosine(&b));
        assert!(!a.similar(&c), "cosine {}", a.cosine(&c));
        assert!(!b.similar(&c), "cosine {}", b.cosine(&c));
    }
}

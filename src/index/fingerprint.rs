//! Content fingerprints for finding reprints: MinHash over word shingles.
//!
//! An outlet that reprints wire copy rewrites the headline, adds a line of
//! its own, cuts from the end, swaps paragraphs and changes a few words; the
//! runs of three words it keeps are most of the original's. The fingerprint
//! of a text is the set of its three-word shingles summarised by MinHash
//! ([`HASHES`] minimum values, one per bin of a single hash function): the share
//! of equal values between two fingerprints estimates the Jaccard similarity
//! of their shingle sets. With the number of shingles it also estimates
//! containment, which a reprint cut to its first half keeps high.
//!
//! Shared wording is not enough: pages made from one template (a series'
//! results, day after day: "the winner of the stage is X, followed by Y")
//! and a site's navigation block share most of their runs of words and
//! differ in their facts. A reprint keeps the facts, so the fingerprint
//! also summarises the text's facts (numbers, and capitalised words that do
//! not start a sentence: names) with a smaller MinHash, and copies must
//! share most of the facts of the one with fewer.
//!
//! Hand-written over xxh3 (already a dependency) rather than with a MinHash
//! crate: the crates' value is their in-memory LSH index, and sitrep keeps
//! fingerprints in the index itself (a fast bytes field) so that grouping is
//! committed with the documents; what remains is [`min_hashes`].

use xxhash_rust::xxh3::xxh3_64;

use crate::article::Article;

/// MinHash values per fingerprint.
pub(crate) const HASHES: usize = 72;
/// Values per LSH band: two texts become candidates when all the values of
/// one band agree. 24 bands of 3 make a pair of Jaccard similarity 0.5 a
/// candidate with probability 0.96, one of 0.1 with 0.024.
const BAND_ROWS: usize = 3;
/// Words per shingle.
const SHINGLE_WORDS: usize = 3;
/// Texts with fewer distinct shingles are never grouped: a one-line item
/// shares too little to tell a reprint from a formula ("X people were
/// killed in Y").
pub(crate) const MIN_SHINGLES: u32 = 12;
/// Estimated Jaccard similarity above which two texts are copies.
const MIN_JACCARD: f64 = 0.5;
/// Estimated containment (shared shingles over the smaller text's) above
/// which two texts are copies when their Jaccard similarity is at least
/// [`MIN_JACCARD_CONTAINED`]: a reprint cut to its first half.
const MIN_CONTAINMENT: f64 = 0.8;
/// The least Jaccard similarity of a contained copy.
const MIN_JACCARD_CONTAINED: f64 = 0.3;

/// MinHash values over the facts.
pub(crate) const FACT_HASHES: usize = 32;
/// Texts with fewer distinct facts are compared by wording alone: a few
/// names say too little.
const MIN_FACTS: u32 = 6;
/// Estimated share of the facts of the text with fewer that the other
/// holds, at least, for two texts to be copies. Generated reprints (cut,
/// edited, with a line of the outlet's) keep 0.9 and more; pages of one
/// template on different days share their navigation and formulas only
/// (the two stage pages of the unit test below: about 0.65).
const MIN_FACT_CONTAINMENT: f64 = 0.8;

/// Numbers of a stored fingerprint: key, shingle and fact counts, values
/// four to a number, fact values four to a number.
const WORDS: usize = 2 + HASHES / 4 + FACT_HASHES / 4;

/// A document's fingerprint, as stored in the `fingerprint` fast field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Fingerprint {
    /// xxh3 of the document id: the `copy` id of a group whose lead this is.
    pub key: u64,
    /// Distinct shingles of the text.
    pub shingles: u32,
    /// The minimum of each bin over the shingles ([`min_hashes`]), 16 bits
    /// (b-bit MinHash: two unequal minima agree by chance once in 65,536).
    pub values: [u16; HASHES],
    /// Distinct facts of the text.
    pub facts: u32,
    /// The minimum of each of [`FACT_HASHES`] bins over the facts, 16 bits.
    pub fact_values: [u16; FACT_HASHES],
}

/// The `copy` key of a document id.
pub(crate) fn key_of(id: &str) -> u64 {
    xxh3_64(id.as_bytes())
}

impl Fingerprint {
    /// The fingerprint of an article's summary and body. The headline is
    /// left out: outlets rewrite it.
    pub fn of(article: &Article) -> Fingerprint {
        Fingerprint::of_words(&article.id, &words(&article.summary, &article.body))
    }

    /// The fingerprint of the document `id` whose summary and body have the
    /// words `words` ([`TextWords`] read them).
    pub fn of_words(id: &str, words: &[Word]) -> Fingerprint {
        let mut shingles = shingle_hashes(words);
        let mut facts: Vec<u64> = words.iter().filter(|w| w.fact).map(|w| w.hash).collect();
        let (shingles, values) = min_hashes::<HASHES>(&mut shingles);
        let (facts, fact_values) = min_hashes::<FACT_HASHES>(&mut facts);
        Fingerprint {
            key: key_of(id),
            shingles,
            values,
            facts,
            fact_values,
        }
    }

    /// Whether the text is long enough to be grouped.
    pub fn groupable(&self) -> bool {
        self.shingles >= MIN_SHINGLES
    }

    /// The LSH band keys: band number and its values in one word.
    pub fn bands(&self) -> impl Iterator<Item = u64> + '_ {
        self.values
            .chunks_exact(BAND_ROWS)
            .enumerate()
            .map(|(band, rows)| {
                rows.iter()
                    .fold(band as u64, |key, &v| (key << 16) | u64::from(v))
            })
    }

    /// Whether two texts are copies of one another: estimated Jaccard
    /// similarity of their shingles at least [`MIN_JACCARD`], or one
    /// mostly contained in the other.
    pub fn similar(&self, other: &Fingerprint) -> bool {
        if !self.groupable() || !other.groupable() {
            return false;
        }
        let jaccard = estimated_jaccard(&self.values, &other.values);
        let worded = jaccard >= MIN_JACCARD
            || (jaccard >= MIN_JACCARD_CONTAINED
                && containment(jaccard, self.shingles, other.shingles) >= MIN_CONTAINMENT);
        worded && self.same_facts(other)
    }

    /// Whether the text with fewer facts has most of them in the other;
    /// true when either has too few to tell.
    fn same_facts(&self, other: &Fingerprint) -> bool {
        if self.facts < MIN_FACTS || other.facts < MIN_FACTS {
            return true;
        }
        let jaccard = estimated_jaccard(&self.fact_values, &other.fact_values);
        containment(jaccard, self.facts, other.facts) >= MIN_FACT_CONTAINMENT
    }

    /// The stored form: the values of the multi-valued `fingerprint` fast
    /// field, in order (a numeric column keeps a document's values in the
    /// order they were added).
    pub fn to_words(&self) -> Vec<u64> {
        let mut words = Vec::with_capacity(WORDS);
        words.push(self.key);
        words.push((u64::from(self.shingles) << 32) | u64::from(self.facts));
        words.extend(pack(&self.values));
        words.extend(pack(&self.fact_values));
        words
    }

    /// Reads the stored form; `None` if it is not one.
    pub fn from_words(words: impl Iterator<Item = u64>) -> Option<Fingerprint> {
        let words: Vec<u64> = words.collect();
        let [key, counts, rest @ ..] = words.as_slice() else {
            return None;
        };
        if rest.len() != WORDS - 2 {
            return None;
        }
        let (values, fact_values) = rest.split_at(HASHES / 4);
        Some(Fingerprint {
            key: *key,
            shingles: (counts >> 32) as u32,
            values: unpack(values),
            facts: *counts as u32,
            fact_values: unpack(fact_values),
        })
    }
}

/// The Jaccard similarity two MinHash signatures estimate: the share of
/// hash functions whose minimum agrees.
fn estimated_jaccard<const N: usize>(a: &[u16; N], b: &[u16; N]) -> f64 {
    let same = a.iter().zip(b).filter(|(x, y)| x == y).count();
    same as f64 / N as f64
}

/// The estimated share of the smaller of two sets (of `a` and `b`
/// elements) held in the other, from their estimated Jaccard similarity.
fn containment(jaccard: f64, a: u32, b: u32) -> f64 {
    let (a, b) = (f64::from(a), f64::from(b));
    let shared = jaccard * (a + b) / (1.0 + jaccard);
    shared / a.min(b).max(1.0)
}

/// The number of distinct `hashes` and their MinHash in `N` values by
/// one permutation: each hash, mixed, falls in one of `N` bins by its high
/// bits, and a bin's value is the least mixed hash in it (bits 32 to 48: a
/// bin's least of a few thousand at most has them uniform). A bin no hash
/// fell in takes another's value ([`densify`]). Two texts' values agree in
/// a bin as often as their Jaccard similarity, as with `N` hash functions
/// (Li, Owen and Zhang 2012; Shrivastava 2017), at one mix a hash instead
/// of `N` products: `N` products a hash were a quarter of grouping's cost
/// (callgrind, 2026-12-08).
fn min_hashes<const N: usize>(hashes: &mut Vec<u64>) -> (u32, [u16; N]) {
    hashes.sort_unstable();
    hashes.dedup();
    let mut bins = [EMPTY; N];
    for &hash in hashes.iter() {
        let mixed = mix(hash ^ BIN_SEED);
        let bin = ((u128::from(mixed) * N as u128) >> 64) as usize;
        bins[bin] = bins[bin].min(mixed);
    }
    densify(&mut bins);
    let count = u32::try_from(hashes.len()).unwrap_or(u32::MAX);
    (count, bins.map(|least| (least >> 32) as u16))
}

/// A bin no hash fell in.
const EMPTY: u64 = u64::MAX;
/// Seeds of the mixes that place a hash in a bin and that order the bins
/// an empty bin borrows from, fixed so that fingerprints are the same in
/// every run and every build.
const BIN_SEED: u64 = 0x5177_6570_6269_6e73;
const DONOR_SEED: u64 = 0x5177_6570_646f_6e6f;

/// Fills each empty bin with the value of the first bin that is not empty
/// in an order of the bins of its own, fixed (optimal densification,
/// Shrivastava 2017). Two texts whose bin is empty look at the bins in the
/// same order; the first bin that either text fills holds the same value
/// for both as often as their Jaccard similarity, so the estimate stays
/// unbiased. A long text leaves few bins empty; a text without hashes
/// keeps them all empty.
fn densify<const N: usize>(bins: &mut [u64; N]) {
    let filled = *bins;
    for (empty, bin) in bins.iter_mut().enumerate() {
        if *bin != EMPTY {
            continue;
        }
        let donor = (0..N)
            .filter(|&donor| filled[donor] != EMPTY)
            .min_by_key(|&donor| mix(((empty as u64) << 32 | donor as u64) ^ DONOR_SEED));
        if let Some(donor) = donor {
            *bin = filled[donor];
        }
    }
}

/// A 64-bit mix whose every output bit depends on every input bit
/// (MurmurHash3's finaliser): the text's hashes are xxh3's, but a
/// shingle's is an xor of them times a constant.
fn mix(mut x: u64) -> u64 {
    x ^= x >> 33;
    x = x.wrapping_mul(0xff51_afd7_ed55_8ccd);
    x ^= x >> 33;
    x = x.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
    x ^ (x >> 33)
}

/// 16-bit values four to a number.
fn pack(values: &[u16]) -> impl Iterator<Item = u64> + '_ {
    values.chunks_exact(4).map(|four| {
        four.iter()
            .fold(0u64, |word, &v| (word << 16) | u64::from(v))
    })
}

fn unpack<const N: usize>(words: &[u64]) -> [u16; N] {
    let mut values = [0u16; N];
    for (four, word) in values.chunks_exact_mut(4).zip(words) {
        for (i, value) in four.iter_mut().enumerate() {
            *value = (word >> (16 * (3 - i))) as u16;
        }
    }
    values
}

/// A word of the text: its hash (lower-cased) and whether it is a fact.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Word {
    hash: u64,
    fact: bool,
}

/// What the fingerprint takes of a word as written, whatever its place:
/// the hash of its lower-cased form, whether it has a digit and whether
/// it is capitalised. A function of the word, so a caller may keep it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Written {
    hash: u64,
    digit: bool,
    capitalised: bool,
}

impl Written {
    /// What the fingerprint takes of `word`, a run of letters and digits.
    pub(crate) fn of(word: &str) -> Written {
        let hash = if !word.is_ascii() {
            xxh3_64(word.to_lowercase().as_bytes())
        } else if word.len() <= 64 {
            // Lower-cased in a buffer, not a string of its own: most words
            // are ASCII and short.
            let mut buffer = [0u8; 64];
            let lower = &mut buffer[..word.len()];
            lower.copy_from_slice(word.as_bytes());
            lower.make_ascii_lowercase();
            xxh3_64(lower)
        } else {
            xxh3_64(word.to_ascii_lowercase().as_bytes())
        };
        Written {
            hash,
            digit: word.bytes().any(|b| b.is_ascii_digit()),
            capitalised: word.chars().next().is_some_and(char::is_uppercase),
        }
    }
}

/// The words of the summary and then the body: runs of letters and digits.
/// A fact is a word with a digit, or a capitalised word that does not start
/// a sentence (a name: "Sagan", "Kharkiv"; not "The", "Après").
pub(super) fn words(summary: &str, body: &str) -> Vec<Word> {
    let mut out = Vec::new();
    for text in [summary, body] {
        TextWords::new(text, &mut out).finish();
    }
    out
}

/// Reads the words of one text into a list, alone or along the tokens of
/// [`super::tokenizer::WordTokenizer`] (the story sketch's reading of the
/// same text: [`super::sketch`]), which are runs of letters and digits too
/// except an abbreviation without its dots and a compound's joined form.
/// A token that is a run as written is taken with what the caller keeps of
/// it ([`TextWords::token`]); the rest of the text, between such tokens, is
/// read here. The words are the same either way.
pub(crate) struct TextWords<'a> {
    text: &'a str,
    /// Where the text not yet read starts: its start or the end of a word.
    at: usize,
    /// Whether the next word starts a sentence.
    starts_sentence: bool,
    words: &'a mut Vec<Word>,
}

impl<'a> TextWords<'a> {
    /// Starts on `text`, whose start is a sentence's, adding to `words`.
    pub(crate) fn new(text: &'a str, words: &'a mut Vec<Word>) -> TextWords<'a> {
        TextWords {
            text,
            at: 0,
            starts_sentence: true,
            words,
        }
    }

    /// The next token of the text, `from..to`, with what the fingerprint
    /// takes of its text (`written`, [`Written::of`] of it). Only a token
    /// that is a whole run of letters and digits, as written, and not read
    /// yet is taken: the others (an abbreviation's letters without their
    /// dots, a compound's joined form) are read from the text later.
    pub(crate) fn token(&mut self, from: usize, to: usize, text: &str, written: Written) {
        if from < self.at || text.len() != to - from || !self.is_run(from, to) {
            return;
        }
        self.read_gap(from);
        self.push(written);
        self.at = to;
    }

    /// Reads the text from where it was left up to `from`, the start of a
    /// word: most often a space or punctuation in ASCII, looked at a byte
    /// at a time (no words in it, only maybe a sentence's end); anything
    /// else is read as words.
    fn read_gap(&mut self, from: usize) {
        let gap = &self.text.as_bytes()[self.at..from];
        if !gap
            .iter()
            .all(|b| b.is_ascii() && !b.is_ascii_alphanumeric())
        {
            self.read_to(from);
            return;
        }
        if gap.iter().any(|b| matches!(b, b'.' | b'!' | b'?' | b'\n')) {
            self.starts_sentence = true;
        }
    }

    /// Reads the rest of the text.
    pub(crate) fn finish(mut self) {
        self.read_to(self.text.len());
    }

    /// Whether `from..to` is a whole run: no letter or digit on either side
    /// (ASCII looked at as a byte).
    fn is_run(&self, from: usize, to: usize) -> bool {
        let bytes = self.text.as_bytes();
        let before = match from.checked_sub(1).map(|i| bytes[i]) {
            Some(b) if b.is_ascii() => b.is_ascii_alphanumeric(),
            Some(_) => self.text[..from]
                .chars()
                .next_back()
                .is_some_and(char::is_alphanumeric),
            None => false,
        };
        let after = match bytes.get(to) {
            Some(b) if b.is_ascii() => b.is_ascii_alphanumeric(),
            Some(_) => self.text[to..]
                .chars()
                .next()
                .is_some_and(char::is_alphanumeric),
            None => false,
        };
        !before && !after
    }

    /// Reads the words of the text up to `end` (the start of a word or the
    /// text's end).
    fn read_to(&mut self, end: usize) {
        let mut rest = &self.text[self.at..end];
        while !rest.is_empty() {
            let gap = rest.find(char::is_alphanumeric).unwrap_or(rest.len());
            if rest[..gap].contains(['.', '!', '?', '\n']) {
                self.starts_sentence = true;
            }
            rest = &rest[gap..];
            let word_end = rest
                .find(|c: char| !c.is_alphanumeric())
                .unwrap_or(rest.len());
            let word = &rest[..word_end];
            rest = &rest[word_end..];
            if !word.is_empty() {
                self.push(Written::of(word));
            }
        }
        self.at = end;
    }

    fn push(&mut self, written: Written) {
        let fact = written.digit || (written.capitalised && !self.starts_sentence);
        self.starts_sentence = false;
        self.words.push(Word {
            hash: written.hash,
            fact,
        });
    }
}

/// The hash of every run of [`SHINGLE_WORDS`] words.
fn shingle_hashes(words: &[Word]) -> Vec<u64> {
    words
        .windows(SHINGLE_WORDS)
        .map(|w| {
            w.iter()
                .fold(0u64, |h, word| h.rotate_left(21) ^ word.hash)
                .wrapping_mul(0x9E37_79B9_7F4A_7C15)
        })
        .collect()
}

const _: () = assert!(
    HASHES.is_multiple_of(BAND_ROWS) && HASHES.is_multiple_of(4) && FACT_HASHES.is_multiple_of(4)
);

#[cfg(test)]
mod tests {
    use super::*;

    fn article(id: &str, body: &str) -> Article {
        let date = chrono::NaiveDate::from_ymd_opt(2021, 9, 27).unwrap();
        let mut article = Article::new(id.to_string(), String::new(), date, "Title".to_string());
        article.body = body.to_string();
        article
    }

    const TEXT: &str = "Gunmen attacked a military post near the border town on Sunday, killing \
        twelve soldiers and wounding several others, the army said in a statement. The attack \
        was the deadliest in the region this year. Residents said the assailants arrived on \
        motorcycles before dawn and set fire to vehicles. No group has claimed responsibility, \
        but jihadists linked to al-Qaeda operate in the area. The government declared three \
        days of national mourning and promised to reinforce security along the frontier.";

    #[test]
    fn each_filled_bin_holds_its_least_hash_and_an_empty_one_another_bins() {
        let mut hashes: Vec<u64> = (0..500u64)
            .map(|i| xxh3_64(&(i % 300).to_le_bytes()))
            .collect();
        let mut least = [EMPTY; HASHES];
        for hash in &hashes {
            let mixed = mix(hash ^ BIN_SEED);
            let bin = ((u128::from(mixed) * HASHES as u128) >> 64) as usize;
            least[bin] = least[bin].min(mixed);
        }
        let (distinct, values) = min_hashes::<HASHES>(&mut hashes);
        assert_eq!(distinct, 300);
        for (value, least) in values.iter().zip(least) {
            if least != EMPTY {
                assert_eq!(*value, (least >> 32) as u16);
            }
        }
        // Three hashes leave most of 72 bins empty: each takes one of the
        // three values.
        let (_, few) = min_hashes::<HASHES>(&mut vec![1, 2, 3]);
        let filled: std::collections::BTreeSet<u16> = few.iter().copied().collect();
        assert!(filled.len() <= 3, "{filled:?}");
        assert_eq!(min_hashes::<4>(&mut Vec::new()), (0, [u16::MAX; 4]));
    }

    /// The share of equal values over many pairs of sets of a known
    /// Jaccard similarity, long and short (short ones leave bins empty).
    #[test]
    fn equal_values_estimate_the_jaccard_similarity() {
        for (size, shared) in [(600u64, 400u64), (600, 200), (40, 20), (12, 8)] {
            let jaccard = shared as f64 / (2 * size - shared) as f64;
            let (mut same, mut values) = (0, 0);
            for pair in 0..200u64 {
                let set = |from: u64| -> Vec<u64> {
                    (from..from + size)
                        .map(|i| xxh3_64(&(pair << 32 | i).to_le_bytes()))
                        .collect()
                };
                let (_, a) = min_hashes::<HASHES>(&mut set(0));
                let (_, b) = min_hashes::<HASHES>(&mut set(size - shared));
                same += a.iter().zip(&b).filter(|(x, y)| x == y).count();
                values += HASHES;
            }
            let estimate = same as f64 / values as f64;
            assert!(
                (estimate - jaccard).abs() < 0.02,
                "{size} {shared}: {estimate} for {jaccard}"
            );
        }
    }

    #[test]
    fn words_are_hashed_lower_cased() {
        let long = "Z".repeat(70);
        let text = format!(
            "Kharkiv KHARKIV kharkiv Ålesund ÅLESUND {long} {}",
            long.to_lowercase()
        );
        let hashes: Vec<u64> = words("", &text).iter().map(|w| w.hash).collect();
        let kharkiv = xxh3_64(b"kharkiv");
        let alesund = xxh3_64("ålesund".as_bytes());
        let long = xxh3_64(long.to_lowercase().as_bytes());
        assert_eq!(
            hashes,
            [kharkiv, kharkiv, kharkiv, alesund, alesund, long, long]
        );
    }

    #[test]
    fn a_reprint_cut_and_edited_is_similar_and_another_story_is_not() {
        let original = Fingerprint::of(&article("a", TEXT));
        let cut: String = TEXT.split(". ").take(3).collect::<Vec<_>>().join(". ");
        let reprint = format!("Follow us for more news. {}", cut.replace("twelve", "12"));
        let copy = Fingerprint::of(&article("b", &reprint));
        assert!(original.similar(&copy), "{original:?} {copy:?}");
        let other = Fingerprint::of(&article(
            "c",
            "Heavy rains flooded the capital on Monday, displacing thousands of families and \
             cutting roads to the north, the disaster agency said, as aid groups appealed for \
             tents, food and clean water for those left homeless by the storm.",
        ));
        assert!(!original.similar(&other));
        assert_eq!(original.key, key_of("a"));
    }

    /// One results page of a series, as a template makes them: a block of
    /// links to the series' other pages, then the day's formula.
    fn results_page(day: u32, km: u32, names: [&str; 4]) -> String {
        let navigation = "On the same subject: Grand Tour 2016: Dumoulin wins the time trial of \
            the 13th stage. Grand Tour 2016: De Gendt wins the 12th stage, Froome keeps his \
            yellow jersey. Grand Tour 2016: Sagan wins the 11th stage, Froome pulls away. \
            Grand Tour 2016: Matthews wins the 10th stage.";
        let [a, b, c, d] = names;
        format!(
            "{navigation}\n\n{day} July 2016. After more than {km} kilometres the riders of the \
             Tour reached the end of this flat stage. The winner of the stage is {a}, followed \
             by {b} and {c}. In the general classification, {a} is first, followed by {b} and \
             {c}. {a} leads the points classification, and {d} takes the polka-dot jersey of \
             the best climber."
        )
    }

    #[test]
    fn pages_of_one_template_with_other_facts_are_not_copies() {
        let first = Fingerprint::of(&article(
            "a",
            &results_page(
                3,
                188,
                [
                    "Mark Cavendish",
                    "Marcel Kittel",
                    "Peter Sagan",
                    "Paul Voss",
                ],
            ),
        ));
        let second = Fingerprint::of(&article(
            "b",
            &results_page(
                4,
                183,
                [
                    "Peter Sagan",
                    "Julian Alaphilippe",
                    "Alejandro Valverde",
                    "Jasper Stuyven",
                ],
            ),
        ));
        assert!(first.facts >= MIN_FACTS && second.facts >= MIN_FACTS);
        assert!(!first.similar(&second), "{first:?} {second:?}");
        // The same page reprinted with a line of the outlet's is a copy.
        let reprint = Fingerprint::of(&article(
            "c",
            &format!(
                "{}\n\nFollow the Courier for more.",
                results_page(
                    3,
                    188,
                    [
                        "Mark Cavendish",
                        "Marcel Kittel",
                        "Peter Sagan",
                        "Paul Voss"
                    ]
                )
            ),
        ));
        assert!(first.similar(&reprint));
    }

    #[test]
    fn facts_are_numbers_and_names_not_sentence_starts() {
        let words = words(
            "",
            "The army said 12 soldiers died in Gao. Residents fled to Bamako",
        );
        let facts: Vec<bool> = words.iter().map(|w| w.fact).collect();
        assert_eq!(
            facts,
            [false, false, false, true, false, false, false, true, false, false, false, true]
        );
    }

    #[test]
    fn short_texts_are_never_grouped() {
        let short = Fingerprint::of(&article("a", "Two soldiers were killed in Gao."));
        assert!(!short.groupable());
        assert!(!short.similar(&short.clone()));
    }

    #[test]
    fn the_stored_form_reads_back() {
        let print = Fingerprint::of(&article("a", TEXT));
        let words = print.to_words();
        assert_eq!(words.len(), WORDS);
        assert_eq!(
            Fingerprint::from_words(words.into_iter()),
            Some(print.clone())
        );
        assert_eq!(print.bands().count(), HASHES / BAND_ROWS);
        assert_eq!(Fingerprint::from_words([1, 2].into_iter()), None);
    }
}

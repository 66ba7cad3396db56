//! Content fingerprints for finding reprints: MinHash over word shingles.
//!
//! An outlet that reprints wire copy rewrites the headline, adds a line of
//! its own, cuts from the end, swaps paragraphs and changes a few words; the
//! runs of three words it keeps are most of the original's. The fingerprint
//! of a text is the set of its three-word shingles summarised by MinHash
//! ([`HASHES`] minimum values, each under another hash function): the share
//! of equal values between two fingerprints estimates the Jaccard similarity
//! of their shingle sets. With the number of shingles it also estimates
//! containment, which a reprint cut to its first half keeps high.
//!
//! Hand-written over xxh3 (already a dependency) rather than with a MinHash
//! crate: the crates' value is their in-memory LSH index, and sitrep keeps
//! fingerprints in the index itself (a fast bytes field) so that grouping is
//! committed with the documents; what remains is the loop below.

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

/// Numbers of a stored fingerprint: key, shingle count, values four to a number.
const WORDS: usize = 2 + HASHES / 4;

/// A document's fingerprint, as stored in the `fingerprint` fast field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Fingerprint {
    /// xxh3 of the document id: the `copy` id of a group whose lead this is.
    pub key: u64,
    /// Distinct shingles of the text.
    pub shingles: u32,
    /// The minimum of each hash function over the shingles, low 16 bits
    /// (b-bit MinHash: two unequal minima agree by chance once in 65,536).
    pub values: [u16; HASHES],
}

/// Odd multipliers and offsets of the hash functions, fixed so that
/// fingerprints are the same in every run and every build.
fn hash_params() -> &'static [(u64, u64); HASHES] {
    static PARAMS: std::sync::OnceLock<[(u64, u64); HASHES]> = std::sync::OnceLock::new();
    PARAMS.get_or_init(|| {
        std::array::from_fn(|i| {
            let a = xxh3_64(format!("sitrep minhash a {i}").as_bytes()) | 1;
            let b = xxh3_64(format!("sitrep minhash b {i}").as_bytes());
            (a, b)
        })
    })
}

/// The `copy` key of a document id.
pub(crate) fn key_of(id: &str) -> u64 {
    xxh3_64(id.as_bytes())
}

impl Fingerprint {
    /// The fingerprint of an article's summary and body. The headline is
    /// left out: outlets rewrite it.
    pub fn of(article: &Article) -> Fingerprint {
        let mut shingles = shingle_hashes(&article.summary, &article.body);
        shingles.sort_unstable();
        shingles.dedup();
        let mut mins = [u64::MAX; HASHES];
        let params = hash_params();
        for &shingle in &shingles {
            for (min, &(a, b)) in mins.iter_mut().zip(params) {
                *min = (*min).min(shingle.wrapping_mul(a).wrapping_add(b) >> 32);
            }
        }
        Fingerprint {
            key: key_of(&article.id),
            shingles: u32::try_from(shingles.len()).unwrap_or(u32::MAX),
            values: mins.map(|m| m as u16),
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
        let same = self
            .values
            .iter()
            .zip(&other.values)
            .filter(|(a, b)| a == b)
            .count();
        let jaccard = same as f64 / HASHES as f64;
        if jaccard >= MIN_JACCARD {
            return true;
        }
        if jaccard < MIN_JACCARD_CONTAINED {
            return false;
        }
        let (a, b) = (f64::from(self.shingles), f64::from(other.shingles));
        let shared = jaccard * (a + b) / (1.0 + jaccard);
        shared / a.min(b) >= MIN_CONTAINMENT
    }

    /// The stored form: the values of the multi-valued `fingerprint` fast
    /// field, in order (a numeric column keeps a document's values in the
    /// order they were added).
    pub fn to_words(&self) -> Vec<u64> {
        let mut words = Vec::with_capacity(WORDS);
        words.push(self.key);
        words.push(u64::from(self.shingles));
        words.extend(self.values.chunks_exact(4).map(|four| {
            four.iter()
                .fold(0u64, |word, &v| (word << 16) | u64::from(v))
        }));
        words
    }

    /// Reads the stored form; `None` if it is not one.
    pub fn from_words(words: impl Iterator<Item = u64>) -> Option<Fingerprint> {
        let words: Vec<u64> = words.collect();
        let [key, shingles, rest @ ..] = words.as_slice() else {
            return None;
        };
        if rest.len() != HASHES / 4 {
            return None;
        }
        let mut values = [0u16; HASHES];
        for (four, word) in values.chunks_exact_mut(4).zip(rest) {
            for (i, value) in four.iter_mut().enumerate() {
                *value = (word >> (16 * (3 - i))) as u16;
            }
        }
        Some(Fingerprint {
            key: *key,
            shingles: u32::try_from(*shingles).ok()?,
            values,
        })
    }
}

/// The hash of every run of [`SHINGLE_WORDS`] words of the summary and then
/// the body: words are runs of letters and digits, lower-cased.
fn shingle_hashes(summary: &str, body: &str) -> Vec<u64> {
    let words: Vec<u64> = [summary, body]
        .iter()
        .flat_map(|text| text.split(|c: char| !c.is_alphanumeric()))
        .filter(|w| !w.is_empty())
        .map(|w| {
            if w.bytes().any(|b| b.is_ascii_uppercase() || !b.is_ascii()) {
                xxh3_64(w.to_lowercase().as_bytes())
            } else {
                xxh3_64(w.as_bytes())
            }
        })
        .collect();
    words
        .windows(SHINGLE_WORDS)
        .map(|w| {
            w.iter()
                .fold(0u64, |h, &word| h.rotate_left(21) ^ word)
                .wrapping_mul(0x9E37_79B9_7F4A_7C15)
        })
        .collect()
}

const _: () = assert!(HASHES.is_multiple_of(BAND_ROWS) && HASHES.is_multiple_of(4));

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

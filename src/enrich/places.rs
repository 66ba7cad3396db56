//! Towns: the GeoNames cities500 places of `places.tsv`, each under its
//! first-level division, found in text by their folded names.
//!
//! There are ~70,000 towns with ~270,000 names (Latin, Arabic and Cyrillic
//! spellings), too many for the aho-corasick automaton of the other names
//! (it would cost hundreds of megabytes and seconds to build). Town names
//! are looked up instead: a name starts at a capitalised (or uncased, as
//! Arabic) word, so each such word starts a span that grows one word at a
//! time, as long as the span is the beginning of some town name, and every
//! span that is a whole name is a hit. Keys are hashed (`rustc-hash`) and
//! checked against the stored key, so the index holds no string per name
//! twice.

use std::ops::Range;

use rustc_hash::{FxHashMap, FxHashSet, FxHasher};

use super::fold::fold_str;
use super::inflect::{word_ranges, InflectedNames};

/// One town: its facet label, division and size.
#[derive(Debug, Clone)]
pub struct Town {
    /// Facet leaf below its division (`Duma`).
    pub label: Box<str>,
    /// The division entity it belongs to.
    pub division: usize,
    /// Inhabitants (GeoNames; 0 when unknown).
    pub population: u32,
    /// Latitude and longitude; a district without a town in GeoNames has none.
    pub point: Option<(f32, f32)>,
}

/// A town one name may mean, with the name's flag for that town.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Candidate {
    /// Index into [`PlaceIndex::towns`].
    pub town: u32,
    /// `?` in `places.tsv`: the name counts for this town only when the
    /// story names its country or division.
    pub ambiguous: bool,
}

/// A town name found in a text: byte offsets into the folded text, and the
/// towns it may mean.
#[derive(Debug, Clone)]
pub struct TownSpan {
    /// Start byte in the folded text.
    pub start: usize,
    /// End byte in the folded text.
    pub end: usize,
    /// Index of the name's key, for [`PlaceIndex::candidates`].
    pub key: u32,
}

/// Every town and the lookup of their names.
#[derive(Debug, Default)]
pub struct PlaceIndex {
    /// The towns, in file order.
    pub towns: Vec<Town>,
    /// Hash of a folded name -> index of its key.
    keys: FxHashMap<u64, u32>,
    /// Hashes of the word prefixes of the names ("deir ez" of "deir ez zor"):
    /// a span that is none of them cannot grow into a name.
    prefixes: FxHashSet<u64>,
    /// The text of key `k` is `key_text[key_bounds[k]..key_bounds[k + 1]]`.
    key_text: String,
    key_bounds: Vec<u32>,
    /// The candidates of key `k` are `candidates[candidate_bounds[k]..candidate_bounds[k + 1]]`.
    candidates: Vec<Candidate>,
    candidate_bounds: Vec<u32>,
    /// The most words in a name.
    max_words: usize,
    /// The Cyrillic and Arabic names by their base forms, found through
    /// inflection (Харкова, والخرطوم); ids are keys.
    inflected: InflectedNames,
}

fn hash(text: &str) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut hasher = FxHasher::default();
    text.hash(&mut hasher);
    hasher.finish()
}

/// Builds a [`PlaceIndex`] from the rows of `places.tsv`, writing each new
/// key straight into the index: a map of the ~270,000 names by their text
/// would hold each name twice more while the gazetteer loads, and the peak
/// memory of a run is set there.
pub(super) struct PlaceIndexBuilder {
    index: PlaceIndex,
    /// (key, candidate) in order of addition; grouped by key at the end.
    pairs: Vec<(u32, Candidate)>,
}

impl Default for PlaceIndexBuilder {
    fn default() -> Self {
        PlaceIndexBuilder {
            index: PlaceIndex {
                key_bounds: vec![0],
                ..PlaceIndex::default()
            },
            pairs: Vec::new(),
        }
    }
}

impl PlaceIndexBuilder {
    /// Adds a town with its names (flags already split off).
    pub(super) fn add(&mut self, town: Town, names: impl Iterator<Item = (String, bool)>) {
        let id = self.index.towns.len() as u32;
        self.index.towns.push(town);
        let first = self.pairs.len();
        for (name, ambiguous) in names {
            let key = self.key_id(&fold_str(&name, true));
            // A town lists a name once, with its first flag.
            if !self.pairs[first..].iter().any(|&(k, _)| k == key) {
                self.pairs.push((
                    key,
                    Candidate {
                        town: id,
                        ambiguous,
                    },
                ));
            }
        }
    }

    /// The id of `key`, added to the index if new.
    fn key_id(&mut self, key: &str) -> u32 {
        let index = &mut self.index;
        let hashed = hash(key);
        if let Some(&id) = index.keys.get(&hashed) {
            if index.key_str(id) == key {
                return id;
            }
        }
        let id = index.key_bounds.len() as u32 - 1;
        index.keys.insert(hashed, id);
        index.key_text.push_str(key);
        index.key_bounds.push(index.key_text.len() as u32);
        index.inflected.add(key, id);
        let words = word_ranges(key);
        index.max_words = index.max_words.max(words.len());
        for w in &words[..words.len().saturating_sub(1)] {
            index.prefixes.insert(hash(&key[..w.end]));
        }
        id
    }

    pub(super) fn finish(self) -> PlaceIndex {
        let PlaceIndexBuilder {
            mut index,
            mut pairs,
        } = self;
        // Stable: each key keeps its towns in file order.
        pairs.sort_by_key(|&(key, _)| key);
        let keys = index.key_bounds.len() - 1;
        index.candidates = Vec::with_capacity(pairs.len());
        index.candidate_bounds = Vec::with_capacity(keys + 1);
        index.candidate_bounds.push(0);
        let mut pairs = pairs.into_iter().peekable();
        for key in 0..keys as u32 {
            while let Some((_, candidate)) = pairs.next_if(|&(k, _)| k == key) {
                index.candidates.push(candidate);
            }
            index.candidate_bounds.push(index.candidates.len() as u32);
        }
        index.key_text.shrink_to_fit();
        index.key_bounds.shrink_to_fit();
        index.towns.shrink_to_fit();
        index
    }
}

impl PlaceIndex {
    /// The towns a key may mean.
    pub fn candidates(&self, key: u32) -> &[Candidate] {
        let k = key as usize;
        &self.candidates[self.candidate_bounds[k] as usize..self.candidate_bounds[k + 1] as usize]
    }

    /// The key index of a folded, lower-case name, if some town has it.
    pub fn key(&self, folded: &str) -> Option<u32> {
        let id = *self.keys.get(&hash(folded))?;
        (self.key_str(id) == folded).then_some(id)
    }

    fn key_str(&self, key: u32) -> &str {
        let k = key as usize;
        &self.key_text[self.key_bounds[k] as usize..self.key_bounds[k + 1] as usize]
    }

    /// Every town name in `lower` (folded, lower case) that starts at a word
    /// `cased` (the same text, case kept) writes capitalised or uncased, and
    /// spans words joined only by spaces, apostrophes or full stops ("Deir
    /// ez-Zor", "Ma'rib", "St. Louis"), Cyrillic and Arabic names also
    /// through inflection. Overlapping names are all returned.
    pub fn find(&self, lower: &str, cased: &str) -> Vec<TownSpan> {
        let mut spans = Vec::new();
        if self.keys.is_empty() {
            return spans;
        }
        let words = word_ranges(lower);
        let capitalised = |w: &Range<usize>| {
            cased[w.start..]
                .chars()
                .next()
                .is_some_and(|c| c.is_uppercase() || !c.is_lowercase())
        };
        for (i, first) in words.iter().enumerate() {
            // "al-Bab", "ad-Dana": an Arabic article in lower case starts the
            // name of the capitalised word it is joined to.
            let article = ARTICLES.contains(&&lower[first.clone()])
                && words
                    .get(i + 1)
                    .is_some_and(|next| &cased[first.end..next.start] == " " && capitalised(next));
            if !capitalised(first) && !article {
                continue;
            }
            for (j, last) in words.iter().enumerate().skip(i).take(self.max_words) {
                if j > i && !joins_a_name(&lower[words[j - 1].end..last.start]) {
                    break;
                }
                let span = &lower[first.start..last.end];
                let whole = !continues_the_word(&lower[last.end..]);
                if let Some(key) = self.key(span).filter(|_| whole) {
                    spans.push(TownSpan {
                        start: first.start,
                        end: last.end,
                        key,
                    });
                }
                if !self.prefixes.contains(&hash(span)) {
                    break;
                }
            }
        }
        for hit in self.inflected.find(lower, cased) {
            spans.extend(hit.ids.iter().map(|&key| TownSpan {
                start: hit.range.start,
                end: hit.range.end,
                key,
            }));
        }
        spans.sort_by_key(|s| (s.start, s.end, s.key));
        spans.dedup_by_key(|s| (s.start, s.end, s.key));
        spans
    }
}

/// Arabic articles, which reports write in lower case before a capitalised
/// place name, joined by a hyphen (a space once folded).
pub(super) const ARTICLES: &[&str] = &["al", "el", "ad", "ar", "as", "ash", "az", "an", "at"];

/// Whether the text between two words may be inside a place name: a space,
/// an apostrophe ("Ma'rib", "N'Djamena") or an abbreviation's full stop
/// ("St. Louis"), hyphens being spaces after folding.
fn joins_a_name(between: &str) -> bool {
    matches!(between, " " | "'" | ". " | "' " | " '")
}

/// Whether the text after a name goes on with the same word across an
/// apostrophe ("Al-Qa'idah" is not the town Al-Qa; "Yemen's" is Yemen).
fn continues_the_word(after: &str) -> bool {
    let Some(rest) = after.strip_prefix('\'') else {
        return false;
    };
    let letters = rest.len() - rest.trim_start_matches(char::is_alphanumeric).len();
    letters > 0 && !(letters == 1 && rest.starts_with('s'))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn town(label: &str) -> Town {
        Town {
            label: label.into(),
            division: 0,
            population: 0,
            point: None,
        }
    }

    fn index() -> PlaceIndex {
        let mut b = PlaceIndexBuilder::default();
        let names = |list: &[&str]| {
            list.iter()
                .map(|n| (n.to_string(), false))
                .collect::<Vec<_>>()
                .into_iter()
        };
        b.add(town("Deir ez-Zor"), names(&["Deir ez-Zor", "Deir"]));
        b.add(town("Marib"), names(&["Ma'rib", "Marib", "Al Marib"]));
        b.add(town("Saint Louis"), names(&["St. Louis"]));
        b.add(town("Duma"), names(&["Douma", "دوما"]));
        b.finish()
    }

    fn found(text: &str) -> Vec<String> {
        let (lower, cased) = (fold_str(text, true), fold_str(text, false));
        index()
            .find(&lower, &cased)
            .iter()
            .map(|s| lower[s.start..s.end].to_string())
            .collect()
    }

    #[test]
    fn names_are_found_over_spaces_hyphens_apostrophes_and_abbreviations() {
        assert_eq!(found("Clashes in Deir ez-Zor"), ["deir", "deir ez zor"]);
        assert_eq!(found("the control of Ma’rib."), ["ma'rib"]);
        assert_eq!(found("St. Louis police"), ["st. louis"]);
        assert_eq!(found("Douma's residents"), ["douma"]);
        assert_eq!(found("قصف على دوما"), ["دوما"]);
    }

    #[test]
    fn names_start_capitalised_and_stop_at_punctuation() {
        assert_eq!(found("the douma road"), Vec::<String>::new());
        assert_eq!(found("forces entered al-Marib"), ["al marib", "marib"]);
        assert_eq!(found("Deir, ez Zor"), ["deir"]);
        assert_eq!(found("Damarib"), Vec::<String>::new());
        // A name cut off inside a word across an apostrophe is not that name.
        assert_eq!(found("Deir'ezi"), Vec::<String>::new());
        assert_eq!(found("Deir's"), ["deir"]);
    }
}

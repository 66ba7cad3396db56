//! Finding gazetteer names in text: aho-corasick over folded text, whole
//! words only, longest match wins, then the context rules for ambiguous names.

use std::collections::HashMap;

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};

use super::entity::{Name, NameKind};
use super::fold::{fold_str, Folded};
use super::inflect::{DerivedNames, InflectedNames};
use super::places::Candidate;

/// One automaton over the lower-cased folded names. Case-sensitive names
/// (acronyms like `UN` or `CAR` that are ordinary words in lower case) are
/// in it too, lower-cased, and a hit on one counts only where the text has
/// the name's exact case: one scan of the text instead of two, the scan being
/// most of the cost of extraction.
pub struct Matcher {
    automaton: AhoCorasick,
    /// Per pattern, the names folded to it, with the cased form a
    /// case-sensitive name must match.
    patterns: Vec<Vec<(usize, Option<String>)>>,
    /// Overlap layer of each name.
    layers: Vec<usize>,
    /// The Cyrillic and Arabic names by their base forms, found through
    /// inflection (Украины, بالسودان); ids are patterns.
    inflected: InflectedNames,
    /// The Cyrillic and Arabic country names by the stems of their
    /// adjectives and peoples' names (французский, الفرنسي); ids are names.
    derived: DerivedNames,
    /// Number of layers, counted once: scanning `layers` (one entry per
    /// name, ~60,000) on every text cost more than the search itself.
    layer_count: usize,
}

/// A name found in a text. Offsets are byte offsets into the folded text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Hit {
    /// Index into the gazetteer's names (for a town, its division's `town`
    /// name).
    pub name: usize,
    /// Start byte in the folded text.
    pub start: usize,
    /// End byte in the folded text.
    pub end: usize,
    /// The town, for a town name.
    pub town: Option<Candidate>,
}

impl Matcher {
    /// Builds the automata for `names`.
    /// `layer` sorts names into layers that may overlap each other (regions
    /// and actors: "Malian forces" names both Mali and Mali's army); within a
    /// layer the longest match wins. `derives` tells the names whose
    /// adjectives and peoples' names count as the name (a country's own).
    pub fn new(
        names: &[Name],
        layer: impl Fn(&Name) -> usize,
        derives: impl Fn(&Name) -> bool,
    ) -> Self {
        let mut ids: HashMap<String, usize> = HashMap::new();
        let mut patterns: Vec<Vec<(usize, Option<String>)>> = Vec::new();
        for (i, name) in names.iter().enumerate() {
            // A division's town name only stands for its towns' hits.
            if name.kind == NameKind::Town {
                continue;
            }
            let id = *ids.entry(fold_str(&name.text, true)).or_insert_with(|| {
                patterns.push(Vec::new());
                patterns.len() - 1
            });
            let cased = name.case_sensitive.then(|| fold_str(&name.text, false));
            patterns[id].push((i, cased));
        }
        // Each folded name is kept once, moved out of the map in pattern
        // order: a second copy of ~70,000 names weighed on the peak, which
        // is the automaton's construction below.
        let mut lower_texts = vec![String::new(); ids.len()];
        for (text, id) in ids {
            lower_texts[id] = text;
        }
        let layers: Vec<usize> = names.iter().map(layer).collect();
        let mut inflected = InflectedNames::default();
        for (id, text) in lower_texts.iter().enumerate() {
            inflected.add(text, id as u32);
        }
        let mut derived = DerivedNames::default();
        for (i, name) in names.iter().enumerate() {
            if derives(name) && !name.case_sensitive {
                derived.add(&fold_str(&name.text, true), i as u32);
            }
        }
        Matcher {
            automaton: automaton(&lower_texts),
            inflected,
            derived,
            patterns,
            layer_count: layers.iter().max().map_or(0, |m| m + 1),
            layers,
        }
    }

    /// All whole-word name occurrences in `text`, with the `towns` found
    /// otherwise, non-overlapping, the longest one winning where names overlap
    /// (`Guinea-Bissau` over `Guinea`, `New Mexico` over `Mexico`). Hits on the
    /// very same words for several names are all returned.
    pub fn find(&self, text: &Folded, towns: Vec<Hit>) -> Vec<Hit> {
        self.find_with_bare_possessives(text, towns, |_, _| false)
    }

    /// [`Self::find`], and also the names written as a possessive whose
    /// apostrophe was lost ("Myanmars Bago", "Mon States Ye Township": the
    /// `s` glued to the name) that `keep` accepts, given the hits found
    /// otherwise. Such a hit covers the name without its `s`, and replaces
    /// the shorter names inside its words ("Mon" in "Mon States").
    pub fn find_with_bare_possessives(
        &self,
        text: &Folded,
        towns: Vec<Hit>,
        keep: impl Fn(&Hit, &[Hit]) -> bool,
    ) -> Vec<Hit> {
        let mut hits = towns;
        let mut bare = Vec::new();
        for m in self.automaton.find_overlapping_iter(text.lower.as_str()) {
            let (start, end) = (m.start(), m.end());
            if lower_case_cyrillic(&text.cased, start) {
                continue;
            }
            let found = if is_whole_word(&text.lower, start, end) {
                &mut hits
            } else if bare_possessive(&text.lower, start, end) {
                &mut bare
            } else {
                continue;
            };
            for (name, cased) in &self.patterns[m.pattern().as_usize()] {
                // `cased` and `lower` have the same byte length everywhere.
                if cased
                    .as_deref()
                    .is_none_or(|c| &text.cased[start..end] == c)
                {
                    found.push(Hit {
                        name: *name,
                        start,
                        end,
                        town: None,
                    });
                }
            }
        }
        for found in self.inflected.find(&text.lower, &text.cased) {
            for &id in found.ids {
                // Acronyms (`=` names) match as written only.
                let names = self.patterns[id as usize].iter();
                hits.extend(
                    names
                        .filter(|(_, cased)| cased.is_none())
                        .map(|(name, _)| Hit {
                            name: *name,
                            start: found.range.start,
                            end: found.range.end,
                            town: None,
                        }),
                );
            }
        }
        for found in self.derived.find(&text.lower) {
            hits.extend(found.ids.iter().map(|&name| Hit {
                name: name as usize,
                start: found.range.start,
                end: found.range.end,
                town: None,
            }));
        }
        hits.sort_by_key(|h| (h.start, h.end, h.name, h.town.map(|t| t.town)));
        hits.dedup();
        let mut kept = Vec::with_capacity(hits.len());
        for layer in 0..self.layer_count {
            let in_layer = hits
                .iter()
                .filter(|h| self.layers[h.name] == layer)
                .copied()
                .collect();
            kept.extend(longest_non_overlapping(in_layer));
        }
        let bare: Vec<Hit> = bare.into_iter().filter(|b| keep(b, &kept)).collect();
        // The longest possessive of the words wins, as names do.
        for b in longest_non_overlapping(bare) {
            kept.retain(|h| h.end <= b.start || h.start > b.end);
            kept.push(b);
        }
        kept.sort_by_key(|h| (h.start, h.end, h.name, h.town.map(|t| t.town)));
        kept
    }
}

/// Whether the name at `start..end` of `text` is a whole word but for an `s`
/// glued to its end ("myanmars bago"), a name that ends in `s` aside.
fn bare_possessive(text: &str, start: usize, end: usize) -> bool {
    !text[..end].ends_with('s')
        && text[end..].starts_with('s')
        && is_whole_word(text, start, end + 1)
}

fn automaton(patterns: &[String]) -> AhoCorasick {
    AhoCorasickBuilder::new()
        .match_kind(MatchKind::Standard)
        .build(patterns)
        .expect("gazetteer names always build an automaton")
}

/// A match must not start or end inside a word: `Niger` is not in `Nigeria`,
/// `Mali` is not in `Somalia`. Possessives (`Russia's`) pass because the
/// apostrophe is not a word character.
fn is_whole_word(text: &str, start: usize, end: usize) -> bool {
    let before = text[..start].chars().next_back();
    let after = text[end..].chars().next();
    !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
}

/// Whether the text at `start` is a lower-case Cyrillic letter: Cyrillic
/// names are capitalised, and in lower case many are ordinary words (того,
/// "of that", is not Того, Togo; мали, "had", is not Мали).
fn lower_case_cyrillic(cased: &str, start: usize) -> bool {
    cased[start..]
        .chars()
        .next()
        .is_some_and(|c| ('\u{0400}'..='\u{04FF}').contains(&c) && c.is_lowercase())
}

fn longest_non_overlapping(mut hits: Vec<Hit>) -> Vec<Hit> {
    hits.sort_by(|a, b| {
        a.start
            .cmp(&b.start)
            .then(b.end.cmp(&a.end))
            .then(a.name.cmp(&b.name))
            .then(a.town.map(|t| t.town).cmp(&b.town.map(|t| t.town)))
    });
    let mut kept: Vec<Hit> = Vec::with_capacity(hits.len());
    for hit in hits {
        let Some(last) = kept.last().copied() else {
            kept.push(hit);
            continue;
        };
        if hit.start >= last.end || (hit.start, hit.end) == (last.start, last.end) {
            // Disjoint, or the same words naming several entities ("Congo"):
            // keep all of them and let the context rules choose.
            kept.push(hit);
        } else if hit.end - hit.start > last.end - last.start {
            kept.retain(|k| (k.start, k.end) != (last.start, last.end));
            kept.push(hit);
        }
    }
    kept
}

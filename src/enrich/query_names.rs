//! Gazetteer names in a query: which regions and actors the words a reader
//! typed name, by name, alias or demonym (`syrian`, `houthis`, `isis`,
//! `kyiv`), so that the query also finds the documents that carry them as
//! facets (see `query::compile`).
//!
//! A query is not an article: it is typed in lower case and has no context.
//! So, unlike extraction, (1) names that need context in an article count
//! (`kyiv`, `aleppo`, `chad`: a reader who types them means the place), and
//! (2) an acronym the gazetteer matches only with its case (`ISIS`, `CAR`,
//! `UN`) also counts typed in lower case when it has three letters or more
//! and is not an English word: `isis` and `hts` name their groups, `car` and
//! `un` stay words. Names are matched whole, longest first, regions and
//! actors each on their own. (3) A country's state forces are not looked
//! for: their names are descriptions, a demonym and a role word (`Afghan
//! army`, `U.S. airstrike`), whose role word the reader means as a word
//! (`U.S. airstrike` must find fewer reports than `airstrike`, not every
//! report of U.S. forces); the demonym names the country all the same.
//!
//! A search needs only these names, not the gazetteer (whose towns and
//! matcher cost a search a hundred times its own time and memory), so
//! [`QueryNames`] is a table of its own: written by the indexing run that
//! enriched the documents with the same gazetteer (`query-names.tsv` in the
//! index folder, see `index::SitrepIndex::query_names`), and read by a
//! search as text, sorted, looked up by binary search without being parsed
//! whole.

use std::ops::Range;

use tantivy::schema::Facet;

use super::entity::{ActorKind, Dimension, NameKind};
use super::fold::fold_str;
use super::gazetteer::Gazetteer;

/// Most words of a name looked for (`Islamic State of Iraq and the Levant` has 7).
const MAX_NAME_WORDS: usize = 8;
/// Fewest letters of an acronym typed in lower case.
const MIN_LOWERCASE_ACRONYM: usize = 3;
/// The first line of the table: its format, then its columns.
const HEADER: &str = "# sitrep query names 1: key\tdimension\tfacet\tcased name\tlower case counts";

/// A gazetteer region or actor named by some consecutive words of a query.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueryName {
    /// The words that name it (indices into the words given).
    pub words: Range<usize>,
    /// Its facet tree.
    pub dimension: Dimension,
    /// Its facet (`/Asia/Western Asia/Syria`).
    pub facet: Facet,
}

impl QueryName {
    /// Its display name, the last segment of its facet (`Syria`).
    pub fn label(&self) -> String {
        self.facet
            .to_path()
            .last()
            .map_or_else(String::new, |s| s.to_string())
    }
}

/// The names a reader may type for the gazetteer's regions and actors, with
/// the facet each names: one line a name, `key \t dimension \t facet \t
/// cased name \t lower case counts`, sorted by key. The key is the name
/// folded, in lower case, one space between words (folding reads hyphens as
/// spaces: `al-Shabaab` is `al shabaab`); a name the gazetteer matches only
/// in its case (`=UN`) has that case's folded form, and `1` in the last
/// column when it also counts typed in lower case (see the module's doc).
pub struct QueryNames {
    lines: SortedLines,
}

/// A table of tab-separated lines after a header line, sorted by their
/// first column (the key), as the index folder keeps it: neither parsed
/// nor checked whole (a search reads a few lines of it), each line read as
/// UTF-8 when looked at.
pub(super) struct SortedLines {
    /// The table's bytes, header first.
    text: Vec<u8>,
    /// Where the first line after the header starts.
    body: usize,
}

impl SortedLines {
    /// `lines` under `header`, sorted by key (then whole) and without repeats.
    pub(super) fn sorted(header: &str, mut lines: Vec<String>) -> Self {
        // By key first: a key's lines must be together, and keys in order,
        // for the binary search.
        lines.sort_unstable_by(|a, b| key_of(a).cmp(key_of(b)).then(a.cmp(b)));
        lines.dedup();
        let mut text = String::from(header);
        for line in lines {
            text.push('\n');
            text.push_str(&line);
        }
        text.push('\n');
        SortedLines {
            body: header.len() + 1,
            text: text.into_bytes(),
        }
    }

    /// A table as [`SortedLines::text`] wrote it, if its first line is
    /// `header` (less the newline).
    pub(super) fn parse(text: Vec<u8>, header: impl Fn(&str) -> bool) -> Option<Self> {
        let end = text.iter().position(|&b| b == b'\n')?;
        let first = std::str::from_utf8(&text[..end]).ok()?;
        header(first).then_some(SortedLines {
            body: end + 1,
            text,
        })
    }

    /// The table as text, header first.
    pub(super) fn text(&self) -> &[u8] {
        &self.text
    }

    /// The header line, without its newline.
    pub(super) fn header(&self) -> &str {
        std::str::from_utf8(&self.text[..self.body - 1]).unwrap_or("")
    }

    /// The end of the line that holds byte `at` (its newline, or the end).
    fn line_end(&self, at: usize) -> usize {
        self.text[at..]
            .iter()
            .position(|&b| b == b'\n')
            .map_or(self.text.len(), |i| at + i)
    }

    /// The lines whose key is `key`: a binary search over the bytes for the
    /// first line whose key is not below it, then the lines from there.
    pub(super) fn keyed<'a>(&'a self, key: &'a str) -> impl Iterator<Item = &'a str> + 'a {
        let (mut low, mut high) = (self.body, self.text.len());
        // `low` and `high` are line starts; the lines before `low` have
        // smaller keys, those from `high` on do not.
        while low < high {
            let mid = low + (high - low) / 2;
            let start = self.text[low..mid]
                .iter()
                .rposition(|&b| b == b'\n')
                .map_or(low, |i| low + i + 1);
            let end = self.line_end(start);
            let line = std::str::from_utf8(&self.text[start..end]).unwrap_or("");
            if key_of(line) < key {
                low = (end + 1).min(self.text.len());
            } else {
                high = start;
            }
        }
        let mut at = low;
        std::iter::from_fn(move || {
            if at >= self.text.len() {
                return None;
            }
            let end = self.line_end(at);
            let line = std::str::from_utf8(&self.text[at..end]).unwrap_or("");
            at = end + 1;
            Some(line)
        })
        .take_while(move |line| key_of(line) == key)
    }
}

impl QueryNames {
    /// The table of `gazetteer`'s names: an entity's own names, aliases and
    /// demonyms, and its divisions', but not the town names that only stand
    /// for a division in matches, nor the names of state forces.
    pub fn from_gazetteer(gazetteer: &Gazetteer) -> Self {
        let lines: Vec<String> = gazetteer
            .names
            .iter()
            .filter(|name| name.kind != NameKind::Town)
            .filter_map(|name| {
                let entity = &gazetteer.entities[name.entity];
                if entity.kind == Some(ActorKind::StateForces) {
                    return None;
                }
                let key = name_key(&name.text);
                if key.is_empty() {
                    return None;
                }
                let (cased_name, lower) = if name.case_sensitive {
                    let lower = key.chars().count() >= MIN_LOWERCASE_ACRONYM
                        && !gazetteer.is_common_word(&key);
                    (cased(&name.text), if lower { "1" } else { "0" })
                } else {
                    (String::new(), "")
                };
                Some(format!(
                    "{key}\t{}\t{}\t{cased_name}\t{lower}",
                    entity.dimension.field_name(),
                    entity.facet()
                ))
            })
            .collect();
        QueryNames {
            lines: SortedLines::sorted(HEADER, lines),
        }
    }

    /// A table as [`QueryNames::text`] wrote it; `None` if `text` does not
    /// start with this version's header (a table of another version).
    pub fn parse(text: Vec<u8>) -> Option<Self> {
        let lines = SortedLines::parse(text, |header| header == HEADER)?;
        Some(QueryNames { lines })
    }

    /// The table as text, for the index folder.
    pub fn text(&self) -> &[u8] {
        self.lines.text()
    }

    /// The regions and actors that `words` (consecutive words of a query,
    /// as typed) name.
    pub fn names_in_query(&self, words: &[&str]) -> Vec<QueryName> {
        let words: Vec<&str> = words.iter().map(|w| bare(w)).collect();
        let mut found = Vec::new();
        for dimension in [Dimension::Region, Dimension::Actor] {
            let mut start = 0;
            while start < words.len() {
                let longest = (start + 1..=words.len().min(start + MAX_NAME_WORDS))
                    .rev()
                    .find_map(|end| {
                        let facets = self.facets_named(dimension, &words[start..end]);
                        (!facets.is_empty()).then_some((end, facets))
                    });
                match longest {
                    Some((end, facets)) => {
                        found.extend(facets.into_iter().map(|facet| QueryName {
                            words: start..end,
                            dimension,
                            facet,
                        }));
                        start = end;
                    }
                    None => start += 1,
                }
            }
        }
        found.sort_by(|a, b| {
            (a.words.start, a.words.end, &a.facet).cmp(&(b.words.start, b.words.end, &b.facet))
        });
        found
    }

    /// The facets of `dimension` that these words, taken together, name.
    fn facets_named(&self, dimension: Dimension, words: &[&str]) -> Vec<Facet> {
        if words.iter().any(|w| w.is_empty()) {
            return Vec::new();
        }
        let typed = words.join(" ");
        let key = name_key(&typed);
        let mut facets: Vec<Facet> = self
            .lines
            .keyed(&key)
            .filter_map(|line| {
                let mut columns = line.split('\t').skip(1);
                let (Some(dim), Some(facet), Some(cased_name), Some(lower)) = (
                    columns.next(),
                    columns.next(),
                    columns.next(),
                    columns.next(),
                ) else {
                    return None;
                };
                let fits = cased_name.is_empty()
                    || cased_name == cased(&typed)
                    || (lower == "1" && typed.chars().all(char::is_lowercase));
                (dim == dimension.field_name() && fits)
                    .then(|| Facet::from_text(facet).ok())
                    .flatten()
            })
            .collect();
        facets.sort();
        facets.dedup();
        facets
    }
}

/// The key column of a line of a table.
fn key_of(line: &str) -> &str {
    line.split('\t').next().unwrap_or("")
}

/// A word without surrounding punctuation and a possessive `'s`.
fn bare(word: &str) -> &str {
    let word = word.trim_matches(|c: char| !c.is_alphanumeric() && c != '.');
    let word = word.trim_start_matches('.');
    word.strip_suffix("'s")
        .or_else(|| word.strip_suffix("’s"))
        .unwrap_or(word)
}

/// The key a name is looked up by: folded, lower-cased, one space between
/// words (folding reads hyphens as spaces: `al-Shabaab` is `al shabaab`).
fn name_key(text: &str) -> String {
    fold_str(text, true)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// A name folded in its case, one space between words: what a
/// case-sensitive name must be typed as.
fn cased(text: &str) -> String {
    fold_str(text, false)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::enrich::gazetteer::tests::fixture;

    fn labels(names: &QueryNames, query: &str) -> Vec<(Range<usize>, String)> {
        let words: Vec<&str> = query.split_whitespace().collect();
        names
            .names_in_query(&words)
            .into_iter()
            .map(|n| (n.words.clone(), n.label()))
            .collect()
    }

    #[test]
    fn demonyms_aliases_and_lower_case_acronyms_name_entities() {
        let g = QueryNames::from_gazetteer(&fixture());
        assert_eq!(labels(&g, "malian soldiers"), [(0..1, "Mali".to_string())]);
        assert_eq!(labels(&g, "RMM"), [(0..1, "Mali".to_string())]);
        // Three letters and not an English word: an acronym in lower case.
        assert_eq!(labels(&g, "rmm"), [(0..1, "Mali".to_string())]);
        assert!(labels(&g, "the attack").is_empty());
        // Two letters: `un` stays a word unless typed in capitals.
        assert!(labels(&g, "un troops").is_empty());
        assert_eq!(
            labels(&g, "UN troops"),
            [(0..1, "United Nations".to_string())]
        );
        // Longest name first; a name that needs context in an article counts here.
        assert_eq!(
            labels(&g, "pmc wagner"),
            [(0..2, "Wagner Group".to_string())]
        );
        assert_eq!(
            labels(&g, "wagner's men"),
            [(0..1, "Wagner Group".to_string())]
        );
        assert_eq!(labels(&g, "chad"), [(0..1, "Chad".to_string())]);
        // A state-forces description is not looked for; its country is.
        assert_eq!(
            labels(&g, "government of mali"),
            [(2..3, "Mali".to_string())]
        );
        // Adjacent words name each their own entity.
        assert_eq!(
            labels(&g, "chadian russian"),
            [(0..1, "Chad".to_string()), (1..2, "Russia".to_string())]
        );
    }

    #[test]
    fn the_table_reads_back_as_written_and_refuses_another_version() {
        let written = QueryNames::from_gazetteer(&fixture());
        let read = QueryNames::parse(written.text().to_vec()).expect("this version's table");
        assert_eq!(labels(&read, "pmc wagner"), labels(&written, "pmc wagner"));
        assert!(
            QueryNames::parse("# sitrep query names 0\nmali\tregion\t/Mali\t\t\n".into()).is_none()
        );
        // A damaged line is skipped, not a panic.
        let damaged = format!("{HEADER}\nmali\tregion\n");
        assert!(labels(&QueryNames::parse(damaged.into_bytes()).unwrap(), "mali").is_empty());
    }
}

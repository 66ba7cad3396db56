//! The names `--region` and `--actor` take, as a table an index keeps
//! (`filter-names.tsv` in its folder, written with `query-names.tsv` by the
//! indexing run), so that a search with those filters resolves them without
//! loading the gazetteer (a second of CPU, a hundred times the search).
//!
//! The table is the gazetteer's own lookup ([`Gazetteer::resolve`] before
//! towns): every facet label at every level (`africa`, `armed group`), name,
//! alias and demonym, the areas (`sahel`, `middle east`) and the country
//! names that stand for its state forces (`--actor usa`), each folded as
//! `resolve` folds a name, with the facets it resolves to. It answers only
//! for the gazetteer that wrote it (its fingerprint is in the header); a
//! name it lacks (a town, an unknown name, which needs suggestions) is left
//! to the gazetteer.

use tantivy::schema::Facet;

use super::entity::Dimension;
use super::fold::fold_str;
use super::gazetteer::Gazetteer;
use super::query_names::SortedLines;

/// The header's start: the format's name and version, then the gazetteer's
/// fingerprint and the columns.
const FORMAT: &str = "# sitrep filter names 1";

/// The region and actor names filters take, with their facets: one line a
/// name, `key \t dimension \t facet \t facet...`, sorted by key (the name
/// folded to lower case), under a header that names the gazetteer.
pub struct FilterNames {
    lines: SortedLines,
}

impl FilterNames {
    /// The table of `gazetteer`'s filter names. A name with a facet label
    /// that cannot be written as a path (with `/` or `\`) is left out:
    /// the gazetteer resolves it.
    pub fn from_gazetteer(gazetteer: &Gazetteer) -> Self {
        let lines = gazetteer
            .filter_names()
            .filter(|(_, key, _)| !key.contains(['\t', '\n']))
            .filter_map(|(dimension, key, paths)| {
                let mut line = format!("{key}\t{}", dimension.field_name());
                for path in paths {
                    line.push('\t');
                    line.push_str(&facet_text(path)?);
                }
                Some(line)
            })
            .collect();
        let header = format!(
            "{FORMAT} gazetteer {}: key\tdimension\tfacets",
            gazetteer.fingerprint
        );
        FilterNames {
            lines: SortedLines::sorted(&header, lines),
        }
    }

    /// A table as [`FilterNames::text`] wrote it; `None` if `text` is not
    /// a table of this version.
    pub fn parse(text: Vec<u8>) -> Option<Self> {
        let lines = SortedLines::parse(text, |header| {
            header
                .strip_prefix(FORMAT)
                .is_some_and(|rest| rest.starts_with(" gazetteer "))
        })?;
        Some(FilterNames { lines })
    }

    /// The table as text, for the index folder.
    pub fn text(&self) -> &[u8] {
        self.lines.text()
    }

    /// The fingerprint of the gazetteer that wrote it.
    pub fn gazetteer(&self) -> &str {
        let header = self.lines.header();
        header
            .get(FORMAT.len() + " gazetteer ".len()..)
            .and_then(|rest| rest.split(':').next())
            .unwrap_or("")
    }

    /// The facets `name` resolves to in `dimension`, as
    /// [`Gazetteer::resolve`] resolves it without towns; `None` when the
    /// table does not have it (a town's name, or no name at all).
    pub fn resolve(&self, dimension: Dimension, name: &str) -> Option<Vec<Facet>> {
        let key = fold_str(name.trim(), true);
        let line = self
            .lines
            .keyed(&key)
            .find(|line| line.split('\t').nth(1) == Some(dimension.field_name()))?;
        line.split('\t')
            .skip(2)
            .map(|facet| Facet::from_text(facet).ok())
            .collect()
    }
}

/// A facet path as text (`/Africa/Western Africa/Mali`), if its labels
/// need no escaping.
fn facet_text(path: &[String]) -> Option<String> {
    if path
        .iter()
        .any(|label| label.contains(['/', '\\', '\t', '\n']))
    {
        return None;
    }
    Some(path.iter().map(|label| format!("/{label}")).collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::enrich::gazetteer::tests::fixture;

    /// What the gazetteer resolves `name` to, as facets.
    fn by_gazetteer(g: &Gazetteer, dimension: Dimension, name: &str) -> Option<Vec<Facet>> {
        g.resolve(dimension, name)
            .map(|paths| paths.iter().map(Facet::from_path).collect())
    }

    /// Every name the gazetteer knows, as written and in other cases, its
    /// facet labels at every level, its towns, and misspellings.
    fn names_of(g: &Gazetteer) -> Vec<String> {
        let mut names: Vec<String> = g.filter_names().map(|(_, k, _)| k.to_string()).collect();
        names.extend(g.names.iter().map(|n| n.text.clone()));
        names.extend(g.entities.iter().flat_map(|e| e.path.clone()));
        names.extend(g.places.towns.iter().map(|t| t.label.to_string()));
        let variants: Vec<String> = names
            .iter()
            .flat_map(|n| [n.to_uppercase(), format!(" {n} "), format!("{n}x")])
            .collect();
        names.extend(variants);
        names.extend(["", " ", "no such place", "mali\tniger", "/Africa"].map(String::from));
        names
    }

    #[test]
    fn the_table_resolves_every_name_as_the_gazetteer_does_but_towns() {
        let g = fixture();
        let table = FilterNames::parse(FilterNames::from_gazetteer(&g).text().to_vec())
            .expect("this version's table");
        assert_eq!(table.gazetteer(), g.fingerprint);
        let mut answered = 0;
        for name in names_of(&g) {
            for dimension in [Dimension::Region, Dimension::Actor] {
                let expected = by_gazetteer(&g, dimension, &name);
                match table.resolve(dimension, &name) {
                    Some(facets) => {
                        answered += 1;
                        assert_eq!(Some(facets), expected, "{dimension:?} `{name}`");
                    }
                    // Only a town's name is left to the gazetteer.
                    None => assert!(
                        expected.is_none() || g.places.key(&fold_str(name.trim(), true)).is_some(),
                        "{dimension:?} `{name}`: {expected:?}"
                    ),
                }
            }
        }
        // Every name of the lookup is in the table.
        for (dimension, key, _) in g.filter_names() {
            assert!(
                table.resolve(dimension, key).is_some(),
                "{dimension:?} `{key}`"
            );
        }
        assert!(answered > 100, "{answered}");
        // A few the filters are documented with.
        let label = |dimension, name| {
            table
                .resolve(dimension, name)
                .map(|f| f.iter().map(|f| f.to_path_string()).collect::<Vec<_>>())
        };
        assert_eq!(
            label(Dimension::Region, "SAHEL").unwrap().len(),
            3,
            "an area is its members"
        );
        assert_eq!(
            label(Dimension::Actor, "malian").unwrap(),
            ["/state forces/Mali"],
            "a country's name names its state forces"
        );
        assert_eq!(
            label(Dimension::Actor, "Armed Group").unwrap(),
            ["/armed group"]
        );
        assert_eq!(label(Dimension::Region, "douma"), None);
    }

    #[test]
    fn a_table_of_another_format_is_not_read() {
        let written = FilterNames::from_gazetteer(&fixture());
        assert!(FilterNames::parse(written.text()[1..].to_vec()).is_none());
        assert!(FilterNames::parse(
            b"# sitrep filter names 0 gazetteer x: \nmali\tregion\t/Mali\n".to_vec()
        )
        .is_none());
        // A damaged line is skipped, not a panic.
        let damaged = b"# sitrep filter names 1 gazetteer x: key\nmali\tregion\t\\\n".to_vec();
        assert_eq!(
            FilterNames::parse(damaged)
                .unwrap()
                .resolve(Dimension::Region, "mali"),
            None
        );
    }
}

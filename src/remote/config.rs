//! Quickwit 0.8 index config derived from `index-schema/schema.json`, so the
//! two backends cannot drift apart: `index-schema/quickwit-index.yaml` is
//! this module's output for the index id `sitrep` (a test checks it).
//!
//! Quickwit has no facet type: a facet becomes an `array<text>` with the raw
//! tokenizer and a fast column, and each document lists every ancestor path
//! (see [`super::document`]), so a term filter on `/Africa` matches Mali and a
//! terms aggregation counts every level of the tree.

use std::fmt::Write;

use crate::index::{FieldSpec, FieldType, SchemaSpec};

/// Name of the config file beside exported documents.
pub const CONFIG_FILE: &str = "quickwit-index.yaml";

/// Quickwit's name for sitrep's `name` analyzer: simple tokenizer, lower
/// case, ASCII folding (Quickwit offers no stop-word or stemming filter for
/// custom tokenizers, so `english` maps to its built-in `en_stem`).
const NAME_TOKENIZER: &str = "sitrep_name";

/// The YAML index config for `index_id`, field by field from `spec`.
pub fn quickwit_index_config(spec: &SchemaSpec, index_id: &str) -> String {
    let mut y = String::new();
    // Writing to a String cannot fail.
    let _ = write_config(&mut y, spec, index_id);
    y
}

fn write_config(y: &mut String, spec: &SchemaSpec, index_id: &str) -> std::fmt::Result {
    writeln!(
        y,
        "# Quickwit 0.8 index config for sitrep, generated from index-schema/schema.json (version {}).",
        spec.version
    )?;
    writeln!(
        y,
        "# Do not edit: `sitrep export --format quickwit` writes it, and a test checks this copy."
    )?;
    writeln!(y, "version: 0.8")?;
    writeln!(y, "index_id: {index_id}")?;
    writeln!(y, "doc_mapping:")?;
    // Documents come from sitrep only: a field it does not know is a bug.
    writeln!(y, "  mode: strict")?;
    writeln!(y, "  tokenizers:")?;
    writeln!(y, "    - name: {NAME_TOKENIZER}")?;
    writeln!(y, "      type: simple")?;
    writeln!(
        y,
        "      filters: [remove_long, lower_caser, ascii_folding]"
    )?;
    writeln!(y, "  field_mappings:")?;
    for field in spec.fields.iter().filter(|f| !f.local) {
        writeln!(y, "    - name: {}", field.name)?;
        for (key, value) in field_options(field) {
            writeln!(y, "      {key}: {value}")?;
        }
    }
    writeln!(y, "  timestamp_field: date")?;
    writeln!(y, "search_settings:")?;
    let defaults: Vec<String> = spec.default_fields().into_iter().map(|(n, _)| n).collect();
    writeln!(y, "  default_search_fields: [{}]", defaults.join(", "))?;
    writeln!(y, "indexing_settings:")?;
    // `sitrep push` forces a commit at its end; this bounds how long other
    // ingested documents wait before they are searchable.
    writeln!(y, "  commit_timeout_secs: 10")
}

/// The Quickwit options of one sitrep field.
fn field_options(field: &FieldSpec) -> Vec<(&'static str, String)> {
    let stored = ("stored", field.stored.to_string());
    let mut out = match field.kind {
        FieldType::String => vec![
            ("type", "text".to_string()),
            ("tokenizer", "raw".to_string()),
        ],
        // Range filters and sorting read the fast column; an indexed one
        // (`copy`) is also searched by term.
        FieldType::U64 => vec![
            ("type", "u64".to_string()),
            ("indexed", field.indexed.to_string()),
        ],
        // Stored objects, not searched: the casualty counts with their sentences.
        FieldType::Json => vec![
            ("type", "array<json>".to_string()),
            ("indexed", "false".to_string()),
        ],
        FieldType::Text => {
            // Names are folded; another language's field holds sitrep's
            // stems (see `super::document`), which folding leaves as they are.
            let tokenizer = match field.analyzer.as_deref() {
                Some("english") | None => "en_stem",
                Some(_) => NAME_TOKENIZER,
            };
            vec![
                ("type", "text".to_string()),
                ("tokenizer", tokenizer.to_string()),
                ("record", "position".to_string()),
                ("fieldnorms", "true".to_string()),
            ]
        }
        FieldType::Date => vec![
            ("type", "datetime".to_string()),
            ("input_formats", "[rfc3339]".to_string()),
            ("output_format", "rfc3339".to_string()),
            ("fast_precision", "seconds".to_string()),
        ],
        // Facets: every ancestor path as a raw string; fast for counts.
        FieldType::Facet => vec![
            ("type", "array<text>".to_string()),
            ("tokenizer", "raw".to_string()),
            ("fast", "true".to_string()),
        ],
    };
    // The timestamp field must be fast; facets are fast above.
    if (field.fast || field.kind == FieldType::Date) && !out.iter().any(|(k, _)| *k == "fast") {
        out.push(("fast", "true".to_string()));
    }
    out.push(stored);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use yaml_rust2::{Yaml, YamlLoader};

    const CHECKED_IN: &str = include_str!("../../index-schema/quickwit-index.yaml");

    #[test]
    fn checked_in_config_is_the_generated_one() {
        let generated = quickwit_index_config(&SchemaSpec::embedded(), "sitrep");
        if std::env::var_os("SITREP_BLESS").is_some() {
            let path = concat!(
                env!("CARGO_MANIFEST_DIR"),
                "/index-schema/quickwit-index.yaml"
            );
            std::fs::write(path, &generated).unwrap();
            return;
        }
        assert_eq!(
            CHECKED_IN, generated,
            "index-schema/quickwit-index.yaml is stale: regenerate it with \
             `SITREP_BLESS=1 cargo test --lib checked_in_config` and commit it"
        );
    }

    fn mappings(doc: &Yaml) -> Vec<&Yaml> {
        doc["doc_mapping"]["field_mappings"]
            .as_vec()
            .unwrap()
            .iter()
            .collect()
    }

    #[test]
    fn every_sitrep_field_is_mapped_like_the_accepted_config() {
        let spec = SchemaSpec::embedded();
        let docs = YamlLoader::load_from_str(&quickwit_index_config(&spec, "sitrep")).unwrap();
        let doc = &docs[0];
        assert_eq!(doc["version"].as_f64(), Some(0.8));
        assert_eq!(doc["doc_mapping"]["timestamp_field"].as_str(), Some("date"));
        let fields = mappings(doc);
        let names: Vec<&str> = fields.iter().map(|f| f["name"].as_str().unwrap()).collect();
        let expected: Vec<&str> = spec
            .fields
            .iter()
            .filter(|f| !f.local)
            .map(|f| f.name.as_str())
            .collect();
        assert_eq!(names, expected);
        // The shapes a real Quickwit 0.8.2 node accepted (tests/data/quickwit-0.8.2).
        let accepted = YamlLoader::load_from_str(include_str!(
            "../../tests/data/quickwit-0.8.2/index-config.yaml"
        ))
        .unwrap();
        for theirs in mappings(&accepted[0]) {
            let name = theirs["name"].as_str().unwrap();
            let Some(ours) = fields.iter().find(|f| f["name"].as_str() == Some(name)) else {
                continue; // `source` there is our `agency`
            };
            for key in [
                "type",
                "tokenizer",
                "record",
                "fieldnorms",
                "fast",
                "fast_precision",
            ] {
                if !theirs[key].is_badvalue() {
                    assert_eq!(ours[key], theirs[key], "{name}.{key}");
                }
            }
        }
        for facet in spec.fields.iter().filter(|f| f.kind == FieldType::Facet) {
            let ours = fields
                .iter()
                .find(|f| f["name"].as_str() == Some(&facet.name))
                .unwrap();
            assert_eq!(ours["type"].as_str(), Some("array<text>"), "{}", facet.name);
            assert_eq!(ours["tokenizer"].as_str(), Some("raw"));
            assert_eq!(ours["fast"].as_bool(), Some(true));
        }
        let defaults: Vec<&str> = doc["search_settings"]["default_search_fields"]
            .as_vec()
            .unwrap()
            .iter()
            .map(|y| y.as_str().unwrap())
            .collect();
        assert_eq!(
            defaults,
            ["title", "summary", "body", "topic", "text_fr", "text_ar", "text_ru", "text_uk"]
        );
    }
}

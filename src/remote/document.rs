//! An enriched article as the JSON document Quickwit ingests: the fields of
//! the local index under the same names, the date in RFC 3339, facets as
//! path strings, casualty totals as numbers (absent without a count) and the
//! counts with their sentences as objects.

use std::collections::BTreeMap;

use chrono::Datelike;
use serde::Serialize;
use tantivy::schema::Facet;

use crate::article::Article;
use crate::enrich::CasualtyReport;
use crate::index::{analyzer_for, EnrichedArticle, FieldName, GroupIds};

/// How facets are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum DocumentFormat {
    /// For Quickwit: every ancestor path of each facet (`/Africa`,
    /// `/Africa/Western Africa`, `/Africa/Western Africa/Mali`), since
    /// Quickwit has no facet type; plus the index config.
    Quickwit,
    /// Plain NDJSON: each facet once, as its full path.
    Ndjson,
}

/// One document, field for field the local index's (`schema.json`).
#[derive(Debug, Serialize)]
pub struct RemoteDocument<'a> {
    /// Stable identity.
    pub id: &'a str,
    /// Absolute path of the source file.
    pub path: &'a str,
    /// Size of the source file.
    pub file_size: u64,
    /// Modification time of the source file (ns since 1970).
    pub file_mtime: u64,
    /// xxh3-64 of the source file's bytes.
    pub file_hash: u64,
    /// Original link.
    pub url: &'a str,
    /// Headline.
    pub title: &'a str,
    /// Standfirst.
    pub summary: &'a str,
    /// Body text.
    pub body: &'a str,
    /// Topic headings.
    pub topic: &'a str,
    /// Agency or outlet.
    pub agency: &'a str,
    /// Where the story was filed.
    pub dateline: &'a str,
    /// Publication day, midnight UTC, RFC 3339.
    pub date: String,
    /// Region facet paths.
    pub region: Vec<String>,
    /// Actor facet paths.
    pub actor: Vec<String>,
    /// `/YYYY/MM/DD`.
    pub calendar: Vec<String>,
    /// ACLED event type facet paths.
    pub event: Vec<String>,
    /// UCDP violence type facet paths.
    pub violence: Vec<String>,
    /// Language facet path (`/fr`).
    pub language: Vec<String>,
    /// A report in another language: its text as that language's analyzer
    /// reads it, the stems separated by spaces, under its field's name
    /// (`text_fr`). Quickwit offers no French, Arabic, Russian or Ukrainian
    /// stemming, so sitrep stems, and the query sends stems there too.
    #[serde(flatten)]
    pub texts: BTreeMap<&'static str, String>,
    /// Casualty totals by field name (`killed_min`, `killed_max`, ...): only
    /// the kinds the text gives a count of.
    #[serde(flatten)]
    pub totals: BTreeMap<&'static str, u64>,
    /// Every casualty count with its sentence.
    pub casualties: &'a [CasualtyReport],
    /// The group of reprints (the local index's `copy`). Last but one, so
    /// that [`RemoteDocument::with_groups`] can set it in a written line.
    pub copy: u64,
    /// The story (the local index's `story`). Last.
    pub story: u64,
}

impl<'a> RemoteDocument<'a> {
    /// The document for `doc` in `format`, in the group of reprints and
    /// story `groups`.
    pub(crate) fn new(doc: &'a EnrichedArticle, format: DocumentFormat, groups: GroupIds) -> Self {
        let a = &doc.article;
        let d = a.date;
        let calendar = Facet::from_path([
            format!("{:04}", d.year()),
            format!("{:02}", d.month()),
            format!("{:02}", d.day()),
        ]);
        let paths = |facets: &[Facet]| match format {
            DocumentFormat::Quickwit => with_ancestors(facets),
            DocumentFormat::Ndjson => facets.iter().map(Facet::to_string).collect(),
        };
        RemoteDocument {
            id: &a.id,
            path: &doc.path,
            file_size: doc.file_size,
            file_mtime: doc.file_mtime,
            file_hash: doc.file_hash,
            url: &a.url,
            title: &a.title,
            summary: &a.summary,
            body: &a.body,
            topic: &a.topic,
            agency: &a.agency,
            dateline: &a.dateline,
            date: format!("{d}T00:00:00Z"),
            region: paths(&doc.enrichment.regions),
            actor: paths(&doc.enrichment.actors),
            calendar: paths(std::slice::from_ref(&calendar)),
            event: paths(&doc.enrichment.events),
            violence: paths(&doc.enrichment.violence),
            language: paths(&[a.language.facet()]),
            texts: stems(a).into_iter().collect(),
            totals: doc
                .enrichment
                .casualties
                .iter()
                .flat_map(|(kind, range)| {
                    [
                        (kind.min_field(), u64::from(range.min)),
                        (kind.max_field(), u64::from(range.max)),
                    ]
                })
                .collect(),
            casualties: &doc.enrichment.counts,
            copy: groups.copy,
            story: groups.story,
        }
    }

    /// A written line (as [`RemoteDocument::to_line`] gives it) with other
    /// `copy` and `story` ids. They are the last keys, and no string in the
    /// line holds `,"copy":` (JSON escapes a quote inside a string), so the
    /// last occurrence is the key.
    pub(crate) fn with_groups(line: &[u8], groups: GroupIds) -> Vec<u8> {
        const KEY: &[u8] = b",\"copy\":";
        let at = line
            .windows(KEY.len())
            .rposition(|w| w == KEY)
            .unwrap_or(line.len().saturating_sub(1));
        let mut out = line[..at].to_vec();
        out.extend_from_slice(
            format!(",\"copy\":{},\"story\":{}}}", groups.copy, groups.story).as_bytes(),
        );
        out
    }

    /// One NDJSON line (no newline).
    pub fn to_line(&self) -> Vec<u8> {
        serde_json::to_vec(self).expect("a document of strings and numbers serialises")
    }
}

/// The `text_xx` field of a report in another language than English, with
/// its title, summary, body and topic as that language's analyzer gives them.
fn stems(article: &Article) -> Option<(&'static str, String)> {
    let mut analyzer = analyzer_for(article.language)?;
    let mut stems = Vec::new();
    for part in [
        &article.title,
        &article.summary,
        &article.body,
        &article.topic,
    ] {
        let mut stream = analyzer.token_stream(part);
        while let Some(token) = stream.next() {
            stems.push(token.text.clone());
        }
    }
    Some((FieldName::Text(article.language).name(), stems.join(" ")))
}

/// Every facet and all its ancestors (not the root), sorted, each once.
fn with_ancestors(facets: &[Facet]) -> Vec<String> {
    let mut out: Vec<String> = facets
        .iter()
        .flat_map(|facet| {
            let segments = facet.to_path();
            (1..=segments.len()).map(move |n| Facet::from_path(&segments[..n]).to_string())
        })
        .collect();
    out.sort();
    out.dedup();
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::enrich::{Casualty, CasualtyKind, Enrichment, Group, Range};
    use crate::Article;

    fn doc() -> EnrichedArticle {
        let article = Article::new(
            "seed".to_string(),
            "seed.txt".to_string(),
            chrono::NaiveDate::from_ymd_opt(2021, 9, 27).unwrap(),
            "Mali approaches Russian security".to_string(),
        );
        EnrichedArticle {
            article,
            enrichment: Enrichment {
                regions: vec![
                    Facet::from("/Africa/Western Africa/Mali"),
                    Facet::from("/Africa/Western Africa/Niger"),
                ],
                actors: vec![Facet::from("/armed group/Wagner Group")],
                events: vec![Facet::from("/Battles/Armed clash")],
                violence: vec![Facet::from("/state-based")],
                casualties: CasualtyKind::ALL
                    .map(|kind| (kind, Range { min: 3, max: 5 }))
                    .to_vec(),
                counts: vec![CasualtyReport {
                    casualty: Casualty {
                        kind: CasualtyKind::Killed,
                        min: 3,
                        max: 3,
                        group: Group::StateForces,
                        amount: "3".to_string(),
                        rule: "verb + count (digits)".to_string(),
                        range: (29, 30),
                        sentence: (0, 39),
                    },
                    sentence_text: "Militants attacked, killing 3 soldiers.".to_string(),
                }],
                ..Enrichment::default()
            },
            path: "/corpus/seed.txt".to_string(),
            file_size: 10,
            file_mtime: 20,
            file_hash: 30,
        }
    }

    #[test]
    fn quickwit_documents_carry_every_ancestor_once() {
        let d = doc();
        let json: serde_json::Value = serde_json::from_slice(
            &RemoteDocument::new(&d, DocumentFormat::Quickwit, SEVEN).to_line(),
        )
        .unwrap();
        assert_eq!(json["date"], "2021-09-27T00:00:00Z");
        assert_eq!(
            json["region"],
            serde_json::json!([
                "/Africa",
                "/Africa/Western Africa",
                "/Africa/Western Africa/Mali",
                "/Africa/Western Africa/Niger"
            ])
        );
        assert_eq!(
            json["actor"],
            serde_json::json!(["/armed group", "/armed group/Wagner Group"])
        );
        assert_eq!(
            json["calendar"],
            serde_json::json!(["/2021", "/2021/09", "/2021/09/27"])
        );
        assert_eq!(
            json["event"],
            serde_json::json!(["/Battles", "/Battles/Armed clash"])
        );
        assert_eq!(
            (&json["killed_min"], &json["killed_max"]),
            (&3.into(), &5.into())
        );
        assert_eq!(json["casualties"][0]["group"], "state-forces");
        assert_eq!(
            json["casualties"][0]["sentence_text"],
            "Militants attacked, killing 3 soldiers."
        );
    }

    const SEVEN: GroupIds = GroupIds { copy: 7, story: 7 };

    #[test]
    fn a_written_line_takes_other_group_ids() {
        let mut d = doc();
        // A text holding the key's spelling does not confuse it.
        d.article.body = r#"he wrote ,"copy":1} here"#.to_string();
        let line = RemoteDocument::new(&d, DocumentFormat::Quickwit, SEVEN).to_line();
        let groups = GroupIds {
            copy: u64::MAX,
            story: 3,
        };
        let moved = RemoteDocument::with_groups(&line, groups);
        let json: serde_json::Value = serde_json::from_slice(&moved).unwrap();
        assert_eq!(json["copy"].as_u64(), Some(u64::MAX));
        assert_eq!(json["story"].as_u64(), Some(3));
        assert_eq!(json["body"], d.article.body.as_str());
        let mut before: serde_json::Value = serde_json::from_slice(&line).unwrap();
        before["copy"] = u64::MAX.into();
        before["story"] = 3.into();
        assert_eq!(before, json);
    }

    #[test]
    fn an_article_without_counts_has_no_totals() {
        let mut d = doc();
        d.enrichment.casualties.clear();
        let json: serde_json::Value = serde_json::from_slice(
            &RemoteDocument::new(&d, DocumentFormat::Quickwit, SEVEN).to_line(),
        )
        .unwrap();
        assert!(json.get("killed_min").is_none(), "{json}");
    }

    #[test]
    fn ndjson_documents_keep_leaf_paths_and_every_schema_field() {
        let d = doc();
        let json: serde_json::Value = serde_json::from_slice(
            &RemoteDocument::new(&d, DocumentFormat::Ndjson, SEVEN).to_line(),
        )
        .unwrap();
        assert_eq!(json["calendar"], serde_json::json!(["/2021/09/27"]));
        assert_eq!(
            json["actor"],
            serde_json::json!(["/armed group/Wagner Group"])
        );
        let mut keys: Vec<&str> = json
            .as_object()
            .unwrap()
            .keys()
            .map(|k| k.as_str())
            .collect();
        let spec = crate::index::SchemaSpec::embedded();
        // An English report has no other language's text field.
        let mut fields: Vec<&str> = spec
            .fields
            .iter()
            .filter(|f| !f.local)
            .filter(|f| !matches!(spec.analysis(&f.name), crate::index::Analysis::Language(_)))
            .map(|f| f.name.as_str())
            .collect();
        keys.sort();
        fields.sort();
        assert_eq!(keys, fields);
    }
}

//! Properties checked on generated input (proptest): the query front end
//! answers every string with results or a clean error, and the plain-text
//! printer and parser agree.

use crate::common;

use std::sync::OnceLock;

use chrono::{Days, NaiveDate};
use proptest::prelude::*;
use sitrep::enrich::{Gazetteer, GazetteerFiles};
use sitrep::index::{index_paths, IndexOptions, SitrepIndex};
use sitrep::parse::{format_text_article, parse_text_article};
use sitrep::search::{search, SearchRequest};
use sitrep::{Article, Error};
use tempfile::TempDir;

/// An index of the bundled corpus's plain-text articles, built once.
fn index() -> &'static SitrepIndex {
    static INDEX: OnceLock<(TempDir, SitrepIndex)> = OnceLock::new();
    &INDEX
        .get_or_init(|| {
            let dir = TempDir::new().unwrap();
            let index = SitrepIndex::open_or_create(&dir.path().join("idx")).unwrap();
            let gazetteer = Gazetteer::from_files(&GazetteerFiles::embedded()).unwrap();
            let options = IndexOptions {
                paths: vec![common::corpus().join("wikinews")],
                ..IndexOptions::default()
            };
            index_paths(&index, &gazetteer, &options, &|_| {}).unwrap();
            (dir, index)
        })
        .1
}

fn query_answers(query: &str) -> Result<(), TestCaseError> {
    let request = SearchRequest {
        query: query.to_string(),
        limit: 5,
        ..SearchRequest::default()
    };
    match search(index(), &request) {
        Ok(results) => prop_assert!(results.hits.len() <= results.total.min(5)),
        Err(Error::QuerySyntax { .. } | Error::QueryTooBroad(_)) => {}
        Err(other) => prop_assert!(false, "{query:?}: not a clean error: {other}"),
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn any_string_is_a_query_or_a_clean_error(query in "\\PC{0,80}") {
        query_answers(&query)?;
    }

    #[test]
    fn query_syntax_soup_is_a_query_or_a_clean_error(
        query in r#"([ ()"*~:+-]|OR|AND|NOT|title:|body:|mali|wagn|lavrov|a|2|~2|-\(){0,40}"#
    ) {
        query_answers(&query)?;
    }

    #[test]
    fn printed_articles_parse_back(article in article()) {
        let printed = format_text_article(&article);
        let parsed = parse_text_article("p.txt", "p.txt", &printed)
            .map_err(|w| TestCaseError::fail(format!("{w}\n{printed}")))?;
        prop_assert_eq!(parsed, article, "printed as:\n{}", printed);
    }
}

/// Articles the plain-text format can hold (see `format_text_article`).
fn article() -> impl Strategy<Value = Article> {
    let words = |n| prop::collection::vec("[A-Za-z][a-z]{0,8}", 1..n).prop_map(|w| w.join(" "));
    let sentence = move || words(12).prop_map(|s| format!("{s}."));
    let paragraphs = move |n| {
        prop::collection::vec(prop::collection::vec(sentence(), 1..4), 0..n).prop_map(|ps| {
            ps.iter()
                .map(|p| p.join(" "))
                .collect::<Vec<_>>()
                .join("\n\n")
        })
    };
    let agency = prop::collection::vec("[A-Z][a-z]{1,6}", 0..3).prop_map(|w| w.join(" "));
    let dateline = prop::collection::vec("[A-Z]{2,8}", 0..3).prop_map(|w| w.join(" "));
    (
        0u64..45_000,
        words(10),
        paragraphs(3),
        agency,
        dateline,
        paragraphs(5),
    )
        .prop_map(|(day, title, summary, agency, dateline, body)| {
            let date = NaiveDate::from_ymd_opt(1900, 1, 1).unwrap() + Days::new(day);
            let mut article = Article::new("p.txt".into(), "p.txt".into(), date, title);
            // Without an agency there is no credit line, so no summary or dateline.
            if !agency.is_empty() {
                article.summary = summary;
                article.dateline = dateline;
            }
            article.agency = agency;
            article.body = body;
            // The language is read from the text, as the parser reads it.
            article.detect_language();
            article
        })
}

#[test]
fn every_corpus_article_prints_and_parses_back() {
    let mut checked = 0;
    for entry in std::fs::read_dir(common::corpus().join("wikinews")).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|e| e != "txt") {
            continue;
        }
        let text = std::fs::read_to_string(&path).unwrap();
        let key = path.display().to_string();
        let article = parse_text_article(&key, &key, &text).unwrap();
        let again = parse_text_article(&key, &key, &format_text_article(&article)).unwrap();
        assert_eq!(again, article, "{key}");
        checked += 1;
    }
    assert!(checked > 200, "{checked}");
}

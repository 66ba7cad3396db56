//! Titles that belong to their items, and the `topic` field (issue 17): the
//! bundled Current Events items are titled by a heading only when it is
//! certainly theirs, else by their own first clause; the certain headings are
//! their `topic`, which is searched, shown, exported and served.

use std::path::Path;

use serde_json::Value;

use crate::common::server::{encode, Server};
use crate::common::{self, corpus_index, hit_field, search_json, sitrep, sitrep_at};

/// The bundled Current Events items, as written by `examples/build_corpus.rs`.
fn corpus_items() -> Vec<Value> {
    let dir = common::corpus().join("current-events");
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    files
        .iter()
        .flat_map(|f| {
            std::fs::read_to_string(f)
                .unwrap()
                .lines()
                .map(|l| serde_json::from_str::<Value>(l).unwrap())
                .collect::<Vec<_>>()
        })
        .collect()
}

fn text<'a>(item: &'a Value, key: &str) -> &'a str {
    item[key].as_str().unwrap_or("")
}

/// A corpus item with a topic, and a word of its topic that neither its title
/// nor its body holds: only the topic field can find it by that word.
fn item_found_only_by_its_topic() -> (Value, String) {
    let words = |s: &str| -> Vec<String> {
        s.split(|c: char| !c.is_alphanumeric())
            .filter(|w| w.len() >= 6 && w.chars().all(|c| c.is_ascii_alphabetic()))
            .map(str::to_lowercase)
            .collect()
    };
    corpus_items()
        .into_iter()
        .find_map(|item| {
            let elsewhere = format!("{} {}", text(&item, "title"), text(&item, "body"));
            let elsewhere = words(&elsewhere);
            let word = words(text(&item, "topic"))
                .into_iter()
                .find(|w| !elsewhere.iter().any(|e| e.starts_with(&w[..5])))?;
            Some((item, word))
        })
        .expect("an item whose topic holds a word of its own")
}

#[test]
fn a_title_is_a_certain_heading_or_the_items_own_first_clause() {
    let items = corpus_items();
    assert_eq!(items.len(), 5500);
    let mut with_topic = 0;
    for item in &items {
        let (title, topic, body) = (text(item, "title"), text(item, "topic"), text(item, "body"));
        if topic.is_empty() {
            let clause = title.trim_end_matches('…');
            assert!(body.starts_with(clause), "{item}");
        } else {
            with_topic += 1;
            assert_eq!(topic.rsplit(" › ").next(), Some(title), "{item}");
        }
    }
    assert!(with_topic > 500 && with_topic < 5000, "{with_topic}");
    // The example: a chemical plant fire in Georgia carried the
    // heading of an earlier item, "Somali Civil War", and the Somalia tag.
    let shown = sitrep_at(corpus_index())
        .args(["show", "wce-2022-11-07-007"])
        .output()
        .unwrap();
    let shown = String::from_utf8(shown.stdout).unwrap();
    assert!(
        shown.contains("A fire occurs at a chemical plant"),
        "{shown}"
    );
    assert!(
        !shown.contains("Somali") && !shown.contains("Somalia"),
        "{shown}"
    );
}

#[test]
fn the_topic_is_searched_and_shown_by_the_command_line() {
    let (item, word) = item_found_only_by_its_topic();
    let id = text(&item, "id");
    let topic = text(&item, "topic");
    for query in [word.clone(), format!("topic:{word}")] {
        let results = search_json(&[&query, "--limit", "1000"]);
        let hit = results["hits"]
            .as_array()
            .unwrap()
            .iter()
            .find(|h| h["id"] == id)
            .unwrap_or_else(|| panic!("{query} finds {id}"));
        assert_eq!(hit["topic"], topic);
    }
    let shown = sitrep_at(corpus_index())
        .args(["show", id])
        .output()
        .unwrap();
    let shown = String::from_utf8(shown.stdout).unwrap();
    assert!(shown.contains(&format!("topic: {topic}")), "{shown}");
    // A word of the body is no topic.
    let lower_topic = topic.to_lowercase();
    let body_word = text(&item, "body")
        .split(|c: char| !c.is_alphanumeric())
        .find(|w| w.len() >= 6 && !lower_topic.contains(&w.to_lowercase()))
        .unwrap();
    let results = search_json(&[&format!("topic:{word} topic:{body_word}")]);
    assert!(!hit_field(&results, "id").contains(&id.to_string()));
}

#[test]
fn the_topic_reaches_exports_and_the_web_api() {
    let (item, _) = item_found_only_by_its_topic();
    let dir = tempfile::TempDir::new().unwrap();
    let input = dir.path().join("in");
    std::fs::create_dir(&input).unwrap();
    std::fs::write(input.join("one.jsonl"), format!("{item}\n")).unwrap();
    for format in ["quickwit", "ndjson"] {
        let out = dir.path().join(format);
        sitrep()
            .args(["export", "--quiet", "--format", format])
            .arg(&out)
            .arg(&input)
            .assert()
            .success();
        let doc = exported(&out);
        assert_eq!(doc["topic"], item["topic"], "{format}");
    }
    let server = Server::start(corpus_index());
    let id = text(&item, "id");
    let article = server.json(&format!("/api/articles/{}", encode(id)), 200);
    assert_eq!(article["topic"], item["topic"]);
    let hits = server.json(
        &format!("/api/search?q=topic:{}", encode(&first_word(&item))),
        200,
    );
    assert!(hits["hits"]
        .as_array()
        .unwrap()
        .iter()
        .all(|h| h["topic"].as_str().is_some_and(|t| !t.is_empty())));
}

/// The first word of an item's topic.
fn first_word(item: &Value) -> String {
    text(item, "topic")
        .split(|c: char| !c.is_alphanumeric())
        .find(|w| w.len() >= 3)
        .unwrap()
        .to_string()
}

/// The one document exported to `out`.
fn exported(out: &Path) -> Value {
    let file = std::fs::read_dir(out)
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.extension().is_some_and(|e| e == "ndjson"))
        .unwrap();
    let text = std::fs::read_to_string(file).unwrap();
    serde_json::from_str(text.lines().next().unwrap()).unwrap()
}

//! Watches under `sitrep serve`: each watch's Atom feed at
//! `/feeds/NAME.atom`, parsed by a real feed parser (feed-rs) and compared
//! with `sitrep search` for the same query, and `/api/watches`, through
//! which the page lists watches and saves its current search.

use crate::common;

use std::fs;
use std::path::Path;

use common::server::Server;
use common::*;
use feed_rs::model::{Feed, FeedType};
use serde_json::{json, Value};
use tempfile::TempDir;

/// An index of the whole corpus in `dir`, of its own: the tests add watches to it.
fn corpus_copy(dir: &Path) -> std::path::PathBuf {
    let index = dir.join("idx");
    index_quietly(&index, &corpus());
    index
}

fn watch_add(index: &Path, args: &[&str]) {
    sitrep_at(index)
        .args(["watch", "add"])
        .args(args)
        .assert()
        .success();
}

/// GET a feed and parse it with feed-rs.
fn parsed_feed(server: &Server, path: &str) -> Feed {
    let reply = server.get(path);
    assert_eq!(reply.status, 200, "{path}: {}", reply.body);
    assert_eq!(reply.content_type, "application/atom+xml; charset=utf-8");
    let feed = feed_rs::parser::parse(reply.body.as_bytes())
        .unwrap_or_else(|e| panic!("{path} is not a valid feed ({e}):\n{}", reply.body));
    assert_eq!(feed.feed_type, FeedType::Atom);
    feed
}

/// The `article` parameter of a link to the article view.
fn article_param(href: &str) -> String {
    let query = href.split_once('?').expect("a query string").1;
    form_urlencoded_pairs(query)
        .into_iter()
        .find(|(k, _)| k == "article")
        .expect("an article parameter")
        .1
}

fn form_urlencoded_pairs(query: &str) -> Vec<(String, String)> {
    query
        .split('&')
        .filter_map(|pair| pair.split_once('='))
        .map(|(k, v)| {
            let decode = |s: &str| {
                percent_encoding::percent_decode_str(&s.replace('+', " "))
                    .decode_utf8()
                    .unwrap()
                    .into_owned()
            };
            (decode(k), decode(v))
        })
        .collect()
}

#[test]
fn a_watch_feed_is_atom_with_the_newest_matches_of_its_search() {
    let dir = TempDir::new().unwrap();
    let index = corpus_copy(dir.path());
    watch_add(&index, &["wagner-mali", "wagner", "--region", "mali"]);
    watch_add(&index, &["attacks", "attack"]);
    let server = Server::start(&index);

    let feed = parsed_feed(&server, "/feeds/wagner-mali.atom");
    let expected = search_json_at(
        &index,
        &[
            "wagner",
            "--region",
            "mali",
            "--sort",
            "newest",
            "--collapse",
            "copies",
            "-n",
            "50",
        ],
    );
    let hits = expected["hits"].as_array().unwrap();
    // Four since issue 17 retitled the corpus: wce-2018-07-31-005 (journalists
    // killed in the Central African Republic) was titled "Malian presidential
    // election, 2018" and tagged Mali.
    assert!(hits.len() >= 4, "{}", expected["total"]);
    assert_eq!(feed.id, "urn:sitrep:watch:wagner-mali");
    assert!(feed
        .title
        .as_ref()
        .unwrap()
        .content
        .contains("`wagner` --region mali"));
    assert_eq!(feed.entries.len(), hits.len());
    let self_link = feed
        .links
        .iter()
        .find(|l| l.rel.as_deref() == Some("self"))
        .unwrap();
    assert_eq!(
        self_link.href,
        format!("{}/feeds/wagner-mali.atom", server.base)
    );
    for (entry, hit) in feed.entries.iter().zip(hits) {
        assert_eq!(
            entry.title.as_ref().unwrap().content,
            hit["title"].as_str().unwrap()
        );
        let updated = entry
            .updated
            .expect("updated")
            .format("%Y-%m-%d")
            .to_string();
        assert_eq!(updated, hit["date"].as_str().unwrap());
        let source = hit["source"].as_str().unwrap();
        if !source.is_empty() {
            assert_eq!(entry.authors[0].name.as_deref(), Some(source));
        }
        assert!(entry
            .summary
            .as_ref()
            .unwrap()
            .content
            .starts_with(hit["snippet"].as_str().unwrap()));
        let view = entry
            .links
            .iter()
            .find(|l| l.rel.as_deref() == Some("alternate"))
            .expect("a link to the article view");
        assert!(
            view.href
                .starts_with(&format!("{}/?q=wagner&region=mali&article=", server.base)),
            "{}",
            view.href
        );
        let id = article_param(&view.href);
        assert_eq!(id, hit["id"].as_str().unwrap());
        // The article view's data is there for that id.
        let encoded =
            percent_encoding::utf8_percent_encode(&id, percent_encoding::NON_ALPHANUMERIC)
                .to_string();
        assert_eq!(
            server.json(&format!("/api/articles/{encoded}"), 200)["title"],
            hit["title"]
        );
        let regions: Vec<&str> = entry.categories.iter().map(|c| c.term.as_str()).collect();
        assert!(
            regions.contains(&"/Africa/Western Africa/Mali"),
            "{regions:?}"
        );
    }
    // Newest first, at most 50.
    let attacks = parsed_feed(&server, "/feeds/attacks.atom");
    assert_eq!(attacks.entries.len(), 50);
    let dates: Vec<_> = attacks.entries.iter().map(|e| e.updated.unwrap()).collect();
    assert!(dates.windows(2).all(|w| w[0] >= w[1]), "newest first");

    for path in [
        "/feeds/nobody.atom",
        "/feeds/wagner-mali.rss",
        "/feeds/wagner-mali",
    ] {
        let reply = server.get(path);
        assert_eq!(reply.status, 404, "{path}");
        assert!(
            reply.json()["error"].as_str().unwrap().starts_with("no "),
            "{path}"
        );
    }
}

/// A real reprint: the portal lists the drone attacks in northern Israel on
/// 16 April 2024 (wce-2024-04-16-005) and again, in nearly the same words,
/// on the 17th (wce-2024-04-17-004). The feed has one entry for the text,
/// with the id of its earliest copy (a reader that has it sees an update,
/// not a new item), and names the copy under the snippet.
#[test]
fn a_reprint_is_one_feed_entry_with_the_id_of_its_earliest_copy() {
    const FIRST: &str = "wce-2024-04-16-005";
    const REPRINT: &str = "wce-2024-04-17-004";
    let dir = TempDir::new().unwrap();
    let index = corpus_copy(dir.path());
    let days = ["--from", "2024-04-16", "--to", "2024-04-17"];
    watch_add(&index, &[&["israel", "israel"], &days[..]].concat());
    let plain = search_json_at(&index, &[&["israel", "-n", "50"], &days[..]].concat());
    let plain_ids: Vec<&str> = plain["hits"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["id"].as_str().unwrap())
        .collect();
    assert!(
        plain_ids.contains(&FIRST) && plain_ids.contains(&REPRINT),
        "{plain_ids:?}"
    );

    let server = Server::start(&index);
    let feed = parsed_feed(&server, "/feeds/israel.atom");
    let ids: Vec<&str> = feed.entries.iter().map(|e| e.id.as_str()).collect();
    assert_eq!(feed.entries.len(), plain_ids.len() - 1, "{ids:?}");
    let first = format!("urn:sitrep:article:{FIRST}");
    assert!(ids.contains(&first.as_str()), "{ids:?}");
    assert!(!ids.contains(&format!("urn:sitrep:article:{REPRINT}").as_str()));
    let entry = feed.entries.iter().find(|e| e.id == first).unwrap();
    let summary = &entry.summary.as_ref().unwrap().content;
    assert!(summary.contains("+1 similar"), "{summary}");
    assert!(feed
        .title
        .as_ref()
        .map(|t| t.content.contains("israel"))
        .unwrap_or(false));
}

#[test]
fn article_text_is_escaped_in_the_feed() {
    let dir = TempDir::new().unwrap();
    let input = dir.path().join("in");
    fs::create_dir(&input).unwrap();
    // A title and body an attacker wrote.
    fs::write(
        input.join("markup.txt"),
        " date 2021-09-27 <script>alert(1)</script> & \"quotes\" in Mali\n\nA report on <b>Mali</b> & Wagner]]> with markup.\n",
    )
    .unwrap();
    let index = dir.path().join("idx");
    index_quietly(&index, &input);
    watch_add(&index, &["everything", "--region", "mali"]);
    let server = Server::start(&index);
    let feed = parsed_feed(&server, "/feeds/everything.atom");
    assert_eq!(feed.entries.len(), 1);
    assert_eq!(
        feed.entries[0].title.as_ref().unwrap().content,
        "<script>alert(1)</script> & \"quotes\" in Mali"
    );
    let summary = &feed.entries[0].summary.as_ref().expect("a snippet").content;
    assert!(summary.contains("<b>Mali</b> & Wagner]]>"), "{summary}");
}

#[test]
fn the_page_api_saves_and_lists_watches_as_the_command_line_does() {
    let dir = TempDir::new().unwrap();
    let index = corpus_copy(dir.path());
    let server = Server::start(&index);
    assert_eq!(server.json("/api/watches", 200), json!([]));
    let body = json!({
        "name": "mali-attacks",
        "query": "attack",
        "regions": ["/Africa/Western Africa/Mali"],
        "from": "2019",
    });
    let reply = server.post("/api/watches", "application/json", &body.to_string());
    assert_eq!(reply.status, 201, "{}", reply.body);
    let saved = reply.json();
    assert_eq!(saved["feed"], "/feeds/mali-attacks.atom");
    assert_eq!(
        saved["search"],
        "`attack` --from 2019 --region '/Africa/Western Africa/Mali'"
    );
    // The command line sees it, and runs it.
    let out = sitrep_at(&index)
        .args(["watch", "list", "--json"])
        .output()
        .unwrap();
    let listed: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(listed[0]["name"], "mali-attacks");
    assert_eq!(listed[0]["regions"], json!(["/Africa/Western Africa/Mali"]));
    let api = server.json("/api/watches", 200);
    assert_eq!(api.as_array().unwrap().len(), 1);
    assert_eq!(api[0]["name"], "mali-attacks");
    let feed = parsed_feed(&server, "/feeds/mali-attacks.atom");
    let total = search_json_at(
        &index,
        &["attack", "--region", "mali", "--from", "2019", "-n", "0"],
    )["total"]
        .as_u64()
        .unwrap();
    assert_eq!(feed.entries.len() as u64, total.min(50));
    // Refusals name what is wrong, as `watch add` does.
    for (body, parameter) in [
        (json!({"name": "mali-attacks", "query": "wagner"}), "name"),
        (json!({"name": "bad name!", "query": "wagner"}), "name"),
        (json!({"name": "ok", "regions": ["atlantis"]}), "region"),
        (json!({"name": "ok", "query": "\"unclosed"}), "q"),
        (json!({"name": "ok", "from": "2021-13"}), "from"),
    ] {
        let reply = server.post("/api/watches", "application/json", &body.to_string());
        assert_eq!(reply.status, 400, "{body}: {}", reply.body);
        assert_eq!(reply.json()["parameter"], parameter, "{body}");
    }
    // A form post, which another site could make a browser send, is refused.
    let form = server.post(
        "/api/watches",
        "application/x-www-form-urlencoded",
        "name=evil&query=wagner",
    );
    assert_eq!(form.status, 415, "{}", form.body);
    assert_eq!(
        server.json("/api/watches", 200).as_array().unwrap().len(),
        1
    );
}

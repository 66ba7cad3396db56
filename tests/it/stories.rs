//! Stories (`story`): the reports of one event by several outlets, in their
//! own words, are one story; `search --collapse stories` shows one hit per
//! story, `sitrep story ID` lists one, and stories follow incremental
//! indexing to what a clean build gives.
//!
//! The articles are the 20 ECB+ reports of topic 41 (CC BY 3.0,
//! `tests/data/ecbplus-topic41.jsonl`, made from
//! `../shared/data/news-clusters-ecbplus` as its SOURCE note says): nine of
//! the Israeli strike on the UN school in Gaza (January 2009), eleven of
//! Sudan's bombing of the Yida refugee camp in South Sudan (November 2011),
//! two of those one Reuters text run by Reuters and Radio Netherlands.

use crate::common;

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use common::{clean_group_ids, group_ids, index_quietly, search_json_at, sitrep_at};
use tempfile::TempDir;

/// Writes each article of the test data as a JSON Lines file of its own
/// into `dir` (named after its ECB+ document), those `keep` accepts.
fn write_articles(dir: &Path, keep: impl Fn(&str) -> bool) {
    std::fs::create_dir_all(dir).unwrap();
    let data = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/ecbplus-topic41.jsonl");
    for line in std::fs::read_to_string(data).unwrap().lines() {
        let record: serde_json::Value = serde_json::from_str(line).unwrap();
        let name = record["id"].as_str().unwrap().trim_start_matches("ecb+:");
        if keep(name) {
            std::fs::write(dir.join(format!("{name}.jsonl")), format!("{line}\n")).unwrap();
        }
    }
}

/// Every document's (copy id, story id), by ECB+ document name.
fn groups(index: &Path) -> BTreeMap<String, (String, String)> {
    group_ids(index, ecb_name)
}

/// A hit's ECB+ document name.
fn ecb_name(hit: &serde_json::Value) -> String {
    hit["id"]
        .as_str()
        .unwrap()
        .trim_start_matches("ecb+:")
        .to_string()
}

/// The stories of `groups` as sets of document names.
fn stories(groups: &BTreeMap<String, (String, String)>) -> BTreeSet<BTreeSet<String>> {
    let mut by_story: BTreeMap<&str, BTreeSet<String>> = BTreeMap::new();
    for (name, (_, story)) in groups {
        by_story.entry(story).or_default().insert(name.clone());
    }
    by_story.into_values().collect()
}

fn clean_groups(dir: &Path) -> BTreeMap<String, (String, String)> {
    clean_group_ids(dir, ecb_name)
}

#[test]
fn reports_of_one_event_are_one_story_with_their_reprints() {
    let tmp = TempDir::new().unwrap();
    let dir = tmp.path().join("news");
    write_articles(&dir, |_| true);
    let idx = tmp.path().join("idx");
    index_quietly(&idx, &dir);
    let all = groups(&idx);
    assert_eq!(all.len(), 20);

    // The Reuters text and its reprint are copies, in one story.
    assert_eq!(all["41_5ecbplus.xml"].0, all["41_7ecbplus.xml"].0);
    assert_eq!(all["41_5ecbplus.xml"].1, all["41_7ecbplus.xml"].1);
    // No story mixes the two events, and most reports of each are in one.
    for story in stories(&all) {
        let kinds: BTreeSet<bool> = story.iter().map(|n| n.contains("ecbplus")).collect();
        assert_eq!(kinds.len(), 1, "two events in one story: {story:?}");
    }
    let largest = |plus: bool| {
        stories(&all)
            .into_iter()
            .filter(|s| s.iter().all(|n| n.contains("ecbplus") == plus))
            .map(|s| s.len())
            .max()
            .unwrap_or(0)
    };
    assert!(largest(true) >= 5, "{:#?}", stories(&all));
    assert!(largest(false) >= 4, "{:#?}", stories(&all));

    // Collapsed: one hit per story, with the others folded under it.
    let plain = search_json_at(&idx, &["sudan refugee camp"]);
    let collapsed = search_json_at(&idx, &["sudan refugee camp", "--collapse", "stories"]);
    assert_eq!(collapsed["total"], plain["total"]);
    assert_eq!(collapsed["collapse"], "stories");
    let hits = collapsed["hits"].as_array().unwrap();
    let story_ids: BTreeSet<&str> = hits
        .iter()
        .map(|h| h["story"]["id"].as_str().unwrap())
        .collect();
    assert_eq!(
        story_ids.len(),
        hits.len(),
        "one hit per story: {collapsed:#}"
    );
    assert_eq!(collapsed["groups"].as_u64().unwrap() as usize, hits.len());
    let top = &hits[0]["story"];
    let members = top["members"].as_u64().unwrap();
    assert!(members >= 5, "{collapsed:#}");
    assert!(top["similar"].as_u64().unwrap() >= 4, "{collapsed:#}");
    assert_eq!(
        top["others"].as_array().unwrap().len() as u64,
        members - 1,
        "{top:#}"
    );

    let text = sitrep_at(&idx)
        .args(["search", "sudan refugee camp", "--collapse", "stories"])
        .assert()
        .success();
    let text = String::from_utf8_lossy(&text.get_output().stdout).into_owned();
    let header = format!(
        "{} hits in {} stories for `sudan refugee camp`",
        collapsed["total"],
        hits.len()
    );
    assert!(text.starts_with(&header), "{text}");
    assert!(
        text.contains(&format!("+{} similar:", members - 1)),
        "{text}"
    );
    assert!(
        text.contains("reuters.com") || text.contains("rnw.nl"),
        "{text}"
    );

    // `sitrep story` lists the members, by the story's id or a member's.
    let id = top["id"].as_str().unwrap();
    let story = sitrep_at(&idx)
        .args(["story", id, "--json"])
        .assert()
        .success();
    let story: serde_json::Value = serde_json::from_slice(&story.get_output().stdout).unwrap();
    assert_eq!(story["members"].as_array().unwrap().len() as u64, members);
    assert_eq!(story["lead"], top["lead"]);
    let by_member = sitrep_at(&idx)
        .args(["story", "ecb+:41_7ecbplus.xml", "--json"])
        .assert()
        .success();
    let by_member: serde_json::Value =
        serde_json::from_slice(&by_member.get_output().stdout).unwrap();
    assert_eq!(by_member["id"], all["41_7ecbplus.xml"].1.as_str());
}

#[test]
fn stories_follow_added_and_removed_files_as_a_clean_build_does() {
    let tmp = TempDir::new().unwrap();
    let dir = tmp.path().join("news");
    // Half of each event first, then the rest, then some removed.
    write_articles(&dir, |name| {
        name.starts_with("41_1") || name.starts_with("41_3") || name.starts_with("41_5")
    });
    let idx = tmp.path().join("idx");
    index_quietly(&idx, &dir);
    assert_eq!(groups(&idx), clean_groups(&dir));

    write_articles(&dir, |_| true);
    index_quietly(&idx, &dir);
    let now = groups(&idx);
    assert_eq!(now, clean_groups(&dir));

    // The lead of the largest story goes, and the Reuters text: the others
    // regroup as a clean build groups them.
    let largest = stories(&now).into_iter().max_by_key(BTreeSet::len).unwrap();
    let story_id = &now[largest.iter().next().unwrap()].1;
    let story = sitrep_at(&idx)
        .args(["story", story_id, "--json"])
        .assert()
        .success();
    let story: serde_json::Value = serde_json::from_slice(&story.get_output().stdout).unwrap();
    let lead = story["lead"].as_str().unwrap().trim_start_matches("ecb+:");
    for name in BTreeSet::from([lead, "41_5ecbplus.xml"]) {
        std::fs::remove_file(dir.join(format!("{name}.jsonl"))).unwrap();
    }
    index_quietly(&idx, &dir);
    let after = groups(&idx);
    assert_eq!(after, clean_groups(&dir));
    assert!(!after.contains_key(lead));
}

/// `sitrep index --commit-every 1`: one commit per file, so most batches
/// leave their grouping to a later pass (`pass_due` in the writer).
fn index_file_by_file(index: &Path, dir: &Path) {
    sitrep_at(index)
        .args(["index", "--quiet", "--commit-every", "1"])
        .arg(dir)
        .assert()
        .success();
}

#[test]
fn a_build_committed_file_by_file_groups_as_one_batch_does() {
    let tmp = TempDir::new().unwrap();
    let dir = tmp.path().join("news");
    write_articles(&dir, |name| {
        name.starts_with("41_1") || name.starts_with("41_3")
    });
    let idx = tmp.path().join("idx");
    index_file_by_file(&idx, &dir);
    assert_eq!(groups(&idx), clean_groups(&dir));

    // The rest, and one grouped report edited (its source): the run
    // deletes a grouped document while passes are deferred.
    write_articles(&dir, |_| true);
    let edited = dir.join("41_3ecbplus.xml.jsonl");
    let text = std::fs::read_to_string(&edited).unwrap();
    let mut record: serde_json::Value = serde_json::from_str(text.trim()).unwrap();
    record["source"] = serde_json::json!("bbc.com");
    std::fs::write(&edited, format!("{record}\n")).unwrap();
    index_file_by_file(&idx, &dir);
    let now = groups(&idx);
    assert_eq!(now, clean_groups(&dir));
    assert!(
        stories(&now).iter().any(|s| s.len() > 2),
        "no story of several reports: {now:?}"
    );
}

#[test]
fn reports_in_another_language_are_linked_by_their_copies_only() {
    // The first twelve addresses and briefings of Ukraine's president in the
    // bundled corpus (2022-02-22 to 2022-02-27, CC BY 4.0, corpus/SOURCES.md):
    // the English word weights know none of their words, so every word would
    // weigh as a rare name and the common ones would link different events.
    let tmp = TempDir::new().unwrap();
    let dir = tmp.path().join("news");
    std::fs::create_dir_all(&dir).unwrap();
    let source = common::corpus().join("multilingual/uk-addresses.jsonl");
    let lines: Vec<String> = std::fs::read_to_string(source)
        .unwrap()
        .lines()
        .take(12)
        .map(|l| format!("{l}\n"))
        .collect();
    std::fs::write(dir.join("uk.jsonl"), lines.concat()).unwrap();
    let idx = tmp.path().join("idx");
    index_quietly(&idx, &dir);
    let all = search_json_at(&idx, &["", "--from", "1900", "-n", "100"]);
    let hits = all["hits"].as_array().unwrap();
    assert_eq!(hits.len(), 12);
    for hit in hits {
        assert_eq!(hit["language"], "uk", "{hit:#}");
        assert_eq!(hit["story"]["id"], hit["copy"]["id"], "{hit:#}");
    }
}

#[test]
fn a_preferred_source_leads_its_story_in_search_story_and_the_api() {
    let tmp = TempDir::new().unwrap();
    let dir = tmp.path().join("news");
    write_articles(&dir, |_| true);
    let idx = tmp.path().join("idx");
    index_quietly(&idx, &dir);
    let query = "sudan refugee camp";

    // A matching member of the top story that is not its lead, from a
    // source the lead is not from.
    let collapsed = search_json_at(&idx, &[query, "--collapse", "stories"]);
    let top = &collapsed["hits"][0];
    let (story_id, lead) = (&top["story"]["id"], top["id"].as_str().unwrap());
    assert_eq!(top["story"]["lead"], lead, "{top:#}");
    let plain = search_json_at(&idx, &[query, "-n", "100"]);
    let chosen = plain["hits"]
        .as_array()
        .unwrap()
        .iter()
        .find(|h| h["story"]["id"] == *story_id && h["id"] != lead && h["source"] != top["source"])
        .expect("a story of several sources");
    let (id, source) = (&chosen["id"], chosen["source"].as_str().unwrap());

    let shown = |results: &serde_json::Value| {
        let hit = results["hits"]
            .as_array()
            .unwrap()
            .iter()
            .find(|h| h["story"]["id"] == *story_id)
            .cloned()
            .expect("the story is still found");
        assert_eq!(hit["story"]["lead"], hit["id"], "{hit:#}");
        hit["id"].clone()
    };
    let preferred = search_json_at(&idx, &[query, "--collapse", "stories", "--prefer", source]);
    assert_eq!(preferred["total"], collapsed["total"]);
    assert_eq!(preferred["groups"], collapsed["groups"]);
    assert_eq!(shown(&preferred), *id);
    // A source no member is from changes nothing; the first one held wins.
    let absent = search_json_at(
        &idx,
        &[
            query,
            "--collapse",
            "stories",
            "--prefer",
            "no such outlet",
            "--prefer",
            source,
        ],
    );
    assert_eq!(shown(&absent), *id);

    // The configuration file's `prefer` is the default.
    let config = tmp.path().join("config.toml");
    std::fs::write(&config, format!("prefer = [\"{source}\"]\n")).unwrap();
    let configured = sitrep_at(&idx)
        .env("SITREP_CONFIG", &config)
        .args(["search", query, "--collapse", "stories", "--json"])
        .assert()
        .success();
    let configured: serde_json::Value =
        serde_json::from_slice(&configured.get_output().stdout).unwrap();
    assert_eq!(shown(&configured), *id);

    // `sitrep story` puts the preferred member first.
    let story = sitrep_at(&idx)
        .args([
            "story",
            story_id.as_str().unwrap(),
            "--json",
            "--prefer",
            source,
        ])
        .assert()
        .success();
    let story: serde_json::Value = serde_json::from_slice(&story.get_output().stdout).unwrap();
    assert_eq!(story["lead"], *id);
    assert_eq!(story["members"][0]["id"], *id);

    // The API takes `prefer` as the command line does.
    let server = common::server::Server::start(&idx);
    let api = server.json(
        &format!(
            "/api/search?q={}&collapse=stories&prefer={}",
            common::server::encode(query),
            common::server::encode(source)
        ),
        200,
    );
    assert_eq!(shown(&api), *id);
    let bad = server.json("/api/search?q=sudan&prefer=%20%2F%20", 400);
    assert!(bad.to_string().contains("prefer"), "{bad}");

    let refused = sitrep_at(&idx)
        .args(["search", query, "--prefer", " / "])
        .assert()
        .failure();
    let stderr = String::from_utf8_lossy(&refused.get_output().stderr).into_owned();
    assert!(
        stderr.contains("--prefer") && stderr.contains("not a source"),
        "{stderr}"
    );
}

/// Every node of a facet tree as (path, count).
fn facet_counts(tree: &serde_json::Value, out: &mut BTreeMap<String, u64>) {
    for node in tree.as_array().unwrap() {
        out.insert(
            node["path"].as_str().unwrap().to_string(),
            node["count"].as_u64().unwrap(),
        );
        if let Some(children) = node.get("children") {
            facet_counts(children, out);
        }
    }
}

#[test]
fn facets_of_a_collapsed_search_count_stories() {
    let tmp = TempDir::new().unwrap();
    let dir = tmp.path().join("news");
    write_articles(&dir, |_| true);
    let idx = tmp.path().join("idx");
    index_quietly(&idx, &dir);
    let query = ["", "--from", "1900", "-n", "100", "--facets"];

    // What each region and actor value should count: the distinct stories
    // of the articles under it.
    let plain = search_json_at(&idx, &query);
    assert_eq!(plain["hits"].as_array().unwrap().len(), 20);
    let mut expected: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for hit in plain["hits"].as_array().unwrap() {
        let story = hit["story"]["id"].as_str().unwrap().to_string();
        for key in ["regions", "actors"] {
            for path in hit[key].as_array().unwrap() {
                let path = path.as_str().unwrap();
                let parts: Vec<&str> = path.split('/').collect();
                for end in 2..=parts.len() {
                    let node = parts[..end].join("/");
                    expected.entry(node).or_default().insert(story.clone());
                }
            }
        }
    }
    let expected: BTreeMap<String, u64> = expected
        .into_iter()
        .map(|(path, stories)| (path, stories.len() as u64))
        .collect();

    let mut args = query.to_vec();
    args.extend(["--collapse", "stories"]);
    let collapsed = search_json_at(&idx, &args);
    let facets = &collapsed["facets"];
    assert_eq!(facets["by"], "stories");
    let mut counted = BTreeMap::new();
    facet_counts(&facets["region"], &mut counted);
    facet_counts(&facets["actor"], &mut counted);
    // Trees are counted to their browsing depth: compare the nodes shown.
    for (path, count) in &counted {
        assert_eq!(Some(count), expected.get(path), "{path}: {facets:#}");
    }
    assert!(!counted.is_empty());
    // Some value holds several reports of one story: by article it counts
    // more than by story.
    let mut by_article = BTreeMap::new();
    facet_counts(&plain["facets"]["region"], &mut by_article);
    assert!(plain["facets"].get("by").is_none());
    assert!(
        by_article.iter().any(|(path, n)| counted[path] < *n),
        "{by_article:?} {counted:?}"
    );

    // The API counts the same.
    let server = common::server::Server::start(&idx);
    let api = server.json("/api/search?q=&from=1900&collapse=stories", 200);
    assert_eq!(api["facets"]["by"], "stories");
    let mut from_api = BTreeMap::new();
    facet_counts(&api["facets"]["region"], &mut from_api);
    facet_counts(&api["facets"]["actor"], &mut from_api);
    assert_eq!(from_api, counted);

    // The text output says what it counts.
    let text = sitrep_at(&idx)
        .args([
            "search",
            "",
            "--from",
            "1900",
            "--facets",
            "--collapse",
            "stories",
        ])
        .assert()
        .success();
    let text = String::from_utf8_lossy(&text.get_output().stdout).into_owned();
    assert!(text.contains("counted in stories:"), "{text}");
}

//! Groups of reprints (`copy`): one hit per group with `--collapse copies`,
//! `sitrep story ID`, and groups that follow incremental indexing to what a
//! clean build gives.
//!
//! The reprints are test fixtures this file makes from the seed article (a
//! real AFP story) as outlets edit wire copy: headline rewritten, a line of
//! the outlet's own, the end cut, two paragraphs swapped, a few words
//! changed. They are not real articles.

use crate::common;

use std::collections::BTreeMap;
use std::path::Path;

use common::reprints::{folder, original, reprint, write, OUTLETS};
use common::{clean_group_ids, corpus, group_ids, index_quietly, search_json_at, sitrep_at};
use tempfile::TempDir;

/// A hit's file name.
fn file_name(hit: &serde_json::Value) -> String {
    let path = hit["path"].as_str().unwrap();
    Path::new(path)
        .file_name()
        .unwrap()
        .to_string_lossy()
        .into_owned()
}

/// Every document's group and story ids, by file name.
fn groups(index: &Path) -> BTreeMap<String, (String, String)> {
    group_ids(index, file_name)
}

/// The groups a clean build of `dir` gives.
fn clean_groups(dir: &Path) -> BTreeMap<String, (String, String)> {
    clean_group_ids(dir, file_name)
}

#[test]
fn reprints_collapse_to_one_hit_with_the_others_named_and_story_lists_them() {
    let tmp = TempDir::new().unwrap();
    let dir = tmp.path().join("news");
    folder(&dir, &OUTLETS);
    let idx = tmp.path().join("idx");
    index_quietly(&idx, &dir);

    let plain = search_json_at(&idx, &["lavrov"]);
    assert_eq!(plain["total"], 4, "{plain:#}");
    assert!(plain.get("groups").is_none());
    let collapsed = search_json_at(&idx, &["lavrov", "--collapse", "copies"]);
    assert_eq!(collapsed["total"], 4);
    assert_eq!(collapsed["groups"], 1);
    let hits = collapsed["hits"].as_array().unwrap();
    assert_eq!(hits.len(), 1, "{collapsed:#}");
    let group = &hits[0]["copy"];
    assert_eq!(group["members"], 4);
    assert_eq!(group["similar"], 3);
    let oldest = search_json_at(&idx, &["lavrov", "--sort", "oldest", "-n", "1"]);
    assert_eq!(group["lead"], oldest["hits"][0]["id"]);
    let sources: Vec<&str> = group["others"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["source"].as_str().unwrap())
        .collect();
    assert_eq!(sources.len(), 3);
    for (_, _, outlet) in OUTLETS {
        assert!(
            sources.contains(&outlet) || hits[0]["source"] == outlet,
            "{outlet}: {sources:?}"
        );
    }

    let text = sitrep_at(&idx)
        .args(["search", "lavrov", "--collapse", "copies"])
        .assert()
        .success();
    let text = String::from_utf8_lossy(&text.get_output().stdout).into_owned();
    assert!(text.starts_with("4 hits in 1 group for `lavrov`"), "{text}");
    assert!(text.contains("+3 similar:"), "{text}");

    let id = group["id"].as_str().unwrap();
    let story = sitrep_at(&idx)
        .args(["story", id, "--json"])
        .assert()
        .success();
    let story: serde_json::Value = serde_json::from_slice(&story.get_output().stdout).unwrap();
    let members = story["members"].as_array().unwrap();
    assert_eq!(members.len(), 4);
    assert_eq!(
        members[0]["source"], "AFP",
        "the original is the earliest: {story:#}"
    );
    assert_eq!(story["lead"], members[0]["id"]);
    // By any member's id too, and in text.
    let by_member = sitrep_at(&idx)
        .args(["story", members[2]["id"].as_str().unwrap()])
        .assert()
        .success();
    let by_member = String::from_utf8_lossy(&by_member.get_output().stdout).into_owned();
    assert!(
        by_member.starts_with(&format!("group {id}: 4 articles")),
        "{by_member}"
    );
    assert!(by_member.contains("(lead)"), "{by_member}");
    sitrep_at(&idx)
        .args(["story", "no-such-thing"])
        .assert()
        .code(2);

    // The unrelated articles stay groups of their own.
    let all = groups(&idx);
    let in_group = all.values().filter(|g| g.0 == id).count();
    assert_eq!(in_group, 4, "{all:#?}");
}

#[test]
fn groups_follow_added_removed_and_edited_files_as_a_clean_build_does() {
    let tmp = TempDir::new().unwrap();
    let dir = tmp.path().join("news");
    folder(&dir, &OUTLETS[..2]);
    let idx = tmp.path().join("idx");
    index_quietly(&idx, &dir);
    assert_eq!(groups(&idx), clean_groups(&dir));

    // A reprint dated before the original: it becomes the lead, and every
    // member is written again with its id.
    let article = original();
    write(
        &dir,
        "reprint-0.txt",
        &reprint(&article, 0, -1, "Outlet Zero"),
    );
    index_quietly(&idx, &dir);
    let now = groups(&idx);
    assert_eq!(now, clean_groups(&dir));
    let lead = &now["reprint-0.txt"];
    assert_eq!(now["original.txt"], *lead);
    assert_eq!(now["reprint-1.txt"], *lead);

    // The lead removed: the others regroup under the original.
    std::fs::remove_file(dir.join("reprint-0.txt")).unwrap();
    index_quietly(&idx, &dir);
    let now = groups(&idx);
    assert_eq!(now, clean_groups(&dir));
    assert_ne!(now["original.txt"], *lead);
    assert_eq!(now["original.txt"], now["reprint-2.txt"]);

    // The original edited into another story: it leaves the group.
    let mut other = original();
    other.body = std::fs::read_to_string(
        corpus()
            .join("wikinews")
            .join("2019-01-05-escape-room-fire-kills-five-teen-girls-in-koszalin-poland.txt"),
    )
    .unwrap();
    write(&dir, "original.txt", &other);
    index_quietly(&idx, &dir);
    let now = groups(&idx);
    assert_eq!(now, clean_groups(&dir));
    assert_ne!(now["original.txt"], now["reprint-1.txt"]);
    assert_eq!(now["reprint-1.txt"], now["reprint-2.txt"]);
}

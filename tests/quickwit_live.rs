//! The whole scale-out path against a real Quickwit 0.8.2 node: push the
//! bundled corpus, then run the core issue's example searches, a date range
//! and the facet counts there and locally, and compare. Needs a node, so it
//! is ignored by default:
//!
//! ```text
//! SITREP_QUICKWIT_URL=http://127.0.0.1:7280 cargo test --test quickwit_live -- --ignored
//! ```
//!
//! Each run pushes into a new index `sitrep-live-<pid>-<time>` and leaves it
//! on the node (`quickwit index delete --index ID` removes it).

mod common;

use common::{corpus, search_json, sitrep, sitrep_at};
use serde_json::Value;

fn node() -> String {
    std::env::var("SITREP_QUICKWIT_URL")
        .expect("set SITREP_QUICKWIT_URL to a Quickwit 0.8.2 node, e.g. http://127.0.0.1:7280")
}

fn remote(url: &str, index_id: &str, command: &str, args: &[&str]) -> Value {
    let out = sitrep()
        .arg(command)
        .args(args)
        .args(["--json", "--quickwit", url, "--index-id", index_id])
        .output()
        .expect("sitrep runs");
    assert!(
        matches!(out.status.code(), Some(0) | Some(1)),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("JSON output")
}

fn ids(results: &Value) -> Vec<String> {
    let mut ids: Vec<String> = results["hits"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["id"].as_str().unwrap().to_string())
        .collect();
    ids.sort();
    ids
}

fn dates(results: &Value) -> Vec<String> {
    results["hits"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["date"].as_str().unwrap().to_string())
        .collect()
}

/// The core issue's example searches, as command-line arguments.
const SEARCHES: &[&[&str]] = &[
    &["wagner"],
    &["wagner", "--region", "mali"],
    &["", "--from", "2021-09-27", "--to", "2021-09-27"],
    &["", "--actor", "PMC Wagner"],
    &[
        "wagner", "--region", "africa", "--from", "2021", "--to", "2022",
    ],
    &[r#""drone strike""#],
    &["houthis OR \"ansar allah\""],
    &["wagner -lavrov"],
    &["wagn*"],
];

#[test]
#[ignore = "needs a Quickwit 0.8.2 node: set SITREP_QUICKWIT_URL and pass --ignored"]
fn the_corpus_on_quickwit_answers_like_the_local_index() {
    let url = node();
    let stamp = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs();
    let index_id = format!("sitrep-live-{}-{stamp}", std::process::id());
    sitrep()
        .args([
            "push",
            "--quiet",
            "--quickwit",
            &url,
            "--index-id",
            &index_id,
        ])
        .arg(corpus())
        .assert()
        .success();
    let stats: Value = serde_json::from_slice(
        &sitrep_at(common::corpus_index())
            .args(["stats", "--json"])
            .output()
            .unwrap()
            .stdout,
    )
    .unwrap();
    let all = remote(&url, &index_id, "search", &["", "--limit", "1"]);
    assert_eq!(all["total"], stats["documents"], "every document arrived");

    let mut differences = Vec::new();
    for args in SEARCHES {
        let local = search_json(args);
        let there = remote(&url, &index_id, "search", args);
        assert_eq!(local["total"], there["total"], "total for {args:?}");
        if ids(&local) != ids(&there) {
            differences.push(format!(
                "{args:?}: top-10 ids differ\n  local  {:?}\n  remote {:?}",
                ids(&local),
                ids(&there)
            ));
        }
    }
    for order in ["newest", "oldest"] {
        let args = ["wagner", "--sort", order];
        let local = search_json(&args);
        let there = remote(&url, &index_id, "search", &args);
        assert_eq!(dates(&local), dates(&there), "dates for {args:?}");
    }
    for field in ["region", "actor", "date"] {
        let args = ["wagner", "--field", field, "--depth", "2"];
        let local: Value = serde_json::from_slice(
            &sitrep_at(common::corpus_index())
                .arg("facets")
                .args(args)
                .arg("--json")
                .output()
                .unwrap()
                .stdout,
        )
        .unwrap();
        let there = remote(&url, &index_id, "facets", &args);
        assert_eq!(local, there, "facets {args:?}");
    }
    assert!(differences.is_empty(), "{}", differences.join("\n"));
}

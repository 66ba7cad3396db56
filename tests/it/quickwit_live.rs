//! The whole scale-out path against a real Quickwit 0.8.2 node: push the
//! bundled corpus, then run the core issue's example searches, a date range
//! and the facet counts there and locally, and compare. Needs a node, so it
//! is ignored by default:
//!
//! ```text
//! SITREP_QUICKWIT_URL=http://127.0.0.1:7280 cargo test --test it quickwit_live:: -- --ignored
//! ```
//!
//! Each run pushes into a new index `sitrep-live-<pid>-<time>` and leaves it
//! on the node (`quickwit index delete --index ID` removes it).

use crate::common;

use common::{corpus, hit_field, search_json, sitrep, sitrep_at};
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
    let mut ids: Vec<String> = hit_field(results, "id");
    ids.sort();
    ids
}

fn dates(results: &Value) -> Vec<String> {
    hit_field(results, "date")
}

/// How hits of a search are ordered, which decides what can be compared.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Scores {
    /// BM25: the top 10 should be the same documents. Quickwit's `en_stem`
    /// keeps stop words, so field lengths (BM25's length norm) differ a
    /// little and hits near the 10th place can swap with the 11th: at least
    /// 8 of 10 must agree.
    Ranked,
    /// Every hit scores the same (an empty query with filters, a prefix):
    /// the order of ties is arbitrary on both sides, so all hits are compared.
    Constant,
}

/// The core issue's example searches, as command-line arguments.
const SEARCHES: &[(Scores, &[&str])] = &[
    (Scores::Ranked, &["wagner"]),
    (Scores::Ranked, &["wagner", "--region", "mali"]),
    (
        Scores::Constant,
        &["", "--from", "2021-09-27", "--to", "2021-09-27"],
    ),
    (Scores::Constant, &["", "--actor", "PMC Wagner"]),
    (
        Scores::Ranked,
        &[
            "wagner", "--region", "africa", "--from", "2021", "--to", "2022",
        ],
    ),
    (Scores::Ranked, &[r#""drone strike""#]),
    (Scores::Ranked, &["houthis OR \"ansar allah\""]),
    (Scores::Ranked, &["wagner -lavrov"]),
    (Scores::Constant, &["wagn*"]),
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
    for (scores, args) in SEARCHES {
        let mut args = args.to_vec();
        if *scores == Scores::Constant {
            args.extend(["--limit", "1000"]);
        }
        let local = search_json(&args);
        let there = remote(&url, &index_id, "search", &args);
        assert_eq!(local["total"], there["total"], "total for {args:?}");
        let (ours, theirs) = (ids(&local), ids(&there));
        let shared = ours.iter().filter(|id| theirs.contains(id)).count();
        if ours != theirs {
            differences.push(format!(
                "{args:?}: {shared} of {} hits shared\n  local only  {:?}\n  remote only {:?}",
                ours.len(),
                ours.iter()
                    .filter(|id| !theirs.contains(id))
                    .collect::<Vec<_>>(),
                theirs
                    .iter()
                    .filter(|id| !ours.contains(id))
                    .collect::<Vec<_>>()
            ));
        }
        let enough = match scores {
            Scores::Constant => ours.len(),
            Scores::Ranked => ours.len().min(8),
        };
        assert!(shared >= enough, "{}", differences.join("\n"));
    }
    // Shown with --nocapture: the differences the note in docs/scale-out.md explains.
    for difference in &differences {
        println!("{difference}");
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
}

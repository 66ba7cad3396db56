//! The Quickwit backend against exchanges recorded from a real Quickwit
//! 0.8.2 node (tests/data/quickwit-0.8.2, see its README): a local HTTP
//! server answers with the recorded responses, and the tests check that the
//! real `sitrep` binary sends requests of the recorded shape and renders
//! the recorded answers as a local search would.

use crate::common;

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;

use common::{corpus_index, hit_field, index_quietly, marked_words, sitrep, sitrep_at};
use serde_json::{json, Value};

fn recorded_path(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data/quickwit-0.8.2")
        .join(name)
}

fn recorded(name: &str) -> String {
    std::fs::read_to_string(recorded_path(name)).expect("recorded exchange")
}

fn recorded_json(name: &str) -> Value {
    serde_json::from_str(&recorded(name)).expect("recorded JSON")
}

/// One request as the server saw it.
#[derive(Debug, Clone)]
struct Seen {
    method: String,
    /// Path and query string.
    url: String,
    content_type: String,
    body: String,
}

impl Seen {
    fn json(&self) -> Value {
        serde_json::from_str(&self.body).expect("a JSON request body")
    }
}

type Route = dyn Fn(&Seen, usize) -> (u16, String) + Send + Sync;

/// A loopback HTTP server answering each request with `route(request, n)`
/// (n counts the requests before it) and recording what it was sent.
struct Replay {
    url: String,
    seen: Arc<Mutex<Vec<Seen>>>,
    server: Arc<tiny_http::Server>,
    thread: Option<JoinHandle<()>>,
}

impl Replay {
    fn new(route: impl Fn(&Seen, usize) -> (u16, String) + Send + Sync + 'static) -> Replay {
        let server = Arc::new(tiny_http::Server::http("127.0.0.1:0").expect("bind loopback"));
        let port = server.server_addr().to_ip().expect("an IP address").port();
        let seen: Arc<Mutex<Vec<Seen>>> = Arc::default();
        let route: Box<Route> = Box::new(route);
        let thread = {
            let (server, seen) = (server.clone(), seen.clone());
            std::thread::spawn(move || {
                for mut request in server.incoming_requests() {
                    let mut body = String::new();
                    let _ = request.as_reader().read_to_string(&mut body);
                    let content_type = request
                        .headers()
                        .iter()
                        .find(|h| h.field.equiv("Content-Type"))
                        .map(|h| h.value.to_string())
                        .unwrap_or_default();
                    let entry = Seen {
                        method: request.method().to_string(),
                        url: request.url().to_string(),
                        content_type,
                        body,
                    };
                    let n = seen.lock().unwrap().len();
                    let (status, answer) = route(&entry, n);
                    seen.lock().unwrap().push(entry);
                    let header =
                        tiny_http::Header::from_bytes("Content-Type", "application/json").unwrap();
                    let response = tiny_http::Response::from_string(answer)
                        .with_status_code(status)
                        .with_header(header);
                    let _ = request.respond(response);
                }
            })
        };
        Replay {
            url: format!("http://127.0.0.1:{port}"),
            seen,
            server,
            thread: Some(thread),
        }
    }

    /// Always the same recorded answer.
    fn answering(status: u16, file: &'static str) -> Replay {
        let body = recorded(file);
        Replay::new(move |_, _| (status, body.clone()))
    }

    fn seen(&self) -> Vec<Seen> {
        self.seen.lock().unwrap().clone()
    }
}

impl Drop for Replay {
    fn drop(&mut self) {
        self.server.unblock();
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

fn remote_json(replay: &Replay, args: &[&str]) -> Value {
    let out = sitrep()
        .args(args)
        .args(["--json", "--quickwit", &replay.url])
        .output()
        .expect("sitrep runs");
    assert!(
        out.status.code() == Some(0),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("JSON output")
}

#[test]
fn search_with_filters_and_facets_sends_the_recorded_shape_and_renders_the_answer() {
    let replay = Replay::answering(200, "search-facets.response.json");
    let results = remote_json(
        &replay,
        &[
            "search", "wagner", "--region", "africa", "--from", "2021", "--to", "2022", "--facets",
        ],
    );
    let seen = replay.seen();
    assert_eq!(seen.len(), 1);
    let sent = &seen[0];
    assert_eq!(
        (sent.method.as_str(), sent.url.as_str()),
        ("POST", "/api/v1/sitrep/search")
    );
    assert_eq!(sent.content_type, "application/json");
    let body = sent.json();
    let wanted = recorded_json("search-facets.request.json");
    let query = body["query"].as_str().unwrap();
    assert!(query.contains(r#"region:"/Africa""#), "{query}");
    assert!(
        query.contains("title:wagner^1.2") && query.contains("body:wagner"),
        "{query}"
    );
    // A comma-separated string: Quickwit 0.8 refuses an array here.
    assert_eq!(body["snippet_fields"], "body,summary,title");
    assert_eq!(body["start_timestamp"], wanted["start_timestamp"]);
    // Quickwit's end is exclusive; the recording used the last second of 2022.
    assert_eq!(
        body["end_timestamp"].as_i64(),
        wanted["end_timestamp"].as_i64().map(|t| t + 1)
    );
    assert_eq!(body["max_hits"], wanted["max_hits"]);
    assert_eq!(body["sort_by"], "_score");
    for facet in ["region", "actor"] {
        assert_eq!(body["aggs"][facet]["terms"]["field"], facet);
    }
    assert_eq!(body["aggs"]["date"]["terms"]["field"], "calendar");

    assert_eq!(results["total"], 1);
    let hit = &results["hits"][0];
    assert_eq!(hit["id"], "seed");
    assert_eq!(hit["date"], "2021-09-27");
    assert_eq!(
        hit["title"],
        "Mali approaches Russian security, criticizes France"
    );
    assert_eq!(hit["score"], Value::Null);
    // Ancestors are for counting; a hit lists its facets as a local one does.
    assert_eq!(
        hit["regions"],
        json!([
            "/Africa/Western Africa/Mali",
            "/Europe/Eastern Europe/Russia",
            "/Europe/Western Europe/France"
        ])
    );
    assert!(hit["actors"]
        .as_array()
        .unwrap()
        .contains(&json!("/armed group/Wagner Group")));
    let snippet = hit["snippet"].as_str().unwrap();
    assert!(
        snippet.starts_with("week warned the Malian government"),
        "{snippet}"
    );
    let marked = marked_words(hit);
    assert_eq!(marked, ["Wagner"]);
    let africa = &results["facets"]["region"]
        .as_array()
        .unwrap()
        .iter()
        .find(|n| n["path"] == "/Africa")
        .expect("Africa counted")
        .clone();
    assert_eq!(africa["count"], 1);
    assert_eq!(africa["children"][0]["path"], "/Africa/Western Africa");
    assert_eq!(
        africa["children"][0]["children"][0]["path"],
        "/Africa/Western Africa/Mali"
    );
    let kinds: Vec<&str> = results["facets"]["actor"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["label"].as_str().unwrap())
        .collect();
    assert_eq!(kinds, ["armed group", "organisation", "person"]);
}

#[test]
fn human_output_is_the_local_renderer() {
    let replay = Replay::answering(200, "search-facets.response.json");
    sitrep()
        .args(["search", "wagner", "--quickwit", &replay.url])
        .assert()
        .success()
        .stdout(predicates::str::contains("1 hit for `wagner`"))
        .stdout(predicates::str::contains(
            "Mali approaches Russian security, criticizes France",
        ))
        .stdout(predicates::str::contains("[Wagner] Group"));
}

#[test]
fn date_sorts_map_to_quickwit_sort_by() {
    let replay = Replay::answering(200, "search-all-sorted.response.json");
    let results = remote_json(&replay, &["search", "", "--sort", "oldest"]);
    remote_json(&replay, &["search", "", "--sort", "newest"]);
    let seen = replay.seen();
    let (oldest, newest) = (seen[0].json(), seen[1].json());
    // The recording: `-date` gave the 2021 report before the 2022 one.
    assert_eq!(
        oldest["sort_by"],
        recorded_json("search-all-sorted.request.json")["sort_by"]
    );
    assert_eq!(newest["sort_by"], "date");
    assert_eq!(oldest["query"], "*");
    assert!(oldest.get("snippet_fields").is_none());
    let dates: Vec<&str> = results["hits"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["date"].as_str().unwrap())
        .collect();
    assert_eq!(dates, ["2021-09-27", "2022-03-01"]);
    assert_eq!(results["total"], 2);
    // No match to show: the opening of the body, as locally.
    assert!(results["hits"][1]["snippet"]
        .as_str()
        .unwrap()
        .starts_with("Russian forces shelled Kharkiv"));
}

#[test]
fn phrases_are_sent_as_recorded_and_every_word_highlights() {
    let replay = Replay::answering(200, "search-phrase.response.json");
    let results = remote_json(&replay, &["search", r#"body:"private Russian companies""#]);
    let sent = replay.seen()[0].json();
    assert_eq!(
        sent["query"],
        recorded_json("search-phrase.request.json")["query"]
    );
    let hit = &results["hits"][0];
    let snippet = hit["snippet"].as_str().unwrap();
    // Runs of whitespace collapse to one space, as in local snippets.
    assert!(
        snippet.contains("from Russia AFP, UNITED NATIONS Mali"),
        "{snippet}"
    );
    let marked = marked_words(hit);
    assert_eq!(marked, ["private", "Russian", "companies", "Russian"]);
}

#[test]
fn a_year_in_the_query_also_matches_the_reports_dated_in_it() {
    // As locally (`date 2011` in --explain): the `calendar` facet term of the
    // year, which Quickwit documents carry with its ancestors, as one more
    // way for the word to match, with the local weight.
    let replay = Replay::answering(200, "search-facets.response.json");
    remote_json(&replay, &["search", "attack 2011"]);
    let sent = replay.seen()[0].json();
    let query = sent["query"].as_str().unwrap();
    assert!(
        query.contains(r#"body:2011 OR "#) && query.contains(r#" OR calendar:"/2011"^4)"#),
        "{query}"
    );
    assert!(!query.contains(r#"AND calendar:"#), "not a filter: {query}");
}

#[test]
fn areas_divisions_and_towns_are_sent_as_region_terms() {
    // An analysts' area is its members, OR-ed; a town is its own path below
    // its division (issue 16).
    for (region, terms) in [
        (
            "donbas",
            &[
                r#"region:"/Europe/Eastern Europe/Ukraine/Donetsk""#,
                r#"region:"/Europe/Eastern Europe/Ukraine/Luhansk""#,
            ][..],
        ),
        ("hama", &[r#"region:"/Asia/Western Asia/Syria/Hama""#][..]),
        (
            "douma",
            &[r#"region:"/Asia/Western Asia/Syria/Rif-dimashq/Duma""#][..],
        ),
    ] {
        let replay = Replay::answering(200, "search-facets.response.json");
        remote_json(&replay, &["search", "wagner", "--region", region]);
        let sent = replay.seen()[0].json();
        let query = sent["query"].as_str().unwrap();
        for term in terms {
            assert!(query.contains(term), "{region}: {query}");
        }
        if terms.len() > 1 {
            assert!(query.contains(" OR region:"), "{query}");
        }
    }
}

#[test]
fn facets_command_counts_from_terms_aggregations() {
    let replay = Replay::answering(200, "search-facets.response.json");
    let out = remote_json(
        &replay,
        &[
            "facets", "wagner", "--field", "region", "--region", "africa",
        ],
    );
    let sent = replay.seen()[0].json();
    assert_eq!(sent["max_hits"], 0);
    assert_eq!(sent["aggs"]["region"]["terms"]["field"], "region");
    assert!(sent["aggs"].get("actor").is_none());
    assert_eq!(out["total"], 1);
    let tree = &out["region"][0];
    assert_eq!(tree["root"], "/Africa");
    assert_eq!(tree["values"][0]["path"], "/Africa/Western Africa");
    assert_eq!(tree["values"][0]["children"][0]["label"], "Mali");
}

#[test]
fn event_and_casualty_filters_sorts_and_sums_become_terms_ranges_and_aggregations() {
    let replay = Replay::answering(200, "search-facets.response.json");
    let results = remote_json(
        &replay,
        &[
            "search",
            "attack",
            "--event",
            "violence against civilians",
            "--violence",
            "one-sided",
            "--killed-min",
            "10",
            "--sort",
            "killed",
            "--facets",
        ],
    );
    let out = remote_json(
        &replay,
        &[
            "facets", "--field", "date", "--depth", "2", "--sum", "killed",
        ],
    );
    let seen = replay.seen();
    let search = seen[0].json();
    let query = search["query"].as_str().unwrap();
    for clause in [
        r#"event:"/Violence against civilians""#,
        r#"violence:"/one-sided""#,
        "killed_min:[10 TO *]",
    ] {
        assert!(query.contains(clause), "{clause} in {query}");
    }
    assert_eq!(search["sort_by"], "killed_min");
    for facet in ["event", "violence"] {
        assert_eq!(search["aggs"][facet]["terms"]["field"], facet);
    }
    // Deaths per month for the timeline, and in all.
    let sum = |field: &str| json!({ "sum": { "field": field } });
    assert_eq!(
        search["aggs"]["date"]["aggs"]["killed_min"],
        sum("killed_min")
    );
    assert_eq!(search["aggs"]["killed_max"], sum("killed_max"));
    assert!(search["aggs"]["region"].get("aggs").is_none());
    assert_eq!(results["hits"][0]["events"], json!([]));
    let facets = seen[1].json();
    assert_eq!(facets["aggs"]["date"]["terms"]["field"], "calendar");
    assert_eq!(
        facets["aggs"]["date"]["aggs"]["killed_max"],
        sum("killed_max")
    );
    assert_eq!(facets["aggs"]["killed_min"], sum("killed_min"));
    assert_eq!(out["sum"]["kind"], "killed");
}

/// stderr of a failed run (exit status 2).
fn failure(cmd: &mut assert_cmd::Command) -> String {
    let out = cmd.output().expect("sitrep runs");
    assert_eq!(out.status.code(), Some(2), "{out:?}");
    String::from_utf8(out.stderr).unwrap()
}

#[test]
fn quickwit_refusals_become_clear_errors() {
    let replay = Replay::answering(400, "search-bad-syntax.response.json");
    let err = failure(sitrep().args(["search", "wagner", "--quickwit", &replay.url]));
    assert_eq!(
        err.trim(),
        format!(
            "error: Quickwit at {}: searching failed (HTTP 400): failed to parse query: `wagner AND (`",
            replay.url
        )
    );
    let replay = Replay::answering(400, "search-unknown-field.response.json");
    let err = failure(sitrep().args(["search", "agency:afp", "--quickwit", &replay.url]));
    assert!(
        err.contains("invalid query: field does not exist: `nosuchfield`")
            && err.contains("recreate it from index-schema/quickwit-index.yaml"),
        "{err}"
    );
}

#[test]
fn bad_queries_fail_before_sending_with_the_local_messages() {
    let replay = Replay::answering(200, "search-facets.response.json");
    for query in ["wagner AND (", "nosuchfield:wagner", "w*"] {
        let remote = failure(sitrep().args(["search", query, "--quickwit", &replay.url]));
        let local = failure(sitrep_at(corpus_index()).args(["search", query]));
        assert_eq!(remote, local, "{query}");
    }
    assert!(replay.seen().is_empty());
    let fuzzy = failure(sitrep().args(["search", "lavrof~1", "--quickwit", &replay.url]));
    assert!(fuzzy.contains("no fuzzy matching"), "{fuzzy}");
}

#[test]
fn an_unreachable_node_is_named_after_the_retries() {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let url = format!("http://127.0.0.1:{port}");
    let err = failure(sitrep().args(["search", "wagner", "--retries", "1", "--quickwit", &url]));
    assert_eq!(
        err.trim(),
        format!("error: Quickwit at {url}: cannot reach the node after 2 attempt(s): connection refused; is Quickwit running there? (check --quickwit)")
    );
}

fn ingest_answer(seen: &Seen) -> (u16, String) {
    let docs = seen.body.lines().count();
    (200, json!({ "num_docs_for_processing": docs }).to_string())
}

#[test]
fn push_creates_the_index_and_commits_the_last_batch() {
    let replay = Replay::new(|seen, _| match (seen.method.as_str(), seen.url.as_str()) {
        ("GET", "/api/v1/indexes/sitrep") => (
            404,
            r#"{"message": "index metadata for index `sitrep` not found"}"#.to_string(),
        ),
        ("POST", "/api/v1/indexes") => (200, recorded("index-metadata.response.json")),
        _ => ingest_answer(seen),
    });
    let out = sitrep()
        .args(["push", "--quickwit", &replay.url, "--batch-bytes", "2048"])
        .arg(recorded_path("ingest.request.ndjson"))
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    let summary = String::from_utf8(out.stderr).unwrap();
    assert!(
        summary.contains("pushed 2 articles from 1 file")
            && summary.contains("in 2 requests; 2 accepted (index created)"),
        "{summary}"
    );
    let seen = replay.seen();
    let calls: Vec<(&str, &str, &str)> = seen
        .iter()
        .map(|s| (s.method.as_str(), s.url.as_str(), s.content_type.as_str()))
        .collect();
    assert_eq!(
        calls,
        [
            ("GET", "/api/v1/indexes/sitrep", ""),
            ("POST", "/api/v1/indexes", "application/yaml"),
            ("POST", "/api/v1/sitrep/ingest", "application/x-ndjson"),
            (
                "POST",
                "/api/v1/sitrep/ingest?commit=force",
                "application/x-ndjson"
            ),
        ]
    );
    let config = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("index-schema/quickwit-index.yaml"),
    )
    .unwrap();
    assert_eq!(seen[1].body, config);
    // The documents: the recorded ones, enriched by sitrep, every ancestor listed.
    let recorded_docs: Vec<Value> = recorded("ingest.request.ndjson")
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let sent: Vec<Value> = seen[2..]
        .iter()
        .flat_map(|s| {
            s.body
                .lines()
                .map(|l| serde_json::from_str(l).unwrap())
                .collect::<Vec<_>>()
        })
        .collect();
    assert_eq!(sent.len(), 2);
    // Two different stories: each is a group of its own.
    for doc in &sent {
        let id = doc["id"].as_str().unwrap();
        assert_eq!(doc["copy"].as_u64(), Some(copy_key(id)), "{doc}");
    }
    for (ours, theirs) in sent.iter().zip(&recorded_docs) {
        for field in ["id", "date", "title", "body"] {
            assert_eq!(ours[field], theirs[field], "{field}");
        }
        assert_eq!(ours["agency"], theirs["source"]);
        for facet in ["region", "actor"] {
            let ours: Vec<&str> = ours[facet]
                .as_array()
                .unwrap()
                .iter()
                .map(|v| v.as_str().unwrap())
                .collect();
            for path in theirs[facet].as_array().unwrap() {
                assert!(ours.contains(&path.as_str().unwrap()), "{path} in {ours:?}");
            }
            for path in &ours {
                let parent = &path[..path.rfind('/').unwrap()];
                assert!(parent.is_empty() || ours.contains(&parent), "{parent}");
            }
        }
    }
    // Events are facets with their ancestors too ("Russian forces shelled Kharkiv").
    assert_eq!(
        sent[1]["event"],
        json!([
            "/Explosions or remote violence",
            "/Explosions or remote violence/Shelling, artillery or missile attack"
        ])
    );
}

/// The recorded index metadata with sitrep's fields mapped.
fn sitrep_metadata() -> String {
    let mut metadata = recorded_json("index-metadata.response.json");
    let config = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("index-schema/quickwit-index.yaml"),
    )
    .unwrap();
    let fields: Vec<Value> = config
        .lines()
        .filter_map(|l| l.trim().strip_prefix("- name: "))
        .filter(|name| *name != "sitrep_name")
        .map(|name| json!({ "name": name }))
        .collect();
    metadata["index_config"]["doc_mapping"]["field_mappings"] = Value::Array(fields);
    metadata.to_string()
}

#[test]
fn push_refuses_an_existing_index_with_another_schema() {
    // The recorded index maps `source`, not `agency`, and has no `summary`.
    let replay = Replay::answering(200, "index-metadata.response.json");
    let err = failure(
        sitrep()
            .args(["push", "--quickwit", &replay.url])
            .arg(recorded_path("ingest.request.ndjson")),
    );
    assert!(
        err.contains("index `sitrep` exists with another schema (no field `path`, `file_size`")
            && err.contains("`summary`")
            && err.contains("push to another --index-id"),
        "{err}"
    );
    assert_eq!(replay.seen().len(), 1, "nothing ingested");
}

#[test]
fn push_retries_a_busy_node_and_skips_creating_an_existing_index() {
    let replay = Replay::new(|seen, n| match seen.method.as_str() {
        "GET" => (200, sitrep_metadata()),
        // The first ingest is refused as too many requests.
        _ if n == 1 => (429, r#"{"message": "too many requests"}"#.to_string()),
        _ => ingest_answer(seen),
    });
    sitrep()
        .args(["push", "--quiet", "--quickwit", &replay.url])
        .arg(recorded_path("ingest.request.ndjson"))
        .assert()
        .success();
    let urls: Vec<String> = replay.seen().iter().map(|s| s.url.clone()).collect();
    assert_eq!(
        urls,
        [
            "/api/v1/indexes/sitrep",
            "/api/v1/sitrep/ingest?commit=force",
            "/api/v1/sitrep/ingest?commit=force"
        ]
    );
}

#[test]
fn push_gives_up_on_a_failing_node_with_its_message() {
    let replay = Replay::new(|seen, _| match seen.method.as_str() {
        "GET" => (200, sitrep_metadata()),
        _ => (
            503,
            r#"{"message": "ingest service unavailable"}"#.to_string(),
        ),
    });
    let err = failure(
        sitrep()
            .args(["push", "--retries", "2", "--quickwit", &replay.url])
            .arg(recorded_path("ingest.request.ndjson")),
    );
    assert!(
        err.contains("failed after 3 attempt(s) (HTTP 503)")
            && err.contains("ingest service unavailable"),
        "{err}"
    );
    assert_eq!(replay.seen().len(), 4);
}

#[test]
fn export_writes_bounded_files_of_the_documents_the_local_index_gets() {
    let dir = tempfile::TempDir::new().unwrap();
    let input = dir.path().join("in");
    std::fs::create_dir(&input).unwrap();
    std::fs::copy(common::seed(), input.join("seed.txt")).unwrap();
    std::fs::copy(
        recorded_path("ingest.request.ndjson"),
        input.join("two.ndjson"),
    )
    .unwrap();
    let out = dir.path().join("qw");
    sitrep()
        .args([
            "export",
            "--quiet",
            "--format",
            "quickwit",
            "--max-bytes",
            "3000",
        ])
        .arg(&out)
        .arg(&input)
        .assert()
        .success();
    let config = std::fs::read_to_string(out.join("quickwit-index.yaml")).unwrap();
    let checked_in = Path::new(env!("CARGO_MANIFEST_DIR")).join("index-schema/quickwit-index.yaml");
    assert_eq!(config, std::fs::read_to_string(checked_in).unwrap());
    let files = ndjson_files(&out);
    assert!(files.len() > 1);
    let mut ids = Vec::new();
    for text in &files {
        assert!(
            text.len() <= 3000 || text.lines().count() == 1,
            "too big: {text}"
        );
        for line in text.lines() {
            let doc: Value = serde_json::from_str(line).unwrap();
            assert!(doc["date"].as_str().unwrap().ends_with("T00:00:00Z"));
            assert_eq!(doc["calendar"].as_array().unwrap().len(), 3);
            ids.push(doc["id"].as_str().unwrap().to_string());
        }
    }
    // The local index of the same folder holds the same documents.
    let index = dir.path().join("idx");
    index_quietly(&index, &input);
    let local = sitrep_at(&index)
        .args(["search", "", "--json", "--limit", "100"])
        .output()
        .unwrap();
    let local: Value = serde_json::from_slice(&local.stdout).unwrap();
    let mut local_ids: Vec<String> = hit_field(&local, "id");
    local_ids.sort();
    ids.sort();
    assert_eq!(ids, local_ids);
    // Plain NDJSON keeps each facet once, as stored locally.
    let plain = dir.path().join("plain");
    sitrep()
        .args(["export", "--quiet", "--format", "ndjson"])
        .arg(&plain)
        .arg(&input)
        .assert()
        .success();
    assert!(!plain.join("quickwit-index.yaml").exists());
    let first: Value =
        serde_json::from_str(ndjson_files(&plain)[0].lines().next().unwrap()).unwrap();
    assert_eq!(first["calendar"].as_array().unwrap().len(), 1);
    // A second export into the same folder is refused.
    let err = failure(
        sitrep()
            .args(["export", "--format", "quickwit"])
            .arg(&out)
            .arg(&input),
    );
    assert!(
        err.contains("is not empty: export into a new or empty folder"),
        "{err}"
    );
}

#[test]
fn languages_are_sent_as_facet_terms_and_words_as_each_language_stems_them() {
    let replay = Replay::answering(200, "search-facets.response.json");
    remote_json(
        &replay,
        &[
            "search", "tuées", "--lang", "fr", "--lang", "uk", "--facets",
        ],
    );
    let body = replay.seen()[0].json();
    let query = body["query"].as_str().unwrap();
    assert!(
        query.contains(r#"(language:"/fr" OR language:"/uk")"#),
        "{query}"
    );
    // The English fields get the word as typed (Quickwit's en_stem), the
    // French one sitrep's stem, as the exported documents hold it.
    assert!(
        query.contains("body:tuées") && query.contains("text_fr:tu"),
        "{query}"
    );
    assert_eq!(body["aggs"]["language"]["terms"]["field"], "language");
    // A prefix is not compared with stems.
    remote_json(&replay, &["search", "tuée*"]);
    let query = replay.seen()[1].json()["query"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(!query.contains("text_fr"), "{query}");
}

#[test]
fn export_gives_each_report_its_language_and_stems() {
    let dir = tempfile::TempDir::new().unwrap();
    let input = dir.path().join("in");
    std::fs::create_dir(&input).unwrap();
    std::fs::copy(common::seed(), input.join("seed.txt")).unwrap();
    let french = std::fs::read_to_string(common::corpus().join("multilingual/fr-wikinews.jsonl"))
        .unwrap()
        .lines()
        .find(|l| l.contains("tués"))
        .expect("a French report with `tués`")
        .to_string();
    std::fs::write(input.join("fr.jsonl"), french).unwrap();
    let out = dir.path().join("qw");
    sitrep()
        .args(["export", "--quiet", "--format", "quickwit"])
        .arg(&out)
        .arg(&input)
        .assert()
        .success();
    let docs: Vec<Value> = ndjson_files(&out)
        .iter()
        .flat_map(|f| {
            f.lines()
                .map(|l| serde_json::from_str(l).unwrap())
                .collect::<Vec<_>>()
        })
        .collect();
    let french = docs
        .iter()
        .find(|d| d["language"] == json!(["/fr"]))
        .unwrap();
    let stems: Vec<&str> = french["text_fr"].as_str().unwrap().split(' ').collect();
    assert!(stems.contains(&"tu"), "{stems:?}");
    let english = docs
        .iter()
        .find(|d| d["language"] == json!(["/en"]))
        .unwrap();
    assert!(english.get("text_fr").is_none());
}

fn ndjson_files(dir: &Path) -> Vec<String> {
    let mut paths: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "ndjson"))
        .collect();
    paths.sort();
    paths
        .iter()
        .map(|p| std::fs::read_to_string(p).unwrap())
        .collect()
}

/// The key of a document id: its group's id when it leads the group
/// (xxh3 of the id, as `src/index/fingerprint.rs` makes it).
fn copy_key(id: &str) -> u64 {
    xxhash_rust::xxh3::xxh3_64(id.as_bytes())
}

/// A folder of the seed, three reprints and twelve other articles, its
/// Quickwit export (one document per line) and the local index of it.
fn reprints_exported(dir: &Path) -> (Vec<Value>, PathBuf) {
    let input = dir.join("news");
    common::reprints::folder(&input, &common::reprints::OUTLETS);
    let out = dir.join("qw");
    sitrep()
        .args(["export", "--quiet", "--format", "quickwit"])
        .arg(&out)
        .arg(&input)
        .assert()
        .success();
    let docs = ndjson_files(&out)
        .iter()
        .flat_map(|text| {
            text.lines()
                .map(|l| serde_json::from_str(l).unwrap())
                .collect::<Vec<Value>>()
        })
        .collect();
    let index = dir.join("idx");
    index_quietly(&index, &input);
    (docs, index)
}

#[test]
fn export_and_push_group_reprints_as_the_local_index_does() {
    let dir = tempfile::TempDir::new().unwrap();
    let (docs, index) = reprints_exported(dir.path());
    let local = sitrep_at(&index)
        .args(["search", "", "--json", "--from", "1900", "-n", "100"])
        .output()
        .unwrap();
    let local: Value = serde_json::from_slice(&local.stdout).unwrap();
    let local: std::collections::BTreeMap<String, String> = local["hits"]
        .as_array()
        .unwrap()
        .iter()
        .map(common::id_and_group)
        .collect();
    let exported: std::collections::BTreeMap<String, String> = docs
        .iter()
        .map(|d| {
            let id = d["id"].as_str().unwrap().to_string();
            (id, format!("{:016x}", d["copy"].as_u64().unwrap()))
        })
        .collect();
    assert_eq!(exported.len(), 16);
    assert_eq!(exported, local);
    let seed = exported
        .iter()
        .find(|(id, _)| id.ends_with("original.txt"))
        .unwrap()
        .1;
    assert_eq!(exported.values().filter(|c| *c == seed).count(), 4);
}

/// A stand-in for a Quickwit node holding `docs` (sitrep's export), in the
/// recorded answer's shape: a search answers every document in the given
/// order, with the terms aggregation of `copy` if asked for; a query of
/// `copy:` terms answers those groups' documents, oldest first, as
/// `sort_by: "-date"` asks.
fn quickwit_holding(docs: Vec<Value>) -> Replay {
    Replay::new(move |seen, _| {
        let body = seen.json();
        let query = body["query"].as_str().unwrap_or_default();
        let mut answer = recorded_json("search-facets.response.json");
        let hits: Vec<&Value> = if query.starts_with("copy:") {
            let wanted: Vec<u64> = query
                .split(" OR ")
                .map(|t| t.trim_start_matches("copy:").parse().unwrap())
                .collect();
            assert_eq!(body["sort_by"], "-date");
            let mut hits: Vec<&Value> = docs
                .iter()
                .filter(|d| wanted.contains(&d["copy"].as_u64().unwrap()))
                .collect();
            hits.sort_by_key(|d| d["date"].as_str().unwrap().to_string());
            hits
        } else {
            docs.iter().collect()
        };
        answer["num_hits"] = json!(hits.len());
        answer["hits"] = json!(hits);
        answer["snippets"] = Value::Null;
        let mut counts = std::collections::BTreeMap::new();
        for doc in &hits {
            *counts.entry(doc["copy"].as_u64().unwrap()).or_insert(0u64) += 1;
        }
        let buckets: Vec<Value> = counts
            .iter()
            .map(|(copy, n)| json!({ "key": *copy as f64, "doc_count": n }))
            .collect();
        answer["aggregations"] = if body["aggs"]["groups"].is_object() {
            json!({ "groups": { "buckets": buckets, "sum_other_doc_count": 0 } })
        } else {
            json!({})
        };
        (200, answer.to_string())
    })
}

#[test]
fn collapse_on_quickwit_groups_the_ranked_window_and_fetches_the_members() {
    let dir = tempfile::TempDir::new().unwrap();
    let (mut docs, _) = reprints_exported(dir.path());
    // Ranked with a reprint first: the group stands where its best hit is,
    // shown by its earliest member, the original.
    docs.sort_by_key(|d| !d["id"].as_str().unwrap().ends_with("reprint-2.txt"));
    let replay = quickwit_holding(docs);
    let results = remote_json(&replay, &["search", "", "--collapse", "copies", "-n", "5"]);
    let seen = replay.seen();
    assert_eq!(seen.len(), 2, "the window, then the page's groups");
    let window = seen[0].json();
    assert_eq!(window["max_hits"], 1000);
    assert_eq!(window["start_offset"], 0);
    assert_eq!(window["aggs"]["groups"]["terms"]["field"], "copy");
    assert_eq!(results["total"], 16);
    assert_eq!(results["groups"], 13);
    let hits = results["hits"].as_array().unwrap();
    assert_eq!(hits.len(), 5);
    let first = &hits[0];
    assert!(
        first["path"].as_str().unwrap().ends_with("original.txt"),
        "{first:#}"
    );
    let group = &first["copy"];
    assert_eq!(
        (&group["members"], &group["similar"]),
        (&json!(4), &json!(3))
    );
    assert_eq!(group["lead"], first["id"]);
    let mut sources: Vec<&str> = group["others"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["source"].as_str().unwrap())
        .collect();
    sources.sort();
    assert_eq!(sources, ["Outlet One", "Outlet Three", "Outlet Two"]);
    assert_eq!(hits[1]["copy"]["members"], 1);
    // The next page goes on from there, with the same count.
    let next = remote_json(
        &replay,
        &[
            "search",
            "",
            "--collapse",
            "copies",
            "-n",
            "5",
            "--offset",
            "5",
        ],
    );
    assert_eq!(next["groups"], 13);
    let ids = |r: &Value| hit_field(r, "id");
    assert!(ids(&next).iter().all(|id| !ids(&results).contains(id)));
    // In text, as locally: the header counts groups, the hit names the others.
    let text = sitrep()
        .args([
            "search",
            "",
            "--collapse",
            "copies",
            "-n",
            "1",
            "--quickwit",
            &replay.url,
        ])
        .output()
        .unwrap();
    let text = String::from_utf8(text.stdout).unwrap();
    assert!(text.starts_with("16 hits in 13 groups"), "{text}");
    assert!(text.contains("+3 similar: Outlet"), "{text}");
    // Without --collapse, every hit still carries its group.
    let plain = remote_json(&replay, &["search", "", "-n", "16"]);
    let grouped: Vec<&Value> = plain["hits"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|h| h["copy"]["members"] == 4)
        .collect();
    assert_eq!(grouped.len(), 4);
    assert!(plain.get("groups").is_none());
}

#[test]
fn collapse_on_an_index_without_groups_is_refused_by_name() {
    // The recorded documents were pushed before groups existed: no `copy`.
    let replay = Replay::answering(200, "search-facets.response.json");
    let err = failure(sitrep().args([
        "search",
        "wagner",
        "--collapse",
        "copies",
        "--quickwit",
        &replay.url,
    ]));
    assert!(
        err.contains("no `copy` field") && err.contains("push them again"),
        "{err}"
    );
}

//! `sitrep serve`: the JSON API and the embedded page, through the real
//! binary on a free loopback port.

use crate::common;

use std::fs;
use std::path::Path;
use std::time::{Duration, Instant};

use common::server::{encode, Server};
use serde_json::Value;

use common::{corpus_index, index_quietly, marked_words, sitrep_at};

const SEED_TITLE: &str = "Mali approaches Russian security, criticizes France";

fn corpus_server() -> Server {
    Server::start(corpus_index())
}

fn total(json: &Value) -> u64 {
    json["total"].as_u64().expect("total")
}

fn ids(json: &Value) -> Vec<String> {
    json["hits"]
        .as_array()
        .expect("hits")
        .iter()
        .map(|h| h["id"].as_str().unwrap().to_string())
        .collect()
}

/// Writes a plain-text article.
/// The countries (the third level) of a region tree with their counts,
/// sorted by name.
fn countries(tree: &Value) -> Vec<(String, u64)> {
    let mut out = Vec::new();
    for node in tree.as_array().unwrap() {
        if node["path"].as_str().unwrap().matches('/').count() < 3 {
            out.extend(countries(&node["children"]));
        } else {
            out.push((
                node["label"].as_str().unwrap().to_string(),
                node["count"].as_u64().unwrap(),
            ));
        }
    }
    out.sort();
    out
}

fn write_article(dir: &Path, name: &str, date: &str, title: &str, body: &str) {
    fs::create_dir_all(dir).unwrap();
    fs::write(dir.join(name), format!(" date {date} {title}\n\n{body}\n")).unwrap();
}

#[test]
fn search_answers_the_same_object_as_search_json() {
    let server = corpus_server();
    let mut api = server.json("/api/search?q=wagner&limit=20", 200);
    let out = sitrep_at(corpus_index())
        .args(["search", "wagner", "--limit", "20", "--facets", "--json"])
        .output()
        .unwrap();
    let mut cli: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(total(&api) >= 16, "{}", api["total"]);
    // Only the time taken may differ.
    for json in [&mut api, &mut cli] {
        json.as_object_mut().unwrap().remove("took_ms");
    }
    assert_eq!(api, cli);
}

#[test]
fn hits_carry_snippets_highlights_and_facets() {
    let server = corpus_server();
    let json = server.json("/api/search?q=wagner&limit=100", 200);
    let seed = json["hits"]
        .as_array()
        .unwrap()
        .iter()
        .find(|h| h["title"] == SEED_TITLE)
        .expect("the seed is among the hits");
    let snippet = seed["snippet"].as_str().unwrap();
    let marked = marked_words(seed);
    assert!(
        marked.iter().any(|w| w == "Wagner"),
        "{marked:?} in {snippet}"
    );
    assert!(seed["regions"]
        .as_array()
        .unwrap()
        .contains(&Value::from("/Africa/Western Africa/Mali")));
    assert!(json["took_ms"].as_f64().unwrap() >= 0.0);

    let facets = &json["facets"];
    let africa = facets["region"]
        .as_array()
        .unwrap()
        .iter()
        .find(|n| n["label"] == "Africa")
        .expect("Africa counted");
    assert!(africa["children"].as_array().is_some_and(|c| !c.is_empty()));
    assert!(!facets["actor"].as_array().unwrap().is_empty());
    // Dates come per year and per month, months inside their year.
    let years = facets["date"].as_array().unwrap();
    let months: Vec<String> = years
        .iter()
        .flat_map(|y| {
            y["children"]
                .as_array()
                .unwrap()
                .iter()
                .map(|m| m["path"].as_str().unwrap().to_string())
        })
        .collect();
    assert!(months.contains(&"/2021/09".to_string()), "{months:?}");
    for year in years {
        let sum: u64 = year["children"]
            .as_array()
            .unwrap()
            .iter()
            .map(|m| m["count"].as_u64().unwrap())
            .sum();
        assert_eq!(sum, year["count"].as_u64().unwrap(), "{year}");
    }
}

#[test]
fn filters_narrow_and_repeated_names_mean_or() {
    let server = corpus_server();
    let all = total(&server.json("/api/search?q=wagner", 200));
    let africa = total(&server.json("/api/search?q=wagner&region=africa", 200));
    let mali_by_name = server.json("/api/search?q=wagner&region=mali&limit=100", 200);
    let mali_path = encode("/Africa/Western Africa/Mali");
    let mali_by_path = server.json(
        &format!("/api/search?q=wagner&region={mali_path}&limit=100"),
        200,
    );
    assert!(africa < all, "Africa {africa} of {all}");
    assert!(total(&mali_by_name) <= africa && total(&mali_by_name) > 0);
    assert_eq!(ids(&mali_by_name), ids(&mali_by_path));
    assert!(ids(&mali_by_name)
        .iter()
        .any(|id| id.ends_with("000_fb48966184d411e3.txt")));

    let syria = total(&server.json("/api/search?q=wagner&region=syria", 200));
    let either = total(&server.json("/api/search?q=wagner&region=mali&region=syria", 200));
    assert!(either >= total(&mali_by_name).max(syria), "{either}");
    assert!(either <= total(&mali_by_name) + syria);

    let month = server.json(
        "/api/search?q=wagner&from=2021-09&to=2021-09&limit=100",
        200,
    );
    assert!(total(&month) > 0 && total(&month) < all);
    for hit in month["hits"].as_array().unwrap() {
        assert!(
            hit["date"].as_str().unwrap().starts_with("2021-09"),
            "{hit}"
        );
    }
    let newest = server.json("/api/search?q=wagner&sort=newest&limit=100", 200);
    let dates: Vec<&str> = newest["hits"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["date"].as_str().unwrap())
        .collect();
    assert!(dates.windows(2).all(|w| w[0] >= w[1]), "{dates:?}");
    // recent=DAYS is search --recent: the same hits, each score raised by 1x to 2x.
    let plain = server.json("/api/search?q=wagner&limit=100", 200);
    let recent = server.json("/api/search?q=wagner&recent=365&limit=100", 200);
    assert_eq!(total(&plain), total(&recent));
    let score = |json: &Value, id: &str| {
        json["hits"]
            .as_array()
            .unwrap()
            .iter()
            .find(|h| h["id"] == id)
            .unwrap()["score"]
            .as_f64()
            .unwrap()
    };
    for id in ids(&plain) {
        let ratio = score(&recent, &id) / score(&plain, &id);
        assert!((1.0..=2.0001).contains(&ratio), "{id}: {ratio}");
    }
    let actor = server.json("/api/search?q=&actor=wagner&limit=100", 200);
    assert!(total(&actor) > 0);
    for hit in actor["hits"].as_array().unwrap() {
        let actors = hit["actors"].as_array().unwrap();
        assert!(
            actors
                .iter()
                .any(|a| a.as_str().unwrap().contains("Wagner")),
            "{hit}"
        );
    }
}

#[test]
fn paging_walks_through_every_hit_once() {
    let server = corpus_server();
    let whole = ids(&server.json("/api/search?q=wagner&limit=100", 200));
    let mut paged = Vec::new();
    for offset in (0..whole.len()).step_by(5) {
        paged.extend(ids(&server.json(
            &format!("/api/search?q=wagner&limit=5&offset={offset}"),
            200,
        )));
    }
    assert_eq!(paged, whole);
    let empty = server.json("/api/search?q=wagner&offset=10000", 200);
    assert!(ids(&empty).is_empty() && total(&empty) == whole.len() as u64);
}

#[test]
fn bad_parameters_are_400s_naming_the_parameter() {
    let server = corpus_server();
    // One query limit for every front end: the library's (query::MAX_QUERY_BYTES).
    let long = "a+".repeat(2049);
    for (query, parameter, says) in [
        ("q=wagner&from=2021-13", "from", "2021-13"),
        ("q=wagner&to=yesterday", "to", "YYYY-MM-DD"),
        ("q=wagner&from=2021-10&to=2021-09", "from", "after"),
        ("q=wagner&region=malli", "region", "did you mean"),
        ("q=wagner&actor=wagnerr", "actor", "did you mean"),
        ("q=%22wagner", "q", "column 1 (at `\"wagner`)"),
        ("q=wagner%20OR", "q", "column"),
        ("q=wagner%20%29", "q", "at `)`"),
        ("q=a*", "q", "refused"),
        ("q=wagner&sort=best", "sort", "relevance"),
        ("q=wagner&recent=0", "recent", "half-life"),
        (
            "q=wagner&recent=30&sort=newest",
            "recent",
            "newest, oldest or killed",
        ),
        (
            "q=wagner&sort=deadliest",
            "sort",
            "relevance, newest, oldest, killed",
        ),
        ("event=batle", "event", "did you mean `Battles`"),
        (
            "violence=genocide",
            "violence",
            "state-based, non-state, one-sided",
        ),
        ("killed_min=ten", "killed_min", "whole number"),
        (
            "q=wagner&collapse=events",
            "collapse",
            "`copies` (reprints of one text) or `stories`",
        ),
        ("q=wagner&limit=101", "limit", "at most 100"),
        ("q=wagner&limit=ten", "limit", "ten"),
        ("q=wagner&offset=10001", "offset", "at most 10000"),
        ("q=wagner&regoin=mali", "regoin", "unknown parameter"),
        ("q=wagner&region=%2FAtlantis", "region", "no article has"),
        (
            "q=wagner&actor=%2FState%2FNobody",
            "actor",
            "no article has",
        ),
        (&format!("q={long}"), "q", "the limit is 4096 bytes"),
    ] {
        let json = server.json(&format!("/api/search?{query}"), 400);
        assert_eq!(json["parameter"], parameter, "{query}: {json}");
        let error = json["error"].as_str().unwrap();
        assert!(error.contains(says), "{query}: {error}");
    }
    let facets = server.json("/api/facets?field=colour", 400);
    assert_eq!(facets["parameter"], "field");
    let facets = server.json("/api/facets?field=date&sum=dead", 400);
    assert_eq!(facets["parameter"], "sum");
}

#[test]
fn event_and_casualty_filters_answer_as_the_command_line() {
    let server = corpus_server();
    let mut api = server.json(
        "/api/search?q=attack&event=violence%20against%20civilians&killed_min=10&sort=killed&limit=20",
        200,
    );
    let out = sitrep_at(corpus_index())
        .args([
            "search",
            "attack",
            "--event",
            "violence against civilians",
            "--killed-min",
            "10",
            "--sort",
            "killed",
            "--limit",
            "20",
            "--facets",
            "--json",
        ])
        .output()
        .unwrap();
    let mut cli: Value = serde_json::from_slice(&out.stdout).unwrap();
    for json in [&mut api, &mut cli] {
        json.as_object_mut().unwrap().remove("took_ms");
    }
    assert_eq!(api, cli);
    assert!(total(&api) >= 20, "{}", api["total"]);
    let killed: Vec<u64> = api["hits"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["casualties"]["killed"]["min"].as_u64().unwrap())
        .collect();
    assert!(killed.iter().all(|&k| k >= 10));
    assert!(killed.windows(2).all(|w| w[0] >= w[1]), "{killed:?}");
    let facets = &api["facets"];
    assert_eq!(facets["event"][0]["path"], "/Violence against civilians");
    // The timeline's deaths: each month's sum, which add up to the total.
    let months: u64 = facets["date"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|y| y["children"].as_array().unwrap())
        .map(|m| m["sum"]["min"].as_u64().unwrap())
        .sum();
    assert_eq!(months, facets["killed"]["min"].as_u64().unwrap());
    assert!(months >= killed.iter().sum::<u64>());

    // One tree with sums, as `facets --sum killed` counts it.
    let api = server.json(
        "/api/facets?event=battle&field=date&depth=2&sum=killed",
        200,
    );
    let out = sitrep_at(corpus_index())
        .args([
            "facets", "--event", "battle", "--field", "date", "--depth", "2", "--sum", "killed",
            "--json",
        ])
        .output()
        .unwrap();
    let cli: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(api["date"], cli["date"][0]["values"]);
    assert_eq!(api["sum"], cli["sum"]);
    assert!(api["sum"]["min"].as_u64().unwrap() > 100, "{}", api["sum"]);
    let events = server.json("/api/facets?field=event&root=%2FBattles", 200);
    assert!(events["event"]
        .as_array()
        .unwrap()
        .iter()
        .any(|n| n["path"] == "/Battles/Armed clash"));
}

#[test]
fn facets_endpoint_counts_and_drills_down() {
    let server = corpus_server();
    let all = server.json("/api/facets?q=wagner", 200);
    let search = server.json("/api/search?q=wagner&limit=0", 200);
    assert_eq!(all["total"], search["total"]);
    assert_eq!(all["region"], search["facets"]["region"]);
    assert_eq!(all["date"], search["facets"]["date"]);

    let root = encode("/Africa");
    let drilled = server.json(
        &format!("/api/facets?q=wagner&field=region&root={root}&depth=1"),
        200,
    );
    let subregions = drilled["region"].as_array().unwrap();
    assert!(drilled.get("actor").is_none());
    assert!(!subregions.is_empty());
    for node in subregions {
        assert!(
            node["path"].as_str().unwrap().starts_with("/Africa/"),
            "{node}"
        );
        assert!(node.get("children").is_none(), "depth 1: {node}");
    }
    let days = server.json(
        "/api/facets?field=date&depth=3&from=2021-09-27&to=2021-09-27",
        200,
    );
    let day = &days["date"][0]["children"][0]["children"][0];
    assert_eq!(day["path"], "/2021/09/27");
    assert_eq!(day["count"], days["total"]);
}

#[test]
fn articles_by_encoded_id_and_404_for_unknown_ones() {
    let server = corpus_server();
    let hits = server.json("/api/search?q=wagner&region=mali&limit=100", 200);
    let seed = hits["hits"]
        .as_array()
        .unwrap()
        .iter()
        .find(|h| h["title"] == SEED_TITLE)
        .expect("seed");
    let id = seed["id"].as_str().unwrap();
    let article = server.json(&format!("/api/articles/{}", encode(id)), 200);
    assert_eq!(article["id"], id);
    assert_eq!(article["title"], SEED_TITLE);
    assert_eq!(article["date"], "2021-09-27");
    let body = article["body"].as_str().unwrap();
    assert!(body.contains("Wagner") && body.len() > 1000, "{body}");
    assert!(article["summary"]
        .as_str()
        .unwrap()
        .starts_with("SEEKING NEW PARTNERS"));
    assert_eq!(article["regions"], seed["regions"]);

    // JSON Lines records have their own ids; any of them must round-trip.
    let other = server.json("/api/search?q=attack&limit=1", 200);
    let other_id = other["hits"][0]["id"].as_str().unwrap();
    let fetched = server.json(&format!("/api/articles/{}", encode(other_id)), 200);
    assert_eq!(fetched["id"], other_id);

    let missing = server.json("/api/articles/no-such-article", 404);
    assert!(missing["error"]
        .as_str()
        .unwrap()
        .contains("no-such-article"));
    server.json("/api/nothing-here", 404);
}

#[test]
fn markup_in_articles_comes_back_as_plain_data() {
    let dir = tempfile::tempdir().unwrap();
    let title = "<script>alert(1)</script> & <b>bold</b>";
    write_article(
        &dir.path().join("in"),
        "xss.txt",
        "2021-09-27",
        title,
        "Zyxwvut <img src=x onerror=alert(2)> reported from Bamako, Mali.",
    );
    let index = dir.path().join("idx");
    index_quietly(&index, &dir.path().join("in"));
    let server = Server::start(&index);
    let json = server.json("/api/search?q=zyxwvut", 200);
    assert_eq!(json["hits"][0]["title"], title);
    assert!(json["hits"][0]["snippet"]
        .as_str()
        .unwrap()
        .contains("<img src=x"));
    let article = server.json(
        &format!(
            "/api/articles/{}",
            encode(json["hits"][0]["id"].as_str().unwrap())
        ),
        200,
    );
    assert_eq!(article["title"], title);
}

#[test]
fn the_page_and_its_assets_are_embedded() {
    let server = corpus_server();
    let page = server.get("/");
    assert_eq!(page.status, 200);
    assert!(
        page.content_type.starts_with("text/html"),
        "{}",
        page.content_type
    );
    assert!(page.body.contains("<script src=\"/app.js\""));
    // No asset may come from elsewhere.
    assert!(!page.body.contains("http://") && !page.body.contains("https://"));
    assert!(page.csp.contains("script-src 'self'"), "{}", page.csp);
    let js = server.get("/app.js");
    assert!(js.status == 200 && js.content_type.starts_with("text/javascript"));
    assert!(js.body.contains("textContent") && !js.body.contains("innerHTML"));
    let css = server.get("/style.css");
    assert!(css.status == 200 && css.content_type.starts_with("text/css"));
    // The script fetches nothing from elsewhere: its only URL is the SVG
    // namespace, a name, not a request (the pattern that tells an article's
    // web link is none).
    let urls = |text: &str| {
        text.match_indices("http")
            .map(|(i, _)| {
                text[i..]
                    .split(['\'', '"', ' '])
                    .next()
                    .unwrap()
                    .to_string()
            })
            .filter(|u| u.contains("://"))
            .collect::<Vec<_>>()
    };
    assert_eq!(urls(&js.body), ["http://www.w3.org/2000/svg"]);
    assert!(urls(&css.body).is_empty());
    // The map's outlines: every country with a code and an SVG path.
    let world = server.get("/world.json");
    assert!(world.status == 200 && world.content_type.starts_with("application/json"));
    let world: Value = serde_json::from_str(&world.body).unwrap();
    let shapes = world["countries"].as_array().unwrap();
    assert!(shapes.len() > 170, "{}", shapes.len());
    for iso in ["SYR", "MLI", "UKR", "XKX"] {
        let shape = shapes.iter().find(|s| s["iso"] == iso).expect(iso);
        assert!(shape["d"].as_str().unwrap().starts_with('M'), "{shape}");
    }
    assert!(world["source"].as_str().unwrap().contains("Natural Earth"));
    assert_eq!(server.get("/nothing.html").status, 404);
}

#[test]
fn a_fresh_folder_is_indexed_then_new_commits_are_seen_and_sigterm_stops() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = dir.path().join("corpus");
    write_article(
        &corpus,
        "a.txt",
        "2021-09-01",
        "Quokkas seen in Bamako",
        "Quokkas in Mali.",
    );
    let server = Server::start_in(dir.path(), None);
    assert!(
        server.startup_line.contains("http://127.0.0.1:"),
        "{}",
        server.startup_line
    );
    assert_eq!(total(&server.json("/api/search?q=quokka", 200)), 1);
    // Counting facets fills the server's per-segment cache; later commits must not read stale entries.
    let regions = || countries(&server.json("/api/facets?q=quokka", 200)["region"]);
    assert_eq!(regions(), [("Mali".to_string(), 1)]);

    write_article(
        &corpus,
        "b.txt",
        "2021-09-02",
        "More quokkas",
        "Quokkas in Niger.",
    );
    write_article(
        &corpus,
        "a.txt",
        "2021-09-01",
        "Quokkas seen in Dakar",
        "Quokkas in Senegal.",
    );
    common::sitrep()
        .current_dir(dir.path())
        .args(["index", "--quiet"])
        .assert()
        .success();
    let deadline = Instant::now() + Duration::from_secs(20);
    while total(&server.json("/api/search?q=quokka", 200)) != 2 {
        assert!(Instant::now() < deadline, "the new commit was not seen");
        std::thread::sleep(Duration::from_millis(100));
    }
    // The replaced article's old document (Mali) is deleted in the cached segment.
    assert_eq!(
        regions(),
        [("Niger".to_string(), 1), ("Senegal".to_string(), 1)]
    );

    let (status, stderr) = server.terminate();
    assert!(status.success(), "{status}: {stderr}");
    assert!(stderr.contains("stopped"), "{stderr}");
}

#[test]
fn api_search_collapses_reprints_and_gives_every_hit_its_group() {
    let tmp = tempfile::TempDir::new().unwrap();
    let news = tmp.path().join("news");
    fs::create_dir_all(&news).unwrap();
    let seed = common::reprints::original();
    common::reprints::write(&news, "original.txt", &seed);
    for n in 1..=2 {
        let copy = common::reprints::reprint(&seed, n, n as i64, "Outlet");
        common::reprints::write(&news, &format!("reprint-{n}.txt"), &copy);
    }
    let index = tmp.path().join("idx");
    index_quietly(&index, &news);
    let server = Server::start(&index);

    let all = server.json("/api/search?q=lavrov", 200);
    assert_eq!(total(&all), 3);
    assert!(all.get("groups").is_none());
    let leads: Vec<&Value> = all["hits"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| &h["copy"]["lead"])
        .collect();
    assert!(leads.iter().all(|l| *l == leads[0]), "{all:#}");
    assert!(all["hits"]
        .as_array()
        .unwrap()
        .iter()
        .all(|h| h["copy"]["members"] == 3));

    let collapsed = server.json("/api/search?q=lavrov&collapse=copies", 200);
    assert_eq!(total(&collapsed), 3);
    assert_eq!(collapsed["groups"], 1);
    let hits = collapsed["hits"].as_array().unwrap();
    assert_eq!(hits.len(), 1);
    assert_eq!(hits[0]["id"], *leads[0], "the lead, the earliest, is shown");
    assert_eq!(hits[0]["copy"]["similar"], 2);
    assert_eq!(hits[0]["copy"]["others"].as_array().unwrap().len(), 2);

    // By story: the copies of one text are one story, with its id, members
    // and lead on every hit.
    let stories = server.json("/api/search?q=lavrov&collapse=stories", 200);
    assert_eq!(stories["collapse"], "stories");
    assert_eq!(stories["groups"], 1);
    let hits = stories["hits"].as_array().unwrap();
    assert_eq!(hits.len(), 1);
    assert_eq!(hits[0]["story"]["members"], 3);
    assert_eq!(hits[0]["story"]["similar"], 2);
    assert_eq!(hits[0]["story"]["lead"], *leads[0]);
    assert!(hits[0]["story"]["id"]
        .as_str()
        .is_some_and(|id| id.len() == 16));
    assert!(hits[0]["copy"].get("similar").is_none(), "{stories:#}");
}

/// The page's API ranks with the facets a query's words name, as the
/// command line does, and breaks scores down with `explain=1`.
#[test]
fn search_names_facets_and_explains_as_the_command_line() {
    let server = corpus_server();
    let mut api = server.json("/api/search?q=syrian+rebels&limit=20&explain=1", 200);
    let out = sitrep_at(corpus_index())
        .args([
            "search",
            "syrian rebels",
            "--limit",
            "20",
            "--facets",
            "--explain",
            "--json",
        ])
        .output()
        .unwrap();
    let mut cli: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(api["hits"][0]["explain"].is_array(), "{}", api["hits"][0]);
    for json in [&mut api, &mut cli] {
        json.as_object_mut().unwrap().remove("took_ms");
    }
    assert_eq!(api, cli);
    server.json("/api/search?q=syrian&explain=maybe", 400);
}

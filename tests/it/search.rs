//! Searching, filtering and browsing the bundled corpus through the binary.

use crate::common;

use common::*;
use predicates::prelude::*;

/// The seed must be found for `wagner` with the word highlighted. It is not
/// ranked first: BM25 with a title boost puts the one-sentence items titled
/// "Wagner Group rebellion" and shorter items naming Wagner above a 700-word
/// article (see README, "Ranking").
#[test]
fn wagner_finds_the_seed_with_the_word_highlighted() {
    let out = sitrep_at(corpus_index())
        .args(["search", "wagner", "-n", "50"])
        .assert()
        .success();
    let text = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    let seed_hit = text
        .split("\n\n")
        .find(|h| h.contains("Mali approaches Russian security, criticizes France"))
        .expect("the seed is a hit");
    assert!(seed_hit.contains("[Wagner]"), "{seed_hit}");
    assert!(seed_hit.contains("2021-09-27"));
    assert!(seed_hit.contains("AFP, UNITED NATIONS"));
    assert!(seed_hit.contains("000_fb48966184d411e3.txt"));
    let specific = search_json(&["wagner parly"]);
    assert!(hit_paths(&specific)[0].ends_with("000_fb48966184d411e3.txt"));
}

#[test]
fn colour_only_when_asked_and_not_with_no_color() {
    let coloured = sitrep_at(corpus_index())
        .args(["--color=always", "search", "wagner", "-n", "1"])
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&coloured.stdout).contains("\x1b[1;31mWagner\x1b[0m"));
    let plain = sitrep_at(corpus_index())
        .env("NO_COLOR", "1")
        .args(["--color=auto", "search", "wagner"])
        .output()
        .unwrap();
    assert!(!String::from_utf8_lossy(&plain.stdout).contains('\x1b'));
}

#[test]
fn date_bounds_are_inclusive_at_every_precision() {
    assert!(!has_seed(&search_json(&[
        "wagner", "--from", "2021-10", "-n", "1000"
    ])));
    assert!(has_seed(&search_json(&[
        "wagner",
        "--from",
        "2021-09-27",
        "--to",
        "2021-09-27"
    ])));
    assert!(has_seed(&search_json(&[
        "wagner", "--to", "2021-09", "-n", "1000"
    ])));
    assert!(has_seed(&search_json(&[
        "wagner", "--from", "2021", "--to", "2021", "-n", "1000"
    ])));
    assert!(!has_seed(&search_json(&[
        "wagner",
        "--to",
        "2021-09-26",
        "-n",
        "1000"
    ])));
    for hit in search_json(&[
        "attack", "--from", "2021-09", "--to", "2021-12", "-n", "1000",
    ])["hits"]
        .as_array()
        .unwrap()
    {
        let date = hit["date"].as_str().unwrap();
        assert!(("2021-09-01"..="2021-12-31").contains(&date), "{date}");
    }
}

#[test]
fn region_and_actor_filters_resolve_names_at_any_level() {
    for args in [
        ["--region", "mali"],
        ["--region", "africa"],
        ["--region", "Western Africa"],
        ["--actor", "PMC Wagner"],
        ["--actor", "UN"],
    ] {
        let mut all = vec!["wagner", "-n", "1000"];
        all.extend(args);
        assert!(has_seed(&search_json(&all)), "{args:?}");
    }
    assert!(!has_seed(&search_json(&[
        "wagner", "--region", "asia", "-n", "1000"
    ])));
    // Same flag twice is OR, different flags AND.
    assert!(has_seed(&search_json(&[
        "wagner", "--region", "asia", "--region", "mali", "-n", "1000"
    ])));
    assert!(!has_seed(&search_json(&[
        "wagner", "--region", "mali", "--actor", "Taliban", "-n", "1000"
    ])));
}

#[test]
fn a_country_name_filters_on_its_state_forces() {
    // `--actor usa` once suggested "African Union, DSA, FSA", and "united
    // states" was unknown: every name of a country names its state forces.
    for name in ["mali", "Malian", "Government of Mali"] {
        assert!(
            has_seed(&search_json(&["wagner", "--actor", name, "-n", "1000"])),
            "{name}"
        );
    }
    for name in ["usa", "united states", "U.S."] {
        let json = search_json(&["--actor", name, "-n", "20"]);
        assert!(json["total"].as_u64().unwrap() > 0, "{name}");
        for hit in json["hits"].as_array().unwrap() {
            let actors = hit["actors"].to_string();
            assert!(
                actors.contains("/state forces/United States"),
                "{name}: {hit}"
            );
        }
    }
}

/// Names of each kind `--region` and `--actor` take, read from the
/// gazetteer's files: every region label and name of `regions.tsv` and
/// `areas.tsv`, every seventh division's and every fortieth actor's, the
/// continents and sub-regions, the actor kinds, each as written and in
/// capitals, with the names the README documents, towns and misspellings.
fn filter_names_of_every_kind() -> Vec<(&'static str, String)> {
    let schema = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("index-schema");
    let rows = |file: &str, every: usize| -> Vec<Vec<String>> {
        std::fs::read_to_string(schema.join(file))
            .unwrap()
            .lines()
            .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
            .step_by(every)
            .map(|l| l.split('\t').map(String::from).collect())
            .collect()
    };
    let names = |column: &str| -> Vec<String> {
        column
            .split('|')
            .map(|n| n.trim_start_matches(['=', '?']).to_string())
            .filter(|n| !n.is_empty())
            .collect()
    };
    let mut regions: Vec<String> = Vec::new();
    for row in rows("regions.tsv", 1) {
        regions.extend(row[1..4].iter().cloned());
        regions.extend(names(&row[4]));
    }
    for row in rows("divisions.tsv", 7) {
        regions.push(row[2].clone());
        regions.extend(names(&row[3]));
    }
    for row in rows("areas.tsv", 1) {
        regions.push(row[0].clone());
        regions.extend(names(&row[1]));
    }
    regions.extend(
        [
            "middle east",
            "Middle  East",
            "sahel",
            "donbas",
            "crimea",
            "douma",
            "kyiv",
            "Київ",
            "Киев",
            "سوريا",
            "Côte d'Ivoire",
            "cote d ivoire",
            "GUINEA-BISSAU",
            "malli",
            "atlantis",
            "",
        ]
        .map(String::from),
    );
    let mut actors: Vec<String> = Vec::new();
    for row in rows("actors.tsv", 40) {
        actors.extend(row[..2].iter().cloned());
        actors.extend(names(&row[2]));
    }
    actors.extend(
        [
            "usa",
            "united states",
            "U.S.",
            "tplf",
            "wagner",
            "PMC Wagner",
            "UN",
            "un",
            "armed group",
            "state forces",
            "russie",
            "Россия",
            "حماس",
            "wagnr",
            "/person/Ned Lamont",
        ]
        .map(String::from),
    );
    let mut all: Vec<(&str, String)> = Vec::new();
    for (flag, list) in [("--region", regions), ("--actor", actors)] {
        for name in list {
            all.push((flag, name.to_uppercase()));
            all.push((flag, name));
        }
    }
    all.sort();
    all.dedup();
    all
}

/// Search output without the time each search took: `(12.3 ms, showing
/// 1-3)` is `( ms, showing 1-3)`.
fn without_times(text: &str) -> String {
    let line = |line: &str| match (line.rfind('('), line.rfind(" ms")) {
        (Some(open), Some(ms)) if open < ms && line[open + 1..ms].parse::<f64>().is_ok() => {
            format!("{}{}", &line[..=open], &line[ms..])
        }
        _ => line.to_string(),
    };
    text.lines().map(line).collect::<Vec<_>>().join("\n")
}

/// `--region` and `--actor` resolve through the index's table of filter
/// names (`filter-names.tsv`, written by `sitrep index`) as through the
/// gazetteer, which a search then need not load: the same facets (the
/// header names each), hits and errors with the same suggestions, for
/// names of every kind; without the table, the gazetteer resolves them.
#[test]
fn filters_resolve_through_the_index_table_as_through_the_gazetteer() {
    let tmp = tempfile::TempDir::new().unwrap();
    let index = tmp.path().join("idx");
    index_quietly(&index, &seed());
    let table = index.join("filter-names.tsv");
    assert!(table.is_file(), "no table after indexing");
    let names = filter_names_of_every_kind();
    assert!(names.len() > 5000, "{}", names.len());
    let lines: Vec<String> = names
        .iter()
        .map(|(flag, name)| format!("attack\t{flag} {}", shlex::try_quote(name).unwrap()))
        .collect();
    let queries = tmp.path().join("queries.txt");
    std::fs::write(&queries, lines.join("\n")).unwrap();
    let run = || {
        let out = sitrep_at(&index)
            .args(["search", "-n", "1", "--queries"])
            .arg(&queries)
            .output()
            .unwrap();
        // The time each search took is the one thing that may differ.
        let took = without_times(&String::from_utf8(out.stdout).unwrap());
        (
            out.status.code(),
            took,
            String::from_utf8(out.stderr).unwrap(),
        )
    };
    let with_table = run();
    std::fs::rename(&table, tmp.path().join("aside.tsv")).unwrap();
    let with_gazetteer = run();
    assert_eq!(with_table.0, with_gazetteer.0);
    assert_eq!(with_table.2, with_gazetteer.2);
    for (a, b) in with_table.1.lines().zip(with_gazetteer.1.lines()) {
        assert_eq!(a, b);
    }
    assert_eq!(with_table.1, with_gazetteer.1);
    // Names of every kind resolved, and the unknown ones failed.
    assert!(
        with_table
            .1
            .contains("with region Burkina Faso or Chad or Mali or Mauritania or Niger ("),
        "sahel"
    );
    assert!(
        with_table
            .2
            .contains("unknown region `malli`; did you mean"),
        "{}",
        with_table.2
    );
}

/// The table is what resolves the names when the session's gazetteer wrote
/// it, and is not read when another gazetteer did.
#[test]
fn the_table_of_filter_names_answers_only_for_its_gazetteer() {
    let tmp = tempfile::TempDir::new().unwrap();
    let index = tmp.path().join("idx");
    index_quietly(&index, &seed());
    let table = index.join("filter-names.tsv");
    let text = std::fs::read_to_string(&table).unwrap();
    let mali = "mali\tregion\t/Africa/Western Africa/Mali\n";
    assert!(text.contains(mali), "no line for mali");
    // A table that says `mali` is Asia: the search goes by it.
    std::fs::write(&table, text.replace(mali, "mali\tregion\t/Asia\n")).unwrap();
    let header = |args: &[&str]| {
        let out = sitrep_at(&index).arg("search").args(args).output().unwrap();
        String::from_utf8(out.stdout)
            .unwrap()
            .lines()
            .next()
            .unwrap_or("")
            .to_string()
    };
    assert!(header(&["wagner", "--region", "mali"]).contains("region Asia"));
    // Written by another gazetteer, it is not read.
    let (first, rest) = text.split_once('\n').unwrap();
    let other = first.replacen(" gazetteer ", " gazetteer 0", 1);
    std::fs::write(
        &table,
        format!("{other}\n{}", rest.replace(mali, "mali\tregion\t/Asia\n")),
    )
    .unwrap();
    assert!(header(&["wagner", "--region", "mali"]).contains("region Mali"));
}

#[test]
fn every_filtered_hit_carries_the_facet() {
    let json = search_json(&["attack", "--region", "africa", "-n", "50"]);
    assert!(json["total"].as_u64().unwrap() > 0);
    for hit in json["hits"].as_array().unwrap() {
        let regions = hit_regions(hit);
        assert!(
            regions.iter().any(|r| r.starts_with("/Africa/")),
            "{regions:?}"
        );
    }
}

#[test]
fn unknown_region_suggests_close_names() {
    fails_with(
        &["wagner", "--region", "Malli"],
        "--region: unknown region `Malli`; did you mean `Mali`",
    );
}

#[test]
fn bad_dates_name_the_flag() {
    fails_with(&["wagner", "--to", "2021-02-30"], "--to: `2021-02-30`");
}

#[test]
fn syntax_errors_point_at_the_token_and_exit_2() {
    fails_with(&["wagner )"], "query syntax error at column 8");
    fails_with(&["wagner )"], "\n  wagner )\n         ^");
    fails_with(&["\"drone strike"], "unterminated phrase");
    fails_with(&["w*"], "at least 2 letters");
}

/// `search ARGS` exits 2 with `message` on stderr.
fn fails_with(args: &[&str], message: &str) {
    sitrep_at(corpus_index())
        .arg("search")
        .args(args)
        .assert()
        .code(2)
        .stderr(predicate::str::contains(message));
}

#[test]
fn no_hits_exits_1() {
    sitrep_at(corpus_index())
        .args(["search", "xyzzyplughnothing"])
        .assert()
        .code(1)
        .stdout(predicate::str::contains("0 hits"));
}

#[test]
fn json_has_the_documented_shape_and_highlight_offsets() {
    let json = search_json(&["wagner", "-n", "50"]);
    for key in ["query", "total", "took_ms", "hits"] {
        assert!(json.get(key).is_some(), "{key}");
    }
    let hit = seed_hit(&json);
    for key in [
        "id",
        "path",
        "date",
        "title",
        "source",
        "score",
        "regions",
        "actors",
        "snippet",
        "highlights",
    ] {
        assert!(hit.get(key).is_some(), "{key}");
    }
    let words = highlighted(hit);
    assert!(!words.is_empty());
    assert!(words.iter().all(|w| w == "wagner"), "{words:?}");
    assert!(hit["regions"]
        .as_array()
        .unwrap()
        .iter()
        .any(|r| r == "/Africa/Western Africa/Mali"));
    assert!(hit["actors"]
        .as_array()
        .unwrap()
        .iter()
        .any(|r| r == "/armed group/Wagner Group"));
}

#[test]
fn phrases_prefixes_and_fuzzy_words_match_and_highlight() {
    let phrase = search_json(&["\"Wagner Group\" lavrov"]);
    assert!(has_seed(&phrase));
    assert!(!has_seed(&search_json(&["\"group wagner\"", "-n", "1000"])));
    let words = highlighted(seed_hit(&phrase));
    assert!(
        words.contains(&"wagner".to_string()) && words.contains(&"group".to_string()),
        "{words:?}"
    );
    let prefix = search_json(&["wagn* lavrov"]);
    assert!(has_seed(&prefix));
    assert!(highlighted(seed_hit(&prefix)).contains(&"wagner".to_string()));
    let fuzzy = search_json(&["lavrof~ wagner"]);
    assert!(has_seed(&fuzzy));
    assert!(highlighted(seed_hit(&fuzzy)).contains(&"lavrov".to_string()));
}

#[test]
fn boolean_operators_fields_and_exclusion() {
    assert!(has_seed(&search_json(&["title:mali wagner"])));
    assert!(!has_seed(&search_json(&["title:wagner"])));
    assert!(has_seed(&search_json(&["agency:afp wagner"])));
    assert!(has_seed(&search_json(&[
        "dateline:\"united nations\" wagner"
    ])));
    assert!(!has_seed(&search_json(&["wagner -lavrov", "-n", "1000"])));
    assert!(!has_seed(&search_json(&[
        "wagner NOT lavrov",
        "-n",
        "1000"
    ])));
    let either = search_json(&["(xyzzyplugh OR lavrov) wagner"]);
    assert!(has_seed(&either));
}

#[test]
fn title_matches_rank_above_body_matches() {
    let json = search_json(&["mali", "-n", "5"]);
    let top = json["hits"][0]["title"].as_str().unwrap().to_lowercase();
    assert!(top.contains("mali"), "{top}");
}

/// A word counts about once however many fields hold it (best field plus 0.3
/// of the others, README "Ranking"): an article whose headline and text both
/// say `albino` must not outrank one with `albino` in the headline and
/// `elephant` in the text, which a sum of the fields' BM25 scores would do.
#[test]
fn a_word_in_headline_and_text_counts_once_not_twice() {
    let dir = tempfile::TempDir::new().unwrap();
    let docs = dir.path().join("docs");
    std::fs::create_dir(&docs).unwrap();
    let items = [
        (
            "twice",
            "Albino sighting",
            "An albino was seen near the lake on Monday morning.",
        ),
        (
            "both",
            "Albino sighting",
            "An elephant was seen near the lake on Monday morning.",
        ),
        (
            "p1",
            "Park report",
            "An elephant was seen near the river on Tuesday morning.",
        ),
        (
            "p2",
            "Park report",
            "An elephant was seen near the road on Friday morning.",
        ),
        (
            "w1",
            "Weather report",
            "Rain fell on the town on Sunday morning.",
        ),
        (
            "w2",
            "Weather report",
            "Rain fell on the hills on Monday morning.",
        ),
        (
            "w3",
            "Weather report",
            "Snow fell on the pass on Friday night.",
        ),
        (
            "w4",
            "Weather report",
            "Wind blew over the coast on Tuesday night.",
        ),
    ];
    let lines: Vec<String> = items
        .iter()
        .map(|(id, title, body)| {
            serde_json::json!({"id": id, "date": "2021-10-01", "title": title, "body": body})
                .to_string()
        })
        .collect();
    std::fs::write(docs.join("items.jsonl"), lines.join("\n")).unwrap();
    let index = dir.path().join("idx");
    index_quietly(&index, &docs);
    let out = sitrep_at(&index)
        .args(["search", "albino OR elephant", "--json"])
        .assert()
        .success();
    let json: serde_json::Value = serde_json::from_slice(&out.get_output().stdout).unwrap();
    let ids: Vec<&str> = json["hits"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids[..2], ["both", "twice"], "{json}");
}

#[test]
fn sort_newest_and_oldest_order_by_date() {
    for (sort, descending) in [("newest", true), ("oldest", false)] {
        let json = search_json(&["attack", "--sort", sort, "-n", "20"]);
        let dates: Vec<&str> = json["hits"]
            .as_array()
            .unwrap()
            .iter()
            .map(|h| h["date"].as_str().unwrap())
            .collect();
        let mut sorted = dates.clone();
        sorted.sort();
        if descending {
            sorted.reverse();
        }
        assert_eq!(dates, sorted);
    }
}

#[test]
fn a_filter_without_a_query_lists_every_article_it_admits() {
    let json = search_json(&["--actor", "PMC Wagner", "--sort", "newest", "-n", "100"]);
    let hits = json["hits"].as_array().unwrap();
    assert!(hits.len() > 1, "{json}");
    assert_eq!(json["total"].as_u64(), Some(hits.len() as u64), "{json}");
    assert!(has_seed(&json), "{json}");
    for hit in hits {
        let actors = hit["actors"].to_string();
        assert!(actors.contains("/armed group/Wagner Group"), "{hit}");
    }
    // With neither a query nor a filter there is nothing to search for.
    sitrep_at(corpus_index())
        .arg("search")
        .assert()
        .code(2)
        .stderr(predicate::str::contains("<QUERY>"));
}

#[test]
fn paging_with_offset_continues_the_list() {
    let first = hit_paths(&search_json(&["attack", "-n", "4"]));
    let second = hit_paths(&search_json(&["attack", "-n", "2", "--offset", "2"]));
    assert_eq!(first[2..], second[..]);
}

#[test]
fn a_page_past_the_deepest_is_refused_by_name_and_one_past_the_hits_is_empty() {
    // 18446744073709551000 once overflowed the top-k heap's capacity.
    for offset in ["10001", "18446744073709551000"] {
        sitrep_at(corpus_index())
            .args(["search", "attack", "--offset", offset])
            .assert()
            .code(2)
            .stderr(predicate::str::contains(format!(
                "invalid value '{offset}' for '--offset"
            )));
    }
    let far = search_json(&["attack", "--offset", "10000"]);
    assert!(far["total"].as_u64().unwrap() > 0);
    assert!(far["hits"].as_array().unwrap().is_empty());
}

#[test]
fn search_facets_lists_top_values_under_the_hits() {
    sitrep_at(corpus_index())
        .args(["search", "wagner", "--facets"])
        .assert()
        .success()
        .stdout(
            predicate::str::contains("countries: ")
                .and(predicate::str::contains("actors: "))
                .and(predicate::str::contains("years: ")),
        );
}

#[test]
fn facets_show_the_region_tree_and_drill_down() {
    let out = sitrep_at(corpus_index())
        .args(["facets", "--field", "region"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    let africa = lines
        .iter()
        .position(|l| l.starts_with("Africa "))
        .expect("Africa at top level");
    let western = lines[africa..]
        .iter()
        .position(|l| l.starts_with("  Western Africa "))
        .expect("Western Africa under Africa")
        + africa;
    assert!(
        lines[western + 1..]
            .iter()
            .take_while(|l| l.starts_with("    "))
            .any(|l| l.starts_with("    Mali ")),
        "{text}"
    );
    let drill = sitrep_at(corpus_index())
        .args(["facets", "--field", "region", "--region", "africa"])
        .output()
        .unwrap();
    let drill = String::from_utf8(drill.stdout).unwrap();
    assert!(drill.contains("region /Africa"));
    assert!(
        drill.lines().any(|l| l.starts_with("Western Africa ")),
        "{drill}"
    );
    assert!(!drill.lines().any(|l| l.starts_with("Europe ")));
}

#[test]
fn facet_counts_agree_with_filtered_search_totals() {
    let out = sitrep_at(corpus_index())
        .args(["facets", "wagner", "--json"])
        .output()
        .unwrap();
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let region_roots = json["region"][0]["values"].as_array().unwrap();
    let africa = region_roots
        .iter()
        .find(|n| n["label"] == "Africa")
        .expect("Africa");
    let filtered = search_json(&["wagner", "--region", "africa", "-n", "1"]);
    assert_eq!(africa["count"], filtered["total"]);
    let years = json["date"][0]["values"].as_array().unwrap();
    assert!(years.iter().any(|y| y["label"] == "2021"));
}

#[test]
fn extract_shows_the_seed_regions_and_actors() {
    let out = sitrep()
        .args(["extract", "--json"])
        .arg(seed())
        .output()
        .unwrap();
    assert!(out.status.success());
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let facets = |key: &str| -> Vec<String> {
        json["extraction"][key]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["facet"].as_str().unwrap().to_string())
            .collect()
    };
    let regions = facets("regions");
    for country in SEED_COUNTRIES {
        assert!(
            regions.iter().any(|r| r.ends_with(&format!("/{country}"))),
            "{country} missing from {regions:?}"
        );
    }
    assert!(regions.contains(&"/Africa/Western Africa/Mali".to_string()));
    let actors = facets("actors");
    for actor in SEED_ACTORS {
        assert!(
            actors.iter().any(|a| a.ends_with(&format!("/{actor}"))),
            "{actor} missing from {actors:?}"
        );
    }
    assert_eq!(json["article"]["agency"], "AFP");
    let text = sitrep().arg("extract").arg(seed()).output().unwrap();
    let text = String::from_utf8(text.stdout).unwrap();
    assert!(
        text.contains("/armed group/Wagner Group") && text.contains("Wagner"),
        "{text}"
    );
}

#[test]
fn stats_reports_documents_and_dates() {
    let out = sitrep_at(corpus_index())
        .args(["stats", "--json"])
        .output()
        .unwrap();
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(json["documents"].as_u64().unwrap() > 1000);
    assert!(json["first_date"].as_str().unwrap() <= "2015-12-31");
    assert!(json["last_date"].as_str().unwrap() >= "2021-09-27");
}

#[test]
fn batch_mode_runs_every_line_and_reports_bad_ones() {
    let dir = tempfile::TempDir::new().unwrap();
    let file = dir.path().join("queries.txt");
    std::fs::write(
        &file,
        "# comment\nwagner\t--region mali\n\nwagner )\nlavrov\t--to 2021-09\n",
    )
    .unwrap();
    let out = sitrep_at(corpus_index())
        .args(["search", "--json", "--queries"])
        .arg(&file)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "a bad line makes the run fail");
    let lines: Vec<serde_json::Value> = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 3, "one output line per query");
    assert!(has_seed(&lines[0]));
    assert_eq!(lines[1]["line"], 4);
    assert!(lines[1]["error"].as_str().unwrap().contains("column 8"));
    assert!(has_seed(&lines[2]));
    assert!(String::from_utf8_lossy(&out.stderr).contains("queries.txt:4: query syntax error"));
}

#[test]
fn a_prefix_longer_than_the_indexed_stem_still_matches() {
    // "negotiations" is indexed as the stem `negoti`.
    let json = search_json(&["negotiat*", "-n", "50"]);
    assert!(json["total"].as_u64().unwrap() > 10);
    let hits = json["hits"].as_array().unwrap();
    assert!(hits
        .iter()
        .any(|h| highlighted(h).contains(&"negotiations".to_string())));
}

/// `--recent DAYS` multiplies each BM25 score by 1 + 0.5^(age / DAYS), age
/// counted from the newest article (or the `--to` day); without it, scores are
/// plain BM25.
#[test]
fn recent_blends_recency_into_scores_by_the_documented_formula() {
    let scores = |args: &[&str]| -> std::collections::HashMap<String, (f64, chrono::NaiveDate)> {
        search_json(args)["hits"]
            .as_array()
            .unwrap()
            .iter()
            .map(|h| {
                let date = h["date"].as_str().unwrap().parse().unwrap();
                (
                    h["id"].as_str().unwrap().to_string(),
                    (h["score"].as_f64().unwrap(), date),
                )
            })
            .collect()
    };
    let check = |extra: &[&str], reference: chrono::NaiveDate| {
        let base = [&["drone", "-n", "1000"][..], extra].concat();
        let plain = scores(&base);
        let recent = scores(&[&base[..], &["--recent", "90"]].concat());
        assert_eq!(plain.len(), recent.len());
        for (id, (score, date)) in &plain {
            let age = (reference - *date).num_days().max(0) as f64;
            let expected = score * (1.0 + 0.5f64.powf(age / 90.0));
            let got = recent[id].0;
            assert!(
                (got - expected).abs() < 1e-3 * expected,
                "{id} {date}: {got} vs {expected}"
            );
        }
    };
    let stats: serde_json::Value = serde_json::from_slice(
        &sitrep_at(corpus_index())
            .args(["stats", "--json"])
            .output()
            .unwrap()
            .stdout,
    )
    .unwrap();
    let newest = stats["last_date"].as_str().unwrap().parse().unwrap();
    check(&[], newest);
    check(&["--to", "2020-06"], "2020-06-30".parse().unwrap());
    let recent_first = search_json(&["attack", "--recent", "30"]);
    assert!(recent_first["hits"][0]["date"].as_str().unwrap() > "2024");
}

#[test]
fn recent_is_refused_with_a_date_order_or_a_bad_half_life() {
    sitrep_at(corpus_index())
        .args(["search", "wagner", "--recent", "--sort", "newest"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--recent: blends recency"));
    sitrep_at(corpus_index())
        .args(["search", "wagner", "--recent=0"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("not a half-life"));
    // Refused before any request: nothing listens on port 9.
    sitrep()
        .args([
            "search",
            "wagner",
            "--recent",
            "--quickwit",
            "http://127.0.0.1:9",
        ])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--recent: needs BM25 scores"));
}

#[test]
fn a_person_the_gazetteer_lacks_is_found_by_role_and_can_be_filtered_on() {
    let crash = corpus().join(
        "wikinews/2019-10-03-world-war-ii-era-plane-crashes-in-connecticut-us-killing-at.txt",
    );
    let out = sitrep()
        .args(["extract", "--json"])
        .arg(&crash)
        .output()
        .unwrap();
    assert!(out.status.success());
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let lamont = json["extraction"]["actors"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["facet"] == "/person/Ned Lamont")
        .expect("Connecticut Governor Ned Lamont is a person");
    assert_eq!(lamont["mentions"][0]["kind"], "role: governor");
    let hits = search_json(&["crash", "--actor", "/person/Ned Lamont"]);
    let paths: Vec<&str> = hits["hits"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["path"].as_str().unwrap())
        .collect();
    assert!(
        paths
            .iter()
            .any(|p| p.ends_with("connecticut-us-killing-at.txt")),
        "{paths:?}"
    );
    let unknown = sitrep_at(corpus_index())
        .args(["search", "crash", "--actor", "Ned Lamont"])
        .output()
        .unwrap();
    assert_eq!(unknown.status.code(), Some(2));
    let stderr = String::from_utf8(unknown.stderr).unwrap();
    assert!(stderr.contains("/person/Ned Lamont"), "{stderr}");
}

/// The ids of every hit of `query` (at most 1000).
fn all_ids(query: &str) -> std::collections::BTreeSet<String> {
    search_json(&[query, "-n", "1000"])["hits"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["id"].as_str().unwrap().to_string())
        .collect()
}

/// `U.S.` is a word (`us`), not two letters the analyzer drops: it narrows
/// the search, and nothing is said to be ignored.
#[test]
fn a_dotted_abbreviation_is_a_word_that_narrows_the_search() {
    let both = search_json(&["U.S. airstrike"]);
    let alone = search_json(&["airstrike"]);
    let (both_total, alone_total) = (
        both["total"].as_u64().unwrap(),
        alone["total"].as_u64().unwrap(),
    );
    assert!(
        0 < both_total && both_total < alone_total,
        "U.S. airstrike {both_total}, airstrike {alone_total}"
    );
    assert!(both.get("notes").is_none(), "{both}");
    // Written without dots, the abbreviation finds the same items.
    assert_eq!(all_ids("U.S. airstrike"), all_ids("US airstrike"));
}

/// A compound matches in its hyphenated and closed spellings alike, and
/// two words or a phrase also match their closed form, by the forms the
/// index holds, with no list of words.
#[test]
fn hyphenated_and_closed_compounds_find_the_same_items() {
    let closed = all_ids("ceasefire");
    assert!(!closed.is_empty());
    assert_eq!(all_ids("cease-fire"), closed);
    let airstrike = all_ids("airstrike");
    assert_eq!(all_ids("air-strike"), airstrike);
    // The open form finds the closed one, and more: the open spelling.
    assert!(all_ids("\"air strike\"").is_superset(&airstrike));
    assert!(all_ids("\"cease fire\"").is_superset(&closed));
    assert!(all_ids("air strike").is_superset(&all_ids("\"air strike\"")));
}

/// A word the analyzer drops is named, on stderr and in `--json`, never
/// dropped silently.
#[test]
fn a_dropped_word_is_named_in_a_note() {
    let json = search_json(&["the wagner"]);
    assert_eq!(
        json["notes"],
        serde_json::json!([r#"ignored "the" (stop word)"#])
    );
    sitrep_at(corpus_index())
        .args(["search", "wagner x", "-n", "1"])
        .assert()
        .success()
        .stderr(predicate::str::contains(
            r#"note: ignored "x" (single letters and digits are not indexed)"#,
        ));
}

/// A word that names a region (`syrian`: Syria) also finds the reports the
/// facets tag with it but that never write the word (a town, an actor):
/// `--explain` shows such a hit scored by the facet alone, and the snippet
/// marks only words the reader typed.
#[test]
fn a_word_naming_a_region_also_finds_reports_tagged_with_it() {
    let json = search_json(&["syrian", "-n", "1000", "--explain"]);
    let hits = json["hits"].as_array().unwrap();
    let by_facet_only: Vec<&serde_json::Value> = hits
        .iter()
        .filter(|hit| {
            let parts = &hit["explain"][0]["parts"];
            parts.as_array().is_some_and(|p| p.len() == 1) && parts[0]["part"] == "region Syria"
        })
        .collect();
    assert!(!by_facet_only.is_empty(), "no hit found by the facet alone");
    for hit in &by_facet_only {
        let regions = hit_regions(hit);
        assert!(regions.iter().any(|r| r.contains("/Syria")), "{regions:?}");
        for word in marked_words(hit) {
            assert!(word.to_lowercase().starts_with("syria"), "marked {word:?}");
        }
    }
    // The best hit has the word in its text as well as the facet.
    let first = &hits[0]["explain"][0]["parts"];
    assert!(first.as_array().unwrap().len() > 1, "{first}");
}

/// `--explain` breaks each hit's score into its words and their fields,
/// and the parts add up to the score: in `--json` and in the text output.
#[test]
fn explain_breaks_scores_into_words_and_fields() {
    let json = search_json(&["syrian civil war", "-n", "20", "--explain"]);
    let hits = json["hits"].as_array().unwrap();
    assert!(!hits.is_empty());
    for hit in hits {
        let score = hit["score"].as_f64().unwrap();
        let words = hit["explain"].as_array().unwrap();
        let sum: f64 = words.iter().map(|w| w["score"].as_f64().unwrap()).sum();
        assert!(
            (sum - score).abs() <= 1e-3 * score,
            "{sum} vs {score}: {hit}"
        );
        assert_eq!(words.len(), 3, "every word is required: {words:?}");
    }
    assert!(search_json(&["syrian civil war", "-n", "3"])["hits"][0]
        .get("explain")
        .is_none());
    sitrep_at(corpus_index())
        .args(["search", "syrian civil war", "-n", "3", "--explain"])
        .assert()
        .success()
        .stdout(predicate::str::contains("score: "))
        .stdout(predicate::str::contains("region Syria"));
    // Quickwit returns no scores: refused before any request (nothing listens on port 9).
    sitrep()
        .args([
            "search",
            "wagner",
            "--explain",
            "--quickwit",
            "http://127.0.0.1:9",
        ])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "--explain: breaks down BM25 scores",
        ));
}

/// The names a query's words are looked up in are the index's own table,
/// written by `sitrep index` from the gazetteer it enriched with: a search
/// reads it, not the gazetteer. An index without one is still searched,
/// by the words alone, with a note; the next `sitrep index` writes it.
#[test]
fn query_names_come_from_the_table_the_indexing_run_writes() {
    let tmp = tempfile::TempDir::new().unwrap();
    let index = tmp.path().join("idx");
    index_quietly(&index, &seed());
    let table = index.join("query-names.tsv");
    assert!(table.is_file(), "no table after indexing");
    let parts = |json: &serde_json::Value| -> Vec<String> {
        json["hits"][0]["explain"][0]["parts"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p["part"].as_str().unwrap().to_string())
            .collect()
    };
    let with = search_json_at(&index, &["malian", "--explain"]);
    assert!(parts(&with).contains(&"region Mali".to_string()), "{with}");
    assert!(with.get("notes").is_none(), "{with}");

    std::fs::remove_file(&table).unwrap();
    let without = search_json_at(&index, &["malian", "--explain"]);
    assert_eq!(without["total"], 1);
    assert!(!parts(&without).contains(&"region Mali".to_string()));
    let notes = without["notes"].to_string();
    assert!(
        notes.contains("no table of region and actor names"),
        "{notes}"
    );

    index_quietly(&index, &seed());
    assert!(table.is_file(), "the next run did not write the table");
    let again = search_json_at(&index, &["malian", "--explain"]);
    assert_eq!(parts(&again), parts(&with));
}

/// A word that is a year (`2022`) also finds the reports dated in it, as a
/// word naming a region finds the reports tagged with it: a hit found by
/// the date alone is of that year, `--explain` names the part `date 2022`,
/// and a year no report is dated in matches only its own text.
#[test]
fn a_year_also_finds_the_reports_dated_in_it() {
    let json = search_json(&["2022", "-n", "1000", "--explain"]);
    let hits = json["hits"].as_array().unwrap();
    let by_date_only: Vec<&serde_json::Value> = hits
        .iter()
        .filter(|hit| {
            let parts = &hit["explain"][0]["parts"];
            parts.as_array().is_some_and(|p| p.len() == 1) && parts[0]["part"] == "date 2022"
        })
        .collect();
    assert!(!by_date_only.is_empty(), "no hit found by the date alone");
    for hit in &by_date_only {
        let date = hit["date"].as_str().unwrap();
        assert!(date.starts_with("2022-"), "{date}: {hit}");
        assert!(marked_words(hit).is_empty(), "{hit}");
    }
    // Every report dated 2022 is found; a hit that also writes the year
    // ranks above those that do not.
    let ids = |json: &serde_json::Value| -> std::collections::BTreeSet<String> {
        json["hits"]
            .as_array()
            .unwrap()
            .iter()
            .map(|h| h["id"].as_str().unwrap().to_string())
            .collect()
    };
    let dated = search_json(&[
        "",
        "--from",
        "2022-01-01",
        "--to",
        "2022-12-31",
        "-n",
        "1000",
    ]);
    assert!(!ids(&dated).is_empty());
    assert!(ids(&json).is_superset(&ids(&dated)));
    assert!(hits[0]["explain"][0]["parts"].as_array().unwrap().len() > 1);
    let year_1901 = search_json(&["1901", "--explain"]);
    for hit in year_1901["hits"].as_array().unwrap() {
        assert!(
            !hit["explain"][0]["parts"][0]["part"]
                .as_str()
                .unwrap()
                .starts_with("date"),
            "{hit}"
        );
    }
}

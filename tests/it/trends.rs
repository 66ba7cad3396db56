//! `sitrep trends` through the binary: a fixture with known weekly counts
//! gives the flags ACLED's convention predicts (worked out by hand below),
//! the top region and actor series agree with filtered runs on the corpus,
//! `/api/trends` answers the `trends --json` object, and bad requests are
//! refused naming the flag.

use crate::common;

use std::path::Path;

use chrono::{Days, NaiveDate};
use common::batches::{corpus_by_date, write_jsonl};
use common::server::Server;
use common::*;
use serde_json::Value;
use tempfile::TempDir;

/// Reports per ISO week of the fixture, from the week of Monday 2020-01-06
/// (2020-W02). The expected levels of the weeks after the first 52 are in
/// [`EXPECTED`].
fn weekly_counts() -> Vec<usize> {
    let mut counts = vec![4; 48]; // weeks 0-47: a steady 4
    counts.extend([2, 2, 2, 2]); // 48-51
    counts.extend([5, 6, 4]); // 52-54
    counts.extend([1, 1, 1, 1, 3]); // 55-59
    counts.extend([0, 6, 5]); // 60-62
    counts
}

/// Week, its count, and the levels against the 4-week norm, the 52-week
/// norm and the one shown (the higher), worked out by hand:
const EXPECTED: &[(usize, u64, &str, &str, &str)] = &[
    // short mean 2 and 5 reports: the low-baseline rule; long mean
    // (48*4 + 4*2)/52 = 3.85, +30%.
    (52, 5, "none", "increase", "increase"),
    // short mean (2+2+2+5)/4 = 2.75, +118%; long mean (47*4 + 8 + 5)/52 = 3.87, +55%.
    (53, 6, "large increase", "increase", "large increase"),
    // short mean 3.75, +7%; long mean 3.90, +2%.
    (54, 4, "none", "none", "none"),
    // 1 -> 3 is +200% over the short mean of 1, but no alarm: a norm of 2 or
    // fewer and 5 or fewer reports; long mean 3.67, -18%.
    (59, 3, "none", "none", "none"),
    // 0 reports.
    (60, 0, "none", "none", "none"),
    // short mean (1+1+3+0)/4 = 1.25 but 6 reports: +380%; long mean 3.58, +68%.
    (61, 6, "large increase", "increase", "large increase"),
    // short mean (1+3+0+6)/4 = 2.5: 5 is +100%, not above it; long mean 3.62, +38%.
    (62, 5, "increase", "increase", "increase"),
];

/// An index of the fixture: the first real corpus articles, as many per
/// week as [`weekly_counts`] says, each re-dated to a day of its week
/// (spread over Monday to Sunday, so the week's edges are exercised). The
/// text is the corpus's own; only the dates are the fixture's.
fn fixture_index(dir: &Path) -> std::path::PathBuf {
    let monday = NaiveDate::from_ymd_opt(2020, 1, 6).unwrap();
    let mut articles = corpus_by_date().into_iter();
    let mut dated = Vec::new();
    for (week, count) in weekly_counts().into_iter().enumerate() {
        for i in 0..count {
            let mut article = articles.next().expect("enough corpus articles");
            let days = (week * 7 + (i * 3) % 7) as u64;
            article.date = monday + Days::new(days);
            dated.push(article);
        }
    }
    let input = dir.join("fixture");
    std::fs::create_dir_all(&input).unwrap();
    write_jsonl(&dated, &input.join("weeks.jsonl"));
    let index = dir.join("idx");
    index_quietly(&index, &input);
    index
}

/// `trends ARGS --json` on `index`, with its exit code.
fn trends_json(index: &Path, args: &[&str]) -> (i32, Value) {
    let out = sitrep_at(index)
        .arg("trends")
        .args(args)
        .arg("--json")
        .output()
        .unwrap();
    let code = out.status.code().unwrap_or(-1);
    assert!(
        code <= 1,
        "trends {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    (code, serde_json::from_slice(&out.stdout).expect("JSON"))
}

fn level(change: &Value) -> &str {
    change["level"].as_str().unwrap_or("no norm")
}

#[test]
fn known_weekly_counts_give_the_expected_flags() {
    let dir = TempDir::new().unwrap();
    let index = fixture_index(dir.path());
    let (code, json) = trends_json(&index, &["--top", "0"]);
    assert_eq!(code, 0);
    assert_eq!(json["by"], "week");
    assert_eq!(json["norms"], serde_json::json!([4, 52]));
    assert_eq!(
        (json["from"].as_str(), json["to"].as_str()),
        (Some("2020-W02"), Some("2021-W11"))
    );
    let series = json["series"].as_array().unwrap();
    assert_eq!(series.len(), 1, "--top 0: the total only");
    let points = series[0]["points"].as_array().unwrap();
    let counts: Vec<u64> = points
        .iter()
        .map(|p| p["count"].as_u64().unwrap())
        .collect();
    let expected_counts: Vec<u64> = weekly_counts().into_iter().map(|c| c as u64).collect();
    assert_eq!(
        counts, expected_counts,
        "one point per week, Monday to Sunday"
    );
    assert_eq!(series[0]["total"], expected_counts.iter().sum::<u64>());
    // No norm before the history reaches back far enough.
    for (week, point) in points.iter().enumerate() {
        assert_eq!(point["short"].is_null(), week < 4, "week {week}");
        assert_eq!(point["long"].is_null(), week < 52, "week {week}");
    }
    // The steady weeks and the fall to 2 are not flagged.
    for point in &points[..52] {
        assert_eq!(point["level"], "none", "{point}");
    }
    for &(week, count, short, long, shown) in EXPECTED {
        let point = &points[week];
        assert_eq!(point["count"], count, "week {week}");
        assert_eq!(
            (
                level(&point["short"]),
                level(&point["long"]),
                point["level"].as_str().unwrap()
            ),
            (short, long, shown),
            "week {week}: {point}"
        );
    }
    assert_eq!(points[53]["short"]["percent"], 118.2);
    assert_eq!(points[53]["short"]["mean"], 2.75);
    assert_eq!(points[62]["short"]["percent"], 100.0);
    let flagged: Vec<&str> = points
        .iter()
        .filter(|p| p["level"] != "none")
        .map(|p| p["period"].as_str().unwrap())
        .collect();
    // 2020 has 53 ISO weeks: week 52 of the fixture is 2021-W01.
    assert_eq!(flagged, ["2021-W01", "2021-W02", "2021-W10", "2021-W11"]);
}

#[test]
fn dates_choose_the_periods_shown_but_norms_look_back_before_them() {
    let dir = TempDir::new().unwrap();
    let index = fixture_index(dir.path());
    // Week 53 is 2021-W02 (11-17 January 2021); a --from inside it shows it
    // whole, and --to 2021-01 ends on Sunday 31 January, in 2021-W04.
    let (_, json) = trends_json(
        &index,
        &["--top", "0", "--from", "2021-01-13", "--to", "2021-01"],
    );
    let points = json["series"][0]["points"].as_array().unwrap();
    let periods: Vec<&str> = points
        .iter()
        .map(|p| p["period"].as_str().unwrap())
        .collect();
    assert_eq!(periods, ["2021-W02", "2021-W03", "2021-W04"]);
    assert_eq!(
        points[0]["level"], "large increase",
        "measured against the weeks before --from"
    );
    assert_eq!(points[0]["start"], "2021-01-11");
    assert_eq!(points[0]["end"], "2021-01-17");
    // Dates outside the index: nothing to show, exit 1.
    let (code, json) = trends_json(&index, &["--from", "2024"]);
    assert_eq!(code, 1);
    assert_eq!(json["series"], serde_json::json!([]));
    // By month: every report counted once, months without a gap.
    let (_, json) = trends_json(&index, &["--top", "0", "--by", "month"]);
    assert_eq!(json["norms"], serde_json::json!([1, 12]));
    let months = json["series"][0]["points"].as_array().unwrap();
    let total: u64 = months.iter().map(|p| p["count"].as_u64().unwrap()).sum();
    assert_eq!(total, weekly_counts().iter().sum::<usize>() as u64);
    assert_eq!(months[0]["period"], "2020-01");
    assert_eq!(months.last().unwrap()["period"], "2021-03");
    assert_eq!(months.len(), 15);
}

#[test]
fn top_series_count_what_a_filter_on_them_counts() {
    let (code, json) = trends_json(corpus_index(), &["attack", "--top", "2", "--by", "month"]);
    assert_eq!(code, 0);
    let series = json["series"].as_array().unwrap();
    let kinds: Vec<&str> = series.iter().map(|s| s["kind"].as_str().unwrap()).collect();
    assert_eq!(kinds, ["all", "region", "region", "actor", "actor"]);
    assert!(
        series[1]["total"].as_u64() >= series[2]["total"].as_u64(),
        "largest first"
    );
    for one in &series[1..] {
        let flag = if one["kind"] == "region" {
            "--region"
        } else {
            "--actor"
        };
        let path = one["path"].as_str().unwrap();
        let (_, filtered) = trends_json(
            corpus_index(),
            &["attack", flag, path, "--top", "0", "--by", "month"],
        );
        assert_eq!(filtered["series"][0]["points"], one["points"], "{path}");
        assert!(one["total"].as_u64().unwrap() > 0, "{path}");
    }
    // The total agrees with search.
    let all_months = series[0]["total"].as_u64().unwrap();
    assert_eq!(
        all_months,
        search_json(&["attack", "-n", "0"])["total"]
            .as_u64()
            .unwrap()
    );
}

#[test]
fn text_output_names_the_convention_and_the_flagged_periods() {
    let dir = TempDir::new().unwrap();
    let index = fixture_index(dir.path());
    let out = sitrep_at(&index)
        .args(["trends", "--top", "0"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.starts_with("trends of all reports by week, 2020-W02 to 2021-W11"),
        "{text}"
    );
    assert!(
        text.contains("increase > +25%, large increase > +100%"),
        "{text}"
    );
    assert!(
        text.contains("all matching reports: 233 reports in 63 weeks, 4 flagged"),
        "{text}"
    );
    assert!(
        text.contains("2021-W02      6  large increase  +118.2% on the 4 weeks before (mean 2.75), +55.2% on the 52 weeks before (mean 3.87)"),
        "{text}"
    );
    // The latest week, flagged here; an unflagged one is shown as `latest`.
    assert!(text.contains("2021-W11      5  increase"), "{text}");
}

#[test]
fn bad_requests_are_refused_naming_the_flag() {
    for (args, flag) in [
        (
            vec!["trends", "--quickwit", "http://127.0.0.1:9"],
            "--quickwit",
        ),
        (vec!["trends", "--region", "atlantis"], "--region"),
        (vec!["trends", "--from", "2021-13"], "--from"),
        (vec!["trends", "--from", "2022", "--to", "2021"], "--from"),
        (vec!["trends", "\"unclosed"], "query"),
    ] {
        let out = sitrep_at(corpus_index())
            .args(&args)
            .arg("--json")
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let json: Value = serde_json::from_slice(&out.stdout).unwrap();
        assert_eq!(json["flag"], flag, "{args:?}: {json}");
    }
    let out = sitrep_at(corpus_index())
        .args(["trends", "--top", "51"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let out = sitrep_at(corpus_index())
        .args(["trends", "--by", "day"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn the_api_answers_the_trends_json_object() {
    let server = Server::start(corpus_index());
    let mut api = server.json("/api/trends?q=attack&region=mali&by=month&top=3", 200);
    let (_, mut cli) = trends_json(
        corpus_index(),
        &["attack", "--region", "mali", "--by", "month", "--top", "3"],
    );
    for json in [&mut api, &mut cli] {
        json.as_object_mut().unwrap().remove("took_ms");
    }
    assert_eq!(api, cli);
    assert_eq!(server.json("/api/trends?top=99", 400)["parameter"], "top");
    assert_eq!(server.json("/api/trends?by=year", 400)["parameter"], "by");
}

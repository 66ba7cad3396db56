//! Trends: how many reports match per week or month, for all of them and for
//! the top regions and actors, with the periods that rise above their norm
//! flagged as ACLED's early-warning tools flag them.
//!
//! The convention (ACLED Trendfinder, formerly the Early Warning Dashboard:
//! the Country Change Level map and the Subnational Surge and Threat
//! Trackers, <https://acleddata.com/trendfinder/>):
//! - a period is compared with two norms, the mean of the 4 weeks before it
//!   ("previous month") and the mean of the 52 weeks before it ("previous
//!   year"); by month, the same spans are the month before and the 12 before;
//! - a rise of more than 25% over a norm is an *increase* (the Country
//!   Change Level map's top category, "greater than a 25% increase") and a
//!   rise of more than 100% a *large increase* (the Subnational Surge and
//!   Threat Trackers' doubling; they say "100% or more", sitrep follows its
//!   issue 22 and flags only what is above +100%, so exactly twice the norm
//!   is an increase); a period takes the higher of its two levels;
//! - small counts: a period whose norm averages 2 reports or fewer and which
//!   has 5 reports or fewer is not flagged against that norm, the Change
//!   Level map's rule "to account for low baseline activity" (countries with
//!   two events or fewer on average in the previous month/year and five or
//!   fewer in the current week are "limited change"). So 1 -> 3 (+200%) is no
//!   alarm, while 0 -> 6 or 4 -> 6 are; a rise from nothing to more than 5
//!   has no percentage and is a large increase.
//!
//! A norm needs its whole window inside the index's dates (no period is
//! counted as 0 because the index does not reach back that far), so the
//! first 4 (52) periods of an index have no short (long) norm. The norms look
//! back before `--from`: dates restrict which periods are shown, not the
//! history they are measured against.

use std::collections::HashMap;
use std::time::Instant;

use chrono::{DateTime, Datelike, Days, Months, NaiveDate};
use serde::Serialize;
use tantivy::collector::{Collector, SegmentCollector};
use tantivy::columnar::Column;
use tantivy::query::{BooleanQuery, Occur, Query, TermQuery};
use tantivy::schema::{Facet, IndexRecordOption};
use tantivy::{DocId, Score, Searcher, SegmentOrdinal, SegmentReader, Term};

use crate::error::{Arg, Error, Result};
use crate::facets::{facet_tree, FacetCount, FacetField};
use crate::index::{FieldName, SitrepIndex};
use crate::query::{compile_query, Filters};
use crate::search::{date_bounds, millis_since};

/// A norm of at most this mean count...
pub const LOW_BASELINE_MEAN: f64 = 2.0;
/// ...and a period of at most this many reports are not flagged (ACLED).
pub const LOW_BASELINE_COUNT: u64 = 5;
/// More than this rise over a norm is an increase.
pub const INCREASE: f64 = 0.25;
/// More than this rise over a norm is a large increase.
pub const LARGE_INCREASE: f64 = 1.0;
/// Most top regions and actors a request may ask for.
pub const MAX_TOP: usize = 50;

/// How reports are counted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Period {
    /// ISO weeks, Monday to Sunday: ACLED's unit.
    #[default]
    Week,
    /// Calendar months.
    Month,
}

impl Period {
    /// `week` or `month`.
    pub fn name(self) -> &'static str {
        match self {
            Period::Week => "week",
            Period::Month => "month",
        }
    }

    /// The spans of the short and long norms, in periods: 4 and 52 weeks, or
    /// the month and the 12 months before.
    pub fn norms(self) -> (usize, usize) {
        match self {
            Period::Week => (4, 52),
            Period::Month => (1, 12),
        }
    }

    /// A running number of the period holding `day` (weeks from a Monday,
    /// months from year 0), so consecutive periods are consecutive numbers.
    fn number(self, day: NaiveDate) -> i64 {
        match self {
            Period::Week => i64::from(day.num_days_from_ce() - 1).div_euclid(7),
            Period::Month => i64::from(day.year()) * 12 + i64::from(day.month0()),
        }
    }

    /// The first day of period `number`.
    fn start(self, number: i64) -> NaiveDate {
        match self {
            Period::Week => NaiveDate::from_num_days_from_ce_opt((number * 7 + 1) as i32)
                .unwrap_or(NaiveDate::MIN),
            Period::Month => NaiveDate::from_ymd_opt(
                number.div_euclid(12) as i32,
                number.rem_euclid(12) as u32 + 1,
                1,
            )
            .unwrap_or(NaiveDate::MIN),
        }
    }

    /// `2021-W38` or `2021-09`.
    fn label(self, number: i64) -> String {
        let start = self.start(number);
        match self {
            Period::Week => {
                let week = start.iso_week();
                format!("{}-W{:02}", week.year(), week.week())
            }
            Period::Month => start.format("%Y-%m").to_string(),
        }
    }

    /// The last day of period `number`.
    fn end(self, number: i64) -> NaiveDate {
        match self {
            Period::Week => self.start(number) + Days::new(6),
            Period::Month => self.start(number) + Months::new(1) - Days::new(1),
        }
    }
}

/// Top regions and top actors that get a series when the request does not say.
pub const DEFAULT_TOP: usize = 5;

/// What `sitrep trends` and `/api/trends` ask.
#[derive(Debug, Clone, Default)]
pub struct TrendsRequest {
    /// The query; empty matches everything.
    pub query: String,
    /// Filters; the dates choose the periods shown, not the history the
    /// norms are measured on.
    pub filters: Filters,
    /// Weeks or months.
    pub by: Period,
    /// How many top regions (countries) and top actors get a series of their own.
    pub top: usize,
}

impl TrendsRequest {
    /// Checks what every front end must refuse before counting: more top
    /// series than [`MAX_TOP`], a date range that ends before it starts. The
    /// query text is checked when it is parsed.
    pub fn validate(&self) -> Result<()> {
        if self.top > MAX_TOP {
            return Err(Error::bad(
                Arg::Top,
                format!("{} is too many: at most {MAX_TOP}", self.top),
            ));
        }
        self.filters.check_dates()
    }
}

/// How a period compares with its norms.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    /// Not flagged.
    #[serde(rename = "none")]
    Normal,
    /// More than +25% over a norm.
    Increase,
    /// More than +100% over a norm.
    #[serde(rename = "large increase")]
    LargeIncrease,
}

impl Level {
    /// The words shown: `increase`, `large increase`.
    pub fn words(self) -> &'static str {
        match self {
            Level::Normal => "none",
            Level::Increase => "increase",
            Level::LargeIncrease => "large increase",
        }
    }
}

/// One period compared with one norm.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Change {
    /// The mean count of the periods before.
    pub mean: f64,
    /// (count - mean) / mean, in percent; `null` when the mean is 0.
    pub percent: Option<f64>,
    /// The level this comparison gives.
    pub level: Level,
}

/// One period of a series.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Point {
    /// `2021-W38` or `2021-09`.
    pub period: String,
    /// Its first day, `YYYY-MM-DD`.
    pub start: String,
    /// Its last day.
    pub end: String,
    /// Matching reports.
    pub count: u64,
    /// Against the short norm (4 weeks, or the month before), when the index
    /// reaches back that far.
    pub short: Option<Change>,
    /// Against the long norm (52 weeks, or 12 months).
    pub long: Option<Change>,
    /// The higher of the two levels.
    pub level: Level,
}

/// What a series counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum SeriesKind {
    /// Every report the query and filters match.
    All,
    /// Those of them about one country.
    Region,
    /// Those of them naming one actor.
    Actor,
}

/// The counts of all matching reports, or of those naming one region or actor.
#[derive(Debug, Clone, Serialize)]
pub struct Series {
    /// `all`, `region` or `actor`.
    pub kind: SeriesKind,
    /// The facet path (`/Africa/Western Africa/Mali`); `/` for all.
    pub path: String,
    /// The name shown.
    pub label: String,
    /// Reports in the periods shown.
    pub total: u64,
    /// One point per period shown, oldest first.
    pub points: Vec<Point>,
}

impl Series {
    /// The flagged periods.
    pub fn flagged(&self) -> impl Iterator<Item = &Point> {
        self.points.iter().filter(|p| p.level != Level::Normal)
    }
}

/// The answer: `trends --json` and `/api/trends`.
#[derive(Debug, Clone, Serialize)]
pub struct Trends {
    /// The query as given.
    pub query: String,
    /// `week` or `month`.
    pub by: Period,
    /// The short and long norms, in periods.
    pub norms: [usize; 2],
    /// First and last period shown (empty when nothing is indexed).
    pub from: String,
    /// Last period shown.
    pub to: String,
    /// Time spent, in milliseconds.
    pub took_ms: f64,
    /// All matching reports first, then the top regions, then the top actors.
    pub series: Vec<Series>,
}

/// Counts the reports `request` matches per period and flags the rises.
pub fn trends(index: &SitrepIndex, searcher: &Searcher, request: &TrendsRequest) -> Result<Trends> {
    let started = Instant::now();
    request.validate()?;
    let by = request.by;
    let (short, long) = by.norms();
    let mut answer = Trends {
        query: request.query.clone(),
        by,
        norms: [short, long],
        from: String::new(),
        to: String::new(),
        took_ms: 0.0,
        series: Vec::new(),
    };
    // The whole history, for the norms; the filters' dates pick what is shown.
    let undated = Filters {
        from: None,
        to: None,
        ..request.filters.clone()
    };
    let compiled = compile_query(index, searcher, &request.query, &undated)?;
    let Some(shown) = date_bounds(searcher)?.and_then(|(first, last)| {
        let history = (by.number(day(first)), by.number(day(last)));
        let from = request.filters.from.map_or(history.0, |d| by.number(d));
        let to = request.filters.to.map_or(history.1, |d| by.number(d));
        let shown = Shown {
            history,
            from: from.clamp(history.0, history.1),
            to: to.clamp(history.0, history.1),
        };
        (from <= history.1 && to >= history.0 && from <= to).then_some(shown)
    }) else {
        answer.took_ms = millis_since(started);
        return Ok(answer);
    };
    answer.from = by.label(shown.from);
    answer.to = by.label(shown.to);
    let counter = PeriodCounter {
        by,
        first: shown.history.0,
        len: (shown.history.1 - shown.history.0 + 1) as usize,
    };
    let all = searcher.search(compiled.query.as_ref(), &counter)?;
    answer.series.push(series_of(
        by,
        &shown,
        SeriesKind::All,
        "/".to_string(),
        "all matching reports".to_string(),
        &all,
    ));
    if request.top > 0 {
        // The top values of the periods shown, with the filters' dates.
        let dated = compile_query(index, searcher, &request.query, &request.filters)?;
        for (kind, field) in [
            (SeriesKind::Region, FacetField::Region),
            (SeriesKind::Actor, FacetField::Actor),
        ] {
            let depth = field.default_depth();
            let tree = facet_tree(index, searcher, &dated, field, &Facet::root(), depth, None)?;
            for node in top_nodes(&tree, depth, request.top) {
                let facet = Facet::from_text(&node.path)
                    .map_err(|e| Error::bad(Arg::Query, e.to_string()))?;
                let only: Box<dyn Query> = Box::new(TermQuery::new(
                    Term::from_facet(field.field(index), &facet),
                    IndexRecordOption::Basic,
                ));
                let both = BooleanQuery::new(vec![
                    (Occur::Must, compiled.query.box_clone()),
                    (Occur::Must, only),
                ]);
                let counts = searcher.search(&both, &counter)?;
                answer.series.push(series_of(
                    by,
                    &shown,
                    kind,
                    node.path.clone(),
                    node.label.clone(),
                    &counts,
                ));
            }
        }
    }
    answer.took_ms = millis_since(started);
    Ok(answer)
}

/// The day of a date fast field's seconds.
fn day(secs: i64) -> NaiveDate {
    DateTime::from_timestamp(secs, 0).map_or(NaiveDate::MIN, |d| d.date_naive())
}

/// The periods of the index's history (the first and last holding a
/// report), and those shown, within it.
struct Shown {
    history: (i64, i64),
    from: i64,
    to: i64,
}

/// The `top` largest nodes `depth` levels down (countries, actors), largest
/// first, then by name.
fn top_nodes(tree: &[FacetCount], depth: usize, top: usize) -> Vec<&FacetCount> {
    fn at_depth<'t>(nodes: &'t [FacetCount], depth: usize, out: &mut Vec<&'t FacetCount>) {
        for node in nodes {
            if depth <= 1 {
                out.push(node);
            } else {
                at_depth(&node.children, depth - 1, out);
            }
        }
    }
    let mut nodes = Vec::new();
    at_depth(tree, depth, &mut nodes);
    nodes.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.label.cmp(&b.label)));
    nodes.truncate(top);
    nodes
}

/// The points of the periods shown, from the counts of every period of the
/// history.
fn series_of(
    by: Period,
    shown: &Shown,
    kind: SeriesKind,
    path: String,
    label: String,
    counts: &[u64],
) -> Series {
    let (short, long) = by.norms();
    let points: Vec<Point> = (shown.from..=shown.to)
        .map(|number| {
            let at = (number - shown.history.0) as usize;
            let count = counts[at];
            let short = compare(counts, at, short, count);
            let long = compare(counts, at, long, count);
            let level = [short, long]
                .iter()
                .flatten()
                .map(|c| c.level)
                .max()
                .unwrap_or(Level::Normal);
            Point {
                period: by.label(number),
                start: by.start(number).to_string(),
                end: by.end(number).to_string(),
                count,
                short,
                long,
                level,
            }
        })
        .collect();
    Series {
        kind,
        path,
        label,
        total: points.iter().map(|p| p.count).sum(),
        points,
    }
}

/// Period `at` (with `count` reports) against the mean of the `span`
/// periods before it; `None` when the history does not reach back that far.
pub fn compare(counts: &[u64], at: usize, span: usize, count: u64) -> Option<Change> {
    if at < span {
        return None;
    }
    let mean = counts[at - span..at].iter().sum::<u64>() as f64 / span as f64;
    let rise = if mean > 0.0 {
        Some((count as f64 - mean) / mean)
    } else {
        None
    };
    let low_baseline = mean <= LOW_BASELINE_MEAN && count <= LOW_BASELINE_COUNT;
    let level = match rise {
        _ if low_baseline => Level::Normal,
        None if count > 0 => Level::LargeIncrease,
        Some(r) if r > LARGE_INCREASE => Level::LargeIncrease,
        Some(r) if r > INCREASE => Level::Increase,
        _ => Level::Normal,
    };
    Some(Change {
        mean: (mean * 100.0).round() / 100.0,
        percent: rise.map(|r| (r * 1000.0).round() / 10.0),
        level,
    })
}

/// Counts matching documents per period over the index's history.
struct PeriodCounter {
    by: Period,
    /// The period number of index 0.
    first: i64,
    len: usize,
}

struct SegmentPeriods {
    by: Period,
    first: i64,
    dates: Column<tantivy::DateTime>,
    counts: Vec<u64>,
    /// Period numbers of days already seen: most documents share a few days.
    days: HashMap<i64, usize>,
}

impl Collector for PeriodCounter {
    type Fruit = Vec<u64>;
    type Child = SegmentPeriods;

    fn for_segment(
        &self,
        _: SegmentOrdinal,
        segment: &SegmentReader,
    ) -> tantivy::Result<SegmentPeriods> {
        Ok(SegmentPeriods {
            by: self.by,
            first: self.first,
            dates: segment.fast_fields().date(FieldName::Date.name())?,
            counts: vec![0; self.len],
            days: HashMap::new(),
        })
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(&self, fruits: Vec<Vec<u64>>) -> tantivy::Result<Vec<u64>> {
        let mut total = vec![0; self.len];
        for fruit in fruits {
            total.iter_mut().zip(fruit).for_each(|(t, c)| *t += c);
        }
        Ok(total)
    }
}

impl SegmentCollector for SegmentPeriods {
    type Fruit = Vec<u64>;

    fn collect(&mut self, doc: DocId, _: Score) {
        let Some(date) = self.dates.first(doc) else {
            return;
        };
        let secs = date.into_timestamp_secs();
        let (by, first) = (self.by, self.first);
        let at = *self
            .days
            .entry(secs)
            .or_insert_with(|| usize::try_from(by.number(day(secs)) - first).unwrap_or(usize::MAX));
        if let Some(slot) = self.counts.get_mut(at) {
            *slot += 1;
        }
    }

    fn harvest(self) -> Vec<u64> {
        self.counts
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn levels(counts: &[u64], span: usize) -> Vec<Option<Level>> {
        (0..counts.len())
            .map(|at| compare(counts, at, span, counts[at]).map(|c| c.level))
            .collect()
    }

    #[test]
    fn rises_are_flagged_against_the_mean_of_the_periods_before() {
        use Level::*;
        // 4-week norm: mean 10; +20% none, +30% increase, +100% large.
        let weeks = [10, 10, 10, 10, 12, 13, 20];
        let got = levels(&weeks, 4);
        assert_eq!(got[..4], [None, None, None, None]);
        assert_eq!(got[4], Some(Normal), "+20%");
        // mean of 10,10,10,12 = 10.5: 13 is +23.8%.
        assert_eq!(got[5], Some(Normal));
        // mean of 10,10,12,13 = 11.25: 20 is +77.8%.
        assert_eq!(got[6], Some(Increase));
        assert_eq!(levels(&[5, 5, 5, 5, 11], 4)[4], Some(LargeIncrease));
        // Exactly twice the norm is +100%, not above it.
        assert_eq!(levels(&[5, 5, 5, 5, 10], 4)[4], Some(Increase));
        // Exactly +25% is not above it either.
        assert_eq!(levels(&[4, 4, 4, 4, 5], 4)[4], Some(Normal));
        assert_eq!(
            levels(&[4, 4, 4, 4, 6], 4)[4],
            Some(Increase),
            "+50% of a norm above 2"
        );
    }

    #[test]
    fn small_counts_are_no_alarm_but_new_activity_is() {
        use Level::*;
        // 1 -> 3 is +200%, but the norm is at most 2 and the count at most 5.
        assert_eq!(levels(&[1, 1, 1, 1, 3], 4)[4], Some(Normal));
        assert_eq!(levels(&[2, 2, 2, 2, 5], 4)[4], Some(Normal));
        assert_eq!(levels(&[0, 0, 0, 0, 5], 4)[4], Some(Normal));
        // Six reports where there were none or one: flagged.
        assert_eq!(levels(&[0, 0, 0, 0, 6], 4)[4], Some(LargeIncrease));
        assert_eq!(levels(&[1, 1, 1, 1, 6], 4)[4], Some(LargeIncrease));
        let c = compare(&[0, 0, 0, 0, 6], 4, 4, 6).unwrap();
        assert_eq!((c.mean, c.percent), (0.0, None));
    }

    #[test]
    fn periods_are_iso_weeks_and_calendar_months() {
        let day = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap();
        let w = Period::Week;
        // 2021-09-27 is a Monday: its week starts there and holds the Sunday after.
        assert_eq!(w.start(w.number(day(2021, 9, 27))), day(2021, 9, 27));
        assert_eq!(w.number(day(2021, 10, 3)), w.number(day(2021, 9, 27)));
        assert_eq!(w.number(day(2021, 10, 4)), w.number(day(2021, 9, 27)) + 1);
        assert_eq!(w.label(w.number(day(2021, 9, 29))), "2021-W39");
        assert_eq!(w.label(w.number(day(2021, 1, 1))), "2020-W53");
        let m = Period::Month;
        assert_eq!(m.number(day(2022, 1, 5)), m.number(day(2021, 12, 31)) + 1);
        assert_eq!(m.label(m.number(day(2021, 9, 5))), "2021-09");
        assert_eq!(m.end(m.number(day(2024, 2, 5))), day(2024, 2, 29));
        assert_eq!(w.end(w.number(day(2021, 9, 29))), day(2021, 10, 3));
    }
}

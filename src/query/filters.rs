//! Filters: date ranges (`--from`/`--to`, inclusive, at day, month or year
//! precision) and facet filters (`--region`, `--actor`). Names are resolved
//! to facets through the gazetteer by [`resolve_all`] before they get here,
//! so a search without facet filters never loads the gazetteer.

use std::ops::Bound;

use chrono::{Months, NaiveDate};
use serde::{Deserialize, Serialize};
use tantivy::query::{BooleanQuery, ConstScoreQuery, Occur, Query, RangeQuery, TermQuery};
use tantivy::schema::{Facet, IndexRecordOption};
use tantivy::Term;

use crate::enrich::{Dimension, Gazetteer};
use crate::error::{Arg, Error, Result};
use crate::index::{day_start, Fields};

/// Restrictions on which documents a query may return.
#[derive(Debug, Default, Clone)]
pub struct Filters {
    /// First day included.
    pub from: Option<NaiveDate>,
    /// Last day included.
    pub to: Option<NaiveDate>,
    /// Region facets; several mean OR.
    pub regions: Vec<Facet>,
    /// Actor facets; several mean OR.
    pub actors: Vec<Facet>,
}

/// Filters as the user typed them: dates and region/actor names, before they
/// are checked. What a saved search keeps (a name resolves again through
/// the gazetteer of the day), and what [`FilterSpec::resolve`] turns into
/// [`Filters`] for every front end.
#[derive(Debug, Default, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FilterSpec {
    /// `--from`: `YYYY`, `YYYY-MM` or `YYYY-MM-DD`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from: Option<String>,
    /// `--to`, inclusive.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub to: Option<String>,
    /// `--region` names, aliases or facet paths; several mean OR.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub regions: Vec<String>,
    /// `--actor` names, aliases, kinds or facet paths; several mean OR.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub actors: Vec<String>,
}

impl FilterSpec {
    /// Whether no filter is given.
    pub fn is_empty(&self) -> bool {
        self == &FilterSpec::default()
    }

    /// Parses the dates and resolves the names; `gazetteer` is called only
    /// when there are names to resolve (loading it costs more than a search).
    pub fn resolve<'g>(
        &self,
        gazetteer: impl FnOnce() -> Result<&'g Gazetteer>,
    ) -> Result<Filters> {
        let date = |text: &Option<String>, bound| {
            text.as_deref()
                .map(|d| parse_date_bound(d, bound))
                .transpose()
        };
        let mut filters = Filters {
            from: date(&self.from, Arg::From)?,
            to: date(&self.to, Arg::To)?,
            ..Filters::default()
        };
        filters.check_dates()?;
        if !self.regions.is_empty() || !self.actors.is_empty() {
            let gazetteer = gazetteer()?;
            filters.regions = resolve_all(gazetteer, Dimension::Region, &self.regions)?;
            filters.actors = resolve_all(gazetteer, Dimension::Actor, &self.actors)?;
        }
        Ok(filters)
    }

    /// The filters as command-line flags, quoted for a shell where needed
    /// (`--region mali --from 2021-09`): how a saved search is shown.
    pub fn to_flags(&self) -> String {
        let mut words = Vec::new();
        for (flag, values) in [
            ("--from", self.from.iter().collect::<Vec<_>>()),
            ("--to", self.to.iter().collect()),
            ("--region", self.regions.iter().collect()),
            ("--actor", self.actors.iter().collect()),
        ] {
            for value in values {
                words.push(flag.to_string());
                words.push(
                    shlex::try_quote(value).map_or_else(|_| value.clone(), |q| q.into_owned()),
                );
            }
        }
        words.join(" ")
    }
}

/// Parses `YYYY`, `YYYY-MM` or `YYYY-MM-DD` into the first day of that
/// period for [`Arg::From`], or the last day for [`Arg::To`] (`--to 2021-09`
/// means through 30 September).
pub fn parse_date_bound(text: &str, bound: Arg) -> Result<NaiveDate> {
    let end = bound == Arg::To;
    let bad = |why: &str| {
        Error::bad(
            bound,
            format!(
                "`{text}` {why}: use YYYY, YYYY-MM or YYYY-MM-DD (e.g. 2021, 2021-09, 2021-09-27)"
            ),
        )
    };
    let parts: Vec<&str> = text.trim().split('-').collect();
    let numbers: Vec<u32> = parts
        .iter()
        .map(|p| p.parse::<u32>())
        .collect::<std::result::Result<_, _>>()
        .map_err(|_| bad("is not a date"))?;
    let widths_ok = parts.iter().zip([4, 2, 2]).all(|(p, w)| p.len() == w);
    if !widths_ok || parts.len() > 3 {
        return Err(bad("is not a date"));
    }
    let year = i32::try_from(numbers[0]).map_err(|_| bad("is not a date"))?;
    let month = numbers.get(1).copied();
    let start = NaiveDate::from_ymd_opt(
        year,
        month.unwrap_or(1),
        numbers.get(2).copied().unwrap_or(1),
    )
    .ok_or_else(|| bad("is not a real day"))?;
    if !end {
        return Ok(start);
    }
    let last = match (parts.len(), month) {
        (1, _) => NaiveDate::from_ymd_opt(year, 12, 31),
        (2, _) => start
            .checked_add_months(Months::new(1))
            .and_then(|d| d.pred_opt()),
        _ => Some(start),
    };
    last.ok_or_else(|| bad("is out of range"))
}

impl Filters {
    /// Refuses a date range that ends before it starts.
    pub fn check_dates(&self) -> Result<()> {
        match (self.from, self.to) {
            (Some(from), Some(to)) if from > to => Err(Error::bad(
                Arg::From,
                format!("{from} is after --to {to}: nothing can match"),
            )),
            _ => Ok(()),
        }
    }

    /// The active filters in words, for a header: `region Mali or Niger,
    /// actor Wagner Group, 2021-09-01 to 2021-12-31`; `None` without filters.
    pub fn describe(&self) -> Option<String> {
        let mut parts = Vec::new();
        for (dimension, facets) in [("region", &self.regions), ("actor", &self.actors)] {
            if !facets.is_empty() {
                let names: Vec<String> = facets
                    .iter()
                    .map(|f| {
                        let path = f.to_string();
                        path.rsplit('/').next().unwrap_or(&path).to_string()
                    })
                    .collect();
                parts.push(format!("{dimension} {}", names.join(" or ")));
            }
        }
        match (self.from, self.to) {
            (Some(from), Some(to)) => parts.push(format!("{from} to {to}")),
            (Some(from), None) => parts.push(format!("from {from}")),
            (None, Some(to)) => parts.push(format!("to {to}")),
            (None, None) => {}
        }
        (!parts.is_empty()).then(|| parts.join(", "))
    }

    /// The filter queries to AND with the text query. They do not score:
    /// wrapped at zero, they restrict the hits without reordering them.
    pub fn queries(&self, fields: &Fields) -> Result<Vec<Box<dyn Query>>> {
        let mut out: Vec<Box<dyn Query>> = Vec::new();
        self.check_dates()?;
        if self.from.is_some() || self.to.is_some() {
            out.push(Box::new(date_range(fields, self.from, self.to)));
        }
        for (field, facets) in [(fields.region, &self.regions), (fields.actor, &self.actors)] {
            if facets.is_empty() {
                continue;
            }
            let clauses = facets
                .iter()
                .map(|f| {
                    let q: Box<dyn Query> = Box::new(TermQuery::new(
                        Term::from_facet(field, f),
                        IndexRecordOption::Basic,
                    ));
                    (Occur::Should, q)
                })
                .collect();
            out.push(Box::new(BooleanQuery::new(clauses)));
        }
        Ok(out
            .into_iter()
            .map(|q| Box::new(ConstScoreQuery::new(q, 0.0)) as Box<dyn Query>)
            .collect())
    }
}

/// Resolves every name given for one dimension's filter; an unknown name is
/// an error that suggests close matches.
pub fn resolve_all(
    gazetteer: &Gazetteer,
    dimension: Dimension,
    names: &[String],
) -> Result<Vec<Facet>> {
    let arg = match dimension {
        Dimension::Region => Arg::Region,
        Dimension::Actor => Arg::Actor,
    };
    let mut facets = Vec::new();
    for name in names {
        // A facet path as `sitrep facets --json` prints it: also the way to
        // name an actor the gazetteer lacks (`/person/Ned Lamont`).
        if name.starts_with('/') {
            let facet = Facet::from_text(name)
                .map_err(|e| Error::bad(arg, format!("bad facet path `{name}`: {e}")))?;
            facets.push(facet);
            continue;
        }
        match gazetteer.resolve(dimension, name) {
            Some(paths) => facets.extend(paths.iter().map(Facet::from_path)),
            None => {
                let suggestions = gazetteer.suggest(dimension, name, 3);
                let hint = if suggestions.is_empty() {
                    String::new()
                } else {
                    format!(
                        "; did you mean {}?",
                        suggestions
                            .iter()
                            .map(|s| format!("`{s}`"))
                            .collect::<Vec<_>>()
                            .join(", ")
                    )
                };
                return Err(Error::bad(
                    arg,
                    format!(
                        "unknown {} `{name}`{hint} (`sitrep facets --field {} --json` lists \
                         them with their paths; a path such as `{}` is taken as it is)",
                        dimension.field_name(),
                        dimension.field_name(),
                        match dimension {
                            Dimension::Region => "/Africa/Western Africa/Mali",
                            Dimension::Actor => "/person/Ned Lamont",
                        }
                    ),
                ));
            }
        }
    }
    facets.dedup();
    Ok(facets)
}

fn date_range(fields: &Fields, from: Option<NaiveDate>, to: Option<NaiveDate>) -> RangeQuery {
    let lower = from.map_or(Bound::Unbounded, |d| {
        Bound::Included(Term::from_field_date(fields.date, day_start(d)))
    });
    let upper = to.and_then(|d| d.succ_opt()).map_or(Bound::Unbounded, |d| {
        Bound::Excluded(Term::from_field_date(fields.date, day_start(d)))
    });
    RangeQuery::new(lower, upper)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn bounds_cover_whole_periods() {
        assert_eq!(
            parse_date_bound("2021", Arg::From).unwrap(),
            day(2021, 1, 1)
        );
        assert_eq!(
            parse_date_bound("2021", Arg::To).unwrap(),
            day(2021, 12, 31)
        );
        assert_eq!(
            parse_date_bound("2021-09", Arg::To).unwrap(),
            day(2021, 9, 30)
        );
        assert_eq!(
            parse_date_bound("2024-02", Arg::To).unwrap(),
            day(2024, 2, 29)
        );
        assert_eq!(
            parse_date_bound("2021-09-27", Arg::To).unwrap(),
            day(2021, 9, 27)
        );
        assert_eq!(
            parse_date_bound("2021-12", Arg::From).unwrap(),
            day(2021, 12, 1)
        );
    }

    #[test]
    fn bad_dates_name_the_flag() {
        for bad in [
            "2021-13",
            "2021-02-30",
            "yesterday",
            "21-09",
            "2021-9",
            "2021-09-27-1",
            "",
        ] {
            let err = parse_date_bound(bad, Arg::From).unwrap_err().to_string();
            assert!(err.starts_with("--from: "), "{bad}: {err}");
        }
    }
}

//! Filters: date ranges (`--from`/`--to`, inclusive, at day, month or year
//! precision), facet filters (`--region`, `--actor`, `--event`,
//! `--violence`, `--lang`) and the least number killed (`--killed-min`). Names are
//! resolved to facets by [`resolve_all`] and [`resolve_events`] before they
//! get here, through a [`NameSource`]: the gazetteer, or an index's table of
//! its names ([`TableFirst`]), which loads the gazetteer only for a name it
//! lacks; a search without name filters never loads it.

use std::cell::OnceCell;
use std::ops::Bound;

use chrono::{Months, NaiveDate};
use serde::{Deserialize, Serialize};
use tantivy::query::{BooleanQuery, ConstScoreQuery, Occur, Query, RangeQuery, TermQuery};
use tantivy::schema::{Facet, IndexRecordOption};
use tantivy::Term;

use crate::enrich::{CasualtyKind, Dimension, EventTaxonomy, FilterNames, Gazetteer, ViolenceType};
use crate::error::{Arg, Error, Result};
use crate::index::{day_start, Fields};
use crate::language::Language;

/// Restrictions on which documents a query may return.
#[derive(Debug, Default, Clone, PartialEq, Eq, Hash)]
pub struct Filters {
    /// First day included.
    pub from: Option<NaiveDate>,
    /// Last day included.
    pub to: Option<NaiveDate>,
    /// Region facets; several mean OR.
    pub regions: Vec<Facet>,
    /// Actor facets; several mean OR.
    pub actors: Vec<Facet>,
    /// Event facets (`/Battles`, `/Explosions or remote violence/Air or
    /// drone strike`); several mean OR.
    pub events: Vec<Facet>,
    /// UCDP violence type facets (`/one-sided`); several mean OR.
    pub violence: Vec<Facet>,
    /// Languages; several mean OR.
    pub languages: Vec<Language>,
    /// Only articles whose text reports at least this many killed: the
    /// least number their text supports (`killed_min`) is at least this.
    pub killed_min: Option<u64>,
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
    /// `--event` types or sub-event types, any name or alias, or facet
    /// paths; several mean OR.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub events: Vec<String>,
    /// `--violence` UCDP types; several mean OR.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub violence: Vec<String>,
    /// `--lang` codes or names; several mean OR.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub languages: Vec<String>,
    /// `--killed-min`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub killed_min: Option<u64>,
}

/// The facets the region, actor and event names of a [`FilterSpec`]
/// resolve to.
#[derive(Debug, Default, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NameFacets {
    /// Of `--region`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub regions: Vec<Facet>,
    /// Of `--actor`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub actors: Vec<Facet>,
    /// Of `--event`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub events: Vec<Facet>,
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
        self.resolve_with(|| self.resolve_names(gazetteer()?))
    }

    /// [`FilterSpec::resolve`] through `table` (an index's table of the
    /// gazetteer's names, see [`crate::index::read_filter_names`]) first:
    /// `table` is called only when there are names, `gazetteer` only for a
    /// name the table lacks (a town, an unknown name) or event types, once.
    pub fn resolve_through<'t, 'g>(
        &self,
        table: impl FnOnce() -> Option<&'t FilterNames>,
        gazetteer: impl Fn() -> Result<&'g Gazetteer>,
    ) -> Result<Filters> {
        self.resolve_with(|| self.resolve_names(&TableFirst::new(table(), gazetteer)))
    }

    /// Whether it names regions, actors or event types: what needs the
    /// gazetteer.
    pub fn has_names(&self) -> bool {
        !self.regions.is_empty() || !self.actors.is_empty() || !self.events.is_empty()
    }

    /// Its region, actor and event names alone.
    pub fn names(&self) -> FilterSpec {
        FilterSpec {
            regions: self.regions.clone(),
            actors: self.actors.clone(),
            events: self.events.clone(),
            ..FilterSpec::default()
        }
    }

    /// The facets its region, actor and event names resolve to through
    /// `names` (the gazetteer, or a [`TableFirst`]).
    pub fn resolve_names(&self, names: &dyn NameSource) -> Result<NameFacets> {
        Ok(NameFacets {
            regions: resolve_all(names, Dimension::Region, &self.regions)?,
            actors: resolve_all(names, Dimension::Actor, &self.actors)?,
            events: if self.events.is_empty() {
                Vec::new()
            } else {
                resolve_events(names.events()?, &self.events)?
            },
        })
    }

    /// [`FilterSpec::resolve`] with the names' facets from `names`, called
    /// only when there are names, after the other filters are checked.
    pub fn resolve_with(&self, names: impl FnOnce() -> Result<NameFacets>) -> Result<Filters> {
        let date = |text: &Option<String>, bound| {
            text.as_deref()
                .map(|d| parse_date_bound(d, bound))
                .transpose()
        };
        let mut filters = Filters {
            from: date(&self.from, Arg::From)?,
            to: date(&self.to, Arg::To)?,
            violence: resolve_violence(&self.violence)?,
            languages: resolve_languages(&self.languages)?,
            killed_min: self.killed_min,
            ..Filters::default()
        };
        filters.check_dates()?;
        if self.has_names() {
            let names = names()?;
            filters.regions = names.regions;
            filters.actors = names.actors;
            filters.events = names.events;
        }
        Ok(filters)
    }

    /// The filters as command-line flags, quoted for a shell where needed
    /// (`--region mali --from 2021-09`): how a saved search is shown.
    pub fn to_flags(&self) -> String {
        let mut words = Vec::new();
        let killed_min = self.killed_min.map(|n| n.to_string());
        for (flag, values) in [
            ("--from", self.from.iter().collect::<Vec<_>>()),
            ("--to", self.to.iter().collect()),
            ("--region", self.regions.iter().collect()),
            ("--actor", self.actors.iter().collect()),
            ("--event", self.events.iter().collect()),
            ("--violence", self.violence.iter().collect()),
            ("--lang", self.languages.iter().collect()),
            ("--killed-min", killed_min.iter().collect()),
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
    /// actor Wagner Group, event Battles, at least 10 killed, 2021-09-01 to
    /// 2021-12-31`; `None` without filters.
    pub fn describe(&self) -> Option<String> {
        let mut parts = Vec::new();
        for (dimension, facets) in [
            ("region", &self.regions),
            ("actor", &self.actors),
            ("event", &self.events),
            ("violence", &self.violence),
        ] {
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
        if !self.languages.is_empty() {
            let codes: Vec<&str> = self.languages.iter().map(|l| l.code()).collect();
            parts.push(format!("language {}", codes.join(" or ")));
        }
        if let Some(n) = self.killed_min {
            parts.push(format!("at least {n} killed"));
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
        if let Some(n) = self.killed_min {
            let (min, _) = fields.total(CasualtyKind::Killed);
            out.push(Box::new(RangeQuery::new(
                Bound::Included(Term::from_field_u64(min, n)),
                Bound::Unbounded,
            )));
        }
        let languages: Vec<Facet> = self.languages.iter().map(|l| l.facet()).collect();
        for (field, facets) in [
            (fields.region, &self.regions),
            (fields.actor, &self.actors),
            (fields.event, &self.events),
            (fields.violence, &self.violence),
            (fields.language, &languages),
        ] {
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

/// Where region, actor and event filter names resolve: the gazetteer, or
/// a [`TableFirst`] that answers most names without loading it. Every
/// front end resolves through [`resolve_all`] and [`resolve_events`] with
/// one, so a name means the same everywhere.
pub trait NameSource {
    /// The facets a region or actor name resolves to, as
    /// [`Gazetteer::resolve`] resolves it; `None` for an unknown name.
    fn resolve(&self, dimension: Dimension, name: &str) -> Result<Option<Vec<Facet>>>;
    /// Up to `n` known names closest to `name`, for "did you mean".
    fn suggest(&self, dimension: Dimension, name: &str, n: usize) -> Result<Vec<String>>;
    /// The event types `--event` names.
    fn events(&self) -> Result<&EventTaxonomy>;
}

impl NameSource for Gazetteer {
    fn resolve(&self, dimension: Dimension, name: &str) -> Result<Option<Vec<Facet>>> {
        Ok(Gazetteer::resolve(self, dimension, name)
            .map(|paths| paths.iter().map(Facet::from_path).collect()))
    }

    fn suggest(&self, dimension: Dimension, name: &str, n: usize) -> Result<Vec<String>> {
        Ok(Gazetteer::suggest(self, dimension, name, n))
    }

    fn events(&self) -> Result<&EventTaxonomy> {
        Ok(Gazetteer::events(self))
    }
}

/// An index's table of the gazetteer's filter names first, the gazetteer
/// (loaded on first need, once) for what the table lacks: towns, unknown
/// names and their suggestions, event types. Without a table, the
/// gazetteer alone.
pub struct TableFirst<'t, 'g, F> {
    table: Option<&'t FilterNames>,
    load: F,
    loaded: OnceCell<&'g Gazetteer>,
}

impl<'t, 'g, F: Fn() -> Result<&'g Gazetteer>> TableFirst<'t, 'g, F> {
    /// Resolves through `table`, if any, then through the gazetteer `load`
    /// gives, called at most once.
    pub fn new(table: Option<&'t FilterNames>, load: F) -> Self {
        TableFirst {
            table,
            load,
            loaded: OnceCell::new(),
        }
    }

    fn gazetteer(&self) -> Result<&'g Gazetteer> {
        if let Some(gazetteer) = self.loaded.get() {
            return Ok(gazetteer);
        }
        let gazetteer = (self.load)()?;
        Ok(*self.loaded.get_or_init(|| gazetteer))
    }
}

impl<'g, F: Fn() -> Result<&'g Gazetteer>> NameSource for TableFirst<'_, 'g, F> {
    fn resolve(&self, dimension: Dimension, name: &str) -> Result<Option<Vec<Facet>>> {
        match self.table.and_then(|t| t.resolve(dimension, name)) {
            Some(facets) => Ok(Some(facets)),
            None => NameSource::resolve(self.gazetteer()?, dimension, name),
        }
    }

    fn suggest(&self, dimension: Dimension, name: &str, n: usize) -> Result<Vec<String>> {
        NameSource::suggest(self.gazetteer()?, dimension, name, n)
    }

    fn events(&self) -> Result<&EventTaxonomy> {
        Ok(self.gazetteer()?.events())
    }
}

/// Resolves every name given for one dimension's filter; an unknown name is
/// an error that suggests close matches.
pub fn resolve_all(
    source: &dyn NameSource,
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
        match source.resolve(dimension, name)? {
            Some(found) => facets.extend(found),
            None => {
                let hint = did_you_mean(&source.suggest(dimension, name, 3)?);
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

/// Resolves `--event` values: an ACLED type or sub-event type by any name
/// or alias of `event-types.tsv`, any case (`battle`, `remote violence`,
/// `air strike`), or a facet path (`/Battles/Armed clash`); an unknown name
/// is an error that suggests close labels.
pub fn resolve_events(taxonomy: &EventTaxonomy, names: &[String]) -> Result<Vec<Facet>> {
    let mut facets = Vec::new();
    for name in names {
        if name.starts_with('/') {
            facets
                .push(Facet::from_text(name).map_err(|e| {
                    Error::bad(Arg::Event, format!("bad facet path `{name}`: {e}"))
                })?);
            continue;
        }
        match taxonomy.resolve(name) {
            Some(paths) => facets.extend(paths.iter().map(Facet::from_path)),
            None => {
                return Err(Error::bad(
                    Arg::Event,
                    format!(
                        "unknown event type `{name}`{} (`sitrep facets --field event` lists the types; \
                         ACLED's names and their aliases are taken, e.g. battle, \"remote violence\", \
                         \"air strike\", riots)",
                        did_you_mean(&taxonomy.suggest(name, 3))
                    ),
                ))
            }
        }
    }
    facets.dedup();
    Ok(facets)
}

/// Resolves `--violence` values: a UCDP type (`state-based`, `non-state`,
/// `one-sided`, or UCDP's code 1, 2, 3) or its facet path (`/one-sided`).
pub fn resolve_violence(names: &[String]) -> Result<Vec<Facet>> {
    let mut facets = Vec::new();
    for name in names {
        let typed = ViolenceType::parse(name.strip_prefix('/').unwrap_or(name));
        let facet = typed.map(ViolenceType::facet).ok_or_else(|| {
            Error::bad(
                Arg::Violence,
                format!(
                    "unknown UCDP violence type `{name}`: use {}",
                    ViolenceType::ALL.map(ViolenceType::label).join(", ")
                ),
            )
        })?;
        if !facets.contains(&facet) {
            facets.push(facet);
        }
    }
    Ok(facets)
}

/// Resolves `--lang` values: an ISO 639-1 or 639-2 code, an English name or
/// a facet path (`fr`, `fra`, `French`, `/fr`).
pub fn resolve_languages(names: &[String]) -> Result<Vec<Language>> {
    let mut languages = Vec::new();
    for name in names {
        let language = Language::parse(name).ok_or_else(|| {
            Error::bad(
                Arg::Lang,
                format!(
                    "unknown language `{name}`: use {} (ISO 639-1 codes)",
                    Language::codes()
                ),
            )
        })?;
        if !languages.contains(&language) {
            languages.push(language);
        }
    }
    Ok(languages)
}

/// `; did you mean `a`, `b`?`, or nothing without suggestions.
fn did_you_mean(suggestions: &[String]) -> String {
    if suggestions.is_empty() {
        return String::new();
    }
    format!(
        "; did you mean {}?",
        suggestions
            .iter()
            .map(|s| format!("`{s}`"))
            .collect::<Vec<_>>()
            .join(", ")
    )
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

    fn taxonomy() -> EventTaxonomy {
        let files = crate::enrich::GazetteerFiles::embedded();
        EventTaxonomy::parse("event-types.tsv", &files.event_types).unwrap()
    }

    fn event_paths(names: &[&str]) -> Vec<String> {
        let names: Vec<String> = names.iter().map(|n| n.to_string()).collect();
        resolve_events(&taxonomy(), &names)
            .unwrap()
            .iter()
            .map(Facet::to_string)
            .collect()
    }

    #[test]
    fn event_names_and_aliases_resolve_at_either_level_in_any_case() {
        assert_eq!(event_paths(&["battle"]), ["/Battles"]);
        assert_eq!(event_paths(&["BATTLES"]), ["/Battles"]);
        assert_eq!(
            event_paths(&["remote violence"]),
            ["/Explosions or remote violence"]
        );
        assert_eq!(
            event_paths(&["Explosions/Remote violence"]),
            ["/Explosions or remote violence"]
        );
        assert_eq!(
            event_paths(&["air strike", "Drone strike"]),
            ["/Explosions or remote violence/Air or drone strike"]
        );
        assert_eq!(
            event_paths(&["violence against civilians", "/Riots/Mob violence"]),
            ["/Violence against civilians", "/Riots/Mob violence"]
        );
    }

    #[test]
    fn an_unknown_event_type_is_refused_with_suggestions() {
        let err = resolve_events(&taxonomy(), &["batle".to_string()]).unwrap_err();
        let text = err.to_string();
        assert!(
            text.starts_with("--event: unknown event type `batle`; did you mean `Battles`"),
            "{text}"
        );
        assert!(matches!(
            err,
            Error::BadArgument {
                arg: Arg::Event,
                ..
            }
        ));
    }

    #[test]
    fn violence_types_by_label_code_or_path() {
        let names = |n: &[&str]| n.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        let paths: Vec<String> = resolve_violence(&names(&["one sided", "1", "/non-state", "3"]))
            .unwrap()
            .iter()
            .map(Facet::to_string)
            .collect();
        assert_eq!(paths, ["/one-sided", "/state-based", "/non-state"]);
        let err = resolve_violence(&names(&["genocide"]))
            .unwrap_err()
            .to_string();
        assert_eq!(
            err,
            "--violence: unknown UCDP violence type `genocide`: use state-based, non-state, one-sided"
        );
    }

    #[test]
    fn event_filters_read_back_as_flags_and_words() {
        let spec = FilterSpec {
            events: vec!["remote violence".to_string()],
            violence: vec!["one-sided".to_string()],
            killed_min: Some(10),
            ..FilterSpec::default()
        };
        assert_eq!(
            spec.to_flags(),
            "--event 'remote violence' --violence one-sided --killed-min 10"
        );
        let gazetteer = crate::enrich::Gazetteer::embedded().unwrap();
        let filters = spec.resolve(|| Ok(&gazetteer)).unwrap();
        assert_eq!(
            filters.describe().unwrap(),
            "event Explosions or remote violence, violence one-sided, at least 10 killed"
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

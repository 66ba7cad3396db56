//! URL query parameters -> the library's search request, checked the way the
//! command line checks its flags; every refusal names the parameter.

use clap::ValueEnum;
use tantivy::schema::Facet;

use super::error::ApiError;
use crate::enrich::{CasualtyKind, Dimension, Gazetteer};
use crate::error::Arg;
use crate::facets::FacetField;
use crate::groups::{Collapse, Source};
use crate::query::{
    parse_date_bound, resolve_all, resolve_events, resolve_languages, resolve_violence, Filters,
};
use crate::search::{Recency, SearchRequest, Sort, MAX_OFFSET};
use crate::trends::{Period, TrendsRequest, DEFAULT_TOP, MAX_TOP};

/// Most hits per page of the web page and API: a page is read, not exported.
pub const MAX_PAGE_HITS: usize = 100;
/// Hits per page when `limit` is not given.
const DEFAULT_LIMIT: usize = 10;
/// Most levels a facet tree may be asked for (`/YYYY/MM/DD` is 3 deep).
const MAX_DEPTH: usize = 5;

/// The parameters both search and facet requests take.
const FILTER_PARAMS: &[&str] = &[
    "q",
    "from",
    "to",
    "region",
    "actor",
    "event",
    "violence",
    "lang",
    "killed_min",
];
/// Only for `/api/search`.
const PAGE_PARAMS: &[&str] = &[
    "sort", "recent", "limit", "offset", "collapse", "explain", "prefer",
];
/// Only for `/api/facets`.
const TREE_PARAMS: &[&str] = &["field", "root", "depth", "sum"];
/// Only for `/api/trends`.
const TREND_PARAMS: &[&str] = &["by", "top"];

/// The decoded `name=value` pairs of a query string.
pub struct Params(Vec<(String, String)>);

impl Params {
    /// Decodes `raw` and refuses names outside `allowed`, so a misspelt
    /// filter is an error rather than silently ignored.
    fn parse(raw: Option<&str>, allowed: &[&[&str]]) -> Result<Self, ApiError> {
        let pairs: Vec<(String, String)> = form_urlencoded::parse(raw.unwrap_or("").as_bytes())
            .map(|(k, v)| (k.into_owned(), v.into_owned()))
            .collect();
        let known: Vec<&str> = allowed
            .iter()
            .flat_map(|names| names.iter().copied())
            .collect();
        if let Some((name, _)) = pairs.iter().find(|(k, _)| !known.contains(&k.as_str())) {
            return Err(ApiError::bad(
                name,
                format!(
                    "unknown parameter `{name}`; this endpoint takes {}",
                    known.join(", ")
                ),
            ));
        }
        Ok(Params(pairs))
    }

    /// Every value given for `name`, in order.
    fn all(&self, name: &str) -> Vec<String> {
        self.0
            .iter()
            .filter(|(k, _)| k == name)
            .map(|(_, v)| v.clone())
            .collect()
    }

    /// The one value of `name`, if given; empty counts as not given.
    fn one(&self, name: &str) -> Result<Option<&str>, ApiError> {
        let mut values = self
            .0
            .iter()
            .filter(|(k, v)| k == name && !v.is_empty())
            .map(|(_, v)| v.as_str());
        let first = values.next();
        if values.next().is_some() {
            return Err(ApiError::bad(
                name,
                format!("`{name}` may be given only once"),
            ));
        }
        Ok(first)
    }

    /// A number in `0..=max`, or `default` when absent.
    fn number(&self, name: &str, default: usize, max: usize) -> Result<usize, ApiError> {
        let Some(text) = self.one(name)? else {
            return Ok(default);
        };
        let n: usize = text.parse().map_err(|_| {
            ApiError::bad(
                name,
                format!("`{text}` is not a whole number from 0 to {max}"),
            )
        })?;
        if n > max {
            return Err(ApiError::bad(
                name,
                format!("{n} is too large: at most {max}"),
            ));
        }
        Ok(n)
    }

    /// The query text and the filters, resolved against the gazetteer.
    fn query_and_filters(&self, names: &Names) -> Result<(String, Filters), ApiError> {
        let query = self.one("q")?.unwrap_or("").to_string();
        let date = |bound: Arg| {
            self.one(bound.parameter())?
                .map(|d| parse_date_bound(d, bound))
                .transpose()
                .map_err(ApiError::from)
        };
        let killed_min = self
            .one(Arg::KilledMin.parameter())?
            .map(|text| {
                text.parse::<u64>().map_err(|_| {
                    ApiError::bad(
                        Arg::KilledMin.parameter(),
                        format!("`{text}` is not a whole number of people (0 or more)"),
                    )
                })
            })
            .transpose()?;
        let given = |name: &str| -> Vec<String> {
            self.all(name)
                .into_iter()
                .filter(|v| !v.is_empty())
                .collect()
        };
        let filters = Filters {
            from: date(Arg::From)?,
            to: date(Arg::To)?,
            regions: names.facets(FacetField::Region, &self.all("region"))?,
            actors: names.facets(FacetField::Actor, &self.all("actor"))?,
            events: names.facets(FacetField::Event, &self.all("event"))?,
            violence: resolve_violence(&given(Arg::Violence.parameter()))?,
            languages: resolve_languages(&given(Arg::Lang.parameter()))?,
            killed_min,
        };
        Ok((query, filters))
    }
}

/// Whether some document has a facet path of a dimension.
pub type IsIndexed<'a> = dyn Fn(FacetField, &Facet) -> crate::Result<bool> + 'a;

/// What region, actor and event values are checked against: the gazetteer
/// (and its event taxonomy) for names, the index for facet paths.
pub struct Names<'a> {
    /// Resolves names and aliases.
    pub gazetteer: &'a Gazetteer,
    /// Whether some document has this facet path.
    pub indexed: Box<IsIndexed<'a>>,
}

impl Names<'_> {
    /// Filter values of one dimension: a facet path as the page sends it
    /// (`/Africa/Western Africa/Mali`), which some document must have, or
    /// any name or alias the command line takes (`mali`, `bamako`, `battle`),
    /// resolved with "did you mean" suggestions.
    fn facets(&self, field: FacetField, values: &[String]) -> Result<Vec<Facet>, ApiError> {
        let name = field.name();
        let mut out = Vec::new();
        for value in values.iter().filter(|v| !v.is_empty()) {
            if !value.starts_with('/') {
                let value = std::slice::from_ref(value);
                out.extend(match field {
                    FacetField::Region => resolve_all(self.gazetteer, Dimension::Region, value)?,
                    FacetField::Actor => resolve_all(self.gazetteer, Dimension::Actor, value)?,
                    _ => resolve_events(self.gazetteer.events(), value)?,
                });
                continue;
            }
            let facet = facet_path(value, name)?;
            if !(self.indexed)(field, &facet)? {
                return Err(ApiError::bad(
                    name,
                    format!(
                        "no article has the {name} `{value}`: take a path from the facet counts, or a name such as `mali`"
                    ),
                ));
            }
            out.push(facet);
        }
        out.dedup();
        Ok(out)
    }
}

/// A checked `/api/search` request.
pub fn search_request(raw: Option<&str>, names: &Names) -> Result<SearchRequest, ApiError> {
    let params = Params::parse(raw, &[FILTER_PARAMS, PAGE_PARAMS])?;
    let (query, filters) = params.query_and_filters(names)?;
    let sort = match params.one("sort")? {
        None => Sort::default(),
        Some(text) => Sort::from_str(text, true).map_err(|_| {
            ApiError::bad(
                "sort",
                format!("`{text}` is not a sort order: use {}", choices::<Sort>()),
            )
        })?,
    };
    let recency = params.one("recent")?.map(Recency::parse).transpose()?;
    let collapse = params.one("collapse")?.map(Collapse::parse).transpose()?;
    let prefer = params
        .all("prefer")
        .iter()
        .filter(|v| !v.is_empty())
        .map(|v| Source::parse(v))
        .collect::<crate::Result<Vec<_>>>()?;
    let explain = match params.one("explain")? {
        None | Some("0" | "false") => false,
        Some("1" | "true") => true,
        Some(other) => {
            return Err(ApiError::bad(
                "explain",
                format!("`{other}` is not a switch: use 1 or 0"),
            ))
        }
    };
    Ok(SearchRequest {
        query,
        filters,
        sort,
        recency,
        collapse,
        prefer,
        limit: params.number("limit", DEFAULT_LIMIT, MAX_PAGE_HITS)?,
        offset: params.number("offset", 0, MAX_OFFSET)?,
        with_facets: true,
        explain,
    })
}

/// A checked `/api/facets` request: one tree when `field` is given (rooted at
/// `root`, `depth` levels, with the casualties of kind `sum` per value),
/// otherwise all of them at their browsing depths.
pub struct FacetsRequest {
    /// Query in sitrep's syntax; empty matches everything.
    pub query: String,
    /// Date and facet filters.
    pub filters: Filters,
    /// The one tree asked for, with its root and depth.
    pub tree: Option<(FacetField, Facet, usize)>,
    /// The casualties to add up per value and in all.
    pub sum: Option<CasualtyKind>,
}

/// Parses a `/api/facets` query string.
pub fn facets_request(raw: Option<&str>, names: &Names) -> Result<FacetsRequest, ApiError> {
    let params = Params::parse(raw, &[FILTER_PARAMS, TREE_PARAMS])?;
    let (query, filters) = params.query_and_filters(names)?;
    let Some(name) = params.one("field")? else {
        if let Some(other) = ["root", "depth", "sum"]
            .into_iter()
            .find(|p| params.one(p).ok().flatten().is_some())
        {
            return Err(ApiError::bad(other, format!("`{other}` needs `field`")));
        }
        return Ok(FacetsRequest {
            query,
            filters,
            tree: None,
            sum: None,
        });
    };
    let field = FacetField::from_str(name, true).map_err(|_| {
        ApiError::bad(
            "field",
            format!("`{name}` is not a facet: use {}", choices::<FacetField>()),
        )
    })?;
    let sum = params
        .one("sum")?
        .map(|text| {
            CasualtyKind::from_str(text, true).map_err(|_| {
                ApiError::bad(
                    "sum",
                    format!(
                        "`{text}` is not a kind of casualty: use {}",
                        choices::<CasualtyKind>()
                    ),
                )
            })
        })
        .transpose()?;
    let root = match params.one("root")? {
        None => Facet::root(),
        Some(text) => facet_path(text, "root")?,
    };
    let depth = params.number("depth", field.default_depth(), MAX_DEPTH)?;
    if depth == 0 {
        return Err(ApiError::bad(
            "depth",
            format!("0 is too small: use 1 to {MAX_DEPTH}"),
        ));
    }
    Ok(FacetsRequest {
        query,
        filters,
        tree: Some((field, root, depth)),
        sum,
    })
}

/// A checked `/api/trends` request: the filters, `by` (week or month) and
/// `top` (countries and actors with a series of their own).
pub fn trends_request(raw: Option<&str>, names: &Names) -> Result<TrendsRequest, ApiError> {
    let params = Params::parse(raw, &[FILTER_PARAMS, TREND_PARAMS])?;
    let (query, filters) = params.query_and_filters(names)?;
    let by = match params.one("by")? {
        None => Period::default(),
        Some(text) => Period::from_str(text, true).map_err(|_| {
            ApiError::bad(
                "by",
                format!("`{text}` is not a period: use {}", choices::<Period>()),
            )
        })?,
    };
    Ok(TrendsRequest {
        query,
        filters,
        by,
        top: params.number("top", DEFAULT_TOP, MAX_TOP)?,
    })
}

/// The values of a parameter of choices: `relevance, newest, oldest, killed`.
fn choices<T: ValueEnum>() -> String {
    T::value_variants()
        .iter()
        .filter_map(|v| v.to_possible_value())
        .map(|v| v.get_name().to_string())
        .collect::<Vec<_>>()
        .join(", ")
}

fn facet_path(text: &str, name: &str) -> Result<Facet, ApiError> {
    Facet::from_text(text).map_err(|_| {
        ApiError::bad(
            name,
            format!("`{text}` is not a facet path such as /Africa/Western Africa"),
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::enrich::GazetteerFiles;

    fn gazetteer() -> Gazetteer {
        Gazetteer::from_files(&GazetteerFiles::embedded()).unwrap()
    }

    /// Only paths under /Africa and /Asia are "indexed".
    fn indexed(_: FacetField, facet: &Facet) -> crate::Result<bool> {
        let path = facet.to_string();
        Ok(path.starts_with("/Africa") || path.starts_with("/Asia"))
    }

    fn parsed<T>(
        raw: &str,
        parse: fn(Option<&str>, &Names) -> Result<T, ApiError>,
    ) -> Result<T, ApiError> {
        let gazetteer = gazetteer();
        let names = Names {
            gazetteer: &gazetteer,
            indexed: Box::new(indexed),
        };
        parse(Some(raw), &names)
    }

    fn refused(raw: &str) -> ApiError {
        match parsed(raw, search_request) {
            Ok(_) => panic!("`{raw}` was accepted"),
            Err(e) => e,
        }
    }

    #[test]
    fn repeated_filters_add_up_and_paths_pass_through() {
        let request = parsed(
            "q=wagner&region=mali&region=%2FAsia%2FWestern%20Asia%2FSyria&actor=&limit=5",
            search_request,
        )
        .unwrap();
        let regions: Vec<String> = request
            .filters
            .regions
            .iter()
            .map(|f| f.to_string())
            .collect();
        assert_eq!(
            regions,
            ["/Africa/Western Africa/Mali", "/Asia/Western Asia/Syria"]
        );
        assert!(request.filters.actors.is_empty());
        assert_eq!((request.limit, request.offset), (5, 0));
    }

    #[test]
    fn every_refusal_names_its_parameter() {
        for (raw, parameter) in [
            ("from=2021-13", "from"),
            ("to=soon", "to"),
            ("region=narnia", "region"),
            ("actor=nobody%20at%20all", "actor"),
            ("sort=best", "sort"),
            ("limit=101", "limit"),
            ("limit=-1", "limit"),
            ("offset=10001", "offset"),
            ("q=a&q=b", "q"),
            ("regoin=mali", "regoin"),
            ("region=%2FAtlantis", "region"),
            ("event=batle", "event"),
            ("event=%2FAtlantis", "event"),
            ("violence=genocide", "violence"),
            ("killed_min=ten", "killed_min"),
            ("killed_min=-1", "killed_min"),
            ("sort=deadliest", "sort"),
        ] {
            assert_eq!(refused(raw).parameter, parameter, "{raw}");
        }
        assert_eq!(refused("recent=soon").parameter, "recent");
    }

    #[test]
    fn event_and_casualty_parameters_make_the_command_line_request() {
        let request = parsed(
            "q=attack&event=violence%20against%20civilians&event=air%20strike&violence=one-sided&killed_min=10&sort=killed",
            search_request,
        )
        .unwrap();
        let events: Vec<String> = request
            .filters
            .events
            .iter()
            .map(|f| f.to_string())
            .collect();
        assert_eq!(
            events,
            [
                "/Violence against civilians",
                "/Explosions or remote violence/Air or drone strike"
            ]
        );
        assert_eq!(request.filters.violence, [Facet::from("/one-sided")]);
        assert_eq!(request.filters.killed_min, Some(10));
        assert_eq!(request.sort, Sort::Killed);
        let tree = parsed("field=date&depth=2&sum=killed", facets_request).unwrap();
        assert_eq!(tree.sum, Some(CasualtyKind::Killed));
    }

    #[test]
    fn facet_trees_need_a_known_field() {
        let one = parsed("field=region&root=%2FAfrica&depth=2", facets_request).unwrap();
        let (field, root, depth) = one.tree.unwrap();
        assert_eq!(
            (field, root.to_string(), depth),
            (FacetField::Region, "/Africa".into(), 2)
        );
        for (raw, parameter) in [
            ("field=colour", "field"),
            ("root=%2FAfrica", "root"),
            ("field=date&depth=9", "depth"),
            ("field=date&depth=0", "depth"),
            ("field=region&root=Africa", "root"),
            ("sum=killed", "sum"),
            ("field=date&sum=dead", "sum"),
        ] {
            match parsed(raw, facets_request) {
                Ok(_) => panic!("`{raw}` was accepted"),
                Err(e) => assert_eq!(e.parameter, parameter, "{raw}"),
            }
        }
    }

    #[test]
    fn trend_requests_take_the_filters_a_period_and_a_top() {
        let request = parsed("q=attack&region=mali&by=month&top=3", trends_request).unwrap();
        assert_eq!((request.by, request.top), (Period::Month, 3));
        assert_eq!(request.filters.regions.len(), 1);
        let default = parsed("", trends_request).unwrap();
        assert_eq!((default.by, default.top), (Period::Week, DEFAULT_TOP));
        for (raw, parameter) in [
            ("by=day", "by"),
            ("top=51", "top"),
            ("top=many", "top"),
            ("sort=newest", "sort"),
            ("from=2021-13", "from"),
        ] {
            match parsed(raw, trends_request) {
                Ok(_) => panic!("`{raw}` was accepted"),
                Err(e) => assert_eq!(e.parameter, parameter, "{raw}"),
            }
        }
    }
}

//! Saved searches ("watches") that report new reporting. A watch is a query
//! and filters under a name, kept beside the index (`store`); `matching`
//! finds the documents a watch has not reported yet and remembers them.
//!
//! What "new" means rests on the `added` field: every document carries the
//! opstamp of the commit its batch followed (kept when its file is indexed
//! again), so all documents of a commit with opstamp `M` have `added < M`
//! and all later ones `added >= M`. A watch remembers the opstamp up to
//! which it has looked (`seen_below`); a run looks only at documents with
//! `seen_below <= added < M`, `M` being the last commit when the run began,
//! and then moves `seen_below` to `M`. The ranges of successive runs touch
//! without overlapping, so nothing is missed and nothing is reported twice,
//! and a run reads only the segments that hold new documents: it never
//! searches the whole index again. `sitrep index --watch` is the same run
//! after each commit.
//!
//! A reprint of something a watch has seen is not new, and the new copies
//! of one text are reported once (`run`: what is compared is groups of
//! reprints, as `search --collapse copies` shows them).

mod matching;
mod queries;
mod run;
mod store;

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::enrich::{FilterNames, Gazetteer};
use crate::error::{Arg, Error, Result};
use crate::index::SitrepIndex;
use crate::query::{compile_query_in, Compiled, FilterSpec, Filters, NameFacets, TableFirst};
use crate::search::{SearchRequest, Sort};

pub use matching::View;
pub use queries::WatchQueries;
pub use run::{WatchReport, WatchRun, CACHED_DOCS};
pub use store::{LockedWatches, WatchStore, Watches};

/// Longest watch name, in bytes.
pub const MAX_NAME_BYTES: usize = 64;

/// A watch's name: letters, digits, `-` and `_`, so it can be typed in a
/// shell and stand in a URL (`/feeds/NAME.atom`) as it is.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct WatchName(String);

impl WatchName {
    /// The name as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for WatchName {
    type Error = Error;

    fn try_from(name: String) -> Result<Self> {
        let bad = |why: &str| Error::BadArgument {
            arg: Arg::WatchName,
            message: format!("`{name}` {why}: use letters, digits, `-` and `_` (e.g. wagner-mali)"),
        };
        if name.is_empty() {
            return Err(bad("is empty"));
        }
        if name.len() > MAX_NAME_BYTES {
            return Err(bad(&format!("is longer than {MAX_NAME_BYTES} bytes")));
        }
        if !name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
        {
            return Err(bad("is not a watch name"));
        }
        Ok(WatchName(name))
    }
}

impl From<WatchName> for String {
    fn from(name: WatchName) -> String {
        name.0
    }
}

impl fmt::Display for WatchName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A saved search: what it asks, and how far it has reported.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Watch {
    /// Its name.
    pub name: WatchName,
    /// The query in sitrep's syntax; empty matches every document the filters admit.
    pub query: String,
    /// The filters as typed (names resolve through the gazetteer of the day).
    #[serde(flatten)]
    pub filters: FilterSpec,
    /// When it was saved, RFC 3339.
    pub created: String,
    /// How far it has reported.
    #[serde(default)]
    pub state: WatchState,
}

/// How far a watch has reported.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct WatchState {
    /// The identity of the index `seen_below` refers to (`None` before the
    /// index's first commit): an index rebuilt from scratch starts its
    /// opstamps again, so its watches start again from its contents.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub index_id: Option<String>,
    /// Every document with a smaller `added` stamp has been looked at.
    #[serde(default)]
    pub seen_below: u64,
    /// When it last ran, RFC 3339.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_run: Option<String>,
    /// Documents it has reported, over all runs.
    #[serde(default)]
    pub reported: u64,
    /// The facets its filters' names resolved to the last time, with the
    /// gazetteer and the names that made them: a run resolves the names
    /// again only when either changed, and so need not load the gazetteer.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resolved: Option<ResolvedNames>,
}

/// The facets of a watch's filter names, as a gazetteer resolved them.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ResolvedNames {
    /// The gazetteer's fingerprint ([`Gazetteer::fingerprint`]).
    pub gazetteer: String,
    /// The names, as typed.
    pub names: FilterSpec,
    /// Their facets.
    pub facets: NameFacets,
}

/// Where watches get the gazetteer that resolves their filters' names: a
/// watch loads it only when its names were not resolved by the same
/// gazetteer before (loading it costs more than running a thousand
/// watches), so a source tells the fingerprint without loading it.
pub trait GazetteerSource {
    /// The fingerprint of the gazetteer [`GazetteerSource::gazetteer`] gives.
    fn fingerprint(&self) -> Result<String>;
    /// The gazetteer, loaded on first use.
    fn gazetteer(&self) -> Result<&Gazetteer>;
    /// A table of its filter names that spares loading it
    /// ([`crate::index::read_filter_names`]), if there is one.
    fn filter_names(&self) -> Option<&FilterNames> {
        None
    }
}

impl GazetteerSource for Gazetteer {
    fn fingerprint(&self) -> Result<String> {
        Ok(self.fingerprint.clone())
    }

    fn gazetteer(&self) -> Result<&Gazetteer> {
        Ok(self)
    }
}

impl Watch {
    /// A watch of `query` and `filters`, checked as `search` checks a
    /// request ([`Watch::request`] then compiled for `index`), that starts
    /// from what `view` sees: documents already indexed are not new.
    pub fn new(
        name: &str,
        query: &str,
        filters: FilterSpec,
        index: &SitrepIndex,
        view: &View,
        gazetteers: &dyn GazetteerSource,
    ) -> Result<Self> {
        let mut watch = Watch {
            name: WatchName::try_from(name.to_string())?,
            query: query.trim().to_string(),
            filters,
            created: now(),
            state: WatchState {
                index_id: view.index_id.clone(),
                seen_below: view.opstamp,
                last_run: None,
                reported: 0,
                resolved: None,
            },
        };
        let filters = watch.resolve(gazetteers)?;
        watch.compile(index, view, filters)?;
        Ok(watch)
    }

    /// The search this watch runs: its query and filters, newest first,
    /// the same request `sitrep search` builds, so the same checks apply.
    pub fn request<'g>(
        &self,
        gazetteer: impl FnOnce() -> Result<&'g Gazetteer>,
    ) -> Result<SearchRequest> {
        self.request_with(self.filters.resolve(gazetteer)?)
    }

    /// [`Watch::request`] with its filters resolved.
    fn request_with(&self, filters: Filters) -> Result<SearchRequest> {
        let request = SearchRequest {
            query: self.query.clone(),
            filters,
            sort: Sort::Newest,
            ..SearchRequest::default()
        };
        request.validate()?;
        Ok(request)
    }

    /// Its filters, resolved as [`FilterSpec::resolve`] resolves them; the
    /// names' facets are those of the last resolution when the same
    /// gazetteer resolved the same names, else resolved now and kept.
    fn resolve(&mut self, gazetteers: &dyn GazetteerSource) -> Result<Filters> {
        let spec = &self.filters;
        let kept = &mut self.state.resolved;
        spec.resolve_with(|| {
            let names = spec.names();
            let fingerprint = gazetteers.fingerprint()?;
            if let Some(kept) = kept
                .as_ref()
                .filter(|k| k.gazetteer == fingerprint && k.names == names)
            {
                return Ok(kept.facets.clone());
            }
            let names_source =
                TableFirst::new(gazetteers.filter_names(), || gazetteers.gazetteer());
            let facets = spec.resolve_names(&names_source)?;
            *kept = Some(ResolvedNames {
                gazetteer: fingerprint,
                names,
                facets: facets.clone(),
            });
            Ok(facets)
        })
    }

    /// The watch's request with `filters`, compiled for `index` as `view`
    /// sees it: every check `search` makes.
    fn compile(&self, index: &SitrepIndex, view: &View, filters: Filters) -> Result<Compiled> {
        let request = self.request_with(filters)?;
        compile_query_in(index, &view.vocabulary, &request.query, &request.filters)
    }

    /// The query and filters as they would be typed after `sitrep search`.
    pub fn describe(&self) -> String {
        let query = if self.query.is_empty() {
            "all articles".to_string()
        } else {
            format!("`{}`", self.query)
        };
        let flags = self.filters.to_flags();
        if flags.is_empty() {
            query
        } else {
            format!("{query} {flags}")
        }
    }
}

/// Saves a new watch of `query` and `filters` under `name` in `store`,
/// checked as [`Watch::new`] checks it, under the store's lock: what the
/// index holds now is not new to it. Returns it with the view it starts
/// from. `sitrep watch add` and the web page's "save this search" both
/// come here.
pub fn add_watch(
    store: &WatchStore,
    index: &SitrepIndex,
    name: &str,
    query: &str,
    filters: FilterSpec,
    gazetteers: &dyn GazetteerSource,
) -> Result<(Watch, View)> {
    let mut locked = store.lock()?;
    let view = View::open(index)?;
    let watch = Watch::new(name, query, filters, index, &view, gazetteers)?;
    locked.watches.add(watch.clone())?;
    locked.save()?;
    Ok((watch, view))
}

/// Now, RFC 3339 to the second.
fn now() -> String {
    chrono::Utc::now().format("%Y-%m-%dT%H:%M:%SZ").to_string()
}

#[cfg(test)]
mod tests {
    use std::cell::Cell;

    use super::*;

    /// The embedded gazetteer under a fingerprint of the test's choosing,
    /// counting how often it is asked for.
    struct Counted<'g> {
        gazetteer: &'g Gazetteer,
        fingerprint: String,
        loads: Cell<usize>,
    }

    impl GazetteerSource for Counted<'_> {
        fn fingerprint(&self) -> Result<String> {
            Ok(self.fingerprint.clone())
        }

        fn gazetteer(&self) -> Result<&Gazetteer> {
            self.loads.set(self.loads.get() + 1);
            Ok(self.gazetteer)
        }
    }

    fn watch(filters: FilterSpec) -> Watch {
        Watch {
            name: WatchName::try_from("w".to_string()).unwrap(),
            query: "attack".to_string(),
            filters,
            created: now(),
            state: WatchState::default(),
        }
    }

    fn regions(filters: &Filters) -> Vec<String> {
        filters.regions.iter().map(|f| f.to_string()).collect()
    }

    #[test]
    fn names_resolve_again_only_when_they_or_the_gazetteer_change() {
        let gazetteer = Gazetteer::embedded().unwrap();
        let mut source = Counted {
            gazetteer: &gazetteer,
            fingerprint: gazetteer.fingerprint.clone(),
            loads: Cell::new(0),
        };
        let mut mali = watch(FilterSpec {
            regions: vec!["mali".to_string()],
            from: Some("2020".to_string()),
            ..FilterSpec::default()
        });
        let first = mali.resolve(&source).unwrap();
        assert_eq!(regions(&first), ["/Africa/Western Africa/Mali"]);
        assert_eq!(source.loads.get(), 1);

        // Kept with the watch (saved and read back), it is used as it is.
        let text = serde_json::to_string(&mali).unwrap();
        let mut mali: Watch = serde_json::from_str(&text).unwrap();
        assert_eq!(mali.resolve(&source).unwrap(), first);
        assert_eq!(
            source.loads.get(),
            1,
            "resolved again with the same gazetteer"
        );

        // Other names (a hand edit), or another gazetteer: resolved again.
        mali.filters.regions = vec!["niger".to_string()];
        assert_eq!(
            regions(&mali.resolve(&source).unwrap()),
            ["/Africa/Western Africa/Niger"]
        );
        assert_eq!(source.loads.get(), 2);
        source.fingerprint = "another gazetteer".to_string();
        mali.resolve(&source).unwrap();
        assert_eq!(source.loads.get(), 3);
        mali.resolve(&source).unwrap();
        assert_eq!(source.loads.get(), 3);

        // A name the gazetteer does not know is an error every time.
        mali.filters.regions = vec!["atlantis".to_string()];
        assert!(mali.resolve(&source).is_err());
        assert!(mali.resolve(&source).is_err());

        // Without names, the gazetteer is not asked for.
        let mut plain = watch(FilterSpec {
            from: Some("2020".to_string()),
            ..FilterSpec::default()
        });
        plain.resolve(&source).unwrap();
        assert_eq!(source.loads.get(), 5);
        assert!(plain.state.resolved.is_none());
    }
}

//! Each watch's query, compiled once for a process and kept from one run
//! to the next. `sitrep index --watch` runs every watch after each commit;
//! compiling 1,000 saved queries again each time (parsing, analysing, the
//! table of names, the vocabulary) was the fixed cost of a commit, about as
//! much as matching 1,000 new documents. A kept query is used again when
//! compiling it again would give the same query: the watch's query and
//! resolved filters are the same, the index folder and its table of names
//! ([`crate::index::QUERY_NAMES_FILE`]) are the same, and the new view's
//! vocabulary gives the same answers for the terms that decided its form
//! ([`crate::query::Compiled::vocabulary`]). Otherwise it is compiled again.

use std::collections::HashMap;
use std::sync::Arc;

use super::matching::CompiledWith;
use super::{View, Watch, WatchName};
use crate::error::Result;
use crate::index::SitrepIndex;
use crate::query::{Compiled, Filters};

/// Compiled watch queries, kept for the runs of one process.
#[derive(Default)]
pub struct WatchQueries {
    /// What the kept queries were compiled with.
    compiled_with: Option<CompiledWith>,
    kept: HashMap<WatchName, Kept>,
}

/// A watch's query as compiled, with what it was compiled from.
struct Kept {
    query: String,
    filters: Filters,
    compiled: Arc<Compiled>,
}

impl WatchQueries {
    /// None kept yet.
    pub fn new() -> Self {
        WatchQueries::default()
    }

    /// `watch`'s query with `filters` (its filters resolved), compiled for
    /// `index` as `view` sees it: the kept one when it is the same query
    /// there, else compiled (with every check `search` makes) and kept.
    pub(super) fn compiled(
        &mut self,
        watch: &Watch,
        filters: Filters,
        index: &SitrepIndex,
        view: &View,
    ) -> Result<Arc<Compiled>> {
        if self.compiled_with.as_ref() != Some(&view.compiled_with) {
            self.kept.clear();
            self.compiled_with = Some(view.compiled_with.clone());
        }
        if let Some(kept) = self.kept.get(&watch.name) {
            if kept.query == watch.query
                && kept.filters == filters
                && view.vocabulary.answers(&kept.compiled.vocabulary)
            {
                return Ok(kept.compiled.clone());
            }
        }
        let compiled = Arc::new(watch.compile(index, view, filters.clone())?);
        self.kept.insert(
            watch.name.clone(),
            Kept {
                query: watch.query.clone(),
                filters,
                compiled: compiled.clone(),
            },
        );
        Ok(compiled)
    }
}

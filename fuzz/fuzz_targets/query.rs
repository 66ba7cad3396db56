//! The query front end: a query string and filters (`--from`, `--to`,
//! `--region`, `--actor`, one per line after the query) compiled against a
//! small real index and run. Every input gives results or one of the clean
//! errors a user sees; never a panic.
#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use sitrep::enrich::{Dimension, Gazetteer, GazetteerFiles};
use sitrep::index::{index_paths, IndexOptions, SitrepIndex};
use sitrep::query::{parse_date_bound, resolve_all, Filters};
use sitrep::search::{search_with, searcher, SearchRequest};
use sitrep::Error;
use tantivy::Searcher;

struct Fixture {
    _dir: tempfile::TempDir,
    index: SitrepIndex,
    searcher: Searcher,
    gazetteer: Gazetteer,
}

/// The bundled corpus's Wikinews articles, indexed once per fuzzing process.
fn fixture() -> &'static Fixture {
    static FIXTURE: OnceLock<Fixture> = OnceLock::new();
    FIXTURE.get_or_init(|| {
        let dir = tempfile::TempDir::new().unwrap();
        let index = SitrepIndex::open_or_create(&dir.path().join("idx")).unwrap();
        let gazetteer = Gazetteer::from_files(&GazetteerFiles::embedded()).unwrap();
        let corpus = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../corpus/wikinews");
        let options = IndexOptions {
            paths: vec![corpus],
            ..IndexOptions::default()
        };
        index_paths(&index, &gazetteer, &options, &|_| {}).unwrap();
        let searcher = searcher(&index).unwrap();
        Fixture {
            _dir: dir,
            index,
            searcher,
            gazetteer,
        }
    })
}

fn clean(result: Result<(), Error>) {
    match result {
        Ok(()) => {}
        Err(Error::QuerySyntax { .. } | Error::QueryTooBroad(_) | Error::BadArgument { .. }) => {}
        Err(other) => panic!("not a clean error: {other}"),
    }
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let f = fixture();
    let mut lines = text.split('\n');
    let query = lines.next().unwrap_or_default().to_string();
    let mut flag = |name: &'static str| {
        lines
            .next()
            .filter(|l| !l.is_empty())
            .map(|l| (name, l.to_string()))
    };
    let (from, to, region, actor) = (
        flag("--from"),
        flag("--to"),
        flag("--region"),
        flag("--actor"),
    );
    clean((|| {
        let date = |bound: &Option<(&str, String)>, arg| {
            bound
                .as_ref()
                .map(|(_, text)| parse_date_bound(text, arg))
                .transpose()
        };
        let names = |bound: &Option<(&str, String)>, dimension| match bound {
            Some((_, name)) => resolve_all(&f.gazetteer, dimension, &[name.clone()]),
            None => Ok(Vec::new()),
        };
        let filters = Filters {
            from: date(&from, sitrep::Arg::From)?,
            to: date(&to, sitrep::Arg::To)?,
            regions: names(&region, Dimension::Region)?,
            actors: names(&actor, Dimension::Actor)?,
        };
        let request = SearchRequest {
            query,
            filters,
            limit: 10,
            with_facets: data.len() % 2 == 0,
            ..SearchRequest::default()
        };
        let results = search_with(&f.index, &f.searcher, &request)?;
        assert!(results.hits.len() <= results.total.min(10));
        Ok(())
    })());
});

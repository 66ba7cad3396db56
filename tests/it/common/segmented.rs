//! The bundled corpus indexed a few files at a time, so that it has several
//! segments, with a file rewritten in place (deletions): for the checks that
//! a faster path (pruning, facet counts) gives the plain path's answers.

use std::sync::OnceLock;

use sitrep::enrich::{Gazetteer, GazetteerFiles};
use sitrep::index::{index_paths, IndexOptions, SitrepIndex};
use sitrep::search::searcher;
use tantivy::Searcher;
use tempfile::TempDir;

use crate::common;

/// The bundled corpus in several segments, with deletions.
pub struct Corpus {
    /// Where the index lives.
    pub dir: TempDir,
    pub index: SitrepIndex,
    pub searcher: Searcher,
    pub gazetteer: Gazetteer,
}

/// Built once per test process.
pub fn corpus() -> &'static Corpus {
    static CORPUS: OnceLock<Corpus> = OnceLock::new();
    CORPUS.get_or_init(|| {
        let dir = TempDir::new().unwrap();
        let index = SitrepIndex::open_or_create(&dir.path().join("idx")).unwrap();
        let gazetteer = Gazetteer::from_files(&GazetteerFiles::embedded()).unwrap();
        // A few inputs per run, each run its own segment (until the merge
        // policy's eight): the threshold is carried across several.
        let mut inputs: Vec<_> = std::fs::read_dir(common::corpus().join("current-events"))
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        inputs.sort();
        // Reports in French, Russian and Ukrainian: a word is then searched
        // in their `text_xx` fields too, as each language stems it.
        inputs.insert(0, common::corpus().join("multilingual"));
        inputs.push(common::corpus().join("wikinews"));
        inputs.push(common::seed());
        for chunk in inputs.chunks(3) {
            let options = IndexOptions {
                paths: chunk.to_vec(),
                ..IndexOptions::default()
            };
            index_paths(&index, &gazetteer, &options, &|_| {}).unwrap();
        }
        // Indexing one file again under a new name deletes nothing, so
        // rewrite one in place: its old documents become deletions.
        let copy = dir.path().join("2019.jsonl");
        std::fs::copy(common::corpus().join("current-events/2019.jsonl"), &copy).unwrap();
        let again = IndexOptions {
            paths: vec![copy.clone()],
            ..IndexOptions::default()
        };
        index_paths(&index, &gazetteer, &again, &|_| {}).unwrap();
        let text = std::fs::read_to_string(&copy).unwrap();
        let half: Vec<&str> = text.lines().step_by(2).collect();
        std::fs::write(&copy, half.join("\n") + "\n").unwrap();
        index_paths(&index, &gazetteer, &again, &|_| {}).unwrap();
        let searcher = searcher(&index).unwrap();
        let segments = searcher.segment_readers().len();
        assert!(segments >= 4, "want several segments, got {segments}");
        assert!(
            searcher
                .segment_readers()
                .iter()
                .any(|r| r.num_deleted_docs() > 0),
            "want deletions"
        );
        Corpus {
            dir,
            index,
            searcher,
            gazetteer,
        }
    })
}

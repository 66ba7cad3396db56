//! Stage 3: enriched articles -> a tantivy index on disk. `schema` says what
//! a document holds, `writer` walks input folders and (re)indexes them.

mod arabic;
mod copies;
mod fingerprint;
mod gate;
mod languages;
mod linkage;
mod merge;
mod schema;
mod sketch;
mod stemmer;
mod tokenizer;
mod ukrainian;
mod writer;

use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

use tantivy::directory::MmapDirectory;
use tantivy::store::{Compressor, ZstdCompressor};
use tantivy::{Index, IndexSettings};

pub(crate) use copies::{day_number, group_ids, GroupIds};
pub(crate) use fingerprint::{key_of as copy_key, Fingerprint};
pub use languages::{analyzer_for, analyzer_name, language_analyzer};
pub use merge::{BoundedMergePolicy, MAX_MERGE_BYTES};
pub use schema::{
    english_analyzer, is_stop_word, name_analyzer, Analysis, FieldName, FieldSpec, FieldType,
    Fields, SchemaSpec, MAX_TOKEN_BYTES,
};
pub(crate) use schema::{english_word_analyzer, WordAnalysis};
pub(crate) use sketch::{fingerprint_and_sketch, Sketch};
pub(crate) use tokenizer::WordTokenizer;
pub(crate) use writer::day_start;
pub use writer::{
    enriched_batches, index_paths, index_paths_with, Commit, EnrichedArticle, IndexOptions,
    IndexReport, DEFAULT_MAX_FILE_SIZE,
};

use crate::enrich::{FilterNames, Gazetteer, QueryNames};
use crate::error::{Error, Result};

/// The key under which each commit records the schema version.
const VERSION_KEY: &str = "sitrep_schema_version";
/// The key under which each commit records the gazetteer's fingerprint.
const GAZETTEER_KEY: &str = "sitrep_gazetteer";
/// The key under which each commit records the index's identity: made at
/// its first commit and kept by every later one, so a watch can tell an index
/// rebuilt from scratch (whose opstamps start again at 0) from the one it saw.
const INDEX_ID_KEY: &str = "sitrep_index_id";

/// The key under which each commit records what the next grouping pass
/// of reprints has to do ([`copies::GroupingState`]).
const GROUPING_KEY: &str = "sitrep_copies";

/// The saved searches ([`crate::watch`]), kept in the index folder.
pub const WATCHES_FILE: &str = "watches.json";
/// The table of the region and actor names a query's words are looked up in
/// ([`QueryNames`]), written by each indexing run from the gazetteer that
/// enriched its documents, so that a search reads a few hundred KB, not the
/// gazetteer, and finds the facets the index holds.
pub const QUERY_NAMES_FILE: &str = "query-names.tsv";
/// The table of the region and actor names filters take ([`FilterNames`]),
/// written with [`QUERY_NAMES_FILE`], so that `--region` and `--actor`
/// resolve without loading the gazetteer ([`read_filter_names`]).
pub const FILTER_NAMES_FILE: &str = "filter-names.tsv";
/// Files sitrep keeps inside the index folder beside tantivy's: `--rebuild`
/// keeps them, and a folder holding only them is not a folder "of other files".
pub const SIDE_FILES: &[&str] = &[WATCHES_FILE];

/// An open sitrep index: the tantivy index, its fields and the schema spec.
pub struct SitrepIndex {
    /// The tantivy index.
    pub index: Index,
    /// Field handles.
    pub fields: Fields,
    /// The schema description (boosts, default search fields).
    pub spec: SchemaSpec,
    /// Where it lives.
    pub dir: PathBuf,
    /// What facet counting keeps per segment across queries (segments never
    /// change): node maps, and counts over every document or a query of
    /// filters only.
    pub(crate) facet_cache: crate::facets::FacetCache,
    /// Per state of the segments, the documents whose group is shared, for
    /// counting a query's groups; a state for each grouping and the state
    /// before the last reload are kept.
    pub(crate) shared_groups:
        crate::facets::Bounded<crate::groups::SharedKey, crate::groups::SharedGroups>,
    /// The table of [`QUERY_NAMES_FILE`], read on first use; `None` when
    /// queries are compiled without it ([`SitrepIndex::without_query_names`]).
    query_names: OnceLock<Option<QueryNames>>,
    /// The gate every file written to the folder passes.
    writes: Arc<gate::WriteGate>,
}

impl SitrepIndex {
    /// Whether `dir` holds an index (of any program).
    pub fn exists(dir: &Path) -> bool {
        dir.join("meta.json").is_file()
    }

    /// Opens an existing index, checking that sitrep built it with this schema version.
    pub fn open(dir: &Path) -> Result<Self> {
        Self::open_with_searcher(dir).map(|(index, _)| index)
    }

    /// [`SitrepIndex::open`], with a searcher on the commit it opened: the
    /// one opening checks the segments with, so that a command that
    /// searches opens them once, not twice (~4% of the instructions of a
    /// cold `sitrep search` at 10,000 articles, callgrind 2026-12-08).
    pub fn open_with_searcher(dir: &Path) -> Result<(Self, tantivy::Searcher)> {
        if !Self::exists(dir) {
            return Err(Error::Index {
                path: dir.to_path_buf(),
                message: "no index here yet; build one with `sitrep index [PATH...]`".to_string(),
            });
        }
        let writes = Arc::new(gate::WriteGate::default());
        let index = Index::open(gated_directory(dir, &writes)?).map_err(|e| damaged(dir, &e))?;
        let spec = SchemaSpec::embedded();
        check_version(&index, dir, spec.version)?;
        // Opening every segment reads each file's footer: a truncated or
        // overwritten file is found here, with the fix, not mid-search.
        let searcher = index
            .reader_builder()
            .reload_policy(tantivy::ReloadPolicy::Manual)
            .try_into()
            .map(|reader: tantivy::IndexReader| reader.searcher())
            .map_err(|e| damaged(dir, &e))?;
        Ok((Self::wrap(index, dir, spec, writes)?, searcher))
    }

    /// Opens the index in `dir`, creating an empty one if there is none.
    /// A folder that holds other files is refused: an index is never mixed
    /// into a folder of documents by a mistyped `--index`.
    pub fn open_or_create(dir: &Path) -> Result<Self> {
        if Self::exists(dir) {
            return Self::open(dir);
        }
        if let Some(file) = foreign_file(dir) {
            return Err(Error::Index {
                path: dir.to_path_buf(),
                message: format!(
                    "the folder holds other files ({file}) but no index; give an empty or new folder to --index"
                ),
            });
        }
        std::fs::create_dir_all(dir).map_err(|e| Error::Index {
            path: dir.to_path_buf(),
            message: format!("cannot create the index directory: {e}"),
        })?;
        let spec = SchemaSpec::embedded();
        let writes = Arc::new(gate::WriteGate::default());
        let directory = gated_directory(dir, &writes)?;
        let index = Index::create(directory, spec.build(), index_settings()).map_err(|e| {
            let error = Error::from(e);
            match error.disk_full() {
                Some(detail) => Error::Index {
                    path: dir.to_path_buf(),
                    message: format!("cannot create the index: the disk is full ({detail}); free some space and run `sitrep index` again"),
                },
                None => error,
            }
        })?;
        Self::wrap(index, dir, spec, writes)
    }

    fn wrap(
        index: Index,
        dir: &Path,
        spec: SchemaSpec,
        writes: Arc<gate::WriteGate>,
    ) -> Result<Self> {
        schema::register_analyzers(&index);
        let fields = Fields::for_schema(&index.schema(), dir)?;
        Ok(SitrepIndex {
            index,
            fields,
            spec,
            dir: dir.to_path_buf(),
            facet_cache: Default::default(),
            shared_groups: crate::facets::Bounded::new(4),
            query_names: OnceLock::new(),
            writes,
        })
    }

    /// The region and actor names a query's words are looked up in, read
    /// from [`QUERY_NAMES_FILE`] on first use. `None` when the folder has
    /// no table of this version (an index no run of this version has
    /// written to yet: `sitrep index` writes it), which is not remembered,
    /// so that an indexing run in this process can still write it.
    pub fn query_names(&self) -> Option<&QueryNames> {
        if let Some(names) = self.query_names.get() {
            return names.as_ref();
        }
        let text = std::fs::read(self.dir.join(QUERY_NAMES_FILE)).ok()?;
        let names = QueryNames::parse(text)?;
        self.query_names.get_or_init(|| Some(names)).as_ref()
    }

    /// Whether queries are to use the table of names ([`SitrepIndex::query_names`])
    /// and the folder has none of this version.
    pub fn lacks_query_names(&self) -> bool {
        self.query_names().is_none() && self.query_names.get().is_none()
    }

    /// Compiles queries without the table of names: their words match only
    /// their own text, not the facets they name (what those clauses bring,
    /// for the evaluation and benchmark programs).
    pub fn without_query_names(&mut self) {
        self.query_names = OnceLock::from(None);
    }

    /// Writes the tables of `gazetteer`'s names ([`QUERY_NAMES_FILE`],
    /// [`FILTER_NAMES_FILE`]) into the folder, each unless the last
    /// commit's documents were enriched with the same gazetteer
    /// (`same_gazetteer`) and the table there is of this version (and, for
    /// filter names, of this gazetteer).
    pub(crate) fn write_query_names(
        &self,
        gazetteer: &Gazetteer,
        same_gazetteer: bool,
    ) -> Result<()> {
        let query_names_current = || {
            std::fs::read(self.dir.join(QUERY_NAMES_FILE))
                .ok()
                .and_then(QueryNames::parse)
                .is_some()
        };
        if !(same_gazetteer && query_names_current()) {
            let names = QueryNames::from_gazetteer(gazetteer);
            self.write_table(QUERY_NAMES_FILE, names.text(), "query names")?;
        }
        if !(same_gazetteer && read_filter_names(&self.dir, &gazetteer.fingerprint).is_some()) {
            let names = FilterNames::from_gazetteer(gazetteer);
            self.write_table(FILTER_NAMES_FILE, names.text(), "filter names")?;
        }
        Ok(())
    }

    /// Writes a table of names into the folder: to a hidden file, then
    /// renamed, so that a search never reads half a table.
    fn write_table(&self, file: &str, text: &[u8], what: &str) -> Result<()> {
        let path = self.dir.join(file);
        let temp = self.dir.join(format!(".{file}.tmp"));
        std::fs::write(&temp, text)
            .and_then(|()| std::fs::rename(&temp, &path))
            .map_err(|e| {
                // Best effort: a full disk gets the space back.
                let _ = std::fs::remove_file(&temp);
                Error::Index {
                    path: path.clone(),
                    message: format!("cannot write the table of {what}: {e}"),
                }
            })
    }

    /// The commit payload that marks an index as ours: the schema version,
    /// the fingerprint of the gazetteer its facets were extracted with, and
    /// the index's identity.
    pub(crate) fn commit_payload(
        &self,
        gazetteer_fingerprint: &str,
        index_id: &str,
        grouping: &copies::GroupingState,
    ) -> String {
        serde_json::json!({
            VERSION_KEY: self.spec.version,
            GAZETTEER_KEY: gazetteer_fingerprint,
            INDEX_ID_KEY: index_id,
            GROUPING_KEY: grouping,
        })
        .to_string()
    }

    /// What the last commit left for the grouping pass of reprints; a new
    /// index has every document still to group.
    pub(crate) fn grouping_state(&self) -> Result<copies::GroupingState> {
        Ok(self
            .index
            .load_metas()?
            .payload
            .as_deref()
            .and_then(|p| serde_json::from_str::<serde_json::Value>(p).ok())
            .and_then(|v| serde_json::from_value(v.get(GROUPING_KEY)?.clone()).ok())
            .unwrap_or_default())
    }

    /// The indexing run that was interrupted (killed) since the last commit,
    /// if any: its uncommitted files count in the size on disk until the
    /// next `sitrep index` removes them.
    pub fn interrupted_run(&self) -> Option<String> {
        writer::WriterNote::stale(&self.dir)
    }

    /// The gazetteer fingerprint recorded by the last commit, if any.
    pub fn gazetteer_fingerprint(&self) -> Result<Option<String>> {
        self.payload_string(GAZETTEER_KEY)
    }

    /// The identity recorded by the last commit; `None` before the first.
    pub fn index_id(&self) -> Result<Option<String>> {
        Ok(index_id_in(&self.index.load_metas()?))
    }

    fn payload_string(&self, key: &str) -> Result<Option<String>> {
        Ok(payload_string(&self.index.load_metas()?, key))
    }
}

/// The table of filter names in the index folder `dir`
/// ([`FILTER_NAMES_FILE`]), if it is there, of this version and written by
/// the gazetteer whose fingerprint is `gazetteer`: only then does it
/// resolve names as that gazetteer does.
pub fn read_filter_names(dir: &Path, gazetteer: &str) -> Option<FilterNames> {
    let text = std::fs::read(dir.join(FILTER_NAMES_FILE)).ok()?;
    FilterNames::parse(text).filter(|table| table.gazetteer() == gazetteer)
}

/// The index identity a commit recorded.
pub(crate) fn index_id_in(metas: &tantivy::IndexMeta) -> Option<String> {
    payload_string(metas, INDEX_ID_KEY)
}

fn payload_string(metas: &tantivy::IndexMeta, key: &str) -> Option<String> {
    metas
        .payload
        .as_deref()
        .and_then(|p| serde_json::from_str::<serde_json::Value>(p).ok())
        .and_then(|v| v.get(key)?.as_str().map(str::to_string))
}

/// A new index identity: unique enough to tell two builds apart (the clock
/// to the nanosecond, the process and the folder, hashed).
pub(crate) fn new_index_id(dir: &Path) -> String {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos());
    let seed = format!("{nanos} {} {}", std::process::id(), dir.display());
    format!("{:016x}", xxhash_rust::xxh3::xxh3_64(seed.as_bytes()))
}

/// Settings of a new index. The document store (stored fields, the larger
/// part of an index) is compressed with zstd at level 1 instead of tantivy's
/// default lz4: on 100,000 generated articles the index went from 109% to
/// 85% of the input, for about a tenth more indexing CPU (BENCHMARKS.md);
/// reading ten hits' blocks back costs microseconds either way. An index
/// keeps the settings it was created with.
fn index_settings() -> IndexSettings {
    IndexSettings {
        docstore_compression: Compressor::Zstd(ZstdCompressor {
            compression_level: Some(1),
        }),
        ..IndexSettings::default()
    }
}

/// The first entry of `dir` that neither tantivy nor sitrep would have
/// written there. Hidden files are tantivy's (`.managed.json`, lock files,
/// temporary files of an interrupted first commit), so a folder left by a run
/// killed while creating the index is not refused.
fn foreign_file(dir: &Path) -> Option<String> {
    std::fs::read_dir(dir)
        .ok()?
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .find(|name| {
            !name.starts_with('.')
                && name != writer::WriterNote::FILE
                && name != QUERY_NAMES_FILE
                && name != FILTER_NAMES_FILE
                && !SIDE_FILES.contains(&name.as_str())
        })
}

/// The error for an index whose files cannot be read, with the fix. The
/// tantivy message is cut to its first sentence: it can quote a whole file.
fn damaged(dir: &Path, e: &tantivy::TantivyError) -> Error {
    let detail = match e {
        tantivy::TantivyError::OpenReadError(
            tantivy::directory::error::OpenReadError::IoError { io_error, filepath },
        ) => format!("{}: {io_error}", filepath.display()),
        other => other.to_string(),
    };
    let first = detail.split(". ").next().unwrap_or(&detail);
    let short: String = first.chars().take(200).collect();
    Error::Index {
        path: dir.to_path_buf(),
        message: format!(
            "it is damaged or incomplete ({short}); rebuild it with `sitrep index --rebuild`"
        ),
    }
}

/// The folder as tantivy sees it: memory-mapped, its new files passing
/// `writes`.
fn gated_directory(dir: &Path, writes: &Arc<gate::WriteGate>) -> Result<gate::GatedDirectory> {
    let directory = MmapDirectory::open(dir).map_err(|e| Error::Index {
        path: dir.to_path_buf(),
        message: e.to_string(),
    })?;
    Ok(gate::GatedDirectory::new(directory, Arc::clone(writes)))
}

fn check_version(index: &Index, dir: &Path, expected: u32) -> Result<()> {
    let metas = index.load_metas()?;
    // An index with no commit yet has no payload; it is empty and harmless.
    if metas.segments.is_empty() && metas.payload.is_none() {
        return Ok(());
    }
    let found = metas
        .payload
        .as_deref()
        .and_then(|p| serde_json::from_str::<serde_json::Value>(p).ok())
        .and_then(|v| v.get(VERSION_KEY).and_then(|n| n.as_u64()));
    match found {
        Some(v) if v == u64::from(expected) => Ok(()),
        Some(v) => Err(Error::Index {
            path: dir.to_path_buf(),
            message: format!(
                "it has schema version {v}, this sitrep reads version {expected}{}; rebuild it with `sitrep index --rebuild`",
                if v > u64::from(expected) { " (it was built by a newer sitrep)" } else { "" }
            ),
        }),
        None => Err(Error::Index {
            path: dir.to_path_buf(),
            message: "it is a tantivy index that sitrep did not build; use another --index directory or rebuild it with `sitrep index --rebuild`".to_string(),
        }),
    }
}

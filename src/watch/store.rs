//! The file of saved searches, `watches.json` in the index folder (it goes
//! where `--index` goes, and `--rebuild` keeps it). Every change is written
//! to a temporary file in the same folder, flushed to disk, and renamed over
//! the old one, then the folder is flushed: a crash leaves the old file or
//! the new one, never half of one. Changes happen under an advisory lock on
//! `.watches.lock`, so two runs (cron overlapping itself, `index --watch`
//! beside `watch run`, the web page saving a search) never both report the
//! same documents or lose each other's changes.

use std::fs::{File, OpenOptions};
use std::io::Write;
use std::path::{Path, PathBuf};

use fs4::fs_std::FileExt;
use serde::{Deserialize, Serialize};

use super::Watch;
use crate::error::{Arg, Error, Result};
use crate::index::WATCHES_FILE;

/// The lock file, hidden so that tantivy and `sitrep index` ignore it.
const LOCK_FILE: &str = ".watches.lock";
/// The format of the file; a newer one is refused rather than overwritten.
const VERSION: u32 = 1;

/// Where the watches of one index are kept.
#[derive(Debug, Clone)]
pub struct WatchStore {
    dir: PathBuf,
}

/// Every watch of an index, in the order they were added.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Watches {
    version: u32,
    /// The watches.
    pub watches: Vec<Watch>,
}

impl Default for Watches {
    fn default() -> Self {
        Watches {
            version: VERSION,
            watches: Vec::new(),
        }
    }
}

impl WatchStore {
    /// The watches of the index in `index_dir`.
    pub fn for_index(index_dir: &Path) -> Self {
        WatchStore {
            dir: index_dir.to_path_buf(),
        }
    }

    /// The file's path.
    pub fn path(&self) -> PathBuf {
        self.dir.join(WATCHES_FILE)
    }

    /// The watches as last saved (none if the file does not exist), for
    /// reading only: `watch list`, the feeds.
    pub fn read(&self) -> Result<Watches> {
        let path = self.path();
        let text = match std::fs::read_to_string(&path) {
            Ok(text) => text,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Watches::default()),
            Err(e) => return Err(self.error(format!("cannot read it: {e}"))),
        };
        let watches: Watches = serde_json::from_str(&text).map_err(|e| {
            self.error(format!(
                "not a file of saved searches ({e}); fix it or move it away"
            ))
        })?;
        if watches.version > VERSION {
            return Err(self.error(format!(
                "it has format version {}, this sitrep reads version {VERSION}: it was written by a newer sitrep",
                watches.version
            )));
        }
        Ok(watches)
    }

    /// Takes the lock (waiting for another holder to finish) and reads the
    /// watches, to change them and [`LockedWatches::save`] them.
    pub fn lock(&self) -> Result<LockedWatches> {
        std::fs::create_dir_all(&self.dir)
            .map_err(|e| self.error(format!("cannot create the folder: {e}")))?;
        let lock = OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(self.dir.join(LOCK_FILE))
            .and_then(|file| file.lock_exclusive().map(|()| file))
            .map_err(|e| self.error(format!("cannot lock {LOCK_FILE}: {e}")))?;
        Ok(LockedWatches {
            watches: self.read()?,
            store: self.clone(),
            _lock: lock,
        })
    }

    fn error(&self, message: String) -> Error {
        Error::Watches {
            path: self.path(),
            message,
        }
    }

    /// Writes `watches` in place of the file, atomically and durably.
    fn write(&self, watches: &Watches) -> Result<()> {
        let fail = |what: &str, e: &dyn std::fmt::Display| {
            self.error(format!(
                "cannot save the watches ({what}: {e}); the file is unchanged"
            ))
        };
        let json = serde_json::to_vec_pretty(watches).map_err(|e| fail("encoding", &e))?;
        let mut temp = tempfile::Builder::new()
            .prefix(".watches.")
            .suffix(".tmp")
            .tempfile_in(&self.dir)
            .map_err(|e| fail("temporary file", &e))?;
        temp.write_all(&json)
            .and_then(|()| temp.write_all(b"\n"))
            .and_then(|()| temp.as_file().sync_all())
            .map_err(|e| fail("writing", &e))?;
        temp.persist(self.path())
            .map_err(|e| fail("renaming", &e.error))?;
        // The rename is durable once the folder's entry is on disk.
        File::open(&self.dir)
            .and_then(|dir| dir.sync_all())
            .map_err(|e| fail("flushing the folder", &e))
    }
}

/// The watches, read under the lock; the lock is released when dropped.
pub struct LockedWatches {
    /// The watches; change them, then [`LockedWatches::save`].
    pub watches: Watches,
    store: WatchStore,
    _lock: File,
}

impl LockedWatches {
    /// Writes the watches back (atomically).
    pub fn save(&self) -> Result<()> {
        self.store.write(&self.watches)
    }
}

impl Watches {
    /// The watch of that name.
    pub fn get(&self, name: &str) -> Option<&Watch> {
        self.watches.iter().find(|w| w.name.as_str() == name)
    }

    /// Adds `watch`; a name already taken is refused.
    pub fn add(&mut self, watch: Watch) -> Result<()> {
        if self.get(watch.name.as_str()).is_some() {
            return Err(Error::BadArgument {
                arg: Arg::WatchName,
                message: format!(
                    "a watch named `{}` exists already (`sitrep watch rm {}` first to replace it)",
                    watch.name, watch.name
                ),
            });
        }
        self.watches.push(watch);
        Ok(())
    }

    /// Removes the watch of that name.
    pub fn remove(&mut self, name: &str) -> Result<Watch> {
        let at = self.position(name)?;
        Ok(self.watches.remove(at))
    }

    /// The indexes of the watches named, in the order given, or of all when
    /// none is; an unknown name is an error listing the known ones.
    pub fn select(&self, names: &[String]) -> Result<Vec<usize>> {
        if names.is_empty() {
            return Ok((0..self.watches.len()).collect());
        }
        let mut out = Vec::new();
        for name in names {
            let at = self.position(name)?;
            if !out.contains(&at) {
                out.push(at);
            }
        }
        Ok(out)
    }

    fn position(&self, name: &str) -> Result<usize> {
        self.watches
            .iter()
            .position(|w| w.name.as_str() == name)
            .ok_or_else(|| {
                let known: Vec<&str> = self.watches.iter().map(|w| w.name.as_str()).collect();
                Error::BadArgument {
                    arg: Arg::WatchName,
                    message: if known.is_empty() {
                        format!("no watch named `{name}`: there are none yet (`sitrep watch add NAME QUERY`)")
                    } else {
                        format!("no watch named `{name}`; the watches are {}", known.join(", "))
                    },
                }
            })
    }
}

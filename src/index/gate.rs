//! The index folder as tantivy writes to it, with a gate on new files.
//!
//! When a worker thread of tantivy's writer fails (a full disk), the writer
//! joins its workers until the first error and lets the others run on,
//! detached: they go on writing segment files after the run has given up.
//! Whatever they create after the run collected the failed batch's files
//! stays behind. [`WriteGate::shut_and_drain`] shuts the gate for good, so
//! those threads fail at their next file, and waits for the files still
//! open to close before the run collects.

use std::io::{self, Write};
use std::path::Path;
use std::sync::{Arc, Condvar, Mutex, MutexGuard};
use std::time::{Duration, Instant};

use tantivy::directory::error::{DeleteError, LockError, OpenReadError, OpenWriteError};
use tantivy::directory::{
    AntiCallToken, Directory, DirectoryLock, FileHandle, FileSlice, Lock, MmapDirectory,
    TerminatingWrite, WatchCallback, WatchHandle, WritePtr,
};

/// Counts the files being written through a [`GatedDirectory`] and refuses
/// new ones while shut.
#[derive(Debug, Default)]
pub struct WriteGate {
    state: Mutex<GateState>,
    idle: Condvar,
}

#[derive(Debug, Default)]
struct GateState {
    shut: bool,
    open_files: usize,
}

impl WriteGate {
    fn state(&self) -> MutexGuard<'_, GateState> {
        // The state is two plain fields, valid whatever a panicking holder did.
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Shuts the gate for good and waits up to `patience` for every file
    /// being written to close. The gate never opens again: a writer's
    /// detached workers may still hold documents they would write out as a
    /// segment later, and a file created after the run collected its
    /// failed batch would stay behind. A later run opens the index anew.
    pub fn shut_and_drain(&self, patience: Duration) {
        let deadline = Instant::now() + patience;
        let mut state = self.state();
        state.shut = true;
        while state.open_files > 0 {
            let left = deadline.saturating_duration_since(Instant::now());
            if left.is_zero() {
                break;
            }
            state = self
                .idle
                .wait_timeout(state, left)
                .unwrap_or_else(|e| e.into_inner())
                .0;
        }
    }

    fn enter(&self, path: &Path) -> Result<(), OpenWriteError> {
        let mut state = self.state();
        if state.shut {
            return Err(OpenWriteError::wrap_io_error(
                io::Error::other(
                    "an indexing run on this handle was abandoned; open the index again to write",
                ),
                path.to_path_buf(),
            ));
        }
        state.open_files += 1;
        Ok(())
    }

    fn leave(&self) {
        let mut state = self.state();
        state.open_files -= 1;
        if state.open_files == 0 {
            self.idle.notify_all();
        }
    }
}

/// An [`MmapDirectory`] whose new files pass a [`WriteGate`].
#[derive(Debug, Clone)]
pub struct GatedDirectory {
    inner: MmapDirectory,
    gate: Arc<WriteGate>,
}

impl GatedDirectory {
    /// Wraps `inner`; files written through it pass `gate`.
    pub fn new(inner: MmapDirectory, gate: Arc<WriteGate>) -> Self {
        GatedDirectory { inner, gate }
    }
}

impl Directory for GatedDirectory {
    fn get_file_handle(&self, path: &Path) -> Result<Arc<dyn FileHandle>, OpenReadError> {
        self.inner.get_file_handle(path)
    }

    fn open_read(&self, path: &Path) -> Result<FileSlice, OpenReadError> {
        self.inner.open_read(path)
    }

    fn delete(&self, path: &Path) -> Result<(), DeleteError> {
        self.inner.delete(path)
    }

    fn exists(&self, path: &Path) -> Result<bool, OpenReadError> {
        self.inner.exists(path)
    }

    fn open_write(&self, path: &Path) -> Result<WritePtr, OpenWriteError> {
        self.gate.enter(path)?;
        // Counted before the file exists, so that a shut gate waits for it;
        // dropped on any error below, which leaves the gate.
        let mut file = GatedFile {
            gate: Arc::clone(&self.gate),
            inner: None,
        };
        let opened = self.inner.open_write(path)?;
        let inner = opened
            .into_inner()
            .map_err(|e| OpenWriteError::wrap_io_error(e.into_error(), path.to_path_buf()))?;
        file.inner = Some(inner);
        Ok(WritePtr::new(Box::new(file)))
    }

    fn atomic_read(&self, path: &Path) -> Result<Vec<u8>, OpenReadError> {
        self.inner.atomic_read(path)
    }

    fn atomic_write(&self, path: &Path, data: &[u8]) -> io::Result<()> {
        self.inner.atomic_write(path, data)
    }

    fn sync_directory(&self) -> io::Result<()> {
        self.inner.sync_directory()
    }

    fn acquire_lock(&self, lock: &Lock) -> Result<DirectoryLock, LockError> {
        self.inner.acquire_lock(lock)
    }

    fn watch(&self, watch_callback: WatchCallback) -> tantivy::Result<WatchHandle> {
        self.inner.watch(watch_callback)
    }
}

/// A file being written; leaves the gate when dropped.
struct GatedFile {
    gate: Arc<WriteGate>,
    inner: Option<Box<dyn TerminatingWrite + Send + Sync>>,
}

impl GatedFile {
    fn inner(&mut self) -> io::Result<&mut Box<dyn TerminatingWrite + Send + Sync>> {
        self.inner
            .as_mut()
            .ok_or_else(|| io::Error::other("file already closed"))
    }
}

impl Write for GatedFile {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.inner()?.write(buf)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.inner()?.flush()
    }
}

impl TerminatingWrite for GatedFile {
    fn terminate_ref(&mut self, token: AntiCallToken) -> io::Result<()> {
        self.inner()?.terminate_ref(token)
    }
}

impl Drop for GatedFile {
    fn drop(&mut self) {
        // The file closes before the gate hears of it.
        self.inner = None;
        self.gate.leave();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn gated() -> (tempfile::TempDir, GatedDirectory, Arc<WriteGate>) {
        let dir = tempfile::TempDir::new().unwrap();
        let gate = Arc::new(WriteGate::default());
        let directory = GatedDirectory::new(MmapDirectory::open(dir.path()).unwrap(), gate.clone());
        (dir, directory, gate)
    }

    #[test]
    fn a_gate_lets_files_through_until_it_is_shut_for_good() {
        let (_dir, directory, gate) = gated();
        let mut file = directory.open_write(Path::new("a.store")).unwrap();
        file.write_all(b"text").unwrap();
        file.terminate().unwrap();
        assert_eq!(
            directory.atomic_read(Path::new("a.store")).unwrap(),
            b"text"
        );
        gate.shut_and_drain(Duration::from_secs(1));
        let refused = directory.open_write(Path::new("b.store")).err().unwrap();
        assert!(refused.to_string().contains("abandoned"), "{refused}");
        assert!(!directory.exists(Path::new("b.store")).unwrap());
    }

    #[test]
    fn shutting_waits_for_the_files_being_written() {
        let (_dir, directory, gate) = gated();
        let mut file = directory.open_write(Path::new("b.store")).unwrap();
        let writer = std::thread::spawn(move || {
            std::thread::sleep(Duration::from_millis(200));
            file.write_all(b"late").unwrap();
            file.terminate().unwrap();
        });
        let started = Instant::now();
        gate.shut_and_drain(Duration::from_secs(30));
        let waited = started.elapsed();
        assert!(waited >= Duration::from_millis(200), "{waited:?}");
        writer.join().unwrap();
    }

    #[test]
    fn shutting_gives_up_waiting_after_its_patience() {
        let (_dir, directory, gate) = gated();
        let _held = directory.open_write(Path::new("c.store")).unwrap();
        let started = Instant::now();
        gate.shut_and_drain(Duration::from_millis(50));
        assert!(started.elapsed() < Duration::from_secs(5));
    }
}

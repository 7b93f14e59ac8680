//! One writer per output folder at a time.
//!
//! Two builds writing one `output/` at once would remove each other's files and rename
//! each other's temporary files into place. So whoever writes the folder (`build`'s write
//! stage, each `serve` rebuild) first takes an exclusive lock on `output/.gazette-writing`
//! (`File::try_lock`, an advisory lock the operating system releases when the process dies,
//! even by SIGKILL) and writes its process id into it. A second writer does not wait: it
//! fails at once with [`LockError::Busy`], naming that process, and writes nothing.
//!
//! The file is removed when the writer finishes. Found present but unlocked, it was left by
//! a writer that was killed: the new writer takes it over and says so (`was_interrupted`),
//! and its full pass repairs the folder.

use std::fs::{self, File, OpenOptions, TryLockError};
use std::io::{self, ErrorKind, Read, Write};
use std::path::{Path, PathBuf};

/// The lock file in the output folder; present while a writer writes, or after one was killed.
pub const LOCK_FILE: &str = ".gazette-writing";

/// The exclusive right to write one output folder; released when dropped.
#[derive(Debug)]
pub struct OutputLock {
    file: Option<File>,
    path: PathBuf,
    interrupted: bool,
}

/// Why the lock could not be taken.
#[derive(Debug, thiserror::Error)]
pub enum LockError {
    /// Another live process holds it.
    #[error("another gazette process is writing the output folder ({})", describe(*.pid))]
    Busy {
        /// The output folder.
        output: PathBuf,
        /// The holder's process id, when it had written it yet.
        pid: Option<u32>,
    },
    /// The lock file could not be created or locked.
    #[error("cannot lock {}: {source}", .output.display())]
    Io {
        /// The output folder.
        output: PathBuf,
        /// What failed.
        source: io::Error,
    },
}

impl OutputLock {
    /// Takes the lock of `output` (which must exist), or fails at once when it is held.
    pub fn acquire(output: &Path) -> Result<OutputLock, LockError> {
        let path = output.join(LOCK_FILE);
        let io = |source: io::Error| LockError::Io {
            output: output.to_path_buf(),
            source,
        };
        // A holder that finishes removes the file: one who opened it just before then locks
        // a file no longer in the folder, notices, and tries again.
        for _ in 0..16 {
            let (mut file, existed) = match OpenOptions::new()
                .read(true)
                .write(true)
                .create_new(true)
                .open(&path)
            {
                Ok(file) => (file, false),
                Err(err) if err.kind() == ErrorKind::AlreadyExists => {
                    match OpenOptions::new().read(true).write(true).open(&path) {
                        Ok(file) => (file, true),
                        Err(err) if err.kind() == ErrorKind::NotFound => continue,
                        Err(err) => return Err(io(err)),
                    }
                }
                Err(err) => return Err(io(err)),
            };
            match file.try_lock() {
                Ok(()) => {}
                Err(TryLockError::WouldBlock) => {
                    return Err(LockError::Busy {
                        output: output.to_path_buf(),
                        pid: read_pid(&mut file),
                    });
                }
                Err(TryLockError::Error(err)) => return Err(io(err)),
            }
            if !is_same_file(&file, &path) {
                continue;
            }
            file.set_len(0).map_err(io)?;
            file.write_all(std::process::id().to_string().as_bytes())
                .map_err(io)?;
            return Ok(OutputLock {
                file: Some(file),
                path,
                interrupted: existed,
            });
        }
        Err(io(io::Error::other(
            "the lock file kept changing; is another build starting and stopping?",
        )))
    }

    /// True when the lock file was left by a writer that was killed.
    pub fn was_interrupted(&self) -> bool {
        self.interrupted
    }
}

impl Drop for OutputLock {
    fn drop(&mut self) {
        // Removed while still locked, so no one can lock the old file and believe it theirs
        // (Windows cannot remove an open file: close it first there).
        if cfg!(unix) {
            let _ = fs::remove_file(&self.path);
            drop(self.file.take());
        } else {
            drop(self.file.take());
            let _ = fs::remove_file(&self.path);
        }
    }
}

fn describe(pid: Option<u32>) -> String {
    match pid {
        Some(pid) => format!("pid {pid}"),
        None => "a process that is starting".to_string(),
    }
}

fn read_pid(file: &mut File) -> Option<u32> {
    let mut text = String::new();
    file.read_to_string(&mut text).ok()?;
    text.trim().parse().ok()
}

#[cfg(unix)]
fn is_same_file(file: &File, path: &Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    match (file.metadata(), fs::metadata(path)) {
        (Ok(open), Ok(named)) => open.dev() == named.dev() && open.ino() == named.ino(),
        _ => false,
    }
}

#[cfg(not(unix))]
fn is_same_file(_file: &File, path: &Path) -> bool {
    path.exists()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_second_writer_is_refused_until_the_first_finishes() {
        let dir = tempfile::tempdir().unwrap();
        let first = OutputLock::acquire(dir.path()).unwrap();
        assert!(!first.was_interrupted());
        match OutputLock::acquire(dir.path()) {
            Err(LockError::Busy { pid, .. }) => assert_eq!(pid, Some(std::process::id())),
            other => panic!("expected Busy, got {other:?}"),
        }
        drop(first);
        assert!(!dir.path().join(LOCK_FILE).exists());
        let second = OutputLock::acquire(dir.path()).unwrap();
        assert!(!second.was_interrupted());
    }

    /// A writer that has locked the file but not yet written its pid in it is named as a
    /// process that is starting, and still refused.
    #[test]
    fn a_writer_that_is_starting_is_refused_as_starting() {
        let dir = tempfile::tempdir().unwrap();
        let file = OpenOptions::new()
            .read(true)
            .write(true)
            .create_new(true)
            .open(dir.path().join(LOCK_FILE))
            .unwrap();
        file.try_lock().unwrap();
        let refused = OutputLock::acquire(dir.path()).unwrap_err();
        assert!(
            matches!(refused, LockError::Busy { pid: None, .. }),
            "{refused:?}"
        );
        assert!(
            refused.to_string().ends_with("(a process that is starting)"),
            "{refused}"
        );
    }

    /// The holder removes the lock file as it finishes: one who opened it just before then
    /// holds a lock on a file no longer in the folder, and must try again, not write.
    #[test]
    fn a_new_file_at_the_lock_path_is_not_the_file_locked_before() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(LOCK_FILE);
        fs::write(&path, "").unwrap();
        let stale = OpenOptions::new().read(true).write(true).open(&path).unwrap();
        fs::remove_file(&path).unwrap();
        fs::write(&path, "").unwrap();
        assert!(
            !is_same_file(&stale, &path),
            "a new file at the lock's path is another file"
        );
        let lock = OutputLock::acquire(dir.path()).unwrap();
        assert!(is_same_file(lock.file.as_ref().unwrap(), &path));
    }

    /// Failing to make the lock file is that failure, not "the lock file kept changing".
    #[test]
    fn a_folder_that_cannot_hold_the_lock_is_an_error_saying_why() {
        let dir = tempfile::tempdir().unwrap();
        let missing = dir.path().join("missing");
        match OutputLock::acquire(&missing) {
            Err(LockError::Io { source, .. }) => assert_eq!(source.kind(), ErrorKind::NotFound),
            other => panic!("expected the missing folder, got {other:?}"),
        }
        // A folder where the lock file belongs: it exists, and cannot be opened as a file.
        fs::create_dir(dir.path().join(LOCK_FILE)).unwrap();
        match OutputLock::acquire(dir.path()) {
            Err(LockError::Io { source, .. }) => {
                assert_eq!(source.raw_os_error(), Some(libc::EISDIR), "{source}")
            }
            other => panic!("expected a folder in the way, got {other:?}"),
        }
    }

    #[test]
    fn a_lock_file_left_by_a_killed_writer_is_taken_over() {
        let dir = tempfile::tempdir().unwrap();
        fs::write(dir.path().join(LOCK_FILE), "999999999").unwrap();
        let lock = OutputLock::acquire(dir.path()).unwrap();
        assert!(lock.was_interrupted());
        assert_eq!(
            fs::read_to_string(dir.path().join(LOCK_FILE)).unwrap(),
            std::process::id().to_string()
        );
    }

    #[test]
    fn the_message_names_the_folder_and_the_process() {
        let err = LockError::Busy {
            output: PathBuf::from("site/output"),
            pid: Some(42),
        };
        assert_eq!(
            err.to_string(),
            "another gazette process is writing the output folder (pid 42)"
        );
    }
}

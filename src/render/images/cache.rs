//! Copies of pictures kept between builds in `.gazette-cache/images/`, each named by the
//! hash of its original's bytes and of the operation that made it: a rebuild finds them
//! there and decodes nothing, whatever the original is called or wherever it moved.

use std::collections::HashSet;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::SystemTime;

use super::process::Operation;

/// Bumped when a copy of the same original and operation would come out otherwise.
const VERSION: u32 = 1;

/// The folder of kept copies.
pub(crate) struct Cache {
    dir: PathBuf,
}

impl Cache {
    /// The cache of the site at `root`.
    pub(crate) fn new(root: &Path) -> Cache {
        Cache {
            dir: root.join(crate::write::manifest::CACHE_DIR).join("images"),
        }
    }

    /// The hash that names a copy of the original hashed `source` made by `operation`.
    pub(crate) fn key(source: u64, operation: &Operation) -> u64 {
        let described = format!("{VERSION} {source:016x} {operation:?}");
        xxhash_rust::xxh3::xxh3_64(described.as_bytes())
    }

    /// Where the copy with `key` is kept.
    pub(crate) fn file(&self, key: u64, operation: &Operation) -> PathBuf {
        self.dir
            .join(format!("{key:016x}.{}", operation.format.extension()))
    }

    /// Keeps a copy; written beside and renamed, so an interrupted build leaves no half
    /// file that a later one would take for whole.
    /// Two builds of one site at once (into two output folders) may both make a copy: each
    /// writes its own partial file, and the second rename replaces the first copy with an
    /// identical one.
    pub(crate) fn store(&self, file: &Path, bytes: &[u8]) -> std::io::Result<()> {
        static PARTIALS: AtomicUsize = AtomicUsize::new(0);
        std::fs::create_dir_all(&self.dir)?;
        let n = PARTIALS.fetch_add(1, Ordering::Relaxed);
        let partial = file.with_extension(format!("{}-{n}.partial", std::process::id()));
        let mut out = std::fs::File::create(&partial)?;
        out.write_all(bytes)?;
        drop(out);
        std::fs::rename(&partial, file)
    }

    /// Marks a kept copy as used now, so that a build of the same site running beside this
    /// one does not sweep it away.
    pub(crate) fn touch(&self, file: &Path) {
        if let Ok(kept) = std::fs::File::options().append(true).open(file) {
            let _ = kept.set_modified(SystemTime::now());
        }
    }

    /// Removes the copies no page of this build uses and no build used since `since`.
    pub(crate) fn sweep(&self, used: &HashSet<PathBuf>, since: SystemTime) -> std::io::Result<usize> {
        let Ok(entries) = std::fs::read_dir(&self.dir) else {
            return Ok(0);
        };
        let mut removed = 0;
        for entry in entries.flatten() {
            let path = entry.path();
            let recent = entry
                .metadata()
                .and_then(|m| m.modified())
                .is_ok_and(|modified| modified >= since);
            let kept = used.contains(&path) || recent || path.file_name() == Some(REQUESTS.as_ref());
            if path.is_file() && !kept {
                match std::fs::remove_file(&path) {
                    Err(err) if err.kind() != std::io::ErrorKind::NotFound => return Err(err),
                    _ => removed += 1,
                }
            }
        }
        Ok(removed)
    }

    /// The pictures templates asked for in the last build, one per line: a page the next
    /// build keeps without rendering it still needs its copies published.
    pub(crate) fn requests(&self) -> Vec<String> {
        std::fs::read_to_string(self.dir.join(REQUESTS))
            .map(|text| text.lines().map(str::to_string).collect())
            .unwrap_or_default()
    }

    /// Saves what `requests` reads next time.
    pub(crate) fn save_requests(&self, lines: &[String]) -> std::io::Result<()> {
        let file = self.dir.join(REQUESTS);
        if lines.is_empty() {
            return match std::fs::remove_file(file) {
                Err(err) if err.kind() != std::io::ErrorKind::NotFound => Err(err),
                _ => Ok(()),
            };
        }
        self.store(&file, (lines.join("\n") + "\n").as_bytes())
    }
}

const REQUESTS: &str = "requests.txt";

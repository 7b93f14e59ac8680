//! The boundary between rendering and writing: render hands every finished page to a
//! [`PageSink`], and asks a [`PageCache`] whether a page needs rendering at all.
//!
//! `build` stages pages into the output folder as they render (`write::staging`), `serve`
//! overwrites them in place, and `check`, the tests and the benchmarks keep them in
//! [`Memory`]. The cache is the manifest of the last build (`write::manifest`). Render knows
//! none of them, so writing can change without touching a page's context.

use std::io;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use super::fingerprint::Known;
use crate::model::output::OutputFile;

/// Where finished pages go. Called from every rendering thread at once.
pub trait PageSink: Sync {
    /// Takes one finished page; an error fails that page, at its path.
    fn put(&self, file: OutputFile) -> io::Result<()>;
}

/// What the last build left, for pages whose inputs did not change.
pub trait PageCache: Sync {
    /// Hashes of the values pages are made of (cards, the site), so a page's inputs hash
    /// without hashing each card again.
    fn known(&self) -> &Known;

    /// Whether the page at `path` (relative to the output folder) with fingerprint `inputs`
    /// is already on disk as this build would write it; it is then not rendered.
    fn keeps(&self, path: &Path, inputs: u64) -> bool;

    /// Whether every file the last build made under `folder` (relative to the output
    /// folder) was made from `inputs` and is on disk as it left it; they are then all kept.
    /// For files made together from one input, such as the search index.
    fn keeps_all(&self, folder: &Path, inputs: u64) -> bool;

    /// Notes a page this build rendered, to be kept next time if its inputs stay the same.
    fn made(&self, path: PathBuf, inputs: u64, reads_site: bool);

    /// Notes a page this build rendered that the next renders again whatever its inputs
    /// (its fingerprint is not known, or it warned): the next build still needs to know
    /// it wrote the page, to remove it if the site no longer makes it.
    fn made_every_time(&self, path: PathBuf);
}

/// Pages kept in memory: for `check`, which writes nothing, for `serve`'s sessions, which
/// write only what changed, and for tests.
#[derive(Debug, Default)]
pub struct Memory {
    files: Mutex<Vec<OutputFile>>,
}

impl Memory {
    /// An empty sink.
    pub fn new() -> Memory {
        Memory::default()
    }

    /// The pages taken, by path (threads hand them over in no particular order).
    pub fn into_files(self) -> Vec<OutputFile> {
        let mut files = self
            .files
            .into_inner()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        files.sort_unstable_by(|a, b| a.path.cmp(&b.path));
        files
    }
}

impl PageSink for Memory {
    fn put(&self, mut file: OutputFile) -> io::Result<()> {
        // Kept until the site is written: without the slack.
        file.bytes.shrink_to_fit();
        let mut files = self.files.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        files.push(file);
        Ok(())
    }
}

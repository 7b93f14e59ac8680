//! Pages written as they render, published only if the whole build succeeds.
//!
//! Holding every rendered page until the last one rendered (so that a failed build writes
//! nothing) made the rendered HTML the largest part of a build's memory: 190 MB at 10,000
//! items. `build` instead hands each page to `Staging` as soon as it is rendered: a page
//! whose file already holds its bytes is noted and dropped; any other is written under a
//! temporary name in its folder and dropped. `commit` renames them all into place and then
//! does what `output::write` does for the rest; a build that fails drops the `Staging`,
//! which removes its temporary files and the folders it made, so `output/` is as it was.
//!
//! Into an output folder this build made (a fresh clone, a new `--output`), a page is
//! written straight to its place: there is no previous site for it to replace, and the
//! check, temporary name and rename it saves were a tenth of the kernel's share of such a
//! build (BENCHMARKS.md). A failed build removes the folder whole, as before.
//! The folder's lock is held from the first page to the end. If the process is killed,
//! the lock file it leaves makes the next build repair the folder (temporary files and
//! emptied folders are removed by the write stage's full pass).

use std::collections::HashSet;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use rayon::prelude::*;

use crate::model::output::{OutputFile, StaticFile};
use crate::render::PageSink;
use crate::write::lock::{LockError, OutputLock};
use crate::write::output::{self, Prune, RealFolders, WriteError, WriteReport};
use crate::write::previous_pages::KeptPages;

/// The output folder while a build renders into it.
pub(crate) struct Staging {
    output: PathBuf,
    lock: Option<OutputLock>,
    /// The output folder did not exist before this build.
    made_output: bool,
    /// Paths of static files: a generated feed, sitemap or robots.txt there is replaced.
    statics: HashSet<PathBuf>,
    /// Which folders of the output folder are real ones: a page under a link, a pipe or the
    /// like is written by `commit`, which replaces it with a real folder.
    folders: Arc<RealFolders>,
    state: Mutex<State>,
    /// Pages written straight to their place in a fresh output folder (which a failed
    /// build removes whole, these with it): counted, and listed only when asked
    /// (`list_created`), since nothing in that folder can be stale and a list of a million
    /// paths would be some 80 MB.
    created: AtomicUsize,
    list_created: bool,
    /// HTML pages taken, for the count of pages the build reports.
    html_pages: AtomicUsize,
    committed: bool,
}

#[derive(Default)]
struct State {
    /// (temporary file, final path relative to the output folder).
    staged: Vec<(PathBuf, PathBuf)>,
    /// Pages whose file already held their bytes.
    unchanged: Vec<PathBuf>,
    /// Pages written straight to their place in a fresh output folder, when listed.
    created: Vec<PathBuf>,
    /// Pages that could not be staged (a file stands where their folder belongs): written
    /// by `commit`, which replaces the file.
    held: Vec<OutputFile>,
    /// Folders this build made, to remove if it fails.
    made: Vec<PathBuf>,
}

impl Staging {
    /// Takes the output folder's lock (making the folder if need be). With `list_created`
    /// the pages written into a fresh folder are listed (see [`Staging::paths`]), not only
    /// counted.
    pub(crate) fn begin(
        output: &Path,
        statics: &[StaticFile],
        list_created: bool,
    ) -> Result<Staging, WriteError> {
        let made_output = !output.exists();
        fs::create_dir_all(output)?;
        let lock = OutputLock::acquire(output).map_err(|err| match err {
            LockError::Io { source, .. } => WriteError::Io(source),
            busy => WriteError::Busy(busy),
        });
        let lock = match lock {
            Ok(lock) => lock,
            Err(err) => {
                if made_output {
                    let _ = fs::remove_dir(output);
                }
                return Err(err);
            }
        };
        Ok(Staging {
            output: output.to_path_buf(),
            lock: Some(lock),
            made_output,
            statics: statics.iter().map(|s| s.path.clone()).collect(),
            folders: Arc::new(RealFolders::new(output)),
            state: Mutex::new(State::default()),
            created: AtomicUsize::new(0),
            list_created,
            html_pages: AtomicUsize::new(0),
            committed: false,
        })
    }

    /// Which folders of the output folder are real ones, for the manifest to keep no page
    /// under a link either.
    pub(crate) fn folders(&self) -> &Arc<RealFolders> {
        &self.folders
    }

    /// Makes `folder` and any missing parent, noting the first one made. False when a
    /// file stands where one of them belongs (only `commit` may replace it).
    fn make_folder(&self, folder: &Path) -> io::Result<bool> {
        if fs::symlink_metadata(folder).is_ok_and(|m| m.is_dir()) {
            return Ok(true);
        }
        let mut missing = folder;
        while let Some(parent) = missing.parent() {
            match fs::symlink_metadata(parent) {
                Ok(m) if m.is_dir() => break,
                Ok(_) => return Ok(false),
                Err(_) => missing = parent,
            }
        }
        if fs::symlink_metadata(missing).is_ok_and(|m| !m.is_dir()) {
            return Ok(false);
        }
        let existed = missing.exists();
        fs::create_dir_all(folder)?;
        if !existed {
            // Two threads may both make it: noting it twice is harmless.
            self.lock_state().made.push(missing.to_path_buf());
        }
        Ok(true)
    }

    /// The pages taken so far, by path relative to the output folder (those written into a
    /// fresh folder only if they are listed).
    pub(crate) fn paths(&self) -> Vec<PathBuf> {
        let state = self.lock_state();
        state
            .staged
            .iter()
            .map(|(_, path)| path.clone())
            .chain(state.unchanged.iter().cloned())
            .chain(state.created.iter().cloned())
            .chain(state.held.iter().map(|f| f.path.clone()))
            .collect()
    }

    /// How many HTML pages were taken.
    pub(crate) fn html_pages(&self) -> usize {
        self.html_pages.load(Ordering::Relaxed)
    }

    /// Which of `paths` (relative to the output folder) a page was taken at: a static file
    /// there would overwrite it.
    pub(crate) fn pages_at<'p>(&self, paths: &HashSet<&'p Path>) -> HashSet<&'p Path> {
        let state = self.lock_state();
        let listed = state
            .staged
            .iter()
            .map(|(_, path)| path)
            .chain(&state.unchanged)
            .chain(&state.created)
            .chain(state.held.iter().map(|f| &f.path));
        let mut found: HashSet<&Path> = listed
            .filter_map(|path| paths.get(path.as_path()).copied())
            .collect();
        // A fresh folder holds only what this build wrote into it until `commit`: a file
        // at the path is a page created there.
        if self.made_output && self.created.load(Ordering::Relaxed) > 0 {
            found.extend(
                paths
                    .iter()
                    .filter(|path| fs::symlink_metadata(self.output.join(path)).is_ok()),
            );
        }
        found
    }

    /// Renames every staged page into place, writes the held ones and `statics`, and
    /// removes what the site no longer produces (keeping `kept`, pages not rendered): of
    /// `last_files`, the files the last build wrote and this one did not keep, those it
    /// did not write either; without them (no manifest says what the last build wrote),
    /// every file in the folder that the site does not make.
    pub(crate) fn commit<'a>(
        mut self,
        kept: &KeptPages,
        statics: &[StaticFile],
        last_files: Option<impl Iterator<Item = &'a Path>>,
    ) -> Result<WriteReport, WriteError> {
        let state = std::mem::take(&mut *self.lock_state());
        state
            .staged
            .par_iter()
            .try_for_each(|(temp, path)| fs::rename(temp, self.output.join(path)))?;
        let staged = state.staged.len();
        let written = staged + self.created.load(Ordering::Relaxed);
        // Only pruning reads these paths, and a fresh folder (the only one with pages
        // created in place) is not pruned.
        let on_disk: Vec<&Path> = kept
            .iter()
            .chain(
                state
                    .staged
                    .iter()
                    .map(|(_, path)| path)
                    .chain(&state.unchanged)
                    .map(PathBuf::as_path),
            )
            .collect();
        self.committed = true;
        let lock = self.lock.take().expect("the lock is held until commit");
        let prune = match last_files {
            // Nothing in a folder this build made can be stale.
            _ if self.made_output => Prune::Nothing,
            Some(last_files) => {
                let written: HashSet<&Path> = state
                    .staged
                    .iter()
                    .map(|(_, path)| path)
                    .chain(&state.unchanged)
                    .chain(state.held.iter().map(|f| &f.path))
                    .chain(statics.iter().map(|s| &s.path))
                    .map(PathBuf::as_path)
                    .collect();
                Prune::Listed(last_files.filter(|path| !written.contains(path)).collect())
            }
            None => Prune::Everything,
        };
        let mut report = output::write_locked(&self.output, lock, &state.held, &on_disk, statics, prune)?;
        // `write_locked` counts every page of `on_disk` as unchanged.
        report.unchanged -= staged;
        report.written += written;
        Ok(report)
    }

    fn lock_state(&self) -> std::sync::MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

impl PageSink for Staging {
    /// Takes a rendered page: notes it when its file already holds its bytes, otherwise
    /// writes it to a temporary file beside its final place. Its bytes are dropped.
    fn put(&self, file: OutputFile) -> io::Result<()> {
        if output::yields_to_static(&file.path, || self.statics.contains(&file.path)) {
            return Ok(());
        }
        if file.path.extension().is_some_and(|e| e == "html") {
            self.html_pages.fetch_add(1, Ordering::Relaxed);
        }
        let target = self.output.join(&file.path);
        if self.made_output {
            match write_new(&target, &file.bytes) {
                Ok(()) => {
                    self.created.fetch_add(1, Ordering::Relaxed);
                    if self.list_created {
                        self.lock_state().created.push(file.path);
                    }
                    return Ok(());
                }
                // Two pages at one path (a collision the build reports), or one where
                // another's folder belongs: the general way below sorts it out.
                Err(err) if err.kind() == io::ErrorKind::AlreadyExists => {}
                Err(err) => return Err(err),
            }
        }
        // Never written, or read, through a link: `commit` replaces what is in the way.
        if !self.folders.lead_to(&file.path) {
            self.lock_state().held.push(file);
            return Ok(());
        }
        if output::holds(&target, &file.bytes)? {
            self.lock_state().unchanged.push(file.path);
            return Ok(());
        }
        let folder = target.parent().expect("a page is inside the output folder");
        if !self.make_folder(folder)? {
            self.lock_state().held.push(file);
            return Ok(());
        }
        let temp = output::temp_path(&target);
        fs::write(&temp, &file.bytes)?;
        self.lock_state().staged.push((temp, file.path));
        Ok(())
    }
}

impl Drop for Staging {
    /// A build that did not commit leaves the output folder as it found it.
    fn drop(&mut self) {
        if self.committed {
            return;
        }
        let state = std::mem::take(&mut *self.lock_state());
        for (temp, _) in &state.staged {
            let _ = fs::remove_file(temp);
        }
        for folder in &state.made {
            let _ = fs::remove_dir_all(folder);
        }
        drop(self.lock.take());
        if self.made_output {
            let _ = fs::remove_dir_all(&self.output);
        }
    }
}

/// Writes a page that no file stands for yet, making its folder; fails with
/// `AlreadyExists` when something is already at its path.
fn write_new(target: &Path, bytes: &[u8]) -> io::Result<()> {
    use std::io::Write;
    let folder = target.parent().expect("a page is inside the output folder");
    match fs::create_dir_all(folder) {
        Ok(()) => {}
        // A file where the folder belongs.
        Err(err) if folder.exists() => {
            return Err(io::Error::new(io::ErrorKind::AlreadyExists, err));
        }
        Err(err) => return Err(err),
    }
    fs::File::create_new(target)?.write_all(bytes)
}

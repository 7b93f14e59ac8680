//! The search index in `serve`: made again in the background after the pages of an edit
//! are written, so save→served is no slower with search on.
//!
//! Once an edit's pages are written and the browser told, the rebuilder makes the records
//! of the new site (a copy of each item's indexed text, made on all cores) and hands them
//! to the indexer's thread; edits that come within [`DEBOUNCE`] of each other are indexed
//! once, the last. The thread holds no reference to the site, which the next edit changes
//! in place. The index is made again only
//! when the records changed (a page's indexed text, title, filters), and written under the
//! output folder's lock, file by file where the bytes changed; the files of the old index
//! that the new one has not are removed. Then the search pages of open tabs reload, and
//! search again for what their address holds.

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, RecvTimeoutError, Sender, channel};
use std::sync::{Arc, Condvar, Mutex};

use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use super::in_place_writer::remove_file;
use crate::render::Lookup;
use crate::render::i18n::Strings;
use crate::render::search;
use crate::write::lock::{LockError, OutputLock};
use crate::write::output;

/// How long the indexer waits for another edit before indexing.
const DEBOUNCE: Duration = Duration::from_millis(300);

/// What the indexer did, for the log and the live reload.
#[derive(Debug)]
pub(crate) enum IndexEvent {
    /// A new index is on disk: `files` written or removed, in `elapsed`.
    Written {
        /// Files written or removed.
        files: usize,
        /// The URL paths of the search pages, which open tabs reload.
        urls: Vec<String>,
        /// Time from the last edit's hand-over to the index on disk.
        elapsed: Duration,
    },
    /// The index could not be made or written; the previous one stays.
    Failed(String),
}

/// Where the indexer reports; `serve` logs and reloads the search pages.
pub(crate) type Reporter = Arc<dyn Fn(IndexEvent) + Send + Sync>;

struct Job {
    records: Vec<search::Record>,
    inputs: u64,
    urls: Vec<String>,
    /// Only learn what the index on disk was made from (after a full build).
    baseline: bool,
    handed: Instant,
}

/// The background indexer of one session.
pub(super) struct Indexer {
    jobs: Option<Sender<Job>>,
    thread: Option<JoinHandle<()>>,
    /// Jobs handed over and not yet done, to wait for.
    pending: Arc<(Mutex<usize>, Condvar)>,
}

impl Indexer {
    /// An indexer for `output`, whose index (the files `files`) a full build just made
    /// from the site in `lookup`.
    pub(super) fn start(output: PathBuf, files: HashSet<PathBuf>, reporter: Reporter) -> Indexer {
        let (jobs, receiver) = channel();
        let pending = Arc::new((Mutex::new(0), Condvar::new()));
        let state = Worker {
            output,
            files,
            last: None,
            reporter,
            pending: Arc::clone(&pending),
        };
        let thread = std::thread::Builder::new()
            .name("gazette-search".into())
            .spawn(move || state.run(receiver))
            .ok();
        Indexer {
            jobs: Some(jobs),
            thread,
            pending,
        }
    }

    /// Learns what the index on disk was made from, without writing it again.
    pub(super) fn baseline(&self, lookup: &Lookup, strings: &Strings) {
        self.send(lookup, strings, true);
    }

    /// Makes the index of the site in `lookup` once no edit has come for a moment.
    pub(super) fn request(&self, lookup: &Lookup, strings: &Strings) {
        self.send(lookup, strings, false);
    }

    fn send(&self, lookup: &Lookup, strings: &Strings, baseline: bool) {
        if !lookup.site.config.search.enabled {
            return;
        }
        let Some(jobs) = &self.jobs else { return };
        let records = search::records(lookup, strings);
        *lock(&self.pending.0) += 1;
        let job = Job {
            inputs: search::fingerprint(&records),
            records,
            urls: search::page_urls(&lookup.site.config),
            baseline,
            handed: Instant::now(),
        };
        if jobs.send(job).is_err() {
            *lock(&self.pending.0) -= 1;
        }
    }

    /// Waits until every job handed over is done.
    #[cfg(test)]
    pub(super) fn wait(&self) {
        let (count, done) = &*self.pending;
        let mut pending = lock(count);
        while *pending > 0 {
            pending = done.wait(pending).unwrap_or_else(|p| p.into_inner());
        }
    }

    /// Finishes the jobs handed over and stops: before a full build, which writes the
    /// whole output folder itself.
    pub(super) fn stop(&mut self) {
        self.jobs = None;
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

impl Drop for Indexer {
    fn drop(&mut self) {
        self.stop();
    }
}

struct Worker {
    output: PathBuf,
    /// The index's files on disk, relative to the output folder.
    files: HashSet<PathBuf>,
    /// The fingerprint of the records the index on disk was made from.
    last: Option<u64>,
    reporter: Reporter,
    pending: Arc<(Mutex<usize>, Condvar)>,
}

impl Worker {
    fn run(mut self, jobs: Receiver<Job>) {
        while let Ok(mut job) = jobs.recv() {
            let mut taken = 1;
            // The baseline is learnt at once; an edit waits for the next one.
            while !job.baseline {
                match jobs.recv_timeout(DEBOUNCE) {
                    Ok(newer) => {
                        taken += 1;
                        job = newer;
                    }
                    Err(RecvTimeoutError::Timeout | RecvTimeoutError::Disconnected) => break,
                }
            }
            self.index(job);
            let (count, done) = &*self.pending;
            *lock(count) -= taken;
            done.notify_all();
        }
    }

    fn index(&mut self, job: Job) {
        let inputs = job.inputs;
        if job.baseline {
            self.last = Some(inputs);
            return;
        }
        if self.last == Some(inputs) {
            return;
        }
        let event = match search::index(job.records) {
            Ok(files) => match self.write(&files) {
                Ok(count) => {
                    self.last = Some(inputs);
                    IndexEvent::Written {
                        files: count,
                        urls: job.urls,
                        elapsed: job.handed.elapsed(),
                    }
                }
                Err(err) => IndexEvent::Failed(format!("cannot write the search index: {err}")),
            },
            Err(err) => IndexEvent::Failed(format!("cannot make the search index: {err}")),
        };
        (self.reporter)(event);
    }

    /// Writes the files whose bytes changed and removes the old index's others, under
    /// the output folder's lock; returns how many it wrote or removed.
    fn write(&mut self, files: &[crate::model::output::OutputFile]) -> std::io::Result<usize> {
        let _lock = self.lock()?;
        let mut count = 0;
        for file in files {
            output::make_real_folders(&self.output, &file.path)?;
            if output::overwrite_if_changed(&self.output.join(&file.path), &file.bytes)? {
                count += 1;
            }
        }
        let new: HashSet<PathBuf> = files.iter().map(|f| f.path.clone()).collect();
        for old in self.files.difference(&new) {
            remove_file(&self.output, old)?;
            count += 1;
        }
        self.files = new;
        Ok(count)
    }

    /// The output folder's lock, waiting while a rebuild holds it.
    fn lock(&self) -> std::io::Result<OutputLock> {
        let deadline = Instant::now() + Duration::from_secs(60);
        loop {
            match OutputLock::acquire(&self.output) {
                Ok(lock) => return Ok(lock),
                Err(LockError::Busy { .. }) if Instant::now() < deadline => {
                    std::thread::sleep(Duration::from_millis(50));
                }
                Err(err) => return Err(std::io::Error::other(err.to_string())),
            }
        }
    }
}

/// The index's files among `paths` (relative to the output folder).
pub(super) fn index_files<'a>(paths: impl Iterator<Item = &'a Path>) -> HashSet<PathBuf> {
    paths
        .filter(|p| p.starts_with(search::INDEX_DIR))
        .map(Path::to_path_buf)
        .collect()
}

fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

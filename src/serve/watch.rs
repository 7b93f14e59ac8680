//! Watching the site's sources with notify's debouncer, and turning bursts of file events
//! into batches.
//!
//! Editors save by writing a temporary file and renaming it over the original (vim, VS Code,
//! JetBrains, emacs), and `git checkout` touches hundreds of files at once: the debouncer
//! waits until a path's events stop for `QUIET`, this thread gathers reports until they
//! pause, and the rebuilder merges whatever else arrived while it worked, so each burst is
//! one rebuild. Creates, writes, removes
//! and renames are all just "this path changed": the session looks at the disk to see
//! what the path holds now. The output folder is never watched.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, channel};
use std::time::Duration;

use notify::RecursiveMode;
use notify_debouncer_full::{DebounceEventResult, new_debouncer};

use crate::model::config::CONFIG_FILE;
use crate::model::config::CONTENT_DIR;
use crate::model::config::{STATIC_DIR, TEMPLATES_DIR, THEMES_DIR};
use crate::serve::session::Session;

/// How long a path's events must pause before the debouncer reports it.
const QUIET: Duration = Duration::from_millis(10);
/// After a report, how long to wait for another before rebuilding: a single save is over.
const SETTLE: Duration = Duration::from_millis(5);
/// Within a burst (more paths changed than one save touches), the pause that ends it.
const BURST_GAP: Duration = Duration::from_millis(100);
/// The paths one save may touch: the file, and an editor's temporary, backup and swap files.
const ONE_SAVE: usize = 4;

/// Paths that changed together.
#[derive(Debug, Default)]
pub(super) struct Batch {
    /// Changed paths, absolute.
    pub paths: BTreeSet<PathBuf>,
}

/// Starts watching; batches arrive on the returned channel for as long as it is read.
pub(super) fn start(root: &Path, session: Option<&Session>) -> Result<Receiver<Batch>, String> {
    let watched = match session {
        Some(session) => session.watched(),
        None => [CONFIG_FILE, CONTENT_DIR, TEMPLATES_DIR, STATIC_DIR, THEMES_DIR]
            .iter()
            .map(|p| root.join(p))
            .filter(|p| p.exists())
            .collect(),
    };
    let (events_tx, events_rx) = channel::<DebounceEventResult>();
    let mut debouncer = new_debouncer(QUIET, None, events_tx).map_err(|e| e.to_string())?;
    for path in &watched {
        let mode = if path.is_dir() {
            RecursiveMode::Recursive
        } else {
            RecursiveMode::NonRecursive
        };
        debouncer
            .watch(path, mode)
            .map_err(|e| format!("{}: {e}", path.display()))?;
    }
    let (batches_tx, batches_rx) = channel::<Batch>();
    std::thread::spawn(move || {
        // The debouncer stops when dropped: it lives as long as this thread.
        let _debouncer = debouncer;
        while let Ok(first) = events_rx.recv() {
            let mut batch = Batch::default();
            add(&mut batch, first);
            // The debouncer reports each path on its own clock, so a checkout of hundreds of
            // files arrives as many reports: gather them until they pause. A lone save
            // costs SETTLE, even when its events come as two reports; only more paths than
            // one save touches make a burst, gathered until it pauses for BURST_GAP.
            loop {
                let wait = if batch.paths.len() > ONE_SAVE {
                    BURST_GAP
                } else {
                    SETTLE
                };
                match events_rx.recv_timeout(wait) {
                    Ok(more) => add(&mut batch, more),
                    Err(_) => break,
                }
            }
            if !batch.paths.is_empty() && batches_tx.send(batch).is_err() {
                break;
            }
        }
    });
    Ok(batches_rx)
}

fn add(batch: &mut Batch, result: DebounceEventResult) {
    let Ok(events) = result else { return };
    for event in events {
        if event.kind.is_access() {
            continue;
        }
        batch.paths.extend(event.paths.iter().cloned());
    }
}

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
            let batch = gather(first, &events_rx);
            if !batch.paths.is_empty() && batches_tx.send(batch).is_err() {
                break;
            }
        }
    });
    Ok(batches_rx)
}

/// The batch that starts with report `first`. The debouncer reports each path on its own
/// clock, so a checkout of hundreds of files arrives as many reports: they are gathered
/// until they pause. A lone save costs SETTLE, even when its events come as two or three
/// reports; only more paths than one save touches make a burst, gathered until it pauses
/// for BURST_GAP.
fn gather(first: DebounceEventResult, reports: &Receiver<DebounceEventResult>) -> Batch {
    let mut batch = Batch::default();
    add(&mut batch, first);
    loop {
        let wait = if batch.paths.len() > ONE_SAVE {
            BURST_GAP
        } else {
            SETTLE
        };
        match reports.recv_timeout(wait) {
            Ok(more) => add(&mut batch, more),
            Err(_) => return batch,
        }
    }
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

#[cfg(test)]
mod tests {
    use std::time::Instant;

    use notify::EventKind;
    use notify::event::{AccessKind, AccessMode, DataChange, ModifyKind};
    use notify_debouncer_full::DebouncedEvent;

    use super::*;

    fn report(kind: EventKind, paths: &[&str]) -> DebounceEventResult {
        Ok(paths
            .iter()
            .map(|path| {
                DebouncedEvent::new(
                    notify::Event::new(kind).add_path(PathBuf::from(path)),
                    Instant::now(),
                )
            })
            .collect())
    }

    fn written(paths: &[&str]) -> DebounceEventResult {
        report(EventKind::Modify(ModifyKind::Data(DataChange::Any)), paths)
    }

    #[test]
    fn a_save_in_three_reports_is_one_batch_without_waiting_for_a_burst() {
        let (tx, rx) = channel();
        tx.send(written(&["a.md"])).unwrap();
        tx.send(report(
            EventKind::Access(AccessKind::Close(AccessMode::Write)),
            &["a.md"],
        ))
        .unwrap();
        let first = report(EventKind::Access(AccessKind::Open(AccessMode::Any)), &["a.md"]);
        let start = Instant::now();
        let batch = gather(first, &rx);
        assert_eq!(batch.paths, BTreeSet::from([PathBuf::from("a.md")]));
        assert!(start.elapsed() < BURST_GAP, "{:?}", start.elapsed());
    }

    #[test]
    fn a_burst_of_more_paths_than_a_save_is_gathered_across_a_pause_shorter_than_its_gap() {
        let (tx, rx) = channel();
        let late = tx.clone();
        tx.send(written(&["b.md", "c.md", "d.md", "e.md"])).unwrap();
        std::thread::spawn(move || {
            std::thread::sleep(SETTLE * 4);
            late.send(written(&["f.md"])).unwrap();
        });
        let batch = gather(written(&["a.md"]), &rx);
        assert_eq!(batch.paths.len(), 6, "{:?}", batch.paths);
    }
}

//! Dates from git: an item without `updated` takes the date of the last commit that touched
//! its file.
//!
//! Authors keep their sites in git, and rarely remember to bump `updated` by hand. One
//! `git log --name-only` over the content folder gives, newest commit first, every file each
//! commit touched; the first time a file appears is its last change. That is one process
//! for the whole site, however many files it has (spawning `git log -1` per file costs
//! milliseconds each, minutes on a large site), and it runs in a thread while the content
//! loads. The date is the author date (`%aI`, what `git log` shows), with the author's
//! offset, like Hugo's `GitInfo`; a rebase does not move it.
//!
//! Outside a repository, or without git installed, there is simply no history and no
//! warning. A shallow clone (CI checkouts are, by default) knows only its last commits: every
//! file last touched before the cut looks changed by the oldest commit it has, so the build
//! warns once. Uncommitted changes do not count: the date is that of the last commit.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::thread::JoinHandle;

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::model::config::CONTENT_DIR;
use crate::model::config::SiteConfig;
use crate::model::item::Item;
use crate::model::schema::FieldValue;

/// Separates one commit's header from the next in the `git log` output (ASCII record
/// separator: no date or path holds it).
const RECORD: char = '\u{1e}';

/// What the history says about the site.
#[derive(Debug, Clone, Default)]
pub struct History {
    /// The site's folder relative to the repository's top level: `""`, or `site/`.
    pub site_folder: String,
    /// The repository is a shallow clone.
    pub is_shallow: bool,
    /// When each committed file (relative to the site root) last changed.
    pub changed: HashMap<PathBuf, FieldValue>,
}

/// Why the history could not be read, in a repository that has one.
#[derive(Debug, thiserror::Error)]
pub enum GitError {
    /// git is not installed, though the site is in a repository.
    #[error("git is not installed, but the site is in a git repository")]
    NotInstalled,
    /// git could not be started.
    #[error("cannot run git: {0}")]
    Spawn(#[from] std::io::Error),
    /// git ran and failed.
    #[error("`git {command}` failed: {stderr}")]
    Failed {
        /// The subcommand.
        command: &'static str,
        /// What git said.
        stderr: String,
    },
    /// git printed a date that is not ISO 8601.
    #[error("`git log` printed a date gazette cannot read: `{0}`")]
    BadDate(String),
    /// The thread reading the history panicked.
    #[error("reading the history stopped unexpectedly")]
    Stopped,
}

/// The history being read in a thread.
pub struct Pending(JoinHandle<Result<Option<History>, GitError>>);

/// Starts reading the history of the site at `root` in a thread.
pub fn start(root: &Path) -> Pending {
    let root = root.to_path_buf();
    Pending(std::thread::spawn(move || read(&root)))
}

impl Pending {
    /// Waits for the history, fills in `updated` where items lack it, tells the config
    /// where the site sits in its repository (for edit links), and warns about a shallow
    /// clone or a failure. Returns the history, for dating files read again later.
    pub fn finish(
        self,
        config: &mut SiteConfig,
        items: &mut [Item],
        diagnostics: &mut Diagnostics,
    ) -> Option<History> {
        let result = self.0.join().unwrap_or(Err(GitError::Stopped));
        match result {
            Ok(Some(history)) => {
                if history.is_shallow {
                    diagnostics.push(
                        Diagnostic::warning(
                            "",
                            "the repository is a shallow clone: dates from git are wrong for files last changed before its oldest commit",
                        )
                        .with_hint(
                            "fetch the whole history (`git fetch --unshallow`; `fetch-depth: 0` for actions/checkout, `GIT_DEPTH: 0` on GitLab) or build with --no-git",
                        ),
                    );
                }
                history.apply(items);
                if let Some(repository) = &mut config.repository {
                    repository.site_folder = history.site_folder.clone();
                }
                Some(history)
            }
            Ok(None) => None,
            Err(err) => {
                diagnostics.push(
                    Diagnostic::warning("", format!("no dates from git: {err}"))
                        .with_hint("install git, or build with --no-git to leave git out"),
                );
                None
            }
        }
    }
}

/// Reads the history of the site at `root`: `None` outside a repository.
pub fn read(root: &Path) -> Result<Option<History>, GitError> {
    let probe = Command::new("git")
        .args(["rev-parse", "--show-prefix", "--is-shallow-repository"])
        .current_dir(root)
        .output();
    let probe = match probe {
        Ok(output) => output,
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => {
            return if in_repository(root) {
                Err(GitError::NotInstalled)
            } else {
                Ok(None)
            };
        }
        Err(err) => return Err(err.into()),
    };
    if !probe.status.success() {
        // "not a git repository": nothing to read, nothing to say.
        return Ok(None);
    }
    let probe = String::from_utf8_lossy(&probe.stdout);
    let mut lines = probe.lines();
    let site_folder = lines.next().unwrap_or_default().to_string();
    let is_shallow = lines.next() == Some("true");
    let log = Command::new("git")
        .args([
            "-c",
            "log.showSignature=false",
            "log",
            "--format=\u{1e}%aI",
            "--name-only",
            "-z",
            "--",
            CONTENT_DIR,
        ])
        .current_dir(root)
        .output()?;
    if !log.status.success() {
        let stderr = String::from_utf8_lossy(&log.stderr).trim().to_string();
        // A repository without a commit yet has no history to read.
        if stderr.contains("does not have any commits") {
            return Ok(None);
        }
        return Err(GitError::Failed {
            command: "log",
            stderr,
        });
    }
    let changed = parse_log(&String::from_utf8_lossy(&log.stdout), &site_folder)?;
    Ok(Some(History {
        site_folder,
        is_shallow,
        changed,
    }))
}

impl History {
    /// Sets `updated` from the history on every item that has none.
    pub fn apply(&self, items: &mut [Item]) {
        for item in items.iter_mut().filter(|item| item.updated.is_none()) {
            if let Some(changed) = self.changed.get(&item.source) {
                item.updated = Some(changed.clone());
            }
        }
    }
}

/// Parses `git log --format=<RS>%aI --name-only -z`: each commit is `<RS>date\0`, then a
/// newline and its paths, each ending in `\0`, relative to the repository's top level.
/// Newest commit first, so the first date seen for a path is its last change. Paths
/// outside `site_folder` cannot occur (the log is limited to the content folder) and are
/// skipped all the same.
pub fn parse_log(log: &str, site_folder: &str) -> Result<HashMap<PathBuf, FieldValue>, GitError> {
    let mut changed = HashMap::new();
    let mut date: Option<FieldValue> = None;
    for field in log.split('\0') {
        let field = field.strip_prefix('\n').unwrap_or(field);
        if field.is_empty() {
            continue;
        }
        if let Some(text) = field.strip_prefix(RECORD) {
            date = Some(parse_date(text.trim())?);
            continue;
        }
        let (Some(date), Some(relative)) = (&date, field.strip_prefix(site_folder)) else {
            continue;
        };
        changed
            .entry(PathBuf::from_iter(relative.split('/')))
            .or_insert_with(|| date.clone());
    }
    Ok(changed)
}

/// `2024-06-14T17:30:00+08:00` as a datetime that keeps its offset (the author's wall
/// clock for templates, the instant for feeds and the sitemap).
fn parse_date(text: &str) -> Result<FieldValue, GitError> {
    let bad = || GitError::BadDate(text.to_string());
    let at = text.parse::<jiff::Timestamp>().map_err(|_| bad())?;
    // The wall clock as written; `Z` (which git prints for UTC) is not one, so convert.
    let civil = text
        .parse::<jiff::civil::DateTime>()
        .unwrap_or_else(|_| jiff::tz::Offset::UTC.to_datetime(at));
    Ok(FieldValue::DateTime {
        civil,
        text: text.into(),
    })
}

/// True when `root` or a folder above it holds `.git`.
fn in_repository(root: &Path) -> bool {
    let absolute = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
    absolute.ancestors().any(|dir| dir.join(".git").exists())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(changed: &HashMap<PathBuf, FieldValue>, path: &str) -> String {
        match &changed[Path::new(path)] {
            FieldValue::DateTime { text, .. } => text.to_string(),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn the_newest_commit_touching_a_file_gives_its_date() {
        let log = "\u{1e}2024-06-14T17:30:00+08:00\0\ncontent/news/a.md\0content/about.md\0\
                   \u{1e}2024-01-02T09:00:00Z\0\ncontent/news/a.md\0content/news/b.md\0";
        let changed = parse_log(log, "").unwrap();
        assert_eq!(changed.len(), 3);
        assert_eq!(at(&changed, "content/news/a.md"), "2024-06-14T17:30:00+08:00");
        assert_eq!(at(&changed, "content/about.md"), "2024-06-14T17:30:00+08:00");
        assert_eq!(at(&changed, "content/news/b.md"), "2024-01-02T09:00:00Z");
        match &changed[Path::new("content/news/a.md")] {
            FieldValue::DateTime { civil, .. } => assert_eq!(civil.to_string(), "2024-06-14T17:30:00"),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn paths_are_mapped_from_the_top_level_to_the_site() {
        let log = "\u{1e}2024-06-14T17:30:00+08:00\0\nsite/content/新闻/a b.md\0other/content/x.md\0";
        let changed = parse_log(log, "site/").unwrap();
        assert_eq!(changed.len(), 1);
        assert!(changed.contains_key(Path::new("content/新闻/a b.md")));
    }

    #[test]
    fn a_date_git_would_not_print_is_an_error() {
        assert!(matches!(
            parse_log("\u{1e}yesterday\0\ncontent/a.md\0", ""),
            Err(GitError::BadDate(_))
        ));
    }

    #[test]
    fn outside_a_repository_there_is_no_history() {
        let dir = tempfile::tempdir().unwrap();
        if in_repository(dir.path()) {
            // The temporary folder sits in a repository on this machine: nothing to test,
            // which CI (`GAZETTE_TESTS_STRICT`) does not accept.
            assert!(
                std::env::var_os("GAZETTE_TESTS_STRICT").is_none(),
                "the temporary folder is inside a git repository"
            );
            eprintln!("note: the temporary folder is inside a git repository; the test ran nothing");
            return;
        }
        assert!(read(dir.path()).unwrap().is_none());
    }
}

//! What a build is asked to do, and what it gives back: its options, its progress, the
//! site rendered in memory, the summary of a build, and why a build failed.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use crate::diagnostics::Diagnostics;
use crate::load::git::History;
use crate::model::item::Item;
use crate::model::output::{OutputFile, StaticFile};
use crate::render::{Engine, Intros, Lookup};
use crate::write::manifest::Reuse;
use crate::write::output::WriteReport;
use crate::write::previous_pages::KeptPages;
use crate::write::staging::Staging;

/// How far a running build is, for a progress bar drawn by another thread.
#[derive(Debug, Default)]
pub struct Progress {
    /// The stage running now (`loading`, `rendering`, `writing`).
    pub stage: std::sync::Mutex<&'static str>,
    /// Pages rendered so far.
    pub done: std::sync::atomic::AtomicUsize,
    /// Pages to render (0 until the pages are planned).
    pub total: std::sync::atomic::AtomicUsize,
}

impl Progress {
    pub(super) fn enter(&self, stage: &'static str) {
        if let Ok(mut current) = self.stage.lock() {
            *current = stage;
        }
    }
}

/// What to build and how.
#[derive(Debug, Clone, Default)]
pub struct BuildOptions {
    /// The site's folder (holding `site.yaml`).
    pub root: PathBuf,
    /// Where to write; `root/output` when `None`.
    pub output: Option<PathBuf>,
    /// Overrides `base_url` (preview deployments).
    pub base_url: Option<String>,
    /// Include `draft: true` items.
    pub drafts: bool,
    /// Keep what `serve` rebuilds from: items' Markdown in the linked site (it checks links
    /// again), every loaded item, drafts and future ones too, and the git history.
    pub for_serve: bool,
    /// Where to report progress, when someone draws it.
    pub progress: Option<Arc<Progress>>,
    /// Include items dated in the future.
    pub future: bool,
    /// Leave git out: no `updated` dates from the history.
    pub no_git: bool,
    /// Count every warning as an error (`--strict`): a build with one fails, as with any
    /// error, and writes nothing.
    pub strict: bool,
    /// What a broken link is, in place of `site.yaml`'s `links` (`--links`).
    pub links: Option<crate::model::config::LinkProblems>,
    /// How many bytes of Markdown bodies the build keeps in memory (`GAZETTE_BODY_MEMORY`
    /// in MiB); the others are read again as their pages render. `None`:
    /// [`DEFAULT_BODY_MEMORY`]. `serve` keeps them all.
    pub body_memory: Option<usize>,
    /// How many bytes of cards the build keeps (`GAZETTE_CARD_MEMORY` in MiB): every card
    /// when they fit, else a cache of that size of the cards made as pages show them.
    /// `None`: [`crate::render::DEFAULT_CARD_MEMORY`]. `serve` keeps them all.
    pub card_memory: Option<usize>,
}

/// The bodies a build keeps in memory unless told otherwise: 160 MiB of their Markdown and
/// the HTML made of it, some 13,000 news items of 800 words, whose pages then render
/// without reading them again. A site whose cards are made on demand keeps none.
pub const DEFAULT_BODY_MEMORY: usize = 160 * 1024 * 1024;

/// Why a build failed, and so its exit status.
#[derive(Debug, thiserror::Error)]
pub enum BuildError {
    /// The site has errors (exit 1); all of them are here.
    #[error("the site has {}", crate::diagnostics::report::count(.0.error_count(), "error", "errors"))]
    Site(Diagnostics),
    /// Bad usage or no readable config (exit 2).
    #[error("cannot build: {}", .0.iter().next().map_or("", |d| d.message.as_str()))]
    Usage(Diagnostics),
}

impl BuildError {
    /// The diagnostics to print.
    pub fn diagnostics(&self) -> &Diagnostics {
        match self {
            BuildError::Site(d) | BuildError::Usage(d) => d,
        }
    }

    /// The process exit status.
    pub fn exit_code(&self) -> i32 {
        match self {
            BuildError::Site(_) => 1,
            BuildError::Usage(_) => 2,
        }
    }
}

/// A site rendered in memory.
pub struct RenderedSite {
    /// The linked site and its cards.
    pub lookup: Arc<Lookup>,
    /// The parsed templates.
    pub engine: Engine,
    /// The rendered intros of home and collections.
    pub intros: Intros,
    /// The pages.
    pub files: Vec<OutputFile>,
    /// Static files to copy.
    pub statics: Vec<StaticFile>,
    /// Warnings.
    pub diagnostics: Diagnostics,
    /// Time and peak memory per stage.
    pub timings: Vec<Lap>,
    /// The output folder.
    pub output: PathBuf,
    /// Pages not rendered because the output folder already holds them as this build
    /// would write them (see `manifest`); only `build` skips pages.
    pub(crate) kept: KeptPages,
    /// Pages `build` wrote to disk as they rendered (see `staging`), not held in `files`:
    /// listed for `serve` only; a build only counts them (`staged_html`), to keep no path
    /// per page.
    pub staged: Vec<PathBuf>,
    /// How many of the pages `build` wrote as they rendered are HTML.
    pub staged_html: usize,
    /// The output folder while `build` writes it, committed once nothing failed.
    pub(super) staging: Option<Staging>,
    /// What this build rendered, for the manifest `build` saves after writing.
    pub(super) reuse: Option<Reuse>,
    /// Every loaded item, before drafts and future items were held back (`for_serve`).
    pub loaded: Vec<Item>,
    /// The git history the build read, for `serve` to date files it reloads.
    pub history: Option<History>,
    /// The site's pictures and the copies this build made of them.
    pub images: Arc<crate::render::images::Images>,
}

/// What a successful build did.
pub struct BuildSummary {
    /// The rendered site.
    pub rendered: RenderedSite,
    /// What writing did.
    pub write: WriteReport,
    /// Time from start to end.
    pub elapsed: Duration,
}

impl RenderedSite {
    /// Every page's path in the output folder: rendered in memory, written as rendered
    /// (listed for `serve` only), or kept from the last build.
    pub fn page_paths(&self) -> impl Iterator<Item = &Path> {
        self.files
            .iter()
            .map(|f| f.path.as_path())
            .chain(self.staged.iter().map(PathBuf::as_path))
            .chain(self.kept.iter())
    }

    /// How many HTML pages the site has (items, lists, term pages, redirects, 404, search):
    /// the count `build` and `serve` both report. Feeds, sitemaps and `robots.txt` are not
    /// pages to a reader, and static files are not built.
    pub fn html_page_count(&self) -> usize {
        let is_html = |path: &&Path| path.extension().is_some_and(|e| e == "html");
        let held_or_kept = self
            .files
            .iter()
            .map(|f| f.path.as_path())
            .chain(self.kept.iter());
        held_or_kept.filter(is_html).count() + self.staged_html
    }

    /// `65 pages (institutions: 11, news: 7)`: the pages and each collection's items, as
    /// `build` and `serve` both say it.
    pub fn page_summary(&self) -> String {
        let counts: Vec<String> = self
            .lookup
            .site
            .collections
            .iter()
            // `news: 1`, not `1 news`: a collection's name has no plural gazette could know.
            .map(|(name, ids)| format!("{name}: {}", ids.len()))
            .collect();
        let pages = crate::diagnostics::report::count(self.html_page_count(), "page", "pages");
        match counts.is_empty() {
            true => pages,
            false => format!("{pages} ({})", counts.join(", ")),
        }
    }
}

/// One stage of a build as `--verbose` reports it.
#[derive(Debug, Clone, Copy)]
pub struct Lap {
    /// The stage's name, as `--verbose` prints it.
    pub stage: &'static str,
    /// How long the stage took.
    pub time: Duration,
    /// The process's peak resident memory when the stage ended, in bytes; `None` where the
    /// system does not say (it is read from Linux's `/proc/self/status`).
    pub peak: Option<u64>,
}

impl Lap {
    pub(crate) fn now(stage: &'static str, time: Duration) -> Lap {
        Lap {
            stage,
            time,
            peak: peak_memory(),
        }
    }
}

/// The high-water mark of the process's resident memory (`VmHWM`).
fn peak_memory() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|line| line.starts_with("VmHWM:"))?;
    let kib: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib * 1024)
}

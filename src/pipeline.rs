//! The build: load → link → render → write, with every problem collected on the way.
//!
//! `render_site` runs the first three stages and returns the whole site in memory (what
//! `check` inspects); `build` adds the write stage, which runs only when nothing failed,
//! so a failed build leaves `output/` exactly as it was.

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::link;
use crate::load::content;
use crate::load::git::History;
use crate::load::static_files::{check_collisions, static_files};
use crate::model::config::{self, SiteConfig};
use crate::model::item::Item;
use crate::model::output::{OutputFile, StaticFile};
use crate::model::site::Site;
use crate::render::bodies::render_markdown;
use crate::render::{self, Engine, Intros, Lookup};
use crate::write::manifest::Reuse;
use crate::write::output::{self, WriteReport};
use crate::write::output_dir::output_dir;
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
    fn enter(&self, stage: &'static str) {
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
}

/// Why a build failed, and so its exit status.
#[derive(Debug, thiserror::Error)]
pub enum BuildError {
    /// The site has errors (exit 1); all of them are here.
    #[error("the site has {} errors", .0.error_count())]
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
    /// Time per stage.
    pub timings: Vec<(&'static str, Duration)>,
    /// The output folder.
    pub output: PathBuf,
    /// Pages not rendered because the output folder already holds them as this build
    /// would write them (see `manifest`); only `build` skips pages.
    pub kept: Vec<PathBuf>,
    /// Pages `build` wrote to disk as they rendered (see `staging`), not held in `files`.
    pub staged: Vec<PathBuf>,
    /// The output folder while `build` writes it, committed once nothing failed.
    staging: Option<Staging>,
    /// What this build rendered, for the manifest `build` saves after writing.
    reuse: Option<Reuse>,
    /// Every loaded item, before drafts and future items were held back (`for_serve`).
    pub loaded: Vec<Item>,
    /// The git history the build read, for `serve` to date files it reloads.
    pub history: Option<History>,
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
    /// Every page's path in the output folder: rendered in memory, written as rendered,
    /// or kept from the last build.
    pub fn page_paths(&self) -> impl Iterator<Item = &Path> {
        self.files
            .iter()
            .map(|f| f.path.as_path())
            .chain(self.staged.iter().map(PathBuf::as_path))
            .chain(self.kept.iter().map(PathBuf::as_path))
    }
}

/// Loads, links and renders the site; writes nothing.
pub fn render_site(options: &BuildOptions) -> Result<RenderedSite, BuildError> {
    render_stages(options, false)
}

/// `render_site`; with `reuse`, pages the previous build's manifest shows unchanged on
/// disk are not rendered (they are in `kept`, not `files`), and the others are written to
/// the staging folder as they render (they are in `staged`).
fn render_stages(options: &BuildOptions, reuse: bool) -> Result<RenderedSite, BuildError> {
    let mut timer = Timer::start();
    let root = &options.root;
    let config = site_config(options)?;
    let output = output_dir(root, options.output.as_deref()).map_err(BuildError::Usage)?;
    let Loaded {
        config,
        engine,
        items,
        history,
        statics,
        mut diagnostics,
    } = load(options, config, &mut timer);
    let loaded = match options.for_serve {
        true => items.clone(),
        false => Vec::new(),
    };
    let mut site = link_site(config, items, options, &mut diagnostics, &mut |stage| {
        timer.lap(stage)
    });
    let (rendered, intros) = render_markdown(&site, &statics, &mut diagnostics, &|_| None);
    timer.lap("markdown");
    if !options.for_serve {
        // Rendered now: free the Markdown before the pages take their memory (on a large
        // site the bodies are a fifth of the peak).
        for item in &mut site.items {
            item.body = String::new();
        }
    }
    let Some(engine) = engine else {
        return Err(BuildError::Site(diagnostics));
    };
    if diagnostics.has_errors() {
        return Err(BuildError::Site(diagnostics));
    }
    let lookup = Arc::new(Lookup::new(Arc::new(site), rendered));
    engine.set_lookup(Arc::clone(&lookup));
    timer.lap("cards");
    let rendering = Rendering {
        options,
        output: &output,
        engine: &engine,
        lookup: &lookup,
        intros: &intros,
        statics: &statics,
    };
    let pages = rendering.render(reuse, &mut diagnostics)?;
    timer.lap("render");
    let paths = pages
        .files
        .iter()
        .map(|f| f.path.as_path())
        .chain(pages.kept.iter().chain(&pages.staged).map(PathBuf::as_path))
        .collect();
    check_collisions(root, &paths, &statics, &mut diagnostics);
    if diagnostics.has_errors() {
        return Err(BuildError::Site(diagnostics));
    }
    Ok(RenderedSite {
        lookup,
        engine,
        intros,
        files: pages.files,
        statics,
        diagnostics,
        timings: timer.timings,
        output,
        kept: pages.kept,
        staged: pages.staged,
        staging: pages.staging,
        reuse: pages.reuse,
        loaded,
        history,
    })
}

/// The time each stage took, lap by lap.
struct Timer {
    clock: Instant,
    timings: Vec<(&'static str, Duration)>,
}

impl Timer {
    fn start() -> Timer {
        Timer {
            clock: Instant::now(),
            timings: Vec::new(),
        }
    }

    /// Ends the stage `name`, which started when the last one ended.
    fn lap(&mut self, name: &'static str) {
        self.timings.push((name, self.clock.elapsed()));
        self.clock = Instant::now();
    }
}

/// `site.yaml`, with `--base-url` in place of its `base_url`.
fn site_config(options: &BuildOptions) -> Result<SiteConfig, BuildError> {
    let root = &options.root;
    if !root.join(config::CONFIG_FILE).is_file() {
        let mut d = Diagnostics::new();
        d.push(
            Diagnostic::error(
                config::CONFIG_FILE,
                format!("no {} in {}", config::CONFIG_FILE, root.display()),
            )
            .with_hint(
                "run gazette in a site's folder, pass --root DIR, or create a site with `gazette init DIR`",
            ),
        );
        return Err(BuildError::Usage(d));
    }
    let mut config = crate::load::config::load(root).map_err(BuildError::Site)?;
    if let Some(base_url) = &options.base_url {
        let (url, path) = crate::load::config::normalize_base_url(base_url).map_err(|message| {
            let mut d = Diagnostics::new();
            d.push(
                Diagnostic::error("--base-url", message)
                    .with_hint("pass an absolute URL such as https://preview.example.org/"),
            );
            BuildError::Usage(d)
        })?;
        config.base_url = url;
        config.base_path = path;
    }
    Ok(config)
}

/// What the load stage read.
struct Loaded {
    config: SiteConfig,
    /// `None` when a template has an error (in `diagnostics`).
    engine: Option<Engine>,
    items: Vec<Item>,
    history: Option<History>,
    statics: Vec<StaticFile>,
    diagnostics: Diagnostics,
}

/// The load stage: templates, content, dates from git and static files, with every problem
/// of all of them.
fn load(options: &BuildOptions, mut config: SiteConfig, timer: &mut Timer) -> Loaded {
    let root = &options.root;
    let mut diagnostics = Diagnostics::new();
    // git reads the history while templates and content load.
    let history = (!options.no_git).then(|| crate::load::git::start(root));
    // Templates are parsed before content so both kinds of error show in one run.
    let engine = match Engine::load(root, &config.theme) {
        Ok(engine) => Some(engine),
        Err(errors) => {
            diagnostics.extend(errors);
            None
        }
    };
    timer.lap("templates");
    let (mut items, load_diagnostics) = content::load(root, &config);
    diagnostics.extend(load_diagnostics);
    timer.lap("load");
    let history = history.and_then(|history| {
        let history = history.finish(&mut config, &mut items, &mut diagnostics);
        timer.lap("git");
        history
    });
    let statics = static_files(root, &config, &mut diagnostics);
    timer.lap("static");
    Loaded {
        config,
        engine,
        items,
        history,
        statics,
        diagnostics,
    }
}

/// What the pages are rendered with.
struct Rendering<'a> {
    options: &'a BuildOptions,
    output: &'a Path,
    engine: &'a Engine,
    lookup: &'a Arc<Lookup>,
    intros: &'a Intros,
    statics: &'a [StaticFile],
}

/// Where the rendered pages went.
struct Pages {
    /// Held in memory (`check`, `serve`).
    files: Vec<OutputFile>,
    /// Kept as the last build wrote them.
    kept: Vec<PathBuf>,
    /// Written to the staging folder.
    staged: Vec<PathBuf>,
    staging: Option<Staging>,
    reuse: Option<Reuse>,
}

impl Rendering<'_> {
    /// Renders every page of the plan: `build` (`reuse`) into the staging folder, skipping
    /// the pages the manifest keeps; `check` and `serve` into memory.
    fn render(&self, reuse: bool, diagnostics: &mut Diagnostics) -> Result<Pages, BuildError> {
        let (root, output, lookup) = (&self.options.root, self.output, self.lookup);
        let pages = render::plan(&lookup.site);
        let done = self.options.progress.as_ref().map(|progress| {
            progress
                .total
                .store(pages.len(), std::sync::atomic::Ordering::Relaxed);
            progress.enter("rendering");
            &progress.done
        });
        let staging = match reuse {
            true => Some(Staging::begin(output, self.statics).map_err(|err| write_error(root, output, err))?),
            false => None,
        };
        let reuse = reuse.then(|| {
            let theme = crate::write::manifest::theme_fingerprint(self.engine, lookup);
            let site = crate::write::manifest::site_fingerprint(lookup);
            Reuse::load(root, output, theme, site)
        });
        let memory = render::Memory::new();
        let target = render::Target {
            sink: match &staging {
                Some(staging) => staging,
                None => &memory,
            },
            cache: reuse.as_ref().map(|reuse| reuse as &dyn render::PageCache),
            done,
        };
        diagnostics.extend(render::render(self.engine, lookup, self.intros, &pages, target));
        let mut files = memory.into_files();
        let static_paths: HashSet<&Path> = self.statics.iter().map(|s| s.path.as_path()).collect();
        // A site's own static robots.txt, sitemap or feed replaces the generated one; only
        // a page (HTML) and a static file at one path is a conflict.
        files.retain(|f| !output::yields_to_static(&f.path, || static_paths.contains(f.path.as_path())));
        Ok(Pages {
            files,
            kept: reuse.as_ref().map(Reuse::kept).unwrap_or_default(),
            staged: staging.as_ref().map(Staging::paths).unwrap_or_default(),
            staging,
            reuse,
        })
    }
}

/// Builds the site into its output folder.
pub fn build(options: &BuildOptions) -> Result<BuildSummary, BuildError> {
    let start = Instant::now();
    if let Some(progress) = &options.progress {
        progress.enter("loading");
    }
    let mut rendered = render_stages(options, true)?;
    if let Some(progress) = &options.progress {
        progress.enter("writing");
    }
    let clock = Instant::now();
    let staging = rendered
        .staging
        .take()
        .expect("build renders with a staging folder");
    let write = staging
        .commit(&rendered.kept, &rendered.statics)
        .map_err(|err| write_error(&options.root, &rendered.output, err))?;
    if let Some(reuse) = rendered.reuse.take()
        && let Err(err) = reuse.save(&options.root)
    {
        rendered.diagnostics.push(
            Diagnostic::warning(
                crate::write::manifest::CACHE_DIR,
                format!("cannot save the build manifest: {err}"),
            )
            .with_hint("the site is built; the next build renders every page again"),
        );
    }
    rendered.timings.push(("write", clock.elapsed()));
    Ok(BuildSummary {
        rendered,
        write,
        elapsed: start.elapsed(),
    })
}

/// The error of a build that could not write (or lock) its output folder.
fn write_error(root: &Path, output: &Path, err: output::WriteError) -> BuildError {
    let shown = output.strip_prefix(root).unwrap_or(output);
    let mut d = Diagnostics::new();
    if let output::WriteError::Busy(busy) = err {
        // Two builds at once would remove and rename each other's files.
        d.push(
            Diagnostic::error(shown, busy.to_string())
                .with_hint("wait for it to finish (or stop it), then build again; nothing was written"),
        );
        return BuildError::Usage(d);
    }
    d.push(
        Diagnostic::error(shown, format!("cannot write the output folder: {err}")).with_hint(
            "check that the folder is writable and the disk has room; run the build again to repair it",
        ),
    );
    BuildError::Site(d)
}

/// The link stage as every build runs it: drafts and future items held back (unless asked
/// for), the graph linked, aliases checked, related items found. `lap` marks stage ends.
pub fn link_site(
    config: SiteConfig,
    items: Vec<Item>,
    options: &BuildOptions,
    diagnostics: &mut Diagnostics,
    lap: &mut dyn FnMut(&'static str),
) -> Site {
    let schedule = crate::link::schedule::Schedule::now(options.drafts, options.future);
    let mut site = link::link_with(config, items, &schedule, diagnostics);
    render::redirects::check(&site, diagnostics);
    lap("link");
    site.related = crate::link::related::related(&site);
    lap("related");
    site
}

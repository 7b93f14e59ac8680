//! The build: load → link → render → write, with every problem collected on the way.
//!
//! `render_site` runs the first three stages and returns the whole site in memory (what
//! `check` inspects); `build` adds the write stage, which runs only when nothing failed,
//! so a failed build leaves `output/` exactly as it was.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use rayon::prelude::*;
use tera::Value;

use crate::diagnostics::{Diagnostic, Diagnostics, line_column};
use crate::link;
use crate::load::content;
use crate::model::config::{self, SiteConfig};
use crate::model::fast_hash::{FastMap, FastSet};
use crate::model::item::Item;
use crate::model::output::{OutputFile, StaticFile};
use crate::model::site::{ItemId, Site};
use crate::render::markdown::{self, Links, Rendered};
use crate::render::{self, Engine, Intros, Lookup, THEMES_DIR};
use crate::write::manifest::Reuse;
use crate::write::output::{self, WriteReport};
use crate::write::staging::Staging;

/// The default output folder under the site root.
pub const OUTPUT_DIR: &str = "output";
/// The site's static folder (also each theme's).
pub const STATIC_DIR: &str = "static";

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
    /// Keep items' Markdown in the linked site after rendering (`serve` re-checks links).
    pub keep_bodies: bool,
    /// Where to report progress, when someone draws it.
    pub progress: Option<Arc<Progress>>,
    /// Include items dated in the future.
    pub future: bool,
    /// Leave git out: no `updated` dates from the history.
    pub no_git: bool,
}

/// Why a build failed, and so its exit status.
#[derive(Debug)]
pub enum BuildError {
    /// The site has errors (exit 1); all of them are here.
    Site(Diagnostics),
    /// Bad usage or no readable config (exit 2).
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
/// disk are not rendered (they are in `kept`, not `files`).
fn render_stages(options: &BuildOptions, reuse: bool) -> Result<RenderedSite, BuildError> {
    let mut timings = Vec::new();
    let mut clock = Instant::now();
    let mut lap = |name: &'static str, timings: &mut Vec<(&'static str, Duration)>| {
        timings.push((name, clock.elapsed()));
        clock = Instant::now();
    };
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
    let output = output_dir(root, options.output.as_deref()).map_err(BuildError::Usage)?;
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
    lap("templates", &mut timings);
    let (mut items, load_diagnostics) = content::load(root, &config);
    diagnostics.extend(load_diagnostics);
    lap("load", &mut timings);
    if let Some(history) = history {
        history.finish(&mut config, &mut items, &mut diagnostics);
        lap("git", &mut timings);
    }
    let statics = static_files(root, &config, &mut diagnostics);
    lap("static", &mut timings);
    let site = link_site(config, items, options, &mut diagnostics, &mut |stage| {
        lap(stage, &mut timings)
    });
    let (rendered, intros) = render_markdown(&site, &statics, &mut diagnostics, &|_| None);
    lap("markdown", &mut timings);
    let mut site = site;
    if !options.keep_bodies {
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
    lap("cards", &mut timings);
    let pages = render::plan(&lookup.site);
    let done = options.progress.as_ref().map(|progress| {
        progress
            .total
            .store(pages.len(), std::sync::atomic::Ordering::Relaxed);
        progress.enter("rendering");
        &progress.done
    });
    // `build` writes pages as they render; `check` and `serve`'s sessions keep them.
    let staging = if reuse {
        Some(Staging::begin(&output, &statics).map_err(|err| write_error(root, &output, err))?)
    } else {
        None
    };
    let reuse = reuse.then(|| {
        let theme = crate::write::manifest::theme_fingerprint(&engine, &lookup);
        let site = crate::write::manifest::site_fingerprint(&lookup);
        Reuse::load(root, &output, theme, site)
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
    let render_diagnostics = render::render(&engine, &lookup, &intros, &pages, target);
    let files = memory.into_files();
    let kept = reuse.as_ref().map(Reuse::kept).unwrap_or_default();
    let staged = staging.as_ref().map(Staging::paths).unwrap_or_default();
    diagnostics.extend(render_diagnostics);
    lap("render", &mut timings);
    let mut files = files;
    let static_paths: HashSet<&Path> = statics.iter().map(|s| s.path.as_path()).collect();
    // A site's own static robots.txt, sitemap or feed replaces the generated one; only
    // a page (HTML) and a static file at one path is a conflict.
    files.retain(|f| !output::yields_to_static(&f.path, || static_paths.contains(f.path.as_path())));
    let pages = files
        .iter()
        .map(|f| f.path.as_path())
        .chain(kept.iter().chain(&staged).map(PathBuf::as_path))
        .collect();
    check_collisions(root, &pages, &statics, &mut diagnostics);
    if diagnostics.has_errors() {
        return Err(BuildError::Site(diagnostics));
    }
    Ok(RenderedSite {
        lookup,
        engine,
        intros,
        files,
        statics,
        diagnostics,
        timings,
        output,
        kept,
        staged,
        staging,
        reuse,
    })
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
        // See #6: two builds at once would remove and rename each other's files.
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

/// Resolves and checks the output folder: never the site, `content/`, or a parent of them.
pub fn output_dir(root: &Path, requested: Option<&Path>) -> Result<PathBuf, Diagnostics> {
    let output = match requested {
        Some(path) if path.is_absolute() => path.to_path_buf(),
        Some(path) => std::env::current_dir()
            .map(|d| d.join(path))
            .unwrap_or_else(|_| path.to_path_buf()),
        None => root.join(OUTPUT_DIR),
    };
    let resolved = resolve(&output);
    let root = resolve(root);
    let home = std::env::var_os("HOME").map(PathBuf::from).map(|h| resolve(&h));
    let protected = [
        root.join(content::CONTENT_DIR),
        root.join(THEMES_DIR),
        root.join(STATIC_DIR),
        root.join(render::TEMPLATES_DIR),
    ];
    let refuse = root.starts_with(&resolved)
        || protected.iter().any(|p| resolved.starts_with(p))
        || resolved.parent().is_none()
        // The home folder or any folder holding it: building removes what the site does
        // not produce. See #6.
        || home.is_some_and(|h| h.starts_with(&resolved));
    if refuse {
        let mut d = Diagnostics::new();
        d.push(
            Diagnostic::error("--output", format!("refusing to write the site into {}: building removes files there that the site does not produce", resolved.display()))
                .with_hint("choose a folder of its own, such as output/ (the default)"),
        );
        return Err(d);
    }
    Ok(output)
}

/// The absolute, symlink-free form of a path that may not exist yet.
pub(crate) fn resolve(path: &Path) -> PathBuf {
    let absolute = if path.is_absolute() {
        path.to_path_buf()
    } else {
        std::env::current_dir()
            .map(|d| d.join(path))
            .unwrap_or_else(|_| path.to_path_buf())
    };
    let mut existing = absolute.as_path();
    let mut rest = Vec::new();
    loop {
        if let Ok(canonical) = existing.canonicalize() {
            let mut out = canonical;
            for part in rest.iter().rev() {
                out.push(part);
            }
            return out;
        }
        match (existing.parent(), existing.file_name()) {
            (Some(parent), Some(name)) => {
                rest.push(name.to_os_string());
                existing = parent;
            }
            _ => return absolute,
        }
    }
}

/// The static files of the theme and of the site (the site's win), with safe paths only.
pub fn static_files(root: &Path, config: &SiteConfig, diagnostics: &mut Diagnostics) -> Vec<StaticFile> {
    let mut found: HashMap<PathBuf, PathBuf> = HashMap::new();
    for dir in [
        Path::new(THEMES_DIR).join(&config.theme).join(STATIC_DIR),
        PathBuf::from(STATIC_DIR),
    ] {
        let full = root.join(&dir);
        if !full.is_dir() {
            continue;
        }
        for entry in walkdir::WalkDir::new(&full)
            .follow_links(false)
            .sort_by_file_name()
        {
            let Ok(entry) = entry else { continue };
            let relative = entry
                .path()
                .strip_prefix(&full)
                .expect("walkdir yields paths under its root")
                .to_path_buf();
            if entry.path_is_symlink() {
                diagnostics.push(
                    Diagnostic::warning(dir.join(&relative), "skipped a symbolic link in a static folder")
                        .with_hint("copy the file instead of linking to it"),
                );
                continue;
            }
            if !entry.file_type().is_file() || content::is_ignored(&entry.file_name().to_string_lossy()) {
                continue;
            }
            if !crate::model::permalink::is_safe_relative(&relative) {
                diagnostics.push(
                    Diagnostic::warning(
                        dir.join(&relative),
                        "skipped a static file whose name cannot be part of a URL",
                    )
                    .with_hint("rename it with letters, digits, `-`, `_` and `.`"),
                );
                continue;
            }
            // The site's own static/ comes second and wins.
            found.insert(relative, entry.path().to_path_buf());
        }
    }
    let mut statics: Vec<StaticFile> = found
        .into_iter()
        .map(|(path, source)| StaticFile { path, source })
        .collect();
    statics.sort_by(|a, b| a.path.cmp(&b.path));
    statics
}

/// What Markdown links may point at, derived from the linked site and its static files.
pub struct LinkIndex {
    known_urls: FastSet<String>,
    by_url: FastMap<String, ItemId>,
}

impl LinkIndex {
    /// Every page and static file URL of the site.
    pub fn new(site: &Site, statics: &[StaticFile]) -> LinkIndex {
        let mut known_urls = site.page_urls();
        for file in statics {
            known_urls.insert(format!("/{}", file.path.to_string_lossy().replace('\\', "/")));
        }
        let by_url = site
            .urls
            .iter()
            .enumerate()
            .map(|(id, url)| (url.clone(), id))
            .collect();
        LinkIndex { known_urls, by_url }
    }

    /// Renders one body against this index.
    pub fn render(&self, site: &Site, body: &str, me: Option<ItemId>) -> Rendered {
        markdown::render(body, &site.config.markdown, &self.links(site), me)
    }

    /// The link targets of `site` as Markdown rendering wants them.
    fn links<'a>(&'a self, site: &'a Site) -> Links<'a> {
        Links {
            base_path: &site.config.base_path,
            by_content_path: &site.by_content_path,
            by_url: &self.by_url,
            known_urls: &self.known_urls,
            urls: &site.urls,
            held_back: &site.held_back,
        }
    }
}

/// Renders every item's Markdown (in parallel) and the intros; `reuse` may hand back an
/// earlier result for an item whose body and links did not change (`serve`).
pub fn render_markdown(
    site: &Site,
    statics: &[StaticFile],
    diagnostics: &mut Diagnostics,
    reuse: &(dyn Fn(ItemId) -> Option<Arc<Rendered>> + Sync),
) -> (Vec<Arc<Rendered>>, Intros) {
    let index = LinkIndex::new(site, statics);
    let links = index.links(site);
    let options = &site.config.markdown;
    let rendered: Vec<Arc<Rendered>> = site
        .items
        .par_iter()
        .enumerate()
        .map(|(id, item)| {
            reuse(id).unwrap_or_else(|| Arc::new(markdown::render(&item.body, options, &links, Some(id))))
        })
        .collect();
    let mut intros = Intros::new();
    let mut intro_rendered = Vec::new();
    let every_intro = site
        .intros
        .iter()
        .map(|(key, item)| (site.config.language.as_str(), key, item))
        .chain(
            site.translated_intros
                .iter()
                .flat_map(|(lang, intros)| intros.iter().map(move |(key, item)| (lang.as_str(), key, item))),
        );
    for (lang, key, item) in every_intro {
        let r = markdown::render(&item.body, options, &links, None);
        intros.insert(
            (lang.to_string(), key.clone()),
            (item.title.clone(), Value::safe_string(&r.html)),
        );
        intro_rendered.push((item, r));
    }
    let checked = site
        .items
        .iter()
        .zip(rendered.iter().map(|r| r.as_ref()))
        .chain(intro_rendered.iter().map(|(i, r)| (*i, r)));
    for (item, r) in checked {
        diagnostics.extend(markdown_diagnostics(site, item, r, &|id| &rendered[id]));
    }
    (rendered, intros)
}

/// The link problems of one rendered body: missing targets and missing anchors.
pub fn markdown_diagnostics<'a>(
    site: &Site,
    item: &Item,
    r: &Rendered,
    rendered_of: &dyn Fn(ItemId) -> &'a Rendered,
) -> Vec<Diagnostic> {
    let mut found = Vec::new();
    for problem in &r.problems {
        let mut d = body_diagnostic(item, problem.offset, problem.len, &problem.message)
            .with_hint(problem.hint.clone());
        if problem.warning {
            d.severity = crate::diagnostics::Severity::Warning;
        }
        found.push(d);
    }
    for check in &r.anchor_checks {
        let anchors = &rendered_of(check.target).anchors;
        if anchors.contains(&check.anchor) {
            continue;
        }
        let target = &site.items[check.target];
        let mut ids: Vec<&str> = anchors.iter().map(String::as_str).collect();
        ids.sort();
        let hint = match crate::diagnostics::closest(&check.anchor, ids.iter().copied()) {
            Some(near) => format!("did you mean `#{near}`?"),
            None if ids.is_empty() => format!("{} has no headings", target.source.display()),
            None => format!(
                "its headings' ids: {}",
                ids.iter().map(|i| format!("#{i}")).collect::<Vec<_>>().join(", ")
            ),
        };
        let message = format!(
            "{} has no heading with the id `{}`",
            target.source.display(),
            check.anchor
        );
        found.push(body_diagnostic(item, check.offset, check.len, &message).with_hint(hint));
    }
    found
}

/// A diagnostic at a byte offset of an item's body, with the file's line numbers.
fn body_diagnostic(item: &Item, offset: usize, len: usize, message: &str) -> Diagnostic {
    let (line, column) = line_column(&item.body, offset);
    let width = item
        .body
        .get(offset..offset + len)
        .map_or(1, |s| s.chars().count());
    let mut d = Diagnostic::error(&item.source, message).at(&item.body, line, column, width);
    d.line += item.body_line - 1;
    d
}

fn check_collisions(
    root: &Path,
    pages: &HashSet<&Path>,
    statics: &[StaticFile],
    diagnostics: &mut Diagnostics,
) {
    for file in statics {
        if pages.contains(file.path.as_path()) {
            // Named from the site's folder, as every diagnostic is.
            let shown = file.source.strip_prefix(root).unwrap_or(&file.source);
            diagnostics.push(
                Diagnostic::error(
                    shown,
                    format!(
                        "the static file {} has the same path as a page",
                        file.path.display()
                    ),
                )
                .with_hint("rename the static file or change the page's slug"),
            );
        }
    }
}

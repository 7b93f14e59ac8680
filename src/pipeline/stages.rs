//! The steps `render_stages` takes, each a stage or its setup: the site's configuration,
//! the load stage, rendering into a sink, and the timer of `--verbose`.

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Instant;

use super::{BuildError, BuildOptions, DEFAULT_BODY_MEMORY, Lap};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::load::content;
use crate::load::git::History;
use crate::load::static_files::static_files;
use crate::model::config::{self, SiteConfig};
use crate::model::item::Item;
use crate::model::output::{OutputFile, StaticFile};
use crate::render::{self, Engine, Intros, Lookup};
use crate::write::manifest::Reuse;
use crate::write::output::{self, RealFolders};
use crate::write::previous_pages::KeptPages;
use crate::write::staging::Staging;

/// The time each stage took, lap by lap.
pub(super) struct Timer {
    pub(super) clock: Instant,
    pub(super) timings: Vec<Lap>,
}

impl Timer {
    pub(super) fn start() -> Timer {
        Timer {
            clock: Instant::now(),
            timings: Vec::new(),
        }
    }

    /// Ends the stage `name`, which started when the last one ended.
    pub(super) fn lap(&mut self, name: &'static str) {
        self.timings.push(Lap::now(name, self.clock.elapsed()));
        self.clock = Instant::now();
    }
}

/// `site.yaml`, with `--base-url` in place of its `base_url` and `--links` of its `links`.
pub(super) fn site_config(options: &BuildOptions) -> Result<SiteConfig, BuildError> {
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
    if let Some(links) = options.links {
        config.links = links;
    }
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
pub(super) struct Loaded {
    pub(super) config: SiteConfig,
    /// `None` when a template has an error (in `diagnostics`).
    pub(super) engine: Option<Engine>,
    pub(super) items: Vec<Item>,
    pub(super) history: Option<History>,
    pub(super) statics: Vec<StaticFile>,
    /// The files of `content/` that are not Markdown, for page bundles to publish.
    pub(super) content_files: Vec<PathBuf>,
    pub(super) diagnostics: Diagnostics,
}

/// The load stage: templates, content, dates from git and static files, with every problem
/// of all of them.
pub(super) fn load(options: &BuildOptions, mut config: SiteConfig, timer: &mut Timer) -> Loaded {
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
    let budget = match (options.for_serve, options.body_memory) {
        (true, _) => content::BodyBudget::new(usize::MAX),
        (false, Some(bytes)) => content::BodyBudget::new(bytes),
        // A site too large for every card to be kept keeps no body either: the few its
        // budget would hold would spare a fraction of a per cent of its build, and memory
        // is what such a site runs short of (at a million items they added 209 MiB to the peak).
        (false, None) => content::BodyBudget::new(DEFAULT_BODY_MEMORY).unless_more_files_than(
            crate::render::most_cards_kept(options.card_memory.unwrap_or(crate::render::DEFAULT_CARD_MEMORY)),
        ),
    };
    let (content, load_diagnostics) = content::load_within(root, &config, &budget);
    let (mut items, content_files) = (content.items, content.files);
    diagnostics.extend(load_diagnostics);
    timer.lap("load");
    let history = history.and_then(|history| {
        let history = history.finish(&mut config, &mut items, &mut diagnostics);
        timer.lap("git");
        history
    });
    let statics = static_files(root, &config, &mut diagnostics);
    find_logo(root, &mut config, &statics, &mut diagnostics);
    timer.lap("static");
    Loaded {
        config,
        engine,
        items,
        history,
        statics,
        content_files,
        diagnostics,
    }
}

/// Finds the logo `site.yaml` names among the static files and checks that the favicons
/// can be made from it, so a bad logo is one error before any page renders.
fn find_logo(root: &Path, config: &mut SiteConfig, statics: &[StaticFile], diagnostics: &mut Diagnostics) {
    let Some(logo) = &config.logo else { return };
    let wanted = Path::new(logo.trim_start_matches('/'));
    let Some(file) = statics.iter().find(|s| s.path == wanted) else {
        diagnostics.push(
            Diagnostic::error(
                crate::model::config::CONFIG_FILE,
                format!("the logo {logo} is not a static file of the site"),
            )
            .with_hint(
                "put it in a static/ folder (static/images/logo.svg is /images/logo.svg), or correct `logo:`",
            ),
        );
        return;
    };
    config.logo_file = Some(file.source.clone());
    if let Err(mut problem) = crate::render::favicons::Logo::load(config) {
        problem.file = file
            .source
            .strip_prefix(root)
            .unwrap_or(&file.source)
            .to_path_buf();
        diagnostics.push(*problem);
        config.logo_file = None;
    }
}

/// What the pages are rendered with.
pub(super) struct Rendering<'a> {
    pub(super) options: &'a BuildOptions,
    pub(super) output: &'a Path,
    pub(super) engine: &'a Engine,
    pub(super) lookup: &'a Arc<Lookup>,
    pub(super) intros: &'a Intros,
    pub(super) statics: &'a [StaticFile],
}

/// Where the rendered pages went.
pub(super) struct Pages {
    /// Held in memory (`check`, `serve`).
    pub(super) files: Vec<OutputFile>,
    /// Kept as the last build wrote them.
    pub(super) kept: KeptPages,
    /// Written to the staging folder.
    pub(super) staged: Vec<PathBuf>,
    pub(super) staged_html: usize,
    pub(super) staging: Option<Staging>,
    pub(super) reuse: Option<Reuse>,
}

impl Rendering<'_> {
    /// Renders every page of the plan: `build` (`reuse`) into the staging folder, skipping
    /// the pages the manifest keeps; `check` and `serve` into memory.
    pub(super) fn render(&self, reuse: bool, diagnostics: &mut Diagnostics) -> Result<Pages, BuildError> {
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
            true => Some(
                Staging::begin(output, self.statics, self.options.for_serve)
                    .map_err(|err| write_error(root, output, err))?,
            ),
            false => None,
        };
        let reuse = reuse.then(|| {
            let theme = crate::write::manifest::theme_fingerprint(self.engine, lookup);
            let site = crate::write::manifest::site_fingerprint(lookup);
            let folders = match &staging {
                Some(staging) => Arc::clone(staging.folders()),
                None => Arc::new(RealFolders::new(output)),
            };
            Reuse::load(root, output, theme, site, folders)
        });
        let memory = render::Memory::new();
        let target = render::Target {
            sink: match &staging {
                Some(staging) => staging,
                None => &memory,
            },
            cache: reuse.as_ref().map(|reuse| reuse as &dyn render::PageCache),
            done,
            whole_plan: true,
        };
        // The index is made beside the pages, both on rayon's pool, so that neither waits
        // for the other's slowest part. Only a build that writes makes it: `check` would
        // spend most of its time on files it throws away.
        let (rendered, indexed) = std::thread::scope(|scope| {
            let search = scope.spawn(|| match staging.is_some() {
                true => render::search::make(lookup, self.engine, target.sink, target.cache),
                false => Ok(render::search::Indexed::Off),
            });
            let rendered = render::render(self.engine, lookup, self.intros, &pages, target);
            (rendered, search.join())
        });
        diagnostics.extend(rendered);
        match indexed {
            Ok(Ok(_)) => {}
            Ok(Err(problem)) => diagnostics.push(*problem),
            Err(panic) => std::panic::resume_unwind(panic),
        }
        diagnostics.extend(render::search::missing_page(self.engine, &lookup.site.config));
        let mut files = memory.into_files();
        let static_paths: HashSet<&Path> = self.statics.iter().map(|s| s.path.as_path()).collect();
        // A site's own static robots.txt, sitemap or feed replaces the generated one; only
        // a page (HTML) and a static file at one path is a conflict.
        files.retain(|f| !output::yields_to_static(&f.path, || static_paths.contains(f.path.as_path())));
        Ok(Pages {
            files,
            kept: reuse.as_ref().map(Reuse::kept).unwrap_or_default(),
            // `serve` keeps the path of every page; a build keeps none it needs not.
            staged: match self.options.for_serve {
                true => staging.as_ref().map(Staging::paths).unwrap_or_default(),
                false => Vec::new(),
            },
            staged_html: staging.as_ref().map_or(0, Staging::html_pages),
            staging,
            reuse,
        })
    }
}

/// The error of a build that could not write (or lock) its output folder.
pub(super) fn write_error(root: &Path, output: &Path, err: output::WriteError) -> BuildError {
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

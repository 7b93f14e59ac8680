//! The build: load → link → render → write, with every problem collected on the way.
//!
//! `render_site` runs the first three stages and returns the whole site in memory (what
//! `check` inspects); `build` adds the write stage, which runs only when nothing failed,
//! so a failed build leaves `output/` exactly as it was. With `strict`, a warning fails
//! the build like an error, at the same points, and so also before anything is written.

mod change;
mod outcome;
mod stages;

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Instant;

pub use change::check_change;
pub use outcome::{BuildError, BuildOptions, BuildSummary, DEFAULT_BODY_MEMORY, Lap, Progress, RenderedSite};
use stages::{Loaded, Rendering, Timer, load, site_config, write_error};

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::link;
use crate::load::static_files::check_collisions;
use crate::model::config::SiteConfig;
use crate::model::item::Item;
use crate::model::site::Site;
use crate::render::bodies::{LinkIndex, render_markdown};
use crate::render::images::Images;
use crate::render::{self, Lookup, Rerender, SummaryWriter};
use crate::write::manifest::Reuse;
use crate::write::output_dir::output_dir;

/// Loads, links and renders the site; writes nothing.
pub fn render_site(options: &BuildOptions) -> Result<RenderedSite, BuildError> {
    render_stages(options, false)
}

/// Loads and links the site, nothing more: what needs the graph and not the pages (the
/// editors' configuration of `gazette cms`).
pub fn linked_site(options: &BuildOptions) -> Result<Site, BuildError> {
    let config = site_config(options)?;
    let (content, mut diagnostics) = crate::load::content::load(&options.root, &config);
    let site = link_site(config, content.items, options, &mut diagnostics, &mut |_| {});
    match has_failed(options, &mut diagnostics) {
        true => Err(BuildError::Site(diagnostics)),
        false => Ok(site),
    }
}

/// `render_site`; with `reuse`, pages the previous build's manifest shows unchanged on
/// disk are not rendered (they are in `kept`, not `files`), and the others are written to
/// the staging folder as they render (in `staged` for `serve`, counted in `staged_html`).
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
        mut statics,
        content_files,
        mut diagnostics,
    } = load(options, config, &mut timer);
    let loaded = match options.for_serve {
        true => items.clone(),
        false => Vec::new(),
    };
    let mut site = link_site(config, items, options, &mut diagnostics, &mut |stage| {
        timer.lap(stage)
    });
    let (bundle_files, unpublished) = link::bundles::bundle_files(root, &site, &content_files);
    diagnostics.extend(unpublished);
    statics.extend(bundle_files);
    let images = Arc::new(Images::new(root, &site.config, &statics));
    // The pictures templates asked for last time, for the pages this build keeps.
    images.replay_requests();
    let card_memory = options.card_memory.unwrap_or(render::DEFAULT_CARD_MEMORY);
    // Where cards will be made on demand, the summaries they show wait in a file, each
    // written as it is rendered (where no temporary file can be made they stay in memory).
    let summaries = (!options.for_serve && render::cards_made_on_demand(site.items.len(), card_memory))
        .then(|| SummaryWriter::new(site.items.len()).ok())
        .flatten();
    let (rendered, intros) = render_markdown(
        &site,
        &statics,
        Some(&images),
        summaries.as_ref(),
        &mut diagnostics,
        &|_| None,
    );
    // Bodies left on disk render again with their pages, against the same links.
    let rerender = site
        .items
        .iter()
        .any(|item| item.body_file.is_some())
        .then(|| rerender(LinkIndex::new(&site, &statics), Arc::clone(&images)));
    timer.lap("markdown");
    if !options.for_serve {
        // Rendered now: free the Markdown before the pages take their memory (on a large
        // site the bodies are a fifth of the peak).
        for item in &mut site.items {
            item.body = String::new();
        }
    }
    let failed = has_failed(options, &mut diagnostics);
    let Some(engine) = engine.filter(|_| !failed) else {
        return Err(BuildError::Site(diagnostics));
    };
    let mut lookup = match options.for_serve {
        true => Lookup::new(Arc::new(site), rendered),
        false => Lookup::within(
            Arc::new(site),
            rendered,
            summaries.map(SummaryWriter::finish),
            card_memory,
        ),
    };
    if !options.for_serve {
        lookup.keep_only_page_parts();
    }
    lookup.images = Some(Arc::clone(&images));
    lookup.rerender = rerender;
    let lookup = Arc::new(lookup);
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
    // The copies of pictures are published as static files are, from the cache.
    statics.extend(images.published());
    // The pages at a static file's path, found from the few static files rather than a
    // set of every page's path.
    let static_paths: HashSet<&Path> = statics.iter().map(|s| s.path.as_path()).collect();
    let mut colliding: HashSet<&Path> = pages
        .files
        .iter()
        .map(|f| f.path.as_path())
        .chain(pages.kept.iter())
        .chain(pages.staged.iter().map(PathBuf::as_path))
        .filter_map(|path| static_paths.get(path).copied())
        .collect();
    if let Some(staging) = &pages.staging {
        colliding.extend(staging.pages_at(&static_paths));
    }
    check_collisions(root, &colliding, &statics, &mut diagnostics);
    if has_failed(options, &mut diagnostics) {
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
        staged_html: pages.staged_html,
        staging: pages.staging,
        reuse: pages.reuse,
        loaded,
        history,
        images,
    })
}

/// How a page renders again the body the load stage left on disk: as the Markdown stage
/// rendered it, against the same links and pictures.
fn rerender(index: LinkIndex, images: Arc<Images>) -> Rerender {
    Box::new(move |site, id, body| index.render(site, body, Some(id), Some(&images)))
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
    let reuse = rendered.reuse.take();
    // Without the manifest (it could not be removed before the folder changes), every
    // folder of the output is read for stale files.
    let last_files = reuse
        .as_ref()
        .filter(|reuse| reuse.forget(&options.root).is_ok())
        .and_then(Reuse::files_not_kept);
    let write = staging
        .commit(&rendered.kept, &rendered.statics, last_files)
        .map_err(|err| write_error(&options.root, &rendered.output, err))?;
    if let Some(reuse) = reuse
        && let Err(err) = reuse.save(&options.root, &rendered.statics)
    {
        rendered.diagnostics.push(
            Diagnostic::warning(
                crate::write::manifest::CACHE_DIR,
                format!("cannot save the build manifest: {err}"),
            )
            .with_hint("the site is built; the next build renders every page again"),
        );
        if options.strict {
            // Too late to write nothing, but the run still fails on it.
            rendered.diagnostics.promote_warnings();
        }
    }
    if let Err(err) = rendered.images.finish() {
        rendered.diagnostics.push(
            Diagnostic::warning(
                crate::write::manifest::CACHE_DIR,
                format!("cannot tidy the cache of resized pictures: {err}"),
            )
            .with_hint("the site is built; the next build tidies it again"),
        );
    }
    rendered.timings.push(Lap::now("write", clock.elapsed()));
    Ok(BuildSummary {
        rendered,
        write,
        elapsed: start.elapsed(),
    })
}

/// True when the build must stop here: an error was found, or with `strict` a warning,
/// which is made an error so that it is reported as one of the problems that failed it.
fn has_failed(options: &BuildOptions, diagnostics: &mut Diagnostics) -> bool {
    if options.strict {
        diagnostics.promote_warnings();
    }
    diagnostics.has_errors()
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
    // A build links once: what only linking reads is freed as it is linked. `serve` links
    // again as files change, and keeps it.
    let mut site = match options.for_serve {
        true => link::link_with(config, items, &schedule, diagnostics),
        false => link::link_once(config, items, &schedule, diagnostics),
    };
    render::redirects::check(&site, diagnostics);
    lap("link");
    site.related = crate::link::related::related(&site);
    lap("related");
    site
}

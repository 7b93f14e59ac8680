//! A site kept in memory between rebuilds: what `gazette serve` rebuilds on each save.
//!
//! `Session::start` does a full build and keeps everything it made: the loaded items, the
//! linked site, each item's rendered Markdown and card, the parsed templates. `apply` then
//! takes a batch of changed files and does the least work that keeps `output/` exactly
//! what a full build would write:
//!
//! - a content file whose edit leaves the site's graph alone (same slug, date, title,
//!   references, terms, sort value: the common case of editing text) is re-parsed and
//!   re-rendered in place, and only the pages that show it are rendered again: its own
//!   page, the items it references and that reference it, its neighbours, the items that
//!   list it as related, its list and term pages, home, feeds and sitemap;
//! - any other content change (new, deleted, renamed file, new slug or references…)
//!   re-links the site from memory, reuses the Markdown and cards of untouched items, and
//!   renders the pages that showed the changed items before or show them after;
//! - a template change re-parses templates and re-renders every page without reading
//!   content; `site.yaml` triggers a full build; a static file is copied alone.
//!
//! Nothing is changed unless the whole rebuild succeeded: on any error the previous site
//! stays in memory and on disk, and the error comes back to be shown.

use std::collections::{BTreeMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use indexmap::IndexMap;

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::load::content;
use crate::model::config::CONTENT_DIR;
use crate::model::config::{self, SiteConfig};
use crate::model::config::{STATIC_DIR, TEMPLATES_DIR, THEMES_DIR};
use crate::model::item::Item;
use crate::model::output::StaticFile;
use crate::model::schema::FieldSpec;
use crate::pipeline::{self, BuildError, BuildOptions};
use crate::render::bodies::LinkIndex;
use crate::render::{self, Engine, Intros, Lookup};

mod affected;
mod in_place;
mod in_place_writer;
mod relink;
mod search_index;
mod statics;

pub(crate) use search_index::{IndexEvent, Reporter};

/// What changed on disk, as the session sees it.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(crate) enum Change {
    /// `site.yaml`.
    Config,
    /// A template of the theme or of the site.
    Template,
    /// A Markdown file, by its path under `content/` (`news/2023/x.md`).
    Content(String),
    /// A static file, by its path under a `static/` folder.
    Static(PathBuf),
    /// A file of `content/` that is not Markdown (a page bundle's), by its path under it.
    ContentFile(String),
}

impl Change {
    /// Is this a change the whole site is built again for (`site.yaml`, a bundle's file)?
    pub(crate) fn rebuilds_site(&self) -> bool {
        matches!(self, Change::Config | Change::ContentFile(_))
    }
}

/// What one `apply` did.
#[derive(Debug, Clone, Default)]
pub(crate) struct Update {
    /// What changed, for the log (`news/2023/x.md changed`).
    pub what: String,
    /// Pages rendered.
    pub rendered: usize,
    /// URL paths (with the base path) of files whose bytes changed or that were removed.
    pub changed_urls: Vec<String>,
    /// Files removed.
    pub removed: usize,
    /// Only stylesheets changed: the browser can swap them without reloading.
    pub css_only: bool,
    /// Warnings of the rebuild.
    pub warnings: Diagnostics,
    /// Time taken.
    pub elapsed: Duration,
    /// The search index may have changed: `reindex` once the browser is told.
    pub reindex: bool,
}

/// What starting a session built.
#[derive(Debug, Clone)]
pub(crate) struct Started {
    /// Files in the output folder.
    pub pages: usize,
    /// The pages and items built, as `build` says it (`65 pages (institutions: 11, news: 7)`).
    pub summary: String,
    /// Time the full build took.
    pub elapsed: Duration,
    /// Its warnings.
    pub warnings: Diagnostics,
}

/// The site in memory.
pub(crate) struct Session {
    options: BuildOptions,
    config: SiteConfig,
    output: PathBuf,
    /// Every loaded content file (drafts too), by path under `content/`.
    loaded: BTreeMap<String, Item>,
    /// `updated` dates from git, applied to reloaded files as the build applied them.
    history: Option<crate::load::git::History>,
    page_fields: IndexMap<String, FieldSpec>,
    engine: Engine,
    lookup: Arc<Lookup>,
    intros: Intros,
    statics: Vec<StaticFile>,
    index: LinkIndex,
    /// Every file of the output folder the site produces.
    outputs: HashSet<PathBuf>,
    /// A link or a file stood where a folder of the site belongs and was replaced: the
    /// pages that were in it are gone, and a full build puts them back.
    replaced_folder: AtomicBool,
    /// Makes the search index again after edits, in the background.
    indexer: search_index::Indexer,
    reporter: Reporter,
}

impl Session {
    /// Builds the site and keeps in memory what the build made and read: the loaded items,
    /// the linked site with its Markdown and cards, the parsed templates, the git history.
    /// The search index is then made again in the background after each edit, and
    /// `reporter` told when it is on disk.
    pub(crate) fn start(
        options: &BuildOptions,
        reporter: Reporter,
    ) -> Result<(Session, Started), BuildError> {
        let options = &BuildOptions {
            for_serve: true,
            ..options.clone()
        };
        let summary = pipeline::build(options)?;
        let rendered = summary.rendered;
        let started = Started {
            pages: rendered.page_paths().count(),
            summary: rendered.page_summary(),
            elapsed: summary.elapsed,
            warnings: rendered.diagnostics.clone(),
        };
        let config = rendered.lookup.site.config.clone();
        let page_fields = crate::model::schema::builtin_fields(config.taxonomies.keys());
        // The search index's files are the indexer's, not the pages'.
        let index_files = search_index::index_files(rendered.page_paths());
        let outputs = rendered
            .page_paths()
            .filter(|path| !index_files.contains(*path))
            .map(Path::to_path_buf)
            .chain(rendered.statics.iter().map(|s| s.path.clone()))
            .collect();
        let indexer =
            search_index::Indexer::start(rendered.output.clone(), index_files, Arc::clone(&reporter));
        indexer.baseline(&rendered.lookup, &rendered.engine.strings);
        let loaded = rendered
            .loaded
            .into_iter()
            .map(|item| (item.content_path().to_string(), item))
            .collect();
        let session = Session {
            options: options.clone(),
            output: rendered.output.clone(),
            index: LinkIndex::new(&rendered.lookup.site, &rendered.statics),
            loaded,
            history: rendered.history,
            page_fields,
            engine: rendered.engine,
            lookup: rendered.lookup,
            intros: rendered.intros,
            statics: rendered.statics,
            outputs,
            config,
            replaced_folder: AtomicBool::new(false),
            indexer,
            reporter,
        };
        Ok((session, started))
    }

    /// The output folder.
    pub(crate) fn output(&self) -> &Path {
        &self.output
    }

    /// The site's base path (`""` or `/portal`).
    pub(crate) fn base_path(&self) -> &str {
        &self.config.base_path
    }

    /// Folders to watch: everything the build reads, never the output.
    pub(crate) fn watched(&self) -> Vec<PathBuf> {
        let root = &self.options.root;
        let mut paths = vec![root.join(config::CONFIG_FILE), root.join(CONTENT_DIR)];
        for dir in [
            root.join(TEMPLATES_DIR),
            root.join(STATIC_DIR),
            root.join(THEMES_DIR).join(&self.config.theme),
        ] {
            if dir.exists() {
                paths.push(dir);
            }
        }
        paths
    }

    /// What a changed path means to the site, if anything.
    pub(crate) fn classify(&self, path: &Path) -> Option<Change> {
        let root = &self.options.root;
        let relative = path.strip_prefix(root).ok()?;
        let name = relative.file_name()?.to_str()?;
        if content::is_ignored(name) || relative.starts_with(&self.output) || path.starts_with(&self.output) {
            return None;
        }
        if relative == Path::new(config::CONFIG_FILE) {
            return Some(Change::Config);
        }
        if let Ok(in_content) = relative.strip_prefix(CONTENT_DIR) {
            let path = in_content
                .components()
                .map(|c| c.as_os_str().to_string_lossy())
                .collect::<Vec<_>>()
                .join("/");
            return Some(match in_content.extension().is_some_and(|e| e == "md") {
                true => Change::Content(path),
                false => Change::ContentFile(path),
            });
        }
        let theme = Path::new(THEMES_DIR).join(&self.config.theme);
        let theme_relative = relative.strip_prefix(&theme).unwrap_or(relative);
        if theme_relative.starts_with(TEMPLATES_DIR) {
            return Some(Change::Template);
        }
        if let Ok(in_static) = theme_relative.strip_prefix(STATIC_DIR) {
            return Some(Change::Static(in_static.to_path_buf()));
        }
        None
    }

    /// Rebuilds what `changes` touch. On error the session and the output are unchanged.
    pub(crate) fn apply(&mut self, changes: &[Change]) -> Result<Update, BuildError> {
        let start = Instant::now();
        // Before anything here changes the output folder, the next build is told that the
        // manifest no longer lists every file in it. Failing to tell it (a cache folder that
        // cannot be written) at worst leaves a page this session made and removed from the
        // site in the output until a build without the manifest.
        let _ = crate::write::manifest::note_output_changed(&self.options.root, &self.output);
        let mut changes: Vec<Change> = changes.to_vec();
        changes.sort();
        changes.dedup();
        // A bundle's file is published by the build's plan of static files: a file added,
        // changed or removed there rebuilds the site, as `site.yaml` does.
        // The favicons are made from the logo, one of the static files.
        let logo = self
            .config
            .logo
            .as_deref()
            .map(|l| Path::new(l.trim_start_matches('/')));
        let logo_changed = changes
            .iter()
            .any(|c| matches!((c, logo), (Change::Static(path), Some(logo)) if path == logo));
        // A picture's copies are named by its bytes: the pages that show it change too.
        let picture_changed = changes.iter().any(|c| {
            matches!(c, Change::Static(path) if crate::render::images::is_picture_name(&path.to_string_lossy()))
        });
        let whole_site = logo_changed || picture_changed || changes.iter().any(Change::rebuilds_site);
        let mut update = if whole_site {
            self.restart()?
        } else {
            let content: Vec<&String> = changes
                .iter()
                .filter_map(|c| match c {
                    Change::Content(path) => Some(path),
                    _ => None,
                })
                .collect();
            let mut update = Update::default();
            if changes.contains(&Change::Template) {
                update = self.reload_templates()?;
            }
            if !content.is_empty() {
                let content_update = self.apply_content(&content)?;
                merge(&mut update, content_update);
            }
            let statics: Vec<&PathBuf> = changes
                .iter()
                .filter_map(|c| match c {
                    Change::Static(path) => Some(path),
                    _ => None,
                })
                .collect();
            if !statics.is_empty() {
                let only_statics = update.what.is_empty();
                let static_update = self.apply_statics()?;
                merge(&mut update, static_update);
                update.css_only =
                    only_statics && statics.iter().all(|p| p.extension().is_some_and(|e| e == "css"));
            }
            update.reindex = changes
                .iter()
                .any(|c| matches!(c, Change::Template | Change::Content(_)));
            update
        };
        if self.replaced_folder.swap(false, Ordering::Relaxed) {
            let full = self.restart()?;
            merge(&mut update, full);
        }
        update.what = describe(&changes);
        update.elapsed = start.elapsed();
        Ok(update)
    }

    /// Hands the site as it is now to the search indexer, which makes the index again in
    /// the background if the indexed text changed. Called after an update's pages are
    /// served: making the records takes a moment on a large site.
    pub(crate) fn reindex(&self) {
        self.indexer.request(&self.lookup, &self.engine.strings);
    }

    /// Notes that a folder of the site had to be made again in place of something else.
    fn note_replaced_folder(&self) {
        self.replaced_folder.store(true, Ordering::Relaxed);
    }

    fn restart(&mut self) -> Result<Update, BuildError> {
        // The full build writes the index itself.
        self.indexer.stop();
        let (session, started) = Session::start(&self.options, Arc::clone(&self.reporter))?;
        let old = std::mem::replace(self, session);
        let removed = old.outputs.difference(&self.outputs).count();
        Ok(Update {
            rendered: started.pages,
            changed_urls: vec!["/".into()],
            removed,
            warnings: started.warnings,
            ..Update::default()
        })
    }

    fn reload_templates(&mut self) -> Result<Update, BuildError> {
        let engine = Engine::load(&self.options.root, &self.config.theme).map_err(BuildError::Site)?;
        engine.set_lookup(Arc::clone(&self.lookup));
        let pages = render::plan(&self.lookup.site);
        let files = self.render_pages(&engine, &self.lookup, &self.intros, &pages)?;
        let changed = self.write_files(&files)?;
        self.engine = engine;
        Ok(Update {
            rendered: files.len(),
            changed_urls: changed,
            ..Update::default()
        })
    }

    fn apply_content(&mut self, paths: &[&String]) -> Result<Update, BuildError> {
        let mut reloaded: Vec<(String, Option<Item>)> = Vec::new();
        let mut diagnostics = Diagnostics::new();
        for path in paths {
            let file = self.options.root.join(CONTENT_DIR).join(path.as_str());
            match std::fs::read(&file) {
                Ok(bytes) => {
                    let text = String::from_utf8(bytes).map_err(|err| {
                        let mut d = Diagnostics::new();
                        d.push(
                            Diagnostic::error(
                                Path::new(CONTENT_DIR).join(path.as_str()),
                                format!(
                                    "the file is not valid UTF-8 (bad byte at offset {})",
                                    err.utf8_error().valid_up_to()
                                ),
                            )
                            .with_hint("save the file as UTF-8 in your editor"),
                        );
                        BuildError::Site(d)
                    })?;
                    let (mut item, problems) =
                        content::load_text(Path::new(path.as_str()), &text, &self.config, &self.page_fields);
                    if let (Some(history), Some(item)) = (&self.history, item.as_mut()) {
                        history.apply(std::slice::from_mut(item));
                    }
                    diagnostics.extend(problems);
                    reloaded.push(((*path).clone(), item));
                }
                Err(err) if err.kind() == std::io::ErrorKind::NotFound => {
                    reloaded.push(((*path).clone(), None))
                }
                Err(err) => {
                    let mut d = Diagnostics::new();
                    d.push(Diagnostic::error(
                        Path::new(CONTENT_DIR).join(path.as_str()),
                        format!("cannot read the file: {err}"),
                    ));
                    return Err(BuildError::Site(d));
                }
            }
        }
        if diagnostics.has_errors() {
            return Err(BuildError::Site(diagnostics));
        }
        if let [(path, Some(item))] = reloaded.as_slice()
            && let Some(id) = self.in_place_candidate(path, item)
        {
            return self.edit_in_place(id, item.clone(), diagnostics);
        }
        self.relink(reloaded, diagnostics)
    }
}

fn merge(into: &mut Update, from: Update) {
    into.rendered += from.rendered;
    into.changed_urls.extend(from.changed_urls);
    into.removed += from.removed;
    into.warnings.extend(from.warnings);
}

fn describe(changes: &[Change]) -> String {
    let names: Vec<String> = changes
        .iter()
        .map(|c| match c {
            Change::Config => config::CONFIG_FILE.to_string(),
            Change::Template => "templates".to_string(),
            Change::Content(path) | Change::ContentFile(path) => path.clone(),
            Change::Static(path) => format!("static/{}", path.display()),
        })
        .collect();
    match names.as_slice() {
        [one] => format!("{one} changed"),
        many => format!("{} files changed", many.len()),
    }
}

/// `news/x/index.html` → `/portal/news/x/`.
pub(crate) fn url_of(base_path: &str, path: &Path) -> String {
    let text = path.to_string_lossy().replace('\\', "/");
    let page = text.strip_suffix("index.html").unwrap_or(&text);
    crate::render::site_url(base_path, &format!("/{page}"))
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;
    use std::fs;

    use super::*;

    /// The good fixture site with the test theme, in a temporary folder.
    fn site() -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
        copy(&fixtures.join("good"), dir.path());
        copy(&fixtures.join("_theme"), &dir.path().join("themes/mini"));
        dir
    }

    fn copy(from: &Path, to: &Path) {
        for entry in walkdir::WalkDir::new(from) {
            let entry = entry.unwrap();
            let target = to.join(entry.path().strip_prefix(from).unwrap());
            if entry.file_type().is_dir() {
                fs::create_dir_all(&target).unwrap();
            } else {
                fs::copy(entry.path(), &target).unwrap();
            }
        }
    }

    fn tree(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
        walkdir::WalkDir::new(dir)
            .into_iter()
            .map(|e| e.unwrap())
            .filter(|e| e.file_type().is_file())
            .map(|e| {
                (
                    e.path().strip_prefix(dir).unwrap().to_path_buf(),
                    fs::read(e.path()).unwrap(),
                )
            })
            .collect()
    }

    /// After any update, output/ must be exactly what a full build of the sources writes.
    fn assert_same_as_full_build(root: &Path) {
        let fresh = tempfile::tempdir().unwrap();
        let options = BuildOptions {
            root: root.to_path_buf(),
            output: Some(fresh.path().join("out")),
            ..BuildOptions::default()
        };
        pipeline::build(&options).unwrap_or_else(|e| panic!("{:?}", e.diagnostics()));
        let incremental = tree(&root.join("output"));
        let full = tree(&fresh.path().join("out"));
        let differing: Vec<&PathBuf> = full
            .keys()
            .chain(incremental.keys())
            .filter(|p| full.get(*p) != incremental.get(*p))
            .collect();
        assert!(
            differing.is_empty(),
            "incremental output differs from a full build: {differing:?}"
        );
    }

    fn start(root: &Path) -> Session {
        let options = BuildOptions {
            root: root.to_path_buf(),
            ..BuildOptions::default()
        };
        Session::start(&options, Arc::new(|_| {}))
            .unwrap_or_else(|e| panic!("{:?}", e.diagnostics()))
            .0
    }

    const LAB_OPENS: &str = "content/news/2023/lab-opens.md";

    fn png(width: u32, shade: u8) -> Vec<u8> {
        let mut out = Vec::new();
        image::RgbImage::from_pixel(width, width / 2, image::Rgb([10, 90, shade]))
            .write_to(&mut std::io::Cursor::new(&mut out), image::ImageFormat::Png)
            .unwrap();
        out
    }

    #[test]
    fn a_changed_picture_is_the_only_one_decoded_and_a_new_one_in_an_edit_is_published() {
        let dir = site();
        fs::create_dir_all(dir.path().join("static/images")).unwrap();
        fs::write(dir.path().join("static/images/a.png"), png(40, 1)).unwrap();
        fs::write(dir.path().join("static/images/b.png"), png(40, 2)).unwrap();
        fs::write(dir.path().join("static/images/c.png"), png(40, 3)).unwrap();
        let text = fs::read_to_string(dir.path().join(LAB_OPENS)).unwrap();
        fs::write(
            dir.path().join(LAB_OPENS),
            format!("{text}\n![A](/images/a.png) and ![B](/images/b.png)\n"),
        )
        .unwrap();
        let mut session = start(dir.path());
        let images = |session: &Session| session.lookup.images.as_ref().unwrap().counts();
        assert_eq!(images(&session).decoded, 2);
        fs::write(dir.path().join("static/images/a.png"), png(60, 1)).unwrap();
        session.apply(&[Change::Static("images/a.png".into())]).unwrap();
        assert_eq!(images(&session).decoded, 1, "b.png comes from the cache");
        assert_same_as_full_build(dir.path());
        fs::write(
            dir.path().join(LAB_OPENS),
            format!("{text}\n![A](/images/a.png) and ![C](/images/c.png)\n"),
        )
        .unwrap();
        session
            .apply(&[Change::Content("news/2023/lab-opens.md".into())])
            .unwrap();
        assert_same_as_full_build(dir.path());
    }

    #[test]
    fn editing_text_rerenders_only_the_pages_that_show_the_item() {
        let dir = site();
        let mut session = start(dir.path());
        let all_pages = render::plan(&session.lookup.site).len();
        let path = dir.path().join(LAB_OPENS);
        let text = fs::read_to_string(&path)
            .unwrap()
            .replace("opened its building", "opened its new building");
        fs::write(&path, text).unwrap();
        let update = session
            .apply(&[Change::Content("news/2023/lab-opens.md".into())])
            .unwrap();
        assert!(
            update.rendered < all_pages,
            "{} of {all_pages} pages rendered",
            update.rendered
        );
        assert!(
            update.changed_urls.contains(&"/news/2023/lab-opens/".to_string()),
            "{:?}",
            update.changed_urls
        );
        assert!(
            fs::read_to_string(dir.path().join("output/news/2023/lab-opens/index.html"))
                .unwrap()
                .contains("new building")
        );
        session.reindex();
        session.indexer.wait();
        assert_same_as_full_build(dir.path());
    }

    /// `output/news` replaced by a link to a folder outside while `serve` runs: an edit is
    /// never written through it; the link becomes a real folder again, with every page.
    #[cfg(unix)]
    #[test]
    fn an_edit_is_never_written_through_a_linked_folder() {
        let dir = site();
        let mut session = start(dir.path());
        let outside = tempfile::tempdir().unwrap();
        let news = dir.path().join("output/news");
        fs::rename(&news, outside.path().join("news")).unwrap();
        std::os::unix::fs::symlink(outside.path().join("news"), &news).unwrap();
        let before = tree(outside.path());
        let path = dir.path().join(LAB_OPENS);
        let text = fs::read_to_string(&path).unwrap().replace("opened", "has opened");
        fs::write(&path, text).unwrap();
        session
            .apply(&[Change::Content("news/2023/lab-opens.md".into())])
            .unwrap();
        assert_eq!(tree(outside.path()), before, "nothing written through the link");
        assert!(fs::symlink_metadata(&news).unwrap().is_dir());
        session.reindex();
        session.indexer.wait();
        assert_same_as_full_build(dir.path());
    }

    /// The manifest of the build `serve` started with does not list the pages an edit
    /// wrote after it: a page added while serving and deleted after is still removed by
    /// the next build.
    #[test]
    fn a_build_after_serve_removes_a_page_serve_wrote_that_the_site_no_longer_makes() {
        let dir = site();
        let mut session = start(dir.path());
        let added = "news/2023/added-while-serving.md";
        fs::write(
            dir.path().join("content").join(added),
            "---\ntitle: Added while serving\ndate: 2023-07-01\n---\n\nNew.\n",
        )
        .unwrap();
        session.apply(&[Change::Content(added.into())]).unwrap();
        session.indexer.wait();
        let page = dir.path().join("output/news/2023/added-while-serving/index.html");
        assert!(page.exists());
        drop(session);
        fs::remove_file(dir.path().join("content").join(added)).unwrap();
        let options = BuildOptions {
            root: dir.path().to_path_buf(),
            ..BuildOptions::default()
        };
        pipeline::build(&options).unwrap_or_else(|e| panic!("{:?}", e.diagnostics()));
        assert!(!page.exists(), "the page serve wrote is left");
        assert_same_as_full_build(dir.path());
    }

    #[test]
    fn deleting_renaming_and_relinking_match_a_full_build() {
        let dir = site();
        let mut session = start(dir.path());
        fs::remove_file(dir.path().join(LAB_OPENS)).unwrap();
        let update = session
            .apply(&[Change::Content("news/2023/lab-opens.md".into())])
            .unwrap();
        assert!(update.removed > 0);
        assert!(!dir.path().join("output/news/2023/lab-opens/index.html").exists());
        session.reindex();
        session.indexer.wait();
        assert_same_as_full_build(dir.path());

        let from = dir.path().join("content/news/2023/three-projects.md");
        fs::rename(&from, dir.path().join("content/news/2023/three-new-projects.md")).unwrap();
        session
            .apply(&[
                Change::Content("news/2023/three-projects.md".into()),
                Change::Content("news/2023/three-new-projects.md".into()),
            ])
            .unwrap();
        assert!(
            dir.path()
                .join("output/news/2023/three-new-projects/index.html")
                .exists()
        );
        session.reindex();
        session.indexer.wait();
        assert_same_as_full_build(dir.path());
    }

    /// An item with no other version is edited in place on a multilingual site
    /// too, and every page that shows it, in any language, follows. The templates here
    /// print every card's summary, so a page left stale would differ from a full build.
    #[test]
    fn an_untranslated_item_is_edited_in_place_in_every_language() {
        let dir = tempfile::tempdir().unwrap();
        let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
        copy(&fixtures.join("multilingual"), dir.path());
        copy(&fixtures.join("_theme"), &dir.path().join("themes/mini"));
        let cards = "{% for item in ITEMS %}<li>{{ item.title }}: {{ item.summary }}</li>{% endfor %}";
        let page = [
            "page.refs.institutions | default(value=[])",
            "page.backlinks.news",
            "page.related",
        ]
        .map(|items| cards.replace("ITEMS", items))
        .join("\n");
        let neighbours = "{% if page.previous %}{{ page.previous.summary }}{% endif %}{% if page.next %}{{ page.next.summary }}{% endif %}";
        let templates = [
            ("list.html", cards.replace("ITEMS", "paginator.items")),
            ("term.html", cards.replace("ITEMS", "paginator.items")),
            (
                "index.html",
                cards.replace("ITEMS", "get_collection(name=\"news\", lang=lang)"),
            ),
            ("news.html", format!("{page}{neighbours}")),
            ("institutions.html", page),
        ];
        fs::create_dir_all(dir.path().join("templates")).unwrap();
        for (name, text) in templates {
            fs::write(dir.path().join("templates").join(name), text).unwrap();
        }
        let untranslated = dir.path().join("content/news/2023/university-backs-lab.md");
        let text = fs::read_to_string(&untranslated).unwrap();
        fs::write(
            &untranslated,
            text.replace("date:", "tags: [brain science]\ndate:"),
        )
        .unwrap();
        fs::write(
            dir.path().join("content/news/2023/only-chinese.zh-Hans.md"),
            "---\ntitle: 只有中文\ndate: 2023-04-01\ntags: [brain science]\n---\n\n正文。\n",
        )
        .unwrap();
        let mut session = start(dir.path());
        let edits = [
            (
                "news/2023/university-backs-lab.md",
                "will send teams",
                "will send two teams",
            ),
            ("news/2023/only-chinese.zh-Hans.md", "正文。", "新的正文。"),
        ];
        for (path, from, to) in edits {
            let file = dir.path().join("content").join(path);
            let text = fs::read_to_string(&file).unwrap();
            fs::write(&file, text.replace(from, to)).unwrap();
            let site = Arc::as_ptr(&session.lookup.site);
            session.apply(&[Change::Content(path.into())]).unwrap();
            assert!(
                std::ptr::eq(site, Arc::as_ptr(&session.lookup.site)),
                "{path} was edited in place"
            );
            session.reindex();
            session.indexer.wait();
            assert_same_as_full_build(dir.path());
        }
        let zh = fs::read_to_string(dir.path().join("output/zh/tags/brain-science/index.html")).unwrap();
        assert!(
            zh.contains("will send two teams") && zh.contains("新的正文"),
            "{zh}"
        );
    }

    /// A translation takes fields from its original, so an edit of either file, a
    /// new translation and a deleted one must reach every language's pages.
    #[test]
    fn translations_follow_their_originals_incrementally() {
        let dir = tempfile::tempdir().unwrap();
        let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
        copy(&fixtures.join("multilingual"), dir.path());
        copy(&fixtures.join("_theme"), &dir.path().join("themes/mini"));
        let mut session = start(dir.path());
        let original = dir.path().join(LAB_OPENS);
        let text = fs::read_to_string(&original).unwrap();
        fs::write(&original, text.replace("2023-03-06", "2023-03-07")).unwrap();
        session
            .apply(&[Change::Content("news/2023/lab-opens.md".into())])
            .unwrap();
        let zh = fs::read_to_string(dir.path().join("output/zh/news/2023/lab-opens/index.html")).unwrap();
        assert!(zh.contains("2023-03-07"), "{zh}");
        session.reindex();
        session.indexer.wait();
        assert_same_as_full_build(dir.path());

        let translation = "content/institutions/chongqing-university.zh-Hans.md";
        fs::write(dir.path().join(translation), "---\ntitle: 重庆大学\n---\n").unwrap();
        session
            .apply(&[Change::Content(
                "institutions/chongqing-university.zh-Hans.md".into(),
            )])
            .unwrap();
        let zh = fs::read_to_string(dir.path().join("output/zh/news/2023/lab-opens/index.html")).unwrap();
        assert!(zh.contains("/zh/institutions/chongqing-university/"), "{zh}");
        session.reindex();
        session.indexer.wait();
        assert_same_as_full_build(dir.path());

        fs::write(
            dir.path()
                .join("content/institutions/jinfeng-laboratory.zh-Hans.md"),
            "---\ntitle: 金凤实验室（新）\n---\n\n新的正文。\n",
        )
        .unwrap();
        session
            .apply(&[Change::Content(
                "institutions/jinfeng-laboratory.zh-Hans.md".into(),
            )])
            .unwrap();
        session.reindex();
        session.indexer.wait();
        assert_same_as_full_build(dir.path());

        fs::remove_file(dir.path().join(translation)).unwrap();
        session
            .apply(&[Change::Content(
                "institutions/chongqing-university.zh-Hans.md".into(),
            )])
            .unwrap();
        assert!(
            !dir.path()
                .join("output/zh/institutions/chongqing-university/index.html")
                .exists()
        );
        session.reindex();
        session.indexer.wait();
        assert_same_as_full_build(dir.path());
    }

    #[test]
    fn a_broken_edit_changes_nothing_and_the_fix_recovers() {
        let dir = site();
        let mut session = start(dir.path());
        let before = tree(&dir.path().join("output"));
        let path = dir.path().join(LAB_OPENS);
        let good = fs::read_to_string(&path).unwrap();
        fs::write(&path, good.replace("[jinfeng-laboratory,", "[jinfeng-lab,")).unwrap();
        let err = session
            .apply(&[Change::Content("news/2023/lab-opens.md".into())])
            .unwrap_err();
        assert!(
            err.diagnostics()
                .iter()
                .any(|d| d.message.contains("jinfeng-lab"))
        );
        assert_eq!(tree(&dir.path().join("output")), before);
        fs::write(&path, good.replace("opened its building", "opened its doors")).unwrap();
        session
            .apply(&[Change::Content("news/2023/lab-opens.md".into())])
            .unwrap();
        session.reindex();
        session.indexer.wait();
        assert_same_as_full_build(dir.path());
    }

    #[test]
    fn a_new_alias_writes_its_redirect_page() {
        let dir = site();
        let mut session = start(dir.path());
        let path = dir.path().join(LAB_OPENS);
        let text = fs::read_to_string(&path)
            .unwrap()
            .replacen("---\n", "---\naliases: [/old/lab/]\n", 1);
        fs::write(&path, text).unwrap();
        session
            .apply(&[Change::Content("news/2023/lab-opens.md".into())])
            .unwrap();
        assert!(dir.path().join("output/old/lab/index.html").exists());
        session.reindex();
        session.indexer.wait();
        assert_same_as_full_build(dir.path());
    }

    #[test]
    fn template_changes_rerender_without_reading_content() {
        let dir = site();
        let mut session = start(dir.path());
        let template = dir.path().join("themes/mini/templates/base.html");
        let text = fs::read_to_string(&template)
            .unwrap()
            .replace("<body>", "<body class=\"changed\">");
        fs::write(&template, text).unwrap();
        let change = session.classify(&template).unwrap();
        assert_eq!(change, Change::Template);
        let update = session.apply(&[change]).unwrap();
        assert!(!update.changed_urls.is_empty());
        session.reindex();
        session.indexer.wait();
        assert_same_as_full_build(dir.path());
    }
}

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
use std::time::{Duration, Instant};

use indexmap::IndexMap;
use rayon::prelude::*;

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::load::content;
use crate::model::config::CONTENT_DIR;
use crate::model::config::{self, SiteConfig};
use crate::model::config::{STATIC_DIR, TEMPLATES_DIR, THEMES_DIR};
use crate::model::item::Item;
use crate::model::output::{OutputFile, StaticFile};
use crate::model::schema::FieldSpec;
use crate::model::site::{ItemId, Site};
use crate::pipeline::{self, BuildError, BuildOptions};
use crate::render::bodies::{self, LinkIndex};
use crate::render::markdown::Rendered;
use crate::render::{self, Engine, Feed, Intros, Lookup, Page};
use crate::write::output;

/// What changed on disk, as the session sees it.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Change {
    /// `site.yaml`.
    Config,
    /// A template of the theme or of the site.
    Template,
    /// A Markdown file, by its path under `content/` (`news/2023/x.md`).
    Content(String),
    /// A static file, by its path under a `static/` folder.
    Static(PathBuf),
}

/// What one `apply` did.
#[derive(Debug, Clone, Default)]
pub struct Update {
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
}

/// The site in memory.
pub struct Session {
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
}

impl Session {
    /// Builds the site and keeps it in memory.
    pub fn start(options: &BuildOptions) -> Result<(Session, pipeline::BuildSummary), BuildError> {
        let options = &BuildOptions {
            keep_bodies: true,
            ..options.clone()
        };
        let summary = pipeline::build(options)?;
        let rendered = &summary.rendered;
        let config = rendered.lookup.site.config.clone();
        let (mut items, _) = content::load(&options.root, &config);
        // The same `updated` dates from git as the build had (read once per session).
        let history = if options.no_git {
            None
        } else {
            crate::load::git::read(&options.root).ok().flatten()
        };
        if let Some(history) = &history {
            history.apply(&mut items);
        }
        let loaded = items
            .into_iter()
            .map(|item| (item.content_path.clone(), item))
            .collect();
        let page_fields = crate::model::schema::builtin_fields(config.taxonomies.keys());
        let engine = Engine::load(&options.root, &config.theme).map_err(BuildError::Site)?;
        engine.set_lookup(Arc::clone(&rendered.lookup));
        let outputs = rendered
            .page_paths()
            .map(Path::to_path_buf)
            .chain(rendered.statics.iter().map(|s| s.path.clone()))
            .collect();
        let session = Session {
            options: options.clone(),
            output: rendered.output.clone(),
            index: LinkIndex::new(&rendered.lookup.site, &rendered.statics),
            loaded,
            history,
            page_fields,
            engine,
            lookup: Arc::clone(&rendered.lookup),
            intros: rendered.intros.clone(),
            statics: rendered.statics.clone(),
            outputs,
            config,
        };
        Ok((session, summary))
    }

    /// The output folder.
    pub fn output(&self) -> &Path {
        &self.output
    }

    /// The site's base path (`""` or `/portal`).
    pub fn base_path(&self) -> &str {
        &self.config.base_path
    }

    /// Folders to watch: everything the build reads, never the output.
    pub fn watched(&self) -> Vec<PathBuf> {
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
    pub fn classify(&self, path: &Path) -> Option<Change> {
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
            return (in_content.extension().is_some_and(|e| e == "md")).then(|| {
                Change::Content(
                    in_content
                        .components()
                        .map(|c| c.as_os_str().to_string_lossy())
                        .collect::<Vec<_>>()
                        .join("/"),
                )
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
    pub fn apply(&mut self, changes: &[Change]) -> Result<Update, BuildError> {
        let start = Instant::now();
        let mut changes: Vec<Change> = changes.to_vec();
        changes.sort();
        changes.dedup();
        let mut update = if changes.contains(&Change::Config) {
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
            update
        };
        update.what = describe(&changes);
        update.elapsed = start.elapsed();
        Ok(update)
    }

    fn restart(&mut self) -> Result<Update, BuildError> {
        let (session, summary) = Session::start(&self.options)?;
        let old = std::mem::replace(self, session);
        let removed = old.outputs.difference(&self.outputs).count();
        Ok(Update {
            rendered: summary.rendered.page_paths().count(),
            changed_urls: vec!["/".into()],
            removed,
            warnings: summary.rendered.diagnostics,
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

    fn apply_statics(&mut self) -> Result<Update, BuildError> {
        let mut diagnostics = Diagnostics::new();
        let statics =
            crate::load::static_files::static_files(&self.options.root, &self.config, &mut diagnostics);
        let copied: Vec<(String, bool)> = statics
            .par_iter()
            .map(|s| {
                let bytes = std::fs::read(&s.source)?;
                let path = self.output.join(&s.path);
                if let Some(parent) = path.parent() {
                    std::fs::create_dir_all(parent)?;
                }
                Ok((
                    url_of(&self.config.base_path, &s.path),
                    output::write_if_changed(&path, &bytes)?,
                ))
            })
            .collect::<std::io::Result<_>>()
            .map_err(|err| io_error(&self.output, &err))?;
        let new: HashSet<PathBuf> = statics.iter().map(|s| s.path.clone()).collect();
        let mut removed = Vec::new();
        for old in &self.statics {
            if !new.contains(&old.path) && !self.is_page(&old.path) {
                remove_file(&self.output, &old.path).map_err(|err| io_error(&self.output, &err))?;
                self.outputs.remove(&old.path);
                removed.push(url_of(&self.config.base_path, &old.path));
            }
        }
        self.outputs.extend(new);
        self.statics = statics;
        let mut changed: Vec<String> = copied
            .into_iter()
            .filter(|(_, written)| *written)
            .map(|(u, _)| u)
            .collect();
        let removed_count = removed.len();
        changed.extend(removed);
        Ok(Update {
            changed_urls: changed,
            removed: removed_count,
            warnings: diagnostics,
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

    /// The item's id when the new version leaves the site's graph and orders alone.
    fn in_place_candidate(&self, path: &str, new: &Item) -> Option<ItemId> {
        let site = &self.lookup.site;
        let &id = site.by_content_path.get(path)?;
        // A translation takes what it leaves out from its original: one file's change
        // reaches the other's page only through a relink. An item with no other version
        // inherits nothing and lends nothing; `dependents` finds where other languages
        // show it. See #9.
        if !site.translations[id].is_empty() {
            return None;
        }
        let old = &site.items[id];
        let sort_field = old
            .collection()
            .map(|c| site.config.collections[c].sort.field.as_str());
        let same = old.kind == new.kind
            && old.slug == new.slug
            && old.title == new.title
            && old.date == new.date
            && old.updated == new.updated
            && old.draft == new.draft
            && old.weight == new.weight
            && old.template == new.template
            && old
                .aliases
                .iter()
                .map(|a| &a.path)
                .eq(new.aliases.iter().map(|a| &a.path))
            && references(old) == references(new)
            && terms(old) == terms(new)
            && sort_field.is_none_or(|f| old.sort_value(f) == new.sort_value(f));
        same.then_some(id)
    }

    fn edit_in_place(
        &mut self,
        id: ItemId,
        item: Item,
        mut diagnostics: Diagnostics,
    ) -> Result<Update, BuildError> {
        let site = Arc::clone(&self.lookup.site);
        let rendered = self.index.render(&site, &item.body, Some(id));
        let rendered_of = |i: ItemId| {
            if i == id {
                &rendered
            } else {
                self.lookup.rendered[i].as_ref()
            }
        };
        diagnostics.extend(bodies::markdown_diagnostics(
            &site,
            &item,
            &rendered,
            &rendered_of,
        ));
        // Other items' links into this one must still find their anchors.
        let anchors_kept = rendered.anchors == self.lookup.rendered[id].anchors;
        for (other, r) in self.lookup.rendered.iter().enumerate().filter(|_| !anchors_kept) {
            if other != id
                && r.anchor_checks
                    .iter()
                    .any(|c| c.target == id && !rendered.anchors.contains(&c.anchor))
            {
                diagnostics.extend(bodies::markdown_diagnostics(
                    &site,
                    &site.items[other],
                    r,
                    &rendered_of,
                ));
            }
        }
        if diagnostics.has_errors() {
            return Err(BuildError::Site(diagnostics));
        }
        drop(site);
        // Its URL, date and order are unchanged: the sitemap is too.
        let pages: Vec<Page> = dependents(&self.lookup.site, &[id])
            .into_iter()
            .filter(|p| !matches!(p, Page::Sitemap { .. }))
            .collect();
        // Change the site in place: the session holds the only reference once the engine
        // lets go of it, so nothing is copied; the old values come back on error.
        self.engine.clear_lookup();
        let lookup = Arc::get_mut(&mut self.lookup).expect("the session owns the site between renders");
        let site = Arc::get_mut(&mut lookup.site).expect("the lookup owns the site");
        let old_item = std::mem::replace(&mut site.items[id], item);
        let old_rendered = std::mem::replace(&mut lookup.rendered[id], Arc::new(rendered));
        let old_card = lookup.cards[id].clone();
        lookup.refresh_card(id);
        self.engine.set_lookup(Arc::clone(&self.lookup));
        let files = match self.render_pages(&self.engine, &self.lookup, &self.intros, &pages) {
            Ok(files) => files,
            Err(err) => {
                self.engine.clear_lookup();
                let lookup =
                    Arc::get_mut(&mut self.lookup).expect("the session owns the site between renders");
                lookup.cards[id] = old_card;
                lookup.rendered[id] = old_rendered;
                let site = Arc::get_mut(&mut lookup.site).expect("the lookup owns the site");
                site.items[id] = old_item;
                self.engine.set_lookup(Arc::clone(&self.lookup));
                return Err(err);
            }
        };
        let path = self.lookup.site.items[id].content_path.clone();
        if let Some(loaded) = self.loaded.get_mut(&path) {
            *loaded = self.lookup.site.items[id].clone();
        }
        let changed = self.write_files(&files)?;
        Ok(Update {
            rendered: files.len(),
            changed_urls: changed,
            warnings: diagnostics,
            ..Update::default()
        })
    }

    fn relink(
        &mut self,
        reloaded: Vec<(String, Option<Item>)>,
        mut diagnostics: Diagnostics,
    ) -> Result<Update, BuildError> {
        let old_site = Arc::clone(&self.lookup.site);
        let mut loaded = self.loaded.clone();
        // Changed files, and their old and new URLs: bodies that mention them link to them.
        let mut paths: Vec<String> = Vec::new();
        let mut urls: Vec<String> = Vec::new();
        for (path, item) in reloaded {
            if let Some(&id) = old_site.by_content_path.get(&path) {
                urls.push(old_site.urls[id].clone());
            }
            paths.push(path.clone());
            match item {
                Some(item) => loaded.insert(path, item),
                None => loaded.remove(&path),
            };
        }
        let changed_paths: HashSet<&str> = paths.iter().map(String::as_str).collect();
        let items: Vec<Item> = loaded.values().cloned().collect();
        let site = pipeline::link_site(
            self.config.clone(),
            items,
            &self.options,
            &mut diagnostics,
            &mut |_| {},
        );
        for (id, item) in site.items.iter().enumerate() {
            if changed_paths.contains(item.content_path.as_str()) {
                urls.push(site.urls[id].clone());
            }
        }
        let site = Arc::new(site);
        let mentioned: Vec<&str> = paths
            .iter()
            .chain(&urls)
            .map(|t| t.trim_end_matches('/'))
            .collect();
        // A translation inherits its original's fields and body: both change together.
        let changed_keys: HashSet<&str> = site
            .items
            .iter()
            .chain(old_site.items.iter())
            .filter(|item| changed_paths.contains(item.content_path.as_str()))
            .map(|item| item.translation_key.as_str())
            .collect();
        let reusable = |id: ItemId| -> Option<usize> {
            let item = &site.items[id];
            if changed_paths.contains(item.content_path.as_str())
                || changed_keys.contains(item.translation_key.as_str())
            {
                return None;
            }
            let &old = old_site.by_content_path.get(&item.content_path)?;
            let mentions = mentioned.iter().any(|t| item.body.contains(t));
            (!mentions && old_site.urls[old] == site.urls[id]).then_some(old)
        };
        let reuse = |id: ItemId| -> Option<Arc<Rendered>> {
            let old = reusable(id)?;
            let r = &self.lookup.rendered[old];
            let mut remapped = (**r).clone();
            for check in &mut remapped.anchor_checks {
                let target = &old_site.items[check.target].content_path;
                check.target = *site.by_content_path.get(target)?;
            }
            Some(Arc::new(remapped))
        };
        let (rendered, intros) = bodies::render_markdown(&site, &self.statics, &mut diagnostics, &reuse);
        if diagnostics.has_errors() {
            return Err(BuildError::Site(diagnostics));
        }
        let old_ids: Vec<ItemId> = touched_ids(&old_site, &changed_paths);
        let mut affected_urls: HashSet<String> = dependents(&old_site, &old_ids)
            .iter()
            .map(|p| render::page_url(&old_site, p))
            .collect();
        let new_ids: Vec<ItemId> = touched_ids(&site, &changed_paths);
        affected_urls.extend(
            dependents(&site, &new_ids)
                .iter()
                .map(|p| render::page_url(&site, p)),
        );
        // Lists and term indexes of touched collections may have shifted as a whole.
        let collections: HashSet<&str> = old_ids
            .iter()
            .filter_map(|id| old_site.items[*id].collection())
            .chain(new_ids.iter().filter_map(|id| site.items[*id].collection()))
            .collect();
        let lookup = Arc::new(Lookup::new_reusing(Arc::clone(&site), rendered, &|id| {
            reusable(id).map(|old| self.lookup.cards[old].clone())
        }));
        let plan = render::plan(&site);
        let pages: Vec<Page> = plan
            .iter()
            .filter(|page| match page {
                Page::List { collection, .. } | Page::LangList { collection, .. } => {
                    collections.contains(collection.as_str())
                }
                // Fallback puts the default language's items on other languages' lists and
                // term pages at positions `dependents` does not work out.
                Page::LangHome { .. } | Page::LangTerm { .. } | Page::LangTerms { .. } => true,
                // Few and cheap; a new alias must be written, a retitled item's redirect too.
                Page::Terms { .. } | Page::Redirect { .. } => true,
                page => affected_urls.contains(&render::page_url(&site, page)),
            })
            .cloned()
            .collect();
        self.engine.set_lookup(Arc::clone(&lookup));
        let files = match self.render_pages(&self.engine, &lookup, &intros, &pages) {
            Ok(files) => files,
            Err(err) => {
                self.engine.set_lookup(Arc::clone(&self.lookup));
                return Err(err);
            }
        };
        let mut new_outputs: HashSet<PathBuf> = plan
            .iter()
            .filter_map(|page| crate::model::permalink::output_path(&render::page_url(&site, page)).ok())
            .collect();
        new_outputs.extend(self.statics.iter().map(|s| s.path.clone()));
        let mut changed = self.write_files(&files)?;
        let stale: Vec<PathBuf> = self.outputs.difference(&new_outputs).cloned().collect();
        for path in &stale {
            remove_file(&self.output, path).map_err(|err| io_error(&self.output, &err))?;
            changed.push(url_of(&self.config.base_path, path));
        }
        self.index = LinkIndex::new(&site, &self.statics);
        self.loaded = loaded;
        self.lookup = lookup;
        self.intros = intros;
        self.outputs = new_outputs;
        drop(old_site);
        Ok(Update {
            rendered: files.len(),
            changed_urls: changed,
            removed: stale.len(),
            warnings: diagnostics,
            ..Update::default()
        })
    }

    fn render_pages(
        &self,
        engine: &Engine,
        lookup: &Lookup,
        intros: &Intros,
        pages: &[Page],
    ) -> Result<Vec<OutputFile>, BuildError> {
        // Held in memory, then written: a broken edit changes nothing on disk.
        let memory = render::Memory::new();
        let problems = render::render(engine, lookup, intros, pages, render::Target::sink(&memory));
        let mut files = memory.into_files();
        if !problems.is_empty() {
            let mut d = Diagnostics::new();
            d.extend(problems);
            return Err(BuildError::Site(d));
        }
        // A static file replaces a generated feed, sitemap or robots.txt (as in `build`).
        files
            .retain(|f| !output::yields_to_static(&f.path, || self.statics.iter().any(|s| s.path == f.path)));
        Ok(files)
    }

    /// Writes the files whose bytes changed; returns their URLs.
    fn write_files(&self, files: &[OutputFile]) -> Result<Vec<String>, BuildError> {
        let written: Vec<Option<String>> = files
            .par_iter()
            .map(|file| {
                let path = self.output.join(&file.path);
                let written = output::overwrite_if_changed(&path, &file.bytes)?;
                Ok(written.then(|| url_of(&self.config.base_path, &file.path)))
            })
            .collect::<std::io::Result<_>>()
            .map_err(|err| io_error(&self.output, &err))?;
        Ok(written.into_iter().flatten().collect())
    }

    fn is_page(&self, path: &Path) -> bool {
        self.outputs.contains(path) && !self.statics.iter().any(|s| s.path == path)
    }
}

/// The pages that show the given items: their own pages, the pages of items they reference
/// or that reference them, their neighbours, items listing them as related, the list and
/// term pages holding them, and home, feeds and sitemap.
pub fn dependents(site: &Site, ids: &[ItemId]) -> Vec<Page> {
    let mut items: HashSet<ItemId> = HashSet::new();
    let mut pages: HashSet<Page> = HashSet::new();
    let wanted: HashSet<ItemId> = ids.iter().copied().collect();
    for &id in ids {
        items.insert(id);
        items.extend(site.refs[id].values().flatten());
        items.extend(site.backlinks[id].values().flatten());
        let (previous, next) = site.neighbours(id);
        items.extend(previous);
        items.extend(next);
        if let Some(collection) = site.items[id].collection() {
            let per_page = site.config.collections[collection].per_page;
            let lang = &site.items[id].lang;
            let page = render::list_page_of(site.rank[id], per_page);
            if *lang == site.config.language {
                pages.insert(Page::List {
                    collection: collection.to_string(),
                    page,
                });
            } else {
                pages.insert(Page::LangList {
                    lang: lang.clone(),
                    collection: collection.to_string(),
                    page,
                });
                pages.insert(Page::LangHome { lang: lang.clone() });
            }
        }
        // A translation's page links to its other versions, and they to it.
        items.extend(site.translations[id].iter().copied());
        let lang = &site.items[id].lang;
        for (taxonomy, indexes) in &site.item_terms[id] {
            let per_page = site.config.taxonomies[taxonomy].per_page;
            for &term in indexes {
                let position = site.taxonomy_in(lang, taxonomy)[term]
                    .items
                    .iter()
                    .position(|i| *i == id)
                    .unwrap_or(0);
                let page = render::list_page_of(position, per_page);
                let taxonomy = taxonomy.clone();
                pages.insert(match *lang == site.config.language {
                    true => Page::Term { taxonomy, term, page },
                    false => Page::LangTerm {
                        lang: lang.clone(),
                        taxonomy,
                        term,
                        page,
                    },
                });
            }
        }
    }
    for (other, related) in site.related.iter().enumerate() {
        if related.iter().any(|r| wanted.contains(r)) {
            items.insert(other);
        }
    }
    if site.config.is_multilingual() {
        borrowed_dependents(site, &wanted, &mut items, &mut pages);
    }
    pages.extend(items.into_iter().map(Page::Item));
    pages.insert(Page::Home);
    pages.extend((0..=render::sitemap_parts(site)).map(|part| Page::Sitemap { part }));
    for feed in render::feeds_of(site) {
        let shows = match &feed {
            Feed::Site | Feed::Collection(_) | Feed::Language(_) | Feed::LangCollection { .. } => true,
            Feed::Term { taxonomy, term } => ids.iter().any(|id| {
                site.items[*id].lang == site.config.language
                    && site.item_terms[*id]
                        .get(taxonomy)
                        .is_some_and(|t| t.contains(term))
            }),
            Feed::LangTerm { lang, taxonomy, term } => ids.iter().any(|id| {
                site.items[*id].lang == *lang
                    && site.item_terms[*id]
                        .get(taxonomy)
                        .is_some_and(|t| t.contains(term))
            }),
        };
        if shows {
            pages.insert(Page::Feed(feed));
        }
    }
    pages.into_iter().collect()
}

/// Where languages other than an item's own show it: with fallback, a default-language
/// item with no version in a language is on that language's home, lists and term pages,
/// beside its neighbours there, and among the references and backlinks of its pages.
fn borrowed_dependents(
    site: &Site,
    wanted: &HashSet<ItemId>,
    items: &mut HashSet<ItemId>,
    pages: &mut HashSet<Page>,
) {
    for (other, (refs, backlinks)) in site.refs.iter().zip(&site.backlinks).enumerate() {
        let shows =
            |targets: &IndexMap<String, Vec<ItemId>>| targets.values().flatten().any(|t| wanted.contains(t));
        if shows(refs) || shows(backlinks) {
            items.insert(other);
        }
    }
    for language in site.config.languages.iter().skip(1) {
        let lang = language.code.as_str();
        let shown: Vec<ItemId> = wanted
            .iter()
            .copied()
            .filter(|id| site.items[*id].lang != lang)
            .filter(|id| {
                crate::link::language::is_shown_in(&site.config, &site.items, &site.translations, *id, lang)
            })
            .collect();
        if shown.is_empty() {
            continue;
        }
        pages.insert(Page::LangHome {
            lang: lang.to_string(),
        });
        for &id in &shown {
            if let Some(collection) = site.items[id].collection() {
                let list = site.collection_in(lang, collection);
                let per_page = site.config.collections[collection].per_page;
                if let Some(position) = list.iter().position(|i| *i == id) {
                    pages.insert(Page::LangList {
                        lang: lang.to_string(),
                        collection: collection.to_string(),
                        page: render::list_page_of(position, per_page),
                    });
                    items.extend(position.checked_sub(1).map(|p| list[p]));
                    items.extend(list.get(position + 1).copied());
                }
            }
        }
        for (taxonomy, terms) in site.translated_taxonomies.get(lang).into_iter().flatten() {
            let per_page = site.config.taxonomies[taxonomy].per_page;
            for (term, t) in terms.iter().enumerate() {
                for (position, _) in t.items.iter().enumerate().filter(|(_, i)| shown.contains(i)) {
                    pages.insert(Page::LangTerm {
                        lang: lang.to_string(),
                        taxonomy: taxonomy.clone(),
                        term,
                        page: render::list_page_of(position, per_page),
                    });
                }
            }
        }
    }
}

/// The items of the changed files, and their versions in other languages: a translation
/// shows what it inherits from its original. See #9.
fn touched_ids(site: &Site, paths: &HashSet<&str>) -> Vec<ItemId> {
    let mut ids: Vec<ItemId> = paths
        .iter()
        .filter_map(|p| site.by_content_path.get(*p).copied())
        .collect();
    let translations: Vec<ItemId> = ids
        .iter()
        .flat_map(|id| site.translations[*id].iter().copied())
        .collect();
    for id in translations {
        if !ids.contains(&id) {
            ids.push(id);
        }
    }
    ids
}

fn references(item: &Item) -> Vec<(&str, &str)> {
    item.references
        .iter()
        .map(|r| (r.field.as_str(), r.slug.as_str()))
        .collect()
}

fn terms(item: &Item) -> Vec<(&str, Vec<&str>)> {
    item.terms
        .iter()
        .map(|(t, list)| (t.as_str(), list.iter().map(|r| r.name.as_str()).collect()))
        .collect()
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
            Change::Content(path) => path.clone(),
            Change::Static(path) => format!("static/{}", path.display()),
        })
        .collect();
    match names.as_slice() {
        [one] => format!("{one} changed"),
        many => format!("{} files changed", many.len()),
    }
}

/// `news/x/index.html` → `/portal/news/x/`.
pub fn url_of(base_path: &str, path: &Path) -> String {
    let text = path.to_string_lossy().replace('\\', "/");
    let page = text.strip_suffix("index.html").unwrap_or(&text);
    crate::render::site_url(base_path, &format!("/{page}"))
}

fn remove_file(output: &Path, relative: &Path) -> std::io::Result<()> {
    let path = output.join(relative);
    match std::fs::remove_file(&path) {
        Ok(()) => {}
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => {}
        Err(err) => return Err(err),
    }
    // Remove folders the removal emptied, up to the output folder.
    let mut dir = path.parent();
    while let Some(d) = dir {
        if d == output || std::fs::remove_dir(d).is_err() {
            break;
        }
        dir = d.parent();
    }
    Ok(())
}

fn io_error(output: &Path, err: &std::io::Error) -> BuildError {
    let mut d = Diagnostics::new();
    d.push(
        Diagnostic::error(output, format!("cannot write the output folder: {err}"))
            .with_hint("check that the folder is writable and the disk has room"),
    );
    BuildError::Site(d)
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
        Session::start(&options)
            .unwrap_or_else(|e| panic!("{:?}", e.diagnostics()))
            .0
    }

    const LAB_OPENS: &str = "content/news/2023/lab-opens.md";

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
        assert_same_as_full_build(dir.path());
    }

    /// See #9: an item with no other version is edited in place on a multilingual site
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
            assert_same_as_full_build(dir.path());
        }
        let zh = fs::read_to_string(dir.path().join("output/zh/tags/brain-science/index.html")).unwrap();
        assert!(
            zh.contains("will send two teams") && zh.contains("新的正文"),
            "{zh}"
        );
    }

    /// See #9: a translation takes fields from its original, so an edit of either file, a
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
        assert_same_as_full_build(dir.path());
    }
}

//! Relinking the site after a change that moves things: a new, deleted or renamed file, a
//! new slug, date, title, reference or term. The site is linked again from memory, the
//! Markdown and cards of untouched items reused, and the pages that showed the changed
//! items before or show them after rendered again.

use std::collections::HashSet;
use std::path::PathBuf;
use std::sync::Arc;

use super::affected::{dependents, touched_ids};
use super::in_place_writer::{io_error, remove_file};
use super::{Session, Update, url_of};
use crate::diagnostics::Diagnostics;
use crate::model::item::Item;
use crate::model::page::{Page, PageKind};
use crate::model::site::ItemId;
use crate::pipeline::{self, BuildError};
use crate::render::bodies::{self, LinkIndex};
use crate::render::markdown::Rendered;
use crate::render::{self, Lookup};

impl Session {
    /// Links the site again with `reloaded` files in place of the old (`None`: deleted),
    /// renders what changed and writes it; on error nothing changes.
    // One transaction over the old and the new site: nothing of the session changes until
    // every step succeeded, and each step needs both sites and what the one before found.
    pub(super) fn relink(
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
            if let Some(id) = old_site.item_at(&path) {
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
            if changed_paths.contains(item.content_path()) {
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
            .filter(|item| changed_paths.contains(item.content_path()))
            .map(|item| item.translation_key())
            .collect();
        let reusable = |id: ItemId| -> Option<ItemId> {
            let item = &site.items[id];
            if changed_paths.contains(item.content_path()) || changed_keys.contains(item.translation_key()) {
                return None;
            }
            let old = old_site.item_at(item.content_path())?;
            let mentions = mentioned.iter().any(|t| item.body.contains(t));
            (!mentions && old_site.urls[old] == site.urls[id]).then_some(old)
        };
        let reuse = |id: ItemId| -> Option<Arc<Rendered>> {
            let old = reusable(id)?;
            let r = &self.lookup.rendered[old];
            let mut remapped = (**r).clone();
            for check in &mut remapped.anchor_checks {
                let target = &old_site.items[check.target].content_path();
                check.target = site.item_at(target)?;
            }
            Some(Arc::new(remapped))
        };
        let images = self.lookup.images.clone();
        let (rendered, intros) = bodies::render_markdown(
            &site,
            &self.statics,
            images.as_deref(),
            None,
            &mut diagnostics,
            &reuse,
        );
        if diagnostics.has_errors() {
            return Err(BuildError::Site(diagnostics));
        }
        // Another set of pictures shown: the build with the cache publishes their copies
        // and leaves out those no page shows any longer.
        let shown = |rendered: &[Arc<Rendered>]| -> std::collections::BTreeSet<String> {
            rendered.iter().flat_map(|r| r.shown.iter().cloned()).collect()
        };
        if shown(&rendered) != shown(&self.lookup.rendered) {
            drop(old_site);
            return self.restart();
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
        let mut lookup = Lookup::new_reusing(Arc::clone(&site), rendered, &|id| {
            reusable(id).map(|old| self.lookup.card(old))
        });
        lookup.images = images;
        let lookup = Arc::new(lookup);
        let plan = render::plan(&site);
        let pages: Vec<Page> = plan
            .iter()
            .filter(|page| match &page.kind {
                PageKind::List { collection, .. } => collections.contains(collection.as_str()),
                // Fallback puts the default language's items on other languages' lists and
                // term pages at positions `dependents` does not work out.
                PageKind::Home | PageKind::Term { .. } if page.lang != site.config.language => true,
                // Few and cheap; a new alias must be written, a retitled item's redirect too.
                PageKind::Terms { .. } | PageKind::Redirect { .. } => true,
                _ => affected_urls.contains(&render::page_url(&site, page)),
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
        changed.extend(self.publish_copies()?);
        new_outputs.extend(self.statics.iter().map(|s| s.path.clone()));
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
}

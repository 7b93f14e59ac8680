//! Editing one item in place: when a file's new version leaves the site's graph and
//! orders alone (the common case of editing text), only its Markdown is rendered again, its
//! card rebuilt, and the pages that show it rendered.

use std::sync::Arc;

use super::affected::dependents;
use super::{Session, Update};
use crate::diagnostics::Diagnostics;
use crate::model::item::Item;
use crate::model::page::{Page, PageKind};
use crate::model::site::ItemId;
use crate::pipeline::BuildError;
use crate::render::bodies;

impl Session {
    /// The item's id when the new version leaves the site's graph and orders alone.
    pub(super) fn in_place_candidate(&self, path: &str, new: &Item) -> Option<ItemId> {
        let site = &self.lookup.site;
        let id = site.item_at(path)?;
        // A translation takes what it leaves out from its original: one file's change
        // reaches the other's page only through a relink. An item with no other version
        // inherits nothing and lends nothing; `dependents` finds where other languages
        // show it.
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
            && old.template() == new.template()
            && old
                .aliases()
                .iter()
                .map(|a| &a.path)
                .eq(new.aliases().iter().map(|a| &a.path))
            && references(old) == references(new)
            && terms(old) == terms(new)
            && sort_field.is_none_or(|f| old.sort_value(f) == new.sort_value(f));
        same.then_some(id)
    }

    /// Puts the new version of item `id` in place, renders the pages that show it and
    /// writes them; on error the old version is put back.
    // Changes the site in place and puts the old values back on error: both halves need
    // the same old values, so they stay in one function.
    pub(super) fn edit_in_place(
        &mut self,
        id: ItemId,
        item: Item,
        mut diagnostics: Diagnostics,
    ) -> Result<Update, BuildError> {
        let site = Arc::clone(&self.lookup.site);
        let images = self.lookup.images.clone();
        let mut rendered = self.index.render(&site, &item.body, Some(id), images.as_deref());
        if let Some(images) = &images {
            let fields = crate::render::images::field_pictures(&site, images, id, &item);
            rendered.pictures = fields.values.into();
            rendered.shown.extend(fields.shown);
            diagnostics.extend(fields.problems);
        }
        // Another picture shown: its copies are published, and those of one no page shows
        // any longer go, as a build would leave them; the build with the cache does both.
        if rendered.shown != self.lookup.rendered[id].shown && !diagnostics.has_errors() {
            drop(site);
            return self.restart();
        }
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
            &item.body,
            &rendered,
            &rendered_of,
        ));
        // Other items' links into this one must still find their anchors.
        let anchors_kept = rendered.anchors == self.lookup.rendered[id].anchors;
        for (other, r) in ItemId::each(&self.lookup.rendered).filter(|_| !anchors_kept) {
            if other != id
                && r.anchor_checks
                    .iter()
                    .any(|c| c.target == id && !rendered.anchors.contains(&c.anchor))
            {
                // `serve` keeps every body in memory.
                let other_item = &site.items[other];
                diagnostics.extend(bodies::markdown_diagnostics(
                    &site,
                    other_item,
                    &other_item.body,
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
            .filter(|p| !matches!(p.kind, PageKind::Sitemap { .. }))
            .collect();
        // Change the site in place: the session holds the only reference once the engine
        // lets go of it, so nothing is copied; the old values come back on error.
        self.engine.clear_lookup();
        let lookup = Arc::get_mut(&mut self.lookup).expect("the session owns the site between renders");
        let site = Arc::get_mut(&mut lookup.site).expect("the lookup owns the site");
        let old_item = std::mem::replace(&mut site.items[id], item);
        let old_rendered = std::mem::replace(&mut lookup.rendered[id], Arc::new(rendered));
        let old_card = lookup.card(id);
        lookup.refresh_card(id);
        self.engine.set_lookup(Arc::clone(&self.lookup));
        let files = match self.render_pages(&self.engine, &self.lookup, &self.intros, &pages) {
            Ok(files) => files,
            Err(err) => {
                self.engine.clear_lookup();
                let lookup =
                    Arc::get_mut(&mut self.lookup).expect("the session owns the site between renders");
                lookup.cards.set(id, old_card);
                lookup.rendered[id] = old_rendered;
                let site = Arc::get_mut(&mut lookup.site).expect("the lookup owns the site");
                site.items[id] = old_item;
                self.engine.set_lookup(Arc::clone(&self.lookup));
                return Err(err);
            }
        };
        let path = self.lookup.site.items[id].content_path().to_string();
        if let Some(loaded) = self.loaded.get_mut(&path) {
            *loaded = self.lookup.site.items[id].clone();
        }
        let mut changed = self.write_files(&files)?;
        changed.extend(self.publish_copies()?);
        Ok(Update {
            rendered: files.len(),
            changed_urls: changed,
            warnings: diagnostics,
            ..Update::default()
        })
    }
}

fn references(item: &Item) -> Vec<(&str, &str)> {
    item.link_inputs()
        .references
        .iter()
        .map(|r| (r.field, &*r.slug))
        .collect()
}

fn terms(item: &Item) -> Vec<(&str, Vec<&str>)> {
    item.link_inputs()
        .terms
        .iter()
        .map(|(t, list)| (t, list.iter().map(|r| &*r.name).collect()))
        .collect()
}

//! Which pages a change of some items affects: the pages that show them.

use std::collections::HashSet;

use crate::model::page::{EditorFile, Feed, Page, PageKind};
use crate::model::site::{ItemId, Lists, Site};
use crate::render;

/// The pages that show the given items: their own pages, the pages of items they reference
/// or that reference them, their neighbours, items listing them as related, the list and
/// term pages holding them, and home, feeds and sitemap.
pub(crate) fn dependents(site: &Site, ids: &[ItemId]) -> Vec<Page> {
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
            let kind = PageKind::List {
                collection: collection.to_string(),
                page,
            };
            pages.insert(Page::new(kind, lang));
            if *lang != site.config.language {
                pages.insert(Page::new(PageKind::Home, lang));
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
                let kind = PageKind::Term {
                    taxonomy: taxonomy.to_string(),
                    term,
                    page,
                };
                pages.insert(Page::new(kind, lang));
            }
        }
    }
    for (other, related) in ItemId::each(&site.related) {
        if related.iter().any(|r| wanted.contains(r)) {
            items.insert(other);
        }
    }
    if site.config.is_multilingual() {
        borrowed_dependents(site, &wanted, &mut items, &mut pages);
    }
    let default = site.config.language.as_str();
    pages.extend(
        items
            .into_iter()
            .map(|id| Page::new(PageKind::Item(id), site.items[id].lang)),
    );
    pages.insert(Page::new(PageKind::Home, default));
    pages
        .extend((0..=render::sitemap_parts(site)).map(|part| Page::new(PageKind::Sitemap { part }, default)));
    pages.extend(feeds_showing(site, ids).map(|feed| Page::new(PageKind::Feed(feed), default)));
    if site.config.cms.is_some() {
        // The editor offers the terms items carry, which an edit may change.
        pages.insert(Page::new(PageKind::Editor(EditorFile::Config), default));
    }
    pages.into_iter().collect()
}

/// The feeds that show any of `ids`: every feed of the site, a language or a collection,
/// and the feeds of the items' terms.
fn feeds_showing<'a>(site: &'a Site, ids: &'a [ItemId]) -> impl Iterator<Item = Feed> + 'a {
    let carries = move |lang: &str, taxonomy: &str, term: usize| {
        ids.iter().any(|id| {
            site.items[*id].lang == lang
                && site.item_terms[*id]
                    .get(taxonomy)
                    .is_some_and(|t| t.contains(&term))
        })
    };
    render::feeds_of(site).into_iter().filter(move |feed| match feed {
        Feed::Site | Feed::Collection(_) | Feed::Language(_) | Feed::LangCollection { .. } => true,
        Feed::Term { taxonomy, term } => carries(&site.config.language, taxonomy, *term),
        Feed::LangTerm { lang, taxonomy, term } => carries(lang, taxonomy, *term),
    })
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
    for (other, (refs, backlinks)) in
        ItemId::all(site.refs.len()).zip(site.refs.iter().zip(site.backlinks.iter()))
    {
        let shows = |targets: &Lists<ItemId>| targets.values().flatten().any(|t| wanted.contains(t));
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
        pages.insert(Page::new(PageKind::Home, lang));
        for &id in &shown {
            if let Some(collection) = site.items[id].collection() {
                let list = site.collection_in(lang, collection);
                let per_page = site.config.collections[collection].per_page;
                if let Some(position) = list.iter().position(|i| *i == id) {
                    let kind = PageKind::List {
                        collection: collection.to_string(),
                        page: render::list_page_of(position, per_page),
                    };
                    pages.insert(Page::new(kind, lang));
                    items.extend(position.checked_sub(1).map(|p| list[p]));
                    items.extend(list.get(position + 1).copied());
                }
            }
        }
        for (taxonomy, terms) in site.translated_taxonomies.get(lang).into_iter().flatten() {
            let per_page = site.config.taxonomies[taxonomy].per_page;
            for (term, t) in terms.iter().enumerate() {
                for (position, _) in t.items.iter().enumerate().filter(|(_, i)| shown.contains(i)) {
                    let kind = PageKind::Term {
                        taxonomy: taxonomy.to_string(),
                        term,
                        page: render::list_page_of(position, per_page),
                    };
                    pages.insert(Page::new(kind, lang));
                }
            }
        }
    }
}

/// The items of the changed files, and their versions in other languages: a translation
/// shows what it inherits from its original.
pub(super) fn touched_ids(site: &Site, paths: &HashSet<&str>) -> Vec<ItemId> {
    let mut ids: Vec<ItemId> = paths.iter().filter_map(|p| site.item_at(p)).collect();
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

//! The site's pages, listed once: every page `build` writes comes from [`plan`], and what
//! needs a list of pages (URLs taken, the sitemap, `serve`'s affected pages) derives from it.
//!

use super::urls::{alias_output, page_url};
use crate::model::fast_hash::FastSet;
use crate::model::page::{Feed, Page};
use crate::model::site::{ItemId, Site};

/// Every page of the site: its HTML pages (home, 404, items, redirects from old URLs,
/// lists, term indexes and term pages, in every language), then the files for machines
/// (feeds, the sitemap's parts, `robots.txt`).
pub fn plan(site: &Site) -> Vec<Page> {
    let mut pages = html_pages(site);
    let listed = pages.iter().filter(|page| is_listed(page)).count();
    pages.extend(feeds_of(site).into_iter().map(Page::Feed));
    pages.extend((0..=part_count(listed, MAX_URLS)).map(|part| Page::Sitemap { part }));
    pages.push(Page::Robots);
    pages
}

/// How many `sitemap-N.xml` parts the site has (0: `sitemap.xml` holds every URL).
pub fn sitemap_parts(site: &Site) -> usize {
    part_count(
        html_pages(site).iter().filter(|page| is_listed(page)).count(),
        MAX_URLS,
    )
}

/// The URL path of every HTML page and redirect of the site: what a link may point at
/// besides static files and the files for machines.
pub fn page_urls(site: &Site) -> FastSet<String> {
    html_pages(site).iter().map(|page| page_url(site, page)).collect()
}

/// The number of the list page (from 1) that shows the item at `position` of its list.
pub fn list_page_of(position: usize, per_page: usize) -> usize {
    position / per_page + 1
}

/// The pages of `plan` that are HTML: every page but the files for machines.
fn html_pages(site: &Site) -> Vec<Page> {
    let mut pages = vec![Page::Home, Page::NotFound];
    if page_url(site, &Page::Home) != "/" {
        pages.push(Page::Root);
    }
    pages.extend((0..site.items.len()).map(Page::Item));
    for id in 0..site.items.len() {
        pages.extend(redirects_of(site, id));
    }
    for (name, ids) in &site.collections {
        let per_page = site.config.collections[name].per_page;
        for page in 1..=Site::page_count(ids.len(), per_page) {
            pages.push(Page::List {
                collection: name.clone(),
                page,
            });
        }
    }
    for (lang, lists) in &site.translated_collections {
        pages.push(Page::LangHome { lang: lang.clone() });
        pages.push(Page::LangNotFound { lang: lang.clone() });
        for (name, ids) in lists {
            let per_page = site.config.collections[name].per_page;
            for page in 1..=Site::page_count(ids.len(), per_page) {
                pages.push(Page::LangList {
                    lang: lang.clone(),
                    collection: name.clone(),
                    page,
                });
            }
        }
    }
    for (name, terms) in &site.taxonomies {
        pages.push(Page::Terms {
            taxonomy: name.clone(),
        });
        let per_page = site.config.taxonomies[name].per_page;
        for (index, term) in terms.iter().enumerate() {
            for page in 1..=Site::page_count(term.items.len(), per_page) {
                pages.push(Page::Term {
                    taxonomy: name.clone(),
                    term: index,
                    page,
                });
            }
        }
    }
    for language in site.config.languages.iter().skip(1) {
        pages.extend(translated_term_pages(site, &language.code));
    }
    pages
}

/// The term indexes and term pages of language `lang`, other than the default.
fn translated_term_pages(site: &Site, lang: &str) -> Vec<Page> {
    let mut pages = Vec::new();
    for (name, terms) in site.translated_taxonomies.get(lang).into_iter().flatten() {
        pages.push(Page::LangTerms {
            lang: lang.to_string(),
            taxonomy: name.clone(),
        });
        let per_page = site.config.taxonomies[name].per_page;
        for (index, term) in terms.iter().enumerate() {
            for page in 1..=Site::page_count(term.items.len(), per_page) {
                pages.push(Page::LangTerm {
                    lang: lang.to_string(),
                    taxonomy: name.clone(),
                    term: index,
                    page,
                });
            }
        }
    }
    pages
}

/// Every feed of the site: the site's, then collections' in `site.yaml` order, then terms'.
pub fn feeds_of(site: &Site) -> Vec<Feed> {
    let mut feeds = vec![Feed::Site];
    feeds.extend(
        site.config
            .languages
            .iter()
            .skip(1)
            .map(|l| Feed::Language(l.code.clone())),
    );
    feeds.extend(
        site.config
            .collections
            .values()
            .filter(|c| c.feed)
            .map(|c| Feed::Collection(c.name.clone())),
    );
    for (taxonomy, terms) in &site.taxonomies {
        feeds.extend((0..terms.len()).map(|term| Feed::Term {
            taxonomy: taxonomy.clone(),
            term,
        }));
    }
    for language in site.config.languages.iter().skip(1) {
        feeds.extend(
            site.config
                .collections
                .values()
                .filter(|c| c.feed)
                .map(|c| Feed::LangCollection {
                    lang: language.code.clone(),
                    collection: c.name.clone(),
                }),
        );
        for (taxonomy, terms) in site
            .translated_taxonomies
            .get(&language.code)
            .into_iter()
            .flatten()
        {
            feeds.extend((0..terms.len()).map(|term| Feed::LangTerm {
                lang: language.code.clone(),
                taxonomy: taxonomy.clone(),
                term,
            }));
        }
    }
    feeds
}

/// The redirect pages of an item: one per valid alias, by index into `Item::aliases`.
fn redirects_of(site: &Site, id: ItemId) -> impl Iterator<Item = Page> + '_ {
    site.items[id]
        .aliases
        .iter()
        .enumerate()
        .filter(|(_, alias)| alias_output(alias).is_ok())
        .map(move |(alias, _)| Page::Redirect { item: id, alias })
}

/// URLs one sitemap file may hold (the sitemaps protocol's limit).
pub(super) const MAX_URLS: usize = 50_000;

/// True for the pages the sitemap lists: every HTML page but the 404 page.
pub(super) fn is_listed(page: &Page) -> bool {
    matches!(
        page,
        Page::Home
            | Page::LangHome { .. }
            | Page::Item(_)
            | Page::List { .. }
            | Page::LangList { .. }
            | Page::Term { .. }
            | Page::Terms { .. }
            | Page::LangTerm { .. }
            | Page::LangTerms { .. }
    )
}

/// How many `sitemap-N.xml` parts `urls` URLs take: 0 when `sitemap.xml` holds them all.
pub(super) fn part_count(urls: usize, limit: usize) -> usize {
    let limit = limit.max(1);
    if urls <= limit { 0 } else { urls.div_ceil(limit) }
}

//! The site's pages, listed once: every page `build` writes comes from [`plan`], and what
//! needs a list of pages (URLs taken, the sitemap, `serve`'s affected pages) derives from it.

use indexmap::IndexMap;

use super::feeds::has_entries;
use super::urls::{alias_output, page_url};
use crate::model::fast_hash::FastSet;
use crate::model::page::{EditorFile, Feed, Icon, Page, PageKind};
use crate::model::site::{ItemId, Site, Terms};

/// Every page of the site: its HTML pages (home, 404, items, redirects from old URLs,
/// lists, term indexes and term pages, in every language), then the files for machines
/// (feeds, the sitemap's parts, `robots.txt`).
pub fn plan(site: &Site) -> Vec<Page> {
    let mut pages = html_pages(site);
    let listed = pages.iter().filter(|page| is_listed(page)).count();
    let default = site.config.language.as_str();
    let machine = |kind| Page::new(kind, default);
    pages.extend(
        feeds_of(site)
            .into_iter()
            .map(|feed| machine(PageKind::Feed(feed))),
    );
    pages.extend((0..=part_count(listed, MAX_URLS)).map(|part| machine(PageKind::Sitemap { part })));
    pages.push(machine(PageKind::Robots));
    if site.config.cms.is_some() {
        pages.extend([EditorFile::Page, EditorFile::Config].map(|file| machine(PageKind::Editor(file))));
    }
    if site.config.logo_file.is_some() {
        pages.extend(Icon::ALL.map(|icon| machine(PageKind::Icon(icon))));
    }
    // Kept while the site renders: no room to spare, at a million pages it is 80 MB.
    pages.shrink_to_fit();
    pages
}

/// How many `sitemap-N.xml` parts the site has (0: `sitemap.xml` holds every URL).
pub fn sitemap_parts(site: &Site) -> usize {
    part_count(listed_count(site), MAX_URLS)
}

/// How many pages the sitemap lists. Every item's page is listed and no redirect is, so
/// the items are counted, not walked: `serve` asks after every edit.
fn listed_count(site: &Site) -> usize {
    let others = html_pages_with(site, ItemPages::Neither)
        .iter()
        .filter(|page| is_listed(page))
        .count();
    site.items.len() + others
}

/// The URL path of every HTML page and redirect of the site but the items' pages (their
/// URLs are `Site::urls`): with those, what a link may point at besides static files and
/// the files for machines. A second copy of every item's URL would be some 100 MB at a
/// million items.
pub fn page_urls_but_items(site: &Site) -> FastSet<String> {
    html_pages_but_items(site)
        .iter()
        .map(|page| page_url(site, page))
        .collect()
}

/// The number of the list page (from 1) that shows the item at `position` of its list.
pub fn list_page_of(position: usize, per_page: usize) -> usize {
    position / per_page + 1
}

/// The pages of `plan` that are HTML: every page but the files for machines.
fn html_pages(site: &Site) -> Vec<Page> {
    html_pages_with(site, ItemPages::All)
}

/// The pages of `html_pages` but the items'.
fn html_pages_but_items(site: &Site) -> Vec<Page> {
    html_pages_with(site, ItemPages::Redirects)
}

/// Which of the pages made per item `html_pages_with` lists.
#[derive(Clone, Copy, PartialEq, Eq)]
enum ItemPages {
    /// Each item's page and the redirects from its old URLs.
    All,
    /// The redirects only.
    Redirects,
    /// Neither: the other pages, without a walk over the items.
    Neither,
}

fn html_pages_with(site: &Site, per_item: ItemPages) -> Vec<Page> {
    let default = site.config.language.as_str();
    let mut pages = vec![
        Page::new(PageKind::Home, default),
        Page::new(PageKind::NotFound, default),
    ];
    if page_url(site, &pages[0]) != "/" {
        pages.push(Page::new(PageKind::Root, default));
    }
    let search = site.config.search.enabled;
    if search {
        pages.push(Page::new(PageKind::Search, default));
    }
    if per_item == ItemPages::All {
        pages.extend(
            ItemId::all(site.items.len()).map(|id| Page::new(PageKind::Item(id), site.items[id].lang)),
        );
    }
    if per_item != ItemPages::Neither {
        for id in ItemId::all(site.items.len()) {
            pages.extend(redirects_of(site, id));
        }
    }
    pages.extend(list_pages(site, default, &site.collections));
    for language in site.config.languages.iter().skip(1) {
        let lang = language.code.as_str();
        if let Some(lists) = site.translated_collections.get(lang) {
            pages.push(Page::new(PageKind::Home, lang));
            pages.push(Page::new(PageKind::NotFound, lang));
            if search {
                pages.push(Page::new(PageKind::Search, lang));
            }
            pages.extend(list_pages(site, lang, lists));
        }
    }
    pages.extend(term_pages(site, default, &site.taxonomies));
    for language in site.config.languages.iter().skip(1) {
        let lang = language.code.as_str();
        if let Some(taxonomies) = site.translated_taxonomies.get(lang) {
            pages.extend(term_pages(site, lang, taxonomies));
        }
    }
    pages
}

/// The pages of the lists of `collections`, in language `lang`.
fn list_pages<'a>(
    site: &'a Site,
    lang: &'a str,
    collections: &'a IndexMap<String, Vec<ItemId>>,
) -> impl Iterator<Item = Page> + 'a {
    // A collection at the root lists its items on no page of its own: `/` is the home page.
    let listed = collections
        .iter()
        .filter(|(name, _)| site.config.collections[name.as_str()].list_url != "/");
    listed.flat_map(move |(name, ids)| {
        let per_page = site.config.collections[name].per_page;
        (1..=Site::page_count(ids.len(), per_page)).map(move |page| {
            let kind = PageKind::List {
                collection: name.clone(),
                page,
            };
            Page::new(kind, lang)
        })
    })
}

/// The term indexes and term pages of `taxonomies`, in language `lang`.
fn term_pages(site: &Site, lang: &str, taxonomies: &Terms) -> Vec<Page> {
    let mut pages = Vec::new();
    for (name, terms) in taxonomies {
        let kind = PageKind::Terms {
            taxonomy: name.clone(),
        };
        pages.push(Page::new(kind, lang));
        let per_page = site.config.taxonomies[name].per_page;
        for (index, term) in terms.iter().enumerate() {
            for page in 1..=Site::page_count(term.items.len(), per_page) {
                let kind = PageKind::Term {
                    taxonomy: name.clone(),
                    term: index,
                    page,
                };
                pages.push(Page::new(kind, lang));
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
    // The site's feed is advertised on every page, so it is written even while empty.
    feeds.retain(|feed| *feed == Feed::Site || has_entries(site, feed));
    feeds
}

/// The redirect pages of an item: one per valid alias, by index into `Item::aliases`.
fn redirects_of(site: &Site, id: ItemId) -> impl Iterator<Item = Page> + '_ {
    site.items[id]
        .aliases()
        .iter()
        .enumerate()
        .filter(|(_, alias)| alias_output(alias).is_ok())
        .map(move |(alias, _)| Page::new(PageKind::Redirect { item: id, alias }, &site.config.language))
}

/// URLs one sitemap file may hold (the sitemaps protocol's limit).
pub(super) const MAX_URLS: usize = 50_000;

/// True for the pages the sitemap lists: every HTML page but the 404 page.
pub(super) fn is_listed(page: &Page) -> bool {
    matches!(
        page.kind,
        PageKind::Home
            | PageKind::Item(_)
            | PageKind::List { .. }
            | PageKind::Term { .. }
            | PageKind::Terms { .. }
    )
}

/// How many `sitemap-N.xml` parts `urls` URLs take: 0 when `sitemap.xml` holds them all.
pub(super) fn part_count(urls: usize, limit: usize) -> usize {
    let limit = limit.max(1);
    if urls <= limit { 0 } else { urls.div_ceil(limit) }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::feeds::tests::{FILES, lookup};

    #[test]
    fn the_sitemap_counts_the_pages_the_plan_lists_without_redirects() {
        let mut files = FILES.to_vec();
        files.push((
            "news/moved.md",
            "---\ntitle: Moved\ndate: 2022-02-02\naliases: [/old/moved/]\n---\nMoved.\n",
        ));
        let lookup = lookup("https://example.org/", "", &files);
        let pages = html_pages(&lookup.site);
        assert!(pages.iter().any(|p| matches!(p.kind, PageKind::Redirect { .. })));
        let listed = pages.iter().filter(|p| is_listed(p)).count();
        assert!(
            listed > lookup.site.items.len(),
            "lists and term pages are listed too"
        );
        assert_eq!(listed_count(&lookup.site), listed);
    }
}

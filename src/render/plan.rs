//! The site's pages, listed once: every page `build` writes comes from [`plan`], and what
//! needs a list of pages (URLs taken, the sitemap, `serve`'s affected pages) derives from it.
//!
//! Also each page's URL, language and versions in other languages.

use super::{feeds, redirects, sitemap};
use crate::model::config::prefixed;
use crate::model::page::{Feed, NOT_FOUND_URL, Page};
use crate::model::site::Site;

/// Every page of the site.
pub fn plan(site: &Site) -> Vec<Page> {
    let mut pages = vec![Page::Home, Page::NotFound];
    if page_url(site, &Page::Home) != "/" {
        pages.push(Page::Root);
    }
    pages.extend((0..site.items.len()).map(Page::Item));
    for id in 0..site.items.len() {
        pages.extend(redirects::pages_of(site, id));
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
    let listed = pages.iter().filter(|page| sitemap::is_listed(page)).count();
    pages.extend(feeds::plan(site).into_iter().map(Page::Feed));
    pages.extend((0..=sitemap::part_count(listed, sitemap::MAX_URLS)).map(|part| Page::Sitemap { part }));
    pages.push(Page::Robots);
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

/// The site's feeds, as `plan` lists them.
pub fn feeds_of(site: &Site) -> Vec<Feed> {
    feeds::plan(site)
}

/// How many `sitemap-N.xml` parts the site has (0: `sitemap.xml` holds every URL), counted
/// without planning every page.
pub fn sitemap_parts(site: &Site) -> usize {
    let lists: usize = site
        .collections
        .iter()
        .map(|(name, ids)| Site::page_count(ids.len(), site.config.collections[name].per_page))
        .sum();
    let terms: usize = std::iter::once(&site.taxonomies)
        .chain(site.translated_taxonomies.values())
        .flatten()
        .map(|(name, terms)| {
            let per_page = site.config.taxonomies[name].per_page;
            1 + terms
                .iter()
                .map(|t| Site::page_count(t.items.len(), per_page))
                .sum::<usize>()
        })
        .sum();
    let translated: usize = site
        .translated_collections
        .values()
        .map(|lists| {
            1 + lists
                .iter()
                .map(|(name, ids)| Site::page_count(ids.len(), site.config.collections[name].per_page))
                .sum::<usize>()
        })
        .sum();
    sitemap::part_count(
        1 + site.items.len() + lists + terms + translated,
        sitemap::MAX_URLS,
    )
}

/// The URL path of a page, without the base path.
pub fn page_url(site: &Site, page: &Page) -> String {
    let page_of = page;
    match page {
        Page::Home => prefixed(&site.config, &site.config.language, "/"),
        Page::Root => "/".into(),
        Page::NotFound => NOT_FOUND_URL.into(),
        Page::LangNotFound { lang } => prefixed(&site.config, lang, NOT_FOUND_URL),
        Page::Item(id) => site.urls[*id].clone(),
        Page::List { collection, page } => {
            let list_url = &site.config.collections[collection].list_url;
            Site::list_page_url(&prefixed(&site.config, &site.config.language, list_url), *page)
        }
        Page::Term { taxonomy, term, page }
        | Page::LangTerm {
            taxonomy, term, page, ..
        } => Site::list_page_url(
            &site.taxonomy_in(page_lang(site, page_of), taxonomy)[*term].url,
            *page,
        ),
        Page::LangHome { lang } => prefixed(&site.config, lang, "/"),
        Page::LangList {
            lang,
            collection,
            page,
        } => Site::list_page_url(
            &prefixed(&site.config, lang, &site.config.collections[collection].list_url),
            *page,
        ),
        Page::Terms { taxonomy } | Page::LangTerms { taxonomy, .. } => prefixed(
            &site.config,
            page_lang(site, page_of),
            &site.config.taxonomies[taxonomy].index_url,
        ),
        Page::Feed(feed) => feeds::url_path(site, feed),
        Page::Sitemap { part } => sitemap::url_path(*part),
        Page::Robots => sitemap::ROBOTS_URL.into(),
        Page::Redirect { item, alias } => site.items[*item].aliases[*alias].path.clone(),
    }
}

/// The versions of a page in every language that has it, as (language, URL path), this
/// page's own included, in the order of `languages:`; empty when no other language has it.
pub fn alternates(site: &Site, page: &Page) -> Vec<(String, String)> {
    let this = page;
    let config = &site.config;
    if !config.is_multilingual() {
        return Vec::new();
    }
    let found: Vec<(String, String)> = match page {
        Page::Item(id) => std::iter::once(*id)
            .chain(site.translations[*id].iter().copied())
            .map(|i| (site.items[i].lang.clone(), site.urls[i].clone()))
            .collect(),
        Page::Home | Page::LangHome { .. } => config
            .languages
            .iter()
            .map(|l| (l.code.clone(), prefixed(config, &l.code, "/")))
            .collect(),
        Page::List { collection, page } | Page::LangList { collection, page, .. } => {
            let c = &config.collections[collection];
            config
                .languages
                .iter()
                .filter(|l| {
                    let count = site.collection_in(&l.code, collection).len();
                    *page <= Site::page_count(count, c.per_page)
                })
                .map(|l| {
                    let list_url = prefixed(config, &l.code, &c.list_url);
                    (l.code.clone(), Site::list_page_url(&list_url, *page))
                })
                .collect()
        }
        Page::Term { taxonomy, term, page }
        | Page::LangTerm {
            taxonomy, term, page, ..
        } => {
            let slug = &site.taxonomy_in(page_lang(site, this), taxonomy)[*term].slug;
            let per_page = config.taxonomies[taxonomy].per_page;
            config
                .languages
                .iter()
                .filter_map(|l| {
                    let same = site
                        .taxonomy_in(&l.code, taxonomy)
                        .iter()
                        .find(|t| t.slug == *slug)?;
                    let exists = *page <= Site::page_count(same.items.len(), per_page);
                    exists.then(|| (l.code.clone(), Site::list_page_url(&same.url, *page)))
                })
                .collect()
        }
        Page::Terms { taxonomy } | Page::LangTerms { taxonomy, .. } => config
            .languages
            .iter()
            .map(|l| {
                let index_url = &config.taxonomies[taxonomy].index_url;
                (l.code.clone(), prefixed(config, &l.code, index_url))
            })
            .collect(),
        _ => Vec::new(),
    };
    let mut found = found;
    let order = |lang: &str| config.languages.iter().position(|l| l.code == lang);
    found.sort_by_key(|(lang, _)| order(lang));
    if found.len() > 1 { found } else { Vec::new() }
}

/// The URL path `hreflang="x-default"` names among a page's `alternates`: the default
/// language's version, for readers whose language the site lacks; `None` when the page
/// has no versions in other languages or none in the default language.
pub fn x_default<'a>(site: &Site, alternates: &'a [(String, String)]) -> Option<&'a str> {
    alternates
        .iter()
        .find(|(lang, _)| *lang == site.config.language)
        .map(|(_, path)| path.as_str())
}

/// The language a page is in: an item's own, a translated list's, else the default.
pub fn page_lang<'a>(site: &'a Site, page: &'a Page) -> &'a str {
    match page {
        Page::Item(id) => &site.items[*id].lang,
        Page::LangHome { lang }
        | Page::LangNotFound { lang }
        | Page::LangList { lang, .. }
        | Page::LangTerm { lang, .. }
        | Page::LangTerms { lang, .. } => lang,
        _ => &site.config.language,
    }
}

//! The URL of every kind of page, its language, and its versions in other languages.

use std::path::PathBuf;

use crate::model::config::{SiteConfig, prefixed};
use crate::model::item::Alias;
use crate::model::page::{EditorFile, Feed, NOT_FOUND_URL, Page, PageKind};
use crate::model::permalink::output_path;
use crate::model::site::{Site, Term};

/// The file name of every feed, after the URL of the page it follows.
pub(super) const FEED_FILE: &str = "atom.xml";

/// The URL path of the sitemap, or of the index of its parts.
pub(super) const SITEMAP_URL: &str = "/sitemap.xml";

/// The URL path of the search page, after the language's prefix.
pub(super) const SEARCH_URL: &str = "/search/";

/// The URL path (with the base path) of the search page in `lang`.
pub(super) fn search_page_url(config: &SiteConfig, lang: &str) -> String {
    super::values::url(config, &prefixed(config, lang, SEARCH_URL))
}

/// The URL path of `robots.txt`.
pub(super) const ROBOTS_URL: &str = "/robots.txt";

/// The URL path of a page, without the base path.
pub fn page_url(site: &Site, page: &Page) -> String {
    let config = &site.config;
    let lang = page.lang;
    match &page.kind {
        PageKind::Home => prefixed(config, lang, "/"),
        PageKind::Root => "/".into(),
        // The default language's 404 page is where servers look for it, whatever the prefix.
        PageKind::NotFound if lang == config.language => NOT_FOUND_URL.into(),
        PageKind::NotFound => prefixed(config, lang, NOT_FOUND_URL),
        PageKind::Search => prefixed(config, lang, SEARCH_URL),
        PageKind::Item(id) => site.urls[*id].clone(),
        PageKind::List { collection, page } => {
            let list_url = &config.collections[collection].list_url;
            Site::list_page_url(&prefixed(config, lang, list_url), *page)
        }
        PageKind::Term { taxonomy, term, page } => {
            Site::list_page_url(&site.taxonomy_in(lang, taxonomy)[*term].url, *page)
        }
        PageKind::Terms { taxonomy } => prefixed(config, lang, &config.taxonomies[taxonomy].index_url),
        PageKind::Feed(feed) => feed_url_path(site, feed),
        PageKind::Sitemap { part } => sitemap_url_path(*part),
        PageKind::Robots => ROBOTS_URL.into(),
        PageKind::Editor(EditorFile::Page) => super::cms::ADMIN_URL.into(),
        PageKind::Editor(EditorFile::Config) => super::cms::CONFIG_URL.into(),
        PageKind::Icon(icon) => icon.url_path().into(),
        PageKind::Redirect { item, alias } => redirect_url(&site.items[*item].aliases()[*alias].path),
    }
}

/// The versions of a page in every language that has it, as (language, URL path), this
/// page's own included, in the order of `languages:`; empty when no other language has it.
pub fn alternates(site: &Site, page: &Page) -> Vec<(String, String)> {
    let config = &site.config;
    if !config.is_multilingual() {
        return Vec::new();
    }
    let found: Vec<(String, String)> = match &page.kind {
        PageKind::Item(id) => std::iter::once(*id)
            .chain(site.translations[*id].iter().copied())
            .map(|i| (site.items[i].lang.to_string(), site.urls[i].clone()))
            .collect(),
        PageKind::Home => config
            .languages
            .iter()
            .map(|l| (l.code.clone(), prefixed(config, &l.code, "/")))
            .collect(),
        PageKind::Search => config
            .languages
            .iter()
            .map(|l| (l.code.clone(), prefixed(config, &l.code, SEARCH_URL)))
            .collect(),
        PageKind::List { collection, page } => {
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
        PageKind::Term {
            taxonomy,
            term,
            page: number,
        } => {
            let slug = &site.taxonomy_in(page.lang, taxonomy)[*term].slug;
            let per_page = config.taxonomies[taxonomy].per_page;
            config
                .languages
                .iter()
                .filter_map(|l| {
                    let same = site
                        .taxonomy_in(&l.code, taxonomy)
                        .iter()
                        .find(|t| t.slug == *slug)?;
                    let exists = *number <= Site::page_count(same.items.len(), per_page);
                    exists.then(|| (l.code.clone(), Site::list_page_url(&same.url, *number)))
                })
                .collect()
        }
        PageKind::Terms { taxonomy } => config
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

/// The URL path of a feed, without the base path.
pub(super) fn feed_url_path(site: &Site, feed: &Feed) -> String {
    format!("{}{FEED_FILE}", feed_page_path(site, feed))
}

/// A collection's feed in language `lang`, when the collection has feeds.
pub(super) fn collection_feed(site: &Site, collection: &str, lang: &str) -> Option<Feed> {
    let c = site.config.collections.get(collection).filter(|c| c.feed)?;
    Some(match lang == site.config.language {
        true => Feed::Collection(c.name.clone()),
        false => Feed::LangCollection {
            lang: lang.to_string(),
            collection: c.name.clone(),
        },
    })
}

/// A term's feed in language `lang` (`term` indexes that language's terms).
pub(super) fn term_feed(site: &Site, taxonomy: &str, term: usize, lang: &str) -> Feed {
    match lang == site.config.language {
        true => Feed::Term {
            taxonomy: taxonomy.to_string(),
            term,
        },
        false => Feed::LangTerm {
            lang: lang.to_string(),
            taxonomy: taxonomy.to_string(),
            term,
        },
    }
}

/// The URL path of the HTML page a feed follows (its `rel="alternate"`).
pub(super) fn feed_page_path(site: &Site, feed: &Feed) -> String {
    match feed {
        Feed::Site => prefixed(&site.config, &site.config.language, "/"),
        Feed::Language(lang) => prefixed(&site.config, lang, "/"),
        Feed::Collection(collection) | Feed::LangCollection { collection, .. } => {
            let lang = feed.lang().unwrap_or(&site.config.language);
            site.config.collections.get(collection).map_or_else(
                || format!("/{collection}/"),
                |c| prefixed(&site.config, lang, &c.list_url),
            )
        }
        Feed::Term { taxonomy, .. } | Feed::LangTerm { taxonomy, .. } => {
            term_of(site, feed).map_or_else(|| format!("/{taxonomy}/"), |t| t.url.clone())
        }
    }
}

/// The term of a term's feed.
pub(super) fn term_of<'a>(site: &'a Site, feed: &Feed) -> Option<&'a Term> {
    match feed {
        Feed::Term { taxonomy, term } => site.taxonomies.get(taxonomy)?.get(*term),
        Feed::LangTerm { lang, taxonomy, term } => site.taxonomy_in(lang, taxonomy).get(*term),
        _ => None,
    }
}

/// The URL path of part `part` (1-based); part 0 is `sitemap.xml` itself.
pub(super) fn sitemap_url_path(part: usize) -> String {
    if part == 0 {
        SITEMAP_URL.into()
    } else {
        format!("/sitemap-{part}.xml")
    }
}

/// The file an alias is written to, or why it cannot be. A redirect is an HTML page: an
/// alias ending in `.html` or `.htm` is written as that file, any other as the folder's
/// `index.html` (`/releases/1.88.0` → `releases/1.88.0/index.html`, which servers give for
/// `/releases/1.88.0` too), never as a file a browser would download.
pub(super) fn alias_output(alias: &Alias) -> Result<PathBuf, String> {
    let path = alias.path.as_str();
    if !path.starts_with('/') || path.starts_with("//") {
        return Err("is not a path of this site: it must start with a single `/`".into());
    }
    output_path(&redirect_url(path)).map_err(|why| format!("cannot be a file: {why}"))
}

/// The URL path of an alias's redirect page: the alias, as a folder unless it names an
/// HTML file (see `alias_output`).
fn redirect_url(alias: &str) -> String {
    let last = alias.rsplit('/').next().unwrap_or_default().to_ascii_lowercase();
    if last.ends_with(".html") || last.ends_with(".htm") || alias.ends_with('/') {
        alias.to_string()
    } else {
        format!("{alias}/")
    }
}

//! The render stage: every page of the site through its Tera template, in parallel.
//!
//! `plan` lists the pages (home, items, paginated lists and term pages, term indexes, 404,
//! redirects from items' old URLs, and the files for machines: Atom feeds, the sitemap,
//! `robots.txt`); `render` renders them
//! on all cores into `OutputFile`s in memory. Contexts are made of the cards built once in
//! `Lookup`, so a list page costs the size of its page, not of the site.

mod engine;
mod feeds;
pub mod fingerprint;
pub mod i18n;
pub mod link_check;
mod lookup;
pub mod markdown;
mod paginator;
mod partials;
pub mod redirects;
mod sitemap;
mod values;

use std::path::PathBuf;

use rayon::prelude::*;
use tera::Value;

pub use engine::{Engine, TEMPLATES_DIR, THEMES_DIR, site_url};
pub use feeds::Feed;
pub use lookup::Lookup;
use paginator::paginator;
pub use values::{escape_html, permalink, plain_text, url};

use crate::diagnostics::Diagnostic;
use crate::model::site::{ItemId, Site};
use crate::write::manifest::Reuse;
use crate::write::output::OutputFile;
use crate::write::staging::Staging;

/// One page to render.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Page {
    /// `/`.
    Home,
    /// An item's own page.
    Item(ItemId),
    /// Page `page` (from 1) of a collection's list.
    List {
        /// Collection name.
        collection: String,
        /// 1-based.
        page: usize,
    },
    /// Page `page` of a term's list.
    Term {
        /// Taxonomy name.
        taxonomy: String,
        /// Index of the term in `Site::taxonomies[taxonomy]`.
        term: usize,
        /// 1-based.
        page: usize,
    },
    /// The home page of a language other than the default (`/zh/`).
    LangHome {
        /// The language's code.
        lang: String,
    },
    /// Page `page` of a collection's list in a language other than the default.
    LangList {
        /// The language's code.
        lang: String,
        /// Collection name.
        collection: String,
        /// 1-based.
        page: usize,
    },
    /// Page `page` of a term's list in a language other than the default.
    LangTerm {
        /// The language's code.
        lang: String,
        /// Taxonomy name.
        taxonomy: String,
        /// Index of the term in `Site::taxonomy_in(lang, taxonomy)`.
        term: usize,
        /// 1-based.
        page: usize,
    },
    /// A taxonomy's index of terms in a language other than the default (`/zh/tags/`).
    LangTerms {
        /// The language's code.
        lang: String,
        /// Taxonomy name.
        taxonomy: String,
    },
    /// A taxonomy's index of terms.
    Terms {
        /// Taxonomy name.
        taxonomy: String,
    },
    /// `/404.html`.
    NotFound,
    /// `/zh/404.html`: the 404 page of a language other than the default, for servers
    /// that can serve one per path prefix.
    LangNotFound {
        /// The language's code.
        lang: String,
    },
    /// `/` when every language is under its prefix: a redirect to the default language's
    /// home page.
    Root,
    /// An Atom feed (`/atom.xml`, `/news/atom.xml`, `/tags/x/atom.xml`).
    Feed(Feed),
    /// `/sitemap.xml` (`part` 0) or its part `/sitemap-<part>.xml`.
    Sitemap {
        /// 0 for `sitemap.xml`, else 1-based.
        part: usize,
    },
    /// `/robots.txt`.
    Robots,
    /// A redirect from an old URL of an item (`aliases:`) to the item.
    Redirect {
        /// The item.
        item: ItemId,
        /// Index into the item's `aliases`.
        alias: usize,
    },
}

/// The URL path of the 404 page (of the default language).
pub const NOT_FOUND_URL: &str = "/404.html";

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
        Page::Home => crate::model::config::prefixed(&site.config, &site.config.language, "/"),
        Page::Root => "/".into(),
        Page::NotFound => NOT_FOUND_URL.into(),
        Page::LangNotFound { lang } => crate::model::config::prefixed(&site.config, lang, NOT_FOUND_URL),
        Page::Item(id) => site.urls[*id].clone(),
        Page::List { collection, page } => {
            let list_url = &site.config.collections[collection].list_url;
            Site::list_page_url(
                &crate::model::config::prefixed(&site.config, &site.config.language, list_url),
                *page,
            )
        }
        Page::Term { taxonomy, term, page }
        | Page::LangTerm {
            taxonomy, term, page, ..
        } => Site::list_page_url(
            &site.taxonomy_in(page_lang(site, page_of), taxonomy)[*term].url,
            *page,
        ),
        Page::LangHome { lang } => crate::model::config::prefixed(&site.config, lang, "/"),
        Page::LangList {
            lang,
            collection,
            page,
        } => Site::list_page_url(
            &crate::model::config::prefixed(
                &site.config,
                lang,
                &site.config.collections[collection].list_url,
            ),
            *page,
        ),
        Page::Terms { taxonomy } | Page::LangTerms { taxonomy, .. } => crate::model::config::prefixed(
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

/// Renders `pages` in parallel. Pages whose template is missing are skipped only for 404.
pub fn render(
    engine: &Engine,
    lookup: &Lookup,
    intros: &Intros,
    pages: &[Page],
) -> (Vec<OutputFile>, Vec<Diagnostic>) {
    render_counting(
        engine,
        lookup,
        intros,
        pages,
        &std::sync::atomic::AtomicUsize::new(0),
    )
}

/// `render`, counting rendered pages in `done` (for a progress bar).
pub fn render_counting(
    engine: &Engine,
    lookup: &Lookup,
    intros: &Intros,
    pages: &[Page],
    done: &std::sync::atomic::AtomicUsize,
) -> (Vec<OutputFile>, Vec<Diagnostic>) {
    render_reusing(engine, lookup, intros, pages, done, None, None)
}

/// `render_counting`, skipping the pages `reuse` finds already written with the same
/// inputs (they are not among the files returned; `reuse` lists them).
pub fn render_reusing(
    engine: &Engine,
    lookup: &Lookup,
    intros: &Intros,
    pages: &[Page],
    done: &std::sync::atomic::AtomicUsize,
    reuse: Option<&Reuse>,
    staging: Option<&Staging>,
) -> (Vec<OutputFile>, Vec<Diagnostic>) {
    let site_values = site_values(lookup, &engine.strings);
    // Partials rendered for the previous state of the site may show stale cards.
    engine.partials.clear();
    let results: Vec<Result<Option<OutputFile>, Box<Diagnostic>>> = pages
        .par_iter()
        .map(|page| {
            let result = render_page(engine, lookup, &site_values, intros, page, reuse);
            done.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            match (result, staging) {
                // Written (or found unchanged) now, so its bytes need not wait in memory.
                (Ok(Some(file)), Some(staging)) => {
                    let path = file.path.clone();
                    staging.put(file).map(|()| None).map_err(|err| {
                        Box::new(
                            Diagnostic::error(
                                path,
                                format!("cannot write the page into the output folder: {err}"),
                            )
                            .with_hint("check that the folder is writable and the disk has room"),
                        )
                    })
                }
                // Kept in memory until the site is written: without the slack.
                (Ok(Some(mut file)), None) => {
                    file.bytes.shrink_to_fit();
                    Ok(Some(file))
                }
                (result, _) => result,
            }
        })
        .collect();
    let mut files = Vec::with_capacity(results.len());
    let mut diagnostics = Vec::new();
    for result in results {
        match result {
            Ok(Some(file)) => files.push(file),
            Ok(None) => {}
            Err(d) => diagnostics.push(*d),
        }
    }
    diagnostics.extend(engine.strings.take_missing());
    (files, merge_repeats(diagnostics))
}

/// One template mistake fails every page that uses the template: report it once, saying
/// how many other pages it broke, instead of ten thousand times.
fn merge_repeats(diagnostics: Vec<Diagnostic>) -> Vec<Diagnostic> {
    const WHILE: &str = " (while rendering ";
    let mut merged: Vec<(Diagnostic, usize)> = Vec::new();
    let mut index: std::collections::HashMap<(PathBuf, usize, usize, String), usize> =
        std::collections::HashMap::new();
    for d in diagnostics {
        let base = d.message.split(WHILE).next().unwrap_or(&d.message).to_string();
        let key = (d.file.clone(), d.line, d.column, base);
        match index.get(&key) {
            Some(&i) => merged[i].1 += 1,
            None => {
                index.insert(key, merged.len());
                merged.push((d, 0));
            }
        }
    }
    merged
        .into_iter()
        .map(|(mut d, others)| {
            if others > 0 && d.message.ends_with(')') {
                d.message.pop();
                d.message.push_str(&format!(
                    " and {others} other {})",
                    if others == 1 { "page" } else { "pages" }
                ));
            }
            d
        })
        .collect()
}

/// Rendered intros (`_index.md`) of the home page (`None`) and collections, by language.
pub type Intros = std::collections::HashMap<(String, Option<String>), (String, Value)>;

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
            .map(|l| {
                (
                    l.code.clone(),
                    crate::model::config::prefixed(config, &l.code, "/"),
                )
            })
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
                    let list_url = crate::model::config::prefixed(config, &l.code, &c.list_url);
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
                (
                    l.code.clone(),
                    crate::model::config::prefixed(config, &l.code, index_url),
                )
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

fn render_page(
    engine: &Engine,
    lookup: &Lookup,
    site_values: &std::collections::HashMap<&str, (Value, u64)>,
    intros: &Intros,
    page: &Page,
    reuse: Option<&Reuse>,
) -> Result<Option<OutputFile>, Box<Diagnostic>> {
    let site = &lookup.site;
    let config = &site.config;
    let path = page_url(site, page);
    let lang = page_lang(site, page);
    let mut context = fingerprint::Fingerprinted::new(reuse.map(Reuse::known));
    let (site_value, site_hash) = site_values
        .get(lang)
        .or_else(|| site_values.get(config.language.as_str()))
        .expect("every language has a site value");
    context.insert_hashed("site", site_value.clone(), *site_hash);
    context.insert("lang", lang);
    context.insert("current_url", &url(config, &path));
    context.insert("current_permalink", &permalink(config, &path));
    let versions = alternates(site, page);
    if let Some(path) = x_default(site, &versions) {
        context.insert("x_default", &permalink(config, path));
    }
    let alternates: Vec<Value> = versions
        .into_iter()
        .map(|(lang, path)| {
            let name = config.language_of(&lang).map_or("", |l| l.name.as_str());
            Value::from(card_map(&[
                ("name", Value::from(name)),
                ("url", Value::from(url(config, &path))),
                ("permalink", Value::from(permalink(config, &path))),
                ("lang", Value::from(lang)),
            ]))
        })
        .collect();
    context.insert_value("alternates", Value::from(alternates));
    let (candidates, rendering): (Vec<String>, String) = match page {
        Page::Home => {
            context.insert_value("section", intro_value(intros, &config.language, None));
            (vec!["index.html".into()], "the home page".into())
        }
        Page::LangHome { lang } => {
            context.insert_value("section", intro_value(intros, lang, None));
            (vec!["index.html".into()], format!("the home page in `{lang}`"))
        }
        Page::NotFound | Page::LangNotFound { .. } => (vec!["404.html".into()], "the 404 page".into()),
        Page::Item(id) => {
            let item = &site.items[*id];
            let entries = page_entries(&engine.strings, lookup, *id);
            context.insert_extended("page", &lookup.cards[*id], entries);
            let mut names = Vec::new();
            if let Some(name) = &item.template
                && engine.pick(&[name.as_str()]).is_none()
            {
                return Err(Box::new(missing_template(engine, item, name)));
            }
            names.extend(item.template.clone());
            if let Some(collection) = item.collection() {
                names.push(format!("{collection}.html"));
            }
            names.push("page.html".into());
            if let Some(feed_url) = item
                .collection()
                .and_then(|c| feeds::collection_feed_url(site, c, lang))
            {
                context.insert("feed_url", &feed_url);
            }
            (names, item.source.display().to_string())
        }
        Page::List { collection, page } | Page::LangList { collection, page, .. } => {
            let c = &config.collections[collection];
            let ids = site.collection_in(lang, collection);
            let list_url = crate::model::config::prefixed(config, lang, &c.list_url);
            let title = title_in(&engine.strings, config, &c.name, &c.title, lang);
            let mut map = card_map(&[
                ("name", Value::from(c.name.as_str())),
                ("title", Value::from(title)),
                ("url", Value::from(url(config, &list_url))),
                ("count", Value::from(ids.len())),
            ]);
            let (_, content) = intros
                .get(&(lang.to_string(), Some(collection.clone())))
                .cloned()
                .unwrap_or_else(|| (String::new(), Value::safe_string("")));
            map.insert("content".into(), content);
            context.insert_value("collection", Value::from(map));
            context.insert_derived(
                "paginator",
                paginator(lookup, ids, &list_url, *page, c.per_page),
                |known| paginator::paginator_hash(lookup, ids, &list_url, *page, c.per_page, known),
            );
            if let Some(feed_url) = feeds::collection_feed_url(site, collection, lang) {
                context.insert("feed_url", &feed_url);
            }
            (
                vec![format!("{collection}_list.html"), "list.html".into()],
                format!("the list of `{collection}`"),
            )
        }
        Page::Term { taxonomy, term, page }
        | Page::LangTerm {
            taxonomy, term, page, ..
        } => {
            let t = &config.taxonomies[taxonomy];
            let term_data = &site.taxonomy_in(lang, taxonomy)[*term];
            context.insert_value("taxonomy", taxonomy_value(engine, lookup, taxonomy, lang));
            context.insert_value("term", lookup.terms_in(lang, taxonomy).in_order[*term].clone());
            context.insert_derived(
                "paginator",
                paginator(lookup, &term_data.items, &term_data.url, *page, t.per_page),
                |known| {
                    paginator::paginator_hash(
                        lookup,
                        &term_data.items,
                        &term_data.url,
                        *page,
                        t.per_page,
                        known,
                    )
                },
            );
            (
                vec![format!("{taxonomy}_term.html"), "term.html".into()],
                format!("the term `{}` of `{taxonomy}`", term_data.name),
            )
        }
        Page::Terms { taxonomy } | Page::LangTerms { taxonomy, .. } => {
            context.insert_value("taxonomy", taxonomy_value(engine, lookup, taxonomy, lang));
            context.insert_value(
                "terms",
                Value::from(lookup.terms_in(lang, taxonomy).by_name.clone()),
            );
            (
                vec![format!("{taxonomy}_terms.html"), "terms.html".into()],
                format!("the index of `{taxonomy}`"),
            )
        }
        Page::Feed(feed) => {
            return file_at(&path, "a feed", feeds::render(lookup, &engine.strings, feed));
        }
        Page::Redirect { item, .. } => {
            return file_at(&path, "a redirect", redirects::render(lookup, *item));
        }
        Page::Root => {
            let home = page_url(site, &Page::Home);
            let html = redirects::render_to(config, &home, &config.title);
            return file_at(&path, "the root redirect", html);
        }
        Page::Sitemap { part } => {
            let entries = lookup
                .sitemap
                .get_or_init(|| sitemap::entries(lookup, &plan(site)));
            let xml = sitemap::render(config, entries, *part, sitemap::MAX_URLS);
            return file_at(&path, "the sitemap", xml);
        }
        Page::Robots => {
            if engine.pick(&[sitemap::ROBOTS_TEMPLATE]).is_none() {
                return file_at(&path, "robots.txt", sitemap::robots_txt(config));
            }
            context.insert("sitemap_url", &permalink(config, sitemap::SITEMAP_URL));
            (vec![sitemap::ROBOTS_TEMPLATE.into()], "robots.txt".into())
        }
    };
    let names: Vec<&str> = candidates.iter().map(String::as_str).collect();
    let Some(template) = engine.pick(&names) else {
        if matches!(page, Page::NotFound | Page::LangNotFound { .. }) {
            return Ok(None);
        }
        return Err(Box::new(
            Diagnostic::error(
                PathBuf::from(TEMPLATES_DIR),
                format!("no template for {rendering}: looked for {}", names.join(", ")),
            )
            .with_hint(format!(
                "add templates/{} or use a theme that has it",
                names.last().copied().unwrap_or("page.html")
            )),
        ));
    };
    let inputs = context.finish(template);
    let output = crate::model::permalink::output_path(&path).ok();
    if let (Some(reuse), Some(output), Some(inputs)) = (reuse, &output, inputs)
        && reuse.keeps(output, inputs)
    {
        return Ok(None);
    }
    fingerprint::start_page();
    // Room for the page up front: grown from Tera's guess (the template's own text), the
    // buffer was copied over and over, and checking it was UTF-8 again cost more still.
    let body = match page {
        Page::Item(id) => lookup.rendered[*id].html.len(),
        _ => 0,
    };
    let mut html = Vec::with_capacity(body + PAGE_ROOM);
    engine
        .tera
        .render_to(template, &context.context, &mut html)
        .map_err(|err| Box::new(engine.render_error(&err, &rendering)))?;
    let (reads_site, warned) = fingerprint::page_effects();
    if let (Some(reuse), Some(output), Some(inputs), false) = (reuse, output, inputs, warned) {
        reuse.made(output, inputs, reads_site);
    }
    file_at(&path, &rendering, html)
}

/// An item's `template:` that names no template is an error at that line, not a quiet
/// fall back to the collection's template. See #6.
fn missing_template(engine: &Engine, item: &crate::model::item::Item, name: &str) -> Diagnostic {
    let mut d = Diagnostic::error(&item.source, format!("the template `{name}` does not exist"));
    if let Some(p) = crate::load::content::KeyPositions::scan(&item.header, 1).get("template") {
        d = d.at(
            &item.header,
            p.line,
            p.value_column.max(p.key_column),
            p.value_width.max(1),
        );
    }
    let hint = match crate::diagnostics::closest(name, engine.files.keys().map(String::as_str)) {
        Some(near) => format!("did you mean `{near}`?"),
        None => format!("add templates/{name}, or remove `template:` to use the collection's template"),
    };
    d.with_hint(hint)
}

/// What a page holds besides its item's body, about: the default theme's pages are 8 to
/// 30 KB of it.
const PAGE_ROOM: usize = 32 * 1024;

/// The output file of the page at URL path `path`.
fn file_at(
    path: &str,
    rendering: &str,
    text: impl Into<Vec<u8>>,
) -> Result<Option<OutputFile>, Box<Diagnostic>> {
    let output = crate::model::permalink::output_path(path).map_err(|why| {
        Box::new(Diagnostic::error(
            PathBuf::from(rendering),
            format!("cannot write the page at {path}: {why}"),
        ))
    })?;
    Ok(Some(OutputFile {
        path: output,
        bytes: text.into(),
    }))
}

/// The `site` variable of each language, with `feed_url`: the absolute URL of the site's
/// feed. A language other than the default has its own title, description and `language`.
/// The `site` value of each language, with its hash: hashed once, not once per page.
fn site_values<'a>(
    lookup: &'a Lookup,
    strings: &i18n::Strings,
) -> std::collections::HashMap<&'a str, (Value, u64)> {
    let config = &lookup.site.config;
    let mut map = lookup.site_value.as_map().cloned().unwrap_or_default();
    let feed_url = permalink(config, &feeds::url_path(&lookup.site, &Feed::Site));
    map.insert("feed_url".into(), Value::from(feed_url));
    let mut values = std::collections::HashMap::with_capacity(config.languages.len());
    for language in config.languages.iter().skip(1) {
        let mut translated = map.clone();
        let feed = Feed::Language(language.code.clone());
        let feed_url = permalink(config, &feeds::url_path(&lookup.site, &feed));
        translated.insert("feed_url".into(), Value::from(feed_url));
        let localized: Vec<Value> = config
            .collections
            .values()
            .map(|c| {
                let list_url = crate::model::config::prefixed(config, &language.code, &c.list_url);
                let title = title_in(strings, config, &c.name, &c.title, &language.code);
                Value::from(card_map(&[
                    ("name", Value::from(c.name.as_str())),
                    ("title", Value::from(title)),
                    ("url", Value::from(url(config, &list_url))),
                    (
                        "count",
                        Value::from(lookup.site.collection_in(&language.code, &c.name).len()),
                    ),
                ]))
            })
            .collect();
        translated.insert("collections".into(), Value::from(localized));
        let taxonomies: Vec<Value> = config
            .taxonomies
            .values()
            .map(|t| {
                let index_url = crate::model::config::prefixed(config, &language.code, &t.index_url);
                let title = title_in(strings, config, &t.name, &t.title, &language.code);
                let count = lookup.site.taxonomy_in(&language.code, &t.name).len();
                Value::from(card_map(&[
                    ("name", Value::from(t.name.as_str())),
                    ("title", Value::from(title)),
                    ("url", Value::from(url(config, &index_url))),
                    ("count", Value::from(count)),
                ]))
            })
            .collect();
        translated.insert("taxonomies".into(), Value::from(taxonomies));
        translated.insert("title".into(), Value::from(language.title.as_str()));
        translated.insert("description".into(), Value::from(language.description.as_str()));
        translated.insert("language".into(), Value::from(language.code.as_str()));
        if !language.params.is_empty() {
            // A language's params replace the site's key by key, as Hugo's do.
            let mut params = config.params.as_mapping().cloned().unwrap_or_default();
            params.extend(language.params.clone());
            translated.insert("params".into(), Value::from_serializable(&params));
        }
        values.insert(language.code.as_str(), hashed(Value::from(translated)));
    }
    values.insert(config.language.as_str(), hashed(Value::from(map)));
    values
}

fn hashed(value: Value) -> (Value, u64) {
    let mut hasher = fingerprint::FingerprintHasher::new();
    fingerprint::hash_value(&value, &mut hasher, &fingerprint::Known::new());
    (value, std::hash::Hasher::finish(&hasher))
}

/// The title of a collection or taxonomy named `name` in language `lang`: `site.yaml`'s
/// (`title`) in the default language, else the theme string named after it (`news: 新闻`)
/// when there is one.
fn title_in<'a>(
    strings: &'a i18n::Strings,
    config: &crate::model::config::SiteConfig,
    name: &str,
    title: &'a str,
    lang: &str,
) -> &'a str {
    match lang == config.language {
        true => title,
        false => strings.find(name, lang).unwrap_or(title),
    }
}

fn card_map(entries: &[(&'static str, Value)]) -> tera::Map {
    let mut map = values::new_map(entries.len());
    map.extend(entries.iter().map(|(k, v)| ((*k).into(), v.clone())));
    map
}

fn intro_value(intros: &Intros, lang: &str, key: Option<String>) -> Value {
    let (title, content) = intros
        .get(&(lang.to_string(), key))
        .cloned()
        .unwrap_or_else(|| (String::new(), Value::safe_string("")));
    Value::from(card_map(&[("title", Value::from(title)), ("content", content)]))
}

/// A taxonomy in language `lang`: its title there (the theme string named after it, as a
/// collection's), the URL of its index there, and how many terms it has there.
fn taxonomy_value(engine: &Engine, lookup: &Lookup, name: &str, lang: &str) -> Value {
    let config = &lookup.site.config;
    let t = &config.taxonomies[name];
    let title = title_in(&engine.strings, config, &t.name, &t.title, lang);
    Value::from(card_map(&[
        ("name", Value::from(t.name.as_str())),
        ("title", Value::from(title)),
        (
            "url",
            Value::from(url(
                config,
                &crate::model::config::prefixed(config, lang, &t.index_url),
            )),
        ),
    ]))
}

/// What an item's page value adds to its card.
fn page_entries(strings: &i18n::Strings, lookup: &Lookup, id: ItemId) -> Vec<(&'static str, Value)> {
    let site = &lookup.site;
    let config = &site.config;
    let item = &site.items[id];
    let rendered = &lookup.rendered[id];
    let cards =
        |ids: &[ItemId]| Value::from(ids.iter().map(|i| lookup.cards[*i].clone()).collect::<Vec<_>>());
    let mut entries = vec![
        ("content", Value::safe_string(&rendered.html)),
        ("toc", Value::from_serializable(&rendered.toc)),
        ("lang", Value::from(item.lang.as_str())),
    ];
    let translations: Vec<Value> = site.translations[id]
        .iter()
        .map(|other| {
            let language = config.language_of(&site.items[*other].lang);
            Value::from(card_map(&[
                ("lang", Value::from(site.items[*other].lang.as_str())),
                ("name", Value::from(language.map_or("", |l| l.name.as_str()))),
                ("title", Value::from(site.items[*other].title.as_str())),
                ("url", Value::from(url(config, &site.urls[*other]))),
            ]))
        })
        .collect();
    entries.push(("translations", Value::from(translations)));
    let mut refs = values::new_map(site.refs[id].len());
    let schema = item.collection().map(|c| &config.collections[c].fields);
    for (field, targets) in &site.refs[id] {
        let is_list = schema
            .and_then(|s| s.get(field))
            .is_some_and(|f| matches!(f.field_type, crate::model::schema::FieldType::List(_)));
        let value = match (is_list, targets.first()) {
            (false, Some(first)) => lookup.cards[*first].clone(),
            (false, None) => Value::none(),
            (true, _) => cards(targets),
        };
        refs.insert(field.clone().into(), value);
    }
    entries.push(("refs", Value::from(refs)));
    let mut backlinks = values::new_map(config.collections.len());
    backlinks.extend(
        config
            .collections
            .keys()
            .map(|c| (c.clone().into(), Value::from(Vec::<Value>::new()))),
    );
    for (collection, sources) in &site.backlinks[id] {
        backlinks.insert(collection.clone().into(), cards(sources));
    }
    entries.push(("backlinks", Value::from(backlinks)));
    let (previous, next) = site.neighbours(id);
    let neighbour = |n: Option<ItemId>| n.map_or(Value::none(), |n| lookup.cards[n].clone());
    entries.push(("previous", neighbour(previous)));
    entries.push(("next", neighbour(next)));
    entries.push(("related", cards(&site.related[id])));
    let site_title = config
        .language_of(&item.lang)
        .map_or(config.title.as_str(), |l| l.title.as_str());
    let home = crate::model::config::prefixed(config, &item.lang, "/");
    let mut crumbs = vec![Value::from(card_map(&[
        ("title", Value::from(site_title)),
        ("url", Value::from(url(config, &home))),
    ]))];
    if let Some(collection) = item.collection() {
        let c = &config.collections[collection];
        let list_url = crate::model::config::prefixed(config, &item.lang, &c.list_url);
        crumbs.push(Value::from(card_map(&[
            (
                "title",
                Value::from(title_in(strings, config, &c.name, &c.title, &item.lang)),
            ),
            ("url", Value::from(url(config, &list_url))),
        ])));
    }
    entries.push(("breadcrumbs", Value::from(crumbs)));
    entries
}

//! `sitemap.xml` and `robots.txt`: what search engines read to find every page.
//!
//! The sitemap lists the pages `plan` lists, so it cannot drift from what the build writes:
//! home, items, plain pages, collection lists and their pagination, term pages and term
//! indexes — every HTML page but `404.html`. Each `<loc>` is absolute and each `<lastmod>`
//! comes from content (an item's `updated` or `date`, a list's newest item), never from the
//! clock, so an unchanged site keeps its sitemap's bytes. The sitemaps protocol allows
//! 50,000 URLs a file; past that the URLs go to `sitemap-1.xml`, `sitemap-2.xml`, … and
//! `sitemap.xml` becomes the `<sitemapindex>` of those parts.
//!
//! `robots.txt` points crawlers at the sitemap. A theme or site that has a template named
//! `robots.txt` writes its own instead.

use std::fmt::Write as _;
use std::sync::OnceLock;

use jiff::Timestamp;

use crate::model::config::SiteConfig;
use crate::model::item::Item;
use crate::model::schema::FieldValue;
use crate::model::site::{ItemId, Site};

use super::feeds::{escape_xml, last_changed};
use super::lookup::Lookup;
use super::plan::{MAX_URLS, is_listed, part_count};
use super::urls::{SITEMAP_URL, alternates, page_url, sitemap_url_path, x_default};
use super::values::permalink;
use crate::model::page::{Page, PageKind};

/// The template that replaces the built-in `robots.txt`.
pub(super) const ROBOTS_TEMPLATE: &str = "robots.txt";

/// The sitemaps protocol's namespace.
const SITEMAP_NAMESPACE: &str = "http://www.sitemaps.org/schemas/sitemap/0.9";

/// One `<url>` of the sitemap.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct SitemapUrl {
    /// The page's absolute URL.
    pub loc: String,
    /// When it last changed, when content says so.
    pub lastmod: Option<Lastmod>,
    /// The page in every language that has it, as (language, absolute URL), itself
    /// included, then `x-default` and the default language's version; empty on a
    /// one-language site.
    pub alternates: Vec<(String, String)>,
}

/// The `hreflang` of the version for readers of any other language.
const X_DEFAULT: &str = "x-default";

/// The namespace of `<xhtml:link rel="alternate" hreflang>`.
const XHTML_NAMESPACE: &str = "http://www.w3.org/1999/xhtml";

/// A `<lastmod>`: the instant, to find the newest, and the text written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Lastmod {
    /// The instant (a bare date at midnight UTC).
    pub at: Timestamp,
    /// W3C datetime: `2023-03-06` for a date, RFC 3339 for a date and time.
    pub text: String,
}

/// The pages of `plan` the sitemap lists, in its order: for a render of some pages only
/// (`serve`'s); a render of the whole plan hands [`render`] that plan instead.
pub(super) fn listed_pages(site: &Site) -> Vec<Page> {
    let mut pages = super::plan::plan(site);
    pages.retain(is_listed);
    pages.shrink_to_fit();
    pages
}

/// The entries of the listed pages among `pages`, in their order.
pub(super) fn entries<'p>(lookup: &Lookup, pages: impl IntoIterator<Item = &'p Page>) -> Vec<SitemapUrl> {
    let site = &lookup.site;
    let all: Vec<ItemId> = ItemId::all(site.items.len()).collect();
    pages
        .into_iter()
        .filter(|page| is_listed(page))
        .map(|page| {
            let lastmod = lastmod_of(site, &all, page);
            let versions = alternates(site, page);
            let x_default =
                x_default(site, &versions).map(|path| (X_DEFAULT.to_string(), permalink(&site.config, path)));
            SitemapUrl {
                loc: permalink(&site.config, &page_url(site, page)),
                lastmod,
                alternates: versions
                    .iter()
                    .map(|(lang, path)| (lang.clone(), permalink(&site.config, path)))
                    .chain(x_default)
                    .collect(),
            }
        })
        .collect()
}

/// When the page last changed, when content says so: an item's date, else the newest
/// date among the items the page shows.
fn lastmod_of(site: &Site, all: &[ItemId], page: &Page) -> Option<Lastmod> {
    let lang = page.lang;
    match &page.kind {
        PageKind::Item(id) => lastmod(&site.items[*id]),
        // The home page shows the newest items of the site.
        PageKind::Home if lang == site.config.language => newest(site, all),
        PageKind::Home => {
            let ids: Vec<ItemId> = ItemId::all(site.items.len())
                .filter(|id| {
                    crate::link::language::is_shown_in(
                        &site.config,
                        &site.items,
                        &site.translations,
                        *id,
                        lang,
                    )
                })
                .collect();
            newest(site, &ids)
        }
        PageKind::List { collection, page } => {
            let per_page = site.config.collections[collection].per_page;
            newest(
                site,
                super::paginator::on_page(site.collection_in(lang, collection), *page, per_page),
            )
        }
        PageKind::Term { taxonomy, term, page } => {
            let per_page = site.config.taxonomies[taxonomy].per_page;
            let terms = site.taxonomy_in(lang, taxonomy);
            newest(
                site,
                super::paginator::on_page(&terms[*term].items, *page, per_page),
            )
        }
        PageKind::Terms { taxonomy } => site
            .taxonomy_in(lang, taxonomy)
            .iter()
            .filter_map(|term| newest(site, &term.items))
            .max_by_key(|l| l.at),
        _ => None,
    }
}

/// Where the sitemap's parts find the pages they list, found once for all of them: a site
/// of a million pages has twenty parts, each of which would otherwise walk the plan again.
pub(super) struct Listed<'a> {
    /// The site's whole plan, when the render is of all of it.
    plan: Option<&'a [Page]>,
    /// The pages of `plan` the sitemap lists.
    picked: OnceLock<Vec<&'a Page>>,
    /// Without the whole plan (`serve` renders some pages), the pages the sitemap lists,
    /// planned on first use.
    planned: OnceLock<Vec<Page>>,
}

impl<'a> Listed<'a> {
    /// The pages of `plan` when the render is of the whole plan, else of a plan made when a
    /// part is first asked for.
    pub(super) fn new(plan: Option<&'a [Page]>) -> Self {
        Listed {
            plan,
            picked: OnceLock::new(),
            planned: OnceLock::new(),
        }
    }

    /// The XML of part `part` (see [`render`]).
    pub(super) fn part(&self, lookup: &Lookup, part: usize) -> String {
        match self.plan {
            Some(plan) => {
                let listed = self
                    .picked
                    .get_or_init(|| plan.iter().filter(|page| is_listed(page)).collect());
                render(lookup, listed, part, MAX_URLS)
            }
            None => {
                let pages = self.planned.get_or_init(|| listed_pages(&lookup.site));
                let listed: Vec<&Page> = pages.iter().collect();
                render(lookup, &listed, part, MAX_URLS)
            }
        }
    }
}

/// The XML of `sitemap.xml` (`part` 0) or of `sitemap-<part>.xml`, at most `limit` URLs a
/// file: a `<urlset>`, or, for part 0 when the URLs take more than one file, the
/// `<sitemapindex>` of the parts.
///
/// `listed` are the pages the sitemap lists, in its order: picked from the render's own
/// plan, not a second one (some 80 MB at a million pages). Only the part's own entries are
/// made: all of them at once take some 200 MB at a million pages.
pub(super) fn render(lookup: &Lookup, listed: &[&Page], part: usize, limit: usize) -> String {
    let config = &lookup.site.config;
    let limit = limit.max(1);
    let parts = part_count(listed.len(), limit);
    let mut xml = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    // `write!` to a String cannot fail; the results are ignored for that reason.
    if part == 0 && parts > 0 {
        let site = &lookup.site;
        let all: Vec<ItemId> = ItemId::all(site.items.len()).collect();
        let _ = writeln!(xml, "<sitemapindex xmlns=\"{SITEMAP_NAMESPACE}\">");
        for (index, chunk) in listed.chunks(limit).enumerate() {
            let newest = chunk
                .iter()
                .filter_map(|page| lastmod_of(site, &all, page))
                .max_by_key(|l| l.at);
            let loc = permalink(config, &sitemap_url_path(index + 1));
            write_url(&mut xml, "sitemap", &loc, newest.as_ref());
        }
        xml.push_str("</sitemapindex>\n");
        return xml;
    }
    let pages: &[&Page] = if part == 0 {
        listed
    } else {
        listed.chunks(limit).nth(part - 1).unwrap_or_default()
    };
    let chunk = entries(lookup, pages.iter().copied());
    if chunk.iter().any(|e| !e.alternates.is_empty()) {
        let _ = writeln!(
            xml,
            "<urlset xmlns=\"{SITEMAP_NAMESPACE}\" xmlns:xhtml=\"{XHTML_NAMESPACE}\">"
        );
    } else {
        let _ = writeln!(xml, "<urlset xmlns=\"{SITEMAP_NAMESPACE}\">");
    }
    for entry in chunk {
        if entry.alternates.is_empty() {
            write_url(&mut xml, "url", &entry.loc, entry.lastmod.as_ref());
            continue;
        }
        let _ = write!(xml, "  <url><loc>{}</loc>", escape_xml(&entry.loc));
        if let Some(lastmod) = &entry.lastmod {
            let _ = write!(xml, "<lastmod>{}</lastmod>", escape_xml(&lastmod.text));
        }
        for (lang, href) in &entry.alternates {
            let _ = write!(
                xml,
                "<xhtml:link rel=\"alternate\" hreflang=\"{}\" href=\"{}\"/>",
                escape_xml(lang),
                escape_xml(href)
            );
        }
        let _ = writeln!(xml, "</url>");
    }
    xml.push_str("</urlset>\n");
    xml
}

/// The built-in `robots.txt`: everything allowed, and where the sitemap is.
pub(super) fn robots_txt(config: &SiteConfig) -> String {
    format!(
        "User-agent: *\nAllow: /\n\nSitemap: {}\n",
        permalink(config, SITEMAP_URL)
    )
}

/// An item's `<lastmod>`: `updated`, else `date`; none when it has neither.
fn lastmod(item: &Item) -> Option<Lastmod> {
    let at = last_changed(item)?;
    let text = match item.updated.as_ref().or(item.date.as_ref()) {
        Some(FieldValue::Date(date)) => date.to_string(),
        _ => at.to_string(),
    };
    Some(Lastmod { at, text })
}

/// The newest `<lastmod>` of `ids` (its text made for that one only: the home page and
/// the terms index look at every item).
fn newest(site: &Site, ids: &[ItemId]) -> Option<Lastmod> {
    let newest = ids
        .iter()
        .filter_map(|id| Some((last_changed(&site.items[*id])?, *id)))
        .max_by_key(|(at, _)| *at)?;
    lastmod(&site.items[newest.1])
}

fn write_url(xml: &mut String, element: &str, loc: &str, lastmod: Option<&Lastmod>) {
    let _ = write!(xml, "  <{element}><loc>{}</loc>", escape_xml(loc));
    if let Some(lastmod) = lastmod {
        let _ = write!(xml, "<lastmod>{}</lastmod>", escape_xml(&lastmod.text));
    }
    let _ = writeln!(xml, "</{element}>");
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::feeds::tests::{FILES, lookup};
    use crate::render::plan;

    fn locs(xml: &str) -> Vec<(String, Option<String>)> {
        let doc = roxmltree::Document::parse(xml).unwrap();
        doc.root_element()
            .children()
            .filter(|n| n.is_element())
            .map(|entry| {
                let field = |name: &str| {
                    entry
                        .children()
                        .find(|n| {
                            n.tag_name().name() == name && n.tag_name().namespace() == Some(SITEMAP_NAMESPACE)
                        })
                        .and_then(|n| n.text())
                        .map(str::to_string)
                };
                (field("loc").unwrap(), field("lastmod"))
            })
            .collect()
    }

    #[test]
    fn every_html_page_but_404_is_listed_with_its_lastmod() {
        let lookup = lookup("https://example.org/portal/", "", FILES);
        let pages = listed_pages(&lookup.site);
        let listed: Vec<&Page> = pages.iter().collect();
        let xml = render(&lookup, &listed, 0, crate::render::plan::MAX_URLS);
        let doc = roxmltree::Document::parse(&xml).unwrap();
        assert_eq!(doc.root_element().tag_name().name(), "urlset");
        let mut found = locs(&xml);
        found.sort();
        let at = |path: &str, lastmod: Option<&str>| {
            (
                format!("https://example.org/portal/{path}"),
                lastmod.map(str::to_string),
            )
        };
        let mut expected = vec![
            // Home: the newest change of the whole site.
            at("", Some("2023-04-01T01:30:00Z")),
            at("about/", None),
            at("events/", Some("2021-05-05")),
            at("events/fair/", Some("2021-05-05")),
            at("institutions/", None),
            at("institutions/lab/", None),
            at("news/", Some("2023-04-01T01:30:00Z")),
            at("news/2020/old/", Some("2020-01-01")),
            at("news/2023/new/", Some("2023-04-01T01:30:00Z")),
            at("tags/", Some("2023-04-01T01:30:00Z")),
            at("tags/brain-science/", Some("2023-04-01T01:30:00Z")),
        ];
        expected.sort();
        assert_eq!(found, expected);
    }

    #[test]
    fn list_pages_take_the_newest_lastmod_of_their_own_items() {
        let lookup = lookup("https://example.org/", "", FILES);
        let mut site = (*lookup.site).clone();
        site.config.collections["news"].per_page = 1;
        let lookup = crate::render::Lookup::new(std::sync::Arc::new(site), lookup.rendered.clone());
        let entries = entries(&lookup, &plan(&lookup.site));
        let lastmod = |loc: &str| {
            entries
                .iter()
                .find(|e| e.loc == loc)
                .and_then(|e| e.lastmod.as_ref())
                .map(|l| l.text.clone())
        };
        assert_eq!(
            lastmod("https://example.org/news/").as_deref(),
            Some("2023-04-01T01:30:00Z")
        );
        assert_eq!(
            lastmod("https://example.org/news/page/2/").as_deref(),
            Some("2020-01-01")
        );
    }

    #[test]
    fn past_the_limit_the_sitemap_becomes_an_index_of_parts() {
        let lookup = lookup("https://example.org/portal/", "", FILES);
        let pages = listed_pages(&lookup.site);
        let entries = entries(&lookup, &pages);
        assert_eq!(entries.len(), 11);
        assert_eq!(part_count(entries.len(), 11), 0);
        assert_eq!(part_count(entries.len(), 4), 3);

        let listed: Vec<&Page> = pages.iter().collect();
        let index = render(&lookup, &listed, 0, 4);
        let doc = roxmltree::Document::parse(&index).unwrap();
        assert_eq!(doc.root_element().tag_name().name(), "sitemapindex");
        let parts: Vec<String> = locs(&index).into_iter().map(|(loc, _)| loc).collect();
        assert_eq!(
            parts,
            [1, 2, 3].map(|n| format!("https://example.org/portal/sitemap-{n}.xml"))
        );

        let mut in_parts = Vec::new();
        for (part, size) in [(1, 4), (2, 4), (3, 3)] {
            let xml = render(&lookup, &listed, part, 4);
            let urls = locs(&xml);
            assert_eq!(urls.len(), size, "sitemap-{part}.xml");
            in_parts.extend(urls.into_iter().map(|(loc, _)| loc));
        }
        let all: Vec<String> = entries.iter().map(|e| e.loc.clone()).collect();
        assert_eq!(in_parts, all, "the parts hold every URL once, in order");
        assert_eq!(sitemap_url_path(2), "/sitemap-2.xml");
    }

    #[test]
    fn the_plan_has_the_sitemap_robots_and_feeds_but_lists_only_pages() {
        let lookup = lookup("https://example.org/", "", FILES);
        let pages = plan(&lookup.site);
        let has = |kind: PageKind| pages.contains(&Page::new(kind, "en"));
        assert!(has(PageKind::Sitemap { part: 0 }));
        assert!(!has(PageKind::Sitemap { part: 1 }), "11 URLs fit one file");
        assert!(has(PageKind::Robots));
        assert!(has(PageKind::Feed(crate::render::Feed::Site)));
        let listed = entries(&lookup, &pages);
        assert!(listed.iter().all(|e| e.loc.ends_with('/')), "{listed:?}");
    }

    #[test]
    fn robots_txt_allows_all_and_names_the_sitemap() {
        let lookup = lookup("https://example.org/portal/", "", FILES);
        assert_eq!(
            robots_txt(&lookup.site.config),
            "User-agent: *\nAllow: /\n\nSitemap: https://example.org/portal/sitemap.xml\n"
        );
    }
}

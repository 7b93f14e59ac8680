//! Redirects: each old URL an item lists under `aliases:` gets a small page that sends
//! browsers and crawlers on to the item's URL.
//!
//! A static site cannot answer with a 301, so the page does what every static host
//! understands: a `<meta http-equiv="refresh">` with no delay, a canonical link (search
//! engines treat it much like a permanent redirect and move the old URL's standing to the
//! new one), `noindex` so the old URL leaves the index, and a visible link for anyone whose
//! browser refreshes nothing. Aliases are paths of this site without its base path, so a
//! site moved under `/portal/` keeps its old links working there too.
//!
//! An alias is author input that becomes a file, so it goes through
//! `permalink::output_path` like every other path. An alias that would overwrite a page,
//! a feed, the sitemap, or another alias is an error at the alias's line and column:
//! silently replacing a live page with a redirect would be far worse than failing.

use std::collections::HashMap;
use std::fmt::Write as _;
use std::path::Path;

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::load::content::read_header;
use crate::model::permalink::output_path;
use crate::model::site::{ItemId, Site};

use super::lookup::Lookup;
use super::plan::plan;
use super::urls::{alias_output, page_url};
use super::values::{escape_html, permalink, url};
use crate::model::page::{Page, PageKind};

/// Reports every alias that is not a plain path of this site or that collides with a page
/// or another alias. `plan` leaves out the aliases that fail here, so a site with errors
/// is not written, and one without has exactly one file per path.
pub(crate) fn check(site: &Site, diagnostics: &mut Diagnostics) {
    // Output file → what is there.
    let (pages, mut taken) = taken_by_pages(site, diagnostics);
    for (id, item) in site.items.iter().enumerate() {
        for alias in item.aliases() {
            let at = |d: Diagnostic| match &alias.span {
                Some(span) => d.at(&read_header(item), span.line(), span.column(), span.width()),
                None => d,
            };
            let output = match alias_output(alias) {
                Ok(output) => output,
                Err(why) => {
                    let hint = match url_path(&alias.path) {
                        Some(path) => format!("write only the URL's path: {path}"),
                        None => "write an old URL of this site as a path, such as /old/path/".into(),
                    };
                    diagnostics.push(
                        at(Diagnostic::error(
                            &item.source,
                            format!(
                                "the alias `{}` {why}",
                                crate::model::permalink::printable(&alias.path)
                            ),
                        ))
                        .with_hint(hint),
                    );
                    continue;
                }
            };
            // The file itself, or a file where one of its folders would be (`/atom.xml` is
            // the folder `atom.xml/` of a redirect page, and the feed's file).
            let clash = std::iter::once(output.as_path())
                .chain(output.ancestors().skip(1))
                .find_map(|path| taken.get(path));
            if let Some(owner) = clash {
                let what = match owner {
                    Owner::Page(index) => what_page(site, &pages[*index]),
                    Owner::Alias(of) => format!("an alias of {}", site.items[*of].source.display()),
                };
                let hint = if site.urls[id] == alias.path {
                    "an item needs no alias for its own URL; remove it"
                } else if matches!(owner, Owner::Alias(_)) {
                    "one old URL can redirect to one item only; keep the alias on one of them"
                } else {
                    "remove the alias, or move the page that has this URL"
                };
                diagnostics.push(
                    at(Diagnostic::error(
                        &item.source,
                        format!("the alias {} is also {what}", alias.path),
                    ))
                    .with_hint(hint),
                );
                continue;
            }
            taken.insert(output.into_boxed_path(), Owner::Alias(ItemId(id)));
        }
    }
}

/// What is at an output file: a page of the plan (by its index), or an item's alias.
enum Owner {
    Page(usize),
    Alias(ItemId),
}

/// The pages of the plan, and the output file of each (but redirects); two pages at one
/// path are an error here unless the link stage reports them. Their descriptions are
/// made only for a message: at a million pages they would be the link stage's peak.
fn taken_by_pages(site: &Site, diagnostics: &mut Diagnostics) -> (Vec<Page>, HashMap<Box<Path>, Owner>) {
    let pages = plan(site);
    let mut taken: HashMap<Box<Path>, Owner> = HashMap::with_capacity(pages.len());
    for (index, page) in pages.iter().enumerate() {
        if matches!(page.kind, PageKind::Redirect { .. }) {
            continue;
        }
        let path = page_url(site, page);
        if let Ok(output) = output_path(&path) {
            // A taxonomy's pages can land on a collection's (`/institutions/{slug}/`
            // for both); one would silently replace the other. Items against items and
            // lists are reported by the link stage already.
            let is_item = |p: &Page| matches!(p.kind, PageKind::Item(_));
            let is_list =
                |p: &Page| matches!(p.kind, PageKind::List { .. }) && p.lang == site.config.language;
            if let Some(Owner::Page(first)) = taken.get(output.as_path()) {
                let first_page = &pages[*first];
                if !((is_item(first_page) && (is_item(page) || is_list(page)))
                    || (is_list(first_page) && is_item(page)))
                {
                    diagnostics.push(
                        Diagnostic::error(
                            crate::model::config::CONFIG_FILE,
                            format!(
                                "{} and {} would both be written to {path}",
                                describe(site, first_page),
                                describe(site, page)
                            ),
                        )
                        .with_hint("give the collections and taxonomies permalinks that cannot meet"),
                    );
                    continue;
                }
            }
            taken.insert(output.into_boxed_path(), Owner::Page(index));
        }
    }
    (pages, taken)
}

/// What a page is, for a message about what else is at its path.
fn what_page(site: &Site, page: &Page) -> String {
    match &page.kind {
        PageKind::Item(id) => format!("the page of {}", site.items[*id].source.display()),
        _ => format!("the page at {}", page_url(site, page)),
    }
}

/// A page, for a message about two pages at one path.
fn describe(site: &Site, page: &Page) -> String {
    match &page.kind {
        PageKind::List { collection, .. } if page.lang == site.config.language => {
            format!("the list of `{collection}`")
        }
        PageKind::Term { taxonomy, term, .. } => format!(
            "the page of the term `{}` of `{taxonomy}`",
            site.taxonomy_in(page.lang, taxonomy)[*term].name
        ),
        PageKind::Terms { taxonomy } => format!("the index of `{taxonomy}`"),
        _ => what_page(site, page),
    }
}

/// The HTML of the page at an alias of item `id`.
pub(crate) fn render(lookup: &Lookup, id: ItemId) -> String {
    let site = &lookup.site;
    render_to(&site.config, &site.urls[id], &site.items[id].title)
}

/// The HTML of a page that sends readers on to the page at URL path `to`, titled `title`.
pub(crate) fn render_to(config: &crate::model::config::SiteConfig, to: &str, title: &str) -> String {
    let target = escape_html(&url(config, to));
    let canonical = escape_html(&permalink(config, to));
    let title = escape_html(title);
    let mut html = String::with_capacity(512);
    // `write!` to a String cannot fail; the results are ignored for that reason.
    let _ = write!(
        html,
        "<!DOCTYPE html>\n<html lang=\"{lang}\">\n<head>\n<meta charset=\"utf-8\">\n\
         <title>{title}</title>\n<meta name=\"robots\" content=\"noindex\">\n\
         <link rel=\"canonical\" href=\"{canonical}\">\n\
         <meta http-equiv=\"refresh\" content=\"0; url={target}\">\n</head>\n<body>\n\
         <p>This page has moved to <a href=\"{target}\">{title}</a>.</p>\n</body>\n</html>\n",
        lang = escape_html(&config.language),
    );
    html
}

/// The path of an absolute `http(s)://host/path` URL: what the author probably meant.
fn url_path(url: &str) -> Option<&str> {
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))?;
    rest.find('/').map(|i| &rest[i..])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::feeds::tests::{FILES, lookup};

    fn with_aliases(about: &str) -> Vec<(&'static str, String)> {
        let mut files: Vec<(&str, String)> = FILES.iter().map(|(p, t)| (*p, t.to_string())).collect();
        let page = files.iter_mut().find(|(p, _)| *p == "about.md").unwrap();
        page.1 = format!("---\ntitle: About <us>\naliases: {about}\n---\nAbout us.\n");
        files
    }

    fn errors(about: &str) -> Vec<Diagnostic> {
        let files = with_aliases(about);
        let files: Vec<(&str, &str)> = files.iter().map(|(p, t)| (*p, t.as_str())).collect();
        let lookup = lookup("https://example.org/portal/", "", &files);
        let mut diagnostics = Diagnostics::new();
        check(&lookup.site, &mut diagnostics);
        diagnostics.iter().cloned().collect()
    }

    #[test]
    fn an_alias_gets_a_page_that_sends_readers_on() {
        let files = with_aliases("[/old/about/, /about-us.html]");
        let files: Vec<(&str, &str)> = files.iter().map(|(p, t)| (*p, t.as_str())).collect();
        let lookup = lookup("https://example.org/portal/", "", &files);
        let site = &lookup.site;
        let id = site.item_at("about.md").unwrap();
        let pages: Vec<Page> = plan(site)
            .into_iter()
            .filter(|p| matches!(p.kind, PageKind::Redirect { item, .. } if item == id))
            .collect();
        assert_eq!(pages.len(), 2);
        let urls: Vec<String> = pages.iter().map(|p| page_url(site, p)).collect();
        assert_eq!(urls, ["/old/about/", "/about-us.html"]);
        assert!(plan(site).contains(&pages[1]));

        let html = render(&lookup, id);
        let doc = scraper::Html::parse_document(&html);
        let attr = |selector: &str, name: &str| {
            let selector = scraper::Selector::parse(selector).unwrap();
            doc.select(&selector)
                .next()
                .and_then(|e| e.value().attr(name))
                .map(str::to_string)
                .unwrap_or_else(|| panic!("no {selector:?} in {html}"))
        };
        assert_eq!(
            attr("meta[http-equiv=refresh]", "content"),
            "0; url=/portal/about/"
        );
        assert_eq!(
            attr("link[rel=canonical]", "href"),
            "https://example.org/portal/about/"
        );
        assert_eq!(attr("meta[name=robots]", "content"), "noindex");
        assert_eq!(attr("a", "href"), "/portal/about/");
        assert!(html.contains("About &lt;us&gt;"), "{html}");
    }

    #[test]
    fn valid_aliases_are_not_errors() {
        assert!(errors("[/old/about/, /about-us.html, /脑/, old/page/, /releases/1.88.0]").is_empty());
    }

    #[test]
    fn an_alias_that_is_not_a_plain_path_is_an_error_at_its_column() {
        let found = errors("[/ok/, /../../etc/, /a/../../b/, //other.example/x]");
        let shown: Vec<(usize, usize, &str)> = found
            .iter()
            .map(|d| (d.line, d.column, d.message.as_str()))
            .collect();
        assert_eq!(shown.len(), 3, "{found:?}");
        assert_eq!(shown[0].0, 3);
        assert_eq!(shown[0].1, 17);
        assert!(shown[0].2.contains("`..` is not allowed"), "{shown:?}");
        assert_eq!(shown[1].1, 30);
        assert!(shown[1].2.contains("`..` is not allowed"), "{shown:?}");
        assert_eq!(shown[2].1, 43);
        assert!(shown[2].2.contains("must start with a single `/`"), "{shown:?}");
    }

    #[test]
    fn an_alias_colliding_with_a_page_or_an_alias_is_an_error() {
        let found = errors("[/news/2023/new/, /x/, /x/index.html, /atom.xml, /about/]");
        let shown: Vec<(usize, &str, &str)> = found
            .iter()
            .map(|d| (d.column, d.message.as_str(), d.hint.as_deref().unwrap_or("")))
            .collect();
        assert_eq!(
            shown,
            [
                (
                    11,
                    "the alias /news/2023/new/ is also the page of content/news/new.md",
                    "remove the alias, or move the page that has this URL"
                ),
                (
                    33,
                    "the alias /x/index.html is also an alias of content/about.md",
                    "one old URL can redirect to one item only; keep the alias on one of them"
                ),
                (
                    48,
                    "the alias /atom.xml is also the page at /atom.xml",
                    "remove the alias, or move the page that has this URL"
                ),
                (
                    59,
                    "the alias /about/ is also the page of content/about.md",
                    "an item needs no alias for its own URL; remove it"
                ),
            ]
        );
    }
}

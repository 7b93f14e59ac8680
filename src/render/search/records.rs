//! What the search index holds: one record per item page, made from the linked site and
//! the rendered bodies already in memory, as a small HTML document that tells Pagefind
//! (through its documented `data-pagefind-*` attributes) the title, the fields a result
//! shows, the filters, the date to sort by and the weights.

use std::borrow::Cow;
use std::fmt::Write;
use std::hash::Hasher;
use std::sync::Arc;

use rayon::prelude::*;

use crate::load::config::search::MAX_WEIGHT;
use crate::model::config::{Search, SiteConfig};
use crate::model::item::{Item, ItemKind};
use crate::model::schema::{FieldType, FieldValue};
use crate::model::site::{ItemId, Site};
use crate::render::Lookup;
use crate::render::fingerprint::FingerprintHasher;
use crate::render::i18n::{Strings, date_format};
use crate::render::markdown::Rendered;
use crate::render::markdown::toc::ANCHOR_LINK;
use crate::render::site_values::title_in;
use crate::render::values::{escape_html, url};

/// How much a title match counts against a body match (Pagefind's weight of an `<h1>`).
const TITLE_WEIGHT: f32 = 7.0;

/// One page as the index sees it. The body is shared with the build, not copied: a build
/// whose records did not change only hashes them.
#[derive(Debug, Clone)]
pub struct Record {
    /// The page's URL path, with the site's base path: what a result links to.
    pub url: String,
    /// The document up to the body: the title, the filters, the fields, the sort key.
    head: String,
    /// The item's rendered Markdown.
    body: Arc<Rendered>,
}

impl Record {
    /// The HTML document Pagefind reads.
    pub fn html(&self) -> String {
        let body = &self.body.html;
        let mut html = String::with_capacity(self.head.len() + body.len() + 32);
        html.push_str(&self.head);
        // The `#` after each heading is a link, not text to find.
        html.push_str(&body.replace(ANCHOR_LINK, " <a data-pagefind-ignore class=\"anchor\""));
        html.push_str("</div></body></html>");
        html
    }
}

/// The records of every page a visitor may look for: each item's own page. Lists, term
/// pages, redirects, the 404 page and drafts (built with `--drafts`) are left out.
pub fn records(lookup: &Lookup, strings: &Strings) -> Vec<Record> {
    let site = &lookup.site;
    ItemId::all(site.items.len())
        .collect::<Vec<_>>()
        .into_par_iter()
        .filter(|&id| searchable(&site.items[id]))
        .map(|id| Record {
            url: url(&site.config, &site.urls[id]),
            head: head(site, id, strings),
            body: body(lookup, id),
        })
        .collect()
}

/// The item's rendered Markdown, its HTML rendered again when its body was left on disk.
/// A body that cannot be read again is indexed empty: its own page fails the build with
/// the file's name.
fn body(lookup: &Lookup, id: ItemId) -> Arc<Rendered> {
    match lookup.page_body(id) {
        Ok(Cow::Owned(rendered)) => Arc::new(rendered),
        _ => Arc::clone(&lookup.rendered[id]),
    }
}

/// The fingerprint of the records: the index is made again only when it changes.
pub fn fingerprint(records: &[Record]) -> u64 {
    let each: Vec<u64> = records
        .par_iter()
        .map(|record| {
            let mut hasher = FingerprintHasher::new();
            for part in [&record.url, &record.head, &record.body.html] {
                hasher.write(part.as_bytes());
                hasher.write_u8(0);
            }
            hasher.finish()
        })
        .collect();
    let mut hasher = FingerprintHasher::new();
    hasher.write(env!("CARGO_PKG_VERSION").as_bytes());
    for hash in each {
        hasher.write_u64(hash);
    }
    hasher.finish()
}

fn searchable(item: &Item) -> bool {
    !item.draft && matches!(item.kind, ItemKind::Entry { .. } | ItemKind::Page)
}

/// The document of item `id` up to its body: its title (weighted), the fields results
/// show, its filters and sort key as empty elements, and the start of the body's element
/// (weighted too), which `Record::html` closes.
fn head(site: &Site, id: ItemId, strings: &Strings) -> String {
    let config = &site.config;
    let item = &site.items[id];
    let lang = item.lang;
    let weight = item
        .collection()
        .and_then(|c| config.search.weights.get(c))
        .copied()
        .unwrap_or(1.0);
    let mut html = String::with_capacity(512);
    let _ = write!(
        html,
        "<html lang=\"{}\"><body><h1 data-pagefind-meta=\"title\" data-pagefind-weight=\"{}\">{}</h1>",
        escape_html(lang),
        (TITLE_WEIGHT * weight).min(MAX_WEIGHT),
        escape_html(&item.title)
    );
    let mut attribute = |name: &str, key: &str, value: &str| {
        let _ = write!(
            html,
            "<span {name}=\"{}:{}\"></span>",
            escape_html(key),
            escape_html(value)
        );
    };
    if let Some(collection) = item.collection() {
        let title = &config.collections[collection].title;
        attribute(
            "data-pagefind-filter",
            "collection",
            title_in(strings, config, collection, title, lang),
        );
        attribute("data-pagefind-meta", "collection", collection);
    }
    if let Some(date) = item.date.as_ref().and_then(FieldValue::as_date) {
        attribute("data-pagefind-filter", "year", &date.year().to_string());
        attribute("data-pagefind-sort", "date", &date.to_string());
        let format = strings
            .find("date_format", lang)
            .unwrap_or_else(|| date_format(lang));
        let shown = jiff::fmt::strtime::format(format, date).unwrap_or_else(|_| date.to_string());
        attribute("data-pagefind-meta", "date", &shown);
    }
    for name in &config.search.filters {
        for value in filter_values(site, id, &config.search, name, strings) {
            attribute("data-pagefind-filter", name, &value);
        }
    }
    for name in &config.search.show {
        if let Some(value) = item
            .fields
            .get(name)
            .filter(|v| !matches!(v, FieldValue::List(_)))
        {
            let shown = shown_value(config, item, name, value, strings);
            attribute("data-pagefind-meta", name, &shown);
        }
    }
    let _ = write!(html, "<div data-pagefind-weight=\"{}\">", weight.min(MAX_WEIGHT));
    if let Some(summary) = &item.summary {
        let _ = write!(html, "<p>{}</p>", escape_html(summary));
    }
    html
}

/// The values of filter `name` for item `id`, as its language shows them: a taxonomy's
/// terms by their names there, an enum's values by the theme's words for them.
fn filter_values(site: &Site, id: ItemId, search: &Search, name: &str, strings: &Strings) -> Vec<String> {
    debug_assert!(search.filters.iter().any(|f| f == name));
    let item = &site.items[id];
    if site.config.taxonomies.contains_key(name) {
        let terms = site.taxonomy_in(item.lang, name);
        return site.item_terms[id]
            .get(name)
            .into_iter()
            .flatten()
            .filter_map(|&i| terms.get(i).map(|t| t.name.clone()))
            .collect();
    }
    match item.fields.get(name) {
        Some(FieldValue::List(values)) => values
            .iter()
            .map(|v| shown_value(&site.config, item, name, v, strings))
            .collect(),
        Some(value) => vec![shown_value(&site.config, item, name, value, strings)],
        None => Vec::new(),
    }
}

/// A field's value as a result shows it: an enum value by the theme's word for it in the
/// item's language (`kind_laboratory: 实验室`), else with its hyphens as spaces, capitalised.
fn shown_value(
    config: &SiteConfig,
    item: &Item,
    name: &str,
    value: &FieldValue,
    strings: &Strings,
) -> String {
    let is_enum = item
        .collection()
        .and_then(|c| config.collections[c].fields.get(name))
        .is_some_and(|spec| match &spec.field_type {
            FieldType::Enum(_) => true,
            FieldType::List(inner) => matches!(**inner, FieldType::Enum(_)),
            _ => false,
        });
    let text = value.to_text();
    if !is_enum {
        return text;
    }
    if let Some(word) = strings.find(&format!("{name}_{text}"), item.lang) {
        return word.to_string();
    }
    super::capitalised(&text)
}

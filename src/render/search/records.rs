//! What the search index holds: one record per item page, made from the linked site and
//! the rendered bodies already in memory: the title, the fields a result shows, the
//! filters, the date to sort by, the weights and the body. Pagefind gets it as what its
//! parser would read in the record's HTML, made without parsing ([`Record::parsed`]), or,
//! for a body only its parser reads right, as that HTML ([`Record::html`]).

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::fmt::Write;
use std::hash::Hasher;
use std::sync::Arc;

use pagefind::api::ParsedPage;
use rayon::prelude::*;

use super::digest::{Digest, normalize_space};
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

/// The most ids a body given to Pagefind's parser keeps (see `Record::html`).
const MAX_IDS_FOR_THE_PARSER: usize = 1_000;

/// One page as the index sees it. The body is shared with the build, not copied: a build
/// whose records did not change only hashes them.
#[derive(Debug, Clone)]
pub struct Record {
    /// The page's URL path, with the site's base path: what a result links to.
    pub url: String,
    lang: String,
    title: String,
    /// The weights of a title match and of a body match.
    title_weight: f32,
    weight: f32,
    /// The filters, the fields a result shows and the sort key, in the order written.
    marks: Vec<Mark>,
    summary: Option<String>,
    /// The item's rendered Markdown.
    body: Arc<Rendered>,
}

/// A value Pagefind keeps of a page besides its words.
#[derive(Debug, Clone)]
struct Mark {
    kind: MarkKind,
    name: String,
    value: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum MarkKind {
    Filter,
    Meta,
    Sort,
}

impl MarkKind {
    fn attribute(self) -> &'static str {
        match self {
            MarkKind::Filter => "data-pagefind-filter",
            MarkKind::Meta => "data-pagefind-meta",
            MarkKind::Sort => "data-pagefind-sort",
        }
    }
}

impl Record {
    /// The record as an HTML document for Pagefind's parser, which the documented
    /// `data-pagefind-*` attributes tell the title, the fields, the filters, the sort key
    /// and the weights.
    pub fn html(&self) -> String {
        let body = &self.body.html;
        let mut html = String::with_capacity(512 + body.len());
        let _ = write!(
            html,
            "<html lang=\"{}\"><body><h1 data-pagefind-meta=\"title\" data-pagefind-weight=\"{}\">{}</h1>",
            escape_html(&self.lang),
            self.title_weight,
            escape_html(&self.title)
        );
        for mark in &self.marks {
            let _ = write!(
                html,
                "<span {}=\"{}:{}\"></span>",
                mark.kind.attribute(),
                escape_html(&mark.name),
                escape_html(&mark.value)
            );
        }
        let _ = write!(html, "<div data-pagefind-weight=\"{}\">", self.weight);
        if let Some(summary) = &self.summary {
            let _ = write!(html, "<p>{}</p>", escape_html(summary));
        }
        // The `#` after each heading is a link, not text to find, nor its heading's.
        let body = body.replace(ANCHOR_LINK, " <a data-pagefind-ignore=\"all\" class=\"anchor\"");
        // Pagefind's parser gives every element with an id an anchor holding the text of the
        // inline elements in it: ids nested deep would make it hold that text over and over
        // (quadratic time and memory). A body with that many ids is indexed without anchors.
        match body.matches(" id=").count() > MAX_IDS_FOR_THE_PARSER {
            true => html.push_str(&body.replace(" id=", " data-id=")),
            false => html.push_str(&body),
        }
        html.push_str("</div></body></html>");
        html
    }

    /// What Pagefind's parser reads in [`Record::html`], made without it; `None` when the
    /// body holds HTML that only the parser reads as it does (see `digest`).
    pub fn parsed(&self) -> Option<ParsedPage> {
        let mut digest = Digest::default();
        let title = digest.open_block(Some(&self.title_weight.to_string()));
        digest.push_text(&escape_html(&self.title));
        digest.close_block(title, true);
        let body = digest.open_block(Some(&self.weight.to_string()));
        if let Some(summary) = &self.summary {
            let paragraph = digest.open_block(None);
            digest.push_text(&escape_html(summary));
            digest.close_block(paragraph, false);
        }
        digest.push_body(&self.body.html).ok()?;
        digest.close_block(body, true);
        let text = digest.finish();

        let mut meta = BTreeMap::new();
        let mut filters: BTreeMap<String, Vec<String>> = BTreeMap::new();
        let mut sort = BTreeMap::new();
        if !self.title.is_empty() {
            meta.insert("title".to_string(), normalize_space(&self.title));
        }
        for mark in &self.marks {
            let value = normalize_space(&mark.value);
            match mark.kind {
                MarkKind::Filter => filters.entry(mark.name.clone()).or_default().push(value),
                // A later value of a name replaces an earlier one, as in the parser.
                MarkKind::Meta => {
                    meta.insert(mark.name.clone(), value);
                }
                MarkKind::Sort => {
                    sort.insert(mark.name.clone(), value);
                }
            }
        }
        // The first picture of the body, as the parser keeps it for a result to show.
        if let Some(picture) = text.picture
            && !meta.contains_key("image")
        {
            let decoded = |text: &str| normalize_space(&html_escape::decode_html_entities(text));
            meta.insert("image".to_string(), decoded(&picture.src));
            let alt = picture.alt.as_deref().map(decoded).unwrap_or_default();
            meta.insert("image_alt".to_string(), alt);
        }
        let language = self.lang.to_lowercase();
        Some(ParsedPage {
            digest: text.digest,
            filters,
            sort,
            meta,
            anchor_content: text.anchors,
            anchor_titles: BTreeMap::new(),
            has_custom_body: false,
            force_inclusion: false,
            has_html_element: true,
            has_old_bundle_reference: false,
            has_default_ui_reference: false,
            language: match language.is_empty() {
                true => "unknown".to_string(),
                false => language,
            },
        })
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
        .map(|id| record(site, id, strings, body(lookup, id)))
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
            let mut text = |part: &str| {
                hasher.write(part.as_bytes());
                hasher.write_u8(0);
            };
            text(&record.url);
            text(&record.lang);
            text(&record.title);
            for mark in &record.marks {
                text(mark.kind.attribute());
                text(&mark.name);
                text(&mark.value);
            }
            text(record.summary.as_deref().unwrap_or_default());
            text(&record.body.html);
            hasher.write_u32(record.title_weight.to_bits());
            hasher.write_u32(record.weight.to_bits());
            hasher.write_u8(u8::from(record.summary.is_some()));
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

/// The record of item `id`: its title (weighted), the fields results show, its filters and
/// sort key, its summary and its body (weighted too).
fn record(site: &Site, id: ItemId, strings: &Strings, body: Arc<Rendered>) -> Record {
    let config = &site.config;
    let item = &site.items[id];
    let lang = item.lang;
    let weight = item
        .collection()
        .and_then(|c| config.search.weights.get(c))
        .copied()
        .unwrap_or(1.0);
    let mut marks = Vec::new();
    let mut mark = |kind: MarkKind, name: &str, value: String| {
        marks.push(Mark {
            kind,
            name: name.to_string(),
            value,
        });
    };
    if let Some(collection) = item.collection() {
        let title = &config.collections[collection].title;
        let shown = title_in(strings, config, collection, title, lang);
        mark(MarkKind::Filter, "collection", shown.to_string());
        mark(MarkKind::Meta, "collection", collection.to_string());
    }
    if let Some(date) = item.date.as_ref().and_then(FieldValue::as_date) {
        mark(MarkKind::Filter, "year", date.year().to_string());
        mark(MarkKind::Sort, "date", date.to_string());
        let format = strings
            .find("date_format", lang)
            .unwrap_or_else(|| date_format(lang));
        let shown = jiff::fmt::strtime::format(format, date).unwrap_or_else(|_| date.to_string());
        mark(MarkKind::Meta, "date", shown);
    }
    for name in &config.search.filters {
        for value in filter_values(site, id, &config.search, name, strings) {
            mark(MarkKind::Filter, name, value);
        }
    }
    for name in &config.search.show {
        if let Some(value) = item
            .fields
            .get(name)
            .filter(|v| !matches!(v, FieldValue::List(_)))
        {
            mark(
                MarkKind::Meta,
                name,
                shown_value(config, item, name, value, strings),
            );
        }
    }
    Record {
        url: url(config, &site.urls[id]),
        lang: lang.to_string(),
        title: item.title.to_string(),
        title_weight: (TITLE_WEIGHT * weight).min(MAX_WEIGHT),
        weight: weight.min(MAX_WEIGHT),
        marks,
        summary: item.summary.as_deref().map(str::to_string),
        body,
    }
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

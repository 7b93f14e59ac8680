//! Template values built from the linked site.
//!
//! Each item's card (title, URL, date, summary, fields, terms…) is built once per build;
//! lists, backlinks and references then hold clones of those cards, which are cheap
//! because Tera's maps, arrays and long strings are reference-counted. No page copies the
//! site.

use std::collections::HashMap;

use tera::{Map, Value};

use crate::model::config::SiteConfig;
use crate::model::item::Item;
use crate::model::page::Icon;
use crate::model::permalink::encode_path;
use crate::model::schema::FieldValue;
use crate::model::site::{ItemId, Site, Term};
use crate::render::markdown::{Rendered, reading_time};

/// A root-relative URL with the base path, percent-encoded (`/portal/tags/%E8%84%91/`).
pub fn url(config: &SiteConfig, path: &str) -> String {
    encode_path(&format!("{}{path}", config.base_path))
}

/// An absolute URL (`https://example.org/portal/news/x/`).
pub fn permalink(config: &SiteConfig, path: &str) -> String {
    format!("{}{}", config.base_url, encode_path(path.trim_start_matches('/')))
}

/// A checked front matter value for templates; dates as ISO text.
pub(super) fn field_value(value: &FieldValue) -> Value {
    match value {
        FieldValue::String(s) | FieldValue::Reference(s) => Value::from(s.as_str()),
        FieldValue::Integer(i) => Value::from(*i),
        FieldValue::Float(x) => Value::from(*x),
        FieldValue::Bool(b) => Value::from(*b),
        FieldValue::Date(_) | FieldValue::DateTime { .. } => Value::from(value.to_text()),
        FieldValue::List(items) => Value::from(items.iter().map(field_value).collect::<Vec<_>>()),
    }
}

/// Tera's map with room for `capacity` entries. Template values are built in one directly:
/// an `IndexMap` converted by `Value::from` hashes and inserts every entry a second time,
/// and pages, cards and paginators make many.
pub(super) fn new_map(capacity: usize) -> Map {
    Map::with_capacity_and_hasher(capacity, Default::default())
}

/// The `site` variable.
pub(super) fn site_value(site: &Site) -> Value {
    let config = &site.config;
    let collections: Vec<Value> = config
        .collections
        .values()
        .map(|c| {
            let mut map = new_map(4);
            map.insert("name".into(), Value::from(c.name.as_str()));
            map.insert("title".into(), Value::from(c.title.as_str()));
            let list_url = crate::model::config::prefixed(config, &config.language, &c.list_url);
            map.insert("url".into(), Value::from(url(config, &list_url)));
            map.insert("count".into(), Value::from(site.collections[&c.name].len()));
            Value::from(map)
        })
        .collect();
    let taxonomies: Vec<Value> = config
        .taxonomies
        .values()
        .map(|t| {
            let mut map = new_map(4);
            map.insert("name".into(), Value::from(t.name.as_str()));
            map.insert("title".into(), Value::from(t.title.as_str()));
            let index_url = crate::model::config::prefixed(config, &config.language, &t.index_url);
            map.insert("url".into(), Value::from(url(config, &index_url)));
            map.insert("count".into(), Value::from(site.taxonomies[&t.name].len()));
            Value::from(map)
        })
        .collect();
    let mut map = new_map(9);
    map.insert("title".into(), Value::from(config.title.as_str()));
    map.insert("description".into(), Value::from(config.description.as_str()));
    map.insert("language".into(), Value::from(config.language.as_str()));
    map.insert("base_url".into(), Value::from(config.base_url.as_str()));
    map.insert("base_path".into(), Value::from(config.base_path.as_str()));
    map.insert("params".into(), Value::from_serializable(&config.params));
    map.insert("collections".into(), Value::from(collections));
    map.insert("taxonomies".into(), Value::from(taxonomies));
    map.insert(
        "build_year".into(),
        Value::from(i64::from(jiff::Zoned::now().year())),
    );
    if let (Some(logo), Some(_)) = (&config.logo, &config.logo_file) {
        map.insert("logo".into(), Value::from(permalink(config, logo)));
        map.insert("icons".into(), icons(config, logo));
    }
    Value::from(map)
}

/// The `<link>`s of the icons made from the logo, each `{rel, href, type, sizes}`: the SVG
/// logo itself first where it is one, which browsers that read SVG icons prefer.
fn icons(config: &SiteConfig, logo: &str) -> Value {
    let link = |rel: &str, href: &str, kind: &str, sizes: &str| {
        let mut map = new_map(4);
        map.insert("rel".into(), Value::from(rel));
        map.insert("href".into(), Value::from(url(config, href)));
        map.insert("type".into(), Value::from(kind));
        map.insert("sizes".into(), Value::from(sizes));
        Value::from(map)
    };
    let mut links = Vec::new();
    if logo.to_ascii_lowercase().ends_with(".svg") {
        links.push(link("icon", logo, "image/svg+xml", "any"));
    }
    links.push(link(
        "icon",
        Icon::Ico.url_path(),
        "image/x-icon",
        "16x16 32x32 48x48",
    ));
    links.push(link("icon", Icon::Png32.url_path(), "image/png", "32x32"));
    links.push(link(
        "apple-touch-icon",
        Icon::AppleTouch.url_path(),
        "image/png",
        "180x180",
    ));
    Value::from(links)
}

/// A term: `{name, slug, url, count}`.
pub(super) fn term_value(config: &SiteConfig, term: &Term) -> Value {
    let mut map = term_map(config, term, 4);
    map.insert("count".into(), Value::from(term.items.len()));
    Value::from(map)
}

/// A term's `name`, `slug` and `url`, what a card and the term lists both show.
fn term_map(config: &SiteConfig, term: &Term, capacity: usize) -> Map {
    let mut map = new_map(capacity);
    map.insert("name".into(), Value::from(term.name.as_str()));
    map.insert("slug".into(), Value::from(term.slug.as_str()));
    map.insert("url".into(), Value::from(url(config, &term.url)));
    map
}

/// How many entries a card has (a capacity, not a limit).
const CARD_ENTRIES: usize = 19;

/// Every term as a card names it (`name`, `slug`, `url`), made once and shared by all the
/// cards that name it, rather than a copy in each: by language and taxonomy, in
/// `Site::taxonomy_in` order.
pub(super) struct TermCards(HashMap<String, HashMap<String, Vec<Value>>>);

impl TermCards {
    pub(super) fn new(site: &Site) -> TermCards {
        let config = &site.config;
        let by_language = config.languages.iter().map(|language| {
            let lang = &language.code;
            let by_taxonomy = config.taxonomies.keys().map(|taxonomy| {
                let terms = site.taxonomy_in(lang, taxonomy);
                let values = terms.iter().map(|term| Value::from(term_map(config, term, 3)));
                (taxonomy.clone(), values.collect())
            });
            (lang.clone(), by_taxonomy.collect())
        });
        TermCards(by_language.collect())
    }

    /// The `index`th term of `taxonomy` in `lang`.
    fn get(&self, site: &Site, lang: &str, taxonomy: &str, index: usize) -> Value {
        let made = self
            .0
            .get(lang)
            .and_then(|t| t.get(taxonomy))
            .and_then(|terms| terms.get(index));
        match made {
            Some(value) => value.clone(),
            None => Value::from(term_map(
                &site.config,
                &site.taxonomy_in(lang, taxonomy)[index],
                3,
            )),
        }
    }
}

/// An item's fields as templates read them, in the order written.
pub(super) fn fields_map(item: &Item) -> Map {
    let mut fields = new_map(item.fields.len());
    for (k, v) in &item.fields {
        fields.insert(k.to_string().into(), field_value(v));
    }
    fields
}

/// An item's card: everything lists and links show about it.
/// `summary` is the rendered summary (`Rendered::summary`, or where it waits on disk).
pub(super) fn card(
    site: &Site,
    id: ItemId,
    rendered: &Rendered,
    summary: &str,
    term_cards: &TermCards,
) -> Value {
    let config = &site.config;
    let item = &site.items[id];
    let path = &site.urls[id];
    let optional_text =
        |v: &Option<FieldValue>| v.as_ref().map_or(Value::none(), |v| Value::from(v.to_text()));
    let mut fields = fields_map(item);
    for (k, picture) in &rendered.pictures {
        fields.insert(k.clone().into(), picture.clone());
    }
    let mut terms = new_map(config.taxonomies.len());
    for (taxonomy, indexes) in &site.item_terms[id] {
        let values: Vec<Value> = indexes
            .iter()
            .map(|i| term_cards.get(site, item.lang, taxonomy, *i))
            .collect();
        terms.insert(taxonomy.to_string().into(), Value::from(values));
    }
    for taxonomy in config.taxonomies.keys() {
        terms
            .entry(taxonomy.clone().into())
            .or_insert_with(|| Value::from(Vec::<Value>::new()));
    }
    let summary_html = match &item.summary {
        Some(text) => format!("<p>{}</p>", escape_html(text)),
        None => summary.to_string(),
    };
    let description = match &item.summary {
        Some(text) => text.to_string(),
        None => plain_text(summary),
    };
    let mut map = new_map(CARD_ENTRIES);
    map.insert("title".into(), Value::from(item.title.as_ref()));
    map.insert("slug".into(), Value::from(item.slug.as_ref()));
    map.insert("url".into(), Value::from(url(config, path)));
    map.insert("permalink".into(), Value::from(permalink(config, path)));
    map.insert("collection".into(), Value::from(item.collection().unwrap_or("")));
    // A card shown on another language's page (fallback) marks its own language.
    map.insert("lang".into(), Value::from(item.lang));
    map.insert("title_lang".into(), Value::from(title_lang(config, item)));
    map.insert("date".into(), optional_text(&item.date));
    map.insert("updated".into(), optional_text(&item.updated));
    map.insert("summary".into(), Value::safe_string(&summary_html));
    map.insert("description".into(), Value::from(description));
    map.insert("fields".into(), Value::from(fields));
    map.insert("terms".into(), Value::from(terms));
    map.insert("word_count".into(), Value::from(rendered.word_count));
    map.insert(
        "reading_time".into(),
        Value::from(reading_time(rendered.word_count)),
    );
    map.insert("weight".into(), Value::from(item.weight));
    map.insert("draft".into(), Value::from(item.draft));
    let source = item.source.to_string_lossy().replace('\\', "/");
    let edit_url = config
        .repository
        .as_ref()
        .map_or(Value::none(), |r| Value::from(r.edit_url(&source)));
    map.insert("edit_url".into(), edit_url);
    map.insert("source".into(), Value::from(source));
    Value::from(map)
}

/// The language the item's title is written in: its own, except that a Chinese, Japanese
/// or Korean item whose title has not one character of those scripts keeps a name the
/// source gives only in the default language (`National Pediatric Clinical Research
/// Center` on a Chinese page), so it is marked as that language's.
fn title_lang<'a>(config: &'a SiteConfig, item: &'a Item) -> &'a str {
    let cjk_page = ["zh", "ja", "ko"]
        .iter()
        .any(|code| item.lang == *code || item.lang.starts_with(&format!("{code}-")));
    let cjk_char = |c: char| matches!(c as u32, 0x3040..=0x30FF | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xAC00..=0xD7AF | 0xF900..=0xFAFF);
    if cjk_page && item.lang != config.language && !item.title.chars().any(cjk_char) {
        &config.language
    } else {
        item.lang
    }
}

/// HTML without its tags, entities decoded, whitespace folded: for `<meta>` descriptions.
pub fn plain_text(html: &str) -> String {
    let mut text = String::with_capacity(html.len());
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => {
                in_tag = false;
                text.push(' ');
            }
            _ if !in_tag => text.push(c),
            _ => {}
        }
    }
    let text = text
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&");
    let folded: Vec<&str> = text.split_whitespace().collect();
    let mut joined = folded.join(" ");
    for punctuation in [" .", " ,", " ;", " :", " !", " ?", " )"] {
        joined = joined.replace(punctuation, &punctuation[1..]);
    }
    joined
}

/// Escapes text for HTML.
pub fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// `url_for` on a plain path: the base path prepended, non-ASCII percent-encoded.
pub fn site_url(base_path: &str, path: &str) -> String {
    if path.starts_with("http://") || path.starts_with("https://") || path.starts_with("//") {
        return path.to_string();
    }
    let path = if path.starts_with('/') {
        path.to_string()
    } else {
        format!("/{path}")
    };
    encode_path(&format!("{base_path}{path}"))
}

#[cfg(test)]
mod tests {
    use indexmap::IndexMap;

    use super::*;

    #[test]
    fn plain_text_strips_tags_and_entities() {
        assert_eq!(
            plain_text("<p>R&amp;D <em>in</em> Chongqing.</p>\n"),
            "R&D in Chongqing."
        );
    }

    /// Tera's maps are hashed with ahash in gazette's copy (vendor/tera/GAZETTE.md): their
    /// order must stay the order of insertion, which themes show (an item's fields, a
    /// map written in a template) and fingerprints hash.
    #[test]
    fn maps_keep_their_order_of_insertion_in_templates() {
        let keys = ["zeta", "alpha", "mu", "beta", "omega", "delta", "kappa", "eta"];
        let mut fields: IndexMap<String, Value> = IndexMap::new();
        for (i, key) in keys.iter().enumerate() {
            fields.insert(key.to_string(), Value::from(i));
        }
        let mut context = tera::Context::new();
        context.insert_value("fields", Value::from(fields));
        let mut tera = tera::Tera::default();
        tera.add_raw_template(
            "t",
            "{% for k, v in fields %}{{ k }}={{ v }} {% endfor %}|\
             {% for k, v in {'b': 1, 'a': 2, 'c': 3} %}{{ k }}{% endfor %}",
        )
        .unwrap();
        let expected: Vec<String> = keys
            .iter()
            .enumerate()
            .map(|(i, k)| format!("{k}={i} "))
            .collect();
        assert_eq!(
            tera.render("t", &context).unwrap(),
            format!("{}|bac", expected.concat())
        );
    }
}

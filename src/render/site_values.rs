//! The `site` value of each language, and the small maps pages share: a collection's or
//! taxonomy's title in a language, the intros of home and collections.

use std::collections::HashMap;

use tera::Value;

use super::urls::{feed_url_path, search_page_url};
use super::values::{self, permalink, url};
use super::{Engine, Lookup, fingerprint, i18n};
use crate::model::config::{SiteConfig, prefixed};
use crate::model::page::Feed;

/// Rendered intros (`_index.md`) of the home page (`None`) and collections, by language.
/// Each is its title, its HTML and its fields (`intro_fields:`).
pub type Intros = HashMap<(String, Option<String>), (String, Value, Value)>;

/// The `site` variable of each language, with `feed_url`: the absolute URL of the site's
/// feed, and `search_url`, the language's search page when search is on. A language other
/// than the default has its own title, description and `language`.
/// The `site` value of each language, with its hash: hashed once, not once per page.
pub(super) fn site_values<'a>(lookup: &'a Lookup, strings: &i18n::Strings) -> HashMap<&'a str, (Value, u64)> {
    let config = &lookup.site.config;
    let mut map = lookup.site_value.as_map().cloned().unwrap_or_default();
    let feed_url = permalink(config, &feed_url_path(&lookup.site, &Feed::Site));
    map.insert("feed_url".into(), Value::from(feed_url));
    let search_url = |lang: &str| Value::from(search_page_url(config, lang));
    if config.search.enabled {
        map.insert("search_url".into(), search_url(&config.language));
    }
    let mut values = HashMap::with_capacity(config.languages.len());
    for language in config.languages.iter().skip(1) {
        let mut translated = map.clone();
        let feed = Feed::Language(language.code.clone());
        let feed_url = permalink(config, &feed_url_path(&lookup.site, &feed));
        translated.insert("feed_url".into(), Value::from(feed_url));
        if config.search.enabled {
            translated.insert("search_url".into(), search_url(&language.code));
        }
        let localized: Vec<Value> = config
            .collections
            .values()
            .map(|c| {
                let list_url = prefixed(config, &language.code, &c.list_url);
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
                let index_url = prefixed(config, &language.code, &t.index_url);
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
pub(super) fn title_in<'a>(
    strings: &'a i18n::Strings,
    config: &SiteConfig,
    name: &str,
    title: &'a str,
    lang: &str,
) -> &'a str {
    match lang == config.language {
        true => title,
        false => strings.find(name, lang).unwrap_or(title),
    }
}

pub(super) fn card_map(entries: &[(&'static str, Value)]) -> tera::Map {
    let mut map = values::new_map(entries.len());
    map.extend(entries.iter().map(|(k, v)| ((*k).into(), v.clone())));
    map
}

/// The intro of collection `key` (`None`: the home page) in `lang`: its title, HTML and
/// fields, all empty where it has none.
pub(super) fn intro(intros: &Intros, lang: &str, key: Option<String>) -> (String, Value, Value) {
    intros
        .get(&(lang.to_string(), key))
        .cloned()
        .unwrap_or_else(|| (String::new(), Value::safe_string(""), Value::from(card_map(&[]))))
}

pub(super) fn intro_value(intros: &Intros, lang: &str, key: Option<String>) -> Value {
    let (title, content, fields) = intro(intros, lang, key);
    Value::from(card_map(&[
        ("title", Value::from(title)),
        ("content", content),
        ("fields", fields),
    ]))
}

/// A taxonomy in language `lang`: its title there (the theme string named after it, as a
/// collection's), the URL of its index there, and how many terms it has there.
pub(super) fn taxonomy_value(engine: &Engine, lookup: &Lookup, name: &str, lang: &str) -> Value {
    let config = &lookup.site.config;
    let t = &config.taxonomies[name];
    let title = title_in(&engine.strings, config, &t.name, &t.title, lang);
    Value::from(card_map(&[
        ("name", Value::from(t.name.as_str())),
        ("title", Value::from(title)),
        (
            "url",
            Value::from(url(config, &prefixed(config, lang, &t.index_url))),
        ),
    ]))
}

//! Site search: the index written with the pages, searched in the visitor's browser.
//!
//! [`records`] turns each item page into a record (title, fields, filters, body) from what
//! the build holds in memory; [`index`] runs Pagefind over them (with its `extended`
//! segmenter, so Chinese text is indexed as words) and returns its files, one index per
//! language, under `pagefind/`. [`make`] skips all of it when the records are those of the
//! last build, whose index is still on disk. The theme's `search.html` is the page that
//! searches, at `/search/` in each language.

mod digest;
mod index;
mod records;

use std::path::PathBuf;

use rayon::prelude::*;
use tera::Value;

pub use index::{INDEX_DIR, IndexError, index};
pub use records::{Record, fingerprint, records};

use super::i18n::Strings;
use super::sink::{PageCache, PageSink};
use super::site_values::title_in;
use super::urls::search_page_url;
use super::{Engine, Lookup};
use crate::diagnostics::Diagnostic;
use crate::load::config::search::BUILT_IN_FILTERS;
use crate::model::config::{SiteConfig, TEMPLATES_DIR};

/// The theme's template of the search page.
pub const SEARCH_TEMPLATE: &str = "search.html";

/// The start of the warning for a theme without a search page (an error in `check`).
pub const MISSING_PAGE: &str = "search is on, but the theme has no search page";

/// What became of the index.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Indexed {
    /// Search is off, or the build writes nothing (`check`).
    Off,
    /// The records are the last build's: its index files are kept.
    Kept,
    /// Made again: this many files handed to the sink.
    Made(usize),
}

/// Makes the index of the site into `sink`, unless `cache` keeps the last build's.
pub fn make(
    lookup: &Lookup,
    engine: &Engine,
    sink: &dyn PageSink,
    cache: Option<&dyn PageCache>,
) -> Result<Indexed, Box<Diagnostic>> {
    if !lookup.site.config.search.enabled {
        return Ok(Indexed::Off);
    }
    let records = records(lookup, &engine.strings);
    let inputs = fingerprint(&records);
    if cache.is_some_and(|cache| cache.keeps_all(INDEX_DIR.as_ref(), inputs)) {
        return Ok(Indexed::Kept);
    }
    let files = index(records).map_err(|err| {
        Box::new(
            Diagnostic::error(INDEX_DIR, format!("cannot make the search index: {err}"))
                .with_hint("turn search off with `search: false` in site.yaml to build without it"),
        )
    })?;
    let count = files.len();
    // One file per page: written in parallel, as the pages are.
    files.into_par_iter().try_for_each(|file| {
        let path = file.path.clone();
        sink.put(file).map_err(|err| {
            Box::new(
                Diagnostic::error(&path, format!("cannot write the search index: {err}"))
                    .with_hint("check that the folder is writable and the disk has room"),
            )
        })?;
        if let Some(cache) = cache {
            cache.made(path, inputs, false);
        }
        Ok::<(), Box<Diagnostic>>(())
    })?;
    Ok(Indexed::Made(count))
}

/// A warning when search is on and the theme has no search page: the index is built,
/// but no page of the site searches it.
pub fn missing_page(engine: &Engine, config: &SiteConfig) -> Option<Diagnostic> {
    if !config.search.enabled || engine.pick(&[SEARCH_TEMPLATE]).is_some() {
        return None;
    }
    Some(
        Diagnostic::warning(
            PathBuf::from(TEMPLATES_DIR).join(SEARCH_TEMPLATE),
            format!("{MISSING_PAGE} (templates/{SEARCH_TEMPLATE}) for /search/"),
        )
        .with_hint(format!(
            "add templates/{SEARCH_TEMPLATE} (the default theme's shows how), or set `search: false` in site.yaml"
        )),
    )
}

/// The URL path (with the base path) of the search page in every language.
pub fn page_urls(config: &SiteConfig) -> Vec<String> {
    config
        .languages
        .iter()
        .map(|l| search_page_url(config, &l.code))
        .collect()
}

/// The `search` value of the search page in `lang`: the URL of the index's folder
/// (`bundle_url`), the filters the index has (`filters`, by name) with their names in the
/// language (`labels`: a taxonomy's title, else the theme's word for the name, else the
/// name capitalised), and the fields results show (`show`).
pub fn search_value(config: &SiteConfig, strings: &Strings, lang: &str) -> Value {
    let names: Vec<String> = BUILT_IN_FILTERS
        .iter()
        .map(|f| f.to_string())
        .chain(config.search.filters.iter().cloned())
        .collect();
    let mut labels = tera::Map::default();
    for name in &names {
        let label = match config.taxonomies.get(name) {
            Some(taxonomy) => title_in(strings, config, name, &taxonomy.title, lang).to_string(),
            None => strings
                .find(name, lang)
                .map_or_else(|| capitalised(name), str::to_string),
        };
        labels.insert(name.clone().into(), Value::from(label));
    }
    let filters: Vec<Value> = names.into_iter().map(Value::from).collect();
    let mut map = tera::Map::default();
    map.insert("labels".into(), Value::from(labels));
    map.insert(
        "bundle_url".into(),
        Value::from(super::values::url(config, &format!("/{INDEX_DIR}/"))),
    );
    map.insert("filters".into(), Value::from(filters));
    let show: Vec<Value> = config.search.show.iter().cloned().map(Value::from).collect();
    map.insert("show".into(), Value::from(show));
    Value::from(map)
}

/// `research_fields` → `Research fields`, `research-center` → `Research center`.
fn capitalised(name: &str) -> String {
    let spaced = name.replace(['_', '-'], " ");
    let mut chars = spaced.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => spaced,
    }
}

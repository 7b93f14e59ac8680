//! Each item's URL from its collection's permalink and its language, and the checks on
//! them: two items at one URL, and a dated item filed under another date's folder.

use std::collections::HashMap;

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::model::config::{Collection, SiteConfig};
use crate::model::item::Item;
use crate::model::site::ItemId;

pub(super) fn assign_urls(config: &SiteConfig, items: &[Item], diagnostics: &mut Diagnostics) -> Vec<String> {
    items
        .iter()
        .map(|item| match item.collection() {
            Some(collection) => {
                let collection = &config.collections[collection];
                let date = item.date.as_ref().and_then(|d| d.as_date());
                if let Some(date) = date {
                    warn_of_misfiled(item, collection, date, diagnostics);
                }
                match collection.permalink.expand(&item.slug, date) {
                    Ok(url) => url,
                    Err(message) => {
                        // A missing required date was reported by the load stage already.
                        if !collection.fields.get("date").is_some_and(|f| f.required) {
                            diagnostics.push(
                                Diagnostic::error(&item.source, message.to_string())
                                    .with_hint("add `date: YYYY-MM-DD` to the front matter"),
                            );
                        }
                        format!("/{}/{}/", collection.name, item.slug)
                    }
                }
            }
            None => {
                // A bundle's page is the folder's: `about/index.md` is `/about/`.
                let file = item.bundle_folder().unwrap_or(item.translation_key());
                let parent = file.rsplit_once('/').map_or("", |(p, _)| p);
                if parent.is_empty() {
                    format!("/{}/", item.slug)
                } else {
                    format!("/{parent}/{}/", item.slug)
                }
            }
        })
        .zip(items)
        .map(|(url, item)| crate::model::config::prefixed(config, item.lang, &url))
        .collect()
}

/// An item whose date folder (`content/news/2025/`) is not its date's: its URL follows the
/// date, so the file and its page part ways, which an author who changed the date after
/// `gazette new` does not expect.
fn warn_of_misfiled(
    item: &Item,
    collection: &Collection,
    date: jiff::civil::Date,
    diagnostics: &mut Diagnostics,
) {
    let wanted = collection.permalink.date_folders(date);
    if wanted.is_empty() {
        return;
    }
    let folder = collection.folder.to_string_lossy().replace('\\', "/");
    let Some(inside) = item.content_path().strip_prefix(&format!("{folder}/")) else {
        return;
    };
    let found: Vec<&str> = inside.split('/').collect();
    // The file's folder, or a bundle's folder's: `2025/x/index.md` is filed under `2025`.
    let found = &found[..found
        .len()
        .saturating_sub(if item.bundle_folder().is_some() { 2 } else { 1 })];
    // Only folders that look like dates: other folders are the author's own grouping.
    let dated = found.len() == wanted.len() && found.iter().all(|f| f.chars().all(|c| c.is_ascii_digit()));
    if dated && found.iter().zip(&wanted).any(|(found, wanted)| found != wanted) {
        let right = format!("content/{folder}/{}/", wanted.join("/"));
        diagnostics.push(
            Diagnostic::warning(
                &item.source,
                format!(
                    "the file is filed under {}/ but dated {date}; its page follows the date",
                    found.join("/")
                ),
            )
            .with_hint(format!(
                "move it to {right}, so the folders keep following the dates"
            )),
        );
    }
}

pub(super) fn check_unique_urls(
    config: &SiteConfig,
    items: &[Item],
    urls: &[String],
    diagnostics: &mut Diagnostics,
) {
    let mut reserved: HashMap<String, String> = HashMap::new();
    reserved.insert("/".into(), "the home page".into());
    for language in &config.languages {
        let prefixed = |path: &str| crate::model::config::prefixed(config, &language.code, path);
        reserved.insert(prefixed("/"), "the home page".into());
        for collection in config.collections.values() {
            reserved.insert(
                prefixed(&collection.list_url),
                format!("the list page of `{}`", collection.name),
            );
        }
        for taxonomy in config.taxonomies.values() {
            reserved.insert(
                prefixed(&taxonomy.index_url),
                format!("the index of `{}`", taxonomy.name),
            );
        }
    }
    let mut taken: HashMap<&str, ItemId> = HashMap::with_capacity(items.len());
    for (id, url) in ItemId::each(urls) {
        let item = &items[id];
        if let Some(what) = reserved.get(url) {
            diagnostics.push(
                Diagnostic::error(&item.source, format!("the page's URL {url} is also {what}"))
                    .with_hint("set another `slug:` or move the file"),
            );
        } else if let Some(&first) = taken.get(url.as_str()) {
            let first = &items[first];
            diagnostics.push(
                Diagnostic::error(&item.source, format!("duplicate permalink {url}")).with_hint(format!(
                    "{} has the same URL; set another `slug:` on one of them",
                    first.source.display()
                )),
            );
        } else {
            taken.insert(url, id);
        }
    }
}

//! Page bundles: the files in an item's folder (`news/2023/x/index.md` with `photo.jpg`
//! beside it) are published beside its page (`/news/2023/x/photo.jpg`), once, at the URL of
//! the item in the default language (its translations link there). A file of `content/`
//! in no bundle is published by nothing, which is a warning rather than a silent loss.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use crate::diagnostics::Diagnostic;
use crate::model::config::CONTENT_DIR;
use crate::model::item::Item;
use crate::model::output::StaticFile;
use crate::model::permalink::is_safe_relative;
use crate::model::site::{ItemId, Site};

/// Each bundle item, in every language → the URL path its folder's files are published
/// under: the page of the bundle's item in the default language (else its first version).
pub(super) fn folders(items: &[Item], urls: &[String], default_lang: &str) -> HashMap<ItemId, String> {
    let mut published: HashMap<&str, usize> = HashMap::new();
    for (id, item) in items.iter().enumerate() {
        let Some(folder) = item.bundle_folder() else {
            continue;
        };
        let chosen = published.entry(folder).or_insert(id);
        if item.lang == default_lang {
            *chosen = id;
        }
    }
    items
        .iter()
        .enumerate()
        .filter_map(|(id, item)| {
            let chosen = published.get(item.bundle_folder()?)?;
            Some((ItemId(id), urls[*chosen].clone()))
        })
        .collect()
}

/// The files of `content/` (`other`, relative to it) that the bundles of `site` publish, as
/// static files, and a warning for each file no page publishes. `root` is the site's folder.
pub(crate) fn bundle_files(
    root: &Path,
    site: &Site,
    other: &[PathBuf],
) -> (Vec<StaticFile>, Vec<Diagnostic>) {
    let by_folder: HashMap<&str, &str> = site
        .bundles
        .iter()
        .filter_map(|(id, url)| Some((site.items[*id].bundle_folder()?, url.as_str())))
        .collect();
    // Bundles of drafts and future items publish nothing yet, and are no mistake.
    let held_back: Vec<&str> = site
        .held_back
        .keys()
        .filter_map(|path| path.rsplit_once('/'))
        .filter(|(_, name)| name.starts_with("index.") && name.ends_with(".md"))
        .map(|(folder, _)| folder)
        .collect();
    let mut files = Vec::new();
    let mut warnings = Vec::new();
    for file in other {
        let shown = Path::new(CONTENT_DIR).join(file);
        let folders = file.ancestors().skip(1).filter_map(Path::to_str);
        // The nearest bundle above the file holds it (a bundle inside another has its own).
        let holder = folders
            .clone()
            .find_map(|folder| by_folder.get(folder).map(|url| (folder, *url)));
        let Some((folder, url)) = holder else {
            if !folders.clone().any(|folder| held_back.contains(&folder)) {
                warnings.push(
                    Diagnostic::warning(&shown, "this file is published by no page").with_hint(
                        "a file of content/ is published beside the page of its folder's index.md (a page bundle); to publish it as it is, put it in static/",
                    ),
                );
            }
            continue;
        };
        let inside = file.strip_prefix(folder).unwrap_or(file);
        if !is_safe_relative(inside) {
            warnings.push(
                Diagnostic::warning(&shown, "skipped a bundle file whose name cannot be part of a URL")
                    .with_hint("rename it with letters, digits, `-`, `_` and `.`"),
            );
            continue;
        }
        files.push(StaticFile {
            path: Path::new(url.trim_start_matches('/')).join(inside),
            source: root.join(CONTENT_DIR).join(file),
        });
    }
    (files, warnings)
}

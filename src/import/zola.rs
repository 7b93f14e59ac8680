//! Reading a Zola site: `config.toml` (title, address, taxonomies), `content/` with its
//! sections (`_index.md`) and pages in TOML or YAML front matter, and `static/`.
//!
//! Zola's keys map onto gazette's closely: `[extra]` keys and `[taxonomies]` lists become
//! keys of their own, `description` the `summary`, `path` the old URL (kept as an alias
//! where gazette's differs), and a section's `sort_by` and `paginate_by` its collection's
//! `sort` and `per_page`. `@/` links are gazette's own and stay as they are.

use std::path::Path;

use serde_yaml::{Mapping, Value};

use super::ImportError;
use super::document::{Document, ListOptions, SourceSite};
use super::shortcodes::Dialect;
use super::source::{self, add_static_folder, convert_bodies, files_under, sort_content_files, strings};
use crate::load::content::name_of;
use crate::model::config::CONTENT_DIR;
use crate::model::permalink::slugify;

/// Zola's configuration files, newest name first.
const CONFIG_FILES: &[&str] = &["zola.toml", "config.toml"];

/// Folders of a Zola site that gazette does not convert, with what to do instead.
const NOT_CONVERTED: &[(&str, &str)] = &[
    (
        "templates",
        "the site's Tera templates are not converted; gazette uses its default theme (see docs/themes.md)",
    ),
    (
        "themes",
        "the Zola theme is not converted; gazette uses its default theme (see docs/themes.md)",
    ),
    (
        "sass",
        "Sass is not compiled by gazette; compile it to CSS into static/",
    ),
];

/// Reads the Zola site in `root`.
pub(crate) fn read(root: &Path) -> Result<SourceSite, ImportError> {
    let config = source::read_config(root, "zola", CONFIG_FILES)?;
    let mut site = SourceSite {
        title: text(&config, "title"),
        base_url: text(&config, "base_url"),
        description: text(&config, "description"),
        language: text(&config, "default_language"),
        ..SourceSite::default()
    };
    site.settings
        .push(("markdown".into(), "{ heading_ids: zola }".into()));
    if let Some(Value::Sequence(taxonomies)) = config.get("taxonomies") {
        for taxonomy in taxonomies {
            if let Some(name) = taxonomy.get("name").and_then(Value::as_str) {
                site.taxonomies.push(name.to_string());
            }
        }
    }
    let content = root.join(CONTENT_DIR);
    let files = files_under(&content);
    let markdown: Vec<String> = files.iter().filter(|f| f.ends_with(".md")).cloned().collect();
    let mut redirects = Vec::new();
    for relative in &markdown {
        let shown = format!("{CONTENT_DIR}/{relative}");
        let Some(parsed) = source::parse_file(&mut site, &content, relative, &shown) else {
            continue;
        };
        let mut document = source::document(&shown, relative, parsed);
        convert_keys(&mut document, &mut site, &mut redirects);
        site.documents.push(document);
    }
    follow_redirects(&mut site, redirects);
    sort_content_files(&mut site, &content, &files, &markdown);
    add_static_folder(&mut site, &root.join("static"));
    source::note_unconverted(&mut site, root, NOT_CONVERTED);
    // Zola's links are `@/` links already.
    convert_bodies(&mut site, Dialect::Zola, &|_, _| None);
    Ok(site)
}

/// Renames one file's keys to gazette's and works out its old URL.
fn convert_keys(document: &mut Document, site: &mut SourceSite, redirects: &mut Vec<(String, String)>) {
    let front = std::mem::take(&mut document.front);
    let folder = document.folder().to_string();
    let mut path = None;
    let mut aliases = Vec::new();
    for (key, value) in front {
        let Some(key) = key.as_str().map(str::to_string) else {
            continue;
        };
        match key.as_str() {
            "extra" | "taxonomies" => {
                if let Value::Mapping(table) = value {
                    for (inner, value) in table {
                        let Some(inner) = inner.as_str() else { continue };
                        if key == "taxonomies" && !site.taxonomies.iter().any(|t| t == inner) {
                            site.taxonomies.push(inner.to_string());
                        }
                        let name = match document.front.contains_key(inner) {
                            true => format!("extra_{inner}"),
                            false => inner.to_string(),
                        };
                        document.front.insert(name.into(), value);
                    }
                }
            }
            "description" if !document.front.contains_key("summary") => {
                document.front.insert("summary".into(), value);
            }
            "path" => path = value.as_str().map(str::to_string),
            "aliases" => aliases = strings(&value),
            "sort_by" | "paginate_by" | "title" if document.is_intro => {
                let options = list_options(site, &folder);
                match key.as_str() {
                    "sort_by" => options.sort = value.as_str().and_then(sort_of),
                    "paginate_by" => options.per_page = value.as_u64(),
                    _ => {
                        options.title = value.as_str().map(str::to_string);
                        document.front.insert(key.into(), value);
                    }
                }
            }
            "template"
            | "page_template"
            | "render"
            | "transparent"
            | "insert_anchor_links"
            | "in_search_index"
            | "generate_feeds"
            | "generate_feed"
            | "paginate_path"
            | "paginate_reversed"
            | "sort_by"
            | "paginate_by" => {
                document.comment_out(&key, &value, "Zola's own setting, which gazette does not have");
            }
            "redirect_to" => {
                let target = value.as_str().unwrap_or("").trim_matches('/');
                redirects.push((document.source.clone(), format!("/{target}/")));
                document.comment_out(&key, &value, "Zola's own setting, which gazette does not have");
            }
            _ => {
                document.front.insert(key.into(), value);
            }
        }
    }
    let url = match (document.is_intro, path) {
        (true, _) if folder.is_empty() => "/".to_string(),
        (true, _) => format!("/{folder}/"),
        (false, Some(path)) => format!("/{}/", path.trim_matches('/')).replace("//", "/"),
        (false, None) => {
            let slug = match document.front.get("slug").and_then(Value::as_str) {
                Some(slug) => slugify(slug),
                None => slugify(name_of(Path::new(&document.target))),
            };
            match folder.as_str() {
                "" => format!("/{slug}/"),
                folder => format!("/{folder}/{slug}/"),
            }
        }
    };
    document.old_urls.push(url);
    document.old_urls.extend(
        aliases
            .into_iter()
            .map(|a| format!("/{}", a.trim_start_matches('/'))),
    );
}

/// A section that only sends readers on (`redirect_to`, with no text of its own) is left
/// out, its URL becoming an alias of the page it sends them to.
fn follow_redirects(site: &mut SourceSite, redirects: Vec<(String, String)>) {
    for (source, target) in redirects {
        let Some(from) = site.documents.iter().position(|d| d.source == source) else {
            continue;
        };
        let found = site
            .documents
            .iter()
            .position(|d| d.old_urls.first() == Some(&target));
        match found {
            Some(to) if site.documents[from].body.trim().is_empty() => {
                let moved = site.documents.remove(from);
                let to = if to > from { to - 1 } else { to };
                site.documents[to].old_urls.extend(moved.old_urls);
            }
            _ => site.note(
                &source,
                0,
                format!("`redirect_to` {target} is not converted: give the page there an alias of this section's URL"),
            ),
        }
    }
}

fn list_options<'a>(site: &'a mut SourceSite, folder: &str) -> &'a mut ListOptions {
    if let Some(i) = site.list_options.iter().position(|(f, _)| f == folder) {
        return &mut site.list_options[i].1;
    }
    site.list_options
        .push((folder.to_string(), ListOptions::default()));
    &mut site.list_options.last_mut().expect("just pushed").1
}

/// Zola's `sort_by` as gazette's `sort`.
fn sort_of(zola: &str) -> Option<String> {
    match zola {
        "date" | "update_date" => Some("-date".into()),
        "weight" => Some("weight".into()),
        "title" | "title_bytes" => Some("title".into()),
        _ => None,
    }
}

fn text(config: &Mapping, key: &str) -> Option<String> {
    config.get(key).and_then(Value::as_str).map(str::to_string)
}

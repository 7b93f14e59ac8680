//! Reading a Jekyll site: `_config.yml` (title, address, `permalink`, `collections`),
//! `_posts/` and `_drafts/`, the collections' `_<name>/` folders, pages with front matter
//! anywhere else, and every other file, which Jekyll copies as it is, as a static file.
//!
//! Posts keep their dated names (`posts/2024-01-02-hello.md`), which gazette reads the date
//! and slug from as Jekyll does; the `permalink` style becomes the collection's pattern
//! without its `:categories`, which gazette has no placeholder for, so a post with
//! categories keeps its old URL as an alias. `{% link %}` and `{% post_url %}` become `@/`
//! links; `redirect_from` (jekyll-redirect-from) becomes `aliases`.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use serde_yaml::{Mapping, Value};

use super::ImportError;
use super::document::{CopiedFile, Document, SourceSite};
use super::front_matter::normalize_date;
use super::jekyll_config::{
    Defaults, POSTS, category_path, collection_names, collection_pattern, gazette_pattern, post_url,
    term_permalinks,
};
use super::shortcodes::Dialect;
use super::source::{self, clean_path, convert_bodies, files_under, strings};
use crate::load::content::dated_name;
use crate::model::config::STATIC_DIR;

/// What Jekyll never publishes, besides names starting with `_` or `.`.
const EXCLUDED: &[&str] = &[
    "Gemfile",
    "Gemfile.lock",
    "node_modules",
    "vendor",
    "package.json",
    "package-lock.json",
];

/// Extensions of Markdown files.
const MARKDOWN: &[&str] = &[".md", ".markdown", ".mdown", ".mkd"];

/// Jekyll's folders gazette does not convert, with what to do instead.
const NOT_CONVERTED: &[(&str, &str)] = &[
    (
        "_layouts",
        "the Liquid layouts are not converted; gazette uses its default theme (see docs/themes.md)",
    ),
    (
        "_includes",
        "the Liquid includes are not converted; gazette uses its default theme (see docs/themes.md)",
    ),
    (
        "_sass",
        "Sass is not compiled by gazette; compile it to CSS into static/",
    ),
    (
        "_data",
        "data files are not converted: put shared values in site.yaml's params, or make them a collection",
    ),
];

/// Reads the Jekyll site in `root`.
pub(crate) fn read(root: &Path) -> Result<SourceSite, ImportError> {
    let config = source::read_config(root, "jekyll", &["_config.yml"])?;
    let get = |key: &str| config.get(key).and_then(Value::as_str).map(str::to_string);
    let base_url = get("url").map(|url| {
        format!(
            "{}{}/",
            url.trim_end_matches('/'),
            get("baseurl").unwrap_or_default().trim_end_matches('/')
        )
    });
    let mut site = SourceSite {
        title: get("title"),
        base_url,
        description: get("description"),
        language: get("lang"),
        ..SourceSite::default()
    };
    site.settings
        .push(("markdown".into(), "{ heading_ids: github }".into()));
    // `source:` moves the site's files into a folder of their own.
    let root = &match get("source").map(|dir| root.join(dir)).filter(|dir| dir.is_dir()) {
        Some(dir) => dir,
        None => root.to_path_buf(),
    };
    let style = get("permalink").unwrap_or_else(|| "date".into());
    let included: Vec<String> = config.get("include").map(strings).unwrap_or_default();
    let defaults = Defaults::read(&config);
    let collections = collection_names(&config);
    let excluded: Vec<String> = config.get("exclude").map(strings).unwrap_or_default();
    let mut post_targets: Vec<(String, String)> = Vec::new();
    let mut categories_by_folder: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let files = files_under(root);
    // gazette's collections do not nest: the folders inside `_posts/` are kept (each may
    // become a collection of its own) only when no post sits in `_posts/` itself.
    let keep_folders = !files
        .iter()
        .any(|f| f.starts_with("_posts/") && !f[7..].contains('/'));
    for relative in files {
        let is_excluded = relative.split('/').any(|part| {
            EXCLUDED.contains(&part)
                || excluded.iter().any(|e| e.trim_end_matches('/') == part)
                || part.starts_with('#')
        }) || excluded.contains(&relative);
        if is_excluded || relative.starts_with("_site/") || relative.starts_with("_config") {
            continue;
        }
        let parts: Vec<&str> = relative.split('/').collect();
        // `include:` makes a folder starting with `_` one of pages.
        let is_included = |p: &&str| included.iter().any(|i| i.trim_end_matches('/') == *p);
        let Some(underscored) = parts.iter().position(|p| p.starts_with('_') && !is_included(p)) else {
            read_page_or_file(&mut site, root, &relative, &style, &defaults);
            continue;
        };
        let folder = parts[underscored];
        let is_markdown = MARKDOWN.iter().any(|ext| relative.ends_with(ext));
        match folder {
            "_posts" | "_drafts" if is_markdown => {
                let categories: Vec<String> = parts[..underscored].iter().map(|c| c.to_string()).collect();
                let post = Post {
                    relative: &relative,
                    is_draft: folder == "_drafts",
                    categories,
                    inside: match keep_folders {
                        true => parts[underscored + 1..parts.len() - 1].join("/"),
                        false => String::new(),
                    },
                };
                if let Some((target, categories)) = read_post(&mut site, root, post, &style, &defaults) {
                    if let Some(categories) = categories {
                        let folder = target.rsplit_once('/').map_or("", |(f, _)| f).to_string();
                        categories_by_folder.entry(folder).or_default().insert(categories);
                    }
                    post_targets.push((relative.clone(), target));
                }
            }
            _ if is_markdown && underscored == 0 && collections.iter().any(|c| format!("_{c}") == folder) => {
                read_collection_item(&mut site, root, &relative, &config, &defaults);
            }
            _ if underscored == 0 && parts.len() > 1 => {}
            // Sass partials, imported by the style sheets.
            _ if relative.ends_with(".scss") || relative.ends_with(".sass") => {}
            _ => site.note(
                &relative,
                0,
                "not imported: Jekyll does not publish it (its name starts with `_`)",
            ),
        }
    }
    source::note_unconverted(&mut site, root, NOT_CONVERTED);
    if let Some(pattern) = gazette_pattern(&style, "") {
        site.permalinks.push((POSTS.into(), pattern));
    }
    // A folder of posts that all have the same categories (`_posts/notes/`, each post in
    // `notes`) is a collection whose permalink spells them out: the URLs stay as they were.
    for (folder, categories) in &categories_by_folder {
        if let [categories] = Vec::from_iter(categories).as_slice()
            && !categories.is_empty()
            && let Some(pattern) = gazette_pattern(&style, categories)
        {
            site.permalinks.push((folder.clone(), pattern));
        }
    }
    for name in &collections {
        let written = collection_pattern(&config, name);
        let pattern = written
            .replace(":collection", name)
            .replace(":output_ext", ".html")
            .replace([':'], "{")
            .replace("{path", "{slug}")
            .replace("{name", "{slug}")
            .replace("{title", "{slug}");
        if !pattern.contains('{') || pattern.matches('{').count() == pattern.matches("{slug}").count() {
            site.permalinks.push((name.clone(), pattern));
        }
    }
    for taxonomy in ["tags", "categories"] {
        if site.documents.iter().any(|d| d.front.contains_key(taxonomy)) {
            site.taxonomies.push(taxonomy.into());
        }
    }
    site.term_permalinks = term_permalinks(&config);
    convert_bodies(&mut site, Dialect::Liquid, &|written, _| {
        resolve(&post_targets, written)
    });
    Ok(site)
}

/// The `@/` path of a `{% link %}` or `{% post_url %}` target.
fn resolve(posts: &[(String, String)], written: &str) -> Option<String> {
    match written.strip_prefix("post_url:") {
        Some(name) => posts.iter().find_map(|(source, target)| {
            let stem = source.rsplit('/').next()?.rsplit_once('.')?.0;
            (stem == name.rsplit('/').next().unwrap_or(name)).then(|| target.clone())
        }),
        None => {
            let written = clean_path(written);
            posts
                .iter()
                .find(|(source, _)| *source == written)
                .map(|(_, target)| target.clone())
        }
    }
}

/// A post's file: where it is, and what its folders say.
struct Post<'a> {
    relative: &'a str,
    is_draft: bool,
    /// The folders above `_posts/`, which Jekyll makes categories.
    categories: Vec<String>,
    /// The folders inside `_posts/`, kept in the new site.
    inside: String,
}

fn read_post(
    site: &mut SourceSite,
    root: &Path,
    post: Post<'_>,
    style: &str,
    defaults: &Defaults,
) -> Option<(String, Option<String>)> {
    let Post {
        relative,
        is_draft,
        mut categories,
        inside,
    } = post;
    let mut parsed = source::parse_file(site, root, relative, relative)?;
    defaults.apply(relative, "posts", &mut parsed.front);
    let file = relative.rsplit('/').next().unwrap_or(relative);
    let stem = file.rsplit_once('.').map_or(file, |(stem, _)| stem);
    let dated = dated_name(stem);
    if dated.is_none() && !is_draft {
        site.note(relative, 0, "not imported: Jekyll publishes a post only when its name starts with a date (2024-01-02-name.md)");
        return None;
    }
    let target = match inside.as_str() {
        "" => format!("{POSTS}/{stem}.md"),
        inside => format!("{POSTS}/{inside}/{stem}.md"),
    };
    let mut document = source::document(relative, &target, parsed);
    let permalink = convert_keys(&mut document, &mut categories);
    // The categories a URL of the style holds; `None` for a post whose URL they do not make.
    let mut path = None;
    if is_draft {
        document.front.insert("draft".into(), true.into());
        if !document.front.contains_key("date") && dated.is_none() {
            // Jekyll dates a draft by its file's time; gazette's permalink needs a date.
            let today = jiff::Zoned::now().date().to_string();
            document.front.insert("date".into(), today.into());
        }
    } else {
        let date = document
            .front
            .get("date")
            .and_then(Value::as_str)
            .map(str::to_string)
            .or_else(|| dated.map(|(d, _)| d.to_string()))
            .unwrap_or_default();
        let slug = match document.front.get("slug").and_then(Value::as_str) {
            Some(slug) => slug.to_string(),
            None => dated.map_or(stem, |(_, rest)| rest).to_string(),
        };
        let url = match permalink {
            Some(permalink) => permalink,
            None => {
                let categories = category_path(&categories);
                let url = post_url(style, &categories, &date, &slug);
                path = Some(categories);
                url
            }
        };
        document.old_urls.insert(0, url);
    }
    site.documents.push(document);
    Some((target, path))
}

fn read_collection_item(
    site: &mut SourceSite,
    root: &Path,
    relative: &str,
    config: &Mapping,
    defaults: &Defaults,
) {
    let Some(mut parsed) = source::parse_file(site, root, relative, relative) else {
        return;
    };
    let (folder, rest) = relative.split_once('/').unwrap_or(("", relative));
    let name = folder.trim_start_matches('_');
    defaults.apply(relative, name, &mut parsed.front);
    let rest = MARKDOWN
        .iter()
        .find_map(|ext| rest.strip_suffix(ext))
        .unwrap_or(rest);
    let mut document = source::document(relative, &format!("{name}/{rest}.md"), parsed);
    let mut categories = Vec::new();
    let permalink = convert_keys(&mut document, &mut categories);
    let pattern = collection_pattern(config, name);
    let url = match permalink {
        Some(permalink) => permalink,
        None => pattern
            .replace(":collection", name)
            .replace(":path", rest)
            .replace(":name", rest.rsplit('/').next().unwrap_or(rest))
            .replace(":title", rest.rsplit('/').next().unwrap_or(rest))
            .replace(":output_ext", ".html"),
    };
    document.old_urls.insert(0, url);
    site.documents.push(document);
}

/// A file outside the `_` folders: a page when it has front matter, else a static file.
fn read_page_or_file(site: &mut SourceSite, root: &Path, relative: &str, style: &str, defaults: &Defaults) {
    let is_markdown = MARKDOWN.iter().any(|ext| relative.ends_with(ext));
    let is_html = relative.ends_with(".html");
    let copy = |site: &mut SourceSite| {
        site.static_files.push(CopiedFile {
            from: root.join(relative),
            to: Path::new(STATIC_DIR).join(relative),
        })
    };
    if !(is_markdown || is_html || relative.ends_with(".scss") || relative.ends_with(".sass")) {
        return copy(site);
    }
    let Some(mut parsed) = source::parse_file(site, root, relative, relative) else {
        return;
    };
    if !parsed.has_front_matter {
        return copy(site);
    }
    defaults.apply(relative, "pages", &mut parsed.front);
    if parsed.front.get("permalink").and_then(Value::as_str) == Some("/404.html") {
        return site.note(
            relative,
            0,
            "not imported: gazette's theme writes the page for a missing URL (404.html)",
        );
    }
    if !is_markdown && !is_html {
        return site.note(
            relative,
            0,
            "not imported: Sass is not compiled by gazette; compile it to CSS into static/",
        );
    }
    if is_html && (parsed.body.contains("{%") || parsed.body.contains("{{")) {
        return site.note(
            relative,
            0,
            "not imported: an HTML page with Liquid in it; gazette's lists and home page come from its theme",
        );
    }
    let stem = relative.rsplit_once('.').map_or(relative, |(stem, _)| stem);
    // A page of an included `_` folder goes where its permalink puts it, or loses the `_`.
    let stem = &match parsed.front.get("permalink").and_then(Value::as_str) {
        Some(permalink) if stem.starts_with('_') && permalink.ends_with('/') && !permalink.contains(':') => {
            match clean_path(permalink).as_str() {
                "" => "index".to_string(),
                path => path.to_string(),
            }
        }
        _ => stem.trim_start_matches('_').to_string(),
    };
    let stem = stem.as_str();
    let target = match stem {
        "index" => "_index.md".to_string(),
        stem => match stem.strip_suffix("/index") {
            Some(folder) => format!("{folder}/index.md"),
            None => format!("{stem}.md"),
        },
    };
    let mut document = source::document(relative, &target, parsed);
    let mut categories = Vec::new();
    let permalink = convert_keys(&mut document, &mut categories);
    let pretty = style == "pretty" || style.ends_with('/');
    let url = match permalink {
        Some(permalink) => permalink,
        None if stem == "index" => "/".to_string(),
        None => match stem.strip_suffix("/index") {
            Some(folder) => format!("/{folder}/"),
            None if pretty => format!("/{stem}/"),
            None => format!("/{stem}.html"),
        },
    };
    document.old_urls.insert(0, url);
    site.documents.push(document);
}

/// Renames one file's keys to gazette's; categories are gathered into `categories`.
/// Returns the file's `permalink`, its old URL.
fn convert_keys(document: &mut Document, categories: &mut Vec<String>) -> Option<String> {
    let front = std::mem::take(&mut document.front);
    let mut permalink = None;
    for (key, value) in front {
        let Some(key) = key.as_str().map(str::to_string) else {
            continue;
        };
        match key.as_str() {
            "categories" | "category" | "tags" | "tag" => {
                let words: Vec<String> = match &value {
                    // Jekyll splits a string of terms at its spaces.
                    Value::String(text) => text.split_whitespace().map(str::to_string).collect(),
                    Value::Number(n) => vec![n.to_string()],
                    other => strings(other),
                };
                let name = if key.starts_with("tag") {
                    "tags"
                } else {
                    "categories"
                };
                if name == "categories" {
                    categories.extend(words.iter().cloned());
                }
                let mut all = document.front.get(name).map(strings).unwrap_or_default();
                all.extend(words);
                let list = all.into_iter().map(Value::String).collect();
                document.front.insert(name.into(), Value::Sequence(list));
            }
            "permalink" => permalink = value.as_str().map(str::to_string),
            "redirect_from" => document.old_urls.extend(strings(&value)),
            "published" if value == Value::Bool(false) => {
                document.front.insert("draft".into(), true.into());
            }
            "excerpt" => {
                document.front.insert("summary".into(), value);
            }
            "description" if !document.front.contains_key("summary") => {
                document.front.insert("summary".into(), value);
            }
            "last_modified_at" => {
                document.front.insert("updated".into(), value);
            }
            "date" => {
                let text = match &value {
                    Value::String(text) => normalize_date(text).map(Value::String).unwrap_or(value),
                    _ => value,
                };
                document.front.insert("date".into(), text);
            }
            "layout" | "sitemap" | "redirect_to" | "excerpt_separator" => {
                document.comment_out(&key, &value, "Jekyll's own setting, which gazette does not have");
            }
            _ => {
                document.front.insert(key.into(), value);
            }
        }
    }
    permalink
}

//! Reading a Hugo site: its configuration (`hugo.toml`, `config.toml`, their YAML forms,
//! or `config/_default/`), `content/` (or the default language's `contentDir`) with its
//! sections, bundles and front matter in TOML or YAML, and `static/`.
//!
//! A page's old URL is its `url`, else its section's `[permalinks]` pattern, else its path
//! with `slug` for its name, in lower case as Hugo writes it. `{{< ref >}}` and
//! `{{< relref >}}` become `@/` links to the file they name: by its path from `content/`,
//! from the page's folder, or by a name only one file has.

use std::path::Path;

use serde_yaml::{Mapping, Value};

use super::ImportError;
use super::document::{Document, SourceSite};
use super::front_matter;
use super::shortcodes::Dialect;
use super::source::{
    self, add_static_folder, clean_path, convert_bodies, files_under, sort_content_files, strings,
};
use crate::load::content::name_of;
use crate::model::permalink::slugify;

/// Hugo's configuration files, the TOML ones first, as most sites have one of them.
const CONFIG_FILES: &[&str] = &[
    "hugo.toml",
    "config.toml",
    "hugo.yaml",
    "hugo.yml",
    "config.yaml",
    "config.yml",
    "config/_default/hugo.toml",
    "config/_default/config.toml",
    "config/_default/hugo.yaml",
    "config/_default/config.yaml",
];

/// Front matter keys that set up Hugo's own machinery, which gazette does not have.
const HUGO_SETTINGS: &[&str] = &[
    "type",
    "layout",
    "menu",
    "menus",
    "cascade",
    "outputs",
    "build",
    "_build",
    "resources",
    "sitemap",
    "markup",
    "headless",
    "isCJKLanguage",
    "translationKey",
    "expiryDate",
    "publishDate",
    "keywords",
];

/// Folders of a Hugo site that gazette does not convert, with what to do instead.
const NOT_CONVERTED: &[(&str, &str)] = &[
    (
        "layouts",
        "the site's Go templates are not converted; gazette uses its default theme (see docs/themes.md)",
    ),
    (
        "themes",
        "the Hugo theme is not converted; gazette uses its default theme (see docs/themes.md)",
    ),
    (
        "assets",
        "Hugo Pipes' assets are not processed by gazette; put the built files into static/",
    ),
    (
        "data",
        "data files are not converted: put shared values in site.yaml's params, or make them a collection",
    ),
];

/// Reads the Hugo site in `root`.
pub(crate) fn read(root: &Path) -> Result<SourceSite, ImportError> {
    let config = source::read_config(root, "hugo", CONFIG_FILES)?;
    let get = |key: &str| config.get(key).and_then(Value::as_str).map(str::to_string);
    let mut site = SourceSite {
        title: get("title"),
        base_url: get("baseURL").or_else(|| get("baseurl")),
        language: get("languageCode").or_else(|| get("defaultContentLanguage")),
        ..SourceSite::default()
    };
    site.settings
        .push(("markdown".into(), "{ heading_ids: github }".into()));
    let content_dir = content_dir(&config).unwrap_or_else(|| "content".to_string());
    let taxonomies = match config.get("taxonomies") {
        Some(Value::Mapping(map)) => map
            .values()
            .filter_map(Value::as_str)
            .map(str::to_string)
            .collect(),
        _ => vec!["tags".to_string(), "categories".to_string()],
    };
    let permalinks = permalinks(&config);
    let content = root.join(&content_dir);
    let files = files_under(&content);
    let markdown: Vec<String> = files.iter().filter(|f| f.ends_with(".md")).cloned().collect();
    let mut headless: Vec<String> = Vec::new();
    for relative in &markdown {
        let shown = format!("{content_dir}/{relative}");
        let Some(parsed) = source::parse_file(&mut site, &content, relative, &shown) else {
            continue;
        };
        if is_headless(&parsed.front) {
            let folder = relative.rsplit_once('/').map_or("", |(folder, _)| folder);
            headless.push(folder.to_string());
            site.note(&shown, 0, "not imported, with its folder: Hugo renders no page of a headless bundle; the pages that include its files need a hand edit");
        }
        let mut document = source::document(&shown, relative, parsed);
        convert_keys(&mut document, &taxonomies, &permalinks);
        site.documents.push(document);
    }
    let is_hidden = |path: &str| {
        headless
            .iter()
            .any(|h| h.is_empty() || path.starts_with(&format!("{h}/")))
    };
    site.documents.retain(|d| !is_hidden(&d.target));
    for taxonomy in taxonomies {
        if site
            .documents
            .iter()
            .any(|d| d.front.contains_key(taxonomy.as_str()))
        {
            site.taxonomies.push(taxonomy);
        }
    }
    for (section, pattern) in &permalinks {
        if let Some(pattern) = gazette_pattern(pattern, section) {
            site.permalinks.push((section.clone(), pattern));
        }
    }
    let files: Vec<String> = files.into_iter().filter(|f| !is_hidden(f)).collect();
    let markdown: Vec<String> = markdown.into_iter().filter(|f| !is_hidden(f)).collect();
    sort_content_files(&mut site, &content, &files, &markdown);
    add_static_folder(&mut site, &root.join("static"));
    source::note_unconverted(&mut site, root, NOT_CONVERTED);
    let targets: Vec<String> = site.documents.iter().map(|d| d.target.clone()).collect();
    let prefix = format!("{content_dir}/");
    convert_bodies(&mut site, Dialect::Hugo, &|written, from| {
        let from = from.strip_prefix(&prefix).unwrap_or(from);
        resolve(&targets, written, from)
    });
    Ok(site)
}

/// A bundle Hugo renders no page of: `headless: true`, or `build.render: never` for itself
/// or, through `cascade`, for everything below it.
fn is_headless(front: &Mapping) -> bool {
    let never =
        |build: Option<&Value>| build.and_then(|b| b.get("render")).and_then(Value::as_str) == Some("never");
    let cascades = match front.get("cascade") {
        Some(Value::Sequence(list)) => list.iter().collect(),
        Some(one) => vec![one],
        None => Vec::new(),
    };
    front.get("headless").and_then(Value::as_bool) == Some(true)
        || never(front.get("build").or_else(|| front.get("_build")))
        || cascades
            .iter()
            .any(|c| never(c.get("build").or_else(|| c.get("_build"))))
}

/// The default language's content folder, where the site sets one: `contentDir`, or the
/// module mount whose target is `content`.
fn content_dir(config: &Mapping) -> Option<String> {
    if let Some(dir) = config.get("contentDir").and_then(Value::as_str) {
        return Some(dir.to_string());
    }
    let mounts = config
        .get("module")
        .and_then(|m| m.get("mounts"))
        .and_then(Value::as_sequence);
    let mounted = mounts.into_iter().flatten().find_map(|mount| {
        let target = mount.get("target").and_then(Value::as_str)?;
        (target.trim_matches('/') == "content").then(|| mount.get("source")?.as_str().map(str::to_string))?
    });
    if mounted.is_some() {
        return mounted;
    }
    let default = config
        .get("defaultContentLanguage")
        .and_then(Value::as_str)
        .unwrap_or("en");
    let languages = config.get("languages")?.as_mapping()?;
    let language = languages.get(default).or_else(|| languages.values().next())?;
    language
        .get("contentDir")
        .and_then(Value::as_str)
        .map(str::to_string)
}

/// `[permalinks]`, by section: both the flat form and Hugo's `[permalinks.page]`.
fn permalinks(config: &Mapping) -> Vec<(String, String)> {
    let Some(Value::Mapping(map)) = config.get("permalinks") else {
        return Vec::new();
    };
    let table = match map.get("page") {
        Some(Value::Mapping(pages)) => pages,
        _ => map,
    };
    table
        .iter()
        .filter_map(|(k, v)| Some((k.as_str()?.to_string(), v.as_str()?.to_string())))
        .collect()
}

/// A Hugo pattern in gazette's form, where gazette has every part of it.
fn gazette_pattern(pattern: &str, section: &str) -> Option<String> {
    let mut out = String::new();
    for segment in pattern.split('/') {
        let converted = match segment {
            ":year" => "{year}".to_string(),
            ":month" => "{month}".to_string(),
            ":day" => "{day}".to_string(),
            ":slug"
            | ":title"
            | ":filename"
            | ":contentbasename"
            | ":slugorfilename"
            | ":slugorcontentbasename" => "{slug}".to_string(),
            ":section" | ":sections" => section.to_string(),
            other if other.contains(':') => return None,
            other => other.to_string(),
        };
        out.push_str(&converted);
        out.push('/');
    }
    let out = format!("/{}", out.trim_matches('/'));
    Some(if out.ends_with('/') {
        out
    } else {
        format!("{out}/")
    })
}

/// Renames one file's keys to gazette's and works out its old URL.
fn convert_keys(document: &mut Document, taxonomies: &[String], permalinks: &[(String, String)]) {
    let front = std::mem::take(&mut document.front);
    let mut url = None;
    let mut aliases = Vec::new();
    for (key, value) in front {
        let Some(key) = key.as_str().map(str::to_string) else {
            continue;
        };
        match key.as_str() {
            "url" => url = value.as_str().map(str::to_string),
            "aliases" => aliases = strings(&value),
            "lastmod" => {
                document.front.insert("updated".into(), value);
            }
            "description" if !document.front.contains_key("summary") => {
                document.front.insert("summary".into(), value);
            }
            "params" => {
                if let Value::Mapping(table) = value {
                    for (inner, value) in table {
                        document.front.entry(inner).or_insert(value);
                    }
                }
            }
            key if HUGO_SETTINGS.contains(&key) => {
                document.comment_out(key, &value, "Hugo's own setting, which gazette does not have");
            }
            key if taxonomies.iter().any(|t| t == key) => {
                document.front.insert(key.into(), value);
            }
            _ => {
                document.front.insert(key.into(), value);
            }
        }
    }
    let folder = document.folder().to_string();
    let section = folder.split('/').next().unwrap_or("").to_string();
    let old = match (document.is_intro, url) {
        (true, _) if folder.is_empty() => "/".to_string(),
        (true, _) => format!("/{}/", folder.to_lowercase()),
        (false, Some(url)) => match url.rsplit('/').next().is_some_and(|last| last.contains('.')) {
            true => format!("/{}", url.trim_start_matches('/')),
            false => format!("/{}/", url.trim_matches('/')).replace("//", "/"),
        },
        (false, None) => {
            let slug = document.front.get("slug").and_then(Value::as_str).map(slugify);
            let name = || name_of(Path::new(&document.target)).to_lowercase();
            match permalinks.iter().find(|(s, _)| *s == section) {
                Some((_, pattern)) => {
                    // `:title` is the title made a slug: kept as an explicit slug, so
                    // gazette's `{slug}` writes the same URL.
                    let uses_title = pattern.contains(":title") || pattern.contains(":slug");
                    let title = document.front.get("title").and_then(Value::as_str).map(slugify);
                    let slug = match (uses_title, slug.clone(), title) {
                        (_, Some(slug), _) => slug,
                        (true, None, Some(title)) if !title.is_empty() => {
                            document.front.insert("slug".into(), title.clone().into());
                            title
                        }
                        _ => name(),
                    };
                    expand(pattern, &section, &slug, document.front.get("date"))
                }
                None => {
                    let slug = slug.unwrap_or_else(name);
                    match folder.as_str() {
                        "" => format!("/{slug}/"),
                        folder => format!("/{}/{slug}/", folder.to_lowercase()),
                    }
                }
            }
        }
    };
    document.old_urls.push(old);
    document
        .old_urls
        .extend(aliases.into_iter().map(|alias| match alias.starts_with('/') {
            true => alias,
            // Hugo reads a relative alias from the page's section.
            false => format!("/{}", clean_path(&format!("{folder}/{alias}"))),
        }));
}

/// A Hugo permalink pattern for one page.
fn expand(pattern: &str, section: &str, slug: &str, date: Option<&Value>) -> String {
    let date = date
        .and_then(Value::as_str)
        .and_then(front_matter::normalize_date)
        .unwrap_or_default();
    let part = |range: std::ops::Range<usize>| date.get(range).unwrap_or("").to_string();
    let mut url = String::from("/");
    for segment in pattern.split('/').filter(|s| !s.is_empty()) {
        let text = match segment {
            ":year" => part(0..4),
            ":month" => part(5..7),
            ":day" => part(8..10),
            ":section" | ":sections" => section.to_string(),
            s if s.starts_with(':') => slug.to_string(),
            s => s.to_string(),
        };
        url.push_str(&text);
        url.push('/');
    }
    url
}

/// The `@/` path of a `ref` target as written in the file at `from` (paths from `content/`).
fn resolve(targets: &[String], written: &str, from: &str) -> Option<String> {
    let (path, anchor) = match written.split_once('#') {
        Some((path, anchor)) => (path, format!("#{anchor}")),
        None => (written, String::new()),
    };
    if path.is_empty() {
        return Some(format!("{}{anchor}", from));
    }
    let folder = from.rsplit_once('/').map_or("", |(f, _)| f);
    let bases = match path.starts_with('/') {
        true => vec![clean_path(path)],
        false => vec![clean_path(&format!("{folder}/{path}")), clean_path(path)],
    };
    for base in &bases {
        let base = base.trim_end_matches('/');
        for candidate in [
            base.to_string(),
            format!("{base}.md"),
            format!("{base}/index.md"),
            format!("{base}/_index.md"),
        ] {
            if targets.contains(&candidate) {
                return Some(format!("{candidate}{anchor}"));
            }
        }
    }
    // A name alone: the one file of that name anywhere.
    let name = path.trim_matches('/').trim_end_matches(".md");
    let mut found = targets.iter().filter(|t| {
        let stem = t
            .trim_end_matches(".md")
            .trim_end_matches("/index")
            .trim_end_matches("/_index");
        stem == name || stem.ends_with(&format!("/{name}"))
    });
    match (found.next(), found.next()) {
        (Some(one), None) => Some(format!("{one}{anchor}")),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refs_resolve_by_path_folder_or_name() {
        let targets: Vec<String> = ["posts/a.md", "posts/b/index.md", "docs/_index.md", "docs/c.md"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        assert_eq!(
            resolve(&targets, "/posts/a.md", "docs/c.md").as_deref(),
            Some("posts/a.md")
        );
        assert_eq!(
            resolve(&targets, "c.md#x", "docs/_index.md").as_deref(),
            Some("docs/c.md#x")
        );
        assert_eq!(
            resolve(&targets, "b", "docs/c.md").as_deref(),
            Some("posts/b/index.md")
        );
        assert_eq!(
            resolve(&targets, "docs", "posts/a.md").as_deref(),
            Some("docs/_index.md")
        );
        assert_eq!(resolve(&targets, "nowhere.md", "posts/a.md"), None);
    }

    #[test]
    fn patterns_convert_where_gazette_has_the_parts() {
        assert_eq!(
            gazette_pattern("/:year/:month/:slug/", "posts").as_deref(),
            Some("/{year}/{month}/{slug}/")
        );
        assert_eq!(
            gazette_pattern("/:section/:title", "posts").as_deref(),
            Some("/posts/{slug}/")
        );
        assert_eq!(gazette_pattern("/:year/:weekday/:slug/", "posts"), None);
        let date = Value::from("2024-03-04");
        assert_eq!(
            expand("/:year/:month/:slug/", "posts", "x", Some(&date)),
            "/2024/03/x/"
        );
    }
}

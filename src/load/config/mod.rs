//! `site.yaml` → `SiteConfig`: the site's title and URLs, its collections with their typed
//! schemas, its taxonomies and Markdown options.
//!
//! The file is parsed with serde (unknown keys rejected, so a typo is an error with its line
//! and column), then checked for what serde cannot see: permalink patterns, references to
//! collections that do not exist, defaults of the wrong type. Every problem is reported, each
//! at `site.yaml:line:column`.

mod cms;
mod collections;
mod languages;
pub(crate) mod raw;
mod recover;
pub(crate) mod search;
mod terms;

use std::path::Path;

use indexmap::IndexMap;

use crate::diagnostics::yaml::{locate_key, locate_value};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::model::config::*;
use crate::model::permalink::Permalink;

use languages::check_languages;
pub use languages::is_language_tag;
use raw::RawConfig;
pub use raw::RawField;

/// Reads and checks `site.yaml` in `root`. Errors carry `site.yaml:line:col`.
pub fn load(root: &Path) -> Result<SiteConfig, Diagnostics> {
    let path = root.join(CONFIG_FILE);
    let mut diagnostics = Diagnostics::new();
    let source = match std::fs::read_to_string(&path) {
        Ok(source) => source,
        Err(err) => {
            diagnostics.push(
                Diagnostic::error(CONFIG_FILE, format!("cannot read {}: {err}", path.display()))
                    .with_hint("run gazette in a site's folder, or pass --root DIR"),
            );
            return Err(diagnostics);
        }
    };
    let Some(raw) = recover::read_all::<RawConfig>(&source, &mut diagnostics) else {
        return Err(diagnostics);
    };
    let config = check(raw, &source, &mut diagnostics);
    if diagnostics.has_errors() {
        Err(diagnostics)
    } else {
        Ok(config)
    }
}

/// Where keys are written in `site.yaml`, to place each problem at its key.
#[derive(Clone, Copy)]
struct At<'a> {
    source: &'a str,
}

impl At<'_> {
    /// The permalink pattern at the key `path`, if it parses and passes `rule` (the check and
    /// what to say when it fails); each problem is reported with `example` as the hint.
    fn permalink(
        self,
        path: &[&str],
        pattern: &str,
        (rule, requirement): (impl Fn(&Permalink) -> bool, &str),
        example: &str,
        diagnostics: &mut Diagnostics,
    ) -> Option<Permalink> {
        let problem = match Permalink::parse(pattern) {
            Ok(permalink) if rule(&permalink) => return Some(permalink),
            Ok(_) => requirement.to_string(),
            Err(err) => err.to_string(),
        };
        diagnostics.push(self.error(path, problem, example));
        None
    }

    /// An error at the value `value` of `keys` inside the entry at `path` (the `strng` of
    /// `founded: { type: strng }`), or at the entry's key when that value is not found.
    fn value_error(
        self,
        path: &[&str],
        (keys, value): (&[&str], &str),
        message: String,
        hint: &str,
    ) -> Diagnostic {
        match locate_value(self.source, path, keys.last().copied().unwrap_or_default(), value) {
            Some((line, column)) => Diagnostic::error(CONFIG_FILE, message).with_hint(hint).at(
                self.source,
                line,
                column,
                value.chars().count().max(1),
            ),
            None => self.error(path, message, hint),
        }
    }

    /// An error at the key `path` (`["collections", "news", "sort"]`), or at the whole file
    /// when the key is not written.
    fn error(self, path: &[&str], message: String, hint: &str) -> Diagnostic {
        let (line, column) = locate_key(self.source, path);
        let key_width = path.last().map_or(1, |k| k.chars().count());
        let diagnostic = Diagnostic::error(CONFIG_FILE, message).with_hint(hint);
        if line == 0 {
            diagnostic
        } else {
            diagnostic.at(self.source, line, column, key_width)
        }
    }
}

fn check(raw: RawConfig, source: &str, diagnostics: &mut Diagnostics) -> SiteConfig {
    let at = At { source };
    let (base_url, base_path) = match normalize_base_url(&raw.base_url) {
        Ok(urls) => urls,
        Err(message) => {
            diagnostics.push(at.error(
                &["base_url"],
                message,
                "write an absolute URL such as https://example.org/ or https://example.org/portal/",
            ));
            (String::from("/"), String::new())
        }
    };
    let mut taxonomies = IndexMap::new();
    // Checked once the languages are known.
    let mut raw_term_names = Vec::new();
    for (name, raw_taxonomy) in raw.taxonomies {
        raw_term_names.push((name.clone(), raw_taxonomy.terms));
        if let Some(taxonomy) = check_taxonomy(
            at,
            name,
            raw_taxonomy.title,
            raw_taxonomy.permalink,
            raw_taxonomy.per_page,
            diagnostics,
        ) {
            taxonomies.insert(taxonomy.name.clone(), taxonomy);
        }
    }
    let collection_names: Vec<String> = raw.collections.keys().cloned().collect();
    let mut collections = IndexMap::new();
    for (name, raw_collection) in raw.collections {
        let checked = collections::check_collection(
            at,
            name,
            raw_collection,
            &taxonomies,
            &collection_names,
            diagnostics,
        );
        if let Some(collection) = checked {
            collections.insert(collection.name.clone(), collection);
        }
    }
    check_overlapping_folders(&collections, source, diagnostics);
    let repository = raw
        .repo_url
        .and_then(|url| check_repository(at, url, raw.repo_branch, diagnostics));
    let search = search::check_search(at, raw.search, &collections, &taxonomies, diagnostics);
    let description = raw.description.unwrap_or_default();
    let languages = check_languages(
        raw.languages,
        raw.language.as_deref(),
        raw.prefix_default_language,
        &raw.title,
        &description,
        &mut |path: &[&str], message: String, hint: &str| diagnostics.push(at.error(path, message, hint)),
    );
    for (name, raw) in raw_term_names {
        let names = terms::check_term_names(&name, raw, &languages, source, diagnostics);
        if let Some(taxonomy) = taxonomies.get_mut(&name) {
            taxonomy.term_names = names;
        }
    }
    SiteConfig {
        title: raw.title,
        base_url,
        base_path,
        language: languages[0].code.clone(),
        languages,
        fallback: raw.fallback.unwrap_or(true),
        description,
        theme: raw.theme.unwrap_or_else(|| "default".into()),
        params: raw
            .params
            .unwrap_or(serde_yaml::Value::Mapping(Default::default())),
        collections,
        taxonomies,
        markdown: raw.markdown.unwrap_or_default(),
        images: check_images(at, raw.images.unwrap_or_default(), diagnostics),
        feed_limit: raw.feed_limit.unwrap_or(20).max(1),
        feed_content: raw.feed_content.unwrap_or_default(),
        search,
        repository,
        logo: raw.logo.and_then(|logo| check_logo(at, logo, diagnostics)),
        cms: raw.cms.and_then(|cms| cms::check_cms(at, cms, diagnostics)),
        logo_file: None,
        slugify: raw.slugify.unwrap_or(false),
        links: raw.links.unwrap_or_default(),
        external_paths: check_external_paths(at, raw.external_paths, diagnostics),
    }
}

/// `external_paths:` are URL paths of this site (`/api/`), each kept with its leading `/`.
fn check_external_paths(at: At<'_>, paths: Vec<String>, diagnostics: &mut Diagnostics) -> Vec<String> {
    paths
        .into_iter()
        .filter_map(|path| {
            let path = path.trim();
            if path.contains("://") || path.is_empty() {
                diagnostics.push(at.error(
                    &["external_paths"],
                    format!("`{path}` (in `external_paths`) is not a path of this site"),
                    "write the start of the paths served by something else, such as /api/",
                ));
                return None;
            }
            Some(format!("/{}", path.trim_start_matches('/')))
        })
        .collect()
}

/// The image settings, with widths and quality in the range a browser and an encoder take;
/// one out of range is reported and the default used.
fn check_images(at: At<'_>, mut images: ImageSettings, diagnostics: &mut Diagnostics) -> ImageSettings {
    let defaults = ImageSettings::default();
    if images.widths.is_empty() || images.widths.iter().any(|w| !(16..=8192).contains(w)) {
        diagnostics.push(at.error(
            &["images", "widths"],
            "`widths` (in `images`) must list widths from 16 to 8192 pixels".into(),
            "write them as a list, such as [480, 960, 1600]",
        ));
        images.widths = defaults.widths;
    }
    images.widths.sort_unstable();
    images.widths.dedup();
    if !(1..=100).contains(&images.quality) {
        diagnostics.push(at.error(
            &["images", "quality"],
            "`quality` (in `images`) must be from 1 to 100".into(),
            "75 keeps photos sharp at a quarter of their size",
        ));
        images.quality = defaults.quality;
    }
    images
}

/// The logo, when it is the URL path of an SVG or PNG file (that it is one of the site's
/// static files is checked once they are known).
fn check_logo(at: At<'_>, logo: String, diagnostics: &mut Diagnostics) -> Option<String> {
    let extension = logo.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase());
    let image = matches!(extension.as_deref(), Some("svg" | "png"));
    if logo.starts_with('/') && !logo.starts_with("//") && image && !logo.contains("..") {
        return Some(logo);
    }
    diagnostics.push(at.error(
        &["logo"],
        format!("logo `{logo}` is not the path of an SVG or PNG file of the site"),
        "put the logo in static/ and write its path from the site's root, such as /images/logo.svg",
    ));
    None
}

/// A taxonomy of `taxonomies:`; `None` when its permalink is wrong (reported).
fn check_taxonomy(
    at: At<'_>,
    name: String,
    title: Option<String>,
    permalink: Option<String>,
    per_page: Option<usize>,
    diagnostics: &mut Diagnostics,
) -> Option<Taxonomy> {
    let pattern = permalink.unwrap_or_else(|| format!("/{name}/{{slug}}/"));
    let permalink = at.permalink(
        &["taxonomies", &name, "permalink"],
        &pattern,
        (
            |p: &Permalink| p.has_slug() && !p.has_date(),
            &format!("the permalink of taxonomy `{name}` must hold `{{slug}}` and no date"),
        ),
        "for example /tags/{slug}/",
        diagnostics,
    )?;
    Some(Taxonomy {
        title: title.unwrap_or_else(|| title_case(&name)),
        index_url: permalink.prefix_before_slug(),
        name,
        permalink,
        per_page: per_page.unwrap_or(20).max(1),
        term_names: Vec::new(),
    })
}

/// The repository edit links go to; `None` when `repo_url` is not one (reported).
fn check_repository(
    at: At<'_>,
    url: String,
    branch: Option<String>,
    diagnostics: &mut Diagnostics,
) -> Option<Repository> {
    let branch = branch.unwrap_or_else(|| DEFAULT_BRANCH.into());
    let valid_url = normalize_base_url(&url).is_ok() && !url.contains(['?', '#']);
    if !valid_url {
        diagnostics.push(at.error(
            &["repo_url"],
            format!("repo_url `{url}` is not the web address of a repository"),
            "write it as https://github.com/owner/site (for GitLab: https://gitlab.com/group/site/-)",
        ));
    }
    if branch.trim().is_empty() || branch.contains(char::is_whitespace) {
        diagnostics.push(at.error(
            &["repo_branch"],
            format!("repo_branch `{branch}` is not a branch name"),
            "write the branch edits go to, such as main",
        ));
    }
    valid_url.then(|| Repository {
        url: url.trim_end_matches('/').to_string(),
        branch: branch.trim_matches('/').to_string(),
        site_folder: String::new(),
    })
}

fn check_overlapping_folders(
    collections: &IndexMap<String, Collection>,
    source: &str,
    diagnostics: &mut Diagnostics,
) {
    for (i, a) in collections.values().enumerate() {
        for b in collections.values().skip(i + 1) {
            // A collection at the root holds what no other collection's folder does.
            let at_root = a.folder.as_os_str().is_empty() || b.folder.as_os_str().is_empty();
            if !at_root && (a.folder.starts_with(&b.folder) || b.folder.starts_with(&a.folder)) {
                let (line, column) = locate_key(source, &["collections", &b.name]);
                diagnostics.push(
                    Diagnostic::error(
                        CONFIG_FILE,
                        format!(
                            "collections `{}` and `{}` share the folder content/{}",
                            a.name,
                            b.name,
                            b.folder.display()
                        ),
                    )
                    .at(source, line.max(1), column, b.name.len())
                    .with_hint("give each collection its own folder"),
                );
            }
        }
    }
}

/// `https://example.org/portal` → (`https://example.org/portal/`, `/portal`).
pub fn normalize_base_url(url: &str) -> Result<(String, String), String> {
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))
        .ok_or_else(|| format!("base_url `{url}` is not an absolute http(s) URL"))?;
    if rest.is_empty() || rest.starts_with('/') || rest.contains(char::is_whitespace) {
        return Err(format!("base_url `{url}` has no host"));
    }
    let path = rest.find('/').map_or("", |i| &rest[i..]);
    let path = path.trim_end_matches('/');
    if path.contains("..") || path.contains(['?', '#', '\\']) {
        return Err(format!("base_url `{url}` has a path gazette cannot host under"));
    }
    let base = format!("{}/", url.trim_end_matches('/'));
    Ok((base, path.to_string()))
}

fn parse_sort(sort: &str) -> SortOrder {
    match sort.strip_prefix('-') {
        Some(field) => SortOrder {
            field: field.trim().to_string(),
            descending: true,
        },
        None => SortOrder {
            field: sort.trim().to_string(),
            descending: false,
        },
    }
}

/// Whether `site.yaml` takes `key: value` at its top level (`value` as YAML). Lets a
/// writer of `site.yaml` (`gazette import`) add a setting only where this gazette reads it.
pub(crate) fn accepts_setting(key: &str, value: &serde_yaml::Value) -> bool {
    let mut config = serde_yaml::Mapping::new();
    config.insert("title".into(), "x".into());
    config.insert("base_url".into(), "https://example.org/".into());
    config.insert(key.into(), value.clone());
    serde_yaml::from_value::<RawConfig>(serde_yaml::Value::Mapping(config)).is_ok()
}

/// `research_fields` → `Research fields`.
pub fn title_case(name: &str) -> String {
    let spaced = name.replace(['_', '-'], " ");
    let mut chars = spaced.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_url_keeps_its_path() {
        assert_eq!(
            normalize_base_url("https://example.org/portal").unwrap(),
            ("https://example.org/portal/".into(), "/portal".into())
        );
        assert_eq!(
            normalize_base_url("https://example.org/").unwrap(),
            ("https://example.org/".into(), String::new())
        );
        assert!(normalize_base_url("example.org").is_err());
    }

    #[test]
    fn edit_urls_name_the_file_from_the_repository_top() {
        let dir = tempfile::tempdir().unwrap();
        let yaml = "title: T\nbase_url: https://e.org/\nrepo_url: https://github.com/o/site/\n";
        std::fs::write(dir.path().join(CONFIG_FILE), yaml).unwrap();
        let mut repository = load(dir.path()).unwrap().repository.unwrap();
        assert_eq!(
            repository.edit_url("content/news/x.md"),
            "https://github.com/o/site/edit/main/content/news/x.md"
        );
        repository.site_folder = "sites/科学/".into();
        repository.branch = "preview".into();
        assert_eq!(
            repository.edit_url("content/a b.md"),
            "https://github.com/o/site/edit/preview/sites/%E7%A7%91%E5%AD%A6/content/a%20b.md"
        );
        let yaml = "title: T\nbase_url: https://e.org/\nrepo_url: github.com/o/site\n";
        std::fs::write(dir.path().join(CONFIG_FILE), yaml).unwrap();
        let errors = load(dir.path()).unwrap_err();
        let error = errors.iter().next().unwrap();
        assert_eq!((error.line, error.column), (3, 1), "{error:?}");
    }

    #[test]
    fn languages_default_first_with_prefixes() {
        let dir = tempfile::tempdir().unwrap();
        let yaml = "title: T\nbase_url: https://e.org/\nlanguages:\n  - { code: en, name: English }\n  - { code: zh-Hans, name: 中文, prefix: zh, title: 科学城 }\n  - { code: fr }\nfallback: false\n";
        std::fs::write(dir.path().join(CONFIG_FILE), yaml).unwrap();
        let config = load(dir.path()).unwrap();
        assert_eq!(config.language, "en");
        let prefixes: Vec<_> = config.languages.iter().map(|l| l.prefix.as_str()).collect();
        assert_eq!(prefixes, ["", "zh", "fr"]);
        assert_eq!(config.languages[1].title, "科学城");
        assert_eq!(config.languages[2].title, "T");
        assert!(!config.fallback && config.is_multilingual());
        let yaml =
            "title: T\nbase_url: https://e.org/\nlanguages:\n  - { code: en }\n  - { code: 'zh Hans' }\n";
        std::fs::write(dir.path().join(CONFIG_FILE), yaml).unwrap();
        assert!(load(dir.path()).is_err());
    }

    #[test]
    fn language_tags() {
        for good in ["en", "zh-Hans", "zh-CN", "sr-Latn-RS", "de-CH-1996"] {
            assert!(is_language_tag(good), "{good}");
        }
        for bad in ["", "zh_Hans", "1en", "en-", "zh-Hans!"] {
            assert!(!is_language_tag(bad), "{bad}");
        }
    }

    #[test]
    fn locates_nested_keys() {
        let source = "title: x\ncollections:\n  news:\n    sort: -dat\n";
        assert_eq!(locate_key(source, &["collections", "news", "sort"]), (4, 5));
    }

    #[test]
    fn bench_config_loads() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::copy(
            concat!(env!("CARGO_MANIFEST_DIR"), "/site.yaml"),
            dir.path().join("site.yaml"),
        )
        .unwrap();
        let config = load(dir.path()).unwrap();
        assert_eq!(config.collections["news"].list_url, "/news/");
        assert_eq!(config.taxonomies["tags"].index_url, "/tags/");
    }
}

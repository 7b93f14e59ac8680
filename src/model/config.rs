//! `site.yaml` → `SiteConfig`: the site's title and URLs, its collections with their typed
//! schemas, its taxonomies and Markdown options.
//!
//! The file is parsed with serde (unknown keys rejected, so a typo is an error with its line
//! and column), then checked for what serde cannot see: permalink patterns, references to
//! collections that do not exist, defaults of the wrong type. Every problem is reported, each
//! at `site.yaml:line:column`.

use std::path::{Path, PathBuf};

use indexmap::IndexMap;
use serde::Deserialize;

use crate::diagnostics::{Diagnostic, Diagnostics, closest};
use crate::model::permalink::Permalink;
use crate::model::schema::{FieldSpec, FieldType};

/// The config file's name at the site root.
pub const CONFIG_FILE: &str = "site.yaml";
/// The branch edit links go to when `repo_branch` is not set.
pub const DEFAULT_BRANCH: &str = "main";

/// The whole site's configuration.
#[derive(Debug, Clone)]
pub struct SiteConfig {
    /// Site title.
    pub title: String,
    /// Absolute URL of the site's root, always ending in `/`.
    pub base_url: String,
    /// The path part of `base_url` without its trailing `/` (`""` or `/portal`).
    pub base_path: String,
    /// Language code of the default language (`en`), the first of `languages`.
    pub language: String,
    /// The site's languages, the default first; one when `languages:` is not set.
    pub languages: Vec<Language>,
    /// A page in another language links to the default language's item where the item
    /// has no translation (`fallback:`, true unless set).
    pub fallback: bool,
    /// One-line description.
    pub description: String,
    /// Theme folder name under `themes/`.
    pub theme: String,
    /// Free values for templates.
    pub params: serde_yaml::Value,
    /// Collections in file order.
    pub collections: IndexMap<String, Collection>,
    /// Taxonomies in file order.
    pub taxonomies: IndexMap<String, Taxonomy>,
    /// Markdown options.
    pub markdown: MarkdownOptions,
    /// Entries per Atom feed, newest first.
    pub feed_limit: usize,
    /// What a feed entry carries: the summary or the whole page.
    pub feed_content: FeedContent,
    /// Where the site's sources are edited online (`repo_url`), for "edit this page" links.
    pub repository: Option<Repository>,
}

/// The repository that holds the site (`repo_url`, `repo_branch` in `site.yaml`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Repository {
    /// Its web address without a trailing `/` (`https://github.com/owner/site`).
    pub url: String,
    /// The branch edits go to.
    pub branch: String,
    /// The site's folder inside the repository (`""`, or `site/`). Git tells the build;
    /// without git the site is taken to be at the repository's top.
    pub site_folder: String,
}

impl Repository {
    /// The page that edits `source` (`content/news/x.md`, relative to the site root):
    /// `<repo_url>/edit/<branch>/<path from the repository's top>`, the form GitHub, Gitea
    /// and Forgejo use (and GitLab's, with `repo_url` ending in `/-`).
    pub fn edit_url(&self, source: &str) -> String {
        crate::model::permalink::encode_path(&format!(
            "{}/edit/{}/{}{}",
            self.url, self.branch, self.site_folder, source
        ))
    }
}

/// One language of the site (`languages:` in `site.yaml`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Language {
    /// Its BCP 47 tag (`en`, `zh-Hans`), also the suffix of translated files (`x.zh-Hans.md`).
    pub code: String,
    /// Its name in itself (`中文`), for language switchers.
    pub name: String,
    /// The site's title in this language.
    pub title: String,
    /// The site's description in this language.
    pub description: String,
    /// The first URL segment of its pages without slashes (`zh`), `""` for none: the
    /// default language has none unless `prefix_default_language` is set.
    pub prefix: String,
    /// Values of `params` in this language (a tagline, a footer), over the site's.
    pub params: serde_yaml::Mapping,
}

impl SiteConfig {
    /// The default language's code.
    pub fn default_language(&self) -> &str {
        &self.language
    }

    /// The language of `code`, if the site has it.
    pub fn language_of(&self, code: &str) -> Option<&Language> {
        self.languages.iter().find(|l| l.code == code)
    }

    /// True when the site has more than one language.
    pub fn is_multilingual(&self) -> bool {
        self.languages.len() > 1
    }
}

/// What a feed entry carries (`feed_content:` in `site.yaml`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum FeedContent {
    /// The card's summary, as `<summary type="html">`.
    #[default]
    Summary,
    /// The whole rendered page, as `<content type="html">`.
    Full,
}

/// A collection: the items of one folder, sharing a schema and a permalink pattern.
#[derive(Debug, Clone)]
pub struct Collection {
    /// Name, as in `site.yaml`.
    pub name: String,
    /// Title shown in navigation and on the list page.
    pub title: String,
    /// Folder under `content/`.
    pub folder: PathBuf,
    /// Pattern of its items' URLs.
    pub permalink: Permalink,
    /// URL of its list page, derived from the permalink (`/news/`).
    pub list_url: String,
    /// Sort order of its items.
    pub sort: SortKey,
    /// Items per list page.
    pub per_page: usize,
    /// Has its own Atom feed at `<list_url>atom.xml`.
    pub feed: bool,
    /// The schema: built-in fields refined by the config, then the collection's own.
    pub fields: IndexMap<String, FieldSpec>,
}

/// A taxonomy such as tags: each item lists terms, each term gets a page.
#[derive(Debug, Clone)]
pub struct Taxonomy {
    /// Name, also the front matter key.
    pub name: String,
    /// Title shown on its pages.
    pub title: String,
    /// Pattern of a term's URL; holds `{slug}`.
    pub permalink: Permalink,
    /// URL of the page listing all terms (the pattern up to `{slug}`).
    pub index_url: String,
    /// Items per term page.
    pub per_page: usize,
    /// Names of terms by language (`terms:`).
    pub term_names: Vec<crate::link::taxonomy::TermName>,
}

impl Taxonomy {
    /// The name of the term `slug` in language `lang`, when `terms:` gives one.
    pub fn term_name(&self, slug: &str, lang: &str) -> Option<&str> {
        self.term_names
            .iter()
            .find(|t| t.slug == slug)
            .and_then(|t| t.names.get(lang))
            .map(String::as_str)
    }
}

/// How a collection's items are ordered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SortKey {
    /// `title`, `date`, `weight`, or any field of the schema.
    pub field: String,
    /// Written with a leading `-`.
    pub descending: bool,
}

/// Markdown options (`markdown:` in `site.yaml`).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct MarkdownOptions {
    /// Raw HTML in Markdown passes through (true) or is escaped (false).
    pub raw_html: bool,
    /// Straight quotes and dashes become typographic ones.
    pub smart_punctuation: bool,
}

impl Default for MarkdownOptions {
    fn default() -> Self {
        MarkdownOptions {
            raw_html: true,
            smart_punctuation: true,
        }
    }
}

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
    let raw: RawConfig = match serde_yaml::from_str(&source) {
        Ok(raw) => raw,
        Err(err) => {
            diagnostics.push(yaml_error(CONFIG_FILE, &source, &err, 0));
            return Err(diagnostics);
        }
    };
    let config = check(raw, &source, &mut diagnostics);
    if diagnostics.has_errors() {
        Err(diagnostics)
    } else {
        Ok(config)
    }
}

/// A serde_yaml error as a diagnostic; `line_offset` is added to its line (front matter).
pub fn yaml_error(
    file: impl Into<PathBuf>,
    source: &str,
    err: &serde_yaml::Error,
    line_offset: usize,
) -> Diagnostic {
    let text = err.to_string();
    // libyaml says where it gave up and, after ", while scanning a quoted scalar at line L
    // column C", where the construct it could not finish began: the opening quote or bracket
    // is what the author has to fix, so point there.
    let (problem, context) = match text.split_once(", while ") {
        Some((problem, context)) => (problem, Some(context)),
        None => (text.as_str(), None),
    };
    let opened_at = context.and_then(position_in);
    let problem = strip_position(problem);
    let location = opened_at.or_else(|| err.location().map(|l| (l.line(), l.column())));
    let (message, hint) = match unknown_field(problem) {
        Some((field, expected)) => {
            let hint = match closest(field, expected.iter().copied()) {
                Some(near) => format!("did you mean `{near}`?"),
                None => format!("the keys here are: {}", expected.join(", ")),
            };
            let place = problem
                .split_once(": unknown field")
                .map(|(path, _)| format!(" in `{path}`"));
            (
                format!("unknown key `{field}`{}", place.unwrap_or_default()),
                hint,
            )
        }
        None => {
            let what = match context {
                Some(context) => format!("{problem}, while {}", strip_position(context)),
                None => problem.to_string(),
            };
            (format!("invalid YAML: {what}"), yaml_hint(&text).to_string())
        }
    };
    let mut location = location;
    let mut hint = hint;
    if let Some((line, _)) = location {
        let shown = source
            .lines()
            .nth((line + line_offset).saturating_sub(1))
            .unwrap_or("");
        // libyaml calls a tab "a character that cannot start any token": say what it is.
        if shown.trim_start_matches(' ').starts_with('\t') {
            hint = "YAML indents with spaces, never tabs: replace the tab with spaces".to_string();
        }
        // libyaml points at the map that holds a duplicate key: point at the second one.
        if let Some(key) = duplicate_key(problem)
            && let Some(second) = second_occurrence(source, key, line + line_offset)
        {
            location = Some((second - line_offset, 1));
        }
    }
    let mut diagnostic = Diagnostic::error(file, message);
    if let Some((line, column)) = location {
        let width = unknown_field(problem).map_or(1, |(field, _)| field.chars().count());
        diagnostic = diagnostic.at(source, line + line_offset, column, width);
    }
    diagnostic.with_hint(hint)
}

/// `duplicate entry with key "title"` → `title`.
fn duplicate_key(problem: &str) -> Option<&str> {
    let rest = problem.split_once("duplicate entry with key \"")?.1;
    rest.split_once('"').map(|(key, _)| key)
}

/// The 1-based line of the second `key:` at one indentation, from line `from` on.
fn second_occurrence(source: &str, key: &str, from: usize) -> Option<usize> {
    let mut first: Option<usize> = None;
    for (i, line) in source.lines().enumerate().skip(from.saturating_sub(1)) {
        let indent = line.len() - line.trim_start().len();
        let rest = line.trim_start();
        let is_key = rest
            .strip_prefix(key)
            .or_else(|| rest.strip_prefix(&format!("\"{key}\"")))
            .is_some_and(|after| after.starts_with(':'));
        if !is_key {
            continue;
        }
        match first {
            None => first = Some(indent),
            Some(at) if at == indent => return Some(i + 1),
            Some(_) => {}
        }
    }
    None
}

/// `... at line 3 column 1` → (3, 1).
fn position_in(text: &str) -> Option<(usize, usize)> {
    let rest = &text[text.rfind(" at line ")? + " at line ".len()..];
    let (line, rest) = rest.split_once(" column ")?;
    let column: String = rest.chars().take_while(char::is_ascii_digit).collect();
    Some((line.trim().parse().ok()?, column.parse().ok()?))
}

fn strip_position(text: &str) -> &str {
    text.find(" at line ").map_or(text, |i| &text[..i])
}

/// serde's "unknown field `x`, expected one of `a`, `b`" → (x, [a, b]).
fn unknown_field(message: &str) -> Option<(&str, Vec<&str>)> {
    const UNKNOWN: &str = "unknown field `";
    let rest = &message[message.find(UNKNOWN)? + UNKNOWN.len()..];
    let (field, rest) = rest.split_once('`')?;
    let expected = rest.split('`').skip(1).step_by(2).collect();
    Some((field, expected))
}

fn yaml_hint(message: &str) -> &'static str {
    if message.contains("tab") {
        "YAML indents with spaces, never tabs"
    } else if message.contains("duplicate") {
        "each key may appear once; remove or rename one of them"
    } else if message.contains("unknown field") {
        "check the spelling against the site.yaml reference in the README"
    } else if message.contains("repetition limit") || message.contains("recursion limit") {
        "the YAML expands to too much data (aliases or nesting); write the values out"
    } else if message.contains("quoted scalar") || message.contains("flow") {
        "a quote or bracket is not closed; close it on the same line"
    } else {
        "check the indentation and the quoting on this line"
    }
}

/// Finds the line and column of a nested key (`["collections", "news", "sort"]`) by
/// scanning the source: serde forgets positions once parsing succeeded.
pub fn locate_key(source: &str, path: &[&str]) -> (usize, usize) {
    let mut found = (0, 0);
    let mut lines = source.lines().enumerate();
    for key in path {
        let mut hit = None;
        for (number, line) in lines.by_ref() {
            let trimmed = line.trim_start().trim_start_matches("- ");
            let indent = line.len() - trimmed.len();
            let bare = trimmed.trim_start_matches(['"', '\'']);
            if bare.starts_with(key) && bare[key.len()..].trim_start_matches(['"', '\'']).starts_with(':') {
                hit = Some((number + 1, indent + 1));
                break;
            }
        }
        match hit {
            Some(position) => found = position,
            None => return found,
        }
    }
    found
}

fn check(raw: RawConfig, source: &str, diagnostics: &mut Diagnostics) -> SiteConfig {
    let at = |path: &[&str], message: String, hint: &str| {
        let (line, column) = locate_key(source, path);
        let key_width = path.last().map_or(1, |k| k.chars().count());
        let diagnostic = Diagnostic::error(CONFIG_FILE, message).with_hint(hint);
        if line == 0 {
            diagnostic
        } else {
            diagnostic.at(source, line, column, key_width)
        }
    };
    let (base_url, base_path) = match normalize_base_url(&raw.base_url) {
        Ok(urls) => urls,
        Err(message) => {
            diagnostics.push(at(
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
        let pattern = raw_taxonomy
            .permalink
            .unwrap_or_else(|| format!("/{name}/{{slug}}/"));
        let permalink = match Permalink::parse(&pattern) {
            Ok(p) if p.has_slug() && !p.has_date() => p,
            Ok(_) => {
                diagnostics.push(at(
                    &["taxonomies", &name, "permalink"],
                    format!("the permalink of taxonomy `{name}` must hold `{{slug}}` and no date"),
                    "for example /tags/{slug}/",
                ));
                continue;
            }
            Err(message) => {
                diagnostics.push(at(
                    &["taxonomies", &name, "permalink"],
                    message,
                    "for example /tags/{slug}/",
                ));
                continue;
            }
        };
        let index_url = permalink.prefix_before_slug();
        taxonomies.insert(
            name.clone(),
            Taxonomy {
                title: raw_taxonomy.title.unwrap_or_else(|| title_case(&name)),
                name,
                permalink,
                index_url,
                per_page: raw_taxonomy.per_page.unwrap_or(20).max(1),
                term_names: Vec::new(),
            },
        );
    }

    let collection_names: Vec<String> = raw.collections.keys().cloned().collect();
    let mut collections = IndexMap::new();
    for (name, raw_collection) in raw.collections {
        let folder = PathBuf::from(raw_collection.folder.clone().unwrap_or_else(|| name.clone()));
        if !crate::model::permalink::is_safe_relative(&folder) {
            diagnostics.push(at(
                &["collections", &name, "folder"],
                format!("the folder of collection `{name}` must be a plain path inside content/"),
                "write a relative path without `..`, such as news",
            ));
        }
        let pattern = raw_collection
            .permalink
            .clone()
            .unwrap_or_else(|| format!("/{name}/{{slug}}/"));
        let permalink = match Permalink::parse(&pattern) {
            Ok(p) if p.has_slug() => p,
            Ok(_) => {
                diagnostics.push(at(
                    &["collections", &name, "permalink"],
                    format!("the permalink of collection `{name}` must hold `{{slug}}`"),
                    "for example /news/{year}/{slug}/",
                ));
                continue;
            }
            Err(message) => {
                diagnostics.push(at(
                    &["collections", &name, "permalink"],
                    message,
                    "for example /news/{year}/{slug}/",
                ));
                continue;
            }
        };
        let mut fields = crate::model::schema::builtin_fields(taxonomies.keys());
        for (field_name, raw_field) in raw_collection.fields {
            let path = ["collections", name.as_str(), "fields", field_name.as_str()];
            match crate::model::schema::field_spec(&raw_field, &collection_names) {
                Ok(spec) => {
                    if let Some(builtin) = fields.get(&field_name)
                        && !crate::model::schema::refines(&builtin.field_type, &spec.field_type)
                    {
                        diagnostics.push(at(
                            &path,
                            format!(
                                "`{field_name}` is a built-in field of type {}; it cannot become {}",
                                builtin.field_type, spec.field_type
                            ),
                            "keep the built-in type (you may still make it required or give a default)",
                        ));
                        continue;
                    }
                    fields.insert(field_name, spec);
                }
                Err((message, hint)) => diagnostics.push(at(&path, message, &hint)),
            }
        }
        let sort = parse_sort(raw_collection.sort.as_deref().unwrap_or("-date"));
        if !fields.contains_key(&sort.field) {
            let hint = match closest(&sort.field, fields.keys().map(String::as_str)) {
                Some(near) => format!("did you mean `{near}`?"),
                None => "sort by title, date, -date, weight, or a field of the schema".into(),
            };
            diagnostics.push(at(
                &["collections", &name, "sort"],
                format!(
                    "collection `{name}` sorts by `{}`, which is not one of its fields",
                    sort.field
                ),
                &hint,
            ));
        }
        let list_url = permalink.prefix_before_placeholders();
        collections.insert(
            name.clone(),
            Collection {
                title: raw_collection.title.unwrap_or_else(|| title_case(&name)),
                name,
                folder,
                permalink,
                list_url,
                sort,
                per_page: raw_collection.per_page.unwrap_or(20).max(1),
                feed: raw_collection.feed,
                fields,
            },
        );
    }
    check_overlapping_folders(&collections, source, diagnostics);
    let repository = raw.repo_url.and_then(|url| {
        let branch = raw.repo_branch.unwrap_or_else(|| DEFAULT_BRANCH.into());
        let valid_url = normalize_base_url(&url).is_ok() && !url.contains(['?', '#']);
        if !valid_url {
            diagnostics.push(at(
                &["repo_url"],
                format!("repo_url `{url}` is not the web address of a repository"),
                "write it as https://github.com/owner/site (for GitLab: https://gitlab.com/group/site/-)",
            ));
        }
        if branch.trim().is_empty() || branch.contains(char::is_whitespace) {
            diagnostics.push(at(
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
    });

    let description = raw.description.unwrap_or_default();
    let languages = check_languages(
        raw.languages,
        raw.language.as_deref(),
        raw.prefix_default_language,
        &raw.title,
        &description,
        &mut |path: &[&str], message: String, hint: &str| diagnostics.push(at(path, message, hint)),
    );
    for (name, raw) in raw_term_names {
        let names = crate::link::taxonomy::check_term_names(&name, raw, &languages, source, diagnostics);
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
        feed_limit: raw.feed_limit.unwrap_or(20).max(1),
        feed_content: raw.feed_content.unwrap_or_default(),
        repository,
    }
}

/// The languages of `languages:`, checked, or the one language of `language:`.
fn check_languages(
    raw: Vec<RawLanguage>,
    language: Option<&str>,
    prefix_default: bool,
    title: &str,
    description: &str,
    report: &mut dyn FnMut(&[&str], String, &str),
) -> Vec<Language> {
    let mut languages: Vec<Language> = Vec::with_capacity(raw.len().max(1));
    if raw.is_empty() {
        let code = language.unwrap_or("en").to_string();
        languages.push(Language {
            name: code.clone(),
            prefix: if prefix_default {
                code.to_lowercase()
            } else {
                String::new()
            },
            code,
            title: title.to_string(),
            description: description.to_string(),
            params: serde_yaml::Mapping::new(),
        });
        return languages;
    }
    if let Some(written) = language
        && written != raw[0].code
    {
        report(
            &["language"],
            format!(
                "`language: {written}` differs from the first of `languages:` (`{}`), the default",
                raw[0].code
            ),
            "remove `language:`; the first of `languages:` is the default language",
        );
    }
    for (i, entry) in raw.into_iter().enumerate() {
        if !is_language_tag(&entry.code) {
            report(
                &["languages", "code"],
                format!("`{}` is not a language tag", entry.code),
                "write a BCP 47 tag such as en, zh-Hans or zh-CN",
            );
            continue;
        }
        let is_default = i == 0;
        let prefix = match entry.prefix {
            Some(prefix) => prefix.trim_matches('/').to_string(),
            None if is_default && !prefix_default => String::new(),
            None => entry.code.to_lowercase(),
        };
        let prefix_ok = crate::model::permalink::check_slug(&prefix).is_ok() && !prefix.contains('/');
        if (!prefix.is_empty() || !is_default || prefix_default) && !prefix_ok {
            report(
                &["languages", "prefix"],
                format!(
                    "the prefix `{prefix}` of language `{}` cannot be a URL segment",
                    entry.code
                ),
                "write one segment of letters, digits and `-`, such as zh",
            );
            continue;
        }
        if languages
            .iter()
            .any(|l| l.code == entry.code || l.prefix == prefix)
        {
            report(
                &["languages", "code"],
                format!(
                    "language `{}` or its prefix `{prefix}` is listed twice",
                    entry.code
                ),
                "give each language its own code and prefix",
            );
            continue;
        }
        let params = match entry.params {
            None => serde_yaml::Mapping::new(),
            Some(serde_yaml::Value::Mapping(params)) => params,
            Some(_) => {
                report(
                    &["languages", "params"],
                    format!("the `params` of language `{}` must be a map", entry.code),
                    "write `params: { tagline: … }`, the keys of the site's `params` to replace",
                );
                serde_yaml::Mapping::new()
            }
        };
        languages.push(Language {
            params,
            name: entry.name.unwrap_or_else(|| entry.code.clone()),
            title: entry.title.unwrap_or_else(|| title.to_string()),
            description: entry.description.unwrap_or_else(|| description.to_string()),
            prefix,
            code: entry.code,
        });
    }
    if languages.is_empty() {
        languages.push(Language {
            code: "en".into(),
            name: "en".into(),
            title: title.to_string(),
            description: description.to_string(),
            prefix: String::new(),
            params: serde_yaml::Mapping::new(),
        });
    }
    languages
}

/// A BCP 47 tag's shape: subtags of 1–8 ASCII letters or digits joined by `-`, the first
/// of letters (`en`, `zh-Hans`, `zh-Hant-TW`, `sr-Latn`).
pub fn is_language_tag(code: &str) -> bool {
    let mut subtags = code.split('-');
    let first_ok = subtags
        .next()
        .is_some_and(|s| (1..=8).contains(&s.len()) && s.chars().all(|c| c.is_ascii_alphabetic()));
    first_ok && subtags.all(|s| (1..=8).contains(&s.len()) && s.chars().all(|c| c.is_ascii_alphanumeric()))
}

fn check_overlapping_folders(
    collections: &IndexMap<String, Collection>,
    source: &str,
    diagnostics: &mut Diagnostics,
) {
    for (i, a) in collections.values().enumerate() {
        for b in collections.values().skip(i + 1) {
            if a.folder.starts_with(&b.folder) || b.folder.starts_with(&a.folder) {
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

fn parse_sort(sort: &str) -> SortKey {
    match sort.strip_prefix('-') {
        Some(field) => SortKey {
            field: field.trim().to_string(),
            descending: true,
        },
        None => SortKey {
            field: sort.trim().to_string(),
            descending: false,
        },
    }
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

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    title: String,
    base_url: String,
    language: Option<String>,
    #[serde(default)]
    languages: Vec<RawLanguage>,
    #[serde(default)]
    prefix_default_language: bool,
    fallback: Option<bool>,
    description: Option<String>,
    theme: Option<String>,
    params: Option<serde_yaml::Value>,
    #[serde(default)]
    collections: IndexMap<String, RawCollection>,
    #[serde(default)]
    taxonomies: IndexMap<String, RawTaxonomy>,
    markdown: Option<MarkdownOptions>,
    feed_limit: Option<usize>,
    feed_content: Option<FeedContent>,
    repo_url: Option<String>,
    repo_branch: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCollection {
    title: Option<String>,
    folder: Option<String>,
    permalink: Option<String>,
    sort: Option<String>,
    per_page: Option<usize>,
    #[serde(default)]
    feed: bool,
    #[serde(default)]
    fields: IndexMap<String, RawField>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawLanguage {
    code: String,
    name: Option<String>,
    title: Option<String>,
    description: Option<String>,
    prefix: Option<String>,
    params: Option<serde_yaml::Value>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTaxonomy {
    title: Option<String>,
    permalink: Option<String>,
    per_page: Option<usize>,
    #[serde(default)]
    terms: IndexMap<String, IndexMap<String, String>>,
}

/// A field as written in `site.yaml`, before its type is checked.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawField {
    /// The type's name.
    #[serde(rename = "type")]
    pub type_name: String,
    /// Must every item set it?
    #[serde(default)]
    pub required: bool,
    /// Value when an item does not set it.
    pub default: Option<serde_yaml::Value>,
    /// Allowed values of an `enum`.
    pub values: Option<Vec<String>>,
    /// Element type of a `list`.
    pub of: Option<Box<RawField>>,
    /// Target of a `reference`.
    pub collection: Option<String>,
    /// Free text for people reading the config.
    pub description: Option<String>,
}

/// Field types in the order the README lists them, for hints.
pub const TYPE_NAMES: &[&str] = &[
    "string",
    "text",
    "integer",
    "float",
    "bool",
    "date",
    "datetime",
    "url",
    "email",
    "enum",
    "list",
    "reference",
];

impl FieldType {
    /// True for a reference or a list of references.
    pub fn reference_target(&self) -> Option<&str> {
        match self {
            FieldType::Reference(target) => Some(target),
            FieldType::List(inner) => inner.reference_target(),
            _ => None,
        }
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

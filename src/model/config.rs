//! The site's configuration as the stages use it: title and URLs, languages, collections
//! with their typed schemas, taxonomies and Markdown options. `load::config` makes it from
//! `site.yaml` and checks it; nothing here can be wrong.

use std::path::PathBuf;

use indexmap::IndexMap;
use serde::Deserialize;

use crate::model::permalink::Permalink;
use crate::model::schema::FieldSpec;

/// The config file's name at the site root.
pub const CONFIG_FILE: &str = "site.yaml";
/// The default output folder under the site root.
pub const OUTPUT_DIR: &str = "output";
/// The site's static folder (also each theme's).
pub const STATIC_DIR: &str = "static";
/// The content folder's name under the site root.
pub const CONTENT_DIR: &str = "content";
/// The themes folder under the site root.
pub const THEMES_DIR: &str = "themes";
/// The site's own templates folder.
pub const TEMPLATES_DIR: &str = "templates";
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
    /// How the pictures pages show are resized (`images:`).
    pub images: ImageSettings,
    /// Entries per Atom feed, newest first.
    pub feed_limit: usize,
    /// What a feed entry carries: the summary or the whole page.
    pub feed_content: FeedContent,
    /// Where the site's sources are edited online (`repo_url`), for "edit this page" links.
    pub repository: Option<Repository>,
    /// The search index (`search:`), on unless `search: false`.
    pub search: Search,
    /// The editor for authors (`cms:`), off unless set.
    pub cms: Option<Cms>,
    /// The site's logo (`logo:`): the URL path of one of its static files, an SVG or a
    /// PNG, which the favicons are made from and structured data names.
    pub logo: Option<String>,
    /// The logo's file, found among the static files by the load stage.
    pub logo_file: Option<std::path::PathBuf>,
    /// A `slug:` an author wrote is made a slug as file names are (`slugify: true`), or
    /// kept as written, capitals and dots included (the default), so old URLs survive.
    pub slugify: bool,
    /// Whether a broken link fails the build (`links:`).
    pub links: LinkProblems,
    /// Path prefixes of the site served by something else (`external_paths:`, such as
    /// `/api/`): links into them are not checked.
    pub external_paths: Vec<String>,
}

/// What a broken link is (`links:` in `site.yaml`, or `--links`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum LinkProblems {
    /// An error: the build fails and writes nothing.
    #[default]
    Error,
    /// A warning: reported, and the site is written; for a site being migrated.
    Warn,
}

/// How a heading's id is made from its text (`markdown.heading_ids:`), so that the
/// `#anchors` an old site's readers and pages use keep working.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum HeadingIds {
    /// gazette's: the slug of the text (`My_anchor 🚀` → `my_anchor`).
    #[default]
    Gazette,
    /// GitHub's and Goldmark's (Hugo's): lowercase, punctuation and emoji dropped, each
    /// space a `-` (`My_anchor 🚀` → `my_anchor-`).
    Github,
    /// Zola's: the text slugified to ASCII words joined by `-`, emoji and other scripts
    /// spelled out (`My_anchor 🚀` → `my-anchor-rocket`).
    Zola,
}

/// What the search index holds and how it ranks (`search:` in `site.yaml`).
#[derive(Debug, Clone, PartialEq)]
pub struct Search {
    /// `gazette build` writes the index and the search pages.
    pub enabled: bool,
    /// Fields and taxonomies a search can be narrowed by, besides the collection and the
    /// year, which every index has.
    pub filters: Vec<String>,
    /// Fields each result shows (an institution's kind, a news item's author), besides its
    /// title, date and excerpt.
    pub show: Vec<String>,
    /// How much a collection's matches count (1 unless set): an item of a collection of
    /// weight 2 ranks above one of weight 1 that matches the same way.
    pub weights: IndexMap<String, f32>,
}

impl Default for Search {
    fn default() -> Search {
        Search {
            enabled: true,
            filters: Vec::new(),
            show: Vec::new(),
            weights: IndexMap::new(),
        }
    }
}

/// The git-backed editor gazette generates from the schema (`cms:` in `site.yaml`).
#[derive(Debug, Clone, PartialEq)]
pub struct Cms {
    /// Which editor `/admin/` loads; both read the same configuration.
    pub app: CmsApp,
    /// The URL of the editor's script: a pinned copy on a CDN unless the site hosts one.
    pub script: String,
    /// The CMS's `backend:` as written (GitHub, GitLab, Gitea…); gazette passes it on.
    pub backend: serde_yaml::Mapping,
    /// Where uploaded pictures go, relative to the site's root (under `static/`).
    pub media_folder: String,
}

/// The editors `/admin/` can load.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CmsApp {
    /// Decap CMS (formerly Netlify CMS).
    Decap,
    /// Sveltia CMS, which reads Decap's configuration.
    Sveltia,
}

impl CmsApp {
    /// The name written in `site.yaml`.
    pub fn name(self) -> &'static str {
        match self {
            CmsApp::Decap => "decap",
            CmsApp::Sveltia => "sveltia",
        }
    }

    /// The pinned release `/admin/` loads when the site names no script of its own.
    pub fn default_script(self) -> &'static str {
        match self {
            CmsApp::Decap => "https://unpkg.com/decap-cms@3.16.3/dist/decap-cms.js",
            CmsApp::Sveltia => "https://unpkg.com/@sveltia/cms@0.221.1/dist/sveltia-cms.js",
        }
    }
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
    pub sort: SortOrder,
    /// Items per list page.
    pub per_page: usize,
    /// Has its own Atom feed at `<list_url>atom.xml`.
    pub feed: bool,
    /// The schema: built-in fields refined by the config, then the collection's own.
    pub fields: IndexMap<String, FieldSpec>,
    /// The schema of its `_index.md` (`intro_fields:`), built-in fields included: what the
    /// text above its list may set, for its template (`collection.fields`).
    pub intro_fields: IndexMap<String, FieldSpec>,
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
    pub term_names: Vec<TermName>,
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
pub struct SortOrder {
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
    /// How a heading's id is made from its text.
    pub heading_ids: HeadingIds,
    /// Fenced code blocks that name their language are coloured.
    pub highlight: bool,
}

impl Default for MarkdownOptions {
    fn default() -> Self {
        MarkdownOptions {
            raw_html: true,
            smart_punctuation: true,
            heading_ids: HeadingIds::default(),
            highlight: true,
        }
    }
}

/// How pictures are resized (`images:` in `site.yaml`).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct ImageSettings {
    /// The widths of the smaller copies, in pixels; none is wider than its original.
    pub widths: Vec<u32>,
    /// JPEG and WebP quality, 1 to 100.
    pub quality: u8,
    /// The `sizes` attribute of a picture in Markdown: how wide it shows at each screen
    /// width, so the browser picks the smallest copy that is sharp.
    pub sizes: String,
}

impl Default for ImageSettings {
    fn default() -> Self {
        ImageSettings {
            widths: vec![480, 960, 1600],
            quality: 75,
            sizes: "(min-width: 50rem) 46rem, 100vw".into(),
        }
    }
}

/// A term's names by language, as `terms:` under a taxonomy in `site.yaml` writes them:
///
/// ```yaml
/// taxonomies:
///   tags:
///     terms:
///       brain science: { zh-Hans: 脑科学 }
/// ```
///
/// The term keeps its slug, so its pages keep their URLs in every language.
#[derive(Debug, Clone)]
pub struct TermName {
    /// The term as written under `terms:`.
    pub written: String,
    /// Its slug: the term it names, however an item spells it.
    pub slug: String,
    /// Language code → the term's name in that language.
    pub names: IndexMap<String, String>,
    /// Where the term is written in `site.yaml`, for the error when no item carries it.
    pub at: Written,
}

/// Where a value is written in `site.yaml`: its line and column (0 when unknown), the width
/// of the value in characters, and the line itself.
#[derive(Debug, Clone, Default)]
pub struct Written {
    /// 1-based line, 0 when unknown.
    pub line: usize,
    /// 1-based column in characters.
    pub column: usize,
    /// How many characters the value spans.
    pub width: usize,
    /// The line as written.
    pub source_line: Option<String>,
}

/// The URL path of a page at `path` (`/news/x/`) in language `lang`: the language's
/// prefix in front (`/zh/news/x/`), or nothing when the language has no prefix.
pub fn prefixed(config: &SiteConfig, lang: &str, path: &str) -> String {
    match config.language_of(lang) {
        Some(language) if !language.prefix.is_empty() => format!("/{}{path}", language.prefix),
        _ => path.to_string(),
    }
}

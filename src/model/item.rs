//! `Item`: one content file after loading, checked against its schema.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::model::config::CONTENT_DIR;
use crate::model::named::Named;
use crate::model::per_item::Lists;
use crate::model::schema::FieldValue;

/// What a content file is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ItemKind {
    /// An item of a collection (`content/news/2023/x.md`).
    Entry {
        /// The collection's name (shared: `name.rs`).
        collection: &'static str,
    },
    /// A file outside every collection (`content/about.md` → `/about/`).
    Page,
    /// An `_index.md`: the intro text of the home page (`None`) or of a collection.
    Intro {
        /// The collection it introduces.
        collection: Option<String>,
    },
}

/// A place in a file, for diagnostics raised after loading: kept in 32-bit numbers, since
/// every reference and term of a million items has one (a front matter is at most
/// `MAX_FRONT_MATTER_BYTES` long).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Span {
    line: u32,
    column: u32,
    width: u32,
}

impl Span {
    /// 1-based line and column, and how many characters to underline.
    pub fn new(line: usize, column: usize, width: usize) -> Span {
        let narrow = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
        Span {
            line: narrow(line),
            column: narrow(column),
            width: narrow(width),
        }
    }

    /// 1-based line.
    pub fn line(&self) -> usize {
        self.line as usize
    }

    /// 1-based column.
    pub fn column(&self) -> usize {
        self.column as usize
    }

    /// Characters to underline.
    pub fn width(&self) -> usize {
        self.width as usize
    }
}

/// A reference as written: which field, which slug, where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RawReference {
    /// The field holding it (the schema's name, shared: `name.rs`).
    pub field: &'static str,
    /// The collection it points into (shared too).
    pub collection: &'static str,
    /// The slug written.
    pub slug: Box<str>,
    /// Where it is written.
    pub span: Option<Span>,
}

/// A term as written in a taxonomy field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RawTerm {
    /// The name as written (`Brain science`).
    pub name: Box<str>,
    /// Where it is written.
    pub span: Option<Span>,
}

/// An old URL of an item (`aliases:`), as written, where it is written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Alias {
    /// The URL path as written (`/old/path/`), without the site's base path.
    pub path: String,
    /// Where it is written.
    pub span: Option<Span>,
}

/// One loaded content file.
#[derive(Debug, Clone)]
pub struct Item {
    /// Path relative to the site root (`content/news/2023/x.md`), as diagnostics show it.
    pub source: PathBuf,
    /// The content path, where it is not the end of `source` (see [`Item::content_path`];
    /// set by [`Item::set_paths`]).
    pub(crate) content_path_apart: Option<Box<str>>,
    /// Entry, plain page or intro.
    pub kind: ItemKind,
    /// Its language's code: the suffix of a translation (`x.zh-Hans.md`), else the
    /// default language's (shared: `name.rs`).
    pub lang: &'static str,
    /// The translation key, where it is not the content path (a translation's; set by
    /// [`Item::set_paths`]).
    pub(crate) translation_key_apart: Option<Box<str>>,
    /// Title (plain text).
    pub title: Box<str>,
    /// Slug (from `slug`, else from the file name).
    pub slug: Box<str>,
    /// `date`, if set.
    pub date: Option<FieldValue>,
    /// `updated`, if set.
    pub updated: Option<FieldValue>,
    /// `draft: true`.
    pub draft: bool,
    /// `weight` (0 when unset).
    pub weight: i64,
    /// The `summary` field.
    pub summary: Option<Box<str>>,
    /// The collection's own fields (built-ins excluded), defaults applied, in schema order.
    pub fields: Named<FieldValue>,
    /// What only the link stage reads (`None` once the site is linked, in a build).
    pub link_inputs: Option<Box<LinkInputs>>,
    /// Its template and old URLs, which few items set (`None` when neither is): one
    /// pointer an item instead of 48 bytes.
    pub rare: Option<Box<Rare>>,
    /// The file's text up to the end of its front matter (line numbers are the file's).
    pub header: String,
    /// The Markdown body; empty when it was left in its file (`body_file`).
    pub body: String,
    /// Where the body is read again when the load stage did not keep it: on a large site,
    /// bodies past the build's budget stay on disk and live only while their page renders.
    pub body_file: Option<BodyFile>,
    /// 1-based line of the body's first line in the file.
    pub body_line: usize,
}

/// What few items set.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Rare {
    /// The `template` field.
    pub template: Option<String>,
    /// Old URLs that redirect here.
    pub aliases: Vec<Alias>,
}

/// What the link stage reads of an item and nothing after it: kept apart from the item,
/// so that a build frees them once the site is linked (104 bytes an item inline, 96 MB at a
/// million items, even when empty).
#[derive(Debug, Clone, Default)]
pub struct LinkInputs {
    /// The front matter keys the file itself sets (a translation inherits the others).
    pub written: Vec<String>,
    /// References as written, resolved by the link stage.
    pub references: Vec<RawReference>,
    /// Terms by taxonomy, as written.
    pub terms: Lists<RawTerm>,
}

/// What an item forgot of its link inputs, or never had: nothing.
static NO_LINK_INPUTS: std::sync::LazyLock<LinkInputs> = std::sync::LazyLock::new(LinkInputs::default);

/// A body left in its file by the load stage, and how to know it is still the one loaded.
/// The file is named by the item's source under the site's root, which every item shares,
/// rather than by a path of its own (80 bytes an item at a million items).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BodyFile {
    /// The site's root.
    pub root: Arc<Path>,
    /// The source of the file that holds it when that is another item's: a translation
    /// without a body of its own reads its original's.
    pub other_source: Option<Box<Path>>,
    /// Its first byte in the file.
    pub start: usize,
    /// Its length in bytes.
    pub len: usize,
    /// XXH3 of its bytes: a file changed during the build is an error, never a page made
    /// from another text than the one checked.
    pub hash: u64,
}

/// The Markdown file of a page bundle: `news/2023/x/index.md` is the item `x`, and the
/// other files of its folder are published beside its page.
pub const BUNDLE_FILE: &str = "index.md";

impl BodyFile {
    /// The file that holds the body of the item from `source`.
    pub fn path(&self, source: &Path) -> PathBuf {
        self.root.join(self.other_source.as_deref().unwrap_or(source))
    }
}

impl Item {
    /// The `template` field.
    pub fn template(&self) -> Option<&str> {
        self.rare.as_ref()?.template.as_deref()
    }

    /// Old URLs that redirect here.
    pub fn aliases(&self) -> &[Alias] {
        self.rare.as_ref().map_or(&[], |rare| &rare.aliases)
    }

    /// Sets the template and the old URLs, kept apart only when either is set.
    pub fn set_rare(&mut self, template: Option<String>, aliases: Vec<Alias>) {
        self.rare = (template.is_some() || !aliases.is_empty()).then(|| Box::new(Rare { template, aliases }));
    }

    /// Path relative to `content/` with `/` separators (`news/2023/x.md`), as `@/` links
    /// name it: read off `source` (`content/news/2023/x.md`) where it can be.
    pub fn content_path(&self) -> &str {
        match &self.content_path_apart {
            Some(apart) => apart,
            None => self.source_tail().unwrap_or_default(),
        }
    }

    /// `content_path` without the language suffix (`institutions/x.md`): the files of one
    /// item in several languages share it.
    pub fn translation_key(&self) -> &str {
        self.translation_key_apart
            .as_deref()
            .unwrap_or_else(|| self.content_path())
    }

    /// Sets the content path and the translation key, keeping a copy of each only where
    /// it cannot be read off `source`.
    pub fn set_paths(&mut self, content_path: String, translation_key: String) {
        self.content_path_apart = None;
        if self.source_tail() != Some(content_path.as_str()) {
            self.content_path_apart = Some(content_path.into());
        }
        self.translation_key_apart = (translation_key != self.content_path()).then(|| translation_key.into());
    }

    fn source_tail(&self) -> Option<&str> {
        self.source.to_str()?.strip_prefix(CONTENT_DIR)?.strip_prefix('/')
    }

    /// Frees what only the link stage reads: the keys the file sets, and its references
    /// and terms as written (the linked site holds them resolved). A build calls it once
    /// the site is linked; `serve`, which links again as files change, does not.
    pub fn forget_link_inputs(&mut self) {
        self.link_inputs = None;
    }

    /// The keys the file sets, its references and terms as written (nothing once they
    /// are forgotten).
    pub fn link_inputs(&self) -> &LinkInputs {
        self.link_inputs.as_deref().unwrap_or(&NO_LINK_INPUTS)
    }

    /// Whether the body is only white space. A blank body is always kept in memory, so one
    /// left in its file is not.
    pub fn body_is_blank(&self) -> bool {
        self.body_file.is_none() && self.body.trim().is_empty()
    }

    /// The folder of a page bundle under `content/` (`news/2023/x` for
    /// `news/2023/x/index.md` and its translations); `None` for a one-file item.
    pub fn bundle_folder(&self) -> Option<&str> {
        self.translation_key()
            .strip_suffix(BUNDLE_FILE)?
            .strip_suffix('/')
    }

    /// The collection of an entry.
    pub fn collection(&self) -> Option<&str> {
        match &self.kind {
            ItemKind::Entry { collection } => Some(collection),
            _ => None,
        }
    }

    /// The value of a field for sorting: built-ins by name, then the schema's fields.
    pub fn sort_value(&self, field: &str) -> Option<FieldValue> {
        match field {
            "title" => Some(FieldValue::String(self.title.to_string())),
            "slug" => Some(FieldValue::String(self.slug.to_string())),
            "date" => self.date.clone(),
            "updated" => self.updated.clone(),
            "weight" => Some(FieldValue::Integer(self.weight)),
            other => self.fields.get(other).cloned(),
        }
    }
}

//! What a generator's reader hands the rest of the import: each content file as gazette
//! will hold it (`Document`), the files to copy, and what needs a hand edit (`Note`).
//!
//! The readers (`zola.rs`, `hugo.rs`, `jekyll.rs`) know their generator's layout and key
//! names; everything after them (collections, URLs, schemas, writing) is the same for all
//! three, and works on this plain data only.

use std::path::PathBuf;

use serde_yaml::Mapping;

/// One content file of the new site.
#[derive(Debug, Clone)]
pub(crate) struct Document {
    /// Where it came from, relative to the old site's folder (for the report).
    pub source: String,
    /// Where it goes, relative to the new site's `content/`, with `/` separators.
    pub target: String,
    /// Its front matter, keys already renamed to gazette's.
    pub front: Mapping,
    /// Keys kept as comments, because gazette has no place for them: `(key as YAML, why)`.
    pub comments: Vec<(String, String)>,
    /// The Markdown body.
    pub body: String,
    /// 1-based line of the body's first line in the source file.
    pub body_line: usize,
    /// The URLs the old site served it at: its page first, then its old aliases.
    pub old_urls: Vec<String>,
    /// `_index.md`: the text of the home page or of a collection's list.
    pub is_intro: bool,
    /// The collection it joined, once collections are chosen.
    pub collection: Option<String>,
}

/// A file copied as it is: a static file, or a file of a page bundle.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct CopiedFile {
    /// The file in the old site.
    pub from: PathBuf,
    /// Where it goes, relative to the new site's folder (`static/x.png`, `content/a/b.png`).
    pub to: PathBuf,
}

/// Something the import could not do itself, at a place in the old site.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) struct Note {
    /// The file, relative to the old site's folder.
    pub file: String,
    /// 1-based line; 0 for the whole file.
    pub line: usize,
    /// What to do and why.
    pub what: String,
}

/// A generator's reading of the old site.
#[derive(Debug, Default)]
pub(crate) struct SourceSite {
    pub title: Option<String>,
    pub base_url: Option<String>,
    pub description: Option<String>,
    pub language: Option<String>,
    pub documents: Vec<Document>,
    /// Permalink patterns in gazette's form, by folder under `content/`.
    pub permalinks: Vec<(String, String)>,
    /// Taxonomies the old site declares (or uses, for Hugo's and Jekyll's defaults).
    pub taxonomies: Vec<String>,
    /// Term page patterns in gazette's form, by taxonomy, where the old site set one.
    pub term_permalinks: Vec<(String, String)>,
    pub static_files: Vec<CopiedFile>,
    pub bundle_files: Vec<CopiedFile>,
    pub notes: Vec<Note>,
    /// `site.yaml` settings that make gazette behave as the old generator did
    /// (`markdown: { heading_ids: zola }`), as `(key, value as YAML)`.
    pub settings: Vec<(String, String)>,
    /// Links made `@/` links, and other template calls converted, in bodies.
    pub converted_links: usize,
    pub converted_calls: usize,
    /// Per folder under `content/`: the list's sort order and page size from the old site.
    pub list_options: Vec<(String, ListOptions)>,
}

/// How a section lists its pages in the old site.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct ListOptions {
    pub title: Option<String>,
    pub sort: Option<String>,
    pub per_page: Option<u64>,
}

impl Document {
    /// A document from its source path and target path, with nothing in it yet.
    pub(crate) fn new(source: impl Into<String>, target: impl Into<String>) -> Document {
        Document {
            source: source.into(),
            target: target.into(),
            front: Mapping::new(),
            comments: Vec::new(),
            body: String::new(),
            body_line: 1,
            old_urls: Vec::new(),
            is_intro: false,
            collection: None,
        }
    }

    /// The folder of its page under `content/`: a bundle's parent folder, else its own.
    pub(crate) fn folder(&self) -> &str {
        let path = self.target.strip_suffix("/index.md").unwrap_or(&self.target);
        path.rsplit_once('/').map_or("", |(parent, _)| parent)
    }

    /// Keeps `key: value` as a YAML comment, saying why it was left out.
    pub(crate) fn comment_out(&mut self, key: &str, value: &serde_yaml::Value, why: &str) {
        let mut one = Mapping::new();
        one.insert(key.into(), value.clone());
        let text = serde_yaml::to_string(&one).unwrap_or_default();
        self.comments.push((text.trim_end().to_string(), why.to_string()));
    }
}

impl SourceSite {
    /// Notes a hand edit.
    pub(crate) fn note(&mut self, file: &str, line: usize, what: impl Into<String>) {
        self.notes.push(Note {
            file: file.to_string(),
            line,
            what: what.into(),
        });
    }
}

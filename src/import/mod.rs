//! `gazette import`: a new gazette site made from a Zola, Hugo or Jekyll site.
//!
//! A reader per generator (`zola.rs`, `hugo.rs`, `jekyll.rs`) turns the old site into plain
//! data (`document.rs`): each content file with its keys renamed to gazette's, its old URLs,
//! the files to copy and the notes of what needs a hand edit. The rest is common: the
//! collections and URLs (`collections.rs`), each collection's schema inferred from its files
//! (`schema.rs`), the new `site.yaml` (`site_yaml.rs`), and the files written into a folder
//! that was empty, with the report (`report.rs`). Template calls in bodies are converted or
//! listed by `shortcodes.rs`.
//!
//! The old site is only read; the new one is written only once the whole old site has been
//! read and converted, so a site that cannot be read leaves nothing behind.

mod collections;
mod document;
mod front_matter;
mod hugo;
mod jekyll;
mod jekyll_config;
mod report;
mod schema;
mod shortcodes;
mod site_yaml;
mod source;
mod writer;
mod zola;

use std::io;
use std::path::{Path, PathBuf};

use serde_yaml::{Mapping, Value};

pub use report::Report;

use crate::model::schema::builtin_fields;
use collections::{CollectionPlan, UrlOutcome, assign_aliases, url_of};
use document::{Document, SourceSite};
use schema::Inferred;
use site_yaml::SiteYaml;
use writer::Writer;

/// The generators gazette imports from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Generator {
    /// Zola: TOML front matter, sections with `_index.md`, `config.toml`.
    Zola,
    /// Hugo: TOML or YAML front matter, sections, `hugo.toml` or `config.toml`.
    Hugo,
    /// Jekyll: YAML front matter, `_posts/`, `_config.yml`.
    Jekyll,
}

impl Generator {
    /// Its name on the command line.
    pub fn name(self) -> &'static str {
        match self {
            Generator::Zola => "zola",
            Generator::Hugo => "hugo",
            Generator::Jekyll => "jekyll",
        }
    }
}

/// What to import, and where to.
#[derive(Debug)]
pub struct ImportOptions<'a> {
    /// The generator the old site is made for.
    pub generator: Generator,
    /// The old site's folder.
    pub source: &'a Path,
    /// The new site's folder: missing or empty.
    pub dest: &'a Path,
    /// Files written as they are (the default theme), relative to `dest`.
    pub extra_files: Vec<(PathBuf, Vec<u8>)>,
    /// The site's title when the old site names none.
    pub default_title: String,
}

/// Why nothing was imported.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    /// The new site's folder holds files already.
    #[error("{} is not empty (it holds {})", dir.display(), entries.join(", "))]
    NotEmpty {
        /// The folder.
        dir: PathBuf,
        /// A few of its entries.
        entries: Vec<String>,
    },
    /// The old site's folder is not a site of the generator named.
    #[error("{} is not a {generator} site: {why}", dir.display())]
    NotASite {
        /// The folder.
        dir: PathBuf,
        /// The generator named.
        generator: &'static str,
        /// What is missing.
        why: String,
    },
    /// A file could not be read or written.
    #[error("cannot {action} {}: {source}", path.display())]
    Io {
        /// `read` or `write`.
        action: &'static str,
        /// The file.
        path: PathBuf,
        /// Why.
        source: io::Error,
    },
}

/// Imports the old site into a new folder and says what it did.
pub fn import(options: ImportOptions<'_>) -> Result<Report, ImportError> {
    writer::check_empty(options.dest)?;
    if !options.source.is_dir() {
        return Err(ImportError::NotASite {
            dir: options.source.to_path_buf(),
            generator: options.generator.name(),
            why: "there is no such folder".into(),
        });
    }
    let mut site = match options.generator {
        Generator::Zola => zola::read(options.source)?,
        Generator::Hugo => hugo::read(options.source)?,
        Generator::Jekyll => jekyll::read(options.source)?,
    };
    // The old generators did not check links between pages as gazette does: their broken
    // links are reported as warnings until they are fixed, rather than stopping the build.
    site.settings.push(("links".into(), "warn".into()));
    for document in site.documents.iter_mut().filter(|d| !d.is_intro) {
        flatten_tables(document);
    }
    let plans = collections::choose(&mut site);
    collections::place_intros(&mut site, &plans);
    let schemas = fit_front_matter(&mut site, &plans);
    let indexes = taxonomy_indexes(&site);
    drop_pages_at(&mut site, &plans, &indexes);
    let mut reserved = reserved_urls(&plans);
    reserved.extend(indexes);
    let urls = assign_aliases(&mut site.documents, &plans, &reserved);
    for (index, url, why) in &urls.refused {
        let source = site.documents[*index].source.clone();
        site.note(&source, 0, format!("old URL {url} not kept as an alias: {why}"));
    }
    add_titles(&mut site.documents);
    let mut report = count(&site, &plans, &schemas, &urls);
    report.generator = options.generator.name().into();
    site.notes.sort();
    site.notes.dedup();
    report.notes = std::mem::take(&mut site.notes);
    let title = site.title.clone().unwrap_or(options.default_title);
    let config = SiteYaml {
        generator: options.generator.name(),
        title: &title,
        base_url: site.base_url.as_deref().unwrap_or("https://example.org/"),
        description: site.description.as_deref(),
        language: site.language.as_deref(),
        collections: &schemas,
        taxonomies: &site.taxonomies,
        term_permalinks: &site.term_permalinks,
        settings: &site.settings,
    };
    let mut writer = Writer::new(options.dest);
    writer.write_site(&site, &config.text(), &options.extra_files, &report)?;
    Ok(report)
}

/// The report's counts.
fn count(
    site: &SourceSite,
    plans: &[CollectionPlan],
    schemas: &[(CollectionPlan, Inferred)],
    urls: &UrlOutcome,
) -> Report {
    Report {
        files: site.documents.len(),
        intros: site.documents.iter().filter(|d| d.is_intro).count(),
        collections: plans.len(),
        fields: schemas.iter().map(|(_, inferred)| inferred.fields.len()).sum(),
        taxonomies: site.taxonomies.len(),
        bundles: site
            .documents
            .iter()
            .filter(|d| d.target.ends_with("/index.md"))
            .count(),
        bundle_files: site.bundle_files.len(),
        static_files: site.static_files.len(),
        aliases_added: urls.added,
        aliases_carried: urls.carried,
        links: site.converted_links,
        calls: site.converted_calls,
        ..Report::default()
    }
}

/// Fits every document's front matter to gazette: each collection's fields inferred and
/// values fitted to them, built-in fields to their types, and keys with no place in
/// gazette kept as comments. Returns each collection with its fields.
fn fit_front_matter(site: &mut SourceSite, plans: &[CollectionPlan]) -> Vec<(CollectionPlan, Inferred)> {
    let builtins = builtin_fields(site.taxonomies.iter());
    let skip: Vec<&str> = builtins.keys().map(String::as_str).collect();
    let mut schemas = Vec::new();
    for plan in plans {
        let members: Vec<&Mapping> = site
            .documents
            .iter()
            .filter(|d| !d.is_intro && d.collection.as_deref() == Some(&plan.name))
            .map(|d| &d.front)
            .collect();
        let inferred = schema::infer(&members, &skip);
        schemas.push((plan.clone(), inferred));
    }
    // Per collection and key: the first file and how many files hold such a value.
    let mut unsupported: Vec<(Option<String>, String, String, usize)> = Vec::new();
    let empty = Inferred::default();
    let builtins = builtin_fields(site.taxonomies.iter());
    for document in &mut site.documents {
        let inferred = match (&document.collection, document.is_intro) {
            (Some(name), false) => schemas
                .iter()
                .find(|(plan, _)| &plan.name == name)
                .map_or(&empty, |(_, inferred)| inferred),
            _ => &empty,
        };
        let keys: Vec<String> = document
            .front
            .keys()
            .filter_map(Value::as_str)
            .map(str::to_string)
            .collect();
        for key in keys {
            let value = document.front[key.as_str()].clone();
            let kind = builtins
                .get(&key)
                .map(|spec| &spec.field_type)
                .or_else(|| inferred.fields.iter().find(|f| f.name == key).map(|f| &f.kind));
            if let Some(kind) = kind {
                document
                    .front
                    .insert(key.as_str().into(), schema::fit(&value, kind));
                continue;
            }
            document.front.remove(key.as_str());
            let is_unsupported = inferred.unsupported.contains(&key);
            let why = match (is_unsupported, document.is_intro) {
                (true, _) => "no field type of gazette holds this value",
                (false, true) => "a list's or the home page's text takes only the built-in fields",
                (false, false) => "a plain page takes only the built-in fields",
            };
            document.comment_out(&key, &value, why);
            if !is_unsupported {
                continue;
            }
            let seen = unsupported
                .iter_mut()
                .find(|(collection, k, _, _)| *collection == document.collection && *k == key);
            match seen {
                Some(entry) => entry.3 += 1,
                None => unsupported.push((document.collection.clone(), key, document.source.clone(), 1)),
            }
        }
    }
    for (_, key, file, files) in unsupported {
        let more = match files {
            1 => String::new(),
            n => format!(
                " (here and in {})",
                crate::diagnostics::report::count(n - 1, "other file", "other files")
            ),
        };
        site.note(
            &file,
            0,
            format!("`{key}` holds a table or nested lists, which no gazette field type takes; kept as a comment{more}"),
        );
    }
    schemas
}

/// A table of plain values (Zola's `[extra.author]`, a Jekyll theme's `image:`) becomes one
/// key per value, `author_name`, `author_homepage`: gazette's fields hold no tables, and
/// flat keys keep every value typed and checked.
fn flatten_tables(document: &mut Document) {
    let is_plain = |v: &Value| match v {
        Value::Sequence(items) => items
            .iter()
            .all(|i| !matches!(i, Value::Mapping(_) | Value::Sequence(_))),
        Value::Mapping(_) | Value::Tagged(_) => false,
        _ => true,
    };
    let front = std::mem::take(&mut document.front);
    for (key, value) in front {
        let table = match (&key, &value) {
            (Value::String(k), Value::Mapping(table))
                if table.values().all(is_plain) && !table.is_empty() =>
            {
                Some((k.clone(), table.clone()))
            }
            _ => None,
        };
        match table {
            Some((name, table)) => {
                for (inner, value) in table {
                    let Some(inner) = inner.as_str() else { continue };
                    document.front.insert(format!("{name}_{inner}").into(), value);
                }
            }
            None => {
                document.front.insert(key, value);
            }
        }
    }
}

/// The URLs of pages no document is: list pages, taxonomy indexes and the home page.
fn reserved_urls(plans: &[CollectionPlan]) -> Vec<String> {
    let mut reserved = vec!["/".to_string()];
    for plan in plans {
        let mut intro = Document::new("", format!("{}/_index.md", plan.folder));
        intro.is_intro = true;
        intro.collection = Some(plan.name.clone());
        reserved.push(url_of(&intro, plans));
    }
    reserved
}

/// The URL of each taxonomy's page of terms: its pattern up to `{slug}`.
fn taxonomy_indexes(site: &SourceSite) -> Vec<String> {
    site.taxonomies
        .iter()
        .map(
            |name| match site.term_permalinks.iter().find(|(t, _)| t == name) {
                Some((_, pattern)) => pattern.split("{slug}").next().unwrap_or("/").to_string(),
                None => format!("/{name}/"),
            },
        )
        .collect()
}

/// A page at a taxonomy's page of terms (Jekyll's `tag.md` listing the tags) is left
/// out: gazette writes that page itself.
fn drop_pages_at(site: &mut SourceSite, plans: &[CollectionPlan], indexes: &[String]) {
    let mut dropped = Vec::new();
    site.documents.retain(|document| {
        let url = url_of(document, plans);
        let taken = !document.is_intro && indexes.contains(&url);
        if taken {
            dropped.push((document.source.clone(), url));
        }
        !taken
    });
    for (source, url) in dropped {
        site.note(
            &source,
            0,
            format!("not imported: gazette writes the page of terms at {url} itself"),
        );
    }
}

/// A page without a title gets one made from its name: gazette requires it.
fn add_titles(documents: &mut [Document]) {
    for document in documents.iter_mut().filter(|d| !d.is_intro) {
        let has_title = document
            .front
            .get("title")
            .and_then(Value::as_str)
            .is_some_and(|t| !t.trim().is_empty());
        if !has_title {
            let title = crate::load::config::title_case(&collections::slug_of(document));
            document.front.insert("title".into(), title.into());
        }
    }
}

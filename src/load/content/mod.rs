//! The load stage: content files in, checked `Item`s and diagnostics out.
//!
//! Each file is read, split, parsed and checked on its own, so files are loaded in parallel
//! (rayon) and every file's problems are collected: one bad file never hides another's.

mod body_file;
mod front_matter;
mod item;
mod names;
mod toml_front_matter;
pub(crate) use toml_front_matter::yaml_from_toml;
mod typography;

use item::build_item;
pub use names::split_suffix;
use names::{check_slug, slash_path, written_name};
pub(crate) use names::{dated_name, name_of};
mod walk;

use std::path::{Path, PathBuf};
use std::sync::Arc;

use indexmap::IndexMap;
use rayon::prelude::*;

use crate::model::item::{Item, ItemKind};
pub use body_file::{BodyBudget, read_body, read_header};
pub use front_matter::{Format, KeyPosition, KeyPositions, MAX_FRONT_MATTER_BYTES, Split, split};
pub use walk::{is_ignored, walk};

use crate::diagnostics::yaml::yaml_error;
use crate::diagnostics::{Diagnostic, Diagnostics, closest, line_column};
use crate::load::schema::{check_value, describe};
use crate::model::config::{CONTENT_DIR, SiteConfig};
use crate::model::permalink::slugify;
use crate::model::schema::{FieldSpec, FieldType, FieldValue, builtin_fields};

/// The intro file of the home page and of each collection.
pub const INTRO_FILE: &str = "_index.md";

pub use crate::model::item::BUNDLE_FILE;

/// What `content/` holds: its items, and its other files (relative to `content/`), which
/// page bundles publish.
pub struct Content {
    /// Every Markdown file that loaded.
    pub items: Vec<Item>,
    /// Every other file (`news/2023/x/photo.jpg`).
    pub files: Vec<PathBuf>,
}

/// Loads every content file of the site at `root`, every body kept in memory.
pub fn load(root: &Path, config: &SiteConfig) -> (Content, Diagnostics) {
    load_overlaid(root, config, &[])
}

/// Loads every content file, keeping bodies in memory while `budget` has room and leaving
/// the others in their files (`Item::body_file`).
pub fn load_within(root: &Path, config: &SiteConfig, budget: &BodyBudget) -> (Content, Diagnostics) {
    load_all(root, config, &[], budget)
}

/// Loads the content as it would be after a change that is not on disk: each overlay path
/// (relative to `content/`) has the given text in place of its disk text, or with `None`
/// is left out as if deleted. `serve`'s editing API checks a save this way before it
/// writes anything.
pub fn load_overlaid(
    root: &Path,
    config: &SiteConfig,
    overlay: &[(PathBuf, Option<String>)],
) -> (Content, Diagnostics) {
    load_all(root, config, overlay, &BodyBudget::new(usize::MAX))
}

fn load_all(
    root: &Path,
    config: &SiteConfig,
    overlay: &[(PathBuf, Option<String>)],
    budget: &BodyBudget,
) -> (Content, Diagnostics) {
    let content_dir = root.join(CONTENT_DIR);
    // Bodies left in their files are read again under the root every item shares.
    let root_shared: Arc<Path> = Arc::from(root);
    let mut diagnostics = Diagnostics::new();
    let found = walk(&content_dir, Path::new(CONTENT_DIR));
    diagnostics.extend(found.warnings);
    let page_fields = builtin_fields(config.taxonomies.keys());
    let mut markdown = found.markdown;
    markdown.retain(|relative| !overlay.iter().any(|(path, _)| path == relative));
    markdown.extend(
        overlay
            .iter()
            .filter(|(path, text)| text.is_some() && path.extension().is_some_and(|e| e == "md"))
            .map(|(path, _)| path.clone()),
    );
    budget.fit_to(markdown.len());
    if !overlay.is_empty() {
        // In the walk's order, which a path's order is: an added file takes its place.
        markdown.sort();
    }
    let (mut items, file_diagnostics): (Vec<Option<Item>>, Vec<Vec<Diagnostic>>) = markdown
        .par_iter()
        .map(
            |relative| match overlay.iter().find(|(path, _)| path == relative) {
                Some((_, Some(text))) => load_text(relative, text, config, &page_fields),
                _ => load_file(&root_shared, relative, config, &page_fields, budget),
            },
        )
        .unzip();
    diagnostics.extend(file_diagnostics.into_iter().flatten());
    // The items stay where they were loaded: at a million files a second vector of them
    // would be the load stage's peak.
    items.retain(Option::is_some);
    let items = items.into_iter().map(|item| item.expect("kept")).collect();
    let files = found.other;
    (Content { items, files }, diagnostics)
}

/// Loads one file from its text; the parallel loader and `serve`'s reload both call it.
pub fn load_text(
    relative: &Path,
    text: &str,
    config: &SiteConfig,
    page_fields: &IndexMap<String, FieldSpec>,
) -> (Option<Item>, Vec<Diagnostic>) {
    let source = Path::new(CONTENT_DIR).join(relative);
    let mut diagnostics = Vec::new();
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    // A translation (`x.zh-Hans.md`) is named, placed and slugged as its original.
    let (original, lang) = split_suffix(relative, config);
    let is_translation = lang != config.language;
    let kind = match kind_of(&original, config) {
        Some(kind) => kind,
        None => {
            diagnostics.push(
                Diagnostic::warning(&source, "skipped: an `_index.md` outside a collection's folder")
                    .with_hint("`_index.md` belongs at content/ or at a collection's folder"),
            );
            return (None, diagnostics);
        }
    };
    let is_intro = matches!(kind, ItemKind::Intro { .. });
    let Some((parts, mut mapping)) = parse_front_matter(text, &source, is_intro, &mut diagnostics) else {
        return (None, diagnostics);
    };
    // `2024-01-02-hello.md` is dated by its name when its front matter gives no date.
    if let Some((date, _)) = dated_name(written_name(&original))
        && !mapping.contains_key("date")
    {
        mapping.insert("date".into(), date.into());
    }
    let header = &text[..text.len() - parts.body.len()];
    let positions = KeyPositions::scan(parts.front_matter, parts.format, parts.front_matter_line);
    let schema = match &kind {
        ItemKind::Entry { collection } => &config.collections[*collection].fields,
        ItemKind::Intro {
            collection: Some(collection),
        } => &config.collections[collection].intro_fields,
        _ => page_fields,
    };
    let mut checked = check_fields(
        &mapping,
        schema,
        &positions,
        header,
        &source,
        // A translation inherits the fields it leaves out.
        is_intro || is_translation,
        &mut diagnostics,
    );
    if is_intro {
        // An intro's URL is its collection's; a slug it writes names nothing, and is made safe.
        if let Some(FieldValue::String(slug)) = checked.get_mut("slug") {
            *slug = slugify(slug);
        }
    } else if !check_slug(
        &original,
        &mut checked,
        config.slugify,
        &positions,
        header,
        &source,
        &mut diagnostics,
    ) {
        // The file name stands in, so the bad slug causes no second error (a duplicate).
        checked.shift_remove("slug");
    }
    let mut item = build_item(
        &original, source, kind, checked, schema, &positions, header, parts,
    );
    if let Some(item) = &mut item {
        item.set_paths(slash_path(relative), slash_path(&original));
        if config.markdown.smart_punctuation {
            // Kept for the whole build: boxed, with no room left over from the rewriting.
            item.title = typography::smarten(&item.title).into();
            item.summary = item
                .summary
                .as_deref()
                .map(|summary| typography::smarten(summary).into());
        }
        // Only a translation inherits what its file leaves unset, so only a translation
        // needs to know which keys its file sets: some 250 bytes an item, not kept for the
        // others.
        if lang != config.language {
            item.link_inputs.get_or_insert_default().written = mapping
                .keys()
                .filter_map(|k| k.as_str().map(str::to_string))
                .collect();
        }
        item.lang = crate::model::name::shared(&lang);
    }
    (item, diagnostics)
}

/// The front matter of `text` as a YAML map, with where the parts of the file are; `None`
/// when it is not one (reported). An intro may be plain Markdown without front matter.
fn parse_front_matter<'t>(
    text: &'t str,
    source: &Path,
    is_intro: bool,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<(Split<'t>, serde_yaml::Mapping)> {
    let parts = match split(text) {
        Ok(parts) => parts,
        // An intro may be plain Markdown without front matter.
        Err(err) if is_intro && err.line == 1 => Split {
            front_matter: "",
            format: Format::Yaml,
            front_matter_line: 1,
            body: text,
            body_line: 1,
        },
        Err(err) => {
            let mut d = Diagnostic::error(source, err.message).with_hint(err.hint);
            if err.line > 0 {
                d = d.at(text, err.line, 1, 3);
            }
            diagnostics.push(d);
            return None;
        }
    };
    let header = &text[..text.len() - parts.body.len()];
    if parts.front_matter.len() > MAX_FRONT_MATTER_BYTES {
        diagnostics.push(
            Diagnostic::error(
                source,
                format!(
                    "the front matter is {} KiB; gazette reads at most {} KiB",
                    parts.front_matter.len() / 1024,
                    MAX_FRONT_MATTER_BYTES / 1024
                ),
            )
            .at(text, 1, 1, 3)
            .with_hint("move long text into the Markdown body below the closing `---`"),
        );
        return None;
    }
    let yaml: serde_yaml::Value = if parts.front_matter.trim().is_empty() {
        serde_yaml::Value::Mapping(Default::default())
    } else if parts.format == Format::Toml {
        match toml_front_matter::parse(parts.front_matter) {
            Ok(mapping) => serde_yaml::Value::Mapping(mapping),
            Err(err) => {
                diagnostics.push(toml_error(source, header, &parts, err));
                return None;
            }
        }
    } else {
        match serde_yaml::from_str(parts.front_matter) {
            Ok(value) => value,
            Err(err) => {
                diagnostics.push(yaml_error(source, header, &err, parts.front_matter_line - 1));
                return None;
            }
        }
    };
    let mapping = match yaml {
        serde_yaml::Value::Mapping(mapping) => mapping,
        serde_yaml::Value::Null => Default::default(),
        other => {
            diagnostics.push(
                Diagnostic::error(
                    source,
                    format!(
                        "the front matter must be a map of keys, found {}",
                        describe(&other)
                    ),
                )
                .at(header, parts.front_matter_line, 1, 1)
                .with_hint("write one `key: value` per line, such as `title: Jinfeng Laboratory`"),
            );
            return None;
        }
    };
    Some((parts, mapping))
}

/// A TOML front matter that does not parse, at the place the parser names.
fn toml_error(
    source: &Path,
    header: &str,
    parts: &Split<'_>,
    err: toml_front_matter::TomlError,
) -> Diagnostic {
    let d = Diagnostic::error(
        source,
        format!("the TOML front matter does not parse: {}", err.message),
    )
    .with_hint("fix the TOML between the `+++` lines, or write the front matter as YAML between `---` lines");
    match err.span {
        Some(span) => {
            let (line, column) = line_column(parts.front_matter, span.start);
            d.at(
                header,
                parts.front_matter_line + line - 1,
                column,
                span.len().max(1),
            )
        }
        None => d.at(header, 1, 1, 3),
    }
}

fn load_file(
    root: &Arc<Path>,
    relative: &Path,
    config: &SiteConfig,
    page_fields: &IndexMap<String, FieldSpec>,
    budget: &BodyBudget,
) -> (Option<Item>, Vec<Diagnostic>) {
    let source = Path::new(CONTENT_DIR).join(relative);
    let path = root.join(&source);
    let bytes = match std::fs::read(&path) {
        Ok(bytes) => bytes,
        Err(err) => {
            let d = Diagnostic::error(&source, format!("cannot read the file: {err}"))
                .with_hint("check that the file exists and that you may read it");
            return (None, vec![d]);
        }
    };
    match std::str::from_utf8(&bytes) {
        Ok(text) => {
            let (mut item, diagnostics) = load_text(relative, text, config, page_fields);
            if let Some(item) = &mut item {
                // The body is the end of the file.
                body_file::keep_or_leave(item, root, bytes.len() - item.body.len(), budget);
            }
            (item, diagnostics)
        }
        Err(err) => {
            let offset = err.valid_up_to();
            let text = String::from_utf8_lossy(&bytes[..offset]);
            let d = Diagnostic::error(
                &source,
                format!("the file is not valid UTF-8 (bad byte at offset {offset})"),
            )
            .at_offset(&text, offset, 1)
            .with_hint("save the file as UTF-8 in your editor");
            (None, vec![d])
        }
    }
}

fn kind_of(relative: &Path, config: &SiteConfig) -> Option<ItemKind> {
    let parent = relative.parent().unwrap_or(Path::new(""));
    let collection = config
        .collections
        .values()
        // A collection at the root holds the files of content/ itself, as Zola's root
        // section does; a file in a folder no collection has stays a plain page.
        .filter(|c| {
            parent.starts_with(&c.folder)
                && (parent.as_os_str().is_empty() || !c.folder.as_os_str().is_empty())
        })
        // Of nested folders, the deepest is the file's collection.
        .max_by_key(|c| c.folder.components().count())
        .map(|c| (c.name.clone(), parent == c.folder));
    let is_intro = relative.file_name().is_some_and(|n| n == INTRO_FILE);
    match (is_intro, collection) {
        (true, _) if parent.as_os_str().is_empty() => Some(ItemKind::Intro { collection: None }),
        (true, Some((name, true))) => Some(ItemKind::Intro {
            collection: Some(name),
        }),
        (true, _) => None,
        (false, Some((collection, _))) => Some(ItemKind::Entry {
            collection: crate::model::name::shared(&collection),
        }),
        (false, None) => Some(ItemKind::Page),
    }
}

fn check_fields(
    mapping: &serde_yaml::Mapping,
    schema: &IndexMap<String, FieldSpec>,
    positions: &KeyPositions,
    header: &str,
    source: &Path,
    is_intro: bool,
    diagnostics: &mut Vec<Diagnostic>,
) -> IndexMap<String, FieldValue> {
    let mut values = IndexMap::new();
    // Keys written with a value, valid or not: an invalid one is not also "missing".
    let mut written: Vec<&str> = Vec::new();
    // Keys written with nothing after them (`kind:`), as `gazette new` leaves required ones.
    let mut empty: Vec<&str> = Vec::new();
    for (key, value) in mapping {
        let Some(key) = key.as_str() else {
            diagnostics.push(
                Diagnostic::error(source, "a front matter key must be text")
                    .with_hint("write keys as plain words, such as `title:`"),
            );
            continue;
        };
        let position = positions.get(key);
        let Some(spec) = schema.get(key) else {
            let mut d = Diagnostic::error(source, format!("unknown field `{key}`"));
            if let Some(p) = position {
                d = d.at(header, p.line, p.key_column, p.key_width);
            }
            let hint = match closest(key, schema.keys().map(String::as_str)) {
                Some(near) => format!("did you mean `{near}`?"),
                None => format!(
                    "the fields here are: {}",
                    schema.keys().map(String::as_str).collect::<Vec<_>>().join(", ")
                ),
            };
            diagnostics.push(d.with_hint(hint));
            continue;
        };
        if value.is_null() {
            empty.push(key);
            continue;
        }
        written.push(key);
        match check_value(&spec.field_type, value) {
            Ok(checked) => {
                values.insert(key.to_string(), checked);
            }
            Err(problem) => {
                let mut d = Diagnostic::error(source, format!("field `{key}`: {}", problem.message))
                    .with_hint(problem.hint);
                if let Some(p) = position {
                    let element = problem.element.and_then(|i| p.elements.get(i));
                    d = match element {
                        Some(&(line, column, width)) => d.at(header, line, column, width),
                        None if p.value_column > 0 => d.at(header, p.line, p.value_column, p.value_width),
                        None => d.at(header, p.line, p.key_column, p.key_width),
                    };
                }
                diagnostics.push(d);
            }
        }
    }
    for (name, spec) in schema {
        if values.contains_key(name) || written.contains(&name.as_str()) {
            continue;
        }
        if let Some(default) = &spec.default {
            values.insert(name.clone(), default.clone());
        } else if spec.required && !is_intro && empty.contains(&name.as_str()) {
            let mut d = Diagnostic::error(source, format!("the required field `{name}` is empty"));
            if let Some(p) = positions.get(name.as_str()) {
                d = d.at(header, p.line, p.key_column, p.key_width);
            }
            diagnostics.push(d.with_hint(format!("fill it in: {}", value_hint(&spec.field_type))));
        } else if spec.required && !is_intro {
            diagnostics.push(
                Diagnostic::error(source, format!("missing required field `{name}`"))
                    .at(header, 1, 1, 3)
                    .with_hint(format!("add `{name}:` ({}) to the front matter", spec.field_type)),
            );
        }
    }
    values
}

/// What a value of `field_type` looks like, for an author filling one in.
fn value_hint(field_type: &FieldType) -> String {
    match field_type {
        FieldType::Enum(values) => format!("one of {}", values.join(", ")),
        FieldType::Reference(collection) => format!("the slug of an item of `{collection}`"),
        FieldType::List(inner) => match inner.as_ref() {
            FieldType::Reference(collection) => {
                format!("a list of slugs of `{collection}` items, such as [a, b]")
            }
            inner => format!("a list of {inner} values, such as [a, b]"),
        },
        FieldType::Date => "a date, such as 2023-03-06".into(),
        other => format!("a {other}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::config::prefixed;

    fn config(languages: &str) -> SiteConfig {
        let dir = tempfile::tempdir().unwrap();
        let yaml = format!("title: T\nbase_url: https://e.org/\n{languages}");
        std::fs::write(dir.path().join(crate::model::config::CONFIG_FILE), yaml).unwrap();
        crate::load::config::load(dir.path()).unwrap()
    }

    #[test]
    fn translations_are_named_by_suffix() {
        let config = config("languages:\n  - { code: en }\n  - { code: zh-Hans, prefix: zh }\n");
        let (base, lang) = split_suffix(Path::new("news/x.zh-Hans.md"), &config);
        assert_eq!((base, lang.as_str()), (PathBuf::from("news/x.md"), "zh-Hans"));
        // The default language's code, or a code the site lacks, is part of the name.
        let (base, lang) = split_suffix(Path::new("news/v1.2.md"), &config);
        assert_eq!((base, lang.as_str()), (PathBuf::from("news/v1.2.md"), "en"));
        let (base, _) = split_suffix(Path::new("news/x.en.md"), &config);
        assert_eq!(base, PathBuf::from("news/x.en.md"));
        assert_eq!(prefixed(&config, "zh-Hans", "/news/x/"), "/zh/news/x/");
        assert_eq!(prefixed(&config, "en", "/news/x/"), "/news/x/");
    }

    #[test]
    fn one_language_has_no_suffixes() {
        let config = config("");
        let (base, lang) = split_suffix(Path::new("news/x.zh-Hans.md"), &config);
        assert_eq!((base, lang.as_str()), (PathBuf::from("news/x.zh-Hans.md"), "en"));
    }
}

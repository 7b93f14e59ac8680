//! Archetypes: the text a new item of a collection starts from (`gazette new`).
//!
//! A site may write its own archetype per collection, `archetypes/<collection>.md`, a Tera
//! template given `title`, `slug`, `date`, `now` and `collection`, with a `yaml` filter
//! that quotes a value when YAML needs it (`title: {{ title | yaml }}`). Without one, the
//! archetype is derived from the collection's schema, so it can never fall behind
//! `site.yaml`: every required field left empty for the author to fill in, with a note of
//! its type (a placeholder such as an enum's first value would be published unchanged by an
//! author who forgot it; an empty one is an error at its line until it is filled), today's
//! date when the collection is dated, and a commented line for each optional field saying
//! its type. The same text with placeholders that pass the schema check is what `new` checks,
//! so a broken schema or archetype is still caught when the file is made. Authors are not expected to know the schema by heart; the new file
//! teaches it.
//!
//! The new file's place follows the collection's permalink: `/news/{year}/{slug}/` puts it
//! at `content/news/2025/<slug>.md`. A file that exists is never overwritten.

use std::collections::HashMap;
use std::fs::{self, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use jiff::civil::DateTime;
use tera::{Context, Kwargs, State, Tera};

use crate::diagnostics::{Diagnostic, closest};
use crate::load::content;
use crate::model::config::CONTENT_DIR;
use crate::model::config::{Collection, SiteConfig};
use crate::model::permalink::{is_safe_relative, slugify};
use crate::model::schema::builtin_fields;
use crate::scaffold::placeholder::Placeholder;
use crate::scaffold::starter::yaml_string;

/// The site's folder of archetypes.
pub const ARCHETYPES_DIR: &str = "archetypes";

/// What to create.
#[derive(Debug, Clone)]
pub struct NewItem<'a> {
    /// The collection's name.
    pub collection: &'a str,
    /// The title as the author typed it.
    pub title: &'a str,
    /// `--slug`, else the slug of the title.
    pub slug: Option<&'a str>,
    /// The local date and time, or the date given with `--date`: the item's date, and its
    /// folder when the permalink is dated.
    pub now: DateTime,
}

/// What the derived archetype writes for a required field.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Required {
    /// Nothing: the author fills it in (the file `new` writes).
    Blank,
    /// A value that passes the schema check (the text `new` checks).
    Placeholder,
}

/// A new item, ready to be written.
#[derive(Debug, Clone)]
pub struct Draft {
    /// The file, relative to the site's folder (`content/news/2025/x.md`).
    pub path: PathBuf,
    /// Its text.
    pub text: String,
    /// The archetype it came from (`archetypes/news.md`), or `None` for the schema's.
    pub archetype: Option<PathBuf>,
    /// What the author should know: the text does not pass the build's checks yet.
    pub problems: Vec<Diagnostic>,
    /// The required fields the file leaves for the author to fill in.
    pub to_fill: Vec<String>,
}

/// Why no file was created.
#[derive(Debug)]
pub enum NewError {
    /// Bad usage (exit 2): unknown collection, unusable slug, an existing file.
    Usage(Box<Diagnostic>),
    /// The site's archetype is broken (exit 1).
    Site(Box<Diagnostic>),
}

impl NewError {
    fn usage(diagnostic: Diagnostic) -> Self {
        NewError::Usage(Box::new(diagnostic))
    }

    fn site(diagnostic: Diagnostic) -> Self {
        NewError::Site(Box::new(diagnostic))
    }

    /// The diagnostic to print.
    pub fn diagnostic(&self) -> &Diagnostic {
        match self {
            NewError::Usage(d) | NewError::Site(d) => d,
        }
    }

    /// The process exit status.
    pub fn exit_code(&self) -> i32 {
        match self {
            NewError::Site(_) => 1,
            NewError::Usage(_) => 2,
        }
    }
}

/// Works out the new item's path and text, and checks the text as the build would.
pub fn prepare(root: &Path, config: &SiteConfig, new: &NewItem<'_>) -> Result<Draft, NewError> {
    let Some(collection) = config.collections.get(new.collection) else {
        return Err(NewError::usage(unknown_collection(config, new.collection)));
    };
    let slug = choose_slug(new.title, new.slug)?;
    let path = item_path(collection, &slug, new.now);
    if root.join(&path).exists() {
        return Err(NewError::usage(
            Diagnostic::error(
                &path,
                "the file already exists; gazette new never overwrites a file",
            )
            .with_hint("choose another title, or another file name with --slug"),
        ));
    }
    let archetype_path = Path::new(ARCHETYPES_DIR).join(format!("{}.md", collection.name));
    let (text, archetype) = match fs::read_to_string(root.join(&archetype_path)) {
        Ok(template) => (
            render_archetype(&archetype_path, &template, collection, new, &slug)?,
            Some(archetype_path),
        ),
        Err(err) if err.kind() == io::ErrorKind::NotFound => {
            let slugs = existing_slugs(root, config, collection);
            let filled = from_schema(config, collection, new, &slugs, Required::Placeholder);
            let text = from_schema(config, collection, new, &slugs, Required::Blank);
            let relative = path.strip_prefix(CONTENT_DIR).unwrap_or(&path);
            let page_fields = builtin_fields(config.taxonomies.keys());
            let (_, problems) = content::load_text(relative, &filled, config, &page_fields);
            return Ok(Draft {
                to_fill: blank_fields(collection),
                path,
                text,
                archetype: None,
                problems,
            });
        }
        Err(err) => {
            return Err(NewError::site(
                Diagnostic::error(&archetype_path, format!("cannot read the archetype: {err}"))
                    .with_hint("save it as UTF-8 text"),
            ));
        }
    };
    let relative = path.strip_prefix(CONTENT_DIR).unwrap_or(&path);
    let page_fields = builtin_fields(config.taxonomies.keys());
    let (_, problems) = content::load_text(relative, &text, config, &page_fields);
    Ok(Draft {
        path,
        text,
        archetype,
        problems,
        to_fill: Vec::new(),
    })
}

/// The required fields the derived archetype leaves empty.
fn blank_fields(collection: &Collection) -> Vec<String> {
    let dated = is_dated(collection);
    collection
        .fields
        .iter()
        .filter(|(_, spec)| spec.required && spec.default.is_none())
        .filter(|(name, _)| {
            let dated_date = name.as_str() == "date" && dated;
            !dated_date && !matches!(name.as_str(), "title" | "slug" | "template")
        })
        .map(|(name, _)| name.clone())
        .collect()
}

/// Creates the draft's file (and its folders); fails rather than overwrite.
pub fn write(root: &Path, draft: &Draft) -> Result<(), NewError> {
    let full = root.join(&draft.path);
    let io_error = |err: io::Error| {
        NewError::usage(
            Diagnostic::error(&draft.path, format!("cannot create the file: {err}"))
                .with_hint("check that the folder exists and is writable"),
        )
    };
    if let Some(parent) = full.parent() {
        fs::create_dir_all(parent).map_err(io_error)?;
    }
    let mut file = OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&full)
        .map_err(|err| {
            if err.kind() == io::ErrorKind::AlreadyExists {
                NewError::usage(
                    Diagnostic::error(
                        &draft.path,
                        "the file already exists; gazette new never overwrites a file",
                    )
                    .with_hint("choose another title, or another file name with --slug"),
                )
            } else {
                io_error(err)
            }
        })?;
    file.write_all(draft.text.as_bytes()).map_err(io_error)
}

/// `content/<folder>/<date segments of the permalink>/<slug>.md`.
pub fn item_path(collection: &Collection, slug: &str, now: DateTime) -> PathBuf {
    let mut path = Path::new(CONTENT_DIR).join(&collection.folder);
    path.extend(collection.permalink.date_folders(now.date()));
    path.join(format!("{slug}.md"))
}

/// The archetype derived from the collection's schema (see the module's documentation).
pub fn from_schema(
    config: &SiteConfig,
    collection: &Collection,
    new: &NewItem<'_>,
    slugs: &HashMap<String, Vec<String>>,
    required_values: Required,
) -> String {
    let (title, now) = (new.title, new.now);
    let placeholder = Placeholder { now, slugs };
    let dated = is_dated(collection);
    let mut required: Vec<(String, String)> = vec![(format!("title: {}", yaml_string(title)), String::new())];
    let mut optional: Vec<(String, String)> = Vec::new();
    for (name, spec) in &collection.fields {
        let wanted = spec.required && spec.default.is_none();
        match name.as_str() {
            "title" | "slug" | "template" => continue,
            "date" if dated => {
                required.push((
                    format!("date: {}", placeholder.value(&spec.field_type)),
                    String::new(),
                ));
                continue;
            }
            _ => {}
        }
        if spec.builtin && !wanted {
            let Some(note) = builtin_note(config, name) else {
                continue;
            };
            optional.push((
                format!("{name}: {}", placeholder.example(name, &spec.field_type, config)),
                note,
            ));
        } else if wanted && required_values == Required::Blank {
            required.push((
                format!("{name}:"),
                format!("{}, required: fill it in", spec.field_type),
            ));
        } else if wanted {
            required.push((
                format!("{name}: {}", placeholder.value(&spec.field_type)),
                format!("{}, required", spec.field_type),
            ));
        } else {
            let default = spec
                .default
                .as_ref()
                .map(|d| format!(", default {}", d.to_text()))
                .unwrap_or_default();
            optional.push((
                format!("{name}: {}", placeholder.example(name, &spec.field_type, config)),
                format!("{}{default}", spec.field_type),
            ));
        }
    }
    // Built-in fields come first in the schema; the collection's own read better first.
    optional.sort_by_key(|(line, _)| collection.fields.get(field_name(line)).is_some_and(|s| s.builtin));
    // Notes line up in one column, unless a line is too long to wait for it.
    let column = required
        .iter()
        .map(|(line, _)| line.chars().count())
        .chain(optional.iter().map(|(line, _)| line.chars().count() + 2))
        .filter(|w| *w <= 40)
        .max()
        .unwrap_or(0);
    let mut text = String::from("---\n");
    for (line, note) in &required {
        push_line(&mut text, "", line, note, column);
    }
    if !optional.is_empty() {
        text.push_str("# More fields: remove the \"# \" in front of a line to use it.\n");
        for (line, note) in &optional {
            push_line(&mut text, "# ", line, note, column);
        }
    }
    text.push_str("---\n\n");
    text.push_str(
        "Replace this line with the text, in Markdown. The first paragraph is the summary shown on lists.\n",
    );
    text
}

/// Does the item get today's date? When its collection declares `date`, needs it in its
/// permalink, or sorts by it.
pub fn is_dated(collection: &Collection) -> bool {
    let declared = collection
        .fields
        .get("date")
        .is_some_and(|spec| !spec.builtin || spec.required);
    declared || collection.permalink.has_date() || collection.sort.field == "date"
}

fn push_line(text: &mut String, prefix: &str, line: &str, note: &str, column: usize) {
    if note.is_empty() {
        text.push_str(&format!("{prefix}{line}\n"));
    } else {
        let written = format!("{prefix}{line}");
        let pad = column.saturating_sub(written.chars().count());
        text.push_str(&format!("{written}{}  # {note}\n", " ".repeat(pad)));
    }
}

fn field_name(line: &str) -> &str {
    line.split(':').next().unwrap_or(line)
}

fn builtin_note(config: &SiteConfig, name: &str) -> Option<String> {
    if let Some(taxonomy) = config.taxonomies.get(name) {
        return Some(format!("terms of the taxonomy {}", taxonomy.title));
    }
    Some(
        match name {
            "summary" => "text shown on lists and in feeds (default: the first paragraph)",
            "date" => "date",
            "updated" => "date of the last real change",
            "draft" => "left out of the site unless built with --drafts",
            "weight" => "integer, for collections sorted by weight",
            _ => return None,
        }
        .to_string(),
    )
}

/// Slugs of existing items of every collection the given one references, sorted.
fn existing_slugs(root: &Path, config: &SiteConfig, collection: &Collection) -> HashMap<String, Vec<String>> {
    let targets: Vec<&str> = collection
        .fields
        .values()
        .filter_map(|spec| spec.field_type.reference_target())
        .collect();
    let mut slugs: HashMap<String, Vec<String>> = HashMap::new();
    if targets.is_empty() {
        return slugs;
    }
    let (content, _) = content::load(root, config);
    let items = content.items;
    for item in items {
        if let Some(c) = item.collection().filter(|c| targets.contains(c))
            && !item.draft
        {
            slugs
                .entry(c.to_string())
                .or_default()
                .push(item.slug.to_string());
        }
    }
    for list in slugs.values_mut() {
        list.sort();
    }
    slugs
}

fn choose_slug(title: &str, given: Option<&str>) -> Result<String, NewError> {
    match given {
        Some(slug) if !slug.is_empty() && slugify(slug) == slug && is_safe_relative(Path::new(slug)) => {
            Ok(slug.to_string())
        }
        Some(slug) => {
            let suggestion = slugify(slug);
            let hint = if suggestion.is_empty() {
                "a slug is made of lowercase letters, digits, `-` and `_`".to_string()
            } else {
                format!("a slug is made of lowercase letters, digits, `-` and `_`: try --slug {suggestion}")
            };
            Err(NewError::usage(
                Diagnostic::error("--slug", format!("`{slug}` cannot be a slug")).with_hint(hint),
            ))
        }
        None => {
            let slug = slugify(title);
            if slug.is_empty() || !is_safe_relative(Path::new(&slug)) {
                Err(NewError::usage(
                    Diagnostic::error("", format!("cannot make a file name from the title `{title}`"))
                        .with_hint("give one with --slug, such as --slug first-news"),
                ))
            } else {
                Ok(slug)
            }
        }
    }
}

fn unknown_collection(config: &SiteConfig, name: &str) -> Diagnostic {
    let names: Vec<&str> = config.collections.keys().map(String::as_str).collect();
    let hint = match closest(name, names.iter().copied()) {
        Some(near) => format!("did you mean `{near}`?"),
        None if names.is_empty() => "site.yaml declares no collection; add one under `collections:`".into(),
        None => format!("the collections of this site: {}", names.join(", ")),
    };
    Diagnostic::error(
        crate::model::config::CONFIG_FILE,
        format!("there is no collection `{name}` in site.yaml"),
    )
    .with_hint(hint)
}

fn render_archetype(
    path: &Path,
    template: &str,
    collection: &Collection,
    new: &NewItem<'_>,
    slug: &str,
) -> Result<String, NewError> {
    let mut tera = Tera::new();
    tera.register_filter("yaml", |value: &str, _: Kwargs, _: &State| yaml_string(value));
    let name = path.to_string_lossy().replace('\\', "/");
    let mut context = Context::new();
    context.insert("title", new.title);
    context.insert("slug", slug);
    context.insert("date", &new.now.date().to_string());
    context.insert("now", &new.now.strftime("%Y-%m-%dT%H:%M:%S").to_string());
    context.insert("collection", &collection.name);
    tera.add_raw_template(&name, template)
        .and_then(|()| tera.render(&name, &context))
        .map_err(|err| NewError::site(archetype_error(path, template, &err)))
}

fn archetype_error(path: &Path, template: &str, err: &tera::Error) -> Diagnostic {
    let hint = "the archetype is a Tera template given title, slug, date, now and collection";
    match err.kind() {
        tera::ErrorKind::SyntaxError(report) | tera::ErrorKind::RenderingError(report) => {
            let span = report.span();
            let width = if span.start_line == span.end_line {
                span.end_col.saturating_sub(span.start_col)
            } else {
                1
            };
            Diagnostic::error(path, format!("archetype error: {}", report.message()))
                .at(template, span.start_line, span.start_col + 1, width)
                .with_hint(hint)
        }
        other => Diagnostic::error(path, format!("archetype error: {other}")).with_hint(hint),
    }
}

/// Parses the value a placeholder stands for, to prove it passes the check (tests).
#[cfg(test)]
fn checks(field_type: &crate::model::schema::FieldType, yaml: &str) -> bool {
    let value: serde_yaml::Value = serde_yaml::from_str(yaml).unwrap();
    crate::load::schema::check_value(field_type, &value).is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::schema::FieldType;

    fn config(yaml: &str) -> SiteConfig {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("site.yaml"), yaml).unwrap();
        crate::load::config::load(dir.path()).unwrap()
    }

    fn now() -> DateTime {
        DateTime::constant(2025, 3, 6, 10, 30, 0, 0)
    }

    fn item(title: &str) -> NewItem<'_> {
        NewItem {
            collection: "",
            title,
            slug: None,
            now: now(),
        }
    }

    const SITE: &str = "title: T\nbase_url: https://example.org/\ncollections:\n  institutions:\n    sort: title\n    fields:\n      kind: { type: enum, values: [laboratory, university], required: true }\n      founded: { type: integer }\n      city: { type: string, default: Chongqing }\n  news:\n    permalink: /news/{year}/{month}/{slug}/\n    fields:\n      date: { type: date, required: true }\n      lead: { type: reference, collection: institutions, required: true }\n      score: { type: float, required: true }\n      contact: { type: email, required: true }\n      links: { type: list, of: { type: url }, required: true }\n      published: { type: datetime, required: true }\ntaxonomies:\n  tags: {}\n";

    #[test]
    fn placeholders_pass_the_check() {
        let slugs = HashMap::new();
        let p = Placeholder {
            now: now(),
            slugs: &slugs,
        };
        for t in [
            FieldType::String,
            FieldType::Text,
            FieldType::Integer,
            FieldType::Float,
            FieldType::Bool,
            FieldType::Date,
            FieldType::Datetime,
            FieldType::Url,
            FieldType::Email,
            FieldType::Enum(vec!["research-center".into(), "b".into()]),
            FieldType::List(Box::new(FieldType::Url)),
            FieldType::List(Box::new(FieldType::String)),
            FieldType::Reference("institutions".into()),
        ] {
            assert!(checks(&t, &p.value(&t)), "{t}: {}", p.value(&t));
        }
    }

    #[test]
    fn dated_permalinks_give_dated_folders() {
        let config = config(SITE);
        assert_eq!(
            item_path(&config.collections["news"], "x", now()),
            PathBuf::from("content/news/2025/03/x.md")
        );
        assert_eq!(
            item_path(&config.collections["institutions"], "x", now()),
            PathBuf::from("content/institutions/x.md")
        );
    }

    #[test]
    fn the_derived_archetype_passes_the_schema_check() {
        let config = config(SITE);
        let page_fields = builtin_fields(config.taxonomies.keys());
        let mut slugs = HashMap::new();
        slugs.insert("institutions".to_string(), vec!["jinfeng-laboratory".to_string()]);
        // The title comes back as written, but for the smart quotes the build gives it.
        for (name, title, read) in [
            ("news", "Update: the \"lab\" opens", "Update: the “lab” opens"),
            ("institutions", "金凤实验室", "金凤实验室"),
        ] {
            let text = from_schema(
                &config,
                &config.collections[name],
                &item(title),
                &slugs,
                Required::Placeholder,
            );
            let path = item_path(&config.collections[name], "x", now());
            let relative = path.strip_prefix(CONTENT_DIR).unwrap();
            let (item, problems) = content::load_text(relative, &text, &config, &page_fields);
            assert!(problems.is_empty(), "{text}\n{problems:?}");
            assert_eq!(&*item.unwrap().title, read);
        }
        let news = from_schema(
            &config,
            &config.collections["news"],
            &item("N"),
            &slugs,
            Required::Placeholder,
        );
        assert!(news.contains("\ndate: 2025-03-06\n"), "{news}");
        assert!(news.contains("lead: jinfeng-laboratory"), "{news}");
        assert!(news.contains("# tags: [a term, another term]"), "{news}");
        let institution = from_schema(
            &config,
            &config.collections["institutions"],
            &item("I"),
            &slugs,
            Required::Placeholder,
        );
        assert!(institution.contains("kind: laboratory"), "{institution}");
        assert!(institution.contains("# founded: 0"), "{institution}");
        assert!(institution.contains("default Chongqing"), "{institution}");
        assert!(!institution.contains("\ndate:"), "{institution}");
    }

    #[test]
    fn required_values_are_left_for_the_author_and_the_build_names_each() {
        let config = config(SITE);
        let page_fields = builtin_fields(config.taxonomies.keys());
        let slugs = HashMap::new();
        let news = &config.collections["news"];
        let text = from_schema(&config, news, &item("N"), &slugs, Required::Blank);
        assert!(text.contains("\nlead:  "), "{text}");
        assert!(text.contains("\ndate: 2025-03-06\n"), "{text}");
        assert_eq!(
            blank_fields(news),
            ["lead", "score", "contact", "links", "published"]
        );
        let (_, problems) = content::load_text(Path::new("news/2025/03/x.md"), &text, &config, &page_fields);
        let said: Vec<_> = problems.iter().map(|p| (p.line, p.message.as_str())).collect();
        assert_eq!(said.len(), 5, "{said:?}");
        assert!(
            said.contains(&(4, "the required field `lead` is empty")),
            "{said:?}"
        );
        let kind = from_schema(
            &config,
            &config.collections["institutions"],
            &item("I"),
            &slugs,
            Required::Blank,
        );
        assert!(
            kind.contains("kind:   ") && !kind.contains("kind: laboratory"),
            "{kind}"
        );
    }

    #[test]
    fn every_commented_line_passes_once_uncommented() {
        let config = config(SITE);
        let page_fields = builtin_fields(config.taxonomies.keys());
        let slugs = HashMap::new();
        let text = from_schema(
            &config,
            &config.collections["institutions"],
            &item("I"),
            &slugs,
            Required::Placeholder,
        );
        let uncommented: String = text
            .lines()
            .filter(|l| !l.starts_with("# More"))
            .map(|l| format!("{}\n", l.strip_prefix("# ").unwrap_or(l)))
            .collect();
        let (_, problems) = content::load_text(
            Path::new("institutions/x.md"),
            &uncommented,
            &config,
            &page_fields,
        );
        assert!(problems.is_empty(), "{uncommented}\n{problems:?}");
    }

    #[test]
    fn slugs_come_from_the_title_or_must_be_slugs() {
        assert_eq!(choose_slug("西部科学城 新闻", None).unwrap(), "西部科学城-新闻");
        assert_eq!(choose_slug("x", Some("my-slug")).unwrap(), "my-slug");
        assert!(choose_slug("x", Some("My Slug")).is_err());
        assert!(choose_slug("!!!", None).is_err());
    }
}

//! The configuration of Decap CMS (and Sveltia CMS, which reads the same file), made from
//! the site's schema so that the editor's forms can never fall behind `site.yaml`.
//!
//! Each collection becomes a folder collection with its folder, its path pattern (the date
//! folders of its permalink) and one widget per field, carrying the field's rules: required,
//! default, allowed values, the referenced collection, the description as a hint. Both
//! editors name every language's file by its code (`x.en.md`); gazette names the default
//! language's file `x.md`. Sveltia honours `omit_default_locale_from_filename`; for Decap,
//! `gazette serve`'s editing API shows it the files under the names it expects.

use serde_yaml::{Mapping, Value};

use super::{default_value, form_fields, label, path_pattern, public_folder, tag_choices};
use crate::model::config::{Cms, Collection, SiteConfig};
use crate::model::schema::{FieldSpec, FieldType};
use crate::model::site::Site;

/// The comment at the top of the generated file.
pub const GENERATED: &str =
    "# Made by gazette from site.yaml on every build: change site.yaml, not this file.\n";

/// `admin/config.yml` for the site's editor.
pub fn config_yaml(site: &Site, cms: &Cms) -> String {
    let config = &site.config;
    let mut root = Mapping::new();
    root.insert("backend".into(), Value::Mapping(cms.backend.clone()));
    // Decap looks for `gazette serve`'s editing API when the page is on this machine; the
    // page's own script tells it where (see `admin_page`).
    root.insert("local_backend".into(), true.into());
    root.insert("media_folder".into(), cms.media_folder.clone().into());
    root.insert("public_folder".into(), public_folder(cms).into());
    root.insert("site_url".into(), config.base_url.clone().into());
    root.insert("display_url".into(), config.base_url.clone().into());
    if let Some(logo) = &config.logo {
        root.insert("logo_url".into(), logo.clone().into());
    }
    if config.is_multilingual() {
        root.insert("i18n".into(), i18n(config));
    }
    let collections = config
        .collections
        .values()
        .map(|collection| collection_entry(site, collection))
        .collect();
    root.insert("collections".into(), Value::Sequence(collections));
    let body = serde_yaml::to_string(&Value::Mapping(root)).unwrap_or_default();
    format!("{GENERATED}{body}")
}

fn i18n(config: &SiteConfig) -> Value {
    let mut i18n = Mapping::new();
    i18n.insert("structure".into(), "multiple_files".into());
    let locales = config.languages.iter().map(|l| Value::from(l.code.clone()));
    i18n.insert("locales".into(), Value::Sequence(locales.collect()));
    i18n.insert("default_locale".into(), config.language.clone().into());
    i18n.insert("omit_default_locale_from_filename".into(), true.into());
    Value::Mapping(i18n)
}

fn collection_entry(site: &Site, collection: &Collection) -> Value {
    let config = &site.config;
    let mut entry = Mapping::new();
    entry.insert("name".into(), collection.name.clone().into());
    entry.insert("label".into(), collection.title.clone().into());
    entry.insert(
        "folder".into(),
        format!(
            "content/{}",
            collection.folder.to_string_lossy().replace('\\', "/")
        )
        .trim_end_matches('/')
        .into(),
    );
    entry.insert("create".into(), true.into());
    entry.insert("extension".into(), "md".into());
    entry.insert("format".into(), "yaml-frontmatter".into());
    entry.insert("slug".into(), "{{slug}}".into());
    let path = path_pattern(collection, ("{{", "}}"));
    if path != "{{slug}}" {
        entry.insert("path".into(), path.into());
    }
    entry.insert("identifier_field".into(), "title".into());
    entry.insert("summary".into(), "{{title}}".into());
    let mut sortable = vec![Value::from("title")];
    let dated = collection.fields.get("date").is_some_and(|spec| !spec.builtin);
    if dated || collection.sort.field == "date" {
        sortable.push("date".into());
    }
    entry.insert("sortable_fields".into(), Value::Sequence(sortable));
    if config.is_multilingual() {
        entry.insert("i18n".into(), true.into());
    }
    let mut fields: Vec<Value> = form_fields(config, collection)
        .iter()
        .map(|(name, spec)| field(site, name, spec))
        .collect();
    let mut body = Mapping::new();
    body.insert("label".into(), "Body".into());
    body.insert("name".into(), "body".into());
    body.insert("widget".into(), "markdown".into());
    body.insert("required".into(), false.into());
    if config.is_multilingual() {
        body.insert("i18n".into(), true.into());
    }
    fields.push(Value::Mapping(body));
    entry.insert("fields".into(), Value::Sequence(fields));
    Value::Mapping(entry)
}

/// One field's widget with its rules.
fn field(site: &Site, name: &str, spec: &FieldSpec) -> Value {
    let mut field = Mapping::new();
    field.insert("label".into(), label(name).into());
    field.insert("name".into(), name.into());
    widget(site, name, &spec.field_type, &mut field);
    // Decap takes every field as required unless told otherwise.
    field.insert("required".into(), spec.required.into());
    if let Some(default) = &spec.default {
        field.insert(
            "default".into(),
            serde_yaml::to_value(default_value(default)).unwrap_or_default(),
        );
    }
    if let Some(hint) = &spec.description {
        field.insert("hint".into(), hint.trim().to_string().into());
    }
    if site.config.is_multilingual() && is_words(&spec.field_type) {
        // Text is translated; every other value is the original's, which a translation
        // inherits when it leaves it out.
        field.insert("i18n".into(), true.into());
    }
    Value::Mapping(field)
}

/// Does a translation write this field in its own words?
fn is_words(field_type: &FieldType) -> bool {
    matches!(field_type, FieldType::String | FieldType::Text)
}

fn widget(site: &Site, name: &str, field_type: &FieldType, field: &mut Mapping) {
    let mut set = |key: &str, value: Value| {
        field.insert(key.into(), value);
    };
    match field_type {
        FieldType::String => set("widget", "string".into()),
        FieldType::Text => set("widget", "text".into()),
        FieldType::Integer => {
            set("widget", "number".into());
            set("value_type", "int".into());
        }
        FieldType::Float => {
            set("widget", "number".into());
            set("value_type", "float".into());
        }
        FieldType::Bool => set("widget", "boolean".into()),
        FieldType::Date => {
            set("widget", "datetime".into());
            set("format", "YYYY-MM-DD".into());
            set("date_format", "YYYY-MM-DD".into());
            set("time_format", false.into());
        }
        FieldType::Datetime => {
            set("widget", "datetime".into());
            set("format", "YYYY-MM-DDTHH:mm:ssZ".into());
        }
        FieldType::Url => {
            set("widget", "string".into());
            set(
                "pattern",
                pattern(
                    r"^(https?://[^\s/]+\S*|/\S*)$",
                    "an http(s) URL or a path from the site's root",
                ),
            );
        }
        FieldType::Email => {
            set("widget", "string".into());
            set(
                "pattern",
                pattern(r"^[^@\s]+@[^@\s]+\.[^@\s]+$", "an e-mail address"),
            );
        }
        FieldType::Enum(values) => {
            set("widget", "select".into());
            set("options", strings(values));
        }
        FieldType::Reference(collection) => relation(collection, false, field),
        FieldType::Image => {
            set("widget", "image".into());
            set("choose_url", false.into());
        }
        FieldType::List(of) => list(site, name, of, field),
    }
}

fn list(site: &Site, name: &str, of: &FieldType, field: &mut Mapping) {
    match of {
        FieldType::Reference(collection) => relation(collection, true, field),
        FieldType::Enum(values) => {
            field.insert("widget".into(), "select".into());
            field.insert("options".into(), strings(values));
            field.insert("multiple".into(), true.into());
        }
        FieldType::String if site.config.taxonomies.contains_key(name) => {
            let terms = tag_choices(site, name);
            if terms.is_empty() {
                field.insert("widget".into(), "list".into());
            } else {
                // The terms the site already has, so a tag is chosen, not misspelt.
                field.insert("widget".into(), "select".into());
                field.insert("options".into(), strings(&terms));
                field.insert("multiple".into(), true.into());
            }
        }
        FieldType::String => {
            field.insert("widget".into(), "list".into());
        }
        other => {
            field.insert("widget".into(), "list".into());
            let mut item = Mapping::new();
            item.insert("label".into(), label(name).into());
            item.insert("name".into(), "value".into());
            widget(site, name, other, &mut item);
            field.insert("field".into(), Value::Mapping(item));
        }
    }
}

/// A relation widget: the author searches the referenced collection by title, and the
/// item's slug (its file name) is stored, which is what a reference holds.
fn relation(collection: &str, multiple: bool, field: &mut Mapping) {
    field.insert("widget".into(), "relation".into());
    field.insert("collection".into(), collection.into());
    field.insert("value_field".into(), "{{slug}}".into());
    field.insert("search_fields".into(), Value::Sequence(vec!["title".into()]));
    field.insert("display_fields".into(), Value::Sequence(vec!["title".into()]));
    if multiple {
        field.insert("multiple".into(), true.into());
    }
}

fn pattern(regex: &str, message: &str) -> Value {
    Value::Sequence(vec![regex.into(), format!("must be {message}").into()])
}

fn strings(values: &[String]) -> Value {
    Value::Sequence(values.iter().map(|v| Value::from(v.clone())).collect())
}

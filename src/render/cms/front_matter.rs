//! `frontmatter.json`: the content types of VS Code's Front Matter CMS, one per collection,
//! from the same reading of the schema as `/admin/`, for authors who edit in VS Code.

use serde_json::{Map, Value, json};

use super::{form_fields, label, tag_choices};
use crate::model::config::{Collection, STATIC_DIR};
use crate::model::schema::{FieldSpec, FieldType, FieldValue};
use crate::model::site::Site;

/// The file's name, at the site's root, where the extension looks for it.
pub const FILE_NAME: &str = "frontmatter.json";

/// The whole file, ending with a newline.
pub fn config_json(site: &Site) -> String {
    let config = &site.config;
    let content_types: Vec<Value> = config
        .collections
        .values()
        .map(|collection| content_type(site, collection))
        .collect();
    let page_folders: Vec<Value> = config
        .collections
        .values()
        .map(|collection| {
            json!({
                "title": collection.title,
                "path": format!("[[workspace]]/content/{}", folder(collection)),
                "contentTypes": [collection.name],
            })
        })
        .collect();
    let tags: Vec<String> = config
        .taxonomies
        .keys()
        .take(1)
        .flat_map(|taxonomy| tag_choices(site, taxonomy))
        .collect();
    let file = json!({
        "$schema": "https://frontmatter.codes/frontmatter.schema.json",
        "frontMatter.framework.id": "other",
        "frontMatter.content.publicFolder": STATIC_DIR,
        "frontMatter.content.pageFolders": page_folders,
        "frontMatter.taxonomy.contentTypes": content_types,
        "frontMatter.taxonomy.tags": tags,
        "frontMatter.preview.host": "http://127.0.0.1:1111",
    });
    let mut text = serde_json::to_string_pretty(&file).unwrap_or_default();
    text.push('\n');
    text
}

fn folder(collection: &Collection) -> String {
    collection.folder.to_string_lossy().replace('\\', "/")
}

fn content_type(site: &Site, collection: &Collection) -> Value {
    let fields: Vec<Value> = form_fields(&site.config, collection)
        .iter()
        .map(|(name, spec)| field(site, name, spec))
        .collect();
    json!({
        "name": collection.name,
        "pageBundle": false,
        "previewPath": collection.permalink.prefix_before_placeholders(),
        "fields": fields,
    })
}

fn field(site: &Site, name: &str, spec: &FieldSpec) -> Value {
    let mut field = Map::new();
    field.insert("title".into(), label(name).into());
    field.insert("name".into(), name.into());
    kind(site, name, &spec.field_type, &mut field);
    if spec.required {
        field.insert("required".into(), true.into());
    }
    if let Some(default) = &spec.default {
        field.insert("default".into(), default_value(default));
    }
    if let Some(description) = &spec.description {
        field.insert("description".into(), description.trim().into());
    }
    Value::Object(field)
}

fn kind(site: &Site, name: &str, field_type: &FieldType, field: &mut Map<String, Value>) {
    let mut set = |key: &str, value: Value| {
        field.insert(key.into(), value);
    };
    match field_type {
        FieldType::String | FieldType::Url | FieldType::Email => set("type", "string".into()),
        FieldType::Text => {
            set("type", "string".into());
            set("multiline", true.into());
        }
        FieldType::Integer => {
            set("type", "number".into());
            set("numberOptions", json!({ "isDecimal": false }));
        }
        FieldType::Float => {
            set("type", "number".into());
            set("numberOptions", json!({ "isDecimal": true }));
        }
        FieldType::Bool if name == "draft" => set("type", "draft".into()),
        FieldType::Bool => set("type", "boolean".into()),
        FieldType::Date => {
            set("type", "datetime".into());
            set("dateFormat", "yyyy-MM-dd".into());
            if name == "date" {
                set("isPublishDate", true.into());
            }
        }
        FieldType::Datetime => {
            set("type", "datetime".into());
            set("dateFormat", "yyyy-MM-dd'T'HH:mm:ssXXX".into());
        }
        FieldType::Enum(values) => {
            set("type", "choice".into());
            set("choices", json!(values));
        }
        FieldType::Reference(collection) => relation(collection, false, field),
        FieldType::Image => set("type", "image".into()),
        FieldType::List(of) => match of.as_ref() {
            FieldType::Reference(collection) => relation(collection, true, field),
            FieldType::Enum(values) => {
                set("type", "choice".into());
                set("choices", json!(values));
                set("multiple", true.into());
            }
            FieldType::Image => {
                set("type", "image".into());
                set("multiple", true.into());
            }
            FieldType::String if site.config.taxonomies.keys().next().is_some_and(|t| t == name) => {
                set("type", "tags".into());
            }
            FieldType::String if site.config.taxonomies.contains_key(name) => {
                set("type", "choice".into());
                set("choices", json!(tag_choices(site, name)));
                set("multiple", true.into());
            }
            _ => set("type", "list".into()),
        },
    }
}

/// A reference: the author picks an item of the collection, and its slug is stored.
fn relation(collection: &str, multiple: bool, field: &mut Map<String, Value>) {
    field.insert("type".into(), "contentRelationship".into());
    field.insert("contentTypeName".into(), collection.into());
    field.insert("contentTypeValue".into(), "slug".into());
    if multiple {
        field.insert("multiple".into(), true.into());
    }
}

fn default_value(value: &FieldValue) -> Value {
    match value {
        FieldValue::String(text) | FieldValue::Reference(text) => text.clone().into(),
        FieldValue::Integer(n) => (*n).into(),
        FieldValue::Float(n) => (*n).into(),
        FieldValue::Bool(b) => (*b).into(),
        FieldValue::Date(date) => date.to_string().into(),
        FieldValue::DateTime { text, .. } => text.clone().into(),
        FieldValue::List(values) => Value::Array(values.iter().map(default_value).collect()),
    }
}

/// An error when the site's `frontmatter.json` is no longer what its schema gives: a
/// committed editor configuration that lets authors write what the build refuses.
pub fn drift(root: &std::path::Path, site: &Site) -> Option<crate::diagnostics::Diagnostic> {
    let written = std::fs::read_to_string(root.join(FILE_NAME)).ok()?;
    if written == config_json(site) {
        return None;
    }
    Some(
        crate::diagnostics::Diagnostic::error(
            FILE_NAME,
            "frontmatter.json no longer matches the collections of site.yaml",
        )
        .with_hint("run `gazette cms` to write it again from the schema"),
    )
}

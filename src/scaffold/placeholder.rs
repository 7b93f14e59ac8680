//! Placeholder values of a derived archetype: for each field type a value that passes the
//! schema check (what `new` checks the file with), and the examples of its commented lines.

use std::collections::HashMap;

use jiff::civil::DateTime;

use crate::model::config::SiteConfig;
use crate::model::permalink::slugify;
use crate::model::schema::FieldType;
use crate::scaffold::starter::yaml_string;

/// Values that pass the schema check, for required fields and for the commented examples.
pub(super) struct Placeholder<'a> {
    /// The date and time `new` was given.
    pub(super) now: DateTime,
    /// Existing slugs by collection, for references.
    pub(super) slugs: &'a HashMap<String, Vec<String>>,
}

impl Placeholder<'_> {
    /// A valid value of the type, as YAML.
    pub(super) fn value(&self, field_type: &FieldType) -> String {
        match field_type {
            FieldType::String | FieldType::Text => "Replace this".into(),
            FieldType::Integer => "0".into(),
            FieldType::Float => "0.0".into(),
            FieldType::Bool => "false".into(),
            FieldType::Date => self.now.date().to_string(),
            FieldType::Datetime => self.now.strftime("%Y-%m-%dT%H:%M:%S").to_string(),
            FieldType::Url => "https://example.org/".into(),
            FieldType::Email => "name@example.org".into(),
            FieldType::Image => "photo.jpg".into(),
            FieldType::Enum(values) => values.first().map_or_else(String::new, |v| yaml_string(v)),
            FieldType::List(inner) => match inner.as_ref() {
                FieldType::String | FieldType::Text => "[]".into(),
                other => format!("[{}]", self.value(other)),
            },
            FieldType::Reference(collection) => self.slug_in(collection),
        }
    }

    /// An example for a commented line.
    pub(super) fn example(&self, name: &str, field_type: &FieldType, config: &SiteConfig) -> String {
        match field_type {
            _ if config.taxonomies.contains_key(name) => "[a term, another term]".into(),
            FieldType::Bool if name == "draft" => "true".into(),
            FieldType::String => "\"…\"".into(),
            FieldType::Text => "\"A sentence or two.\"".into(),
            FieldType::List(inner) if matches!(inner.as_ref(), FieldType::String | FieldType::Text) => {
                "[\"…\"]".into()
            }
            other => self.value(other),
        }
    }

    fn slug_in(&self, collection: &str) -> String {
        self.slugs
            .get(collection)
            .and_then(|slugs| slugs.first())
            .map_or_else(
                || format!("a-{}-slug", slugify(collection)),
                |slug| yaml_string(slug),
            )
    }
}

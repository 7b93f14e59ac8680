//! Typed schemas: what a field of a collection may hold, and the check of one value.
//!
//! A schema is declared per collection in `site.yaml`; every item also has the built-in
//! fields (`title`, `slug`, `date`, …) and one list field per taxonomy. `check_value` turns
//! a YAML value into a `FieldValue` or says, in words an author understands, why it cannot.

use std::fmt;

use indexmap::IndexMap;
use jiff::civil::{Date, DateTime};

/// The type of a field.
#[derive(Debug, Clone, PartialEq)]
pub enum FieldType {
    /// One line of text.
    String,
    /// Longer text.
    Text,
    /// A whole number.
    Integer,
    /// A number.
    Float,
    /// true or false.
    Bool,
    /// `2023-03-06` (a time may follow).
    Date,
    /// `2023-03-06T10:00:00`, an offset may follow.
    Datetime,
    /// An absolute http(s) URL or a root-relative path.
    Url,
    /// An e-mail address.
    Email,
    /// One of the listed values.
    Enum(Vec<String>),
    /// A list of values of one type.
    List(Box<FieldType>),
    /// The slug of an item of the named collection.
    Reference(String),
    /// A picture: a file of the item's page bundle (`photo.jpg`) or of the site's static
    /// files (`/images/logo.svg`).
    Image,
}

impl fmt::Display for FieldType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FieldType::String => f.write_str("string"),
            FieldType::Text => f.write_str("text"),
            FieldType::Integer => f.write_str("integer"),
            FieldType::Float => f.write_str("float"),
            FieldType::Bool => f.write_str("bool"),
            FieldType::Date => f.write_str("date"),
            FieldType::Datetime => f.write_str("datetime"),
            FieldType::Url => f.write_str("url"),
            FieldType::Email => f.write_str("email"),
            FieldType::Image => f.write_str("image"),
            FieldType::Enum(values) => write!(f, "enum ({})", values.join(", ")),
            FieldType::List(inner) => write!(f, "list of {inner}"),
            FieldType::Reference(collection) => write!(f, "reference to {collection}"),
        }
    }
}

/// A field of a schema.
#[derive(Debug, Clone, PartialEq)]
pub struct FieldSpec {
    /// Its type.
    pub field_type: FieldType,
    /// Must be set by every item.
    pub required: bool,
    /// Used when the item does not set it (already checked against the type).
    pub default: Option<FieldValue>,
    /// Built-in fields are not passed to templates under `fields`.
    pub builtin: bool,
    /// What the field is for, in the words of `site.yaml`; editors show it as a hint.
    pub description: Option<String>,
}

/// A checked value.
#[derive(Debug, Clone, PartialEq)]
pub enum FieldValue {
    /// string, text, url, email, enum.
    String(String),
    /// integer.
    Integer(i64),
    /// float.
    Float(f64),
    /// bool.
    Bool(bool),
    /// date without time.
    Date(Date),
    /// date with time; `text` is the value as written (it may carry an offset).
    DateTime {
        /// The civil date and time.
        civil: DateTime,
        /// As written (boxed: a `String` would make every field value 40 bytes, not 32).
        text: Box<str>,
    },
    /// list.
    List(Vec<FieldValue>),
    /// reference: the slug, resolved by the link stage.
    Reference(String),
}

impl FieldValue {
    /// The calendar date of a date or datetime.
    pub fn as_date(&self) -> Option<Date> {
        match self {
            FieldValue::Date(date) => Some(*date),
            FieldValue::DateTime { civil, .. } => Some(civil.date()),
            _ => None,
        }
    }

    /// The text of a string-like value.
    pub fn as_str(&self) -> Option<&str> {
        match self {
            FieldValue::String(s) | FieldValue::Reference(s) => Some(s),
            _ => None,
        }
    }

    /// The ISO form of dates, the text of strings, for templates and sorting.
    pub fn to_text(&self) -> String {
        match self {
            FieldValue::String(s) | FieldValue::Reference(s) => s.clone(),
            FieldValue::Integer(i) => i.to_string(),
            FieldValue::Float(x) => x.to_string(),
            FieldValue::Bool(b) => b.to_string(),
            FieldValue::Date(d) => d.to_string(),
            FieldValue::DateTime { civil, .. } => civil.to_string(),
            FieldValue::List(items) => items
                .iter()
                .map(FieldValue::to_text)
                .collect::<Vec<_>>()
                .join(", "),
        }
    }

    /// The value reduced to what ordering needs; computed once per item before sorting.
    pub fn sort_key(&self) -> SortKey {
        match self {
            FieldValue::Integer(i) => SortKey::Number(*i as f64),
            FieldValue::Float(x) => SortKey::Number(*x),
            FieldValue::Bool(b) => SortKey::Bool(*b),
            FieldValue::Date(_) | FieldValue::DateTime { .. } => SortKey::Time(sort_datetime(self)),
            other => SortKey::Text(other.to_text().to_lowercase()),
        }
    }
}

/// What items are sorted by: values of different kinds order by kind.
#[derive(Debug, Clone, PartialEq, PartialOrd)]
pub enum SortKey {
    /// bool.
    Bool(bool),
    /// integer or float.
    Number(f64),
    /// date or datetime.
    Time(DateTime),
    /// text, lowercased.
    Text(String),
}

impl SortKey {
    /// A total order (NaN sorts as equal).
    pub fn compare(&self, other: &SortKey) -> std::cmp::Ordering {
        self.partial_cmp(other).unwrap_or(std::cmp::Ordering::Equal)
    }
}

fn sort_datetime(value: &FieldValue) -> DateTime {
    match value {
        FieldValue::DateTime { civil, .. } => *civil,
        other => other
            .as_date()
            .map_or(DateTime::MIN, |d| d.to_datetime(jiff::civil::Time::midnight())),
    }
}

/// The built-in field listing an item's old URLs, each of which gets a redirect page.
pub const ALIASES: &str = "aliases";

/// The built-in fields every item has, plus one list of strings per taxonomy.
pub fn builtin_fields<'a>(taxonomies: impl Iterator<Item = &'a String>) -> IndexMap<String, FieldSpec> {
    let spec = |field_type, required| FieldSpec {
        field_type,
        required,
        default: None,
        builtin: true,
        description: None,
    };
    let mut fields = IndexMap::new();
    fields.insert("title".into(), spec(FieldType::String, true));
    fields.insert("slug".into(), spec(FieldType::String, false));
    fields.insert("date".into(), spec(FieldType::Date, false));
    fields.insert("updated".into(), spec(FieldType::Date, false));
    fields.insert("draft".into(), spec(FieldType::Bool, false));
    fields.insert("summary".into(), spec(FieldType::Text, false));
    fields.insert("weight".into(), spec(FieldType::Integer, false));
    fields.insert("template".into(), spec(FieldType::String, false));
    fields.insert(
        ALIASES.into(),
        spec(FieldType::List(Box::new(FieldType::String)), false),
    );
    for taxonomy in taxonomies {
        fields.insert(
            taxonomy.clone(),
            spec(FieldType::List(Box::new(FieldType::String)), false),
        );
    }
    fields
}

/// May a collection redeclare a built-in field with this type? Only with the same type
/// (to make it required or give it a default), or `datetime` for a `date`.
pub fn refines(builtin: &FieldType, declared: &FieldType) -> bool {
    builtin == declared || (*builtin == FieldType::Date && *declared == FieldType::Datetime)
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
    "image",
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

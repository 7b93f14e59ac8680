//! Typed schemas: what a field of a collection may hold, and the check of one value.
//!
//! A schema is declared per collection in `site.yaml`; every item also has the built-in
//! fields (`title`, `slug`, `date`, …) and one list field per taxonomy. `check_value` turns
//! a YAML value into a `FieldValue` or says, in words an author understands, why it cannot.

use std::fmt;

use indexmap::IndexMap;
use jiff::civil::{Date, DateTime};

use crate::diagnostics::closest;
use crate::model::config::{RawField, TYPE_NAMES};

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
        /// As written.
        text: String,
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

/// Turns a field as written in `site.yaml` into a spec, or (message, hint).
pub fn field_spec(raw: &RawField, collections: &[String]) -> Result<FieldSpec, (String, String)> {
    let field_type = field_type(raw, collections)?;
    let default = match &raw.default {
        None => None,
        Some(value) => Some(check_value(&field_type, value).map_err(|problem| {
            (
                format!("the default does not fit the field: {}", problem.message),
                problem.hint,
            )
        })?),
    };
    Ok(FieldSpec {
        field_type,
        required: raw.required,
        default,
        builtin: false,
    })
}

fn field_type(raw: &RawField, collections: &[String]) -> Result<FieldType, (String, String)> {
    Ok(match raw.type_name.as_str() {
        "string" => FieldType::String,
        "text" => FieldType::Text,
        "integer" => FieldType::Integer,
        "float" => FieldType::Float,
        "bool" => FieldType::Bool,
        "date" => FieldType::Date,
        "datetime" => FieldType::Datetime,
        "url" => FieldType::Url,
        "email" => FieldType::Email,
        "enum" => match &raw.values {
            Some(values) if !values.is_empty() => FieldType::Enum(values.clone()),
            _ => {
                return Err((
                    "an `enum` field needs its `values`".into(),
                    "add values: [first, second]".into(),
                ));
            }
        },
        "list" => match &raw.of {
            Some(inner) => FieldType::List(Box::new(field_type(inner, collections)?)),
            None => {
                return Err((
                    "a `list` field needs the type of its elements in `of`".into(),
                    "add of: { type: string }".into(),
                ));
            }
        },
        "reference" => match &raw.collection {
            Some(target) if collections.contains(target) => FieldType::Reference(target.clone()),
            Some(target) => {
                let hint = match closest(target, collections.iter().map(String::as_str)) {
                    Some(near) => format!("did you mean `{near}`?"),
                    None => format!("declared collections: {}", collections.join(", ")),
                };
                return Err((format!("reference to unknown collection `{target}`"), hint));
            }
            None => {
                return Err((
                    "a `reference` field needs the `collection` it points into".into(),
                    "add collection: institutions".into(),
                ));
            }
        },
        other => {
            let hint = match closest(other, TYPE_NAMES.iter().copied()) {
                Some(near) => format!("did you mean `{near}`?"),
                None => format!("the types are: {}", TYPE_NAMES.join(", ")),
            };
            return Err((format!("unknown field type `{other}`"), hint));
        }
    })
}

/// Why a value does not fit its field; `element` is the index in a list, if any.
#[derive(Debug, Clone, PartialEq)]
pub struct Problem {
    /// What is wrong.
    pub message: String,
    /// What to do.
    pub hint: String,
    /// Which list element, for positioning.
    pub element: Option<usize>,
}

fn problem(message: String, hint: impl Into<String>) -> Problem {
    Problem {
        message,
        hint: hint.into(),
        element: None,
    }
}

/// Checks one YAML value against a type.
pub fn check_value(field_type: &FieldType, value: &serde_yaml::Value) -> Result<FieldValue, Problem> {
    use serde_yaml::Value as Y;
    let got = describe(value);
    match (field_type, value) {
        (FieldType::List(inner), Y::Sequence(items)) => {
            let mut checked = Vec::with_capacity(items.len());
            for (i, item) in items.iter().enumerate() {
                match check_value(inner, item) {
                    Ok(v) => checked.push(v),
                    Err(mut p) => {
                        p.element = Some(i);
                        return Err(p);
                    }
                }
            }
            Ok(FieldValue::List(checked))
        }
        // A single value where a list is expected is a list of one: `tags: pathology`.
        (FieldType::List(inner), Y::String(_)) => Ok(FieldValue::List(vec![check_value(inner, value)?])),
        (FieldType::List(_), _) => Err(problem(
            format!("expected a list, found {got}"),
            "write a list: [a, b] or one `- a` per line",
        )),
        (FieldType::String | FieldType::Text, Y::String(s)) => Ok(FieldValue::String(s.clone())),
        (FieldType::String | FieldType::Text, Y::Number(_) | Y::Bool(_)) => Err(problem(
            format!("expected text, found {got}"),
            "put the value in quotes to make it text",
        )),
        (FieldType::Integer, Y::Number(n)) if n.as_i64().is_some() => {
            Ok(FieldValue::Integer(n.as_i64().expect("checked by the guard")))
        }
        (FieldType::Integer, _) => Err(problem(
            format!("expected a whole number, found {got}"),
            "write digits only, such as 2020",
        )),
        (FieldType::Float, Y::Number(n)) => Ok(FieldValue::Float(n.as_f64().unwrap_or_default())),
        (FieldType::Float, _) => Err(problem(
            format!("expected a number, found {got}"),
            "write a number such as 3.5",
        )),
        (FieldType::Bool, Y::Bool(b)) => Ok(FieldValue::Bool(*b)),
        (FieldType::Bool, _) => Err(problem(
            format!("expected true or false, found {got}"),
            "write true or false",
        )),
        (FieldType::Date, Y::String(s)) => parse_date(s, false),
        (FieldType::Datetime, Y::String(s)) => parse_date(s, true),
        (FieldType::Date | FieldType::Datetime, _) => Err(problem(
            format!("expected a date, found {got}"),
            "write the date as YYYY-MM-DD, such as 2023-03-06",
        )),
        (FieldType::Url, Y::String(s)) => check_url(s).map(|()| FieldValue::String(s.clone())),
        (FieldType::Email, Y::String(s)) => check_email(s).map(|()| FieldValue::String(s.clone())),
        (FieldType::Enum(values), Y::String(s)) if values.contains(s) => Ok(FieldValue::String(s.clone())),
        (FieldType::Enum(values), _) => {
            let text = scalar_text(value);
            let hint = match closest(&text, values.iter().map(String::as_str)) {
                Some(near) => format!("did you mean `{near}`? allowed: {}", values.join(", ")),
                None => format!("allowed: {}", values.join(", ")),
            };
            Err(problem(
                format!("`{text}` is not one of the allowed values"),
                hint,
            ))
        }
        (FieldType::Reference(_), Y::String(s)) => Ok(FieldValue::Reference(s.clone())),
        (FieldType::Reference(collection), _) => Err(problem(
            format!("expected the slug of an item of `{collection}`, found {got}"),
            "write the slug, such as jinfeng-laboratory",
        )),
        (_, _) => Err(problem(
            format!("expected {field_type}, found {got}"),
            "check the value's type",
        )),
    }
}

fn parse_date(text: &str, need_time: bool) -> Result<FieldValue, Problem> {
    let text = text.trim();
    let hint = if need_time {
        "write the date and time as 2023-03-06T10:00:00, an offset such as +08:00 may follow"
    } else {
        "write the date as YYYY-MM-DD, such as 2023-03-06"
    };
    if !need_time && text.len() == 10 {
        return text.parse::<Date>().map(FieldValue::Date).map_err(|err| {
            problem(
                format!("`{text}` is not a valid date: {}", first_cause(&err)),
                hint,
            )
        });
    }
    // The wall-clock time as written; an offset, if any, stays in `text` for feeds.
    let civil = text.parse::<DateTime>().or_else(|err| {
        text.parse::<jiff::Timestamp>()
            .map(|ts| jiff::tz::Offset::UTC.to_datetime(ts))
            .map_err(|_| err)
    });
    match civil {
        Ok(civil) => Ok(FieldValue::DateTime {
            civil,
            text: text.to_string(),
        }),
        Err(err) => Err(problem(
            format!("`{text}` is not a valid date: {}", first_cause(&err)),
            hint,
        )),
    }
}

fn first_cause(err: &jiff::Error) -> String {
    let text = err.to_string();
    text.rsplit(": ").next().unwrap_or(&text).to_string()
}

fn check_url(url: &str) -> Result<(), Problem> {
    let hint = "write an absolute URL such as https://example.org/ or a path such as /about/";
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"));
    let ok = match rest {
        Some(rest) => {
            let host = rest.split(['/', '?', '#']).next().unwrap_or("");
            !host.is_empty() && host.contains('.') || host.starts_with("localhost")
        }
        None => url.starts_with('/') && !url.starts_with("//"),
    };
    if ok && !url.contains(char::is_whitespace) {
        Ok(())
    } else {
        Err(problem(format!("`{url}` is not a valid URL"), hint))
    }
}

fn check_email(email: &str) -> Result<(), Problem> {
    let valid = match email.split_once('@') {
        Some((local, domain)) => {
            !local.is_empty()
                && !domain.contains('@')
                && domain.contains('.')
                && !domain.starts_with('.')
                && !domain.ends_with('.')
                && !email.contains(char::is_whitespace)
        }
        None => false,
    };
    if valid {
        Ok(())
    } else {
        Err(problem(
            format!("`{email}` is not a valid e-mail address"),
            "write it as name@example.org",
        ))
    }
}

fn scalar_text(value: &serde_yaml::Value) -> String {
    match value {
        serde_yaml::Value::String(s) => s.clone(),
        serde_yaml::Value::Number(n) => n.to_string(),
        serde_yaml::Value::Bool(b) => b.to_string(),
        other => describe(other).to_string(),
    }
}

/// Names a YAML value's kind for messages: "a number (2020)".
pub fn describe(value: &serde_yaml::Value) -> String {
    match value {
        serde_yaml::Value::Null => "nothing (an empty value)".into(),
        serde_yaml::Value::Bool(b) => format!("a boolean ({b})"),
        serde_yaml::Value::Number(n) => format!("a number ({n})"),
        serde_yaml::Value::String(s) => format!("the text \"{s}\""),
        serde_yaml::Value::Sequence(_) => "a list".into(),
        serde_yaml::Value::Mapping(_) => "a map of keys".into(),
        serde_yaml::Value::Tagged(_) => "a tagged value".into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn yaml(text: &str) -> serde_yaml::Value {
        serde_yaml::from_str(text).unwrap()
    }

    #[test]
    fn dates_are_checked_for_real() {
        assert_eq!(
            check_value(&FieldType::Date, &yaml("2023-03-06")).unwrap(),
            FieldValue::Date(Date::new(2023, 3, 6).unwrap())
        );
        let p = check_value(&FieldType::Date, &yaml("2023-02-30")).unwrap_err();
        assert!(p.message.contains("2023-02-30"), "{}", p.message);
        let dt = check_value(&FieldType::Date, &yaml("2023-03-06T10:30:00+08:00")).unwrap();
        assert_eq!(dt.as_date(), Some(Date::new(2023, 3, 6).unwrap()));
    }

    #[test]
    fn enums_hint_the_nearest_value() {
        let t = FieldType::Enum(vec!["laboratory".into(), "university".into()]);
        let p = check_value(&t, &yaml("laboratoy")).unwrap_err();
        assert!(p.hint.contains("did you mean `laboratory`"));
    }

    #[test]
    fn urls_and_emails() {
        assert!(check_value(&FieldType::Url, &yaml("https://www.cqmu.edu.cn")).is_ok());
        assert!(check_value(&FieldType::Url, &yaml("/about/")).is_ok());
        assert!(check_value(&FieldType::Url, &yaml("htp:/x")).is_err());
        assert!(check_value(&FieldType::Email, &yaml("press@example.org")).is_ok());
        assert!(check_value(&FieldType::Email, &yaml("press.example.org")).is_err());
    }

    #[test]
    fn list_errors_name_the_element() {
        let t = FieldType::List(Box::new(FieldType::Integer));
        let p = check_value(&t, &yaml("[1, x, 3]")).unwrap_err();
        assert_eq!(p.element, Some(1));
    }
}

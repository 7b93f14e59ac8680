//! A collection's schema, inferred from the front matter of every one of its files: for each
//! key, the narrowest gazette type every value fits, whether every file sets it, and whether
//! its few values make it an `enum`.
//!
//! Types widen as values disagree: an integer and a float make a `float`, a date and a
//! date with a time a `date` (which takes both), a URL and a word a `string`, one value and
//! a list of them a `list` (one value alone is a list of one). A mapping, or a list holding
//! lists or mappings, fits no gazette type: such a key is `Unsupported`, and the import keeps
//! it as a comment. `fit` then rewrites each value into its field's type, so that a number
//! in a `string` field is quoted and every date is written the way gazette reads it.
//!
//! An `enum` is a `string` field (one line, at most `ENUM_MAX_LENGTH` characters) set in
//! at least `ENUM_MIN_FILES` files, with at most `ENUM_MAX_VALUES` distinct values, each used
//! by two files on average: few values that recur are a choice among them, while values that
//! are mostly unique (names, titles) stay free text.

use serde_yaml::{Mapping, Value};

use super::front_matter::normalize_date;
use crate::model::schema::FieldType;

/// Fewest files that must set a key for it to be an `enum`.
pub(crate) const ENUM_MIN_FILES: usize = 4;
/// Most distinct values an `enum` may have.
pub(crate) const ENUM_MAX_VALUES: usize = 8;
/// Longest value an `enum` may have, in characters.
const ENUM_MAX_LENGTH: usize = 40;
/// A string longer than this (or with a line break) is `text`.
const TEXT_LENGTH: usize = 100;

/// One inferred field.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Field {
    pub name: String,
    pub kind: FieldType,
    /// Every file of the collection sets it.
    pub required: bool,
}

/// What a collection's files hold: the fields, and the keys no field type takes.
#[derive(Debug, Default, Clone, PartialEq)]
pub(crate) struct Inferred {
    pub fields: Vec<Field>,
    pub unsupported: Vec<String>,
}

/// The fields of a collection whose files' front matters are `fronts`, in the order keys
/// first appear, leaving out the keys in `skip` (built-in fields and taxonomies).
pub(crate) fn infer(fronts: &[&Mapping], skip: &[&str]) -> Inferred {
    let mut order: Vec<String> = Vec::new();
    for front in fronts {
        for key in front.keys().filter_map(Value::as_str) {
            if !skip.contains(&key) && !order.iter().any(|k| k == key) {
                order.push(key.to_string());
            }
        }
    }
    let mut inferred = Inferred::default();
    for name in order {
        let values: Vec<&Value> = fronts
            .iter()
            .filter_map(|front| front.get(name.as_str()))
            .filter(|value| !value.is_null())
            .collect();
        // `None` for a value no type holds; a key every file leaves empty has no field.
        let Some(kind) = values.iter().map(|v| kind_of(v)).reduce(widen) else {
            continue;
        };
        let Some(kind) = kind else {
            inferred.unsupported.push(name);
            continue;
        };
        let kind = match kind {
            FieldType::String => enum_of(&values).unwrap_or(FieldType::String),
            other => other,
        };
        let required = values.len() == fronts.len();
        inferred.fields.push(Field { name, kind, required });
    }
    inferred
}

/// `value` rewritten to fit `kind`: numbers and booleans quoted in text fields, dates in
/// gazette's form, every element of a list fitted.
pub(crate) fn fit(value: &Value, kind: &FieldType) -> Value {
    match (kind, value) {
        (FieldType::List(inner), Value::Sequence(items)) => {
            Value::Sequence(items.iter().map(|item| fit(item, inner)).collect())
        }
        (FieldType::List(inner), scalar) => fit(scalar, inner),
        (
            FieldType::String | FieldType::Text | FieldType::Enum(_) | FieldType::Url | FieldType::Email,
            Value::Number(n),
        ) => Value::String(n.to_string()),
        (FieldType::String | FieldType::Text | FieldType::Enum(_), Value::Bool(b)) => {
            Value::String(b.to_string())
        }
        (FieldType::Date | FieldType::Datetime, Value::String(text)) => {
            Value::String(normalize_date(text).unwrap_or_else(|| text.clone()))
        }
        _ => value.clone(),
    }
}

/// A field as `site.yaml` declares it, without `required`: `type: list, of: …`.
pub(crate) fn declaration(kind: &FieldType) -> Mapping {
    let mut m = Mapping::new();
    let name = match kind {
        FieldType::Enum(_) => "enum".to_string(),
        FieldType::List(_) => "list".to_string(),
        other => other.to_string(),
    };
    m.insert("type".into(), name.into());
    match kind {
        FieldType::Enum(values) => {
            let values = values.iter().map(|v| Value::from(v.as_str())).collect();
            m.insert("values".into(), Value::Sequence(values));
        }
        FieldType::List(inner) => {
            m.insert("of".into(), Value::Mapping(declaration(inner)));
        }
        _ => {}
    }
    m
}

/// The narrowest type of one value; `None` for one no type holds.
fn kind_of(value: &Value) -> Option<FieldType> {
    Some(match value {
        Value::Bool(_) => FieldType::Bool,
        Value::Number(n) if n.is_i64() || n.is_u64() => FieldType::Integer,
        Value::Number(_) => FieldType::Float,
        Value::String(text) => kind_of_text(text),
        Value::Sequence(items) => {
            let inner = items
                .iter()
                .filter(|v| !v.is_null())
                .map(kind_of)
                .reduce(widen)
                .unwrap_or(Some(FieldType::String))?;
            match inner {
                FieldType::List(_) => return None,
                // A list of paragraphs is a list of strings to gazette.
                FieldType::Text => FieldType::List(Box::new(FieldType::String)),
                inner => FieldType::List(Box::new(inner)),
            }
        }
        Value::Null => FieldType::String,
        Value::Mapping(_) | Value::Tagged(_) => return None,
    })
}

fn kind_of_text(text: &str) -> FieldType {
    if let Some(date) = normalize_date(text) {
        return if date.len() == 10 {
            FieldType::Date
        } else {
            FieldType::Datetime
        };
    }
    let trimmed = text.trim();
    let is_url = (trimmed.starts_with("https://") || trimmed.starts_with("http://"))
        && !trimmed.contains(char::is_whitespace);
    if is_url {
        return FieldType::Url;
    }
    let is_email = trimmed.split_once('@').is_some_and(|(user, host)| {
        !user.is_empty()
            && host.contains('.')
            && !trimmed.contains(char::is_whitespace)
            && !host.contains('@')
    });
    if is_email {
        return FieldType::Email;
    }
    if text.contains('\n') || text.chars().count() > TEXT_LENGTH {
        FieldType::Text
    } else {
        FieldType::String
    }
}

/// The narrowest type both `a` and `b` fit; `None` when one of them fits none.
fn widen(a: Option<FieldType>, b: Option<FieldType>) -> Option<FieldType> {
    use FieldType::*;
    Some(match (a?, b?) {
        (a, b) if a == b => a,
        (List(a), List(b)) => List(Box::new(widen(Some(*a), Some(*b))?)),
        (List(inner), scalar) | (scalar, List(inner)) => match widen(Some(*inner), Some(scalar))? {
            Text => List(Box::new(String)),
            other => List(Box::new(other)),
        },
        (Integer, Float) | (Float, Integer) => Float,
        (Date, Datetime) | (Datetime, Date) => Date,
        (Text, _) | (_, Text) => Text,
        _ => String,
    })
}

fn enum_of(values: &[&Value]) -> Option<FieldType> {
    let mut distinct: Vec<String> = Vec::new();
    for value in values {
        let text = match value {
            Value::String(s) => s.clone(),
            Value::Number(n) => n.to_string(),
            Value::Bool(b) => b.to_string(),
            _ => return None,
        };
        if text.chars().count() > ENUM_MAX_LENGTH || text.trim().is_empty() {
            return None;
        }
        if !distinct.contains(&text) {
            distinct.push(text);
        }
    }
    let recurs = values.len() >= 2 * distinct.len();
    (values.len() >= ENUM_MIN_FILES && distinct.len() <= ENUM_MAX_VALUES && recurs)
        .then_some(FieldType::Enum(distinct))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fronts(yaml: &[&str]) -> Vec<Mapping> {
        yaml.iter().map(|y| serde_yaml::from_str(y).unwrap()).collect()
    }

    fn inferred(yaml: &[&str]) -> Inferred {
        let owned = fronts(yaml);
        let refs: Vec<&Mapping> = owned.iter().collect();
        infer(&refs, &["title", "tags"])
    }

    /// The type inferred for `name`; `None` when no type holds it.
    fn kind(inferred: &Inferred, name: &str) -> Option<FieldType> {
        if inferred.unsupported.iter().any(|u| u == name) {
            return None;
        }
        Some(
            inferred
                .fields
                .iter()
                .find(|f| f.name == name)
                .unwrap()
                .kind
                .clone(),
        )
    }

    #[test]
    fn scalar_types_are_the_narrowest_every_value_fits() {
        let fields = inferred(&[
            "{title: A, n: 1, x: 1, ok: true, day: 2024-01-02, at: '2024-01-02 10:00:00 +0100', web: 'https://a.org/', mail: a@b.org, tags: [a]}",
            "{title: B, n: 2, x: 2.5, ok: false, day: '2024-02-03T10:00:00', at: '2024-01-03T09:00:00Z', web: 'https://b.org/', mail: c@d.org}",
        ]);
        assert_eq!(kind(&fields, "n"), Some(FieldType::Integer));
        assert_eq!(kind(&fields, "x"), Some(FieldType::Float));
        assert_eq!(kind(&fields, "ok"), Some(FieldType::Bool));
        assert_eq!(kind(&fields, "day"), Some(FieldType::Date));
        assert_eq!(kind(&fields, "at"), Some(FieldType::Datetime));
        assert_eq!(kind(&fields, "web"), Some(FieldType::Url));
        assert_eq!(kind(&fields, "mail"), Some(FieldType::Email));
        assert!(
            fields
                .fields
                .iter()
                .all(|f| f.name != "title" && f.name != "tags")
        );
    }

    #[test]
    fn disagreeing_values_widen() {
        let fields = inferred(&[
            "{a: 1, b: 'https://a.org/', c: [x, y], d: {k: v}, e: [[1]]}",
            "{a: one, b: plain words, c: z, d: 2, e: [2]}",
        ]);
        assert_eq!(kind(&fields, "a"), Some(FieldType::String));
        assert_eq!(kind(&fields, "b"), Some(FieldType::String));
        assert_eq!(
            kind(&fields, "c"),
            Some(FieldType::List(Box::new(FieldType::String)))
        );
        assert_eq!(kind(&fields, "d"), None);
        assert_eq!(kind(&fields, "e"), None);
        let long = "word ".repeat(30);
        let fields = inferred(&[&format!("{{s: '{long}'}}"), "{s: short}"]);
        assert_eq!(kind(&fields, "s"), Some(FieldType::Text));
    }

    #[test]
    fn a_key_every_file_sets_is_required() {
        let fields = inferred(&["{a: 1, b: 2}", "{a: 3, b: null}", "{a: 4}"]);
        assert!(fields.fields.iter().find(|f| f.name == "a").unwrap().required);
        assert!(!fields.fields.iter().find(|f| f.name == "b").unwrap().required);
    }

    #[test]
    fn few_recurring_values_make_an_enum() {
        let fields = inferred(&[
            "{kind: lab, who: Ann}",
            "{kind: lab, who: Bob}",
            "{kind: school, who: Cy}",
            "{kind: school, who: Di}",
        ]);
        assert_eq!(
            kind(&fields, "kind"),
            Some(FieldType::Enum(vec!["lab".into(), "school".into()]))
        );
        assert_eq!(kind(&fields, "who"), Some(FieldType::String));
        // Three files are too few to tell a choice from a coincidence.
        let fields = inferred(&["{kind: lab}", "{kind: lab}", "{kind: lab}"]);
        assert_eq!(kind(&fields, "kind"), Some(FieldType::String));
    }

    #[test]
    fn values_are_fitted_to_their_field() {
        let number = Value::from(12);
        assert_eq!(fit(&number, &FieldType::String), Value::from("12"));
        let list: Value = serde_yaml::from_str("[1, two]").unwrap();
        assert_eq!(
            fit(&list, &FieldType::List(Box::new(FieldType::String))),
            serde_yaml::from_str::<Value>("['1', two]").unwrap()
        );
        let date = Value::from("2024-01-02 10:00:00 +0100");
        assert_eq!(
            fit(&date, &FieldType::Datetime),
            Value::from("2024-01-02T10:00:00+01:00")
        );
    }
}

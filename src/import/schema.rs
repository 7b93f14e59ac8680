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

/// Fewest files that must set a key for it to be an `enum`.
pub(crate) const ENUM_MIN_FILES: usize = 4;
/// Most distinct values an `enum` may have.
pub(crate) const ENUM_MAX_VALUES: usize = 8;
/// Longest value an `enum` may have, in characters.
const ENUM_MAX_LENGTH: usize = 40;
/// A string longer than this (or with a line break) is `text`.
const TEXT_LENGTH: usize = 100;

/// The type inferred for a key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Kind {
    String,
    Text,
    Integer,
    Float,
    Bool,
    Date,
    Datetime,
    Url,
    Email,
    Enum(Vec<String>),
    List(Box<Kind>),
    /// No gazette type holds it (a mapping, a list of lists).
    Unsupported,
}

/// One inferred field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Field {
    pub name: String,
    pub kind: Kind,
    /// Every file of the collection sets it.
    pub required: bool,
}

/// The fields of a collection whose files' front matters are `fronts`, in the order keys
/// first appear, leaving out the keys in `skip` (built-in fields and taxonomies).
pub(crate) fn infer(fronts: &[&Mapping], skip: &[&str]) -> Vec<Field> {
    let mut order: Vec<String> = Vec::new();
    for front in fronts {
        for key in front.keys().filter_map(Value::as_str) {
            if !skip.contains(&key) && !order.iter().any(|k| k == key) {
                order.push(key.to_string());
            }
        }
    }
    order
        .into_iter()
        .filter_map(|name| {
            let values: Vec<&Value> = fronts
                .iter()
                .filter_map(|front| front.get(name.as_str()))
                .filter(|value| !value.is_null())
                .collect();
            let kind = values.iter().map(|v| kind_of(v)).reduce(widen)?;
            let kind = match kind {
                Kind::String => enum_of(&values).unwrap_or(Kind::String),
                other => other,
            };
            let required = values.len() == fronts.len();
            Some(Field { name, kind, required })
        })
        .collect()
}

/// `value` rewritten to fit `kind`: numbers and booleans quoted in text fields, dates in
/// gazette's form, every element of a list fitted.
pub(crate) fn fit(value: &Value, kind: &Kind) -> Value {
    match (kind, value) {
        (Kind::List(inner), Value::Sequence(items)) => {
            Value::Sequence(items.iter().map(|item| fit(item, inner)).collect())
        }
        (Kind::List(inner), scalar) => fit(scalar, inner),
        (Kind::String | Kind::Text | Kind::Enum(_) | Kind::Url | Kind::Email, Value::Number(n)) => {
            Value::String(n.to_string())
        }
        (Kind::String | Kind::Text | Kind::Enum(_), Value::Bool(b)) => Value::String(b.to_string()),
        (Kind::Date | Kind::Datetime, Value::String(text)) => {
            Value::String(normalize_date(text).unwrap_or_else(|| text.clone()))
        }
        _ => value.clone(),
    }
}

impl Kind {
    /// The field as `site.yaml` declares it, without `required`: `type: list, of: …`.
    pub(crate) fn declaration(&self) -> Mapping {
        let mut m = Mapping::new();
        let name = match self {
            Kind::String => "string",
            Kind::Text => "text",
            Kind::Integer => "integer",
            Kind::Float => "float",
            Kind::Bool => "bool",
            Kind::Date => "date",
            Kind::Datetime => "datetime",
            Kind::Url => "url",
            Kind::Email => "email",
            Kind::Enum(_) => "enum",
            Kind::List(_) => "list",
            Kind::Unsupported => "unsupported",
        };
        m.insert("type".into(), name.into());
        match self {
            Kind::Enum(values) => {
                m.insert(
                    "values".into(),
                    Value::Sequence(values.iter().map(|v| Value::from(v.as_str())).collect()),
                );
            }
            Kind::List(inner) => {
                m.insert("of".into(), Value::Mapping(inner.declaration()));
            }
            _ => {}
        }
        m
    }
}

fn kind_of(value: &Value) -> Kind {
    match value {
        Value::Bool(_) => Kind::Bool,
        Value::Number(n) if n.is_i64() || n.is_u64() => Kind::Integer,
        Value::Number(_) => Kind::Float,
        Value::String(text) => kind_of_text(text),
        Value::Sequence(items) => {
            let inner = items
                .iter()
                .filter(|v| !v.is_null())
                .map(kind_of)
                .reduce(widen)
                .unwrap_or(Kind::String);
            match inner {
                Kind::List(_) | Kind::Unsupported => Kind::Unsupported,
                // A list of paragraphs is a list of strings to gazette.
                Kind::Text => Kind::List(Box::new(Kind::String)),
                inner => Kind::List(Box::new(inner)),
            }
        }
        Value::Null => Kind::String,
        Value::Mapping(_) | Value::Tagged(_) => Kind::Unsupported,
    }
}

fn kind_of_text(text: &str) -> Kind {
    if let Some(date) = normalize_date(text) {
        return if date.len() == 10 {
            Kind::Date
        } else {
            Kind::Datetime
        };
    }
    let trimmed = text.trim();
    let is_url = (trimmed.starts_with("https://") || trimmed.starts_with("http://"))
        && !trimmed.contains(char::is_whitespace);
    if is_url {
        return Kind::Url;
    }
    let is_email = trimmed.split_once('@').is_some_and(|(user, host)| {
        !user.is_empty()
            && host.contains('.')
            && !trimmed.contains(char::is_whitespace)
            && !host.contains('@')
    });
    if is_email {
        return Kind::Email;
    }
    if text.contains('\n') || text.chars().count() > TEXT_LENGTH {
        Kind::Text
    } else {
        Kind::String
    }
}

/// The narrowest kind both `a` and `b` fit.
fn widen(a: Kind, b: Kind) -> Kind {
    use Kind::*;
    match (a, b) {
        (a, b) if a == b => a,
        (Unsupported, _) | (_, Unsupported) => Unsupported,
        (List(a), List(b)) => List(Box::new(widen(*a, *b))),
        (List(inner), scalar) | (scalar, List(inner)) => match widen(*inner, scalar) {
            Text => List(Box::new(String)),
            other => List(Box::new(other)),
        },
        (Integer, Float) | (Float, Integer) => Float,
        (Date, Datetime) | (Datetime, Date) => Date,
        (Text, _) | (_, Text) => Text,
        _ => String,
    }
}

fn enum_of(values: &[&Value]) -> Option<Kind> {
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
        .then_some(Kind::Enum(distinct))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fronts(yaml: &[&str]) -> Vec<Mapping> {
        yaml.iter().map(|y| serde_yaml::from_str(y).unwrap()).collect()
    }

    fn inferred(yaml: &[&str]) -> Vec<Field> {
        let owned = fronts(yaml);
        let refs: Vec<&Mapping> = owned.iter().collect();
        infer(&refs, &["title", "tags"])
    }

    fn kind(fields: &[Field], name: &str) -> Kind {
        fields.iter().find(|f| f.name == name).unwrap().kind.clone()
    }

    #[test]
    fn scalar_types_are_the_narrowest_every_value_fits() {
        let fields = inferred(&[
            "{title: A, n: 1, x: 1, ok: true, day: 2024-01-02, at: '2024-01-02 10:00:00 +0100', web: 'https://a.org/', mail: a@b.org, tags: [a]}",
            "{title: B, n: 2, x: 2.5, ok: false, day: '2024-02-03T10:00:00', at: '2024-01-03T09:00:00Z', web: 'https://b.org/', mail: c@d.org}",
        ]);
        assert_eq!(kind(&fields, "n"), Kind::Integer);
        assert_eq!(kind(&fields, "x"), Kind::Float);
        assert_eq!(kind(&fields, "ok"), Kind::Bool);
        assert_eq!(kind(&fields, "day"), Kind::Date);
        assert_eq!(kind(&fields, "at"), Kind::Datetime);
        assert_eq!(kind(&fields, "web"), Kind::Url);
        assert_eq!(kind(&fields, "mail"), Kind::Email);
        assert!(fields.iter().all(|f| f.name != "title" && f.name != "tags"));
    }

    #[test]
    fn disagreeing_values_widen() {
        let fields = inferred(&[
            "{a: 1, b: 'https://a.org/', c: [x, y], d: {k: v}, e: [[1]]}",
            "{a: one, b: plain words, c: z, d: 2, e: [2]}",
        ]);
        assert_eq!(kind(&fields, "a"), Kind::String);
        assert_eq!(kind(&fields, "b"), Kind::String);
        assert_eq!(kind(&fields, "c"), Kind::List(Box::new(Kind::String)));
        assert_eq!(kind(&fields, "d"), Kind::Unsupported);
        assert_eq!(kind(&fields, "e"), Kind::Unsupported);
        let long = "word ".repeat(30);
        let fields = inferred(&[&format!("{{s: '{long}'}}"), "{s: short}"]);
        assert_eq!(kind(&fields, "s"), Kind::Text);
    }

    #[test]
    fn a_key_every_file_sets_is_required() {
        let fields = inferred(&["{a: 1, b: 2}", "{a: 3, b: null}", "{a: 4}"]);
        assert!(fields.iter().find(|f| f.name == "a").unwrap().required);
        assert!(!fields.iter().find(|f| f.name == "b").unwrap().required);
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
            Kind::Enum(vec!["lab".into(), "school".into()])
        );
        assert_eq!(kind(&fields, "who"), Kind::String);
        // Three files are too few to tell a choice from a coincidence.
        let fields = inferred(&["{kind: lab}", "{kind: lab}", "{kind: lab}"]);
        assert_eq!(kind(&fields, "kind"), Kind::String);
    }

    #[test]
    fn values_are_fitted_to_their_field() {
        let number = Value::from(12);
        assert_eq!(fit(&number, &Kind::String), Value::from("12"));
        let list: Value = serde_yaml::from_str("[1, two]").unwrap();
        assert_eq!(
            fit(&list, &Kind::List(Box::new(Kind::String))),
            serde_yaml::from_str::<Value>("['1', two]").unwrap()
        );
        let date = Value::from("2024-01-02 10:00:00 +0100");
        assert_eq!(
            fit(&date, &Kind::Datetime),
            Value::from("2024-01-02T10:00:00+01:00")
        );
    }
}

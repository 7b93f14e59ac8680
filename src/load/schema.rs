//! Checks against a schema: a field as `site.yaml` declares it, and a value as an item
//! writes it, each turned into the model's types or into a problem an author understands.

use jiff::civil::{Date, DateTime};

use crate::diagnostics::closest;
use crate::load::config::raw::RawField;
use crate::model::schema::*;

/// Turns a field as written in `site.yaml` into a spec, or says why it cannot.
pub(crate) fn field_spec(raw: &RawField, collections: &[String]) -> Result<FieldSpec, Problem> {
    let field_type = field_type(raw, collections)?;
    let default = match &raw.default {
        None => None,
        Some(value) => Some(check_value(&field_type, value).map_err(|problem| Problem {
            message: format!("the default does not fit the field: {}", problem.message),
            declared: None,
            ..problem
        })?),
    };
    Ok(FieldSpec {
        field_type,
        required: raw.required,
        default,
        builtin: false,
        description: raw.description.clone(),
    })
}

fn field_type(raw: &RawField, collections: &[String]) -> Result<FieldType, Problem> {
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
        "image" => FieldType::Image,
        "enum" => match &raw.values {
            Some(values) if !values.is_empty() => FieldType::Enum(values.clone()),
            _ => {
                return Err(problem(
                    "an `enum` field needs its `values`".into(),
                    "add values: [first, second]",
                ));
            }
        },
        "list" => match &raw.of {
            Some(inner) => FieldType::List(Box::new(field_type(inner, collections).map_err(
                |mut problem| {
                    if let Some((keys, _)) = &mut problem.declared {
                        keys.insert(0, "of");
                    }
                    problem
                },
            )?)),
            None => {
                return Err(problem(
                    "a `list` field needs the type of its elements in `of`".into(),
                    "add of: { type: string }",
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
                return Err(Problem {
                    declared: Some((vec!["collection"], target.clone())),
                    ..problem(format!("reference to unknown collection `{target}`"), hint)
                });
            }
            None => {
                return Err(problem(
                    "a `reference` field needs the `collection` it points into".into(),
                    "add collection: institutions",
                ));
            }
        },
        other => {
            let hint = match closest(other, TYPE_NAMES.iter().copied()) {
                Some(near) => format!("did you mean `{near}`?"),
                None => format!("the types are: {}", TYPE_NAMES.join(", ")),
            };
            return Err(Problem {
                declared: Some((vec!["type"], other.to_string())),
                ..problem(format!("unknown field type `{other}`"), hint)
            });
        }
    })
}

/// Why a value does not fit its field; `element` is the index in a list, if any.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Problem {
    /// What is wrong.
    pub message: String,
    /// What to do.
    pub hint: String,
    /// Which list element, for positioning.
    pub element: Option<usize>,
    /// In a field's declaration, the key whose value is wrong (`["of", "type"]`) and that
    /// value, so the error points at `strng` and not at the field's name.
    pub declared: Option<(Vec<&'static str>, String)>,
}

fn problem(message: String, hint: impl Into<String>) -> Problem {
    Problem {
        message,
        hint: hint.into(),
        element: None,
        declared: None,
    }
}

/// Checks one YAML value against a type.
pub(crate) fn check_value(field_type: &FieldType, value: &serde_yaml::Value) -> Result<FieldValue, Problem> {
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
        (FieldType::Image, Y::String(s)) => check_image_path(s).map(|()| FieldValue::String(s.clone())),
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
    // Written in the right form but naming a day that does not exist: say which part is
    // wrong in plain words, not the form the author already used.
    let invalid = |err: &jiff::Error| match no_such_day(text) {
        Some(why) => problem(
            format!("`{text}` is not a date: {why}"),
            "write a date that exists, in the same form (YYYY-MM-DD)",
        ),
        None => problem(
            format!("`{text}` is not a valid date: {}", plain_cause(err)),
            hint,
        ),
    };
    if !need_time && text.len() == 10 {
        return text
            .parse::<Date>()
            .map(FieldValue::Date)
            .map_err(|err| invalid(&err));
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
            text: text.into(),
        }),
        Err(err) => Err(invalid(&err)),
    }
}

/// Why `2023-13-01` or `2023-02-30` (a date in the right form) names no day; `None` when
/// the text does not start with such a date or the date exists.
fn no_such_day(text: &str) -> Option<String> {
    let date = text.get(..10)?;
    let parts: Vec<&str> = date.split('-').collect();
    let [year, month, day] = parts[..] else {
        return None;
    };
    if year.len() != 4 || month.len() != 2 || day.len() != 2 {
        return None;
    }
    let (year, month, day): (i16, i8, i8) = (year.parse().ok()?, month.parse().ok()?, day.parse().ok()?);
    if !(1..=12).contains(&month) {
        return Some(format!("there is no month {month:02}; months go from 01 to 12"));
    }
    let days = Date::new(year, month, 1).ok()?.days_in_month();
    (day < 1 || day > days).then(|| {
        const MONTHS: [&str; 12] = [
            "January",
            "February",
            "March",
            "April",
            "May",
            "June",
            "July",
            "August",
            "September",
            "October",
            "November",
            "December",
        ];
        let name = MONTHS[month as usize - 1];
        format!("{name} {year} has {days} days, so there is no day {day:02}")
    })
}

/// jiff's innermost cause, in plain words where it names a part of the date that is out of
/// range (`parameter 'hour' is not in the required range of 0..=23`).
fn plain_cause(err: &jiff::Error) -> String {
    let text = err.to_string();
    let cause = text.rsplit(": ").next().unwrap_or(&text);
    let range = cause
        .strip_prefix("parameter '")
        .and_then(|rest| rest.split_once("' is not in the required range of "));
    match range {
        Some((part, bounds)) => match bounds.split_once("..=") {
            Some((low, high)) => format!("the {part} must be between {low} and {high}"),
            None => cause.to_string(),
        },
        None => cause.to_string(),
    }
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

/// A picture's path: relative to the item's folder, or from the site's root; whether the
/// file exists is checked once the static files and bundles are known.
fn check_image_path(path: &str) -> Result<(), Problem> {
    let hint = "write a file beside the page's index.md (photo.jpg), or a path from the site's root (/images/photo.jpg)";
    let escapes = path.split('/').any(|part| part == "..");
    if path.trim().is_empty()
        || path.contains("://")
        || path.starts_with("//")
        || escapes
        || path.contains('\\')
    {
        return Err(problem(
            format!("`{path}` is not the path of a picture of this site"),
            hint,
        ));
    }
    Ok(())
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
pub(crate) fn describe(value: &serde_yaml::Value) -> String {
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

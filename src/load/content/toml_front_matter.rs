//! TOML front matter (`+++` fences, as Zola and Hugo write it), read into the same YAML map
//! the schema checks take, so a site can mix the two and every later stage sees one form.
//!
//! TOML dates and times have no YAML counterpart in serde_yaml's values: they become the
//! strings they are written as (`2024-01-02`, `2024-01-02T10:00:00Z`), which the `date` and
//! `datetime` fields parse as they parse YAML's.

use serde_yaml::{Mapping, Value};

/// Why a TOML front matter does not parse: the parser's message and the byte range of the
/// front matter it points at.
#[derive(Debug)]
pub(super) struct TomlError {
    /// The problem, in the parser's words (its first line).
    pub(super) message: String,
    /// Bytes of the front matter the problem is at.
    pub(super) span: Option<std::ops::Range<usize>>,
}

/// Parses `front_matter` as a TOML table.
pub(super) fn parse(front_matter: &str) -> Result<Mapping, TomlError> {
    let table: toml::Table = toml::from_str(front_matter).map_err(|err| TomlError {
        message: err.message().lines().next().unwrap_or("invalid TOML").to_string(),
        span: err.span(),
    })?;
    Ok(table
        .into_iter()
        .map(|(key, value)| (Value::String(key), yaml_from_toml(value, &|date| date)))
        .collect())
}

/// A TOML value as the YAML value it reads as; `date` gives the text a date or time
/// becomes, from the text TOML writes (the import makes it one gazette's fields take).
pub(crate) fn yaml_from_toml(value: toml::Value, date: &dyn Fn(String) -> String) -> Value {
    match value {
        toml::Value::String(s) => Value::String(s),
        toml::Value::Integer(i) => Value::Number(i.into()),
        toml::Value::Float(f) => Value::Number(f.into()),
        toml::Value::Boolean(b) => Value::Bool(b),
        toml::Value::Datetime(d) => Value::String(date(d.to_string())),
        toml::Value::Array(items) => {
            Value::Sequence(items.into_iter().map(|item| yaml_from_toml(item, date)).collect())
        }
        toml::Value::Table(table) => Value::Mapping(
            table
                .into_iter()
                .map(|(key, value)| (Value::String(key), yaml_from_toml(value, date)))
                .collect(),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_scalars_dates_lists_and_tables() {
        let map = parse(
            "title = \"A\"\ndate = 2024-01-02\nweight = 3\ndraft = false\ntags = [\"x\", \"y\"]\n[extra]\nlead = \"L\"\n",
        )
        .unwrap();
        assert_eq!(map["title"], Value::from("A"));
        assert_eq!(map["date"], Value::from("2024-01-02"));
        assert_eq!(map["weight"], Value::from(3));
        assert_eq!(map["draft"], Value::from(false));
        assert_eq!(map["tags"], Value::Sequence(vec!["x".into(), "y".into()]));
        assert_eq!(map["extra"]["lead"], Value::from("L"));
    }

    #[test]
    fn says_where_it_does_not_parse() {
        let err = parse("title = \"A\"\ndate = \n").unwrap_err();
        assert!(!err.message.is_empty());
        let span = err.span.unwrap();
        assert_eq!(&"title = \"A\"\ndate = \n"[..span.start].lines().count(), &2);
    }
}

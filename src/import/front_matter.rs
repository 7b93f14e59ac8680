//! Reading another generator's content file: its front matter, TOML between `+++` lines
//! (Zola, Hugo) or YAML between `---` lines (Hugo, Jekyll), as one YAML mapping, and the
//! body after it with the line it starts on.
//!
//! Everything downstream works on `serde_yaml` values, because YAML is what gazette writes:
//! TOML tables become mappings in their order, TOML dates become the text gazette reads
//! (`2024-01-02`, `2024-01-02T10:00:00+01:00`). Dates written the way Jekyll writes them
//! (`2024-01-02 10:00:00 +0100`) are put in that form too, by `normalize_date`.

use serde_yaml::{Mapping, Value};

use crate::load::content::{Format, split};

/// A content file read: its front matter (empty when it has none) and its body.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Parsed {
    pub front: Mapping,
    pub body: String,
    /// 1-based line of the body's first line in the file.
    pub body_line: usize,
    /// The file had a front matter block (Jekyll publishes only such files).
    pub has_front_matter: bool,
}

/// Splits and parses `text`; the error says what is wrong, for the report.
pub(crate) fn parse(text: &str) -> Result<Parsed, String> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    // Zola reads front matter after blank lines; their count keeps the body's line numbers.
    let blank = text.len() - text.trim_start_matches(['\n', '\r', ' ', '\t']).len();
    let skipped_lines = text[..blank].matches('\n').count();
    let starts_fenced = ["---", "+++"].iter().any(|f| text[blank..].starts_with(f));
    let (text, skipped_lines) = match starts_fenced && skipped_lines > 0 {
        true => (
            &text[text[..blank].rfind('\n').map_or(0, |i| i + 1)..],
            skipped_lines,
        ),
        false => (text, 0),
    };
    let first_end = text.find('\n').map_or(text.len(), |i| i + 1);
    let fence = text[..first_end].trim_end();
    if fence != "---" && fence != "+++" {
        return Ok(Parsed {
            front: Mapping::new(),
            body: text.to_string(),
            body_line: 1,
            has_front_matter: false,
        });
    }
    // The fences are gazette's own (`---`, `...`, `+++`): the loader's split finds the end.
    let parts = split(text).map_err(|_| format!("the front matter opened with `{fence}` is never closed"))?;
    let front = match parts.format {
        Format::Toml => from_toml(parts.front_matter)?,
        Format::Yaml => from_yaml(parts.front_matter)?,
    };
    Ok(Parsed {
        front,
        body: parts.body.to_string(),
        body_line: parts.body_line + skipped_lines,
        has_front_matter: true,
    })
}

/// A TOML document (a Zola or Hugo config, or front matter) as a YAML mapping.
pub(crate) fn from_toml(text: &str) -> Result<Mapping, String> {
    let table: toml::Table = text
        .parse()
        .map_err(|err: toml::de::Error| format!("TOML: {}", err.message()))?;
    match toml_value(toml::Value::Table(table)) {
        Value::Mapping(mapping) => Ok(mapping),
        _ => Ok(Mapping::new()),
    }
}

/// A YAML document as a mapping; an empty one is an empty mapping.
pub(crate) fn from_yaml(text: &str) -> Result<Mapping, String> {
    match serde_yaml::from_str::<Value>(text) {
        Ok(Value::Mapping(mapping)) => Ok(mapping),
        Ok(Value::Null) => Ok(Mapping::new()),
        Ok(_) => Err("the front matter is not a mapping of keys to values".into()),
        Err(err) => Err(format!("YAML: {err}")),
    }
}

/// A date as gazette reads it: `2024-01-02`, or `2024-01-02T10:00:00` with the offset
/// as `+01:00` when one was written. `None` when `text` is no date at all.
pub(crate) fn normalize_date(text: &str) -> Option<String> {
    let text = text.trim();
    let date = text.get(..10)?;
    let is_date = date.bytes().enumerate().all(|(i, b)| match i {
        4 | 7 => b == b'-',
        _ => b.is_ascii_digit(),
    });
    if !is_date || date.parse::<jiff::civil::Date>().is_err() {
        return None;
    }
    let rest = text[10..].trim_start_matches(['T', 't', ' ']);
    if rest.is_empty() {
        return Some(date.to_string());
    }
    let time_end = rest
        .find(|c: char| !(c.is_ascii_digit() || c == ':' || c == '.'))
        .unwrap_or(rest.len());
    let (time, offset) = rest.split_at(time_end);
    let time = time.split('.').next().unwrap_or(time);
    let time = match time.len() {
        5 => format!("{time}:00"),
        8 => time.to_string(),
        _ => return None,
    };
    let offset = match offset.trim() {
        "" => String::new(),
        "Z" | "z" | "UTC" => "+00:00".to_string(),
        sign_and_digits => {
            let (sign, digits) = sign_and_digits.split_at(1);
            if !matches!(sign, "+" | "-") {
                return None;
            }
            let digits: String = digits.chars().filter(|c| c.is_ascii_digit()).collect();
            if digits.len() != 4 {
                return None;
            }
            format!("{sign}{}:{}", &digits[..2], &digits[2..])
        }
    };
    let written = format!("{date}T{time}{offset}");
    let checks = written.get(..19)?.parse::<jiff::civil::DateTime>().is_ok();
    checks.then_some(written)
}

fn toml_value(value: toml::Value) -> Value {
    crate::load::content::yaml_from_toml(value, &|text| normalize_date(&text).unwrap_or(text))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn toml_front_matter_becomes_a_mapping_in_order() {
        let parsed =
            parse("+++\ntitle = \"Hi\"\ndate = 2024-01-02\n[extra]\nlead = true\n+++\nBody\n").unwrap();
        assert_eq!(parsed.front["title"], Value::from("Hi"));
        assert_eq!(parsed.front["date"], Value::from("2024-01-02"));
        assert_eq!(parsed.front["extra"]["lead"], Value::from(true));
        assert_eq!(parsed.body, "Body\n");
        assert_eq!(parsed.body_line, 7);
    }

    #[test]
    fn blank_lines_before_the_front_matter_are_skipped() {
        let parsed = parse("\n+++\ntitle = \"Hi\"\n+++   \nBody\n").unwrap();
        assert_eq!(parsed.front["title"], Value::from("Hi"));
        assert_eq!(parsed.body, "Body\n");
        assert_eq!(parsed.body_line, 5);
    }

    #[test]
    fn yaml_front_matter_and_none() {
        let parsed = parse("---\ntitle: Hi\n---\nBody\n").unwrap();
        assert_eq!(parsed.front["title"], Value::from("Hi"));
        assert_eq!(parsed.body_line, 4);
        let plain = parse("Just text\n").unwrap();
        assert!(!plain.has_front_matter);
        assert!(parse("---\ntitle: Hi\n").is_err());
    }

    #[test]
    fn dates_are_written_as_gazette_reads_them() {
        assert_eq!(normalize_date("2024-01-02").as_deref(), Some("2024-01-02"));
        assert_eq!(
            normalize_date("2024-01-02 10:00:00 +0100").as_deref(),
            Some("2024-01-02T10:00:00+01:00")
        );
        assert_eq!(
            normalize_date("2024-01-02T10:00:00Z").as_deref(),
            Some("2024-01-02T10:00:00+00:00")
        );
        assert_eq!(
            normalize_date("2024-01-02 10:00").as_deref(),
            Some("2024-01-02T10:00:00")
        );
        assert_eq!(normalize_date("2024-13-02"), None);
        assert_eq!(normalize_date("hello"), None);
    }
}

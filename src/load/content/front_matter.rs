//! Splitting a content file into its front matter and Markdown body, and finding where each
//! key and list element of the front matter stands, for diagnostics.
//!
//! Front matter is YAML between `---` lines, or TOML between `+++` lines as Zola and Hugo
//! write it, so that a site moved from them builds before its files are converted.
//!
//! serde_yaml forgets positions once a document parsed, so `KeyPositions` scans the front
//! matter's lines itself. It understands the shapes authors write (`key: value`,
//! `key: [a, b]`, and `- a` lines under a key; TOML's `key = value` before the first
//! `[table]`) and falls back to the key's line otherwise.

use std::collections::HashMap;

/// Front matter larger than this is refused before YAML parsing: a 10 MB header is a
/// mistake, and refusing it keeps memory bounded.
pub const MAX_FRONT_MATTER_BYTES: usize = 1024 * 1024;

/// The language of a front matter, told by its fences.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Format {
    /// Between `---` lines.
    #[default]
    Yaml,
    /// Between `+++` lines.
    Toml,
}

impl Format {
    /// The format of the front matter `text` starts with (its first fence).
    pub fn of(text: &str) -> Format {
        if text.starts_with("+++") {
            Format::Toml
        } else {
            Format::Yaml
        }
    }
}

/// A file split in two.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Split<'a> {
    /// The YAML (or TOML) between the fences.
    pub front_matter: &'a str,
    /// Which of the two it is.
    pub format: Format,
    /// 1-based line of the front matter's first line in the file.
    pub front_matter_line: usize,
    /// The Markdown after the closing `---`.
    pub body: &'a str,
    /// 1-based line of the body's first line in the file.
    pub body_line: usize,
}

/// Why a file could not be split: (message, hint, 1-based line).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SplitError {
    /// What is wrong.
    pub message: &'static str,
    /// What to do.
    pub hint: &'static str,
    /// Where (1-based line, 0 for the whole file).
    pub line: usize,
}

/// Splits `text` (BOM already removed) at its `---` (or `+++`) fences.
pub fn split(text: &str) -> Result<Split<'_>, SplitError> {
    if text.trim().is_empty() {
        return Err(SplitError {
            message: "the file is empty",
            hint: "start it with front matter: a line `---`, `title: ...`, and a closing `---`",
            line: 0,
        });
    }
    let first_end = text.find('\n').map_or(text.len(), |i| i + 1);
    let (format, closing): (Format, &[&str]) = match text[..first_end].trim_end() {
        "---" => (Format::Yaml, &["---", "..."]),
        "+++" => (Format::Toml, &["+++"]),
        _ => {
            return Err(SplitError {
                message: "the file does not start with front matter",
                hint: "add a line `---`, then `title: ...`, then `---` at the top of the file",
                line: 1,
            });
        }
    };
    let mut offset = first_end;
    let mut line = 2;
    while offset < text.len() {
        let end = text[offset..].find('\n').map_or(text.len(), |i| offset + i + 1);
        let current = text[offset..end].trim_end();
        if closing.contains(&current) {
            return Ok(Split {
                front_matter: &text[first_end..offset],
                format,
                front_matter_line: 2,
                body: &text[end..],
                body_line: line + 1,
            });
        }
        offset = end;
        line += 1;
    }
    Err(SplitError {
        message: "the front matter is never closed",
        hint: match format {
            Format::Yaml => "end the front matter with a line holding only `---`",
            Format::Toml => "end the TOML front matter with a line holding only `+++`",
        },
        line: 1,
    })
}

/// Where a key (and, for lists, each element) stands in the file.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct KeyPosition {
    /// 1-based line of the key.
    pub line: usize,
    /// 1-based column of the key.
    pub key_column: usize,
    /// Characters in the key.
    pub key_width: usize,
    /// 1-based column where the value starts on the key's line (0 when on later lines).
    pub value_column: usize,
    /// Characters in the value on that line.
    pub value_width: usize,
    /// List elements: (line, column, width) each.
    pub elements: Vec<(usize, usize, usize)>,
}

/// Positions of the top-level keys of a front matter.
#[derive(Debug, Clone, Default)]
pub struct KeyPositions {
    keys: HashMap<String, KeyPosition>,
}

impl KeyPositions {
    /// Scans `front_matter`, whose first line is line `first_line` of the file.
    pub fn scan(front_matter: &str, format: Format, first_line: usize) -> KeyPositions {
        let mut keys: HashMap<String, KeyPosition> = HashMap::new();
        let mut current: Option<String> = None;
        let separator = match format {
            Format::Yaml => ':',
            Format::Toml => '=',
        };
        for (i, raw_line) in front_matter.lines().enumerate() {
            let line_text = raw_line.trim_end_matches('\r');
            let line = first_line + i;
            if line_text.trim().is_empty() || line_text.trim_start().starts_with('#') {
                continue;
            }
            // A TOML table's keys are not the item's: only those above the first table are.
            if format == Format::Toml && line_text.trim_start().starts_with('[') {
                break;
            }
            if !line_text.starts_with([' ', '\t', '-']) {
                let Some((key, value_start)) = top_level_key(line_text, separator) else {
                    current = None;
                    continue;
                };
                let value = line_text[value_start..].trim_end();
                let value_lead = value.len() - value.trim_start().len();
                let value = value.trim_start();
                let value_column = if value.is_empty() {
                    0
                } else {
                    line_text[..value_start + value_lead].chars().count() + 1
                };
                let mut position = KeyPosition {
                    line,
                    key_column: 1,
                    key_width: key.chars().count(),
                    value_column,
                    value_width: value.chars().count(),
                    elements: Vec::new(),
                };
                if value.starts_with('[') {
                    position.elements = flow_elements(line_text, value_start + value_lead, line);
                }
                current = Some(key.to_string());
                keys.insert(key.to_string(), position);
            } else if let Some(key) = &current {
                let trimmed = line_text.trim_start();
                if let Some(element) = trimmed.strip_prefix("- ").or(trimmed.strip_prefix('-')) {
                    let lead = line_text.len() - element.len();
                    let element = element.trim();
                    let column = line_text[..lead].chars().count() + 1;
                    if let Some(position) = keys.get_mut(key) {
                        position
                            .elements
                            .push((line, column, element.chars().count().max(1)));
                    }
                }
            }
        }
        KeyPositions { keys }
    }

    /// The position of a top-level key.
    pub fn get(&self, key: &str) -> Option<&KeyPosition> {
        self.keys.get(key)
    }
}

fn top_level_key(line: &str, separator: char) -> Option<(&str, usize)> {
    let (key, rest_start) = if let Some(quote) = line.chars().next().filter(|c| *c == '"' || *c == '\'') {
        let close = line[1..].find(quote)? + 1;
        (&line[1..close], close + 1)
    } else {
        let colon = line.find(separator)?;
        (line[..colon].trim_end(), colon)
    };
    let after = line[rest_start..].trim_start_matches([' ', '\t']);
    let after = after.strip_prefix(separator)?;
    // YAML needs a space after the colon (`a:b` is a plain string); TOML does not.
    if separator == ':' && !(after.is_empty() || after.starts_with([' ', '\t'])) {
        return None;
    }
    Some((key, line.len() - after.len()))
}

/// Elements of a one-line flow sequence `[a, "b", c]` starting at byte `start` of `line`.
fn flow_elements(line: &str, start: usize, line_number: usize) -> Vec<(usize, usize, usize)> {
    let mut elements = Vec::new();
    let bytes = line.as_bytes();
    let mut i = start + 1;
    let mut element_start: Option<usize> = None;
    let mut quote: Option<u8> = None;
    let push = |from: usize, to: usize, elements: &mut Vec<(usize, usize, usize)>| {
        let text = line[from..to].trim_end();
        if !text.is_empty() {
            let column = line[..from].chars().count() + 1;
            elements.push((line_number, column, text.chars().count()));
        }
    };
    while i < bytes.len() {
        let b = bytes[i];
        match quote {
            Some(q) if b == q => quote = None,
            Some(_) => {}
            None => match b {
                b'"' | b'\'' => {
                    quote = Some(b);
                    element_start.get_or_insert(i);
                }
                b',' | b']' => {
                    if let Some(from) = element_start.take() {
                        push(from, i, &mut elements);
                    }
                    if b == b']' {
                        break;
                    }
                }
                b' ' | b'\t' => {}
                _ => {
                    element_start.get_or_insert(i);
                }
            },
        }
        i += 1;
    }
    elements
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_with_crlf_and_counts_lines() {
        let text = "---\r\ntitle: A\r\n---\r\nBody\r\n";
        let split = split(text).unwrap();
        assert_eq!(split.front_matter, "title: A\r\n");
        assert_eq!(split.body, "Body\r\n");
        assert_eq!(split.body_line, 4);
    }

    #[test]
    fn reports_unclosed_and_missing_front_matter() {
        assert_eq!(
            split("---\ntitle: A\n").unwrap_err().message,
            "the front matter is never closed"
        );
        assert_eq!(split("# Hi\n").unwrap_err().line, 1);
        assert_eq!(split("").unwrap_err().line, 0);
    }

    #[test]
    fn finds_keys_and_list_elements() {
        let fm = "title: A\ninstitutions: [jinfeng-laboratory, \"cqmu\"]\ntags:\n  - brain science\n  - pathology\n";
        let positions = KeyPositions::scan(fm, Format::Yaml, 2);
        let institutions = positions.get("institutions").unwrap();
        assert_eq!(institutions.line, 3);
        assert_eq!(institutions.elements, vec![(3, 16, 18), (3, 36, 6)]);
        let tags = positions.get("tags").unwrap();
        assert_eq!(tags.elements, vec![(5, 5, 13), (6, 5, 9)]);
        assert_eq!(positions.get("title").unwrap().value_column, 8);
    }

    #[test]
    fn splits_toml_front_matter_at_its_plus_fences() {
        let split = split("+++\ntitle = \"A\"\n+++\nBody\n").unwrap();
        assert_eq!(split.format, Format::Toml);
        assert_eq!(split.front_matter, "title = \"A\"\n");
        assert_eq!(split.body, "Body\n");
        // A YAML fence does not close TOML.
        assert!(split_err("+++\ntitle = \"A\"\n---\n").contains("`+++`"));
    }

    #[test]
    fn finds_toml_keys_above_the_first_table() {
        let fm = "title = \"A\"\ntags = [\"x\", \"y\"]\n[extra]\ntitle = \"not the item's\"\n";
        let positions = KeyPositions::scan(fm, Format::Toml, 2);
        assert_eq!(positions.get("title").unwrap().line, 2);
        assert_eq!(positions.get("title").unwrap().value_column, 9);
        assert_eq!(
            positions.get("tags").unwrap().elements,
            vec![(3, 9, 3), (3, 14, 3)]
        );
    }

    fn split_err(text: &str) -> &'static str {
        split(text).unwrap_err().hint
    }
}

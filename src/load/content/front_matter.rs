//! Splitting a content file into its YAML front matter and Markdown body, and finding where
//! each key and list element of the front matter stands, for diagnostics.
//!
//! serde_yaml forgets positions once a document parsed, so `KeyPositions` scans the front
//! matter's lines itself. It understands the shapes authors write (`key: value`,
//! `key: [a, b]`, and `- a` lines under a key) and falls back to the key's line otherwise.

use std::collections::HashMap;

/// Front matter larger than this is refused before YAML parsing: a 10 MB header is a
/// mistake, and refusing it keeps memory bounded.
pub const MAX_FRONT_MATTER_BYTES: usize = 1024 * 1024;

/// A file split in two.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Split<'a> {
    /// The YAML between the `---` lines.
    pub front_matter: &'a str,
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

/// Splits `text` (BOM already removed) at its `---` fences.
pub fn split(text: &str) -> Result<Split<'_>, SplitError> {
    if text.trim().is_empty() {
        return Err(SplitError {
            message: "the file is empty",
            hint: "start it with front matter: a line `---`, `title: ...`, and a closing `---`",
            line: 0,
        });
    }
    let first_end = text.find('\n').map_or(text.len(), |i| i + 1);
    if text[..first_end].trim_end() != "---" {
        return Err(SplitError {
            message: "the file does not start with front matter",
            hint: "add a line `---`, then `title: ...`, then `---` at the top of the file",
            line: 1,
        });
    }
    let mut offset = first_end;
    let mut line = 2;
    while offset < text.len() {
        let end = text[offset..].find('\n').map_or(text.len(), |i| offset + i + 1);
        let current = text[offset..end].trim_end();
        if current == "---" || current == "..." {
            return Ok(Split {
                front_matter: &text[first_end..offset],
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
        hint: "end the front matter with a line holding only `---`",
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
    pub fn scan(front_matter: &str, first_line: usize) -> KeyPositions {
        let mut keys: HashMap<String, KeyPosition> = HashMap::new();
        let mut current: Option<String> = None;
        for (i, raw_line) in front_matter.lines().enumerate() {
            let line_text = raw_line.trim_end_matches('\r');
            let line = first_line + i;
            if line_text.trim().is_empty() || line_text.trim_start().starts_with('#') {
                continue;
            }
            if !line_text.starts_with([' ', '\t', '-']) {
                let Some((key, value_start)) = top_level_key(line_text) else {
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

fn top_level_key(line: &str) -> Option<(&str, usize)> {
    let (key, rest_start) = if let Some(quote) = line.chars().next().filter(|c| *c == '"' || *c == '\'') {
        let close = line[1..].find(quote)? + 1;
        (&line[1..close], close + 1)
    } else {
        let colon = line.find(':')?;
        (line[..colon].trim_end(), colon)
    };
    let after = &line[rest_start..];
    let after = after.strip_prefix(':')?;
    if !(after.is_empty() || after.starts_with([' ', '\t'])) {
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
        let positions = KeyPositions::scan(fm, 2);
        let institutions = positions.get("institutions").unwrap();
        assert_eq!(institutions.line, 3);
        assert_eq!(institutions.elements, vec![(3, 16, 18), (3, 36, 6)]);
        let tags = positions.get("tags").unwrap();
        assert_eq!(tags.elements, vec![(5, 5, 13), (6, 5, 9)]);
        assert_eq!(positions.get("title").unwrap().value_column, 8);
    }
}

//! YAML parser errors as diagnostics, and where a key of a YAML document is written.

use std::path::PathBuf;

use super::{Diagnostic, closest};

/// A serde_yaml error as a diagnostic; `line_offset` is added to its line (front matter).
pub(crate) fn yaml_error(
    file: impl Into<PathBuf>,
    source: &str,
    err: &serde_yaml::Error,
    line_offset: usize,
) -> Diagnostic {
    let text = err.to_string();
    // libyaml says where it gave up and, after ", while scanning a quoted scalar at line L
    // column C", where the construct it could not finish began: the opening quote or bracket
    // is what the author has to fix, so point there.
    let (problem, context) = match text.split_once(", while ") {
        Some((problem, context)) => (problem, Some(context)),
        None => (text.as_str(), None),
    };
    let opened_at = context.and_then(position_in);
    let problem = strip_position(problem);
    let location = opened_at.or_else(|| err.location().map(|l| (l.line(), l.column())));
    let (message, hint) = match unknown_field(problem) {
        Some((field, expected)) => {
            let hint = match closest(field, expected.iter().copied()) {
                Some(near) => format!("did you mean `{near}`?"),
                None => format!("the keys here are: {}", expected.join(", ")),
            };
            let place = problem
                .split_once(": unknown field")
                .map(|(path, _)| format!(" in `{path}`"));
            (
                format!("unknown key `{field}`{}", place.unwrap_or_default()),
                hint,
            )
        }
        None => {
            let line = location.map_or("", |(line, _)| {
                source
                    .lines()
                    .nth((line + line_offset).saturating_sub(1))
                    .unwrap_or("")
            });
            let column = location.map_or(0, |(_, column)| column);
            match plain_words(problem, line, column) {
                Some(plain) => plain,
                None => {
                    let what = match context {
                        Some(context) => format!("{problem}, while {}", strip_position(context)),
                        None => problem.to_string(),
                    };
                    (format!("invalid YAML: {what}"), yaml_hint(&text).to_string())
                }
            }
        }
    };
    let mut location = location;
    let mut hint = hint;
    if let Some((line, _)) = location {
        let shown = source
            .lines()
            .nth((line + line_offset).saturating_sub(1))
            .unwrap_or("");
        // libyaml calls a tab "a character that cannot start any token": say what it is.
        if shown.trim_start_matches(' ').starts_with('\t') {
            hint = "YAML indents with spaces, never tabs: replace the tab with spaces".to_string();
        }
        // libyaml points at the map that holds a duplicate key: point at the second one.
        if let Some(key) = duplicate_key(problem)
            && let Some(second) = second_occurrence(source, key, line + line_offset)
        {
            location = Some((second - line_offset, 1));
        }
    }
    let mut diagnostic = Diagnostic::error(file, message);
    if let Some((line, column)) = location {
        let width = unknown_field(problem).map_or(1, |(field, _)| field.chars().count());
        diagnostic = diagnostic.at(source, line + line_offset, column, width);
    }
    diagnostic.with_hint(hint)
}

/// What libyaml and serde say of the mistakes authors make most, in an author's words with
/// the fix: (message, hint). `line` is the source line the problem is on, `column` its
/// 1-based column there.
fn plain_words(problem: &str, line: &str, column: usize) -> Option<(String, String)> {
    if problem.contains("mapping values are not allowed") {
        // A second `: ` on a line is a colon inside an unquoted value; a first one on a line
        // indented under a plain value is a key indented by mistake.
        let first_colon = line.find(':').map(|byte| line[..byte].chars().count() + 1);
        return Some(if first_colon.is_some_and(|first| first < column) {
            let (key, value) = line.split_once(':').unwrap_or_default();
            let (key, value) = (key.trim().trim_start_matches("- "), value.trim());
            (
                format!("the value of `{key}` holds `: `, which YAML reads as the start of another key"),
                format!(
                    "put the value in quotes: {key}: \"{}\"",
                    value.replace('"', "\\\"")
                ),
            )
        } else {
            (
                "this line is indented more than the key before it, so it belongs to no key".into(),
                "start it in the same column as the keys around it (indent with spaces only under a key that ends with `:`)".into(),
            )
        });
    }
    if problem.contains("did not find expected key") {
        return Some((
            "this line does not line up with the keys around it".into(),
            "start the keys of one block in the same column, indenting with spaces".into(),
        ));
    }
    if problem.contains("did not find expected '-' indicator") {
        return Some((
            "this line does not line up with the list around it".into(),
            "start each `- ` item of a list in the same column".into(),
        ));
    }
    if problem.contains("could not find expected ':'") {
        return Some((
            "this line is not a `key: value` line".into(),
            "write `key: value`; a value that goes on over several lines must be quoted".into(),
        ));
    }
    refused_type(problem)
}

/// serde's `collections.news.per_page: invalid type: string "ten", expected usize` →
/// "`per_page` must be a whole number, not the text "ten"".
fn refused_type(problem: &str) -> Option<(String, String)> {
    let (path, rest) = match problem.split_once(": invalid type: ") {
        Some((path, rest)) => (Some(path), rest),
        None => (None, problem.strip_prefix("invalid type: ")?),
    };
    let (got, wanted) = rest.split_once(", expected ")?;
    let wanted = match wanted {
        "usize" | "u8" | "u16" | "u32" | "u64" | "i32" | "i64" | "an integer" => "a whole number",
        "f32" | "f64" | "a number" => "a number",
        "a boolean" => "true or false",
        "a string" => "text",
        "a sequence" => "a list",
        other if other.starts_with("struct ") || other.starts_with("a map") => {
            "a block of `key: value` lines"
        }
        other => other,
    };
    let got = match got.split_once(' ') {
        Some(("string", text)) => format!("the text {text}"),
        Some(("integer" | "floating", number)) => format!("the number {}", number.trim_matches('`')),
        Some(("boolean", value)) => value.trim_matches('`').to_string(),
        _ if got == "sequence" => "a list".into(),
        _ if got == "map" => "a block of keys".into(),
        _ if got == "unit value" => "empty".into(),
        _ => got.to_string(),
    };
    let (key, place) = match path.and_then(|path| path.rsplit_once('.')) {
        Some((parent, key)) => (key, format!(" (in `{parent}`)")),
        None => (path.unwrap_or("the value"), String::new()),
    };
    let key = if path.is_some() {
        format!("`{key}`")
    } else {
        key.to_string()
    };
    Some((
        format!("{key}{place} must be {wanted}, not {got}"),
        format!("write {wanted} here"),
    ))
}

/// `duplicate entry with key "title"` → `title`.
fn duplicate_key(problem: &str) -> Option<&str> {
    let rest = problem.split_once("duplicate entry with key \"")?.1;
    rest.split_once('"').map(|(key, _)| key)
}

/// The 1-based line of the second `key:` at one indentation, from line `from` on.
fn second_occurrence(source: &str, key: &str, from: usize) -> Option<usize> {
    let mut first: Option<usize> = None;
    for (i, line) in source.lines().enumerate().skip(from.saturating_sub(1)) {
        let indent = line.len() - line.trim_start().len();
        let rest = line.trim_start();
        let is_key = rest
            .strip_prefix(key)
            .or_else(|| rest.strip_prefix(&format!("\"{key}\"")))
            .is_some_and(|after| after.starts_with(':'));
        if !is_key {
            continue;
        }
        match first {
            None => first = Some(indent),
            Some(at) if at == indent => return Some(i + 1),
            Some(_) => {}
        }
    }
    None
}

/// `... at line 3 column 1` → (3, 1).
fn position_in(text: &str) -> Option<(usize, usize)> {
    let rest = &text[text.rfind(" at line ")? + " at line ".len()..];
    let (line, rest) = rest.split_once(" column ")?;
    let column: String = rest.chars().take_while(char::is_ascii_digit).collect();
    Some((line.trim().parse().ok()?, column.parse().ok()?))
}

fn strip_position(text: &str) -> &str {
    text.find(" at line ").map_or(text, |i| &text[..i])
}

/// serde's "unknown field `x`, expected one of `a`, `b`" → (x, [a, b]).
fn unknown_field(message: &str) -> Option<(&str, Vec<&str>)> {
    const UNKNOWN: &str = "unknown field `";
    let rest = &message[message.find(UNKNOWN)? + UNKNOWN.len()..];
    let (field, rest) = rest.split_once('`')?;
    let expected = rest.split('`').skip(1).step_by(2).collect();
    Some((field, expected))
}

fn yaml_hint(message: &str) -> &'static str {
    if message.contains("tab") {
        "YAML indents with spaces, never tabs"
    } else if message.contains("duplicate") {
        "each key may appear once; remove or rename one of them"
    } else if message.contains("unknown field") {
        "check the spelling against the site.yaml reference in the README"
    } else if message.contains("repetition limit") || message.contains("recursion limit") {
        "the YAML expands to too much data (aliases or nesting); write the values out"
    } else if message.contains("quoted scalar") || message.contains("flow") {
        "a quote or bracket is not closed; close it on the same line"
    } else {
        "check the indentation and the quoting on this line"
    }
}

/// Finds the line and column of a nested key (`["collections", "news", "sort"]`) by
/// scanning the source: serde forgets positions once parsing succeeded.
pub(crate) fn locate_key(source: &str, path: &[&str]) -> (usize, usize) {
    let mut found = (0, 0);
    let mut lines = source.lines().enumerate();
    for key in path {
        let mut hit = None;
        for (number, line) in lines.by_ref() {
            let trimmed = line.trim_start().trim_start_matches("- ");
            let indent = line.len() - trimmed.len();
            let bare = trimmed.trim_start_matches(['"', '\'']);
            if bare.starts_with(key) && bare[key.len()..].trim_start_matches(['"', '\'']).starts_with(':') {
                hit = Some((number + 1, indent + 1));
                break;
            }
        }
        match hit {
            Some(position) => found = position,
            None => return found,
        }
    }
    found
}

/// Where `value` is written as the value of `key` inside the entry at `path`: on the
/// entry's own line (`founded: { type: strng }`) or on the lines indented under it. The
/// 1-based line and column of the value's first character.
pub(crate) fn locate_value(source: &str, path: &[&str], key: &str, value: &str) -> Option<(usize, usize)> {
    let (line, column) = locate_key(source, path);
    if line == 0 {
        return None;
    }
    let entry_indent = column - 1;
    for (number, text) in source.lines().enumerate().skip(line - 1) {
        let indent = text.len() - text.trim_start().len();
        if number + 1 > line && !text.trim().is_empty() && indent <= entry_indent {
            break;
        }
        let mut from = 0;
        while let Some(found) = text[from..].find(key).map(|i| i + from) {
            from = found + key.len();
            let starts_token = text[..found].ends_with([' ', '{', ',', '-']) || found == 0;
            let Some(after) = text[from..].trim_start().strip_prefix(':') else {
                continue;
            };
            let after = after.trim_start();
            let quoted = after.trim_start_matches(['"', '\'']);
            if starts_token && quoted.starts_with(value) {
                let byte = text.len() - quoted.len();
                return Some((number + 1, text[..byte].chars().count() + 1));
            }
        }
    }
    None
}

//! Reading `site.yaml` past its first problem. serde stops at the first key it refuses, so
//! three typos would take three runs. Instead each refused entry is blanked out of a copy of
//! the source (with spaces, so every other line and column keeps its place) and the copy is
//! read again, until it reads or nothing more can be blanked. The checks that need the whole
//! file then run on what was read, so one run reports every problem.

use serde::de::DeserializeOwned;

use crate::diagnostics::Diagnostics;
use crate::diagnostics::yaml::yaml_error;
use crate::model::config::CONFIG_FILE;

/// More than this many refused entries is not a file worth reading on.
const MAX_PROBLEMS: usize = 50;

/// What serde says of a key or value it refuses, as opposed to YAML it cannot parse.
const REFUSALS: [&str; 5] = [
    "unknown field",
    "invalid type",
    "invalid value",
    "unknown variant",
    "invalid length",
];

/// Reads `source` as `T`, reporting every refused entry; `None` when it still does not read
/// (all reported). A parse error can only be the first: libyaml reads the whole document
/// before serde sees a key, so a later one is an artefact of the blanking and is not shown.
pub(super) fn read_all<T: DeserializeOwned>(source: &str, diagnostics: &mut Diagnostics) -> Option<T> {
    let mut text = source.to_string();
    let mut reported = 0;
    loop {
        let err = match serde_yaml::from_str::<T>(&text) {
            Ok(value) => return Some(value),
            Err(err) => err,
        };
        let message = err.to_string();
        let refused = REFUSALS.iter().any(|r| message.contains(r));
        if reported > 0 && !refused && !names_a_missing_key(&message, source) {
            return None;
        }
        diagnostics.push(yaml_error(CONFIG_FILE, source, &err, 0));
        reported += 1;
        let location = err.location();
        let blanked = match location {
            Some(at) if refused && reported < MAX_PROBLEMS => blank_entry(&mut text, at.line(), at.column()),
            _ => false,
        };
        if !blanked {
            return None;
        }
    }
}

/// serde's "missing field `title`" after a blanking is true only when the original has no
/// such key at all; a key that was there with a refused value is already reported.
fn names_a_missing_key(message: &str, source: &str) -> bool {
    let Some(rest) = message.split_once("missing field `").map(|(_, rest)| rest) else {
        return false;
    };
    let key = rest.split('`').next().unwrap_or_default();
    !source.lines().any(|line| {
        let entry = line.trim_start().trim_start_matches("- ").trim_start();
        entry
            .strip_prefix(key)
            .is_some_and(|after| after.trim_start().starts_with(':'))
    })
}

/// Blanks the entry (key and value) that holds 1-based `line`:`column` in `text`: in a
/// block mapping the rest of the line and the lines indented under it, in a flow mapping
/// (`{ type: strng, required: true }`) up to the next comma or closing brace. False when
/// nothing was left to blank.
fn blank_entry(text: &mut String, line: usize, column: usize) -> bool {
    let mut lines: Vec<Vec<char>> = text.lines().map(|l| l.chars().collect()).collect();
    let Some(current) = lines.get(line.wrapping_sub(1)) else {
        return false;
    };
    let at = column.saturating_sub(1).min(current.len());
    let mut changed = false;
    let mut blank = |chars: &mut [char]| {
        for c in chars.iter_mut().filter(|c| **c != ' ') {
            *c = ' ';
            changed = true;
        }
    };
    let current = &mut lines[line - 1];
    match current[..at].iter().rposition(|c| matches!(c, '{' | ',')) {
        Some(opening) => {
            let start = opening + 1;
            let end = flow_entry_end(current, at);
            blank(&mut current[start..end]);
        }
        None => {
            let key = current
                .iter()
                .position(|c| !matches!(c, ' ' | '-'))
                .unwrap_or(current.len())
                .min(at);
            blank(&mut current[key..]);
            for below in lines.iter_mut().skip(line) {
                let indent = below.iter().take_while(|c| **c == ' ').count();
                if indent < below.len() && indent <= key && below[indent] != '#' {
                    break;
                }
                blank(below);
            }
        }
    }
    if changed {
        let mut joined: Vec<String> = lines.into_iter().map(String::from_iter).collect();
        joined.push(String::new());
        *text = joined.join("\n");
    }
    changed
}

/// Where the flow entry that holds `at` ends: its comma (blanked with it) or the closing
/// brace or bracket of its mapping (kept), past any nested one.
fn flow_entry_end(chars: &[char], at: usize) -> usize {
    let mut depth = 0usize;
    for (i, c) in chars.iter().enumerate().skip(at) {
        match c {
            '{' | '[' => depth += 1,
            '}' | ']' if depth == 0 => return i,
            '}' | ']' => depth -= 1,
            ',' if depth == 0 => return i + 1,
            _ => {}
        }
    }
    chars.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blanks_a_block_entry_and_what_is_indented_under_it() {
        let mut text = "a: 1\nbad:\n  - x\n  - y\nb: 2\n".to_string();
        assert!(blank_entry(&mut text, 2, 1));
        assert_eq!(
            text,
            format!(
                "a: 1\n{}\n{}\n{}\nb: 2\n",
                " ".repeat(4),
                " ".repeat(5),
                " ".repeat(5)
            )
        );
    }

    #[test]
    fn blanks_a_value_with_its_key() {
        let mut text = "news:\n  per_page: ten\n  feed: true\n".to_string();
        assert!(blank_entry(&mut text, 2, 13));
        assert_eq!(text, format!("news:\n{}\n  feed: true\n", " ".repeat(15)));
    }

    #[test]
    fn blanks_one_entry_of_a_flow_mapping() {
        let mut text = "f: { type: x, requird: true }\n".to_string();
        assert!(blank_entry(&mut text, 1, 15));
        assert_eq!(text, format!("f: {{ type: x,{}}}\n", " ".repeat(15)));
        let mut text = "f: { of: { type: x }, bad: 1 }\n".to_string();
        assert!(blank_entry(&mut text, 1, 6));
        assert_eq!(text, format!("f: {{{}bad: 1 }}\n", " ".repeat(18)));
    }

    #[test]
    fn blanks_the_key_of_a_sequence_item_but_not_its_dash() {
        let mut text = "l:\n  - cod: en\n    name: E\n".to_string();
        assert!(blank_entry(&mut text, 2, 5));
        assert_eq!(text, "l:\n  -        \n    name: E\n");
    }

    #[test]
    fn nothing_left_to_blank_is_false() {
        let mut text = "a: 1\n    \n".to_string();
        assert!(!blank_entry(&mut text, 2, 1));
        assert!(!blank_entry(&mut text, 9, 1));
    }
}

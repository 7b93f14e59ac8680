//! The shape of `src/`, as the README's architecture section states it: no import circle
//! among its files (following `crate::` and `super::` paths), and no file longer than 500
//! lines before its tests.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use crate::support::REPO;

/// Longest a file may be, tests left out.
const MAX_LINES: usize = 500;

#[test]
fn no_source_file_imports_a_file_that_imports_it_back() {
    let files = sources();
    let modules: BTreeMap<Vec<String>, String> = files.keys().map(|p| (module_of(p), p.clone())).collect();
    let mut edges: BTreeMap<&str, BTreeSet<String>> = BTreeMap::new();
    for (path, text) in &files {
        let me = module_of(path);
        let targets = edges.entry(path.as_str()).or_default();
        for segments in imported_paths(text, &me) {
            // The longest prefix that names a file is the file imported.
            let found = (1..=segments.len())
                .rev()
                .find_map(|n| modules.get(&segments[..n]));
            if let Some(target) = found.filter(|t| *t != path) {
                targets.insert(target.clone());
            }
        }
    }
    let mut circles = Vec::new();
    for (from, targets) in &edges {
        for to in targets {
            if reaches(&edges, to, from) {
                circles.push(format!("{from} → {to} → … → {from}"));
            }
        }
    }
    assert!(circles.is_empty(), "import circles:\n{}", circles.join("\n"));
    // The scan finds imports at all: the pipeline reads the model.
    assert!(edges["pipeline/mod.rs"].iter().any(|t| t.starts_with("model/")));
}

#[test]
fn no_source_file_is_longer_than_five_hundred_lines_before_its_tests() {
    let long: Vec<String> = sources()
        .into_iter()
        .map(|(path, text)| (path, text.lines().count()))
        .filter(|(_, lines)| *lines > MAX_LINES)
        .map(|(path, lines)| format!("{path}: {lines} lines"))
        .collect();
    assert!(long.is_empty(), "split these files:\n{}", long.join("\n"));
}

/// Every `.rs` file under `src/`, by path relative to it, up to its first `#[cfg(test)]`.
fn sources() -> BTreeMap<String, String> {
    let src = Path::new(REPO).join("src");
    walkdir_files(&src)
        .into_iter()
        .map(|path| {
            let text = std::fs::read_to_string(&path).unwrap();
            let code = text.split("#[cfg(test)]").next().unwrap_or_default().to_string();
            let relative = path
                .strip_prefix(&src)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            (relative, code)
        })
        .collect()
}

fn walkdir_files(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            files.extend(walkdir_files(&path));
        } else if path.extension().is_some_and(|e| e == "rs") {
            files.push(path);
        }
    }
    files
}

/// `render/engine.rs` → `[render, engine]`; `render/mod.rs` → `[render]`; `lib.rs` → `[]`.
fn module_of(path: &str) -> Vec<String> {
    let mut parts: Vec<String> = path
        .trim_end_matches(".rs")
        .split('/')
        .map(str::to_string)
        .collect();
    if matches!(parts.last().map(String::as_str), Some("mod" | "lib" | "main")) {
        parts.pop();
    }
    parts
}

/// The module paths `text` names with `crate::…` or `super::…`, as absolute segments; a
/// `{a, b::c}` group gives one path per member.
fn imported_paths(text: &str, me: &[String]) -> Vec<Vec<String>> {
    let mut found = Vec::new();
    for (start, prefix) in [("crate::", 0usize), ("super::", 1)] {
        for (at, _) in text.match_indices(start) {
            let before = text[..at].chars().next_back();
            if before.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == ':') {
                continue;
            }
            let mut rest = &text[at + start.len()..];
            let mut base: Vec<String> = match prefix {
                0 => Vec::new(),
                _ => me[..me.len().saturating_sub(1)].to_vec(),
            };
            while let Some(after) = rest.strip_prefix("super::") {
                base.pop();
                rest = after;
            }
            let (segments, tail) = path_segments(rest);
            let mut path = base;
            path.extend(segments);
            match tail.strip_prefix('{') {
                Some(group) => {
                    let group = &group[..group.find('}').unwrap_or(group.len())];
                    for member in group.split(',') {
                        let (inner, _) = path_segments(member.trim());
                        let mut one = path.clone();
                        one.extend(inner.into_iter().filter(|s| s != "self"));
                        found.push(one);
                    }
                }
                None => found.push(path),
            }
        }
    }
    found
}

/// The `a::b::c` at the start of `text`, and what follows it.
fn path_segments(mut text: &str) -> (Vec<String>, &str) {
    let mut segments = Vec::new();
    loop {
        let end = text
            .find(|c: char| !(c.is_alphanumeric() || c == '_'))
            .unwrap_or(text.len());
        if end == 0 {
            return (segments, text);
        }
        segments.push(text[..end].to_string());
        text = &text[end..];
        match text.strip_prefix("::") {
            Some(rest) => text = rest,
            None => return (segments, text),
        }
    }
}

/// Whether `to` is reachable from `from` along `edges`.
fn reaches(edges: &BTreeMap<&str, BTreeSet<String>>, from: &str, to: &str) -> bool {
    let mut seen = BTreeSet::new();
    let mut stack = vec![from.to_string()];
    while let Some(file) = stack.pop() {
        if file == to {
            return true;
        }
        if seen.insert(file.clone()) {
            stack.extend(edges.get(file.as_str()).into_iter().flatten().cloned());
        }
    }
    false
}

//! The prose of the docs held to the program: the `site.yaml` reference names every key
//! gazette reads and no key it refuses, and every `gazette …` command written in running
//! text (not only in code samples, which `docs.rs` runs) is a command with those flags.

use std::collections::{BTreeMap, BTreeSet};
use std::ffi::OsStr;
use std::fs;
use std::path::Path;

use crate::support::{REPO, gazette};

/// A key no level of `site.yaml` has, nor anything near one (so no "did you mean").
const PROBE: &str = "zzzzzq";

/// Each level of `site.yaml` as gazette reads it: where it is (as its errors name it, `""`
/// for the top) → the keys it accepts, from the hint of an unknown key at every level,
/// all reported by one run.
fn accepted_keys() -> BTreeMap<String, BTreeSet<String>> {
    let dir = tempfile::tempdir().unwrap();
    let yaml = format!(
        "title: T\nbase_url: https://e.org/\n{PROBE}: 1\nlanguages:\n  - {{ code: en, {PROBE}: 1 }}\nmarkdown: {{ {PROBE}: 1 }}\nimages: {{ {PROBE}: 1 }}\nsearch: {{ {PROBE}: 1 }}\ncollections:\n  c:\n    {PROBE}: 1\n    fields:\n      f: {{ type: string, {PROBE}: 1 }}\ntaxonomies:\n  t: {{ {PROBE}: 1 }}\n"
    );
    fs::write(dir.path().join("site.yaml"), yaml).unwrap();
    let run = gazette(dir.path(), &[OsStr::new("check")]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let mut levels = BTreeMap::new();
    let mut place = None;
    for line in run.stderr.lines() {
        if let Some(rest) = line.strip_prefix(&format!("error: unknown key `{PROBE}`")) {
            let at = rest
                .strip_prefix(" in `")
                .and_then(|r| r.strip_suffix('`'))
                .unwrap_or("");
            place = Some(at.to_string());
        } else if let Some(keys) = line.trim().strip_prefix("= hint: the keys here are: ")
            && let Some(at) = place.take()
        {
            levels.insert(at, keys.split(", ").map(str::to_string).collect());
        }
    }
    // One run reports the unknown key at all eight levels.
    assert_eq!(levels.len(), 8, "{}", run.stderr);
    levels
}

/// The first column of every `| key | meaning | default |` table of configuration.md, by
/// the section (`## …`) it is in.
fn documented_keys() -> BTreeMap<String, BTreeSet<String>> {
    let text = fs::read_to_string(Path::new(REPO).join("docs/configuration.md")).unwrap();
    let mut tables: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let mut section = String::new();
    let mut in_key_table = false;
    for line in text.lines() {
        if let Some(heading) = line.strip_prefix("## ") {
            section = heading.to_string();
        }
        if !line.starts_with('|') {
            in_key_table = false;
            continue;
        }
        if line.starts_with("| key |") {
            in_key_table = true;
            continue;
        }
        let key = line.split('|').nth(1).unwrap_or("").trim();
        if in_key_table && let Some(key) = key.strip_prefix('`').and_then(|k| k.strip_suffix('`')) {
            tables.entry(section.clone()).or_default().insert(key.to_string());
        }
    }
    tables
}

#[test]
fn the_site_yaml_reference_names_every_key_and_only_keys_gazette_reads() {
    let accepted = accepted_keys();
    let documented = documented_keys();
    let site = &documented["The site"];
    let under = |prefix: &str| -> BTreeSet<String> {
        site.iter()
            .filter_map(|k| k.strip_prefix(prefix).map(str::to_string))
            .collect()
    };
    let languages: BTreeSet<String> = documented["Languages"]
        .iter()
        .filter_map(|k| k.strip_prefix("languages.").map(str::to_string))
        .collect();
    let pairs = [
        // `markdown.raw_html` documents the key `markdown` too.
        (
            "",
            site.iter()
                .map(|k| k.split('.').next().unwrap_or(k).to_string())
                .collect(),
        ),
        ("markdown", under("markdown.")),
        ("images", under("images.")),
        ("search", under("search.")),
        ("languages[0]", languages),
        ("collections.c", documented["Collections"].clone()),
        ("collections.c.fields.f", documented["Fields"].clone()),
        ("taxonomies.t", documented["Taxonomies"].clone()),
    ];
    for (level, documented) in pairs {
        let read = &accepted[level];
        let undocumented: Vec<_> = read.difference(&documented).collect();
        let unknown: Vec<_> = documented.difference(read).collect();
        assert!(
            undocumented.is_empty() && unknown.is_empty(),
            "`{level}`: read but not in docs/configuration.md: {undocumented:?}; documented but refused: {unknown:?}"
        );
    }
}

/// Every inline code span of `text` that is a gazette command (`` `gazette serve --open` ``).
fn inline_commands(text: &str) -> Vec<String> {
    let mut found = Vec::new();
    for event in pulldown_cmark::Parser::new(text) {
        if let pulldown_cmark::Event::Code(code) = event
            && code.starts_with("gazette ")
        {
            found.push(code.to_string());
        }
    }
    found
}

#[test]
fn every_command_the_prose_names_exists_with_its_flags() {
    let mut pages: Vec<_> = fs::read_dir(Path::new(REPO).join("docs"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .collect();
    pages.push(Path::new(REPO).join("README.md"));
    let dir = tempfile::tempdir().unwrap();
    let mut help: BTreeMap<String, String> = BTreeMap::new();
    let mut checked = 0;
    for page in &pages {
        let text = fs::read_to_string(page).unwrap();
        for command in inline_commands(&text) {
            let words: Vec<&str> = command.split_whitespace().collect();
            // `gazette COMMAND --help` names no command: a placeholder, in capitals.
            let Some(sub) = words
                .get(1)
                .filter(|w| !w.starts_with('-') && !w.chars().all(|c| c.is_ascii_uppercase()))
            else {
                continue;
            };
            let page_help = help.entry(sub.to_string()).or_insert_with(|| {
                // `gazette help` is clap's own command, which takes no `--help`.
                let args: &[&OsStr] = match *sub {
                    "help" => &[OsStr::new("help")],
                    _ => &[OsStr::new(sub), OsStr::new("--help")],
                };
                let run = gazette(dir.path(), args);
                assert_eq!(
                    run.code,
                    0,
                    "{}: `{command}`: no command `gazette {sub}`",
                    page.display()
                );
                run.stdout
            });
            for flag in words.iter().filter(|w| w.starts_with("--")) {
                let flag = flag.split('=').next().unwrap_or(flag);
                assert!(
                    page_help.contains(&format!("{flag} ")) || page_help.contains(&format!("{flag}\n")),
                    "{}: `{command}`: gazette {sub} has no {flag}",
                    page.display()
                );
            }
            checked += 1;
        }
    }
    assert!(checked >= 20, "only {checked} commands found in the prose");
}

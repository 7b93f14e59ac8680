//! Every code sample in `docs/` is built or run, so the docs cannot drift from the tool.
//!
//! Each page of `docs/` gets a temporary folder holding a site made by `gazette init` (or an
//! empty folder when the page's first sample is a `sh` block starting with
//! `gazette init DIR`), and its fenced code blocks are taken in order. A block's info string says what
//! it is, as `LANGUAGE [TARGET] [ATTRIBUTES]`:
//!
//! | info string | what the test does |
//! |---|---|
//! | `yaml site.yaml` | replaces the site's `site.yaml`, then builds |
//! | `yaml site.yaml new-site` | the same, after emptying `content/` (a config for other content) |
//! | `yaml site.yaml merge` | merges the mapping into `site.yaml` (a fragment: one collection, one taxonomy), then builds |
//! | `LANGUAGE PATH` (`markdown content/news/2025/x.md`, `jinja templates/base.html`, `css static/css/extra.css`, `markdown archetypes/news.md`) | writes the file into the site, then builds |
//! | `… fails` after any of the above | the build must fail (exit 1); the file is put back as it was before the next sample other than `text output` and `sh fails` |
//! | `markdown created` | the text of the file the last `gazette new` created (`[..]` as in `text output`) |
//! | `markdown edit` | replaces the file the last `gazette new` created, then builds (`fails` allowed) |
//! | `yaml .github/workflows/NAME.yml`, `yaml .gitlab-ci.yml` | parsed as YAML; each gazette command in a `run:` / `script:` is run as in `sh` |
//! | `sh` | each line is a command: `gazette …` runs in the current folder and must succeed, `cd DIR` moves there; `cargo`, `git`, `jq`, `open`, `man`, `rsync`, `export` are shown, not run; `gazette serve` is not run, its flags are checked against `gazette serve --help` |
//! | `sh fails` | every gazette command in it must fail |
//! | `text output` | the output of the last command or build (stderr, then stdout), line by line: `[..]` stands for any text within a line, a line `...` for any number of lines |
//! | `text tree` | a folder listing (two spaces a level, `#` comments): each entry must exist in the current folder |
//! | `nginx` | braces balance, and each `error_page` names a file the last build wrote (inside `location /x/`, relative to `/x/`) |
//!
//! Builds must succeed without a single warning (unless marked `fails`). Commands run with
//! `NO_COLOR=1` into a pipe, so their output is the plain text a snapshot would see. `$VAR`
//! and `${{ expr }}` in a gazette command's arguments are replaced by the example values in
//! `VARIABLES`. Any other info string fails the test: a new kind of sample needs a rule here
//! first. Table rows of a page that start with a custom property (`` | `--color-bg` ``) must
//! name properties the default theme defines.

use std::fs;
use std::path::{Component, Path, PathBuf};
use std::process::Command;

use pulldown_cmark::{CodeBlockKind, Event, Parser, Tag, TagEnd};

use crate::support::REPO;

/// Values for the variables CI samples use.
const VARIABLES: &[(&str, &str)] = &[
    ("CI_PAGES_URL", "https://group.gitlab.io/portal/"),
    (
        "steps.pages.outputs.base_url",
        "https://example.github.io/portal/",
    ),
    ("PREVIEW_URL", "https://preview.example.org/pr-12/"),
];

/// Programs a sample may show without the test running them.
const SHOWN_NOT_RUN: &[&str] = &["cargo", "git", "jq", "open", "xdg-open", "man", "rsync", "export"];

#[test]
fn every_code_sample_in_the_docs_builds() {
    let mut pages: Vec<PathBuf> = fs::read_dir(Path::new(REPO).join("docs"))
        .expect("read docs/")
        .map(|e| e.expect("a docs/ entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .collect();
    pages.sort();
    assert!(pages.len() >= 7, "the docs are there: {pages:?}");
    let mut samples = 0;
    for page in &pages {
        samples += run_page(page);
    }
    assert!(samples > 30, "only {samples} samples in docs/");
}

#[test]
fn the_readme_links_every_page_of_the_docs() {
    let readme = fs::read_to_string(Path::new(REPO).join("README.md")).unwrap();
    for entry in fs::read_dir(Path::new(REPO).join("docs")).unwrap() {
        let name = entry.unwrap().file_name().to_string_lossy().into_owned();
        if name.ends_with(".md") {
            assert!(
                readme.contains(&format!("(docs/{name})")),
                "README.md links docs/{name}"
            );
        }
    }
}

#[test]
fn the_readmes_site_yaml_keys_are_in_the_configuration_reference() {
    // Every key gazette reads is in the reference, and only those: `docs_drift.rs`.
    let reference = fs::read_to_string(Path::new(REPO).join("docs/configuration.md")).unwrap();
    // The README keeps the short tables; each of their keys is in the reference too.
    let readme = fs::read_to_string(Path::new(REPO).join("README.md")).unwrap();
    let section = readme
        .split("\n## ")
        .find(|s| s.starts_with("`site.yaml` reference"))
        .expect("README.md has a `site.yaml` reference section");
    for row in section.lines().filter(|l| l.starts_with("| `")) {
        let key = row.split('`').nth(1).unwrap();
        assert!(
            has_row(&reference, key),
            "README's `{key}` is not in docs/configuration.md"
        );
    }
}

/// A table row whose first cell names `key` (`markdown.raw_html` names `markdown` and `raw_html`).
fn has_row(markdown: &str, key: &str) -> bool {
    markdown.lines().filter(|l| l.starts_with("| ")).any(|row| {
        let cell = row.split('|').nth(1).unwrap_or("");
        cell.contains(&format!("`{key}`"))
            || cell.contains(&format!(".{key}`"))
            || cell.contains(&format!("`{key}."))
    })
}

#[test]
fn every_built_in_field_is_in_the_content_guide() {
    let guide = fs::read_to_string(Path::new(REPO).join("docs/content.md")).unwrap();
    let config = "title: T\nbase_url: https://example.org/\n";
    let page = "---\ntitle: x\nzzzzzzzzzzzzzzzzzz: 1\n---\n";
    for field in keys_listed_in_hint_with(config, page, "the fields here are: ") {
        assert!(
            has_row(&guide, &field),
            "docs/content.md has no row for `{field}`"
        );
    }
}

/// The names a "did you mean" hint lists when nothing is near: the keys serde accepts.
fn keys_listed_in_hint_with(config: &str, page: &str, prefix: &str) -> Vec<String> {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("site.yaml"), config).unwrap();
    fs::create_dir_all(dir.path().join("content")).unwrap();
    fs::write(dir.path().join("content/page.md"), page).unwrap();
    let run = gazette(dir.path(), &["build".into()], &[]);
    let keys: Vec<String> = run
        .text
        .lines()
        .find_map(|l| l.split_once(prefix).map(|(_, keys)| keys))
        .unwrap_or_else(|| panic!("no list of keys in:\n{}", run.text))
        .split(", ")
        .map(str::to_string)
        .collect();
    assert!(keys.len() >= 2, "{keys:?}");
    keys
}

/// One fenced block of a page.
struct Sample {
    line: usize,
    info: String,
    text: String,
}

/// What the last command or build printed.
struct Printed {
    code: i32,
    text: String,
}

/// A page's folder, where its samples run.
struct Workspace {
    _dir: tempfile::TempDir,
    cwd: PathBuf,
    last: Option<Printed>,
    created: Option<PathBuf>,
    /// A file a `fails` sample broke, with its bytes before (`None`: it did not exist).
    broken: Option<(PathBuf, Option<Vec<u8>>)>,
    place: String,
}

fn run_page(page: &Path) -> usize {
    let text = fs::read_to_string(page).expect("read a docs page");
    let samples = samples(&text);
    let name = page.file_name().unwrap().to_string_lossy().into_owned();
    let dir = tempfile::tempdir().expect("create a temporary folder");
    // `gazette init DIR` as the very first sample makes the site itself.
    let starts_with_init = samples.first().is_some_and(|s| {
        let first = s.text.lines().next().unwrap_or("");
        let words = shell_words(first, &name);
        s.info == "sh" && words.len() == 3 && words[..2] == ["gazette", "init"] && !words[2].starts_with('-')
    });
    let cwd = if starts_with_init {
        dir.path().to_path_buf()
    } else {
        let root = dir.path().join("site");
        let run = gazette(dir.path(), &["init".into(), "site".into()], &[]);
        assert_eq!(run.code, 0, "gazette init: {}", run.text);
        root
    };
    let mut workspace = Workspace {
        _dir: dir,
        cwd,
        last: None,
        created: None,
        broken: None,
        place: String::new(),
    };
    for sample in &samples {
        workspace.place = format!("docs/{name}:{}", sample.line);
        workspace.run(sample);
    }
    for (i, row) in text.lines().enumerate().filter(|(_, l)| l.starts_with("| `--")) {
        let cell = row.split('|').nth(1).unwrap_or("");
        check_custom_properties(cell, &format!("docs/{name}:{}", i + 1));
    }
    samples.len()
}

fn samples(markdown: &str) -> Vec<Sample> {
    let mut found = Vec::new();
    let mut current: Option<Sample> = None;
    for (event, range) in Parser::new(markdown).into_offset_iter() {
        match event {
            Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(info))) => {
                current = Some(Sample {
                    line: markdown[..range.start].matches('\n').count() + 1,
                    info: info.trim().to_string(),
                    text: String::new(),
                });
            }
            Event::Text(text) => {
                if let Some(sample) = current.as_mut() {
                    sample.text.push_str(&text);
                }
            }
            Event::End(TagEnd::CodeBlock) => found.extend(current.take()),
            _ => {}
        }
    }
    found
}

impl Workspace {
    fn run(&mut self, sample: &Sample) {
        let words: Vec<&str> = sample.info.split_whitespace().collect();
        let (language, rest) = words.split_first().map_or(("", &[][..]), |(l, r)| (*l, r));
        let target = rest.first().copied().filter(|t| t.contains(['/', '.']));
        let attributes: Vec<&str> = rest.iter().copied().filter(|w| Some(*w) != target).collect();
        let fails = attributes.contains(&"fails");
        let looks_at_the_broken_site =
            (language == "text" && attributes == ["output"]) || (language == "sh" && fails);
        if !looks_at_the_broken_site && let Some((file, before)) = self.broken.take() {
            match before {
                Some(bytes) => fs::write(&file, bytes).unwrap(),
                None => fs::remove_file(&file).unwrap(),
            }
        }
        match (language, target) {
            ("sh", None) => self.shell(&sample.text, fails),
            ("text", None) if attributes == ["output"] => self.compare_output(&sample.text),
            ("text", None) if attributes == ["tree"] => self.check_tree(&sample.text),
            ("nginx", None) => self.check_nginx(&sample.text),
            ("yaml", Some(path)) if is_ci_file(path) => self.ci(&sample.text),
            ("markdown", None) if attributes == ["created"] => {
                let file = self.created_file();
                let text = fs::read_to_string(&file).unwrap();
                let expected: Vec<&str> = sample.text.lines().collect();
                let actual: Vec<&str> = text.lines().collect();
                assert!(
                    lines_match(&expected, &actual),
                    "{}: the file shown is not what gazette new wrote.\n--- shown\n{}\n--- written\n{text}",
                    self.place,
                    sample.text
                );
            }
            ("markdown", None) if attributes.first() == Some(&"edit") => {
                let file = self.created_file();
                let relative = file
                    .strip_prefix(&self.cwd)
                    .unwrap()
                    .to_string_lossy()
                    .into_owned();
                self.write_and_build(&relative, &sample.text, fails);
            }
            ("yaml", Some("site.yaml")) if attributes.contains(&"merge") => {
                let merged = merge_config(&self.cwd.join("site.yaml"), &sample.text, &self.place);
                self.write_and_build("site.yaml", &merged, fails);
            }
            ("yaml", Some("site.yaml")) if attributes.contains(&"new-site") => {
                let _ = fs::remove_dir_all(self.cwd.join("content"));
                self.write_and_build("site.yaml", &sample.text, fails);
            }
            (_, Some(path)) => {
                if language == "css" {
                    check_custom_properties(&sample.text, &self.place);
                }
                self.write_and_build(path, &sample.text, fails);
            }
            _ => panic!(
                "{}: a code block with the info string `{}` is not tested; see the rules in tests/testsuite/docs.rs",
                self.place, sample.info
            ),
        }
    }

    fn created_file(&self) -> PathBuf {
        self.created
            .clone()
            .unwrap_or_else(|| panic!("{}: no `gazette new` ran before this sample", self.place))
    }

    fn write_and_build(&mut self, path: &str, text: &str, fails: bool) {
        let file = self.cwd.join(path);
        let before = fs::read(&file).ok();
        fs::create_dir_all(file.parent().unwrap()).unwrap();
        fs::write(&file, text).unwrap();
        let run = gazette(&self.cwd, &["build".into()], &[]);
        if fails {
            assert_eq!(
                run.code, 1,
                "{}: the build should fail:\n{}",
                self.place, run.text
            );
            self.broken = Some((file, before));
        } else {
            assert_eq!(run.code, 0, "{}: the build failed:\n{}", self.place, run.text);
            assert!(
                !run.text.contains("warning:"),
                "{}: the build warned:\n{}",
                self.place,
                run.text
            );
        }
        self.last = Some(run);
    }

    fn shell(&mut self, script: &str, fails: bool) {
        let joined = script.replace("\\\n", " ");
        for line in joined.lines() {
            for command in line.split("&&") {
                self.command(command, fails);
            }
        }
    }

    fn command(&mut self, command: &str, fails: bool) {
        let words = shell_words(command, &self.place);
        // What follows a pipe or a redirection is shown, not run.
        let end = words
            .iter()
            .position(|w| ["|", ">", ">>", "2>"].contains(&w.as_str()))
            .unwrap_or(words.len());
        let mut words = words[..end].to_vec();
        let mut env = Vec::new();
        while words.first().is_some_and(|w| is_assignment(w)) {
            let word = words.remove(0);
            let (name, value) = word.split_once('=').unwrap();
            env.push((name.to_string(), value.to_string()));
        }
        let Some(program) = words.first().cloned() else {
            return;
        };
        match program.as_str() {
            "cd" => {
                let to = words.get(1).cloned().unwrap_or_default();
                self.cwd = normalize(&self.cwd.join(to));
                assert!(
                    self.cwd.is_dir(),
                    "{}: `cd` into a folder that does not exist",
                    self.place
                );
            }
            "gazette" if words.get(1).is_some_and(|w| w == "serve") => self.check_flags(&words),
            "gazette" => {
                let args: Vec<String> = words[1..].iter().map(|w| expand(w, &self.place)).collect();
                let run = gazette(&self.cwd, &args, &env);
                if fails {
                    assert_ne!(
                        run.code, 0,
                        "{}: `{command}` should fail:\n{}",
                        self.place, run.text
                    );
                } else {
                    assert_eq!(run.code, 0, "{}: `{command}` failed:\n{}", self.place, run.text);
                }
                if words.get(1).is_some_and(|w| w == "new") && run.code == 0 {
                    let path = run
                        .text
                        .lines()
                        .find_map(|l| l.strip_prefix("Created "))
                        .and_then(|rest| rest.split(" (").next())
                        .unwrap_or_else(|| panic!("{}: gazette new names the file it created", self.place));
                    self.created = Some(self.cwd.join(path));
                }
                self.last = Some(run);
            }
            shown if SHOWN_NOT_RUN.contains(&shown) => {}
            other => panic!(
                "{}: the docs run `{other}`; only gazette commands run (add it to SHOWN_NOT_RUN if it is only shown)",
                self.place
            ),
        }
    }

    /// `gazette serve` would not return: its flags are checked instead.
    fn check_flags(&self, words: &[String]) {
        let help = gazette(&self.cwd, &["serve".into(), "--help".into()], &[]);
        assert_eq!(help.code, 0, "{}: gazette serve --help", self.place);
        for flag in words.iter().filter(|w| w.starts_with("--")) {
            let flag = flag.split('=').next().unwrap();
            assert!(
                help.text.contains(flag),
                "{}: gazette serve has no {flag}",
                self.place
            );
        }
    }

    fn ci(&mut self, text: &str) {
        let yaml: serde_yaml::Value = serde_yaml::from_str(text)
            .unwrap_or_else(|e| panic!("{}: the CI file is not YAML: {e}", self.place));
        let mut scripts = Vec::new();
        collect_scripts(&yaml, &mut scripts);
        assert!(!scripts.is_empty(), "{}: the CI file runs nothing", self.place);
        let ran = scripts.iter().filter(|s| s.contains("gazette ")).count();
        assert!(ran > 0, "{}: the CI file runs no gazette command", self.place);
        for script in scripts {
            self.shell(&script, false);
        }
    }

    fn compare_output(&self, expected: &str) {
        let last = self
            .last
            .as_ref()
            .unwrap_or_else(|| panic!("{}: output shown before any command", self.place));
        let expected: Vec<&str> = expected.lines().collect();
        let actual: Vec<&str> = last.text.lines().collect();
        assert!(
            lines_match(&expected, &actual),
            "{}: the output shown is not what gazette printed.\n--- shown\n{}\n--- printed\n{}",
            self.place,
            expected.join("\n"),
            last.text
        );
    }

    fn check_tree(&self, tree: &str) {
        let mut stack: Vec<(usize, String)> = Vec::new();
        for line in tree.lines() {
            let entry = line.split('#').next().unwrap_or("").trim_end();
            let name = entry.trim_start();
            if name.is_empty() || name == "…" || name == "..." {
                continue;
            }
            let depth = entry.len() - name.len();
            while stack.last().is_some_and(|(d, _)| *d >= depth) {
                stack.pop();
            }
            let mut path = PathBuf::new();
            for (_, part) in &stack {
                path.push(part);
            }
            // The root line names the site's folder itself.
            if stack.is_empty() && depth == 0 && name.ends_with('/') && !self.cwd.join(name).exists() {
                stack.push((depth, String::new()));
                continue;
            }
            path.push(name.trim_end_matches('/'));
            assert!(
                self.cwd.join(&path).exists(),
                "{}: the listing shows {}, which the site does not have",
                self.place,
                path.display()
            );
            if name.ends_with('/') {
                stack.push((depth, name.trim_end_matches('/').to_string()));
            }
        }
    }

    fn check_nginx(&self, text: &str) {
        assert_eq!(
            text.matches('{').count(),
            text.matches('}').count(),
            "{}: unbalanced braces",
            self.place
        );
        // Inside `location /portal/ { … }` the site's output is what the server holds under
        // /portal/, so an error page there is named from that prefix.
        let mut location = "/";
        for line in text.lines().map(str::trim) {
            if let Some(prefix) = line.strip_prefix("location ").and_then(|l| l.strip_suffix(" {")) {
                location = if prefix.starts_with('/') { prefix } else { "/" };
            }
            if !line.starts_with("error_page") {
                continue;
            }
            let page = line.trim_end_matches(';').split_whitespace().last().unwrap();
            let in_output = page.strip_prefix(location).unwrap_or(page);
            let written = self.cwd.join("output").join(in_output.trim_start_matches('/'));
            assert!(written.is_file(), "{}: the build writes no {page}", self.place);
        }
    }
}

fn gazette(cwd: &Path, args: &[String], env: &[(String, String)]) -> Printed {
    let mut command = Command::new(env!("CARGO_BIN_EXE_gazette"));
    command
        .args(args)
        .current_dir(cwd)
        .env("NO_COLOR", "1")
        .env_remove("CLICOLOR_FORCE")
        .env_remove("VISUAL")
        .env("EDITOR", "true");
    for (name, value) in env {
        command.env(name, value);
    }
    let output = command.output().expect("run the gazette binary");
    Printed {
        code: output.status.code().unwrap_or(-1),
        text: format!(
            "{}{}",
            String::from_utf8_lossy(&output.stderr),
            String::from_utf8_lossy(&output.stdout)
        ),
    }
}

fn is_ci_file(path: &str) -> bool {
    path.starts_with(".github/workflows/") || path == ".gitlab-ci.yml"
}

/// The shell commands of a CI file: GitHub's `run:` and GitLab's `script:` entries.
fn collect_scripts(value: &serde_yaml::Value, scripts: &mut Vec<String>) {
    match value {
        serde_yaml::Value::Mapping(map) => {
            for (key, value) in map {
                match (key.as_str(), value) {
                    (Some("run"), serde_yaml::Value::String(s)) => scripts.push(s.clone()),
                    (Some("script" | "before_script"), serde_yaml::Value::Sequence(lines)) => {
                        scripts.extend(lines.iter().filter_map(|l| l.as_str()).map(str::to_string));
                    }
                    _ => collect_scripts(value, scripts),
                }
            }
        }
        serde_yaml::Value::Sequence(items) => items.iter().for_each(|v| collect_scripts(v, scripts)),
        _ => {}
    }
}

fn merge_config(path: &Path, fragment: &str, place: &str) -> String {
    let mut config: serde_yaml::Value = serde_yaml::from_str(&fs::read_to_string(path).unwrap()).unwrap();
    let fragment: serde_yaml::Value =
        serde_yaml::from_str(fragment).unwrap_or_else(|e| panic!("{place}: not YAML: {e}"));
    merge(&mut config, fragment);
    serde_yaml::to_string(&config).unwrap()
}

fn merge(into: &mut serde_yaml::Value, from: serde_yaml::Value) {
    match (into, from) {
        (serde_yaml::Value::Mapping(into), serde_yaml::Value::Mapping(from)) => {
            for (key, value) in from {
                match into.get_mut(&key) {
                    Some(existing) => merge(existing, value),
                    None => {
                        into.insert(key, value);
                    }
                }
            }
        }
        (into, from) => *into = from,
    }
}

/// Every custom property a CSS sample sets or reads is one the default theme defines.
fn check_custom_properties(css: &str, place: &str) {
    let theme = fs::read_to_string(Path::new(REPO).join("themes/default/static/css/site.css")).unwrap();
    for (i, _) in css.match_indices("--") {
        let name: String = css[i..]
            .chars()
            .take_while(|c| c.is_alphanumeric() || *c == '-')
            .collect();
        if name.len() > 2 {
            assert!(
                theme.contains(&format!("{name}:")),
                "{place}: the default theme has no custom property {name}"
            );
        }
    }
}

/// `$NAME`, `${NAME}` and `${{ expr }}` replaced by `VARIABLES`.
fn expand(command: &str, place: &str) -> String {
    let mut out = String::new();
    let mut rest = command;
    while let Some(i) = rest.find('$') {
        out.push_str(&rest[..i]);
        let after = &rest[i + 1..];
        let (name, len) = if let Some(inner) = after.strip_prefix("{{") {
            let end = inner
                .find("}}")
                .unwrap_or_else(|| panic!("{place}: unclosed ${{{{"));
            (inner[..end].trim(), end + 4)
        } else if let Some(inner) = after.strip_prefix('{') {
            let end = inner.find('}').unwrap_or_else(|| panic!("{place}: unclosed ${{"));
            (&inner[..end], end + 2)
        } else {
            let end = after
                .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
                .unwrap_or(after.len());
            (&after[..end], end)
        };
        let value = VARIABLES
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, v)| *v)
            .unwrap_or_else(|| panic!("{place}: no example value for ${name}; add one to VARIABLES"));
        out.push_str(value);
        rest = &after[len..];
    }
    out.push_str(rest);
    out
}

/// Splits a command line as a shell would (quotes, `#` comments), without expansion.
fn shell_words(line: &str, place: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut word = String::new();
    let mut in_word = false;
    let mut chars = line.chars();
    while let Some(c) = chars.next() {
        match c {
            '#' if !in_word => break,
            c if c.is_whitespace() => {
                if in_word {
                    words.push(std::mem::take(&mut word));
                    in_word = false;
                }
            }
            '"' | '\'' => {
                in_word = true;
                loop {
                    match chars.next() {
                        Some(q) if q == c => break,
                        Some('\\') if c == '"' => word.extend(chars.next()),
                        Some(other) => word.push(other),
                        None => panic!("{place}: unclosed quote in `{line}`"),
                    }
                }
            }
            c => {
                in_word = true;
                word.push(c);
            }
        }
    }
    if in_word {
        words.push(word);
    }
    words
}

fn is_assignment(word: &str) -> bool {
    word.split_once('=')
        .is_some_and(|(name, _)| !name.is_empty() && name.chars().all(|c| c.is_ascii_uppercase() || c == '_'))
}

fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for component in path.components() {
        match component {
            Component::ParentDir => {
                out.pop();
            }
            Component::CurDir => {}
            other => out.push(other),
        }
    }
    out
}

/// Expected lines against printed ones: `[..]` is any text within a line, `...` any lines.
fn lines_match(expected: &[&str], actual: &[&str]) -> bool {
    match expected.split_first() {
        None => actual.is_empty(),
        Some((&"...", rest)) => (0..=actual.len()).any(|skip| lines_match(rest, &actual[skip..])),
        Some((line, rest)) => {
            actual.first().is_some_and(|a| line_matches(line, a)) && lines_match(rest, &actual[1..])
        }
    }
}

fn line_matches(pattern: &str, line: &str) -> bool {
    let mut parts = pattern.split("[..]");
    let first = parts.next().unwrap_or("");
    let Some(mut rest) = line.strip_prefix(first) else {
        return false;
    };
    let parts: Vec<&str> = parts.collect();
    for (i, part) in parts.iter().enumerate() {
        if i == parts.len() - 1 {
            return rest.ends_with(part);
        }
        match rest.find(part) {
            Some(at) => rest = &rest[at + part.len()..],
            None => return false,
        }
    }
    rest.is_empty()
}

#[test]
fn output_patterns_match_as_documented() {
    assert!(line_matches(
        "Built [..] pages in [..] s",
        "Built 12 pages in 0.03 s"
    ));
    assert!(!line_matches("Built [..] pages", "Built 12 items"));
    assert!(lines_match(&["a", "...", "d"], &["a", "b", "c", "d"]));
    assert!(!lines_match(&["a"], &["a", "b"]));
    assert_eq!(
        shell_words("NO_COLOR=1 gazette new news \"A: b\" # comment", "t"),
        ["NO_COLOR=1", "gazette", "new", "news", "A: b"]
    );
    assert_eq!(
        expand("--base-url \"$CI_PAGES_URL\"", "t"),
        "--base-url \"https://group.gitlab.io/portal/\""
    );
}

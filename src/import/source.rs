//! Reading the old site's files, the same for the three readers: walking a folder, reading a
//! content file into a `Document`, sorting the other files into page bundles' files and
//! static files, and converting every body's template calls.

use std::fs;
use std::path::{Path, PathBuf};

use serde_yaml::{Mapping, Value};

use super::ImportError;
use super::document::{CopiedFile, Document, SourceSite};
use super::front_matter::{self, Parsed};
use super::shortcodes::{self, Dialect};
use crate::model::config::{CONTENT_DIR, STATIC_DIR};

/// Every file under `dir`, relative to it with `/` separators, sorted; hidden files and
/// folders (`.git`, `.DS_Store`) left out.
pub(crate) fn files_under(dir: &Path) -> Vec<String> {
    let mut files: Vec<String> = walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.'))
        .flatten()
        .filter(|e| e.file_type().is_file())
        .filter_map(|e| {
            let relative = e.path().strip_prefix(dir).ok()?;
            Some(
                relative
                    .components()
                    .map(|c| c.as_os_str().to_string_lossy())
                    .collect::<Vec<_>>()
                    .join("/"),
            )
        })
        .collect();
    files.sort();
    files
}

/// Reads the old site's configuration: the first of `names` in `root`, TOML or YAML by its
/// extension. A site without one, or with one that does not parse, is not a site of
/// `generator`.
pub(crate) fn read_config(
    root: &Path,
    generator: &'static str,
    names: &[&str],
) -> Result<Mapping, ImportError> {
    let not_a_site = |why: String| ImportError::NotASite {
        dir: root.to_path_buf(),
        generator,
        why,
    };
    let Some(name) = names.iter().find(|name| root.join(name).is_file()) else {
        return Err(not_a_site(format!(
            "it has no {}",
            names[..names.len().min(2)].join(" or ")
        )));
    };
    let text = read_text(&root.join(name))?;
    let parsed = match name.ends_with(".toml") {
        true => front_matter::from_toml(&text),
        false => front_matter::from_yaml(&text),
    };
    parsed.map_err(|why| not_a_site(format!("{name}: {why}")))
}

/// Notes each folder of `folders` the old site has, with what to do instead of it.
pub(crate) fn note_unconverted(site: &mut SourceSite, root: &Path, folders: &[(&str, &str)]) {
    for (folder, what) in folders {
        if root.join(folder).is_dir() {
            site.note(&format!("{folder}/"), 0, *what);
        }
    }
}

/// Reads a text file.
pub(crate) fn read_text(path: &Path) -> Result<String, ImportError> {
    fs::read_to_string(path).map_err(|source| ImportError::Io {
        action: "read",
        path: path.to_path_buf(),
        source,
    })
}

/// Reads `root/relative` and splits it; a file that cannot be parsed is noted and skipped.
pub(crate) fn parse_file(site: &mut SourceSite, root: &Path, relative: &str, shown: &str) -> Option<Parsed> {
    let text = match fs::read(root.join(relative)) {
        Ok(bytes) => String::from_utf8_lossy(&bytes).into_owned(),
        Err(err) => {
            site.note(shown, 0, format!("not imported: cannot read it ({err})"));
            return None;
        }
    };
    match front_matter::parse(&text) {
        Ok(parsed) => Some(parsed),
        Err(why) => {
            site.note(shown, 1, format!("not imported: {why}"));
            None
        }
    }
}

/// A document of `parsed`, from `source` (as the report names it) to `target`.
pub(crate) fn document(source: &str, target: &str, parsed: Parsed) -> Document {
    let mut document = Document::new(source, target);
    document.front = parsed.front;
    document.body = parsed.body;
    document.body_line = parsed.body_line;
    document.is_intro = target == "_index.md" || target.ends_with("/_index.md");
    document
}

/// Sorts the files of a content folder that are not Markdown: a file inside a page bundle's
/// folder goes with it (`content/x/photo.jpg`), any other one to `static/` under the same
/// path, so that it keeps its URL. `markdown` lists the folder's Markdown files.
pub(crate) fn sort_content_files(
    site: &mut SourceSite,
    content: &Path,
    files: &[String],
    markdown: &[String],
) {
    let bundles: Vec<&str> = markdown
        .iter()
        .filter_map(|m| m.strip_suffix("/index.md").or((m == "index.md").then_some("")))
        .collect();
    for file in files.iter().filter(|f| !f.ends_with(".md")) {
        let in_bundle = bundles
            .iter()
            .any(|b| !b.is_empty() && file.starts_with(&format!("{b}/")));
        let to = match in_bundle {
            true => Path::new(CONTENT_DIR).join(file),
            false => Path::new(STATIC_DIR).join(file),
        };
        let copied = CopiedFile {
            from: content.join(file),
            to,
        };
        match in_bundle {
            true => site.bundle_files.push(copied),
            false => site.static_files.push(copied),
        }
    }
}

/// Copies every file of `dir` (the old site's `static/`) into the new site's `static/`.
pub(crate) fn add_static_folder(site: &mut SourceSite, dir: &Path) {
    for file in files_under(dir) {
        site.static_files.push(CopiedFile {
            from: dir.join(&file),
            to: PathBuf::from(STATIC_DIR).join(&file),
        });
    }
}

/// Converts the template calls of every body, noting the ones left, at their lines.
///
/// `resolve(written, from)` finds the `@/` path of a link's target as written, in the
/// document whose source path is `from`.
pub(crate) fn convert_bodies(
    site: &mut SourceSite,
    dialect: Dialect,
    resolve: &dyn Fn(&str, &str) -> Option<String>,
) {
    let mut notes = Vec::new();
    for document in &mut site.documents {
        let from = document.source.clone();
        let converted = shortcodes::convert(&document.body, dialect, &|target| resolve(target, &from));
        for (line, what) in converted.left {
            notes.push((document.source.clone(), document.body_line + line, what));
        }
        site.converted_links += converted.links;
        site.converted_calls += converted.other;
        document.body = converted.body;
    }
    for (file, line, what) in notes {
        site.note(&file, line, what);
    }
}

/// `path` made plain: `./a/../b` → `b`, with `/` separators and no leading `/`.
pub(crate) fn clean_path(path: &str) -> String {
    let mut parts: Vec<&str> = Vec::new();
    for part in path.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            part => parts.push(part),
        }
    }
    parts.join("/")
}

/// A list of strings, or one string, as strings.
pub(crate) fn strings(value: &Value) -> Vec<String> {
    match value {
        Value::Sequence(items) => items
            .iter()
            .filter_map(Value::as_str)
            .map(str::to_string)
            .collect(),
        Value::String(one) => vec![one.clone()],
        _ => Vec::new(),
    }
}

//! Writing the new site: `site.yaml`, each content file with YAML front matter (and the
//! keys gazette has no place for as comments under it), the copied files, the theme, a
//! `.gitignore` and the report.
//!
//! The folder must be missing or empty, which `check_empty` makes sure of before anything
//! is read, so an import never mixes its files with someone else's.

use std::fs;
use std::path::{Path, PathBuf};

use serde_yaml::Mapping;

use super::ImportError;
use super::document::{Document, SourceSite};
use super::report::{REPORT_FILE, Report};
use crate::model::config::{CONFIG_FILE, CONTENT_DIR};

/// What `.gitignore` holds: what a build writes is never committed.
/// The keys a content file starts with, when it has them.
const FIRST_KEYS: &[&str] = &["title", "slug", "date", "updated", "draft", "weight", "summary"];

const GITIGNORE: &str =
    "# What `gazette build` writes; rebuilt from the sources, never committed.\noutput/\n.gazette-cache/\n";

/// Writes files under one folder.
pub(crate) struct Writer {
    dir: PathBuf,
}

/// Refuses a folder that holds anything but hidden entries (such as `.git`).
pub(crate) fn check_empty(dir: &Path) -> Result<(), ImportError> {
    if !dir.exists() {
        return Ok(());
    }
    let read_error = |source| ImportError::Io {
        action: "read",
        path: dir.to_path_buf(),
        source,
    };
    let mut entries = Vec::new();
    for entry in fs::read_dir(dir).map_err(read_error)? {
        let name = entry
            .map_err(read_error)?
            .file_name()
            .to_string_lossy()
            .into_owned();
        if !name.starts_with('.') {
            entries.push(name);
        }
    }
    if entries.is_empty() {
        return Ok(());
    }
    entries.sort();
    if entries.len() > 3 {
        entries.truncate(3);
        entries.push("…".into());
    }
    Err(ImportError::NotEmpty {
        dir: dir.to_path_buf(),
        entries,
    })
}

impl Writer {
    pub(crate) fn new(dir: &Path) -> Writer {
        Writer {
            dir: dir.to_path_buf(),
        }
    }

    /// Writes the whole new site.
    pub(crate) fn write_site(
        &mut self,
        site: &SourceSite,
        config: &str,
        extra_files: &[(PathBuf, Vec<u8>)],
        report: &Report,
    ) -> Result<(), ImportError> {
        self.write(Path::new(CONFIG_FILE), config.as_bytes())?;
        for document in &site.documents {
            let path = Path::new(CONTENT_DIR).join(&document.target);
            self.write(&path, content_file(document).as_bytes())?;
        }
        for file in site.static_files.iter().chain(&site.bundle_files) {
            let bytes = fs::read(&file.from).map_err(|source| ImportError::Io {
                action: "read",
                path: file.from.clone(),
                source,
            })?;
            self.write(&file.to, &bytes)?;
        }
        for (path, bytes) in extra_files {
            self.write(path, bytes)?;
        }
        self.write(Path::new(".gitignore"), GITIGNORE.as_bytes())?;
        self.write(Path::new(REPORT_FILE), report.text().as_bytes())
    }

    fn write(&mut self, relative: &Path, bytes: &[u8]) -> Result<(), ImportError> {
        let path = self.dir.join(relative);
        let write_error = |path: &Path| {
            let path = path.to_path_buf();
            move |source| ImportError::Io {
                action: "write",
                path,
                source,
            }
        };
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent).map_err(write_error(parent))?;
        }
        fs::write(&path, bytes).map_err(write_error(&path))
    }
}

/// Built-in keys first, in the order gazette's docs list them, then the rest as they
/// came, and `aliases` last: the order an author reads a file in.
fn ordered(front: &Mapping) -> Mapping {
    let mut ordered = Mapping::new();
    for key in FIRST_KEYS {
        if let Some(value) = front.get(*key) {
            ordered.insert((*key).into(), value.clone());
        }
    }
    for (key, value) in front {
        let is_placed = key
            .as_str()
            .is_some_and(|k| FIRST_KEYS.contains(&k) || k == "aliases");
        if !is_placed {
            ordered.insert(key.clone(), value.clone());
        }
    }
    if let Some(aliases) = front.get("aliases") {
        ordered.insert("aliases".into(), aliases.clone());
    }
    ordered
}

/// A content file's text: YAML front matter, comments for the keys left out, the body.
fn content_file(document: &Document) -> String {
    let yaml =
        serde_yaml::to_string(&ordered(&document.front)).expect("a mapping of plain values serializes");
    let mut text = String::from("---\n");
    if !document.front.is_empty() {
        text.push_str(&yaml);
    }
    let mut last_why = "";
    for (kept, why) in &document.comments {
        if why != last_why {
            text.push_str(&format!("# Kept from the old site ({why}):\n"));
            last_why = why;
        }
        for line in kept.lines() {
            text.push_str(&format!("# {line}\n"));
        }
    }
    text.push_str("---\n");
    text.push_str(&document.body);
    text
}

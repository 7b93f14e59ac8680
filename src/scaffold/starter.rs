//! The starter site that `gazette init` writes: the default theme, a `site.yaml` with an
//! `institutions` and a `news` collection, two sample items of each, an about page and a
//! `.gitignore`.
//!
//! Everything is embedded in the binary (`themes/default/` and `src/starter/` of this
//! repository, through `include_dir`), so `init` needs nothing else installed and always
//! writes the theme this version of gazette was tested with. The starter builds with no
//! warning; a test keeps it so.
//!
//! Invariant: `init` never overwrites a file. Each file is created with `create_new`, so
//! even a file that appears between the check and the write is kept; `--force` only lets
//! `init` into a folder that is not empty, where it adds the files that are missing and
//! names the ones it skipped.

use std::fs::{self, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use include_dir::{Dir, include_dir};

use crate::load::config::title_case;
use crate::model::config::CONFIG_FILE;
use crate::model::config::THEMES_DIR;

/// The default theme, as in `themes/default/` when this binary was built (the crate's
/// build script rebuilds it when a file is added or removed there).
pub static DEFAULT_THEME: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/themes/default");

/// The starter's `site.yaml` and `content/`.
static STARTER: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/src/starter");

/// The theme's folder name under `themes/`.
pub const DEFAULT_THEME_NAME: &str = "default";

/// The title line of the starter's `site.yaml`, replaced by one naming the new site.
const TITLE_LINE: &str = "title: My site\n";

/// What `.gitignore` holds: the build's output and its cache are never committed.
const GITIGNORE: &str =
    "# What `gazette build` writes; rebuilt from the sources, never committed.\noutput/\n.gazette-cache/\n";

/// One file of the starter site.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StarterFile {
    /// Path relative to the new site's folder.
    pub path: PathBuf,
    /// Its bytes.
    pub bytes: Vec<u8>,
}

/// What `init` did.
#[derive(Debug, Default)]
pub struct InitReport {
    /// Files written, relative to the site's folder, in order.
    pub created: Vec<PathBuf>,
    /// Files that already existed and were left as they were.
    pub skipped: Vec<PathBuf>,
}

/// Why `init` wrote nothing (or stopped).
#[derive(Debug, thiserror::Error)]
pub enum InitError {
    /// The folder holds files and `--force` was not given.
    #[error("{} is not empty", dir.display())]
    NotEmpty {
        /// The folder.
        dir: PathBuf,
        /// A few of the entries found, for the message.
        entries: Vec<String>,
    },
    /// A folder or file could not be created.
    #[error("cannot write {}: {source}", path.display())]
    Io {
        /// What was being written.
        path: PathBuf,
        /// Why it failed.
        source: io::Error,
    },
}

/// Every file of the starter site for a site titled `title`.
pub fn files(title: &str) -> Vec<StarterFile> {
    let mut files = Vec::new();
    collect(&STARTER, Path::new(""), &mut files);
    files.extend(theme_files());
    for file in &mut files {
        if file.path == Path::new(CONFIG_FILE) {
            let text = String::from_utf8_lossy(&file.bytes);
            let titled = text.replacen(TITLE_LINE, &format!("title: {}\n", yaml_string(title)), 1);
            file.bytes = titled.into_bytes();
        }
    }
    files.push(StarterFile {
        path: PathBuf::from(".gitignore"),
        bytes: GITIGNORE.as_bytes().to_vec(),
    });
    files.sort_by(|a, b| a.path.cmp(&b.path));
    files
}

/// The files of the default theme alone, under `themes/default/`: what `gazette import`
/// gives the site it makes, which brings its own content and `site.yaml`.
pub fn theme_files() -> Vec<StarterFile> {
    let mut files = Vec::new();
    collect(
        &DEFAULT_THEME,
        &Path::new(THEMES_DIR).join(DEFAULT_THEME_NAME),
        &mut files,
    );
    files.sort_by(|a, b| a.path.cmp(&b.path));
    files
}

/// Writes the starter site into `dir`, creating it when missing.
///
/// A folder holding anything but hidden entries (such as `.git`) is refused unless `force`;
/// an existing file is never overwritten, with or without `force`.
pub fn init(dir: &Path, force: bool) -> Result<InitReport, InitError> {
    let io_error = |path: &Path| {
        let path = path.to_path_buf();
        move |source| InitError::Io { path, source }
    };
    if dir.exists() && !force {
        let entries = visible_entries(dir).map_err(io_error(dir))?;
        if !entries.is_empty() {
            return Err(InitError::NotEmpty {
                dir: dir.to_path_buf(),
                entries,
            });
        }
    }
    fs::create_dir_all(dir).map_err(io_error(dir))?;
    let mut report = InitReport::default();
    for file in files(&site_title(dir)) {
        let path = dir.join(&file.path);
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent).map_err(io_error(parent))?;
        }
        match OpenOptions::new().write(true).create_new(true).open(&path) {
            Ok(mut out) => {
                out.write_all(&file.bytes).map_err(io_error(&path))?;
                report.created.push(file.path);
            }
            Err(err) if err.kind() == io::ErrorKind::AlreadyExists => report.skipped.push(file.path),
            Err(err) => return Err(io_error(&path)(err)),
        }
    }
    Ok(report)
}

/// The new site's title, from its folder's name: `my-site` → `My site`.
pub fn site_title(dir: &Path) -> String {
    let absolute = std::path::absolute(dir).unwrap_or_else(|_| dir.to_path_buf());
    let name = absolute
        .components()
        .rev()
        .find_map(|c| match c {
            std::path::Component::Normal(name) => Some(name.to_string_lossy().into_owned()),
            _ => None,
        })
        .unwrap_or_default();
    let title = title_case(name.trim());
    if title.is_empty() {
        "My site".to_string()
    } else {
        title
    }
}

/// `text` as a YAML scalar: as is when YAML reads it back as the same string, otherwise
/// double-quoted with escapes. Titles such as `Update: 2025` or `"Quoted"` stay text.
pub fn yaml_string(text: &str) -> String {
    let reads_back = serde_yaml::from_str::<serde_yaml::Value>(text)
        .ok()
        .is_some_and(|v| v.as_str() == Some(text));
    if reads_back && !text.contains(['#', '\n']) && text.trim() == text {
        return text.to_string();
    }
    let mut quoted = String::with_capacity(text.len() + 2);
    quoted.push('"');
    for c in text.chars() {
        match c {
            '"' => quoted.push_str("\\\""),
            '\\' => quoted.push_str("\\\\"),
            '\n' => quoted.push_str("\\n"),
            '\t' => quoted.push_str("\\t"),
            c if c.is_control() => quoted.push_str(&format!("\\u{:04X}", c as u32)),
            c => quoted.push(c),
        }
    }
    quoted.push('"');
    quoted
}

fn collect(dir: &Dir<'static>, prefix: &Path, files: &mut Vec<StarterFile>) {
    for file in dir.files() {
        files.push(StarterFile {
            path: prefix.join(file.path()),
            bytes: file.contents().to_vec(),
        });
    }
    for sub in dir.dirs() {
        collect(sub, prefix, files);
    }
}

/// Entries of `dir` that are not hidden (a `.git` folder alone leaves a folder "empty").
fn visible_entries(dir: &Path) -> io::Result<Vec<String>> {
    let mut names = Vec::new();
    for entry in fs::read_dir(dir)? {
        let name = entry?.file_name().to_string_lossy().into_owned();
        if !name.starts_with('.') {
            names.push(name);
        }
    }
    names.sort();
    Ok(names)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn starter_has_the_site_the_theme_and_a_gitignore() {
        let files = files("Test");
        let paths: Vec<&Path> = files.iter().map(|f| f.path.as_path()).collect();
        for expected in [
            ".gitignore",
            "site.yaml",
            "content/about.md",
            "content/news/2025/welcome-to-the-new-site.md",
            "themes/default/templates/base.html",
            "themes/default/static/css/site.css",
        ] {
            assert!(paths.contains(&Path::new(expected)), "{expected} in {paths:?}");
        }
        let config = files.iter().find(|f| f.path == Path::new("site.yaml")).unwrap();
        assert!(String::from_utf8_lossy(&config.bytes).contains("\ntitle: Test\n"));
    }

    #[test]
    fn the_title_line_is_there_to_replace() {
        let raw = STARTER.get_file(CONFIG_FILE).unwrap().contents_utf8().unwrap();
        assert!(raw.contains(&format!("\n{TITLE_LINE}")));
    }

    #[test]
    fn embedded_theme_matches_the_repository() {
        let on_disk = Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default");
        let mut embedded = Vec::new();
        collect(&DEFAULT_THEME, Path::new(""), &mut embedded);
        let mut disk_files: Vec<PathBuf> = walkdir::WalkDir::new(&on_disk)
            .into_iter()
            .flatten()
            .filter(|e| e.file_type().is_file())
            .map(|e| e.path().strip_prefix(&on_disk).unwrap().to_path_buf())
            .collect();
        disk_files.sort();
        let mut embedded_paths: Vec<PathBuf> = embedded.iter().map(|f| f.path.clone()).collect();
        embedded_paths.sort();
        assert_eq!(
            embedded_paths, disk_files,
            "the embedded theme is not the repository's: is build.rs watching themes/default?"
        );
    }

    #[test]
    fn titles_come_from_the_folder() {
        assert_eq!(site_title(Path::new("/tmp/my-site")), "My site");
        assert_eq!(site_title(Path::new("portal/")), "Portal");
    }

    #[test]
    fn yaml_strings_read_back_as_written() {
        for text in [
            "Plain title",
            "Update: 2025",
            "\"Quoted\" news",
            "yes",
            "2025",
            "- dash",
            "# hash",
            "a # b",
            "西部（重庆）科学城",
            "back\\slash",
            " padded ",
            "",
        ] {
            let yaml = format!("title: {}\n", yaml_string(text));
            let value: serde_yaml::Value = serde_yaml::from_str(&yaml).unwrap();
            assert_eq!(value["title"].as_str(), Some(text), "{yaml}");
        }
        assert_eq!(yaml_string("Plain title"), "Plain title");
    }
}

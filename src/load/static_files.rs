//! The static files of the theme and of the site, to be copied as they are; the site's win
//! over the theme's, and a file at a page's path is an error.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::model::config::{STATIC_DIR, SiteConfig, THEMES_DIR};
use crate::model::output::StaticFile;

/// The static files of the theme and of the site (the site's win), with safe paths only.
pub fn static_files(root: &Path, config: &SiteConfig, diagnostics: &mut Diagnostics) -> Vec<StaticFile> {
    let mut found: HashMap<PathBuf, PathBuf> = HashMap::new();
    for dir in [
        Path::new(THEMES_DIR).join(&config.theme).join(STATIC_DIR),
        PathBuf::from(STATIC_DIR),
    ] {
        let full = root.join(&dir);
        if !full.is_dir() {
            continue;
        }
        for entry in walkdir::WalkDir::new(&full)
            .follow_links(false)
            .sort_by_file_name()
        {
            let Ok(entry) = entry else { continue };
            let relative = entry
                .path()
                .strip_prefix(&full)
                .expect("walkdir yields paths under its root")
                .to_path_buf();
            if entry.path_is_symlink() {
                diagnostics.push(
                    Diagnostic::warning(dir.join(&relative), "skipped a symbolic link in a static folder")
                        .with_hint("copy the file instead of linking to it"),
                );
                continue;
            }
            if !entry.file_type().is_file()
                || crate::load::content::is_ignored(&entry.file_name().to_string_lossy())
            {
                continue;
            }
            if !crate::model::permalink::is_safe_relative(&relative) {
                diagnostics.push(
                    Diagnostic::warning(
                        dir.join(&relative),
                        "skipped a static file whose name cannot be part of a URL",
                    )
                    .with_hint("rename it with letters, digits, `-`, `_` and `.`"),
                );
                continue;
            }
            // The site's own static/ comes second and wins.
            found.insert(relative, entry.path().to_path_buf());
        }
    }
    let mut statics: Vec<StaticFile> = found
        .into_iter()
        .map(|(path, source)| StaticFile { path, source })
        .collect();
    statics.sort_by(|a, b| a.path.cmp(&b.path));
    statics
}

/// Reports each static file at the path of one of `pages` (a page and a file cannot share a
/// path; a static robots.txt, sitemap or feed was already taken over the generated one).
pub fn check_collisions(
    root: &Path,
    pages: &HashSet<&Path>,
    statics: &[StaticFile],
    diagnostics: &mut Diagnostics,
) {
    for file in statics {
        if pages.contains(file.path.as_path()) {
            // Named from the site's folder, as every diagnostic is.
            let shown = file.source.strip_prefix(root).unwrap_or(&file.source);
            diagnostics.push(
                Diagnostic::error(
                    shown,
                    format!(
                        "the static file {} has the same path as a page",
                        file.path.display()
                    ),
                )
                .with_hint("rename the static file or change the page's slug"),
            );
        }
    }
}

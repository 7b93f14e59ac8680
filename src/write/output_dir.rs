//! Which folder a build writes: `output/` under the site, or `--output`, never the site
//! itself, `content/`, `/`, the home folder or a folder holding any of them.

use std::path::{Path, PathBuf};

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::model::config::{CONTENT_DIR, OUTPUT_DIR, STATIC_DIR, TEMPLATES_DIR, THEMES_DIR};

/// Resolves and checks the output folder: never the site, `content/`, or a parent of them.
pub(crate) fn output_dir(root: &Path, requested: Option<&Path>) -> Result<PathBuf, Diagnostics> {
    let output = match requested {
        Some(path) if path.is_absolute() => path.to_path_buf(),
        Some(path) => std::env::current_dir()
            .map(|d| d.join(path))
            .unwrap_or_else(|_| path.to_path_buf()),
        None => root.join(OUTPUT_DIR),
    };
    let resolved = resolve(&output);
    let root = resolve(root);
    let home = std::env::var_os("HOME").map(PathBuf::from).map(|h| resolve(&h));
    let protected = [
        root.join(CONTENT_DIR),
        root.join(THEMES_DIR),
        root.join(STATIC_DIR),
        root.join(TEMPLATES_DIR),
    ];
    let refuse = root.starts_with(&resolved)
        || protected.iter().any(|p| resolved.starts_with(p))
        || resolved.parent().is_none()
        // The home folder or any folder holding it: building removes what the site does
        // not produce.
        || home.is_some_and(|h| h.starts_with(&resolved));
    if refuse {
        let mut d = Diagnostics::new();
        d.push(
            Diagnostic::error("--output", format!("refusing to write the site into {}: building removes files there that the site does not produce", resolved.display()))
                .with_hint("choose a folder of its own, such as output/ (the default)"),
        );
        return Err(d);
    }
    Ok(output)
}

/// The absolute, symlink-free form of a path that may not exist yet.
pub(crate) fn resolve(path: &Path) -> PathBuf {
    let absolute = if path.is_absolute() {
        path.to_path_buf()
    } else {
        std::env::current_dir()
            .map(|d| d.join(path))
            .unwrap_or_else(|_| path.to_path_buf())
    };
    let mut existing = absolute.as_path();
    let mut rest = Vec::new();
    loop {
        if let Ok(canonical) = existing.canonicalize() {
            let mut out = canonical;
            for part in rest.iter().rev() {
                out.push(part);
            }
            return out;
        }
        match (existing.parent(), existing.file_name()) {
            (Some(parent), Some(name)) => {
                rest.push(name.to_os_string());
                existing = parent;
            }
            _ => return absolute,
        }
    }
}

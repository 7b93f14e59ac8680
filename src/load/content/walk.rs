//! Finding the content files: walkdir over `content/`, in a stable order.
//!
//! Hidden files and editor leftovers (`.#x`, `x~`, `*.swp`, `4913`) are skipped. Symbolic
//! links are not followed: a link that points outside `content/`, or a link loop, would let
//! one file pull in another site's data, so each one is skipped with a warning.

use std::path::{Path, PathBuf};

use walkdir::WalkDir;

use crate::diagnostics::Diagnostic;

/// What the walk found: Markdown files and the other files (relative to `content/`), and
/// warnings.
#[derive(Debug, Default)]
pub struct Found {
    /// `news/2023/x.md`, sorted.
    pub markdown: Vec<PathBuf>,
    /// Every other regular file (`news/2023/x/photo.jpg`), sorted: a page bundle's files.
    pub other: Vec<PathBuf>,
    /// Skipped symlinks and unreadable folders.
    pub warnings: Vec<Diagnostic>,
}

/// Walks `content_dir`; `display_prefix` is how paths are shown (`content`).
pub fn walk(content_dir: &Path, display_prefix: &Path) -> Found {
    let mut found = Found::default();
    let walker = WalkDir::new(content_dir)
        .follow_links(false)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|entry| entry.depth() == 0 || !is_ignored(entry.file_name().to_str().unwrap_or("")));
    for entry in walker {
        let entry = match entry {
            Ok(entry) => entry,
            Err(err) => {
                let path = err.path().map(Path::to_path_buf).unwrap_or_default();
                let shown = display_prefix.join(path.strip_prefix(content_dir).unwrap_or(&path));
                found.warnings.push(
                    Diagnostic::warning(shown, format!("skipped: {err}"))
                        .with_hint("check the folder's permissions"),
                );
                continue;
            }
        };
        let relative = entry
            .path()
            .strip_prefix(content_dir)
            .expect("walkdir yields paths under its root")
            .to_path_buf();
        if entry.path_is_symlink() {
            found.warnings.push(
                Diagnostic::warning(
                    display_prefix.join(&relative),
                    "skipped a symbolic link: gazette does not follow links in content/",
                )
                .with_hint("copy the file into content/ instead of linking to it"),
            );
            continue;
        }
        if entry.file_type().is_file() && relative.extension().is_none_or(|e| e != "md") {
            found.other.push(relative);
        } else if relative.extension().is_some_and(|e| e == "md") {
            if entry.file_type().is_file() {
                found.markdown.push(relative);
            } else if !entry.file_type().is_dir() {
                // A FIFO would block the read forever; a device or socket is no text.
                found.warnings.push(
                    Diagnostic::warning(
                        display_prefix.join(&relative),
                        "skipped: not a regular file (a named pipe, socket or device)",
                    )
                    .with_hint("replace it with an ordinary Markdown file"),
                );
            }
        }
    }
    found
}

/// Hidden files and the leftovers editors write next to a file while saving.
pub fn is_ignored(name: &str) -> bool {
    name.starts_with('.')
        || name.starts_with('#')
        || name.ends_with('~')
        || name.ends_with(".swp")
        || name.ends_with(".swx")
        || name.ends_with(".tmp")
        || name == "4913"
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn skips_editor_leftovers() {
        // Each rule alone: none of these is caught by another one.
        for name in [
            ".hidden.md",
            "#a.md#",
            "a.md~",
            "a.md.swp",
            "a.md.swx",
            "a.md.tmp",
            "4913",
        ] {
            assert!(is_ignored(name), "{name}");
        }
        for name in ["a.md", "a.swp.md", "49130", "a#b.md"] {
            assert!(!is_ignored(name), "{name}");
        }
    }

    /// A hidden folder (`.git`, an editor's `.drafts/`) is not walked into at all.
    #[test]
    fn hidden_folders_are_not_walked_into() {
        let dir = tempfile::tempdir().unwrap();
        let content = dir.path().join("content");
        std::fs::create_dir_all(content.join(".drafts")).unwrap();
        std::fs::write(content.join(".drafts/secret.md"), "x").unwrap();
        std::fs::write(content.join("shown.md"), "x").unwrap();
        let found = walk(&content, Path::new("content"));
        assert_eq!(found.markdown, vec![PathBuf::from("shown.md")]);
    }

    #[test]
    fn walks_markdown_in_order_and_skips_links() {
        let dir = tempfile::tempdir().unwrap();
        let content = dir.path().join("content");
        std::fs::create_dir_all(content.join("news")).unwrap();
        std::fs::write(content.join("b.md"), "x").unwrap();
        std::fs::write(content.join("news/a.md"), "x").unwrap();
        std::fs::write(content.join("news/a.md~"), "x").unwrap();
        std::fs::write(content.join("notes.txt"), "x").unwrap();
        #[cfg(unix)]
        std::os::unix::fs::symlink("/etc", content.join("etc")).unwrap();
        let found = walk(&content, Path::new("content"));
        assert_eq!(
            found.markdown,
            vec![PathBuf::from("b.md"), PathBuf::from("news/a.md")]
        );
        assert_eq!(found.other, vec![PathBuf::from("notes.txt")]);
        #[cfg(unix)]
        assert_eq!(found.warnings.len(), 1);
    }
}

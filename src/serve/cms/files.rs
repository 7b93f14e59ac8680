//! The editing API's disk work, on paths `paths::confine` has checked: atomic writes,
//! listings that follow no link, and file ids as decap-server makes them.
//!
//! A write goes to a hidden temporary file beside its target, then is renamed over it, so
//! the watcher and a build never read half a file; the temporary name is one the content
//! walk and the watcher skip. Folders are made one at a time, and each must then be a real
//! folder, so a link planted on the way is not written through.

use std::io::Write;
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

use super::paths::Confined;

/// A file's id in decap-server's protocol: the SHA-256 of its bytes, in hex.
pub(crate) fn file_id(bytes: &[u8]) -> String {
    Sha256::digest(bytes).iter().map(|b| format!("{b:02x}")).collect()
}

/// Writes `bytes` to `target` all at once, making its missing folders.
pub(crate) fn write_atomic(root: &Path, target: &Confined, bytes: &[u8]) -> std::io::Result<()> {
    make_parents(root, &target.relative)?;
    // Hidden, so neither the build nor the editor's listings see it half written.
    let temporary = crate::write::output::temp_path(&target.real);
    let written = (|| {
        // `create_new` never opens an existing file, nor follows a link in its place.
        let mut file = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&temporary)?;
        file.write_all(bytes)?;
        file.sync_all()?;
        std::fs::rename(&temporary, &target.real)
    })();
    if written.is_err() {
        let _ = std::fs::remove_file(&temporary);
    }
    written
}

/// Removes `target`; one already gone is no error (decap-server's behaviour).
pub(crate) fn remove(target: &Confined) -> std::io::Result<()> {
    match std::fs::remove_file(&target.real) {
        Err(err) if err.kind() != std::io::ErrorKind::NotFound => Err(err),
        _ => Ok(()),
    }
}

/// Reads `target`; `None` when it does not exist.
pub(crate) fn read(target: &Confined) -> std::io::Result<Option<Vec<u8>>> {
    match std::fs::read(&target.real) {
        Ok(bytes) => Ok(Some(bytes)),
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(err) => Err(err),
    }
}

/// The regular files under `folder` (relative to `root`, `/`-separated) down to `depth`
/// levels (1: the folder's own files), sorted, leaving out hidden files, editor leftovers,
/// links, and the files `keep` refuses. A missing folder has none.
pub(crate) fn list(root: &Path, folder: &str, depth: usize, keep: &dyn Fn(&str) -> bool) -> Vec<String> {
    let mut found = Vec::new();
    collect(root, folder.trim_end_matches('/'), depth, keep, &mut found);
    found.sort();
    found
}

fn collect(root: &Path, folder: &str, depth: usize, keep: &dyn Fn(&str) -> bool, found: &mut Vec<String>) {
    if depth == 0 {
        return;
    }
    let Ok(entries) = std::fs::read_dir(root.join(folder)) else {
        return;
    };
    for entry in entries.flatten() {
        let Some(name) = entry.file_name().to_str().map(str::to_string) else {
            continue;
        };
        if crate::load::content::is_ignored(&name) {
            continue;
        }
        let relative = format!("{folder}/{name}");
        // `DirEntry::file_type` does not follow links: a link is neither a file nor a folder.
        match entry.file_type() {
            Ok(kind) if kind.is_dir() => collect(root, &relative, depth - 1, keep, found),
            Ok(kind) if kind.is_file() && keep(&name) => found.push(relative),
            _ => {}
        }
    }
}

/// Makes the missing folders of `relative`'s parent, one at a time under `root`.
fn make_parents(root: &Path, relative: &str) -> std::io::Result<()> {
    let mut folder = PathBuf::from(root);
    let segments: Vec<&str> = relative.split('/').collect();
    for segment in &segments[..segments.len() - 1] {
        folder.push(segment);
        match std::fs::create_dir(&folder) {
            Err(err) if err.kind() != std::io::ErrorKind::AlreadyExists => return Err(err),
            _ => {}
        }
        let meta = std::fs::symlink_metadata(&folder)?;
        if !meta.is_dir() {
            return Err(std::io::Error::other(format!(
                "{} is not a folder",
                folder.strip_prefix(root).unwrap_or(&folder).display()
            )));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_sha256_hex() {
        assert_eq!(
            file_id(b"abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }

    #[test]
    fn a_write_makes_its_folders_and_leaves_no_temporary_file() {
        let dir = tempfile::tempdir().unwrap();
        let target = Confined {
            relative: "content/news/2023/x.md".into(),
            real: dir.path().join("content/news/2023/x.md"),
        };
        write_atomic(dir.path(), &target, b"one").unwrap();
        write_atomic(dir.path(), &target, b"two").unwrap();
        assert_eq!(std::fs::read(&target.real).unwrap(), b"two");
        let names: Vec<_> = std::fs::read_dir(dir.path().join("content/news/2023"))
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, ["x.md"]);
    }

    #[test]
    fn listings_stop_at_their_depth_and_skip_hidden_files() {
        let dir = tempfile::tempdir().unwrap();
        for file in [
            "content/news/a.md",
            "content/news/.b.md",
            "content/news/2023/c.md",
            "content/news/2023/x/d.md",
        ] {
            let path = dir.path().join(file);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, "").unwrap();
        }
        let all = |_: &str| true;
        assert_eq!(list(dir.path(), "content/news", 1, &all), ["content/news/a.md"]);
        assert_eq!(
            list(dir.path(), "content/news/", 2, &all),
            ["content/news/2023/c.md", "content/news/a.md"]
        );
        assert!(list(dir.path(), "content/none", 3, &all).is_empty());
    }
}

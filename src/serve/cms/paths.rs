//! Where the editing API may read and write, and how Decap CMS names translations.
//!
//! `confine` is the one door from a path a request names to a real path: it refuses
//! anything but a plain relative path of visible segments (no `..`, `.`, empty segments,
//! absolute paths, backslashes, NUL or drive letters), anything outside `content/` and the
//! media folder, and any path that passes through a symbolic link on disk. Whatever a
//! request says, nothing outside those two roots is read or written.
//!
//! Decap's i18n `multiple_files` structure names each language's file, the default
//! language's too (`x.en.md`), where gazette names the default language's file plainly
//! (`x.md`). On a site of several languages the API shows Decap its names and maps them back.

use std::path::{Path, PathBuf};

use crate::model::config::{CONTENT_DIR, SiteConfig};

/// What a request may name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Want {
    /// A Markdown file under `content/`.
    Entry,
    /// A file under the media folder, or a page bundle's file (not Markdown) under `content/`.
    Media,
    /// A folder under `content/` (or `content/` itself), to list entries.
    EntryFolder,
    /// The media folder or a folder under it, or a folder under `content/`, to list media.
    MediaFolder,
}

/// A path a request named, checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Confined {
    /// Relative to the site's root, `/`-separated, as on disk (`content/news/x.md`).
    pub(crate) relative: String,
    /// The real path.
    pub(crate) real: PathBuf,
}

/// Turns `requested` (relative to the site's root, on disk's names) into a real path under
/// `root`, or says why not.
pub(crate) fn confine(
    root: &Path,
    config: &SiteConfig,
    requested: &str,
    want: Want,
) -> Result<Confined, String> {
    let refused = |why: &str| Err(format!("refused the path `{requested}`: {why}"));
    if requested.is_empty() {
        return refused("it is empty");
    }
    if requested.contains(['\\', '\0']) {
        return refused("it holds a backslash or NUL");
    }
    if requested.starts_with('/') {
        return refused("it is absolute; name a path from the site's folder");
    }
    if requested.contains(':') {
        return refused("it holds a `:` (a drive letter or stream name)");
    }
    let is_folder = matches!(want, Want::EntryFolder | Want::MediaFolder);
    let trimmed = match is_folder {
        true => requested.strip_suffix('/').unwrap_or(requested),
        false => requested,
    };
    let segments: Vec<&str> = trimmed.split('/').collect();
    if segments.iter().any(|s| s.is_empty() || *s == "." || *s == "..") {
        return refused("it has an empty, `.` or `..` segment");
    }
    if segments.iter().any(|s| s.starts_with('.')) {
        return refused("it names a hidden file or folder");
    }
    let in_content = segments[0] == CONTENT_DIR;
    let media: Vec<&str> = config
        .cms
        .as_ref()
        .map(|cms| cms.media_folder.split('/').collect())
        .unwrap_or_default();
    let in_media = !media.is_empty() && segments.starts_with(&media);
    let is_markdown = trimmed.ends_with(".md");
    let allowed = match want {
        Want::Entry => in_content && segments.len() > 1 && is_markdown,
        Want::Media => {
            (in_media && segments.len() > media.len() || in_content && segments.len() > 1) && !is_markdown
        }
        Want::EntryFolder => in_content,
        Want::MediaFolder => in_media || in_content,
    };
    if !allowed {
        return refused(match want {
            Want::Entry => "an entry is a Markdown file under content/",
            Want::Media => "a media file lives in the media folder, or beside its page under content/",
            Want::EntryFolder => "entries are listed from a folder under content/",
            Want::MediaFolder => "media are listed from the media folder or a folder under content/",
        });
    }
    let mut real = root.to_path_buf();
    for (i, segment) in segments.iter().enumerate() {
        real.push(segment);
        match std::fs::symlink_metadata(&real) {
            Ok(meta) if meta.file_type().is_symlink() => return refused("it passes through a symbolic link"),
            Ok(meta) if i + 1 < segments.len() && !meta.is_dir() => {
                return refused("a part of it is not a folder");
            }
            Ok(_) => {}
            // What does not exist yet cannot be a link; a write makes it a real folder.
            Err(_) => break,
        }
    }
    Ok(Confined {
        relative: trimmed.to_string(),
        real: root.join(trimmed),
    })
}

/// The name gazette gives on disk to a file Decap names `path`: on a site of several
/// languages, `x.<default>.md` is `x.md`. Any other path is the same on disk.
pub(crate) fn to_disk(path: &str, config: &SiteConfig) -> String {
    if !config.is_multilingual() {
        return path.to_string();
    }
    match path.strip_suffix(&format!(".{}.md", config.language)) {
        Some(base) if !base.is_empty() && !base.ends_with('/') => format!("{base}.md"),
        _ => path.to_string(),
    }
}

/// The name Decap knows a file on disk by: on a site of several languages, a default
/// language's Markdown file `x.md` is `x.<default>.md`; translations keep their names.
pub(crate) fn to_decap(path: &str, config: &SiteConfig) -> String {
    if !config.is_multilingual() || !path.ends_with(".md") {
        return path.to_string();
    }
    let relative = Path::new(
        path.strip_prefix(CONTENT_DIR)
            .unwrap_or(path)
            .trim_start_matches('/'),
    );
    let (_, lang) = crate::load::content::split_suffix(relative, config);
    if lang != config.language {
        return path.to_string();
    }
    let base = path.strip_suffix(".md").expect("checked above");
    format!("{base}.{}.md", config.language)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config(languages: &str) -> SiteConfig {
        let dir = tempfile::tempdir().unwrap();
        let yaml = format!("title: T\nbase_url: https://e.org/\ncms: true\n{languages}");
        std::fs::write(dir.path().join(crate::model::config::CONFIG_FILE), yaml).unwrap();
        crate::load::config::load(dir.path()).unwrap()
    }

    fn two_languages() -> SiteConfig {
        config("languages:\n  - { code: en }\n  - { code: zh-Hans, prefix: zh }\n")
    }

    #[test]
    fn the_default_language_is_named_for_decap_and_back() {
        let config = two_languages();
        for (disk, decap) in [
            ("content/news/2023/x.md", "content/news/2023/x.en.md"),
            ("content/news/x/index.md", "content/news/x/index.en.md"),
            ("content/news/x.zh-Hans.md", "content/news/x.zh-Hans.md"),
            // A name that happens to end like the default's code stays apart from `x.md`.
            ("content/news/x.en.md", "content/news/x.en.en.md"),
        ] {
            assert_eq!(to_decap(disk, &config), decap, "{disk}");
            assert_eq!(to_disk(decap, &config), disk, "{decap}");
        }
        assert_eq!(
            to_decap("static/images/uploads/a.png", &config),
            "static/images/uploads/a.png"
        );
        assert_eq!(to_disk("content/news/.en.md", &config), "content/news/.en.md");
    }

    #[test]
    fn one_language_maps_nothing() {
        let config = config("");
        assert_eq!(to_decap("content/news/x.md", &config), "content/news/x.md");
        assert_eq!(to_disk("content/news/x.en.md", &config), "content/news/x.en.md");
    }

    #[test]
    fn only_plain_paths_under_the_two_roots_pass() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        let config = two_languages();
        let ok = confine(root, &config, "content/news/2023/x.md", Want::Entry).unwrap();
        assert_eq!(ok.real, root.join("content/news/2023/x.md"));
        assert!(confine(root, &config, "static/images/uploads/a.png", Want::Media).is_ok());
        assert!(confine(root, &config, "content/news/x/photo.jpg", Want::Media).is_ok());
        assert!(confine(root, &config, "content/news/", Want::EntryFolder).is_ok());
        for (bad, want) in [
            ("../site.yaml", Want::Entry),
            ("site.yaml", Want::Media),
            ("/etc/passwd", Want::Media),
            ("content/../../x.md", Want::Entry),
            ("content/./x.md", Want::Entry),
            ("content//x.md", Want::Entry),
            ("content\\x.md", Want::Entry),
            ("content/x.md\0", Want::Entry),
            ("C:/content/x.md", Want::Entry),
            ("content/.git/config.md", Want::Entry),
            (".git/config", Want::Media),
            ("content/news/x.html", Want::Entry),
            ("content/news/x.md", Want::Media),
            ("static/elsewhere/a.png", Want::Media),
            ("static/images/uploads", Want::Media),
            ("static/images/uploads/a.png", Want::Entry),
            ("content", Want::Entry),
            ("", Want::EntryFolder),
            ("static", Want::EntryFolder),
            ("themes", Want::MediaFolder),
        ] {
            assert!(
                confine(root, &config, bad, want).is_err(),
                "{bad:?} passed as {want:?}"
            );
        }
    }

    #[cfg(unix)]
    #[test]
    fn a_symbolic_link_on_the_way_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        let outside = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(root.join("content")).unwrap();
        std::os::unix::fs::symlink(outside.path(), root.join("content/out")).unwrap();
        std::os::unix::fs::symlink(outside.path().join("x.md"), root.join("content/x.md")).unwrap();
        let config = two_languages();
        assert!(confine(root, &config, "content/out/x.md", Want::Entry).is_err());
        assert!(confine(root, &config, "content/x.md", Want::Entry).is_err());
        assert!(confine(root, &config, "content/out", Want::EntryFolder).is_err());
        assert!(confine(root, &config, "content/new/x.md", Want::Entry).is_ok());
    }
}

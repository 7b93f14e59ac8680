//! The write stage: bringing `output/` to exactly the rendered site, safely.
//!
//! Runs only after the whole site rendered without error (`build` has by then written its
//! pages under temporary names: `staging`, which calls `write_locked` for the rest). A file whose bytes did not
//! change is left alone (creating files is the slowest thing a build does); a new or
//! changed file is written under a temporary name in its own folder and renamed into place,
//! so no reader ever sees half a file; files the site no longer produces are removed: those
//! of the last build that the manifest lists and this build did not write (`Prune`), or,
//! without a manifest, every file of the folder the site does not make, found by reading
//! every folder (at a million pages that walk took a minute or more). The folder's lock
//! (`lock`) is held while writing, so two builds never write it at once; if a build is
//! killed, the next one finds the lock file it left, says so, and its full pass (which
//! compares every file and removes leftovers, temporary files included) repairs the
//! folder.

use std::collections::HashSet;
use std::fs;
use std::io;
use std::path::{Component, Path, PathBuf};

use std::sync::atomic::{AtomicU64, Ordering};

use rayon::prelude::*;
use walkdir::WalkDir;

use crate::model::output::{OutputFile, StaticFile};
use crate::write::lock::{LockError, OutputLock};

/// Present in the output folder while a build writes it (the folder's lock file).
pub const WRITING_MARKER: &str = crate::write::lock::LOCK_FILE;
/// Prefix of temporary files, renamed into place once complete.
pub const TEMP_PREFIX: &str = ".gazette-tmp-";

/// What writing did.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct WriteReport {
    /// Files created or changed.
    pub written: usize,
    /// Files whose bytes were already right.
    pub unchanged: usize,
    /// Files removed because the site no longer produces them.
    pub removed: usize,
    /// The previous build was interrupted and this one repaired the folder.
    pub repaired: bool,
}

/// Why writing failed.
#[derive(Debug, thiserror::Error)]
pub enum WriteError {
    /// Another process is writing the folder (a usage problem: nothing was written).
    #[error(transparent)]
    Busy(LockError),
    /// A file could not be written or removed.
    #[error(transparent)]
    Io(#[from] io::Error),
}

/// Brings `output` to exactly `files`, `kept` (files already there, left alone) and
/// `statics`, holding the folder's lock.
pub fn write(
    output: &Path,
    files: &[OutputFile],
    kept: &[PathBuf],
    statics: &[StaticFile],
) -> Result<WriteReport, WriteError> {
    fs::create_dir_all(output)?;
    let lock = OutputLock::acquire(output).map_err(|err| match err {
        LockError::Io { source, .. } => WriteError::Io(source),
        busy => WriteError::Busy(busy),
    })?;
    let kept: Vec<&Path> = kept.iter().map(PathBuf::as_path).collect();
    write_locked(output, lock, files, &kept, statics, Prune::Everything)
}

/// Which files of the output folder the write stage removes.
pub(crate) enum Prune<'a> {
    /// None: the folder is new, so nothing in it can be stale.
    Nothing,
    /// These, which the last build wrote (its manifest says) and this one does not. After
    /// an interrupted build, `Everything` instead.
    Listed(Vec<&'a Path>),
    /// Every file the site does not make, found by reading every folder of the output: a
    /// temporary file a killed build left, a file put there by hand, a file of a build
    /// whose manifest is gone.
    Everything,
}

/// `write`, with the folder's lock already taken (and released at the end), removing what
/// `prune` says.
pub(crate) fn write_locked(
    output: &Path,
    lock: OutputLock,
    files: &[OutputFile],
    kept: &[&Path],
    statics: &[StaticFile],
    prune: Prune<'_>,
) -> Result<WriteReport, WriteError> {
    let repaired = lock.was_interrupted();
    let prune = match prune {
        Prune::Listed(_) if repaired => Prune::Everything,
        prune => prune,
    };

    // Every folder a file needs, its ancestors included, so a file standing where any of
    // them belongs is replaced.
    let mut dirs: HashSet<&Path> = HashSet::new();
    add_folders(
        &mut dirs,
        files
            .iter()
            .map(|f| f.path.as_path())
            .chain(statics.iter().map(|s| s.path.as_path())),
    );
    make_dirs(output, &dirs)?;

    let written: Vec<io::Result<bool>> = files
        .par_iter()
        .map(|file| write_if_changed(&output.join(&file.path), &file.bytes))
        .chain(
            statics
                .par_iter()
                .map(|s| copy_if_changed(&s.source, &output.join(&s.path))),
        )
        .collect();
    let mut report = WriteReport {
        repaired,
        unchanged: kept.len(),
        ..WriteReport::default()
    };
    for result in written {
        if result? {
            report.written += 1;
        } else {
            report.unchanged += 1;
        }
    }
    if let Prune::Listed(stale) = &prune {
        report.removed = remove_listed(output, stale)?;
    }
    if let Prune::Everything = prune {
        let keep: HashSet<&Path> = files
            .iter()
            .map(|f| f.path.as_path())
            .chain(kept.iter().copied())
            .chain(statics.iter().map(|s| s.path.as_path()))
            .collect();
        add_folders(&mut dirs, kept.iter().copied());
        report.removed = remove_stale(output, &keep, &dirs)?;
    }
    drop(lock);
    Ok(report)
}

/// Whether the file at `path` already holds exactly `bytes` (read only when the length
/// matches).
pub fn holds(path: &Path, bytes: &[u8]) -> io::Result<bool> {
    Ok(
        fs::symlink_metadata(path).is_ok_and(|m| m.is_file() && m.len() == bytes.len() as u64)
            && fs::read(path)? == bytes,
    )
}

/// Whether a generated file at `path` gives way to a static file at the same path (`is_static`):
/// a site's own robots.txt, sitemap or feed replaces the generated one; an HTML page and a
/// static file at one path is a collision instead, reported by the build.
pub fn yields_to_static(path: &Path, is_static: impl FnOnce() -> bool) -> bool {
    path.extension().is_none_or(|e| e != "html") && is_static()
}

/// Writes `bytes` to `path` unless the file already holds them; true when written.
pub fn write_if_changed(path: &Path, bytes: &[u8]) -> io::Result<bool> {
    if holds(path, bytes)? {
        return Ok(false);
    }
    let temp = temp_path(path);
    fs::write(&temp, bytes)?;
    fs::rename(&temp, path)?;
    Ok(true)
}

/// `write_if_changed` for `serve`, which rewrites pages over and over: a file already
/// there is overwritten where it is rather than replaced. Replacing makes the file system
/// allocate a new file each time, which made writing 11,000 pages after a template change
/// take 2 s here; overwriting took a tenth of that (BENCHMARKS.md). A reader may see a page
/// half written, which `serve` allows: it reloads browsers once every page is written.
/// Anything but a plain file (a symlink, a folder) is replaced as `write_if_changed` does,
/// so nothing outside the output folder is ever written through a link.
pub fn overwrite_if_changed(path: &Path, bytes: &[u8]) -> io::Result<bool> {
    let Ok(metadata) = fs::symlink_metadata(path) else {
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent)?;
        }
        return write_if_changed(path, bytes);
    };
    if !metadata.is_file() {
        return write_if_changed(path, bytes);
    }
    if metadata.len() == bytes.len() as u64 && fs::read(path)? == bytes {
        return Ok(false);
    }
    let mut options = fs::OpenOptions::new();
    options.write(true);
    // A link put in the file's place since it was looked at is not followed.
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::custom_flags(&mut options, libc::O_NOFOLLOW);
    let mut file = options.open(path)?;
    // Written over, then cut to length: truncating first would free the file's blocks
    // only to allocate them again.
    io::Write::write_all(&mut file, bytes)?;
    file.set_len(bytes.len() as u64)?;
    Ok(true)
}

fn copy_if_changed(source: &Path, destination: &Path) -> io::Result<bool> {
    let bytes = published(destination, fs::read(source)?);
    write_if_changed(destination, &bytes)
}

/// The bytes of a static file as they are published at `path`: CSS minified, any other
/// file as it is.
pub(crate) fn published(path: &Path, bytes: Vec<u8>) -> Vec<u8> {
    super::minify::published(path, bytes)
}

/// A name of its own for each temporary file (process and counter, not the file's name,
/// which may already be as long as a name can be), so no two writes share one.
pub(crate) fn temp_path(path: &Path) -> PathBuf {
    static NEXT: AtomicU64 = AtomicU64::new(0);
    let n = NEXT.fetch_add(1, Ordering::Relaxed);
    path.with_file_name(format!("{TEMP_PREFIX}{}-{n}", std::process::id()))
}

/// The folders of an output folder found to be real folders, not links (nor files, pipes…
/// in a folder's place), remembered across the threads of one build: each folder is looked
/// at once, without following it.
#[derive(Debug)]
pub(crate) struct RealFolders {
    output: PathBuf,
    known: std::sync::Mutex<HashSet<PathBuf>>,
}

impl RealFolders {
    /// Nothing known yet of the folders of `output`.
    pub(crate) fn new(output: &Path) -> RealFolders {
        RealFolders {
            output: output.to_path_buf(),
            known: Default::default(),
        }
    }

    /// True when every folder of `relative` (a file's path under the output folder) is a
    /// real folder or is not there yet; false when a link, a file, a pipe or the like stands
    /// where one belongs. Writing, or reading, `relative` then never follows a link.
    pub(crate) fn lead_to(&self, relative: &Path) -> bool {
        let mut dir = PathBuf::new();
        for part in relative.parent().into_iter().flat_map(Path::components) {
            dir.push(part);
            if self.lock().contains(&dir) {
                continue;
            }
            match fs::symlink_metadata(self.output.join(&dir)) {
                Ok(m) if m.is_dir() => {
                    self.lock().insert(dir.clone());
                }
                Ok(_) => return false,
                // Missing: nothing under it exists yet either.
                Err(_) => return true,
            }
        }
        true
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashSet<PathBuf>> {
        self.known.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

/// Makes the folders of `relative` under `output` real folders, one by one from the top:
/// a missing one is made, and a link, file or anything else in the place of one is
/// replaced, so that writing `relative` never follows a link out of the output folder.
/// True when something was replaced (what it held is gone from the output folder).
#[cfg(feature = "serve")]
pub(crate) fn make_real_folders(output: &Path, relative: &Path) -> io::Result<bool> {
    let mut dir = output.to_path_buf();
    let mut replaced = false;
    for part in relative.parent().into_iter().flat_map(Path::components) {
        dir.push(part);
        replaced |= fs::symlink_metadata(&dir).is_ok_and(|m| !m.is_dir());
        ensure_dir(&dir)?;
    }
    Ok(replaced)
}

/// Adds the folders holding `paths`, and their ancestors, to `dirs`.
fn add_folders<'a>(dirs: &mut HashSet<&'a Path>, paths: impl Iterator<Item = &'a Path>) {
    for path in paths {
        for dir in path.ancestors().skip(1) {
            if dir.as_os_str().is_empty() || !dirs.insert(dir) {
                break;
            }
        }
    }
}

/// Creates `dirs` under `output`, shallowest first and each depth in parallel: on a new
/// site there is a folder per page, and creating one is among the slowest things a build
/// asks of the kernel.
fn make_dirs(output: &Path, dirs: &HashSet<&Path>) -> io::Result<()> {
    let mut by_depth: Vec<Vec<&Path>> = Vec::new();
    for dir in dirs {
        let depth = dir.components().count();
        if by_depth.len() < depth {
            by_depth.resize_with(depth, Vec::new);
        }
        by_depth[depth - 1].push(dir);
    }
    for level in by_depth {
        level
            .par_iter()
            .try_for_each(|dir| ensure_dir(&output.join(dir)))?;
    }
    Ok(())
}

/// Creates a folder whose parent exists; a file or link standing where the folder belongs
/// is replaced. Safe to call for one folder from several threads at once.
fn ensure_dir(dir: &Path) -> io::Result<()> {
    if let Ok(m) = fs::symlink_metadata(dir) {
        if m.is_dir() {
            return Ok(());
        }
        // A link (to a folder or not), a file, a pipe: removed, not followed.
        match fs::remove_file(dir) {
            Err(err) if err.kind() != io::ErrorKind::NotFound => return Err(err),
            _ => {}
        }
    }
    match fs::create_dir(dir) {
        Err(err)
            if err.kind() == io::ErrorKind::AlreadyExists
                && fs::symlink_metadata(dir).is_ok_and(|m| m.is_dir()) =>
        {
            Ok(())
        }
        other => other,
    }
}

/// Removes the files at `stale` (paths relative to `output`) and the folders they leave
/// empty. The list comes from the manifest, a file anyone can edit: a path that leaves the
/// output folder, names its lock file, or leads through anything but real folders is
/// passed over, and a folder standing where a file was listed is left alone.
fn remove_listed(output: &Path, stale: &[&Path]) -> io::Result<usize> {
    let folders = RealFolders::new(output);
    let mut removed = 0;
    let mut emptied: Vec<&Path> = Vec::new();
    for &path in stale {
        let inside = path.components().next().is_some()
            && path.components().all(|c| matches!(c, Component::Normal(_)));
        if !inside || path == Path::new(WRITING_MARKER) || !folders.lead_to(path) {
            continue;
        }
        match fs::remove_file(output.join(path)) {
            Ok(()) => {
                removed += 1;
                emptied.extend(path.ancestors().skip(1).filter(|d| !d.as_os_str().is_empty()));
            }
            Err(err) if matches!(err.kind(), io::ErrorKind::NotFound | io::ErrorKind::IsADirectory) => {}
            Err(err) => return Err(err),
        }
    }
    // Deepest first, so a folder emptied by its children's removal goes too.
    emptied.sort_by(|a, b| b.components().count().cmp(&a.components().count()).then(a.cmp(b)));
    emptied.dedup();
    for dir in emptied {
        match fs::remove_dir(output.join(dir)) {
            Err(err)
                if !matches!(
                    err.kind(),
                    io::ErrorKind::NotFound | io::ErrorKind::DirectoryNotEmpty | io::ErrorKind::NotADirectory
                ) =>
            {
                return Err(err);
            }
            _ => {}
        }
    }
    Ok(removed)
}

/// Removes files not in `keep` (leftover temporary files included) and emptied folders;
/// `needed` folders hold kept files and are not looked into again.
fn remove_stale(output: &Path, keep: &HashSet<&Path>, needed: &HashSet<&Path>) -> io::Result<usize> {
    let mut removed = 0;
    let mut dirs = Vec::new();
    for entry in WalkDir::new(output).min_depth(1).follow_links(false) {
        let entry = entry.map_err(io::Error::other)?;
        let relative = entry
            .path()
            .strip_prefix(output)
            .expect("walkdir yields paths under its root");
        if entry.file_type().is_dir() {
            if !needed.contains(relative) {
                dirs.push(entry.path().to_path_buf());
            }
            continue;
        }
        if relative == Path::new(WRITING_MARKER) || keep.contains(relative) {
            continue;
        }
        fs::remove_file(entry.path())?;
        removed += 1;
    }
    // Deepest first, so a folder emptied by its children's removal goes too.
    dirs.sort_by_key(|d| std::cmp::Reverse(d.components().count()));
    for dir in dirs {
        if fs::read_dir(&dir)?.next().is_none() {
            fs::remove_dir(&dir)?;
        }
    }
    Ok(removed)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg(unix)]
    #[test]
    fn listed_files_are_removed_with_the_folders_they_empty_and_nothing_outside() {
        let dir = tempfile::tempdir().unwrap();
        let output = dir.path().join("output");
        let outside = dir.path().join("outside");
        for folder in ["news/a", "news/b", "kept", "was-a-file"] {
            fs::create_dir_all(output.join(folder)).unwrap();
        }
        fs::create_dir_all(&outside).unwrap();
        for file in [
            "news/a/index.html",
            "news/b/index.html",
            "kept/index.html",
            "was-a-file/x",
        ] {
            fs::write(output.join(file), "page").unwrap();
        }
        fs::write(outside.join("precious.txt"), "keep me").unwrap();
        fs::write(output.join(WRITING_MARKER), "").unwrap();
        std::os::unix::fs::symlink(&outside, output.join("linked")).unwrap();
        let stale = [
            "news/a/index.html",
            "missing/index.html",
            "was-a-file",
            "../outside/precious.txt",
            "linked/precious.txt",
            WRITING_MARKER,
            "",
        ]
        .map(Path::new);
        let absolute = outside.join("precious.txt");
        let stale: Vec<&Path> = stale.into_iter().chain([absolute.as_path()]).collect();
        assert_eq!(remove_listed(&output, &stale).unwrap(), 1);
        assert!(!output.join("news/a").exists(), "the emptied folder is removed");
        assert!(output.join("news/b/index.html").exists());
        assert!(output.join("kept/index.html").exists());
        assert!(
            output.join("was-a-file/x").exists(),
            "a folder is not a listed file"
        );
        assert!(output.join(WRITING_MARKER).exists());
        assert!(fs::symlink_metadata(output.join("linked")).is_ok());
        assert_eq!(
            fs::read_to_string(outside.join("precious.txt")).unwrap(),
            "keep me"
        );
    }

    #[test]
    fn a_file_holds_bytes_only_when_every_byte_is_the_same() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("page.html");
        fs::write(&path, "abc").unwrap();
        assert!(holds(&path, b"abc").unwrap());
        assert!(!holds(&path, b"abd").unwrap(), "same length, other bytes");
        assert!(!holds(&path, b"abcd").unwrap());
        assert!(!holds(&dir.path().join("missing.html"), b"abc").unwrap());
        // A link whose own length (that of the path it names) is the length of the bytes
        // asked about, to a file that holds them: still a link, holding nothing.
        #[cfg(unix)]
        {
            let target = dir.path().join("target.html");
            let named = target.to_str().unwrap().as_bytes().to_vec();
            fs::write(&target, &named).unwrap();
            let link = dir.path().join("link.html");
            std::os::unix::fs::symlink(&target, &link).unwrap();
            assert_eq!(fs::symlink_metadata(&link).unwrap().len(), named.len() as u64);
            assert!(!holds(&link, &named).unwrap(), "a link holds nothing");
        }
    }

    #[test]
    fn overwriting_writes_other_bytes_of_the_same_length() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("page.html");
        fs::write(&path, "abc").unwrap();
        assert!(
            !overwrite_if_changed(&path, b"abc").unwrap(),
            "the same bytes are left alone"
        );
        assert!(overwrite_if_changed(&path, b"abd").unwrap());
        assert_eq!(fs::read(&path).unwrap(), b"abd");
        assert!(overwrite_if_changed(&path, b"ab").unwrap());
        assert_eq!(fs::read(&path).unwrap(), b"ab", "cut to the new length");
    }

    #[test]
    fn only_files_for_machines_give_way_to_a_static_file() {
        assert!(yields_to_static(Path::new("robots.txt"), || true));
        assert!(yields_to_static(Path::new("news/atom.xml"), || true));
        assert!(!yields_to_static(Path::new("robots.txt"), || false));
        assert!(!yields_to_static(Path::new("about/index.html"), || true));
    }

    fn file(path: &str, text: &str) -> OutputFile {
        OutputFile {
            path: PathBuf::from(path),
            bytes: text.as_bytes().to_vec(),
        }
    }

    #[test]
    fn serve_overwrites_a_page_in_place_and_never_through_a_link() {
        use std::os::unix::fs::MetadataExt;
        let dir = tempfile::tempdir().unwrap();
        let page = dir.path().join("output/a/index.html");
        let inode = || fs::metadata(&page).unwrap().ino();
        assert!(overwrite_if_changed(&page, b"first version").unwrap());
        let first = inode();
        assert!(!overwrite_if_changed(&page, b"first version").unwrap());
        assert!(overwrite_if_changed(&page, b"a longer second version").unwrap());
        assert_eq!(fs::read(&page).unwrap(), b"a longer second version");
        assert!(overwrite_if_changed(&page, b"short").unwrap());
        assert_eq!(fs::read(&page).unwrap(), b"short");
        assert_eq!(inode(), first, "the same file, written over");
        // A link where the page was is replaced by the page; its target is left alone.
        let outside = dir.path().join("outside.txt");
        fs::write(&outside, "keep").unwrap();
        fs::remove_file(&page).unwrap();
        std::os::unix::fs::symlink(&outside, &page).unwrap();
        assert!(overwrite_if_changed(&page, b"page").unwrap());
        assert_eq!(fs::read_to_string(&outside).unwrap(), "keep");
        assert!(fs::symlink_metadata(&page).unwrap().is_file());
        assert_eq!(fs::read(&page).unwrap(), b"page");
    }

    #[test]
    fn writes_only_changes_and_removes_stale_files() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("output");
        let first = write(
            &out,
            &[file("a/index.html", "A"), file("b/index.html", "B")],
            &[],
            &[],
        )
        .unwrap();
        assert_eq!(first.written, 2);
        let second = write(
            &out,
            &[file("a/index.html", "A"), file("c/index.html", "C")],
            &[],
            &[],
        )
        .unwrap();
        assert_eq!((second.written, second.unchanged, second.removed), (1, 1, 1));
        assert!(!out.join("b").exists());
        assert!(!out.join(WRITING_MARKER).exists());
    }

    #[test]
    fn a_file_where_a_folder_belongs_is_replaced_at_any_depth() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("output");
        write(&out, &[file("news", "N"), file("a/b", "B")], &[], &[]).unwrap();
        let report = write(
            &out,
            &[file("news/2023/x/index.html", "X"), file("a/b/c/index.html", "C")],
            &[],
            &[],
        )
        .unwrap();
        assert_eq!((report.written, report.removed), (2, 0));
        assert_eq!(fs::read(out.join("news/2023/x/index.html")).unwrap(), b"X");
        assert_eq!(fs::read(out.join("a/b/c/index.html")).unwrap(), b"C");
    }

    #[test]
    fn an_interrupted_build_is_noticed_and_repaired() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("output");
        fs::create_dir_all(out.join("a")).unwrap();
        fs::write(out.join(WRITING_MARKER), "1").unwrap();
        fs::write(out.join("a").join(format!("{TEMP_PREFIX}index.html")), "half").unwrap();
        let report = write(&out, &[file("a/index.html", "A")], &[], &[]).unwrap();
        assert!(report.repaired);
        assert_eq!(fs::read_dir(out.join("a")).unwrap().count(), 1);
    }
}

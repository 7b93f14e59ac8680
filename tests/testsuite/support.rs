//! The test sites' builder: copies a fixture from `tests/fixtures/<name>/` into a temporary
//! folder, adds the shared test theme (`tests/fixtures/_theme/` as `themes/mini/`), runs the
//! real `gazette` binary on it, and reads back what it wrote.
//!
//! Every run passes `--root <site>`, so diagnostics name files relative to the site and the
//! temporary path never belongs in their text; `Run::diagnostics` checks that before a test
//! snapshots it.

use std::collections::BTreeMap;
use std::ffi::OsStr;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::SystemTime;

use tempfile::TempDir;

/// The repository, which is also the example site.
pub(crate) const REPO: &str = env!("CARGO_MANIFEST_DIR");

/// A copy of a fixture site in a temporary folder, removed when dropped.
pub(crate) struct Site {
    dir: TempDir,
    root: PathBuf,
}

impl Site {
    /// Copies `tests/fixtures/<fixture>/` and the shared test theme into a new temporary site.
    pub(crate) fn new(fixture: &str) -> Site {
        let dir = tempfile::tempdir().expect("create a temporary folder");
        let root = dir.path().join("site");
        copy_dir(&fixtures().join(fixture), &root);
        copy_dir(&fixtures().join("_theme"), &root.join("themes/mini"));
        Site { dir, root }
    }

    /// The site's folder.
    pub(crate) fn root(&self) -> &Path {
        &self.root
    }

    /// The temporary folder holding the site (its parent).
    pub(crate) fn parent(&self) -> &Path {
        self.dir.path()
    }

    /// `gazette build --root <site> <args>`.
    pub(crate) fn build(&self, args: &[&str]) -> Run {
        self.run("build", args)
    }

    /// `gazette check --root <site> <args>`.
    pub(crate) fn check(&self, args: &[&str]) -> Run {
        self.run("check", args)
    }

    /// `gazette cms --root <site> <args>`.
    pub(crate) fn cms(&self, args: &[&str]) -> Run {
        self.run("cms", args)
    }

    fn run(&self, command: &str, args: &[&str]) -> Run {
        let mut all: Vec<&OsStr> = vec![OsStr::new(command), OsStr::new("--root"), self.root.as_os_str()];
        all.extend(args.iter().map(OsStr::new));
        let mut run = gazette(&self.root, &all);
        let resolved = self
            .dir
            .path()
            .canonicalize()
            .unwrap_or_else(|_| self.dir.path().into());
        run.hidden = vec![
            self.dir.path().to_string_lossy().into_owned(),
            resolved.to_string_lossy().into_owned(),
        ];
        run
    }

    /// Reads a file of the site.
    pub(crate) fn read(&self, relative: &str) -> String {
        fs::read_to_string(self.root.join(relative)).expect("read a site file")
    }

    /// Writes a file of the site (creating its folder) whole at once, as editors that save
    /// by rename do: a running `serve` never sees it empty or half written, which on a
    /// loaded machine made tests that wait for the next rebuild see a broken one first.
    pub(crate) fn write(&self, relative: &str, contents: impl AsRef<[u8]>) {
        let path = self.root.join(relative);
        let folder = path.parent().expect("a file has a folder");
        fs::create_dir_all(folder).expect("create the folder");
        let name = path.file_name().expect("a file has a name").to_string_lossy();
        let temp = folder.join(format!(".{name}.saving"));
        fs::write(&temp, contents).unwrap_or_else(|e| panic!("write {}: {e}", temp.display()));
        fs::rename(&temp, &path).unwrap_or_else(|e| panic!("rename to {}: {e}", path.display()));
    }

    /// Removes a file of the site.
    pub(crate) fn remove(&self, relative: &str) {
        let path = self.root.join(relative);
        fs::remove_file(&path).unwrap_or_else(|e| panic!("remove {}: {e}", path.display()));
    }

    /// The default output folder, `<site>/output`.
    pub(crate) fn output_dir(&self) -> PathBuf {
        self.root.join("output")
    }

    /// The text of a file under `output/`.
    pub(crate) fn output(&self, relative: &str) -> String {
        let path = self.output_dir().join(relative);
        fs::read_to_string(&path).unwrap_or_else(|e| panic!("read {}: {e}", path.display()))
    }

    /// True when `output/<relative>` exists.
    pub(crate) fn has_output(&self, relative: &str) -> bool {
        self.output_dir().join(relative).exists()
    }

    /// Every file under `output/` with its bytes and identity.
    pub(crate) fn output_state(&self) -> Tree {
        tree(&self.output_dir())
    }
}

/// What one run of the binary did.
#[derive(Debug)]
pub(crate) struct Run {
    /// The exit status (-1 when killed by a signal).
    pub code: i32,
    /// Standard output.
    pub stdout: String,
    /// Standard error.
    pub stderr: String,
    /// Paths that must not appear in diagnostics (the temporary folder, as given and resolved).
    hidden: Vec<String>,
}

impl Run {
    /// Asserts the exit status, showing both streams when it is wrong.
    #[track_caller]
    pub(crate) fn expect(self, code: i32) -> Run {
        assert_eq!(
            self.code, code,
            "expected exit status {code}\n--- stdout\n{}\n--- stderr\n{}",
            self.stdout, self.stderr
        );
        self
    }

    /// Standard error, checked to hold no temporary path: what a diagnostic snapshot shows.
    #[track_caller]
    pub(crate) fn diagnostics(&self) -> &str {
        for hidden in &self.hidden {
            assert!(
                !self.stderr.contains(hidden.as_str()),
                "diagnostics must name files relative to the site, not under {hidden}:\n{}",
                self.stderr
            );
        }
        &self.stderr
    }
}

/// A test that cannot run on this machine says so; where `GAZETTE_TESTS_STRICT` is set
/// (`.ci/run` sets it) it fails instead, so CI never passes a test that ran nothing.
#[track_caller]
pub(crate) fn cannot_run(why: &str) {
    assert!(
        std::env::var_os("GAZETTE_TESTS_STRICT").is_none(),
        "this test cannot run here: {why}"
    );
    eprintln!("note: {why}; the test ran nothing");
}

/// Runs the binary in `cwd`.
pub(crate) fn gazette(cwd: &Path, args: &[&OsStr]) -> Run {
    let output = Command::new(env!("CARGO_BIN_EXE_gazette"))
        .args(args)
        .current_dir(cwd)
        .env("NO_COLOR", "1")
        .output()
        .expect("run the gazette binary");
    Run {
        code: output.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
        hidden: Vec::new(),
    }
}

/// A file as the tests compare it: its bytes, and what changes when it is rewritten.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct FileState {
    /// Its bytes.
    pub bytes: Vec<u8>,
    /// Its modification time (nanoseconds where the file system has them).
    pub modified: SystemTime,
    /// Its inode: gazette writes a temporary file and renames it, so a rewrite changes it
    /// even within one tick of the clock. 0 off Unix.
    pub inode: u64,
}

/// Every file under a folder, by path relative to it.
pub(crate) type Tree = BTreeMap<PathBuf, FileState>;

/// Reads every file under `dir` (none when it does not exist).
pub(crate) fn tree(dir: &Path) -> Tree {
    let mut files = Tree::new();
    collect(dir, dir, &mut files);
    files
}

/// Asserts two trees hold the same paths, bytes, times and inodes, naming what differs.
#[track_caller]
pub(crate) fn assert_same_tree(before: &Tree, after: &Tree) {
    let mut differences = Vec::new();
    for (path, state) in before {
        match after.get(path) {
            None => differences.push(format!("removed: {}", path.display())),
            Some(now) if now.bytes != state.bytes => differences.push(format!("changed: {}", path.display())),
            Some(now) if now != state => differences.push(format!("rewritten: {}", path.display())),
            Some(_) => {}
        }
    }
    for path in after.keys().filter(|p| !before.contains_key(*p)) {
        differences.push(format!("added: {}", path.display()));
    }
    assert!(
        differences.is_empty(),
        "the folder changed:\n{}",
        differences.join("\n")
    );
}

/// `(text, href)` of each element matching `selector` in an HTML page.
pub(crate) fn links(html: &str, selector: &str) -> Vec<(String, String)> {
    let selector = scraper::Selector::parse(selector).expect("a valid CSS selector");
    scraper::Html::parse_document(html)
        .select(&selector)
        .map(|e| {
            let text = e.text().collect::<String>().trim().to_string();
            (text, e.value().attr("href").unwrap_or_default().to_string())
        })
        .collect()
}

/// Every `href` and `src` value in an HTML page.
pub(crate) fn urls(html: &str) -> Vec<String> {
    let selector = scraper::Selector::parse("[href], [src]").expect("a valid CSS selector");
    scraper::Html::parse_document(html)
        .select(&selector)
        .flat_map(|e| [e.value().attr("href"), e.value().attr("src")])
        .flatten()
        .map(str::to_string)
        .collect()
}

fn fixtures() -> PathBuf {
    Path::new(REPO).join("tests/fixtures")
}

/// Copies a folder and everything in it.
pub(crate) fn copy_dir(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap_or_else(|e| panic!("create {}: {e}", to.display()));
    for entry in fs::read_dir(from).unwrap_or_else(|e| panic!("read {}: {e}", from.display())) {
        let entry = entry.expect("read a folder entry");
        let target = to.join(entry.file_name());
        if entry.file_type().expect("a file type").is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            fs::copy(entry.path(), &target).unwrap_or_else(|e| panic!("copy {}: {e}", target.display()));
        }
    }
}

fn collect(root: &Path, dir: &Path, files: &mut Tree) {
    let Ok(entries) = fs::read_dir(dir) else { return };
    for entry in entries {
        let entry = entry.expect("read a folder entry");
        let path = entry.path();
        let metadata = fs::symlink_metadata(&path).expect("read metadata");
        if metadata.is_dir() {
            collect(root, &path, files);
            continue;
        }
        #[cfg(unix)]
        let inode = std::os::unix::fs::MetadataExt::ino(&metadata);
        #[cfg(not(unix))]
        let inode = 0;
        let state = FileState {
            bytes: fs::read(&path).unwrap_or_default(),
            modified: metadata
                .modified()
                .expect("file systems the tests run on keep mtimes"),
            inode,
        };
        files.insert(
            path.strip_prefix(root).expect("under the root").to_path_buf(),
            state,
        );
    }
}

/// The example site (the repository's own) built into a temporary folder, with nothing on
/// stderr.
pub(crate) fn build_example() -> tempfile::TempDir {
    let out = tempfile::tempdir().expect("create a temporary folder");
    let args: [&OsStr; 5] = [
        "build".as_ref(),
        "--root".as_ref(),
        REPO.as_ref(),
        "--output".as_ref(),
        out.path().as_os_str(),
    ];
    let run = gazette(out.path(), &args).expect(0);
    assert!(run.stderr.is_empty(), "{}", run.stderr);
    out
}

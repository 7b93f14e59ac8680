//! Builds that are killed, and builds that run at once.
//!
//! A generated site of a few thousand pages is built over and over while its sources flip
//! between two versions, and each build is killed with SIGKILL at a random moment. After
//! every kill each file of `output/` must be a complete file of one version or the other
//! (temporary files and the lock file aside); the next whole build must bring `output/` to
//! exactly the bytes a fresh build writes, leftovers removed. Two builds at once never
//! both write: the second is refused with a message naming the first.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant, SystemTime};

use gazette::write::lock::{LOCK_FILE, OutputLock};
use gazette::write::output::TEMP_PREFIX;

use crate::support::{Site, tree};

const ITEMS: usize = 1_500;
const KILLS: usize = 20;
/// The kill loop stops early (after at least `MIN_KILLS`) once it has run this long.
const BUDGET: Duration = Duration::from_secs(30);
const MIN_KILLS: usize = 8;

/// The good site with `ITEMS` more news items, at `version` (1 or 2: the bodies differ,
/// so switching rewrites every item page and the lists).
fn big_site() -> Site {
    let site = Site::new("good");
    let config = site.read("site.yaml").replace("per_page: 2", "per_page: 500");
    site.write("site.yaml", config);
    set_version(&site, 1);
    site
}

fn set_version(site: &Site, version: usize) {
    for i in 0..ITEMS {
        site.write(
            &format!("content/news/2024/item-{i}.md"),
            format!(
                "---\ntitle: Item {i}\ndate: 2024-01-{:02}\n---\n\nVersion {version} of item {i}. {}\n",
                i % 28 + 1,
                "Words and more words. ".repeat(20)
            ),
        );
    }
}

/// Path → bytes of every file under `dir`.
fn bytes(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    tree(dir).into_iter().map(|(p, f)| (p, f.bytes)).collect()
}

/// A fresh build of the site as it is now, into a folder of its own.
fn reference(site: &Site, name: &str) -> BTreeMap<PathBuf, Vec<u8>> {
    let dir = site.parent().join(name);
    site.build(&["--quiet", "--output", dir.to_str().expect("a UTF-8 path")])
        .expect(0);
    bytes(&dir)
}

fn is_leftover(path: &Path) -> bool {
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
    name.starts_with(TEMP_PREFIX) || name == LOCK_FILE
}

/// A small xorshift generator, seeded from the clock and printed, so a failure can be
/// replayed by setting `GAZETTE_KILL_SEED`.
struct Random(u64);

impl Random {
    fn new() -> Random {
        let seed = std::env::var("GAZETTE_KILL_SEED")
            .ok()
            .and_then(|s| s.parse().ok())
            .unwrap_or_else(|| {
                SystemTime::now()
                    .duration_since(SystemTime::UNIX_EPOCH)
                    .map_or(1, |d| d.as_nanos() as u64)
            })
            | 1;
        eprintln!("kill test seed: GAZETTE_KILL_SEED={seed}");
        Random(seed)
    }

    fn below(&mut self, bound: u64) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 % bound.max(1)
    }
}

#[test]
fn builds_killed_at_random_moments_never_leave_a_half_written_file() {
    let site = big_site();
    let first = reference(&site, "reference-1");
    set_version(&site, 2);
    let start = Instant::now();
    let second = reference(&site, "reference-2");
    let full = start.elapsed();
    // The search index's files are named by their content: each version has its own.
    let pages = |files: &BTreeMap<PathBuf, Vec<u8>>| -> Vec<PathBuf> {
        files
            .keys()
            .filter(|p| !p.starts_with("pagefind"))
            .cloned()
            .collect()
    };
    assert_eq!(pages(&first), pages(&second), "both versions have the same pages");
    assert!(
        first.keys().any(|p| p.starts_with("pagefind")),
        "the site has a search index"
    );
    assert!(first.len() > ITEMS);
    site.build(&["--quiet"]).expect(0);

    let mut random = Random::new();
    let mut version = 2;
    let mut kills = 0;
    let mut leftovers = 0;
    let loop_start = Instant::now();
    while kills < KILLS && (kills < MIN_KILLS || loop_start.elapsed() < BUDGET) {
        version = 3 - version;
        set_version(&site, version);
        let mut child = Command::new(env!("CARGO_BIN_EXE_gazette"))
            .args(["build", "--quiet", "--root"])
            .arg(site.root())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start gazette build");
        // Every other kill lands in the write stage, which begins when the lock file
        // appears; the others anywhere in the build.
        let delay = if kills % 2 == 0 {
            let lock = site.output_dir().join(LOCK_FILE);
            let waited = Instant::now();
            while !lock.exists() && waited.elapsed() < full * 3 && child.try_wait().ok().flatten().is_none() {
                std::thread::sleep(Duration::from_millis(1));
            }
            Duration::from_millis(random.below(full.as_millis() as u64 / 3))
        } else {
            Duration::from_millis(random.below(full.as_millis() as u64 * 6 / 5))
        };
        std::thread::sleep(delay);
        let killed = child.try_wait().expect("poll the build").is_none();
        let _ = child.kill();
        let output = child.wait_with_output().expect("wait for the build");
        if !killed {
            // It finished first: it must have succeeded, not been refused.
            assert!(
                output.status.success(),
                "{}",
                String::from_utf8_lossy(&output.stderr)
            );
        }
        kills += 1;
        for (path, bytes) in bytes(&site.output_dir()) {
            if is_leftover(&path) {
                leftovers += 1;
                continue;
            }
            assert!(
                first.get(&path) == Some(&bytes) || second.get(&path) == Some(&bytes),
                "after a kill at {delay:?}, {} is neither version: half-written or foreign",
                path.display()
            );
        }
    }
    eprintln!(
        "{kills} builds killed in {:?}, {leftovers} leftover temporary or lock files seen",
        loop_start.elapsed()
    );

    // The next whole build repairs everything: exactly a fresh build's files, no leftovers.
    let run = site.build(&[]).expect(0);
    let now = bytes(&site.output_dir());
    let expected = if version == 1 { &first } else { &second };
    let differing: Vec<_> = now
        .keys()
        .chain(expected.keys())
        .filter(|p| now.get(*p) != expected.get(*p))
        .collect();
    assert!(
        differing.is_empty(),
        "after the repairing build these differ from a fresh build: {differing:?}\n{}",
        run.stdout
    );
}

/// While another process holds the output folder's lock, a build is refused at once (exit 2)
/// with a message naming it, and writes nothing; once released, the build runs.
#[test]
fn a_build_while_another_writes_is_refused_naming_it() {
    let site = Site::new("good");
    site.build(&[]).expect(0);
    let before = site.output_state();
    site.write("content/about.md", "---\ntitle: About, changed\n---\nChanged.\n");
    let lock = OutputLock::acquire(&site.output_dir()).expect("take the lock");
    let run = site.build(&[]).expect(2);
    let message = format!(
        "error: another gazette process is writing the output folder (pid {})\n  --> output\n",
        std::process::id()
    );
    assert!(run.diagnostics().contains(&message), "{}", run.stderr);
    let mut after = site.output_state();
    after.remove(Path::new(LOCK_FILE));
    crate::support::assert_same_tree(&before, &after);
    drop(lock);
    site.build(&[]).expect(0);
    assert!(site.output("about/index.html").contains("About, changed"));
    assert!(!site.output_dir().join(LOCK_FILE).exists());
}

/// Two builds started together on one site: each either builds or is refused, never do
/// both write, and the folder ends up exactly as one fresh build writes it.
#[test]
fn two_builds_started_at_once_do_not_corrupt_each_other() {
    let site = big_site();
    let expected = reference(&site, "reference");
    let mut refused = 0;
    for _ in 0..2 {
        std::fs::remove_dir_all(site.output_dir()).ok();
        let start = || {
            Command::new(env!("CARGO_BIN_EXE_gazette"))
                .args(["build", "--quiet", "--root"])
                .arg(site.root())
                .env("NO_COLOR", "1")
                .stdout(Stdio::null())
                .stderr(Stdio::piped())
                .spawn()
                .expect("start gazette build")
        };
        let (a, b) = (start(), start());
        let outputs = [a, b].map(|c| c.wait_with_output().expect("wait for the build"));
        let codes: Vec<i32> = outputs.iter().map(|o| o.status.code().unwrap_or(-1)).collect();
        assert!(codes.contains(&0), "one of them builds: {codes:?}");
        for output in &outputs {
            let stderr = String::from_utf8_lossy(&output.stderr);
            match output.status.code() {
                Some(0) => {}
                Some(2) => {
                    refused += 1;
                    // The other build is named by its pid, or, when it has made the lock
                    // file but not yet written its pid into it, as starting: both are right.
                    let named = ["(pid ", "(a process that is starting)"].iter().any(|who| {
                        stderr.contains(&format!(
                            "another gazette process is writing the output folder {who}"
                        ))
                    });
                    assert!(named, "{stderr}");
                }
                other => panic!("exit {other:?}: {stderr}"),
            }
        }
        assert_eq!(bytes(&site.output_dir()), expected);
    }
    eprintln!("{refused} of 2 pairs overlapped in the write stage");
}

//! Bodies left on disk: a build that keeps no Markdown in memory (`GAZETTE_BODY_MEMORY=0`),
//! reading every body again as its page renders, makes the same site, byte for byte, and
//! reports the same problems, as one that keeps them all.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::Command;

use crate::support::{REPO, Site, assert_same_tree};

/// `gazette build --strict` of the site at `root` into `output` with `GAZETTE_BODY_MEMORY`
/// set to `mib` (unset with `None`): (exit status, stderr).
fn build(root: &Path, output: &Path, mib: Option<&str>) -> (i32, String) {
    let mut command = Command::new(env!("CARGO_BIN_EXE_gazette"));
    command
        .args(["build", "--no-git", "--strict", "--root"])
        .arg(root)
        .arg("--output")
        .arg(output)
        .env("NO_COLOR", "1")
        .env_remove("GAZETTE_BODY_MEMORY");
    if let Some(mib) = mib {
        command.env("GAZETTE_BODY_MEMORY", mib);
    }
    let run = command.output().expect("run the gazette binary");
    (
        run.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&run.stderr).into_owned(),
    )
}

/// Every file under `dir` and its bytes.
fn files(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .map(|entry| entry.expect("walk the output"))
        .filter(|entry| entry.file_type().is_file())
        .map(|entry| {
            let relative = entry.path().strip_prefix(dir).unwrap().to_path_buf();
            (relative, std::fs::read(entry.path()).unwrap())
        })
        .collect()
}

/// Builds `root` both ways and asserts the two outputs are the same files with the same bytes.
#[track_caller]
fn assert_same_site(root: &Path) {
    let out = tempfile::tempdir().unwrap();
    let (kept, streamed) = (out.path().join("kept"), out.path().join("streamed"));
    let (code, stderr) = build(root, &kept, None);
    assert_eq!(code, 0, "{stderr}");
    let (code, stderr) = build(root, &streamed, Some("0"));
    assert_eq!(code, 0, "{stderr}");
    let (kept, streamed) = (files(&kept), files(&streamed));
    assert!(
        kept.keys().any(|path| path.ends_with("index.html")),
        "the build wrote no page"
    );
    let differ: BTreeSet<_> = kept
        .keys()
        .chain(streamed.keys())
        .filter(|path| kept.get(*path) != streamed.get(*path))
        .collect();
    assert!(differ.is_empty(), "these files differ: {differ:?}");
}

#[test]
fn the_example_site_is_the_same_when_every_body_is_read_again() {
    assert_same_site(Path::new(REPO));
}

#[test]
fn translations_feeds_and_bundles_are_the_same_when_every_body_is_read_again() {
    for fixture in ["multilingual", "publishing", "good"] {
        let site = Site::new(fixture);
        assert_same_site(site.root());
    }
    // Feeds that carry each item's whole page render its body again too.
    let site = Site::new("publishing");
    let config = site.read("site.yaml");
    site.write("site.yaml", format!("{config}\nfeed_content: full\n"));
    assert_same_site(site.root());
}

#[test]
fn problems_of_items_left_on_disk_are_reported_at_their_lines_and_nothing_is_written() {
    // Broken links and anchors in bodies, and references, aliases and terms whose lines
    // are quoted from front matter read again (the last a warning, which `--strict` makes
    // an error).
    let fixtures = [
        "missing_anchor",
        "missing_link_target",
        "missing_reference",
        "bad_alias",
        "duplicate_term_spelling",
    ];
    for fixture in fixtures {
        let site = Site::new(fixture);
        let out = tempfile::tempdir().unwrap();
        let (kept, streamed) = (out.path().join("kept"), out.path().join("streamed"));
        let (kept_code, kept_report) = build(site.root(), &kept, None);
        let (code, report) = build(site.root(), &streamed, Some("0"));
        assert_eq!((code, kept_code), (1, 1), "{fixture}: {report}");
        assert!(report.contains("content/") && report.contains(" | "), "{report}");
        assert_eq!(report, kept_report, "the same problems, at the same lines");
        assert!(!streamed.exists(), "a failed build wrote {}", streamed.display());
    }
}

#[test]
fn a_body_memory_that_is_not_a_number_is_refused() {
    let site = Site::new("good");
    let (code, stderr) = build(site.root(), &site.output_dir(), Some("lots"));
    assert_eq!(code, 2, "{stderr}");
    assert!(stderr.contains("GAZETTE_BODY_MEMORY is `lots`"), "{stderr}");
    assert_same_tree(&Default::default(), &crate::support::tree(&site.output_dir()));
}

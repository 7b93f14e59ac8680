//! Bodies left on disk and cards made on demand: a build that keeps no Markdown in memory
//! (`GAZETTE_BODY_MEMORY=0`), reading every body again as its page renders, or no card
//! (`GAZETTE_CARD_MEMORY=0`), making each as a page shows it, makes the same site, byte for
//! byte, and reports the same problems, as one that keeps them all.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::Command;

use crate::support::{REPO, Site, assert_same_tree};

/// Neither memory budget set: every body and card of a small site kept.
const KEEP: &[(&str, &str)] = &[];
/// No body kept.
const NO_BODY: &[(&str, &str)] = &[("GAZETTE_BODY_MEMORY", "0")];
/// No card kept, and no body.
const NO_CARD: &[(&str, &str)] = &[("GAZETTE_CARD_MEMORY", "0"), ("GAZETTE_BODY_MEMORY", "0")];

/// `gazette build --strict` of the site at `root` into `output` with the memory budgets
/// `budgets` (the others unset): (exit status, stderr then stdout).
fn build(root: &Path, output: &Path, budgets: &[(&str, &str)]) -> (i32, String) {
    let mut command = Command::new(env!("CARGO_BIN_EXE_gazette"));
    command
        .args(["build", "--no-git", "--strict", "--root"])
        .arg(root)
        .arg("--output")
        .arg(output)
        .env("NO_COLOR", "1")
        .env_remove("GAZETTE_BODY_MEMORY")
        .env_remove("GAZETTE_CARD_MEMORY");
    command.envs(budgets.iter().copied());
    let run = command.output().expect("run the gazette binary");
    (
        run.status.code().unwrap_or(-1),
        format!(
            "{}{}",
            String::from_utf8_lossy(&run.stderr),
            String::from_utf8_lossy(&run.stdout)
        ),
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

/// Builds `root` keeping everything and within `budgets`, and asserts the two outputs are
/// the same files with the same bytes.
#[track_caller]
fn assert_same_site(root: &Path, budgets: &[(&str, &str)]) {
    let out = tempfile::tempdir().unwrap();
    let (kept, streamed) = (out.path().join("kept"), out.path().join("streamed"));
    let (code, stderr) = build(root, &kept, KEEP);
    assert_eq!(code, 0, "{stderr}");
    let (code, stderr) = build(root, &streamed, budgets);
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
    assert_same_site(Path::new(REPO), NO_BODY);
}

#[test]
fn the_example_site_is_the_same_when_every_card_is_made_as_a_page_shows_it() {
    assert_same_site(Path::new(REPO), NO_CARD);
}

#[test]
fn translations_feeds_and_bundles_are_the_same_when_every_body_is_read_again() {
    for fixture in ["multilingual", "publishing", "good"] {
        let site = Site::new(fixture);
        assert_same_site(site.root(), NO_BODY);
        assert_same_site(site.root(), NO_CARD);
    }
    // Feeds that carry each item's whole page render its body again too.
    let site = Site::new("publishing");
    let config = site.read("site.yaml");
    site.write("site.yaml", format!("{config}\nfeed_content: full\n"));
    assert_same_site(site.root(), NO_BODY);
    assert_same_site(site.root(), NO_CARD);
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
        let (kept_code, kept_report) = build(site.root(), &kept, KEEP);
        let (code, report) = build(site.root(), &streamed, NO_CARD);
        assert_eq!((code, kept_code), (1, 1), "{fixture}: {report}");
        assert!(report.contains("content/") && report.contains(" | "), "{report}");
        assert_eq!(report, kept_report, "the same problems, at the same lines");
        assert!(!streamed.exists(), "a failed build wrote {}", streamed.display());
    }
}

#[test]
fn a_site_whose_cards_are_made_on_demand_keeps_no_body_unless_told_to() {
    let verbose = |budgets: &[(&str, &str)]| {
        let output = tempfile::tempdir().unwrap();
        let run = Command::new(env!("CARGO_BIN_EXE_gazette"))
            .args(["build", "--no-git", "--verbose", "--root", REPO, "--output"])
            .arg(output.path())
            .env_remove("GAZETTE_BODY_MEMORY")
            .env_remove("GAZETTE_CARD_MEMORY")
            .envs(budgets.iter().copied())
            .output()
            .expect("run the gazette binary");
        assert!(run.status.success(), "{}", String::from_utf8_lossy(&run.stderr));
        String::from_utf8_lossy(&run.stderr).into_owned()
    };
    const READ_AGAIN: &str = "bodies read again as their pages rendered: ";
    assert!(
        !verbose(KEEP).contains(READ_AGAIN),
        "a small site keeps its bodies"
    );
    let on_demand = verbose(&[("GAZETTE_CARD_MEMORY", "0")]);
    assert!(on_demand.contains(READ_AGAIN), "{on_demand}");
    let told = verbose(&[("GAZETTE_CARD_MEMORY", "0"), ("GAZETTE_BODY_MEMORY", "64")]);
    assert!(!told.contains(READ_AGAIN), "{told}");
}

#[test]
fn a_memory_budget_that_is_not_a_number_is_refused() {
    let site = Site::new("good");
    for variable in ["GAZETTE_BODY_MEMORY", "GAZETTE_CARD_MEMORY"] {
        let (code, stderr) = build(site.root(), &site.output_dir(), &[(variable, "lots")]);
        assert_eq!(code, 2, "{stderr}");
        assert!(stderr.contains(&format!("{variable} is `lots`")), "{stderr}");
        assert_same_tree(&Default::default(), &crate::support::tree(&site.output_dir()));
    }
}

#[test]
fn a_rebuild_with_cards_made_on_demand_keeps_every_page_of_an_unchanged_site() {
    let site = Site::new("publishing");
    let (code, stderr) = build(site.root(), &site.output_dir(), NO_CARD);
    assert_eq!(code, 0, "{stderr}");
    let first = files(&site.output_dir());
    let (code, stderr) = build(site.root(), &site.output_dir(), NO_CARD);
    assert_eq!(code, 0, "{stderr}");
    assert!(stderr.contains(": 0 written"), "{stderr}");
    assert_eq!(files(&site.output_dir()), first);
}

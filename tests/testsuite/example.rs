//! The example site at the repository's root, with the real default theme.

use std::ffi::OsStr;

use crate::support::{REPO, gazette, tree};

#[test]
fn example_site_builds_and_checks_clean() {
    let out = tempfile::tempdir().expect("create a temporary folder");
    let repo = OsStr::new(REPO);
    let build = gazette(
        out.path(),
        &[
            "build".as_ref(),
            "--root".as_ref(),
            repo,
            "--output".as_ref(),
            out.path().as_os_str(),
        ],
    )
    .expect(0);
    assert!(build.stderr.is_empty(), "{}", build.stderr);
    assert!(out.path().join("index.html").is_file());
    assert!(
        out.path()
            .join("institutions/jinfeng-laboratory/index.html")
            .is_file()
    );
    assert!(tree(out.path()).len() > 20);

    let check = gazette(out.path(), &["check".as_ref(), "--root".as_ref(), repo]).expect(0);
    assert!(check.stderr.is_empty(), "{}", check.stderr);
}

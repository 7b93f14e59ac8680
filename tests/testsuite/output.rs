//! The write stage as a user sees it: a failed build touches nothing, a rebuild rewrites
//! only what changed and removes what is gone, and gazette refuses to write over the site.

use std::path::Path;

use crate::support::{Site, assert_same_tree, links, tree};

const JINFENG: &str = "institutions/jinfeng-laboratory/index.html";

#[test]
fn failed_build_leaves_output_byte_for_byte_unchanged() {
    let site = Site::new("good");
    site.build(&[]).expect(0);
    let before = site.output_state();
    site.write(
        "content/news/2023/lab-opens.md",
        "---\ntitle: Jinfeng Laboratory opens\ndate: 2023-03-06\ninstitutions: [nowhere]\n---\n\nChanged.\n",
    );
    site.build(&[]).expect(1);
    assert_same_tree(&before, &site.output_state());
}

/// Into a folder it makes, a build writes each page straight to its place; into one that
/// exists, under a temporary name renamed after. Both give the same files and counts.
#[test]
fn a_build_into_a_new_folder_writes_what_one_into_an_existing_folder_does() {
    let site = Site::new("good");
    let (new, existing) = (site.parent().join("new"), site.parent().join("existing"));
    std::fs::create_dir(&existing).unwrap();
    let mut summaries = Vec::new();
    for folder in [&new, &existing] {
        let run = site.build(&["--output", folder.to_str().unwrap()]).expect(0);
        let summary = run
            .stdout
            .split_once(" s: ")
            .map(|(_, counts)| counts.to_string());
        summaries.push(summary.unwrap_or_else(|| panic!("no summary in {}", run.stdout)));
    }
    let bytes = |dir: &Path| -> Vec<(std::path::PathBuf, Vec<u8>)> {
        tree(dir)
            .into_iter()
            .map(|(path, state)| (path, state.bytes))
            .collect()
    };
    let written = bytes(&new);
    assert_eq!(written, bytes(&existing));
    assert_eq!(summaries[0], summaries[1]);
    assert!(
        summaries[0].starts_with(&format!("{} written, 0 unchanged, 0 removed", written.len())),
        "{}",
        summaries[0]
    );
    // The second build into the new folder finds every page in place.
    let run = site.build(&["--output", new.to_str().unwrap()]).expect(0);
    assert!(run.stdout.contains(": 0 written,"), "{}", run.stdout);
}

#[test]
fn unchanged_site_rebuilds_without_writing_a_file() {
    let site = Site::new("good");
    site.build(&[]).expect(0);
    let before = site.output_state();
    let run = site.build(&[]).expect(0);
    assert!(run.stdout.contains(": 0 written,"), "{}", run.stdout);
    assert_same_tree(&before, &site.output_state());
}

#[test]
fn rebuild_removes_deleted_item_and_rewrites_no_unchanged_file() {
    let site = Site::new("good");
    site.build(&[]).expect(0);
    let before = site.output_state();
    // Off Unix there is no inode to tell a rewrite; let the clock move instead.
    #[cfg(not(unix))]
    std::thread::sleep(std::time::Duration::from_millis(1100));
    site.remove("content/news/2023/lab-opens.md");
    site.build(&[]).expect(0);
    let after = site.output_state();

    assert!(!site.has_output("news/2023/lab-opens/index.html"));
    assert!(
        !site.has_output("news/2023/lab-opens"),
        "its emptied folder was left behind"
    );
    let backlinks: Vec<String> = links(&site.output(JINFENG), "ol.backlinks a")
        .into_iter()
        .map(|(title, _)| title)
        .collect();
    assert_eq!(
        backlinks,
        ["Three projects speed up", "University backs the laboratory"]
    );

    let mut kept = 0;
    for (path, now) in &after {
        let Some(then) = before.get(path) else { continue };
        if now.bytes == then.bytes {
            assert_eq!(now, then, "{} was rewritten with the same bytes", path.display());
            kept += 1;
        }
    }
    assert!(
        before.len() - kept >= 4,
        "expected the changed pages to be rewritten"
    );
    assert!(kept >= 8, "only {kept} pages kept their bytes");
    let about = Path::new("about/index.html");
    assert_eq!(before.get(about), after.get(about));
}

#[test]
fn output_folder_refused_for_the_site_its_content_and_its_parent() {
    let site = Site::new("good");
    let root = site.root().to_str().expect("a UTF-8 temporary path").to_string();
    let before = tree(site.parent());
    // Each folder the build reads from, one at a time, so that dropping any one from the
    // guard fails here.
    for output in [
        root.clone(),
        format!("{root}/content"),
        format!("{root}/content/news"),
        format!("{root}/static"),
        format!("{root}/static/css"),
        format!("{root}/templates"),
        format!("{root}/themes"),
        format!("{root}/themes/mini/static"),
        format!("{root}/.."),
    ] {
        let run = site.build(&["--output", &output]).expect(2);
        assert!(
            run.stderr.contains("refusing to write the site into"),
            "{}",
            run.stderr
        );
    }
    assert_same_tree(&before, &tree(site.parent()));
}

#[cfg(unix)]
#[test]
fn output_folder_refused_through_a_symbolic_link_to_the_site() {
    let site = Site::new("good");
    let alias = site.parent().join("alias");
    std::os::unix::fs::symlink(site.root(), &alias).expect("create a symbolic link");
    let before = tree(site.root());
    let output = alias.to_str().expect("a UTF-8 temporary path");
    site.build(&["--output", output]).expect(2);
    site.build(&["--output", &format!("{output}/themes/mini")])
        .expect(2);
    assert_same_tree(&before, &tree(site.root()));
}

#[test]
fn output_folder_refused_for_the_file_system_root() {
    // The site has an error, so a regression in the refusal fails this test with exit 1
    // before anything is written, instead of emptying `/`.
    let site = Site::new("good");
    site.write(
        "content/news/2023/lab-opens.md",
        "---\ntitle: Broken\ndate: 2023-03-06\ninstitutions: [nowhere]\n---\n",
    );
    let run = site.build(&["--output", "/"]).expect(2);
    assert!(
        run.stderr.contains("refusing to write the site into /"),
        "{}",
        run.stderr
    );
}

#[test]
fn output_flag_writes_elsewhere_and_leaves_the_default_folder_alone() {
    let site = Site::new("good");
    let elsewhere = site.parent().join("public");
    site.build(&["--output", elsewhere.to_str().expect("a UTF-8 temporary path")])
        .expect(0);
    assert!(elsewhere.join("news/2023/lab-opens/index.html").is_file());
    assert!(!site.output_dir().exists());
}

/// `build` writes pages as they render (`src/staging.rs`): a failure among the later
/// pages must still leave the folder as it was, new folders and temporary files included.
#[test]
fn a_build_failing_while_pages_render_leaves_output_unchanged() {
    let site = Site::new("good");
    site.build(&[]).expect(0);
    let before = site.output_state();
    // A new institution renders (into a new folder); every news page fails.
    site.write(
        "content/institutions/new-lab.md",
        "---\ntitle: New Lab\nkind: laboratory\n---\n\nNew.\n",
    );
    site.write("themes/mini/templates/news.html", "{{ nothing_here.at_all }}");
    let run = site.build(&[]).expect(1);
    assert!(run.diagnostics().contains("news.html"), "{}", run.diagnostics());
    assert_same_tree(&before, &site.output_state());
    assert!(!site.output_dir().join("institutions/new-lab").exists());

    // Into a folder that did not exist: it still does not.
    let fresh = site.parent().join("fresh");
    site.build(&["--output", fresh.to_str().unwrap()]).expect(1);
    assert!(!fresh.exists());
}

/// The bytes of every file under `dir`, by path: what a clean build and a rebuild must
/// agree on (times and inodes aside).
fn bytes_of(dir: &Path) -> std::collections::BTreeMap<std::path::PathBuf, Vec<u8>> {
    tree(dir)
        .into_iter()
        .map(|(path, state)| (path, state.bytes))
        .collect()
}

/// A rebuild over `output/`, then a clean build of the same site into a new folder: the two
/// must hold the same files, byte for byte.
#[track_caller]
fn assert_same_as_a_clean_build(site: &Site) {
    let clean = site.parent().join("clean");
    let _ = std::fs::remove_dir_all(&clean);
    site.build(&["--output", clean.to_str().unwrap()]).expect(0);
    assert_eq!(
        bytes_of(&site.output_dir()),
        bytes_of(&clean),
        "output/ differs from a clean build"
    );
}

/// `output/news` replaced by a link to a folder outside (a deploy script, a mounted volume,
/// a mistaken `ln -s`): an edit of one news item must not be written through the link,
/// and the section must not vanish with the link.
#[cfg(unix)]
#[test]
fn a_linked_folder_in_output_is_replaced_and_nothing_is_written_through_it() {
    let site = Site::new("good");
    site.build(&[]).expect(0);
    let outside = site.parent().join("elsewhere");
    std::fs::rename(site.output_dir().join("news"), &outside).unwrap();
    std::os::unix::fs::symlink(&outside, site.output_dir().join("news")).unwrap();
    let outside_before = tree(&outside);
    let item = "content/news/2023/lab-opens.md";
    site.write(item, site.read(item).replace("opened", "has opened"));
    site.build(&[]).expect(0);
    assert_same_tree(&outside_before, &tree(&outside));
    let news = std::fs::symlink_metadata(site.output_dir().join("news")).unwrap();
    assert!(news.is_dir(), "output/news is a real folder again");
    assert!(
        site.output("news/2023/lab-opens/index.html")
            .contains("has opened")
    );
    assert_same_as_a_clean_build(&site);
}

/// A link where a page belongs (to a file outside), a named pipe where a folder belongs,
/// and a link the site does not produce: each replaced or removed, never followed. A rebuild
/// replaces the first two; the stray link, which no build wrote, is removed by a build that
/// reads every folder of the output (one without the manifest).
#[cfg(unix)]
#[test]
fn links_and_pipes_in_output_are_replaced_or_removed_without_touching_their_targets() {
    let site = Site::new("good");
    site.build(&[]).expect(0);
    let target = site.parent().join("target.html");
    std::fs::write(&target, "not gazette's").unwrap();
    let page = site.output_dir().join(JINFENG);
    std::fs::remove_file(&page).unwrap();
    std::os::unix::fs::symlink(&target, &page).unwrap();
    let folder = site.output_dir().join("about");
    std::fs::remove_dir_all(&folder).unwrap();
    let status = std::process::Command::new("mkfifo")
        .arg(&folder)
        .status()
        .unwrap();
    assert!(status.success(), "mkfifo");
    site.build(&[]).expect(0);
    assert_eq!(std::fs::read_to_string(&target).unwrap(), "not gazette's");
    assert!(
        std::fs::symlink_metadata(&page).unwrap().is_file(),
        "the page is a file"
    );
    assert!(
        std::fs::symlink_metadata(&folder).unwrap().is_dir(),
        "about/ is a folder"
    );
    assert_same_as_a_clean_build(&site);

    let stray = site.output_dir().join("stray-link");
    std::os::unix::fs::symlink(site.parent(), &stray).unwrap();
    std::fs::remove_dir_all(site.root().join(".gazette-cache")).unwrap();
    site.build(&[]).expect(0);
    assert!(
        std::fs::symlink_metadata(&stray).is_err(),
        "the stray link is removed"
    );
    assert!(
        site.parent().join("site").is_dir(),
        "the stray link's target is untouched"
    );
    assert_same_as_a_clean_build(&site);
}

/// Static files whose names no URL or file system takes as they are: each skipped with a
/// warning naming it, and not copied; a plain one beside them is.
#[cfg(unix)]
#[test]
fn static_files_with_unsafe_names_are_skipped_with_a_warning() {
    let site = Site::new("good");
    let unsafe_names = [
        "a:b.txt",
        "what?.txt",
        "back\\slash.txt",
        "con.txt",
        "dot.",
        "pipe|.txt",
    ];
    for name in unsafe_names {
        site.write(&format!("static/{name}"), "x");
    }
    site.write("static/plain.txt", "x");
    let run = site.build(&[]).expect(0);
    for name in unsafe_names {
        assert!(
            run.stderr.contains(&format!("static/{name}")) && !site.has_output(name),
            "{name} was not skipped with a warning:\n{}",
            run.stderr
        );
    }
    assert!(
        run.stderr
            .matches("skipped a static file whose name cannot be part of a URL")
            .count()
            == unsafe_names.len(),
        "{}",
        run.stderr
    );
    assert!(site.has_output("plain.txt"));
}

//! Rebuilds over an existing output folder: pages whose inputs did not change are not
//! rendered again (the build manifest in `.gazette-cache/`), and whatever changed, the
//! output is byte for byte what a build from scratch makes.

use std::fs;
use std::path::Path;

use crate::support::{Site, Tree, copy_dir, gazette, tree};

const LAB_OPENS: &str = "content/news/2023/lab-opens.md";
const LAB_OPENS_PAGE: &str = "news/2023/lab-opens/index.html";

/// The `good` fixture with the default theme, which reads the site from its templates
/// (`get_collection` on the home page) and uses theme strings.
fn site() -> Site {
    let site = Site::new("good");
    copy_dir(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default"),
        &site.root().join("themes/default"),
    );
    let config = site.read("site.yaml").replace("theme: mini", "theme: default");
    site.write("site.yaml", config);
    site
}

fn bytes(tree: Tree) -> Vec<(std::path::PathBuf, Vec<u8>)> {
    tree.into_iter()
        .map(|(path, state)| (path, state.bytes))
        .collect()
}

/// Builds over the existing output, then from scratch into a folder of its own, and
/// asserts both hold the same files with the same bytes.
#[track_caller]
fn assert_rebuild_is_a_fresh_build(site: &Site, change: &str) {
    site.build(&["--quiet"]).expect(0);
    let fresh = site.parent().join("fresh");
    let _ = fs::remove_dir_all(&fresh);
    site.build(&["--quiet", "--output", fresh.to_str().unwrap()])
        .expect(0);
    let rebuilt = bytes(tree(&site.output_dir()));
    let scratch = bytes(tree(&fresh));
    let differ: Vec<String> = rebuilt
        .iter()
        .zip(&scratch)
        .filter(|(a, b)| a != b)
        .map(|(a, _)| a.0.display().to_string())
        .collect();
    assert_eq!(rebuilt.len(), scratch.len(), "after {change}: not the same files");
    assert!(
        differ.is_empty(),
        "after {change}, these differ from a fresh build: {differ:?}"
    );
}

/// Changes a written page behind gazette's back, keeping its length and time: a build that
/// renders the page puts the right bytes back; one that skips it leaves them. Returns the
/// page and its marked bytes.
fn mark_behind_gazettes_back(site: &Site) -> (std::path::PathBuf, Vec<u8>) {
    let page = site.output_dir().join(LAB_OPENS_PAGE);
    let modified = fs::metadata(&page).unwrap().modified().unwrap();
    let mut marked = fs::read(&page).unwrap();
    let at = marked.len() - 10;
    marked[at] = b'#';
    fs::write(&page, &marked).unwrap();
    fs::File::options()
        .write(true)
        .open(&page)
        .unwrap()
        .set_modified(modified)
        .unwrap();
    (page, marked)
}

#[test]
fn a_page_whose_inputs_did_not_change_is_not_rendered_again() {
    let site = site();
    site.build(&["--quiet"]).expect(0);
    let (page, marked) = mark_behind_gazettes_back(&site);
    let run = site.build(&[]).expect(0);
    assert!(run.stdout.contains(": 0 written,"), "{}", run.stdout);
    assert_eq!(fs::read(&page).unwrap(), marked, "the page was rendered again");
    // The manifest of a build that kept every page lists them all again.
    let run = site.build(&[]).expect(0);
    assert!(run.stdout.contains(": 0 written,"), "{}", run.stdout);
    assert_eq!(
        fs::read(&page).unwrap(),
        marked,
        "the page was rendered the third time"
    );

    // Once its source changes, it is rendered.
    let source = site.read(LAB_OPENS);
    site.write(
        LAB_OPENS,
        source.replace("opened its building", "opened its new building"),
    );
    site.build(&["--quiet"]).expect(0);
    assert!(site.output(LAB_OPENS_PAGE).contains("opened its new building"));
}

#[test]
fn a_page_changed_on_disk_is_written_again() {
    let site = site();
    site.build(&["--quiet"]).expect(0);
    let page = site.output_dir().join(LAB_OPENS_PAGE);
    let original = fs::read(&page).unwrap();
    fs::write(&page, "edited by hand").unwrap();
    fs::remove_file(site.output_dir().join("index.html")).unwrap();
    site.build(&["--quiet"]).expect(0);
    assert_eq!(fs::read(&page).unwrap(), original);
    assert!(site.has_output("index.html"));
}

#[test]
fn whatever_changes_a_rebuild_matches_a_build_from_scratch() {
    let site = site();
    assert_rebuild_is_a_fresh_build(&site, "the first build");
    assert_rebuild_is_a_fresh_build(&site, "nothing");

    let source = site.read(LAB_OPENS);
    site.write(
        LAB_OPENS,
        source.replace("opened its building", "opened its doors"),
    );
    assert_rebuild_is_a_fresh_build(&site, "an edit of a body");

    let source = site.read(LAB_OPENS);
    site.write(
        LAB_OPENS,
        source.replace("title: Jinfeng Laboratory opens", "title: The laboratory opens"),
    );
    assert_rebuild_is_a_fresh_build(&site, "a new title (shown on other pages' cards)");

    site.write(
        "content/news/2023/new-item.md",
        "---\ntitle: A new item\ndate: 2023-06-01\ninstitutions: [jinfeng-laboratory]\ntags: [energy]\n---\n\nNew.\n",
    );
    assert_rebuild_is_a_fresh_build(&site, "a new item with a new term");

    site.remove("content/news/2023/new-item.md");
    assert_rebuild_is_a_fresh_build(&site, "a deleted item");

    let layout = site.read("themes/default/templates/layout.html");
    site.write(
        "themes/default/templates/layout.html",
        layout.replace(
            "Built with gazette</p>",
            "Built with gazette</p><p>Footer note</p>",
        ),
    );
    assert_rebuild_is_a_fresh_build(&site, "a template change");

    let strings = site.read("themes/default/i18n/en.yaml");
    site.write(
        "themes/default/i18n/en.yaml",
        strings.replace("\nhome: Home", "\nhome: Start"),
    );
    assert_rebuild_is_a_fresh_build(&site, "a theme string change");

    let config = site.read("site.yaml");
    site.write(
        "site.yaml",
        config.replace("title: Good Site", "title: Better Site"),
    );
    assert_rebuild_is_a_fresh_build(&site, "a site.yaml change");
    assert!(site.output("index.html").contains("Better Site"));
}

#[test]
fn the_manifest_lives_outside_the_output_folder() {
    let site = site();
    site.build(&["--quiet"]).expect(0);
    assert!(site.root().join(".gazette-cache").is_dir());
    let published: Vec<String> = tree(&site.output_dir())
        .keys()
        .map(|p| p.display().to_string())
        .filter(|p| p.contains("manifest") || p.contains("gazette"))
        .collect();
    assert!(published.is_empty(), "{published:?}");
    // Without it, the next build renders everything and still leaves unchanged files alone.
    fs::remove_dir_all(site.root().join(".gazette-cache")).unwrap();
    let run = site.build(&[]).expect(0);
    assert!(run.stdout.contains(": 0 written,"), "{}", run.stdout);
}

#[test]
fn the_manifest_is_found_however_the_site_folder_is_spelled() {
    let site = site();
    site.build(&["--quiet"]).expect(0); // --root <absolute path>
    let (page, marked) = mark_behind_gazettes_back(&site);
    let name = site.root().file_name().unwrap();
    gazette(
        site.parent(),
        &["build".as_ref(), "--quiet".as_ref(), "--root".as_ref(), name],
    )
    .expect(0);
    assert_eq!(fs::read(&page).unwrap(), marked, "the page was rendered again");
}

#[test]
fn a_template_change_renders_pages_that_read_only_their_context() {
    // The test theme without its one `url_for`: no page reads the site beyond its context.
    let site = Site::new("good");
    let base = site
        .read("themes/mini/templates/base.html")
        .replace("{{ url_for(path='/') }}", "/");
    site.write("themes/mini/templates/base.html", &base);
    assert_rebuild_is_a_fresh_build(&site, "the first build");
    site.write(
        "themes/mini/templates/base.html",
        base.replace("<body>", "<body class=\"changed\">"),
    );
    assert_rebuild_is_a_fresh_build(&site, "a change to the layout");
    assert!(site.output(LAB_OPENS_PAGE).contains("class=\"changed\""));
}

/// A rebuild finds what is stale from the manifest, not by reading every folder of the
/// output: each file the last build wrote and this one does not is removed, whether a page,
/// a static file or a page rendered every time because it warned, and after a template
/// change too (the manifest then keeps no page but still says what the build wrote).
#[test]
fn a_rebuild_removes_every_file_the_last_build_wrote_and_this_one_does_not() {
    let site = site();
    site.write("static/files/old.txt", "old");
    site.write(
        "themes/default/templates/warns.html",
        "{% extends \"page.html\" %}{% block content %}{{ trans(key=\"no_such_words\") }}{% endblock %}",
    );
    site.write(
        "content/warns.md",
        "---\ntitle: Warns\ntemplate: warns.html\n---\n\nA page rendered every time.\n",
    );
    let run = site.build(&[]).expect(0);
    assert!(run.stderr.contains("no_such_words"), "{}", run.stderr);
    for page in ["files/old.txt", "warns/index.html", LAB_OPENS_PAGE] {
        assert!(site.has_output(page), "{page} was not written");
    }

    site.remove("static/files/old.txt");
    site.remove("content/warns.md");
    assert_rebuild_is_a_fresh_build(&site, "a static file and a page that warned removed");
    assert!(
        !site.output_dir().join("files").exists(),
        "the emptied folder stays"
    );

    let layout = site.read("themes/default/templates/layout.html");
    site.write(
        "themes/default/templates/layout.html",
        layout.replace("Built with gazette</p>", "Built with gazette.</p>"),
    );
    site.remove(LAB_OPENS);
    assert_rebuild_is_a_fresh_build(&site, "a template change and an item removed");
    assert!(!site.has_output(LAB_OPENS_PAGE));
}

/// A file put into the output folder by hand is not the site's: a rebuild, which knows
/// what it wrote from the manifest, leaves it; a build without the manifest reads every
/// folder of the output and removes it, as one after an interrupted build does.
#[test]
fn a_file_put_into_output_by_hand_stays_until_a_build_without_the_manifest() {
    let site = site();
    site.build(&["--quiet"]).expect(0);
    let stray = site.output_dir().join("news/by-hand.txt");
    fs::write(&stray, "by hand").unwrap();
    site.remove(LAB_OPENS);
    site.build(&["--quiet"]).expect(0);
    assert!(!site.has_output(LAB_OPENS_PAGE));
    assert_eq!(fs::read_to_string(&stray).unwrap(), "by hand");

    fs::remove_dir_all(site.root().join(".gazette-cache")).unwrap();
    let run = site.build(&[]).expect(0);
    assert!(run.stdout.contains("1 removed"), "{}", run.stdout);
    assert!(!stray.exists(), "the file put there by hand is removed");
}

/// The manifest is a file anyone can edit: a path in it that leaves the output folder,
/// leads through a link, or names the folder's lock is never removed.
#[cfg(unix)]
#[test]
fn a_manifest_edited_to_name_files_outside_the_output_removes_none_of_them() {
    let site = site();
    site.build(&["--quiet"]).expect(0);
    let outside = site.parent().join("outside");
    fs::create_dir_all(&outside).unwrap();
    fs::write(outside.join("precious.txt"), "keep me").unwrap();
    std::os::unix::fs::symlink(&outside, site.output_dir().join("linked")).unwrap();
    let manifest = fs::read_dir(site.root().join(".gazette-cache"))
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .find(|path| {
            path.file_name()
                .unwrap()
                .to_string_lossy()
                .starts_with("manifest-")
        })
        .unwrap();
    let json = fs::read_to_string(&manifest).unwrap();
    let hostile =
        r#""other_files":["../outside/precious.txt","linked/precious.txt","/tmp/x",".gazette-lock","#;
    assert!(json.contains(r#""other_files":["#), "{json}");
    fs::write(&manifest, json.replace(r#""other_files":["#, hostile)).unwrap();
    site.build(&["--quiet"]).expect(0);
    assert_eq!(
        fs::read_to_string(outside.join("precious.txt")).unwrap(),
        "keep me"
    );
}

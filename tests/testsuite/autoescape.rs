//! Nothing an author writes in front matter reaches a page of the default theme unescaped.
//! The example site is copied with one institution and one news item whose title,
//! summary, string fields and tag carry a `<script>` and an attribute breakout; every file
//! of `output/` is scanned. Raw HTML in Markdown bodies passes by default (authors are
//! trusted through review) and is escaped everywhere with `markdown.raw_html: false`.

use std::fs;
use std::path::Path;

use crate::support::{REPO, gazette, tree};

const HOSTILE_LAB: &str = r#"---
title: "<script>alert('gz-title')</script> Lab"
kind: laboratory
city: "<script>alert('gz-city')</script>"
summary: "<script>alert('gz-summary')</script> and \"><img src=x onerror=alert('gz-attr')>"
tags: ["<script>alert('gz-tag')</script>"]
---

A laboratory with a hostile name.
"#;

const HOSTILE_NEWS: &str = r#"---
title: "Breakout \"><script>alert('gz-news')</script>"
date: 2023-05-01
author: "<script>alert('gz-author')</script>"
source: "<img src=x onerror=alert('gz-source')>"
institutions: [hostile-lab]
tags: ["<script>alert('gz-tag')</script>", brain science]
---

The body holds raw HTML: <script>alert(1729)</script>

<!-- more -->

More.
"#;

/// The example site with the hostile items, in a temporary folder.
fn hostile_site(raw_html: bool) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("create a temporary folder");
    let root = dir.path();
    copy(&Path::new(REPO).join("content"), &root.join("content"));
    copy(&Path::new(REPO).join("static"), &root.join("static"));
    copy(
        &Path::new(REPO).join("themes/default"),
        &root.join("themes/default"),
    );
    let mut config = fs::read_to_string(Path::new(REPO).join("site.yaml")).expect("read site.yaml");
    if !raw_html {
        config.push_str("\nmarkdown:\n  raw_html: false\n");
    }
    fs::write(root.join("site.yaml"), config).unwrap();
    fs::write(root.join("content/institutions/hostile-lab.md"), HOSTILE_LAB).unwrap();
    fs::write(root.join("content/news/hostile-news.md"), HOSTILE_NEWS).unwrap();
    dir
}

fn copy(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap();
    for entry in fs::read_dir(from).unwrap().flatten() {
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy(&entry.path(), &target);
        } else {
            fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// Every output file containing `needle`, by path.
fn files_containing(root: &Path, needle: &str) -> Vec<String> {
    tree(&root.join("output"))
        .into_iter()
        // The editor's configuration is YAML that the editor reads as data and shows as
        // text: a tag offered there is a quoted string, not markup.
        .filter(|(p, _)| p != Path::new("admin/config.yml"))
        .filter(|(_, f)| String::from_utf8_lossy(&f.bytes).contains(needle))
        .map(|(p, _)| p.display().to_string())
        .collect()
}

fn build(root: &Path) {
    let run = gazette(root, &["build".as_ref(), "--no-git".as_ref()]);
    assert_eq!(run.code, 0, "{}", run.stderr);
}

#[test]
fn front_matter_never_reaches_a_page_unescaped() {
    let dir = hostile_site(true);
    build(dir.path());
    for raw in [
        "<script>alert('gz-title')",
        "<script>alert('gz-city')",
        "<script>alert('gz-summary')",
        "<script>alert('gz-tag')",
        "<script>alert('gz-news')",
        "<script>alert('gz-author')",
        "<img src=x onerror=alert('gz-source')",
        "<img src=x onerror=alert('gz-attr')",
    ] {
        let found = files_containing(dir.path(), raw);
        assert!(found.is_empty(), "{raw} reaches {found:?} unescaped");
    }
    // The values were shown, escaped: on the items' pages, lists, term pages and home.
    for page in [
        "institutions/hostile-lab/index.html",
        "news/2023/hostile-news/index.html",
        "tags/script-alert-gz-tag-script/index.html",
    ] {
        let html = fs::read_to_string(dir.path().join("output").join(page)).expect("the page exists");
        assert!(
            html.contains("&lt;script&gt;alert("),
            "{page} shows the text escaped"
        );
    }
}

#[test]
fn raw_html_in_bodies_passes_by_default() {
    let dir = hostile_site(true);
    build(dir.path());
    let found = files_containing(dir.path(), "<script>alert(1729)</script>");
    assert!(
        found.contains(&"news/2023/hostile-news/index.html".to_string()),
        "{found:?}"
    );
}

#[test]
fn raw_html_false_escapes_html_in_bodies_everywhere() {
    let dir = hostile_site(false);
    build(dir.path());
    let found = files_containing(dir.path(), "<script>alert(1729)");
    assert!(found.is_empty(), "raw HTML reaches {found:?}");
    let html = fs::read_to_string(dir.path().join("output/news/2023/hostile-news/index.html")).unwrap();
    assert!(html.contains("&lt;script&gt;alert("), "{html}");
}

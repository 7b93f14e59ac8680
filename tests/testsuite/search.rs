//! The search index: what is in it and what is left out, its filters and languages, when
//! it is made again, and sites without it. The search page in a browser is
//! scripts/search-browser/.

use std::collections::{BTreeMap, BTreeSet};
use std::io::Read;
use std::path::{Path, PathBuf};

use gazette::BuildOptions;
use gazette::render::search::{INDEX_DIR, MISSING_PAGE, Record, records};

use crate::support::{REPO, Site, build_example, tree};

/// The records of the example site, by URL.
fn example_records() -> BTreeMap<String, Record> {
    let options = BuildOptions {
        root: PathBuf::from(REPO),
        no_git: true,
        ..BuildOptions::default()
    };
    let rendered = gazette::render_site(&options).unwrap_or_else(|e| panic!("{:?}", e.diagnostics()));
    records(&rendered.lookup, &rendered.engine.strings)
        .into_iter()
        .map(|r| (r.url.clone(), r))
        .collect()
}

/// Each fragment of the index (one per page), as Pagefind wrote it: gzip around
/// `pagefind_dcd` and the page's JSON.
fn fragments(output: &Path) -> Vec<serde_json::Value> {
    let dir = output.join(INDEX_DIR).join("fragment");
    std::fs::read_dir(&dir)
        .expect("the index has fragments")
        .map(|entry| {
            let bytes = std::fs::read(entry.expect("an entry").path()).expect("read a fragment");
            let mut text = String::new();
            flate2::read::GzDecoder::new(bytes.as_slice())
                .read_to_string(&mut text)
                .expect("a fragment is gzipped text");
            let json = text.strip_prefix("pagefind_dcd").expect("Pagefind's signature");
            serde_json::from_str(json).expect("a fragment is JSON")
        })
        .collect()
}

#[test]
fn every_item_page_is_a_record_and_nothing_else_is() {
    let found = example_records();
    let urls: BTreeSet<&str> = found.keys().map(String::as_str).collect();
    for expected in [
        "/institutions/national-pediatric-clinical-research-center/",
        "/institutions/jinfeng-laboratory/",
        "/zh/institutions/jinfeng-laboratory/",
        "/news/2022/western-chongqing-science-city-builds-technology-innovation-center/",
        "/zh/news/2022/western-chongqing-science-city-builds-technology-innovation-center/",
        "/about/",
    ] {
        assert!(
            urls.contains(expected),
            "{expected} is not in the index: {urls:#?}"
        );
    }
    for url in &urls {
        let listed = [
            "/",
            "/zh/",
            "/news/",
            "/institutions/",
            "/tags/",
            "/search/",
            "/404.html",
        ];
        assert!(
            !listed.contains(url),
            "{url}, a list or a page of the site itself, is in the index"
        );
        assert!(!url.contains("/tags/"), "{url}, a term's page, is in the index");
        assert!(
            !url.starts_with("/news/2023/"),
            "{url}, a redirect, is in the index"
        );
    }
    // 11 institutions, 7 news items and the about page, in English and in Chinese.
    assert_eq!(found.len(), (11 + 7 + 1) * 2, "{urls:#?}");
}

#[test]
fn records_carry_filters_and_fields_in_their_language() {
    let found = example_records();
    let jinfeng = &found["/institutions/jinfeng-laboratory/"].html();
    for part in [
        r#"<html lang="en">"#,
        r#"data-pagefind-meta="title" data-pagefind-weight="7">Jinfeng Laboratory</h1>"#,
        r#"data-pagefind-filter="collection:Institutions""#,
        r#"data-pagefind-filter="kind:Laboratory""#,
        r#"data-pagefind-filter="tags:life science""#,
        r#"data-pagefind-meta="city:Chongqing""#,
    ] {
        assert!(jinfeng.contains(part), "no {part} in {jinfeng}");
    }
    let chinese = &found["/zh/institutions/jinfeng-laboratory/"].html();
    for part in [
        r#"<html lang="zh-Hans">"#,
        r#"data-pagefind-filter="collection:机构""#,
        r#"data-pagefind-filter="kind:实验室""#,
        r#"data-pagefind-filter="tags:生命科学""#,
        "脑科学与脑疾病",
    ] {
        assert!(chinese.contains(part), "no {part} in {chinese}");
    }
    let news =
        &found["/zh/news/2022/western-chongqing-science-city-builds-technology-innovation-center/"].html();
    for part in [
        r#"data-pagefind-filter="year:2022""#,
        r#"data-pagefind-sort="date:2022-03-06""#,
        r#"data-pagefind-meta="date:2022年3月6日""#,
    ] {
        assert!(news.contains(part), "no {part} in {news}");
    }
    // The about page belongs to no collection and has no date.
    let about = &found["/about/"].html();
    assert!(
        !about.contains("collection:") && !about.contains("year:"),
        "{about}"
    );
}

#[test]
fn the_build_writes_one_index_per_language_with_each_page_in_its_own() {
    let out = build_example();
    let entry: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(out.path().join(INDEX_DIR).join("pagefind-entry.json"))
            .expect("the entry file"),
    )
    .expect("the entry file is JSON");
    let languages = entry["languages"].as_object().expect("languages");
    let counts: BTreeMap<&str, u64> = languages
        .iter()
        .map(|(lang, index)| (lang.as_str(), index["page_count"].as_u64().expect("a page count")))
        .collect();
    assert_eq!(counts, BTreeMap::from([("en", 19), ("zh-hans", 19)]));
    for file in [
        "pagefind.js",
        "wasm.en.pagefind",
        "pagefind-ui.js",
        "pagefind-ui.css",
    ] {
        assert!(out.path().join(INDEX_DIR).join(file).is_file(), "no {file}");
    }
    assert!(!out.path().join(INDEX_DIR).join("playground").exists());

    let fragments = fragments(out.path());
    assert_eq!(fragments.len(), 38);
    let jinfeng = fragments
        .iter()
        .find(|f| f["url"] == "/zh/institutions/jinfeng-laboratory/")
        .expect("the Chinese Jinfeng page is indexed");
    assert_eq!(jinfeng["meta"]["title"], "金凤实验室");
    assert_eq!(jinfeng["filters"]["collection"], serde_json::json!(["机构"]));
    // Chinese is indexed as words, which Pagefind keeps apart with zero-width spaces.
    let content = jinfeng["content"].as_str().expect("its text");
    assert!(content.contains("脑\u{200B}疾病"), "not segmented: {content}");
    assert!(!content.contains(" #"), "a heading's link is indexed: {content}");
    // The search pages themselves are pages of the site, in each language.
    assert!(out.path().join("search/index.html").is_file());
    assert!(out.path().join("zh/search/index.html").is_file());
}

#[test]
fn a_build_with_no_indexed_change_keeps_the_index_and_an_edit_remakes_it() {
    let site = Site::new("good");
    site.build(&[]).expect(0);
    let index = |site: &Site| -> BTreeMap<PathBuf, Vec<u8>> {
        tree(&site.output_dir().join(INDEX_DIR))
            .into_iter()
            .map(|(path, file)| (path, file.bytes))
            .collect()
    };
    let modified = |site: &Site| -> Vec<std::time::SystemTime> {
        walk(&site.output_dir().join(INDEX_DIR))
            .iter()
            .map(|p| p.metadata().and_then(|m| m.modified()).expect("a time"))
            .collect()
    };
    let first = index(&site);
    assert!(first.len() > 5, "{:?}", first.keys());
    let times = modified(&site);

    // Nothing changed; then a template, which changes pages but no indexed text.
    site.build(&[]).expect(0);
    let template = site.read("themes/mini/templates/page.html");
    let changed = template.replace("{{ page.content }}", "{{ page.content }}\n<!-- a change -->");
    assert_ne!(changed, template);
    site.write("themes/mini/templates/page.html", changed);
    let run = site.build(&[]).expect(0);
    assert!(
        !run.stdout.contains(" 0 written"),
        "the template changed pages: {}",
        run.stdout
    );
    assert_eq!(modified(&site), times, "the index was written again");

    // An edit to an item's text changes the index.
    let about = site.read("content/about.md");
    site.write(
        "content/about.md",
        about.replace("---\n\n", "---\n\nA newly written sentence.\n\n"),
    );
    site.build(&[]).expect(0);
    let second = index(&site);
    assert_ne!(first, second, "the index did not follow the edit");
    let fresh = tempfile::tempdir().expect("a temporary folder");
    site.build(&["--output", fresh.path().to_str().expect("UTF-8")])
        .expect(0);
    let clean: BTreeMap<PathBuf, Vec<u8>> = tree(&fresh.path().join(INDEX_DIR))
        .into_iter()
        .map(|(p, f)| (p, f.bytes))
        .collect();
    assert_eq!(second, clean, "the remade index is not a clean build's");
}

/// Every file under `dir`, in a stable order.
fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = tree(dir).into_keys().map(|p| dir.join(p)).collect();
    files.sort();
    files
}

#[test]
fn search_false_leaves_out_the_index_the_pages_and_the_box() {
    let site = Site::new("good");
    let config = site.read("site.yaml");
    site.write("site.yaml", format!("{config}\nsearch: false\n"));
    site.build(&[]).expect(0);
    assert!(!site.has_output(INDEX_DIR));
    assert!(!site.has_output("search/index.html"));

    let out = tempfile::tempdir().expect("a temporary folder");
    let example = tempfile::tempdir().expect("a temporary folder");
    crate::support::copy_dir(
        Path::new(REPO).join("content").as_path(),
        &example.path().join("content"),
    );
    crate::support::copy_dir(
        Path::new(REPO).join("themes").as_path(),
        &example.path().join("themes"),
    );
    crate::support::copy_dir(
        Path::new(REPO).join("static").as_path(),
        &example.path().join("static"),
    );
    let config = std::fs::read_to_string(Path::new(REPO).join("site.yaml")).expect("the example's site.yaml");
    std::fs::write(
        example.path().join("site.yaml"),
        format!("{config}\nsearch: false\n"),
    )
    .expect("write site.yaml");
    crate::support::gazette(
        out.path(),
        &[
            "build".as_ref(),
            "--root".as_ref(),
            example.path().as_os_str(),
            "--output".as_ref(),
            out.path().as_os_str(),
        ],
    )
    .expect(0);
    let home = std::fs::read_to_string(out.path().join("index.html")).expect("the home page");
    assert!(!home.contains("site-search"), "the header still has a search box");
    assert!(!out.path().join(INDEX_DIR).exists());
}

#[test]
fn a_theme_without_a_search_page_warns_in_build_and_fails_check() {
    let site = Site::new("good");
    site.remove("themes/mini/templates/search.html");
    let run = site.build(&[]).expect(0);
    assert!(
        run.stderr.contains(&format!("warning: {MISSING_PAGE}")),
        "{}",
        run.stderr
    );
    assert!(
        site.has_output("pagefind/pagefind-entry.json"),
        "the index is still written"
    );
    let run = site.check(&[]).expect(1);
    assert!(
        run.stderr.contains(&format!("error: {MISSING_PAGE}")),
        "{}",
        run.stderr
    );
}

#[test]
fn under_a_sub_path_results_and_the_index_carry_the_base_path() {
    let options = BuildOptions {
        root: PathBuf::from(REPO),
        no_git: true,
        base_url: Some("https://example.org/portal/".into()),
        ..BuildOptions::default()
    };
    let rendered = gazette::render_site(&options).unwrap_or_else(|e| panic!("{:?}", e.diagnostics()));
    let found = records(&rendered.lookup, &rendered.engine.strings);
    assert!(!found.is_empty());
    for record in &found {
        assert!(record.url.starts_with("/portal/"), "{}", record.url);
    }
    let page = rendered
        .files
        .iter()
        .find(|f| f.path == Path::new("zh/search/index.html"))
        .expect("the Chinese search page");
    let html = String::from_utf8_lossy(&page.bytes);
    assert!(html.contains(r#"data-bundle="/portal/pagefind/""#), "{html}");
    assert!(html.contains(r#"src="/portal/js/search.js""#), "{html}");
}

//! What a file's place and name make of its item: a page bundle (`x/index.md` with its files
//! beside it), and a name that starts with a date.

use crate::support::Site;

const PHOTO: &[u8] = br##"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 8 6"><rect width="8" height="6" fill="#036"/></svg>"##;

/// The multilingual fixture with a news bundle in English and Chinese, and a photo.
fn with_bundle() -> Site {
    let site = Site::new("multilingual");
    site.write(
        "content/news/2023/boat-arrives/index.md",
        "---\ntitle: The boat arrives\ndate: 2023-05-02\n---\n\n![The boat at the quay](photo.svg)\n\nThe [charts](data/levels.csv) and [the lab](@/institutions/jinfeng-laboratory.md).\n",
    );
    site.write(
        "content/news/2023/boat-arrives/index.zh-Hans.md",
        "---\ntitle: 科考船抵达\n---\n\n![码头上的船](photo.svg)\n",
    );
    site.write("content/news/2023/boat-arrives/photo.svg", PHOTO);
    site.write(
        "content/news/2023/boat-arrives/data/levels.csv",
        "day,level\n1,2\n",
    );
    site
}

#[test]
fn a_folder_with_index_md_is_one_item_named_after_the_folder_with_its_files_beside_it() {
    let site = with_bundle();
    let run = site.build(&[]).expect(0);
    assert!(!run.stderr.contains("warning"), "{}", run.stderr);
    let page = site.output("news/2023/boat-arrives/index.html");
    assert!(
        page.contains(
            r#"<img src="/news/2023/boat-arrives/photo.svg" width="8" height="6" alt="The boat at the quay""#
        ),
        "{page}"
    );
    assert!(
        page.contains(r#"href="/news/2023/boat-arrives/data/levels.csv""#),
        "{page}"
    );
    let published = std::fs::read(site.output_dir().join("news/2023/boat-arrives/photo.svg")).unwrap();
    assert_eq!(published, PHOTO);
    assert!(
        site.output_dir()
            .join("news/2023/boat-arrives/data/levels.csv")
            .is_file()
    );
    // The translation shows the one published file, not a copy under /zh/.
    let zh = site.output("zh/news/2023/boat-arrives/index.html");
    assert!(
        zh.contains(r#"<img src="/news/2023/boat-arrives/photo.svg""#),
        "{zh}"
    );
    assert!(
        !site
            .output_dir()
            .join("zh/news/2023/boat-arrives/photo.svg")
            .exists()
    );
    // The list shows the summary with the same, working address.
    let list = site.output("news/index.html");
    assert!(!list.contains(r#"src="photo.svg""#), "{list}");
    site.check(&[]).expect(0);
}

#[test]
fn a_bundle_is_linked_by_its_index_file_and_a_missing_file_is_an_error_at_its_link() {
    let site = with_bundle();
    site.write(
        "content/about.md",
        "---\ntitle: About\n---\n\nSee [the boat](@/news/2023/boat-arrives/index.md).\n",
    );
    site.build(&[]).expect(0);
    assert!(
        site.output("about/index.html")
            .contains(r#"href="/news/2023/boat-arrives/""#)
    );
    site.write(
        "content/news/2023/boat-arrives/index.md",
        "---\ntitle: The boat arrives\ndate: 2023-05-02\n---\n\n![The boat](phot.png)\n",
    );
    let before = site.output_state();
    let run = site.build(&[]).expect(1);
    let stderr = run.diagnostics();
    assert!(
        stderr.contains("content/news/2023/boat-arrives/index.md:6:13"),
        "{stderr}"
    );
    assert!(
        stderr.contains("`phot.png` is not a file beside this page's index.md"),
        "{stderr}"
    );
    assert_eq!(
        site.output_state(),
        before,
        "a failed build leaves the output as it was"
    );
}

#[test]
fn a_file_in_content_that_no_page_publishes_is_a_warning_naming_it() {
    let site = Site::new("multilingual");
    site.write("content/news/notes.txt", "remember the boat\n");
    let run = site.build(&[]).expect(0);
    assert!(
        run.stderr.contains("warning: this file is published by no page")
            && run.stderr.contains("content/news/notes.txt"),
        "{}",
        run.stderr
    );
    assert!(!site.output_dir().join("news/notes.txt").exists());
}

#[test]
fn a_name_starting_with_a_date_dates_the_item_and_leaves_the_date_out_of_its_slug() {
    let site = Site::new("multilingual");
    site.write(
        "content/news/2023/2023-04-05-boat-trip.md",
        "---\ntitle: Boat trip\n---\n\nOn the river.\n",
    );
    site.write(
        "content/news/2023/2023-04-06_second-trip.md",
        "---\ntitle: Second trip\ndate: 2023-04-09\n---\n\nAgain.\n",
    );
    site.build(&[]).expect(0);
    let page = site.output("news/2023/boat-trip/index.html");
    assert!(page.contains("2023-04-05"), "the date from the name: {page}");
    // A date in the front matter wins; the name still gives the slug.
    assert!(
        site.output("news/2023/second-trip/index.html")
            .contains("2023-04-09")
    );
}

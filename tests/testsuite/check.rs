//! `gazette check`: everything a build checks plus every internal link, writing nothing.

use crate::support::Site;

#[test]
fn check_passes_on_good_site_and_writes_nothing() {
    let site = Site::new("good");
    let run = site.check(&[]).expect(0);
    assert!(run.stdout.starts_with("Checked 19 pages"), "{}", run.stdout);
    assert!(!site.output_dir().exists());
}

#[test]
fn check_reports_broken_template_link() {
    let site = Site::new("broken_template_link");
    // The build does not look at links written by templates; check does.
    site.build(&[]).expect(0);
    let run = site.check(&[]).expect(1);
    insta::assert_snapshot!("broken_template_link", run.diagnostics());
}

#[test]
fn check_fails_like_build_on_a_site_error() {
    let site = Site::new("missing_reference");
    let run = site.check(&[]).expect(1);
    assert!(
        run.stderr.contains("`jinfeng-labratory` names no item"),
        "{}",
        run.stderr
    );
}

#[test]
fn check_follows_links_under_the_base_path_of_site_yaml() {
    let site = Site::new("good");
    let config = std::fs::read_to_string(site.root().join("site.yaml")).expect("read site.yaml");
    site.write(
        "site.yaml",
        config.replace(
            "base_url: https://example.org/",
            "base_url: https://example.org/portal/",
        ),
    );
    site.check(&[]).expect(0);
    site.build(&[]).expect(0);
    assert!(site.output("index.html").contains(r#"href="/portal/news/""#));
}

//! `gazette build` on the good site: which pages exist, at which URLs, linked how.

use crate::support::{Site, links, urls};

const JINFENG: &str = "institutions/jinfeng-laboratory/index.html";

fn titles(html: &str, selector: &str) -> Vec<String> {
    links(html, selector).into_iter().map(|(text, _)| text).collect()
}

#[test]
fn good_site_builds_every_page_at_its_permalink() {
    let site = Site::new("good");
    let run = site.build(&[]).expect(0);
    assert!(
        run.stderr.is_empty(),
        "a clean site prints no diagnostics:\n{}",
        run.stderr
    );
    for page in [
        "index.html",
        "404.html",
        "about/index.html",
        "institutions/index.html",
        JINFENG,
        "institutions/chongqing-university/index.html",
        "institutions/chongqing-medical-university/index.html",
        "news/index.html",
        "news/page/2/index.html",
        "news/2023/lab-opens/index.html",
        "news/2023/three-projects/index.html",
        "news/2023/university-backs-lab/index.html",
        "news/2022/science-city-founded/index.html",
        "tags/index.html",
        "tags/brain-science/index.html",
        "tags/脑科学/index.html",
    ] {
        assert!(site.has_output(page), "missing output/{page}");
    }
    assert!(!site.has_output("news/page/3/index.html"));
}

#[test]
fn build_reports_what_it_did_on_stdout_unless_quiet() {
    let site = Site::new("good");
    let run = site.build(&[]).expect(0);
    assert!(
        run.stdout.contains("(institutions: 3, news: 4)"),
        "{}",
        run.stdout
    );
    let quiet = site.build(&["--quiet"]).expect(0);
    assert_eq!(quiet.stdout, "");
}

#[test]
fn institution_page_lists_exactly_the_news_that_reference_it_newest_first() {
    let site = Site::new("good");
    site.build(&[]).expect(0);
    assert_eq!(
        titles(&site.output(JINFENG), "ol.backlinks a"),
        [
            "Three projects speed up",         // 2023-05-01
            "Jinfeng Laboratory opens",        // 2023-03-06
            "University backs the laboratory", // 2023-02-10
        ]
    );
    assert_eq!(
        titles(
            &site.output("institutions/chongqing-university/index.html"),
            "ol.backlinks a"
        ),
        ["Science city founded"]
    );
}

#[test]
fn news_page_links_its_institutions_and_tags() {
    let site = Site::new("good");
    site.build(&[]).expect(0);
    let html = site.output("news/2023/lab-opens/index.html");
    assert_eq!(
        links(&html, "ul.refs a"),
        [
            (
                "Jinfeng Laboratory".into(),
                "/institutions/jinfeng-laboratory/".into()
            ),
            (
                "Chongqing Medical University".into(),
                "/institutions/chongqing-medical-university/".into()
            ),
        ]
    );
    assert_eq!(
        links(&html, "ul.tags a"),
        [
            ("brain science".into(), "/tags/brain-science/".into()),
            ("脑科学".into(), "/tags/%E8%84%91%E7%A7%91%E5%AD%A6/".into()),
        ]
    );
    insta::assert_snapshot!("news_page", html);
}

#[test]
fn at_link_becomes_the_targets_url_with_its_anchor() {
    let site = Site::new("good");
    site.build(&[]).expect(0);
    let html = site.output("news/2023/lab-opens/index.html");
    assert_eq!(
        links(&html, "main p a"),
        [(
            "Jinfeng Laboratory".into(),
            "/institutions/jinfeng-laboratory/#research".into()
        )]
    );
    assert!(site.output(JINFENG).contains(r#"<h2 id="research">"#));
}

#[test]
fn news_list_is_paginated_newest_first() {
    let site = Site::new("good");
    site.build(&[]).expect(0);
    let first = site.output("news/index.html");
    assert_eq!(
        titles(&first, "ul.items a"),
        ["Three projects speed up", "Jinfeng Laboratory opens"]
    );
    assert_eq!(links(&first, "a[rel=next]")[0].1, "/news/page/2/");
    let second = site.output("news/page/2/index.html");
    assert_eq!(
        titles(&second, "ul.items a"),
        ["University backs the laboratory", "Science city founded"]
    );
    assert_eq!(links(&second, "a[rel=prev]")[0].1, "/news/");
}

#[test]
fn chinese_tag_gets_a_page_under_its_own_name() {
    let site = Site::new("good");
    site.build(&[]).expect(0);
    assert_eq!(
        titles(&site.output("tags/脑科学/index.html"), "ul.items a"),
        ["Three projects speed up", "Jinfeng Laboratory opens"]
    );
    assert!(
        links(&site.output("tags/index.html"), "ul.terms a")
            .contains(&("脑科学".into(), "/tags/%E8%84%91%E7%A7%91%E5%AD%A6/".into()))
    );
}

#[test]
fn draft_is_left_out_unless_drafts_are_asked_for() {
    let site = Site::new("good");
    let run = site.build(&[]).expect(0);
    assert!(
        run.stdout.contains("Held back 1 draft (use --drafts)."),
        "{}",
        run.stdout
    );
    assert!(!site.has_output("news/2023/secret-plan/index.html"));
    assert!(!titles(&site.output(JINFENG), "ol.backlinks a").contains(&"A secret plan".to_string()));

    site.build(&["--drafts"]).expect(0);
    assert!(site.has_output("news/2023/secret-plan/index.html"));
    assert_eq!(
        titles(&site.output(JINFENG), "ol.backlinks a")[0],
        "A secret plan"
    );
}

#[test]
fn base_url_with_a_path_prefixes_every_link() {
    let site = Site::new("good");
    site.build(&["--base-url", "https://example.org/portal/"])
        .expect(0);
    let mut checked = 0;
    for (path, file) in site.output_state() {
        if path.starts_with("pagefind") {
            continue;
        }
        let html = String::from_utf8(file.bytes).expect("pages are UTF-8");
        for url in urls(&html) {
            if url.starts_with('#') || url.starts_with("https://") {
                continue;
            }
            assert!(url.starts_with("/portal/"), "{}: {url}", path.display());
            checked += 1;
        }
    }
    assert!(checked > 50, "only {checked} links checked");
    // Links written in Markdown get the base path too.
    assert!(
        site.output("index.html")
            .contains(r#"href="/portal/institutions/""#)
    );
}

#[test]
fn two_spellings_of_a_term_warn_and_share_one_page() {
    let site = Site::new("duplicate_term_spelling");
    let run = site.build(&[]).expect(0);
    insta::assert_snapshot!("duplicate_term_spelling", run.diagnostics());
    assert_eq!(
        titles(&site.output("tags/brain-science/index.html"), "ul.items a"),
        ["Second", "First"]
    );
    assert_eq!(
        titles(&site.output("tags/index.html"), "ul.terms a"),
        ["Brain science"]
    );
}

#[test]
fn bom_and_crlf_files_load() {
    let site = Site::new("good");
    site.write(
        "content/news/2023/windows.md",
        "\u{feff}---\r\ntitle: Written on Windows\r\ndate: 2023-04-01\r\ntags: [talent]\r\n---\r\n\r\n## Saved with CRLF\r\n\r\nBody.\r\n",
    );
    site.build(&[]).expect(0);
    let html = site.output("news/2023/windows/index.html");
    assert!(html.contains("<h1>Written on Windows</h1>"), "{html}");
    assert!(html.contains(r#"<h2 id="saved-with-crlf">"#), "{html}");
    assert!(
        titles(&site.output("tags/talent/index.html"), "ul.items a").contains(&"Written on Windows".into())
    );
}

#[cfg(unix)]
#[test]
fn symlink_in_content_is_skipped_with_warning() {
    let site = Site::new("good");
    std::os::unix::fs::symlink(
        site.root().join("content/about.md"),
        site.root().join("content/news/2023/linked.md"),
    )
    .expect("create a symbolic link");
    let run = site.build(&[]).expect(0);
    insta::assert_snapshot!("symlink_in_content", run.diagnostics());
    assert!(!site.has_output("news/2023/linked/index.html"));
    assert!(!site.has_output("news/linked/index.html"));
}

/// A news item with a Chinese slug and heading, and an item linking to both.
fn site_with_unicode_links(anchor: &str) -> Site {
    let site = Site::new("good");
    site.write(
        "content/news/2023/brain.md",
        "---\ntitle: Brain\nslug: 脑科学新闻\ndate: 2023-07-01\n---\n\n## 脑科学\n\nSee [above](#脑科学).\n",
    );
    site.write(
        "content/news/2023/link.md",
        format!("---\ntitle: Link\ndate: 2023-07-02\n---\n\n[brain](@/news/2023/brain.md#{anchor})\n"),
    );
    site
}

#[test]
fn unicode_slug_and_heading_links_resolve_and_check_clean() {
    let site = site_with_unicode_links("脑科学");
    site.build(&[]).expect(0);
    assert!(site.has_output("news/2023/脑科学新闻/index.html"));
    let html = site.output("news/2023/link/index.html");
    assert_eq!(
        links(&html, "main p a")[0].1,
        "/news/2023/%E8%84%91%E7%A7%91%E5%AD%A6%E6%96%B0%E9%97%BB/#%E8%84%91%E7%A7%91%E5%AD%A6"
    );
    site.check(&[]).expect(0);
}

#[test]
fn percent_encoded_anchor_to_a_unicode_heading_is_accepted() {
    let site = site_with_unicode_links("%E8%84%91%E7%A7%91%E5%AD%A6");
    site.build(&[]).expect(0);
    site.check(&[]).expect(0);
}

#[test]
fn template_functions_reach_items_collections_terms_and_urls() {
    let site = Site::new("good");
    // The site's own templates/ overrides the theme's index.html.
    site.write(
        "templates/index.html",
        concat!(
            "{% set lab = get_item(collection=\"institutions\", slug=\"jinfeng-laboratory\") %}",
            "item:{{ lab.title }}|{{ lab.url }}|{{ lab.fields.kind }}\n",
            "news:{% for n in get_collection(name=\"news\", limit=2) %}{{ n.date }};{% endfor %}\n",
            "terms:{% for t in get_terms(taxonomy=\"tags\", limit=1) %}{{ t.name }}={{ t.count }}{% endfor %}\n",
            "url:{{ url_for(path=\"/css/x.css\") }}|{{ url_for(path=\"@/about.md\") }}\n",
        ),
    );
    site.build(&["--base-url", "https://example.org/portal/"])
        .expect(0);
    let home = site.output("index.html");
    assert!(
        home.contains("item:Jinfeng Laboratory|/portal/institutions/jinfeng-laboratory/|laboratory"),
        "{home}"
    );
    assert!(home.contains("news:2023-"), "newest news first: {home}");
    assert!(home.contains("url:/portal/css/x.css|/portal/about/"), "{home}");
    let terms = home
        .lines()
        .find(|l| l.starts_with("terms:"))
        .expect("a terms line");
    assert!(terms.contains('='), "the most used term with its count: {terms}");
}

#[test]
fn a_static_robots_txt_replaces_the_generated_one() {
    let site = Site::new("good");
    site.write("static/robots.txt", "User-agent: *\nDisallow: /drafts/\n");
    site.build(&[]).expect(0);
    assert_eq!(site.output("robots.txt"), "User-agent: *\nDisallow: /drafts/\n");
    assert!(site.output("sitemap.xml").contains("<urlset"));
}

//! Publishing: drafts and items dated in the future held back everywhere at once (with the
//! references to them dropped, not reported), and redirect pages from `aliases`.

use crate::support::{Site, links};

const BRAIN_LAB: &str = "institutions/brain-lab/index.html";

/// Every `<loc>` of the sitemap, and every entry `<id>` of a feed.
fn xml_texts(xml: &str, element: &str) -> Vec<String> {
    let doc = roxmltree::Document::parse(xml).expect("valid XML");
    doc.descendants()
        .filter(|n| {
            n.tag_name().name() == element && n.parent().is_some_and(|p| p.tag_name().name() != "feed")
        })
        .filter_map(|n| n.text().map(str::to_string))
        .collect()
}

fn titles(html: &str, selector: &str) -> Vec<String> {
    links(html, selector).into_iter().map(|(text, _)| text).collect()
}

#[test]
fn held_back_items_are_left_out_of_pages_lists_feeds_and_the_sitemap() {
    let site = Site::new("publishing");
    let run = site.build(&[]).expect(0);
    assert!(
        run.stdout
            .contains("Held back 2 drafts (use --drafts) and 2 items dated in the future (use --future)."),
        "{}",
        run.stdout
    );
    // A reference to a draft or a future item is dropped, not an error.
    assert!(run.diagnostics().is_empty(), "{}", run.stderr);
    assert_eq!(
        titles(&site.output("news/2023/lab-opens/index.html"), "ul.refs a"),
        ["Brain Lab", "City University"]
    );

    for held in [
        "news/2999/far-future/index.html",
        "news/2023/draft-story/index.html",
        "institutions/secret-lab/index.html",
        "institutions/future-lab/index.html",
        "tags/space/index.html",
        "tags/drafts-only/index.html",
    ] {
        assert!(!site.has_output(held), "{held} was written");
    }
    assert_eq!(
        titles(&site.output(BRAIN_LAB), "ol.backlinks a"),
        ["Brain Lab opens"]
    );
    assert_eq!(
        titles(&site.output("news/index.html"), "ul.items a"),
        ["Brain Lab opens"]
    );
    assert_eq!(
        titles(&site.output("institutions/index.html"), "ul.items a"),
        ["Brain Lab", "City University", "Science Museum"]
    );
    assert_eq!(
        titles(&site.output("tags/brain-science/index.html"), "ul.items a"),
        ["Brain Lab opens"]
    );
    for feed in ["atom.xml", "news/atom.xml", "tags/brain-science/atom.xml"] {
        let ids = xml_texts(&site.output(feed), "id");
        assert_eq!(
            ids.iter().filter(|id| id.contains("/news/")).collect::<Vec<_>>(),
            ["https://example.org/news/2023/lab-opens/"],
            "{feed}"
        );
    }
    let sitemap = xml_texts(&site.output("sitemap.xml"), "loc");
    for held in [
        "far-future",
        "draft-story",
        "secret-lab",
        "future-lab",
        "space",
        "drafts-only",
    ] {
        assert!(
            !sitemap.iter().any(|loc| loc.contains(held)),
            "{held} in {sitemap:?}"
        );
    }
}

#[test]
fn future_and_drafts_flags_publish_what_was_held_back() {
    let site = Site::new("publishing");
    let run = site.build(&["--future"]).expect(0);
    assert!(
        run.stdout.contains("Held back 2 drafts (use --drafts).\n"),
        "{}",
        run.stdout
    );
    assert!(site.has_output("news/2999/far-future/index.html"));
    assert!(site.has_output("tags/space/index.html"));
    assert_eq!(
        titles(&site.output(BRAIN_LAB), "ol.backlinks a"),
        ["News from the far future", "Brain Lab opens"]
    );
    assert_eq!(
        titles(&site.output("news/2023/lab-opens/index.html"), "ul.refs a"),
        ["Brain Lab", "Future Lab", "City University"]
    );
    let feed = xml_texts(&site.output("news/atom.xml"), "id");
    assert!(
        feed.contains(&"https://example.org/news/2999/far-future/".to_string()),
        "{feed:?}"
    );
    let sitemap = xml_texts(&site.output("sitemap.xml"), "loc");
    assert!(sitemap.contains(&"https://example.org/news/2999/far-future/".to_string()));

    let run = site.build(&["--future", "--drafts"]).expect(0);
    assert!(!run.stdout.contains("Held back"), "{}", run.stdout);
    assert!(site.has_output("news/2023/draft-story/index.html"));
    assert!(site.has_output("institutions/secret-lab/index.html"));
}

#[test]
fn a_link_to_a_held_back_item_keeps_its_text_without_the_link_and_warns() {
    let site = Site::new("publishing");
    site.write(
        "content/news/2023/lab-opens.md",
        "---\ntitle: Brain Lab opens\ndate: 2023-03-06\n---\n\nThe lab opened. Read \
         [the draft](@/news/2023/draft-story.md) and [the future](@/news/2999/far-future.md).\n",
    );
    let page = "news/2023/lab-opens/index.html";
    let run = site.build(&[]).expect(0);
    let stderr = run.diagnostics();
    assert!(
        stderr.contains("warning: the link target `@/news/2023/draft-story.md` is a draft"),
        "{stderr}"
    );
    assert!(
        stderr.contains("--> content/news/2023/lab-opens.md:6:34"),
        "{stderr}"
    );
    assert!(
        stderr.contains("`@/news/2999/far-future.md` is dated after today"),
        "{stderr}"
    );
    let html = site.output(page);
    assert!(html.contains("Read the draft and the future."), "{html}");
    assert!(
        links(&html, "main a")
            .iter()
            .all(|(_, href)| !href.contains("draft-story"))
    );

    let run = site.build(&["--drafts", "--future"]).expect(0);
    assert!(run.diagnostics().is_empty(), "{}", run.stderr);
    assert_eq!(
        links(&site.output(page), "main p a"),
        [
            ("the draft".to_string(), "/news/2023/draft-story/".to_string()),
            ("the future".to_string(), "/news/2999/far-future/".to_string())
        ]
    );
}

#[test]
fn an_alias_writes_a_redirect_page_under_the_base_path() {
    let site = Site::new("publishing");
    site.build(&["--base-url", "https://example.org/portal/"])
        .expect(0);
    for (alias, target) in [
        ("labs/brain/index.html", "/portal/institutions/brain-lab/"),
        ("old-brain-lab.html", "/portal/institutions/brain-lab/"),
        ("about-us/index.html", "/portal/about/"),
    ] {
        let html = site.output(alias);
        let doc = scraper::Html::parse_document(&html);
        let attr = |selector: &str, name: &str| {
            let selector = scraper::Selector::parse(selector).expect("a valid selector");
            doc.select(&selector)
                .next()
                .and_then(|e| e.value().attr(name))
                .unwrap_or_else(|| panic!("no {selector:?} in {alias}"))
                .to_string()
        };
        assert_eq!(
            attr("meta[http-equiv=refresh]", "content"),
            format!("0; url={target}")
        );
        assert_eq!(
            attr("link[rel=canonical]", "href"),
            format!("https://example.org{target}")
        );
        assert_eq!(attr("meta[name=robots]", "content"), "noindex");
        assert_eq!(attr("body a", "href"), target);
    }
    // Redirects are not pages of their own: the sitemap leaves them out.
    let sitemap = xml_texts(&site.output("sitemap.xml"), "loc");
    assert!(
        !sitemap.iter().any(|loc| loc.contains("labs/brain")),
        "{sitemap:?}"
    );
    // And `gazette check` follows their links.
    site.check(&[]).expect(0);
}

#[test]
fn an_alias_over_a_page_or_another_alias_or_outside_the_site_is_an_error_at_its_line() {
    let site = Site::new("bad_alias");
    let run = site.build(&[]).expect(1);
    let stderr = run.diagnostics();
    assert!(stderr.contains("--> content/news/first.md:5:5"), "{stderr}");
    insta::assert_snapshot!("bad_alias", stderr);
    assert!(!site.output_dir().exists(), "a failed build writes nothing");
}

#[test]
fn every_feed_written_has_an_entry_and_every_term_page_links_its_own() {
    let out = crate::support::build_example();
    let mut feeds = 0;
    for entry in walkdir::WalkDir::new(out.path()) {
        let entry = entry.unwrap();
        if entry.file_name() != "atom.xml" {
            continue;
        }
        feeds += 1;
        let xml = std::fs::read_to_string(entry.path()).unwrap();
        assert!(xml.contains("<entry"), "{} has no entry", entry.path().display());
        assert!(
            !xml.contains("1970-01-01"),
            "{} is dated 1970",
            entry.path().display()
        );
    }
    assert!(feeds >= 10, "only {feeds} feeds");
    // A tag of institutions only (no dates) has a page but no feed, and links none.
    let tags = out.path().join("tags");
    let mut with_feed = 0;
    for term in std::fs::read_dir(&tags).unwrap() {
        let term = term.unwrap().path();
        let Ok(page) = std::fs::read_to_string(term.join("index.html")) else {
            continue;
        };
        let feed = term.join("atom.xml");
        let own = format!("/tags/{}/atom.xml\"", term.file_name().unwrap().to_string_lossy());
        assert_eq!(page.contains(&own), feed.is_file(), "{}", term.display());
        with_feed += usize::from(feed.is_file());
    }
    assert!(with_feed > 0, "no term page has a feed");
}

#[test]
fn the_logo_gives_every_page_its_favicons_and_the_publisher_its_logo() {
    let out = crate::support::build_example();
    let png_side = |name: &str| {
        let bytes = std::fs::read(out.path().join(name)).unwrap();
        assert!(bytes.starts_with(b"\x89PNG"), "{name} is a PNG");
        u32::from_be_bytes(bytes[16..20].try_into().unwrap())
    };
    assert_eq!(png_side("favicon-32x32.png"), 32);
    assert_eq!(png_side("apple-touch-icon.png"), 180);
    let ico = std::fs::read(out.path().join("favicon.ico")).unwrap();
    assert_eq!(&ico[..4], b"\0\0\x01\0", "an ICO header");
    assert_eq!(u16::from_le_bytes([ico[4], ico[5]]), 3, "16, 32 and 48 px");
    for page in ["index.html", "zh/news/index.html", "404.html"] {
        let html = std::fs::read_to_string(out.path().join(page)).unwrap();
        for link in [
            r#"<link rel="icon" href="/images/logo.svg" type="image/svg+xml""#,
            r#"<link rel="icon" href="/favicon.ico""#,
            r#"<link rel="apple-touch-icon" href="/apple-touch-icon.png""#,
        ] {
            assert!(html.contains(link), "no {link} in {page}");
        }
    }
    let news = std::fs::read_to_string(
        out.path()
            .join("news/2022/jinfeng-laboratory-focuses-on-life-science/index.html"),
    )
    .unwrap();
    assert!(
        news.contains(
            r#""logo": {"@type": "ImageObject", "url": "https://science-city.example.org/images/logo.svg"}"#
        ),
        "{news}"
    );
}

#[test]
fn a_logo_that_cannot_make_favicons_is_one_error_naming_it_and_a_sites_own_favicon_wins() {
    let site = Site::new("good");
    let config = site
        .read("site.yaml")
        .replacen("title: Good Site", "title: Good Site\nlogo: /logo.svg", 1);
    site.write("site.yaml", &config);
    let run = site.build(&[]).expect(1);
    assert!(
        run.stderr
            .contains("the logo /logo.svg is not a static file of the site"),
        "{}",
        run.stderr
    );
    site.write("static/logo.svg", "<svg this is not");
    let run = site.build(&[]).expect(1);
    assert!(
        run.stderr.contains("static/logo.svg")
            && run.stderr.contains("cannot make the favicons from the logo"),
        "{}",
        run.stderr
    );
    assert_eq!(
        run.stderr.matches("error:").count(),
        2,
        "one error and the count: {}",
        run.stderr
    );
    // A PNG whose header claims 50,000 × 50,000 pixels is refused before it is decoded.
    let mut bomb = b"\x89PNG\r\n\x1a\n\0\0\0\x0dIHDR".to_vec();
    bomb.extend(50_000u32.to_be_bytes());
    bomb.extend(50_000u32.to_be_bytes());
    bomb.extend([8, 6, 0, 0, 0]);
    site.write("site.yaml", config.replace("/logo.svg", "/logo.png"));
    site.write("static/logo.png", &bomb);
    let run = site.build(&[]).expect(1);
    assert!(run.stderr.contains("50000 × 50000 pixels"), "{}", run.stderr);
    site.write("site.yaml", config.replace("/logo.svg", "logo.gif"));
    let run = site.build(&[]).expect(1);
    assert!(
        run.stderr.contains("is not the path of an SVG or PNG file"),
        "{}",
        run.stderr
    );
    // A good logo, and the site's own favicon.ico, which the made one gives way to.
    site.write("site.yaml", &config);
    site.write(
        "static/logo.svg",
        r##"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 8 8"><rect width="8" height="8" fill="#036"/></svg>"##,
    );
    site.write("static/favicon.ico", "the site's own");
    site.build(&[]).expect(0);
    assert_eq!(site.output("favicon.ico"), "the site's own");
    assert!(site.output_dir().join("apple-touch-icon.png").is_file());
}

#[test]
fn an_alias_is_a_page_a_browser_opens_and_may_be_written_from_the_sites_root() {
    let site = Site::new("publishing");
    let lab = "content/institutions/brain-lab.md";
    site.write(
        lab,
        site.read(lab).replacen(
            "  - /old-brain-lab.html\n",
            "  - /old-brain-lab.html\n  - /releases/1.88.0\n  - /OLD/Brain.HTM\n  - labs/cerveau/\n",
            1,
        ),
    );
    site.build(&[]).expect(0);
    // An alias with a dot but no HTML extension is a folder's page, never a download.
    assert!(
        site.output("releases/1.88.0/index.html")
            .contains("url=/institutions/brain-lab/")
    );
    assert!(!site.output_dir().join("releases/1.88.0").is_file());
    assert!(
        site.output("OLD/Brain.HTM")
            .contains("url=/institutions/brain-lab/")
    );
    // Zola writes aliases from the site's root without the first slash.
    assert!(
        site.output("labs/cerveau/index.html")
            .contains("url=/institutions/brain-lab/")
    );
    site.check(&[]).expect(0);
}

//! What a site moved from Zola, Hugo or Jekyll keeps: its TOML front matter, its slugs as
//! written, items sharing a slug at different URLs, and pages at the site's root.

use crate::support::Site;

/// The good fixture with `extra` appended to its `site.yaml`.
fn good_with(extra: &str) -> Site {
    let site = Site::new("good");
    let config = site.read("site.yaml");
    site.write("site.yaml", format!("{config}\n{extra}"));
    site
}

#[test]
fn toml_front_matter_between_plus_lines_is_read_and_checked_as_yaml_is() {
    let site = Site::new("good");
    site.write(
        "content/news/2023/from-zola.md",
        "+++\ntitle = \"From Zola\"\ndate = 2023-04-01\ninstitutions = [\"jinfeng-laboratory\"]\ntags = [\"brain science\"]\n+++\n\nWritten for Zola.\n",
    );
    site.build(&[]).expect(0);
    let page = site.output("news/2023/from-zola/index.html");
    assert!(page.contains("From Zola"), "{page}");
    assert!(page.contains("Written for Zola."), "{page}");
    assert!(
        site.output("institutions/jinfeng-laboratory/index.html")
            .contains("From Zola"),
        "the TOML item's reference makes a backlink"
    );

    // Its keys are checked against the schema, at their line and column.
    site.write(
        "content/news/2023/from-zola.md",
        "+++\ntitle = \"From Zola\"\ndate = 2023-04-01\ninstitutions = [\"jinfeng-lab\"]\n+++\n",
    );
    let run = site.build(&[]).expect(1);
    assert!(
        run.stderr.contains("content/news/2023/from-zola.md:4:17"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("`jinfeng-lab` names no item"),
        "{}",
        run.stderr
    );
}

#[test]
fn toml_that_does_not_parse_is_an_error_at_its_line_with_the_way_out() {
    let site = Site::new("good");
    site.write(
        "content/news/2023/from-zola.md",
        "+++\ntitle = \"From Zola\"\ndate = \n+++\n",
    );
    let run = site.build(&[]).expect(1);
    let out = run.diagnostics();
    assert!(out.contains("the TOML front matter does not parse"), "{out}");
    assert!(out.contains("content/news/2023/from-zola.md:3:"), "{out}");
    assert!(
        out.contains("write the front matter as YAML between `---` lines"),
        "{out}"
    );
}

#[test]
fn a_written_slug_is_kept_as_written_unless_the_site_asks_for_slugs() {
    let slug = "---\ntitle: Release\ndate: 2023-05-01\nslug: Rust-1.88.0\n---\n";
    let site = Site::new("good");
    site.write("content/news/2023/release.md", slug);
    site.build(&[]).expect(0);
    assert!(site.has_output("news/2023/Rust-1.88.0/index.html"));

    let site = good_with("slugify: true\n");
    site.write("content/news/2023/release.md", slug);
    site.build(&[]).expect(0);
    assert!(site.has_output("news/2023/rust-1-88-0/index.html"));
}

#[test]
fn a_written_slug_that_is_a_path_is_refused_at_its_line() {
    let site = Site::new("good");
    site.write(
        "content/news/2023/release.md",
        "---\ntitle: Release\ndate: 2023-05-01\nslug: ../../etc\n---\n",
    );
    let run = site.build(&[]).expect(1);
    assert!(
        run.stderr.contains("content/news/2023/release.md:4:7"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("may not hold `/`"), "{}", run.stderr);
}

#[test]
fn items_may_share_a_slug_at_different_urls_but_a_reference_by_it_is_ambiguous() {
    let site = Site::new("good");
    site.write(
        "content/news/2022/annual-report.md",
        "---\ntitle: Report 2022\ndate: 2022-12-01\n---\n",
    );
    site.write(
        "content/news/2023/annual-report.md",
        "---\ntitle: Report 2023\ndate: 2023-12-01\n---\n",
    );
    site.build(&[]).expect(0);
    assert!(
        site.output("news/2022/annual-report/index.html")
            .contains("Report 2022")
    );
    assert!(
        site.output("news/2023/annual-report/index.html")
            .contains("Report 2023")
    );

    // At one URL, they are a duplicate permalink.
    site.write(
        "content/news/2023/annual-report-again.md",
        "---\ntitle: Again\ndate: 2023-11-01\nslug: annual-report\n---\n",
    );
    let run = site.build(&[]).expect(1);
    assert!(
        run.stderr
            .contains("duplicate permalink /news/2023/annual-report/"),
        "{}",
        run.stderr
    );
    site.remove("content/news/2023/annual-report-again.md");

    // A reference field names items by slug, so one naming both is an error naming them.
    let config = site.read("site.yaml");
    site.write(
        "site.yaml",
        config.replace(
            "      founded: { type: integer }",
            "      founded: { type: integer }\n      report: { type: reference, collection: news }",
        ),
    );
    let lab = site.read("content/institutions/jinfeng-laboratory.md");
    site.write(
        "content/institutions/jinfeng-laboratory.md",
        lab.replacen("---\n", "---\nreport: annual-report\n", 1),
    );
    let run = site.build(&[]).expect(1);
    let out = run.diagnostics();
    assert!(
        out.contains("`annual-report` names 2 items of collection `news`"),
        "{out}"
    );
    assert!(out.contains("content/news/2022/annual-report.md"), "{out}");
    assert!(out.contains("content/news/2023/annual-report.md"), "{out}");
    assert!(
        out.contains("content/institutions/jinfeng-laboratory.md:2:9"),
        "{out}"
    );
}

#[test]
fn a_collection_at_the_root_holds_the_files_of_content_and_lists_on_no_page_of_its_own() {
    let site = good_with(
        "  pages:\n    folder: .\n    permalink: /{slug}/\n    sort: title\n    fields:\n      lead: { type: string, required: true }\n",
    );
    // `collections:` is not the last key of the fixture's site.yaml: move the new one there.
    let config = site.read("site.yaml");
    let (head, root) = config.split_once("\n  pages:").unwrap();
    site.write(
        "site.yaml",
        head.replacen("collections:\n", &format!("collections:\n  pages:{root}"), 1),
    );
    site.write(
        "content/about.md",
        "---\ntitle: About\nlead: Who we are.\n---\n\nA test site.\n",
    );
    site.write(
        "content/help/contact.md",
        "---\ntitle: Contact\n---\n\nWrite to us.\n",
    );
    site.build(&[]).expect(0);
    assert!(site.output("about/index.html").contains("A test site."));
    // The home page is the home page, not the collection's list.
    assert!(site.output("index.html").contains("This site gathers"));
    // A file in a folder of no collection stays a plain page at its path.
    assert!(site.output("help/contact/index.html").contains("Write to us."));
    // The collection's schema applies to the files of content/ itself.
    site.write("content/about.md", "---\ntitle: About\n---\n");
    let run = site.build(&[]).expect(1);
    assert!(run.stderr.contains("content/about.md"), "{}", run.stderr);
    assert!(run.stderr.contains("`lead`"), "{}", run.stderr);
}

/// A news item linking to the laboratory's anchors, and the laboratory with a heading and
/// raw HTML anchors.
fn with_anchors(site: &Site, links: &str) {
    site.write(
        "content/institutions/jinfeng-laboratory.md",
        "---\ntitle: Jinfeng Laboratory\nkind: laboratory\n---\n\n## Research\n\n## Research_areas 🚀\n\n<a id=\"history\"></a>Founded in 2020. <a name=\"people\"></a>\n",
    );
    site.write(
        "content/news/2023/anchors.md",
        format!("---\ntitle: Anchors\ndate: 2023-06-01\n---\n\n{links}\n"),
    );
}

#[test]
fn ids_and_names_in_raw_html_are_anchors_links_may_point_at() {
    let site = Site::new("good");
    with_anchors(
        &site,
        "[a](@/institutions/jinfeng-laboratory.md#history) [b](@/institutions/jinfeng-laboratory.md#people)",
    );
    site.build(&[]).expect(0);
    site.check(&[]).expect(0);
}

#[test]
fn heading_ids_follow_the_scheme_of_the_site_the_links_were_written_for() {
    let link = "[a](@/institutions/jinfeng-laboratory.md#research_areas-)";
    let site = Site::new("good");
    with_anchors(&site, link);
    let run = site.build(&[]).expect(1);
    assert!(
        run.stderr.contains("did you mean `#research_areas`?"),
        "{}",
        run.stderr
    );

    let site = good_with("markdown:\n  heading_ids: github\n");
    with_anchors(&site, link);
    site.build(&[]).expect(0);
    let page = site.output("institutions/jinfeng-laboratory/index.html");
    assert!(page.contains(r#"<h2 id="research_areas-">"#), "{page}");

    let site = good_with("markdown:\n  heading_ids: zola\n");
    with_anchors(
        &site,
        "[a](@/institutions/jinfeng-laboratory.md#research-areas-rocket)",
    );
    site.build(&[]).expect(0);
}

#[test]
fn a_reference_links_problem_points_at_its_definition() {
    let site = Site::new("good");
    site.write(
        "content/news/2023/refs.md",
        "---\ntitle: Refs\ndate: 2023-06-01\n---\n\nSee [the lab][lab].\n\n[lab]: @/institutions/jinfeng-lab.md\n",
    );
    let run = site.build(&[]).expect(1);
    assert!(
        run.stderr.contains("content/news/2023/refs.md:8:8"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains(" 8 | [lab]: @/institutions/jinfeng-lab.md"),
        "{}",
        run.stderr
    );
}

#[test]
fn links_warn_reports_broken_links_and_writes_the_site() {
    let broken = "[gone](@/institutions/gone.md) and [nowhere](/nowhere/)";
    for (extra, args) in [("links: warn\n", &[][..]), ("", &["--links", "warn"][..])] {
        let site = good_with(extra);
        site.write(
            "content/news/2023/broken.md",
            format!("---\ntitle: Broken\ndate: 2023-06-01\n---\n\n{broken}\n"),
        );
        let run = site.build(args).expect(0);
        assert!(
            run.stderr
                .contains("warning: the link target `@/institutions/gone.md`"),
            "{}",
            run.stderr
        );
        assert!(
            run.stderr.contains("warning: the link target `/nowhere/`"),
            "{}",
            run.stderr
        );
        assert!(site.has_output("news/2023/broken/index.html"));
        // --strict still fails on them, as on any warning; --links error overrides the site.
        site.build(&["--strict"]).expect(1);
        site.build(&["--links", "error"]).expect(1);
    }
}

#[test]
fn links_under_external_paths_are_not_checked() {
    let site = good_with("external_paths: [/api/, downloads]\n");
    site.write(
        "content/news/2023/api.md",
        "---\ntitle: API\ndate: 2023-06-01\n---\n\n[The API](/api/v1/) and [files](/downloads/report.pdf) but [not](/apix/).\n",
    );
    let run = site.build(&[]).expect(1);
    assert!(run.stderr.contains("the link target `/apix/`"), "{}", run.stderr);
    assert_eq!(
        run.stderr.matches("error: the link target").count(),
        1,
        "{}",
        run.stderr
    );
}

#[test]
fn check_says_a_link_with_an_anchor_into_an_old_url_loses_it_and_where_to_link() {
    let site = Site::new("good");
    site.write(
        "content/institutions/jinfeng-laboratory.md",
        "---\ntitle: Jinfeng Laboratory\nkind: laboratory\naliases: [/labs/jinfeng/]\n---\n\n## Research\n",
    );
    site.write(
        "content/news/2023/old-link.md",
        "---\ntitle: Old link\ndate: 2023-06-01\n---\n\n<a href=\"/labs/jinfeng/#research\">the lab's research</a>\n",
    );
    let run = site.check(&[]).expect(1);
    let out = run.diagnostics();
    assert!(out.contains("content/news/2023/old-link.md"), "{out}");
    assert!(
        out.contains("redirects to /institutions/jinfeng-laboratory/, where `#research` is lost: link to /institutions/jinfeng-laboratory/#research"),
        "{out}"
    );
}

#[test]
fn code_is_coloured_unless_the_site_says_not_and_footnotes_come_last() {
    let body = "---\ntitle: Code\ndate: 2023-06-01\n---\n\nA note[^n].\n\n[^n]: The note.\n\n```python\nprint(\"hi\")  # greet\n```\n\nThe end.\n";
    let site = Site::new("good");
    site.write("content/news/2023/code.md", body);
    site.build(&[]).expect(0);
    let page = site.output("news/2023/code/index.html");
    assert!(
        page.contains(r#"<pre class="highlight"><code class="language-python" data-lang="python">"#),
        "{page}"
    );
    assert!(page.contains("hl-comment"), "{page}");
    let (end, notes) = (
        page.find("The end.").unwrap(),
        page.find("class=\"footnotes\"").unwrap(),
    );
    assert!(end < notes && notes < page.find("The note.").unwrap(), "{page}");

    let site = good_with("markdown:\n  highlight: false\n");
    site.write("content/news/2023/code.md", body);
    site.build(&[]).expect(0);
    let page = site.output("news/2023/code/index.html");
    assert!(
        page.contains(r#"<pre><code class="language-python">print("hi")"#),
        "{page}"
    );
    assert!(!page.contains("hl-"), "{page}");
}

#[test]
fn a_collections_intro_has_the_fields_its_collection_declares_for_it() {
    let site = Site::new("good");
    let config = site.read("site.yaml");
    site.write(
        "site.yaml",
        config.replace(
            "    per_page: 2\n",
            "    per_page: 2\n    intro_fields:\n      contact: { type: string, required: true }\n",
        ),
    );
    site.write(
        "content/news/_index.md",
        "---\ntitle: News\ncontact: press@example.org\n---\n\nThe news.\n",
    );
    site.write(
        "themes/mini/templates/list.html",
        "{{ collection.title }}: {{ collection.fields.contact | default(value=\"none\") }}",
    );
    site.build(&[]).expect(0);
    assert_eq!(site.output("news/index.html"), "News: press@example.org");

    // Checked as any field is: one the collection does not declare is an error at its line.
    site.write(
        "content/news/_index.md",
        "---\ntitle: News\ncontact: press@example.org\nphone: 1\n---\n",
    );
    let run = site.build(&[]).expect(1);
    assert!(
        run.stderr.contains("content/news/_index.md:4:1"),
        "{}",
        run.stderr
    );
}

//! Multilingual sites: translations by file name, language prefixes in URLs,
//! `<html lang>`, per-language lists and home pages, references and backlinks within the
//! reader's language with fallback to the default language, and one-language sites left
//! exactly as they were.

use crate::support::{Site, links, tree};

fn hrefs(html: &str, selector: &str) -> Vec<String> {
    links(html, selector).into_iter().map(|(_, href)| href).collect()
}

fn html_lang(html: &str) -> String {
    let selector = scraper::Selector::parse("html").unwrap();
    let document = scraper::Html::parse_document(html);
    let html = document.select(&selector).next().unwrap();
    html.value().attr("lang").unwrap_or_default().to_string()
}

#[test]
fn translations_live_under_their_prefix_and_inherit_fields() {
    let site = Site::new("multilingual");
    site.build(&[]).expect(0);
    let zh = site.output("zh/news/2023/lab-opens/index.html");
    assert_eq!(html_lang(&zh), "zh-Hans");
    assert!(zh.contains("<title>金凤实验室启用</title>"), "{zh}");
    // `date` and `institutions` come from the English file.
    assert!(zh.contains("2023-03-06"), "{zh}");
    // A reference reaches the Chinese version, or the English one where none exists.
    assert_eq!(
        hrefs(&zh, ".refs a"),
        [
            "/zh/institutions/jinfeng-laboratory/",
            "/institutions/chongqing-university/"
        ]
    );
    let en = site.output("news/2023/lab-opens/index.html");
    assert_eq!(html_lang(&en), "en");
    assert_eq!(
        hrefs(&en, ".refs a"),
        [
            "/institutions/jinfeng-laboratory/",
            "/institutions/chongqing-university/"
        ]
    );
    // A translation keeps its original's terms, on its own language's term pages.
    assert_eq!(hrefs(&zh, ".tags a"), ["/zh/tags/brain-science/"]);
    assert_eq!(hrefs(&en, ".tags a"), ["/tags/brain-science/"]);
    // An untranslated item has no Chinese page.
    assert!(!site.has_output("zh/institutions/chongqing-university/index.html"));
    assert!(!site.has_output("zh/news/2023/university-backs-lab/index.html"));
}

#[test]
fn backlinks_stay_in_the_readers_language_with_fallback() {
    let site = Site::new("multilingual");
    site.build(&[]).expect(0);
    let zh = site.output("zh/institutions/jinfeng-laboratory/index.html");
    assert_eq!(
        hrefs(&zh, ".backlinks a"),
        ["/zh/news/2023/lab-opens/", "/news/2023/university-backs-lab/"]
    );
    let en = site.output("institutions/jinfeng-laboratory/index.html");
    assert_eq!(
        hrefs(&en, ".backlinks a"),
        ["/news/2023/lab-opens/", "/news/2023/university-backs-lab/"]
    );
}

#[test]
fn without_fallback_a_language_links_only_to_its_own_pages() {
    let site = Site::new("multilingual");
    let config = site
        .read("site.yaml")
        .replace("fallback: true", "fallback: false");
    site.write("site.yaml", config);
    site.build(&[]).expect(0);
    let zh = site.output("zh/news/2023/lab-opens/index.html");
    assert_eq!(hrefs(&zh, ".refs a"), ["/zh/institutions/jinfeng-laboratory/"]);
    let zh = site.output("zh/institutions/jinfeng-laboratory/index.html");
    assert_eq!(hrefs(&zh, ".backlinks a"), ["/zh/news/2023/lab-opens/"]);
    // Lists too hold only the language's own items.
    let news = site.output("zh/news/index.html");
    assert_eq!(hrefs(&news, ".items a"), ["/zh/news/2023/lab-opens/"]);
    site.check(&[]).expect(0);
}

#[test]
fn each_language_has_its_home_and_lists() {
    let site = Site::new("multilingual");
    site.build(&[]).expect(0);
    let home = site.output("zh/index.html");
    assert_eq!(html_lang(&home), "zh-Hans");
    assert!(
        home.contains("<title>科学城</title>") && home.contains("<h1>欢迎</h1>"),
        "{home}"
    );
    assert!(
        hrefs(&home, ".site-nav a").contains(&"/zh/news/".to_string()),
        "{home}"
    );
    // With fallback, the English item that has no Chinese version is listed too.
    let news = site.output("zh/news/index.html");
    assert_eq!(
        hrefs(&news, ".items a"),
        ["/zh/news/2023/lab-opens/", "/news/2023/university-backs-lab/"]
    );
    let news = site.output("news/index.html");
    assert_eq!(
        hrefs(&news, ".items a"),
        ["/news/2023/lab-opens/", "/news/2023/university-backs-lab/"]
    );
    let sitemap = site.output("sitemap.xml");
    assert!(
        sitemap.contains("https://example.org/zh/news/2023/lab-opens/"),
        "{sitemap}"
    );
    site.check(&[]).expect(0);
}

#[test]
fn every_language_may_be_prefixed() {
    let site = Site::new("multilingual");
    let config = site
        .read("site.yaml")
        .replace("fallback: true", "prefix_default_language: true");
    site.write("site.yaml", config);
    site.build(&[]).expect(0);
    let en = site.output("en/news/2023/lab-opens/index.html");
    assert_eq!(
        hrefs(&en, ".refs a"),
        [
            "/en/institutions/jinfeng-laboratory/",
            "/en/institutions/chongqing-university/"
        ]
    );
    assert!(site.has_output("zh/news/2023/lab-opens/index.html"));
    assert!(!site.has_output("news/2023/lab-opens/index.html"));
    let news = site.output("en/news/index.html");
    assert_eq!(hrefs(&news, ".items a")[0], "/en/news/2023/lab-opens/");
    assert!(hrefs(&news, ".site-nav a").contains(&"/en/institutions/".to_string()));
    // `/` sends readers on to the default language's home page.
    let root = site.output("index.html");
    assert!(root.contains("url=/en/"), "{root}");
    assert!(site.output("en/index.html").contains("<h1>Welcome</h1>"));
    site.check(&[]).expect(0);
}

#[test]
fn a_translation_without_its_original_stands_alone() {
    let site = Site::new("multilingual");
    site.write(
        "content/news/2023/only-chinese.zh-Hans.md",
        "---\ntitle: 只有中文\ndate: 2023-04-01\n---\n\n正文。\n",
    );
    site.build(&[]).expect(0);
    assert!(site.has_output("zh/news/2023/only-chinese/index.html"));
    let news = site.output("zh/news/index.html");
    assert_eq!(
        hrefs(&news, ".items a"),
        [
            "/zh/news/2023/only-chinese/",
            "/zh/news/2023/lab-opens/",
            "/news/2023/university-backs-lab/"
        ]
    );
}

#[test]
fn one_declared_language_changes_no_byte() {
    let plain = Site::new("good");
    plain.build(&[]).expect(0);
    let declared = Site::new("good");
    let config = declared.read("site.yaml");
    declared.write(
        "site.yaml",
        format!("{config}\nlanguages:\n  - {{ code: en, name: English }}\nfallback: false\n"),
    );
    declared.build(&[]).expect(0);
    let bytes = |site: &Site| {
        tree(&site.output_dir())
            .into_iter()
            .map(|(path, file)| (path, file.bytes))
            .collect::<Vec<_>>()
    };
    assert_eq!(bytes(&plain), bytes(&declared));
}

#[test]
fn heads_and_the_sitemap_name_every_language_version() {
    let site = Site::new("multilingual");
    site.build(&[]).expect(0);
    let selector = "link[rel=alternate][hreflang]";
    let zh = site.output("zh/news/2023/lab-opens/index.html");
    assert_eq!(
        hrefs(&zh, selector),
        [
            "https://example.org/news/2023/lab-opens/",
            "https://example.org/zh/news/2023/lab-opens/",
            "https://example.org/news/2023/lab-opens/"
        ]
    );
    // The last is for readers of any other language: the default language's version.
    assert_eq!(
        hrefs(&zh, "link[hreflang=x-default]"),
        ["https://example.org/news/2023/lab-opens/"]
    );
    // The switcher links only to versions that exist.
    assert_eq!(
        links(&zh, ".languages a"),
        [
            ("English".to_string(), "/news/2023/lab-opens/".to_string()),
            ("中文".to_string(), "/zh/news/2023/lab-opens/".to_string())
        ]
    );
    let untranslated = site.output("news/2023/university-backs-lab/index.html");
    assert!(hrefs(&untranslated, selector).is_empty());
    assert!(hrefs(&untranslated, ".languages a").is_empty());
    assert_eq!(
        hrefs(&site.output("zh/news/index.html"), selector),
        [
            "https://example.org/news/",
            "https://example.org/zh/news/",
            "https://example.org/news/"
        ]
    );
    let sitemap = site.output("sitemap.xml");
    let doc = roxmltree::Document::parse(&sitemap).unwrap();
    let alternates: Vec<(&str, &str)> = doc
        .descendants()
        .filter(|n| n.tag_name().name() == "url")
        .find(|n| {
            n.descendants()
                .any(|l| l.text() == Some("https://example.org/zh/news/2023/lab-opens/"))
        })
        .unwrap()
        .children()
        .filter(|n| n.tag_name().name() == "link")
        .map(|n| (n.attribute("hreflang").unwrap(), n.attribute("href").unwrap()))
        .collect();
    assert_eq!(
        alternates,
        [
            ("en", "https://example.org/news/2023/lab-opens/"),
            ("zh-Hans", "https://example.org/zh/news/2023/lab-opens/"),
            ("x-default", "https://example.org/news/2023/lab-opens/")
        ]
    );
}

/// The multilingual fixture with the default theme of this repository.
fn with_default_theme() -> Site {
    let site = Site::new("multilingual");
    let config = site.read("site.yaml").replace("theme: mini", "theme: default");
    site.write("site.yaml", config);
    for file in walkdir::WalkDir::new(std::path::Path::new(crate::support::REPO).join("themes/default")) {
        let file = file.unwrap();
        if file.file_type().is_file() {
            let relative = file.path().strip_prefix(crate::support::REPO).unwrap();
            site.write(&relative.to_string_lossy(), std::fs::read(file.path()).unwrap());
        }
    }
    site
}

#[test]
fn theme_strings_and_dates_follow_the_page_language() {
    let site = with_default_theme();
    site.write("i18n/zh-Hans.yaml", "home: 主页\n");
    let run = site.build(&[]).expect(0);
    assert!(!run.stderr.contains("no text for"), "{}", run.stderr);
    let zh = site.output("zh/news/2023/lab-opens/index.html");
    assert!(zh.contains("跳到正文"), "{zh}");
    assert!(zh.contains(">2023年3月6日</time>"), "{zh}");
    // The site's i18n/zh-Hans.yaml overrides the theme's word.
    assert!(
        links(&zh, ".site-nav a").iter().any(|(text, _)| text == "主页"),
        "{zh}"
    );
    assert!(
        links(&zh, ".site-nav a").iter().any(|(text, _)| text == "新闻"),
        "{zh}"
    );
    let en = site.output("news/2023/lab-opens/index.html");
    assert!(
        en.contains(">6 March 2023</time>") && en.contains("Skip to content"),
        "{en}"
    );
    assert!(links(&en, ".site-nav a").iter().any(|(text, _)| text == "Home"));
}

#[test]
fn a_missing_theme_string_is_a_warning_naming_key_and_language() {
    let site = with_default_theme();
    let config = site.read("site.yaml").replace(
        "fallback: true",
        "  - { code: fr, name: Français }\nfallback: true",
    );
    site.write("site.yaml", config);
    site.write(
        "content/institutions/jinfeng-laboratory.fr.md",
        "---\ntitle: Laboratoire Jinfeng\n---\n",
    );
    let run = site.build(&[]).expect(0);
    assert!(
        run.stderr.contains("no text for `skip_to_content` in `fr`"),
        "{}",
        run.stderr
    );
    // The default language's words stand in.
    assert!(
        site.output("fr/institutions/jinfeng-laboratory/index.html")
            .contains("Skip to content")
    );
}

#[test]
fn the_default_theme_switches_to_the_translation_or_else_to_that_languages_home() {
    let site = with_default_theme();
    site.build(&[]).expect(0);
    let zh = site.output("zh/institutions/jinfeng-laboratory/index.html");
    assert_eq!(html_lang(&zh), "zh-Hans");
    assert_eq!(
        hrefs(&zh, ".language-switcher a"),
        ["/institutions/jinfeng-laboratory/"]
    );
    assert!(
        !zh.contains("title=\"This page is not in English"),
        "a translation needs no warning"
    );
    assert_eq!(hrefs(&zh, ".brand__name")[0], "/zh/");
    // No Chinese version: the switcher stays, and goes to the Chinese home page, saying so.
    let en = site.output("institutions/chongqing-university/index.html");
    assert_eq!(hrefs(&en, ".language-switcher a"), ["/zh/"]);
    assert!(en.contains("title=\"本页没有中文版，这里是中文首页\""), "{en}");
    assert!(
        !en.contains("hreflang=\"zh-Hans\" href="),
        "no <link rel=alternate> to a page that is no translation"
    );
    site.check(&[]).expect(0);
}

#[test]
fn the_example_site_has_its_chinese_pages() {
    let out = tempfile::tempdir().unwrap();
    let repo = std::ffi::OsStr::new(crate::support::REPO);
    let args = [
        "build".as_ref(),
        "--root".as_ref(),
        repo,
        "--output".as_ref(),
        out.path().as_os_str(),
    ];
    let build = crate::support::gazette(out.path(), &args).expect(0);
    assert!(build.stderr.is_empty(), "{}", build.stderr);
    let read = |path: &str| std::fs::read_to_string(out.path().join(path)).unwrap();
    let home = read("zh/index.html");
    assert_eq!(html_lang(&home), "zh-Hans");
    assert!(home.contains("<h1>西部（重庆）科学城</h1>"));
    for institution in [
        "jinfeng-laboratory",
        "chongqing-medical-university",
        "chongqing-university",
    ] {
        let page = read(&format!("zh/institutions/{institution}/index.html"));
        assert_eq!(
            hrefs(&page, ".language-switcher a"),
            [format!("/institutions/{institution}/")]
        );
    }
    let news =
        read("zh/news/2022/western-chongqing-science-city-builds-technology-innovation-center/index.html");
    assert!(news.contains("2022年3月6日"));
    assert!(hrefs(&news, "a").contains(&"/zh/institutions/jinfeng-laboratory/".to_string()));
    let lab = read("zh/institutions/jinfeng-laboratory/index.html");
    assert!(hrefs(&lab, "a").contains(
        &"/zh/news/2022/western-chongqing-science-city-builds-technology-innovation-center/".to_string()
    ));
}

#[test]
fn each_language_has_its_feed() {
    let site = Site::new("multilingual");
    site.build(&[]).expect(0);
    let feed = site.output("zh/atom.xml");
    let doc = roxmltree::Document::parse(&feed).unwrap();
    let root = doc.root_element();
    assert_eq!(
        root.attribute(("http://www.w3.org/XML/1998/namespace", "lang")),
        Some("zh-Hans")
    );
    let entries: Vec<&str> = doc
        .descendants()
        .filter(|n| n.tag_name().name() == "entry")
        .filter_map(|e| {
            e.children()
                .find(|c| c.tag_name().name() == "title")
                .and_then(|t| t.text())
        })
        .collect();
    assert_eq!(entries, ["金凤实验室启用"]);
    let english = site.output("atom.xml");
    assert!(!english.contains("金凤实验室启用"), "{english}");
}

/// The multilingual fixture with an untranslated news item tagged like the translated one.
fn with_untranslated_tag() -> Site {
    let site = Site::new("multilingual");
    let path = "content/news/2023/university-backs-lab.md";
    let text = site
        .read(path)
        .replace("date:", "tags: [brain science, funding]\ndate:");
    site.write(path, text);
    site
}

#[test]
fn each_language_has_its_term_pages_with_fallback() {
    let site = with_untranslated_tag();
    site.build(&[]).expect(0);
    let zh = site.output("zh/tags/brain-science/index.html");
    assert_eq!(html_lang(&zh), "zh-Hans");
    // The Chinese item, and the English one that has no Chinese version.
    assert_eq!(
        hrefs(&zh, ".items a"),
        ["/zh/news/2023/lab-opens/", "/news/2023/university-backs-lab/"]
    );
    assert_eq!(
        hrefs(&zh, "link[rel=alternate][hreflang]"),
        [
            "https://example.org/tags/brain-science/",
            "https://example.org/zh/tags/brain-science/",
            "https://example.org/tags/brain-science/"
        ]
    );
    // A term only untranslated items carry has a Chinese page too, with no Chinese entries
    // in its feed: a language's feeds carry what is written in it.
    assert!(site.has_output("zh/tags/funding/index.html"));
    let feed = site.output("zh/tags/brain-science/atom.xml");
    assert!(
        feed.contains("金凤实验室启用") && !feed.contains("University backs"),
        "{feed}"
    );
    let index = site.output("zh/tags/index.html");
    assert_eq!(html_lang(&index), "zh-Hans");
    let sitemap = site.output("sitemap.xml");
    assert!(
        sitemap.contains("<loc>https://example.org/zh/tags/brain-science/</loc>"),
        "{sitemap}"
    );
    // The English page is unchanged: the English items only.
    let en = site.output("tags/brain-science/index.html");
    assert_eq!(
        hrefs(&en, ".items a"),
        ["/news/2023/lab-opens/", "/news/2023/university-backs-lab/"]
    );
    site.check(&[]).expect(0);
}

#[test]
fn without_fallback_a_term_page_lists_only_its_language() {
    let site = with_untranslated_tag();
    let config = site
        .read("site.yaml")
        .replace("fallback: true", "fallback: false");
    site.write("site.yaml", config);
    site.build(&[]).expect(0);
    let zh = site.output("zh/tags/brain-science/index.html");
    assert_eq!(hrefs(&zh, ".items a"), ["/zh/news/2023/lab-opens/"]);
    assert!(!site.has_output("zh/tags/funding/index.html"));
    // No Chinese page for `funding`: the English one has no alternates.
    let en = site.output("tags/funding/index.html");
    assert!(hrefs(&en, "link[rel=alternate][hreflang]").is_empty());
    site.check(&[]).expect(0);
}

#[test]
fn a_collection_feed_has_a_version_in_each_language() {
    let site = with_default_theme();
    let config = site
        .read("site.yaml")
        .replace("    sort: -date\n", "    sort: -date\n    feed: true\n");
    site.write("site.yaml", config);
    site.build(&[]).expect(0);
    let feed = site.output("zh/news/atom.xml");
    let doc = roxmltree::Document::parse(&feed).unwrap();
    assert_eq!(
        doc.root_element()
            .attribute(("http://www.w3.org/XML/1998/namespace", "lang")),
        Some("zh-Hans")
    );
    assert!(
        feed.contains("<link rel=\"alternate\" type=\"text/html\" href=\"https://example.org/zh/news/\"/>"),
        "{feed}"
    );
    assert!(
        feed.contains("金凤实验室启用") && !feed.contains("University backs"),
        "{feed}"
    );
    let selector = "link[rel=alternate][type='application/atom+xml']";
    let zh_feeds = |path: &str| hrefs(&site.output(path), selector);
    for page in ["zh/news/index.html", "zh/news/2023/lab-opens/index.html"] {
        assert_eq!(
            zh_feeds(page),
            [
                "https://example.org/zh/atom.xml",
                "https://example.org/zh/news/atom.xml"
            ],
            "{page}"
        );
    }
    assert_eq!(
        zh_feeds("news/index.html"),
        [
            "https://example.org/atom.xml",
            "https://example.org/news/atom.xml"
        ]
    );
    site.check(&[]).expect(0);
}

#[test]
fn chinese_pages_name_collections_and_params_in_chinese_and_have_their_404() {
    let site = with_default_theme();
    let config = site.read("site.yaml").replace(
        "    description: 科学城的机构与新闻。\n",
        "    description: 科学城的机构与新闻。\n    params: { tagline: 科学与创新 }\n",
    );
    site.write(
        "site.yaml",
        format!("{config}params:\n  tagline: Science and innovation\n"),
    );
    site.build(&[]).expect(0);
    let zh = site.output("zh/news/2023/lab-opens/index.html");
    let crumbs: Vec<String> = links(&zh, ".breadcrumbs a")
        .into_iter()
        .map(|(text, _)| text)
        .collect();
    assert_eq!(crumbs, ["首页", "新闻", "金凤实验室启用"]);
    assert!(
        zh.contains("科学与创新") && !zh.contains("Science and innovation"),
        "{zh}"
    );
    let en = site.output("news/2023/lab-opens/index.html");
    assert!(en.contains("Science and innovation"), "{en}");
    let not_found = site.output("zh/404.html");
    assert_eq!(html_lang(&not_found), "zh-Hans");
    assert!(not_found.contains("页面不存在"), "{not_found}");
    assert_eq!(html_lang(&site.output("404.html")), "en");
    // A 404 page is no page to index.
    assert!(!site.output("sitemap.xml").contains("404"));
}

/// The multilingual fixture with `terms:` under its taxonomy.
fn with_term_names(terms: &str) -> Site {
    let site = Site::new("multilingual");
    let config = site.read("site.yaml");
    site.write("site.yaml", format!("{config}    terms:\n{terms}"));
    site
}

#[test]
fn a_term_has_its_name_in_each_language() {
    let site = with_term_names("      brain science: { zh-Hans: 脑科学 }\n");
    site.build(&[]).expect(0);
    let zh = site.output("zh/news/2023/lab-opens/index.html");
    assert_eq!(
        links(&zh, ".tags a"),
        [("脑科学".to_string(), "/zh/tags/brain-science/".to_string())]
    );
    let term = site.output("zh/tags/brain-science/index.html");
    assert!(term.contains("<h1>脑科学</h1>"), "{term}");
    assert!(site.output("zh/tags/brain-science/atom.xml").contains("脑科学"));
    // The English name and every URL stay as they were.
    let en = site.output("news/2023/lab-opens/index.html");
    assert_eq!(
        links(&en, ".tags a"),
        [("brain science".to_string(), "/tags/brain-science/".to_string())]
    );
}

#[test]
fn a_term_named_in_a_language_the_site_lacks_is_an_error_at_its_line() {
    let site = with_term_names("      brain science: { zh-Hant: 腦科學 }\n");
    let stderr = site.build(&[]).expect(1).diagnostics().to_string();
    assert!(stderr.contains("--> site.yaml:41:7"), "{stderr}");
    insta::assert_snapshot!("term_name_in_unknown_language", stderr);
}

#[test]
fn a_named_term_no_item_carries_is_an_error_with_the_nearest_term() {
    let site = with_term_names("      brain sciense: { zh-Hans: 脑科学 }\n");
    let stderr = site.build(&[]).expect(1).diagnostics().to_string();
    insta::assert_snapshot!("term_name_of_no_term", stderr);
}

#[test]
fn templates_reach_an_item_and_a_list_in_a_language() {
    let site = Site::new("multilingual");
    site.write(
        "templates/index.html",
        "{% set lab = get_item(collection=\"institutions\", slug=\"jinfeng-laboratory\", lang=lang) %}\
         {% set uni = get_item(collection=\"institutions\", slug=\"chongqing-university\", lang=lang) %}\
         <p class=\"lab\">{{ lab.title }} {{ lab.url }}</p>\
         <p class=\"uni\">{% if uni %}{{ uni.url }}{% else %}none{% endif %}</p>\
         <p class=\"news\">{% for n in get_collection(name=\"news\", lang=lang) %}{{ n.url }} {% endfor %}</p>\n",
    );
    site.build(&[]).expect(0);
    let zh = site.output("zh/index.html");
    assert!(
        zh.contains("<p class=\"lab\">金凤实验室 /zh/institutions/jinfeng-laboratory/</p>"),
        "{zh}"
    );
    // With fallback, the English version of an untranslated item, on lists too.
    assert!(
        zh.contains("<p class=\"uni\">/institutions/chongqing-university/</p>"),
        "{zh}"
    );
    assert!(
        zh.contains("<p class=\"news\">/zh/news/2023/lab-opens/ /news/2023/university-backs-lab/ </p>"),
        "{zh}"
    );
    let en = site.output("index.html");
    assert!(
        en.contains("<p class=\"lab\">Jinfeng Laboratory /institutions/jinfeng-laboratory/</p>"),
        "{en}"
    );
    // Without fallback, an item with no version in the language is none.
    let config = site
        .read("site.yaml")
        .replace("fallback: true", "fallback: false");
    site.write("site.yaml", config);
    site.build(&[]).expect(0);
    let zh = site.output("zh/index.html");
    assert!(zh.contains("<p class=\"uni\">none</p>"), "{zh}");
    assert!(
        zh.contains("<p class=\"news\">/zh/news/2023/lab-opens/ </p>"),
        "{zh}"
    );
    // A language the site lacks is an error naming the site's languages.
    site.write(
        "templates/index.html",
        "{% set lab = get_item(collection=\"institutions\", slug=\"jinfeng-laboratory\", lang=\"zh-Hant\") %}{{ lab.title }}",
    );
    let stderr = site.build(&[]).expect(1).stderr;
    assert!(
        stderr.contains("`zh-Hant` is not a language of the site (did you mean `zh-Hans`?)"),
        "{stderr}"
    );
}

#[test]
fn a_fallback_card_and_a_title_kept_in_english_are_marked_as_english() {
    let site = with_default_theme();
    site.write(
        "content/institutions/x-lab.md",
        "---\ntitle: X Lab\nkind: laboratory\n---\nA lab.\n",
    );
    // The source gives this name in English only, so the translation keeps it.
    site.write(
        "content/institutions/x-lab.zh-Hans.md",
        "---\ntitle: X Lab\n---\n一个实验室。\n",
    );
    site.build(&[]).expect(0);
    let list = site.output("zh/institutions/index.html");
    let document = scraper::Html::parse_document(&list);
    let card = scraper::Selector::parse("article.card").unwrap();
    let langs: Vec<(String, Option<&str>)> = document
        .select(&card)
        .map(|c| (c.text().collect::<String>(), c.value().attr("lang")))
        .collect();
    for (text, lang) in &langs {
        // Chongqing University has no Chinese version: its card is the English item's.
        let fallback = text.contains("Chongqing University");
        assert_eq!(*lang, fallback.then_some("en"), "{langs:?}");
    }
    assert!(list.contains(r#"lang="en">X Lab</a>"#), "{list}");
    let page = site.output("zh/institutions/x-lab/index.html");
    assert!(page.contains(r#"<h1 lang="en">X Lab</h1>"#), "{page}");
    let translated = site.output("zh/institutions/jinfeng-laboratory/index.html");
    assert!(!translated.contains("<h1 lang="), "a Chinese title is not marked");
}

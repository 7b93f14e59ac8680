//! The metadata partial (`partials/meta.html`): description, canonical URL, OpenGraph and
//! Twitter tags, and JSON-LD parsed as JSON — on the example site, and on a site whose
//! collections and fields have other names, where it must still render.

use std::fs;
use std::path::Path;

use serde_json::Value;

use crate::support::{REPO, Site, build_example, links};

const BRAIN_LAB: &str = "institutions/brain-lab/index.html";

/// The JSON-LD of a page, parsed: it must be one JSON object per script.
fn json_ld(html: &str) -> Vec<Value> {
    let selector = scraper::Selector::parse(r#"script[type="application/ld+json"]"#).expect("valid");
    scraper::Html::parse_document(html)
        .select(&selector)
        .map(|script| {
            let text: String = script.text().collect();
            serde_json::from_str(&text).unwrap_or_else(|e| panic!("JSON-LD does not parse: {e}\n{text}"))
        })
        .collect()
}

/// The `content` of `<meta property=…>` or `<meta name=…>`.
fn meta(html: &str, key: &str) -> Option<String> {
    let selector = format!(r#"meta[property="{key}"], meta[name="{key}"]"#);
    let selector = scraper::Selector::parse(&selector).expect("valid");
    scraper::Html::parse_document(html)
        .select(&selector)
        .next()
        .and_then(|e| e.value().attr("content"))
        .map(str::to_string)
}

fn read(dir: &Path, page: &str) -> String {
    let path = dir.join(page);
    fs::read_to_string(&path).unwrap_or_else(|e| panic!("read {}: {e}", path.display()))
}

#[test]
fn example_news_is_a_news_article_about_its_institutions() {
    let out = build_example();
    let page = "news/2022/jinfeng-laboratory-focuses-on-life-science/";
    let html = read(out.path(), &format!("{page}index.html"));
    let url = format!("https://science-city.example.org/{page}");
    let [article] = &json_ld(&html)[..] else {
        panic!("one JSON-LD object expected")
    };
    assert_eq!(article["@context"], "https://schema.org");
    assert_eq!(article["@type"], "NewsArticle");
    assert_eq!(
        article["headline"],
        "Jinfeng Laboratory sets its sights on life science"
    );
    assert_eq!(article["url"], url.as_str());
    assert_eq!(article["datePublished"], "2022-03-06");
    assert!(
        article["dateModified"]
            .as_str()
            .is_some_and(|d| d >= "2022-03-06")
    );
    assert_eq!(article["publisher"]["@type"], "Organization");
    assert_eq!(article["publisher"]["name"], "Western (Chongqing) Science City");
    let about = article["about"].as_array().expect("about is a list");
    let first = &about[0];
    assert_eq!(first["@type"], "ResearchOrganization");
    assert_eq!(first["name"], "Jinfeng Laboratory");
    assert_eq!(
        first["url"],
        "https://science-city.example.org/institutions/jinfeng-laboratory/"
    );
    assert_eq!(about.len(), 4, "{about:?}");

    assert_eq!(meta(&html, "og:type").as_deref(), Some("article"));
    assert_eq!(meta(&html, "og:url").as_deref(), Some(url.as_str()));
    assert_eq!(
        meta(&html, "og:site_name").as_deref(),
        Some("Western (Chongqing) Science City")
    );
    assert_eq!(meta(&html, "og:locale").as_deref(), Some("en"));
    let description = meta(&html, "description").expect("a description");
    assert!(
        description.starts_with("With its building finished"),
        "{description}"
    );
    assert_eq!(meta(&html, "og:description"), Some(description));
    assert_eq!(
        links(&html, "link[rel=canonical]"),
        [(String::new(), url.clone())]
    );
}

#[test]
fn example_news_with_a_lead_picture_names_it_with_its_size_and_alt_text() {
    let out = build_example();
    let page = "news/2022/jinfeng-laboratory-focuses-on-life-science/";
    let html = read(out.path(), &format!("{page}index.html"));
    // The widest copy in the original's format (JPEG: what sharing sites read), absolute.
    let image = meta(&html, "og:image").expect("og:image");
    let copy = format!("https://science-city.example.org/{page}photo.1600w.");
    assert!(image.starts_with(&copy) && image.ends_with(".jpg"), "{image}");
    assert_eq!(meta(&html, "og:image:type").as_deref(), Some("image/jpeg"));
    assert_eq!(meta(&html, "og:image:width").as_deref(), Some("1600"));
    assert_eq!(meta(&html, "og:image:height").as_deref(), Some("1067"));
    let alt = meta(&html, "og:image:alt").expect("og:image:alt");
    assert!(alt.starts_with("Illustration of a laboratory bench"), "{alt}");
    assert_eq!(
        meta(&html, "twitter:card").as_deref(),
        Some("summary_large_image")
    );
    assert_eq!(meta(&html, "twitter:image").as_deref(), Some(image.as_str()));
    assert_eq!(meta(&html, "twitter:image:alt"), Some(alt));

    let [article] = &json_ld(&html)[..] else {
        panic!("one JSON-LD object expected")
    };
    assert_eq!(article["image"]["@type"], "ImageObject");
    assert_eq!(article["image"]["url"], image.as_str());
    assert_eq!(article["image"]["width"], 1600);
    assert_eq!(article["image"]["height"], 1067);
    assert_eq!(
        article["image"]["creditText"],
        "Illustration: gazette example site"
    );
    // The institutions it is about carry their logos.
    assert_eq!(
        article["about"][0]["logo"]["url"],
        "https://science-city.example.org/images/institutions/jinfeng-laboratory.svg"
    );

    // The translation describes the same picture in its own language.
    let zh = read(out.path(), &format!("zh/{page}index.html"));
    assert_eq!(meta(&zh, "og:image").as_deref(), Some(image.as_str()));
    let zh_alt = meta(&zh, "og:image:alt").expect("og:image:alt");
    assert!(zh_alt.starts_with("实验台插图"), "{zh_alt}");

    // A story without a picture has the small card and no image at all.
    let plain = read(
        out.path(),
        "news/2022/chongqing-medical-university-opens-green-channels-for-talent/index.html",
    );
    assert_eq!(meta(&plain, "twitter:card").as_deref(), Some("summary"));
    assert_eq!(meta(&plain, "og:image"), None);
    assert!(json_ld(&plain)[0].get("image").is_none());
}

#[test]
fn example_institutions_are_organisations_by_kind_and_home_is_the_website() {
    let out = build_example();
    for (page, kind) in [
        ("institutions/chongqing-university/", "CollegeOrUniversity"),
        ("institutions/sichuan-fine-arts-institute/", "CollegeOrUniversity"),
        ("institutions/jinfeng-laboratory/", "ResearchOrganization"),
        (
            "institutions/chongqing-animal-models-public-innovation-service-center/",
            "Organization",
        ),
    ] {
        let html = read(out.path(), &format!("{page}index.html"));
        let [org] = &json_ld(&html)[..] else {
            panic!("one JSON-LD object expected on {page}")
        };
        assert_eq!(org["@type"], kind, "{page}");
        assert_eq!(
            org["url"],
            format!("https://science-city.example.org/{page}").as_str()
        );
        assert_eq!(meta(&html, "og:type").as_deref(), Some("website"), "{page}");
        // The logo, an SVG of the site's, in the structured data; not in the sharing cards,
        // whose sites show no SVG.
        let slug = page.trim_end_matches('/').rsplit('/').next().expect("a slug");
        assert_eq!(org["logo"]["@type"], "ImageObject", "{page}");
        assert_eq!(
            org["logo"]["url"],
            format!("https://science-city.example.org/images/institutions/{slug}.svg").as_str()
        );
        assert_eq!(org["logo"]["width"], 64, "{page}");
        assert_eq!(meta(&html, "og:image"), None, "{page}");
    }
    let home = read(out.path(), "index.html");
    let [website] = &json_ld(&home)[..] else {
        panic!("one JSON-LD object expected on home")
    };
    assert_eq!(website["@type"], "WebSite");
    assert_eq!(website["url"], "https://science-city.example.org/");
    assert_eq!(website["name"], "Western (Chongqing) Science City");
}

#[test]
fn the_metadata_partial_renders_on_a_site_with_other_names() {
    let site = Site::new("publishing");
    copy_dir(
        &Path::new(REPO).join("themes/default"),
        &site.root().join("themes/default"),
    );
    let yaml = fs::read_to_string(site.root().join("site.yaml")).expect("read site.yaml");
    site.write("site.yaml", yaml.replace("theme: mini", "theme: default"));
    site.build(&[]).expect(0);

    let mut pages = 0;
    for (path, file) in site.output_state() {
        if path.extension().is_some_and(|e| e == "html") {
            let html = String::from_utf8(file.bytes).expect("UTF-8");
            pages += usize::from(!json_ld(&html).is_empty());
        }
    }
    assert!(pages > 10, "JSON-LD on only {pages} pages");
    let kind = |page: &str| json_ld(&site.output(page))[0]["@type"].clone();
    assert_eq!(kind("institutions/science-museum/index.html"), "Organization");
    assert_eq!(
        kind("institutions/city-university/index.html"),
        "CollegeOrUniversity"
    );
    assert_eq!(kind("events/fair/index.html"), "Article");
    assert_eq!(kind("about/index.html"), "WebPage");

    let news = json_ld(&site.output("news/2023/lab-opens/index.html"));
    assert_eq!(news[0]["author"]["@type"], "Person");
    assert_eq!(news[0]["author"]["name"], "Li Wei");
    let about: Vec<&Value> = news[0]["about"].as_array().expect("about").iter().collect();
    assert_eq!(
        about.len(),
        2,
        "held-back institutions are not mentioned: {about:?}"
    );
    assert_eq!(about[1]["sameAs"], "https://www.city-university.example/");
    // An item's summary is its description, in the tags and in JSON-LD.
    let lab = site.output(BRAIN_LAB);
    assert_eq!(
        meta(&lab, "description").as_deref(),
        Some("A laboratory for brain science.")
    );
    assert_eq!(json_ld(&lab)[0]["description"], "A laboratory for brain science.");
    // No `author` field: no author. Speakers are not authors.
    assert!(
        json_ld(&site.output("events/fair/index.html"))[0]
            .get("author")
            .is_none()
    );
}

fn copy_dir(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap_or_else(|e| panic!("create {}: {e}", to.display()));
    for entry in fs::read_dir(from).unwrap_or_else(|e| panic!("read {}: {e}", from.display())) {
        let entry = entry.expect("a folder entry");
        let target = to.join(entry.file_name());
        if entry.file_type().expect("a file type").is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            fs::copy(entry.path(), &target).unwrap_or_else(|e| panic!("copy {}: {e}", target.display()));
        }
    }
}

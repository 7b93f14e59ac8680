//! The example site at the repository's root, with the real default theme.

use std::ffi::OsStr;
use std::fs;

use crate::support::{REPO, build_example, gazette, links, tree};

#[test]
fn example_site_builds_and_checks_clean() {
    let out = tempfile::tempdir().expect("create a temporary folder");
    let repo = OsStr::new(REPO);
    let build = gazette(
        out.path(),
        &[
            "build".as_ref(),
            "--root".as_ref(),
            repo,
            "--output".as_ref(),
            out.path().as_os_str(),
        ],
    )
    .expect(0);
    assert!(build.stderr.is_empty(), "{}", build.stderr);
    assert!(out.path().join("index.html").is_file());
    assert!(
        out.path()
            .join("institutions/jinfeng-laboratory/index.html")
            .is_file()
    );
    assert!(tree(out.path()).len() > 20);

    let check = gazette(out.path(), &["check".as_ref(), "--root".as_ref(), repo]).expect(0);
    assert!(check.stderr.is_empty(), "{}", check.stderr);
}

#[test]
fn the_example_news_still_answers_at_its_old_2023_addresses() {
    // The news was once dated 2023 and lived under /news/2023/; those links must not break.
    let out = build_example();
    let mut moved: Vec<String> = fs::read_dir(out.path().join("news/2022"))
        .expect("the news of 2022")
        .map(|e| e.expect("an entry").file_name().to_string_lossy().into_owned())
        .map(|slug| format!("/news/2022/{slug}/"))
        .collect();
    moved.push("/zh/news/2022/western-chongqing-science-city-builds-technology-innovation-center/".into());
    assert!(moved.len() >= 8, "{moved:?}");
    for new in moved {
        let old = new.replace("/news/2022/", "/news/2023/");
        let page = out.path().join(format!("{}index.html", &old[1..]));
        let html = fs::read_to_string(&page).unwrap_or_else(|e| panic!("{old} is not there: {e}"));
        assert!(
            html.contains(&format!(r#"<meta http-equiv="refresh" content="0; url={new}">"#)),
            "{old} does not send the reader to {new}:\n{html}"
        );
        let hrefs: Vec<String> = links(&html, "body a").into_iter().map(|(_, href)| href).collect();
        assert_eq!(hrefs, [new], "{old}");
    }
}

#[test]
fn an_institution_shows_a_city_only_where_its_page_gives_one() {
    // The report says where few of the institutions are; the rest show no city at all.
    let out = build_example();
    let facts = |page: &str| -> Vec<String> {
        let html = fs::read_to_string(out.path().join(page)).unwrap_or_else(|e| panic!("{page}: {e}"));
        let selector = scraper::Selector::parse(".profile__facts dt, .profile__facts dd").expect("valid");
        scraper::Html::parse_document(&html)
            .select(&selector)
            .map(|e| e.text().collect::<String>().trim().to_string())
            .collect()
    };
    let city = |page: &str| {
        let facts = facts(page);
        let at = facts.iter().position(|f| f == "City" || f == "城市")?;
        Some(facts[at + 1].clone())
    };
    assert_eq!(
        city("institutions/chongqing-medical-university/index.html").as_deref(),
        Some("Chongqing")
    );
    assert_eq!(
        city("zh/institutions/chongqing-medical-university/index.html").as_deref(),
        Some("重庆")
    );
    for page in [
        "institutions/sichuan-fine-arts-institute/index.html",
        "institutions/chongqing-university/index.html",
        "zh/institutions/chongqing-university/index.html",
    ] {
        assert_eq!(city(page), None, "{page}: {:?}", facts(page));
    }
}

#[test]
fn the_example_shows_lead_pictures_thumbnails_and_logos() {
    let out = build_example();
    let read = |page: &str| {
        let html = fs::read_to_string(out.path().join(page)).unwrap_or_else(|e| panic!("{page}: {e}"));
        scraper::Html::parse_document(&html)
    };
    let select = |doc: &scraper::Html, selector: &str| -> Vec<(String, Vec<(String, String)>)> {
        let selector = scraper::Selector::parse(selector).expect("valid");
        doc.select(&selector)
            .map(|e| {
                let attrs = e
                    .value()
                    .attrs()
                    .map(|(k, v)| (k.to_string(), v.to_string()))
                    .collect();
                (e.text().collect::<String>().trim().to_string(), attrs)
            })
            .collect()
    };
    let attr = |attrs: &[(String, String)], name: &str| {
        attrs.iter().find(|(k, _)| k == name).map(|(_, v)| v.clone())
    };

    // A story's lead picture: first in its column, WebP with a fallback, fetched first.
    let story = read("news/2022/jinfeng-laboratory-focuses-on-life-science/index.html");
    let [(_, source)] = &select(&story, ".entry__main > figure.lead > picture > source")[..] else {
        panic!("one WebP source in the lead picture")
    };
    assert_eq!(attr(source, "type").as_deref(), Some("image/webp"));
    assert!(attr(source, "srcset").is_some_and(|s| s.contains(".480w.") && s.ends_with("1600w")));
    let [(_, img)] = &select(&story, "figure.lead img")[..] else {
        panic!("one lead picture")
    };
    assert_eq!(attr(img, "fetchpriority").as_deref(), Some("high"));
    assert_eq!(attr(img, "loading"), None, "the lead picture is not lazy");
    assert_eq!(attr(img, "width").as_deref(), Some("1600"));
    assert_eq!(attr(img, "height").as_deref(), Some("1067"));
    assert!(attr(img, "alt").is_some_and(|a| a.starts_with("Illustration of a laboratory bench")));
    assert_eq!(
        select(&story, "figure.lead figcaption .credit")[0].0,
        "Illustration: gazette example site"
    );
    let first = select(&story, ".entry__main > *");
    assert_eq!(
        attr(&first[0].1, "class").as_deref(),
        Some("lead"),
        "the lead picture comes first"
    );
    // A story without one has no figure, and no room kept for one.
    let plain = read("news/2022/chongqing-medical-university-opens-green-channels-for-talent/index.html");
    assert!(select(&plain, "figure.lead").is_empty());

    // News cards: a lazy thumbnail where the story has a picture, nothing where it has none;
    // the title beside it says what it shows.
    let news = read("news/index.html");
    let thumbs = select(&news, ".card--thumb .card__thumb img");
    assert_eq!(thumbs.len(), 4, "four stories have a picture");
    for (_, img) in &thumbs {
        assert_eq!(attr(img, "alt").as_deref(), Some(""));
        assert_eq!(attr(img, "loading").as_deref(), Some("lazy"));
        assert!(attr(img, "sizes").is_some_and(|s| s.ends_with("5rem")));
    }
    assert_eq!(select(&news, ".card:not(.card--thumb)").len(), 3);
    assert!(select(&news, ".card:not(.card--thumb) img").is_empty());

    // An institution's logo beside its name, and on each institution's card.
    let lab = read("institutions/jinfeng-laboratory/index.html");
    let [(_, logo)] = &select(&lab, ".entry__header .entry__logo img")[..] else {
        panic!("one logo in the header")
    };
    assert_eq!(
        attr(logo, "src").as_deref(),
        Some("/images/institutions/jinfeng-laboratory.svg")
    );
    assert_eq!(
        attr(logo, "alt").as_deref(),
        Some(""),
        "the name is the heading beside it"
    );
    assert_eq!(attr(logo, "srcset"), None, "an SVG has no copies");
    assert_eq!(attr(logo, "width").as_deref(), Some("64"));
    let list = read("institutions/index.html");
    assert_eq!(select(&list, ".card--logo .card__logo img[alt='']").len(), 11);
}

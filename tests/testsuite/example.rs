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

//! The default theme speaks the page's language: no word of its English strings
//! (`themes/default/i18n/en.yaml`) is left on the example site's Chinese pages, in text,
//! in `<title>`, or in the attributes people hear or see (`aria-label`, `title`, `alt`, the
//! meta description). What stays English is data: names, places, URLs, and text the
//! content marks as English (`<span lang="en">`), such as a name the Chinese pages keep as
//! the English source gives it.

use std::collections::HashMap;
use std::path::Path;

use crate::support::REPO;

/// One piece of a theme string: literal text, or a placeholder (`{n}` is a number).
#[derive(Debug)]
enum Piece {
    Text(String),
    Number,
    Any,
}

/// `"page {n} of {total}"` → Text("page "), Number, Text(" of "), Number.
fn pieces(pattern: &str) -> Vec<Piece> {
    let mut pieces = Vec::new();
    let mut rest = pattern;
    while let Some(start) = rest.find('{') {
        let Some(end) = rest[start..].find('}') else {
            break;
        };
        if start > 0 {
            pieces.push(Piece::Text(rest[..start].to_string()));
        }
        let name = &rest[start + 1..start + end];
        pieces.push(if name == "n" || name == "total" {
            Piece::Number
        } else {
            Piece::Any
        });
        rest = &rest[start + end + 1..];
    }
    if !rest.is_empty() {
        pieces.push(Piece::Text(rest.to_string()));
    }
    pieces
}

/// True when the whole of `text` is the string `pieces` make, placeholders filled.
fn is_made_of(text: &str, pieces: &[Piece]) -> bool {
    match pieces.split_first() {
        None => text.is_empty(),
        Some((Piece::Text(t), rest)) => text.strip_prefix(t.as_str()).is_some_and(|r| is_made_of(r, rest)),
        Some((Piece::Number, rest)) => {
            let digits = text.chars().take_while(char::is_ascii_digit).count();
            digits > 0 && is_made_of(&text[digits..], rest)
        }
        Some((Piece::Any, rest)) => text
            .char_indices()
            .skip(1)
            .map(|(i, _)| i)
            .chain([text.len()])
            .any(|i| !text.is_empty() && is_made_of(&text[i..], rest)),
    }
}

fn strings(lang: &str) -> HashMap<String, String> {
    let path = Path::new(REPO).join(format!("themes/default/i18n/{lang}.yaml"));
    serde_yaml::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

/// The texts of a page a reader meets in the page's language: text nodes outside scripts
/// and styles, and the attributes that carry words, leaving out what is marked as written in
/// another language.
fn texts(html: &str) -> Vec<String> {
    let document = scraper::Html::parse_document(html);
    let page_lang = document.root_element().attr("lang");
    let mut texts = Vec::new();
    for node in document.tree.nodes() {
        // The nearest `lang` of the node or its ancestors says what language its words are in.
        let lang = std::iter::once(node)
            .chain(node.ancestors())
            .find_map(|n| n.value().as_element().and_then(|e| e.attr("lang")));
        if lang != page_lang {
            continue;
        }
        if let Some(text) = node.value().as_text() {
            let in_code = node.ancestors().any(|a| {
                a.value()
                    .as_element()
                    .is_some_and(|e| matches!(e.name(), "script" | "style"))
            });
            if !in_code {
                texts.push(text.trim().to_string());
            }
        }
        if let Some(element) = node.value().as_element() {
            for name in ["aria-label", "title", "alt"] {
                texts.extend(element.attr(name).map(str::to_string));
            }
            if element.name() == "meta" && element.attr("name") == Some("description") {
                texts.extend(element.attr("content").map(str::to_string));
            }
        }
    }
    texts.retain(|t| !t.is_empty());
    texts
}

#[test]
fn the_example_sites_chinese_pages_hold_no_english_theme_words() {
    // Without fallback every item on a Chinese page is Chinese, so any English left is the
    // theme's (or data: names, places).
    let site = tempfile::tempdir().unwrap();
    for entry in walkdir::WalkDir::new(REPO) {
        let entry = entry.unwrap();
        let relative = entry.path().strip_prefix(REPO).unwrap();
        let top = relative
            .components()
            .next()
            .map(|c| c.as_os_str().to_string_lossy().to_string());
        let wanted = matches!(
            top.as_deref(),
            Some("site.yaml" | "content" | "static" | "themes")
        );
        if wanted && entry.file_type().is_file() {
            let to = site.path().join(relative);
            std::fs::create_dir_all(to.parent().unwrap()).unwrap();
            std::fs::copy(entry.path(), to).unwrap();
        }
    }
    let config = std::fs::read_to_string(site.path().join("site.yaml")).unwrap();
    assert!(
        config.contains("fallback: true"),
        "the example site sets `fallback: true`"
    );
    std::fs::write(
        site.path().join("site.yaml"),
        config.replace("fallback: true", "fallback: false"),
    )
    .unwrap();
    let root = site.path().as_os_str();
    let build = crate::support::gazette(site.path(), &["build".as_ref(), "--root".as_ref(), root]).expect(0);
    assert!(!build.stderr.contains("no text for"), "{}", build.stderr);
    let chinese = strings("zh-Hans");
    // `{site}` is filled with the site's Chinese title, so "{what} of {site}" does not take
    // any English name holding " of " for the theme's words.
    let yaml: serde_yaml::Value = serde_yaml::from_str(&config).unwrap();
    let zh_title = yaml["languages"][1]["title"]
        .as_str()
        .expect("the Chinese title")
        .to_string();
    let english: Vec<(String, Vec<Piece>)> = strings("en")
        .into_iter()
        .filter(|(key, text)| chinese.get(key) != Some(text) && text.chars().any(|c| c.is_ascii_alphabetic()))
        .map(|(key, text)| (key, pieces(&text.replace("{site}", &zh_title))))
        .collect();
    let mut found = Vec::new();
    let mut checked = 0;
    let zh = site.path().join("output/zh");
    for entry in walkdir::WalkDir::new(&zh) {
        let entry = entry.unwrap();
        if entry.path().extension().is_none_or(|e| e != "html") {
            continue;
        }
        checked += 1;
        let html = std::fs::read_to_string(entry.path()).unwrap();
        for text in texts(&html) {
            for (key, pieces) in &english {
                if is_made_of(&text, pieces) {
                    found.push(format!("{}: `{text}` ({key})", entry.path().display()));
                }
            }
        }
    }
    // The example site has a Chinese home, lists, term pages and items: 17 pages when this
    // was written. None would make the search above pass without looking at anything.
    assert!(
        checked >= 10,
        "only {checked} Chinese pages were built and checked"
    );
    assert!(found.is_empty(), "{}", found.join("\n"));
}

#[test]
fn theme_strings_with_placeholders_match_their_filled_text() {
    assert!(is_made_of("page 2 of 3", &pieces("page {n} of {total}")));
    assert!(!is_made_of("page two of 3", &pieces("page {n} of {total}")));
    assert!(is_made_of("News of Science City", &pieces("{what} of {site}")));
    assert!(is_made_of("Related", &pieces("Related")));
    assert!(!is_made_of("Related items", &pieces("Related")));
}

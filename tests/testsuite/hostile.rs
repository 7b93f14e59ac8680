//! Hostile input: property tests of every place where author text is parsed or becomes
//! a path. Arbitrary text never panics the front-matter splitter, the YAML-to-schema
//! checker or the Markdown renderer; no slug, permalink pattern or URL ever yields an output
//! path that is absolute or holds `..`; and with `raw_html: false` no `<script>` survives.
//!
//! The same entry points are fuzzed by `fuzz/` (`scripts/fuzz.sh`); a crash found there
//! becomes a case in `regressions` below.

use std::collections::HashMap;
use std::path::{Component, Path};
use std::sync::OnceLock;

use gazette::load::content::{Format, KeyPositions, load_text, split};
use gazette::model::config::{MarkdownOptions, SiteConfig};
use gazette::model::fast_hash::{FastMap, FastSet};
use gazette::model::item_index::{IdIndex, Keyed, Keys};
use gazette::model::permalink::{Permalink, output_path, slugify, written_slug};
use gazette::model::schema::{FieldSpec, builtin_fields};
use gazette::render::markdown::{Links, render};
use indexmap::IndexMap;
use proptest::prelude::*;

use crate::support::REPO;

/// The good fixture's config and the built-in fields of plain pages, loaded once.
fn site() -> &'static (SiteConfig, IndexMap<String, FieldSpec>) {
    static SITE: OnceLock<(SiteConfig, IndexMap<String, FieldSpec>)> = OnceLock::new();
    SITE.get_or_init(|| {
        let config = gazette::load::config::load(&Path::new(REPO).join("tests/fixtures/good"))
            .expect("the good fixture's site.yaml loads");
        let fields = builtin_fields(config.taxonomies.keys());
        (config, fields)
    })
}

/// Text made of the pieces that matter to front matter, YAML and Markdown, so that the
/// generator reaches deep states more often than uniform characters would.
fn tricky_text() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("---\n".to_string()),
        Just("...\n".to_string()),
        Just("\r\n".to_string()),
        Just("\n".to_string()),
        Just("\t".to_string()),
        Just("\u{feff}".to_string()),
        Just("title: ".to_string()),
        Just("date: 2023-02-30\n".to_string()),
        Just("slug: ../../x\n".to_string()),
        Just("aliases: [/a/../b/, \"/c\\0\"]\n".to_string()),
        Just("institutions: [jinfeng-laboratory, ".to_string()),
        Just("tags:\n  - ".to_string()),
        Just("&a [*a, *a]".to_string()),
        Just("*a".to_string()),
        Just("{".to_string()),
        Just("[".to_string()),
        Just("\"".to_string()),
        Just("'".to_string()),
        Just("<script>alert(1)</script>".to_string()),
        Just("[link](@/news/2023/lab-opens.md#x)".to_string()),
        Just("## Heading {#id}\n".to_string()),
        Just("| a | b |\n|---|---|\n".to_string()),
        Just("[^1]: note\n".to_string()),
        Just("```\n".to_string()),
        Just("<!-- more -->".to_string()),
        Just("脑科学".to_string()),
        any::<String>(),
    ];
    prop::collection::vec(piece, 0..24).prop_map(|pieces| pieces.concat())
}

/// A path an author could write as a slug, permalink or alias: path-like pieces, Unicode,
/// control characters.
fn path_text() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("/".to_string()),
        Just("..".to_string()),
        Just(".".to_string()),
        Just("\\".to_string()),
        Just("%2e".to_string()),
        Just("%2f".to_string()),
        Just("\0".to_string()),
        Just("C:".to_string()),
        Just("con".to_string()),
        Just("{slug}".to_string()),
        Just("{year}".to_string()),
        Just("news".to_string()),
        Just("脑".to_string()),
        Just(" ".to_string()),
        any::<String>(),
    ];
    prop::collection::vec(piece, 0..12).prop_map(|pieces| pieces.concat())
}

/// A permalink pattern that parses: plain segments and placeholders between `/`s, so a
/// property about expanding patterns is not cut short by `parse` refusing most of them.
fn plain_pattern() -> impl Strategy<Value = String> {
    let segment = prop_oneof![
        Just("{slug}".to_string()),
        Just("{year}".to_string()),
        Just("{month}".to_string()),
        Just("{day}".to_string()),
        Just("news".to_string()),
        Just("脑科学".to_string()),
        Just("a-b_c~d".to_string()),
        "[a-z0-9]{1,8}",
    ];
    (prop::collection::vec(segment, 0..5), any::<bool>()).prop_map(|(segments, trailing)| {
        let mut pattern = format!("/{}/{{slug}}", segments.join("/"));
        if trailing {
            pattern.push('/');
        }
        pattern.replace("//", "/")
    })
}

/// A relative path of plain segments only: never absolute, never `..`, `.` or a prefix.
fn assert_inside(path: &Path) {
    assert!(!path.is_absolute(), "{path:?}");
    for component in path.components() {
        assert!(
            matches!(component, Component::Normal(_)),
            "{path:?} holds {component:?}"
        );
    }
    let text = path.to_string_lossy();
    assert!(!text.contains('\\') && !text.contains('\0'), "{path:?}");
}

fn render_body(body: &str, raw_html: bool) -> String {
    let no_items = IdIndex::default();
    let none = Keyed {
        index: &no_items,
        keys: Keys::Listed(&[]),
    };
    let known_urls = FastSet::default();
    let held_back = HashMap::new();
    let links = Links {
        base_path: "",
        by_content_path: none,
        by_url: none,
        known_urls: &known_urls,
        urls: &[],
        held_back: &held_back,
        section_urls: &FastMap::default(),
        bundles: &HashMap::new(),
        external_paths: &[],
        images: None,
    };
    let options = MarkdownOptions {
        raw_html,
        smart_punctuation: true,
        ..MarkdownOptions::default()
    };
    render(body, &options, &links, None).html
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn splitter_never_panics_and_returns_parts_of_the_text(text in tricky_text()) {
        if let Ok(parts) = split(&text) {
            prop_assert!(text.contains(parts.front_matter));
            prop_assert!(text.ends_with(parts.body));
            prop_assert!(parts.body_line >= 3);
        }
        let _ = KeyPositions::scan(&text, Format::Yaml, 1);
        let _ = KeyPositions::scan(&text, Format::Toml, 1);
    }

    #[test]
    fn loading_any_text_never_panics(text in tricky_text(), as_page in any::<bool>()) {
        let (config, fields) = site();
        let relative = if as_page { "about.md" } else { "news/2023/probe.md" };
        let (item, diagnostics) = load_text(Path::new(relative), &text, config, fields);
        // An item comes back only when nothing failed outright, and every error names the file.
        for d in &diagnostics {
            prop_assert!(d.file.ends_with(relative), "{d:?}");
        }
        if let Some(item) = item {
            prop_assert!(written_slug(&item.slug, false).is_ok() || diagnostics.iter().any(|d| d.is_error()));
        }
    }

    #[test]
    fn loading_arbitrary_bytes_never_panics(bytes in prop::collection::vec(any::<u8>(), 0..512)) {
        let (config, fields) = site();
        let text = String::from_utf8_lossy(&bytes);
        let _ = load_text(Path::new("news/2023/probe.md"), &text, config, fields);
    }

    #[test]
    fn slugs_are_one_safe_segment(text in path_text()) {
        let slug = slugify(&text);
        prop_assert!(!slug.contains(['/', '\\', '.', '%', '\0', ' ']), "{slug:?}");
        if !slug.is_empty() && written_slug(&slug, true).is_ok() {
            assert_inside(&output_path(&format!("/news/{slug}/")).expect("a safe slug makes a path"));
        }
        // A slug kept as written is one segment too.
        if let Ok(kept) = written_slug(&text, false) {
            prop_assert!(!kept.contains(['/', '\\', '%', ' ']), "{kept:?}");
            assert_inside(&output_path(&format!("/news/{kept}/")).expect("a kept slug makes a path"));
        }
    }

    #[test]
    fn no_permalink_leaves_the_output_folder(pattern in path_text(), slug in path_text()) {
        let Ok(permalink) = Permalink::parse(&pattern) else { return Ok(()) };
        let date = jiff::civil::Date::new(2023, 3, 6).expect("a real date");
        // The slug as the build makes it: written slugs are checked, then slugified.
        let slug = slugify(&slug);
        if let Ok(url) = permalink.expand(&slug, Some(date))
            && let Ok(path) = output_path(&url)
        {
            assert_inside(&path);
        }
    }

    #[test]
    fn a_plain_pattern_expanded_with_any_slug_stays_inside(pattern in plain_pattern(), slug in path_text()) {
        let permalink = Permalink::parse(&pattern);
        prop_assert!(permalink.is_ok(), "{pattern:?}: {permalink:?}");
        let date = jiff::civil::Date::new(2023, 3, 6).expect("a real date");
        let url = permalink.unwrap().expand(&slugify(&slug), Some(date)).expect("a date is given");
        if let Ok(path) = output_path(&url) {
            assert_inside(&path);
        }
    }

    #[test]
    fn no_url_path_leaves_the_output_folder(url in path_text()) {
        if let Ok(path) = output_path(&url) {
            assert_inside(&path);
        }
    }

    #[test]
    fn markdown_never_panics(text in tricky_text(), raw_html in any::<bool>()) {
        let _ = render_body(&text, raw_html);
    }

    #[test]
    fn without_raw_html_no_script_survives(text in tricky_text()) {
        let html = render_body(&text, false).to_ascii_lowercase();
        prop_assert!(!html.contains("<script"), "{html}");
    }
}

/// Inputs found by fuzzing or by the properties above, kept as plain tests.
mod regressions {
    use super::*;

    #[test]
    fn front_matter_of_only_fences_and_a_bom() {
        let (config, fields) = site();
        for text in [
            "\u{feff}---\n---\n",
            "---\r\n...\r\n",
            "---",
            "---\n\t---\n",
            "---\n:\n---\n",
        ] {
            let _ = load_text(Path::new("news/2023/probe.md"), text, config, fields);
        }
    }

    #[test]
    fn script_in_raw_html_is_escaped_when_raw_html_is_off() {
        let html = render_body("<script>alert(1)</script>\n\nText <SCRIPT src=x></SCRIPT>", false);
        assert!(!html.to_ascii_lowercase().contains("<script"), "{html}");
        assert!(html.contains("&lt;script&gt;"), "{html}");
    }
}

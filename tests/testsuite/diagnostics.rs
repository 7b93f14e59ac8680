//! What `gazette build` prints for each kind of site error: one fixture per kind, its stderr
//! snapshotted. Each snapshot was read: right file, line, column, caret and hint.

use crate::support::{Site, gazette};

/// Builds the fixture, expects exit 1, and returns the diagnostics.
fn failing_build(fixture: &str) -> String {
    Site::new(fixture).build(&[]).expect(1).diagnostics().to_string()
}

#[test]
fn bad_yaml_points_at_the_unclosed_quote() {
    let stderr = failing_build("bad_yaml");
    assert!(stderr.contains("--> content/news/launch.md:2:8"), "{stderr}");
    assert!(stderr.contains("a quote or bracket is not closed"), "{stderr}");
    insta::assert_snapshot!("bad_yaml", stderr);
}

#[test]
fn unknown_field_hints_the_nearest_field() {
    insta::assert_snapshot!("unknown_field", failing_build("unknown_field"));
}

#[test]
fn wrong_type_names_the_expected_type_under_the_value() {
    insta::assert_snapshot!("wrong_type", failing_build("wrong_type"));
}

#[test]
fn missing_required_field_is_named() {
    insta::assert_snapshot!("missing_required", failing_build("missing_required"));
}

#[test]
fn bad_enum_hints_the_nearest_value() {
    insta::assert_snapshot!("bad_enum", failing_build("bad_enum"));
}

#[test]
fn impossible_date_is_an_error_at_the_date() {
    insta::assert_snapshot!("impossible_date", failing_build("impossible_date"));
}

#[test]
fn bad_url_and_email_are_errors_under_their_values() {
    insta::assert_snapshot!("bad_url_email", failing_build("bad_url_email"));
}

#[test]
fn missing_reference_hints_the_nearest_slug() {
    insta::assert_snapshot!("missing_reference", failing_build("missing_reference"));
}

#[test]
fn missing_link_target_is_an_error_at_the_link() {
    insta::assert_snapshot!("missing_link_target", failing_build("missing_link_target"));
}

#[test]
fn missing_anchor_lists_the_targets_ids() {
    insta::assert_snapshot!("missing_anchor", failing_build("missing_anchor"));
}

#[test]
fn duplicate_permalink_names_both_files() {
    insta::assert_snapshot!("duplicate_permalink", failing_build("duplicate_permalink"));
}

#[test]
fn unclosed_front_matter_is_an_error() {
    insta::assert_snapshot!("unclosed_front_matter", failing_build("unclosed_front_matter"));
}

#[test]
fn invalid_utf8_is_an_error_at_the_bad_byte() {
    let site = Site::new("invalid_utf8");
    // Latin-1 "é" (0xE9): what an editor set to another encoding saves.
    site.write(
        "content/news/launch.md",
        b"---\ntitle: Caf\xe9 opens\ndate: 2023-03-06\n---\n\nBody.\n",
    );
    let run = site.build(&[]).expect(1);
    insta::assert_snapshot!("invalid_utf8", run.diagnostics());
}

#[test]
fn bad_config_is_an_error_at_its_line_and_column() {
    insta::assert_snapshot!("bad_config", failing_build("bad_config"));
}

#[test]
fn bad_config_hints_the_nearest_key() {
    let stderr = failing_build("bad_config");
    assert!(stderr.contains("did you mean `per_page`?"), "{stderr}");
    assert!(stderr.contains("|     ^^^^^^^^\n"), "{stderr}");
    assert!(!stderr.contains("invalid YAML"), "{stderr}");
}

#[test]
fn hint_lines_up_with_the_gutter_past_line_9() {
    let stderr = failing_build("bad_config");
    let gutter = stderr.lines().find(|l| l.trim() == "|").expect("a gutter line");
    let hint = stderr
        .lines()
        .find(|l| l.contains("= hint"))
        .expect("a hint line");
    assert_eq!(gutter.find('|'), hint.find('='), "{stderr}");
}

#[test]
fn template_syntax_error_names_the_template_and_line() {
    insta::assert_snapshot!("template_syntax_error", failing_build("template_syntax_error"));
}

#[test]
fn unknown_theme_lists_the_themes_there() {
    insta::assert_snapshot!("unknown_theme", failing_build("unknown_theme"));
}

#[test]
fn many_errors_in_many_files_are_all_reported_in_one_run() {
    let stderr = failing_build("many_errors");
    assert!(stderr.contains("error: 6 problems in 4 files"), "{stderr}");
    insta::assert_snapshot!("many_errors", stderr);
}

#[test]
fn folder_without_site_yaml_is_a_usage_error() {
    let dir = tempfile::tempdir().expect("create a temporary folder");
    let run = gazette(dir.path(), &["build".as_ref()]).expect(2);
    assert!(run.stderr.contains("no site.yaml in ."), "{}", run.stderr);
    assert!(!dir.path().join("output").exists());
}

#[test]
fn base_url_flag_without_scheme_is_a_usage_error() {
    let site = Site::new("good");
    let run = site.build(&["--base-url", "example.org/portal"]).expect(2);
    assert!(run.diagnostics().contains("--base-url"), "{}", run.stderr);
    assert!(!site.has_output("index.html"));
}

#[test]
fn unknown_includes_filters_and_functions_are_errors_at_their_templates_lines() {
    let site = Site::new("good");
    site.write(
        "themes/mini/templates/term.html",
        "{% extends \"base.html\" %}\n{% block content %}\n{% include \"partials/nav.html\" %}\n{% endblock content %}\n",
    );
    site.write(
        "themes/mini/templates/news.html",
        "{% extends \"base.html\" %}\n{% block content %}{{ page.title | shout }}\n{{ nofunc() }}{% endblock content %}\n",
    );
    let stderr = site.build(&[]).expect(1).diagnostics().to_string();
    for locus in [
        "--> themes/mini/templates/term.html:3:12",
        "--> themes/mini/templates/news.html:2:36",
        "--> themes/mini/templates/news.html:3:4",
    ] {
        assert!(stderr.contains(locus), "{locus} missing:\n{stderr}");
    }
    assert!(!stderr.contains("error: template error: error:"), "{stderr}");
    insta::assert_snapshot!("unknown_template_references", stderr);
}

#[test]
fn every_site_yaml_mistake_is_reported_in_one_run_each_at_its_value() {
    let site = Site::new("good");
    let config = site
        .read("site.yaml")
        .replace("title: Good Site", "titel: Good Site\ntitle: Good Site")
        .replace("founded: { type: integer }", "founded: { type: integr }")
        .replace("per_page: 2", "per_page: two")
        .replace(
            "    permalink: /tags/{slug}/",
            "    permalink: /tags/{slug}/\n    per_pag: 5",
        );
    site.write("site.yaml", config);
    let stderr = site.build(&[]).expect(1).diagnostics().to_string();
    assert!(stderr.contains("4 problems in 1 file"), "{stderr}");
    insta::assert_snapshot!("site_yaml_mistakes", stderr);
}

#[test]
fn an_authors_first_mistakes_are_said_in_plain_words_with_the_fix() {
    let site = Site::new("good");
    site.write(
        "content/institutions/indented-lab.md",
        "---\ntitle: Indented lab\n kind: laboratory\n---\nText.\n",
    );
    let news = "content/news/2023/lab-opens.md";
    let text = site.read(news);
    let title = text
        .lines()
        .find(|l| l.starts_with("title:"))
        .unwrap()
        .to_string();
    site.write(news, text.replacen(&title, "title: Lab opens: a new era", 1));
    let backs = "content/news/2023/university-backs-lab.md";
    site.write(
        backs,
        site.read(backs)
            .replacen("date: 2023-", "date: 2023-13-01\nupdated: 2023-", 1),
    );
    site.write(
        "content/news/2023/three-projects.md",
        "---\ntitle: Three projects\ndate: 2023-03-06\ninstitutions: [harbour-institute]\n---\nText.\n",
    );
    site.write(
        "content/institutions/new-lab.md",
        "---\ntitle: New lab\nkind:\n---\nText.\n",
    );
    let stderr = site.build(&[]).expect(1).diagnostics().to_string();
    for plain in [
        "put the value in quotes: title: \"Lab opens: a new era\"",
        "indented more than the key before it",
        "there is no month 13",
        "`gazette new institutions \"Its title\"` makes a new one",
        "the required field `kind` is empty",
    ] {
        assert!(stderr.contains(plain), "no {plain:?} in\n{stderr}");
    }
    for library in [
        "mapping values are not allowed",
        "parameter 'month'",
        "did not find expected key",
    ] {
        assert!(!stderr.contains(library), "{library:?} leaks into\n{stderr}");
    }
    insta::assert_snapshot!("first_mistakes", stderr);
}

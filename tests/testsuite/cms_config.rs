//! The editors' configuration made from the schema: Decap CMS's `/admin/config.yml` with a
//! widget and its rules for every field type, `/admin/` itself, VS Code's
//! `frontmatter.json` from `gazette cms`, and `check` failing when that file has drifted.

use crate::support::Site;

/// Every field type of the schema, with the rules a form must carry.
const SCHEMA: &str = r#"title: Every Field
base_url: https://example.org/
theme: mini
cms:
  backend: { name: gitea, repo: owner/site, branch: main, base_url: https://git.example.org }
collections:
  institutions:
    title: Institutions
    permalink: /institutions/{slug}/
    sort: title
    fields:
      kind: { type: enum, values: [laboratory, university, institute], required: true, description: What the institution is. }
      founded: { type: integer }
      share: { type: float, default: 0.5 }
      listed: { type: bool, default: true }
      website: { type: url }
      contact: { type: email }
      motto: { type: text }
      parent: { type: reference, collection: institutions }
      logo: { type: image }
      opened: { type: datetime }
      aliases_of: { type: list, of: { type: string } }
      fields_of: { type: list, of: { type: enum, values: [biology, physics] } }
      photos: { type: list, of: { type: image } }
  news:
    title: News
    permalink: /news/{year}/{month}/{slug}/
    sort: -date
    fields:
      date: { type: date, required: true }
      institutions:
        type: list
        of: { type: reference, collection: institutions }
        required: true
taxonomies:
  tags:
    title: Tags
"#;

fn every_field_site() -> Site {
    let site = Site::new("good");
    site.write("site.yaml", SCHEMA);
    site
}

#[test]
fn the_decap_configuration_holds_every_field_type_and_rule() {
    let site = every_field_site();
    site.build(&[]).expect(0);
    let config = site.output("admin/config.yml");
    insta::assert_snapshot!("decap_config_every_field", config);
    let yaml: serde_yaml::Value = serde_yaml::from_str(&config).expect("config.yml is YAML");
    let news = &yaml["collections"][1];
    assert_eq!(news["name"], "news");
    assert_eq!(news["folder"], "content/news");
    assert_eq!(news["path"], "{{year}}/{{month}}/{{slug}}");
    let field = |collection: &serde_yaml::Value, name: &str| {
        collection["fields"]
            .as_sequence()
            .and_then(|fields| fields.iter().find(|f| f["name"] == name))
            .cloned()
            .unwrap_or_else(|| panic!("no field `{name}` in {collection:?}"))
    };
    let institutions = field(news, "institutions");
    assert_eq!(institutions["widget"], "relation");
    assert_eq!(institutions["collection"], "institutions");
    assert_eq!(institutions["value_field"], "{{slug}}");
    assert_eq!(institutions["multiple"], true);
    assert_eq!(institutions["required"], true);
    let parent = field(&yaml["collections"][0], "parent");
    assert_eq!(
        (&parent["widget"], &parent["collection"]),
        (&"relation".into(), &"institutions".into())
    );
    assert_eq!(parent["required"], false);
    let kind = field(&yaml["collections"][0], "kind");
    assert_eq!(kind["hint"], "What the institution is.");
    // The tags the items carry are offered, so a tag is picked rather than misspelt.
    let tags = field(news, "tags");
    assert_eq!(tags["widget"], "select");
    assert!(
        tags["options"]
            .as_sequence()
            .is_some_and(|o| o.iter().any(|t| t == "brain science")),
        "{tags:?}"
    );
    assert_eq!(yaml["backend"]["name"], "gitea");
}

#[test]
fn the_admin_page_loads_the_pinned_editor_and_points_it_at_serve() {
    let site = every_field_site();
    site.build(&[]).expect(0);
    let page = site.output("admin/index.html");
    assert!(
        page.contains(r#"<script src="https://unpkg.com/decap-cms@3.16.3/dist/decap-cms.js">"#),
        "{page}"
    );
    assert!(page.contains(r#"location.origin + "/admin/api/v1""#), "{page}");
    assert!(
        page.contains(r#"<meta name="robots" content="noindex">"#),
        "{page}"
    );
    // A self-hosted copy is loaded from the site, under its base path.
    site.write(
        "site.yaml",
        SCHEMA
            .replace(
                "base_url: https://example.org/",
                "base_url: https://example.org/portal/",
            )
            .replace("cms:\n", "cms:\n  script: /admin/decap-cms.js\n"),
    );
    site.build(&[]).expect(0);
    let page = site.output("admin/index.html");
    assert!(
        page.contains(r#"<script src="/portal/admin/decap-cms.js">"#),
        "{page}"
    );
    assert!(
        page.contains(r#"location.origin + "/portal/admin/api/v1""#),
        "{page}"
    );
}

#[test]
fn without_cms_there_is_no_admin() {
    let site = Site::new("good");
    site.build(&[]).expect(0);
    assert!(!site.has_output("admin/index.html"));
    assert!(!site.has_output("admin/config.yml"));
}

#[test]
fn a_wrong_cms_setting_is_an_error_at_its_key() {
    let site = every_field_site();
    site.write(
        "site.yaml",
        SCHEMA.replace("cms:\n", "cms:\n  media_folder: ../uploads\n"),
    );
    let run = site.build(&[]).expect(1);
    let stderr = run.diagnostics();
    assert!(
        stderr.contains("media_folder `../uploads` is not a folder under static/"),
        "{stderr}"
    );
    assert!(stderr.contains("--> site.yaml:5:3"), "{stderr}");
}

#[test]
fn gazette_cms_writes_front_matter_content_types_and_check_catches_drift() {
    let site = every_field_site();
    site.cms(&["--check"]).expect(1);
    site.cms(&[]).expect(0);
    let written = site.read("frontmatter.json");
    insta::assert_snapshot!("front_matter_every_field", written);
    let json: serde_json::Value = serde_json::from_str(&written).expect("frontmatter.json is JSON");
    let news = &json["frontMatter.taxonomy.contentTypes"][1];
    let institutions = news["fields"]
        .as_array()
        .and_then(|f| f.iter().find(|f| f["name"] == "institutions"))
        .expect("news has institutions");
    assert_eq!(institutions["type"], "contentRelationship");
    assert_eq!(institutions["contentTypeName"], "institutions");
    assert_eq!(institutions["contentTypeValue"], "slug");
    site.cms(&["--check"]).expect(0);
    site.check(&[]).expect(0);
    // The schema changes and the committed file does not: check fails and names the fix.
    site.write(
        "site.yaml",
        SCHEMA.replace(
            "values: [laboratory, university, institute]",
            "values: [laboratory, university, institute, company]",
        ),
    );
    let run = site.check(&[]).expect(1);
    let stderr = run.diagnostics();
    assert!(
        stderr.contains("frontmatter.json no longer matches the collections of site.yaml"),
        "{stderr}"
    );
    assert!(stderr.contains("run `gazette cms`"), "{stderr}");
    site.cms(&["--check"]).expect(1);
    site.cms(&[]).expect(0);
    site.check(&[]).expect(0);
}

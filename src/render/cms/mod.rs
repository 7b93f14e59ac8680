//! The editors for authors who do not use a terminal, generated from the site's schema:
//! `/admin/` (Decap CMS or Sveltia CMS, with its `config.yml`) when `cms:` is set, and the
//! content types of VS Code's Front Matter CMS (`frontmatter.json`, which `gazette cms`
//! writes into the site's folder because the editor reads it from there).
//!
//! Both are made from the same reading of the schema, so a field is the same field in
//! every editor: its widget, whether it is required, its default, its values, the
//! collection it references, and its description as a hint.

pub mod decap;
pub mod front_matter;

use indexmap::IndexMap;

use crate::load::config::title_case;
use crate::model::config::{Cms, CmsApp, Collection, STATIC_DIR, SiteConfig};
use crate::model::schema::{FieldSpec, FieldValue};
use crate::model::site::Site;
use crate::render::values::escape_html as escape;

/// The URL path of the editor's page.
pub const ADMIN_URL: &str = "/admin/";
/// The URL path of its configuration, beside the page.
pub const CONFIG_URL: &str = "/admin/config.yml";
/// Where `gazette serve` answers the editor's local API, beside the page.
pub const API_URL: &str = "/admin/api/v1";

/// `/admin/index.html`: loads the editor, which reads `config.yml` beside it. On this machine
/// (`localhost`), Decap is told where `gazette serve` answers, so edits are saved into the
/// working copy and rebuilt at once; anywhere else it saves through its git backend.
pub fn admin_page(config: &SiteConfig, cms: &Cms) -> String {
    let base = &config.base_path;
    let title = escape(&config.title);
    let script = escape(&script_url(config, cms));
    let lang = escape(&config.language);
    let start = match cms.app {
        CmsApp::Decap => format!(
            "<script>window.CMS_MANUAL_INIT = true;</script>\n<script src=\"{script}\"></script>\n<script>\n\
             // On this machine, `gazette serve` answers the editing API beside this page.\n\
             var local = [\"localhost\", \"127.0.0.1\"].indexOf(location.hostname) >= 0;\n\
             CMS.init({{ config: local ? {{ local_backend: {{ url: location.origin + \"{base}{API_URL}\" }} }} : {{}} }});\n\
             </script>\n"
        ),
        CmsApp::Sveltia => format!("<script src=\"{script}\" type=\"module\"></script>\n"),
    };
    format!(
        "<!doctype html>\n<html lang=\"{lang}\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <meta name=\"robots\" content=\"noindex\">\n<title>Edit · {title}</title>\n\
         </head>\n<body>\n{start}</body>\n</html>\n"
    )
}

/// The editor's script: its URL, or a path of the site under its base path.
fn script_url(config: &SiteConfig, cms: &Cms) -> String {
    if cms.script.starts_with('/') {
        format!("{}{}", config.base_path, cms.script)
    } else {
        cms.script.clone()
    }
}

/// The URL path uploads are published under: the media folder without `static/`.
pub fn public_folder(cms: &Cms) -> String {
    let inside = cms
        .media_folder
        .strip_prefix(STATIC_DIR)
        .unwrap_or(&cms.media_folder);
    if inside.is_empty() {
        "/".into()
    } else {
        inside.to_string()
    }
}

/// The fields a collection's form shows besides its own: the title first; tags and the
/// other taxonomies, the summary and the draft switch after its own fields.
pub(crate) fn built_in_fields(config: &SiteConfig, collection: &Collection) -> Vec<(String, FieldSpec)> {
    let mut names = vec!["title".to_string()];
    names.extend(config.taxonomies.keys().cloned());
    names.extend(["summary".to_string(), "draft".to_string()]);
    names
        .into_iter()
        .filter_map(|name| {
            let spec = collection.fields.get(&name)?;
            spec.builtin.then(|| (name, spec.clone()))
        })
        .collect()
}

/// The order of a collection's form: title, its own fields, then the other built-ins.
pub(crate) fn form_fields(config: &SiteConfig, collection: &Collection) -> Vec<(String, FieldSpec)> {
    let built_in = built_in_fields(config, collection);
    let mut fields: Vec<(String, FieldSpec)> = built_in.iter().take(1).cloned().collect();
    fields.extend(
        collection
            .fields
            .iter()
            .filter(|(_, spec)| !spec.builtin)
            .map(|(name, spec)| (name.clone(), spec.clone())),
    );
    fields.extend(built_in.into_iter().skip(1));
    fields
}

/// A field's label: `research_fields` → `Research fields`.
pub(crate) fn label(name: &str) -> String {
    title_case(name)
}

/// Where a new item is filed below its collection's folder, in the editor's placeholders:
/// `/news/{year}/{slug}/` → `{{year}}/{{slug}}`, as `gazette new` files it.
pub(crate) fn path_pattern(collection: &Collection, (open, close): (&str, &str)) -> String {
    let pattern = collection.permalink.as_str();
    let after_list = &pattern[collection.permalink.prefix_before_placeholders().len()..];
    let mut parts: Vec<String> = after_list
        .split('/')
        .take_while(|segment| !segment.contains("{slug}"))
        .filter(|segment| !segment.is_empty())
        .map(|segment| {
            ["year", "month", "day"]
                .iter()
                .fold(segment.to_string(), |s, unit| {
                    s.replace(&format!("{{{unit}}}"), &format!("{open}{unit}{close}"))
                })
        })
        .filter(|segment| !segment.contains('{') || segment.contains(open))
        .collect();
    parts.push(format!("{open}slug{close}"));
    parts.join("/")
}

/// The terms an author picks a taxonomy's values from: those `site.yaml` names, then those
/// the items already carry, each once.
pub(crate) fn tag_choices(site: &Site, taxonomy: &str) -> Vec<String> {
    let mut choices: IndexMap<String, ()> = IndexMap::new();
    if let Some(declared) = site.config.taxonomies.get(taxonomy) {
        for term in &declared.term_names {
            choices.insert(term.written.clone(), ());
        }
    }
    if let Some(used) = site.taxonomies.get(taxonomy) {
        let mut names: Vec<&str> = used.iter().map(|term| term.name.as_str()).collect();
        names.sort_unstable();
        for name in names {
            let known = choices
                .keys()
                .any(|c| crate::model::permalink::slugify(c) == crate::model::permalink::slugify(name));
            if !known {
                choices.insert(name.to_string(), ());
            }
        }
    }
    choices.into_keys().collect()
}

/// A field's default as the editors write it: dates in their ISO form, a datetime as written.
pub(crate) fn default_value(value: &FieldValue) -> serde_json::Value {
    match value {
        FieldValue::String(text) | FieldValue::Reference(text) => text.clone().into(),
        FieldValue::Integer(n) => (*n).into(),
        FieldValue::Float(n) => (*n).into(),
        FieldValue::Bool(b) => (*b).into(),
        FieldValue::Date(date) => date.to_string().into(),
        FieldValue::DateTime { text, .. } => text.to_string().into(),
        FieldValue::List(values) => serde_json::Value::Array(values.iter().map(default_value).collect()),
    }
}

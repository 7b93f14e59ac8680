//! The new site's `site.yaml`: the old site's title and address, one collection per chosen
//! folder with the fields inferred from its files, the taxonomies, and the settings that
//! make gazette treat the content as the old generator did.
//!
//! A setting is written only when this gazette reads it (`accepts_setting`); one it does
//! not is left as a comment, so the file always loads and the reader sees what to turn on.

use serde_yaml::{Mapping, Value};

use super::collections::CollectionPlan;
use super::schema::{Inferred, declaration};
use crate::load::config::{accepts_setting, title_case};

/// What `site.yaml` is made from.
pub(crate) struct SiteYaml<'a> {
    pub generator: &'a str,
    pub title: &'a str,
    pub base_url: &'a str,
    pub description: Option<&'a str>,
    pub language: Option<&'a str>,
    pub collections: &'a [(CollectionPlan, Inferred)],
    pub taxonomies: &'a [String],
    pub term_permalinks: &'a [(String, String)],
    pub settings: &'a [(String, String)],
}

impl SiteYaml<'_> {
    /// The file's text.
    pub(crate) fn text(&self) -> String {
        let mut top = Mapping::new();
        top.insert("title".into(), self.title.into());
        top.insert("base_url".into(), self.base_url.into());
        if let Some(language) = self.language {
            top.insert("language".into(), language.into());
        }
        if let Some(description) = self.description.filter(|d| !d.trim().is_empty()) {
            top.insert("description".into(), description.trim().into());
        }
        top.insert("theme".into(), "default".into());
        let mut text = format!(
            "# site.yaml, written by `gazette import {}`. Every key is described in gazette's\n# docs/configuration.md; the fields were inferred from the imported files.\n",
            self.generator
        );
        text.push_str(&to_yaml(&top));
        let mut disabled = Vec::new();
        for (key, value) in self.settings {
            let parsed: Value = serde_yaml::from_str(value).unwrap_or_else(|_| value.as_str().into());
            if accepts_setting(key, &parsed) {
                let mut one = Mapping::new();
                one.insert(key.as_str().into(), parsed);
                text.push_str(&to_yaml(&one));
            } else {
                disabled.push(format!("# {key}: {value}\n"));
            }
        }
        if !disabled.is_empty() {
            text.push_str(
                "# Settings the old site implies that this version of gazette does not read yet:\n",
            );
            text.extend(disabled);
        }
        if !self.collections.is_empty() {
            let mut collections = Mapping::new();
            for (plan, fields) in self.collections {
                collections.insert(
                    plan.name.as_str().into(),
                    Value::Mapping(collection(plan, fields)),
                );
            }
            let mut wrapper = Mapping::new();
            wrapper.insert("collections".into(), Value::Mapping(collections));
            text.push('\n');
            text.push_str(&to_yaml(&wrapper));
        }
        if !self.taxonomies.is_empty() {
            let mut taxonomies = Mapping::new();
            for name in self.taxonomies {
                let mut taxonomy = Mapping::new();
                taxonomy.insert("title".into(), title_case(name).into());
                if let Some((_, pattern)) = self.term_permalinks.iter().find(|(t, _)| t == name) {
                    taxonomy.insert("permalink".into(), pattern.as_str().into());
                }
                taxonomies.insert(name.as_str().into(), Value::Mapping(taxonomy));
            }
            let mut wrapper = Mapping::new();
            wrapper.insert("taxonomies".into(), Value::Mapping(taxonomies));
            text.push('\n');
            text.push_str(&to_yaml(&wrapper));
        }
        text
    }
}

fn collection(plan: &CollectionPlan, inferred: &Inferred) -> Mapping {
    let mut m = Mapping::new();
    let title = plan
        .options
        .title
        .clone()
        .unwrap_or_else(|| title_case(&plan.name));
    m.insert("title".into(), title.into());
    match plan.folder.as_str() {
        "" => {
            m.insert("folder".into(), ".".into());
        }
        folder if folder != plan.name => {
            m.insert("folder".into(), folder.into());
        }
        _ => {}
    }
    m.insert("permalink".into(), plan.permalink.as_str().into());
    if let Some(sort) = &plan.options.sort {
        m.insert("sort".into(), sort.as_str().into());
    }
    if let Some(per_page) = plan.options.per_page {
        m.insert("per_page".into(), per_page.into());
    }
    if !inferred.fields.is_empty() {
        let mut schema = Mapping::new();
        for field in &inferred.fields {
            let mut spec = declaration(&field.kind);
            if field.required {
                spec.insert("required".into(), true.into());
            }
            schema.insert(field.name.as_str().into(), Value::Mapping(spec));
        }
        m.insert("fields".into(), Value::Mapping(schema));
    }
    m
}

fn to_yaml(mapping: &Mapping) -> String {
    serde_yaml::to_string(mapping).expect("a mapping of strings, numbers and lists serializes")
}

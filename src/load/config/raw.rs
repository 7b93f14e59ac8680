//! `site.yaml` as serde reads it, before it is checked: unknown keys are refused here, so a
//! typo is an error at its line and column.

use indexmap::IndexMap;
use serde::Deserialize;

use crate::model::config::{FeedContent, ImageSettings, LinkProblems, MarkdownOptions};

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawConfig {
    pub(super) title: String,
    pub(super) base_url: String,
    pub(super) language: Option<String>,
    #[serde(default)]
    pub(super) languages: Vec<RawLanguage>,
    #[serde(default)]
    pub(super) prefix_default_language: bool,
    pub(super) fallback: Option<bool>,
    pub(super) description: Option<String>,
    pub(super) theme: Option<String>,
    pub(super) params: Option<serde_yaml::Value>,
    #[serde(default)]
    pub(super) collections: IndexMap<String, RawCollection>,
    #[serde(default)]
    pub(super) taxonomies: IndexMap<String, RawTaxonomy>,
    pub(super) markdown: Option<MarkdownOptions>,
    pub(super) images: Option<ImageSettings>,
    pub(super) feed_limit: Option<usize>,
    pub(super) feed_content: Option<FeedContent>,
    pub(super) repo_url: Option<String>,
    pub(super) repo_branch: Option<String>,
    pub(super) search: Option<RawSearch>,
    pub(super) logo: Option<String>,
    pub(super) cms: Option<RawCms>,
    pub(super) slugify: Option<bool>,
    pub(super) links: Option<LinkProblems>,
    #[serde(default)]
    pub(super) external_paths: Vec<String>,
}

/// `cms:` as written: `true`, `false`, or its settings.
#[derive(Debug)]
pub(super) enum RawCms {
    On(bool),
    Settings(RawCmsSettings),
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawCmsSettings {
    pub(super) app: Option<String>,
    pub(super) script: Option<String>,
    pub(super) backend: Option<serde_yaml::Mapping>,
    pub(super) media_folder: Option<String>,
}

impl<'de> Deserialize<'de> for RawCms {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Visitor;
        impl<'de> serde::de::Visitor<'de> for Visitor {
            type Value = RawCms;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("true, false, or a map of `app`, `script`, `backend` and `media_folder`")
            }
            fn visit_bool<E>(self, on: bool) -> Result<RawCms, E> {
                Ok(RawCms::On(on))
            }
            fn visit_map<M: serde::de::MapAccess<'de>>(self, map: M) -> Result<RawCms, M::Error> {
                let settings =
                    RawCmsSettings::deserialize(serde::de::value::MapAccessDeserializer::new(map))?;
                Ok(RawCms::Settings(settings))
            }
        }
        deserializer.deserialize_any(Visitor)
    }
}

/// `search:` as written: `true`, `false`, or its settings.
#[derive(Debug)]
pub(super) enum RawSearch {
    /// `search: true` or `search: false`.
    On(bool),
    /// `search: { filters: …, show: …, weight: … }`: on, with these settings.
    Settings(RawSearchSettings),
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawSearchSettings {
    pub(super) filters: Option<Vec<String>>,
    pub(super) show: Option<Vec<String>>,
    #[serde(default)]
    pub(super) weight: IndexMap<String, f32>,
}

// By hand rather than `#[serde(untagged)]`, whose one error for every mistake ("did not
// match any variant") would hide which key of the settings is wrong.
impl<'de> Deserialize<'de> for RawSearch {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Visitor;
        impl<'de> serde::de::Visitor<'de> for Visitor {
            type Value = RawSearch;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("true, false, or a map of `filters`, `show` and `weight`")
            }
            fn visit_bool<E>(self, on: bool) -> Result<RawSearch, E> {
                Ok(RawSearch::On(on))
            }
            fn visit_map<M: serde::de::MapAccess<'de>>(self, map: M) -> Result<RawSearch, M::Error> {
                let settings =
                    RawSearchSettings::deserialize(serde::de::value::MapAccessDeserializer::new(map))?;
                Ok(RawSearch::Settings(settings))
            }
        }
        deserializer.deserialize_any(Visitor)
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawCollection {
    pub(super) title: Option<String>,
    pub(super) folder: Option<String>,
    pub(super) permalink: Option<String>,
    pub(super) sort: Option<String>,
    pub(super) per_page: Option<usize>,
    #[serde(default)]
    pub(super) feed: bool,
    #[serde(default)]
    pub(super) fields: IndexMap<String, RawField>,
    #[serde(default)]
    pub(super) intro_fields: IndexMap<String, RawField>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawLanguage {
    pub(super) code: String,
    pub(super) name: Option<String>,
    pub(super) title: Option<String>,
    pub(super) description: Option<String>,
    pub(super) prefix: Option<String>,
    pub(super) params: Option<serde_yaml::Value>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawTaxonomy {
    pub(super) title: Option<String>,
    pub(super) permalink: Option<String>,
    pub(super) per_page: Option<usize>,
    #[serde(default)]
    pub(super) terms: IndexMap<String, IndexMap<String, String>>,
}

/// A field as written in `site.yaml`, before its type is checked.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawField {
    /// The type's name.
    #[serde(rename = "type")]
    pub type_name: String,
    /// Must every item set it?
    #[serde(default)]
    pub required: bool,
    /// Value when an item does not set it.
    pub default: Option<serde_yaml::Value>,
    /// Allowed values of an `enum`.
    pub values: Option<Vec<String>>,
    /// Element type of a `list`.
    pub of: Option<Box<RawField>>,
    /// Target of a `reference`.
    pub collection: Option<String>,
    /// Free text for people reading the config.
    pub description: Option<String>,
}

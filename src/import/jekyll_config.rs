//! What a Jekyll site's `_config.yml` says about URLs and front matter: the permalink
//! styles and patterns of posts and collections, in Jekyll's form and in gazette's, the
//! collections it declares, and the front matter defaults that decide a page's URL.

use serde_yaml::{Mapping, Value};

use super::source::clean_path;
use crate::model::permalink::slugify;

/// The posts' collection and folder in the new site.
pub(crate) const POSTS: &str = "posts";

/// Jekyll's permalink style as a full pattern with Jekyll's placeholders.
pub(crate) fn style_pattern(style: &str) -> String {
    match style {
        "date" => "/:categories/:year/:month/:day/:title:output_ext",
        "pretty" => "/:categories/:year/:month/:day/:title/",
        "ordinal" => "/:categories/:year/:y_day/:title:output_ext",
        "weekdate" => "/:categories/:year/W:week/:short_day/:title:output_ext",
        "none" => "/:categories/:title:output_ext",
        custom => custom,
    }
    .to_string()
}

/// The posts' pattern in gazette's form, with `categories` (a `category_path`) for its
/// `:categories`: gazette has no placeholder for them.
pub(crate) fn gazette_pattern(style: &str, categories: &str) -> Option<String> {
    let pattern = match categories {
        "" => style_pattern(style).replace("/:categories", ""),
        categories => style_pattern(style).replace(":categories", categories),
    };
    let pattern = pattern
        .replace(":output_ext", ".html")
        .replace(":year", "{year}")
        .replace(":month", "{month}")
        .replace(":day", "{day}")
        .replace(":title", "{slug}")
        .replace(":slug", "{slug}");
    (!pattern.contains(':')).then_some(pattern)
}

/// What `:categories` stands for: the categories as slugs, each once, joined by `/`.
pub(crate) fn category_path(categories: &[String]) -> String {
    let mut slugs: Vec<String> = Vec::new();
    for slug in categories.iter().map(|c| slugify(c)) {
        if !slug.is_empty() && !slugs.contains(&slug) {
            slugs.push(slug);
        }
    }
    slugs.join("/")
}

/// A post's old URL by the style.
pub(crate) fn post_url(style: &str, categories: &str, date: &str, slug: &str) -> String {
    let url = style_pattern(style)
        .replace(":categories", categories)
        .replace(":output_ext", ".html")
        .replace(":year", date.get(..4).unwrap_or(""))
        .replace(":month", date.get(5..7).unwrap_or(""))
        .replace(":day", date.get(8..10).unwrap_or(""))
        .replace(":title", slug)
        .replace(":slug", &slugify(slug));
    let mut clean = String::from("/");
    clean.push_str(
        &url.split('/')
            .filter(|s| !s.is_empty())
            .collect::<Vec<_>>()
            .join("/"),
    );
    if url.ends_with('/') && clean != "/" {
        clean.push('/');
    }
    clean
}

/// The term pages' URLs that plugins give tags and categories: jekyll-paginate-v2's
/// `autopages` (`permalink: /tag/:tag`) and jekyll/tagging's `tag_page_dir`.
pub(crate) fn term_permalinks(config: &Mapping) -> Vec<(String, String)> {
    let mut found = Vec::new();
    for (taxonomy, placeholder) in [("tags", ":tag"), ("categories", ":cat")] {
        let autopage = config
            .get("autopages")
            .and_then(|a| a.get(taxonomy))
            .and_then(|t| t.get("permalink"))
            .and_then(Value::as_str);
        if let Some(pattern) = autopage.filter(|p| p.contains(placeholder)) {
            let pattern = format!("/{}/", pattern.replace(placeholder, "{slug}").trim_matches('/'));
            found.push((taxonomy.to_string(), pattern));
        }
    }
    if let Some(dir) = config.get("tag_page_dir").and_then(Value::as_str)
        && !found.iter().any(|(t, _)| t == "tags")
    {
        found.push((
            "tags".to_string(),
            format!("/{}/{{slug}}/", dir.trim_matches('/')),
        ));
    }
    found
}

/// A collection's permalink pattern as `_config.yml` writes it.
pub(crate) fn collection_pattern(config: &Mapping, name: &str) -> String {
    config
        .get("collections")
        .and_then(|c| c.get(name))
        .and_then(|c| c.get("permalink"))
        .and_then(Value::as_str)
        .unwrap_or("/:collection/:path:output_ext")
        .to_string()
}

/// `_config.yml`'s front matter defaults, for the keys that decide a page's URL or whether
/// it is published: other keys set up layouts, which are not converted.
pub(crate) struct Defaults {
    /// (path prefix, type, values).
    scopes: Vec<(String, Option<String>, Mapping)>,
}

/// The keys `Defaults` gives files.
const DEFAULT_KEYS: &[&str] = &["permalink", "category", "categories", "published"];

impl Defaults {
    pub(crate) fn read(config: &Mapping) -> Defaults {
        let scopes = config
            .get("defaults")
            .and_then(Value::as_sequence)
            .into_iter()
            .flatten()
            .filter_map(|entry| {
                let scope = entry.get("scope");
                let path = scope
                    .and_then(|s| s.get("path"))
                    .and_then(Value::as_str)
                    .unwrap_or("");
                let kind = scope
                    .and_then(|s| s.get("type"))
                    .and_then(Value::as_str)
                    .map(str::to_string);
                let values = entry.get("values")?.as_mapping()?.clone();
                Some((clean_path(path), kind, values))
            })
            .collect();
        Defaults { scopes }
    }

    /// Gives `front` the defaults of its scopes that it does not set itself.
    pub(crate) fn apply(&self, relative: &str, kind: &str, front: &mut Mapping) {
        for (path, scope_kind, values) in &self.scopes {
            let in_path = path.is_empty() || relative == path || relative.starts_with(&format!("{path}/"));
            if !in_path || scope_kind.as_deref().is_some_and(|k| k != kind) {
                continue;
            }
            for key in DEFAULT_KEYS {
                if let Some(value) = values.get(*key)
                    && !front.contains_key(*key)
                {
                    front.insert((*key).into(), value.clone());
                }
            }
        }
    }
}

/// The collections `_config.yml` declares (a list of names or a mapping), posts aside.
pub(crate) fn collection_names(config: &Mapping) -> Vec<String> {
    match config.get("collections") {
        Some(Value::Mapping(map)) => map.keys().filter_map(Value::as_str).map(str::to_string).collect(),
        Some(Value::Sequence(list)) => list
            .iter()
            .filter_map(Value::as_str)
            .map(str::to_string)
            .collect(),
        _ => Vec::new(),
    }
    .into_iter()
    .filter(|name| name != POSTS)
    .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn permalink_styles_give_jekylls_urls() {
        let cats = category_path(&["Releases".to_string(), "releases".to_string()]);
        assert_eq!(cats, "releases");
        assert_eq!(
            post_url("date", &cats, "2024-01-02", "hello"),
            "/releases/2024/01/02/hello.html"
        );
        assert_eq!(
            post_url("pretty", "", "2024-01-02", "hello"),
            "/2024/01/02/hello/"
        );
        assert_eq!(
            post_url("/blog/:year/:title/", "", "2024-01-02", "hello"),
            "/blog/2024/hello/"
        );
        assert_eq!(
            gazette_pattern("date", "").as_deref(),
            Some("/{year}/{month}/{day}/{slug}.html")
        );
        assert_eq!(gazette_pattern("ordinal", ""), None);
        assert_eq!(
            gazette_pattern("pretty", "news").as_deref(),
            Some("/news/{year}/{month}/{day}/{slug}/")
        );
    }
}

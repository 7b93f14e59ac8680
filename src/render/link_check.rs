//! `gazette check`: every `href` and `src` of the rendered site that points inside the site
//! must reach a page, a file, and (with `#id`) an element the build would write.
//!
//! This runs on the pages in memory, after everything `build` checks, and writes nothing.
//! It catches what the Markdown checks cannot see: links written in templates, in raw HTML,
//! and in front matter fields that templates turn into links.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::model::output::{OutputFile, StaticFile};
use crate::model::permalink::{decode_path, output_path};
use crate::model::site::Site;
use crate::render::markdown::is_external;

/// Checks every internal link of the pages of `site` rendered in memory (`pages`), which
/// may also point at its static files.
pub fn links(site: &Site, pages: &[OutputFile], statics: &[StaticFile]) -> Diagnostics {
    let config = &site.config;
    let mut files: HashSet<String> = statics.iter().map(|s| slash_path(&s.path)).collect();
    let pages: HashMap<String, &[u8]> = pages
        .iter()
        .map(|f| (slash_path(&f.path), f.bytes.as_slice()))
        .collect();
    files.extend(pages.keys().cloned());
    let ids: HashMap<&str, HashSet<String>> = pages
        .par_iter()
        .filter(|(path, _)| path.ends_with(".html"))
        // `<a name="x">` is an anchor too, as old pages and migrated Markdown write them.
        .map(|(path, bytes)| {
            let mut ids: HashSet<String> = attribute_values(bytes, "id").into_iter().collect();
            ids.extend(attribute_values(bytes, "name"));
            (path.as_str(), ids)
        })
        .collect();
    // An old URL's page sends the reader on: a link to it is a link to its item, said so.
    let redirects: HashMap<String, &str> = site
        .items
        .iter()
        .zip(&site.urls)
        .flat_map(|(item, url)| {
            item.aliases()
                .iter()
                .map(move |alias| (alias.path.as_str(), url.as_str()))
        })
        .filter_map(|(alias, url)| Some((slash_path(&output_path(alias).ok()?), url)))
        .collect();
    let sources: HashMap<String, &Path> = site
        .urls
        .iter()
        .zip(&site.items)
        .map(|(url, item)| (url.clone(), item.source.as_path()))
        .collect();
    let mut found: Vec<Diagnostic> = pages
        .par_iter()
        .filter(|(path, _)| path.ends_with(".html"))
        .flat_map_iter(|(path, bytes)| {
            let page_url = url_of_file(path);
            let mut problems = Vec::new();
            for attribute in ["href", "src"] {
                for link in attribute_values(bytes, attribute) {
                    let Some(target) = internal_target(&link, &page_url, &config.base_url, &config.base_path)
                    else {
                        continue;
                    };
                    if !config.external_paths.is_empty()
                        && is_external(&format!("/{}", target.path), &config.external_paths)
                    {
                        continue;
                    }
                    if let Some(why) = broken(&target, path, &files, &ids, &redirects) {
                        let shown = sources
                            .get(&page_url)
                            .map_or_else(|| format!("output/{path}"), |s| s.display().to_string());
                        problems.push(crate::render::bodies::as_links_are(
                            site,
                            Diagnostic::error(
                                PathBuf::from(shown),
                                format!(
                                    "broken link on {}: {attribute}=\"{link}\" {why}",
                                    url_with_base(&config.base_path, &page_url)
                                ),
                            )
                            .with_hint("fix the link in the Markdown or the template that writes it"),
                        ));
                    }
                }
            }
            problems
        })
        .collect();
    found.sort_by(|a, b| (&a.file, &a.message).cmp(&(&b.file, &b.message)));
    found.dedup();
    let mut diagnostics = Diagnostics::new();
    diagnostics.extend(found);
    diagnostics
}

/// A link inside the site, resolved: output file path and anchor.
#[derive(Debug, PartialEq, Eq)]
struct Target {
    path: String,
    anchor: Option<String>,
}

fn broken(
    target: &Target,
    from: &str,
    files: &HashSet<String>,
    ids: &HashMap<&str, HashSet<String>>,
    redirects: &HashMap<String, &str>,
) -> Option<String> {
    let path = if target.path.is_empty() {
        from.to_string()
    } else if files.contains(&target.path) {
        target.path.clone()
    } else if files.contains(&format!("{}/index.html", target.path.trim_end_matches('/'))) {
        format!("{}/index.html", target.path.trim_end_matches('/'))
    } else if target.path.ends_with('/') && files.contains(&format!("{}index.html", target.path)) {
        format!("{}index.html", target.path)
    } else {
        return Some("goes to no page or file".into());
    };
    match (&target.anchor, ids.get(path.as_str())) {
        (Some(anchor), Some(_)) if !anchor.is_empty() && redirects.contains_key(&path) => {
            let to = redirects[&path];
            Some(format!(
                "goes to an old URL that redirects to {to}, where `#{anchor}` is lost: link to {to}#{anchor}"
            ))
        }
        (Some(anchor), Some(page_ids)) if !anchor.is_empty() && !page_ids.contains(anchor) => {
            Some(format!("goes to a page without the id `{anchor}`"))
        }
        _ => None,
    }
}

/// Resolves `link` found on the page at `page_url` (no base path); `None` when it leaves the site.
fn internal_target(link: &str, page_url: &str, base_url: &str, base_path: &str) -> Option<Target> {
    let link = link.trim();
    let lower = link.to_ascii_lowercase();
    let link = if let Some(rest) = link.strip_prefix(base_url) {
        format!("{base_path}/{rest}")
    } else if lower.contains(':') && !lower.starts_with('/') && !lower.starts_with('#')
        || link.starts_with("//")
    {
        // mailto:, tel:, data:, other sites.
        if lower
            .split(['/', '?', '#'])
            .next()
            .is_some_and(|s| s.contains(':'))
        {
            return None;
        }
        link.to_string()
    } else {
        link.to_string()
    };
    let (path, anchor) = match link.split_once('#') {
        Some((p, a)) => (p, Some(decode_path(a).unwrap_or_else(|| a.to_string()))),
        None => (link.as_str(), None),
    };
    let path = path.split('?').next().unwrap_or("");
    if path.is_empty() {
        return Some(Target {
            path: String::new(),
            anchor,
        });
    }
    let absolute = if let Some(rooted) = path.strip_prefix('/') {
        let rooted = format!("/{rooted}");
        match rooted.strip_prefix(base_path) {
            Some(rest) if base_path.is_empty() || rest.is_empty() || rest.starts_with('/') => {
                rest.to_string()
            }
            _ => {
                return Some(Target {
                    path: format!("\u{0}outside base path {rooted}"),
                    anchor,
                });
            }
        }
    } else {
        let dir = match page_url.rfind('/') {
            Some(i) => &page_url[..=i],
            None => "/",
        };
        format!("{dir}{path}")
    };
    let decoded = decode_path(&absolute).unwrap_or(absolute);
    let mut segments: Vec<&str> = Vec::new();
    for segment in decoded.split('/') {
        match segment {
            "" | "." => {}
            ".." => {
                segments.pop();
            }
            s => segments.push(s),
        }
    }
    let mut path = segments.join("/");
    if decoded.ends_with('/') && !path.is_empty() {
        path.push('/');
    }
    if path.is_empty() {
        path = "index.html".into();
    }
    Some(Target { path, anchor })
}

/// `news/x/index.html` → `/news/x/`.
fn url_of_file(path: &str) -> String {
    match path.strip_suffix("index.html") {
        Some(dir) => format!("/{dir}"),
        None => format!("/{path}"),
    }
}

fn url_with_base(base_path: &str, url: &str) -> String {
    format!("{base_path}{url}")
}

fn slash_path(path: &Path) -> String {
    path.to_string_lossy().replace('\\', "/")
}

/// Values of `name="..."` attributes in an HTML document, entities decoded.
pub fn attribute_values(html: &[u8], name: &str) -> Vec<String> {
    let needle = format!(" {name}=\"");
    let text = String::from_utf8_lossy(html);
    let mut values = Vec::new();
    let mut rest = text.as_ref();
    while let Some(i) = rest.find(&needle) {
        rest = &rest[i + needle.len()..];
        let Some(end) = rest.find('"') else { break };
        values.push(
            rest[..end]
                .replace("&amp;", "&")
                .replace("&quot;", "\"")
                .replace("&#39;", "'"),
        );
        rest = &rest[end..];
    }
    values
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resolves_links_relative_to_the_site() {
        let t = internal_target("/portal/news/x/#top", "/", "https://e.org/portal/", "/portal").unwrap();
        assert_eq!(
            t,
            Target {
                path: "news/x/".into(),
                anchor: Some("top".into())
            }
        );
        let t = internal_target("../y/", "/news/x/", "https://e.org/", "").unwrap();
        assert_eq!(t.path, "news/y/");
        assert!(internal_target("mailto:a@b.org", "/", "https://e.org/", "").is_none());
        assert!(internal_target("https://other.org/x", "/", "https://e.org/", "").is_none());
        let t = internal_target("https://e.org/about/", "/", "https://e.org/", "").unwrap();
        assert_eq!(t.path, "about/");
    }

    #[test]
    fn finds_attribute_values() {
        let html = br#"<a href="/a/?x=1&amp;y=2">a</a><img alt="" src="/i.png"><h2 id="t">"#;
        assert_eq!(attribute_values(html, "href"), vec!["/a/?x=1&y=2"]);
        assert_eq!(attribute_values(html, "id"), vec!["t"]);
    }
}

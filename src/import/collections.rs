//! The new site's collections, chosen from the folders that hold pages, and each page's URL
//! in gazette, with an alias for every old URL that gazette does not reproduce.
//!
//! gazette's collections may not share or nest folders, while Zola's and Hugo's sections
//! nest. The deepest folders holding pages are chosen first, each a collection whose
//! permalink is its folder's path plus `{slug}` (or the old site's pattern for it), which is
//! the URL both generators give a page by default; a folder above a chosen one keeps its
//! pages as plain pages, whose URL is their path, so they keep their URLs too. Folders named
//! by years (`posts/2024/`) are the one exception: their parent is the collection, with
//! `{year}` in its permalink. A page whose URL still changes gets its old URL as an alias,
//! unless another page is served there.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use serde_yaml::Value;

use super::document::{Document, ListOptions, SourceSite};
use crate::load::content::{dated_name, name_of};
use crate::model::permalink::{Permalink, slugify, written_slug};

/// The name of the collection of the pages at content/'s top.
const ROOT_COLLECTION: &str = "pages";

/// One collection of the new site.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct CollectionPlan {
    pub name: String,
    /// Its folder under `content/`.
    pub folder: String,
    pub permalink: String,
    pub options: ListOptions,
}

/// What choosing collections and URLs did, for the report.
#[derive(Debug, Default)]
pub(crate) struct UrlOutcome {
    /// Aliases added for URLs gazette gives another form.
    pub added: usize,
    /// Aliases the old site had, carried over.
    pub carried: usize,
    /// Old URLs that could not become aliases: (document index, URL, why).
    pub refused: Vec<(usize, String, String)>,
}

/// Chooses the collections and puts each document in its own.
pub(crate) fn choose(site: &mut SourceSite) -> Vec<CollectionPlan> {
    let explicit: BTreeMap<&str, &str> = site
        .permalinks
        .iter()
        .map(|(folder, pattern)| (folder.as_str(), pattern.as_str()))
        .collect();
    // Candidate folder → permalink.
    let mut candidates: BTreeMap<String, String> = BTreeMap::new();
    for document in site.documents.iter().filter(|d| !d.is_intro) {
        let folder = document.folder();
        if folder.is_empty() {
            continue;
        }
        let (parent, last) = folder.rsplit_once('/').unwrap_or(("", folder));
        let is_year = last.len() == 4 && last.bytes().all(|b| b.is_ascii_digit());
        // The old site's pattern for a folder covers the folders inside it, as Hugo's
        // `[permalinks]` covers a section's.
        let covering = explicit
            .iter()
            .filter(|(f, _)| folder == **f || folder.starts_with(&format!("{f}/")))
            .max_by_key(|(f, _)| f.len());
        let (candidate, pattern) = match covering {
            Some((f, pattern)) => (f.to_string(), pattern.to_string()),
            None if is_year && !parent.is_empty() && !explicit.contains_key(parent) => {
                (parent.to_string(), format!("/{parent}/{{year}}/{{slug}}/"))
            }
            None => (folder.to_string(), format!("/{folder}/{{slug}}/")),
        };
        candidates.entry(candidate).or_insert(pattern);
    }
    let mut by_depth: Vec<(&String, &String)> = candidates.iter().collect();
    by_depth.sort_by_key(|(folder, _)| std::cmp::Reverse(folder.matches('/').count()));
    let mut chosen: Vec<(String, String)> = Vec::new();
    for (folder, pattern) in by_depth {
        let overlaps = chosen
            .iter()
            .any(|(other, _)| other == folder || other.starts_with(&format!("{folder}/")));
        if !overlaps {
            // A pattern with nothing before its first placeholder would put the list of
            // the collection on the home page's URL: its folder goes in front.
            let pattern = match Permalink::parse(pattern) {
                Ok(parsed) if parsed.prefix_before_placeholders() == "/" => format!("/{folder}{pattern}"),
                Ok(_) => pattern.clone(),
                Err(_) => format!("/{folder}/{{slug}}/"),
            };
            chosen.push((folder.clone(), pattern));
        }
    }
    chosen.sort();
    // Two collections may not share a list page (Jekyll's posts in `work` and its `_work`
    // collection, both under /work/): the one in the deeper folder takes its folder's path.
    let mut by_length: Vec<usize> = (0..chosen.len()).collect();
    by_length.sort_by_key(|&i| chosen[i].0.len());
    let mut lists: BTreeSet<String> = BTreeSet::new();
    for i in by_length {
        let (folder, pattern) = &mut chosen[i];
        let list = |pattern: &str| {
            Permalink::parse(pattern)
                .map(|p| p.prefix_before_placeholders())
                .unwrap_or_default()
        };
        if lists.contains(&list(pattern)) {
            *pattern = format!("/{folder}/{{slug}}/");
        }
        lists.insert(list(pattern));
    }
    let mut names = names_of(&chosen);
    // The pages at content/'s top are a collection too, at the root (`folder: .`), so that
    // their keys are fields like any item's rather than comments.
    let at_root = site
        .documents
        .iter()
        .any(|d| !d.is_intro && d.folder().is_empty());
    if at_root {
        let name = [ROOT_COLLECTION, "root_pages"]
            .into_iter()
            .find(|name| !names.iter().any(|n| n == name))
            .unwrap_or("root_pages");
        chosen.push((String::new(), "/{slug}/".to_string()));
        names.push(name.to_string());
    }
    let plans: Vec<CollectionPlan> = chosen
        .into_iter()
        .zip(names)
        .map(|((folder, permalink), name)| CollectionPlan {
            options: site
                .list_options
                .iter()
                .find(|(f, _)| *f == folder)
                .map(|(_, o)| o.clone())
                .unwrap_or_default(),
            name,
            folder,
            permalink,
        })
        .collect();
    for document in &mut site.documents {
        let folder = document.folder().to_string();
        let inside = |plan: &&CollectionPlan| {
            // The root collection holds content/'s own files, not its folders'.
            folder == plan.folder
                || (!plan.folder.is_empty() && folder.starts_with(&format!("{}/", plan.folder)))
        };
        document.collection = match document.is_intro {
            true => plans.iter().find(|p| p.folder == folder).map(|p| p.name.clone()),
            false => plans.iter().find(inside).map(|p| p.name.clone()),
        };
    }
    plans
}

/// A section's `_index.md` in a folder that is no collection's (a section holding only
/// sections, or one whose pages became plain pages) becomes the plain page `<folder>.md`,
/// whose URL is the section's; `@/` links to it follow it.
///
/// The other way round, a plain page at a collection's list URL or at `/` (a Jekyll page
/// with `permalink: /work/`) becomes that list's or the home page's text, where it has none.
pub(crate) fn place_intros(site: &mut SourceSite, plans: &[CollectionPlan]) {
    let mut moved: Vec<(String, String)> = Vec::new();
    let mut targets: BTreeSet<String> = site.documents.iter().map(|d| d.target.clone()).collect();
    for document in &mut site.documents {
        // A page at content/'s top is in the root collection, and may be a list's text too.
        if document.is_intro || (document.collection.is_some() && !document.folder().is_empty()) {
            continue;
        }
        let Some(old) = document.old_urls.first() else {
            continue;
        };
        let list = plans.iter().find(|p| {
            Permalink::parse(&p.permalink)
                .is_ok_and(|l| trimmed(&l.prefix_before_placeholders()) == trimmed(old))
        });
        let target = match list {
            Some(plan) if plan.folder.is_empty() => "_index.md".to_string(),
            Some(plan) => format!("{}/_index.md", plan.folder),
            None if trimmed(old).is_empty() => "_index.md".to_string(),
            None => continue,
        };
        if targets.contains(&target) {
            continue;
        }
        targets.insert(target.clone());
        moved.push((document.target.clone(), target.clone()));
        document.target = target;
        document.is_intro = true;
        document.collection = list.map(|p| p.name.clone());
    }
    for document in &mut site.documents {
        let folder = document.folder().to_string();
        if !document.is_intro || document.collection.is_some() || folder.is_empty() {
            continue;
        }
        let target = format!("{folder}.md");
        if targets.contains(&target) {
            continue;
        }
        document.is_intro = false;
        moved.push((document.target.clone(), target.clone()));
        document.target = target;
        let folder = document.folder().to_string();
        document.collection = plans
            .iter()
            .find(|p| folder == p.folder || folder.starts_with(&format!("{}/", p.folder)))
            .map(|p| p.name.clone());
    }
    for document in &mut site.documents {
        for (from, to) in &moved {
            let link = format!("@/{from}");
            if document.body.contains(&link) {
                document.body = document.body.replace(&link, &format!("@/{to}"));
            }
        }
    }
}

/// Gives every document its URLs: the aliases its old URLs need.
pub(crate) fn assign_aliases(
    documents: &mut [Document],
    plans: &[CollectionPlan],
    reserved: &[String],
) -> UrlOutcome {
    let mut outcome = UrlOutcome::default();
    let urls: Vec<String> = documents.iter().map(|d| url_of(d, plans)).collect();
    let mut taken: BTreeSet<String> = urls.iter().map(|u| trimmed(u)).collect();
    // A list page or the home page is served at its URL whatever the alias would have said.
    let served: BTreeSet<String> = reserved.iter().map(|u| trimmed(u)).collect();
    for (index, document) in documents.iter_mut().enumerate() {
        let mut aliases: Vec<String> = Vec::new();
        for (position, old) in document.old_urls.iter().enumerate() {
            let old = if old.starts_with('/') {
                old.clone()
            } else {
                format!("/{old}")
            };
            if trimmed(&old) == trimmed(&urls[index]) {
                continue;
            }
            if served.contains(&trimmed(&old)) {
                continue;
            }
            if taken.contains(&trimmed(&old)) {
                outcome
                    .refused
                    .push((index, old, "another page is served there".into()));
                continue;
            }
            taken.insert(trimmed(&old));
            aliases.push(old);
            if position == 0 {
                outcome.added += 1;
            } else {
                outcome.carried += 1;
            }
        }
        document.front.remove("aliases");
        if !aliases.is_empty() {
            let list = aliases.into_iter().map(Value::String).collect();
            document.front.insert("aliases".into(), Value::Sequence(list));
        }
    }
    outcome
}

/// The URL gazette gives `document`, by the rules of `link/urls.rs`.
pub(crate) fn url_of(document: &Document, plans: &[CollectionPlan]) -> String {
    let plan = document
        .collection
        .as_ref()
        .and_then(|name| plans.iter().find(|p| &p.name == name));
    if document.is_intro {
        return match plan {
            Some(plan) => Permalink::parse(&plan.permalink)
                .map(|p| p.prefix_before_placeholders())
                .unwrap_or_else(|_| format!("/{}/", plan.folder)),
            None => "/".to_string(),
        };
    }
    let slug = slug_of(document);
    match plan.and_then(|plan| Permalink::parse(&plan.permalink).ok()) {
        Some(permalink) => permalink
            .expand(&slug, date_of(document))
            .unwrap_or_else(|_| format!("/{slug}/")),
        None => match document.folder() {
            "" => format!("/{slug}/"),
            parent => format!("/{parent}/{slug}/"),
        },
    }
}

/// The slug gazette gives `document`: its `slug` as written, else its file's name without
/// a date, slugified.
pub(crate) fn slug_of(document: &Document) -> String {
    match document.front.get("slug").and_then(Value::as_str) {
        Some(written) => written_slug(written, false).unwrap_or_else(|_| slugify(written)),
        None => slugify(name_of(Path::new(&document.target))),
    }
}

/// Its date: the front matter's, else the one in front of its name.
fn date_of(document: &Document) -> Option<jiff::civil::Date> {
    let written = document.front.get("date").and_then(Value::as_str);
    let from_name = || {
        let path = Path::new(&document.target);
        let name = match path.file_name().is_some_and(|n| n == "index.md") {
            true => path.parent().and_then(Path::file_name),
            false => path.file_stem(),
        };
        dated_name(name?.to_str()?).map(|(date, _)| date.to_string())
    };
    let text = written.map(str::to_string).or_else(from_name)?;
    text.get(..10)?.parse().ok()
}

/// Collection names: each folder's last part, or its whole path where two would share one.
fn names_of(chosen: &[(String, String)]) -> Vec<String> {
    let last = |folder: &str| folder.rsplit('/').next().unwrap_or(folder).to_string();
    chosen
        .iter()
        .map(|(folder, _)| {
            let short = last(folder);
            let shared = chosen.iter().filter(|(other, _)| last(other) == short).count() > 1;
            let name = if shared { folder.replace('/', "-") } else { short };
            slugify(&name).replace('-', "_")
        })
        .collect()
}

fn trimmed(url: &str) -> String {
    let url = url.trim_end_matches("index.html");
    url.trim_end_matches('/').to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site(targets: &[&str]) -> SourceSite {
        let mut site = SourceSite::default();
        for target in targets {
            let mut document = Document::new(*target, *target);
            document.is_intro = target.ends_with("_index.md");
            site.documents.push(document);
        }
        site
    }

    #[test]
    fn the_deepest_folders_with_pages_are_collections() {
        let mut site = site(&[
            "docs/_index.md",
            "docs/intro.md",
            "docs/guide/a.md",
            "docs/guide/b/index.md",
            "posts/2024/x.md",
            "posts/2023/y.md",
            "about.md",
        ]);
        let plans = choose(&mut site);
        let folders: Vec<(&str, &str)> = plans
            .iter()
            .map(|p| (p.folder.as_str(), p.permalink.as_str()))
            .collect();
        assert_eq!(
            folders,
            vec![
                ("docs/guide", "/docs/guide/{slug}/"),
                ("posts", "/posts/{year}/{slug}/"),
                ("", "/{slug}/")
            ]
        );
        let collections: Vec<Option<&str>> = site.documents.iter().map(|d| d.collection.as_deref()).collect();
        assert_eq!(
            collections,
            vec![
                None,
                None,
                Some("guide"),
                Some("guide"),
                Some("posts"),
                Some("posts"),
                Some("pages")
            ]
        );
        assert_eq!(url_of(&site.documents[1], &plans), "/docs/intro/");
        assert_eq!(url_of(&site.documents[3], &plans), "/docs/guide/b/");
    }

    #[test]
    fn collections_never_share_a_list_page() {
        let mut site = site(&["work/a.md", "posts/work/2024-01-02-b.md"]);
        site.permalinks.push(("work".into(), "/work/{slug}/".into()));
        site.permalinks
            .push(("posts/work".into(), "/work/{slug}/".into()));
        let plans = choose(&mut site);
        let patterns: Vec<&str> = plans.iter().map(|p| p.permalink.as_str()).collect();
        assert_eq!(patterns, vec!["/posts/work/{slug}/", "/work/{slug}/"]);
    }

    #[test]
    fn a_pattern_at_the_root_gets_its_folder_in_front() {
        let mut site = site(&["posts/2024-01-02-hello.md"]);
        site.permalinks
            .push(("posts".into(), "/{year}/{slug}.html".into()));
        let plans = choose(&mut site);
        assert_eq!(plans[0].permalink, "/posts/{year}/{slug}.html");
        assert_eq!(url_of(&site.documents[0], &plans), "/posts/2024/hello.html");
    }

    #[test]
    fn old_urls_gazette_does_not_keep_become_aliases() {
        let mut site = site(&["blog/2024-01-02-hello.md", "blog/other.md"]);
        site.permalinks
            .push(("blog".into(), "/blog/{year}/{month}/{slug}/".into()));
        site.documents[0].old_urls = vec!["/blog/2024/01/hello/".into(), "old/hello.html".into()];
        site.documents[1].old_urls = vec!["/blog/other.html".into(), "/blog/2024/01/hello/".into()];
        site.documents[1].front.insert("date".into(), "2023-05-06".into());
        let plans = choose(&mut site);
        let outcome = assign_aliases(&mut site.documents, &plans, &[]);
        assert_eq!(outcome.added, 1);
        assert_eq!(outcome.carried, 1);
        assert_eq!(outcome.refused.len(), 1);
        let aliases = |i: usize| serde_yaml::to_string(&site.documents[i].front["aliases"]).unwrap();
        assert_eq!(aliases(0), "- /old/hello.html\n");
        assert_eq!(aliases(1), "- /blog/other.html\n");
    }
}

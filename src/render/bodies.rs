//! Every item's Markdown rendered once, on all cores, with the problems of its links
//! (`@/` links to missing items or anchors, links to held-back items) at their lines.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use rayon::prelude::*;
use tera::Value;
use thin_vec::ThinVec;

use super::Intros;
use super::images::{Images, field_pictures};
use super::markdown::{self, AnchorCheck, Anchors, Links, Rendered};
use super::summaries::SummaryWriter;
use crate::diagnostics::{Diagnostic, Diagnostics, line_column};
use crate::load::content::{INTRO_FILE, read_body};
use crate::model::config::{LinkProblems, prefixed};
use crate::model::fast_hash::{FastMap, FastSet};
use crate::model::item::Item;
use crate::model::item_index::{IdIndex, Keyed, Keys};
use crate::model::output::StaticFile;
use crate::model::site::{ItemId, Site};

/// What Markdown links may point at, derived from the linked site and its static files.
pub struct LinkIndex {
    known_urls: FastSet<String>,
    /// Items by URL path, their keys in `Site::urls`.
    by_url: IdIndex,
    section_urls: FastMap<String, String>,
}

impl LinkIndex {
    /// Every page and static file URL of the site.
    pub fn new(site: &Site, statics: &[StaticFile]) -> LinkIndex {
        let mut known_urls = super::plan::page_urls_but_items(site);
        for file in statics {
            known_urls.insert(format!("/{}", file.path.to_string_lossy().replace('\\', "/")));
        }
        let by_url = IdIndex::of_all(site.urls.len(), Keys::Listed(&site.urls));
        LinkIndex {
            known_urls,
            by_url,
            section_urls: section_urls(site),
        }
    }

    /// Renders one body against this index.
    pub fn render(&self, site: &Site, body: &str, me: Option<ItemId>, images: Option<&Images>) -> Rendered {
        markdown::render(body, &site.config.markdown, &self.links(site, images), me)
    }

    /// The link targets of `site` as Markdown rendering wants them.
    fn links<'a>(&'a self, site: &'a Site, images: Option<&'a Images>) -> Links<'a> {
        Links {
            base_path: &site.config.base_path,
            by_content_path: site.content_paths(),
            by_url: Keyed {
                index: &self.by_url,
                keys: Keys::Listed(&site.urls),
            },
            known_urls: &self.known_urls,
            urls: &site.urls,
            held_back: &site.held_back,
            section_urls: &self.section_urls,
            bundles: &site.bundles,
            external_paths: &site.config.external_paths,
            images,
        }
    }
}

/// The `_index.md` of the home page and of every collection, in every language, whether
/// the file exists or not (`@/news/_index.md`, as Zola links a section), → the URL path of
/// the page it introduces.
pub(crate) fn section_urls(site: &Site) -> FastMap<String, String> {
    let config = &site.config;
    let mut urls = FastMap::default();
    for (i, language) in config.languages.iter().enumerate() {
        let file = if i == 0 {
            INTRO_FILE.to_string()
        } else {
            INTRO_FILE.replace(".md", &format!(".{}.md", language.code))
        };
        let lang = language.code.as_str();
        urls.insert(file.clone(), prefixed(config, lang, "/"));
        // A collection at the root has no intro of its own: content/_index.md is the home's.
        for collection in config
            .collections
            .values()
            .filter(|c| !c.folder.as_os_str().is_empty())
        {
            let folder = collection.folder.to_string_lossy().replace('\\', "/");
            urls.insert(
                format!("{folder}/{file}"),
                prefixed(config, lang, &collection.list_url),
            );
        }
    }
    urls
}

/// Renders every item's Markdown (in parallel) with the pictures it shows, its `image`
/// fields among them, and the intros; `reuse` may hand back an earlier result for an item
/// whose body and links did not change (`serve`). With `summaries`, each summary rendered
/// goes to its file as soon as it is made (cards made on demand read it there).
pub fn render_markdown(
    site: &Site,
    statics: &[StaticFile],
    images: Option<&Images>,
    summaries: Option<&SummaryWriter>,
    diagnostics: &mut Diagnostics,
    reuse: &(dyn Fn(ItemId) -> Option<Arc<Rendered>> + Sync),
) -> (Vec<Arc<Rendered>>, Intros) {
    let index = LinkIndex::new(site, statics);
    let links = index.links(site, images);
    let options = &site.config.markdown;
    // Bodies left on disk that keep nothing but their word count share one result.
    let by_word_count: Mutex<HashMap<usize, Arc<Rendered>>> = Mutex::default();
    let (rendered, picture_problems): (Vec<Arc<Rendered>>, Vec<Vec<Diagnostic>>) = site
        .items
        .par_iter()
        .enumerate()
        .map(|(id, item)| {
            let id = ItemId(id);
            if let Some(earlier) = reuse(id) {
                return (earlier, Vec::new());
            }
            let body = match read_body(item) {
                Ok(body) => body,
                Err(problem) => return (Arc::new(Rendered::default()), vec![*problem]),
            };
            let mut rendered = markdown::render(&body, options, &links, Some(id));
            let mut problems = match images {
                Some(images) => {
                    let fields = field_pictures(site, images, id, item);
                    rendered.pictures = fields.values.into();
                    rendered.shown.extend(fields.shown);
                    fields.problems
                }
                None => Vec::new(),
            };
            if item.body_file.is_some() {
                // A body left on disk keeps what the graph needs (its summary, headings and
                // links); its page renders it again (`Lookup::page_body`), with its contents.
                rendered.html = String::new();
                rendered.toc = Vec::new();
                // Only `serve` reads the pictures shown, and it keeps every body.
                rendered.shown = ThinVec::new();
                // Its link problems are found now, while its text is at hand for their lines,
                // and reported: they need not be kept.
                problems.extend(link_problems(site, item, &body, &rendered));
                rendered.problems = ThinVec::new();
                // Its headings' ids are found again in the rare case a link's anchor
                // needs them (`anchors_left_on_disk`).
                rendered.anchors = Anchors::default();
            }
            if let Some(summaries) = summaries {
                // A card shows the front matter's `summary` where there is one: the
                // rendered one is then neither written nor read back.
                match item.summary {
                    Some(_) => rendered.summary = String::new(),
                    None => summaries.put(id, &mut rendered.summary),
                }
            }
            if item.body_file.is_some()
                && rendered.keeps_only_its_word_count()
                && rendered.anchor_checks.is_empty()
            {
                let mut shared = by_word_count
                    .lock()
                    .unwrap_or_else(|poisoned| poisoned.into_inner());
                let one = shared
                    .entry(rendered.word_count)
                    .or_insert_with(|| Arc::new(rendered));
                return (Arc::clone(one), problems);
            }
            (Arc::new(rendered), problems)
        })
        .unzip();
    diagnostics.extend(picture_problems.into_iter().flatten());
    let mut intros = Intros::new();
    let mut intro_rendered = Vec::new();
    let every_intro = site
        .intros
        .iter()
        .map(|(key, item)| (site.config.language.as_str(), key, item))
        .chain(
            site.translated_intros
                .iter()
                .flat_map(|(lang, intros)| intros.iter().map(move |(key, item)| (lang.as_str(), key, item))),
        );
    for (lang, key, item) in every_intro {
        let r = markdown::render(&item.body, options, &links, None);
        intros.insert(
            (lang.to_string(), key.clone()),
            (
                item.title.to_string(),
                Value::safe_string(&r.html),
                Value::from(super::values::fields_map(item)),
            ),
        );
        intro_rendered.push((item, r));
    }
    let checked = || {
        site.items
            .iter()
            .zip(rendered.iter().map(|r| r.as_ref()))
            .chain(intro_rendered.iter().map(|(i, r)| (*i, r)))
    };
    let (found_again, problems) = anchors_left_on_disk(site, checked().map(|(_, r)| r), &links);
    diagnostics.extend(problems);
    let anchors_of = |id: ItemId| found_again.get(&id).unwrap_or(&rendered[id].anchors);
    for (item, r) in checked() {
        // A body left on disk had its link problems reported as it rendered.
        if item.body_file.is_none() && !r.problems.is_empty() {
            diagnostics.extend(link_problems(site, item, &item.body, r));
        }
        let broken = |check: &AnchorCheck| !anchors_of(check.target).contains(&check.anchor);
        if !r.anchor_checks.iter().any(broken) {
            continue;
        }
        // Found only now that every item's headings are known; a body left on disk is
        // read again for the lines of its few broken anchors.
        match read_body(item) {
            Ok(body) => diagnostics.extend(anchor_problems(site, item, &body, r, &anchors_of)),
            Err(problem) => diagnostics.push(*problem),
        }
    }
    (rendered, intros)
}

/// The headings' ids of the items that links' anchors point at and whose bodies were left
/// on disk (the Markdown stage keeps no ids for them: a million items' would stand beside
/// each other for the few links with an anchor), found by rendering those bodies again;
/// with the problems of reading them.
fn anchors_left_on_disk<'a>(
    site: &Site,
    rendered: impl Iterator<Item = &'a Rendered>,
    links: &Links<'_>,
) -> (HashMap<ItemId, Anchors>, Vec<Diagnostic>) {
    let mut found = HashMap::new();
    let mut problems = Vec::new();
    for check in rendered.flat_map(|r| &r.anchor_checks) {
        let target = &site.items[check.target];
        if target.body_file.is_none() || found.contains_key(&check.target) {
            continue;
        }
        let anchors = match read_body(target) {
            Ok(body) => markdown::render(&body, &site.config.markdown, links, Some(check.target)).anchors,
            Err(problem) => {
                problems.push(*problem);
                Anchors::default()
            }
        };
        found.insert(check.target, anchors);
    }
    (found, problems)
}

/// The link problems of one rendered body, `body` being its Markdown: missing targets and
/// missing anchors.
pub fn markdown_diagnostics<'a>(
    site: &Site,
    item: &Item,
    body: &str,
    r: &Rendered,
    rendered_of: &dyn Fn(ItemId) -> &'a Rendered,
) -> Vec<Diagnostic> {
    let mut found = link_problems(site, item, body, r);
    found.extend(anchor_problems(site, item, body, r, &|id| {
        &rendered_of(id).anchors
    }));
    found
}

/// The links of a body that point at nothing, or at what the build holds back.
fn link_problems(site: &Site, item: &Item, body: &str, r: &Rendered) -> Vec<Diagnostic> {
    r.problems
        .iter()
        .map(|problem| {
            let d = body_diagnostic(item, body, problem.offset, problem.len, &problem.message)
                .with_hint(problem.hint.clone());
            if problem.warning {
                warning(d)
            } else {
                as_links_are(site, d)
            }
        })
        .collect()
}

/// A broken link's diagnostic as the site counts them (`links: warn` makes it a warning).
pub(crate) fn as_links_are(site: &Site, d: Diagnostic) -> Diagnostic {
    match site.config.links {
        LinkProblems::Error => d,
        LinkProblems::Warn => warning(d),
    }
}

fn warning(mut d: Diagnostic) -> Diagnostic {
    d.severity = crate::diagnostics::Severity::Warning;
    d
}

/// The links of a body to an anchor its target does not have.
fn anchor_problems<'a>(
    site: &Site,
    item: &Item,
    body: &str,
    r: &Rendered,
    anchors_of: &dyn Fn(ItemId) -> &'a Anchors,
) -> Vec<Diagnostic> {
    let mut found = Vec::new();
    for check in &r.anchor_checks {
        let anchors = anchors_of(check.target);
        if anchors.contains(&check.anchor) {
            continue;
        }
        let target = &site.items[check.target];
        let ids: Vec<&str> = anchors.iter().collect();
        let hint = match crate::diagnostics::closest(&check.anchor, ids.iter().copied()) {
            Some(near) => format!("did you mean `#{near}`?"),
            None if ids.is_empty() => format!("{} has no headings", target.source.display()),
            None => format!(
                "its headings' ids: {}",
                ids.iter().map(|i| format!("#{i}")).collect::<Vec<_>>().join(", ")
            ),
        };
        let message = format!(
            "{} has no heading with the id `{}`",
            target.source.display(),
            check.anchor
        );
        let d = body_diagnostic(item, body, check.offset, check.len, &message).with_hint(hint);
        found.push(as_links_are(site, d));
    }
    found
}

/// A diagnostic at a byte offset of an item's body, with the file's line numbers.
fn body_diagnostic(item: &Item, body: &str, offset: usize, len: usize, message: &str) -> Diagnostic {
    let (line, column) = line_column(body, offset);
    let width = body.get(offset..offset + len).map_or(1, |s| s.chars().count());
    let mut d = Diagnostic::error(&item.source, message).at(body, line, column, width);
    d.line += item.body_line - 1;
    d
}

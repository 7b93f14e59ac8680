//! Renders pages on all cores and hands each finished one to a sink.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};

use rayon::prelude::*;

use super::context::{Shared, render_page};
use super::sink::{PageCache, PageSink};
use super::site_values::{Intros, site_values};
use super::{Engine, Lookup, sitemap};
use crate::diagnostics::Diagnostic;
use crate::model::page::Page;

/// Where rendered pages go, and what may spare rendering them.
#[derive(Clone, Copy)]
pub struct Target<'a> {
    /// Takes each finished page.
    pub sink: &'a dyn PageSink,
    /// Pages it keeps from the last build are not rendered (nor handed to the sink).
    pub cache: Option<&'a dyn PageCache>,
    /// Counts the pages done, rendered or kept, for a progress bar.
    pub done: Option<&'a AtomicUsize>,
    /// The pages rendered are the site's whole plan (`plan`), not some of them.
    pub whole_plan: bool,
}

impl<'a> Target<'a> {
    /// Every page rendered and handed to `sink`.
    pub fn sink(sink: &'a dyn PageSink) -> Target<'a> {
        Target {
            sink,
            cache: None,
            done: None,
            whole_plan: false,
        }
    }
}

/// Renders `pages` in parallel into `target`; returns the problems, one per template
/// mistake. Pages whose template is missing are skipped only for 404.
pub fn render(
    engine: &Engine,
    lookup: &Lookup,
    intros: &Intros,
    pages: &[Page],
    target: Target<'_>,
) -> Vec<Diagnostic> {
    let shared = Shared {
        site_values: site_values(lookup, &engine.strings),
        sitemap: sitemap::Listed::new(target.whole_plan.then_some(pages)),
    };
    // Partials rendered for the previous state of the site may show stale cards.
    engine.partials.clear();
    let results: Vec<Result<(), Box<Diagnostic>>> = pages
        .par_iter()
        .map(|page| {
            let result = render_page(engine, lookup, &shared, intros, page, target.cache);
            if let Some(done) = target.done {
                done.fetch_add(1, Ordering::Relaxed);
            }
            let Some(file) = result? else {
                return Ok(());
            };
            let path = file.path.clone();
            target.sink.put(file).map_err(|err| {
                Box::new(
                    Diagnostic::error(
                        path,
                        format!("cannot write the page into the output folder: {err}"),
                    )
                    .with_hint("check that the folder is writable and the disk has room"),
                )
            })
        })
        .collect();
    let mut diagnostics: Vec<Diagnostic> = results.into_iter().filter_map(Result::err).map(|d| *d).collect();
    diagnostics.extend(engine.strings.take_missing());
    merge_repeats(diagnostics)
}

/// One template mistake fails every page that uses the template: report it once, saying
/// how many other pages it broke, instead of ten thousand times.
fn merge_repeats(diagnostics: Vec<Diagnostic>) -> Vec<Diagnostic> {
    const WHILE: &str = " (while rendering ";
    let mut merged: Vec<(Diagnostic, usize)> = Vec::new();
    let mut index: HashMap<(PathBuf, usize, usize, String), usize> = HashMap::new();
    for d in diagnostics {
        let base = d.message.split(WHILE).next().unwrap_or(&d.message).to_string();
        let key = (d.file.clone(), d.line, d.column, base);
        match index.get(&key) {
            Some(&i) => merged[i].1 += 1,
            None => {
                index.insert(key, merged.len());
                merged.push((d, 0));
            }
        }
    }
    merged
        .into_iter()
        .map(|(mut d, others)| {
            if others > 0 && d.message.ends_with(')') {
                d.message.pop();
                d.message.push_str(&format!(
                    " and {others} other {})",
                    if others == 1 { "page" } else { "pages" }
                ));
            }
            d
        })
        .collect()
}

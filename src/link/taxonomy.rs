//! Taxonomies (tags, research fields, …): each language's terms and the items that carry
//! them.
//!
//! A term's page lists the items of one language; on a multilingual site with `fallback`
//! it also lists the default language's items that have no version in that language, the
//! rule collection lists follow (`language::is_shown_in`). Terms are told apart by slug, so
//! `Brain science` and `brain science` are one term (with a warning), and a translation
//! that keeps its original's terms gets the same slugs under its language's prefix: the
//! two term pages are each other's translations.

use std::cmp::Ordering;
use std::collections::HashMap;

use indexmap::IndexMap;

use crate::diagnostics::{Diagnostic, Diagnostics, closest};
use crate::load::content::read_header;
use crate::model::config::{CONFIG_FILE, SiteConfig, Taxonomy};
use crate::model::item::Item;
use crate::model::permalink::slugify;
use crate::model::schema::{FieldValue, SortKey};
use crate::model::site::{ItemId, ItemTerms, Term, Terms};

/// Reports each term `terms:` names that no item carries (drafts and items dated in the
/// future count: they will carry it), with the nearest terms that exist as a hint.
pub(crate) fn check_named_terms_exist(config: &SiteConfig, items: &[Item], diagnostics: &mut Diagnostics) {
    for (name, taxonomy) in &config.taxonomies {
        if taxonomy.term_names.is_empty() {
            continue;
        }
        // slug → the term as first written, for the hint.
        let mut carried: std::collections::BTreeMap<String, &str> = std::collections::BTreeMap::new();
        for raw in items
            .iter()
            .filter_map(|item| item.link_inputs().terms.get(name))
            .flatten()
        {
            carried.entry(slugify(&raw.name)).or_insert(&raw.name);
        }
        for term in taxonomy
            .term_names
            .iter()
            .filter(|t| !carried.contains_key(&t.slug))
        {
            let hint = match closest(&term.written, carried.values().copied()) {
                Some(near) => format!("did you mean `{near}`? `terms:` names a term as items write it"),
                None => format!("no item carries a term of `{name}` yet"),
            };
            let mut d = Diagnostic::error(
                CONFIG_FILE,
                format!("no item carries the term `{}` of `{name}`", term.written),
            )
            .with_hint(hint);
            if term.at.line > 0 {
                d.line = term.at.line;
                d.column = term.at.column;
                d.width = term.at.width;
                d.source_line = term.at.source_line.clone();
            }
            diagnostics.push(d);
        }
    }
}

/// The terms of language `lang` over the items in `shown`, and the terms of each item of
/// `lang` in `item_terms`. Problems are reported only for items of `lang`, so an item a
/// language borrows through fallback is not reported twice.
pub(crate) fn build(
    config: &SiteConfig,
    items: &[Item],
    lang: &str,
    shown: &[ItemId],
    item_terms: &mut ItemTerms,
    diagnostics: &mut Diagnostics,
) -> Terms {
    let mut taxonomies = IndexMap::new();
    let place = newest_first(items, shown);
    for (name, taxonomy) in &config.taxonomies {
        let taxonomy_name = crate::model::name::shared(name);
        let mut table = TermTable::default();
        for &id in shown {
            let item = &items[id];
            let Some(written) = item.link_inputs().terms.get(name) else {
                continue;
            };
            let reports = item.lang == lang;
            let mut mine: Vec<usize> = Vec::new();
            for raw in written {
                let Some(index) = table.index_of(&raw.name, config, taxonomy, lang) else {
                    if reports {
                        let mut d = Diagnostic::error(
                            &item.source,
                            format!("the term `{}` has no letters or digits", raw.name),
                        )
                        .with_hint("use a word as a term");
                        if let Some(span) = &raw.span {
                            d = d.at(&read_header(item), span.line(), span.column(), span.width());
                        }
                        diagnostics.push(d);
                    }
                    continue;
                };
                let (terms, first_written) = (&mut table.terms, &table.first_written);
                if reports && first_written[index] != &*raw.name {
                    let mut d = Diagnostic::warning(
                        &item.source,
                        format!(
                            "`{}` and `{}` are one term of `{name}` (`{}`)",
                            raw.name, first_written[index], terms[index].slug
                        ),
                    )
                    .with_hint(format!("write it `{}` everywhere", first_written[index]));
                    if let Some(span) = &raw.span {
                        d = d.at(&read_header(item), span.line(), span.column(), span.width());
                    }
                    diagnostics.push(d);
                }
                if !mine.contains(&index) {
                    mine.push(index);
                    terms[index].items.push(id);
                }
            }
            if item.lang == lang && !mine.is_empty() {
                item_terms[id].push((taxonomy_name, mine));
            }
        }
        let mut terms = table.terms;
        for term in &mut terms {
            term.items.sort_by_key(|id| place[id.0]);
        }
        taxonomies.insert(name.clone(), terms);
    }
    taxonomies
}

/// Each shown item's place in the order of term pages: newest first, then by title. Titles
/// are lowercased only to order items of one date: a lowercased title kept for every item
/// would take some 100 MB at a million items.
fn newest_first(items: &[Item], shown: &[ItemId]) -> Vec<usize> {
    let date = |id: ItemId| items[id].date.as_ref().map(FieldValue::sort_key);
    let newer = |a: &ItemId, b: &ItemId| {
        let (a, b) = (date(*a), date(*b));
        b.as_ref().map(TimeKey).cmp(&a.as_ref().map(TimeKey))
    };
    let mut order = shown.to_vec();
    order.sort_by(newer);
    for one_date in order.chunk_by_mut(|a, b| newer(a, b) == Ordering::Equal) {
        one_date.sort_by_cached_key(|id| items[*id].title.to_lowercase());
    }
    let mut place = vec![usize::MAX; items.len()];
    for (at, id) in order.into_iter().enumerate() {
        place[id.0] = at;
    }
    place
}

/// The terms of one taxonomy in one language, as items name them.
#[derive(Default)]
struct TermTable<'a> {
    terms: Vec<Term>,
    /// The spelling that made each term, for the "one term" warning.
    first_written: Vec<&'a str>,
    by_slug: HashMap<String, usize>,
    /// Most items spell a term the way others did: the spelling is looked up before slugifying.
    by_name: HashMap<&'a str, usize>,
}

impl<'a> TermTable<'a> {
    /// The index of the term `written` names, added the first time; `None` when it has no
    /// letters or digits.
    fn index_of(
        &mut self,
        written: &'a str,
        config: &SiteConfig,
        taxonomy: &Taxonomy,
        lang: &str,
    ) -> Option<usize> {
        if let Some(&index) = self.by_name.get(written) {
            return Some(index);
        }
        let slug = slugify(written);
        if slug.is_empty() {
            return None;
        }
        let index = match self.by_slug.get(&slug) {
            Some(&index) => index,
            None => {
                let url = taxonomy
                    .permalink
                    .expand(&slug, None)
                    .expect("taxonomy permalinks hold no date (checked in config)");
                let url = crate::model::config::prefixed(config, lang, &url);
                let shown_name = taxonomy.term_name(&slug, lang).unwrap_or(written).to_string();
                self.by_slug.insert(slug.clone(), self.terms.len());
                self.terms.push(Term {
                    name: shown_name,
                    slug,
                    url,
                    items: Vec::new(),
                });
                self.first_written.push(written);
                self.terms.len() - 1
            }
        };
        self.by_name.insert(written, index);
        Some(index)
    }
}

/// A sort key with a total order, for use inside tuples.
#[derive(Debug, PartialEq)]
struct TimeKey<'a>(&'a SortKey);

impl Eq for TimeKey<'_> {}

impl PartialOrd for TimeKey<'_> {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for TimeKey<'_> {
    fn cmp(&self, other: &Self) -> Ordering {
        self.0.compare(other.0)
    }
}

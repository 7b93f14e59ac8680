//! References: each item's references as written, resolved to the items they name (a
//! missing slug is an error at its line, with the nearest slugs as a hint), and the
//! backlinks they make.

use std::collections::{HashMap, HashSet};

use indexmap::IndexMap;
use rayon::prelude::*;

use super::SharedSlugs;
use crate::diagnostics::{Diagnostic, Diagnostics, edit_distance};
use crate::load::content::read_header;
use crate::model::config::SiteConfig;
use crate::model::item::Item;
use crate::model::item_index::{IdIndex, Keys};
use crate::model::site::{Growing, ItemId, Lists, PerItem, list_mut};

pub(super) fn resolve_references(
    items: &[Item],
    by_slug: &HashMap<String, IdIndex>,
    shared_slugs: &SharedSlugs,
    held_slugs: &HashSet<(String, String)>,
    collections: &IndexMap<String, Vec<ItemId>>,
    diagnostics: &mut Diagnostics,
) -> Vec<Lists<ItemId>> {
    let resolved: Vec<(Lists<ItemId>, Vec<Diagnostic>)> = items
        .par_iter()
        .map(|item| {
            let mut problems = Vec::new();
            let mut fields: Growing<ItemId> = Vec::new();
            for reference in &item.link_inputs().references {
                let targets = list_mut(&mut fields, reference.field);
                // Most sites share no slug: no key is made for them.
                let sharing = match shared_slugs.is_empty() {
                    true => None,
                    false => {
                        shared_slugs.get(&(reference.collection.to_string(), reference.slug.to_string()))
                    }
                };
                if let Some(sharing) = sharing {
                    let mut d = Diagnostic::error(
                        &item.source,
                        format!(
                            "`{}` names {} items of collection `{}`: {}",
                            reference.slug,
                            sharing.len(),
                            reference.collection,
                            sharing
                                .iter()
                                .map(|id| items[*id].source.display().to_string())
                                .collect::<Vec<_>>()
                                .join(", ")
                        ),
                    )
                    .with_hint("a reference names one item: give the one meant a `slug:` of its own");
                    if let Some(span) = &reference.span {
                        d = d.at(&read_header(item), span.line(), span.column(), span.width());
                    }
                    problems.push(d);
                    continue;
                }
                if let Some(target) = by_slug[reference.collection].get(&reference.slug, Keys::Slugs(items)) {
                    targets.push(target);
                    continue;
                }
                if held_slugs.contains(&(reference.collection.to_string(), reference.slug.to_string())) {
                    continue;
                }
                let nearest = nearest_slugs(&reference.slug, &collections[reference.collection], items);
                let hint = if nearest.is_empty() {
                    no_near_slug_hint(reference.collection, &by_slug[reference.collection], items)
                } else {
                    format!(
                        "did you mean {}?",
                        nearest
                            .iter()
                            .map(|s| format!("`{s}`"))
                            .collect::<Vec<_>>()
                            .join(" or ")
                    )
                };
                let mut d = Diagnostic::error(
                    &item.source,
                    format!(
                        "`{}` names no item of collection `{}`",
                        reference.slug, reference.collection
                    ),
                )
                .with_hint(hint);
                if let Some(span) = &reference.span {
                    d = d.at(&read_header(item), span.line(), span.column(), span.width());
                }
                problems.push(d);
            }
            // Compact at once: a million items' maps never stand side by side.
            (Lists::from_shared(fields), problems)
        })
        .collect();
    resolved
        .into_iter()
        .map(|(fields, problems)| {
            diagnostics.extend(problems);
            fields
        })
        .collect()
}

/// Up to three slugs nearest to `slug` by edit distance.
fn nearest_slugs<'a>(slug: &str, ids: &[ItemId], items: &'a [Item]) -> Vec<&'a str> {
    let limit = (slug.chars().count() / 2).max(3);
    let mut scored: Vec<(usize, &str)> = ids
        .iter()
        .map(|id| items[*id].slug.as_ref())
        .map(|s| (edit_distance(slug, s), s))
        .filter(|(d, s)| *d <= limit || s.contains(slug) || slug.contains(s))
        .collect();
    scored.sort();
    scored.into_iter().take(3).map(|(_, s)| s).collect()
}

/// What to say of a reference that is like no slug of its collection: a few of the slugs
/// it has, and how to make the item.
fn no_near_slug_hint(collection: &str, slugs: &IdIndex, items: &[Item]) -> String {
    const SHOWN: usize = 3;
    let mut some: Vec<&str> = slugs.ids().map(|id| items[id].slug.as_ref()).collect();
    // The first few in order, without sorting every slug of a large collection.
    if some.len() > SHOWN {
        some.select_nth_unstable(SHOWN);
    }
    let shown = some.len().min(SHOWN);
    some[..shown].sort_unstable();
    let make = format!("`gazette new {collection} \"Its title\"` makes a new one");
    match some.len() {
        0 => format!("`{collection}` has no items yet; {make}"),
        n => {
            let listed: Vec<String> = some.iter().take(SHOWN).map(|s| format!("`{s}`")).collect();
            let more = if n > SHOWN {
                format!(" and {} more", n - SHOWN)
            } else {
                String::new()
            };
            format!(
                "no slug of `{collection}` is like it; it has {}{more}; {make}",
                listed.join(", ")
            )
        }
    }
}

/// Items referencing each item, by collection, in that collection's order.
pub(super) fn backlinks(
    config: &SiteConfig,
    items: &[Item],
    refs: &PerItem<ItemId>,
    translations: &[Vec<ItemId>],
    rank: &[usize],
) -> Vec<Growing<ItemId>> {
    let mut backlinks: Vec<Growing<ItemId>> = vec![Vec::new(); items.len()];
    for (source, fields) in ItemId::all(refs.len()).zip(refs.iter()) {
        let Some(collection) = items[source].collection() else {
            continue;
        };
        let mut seen = HashSet::new();
        for target in fields.values().flatten() {
            // A page lists the items of its own language that reference it.
            if items[*target].lang != items[source].lang {
                continue;
            }
            if seen.insert(*target) {
                list_mut(&mut backlinks[*target], collection).push(source);
            }
        }
    }
    if config.is_multilingual() && config.fallback {
        crate::link::language::fallback_backlinks(config, items, translations, &mut backlinks);
    }
    for (_, sources) in backlinks.iter_mut().flatten() {
        sources.sort_by_key(|id| rank[*id]);
    }
    backlinks
}

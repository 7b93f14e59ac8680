//! "Related items": for each item, a handful of items of the same collection that share the
//! most with it.
//!
//! Signals, strongest first: both reference the same item (3 points each), both are
//! referenced by the same item (2), both carry the same term (1). A term carried by more
//! than `MAX_TERM_SIZE` items says little about any two of them and would make the cost
//! grow with the square of the site, so it is not counted; neither is a target referenced
//! by more than `MAX_FAN` items. Ties go to the collection's own order, so the result is
//! deterministic.

use rayon::prelude::*;

use crate::model::site::{ItemId, Site};

/// How many related items each item gets.
pub(crate) const RELATED_COUNT: usize = 5;
const MAX_TERM_SIZE: usize = 100;
const MAX_FAN: usize = 400;

/// Related items of every item, computed in parallel.
pub(crate) fn related(site: &Site) -> Vec<Vec<ItemId>> {
    (0..site.items.len())
        .into_par_iter()
        .map(ItemId)
        .map(|id| related_to(site, id))
        .collect()
}

fn related_to(site: &Site, id: ItemId) -> Vec<ItemId> {
    let Some(collection) = site.items[id].collection() else {
        return Vec::new();
    };
    // One entry per point; sorting and counting runs is cheaper than a map per item.
    let mut points: Vec<ItemId> = Vec::new();
    let mut add = |other: ItemId, weight: usize| {
        if other != id && site.items[other].collection() == Some(collection) {
            points.extend(std::iter::repeat_n(other, weight));
        }
    };
    for target in site.refs[id].values().flatten() {
        let sources: Vec<ItemId> = site.backlinks[*target].values().flatten().copied().collect();
        if sources.len() <= MAX_FAN {
            sources.into_iter().for_each(|s| add(s, 3));
        }
    }
    for source in site.backlinks[id].values().flatten() {
        for target in site.refs[*source].values().flatten() {
            add(*target, 2);
        }
    }
    for (taxonomy, indexes) in &site.item_terms[id] {
        for index in indexes {
            let term = &site.taxonomy_in(site.items[id].lang, taxonomy)[*index];
            if term.items.len() <= MAX_TERM_SIZE {
                term.items.iter().for_each(|other| add(*other, 1));
            }
        }
    }
    points.sort_unstable();
    let mut ranked: Vec<(ItemId, usize)> = Vec::new();
    for other in points {
        match ranked.last_mut() {
            Some((last, score)) if *last == other => *score += 1,
            _ => ranked.push((other, 1)),
        }
    }
    ranked.sort_by(|a, b| b.1.cmp(&a.1).then(site.rank[a.0].cmp(&site.rank[b.0])));
    // A new list, not one collected from `ranked`, which would keep its buffer (hundreds
    // of entries an item) for five.
    let mut best = Vec::with_capacity(ranked.len().min(RELATED_COUNT));
    best.extend(ranked.into_iter().take(RELATED_COUNT).map(|(other, _)| other));
    best
}

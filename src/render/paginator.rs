//! The `paginator` variable of list and term pages.
//!
//! A list of P pages has P pages that each link to all P: built naively, that is P² values
//! (a tag on 50,000 items has 500 pages, and rendering them took most of the build). The
//! links are built once per list and shared: a page copies P reference-counted handles and
//! replaces its own entry. Themes loop over `window`, the few links a pager shows, rather
//! than over all of `pages`.

use std::hash::{Hash, Hasher};

use tera::Value;

use super::fingerprint::{FingerprintHasher, Known, hash_value};
use super::lookup::Lookup;
use super::values::{new_map, url};
use crate::model::site::{ItemId, Site};

/// How many pages on each side of the current one `window` shows.
const WINDOW_SIDE: usize = 2;

fn link(lookup: &Lookup, base: &str, number: usize, is_current: bool, gap_before: Option<bool>) -> Value {
    let mut map = new_map(4);
    map.insert("number".into(), Value::from(number));
    map.insert("url".into(), list_page_link(lookup, base, number));
    map.insert("is_current".into(), Value::from(is_current));
    if let Some(gap_before) = gap_before {
        map.insert("gap_before".into(), Value::from(gap_before));
    }
    Value::from(map)
}

fn list_page_link(lookup: &Lookup, base: &str, number: usize) -> Value {
    Value::from(url(&lookup.site.config, &Site::list_page_url(base, number)))
}

/// The fingerprint of `paginator(lookup, ids, base, page, per_page)`, from what it is made
/// of rather than by walking it: its `pages` links every page of the list, so hashing the
/// value cost each page as much as the list is long (P² for a list of P pages; at 50,000
/// items that was a tenth of the fingerprinting). The links are a function of the URLs of
/// pages 1 and 2, the page and the page count; the items are their cards.
pub(super) fn paginator_hash(
    lookup: &Lookup,
    ids: &[ItemId],
    base: &str,
    page: usize,
    per_page: usize,
    known: &Known,
) -> u64 {
    let mut hasher = FingerprintHasher::new();
    let total_pages = Site::page_count(ids.len(), per_page);
    (ids.len(), page, per_page, total_pages).hash(&mut hasher);
    for id in on_page(ids, page, per_page) {
        hash_value(&lookup.card(*id), &mut hasher, known);
    }
    for number in [1, 2] {
        list_page_link(lookup, base, number).as_str().hash(&mut hasher);
    }
    hasher.finish()
}

/// The ids shown on page `page` (1-based) of a paginated list.
pub(super) fn on_page(ids: &[ItemId], page: usize, per_page: usize) -> &[ItemId] {
    let start = (page.saturating_sub(1) * per_page).min(ids.len());
    let end = (start + per_page).min(ids.len());
    &ids[start..end]
}

/// The numbers `window` shows: the first and last pages and `WINDOW_SIDE` on each side of
/// `page`, in order.
fn window_numbers(page: usize, total_pages: usize) -> Vec<usize> {
    let mut numbers = vec![1];
    let low = page.saturating_sub(WINDOW_SIDE).max(2);
    let high = (page + WINDOW_SIDE).min(total_pages.saturating_sub(1));
    numbers.extend(low..=high);
    if total_pages > 1 {
        numbers.push(total_pages);
    }
    numbers
}

/// Page `page` (from 1) of the list `ids` at URL path `base`.
pub(super) fn paginator(lookup: &Lookup, ids: &[ItemId], base: &str, page: usize, per_page: usize) -> Value {
    let total_pages = Site::page_count(ids.len(), per_page);
    let items: Vec<Value> = on_page(ids, page, per_page)
        .iter()
        .map(|id| lookup.card(*id))
        .collect();
    let mut pages = lookup
        .page_links
        .get_or_make(base, total_pages, || {
            (1..=total_pages)
                .map(|n| link(lookup, base, n, false, None))
                .collect()
        })
        .to_vec();
    if let Some(current) = pages.get_mut(page - 1) {
        *current = link(lookup, base, page, true, None);
    }
    let mut previous_number = 0;
    let window: Vec<Value> = window_numbers(page, total_pages)
        .into_iter()
        .map(|n| {
            let gap_before = n > previous_number + 1;
            previous_number = n;
            link(lookup, base, n, n == page, Some(gap_before))
        })
        .collect();
    let step = |n: usize, exists: bool| match exists {
        true => list_page_link(lookup, base, n),
        false => Value::none(),
    };
    let mut map = new_map(11);
    map.insert("items".into(), Value::from(items));
    map.insert("current_page".into(), Value::from(page));
    map.insert("total_pages".into(), Value::from(total_pages));
    map.insert("total_items".into(), Value::from(ids.len()));
    map.insert("per_page".into(), Value::from(per_page));
    map.insert("previous".into(), step(page.saturating_sub(1), page > 1));
    map.insert("next".into(), step(page + 1, page < total_pages));
    map.insert("first".into(), list_page_link(lookup, base, 1));
    map.insert("last".into(), list_page_link(lookup, base, total_pages));
    map.insert("pages".into(), Value::from(pages));
    map.insert("window".into(), Value::from(window));
    Value::from(map)
}

#[cfg(test)]
mod tests {
    use super::{Known, paginator_hash, window_numbers};
    use crate::model::site::ItemId;
    use crate::render::feeds::tests::{FILES, lookup};

    #[test]
    fn the_paginators_fingerprint_follows_its_items_page_count_and_urls() {
        let site = lookup("https://example.org/", "", FILES);
        let ids: Vec<ItemId> = ItemId::all(site.site.items.len()).collect();
        assert!(ids.len() >= 3);
        let known = Known::new();
        let hash = |lookup, ids: &[ItemId], base, page, per_page| {
            paginator_hash(lookup, ids, base, page, per_page, &known)
        };
        let first = hash(&site, &ids, "/news/", 1, 1);
        assert_eq!(first, hash(&site, &ids, "/news/", 1, 1));
        // Another page, another page size, one item fewer, the order changed.
        assert_ne!(first, hash(&site, &ids, "/news/", 2, 1));
        assert_ne!(first, hash(&site, &ids, "/news/", 1, 2));
        assert_ne!(first, hash(&site, &ids[..ids.len() - 1], "/news/", 1, 1));
        let reversed: Vec<ItemId> = ids.iter().rev().copied().collect();
        assert_ne!(first, hash(&site, &reversed, "/news/", 1, 1));
        // Another list, another site address: other links.
        assert_ne!(first, hash(&site, &ids, "/tags/x/", 1, 1));
        let moved = lookup("https://example.org/portal/", "", FILES);
        assert_ne!(first, hash(&moved, &ids, "/news/", 1, 1));
    }

    #[test]
    fn the_window_holds_the_ends_and_two_on_each_side() {
        assert_eq!(window_numbers(1, 1), vec![1]);
        assert_eq!(window_numbers(1, 2), vec![1, 2]);
        assert_eq!(window_numbers(1, 10), vec![1, 2, 3, 10]);
        assert_eq!(window_numbers(5, 10), vec![1, 3, 4, 5, 6, 7, 10]);
        assert_eq!(window_numbers(10, 10), vec![1, 8, 9, 10]);
        assert_eq!(window_numbers(3, 5), vec![1, 2, 3, 4, 5]);
    }
}

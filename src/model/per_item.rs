//! Lists kept for each item under a few names: its references by field, its backlinks by
//! collection, its terms by taxonomy, each a [`Named`] list (see `named.rs` for why not a
//! map).

use super::item_id::ItemId;
use super::name::shared;
use super::named::Named;

/// One item's lists, each under its name, exactly as long as it is.
pub type Lists<V> = Named<Box<[V]>>;

/// One item's lists while the link stage fills them: a few names, found by looking
/// through them (a map each would take 72 bytes an item before its first entry).
pub type Growing<V> = Vec<(&'static str, Vec<V>)>;

/// The list under `name` in `lists`, added empty if it is not there yet.
pub fn list_mut<'a, V>(lists: &'a mut Growing<V>, name: &str) -> &'a mut Vec<V> {
    let at = match lists.iter().position(|(known, _)| *known == name) {
        Some(at) => at,
        None => {
            lists.push((shared(name), Vec::new()));
            lists.len() - 1
        }
    };
    &mut lists[at].1
}

/// The [`Lists`] of every item, in item order: 16 bytes an item that has none.
#[derive(Debug, Clone, Default)]
pub struct PerItem<V> {
    lists: Vec<Lists<V>>,
}

impl<V> PerItem<V> {
    /// The lists of `each` item, in order, each item's lists freed as they are taken.
    pub fn new(each: Vec<Growing<V>>) -> Self {
        PerItem::from_lists(each.into_iter().map(Named::from_shared).collect())
    }

    /// Each item's lists, already compact.
    pub fn from_lists(lists: Vec<Lists<V>>) -> Self {
        PerItem { lists }
    }

    /// The number of items.
    pub fn len(&self) -> usize {
        self.lists.len()
    }

    /// Whether the site has no items.
    pub fn is_empty(&self) -> bool {
        self.lists.is_empty()
    }

    /// Each item's lists, in order.
    pub fn iter(&self) -> impl Iterator<Item = &Lists<V>> {
        self.lists.iter()
    }
}

impl<V> std::ops::Index<ItemId> for PerItem<V> {
    type Output = Lists<V>;

    fn index(&self, id: ItemId) -> &Lists<V> {
        &self.lists[id.0]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_item_without_lists_has_an_empty_one() {
        let per_item = PerItem::new(vec![Vec::new(), vec![("tags", vec![0_usize])]]);
        assert_eq!(per_item.len(), 2);
        assert!(per_item[ItemId(0)].is_empty());
        assert_eq!(per_item[ItemId(1)].get("tags").map(|l| &**l), Some(&[0][..]));
        assert_eq!(per_item.iter().filter(|lists| lists.is_empty()).count(), 1);
    }

    #[test]
    fn a_growing_list_is_found_by_name_or_added() {
        let mut lists: Growing<usize> = Vec::new();
        list_mut(&mut lists, "news").push(1);
        list_mut(&mut lists, "events").push(2);
        list_mut(&mut lists, "news").push(3);
        assert_eq!(lists, [("news", vec![1, 3]), ("events", vec![2])]);
        let per_item = PerItem::new(vec![lists]);
        assert_eq!(per_item[ItemId(0)].get("news").map(|l| &**l), Some(&[1, 3][..]));
    }
}

//! Lists kept for each item under a few names: its references by field, its backlinks by
//! collection, its terms by taxonomy, each a [`Named`] list (see `named.rs` for why not a
//! map).

use indexmap::IndexMap;

use super::item_id::ItemId;
use super::named::Named;

/// One item's lists, each under its name, exactly as long as it is.
pub type Lists<V> = Named<Box<[V]>>;

/// The [`Lists`] of every item, in item order: 16 bytes an item that has none.
#[derive(Debug, Clone, Default)]
pub struct PerItem<V> {
    lists: Vec<Lists<V>>,
}

impl<V> PerItem<V> {
    /// The lists of `each` item, in order, each map freed as it is taken.
    pub fn new(each: Vec<IndexMap<String, Vec<V>>>) -> Self {
        PerItem {
            lists: each.into_iter().map(Lists::from).collect(),
        }
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
        let per_item = PerItem::new(vec![
            IndexMap::new(),
            IndexMap::from([("tags".to_string(), vec![0_usize])]),
        ]);
        assert_eq!(per_item.len(), 2);
        assert!(per_item[ItemId(0)].is_empty());
        assert_eq!(per_item[ItemId(1)].get("tags").map(|l| &**l), Some(&[0][..]));
        assert_eq!(per_item.iter().filter(|lists| lists.is_empty()).count(), 1);
    }
}

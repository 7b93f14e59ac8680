//! Lists kept for each item under a few names: its references by field, its backlinks by
//! collection, its terms by taxonomy.
//!
//! An item has one to three such names, and a million items have a million of each kind.
//! An `IndexMap` per item took 72 bytes, then its entries, its hash table and the slack of
//! each list grown by pushing: some 200 bytes an item for a map of one list. [`Lists`]
//! keeps the names and the lists in one boxed slice each, exactly as long as they are, and
//! finds a name by looking through the few there are.

use indexmap::IndexMap;

use super::item_id::ItemId;

/// One item's lists, each under its name, in the order they were made.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Lists<V> {
    entries: Box<[Stored<V>]>,
}

/// A name and its list as kept.
type Stored<V> = (Box<str>, Box<[V]>);

impl<V> Default for Lists<V> {
    fn default() -> Self {
        Lists {
            entries: Box::default(),
        }
    }
}

impl<V> Lists<V> {
    /// The list under `name`.
    pub fn get(&self, name: &str) -> Option<&[V]> {
        self.entries
            .iter()
            .find(|(key, _)| &**key == name)
            .map(|(_, list)| &**list)
    }

    /// Each name with its list, in order.
    pub fn iter(&self) -> impl ExactSizeIterator<Item = Entry<'_, V>> {
        self.into_iter()
    }

    /// Each list, in order.
    pub fn values(&self) -> impl ExactSizeIterator<Item = &[V]> {
        self.entries.iter().map(|(_, list)| &**list)
    }

    /// How many names there are.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether there is none.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}

impl<V> From<IndexMap<String, Vec<V>>> for Lists<V> {
    fn from(map: IndexMap<String, Vec<V>>) -> Self {
        Lists {
            entries: map
                .into_iter()
                .map(|(key, list)| (key.into_boxed_str(), list.into_boxed_slice()))
                .collect(),
        }
    }
}

/// A name and its list, as iterating over [`Lists`] gives them.
type Entry<'a, V> = (&'a str, &'a [V]);

/// Iterating over [`Lists`].
type Entries<'a, V> = std::iter::Map<std::slice::Iter<'a, Stored<V>>, fn(&'a Stored<V>) -> Entry<'a, V>>;

fn entry<V>((name, list): &Stored<V>) -> Entry<'_, V> {
    (name, list)
}

impl<'a, V> IntoIterator for &'a Lists<V> {
    type Item = Entry<'a, V>;
    type IntoIter = Entries<'a, V>;

    fn into_iter(self) -> Self::IntoIter {
        self.entries.iter().map(entry)
    }
}

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
    fn lists_keep_their_names_order_and_lengths() {
        let mut map = IndexMap::new();
        map.insert("news".to_string(), vec![ItemId(3), ItemId(1)]);
        map.insert("events".to_string(), Vec::with_capacity(16));
        map["events"].push(ItemId(2));
        let lists = Lists::from(map);
        assert_eq!(lists.len(), 2);
        assert_eq!(lists.get("news"), Some(&[ItemId(3), ItemId(1)][..]));
        assert_eq!(lists.get("events"), Some(&[ItemId(2)][..]));
        assert_eq!(lists.get("people"), None);
        let names: Vec<&str> = lists.iter().map(|(name, _)| name).collect();
        assert_eq!(names, ["news", "events"]);
        let all: Vec<ItemId> = lists.values().flatten().copied().collect();
        assert_eq!(all, [ItemId(3), ItemId(1), ItemId(2)]);
        assert_eq!((&lists).into_iter().count(), 2);
    }

    #[test]
    fn an_item_without_lists_has_an_empty_one() {
        let per_item = PerItem::new(vec![
            IndexMap::new(),
            IndexMap::from([("tags".to_string(), vec![0_usize])]),
        ]);
        assert_eq!(per_item.len(), 2);
        assert!(per_item[ItemId(0)].is_empty());
        assert_eq!(per_item[ItemId(1)].get("tags"), Some(&[0][..]));
        assert_eq!(per_item.iter().filter(|lists| lists.is_empty()).count(), 1);
    }
}

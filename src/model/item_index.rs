//! Items found by a key each of them already holds (a content path, a slug, a URL), without
//! a second copy of the key.
//!
//! A `HashMap<String, ItemId>` keeps its own copy of every key: some 80 bytes an item with
//! the map's slot, for each of the link stage's indexes (by content path, by slug, by URL).
//! At a million items that was a quarter of a gigabyte for strings the items hold anyway.
//! An [`IdIndex`] keeps only the ids (8 bytes and a control byte a slot) and reads each
//! key from where it lives ([`Keys`]) to hash it again or compare it.

use std::hash::BuildHasher;

use hashbrown::HashTable;

use super::fast_hash::FastHasher;
use super::item::Item;
use super::item_id::ItemId;

/// Where an index reads the key of each item.
#[derive(Clone, Copy)]
pub enum Keys<'a> {
    /// Each item's path under `content/` (`news/2023/x.md`).
    ContentPaths(&'a [Item]),
    /// Each item's slug.
    Slugs(&'a [Item]),
    /// A list with one key per item, in item order (the items' URL paths).
    Listed(&'a [String]),
}

impl<'a> Keys<'a> {
    /// The key of item `id`.
    pub fn of(self, id: ItemId) -> &'a str {
        match self {
            Keys::ContentPaths(items) => items[id].content_path(),
            Keys::Slugs(items) => &items[id].slug,
            Keys::Listed(keys) => &keys[id],
        }
    }
}

/// Item ids by a key of each item; the first item inserted with a key keeps it.
#[derive(Debug, Clone, Default)]
pub struct IdIndex {
    table: HashTable<ItemId>,
}

impl IdIndex {
    /// An empty index with room for `capacity` items.
    pub fn with_capacity(capacity: usize) -> IdIndex {
        IdIndex {
            table: HashTable::with_capacity(capacity),
        }
    }

    /// Every item of `keys` (`count` of them), the first with a key keeping it.
    pub fn of_all(count: usize, keys: Keys<'_>) -> IdIndex {
        let mut index = IdIndex::with_capacity(count);
        for id in ItemId::all(count) {
            let _ = index.insert(id, keys);
        }
        index
    }

    /// Adds `id` under its key; `Err` with the item that already has that key.
    pub fn insert(&mut self, id: ItemId, keys: Keys<'_>) -> Result<(), ItemId> {
        let key = keys.of(id);
        let hash = hash(key);
        match self.table.find(hash, |&other| keys.of(other) == key) {
            Some(&first) => Err(first),
            None => {
                self.table
                    .insert_unique(hash, id, |&other| self::hash(keys.of(other)));
                Ok(())
            }
        }
    }

    /// The item whose key is `key`.
    pub fn get(&self, key: &str, keys: Keys<'_>) -> Option<ItemId> {
        self.table.find(hash(key), |&id| keys.of(id) == key).copied()
    }

    /// The items indexed, in no particular order.
    pub fn ids(&self) -> impl Iterator<Item = ItemId> + '_ {
        self.table.iter().copied()
    }

    /// How many items are indexed.
    pub fn len(&self) -> usize {
        self.table.len()
    }

    /// Whether no item is indexed.
    pub fn is_empty(&self) -> bool {
        self.table.is_empty()
    }
}

/// An index with where its keys are, for lookups by whoever holds neither.
#[derive(Clone, Copy)]
pub struct Keyed<'a> {
    /// The ids.
    pub index: &'a IdIndex,
    /// Where their keys are.
    pub keys: Keys<'a>,
}

impl<'a> Keyed<'a> {
    /// The item whose key is `key`.
    pub fn get(&self, key: &str) -> Option<ItemId> {
        self.index.get(key, self.keys)
    }

    /// Every key indexed, in no particular order.
    pub fn keys(&self) -> impl Iterator<Item = &'a str> + 'a {
        let keys = self.keys;
        self.index.ids().map(move |id| keys.of(id))
    }
}

impl Keyed<'static> {
    /// An index that finds no item, for whoever must pass one where there is none.
    pub fn none() -> Keyed<'static> {
        static NO_ITEMS: IdIndex = IdIndex {
            table: HashTable::new(),
        };
        Keyed {
            index: &NO_ITEMS,
            keys: Keys::Listed(&[]),
        }
    }
}

fn hash(key: &str) -> u64 {
    FastHasher::default().hash_one(key)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_each_item_by_its_key_and_the_first_keeps_a_shared_one() {
        let urls: Vec<String> = ["/a/", "/b/", "/a/", "/c/"].map(String::from).to_vec();
        let keys = Keys::Listed(&urls);
        let mut index = IdIndex::with_capacity(0);
        assert_eq!(index.insert(ItemId(0), keys), Ok(()));
        assert_eq!(index.insert(ItemId(1), keys), Ok(()));
        assert_eq!(index.insert(ItemId(2), keys), Err(ItemId(0)));
        assert_eq!(index.insert(ItemId(3), keys), Ok(()));
        assert_eq!(index.get("/a/", keys), Some(ItemId(0)));
        assert_eq!(index.get("/c/", keys), Some(ItemId(3)));
        assert_eq!(index.get("/d/", keys), None);
        let mut ids: Vec<ItemId> = index.ids().collect();
        ids.sort();
        assert_eq!(ids, [ItemId(0), ItemId(1), ItemId(3)]);
        assert_eq!(IdIndex::of_all(urls.len(), keys).len(), 3);
    }

    #[test]
    fn grows_past_its_capacity_and_still_finds_every_key() {
        let urls: Vec<String> = (0..5000).map(|n| format!("/news/{n}/")).collect();
        let index = IdIndex::of_all(urls.len(), Keys::Listed(&urls));
        let mut grown = IdIndex::with_capacity(1);
        for id in ItemId::all(urls.len()) {
            grown.insert(id, Keys::Listed(&urls)).unwrap();
        }
        for (id, url) in ItemId::each(&urls) {
            assert_eq!(index.get(url, Keys::Listed(&urls)), Some(id));
            assert_eq!(grown.get(url, Keys::Listed(&urls)), Some(id));
        }
    }
}

//! Items' cards: what lists, links and an item's own page show of it, as Tera values.
//!
//! A card is about 3 KiB. Where every card fits the build's budget they are all made once
//! and shared by every page that shows them (a clone of a card is a reference count). Past
//! the budget, a site of a million items would hold gigabytes of them, so a card is made
//! when a page shows it and kept in a bounded cache: the institutions that many news items
//! name stay in it, the pages of one list find their cards made by their neighbours.

use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

use tera::Value;

use super::fingerprint::value_address as address;
use crate::model::fast_hash::FastMap;
use crate::model::site::ItemId;

/// The memory a card takes, measured on the benchmark corpus (a news item with two
/// references, two tags and a summary: 2.8 KiB), rounded up.
pub(super) const CARD_BYTES: usize = 3 * 1024;

/// The cards a build keeps unless told otherwise (`GAZETTE_CARD_MEMORY`): 512 MiB, every
/// card of a site of some 170,000 items. Below that, where the Markdown stage's peak is
/// higher than the cards', making them on demand would cost time and save nothing: at
/// 100,000 items a cache of 256 MiB used more memory than every card kept (BENCHMARKS.md).
pub const DEFAULT_CARD_MEMORY: usize = 512 * 1024 * 1024;

/// Past the budget, the share of it the cache of cards made on demand takes: a sixteenth,
/// 32 MiB (10,880 cards) by default. A larger cache finds few more: at 100,000 items a cache
/// four times as large found 49 % of the cards shown instead of 27 %, for 190 MiB more, and
/// at a million items one of the whole budget (174,720 cards) found 25 %, one of 21,824
/// cards 30 %; a card made again costs some 20 µs (BENCHMARKS.md).
pub(super) const CACHE_SHARE: usize = 16;

/// Whether a site of `items` items makes its cards on demand: when every card kept would
/// take more than `card_memory` bytes. The Markdown stage asks too, to write the summaries
/// such cards show to a file as it renders them.
pub fn cards_made_on_demand(items: usize, card_memory: usize) -> bool {
    items > most_cards_kept(card_memory)
}

/// How many items' cards fit in `card_memory` bytes: past that many items, cards are made
/// on demand.
pub fn most_cards_kept(card_memory: usize) -> usize {
    card_memory / CARD_BYTES
}

/// Shards of the cache: a page's render locks one, so the cores seldom wait for each other.
const SHARDS: usize = 64;

/// Every card, or those made lately.
pub enum Cards {
    /// Every item's card, by id.
    Kept(Vec<Value>),
    /// Cards made on demand, the latest kept.
    Made(CardCache),
}

impl Cards {
    /// The card of `id`: the one kept, or `make`'s, cached.
    pub fn get(&self, id: ItemId, make: impl FnOnce() -> Value) -> Value {
        match self {
            Cards::Kept(cards) => cards[id].clone(),
            Cards::Made(cache) => cache.get_or_make(id, make),
        }
    }

    /// Puts `card` in place of the card of `id` (`serve`, after an item changed).
    pub fn set(&mut self, id: ItemId, card: Value) {
        match self {
            Cards::Kept(cards) => cards[id] = card,
            Cards::Made(cache) => cache.forget(id),
        }
    }

    /// The item whose card is the map at `address`, for cards made on demand that the
    /// cache holds (`CardCache::identify`); `None` for kept cards, known by their address.
    pub fn identify(&self, address: usize) -> Option<ItemId> {
        match self {
            Cards::Kept(_) => None,
            Cards::Made(cache) => cache.identify(address),
        }
    }

    /// For cards made on demand, how many the cache holds at most.
    pub fn capacity(&self) -> Option<usize> {
        match self {
            Cards::Kept(_) => None,
            Cards::Made(cache) => Some(cache.capacity()),
        }
    }

    /// For cards made on demand: (cards shown, cards made).
    pub fn made_counts(&self) -> Option<(usize, usize)> {
        match self {
            Cards::Kept(_) => None,
            Cards::Made(cache) => Some(cache.counts()),
        }
    }

    /// Every card, when all are kept.
    pub fn kept(&self) -> Option<&[Value]> {
        match self {
            Cards::Kept(cards) => Some(cards),
            Cards::Made(_) => None,
        }
    }
}

/// A bounded cache of cards, each shard in two generations: a card is looked for in the
/// young one, then in the old one, from which it moves to the young; when the young is
/// full it becomes the old and the old is dropped. Nearly what "least recently used"
/// keeps, for two map lookups: the cards many pages show (an institution that news items
/// name) stay, where emptying a full shard lost them with the rest.
pub struct CardCache {
    shards: Vec<Mutex<Generations>>,
    /// The item of each card the cache holds, by the address of its map: a partial
    /// rendered for a card is known by the item (`identify`), so it is found again when
    /// the card is made again, at another address.
    items: Mutex<FastMap<usize, ItemId>>,
    per_shard: usize,
    made: AtomicUsize,
    asked: AtomicUsize,
}

#[derive(Default)]
struct Generations {
    young: FastMap<ItemId, Value>,
    old: FastMap<ItemId, Value>,
}

impl CardCache {
    /// A cache that holds at most `capacity` cards (at least two per shard).
    pub fn new(capacity: usize) -> CardCache {
        let per_shard = (capacity / SHARDS).max(2);
        CardCache {
            shards: (0..SHARDS).map(|_| Mutex::default()).collect(),
            items: Mutex::default(),
            per_shard,
            made: AtomicUsize::new(0),
            asked: AtomicUsize::new(0),
        }
    }

    /// The cached card of `id`, else `make`'s, cached.
    pub fn get_or_make(&self, id: ItemId, make: impl FnOnce() -> Value) -> Value {
        self.asked.fetch_add(1, Ordering::Relaxed);
        let shard = &self.shards[id.0 % SHARDS];
        {
            let mut cards = lock(shard);
            if let Some(card) = cards.young.get(&id) {
                return card.clone();
            }
            if let Some(card) = cards.old.remove(&id) {
                self.keep(&mut cards, id, card.clone());
                return card;
            }
        }
        // Made outside the lock: another core may make the same card meanwhile, which
        // costs a card's making, not a wait.
        let card = make();
        self.made.fetch_add(1, Ordering::Relaxed);
        self.keep(&mut lock(shard), id, card.clone());
        card
    }

    fn keep(&self, cards: &mut Generations, id: ItemId, card: Value) {
        let mut items = lock(&self.items);
        // Each generation holds half the shard.
        if cards.young.len() >= self.per_shard / 2 {
            let dropped = std::mem::replace(&mut cards.old, std::mem::take(&mut cards.young));
            for card in dropped.values() {
                items.remove(&address(card));
            }
        }
        items.insert(address(&card), id);
        if let Some(replaced) = cards.young.insert(id, card) {
            items.remove(&address(&replaced));
        }
    }

    /// The item whose card, held by the cache, is the map at `address`. An address the
    /// cache holds no card at is `None`, whatever it held before: a value held elsewhere
    /// keeps its address, and one freed may give it to any other value.
    pub fn identify(&self, address: usize) -> Option<ItemId> {
        lock(&self.items).get(&address).copied()
    }

    /// Drops the cached card of `id`, made from what the item was.
    fn forget(&self, id: ItemId) {
        let mut cards = lock(&self.shards[id.0 % SHARDS]);
        let mut items = lock(&self.items);
        for card in [cards.young.remove(&id), cards.old.remove(&id)]
            .into_iter()
            .flatten()
        {
            items.remove(&address(&card));
        }
    }

    /// (cards asked for, cards made): `--verbose` reports the share found in the cache.
    fn counts(&self) -> (usize, usize) {
        (
            self.asked.load(Ordering::Relaxed),
            self.made.load(Ordering::Relaxed),
        )
    }

    /// How many cards it holds at most.
    fn capacity(&self) -> usize {
        self.per_shard * SHARDS
    }
}

fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cached_card_is_made_once_and_the_least_recently_shown_makes_room() {
        // Two cards per shard: one in each generation.
        let cache = CardCache::new(2 * SHARDS);
        let made = |n: usize| move || Value::from_serializable(&serde_json::json!({ "n": n }));
        let same_shard = |k: usize| ItemId(1 + k * SHARDS);
        let n = |card: Value| card.get_from_path("n").and_then(|n| n.as_i64());
        assert_eq!(n(cache.get_or_make(same_shard(0), made(0))), Some(0));
        // Found, not made again: the maker would give another value.
        assert_eq!(n(cache.get_or_make(same_shard(0), made(99))), Some(0));
        assert_eq!(cache.counts(), (2, 1));
        // Card 1 pushes card 0 to the old generation; asking for 0 brings it back young,
        // so card 2 pushes out card 1, not 0.
        cache.get_or_make(same_shard(1), made(1));
        assert_eq!(n(cache.get_or_make(same_shard(0), made(99))), Some(0));
        cache.get_or_make(same_shard(2), made(2));
        assert_eq!(n(cache.get_or_make(same_shard(0), made(99))), Some(0));
        assert_eq!(n(cache.get_or_make(same_shard(1), made(11))), Some(11));
        assert_eq!(cache.counts(), (7, 4));
        // The cards held are known by their address; one dropped is not.
        let held = cache.get_or_make(same_shard(1), made(99));
        assert_eq!(cache.identify(address(&held)), Some(same_shard(1)));
        let dropped = cache.get_or_make(same_shard(3), made(3));
        cache.get_or_make(same_shard(4), made(4));
        cache.get_or_make(same_shard(5), made(5));
        assert_eq!(cache.identify(address(&dropped)), None);
        assert_eq!(cache.capacity(), 2 * SHARDS);
    }

    #[test]
    fn kept_cards_are_the_ones_given() {
        let cards = Cards::Kept(vec![Value::from("a"), Value::from("b")]);
        assert_eq!(cards.get(ItemId(1), || unreachable!()), Value::from("b"));
        assert!(cards.kept().is_some());
        let made = Cards::Made(CardCache::new(1));
        assert_eq!(made.get(ItemId(0), || Value::from("c")), Value::from("c"));
        assert!(made.kept().is_none());
        let mut made = made;
        made.set(ItemId(0), Value::from("unused"));
        assert_eq!(made.get(ItemId(0), || Value::from("d")), Value::from("d"));
    }
}

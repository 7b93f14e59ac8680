//! An item's id: its place in `Site::items` and in every list kept per item.

/// An item of the linked site: its index in `Site::items` and in every list kept per item
/// (`urls`, `refs`, `backlinks`, …), never to be mixed up with a term's or a page's index.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ItemId(pub usize);

impl ItemId {
    /// Each of `list` (items, or a list kept per item) with its item's id, in order.
    pub fn each<T>(list: &[T]) -> impl DoubleEndedIterator<Item = (ItemId, &T)> + ExactSizeIterator {
        list.iter().enumerate().map(|(i, x)| (ItemId(i), x))
    }

    /// Every id of a site of `count` items, in order.
    pub fn all(count: usize) -> impl DoubleEndedIterator<Item = ItemId> + ExactSizeIterator {
        (0..count).map(ItemId)
    }
}

impl<T> std::ops::Index<ItemId> for [T] {
    type Output = T;

    fn index(&self, id: ItemId) -> &T {
        &self[id.0]
    }
}

impl<T> std::ops::IndexMut<ItemId> for [T] {
    fn index_mut(&mut self, id: ItemId) -> &mut T {
        &mut self[id.0]
    }
}

impl<T> std::ops::Index<ItemId> for Vec<T> {
    type Output = T;

    fn index(&self, id: ItemId) -> &T {
        &self[id.0]
    }
}

impl<T> std::ops::IndexMut<ItemId> for Vec<T> {
    fn index_mut(&mut self, id: ItemId) -> &mut T {
        &mut self[id.0]
    }
}

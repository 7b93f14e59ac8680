//! Values kept under a few names, for each of a million items: an item's own fields by
//! name, its references by field, its backlinks by collection, its terms by taxonomy.
//!
//! An `IndexMap` per item took 72 bytes, then its entries (with a hash each), its hash
//! table and the slack of everything grown by pushing: some 200 to 300 bytes an item for
//! one or two names. [`Named`] keeps the names and values in one boxed slice, exactly as
//! long as it is, and finds a name by looking through the few there are. The names are
//! the process's shared copies (`name.rs`), not each item's own.

use indexmap::IndexMap;

use super::name::shared;

/// Values, each under its name, in the order they were made.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Named<T> {
    entries: Box<[Stored<T>]>,
}

/// A name and its value as kept.
type Stored<T> = (&'static str, T);

/// A name and its value, as iterating over [`Named`] gives them.
type Entry<'a, T> = (&'a str, &'a T);

/// Iterating over [`Named`].
type Entries<'a, T> = std::iter::Map<std::slice::Iter<'a, Stored<T>>, fn(&'a Stored<T>) -> Entry<'a, T>>;

fn entry<T>((name, value): &Stored<T>) -> Entry<'_, T> {
    (*name, value)
}

impl<T> Default for Named<T> {
    fn default() -> Self {
        Named {
            entries: Box::default(),
        }
    }
}

impl<T> Named<T> {
    /// The value under `name`.
    pub fn get(&self, name: &str) -> Option<&T> {
        self.entries
            .iter()
            .find(|(key, _)| *key == name)
            .map(|(_, value)| value)
    }

    /// Whether there is a value under `name`.
    pub fn contains_key(&self, name: &str) -> bool {
        self.get(name).is_some()
    }

    /// Each name with its value, in order.
    pub fn iter(&self) -> Entries<'_, T> {
        self.into_iter()
    }

    /// Each value, in order.
    pub fn values(&self) -> impl ExactSizeIterator<Item = &T> {
        self.entries.iter().map(|(_, value)| value)
    }

    /// How many names there are.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether there is none.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// From names that are already the process's shared copies (`name.rs`): nothing is
    /// looked up, which the link stage, making lists for every item, would do millions of
    /// times.
    pub fn from_shared<U: Into<T>>(entries: impl IntoIterator<Item = (&'static str, U)>) -> Self {
        Named {
            entries: entries
                .into_iter()
                .map(|(name, value)| (name, value.into()))
                .collect(),
        }
    }

    /// Each value, in order, to change in place.
    pub fn values_mut(&mut self) -> impl Iterator<Item = &mut T> {
        self.entries.iter_mut().map(|(_, value)| value)
    }
}

/// From names and values as they are made (a list as a `Vec`, kept as a boxed slice).
impl<N: AsRef<str>, T, U: Into<T>> FromIterator<(N, U)> for Named<T> {
    fn from_iter<I: IntoIterator<Item = (N, U)>>(entries: I) -> Self {
        Named {
            entries: entries
                .into_iter()
                .map(|(name, value)| (shared(name.as_ref()), value.into()))
                .collect(),
        }
    }
}

impl<T, U: Into<T>> From<IndexMap<String, U>> for Named<T> {
    fn from(map: IndexMap<String, U>) -> Self {
        map.into_iter().collect()
    }
}

impl<'a, T> IntoIterator for &'a Named<T> {
    type Item = Entry<'a, T>;
    type IntoIter = Entries<'a, T>;

    fn into_iter(self) -> Self::IntoIter {
        self.entries.iter().map(entry)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::item_id::ItemId;
    use crate::model::schema::FieldValue;

    #[test]
    fn fields_keep_their_order_and_are_found_by_name() {
        let mut map = IndexMap::new();
        map.insert("kind".to_string(), FieldValue::String("laboratory".into()));
        map.insert("staff".to_string(), FieldValue::Integer(120));
        let fields: Named<FieldValue> = Named::from(map);
        assert_eq!(fields.len(), 2);
        assert_eq!(fields.get("staff"), Some(&FieldValue::Integer(120)));
        assert!(fields.contains_key("kind"));
        assert!(!fields.contains_key("website"));
        assert_eq!(fields.get("website"), None);
        let names: Vec<&str> = fields.iter().map(|(name, _)| name).collect();
        assert_eq!(names, ["kind", "staff"]);
        assert!(Named::<FieldValue>::default().is_empty());
    }

    #[test]
    fn lists_keep_their_names_order_and_lengths() {
        let mut map = IndexMap::new();
        map.insert("news".to_string(), vec![ItemId(3), ItemId(1)]);
        map.insert("events".to_string(), Vec::with_capacity(16));
        map["events"].push(ItemId(2));
        let lists: Named<Box<[ItemId]>> = Named::from(map);
        assert_eq!(lists.len(), 2);
        assert_eq!(lists.get("news").map(|l| &**l), Some(&[ItemId(3), ItemId(1)][..]));
        assert_eq!(lists.get("events").map(|l| &**l), Some(&[ItemId(2)][..]));
        assert_eq!(lists.get("people"), None);
        let names: Vec<&str> = lists.iter().map(|(name, _)| name).collect();
        assert_eq!(names, ["news", "events"]);
        let all: Vec<ItemId> = lists.values().flatten().copied().collect();
        assert_eq!(all, [ItemId(3), ItemId(1), ItemId(2)]);
        assert_eq!((&lists).into_iter().count(), 2);
    }
}

//! An item's own fields: each name with its checked value, in schema order.
//!
//! Every item has a few, and a million items have a million sets of them. An `IndexMap`
//! took 72 bytes an item, then its entries (with a hash each) and its hash table, some
//! 300 bytes for two fields; [`Fields`] keeps the names and values in one boxed slice,
//! exactly as long as it is, and finds a name by looking through the few there are.

use indexmap::IndexMap;

use super::schema::FieldValue;

/// An item's own fields (the built-in ones excluded), in schema order.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Fields {
    entries: Box<[Field]>,
}

/// A field's name and value as kept.
type Field = (Box<str>, FieldValue);

/// A field's name and value, as iterating over [`Fields`] gives them.
type Entry<'a> = (&'a str, &'a FieldValue);

/// Iterating over [`Fields`].
type Entries<'a> = std::iter::Map<std::slice::Iter<'a, Field>, fn(&'a Field) -> Entry<'a>>;

fn entry((name, value): &Field) -> Entry<'_> {
    (name, value)
}

impl Fields {
    /// The value of the field `name`.
    pub fn get(&self, name: &str) -> Option<&FieldValue> {
        self.entries
            .iter()
            .find(|(key, _)| &**key == name)
            .map(|(_, value)| value)
    }

    /// Whether the item has the field `name`.
    pub fn contains_key(&self, name: &str) -> bool {
        self.get(name).is_some()
    }

    /// Each field's name and value, in order.
    pub fn iter(&self) -> Entries<'_> {
        self.into_iter()
    }

    /// How many fields there are.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether there is none.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}

impl FromIterator<(String, FieldValue)> for Fields {
    fn from_iter<I: IntoIterator<Item = (String, FieldValue)>>(fields: I) -> Self {
        Fields {
            entries: fields
                .into_iter()
                .map(|(name, value)| (name.into_boxed_str(), value))
                .collect(),
        }
    }
}

impl From<IndexMap<String, FieldValue>> for Fields {
    fn from(map: IndexMap<String, FieldValue>) -> Self {
        map.into_iter().collect()
    }
}

impl<'a> IntoIterator for &'a Fields {
    type Item = Entry<'a>;
    type IntoIter = Entries<'a>;

    fn into_iter(self) -> Self::IntoIter {
        self.entries.iter().map(entry)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_keep_their_order_and_are_found_by_name() {
        let mut map = IndexMap::new();
        map.insert("kind".to_string(), FieldValue::String("laboratory".into()));
        map.insert("staff".to_string(), FieldValue::Integer(120));
        let fields = Fields::from(map);
        assert_eq!(fields.len(), 2);
        assert_eq!(fields.get("staff"), Some(&FieldValue::Integer(120)));
        assert!(fields.contains_key("kind"));
        assert!(!fields.contains_key("website"));
        assert_eq!(fields.get("website"), None);
        let names: Vec<&str> = fields.iter().map(|(name, _)| name).collect();
        assert_eq!(names, ["kind", "staff"]);
        assert!(Fields::default().is_empty());
    }
}

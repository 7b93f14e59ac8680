//! The ids a link's `#anchor` may name in an item: its headings' and its raw HTML's.

use std::collections::BTreeSet;

/// An item's ids, sorted, each ended by a line break. Every item keeps them for the whole
/// build, for the links into it; a hash set of one id takes some 150 bytes besides the
/// id's own, 150 MB at a million items.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Anchors(Box<str>);

impl Anchors {
    /// Whether `id` is one of them.
    pub fn contains(&self, id: &str) -> bool {
        self.iter().any(|known| known == id)
    }

    /// The ids, in sorted order.
    pub fn iter(&self) -> impl Iterator<Item = &str> {
        self.0.split_terminator('\n')
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Adds `ids`; one already there is not added twice. An id with a line break in it
    /// is left out: no URL's fragment can name it.
    pub fn extend(&mut self, ids: impl IntoIterator<Item = String>) {
        let mut all: BTreeSet<String> = self.iter().map(str::to_string).collect();
        let before = all.len();
        all.extend(ids.into_iter().filter(|id| !id.contains('\n')));
        if all.len() == before {
            return;
        }
        let mut joined = String::with_capacity(all.iter().map(|id| id.len() + 1).sum());
        for id in all {
            joined.push_str(&id);
            joined.push('\n');
        }
        self.0 = joined.into_boxed_str();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn anchors_are_found_listed_in_order_and_kept_once() {
        let mut anchors = Anchors::default();
        assert!(anchors.is_empty() && !anchors.contains(""));
        anchors.extend(["results".to_string(), "method".into()]);
        anchors.extend(["results".to_string(), "a\nb".into(), "intro".into()]);
        assert_eq!(anchors.iter().collect::<Vec<_>>(), ["intro", "method", "results"]);
        assert!(anchors.contains("method") && !anchors.contains("metho") && !anchors.contains("a"));
        let mut same = Anchors::default();
        same.extend(["method".to_string(), "intro".into(), "results".into()]);
        assert_eq!(anchors, same);
    }
}

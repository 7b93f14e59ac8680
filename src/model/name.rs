//! Names shared by every item: a field's, a collection's, a taxonomy's.
//!
//! An item keeps its fields, references, backlinks and terms under these names. Each
//! item's own copy of `institutions` or `tags` took a small allocation a name (16 bytes, a
//! few million of them at a million items); a name is now made once for the process and
//! each item holds a reference to it. The names come from `site.yaml`'s schema, so there
//! are a few dozen of them, and they live as long as the process: a `serve` that sees the
//! schema renamed a hundred times keeps a hundred more.

use std::collections::HashSet;
use std::sync::{LazyLock, Mutex};

/// Every name made so far.
static NAMES: LazyLock<Mutex<HashSet<&'static str>>> = LazyLock::new(Default::default);

/// The process's one copy of `name`.
pub fn shared(name: &str) -> &'static str {
    // A poisoned lock still holds a valid set: no thread panics while it holds it.
    let mut names = NAMES.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
    if let Some(existing) = names.get(name) {
        return existing;
    }
    let made: &'static str = Box::leak(name.into());
    names.insert(made);
    made
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_name_is_made_once() {
        let first = shared("institutions");
        let again = shared(&String::from("institutions"));
        assert_eq!(first, "institutions");
        assert!(std::ptr::eq(first, again));
        assert!(!std::ptr::eq(first, shared("tags")));
    }
}

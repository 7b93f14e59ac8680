//! What a page is made from, as one number: the fingerprint `build` compares with the
//! previous build's to skip rendering pages whose inputs did not change.
//!
//! A page's template sees its context and, through `get_item`, `get_collection`,
//! `get_terms` and `url_for`, the whole site. The context is hashed as it is built
//! (`Fingerprinted` stands in for Tera's `Context`); reads of the site are noticed while the
//! page renders (`note_site_read`), and such a page is skipped only when nothing in the
//! site changed either. A page that warned (a missing theme string) is never skipped, so
//! every build shows its warnings.

use std::borrow::Cow;
use std::cell::Cell;
use std::collections::HashMap;
use std::hash::{Hash, Hasher};

use serde::Serialize;
use tera::value::ValueKind;
use tera::{Context, Value};

thread_local! {
    static READ_SITE: Cell<bool> = const { Cell::new(false) };
    static WARNED: Cell<bool> = const { Cell::new(false) };
}

/// Called by template functions that read the site beyond the page's context.
pub(crate) fn note_site_read() {
    READ_SITE.with(|read| read.set(true));
}

/// Called when rendering a page produced a warning.
pub(crate) fn note_warning() {
    WARNED.with(|warned| warned.set(true));
}

/// What the rendering on this thread did since `start_page`: (read the site, warned).
pub(crate) fn page_effects() -> (bool, bool) {
    (READ_SITE.with(Cell::get), WARNED.with(Cell::get))
}

/// Adds effects (read the site, warned) to the page rendering on this thread.
pub(crate) fn add_page_effects((read_site, warned): (bool, bool)) {
    READ_SITE.with(|read| read.set(read.get() || read_site));
    WARNED.with(|w| w.set(w.get() || warned));
}

/// Runs `render` (a template within the page's) and returns its own effects too; the page
/// keeps its effects and gains the inner ones.
pub(crate) fn nested<T>(render: impl FnOnce() -> T) -> (T, (bool, bool)) {
    let outer = page_effects();
    start_page();
    let result = render();
    let inner = page_effects();
    start_page();
    add_page_effects(outer);
    add_page_effects(inner);
    (result, inner)
}

/// Forgets the previous page's effects; call before rendering a page on this thread.
pub(crate) fn start_page() {
    READ_SITE.with(|read| read.set(false));
    WARNED.with(|warned| warned.set(false));
}

/// The hash of fingerprints. XXH3: several times faster than std's SipHash on the long
/// strings pages are made of, and fixed by its specification, where std's `DefaultHasher`
/// may change with the compiler while manifests of the previous build are still on disk.
pub(crate) type FingerprintHasher = xxhash_rust::xxh3::Xxh3Default;

/// Hashes of values many pages share (items' cards), by the address of their map: a card
/// is hashed once per build, not once per page that shows it.
pub(crate) type Known = HashMap<usize, u64>;

/// The key of a map value in `Known`.
pub(crate) fn address(map: &tera::Map) -> usize {
    map as *const tera::Map as usize
}

/// `address` of a value that is a map; 0 for any other.
pub(crate) fn value_address(value: &Value) -> usize {
    value.as_map().map_or(0, address)
}

/// A Tera context that hashes what goes into it (when given `Known` hashes to use: without,
/// it is a plain context and costs nothing more).
pub(crate) struct Fingerprinted<'a> {
    /// The context itself.
    pub context: Context,
    hasher: Option<(FingerprintHasher, &'a Known)>,
}

impl<'a> Fingerprinted<'a> {
    /// An empty context; `known` None when nobody asks for its fingerprint.
    pub(crate) fn new(known: Option<&'a Known>) -> Fingerprinted<'a> {
        Fingerprinted {
            context: Context::new(),
            hasher: known.map(|known| (FingerprintHasher::new(), known)),
        }
    }

    /// `Context::insert`.
    pub(crate) fn insert<T: Serialize + ?Sized>(&mut self, key: impl Into<Cow<'static, str>>, value: &T) {
        self.insert_value(key, Value::from_serializable(value));
    }

    /// `Context::insert_value`.
    pub(crate) fn insert_value(&mut self, key: impl Into<Cow<'static, str>>, value: Value) {
        let key = key.into();
        if let Some((hasher, known)) = &mut self.hasher {
            key.hash(hasher);
            hash_value(&value, hasher, known);
        }
        self.context.insert_value(key, value);
    }

    /// `insert_value` of a value whose hash the caller made once for many pages (the
    /// `site` value): only the hash is fed.
    pub(crate) fn insert_hashed(&mut self, key: &'static str, value: Value, hash: u64) {
        if let Some((hasher, _)) = &mut self.hasher {
            key.hash(hasher);
            hash.hash(hasher);
        }
        self.context.insert_value(key, value);
    }

    /// `insert_value` of a value made from parts whose hash `hash` gives (called only when
    /// fingerprinting), for a value that is long to walk but made from few things.
    pub(crate) fn insert_derived(
        &mut self,
        key: &'static str,
        value: Value,
        hash: impl FnOnce(&Known) -> u64,
    ) {
        if let Some((hasher, known)) = &mut self.hasher {
            key.hash(hasher);
            hash(known).hash(hasher);
        }
        self.context.insert_value(key, value);
    }

    /// `insert_value` of a copy of the map `base` with `entries` added: hashed as `base`
    /// (one number when `Known`, as cards are) and the entries, not entry by entry. An
    /// item's page value is its card and more; hashing the card's fields again for every
    /// page was most of the cost of fingerprints.
    pub(crate) fn insert_extended(
        &mut self,
        key: &'static str,
        base: &Value,
        entries: Vec<(&'static str, Value)>,
    ) {
        if let Some((hasher, known)) = &mut self.hasher {
            key.hash(hasher);
            hash_value(base, hasher, known);
            for (entry, value) in &entries {
                entry.hash(hasher);
                hash_value(value, hasher, known);
            }
        }
        let mut map = base.as_map().cloned().unwrap_or_default();
        for (entry, value) in entries {
            map.insert(entry.into(), value);
        }
        self.context.insert_value(key, Value::from(map));
    }

    /// The fingerprint of the context so far and `template`, the template it renders with;
    /// None without `Known` hashes.
    pub(crate) fn finish(&self, template: &str) -> Option<u64> {
        let (hasher, _) = self.hasher.as_ref()?;
        let mut hasher = hasher.clone();
        template.hash(&mut hasher);
        Some(hasher.finish())
    }
}

/// Feeds a Tera value to `hasher`: its kind, then its contents (map keys in order), or the
/// hash `known` has for it.
pub(crate) fn hash_value(value: &Value, hasher: &mut impl Hasher, known: &Known) {
    if let Some(hash) = value.as_map().and_then(|map| known.get(&address(map))) {
        hash.hash(hasher);
        return;
    }
    let kind = value.kind();
    kind.hash(hasher);
    match kind {
        ValueKind::Undefined | ValueKind::None => {}
        ValueKind::Bool => value.as_bool().hash(hasher),
        ValueKind::U64 | ValueKind::U128 => value.as_u128().hash(hasher),
        ValueKind::I64 | ValueKind::I128 => value.as_i128().hash(hasher),
        ValueKind::F64 => value.as_f64().map(f64::to_bits).hash(hasher),
        ValueKind::String => {
            value.as_str().hash(hasher);
            value.is_safe().hash(hasher);
        }
        ValueKind::Bytes => value.as_bytes().hash(hasher),
        ValueKind::Array => {
            let items = value.as_array().unwrap_or_default();
            items.len().hash(hasher);
            for item in items {
                hash_value(item, hasher, known);
            }
        }
        ValueKind::Map => {
            if let Some(map) = value.as_map() {
                map.len().hash(hasher);
                for (key, item) in map {
                    key.hash(hasher);
                    hash_value(item, hasher, known);
                }
            }
        }
        // A kind Tera adds later: its text stands for it.
        _ => value.to_string().hash(hasher),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn of(entries: &[(&'static str, Value)], template: &str) -> u64 {
        let known = Known::new();
        let mut context = Fingerprinted::new(Some(&known));
        for (key, value) in entries {
            context.insert_value(*key, value.clone());
        }
        context.finish(template).unwrap()
    }

    #[test]
    fn any_change_in_the_context_or_template_changes_the_fingerprint() {
        let page = |title: &str| {
            let mut map = tera::value::Map::default();
            map.insert("title".into(), Value::from(title));
            map.insert("tags".into(), Value::from(vec![Value::from("a"), Value::from(1)]));
            Value::from(map)
        };
        let base = of(&[("page", page("A"))], "page.html");
        assert_eq!(base, of(&[("page", page("A"))], "page.html"));
        assert_ne!(base, of(&[("page", page("B"))], "page.html"));
        assert_ne!(base, of(&[("page", page("A"))], "news.html"));
        assert_ne!(base, of(&[("other", page("A"))], "page.html"));
        // Escaped and safe text render differently.
        assert_ne!(
            of(&[("x", Value::from("<b>"))], "t"),
            of(&[("x", Value::safe_string("<b>"))], "t")
        );
        assert_ne!(
            of(&[("x", Value::from(1))], "t"),
            of(&[("x", Value::from(true))], "t")
        );
    }

    #[test]
    fn a_known_value_counts_by_its_hash() {
        let mut map = tera::value::Map::default();
        map.insert("title".into(), Value::from("A"));
        let card = Value::from(map);
        let mut known = Known::new();
        let with = |known: &Known| {
            let mut context = Fingerprinted::new(Some(known));
            context.insert_value("card", card.clone());
            context.finish("t").unwrap()
        };
        let unknown = with(&known);
        known.insert(address(card.as_map().unwrap()), 7);
        assert_ne!(with(&known), unknown);
        assert_eq!(Fingerprinted::new(None).finish("t"), None);
    }

    #[test]
    fn effects_are_per_page() {
        start_page();
        assert_eq!(page_effects(), (false, false));
        note_site_read();
        assert_eq!(page_effects(), (true, false));
        start_page();
        note_warning();
        assert_eq!(page_effects(), (false, true));
        let ((), inner) = nested(note_site_read);
        assert_eq!(inner, (true, false));
        assert_eq!(page_effects(), (true, true));
    }
}

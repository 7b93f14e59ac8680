//! `cached_partial(name="partials/card.html", item=item, …)`: a template rendered once per
//! distinct set of arguments per build, like Hugo's `partialCached`.
//!
//! A card is shown on many pages (an institution's on every news item that names it, in
//! lists, in related items), and rendering `partials/card.html` was a fifth of a whole
//! build. The partial sees only its arguments (and the calling page's `lang`, for
//! `trans`), so the same arguments always give the same HTML, and later calls reuse it.
//! The cache lives as long as one render of the site.
//!
//! Arguments that are maps or lists (an item's card) are known by their address rather
//! than hashed whole (hashing a card costs more than rendering it): Tera values are
//! immutable and shared, and each cache entry holds on to the values it was made from, so
//! no other value can take that address while the entry exists. Where cards are made as
//! pages show them (`render::cards`), a card the card cache holds is known by its item
//! instead, so the same item's card made again finds its partial.

use std::hash::{Hash, Hasher};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, OnceLock, RwLock, Weak};

use tera::{Context, Kwargs, State, Tera, Value};

use super::fingerprint::{self, FingerprintHasher, Known, hash_value};
use super::lookup::Lookup;
use crate::model::fast_hash::FastMap;
use crate::model::site::ItemId;

/// The argument naming the template.
const NAME: &str = "name";

/// Rendered partials by the hash of their name and arguments, with what rendering them
/// did (read the site, warned), which every page using them inherits.
pub struct PartialCache {
    rendered: Mutex<FastMap<u64, Arc<Rendered>>>,
    /// How many it holds at most.
    bound: AtomicUsize,
}

impl Default for PartialCache {
    fn default() -> PartialCache {
        PartialCache {
            rendered: Mutex::default(),
            bound: AtomicUsize::new(usize::MAX),
        }
    }
}

struct Rendered {
    html: Value,
    effects: (bool, bool),
    /// The map and list arguments, kept alive so their addresses stay theirs.
    _arguments: Vec<Value>,
}

impl PartialCache {
    /// Forgets every rendered partial: the site or the templates changed.
    pub fn clear(&self) {
        self.lock().clear();
    }

    /// Holds at most `bound` partials (`None`: no bound). Where cards are made as pages show
    /// them, a card made again is another value at another address, so the partials of
    /// the cards made would otherwise stay, and their cards with them, one per showing; the
    /// card cache's size keeps the partials of the cards it keeps.
    pub fn set_bound(&self, bound: Option<usize>) {
        self.bound.store(bound.unwrap_or(usize::MAX), Ordering::Relaxed);
    }

    fn insert(&self, key: u64, rendered: Arc<Rendered>) {
        let mut partials = self.lock();
        if partials.len() >= self.bound.load(Ordering::Relaxed) {
            partials.clear();
        }
        partials.insert(key, rendered);
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, FastMap<u64, Arc<Rendered>>> {
        self.rendered
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

/// Registers `cached_partial`. `this` is filled with the Tera instance itself once it is
/// built (a function cannot otherwise render a template).
pub(super) fn register(
    tera: &mut Tera,
    this: &Arc<OnceLock<Weak<Tera>>>,
    cache: &Arc<PartialCache>,
    lookup: &Arc<RwLock<Option<Arc<Lookup>>>>,
) {
    let this = Arc::clone(this);
    let cache = Arc::clone(cache);
    let lookup = Arc::clone(lookup);
    tera.register_function(
        "cached_partial",
        move |kwargs: Kwargs, state: &State| -> tera::TeraResult<Value> {
            let name: &str = kwargs.must_get(NAME)?;
            let lang: Option<Value> = state.get("lang")?;
            // Asked only for a map argument, and without a clone of the lookup: every
            // page calls this for each card it shows.
            let identify = |address| {
                let lookup = lookup.read().unwrap_or_else(|poisoned| poisoned.into_inner());
                lookup.as_ref().and_then(|lookup| lookup.cards.identify(address))
            };
            let (key, arguments) = key(name, lang.as_ref().and_then(Value::as_str), &kwargs, &identify);
            if let Some(hit) = cache.lock().get(&key).cloned() {
                fingerprint::add_page_effects(hit.effects);
                return Ok(hit.html.clone());
            }
            let tera = this
                .get()
                .and_then(Weak::upgrade)
                .ok_or_else(|| tera::Error::message("cached_partial: the templates are not loaded"))?;
            let mut context = Context::new();
            if let Some(lang) = lang {
                context.insert_value("lang", lang);
            }
            for (arg, value) in kwargs.iter().filter(|(arg, _)| arg.as_str() != Some(NAME)) {
                context.insert_value(arg.to_string(), value.clone());
            }
            let (html, effects) = fingerprint::nested(|| tera.render(name, &context));
            let html = html.map_err(|err| tera::Error::message(format!("in `{name}`: {err}")))?;
            // Shared by every page that shows it, not copied into each.
            let html = Value::safe_string(&html);
            let rendered = Rendered {
                html: html.clone(),
                effects,
                _arguments: arguments,
            };
            // Not bounded where every card is kept: pages are written as they render, so
            // the cache is what remains in memory, a few card versions per item (0 MiB more
            // peak at 10,000 and 50,000 items). Bounded to 4,096 entries it missed 55 % of
            // calls at 10,000 items and 87 % at 50,000, and rendering grew faster than the
            // site. Where cards are made on demand it is as bounded as they are.
            cache.insert(key, Arc::new(rendered));
            Ok(html)
        },
    );
}

/// The cache key of a call, and the map and list arguments it names by address. A card
/// made on demand that the card cache holds is named by its item (`identify`): the same
/// item's card made again later finds the partial, and the entry need not keep it.
fn key(
    name: &str,
    lang: Option<&str>,
    kwargs: &Kwargs,
    identify: &dyn Fn(usize) -> Option<ItemId>,
) -> (u64, Vec<Value>) {
    let none = Known::new();
    let mut hasher = FingerprintHasher::new();
    let mut by_address = Vec::new();
    (name, lang).hash(&mut hasher);
    let mut args: Vec<_> = kwargs.iter().collect();
    args.sort_by(|a, b| a.0.cmp(b.0));
    for (arg, value) in args {
        arg.hash(&mut hasher);
        if let Some(map) = value.as_map() {
            match identify(fingerprint::address(map)) {
                Some(id) => (2u8, id.0).hash(&mut hasher),
                None => {
                    (0u8, fingerprint::address(map)).hash(&mut hasher);
                    by_address.push(value.clone());
                }
            }
        } else if let Some(list) = value.as_array().filter(|list| !list.is_empty()) {
            (1u8, list.as_ptr() as usize, list.len()).hash(&mut hasher);
            by_address.push(value.clone());
        } else {
            hash_value(value, &mut hasher, &none);
        }
    }
    (hasher.finish(), by_address)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Tera with `cached_partial` and `templates`, and the partials' cache.
    fn with_partials(templates: Vec<(&str, &str)>) -> (Arc<Tera>, Arc<PartialCache>) {
        let this = Arc::new(OnceLock::new());
        let cache = Arc::new(PartialCache::default());
        let mut tera = Tera::new();
        register(&mut tera, &this, &cache, &Arc::new(RwLock::new(None)));
        tera.add_raw_templates(templates).unwrap();
        let tera = Arc::new(tera);
        this.set(Arc::downgrade(&tera)).unwrap();
        (tera, cache)
    }

    fn card(title: &str) -> Value {
        let mut map = tera::Map::default();
        map.insert("title".into(), Value::from(title));
        Value::from(map)
    }

    #[test]
    fn a_partial_renders_once_per_distinct_arguments_and_sees_only_them() {
        let (tera, cache) = with_partials(vec![
            (
                "card.html",
                "<b>{{ item.title }} {{ lang }} {{ n }}{{ secret | default(value='') }}</b>",
            ),
            (
                "page.html",
                "{% for i in items %}{{ cached_partial(name='card.html', item=i, n=1) }}{% endfor %}\
                 {{ cached_partial(name='card.html', item=items[0], n=2) }}",
            ),
        ]);
        let a = card("A");
        let mut context = Context::new();
        context.insert_value("items", Value::from(vec![a.clone(), card("B"), a, card("A")]));
        context.insert("lang", "en");
        context.insert("secret", "!");
        let html = tera.render("page.html", &context).unwrap();
        assert_eq!(
            html,
            "<b>A en 1</b><b>B en 1</b><b>A en 1</b><b>A en 1</b><b>A en 2</b>"
        );
        // The same card twice is one entry; an equal card elsewhere is another.
        assert_eq!(cache.lock().len(), 4);
        cache.clear();
        assert_eq!(cache.lock().len(), 0);
    }

    #[test]
    fn every_partial_of_a_big_site_is_kept_for_the_whole_render() {
        let (tera, cache) = with_partials(vec![
            ("card.html", "{{ n }}"),
            (
                "page.html",
                "{% for n in numbers %}{{ cached_partial(name='card.html', n=n) }}{% endfor %}",
            ),
        ]);
        let mut context = Context::new();
        // More cards than the 4,096 entries the cache once held.
        context.insert("numbers", &(0..10_000).collect::<Vec<u32>>());
        tera.render("page.html", &context).unwrap();
        assert_eq!(cache.lock().len(), 10_000);
    }
}

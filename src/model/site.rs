//! The linked site: every item with its URL, references, backlinks, translations and
//! terms, as indexes into `Site::items`. The link stage makes it; render reads it.

use std::collections::HashMap;

use indexmap::IndexMap;

use super::config::SiteConfig;
use super::item::Item;
pub use super::item_id::ItemId;
use super::item_index::{IdIndex, Keyed, Keys};
pub use super::per_item::{Growing, Lists, PerItem, list_mut};

/// The linked site: plain data, shared read-only by the render stage.
#[derive(Debug, Clone)]
pub struct Site {
    /// The configuration.
    pub config: SiteConfig,
    /// Entries and plain pages, without the items the schedule held back.
    pub items: Vec<Item>,
    /// URL path of each item, without the base path (`/news/2023/x/`).
    pub urls: Vec<String>,
    /// The intro of the home page (`None` key) and of collections.
    pub intros: HashMap<Option<String>, Item>,
    /// Each collection's items in its sort order.
    pub collections: IndexMap<String, Vec<ItemId>>,
    /// Each collection's items in each language other than the default, in its sort order:
    /// language → collection → items. With fallback, the default language's items that
    /// have no translation in the language are among them (`language::is_shown_in`).
    pub translated_collections: HashMap<String, IndexMap<String, Vec<ItemId>>>,
    /// Each item's index in its collection's order (in its language).
    pub rank: Vec<usize>,
    /// collection → slug → item, the default language's (see [`Site::item_by_slug`]).
    pub by_slug: HashMap<String, IdIndex>,
    /// `news/2023/x.md` → item, for `@/` links (see [`Site::item_at`]).
    pub by_content_path: IdIndex,
    /// Resolved references of each item, by field.
    pub refs: PerItem<ItemId>,
    /// Items referencing each item, by collection, in that collection's order.
    pub backlinks: PerItem<ItemId>,
    /// Each item's versions in the site's other languages, in the order of `languages:`.
    pub translations: Vec<Vec<ItemId>>,
    /// The intros of home and collections in languages other than the default, by language.
    pub translated_intros: HashMap<String, HashMap<Option<String>, Item>>,
    /// Terms of each taxonomy in the default language, by name.
    pub taxonomies: Terms,
    /// Terms of each taxonomy in each language other than the default: language → terms.
    pub translated_taxonomies: HashMap<String, Terms>,
    /// Each item's terms: taxonomy → indexes into its language's terms (`taxonomy_in`).
    pub item_terms: PerItem<usize>,
    /// Each item's related items (filled by `related::related`).
    pub related: Vec<Vec<ItemId>>,
    /// Items the schedule held back, by content path, for `@/` links to them.
    pub held_back: HashMap<String, HeldBack>,
    /// Each page bundle's item, in every language → the URL path its folder's files are
    /// published under (`/news/2023/x/`): relative links in its Markdown point there.
    pub bundles: HashMap<ItemId, String>,
    /// How many drafts were left out.
    pub drafts_left_out: usize,
    /// How many items dated in the future were left out.
    pub future_left_out: usize,
}

/// A term of a taxonomy and the items that carry it.
#[derive(Debug, Clone)]
pub struct Term {
    /// The name shown: its translation for the language (`terms:` in `site.yaml`), else
    /// as first written.
    pub name: String,
    /// Its slug (Unicode letters kept).
    pub slug: String,
    /// URL path of its page, without the base path.
    pub url: String,
    /// Items carrying it, newest first.
    pub items: Vec<ItemId>,
}

/// Terms of each taxonomy, by taxonomy name, in `site.yaml` order.
pub type Terms = IndexMap<String, Vec<Term>>;

/// Each item's terms as the link stage finds them: taxonomy → indexes into its language's
/// `Terms`.
pub type ItemTerms = Vec<Growing<usize>>;

/// Why an item is held back.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HeldBack {
    /// `draft: true`, built without `--drafts`.
    Draft,
    /// Dated after now, built without `--future`.
    Future,
}

impl Site {
    /// The item of the file at `content_path` (`news/2023/x.md`), in any language.
    pub fn item_at(&self, content_path: &str) -> Option<ItemId> {
        self.by_content_path
            .get(content_path, Keys::ContentPaths(&self.items))
    }

    /// Items by their path under `content/`, for those that hold no `Site`.
    pub fn content_paths(&self) -> Keyed<'_> {
        Keyed {
            index: &self.by_content_path,
            keys: Keys::ContentPaths(&self.items),
        }
    }

    /// The default language's item of `collection` with `slug` (the first, where two
    /// share it).
    pub fn item_by_slug(&self, collection: &str, slug: &str) -> Option<ItemId> {
        self.by_slug.get(collection)?.get(slug, Keys::Slugs(&self.items))
    }

    /// The previous and next item in the item's collection.
    pub fn neighbours(&self, id: ItemId) -> (Option<ItemId>, Option<ItemId>) {
        let Some(collection) = self.items[id].collection() else {
            return (None, None);
        };
        let ids = self.collection_in(self.items[id].lang, collection);
        let rank = self.rank[id];
        let previous = rank.checked_sub(1).map(|r| ids[r]);
        let next = ids.get(rank + 1).copied();
        (previous, next)
    }

    /// A collection's items in language `lang`, in its sort order.
    pub fn collection_in(&self, lang: &str, collection: &str) -> &[ItemId] {
        let lists = if lang == self.config.language {
            Some(&self.collections)
        } else {
            self.translated_collections.get(lang)
        };
        lists
            .and_then(|lists| lists.get(collection))
            .map_or(&[], Vec::as_slice)
    }

    /// A taxonomy's terms in language `lang`.
    pub fn taxonomy_in(&self, lang: &str, taxonomy: &str) -> &[Term] {
        let terms = if lang == self.config.language {
            Some(&self.taxonomies)
        } else {
            self.translated_taxonomies.get(lang)
        };
        terms.and_then(|t| t.get(taxonomy)).map_or(&[], Vec::as_slice)
    }

    /// URL path of a collection's list page `page` (1-based).
    pub fn list_page_url(base: &str, page: usize) -> String {
        if page <= 1 {
            base.to_string()
        } else {
            format!("{base}page/{page}/")
        }
    }

    /// How many list pages a list of `count` items takes.
    pub fn page_count(count: usize, per_page: usize) -> usize {
        count.div_ceil(per_page.max(1)).max(1)
    }
}

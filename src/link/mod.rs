//! The link stage: from loaded items to the `Site` graph.
//!
//! Gives every item its URL, sorts collections, resolves references (a missing slug is an
//! error at its line, with the nearest slugs as a hint), builds backlinks, taxonomies and
//! neighbours, and refuses two pages at one URL. It is a single pass over in-memory data,
//! cheap enough to run on every save in `serve`.

pub(crate) mod bundles;
pub(crate) mod language;
mod references;
pub(crate) mod related;
pub(crate) mod schedule;
pub(crate) mod taxonomy;
mod urls;

use std::cmp::Ordering;
use std::collections::{HashMap, HashSet};

use indexmap::IndexMap;

use crate::diagnostics::Diagnostics;
use crate::link::schedule::Schedule;
use crate::model::config::SiteConfig;
use crate::model::item::{Item, ItemKind};
use crate::model::item_index::{IdIndex, Keys};
use crate::model::schema::SortKey;
use crate::model::site::{HeldBack, ItemId, ItemTerms, PerItem, Site};
use references::{backlinks, resolve_references};

/// Links loaded items into a site, leaving out what `schedule` holds back. Diagnostics are
/// added to `diagnostics`. The items keep their link inputs, to be linked again (`serve`).
pub(crate) fn link_with(
    config: SiteConfig,
    loaded: Vec<Item>,
    schedule: &Schedule,
    diagnostics: &mut Diagnostics,
) -> Site {
    link(config, loaded, schedule, diagnostics, Inputs::Keep)
}

/// `link_with` for a site linked once (a build): each item's references and terms as
/// written are freed as soon as they are linked, so that they never stand beside all that
/// linking makes (some 300 bytes an item of news).
pub(crate) fn link_once(
    config: SiteConfig,
    loaded: Vec<Item>,
    schedule: &Schedule,
    diagnostics: &mut Diagnostics,
) -> Site {
    link(config, loaded, schedule, diagnostics, Inputs::Forget)
}

/// What becomes of the items' link inputs once they are linked.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Inputs {
    Keep,
    Forget,
}

fn link(
    config: SiteConfig,
    mut loaded: Vec<Item>,
    schedule: &Schedule,
    diagnostics: &mut Diagnostics,
    inputs: Inputs,
) -> Site {
    if config.is_multilingual() {
        crate::link::language::inherit(&mut loaded, &config.language);
    }
    crate::link::taxonomy::check_named_terms_exist(&config, &loaded, diagnostics);
    let Published {
        mut items,
        intros,
        translated_intros,
        held_slugs,
        held_back,
        drafts_left_out,
        future_left_out,
    } = publish(&config, loaded, schedule);
    let urls = urls::assign_urls(&config, &items, diagnostics);
    urls::check_unique_urls(&config, &items, &urls, diagnostics);
    let (by_slug, by_content_path, mut collections, shared_slugs) = index(&config, &items, &urls);
    let translations = crate::link::language::translations(&config, &items);
    let mut translated_collections = translated_lists(&config, &items, &translations);
    let rank = sort_lists(&config, &items, &mut collections, &mut translated_collections);
    let mut refs = resolve_references(
        &items,
        &by_slug,
        &shared_slugs,
        &held_slugs,
        &collections,
        diagnostics,
    );
    if inputs == Inputs::Forget {
        for item_inputs in items.iter_mut().filter_map(|item| item.link_inputs.as_mut()) {
            item_inputs.references = Vec::new();
        }
    }
    if config.is_multilingual() {
        crate::link::language::localize_references(&config, &items, &translations, &mut refs);
    }
    // Each item's lists are made compact as soon as they are complete, so that lists
    // being built never stand beside all the others in their larger form.
    let refs = PerItem::from_lists(refs);
    let backlinks = PerItem::new(backlinks(&config, &items, &refs, &translations, &rank));
    let mut item_terms: ItemTerms = vec![Vec::new(); items.len()];
    let defaults: Vec<ItemId> = ItemId::all(items.len())
        .filter(|id| items[*id].lang == config.language)
        .collect();
    let taxonomies = crate::link::taxonomy::build(
        &config,
        &items,
        &config.language,
        &defaults,
        &mut item_terms,
        diagnostics,
    );
    let translated_taxonomies = config
        .languages
        .iter()
        .skip(1)
        .map(|l| {
            let shown: Vec<ItemId> = ItemId::all(items.len())
                .filter(|id| crate::link::language::is_shown_in(&config, &items, &translations, *id, &l.code))
                .collect();
            let terms =
                crate::link::taxonomy::build(&config, &items, &l.code, &shown, &mut item_terms, diagnostics);
            (l.code.clone(), terms)
        })
        .collect();
    if inputs == Inputs::Forget {
        items.iter_mut().for_each(Item::forget_link_inputs);
    }
    let bundles = bundles::folders(&items, &urls, &config.language);
    Site {
        config,
        items,
        urls,
        intros,
        collections,
        translated_collections,
        rank,
        by_slug,
        by_content_path,
        refs,
        backlinks,
        translations,
        translated_intros,
        taxonomies,
        translated_taxonomies,
        item_terms: PerItem::new(item_terms),
        related: Vec::new(),
        bundles,
        held_back,
        drafts_left_out,
        future_left_out,
    }
}

/// The loaded files sorted out: the items published, the intros, and what the schedule
/// holds back.
struct Published {
    items: Vec<Item>,
    intros: HashMap<Option<String>, Item>,
    translated_intros: HashMap<String, HashMap<Option<String>, Item>>,
    /// (collection, slug) of held-back items: references to them are dropped, not reported
    /// (see `schedule`).
    held_slugs: HashSet<(String, String)>,
    held_back: HashMap<String, HeldBack>,
    drafts_left_out: usize,
    future_left_out: usize,
}

fn publish(config: &SiteConfig, mut loaded: Vec<Item>, schedule: &Schedule) -> Published {
    // The published items stay where they were loaded (at a million items a second vector
    // of them would be the build's peak); intros and what is held back are taken out.
    let taken: Vec<Item> = loaded
        .extract_if(.., |item| {
            matches!(item.kind, ItemKind::Intro { .. }) || schedule.holds_back(item).is_some()
        })
        .collect();
    let mut published = Published {
        items: loaded,
        intros: HashMap::new(),
        translated_intros: HashMap::new(),
        held_slugs: HashSet::new(),
        held_back: HashMap::new(),
        drafts_left_out: 0,
        future_left_out: 0,
    };
    for item in taken {
        if let ItemKind::Intro { collection } = &item.kind {
            if item.lang == config.language {
                published.intros.insert(collection.clone(), item);
            } else {
                published
                    .translated_intros
                    .entry(item.lang.to_string())
                    .or_default()
                    .insert(collection.clone(), item);
            }
            continue;
        }
        let why = schedule.holds_back(&item).expect("taken out as held back");
        match why {
            HeldBack::Draft => published.drafts_left_out += 1,
            HeldBack::Future => published.future_left_out += 1,
        }
        if let Some(collection) = item.collection()
            && item.lang == config.language
        {
            published
                .held_slugs
                .insert((collection.to_string(), item.slug.to_string()));
        }
        published.held_back.insert(item.content_path().to_string(), why);
    }
    published
}

/// The collections' items by slug and by content path, and each collection's items (in
/// the default language, unsorted); a slug taken twice in a collection is an error.
#[allow(clippy::type_complexity)] // the three indexes `Site` keeps, and the shared slugs
fn index(
    config: &SiteConfig,
    items: &[Item],
    urls: &[String],
) -> (
    HashMap<String, IdIndex>,
    IdIndex,
    IndexMap<String, Vec<ItemId>>,
    SharedSlugs,
) {
    let mut by_slug: HashMap<String, IdIndex> = config
        .collections
        .keys()
        .map(|name| (name.clone(), IdIndex::default()))
        .collect();
    let mut by_content_path = IdIndex::with_capacity(items.len());
    let mut collections: IndexMap<String, Vec<ItemId>> = config
        .collections
        .keys()
        .map(|name| (name.clone(), Vec::new()))
        .collect();
    let mut shared = SharedSlugs::new();
    for (id, item) in ItemId::each(items) {
        // Each file has a path of its own: no insert finds its path taken.
        let _ = by_content_path.insert(id, Keys::ContentPaths(items));
        // Lists, slugs and references are the default language's; a translation is
        // reached through its original (`translations`).
        if item.lang != config.language {
            continue;
        }
        if let Some(collection) = item.collection() {
            let slugs = by_slug
                .get_mut(collection)
                .expect("every collection has a slug map");
            // Two items may share a slug at different URLs (`/2023/x/`, `/2024/x/`), as
            // they do in the sites gazette takes over; only a reference by that slug is
            // ambiguous. Two items at one URL are a duplicate permalink, reported already.
            if let Err(first) = slugs.insert(id, Keys::Slugs(items))
                && urls[first] != urls[id]
            {
                shared
                    .entry((collection.to_string(), item.slug.to_string()))
                    .or_insert_with(|| vec![first])
                    .push(id);
            }
            collections[collection].push(id);
        }
    }
    (by_slug, by_content_path, collections, shared)
}

/// The slugs more than one item of a collection has: (collection, slug) → the items.
type SharedSlugs = HashMap<(String, String), Vec<ItemId>>;

/// Each collection's items in each language other than the default (unsorted).
fn translated_lists(
    config: &SiteConfig,
    items: &[Item],
    translations: &[Vec<ItemId>],
) -> HashMap<String, IndexMap<String, Vec<ItemId>>> {
    let mut translated_collections: HashMap<String, IndexMap<String, Vec<ItemId>>> = config
        .languages
        .iter()
        .skip(1)
        .map(|l| {
            let lists = config
                .collections
                .keys()
                .map(|name| (name.clone(), Vec::new()))
                .collect();
            (l.code.clone(), lists)
        })
        .collect();
    for (lang, lists) in &mut translated_collections {
        for (id, item) in ItemId::each(items) {
            if let Some(collection) = item.collection()
                && crate::link::language::is_shown_in(config, items, translations, id, lang)
            {
                lists[collection].push(id);
            }
        }
    }
    translated_collections
}

/// Sorts every list in every language by its collection's order; returns each item's rank.
fn sort_lists(
    config: &SiteConfig,
    items: &[Item],
    collections: &mut IndexMap<String, Vec<ItemId>>,
    translated_collections: &mut HashMap<String, IndexMap<String, Vec<ItemId>>>,
) -> Vec<usize> {
    let mut rank = vec![0; items.len()];
    let every_list = std::iter::once((&config.language, collections))
        .chain(translated_collections.iter_mut())
        .flat_map(|(lang, lists)| lists.iter_mut().map(move |list| (lang, list)));
    for (lang, (name, ids)) in every_list {
        sort_items(ids, items, &config.collections[name].sort);
        // An item's rank is in its own language's list: a default-language item that
        // another language borrows keeps its neighbours in the default language.
        for (i, id) in ids.iter().enumerate() {
            if items[*id].lang == *lang {
                rank[*id] = i;
            }
        }
    }
    rank
}

fn sort_items(ids: &mut [ItemId], items: &[Item], sort: &crate::model::config::SortOrder) {
    // Keys are computed once per item: comparing them is then free of allocation.
    let mut keyed: Vec<(Option<SortKey>, ItemId)> = ids
        .iter()
        .map(|id| (items[*id].sort_value(&sort.field).map(|v| v.sort_key()), *id))
        .collect();
    let by_key = |a: &(Option<SortKey>, ItemId), b: &(Option<SortKey>, ItemId)| {
        // Items without the sort field go last whichever the direction.
        match (&a.0, &b.0) {
            (Some(x), Some(y)) if sort.descending => y.compare(x),
            (Some(x), Some(y)) => x.compare(y),
            (Some(_), None) => Ordering::Less,
            (None, Some(_)) => Ordering::Greater,
            (None, None) => Ordering::Equal,
        }
    };
    keyed.sort_by(by_key);
    // Ties go by title, then path: titles are lowercased only for the items that tie, not
    // kept for all of a million.
    for tied in keyed.chunk_by_mut(|a, b| by_key(a, b) == Ordering::Equal) {
        tied.sort_by_cached_key(|(_, id)| (items[*id].title.to_lowercase(), items[*id].content_path()));
    }
    for (slot, (_, id)) in ids.iter_mut().zip(keyed) {
        *slot = id;
    }
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;
    use crate::model::schema::builtin_fields;

    const CONFIG: &str = "title: T\nbase_url: https://e.org/\ncollections:\n  institutions:\n    sort: title\n    fields:\n      kind: { type: string }\n  news:\n    permalink: /news/{year}/{slug}/\n    fields:\n      date: { type: date, required: true }\n      institutions: { type: list, of: { type: reference, collection: institutions } }\ntaxonomies:\n  tags: {}\n";

    fn site(files: &[(&str, &str)]) -> (Site, Diagnostics) {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("site.yaml"), CONFIG).unwrap();
        let config = crate::load::config::load(dir.path()).unwrap();
        let page_fields = builtin_fields(config.taxonomies.keys());
        let mut diagnostics = Diagnostics::new();
        let items = files
            .iter()
            .filter_map(|(path, text)| {
                let (item, problems) =
                    crate::load::content::load_text(Path::new(path), text, &config, &page_fields);
                diagnostics.extend(problems);
                item
            })
            .collect();
        let site = link_with(config, items, &Schedule::now(false, false), &mut diagnostics);
        (site, diagnostics)
    }

    #[test]
    fn references_become_backlinks_newest_first() {
        let (site, diagnostics) = site(&[
            ("institutions/lab.md", "---\ntitle: Lab\n---\n"),
            (
                "news/old.md",
                "---\ntitle: Old\ndate: 2020-01-01\ninstitutions: [lab]\n---\n",
            ),
            (
                "news/new.md",
                "---\ntitle: New\ndate: 2023-03-06\ninstitutions: [lab]\ntags: [Brain science]\n---\n",
            ),
        ]);
        assert!(!diagnostics.has_errors(), "{diagnostics:?}");
        let lab = site.item_by_slug("institutions", "lab").unwrap();
        let titles: Vec<&str> = site.backlinks[lab]
            .get("news")
            .expect("the lab has backlinks from news")
            .iter()
            .map(|id| site.items[*id].title.as_ref())
            .collect();
        assert_eq!(titles, ["New", "Old"]);
        assert_eq!(
            site.urls[site.item_by_slug("news", "new").unwrap()],
            "/news/2023/new/"
        );
        assert_eq!(site.taxonomies["tags"][0].url, "/tags/brain-science/");
    }

    #[test]
    fn a_missing_reference_is_an_error_at_its_column_with_the_nearest_slug() {
        let (_, diagnostics) = site(&[
            ("institutions/jinfeng-laboratory.md", "---\ntitle: Lab\n---\n"),
            (
                "news/x.md",
                "---\ntitle: X\ndate: 2023-03-06\ninstitutions: [jinfeng-lab]\n---\n",
            ),
        ]);
        let d = diagnostics.iter().find(|d| d.is_error()).expect("an error");
        assert_eq!((d.line, d.column, d.width), (4, 16, 11));
        assert_eq!(d.hint.as_deref(), Some("did you mean `jinfeng-laboratory`?"));
    }

    #[test]
    fn two_items_at_one_url_are_refused() {
        let (_, diagnostics) = site(&[
            ("news/a/x.md", "---\ntitle: A\ndate: 2023-01-01\n---\n"),
            ("news/b/x.md", "---\ntitle: B\ndate: 2023-05-01\n---\n"),
        ]);
        assert!(
            diagnostics.iter().any(|d| d.message.contains("duplicate")),
            "{diagnostics:?}"
        );
    }
}

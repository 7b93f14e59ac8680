//! Languages of a multilingual site: which file is which language, what a translation
//! inherits, and where each language's pages live.
//!
//! A translation is a file named like its original with the language's code before `.md`
//! (`jinfeng-laboratory.zh-Hans.md` translates `jinfeng-laboratory.md`). Both are one item
//! in two languages: they share a `translation_key` (the original's path under `content/`),
//! and the translation inherits every field it does not set, so a news item's `date` and
//! `institutions` are written once. A site with one language has no translations, no
//! prefixes and no language-specific behaviour: its output is what it was before languages
//! existed.

use std::collections::HashMap;

use crate::model::config::SiteConfig;
use crate::model::item::Item;
use crate::model::site::{Growing, ItemId, Lists, list_mut};

/// Fills each translation's unset fields from its original, the default language's item
/// with the same `translation_key`. A translation without an original keeps what it has.
pub(crate) fn inherit(items: &mut [Item], default_language: &str) {
    let originals: HashMap<String, usize> = items
        .iter()
        .enumerate()
        .filter(|(_, item)| item.lang == default_language)
        .map(|(id, item)| (item.translation_key().to_string(), id))
        .collect();
    let pairs: Vec<(usize, usize)> = items
        .iter()
        .enumerate()
        .filter(|(_, item)| item.lang != default_language)
        .filter_map(|(id, item)| originals.get(item.translation_key()).map(|&o| (id, o)))
        .collect();
    for (id, original) in pairs {
        let original = items[original].clone();
        inherit_from(&mut items[id], &original);
    }
}

/// Each item's versions in the other languages of the site, in the order of `languages:`.
pub(crate) fn translations(config: &SiteConfig, items: &[Item]) -> Vec<Vec<ItemId>> {
    if !config.is_multilingual() {
        return vec![Vec::new(); items.len()];
    }
    let mut by_key: HashMap<&str, Vec<ItemId>> = HashMap::new();
    for (id, item) in ItemId::each(items) {
        by_key.entry(item.translation_key()).or_default().push(id);
    }
    let order = |id: &ItemId| {
        config
            .languages
            .iter()
            .position(|l| l.code == items[*id].lang)
            .unwrap_or(usize::MAX)
    };
    ItemId::each(items)
        .map(|(id, item)| {
            let mut others: Vec<ItemId> = by_key[item.translation_key()]
                .iter()
                .copied()
                .filter(|other| *other != id)
                .collect();
            others.sort_by_key(order);
            others
        })
        .collect()
}

/// The version of `target` in `lang`: itself, its translation, or (with `fallback`) the
/// default language's when it has no translation; `None` when the reader's language has
/// none and fallback is off.
pub(crate) fn version_in(
    config: &SiteConfig,
    items: &[Item],
    translations: &[Vec<ItemId>],
    target: ItemId,
    lang: &str,
) -> Option<ItemId> {
    if items[target].lang == lang {
        return Some(target);
    }
    let translated = translations[target]
        .iter()
        .copied()
        .find(|t| items[*t].lang == lang);
    match translated {
        Some(t) => Some(t),
        None if config.fallback && items[target].lang == config.language => Some(target),
        None => None,
    }
}

/// References were resolved among the default language's items: each item's now point at
/// the versions in its own language, falling back as `version_in` says.
pub(crate) fn localize_references(
    config: &SiteConfig,
    items: &[Item],
    translations: &[Vec<ItemId>],
    refs: &mut [Lists<ItemId>],
) {
    for (id, fields) in refs.iter_mut().enumerate() {
        let lang = items[id].lang;
        if lang == config.language {
            continue;
        }
        for targets in fields.values_mut() {
            *targets = targets
                .iter()
                .filter_map(|t| version_in(config, items, translations, *t, lang))
                .collect();
        }
    }
}

/// With fallback, a translated page also lists the default language's items that
/// reference its original and have no version in its language.
pub(crate) fn fallback_backlinks(
    config: &SiteConfig,
    items: &[Item],
    translations: &[Vec<ItemId>],
    backlinks: &mut [Growing<ItemId>],
) {
    for id in ItemId::all(items.len()) {
        let lang = items[id].lang;
        if lang == config.language {
            continue;
        }
        let original = translations[id]
            .iter()
            .copied()
            .find(|o| items[*o].lang == config.language);
        let Some(original) = original else {
            continue;
        };
        let borrowed: Vec<(&'static str, ItemId)> = backlinks[original]
            .iter()
            .flat_map(|(collection, sources)| sources.iter().map(move |s| (*collection, *s)))
            .filter(|(_, source)| !translations[*source].iter().any(|t| items[*t].lang == lang))
            .collect();
        for (collection, source) in borrowed {
            let mine = list_mut(&mut backlinks[id], collection);
            if !mine.contains(&source) {
                mine.push(source);
            }
        }
    }
}

/// True when language `lang`'s lists show item `target`: the items of `lang`, and with
/// fallback the default language's items that have no version in `lang`. Collection lists
/// and term pages follow this one rule, as backlinks do (`fallback_backlinks`).
pub(crate) fn is_shown_in(
    config: &SiteConfig,
    items: &[Item],
    translations: &[Vec<ItemId>],
    target: ItemId,
    lang: &str,
) -> bool {
    let item = &items[target];
    item.lang == lang
        || (config.fallback
            && item.lang == config.language
            && !translations[target].iter().any(|t| items[*t].lang == lang))
}

fn inherit_from(item: &mut Item, original: &Item) {
    let mut inputs = item.link_inputs.take().map(|inputs| *inputs).unwrap_or_default();
    let unset = |key: &str| !inputs.written.iter().any(|w| w == key);
    if unset("title") {
        item.title = original.title.clone();
    }
    if unset("slug") {
        item.slug = original.slug.clone();
    }
    if unset("date") {
        item.date = original.date.clone();
    }
    if item.updated.is_none() {
        item.updated = original.updated.clone();
    }
    if unset("draft") {
        item.draft = original.draft;
    }
    if unset("weight") {
        item.weight = original.weight;
    }
    if unset("summary") && item.body_is_blank() {
        item.summary = original.summary.clone();
    }
    let template = match unset("template") {
        true => original.template().map(str::to_string),
        false => item.template().map(str::to_string),
    };
    // Old URLs are the original's: a translation's own are written in its file.
    let aliases = match unset(crate::model::schema::ALIASES) {
        true => Vec::new(),
        false => item.aliases().to_vec(),
    };
    item.set_rare(template, aliases);
    let fields = std::mem::take(&mut item.fields);
    item.fields = original
        .fields
        .iter()
        .map(|(key, value)| match fields.get(key) {
            Some(own) if !unset(key) => (key.to_string(), own.clone()),
            _ => (key.to_string(), value.clone()),
        })
        .chain(
            fields
                .iter()
                .filter(|(key, _)| !original.fields.contains_key(key))
                .map(|(k, v)| (k.to_string(), v.clone())),
        )
        .collect();
    let original_inputs = original.link_inputs();
    let inherited_refs: Vec<_> = original_inputs
        .references
        .iter()
        .filter(|r| unset(r.field))
        .cloned()
        .collect();
    let inherited_terms: Vec<_> = original_inputs
        .terms
        .iter()
        .filter(|(taxonomy, _)| unset(taxonomy))
        .map(|(taxonomy, terms)| (taxonomy, terms.clone()))
        .collect();
    if item.body_is_blank() {
        item.body = original.body.clone();
        // Read from the original's file.
        item.body_file = original.body_file.clone().map(|mut file| {
            file.other_source
                .get_or_insert_with(|| original.source.clone().into_boxed_path());
            file
        });
        item.body_line = original.body_line;
    }
    let written = std::mem::take(&mut inputs.written);
    let set = |key: &str| written.iter().any(|w| w == key);
    inputs.references.retain(|r| set(r.field));
    inputs.references.extend(inherited_refs);
    let own_terms = std::mem::take(&mut inputs.terms);
    let own_terms: Vec<_> = own_terms
        .iter()
        .filter(|(taxonomy, _)| !inherited_terms.iter().any(|(inherited, _)| inherited == taxonomy))
        .map(|(taxonomy, terms)| (taxonomy, terms.clone()))
        .collect();
    inputs.terms = own_terms.into_iter().chain(inherited_terms).collect();
    inputs.written = written;
    item.link_inputs = Some(Box::new(inputs));
}

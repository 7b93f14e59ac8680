//! `Lookup`: the linked site and its cards, shared by page rendering and by the template
//! functions `get_item`, `get_collection`, `get_terms` and `url_for`.

use std::borrow::Cow;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use indexmap::IndexMap;
use tera::Value;

use crate::diagnostics::{Diagnostic, closest};
use crate::load::content::INTRO_FILE;
use crate::load::content::read_body;
use crate::model::site::{ItemId, Site, Term};
use crate::render::markdown::Rendered;

use super::cards::{CACHE_SHARE, CARD_BYTES, CardCache, Cards, cards_made_on_demand};
use super::summaries::Summaries;
use super::values::{TermCards, card, site_url, site_value, term_value};

/// What templates can reach, built once per build.
pub struct Lookup {
    /// The linked site.
    pub site: Arc<Site>,
    /// Each item's rendered Markdown.
    pub rendered: Vec<Arc<Rendered>>,
    /// Each item's card, kept or made when asked for (`card`).
    pub cards: Cards,
    /// Every term as cards name it, for the cards made on demand.
    term_cards: TermCards,
    /// The `site` variable.
    pub site_value: Value,
    /// Terms of each taxonomy as values in each language: language → taxonomy → terms.
    pub terms: HashMap<String, IndexMap<String, TermValues>>,
    /// The page links of each paginated list, shared by its pages.
    pub page_links: PageLinks,
    /// The site's pictures, for the `image` and `resize_image` functions (none in a
    /// lookup made without them, as in tests).
    pub images: Option<Arc<crate::render::images::Images>>,
    /// Renders again, as the Markdown stage did, a body the load stage left on disk
    /// (`None` when it kept them all).
    pub rerender: Option<Rerender>,
    /// The summaries, where cards are made on demand and the summaries wait in a file.
    summaries: Option<Summaries>,
}

/// A body's Markdown rendered, against the links of the site it belongs to.
pub type Rerender = Box<dyn Fn(&Site, ItemId, &str) -> Rendered + Send + Sync>;

/// The page links of each paginated list, by the list's URL path, made on first use.
#[derive(Default)]
pub struct PageLinks(Mutex<HashMap<String, Arc<Vec<Value>>>>);

impl PageLinks {
    /// The links of the `total_pages` pages of the list at `base`, made by `make` the first
    /// time (or again when the list's length changed).
    pub fn get_or_make(
        &self,
        base: &str,
        total_pages: usize,
        make: impl FnOnce() -> Vec<Value>,
    ) -> Arc<Vec<Value>> {
        let mut lists = self.0.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        if let Some(links) = lists.get(base).filter(|links| links.len() == total_pages) {
            return links.clone();
        }
        let links = Arc::new(make());
        lists.insert(base.to_string(), links.clone());
        links
    }
}

/// A taxonomy's terms in one language as values, in three orders.
#[derive(Debug, Default)]
pub struct TermValues {
    /// In `Site::taxonomy_in` order: a term's index finds its value.
    pub in_order: Vec<Value>,
    /// By name.
    pub by_name: Vec<Value>,
    /// Most used first.
    pub by_count: Vec<Value>,
}

impl TermValues {
    fn new(config: &crate::model::config::SiteConfig, list: &[Term]) -> TermValues {
        let values: Vec<Value> = list.iter().map(|term| term_value(config, term)).collect();
        let mut by_name: Vec<usize> = (0..list.len()).collect();
        by_name.sort_by(|a, b| list[*a].name.to_lowercase().cmp(&list[*b].name.to_lowercase()));
        let mut by_count = by_name.clone();
        by_count.sort_by(|a, b| list[*b].items.len().cmp(&list[*a].items.len()));
        TermValues {
            by_name: by_name.iter().map(|i| values[*i].clone()).collect(),
            by_count: by_count.iter().map(|i| values[*i].clone()).collect(),
            in_order: values,
        }
    }
}

impl Lookup {
    /// Builds cards and term values (cards in parallel).
    pub fn new(site: Arc<Site>, rendered: Vec<Arc<Rendered>>) -> Lookup {
        Lookup::new_reusing(site, rendered, &|_| None)
    }

    /// Like `new`, keeping every card only when they fit in `card_memory` bytes; past it
    /// (`cards_made_on_demand`), cards are made as pages show them, with the summaries the
    /// Markdown stage wrote to a file (or left in `rendered` where it could not), and a
    /// bounded cache keeps the latest.
    pub fn within(
        site: Arc<Site>,
        rendered: Vec<Arc<Rendered>>,
        summaries: Option<Summaries>,
        card_memory: usize,
    ) -> Lookup {
        if !cards_made_on_demand(site.items.len(), card_memory) {
            debug_assert!(summaries.is_none(), "kept cards read the summaries in memory");
            return Lookup::new(site, rendered);
        }
        let term_cards = TermCards::new(&site);
        let cache = CardCache::new(card_memory / CACHE_SHARE / CARD_BYTES);
        let mut lookup = Lookup::with_cards(site, rendered, Cards::Made(cache), term_cards);
        lookup.summaries = summaries;
        lookup
    }

    /// The card of `id`.
    pub fn card(&self, id: ItemId) -> Value {
        self.cards.get(id, || self.make_card(id))
    }

    /// The card of `id`, made now.
    fn make_card(&self, id: ItemId) -> Value {
        let rendered = &self.rendered[id];
        let summary = match &self.summaries {
            // The file was written by this build a moment ago; reading it back fails only
            // with the disk, and no card can be made right without it.
            Some(summaries) => summaries
                .get(id, rendered)
                .unwrap_or_else(|err| panic!("cannot read the summaries' temporary file: {err}")),
            None => Cow::Borrowed(rendered.summary.as_str()),
        };
        card(&self.site, id, rendered, &summary, &self.term_cards)
    }

    /// Each item's card, one by one, made for the call where they are not kept (to hash
    /// them all); `f` sees them in parallel.
    pub fn each_card<T: Send>(&self, f: impl Fn(&Value) -> T + Sync + Send) -> Vec<T> {
        use rayon::prelude::*;
        match self.cards.kept() {
            Some(cards) => cards.par_iter().map(f).collect(),
            None => (0..self.site.items.len())
                .into_par_iter()
                .map(ItemId)
                .map(|id| f(&self.make_card(id)))
                .collect(),
        }
    }

    /// An item's rendered Markdown for its page (its HTML and table of contents): kept
    /// from the Markdown stage, or, for a body the load stage left in its file, read and
    /// rendered again for the page that shows it and dropped with that page.
    pub fn page_body(&self, id: ItemId) -> Result<Cow<'_, Rendered>, Box<Diagnostic>> {
        let item = &self.site.items[id];
        let (Some(_), Some(rerender)) = (&item.body_file, &self.rerender) else {
            return Ok(Cow::Borrowed(self.rendered[id].as_ref()));
        };
        let body = read_body(item)?;
        Ok(Cow::Owned(rerender(&self.site, id, &body)))
    }

    /// Once the cards are made, a build needs of each item's Markdown only what its own
    /// page shows: the HTML and table of contents of a body kept in memory, nothing of one
    /// left on disk (its page renders it again). `serve`, which checks links again as
    /// items change, keeps it all.
    /// Cards made on demand need the parts a card shows too: the summary (where it was not
    /// written to a file, `Summaries`), word count and pictures.
    pub fn keep_only_page_parts(&mut self) {
        let empty = Arc::new(Rendered::default());
        let for_cards = self.cards.kept().is_none();
        for (item, rendered) in self.site.items.iter().zip(self.rendered.iter_mut()) {
            if item.body_file.is_some() && !for_cards {
                *rendered = Arc::clone(&empty);
            } else if let Some(r) = Arc::get_mut(rendered) {
                let mut kept = Rendered {
                    html: std::mem::take(&mut r.html),
                    toc: std::mem::take(&mut r.toc),
                    ..Rendered::default()
                };
                if for_cards {
                    kept.summary = std::mem::take(&mut r.summary);
                    kept.word_count = r.word_count;
                    kept.pictures = std::mem::take(&mut r.pictures);
                }
                *r = kept;
            }
        }
    }

    fn with_cards(
        site: Arc<Site>,
        rendered: Vec<Arc<Rendered>>,
        cards: Cards,
        term_cards: TermCards,
    ) -> Lookup {
        let every_language =
            std::iter::once((&site.config.language, &site.taxonomies)).chain(&site.translated_taxonomies);
        let terms = every_language
            .map(|(lang, taxonomies)| {
                let values = taxonomies
                    .iter()
                    .map(|(name, list)| (name.clone(), TermValues::new(&site.config, list)))
                    .collect();
                (lang.clone(), values)
            })
            .collect();
        Lookup {
            site_value: site_value(&site),
            site,
            rendered,
            cards,
            term_cards,
            terms,
            page_links: Default::default(),
            images: None,
            rerender: None,
            summaries: None,
        }
    }

    /// Rebuilds one item's card after its content changed in place.
    pub fn refresh_card(&mut self, id: ItemId) {
        let rendered = &self.rendered[id];
        let made = card(
            &self.site,
            id,
            rendered,
            &rendered.summary,
            &TermCards::new(&self.site),
        );
        self.cards.set(id, made);
    }

    /// Like `new`, taking the cards `reuse` hands back instead of building them.
    pub fn new_reusing(
        site: Arc<Site>,
        rendered: Vec<Arc<Rendered>>,
        reuse: &(dyn Fn(ItemId) -> Option<Value> + Sync),
    ) -> Lookup {
        use rayon::prelude::*;
        let term_cards = TermCards::new(&site);
        let cards = (0..site.items.len())
            .into_par_iter()
            .map(ItemId)
            .map(|id| {
                reuse(id)
                    .unwrap_or_else(|| card(&site, id, &rendered[id], &rendered[id].summary, &term_cards))
            })
            .collect();
        Lookup::with_cards(site, rendered, Cards::Kept(cards), term_cards)
    }

    /// `get_item(collection, slug, lang)`: the item's card; with `lang`, its version in
    /// that language (the default language's where it has none and `fallback` is on,
    /// `none` where fallback is off).
    pub fn item(&self, collection: &str, slug: &str, lang: Option<&str>) -> tera::TeraResult<Value> {
        self.collection_ids(collection)?;
        let site = &self.site;
        let Some(id) = site.item_by_slug(collection, slug) else {
            return Err(tera::Error::message(format!(
                "get_item: no item `{slug}` in collection `{collection}`"
            )));
        };
        let Some(lang) = lang else {
            return Ok(self.card(id));
        };
        self.language("get_item", lang)?;
        let version =
            crate::link::language::version_in(&site.config, &site.items, &site.translations, id, lang);
        Ok(version.map_or(Value::none(), |v| self.card(v)))
    }

    /// `get_collection(name, limit)`.
    pub fn collection(
        &self,
        name: &str,
        limit: Option<usize>,
        lang: Option<&str>,
    ) -> tera::TeraResult<Value> {
        let mut ids: &[ItemId] = self.collection_ids(name)?;
        if let Some(lang) = lang {
            self.language("get_collection", lang)?;
            ids = self.site.collection_in(lang, name);
        }
        let ids = &ids[..limit.unwrap_or(ids.len()).min(ids.len())];
        Ok(Value::from(
            ids.iter().map(|id| self.card(*id)).collect::<Vec<_>>(),
        ))
    }

    /// A taxonomy's terms in language `lang` (none for a language the site lacks).
    pub fn terms_in(&self, lang: &str, taxonomy: &str) -> &TermValues {
        static NONE: std::sync::LazyLock<TermValues> = std::sync::LazyLock::new(TermValues::default);
        self.terms
            .get(lang)
            .and_then(|t| t.get(taxonomy))
            .unwrap_or(&NONE)
    }

    /// `get_terms(taxonomy, limit, lang)`, most used first; the default language's terms
    /// unless `lang` names another.
    pub fn terms(&self, taxonomy: &str, limit: Option<usize>, lang: Option<&str>) -> tera::TeraResult<Value> {
        if !self.site.taxonomies.contains_key(taxonomy) {
            return Err(tera::Error::message(format!(
                "get_terms: no taxonomy `{taxonomy}`"
            )));
        }
        let lang = lang.unwrap_or(&self.site.config.language);
        self.language("get_terms", lang)?;
        let terms = &self.terms_in(lang, taxonomy).by_count;
        Ok(Value::from(
            terms[..limit.unwrap_or(terms.len()).min(terms.len())].to_vec(),
        ))
    }

    /// `url_for(path)`: `@/x.md` → that item's URL; any other path gets the base path.
    /// With `lang`, a path gets that language's prefix and an `@/` file its version in that
    /// language (the original where it has none).
    pub fn url_for(&self, path: &str, lang: Option<&str>) -> tera::TeraResult<String> {
        let config = &self.site.config;
        if let Some(content_path) = path.strip_prefix("@/") {
            let (file, anchor) = content_path
                .split_once('#')
                .map_or((content_path, None), |(f, a)| (f, Some(a)));
            if let Some(url) = self.section_url(file, lang) {
                return Ok(site_url(&config.base_path, &url));
            }
            let id = self
                .site
                .item_at(file)
                .ok_or_else(|| tera::Error::message(format!("url_for: no content file `{file}`")))?;
            let id = lang
                .and_then(|lang| {
                    let site = &self.site;
                    site.translations[id]
                        .iter()
                        .copied()
                        .find(|t| site.items[*t].lang == lang)
                })
                .unwrap_or(id);
            let url = site_url(&config.base_path, &self.site.urls[id]);
            return Ok(match anchor {
                Some(anchor) => format!("{url}#{anchor}"),
                None => url,
            });
        }
        match lang {
            Some(lang) if path.starts_with('/') => Ok(site_url(
                &config.base_path,
                &crate::model::config::prefixed(config, lang, path),
            )),
            _ => Ok(site_url(&config.base_path, path)),
        }
    }

    /// `_index.md` (the home page) or `news/_index.md` (a collection's list), in `lang` or
    /// the language its name carries (`_index.zh-Hans.md`); `None` for any other file.
    fn section_url(&self, file: &str, lang: Option<&str>) -> Option<String> {
        let config = &self.site.config;
        let (folder, name) = file.rsplit_once('/').unwrap_or(("", file));
        let named_lang = match name {
            INTRO_FILE => None,
            _ => Some(name.strip_prefix("_index.")?.strip_suffix(".md")?),
        };
        let lang = match (lang, named_lang) {
            (Some(lang), _) => lang,
            (None, Some(named)) => config.language_of(named)?.code.as_str(),
            (None, None) => config.language.as_str(),
        };
        let list_url = if folder.is_empty() {
            "/"
        } else {
            let collection = config
                .collections
                .values()
                .find(|c| c.folder.to_string_lossy().replace('\\', "/") == folder)?;
            collection.list_url.as_str()
        };
        Some(crate::model::config::prefixed(config, lang, list_url))
    }

    /// An error unless `lang` is a language of the site.
    fn language(&self, function: &str, lang: &str) -> tera::TeraResult<()> {
        let config = &self.site.config;
        if config.language_of(lang).is_some() {
            return Ok(());
        }
        let codes = config.languages.iter().map(|l| l.code.as_str());
        let hint = closest(lang, codes.clone())
            .map(|n| format!(" (did you mean `{n}`?)"))
            .unwrap_or_default();
        let all = codes.collect::<Vec<_>>().join(", ");
        Err(tera::Error::message(format!(
            "{function}: `{lang}` is not a language of the site{hint}; its languages are {all}"
        )))
    }

    fn collection_ids(&self, name: &str) -> tera::TeraResult<&Vec<ItemId>> {
        self.site.collections.get(name).ok_or_else(|| {
            let hint = closest(name, self.site.collections.keys().map(String::as_str))
                .map(|n| format!(" (did you mean `{n}`?)"))
                .unwrap_or_default();
            tera::Error::message(format!("no collection `{name}`{hint}"))
        })
    }
}

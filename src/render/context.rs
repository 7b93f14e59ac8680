//! One page: its template's context, by kind of page, then the template rendered.
//!
//! Every page gets `site`, `lang`, its URLs and its versions in other languages; then an
//! item's page its `page`, a list its `collection` and `paginator`, a term page its
//! `taxonomy`, `term` and `paginator`, a term index its `terms`. The files for machines
//! (feeds, the sitemap, redirects) are made without a template.

use std::collections::HashMap;
use std::path::PathBuf;

use tera::Value;

use super::fingerprint::{self, Fingerprinted};
use super::paginator::{self, paginator};
use super::sink::PageCache;
use super::site_values::{Intros, card_map, intro_value, taxonomy_value, title_in};
use super::urls::{SITEMAP_URL, alternates, collection_feed, page_url, term_feed, x_default};
use super::values::{self, permalink, url};
use super::{Engine, Lookup, favicons, feeds, i18n, page_links, redirects, search, sitemap};
use crate::diagnostics::Diagnostic;
use crate::model::config::TEMPLATES_DIR;
use crate::model::config::prefixed;
use crate::model::item::Item;
use crate::model::output::OutputFile;
use crate::model::page::{EditorFile, Page, PageKind};
use crate::model::schema::FieldType;
use crate::model::site::ItemId;

/// The `site` value of each language with its hash (`site_values`).
pub(super) type SiteValues<'a> = HashMap<&'a str, (Value, u64)>;

/// What the pages of one render share, each made once.
pub(super) struct Shared<'a> {
    /// The `site` value of each language.
    pub(super) site_values: SiteValues<'a>,
    /// The pages the sitemap lists, found once for all its parts.
    pub(super) sitemap: sitemap::Listed<'a>,
}

/// Renders one page: `None` when `cache` keeps it from the last build, or for a 404 page
/// the theme has no template for.
pub(super) fn render_page(
    engine: &Engine,
    lookup: &Lookup,
    shared: &Shared<'_>,
    intros: &Intros,
    page: &Page,
    cache: Option<&dyn PageCache>,
) -> Result<Option<OutputFile>, Box<Diagnostic>> {
    let site = &lookup.site;
    let config = &site.config;
    let path = page_url(site, page);
    if let Some(file) = machine_file(engine, lookup, shared, page, &path) {
        // Made every time (cheap, with no fingerprint), but written all the same.
        if let (Some(cache), Ok(Some(file))) = (cache, &file) {
            cache.made_every_time(file.path.clone());
        }
        return file;
    }
    let lang = page.lang;
    let mut context = common_context(lookup, &shared.site_values, page, &path, lang, cache);
    let (candidates, rendering): (Vec<String>, String) = match &page.kind {
        PageKind::Home => {
            context.insert_value("section", intro_value(intros, lang, None));
            let rendering = match lang == config.language {
                true => "the home page".to_string(),
                false => format!("the home page in `{lang}`"),
            };
            (vec!["index.html".into()], rendering)
        }
        PageKind::NotFound => (vec!["404.html".into()], "the 404 page".into()),
        PageKind::Search => {
            context.insert_value("search", search::search_value(config, &engine.strings, lang));
            (vec![search::SEARCH_TEMPLATE.into()], "the search page".into())
        }
        PageKind::Item(id) => item_context(engine, lookup, &mut context, *id, lang)?,
        PageKind::List { collection, page } => {
            list_context(engine, lookup, intros, &mut context, collection, *page, lang)
        }
        PageKind::Term { taxonomy, term, page } => {
            term_context(engine, lookup, &mut context, taxonomy, *term, *page, lang)
        }
        PageKind::Terms { taxonomy } => {
            context.insert_value("taxonomy", taxonomy_value(engine, lookup, taxonomy, lang));
            context.insert_value(
                "terms",
                Value::from(lookup.terms_in(lang, taxonomy).by_name.clone()),
            );
            (
                vec![format!("{taxonomy}_terms.html"), "terms.html".into()],
                format!("the index of `{taxonomy}`"),
            )
        }
        PageKind::Robots => {
            context.insert("sitemap_url", &permalink(config, SITEMAP_URL));
            (vec![sitemap::ROBOTS_TEMPLATE.into()], "robots.txt".into())
        }
        PageKind::Feed(_)
        | PageKind::Redirect { .. }
        | PageKind::Root
        | PageKind::Sitemap { .. }
        | PageKind::Editor(_)
        | PageKind::Icon(_) => {
            unreachable!("`machine_file` makes the pages without a template")
        }
    };
    fill_template(
        engine,
        lookup,
        page,
        &path,
        context,
        &candidates,
        &rendering,
        cache,
    )
}

/// The files for machines, made without a template: feeds, redirects, the sitemap, and
/// `robots.txt` when the theme has no template for it.
fn machine_file(
    engine: &Engine,
    lookup: &Lookup,
    shared: &Shared<'_>,
    page: &Page,
    path: &str,
) -> Option<Result<Option<OutputFile>, Box<Diagnostic>>> {
    let site = &lookup.site;
    let config = &site.config;
    Some(match &page.kind {
        PageKind::Feed(feed) => match feeds::render(lookup, &engine.strings, feed) {
            Ok(xml) => file_at(path, "a feed", xml),
            Err(problem) => Err(problem),
        },
        PageKind::Redirect { item, .. } => file_at(path, "a redirect", redirects::render(lookup, *item)),
        PageKind::Root => {
            let home = page_url(site, &Page::new(PageKind::Home, &config.language));
            let html = redirects::render_to(config, &home, &config.title);
            file_at(path, "the root redirect", html)
        }
        PageKind::Sitemap { part } => file_at(path, "the sitemap", shared.sitemap.part(lookup, *part)),
        PageKind::Robots if engine.pick(&[sitemap::ROBOTS_TEMPLATE]).is_none() => {
            file_at(path, "robots.txt", sitemap::robots_txt(config))
        }
        PageKind::Editor(file) => {
            let Some(cms) = &config.cms else {
                return Some(Ok(None));
            };
            let text = match file {
                EditorFile::Page => super::cms::admin_page(config, cms),
                EditorFile::Config => super::cms::decap::config_yaml(site, cms),
            };
            file_at(path, "the editor", text)
        }
        PageKind::Icon(icon) => match favicons::Logo::load(config) {
            Ok(Some(logo)) => file_at(path, "an icon", logo.icon(*icon)),
            Ok(None) => Ok(None),
            Err(problem) => Err(problem),
        },
        _ => return None,
    })
}

/// What every page's context holds: `site`, `lang`, its URLs and `alternates`.
fn common_context<'a>(
    lookup: &Lookup,
    site_values: &SiteValues<'_>,
    page: &Page,
    path: &str,
    lang: &str,
    cache: Option<&'a dyn PageCache>,
) -> Fingerprinted<'a> {
    let site = &lookup.site;
    let config = &site.config;
    let mut context = Fingerprinted::new(cache.map(|c| c.known()));
    let (site_value, site_hash) = site_values
        .get(lang)
        .or_else(|| site_values.get(config.language.as_str()))
        .expect("every language has a site value");
    context.insert_hashed("site", site_value.clone(), *site_hash);
    context.insert("lang", lang);
    context.insert("current_url", &url(config, path));
    context.insert("current_permalink", &permalink(config, path));
    let versions = alternates(site, page);
    if let Some(path) = x_default(site, &versions) {
        context.insert("x_default", &permalink(config, path));
    }
    if config.is_multilingual() {
        context.insert_value("languages", page_links::language_links(config, lang, &versions));
    }
    let alternates: Vec<Value> = versions
        .into_iter()
        .map(|(lang, path)| {
            let name = config.language_of(&lang).map_or("", |l| l.name.as_str());
            Value::from(card_map(&[
                ("name", Value::from(name)),
                ("url", Value::from(url(config, &path))),
                ("permalink", Value::from(permalink(config, &path))),
                ("lang", Value::from(lang)),
            ]))
        })
        .collect();
    context.insert_value("alternates", Value::from(alternates));
    context
}

/// An item's page: `page`, and `feed_url` when its collection has a feed.
fn item_context(
    engine: &Engine,
    lookup: &Lookup,
    context: &mut Fingerprinted<'_>,
    id: ItemId,
    lang: &str,
) -> Result<(Vec<String>, String), Box<Diagnostic>> {
    let site = &lookup.site;
    let item = &site.items[id];
    let entries = page_entries(&engine.strings, lookup, id)?;
    context.insert_extended("page", &lookup.card(id), entries);
    let mut names = Vec::new();
    if let Some(name) = item.template()
        && engine.pick(&[name]).is_none()
    {
        return Err(Box::new(missing_template(engine, item, name)));
    }
    names.extend(item.template().map(str::to_string));
    if let Some(collection) = item.collection() {
        names.push(format!("{collection}.html"));
    }
    names.push("page.html".into());
    if let Some(feed) = item.collection().and_then(|c| collection_feed(site, c, lang)) {
        page_links::insert_feed(engine, lookup, context, &feed);
    }
    Ok((names, item.source.display().to_string()))
}

/// Page `page` of a collection's list: `collection`, `paginator` and `feed_url`.
fn list_context(
    engine: &Engine,
    lookup: &Lookup,
    intros: &Intros,
    context: &mut Fingerprinted<'_>,
    collection: &str,
    page: usize,
    lang: &str,
) -> (Vec<String>, String) {
    let site = &lookup.site;
    let config = &site.config;
    let c = &config.collections[collection];
    let ids = site.collection_in(lang, collection);
    let list_url = prefixed(config, lang, &c.list_url);
    let title = title_in(&engine.strings, config, &c.name, &c.title, lang);
    let mut map = card_map(&[
        ("name", Value::from(c.name.as_str())),
        ("title", Value::from(title)),
        ("url", Value::from(url(config, &list_url))),
        ("count", Value::from(ids.len())),
    ]);
    let (_, content, fields) = super::site_values::intro(intros, lang, Some(collection.to_string()));
    map.insert("content".into(), content);
    map.insert("fields".into(), fields);
    context.insert_value("collection", Value::from(map));
    context.insert_derived(
        "paginator",
        paginator(lookup, ids, &list_url, page, c.per_page),
        |known| paginator::paginator_hash(lookup, ids, &list_url, page, c.per_page, known),
    );
    if let Some(feed) = collection_feed(site, collection, lang) {
        page_links::insert_feed(engine, lookup, context, &feed);
    }
    (
        vec![format!("{collection}_list.html"), "list.html".into()],
        format!("the list of `{collection}`"),
    )
}

/// Page `page` of a term's list: `taxonomy`, `term`, `paginator` and `feed_url`.
fn term_context(
    engine: &Engine,
    lookup: &Lookup,
    context: &mut Fingerprinted<'_>,
    taxonomy: &str,
    term: usize,
    page: usize,
    lang: &str,
) -> (Vec<String>, String) {
    let t = &lookup.site.config.taxonomies[taxonomy];
    let term_data = &lookup.site.taxonomy_in(lang, taxonomy)[term];
    context.insert_value("taxonomy", taxonomy_value(engine, lookup, taxonomy, lang));
    context.insert_value("term", lookup.terms_in(lang, taxonomy).in_order[term].clone());
    context.insert_derived(
        "paginator",
        paginator(lookup, &term_data.items, &term_data.url, page, t.per_page),
        |known| paginator::paginator_hash(lookup, &term_data.items, &term_data.url, page, t.per_page, known),
    );
    page_links::insert_feed(
        engine,
        lookup,
        context,
        &term_feed(&lookup.site, taxonomy, term, lang),
    );
    (
        vec![format!("{taxonomy}_term.html"), "term.html".into()],
        format!("the term `{}` of `{taxonomy}`", term_data.name),
    )
}

/// The first of `candidates` the theme has, rendered with `context`, unless `cache` keeps
/// the page as the last build wrote it.
#[allow(clippy::too_many_arguments)] // the page, where it goes, and what it is made of
fn fill_template(
    engine: &Engine,
    lookup: &Lookup,
    page: &Page,
    path: &str,
    context: Fingerprinted<'_>,
    candidates: &[String],
    rendering: &str,
    cache: Option<&dyn PageCache>,
) -> Result<Option<OutputFile>, Box<Diagnostic>> {
    let names: Vec<&str> = candidates.iter().map(String::as_str).collect();
    let Some(template) = engine.pick(&names) else {
        // A theme may have neither; `search::missing_page` says so for the search page.
        if matches!(page.kind, PageKind::NotFound | PageKind::Search) {
            return Ok(None);
        }
        return Err(Box::new(
            Diagnostic::error(
                PathBuf::from(TEMPLATES_DIR),
                format!("no template for {rendering}: looked for {}", names.join(", ")),
            )
            .with_hint(format!(
                "add templates/{} or use a theme that has it",
                names.last().copied().unwrap_or("page.html")
            )),
        ));
    };
    let inputs = context.finish(template);
    let output = crate::model::permalink::output_path(path).ok();
    if let (Some(cache), Some(output), Some(inputs)) = (cache, &output, inputs)
        && cache.keeps(output, inputs)
    {
        return Ok(None);
    }
    fingerprint::start_page();
    // Room for the page up front: grown from Tera's guess (the template's own text), the
    // buffer was copied over and over, and checking it was UTF-8 again cost more still.
    let body = match page.kind {
        PageKind::Item(id) => lookup.rendered[id].html.len(),
        _ => 0,
    };
    let mut html = Vec::with_capacity(body + PAGE_ROOM);
    engine
        .tera
        .render_to(template, &context.context, &mut html)
        .map_err(|err| Box::new(engine.render_error(&err, rendering)))?;
    let (reads_site, warned) = fingerprint::page_effects();
    if let (Some(cache), Some(output)) = (cache, output) {
        match (inputs, warned) {
            (Some(inputs), false) => cache.made(output, inputs, reads_site),
            _ => cache.made_every_time(output),
        }
    }
    file_at(path, rendering, html)
}

/// An item's `template:` that names no template is an error at that line, not a quiet
/// fall back to the collection's template.
fn missing_template(engine: &Engine, item: &Item, name: &str) -> Diagnostic {
    let mut d = Diagnostic::error(&item.source, format!("the template `{name}` does not exist"));
    let header = crate::load::content::read_header(item);
    if let Some(p) =
        crate::load::content::KeyPositions::scan(&header, crate::load::content::Format::of(&header), 1)
            .get("template")
    {
        d = d.at(
            &header,
            p.line,
            p.value_column.max(p.key_column),
            p.value_width.max(1),
        );
    }
    let hint = match crate::diagnostics::closest(name, engine.files.keys().map(String::as_str)) {
        Some(near) => format!("did you mean `{near}`?"),
        None => format!("add templates/{name}, or remove `template:` to use the collection's template"),
    };
    d.with_hint(hint)
}

/// What a page holds besides its item's body, about: the default theme's pages are 8 to
/// 30 KB of it.
const PAGE_ROOM: usize = 32 * 1024;

/// The output file of the page at URL path `path`.
fn file_at(
    path: &str,
    rendering: &str,
    text: impl Into<Vec<u8>>,
) -> Result<Option<OutputFile>, Box<Diagnostic>> {
    let output = crate::model::permalink::output_path(path).map_err(|why| {
        Box::new(Diagnostic::error(
            PathBuf::from(rendering),
            format!("cannot write the page at {path}: {why}"),
        ))
    })?;
    Ok(Some(OutputFile {
        path: output,
        bytes: text.into(),
    }))
}

/// What an item's page value adds to its card.
fn page_entries(
    strings: &i18n::Strings,
    lookup: &Lookup,
    id: ItemId,
) -> Result<Vec<(&'static str, Value)>, Box<Diagnostic>> {
    let site = &lookup.site;
    let config = &site.config;
    let item = &site.items[id];
    let body = lookup.page_body(id)?;
    let cards = |ids: &[ItemId]| Value::from(ids.iter().map(|i| lookup.card(*i)).collect::<Vec<_>>());
    let mut entries = vec![
        ("content", Value::safe_string(&body.html)),
        ("toc", Value::from_serializable(&body.toc)),
        ("lang", Value::from(item.lang)),
    ];
    let translations: Vec<Value> = site.translations[id]
        .iter()
        .map(|other| {
            let language = config.language_of(site.items[*other].lang);
            Value::from(card_map(&[
                ("lang", Value::from(site.items[*other].lang)),
                ("name", Value::from(language.map_or("", |l| l.name.as_str()))),
                ("title", Value::from(site.items[*other].title.as_ref())),
                ("url", Value::from(url(config, &site.urls[*other]))),
            ]))
        })
        .collect();
    entries.push(("translations", Value::from(translations)));
    let mut refs = values::new_map(site.refs[id].len());
    let schema = item.collection().map(|c| &config.collections[c].fields);
    for (field, targets) in &site.refs[id] {
        let is_list = schema
            .and_then(|s| s.get(field))
            .is_some_and(|f| matches!(f.field_type, FieldType::List(_)));
        let value = match (is_list, targets.first()) {
            (false, Some(first)) => lookup.card(*first),
            (false, None) => Value::none(),
            (true, _) => cards(targets),
        };
        refs.insert(field.to_string().into(), value);
    }
    entries.push(("refs", Value::from(refs)));
    let mut backlinks = values::new_map(config.collections.len());
    backlinks.extend(
        config
            .collections
            .keys()
            .map(|c| (c.clone().into(), Value::from(Vec::<Value>::new()))),
    );
    for (collection, sources) in &site.backlinks[id] {
        backlinks.insert(collection.to_string().into(), cards(sources));
    }
    entries.push(("backlinks", Value::from(backlinks)));
    let (previous, next) = site.neighbours(id);
    let neighbour = |n: Option<ItemId>| n.map_or(Value::none(), |n| lookup.card(n));
    entries.push(("previous", neighbour(previous)));
    entries.push(("next", neighbour(next)));
    entries.push(("related", cards(&site.related[id])));
    let site_title = config
        .language_of(item.lang)
        .map_or(config.title.as_str(), |l| l.title.as_str());
    let home = prefixed(config, item.lang, "/");
    let mut crumbs = vec![Value::from(card_map(&[
        ("title", Value::from(site_title)),
        ("url", Value::from(url(config, &home))),
    ]))];
    if let Some(collection) = item.collection() {
        let c = &config.collections[collection];
        let list_url = prefixed(config, item.lang, &c.list_url);
        crumbs.push(Value::from(card_map(&[
            (
                "title",
                Value::from(title_in(strings, config, &c.name, &c.title, item.lang)),
            ),
            ("url", Value::from(url(config, &list_url))),
        ])));
    }
    entries.push(("breadcrumbs", Value::from(crumbs)));
    Ok(entries)
}

//! Atom 1.0 feeds (RFC 4287): one for the whole site (`/atom.xml`), one per collection with
//! `feed: true` (`/news/atom.xml`), one per taxonomy term (`/tags/brain-science/atom.xml`).
//!
//! Feeds are written here in Rust rather than by a theme's template because they are read by
//! programs, not people: a reader needs exact XML escaping, RFC 3339 times and absolute URLs
//! (it fetches the feed far from the site, so even links inside an entry's HTML are made
//! absolute), and none of that should depend on a theme getting it right. Items without a
//! date are left out, since a feed orders and announces by date. A feed depends only on the
//! site, never on the clock, so an unchanged site leaves its feeds' bytes unchanged and the
//! write stage skips them.

use std::fmt::Write as _;

use jiff::Timestamp;
use jiff::civil::Time;

use crate::diagnostics::Diagnostic;
use crate::model::config::FeedContent;
use crate::model::item::Item;
use crate::model::page::Feed;
use crate::model::schema::FieldValue;
use crate::model::site::{ItemId, Site};

use super::i18n::Strings;
use super::lookup::Lookup;
use super::urls::{feed_page_path, feed_url_path, term_of};
use super::values::permalink;

/// The Atom namespace.
const ATOM_NAMESPACE: &str = "http://www.w3.org/2005/Atom";

/// The Atom document of `feed`, newest entries first, at most `feed_limit` of them. A
/// feed of a language other than the default carries only the items written in it:
/// fallback fills that language's pages, not its readers' subscriptions.
pub(super) fn render(lookup: &Lookup, strings: &Strings, feed: &Feed) -> Result<String, Box<Diagnostic>> {
    let site = &lookup.site;
    let config = &site.config;
    let own = |id: &ItemId| feed.lang().is_none_or(|lang| site.items[*id].lang == lang);
    let ids = entries(site, candidates(site, feed).filter(own), config.feed_limit);
    let self_url = permalink(config, &feed_url_path(site, feed));
    let updated = ids
        .iter()
        .filter_map(|id| last_changed(&site.items[*id]))
        .max()
        .unwrap_or(Timestamp::UNIX_EPOCH);
    let mut xml = String::with_capacity(1024 + ids.len() * 1024);
    xml.push_str("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n");
    // `write!` to a String cannot fail; the results are ignored for that reason.
    let lang = feed.lang().unwrap_or(&config.language);
    let _ = writeln!(
        xml,
        "<feed xmlns=\"{ATOM_NAMESPACE}\" xml:lang=\"{}\">",
        escape_xml(lang)
    );
    let _ = writeln!(xml, "  <id>{}</id>", escape_xml(&self_url));
    let _ = writeln!(
        xml,
        "  <title>{}</title>",
        escape_xml(&title(site, strings, feed))
    );
    if *feed == Feed::Site && !config.description.is_empty() {
        let _ = writeln!(xml, "  <subtitle>{}</subtitle>", escape_xml(&config.description));
    }
    if let Feed::Language(lang) = feed
        && let Some(language) = config.language_of(lang)
        && !language.description.is_empty()
    {
        let _ = writeln!(
            xml,
            "  <subtitle>{}</subtitle>",
            escape_xml(&language.description)
        );
    }
    let _ = writeln!(xml, "  <updated>{updated}</updated>");
    let _ = writeln!(
        xml,
        "  <link rel=\"self\" type=\"application/atom+xml\" href=\"{}\"/>",
        escape_xml(&self_url)
    );
    let _ = writeln!(
        xml,
        "  <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>",
        escape_xml(&permalink(config, &feed_page_path(site, feed)))
    );
    // RFC 4287 wants an author on the feed unless every entry has one; entries with an
    // `author` field name theirs, the others fall back to this one.
    let _ = writeln!(
        xml,
        "  <author><name>{}</name></author>",
        escape_xml(&config.title)
    );
    let _ = writeln!(xml, "  <generator>gazette</generator>");
    for id in ids {
        write_entry(&mut xml, lookup, id)?;
    }
    xml.push_str("</feed>\n");
    Ok(xml)
}

/// When an item was last changed: `updated`, else `date`.
pub(super) fn last_changed(item: &Item) -> Option<Timestamp> {
    item.updated.as_ref().or(item.date.as_ref()).and_then(timestamp)
}

/// A date or datetime as an instant. A datetime written with an offset keeps it; one
/// without, and a bare date (at midnight), are taken as UTC: the site has no time zone.
fn timestamp(value: &FieldValue) -> Option<Timestamp> {
    let civil = match value {
        FieldValue::Date(date) => date.to_datetime(Time::midnight()),
        FieldValue::DateTime { civil, text } => match text.parse::<Timestamp>() {
            Ok(at) => return Some(at),
            Err(_) => *civil,
        },
        _ => return None,
    };
    jiff::tz::Offset::UTC.to_timestamp(civil).ok()
}

/// Escapes text for XML content and attribute values, and drops the characters XML 1.0
/// cannot hold at all (C0 controls but tab and line breaks, U+FFFE, U+FFFF), which YAML's
/// escapes could otherwise slip into a title and make the whole feed unreadable.
pub(super) fn escape_xml(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if c < ' ' || c == '\u{FFFE}' || c == '\u{FFFF}' => {}
            c => out.push(c),
        }
    }
    out
}

/// Does `feed` have an entry: a dated item in its language? A feed without one has nothing
/// to say (and no date to give), so it is neither written nor advertised.
pub(super) fn has_entries(site: &Site, feed: &Feed) -> bool {
    let own = |id: &ItemId| feed.lang().is_none_or(|lang| site.items[*id].lang == lang);
    candidates(site, feed)
        .filter(own)
        .any(|id| site.items[id].date.as_ref().and_then(timestamp).is_some())
}

/// The items a feed draws from, before dates are looked at.
fn candidates<'a>(site: &'a Site, feed: &Feed) -> Box<dyn Iterator<Item = ItemId> + 'a> {
    match feed {
        Feed::Site => Box::new(site.collections.values().flatten().copied()),
        Feed::Language(lang) => Box::new(
            site.translated_collections
                .get(lang)
                .into_iter()
                .flat_map(|lists| lists.values().flatten().copied()),
        ),
        Feed::Collection(name) => Box::new(site.collections.get(name).into_iter().flatten().copied()),
        Feed::LangCollection { lang, collection } => {
            Box::new(site.collection_in(lang, collection).iter().copied())
        }
        Feed::Term { .. } | Feed::LangTerm { .. } => Box::new(
            term_of(site, feed)
                .into_iter()
                .flat_map(|t| t.items.iter().copied()),
        ),
    }
}

/// The dated items among `ids`, newest first (ties keep their order), at most `limit`.
fn entries(site: &Site, ids: impl Iterator<Item = ItemId>, limit: usize) -> Vec<ItemId> {
    let mut dated: Vec<(Timestamp, usize, ItemId)> = ids
        .enumerate()
        .filter_map(|(order, id)| {
            let published = site.items[id].date.as_ref().and_then(timestamp)?;
            Some((published, order, id))
        })
        .collect();
    // Newest first, then in the order of `ids`: a total order, so the newest `limit` can
    // be picked out in linear time and only they sorted (`serve` renders the site's feeds
    // again after every edit, each drawn from up to every item).
    let newest_first =
        |&(published, order, _): &(Timestamp, usize, ItemId)| (std::cmp::Reverse(published), order);
    if dated.len() > limit {
        dated.select_nth_unstable_by_key(limit, newest_first);
        dated.truncate(limit);
    }
    dated.sort_unstable_by_key(newest_first);
    dated.into_iter().map(|(_, _, id)| id).collect()
}

/// The feed's title, in its language.
pub(super) fn title(site: &Site, strings: &Strings, feed: &Feed) -> String {
    let config = &site.config;
    match feed {
        Feed::Site => config.title.clone(),
        Feed::Language(lang) => config
            .language_of(lang)
            .map_or_else(|| config.title.clone(), |l| l.title.clone()),
        Feed::Collection(name) => {
            let shown = config
                .collections
                .get(name)
                .map_or(name.as_str(), |c| c.title.as_str());
            format!("{shown} – {}", config.title)
        }
        Feed::Term { taxonomy, .. } => {
            let shown = config
                .taxonomies
                .get(taxonomy)
                .map_or(taxonomy.as_str(), |t| t.title.as_str());
            let name = term_of(site, feed).map_or("", |t| t.name.as_str());
            format!("{shown}: {name} – {}", config.title)
        }
        Feed::LangCollection { lang, collection } => {
            // The collection's title in the language, as its list page shows it.
            let shown = strings.find(collection, lang).unwrap_or_else(|| {
                config
                    .collections
                    .get(collection)
                    .map_or(collection.as_str(), |c| c.title.as_str())
            });
            let site_title = config.language_of(lang).map_or(&config.title, |l| &l.title);
            format!("{shown} – {site_title}")
        }
        Feed::LangTerm { lang, taxonomy, .. } => {
            // The taxonomy's title in the language, as its pages show it.
            let shown = strings.find(taxonomy, lang).unwrap_or_else(|| {
                config
                    .taxonomies
                    .get(taxonomy)
                    .map_or(taxonomy.as_str(), |t| t.title.as_str())
            });
            let name = term_of(site, feed).map_or("", |t| t.name.as_str());
            let site_title = config.language_of(lang).map_or(&config.title, |l| &l.title);
            format!("{shown}: {name} – {site_title}")
        }
    }
}

fn write_entry(xml: &mut String, lookup: &Lookup, id: ItemId) -> Result<(), Box<Diagnostic>> {
    let site = &lookup.site;
    let config = &site.config;
    let item = &site.items[id];
    let link = escape_xml(&permalink(config, &site.urls[id]));
    let published = item.date.as_ref().and_then(timestamp);
    let updated = last_changed(item);
    // The entry's own URL as its base: a relative link in its HTML (`#heading`, `../x/`)
    // then resolves as it does on the page.
    let _ = writeln!(xml, "  <entry xml:base=\"{link}\">");
    let _ = writeln!(xml, "    <id>{link}</id>");
    let _ = writeln!(xml, "    <title>{}</title>", escape_xml(&item.title));
    if let Some(updated) = updated {
        let _ = writeln!(xml, "    <updated>{updated}</updated>");
    }
    if let Some(published) = published {
        let _ = writeln!(xml, "    <published>{published}</published>");
    }
    let _ = writeln!(
        xml,
        "    <link rel=\"alternate\" type=\"text/html\" href=\"{link}\"/>"
    );
    if let Some(FieldValue::String(author)) = item.fields.get("author")
        && !author.trim().is_empty()
    {
        let _ = writeln!(
            xml,
            "    <author><name>{}</name></author>",
            escape_xml(author.trim())
        );
    }
    let origin = origin(&config.base_url, &config.base_path);
    match config.feed_content {
        FeedContent::Summary => {
            let card = lookup.card(id);
            let summary = card
                .get_from_path("summary")
                .and_then(|v| v.as_str())
                .unwrap_or_default();
            let _ = writeln!(
                xml,
                "    <summary type=\"html\">{}</summary>",
                escape_xml(&absolute_links(summary, origin))
            );
        }
        FeedContent::Full => {
            let html = &lookup.page_body(id)?.html;
            let _ = writeln!(
                xml,
                "    <content type=\"html\">{}</content>",
                escape_xml(&absolute_links(html, origin))
            );
        }
    }
    xml.push_str("  </entry>\n");
    Ok(())
}

/// `https://example.org/portal/` with base path `/portal` → `https://example.org`: what a
/// root-relative link (which already holds the base path) needs in front of it.
fn origin<'a>(base_url: &'a str, base_path: &str) -> &'a str {
    let trimmed = base_url.trim_end_matches('/');
    trimmed.strip_suffix(base_path).unwrap_or(trimmed)
}

/// Makes the root-relative `href` and `src` values of rendered HTML absolute. gazette's own
/// links (`@/` links, checked `/x/` links) are root-relative, and a root-relative URL means
/// nothing to a reader that shows the entry away from the site.
fn absolute_links(html: &str, origin: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(at) = next_root_relative(rest) {
        out.push_str(&rest[..at]);
        out.push_str(origin);
        rest = &rest[at..];
    }
    out.push_str(rest);
    out
}

/// The offset of the `/` that starts the next root-relative `href="/…"` or `src="/…"`
/// (either quote), skipping protocol-relative `//host` URLs.
fn next_root_relative(html: &str) -> Option<usize> {
    let mut from = 0;
    while let Some(found) = html[from..].find("=") {
        let eq = from + found;
        from = eq + 1;
        // Bytes, not chars: the text before `=` may end in any character.
        let name = html[..eq].trim_end().as_bytes();
        let is_link_attribute = [b"href".as_slice(), b"src"].iter().any(|attribute| {
            let Some(start) = name.len().checked_sub(attribute.len()) else {
                return false;
            };
            name[start..].eq_ignore_ascii_case(attribute)
                && !name[..start]
                    .last()
                    .is_some_and(|b| b.is_ascii_alphanumeric() || *b == b'-')
        });
        if !is_link_attribute {
            continue;
        }
        let value = html[eq + 1..].trim_start();
        let value_at = html.len() - value.len();
        let mut chars = value.chars();
        if matches!(chars.next(), Some('"' | '\'')) && chars.next() == Some('/') && chars.next() != Some('/')
        {
            return Some(value_at + 1);
        }
    }
    None
}

#[cfg(test)]
pub(super) mod tests {
    use std::path::Path;
    use std::sync::Arc;

    use super::*;
    use crate::diagnostics::Diagnostics;
    use crate::model::item_index::{IdIndex, Keyed, Keys};
    use crate::render::markdown::{self, Links};

    /// `site.yaml` of the test sites; `{base_url}` and `{extra}` (top-level keys) are filled in.
    const CONFIG: &str = "title: Science & <City>\nbase_url: {base_url}\n{extra}collections:\n  institutions:\n    sort: title\n  news:\n    permalink: /news/{year}/{slug}/\n    feed: true\n    fields:\n      date: { type: date, required: true }\n      author: { type: string }\n  events:\n    fields:\n      date: { type: date }\ntaxonomies:\n  tags: {}\n";

    /// News, an undated institution, an event (a collection without a feed), a plain page.
    pub(in crate::render) const FILES: &[(&str, &str)] = &[
        (
            "institutions/lab.md",
            "---\ntitle: Lab\ntags: [brain science]\n---\nA lab.\n",
        ),
        (
            "news/old.md",
            "---\ntitle: Old news\ndate: 2020-01-01\ntags: [brain science]\n---\nOld.\n",
        ),
        (
            "news/new.md",
            "---\ntitle: \"<script>alert(1)</script> & R&D\"\ndate: 2023-03-06\nupdated: 2023-04-01T09:30:00+08:00\nauthor: Li Wei\ntags: [brain science]\n---\nSee [the lab](@/institutions/lab.md) & [about](/about/).\n\n<!-- more -->\n## Later {#later}\nThe rest, [back up](#later).\n",
        ),
        (
            "events/fair.md",
            "---\ntitle: Fair\ndate: 2021-05-05\n---\nA fair.\n",
        ),
        ("about.md", "---\ntitle: About\n---\nAbout us.\n"),
    ];

    /// A small linked site with its cards, without the build: what `render` and the
    /// sitemap read. The build's own wiring is tested once, in `build_writes_…`.
    pub(in crate::render) fn lookup(base_url: &str, extra: &str, files: &[(&str, &str)]) -> Lookup {
        let dir = tempfile::tempdir().unwrap();
        let yaml = CONFIG.replace("{base_url}", base_url).replace("{extra}", extra);
        std::fs::write(dir.path().join("site.yaml"), yaml).unwrap();
        let config = crate::load::config::load(dir.path()).unwrap();
        let page_fields = crate::model::schema::builtin_fields(config.taxonomies.keys());
        let items = files
            .iter()
            .map(|(path, text)| {
                let (item, problems) =
                    crate::load::content::load_text(Path::new(path), text, &config, &page_fields);
                assert!(problems.is_empty(), "{problems:?}");
                item.unwrap()
            })
            .collect();
        let mut diagnostics = Diagnostics::new();
        let schedule = crate::link::schedule::Schedule::now(false, false);
        let site = crate::link::link_with(config, items, &schedule, &mut diagnostics);
        assert!(!diagnostics.has_errors(), "{diagnostics:?}");
        let by_url = IdIndex::of_all(site.urls.len(), Keys::Listed(&site.urls));
        let known_urls = crate::render::plan::page_urls_but_items(&site);
        let section_urls = crate::render::bodies::section_urls(&site);
        let links = Links {
            base_path: &site.config.base_path,
            by_content_path: site.content_paths(),
            by_url: Keyed {
                index: &by_url,
                keys: Keys::Listed(&site.urls),
            },
            known_urls: &known_urls,
            urls: &site.urls,
            held_back: &site.held_back,
            section_urls: &section_urls,
            bundles: &site.bundles,
            external_paths: &site.config.external_paths,
            images: None,
        };
        let rendered = site
            .items
            .iter()
            .enumerate()
            .map(|(id, item)| {
                Arc::new(markdown::render(
                    &item.body,
                    &site.config.markdown,
                    &links,
                    Some(ItemId(id)),
                ))
            })
            .collect();
        Lookup::new(Arc::new(site), rendered)
    }

    fn feed_of(lookup: &Lookup, feed: &Feed) -> String {
        render(lookup, &Strings::default(), feed).expect("the test's bodies are in memory")
    }

    fn child<'a, 'i>(node: roxmltree::Node<'a, 'i>, name: &str) -> roxmltree::Node<'a, 'i> {
        children(node, name)
            .into_iter()
            .next()
            .unwrap_or_else(|| panic!("no <{name}> in <{}>", node.tag_name().name()))
    }

    /// The Atom elements `name` under `node`.
    fn children<'a, 'i>(node: roxmltree::Node<'a, 'i>, name: &str) -> Vec<roxmltree::Node<'a, 'i>> {
        node.children()
            .filter(|n| n.tag_name().name() == name && n.tag_name().namespace() == Some(ATOM_NAMESPACE))
            .collect()
    }

    fn text<'a>(node: roxmltree::Node<'a, '_>, name: &str) -> &'a str {
        child(node, name).text().unwrap_or_default()
    }

    fn link<'a>(node: roxmltree::Node<'a, '_>, rel: &str) -> &'a str {
        children(node, "link")
            .into_iter()
            .find(|l| l.attribute("rel") == Some(rel))
            .and_then(|l| l.attribute("href"))
            .unwrap_or_else(|| panic!("no link rel={rel}"))
    }

    #[test]
    fn site_feed_has_every_required_element_with_absolute_urls() {
        let lookup = lookup("https://example.org/", "", FILES);
        let xml = feed_of(&lookup, &Feed::Site);
        let doc = roxmltree::Document::parse(&xml).unwrap();
        let feed = doc.root_element();
        assert_eq!(feed.tag_name().name(), "feed");
        assert_eq!(feed.tag_name().namespace(), Some(ATOM_NAMESPACE));
        assert_eq!(text(feed, "id"), "https://example.org/atom.xml");
        assert_eq!(text(feed, "title"), "Science & <City>");
        // The newest change of any entry: `updated` with its offset, in UTC.
        assert_eq!(text(feed, "updated"), "2023-04-01T01:30:00Z");
        assert_eq!(link(feed, "self"), "https://example.org/atom.xml");
        assert_eq!(link(feed, "alternate"), "https://example.org/");
        assert_eq!(text(child(feed, "author"), "name"), "Science & <City>");

        // Every collection's dated items, newest first; the undated lab and the page are out.
        let entries = children(feed, "entry");
        let titles: Vec<&str> = entries.iter().map(|e| text(*e, "title")).collect();
        assert_eq!(titles, ["<script>alert(1)</script> & R&D", "Fair", "Old news"]);

        let newest = entries[0];
        let url = "https://example.org/news/2023/new/";
        assert_eq!(text(newest, "id"), url);
        assert_eq!(link(newest, "alternate"), url);
        assert_eq!(text(newest, "published"), "2023-03-06T00:00:00Z");
        assert_eq!(text(newest, "updated"), "2023-04-01T01:30:00Z");
        assert_eq!(text(child(newest, "author"), "name"), "Li Wei");
        assert!(
            children(entries[1], "author").is_empty(),
            "no author field, no entry author"
        );
        assert_eq!(text(entries[1], "updated"), "2021-05-05T00:00:00Z");
    }

    #[test]
    fn a_title_with_markup_and_ampersands_is_escaped() {
        let lookup = lookup("https://example.org/", "", FILES);
        let xml = feed_of(&lookup, &Feed::Site);
        assert!(!xml.contains("<script>"), "{xml}");
        assert!(xml.contains("<title>&lt;script&gt;alert(1)&lt;/script&gt; &amp; R&amp;D</title>"));
        // It parses, and gives back the title as written.
        let doc = roxmltree::Document::parse(&xml).unwrap();
        let entry = child(doc.root_element(), "entry");
        assert_eq!(text(entry, "title"), "<script>alert(1)</script> & R&D");
    }

    #[test]
    fn summary_feeds_carry_the_card_summary_with_absolute_links() {
        let lookup = lookup("https://example.org/", "", FILES);
        let xml = feed_of(&lookup, &Feed::Collection("news".into()));
        let doc = roxmltree::Document::parse(&xml).unwrap();
        let entry = child(doc.root_element(), "entry");
        assert!(children(entry, "content").is_empty());
        let summary = child(entry, "summary");
        assert_eq!(summary.attribute("type"), Some("html"));
        let html = summary.text().unwrap();
        assert!(
            html.contains(r#"<a href="https://example.org/institutions/lab/">the lab</a>"#),
            "{html}"
        );
        assert!(
            html.contains(r#"<a href="https://example.org/about/">about</a>"#),
            "{html}"
        );
        assert!(
            !html.contains("The rest"),
            "the summary stops at <!-- more -->: {html}"
        );
    }

    #[test]
    fn full_feeds_carry_the_whole_page() {
        let lookup = lookup("https://example.org/", "feed_content: full\n", FILES);
        let xml = feed_of(&lookup, &Feed::Site);
        let doc = roxmltree::Document::parse(&xml).unwrap();
        let entry = child(doc.root_element(), "entry");
        assert!(children(entry, "summary").is_empty());
        let content = child(entry, "content");
        assert_eq!(content.attribute("type"), Some("html"));
        let html = content.text().unwrap();
        assert!(html.contains("The rest"), "{html}");
        assert!(
            html.contains(r#"href="https://example.org/institutions/lab/""#),
            "{html}"
        );
        // A fragment link stays relative, resolved against the entry's xml:base.
        assert!(html.contains(r##"href="#later""##), "{html}");
        let base = entry.attribute((roxmltree::NS_XML_URI, "base")).unwrap();
        assert_eq!(base, "https://example.org/news/2023/new/");
    }

    #[test]
    fn a_sub_path_base_url_is_in_every_url() {
        let lookup = lookup("https://example.org/portal/", "", FILES);
        let term = lookup.site.taxonomies["tags"]
            .iter()
            .position(|t| t.slug == "brain-science")
            .unwrap();
        let feed = Feed::Term {
            taxonomy: "tags".into(),
            term,
        };
        assert_eq!(feed_url_path(&lookup.site, &feed), "/tags/brain-science/atom.xml");
        let xml = feed_of(&lookup, &feed);
        let doc = roxmltree::Document::parse(&xml).unwrap();
        let root = doc.root_element();
        assert_eq!(
            text(root, "id"),
            "https://example.org/portal/tags/brain-science/atom.xml"
        );
        assert_eq!(
            link(root, "self"),
            "https://example.org/portal/tags/brain-science/atom.xml"
        );
        assert_eq!(
            link(root, "alternate"),
            "https://example.org/portal/tags/brain-science/"
        );
        assert_eq!(text(root, "title"), "Tags: brain science – Science & <City>");
        let entries = children(root, "entry");
        // The lab carries the term but has no date.
        assert_eq!(entries.len(), 2);
        for entry in &entries {
            assert!(text(*entry, "id").starts_with("https://example.org/portal/news/"));
            assert!(link(*entry, "alternate").starts_with("https://example.org/portal/news/"));
        }
        let summary = text(entries[0], "summary");
        assert!(
            summary.contains(r#"href="https://example.org/portal/about/""#),
            "{summary}"
        );
        assert!(
            summary.contains(r#"href="https://example.org/portal/institutions/lab/""#),
            "{summary}"
        );
    }

    #[test]
    fn feeds_are_planned_for_the_site_flagged_collections_and_terms() {
        let lookup = lookup("https://example.org/", "feed_limit: 1\n", FILES);
        let site = &lookup.site;
        let urls: Vec<String> = crate::render::feeds_of(site)
            .iter()
            .map(|f| feed_url_path(site, f))
            .collect();
        assert_eq!(
            urls,
            ["/atom.xml", "/news/atom.xml", "/tags/brain-science/atom.xml"]
        );
        assert_eq!(
            crate::render::urls::collection_feed(site, "news", "en")
                .map(|feed| crate::render::values::permalink(
                    &site.config,
                    &crate::render::urls::feed_url_path(site, &feed)
                ))
                .as_deref(),
            Some("https://example.org/news/atom.xml")
        );
        assert_eq!(crate::render::urls::collection_feed(site, "events", "en"), None);
        let xml = feed_of(&lookup, &Feed::Site);
        let doc = roxmltree::Document::parse(&xml).unwrap();
        assert_eq!(children(doc.root_element(), "entry").len(), 1, "feed_limit: 1");
    }

    #[test]
    fn entries_are_the_newest_first_ties_in_list_order_cut_at_the_limit() {
        let files = [
            ("news/a.md", "---\ntitle: A\ndate: 2021-01-01\n---\nA.\n"),
            ("news/b.md", "---\ntitle: B\ndate: 2023-01-01\n---\nB.\n"),
            ("news/c.md", "---\ntitle: C\ndate: 2022-01-01\n---\nC.\n"),
            ("news/d.md", "---\ntitle: D\ndate: 2023-01-01\n---\nD.\n"),
            ("news/e.md", "---\ntitle: E\ndate: 2020-01-01\n---\nE.\n"),
            ("institutions/lab.md", "---\ntitle: Lab\n---\nNo date.\n"),
        ];
        let lookup = lookup("https://example.org/", "", &files);
        let site = &lookup.site;
        let id = |slug: &str| site.item_at(&format!("news/{slug}.md")).unwrap();
        let order = ["e", "d", "lab", "c", "b", "a"].map(|slug| match slug {
            "lab" => site.item_at("institutions/lab.md").unwrap(),
            slug => id(slug),
        });
        let titles = |limit| -> Vec<String> {
            entries(site, order.iter().copied(), limit)
                .into_iter()
                .map(|i| site.items[i].title.to_string())
                .collect()
        };
        assert_eq!(titles(10), ["D", "B", "C", "A", "E"]);
        assert_eq!(titles(3), ["D", "B", "C"]);
        assert_eq!(titles(1), ["D"]);
        assert!(titles(0).is_empty());
    }

    #[test]
    fn a_feed_without_dated_items_is_still_valid() {
        let lookup = lookup("https://example.org/", "", &FILES[..1]);
        let xml = feed_of(&lookup, &Feed::Site);
        let doc = roxmltree::Document::parse(&xml).unwrap();
        assert_eq!(text(doc.root_element(), "updated"), "1970-01-01T00:00:00Z");
        assert_eq!(children(doc.root_element(), "entry").len(), 0);
    }

    #[test]
    fn build_writes_feeds_sitemap_and_robots_and_templates_get_feed_urls() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        let yaml = CONFIG
            .replace("{base_url}", "https://example.org/portal/")
            .replace("{extra}", "");
        std::fs::write(root.join("site.yaml"), yaml).unwrap();
        for (path, text) in FILES {
            let file = root.join("content").join(path);
            std::fs::create_dir_all(file.parent().unwrap()).unwrap();
            std::fs::write(file, text).unwrap();
        }
        let templates = root.join("themes/default/templates");
        std::fs::create_dir_all(&templates).unwrap();
        let page = "{{ site.feed_url }} {{ feed_url | default(value='no feed') }}";
        for name in ["index.html", "page.html", "list.html", "term.html", "terms.html"] {
            std::fs::write(templates.join(name), page).unwrap();
        }
        std::fs::write(
            templates.join("robots.txt"),
            "Sitemap: {{ sitemap_url }}\n# {{ site.title }}\n",
        )
        .unwrap();
        let output = root.join("output");
        crate::build(&crate::BuildOptions {
            root: root.to_path_buf(),
            ..Default::default()
        })
        .map_err(|e| format!("{:?}", e.diagnostics()))
        .unwrap();
        let read = |path: &str| std::fs::read_to_string(output.join(path)).unwrap();
        let site_feed = "https://example.org/portal/atom.xml";
        let news_feed = "https://example.org/portal/news/atom.xml";
        assert_eq!(read("news/index.html"), format!("{site_feed} {news_feed}"));
        assert_eq!(
            read("news/2023/new/index.html"),
            format!("{site_feed} {news_feed}")
        );
        assert_eq!(read("events/index.html"), format!("{site_feed} no feed"));
        assert_eq!(read("about/index.html"), format!("{site_feed} no feed"));
        // The robots.txt template is not HTML: nothing in it is escaped.
        assert_eq!(
            read("robots.txt"),
            "Sitemap: https://example.org/portal/sitemap.xml\n# Science & <City>\n"
        );
        for feed in ["atom.xml", "news/atom.xml", "tags/brain-science/atom.xml"] {
            roxmltree::Document::parse(&read(feed)).unwrap();
        }
        assert!(!output.join("events/atom.xml").exists());
        let sitemap = read("sitemap.xml");
        let doc = roxmltree::Document::parse(&sitemap).unwrap();
        assert_eq!(doc.root_element().tag_name().name(), "urlset");
    }

    #[test]
    fn root_relative_links_become_absolute() {
        let html = r##"<p><a href="/portal/x/">x</a> <img src='/portal/a.png'> <a href="//cdn.example/y">y</a> <a href="#h">h</a> <a data-href="/no/">n</a> <a href="https://other.example/">o</a></p>"##;
        assert_eq!(
            absolute_links(html, "https://example.org"),
            r##"<p><a href="https://example.org/portal/x/">x</a> <img src='https://example.org/portal/a.png'> <a href="//cdn.example/y">y</a> <a href="#h">h</a> <a data-href="/no/">n</a> <a href="https://other.example/">o</a></p>"##
        );
    }

    #[test]
    fn origin_drops_the_base_path() {
        assert_eq!(
            origin("https://example.org/portal/", "/portal"),
            "https://example.org"
        );
        assert_eq!(origin("https://example.org/", ""), "https://example.org");
    }

    #[test]
    fn escape_xml_escapes_markup_and_drops_what_xml_cannot_hold() {
        assert_eq!(
            escape_xml("<script>\"R&D\" 'x'\u{1}\n</script>"),
            "&lt;script&gt;&quot;R&amp;D&quot; &apos;x&apos;\n&lt;/script&gt;"
        );
    }

    #[test]
    fn dates_are_midnight_utc_and_offsets_are_kept() {
        let date = FieldValue::Date("2023-03-06".parse().unwrap());
        assert_eq!(timestamp(&date).unwrap().to_string(), "2023-03-06T00:00:00Z");
        let with_offset = FieldValue::DateTime {
            civil: "2023-03-06T10:00:00".parse().unwrap(),
            text: "2023-03-06T10:00:00+08:00".into(),
        };
        assert_eq!(
            timestamp(&with_offset).unwrap().to_string(),
            "2023-03-06T02:00:00Z"
        );
        let without = FieldValue::DateTime {
            civil: "2023-03-06T10:00:00".parse().unwrap(),
            text: "2023-03-06T10:00:00".into(),
        };
        assert_eq!(timestamp(&without).unwrap().to_string(), "2023-03-06T10:00:00Z");
    }
}

//! What a page links besides its content, in its head and header: the feed it follows and
//! its versions in the site's other languages.

use tera::Value;

use super::fingerprint::Fingerprinted;
use super::site_values::card_map;
use super::urls::feed_url_path;
use super::values::{permalink, url};
use super::{Engine, Lookup, feeds};
use crate::model::config::{SiteConfig, prefixed};
use crate::model::page::Feed;

/// `feed_url` and `feed_title` of the page's own feed, when it has entries (a feed with
/// none is not written).
pub(super) fn insert_feed(engine: &Engine, lookup: &Lookup, context: &mut Fingerprinted<'_>, feed: &Feed) {
    let site = &lookup.site;
    if feeds::has_entries(site, feed) {
        context.insert("feed_url", &permalink(&site.config, &feed_url_path(site, feed)));
        context.insert("feed_title", &feeds::title(site, &engine.strings, feed));
    }
}

/// `languages`: every language of the site, for a switcher that never disappears: the
/// page's version in it where there is one (`translation: true`), else that language's
/// home page; `current` marks the page's own.
pub(super) fn language_links(config: &SiteConfig, lang: &str, versions: &[(String, String)]) -> Value {
    let links: Vec<Value> = config
        .languages
        .iter()
        .map(|language| {
            let version = versions.iter().find(|(code, _)| *code == language.code);
            let path =
                version.map_or_else(|| prefixed(config, &language.code, "/"), |(_, path)| path.clone());
            Value::from(card_map(&[
                ("lang", Value::from(language.code.as_str())),
                ("name", Value::from(language.name.as_str())),
                ("url", Value::from(url(config, &path))),
                ("current", Value::from(language.code == lang)),
                (
                    "translation",
                    Value::from(version.is_some() || language.code == lang),
                ),
            ]))
        })
        .collect();
    Value::from(links)
}

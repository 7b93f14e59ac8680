//! The render stage: Markdown once per item, then every page of the site through its Tera
//! template, in parallel, handed to a sink as it is made.
//!
//! [`plan`] lists the pages (home, items, paginated lists and term pages, term indexes, 404,
//! redirects from items' old URLs, and the files for machines: Atom feeds, the sitemap,
//! `robots.txt`), and a search page per language; [`search`] makes the search index; [`render`] renders them on all cores into a [`PageSink`], skipping the
//! pages a [`PageCache`] keeps. Contexts are made of the cards built once in [`Lookup`], so
//! a list page costs the size of its page, not of the site.

pub mod bodies;
mod cards;
pub mod cms;
mod context;
mod drive;
mod engine;
pub(crate) mod favicons;
mod feeds;
pub(crate) mod fingerprint;
pub(crate) mod i18n;
pub mod images;
pub mod link_check;
mod lookup;
pub mod markdown;
mod page_links;
mod paginator;
mod partials;
mod plan;
pub(crate) mod redirects;
pub mod search;
pub(crate) mod sink;
mod site_values;
mod sitemap;
mod summaries;
mod urls;
mod values;

pub use cards::{DEFAULT_CARD_MEMORY, cards_made_on_demand, most_cards_kept};
pub use drive::{Target, render};
pub use engine::Engine;
pub use lookup::{Lookup, Rerender};
pub use plan::{feeds_of, list_page_of, page_urls_but_items, plan, sitemap_parts};
pub use sink::{Memory, PageCache, PageSink};
pub use site_values::Intros;
pub use summaries::{Summaries, SummaryWriter};
pub use urls::{alternates, page_url, x_default};
pub use values::{escape_html, permalink, plain_text, site_url, url};

pub use crate::model::page::{Feed, NOT_FOUND_URL, Page, PageKind};

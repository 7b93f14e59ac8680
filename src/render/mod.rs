//! The render stage: Markdown once per item, then every page of the site through its Tera
//! template, in parallel, handed to a sink as it is made.
//!
//! [`plan`] lists the pages (home, items, paginated lists and term pages, term indexes, 404,
//! redirects from items' old URLs, and the files for machines: Atom feeds, the sitemap,
//! `robots.txt`); [`render`] renders them on all cores into a [`PageSink`], skipping the
//! pages a [`PageCache`] keeps. Contexts are made of the cards built once in [`Lookup`], so
//! a list page costs the size of its page, not of the site.

mod context;
mod drive;
mod engine;
mod feeds;
pub mod fingerprint;
pub mod i18n;
pub mod link_check;
mod lookup;
pub mod markdown;
mod paginator;
mod partials;
mod plan;
pub mod redirects;
pub mod sink;
mod site_values;
mod sitemap;
mod values;

pub use drive::{Intros, Target, render};
pub use engine::{Engine, TEMPLATES_DIR, THEMES_DIR, site_url};
pub use lookup::Lookup;
pub use plan::{alternates, feeds_of, page_lang, page_url, plan, sitemap_parts, x_default};
pub use sink::{Memory, PageCache, PageSink};
pub use values::{escape_html, permalink, plain_text, url};

pub use crate::model::page::{Feed, NOT_FOUND_URL, Page};

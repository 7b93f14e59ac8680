//! gazette: a static site generator for information websites.
//!
//! A site is `site.yaml` plus Markdown files with YAML front matter under `content/`.
//! A build runs four stages over plain data, each a module with one job:
//!
//! - **load** ([`content`]): walk `content/`, split and parse front matter, check every
//!   file against its collection's [`schema`];
//! - **link** ([`link`]): permalinks, references, backlinks, taxonomies, neighbours,
//!   [`related`] items;
//! - **render** ([`markdown`], [`render`]): Markdown once per item, then Tera pages;
//! - **write** ([`output`]): only when nothing failed, only what changed, atomically.
//!
//! [`build`] runs them; every problem becomes a [`diagnostics::Diagnostic`], which
//! [`report`] prints for people or as JSON. Authoring starts with [`starter`] (`gazette
//! init`) and [`archetype`] (`gazette new`).

pub mod archetype;
pub mod build;
pub mod check;
pub mod config;
pub mod content;
pub mod diagnostics;
pub mod fast_hash;
pub mod git;
pub mod language;
pub mod link;
pub mod lock;
pub mod manifest;
pub mod markdown;
pub mod output;
pub mod permalink;
pub mod related;
pub mod render;
pub mod report;
pub mod schedule;
pub mod schema;
#[cfg(feature = "serve")]
pub mod serve;
pub mod session;
pub mod staging;
pub mod starter;
pub mod taxonomy;

pub use build::{BuildError, BuildOptions, BuildSummary, build, render_site};

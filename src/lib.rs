//! gazette: a static site generator for information websites.
//!
//! A site is `site.yaml` plus Markdown files with YAML front matter under `content/`.
//! A build runs four stages over the plain data of [`model`], each a folder with one job:
//!
//! - [`load`]: read `site.yaml`, walk `content/`, split and parse front matter, check every
//!   file against its collection's schema; list the static files; read git dates;
//! - [`link`]: permalinks, references, backlinks, languages, taxonomies, the schedule,
//!   related items;
//! - [`render`]: Markdown once per item, then the site's pages through Tera, handed to a
//!   sink as they are made;
//! - [`write`]: the output folder's rules, staging, the lock and the manifest of reusable
//!   pages.
//!
//! [`pipeline`] runs them; every problem becomes a [`diagnostics::Diagnostic`], which
//! [`diagnostics::report`] prints for people or as JSON. [`serve`] keeps a built site in
//! memory and rebuilds what a change touches. [`scaffold`] makes new sites (`gazette init`)
//! and items (`gazette new`); [`import`] makes one from a Zola, Hugo or Jekyll
//! site (`gazette import`).

pub mod diagnostics;
pub mod import;
pub(crate) mod link;
pub mod load;
pub mod model;
pub mod pipeline;
pub mod render;
pub mod scaffold;
#[cfg(feature = "serve")]
pub mod serve;
pub mod write;

pub use pipeline::{BuildError, BuildOptions, BuildSummary, build, linked_site, render_site};

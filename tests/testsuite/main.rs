//! gazette's integration tests: the real binary on small whole sites from `tests/fixtures/`.
//!
//! One binary for all of them (link time matters on 2 cores); one module per area.
//! Diagnostic snapshots live in `snapshots/`; regenerate them with
//! `INSTA_UPDATE=always cargo test --test testsuite` and read every changed `.snap`.

mod architecture;
mod authoring;
mod autoescape;
mod bodies_on_disk;
mod build;
mod bundles;
mod check;
#[cfg(feature = "serve")]
mod cms_api;
mod cms_config;
mod diagnostics;
mod docs;
mod docs_drift;
mod example;
mod git_dates;
mod hostile;
mod images;
mod import;
mod interruption;
mod languages;
mod metadata;
mod migrated_sites;
mod output;
mod publishing;
mod rebuild;
mod reliability;
mod search;
#[cfg(feature = "serve")]
mod serve;
#[cfg(feature = "serve")]
mod serve_load;
mod strict;
mod subpath;
mod support;
mod theme_words;

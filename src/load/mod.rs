//! The load stage: `site.yaml`, `content/` (walk, front matter, schema checks), static
//! files and git dates, into the model's plain data, with every problem as a diagnostic.

pub mod config;
pub mod content;
pub mod git;
pub(crate) mod schema;
pub mod static_files;

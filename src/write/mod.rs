//! The write stage: the output folder's rules, staging pages into it as they render, the
//! lock that keeps two builds apart, and the manifest of pages a build can reuse.

pub mod lock;
mod made_pages;
pub(crate) mod manifest;
mod minify;
pub mod output;
pub(crate) mod output_dir;
pub(crate) mod previous_pages;
pub(crate) mod staging;

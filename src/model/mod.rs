//! The model: plain data every stage shares, importing nothing else of the crate.
//!
//! The site's configuration and collection schemas, the items loaded from `content/`, the
//! linked site (the graph of items, references, backlinks and terms), the pages it has,
//! and the URL rules (permalink patterns, slugs, output paths). Behaviour that needs more
//! than these values lives in the stage that owns it.

pub mod config;
pub mod fast_hash;
pub mod item;
pub mod item_id;
pub mod item_index;
pub mod name;
pub mod named;
pub mod output;
pub(crate) mod page;
pub mod per_item;
pub mod permalink;
pub mod schema;
pub mod site;

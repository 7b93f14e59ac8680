//! Sites and items from nothing: the starter site of `gazette init` and the archetypes of
//! `gazette new`.

pub mod archetype;
mod placeholder;
pub mod starter;

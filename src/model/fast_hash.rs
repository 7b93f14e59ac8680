//! Hash maps for the lookups a build makes per link, per page or per template call: which
//! URLs exist, theme strings, rendered partials, heading ids.
//!
//! std's maps hash with SipHash, which resists keys chosen to collide; a build's keys are
//! the site's own paths and names, and ahash (already built for Tera's maps) hashes them in
//! a fraction of the time. Maps kept between builds or fingerprinted use their own hashes
//! (`render::fingerprint`), not these.

/// ahash with its fixed keys, as Tera's maps (vendor/tera/GAZETTE.md): making a map (one per
/// item for its heading ids) draws no random seed.
pub type FastHasher = std::hash::BuildHasherDefault<ahash::AHasher>;
/// A `HashMap` hashed with ahash.
pub type FastMap<K, V> = std::collections::HashMap<K, V, FastHasher>;
/// A `HashSet` hashed with ahash.
pub type FastSet<T> = std::collections::HashSet<T, FastHasher>;

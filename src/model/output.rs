//! The files a build produces: pages rendered in memory and static files copied as they are.

use std::path::PathBuf;

/// A file the build produces, in memory.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutputFile {
    /// Path relative to the output folder.
    pub path: PathBuf,
    /// Its bytes.
    pub bytes: Vec<u8>,
}

/// A file copied as is from a `static/` folder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StaticFile {
    /// Path relative to the output folder.
    pub path: PathBuf,
    /// Where it comes from.
    pub source: PathBuf,
}

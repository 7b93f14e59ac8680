//! Reading a hugo site.

use std::path::Path;

use super::ImportError;
use super::document::SourceSite;

pub(crate) fn read(_root: &Path) -> Result<SourceSite, ImportError> {
    Ok(SourceSite::default())
}

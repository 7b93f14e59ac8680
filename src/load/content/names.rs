//! What a content file's path says: the name its slug comes from, a date written in front
//! of it, its language, and the path `@/` links name it by; and the slug itself, written or
//! named, checked to be one safe part of a URL.

use std::path::{Path, PathBuf};

use indexmap::IndexMap;

use super::KeyPositions;
use crate::diagnostics::Diagnostic;
use crate::model::config::SiteConfig;
use crate::model::item::BUNDLE_FILE;
use crate::model::permalink::slugify;
use crate::model::schema::FieldValue;

/// The name an item's slug comes from: its file's (`x.md`), or a page bundle's folder's
/// (`x/index.md`). A date in front of the name (`2024-01-02-hello`, as Zola and Jekyll name
/// posts) is left out: it is the item's date, not part of its slug.
pub(crate) fn name_of(relative: &Path) -> &str {
    let name = written_name(relative);
    dated_name(name).map_or(name, |(_, rest)| rest)
}

/// The file's name without `.md`, or a page bundle's folder's.
pub(super) fn written_name(relative: &Path) -> &str {
    let folder = relative.parent().and_then(Path::file_name);
    let named = match relative.file_name().is_some_and(|n| n == BUNDLE_FILE) && folder.is_some() {
        true => folder,
        false => relative.file_stem(),
    };
    named.and_then(|s| s.to_str()).unwrap_or("")
}

/// `2024-01-02-hello` → (`2024-01-02`, `hello`); `None` for a name without a date in front.
pub(crate) fn dated_name(name: &str) -> Option<(&str, &str)> {
    let (date, rest) = (name.get(..10)?, name.get(10..)?);
    let rest = rest.strip_prefix(['-', '_']).filter(|rest| !rest.is_empty())?;
    let shape = date.bytes().enumerate().all(|(i, b)| match i {
        4 | 7 => b == b'-',
        _ => b.is_ascii_digit(),
    });
    shape.then_some((date, rest))
}

/// A relative path with `/` separators, as `@/` links and translation keys name files.
pub(super) fn slash_path(relative: &Path) -> String {
    relative
        .components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

/// Splits a translation's language off its path under `content/`: with `zh-Hans` a
/// language of the site other than the default, `news/x.zh-Hans.md` → (`news/x.md`,
/// `zh-Hans`). Any other path is the default language's and comes back as is.
pub fn split_suffix(relative: &Path, config: &SiteConfig) -> (PathBuf, String) {
    let default = || (relative.to_path_buf(), config.language.clone());
    if !config.is_multilingual() {
        return default();
    }
    let Some(stem) = relative.file_stem().and_then(|s| s.to_str()) else {
        return default();
    };
    let Some((base, code)) = stem.rsplit_once('.') else {
        return default();
    };
    let is_translation = config.languages[1..].iter().any(|l| l.code == code);
    if !is_translation || base.is_empty() {
        return default();
    }
    let extension = relative.extension().and_then(|e| e.to_str()).unwrap_or("md");
    (
        relative.with_file_name(format!("{base}.{extension}")),
        code.to_string(),
    )
}

/// The item's slug, written or from its file name, must be one safe URL segment: checked
/// here, at the `slug:` line, before any path is made of it. A written slug becomes the one
/// the site uses (kept as written, or slugified); false when it cannot be one.
pub(super) fn check_slug(
    relative: &Path,
    values: &mut IndexMap<String, FieldValue>,
    slugify_written: bool,
    positions: &KeyPositions,
    header: &str,
    source: &Path,
    diagnostics: &mut Vec<Diagnostic>,
) -> bool {
    let stem = name_of(relative);
    let (written, why) = match values.get_mut("slug") {
        Some(FieldValue::String(slug)) => {
            match crate::model::permalink::written_slug(slug, slugify_written) {
                Ok(kept) => {
                    *slug = kept;
                    return true;
                }
                Err(why) => (slug.clone(), why),
            }
        }
        _ => match crate::model::permalink::check_slug(&slugify(stem)) {
            Ok(()) => return true,
            Err(why) => (stem.to_string(), why),
        },
    };
    let shown = crate::model::permalink::printable(&written);
    let mut d = Diagnostic::error(
        source,
        format!("the slug `{shown}` cannot be part of a URL: {why}"),
    );
    match positions.get("slug") {
        Some(p) if values.contains_key("slug") => {
            d = d.at(
                header,
                p.line,
                p.value_column.max(p.key_column),
                p.value_width.max(1),
            );
            d = d.with_hint(
                "write the last part of the URL with letters, digits and `-`, such as `jinfeng-laboratory`",
            );
        }
        _ => d = d.with_hint("rename the file, or set `slug:` with letters, digits and `-`"),
    }
    diagnostics.push(d);
    false
}

//! The `image` fields of an item as templates get them: each a picture object with its
//! copies, its alt text (`<field>_alt`, else the item's title), caption and credit.

use tera::Value;

use super::{Images, Words};
use crate::diagnostics::Diagnostic;
use crate::diagnostics::yaml::locate_key;
use crate::load::content::read_header;
use crate::model::item::Item;
use crate::model::schema::{FieldType, FieldValue};
use crate::model::site::{ItemId, Site};

/// The item's `image` fields (and lists of them) as picture objects, with an error at the
/// field's line for each picture that is missing or cannot be read.
/// `item` is item `id` of `site`, or its new version while `serve` edits it in place.
pub fn field_pictures(site: &Site, images: &Images, id: ItemId, item: &Item) -> FieldPictures {
    let mut found = FieldPictures::default();
    let Some(collection) = item.collection().and_then(|c| site.config.collections.get(c)) else {
        return found;
    };
    let text = |name: &str| match item.fields.get(name) {
        Some(FieldValue::String(s)) if !s.trim().is_empty() => Some(s.as_str()),
        _ => None,
    };
    for (name, spec) in &collection.fields {
        let is_list = match &spec.field_type {
            FieldType::Image => false,
            FieldType::List(inner) if **inner == FieldType::Image => true,
            _ => continue,
        };
        let written: Vec<&str> = match item.fields.get(name) {
            Some(FieldValue::String(path)) => vec![path.as_str()],
            Some(FieldValue::List(list)) => list
                .iter()
                .filter_map(|v| match v {
                    FieldValue::String(path) => Some(path.as_str()),
                    _ => None,
                })
                .collect(),
            _ => continue,
        };
        let words = Words {
            alt: text(&format!("{name}_alt")).unwrap_or(&item.title),
            caption: text(&format!("{name}_caption")),
            credit: text(&format!("{name}_credit")),
        };
        let mut pictures = Vec::new();
        for path in written {
            let picture =
                site_path(site, id, path).and_then(|site_path| match images.is_picture(&site_path) {
                    true => images
                        .picture(&site_path)
                        .map_err(|why| (why, UNREADABLE.to_string())),
                    false => Err(("there is no such file".into(), missing_hint(path))),
                });
            match picture {
                Ok(picture) => {
                    found.shown.push(picture.original.clone());
                    pictures.push(picture.value(&words));
                }
                Err((why, hint)) => {
                    let header = read_header(item);
                    let (line, column) = locate_key(&header, &[name]);
                    let mut d =
                        Diagnostic::error(&item.source, format!("the picture `{path}` of `{name}`: {why}"))
                            .with_hint(hint);
                    if line > 0 {
                        d = d.at(&header, line, column, name.chars().count());
                    }
                    found.problems.push(d);
                }
            }
        }
        let value = match is_list {
            true => Value::from(pictures),
            false => match pictures.pop() {
                Some(picture) => picture,
                None => continue,
            },
        };
        found.values.push((name.clone(), value));
    }
    found
}

/// An item's `image` fields as templates get them.
#[derive(Default)]
pub struct FieldPictures {
    /// Field name → picture object (a list of them for a list field).
    pub values: Vec<(String, Value)>,
    /// The pictures' originals' URLs.
    pub shown: Vec<String>,
    /// Pictures missing or unreadable, at their fields' lines.
    pub problems: Vec<Diagnostic>,
}

/// The URL path of a picture as a field writes it: from the site's root, or relative to
/// the item's page bundle.
fn site_path(site: &Site, id: ItemId, written: &str) -> Result<String, (String, String)> {
    if written.starts_with('/') {
        return Ok(written.to_string());
    }
    let folder = site
        .bundles
        .get(&id)
        .ok_or_else(|| {
            (
                "a path without a leading `/` names a file beside a page bundle's index.md, and this item is a single file".to_string(),
                format!("write a path from the site's root such as /images/{written}, or make the item a folder with an index.md"),
            )
        })?;
    Ok(format!(
        "{}/{}",
        folder.trim_end_matches('/'),
        written.trim_start_matches("./")
    ))
}

/// What to do with a picture file that is there but cannot be shown.
pub const UNREADABLE: &str = "replace it with a JPEG, PNG, WebP, GIF or SVG file that an image viewer opens";

fn missing_hint(written: &str) -> String {
    match written.starts_with('/') {
        true => format!("put the file at static{written}, or write the path of one that is there"),
        false => format!(
            "put {written} in the page's folder, beside its index.md, or write a path from the site's root such as /images/{written}"
        ),
    }
}

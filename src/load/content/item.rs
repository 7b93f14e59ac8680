//! An item made from its checked fields: the built-in ones taken out, its terms and
//! references collected with where each is written.

use std::path::{Path, PathBuf};

use indexmap::IndexMap;

use super::{KeyPositions, Split, slash_path};
use crate::model::item::{Alias, Item, ItemKind, LinkInputs, RawReference, RawTerm, Span};
use crate::model::name::shared;
use crate::model::per_item::Lists;
use crate::model::permalink::slugify;
use crate::model::schema::{ALIASES, FieldSpec, FieldType, FieldValue};

/// An alias as a path from the site's root: Zola writes them relative to it (`old/page/`),
/// which is `/old/page/`. An address with a scheme or a host is left for the check to refuse.
fn site_path(alias: &str) -> String {
    let has_scheme = alias
        .split_once(':')
        .is_some_and(|(before, _)| !before.contains('/'));
    if alias.is_empty() || alias.starts_with('/') || has_scheme {
        alias.to_string()
    } else {
        format!("/{alias}")
    }
}

#[allow(clippy::too_many_arguments)]
/// The item of a file whose front matter checked out: built-in fields taken out of `values`,
/// the rest kept as its fields.
pub(super) fn build_item(
    relative: &Path,
    source: PathBuf,
    kind: ItemKind,
    mut values: IndexMap<String, FieldValue>,
    schema: &IndexMap<String, FieldSpec>,
    positions: &KeyPositions,
    header: &str,
    parts: Split<'_>,
) -> Option<Item> {
    let take_text = |values: &mut IndexMap<String, FieldValue>, key: &str| match values.shift_remove(key) {
        Some(FieldValue::String(s)) => Some(s),
        _ => None,
    };
    let title = take_text(&mut values, "title").unwrap_or_default();
    let stem = super::names::name_of(relative);
    // A written slug was checked, and kept or slugified as the site asks, by the loader.
    let slug = take_text(&mut values, "slug").unwrap_or_else(|| slugify(stem));
    let summary = take_text(&mut values, "summary");
    let template = take_text(&mut values, "template");
    let date = values.shift_remove("date");
    let updated = values.shift_remove("updated");
    let draft = matches!(values.shift_remove("draft"), Some(FieldValue::Bool(true)));
    let weight = match values.shift_remove("weight") {
        Some(FieldValue::Integer(w)) => w,
        _ => 0,
    };
    let span_of = |key: &str, index: Option<usize>| span_of(positions, key, index);
    // Taken out before the loop below, which reads the other built-in lists as taxonomies.
    let aliases = match values.shift_remove(ALIASES) {
        Some(FieldValue::List(list)) => list
            .iter()
            .enumerate()
            .filter_map(|(i, v)| {
                v.as_str().map(|path| Alias {
                    path: site_path(path.trim()),
                    span: span_of(ALIASES, Some(i)),
                })
            })
            .collect(),
        _ => Vec::new(),
    };
    let (terms, references) = terms_and_references(schema, &mut values, positions);
    let mut item = Item {
        source,
        content_path_apart: None,
        kind,
        lang: "",
        translation_key_apart: None,
        title: title.into(),
        slug: slug.into(),
        date,
        updated,
        draft,
        weight,
        summary: summary.map(String::into_boxed_str),
        rare: None,
        fields: values.into(),
        link_inputs: Some(Box::new(LinkInputs {
            written: Vec::new(),
            references,
            terms,
        })),
        header: header.to_string(),
        body: parts.body.to_string(),
        body_file: None,
        body_line: parts.body_line,
    };
    item.set_paths(slash_path(relative), String::new());
    item.set_rare(template, aliases);
    Some(item)
}

/// Where the value of `key` is written (its element `index`, for a list).
fn span_of(positions: &KeyPositions, key: &str, index: Option<usize>) -> Option<Span> {
    positions
        .get(key)
        .map(|p| match index.and_then(|i| p.elements.get(i)) {
            Some(&(line, column, width)) => Span::new(line, column, width),
            None => Span::new(p.line, p.value_column.max(p.key_column), p.value_width.max(1)),
        })
}

/// An item's terms, by taxonomy (taken out of `values`), and its references as written.
fn terms_and_references(
    schema: &IndexMap<String, FieldSpec>,
    values: &mut IndexMap<String, FieldValue>,
    positions: &KeyPositions,
) -> (Lists<RawTerm>, Vec<RawReference>) {
    let span_of = |key: &str, index: Option<usize>| span_of(positions, key, index);
    let mut terms: Vec<(&str, Vec<RawTerm>)> = Vec::new();
    let mut references = Vec::new();
    for (name, spec) in schema {
        if spec.builtin && matches!(spec.field_type, FieldType::List(_)) {
            if let Some(FieldValue::List(list)) = values.shift_remove(name) {
                let written = list
                    .iter()
                    .enumerate()
                    .filter_map(|(i, v)| {
                        v.as_str().map(|s| RawTerm {
                            name: s.trim().into(),
                            span: span_of(name, Some(i)),
                        })
                    })
                    .filter(|t| !t.name.is_empty())
                    .collect();
                terms.push((name, written));
            }
            continue;
        }
        let Some(collection) = spec.field_type.reference_target() else {
            continue;
        };
        let (field, collection) = (shared(name), shared(collection));
        match values.get(name) {
            Some(FieldValue::Reference(slug)) => references.push(RawReference {
                field,
                collection,
                slug: slug.as_str().into(),
                span: span_of(name, None),
            }),
            Some(FieldValue::List(list)) => {
                for (i, value) in list.iter().enumerate() {
                    if let FieldValue::Reference(slug) = value {
                        references.push(RawReference {
                            field,
                            collection,
                            slug: slug.as_str().into(),
                            span: span_of(name, Some(i)),
                        });
                    }
                }
            }
            _ => {}
        }
    }
    references.shrink_to_fit();
    (terms.into_iter().collect(), references)
}

//! A collection of `site.yaml`: its folder, permalink, schema and order.

use std::path::PathBuf;

use indexmap::IndexMap;

use super::raw::{RawCollection, RawField};
use super::{At, parse_sort, title_case};
use crate::diagnostics::{Diagnostics, closest};
use crate::model::config::{Collection, Taxonomy};
use crate::model::permalink::Permalink;
use crate::model::schema::FieldSpec;

/// A collection; `None` when its permalink is wrong (reported). `collection_names` are
/// every collection's, for references.
pub(super) fn check_collection(
    at: At<'_>,
    name: String,
    raw: RawCollection,
    taxonomies: &IndexMap<String, Taxonomy>,
    collection_names: &[String],
    diagnostics: &mut Diagnostics,
) -> Option<Collection> {
    // `folder: .` is content/ itself: a collection at the site's root, as Zola's root
    // section and Hugo's top-level pages are.
    let folder = match raw.folder.as_deref().map(|f| f.trim_matches('/')) {
        Some("." | "") => PathBuf::new(),
        Some(folder) => PathBuf::from(folder),
        None => PathBuf::from(&name),
    };
    if !crate::model::permalink::is_safe_relative(&folder) {
        diagnostics.push(at.error(
            &["collections", &name, "folder"],
            format!("the folder of collection `{name}` must be a plain path inside content/"),
            "write a relative path without `..`, such as news",
        ));
    }
    let pattern = raw
        .permalink
        .clone()
        .unwrap_or_else(|| format!("/{name}/{{slug}}/"));
    let permalink = at.permalink(
        &["collections", &name, "permalink"],
        &pattern,
        (
            Permalink::has_slug,
            &format!("the permalink of collection `{name}` must hold `{{slug}}`"),
        ),
        "for example /news/{year}/{slug}/",
        diagnostics,
    )?;
    let fields = schema(
        at,
        &name,
        "fields",
        raw.fields,
        taxonomies,
        collection_names,
        diagnostics,
    );
    let intro_fields = schema(
        at,
        &name,
        "intro_fields",
        raw.intro_fields,
        taxonomies,
        collection_names,
        diagnostics,
    );
    let sort = parse_sort(raw.sort.as_deref().unwrap_or("-date"));
    if !fields.contains_key(&sort.field) {
        let hint = match closest(&sort.field, fields.keys().map(String::as_str)) {
            Some(near) => format!("did you mean `{near}`?"),
            None => "sort by title, date, -date, weight, or a field of the schema".into(),
        };
        diagnostics.push(at.error(
            &["collections", &name, "sort"],
            format!(
                "collection `{name}` sorts by `{}`, which is not one of its fields",
                sort.field
            ),
            &hint,
        ));
    }
    let list_url = permalink.prefix_before_placeholders();
    Some(Collection {
        title: raw.title.unwrap_or_else(|| title_case(&name)),
        name,
        folder,
        permalink,
        list_url,
        sort,
        per_page: raw.per_page.unwrap_or(20).max(1),
        feed: raw.feed,
        fields,
        intro_fields,
    })
}

/// A collection's schema under `key` (`fields`, `intro_fields`): the built-in fields,
/// refined by the ones `site.yaml` declares there. A field that cannot be is reported and
/// left out.
fn schema(
    at: At<'_>,
    name: &str,
    key: &str,
    declared: IndexMap<String, RawField>,
    taxonomies: &IndexMap<String, Taxonomy>,
    collection_names: &[String],
    diagnostics: &mut Diagnostics,
) -> IndexMap<String, FieldSpec> {
    let mut fields = crate::model::schema::builtin_fields(taxonomies.keys());
    for (field_name, raw_field) in declared {
        let path = ["collections", name, key, field_name.as_str()];
        match crate::load::schema::field_spec(&raw_field, collection_names) {
            Ok(spec) => {
                if let Some(builtin) = fields.get(&field_name)
                    && !crate::model::schema::refines(&builtin.field_type, &spec.field_type)
                {
                    diagnostics.push(at.error(
                        &path,
                        format!(
                            "`{field_name}` is a built-in field of type {}; it cannot become {}",
                            builtin.field_type, spec.field_type
                        ),
                        "keep the built-in type (you may still make it required or give a default)",
                    ));
                    continue;
                }
                fields.insert(field_name, spec);
            }
            Err(problem) => diagnostics.push(match &problem.declared {
                Some((keys, value)) => at.value_error(&path, (keys, value), problem.message, &problem.hint),
                None => at.error(&path, problem.message, &problem.hint),
            }),
        }
    }
    fields
}

//! `search:` of `site.yaml`: on or off, the filters, the fields results show and each
//! collection's weight, checked against the collections and taxonomies.

use indexmap::IndexMap;

use super::At;
use super::raw::RawSearch;
use crate::diagnostics::{Diagnostics, closest};
use crate::model::config::{Collection, Search, Taxonomy};
use crate::model::schema::FieldType;

/// Filters every index has, whatever `filters:` says.
pub(crate) const BUILT_IN_FILTERS: [&str; 2] = ["collection", "year"];

/// The highest weight Pagefind takes.
pub(crate) const MAX_WEIGHT: f32 = 10.0;

/// The search settings; a name that is no field, taxonomy or collection is reported and
/// left out.
pub(super) fn check_search(
    at: At<'_>,
    raw: Option<RawSearch>,
    collections: &IndexMap<String, Collection>,
    taxonomies: &IndexMap<String, Taxonomy>,
    diagnostics: &mut Diagnostics,
) -> Search {
    let settings = match raw {
        None | Some(RawSearch::On(true)) => None,
        Some(RawSearch::On(false)) => {
            return Search {
                enabled: false,
                ..Search::default()
            };
        }
        Some(RawSearch::Settings(settings)) => Some(settings),
    };
    let fields = || {
        collections
            .values()
            .flat_map(|c| c.fields.iter().filter(|(_, spec)| !spec.builtin))
    };
    let default_filters = || {
        let mut names: Vec<String> = taxonomies.keys().cloned().collect();
        for (name, spec) in fields() {
            if matches!(spec.field_type, FieldType::Enum(_)) && !names.contains(name) {
                names.push(name.clone());
            }
        }
        names
    };
    let default_show = || {
        let mut names: Vec<String> = Vec::new();
        for (name, spec) in fields() {
            if matches!(spec.field_type, FieldType::Enum(_) | FieldType::String) && !names.contains(name) {
                names.push(name.clone());
            }
        }
        names
    };
    let Some(settings) = settings else {
        return Search {
            filters: default_filters(),
            show: default_show(),
            ..Search::default()
        };
    };
    let type_of = |name: &str| {
        fields()
            .find(|(field, _)| *field == name)
            .map(|(_, spec)| &spec.field_type)
    };
    let mut filters = Vec::new();
    for name in settings.filters.unwrap_or_else(default_filters) {
        let usable = taxonomies.contains_key(&name)
            || BUILT_IN_FILTERS.contains(&name.as_str())
            || type_of(&name).is_some_and(filterable);
        if !usable {
            let known: Vec<&str> = taxonomies
                .keys()
                .map(String::as_str)
                .chain(
                    fields()
                        .filter(|(_, spec)| filterable(&spec.field_type))
                        .map(|(n, _)| n.as_str()),
                )
                .collect();
            let message = match type_of(&name) {
                Some(field_type) => {
                    format!("search filter `{name}` is a field of type {field_type}, which cannot filter")
                }
                None => format!("search filter `{name}` is neither a taxonomy nor a field of a collection"),
            };
            diagnostics.push(at.error(&["search", "filters"], message, &names_hint(&name, &known)));
        } else if !BUILT_IN_FILTERS.contains(&name.as_str()) && !filters.contains(&name) {
            filters.push(name);
        }
    }
    let mut show = Vec::new();
    for name in settings.show.unwrap_or_else(default_show) {
        match type_of(&name) {
            Some(field_type) if shown(field_type) => show.push(name),
            found => {
                let known: Vec<&str> = fields()
                    .filter(|(_, spec)| shown(&spec.field_type))
                    .map(|(n, _)| n.as_str())
                    .collect();
                let message = match found {
                    Some(field_type) => format!(
                        "search result field `{name}` is of type {field_type}, which a result cannot show"
                    ),
                    None => format!("search result field `{name}` is not a field of any collection"),
                };
                diagnostics.push(at.error(&["search", "show"], message, &names_hint(&name, &known)));
            }
        }
    }
    let mut weights = IndexMap::new();
    for (collection, weight) in settings.weight {
        if !collections.contains_key(&collection) {
            let known: Vec<&str> = collections.keys().map(String::as_str).collect();
            diagnostics.push(at.error(
                &["search", "weight", &collection],
                format!("search weight for `{collection}`, which is not a collection"),
                &names_hint(&collection, &known),
            ));
        } else if !(weight > 0.0 && weight <= MAX_WEIGHT) {
            diagnostics.push(at.error(
                &["search", "weight", &collection],
                format!("search weight {weight} of `{collection}` is out of range"),
                "a weight is a number above 0 and at most 10; 1 is the default",
            ));
        } else {
            weights.insert(collection, weight);
        }
    }
    Search {
        enabled: true,
        filters,
        show,
        weights,
    }
}

/// A field whose values a search can be narrowed by: short values, or lists of them.
fn filterable(field_type: &FieldType) -> bool {
    match field_type {
        FieldType::String | FieldType::Enum(_) | FieldType::Integer | FieldType::Bool => true,
        FieldType::List(inner) => filterable(inner),
        _ => false,
    }
}

/// A field a result can show on one line.
fn shown(field_type: &FieldType) -> bool {
    matches!(
        field_type,
        FieldType::String | FieldType::Enum(_) | FieldType::Integer | FieldType::Float | FieldType::Bool
    )
}

fn names_hint(name: &str, known: &[&str]) -> String {
    match closest(name, known.iter().copied()) {
        Some(near) => format!("did you mean `{near}`?"),
        None if known.is_empty() => "the site has no field that can be used here".to_string(),
        None => format!("use one of: {}", known.join(", ")),
    }
}

#[cfg(test)]
mod tests {
    use crate::diagnostics::Diagnostics;

    fn check(search: &str) -> (crate::model::config::Search, Diagnostics) {
        let yaml = format!(
            "title: T\nbase_url: https://e.org/\ncollections:\n  news:\n    fields:\n      kind: {{ type: enum, values: [a, b] }}\n      city: {{ type: string }}\n      website: {{ type: url }}\n  people: {{}}\ntaxonomies:\n  tags: {{}}\n{search}"
        );
        let mut diagnostics = Diagnostics::new();
        let raw = serde_yaml::from_str(&yaml).expect("the test's YAML parses");
        let config = super::super::check(raw, &yaml, &mut diagnostics);
        (config.search, diagnostics)
    }

    #[test]
    fn search_is_on_with_taxonomies_and_enums_as_filters_unless_told_otherwise() {
        let (search, diagnostics) = check("");
        assert!(diagnostics.is_empty(), "{diagnostics:?}");
        assert!(search.enabled);
        assert_eq!(search.filters, ["tags", "kind"]);
        assert_eq!(search.show, ["kind", "city"]);
        assert!(!check("search: false\n").0.enabled);
        assert_eq!(check("search: true\n").0.filters, ["tags", "kind"]);
    }

    #[test]
    fn settings_name_fields_and_collections_that_exist() {
        let (search, diagnostics) =
            check("search:\n  filters: [city, year]\n  show: [city]\n  weight: { people: 2 }\n");
        assert!(diagnostics.is_empty(), "{diagnostics:?}");
        assert_eq!(search.filters, ["city"]);
        assert_eq!(search.show, ["city"]);
        assert_eq!(search.weights["people"], 2.0);

        let (search, diagnostics) =
            check("search:\n  filters: [ctiy, website]\n  show: [tags]\n  weight: { peple: 2, news: 11 }\n");
        let messages: Vec<String> = diagnostics
            .iter()
            .map(|d| format!("{} | {}", d.message, d.hint.clone().unwrap_or_default()))
            .collect();
        assert_eq!(messages.len(), 5, "{messages:#?}");
        assert!(messages[0].contains("`ctiy` is neither") && messages[0].contains("did you mean `city`?"));
        assert!(messages[1].contains("`website` is a field of type url"));
        assert!(messages[2].contains("`tags` is not a field"));
        assert!(
            messages[3].contains("`peple`, which is not a collection") && messages[3].contains("`people`")
        );
        assert!(messages[4].contains("weight 11 of `news` is out of range"));
        assert!(search.filters.is_empty() && search.weights.is_empty());
        assert!(
            diagnostics.iter().all(|d| d.line > 0),
            "each problem is at its key"
        );
    }

    #[test]
    fn a_mistyped_setting_is_an_error_at_its_line() {
        let yaml = "title: T\nbase_url: https://e.org/\nsearch:\n  filter: [tags]\n";
        let err = serde_yaml::from_str::<super::super::raw::RawConfig>(yaml).unwrap_err();
        assert!(err.to_string().contains("unknown field `filter`"), "{err}");
        let err = serde_yaml::from_str::<super::super::raw::RawConfig>("title: T\nbase_url: x\nsearch: 3\n")
            .unwrap_err();
        assert!(err.to_string().contains("true, false, or a map"), "{err}");
    }
}

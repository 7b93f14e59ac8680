//! `terms:` of a taxonomy in `site.yaml`: the names of its terms in each language.

use indexmap::IndexMap;

use crate::diagnostics::yaml::locate_key;
use crate::diagnostics::{Diagnostic, Diagnostics, closest};
use crate::model::config::{CONFIG_FILE, Language, TermName, Written};
use crate::model::permalink::slugify;

/// Checks a taxonomy's `terms:`: each language named must be one of the site's, each
/// term must have letters. Problems are errors at their line of `site.yaml`.
pub(super) fn check_term_names(
    taxonomy: &str,
    raw: IndexMap<String, IndexMap<String, String>>,
    languages: &[Language],
    source: &str,
    diagnostics: &mut Diagnostics,
) -> Vec<TermName> {
    let codes = || languages.iter().map(|l| l.code.as_str());
    let mut names = Vec::with_capacity(raw.len());
    for (written, by_lang) in raw {
        let (line, column) = locate_key(source, &["taxonomies", taxonomy, "terms", &written]);
        let mut at = Diagnostic::error(CONFIG_FILE, String::new());
        if line > 0 {
            at = at.at(source, line, column, written.chars().count());
        }
        let written_at = Written {
            line: at.line,
            column: at.column,
            width: at.width,
            source_line: at.source_line.clone(),
        };
        let slug = slugify(&written);
        if slug.is_empty() {
            let mut d = at
                .clone()
                .with_hint("write the term as items do, such as `brain science`");
            d.message = format!("the term `{written}` of `{taxonomy}` has no letters or digits");
            diagnostics.push(d);
            continue;
        }
        for code in by_lang.keys().filter(|code| !codes().any(|c| c == *code)) {
            let hint = match closest(code, codes()) {
                Some(near) => format!(
                    "did you mean `{near}`? The site's languages are {}",
                    codes().collect::<Vec<_>>().join(", ")
                ),
                None => format!(
                    "the site's languages are {}",
                    codes().collect::<Vec<_>>().join(", ")
                ),
            };
            let mut d = at.clone().with_hint(hint);
            d.message = format!(
                "the term `{written}` of `{taxonomy}` is named in `{code}`, which is not a language of the site"
            );
            diagnostics.push(d);
        }
        names.push(TermName {
            written,
            slug,
            names: by_lang,
            at: written_at,
        });
    }
    names
}

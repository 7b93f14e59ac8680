//! A change checked before it is made: the load and link stages, and the Markdown of every
//! item, run over the content as it would be after the change (an overlay of texts on the files on disk), and the errors the
//! change would bring are returned. Nothing is written.
//!
//! `serve`'s editing API calls it before each save or deletion, so an author's save that
//! would break the build is refused with the words `gazette build` would print. The site
//! may already have errors elsewhere; those are not the change's fault and do not refuse it.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use super::BuildOptions;
use super::stages::site_config;
use crate::diagnostics::Diagnostics;
use crate::link::bundles::bundle_files;
use crate::load::content;
use crate::load::static_files::static_files;
use crate::model::config::CONTENT_DIR;
use crate::render::bodies::render_markdown;

/// The errors the change would bring: every error of a changed file, and every error
/// elsewhere that the site does not have now. Each overlay path is relative to `content/`;
/// `None` deletes the file. When `site.yaml` cannot be read, its errors.
pub fn check_change(options: &BuildOptions, overlay: &[(PathBuf, Option<String>)]) -> Diagnostics {
    let config = match site_config(options) {
        Ok(config) => config,
        Err(err) => return only_errors(err.diagnostics().iter().cloned()),
    };
    let after = errors_of(options, config.clone(), overlay);
    // A clean result needs no comparison: the usual save costs one pass over the site.
    if after.is_empty() {
        return after;
    }
    let before = errors_of(options, config, &[]);
    let changed: Vec<PathBuf> = overlay
        .iter()
        .map(|(path, _)| Path::new(CONTENT_DIR).join(path))
        .collect();
    // A multiset of the texts standing now: two identical errors before and three after
    // is one new error.
    let mut standing: HashMap<String, usize> = HashMap::new();
    for diagnostic in before.iter() {
        *standing.entry(diagnostic.to_string()).or_default() += 1;
    }
    let mut new = Diagnostics::new();
    for diagnostic in after.iter() {
        if changed.contains(&diagnostic.file) {
            new.push(diagnostic.clone());
            continue;
        }
        match standing.get_mut(&diagnostic.to_string()) {
            Some(count) if *count > 0 => *count -= 1,
            _ => new.push(diagnostic.clone()),
        }
    }
    new
}

/// The errors of the load and link stages over the content with `overlay` in place, and
/// of its Markdown: a broken `@/` link or `#anchor` is found only when the text renders.
fn errors_of(
    options: &BuildOptions,
    config: crate::model::config::SiteConfig,
    overlay: &[(PathBuf, Option<String>)],
) -> Diagnostics {
    let root = &options.root;
    let (content, mut diagnostics) = content::load_overlaid(root, &config, overlay);
    let mut statics = static_files(root, &config, &mut diagnostics);
    let site = super::link_site(config, content.items, options, &mut diagnostics, &mut |_| {});
    let (bundle_files, _) = bundle_files(root, &site, &content.files);
    statics.extend(bundle_files);
    let _ = render_markdown(&site, &statics, None, None, &mut diagnostics, &|_| None);
    only_errors(diagnostics.iter().cloned())
}

fn only_errors(diagnostics: impl Iterator<Item = crate::diagnostics::Diagnostic>) -> Diagnostics {
    let mut errors = Diagnostics::new();
    errors.extend(diagnostics.filter(|d| d.is_error()));
    errors
}

#[cfg(test)]
mod tests {
    use super::*;

    const SITE: &str = "title: T\nbase_url: https://e.org/\ncollections:\n  institutions:\n    fields:\n      kind: { type: enum, values: [laboratory, university], required: true }\n  news:\n    fields:\n      date: { type: date, required: true }\n      institutions: { type: list, of: { type: reference, collection: institutions } }\n";

    fn site() -> (tempfile::TempDir, BuildOptions) {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::write(root.join("site.yaml"), SITE).unwrap();
        std::fs::create_dir_all(root.join("content/institutions")).unwrap();
        std::fs::create_dir_all(root.join("content/news")).unwrap();
        std::fs::write(
            root.join("content/institutions/lab.md"),
            "---\ntitle: Lab\nkind: laboratory\n---\n",
        )
        .unwrap();
        std::fs::write(
            root.join("content/news/opening.md"),
            "---\ntitle: Opening\ndate: 2023-01-02\ninstitutions: [lab]\n---\n",
        )
        .unwrap();
        let options = BuildOptions {
            root: root.to_path_buf(),
            no_git: true,
            ..BuildOptions::default()
        };
        (dir, options)
    }

    fn news(text: &str) -> Vec<(PathBuf, Option<String>)> {
        vec![(PathBuf::from("news/new.md"), Some(text.to_string()))]
    }

    #[test]
    fn a_valid_change_brings_no_errors_and_writes_nothing() {
        let (dir, options) = site();
        let errors = check_change(
            &options,
            &news("---\ntitle: N\ndate: 2023-02-03\ninstitutions: [lab]\n---\n"),
        );
        assert!(errors.is_empty(), "{:?}", errors);
        assert!(!dir.path().join("content/news/new.md").exists());
    }

    #[test]
    fn an_unknown_reference_is_a_new_error_of_the_saved_file() {
        let (_dir, options) = site();
        let errors = check_change(
            &options,
            &news("---\ntitle: N\ndate: 2023-02-03\ninstitutions: [nowhere]\n---\n"),
        );
        assert_eq!(errors.error_count(), 1);
        let error = errors.iter().next().unwrap();
        assert_eq!(error.file, Path::new("content/news/new.md"));
        assert!(error.message.contains("nowhere"), "{}", error.message);
    }

    #[test]
    fn a_broken_internal_link_in_the_text_is_an_error_of_the_saved_file() {
        let (_dir, options) = site();
        let errors = check_change(
            &options,
            &news("---\ntitle: N\ndate: 2023-02-03\n---\n\nSee [the lab](@/institutions/labb.md).\n"),
        );
        let text = errors
            .iter()
            .map(|d| d.to_string())
            .collect::<Vec<_>>()
            .join("\n");
        assert!(text.contains("@/institutions/labb.md"), "{text}");
        assert!(text.contains("content/news/new.md:6:"), "{text}");
    }

    #[test]
    fn deleting_a_referenced_entry_is_an_error_elsewhere() {
        let (_dir, options) = site();
        let errors = check_change(&options, &[(PathBuf::from("institutions/lab.md"), None)]);
        assert_eq!(errors.error_count(), 1);
        assert_eq!(
            errors.iter().next().unwrap().file,
            Path::new("content/news/opening.md")
        );
    }

    #[test]
    fn errors_the_site_already_has_elsewhere_do_not_count() {
        let (dir, options) = site();
        std::fs::write(
            dir.path().join("content/institutions/broken.md"),
            "---\ntitle: B\nkind: shop\n---\n",
        )
        .unwrap();
        let errors = check_change(&options, &news("---\ntitle: N\ndate: 2023-02-03\n---\n"));
        assert!(errors.is_empty(), "{:?}", errors);
        let errors = check_change(&options, &news("---\ntitle: N\ndate: 3 May\n---\n"));
        assert_eq!(errors.error_count(), 1);
    }
}

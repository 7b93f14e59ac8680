//! `cms:` of `site.yaml`: which editor `/admin/` loads, from where, with which git backend,
//! and where uploaded pictures go.

use super::At;
use super::raw::RawCms;
use crate::diagnostics::Diagnostics;
use crate::model::config::{Cms, CmsApp, STATIC_DIR};

/// Where uploads go when `media_folder` is not set.
pub(crate) const DEFAULT_MEDIA_FOLDER: &str = "static/images/uploads";

/// The editor's settings; `None` when it is off or a setting is wrong (reported).
pub(super) fn check_cms(at: At<'_>, raw: RawCms, diagnostics: &mut Diagnostics) -> Option<Cms> {
    let settings = match raw {
        RawCms::On(false) => return None,
        RawCms::On(true) => Default::default(),
        RawCms::Settings(settings) => settings,
    };
    let app = match settings.app.as_deref() {
        None | Some("decap") => CmsApp::Decap,
        Some("sveltia") => CmsApp::Sveltia,
        Some(other) => {
            diagnostics.push(at.error(
                &["cms", "app"],
                format!("`{other}` is not an editor gazette configures"),
                "write `app: decap` (Decap CMS, the default) or `app: sveltia` (Sveltia CMS)",
            ));
            return None;
        }
    };
    let script = settings
        .script
        .unwrap_or_else(|| app.default_script().to_string());
    let hosted = script.starts_with("https://") || script.starts_with("http://");
    let on_site = script.starts_with('/') && !script.starts_with("//") && !script.contains("..");
    if !(hosted || on_site) {
        diagnostics.push(at.error(
            &["cms", "script"],
            format!("script `{script}` is neither a URL nor a path of the site"),
            "write an https:// URL, or the path of a copy in static/ such as /admin/decap-cms.js",
        ));
        return None;
    }
    let media_folder = settings
        .media_folder
        .unwrap_or_else(|| DEFAULT_MEDIA_FOLDER.to_string());
    let media_folder = media_folder.trim_end_matches('/').to_string();
    let inside_static = media_folder
        .strip_prefix(STATIC_DIR)
        .is_some_and(|rest| rest.is_empty() || rest.starts_with('/'));
    let clean = media_folder
        .split('/')
        .all(|part| !part.is_empty() && part != "." && part != "..");
    if !inside_static || !clean || media_folder.contains('\\') {
        diagnostics.push(at.error(
            &["cms", "media_folder"],
            format!("media_folder `{media_folder}` is not a folder under static/"),
            "write a folder of static/ from the site's root, such as static/images/uploads",
        ));
        return None;
    }
    let backend = settings.backend.unwrap_or_else(default_backend);
    if !backend.contains_key("name") {
        diagnostics.push(at.error(
            &["cms", "backend"],
            "the CMS backend names no `name`".to_string(),
            "write the git host the CMS saves to, such as `backend: { name: github, repo: owner/site }`",
        ));
        return None;
    }
    Some(Cms {
        app,
        script,
        backend,
        media_folder,
    })
}

/// Netlify's Git Gateway, which Decap CMS documents first; any other host is set in
/// `backend:`.
fn default_backend() -> serde_yaml::Mapping {
    let mut backend = serde_yaml::Mapping::new();
    backend.insert("name".into(), "git-gateway".into());
    backend.insert("branch".into(), "main".into());
    backend
}

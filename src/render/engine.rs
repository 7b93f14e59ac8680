//! The Tera environment: templates found, parsed once, with gazette's filters and functions.
//!
//! Templates come from the theme (`themes/<theme>/templates/`) and then the site's own
//! `templates/`, which override the theme's by name. They are parsed once per build (once
//! per `serve` session, again only when a template changes). Functions such as `get_item`
//! need the linked site, which does not exist yet when templates are parsed (Tera checks
//! function names at parse time), so they read it through a shared slot that the build
//! fills before rendering.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, RwLock};

use tera::{Kwargs, State, Tera, Value};
use walkdir::WalkDir;

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::model::permalink::slugify;

use super::i18n::{Strings, date_format};
use super::lookup::Lookup;
use crate::model::config::{TEMPLATES_DIR, THEMES_DIR};

/// Parsed templates plus where each came from.
pub struct Engine {
    /// The Tera instance (shared with `cached_partial`, which renders through it).
    pub tera: Arc<Tera>,
    /// What `cached_partial` rendered during the current render of the site.
    pub partials: Arc<super::partials::PartialCache>,
    /// Template name → file, relative to the site root, for diagnostics.
    pub files: HashMap<String, PathBuf>,
    /// The theme's strings with the site's over them, for `trans`.
    pub strings: Arc<Strings>,
    /// A hash of every template's name and source and of the theme strings: when it
    /// changes, every page may render differently.
    pub fingerprint: u64,
    lookup: Arc<RwLock<Option<Arc<Lookup>>>>,
}

impl Engine {
    /// Finds and parses the theme's and the site's templates.
    pub fn load(root: &Path, theme: &str) -> Result<Engine, Diagnostics> {
        let mut diagnostics = Diagnostics::new();
        let theme_dir = root.join(THEMES_DIR).join(theme);
        if !theme_dir.is_dir() {
            let available = available_themes(root);
            let hint = if available.is_empty() {
                "put a theme in themes/<name>/ (gazette init writes the default theme)".to_string()
            } else {
                format!("themes here: {}", available.join(", "))
            };
            diagnostics.push(
                Diagnostic::error(
                    crate::model::config::CONFIG_FILE,
                    format!("unknown theme `{theme}`: there is no folder themes/{theme}/"),
                )
                .with_hint(hint),
            );
            return Err(diagnostics);
        }
        let mut sources: HashMap<String, (PathBuf, String)> = HashMap::new();
        for dir in [
            Path::new(THEMES_DIR).join(theme).join(TEMPLATES_DIR),
            PathBuf::from(TEMPLATES_DIR),
        ] {
            collect_templates(root, &dir, &mut sources, &mut diagnostics);
        }
        let lookup = Arc::new(RwLock::new(None));
        let mut problems = Vec::new();
        let strings = Arc::new(Strings::load(root, theme, &mut problems));
        diagnostics.extend(problems);
        let mut tera = Tera::new();
        register(&mut tera, &lookup);
        register_trans(&mut tera, &lookup, &strings);
        let this = Arc::new(std::sync::OnceLock::new());
        let partials = Arc::new(super::partials::PartialCache::default());
        super::partials::register(&mut tera, &this, &partials, &lookup);
        let files: HashMap<String, PathBuf> = sources
            .iter()
            .map(|(name, (file, _))| (name.clone(), file.clone()))
            .collect();
        let mut names: Vec<&String> = sources.keys().collect();
        names.sort();
        if let Err(err) = tera.add_raw_templates(
            names
                .iter()
                .map(|name| (name.as_str(), sources[*name].1.as_str())),
        ) {
            match unknown_references(&err, &files, &sources) {
                Some(found) => diagnostics.extend(found),
                None => diagnostics.push(template_diagnostic(&err, &files, &sources, None)),
            }
        }
        if diagnostics.has_errors() {
            return Err(diagnostics);
        }
        let fingerprint = {
            use std::hash::{Hash, Hasher};
            let mut hasher = super::fingerprint::FingerprintHasher::new();
            for name in &names {
                (name, &sources[*name].1).hash(&mut hasher);
            }
            strings.hash_into(&mut hasher);
            hasher.finish()
        };
        let tera = Arc::new(tera);
        this.set(Arc::downgrade(&tera))
            .expect("a new engine fills its own slot once");
        Ok(Engine {
            tera,
            partials,
            files,
            strings,
            fingerprint,
            lookup,
        })
    }

    /// Gives the template functions the site they look things up in.
    pub fn set_lookup(&self, lookup: Arc<Lookup>) {
        // Partials of cards made on demand are known by their item and hold no card: as
        // many as the cards kept, each a card's HTML, take a third of their memory.
        self.partials.set_bound(lookup.cards.capacity());
        *self
            .lookup
            .write()
            .expect("no thread panics while holding the lookup lock") = Some(lookup);
    }

    /// Drops the engine's hold on the site, so the session that owns it may change it in
    /// place; `set_lookup` gives it back before the next render.
    pub fn clear_lookup(&self) {
        *self
            .lookup
            .write()
            .expect("no thread panics while holding the lookup lock") = None;
    }

    /// The first of `names` that exists.
    pub fn pick<'a>(&self, names: &[&'a str]) -> Option<&'a str> {
        names.iter().copied().find(|name| self.files.contains_key(*name))
    }

    /// A render error as a diagnostic, naming the item or page being rendered.
    pub fn render_error(&self, err: &tera::Error, rendering: &str) -> Diagnostic {
        template_diagnostic(err, &self.files, &HashMap::new(), Some(rendering))
    }
}

fn available_themes(root: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(root.join(THEMES_DIR))
        .into_iter()
        .flatten()
        .flatten()
        .filter(|e| e.path().is_dir())
        .filter_map(|e| e.file_name().to_str().map(str::to_string))
        .collect();
    names.sort();
    names
}

fn collect_templates(
    root: &Path,
    dir: &Path,
    sources: &mut HashMap<String, (PathBuf, String)>,
    diagnostics: &mut Diagnostics,
) {
    let full = root.join(dir);
    if !full.is_dir() {
        return;
    }
    for entry in WalkDir::new(&full).sort_by_file_name().into_iter().flatten() {
        if !entry.file_type().is_file()
            || crate::load::content::is_ignored(&entry.file_name().to_string_lossy())
        {
            continue;
        }
        let relative = entry
            .path()
            .strip_prefix(&full)
            .expect("walkdir yields paths under its root");
        let name = relative
            .components()
            .map(|c| c.as_os_str().to_string_lossy())
            .collect::<Vec<_>>()
            .join("/");
        let file = dir.join(relative);
        match std::fs::read_to_string(entry.path()) {
            Ok(text) => {
                sources.insert(name, (file, text));
            }
            Err(err) => diagnostics.push(
                Diagnostic::error(&file, format!("cannot read the template: {err}"))
                    .with_hint("save it as UTF-8 text"),
            ),
        }
    }
}

fn template_diagnostic(
    err: &tera::Error,
    files: &HashMap<String, PathBuf>,
    sources: &HashMap<String, (PathBuf, String)>,
    rendering: Option<&str>,
) -> Diagnostic {
    let suffix = rendering
        .map(|r| format!(" (while rendering {r})"))
        .unwrap_or_default();
    match err.kind() {
        tera::ErrorKind::SyntaxError(report) | tera::ErrorKind::RenderingError(report) => {
            let name = report.filename();
            let file = files.get(name).cloned().unwrap_or_else(|| PathBuf::from(name));
            let kind = if matches!(err.kind(), tera::ErrorKind::SyntaxError(_)) {
                "template syntax error"
            } else {
                "template error"
            };
            let d = Diagnostic::error(&file, format!("{kind}: {}{suffix}", report.message()));
            let span = report.span();
            let width = if span.start_line == span.end_line {
                span.end_col.saturating_sub(span.start_col)
            } else {
                1
            };
            let source = sources
                .get(name)
                .map(|(_, s)| s.clone())
                .or_else(|| std::fs::read_to_string(&file).ok());
            let d = match source {
                Some(source) => d.at(&source, span.start_line, span.start_col + 1, width),
                None => d,
            };
            d.with_hint(if kind == "template error" {
                "guard optional values with `{% if x is defined %}` or `| default(value=...)`"
            } else {
                "check the tag's syntax against the Tera documentation"
            })
        }
        other => Diagnostic::error(
            PathBuf::from(TEMPLATES_DIR),
            format!("template error: {other}{suffix}"),
        )
        .with_hint("check the template names used in `extends` and `include`"),
    }
}

/// Tera checks every template's references (includes, filters, functions, tests, blocks)
/// once all are parsed, and returns what it found as one message of reports it has already
/// formatted (`error: …`, ` --> name:line:column`, the line, the carets). Each report becomes
/// a diagnostic of its own, at its file; None when the message is not made of such reports.
fn unknown_references(
    err: &tera::Error,
    files: &HashMap<String, PathBuf>,
    sources: &HashMap<String, (PathBuf, String)>,
) -> Option<Vec<Diagnostic>> {
    let tera::ErrorKind::Msg(text) = err.kind() else {
        return None;
    };
    let mut found = Vec::new();
    for report in text.split("\n\nerror: ") {
        let mut lines = report.strip_prefix("error: ").unwrap_or(report).lines();
        let message = lines.next()?;
        let (name, line, column) = lines.next()?.trim().strip_prefix("--> ").and_then(|locus| {
            let mut parts = locus.rsplitn(3, ':');
            let column: usize = parts.next()?.parse().ok()?;
            let line: usize = parts.next()?.parse().ok()?;
            Some((parts.next()?, line, column))
        })?;
        let width = lines.nth(2).map_or(1, |underline| underline.matches('^').count());
        let (file, source) = sources.get(name)?;
        let file = files.get(name).unwrap_or(file);
        found.push(
            Diagnostic::error(file, format!("template error: {}", lowercase_first(message)))
                .at(source, line, column, width)
                .with_hint(reference_hint(message)),
        );
    }
    Some(found)
}

fn lowercase_first(message: &str) -> String {
    let mut chars = message.chars();
    chars
        .next()
        .map(|first| first.to_lowercase().chain(chars).collect())
        .unwrap_or_default()
}

fn reference_hint(message: &str) -> &'static str {
    if message.starts_with("Unknown template") {
        "the name is a path under the theme's templates/ folder, such as \"partials/card.html\""
    } else if message.starts_with("Block") {
        "a child template can only fill blocks its parent defines: check the name, or add the block to the parent"
    } else {
        "check the spelling; docs/templates.md lists the functions and filters gazette adds to Tera's"
    }
}

/// The linked site, once the build has filled the slot.
fn linked(slot: &RwLock<Option<Arc<Lookup>>>) -> tera::TeraResult<Arc<Lookup>> {
    slot.read()
        .ok()
        .and_then(|guard| guard.clone())
        .ok_or_else(|| tera::Error::message("the site is not linked yet"))
}

fn register(tera: &mut Tera, slot: &Arc<RwLock<Option<Arc<Lookup>>>>) {
    tera.register_filter("date", date_filter);
    tera.register_filter("slugify", |value: &str, _: Kwargs, _: &State| slugify(value));
    tera.register_filter(
        "json",
        |value: Value, _: Kwargs, _: &State| -> tera::TeraResult<Value> {
            let json = serde_json::to_string(&value).map_err(|e| tera::Error::message(e.to_string()))?;
            // Safe inside <script>: no `</script>` can be formed.
            Ok(Value::safe_string(&json.replace('<', "\\u003c")))
        },
    );
    let with = |slot: &Arc<RwLock<Option<Arc<Lookup>>>>| {
        let slot = Arc::clone(slot);
        move || -> tera::TeraResult<Arc<Lookup>> {
            // The page now depends on more than its context.
            super::fingerprint::note_site_read();
            linked(&slot)
        }
    };
    let lookup = with(slot);
    tera.register_function(
        "get_item",
        move |kwargs: Kwargs, _: &State| -> tera::TeraResult<Value> {
            let collection: &str = kwargs.must_get("collection")?;
            let slug: &str = kwargs.must_get("slug")?;
            let lang: Option<&str> = kwargs.get("lang")?;
            lookup()?.item(collection, slug, lang)
        },
    );
    let lookup = with(slot);
    tera.register_function(
        "get_collection",
        move |kwargs: Kwargs, _: &State| -> tera::TeraResult<Value> {
            let name: &str = kwargs.must_get("name")?;
            let limit: Option<usize> = kwargs.get("limit")?;
            let lang: Option<&str> = kwargs.get("lang")?;
            lookup()?.collection(name, limit, lang)
        },
    );
    let lookup = with(slot);
    tera.register_function(
        "get_terms",
        move |kwargs: Kwargs, _: &State| -> tera::TeraResult<Value> {
            let taxonomy: &str = kwargs.must_get("taxonomy")?;
            let limit: Option<usize> = kwargs.get("limit")?;
            let lang: Option<&str> = kwargs.get("lang")?;
            lookup()?.terms(taxonomy, limit, lang)
        },
    );
    register_images(tera, slot);
    let slot = Arc::clone(slot);
    tera.register_function(
        "url_for",
        move |kwargs: Kwargs, _: &State| -> tera::TeraResult<Value> {
            let path: &str = kwargs.must_get("path")?;
            let lang: Option<&str> = kwargs.get("lang")?;
            // A plain path's URL depends on the configuration only, which every page's
            // fingerprint covers (`manifest::theme_fingerprint`); a content path (`@/…`)
            // reads the site, so the layout's `url_for` does not tie every page to every
            // item.
            if path.starts_with("@/") {
                super::fingerprint::note_site_read();
            }
            let lookup = linked(&slot)?;
            lookup.url_for(path, lang).map(Value::from)
        },
    );
}

/// `image(path=…, alt=…)`: a picture of the site with its copies, as `image` fields give
/// it; `resize_image(path=…, width=…, height=…, op="fit_width", format="auto")`: one copy
/// of it, as Zola's function makes. Both depend on the picture's bytes, which the site's
/// fingerprint covers.
fn register_images(tera: &mut Tera, slot: &Arc<RwLock<Option<Arc<Lookup>>>>) {
    let images = |slot: &Arc<RwLock<Option<Arc<Lookup>>>>| {
        let slot = Arc::clone(slot);
        move || -> tera::TeraResult<Arc<super::images::Images>> {
            super::fingerprint::note_site_read();
            linked(&slot)?
                .images
                .clone()
                .ok_or_else(|| tera::Error::message("pictures are not processed here"))
        }
    };
    let site_path = |path: &str| format!("/{}", path.trim_start_matches('/'));
    let get = images(slot);
    tera.register_function(
        "image",
        move |kwargs: Kwargs, _: &State| -> tera::TeraResult<Value> {
            let path: &str = kwargs.must_get("path")?;
            let alt: Option<&str> = kwargs.get("alt")?;
            let picture = get()?
                .requested_picture(&site_path(path))
                .map_err(|why| tera::Error::message(format!("image(path=\"{path}\"): {why}")))?;
            let words = super::images::Words {
                alt: alt.unwrap_or_default(),
                ..Default::default()
            };
            Ok(picture.value(&words))
        },
    );
    let get = images(slot);
    tera.register_function(
        "resize_image",
        move |kwargs: Kwargs, _: &State| -> tera::TeraResult<Value> {
            let path: &str = kwargs.must_get("path")?;
            let width: Option<u32> = kwargs.get("width")?;
            let height: Option<u32> = kwargs.get("height")?;
            let op: Option<&str> = kwargs.get("op")?;
            let format: Option<&str> = kwargs.get("format")?;
            let quality: Option<u8> = kwargs.get("quality")?;
            let copy = get()?
                .resized(
                    &site_path(path),
                    op.unwrap_or("fit_width"),
                    (width.unwrap_or(0), height.unwrap_or(0)),
                    format.unwrap_or("auto"),
                    quality,
                )
                .map_err(|why| tera::Error::message(format!("resize_image(path=\"{path}\"): {why}")))?;
            Ok(copy.value())
        },
    );
}

/// `trans(key="news")`: the theme string in the page's language (`lang=` for another);
/// `default=` is the default language's text when its file has none.
fn register_trans(tera: &mut Tera, slot: &Arc<RwLock<Option<Arc<Lookup>>>>, strings: &Arc<Strings>) {
    let slot = Arc::clone(slot);
    let strings = Arc::clone(strings);
    tera.register_function(
        "trans",
        move |kwargs: Kwargs, state: &State| -> tera::TeraResult<Value> {
            // Borrowed, not copied: a page calls `trans` a dozen times or more.
            let key: &str = kwargs.must_get("key")?;
            let default: Option<&str> = kwargs.get("default")?;
            let page_lang: Option<Value> = state.get("lang")?;
            let lookup = slot.read().ok();
            let default_lang = lookup
                .as_ref()
                .and_then(|lookup| lookup.as_ref())
                .map_or("en", |l| l.site.config.language.as_str());
            let lang = match kwargs.get::<&str>("lang")? {
                Some(lang) => lang,
                None => page_lang.as_ref().and_then(Value::as_str).unwrap_or(default_lang),
            };
            Ok(Value::from(strings.get_or(key, lang, default_lang, default)))
        },
    );
}

/// `date(format=…)`; with `lang=` and no format, the language's own way (`2023年3月6日`).
fn date_filter(value: &str, kwargs: Kwargs, _: &State) -> tera::TeraResult<String> {
    let lang: Option<&str> = kwargs.get("lang")?;
    let format: &str = kwargs
        .get("format")?
        .unwrap_or_else(|| lang.map_or("%Y-%m-%d", date_format));
    let datetime = value
        .parse::<jiff::civil::DateTime>()
        .or_else(|_| {
            value
                .parse::<jiff::civil::Date>()
                .map(|d| d.to_datetime(jiff::civil::Time::midnight()))
        })
        .map_err(|e| tera::Error::message(format!("`{value}` is not a date: {e}")))?;
    jiff::fmt::strtime::format(format, datetime)
        .map_err(|e| tera::Error::message(format!("bad date format `{format}`: {e}")))
}

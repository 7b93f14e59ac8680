//! Theme strings: the words a theme prints ("News", "Read more", "Founded") in each
//! language, and dates written the way each language writes them.
//!
//! A theme keeps its words in `themes/<theme>/i18n/<lang>.yaml`, one `key: text` a line;
//! a site overrides any of them in `i18n/<lang>.yaml` at its root. Templates ask for them
//! with `trans(key="news")`, in the page's language unless `lang=` says otherwise. A key
//! a language lacks falls back to the default language's text, then to the key itself, and
//! is reported once per key and language as a warning: a half-translated theme still
//! builds, and the author learns which words are missing.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use crate::diagnostics::Diagnostic;
use crate::model::fast_hash::FastMap;

/// The folder of theme strings, in a theme and at the site's root.
pub(crate) const I18N_DIR: &str = "i18n";

/// Every language's strings, and the keys templates asked for and did not find.
#[derive(Debug, Default)]
pub struct Strings {
    by_lang: FastMap<String, FastMap<String, String>>,
    missing: Mutex<BTreeSet<(String, String)>>,
}

impl Strings {
    /// Reads the theme's strings, then the site's over them. Files that are not a map of
    /// texts are reported and skipped.
    pub fn load(root: &Path, theme: &str, diagnostics: &mut Vec<Diagnostic>) -> Strings {
        let mut by_lang: FastMap<String, FastMap<String, String>> = FastMap::default();
        let theme_dir = Path::new(crate::model::config::THEMES_DIR)
            .join(theme)
            .join(I18N_DIR);
        for dir in [theme_dir, PathBuf::from(I18N_DIR)] {
            let Ok(entries) = std::fs::read_dir(root.join(&dir)) else {
                continue;
            };
            let mut files: Vec<PathBuf> = entries.flatten().map(|e| e.path()).collect();
            files.sort();
            for file in files {
                let is_yaml = file.extension().is_some_and(|e| e == "yaml" || e == "yml");
                let Some(lang) = file.file_stem().and_then(|s| s.to_str()) else {
                    continue;
                };
                if !is_yaml {
                    continue;
                }
                let shown = dir.join(file.file_name().unwrap_or_default());
                let text = std::fs::read_to_string(&file).unwrap_or_default();
                match serde_yaml::from_str::<FastMap<String, String>>(&text) {
                    Ok(strings) => by_lang.entry(lang.to_string()).or_default().extend(strings),
                    Err(err) => diagnostics.push(
                        crate::diagnostics::yaml::yaml_error(&shown, &text, &err, 0)
                            .with_hint("write one `key: text` a line, such as `news: News`"),
                    ),
                }
            }
        }
        Strings {
            by_lang,
            missing: Mutex::new(BTreeSet::new()),
        }
    }

    /// The text of `key` in `lang`, else in `default_lang` (noting the miss), else the key.
    pub fn get<'a>(&'a self, key: &'a str, lang: &str, default_lang: &str) -> &'a str {
        self.get_or(key, lang, default_lang, None)
    }

    /// `get` with the default language's text for a key its file lacks: a template's
    /// `trans(key=…, default=…)` names words built from data (`kind_laboratory`), which
    /// the default language shows as they are and other languages translate. A miss in
    /// the default language is then no problem; one in another language still is.
    pub fn get_or<'a>(
        &'a self,
        key: &'a str,
        lang: &str,
        default_lang: &str,
        default: Option<&'a str>,
    ) -> &'a str {
        if let Some(text) = self.by_lang.get(lang).and_then(|s| s.get(key)) {
            return text;
        }
        if (lang != default_lang || default.is_none())
            && let Ok(mut missing) = self.missing.lock()
        {
            missing.insert((lang.to_string(), key.to_string()));
            super::fingerprint::note_warning();
        }
        self.by_lang
            .get(default_lang)
            .and_then(|s| s.get(key))
            .map(String::as_str)
            .or(default)
            .unwrap_or(key)
    }

    /// Feeds every language's strings to `hasher`, in a stable order.
    pub fn hash_into(&self, hasher: &mut impl std::hash::Hasher) {
        use std::hash::Hash;
        let mut langs: Vec<_> = self.by_lang.iter().collect();
        langs.sort_by_key(|(lang, _)| *lang);
        for (lang, strings) in langs {
            let mut entries: Vec<_> = strings.iter().collect();
            entries.sort();
            (lang, entries).hash(hasher);
        }
    }

    /// The text of `key` in `lang` if there is one; a miss is not a problem here (a
    /// collection's title, for one, falls back to `site.yaml`'s).
    pub fn find(&self, key: &str, lang: &str) -> Option<&str> {
        self.by_lang.get(lang)?.get(key).map(String::as_str)
    }

    /// A warning for each key a language lacked since the last call.
    pub fn take_missing(&self) -> Vec<Diagnostic> {
        let missing = match self.missing.lock() {
            Ok(mut missing) => std::mem::take(&mut *missing),
            Err(_) => BTreeSet::new(),
        };
        missing
            .into_iter()
            .map(|(lang, key)| {
                Diagnostic::warning(
                    PathBuf::from(I18N_DIR).join(format!("{lang}.yaml")),
                    format!("no text for `{key}` in `{lang}`"),
                )
                .with_hint(format!(
                    "add `{key}: …` to i18n/{lang}.yaml (or to the theme's i18n/{lang}.yaml)"
                ))
            })
            .collect()
    }
}

/// The date format a language writes dates in when a template names none:
/// `2023年3月6日` in Chinese and Japanese, `6 March 2023` otherwise.
pub(crate) fn date_format(lang: &str) -> &'static str {
    let primary = lang.split('-').next().unwrap_or(lang).to_ascii_lowercase();
    match primary.as_str() {
        "zh" | "ja" => "%Y年%-m月%-d日",
        "ko" => "%Y년 %-m월 %-d일",
        _ => "%-d %B %Y",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn site_strings_override_the_themes_and_misses_are_reported_once() {
        let dir = tempfile::tempdir().unwrap();
        let theme = dir.path().join("themes/t/i18n");
        std::fs::create_dir_all(&theme).unwrap();
        std::fs::write(theme.join("en.yaml"), "news: News\nread_more: Read more\n").unwrap();
        std::fs::write(theme.join("zh-Hans.yaml"), "news: 新闻\n").unwrap();
        std::fs::create_dir_all(dir.path().join("i18n")).unwrap();
        std::fs::write(dir.path().join("i18n/en.yaml"), "news: Newsroom\n").unwrap();
        let mut diagnostics = Vec::new();
        let strings = Strings::load(dir.path(), "t", &mut diagnostics);
        assert!(diagnostics.is_empty());
        assert_eq!(strings.get("news", "en", "en"), "Newsroom");
        assert_eq!(strings.get("news", "zh-Hans", "en"), "新闻");
        assert_eq!(strings.get("read_more", "zh-Hans", "en"), "Read more");
        assert_eq!(strings.get("read_more", "zh-Hans", "en"), "Read more");
        assert_eq!(strings.get("nothing", "en", "en"), "nothing");
        let missing = strings.take_missing();
        let messages: Vec<&str> = missing.iter().map(|d| d.message.as_str()).collect();
        assert_eq!(
            messages,
            [
                "no text for `nothing` in `en`",
                "no text for `read_more` in `zh-Hans`"
            ]
        );
        assert!(strings.take_missing().is_empty());
        // With a default, only another language's miss is reported.
        assert_eq!(strings.get_or("kind_lab", "en", "en", Some("lab")), "lab");
        assert_eq!(strings.get_or("kind_lab", "zh-Hans", "en", Some("lab")), "lab");
        let missing = strings.take_missing();
        assert_eq!(missing.len(), 1);
        assert_eq!(missing[0].message, "no text for `kind_lab` in `zh-Hans`");
    }

    #[test]
    fn dates_per_language() {
        assert_eq!(date_format("zh-Hans"), "%Y年%-m月%-d日");
        assert_eq!(date_format("en"), "%-d %B %Y");
    }
}

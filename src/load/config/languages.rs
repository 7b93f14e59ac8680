//! `languages:` in `site.yaml`: codes, names, prefixes and the default language.

use crate::model::config::Language;

use super::raw::RawLanguage;

/// The languages of `languages:`, checked, or the one language of `language:`.
pub(super) fn check_languages(
    raw: Vec<RawLanguage>,
    language: Option<&str>,
    prefix_default: bool,
    title: &str,
    description: &str,
    report: &mut dyn FnMut(&[&str], String, &str),
) -> Vec<Language> {
    let mut languages: Vec<Language> = Vec::with_capacity(raw.len().max(1));
    if raw.is_empty() {
        let code = language.unwrap_or("en").to_string();
        languages.push(Language {
            name: code.clone(),
            prefix: if prefix_default {
                code.to_lowercase()
            } else {
                String::new()
            },
            code,
            title: title.to_string(),
            description: description.to_string(),
            params: serde_yaml::Mapping::new(),
        });
        return languages;
    }
    if let Some(written) = language
        && written != raw[0].code
    {
        report(
            &["language"],
            format!(
                "`language: {written}` differs from the first of `languages:` (`{}`), the default",
                raw[0].code
            ),
            "remove `language:`; the first of `languages:` is the default language",
        );
    }
    for (i, entry) in raw.into_iter().enumerate() {
        let site = (prefix_default, title, description);
        if let Some(checked) = check_language(entry, i == 0, site, &languages, report) {
            languages.push(checked);
        }
    }
    if languages.is_empty() {
        languages.push(Language {
            code: "en".into(),
            name: "en".into(),
            title: title.to_string(),
            description: description.to_string(),
            prefix: String::new(),
            params: serde_yaml::Mapping::new(),
        });
    }
    languages
}

/// One entry of `languages:`; `None` when it is wrong (reported). `site` is
/// `prefix_default_language`, the site's title and its description.
fn check_language(
    entry: RawLanguage,
    is_default: bool,
    (prefix_default, title, description): (bool, &str, &str),
    languages: &[Language],
    report: &mut dyn FnMut(&[&str], String, &str),
) -> Option<Language> {
    if !is_language_tag(&entry.code) {
        report(
            &["languages", "code"],
            format!("`{}` is not a language tag", entry.code),
            "write a BCP 47 tag such as en, zh-Hans or zh-CN",
        );
        return None;
    }
    let prefix = match entry.prefix {
        Some(prefix) => prefix.trim_matches('/').to_string(),
        None if is_default && !prefix_default => String::new(),
        None => entry.code.to_lowercase(),
    };
    let prefix_ok = crate::model::permalink::check_slug(&prefix).is_ok() && !prefix.contains('/');
    if (!prefix.is_empty() || !is_default || prefix_default) && !prefix_ok {
        report(
            &["languages", "prefix"],
            format!(
                "the prefix `{prefix}` of language `{}` cannot be a URL segment",
                entry.code
            ),
            "write one segment of letters, digits and `-`, such as zh",
        );
        return None;
    }
    if languages
        .iter()
        .any(|l| l.code == entry.code || l.prefix == prefix)
    {
        report(
            &["languages", "code"],
            format!(
                "language `{}` or its prefix `{prefix}` is listed twice",
                entry.code
            ),
            "give each language its own code and prefix",
        );
        return None;
    }
    let params = match entry.params {
        None => serde_yaml::Mapping::new(),
        Some(serde_yaml::Value::Mapping(params)) => params,
        Some(_) => {
            report(
                &["languages", "params"],
                format!("the `params` of language `{}` must be a map", entry.code),
                "write `params: { tagline: … }`, the keys of the site's `params` to replace",
            );
            serde_yaml::Mapping::new()
        }
    };
    Some(Language {
        params,
        name: entry.name.unwrap_or_else(|| entry.code.clone()),
        title: entry.title.unwrap_or_else(|| title.to_string()),
        description: entry.description.unwrap_or_else(|| description.to_string()),
        prefix,
        code: entry.code,
    })
}

/// A BCP 47 tag's shape: subtags of 1–8 ASCII letters or digits joined by `-`, the first
/// of letters (`en`, `zh-Hans`, `zh-Hant-TW`, `sr-Latn`).
pub fn is_language_tag(code: &str) -> bool {
    let mut subtags = code.split('-');
    let first_ok = subtags
        .next()
        .is_some_and(|s| (1..=8).contains(&s.len()) && s.chars().all(|c| c.is_ascii_alphabetic()));
    first_ok && subtags.all(|s| (1..=8).contains(&s.len()) && s.chars().all(|c| c.is_ascii_alphanumeric()))
}

//! Permalinks and slugs: the one place where author input becomes a URL and a file path.
//!
//! Invariant: every output path gazette writes comes from `output_path`, which accepts only
//! plain segments (no `..`, `.`, backslash, NUL, percent sign, or Windows-reserved name), so
//! nothing an author writes can place a file outside the output folder.

use std::path::{Component, Path, PathBuf};

use jiff::civil::Date;

/// A permalink pattern such as `/news/{year}/{slug}/`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Permalink {
    pattern: String,
}

/// Why a permalink pattern is refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("permalink `{pattern}`{problem}")]
pub struct PatternError {
    /// The pattern as written.
    pub pattern: String,
    /// What is wrong with it.
    pub problem: PatternProblem,
}

/// What is wrong with a permalink pattern (the text follows the pattern in the message).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PatternProblem {
    /// It does not start with `/`.
    #[error(" must start with `/`")]
    NotRooted,
    /// A `{…}` that is not `{slug}`, `{year}`, `{month}` or `{day}`.
    #[error(" has an unknown placeholder `{0}`")]
    UnknownPlaceholder(String),
    /// A segment no file system takes.
    #[error(": {0}")]
    Segment(SegmentError),
    /// `//`.
    #[error(" has an empty segment (`//`)")]
    EmptySegment,
}

/// A permalink with a date for an item without one.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("the permalink `{pattern}` needs a date, and the item has none")]
pub struct NoDate {
    /// The pattern.
    pub pattern: String,
}

/// Why a slug an author wrote is refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SlugError {
    /// `/`, `\`, `%` or a control character: what only a path would hold.
    #[error("a slug is one part of a URL and may not hold `{0}`")]
    PathCharacter(String),
    /// `..`.
    #[error("a slug may not hold `..`")]
    DotDot,
    /// Nothing left once slugified.
    #[error("it has no letter or digit")]
    Empty,
    /// A name some file system refuses.
    #[error(transparent)]
    Segment(SegmentError),
}

/// Why a segment of a URL path cannot be a file or folder name.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SegmentError {
    /// `.` or `..`.
    #[error("`{0}` is not allowed in a path")]
    Dots(String),
    /// A character some file system or URL refuses.
    #[error("the character `{0}` is not allowed in a path")]
    Character(String),
    /// `con`, `nul`, `lpt1`…
    #[error("`{0}` is a reserved file name on Windows")]
    Reserved(String),
    /// Windows drops a trailing dot or space.
    #[error("`{0}` ends in a dot or space")]
    TrailingDotOrSpace(String),
}

const PLACEHOLDERS: &[&str] = &["{slug}", "{year}", "{month}", "{day}"];

impl Permalink {
    /// Checks a pattern: root-relative, known placeholders, plain segments.
    pub fn parse(pattern: &str) -> Result<Permalink, PatternError> {
        let pattern_error = |problem| PatternError {
            pattern: pattern.to_string(),
            problem,
        };
        if !pattern.starts_with('/') {
            return Err(pattern_error(PatternProblem::NotRooted));
        }
        let mut rest = pattern.to_string();
        for placeholder in PLACEHOLDERS {
            rest = rest.replace(placeholder, "x");
        }
        if let Some(i) = rest.find(['{', '}']) {
            let end = rest[i..].find('}').map_or(rest.len(), |e| i + e + 1);
            return Err(pattern_error(PatternProblem::UnknownPlaceholder(
                rest[i..end].to_string(),
            )));
        }
        for segment in rest.split('/').filter(|s| !s.is_empty()) {
            check_segment(segment).map_err(|why| pattern_error(PatternProblem::Segment(why)))?;
        }
        if rest.contains("//") {
            return Err(pattern_error(PatternProblem::EmptySegment));
        }
        Ok(Permalink {
            pattern: pattern.to_string(),
        })
    }

    /// The pattern as written.
    pub fn as_str(&self) -> &str {
        &self.pattern
    }

    /// Holds `{slug}`.
    pub fn has_slug(&self) -> bool {
        self.pattern.contains("{slug}")
    }

    /// Holds a date placeholder.
    pub fn has_date(&self) -> bool {
        ["{year}", "{month}", "{day}"]
            .iter()
            .any(|p| self.pattern.contains(p))
    }

    /// The folders the pattern puts between its list page and `{slug}` on `date`
    /// (`/news/{year}/{slug}/` → `["2025"]`): where an item of that date is filed.
    pub fn date_folders(&self, date: Date) -> Vec<String> {
        let after_list = &self.pattern[self.prefix_before_placeholders().len()..];
        after_list
            .split('/')
            .take_while(|segment| !segment.contains("{slug}"))
            .map(|segment| {
                segment
                    .replace("{year}", &format!("{:04}", date.year()))
                    .replace("{month}", &format!("{:02}", date.month()))
                    .replace("{day}", &format!("{:02}", date.day()))
            })
            .filter(|segment| !segment.is_empty() && is_safe_relative(Path::new(segment)))
            .collect()
    }

    /// The pattern up to its first placeholder: the list page of a collection (`/news/`).
    pub fn prefix_before_placeholders(&self) -> String {
        let end = self.pattern.find('{').unwrap_or(self.pattern.len());
        let prefix = &self.pattern[..end];
        let cut = prefix.rfind('/').map_or(0, |i| i + 1);
        prefix[..cut].to_string()
    }

    /// The pattern up to `{slug}`: a taxonomy's index page (`/tags/`).
    pub fn prefix_before_slug(&self) -> String {
        self.prefix_before_placeholders()
    }

    /// The URL path of one item (without the site's base path).
    pub fn expand(&self, slug: &str, date: Option<Date>) -> Result<String, NoDate> {
        let mut url = self.pattern.replace("{slug}", slug);
        if self.has_date() {
            let date = date.ok_or_else(|| NoDate {
                pattern: self.pattern.clone(),
            })?;
            url = url
                .replace("{year}", &format!("{:04}", date.year()))
                .replace("{month}", &format!("{:02}", date.month()))
                .replace("{day}", &format!("{:02}", date.day()));
        }
        Ok(url)
    }
}

/// Turns text into a slug: lowercase, Unicode letters and digits kept, everything else a
/// single `-`. `Jinfeng Laboratory` → `jinfeng-laboratory`, `脑科学` → `脑科学`.
pub fn slugify(text: &str) -> String {
    let mut slug = String::with_capacity(text.len());
    let mut dash = false;
    for c in text.chars() {
        if c.is_alphanumeric() || c == '_' {
            if dash && !slug.is_empty() {
                slug.push('-');
            }
            dash = false;
            slug.extend(c.to_lowercase());
        } else {
            dash = true;
        }
    }
    slug
}

/// The slug an author's `slug:` gives: kept as written (`Rust-1.88.0`, each run of spaces a
/// `-`), or slugified as a file name is when the site asks (`slugify: true`). Characters
/// that only a path would hold (`/`, `\`, `..`, `%`, NUL and other control characters) are
/// refused rather than quietly dropped, so `slug: ../../etc` is an error, not `etc`.
pub fn written_slug(written: &str, slugify_it: bool) -> Result<String, SlugError> {
    if let Some(c) = written
        .chars()
        .find(|c| matches!(c, '/' | '\\' | '%') || c.is_control())
    {
        return Err(SlugError::PathCharacter(shown(c)));
    }
    if written.contains("..") {
        return Err(SlugError::DotDot);
    }
    let slug = if slugify_it {
        slugify(written)
    } else {
        written.split_whitespace().collect::<Vec<_>>().join("-")
    };
    check_slug(&slug)?;
    Ok(slug)
}

/// Checks a slug as `slugify` made it: not empty, and a name every file system accepts.
pub fn check_slug(slug: &str) -> Result<(), SlugError> {
    if slug.is_empty() {
        return Err(SlugError::Empty);
    }
    check_segment(slug).map_err(SlugError::Segment)
}

/// The file an URL path is written to, relative to the output folder. Pretty URLs
/// (`/news/x/`) become `news/x/index.html`; a last segment with an extension is kept.
pub fn output_path(url_path: &str) -> Result<PathBuf, SegmentError> {
    let mut path = PathBuf::new();
    let segments: Vec<&str> = url_path.split('/').filter(|s| !s.is_empty()).collect();
    for segment in &segments {
        check_segment(segment)?;
        path.push(segment);
    }
    let is_file = !url_path.ends_with('/') && segments.last().is_some_and(|s| s.contains('.'));
    if !is_file {
        path.push("index.html");
    }
    Ok(path)
}

/// True when `path` is relative and made of plain segments only.
pub fn is_safe_relative(path: &Path) -> bool {
    path.components().all(|c| match c {
        Component::Normal(segment) => segment.to_str().is_some_and(|s| check_segment(s).is_ok()),
        _ => false,
    })
}

/// Percent-encodes what may not stand in a URL as is (non-ASCII, spaces, quotes, …).
pub fn encode_path(path: &str) -> String {
    let mut encoded = String::with_capacity(path.len());
    for byte in path.bytes() {
        match byte {
            // Unreserved characters, sub-delimiters, and what already structures a URL.
            b'A'..=b'Z'
            | b'a'..=b'z'
            | b'0'..=b'9'
            | b'-'
            | b'_'
            | b'.'
            | b'~'
            | b'/'
            | b'#'
            | b'?'
            | b'='
            | b'&'
            | b'%'
            | b'+'
            | b':'
            | b'@'
            | b'!'
            | b'$'
            | b'\''
            | b'('
            | b')'
            | b'*'
            | b','
            | b';' => {
                encoded.push(byte as char);
            }
            _ => encoded.push_str(&format!("%{byte:02X}")),
        }
    }
    encoded
}

/// Decodes `%XX` sequences; `None` when the result is not UTF-8.
pub fn decode_path(path: &str) -> Option<String> {
    let bytes = path.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && let Some(hex) = path.get(i + 1..i + 3)
            && let Ok(value) = u8::from_str_radix(hex, 16)
        {
            out.push(value);
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8(out).ok()
}

const WINDOWS_RESERVED: &[&str] = &[
    "con", "prn", "aux", "nul", "com1", "com2", "com3", "com4", "com5", "com6", "com7", "com8", "com9",
    "lpt1", "lpt2", "lpt3", "lpt4", "lpt5", "lpt6", "lpt7", "lpt8", "lpt9",
];

fn check_segment(segment: &str) -> Result<(), SegmentError> {
    if segment == "." || segment == ".." {
        return Err(SegmentError::Dots(segment.to_string()));
    }
    if let Some(c) = segment.chars().find(|c| {
        matches!(
            c,
            '\\' | '%' | '\0' | ':' | '?' | '#' | '*' | '<' | '>' | '|' | '"'
        ) || c.is_control()
    }) {
        return Err(SegmentError::Character(shown(c)));
    }
    let stem = segment.split('.').next().unwrap_or(segment).to_ascii_lowercase();
    if WINDOWS_RESERVED.contains(&stem.as_str()) {
        return Err(SegmentError::Reserved(segment.to_string()));
    }
    if segment.ends_with('.') || segment.ends_with(' ') {
        return Err(SegmentError::TrailingDotOrSpace(segment.to_string()));
    }
    Ok(())
}

/// Author text as a message shows it: control characters (NUL, escapes) written out as
/// `\0`, `\u{1b}`, so a diagnostic never sends them to the terminal.
pub fn printable(text: &str) -> String {
    text.chars().map(shown).collect()
}

/// A character as a message shows it: control characters escaped (`\0`), others as they are.
fn shown(c: char) -> String {
    if c.is_control() {
        c.escape_debug().to_string()
    } else {
        c.to_string()
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn an_unknown_placeholder_is_named_whole() {
        let err = Permalink::parse("/news/{bad}/{slug}/").unwrap_err();
        assert_eq!(
            err.to_string(),
            "permalink `/news/{bad}/{slug}/` has an unknown placeholder `{bad}`"
        );
        let err = Permalink::parse("/a}b/{slug}/").unwrap_err();
        assert_eq!(err.problem, PatternProblem::UnknownPlaceholder("}".into()));
        let err = Permalink::parse("/news/{open").unwrap_err();
        assert_eq!(err.problem, PatternProblem::UnknownPlaceholder("{open".into()));
    }

    #[test]
    fn a_pattern_knows_whether_it_holds_a_slug_and_a_date() {
        let plain = Permalink::parse("/about/").unwrap();
        assert!(!plain.has_slug() && !plain.has_date());
        let dated = Permalink::parse("/news/{year}/{slug}/").unwrap();
        assert!(dated.has_slug() && dated.has_date());
    }

    /// A last segment with a dot is a file, unless the path ends in `/`; any other path is a
    /// folder with its `index.html`.
    #[test]
    fn a_url_path_is_a_file_only_with_a_dot_and_no_trailing_slash() {
        assert_eq!(output_path("/atom.xml").unwrap(), PathBuf::from("atom.xml"));
        assert_eq!(
            output_path("/news/x").unwrap(),
            PathBuf::from("news/x/index.html")
        );
        assert_eq!(output_path("/v1.2/").unwrap(), PathBuf::from("v1.2/index.html"));
        assert_eq!(output_path("/").unwrap(), PathBuf::from("index.html"));
    }

    #[test]
    fn only_plain_relative_paths_are_safe() {
        assert!(is_safe_relative(Path::new("news/2023")));
        for unsafe_path in ["../news", "/news", "news/../x", "./news", "news/con", "news/a:b"] {
            assert!(!is_safe_relative(Path::new(unsafe_path)), "{unsafe_path}");
        }
    }

    /// Control characters reach a message escaped, never as they are.
    #[test]
    fn messages_show_control_characters_escaped() {
        assert_eq!(printable("a\0b\u{1b}c"), "a\\0b\\u{1b}c");
        assert_eq!(
            written_slug("a\0b", false).unwrap_err().to_string(),
            "a slug is one part of a URL and may not hold `\\0`"
        );
        assert_eq!(
            written_slug("a/b", false).unwrap_err().to_string(),
            "a slug is one part of a URL and may not hold `/`"
        );
    }

    /// Every character a file system or a URL would take otherwise, in a pattern and in a
    /// URL path alike: each refused on its own, so removing any one from the guard fails.
    #[test]
    fn each_forbidden_character_is_refused_in_patterns_and_paths() {
        for c in [':', '?', '#', '*', '<', '>', '|', '"', '\\', '%', '\0', '\u{1b}'] {
            let pattern = format!("/news/a{c}b/{{slug}}/");
            assert!(Permalink::parse(&pattern).is_err(), "{pattern:?} was accepted");
            let path = format!("/news/a{c}b/");
            assert!(output_path(&path).is_err(), "{path:?} became a file");
            assert!(
                written_slug(&format!("a{c}b"), false).is_err(),
                "{c:?} kept in a slug"
            );
            assert!(
                written_slug(&format!("a{c}b"), true).is_err() || !slugify(&format!("a{c}b")).contains(c)
            );
        }
        for bad in [
            "/news//{slug}/",
            "/news./{slug}/",
            "/news /{slug}/",
            "/../{slug}/",
            "/./{slug}/",
            "/con/{slug}/",
        ] {
            assert!(Permalink::parse(bad).is_err(), "{bad:?} was accepted");
        }
        for bad in ["/news./x/", "/news /x/", "/../x/", "/nul.txt"] {
            assert!(output_path(bad).is_err(), "{bad:?} became a file");
        }
        assert!(Permalink::parse("/news/{year}/{slug}/").is_ok());
        assert_eq!(
            output_path("/news/x/").unwrap(),
            PathBuf::from("news/x/index.html")
        );
    }

    use super::*;

    #[test]
    fn slugs_keep_unicode_letters() {
        assert_eq!(slugify("Jinfeng Laboratory"), "jinfeng-laboratory");
        assert_eq!(slugify("  Brain science & disease! "), "brain-science-disease");
        assert_eq!(slugify("脑科学 研究"), "脑科学-研究");
        assert_eq!(slugify("../../etc/passwd"), "etc-passwd");
    }

    #[test]
    fn written_slugs_are_one_url_segment() {
        assert_eq!(
            written_slug("Jinfeng Laboratory", true).unwrap(),
            "jinfeng-laboratory"
        );
        assert_eq!(written_slug("脑科学", false).unwrap(), "脑科学");
        // Kept as written: capitals and dots stay, spaces become one `-`.
        assert_eq!(written_slug("Rust-1.88.0", false).unwrap(), "Rust-1.88.0");
        assert_eq!(written_slug("Rust-1.88.0", true).unwrap(), "rust-1-88-0");
        assert_eq!(
            written_slug(" Jinfeng  Laboratory ", false).unwrap(),
            "Jinfeng-Laboratory"
        );
        for bad in [
            "../../etc",
            "/etc/passwd",
            "a\\b",
            "a\0b",
            "%2e%2e",
            "...",
            "con",
            "LPT1",
            "a..b",
        ] {
            assert!(written_slug(bad, true).is_err(), "{bad:?}");
            assert!(written_slug(bad, false).is_err(), "{bad:?}");
        }
        assert!(check_slug("").is_err());
    }

    #[test]
    fn expands_dates() {
        let p = Permalink::parse("/news/{year}/{month}/{slug}/").unwrap();
        let date = Date::new(2023, 3, 6).unwrap();
        assert_eq!(p.expand("x", Some(date)).unwrap(), "/news/2023/03/x/");
        assert!(p.expand("x", None).is_err());
        assert_eq!(p.prefix_before_placeholders(), "/news/");
    }

    #[test]
    fn rejects_unsafe_patterns() {
        for bad in [
            "news/{slug}/",
            "/../{slug}/",
            "/a\\b/{slug}/",
            "/{slugg}/",
            "/con/{slug}/",
            "/%2e%2e/{slug}/",
        ] {
            assert!(Permalink::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn output_paths_stay_inside() {
        assert_eq!(
            output_path("/news/x/").unwrap(),
            PathBuf::from("news/x/index.html")
        );
        assert_eq!(output_path("/").unwrap(), PathBuf::from("index.html"));
        assert_eq!(output_path("/404.html").unwrap(), PathBuf::from("404.html"));
        assert!(output_path("/a/../../b/").is_err());
    }

    #[test]
    fn encodes_and_decodes_paths() {
        assert_eq!(encode_path("/tags/脑/"), "/tags/%E8%84%91/");
        assert_eq!(decode_path("/tags/%E8%84%91/").unwrap(), "/tags/脑/");
    }
}

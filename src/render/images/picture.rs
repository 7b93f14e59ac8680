//! A picture as pages show it: its copies, and how a template or Markdown writes them
//! (`<picture>` with a WebP `srcset`, the original's format as the fallback, the size
//! that keeps the layout from shifting).

use tera::Value;

use super::probe::Format;
use crate::render::values::{escape_html, new_map};

/// One file a page can show: a resized copy, or the original itself.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Copy {
    /// The URL path, with the base path.
    pub url: String,
    /// The absolute URL.
    pub permalink: String,
    /// Its size in pixels.
    pub width: u32,
    /// Its height in pixels.
    pub height: u32,
    pub(crate) format: Format,
}

impl Copy {
    /// `{url, permalink, width, height, type}`, for templates.
    pub(crate) fn value(&self) -> Value {
        let mut map = new_map(5);
        map.insert("url".into(), Value::from(self.url.as_str()));
        map.insert("permalink".into(), Value::from(self.permalink.as_str()));
        map.insert("width".into(), Value::from(self.width));
        map.insert("height".into(), Value::from(self.height));
        map.insert("type".into(), Value::from(self.format.mime()));
        Value::from(map)
    }
}

/// A picture with the copies a browser chooses from by screen width.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Picture {
    /// The original file as published (with the base path).
    pub original: String,
    /// In the original's format, narrowest first; the original alone for SVG and GIF.
    pub fallback: Vec<Copy>,
    /// In WebP, narrowest first (none for SVG, GIF and WebP originals).
    pub webp: Vec<Copy>,
}

/// What a picture says beside its pixels.
#[derive(Debug, Clone, Default)]
pub struct Words<'a> {
    /// What it shows, for those who cannot see it.
    pub alt: &'a str,
    /// A line under it.
    pub caption: Option<&'a str>,
    /// Whose it is (`Photo: Li Wei`).
    pub credit: Option<&'a str>,
}

impl Picture {
    /// The copy an `<img src>` names: the widest in the original's format.
    pub fn main(&self) -> &Copy {
        self.fallback.last().expect("a picture has at least one copy")
    }

    fn srcset(copies: &[Copy]) -> String {
        if copies.len() < 2 && copies.first().is_none_or(|c| !c.format.is_resizable()) {
            return String::new();
        }
        copies
            .iter()
            .map(|c| format!("{} {}w", c.url, c.width))
            .collect::<Vec<_>>()
            .join(", ")
    }

    /// The object templates get (see docs/images.md).
    pub fn value(&self, words: &Words<'_>) -> Value {
        let main = self.main();
        let mut map = new_map(12);
        map.insert("url".into(), Value::from(main.url.as_str()));
        map.insert("permalink".into(), Value::from(main.permalink.as_str()));
        map.insert("original".into(), Value::from(self.original.as_str()));
        map.insert("width".into(), Value::from(main.width));
        map.insert("height".into(), Value::from(main.height));
        map.insert("type".into(), Value::from(main.format.mime()));
        map.insert("alt".into(), Value::from(words.alt));
        if let Some(caption) = words.caption {
            map.insert("caption".into(), Value::from(caption));
        }
        if let Some(credit) = words.credit {
            map.insert("credit".into(), Value::from(credit));
        }
        map.insert("srcset".into(), Value::from(Picture::srcset(&self.fallback)));
        map.insert("webp_srcset".into(), Value::from(Picture::srcset(&self.webp)));
        let variants: Vec<Value> = self.fallback.iter().chain(&self.webp).map(Copy::value).collect();
        map.insert("variants".into(), Value::from(variants));
        Value::from(map)
    }

    /// The HTML of the picture in Markdown: `lazy` for every picture after a page's first.
    pub fn html(&self, alt: &str, title: Option<&str>, sizes: &str, lazy: bool) -> String {
        let main = self.main();
        let mut html = String::from("<picture>");
        let webp = Picture::srcset(&self.webp);
        if !webp.is_empty() {
            html.push_str(&format!(
                r#"<source type="image/webp" srcset="{}" sizes="{}">"#,
                escape_html(&webp),
                escape_html(sizes)
            ));
        }
        html.push_str(&format!(r#"<img src="{}""#, escape_html(&main.url)));
        let fallback = Picture::srcset(&self.fallback);
        if !fallback.is_empty() {
            html.push_str(&format!(
                r#" srcset="{}" sizes="{}""#,
                escape_html(&fallback),
                escape_html(sizes)
            ));
        }
        html.push_str(&format!(
            r#" width="{}" height="{}" alt="{}""#,
            main.width,
            main.height,
            escape_html(alt)
        ));
        if let Some(title) = title {
            html.push_str(&title_attribute(title));
        }
        if lazy {
            html.push_str(r#" loading="lazy""#);
        }
        html.push_str(r#" decoding="async"></picture>"#);
        html
    }
}

/// ` title="…"`, as a picture's HTML writes it.
pub(crate) fn title_attribute(title: &str) -> String {
    format!(r#" title="{}""#, escape_html(title))
}

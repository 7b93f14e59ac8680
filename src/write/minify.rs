//! Style sheets published minified: a theme keeps its readable, commented CSS, and a
//! visitor downloads it without the comments and the white space. A sheet lightningcss
//! cannot read is published as written, since a browser may still make sense of what a
//! strict parser refuses, and the theme's own checks (the Nu checker) report it.

use std::path::Path;

use lightningcss::stylesheet::{MinifyOptions, ParserOptions, PrinterOptions, StyleSheet};

/// The bytes of a static file as they are published: a `.css` file minified, any other as
/// it is.
pub(crate) fn published(path: &Path, bytes: Vec<u8>) -> Vec<u8> {
    if path.extension().is_none_or(|e| e != "css") {
        return bytes;
    }
    match std::str::from_utf8(&bytes).ok().and_then(minify) {
        Some(css) => css.into_bytes(),
        None => bytes,
    }
}

fn minify(css: &str) -> Option<String> {
    let mut sheet = StyleSheet::parse(css, ParserOptions::default()).ok()?;
    sheet.minify(MinifyOptions::default()).ok()?;
    let printed = sheet
        .to_css(PrinterOptions {
            minify: true,
            ..PrinterOptions::default()
        })
        .ok()?;
    Some(printed.code)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn css_loses_comments_and_white_space_and_keeps_its_rules() {
        let css = "/* why */\n.card {\n  color: #ff0000;\n}\n@media (scripting: none) {\n  .site-search { display: none; }\n}\n";
        let out = String::from_utf8(published(Path::new("css/site.css"), css.into())).unwrap();
        assert!(!out.contains("why") && !out.contains('\n'), "{out}");
        assert!(out.contains(".card{color:red}"), "{out}");
        assert!(
            out.contains("@media (scripting:none){.site-search{display:none}}"),
            "{out}"
        );
    }

    #[test]
    fn other_files_and_unreadable_css_are_published_as_written() {
        let text = b"body { color: red }".to_vec();
        assert_eq!(published(Path::new("notes.txt"), text.clone()), text);
        let broken = b".a { color: red; ".to_vec();
        let kept = published(Path::new("a.css"), broken.clone());
        assert!(
            kept == broken || String::from_utf8_lossy(&kept).contains(".a"),
            "{kept:?}"
        );
        let not_utf8 = vec![0xff, 0xfe, b'a'];
        assert_eq!(published(Path::new("a.css"), not_utf8.clone()), not_utf8);
    }
}

//! Fenced code blocks highlighted with syntect, as CSS classes rather than inline colours:
//! the theme's style sheet colours them, in light and dark alike, and a page carries no
//! colour of its own.
//!
//! The grammars (Sublime Text's defaults) are loaded once, on the first code block that names
//! a language, so a site without code pays nothing. A block in a language syntect does not
//! know, or too long to be worth colouring, is shown as plain code as before.

use std::sync::OnceLock;

use syntect::html::{ClassStyle, ClassedHTMLGenerator};
use syntect::parsing::SyntaxSet;
use syntect::util::LinesWithEndings;

/// Classes are `hl-` and a scope's part (`hl-keyword hl-control`), so they never meet the
/// theme's own.
const CLASSES: ClassStyle = ClassStyle::SpacedPrefixed { prefix: "hl-" };

/// Longer blocks are not coloured: a generated data dump is not read for its colours, and
/// its highlighting would cost more than the rest of the page.
const MAX_HIGHLIGHTED_BYTES: usize = 128 * 1024;

/// The language a fence names: its info string's first word (`rust,ignore` and
/// `python {linenos=true}` are `rust` and `python`).
pub(super) fn fence_language(info: &str) -> &str {
    info.split([',', ' ', '{', '\t']).next().unwrap_or_default()
}

/// The block as HTML (`<pre><code class="language-x">` and coloured spans), or `None` when
/// it is left plain.
pub(super) fn highlight(language: &str, code: &str) -> Option<String> {
    if language.is_empty() || code.len() > MAX_HIGHLIGHTED_BYTES {
        return None;
    }
    let syntaxes = syntaxes();
    let syntax = syntaxes
        .find_syntax_by_token(language)
        .or_else(|| syntaxes.find_syntax_by_token(&language.to_ascii_lowercase()))?;
    let mut html = ClassedHTMLGenerator::new_with_class_style(syntax, syntaxes, CLASSES);
    for line in LinesWithEndings::from(code) {
        // A grammar's pattern that gives up on a line (too much backtracking) leaves the
        // block plain rather than half coloured.
        html.parse_html_for_line_which_includes_newline(line).ok()?;
    }
    let language = super::links::escape_attribute(language);
    Some(format!(
        "<pre class=\"highlight\"><code class=\"language-{language}\" data-lang=\"{language}\">{}</code></pre>\n",
        html.finalize()
    ))
}

fn syntaxes() -> &'static SyntaxSet {
    static SYNTAXES: OnceLock<SyntaxSet> = OnceLock::new();
    SYNTAXES.get_or_init(SyntaxSet::load_defaults_newlines)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_known_language_is_coloured_with_classes_and_escaped() {
        let html = highlight("rust", "fn main() { let s = \"<b>\"; } // done\n").unwrap();
        assert!(
            html.starts_with("<pre class=\"highlight\"><code class=\"language-rust\""),
            "{html}"
        );
        assert!(
            html.contains("<span class=\"hl-storage hl-type hl-function hl-rust\">fn</span>"),
            "{html}"
        );
        assert!(html.contains("&lt;b&gt;"), "{html}");
        assert!(html.contains("hl-comment"), "{html}");
        assert!(!html.contains("style="), "{html}");
    }

    #[test]
    fn an_unknown_language_or_a_huge_block_stays_plain() {
        assert!(highlight("no-such-language", "x\n").is_none());
        assert!(highlight("", "x\n").is_none());
        assert!(highlight("rust", &"let x = 1;\n".repeat(20_000)).is_none());
        assert_eq!(fence_language("rust,ignore"), "rust");
        assert_eq!(fence_language("python {linenos=true}"), "python");
    }
}

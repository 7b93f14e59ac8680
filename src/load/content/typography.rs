//! Smart punctuation for the plain-text fields shown beside the body (title, summary): the
//! body's Markdown turns `"city's"` into `“city’s”`, `--` into `–` and `...` into `…`, and a
//! heading, a card or a feed entry should not say it differently.

use pulldown_cmark::{Event, Options, Parser};

/// `text` with pulldown-cmark's smart punctuation, the same rules the body is rendered
/// with, and nothing else of Markdown: every other punctuation character is escaped so a
/// title such as `C++ *and* Rust` or `1. Intro` stays as written.
pub(super) fn smarten(text: &str) -> String {
    if !text.contains(['\'', '"', '-', '.']) {
        return text.to_string();
    }
    // A no-break space in front keeps a leading `1.` or `-` from starting a list and counts
    // as white space for the quotes after it, as the start of a line does.
    let mut source = String::with_capacity(text.len() * 2 + 2);
    source.push('\u{a0}');
    for c in text.chars() {
        match c {
            '\n' | '\r' => source.push(' '),
            '\'' | '"' | '-' | '.' => source.push(c),
            c if c.is_ascii_punctuation() => {
                source.push('\\');
                source.push(c);
            }
            c => source.push(c),
        }
    }
    let mut out = String::with_capacity(text.len() + 8);
    for event in Parser::new_ext(&source, Options::ENABLE_SMART_PUNCTUATION) {
        match event {
            Event::Text(t) | Event::Code(t) => out.push_str(&t),
            Event::SoftBreak | Event::HardBreak => out.push(' '),
            _ => {}
        }
    }
    let out = out.strip_prefix('\u{a0}').unwrap_or(&out);
    // Markdown drops white space at the ends; the field keeps what the author wrote.
    let lead = &text[..text.len() - text.trim_start().len()];
    let trail = &text[text.trim_end().len()..];
    format!("{lead}{}{trail}", out.trim())
}

#[cfg(test)]
mod tests {
    use super::smarten;

    #[test]
    fn quotes_dashes_and_ellipses_become_typographic() {
        assert_eq!(smarten("The city's \"new\" lab"), "The city’s “new” lab");
        assert_eq!(smarten("\"Quoted\" first"), "“Quoted” first");
        assert_eq!(smarten("2016--2020: more..."), "2016–2020: more…");
        assert_eq!(smarten("A --- B"), "A — B");
    }

    #[test]
    fn nothing_else_of_markdown_is_read() {
        for plain in [
            "C++ *and* Rust",
            "1. Intro",
            "- not a list",
            "# not a heading",
            "a <b>tag</b> & [link](x)",
            "back\\slash `code`",
            "金凤实验室",
        ] {
            assert_eq!(smarten(plain), plain);
        }
    }
}

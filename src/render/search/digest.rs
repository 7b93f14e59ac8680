//! A record's text as Pagefind's parser reads it from the record's HTML, made without
//! parsing HTML: the words of the title and the body in order, between the markers of their
//! weights and of the headings' anchors, and the text of each anchor.
//!
//! Pagefind's parser (lol_html, matched against a dozen selectors per element) took more
//! CPU than rendering the pages. The bodies gazette renders are plain HTML from
//! pulldown-cmark, which a scan of its tags reads as the parser does. A body with anything
//! the scan does not follow the parser through (an element Pagefind removes or reads as raw
//! text, a `data-pagefind-*` attribute, a tag left open or closed out of order) is left to
//! the parser: [`Digest::push_body`] says so and the record is indexed from its HTML.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::sync::LazyLock;

use regex::Regex;

use crate::render::markdown::toc::ANCHOR_LINK;

/// The parser's marker of a weighted run of words, and of its end.
const WEIGHT: &str = " ___PAGEFIND_WEIGHT___";
const END_WEIGHT: &str = " ___END_PAGEFIND_WEIGHT___ ";
/// A heading's own weight, kept only where no weight is around it (always, in a record).
const AUTO_WEIGHT: &str = " ___PAGEFIND_AUTO_WEIGHT___";

/// Elements whose text ends a sentence: the parser puts a full stop after one whose text
/// ends in a word, so that excerpts read.
const SENTENCE: &[&str] = &[
    "h1", "h2", "h3", "h4", "h5", "h6", "p", "td", "div", "ul", "li", "article", "section",
];
/// Elements whose text belongs to the anchor of the element around them.
const INLINE: &[&str] = &[
    "a", "abbr", "acronym", "b", "bdo", "big", "br", "button", "cite", "code", "dfn", "em", "i", "img",
    "input", "kbd", "label", "map", "object", "output", "q", "samp", "script", "select", "small", "span",
    "strong", "sub", "sup", "textarea", "time", "tt", "var",
];
/// Elements without content or end tag, as the parser's tokenizer knows them.
const VOID: &[&str] = &[
    "area", "base", "basefont", "bgsound", "br", "col", "embed", "hr", "img", "input", "keygen", "link",
    "meta", "param", "source", "track", "wbr",
];
/// Elements the parser leaves out of the index, reads as raw text, or reads as another
/// language (SVG, MathML): a body with one is left to the parser.
const LEFT_TO_THE_PARSER: &[&str] = &[
    "head",
    "style",
    "script",
    "noscript",
    "label",
    "form",
    "svg",
    "footer",
    "nav",
    "iframe",
    "template",
    "textarea",
    "title",
    "xmp",
    "noembed",
    "noframes",
    "plaintext",
    "math",
    "html",
    "body",
];

/// How many anchored elements an element may be inside and still be an anchor itself. An
/// anchor's text is that of the inline elements in it, so ids nested n deep hold n² words:
/// a body of 20,000 nested `<span id>` took 146 s and 9 GiB to index. Headings are never
/// that deep; past it, an element's text still counts, but it starts no anchor.
pub(super) const MAX_NESTED_ANCHORS: usize = 16;

/// The characters after which the parser ends a block with a full stop.
static SENTENCE_CHARS: LazyLock<Regex> =
    LazyLock::new(|| Regex::new("[\\w'\"\\)\\$\\*]").expect("a valid pattern"));

/// A body the scan cannot read as the parser does.
#[derive(Debug, PartialEq, Eq)]
pub(super) struct LeftToTheParser;

/// The text of a record as it is being read: as written (entities not yet decoded, as the
/// parser holds it until the end), with its anchors and its first picture.
#[derive(Debug, Default)]
pub(super) struct Digest {
    text: String,
    anchors: BTreeMap<String, String>,
    anchors_made: usize,
    image: Option<Picture>,
}

/// A record's text as Pagefind indexes it.
#[derive(Debug)]
pub(super) struct Text {
    /// The words and markers, entities decoded.
    pub(super) digest: String,
    /// The text of each anchor as written, by the parser's key (`0:id`).
    pub(super) anchors: BTreeMap<String, String>,
    /// The body's first picture, which a result may show.
    pub(super) picture: Option<Picture>,
}

/// A picture's address and description, as written.
#[derive(Debug, PartialEq, Eq)]
pub(super) struct Picture {
    pub(super) src: String,
    pub(super) alt: Option<String>,
}

/// An element open in the body being scanned.
struct Open<'a> {
    /// Its name in lower case (as written, unless written otherwise).
    name: Cow<'a, str>,
    /// Where its text starts in `Digest::text`.
    start: usize,
    /// Left out of the index with everything in it (the heading's `#` link).
    excluded: bool,
    /// The anchors its text belongs to.
    anchors: Vec<String>,
}

impl Digest {
    /// Opens a block of `weight` (a heading's own when `None`): its markers, then its
    /// text. Returns where the text starts, for [`Digest::close_block`].
    pub(super) fn open_block(&mut self, weight: Option<&str>) -> usize {
        if let Some(weight) = weight {
            self.text.push_str(WEIGHT);
            self.text.push_str(weight);
        }
        self.text.push_str("  ");
        self.text.len()
    }

    /// Closes the block whose text starts at `start`, as the parser closes a sentence
    /// element: a full stop after a last word, then the end of its weight if it had one.
    pub(super) fn close_block(&mut self, start: usize, weighted: bool) {
        if self.text[start..]
            .chars()
            .next_back()
            .is_some_and(|c| SENTENCE_CHARS.is_match(c.encode_utf8(&mut [0; 4])))
        {
            self.text.push('.');
        }
        self.text.push(' ');
        if weighted {
            self.text.push_str(END_WEIGHT);
        }
    }

    /// Text as written in HTML (escaped).
    pub(super) fn push_text(&mut self, text: &str) {
        self.text.push_str(text);
    }

    /// Reads the rendered body `html` into the digest, or says it must be left to the
    /// parser (the digest is then of no use).
    pub(super) fn push_body(&mut self, html: &str) -> Result<(), LeftToTheParser> {
        if html.contains("data-pagefind") {
            return Err(LeftToTheParser);
        }
        let mut open: Vec<Open> = Vec::new();
        let mut rest = html;
        while !rest.is_empty() {
            let Some(at) = rest.find('<') else {
                self.text_of(&open, rest);
                break;
            };
            let (text, from) = rest.split_at(at);
            self.text_of(&open, text);
            let after = &from[1..];
            if let Some(comment) = after.strip_prefix("!--") {
                let end = comment.find("-->").ok_or(LeftToTheParser)?;
                rest = &comment[end + 3..];
            } else if let Some(end_tag) = after.strip_prefix('/') {
                if !end_tag.starts_with(|c: char| c.is_ascii_alphabetic()) {
                    return Err(LeftToTheParser);
                }
                let close = end_tag.find('>').ok_or(LeftToTheParser)?;
                let name = end_tag[..close].trim_end();
                let element = open.pop().ok_or(LeftToTheParser)?;
                if !element.name.eq_ignore_ascii_case(name) {
                    return Err(LeftToTheParser);
                }
                self.close(element);
                rest = &end_tag[close + 1..];
            } else if after.starts_with(|c: char| c.is_ascii_alphabetic()) {
                let tag = Tag::read(after).ok_or(LeftToTheParser)?;
                rest = &after[tag.len..];
                // The `#` link gazette puts after a heading's text (`ANCHOR_LINK`): not text
                // to find, neither in the page nor in its heading's anchor.
                let heading_link = text.ends_with(' ') && after.starts_with(&ANCHOR_LINK[2..]);
                self.open(&mut open, tag, heading_link)?;
            } else if after.starts_with(['!', '?']) {
                return Err(LeftToTheParser);
            } else {
                // A `<` that starts no tag is text.
                self.text_of(&open, "<");
                rest = after;
            }
        }
        match open.is_empty() {
            true => Ok(()),
            false => Err(LeftToTheParser),
        }
    }

    fn text_of(&mut self, open: &[Open], text: &str) {
        let Some(current) = open.last() else {
            self.text.push_str(text);
            return;
        };
        if current.excluded {
            return;
        }
        self.text.push_str(text);
        for anchor in &current.anchors {
            if let Some(anchor_text) = self.anchors.get_mut(anchor) {
                anchor_text.push_str(text);
            }
        }
    }

    fn open<'a>(
        &mut self,
        open: &mut Vec<Open<'a>>,
        tag: Tag<'a>,
        excluded: bool,
    ) -> Result<(), LeftToTheParser> {
        let name = tag.name;
        if LEFT_TO_THE_PARSER.iter().any(|n| name.eq_ignore_ascii_case(n)) {
            return Err(LeftToTheParser);
        }
        // Once per element of every page: HTML from Markdown is lower case already.
        let lower = match name.bytes().any(|b| b.is_ascii_uppercase()) {
            true => Cow::Owned(name.to_ascii_lowercase()),
            false => Cow::Borrowed(name),
        };
        let void = VOID.contains(&&*lower);
        if tag.self_closing && !void {
            return Err(LeftToTheParser);
        }
        let parent = open.last();
        let in_excluded = parent.is_some_and(|p| p.excluded);
        if in_excluded {
            if !void {
                open.push(Open {
                    name: lower,
                    start: 0,
                    excluded: true,
                    anchors: Vec::new(),
                });
            }
            return Ok(());
        }
        let mut anchors = match parent {
            Some(p) if INLINE.contains(&&*lower) => p.anchors.clone(),
            _ => Vec::new(),
        };
        if !excluded
            && anchors.len() < MAX_NESTED_ANCHORS
            && let Some(id) = tag.attribute("id")
        {
            let id: String = id.chars().filter(|c| !c.is_whitespace()).collect();
            let key = format!("{}:{id}", self.anchors_made);
            self.anchors_made += 1;
            self.text.push_str(" ___PAGEFIND_ANCHOR___");
            self.text.push_str(&lower);
            self.text.push(':');
            self.text.push_str(&key);
            self.text.push(' ');
            self.anchors.insert(key.clone(), String::new());
            anchors.push(key);
        }
        if lower == "br" {
            self.text.push(' ');
        }
        if void {
            if lower == "img"
                && self.image.is_none()
                && let Some(src) = tag.attribute("src")
            {
                self.image = Some(Picture {
                    src: src.to_string(),
                    alt: tag.attribute("alt").map(str::to_string),
                });
            }
            return Ok(());
        }
        let start = match (SENTENCE.contains(&&*lower), heading_weight(&lower)) {
            (true, Some(weight)) => {
                self.text.push_str(AUTO_WEIGHT);
                self.text.push_str(weight);
                self.open_block(None)
            }
            (true, None) => self.open_block(None),
            (false, _) => self.text.len(),
        };
        open.push(Open {
            name: lower,
            start,
            excluded,
            anchors,
        });
        Ok(())
    }

    fn close(&mut self, element: Open) {
        // Nothing of an excluded element was written.
        if element.excluded {
            return;
        }
        if SENTENCE.contains(&&*element.name) {
            self.close_block(element.start, heading_weight(&element.name).is_some());
        }
    }

    /// The text, its entities decoded.
    pub(super) fn finish(self) -> Text {
        Text {
            digest: html_escape::decode_html_entities(&self.text).into_owned(),
            anchors: self.anchors,
            picture: self.image,
        }
    }
}

/// The weight the parser gives a heading of its own.
fn heading_weight(name: &str) -> Option<&'static str> {
    Some(match name {
        "h1" => "7",
        "h2" => "6",
        "h3" => "5",
        "h4" => "4",
        "h5" => "3",
        "h6" => "2",
        _ => return None,
    })
}

/// A start tag: `<name attributes…>` or `<name …/>`.
struct Tag<'a> {
    name: &'a str,
    /// Its attributes as written, between the name and the `>`.
    attributes: &'a str,
    self_closing: bool,
    /// Its length from after the `<` to after the `>`.
    len: usize,
}

impl<'a> Tag<'a> {
    /// The tag starting at `after` (just after its `<`), unless it never ends.
    fn read(after: &'a str) -> Option<Tag<'a>> {
        let name_end = after
            .find(|c: char| c.is_ascii_whitespace() || c == '/' || c == '>')
            .unwrap_or(after.len());
        let mut quote = None;
        for (i, c) in after[name_end..].char_indices() {
            match (quote, c) {
                (Some(q), c) if c == q => quote = None,
                (Some(_), _) => {}
                (None, '"' | '\'') => quote = Some(c),
                (None, '>') => {
                    let inside = &after[name_end..name_end + i];
                    let self_closing = inside.ends_with('/');
                    return Some(Tag {
                        name: &after[..name_end],
                        attributes: inside.trim_end_matches('/'),
                        self_closing,
                        len: name_end + i + 1,
                    });
                }
                (None, _) => {}
            }
        }
        None
    }

    /// The value of attribute `wanted`, as written (entities not decoded, as the parser
    /// reads it): the first of that name, `""` for one without a value.
    fn attribute(&self, wanted: &str) -> Option<&'a str> {
        let mut rest = self.attributes;
        loop {
            rest = rest.trim_start_matches(|c: char| c.is_ascii_whitespace() || c == '/');
            if rest.is_empty() {
                return None;
            }
            let name_end = rest
                .find(|c: char| c.is_ascii_whitespace() || c == '=' || c == '/')
                .unwrap_or(rest.len());
            let name = &rest[..name_end];
            rest = rest[name_end..].trim_start_matches(|c: char| c.is_ascii_whitespace());
            let value = match rest.strip_prefix('=') {
                Some(after) => {
                    let after = after.trim_start_matches(|c: char| c.is_ascii_whitespace());
                    let (value, next) = match after.chars().next() {
                        Some(q @ ('"' | '\'')) => {
                            let end = after[1..].find(q).map_or(after.len(), |e| e + 1);
                            (&after[1..end], after.get(end + 1..).unwrap_or(""))
                        }
                        _ => {
                            let end = after
                                .find(|c: char| c.is_ascii_whitespace())
                                .unwrap_or(after.len());
                            (&after[..end], &after[end..])
                        }
                    };
                    rest = next;
                    value
                }
                None => "",
            };
            if name.eq_ignore_ascii_case(wanted) {
                return Some(value);
            }
        }
    }
}

/// Whitespace as the parser leaves it in a title, a filter or a field: trimmed, a run of
/// it (or a line break) made one space.
pub(super) fn normalize_space(text: &str) -> String {
    let text = text.trim();
    let mut out = String::with_capacity(text.len());
    let mut run = String::new();
    let flush = |run: &mut String, out: &mut String| {
        match run.chars().count() {
            0 => {}
            1 if run != "\n" => out.push_str(run),
            _ => out.push(' '),
        }
        run.clear();
    };
    for c in text.chars() {
        if c.is_whitespace() {
            run.push(c);
        } else {
            flush(&mut run, &mut out);
            out.push(c);
        }
    }
    flush(&mut run, &mut out);
    out
}

#[cfg(test)]
pub(super) mod tests {
    use super::*;

    fn body(html: &str) -> Result<(String, BTreeMap<String, String>), LeftToTheParser> {
        let mut digest = Digest::default();
        digest.push_body(html)?;
        let text = digest.finish();
        let words = text.digest.split_whitespace().collect::<Vec<_>>().join(" ");
        Ok((words, text.anchors))
    }

    #[test]
    fn blocks_end_in_a_full_stop_after_a_word() {
        let (text, _) = body("<p>One <em>two</em></p>\n<ul><li>Three.</li><li>four</li></ul>").unwrap();
        assert_eq!(text, "One two. Three. four.");
    }

    #[test]
    fn headings_have_weights_and_anchors_without_their_link() {
        // The space before the link ends the heading's text: no full stop after it.
        let html = "<h2 id=\"the-team\">The <em>team</em> <a class=\"anchor\" href=\"#the-team\"><span>#</span></a></h2><p>R&amp;D</p>";
        let (text, anchors) = body(html).unwrap();
        assert_eq!(
            text,
            "___PAGEFIND_ANCHOR___h2:0:the-team ___PAGEFIND_AUTO_WEIGHT___6 The team ___END_PAGEFIND_WEIGHT___ R&D."
        );
        assert_eq!(anchors.get("0:the-team").map(|t| t.trim()), Some("The team"));
    }

    #[test]
    fn the_first_picture_is_kept() {
        let mut digest = Digest::default();
        digest
            .push_body("<p><img src=\"/a.png\" alt=\"A &amp; B\"><img src=\"/b.png\"></p>")
            .unwrap();
        let picture = Picture {
            src: "/a.png".into(),
            alt: Some("A &amp; B".into()),
        };
        assert_eq!(digest.finish().picture, Some(picture));
    }

    #[test]
    fn what_the_scan_does_not_follow_is_left_to_the_parser() {
        for html in [
            "<p>open",
            "<p><em>crossed</p></em>",
            "<script>let a = '<p>';</script>",
            "<div data-pagefind-ignore>x</div>",
            "<div/>",
            "<![CDATA[x]]>",
            "<!-- never closed",
            "<svg><path d=\"M0\"/></svg>",
            "</p>",
        ] {
            assert_eq!(body(html).err(), Some(LeftToTheParser), "{html}");
        }
    }

    /// A paragraph of `depth` spans with ids, each inside the one before.
    pub(in crate::render::search) fn nested_spans(depth: usize) -> String {
        let mut html = String::from("<p>");
        for i in 0..depth {
            html.push_str(&format!("<span id=\"a{i}\">w{i} "));
        }
        html.push_str(&"</span>".repeat(depth));
        html.push_str("</p>");
        html
    }

    #[test]
    fn anchors_nested_deep_hold_bounded_text() {
        let html = nested_spans(2_000);
        let (_, anchors) = body(&html).unwrap();
        assert_eq!(anchors.len(), MAX_NESTED_ANCHORS);
        let held: usize = anchors.values().map(String::len).sum();
        assert!(held <= MAX_NESTED_ANCHORS * html.len(), "{held} bytes");
    }

    proptest::proptest! {
        #[test]
        fn scanning_any_body_never_panics(html in "(<[/!a-z]{0,3}[ a-z=\"'/]{0,6}>?|[a-z &;#<>]{0,4}){0,40}") {
            let _ = body(&html);
        }
    }

    #[test]
    fn comments_and_lone_brackets() {
        let (text, _) = body("<p>a <!-- b --> 1 < 2</p>").unwrap();
        assert_eq!(text, "a 1 < 2.");
    }

    #[test]
    fn whitespace_is_normalized_as_the_parser_does() {
        assert_eq!(normalize_space("  a \n b\tc\nd  "), "a b\tc d");
    }
}

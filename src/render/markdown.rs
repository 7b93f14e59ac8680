//! Markdown → HTML with pulldown-cmark, once per item.
//!
//! Besides the HTML this pass gives each heading a unique id (Unicode letters kept, so a
//! Chinese heading gets a Chinese id) and an anchor link, builds the table of contents,
//! takes the summary (`<!-- more -->`, else the first paragraph), counts words, and rewrites
//! links: `@/news/x.md#h` becomes the target's URL, and root-relative links get the site's
//! base path. Links it cannot resolve come back as `LinkProblem`s with their byte offsets;
//! `#anchor`s into other items come back as `AnchorCheck`s, checked once every item's ids
//! are known.

use std::collections::HashMap;

use pulldown_cmark::{CowStr, Event, HeadingLevel, LinkType, Options, Parser, Tag, TagEnd, html};

use crate::model::config::MarkdownOptions;
use crate::model::fast_hash::{FastMap, FastSet};
use crate::model::permalink::{decode_path, encode_path, slugify};
use crate::model::site::HeldBack;
use crate::model::site::ItemId;

/// The marker that ends a summary.
pub const MORE_MARKER: &str = "<!-- more -->";

/// An entry of the table of contents.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct TocEntry {
    /// 1 to 6.
    pub level: u8,
    /// The heading's id.
    pub id: String,
    /// The heading's text.
    pub title: String,
    /// Entries of deeper levels that follow it.
    pub children: Vec<TocEntry>,
}

/// What rendering one body gives.
#[derive(Debug, Clone, Default)]
pub struct Rendered {
    /// The body as HTML.
    pub html: String,
    /// The summary as HTML (empty when the body has no paragraph).
    pub summary: String,
    /// Nested table of contents.
    pub toc: Vec<TocEntry>,
    /// Words in the body; each CJK character counts as one.
    pub word_count: usize,
    /// Ids of the headings (and of `{#id}` attributes).
    pub anchors: FastSet<String>,
    /// Links that could not be resolved.
    pub problems: Vec<LinkProblem>,
    /// Anchors into other items, to check once all are rendered.
    pub anchor_checks: Vec<AnchorCheck>,
}

/// An unresolvable link.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LinkProblem {
    /// Byte offset of the link target in the body.
    pub offset: usize,
    /// Its length in bytes.
    pub len: usize,
    /// What is wrong.
    pub message: String,
    /// What to do.
    pub hint: String,
    /// A warning (the link is left out), not an error.
    pub warning: bool,
}

/// `#anchor` in a link to `target`: does that item have the id?
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AnchorCheck {
    /// The item linked to.
    pub target: ItemId,
    /// The id after `#`.
    pub anchor: String,
    /// Byte offset of the link target in the body.
    pub offset: usize,
    /// Its length in bytes.
    pub len: usize,
}

/// What links may point at.
pub struct Links<'a> {
    /// The site's base path (`""` or `/portal`).
    pub base_path: &'a str,
    /// `news/2023/x.md` → item.
    pub by_content_path: &'a HashMap<String, ItemId>,
    /// URL path → item.
    pub by_url: &'a FastMap<String, ItemId>,
    /// Every URL path the site produces: pages and static files.
    pub known_urls: &'a FastSet<String>,
    /// URL path of each item.
    pub urls: &'a [String],
    /// Items held back from this build (drafts, future dates), by content path.
    pub held_back: &'a HashMap<String, HeldBack>,
}

/// What becomes of a link's target.
enum Target {
    /// Kept as written.
    Keep,
    /// Rewritten to this URL.
    Rewrite(String),
    /// Not linked at all: its text stays, without the link (a target held back).
    Unlink,
}

/// Renders one body. `me` is the item being rendered, for `#anchor` links to itself.
pub fn render(body: &str, options: &MarkdownOptions, links: &Links<'_>, me: Option<ItemId>) -> Rendered {
    let mut rendered = Rendered::default();
    let mut flags = Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES;
    if options.smart_punctuation {
        flags |= Options::ENABLE_SMART_PUNCTUATION;
    }
    // About one event per 20 bytes of Markdown: growing the list from empty cost 1 % of a
    // build.
    let mut events: Vec<Event<'_>> = Vec::with_capacity(body.len() / 20);
    let mut headings: Vec<(usize, u8, String)> = Vec::new(); // (event index, level, text)
    let mut heading_text: Option<String> = None;
    let mut more_at: Option<usize> = None;
    // Inside a link left out (links do not nest): its end is left out too.
    let mut unlinked = false;
    for (event, range) in Parser::new_ext(body, flags).into_offset_iter() {
        let event = match event {
            Event::Start(Tag::Heading { .. }) => {
                heading_text = Some(String::new());
                event
            }
            Event::End(TagEnd::Heading(level)) => {
                let text = heading_text.take().unwrap_or_default();
                let start = events
                    .iter()
                    .rposition(|e| matches!(e, Event::Start(Tag::Heading { .. })))
                    .expect("a heading ends after it starts");
                headings.push((start, heading_number(level), text));
                event
            }
            Event::Text(ref text) | Event::Code(ref text) => {
                rendered.word_count += count_words(text);
                if let Some(heading) = heading_text.as_mut() {
                    heading.push_str(text);
                }
                event
            }
            Event::Html(ref html) | Event::InlineHtml(ref html) if html.trim() == MORE_MARKER => {
                more_at.get_or_insert(events.len());
                event
            }
            Event::Html(html) | Event::InlineHtml(html) if !options.raw_html => Event::Text(html),
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                let dest_url = match rewrite_link(&dest_url, body, range.clone(), links, me, &mut rendered) {
                    Target::Keep => dest_url,
                    Target::Rewrite(url) => CowStr::from(url),
                    Target::Unlink => {
                        unlinked = true;
                        continue;
                    }
                };
                Event::Start(Tag::Link {
                    link_type,
                    dest_url,
                    title,
                    id,
                })
            }
            Event::Start(Tag::Image {
                link_type,
                dest_url,
                title,
                id,
            }) if link_type != LinkType::Email => {
                let dest_url = match rewrite_link(&dest_url, body, range.clone(), links, me, &mut rendered) {
                    Target::Rewrite(url) => CowStr::from(url),
                    // An image has no text to fall back to: it keeps its (broken) source.
                    Target::Keep | Target::Unlink => dest_url,
                };
                Event::Start(Tag::Image {
                    link_type,
                    dest_url,
                    title,
                    id,
                })
            }
            Event::End(TagEnd::Link) if unlinked => {
                unlinked = false;
                continue;
            }
            other => other,
        };
        events.push(event);
    }
    add_heading_ids(&mut events, &headings, &mut rendered);
    let summary_events: &[Event<'_>] = match more_at {
        Some(end) => &events[..end],
        None => first_paragraph(&events),
    };
    html::push_html(&mut rendered.summary, summary_events.iter().cloned());
    rendered.html.reserve(body.len() + body.len() / 4);
    html::push_html(&mut rendered.html, events.into_iter());
    // Kept for the whole build: no slack.
    rendered.html.shrink_to_fit();
    rendered.summary.shrink_to_fit();
    rendered
}

/// Words in `text`: whitespace-separated runs, and each CJK character on its own.
pub fn count_words(text: &str) -> usize {
    if text.is_ascii() {
        return count_ascii_words(text.as_bytes());
    }
    let bytes = text.as_bytes();
    let mut count = 0;
    let mut in_word = false;
    let mut i = 0;
    while i < bytes.len() {
        let byte = bytes[i];
        // ASCII first: most text is, and a byte test is far cheaper than char decoding.
        if byte.is_ascii() {
            if byte.is_ascii_alphanumeric() {
                count += usize::from(!in_word);
                in_word = true;
            } else if byte.is_ascii_whitespace() {
                in_word = false;
            }
            i += 1;
            continue;
        }
        let c = text[i..]
            .chars()
            .next()
            .expect("i is always at a character boundary");
        if is_cjk(c) {
            count += 1;
            in_word = false;
        } else if c.is_alphanumeric() {
            count += usize::from(!in_word);
            in_word = true;
        } else if c.is_whitespace() {
            in_word = false;
        }
        i += c.len_utf8();
    }
    count
}

/// `count_words` of ASCII text, eight bytes at a time (byte by byte, counting words was 4 %
/// of a build's instructions). In each eight, the top bit of a byte is set in `alnum` if
/// it is a letter or digit and in `space` if whitespace. A word is counted where the first
/// of either after whitespace (or the start) is a letter or digit: adding a bit just past
/// each whitespace to the bits of every other byte carries it up to that first one.
fn count_ascii_words(bytes: &[u8]) -> usize {
    let mut count = 0;
    // Whether a run started in the bytes before whose first letter is yet to come.
    let mut pending = 1u64;
    let mut eight = |word: u64| {
        let lower = word | (ONES * 0x20);
        let alnum = in_range(word, b'0', b'9') | in_range(lower, b'a', b'z');
        let space = (in_range(word, b'\t', b'\r') & !in_range(word, 0x0b, 0x0b)) | in_range(word, b' ', b' ');
        let starts = (space << 8) | (pending << 7);
        let (firsts, over) = (!(alnum | space)).overflowing_add(starts);
        count += (firsts & alnum).count_ones() as usize;
        pending = u64::from(over) | (space >> 63);
    };
    let mut chunks = bytes.chunks_exact(8);
    for chunk in &mut chunks {
        eight(u64::from_le_bytes(chunk.try_into().expect("chunks of eight")));
    }
    let mut rest = [0u8; 8];
    rest[..chunks.remainder().len()].copy_from_slice(chunks.remainder());
    eight(u64::from_le_bytes(rest));
    count
}

const ONES: u64 = 0x0101_0101_0101_0101;

/// The top bit of each byte of `word` (all ASCII) that is from `low` to `high`.
fn in_range(word: u64, low: u8, high: u8) -> u64 {
    let at_least = word + ONES * u64::from(0x80 - low);
    let above = word + ONES * u64::from(0x7f - high);
    at_least & !above & (ONES * 0x80)
}

/// Minutes to read `words` at 200 a minute, at least one.
pub fn reading_time(words: usize) -> usize {
    words.div_ceil(200).max(1)
}

fn is_cjk(c: char) -> bool {
    matches!(c, '\u{3040}'..='\u{30ff}' | '\u{3400}'..='\u{4dbf}' | '\u{4e00}'..='\u{9fff}' | '\u{ac00}'..='\u{d7af}' | '\u{f900}'..='\u{faff}')
}

fn heading_number(level: HeadingLevel) -> u8 {
    match level {
        HeadingLevel::H1 => 1,
        HeadingLevel::H2 => 2,
        HeadingLevel::H3 => 3,
        HeadingLevel::H4 => 4,
        HeadingLevel::H5 => 5,
        HeadingLevel::H6 => 6,
    }
}

fn add_heading_ids(events: &mut Vec<Event<'_>>, headings: &[(usize, u8, String)], rendered: &mut Rendered) {
    let mut used = FastSet::default();
    let mut flat: Vec<TocEntry> = Vec::with_capacity(headings.len());
    let mut insert_after: Vec<(usize, String)> = Vec::new();
    for (start, level, text) in headings {
        let Event::Start(Tag::Heading { id, .. }) = &mut events[*start] else {
            continue;
        };
        let base = match id {
            Some(given) => given.to_string(),
            None => {
                let slug = slugify(text);
                if slug.is_empty() {
                    "section".to_string()
                } else {
                    slug
                }
            }
        };
        let mut unique = base.clone();
        let mut n = 1;
        while used.contains(&unique) {
            unique = format!("{base}-{n}");
            n += 1;
        }
        used.insert(unique.clone());
        *id = Some(CowStr::from(unique.clone()));
        let end = events[*start..]
            .iter()
            .position(|e| matches!(e, Event::End(TagEnd::Heading(_))))
            .map_or(*start, |i| start + i);
        insert_after.push((end, unique.clone()));
        flat.push(TocEntry {
            level: *level,
            id: unique,
            title: text.trim().to_string(),
            children: Vec::new(),
        });
    }
    // Insert from the back so earlier indexes stay valid.
    for (end, id) in insert_after.into_iter().rev() {
        let escaped = escape_attribute(&id);
        events.insert(
            end,
            Event::InlineHtml(CowStr::from(format!(
                " <a class=\"anchor\" href=\"#{escaped}\" aria-label=\"Link to this section\">#</a>"
            ))),
        );
    }
    rendered.anchors = used;
    rendered.toc = nest(flat);
}

fn nest(flat: Vec<TocEntry>) -> Vec<TocEntry> {
    let mut roots: Vec<TocEntry> = Vec::new();
    for entry in flat {
        insert_entry(&mut roots, entry);
    }
    roots
}

fn insert_entry(siblings: &mut Vec<TocEntry>, entry: TocEntry) {
    match siblings.last_mut() {
        Some(last) if last.level < entry.level => insert_entry(&mut last.children, entry),
        _ => siblings.push(entry),
    }
}

fn first_paragraph<'e, 'a>(events: &'e [Event<'a>]) -> &'e [Event<'a>] {
    let mut depth = 0usize;
    let mut start = None;
    for (i, event) in events.iter().enumerate() {
        match event {
            Event::Start(Tag::Paragraph) if depth == 0 => start = Some(i),
            Event::End(TagEnd::Paragraph) if depth == 0 => {
                if let Some(s) = start {
                    return &events[s..=i];
                }
            }
            Event::Start(Tag::Paragraph) => {}
            Event::Start(_) => depth += 1,
            Event::End(TagEnd::Paragraph) => {}
            Event::End(_) => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    &[]
}

/// Resolves one link target.
fn rewrite_link(
    dest: &str,
    body: &str,
    range: std::ops::Range<usize>,
    links: &Links<'_>,
    me: Option<ItemId>,
    rendered: &mut Rendered,
) -> Target {
    let written = &body[range.clone()];
    // Where the target is written, for a diagnostic or a later anchor check; most links
    // (external ones) need neither.
    let offset = || written.rfind(dest).map_or(range.start, |i| range.start + i);
    let len = dest.len().max(1);
    // Anchors are compared decoded: `#%E8%84%91` is the heading `脑`.
    let (path, decoded_anchor) = match dest.split_once('#') {
        Some((path, anchor)) => (
            path,
            Some(decode_path(anchor).unwrap_or_else(|| anchor.to_string())),
        ),
        None => (dest, None),
    };
    let anchor = decoded_anchor.as_deref();
    if let Some(content_path) = path.strip_prefix("@/") {
        let content_path = decode_path(content_path).unwrap_or_else(|| content_path.to_string());
        let Some(&target) = links.by_content_path.get(content_path.as_str()) else {
            if let Some(why) = links.held_back.get(content_path.as_str()) {
                rendered
                    .problems
                    .push(held_back_link(&content_path, *why, offset(), len));
                return Target::Unlink;
            }
            rendered.problems.push(LinkProblem {
                offset: offset(),
                len,
                message: format!("the link target `@/{content_path}` does not exist"),
                hint: "name a file under content/, such as @/institutions/jinfeng-laboratory.md".into(),
                warning: false,
            });
            return Target::Keep;
        };
        if let Some(anchor) = anchor {
            rendered.anchor_checks.push(AnchorCheck {
                target,
                anchor: anchor.to_string(),
                offset: offset(),
                len,
            });
        }
        let url = encode_path(&format!("{}{}", links.base_path, links.urls[target]));
        return Target::Rewrite(match anchor {
            Some(anchor) => format!("{url}#{}", encode_path(anchor)),
            None => url,
        });
    }
    if path.is_empty() {
        if let (Some(anchor), Some(me)) = (anchor, me) {
            rendered.anchor_checks.push(AnchorCheck {
                target: me,
                anchor: anchor.to_string(),
                offset: offset(),
                len,
            });
        }
        return Target::Keep;
    }
    if !path.starts_with('/') || path.starts_with("//") {
        return Target::Keep;
    }
    // A root-relative link into the site: check it and give it the base path.
    let decoded = decode_path(path).unwrap_or_else(|| path.to_string());
    let page = if decoded.ends_with('/') || decoded.rsplit('/').next().is_some_and(|s| s.contains('.')) {
        decoded.clone()
    } else {
        format!("{decoded}/")
    };
    if !links.known_urls.contains(&page) && !links.known_urls.contains(&decoded) {
        rendered.problems.push(LinkProblem {
            offset: offset(),
            len,
            message: format!("the link target `{path}` is not a page or file of this site"),
            hint: "link to an existing page, or use an @/ link to a content file".into(),
            warning: false,
        });
        return Target::Keep;
    }
    if let (Some(anchor), Some(&target)) = (anchor, links.by_url.get(page.as_str())) {
        rendered.anchor_checks.push(AnchorCheck {
            target,
            anchor: anchor.to_string(),
            offset: offset(),
            len,
        });
    }
    if links.base_path.is_empty() {
        Target::Keep
    } else {
        Target::Rewrite(format!("{}{}", links.base_path, dest))
    }
}

/// A link to an item this build holds back is left out, text kept, with a warning: the
/// page it names does not exist yet, and naming a story scheduled for tomorrow is no
/// mistake (references to held-back items are dropped the same way; see `schedule`).
fn held_back_link(content_path: &str, why: HeldBack, offset: usize, len: usize) -> LinkProblem {
    let (message, hint) = match why {
        HeldBack::Draft => (
            format!(
                "the link target `@/{content_path}` is a draft, not part of this build: its text is kept without the link"
            ),
            "the link appears once the draft is published; `--drafts` previews both",
        ),
        HeldBack::Future => (
            format!(
                "the link target `@/{content_path}` is dated after today, not part of this build yet: its text is kept without the link"
            ),
            "the link appears in the first build on or after that date; `--future` previews both",
        ),
    };
    LinkProblem {
        offset,
        len,
        message,
        hint: hint.into(),
        warning: true,
    }
}

fn escape_attribute(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('"', "&quot;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn render_plain(body: &str) -> Rendered {
        let by_content_path = HashMap::from([("institutions/jinfeng.md".to_string(), 0)]);
        let by_url = FastMap::from_iter([("/institutions/jinfeng/".to_string(), 0)]);
        let known = FastSet::from_iter(["/institutions/jinfeng/".to_string()]);
        let urls = vec!["/institutions/jinfeng/".to_string()];
        let held_back = HashMap::from([
            ("news/budget.md".to_string(), HeldBack::Draft),
            ("news/opening.md".to_string(), HeldBack::Future),
        ]);
        let links = Links {
            base_path: "",
            by_content_path: &by_content_path,
            by_url: &by_url,
            known_urls: &known,
            urls: &urls,
            held_back: &held_back,
        };
        render(body, &MarkdownOptions::default(), &links, Some(0))
    }

    #[test]
    fn headings_get_unique_unicode_ids_and_a_toc() {
        let r = render_plain("# Intro\n\n## 脑科学\n\n## Intro\n\n### Deep\n");
        assert!(r.html.contains("<h2 id=\"脑科学\">"), "{}", r.html);
        assert!(r.html.contains("id=\"intro-1\""));
        assert_eq!(r.toc.len(), 1);
        assert_eq!(r.toc[0].children.len(), 2);
        assert_eq!(r.toc[0].children[1].children[0].id, "deep");
    }

    #[test]
    fn summary_stops_at_more_or_first_paragraph() {
        let r = render_plain("First *one*.\n\nSecond.\n\n<!-- more -->\n\nThird.\n");
        assert_eq!(r.summary, "<p>First <em>one</em>.</p>\n<p>Second.</p>\n");
        let r = render_plain("# T\n\nOnly this.\n\nNot this.\n");
        assert_eq!(r.summary, "<p>Only this.</p>\n");
    }

    #[test]
    fn at_links_resolve_and_missing_ones_are_reported() {
        let r = render_plain("See [the lab](@/institutions/jinfeng.md#team) and [x](@/nope.md).\n");
        assert!(
            r.html.contains("href=\"/institutions/jinfeng/#team\""),
            "{}",
            r.html
        );
        assert_eq!(r.problems.len(), 1);
        assert_eq!(
            r.problems[0].offset,
            "See [the lab](@/institutions/jinfeng.md#team) and [x](".len()
        );
        assert_eq!(r.anchor_checks[0].anchor, "team");
    }

    #[test]
    fn root_relative_links_are_checked() {
        let r = render_plain("[ok](/institutions/jinfeng/) [bad](/institutions/nope/)\n");
        assert_eq!(r.problems.len(), 1);
        assert!(r.problems[0].message.contains("/institutions/nope/"));
    }

    #[test]
    fn counts_words_and_cjk_characters() {
        assert_eq!(count_words("Jinfeng Laboratory, 金凤实验室!"), 7);
        assert_eq!(reading_time(0), 1);
        assert_eq!(reading_time(401), 3);
    }

    #[test]
    fn a_word_is_a_whitespace_separated_run_with_a_letter_or_digit() {
        for (text, words) in [
            ("", 0),
            ("one", 1),
            ("  two\twords\n", 2),
            ("— -- ... 3", 1),
            ("state-of-the-art, (really)", 2),
            ("café au lait", 3),
            ("naïve-ish über", 2),
            ("«» ¿ 1,000", 1),
            ("x\u{a0}y", 2),
            ("重庆 science城", 4),
        ] {
            assert_eq!(count_words(text), words, "{text:?}");
        }
    }

    proptest::proptest! {
        #[test]
        fn ascii_and_other_text_count_words_alike(text in "[ -~\t\n\x0b\x0c\r]{0,200}") {
            let plain = text
                .split_ascii_whitespace()
                .filter(|word| word.bytes().any(|b| b.is_ascii_alphanumeric()))
                .count();
            proptest::prop_assert_eq!(count_ascii_words(text.as_bytes()), plain);
            // `é` after a space is one more word, and takes the byte-by-byte way.
            proptest::prop_assert_eq!(count_words(&format!("{text} é")), plain + 1);
        }
    }

    #[test]
    fn links_to_held_back_items_keep_their_text_and_lose_the_link_with_a_warning() {
        let r = render_plain(
            "Read [the *budget*](@/news/budget.md) before [the opening](@/news/opening.md#hall), \
             at [Jinfeng](@/institutions/jinfeng.md).\n",
        );
        assert_eq!(
            r.html,
            "<p>Read the <em>budget</em> before the opening, at \
             <a href=\"/institutions/jinfeng/\">Jinfeng</a>.</p>\n"
        );
        let problems: Vec<(&str, bool)> = r
            .problems
            .iter()
            .map(|p| (p.message.as_str(), p.warning))
            .collect();
        assert_eq!(problems.len(), 2, "{problems:?}");
        assert!(problems[0].0.contains("`@/news/budget.md` is a draft") && problems[0].1);
        assert!(problems[1].0.contains("`@/news/opening.md` is dated after today") && problems[1].1);
        assert!(
            r.anchor_checks.is_empty(),
            "no anchor to check in a page left out"
        );
    }

    #[test]
    fn raw_html_can_be_escaped() {
        let options = MarkdownOptions {
            raw_html: false,
            ..MarkdownOptions::default()
        };
        let empty = HashMap::new();
        let by_url = FastMap::default();
        let known = FastSet::default();
        let no_items = HashMap::new();
        let links = Links {
            base_path: "",
            by_content_path: &empty,
            by_url: &by_url,
            known_urls: &known,
            urls: &[],
            held_back: &no_items,
        };
        let r = render("<script>alert(1)</script>\n", &options, &links, None);
        assert!(!r.html.contains("<script>"), "{}", r.html);
    }
}

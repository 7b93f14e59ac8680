//! Markdown → HTML with pulldown-cmark, once per item.
//!
//! Besides the HTML this pass gives each heading a unique id (Unicode letters kept, so a
//! Chinese heading gets a Chinese id) and an anchor link, builds the table of contents,
//! takes the summary (`<!-- more -->`, else the first paragraph), counts words, and rewrites
//! links: `@/news/x.md#h` becomes the target's URL, and root-relative links get the site's
//! base path. Links it cannot resolve come back as `LinkProblem`s with their byte offsets;
//! `#anchor`s into other items come back as `AnchorCheck`s, checked once every item's ids
//! are known.

mod anchors;
mod code;
mod links;
mod notes;
mod pictures;
pub(crate) mod toc;
mod words;

pub(crate) use words::{count_words, reading_time};

pub use anchors::Anchors;
pub(crate) use links::is_external;
use links::{from_elsewhere, picture_path, rewrite_link};
use pictures::{Capture, Pictures};
use toc::{add_heading_ids, below_the_title, heading_number, html_ids};

use std::collections::HashMap;

use pulldown_cmark::{CodeBlockKind, CowStr, Event, LinkType, Options, Parser, Tag, TagEnd, html};
use thin_vec::ThinVec;

use crate::model::config::MarkdownOptions;
use crate::model::fast_hash::{FastMap, FastSet};
use crate::model::item_index::Keyed;
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
    pub anchors: Anchors,
    /// Links that could not be resolved.
    pub problems: ThinVec<LinkProblem>,
    /// Anchors into other items, to check once all are rendered.
    pub anchor_checks: ThinVec<AnchorCheck>,
    /// The item's `image` fields as the objects templates get, in place of the paths
    /// written (made beside the Markdown, on the same core).
    pub pictures: ThinVec<(String, tera::Value)>,
    /// The pictures the item shows, in its Markdown and its `image` fields (their
    /// original's URL): `serve` builds the site again when an edit changes them.
    pub shown: ThinVec<String>,
}

impl Rendered {
    /// Whether a page or a card would find nothing in it but the word count: no HTML,
    /// contents, summary or pictures.
    pub fn keeps_only_its_word_count(&self) -> bool {
        self.html.is_empty() && self.toc.is_empty() && self.summary.is_empty() && self.pictures.is_empty()
    }
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
    pub by_content_path: Keyed<'a>,
    /// URL path → item.
    pub by_url: Keyed<'a>,
    /// Every other URL path the site produces: the other pages and static files.
    pub known_urls: &'a FastSet<String>,
    /// URL path of each item.
    pub urls: &'a [String],
    /// Items held back from this build (drafts, future dates), by content path.
    pub held_back: &'a HashMap<String, HeldBack>,
    /// The home page's and each collection's `_index.md` in every language
    /// (`news/_index.zh-Hans.md`) → the URL path of the page it introduces.
    pub section_urls: &'a FastMap<String, String>,
    /// Page bundles' items → the URL path their folder's files are published under: a
    /// relative link in such an item's Markdown (`photo.jpg`) is a file there.
    pub bundles: &'a HashMap<ItemId, String>,
    /// Path prefixes served by something else (`external_paths:`): links into them are
    /// not checked.
    pub external_paths: &'a [String],
    /// The site's pictures, resized as pages show them; without it (a feed, a test)
    /// pictures are shown as written.
    pub images: Option<&'a crate::render::images::Images>,
}

impl Links<'_> {
    /// Whether the site produces `url`: an item's page, another page or a static file.
    fn knows(&self, url: &str) -> bool {
        self.by_url.get(url).is_some() || self.known_urls.contains(url)
    }
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
// One pass over pulldown-cmark's events, so a body is parsed once: headings, links, the
// summary's end and the words are each noticed in the same loop, and share its state.
pub fn render(body: &str, options: &MarkdownOptions, links: &Links<'_>, me: Option<ItemId>) -> Rendered {
    let mut rendered = Rendered::default();
    // The ids of raw HTML, joined to the headings' once the body is read.
    let mut raw_ids = Vec::new();
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
    let mut pictures = Pictures::new(links.images);
    // Inside a picture: its alt text, until its end gives its HTML.
    let mut capture: Option<Capture> = None;
    // Inside a fenced code block: its language, its text, and where its events start.
    let mut code_block: Option<(String, String, usize)> = None;
    for (event, range) in Parser::new_ext(body, flags).into_offset_iter() {
        if let Some(open) = capture.as_mut() {
            if let Event::Text(ref text) = event {
                rendered.word_count += count_words(text);
            }
            match event {
                Event::End(TagEnd::Image) => {
                    let done = capture.take().expect("inside a picture");
                    pictures.finish(done, &mut events, &mut rendered.problems);
                }
                other => open.take(&other),
            }
            continue;
        }
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
                if let Some((_, code, _)) = code_block.as_mut() {
                    code.push_str(text);
                }
                event
            }
            Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(ref info))) if options.highlight => {
                let language = code::fence_language(info).to_string();
                code_block = Some((language, String::new(), events.len()));
                event
            }
            Event::End(TagEnd::CodeBlock) => match code_block.take() {
                Some((language, code, start)) => match code::highlight(&language, &code) {
                    Some(html) => {
                        events.truncate(start);
                        Event::Html(CowStr::from(html))
                    }
                    None => event,
                },
                None => event,
            },
            Event::Html(ref html) | Event::InlineHtml(ref html) if html.trim() == MORE_MARKER => {
                more_at.get_or_insert(events.len());
                event
            }
            Event::Html(html) | Event::InlineHtml(html) if !options.raw_html => Event::Text(html),
            Event::Html(ref html) | Event::InlineHtml(ref html) => {
                raw_ids.extend(html_ids(html).map(str::to_string));
                event
            }
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
                ..
            }) if link_type != LinkType::Email => {
                let src = match rewrite_link(&dest_url, body, range.clone(), links, me, &mut rendered) {
                    Target::Rewrite(url) => CowStr::from(url),
                    // An image has no text to fall back to: it keeps its (broken) source.
                    Target::Keep | Target::Unlink => dest_url.clone(),
                };
                let site_path = picture_path(&dest_url, links, me).filter(|path| pictures.knows(path));
                let written = &body[range.clone()];
                let offset = written
                    .rfind(dest_url.as_ref())
                    .map_or(range.start, |i| range.start + i);
                capture = Some(Capture::new(&dest_url, &src, &title, site_path, offset));
                continue;
            }
            Event::End(TagEnd::Link) if unlinked => {
                unlinked = false;
                continue;
            }
            other => other,
        };
        events.push(event);
    }
    rendered.anchors.extend(raw_ids);
    rendered.shown = pictures.figures(&mut events).into();
    below_the_title(&mut events, &mut headings);
    add_heading_ids(&mut events, &headings, options.heading_ids, &mut rendered);
    let summary_events: &[Event<'_>] = match more_at {
        Some(end) => &events[..end],
        None => first_paragraph(&events),
    };
    // The summary is shown on other pages (lists, term pages, feeds): its links to this
    // page's anchors and relative links are made to hold there too.
    let page_url = me
        .and_then(|me| links.urls.get(me.0))
        .map(|url| format!("{}{url}", links.base_path));
    let summary_events = summary_events
        .iter()
        .cloned()
        .map(|event| match (event, &page_url) {
            (
                Event::Start(Tag::Link {
                    link_type,
                    dest_url,
                    title,
                    id,
                }),
                Some(page_url),
            ) => {
                let dest_url = from_elsewhere(&dest_url, page_url).map_or(dest_url, CowStr::from);
                Event::Start(Tag::Link {
                    link_type,
                    dest_url,
                    title,
                    id,
                })
            }
            (event, _) => event,
        });
    html::push_html(&mut rendered.summary, summary_events);
    rendered.html.reserve(body.len() + body.len() / 4);
    html::push_html(&mut rendered.html, notes::at_the_end(events).into_iter());
    // Kept for the whole build: no slack.
    rendered.html.shrink_to_fit();
    rendered.summary.shrink_to_fit();
    rendered
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::item_index::{IdIndex, Keys};

    fn render_plain(body: &str) -> Rendered {
        let content_paths = vec!["institutions/jinfeng.md".to_string()];
        let by_content_path = IdIndex::of_all(1, Keys::Listed(&content_paths));
        let known = FastSet::default();
        let urls = vec!["/institutions/jinfeng/".to_string()];
        let by_url = IdIndex::of_all(1, Keys::Listed(&urls));
        let held_back = HashMap::from([
            ("news/budget.md".to_string(), HeldBack::Draft),
            ("news/opening.md".to_string(), HeldBack::Future),
        ]);
        let links = Links {
            base_path: "",
            by_content_path: Keyed {
                index: &by_content_path,
                keys: Keys::Listed(&content_paths),
            },
            by_url: Keyed {
                index: &by_url,
                keys: Keys::Listed(&urls),
            },
            known_urls: &known,
            urls: &urls,
            held_back: &held_back,
            section_urls: &FastMap::from_iter([(
                "institutions/_index.md".to_string(),
                "/institutions/".to_string(),
            )]),
            bundles: &HashMap::new(),
            external_paths: &[],
            images: None,
        };
        render(body, &MarkdownOptions::default(), &links, Some(ItemId(0)))
    }

    #[test]
    fn a_sections_index_file_links_to_its_list_and_a_missing_file_hints_one_of_this_site() {
        let r = render_plain("[All](@/institutions/_index.md) and [gone](@/institutions/jinfng.md)\n");
        assert!(
            r.html.contains(r#"<a href="/institutions/">All</a>"#),
            "{}",
            r.html
        );
        let hints: Vec<&str> = r.problems.iter().map(|p| p.hint.as_str()).collect();
        assert_eq!(hints, ["did you mean @/institutions/jinfeng.md?"]);
    }

    #[test]
    fn headings_get_unique_unicode_ids_and_a_toc() {
        let r = render_plain("# Intro\n\n## 脑科学\n\n## Intro\n\n### Deep\n");
        assert!(r.html.contains("<h3 id=\"脑科学\">"), "{}", r.html);
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
            proptest::prop_assert_eq!(words::count_ascii_words(text.as_bytes()), plain);
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
    fn a_summary_shown_elsewhere_keeps_its_anchors_and_relative_links_working() {
        let r = render_plain(
            "See [below](#details) and [next](../other/) and [lab](/institutions/jinfeng/).\n\n## Details\n",
        );
        assert!(
            r.summary.contains(r##"href="/institutions/jinfeng/#details""##),
            "{}",
            r.summary
        );
        assert!(
            r.summary.contains(r#"href="/institutions/other/""#),
            "{}",
            r.summary
        );
        assert!(
            r.summary.contains(r#"href="/institutions/jinfeng/">lab"#),
            "{}",
            r.summary
        );
        // The page itself keeps the link to its own heading as written.
        assert!(r.html.contains(r##"href="#details""##), "{}", r.html);
    }

    #[test]
    fn a_body_with_h1_headings_has_them_all_one_level_down_under_the_title() {
        let r = render_plain("# Intro\n\n## Part\n\n###### Deep\n\n```rust\nfn x() {}\n```\n");
        assert!(r.html.contains("<h2 id=\"intro\">"), "{}", r.html);
        assert!(r.html.contains("<h3 id=\"part\">"), "{}", r.html);
        assert!(r.html.contains("<h6 id=\"deep\">"), "{}", r.html);
        assert_eq!((r.toc[0].level, r.toc[0].children[0].level), (2, 3));
        assert!(
            r.html.contains(
                "<code class=\"language-rust\" data-lang=\"rust\"><span class=\"hl-source hl-rust\">"
            ),
            "{}",
            r.html
        );
        // Without an `h1`, levels are as written.
        assert!(render_plain("## Part\n").html.contains("<h2 id=\"part\">"));
    }

    #[test]
    fn raw_html_can_be_escaped() {
        let options = MarkdownOptions {
            raw_html: false,
            ..MarkdownOptions::default()
        };
        let known = FastSet::default();
        let no_items = HashMap::new();
        let links = Links {
            base_path: "",
            by_content_path: Keyed::none(),
            by_url: Keyed::none(),
            known_urls: &known,
            urls: &[],
            held_back: &no_items,
            section_urls: &FastMap::default(),
            bundles: &HashMap::new(),
            external_paths: &[],
            images: None,
        };
        let r = render("<script>alert(1)</script>\n", &options, &links, None);
        assert!(!r.html.contains("<script>"), "{}", r.html);
    }
}

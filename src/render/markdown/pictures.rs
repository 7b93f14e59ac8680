//! Pictures in Markdown: one of the site's own becomes a `<picture>` with its resized
//! copies and its size; one alone in its paragraph with a title becomes a `<figure>`
//! whose caption is the title (the text after its last ` | ` is the credit); one without
//! alt text is a warning at its line.

use pulldown_cmark::{CowStr, Event, Tag, TagEnd};
use thin_vec::ThinVec;

use super::LinkProblem;
use super::links::escape_attribute;
use crate::render::images::{Images, title_attribute};
use crate::render::values::escape_html;

/// How far into its Markdown (in bytes: a few lines of text, a heading, a lead picture of
/// the theme's above them) a page's first picture can be and still be on the first screen,
/// loaded at once; a picture further down, or after another, loads as it is scrolled to.
const FIRST_SCREEN: usize = 600;

/// A picture being read: its alt text comes as the events between its start and end.
pub(super) struct Capture {
    /// As written, and as the page links it (with the base path).
    written: String,
    src: String,
    title: String,
    /// Its URL path when it is a picture of the site, which gets copies.
    site_path: Option<String>,
    alt: String,
    /// Where its target is written, for a warning.
    offset: usize,
}

impl Capture {
    pub(super) fn new(
        written: &str,
        src: &str,
        title: &str,
        site_path: Option<String>,
        offset: usize,
    ) -> Capture {
        Capture {
            written: written.to_string(),
            src: src.to_string(),
            title: title.to_string(),
            site_path,
            alt: String::new(),
            offset,
        }
    }

    /// Takes the text of an event inside the picture as alt text.
    pub(super) fn take(&mut self, event: &Event<'_>) {
        if let Event::Text(text) | Event::Code(text) = event {
            self.alt.push_str(text);
        }
    }
}

/// What a page's pictures need while its Markdown renders.
pub(super) struct Pictures<'a> {
    images: Option<&'a Images>,
    /// The pictures shown so far (their original's URL).
    shown: Vec<String>,
    /// Pictures with a title: event index and the caption's HTML.
    captioned: Vec<(usize, String)>,
}

impl<'a> Pictures<'a> {
    pub(super) fn new(images: Option<&'a Images>) -> Pictures<'a> {
        Pictures {
            images,
            shown: Vec::new(),
            captioned: Vec::new(),
        }
    }

    /// Is `path` a picture of the site, to be shown with its copies?
    pub(super) fn knows(&self, path: &str) -> bool {
        self.images.is_some_and(|images| images.is_picture(path))
    }

    /// The HTML of a picture read to its end, pushed to `events`; its problems to `problems`.
    pub(super) fn finish(
        &mut self,
        capture: Capture,
        events: &mut Vec<Event<'_>>,
        problems: &mut ThinVec<LinkProblem>,
    ) {
        let len = capture.written.len().max(1);
        if capture.alt.trim().is_empty() {
            problems.push(LinkProblem {
                offset: capture.offset,
                len,
                message: format!("the picture `{}` has no alt text", capture.written),
                hint: "describe what it shows between the brackets, such as ![The laboratory's main hall](photo.jpg); ![](…) is only for decoration".into(),
                warning: true,
            });
        }
        let title = (!capture.title.is_empty()).then_some(capture.title.as_str());
        let picture = match (self.images, &capture.site_path) {
            (Some(images), Some(path)) => match images.picture(path) {
                Ok(picture) => Some((picture, images.sizes())),
                Err(why) => {
                    problems.push(LinkProblem {
                        offset: capture.offset,
                        len,
                        message: format!("the picture `{}` cannot be shown: {why}", capture.written),
                        hint: crate::render::images::UNREADABLE.into(),
                        warning: false,
                    });
                    None
                }
            },
            _ => None,
        };
        let html = match picture {
            Some((picture, sizes)) => {
                // Only a first picture near the top of the text is on the first screen.
                let lazy = !self.shown.is_empty() || capture.offset > FIRST_SCREEN;
                let html = picture.html(&capture.alt, title, sizes, lazy);
                self.shown.push(picture.original.clone());
                html
            }
            None => format!(
                r#"<img src="{}" alt="{}"{} />"#,
                escape_attribute(&capture.src),
                escape_attribute(&capture.alt),
                title.map_or(String::new(), title_attribute)
            ),
        };
        if let Some(title) = title {
            self.captioned.push((events.len(), title.to_string()));
        }
        events.push(Event::InlineHtml(CowStr::from(html)));
    }

    /// Makes a figure of each picture with a title that is alone in its paragraph; one
    /// inside a line of text keeps its title as the `title` attribute. The pictures shown.
    pub(super) fn figures(self, events: &mut [Event<'_>]) -> Vec<String> {
        for (at, title) in self.captioned {
            let alone = at > 0
                && matches!(events[at - 1], Event::Start(Tag::Paragraph))
                && matches!(events.get(at + 1), Some(Event::End(TagEnd::Paragraph)));
            if !alone {
                continue;
            }
            events[at - 1] = Event::Html(CowStr::from("<figure>"));
            events[at + 1] = Event::Html(CowStr::from(format!(
                "<figcaption>{}</figcaption></figure>\n",
                caption(&title)
            )));
            // The caption shows the title: the picture does not repeat it on hover.
            if let Event::InlineHtml(html) = &events[at] {
                let untitled = html.replacen(&title_attribute(&title), "", 1);
                events[at] = Event::InlineHtml(CowStr::from(untitled));
            }
        }
        self.shown
    }
}

/// The caption's HTML: `The new building | Photo: Li Wei` → the text, then the credit.
fn caption(title: &str) -> String {
    match title.rsplit_once(" | ") {
        Some((text, credit)) => format!(
            r#"{} <small class="credit">{}</small>"#,
            escape_html(text.trim()),
            escape_html(credit.trim())
        ),
        None => escape_html(title.trim()),
    }
}

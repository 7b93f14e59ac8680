//! Heading ids (anchors) and the table of contents.

use pulldown_cmark::{CowStr, Event, HeadingLevel, Tag, TagEnd};

use super::links::escape_attribute;
use super::{Rendered, TocEntry};
use crate::model::fast_hash::FastSet;
use crate::model::permalink::slugify;

/// How the link to a heading that follows it starts: the search index leaves it out.
pub(crate) const ANCHOR_LINK: &str = " <a class=\"anchor\"";

pub(super) fn heading_number(level: HeadingLevel) -> u8 {
    match level {
        HeadingLevel::H1 => 1,
        HeadingLevel::H2 => 2,
        HeadingLevel::H3 => 3,
        HeadingLevel::H4 => 4,
        HeadingLevel::H5 => 5,
        HeadingLevel::H6 => 6,
    }
}
pub(super) fn add_heading_ids(
    events: &mut Vec<Event<'_>>,
    headings: &[(usize, u8, String)],
    rendered: &mut Rendered,
) {
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
    debug_assert!(ANCHOR_LINK.starts_with(' '));
    for (end, id) in insert_after.into_iter().rev() {
        let escaped = escape_attribute(&id);
        events.insert(
            end,
            Event::InlineHtml(CowStr::from(format!(
                "{ANCHOR_LINK} href=\"#{escaped}\" aria-labelledby=\"{escaped}\"><span aria-hidden=\"true\">#</span></a>"
            ))),
        );
    }
    rendered.anchors = used;
    rendered.toc = nest(flat);
}
pub(super) fn nest(flat: Vec<TocEntry>) -> Vec<TocEntry> {
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

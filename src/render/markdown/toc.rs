//! Heading ids (anchors), the ids raw HTML gives, and the table of contents.
//!
//! A heading's id is made the way the site asks (`markdown.heading_ids`): gazette's own,
//! GitHub's (which Hugo's Goldmark and Jekyll's kramdown follow closely) or Zola's, so that
//! the `#anchors` readers and other sites link to survive a move to gazette.

use pulldown_cmark::{CowStr, Event, HeadingLevel, Tag, TagEnd};

use super::links::escape_attribute;
use super::{Rendered, TocEntry};
use crate::model::config::HeadingIds;
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
/// The page's title is its only `h1`: a body that has `#` headings of its own (as Markdown
/// written for another generator often starts with one) has each of its headings shown one
/// level down, `#` as `h2`, `##` as `h3`, so their order is kept and `######` stays `h6`.
pub(super) fn below_the_title(events: &mut [Event<'_>], headings: &mut [(usize, u8, String)]) {
    if !headings.iter().any(|(_, level, _)| *level == 1) {
        return;
    }
    let down = |level: HeadingLevel| match level {
        HeadingLevel::H1 => HeadingLevel::H2,
        HeadingLevel::H2 => HeadingLevel::H3,
        HeadingLevel::H3 => HeadingLevel::H4,
        HeadingLevel::H4 => HeadingLevel::H5,
        HeadingLevel::H5 | HeadingLevel::H6 => HeadingLevel::H6,
    };
    for event in events.iter_mut() {
        match event {
            Event::Start(Tag::Heading { level, .. }) => *level = down(*level),
            Event::End(TagEnd::Heading(level)) => *level = down(*level),
            _ => {}
        }
    }
    for (_, level, _) in headings.iter_mut() {
        *level = (*level + 1).min(6);
    }
}

/// Gives each heading its unique id and anchor link; the ids join `rendered.anchors`.
pub(super) fn add_heading_ids(
    events: &mut Vec<Event<'_>>,
    headings: &[(usize, u8, String)],
    scheme: HeadingIds,
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
            None => heading_id(text, scheme),
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
    rendered.anchors.extend(used);
    rendered.toc = nest(flat);
}

/// The id a heading's `text` gets in `scheme`, before it is made unique.
pub(crate) fn heading_id(text: &str, scheme: HeadingIds) -> String {
    let id = match scheme {
        HeadingIds::Gazette => slugify(text),
        HeadingIds::Github => github_id(text),
        // Zola makes anchors with the `slug` crate: Unicode spelled in ASCII, words
        // joined by `-`.
        HeadingIds::Zola => slug::slugify(text),
    };
    if id.is_empty() { "section".to_string() } else { id }
}

/// GitHub's anchors (github-slugger): lowercase; letters, digits, `_`, `-` and spaces
/// kept, every other character dropped (punctuation, emoji); then each space a `-`.
fn github_id(text: &str) -> String {
    text.trim()
        .chars()
        .filter(|c| c.is_alphanumeric() || matches!(c, '_' | '-' | ' '))
        .flat_map(char::to_lowercase)
        .map(|c| if c == ' ' { '-' } else { c })
        .collect()
}

/// The `id` and `name` attributes of raw HTML in Markdown (`<a id="x">`, `<a name="x">`):
/// anchors a link may point at as it may at a heading's.
pub(super) fn html_ids(html: &str) -> impl Iterator<Item = &str> {
    let bytes = html.as_bytes();
    let mut at = 0;
    std::iter::from_fn(move || {
        while at < bytes.len() {
            let start = at;
            at += 1;
            // An attribute starts after whitespace, inside a tag.
            if !bytes[start].is_ascii_whitespace() {
                continue;
            }
            // `start` is an ASCII byte, so the text after it starts on a character.
            let rest = &html[start + 1..];
            let starts = |name: &str| {
                rest.as_bytes()
                    .get(..name.len())
                    .is_some_and(|b| b.eq_ignore_ascii_case(name.as_bytes()))
            };
            let name_len = if starts("id=") {
                3
            } else if starts("name=") {
                5
            } else {
                continue;
            };
            let value = &rest[name_len..];
            let (value, skip) = match value.chars().next() {
                Some(quote @ ('"' | '\'')) => {
                    let end = value[1..].find(quote)?;
                    (&value[1..=end], end + 2)
                }
                _ => {
                    let end = value
                        .find(|c: char| c.is_ascii_whitespace() || c == '>' || c == '/')
                        .unwrap_or(value.len());
                    (&value[..end], end)
                }
            };
            at = start + 1 + name_len + skip;
            if !value.is_empty() {
                return Some(value);
            }
        }
        None
    })
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn heading_ids_follow_the_scheme_the_site_asks_for() {
        let ids = |text| {
            [HeadingIds::Gazette, HeadingIds::Github, HeadingIds::Zola].map(|scheme| heading_id(text, scheme))
        };
        assert_eq!(
            ids("My_anchor 🚀"),
            ["my_anchor", "my_anchor-", "my-anchor-rocket"]
        );
        assert_eq!(
            ids("What's new in 1.88?"),
            ["what-s-new-in-1-88", "whats-new-in-188", "what-s-new-in-1-88"]
        );
        assert_eq!(
            ids("脑科学 研究"),
            ["脑科学-研究", "脑科学-研究", "nao-ke-xue-yan-jiu"]
        );
        assert_eq!(ids("🚀"), ["section", "section", "rocket"]);
    }

    #[test]
    fn raw_html_ids_and_names_are_anchors() {
        let html = r#"<a id="one"></a><a name='two'>x</a><div class="c" ID=three data-id="not"></div><p>id="nor"</p>"#;
        assert_eq!(html_ids(html).collect::<Vec<_>>(), ["one", "two", "three"]);
        assert_eq!(html_ids("<a id=\"open").count(), 0);
        assert_eq!(html_ids("<a\u{3000}脑 id=x>").collect::<Vec<_>>(), ["x"]);
    }
}

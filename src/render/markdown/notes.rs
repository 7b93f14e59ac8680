//! Footnotes at the end of the article, as readers of Zola, Hugo and GitHub pages know them,
//! rather than where each definition happens to be written (pulldown-cmark's HTML keeps
//! them in place, often in the middle of the text).

use pulldown_cmark::{CowStr, Event, Tag, TagEnd};

/// `events` with every footnote definition moved, in order, into one
/// `<section class="footnotes">` after the rest.
pub(super) fn at_the_end(events: Vec<Event<'_>>) -> Vec<Event<'_>> {
    if !events
        .iter()
        .any(|e| matches!(e, Event::Start(Tag::FootnoteDefinition(_))))
    {
        return events;
    }
    let mut text = Vec::with_capacity(events.len() + 2);
    let mut notes = Vec::new();
    let mut depth = 0usize;
    for event in events {
        match &event {
            Event::Start(Tag::FootnoteDefinition(_)) => depth += 1,
            Event::End(TagEnd::FootnoteDefinition) => {
                depth -= 1;
                notes.push(event);
                continue;
            }
            _ => {}
        }
        if depth > 0 {
            notes.push(event);
        } else {
            text.push(event);
        }
    }
    text.push(Event::Html(CowStr::from(
        "<section class=\"footnotes\" role=\"doc-endnotes\">\n",
    )));
    text.extend(notes);
    text.push(Event::Html(CowStr::from("</section>\n")));
    text
}

#[cfg(test)]
mod tests {
    use pulldown_cmark::{Options, Parser, html};

    use super::*;

    #[test]
    fn definitions_move_after_the_text_in_their_order() {
        let markdown = "One[^a] and two[^b].\n\n[^b]: Second.\n\n[^a]: First.\n\nLast paragraph.\n";
        let events: Vec<Event<'_>> = Parser::new_ext(markdown, Options::ENABLE_FOOTNOTES).collect();
        let mut out = String::new();
        html::push_html(&mut out, at_the_end(events).into_iter());
        let last = out.find("<p>Last paragraph.</p>").unwrap();
        let section = out.find("<section class=\"footnotes\"").unwrap();
        assert!(last < section, "{out}");
        assert!(
            out.find("Second.").unwrap() < out.find("First.").unwrap(),
            "{out}"
        );
        assert!(out.trim_end().ends_with("</section>"), "{out}");
    }
}

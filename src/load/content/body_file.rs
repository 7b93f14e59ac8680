//! Bodies past the build's budget are left in their files: the load stage keeps what the
//! graph needs of an item and a `BodyFile` to read its body again, so a site's peak memory
//! grows with its number of items and not with the length of their texts.
//!
//! The budget counts what keeping a body costs until its page renders (its Markdown, the HTML
//! made of it, its front matter's text), in the order files finish loading; which bodies
//! stay on disk changes only how often they are read, never what is built.

use std::borrow::Cow;
use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use crate::diagnostics::Diagnostic;
use crate::model::item::{BodyFile, Item, ItemKind};

/// How many bytes of bodies the load stage may still keep in memory.
pub struct BodyBudget {
    left: AtomicUsize,
    /// Past this many Markdown files, none is kept.
    most_files: usize,
}

/// The memory a kept body takes, per byte of its Markdown: the Markdown until the Markdown
/// stage has rendered it, and the HTML made of it (1.5 bytes a byte on the benchmark
/// corpus: 128 MiB of Markdown kept at 100,000 items added 196 MiB to the Markdown
/// stage's peak) until its page renders. Counting the Markdown alone, a budget of 128 MiB
/// held 320 MiB.
const KEPT_BYTES_PER_BYTE: (usize, usize) = (5, 2);

/// What keeping `item`'s body and front matter costs (`KEPT_BYTES_PER_BYTE`).
fn kept_cost(item: &Item) -> usize {
    let (times, over) = KEPT_BYTES_PER_BYTE;
    item.header.len() + item.body.len().saturating_mul(times) / over
}

impl BodyBudget {
    /// Room for bodies that cost `bytes` bytes to keep (`kept_cost`); `usize::MAX` keeps
    /// them all (`serve`, and any site whose texts fit).
    pub fn new(bytes: usize) -> BodyBudget {
        BodyBudget {
            left: AtomicUsize::new(bytes),
            most_files: usize::MAX,
        }
    }

    /// The same budget, on a site of at most `files` Markdown files; a larger site keeps
    /// no body.
    pub fn unless_more_files_than(self, files: usize) -> BodyBudget {
        BodyBudget {
            most_files: files,
            ..self
        }
    }

    /// Empties the budget when the site's `files` Markdown files are more than it allows.
    pub(super) fn fit_to(&self, files: usize) {
        if files > self.most_files {
            self.left.store(0, Ordering::Relaxed);
        }
    }

    /// Takes `bytes` from the budget; `false` (and nothing taken) when they do not fit.
    fn take(&self, bytes: usize) -> bool {
        self.left
            .fetch_update(Ordering::Relaxed, Ordering::Relaxed, |left| {
                left.checked_sub(bytes)
            })
            .is_ok()
    }
}

/// Keeps `item`'s body in memory if the budget has room for it, else leaves it in its file
/// (its source under the site's `root`), where it starts at byte `start`, and its front matter's text with it (read
/// again by `read_header` for the rare diagnostic that quotes it). Intros are always kept:
/// there are a few of them, and the lists they introduce render them again and again. A
/// blank body is kept too: it costs nothing, and a translation with one takes its
/// original's, while its own front matter stays its own.
pub(super) fn keep_or_leave(item: &mut Item, root: &Arc<Path>, start: usize, budget: &BodyBudget) {
    let kept = matches!(item.kind, ItemKind::Intro { .. }) || item.body.trim().is_empty();
    if kept || budget.take(kept_cost(item)) {
        return;
    }
    item.header = String::new();
    let body = std::mem::take(&mut item.body);
    item.body_file = Some(BodyFile {
        root: Arc::clone(root),
        other_source: None,
        start,
        len: body.len(),
        hash: xxhash_rust::xxh3::xxh3_64(body.as_bytes()),
    });
}

/// The item's body: the text kept in memory, or read again from its file. A file that
/// cannot be read or no longer holds the body loaded is an error naming the file.
pub fn read_body(item: &Item) -> Result<Cow<'_, str>, Box<Diagnostic>> {
    let Some(file) = &item.body_file else {
        return Ok(Cow::Borrowed(&item.body));
    };
    let changed = || {
        Box::new(
            Diagnostic::error(&item.source, "the file changed while the site was being built")
                .with_hint("build again once the file is saved"),
        )
    };
    let mut bytes = std::fs::read(file.path(&item.source)).map_err(|err| {
        Box::new(
            Diagnostic::error(&item.source, format!("cannot read the file again: {err}"))
                .with_hint("check that the file still exists and that you may read it"),
        )
    })?;
    if bytes.len() != file.start + file.len {
        return Err(changed());
    }
    // The body is the end of the file: the front matter is cut off in place, not copied.
    bytes.drain(..file.start);
    if xxhash_rust::xxh3::xxh3_64(&bytes) != file.hash {
        return Err(changed());
    }
    String::from_utf8(bytes).map(Cow::Owned).map_err(|_| changed())
}

/// The item's front matter's text, for a diagnostic to quote: kept in memory, or read
/// again from the file its body was left in (empty if it cannot be read: the diagnostic
/// then names the file and line without quoting it).
pub fn read_header(item: &Item) -> Cow<'_, str> {
    let Some(file) = item.body_file.as_ref().filter(|_| item.header.is_empty()) else {
        return Cow::Borrowed(&item.header);
    };
    let text = std::fs::read(file.path(&item.source))
        .ok()
        .and_then(|bytes| String::from_utf8(bytes.get(..file.start)?.to_vec()).ok())
        .unwrap_or_default();
    Cow::Owned(text.strip_prefix('\u{feff}').map(str::to_string).unwrap_or(text))
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;
    use crate::load::content::load_within;
    use crate::model::config::CONFIG_FILE;

    /// A site whose one page `content/about.md` has `text`, loaded with room for `budget`
    /// bytes of bodies: (the site's folder, the page).
    fn load_page(text: &[u8], budget: usize) -> (tempfile::TempDir, Item) {
        load_page_within(text, BodyBudget::new(budget))
    }

    fn load_page_within(text: &[u8], budget: BodyBudget) -> (tempfile::TempDir, Item) {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join(CONFIG_FILE),
            "title: T\nbase_url: https://e.org/\n",
        )
        .unwrap();
        std::fs::create_dir(dir.path().join("content")).unwrap();
        std::fs::write(dir.path().join("content/about.md"), text).unwrap();
        let config = crate::load::config::load(dir.path()).unwrap();
        let (content, diagnostics) = load_within(dir.path(), &config, &budget);
        assert!(diagnostics.is_empty(), "{diagnostics:?}");
        let item = content.items.into_iter().next().expect("the page loads");
        (dir, item)
    }

    const PAGE: &str = "---\ntitle: About\n---\n\nThe Science City's **story**.\n";

    #[test]
    fn a_body_is_kept_when_its_markdown_html_and_front_matter_fit() {
        let header = "---\ntitle: About\n---\n".len();
        let body = PAGE.len() - header;
        let cost = header + body * 5 / 2;
        assert!(
            load_page(PAGE.as_bytes(), cost).1.body_file.is_none(),
            "kept at its cost"
        );
        assert!(
            load_page(PAGE.as_bytes(), cost - 1).1.body_file.is_some(),
            "left below it"
        );
        // Its Markdown alone is not what keeping it costs.
        assert!(load_page(PAGE.as_bytes(), body).1.body_file.is_some());
    }

    #[test]
    fn a_site_of_more_files_than_the_budget_allows_keeps_no_body() {
        let room = BodyBudget::new(usize::MAX);
        assert!(
            load_page_within(PAGE.as_bytes(), room.unless_more_files_than(1))
                .1
                .body_file
                .is_none()
        );
        let room = BodyBudget::new(usize::MAX);
        assert!(
            load_page_within(PAGE.as_bytes(), room.unless_more_files_than(0))
                .1
                .body_file
                .is_some()
        );
    }

    #[test]
    fn a_body_past_the_budget_is_read_again_from_its_file() {
        // With a byte-order mark in front, which the body's offset counts.
        let text = format!("\u{feff}{PAGE}");
        let (_dir, item) = load_page(text.as_bytes(), 0);
        assert!(item.body.is_empty(), "the body was kept");
        let file = item.body_file.as_ref().expect("left in its file");
        assert_eq!(file.len, "\nThe Science City's **story**.\n".len());
        assert_eq!(read_body(&item).unwrap(), "\nThe Science City's **story**.\n");
        assert!(item.header.is_empty(), "the front matter was kept");
        assert_eq!(read_header(&item), "---\ntitle: About\n---\n");
    }

    #[test]
    fn a_body_within_the_budget_is_kept() {
        let (_dir, item) = load_page(PAGE.as_bytes(), 1024);
        assert_eq!(item.body_file, None);
        assert_eq!(read_body(&item).unwrap(), item.body);
        assert_eq!(read_header(&item), "---\ntitle: About\n---\n");
    }

    #[test]
    fn a_blank_body_is_kept_with_its_front_matter() {
        let (_dir, item) = load_page(b"---\ntitle: About\n---\n\n", 0);
        assert_eq!(item.body_file, None);
        assert_eq!(item.header, "---\ntitle: About\n---\n");
    }

    #[test]
    fn a_file_changed_or_gone_since_it_loaded_is_an_error_naming_it() {
        let (dir, item) = load_page(PAGE.as_bytes(), 0);
        let path = dir.path().join("content/about.md");
        for changed in [
            PAGE.replace("story", "STORY"),
            PAGE.replace("story", "longer story"),
        ] {
            std::fs::write(&path, changed).unwrap();
            let problem = read_body(&item).expect_err("a changed body is not used");
            assert_eq!(problem.file, Path::new("content/about.md"));
            assert!(
                problem.message.contains("changed while the site was being built"),
                "{problem:?}"
            );
        }
        std::fs::remove_file(&path).unwrap();
        let problem = read_body(&item).expect_err("a missing file is an error");
        assert!(
            problem.message.starts_with("cannot read the file again"),
            "{problem:?}"
        );
    }

    #[test]
    fn the_budget_keeps_bodies_while_they_fit() {
        let budget = BodyBudget::new(10);
        assert!(budget.take(6));
        assert!(!budget.take(6), "6 more bytes do not fit in the 4 left");
        assert!(budget.take(4));
        assert!(budget.take(0));
        assert!(!budget.take(1));
    }
}

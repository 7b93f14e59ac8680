//! The import's report: what it converted, counted, and what it left for a hand edit, each
//! at `file:line`. The same text is printed and written as `IMPORT.md` in the new site, so
//! the list of hand edits stays with the site until they are done.

use super::document::Note;
use crate::diagnostics::report::count;

/// The report's file in the new site.
pub(crate) const REPORT_FILE: &str = "IMPORT.md";

/// Counts and notes of one import.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Report {
    /// The generator imported from (`zola`, `hugo`, `jekyll`).
    pub generator: String,
    /// Content files written.
    pub files: usize,
    /// Of them, `_index.md` texts (home page, lists).
    pub intros: usize,
    /// Collections declared.
    pub collections: usize,
    /// Fields declared, over all collections.
    pub fields: usize,
    /// Taxonomies declared.
    pub taxonomies: usize,
    /// Page bundles kept as bundles.
    pub bundles: usize,
    /// Files of the bundles copied beside them.
    pub bundle_files: usize,
    /// Static files copied.
    pub static_files: usize,
    /// Aliases added for URLs that gazette gives another form.
    pub aliases_added: usize,
    /// Aliases of the old site carried over.
    pub aliases_carried: usize,
    /// Links made `@/` links.
    pub links: usize,
    /// Other template calls converted (code blocks, escapes).
    pub calls: usize,
    /// What needs a hand edit, by file and line.
    pub(crate) notes: Vec<Note>,
}

impl Report {
    /// The report as Markdown, for the terminal and for `IMPORT.md`.
    pub fn text(&self) -> String {
        let mut text = format!("# Imported from {}\n\n", self.generator);
        let lines = [
            format!(
                "{} ({} and {})",
                count(self.files, "content file", "content files"),
                count(self.files - self.intros, "page", "pages"),
                count(self.intros, "list or home text", "list or home texts")
            ),
            format!(
                "{} with {} inferred from the files",
                count(self.collections, "collection", "collections"),
                count(self.fields, "field", "fields")
            ),
            count(self.taxonomies, "taxonomy", "taxonomies"),
            format!(
                "{} with {} beside them",
                count(self.bundles, "page bundle", "page bundles"),
                count(self.bundle_files, "file", "files")
            ),
            format!(
                "{} copied to static/",
                count(self.static_files, "static file", "static files")
            ),
            format!(
                "{} for old URLs, {} carried over",
                count(self.aliases_added, "alias added", "aliases added"),
                count(self.aliases_carried, "alias", "aliases")
            ),
            format!(
                "{} made `@/` links, {} converted",
                count(self.links, "link", "links"),
                count(self.calls, "other template call", "other template calls")
            ),
        ];
        for line in lines {
            text.push_str(&format!("- {line}\n"));
        }
        text.push('\n');
        if self.notes.is_empty() {
            text.push_str("Nothing needs a hand edit.\n");
            return text;
        }
        let files = {
            let mut files: Vec<&str> = self.notes.iter().map(|n| n.file.as_str()).collect();
            files.dedup();
            files.len()
        };
        text.push_str(&format!(
            "## {} in {}\n\n",
            count(self.notes.len(), "hand edit", "hand edits"),
            count(files, "file", "files")
        ));
        let common = most_common(&self.notes);
        if self.notes.len() > SUMMARY_AFTER && !common.is_empty() {
            text.push_str("The most frequent:\n\n");
            for (what, n) in common {
                text.push_str(&format!(
                    "- {} × {what}\n",
                    crate::diagnostics::report::thousands(n)
                ));
            }
            text.push_str("\nEach of them:\n\n");
        }
        for note in &self.notes {
            match note.line {
                0 => text.push_str(&format!("- {}: {}\n", note.file, note.what)),
                line => text.push_str(&format!("- {}:{line}: {}\n", note.file, note.what)),
            }
        }
        text
    }
}

/// Past this many hand edits, the report names the most frequent kinds first.
const SUMMARY_AFTER: usize = 20;

/// The kinds of hand edit that recur most (at most 5, each more than once), by what they
/// say with the first quoted call cut to its name: every `{% figure … %}` is one kind.
fn most_common(notes: &[Note]) -> Vec<(String, usize)> {
    let mut kinds: Vec<(String, usize)> = Vec::new();
    for note in notes {
        let kind = kind_of(&note.what);
        match kinds.iter_mut().find(|(k, _)| *k == kind) {
            Some((_, n)) => *n += 1,
            None => kinds.push((kind, 1)),
        }
    }
    kinds.retain(|(_, n)| *n > 1);
    kinds.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    kinds.truncate(5);
    kinds
}

fn kind_of(what: &str) -> String {
    let Some(open) = what.find('`') else {
        return what.to_string();
    };
    let Some(close) = what[open + 1..].find('`').map(|c| open + 1 + c) else {
        return what.to_string();
    };
    let name = what[open + 1..close].split_whitespace().next().unwrap_or("");
    format!("{}`{name}`{}", &what[..open], &what[close + 1..])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_take_their_plural() {
        let mut report = Report {
            generator: "zola".into(),
            files: 2,
            intros: 1,
            collections: 1,
            ..Report::default()
        };
        report.notes.push(Note {
            file: "content/a.md".into(),
            line: 3,
            what: "fix it".into(),
        });
        let text = report.text();
        assert!(
            text.contains("- 2 content files (1 page and 1 list or home text)\n"),
            "{text}"
        );
        assert!(text.contains("- 1 collection with 0 fields"), "{text}");
        assert!(
            text.contains("## 1 hand edit in 1 file\n\n- content/a.md:3: fix it\n"),
            "{text}"
        );
    }

    #[test]
    fn many_hand_edits_are_summed_up_by_kind_first() {
        let mut report = Report::default();
        for line in 1..=30 {
            let call = if line % 2 == 0 {
                "figure caption:\"x\""
            } else {
                "include a.html"
            };
            report.notes.push(Note {
                file: "a.md".into(),
                line,
                what: format!("Liquid `{call}` is not converted"),
            });
        }
        let text = report.text();
        let expected = "The most frequent:\n\n- 15 × Liquid `figure` is not converted\n- 15 × Liquid `include` is not converted\n\nEach of them:\n\n- a.md:1: Liquid `include a.html`";
        assert!(text.contains(expected), "{text}");
    }
}

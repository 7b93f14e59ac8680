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
        for note in &self.notes {
            match note.line {
                0 => text.push_str(&format!("- {}: {}\n", note.file, note.what)),
                line => text.push_str(&format!("- {}:{line}: {}\n", note.file, note.what)),
            }
        }
        text
    }
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
}

//! Diagnostics: every problem a build finds, as data.
//!
//! A build never stops at the first problem. Each stage pushes `Diagnostic`s into a
//! `Diagnostics` list and goes on; the build looks at the list at the end of each stage and
//! writes nothing when it holds an error. A diagnostic carries the file (relative to the site
//! root, as the author would type it), the 1-based line and column, the source line itself,
//! the message and a hint, so the printed form needs nothing else:
//!
//! ```text
//! error: unknown field `fonded`
//!   --> content/institutions/jinfeng-laboratory.md:4:1
//!    |
//!  4 | fonded: 2020
//!    | ^^^^^^
//!    = hint: did you mean `founded`?
//! ```

pub mod report;
pub(crate) mod yaml;

use std::fmt;
use std::path::{Path, PathBuf};

/// How bad a diagnostic is: errors fail the build, warnings are printed and the build goes on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// The site cannot be built until this is fixed.
    Error,
    /// Worth knowing; the site is still built.
    Warning,
}

/// One problem, located in a file.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Diagnostic {
    /// Error or warning.
    pub severity: Severity,
    /// The file, relative to the site root (`content/news/x.md`), or empty for the whole site.
    pub file: PathBuf,
    /// 1-based line, 0 when the problem is the whole file.
    pub line: usize,
    /// 1-based column in characters, 0 when unknown.
    pub column: usize,
    /// How many characters the caret underlines (at least 1).
    pub width: usize,
    /// The source line, when there is one.
    pub source_line: Option<String>,
    /// What is wrong.
    pub message: String,
    /// What to do about it.
    pub hint: Option<String>,
}

impl Diagnostic {
    /// An error about a whole file (or the whole site when `file` is empty).
    pub fn error(file: impl Into<PathBuf>, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            file: file.into(),
            line: 0,
            column: 0,
            width: 1,
            source_line: None,
            message: message.into(),
            hint: None,
        }
    }

    /// A warning about a whole file.
    pub fn warning(file: impl Into<PathBuf>, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(file, message)
        }
    }

    /// Places the diagnostic at `line`/`column` (1-based) of `source`, copying that line.
    pub fn at(mut self, source: &str, line: usize, column: usize, width: usize) -> Self {
        self.line = line;
        self.column = column.max(1);
        self.width = width.max(1);
        self.source_line = source
            .lines()
            .nth(line.saturating_sub(1))
            .map(|l| l.trim_end_matches('\r').to_string());
        self
    }

    /// Places the diagnostic at a byte offset of `source`.
    pub fn at_offset(self, source: &str, offset: usize, width_bytes: usize) -> Self {
        let (line, column) = line_column(source, offset);
        let end = (offset + width_bytes).min(source.len());
        let width = source
            .get(offset.min(end)..end)
            .map_or(1, |s| s.chars().take_while(|c| *c != '\n').count());
        self.at(source, line, column, width)
    }

    /// Adds the hint line.
    pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    /// True for errors.
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

/// 1-based line and column (in characters) of a byte offset.
pub fn line_column(source: &str, offset: usize) -> (usize, usize) {
    let mut offset = offset.min(source.len());
    while !source.is_char_boundary(offset) {
        offset -= 1;
    }
    let before = &source[..offset];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let column = before[line_start..].chars().count() + 1;
    (line, column)
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let label = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        writeln!(f, "{label}: {}", self.message)?;
        let file = self.file.display();
        match (self.file.as_os_str().is_empty(), self.line) {
            (true, _) => {}
            (false, 0) => writeln!(f, "  --> {file}")?,
            (false, line) => writeln!(f, "  --> {file}:{line}:{}", self.column)?,
        }
        let number = self.line.to_string();
        let pad = " ".repeat(if self.source_line.is_some() {
            number.len()
        } else {
            1
        });
        if let Some(source_line) = &self.source_line {
            let shown = source_line.replace('\t', "    ");
            let caret_pad: String = source_line
                .chars()
                .take(self.column.saturating_sub(1))
                .map(|c| if c == '\t' { "    " } else { " " })
                .collect();
            writeln!(f, " {pad} |")?;
            writeln!(f, " {number} | {}", shown.trim_end())?;
            writeln!(f, " {pad} | {caret_pad}{}", "^".repeat(self.width))?;
        }
        if let Some(hint) = &self.hint {
            writeln!(f, " {pad} = hint: {hint}")?;
        }
        Ok(())
    }
}

/// The diagnostics of one run, in the order they were found.
#[derive(Debug, Default, Clone)]
pub struct Diagnostics {
    list: Vec<Diagnostic>,
    /// How many of the errors were warnings that `promote_warnings` made errors, for the
    /// summary line to say why they fail the run.
    promoted: usize,
}

impl Diagnostics {
    /// An empty list.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds one.
    pub fn push(&mut self, diagnostic: Diagnostic) {
        self.list.push(diagnostic);
    }

    /// Adds many.
    pub fn extend(&mut self, diagnostics: impl IntoIterator<Item = Diagnostic>) {
        self.list.extend(diagnostics);
    }

    /// True when any is an error.
    pub fn has_errors(&self) -> bool {
        self.list.iter().any(Diagnostic::is_error)
    }

    /// How many errors.
    pub fn error_count(&self) -> usize {
        self.list.iter().filter(|d| d.is_error()).count()
    }

    /// How many warnings.
    pub fn warning_count(&self) -> usize {
        self.list.len() - self.error_count()
    }

    /// Makes every warning an error (`--strict`): a run that counts warnings as errors
    /// reports and fails on them as on any other error.
    pub fn promote_warnings(&mut self) {
        for diagnostic in self.list.iter_mut().filter(|d| !d.is_error()) {
            diagnostic.severity = Severity::Error;
            self.promoted += 1;
        }
    }

    /// How many errors were warnings before `promote_warnings`.
    pub(crate) fn promoted_count(&self) -> usize {
        self.promoted
    }

    /// Sorted by file, then position, so output is stable whatever order threads finished in.
    pub fn sorted(&self) -> Vec<&Diagnostic> {
        let mut sorted: Vec<&Diagnostic> = self.list.iter().collect();
        sorted.sort_by(|a, b| {
            (&a.file, a.line, a.column, &a.message).cmp(&(&b.file, b.line, b.column, &b.message))
        });
        sorted
    }

    /// All of them, in the order found.
    pub fn iter(&self) -> impl Iterator<Item = &Diagnostic> {
        self.list.iter()
    }

    /// True when there is none.
    pub fn is_empty(&self) -> bool {
        self.list.is_empty()
    }

    /// How many files have an error.
    pub fn files_with_errors(&self) -> usize {
        let mut files: Vec<&Path> = self
            .list
            .iter()
            .filter(|d| d.is_error())
            .map(|d| d.file.as_path())
            .collect();
        files.sort();
        files.dedup();
        files.len()
    }
}

impl IntoIterator for Diagnostics {
    type Item = Diagnostic;
    type IntoIter = std::vec::IntoIter<Diagnostic>;
    fn into_iter(self) -> Self::IntoIter {
        self.list.into_iter()
    }
}

/// The closest candidate to `word` by edit distance, for "did you mean" hints.
pub fn closest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let limit = (word.chars().count() / 3).max(2);
    candidates
        .into_iter()
        .map(|c| (edit_distance(word, c), c))
        .filter(|(d, _)| *d <= limit)
        .min_by(|a, b| a.0.cmp(&b.0).then(a.1.cmp(b.1)))
        .map(|(_, c)| c)
}

/// Levenshtein distance in characters.
pub fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut previous = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let substitute = previous + usize::from(ca != *cb);
            previous = row[j + 1];
            row[j + 1] = substitute.min(row[j] + 1).min(previous + 1);
        }
    }
    row[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prints_file_line_caret_and_hint() {
        let source = "title: x\nfonded: 2020\n";
        let d = Diagnostic::error("content/a.md", "unknown field `fonded`")
            .at(source, 2, 1, 6)
            .with_hint("did you mean `founded`?");
        let text = d.to_string();
        assert_eq!(
            text,
            "error: unknown field `fonded`\n  --> content/a.md:2:1\n   |\n 2 | fonded: 2020\n   | ^^^^^^\n   = hint: did you mean `founded`?\n"
        );
    }

    #[test]
    fn offsets_become_line_and_column_in_characters() {
        assert_eq!(line_column("ab\n金凤x", 9), (2, 3));
        assert_eq!(line_column("abc", 0), (1, 1));
    }

    #[test]
    fn promoted_warnings_are_errors_and_counted() {
        let mut d = Diagnostics::new();
        d.push(Diagnostic::error("content/a.md", "an error"));
        d.push(Diagnostic::warning("content/b.md", "a warning"));
        d.promote_warnings();
        assert_eq!((d.error_count(), d.warning_count()), (2, 0));
        assert_eq!(d.promoted_count(), 1);
        d.promote_warnings();
        assert_eq!(d.promoted_count(), 1, "an error is promoted once");
    }

    #[test]
    fn closest_finds_near_words_only() {
        assert_eq!(closest("fonded", ["founded", "city"]), Some("founded"));
        assert_eq!(closest("zzz", ["founded", "city"]), None);
    }
}

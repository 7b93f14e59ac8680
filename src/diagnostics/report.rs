//! What gazette prints about a run: diagnostics grouped per file, in colour on a terminal,
//! or as one JSON object for editors and CI.
//!
//! The plain text written into a pipe or a file is exactly each diagnostic's `Display`
//! form, so scripts, logs and the test snapshots see the same bytes whatever the terminal
//! could do. Only when the output is a terminal (or `CLICOLOR_FORCE` asks to behave as if it
//! were) does gazette add a heading line per file and, unless `NO_COLOR` is set, colours.
//! This module owns that decision so that `build`, `check` and `serve` print alike.

use std::io::{self, IsTerminal, Write};
use std::path::Path;

use anstyle::{AnsiColor, Style};
use serde::Serialize;

use crate::diagnostics::{Diagnostic, Diagnostics, Severity};

/// How output looks on one stream: for a terminal (headings), in colour, or neither.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Console {
    /// Written for a person at a terminal: per-file headings, progress.
    pub is_terminal: bool,
    /// ANSI colours are wanted.
    pub color: bool,
}

impl Console {
    /// The console of standard error, where diagnostics go.
    pub fn stderr() -> Console {
        Console::detect(io::stderr().is_terminal())
    }

    /// The console of standard output, where summaries go.
    pub fn stdout() -> Console {
        Console::detect(io::stdout().is_terminal())
    }

    /// Plain text, as into a pipe.
    pub fn plain() -> Console {
        Console::default()
    }

    /// Decides from whether the stream is a terminal and from the environment:
    /// `CLICOLOR_FORCE` writes for a terminal even into a pipe, `NO_COLOR` always wins over
    /// colours (<https://no-color.org>), and a `dumb` or missing `TERM` gets none.
    pub fn detect(stream_is_terminal: bool) -> Console {
        let forced = anstyle_query::clicolor_force();
        let is_terminal = stream_is_terminal || forced;
        let color =
            is_terminal && !anstyle_query::no_color() && (forced || anstyle_query::term_supports_color());
        Console { is_terminal, color }
    }

    /// `style` when colours are on, else no style at all.
    pub fn style(&self, style: Style) -> Style {
        if self.color { style } else { Style::new() }
    }

    /// `text` painted in `style` (or as is without colours).
    pub fn paint(&self, style: Style, text: &str) -> String {
        let style = self.style(style);
        format!("{style}{text}{style:#}")
    }
}

/// The style of a success line ("Built …").
pub const SUCCESS: Style = AnsiColor::Green.on_default().bold();
/// The style of a per-file heading.
pub const HEADING: Style = Style::new().bold().underline();
/// The style of an error label.
pub const ERROR: Style = AnsiColor::Red.on_default().bold();
/// The style of a warning label.
pub const WARNING: Style = AnsiColor::Yellow.on_default().bold();
const GUTTER: Style = AnsiColor::Blue.on_default().bold();
const HINT: Style = AnsiColor::Cyan.on_default();
const MESSAGE: Style = Style::new().bold();

/// Writes every diagnostic, sorted by file and line, then the count of errors.
///
/// Without a terminal the text is each diagnostic's `Display` form followed by a blank
/// line, byte for byte. On a terminal each file's diagnostics follow a heading line naming
/// the file and what it has.
pub fn write_diagnostics(
    out: &mut dyn Write,
    diagnostics: &Diagnostics,
    console: &Console,
) -> io::Result<()> {
    let sorted = diagnostics.sorted();
    let mut current: Option<&Path> = None;
    for (i, diagnostic) in sorted.iter().enumerate() {
        let file = diagnostic.file.as_path();
        if console.is_terminal && current != Some(file) && !file.as_os_str().is_empty() {
            let same_file = sorted[i..].iter().take_while(|d| d.file == diagnostic.file);
            let (errors, warnings) = same_file.fold((0, 0), |(e, w), d| match d.severity {
                Severity::Error => (e + 1, w),
                Severity::Warning => (e, w + 1),
            });
            let counts = [(errors, "error", "errors"), (warnings, "warning", "warnings")]
                .iter()
                .filter(|(n, _, _)| *n > 0)
                .map(|(n, one, many)| format!("{n} {}", if *n == 1 { one } else { many }))
                .collect::<Vec<_>>()
                .join(", ");
            writeln!(
                out,
                "{} ({counts})",
                console.paint(HEADING, &file.display().to_string())
            )?;
        }
        current = Some(file);
        write_diagnostic(out, diagnostic, console)?;
        writeln!(out)?;
    }
    let errors = diagnostics.error_count();
    if errors > 0 {
        let files = diagnostics.files_with_errors();
        writeln!(
            out,
            "{}: {} in {} {}{}",
            console.paint(ERROR, "error"),
            count(errors, "problem", "problems"),
            files,
            if files == 1 { "file" } else { "files" },
            strict_note(diagnostics.promoted_count())
        )?;
    }
    Ok(())
}

/// ` (--strict: 2 warnings counted as errors)` after the count of problems, or nothing: a
/// reader who sees a familiar warning printed as an error learns why.
fn strict_note(promoted: usize) -> String {
    match promoted {
        0 => String::new(),
        1 => " (--strict: 1 warning counted as an error)".to_string(),
        n => format!(
            " (--strict: {} counted as errors)",
            count(n, "warning", "warnings")
        ),
    }
}

/// Writes one diagnostic: its `Display` form, painted when the console has colours.
pub fn write_diagnostic(out: &mut dyn Write, d: &Diagnostic, console: &Console) -> io::Result<()> {
    if !console.color {
        return write!(out, "{d}");
    }
    let (label, label_style) = match d.severity {
        Severity::Error => ("error", ERROR),
        Severity::Warning => ("warning", WARNING),
    };
    let gutter = |text: &str| console.paint(GUTTER, text);
    writeln!(
        out,
        "{}{} {}",
        console.paint(label_style, label),
        console.paint(MESSAGE, ":"),
        console.paint(MESSAGE, &d.message)
    )?;
    let file = d.file.display();
    match (d.file.as_os_str().is_empty(), d.line) {
        (true, _) => {}
        (false, 0) => writeln!(out, "  {} {file}", gutter("-->"))?,
        (false, line) => writeln!(out, "  {} {file}:{line}:{}", gutter("-->"), d.column)?,
    }
    let number = d.line.to_string();
    let pad = " ".repeat(if d.source_line.is_some() { number.len() } else { 1 });
    if let Some(source_line) = &d.source_line {
        let shown = source_line.replace('\t', "    ");
        let caret_pad: String = source_line
            .chars()
            .take(d.column.saturating_sub(1))
            .map(|c| if c == '\t' { "    " } else { " " })
            .collect();
        writeln!(out, " {pad} {}", gutter("|"))?;
        writeln!(out, " {} {}", gutter(&format!("{number} |")), shown.trim_end())?;
        writeln!(
            out,
            " {pad} {} {caret_pad}{}",
            gutter("|"),
            console.paint(label_style, &"^".repeat(d.width))
        )?;
    }
    if let Some(hint) = &d.hint {
        writeln!(
            out,
            " {pad} {} {}",
            gutter("="),
            console.paint(HINT, &format!("hint: {hint}"))
        )?;
    }
    Ok(())
}

/// Prints diagnostics to standard error for whoever reads it.
pub fn print_diagnostics(diagnostics: &Diagnostics) {
    let console = Console::stderr();
    let mut err = io::stderr().lock();
    // Nothing useful is left to do when standard error itself cannot be written.
    let _ = write_diagnostics(&mut err, diagnostics, &console);
}

/// The machine-readable report of a run (`--format json`).
#[derive(Debug, Serialize)]
pub struct JsonReport<'a> {
    /// Every diagnostic, sorted by file and position.
    pub diagnostics: Vec<&'a Diagnostic>,
    /// How many are errors.
    pub errors: usize,
    /// How many are warnings.
    pub warnings: usize,
    /// HTML pages built or checked; absent when the run failed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pages: Option<usize>,
}

impl<'a> JsonReport<'a> {
    /// The report of `diagnostics`, with the page count of a successful run.
    pub fn new(diagnostics: &'a Diagnostics, pages: Option<usize>) -> Self {
        JsonReport {
            diagnostics: diagnostics.sorted(),
            errors: diagnostics.error_count(),
            warnings: diagnostics.warning_count(),
            pages,
        }
    }

    /// The report as pretty-printed JSON; fails only for a file name that is not UTF-8.
    pub fn to_json(&self) -> Result<String, serde_json::Error> {
        serde_json::to_string_pretty(self)
    }
}

/// `1 page`, `1,012 pages`.
pub fn count(n: usize, one: &str, many: &str) -> String {
    format!("{} {}", thousands(n), if n == 1 { one } else { many })
}

/// `1012` → `1,012`.
pub fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Diagnostics {
        let source = "title: x\n\tfonded: 2020\n";
        let mut d = Diagnostics::new();
        d.push(
            Diagnostic::error("content/b.md", "unknown field `fonded`")
                .at(source, 2, 2, 6)
                .with_hint("did you mean `founded`?"),
        );
        d.push(Diagnostic::warning("content/a.md", "skipped a symbolic link"));
        d.push(Diagnostic::error("content/b.md", "the front matter is never closed").at(source, 1, 1, 3));
        d.push(Diagnostic::error("", "the whole site").with_hint("a hint"));
        d
    }

    fn written(diagnostics: &Diagnostics, console: Console) -> String {
        let mut out = Vec::new();
        write_diagnostics(&mut out, diagnostics, &console).unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn plain_text_is_exactly_the_display_form() {
        let diagnostics = sample();
        let mut expected = String::new();
        for d in diagnostics.sorted() {
            expected.push_str(&format!("{d}\n"));
        }
        expected.push_str("error: 3 problems in 2 files\n");
        assert_eq!(written(&diagnostics, Console::plain()), expected);
    }

    #[test]
    fn a_terminal_gets_a_heading_per_file() {
        let text = written(
            &sample(),
            Console {
                is_terminal: true,
                color: false,
            },
        );
        assert!(text.starts_with("error: the whole site\n"), "{text}");
        assert_eq!(text.matches("content/b.md (2 errors)\n").count(), 1, "{text}");
        assert!(
            text.contains("content/a.md (1 warning)\nwarning: skipped"),
            "{text}"
        );
        assert!(!text.contains('\u{1b}'), "{text}");
    }

    #[test]
    fn colours_paint_the_same_text() {
        let colored = written(
            &sample(),
            Console {
                is_terminal: true,
                color: true,
            },
        );
        assert!(colored.contains('\u{1b}'));
        let stripped = strip_ansi(&colored);
        let uncolored = written(
            &sample(),
            Console {
                is_terminal: true,
                color: false,
            },
        );
        assert_eq!(stripped, uncolored);
    }

    #[test]
    fn json_report_counts_and_orders() {
        let diagnostics = sample();
        let json: serde_json::Value =
            serde_json::from_str(&JsonReport::new(&diagnostics, None).to_json().unwrap()).unwrap();
        assert_eq!(json["errors"], 3);
        assert_eq!(json["warnings"], 1);
        assert!(json.get("pages").is_none());
        assert_eq!(json["diagnostics"][1]["file"], "content/a.md");
        assert_eq!(json["diagnostics"][2]["line"], 1);
    }

    #[test]
    fn the_count_of_problems_says_which_were_warnings_under_strict() {
        let mut diagnostics = sample();
        diagnostics.promote_warnings();
        let text = written(&diagnostics, Console::plain());
        assert!(!text.contains("warning: skipped"), "{text}");
        assert!(text.contains("error: skipped a symbolic link\n"), "{text}");
        assert!(
            text.ends_with("error: 4 problems in 3 files (--strict: 1 warning counted as an error)\n"),
            "{text}"
        );
        let json: serde_json::Value =
            serde_json::from_str(&JsonReport::new(&diagnostics, None).to_json().unwrap()).unwrap();
        assert_eq!(
            (json["errors"].as_u64(), json["warnings"].as_u64()),
            (Some(4), Some(0))
        );
        assert_eq!(json["diagnostics"][1]["severity"], "error");
    }

    #[test]
    fn thousands_are_grouped() {
        assert_eq!(thousands(1012), "1,012");
        assert_eq!(count(1, "page", "pages"), "1 page");
        assert_eq!(count(1_234_567, "page", "pages"), "1,234,567 pages");
    }

    fn strip_ansi(text: &str) -> String {
        let mut out = String::new();
        let mut chars = text.chars();
        while let Some(c) = chars.next() {
            if c == '\u{1b}' {
                for c in chars.by_ref() {
                    if c == 'm' {
                        break;
                    }
                }
            } else {
                out.push(c);
            }
        }
        out
    }
}

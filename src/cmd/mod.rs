//! One module per subcommand; each returns the process exit status.

pub mod build;
pub mod check;

use gazette::diagnostics::Diagnostics;

/// Prints diagnostics to stderr, sorted by file and line, then a count.
pub fn print_diagnostics(diagnostics: &Diagnostics) {
    for diagnostic in diagnostics.sorted() {
        eprintln!("{diagnostic}");
    }
    let errors = diagnostics.error_count();
    if errors > 0 {
        eprintln!(
            "error: {} in {} {}",
            plural(errors, "problem", "problems"),
            diagnostics.files_with_errors(),
            if diagnostics.files_with_errors() == 1 {
                "file"
            } else {
                "files"
            }
        );
    }
}

/// `1 page`, `1,012 pages`.
pub fn plural(n: usize, one: &str, many: &str) -> String {
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

/// Pages people read: the HTML files, not feeds, sitemaps or robots.txt.
pub fn html_pages(files: &[gazette::output::OutputFile]) -> usize {
    files
        .iter()
        .filter(|f| f.path.extension().is_some_and(|e| e == "html"))
        .count()
}

//! `gazette init DIR`: a new site with the default theme and sample items.

use gazette::diagnostics::{Diagnostic, Diagnostics};
use gazette::scaffold::starter::{self, InitError};

use super::{plural, print_diagnostics, shown};
use crate::cli::InitArgs;

pub(crate) fn run(args: &InitArgs) -> i32 {
    let dir = &args.dir;
    match starter::init(dir, args.force) {
        Ok(report) => {
            let place = shown(dir);
            if report.created.is_empty() {
                println!("Nothing to add: {place} already has every file of the starter site.");
                return 0;
            }
            super::success(
                "Created",
                &format!(
                    "a new site in {place} ({}).",
                    plural(report.created.len(), "file", "files")
                ),
            );
            if !report.skipped.is_empty() {
                println!(
                    "Kept {} that already existed:",
                    plural(report.skipped.len(), "file", "files")
                );
                for path in &report.skipped {
                    println!("  {}", path.display());
                }
            }
            println!();
            println!("Next:");
            if place != "." {
                println!("  cd {}", shell_word(&place));
            }
            println!("  gazette serve --open                 # builds the site and shows it in your browser");
            println!("  gazette new news \"Your first news\"   # a new item to write");
            println!(
                "serve rebuilds and reloads the page on every save; `gazette build` writes output/ to publish."
            );
            0
        }
        Err(InitError::NotEmpty { dir, entries }) => {
            let mut shown_entries = entries.iter().take(3).cloned().collect::<Vec<_>>().join(", ");
            if entries.len() > 3 {
                shown_entries.push_str(", …");
            }
            let mut d = Diagnostics::new();
            d.push(
                Diagnostic::error(
                    "",
                    format!("{} is not empty (it holds {shown_entries})", shown(&dir)),
                )
                .with_hint(
                    "choose a new folder, or pass --force to add the missing files (existing files are kept)",
                ),
            );
            print_diagnostics(&d);
            2
        }
        Err(err @ InitError::Io { .. }) => {
            let mut d = Diagnostics::new();
            d.push(Diagnostic::error("", err.to_string()).with_hint("check that the folder is writable"));
            print_diagnostics(&d);
            2
        }
    }
}

/// Quotes a path for the shell when it needs it.
fn shell_word(text: &str) -> String {
    if text.chars().all(|c| c.is_alphanumeric() || "-_./".contains(c)) {
        text.to_string()
    } else {
        format!("'{}'", text.replace('\'', "'\\''"))
    }
}

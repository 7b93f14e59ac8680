//! `gazette import zola|hugo|jekyll SOURCE DEST`: a new site made from another generator's,
//! with the default theme; prints the report the new site keeps as `IMPORT.md`.

use gazette::diagnostics::{Diagnostic, Diagnostics};
use gazette::import::{self, Generator, ImportError, ImportOptions};
use gazette::scaffold::starter;

use super::{print_diagnostics, shown};
use crate::cli::{ImportArgs, ImportFrom};

pub(crate) fn run(args: &ImportArgs) -> i32 {
    let generator = match args.generator {
        ImportFrom::Zola => Generator::Zola,
        ImportFrom::Hugo => Generator::Hugo,
        ImportFrom::Jekyll => Generator::Jekyll,
    };
    let options = ImportOptions {
        generator,
        source: &args.source,
        dest: &args.dest,
        extra_files: starter::theme_files()
            .into_iter()
            .map(|f| (f.path, f.bytes))
            .collect(),
        default_title: starter::site_title(&args.source),
    };
    match import::import(options) {
        Ok(report) => {
            print!("{}", report.text());
            println!();
            let place = shown(&args.dest);
            super::success(
                "Imported",
                &format!(
                    "{} into {place}; the report is in {place}/IMPORT.md. Next: gazette build --root {place}",
                    super::plural(report.files, "content file", "content files")
                ),
            );
            0
        }
        Err(err) => {
            let hint = match &err {
                ImportError::NotEmpty { .. } => {
                    "choose a new folder: the import writes a whole site and never mixes it with other files"
                }
                ImportError::NotASite { .. } => {
                    "name the folder holding the old site's configuration, and its generator"
                }
                ImportError::Io { .. } => "check that the files are readable and the new folder writable",
            };
            let mut d = Diagnostics::new();
            d.push(Diagnostic::error("", err.to_string()).with_hint(hint));
            print_diagnostics(&d);
            2
        }
    }
}

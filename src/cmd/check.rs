//! `gazette check`: everything `build` checks, plus every internal link of the rendered
//! pages; writes nothing.

use gazette::{BuildOptions, render_site};

use super::{plural, print_diagnostics};
use crate::cli::CheckArgs;

pub fn run(args: &CheckArgs) -> i32 {
    let options = BuildOptions {
        root: args.root.clone(),
        drafts: args.drafts,
        ..BuildOptions::default()
    };
    match render_site(&options) {
        Ok(rendered) => {
            let mut diagnostics = rendered.diagnostics.clone();
            diagnostics.extend(gazette::check::links(&rendered));
            print_diagnostics(&diagnostics);
            if diagnostics.has_errors() {
                return 1;
            }
            if !args.quiet {
                println!(
                    "Checked {} and {}: no problems",
                    plural(super::html_pages(&rendered.files), "page", "pages"),
                    plural(rendered.statics.len(), "static file", "static files")
                );
            }
            0
        }
        Err(err) => {
            print_diagnostics(err.diagnostics());
            err.exit_code()
        }
    }
}

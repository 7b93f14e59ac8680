//! `gazette check`: everything `build` checks, plus every internal link of the rendered
//! pages; writes nothing.

use gazette::{BuildOptions, render_site};

use super::{plural, print_diagnostics, print_json};
use crate::cli::{CheckArgs, Format};

pub(crate) fn run(args: &CheckArgs) -> i32 {
    let Ok((body_memory, card_memory)) = super::memory_budgets() else {
        return 2;
    };
    let options = BuildOptions {
        root: args.root.clone(),
        drafts: args.drafts,
        future: args.future,
        // Dates from git change no link, and a check should not wait for the history.
        no_git: true,
        strict: args.strict,
        links: args.links.map(Into::into),
        body_memory,
        card_memory,
        ..BuildOptions::default()
    };
    let json = args.format == Format::Json;
    match render_site(&options) {
        Ok(rendered) => {
            let mut diagnostics = gazette::diagnostics::Diagnostics::new();
            // A site that has search on and no page to search from is broken: a build
            // only warns, to keep publishing; a check fails.
            diagnostics.extend(rendered.diagnostics.iter().cloned().map(|mut d| {
                if d.message.starts_with(gazette::render::search::MISSING_PAGE) {
                    d.severity = gazette::diagnostics::Severity::Error;
                }
                d
            }));
            diagnostics.extend(gazette::render::link_check::links(
                &rendered.lookup.site,
                &rendered.files,
                &rendered.statics,
            ));
            diagnostics.extend(gazette::render::cms::front_matter::drift(
                &args.root,
                &rendered.lookup.site,
            ));
            if args.strict {
                diagnostics.promote_warnings();
            }
            let code = i32::from(diagnostics.has_errors());
            if json {
                let pages = (code == 0).then(|| rendered.html_page_count());
                return print_json(&diagnostics, pages, code);
            }
            print_diagnostics(&diagnostics);
            if code != 0 {
                return code;
            }
            if !args.quiet {
                super::success(
                    "Checked",
                    &format!(
                        "{} and {}: no problems",
                        plural(rendered.html_page_count(), "page", "pages"),
                        plural(rendered.statics.len(), "static file", "static files")
                    ),
                );
            }
            0
        }
        Err(err) => {
            if json {
                return print_json(err.diagnostics(), None, err.exit_code());
            }
            print_diagnostics(err.diagnostics());
            err.exit_code()
        }
    }
}

//! `gazette serve`.

use gazette::BuildOptions;
use gazette::serve::{ServeError, ServeOptions, serve};

use crate::cli::ServeArgs;

pub(crate) fn run(args: &ServeArgs) -> i32 {
    let options = ServeOptions {
        build: BuildOptions {
            root: args.root.clone(),
            output: args.output.clone(),
            drafts: args.drafts,
            ..BuildOptions::default()
        },
        bind: args.bind,
        port: args.port,
    };
    let result = serve(
        options,
        |line| eprintln!("{line}"),
        |url| {
            println!("Serving the site at {url} (Ctrl-C stops)");
            if args.open {
                open_browser(url);
            }
        },
    );
    match result {
        Ok(()) => 0,
        Err(err @ ServeError::Bind { .. }) => {
            eprintln!("error: {err}");
            eprintln!(
                "   = hint: another program uses that port; pass --port N (or --port 0 for any free port)"
            );
            2
        }
        Err(err) => {
            eprintln!("error: {err}");
            2
        }
    }
}

/// Opens `url` in the browser; a machine without one gets a warning, not a failure: the
/// site is served all the same.
fn open_browser(url: &str) {
    if let Err(err) = opener::open_browser(url) {
        eprintln!("warning: cannot open a browser: {err}");
        eprintln!("   = hint: open {url} yourself, or set BROWSER to the browser's command");
    }
}

//! `gazette man [COMMAND]`: the manual page in roff, generated from the clap definitions.
//! `gazette man > gazette.1`, or `gazette man build > gazette-build.1` for a subcommand.

use clap::CommandFactory;
use gazette::diagnostics::{Diagnostic, Diagnostics};

use crate::cli::{Cli, ManArgs};

pub(crate) fn run(args: &ManArgs) -> i32 {
    let command = Cli::command();
    let page = match &args.command {
        None => command,
        Some(name) => match command.find_subcommand(name) {
            Some(sub) => {
                let display = format!("gazette-{}", sub.get_name());
                let bin = format!("gazette {}", sub.get_name());
                sub.clone()
                    .display_name(display)
                    .bin_name(bin)
                    .version(env!("CARGO_PKG_VERSION"))
            }
            None => {
                let names: Vec<&str> = command.get_subcommands().map(|c| c.get_name()).collect();
                let mut d = Diagnostics::new();
                d.push(
                    Diagnostic::error("", format!("gazette has no command `{name}`"))
                        .with_hint(format!("the commands are: {}", names.join(", "))),
                );
                super::print_diagnostics(&d);
                return 2;
            }
        },
    };
    let mut out = std::io::stdout();
    match clap_mangen::Man::new(page).render(&mut out) {
        Ok(()) => 0,
        Err(err) => {
            eprintln!("error: cannot write the manual page: {err}");
            2
        }
    }
}

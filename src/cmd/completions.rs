//! `gazette completions SHELL`: the completion script, generated from the clap definitions
//! so it never lags behind the flags.

use clap::CommandFactory;

use crate::cli::{Cli, CompletionsArgs};

pub(crate) fn run(args: &CompletionsArgs) -> i32 {
    let mut command = Cli::command();
    clap_complete::generate(args.shell, &mut command, "gazette", &mut std::io::stdout());
    0
}

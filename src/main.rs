//! The `gazette` command: parses the command line and hands over to `cmd::<subcommand>`.

mod cli;
mod cmd;

use clap::Parser;

fn main() {
    let cli = cli::Cli::parse();
    let code = match cli.command {
        cli::Command::Build(args) => cmd::build::run(&args),
        cli::Command::Check(args) => cmd::check::run(&args),
    };
    std::process::exit(code);
}

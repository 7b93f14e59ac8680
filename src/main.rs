//! The `gazette` command: parses the command line and hands over to `cmd::<subcommand>`.

mod cli;
mod cmd;

use clap::Parser;

// jemalloc: 10–15 % less CPU than glibc's malloc on a 10,000-item build, for 9 MiB more
// peak (BENCHMARKS.md). Measured before pages were written as they render, it cost 50 MiB.
// `.cargo/config.toml` has it give freed pages back after one second instead of ten.
#[global_allocator]
static GLOBAL: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;

fn main() {
    let cli = cli::Cli::parse();
    let code = match cli.command {
        cli::Command::Build(args) => cmd::build::run(&args),
        cli::Command::Check(args) => cmd::check::run(&args),
        #[cfg(feature = "serve")]
        cli::Command::Serve(args) => cmd::serve::run(&args),
        cli::Command::Init(args) => cmd::init::run(&args),
        cli::Command::New(args) => cmd::new::run(&args),
        cli::Command::Import(args) => cmd::import::run(&args),
        cli::Command::Cms(args) => cmd::cms::run(&args),
        cli::Command::Completions(args) => cmd::completions::run(&args),
        cli::Command::Man(args) => cmd::man::run(&args),
    };
    std::process::exit(code);
}

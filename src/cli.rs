//! The command line, as clap definitions. The flags are a contract (see DESIGN.md):
//! tests, docs and users rely on them.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

/// A static site generator for information websites.
#[derive(Debug, Parser)]
#[command(name = "gazette", version, about, long_about = None)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Build the site into its output folder.
    Build(BuildArgs),
    /// Check everything a build checks, and every internal link, writing nothing.
    Check(CheckArgs),
}

#[derive(Debug, Args)]
pub struct BuildArgs {
    /// The site's folder (holding site.yaml).
    #[arg(long, default_value = ".")]
    pub root: PathBuf,
    /// Where to write the site [default: ROOT/output].
    #[arg(long)]
    pub output: Option<PathBuf>,
    /// Build for another base URL (a preview deployment).
    #[arg(long)]
    pub base_url: Option<String>,
    /// Include items marked `draft: true`.
    #[arg(long)]
    pub drafts: bool,
    /// Print only problems.
    #[arg(long, short)]
    pub quiet: bool,
    /// Print the time each stage took.
    #[arg(long, short)]
    pub verbose: bool,
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// The site's folder (holding site.yaml).
    #[arg(long, default_value = ".")]
    pub root: PathBuf,
    /// Check with items marked `draft: true`.
    #[arg(long)]
    pub drafts: bool,
    /// Print only problems.
    #[arg(long, short)]
    pub quiet: bool,
}

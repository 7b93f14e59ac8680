//! The command line, as clap definitions. The flags are a contract (see DESIGN.md):
//! tests, docs and users rely on them.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

/// A static site generator for information websites.
#[derive(Debug, Parser)]
#[command(name = "gazette", version, about, long_about = None)]
pub(crate) struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub(crate) enum Command {
    /// Build the site into its output folder.
    Build(BuildArgs),
    /// Check everything a build checks, and every internal link, writing nothing.
    Check(CheckArgs),
    /// Build, serve the site, and rebuild and reload the browser on every save.
    #[cfg(feature = "serve")]
    Serve(ServeArgs),
    /// Create a new site: the default theme, a site.yaml, sample items.
    Init(InitArgs),
    /// Create a content file in a collection from its archetype.
    New(NewArgs),
    /// Make a new site from a Zola, Hugo or Jekyll site, and report what needs a hand edit.
    Import(ImportArgs),
    /// Write the editors' configuration from the schema (frontmatter.json for VS Code).
    Cms(CmsArgs),
    /// Print a shell completion script (bash, zsh, fish, …).
    Completions(CompletionsArgs),
    /// Print the manual page (roff), for `man`.
    Man(ManArgs),
}

#[derive(Debug, Args)]
pub(crate) struct CmsArgs {
    /// The site's folder (holding site.yaml).
    #[arg(long, default_value = ".")]
    pub root: PathBuf,
    /// Write nothing; fail (status 1) when frontmatter.json is missing or out of date.
    #[arg(long)]
    pub check: bool,
}

#[derive(Debug, Args)]
pub(crate) struct BuildArgs {
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
    /// Include items dated in the future (held back until their date otherwise).
    #[arg(long)]
    pub future: bool,
    /// Do not read `updated` dates from git history.
    #[arg(long)]
    pub no_git: bool,
    /// Count every warning as an error, failing with status 1 and writing nothing (for CI).
    #[arg(long)]
    pub strict: bool,
    /// What a broken link is in this build [default: site.yaml's `links`, else error].
    #[arg(long, value_enum)]
    pub links: Option<LinksArg>,
    /// Print only problems.
    #[arg(long, short)]
    pub quiet: bool,
    /// Print the time each stage took.
    #[arg(long, short)]
    pub verbose: bool,
    /// How to print problems: text for people, json for editors and CI.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
}

#[derive(Debug, Args)]
pub(crate) struct CheckArgs {
    /// The site's folder (holding site.yaml).
    #[arg(long, default_value = ".")]
    pub root: PathBuf,
    /// Check with items marked `draft: true`.
    #[arg(long)]
    pub drafts: bool,
    /// Check with items dated in the future.
    #[arg(long)]
    pub future: bool,
    /// Count every warning as an error, failing with status 1 (for CI).
    #[arg(long)]
    pub strict: bool,
    /// What a broken link is in this check [default: site.yaml's `links`, else error].
    #[arg(long, value_enum)]
    pub links: Option<LinksArg>,
    /// Print only problems.
    #[arg(long, short)]
    pub quiet: bool,
    /// How to print problems: text for people, json for editors and CI.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
}

/// What a broken link is (`--links`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum LinksArg {
    /// An error: nothing is written.
    Error,
    /// A warning: the site is written (while migrating a site).
    Warn,
}

impl From<LinksArg> for gazette::model::config::LinkProblems {
    fn from(arg: LinksArg) -> Self {
        match arg {
            LinksArg::Error => Self::Error,
            LinksArg::Warn => Self::Warn,
        }
    }
}

/// How `build` and `check` report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum Format {
    /// Diagnostics with source lines and hints, and a summary line.
    Text,
    /// One JSON object on standard output: `diagnostics`, `errors`, `warnings`, `pages`.
    Json,
}

#[derive(Debug, Args)]
pub(crate) struct InitArgs {
    /// The folder to create the site in (created when missing).
    #[arg(default_value = ".")]
    pub dir: PathBuf,
    /// Add the starter files to a folder that is not empty; existing files are kept.
    #[arg(long)]
    pub force: bool,
}

#[derive(Debug, Args)]
pub(crate) struct ImportArgs {
    /// The generator the old site is made for.
    #[arg(value_enum)]
    pub generator: ImportFrom,
    /// The old site's folder (holding config.toml, hugo.toml or _config.yml).
    pub source: PathBuf,
    /// The new site's folder: created when missing, refused when not empty.
    pub dest: PathBuf,
}

/// The generators `gazette import` reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum ImportFrom {
    /// A Zola site.
    Zola,
    /// A Hugo site.
    Hugo,
    /// A Jekyll site.
    Jekyll,
}

#[derive(Debug, Args)]
pub(crate) struct NewArgs {
    /// The collection, as named in site.yaml (news, institutions, …).
    pub collection: String,
    /// The item's title.
    pub title: String,
    /// The file name and URL slug [default: the title, slugified].
    #[arg(long)]
    pub slug: Option<String>,
    /// The item's date, YYYY-MM-DD [default: today]; a dated collection files it under
    /// that date's folder, as its URL will be.
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub date: Option<jiff::civil::Date>,
    /// Open the new file in $VISUAL or $EDITOR.
    #[arg(long)]
    pub open: bool,
    /// The site's folder (holding site.yaml).
    #[arg(long, default_value = ".")]
    pub root: PathBuf,
}

#[derive(Debug, Args)]
pub(crate) struct CompletionsArgs {
    /// The shell to complete for.
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}

#[derive(Debug, Args)]
pub(crate) struct ManArgs {
    /// A subcommand's page (`gazette man build`) instead of the main one.
    pub command: Option<String>,
}

#[cfg(feature = "serve")]
#[derive(Debug, Args)]
pub(crate) struct ServeArgs {
    /// The site's folder (holding site.yaml).
    #[arg(long, default_value = ".")]
    pub root: PathBuf,
    /// Where to write the site [default: ROOT/output].
    #[arg(long)]
    pub output: Option<PathBuf>,
    /// The port to listen on (0: any free port).
    #[arg(long, default_value_t = gazette::serve::DEFAULT_PORT)]
    pub port: u16,
    /// The address to listen on; 0.0.0.0 exposes the site to the network.
    #[arg(long, default_value = "127.0.0.1")]
    pub bind: std::net::IpAddr,
    /// Include items marked `draft: true`.
    #[arg(long)]
    pub drafts: bool,
    /// Open the site in the browser ($BROWSER, else the system's) once it is served.
    #[arg(long)]
    pub open: bool,
}

//! One module per subcommand; each returns the process exit status.

pub(crate) mod build;
pub(crate) mod check;
pub(crate) mod cms;
pub(crate) mod completions;
pub(crate) mod import;
pub(crate) mod init;
pub(crate) mod man;
pub(crate) mod new;
#[cfg(feature = "serve")]
pub(crate) mod serve;

use gazette::diagnostics::Diagnostics;
use gazette::diagnostics::report::{self, JsonReport};

pub(crate) use gazette::diagnostics::report::{count as plural, print_diagnostics};

/// The build's memory budgets, in bytes: `GAZETTE_BODY_MEMORY` (Markdown bodies kept) and
/// `GAZETTE_CARD_MEMORY` (cards kept), each in MiB, `None` when unset. A value that is not a
/// number is reported here, and the command exits with 2.
pub(crate) fn memory_budgets() -> Result<(Option<usize>, Option<usize>), ()> {
    let bodies = mib(
        "GAZETTE_BODY_MEMORY",
        "160 (0 reads every body again as its page renders)",
    )?;
    let cards = mib(
        "GAZETTE_CARD_MEMORY",
        "512 (0 makes each card as a page shows it)",
    )?;
    Ok((bodies, cards))
}

fn mib(variable: &str, example: &str) -> Result<Option<usize>, ()> {
    let Some(value) = std::env::var_os(variable) else {
        return Ok(None);
    };
    let text = value.to_string_lossy();
    match text.trim().parse::<usize>() {
        Ok(mib) => Ok(Some(mib.saturating_mul(1024 * 1024))),
        Err(_) => {
            eprintln!("error: {variable} is `{text}`; give a whole number of MiB, such as {example}");
            Err(())
        }
    }
}

/// Prints the JSON report of a run on standard output (`--format json`); 2 when it cannot.
pub(crate) fn print_json(diagnostics: &Diagnostics, pages: Option<usize>, code: i32) -> i32 {
    match JsonReport::new(diagnostics, pages).to_json() {
        Ok(json) => {
            println!("{json}");
            code
        }
        Err(err) => {
            eprintln!("error: cannot write the report as JSON: {err}");
            2
        }
    }
}

/// A path as the user would type it: `./x` shown as `x`.
pub(crate) fn shown(path: &std::path::Path) -> String {
    let text = path.display().to_string();
    text.strip_prefix("./").map(str::to_string).unwrap_or(text)
}

/// Prints a success line on standard output, green on a terminal.
pub(crate) fn success(verb: &str, rest: &str) {
    let console = report::Console::stdout();
    println!("{} {rest}", console.paint(report::SUCCESS, verb));
}

//! `gazette new COLLECTION "Title"`: a new content file from the collection's archetype.

use std::process::Command;

use gazette::diagnostics::{Diagnostic, Diagnostics};
use gazette::load::config;
use gazette::model::config::CONFIG_FILE;
use gazette::scaffold::archetype::{self, NewItem};

use super::{print_diagnostics, shown};
use crate::cli::NewArgs;

pub(crate) fn run(args: &NewArgs) -> i32 {
    let root = &args.root;
    if !root.join(CONFIG_FILE).is_file() {
        return fail(
            Diagnostic::error(CONFIG_FILE, format!("no {CONFIG_FILE} in {}", root.display())).with_hint(
                "run gazette in a site's folder, pass --root DIR, or create a site with `gazette init DIR`",
            ),
            2,
        );
    }
    let config = match config::load(root) {
        Ok(config) => config,
        Err(diagnostics) => {
            print_diagnostics(&diagnostics);
            return 1;
        }
    };
    let new = NewItem {
        collection: &args.collection,
        title: &args.title,
        slug: args.slug.as_deref(),
        now: match args.date {
            Some(date) => date.to_datetime(jiff::civil::Time::midnight()),
            None => jiff::Zoned::now().datetime(),
        },
    };
    let draft = match archetype::prepare(root, &config, &new).and_then(|draft| {
        archetype::write(root, &draft)?;
        Ok(draft)
    }) {
        Ok(draft) => draft,
        Err(err) => return fail(err.diagnostic().clone(), err.exit_code()),
    };
    let path = root.join(&draft.path);
    let from = match &draft.archetype {
        Some(archetype) => format!("from {}", archetype.display()),
        None => format!("from the schema of `{}`", args.collection),
    };
    super::success("Created", &format!("{} ({from})", shown(&path)));
    if !draft.to_fill.is_empty() {
        let fields = draft
            .to_fill
            .iter()
            .map(|f| format!("`{f}`"))
            .collect::<Vec<_>>()
            .join(", ");
        println!("Fill in the required {fields}: the build reports each one left empty.");
    }
    let mut code = 0;
    if !draft.problems.is_empty() {
        let mut diagnostics = Diagnostics::new();
        diagnostics.extend(draft.problems.iter().cloned());
        print_diagnostics(&diagnostics);
        if diagnostics.has_errors() {
            eprintln!(
                "The new file does not pass the build's checks yet: fix it, or the archetype it came from."
            );
            code = 1;
        }
    }
    if args.open {
        code = code.max(open(&path));
    }
    code
}

fn fail(diagnostic: Diagnostic, code: i32) -> i32 {
    let mut diagnostics = Diagnostics::new();
    diagnostics.push(diagnostic);
    print_diagnostics(&diagnostics);
    code
}

/// Opens the file in `$VISUAL` or `$EDITOR` (which may hold arguments: `code --wait`).
fn open(path: &std::path::Path) -> i32 {
    let editor = ["VISUAL", "EDITOR"]
        .iter()
        .filter_map(|name| std::env::var(name).ok())
        .find(|value| !value.trim().is_empty());
    let Some(editor) = editor else {
        return fail(
            Diagnostic::warning("", "--open needs an editor, and neither VISUAL nor EDITOR is set")
                .with_hint("set one, such as `export EDITOR=nano`, or open the file yourself"),
            0,
        );
    };
    let mut words = editor.split_whitespace();
    let program = words.next().unwrap_or_default();
    match Command::new(program).args(words).arg(path).status() {
        Ok(status) if status.success() => 0,
        Ok(status) => fail(
            Diagnostic::warning("", format!("the editor `{editor}` ended with {status}"))
                .with_hint("the file is saved as created; open it again when you are ready"),
            0,
        ),
        Err(err) => fail(
            Diagnostic::error("", format!("cannot start the editor `{editor}`: {err}"))
                .with_hint("check VISUAL or EDITOR names a program on your PATH"),
            2,
        ),
    }
}

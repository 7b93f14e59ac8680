//! The floor of a build: what any static site generator must at least do with the
//! benchmark corpus, and nothing more. It reads every `.md` file under CONTENT_DIR, skips
//! its front matter, renders the body with pulldown-cmark (the Markdown gazette writes:
//! tables, footnotes, strikethrough, task lists, heading attributes, smart punctuation)
//! and writes the HTML where a generator would, `OUT_DIR/<path without .md>/index.html`,
//! on THREADS threads. No templates, no links between pages, no lists, feeds or checks:
//! `scripts/bench.sh` times it beside gazette to show how much of a build is the file
//! system and Markdown alone.
//!
//! ```sh
//! cargo run --release --example floor -- CONTENT_DIR OUT_DIR THREADS
//! ```

use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use pulldown_cmark::{Options, Parser, html};
use rayon::prelude::*;

const USAGE: &str = "usage: floor CONTENT_DIR OUT_DIR THREADS";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [content, out, threads] = args.as_slice() else {
        eprintln!("{USAGE}");
        return ExitCode::from(2);
    };
    let Ok(threads) = threads.parse::<usize>() else {
        eprintln!("{USAGE} (THREADS is a number)");
        return ExitCode::from(2);
    };
    match run(Path::new(content), Path::new(out), threads) {
        Ok((files, bytes)) => {
            println!("{files} files, {bytes} bytes of HTML");
            ExitCode::SUCCESS
        }
        Err(err) => {
            eprintln!("floor: {err}");
            ExitCode::FAILURE
        }
    }
}

/// Renders every Markdown file of `content` into `out`; returns the count of files and of
/// HTML bytes written.
fn run(content: &Path, out: &Path, threads: usize) -> io::Result<(usize, usize)> {
    let mut files = Vec::new();
    collect(content, &mut files)?;
    fs::create_dir_all(out)?;
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .map_err(io::Error::other)?;
    let bytes = pool.install(|| {
        files
            .par_iter()
            .map(|path| render(content, out, path))
            .sum::<io::Result<usize>>()
    })?;
    Ok((files.len(), bytes))
}

fn collect(folder: &Path, files: &mut Vec<PathBuf>) -> io::Result<()> {
    for entry in fs::read_dir(folder)? {
        let path = entry?.path();
        if path.is_dir() {
            collect(&path, files)?;
        } else if path.extension().is_some_and(|e| e == "md") {
            files.push(path);
        }
    }
    Ok(())
}

fn render(content: &Path, out: &Path, path: &Path) -> io::Result<usize> {
    let options = Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_SMART_PUNCTUATION;
    let text = fs::read_to_string(path)?;
    let body = body(&text);
    let mut page = String::with_capacity(body.len() * 3 / 2);
    html::push_html(&mut page, Parser::new_ext(body, options));
    let relative = path
        .strip_prefix(content)
        .map_err(io::Error::other)?
        .with_extension("");
    let folder = out.join(relative);
    fs::create_dir_all(&folder)?;
    fs::write(folder.join("index.html"), &page)?;
    Ok(page.len())
}

/// The text after the front matter: from a first line `---` to the next line `---`.
fn body(text: &str) -> &str {
    let Some(rest) = text.strip_prefix("---\n") else {
        return text;
    };
    match rest.find("\n---\n") {
        Some(end) => &rest[end + "\n---\n".len()..],
        None => text,
    }
}

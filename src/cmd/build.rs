//! `gazette build`.

use std::io::IsTerminal;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use gazette::pipeline::Progress;
use gazette::{BuildOptions, build};
use indicatif::{ProgressBar, ProgressStyle};

use super::{plural, print_diagnostics, print_json};
use crate::cli::{BuildArgs, Format};

/// Sites with more content files than this get a progress indicator on a terminal; smaller
/// ones build faster than it would take to read it.
const PROGRESS_ABOVE: usize = 1_000;

pub(crate) fn run(args: &BuildArgs) -> i32 {
    let Ok((body_memory, card_memory)) = super::memory_budgets() else {
        return 2;
    };
    let mut options = BuildOptions {
        root: args.root.clone(),
        output: args.output.clone(),
        base_url: args.base_url.clone(),
        drafts: args.drafts,
        future: args.future,
        no_git: args.no_git,
        strict: args.strict,
        links: args.links.map(Into::into),
        body_memory,
        card_memory,
        ..BuildOptions::default()
    };
    let json = args.format == Format::Json;
    let bar = (!json && !args.quiet).then(|| progress(&options)).flatten();
    let drawing = bar.map(|bar| {
        let progress = Arc::new(Progress::default());
        options.progress = Some(Arc::clone(&progress));
        draw(bar, progress)
    });
    let result = build(&options);
    if let Some((bar, stop)) = drawing {
        stop.store(true, Ordering::Relaxed);
        bar.finish_and_clear();
    }
    match result {
        Ok(summary) => {
            // Built, and yet an error under `--strict`: a warning only writing could find.
            let code = i32::from(summary.rendered.diagnostics.has_errors());
            if json {
                let pages = summary.rendered.html_page_count();
                return print_json(&summary.rendered.diagnostics, Some(pages), code);
            }
            print_diagnostics(&summary.rendered.diagnostics);
            if args.verbose {
                for lap in &summary.rendered.timings {
                    let peak = lap
                        .peak
                        .map(|bytes| format!("  peak {:>6} MiB", bytes / (1024 * 1024)))
                        .unwrap_or_default();
                    eprintln!(
                        "  {:<10} {:>8.1} ms{peak}",
                        lap.stage,
                        lap.time.as_secs_f64() * 1000.0
                    );
                }
                let items = &summary.rendered.lookup.site.items;
                let left = items.iter().filter(|item| item.body_file.is_some()).count();
                if left > 0 {
                    eprintln!(
                        "  bodies read again as their pages rendered: {left} of {} items",
                        items.len()
                    );
                }
                let cards = &summary.rendered.lookup.cards;
                if let (Some((asked, made)), Some(capacity)) = (cards.made_counts(), cards.capacity()) {
                    let found = asked.saturating_sub(made) as f64 / asked.max(1) as f64 * 100.0;
                    eprintln!(
                        "  cards made as pages showed them: {asked} shown, {made} made, {found:.1} % from a cache of {capacity}"
                    );
                }
            }
            if !args.quiet {
                let site = &summary.rendered.lookup.site;
                let write = &summary.write;
                super::success(
                    "Built",
                    &format!(
                        "{} in {:.2} s: {} written, {} unchanged, {} removed",
                        summary.rendered.page_summary(),
                        summary.elapsed.as_secs_f64(),
                        write.written,
                        write.unchanged,
                        write.removed
                    ),
                );
                let images = summary.rendered.images.counts();
                if images.made + images.reused > 0 {
                    println!(
                        "Pictures: {} decoded, {} made, {} from the cache.",
                        images.decoded,
                        plural(images.made, "copy", "copies"),
                        images.reused
                    );
                }
                if write.repaired {
                    println!("The previous build was interrupted; output/ has been repaired.");
                }
                if let Some(held) = held_back(site.drafts_left_out, site.future_left_out) {
                    println!("{held}");
                }
            }
            // The process exits next and the kernel takes its memory back at once; freeing
            // the whole site piece by piece first was 1 % of a build's instructions.
            std::mem::forget(summary);
            code
        }
        Err(err) => {
            if json {
                return print_json(err.diagnostics(), None, err.exit_code());
            }
            print_diagnostics(err.diagnostics());
            eprintln!("Nothing was written; the output folder is as it was.");
            err.exit_code()
        }
    }
}

/// A progress bar for big sites on a terminal only: the stage, then the pages rendered out
/// of the pages planned.
fn progress(options: &BuildOptions) -> Option<ProgressBar> {
    if !std::io::stderr().is_terminal() {
        return None;
    }
    let content = options.root.join(gazette::model::config::CONTENT_DIR);
    let files = gazette::load::content::walk(&content, std::path::Path::new(""))
        .markdown
        .len();
    if files <= PROGRESS_ABOVE {
        return None;
    }
    let bar = ProgressBar::new(1).with_message(format!(
        "Loading {}",
        plural(files, "content file", "content files")
    ));
    if let Ok(style) = ProgressStyle::with_template("{msg:<28} [{bar:30}] {pos}/{len} pages {elapsed}") {
        bar.set_style(style.progress_chars("=> "));
    }
    Some(bar)
}

/// Redraws `bar` from `progress` ten times a second until the returned flag is set.
fn draw(bar: ProgressBar, progress: Arc<Progress>) -> (ProgressBar, Arc<AtomicBool>) {
    let stop = Arc::new(AtomicBool::new(false));
    let (drawn, stopped) = (bar.clone(), Arc::clone(&stop));
    std::thread::spawn(move || {
        while !stopped.load(Ordering::Relaxed) {
            let stage = progress.stage.lock().map(|s| *s).unwrap_or("building");
            if stage != "loading" {
                drawn.set_message(match stage {
                    "rendering" => "Rendering",
                    "writing" => "Writing",
                    other => other,
                });
            }
            let total = progress.total.load(Ordering::Relaxed);
            if total > 0 {
                drawn.set_length(total as u64);
            }
            drawn.set_position(progress.done.load(Ordering::Relaxed) as u64);
            std::thread::sleep(Duration::from_millis(100));
        }
    });
    (bar, stop)
}

/// "Held back 2 drafts (use --drafts) and 1 item dated in the future (use --future).", or
/// nothing when every item was published.
fn held_back(drafts: usize, future: usize) -> Option<String> {
    let mut reasons = Vec::new();
    if drafts > 0 {
        reasons.push(format!("{} (use --drafts)", plural(drafts, "draft", "drafts")));
    }
    if future > 0 {
        let items = plural(future, "item dated", "items dated");
        reasons.push(format!("{items} in the future (use --future)"));
    }
    (!reasons.is_empty()).then(|| format!("Held back {}.", reasons.join(" and ")))
}

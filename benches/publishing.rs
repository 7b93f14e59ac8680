//! What the files for machines and the dates from git cost, measured apart from the rest of
//! a build: rendering every Atom feed, the sitemap and `robots.txt` of a site already in
//! memory, next to rendering its HTML pages; and reading the site's history from git (one
//! `rev-parse`, one `git log`, the parse).
//!
//! Whole builds on a shared machine vary by more than these costs, so each is timed alone,
//! several times, and the minimum is the estimate (the median is printed too).
//!
//! ```sh
//! python3 benches/corpus/gen_corpus.py /tmp/gitc --institutions 1000 --news 9000 --seed 1
//! cp benches/corpus/site.yaml /tmp/gitc/ && cp -r themes /tmp/gitc/
//! (cd /tmp/gitc && git init -q && git add -A && git commit -qm corpus)   # and a few more commits
//! cargo bench --bench publishing -- /tmp/gitc [RUNS]
//! ```

use std::path::PathBuf;
use std::time::{Duration, Instant};

use gazette::render::{self, Page, PageKind};
use gazette::{BuildOptions, render_site};

fn main() {
    // `cargo bench` passes `--bench`; the first other argument is the site.
    let args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with("--"))
        .collect();
    let Some(root) = args.first().map(PathBuf::from) else {
        eprintln!("usage: cargo bench --bench publishing -- SITE [RUNS]");
        std::process::exit(2);
    };
    let runs: usize = args.get(1).and_then(|n| n.parse().ok()).unwrap_or(9);
    let options = BuildOptions {
        root: root.clone(),
        no_git: true,
        ..BuildOptions::default()
    };
    let rendered = match render_site(&options) {
        Ok(rendered) => rendered,
        Err(err) => {
            for d in err.diagnostics().iter() {
                eprintln!("{d}");
            }
            std::process::exit(1);
        }
    };
    let lookup = &rendered.lookup;
    let (feeds, rest): (Vec<Page>, Vec<Page>) = render::plan(&lookup.site)
        .into_iter()
        .partition(|p| matches!(p.kind, PageKind::Feed(_)));
    let (sitemap, html): (Vec<Page>, Vec<Page>) = rest
        .into_iter()
        .partition(|p| matches!(p.kind, PageKind::Sitemap { .. } | PageKind::Robots));
    let render = |pages: &[Page]| {
        let memory = render::Memory::new();
        let target = render::Target::sink(&memory);
        let diagnostics = render::render(&rendered.engine, lookup, &rendered.intros, pages, target);
        assert!(diagnostics.is_empty(), "the site renders without errors");
        memory.into_files()
    };
    let size = |pages: &[Page]| {
        let files = render(pages);
        let bytes: usize = files.iter().map(|f| f.bytes.len()).sum();
        format!("{} files, {} KiB", files.len(), bytes / 1024)
    };
    println!("{}: {} items", root.display(), lookup.site.items.len());
    println!("  HTML pages        {}", size(&html));
    println!("  feeds             {}", size(&feeds));
    println!("  sitemap, robots   {}", size(&sitemap));
    let time = |n: usize, run: &dyn Fn()| {
        let mut times: Vec<Duration> = (0..n)
            .map(|_| {
                let start = Instant::now();
                run();
                start.elapsed()
            })
            .collect();
        times.sort();
        let ms = |d: Duration| d.as_secs_f64() * 1000.0;
        format!(
            "min {:>8.1} ms, median {:>8.1} ms ({n} runs)",
            ms(times[0]),
            ms(times[n / 2])
        )
    };
    println!("render HTML pages      {}", time(3, &|| drop(render(&html))));
    println!("render feeds           {}", time(runs, &|| drop(render(&feeds))));
    println!(
        "render sitemap, robots {}",
        time(runs, &|| drop(render(&sitemap)))
    );
    match gazette::load::git::read(&root) {
        Ok(Some(history)) => {
            println!(
                "read the git history   {} ({} files dated)",
                time(runs, &|| drop(gazette::load::git::read(&root))),
                history.changed.len()
            );
        }
        Ok(None) => println!("read the git history   (not a git repository)"),
        Err(err) => println!("read the git history   failed: {err}"),
    }
}

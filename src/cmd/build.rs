//! `gazette build`.

use gazette::{BuildOptions, build};

use super::{plural, print_diagnostics};
use crate::cli::BuildArgs;

pub fn run(args: &BuildArgs) -> i32 {
    let options = BuildOptions {
        root: args.root.clone(),
        output: args.output.clone(),
        base_url: args.base_url.clone(),
        drafts: args.drafts,
    };
    match build(&options) {
        Ok(summary) => {
            print_diagnostics(&summary.rendered.diagnostics);
            if args.verbose {
                for (stage, time) in &summary.rendered.timings {
                    eprintln!("  {stage:<10} {:>8.1} ms", time.as_secs_f64() * 1000.0);
                }
            }
            if !args.quiet {
                let site = &summary.rendered.lookup.site;
                let counts: Vec<String> = site
                    .collections
                    .iter()
                    .map(|(name, ids)| format!("{} {name}", ids.len()))
                    .collect();
                let write = &summary.write;
                println!(
                    "Built {} ({}) in {:.2} s: {} written, {} unchanged, {} removed",
                    plural(super::html_pages(&summary.rendered.files), "page", "pages"),
                    counts.join(", "),
                    summary.elapsed.as_secs_f64(),
                    write.written,
                    write.unchanged,
                    write.removed
                );
                if write.repaired {
                    println!("The previous build was interrupted; output/ has been repaired.");
                }
                if site.drafts_left_out > 0 {
                    println!(
                        "Left out {} (build with --drafts to include them).",
                        plural(site.drafts_left_out, "draft", "drafts")
                    );
                }
            }
            0
        }
        Err(err) => {
            print_diagnostics(err.diagnostics());
            eprintln!("Nothing was written; the output folder is as it was.");
            err.exit_code()
        }
    }
}

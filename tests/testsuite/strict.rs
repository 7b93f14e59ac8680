//! `--strict`, for CI: `build` and `check` count every warning as an error, so a site with
//! one fails as a site with an error does, and `build` writes nothing.

use crate::support::{Site, assert_same_tree};

/// The good site with a link to its draft: a warning at the link, and nothing else.
fn site_with_a_warning() -> Site {
    let site = Site::new("good");
    site.write(
        "content/news/2023/lab-opens.md",
        "---\ntitle: Jinfeng Laboratory opens\ndate: 2023-03-06\n---\n\nThe plan is [secret](@/news/2023/secret-plan.md).\n",
    );
    site
}

const WARNING: &str = "the link target `@/news/2023/secret-plan.md` is a draft";
const AT: &str = "--> content/news/2023/lab-opens.md:6:22";

#[test]
fn a_warning_builds_without_strict() {
    let site = site_with_a_warning();
    let run = site.build(&[]).expect(0);
    assert!(
        run.diagnostics().contains(&format!("warning: {WARNING}")),
        "{}",
        run.stderr
    );
    site.check(&[]).expect(0);
}

#[test]
fn a_warning_fails_a_strict_build_which_writes_nothing() {
    let site = site_with_a_warning();
    site.build(&[]).expect(0);
    let before = site.output_state();
    let run = site.build(&["--strict"]).expect(1);
    let stderr = run.diagnostics();
    assert!(stderr.contains(&format!("error: {WARNING}")), "{stderr}");
    assert!(stderr.contains(AT), "{stderr}");
    assert!(
        stderr.contains("error: 1 problem in 1 file (--strict: 1 warning counted as an error)\n"),
        "{stderr}"
    );
    assert!(
        stderr.contains("Nothing was written; the output folder is as it was."),
        "{stderr}"
    );
    assert!(!run.stdout.contains("Built"), "{}", run.stdout);
    assert_same_tree(&before, &site.output_state());
}

#[test]
fn a_warning_fails_a_strict_check() {
    let site = site_with_a_warning();
    let run = site.check(&["--strict"]).expect(1);
    assert!(
        run.diagnostics().contains(&format!("error: {WARNING}")),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains(AT), "{}", run.stderr);
    assert!(!site.output_dir().exists());
}

#[test]
fn strict_json_reports_the_warning_as_an_error() {
    let site = site_with_a_warning();
    for run in [
        site.build(&["--strict", "--format", "json"]).expect(1),
        site.check(&["--strict", "--format", "json"]).expect(1),
    ] {
        let report: serde_json::Value = serde_json::from_str(&run.stdout).expect("one JSON object");
        assert_eq!(report["errors"], 1, "{report}");
        assert_eq!(report["warnings"], 0, "{report}");
        assert_eq!(report["diagnostics"][0]["severity"], "error", "{report}");
        assert_eq!(report["diagnostics"][0]["line"], 6, "{report}");
        assert!(report.get("pages").is_none(), "{report}");
    }
    assert!(!site.output_dir().exists());
}

#[test]
fn a_site_without_a_warning_passes_strict() {
    let site = Site::new("good");
    let run = site.check(&["--strict"]).expect(0);
    assert!(run.stdout.starts_with("Checked 19 pages"), "{}", run.stdout);
    let run = site.build(&["--strict"]).expect(0);
    assert!(run.stderr.is_empty(), "{}", run.stderr);
    assert!(site.has_output("index.html"));
}

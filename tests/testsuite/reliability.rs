//! The bad-input catalogue, as a permanent suite. Each test builds the good site,
//! breaks it the way an author would (a file from `tests/fixtures/bad_input/`, or input made
//! here when it is large or must keep exact bytes), usually next to a second, unrelated
//! mistake, and builds again. Every entry must hold what `break_site` checks: the exit
//! status (1 for site errors, 2 for usage), no panic, every mistake reported in the one run,
//! `output/` byte for byte as it was, and nothing written anywhere else. The diagnostics are
//! snapshotted; each snapshot was read for the file, line, column, caret and hint.
//!
//! Entries already covered elsewhere: an unclosed quote, schema errors, invalid UTF-8,
//! unclosed front matter, template syntax errors, an unknown theme and a bad `site.yaml`
//! (`diagnostics.rs`); BOM and CRLF (`build.rs`); `--output` at the site, `content/` and `/`
//! (`output.rs`); aliases with `..` or a full URL (`publishing.rs`).

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::support::{REPO, Site, assert_same_tree, gazette};

/// A second mistake, in another file: reported in the same run as the one under test.
const SECOND_FILE: &str = "content/institutions/second-lab.md";
const SECOND_TEXT: &str = "---\ntitle: Second Lab\nkind: laboratory\nfonded: 2020\n---\n";
const SECOND_MESSAGE: &str = "unknown field `fonded`";

/// Where a broken content file goes: a news item of the good site.
const PROBE: &str = "content/news/2023/probe.md";

/// Builds the good site, applies `change` (and the second mistake when `second`), builds
/// again, and checks what every catalogue entry must hold. Returns the site and stderr.
fn break_site(code: i32, second: bool, change: impl FnOnce(&Site)) -> (Site, String) {
    let site = Site::new("good");
    site.build(&[]).expect(0);
    let before = site.output_state();
    change(&site);
    if second {
        site.write(SECOND_FILE, SECOND_TEXT);
    }
    let outside = paths_outside_output(&site);
    let run = site.build(&[]).expect(code);
    let stderr = run.diagnostics().to_string();
    assert!(!stderr.contains("panicked"), "{stderr}");
    if second {
        assert!(
            stderr.contains(SECOND_MESSAGE),
            "the other mistake is reported in the same run:\n{stderr}"
        );
    }
    assert_same_tree(&before, &site.output_state());
    assert_eq!(
        outside,
        paths_outside_output(&site),
        "nothing is written outside output/"
    );
    (site, stderr)
}

/// The fixture `tests/fixtures/bad_input/<name>.md` as the probe item, next to the second
/// mistake; the diagnostics.
fn broken_file(name: &str) -> String {
    let text = fs::read(
        Path::new(REPO)
            .join("tests/fixtures/bad_input")
            .join(format!("{name}.md")),
    )
    .expect("read the fixture");
    break_site(1, true, |site| site.write(PROBE, text)).1
}

/// Every path in the site's temporary folder but those under `output/` (never read: a named
/// pipe would block).
fn paths_outside_output(site: &Site) -> BTreeSet<PathBuf> {
    fn walk(dir: &Path, skip: &Path, out: &mut BTreeSet<PathBuf>) {
        let Ok(entries) = fs::read_dir(dir) else { return };
        for entry in entries.flatten() {
            let path = entry.path();
            if path == skip {
                continue;
            }
            let is_dir = entry.file_type().is_ok_and(|t| t.is_dir());
            out.insert(path.clone());
            if is_dir {
                walk(&path, skip, out);
            }
        }
    }
    let mut out = BTreeSet::new();
    walk(site.parent(), &site.output_dir(), &mut out);
    out
}

// --- YAML ---------------------------------------------------------------------------------

#[test]
fn tab_indentation_says_yaml_wants_spaces() {
    let stderr = broken_file("tab_indentation");
    assert!(stderr.contains("--> content/news/2023/probe.md:5:1"), "{stderr}");
    insta::assert_snapshot!("tab_indentation", stderr);
}

#[test]
fn duplicate_key_points_at_the_second_one() {
    let stderr = broken_file("duplicate_key");
    assert!(stderr.contains("--> content/news/2023/probe.md:4:1"), "{stderr}");
    insta::assert_snapshot!("duplicate_key", stderr);
}

#[test]
fn unclosed_bracket_points_at_the_bracket() {
    let stderr = broken_file("unclosed_bracket");
    assert!(stderr.contains("content/news/2023/probe.md:4:"), "{stderr}");
    insta::assert_snapshot!("unclosed_bracket", stderr);
}

#[test]
fn scalar_where_the_keys_belong_is_an_error() {
    insta::assert_snapshot!("scalar_front_matter", broken_file("scalar_front_matter"));
}

#[test]
fn front_matter_that_is_a_list_is_an_error() {
    insta::assert_snapshot!("list_front_matter", broken_file("list_front_matter"));
}

#[test]
fn empty_file_is_an_error() {
    insta::assert_snapshot!("empty_file", broken_file("empty"));
}

#[test]
fn empty_front_matter_lacks_the_required_fields() {
    let stderr = broken_file("empty_front_matter");
    assert!(stderr.contains("missing required field `title`"), "{stderr}");
    assert!(stderr.contains("missing required field `date`"), "{stderr}");
}

/// Front matter and no body is a complete item (a short notice): it builds.
#[test]
fn only_front_matter_is_an_item_without_a_body() {
    let site = Site::new("good");
    let text = fs::read(Path::new(REPO).join("tests/fixtures/bad_input/only_front_matter.md"))
        .expect("read the fixture");
    site.write(PROBE, text);
    site.build(&[]).expect(0);
    assert!(
        site.output("news/2023/probe/index.html")
            .contains("<h1>Only front matter</h1>")
    );
}

#[test]
fn ten_megabyte_front_matter_is_refused_before_parsing() {
    let (_, stderr) = break_site(1, true, |site| {
        let mut text = String::from("---\ntitle: Huge\ndate: 2023-05-01\nsummary: \"");
        text.push_str(&"x".repeat(10 * 1024 * 1024));
        text.push_str("\"\n---\nBody.\n");
        site.write(PROBE, text);
    });
    assert!(
        stderr.contains("the front matter is 10240 KiB; gazette reads at most 1024 KiB"),
        "{stderr}"
    );
    assert!(stderr.contains("--> content/news/2023/probe.md:1:1"), "{stderr}");
}

/// "Billion laughs": nine levels of nine aliases would be 9^9 strings. serde_yaml's
/// repetition limit stops it; the build fails fast in little memory.
#[test]
fn alias_bomb_fails_fast_in_bounded_memory() {
    let site = Site::new("good");
    site.build(&[]).expect(0);
    let before = site.output_state();
    let mut text = String::from("---\ntitle: Laughs\ndate: 2023-05-01\n");
    text.push_str("a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n");
    for (name, previous) in ["b", "c", "d", "e", "f", "g", "h", "i"]
        .iter()
        .zip(["a", "b", "c", "d", "e", "f", "g", "h"])
    {
        let nine = vec![format!("*{previous}"); 9].join(",");
        text.push_str(&format!("{name}: &{name} [{nine}]\n"));
    }
    text.push_str("---\nBody.\n");
    site.write(PROBE, text);
    let start = Instant::now();
    let (code, stderr, peak_kib) = run_measured(site.root(), &["build"]);
    assert_eq!(code, 1, "{stderr}");
    assert!(stderr.contains("repetition limit exceeded"), "{stderr}");
    assert!(stderr.contains("content/news/2023/probe.md"), "{stderr}");
    // Generous bounds for a debug build on a busy machine: it takes well under a second
    // and about 30 MiB.
    assert!(
        start.elapsed() < Duration::from_secs(30),
        "took {:?}",
        start.elapsed()
    );
    if let Some(kib) = peak_kib {
        assert!(kib < 512 * 1024, "peak memory {kib} KiB");
    }
    assert_same_tree(&before, &site.output_state());
}

// --- Schema ---------------------------------------------------------------------------------

/// A taxonomy whose permalink meets a collection's: a term page would replace an item's
/// page and the terms index the collection's list.
#[test]
fn taxonomy_pages_over_collection_pages_are_errors() {
    let (_, stderr) = break_site(1, false, |site| {
        let config = site.read("site.yaml") + "  labs:\n    permalink: /institutions/{slug}/\n";
        site.write("site.yaml", config);
        site.write(
            PROBE,
            "---\ntitle: A\ndate: 2023-05-01\nlabs: [Jinfeng Laboratory]\n---\nBody.\n",
        );
    });
    insta::assert_snapshot!("taxonomy_over_collection", stderr);
}

/// A news item with the same URL as a plain page: the permalink pattern of one collection
/// meets the plain pages.
#[test]
fn duplicate_permalink_across_collections_names_both_files() {
    let (_, stderr) = break_site(1, true, |site| {
        let config = site
            .read("site.yaml")
            .replace("permalink: /news/{year}/{slug}/", "permalink: /{slug}/");
        site.write("site.yaml", config);
        // The home intro links to /news/, which now has no page: a third error.
        site.write(
            PROBE,
            "---\ntitle: About us, in the news\ndate: 2023-05-01\nslug: about\n---\n",
        );
    });
    assert!(stderr.contains("duplicate permalink /about/"), "{stderr}");
    assert!(stderr.contains("content/about.md has the same URL"), "{stderr}");
}

// --- Files ----------------------------------------------------------------------------------

/// 50 MB of Markdown in one file builds, and the peak memory stays a bounded multiple of it.
#[test]
fn fifty_megabyte_body_builds_in_bounded_memory() {
    let site = Site::new("good");
    let paragraph = "Lorem ipsum dolor sit amet, *consectetur* adipiscing elit, [a link](https://example.org/) sed do.\n\n";
    let mut text = String::from("---\ntitle: A very long report\ndate: 2023-05-01\n---\n\n## Findings\n\n");
    text.push_str(&paragraph.repeat(50 * 1024 * 1024 / paragraph.len()));
    site.write(PROBE, text);
    let (code, stderr, peak_kib) = run_measured(site.root(), &["build", "--quiet"]);
    assert_eq!(code, 0, "{stderr}");
    let page = fs::metadata(site.output_dir().join("news/2023/probe/index.html")).expect("the page");
    assert!(page.len() > 50 * 1024 * 1024);
    assert!(site.output("news/2023/probe/index.html").ends_with("</html>\n"));
    // About 17 times the body today (the Markdown, its HTML, the page, the summary, the
    // feed); 1.5 GiB is the bound this test holds it to.
    if let Some(kib) = peak_kib {
        assert!(kib < 1536 * 1024, "peak memory {kib} KiB for a 50 MB body");
    }
}

#[test]
fn one_megabyte_line_builds() {
    let site = Site::new("good");
    let mut text = String::from("---\ntitle: One long line\ndate: 2023-05-01\n---\n\n");
    text.push_str(&"word ".repeat(1024 * 1024 / 5));
    text.push_str("end.\n");
    site.write(PROBE, text);
    site.build(&["--quiet"]).expect(0);
    assert!(
        site.output("news/2023/probe/index.html")
            .contains("word word end.</p>")
    );
}

#[cfg(unix)]
#[test]
fn named_pipe_is_skipped_with_a_warning_not_read() {
    let site = Site::new("good");
    let status = Command::new("mkfifo")
        .arg(site.root().join(PROBE))
        .status()
        .expect("run mkfifo");
    assert!(status.success());
    // Reading a pipe with no writer would block the build forever.
    let run = site.build(&[]).expect(0);
    assert!(
        run.diagnostics()
            .contains("warning: skipped: not a regular file (a named pipe, socket or device)\n  --> content/news/2023/probe.md"),
        "{}",
        run.stderr
    );
}

/// Links are never followed: a loop, a dangling link, and links out of the site (a file
/// and a folder) are each skipped with a warning, in content/ and in static/.
#[cfg(unix)]
#[test]
fn symlink_loops_and_links_out_of_the_site_are_skipped_with_warnings() {
    use std::os::unix::fs::symlink;
    let site = Site::new("good");
    let outside = site.parent().join("secret.md");
    fs::write(
        &outside,
        "---\ntitle: Secret\ndate: 2023-05-01\n---\nDo not publish.\n",
    )
    .unwrap();
    let news = site.root().join("content/news/2023");
    symlink("loop-b.md", news.join("loop-a.md")).unwrap();
    symlink("loop-a.md", news.join("loop-b.md")).unwrap();
    symlink("/nonexistent/gazette.md", news.join("dangling.md")).unwrap();
    symlink(&outside, news.join("secret.md")).unwrap();
    symlink(site.parent(), site.root().join("content/up")).unwrap();
    fs::create_dir_all(site.root().join("static")).unwrap();
    symlink(&outside, site.root().join("static/secret.md")).unwrap();
    let run = site.build(&[]).expect(0);
    let stderr = run.diagnostics();
    for link in [
        "content/news/2023/loop-a.md",
        "content/news/2023/loop-b.md",
        "content/news/2023/dangling.md",
        "content/news/2023/secret.md",
        "content/up",
        "static/secret.md",
    ] {
        assert!(stderr.contains(&format!("  --> {link}\n")), "{link}:\n{stderr}");
    }
    let written = crate::support::tree(&site.output_dir());
    assert!(
        written
            .values()
            .all(|f| !String::from_utf8_lossy(&f.bytes).contains("Do not publish")),
        "no linked file's text reaches output/"
    );
}

/// A file the build may not read (permissions). Root reads everything, so as root the build
/// runs as `nobody` through setpriv.
#[cfg(unix)]
#[test]
fn unreadable_file_is_an_error_naming_it() {
    use std::os::unix::fs::PermissionsExt;
    let site = Site::new("good");
    site.write(SECOND_FILE, SECOND_TEXT);
    let locked = site.root().join("content/news/2023/lab-opens.md");
    fs::set_permissions(&locked, fs::Permissions::from_mode(0o000)).unwrap();
    let is_root = Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|o| String::from_utf8_lossy(&o.stdout).trim() == "0");
    let mut command = if is_root {
        // Let `nobody` into the temporary site, but not into the locked file.
        for entry in walkdir(site.parent()) {
            let mode = if entry.is_dir() { 0o777 } else { 0o666 };
            if entry != locked {
                fs::set_permissions(&entry, fs::Permissions::from_mode(mode)).unwrap();
            }
        }
        let mut command = Command::new("setpriv");
        command.args(["--reuid=65534", "--regid=65534", "--clear-groups"]);
        command.arg(env!("CARGO_BIN_EXE_gazette"));
        command
    } else {
        Command::new(env!("CARGO_BIN_EXE_gazette"))
    };
    let output = command
        .args(["build", "--root"])
        .arg(site.root())
        .env("NO_COLOR", "1")
        .stdin(Stdio::null())
        .output();
    let Ok(output) = output else {
        crate::support::cannot_run("setpriv is missing");
        return;
    };
    let stderr = String::from_utf8_lossy(&output.stderr);
    if is_root && output.status.code() != Some(1) && !stderr.contains("cannot read") {
        crate::support::cannot_run(&format!("the build cannot run as nobody here ({stderr})"));
        return;
    }
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("error: cannot read the file: Permission denied (os error 13)\n  --> content/news/2023/lab-opens.md"),
        "{stderr}"
    );
    assert!(stderr.contains(SECOND_MESSAGE), "{stderr}");
    assert!(!site.has_output("index.html"));
}

fn walkdir(dir: &Path) -> Vec<PathBuf> {
    let mut all = vec![dir.to_path_buf()];
    for entry in fs::read_dir(dir).into_iter().flatten().flatten() {
        let path = entry.path();
        if entry.file_type().is_ok_and(|t| t.is_dir()) {
            all.extend(walkdir(&path));
        } else if entry.file_type().is_ok_and(|t| t.is_file()) {
            all.push(path);
        }
    }
    all
}

// --- Paths ----------------------------------------------------------------------------------

/// Slugs that try to be paths: `..`, absolute, backslash, NUL, percent-encoded dots, a
/// reserved Windows name, nothing left after slugifying. Each is an error at its line, all
/// in one run, and nothing is written anywhere.
#[test]
fn slugs_that_are_paths_are_errors_at_their_lines() {
    let slugs = [
        ("dots", "../../outside"),
        ("absolute", "/etc/passwd"),
        ("backslash", "'..\\..\\outside'"),
        ("nul", "\"evil\\0name\""),
        ("percent", "'%2e%2e'"),
        ("windows", "con"),
        ("nothing", "'...'"),
    ];
    let (_, stderr) = break_site(1, true, |site| {
        for (name, slug) in slugs {
            site.write(
                &format!("content/news/2023/{name}.md"),
                format!("---\ntitle: {name}\ndate: 2023-05-01\nslug: {slug}\n---\nBody.\n"),
            );
        }
    });
    for (name, _) in slugs {
        assert!(
            stderr.contains(&format!("--> content/news/2023/{name}.md:4:7")),
            "{name}:\n{stderr}"
        );
    }
    insta::assert_snapshot!("path_slugs", stderr);
}

/// A file whose name makes a reserved slug has no `slug:` line to point at: the file is named.
#[test]
fn file_named_like_a_windows_device_is_an_error() {
    let (_, stderr) = break_site(1, true, |site| {
        site.write(
            "content/news/2023/aux.md",
            "---\ntitle: Aux\ndate: 2023-05-01\n---\n",
        );
    });
    assert!(
        stderr.contains("error: the slug `aux` cannot be part of a URL: `aux` is a reserved file name on Windows\n  --> content/news/2023/aux.md\n"),
        "{stderr}"
    );
}

/// Aliases with a backslash, percent-encoded dots, NUL, a reserved name, and an escape
/// through `..`: each an error at its own column.
#[test]
fn aliases_that_are_not_plain_paths_are_errors_at_their_columns() {
    let (_, stderr) = break_site(1, true, |site| {
        site.write(
            PROBE,
            "---\ntitle: Moved\ndate: 2023-05-01\naliases: ['/old\\x/', '/a/%2e%2e/', \"/x\\0/\", '/aux/', '/a/../../../outside/']\n---\n",
        );
    });
    assert_eq!(stderr.matches("error: the alias").count(), 5, "{stderr}");
    insta::assert_snapshot!("path_aliases", stderr);
}

/// Permalink patterns with `..`, percent-encoded dots, a backslash, a reserved name, or no
/// leading `/`: each an error at its line of site.yaml, all in one run, exit 1.
#[test]
fn permalink_patterns_that_leave_the_site_are_errors() {
    let (_, stderr) = break_site(1, false, |site| {
        let config = site
            .read("site.yaml")
            .replace("/institutions/{slug}/", "/../{slug}/")
            .replace("/news/{year}/{slug}/", "'/news/%2e%2e/{slug}/'")
            .replace("/tags/{slug}/", "'/tags\\x/{slug}/'");
        site.write("site.yaml", config);
    });
    for line in [10, 22, 34] {
        assert!(
            stderr.contains(&format!("--> site.yaml:{line}:")),
            "{line}:\n{stderr}"
        );
    }
    insta::assert_snapshot!("path_permalinks", stderr);
}

#[test]
fn static_file_at_a_pages_path_is_an_error() {
    let (_, stderr) = break_site(1, false, |site| {
        site.write("static/about/index.html", "<p>An old about page</p>\n");
    });
    insta::assert_snapshot!("static_collision", stderr);
}

// --- Templates and config -------------------------------------------------------------------

#[test]
fn undefined_variable_names_the_template_and_the_item() {
    let (_, stderr) = break_site(1, false, |site| {
        let news = site
            .read("themes/mini/templates/news.html")
            .replace("{{ page.date }}", "{{ page.fields.budget }}");
        site.write("themes/mini/templates/news.html", news);
    });
    assert!(
        stderr.contains("--> themes/mini/templates/news.html:5:"),
        "{stderr}"
    );
    assert!(stderr.contains("while rendering content/news/"), "{stderr}");
    insta::assert_snapshot!("undefined_variable", stderr);
}

#[test]
fn item_naming_a_missing_template_is_an_error_at_its_line() {
    let (_, stderr) = break_site(1, false, |site| {
        site.write(
            PROBE,
            "---\ntitle: Special\ndate: 2023-05-01\ntemplate: feature.html\n---\n",
        );
    });
    insta::assert_snapshot!("missing_item_template", stderr);
}

#[test]
fn missing_page_template_is_an_error() {
    let (_, stderr) = break_site(1, false, |site| site.remove("themes/mini/templates/page.html"));
    assert!(stderr.contains("no template for content/about.md"), "{stderr}");
}

#[test]
fn output_folder_holding_the_home_folder_is_refused() {
    let site = Site::new("good");
    let home = site.parent().join("people/someone");
    fs::create_dir_all(&home).unwrap();
    fs::write(home.join("thesis.md"), "years of work").unwrap();
    for output in [home.clone(), site.parent().join("people")] {
        let run = Command::new(env!("CARGO_BIN_EXE_gazette"))
            .args(["build", "--root"])
            .arg(site.root())
            .arg("--output")
            .arg(&output)
            .env("HOME", &home)
            .env("NO_COLOR", "1")
            .output()
            .expect("run gazette");
        let stderr = String::from_utf8_lossy(&run.stderr);
        assert_eq!(run.status.code(), Some(2), "{stderr}");
        assert!(stderr.contains("refusing to write the site into"), "{stderr}");
    }
    assert_eq!(
        fs::read_to_string(home.join("thesis.md")).unwrap(),
        "years of work"
    );
}

#[test]
fn unknown_subcommand_and_flag_are_usage_errors() {
    let dir = tempfile::tempdir().unwrap();
    gazette(dir.path(), &["biuld".as_ref()]).expect(2);
    gazette(dir.path(), &["build".as_ref(), "--outptu".as_ref(), "x".as_ref()]).expect(2);
}

/// Runs the binary to the end, polling its peak resident memory (VmHWM, Linux only):
/// (exit status, stderr, peak KiB).
fn run_measured(root: &Path, args: &[&str]) -> (i32, String, Option<u64>) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_gazette"))
        .args(args)
        .arg("--root")
        .arg(root)
        .env("NO_COLOR", "1")
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start gazette");
    let mut stderr_pipe = child.stderr.take().expect("piped stderr");
    let reader = std::thread::spawn(move || {
        let mut text = String::new();
        std::io::Read::read_to_string(&mut stderr_pipe, &mut text).ok();
        text
    });
    let status_file = format!("/proc/{}/status", child.id());
    let mut peak = None;
    let status = loop {
        if let Ok(text) = fs::read_to_string(&status_file)
            && let Some(kib) = text
                .lines()
                .find_map(|l| l.strip_prefix("VmHWM:"))
                .and_then(|v| v.trim().trim_end_matches(" kB").trim().parse::<u64>().ok())
        {
            peak = Some(peak.unwrap_or(0).max(kib));
        }
        if let Some(status) = child.try_wait().expect("wait for gazette") {
            break status;
        }
        std::thread::sleep(Duration::from_millis(10));
    };
    let stderr = reader.join().expect("read stderr");
    (status.code().unwrap_or(-1), stderr, peak)
}

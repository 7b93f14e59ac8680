//! Dates from git: `updated` from the last commit that touched a file, one `git log` for the
//! whole site; edit links from `repo_url`; a shallow clone warned about once; `--no-git`.
//!
//! The site sits in a sub-folder of its repository (`<tmp>/site/`), so the paths git
//! prints (relative to the repository's top) have to be mapped back to the site's files.

use std::path::Path;
use std::process::Command;

use crate::support::Site;

/// The author's wall clock in Chongqing, and the same instant as the sitemap writes it.
const FIRST: (&str, &str) = ("2024-01-10T09:00:00+08:00", "2024-01-10T01:00:00Z");
const SECOND: (&str, &str) = ("2024-06-14T17:30:00+02:00", "2024-06-14T15:30:00Z");

/// Runs git in `dir` with a fixed identity and date, ignoring the machine's git config.
fn git(dir: &Path, args: &[&str], date: &str) {
    let status = Command::new("git")
        .args(["-c", "user.name=Test", "-c", "user.email=test@example.org"])
        .args(["-c", "commit.gpgsign=false", "-c", "init.defaultBranch=main"])
        .args(args)
        .current_dir(dir)
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_AUTHOR_DATE", date)
        .env("GIT_COMMITTER_DATE", date)
        .output()
        .expect("git must be installed to run these tests");
    assert!(
        status.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&status.stderr)
    );
}

/// The publishing fixture in a repository with two commits: everything at `FIRST`, then
/// the brain lab's file again at `SECOND`. City University sets its own `updated`; the
/// science fair is never committed. Templates print the edit link.
fn site_with_history() -> Site {
    let site = Site::new("publishing");
    let yaml = std::fs::read_to_string(site.root().join("site.yaml")).expect("read site.yaml");
    site.write(
        "site.yaml",
        format!("{yaml}repo_url: https://github.com/example/portal\n"),
    );
    site.write(
        "content/institutions/city-university.md",
        "---\ntitle: City University\nkind: university\nupdated: 2023-12-01\n---\n",
    );
    site.write(
        "templates/institutions.html",
        "{% extends \"base.html\" %}{% block content %}<a class=\"edit\" href=\"{{ page.edit_url }}\">Edit</a>{% endblock content %}",
    );
    let repo = site.parent();
    git(repo, &["init", "-q"], FIRST.0);
    git(
        repo,
        &[
            "add",
            "site/site.yaml",
            "site/themes",
            "site/content/institutions",
            "site/content/news",
            "site/content/about.md",
        ],
        FIRST.0,
    );
    git(repo, &["commit", "-q", "-m", "first"], FIRST.0);
    site.write(
        "content/institutions/brain-lab.md",
        "---\ntitle: Brain Lab\nkind: laboratory\n---\nRewritten.\n",
    );
    git(repo, &["commit", "-q", "-am", "second"], SECOND.0);
    site
}

/// `loc` → `lastmod` of every sitemap entry.
fn lastmods(site: &Site) -> std::collections::HashMap<String, Option<String>> {
    let xml = site.output("sitemap.xml");
    let doc = roxmltree::Document::parse(&xml).expect("valid XML");
    doc.descendants()
        .filter(|n| n.tag_name().name() == "url")
        .map(|url| {
            let text = |name: &str| {
                url.children()
                    .find(|n| n.tag_name().name() == name)
                    .and_then(|n| n.text())
                    .map(str::to_string)
            };
            let loc = text("loc").expect("a loc");
            let path = loc.trim_start_matches("https://example.org").to_string();
            (path, text("lastmod"))
        })
        .collect()
}

fn edit_link(site: &Site, page: &str) -> String {
    crate::support::links(&site.output(page), "a.edit")
        .pop()
        .expect("an edit link")
        .1
}

#[test]
fn an_item_without_updated_takes_the_date_of_its_last_commit() {
    let site = site_with_history();
    let run = site.build(&[]).expect(0);
    assert!(run.diagnostics().is_empty(), "{}", run.stderr);
    let lastmod = lastmods(&site);
    let of = |path: &str| lastmod[path].as_deref();
    assert_eq!(of("/institutions/brain-lab/"), Some(SECOND.1), "changed again");
    assert_eq!(of("/institutions/science-museum/"), Some(FIRST.1));
    assert_eq!(
        of("/institutions/city-university/"),
        Some("2023-12-01"),
        "its own `updated` wins"
    );
    assert_eq!(
        of("/events/fair/"),
        Some("2023-06-01"),
        "never committed: its date"
    );
    assert_eq!(of("/news/2023/lab-opens/"), Some(FIRST.1));

    let feed = site.output("news/atom.xml");
    assert!(
        feed.contains(&format!("<updated>{}</updated>", FIRST.1)),
        "{feed}"
    );

    assert_eq!(
        edit_link(&site, "institutions/brain-lab/index.html"),
        "https://github.com/example/portal/edit/main/site/content/institutions/brain-lab.md"
    );
}

#[test]
fn no_git_leaves_the_history_out() {
    let site = site_with_history();
    let run = site.build(&["--no-git"]).expect(0);
    assert!(run.diagnostics().is_empty(), "{}", run.stderr);
    let lastmod = lastmods(&site);
    assert_eq!(lastmod["/institutions/brain-lab/"], None);
    assert_eq!(lastmod["/news/2023/lab-opens/"].as_deref(), Some("2023-03-06"));
    // Without git the site is taken to be at the top of its repository.
    assert_eq!(
        edit_link(&site, "institutions/brain-lab/index.html"),
        "https://github.com/example/portal/edit/main/content/institutions/brain-lab.md"
    );
}

#[test]
fn a_shallow_clone_is_reported_once() {
    let site = site_with_history();
    let clone = tempfile::tempdir().expect("create a temporary folder");
    let origin = format!("file://{}", site.parent().display());
    git(
        clone.path(),
        &["clone", "-q", "--depth", "1", &origin, "repo"],
        SECOND.0,
    );
    let root = clone.path().join("repo/site");
    let out = clone.path().join("out");
    let run =
        crate::support::gazette(&root, &["build".as_ref(), "--output".as_ref(), out.as_os_str()]).expect(0);
    assert_eq!(run.stderr.matches("shallow clone").count(), 1, "{}", run.stderr);
    assert!(run.stderr.contains("fetch-depth: 0"), "{}", run.stderr);
}

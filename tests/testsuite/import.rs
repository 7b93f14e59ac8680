//! `gazette import`: a small site of each generator (`tests/fixtures/import/<generator>/`)
//! becomes a gazette site that builds, whose report and `site.yaml` are snapshots, and on
//! which every URL of the old site still leads to a page or to a redirect.

use std::ffi::OsStr;
use std::fs;
use std::path::{Path, PathBuf};

use tempfile::TempDir;

use crate::support::{REPO, Run, gazette};

/// An imported site in a temporary folder.
struct Imported {
    dir: TempDir,
    run: Run,
}

impl Imported {
    fn new(generator: &str) -> Imported {
        let dir = tempfile::tempdir().expect("a temporary folder");
        let source = Path::new(REPO).join("tests/fixtures/import").join(generator);
        let args = [
            OsStr::new("import"),
            OsStr::new(generator),
            source.as_os_str(),
            OsStr::new("site"),
        ];
        let run = gazette(dir.path(), &args);
        Imported { dir, run }
    }

    /// What the import printed; it must have succeeded.
    fn report(&self) -> &str {
        assert_eq!(
            self.run.code, 0,
            "the import failed:\n{}\n{}",
            self.run.stdout, self.run.stderr
        );
        &self.run.stdout
    }

    fn site(&self) -> PathBuf {
        self.dir.path().join("site")
    }

    fn read(&self, relative: &str) -> String {
        fs::read_to_string(self.site().join(relative)).expect("a file of the imported site")
    }

    /// Builds the site; it must build without an error.
    fn build(&self) -> Run {
        let site = self.site();
        let args = [
            OsStr::new("build"),
            OsStr::new("--root"),
            site.as_os_str(),
            OsStr::new("--no-git"),
        ];
        gazette(self.dir.path(), &args).expect(0)
    }

    /// Asserts that each URL leads to a file of `output/`: a page, a redirect or a file.
    fn assert_served(&self, urls: &[&str]) {
        let output = self.site().join("output");
        let missing: Vec<&&str> = urls
            .iter()
            .filter(|url| {
                let path = url.trim_start_matches('/');
                let file = match url.ends_with('/') {
                    true => output.join(path).join("index.html"),
                    false => output.join(path),
                };
                !file.is_file()
            })
            .collect();
        assert!(missing.is_empty(), "old URLs that lead nowhere: {missing:?}");
    }
}

#[test]
fn a_zola_site_imports_builds_and_keeps_its_urls() {
    let imported = Imported::new("zola");
    let report = imported.report();
    insta::assert_snapshot!("zola_report", report);
    insta::assert_snapshot!("zola_site_yaml", imported.read("site.yaml"));
    let kept = report.split("\n\nImported").next().unwrap();
    assert_eq!(imported.read("IMPORT.md"), format!("{kept}\n"));
    assert!(
        imported
            .read("content/blog/photo-walk/index.md")
            .contains("title: A photo walk")
    );
    assert!(
        imported
            .site()
            .join("content/blog/photo-walk/photo.png")
            .is_file()
    );
    assert!(
        imported
            .site()
            .join("themes/default/templates/base.html")
            .is_file()
    );
    imported.build();
    imported.assert_served(&[
        "/",
        "/about-us/",
        "/blog/",
        "/blog/first-post/",
        "/old/first-post/",
        "/blog/second/",
        "/blog/photo-walk/",
        "/blog/photo-walk/photo.png",
        "/blog/video-of-the-tide/",
        "/robots.txt",
        "/tags/boats/",
        "/categories/log/",
    ]);
}

#[test]
fn a_hugo_site_imports_builds_and_keeps_its_urls() {
    let imported = Imported::new("hugo");
    let report = imported.report();
    insta::assert_snapshot!("hugo_report", report);
    insta::assert_snapshot!("hugo_site_yaml", imported.read("site.yaml"));
    let first = imported.read("content/posts/first-post.md");
    assert!(
        first.contains("[the second](@/posts/second.md) and [the setup](@/docs/guide.md#setup)"),
        "{first}"
    );
    imported.build();
    imported.assert_served(&[
        "/",
        "/about-us/",
        "/posts/",
        "/2024/01/first-post/",
        "/old/first/",
        "/2024/02/second-thoughts/",
        "/2024/03/the-trip/",
        "/2024/04/a-video/",
        "/docs/",
        "/docs/guide/",
        "/css/extra.css",
        "/tags/weather/",
    ]);
}

#[test]
fn a_jekyll_site_imports_builds_and_keeps_its_urls() {
    let imported = Imported::new("jekyll");
    let report = imported.report();
    insta::assert_snapshot!("jekyll_report", report);
    insta::assert_snapshot!("jekyll_site_yaml", imported.read("site.yaml"));
    let hello = imported.read("content/posts/2024-01-02-hello-world.md");
    assert!(
        hello.contains("[the second post](@/posts/2024-02-03-second.md)"),
        "{hello}"
    );
    assert!(hello.contains("![A pixel](/assets/img/pixel.png)"), "{hello}");
    imported.build();
    imported.assert_served(&[
        "/news/2024/01/02/hello-world.html",
        "/2024/02/03/second.html",
        "/third-post/",
        "/2024/04/05/fourth.html",
        "/old-fourth/",
        "/about/",
        "/contact.html",
        "/projects/boat/",
        "/assets/img/pixel.png",
        "/releases/2024/05/06/version-one.html",
    ]);
    // Posts in `_posts/` itself and in a folder of it make one collection: gazette's do not nest.
    let release = imported.read("content/posts/2024-05-06-version-one.md");
    assert!(
        release.contains("- /releases/2024/05/06/version-one.html"),
        "{release}"
    );
}

#[test]
fn a_folder_that_is_not_empty_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    fs::create_dir(dir.path().join("site")).unwrap();
    fs::write(dir.path().join("site/notes.txt"), "mine").unwrap();
    let source = Path::new(REPO).join("tests/fixtures/import/zola");
    let args = [
        OsStr::new("import"),
        OsStr::new("zola"),
        source.as_os_str(),
        OsStr::new("site"),
    ];
    let run = gazette(dir.path(), &args).expect(2);
    assert!(
        run.stderr.contains("site is not empty (it holds notes.txt)"),
        "{}",
        run.stderr
    );
    assert_eq!(
        fs::read_to_string(dir.path().join("site/notes.txt")).unwrap(),
        "mine"
    );
    assert_eq!(fs::read_dir(dir.path().join("site")).unwrap().count(), 1);
}

#[test]
fn a_folder_of_another_generator_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let source = Path::new(REPO).join("tests/fixtures/import/zola");
    let args = [
        OsStr::new("import"),
        OsStr::new("jekyll"),
        source.as_os_str(),
        OsStr::new("site"),
    ];
    let run = gazette(dir.path(), &args).expect(2);
    assert!(
        run.stderr.contains("is not a jekyll site: it has no _config.yml"),
        "{}",
        run.stderr
    );
    assert!(!dir.path().join("site").exists());
}

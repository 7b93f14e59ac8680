//! `gazette serve`'s editing API, spoken as Decap CMS speaks it, on a real server: what it
//! lists and reads, what it saves (and the page that then appears), and every request it
//! must refuse without writing a byte.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::time::Duration;

use serde_json::{Value, json};
use sha2::Digest;

use crate::serve::{Server, status_and_body};
use crate::support::{Site, Tree, assert_same_tree, tree};

const API: &str = "/admin/api/v1";

/// A raw POST to the API: (status, body).
fn post(server: &Server, headers: &[(&str, String)], body: &[u8]) -> (u16, String) {
    let mut stream = TcpStream::connect(("127.0.0.1", server.port)).expect("connect");
    stream.set_read_timeout(Some(Duration::from_secs(30))).unwrap();
    let mut head = format!("POST {API} HTTP/1.1\r\nConnection: close\r\n");
    for (name, value) in headers {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    head.push_str("\r\n");
    stream.write_all(head.as_bytes()).unwrap();
    let _ = stream.write_all(body);
    let mut response = Vec::new();
    let _ = stream.read_to_end(&mut response);
    status_and_body(&String::from_utf8_lossy(&response))
}

/// The headers Decap's proxy backend sends from this server's own `/admin/` page.
fn decap_headers(server: &Server, length: usize) -> Vec<(&'static str, String)> {
    vec![
        ("Host", format!("localhost:{}", server.port)),
        ("Origin", format!("http://localhost:{}", server.port)),
        ("Content-Type", "application/json; charset=utf-8".into()),
        ("Content-Length", length.to_string()),
    ]
}

/// `{action, params}` as Decap sends it: (status, JSON answer).
fn call(server: &Server, action: &str, params: Value) -> (u16, Value) {
    let body = json!({ "action": action, "params": params, "branch": "main" }).to_string();
    let (status, text) = post(server, &decap_headers(server, body.len()), body.as_bytes());
    let value = serde_json::from_str(&text).unwrap_or_else(|_| panic!("not JSON: {status} {text:?}"));
    (status, value)
}

fn persist(server: &Server, path: &str, raw: &str) -> (u16, Value) {
    call(
        server,
        "persistEntry",
        json!({ "dataFiles": [{ "path": path, "raw": raw, "slug": "x" }], "assets": [], "options": {} }),
    )
}

/// What the site's sources hold (not `output/`, which serve's search indexer may write).
fn sources(site: &Site) -> (Tree, Tree, String) {
    (
        tree(&site.root().join("content")),
        tree(&site.root().join("static")),
        site.read("site.yaml"),
    )
}

#[track_caller]
fn assert_unchanged(before: &(Tree, Tree, String), site: &Site) {
    let after = sources(site);
    assert_same_tree(&before.0, &after.0);
    assert_same_tree(&before.1, &after.1);
    assert_eq!(before.2, after.2);
}

const NEWS: &str = "---\ntitle: The science city opens a library\ndate: 2024-05-06\ninstitutions: [chongqing-university]\n---\n\nThe library opened.\n";

#[test]
fn info_names_the_site_folder_and_the_simple_mode() {
    let site = Site::new("cms");
    let server = Server::start(&site);
    let (status, info) = call(&server, "info", json!({}));
    assert_eq!(status, 200);
    assert_eq!(
        info,
        json!({ "repo": "site", "publish_modes": ["simple"], "type": "local_fs" })
    );
}

#[test]
fn a_folder_lists_entries_by_decaps_names_without_intros() {
    let site = Site::new("cms");
    site.write("content/news/_index.md", "---\ntitle: News\n---\n");
    let server = Server::start(&site);
    let (status, entries) = call(
        &server,
        "entriesByFolder",
        json!({ "folder": "content/news", "extension": "md", "depth": 2 }),
    );
    assert_eq!(status, 200, "{entries}");
    let paths: Vec<&str> = entries
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["file"]["path"].as_str().unwrap())
        .collect();
    assert_eq!(
        paths,
        [
            "content/news/2023/lab-opens.en.md",
            "content/news/2023/lab-opens.zh-Hans.md",
            "content/news/2023/university-backs-lab.en.md",
        ]
    );
    let bytes = std::fs::read(site.root().join("content/news/2023/lab-opens.md")).unwrap();
    let id = format!("{:x}", sha2::Sha256::digest(&bytes));
    assert_eq!(entries[0]["file"]["id"], json!(id));
    assert_eq!(entries[0]["data"], json!(String::from_utf8(bytes).unwrap()));
    // One level lists only the folder's own files: none here.
    let (_, shallow) = call(
        &server,
        "entriesByFolder",
        json!({ "folder": "content/news", "extension": "md", "depth": 1 }),
    );
    assert_eq!(shallow, json!([]));
}

#[test]
fn an_entry_is_read_by_decaps_name_from_its_plain_file() {
    let site = Site::new("cms");
    let server = Server::start(&site);
    let (status, entry) = call(
        &server,
        "getEntry",
        json!({ "path": "content/news/2023/lab-opens.en.md" }),
    );
    assert_eq!(status, 200);
    assert_eq!(entry["data"], json!(site.read("content/news/2023/lab-opens.md")));
    let (_, translation) = call(
        &server,
        "getEntry",
        json!({ "path": "content/news/2023/lab-opens.zh-Hans.md" }),
    );
    assert_eq!(
        translation["data"],
        json!(site.read("content/news/2023/lab-opens.zh-Hans.md"))
    );
}

#[test]
fn a_valid_news_item_is_saved_as_sent_and_published() {
    let site = Site::new("cms");
    let server = Server::start(&site);
    let (status, answer) = persist(&server, "content/news/2024/library-opens.en.md", NEWS);
    assert_eq!(status, 200, "{answer}");
    assert_eq!(site.read("content/news/2024/library-opens.md"), NEWS);
    assert!(!site.root().join("content/news/2024/library-opens.en.md").exists());
    server.wait_for("/news/2024/library-opens/", |status, _| status == 200);
}

#[test]
fn a_renamed_entry_moves_to_its_new_name() {
    let site = Site::new("cms");
    let server = Server::start(&site);
    let raw = site
        .read("content/news/2023/university-backs-lab.md")
        .replace("backs", "supports");
    let file = json!({
        "path": "content/news/2023/university-backs-lab.en.md",
        "newPath": "content/news/2023/university-supports-lab.en.md",
        "raw": raw,
        "slug": "university-supports-lab",
    });
    let (status, answer) = call(
        &server,
        "persistEntry",
        json!({ "dataFiles": [file], "assets": [] }),
    );
    assert_eq!(status, 200, "{answer}");
    assert_eq!(site.read("content/news/2023/university-supports-lab.md"), raw);
    assert!(
        !site
            .root()
            .join("content/news/2023/university-backs-lab.md")
            .exists()
    );
}

#[test]
fn an_unknown_reference_is_refused_in_gazettes_words() {
    let site = Site::new("cms");
    let server = Server::start(&site);
    let raw = NEWS.replace("chongqing-university", "chongqing-univrsity");
    let (status, answer) = persist(&server, "content/news/2024/library-opens.en.md", &raw);
    assert_eq!(status, 422, "{answer}");
    let error = answer["error"].as_str().unwrap();
    assert!(
        error.contains("`chongqing-univrsity` names no item of collection `institutions`"),
        "{error}"
    );
    assert!(error.contains("content/news/2024/library-opens.md:4:"), "{error}");
    assert!(!site.root().join("content/news/2024").exists());
}

#[test]
fn a_value_outside_an_enum_is_refused() {
    let site = Site::new("cms");
    let before = site.read("content/institutions/jinfeng-laboratory.md");
    let server = Server::start(&site);
    let raw = before.replace("kind: laboratory", "kind: shop");
    assert_ne!(raw, before);
    let (status, answer) = persist(&server, "content/institutions/jinfeng-laboratory.en.md", &raw);
    assert_eq!(status, 422, "{answer}");
    assert!(
        answer["error"]
            .as_str()
            .unwrap()
            .contains("content/institutions/jinfeng-laboratory.md:")
    );
    assert_eq!(site.read("content/institutions/jinfeng-laboratory.md"), before);
}

#[test]
fn deleting_a_referenced_institution_is_refused() {
    let site = Site::new("cms");
    let server = Server::start(&site);
    let (status, answer) = call(
        &server,
        "deleteFile",
        json!({ "path": "content/institutions/chongqing-university.en.md", "options": {} }),
    );
    assert_eq!(status, 422, "{answer}");
    assert!(answer["error"].as_str().unwrap().contains("chongqing-university"));
    assert!(
        site.root()
            .join("content/institutions/chongqing-university.md")
            .exists()
    );
}

#[test]
fn paths_outside_content_and_the_media_folder_are_refused_and_nothing_is_written() {
    let site = Site::new("cms");
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(outside.path().join("linked.md"), NEWS).unwrap();
    #[cfg(unix)]
    {
        std::os::unix::fs::symlink(outside.path(), site.root().join("content/out")).unwrap();
        std::os::unix::fs::symlink(
            outside.path().join("linked.md"),
            site.root().join("content/news/linked.md"),
        )
        .unwrap();
    }
    let server = Server::start(&site);
    let before = sources(&site);
    for path in [
        "../site.yaml",
        "site.yaml",
        "/etc/passwd",
        "content/../../x.md",
        "content/../site.md",
        "content\\x.md",
        "content/out/x.md",
        "content/news/linked.en.md",
        ".git/config",
        "content/.git/config.md",
        "content/news/x.html",
        "static/images/uploads/x.md",
    ] {
        let (status, answer) = persist(&server, path, NEWS);
        assert_eq!(status, 422, "{path}: {answer}");
    }
    for path in [
        "../x.png",
        "static/elsewhere/x.png",
        "themes/mini/x.png",
        "content/out/x.png",
        "/tmp/x.png",
    ] {
        let asset = json!({ "path": path, "content": "aGVsbG8=", "encoding": "base64" });
        let (status, answer) = call(&server, "persistMedia", json!({ "asset": asset }));
        assert_eq!(status, 422, "{path}: {answer}");
        let entry = json!({ "path": "content/news/2024/ok.en.md", "raw": NEWS });
        let (status, answer) = call(
            &server,
            "persistEntry",
            json!({ "dataFiles": [entry], "assets": [asset] }),
        );
        assert_eq!(status, 422, "{path}: {answer}");
    }
    for path in ["site.yaml", "../etc/passwd", "content/out/x.md"] {
        let (status, answer) = call(&server, "getEntry", json!({ "path": path }));
        assert_eq!(status, 422, "{path}: {answer}");
        let (status, answer) = call(&server, "getMediaFile", json!({ "path": path }));
        assert_eq!(status, 422, "{path}: {answer}");
    }
    let (status, _) = call(&server, "deleteFile", json!({ "path": "site.yaml" }));
    assert_eq!(status, 422);
    assert_unchanged(&before, &site);
    let outside_files: Vec<_> = std::fs::read_dir(outside.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(outside_files, ["linked.md"]);
    assert_eq!(
        std::fs::read_to_string(outside.path().join("linked.md")).unwrap(),
        NEWS
    );
    assert!(
        std::fs::symlink_metadata(site.root().join("content/news/linked.md"))
            .unwrap()
            .file_type()
            .is_symlink()
    );
    assert!(!site.parent().join("x.md").exists() && !site.parent().join("x.png").exists());
}

#[test]
fn media_are_saved_in_the_media_folder_and_read_back() {
    let site = Site::new("cms");
    let server = Server::start(&site);
    let asset =
        json!({ "path": "static/images/uploads/dot.png", "content": "aGVsbG8=", "encoding": "base64" });
    let (status, file) = call(&server, "persistMedia", json!({ "asset": asset }));
    assert_eq!(status, 200, "{file}");
    assert_eq!(
        std::fs::read(site.root().join("static/images/uploads/dot.png")).unwrap(),
        b"hello"
    );
    let (_, media) = call(
        &server,
        "getMedia",
        json!({ "mediaFolder": "static/images/uploads" }),
    );
    assert_eq!(media[0]["name"], json!("dot.png"));
    assert_eq!(media[0]["content"], json!("aGVsbG8="));
}

#[test]
fn a_body_over_32_mib_is_refused() {
    let site = Site::new("cms");
    let server = Server::start(&site);
    let length = 32 * 1024 * 1024 + 1;
    let (status, body) = post(&server, &decap_headers(&server, length), b"{");
    assert_eq!(status, 413, "{body}");
}

#[test]
fn a_foreign_host_or_origin_is_forbidden() {
    let site = Site::new("cms");
    let server = Server::start(&site);
    let body = json!({ "action": "persistEntry", "params": { "dataFiles": [{ "path": "content/news/2024/x.en.md", "raw": NEWS }], "assets": [] } }).to_string();
    let mut foreign_host = decap_headers(&server, body.len());
    foreign_host[0].1 = format!("evil.example:{}", server.port);
    let mut foreign_origin = decap_headers(&server, body.len());
    foreign_origin[1].1 = "http://evil.example".into();
    for headers in [foreign_host, foreign_origin] {
        let (status, answer) = post(&server, &headers, body.as_bytes());
        assert_eq!(status, 403, "{answer}");
    }
    assert!(!site.root().join("content/news/2024").exists());
}

#[test]
fn only_json_is_taken() {
    let site = Site::new("cms");
    let server = Server::start(&site);
    let body = json!({ "action": "persistEntry", "params": { "dataFiles": [{ "path": "content/news/2024/x.en.md", "raw": NEWS }], "assets": [] } }).to_string();
    let mut headers = decap_headers(&server, body.len());
    headers[2].1 = "text/plain".into();
    let (status, answer) = post(&server, &headers, body.as_bytes());
    assert_eq!(status, 415, "{answer}");
    assert!(!answer.contains("Access-Control"));
    assert!(!site.root().join("content/news/2024").exists());
}

#[test]
fn an_unknown_action_is_unprocessable() {
    let site = Site::new("cms");
    let server = Server::start(&site);
    let (status, answer) = call(&server, "unpublishedEntries", json!({}));
    assert_eq!(status, 422);
    assert_eq!(answer, json!({ "error": "Unknown action unpublishedEntries" }));
}

#[test]
fn a_site_without_cms_has_no_editing_api() {
    let site = Site::new("multilingual");
    let server = Server::start(&site);
    let (status, answer) = persist(&server, "content/news/2024/x.en.md", NEWS);
    assert_eq!(status, 404, "{answer}");
    assert!(!Path::new(&site.root().join("content/news/2024")).exists());
}

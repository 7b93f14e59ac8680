//! Sub-path hosting, end to end: the example site built for `https://example.org/portal/`,
//! served by a real (tiny) HTTP server under `/portal/` only, and crawled from its home
//! page. Every `href` and `src` on the server, every feed and every sitemap entry must
//! answer 200: a link that forgot the base path would ask for `/x` and get a 404.
//! See gohugoio/hugo#7714 and getzola/zola#1565 for how often generators get this wrong.

use std::collections::{BTreeSet, VecDeque};
use std::ffi::OsStr;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use crate::support::{REPO, gazette, urls};

const PREFIX: &str = "/portal/";
/// The server stops by itself after this long, whatever the test does.
const SERVER_LIFETIME: Duration = Duration::from_secs(120);

/// Serves `root` under `PREFIX` on 127.0.0.1: `/portal/x` is `root/x`, a folder is its
/// `index.html`, anything else is a 404. One request per connection.
struct Server {
    address: String,
    stop: Arc<AtomicBool>,
    thread: Option<JoinHandle<()>>,
}

impl Server {
    fn start(root: PathBuf) -> Server {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind a local port");
        listener.set_nonblocking(true).expect("a non-blocking listener");
        let address = listener.local_addr().expect("a local address").to_string();
        let stop = Arc::new(AtomicBool::new(false));
        let stopped = Arc::clone(&stop);
        let thread = std::thread::spawn(move || {
            let deadline = Instant::now() + SERVER_LIFETIME;
            while !stopped.load(Ordering::Relaxed) && Instant::now() < deadline {
                match listener.accept() {
                    Ok((stream, _)) => answer(stream, &root),
                    Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => {
                        std::thread::sleep(Duration::from_millis(2));
                    }
                    Err(e) => panic!("accept: {e}"),
                }
            }
        });
        Server {
            address,
            stop,
            thread: Some(thread),
        }
    }

    /// `GET path`: the status and the body.
    fn get(&self, path: &str) -> (u16, Vec<u8>) {
        let mut stream = TcpStream::connect(&self.address).expect("connect to the test server");
        stream
            .set_read_timeout(Some(Duration::from_secs(10)))
            .expect("a read timeout");
        write!(stream, "GET {path} HTTP/1.0\r\nHost: {}\r\n\r\n", self.address).expect("send a request");
        let mut response = Vec::new();
        stream.read_to_end(&mut response).expect("read the response");
        let head_end = response
            .windows(4)
            .position(|w| w == b"\r\n\r\n")
            .expect("a response head");
        let head = String::from_utf8_lossy(&response[..head_end]);
        let status = head
            .split(' ')
            .nth(1)
            .and_then(|s| s.parse().ok())
            .expect("a status code");
        (status, response[head_end + 4..].to_vec())
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

fn answer(mut stream: TcpStream, root: &Path) {
    stream.set_nonblocking(false).expect("a blocking stream");
    let mut line = String::new();
    let mut reader = BufReader::new(stream.try_clone().expect("clone the stream"));
    if reader.read_line(&mut line).is_err() {
        return;
    }
    // Read the rest of the head, so the client is not cut off mid-request.
    let mut header = String::new();
    while reader.read_line(&mut header).is_ok_and(|n| n > 2) {
        header.clear();
    }
    let target = line.split(' ').nth(1).unwrap_or("");
    let path = target.split(['?', '#']).next().unwrap_or("");
    let file = path
        .strip_prefix(PREFIX)
        .and_then(gazette::model::permalink::decode_path)
        .filter(|p| !p.split('/').any(|s| s == ".."))
        .map(|p| root.join(p))
        .map(|f| if f.is_dir() { f.join("index.html") } else { f });
    let (status, body) = match file.and_then(|f| std::fs::read(f).ok()) {
        Some(body) => ("200 OK", body),
        None => ("404 Not Found", b"not found".to_vec()),
    };
    let _ = write!(
        stream,
        "HTTP/1.0 {status}\r\nContent-Length: {}\r\n\r\n",
        body.len()
    );
    let _ = stream.write_all(&body);
}

/// Resolves a link found on the page at `page` (a path) to a path on the test server, or
/// `None` for another host, a fragment, or a scheme that is not HTTP.
fn resolve(link: &str, page: &str, public_origin: &str) -> Option<String> {
    let link = link.split('#').next().unwrap_or("");
    if link.is_empty() {
        return None;
    }
    if let Some(path) = link.strip_prefix(public_origin) {
        return Some(path.to_string());
    }
    if link.starts_with("//") || link.contains(':') && !link.starts_with('/') {
        return None;
    }
    if link.starts_with('/') {
        return Some(link.to_string());
    }
    let folder = &page[..page.rfind('/').map_or(0, |i| i + 1)];
    Some(normalize(&format!("{folder}{link}")))
}

/// Removes `.` and `..` segments, as a browser does.
fn normalize(path: &str) -> String {
    let mut segments: Vec<&str> = Vec::new();
    for segment in path.split('/').skip(1) {
        match segment {
            "." => {}
            ".." => {
                segments.pop();
            }
            other => segments.push(other),
        }
    }
    let trailing = if path.ends_with("/.") || path.ends_with("/..") {
        "/"
    } else {
        ""
    };
    format!("/{}{trailing}", segments.join("/"))
}

#[test]
fn the_example_site_under_a_sub_path_has_no_broken_link() {
    let out = tempfile::tempdir().expect("create a temporary folder");
    let args: [&OsStr; 7] = [
        "build".as_ref(),
        "--root".as_ref(),
        REPO.as_ref(),
        "--output".as_ref(),
        out.path().as_os_str(),
        "--base-url".as_ref(),
        "https://example.org/portal/".as_ref(),
    ];
    gazette(out.path(), &args).expect(0);
    let server = Server::start(out.path().to_path_buf());
    // Absolute URLs (canonical links, feeds, the sitemap) name the public host; they are
    // fetched from the test server by their path.
    let origin = "https://example.org";

    // Home, and what no page links to but hosts and crawlers ask for.
    let mut queue: VecDeque<(String, String)> = ["", "robots.txt", "404.html"]
        .into_iter()
        .map(|p| (format!("{PREFIX}{p}"), "the start".to_string()))
        .collect();
    let mut seen: BTreeSet<String> = queue.iter().map(|(path, _)| path.clone()).collect();
    let mut broken = Vec::new();
    let mut pages = 0;
    while let Some((path, from)) = queue.pop_front() {
        assert!(
            path.starts_with(PREFIX),
            "{path} (linked from {from}) is outside {PREFIX}"
        );
        let (status, body) = server.get(&path);
        if status != 200 {
            broken.push(format!("{status} {path} (linked from {from})"));
            continue;
        }
        let links: Vec<String> = if path.ends_with('/') || path.ends_with(".html") {
            pages += 1;
            urls(&String::from_utf8_lossy(&body))
        } else if path.ends_with(".xml") {
            xml_links(&String::from_utf8_lossy(&body))
        } else if path.ends_with("robots.txt") {
            String::from_utf8_lossy(&body)
                .lines()
                .filter_map(|l| l.strip_prefix("Sitemap:"))
                .map(|url| url.trim().to_string())
                .collect()
        } else {
            Vec::new()
        };
        for link in links {
            if let Some(target) = resolve(&link, &path, origin)
                && seen.insert(target.clone())
            {
                queue.push_back((target, path.clone()));
            }
        }
    }
    assert!(broken.is_empty(), "broken links:\n{}", broken.join("\n"));
    assert!(pages > 30, "only {pages} pages crawled");
    for file in [
        "/portal/atom.xml",
        "/portal/news/atom.xml",
        "/portal/sitemap.xml",
        "/portal/css/site.css",
    ] {
        assert!(seen.contains(file), "{file} was never linked");
    }
    // A path without the prefix is not served: the crawl above would have caught a link
    // that forgot it.
    assert_eq!(server.get("/index.html").0, 404);
}

/// Feed links and sitemap locations.
fn xml_links(xml: &str) -> Vec<String> {
    let doc = roxmltree::Document::parse(xml).expect("valid XML");
    doc.descendants()
        .filter_map(|n| match n.tag_name().name() {
            "link" => n.attribute("href").map(str::to_string),
            "loc" | "id" => n.text().map(str::to_string),
            _ => None,
        })
        .collect()
}

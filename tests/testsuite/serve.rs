//! `gazette serve` for real: the binary on a free port, driven through HTTP and the
//! live-reload WebSocket, with files edited, deleted, renamed and broken on disk.

use std::fs;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::support::Site;

/// A running `gazette serve`, stopped when dropped.
pub(crate) struct Server {
    child: Child,
    pub(crate) port: u16,
}

/// An HTTP response's status and body; status 0 when it has none.
pub(crate) fn status_and_body(text: &str) -> (u16, String) {
    let status = text.split(' ').nth(1).and_then(|s| s.parse().ok()).unwrap_or(0);
    let body = text
        .split_once("\r\n\r\n")
        .map(|(_, b)| b.to_string())
        .unwrap_or_default();
    (status, body)
}

impl Server {
    pub(crate) fn start(site: &Site) -> Server {
        let mut command = Command::new(env!("CARGO_BIN_EXE_gazette"));
        command.args(["serve", "--port", "0", "--root"]).arg(site.root());
        Server::spawn(command)
    }

    /// `gazette serve` run in the site's folder, without `--root`, as most people run it.
    fn start_in(site: &Site) -> Server {
        let mut command = Command::new(env!("CARGO_BIN_EXE_gazette"));
        command.args(["serve", "--port", "0"]).current_dir(site.root());
        Server::spawn(command)
    }

    fn spawn(mut command: Command) -> Server {
        let mut child = command
            .env("NO_COLOR", "1")
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("start gazette serve");
        let stdout = child.stdout.take().expect("piped stdout");
        let mut line = String::new();
        BufReader::new(stdout)
            .read_line(&mut line)
            .expect("read the first line");
        let port = line
            .split("127.0.0.1:")
            .nth(1)
            .and_then(|rest| rest.split('/').next())
            .and_then(|p| p.parse().ok())
            .unwrap_or_else(|| panic!("no URL in {line:?}"));
        Server { child, port }
    }

    /// GET `path` with `Host: localhost:<port>`; (status, body).
    pub(crate) fn get(&self, path: &str) -> (u16, String) {
        self.get_with_host(path, &format!("localhost:{}", self.port))
    }

    fn get_with_host(&self, path: &str, host: &str) -> (u16, String) {
        status_and_body(&self.response(path, host))
    }

    /// The whole HTTP response to `GET path`, headers and body.
    fn response(&self, path: &str, host: &str) -> String {
        let mut stream = TcpStream::connect(("127.0.0.1", self.port)).expect("connect");
        stream.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
        write!(
            stream,
            "GET {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"
        )
        .unwrap();
        let mut response = Vec::new();
        stream.read_to_end(&mut response).expect("read the response");
        String::from_utf8_lossy(&response).into_owned()
    }

    /// The status and `Location` of the response to `GET path`.
    fn redirect(&self, path: &str) -> (u16, Option<String>) {
        let text = self.response(path, &format!("localhost:{}", self.port));
        let status = text.split(' ').nth(1).and_then(|s| s.parse().ok()).unwrap_or(0);
        let head = text.split("\r\n\r\n").next().unwrap_or_default();
        let location = head.lines().find_map(|line| {
            let (name, value) = line.split_once(':')?;
            name.eq_ignore_ascii_case("location")
                .then(|| value.trim().to_string())
        });
        (status, location)
    }

    /// The live-reload socket, as a browser tab opens it.
    fn live(&self) -> tungstenite::WebSocket<tungstenite::stream::MaybeTlsStream<TcpStream>> {
        let (socket, _) = tungstenite::connect(format!("ws://localhost:{}/__gazette/live", self.port))
            .expect("open the live-reload socket");
        if let tungstenite::stream::MaybeTlsStream::Plain(stream) = socket.get_ref() {
            stream.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
        }
        socket
    }

    /// Polls until `path`'s body satisfies `ok` (rebuilds are asynchronous), or panics.
    pub(crate) fn wait_for(&self, path: &str, ok: impl Fn(u16, &str) -> bool) -> (u16, String) {
        let start = Instant::now();
        loop {
            let (status, body) = self.get(path);
            if ok(status, &body) {
                return (status, body);
            }
            assert!(
                start.elapsed() < Duration::from_secs(20),
                "{path} never changed: {status} {body}"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn next_text(socket: &mut tungstenite::WebSocket<tungstenite::stream::MaybeTlsStream<TcpStream>>) -> String {
    loop {
        match socket.read().expect("a message before the timeout") {
            tungstenite::Message::Text(text) => return text.to_string(),
            _ => continue,
        }
    }
}

const LAB_OPENS: &str = "content/news/2023/lab-opens.md";
const JINFENG: &str = "/institutions/jinfeng-laboratory/";

#[test]
fn edit_shows_on_the_served_page_and_a_reload_message_arrives() {
    let site = Site::new("good");
    let server = Server::start(&site);
    let (status, body) = server.get("/news/2023/lab-opens/");
    assert_eq!(status, 200);
    assert!(
        body.contains("__gazette/live"),
        "the live-reload script is injected"
    );
    assert!(
        !site
            .output("news/2023/lab-opens/index.html")
            .contains("__gazette"),
        "built files stay clean"
    );
    let message = edit_lab_opens(&site, &server);
    assert!(message.contains("\"reload\""), "{message}");
}

/// Edits the news item's body; returns the live-reload message that follows, once it
/// names the page and the page is served with the edit.
fn edit_lab_opens(site: &Site, server: &Server) -> String {
    let mut live = server.live();
    let text = site
        .read(LAB_OPENS)
        .replace("opened its building", "opened its new building");
    site.write(LAB_OPENS, text);
    let message = next_text(&mut live);
    assert!(message.contains("/news/2023/lab-opens/"), "{message}");
    let (_, body) = server.get("/news/2023/lab-opens/");
    assert!(body.contains("new building"), "{body}");
    message
}

#[test]
fn serve_in_the_site_folder_sees_edits_too() {
    let site = Site::new("good");
    let server = Server::start_in(&site);
    edit_lab_opens(&site, &server);
}

#[test]
fn a_deleted_item_404s_and_leaves_its_backlinks() {
    let site = Site::new("good");
    let server = Server::start(&site);
    assert!(server.get(JINFENG).1.contains("Jinfeng Laboratory opens"));
    site.remove(LAB_OPENS);
    server.wait_for("/news/2023/lab-opens/", |status, _| status == 404);
    server.wait_for(JINFENG, |_, body| !body.contains("Jinfeng Laboratory opens"));
}

#[test]
fn a_renamed_file_moves_its_page() {
    let site = Site::new("good");
    let server = Server::start(&site);
    let text = site.read(LAB_OPENS);
    site.remove(LAB_OPENS);
    site.write("content/news/2023/lab-opened.md", text);
    server.wait_for("/news/2023/lab-opened/", |status, _| status == 200);
    assert_eq!(server.get("/news/2023/lab-opens/").0, 404);
}

#[test]
fn a_broken_file_shows_its_error_then_the_fix_reloads() {
    let site = Site::new("good");
    let server = Server::start(&site);
    let mut live = server.live();
    let good = site.read(LAB_OPENS);
    site.write(LAB_OPENS, good.replace("[jinfeng-laboratory,", "[jinfeng-lab,"));
    let message = next_text(&mut live);
    assert!(
        message.contains("\"errors\"") && message.contains("jinfeng-lab"),
        "{message}"
    );
    assert!(message.contains("content/news/2023/lab-opens.md"), "{message}");
    assert_eq!(
        server.get("/news/2023/lab-opens/").0,
        200,
        "the last good site stays served"
    );
    site.write(LAB_OPENS, good.replace("opened its building", "opened its doors"));
    let message = next_text(&mut live);
    assert!(message.contains("\"reload\""), "{message}");
    assert!(server.get("/news/2023/lab-opens/").1.contains("opened its doors"));
}

#[test]
fn traversal_foreign_hosts_and_cross_origin_sockets_are_refused() {
    let site = Site::new("good");
    // Real files one and two levels above the output folder: a request that climbs out
    // would find them, so a refusal is the guard's doing, not a missing file's.
    std::fs::write(site.root().join("secret.txt"), "root:x:0:0").unwrap();
    std::fs::write(site.parent().join("secret.txt"), "root:x:0:0").unwrap();
    let server = Server::start(&site);
    // After the first build, which would remove a file the site does not produce.
    #[cfg(unix)]
    std::os::unix::fs::symlink(
        site.parent().join("secret.txt"),
        site.root().join("output/leak.txt"),
    )
    .unwrap();
    for path in [
        "/../secret.txt",
        "/../../secret.txt",
        "/news/../../secret.txt",
        "/%2e%2e/secret.txt",
        "/%2e%2e/%2e%2e/secret.txt",
        "/..%2fsecret.txt",
        "/..%2f..%2fsecret.txt",
        "/%2e%2e%2f%2e%2e%2fsecret.txt",
        "/..%5csecret.txt",
        "/..%5c..%5csecret.txt",
        "/%c0%ae%c0%ae/secret.txt",
        "/leak.txt",
    ] {
        let (status, body) = server.get(path);
        assert_ne!(status, 200, "{path} was served");
        assert!(!body.contains("root:x"), "{path} leaked the file");
    }
    assert_eq!(server.get_with_host("/", "evil.example.com").0, 403);
    let own_host = format!("localhost:{}", server.port);
    let request = socket_request(server.port, &own_host, Some("http://evil.example.com"));
    assert_refused(tungstenite::connect(request), "a cross-origin socket");
    let request = socket_request(server.port, "evil.example.com", None);
    assert_refused(tungstenite::connect(request), "a socket for a foreign Host");
    // A port-less Host names another server (port 80), not this one.
    assert_eq!(server.get_with_host("/", "localhost").0, 403);
    // The site's own pages, in either scheme, may open the socket.
    for origin in [format!("http://{own_host}"), format!("https://{own_host}")] {
        let request = socket_request(server.port, &own_host, Some(&origin));
        tungstenite::connect(request)
            .unwrap_or_else(|err| panic!("a socket from {origin} was refused: {err}"));
    }
}

/// The live-reload socket's opening request, as a page at `origin` (if any) would send it
/// to the server named `host`.
fn socket_request(port: u16, host: &str, origin: Option<&str>) -> tungstenite::http::Request<()> {
    let mut request = tungstenite::http::Request::builder()
        .uri(format!("ws://localhost:{port}/__gazette/live"))
        .header("Host", host)
        .header("Connection", "Upgrade")
        .header("Upgrade", "websocket")
        .header("Sec-WebSocket-Version", "13")
        .header(
            "Sec-WebSocket-Key",
            tungstenite::handshake::client::generate_key(),
        );
    if let Some(origin) = origin {
        request = request.header("Origin", origin);
    }
    request.body(()).unwrap()
}

/// The live-reload socket was refused with 403, not by accident (a closed port, a 404).
#[track_caller]
fn assert_refused<T>(result: Result<T, tungstenite::Error>, what: &str) {
    match result {
        Err(tungstenite::Error::Http(response)) => {
            assert_eq!(response.status(), 403, "{what} got {}", response.status())
        }
        Err(other) => panic!("{what} failed otherwise than with a 403: {other}"),
        Ok(_) => panic!("{what} was accepted"),
    }
}

#[test]
fn folder_redirects_stay_on_the_site_whatever_the_slashes() {
    let site = Site::new("good");
    let server = Server::start(&site);
    assert_eq!(server.redirect("/news"), (301, Some("/news/".into())));
    // Each of these once answered `Location: //news/…`, which a browser takes for the host
    // `news`.
    for (path, to) in [
        ("//news", "/news/"),
        ("///news", "/news/"),
        ("//news//2023", "/news/2023/"),
        ("/%2Fnews", "/news/"),
        ("/%2F%2Fnews", "/news/"),
        ("/./news", "/news/"),
    ] {
        let (status, location) = server.redirect(path);
        assert_eq!((status, location.as_deref()), (301, Some(to)), "GET {path}");
    }
}

#[test]
fn open_shows_the_served_site_in_the_browser_named_by_browser() {
    let site = Site::new("good");
    let opened = site.root().join("opened.txt");
    let browser = site.root().join("browser.sh");
    fs::write(
        &browser,
        format!("#!/bin/sh\necho \"$1\" > '{}'\n", opened.display()),
    )
    .unwrap();
    fs::set_permissions(&browser, std::os::unix::fs::PermissionsExt::from_mode(0o755)).unwrap();
    let mut command = Command::new(env!("CARGO_BIN_EXE_gazette"));
    command
        .args(["serve", "--open", "--port", "0", "--root"])
        .arg(site.root())
        .env("BROWSER", &browser);
    let server = Server::spawn(command);
    let deadline = Instant::now() + Duration::from_secs(20);
    while !opened.exists() && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(50));
    }
    let url = fs::read_to_string(&opened).expect("serve --open starts $BROWSER");
    assert_eq!(url.trim(), format!("http://127.0.0.1:{}/", server.port));
}

#[test]
fn a_taken_port_is_a_clear_error_naming_the_flag() {
    let site = Site::new("good");
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = taken.local_addr().unwrap().port().to_string();
    let output = Command::new(env!("CARGO_BIN_EXE_gazette"))
        .args(["serve", "--port", &port, "--root"])
        .arg(site.root())
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("--port"), "{stderr}");
}

#[test]
fn a_burst_of_changes_is_one_rebuild_for_every_open_tab() {
    let site = Site::new("good");
    let server = Server::start(&site);
    let mut tabs = [server.live(), server.live()];
    // Like `git checkout`: many files rewritten at once. Written first under hidden names
    // (which the watcher leaves out), then renamed into place in one quick loop, so the
    // burst is as short as a checkout's even when the machine starves this process.
    let folder = site.root().join("content/news/2023");
    for n in 0..100 {
        let text = format!("---\ntitle: Burst {n}\ndate: 2023-01-01\n---\nText.\n");
        std::fs::write(folder.join(format!(".burst-{n}.md.saving")), text).unwrap();
    }
    for n in 0..100 {
        std::fs::rename(
            folder.join(format!(".burst-{n}.md.saving")),
            folder.join(format!("burst-{n}.md")),
        )
        .unwrap();
    }
    for tab in &mut tabs {
        let message = next_text(tab);
        assert!(message.contains("\"reload\""), "{message}");
        if let tungstenite::stream::MaybeTlsStream::Plain(stream) = tab.get_ref() {
            stream
                .set_read_timeout(Some(Duration::from_millis(1500)))
                .unwrap();
        }
        let mut more = 0;
        while let Ok(tungstenite::Message::Text(_)) = tab.read() {
            more += 1;
        }
        // One rebuild, and one more for what arrived while it ran; never one per file.
        assert!(more <= 1, "{} rebuilds for one burst", more + 1);
    }
    assert_eq!(server.get("/news/2023/burst-99/").0, 200);
}

#[test]
fn serve_and_build_count_the_same_pages() {
    let site = Site::new("good");
    let build = site.build(&[]).expect(0);
    let built = build
        .stdout
        .lines()
        .find(|l| l.starts_with("Built "))
        .expect("build says Built");
    let counted = built.split(" in ").next().unwrap().to_string();
    let mut child = Command::new(env!("CARGO_BIN_EXE_gazette"))
        .args(["serve", "--port", "0", "--root"])
        .arg(site.root())
        .arg("--output")
        .arg(site.parent().join("served"))
        .env("NO_COLOR", "1")
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start gazette serve");
    let stderr = BufReader::new(child.stderr.take().expect("piped stderr"));
    let said = stderr
        .lines()
        .map_while(Result::ok)
        .find(|line| line.starts_with("Built "))
        .expect("serve says Built");
    let _ = child.kill();
    let _ = child.wait();
    assert_eq!(
        said.split(" in ").next().unwrap(),
        counted,
        "build: {built}\nserve: {said}"
    );
}

#[test]
fn a_file_added_to_a_page_bundle_is_served_and_linked() {
    let site = Site::new("good");
    site.write(
        "content/news/2023/boat/index.md",
        "---\ntitle: Boat\ndate: 2023-05-02\n---\n\nThe [levels](levels.csv).\n",
    );
    site.write("content/news/2023/boat/levels.csv", "day,level\n1,2\n");
    site.write("static/notes.txt", "old static\n");
    let server = Server::start(&site);
    let (_, body) = server.wait_for("/news/2023/boat/levels.csv", |status, _| status == 200);
    assert!(body.contains("day,level"), "{body}");
    site.write("content/news/2023/boat/photo.txt", "a new file\n");
    let (_, body) = server.wait_for("/news/2023/boat/photo.txt", |status, _| status == 200);
    assert!(body.contains("a new file"), "{body}");
    let (_, page) = server.get("/news/2023/boat/");
    assert!(page.contains(r#"href="/news/2023/boat/levels.csv""#), "{page}");
    // A change to a static file leaves the bundle's files in place.
    site.write("static/notes.txt", "new static\n");
    server.wait_for("/notes.txt", |_, body| body.contains("new static"));
    assert_eq!(server.get("/news/2023/boat/levels.csv").0, 200);
}

//! `gazette serve` under load and on every interface. All traffic goes to 127.0.0.1,
//! bounded in count and time.
//!
//! Several threads send a few thousand requests while another edits an item again and
//! again, so rebuilds write the pages being read. Every response must be a complete page
//! (status 200, as long as its `Content-Length`, an HTML page ending in `</html>`) of the old
//! or the new version, never a failed request, and the server's resident memory must stay
//! flat.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use crate::support::Site;

const THREADS: usize = 4;
const REQUESTS_PER_THREAD: usize = 600;
const MAX_PER_THREAD: usize = 5_000;
const LOAD_TIME: Duration = Duration::from_secs(4);
const PATHS: &[&str] = &[
    "/",
    "/news/2023/lab-opens/",
    "/institutions/jinfeng-laboratory/",
    "/news/",
    "/tags/",
    "/atom.xml",
    "/sitemap.xml",
];
const EDITED: &str = "content/news/2023/lab-opens.md";
const EDITED_URL: &str = "/news/2023/lab-opens/";

struct Server {
    child: Child,
    port: u16,
}

impl Server {
    /// `gazette serve --port 0` with `extra` flags; waits for its URL on stdout.
    fn start(site: &Site, extra: &[&str], stderr: Stdio) -> Server {
        let mut child = Command::new(env!("CARGO_BIN_EXE_gazette"))
            .args(["serve", "--port", "0", "--root"])
            .arg(site.root())
            .args(extra)
            .env("NO_COLOR", "1")
            .stdout(Stdio::piped())
            .stderr(stderr)
            .spawn()
            .expect("start gazette serve");
        let mut line = String::new();
        BufReader::new(child.stdout.take().expect("piped stdout"))
            .read_line(&mut line)
            .expect("read the first line");
        let port = line
            .rsplit(':')
            .next()
            .and_then(|rest| rest.split('/').next())
            .and_then(|p| p.parse().ok())
            .unwrap_or_else(|| panic!("no URL in {line:?}"));
        Server { child, port }
    }

    /// Resident memory of the server (VmRSS, KiB); None off Linux.
    fn rss_kib(&self) -> Option<u64> {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.child.id())).ok()?;
        status
            .lines()
            .find_map(|l| l.strip_prefix("VmRSS:"))
            .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// One GET on a new connection: (status, body), checked to be as long as it says.
fn get(port: u16, path: &str) -> Result<(u16, String), String> {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).map_err(|e| format!("connect: {e}"))?;
    stream
        .set_read_timeout(Some(Duration::from_secs(20)))
        .map_err(|e| e.to_string())?;
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: localhost:{port}\r\nConnection: close\r\n\r\n"
    )
    .map_err(|e| format!("send: {e}"))?;
    let mut response = Vec::new();
    stream
        .read_to_end(&mut response)
        .map_err(|e| format!("read {path}: {e}"))?;
    let text = String::from_utf8_lossy(&response).into_owned();
    let (head, body) = text
        .split_once("\r\n\r\n")
        .ok_or_else(|| format!("{path}: no header end in {text:?}"))?;
    let status = head
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .ok_or_else(|| format!("{path}: no status in {head:?}"))?;
    let length: Option<usize> = head.lines().find_map(|l| {
        let (name, value) = l.split_once(':')?;
        name.eq_ignore_ascii_case("content-length")
            .then(|| value.trim().parse().ok())
            .flatten()
    });
    if let Some(length) = length
        && length != body.len()
    {
        return Err(format!("{path}: {} bytes of {length}", body.len()));
    }
    Ok((status, body.to_string()))
}

fn lab_opens(version: usize) -> String {
    format!(
        "---\ntitle: Jinfeng Laboratory opens\ndate: 2023-03-06\ninstitutions: [jinfeng-laboratory, chongqing-medical-university]\ntags: [brain science, 脑科学]\n---\n\n[Jinfeng Laboratory](@/institutions/jinfeng-laboratory.md#research) opened its building. Version {version}.\n"
    )
}

#[test]
fn thousands_of_requests_during_rebuilds_all_get_complete_pages_in_flat_memory() {
    let site = Site::new("good");
    site.write(EDITED, lab_opens(0));
    let server = Server::start(&site, &[], Stdio::null());
    let port = server.port;
    // Warm up (first requests allocate the runtime's buffers), then take the baseline.
    for path in PATHS.iter().cycle().take(100) {
        get(port, path).expect("a warm-up request");
    }
    let start_rss = server.rss_kib();

    let editing = Arc::new(AtomicBool::new(true));
    let editor = {
        let editing = Arc::clone(&editing);
        let root = site.root().to_path_buf();
        std::thread::spawn(move || {
            let mut version = 0;
            while editing.load(Ordering::Relaxed) {
                version = (version + 1) % 2;
                std::fs::write(root.join(EDITED), lab_opens(version)).expect("edit the item");
                std::thread::sleep(Duration::from_millis(150));
            }
            version
        })
    };
    let started = Instant::now();
    let workers: Vec<_> = (0..THREADS)
        .map(|t| {
            std::thread::spawn(move || -> Result<usize, String> {
                // At least REQUESTS_PER_THREAD, and for at least LOAD_TIME so that many
                // rebuilds happen under load; never more than MAX_PER_THREAD.
                let mut i = 0;
                while i < MAX_PER_THREAD && (i < REQUESTS_PER_THREAD || started.elapsed() < LOAD_TIME) {
                    i += 1;
                    let path = PATHS[(i + t) % PATHS.len()];
                    let (status, body) = get(port, path)?;
                    if status != 200 {
                        return Err(format!("{path}: status {status}"));
                    }
                    if path.ends_with('/') && !body.trim_end().ends_with("</html>") {
                        return Err(format!("{path}: incomplete page {body:?}"));
                    }
                    if path.ends_with(".xml") && !body.trim_end().ends_with('>') {
                        return Err(format!("{path}: incomplete file {body:?}"));
                    }
                    if path == EDITED_URL {
                        let versions = ["Version 0.", "Version 1."]
                            .iter()
                            .filter(|v| body.contains(*v))
                            .count();
                        if versions != 1 {
                            return Err(format!("{path}: neither or both versions: {body}"));
                        }
                    }
                }
                Ok(i)
            })
        })
        .collect();
    let mut served = 0;
    for worker in workers {
        served += worker
            .join()
            .expect("a worker thread")
            .unwrap_or_else(|e| panic!("{e}"));
    }
    editing.store(false, Ordering::Relaxed);
    let last = editor.join().expect("the editor thread");
    let elapsed = started.elapsed();

    // The last edit shows once its rebuild is done.
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let (_, body) = get(port, EDITED_URL).expect("a request");
        if body.contains(&format!("Version {last}.")) {
            break;
        }
        assert!(Instant::now() < deadline, "the last edit never showed");
        std::thread::sleep(Duration::from_millis(50));
    }
    let end_rss = server.rss_kib();
    eprintln!(
        "{served} requests in {elapsed:?}; memory {start_rss:?} KiB at start, {end_rss:?} KiB at the end"
    );
    assert!(served >= THREADS * REQUESTS_PER_THREAD);
    if let (Some(start), Some(end)) = (start_rss, end_rss) {
        assert!(end < start * 2, "memory grew from {start} KiB to {end} KiB");
    }
}

#[test]
fn binding_every_interface_warns() {
    let site = Site::new("good");
    let mut server = Server::start(&site, &["--bind", "0.0.0.0"], Stdio::piped());
    // Served as usual (asked over loopback only).
    let (status, _) = get(server.port, "/").expect("a request");
    assert_eq!(status, 200);
    let stderr = server.child.stderr.take().expect("piped stderr");
    let mut lines = BufReader::new(stderr).lines();
    let deadline = Instant::now() + Duration::from_secs(20);
    let mut seen = Vec::new();
    while Instant::now() < deadline {
        let Some(Ok(line)) = lines.next() else { break };
        if line.contains("warning: listening on every interface") {
            return;
        }
        seen.push(line);
    }
    panic!("no warning about every interface in {seen:?}");
}

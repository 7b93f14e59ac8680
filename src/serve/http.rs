//! The HTTP side of `serve`: files of the output folder, and the live-reload WebSocket.
//!
//! Only the output folder is served, and only through `resolve`, which refuses `..` (also
//! percent-encoded or overlong), backslashes, NUL, and any path whose real location (after
//! symbolic links) is outside the folder. Requests whose `Host` is not the bound address or
//! `localhost` are refused, so a web page elsewhere cannot reach the server through DNS
//! rebinding, and WebSocket upgrades must come from a page of this server.

use std::path::{Component, Path, PathBuf};
use std::sync::Arc;

use axum::Router;
use axum::body::Body;
use axum::extract::ws::{Message as WsMessage, WebSocket, WebSocketUpgrade};
use axum::extract::{Request, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};

use super::Shared;
use super::live::{LIVE_PATH, Message, inject};
use super::origin::{is_allowed_host, is_same_origin};

/// Serves until the process ends.
pub(super) async fn run(listener: std::net::TcpListener, shared: Arc<Shared>) -> std::io::Result<()> {
    let listener = tokio::net::TcpListener::from_std(listener)?;
    let api = format!("{}{}", shared.base_path, super::cms::API_PATH);
    let app = Router::new()
        .route(LIVE_PATH, get(live))
        .route(&api, post(super::cms::api))
        .fallback(file)
        .with_state(shared);
    axum::serve(listener, app).await
}

async fn live(State(shared): State<Arc<Shared>>, headers: HeaderMap, upgrade: WebSocketUpgrade) -> Response {
    if !is_allowed_host(&headers, &shared) || !is_same_origin(&headers, &shared) {
        return refuse(
            StatusCode::FORBIDDEN,
            "cross-origin or foreign-host WebSocket refused",
        );
    }
    upgrade.on_upgrade(move |socket| talk(socket, shared))
}

async fn talk(mut socket: WebSocket, shared: Arc<Shared>) {
    let mut messages = shared.live.subscribe();
    let standing = shared.errors.read().ok().and_then(|e| e.clone());
    if let Some(errors) = standing {
        let text = Message::Errors(errors.iter().cloned().collect()).to_json();
        if socket.send(WsMessage::Text(text.into())).await.is_err() {
            return;
        }
    }
    loop {
        tokio::select! {
            message = messages.recv() => match message {
                Ok(message) => {
                    if socket.send(WsMessage::Text(message.to_json().into())).await.is_err() {
                        return;
                    }
                }
                // A slow tab missed messages: a full reload brings it up to date.
                Err(tokio::sync::broadcast::error::RecvError::Lagged(_)) => {
                    let text = Message::Reload { urls: vec!["*".into()] }.to_json();
                    if socket.send(WsMessage::Text(text.into())).await.is_err() {
                        return;
                    }
                }
                Err(_) => return,
            },
            incoming = socket.recv() => match incoming {
                Some(Ok(_)) => {}
                _ => return,
            },
        }
    }
}

async fn file(State(shared): State<Arc<Shared>>, request: Request) -> Response {
    if !is_allowed_host(request.headers(), &shared) {
        return refuse(
            StatusCode::FORBIDDEN,
            "requests must name this server's address or localhost as Host",
        );
    }
    let raw = request.uri().path();
    let Some(relative) = decode(raw) else {
        return refuse(StatusCode::BAD_REQUEST, "bad path");
    };
    let Some(relative) = strip_base(&relative, &shared.base_path) else {
        return not_found(&shared).await;
    };
    let Some(candidate) = resolve(&shared.output, &relative) else {
        return refuse(StatusCode::FORBIDDEN, "path refused");
    };
    let path = if candidate.is_dir() {
        if !raw.ends_with('/') {
            let location = folder_location(&shared.base_path, &relative);
            return Response::builder()
                .status(StatusCode::MOVED_PERMANENTLY)
                .header(header::LOCATION, location)
                .body(Body::empty())
                .unwrap_or_else(|_| StatusCode::INTERNAL_SERVER_ERROR.into_response());
        }
        candidate.join("index.html")
    } else {
        candidate
    };
    // The real file must be inside the real output folder (no symbolic links out of it).
    let inside = match (path.canonicalize(), shared.output.canonicalize()) {
        (Ok(real), Ok(root)) => real.starts_with(&root).then_some(real),
        _ => None,
    };
    let Some(real) = inside else {
        return not_found(&shared).await;
    };
    match tokio::fs::read(&real).await {
        Ok(bytes) => respond(StatusCode::OK, &real, bytes),
        Err(_) => not_found(&shared).await,
    }
}

fn respond(status: StatusCode, path: &Path, bytes: Vec<u8>) -> Response {
    let content_type = content_type(path);
    let body = if content_type.starts_with("text/html") {
        inject(&String::from_utf8_lossy(&bytes)).into_bytes()
    } else {
        bytes
    };
    Response::builder()
        .status(status)
        .header(header::CONTENT_TYPE, content_type)
        .header(header::CACHE_CONTROL, "no-store")
        .header("x-content-type-options", "nosniff")
        .body(Body::from(body))
        .unwrap_or_else(|_| StatusCode::INTERNAL_SERVER_ERROR.into_response())
}

async fn not_found(shared: &Shared) -> Response {
    let page = shared.output.join("404.html");
    match tokio::fs::read(&page).await {
        Ok(bytes) => respond(StatusCode::NOT_FOUND, &page, bytes),
        Err(_) => refuse(StatusCode::NOT_FOUND, "not found"),
    }
}

fn refuse(status: StatusCode, why: &'static str) -> Response {
    (
        status,
        [(
            header::CONTENT_TYPE,
            HeaderValue::from_static("text/plain; charset=utf-8"),
        )],
        why,
    )
        .into_response()
}

/// Percent-decodes a request path; `None` for invalid UTF-8 (overlong encodings included).
fn decode(path: &str) -> Option<String> {
    crate::model::permalink::decode_path(path)
}

/// Where a request for a folder without its trailing `/` is sent: the folder's path made
/// from the decoded, checked path, one `/` between segments, so it always stays on this
/// site (`//news` would be a URL of the host `news`).
fn folder_location(base_path: &str, relative: &str) -> String {
    let mut location = base_path.to_string();
    for segment in relative.split('/').filter(|s| !s.is_empty() && *s != ".") {
        location.push('/');
        // Percent-encoded again, `?`, `#` and `%` too: a segment is only ever a segment.
        for byte in segment.bytes() {
            if byte.is_ascii_alphanumeric() || b"-._~!$&'()*+,;=:@".contains(&byte) {
                location.push(char::from(byte));
            } else {
                location.push_str(&format!("%{byte:02X}"));
            }
        }
    }
    location.push('/');
    location
}

fn strip_base(path: &str, base_path: &str) -> Option<String> {
    if base_path.is_empty() {
        return Some(path.to_string());
    }
    let rest = path.strip_prefix(base_path)?;
    (rest.is_empty() || rest.starts_with('/')).then(|| rest.to_string())
}

/// The file a decoded URL path names inside `root`, or `None` when it tries to leave it.
pub(super) fn resolve(root: &Path, path: &str) -> Option<PathBuf> {
    if path.contains(['\\', '\0']) {
        return None;
    }
    let mut resolved = root.to_path_buf();
    for component in Path::new(path.trim_start_matches('/')).components() {
        match component {
            Component::Normal(segment) => resolved.push(segment),
            Component::CurDir => {}
            _ => return None,
        }
    }
    Some(resolved)
}

fn content_type(path: &Path) -> &'static str {
    match path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
        .as_deref()
    {
        Some("html" | "htm") => "text/html; charset=utf-8",
        Some("css") => "text/css; charset=utf-8",
        Some("js" | "mjs") => "text/javascript; charset=utf-8",
        Some("json") => "application/json",
        Some("xml") => "application/xml; charset=utf-8",
        // Decap CMS reads its config.yml only when it is served as YAML.
        Some("yml" | "yaml") => "text/yaml; charset=utf-8",
        Some("txt") => "text/plain; charset=utf-8",
        Some("svg") => "image/svg+xml",
        Some("png") => "image/png",
        Some("jpg" | "jpeg") => "image/jpeg",
        Some("gif") => "image/gif",
        Some("webp") => "image/webp",
        Some("avif") => "image/avif",
        Some("ico") => "image/x-icon",
        Some("woff2") => "font/woff2",
        Some("woff") => "font/woff",
        Some("pdf") => "application/pdf",
        _ => "application/octet-stream",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn traversal_is_refused() {
        let root = Path::new("/srv/out");
        assert_eq!(resolve(root, "/news/x/"), Some(PathBuf::from("/srv/out/news/x")));
        for bad in ["/../etc/passwd", "/a/../../b", "/a\\..\\b", "/a\0"] {
            assert_eq!(resolve(root, bad), None, "{bad}");
        }
        // Percent-encoded dots decode to `..` first, then are refused.
        let decoded = decode("/%2e%2e/%2e%2e/etc/passwd").unwrap();
        assert_eq!(resolve(root, &decoded), None);
        // An overlong encoding of `.` is not UTF-8 at all.
        assert_eq!(decode("/%c0%ae%c0%ae/etc"), None);
    }

    #[test]
    fn folder_redirects_stay_on_the_site() {
        assert_eq!(folder_location("", "//news"), "/news/");
        assert_eq!(folder_location("", "/news//2023"), "/news/2023/");
        assert_eq!(
            folder_location("/portal", "//evil.example/x"),
            "/portal/evil.example/x/"
        );
        assert_eq!(folder_location("", "/a?b#c%d"), "/a%3Fb%23c%25d/");
        assert_eq!(folder_location("", "/新闻"), "/%E6%96%B0%E9%97%BB/");
        assert_eq!(folder_location("", ""), "/");
    }

    #[test]
    fn each_kind_of_file_is_served_as_its_type() {
        for (name, expected) in [
            ("a.html", "text/html; charset=utf-8"),
            ("A.HTM", "text/html; charset=utf-8"),
            ("site.css", "text/css; charset=utf-8"),
            ("search.js", "text/javascript; charset=utf-8"),
            ("m.mjs", "text/javascript; charset=utf-8"),
            ("pagefind-entry.json", "application/json"),
            ("sitemap.xml", "application/xml; charset=utf-8"),
            ("robots.txt", "text/plain; charset=utf-8"),
            ("logo.svg", "image/svg+xml"),
            ("a.png", "image/png"),
            ("a.jpg", "image/jpeg"),
            ("a.JPEG", "image/jpeg"),
            ("a.gif", "image/gif"),
            ("a.webp", "image/webp"),
            ("a.avif", "image/avif"),
            ("favicon.ico", "image/x-icon"),
            ("f.woff2", "font/woff2"),
            ("f.woff", "font/woff"),
            ("report.pdf", "application/pdf"),
            ("wasm.en.pagefind", "application/octet-stream"),
            ("admin/config.yml", "text/yaml; charset=utf-8"),
            ("no-extension", "application/octet-stream"),
        ] {
            assert_eq!(content_type(Path::new(name)), expected, "{name}");
        }
    }

    #[test]
    fn base_paths_are_stripped() {
        assert_eq!(strip_base("/portal/news/", "/portal").as_deref(), Some("/news/"));
        assert_eq!(strip_base("/portalx/", "/portal"), None);
        assert_eq!(strip_base("/news/", "").as_deref(), Some("/news/"));
    }
}

//! The local editing API: Decap CMS, loaded from `/admin/`, edits the site through
//! `gazette serve` with decap-server's protocol (`POST {base_path}/admin/api/v1`).
//!
//! Who may call it: only a site with `cms:` in `site.yaml`, only while `serve` listens on a
//! loopback address, only with a `Host` naming this server, an `Origin` (when sent) that is
//! this server's own, and a JSON `Content-Type` — a page of another site cannot send one
//! without a CORS preflight, which is never granted (no CORS header is ever sent). Bodies
//! are at most 32 MiB. What a request may then do is the business of `protocol`; where it
//! may do it, of `paths`. A save lands in `content/`, where the watcher sees it and
//! rebuilds as for any other save.

mod files;
mod paths;
mod protocol;

use std::sync::Arc;

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};

use super::Shared;
use super::origin::{is_allowed_host, is_same_origin};
use protocol::{Refusal, Site, act};

/// The API's path under the site's base path.
pub(super) const API_PATH: &str = "/admin/api/v1";

/// The largest request body: an upload of a few large photos, base64-encoded.
pub(super) const MAX_BODY: usize = 32 * 1024 * 1024;

/// Answers one request of the editing API.
pub(super) async fn api(State(shared): State<Arc<Shared>>, request: Request) -> Response {
    if let Err(refusal) = admit(request.headers(), &shared) {
        return answer(Err(refusal));
    }
    let declared = request
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<usize>().ok());
    if declared.is_some_and(|length| length > MAX_BODY) {
        return answer(Err(too_large()));
    }
    let Ok(body) = axum::body::to_bytes(request.into_body(), MAX_BODY).await else {
        return answer(Err(too_large()));
    };
    let done = tokio::task::spawn_blocking(move || handle(&shared, &body)).await;
    answer(done.unwrap_or_else(|err| {
        Err(Refusal {
            status: 500,
            error: format!("the request failed: {err}"),
        })
    }))
}

/// The checks on who calls, made before the body is read.
fn admit(headers: &HeaderMap, shared: &Shared) -> Result<(), Refusal> {
    let forbidden = |error: &str| {
        Err(Refusal {
            status: 403,
            error: error.to_string(),
        })
    };
    if !shared.address.ip().is_loopback() {
        return forbidden(
            "editing is only served on 127.0.0.1: run `gazette serve` without --bind (or with --bind 127.0.0.1) to edit",
        );
    }
    if !is_allowed_host(headers, shared) {
        return forbidden("requests must name this server's address or localhost as Host");
    }
    if !is_same_origin(headers, shared) {
        return forbidden("requests from another site's pages are refused");
    }
    let media_type = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .map(str::trim);
    if !media_type.is_some_and(|t| t.eq_ignore_ascii_case("application/json")) {
        return Err(Refusal {
            status: 415,
            error: "the editing API takes only application/json".into(),
        });
    }
    Ok(())
}

/// Reads `site.yaml` for this request (it may have changed), then does the action.
fn handle(shared: &Shared, body: &[u8]) -> Result<Value, Refusal> {
    let config = crate::load::config::load(&shared.build.root).map_err(|_| Refusal {
        status: 503,
        error: "site.yaml has errors (the terminal running gazette serve shows them): fix them to edit"
            .into(),
    })?;
    if config.cms.is_none() {
        return Err(Refusal {
            status: 404,
            error: "editing is off: site.yaml has no `cms:`".into(),
        });
    }
    let request: Value = serde_json::from_slice(body).map_err(|err| Refusal {
        status: 400,
        error: format!("the request is not JSON: {err}"),
    })?;
    let Some(action) = request.get("action").and_then(Value::as_str) else {
        return Err(Refusal {
            status: 422,
            error: "the request names no action".into(),
        });
    };
    let params = request.get("params").cloned().unwrap_or_else(|| json!({}));
    // One request at a time: a save is checked against the files as they are, then
    // written, with no other save in between.
    let _one = shared
        .editing
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    let site = Site {
        options: &shared.build,
        config: &config,
    };
    act(&site, action, params)
}

fn too_large() -> Refusal {
    Refusal {
        status: 413,
        error: format!("the request is over {} MiB", MAX_BODY / 1024 / 1024),
    }
}

fn answer(result: Result<Value, Refusal>) -> Response {
    let (status, body) = match result {
        Ok(value) => (StatusCode::OK, value),
        Err(refusal) => (
            StatusCode::from_u16(refusal.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR),
            json!({ "error": refusal.error }),
        ),
    };
    Response::builder()
        .status(status)
        .header(header::CONTENT_TYPE, "application/json")
        .header(header::CACHE_CONTROL, "no-store")
        .header("x-content-type-options", "nosniff")
        .body(Body::from(body.to_string()))
        .unwrap_or_else(|_| StatusCode::INTERNAL_SERVER_ERROR.into_response())
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    fn shared(address: &str) -> Shared {
        Shared {
            output: std::path::PathBuf::from("/srv/out"),
            base_path: String::new(),
            address: address.parse().expect("an address"),
            errors: std::sync::RwLock::new(None),
            live: tokio::sync::broadcast::channel(1).0,
            reporter: Arc::new(|_| {}),
            build: crate::pipeline::BuildOptions::default(),
            editing: std::sync::Mutex::new(()),
        }
    }

    fn headers(host: &str, content_type: Option<&str>) -> HeaderMap {
        let mut headers = HeaderMap::new();
        headers.insert(header::HOST, HeaderValue::from_str(host).unwrap());
        if let Some(content_type) = content_type {
            headers.insert(header::CONTENT_TYPE, HeaderValue::from_str(content_type).unwrap());
        }
        headers
    }

    fn status(result: Result<(), Refusal>) -> u16 {
        result.err().map_or(200, |refusal| refusal.status)
    }

    #[test]
    fn only_a_loopback_server_edits() {
        let json = Some("application/json");
        assert_eq!(
            status(admit(&headers("localhost:8080", json), &shared("127.0.0.1:8080"))),
            200
        );
        assert_eq!(
            status(admit(&headers("[::1]:8080", json), &shared("[::1]:8080"))),
            200
        );
        assert_eq!(
            status(admit(&headers("0.0.0.0:8080", json), &shared("0.0.0.0:8080"))),
            403
        );
        assert_eq!(
            status(admit(
                &headers("192.168.1.5:8080", json),
                &shared("192.168.1.5:8080")
            )),
            403
        );
    }

    #[test]
    fn only_json_requests_are_taken() {
        let server = shared("127.0.0.1:8080");
        for (content_type, expected) in [
            (Some("application/json"), 200),
            (Some("Application/JSON; charset=utf-8"), 200),
            (Some("text/plain"), 415),
            (Some("application/x-www-form-urlencoded"), 415),
            (Some("multipart/form-data; boundary=x"), 415),
            (None, 415),
        ] {
            assert_eq!(
                status(admit(&headers("localhost:8080", content_type), &server)),
                expected,
                "{content_type:?}"
            );
        }
    }
}

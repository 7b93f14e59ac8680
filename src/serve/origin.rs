//! Who may talk to `serve`: requests must name this server (`Host`), so a web page
//! elsewhere cannot reach it through DNS rebinding, and a page that sends an `Origin` must
//! be one of this server's own. The file server, the live-reload socket and the editing API
//! all ask here.

use axum::http::{HeaderMap, header};

use super::Shared;

/// The request's `Host` is this server's address or `localhost`, with its port.
pub(super) fn is_allowed_host(headers: &HeaderMap, shared: &Shared) -> bool {
    let Some(host) = headers.get(header::HOST).and_then(|h| h.to_str().ok()) else {
        return false;
    };
    allowed_hosts(shared).iter().any(|allowed| allowed == host)
}

/// The request sends no `Origin`, or this server's own.
pub(super) fn is_same_origin(headers: &HeaderMap, shared: &Shared) -> bool {
    match headers.get(header::ORIGIN).and_then(|h| h.to_str().ok()) {
        None => true,
        Some(origin) => allowed_hosts(shared)
            .iter()
            .any(|host| origin == format!("http://{host}") || origin == format!("https://{host}")),
    }
}

fn allowed_hosts(shared: &Shared) -> Vec<String> {
    let port = shared.address.port();
    let ip = shared.address.ip();
    let bound = if ip.is_ipv6() {
        format!("[{ip}]")
    } else {
        ip.to_string()
    };
    let mut hosts = vec![format!("{bound}:{port}"), format!("localhost:{port}")];
    if port == 80 {
        hosts.push(bound);
        hosts.push("localhost".into());
    }
    hosts
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;

    fn shared(address: &str) -> Shared {
        Shared {
            output: PathBuf::from("/srv/out"),
            base_path: String::new(),
            address: address.parse().expect("an address"),
            errors: std::sync::RwLock::new(None),
            live: tokio::sync::broadcast::channel(1).0,
            reporter: std::sync::Arc::new(|_| {}),
            build: crate::pipeline::BuildOptions::default(),
            editing: std::sync::Mutex::new(()),
        }
    }

    #[test]
    fn a_host_names_the_port_unless_it_is_80() {
        assert_eq!(
            allowed_hosts(&shared("127.0.0.1:8080")),
            ["127.0.0.1:8080", "localhost:8080"]
        );
        assert_eq!(
            allowed_hosts(&shared("127.0.0.1:80")),
            ["127.0.0.1:80", "localhost:80", "127.0.0.1", "localhost"]
        );
        assert_eq!(
            allowed_hosts(&shared("[::1]:8080")),
            ["[::1]:8080", "localhost:8080"]
        );
    }
}

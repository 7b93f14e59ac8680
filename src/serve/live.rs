//! Live reload: the script injected into served HTML pages, and the messages the rebuilder
//! sends it over a WebSocket on the same port.
//!
//! The built files never contain the script; only responses of the dev server do. A tab
//! reloads when a rebuild changed the page it shows (or everything, `*`); a change to
//! stylesheets only swaps them in place; errors show as an overlay listing every diagnostic,
//! and the next good rebuild removes it and reloads.

use serde::Serialize;

use crate::diagnostics::Diagnostic;

/// The WebSocket endpoint (outside any site path a build can produce: `_` names are fine
/// in URLs, and no slug starts with `__gazette`).
pub const LIVE_PATH: &str = "/__gazette/live";

/// A message to every open tab.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
#[serde(tag = "type", rename_all = "lowercase")]
pub enum Message {
    /// These URL paths changed (`*`: all of them).
    Reload {
        /// Root-relative URLs with the base path.
        urls: Vec<String>,
    },
    /// Only stylesheets changed.
    Css,
    /// The last rebuild failed with these diagnostics.
    Errors(Vec<Diagnostic>),
}

impl Message {
    /// The message as JSON text.
    pub fn to_json(&self) -> String {
        match self {
            Message::Errors(list) => serde_json::json!({ "type": "errors", "diagnostics": list }).to_string(),
            other => serde_json::to_string(other).unwrap_or_else(|_| "{}".into()),
        }
    }
}

/// Inserts the live-reload script before `</body>` (or at the end).
pub(super) fn inject(html: &str) -> String {
    let script = format!("<script>{SCRIPT}</script>");
    match html.rfind("</body>") {
        Some(i) => format!("{}{script}{}", &html[..i], &html[i..]),
        None => format!("{html}{script}"),
    }
}

const SCRIPT: &str = r#"
(() => {
  const here = () => decodeURI(location.pathname).replace(/index\.html$/, "");
  let overlay = null;
  function showErrors(list) {
    if (!overlay) {
      overlay = document.createElement("div");
      overlay.id = "gazette-errors";
      overlay.setAttribute("role", "alert");
      overlay.style.cssText = "position:fixed;inset:0;z-index:2147483647;overflow:auto;background:rgba(20,20,20,.94);color:#fff;font:14px/1.5 ui-monospace,monospace;padding:2rem;white-space:pre-wrap";
      document.body.appendChild(overlay);
    }
    overlay.textContent = "gazette: the site has " + list.length + " problem" + (list.length === 1 ? "" : "s") +
      "; the last good version is shown underneath.\n\n" +
      list.map(d => `${d.severity}: ${d.message}\n  --> ${d.file}${d.line ? ":" + d.line + ":" + d.column : ""}` +
        (d.source_line ? `\n   | ${d.source_line}` : "") + (d.hint ? `\n   = hint: ${d.hint}` : "")).join("\n\n");
  }
  function connect() {
    const ws = new WebSocket((location.protocol === "https:" ? "wss://" : "ws://") + location.host + "/__gazette/live");
    ws.onmessage = event => {
      const message = JSON.parse(event.data);
      if (message.type === "errors") {
        showErrors(message.diagnostics);
      } else if (message.type === "css") {
        for (const link of document.querySelectorAll('link[rel="stylesheet"]')) {
          const url = new URL(link.href);
          url.searchParams.set("gazette", Date.now());
          link.href = url.href;
        }
      } else if (message.type === "reload") {
        const page = here();
        const hit = message.urls.some(u => u === "*" || decodeURI(u).replace(/index\.html$/, "") === page);
        if (hit || overlay) location.reload();
      }
    };
    ws.onclose = () => setTimeout(connect, 1000);
  }
  connect();
})();
"#;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_script_goes_before_the_end_of_body() {
        let html = inject("<html><body><p>x</p></body></html>");
        assert!(html.ends_with("</script></body></html>"), "{html}");
        assert!(html.contains(LIVE_PATH));
    }

    #[test]
    fn messages_are_tagged_json() {
        let json = Message::Reload {
            urls: vec!["/news/".into()],
        }
        .to_json();
        assert_eq!(json, r#"{"type":"reload","urls":["/news/"]}"#);
        assert_eq!(Message::Css.to_json(), r#"{"type":"css"}"#);
        assert!(
            Message::Errors(vec![])
                .to_json()
                .starts_with(r#"{"diagnostics":[]"#)
        );
    }
}

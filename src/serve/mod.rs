//! `gazette serve`: build, serve the output over HTTP, watch the sources, rebuild only
//! what a change touches, and reload the browser.
//!
//! Three parts, one thread each: the watcher (`watch`) batches file events with notify's
//! debouncer; the rebuilder owns the `Session` and applies each batch; the HTTP server
//! (`http`, axum on tokio) serves `output/` with a live-reload script injected into HTML
//! responses, and a WebSocket (`live`) over which the rebuilder tells every open tab which
//! pages changed, or which errors to show. Content never stops the server: a broken build
//! keeps the last good site served and shows its diagnostics in the browser.

mod cms;
mod http;
mod live;
mod origin;
pub(crate) mod session;
mod watch;

use std::net::{IpAddr, SocketAddr, TcpListener};
use std::path::PathBuf;
use std::sync::{Arc, RwLock};

use crate::diagnostics::Diagnostics;
use crate::pipeline::{BuildError, BuildOptions};
use crate::serve::session::{Change, IndexEvent, Reporter, Session, Update};
use crate::write::lock::OutputLock;

pub use live::{LIVE_PATH, Message};

/// The port `serve` binds by default.
pub const DEFAULT_PORT: u16 = 1111;

/// How to serve.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    /// What to build.
    pub build: BuildOptions,
    /// Address to bind.
    pub bind: IpAddr,
    /// Port to bind (0 for any free port).
    pub port: u16,
}

/// Why serving could not start.
#[derive(Debug, thiserror::Error)]
pub enum ServeError {
    /// The port is taken or the address cannot be bound.
    #[error("cannot listen on {address}: {source}")]
    Bind {
        /// What we tried.
        address: SocketAddr,
        /// Why it failed.
        source: std::io::Error,
    },
    /// The watcher could not start.
    #[error("cannot watch the site's files: {0}")]
    Watch(String),
    /// The async runtime could not start.
    #[error("cannot start the server: {0}")]
    Runtime(std::io::Error),
}

/// What the rebuilder and the server share.
pub(crate) struct Shared {
    /// The output folder.
    pub output: PathBuf,
    /// The site's base path.
    pub base_path: String,
    /// The bound address, for `Host` checks.
    pub address: SocketAddr,
    /// Errors of the last rebuild, shown to tabs that connect while they stand.
    pub errors: RwLock<Option<Diagnostics>>,
    /// Messages to every open tab.
    pub live: tokio::sync::broadcast::Sender<Message>,
    /// Where each session's search indexer reports.
    pub reporter: Reporter,
    /// What is built, for the editing API to check a change against.
    pub build: BuildOptions,
    /// Held while the editing API checks and writes, so two saves never interleave.
    pub editing: std::sync::Mutex<()>,
}

/// Builds, then serves and rebuilds until the process is stopped. `log` receives each line
/// for the terminal; `ready` the URL once the server listens.
// The server's start, in the order it must happen (bind, first build, watcher, runtime);
// each step hands the next what it made.
pub fn serve(
    options: ServeOptions,
    log: impl Fn(&str) + Send + Sync + 'static,
    ready: impl FnOnce(&str),
) -> Result<(), ServeError> {
    let address = SocketAddr::new(options.bind, options.port);
    let listener = TcpListener::bind(address).map_err(|source| ServeError::Bind { address, source })?;
    let address = listener
        .local_addr()
        .map_err(|source| ServeError::Bind { address, source })?;
    listener.set_nonblocking(true).map_err(ServeError::Runtime)?;
    let log = Arc::new(log);
    let mut options = options;
    // The watcher reports absolute paths, which a relative root (`.`, the default) is not
    // a prefix of: without this, serve in the site's folder saw no change at all.
    if let Ok(absolute) = std::path::absolute(&options.build.root) {
        options.build.root = absolute;
    }

    let (live, _) = tokio::sync::broadcast::channel(64);
    let reporter = index_reporter(live.clone(), Arc::clone(&log) as Arc<dyn Fn(&str) + Send + Sync>);
    let started = Session::start(&options.build, Arc::clone(&reporter));
    let (output, base_path) = match &started {
        Ok((session, _)) => (session.output().to_path_buf(), session.base_path().to_string()),
        Err(_) => {
            let output =
                crate::write::output_dir::output_dir(&options.build.root, options.build.output.as_deref())
                    .unwrap_or_else(|_| options.build.root.join(crate::model::config::OUTPUT_DIR));
            (output, String::new())
        }
    };
    let shared = Arc::new(Shared {
        output,
        base_path,
        address,
        errors: RwLock::new(None),
        live,
        reporter,
        build: options.build.clone(),
        editing: std::sync::Mutex::new(()),
    });
    let session = match started {
        Ok((session, started)) => {
            log(&format!(
                "Built {} in {:.2} s",
                started.summary,
                started.elapsed.as_secs_f64()
            ));
            report_warnings(&*log, &started.warnings);
            Some(session)
        }
        Err(err) => {
            report_errors(&*log, &shared, &err);
            None
        }
    };
    let batches = watch::start(&options.build.root, session.as_ref()).map_err(ServeError::Watch)?;
    let rebuild_shared = Arc::clone(&shared);
    let rebuild_log = Arc::clone(&log);
    let build_options = options.build.clone();
    std::thread::spawn(move || {
        let mut session = session;
        while let Ok(mut batch) = batches.recv() {
            // Batches that queued while the last rebuild ran are one change.
            while let Ok(more) = batches.try_recv() {
                batch.paths.extend(more.paths);
            }
            rebuild(
                &build_options,
                &mut session,
                batch,
                &rebuild_shared,
                &*rebuild_log,
            );
        }
    });

    let url = format!("http://{address}{}/", shared.base_path);
    ready(&url);
    if options.bind.is_unspecified() {
        log("warning: listening on every interface: anyone who can reach this machine can read the site");
    }
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(ServeError::Runtime)?;
    runtime
        .block_on(http::run(listener, shared))
        .map_err(ServeError::Runtime)
}

fn rebuild(
    options: &BuildOptions,
    session: &mut Option<Session>,
    batch: watch::Batch,
    shared: &Shared,
    log: &(dyn Fn(&str) + Send + Sync),
) {
    let result: Result<Update, BuildError> = match session.as_mut() {
        Some(session) => {
            let changes: Vec<_> = batch.paths.iter().filter_map(|p| session.classify(p)).collect();
            if changes.is_empty() {
                return;
            }
            // A `site.yaml` or bundle file change is a full build, which takes the output
            // folder's lock itself; every other rebuild writes under it here.
            let lock = if changes.iter().any(Change::rebuilds_site) {
                None
            } else {
                let _ = std::fs::create_dir_all(&shared.output);
                match OutputLock::acquire(&shared.output) {
                    Ok(lock) => Some(lock),
                    Err(err) => {
                        log(&format!(
                            "error: {err}; this change was not applied: save again once it is done"
                        ));
                        return;
                    }
                }
            };
            let result = session.apply(&changes);
            drop(lock);
            result
        }
        // No good build yet: try a full one on every change.
        None => Session::start(options, Arc::clone(&shared.reporter)).map(|(new, started)| {
            *session = Some(new);
            Update {
                what: "the site".into(),
                rendered: started.pages,
                changed_urls: vec!["*".into()],
                elapsed: started.elapsed,
                ..Update::default()
            }
        }),
    };
    match result {
        Ok(update) => {
            let had_errors = shared
                .errors
                .write()
                .map(|mut e| e.take().is_some())
                .unwrap_or(false);
            log(&format!(
                "{}: {} {} in {} ms",
                update.what,
                update.rendered,
                if update.rendered == 1 { "page" } else { "pages" },
                update.elapsed.as_millis()
            ));
            report_warnings(log, &update.warnings);
            let message = if had_errors {
                Message::Reload {
                    urls: vec!["*".into()],
                }
            } else if update.css_only {
                Message::Css
            } else {
                Message::Reload {
                    urls: update.changed_urls,
                }
            };
            let _ = shared.live.send(message);
            if update.reindex
                && let Some(session) = session
            {
                session.reindex();
            }
        }
        Err(err) => report_errors(log, shared, &err),
    }
}

/// Logs each new search index and reloads the search pages of open tabs, which then search
/// the new index for what their address holds.
fn index_reporter(
    live: tokio::sync::broadcast::Sender<Message>,
    log: Arc<dyn Fn(&str) + Send + Sync>,
) -> Reporter {
    Arc::new(move |event| match event {
        IndexEvent::Written { files, urls, elapsed } => {
            log(&format!(
                "search index: {files} {} in {} ms",
                if files == 1 { "file" } else { "files" },
                elapsed.as_millis()
            ));
            let _ = live.send(Message::Reload { urls });
        }
        IndexEvent::Failed(message) => log(&format!(
            "error: {message}; the last search index is still served"
        )),
    })
}

fn report_errors(log: &(dyn Fn(&str) + Send + Sync), shared: &Shared, err: &BuildError) {
    for diagnostic in err.diagnostics().sorted() {
        log(&diagnostic.to_string());
    }
    log("The last good site is still served; fix the problems above and save.");
    let diagnostics = err.diagnostics().clone();
    let _ = shared
        .live
        .send(Message::Errors(diagnostics.iter().cloned().collect()));
    if let Ok(mut errors) = shared.errors.write() {
        *errors = Some(diagnostics);
    }
}

fn report_warnings(log: &(dyn Fn(&str) + Send + Sync), warnings: &Diagnostics) {
    for diagnostic in warnings.sorted() {
        log(&diagnostic.to_string());
    }
}

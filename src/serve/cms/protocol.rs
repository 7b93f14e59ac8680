//! The actions of decap-server's protocol (`{action, params}` in, JSON out), as Decap CMS's
//! proxy backend sends them, answered from the site's folder.
//!
//! Every path a request names goes through `paths::confine`, Decap's names through the
//! language mapping, and every save or deletion of an entry through the pipeline's
//! `check_change` first: a change that would bring an error is refused with the text
//! `gazette build` prints, and nothing is written.

use std::path::PathBuf;

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as BASE64;
use serde::Deserialize;
use serde::de::DeserializeOwned;
use serde_json::{Value, json};

use super::files::{self, file_id};
use super::paths::{Confined, Want, confine, to_decap, to_disk};
use crate::diagnostics::Diagnostics;
use crate::diagnostics::report::{Console, write_diagnostics};
use crate::model::config::{CONTENT_DIR, SiteConfig};
use crate::pipeline::{BuildOptions, check_change};

/// The site a request acts on.
pub(crate) struct Site<'a> {
    /// How `serve` builds it (its root, drafts…).
    pub(crate) options: &'a BuildOptions,
    /// Its `site.yaml`, read for this request.
    pub(crate) config: &'a SiteConfig,
}

/// Why a request was not done: an HTTP status and the text Decap shows the author.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct Refusal {
    pub(crate) status: u16,
    pub(crate) error: String,
}

impl Refusal {
    fn unprocessable(error: impl Into<String>) -> Refusal {
        Refusal {
            status: 422,
            error: error.into(),
        }
    }

    fn io(what: &str, err: std::io::Error) -> Refusal {
        Refusal {
            status: 500,
            error: format!("cannot {what}: {err}"),
        }
    }
}

/// Does `action` with `params`; the JSON answer, or why not.
pub(crate) fn act(site: &Site<'_>, action: &str, params: Value) -> Result<Value, Refusal> {
    match action {
        "info" => Ok(info(site)),
        "entriesByFolder" => entries_by_folder(site, parse(action, params)?),
        "entriesByFiles" => {
            let EntriesByFiles { files } = parse(action, params)?;
            files
                .into_iter()
                .map(|file| entry(site, &file.path, file.label))
                .collect::<Result<Vec<_>, _>>()
                .map(Value::Array)
        }
        "getEntry" => {
            let GetEntry { path } = parse(action, params)?;
            entry(site, &path, None)
        }
        "persistEntry" => persist_entry(site, parse(action, params)?),
        "getMedia" => get_media(site, parse(action, params)?),
        "getMediaFile" => {
            let GetEntry { path } = parse(action, params)?;
            let target = confine(&site.options.root, site.config, &path, Want::Media)
                .map_err(Refusal::unprocessable)?;
            media_file(&target)
        }
        "persistMedia" => {
            let PersistMedia { asset } = parse(action, params)?;
            let (target, bytes) = asset_of(site, asset)?;
            files::write_atomic(&site.options.root, &target, &bytes)
                .map_err(|e| Refusal::io("save the file", e))?;
            media_file(&target)
        }
        "deleteFile" => {
            let DeleteFile { path } = parse(action, params)?;
            delete(site, &[path])?;
            Ok(json!({ "message": "deleted file" }))
        }
        "deleteFiles" => {
            let DeleteFiles { paths } = parse(action, params)?;
            delete(site, &paths)?;
            Ok(json!({ "message": "deleted files" }))
        }
        "getDeployPreview" => Ok(Value::Null),
        other => Err(Refusal::unprocessable(format!("Unknown action {other}"))),
    }
}

#[derive(Deserialize)]
struct EntriesByFolder {
    folder: String,
    #[serde(default)]
    extension: String,
    #[serde(default = "one")]
    depth: usize,
}

fn one() -> usize {
    1
}

#[derive(Deserialize)]
struct EntriesByFiles {
    files: Vec<FileRef>,
}

#[derive(Deserialize)]
struct FileRef {
    path: String,
    label: Option<String>,
}

#[derive(Deserialize)]
struct GetEntry {
    path: String,
}

#[derive(Deserialize)]
struct DataFile {
    path: String,
    raw: String,
    #[serde(rename = "newPath")]
    new_path: Option<String>,
}

#[derive(Deserialize)]
struct Asset {
    path: String,
    content: String,
    encoding: Option<String>,
}

#[derive(Deserialize)]
struct PersistEntry {
    entry: Option<DataFile>,
    #[serde(rename = "dataFiles")]
    data_files: Option<Vec<DataFile>>,
    #[serde(default)]
    assets: Vec<Asset>,
}

#[derive(Deserialize)]
struct GetMedia {
    #[serde(rename = "mediaFolder")]
    media_folder: String,
}

#[derive(Deserialize)]
struct PersistMedia {
    asset: Asset,
}

#[derive(Deserialize)]
struct DeleteFile {
    path: String,
}

#[derive(Deserialize)]
struct DeleteFiles {
    paths: Vec<String>,
}

fn parse<T: DeserializeOwned>(action: &str, params: Value) -> Result<T, Refusal> {
    serde_json::from_value(params)
        .map_err(|err| Refusal::unprocessable(format!("bad params for {action}: {err}")))
}

fn info(site: &Site<'_>) -> Value {
    let repo = site
        .options
        .root
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    json!({ "repo": repo, "publish_modes": ["simple"], "type": "local_fs" })
}

/// An entry's Markdown files under a folder, intro files left out, by Decap's names.
fn entries_by_folder(site: &Site<'_>, params: EntriesByFolder) -> Result<Value, Refusal> {
    let folder = confine(&site.options.root, site.config, &params.folder, Want::EntryFolder)
        .map_err(Refusal::unprocessable)?;
    let extension = params.extension.trim_start_matches('.');
    let keep = |name: &str| {
        name.ends_with(".md")
            && name.ends_with(extension)
            && !(name.starts_with("_index.") && name.ends_with(".md"))
    };
    let found = files::list(&site.options.root, &folder.relative, params.depth, &keep);
    found
        .iter()
        .map(|path| entry(site, &to_decap(path, site.config), None))
        .collect::<Result<Vec<_>, _>>()
        .map(Value::Array)
}

/// One entry by Decap's name: its text and id, or nulls when it does not exist.
fn entry(site: &Site<'_>, path: &str, label: Option<String>) -> Result<Value, Refusal> {
    let target = confine(
        &site.options.root,
        site.config,
        &to_disk(path, site.config),
        Want::Entry,
    )
    .map_err(Refusal::unprocessable)?;
    let bytes = files::read(&target).map_err(|e| Refusal::io("read the entry", e))?;
    let (data, id) = match &bytes {
        Some(bytes) => (
            Value::String(String::from_utf8_lossy(bytes).into_owned()),
            Value::String(file_id(bytes)),
        ),
        None => (Value::Null, Value::Null),
    };
    Ok(json!({ "data": data, "file": { "path": path, "label": label, "id": id } }))
}

/// Saves an entry's files (and moves them to their new names) and its assets, if the site
/// has no new error with the new texts in place.
fn persist_entry(site: &Site<'_>, params: PersistEntry) -> Result<Value, Refusal> {
    let data_files = match (params.data_files, params.entry) {
        (Some(files), _) if !files.is_empty() => files,
        (_, Some(entry)) => vec![entry],
        _ => return Err(Refusal::unprocessable("persistEntry names no data file")),
    };
    let root = &site.options.root;
    let entry_path = |path: &str| confine(root, site.config, &to_disk(path, site.config), Want::Entry);
    // Decap moves the files only when each of them has a new name.
    let moving = data_files.iter().all(|f| f.new_path.is_some());
    let mut writes: Vec<(Confined, String)> = Vec::new();
    let mut removals: Vec<Confined> = Vec::new();
    for file in data_files {
        let old = entry_path(&file.path).map_err(Refusal::unprocessable)?;
        match file.new_path.filter(|_| moving) {
            Some(new_path) => {
                let new = entry_path(&new_path).map_err(Refusal::unprocessable)?;
                if new != old {
                    removals.push(old);
                }
                writes.push((new, file.raw));
            }
            None => writes.push((old, file.raw)),
        }
    }
    let assets = params
        .assets
        .into_iter()
        .map(|asset| asset_of(site, asset))
        .collect::<Result<Vec<_>, _>>()?;
    let mut overlay: Vec<(PathBuf, Option<String>)> =
        removals.iter().map(|r| (under_content(r), None)).collect();
    overlay.extend(
        writes
            .iter()
            .map(|(w, raw)| (under_content(w), Some(raw.clone()))),
    );
    refuse_new_errors(site, &overlay)?;
    for (target, bytes) in &assets {
        files::write_atomic(root, target, bytes).map_err(|e| Refusal::io("save the file", e))?;
    }
    for (target, raw) in &writes {
        files::write_atomic(root, target, raw.as_bytes()).map_err(|e| Refusal::io("save the entry", e))?;
    }
    for target in &removals {
        files::remove(target).map_err(|e| Refusal::io("remove the entry's old file", e))?;
    }
    Ok(json!({ "message": "entry persisted" }))
}

/// The files of a media folder (or a page bundle's folder), with their bytes in base64.
fn get_media(site: &Site<'_>, params: GetMedia) -> Result<Value, Refusal> {
    let folder = confine(
        &site.options.root,
        site.config,
        &params.media_folder,
        Want::MediaFolder,
    )
    .map_err(Refusal::unprocessable)?;
    let keep = |name: &str| !name.ends_with(".md");
    let found = files::list(&site.options.root, &folder.relative, 1, &keep);
    found
        .iter()
        .map(|path| {
            let target = confine(&site.options.root, site.config, path, Want::Media)
                .map_err(Refusal::unprocessable)?;
            media_file(&target)
        })
        .collect::<Result<Vec<_>, _>>()
        .map(Value::Array)
}

fn media_file(target: &Confined) -> Result<Value, Refusal> {
    let bytes = files::read(target)
        .map_err(|e| Refusal::io("read the file", e))?
        .ok_or_else(|| Refusal {
            status: 404,
            error: format!("{} does not exist", target.relative),
        })?;
    let name = target.relative.rsplit('/').next().unwrap_or_default();
    Ok(json!({
        "id": file_id(&bytes),
        "content": BASE64.encode(&bytes),
        "encoding": "base64",
        "path": target.relative,
        "name": name,
    }))
}

/// An uploaded file's checked path and decoded bytes.
fn asset_of(site: &Site<'_>, asset: Asset) -> Result<(Confined, Vec<u8>), Refusal> {
    let target =
        confine(&site.options.root, site.config, &asset.path, Want::Media).map_err(Refusal::unprocessable)?;
    if asset.encoding.as_deref().is_some_and(|e| e != "base64") {
        return Err(Refusal::unprocessable(format!(
            "{}: only base64 uploads are understood",
            asset.path
        )));
    }
    let bytes = BASE64
        .decode(asset.content.as_bytes())
        .map_err(|err| Refusal::unprocessable(format!("{}: the upload is not base64: {err}", asset.path)))?;
    Ok((target, bytes))
}

/// Deletes entries and media; entries only if no other file then has a new error.
fn delete(site: &Site<'_>, paths: &[String]) -> Result<(), Refusal> {
    let root = &site.options.root;
    let mut targets = Vec::new();
    let mut overlay = Vec::new();
    for path in paths {
        let disk = to_disk(path, site.config);
        let want = if disk.ends_with(".md") {
            Want::Entry
        } else {
            Want::Media
        };
        let target = confine(root, site.config, &disk, want).map_err(Refusal::unprocessable)?;
        if want == Want::Entry {
            overlay.push((under_content(&target), None));
        }
        targets.push(target);
    }
    if !overlay.is_empty() {
        refuse_new_errors(site, &overlay)?;
    }
    for target in &targets {
        files::remove(target).map_err(|e| Refusal::io("delete the file", e))?;
    }
    Ok(())
}

/// A 422 with the diagnostics as `gazette build` prints them, when the change brings errors.
fn refuse_new_errors(site: &Site<'_>, overlay: &[(PathBuf, Option<String>)]) -> Result<(), Refusal> {
    let errors = check_change(site.options, overlay);
    if errors.is_empty() {
        return Ok(());
    }
    Err(Refusal::unprocessable(plain(&errors)))
}

fn plain(diagnostics: &Diagnostics) -> String {
    let mut text = Vec::new();
    write_diagnostics(&mut text, diagnostics, &Console::plain()).expect("writing to memory does not fail");
    String::from_utf8_lossy(&text).trim_end().to_string()
}

/// A confined entry's path relative to `content/`, as the load stage names it.
fn under_content(target: &Confined) -> PathBuf {
    PathBuf::from(
        target
            .relative
            .strip_prefix(CONTENT_DIR)
            .map(|rest| rest.trim_start_matches('/'))
            .unwrap_or(&target.relative),
    )
}

//! The records through Pagefind: its index, one per language, and its JavaScript, CSS and
//! WebAssembly, as files under `pagefind/` of the output folder.

use std::path::Path;

use pagefind::api::PagefindIndex;
use pagefind::options::PagefindServiceConfig;
use rayon::prelude::*;

use super::records::Record;
use crate::model::output::OutputFile;

/// The folder of the index in the output folder.
pub const INDEX_DIR: &str = "pagefind";

/// Why the index could not be made.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct IndexError(String);

/// Indexes `records` and returns the files of the index, at their paths in the output
/// folder (`pagefind/pagefind.js`, `pagefind/index/en_….pf_index`, …).
pub fn index(records: Vec<Record>) -> Result<Vec<OutputFile>, IndexError> {
    // Pagefind's API is async. On a thread of its own, its runtime can neither meet nor
    // block another (`serve` runs inside one).
    std::thread::scope(|scope| {
        scope
            .spawn(move || {
                let runtime = tokio::runtime::Builder::new_current_thread()
                    .build()
                    .map_err(|err| IndexError(format!("cannot start the indexer: {err}")))?;
                runtime.block_on(index_async(records))
            })
            .join()
            .unwrap_or_else(|_| Err(IndexError("the indexer stopped on an internal error".into())))
    })
}

async fn index_async(records: Vec<Record>) -> Result<Vec<OutputFile>, IndexError> {
    let options = PagefindServiceConfig::builder().keep_index_url(false).build();
    let mut index = PagefindIndex::new(Some(options)).map_err(|err| IndexError(err.to_string()))?;
    // The records' URLs are unique, so they go in at once, parsed in parallel, and are
    // handed over to the index rather than copied into it.
    let pages = records
        .into_par_iter()
        .map(|record| {
            let html = record.html();
            (record.url, html)
        })
        .collect();
    index
        .add_html_files(pages)
        .await
        .map_err(|err| IndexError(format!("cannot index the pages: {err}")))?;
    let files = index
        .take_files()
        .await
        .map_err(|err| IndexError(err.to_string()))?;
    Ok(files
        .into_iter()
        .filter(|file| wanted(&file.filename))
        .map(|file| OutputFile {
            path: Path::new(INDEX_DIR).join(&file.filename),
            bytes: file.contents,
        })
        .collect())
}

/// Every file but Pagefind's playground, a tool for debugging an index that a published
/// site has no use for.
fn wanted(path: &Path) -> bool {
    !path.starts_with("playground")
}

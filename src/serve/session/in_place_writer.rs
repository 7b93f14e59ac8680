//! Writing into the output folder in place, as `serve` does: only files whose bytes
//! changed are written, never through a link.

use std::path::Path;

use rayon::prelude::*;

use super::{Session, url_of};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::model::output::OutputFile;
use crate::model::page::Page;
use crate::pipeline::BuildError;
use crate::render::{self, Engine, Intros, Lookup};
use crate::write::output;

impl Session {
    pub(super) fn render_pages(
        &self,
        engine: &Engine,
        lookup: &Lookup,
        intros: &Intros,
        pages: &[Page],
    ) -> Result<Vec<OutputFile>, BuildError> {
        // Held in memory, then written: a broken edit changes nothing on disk.
        let memory = render::Memory::new();
        let problems = render::render(engine, lookup, intros, pages, render::Target::sink(&memory));
        let mut files = memory.into_files();
        if !problems.is_empty() {
            let mut d = Diagnostics::new();
            d.extend(problems);
            return Err(BuildError::Site(d));
        }
        // A static file replaces a generated feed, sitemap or robots.txt (as in `build`).
        files
            .retain(|f| !output::yields_to_static(&f.path, || self.statics.iter().any(|s| s.path == f.path)));
        Ok(files)
    }

    /// Writes the files whose bytes changed; returns their URLs. Their folders are made
    /// real folders first, so nothing is written through a link put in the output folder.
    pub(super) fn write_files(&self, files: &[OutputFile]) -> Result<Vec<String>, BuildError> {
        let mut folders: Vec<&Path> = files.iter().map(|f| f.path.as_path()).collect();
        folders.sort_unstable_by_key(|path| path.parent());
        folders.dedup_by_key(|path| path.parent());
        for path in folders {
            let replaced =
                output::make_real_folders(&self.output, path).map_err(|err| io_error(&self.output, &err))?;
            if replaced {
                self.note_replaced_folder();
            }
        }
        let written: Vec<Option<String>> = files
            .par_iter()
            .map(|file| {
                let path = self.output.join(&file.path);
                let written = output::overwrite_if_changed(&path, &file.bytes)?;
                Ok(written.then(|| url_of(&self.config.base_path, &file.path)))
            })
            .collect::<std::io::Result<_>>()
            .map_err(|err| io_error(&self.output, &err))?;
        Ok(written.into_iter().flatten().collect())
    }

    pub(super) fn is_page(&self, path: &Path) -> bool {
        self.outputs.contains(path) && !self.statics.iter().any(|s| s.path == path)
    }
}

/// Removes a file the site no longer produces, and the folders that leaves empty; never
/// through a link: a file under a folder that is not a real one is left alone.
pub(super) fn remove_file(output: &Path, relative: &Path) -> std::io::Result<()> {
    let mut folder = output.to_path_buf();
    for part in relative.parent().into_iter().flat_map(Path::components) {
        folder.push(part);
        if !std::fs::symlink_metadata(&folder).is_ok_and(|m| m.is_dir()) {
            return Ok(());
        }
    }
    let path = output.join(relative);
    match std::fs::remove_file(&path) {
        Ok(()) => {}
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => {}
        Err(err) => return Err(err),
    }
    // Remove folders the removal emptied, up to the output folder.
    let mut dir = path.parent();
    while let Some(d) = dir {
        if d == output || std::fs::remove_dir(d).is_err() {
            break;
        }
        dir = d.parent();
    }
    Ok(())
}

pub(super) fn io_error(output: &Path, err: &std::io::Error) -> BuildError {
    let mut d = Diagnostics::new();
    d.push(
        Diagnostic::error(output, format!("cannot write the output folder: {err}"))
            .with_hint("check that the folder is writable and the disk has room"),
    );
    BuildError::Site(d)
}

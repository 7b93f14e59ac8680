//! Static files in `serve`: a change in a static folder copies what changed (and removes
//! what went), and the copies of pictures that newly rendered pages show are published
//! beside them.

use std::collections::HashSet;
use std::path::PathBuf;

use rayon::prelude::*;

use super::in_place_writer::{io_error, remove_file};
use super::{Session, Update, url_of};
use crate::diagnostics::Diagnostics;
use crate::model::config::CONTENT_DIR;
use crate::pipeline::BuildError;
use crate::write::output;

impl Session {
    pub(super) fn apply_statics(&mut self) -> Result<Update, BuildError> {
        let mut diagnostics = Diagnostics::new();
        let mut statics =
            crate::load::static_files::static_files(&self.options.root, &self.config, &mut diagnostics);
        // Page bundles' files are the last build's: a change to one rebuilds the site; so
        // are the pictures' copies (from the cache), made again when a picture changes.
        let content = self.options.root.join(CONTENT_DIR);
        let cache = self.options.root.join(crate::write::manifest::CACHE_DIR);
        statics.extend(
            self.statics
                .iter()
                .filter(|s| s.source.starts_with(&content) || s.source.starts_with(&cache))
                .cloned(),
        );
        let copied: Vec<(String, bool)> = statics
            .par_iter()
            .map(|s| {
                let bytes = output::published(&s.path, std::fs::read(&s.source)?);
                if output::make_real_folders(&self.output, &s.path)? {
                    self.note_replaced_folder();
                }
                let path = self.output.join(&s.path);
                Ok((
                    url_of(&self.config.base_path, &s.path),
                    output::write_if_changed(&path, &bytes)?,
                ))
            })
            .collect::<std::io::Result<_>>()
            .map_err(|err| io_error(&self.output, &err))?;
        let new: HashSet<PathBuf> = statics.iter().map(|s| s.path.clone()).collect();
        let mut removed = Vec::new();
        for old in &self.statics {
            if !new.contains(&old.path) && !self.is_page(&old.path) {
                remove_file(&self.output, &old.path).map_err(|err| io_error(&self.output, &err))?;
                self.outputs.remove(&old.path);
                removed.push(url_of(&self.config.base_path, &old.path));
            }
        }
        self.outputs.extend(new);
        self.statics = statics;
        let mut changed: Vec<String> = copied
            .into_iter()
            .filter(|(_, written)| *written)
            .map(|(u, _)| u)
            .collect();
        let removed_count = removed.len();
        changed.extend(removed);
        Ok(Update {
            changed_urls: changed,
            removed: removed_count,
            warnings: diagnostics,
            ..Update::default()
        })
    }

    /// Copies into the output folder the pictures' copies that the pages rendered since
    /// the last build asked for first; their URLs.
    pub(super) fn publish_copies(&mut self) -> Result<Vec<String>, BuildError> {
        let Some(images) = self.lookup.images.clone() else {
            return Ok(Vec::new());
        };
        let known: HashSet<PathBuf> = self.statics.iter().map(|s| s.path.clone()).collect();
        let mut changed = Vec::new();
        for copy in images
            .published()
            .into_iter()
            .filter(|c| !known.contains(&c.path))
        {
            let bytes = std::fs::read(&copy.source).map_err(|err| io_error(&self.output, &err))?;
            if output::make_real_folders(&self.output, &copy.path)
                .map_err(|err| io_error(&self.output, &err))?
            {
                self.note_replaced_folder();
            }
            output::write_if_changed(&self.output.join(&copy.path), &bytes)
                .map_err(|err| io_error(&self.output, &err))?;
            changed.push(url_of(&self.config.base_path, &copy.path));
            self.outputs.insert(copy.path.clone());
            self.statics.push(copy);
        }
        Ok(changed)
    }
}

//! Summaries in a file: where cards are made on demand, each item's summary waits on disk
//! for the cards that show it.
//!
//! A card shows its item's summary, the first paragraph of its body as HTML: some 450
//! bytes an item, as much as the rest of what the graph keeps of a page with a title
//! only, and 430 MiB at a million items. Past the card budget, cards are made again and
//! again as pages show them, so the summaries are written once to an unnamed temporary
//! file (gone when the build ends, whatever way it ends) and read back, one positioned read
//! each, as a card is made; the operating system's page cache keeps the recent ones.

use std::borrow::Cow;
use std::fs::File;
use std::io::{self, BufWriter, Write};
use std::os::unix::fs::FileExt;
use std::sync::Arc;

use crate::model::site::ItemId;
use crate::render::markdown::Rendered;

/// Each item's summary, in a temporary file.
pub(super) struct Summaries {
    file: File,
    /// Where each item's summary starts in the file, and its length; `None` for one left
    /// in memory (empty, or its rendering was shared).
    at: Vec<Option<(u64, u32)>>,
}

impl Summaries {
    /// Moves the summaries of `rendered` into a new temporary file. Fails, leaving
    /// `rendered` as it was, when the file cannot be made or written.
    pub(super) fn spill(rendered: &mut [Arc<Rendered>]) -> io::Result<Summaries> {
        let file = tempfile::tempfile()?;
        let mut writer = BufWriter::new(&file);
        let mut at = Vec::with_capacity(rendered.len());
        let mut offset = 0u64;
        for r in rendered.iter() {
            // An empty summary costs nothing in memory, and a read to find it empty.
            let fits = u32::try_from(r.summary.len()).is_ok() && !r.summary.is_empty();
            if Arc::strong_count(r) > 1 || !fits {
                at.push(None);
                continue;
            }
            writer.write_all(r.summary.as_bytes())?;
            at.push(Some((offset, r.summary.len() as u32)));
            offset += r.summary.len() as u64;
        }
        writer.flush()?;
        drop(writer);
        // Written in full: only now are they taken out of memory.
        for (r, at) in rendered.iter_mut().zip(&at) {
            if let (Some(_), Some(r)) = (at, Arc::get_mut(r)) {
                r.summary = String::new();
            }
        }
        Ok(Summaries { file, at })
    }

    /// The summary of `id`: read from the file, or `rendered`'s own where it stayed.
    pub(super) fn get<'a>(&self, id: ItemId, rendered: &'a Rendered) -> io::Result<Cow<'a, str>> {
        let Some((offset, len)) = self.at[id.0] else {
            return Ok(Cow::Borrowed(&rendered.summary));
        };
        let mut bytes = vec![0; len as usize];
        self.file.read_exact_at(&mut bytes, offset)?;
        String::from_utf8(bytes)
            .map(Cow::Owned)
            .map_err(|err| io::Error::new(io::ErrorKind::InvalidData, err))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rendered(summary: &str) -> Arc<Rendered> {
        Arc::new(Rendered {
            summary: summary.to_string(),
            ..Rendered::default()
        })
    }

    #[test]
    fn summaries_leave_memory_and_read_back_the_same() {
        let shared = rendered("<p>shared</p>\n");
        let mut all = vec![
            rendered("<p>First — 第一</p>\n"),
            rendered(""),
            Arc::clone(&shared),
            rendered("<p>Last</p>\n"),
        ];
        let summaries = Summaries::spill(&mut all).unwrap();
        assert_eq!(all[0].summary, "", "the first summary left memory");
        assert_eq!(
            all[2].summary, "<p>shared</p>\n",
            "a shared rendering keeps its own"
        );
        let read: Vec<String> = (0..all.len())
            .map(|i| summaries.get(ItemId(i), &all[i]).unwrap().into_owned())
            .collect();
        assert_eq!(
            read,
            ["<p>First — 第一</p>\n", "", "<p>shared</p>\n", "<p>Last</p>\n"]
        );
    }
}

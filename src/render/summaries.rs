//! Summaries in a file: where cards are made on demand, each item's summary waits on disk
//! for the cards that show it.
//!
//! A card shows its item's summary, the first paragraph of its body as HTML: some 450
//! bytes an item, as much as the rest of what the graph keeps of a page with a title
//! only, and 430 MiB at a million items. Past the card budget, cards are made again and
//! again as pages show them, so each summary is written, as the Markdown stage renders it,
//! to an unnamed temporary file (gone when the build ends, whatever way it ends) and read
//! back, one positioned read each, as a card is made; the operating system's page cache
//! keeps the recent ones. The summaries never all stand in memory at once.

use std::borrow::Cow;
use std::fs::File;
use std::io;
use std::os::unix::fs::FileExt;
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};

use crate::model::site::ItemId;
use crate::render::markdown::Rendered;

/// Where each item's summary starts in the file, and its length; `None` for one left in
/// memory (empty, made before, or its write failed).
type Places = Vec<Option<(u64, u32)>>;

/// The summaries being written, by the Markdown stage's threads at once.
pub struct SummaryWriter {
    file: File,
    /// The end of the file: each summary takes the bytes from there.
    end: AtomicU64,
    places: Mutex<Places>,
}

impl SummaryWriter {
    /// A new temporary file for the summaries of `items` items.
    pub fn new(items: usize) -> io::Result<SummaryWriter> {
        Ok(SummaryWriter {
            file: tempfile::tempfile()?,
            end: AtomicU64::new(0),
            places: Mutex::new(vec![None; items]),
        })
    }

    /// Moves `summary`, the summary of `id`, to the file, leaving it empty. A summary that
    /// cannot be written stays where it is: cards find it there.
    pub fn put(&self, id: ItemId, summary: &mut String) {
        // An empty summary costs nothing in memory, and a read to find it empty.
        let Ok(len) = u32::try_from(summary.len()) else {
            return;
        };
        if len == 0 {
            return;
        }
        let offset = self.end.fetch_add(u64::from(len), Ordering::Relaxed);
        if self.file.write_all_at(summary.as_bytes(), offset).is_err() {
            return;
        }
        self.places.lock().unwrap_or_else(|e| e.into_inner())[id.0] = Some((offset, len));
        *summary = String::new();
    }

    /// Every summary written: the file to read them from.
    pub fn finish(self) -> Summaries {
        Summaries {
            file: self.file,
            places: self.places.into_inner().unwrap_or_else(|e| e.into_inner()),
        }
    }
}

/// Each item's summary, in a temporary file.
pub struct Summaries {
    file: File,
    places: Places,
}

impl Summaries {
    /// The summary of `id`: read from the file, or `rendered`'s own where it stayed.
    pub(super) fn get<'a>(&self, id: ItemId, rendered: &'a Rendered) -> io::Result<Cow<'a, str>> {
        let Some((offset, len)) = self.places[id.0] else {
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
    use rayon::prelude::*;

    fn rendered(summary: &str) -> Rendered {
        Rendered {
            summary: summary.to_string(),
            ..Rendered::default()
        }
    }

    #[test]
    fn summaries_leave_memory_and_read_back_the_same() {
        let texts = ["<p>First — 第一</p>\n", "", "<p>kept</p>\n", "<p>Last</p>\n"];
        let mut all: Vec<Rendered> = texts.iter().map(|t| rendered(t)).collect();
        let writer = SummaryWriter::new(all.len()).unwrap();
        // Written from several threads at once, as the Markdown stage does; the third
        // item's rendering is not given (a rendering reused, kept in memory).
        all.par_iter_mut()
            .enumerate()
            .filter(|(i, _)| *i != 2)
            .for_each(|(i, r)| writer.put(ItemId(i), &mut r.summary));
        let summaries = writer.finish();
        assert_eq!(all[0].summary, "", "the first summary left memory");
        assert_eq!(all[3].summary, "", "the last summary left memory");
        assert_eq!(all[2].summary, "<p>kept</p>\n", "a summary not given stays");
        let read: Vec<String> = (0..all.len())
            .map(|i| summaries.get(ItemId(i), &all[i]).unwrap().into_owned())
            .collect();
        assert_eq!(read, texts);
    }
}

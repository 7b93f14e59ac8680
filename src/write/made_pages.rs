//! The pages a build rendered, for its manifest: each page's path and fingerprint, kept in
//! an unnamed temporary file as pages are made and read back once, when the manifest is
//! written. At a million pages the paths held in memory were some 130 MB of the render
//! stage's peak. Where no temporary file can be made they stay in memory.

use std::fs::File;
use std::io::{BufRead, BufReader, BufWriter, Seek, SeekFrom, Write};
use std::path::PathBuf;

/// A page rendered: its path under the output folder, the fingerprint of its inputs, and
/// whether its template read the site beyond its context.
pub(crate) type MadePage = (PathBuf, u64, bool);

/// The pages rendered so far.
pub(crate) enum MadePages {
    /// One line each in a temporary file: `<fingerprint> <0|1> <path>`.
    Spooled(BufWriter<File>),
    /// In memory.
    Held(Vec<MadePage>),
}

impl MadePages {
    /// An empty list, in a temporary file where one can be made.
    pub(crate) fn new() -> MadePages {
        match tempfile::tempfile() {
            Ok(file) => MadePages::Spooled(BufWriter::new(file)),
            Err(_) => MadePages::Held(Vec::new()),
        }
    }

    /// Adds a page. A page whose path cannot be written to the file (it holds a line
    /// break, or the disk is full) makes the list go on in memory with what it had.
    pub(crate) fn push(&mut self, page: MadePage) {
        if let MadePages::Spooled(file) = self {
            let path = page.0.to_string_lossy();
            if !path.contains('\n') && writeln!(file, "{:x} {} {path}", page.1, u8::from(page.2)).is_ok() {
                return;
            }
            let held = self.read_back().unwrap_or_default();
            *self = MadePages::Held(held);
        }
        if let MadePages::Held(pages) = self {
            pages.push(page);
        }
    }

    /// Calls `each` with the pages, in the order they were added, `chunk` at a time; a
    /// problem reading them back is made an `E` by `io_error`.
    pub(crate) fn for_each_chunk<E>(
        &mut self,
        chunk: usize,
        mut each: impl FnMut(&[MadePage]) -> Result<(), E>,
        io_error: impl Fn(std::io::Error) -> E,
    ) -> Result<(), E> {
        let chunk = chunk.max(1);
        let file = match self {
            MadePages::Held(pages) => return pages.chunks(chunk).try_for_each(each),
            MadePages::Spooled(file) => file,
        };
        file.flush().map_err(&io_error)?;
        let mut reader = BufReader::new(file.get_ref());
        reader.seek(SeekFrom::Start(0)).map_err(&io_error)?;
        let mut pages = Vec::with_capacity(chunk);
        for line in reader.lines() {
            pages.push(parse(&line.map_err(&io_error)?).map_err(&io_error)?);
            if pages.len() == chunk {
                each(&pages)?;
                pages.clear();
            }
        }
        if !pages.is_empty() {
            each(&pages)?;
        }
        // Back at the end, should more pages be added.
        file.get_ref().seek(SeekFrom::End(0)).map_err(&io_error)?;
        Ok(())
    }

    /// Every page spooled so far, read back into memory.
    fn read_back(&mut self) -> std::io::Result<Vec<MadePage>> {
        let mut all = Vec::new();
        self.for_each_chunk(
            4096,
            |pages| {
                all.extend_from_slice(pages);
                Ok(())
            },
            |err| err,
        )?;
        Ok(all)
    }
}

/// A line of the file back into a page.
fn parse(line: &str) -> std::io::Result<MadePage> {
    let bad = || std::io::Error::new(std::io::ErrorKind::InvalidData, "a damaged list of pages made");
    let mut parts = line.splitn(3, ' ');
    let inputs = parts
        .next()
        .and_then(|hex| u64::from_str_radix(hex, 16).ok())
        .ok_or_else(bad)?;
    let reads_site = match parts.next() {
        Some("1") => true,
        Some("0") => false,
        _ => return Err(bad()),
    };
    let path = parts.next().ok_or_else(bad)?;
    Ok((PathBuf::from(path), inputs, reads_site))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn all(made: &mut MadePages, chunk: usize) -> Vec<MadePage> {
        let mut seen = Vec::new();
        made.for_each_chunk(
            chunk,
            |pages| {
                seen.extend_from_slice(pages);
                Ok(())
            },
            |err| err,
        )
        .unwrap();
        seen
    }

    #[test]
    fn pages_come_back_in_order_from_the_file_or_from_memory() {
        let pages: Vec<MadePage> = vec![
            (PathBuf::from("index.html"), 0xdead_beef, false),
            (PathBuf::from("news/2023/a b/index.html"), u64::MAX, true),
            (PathBuf::from("zh/新闻/index.html"), 7, false),
        ];
        for mut made in [MadePages::new(), MadePages::Held(Vec::new())] {
            for page in &pages {
                made.push(page.clone());
            }
            assert_eq!(all(&mut made, 2), pages);
            // Read again, and after one more page.
            made.push((PathBuf::from("404.html"), 1, true));
            let again = all(&mut made, 10);
            assert_eq!(again.len(), 4);
            assert_eq!(again[3], (PathBuf::from("404.html"), 1, true));
        }
    }

    #[test]
    fn a_path_with_a_line_break_keeps_every_page_in_memory() {
        let mut made = MadePages::new();
        made.push((PathBuf::from("a/index.html"), 1, false));
        made.push((PathBuf::from("b\nc/index.html"), 2, true));
        assert!(matches!(made, MadePages::Held(_)));
        let paths: Vec<PathBuf> = all(&mut made, 1).into_iter().map(|(path, _, _)| path).collect();
        assert_eq!(
            paths,
            [PathBuf::from("a/index.html"), PathBuf::from("b\nc/index.html")]
        );
    }
}

//! The pages of the last build's manifest, as a build looks them up: one small record per
//! page, every path in one shared text, sorted by path, and one bit per page for "kept".
//!
//! At a million pages a map from each path to a record holding the path again would take
//! some 250 MB, and the records of the kept pages copied into a list for the next
//! manifest 130 MB more, half a gigabyte above a build from scratch with the copies of
//! paths the write stage would make. This table holds the same in 40 bytes a page and its
//! path's text (about 115 MB), read straight from the manifest's JSON.

use std::fmt;
use std::ops::Range;
use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use serde::Serialize;
use serde::de::{Deserialize, Deserializer, SeqAccess, Visitor};

/// One page of the last build.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub(crate) struct PageRecord<'a> {
    /// Path relative to the output folder.
    pub path: &'a str,
    /// Fingerprint of the page's context and template.
    pub inputs: u64,
    /// Its template read the site beyond its context.
    pub reads_site: bool,
    /// The file's length.
    pub len: u64,
    /// The file's modification time, in nanoseconds since 1970.
    pub modified: u128,
}

/// A record without its path: where the path is in `PreviousPages::paths`. 40 bytes: the
/// time fits 64 bits of nanoseconds until the year 2554 (a later one is never equal to the
/// file's, and the page is rendered again).
#[derive(Debug)]
struct Stored {
    path_start: usize,
    path_len: u32,
    reads_site: bool,
    inputs: u64,
    len: u64,
    modified: u64,
}

impl Stored {
    fn path(&self) -> Range<usize> {
        self.path_start..self.path_start + self.path_len as usize
    }
}

/// The last build's pages (none when there was no usable manifest).
#[derive(Debug, Default)]
pub(crate) struct PreviousPages {
    /// Every page's path, one after the other.
    paths: String,
    /// Sorted by path.
    records: Vec<Stored>,
    /// One bit per record: kept by this build.
    kept: Vec<AtomicU64>,
}

impl PreviousPages {
    fn new(paths: String, mut records: Vec<Stored>) -> PreviousPages {
        records.sort_unstable_by(|a, b| paths[a.path()].cmp(&paths[b.path()]));
        // A path written twice (a manifest edited by hand) is one page, of either record.
        records.dedup_by(|b, a| paths[a.path()] == paths[b.path()]);
        records.shrink_to_fit();
        let kept = (0..records.len().div_ceil(64))
            .map(|_| AtomicU64::new(0))
            .collect();
        PreviousPages { paths, records, kept }
    }

    /// The index of the page at `path`.
    pub(crate) fn find(&self, path: &Path) -> Option<usize> {
        let path = path.to_str()?;
        self.records
            .binary_search_by(|r| self.paths[r.path()].cmp(path))
            .ok()
    }

    /// The indexes of the pages under `folder` (or at it).
    pub(crate) fn under(&self, folder: &Path) -> Vec<usize> {
        let Some(prefix) = folder.to_str() else {
            return Vec::new();
        };
        // Paths starting with the folder's name are together in the sorted list; of them,
        // those under it as a folder (not `pagefind2/` for `pagefind`) are wanted.
        let start = self.records.partition_point(|r| self.paths[r.path()] < *prefix);
        (start..self.records.len())
            .take_while(|&i| self.get(i).path.starts_with(prefix))
            .filter(|&i| Path::new(self.get(i).path).starts_with(folder))
            .collect()
    }

    /// The page at `index`.
    pub(crate) fn get(&self, index: usize) -> PageRecord<'_> {
        let r = &self.records[index];
        PageRecord {
            path: &self.paths[r.path()],
            inputs: r.inputs,
            reads_site: r.reads_site,
            len: r.len,
            modified: u128::from(r.modified),
        }
    }

    /// Marks the page at `index` as kept by this build.
    pub(crate) fn keep(&self, index: usize) {
        self.kept[index / 64].fetch_or(1u64 << (index % 64), Ordering::Relaxed);
    }

    /// The pages kept by this build, in path order.
    pub(crate) fn kept(&self) -> impl Iterator<Item = PageRecord<'_>> + '_ {
        (0..self.records.len())
            .filter(|&i| self.is_kept(i))
            .map(|i| self.get(i))
    }

    /// The paths of the pages this build did not keep, in path order: rendered again, or
    /// no longer made.
    pub(crate) fn not_kept(&self) -> impl Iterator<Item = &Path> + '_ {
        (0..self.records.len())
            .filter(|&i| !self.is_kept(i))
            .map(|i| Path::new(&self.paths[self.records[i].path()]))
    }

    fn is_kept(&self, index: usize) -> bool {
        self.kept[index / 64].load(Ordering::Relaxed) & (1u64 << (index % 64)) != 0
    }
}

/// The pages a build kept from the last one, as their paths in its table: no path is
/// copied (at a million pages a list of them would take 90 MB while the build writes).
#[derive(Debug, Clone, Default)]
pub(crate) struct KeptPages(Option<Arc<PreviousPages>>);

impl KeptPages {
    pub(crate) fn of(previous: &Arc<PreviousPages>) -> KeptPages {
        KeptPages(Some(Arc::clone(previous)))
    }

    /// Their paths, relative to the output folder.
    pub(crate) fn iter(&self) -> impl Iterator<Item = &Path> + '_ {
        self.0
            .iter()
            .flat_map(|previous| previous.kept().map(|page| Path::new(page.path)))
    }
}

/// A page as the manifest's JSON holds it; the path borrowed from the JSON where it has no
/// escapes.
#[derive(serde::Deserialize)]
struct RecordIn<'a> {
    #[serde(borrow)]
    path: std::borrow::Cow<'a, str>,
    inputs: u64,
    reads_site: bool,
    len: u64,
    modified: u128,
}

impl<'de> Deserialize<'de> for PreviousPages {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Pages;
        impl<'de> Visitor<'de> for Pages {
            type Value = PreviousPages;

            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a list of pages")
            }

            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<PreviousPages, A::Error> {
                let mut paths = String::new();
                let mut records = Vec::with_capacity(seq.size_hint().unwrap_or(0));
                while let Some(page) = seq.next_element::<RecordIn<'de>>()? {
                    // A path too long for the record is no page a build makes.
                    let Ok(path_len) = u32::try_from(page.path.len()) else {
                        continue;
                    };
                    records.push(Stored {
                        path_start: paths.len(),
                        path_len,
                        reads_site: page.reads_site,
                        inputs: page.inputs,
                        len: page.len,
                        modified: u64::try_from(page.modified).unwrap_or(u64::MAX),
                    });
                    paths.push_str(&page.path);
                }
                paths.shrink_to_fit();
                Ok(PreviousPages::new(paths, records))
            }
        }
        deserializer.deserialize_seq(Pages)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pages(json: &str) -> PreviousPages {
        serde_json::from_str(json).unwrap()
    }

    const JSON: &str = r#"[
        {"path":"news/b/index.html","inputs":2,"reads_site":false,"len":20,"modified":200},
        {"path":"pagefind2/x.js","inputs":5,"reads_site":false,"len":50,"modified":500},
        {"path":"pagefind/pagefind.js","inputs":3,"reads_site":false,"len":30,"modified":300},
        {"path":"news/a/index.html","inputs":1,"reads_site":true,"len":10,"modified":100},
        {"path":"pagefind/index/en_1.pf_index","inputs":3,"reads_site":false,"len":40,"modified":400},
        {"path":"caf\u00e9/index.html","inputs":4,"reads_site":false,"len":60,"modified":600}
    ]"#;

    #[test]
    fn a_page_is_found_by_its_path_with_its_record() {
        let pages = pages(JSON);
        assert_eq!(pages.records.len(), 6);
        let a = pages.find(Path::new("news/a/index.html")).unwrap();
        assert_eq!(
            pages.get(a),
            PageRecord {
                path: "news/a/index.html",
                inputs: 1,
                reads_site: true,
                len: 10,
                modified: 100
            }
        );
        let escaped = pages.find(Path::new("café/index.html")).unwrap();
        assert_eq!(pages.get(escaped).inputs, 4);
        assert_eq!(pages.find(Path::new("news/c/index.html")), None);
        assert_eq!(pages.find(Path::new("news")), None);
    }

    #[test]
    fn the_pages_under_a_folder_are_those_in_it_not_in_a_folder_of_a_longer_name() {
        let pages = pages(JSON);
        let under: Vec<&str> = pages
            .under(Path::new("pagefind"))
            .into_iter()
            .map(|i| pages.get(i).path)
            .collect();
        assert_eq!(under, ["pagefind/index/en_1.pf_index", "pagefind/pagefind.js"]);
        assert!(pages.under(Path::new("search")).is_empty());
    }

    #[test]
    fn only_the_pages_marked_are_kept() {
        let pages = pages(JSON);
        assert_eq!(pages.kept().count(), 0);
        for path in ["pagefind2/x.js", "news/a/index.html"] {
            pages.keep(pages.find(Path::new(path)).unwrap());
        }
        let kept: Vec<&str> = pages.kept().map(|p| p.path).collect();
        assert_eq!(kept, ["news/a/index.html", "pagefind2/x.js"]);
        let not_kept: Vec<&Path> = pages.not_kept().collect();
        assert_eq!(
            not_kept,
            [
                "café/index.html",
                "news/b/index.html",
                "pagefind/index/en_1.pf_index",
                "pagefind/pagefind.js"
            ]
            .map(Path::new)
        );
        let shared = Arc::new(pages);
        let kept = KeptPages::of(&shared);
        let paths: Vec<&Path> = kept.iter().collect();
        assert_eq!(
            paths,
            [Path::new("news/a/index.html"), Path::new("pagefind2/x.js")]
        );
        assert_eq!(KeptPages::default().iter().count(), 0);
    }

    #[cfg(target_pointer_width = "64")]
    #[test]
    fn a_record_is_forty_bytes() {
        assert_eq!(std::mem::size_of::<Stored>(), 40);
    }

    #[test]
    fn a_time_past_64_bits_of_nanoseconds_matches_no_file() {
        let pages = pages(
            r#"[{"path":"a.html","inputs":1,"reads_site":false,"len":1,"modified":18446744073709551616}]"#,
        );
        assert_eq!(pages.get(0).modified, u128::from(u64::MAX));
    }

    #[test]
    fn a_path_listed_twice_is_one_page() {
        let pages = pages(
            r#"[{"path":"a.html","inputs":1,"reads_site":false,"len":1,"modified":1},
                {"path":"a.html","inputs":2,"reads_site":false,"len":2,"modified":2}]"#,
        );
        assert_eq!(pages.records.len(), 1);
    }
}

//! The build manifest: what each page of the last build was made from, so the next build
//! renders only pages whose inputs changed.
//!
//! A build with nothing changed used to render all pages and read each file back to find
//! its bytes equal; with the manifest it renders none of them. For each page it keeps the
//! fingerprint of the page's context and template (`render::fingerprint`), whether its
//! template read the site beyond its context (`get_collection` and the like), and the
//! length and modification time of the file it wrote. A page is skipped when its
//! fingerprint is the same, the file on disk still has that length and time (nobody
//! touched it), the templates, theme strings and configuration every page renders with are
//! the same (`theme_fingerprint`), and, for a page that read the site, nothing in the site
//! changed (`site_fingerprint`). Anything else, a missing or unreadable manifest included,
//! means rendering: the manifest can make a build faster, never different.
//!
//! It also lists the build's other files (static files, pictures, feeds and the pages
//! rendered every time), so that it names every file the build wrote: the next build
//! removes those it does not write again without reading every folder of the output. It
//! is removed before the output folder changes and written again after, so a manifest
//! never lists less than the folder holds of gazette's.
//!
//! It lives in the site's `.gazette-cache/` folder, not in `output/`, which is published
//! as it is; one manifest per output folder.

use std::cell::RefCell;
use std::fs;
use std::hash::{Hash, Hasher};
use std::io::BufWriter;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::UNIX_EPOCH;

use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use crate::model::output::StaticFile;
use crate::render::fingerprint::{FingerprintHasher, Known, hash_value, value_address};
use crate::render::{Engine, Lookup, PageCache};
use crate::write::made_pages::MadePages;
use crate::write::output::RealFolders;
use crate::write::previous_pages::{KeptPages, PageRecord, PreviousPages};

/// The cache folder under the site root.
pub(crate) const CACHE_DIR: &str = ".gazette-cache";

/// The manifest as a build reads it. Each page's record: `previous_pages::PageRecord`.
#[derive(Deserialize)]
struct Manifest {
    /// gazette's version: another version may render the same inputs differently.
    version: String,
    /// `theme_fingerprint` of the build: when it changes, every page renders.
    theme: u64,
    /// `site_fingerprint` of the build.
    site: u64,
    pages: PreviousPages,
    /// The other files the build wrote: static files, resized pictures and pages rendered
    /// every time. A manifest without them (`null`, or one from before they were listed)
    /// does not say every file the build wrote, and the next build looks for stale files
    /// in every folder of the output.
    #[serde(default)]
    other_files: Option<Vec<String>>,
}

/// The previous build's manifest, and what this build renders and keeps.
pub(crate) struct Reuse {
    theme: u64,
    site: u64,
    known: Known,
    previous_site: Option<u64>,
    previous: Arc<PreviousPages>,
    /// The last build's pages were made with this build's theme: they may be kept.
    reusable: bool,
    /// The last build's other files, when its manifest lists them.
    previous_others: Option<Vec<String>>,
    /// Pages this build rendered that the next renders again whatever their inputs.
    made_every_time: Mutex<Vec<PathBuf>>,
    output: PathBuf,
    made: Mutex<MadePages>,
    folders: Arc<RealFolders>,
}

impl Reuse {
    /// Reads the manifest of `output` (none, or one of another theme fingerprint: every
    /// page renders, and the manifest only says which files the last build wrote), for the
    /// build fingerprinted by `theme_fingerprint` and `site_fingerprint`.
    /// A page whose folders are not all real ones (`folders`: a link or the like in the
    /// way) is never kept: it is written again, in place of what is in its way.
    pub(crate) fn load(
        root: &Path,
        output: &Path,
        theme: u64,
        (site, known): (u64, Known),
        folders: Arc<RealFolders>,
    ) -> Reuse {
        let path = manifest_path(root, output);
        let manifest = fs::read(&path)
            .ok()
            .and_then(|bytes| serde_json::from_slice::<Manifest>(&bytes).ok())
            .filter(|m| m.version == env!("CARGO_PKG_VERSION"));
        let reusable = manifest.as_ref().is_some_and(|m| m.theme == theme);
        // Once `serve` changed the folder, the manifest no longer lists every file in it.
        let lists_every_file = !changed_marker(&path).exists();
        let (previous_site, previous, previous_others) = match manifest {
            Some(m) => (
                Some(m.site),
                Arc::new(m.pages),
                m.other_files.filter(|_| lists_every_file),
            ),
            None => (None, Arc::default(), None),
        };
        Reuse {
            theme,
            site,
            known,
            previous_site,
            previous,
            reusable,
            previous_others,
            made_every_time: Mutex::default(),
            output: output.to_path_buf(),
            made: Mutex::new(MadePages::new()),
            folders,
        }
    }

    /// The length and modification time of the file at `path`, if it is a file.
    fn on_disk(&self, path: &Path) -> Option<(u64, u128)> {
        fs::symlink_metadata(self.output.join(path))
            .ok()
            .filter(|m| m.is_file())
            .map(|m| (m.len(), modified(&m)))
    }

    /// The pages kept as they were.
    pub(crate) fn kept(&self) -> KeptPages {
        KeptPages::of(&self.previous)
    }

    /// The files the last build wrote that this one did not keep (pages it rendered again
    /// or no longer makes, and the other files), when the last build's manifest lists every
    /// file it wrote: those of them this build did not write are stale.
    pub(crate) fn files_not_kept(&self) -> Option<impl Iterator<Item = &Path> + '_> {
        let others = self.previous_others.as_ref()?;
        Some(self.previous.not_kept().chain(others.iter().map(Path::new)))
    }

    /// Removes the saved manifest before the output folder changes, so that a build that
    /// stops while it writes (or cannot save the next manifest) leaves none that lists
    /// less than the folder holds: the next build then renders every page and reads every
    /// folder for stale files.
    pub(crate) fn forget(&self, root: &Path) -> std::io::Result<()> {
        let path = manifest_path(root, &self.output);
        for file in [&path, &changed_marker(&path)] {
            match fs::remove_file(file) {
                Err(err) if err.kind() != std::io::ErrorKind::NotFound => return Err(err),
                _ => {}
            }
        }
        Ok(())
    }

    /// Writes the manifest for the output folder as the build left it, with `statics`, the
    /// static files and pictures it wrote. Failing to is not an error of the build (the
    /// next one renders everything), so it is only reported.
    pub(crate) fn save(self, root: &Path, statics: &[StaticFile]) -> std::io::Result<()> {
        let made = self.made.into_inner().unwrap_or_else(|p| p.into_inner());
        let every_time = self
            .made_every_time
            .into_inner()
            .unwrap_or_else(|p| p.into_inner());
        // A path that is not text cannot be listed: the manifest then says nothing of the
        // other files.
        let other_files: Option<Vec<&str>> = statics
            .iter()
            .map(|s| s.path.as_path())
            .chain(every_time.iter().map(PathBuf::as_path))
            .map(Path::to_str)
            .collect();
        let manifest = SavedManifest {
            version: env!("CARGO_PKG_VERSION"),
            theme: self.theme,
            site: self.site,
            pages: Records {
                output: &self.output,
                made: RefCell::new(made),
                previous: &self.previous,
            },
            other_files,
        };
        let path = manifest_path(root, &self.output);
        let dir = path.parent().expect("the manifest is in the cache folder");
        fs::create_dir_all(dir)?;
        let temp = path.with_extension(format!("tmp-{}", std::process::id()));
        // Written as it is serialised: at a million pages the JSON is some 130 MB.
        let mut file = BufWriter::new(fs::File::create(&temp)?);
        serde_json::to_writer(&mut file, &manifest).map_err(std::io::Error::other)?;
        file.into_inner().map_err(|err| err.into_error())?;
        fs::rename(&temp, &path)
    }
}

/// [`Manifest`] as `save` writes it, from what the build holds, without a second list of
/// its pages.
#[derive(Serialize)]
struct SavedManifest<'a> {
    version: &'a str,
    theme: u64,
    site: u64,
    pages: Records<'a>,
    other_files: Option<Vec<&'a str>>,
}

/// The pages of the manifest: those rendered, with the length and time of the file each
/// left (a page whose file is gone is left out), then those kept.
struct Records<'a> {
    output: &'a Path,
    /// Read back as they are written out (serialising takes `&self`).
    made: RefCell<MadePages>,
    /// The last build's pages, those this one kept marked.
    previous: &'a PreviousPages,
}

/// Pages rendered are looked at on disk this many at a time, in parallel.
const STAT_CHUNK: usize = 4096;

impl Serialize for Records<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeSeq;
        let mut seq = serializer.serialize_seq(None)?;
        self.made.borrow_mut().for_each_chunk(
            STAT_CHUNK,
            |chunk| {
                let files: Vec<Option<(u64, u128)>> = chunk
                    .par_iter()
                    .map(|(path, _, _)| {
                        let metadata = fs::symlink_metadata(self.output.join(path)).ok()?;
                        Some((metadata.len(), modified(&metadata)))
                    })
                    .collect();
                for ((path, inputs, reads_site), file) in chunk.iter().zip(files) {
                    let Some((len, modified)) = file else { continue };
                    let Some(path) = path.to_str() else { continue };
                    seq.serialize_element(&PageRecord {
                        path,
                        inputs: *inputs,
                        reads_site: *reads_site,
                        len,
                        modified,
                    })?;
                }
                Ok(())
            },
            serde::ser::Error::custom,
        )?;
        for record in self.previous.kept() {
            seq.serialize_element(&record)?;
        }
        seq.end()
    }
}

impl PageCache for Reuse {
    fn known(&self) -> &Known {
        &self.known
    }

    /// Whether the page at `path` (relative to the output folder) with fingerprint
    /// `inputs` is already on disk as this build would write it; it is then kept.
    fn keeps(&self, path: &Path, inputs: u64) -> bool {
        if !self.reusable {
            return false;
        }
        let Some(index) = self.previous.find(path) else {
            return false;
        };
        let entry = self.previous.get(index);
        if entry.inputs != inputs || (entry.reads_site && self.previous_site != Some(self.site)) {
            return false;
        }
        if !self.folders.lead_to(path) {
            return false;
        }
        if self.on_disk(path) != Some((entry.len, entry.modified)) {
            return false;
        }
        self.previous.keep(index);
        true
    }

    fn keeps_all(&self, folder: &Path, inputs: u64) -> bool {
        if !self.reusable {
            return false;
        }
        let group = self.previous.under(folder);
        let intact = |&index: &usize| {
            let entry = self.previous.get(index);
            let path = Path::new(entry.path);
            entry.inputs == inputs
                && self.folders.lead_to(path)
                && self.on_disk(path) == Some((entry.len, entry.modified))
        };
        if group.is_empty() || !group.iter().all(intact) {
            return false;
        }
        group.into_iter().for_each(|index| self.previous.keep(index));
        true
    }

    fn made(&self, path: PathBuf, inputs: u64, reads_site: bool) {
        lock(&self.made).push((path, inputs, reads_site));
    }

    fn made_every_time(&self, path: PathBuf) {
        lock(&self.made_every_time).push(path);
    }
}

/// What every page renders with, whether or not its template reads the site: the templates,
/// the theme strings and the configuration (through `url_for`, `trans` and filters).
pub(crate) fn theme_fingerprint(engine: &Engine, lookup: &Lookup) -> u64 {
    let mut hasher = FingerprintHasher::new();
    engine.fingerprint.hash(&mut hasher);
    format!("{:?}", lookup.site.config).hash(&mut hasher);
    hasher.finish()
}

/// Everything else outside a page's context that its template can read (what
/// `theme_fingerprint` covers aside, since a change there renders every page): every card,
/// term and URL of the site. With it, each card's hash, for page fingerprints.
pub(crate) fn site_fingerprint(lookup: &Lookup) -> (u64, Known) {
    let none = Known::new();
    let mut hasher = FingerprintHasher::new();
    hash_value(&lookup.site_value, &mut hasher, &none);
    let cards: Vec<(usize, u64)> = lookup.each_card(|card| {
        let mut hasher = FingerprintHasher::new();
        hash_value(card, &mut hasher, &none);
        (value_address(card), hasher.finish())
    });
    cards
        .iter()
        .map(|(_, hash)| hash)
        .for_each(|hash| hash.hash(&mut hasher));
    // A card made for the call is gone, and another value may take its address: only kept
    // cards are known by theirs.
    let known = match lookup.cards.kept() {
        Some(_) => cards.into_iter().filter(|(address, _)| *address != 0).collect(),
        None => Known::new(),
    };
    let mut languages: Vec<_> = lookup.terms.iter().collect();
    languages.sort_by_key(|(lang, _)| *lang);
    for (lang, taxonomies) in languages {
        lang.hash(&mut hasher);
        for (taxonomy, terms) in taxonomies {
            taxonomy.hash(&mut hasher);
            for term in &terms.in_order {
                hash_value(term, &mut hasher, &none);
            }
        }
    }
    lookup.site.urls.hash(&mut hasher);
    if let Some(images) = &lookup.images {
        images.fingerprint().hash(&mut hasher);
    }
    (hasher.finish(), known)
}

/// Notes that `serve` changes the output folder of the manifest's build: the manifest
/// still says which pages may be kept, but not every file in the folder, so the next
/// build reads every folder for stale files (and writes a manifest that lists them again).
#[cfg(feature = "serve")]
pub(crate) fn note_output_changed(root: &Path, output: &Path) -> std::io::Result<()> {
    let marker = changed_marker(&manifest_path(root, output));
    if marker.exists() || !marker.parent().is_some_and(Path::is_dir) {
        return Ok(());
    }
    fs::File::create(marker).map(drop)
}

/// `manifest-<hash>.changed` beside the manifest at `manifest`.
fn changed_marker(manifest: &Path) -> PathBuf {
    manifest.with_extension("changed")
}

/// `.gazette-cache/manifest-<hash of the output folder's path>.json`.
fn manifest_path(root: &Path, output: &Path) -> PathBuf {
    let mut hasher = FingerprintHasher::new();
    // Resolved, so `--root site` and `--root /abs/site` (or a symlink) find the same manifest.
    crate::write::output_dir::resolve(output).hash(&mut hasher);
    root.join(CACHE_DIR)
        .join(format!("manifest-{:016x}.json", hasher.finish()))
}

fn modified(metadata: &fs::Metadata) -> u128 {
    metadata
        .modified()
        .ok()
        .and_then(|t| t.duration_since(UNIX_EPOCH).ok())
        .map_or(0, |d| d.as_nanos())
}

fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

//! Pictures: every picture a page shows (in Markdown, in an `image` field, from a template)
//! is measured, and a raster one gets smaller copies in its own format and in WebP, made
//! once per build on whichever core first asks for it, and kept in a cache between builds.
//!
//! [`Images`] is shared by the threads that render: the first to ask for a picture makes
//! it while the others wait for that one picture. The copies a build used are published
//! beside their original (`photo.960w.3f2a1b9c.webp` next to `photo.jpg`), and the cache
//! keeps only those.

mod cache;
mod fields;
mod picture;
mod probe;
mod process;

pub use fields::{FieldPictures, UNREADABLE, field_pictures};
pub(crate) use picture::title_attribute;
pub use picture::{Copy, Picture, Words};

use std::collections::{BTreeSet, HashSet};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, OnceLock};

use cache::Cache;
use probe::{Format, Probed, probe};
use process::{Fit, Operation, Pixels, decode};

use crate::model::config::{ImageSettings, SiteConfig};
use crate::model::fast_hash::FastMap;
use crate::model::output::StaticFile;
use crate::model::permalink::encode_path;

/// Does the file name promise a picture gazette reads (JPEG, PNG, WebP, GIF, SVG)?
pub fn is_picture_name(name: &str) -> bool {
    Format::from_name(name).is_some()
}

type Slot<T> = Arc<OnceLock<Result<Arc<T>, String>>>;

/// How many pictures a build decoded, and how many copies it made or found.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ImageCounts {
    /// Originals decoded (none when every copy was in the cache).
    pub decoded: usize,
    /// Copies made and kept in the cache.
    pub made: usize,
    /// Copies found in the cache.
    pub reused: usize,
}

/// The pictures of one build.
pub struct Images {
    settings: ImageSettings,
    base_path: String,
    base_url: String,
    cache: Cache,
    /// URL path (`/news/x/photo.jpg`) → file, for every file the site publishes.
    sources: FastMap<String, PathBuf>,
    pictures: Mutex<FastMap<String, Slot<Picture>>>,
    copies: Mutex<FastMap<(String, Operation), Slot<Copy>>>,
    /// The copies to publish, and the cache files they come from.
    published: Mutex<Vec<StaticFile>>,
    /// What templates asked for, to ask again when their page is kept unrendered.
    requests: Mutex<BTreeSet<String>>,
    decoded: AtomicUsize,
    made: AtomicUsize,
    reused: AtomicUsize,
    /// When this build began: copies used since are kept by the sweep.
    started: std::time::SystemTime,
}

impl Images {
    /// The pictures among `statics` (the site's, the theme's and the bundles' files) of the
    /// site at `root`.
    pub fn new(root: &Path, config: &SiteConfig, statics: &[StaticFile]) -> Images {
        let sources = statics
            .iter()
            .filter(|file| is_picture_name(&file.path.to_string_lossy()))
            .map(|file| {
                (
                    format!("/{}", file.path.to_string_lossy().replace('\\', "/")),
                    file.source.clone(),
                )
            })
            .collect();
        Images {
            settings: config.images.clone(),
            base_path: config.base_path.clone(),
            base_url: config.base_url.clone(),
            cache: Cache::new(root),
            sources,
            pictures: Default::default(),
            copies: Default::default(),
            published: Default::default(),
            requests: Default::default(),
            decoded: AtomicUsize::new(0),
            made: AtomicUsize::new(0),
            reused: AtomicUsize::new(0),
            started: std::time::SystemTime::now(),
        }
    }

    /// The `sizes` of pictures in Markdown.
    pub fn sizes(&self) -> &str {
        &self.settings.sizes
    }

    /// Is `path` (a URL path without the base path) a picture this site publishes?
    pub fn is_picture(&self, path: &str) -> bool {
        self.sources.contains_key(path)
    }

    /// The picture at `path` with its responsive copies, made on first use.
    pub fn picture(&self, path: &str) -> Result<Arc<Picture>, String> {
        let slot = {
            let mut pictures = self.pictures.lock().unwrap_or_else(|p| p.into_inner());
            Arc::clone(pictures.entry(path.to_string()).or_default())
        };
        slot.get_or_init(|| self.make_picture(path).map(Arc::new)).clone()
    }

    /// A picture a template asked for: remembered, so a page kept unrendered by the next
    /// build still has its copies published.
    pub fn requested_picture(&self, path: &str) -> Result<Arc<Picture>, String> {
        let picture = self.picture(path)?;
        self.remember(format!("picture\t{path}"));
        Ok(picture)
    }

    /// One copy of the picture at `path`, as `resize_image` asks (`fit` one of
    /// [`Images::FITS`], `format` `auto` for the original's).
    pub fn resized(
        &self,
        path: &str,
        fit_name: &str,
        (width, height): (u32, u32),
        format_name: &str,
        quality: Option<u8>,
    ) -> Result<Arc<Copy>, String> {
        let fit = Fit::from_name(fit_name)
            .ok_or_else(|| format!("`{fit_name}` is not one of {}", Images::FITS.join(", ")))?;
        let source = self.source(path)?;
        let promised = Format::from_name(path).expect("sources are pictures");
        let format = match format_name {
            "auto" => promised,
            "jpg" | "jpeg" => Format::Jpeg,
            "png" => Format::Png,
            "webp" => Format::Webp,
            other => return Err(format!("`{other}` is not one of auto, jpg, png, webp")),
        };
        if !promised.is_resizable() {
            return Err(format!(
                "{path} is {}: only JPEG, PNG and WebP pictures are resized",
                promised.name()
            ));
        }
        let operation = Operation {
            fit,
            width,
            height,
            format,
            quality: quality.unwrap_or(self.settings.quality),
        };
        let slot = {
            let mut copies = self.copies.lock().unwrap_or_else(|p| p.into_inner());
            Arc::clone(copies.entry((path.to_string(), operation)).or_default())
        };
        let copy = slot
            .get_or_init(|| {
                let probed = probe(source, path)?;
                let mut made = self.make_copies(path, &probed, &[operation])?;
                Ok(Arc::new(made.remove(0)))
            })
            .clone()?;
        // As asked, so that the next build asks again in the same words.
        self.remember(format!(
            "resize\t{path}\t{fit_name}\t{width}\t{height}\t{format_name}\t{}",
            operation.quality
        ));
        Ok(copy)
    }

    /// The names `fit` takes in `resize_image`.
    pub const FITS: &'static [&'static str] = Fit::NAMES;

    /// Makes again what templates asked for in the last build, for the pages this build
    /// keeps without rendering them. A picture gone since is no longer asked for.
    pub fn replay_requests(&self) {
        for line in self.cache.requests() {
            let parts: Vec<&str> = line.split('\t').collect();
            match parts.as_slice() {
                ["picture", path] if self.is_picture(path) => {
                    let _ = self.requested_picture(path);
                }
                ["resize", path, fit, width, height, format, quality] if self.is_picture(path) => {
                    let size = (width.parse().unwrap_or(0), height.parse().unwrap_or(0));
                    let _ = self.resized(path, fit, size, format, quality.parse().ok());
                }
                _ => {}
            }
        }
    }

    /// The copies made or found for this build, to publish beside the static files.
    pub fn published(&self) -> Vec<StaticFile> {
        let mut files = self.published.lock().unwrap_or_else(|p| p.into_inner()).clone();
        files.sort_by(|a, b| a.path.cmp(&b.path));
        files.dedup_by(|a, b| a.path == b.path);
        files
    }

    /// After a build that rendered the whole site: the cache keeps only this build's copies
    /// and the template requests to make again.
    pub fn finish(&self) -> std::io::Result<()> {
        let used: HashSet<PathBuf> = self.published().into_iter().map(|f| f.source).collect();
        self.cache.sweep(&used, self.started)?;
        let requests: Vec<String> = self
            .requests
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .iter()
            .cloned()
            .collect();
        self.cache.save_requests(&requests)
    }

    /// Every picture's path, size and time of change, as one number: the pages a build
    /// keeps unrendered are those that do not show a picture changed since.
    pub fn fingerprint(&self) -> u64 {
        let mut pictures: Vec<(&String, &PathBuf)> = self.sources.iter().collect();
        pictures.sort();
        let mut described = String::new();
        for (path, file) in pictures {
            let stamp = std::fs::metadata(file).ok().map(|m| (m.len(), m.modified().ok()));
            described.push_str(&format!("{path} {stamp:?}\n"));
        }
        xxhash_rust::xxh3::xxh3_64(described.as_bytes())
    }

    /// What this build decoded and made.
    pub fn counts(&self) -> ImageCounts {
        ImageCounts {
            decoded: self.decoded.load(Ordering::Relaxed),
            made: self.made.load(Ordering::Relaxed),
            reused: self.reused.load(Ordering::Relaxed),
        }
    }

    fn remember(&self, request: String) {
        self.requests
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .insert(request);
    }

    fn source(&self, path: &str) -> Result<&PathBuf, String> {
        self.sources.get(path).ok_or_else(|| {
            format!("{path} is not a picture of this site (from static/, the theme or a page bundle)")
        })
    }

    fn make_picture(&self, path: &str) -> Result<Picture, String> {
        let probed = probe(self.source(path)?, path)?;
        let original = Copy {
            url: self.url(path),
            permalink: self.permalink(path),
            width: probed.width,
            height: probed.height,
            format: probed.format,
        };
        if !probed.format.is_resizable() {
            return Ok(Picture {
                original: original.url.clone(),
                fallback: vec![original],
                webp: Vec::new(),
            });
        }
        let widest = *self.settings.widths.last().expect("checked: at least one width");
        let mut widths: Vec<u32> = self
            .settings
            .widths
            .iter()
            .copied()
            .filter(|w| *w < probed.width)
            .collect();
        if probed.width <= widest {
            widths.push(probed.width);
        }
        let formats: &[Format] = match probed.format {
            Format::Webp => &[Format::Webp],
            Format::Jpeg => &[Format::Jpeg, Format::Webp],
            _ => &[Format::Png, Format::Webp],
        };
        let operations: Vec<Operation> = formats
            .iter()
            .flat_map(|format| {
                widths.iter().map(|width| Operation {
                    fit: Fit::Width,
                    width: *width,
                    height: 0,
                    format: *format,
                    quality: self.settings.quality,
                })
            })
            .collect();
        let copies = self.make_copies(path, &probed, &operations)?;
        let (fallback, webp) = copies.into_iter().partition(|c| c.format == probed.format);
        Ok(Picture {
            original: original.url,
            fallback,
            webp,
        })
    }

    /// The copies `operations` make of one original: from the cache, or made (the original
    /// decoded once for all of them) and kept there.
    fn make_copies(
        &self,
        path: &str,
        probed: &Probed,
        operations: &[Operation],
    ) -> Result<Vec<Copy>, String> {
        let mut pixels: Option<Pixels> = None;
        let mut copies = Vec::with_capacity(operations.len());
        for operation in operations {
            let key = Cache::key(probed.hash, operation);
            let file = self.cache.file(key, operation);
            let geometry = operation.geometry(probed.width, probed.height);
            if file.is_file() {
                self.cache.touch(&file);
                self.reused.fetch_add(1, Ordering::Relaxed);
            } else {
                if pixels.is_none() {
                    pixels = Some(Pixels::new(decode(&probed.bytes, probed.format)?));
                    self.decoded.fetch_add(1, Ordering::Relaxed);
                }
                let bytes = pixels
                    .as_ref()
                    .expect("decoded above")
                    .copy(operation, &geometry)?;
                self.cache
                    .store(&file, &bytes)
                    .map_err(|err| format!("its copy cannot be kept in {}: {err}", file.display()))?;
                self.made.fetch_add(1, Ordering::Relaxed);
            }
            let published = copy_path(path, key, operation, geometry.width, geometry.height);
            self.published
                .lock()
                .unwrap_or_else(|p| p.into_inner())
                .push(StaticFile {
                    path: PathBuf::from(published.trim_start_matches('/')),
                    source: file,
                });
            copies.push(Copy {
                url: self.url(&published),
                permalink: self.permalink(&published),
                width: geometry.width,
                height: geometry.height,
                format: operation.format,
            });
        }
        Ok(copies)
    }

    fn url(&self, path: &str) -> String {
        encode_path(&format!("{}{path}", self.base_path))
    }

    fn permalink(&self, path: &str) -> String {
        format!("{}{}", self.base_url, encode_path(path.trim_start_matches('/')))
    }
}

/// Where a copy is published: beside its original, named by its size and key, so a
/// changed original gets new names and no browser shows a stale copy.
/// `/news/x/photo.jpg` → `/news/x/photo.960w.3f2a1b9c.webp` (`.400x300.` when both sides
/// were asked for).
fn copy_path(original: &str, key: u64, operation: &Operation, width: u32, height: u32) -> String {
    let stem = original.rsplit_once('.').map_or(original, |(stem, _)| stem);
    let size = match operation.fit {
        Fit::Width => format!("{width}w"),
        _ => format!("{width}x{height}"),
    };
    format!("{stem}.{size}.{:08x}.{}", key >> 32, operation.format.extension())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_copy_is_named_after_its_original_size_and_key() {
        let op = Operation {
            fit: Fit::Width,
            width: 960,
            height: 0,
            format: Format::Webp,
            quality: 75,
        };
        assert_eq!(
            copy_path("/news/x/photo.jpg", 0x3f2a1b9c_00000000, &op, 960, 640),
            "/news/x/photo.960w.3f2a1b9c.webp"
        );
        let fill = Operation {
            fit: Fit::Fill,
            height: 300,
            ..op
        };
        assert_eq!(
            copy_path("/a.png", 0x1_00000000, &fill, 400, 300),
            "/a.400x300.00000001.webp"
        );
    }
}

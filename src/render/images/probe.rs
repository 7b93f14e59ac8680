//! What a picture file is, from its bytes rather than its name: its format, and its size
//! from the header alone (a rebuild that finds every copy in the cache decodes nothing).
//! Files too large, too many pixels, or not what their name says are refused here,
//! before anything is decoded.

use std::io::Cursor;
use std::path::Path;

use image::{ImageDecoder, ImageFormat, ImageReader, metadata::Orientation};

/// The largest picture file read: a photo straight from a camera is a few tens of MB.
pub(crate) const MAX_FILE_BYTES: u64 = 64 << 20;
/// The most pixels on a side, and in all, of a picture that is decoded: a 50,000 × 50,000
/// header (a "decompression bomb") would need 10 GB.
pub(crate) const MAX_SIDE: u32 = 16_384;
pub(crate) const MAX_PIXELS: u64 = 100_000_000;

/// The formats gazette reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum Format {
    Jpeg,
    Png,
    Webp,
    Gif,
    Svg,
}

impl Format {
    /// The format a file name promises, if it names a picture.
    pub(crate) fn from_name(name: &str) -> Option<Format> {
        let (_, extension) = name.rsplit_once('.')?;
        Some(match extension.to_ascii_lowercase().as_str() {
            "jpg" | "jpeg" => Format::Jpeg,
            "png" => Format::Png,
            "webp" => Format::Webp,
            "gif" => Format::Gif,
            "svg" => Format::Svg,
            _ => return None,
        })
    }

    pub(crate) fn extension(self) -> &'static str {
        match self {
            Format::Jpeg => "jpg",
            Format::Png => "png",
            Format::Webp => "webp",
            Format::Gif => "gif",
            Format::Svg => "svg",
        }
    }

    pub(crate) fn mime(self) -> &'static str {
        match self {
            Format::Jpeg => "image/jpeg",
            Format::Png => "image/png",
            Format::Webp => "image/webp",
            Format::Gif => "image/gif",
            Format::Svg => "image/svg+xml",
        }
    }

    pub(crate) fn name(self) -> &'static str {
        match self {
            Format::Jpeg => "JPEG",
            Format::Png => "PNG",
            Format::Webp => "WebP",
            Format::Gif => "GIF",
            Format::Svg => "SVG",
        }
    }

    /// Resized copies are made of these; a GIF may move and an SVG has no pixels.
    pub(crate) fn is_resizable(self) -> bool {
        matches!(self, Format::Jpeg | Format::Png | Format::Webp)
    }

    pub(crate) fn image_format(self) -> Option<ImageFormat> {
        match self {
            Format::Jpeg => Some(ImageFormat::Jpeg),
            Format::Png => Some(ImageFormat::Png),
            Format::Webp => Some(ImageFormat::WebP),
            Format::Gif => Some(ImageFormat::Gif),
            Format::Svg => None,
        }
    }
}

/// A picture file, read and measured.
pub(crate) struct Probed {
    pub(crate) bytes: Vec<u8>,
    /// Of the bytes: the cache's key for everything made from them.
    pub(crate) hash: u64,
    pub(crate) format: Format,
    /// As shown: a photo taken sideways (EXIF orientation) has its sides swapped.
    pub(crate) width: u32,
    pub(crate) height: u32,
}

/// Reads and measures the picture at `file` (`name` is its URL path, for the format its
/// name promises). The error says what is wrong in words an author can act on.
pub(crate) fn probe(file: &Path, name: &str) -> Result<Probed, String> {
    let metadata = std::fs::symlink_metadata(file).map_err(|err| format!("cannot read it: {err}"))?;
    if metadata.file_type().is_symlink() {
        return Err("it is a symbolic link; gazette reads no picture through a link".into());
    }
    if metadata.len() > MAX_FILE_BYTES {
        return Err(format!(
            "it is {:.1} MB; pictures of more than {} MB are not read",
            metadata.len() as f64 / 1e6,
            MAX_FILE_BYTES >> 20
        ));
    }
    let bytes = std::fs::read(file).map_err(|err| format!("cannot read it: {err}"))?;
    let hash = xxhash_rust::xxh3::xxh3_64(&bytes);
    let promised = Format::from_name(name).ok_or("it is not a JPEG, PNG, WebP, GIF or SVG file")?;
    let format = sniff(&bytes).ok_or_else(|| {
        format!(
            "it is not a {} file: its bytes are not a picture",
            promised.name()
        )
    })?;
    if format != promised {
        return Err(format!(
            "its name says {} but it is a {} file",
            promised.name(),
            format.name()
        ));
    }
    let (width, height) = match format {
        Format::Svg => svg_size(&bytes)?,
        _ => raster_size(&bytes, format)?,
    };
    if width == 0 || height == 0 {
        return Err("it has no pixels".into());
    }
    if format.is_resizable()
        && (width > MAX_SIDE || height > MAX_SIDE || u64::from(width) * u64::from(height) > MAX_PIXELS)
    {
        return Err(format!(
            "its header says {width} × {height} pixels; gazette reads pictures of at most {MAX_SIDE} pixels a side and {} megapixels",
            MAX_PIXELS / 1_000_000
        ));
    }
    Ok(Probed {
        bytes,
        hash,
        format,
        width,
        height,
    })
}

/// The format of the bytes, whatever the file is called.
fn sniff(bytes: &[u8]) -> Option<Format> {
    if let Ok(format) = image::guess_format(bytes) {
        return match format {
            ImageFormat::Jpeg => Some(Format::Jpeg),
            ImageFormat::Png => Some(Format::Png),
            ImageFormat::WebP => Some(Format::Webp),
            ImageFormat::Gif => Some(Format::Gif),
            _ => None,
        };
    }
    let text = std::str::from_utf8(&bytes[..bytes.len().min(4096)]).ok()?;
    let text = text.trim_start_matches('\u{feff}').trim_start();
    (text.starts_with('<') && text.contains("<svg")).then_some(Format::Svg)
}

/// Width and height from the header, turned as the EXIF orientation says.
fn raster_size(bytes: &[u8], format: Format) -> Result<(u32, u32), String> {
    let image_format = format.image_format().expect("a raster format");
    let unreadable = |err: image::ImageError| format!("its {} header cannot be read ({err})", format.name());
    let mut decoder = ImageReader::with_format(Cursor::new(bytes), image_format)
        .into_decoder()
        .map_err(unreadable)?;
    let (width, height) = decoder.dimensions();
    let turned = matches!(
        decoder.orientation().unwrap_or(Orientation::NoTransforms),
        Orientation::Rotate90
            | Orientation::Rotate270
            | Orientation::Rotate90FlipH
            | Orientation::Rotate270FlipH
    );
    Ok(if turned { (height, width) } else { (width, height) })
}

/// An SVG's size: its `width` and `height`, else its `viewBox`.
fn svg_size(bytes: &[u8]) -> Result<(u32, u32), String> {
    let tree = resvg::usvg::Tree::from_data(bytes, &resvg::usvg::Options::default())
        .map_err(|err| format!("it cannot be read as SVG ({err})"))?;
    let size = tree.size();
    Ok((size.width().round() as u32, size.height().round() as u32))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_format_comes_from_the_bytes_not_the_name() {
        let png = {
            let mut out = Vec::new();
            image::RgbImage::new(3, 2)
                .write_to(&mut Cursor::new(&mut out), ImageFormat::Png)
                .unwrap();
            out
        };
        assert_eq!(sniff(&png), Some(Format::Png));
        assert_eq!(raster_size(&png, Format::Png), Ok((3, 2)));
        assert_eq!(
            sniff(b"<?xml version=\"1.0\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\"/>"),
            Some(Format::Svg)
        );
        assert_eq!(sniff(b"hello"), None);
    }

    #[test]
    fn an_svg_measures_by_its_view_box() {
        let svg = br#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 32"><rect width="64" height="32"/></svg>"#;
        assert_eq!(svg_size(svg), Ok((64, 32)));
    }
}

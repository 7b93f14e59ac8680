//! Decoding a picture once and making its copies: resized (Lanczos, with SIMD), cropped,
//! and encoded as JPEG, PNG or lossy WebP.

use std::io::Cursor;

use fast_image_resize::images::Image;
use fast_image_resize::{FilterType, PixelType, ResizeAlg, ResizeOptions, Resizer};
use image::{DynamicImage, ImageDecoder, ImageReader, Limits};

use super::probe::{Format, MAX_SIDE};

/// How a copy is cut from its original.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum Fit {
    /// To the width, keeping the proportions (never wider than the original).
    Width,
    /// To the height, keeping the proportions.
    Height,
    /// Within width × height, keeping the proportions.
    Within,
    /// Covering width × height, then cut to it around the centre.
    Fill,
    /// Width × height cut from the centre, not resized.
    Crop,
    /// To width × height exactly, proportions or not.
    Scale,
}

impl Fit {
    pub(crate) const NAMES: &'static [&'static str] =
        &["fit_width", "fit_height", "fit", "fill", "crop", "scale"];

    pub(crate) fn from_name(name: &str) -> Option<Fit> {
        Some(match name {
            "fit_width" => Fit::Width,
            "fit_height" => Fit::Height,
            "fit" => Fit::Within,
            "fill" => Fit::Fill,
            "crop" => Fit::Crop,
            "scale" => Fit::Scale,
            _ => return None,
        })
    }
}

/// One copy to make: the key of the cache, with the source's hash.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) struct Operation {
    pub(crate) fit: Fit,
    pub(crate) width: u32,
    pub(crate) height: u32,
    pub(crate) format: Format,
    pub(crate) quality: u8,
}

/// Where a copy comes from in its original and how large it is.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Geometry {
    /// Left, top, width, height of the part of the original used.
    pub(crate) crop: (f64, f64, f64, f64),
    pub(crate) width: u32,
    pub(crate) height: u32,
}

impl Operation {
    /// The copy's part of a `width` × `height` original and its size. Copies are never
    /// larger than their original: a larger size asked for gives the original's.
    pub(crate) fn geometry(&self, width: u32, height: u32) -> Geometry {
        let (w, h) = (f64::from(width), f64::from(height));
        let whole = (0.0, 0.0, w, h);
        let sized = |tw: f64, th: f64| Geometry {
            crop: whole,
            width: (tw.round() as u32).clamp(1, width),
            height: (th.round() as u32).clamp(1, height),
        };
        let (want_w, want_h) = (f64::from(self.width.max(1)), f64::from(self.height.max(1)));
        match self.fit {
            Fit::Width => {
                let tw = want_w.min(w);
                sized(tw, h * tw / w)
            }
            Fit::Height => {
                let th = want_h.min(h);
                sized(w * th / h, th)
            }
            Fit::Within => {
                let scale = (want_w / w).min(want_h / h).min(1.0);
                sized(w * scale, h * scale)
            }
            Fit::Scale => sized(want_w.min(w), want_h.min(h)),
            Fit::Fill => {
                // The largest part of the original with the wanted proportions, centred.
                let ratio = want_w / want_h;
                let (cw, ch) = if w / h > ratio {
                    (h * ratio, h)
                } else {
                    (w, w / ratio)
                };
                let scale = (want_w / cw).min(1.0);
                Geometry {
                    crop: ((w - cw) / 2.0, (h - ch) / 2.0, cw, ch),
                    width: ((cw * scale).round() as u32).max(1),
                    height: ((ch * scale).round() as u32).max(1),
                }
            }
            Fit::Crop => {
                let (cw, ch) = (want_w.min(w), want_h.min(h));
                Geometry {
                    crop: ((w - cw) / 2.0, (h - ch) / 2.0, cw, ch),
                    width: cw as u32,
                    height: ch as u32,
                }
            }
        }
    }
}

/// Decodes a picture (turned upright as its EXIF orientation says), within limits that
/// stop a header lying about its size from taking the machine's memory.
pub(crate) fn decode(bytes: &[u8], format: Format) -> Result<DynamicImage, String> {
    let image_format = format.image_format().ok_or("an SVG has no pixels to resize")?;
    let mut reader = ImageReader::with_format(Cursor::new(bytes), image_format);
    let mut limits = Limits::default();
    limits.max_image_width = Some(MAX_SIDE);
    limits.max_image_height = Some(MAX_SIDE);
    limits.max_alloc = Some(1 << 30);
    reader.limits(limits);
    let broken = |err: image::ImageError| format!("it cannot be decoded as {} ({err})", format.name());
    let mut decoder = reader.into_decoder().map_err(broken)?;
    let orientation = decoder
        .orientation()
        .unwrap_or(image::metadata::Orientation::NoTransforms);
    let mut decoded = DynamicImage::from_decoder(decoder).map_err(broken)?;
    decoded.apply_orientation(orientation);
    Ok(decoded)
}

/// Pixels ready to resize: RGB, or RGBA when the picture has transparency.
pub(crate) struct Pixels {
    image: Image<'static>,
    alpha: bool,
}

impl Pixels {
    pub(crate) fn new(decoded: DynamicImage) -> Pixels {
        let (width, height) = (decoded.width(), decoded.height());
        let alpha = decoded.color().has_alpha();
        let (buffer, pixel_type) = match alpha {
            true => (decoded.into_rgba8().into_raw(), PixelType::U8x4),
            false => (decoded.into_rgb8().into_raw(), PixelType::U8x3),
        };
        let image =
            Image::from_vec_u8(width, height, buffer, pixel_type).expect("a buffer of width × height pixels");
        Pixels { image, alpha }
    }

    /// Makes one copy: resized as `geometry` says, encoded as `operation` says.
    pub(crate) fn copy(&self, operation: &Operation, geometry: &Geometry) -> Result<Vec<u8>, String> {
        let pixel_type = self.image.pixel_type();
        let mut resized = Image::new(geometry.width, geometry.height, pixel_type);
        let (left, top, width, height) = geometry.crop;
        let options = ResizeOptions::new()
            .resize_alg(ResizeAlg::Convolution(FilterType::Lanczos3))
            .crop(left, top, width, height);
        Resizer::new()
            .resize(&self.image, &mut resized, &options)
            .map_err(|err| format!("it cannot be resized ({err})"))?;
        encode(
            resized.buffer(),
            geometry.width,
            geometry.height,
            self.alpha,
            operation,
        )
    }
}

/// Encodes pixels; JPEG drops transparency (there is none in a JPEG original).
fn encode(
    pixels: &[u8],
    width: u32,
    height: u32,
    alpha: bool,
    operation: &Operation,
) -> Result<Vec<u8>, String> {
    let quality = operation.quality.clamp(1, 100);
    let mut out = Vec::new();
    let failed = |err: image::ImageError| format!("its copy cannot be encoded ({err})");
    match operation.format {
        Format::Webp => {
            let encoder = match alpha {
                true => webp::Encoder::from_rgba(pixels, width, height),
                false => webp::Encoder::from_rgb(pixels, width, height),
            };
            let encoded = encoder
                .encode_simple(false, f32::from(quality))
                .map_err(|err| format!("its WebP copy cannot be encoded ({err:?})"))?;
            out.extend_from_slice(&encoded);
        }
        Format::Jpeg => {
            let rgb;
            let pixels = match alpha {
                true => {
                    rgb = pixels
                        .chunks_exact(4)
                        .flat_map(|p| [p[0], p[1], p[2]])
                        .collect::<Vec<u8>>();
                    &rgb
                }
                false => pixels,
            };
            image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, quality)
                .encode(pixels, width, height, image::ExtendedColorType::Rgb8)
                .map_err(failed)?;
        }
        Format::Png => {
            use image::ImageEncoder;
            let color = if alpha {
                image::ExtendedColorType::Rgba8
            } else {
                image::ExtendedColorType::Rgb8
            };
            image::codecs::png::PngEncoder::new(&mut out)
                .write_image(pixels, width, height, color)
                .map_err(failed)?;
        }
        Format::Gif | Format::Svg => {
            return Err(format!("no copies are made as {}", operation.format.name()));
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn operation(fit: Fit, width: u32, height: u32) -> Operation {
        Operation {
            fit,
            width,
            height,
            format: Format::Jpeg,
            quality: 75,
        }
    }

    #[test]
    fn copies_keep_proportions_and_are_never_larger_than_the_original() {
        let g = operation(Fit::Width, 960, 0).geometry(3000, 2000);
        assert_eq!((g.width, g.height), (960, 640));
        let g = operation(Fit::Width, 1600, 0).geometry(800, 600);
        assert_eq!((g.width, g.height), (800, 600));
        let g = operation(Fit::Within, 500, 500).geometry(3000, 2000);
        assert_eq!((g.width, g.height), (500, 333));
        let g = operation(Fit::Height, 0, 100).geometry(3000, 2000);
        assert_eq!((g.width, g.height), (150, 100));
    }

    #[test]
    fn fill_cuts_the_centre_to_the_wanted_proportions() {
        let g = operation(Fit::Fill, 400, 400).geometry(3000, 2000);
        assert_eq!((g.width, g.height), (400, 400));
        assert_eq!(g.crop, (500.0, 0.0, 2000.0, 2000.0));
        let g = operation(Fit::Crop, 100, 50).geometry(300, 200);
        assert_eq!((g.width, g.height, g.crop), (100, 50, (100.0, 75.0, 100.0, 50.0)));
    }

    #[test]
    fn a_copy_is_encoded_in_the_format_asked_for() {
        let decoded = DynamicImage::ImageRgb8(image::RgbImage::from_fn(64, 32, |x, y| {
            image::Rgb([x as u8 * 4, y as u8 * 8, 128])
        }));
        let pixels = Pixels::new(decoded);
        for format in [Format::Jpeg, Format::Png, Format::Webp] {
            let op = Operation {
                format,
                ..operation(Fit::Width, 16, 0)
            };
            let bytes = pixels.copy(&op, &op.geometry(64, 32)).unwrap();
            let back = image::load_from_memory(&bytes).unwrap();
            assert_eq!((back.width(), back.height()), (16, 8), "{format:?}");
            assert_eq!(
                image::guess_format(&bytes).unwrap(),
                format.image_format().unwrap()
            );
        }
    }
}

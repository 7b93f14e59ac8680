//! The favicons, made from the site's logo (`logo:` in `site.yaml`, an SVG or a PNG among
//! its static files): `/favicon.ico` (16, 32 and 48 px) for browsers that ask for it
//! unbidden, a 32 px PNG, and a 180 px `apple-touch-icon.png` on white (iOS fills
//! transparency with black). An SVG logo is also linked as the icon itself. Without a logo
//! there are none, and a site's own `static/favicon.ico` always wins over the made one.

use resvg::{tiny_skia, usvg};

use crate::diagnostics::Diagnostic;
use crate::model::config::SiteConfig;
use crate::model::page::Icon;

/// A logo file larger than this is no logo (and might be a decompression bomb's carrier).
const MAX_LOGO_BYTES: u64 = 5 * 1024 * 1024;
/// A PNG logo with a side longer than this is refused before it is decoded.
const MAX_LOGO_SIDE: u32 = 4096;

impl Icon {
    /// Every icon made from a logo, in the order the head links them.
    pub const ALL: [Icon; 3] = [Icon::Ico, Icon::Png32, Icon::AppleTouch];

    /// The URL path of the icon (without the base path).
    pub fn url_path(self) -> &'static str {
        match self {
            Icon::Ico => "/favicon.ico",
            Icon::Png32 => "/favicon-32x32.png",
            Icon::AppleTouch => "/apple-touch-icon.png",
        }
    }
}

/// The logo's static file, read and decoded, or why it cannot be.
pub(crate) struct Logo {
    kind: LogoKind,
}

enum LogoKind {
    Svg(Box<usvg::Tree>),
    Png(tiny_skia::Pixmap),
}

impl Logo {
    /// Reads and decodes the logo the load stage found (`config.logo_file`); an error
    /// names the file.
    pub(crate) fn load(config: &SiteConfig) -> Result<Option<Logo>, Box<Diagnostic>> {
        let Some(source) = &config.logo_file else {
            return Ok(None);
        };
        let wanted = source.as_path();
        let problem = |why: String| {
            Box::new(
                Diagnostic::error(source, format!("cannot make the favicons from the logo: {why}"))
                    .with_hint("save the logo as a plain SVG, or as a PNG of at most 4096 × 4096 pixels"),
            )
        };
        let size = std::fs::metadata(source)
            .map_err(|e| problem(e.to_string()))?
            .len();
        if size > MAX_LOGO_BYTES {
            return Err(problem(format!("it is {size} bytes; a logo is at most 5 MB")));
        }
        let bytes = std::fs::read(source).map_err(|e| problem(e.to_string()))?;
        let kind = if wanted.extension().is_some_and(|e| e.eq_ignore_ascii_case("svg")) {
            let tree = usvg::Tree::from_data(&bytes, &usvg::Options::default())
                .map_err(|e| problem(e.to_string()))?;
            LogoKind::Svg(Box::new(tree))
        } else {
            let (width, height) = png_size(&bytes).ok_or_else(|| problem("it is not a PNG file".into()))?;
            if width > MAX_LOGO_SIDE || height > MAX_LOGO_SIDE || width == 0 || height == 0 {
                return Err(problem(format!("it is {width} × {height} pixels")));
            }
            LogoKind::Png(tiny_skia::Pixmap::decode_png(&bytes).map_err(|e| problem(e.to_string()))?)
        };
        Ok(Some(Logo { kind }))
    }

    /// The bytes of `icon`.
    pub(crate) fn icon(&self, icon: Icon) -> Vec<u8> {
        match icon {
            Icon::Ico => ico(&[16, 32, 48].map(|side| self.square(side, None))),
            Icon::Png32 => png(&self.square(32, None)),
            Icon::AppleTouch => png(&self.square(180, Some(tiny_skia::Color::WHITE))),
        }
    }

    /// The logo fitted and centred in a `side` × `side` square, on `background` if any.
    fn square(&self, side: u32, background: Option<tiny_skia::Color>) -> tiny_skia::Pixmap {
        let mut pixmap = tiny_skia::Pixmap::new(side, side).expect("an icon's side is not 0");
        if let Some(color) = background {
            pixmap.fill(color);
        }
        let (width, height) = match &self.kind {
            LogoKind::Svg(tree) => (tree.size().width(), tree.size().height()),
            LogoKind::Png(image) => (image.width() as f32, image.height() as f32),
        };
        let scale = side as f32 / width.max(height);
        let (dx, dy) = (
            (side as f32 - width * scale) / 2.0,
            (side as f32 - height * scale) / 2.0,
        );
        let transform = tiny_skia::Transform::from_scale(scale, scale).post_translate(dx, dy);
        match &self.kind {
            LogoKind::Svg(tree) => resvg::render(tree, transform, &mut pixmap.as_mut()),
            LogoKind::Png(image) => {
                let paint = tiny_skia::PixmapPaint {
                    quality: tiny_skia::FilterQuality::Bicubic,
                    ..tiny_skia::PixmapPaint::default()
                };
                pixmap.draw_pixmap(0, 0, image.as_ref(), &paint, transform, None);
            }
        }
        pixmap
    }
}

/// The width and height a PNG's header gives, read before anything is decoded.
fn png_size(bytes: &[u8]) -> Option<(u32, u32)> {
    const SIGNATURE: &[u8] = b"\x89PNG\r\n\x1a\n";
    if bytes.len() < 24 || !bytes.starts_with(SIGNATURE) || &bytes[12..16] != b"IHDR" {
        return None;
    }
    let number = |at: usize| u32::from_be_bytes([bytes[at], bytes[at + 1], bytes[at + 2], bytes[at + 3]]);
    Some((number(16), number(20)))
}

fn png(pixmap: &tiny_skia::Pixmap) -> Vec<u8> {
    pixmap.encode_png().expect("a pixmap made here encodes")
}

/// An ICO file holding each pixmap as a PNG image.
fn ico(pixmaps: &[tiny_skia::Pixmap]) -> Vec<u8> {
    let mut dir = ico::IconDir::new(ico::ResourceType::Icon);
    for pixmap in pixmaps {
        // tiny-skia keeps premultiplied colour; ICO wants it straight.
        let rgba: Vec<u8> = pixmap
            .pixels()
            .iter()
            .flat_map(|p| {
                let c = p.demultiply();
                [c.red(), c.green(), c.blue(), c.alpha()]
            })
            .collect();
        let image = ico::IconImage::from_rgba_data(pixmap.width(), pixmap.height(), rgba);
        dir.add_entry(ico::IconDirEntry::encode_as_png(&image).expect("an icon made here encodes"));
    }
    let mut bytes = Vec::new();
    dir.write(&mut bytes).expect("writing to memory cannot fail");
    bytes
}

#[cfg(test)]
mod tests {
    use super::*;

    const SVG: &str = r##"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 20 10"><rect width="20" height="10" fill="#c00"/></svg>"##;

    fn logo(svg: &str) -> Logo {
        let tree = usvg::Tree::from_data(svg.as_bytes(), &usvg::Options::default()).unwrap();
        Logo {
            kind: LogoKind::Svg(Box::new(tree)),
        }
    }

    #[test]
    fn icons_are_squares_of_their_size_with_the_logo_centred() {
        let logo = logo(SVG);
        let png32 = tiny_skia::Pixmap::decode_png(&logo.icon(Icon::Png32)).unwrap();
        assert_eq!((png32.width(), png32.height()), (32, 32));
        // A 2:1 logo fills the middle half: transparent above, red across the middle.
        assert_eq!(png32.pixel(16, 2).unwrap().alpha(), 0);
        let middle = png32.pixel(16, 16).unwrap().demultiply();
        assert_eq!((middle.red(), middle.alpha()), (0xcc, 255));
        let touch = tiny_skia::Pixmap::decode_png(&logo.icon(Icon::AppleTouch)).unwrap();
        assert_eq!(touch.width(), 180);
        assert_eq!(touch.pixel(90, 5).unwrap().demultiply().red(), 255, "on white");
        let ico = ico::IconDir::read(std::io::Cursor::new(logo.icon(Icon::Ico))).unwrap();
        let sides: Vec<u32> = ico.entries().iter().map(|e| e.width()).collect();
        assert_eq!(sides, [16, 32, 48]);
    }

    #[test]
    fn a_png_header_gives_its_size_and_anything_else_none() {
        let logo = logo(SVG);
        assert_eq!(png_size(&logo.icon(Icon::Png32)), Some((32, 32)));
        assert_eq!(png_size(b"GIF89a............................"), None);
        assert_eq!(png_size(b"\x89PNG"), None);
    }
}

//! Pictures: copies in the original's format and in WebP with their sizes, figures, the
//! `image` field, `resize_image`, the cache, and every kind of bad picture.

use std::io::Cursor;

use crate::support::{Site, assert_same_tree};

/// A JPEG `width` × `height` of smooth colour, as a camera's would be.
fn jpeg(width: u32, height: u32) -> Vec<u8> {
    let pixels = image::RgbImage::from_fn(width, height, |x, y| {
        image::Rgb([(x * 255 / width) as u8, (y * 255 / height) as u8, 120])
    });
    let mut out = Vec::new();
    pixels
        .write_to(&mut Cursor::new(&mut out), image::ImageFormat::Jpeg)
        .unwrap();
    out
}

fn png(width: u32, height: u32) -> Vec<u8> {
    let mut out = Vec::new();
    image::RgbaImage::from_pixel(width, height, image::Rgba([10, 90, 160, 200]))
        .write_to(&mut Cursor::new(&mut out), image::ImageFormat::Png)
        .unwrap();
    out
}

/// The size of a published picture, read back.
fn size_of(site: &Site, path: &str) -> (u32, u32) {
    let bytes = std::fs::read(site.output_dir().join(path)).unwrap_or_else(|e| panic!("{path}: {e}"));
    let decoded = image::load_from_memory(&bytes).unwrap();
    (decoded.width(), decoded.height())
}

/// The first `attribute="…"` in `html` after `from`.
fn attribute<'a>(html: &'a str, from: &str, attribute: &str) -> &'a str {
    let start = html.find(from).unwrap_or_else(|| panic!("no {from} in {html}"));
    let rest = &html[start..];
    let at = rest.find(&format!(" {attribute}=\"")).unwrap() + attribute.len() + 3;
    &rest[at..at + rest[at..].find('"').unwrap()]
}

/// The fixture with a news bundle showing a 2000 × 1000 photo, with an `image` field.
fn with_photo() -> Site {
    let site = Site::new("multilingual");
    let config = site.read("site.yaml").replace(
        "      date: { type: date, required: true }\n",
        "      date: { type: date, required: true }\n      image: { type: image }\n      image_alt: { type: string }\n      image_credit: { type: string }\n",
    );
    site.write("site.yaml", config);
    site.write(
        "content/news/2023/boat/index.md",
        "---\ntitle: The boat arrives\ndate: 2023-05-02\nimage: photo.jpg\nimage_alt: The boat at the quay\nimage_credit: \"Photo: Ana Ruiz\"\n---\n\nIt came in at dawn.\n\n![The boat at the quay](photo.jpg \"At dawn | Photo: Ana Ruiz\")\n\nA map ![the route](/images/route.png \"The route\") inline, and ![The hull](hull.jpg).\n",
    );
    site.write(
        "content/news/2023/boat/index.zh-Hans.md",
        "---\ntitle: 船到了\n---\n\n黎明时分进港。\n",
    );
    site.write("content/news/2023/boat/photo.jpg", jpeg(2000, 1000));
    site.write("content/news/2023/boat/hull.jpg", jpeg(300, 200));
    site.write("static/images/route.png", png(700, 350));
    site
}

#[test]
fn a_photo_gets_copies_in_its_format_and_webp_with_srcset_sizes_width_and_height() {
    let site = with_photo();
    let run = site.build(&[]).expect(0);
    assert!(!run.stderr.contains("warning"), "{}", run.stderr);
    let page = site.output("news/2023/boat/index.html");
    let webp = attribute(&page, "<source type=\"image/webp\"", "srcset");
    let widths: Vec<&str> = webp.split(", ").map(|c| c.rsplit(' ').next().unwrap()).collect();
    assert_eq!(widths, ["480w", "960w", "1600w"], "{webp}");
    for candidate in webp.split(", ") {
        let (url, width) = candidate.split_once(' ').unwrap();
        assert!(
            url.starts_with("/news/2023/boat/photo.") && url.ends_with(".webp"),
            "{url}"
        );
        let width: u32 = width.trim_end_matches('w').parse().unwrap();
        assert_eq!(size_of(&site, url.trim_start_matches('/')), (width, width / 2));
    }
    let img = &page[page.find("<img src=\"/news/2023/boat/photo.").unwrap()..];
    let src = attribute(img, "<img", "src");
    assert!(src.ends_with(".jpg") && src.contains(".1600w."), "{src}");
    assert_eq!(size_of(&site, src.trim_start_matches('/')), (1600, 800));
    assert_eq!(attribute(img, "<img", "width"), "1600");
    assert_eq!(attribute(img, "<img", "height"), "800");
    assert_eq!(attribute(img, "<img", "sizes"), "(min-width: 50rem) 46rem, 100vw");
    assert_eq!(attribute(img, "<img", "srcset").matches(".jpg ").count(), 3);
    // The first picture of the page loads at once; the later ones as they are reached.
    assert!(!img[..img.find('>').unwrap()].contains("loading="), "{img}");
    assert!(
        page.contains(r#"alt="The hull" loading="lazy" decoding="async""#),
        "{page}"
    );
}

#[test]
fn no_copy_is_wider_than_its_original() {
    let site = with_photo();
    site.build(&[]).expect(0);
    let page = site.output("news/2023/boat/index.html");
    let route = attribute(
        &page,
        "<source type=\"image/webp\" srcset=\"/images/route.",
        "srcset",
    );
    let widths: Vec<&str> = route.split(", ").map(|c| c.rsplit(' ').next().unwrap()).collect();
    assert_eq!(widths, ["480w", "700w"], "{route}");
    let hull = &page[page.find("/news/2023/boat/hull.").unwrap() - 60..];
    let hull_set = attribute(hull, "<source", "srcset");
    assert_eq!(
        hull_set.matches(", ").count(),
        0,
        "one copy at 300 px: {hull_set}"
    );
    assert!(hull_set.ends_with(" 300w"), "{hull_set}");
    // A PNG keeps its transparency: its copies are PNG and WebP.
    let png = attribute(&page, "<img src=\"/images/route.", "src");
    assert!(png.ends_with(".700w.") || png.ends_with(".png"), "{png}");
    let bytes = std::fs::read(site.output_dir().join(png.trim_start_matches('/'))).unwrap();
    assert!(image::load_from_memory(&bytes).unwrap().color().has_alpha());
}

#[test]
fn a_titled_picture_alone_is_a_figure_with_its_caption_and_credit() {
    let site = with_photo();
    site.build(&[]).expect(0);
    let page = site.output("news/2023/boat/index.html");
    let figure = &page[page.find("<figure>").expect("a figure")..page.find("</figure>").unwrap()];
    assert!(
        figure.ends_with(r#"<figcaption>At dawn <small class="credit">Photo: Ana Ruiz</small></figcaption>"#),
        "{figure}"
    );
    assert!(
        !figure.contains("title="),
        "the caption is not repeated: {figure}"
    );
    // A picture inside a line of text keeps its title as a tooltip.
    assert!(page.contains(r#"alt="the route" title="The route""#), "{page}");
    assert_eq!(page.matches("<figure>").count(), 1);
    // Every page shows it valid: no figure inside a paragraph.
    assert!(!page.contains("<p><figure>"), "{page}");
}

#[test]
fn the_image_field_gives_templates_the_picture_with_its_copies_and_words() {
    let site = with_photo();
    site.write(
        "templates/news.html",
        "{% if page.fields.image is defined %}{% set img = page.fields.image %}{{ img.url }}|{{ img.width }}x{{ img.height }}|{{ img.alt }}|{{ img.credit }}|{{ img.type }}|{{ img.original }}|{{ img.variants | length }}|{{ img.permalink }}\n{{ img.webp_srcset }}{% endif %}",
    );
    site.build(&[]).expect(0);
    let page = site.output("news/2023/boat/index.html");
    let (first, webp) = page.split_once('\n').unwrap();
    let parts: Vec<&str> = first.split('|').collect();
    assert!(
        parts[0].starts_with("/news/2023/boat/photo.1600w.") && parts[0].ends_with(".jpg"),
        "{first}"
    );
    assert_eq!(
        &parts[1..7],
        [
            "1600x800",
            "The boat at the quay",
            "Photo: Ana Ruiz",
            "image/jpeg",
            "/news/2023/boat/photo.jpg",
            "6"
        ]
    );
    assert_eq!(parts[7], format!("https://example.org{}", parts[0]));
    assert_eq!(webp.matches(".webp ").count(), 3, "{webp}");
    // The translation shows the same picture, with the title as its alt text where it sets none.
    let zh = site.output("zh/news/2023/boat/index.html");
    assert!(zh.starts_with(parts[0]), "{zh}");
}

#[test]
fn an_image_field_names_a_picture_that_exists_beside_the_page_or_in_static() {
    let site = with_photo();
    site.write(
        "content/news/2023/lab-opens.md",
        "---\ntitle: The lab opens\ndate: 2023-03-06\nimage: /images/missing.jpg\n---\n\nText.\n",
    );
    site.write(
        "content/news/2023/university-backs-lab.md",
        "---\ntitle: The university backs the lab\ndate: 2023-03-07\nimage: photo.jpg\n---\n\nText.\n",
    );
    let run = site.build(&[]).expect(1);
    let out = run.diagnostics();
    assert!(
        out.contains("content/news/2023/lab-opens.md:4:1")
            && out.contains("the picture `/images/missing.jpg` of `image`: there is no such file")
            && out.contains("put the file at static/images/missing.jpg"),
        "{out}"
    );
    assert!(
        out.contains("content/news/2023/university-backs-lab.md:4:1")
            && out.contains("this item is a single file"),
        "{out}"
    );
}

#[test]
fn resize_image_makes_the_copy_a_template_asks_for() {
    let site = with_photo();
    site.write(
        "templates/news.html",
        r#"{% set thumb = resize_image(path="/images/route.png", width=100, height=100, op="fill", format="webp") %}{{ thumb.url }} {{ thumb.width }}x{{ thumb.height }} {{ thumb.type }}
{% set fit = resize_image(path="images/route.png", width=200, height=200, op="fit") %}{{ fit.url }} {{ fit.width }}x{{ fit.height }}"#,
    );
    site.build(&[]).expect(0);
    let page = site.output("news/2023/boat/index.html");
    let lines: Vec<Vec<&str>> = page.lines().map(|l| l.split(' ').collect()).collect();
    assert_eq!(&lines[0][1..], ["100x100", "image/webp"], "{page}");
    assert_eq!(size_of(&site, lines[0][0].trim_start_matches('/')), (100, 100));
    assert_eq!(lines[1][1], "200x100", "{page}");
    assert_eq!(size_of(&site, lines[1][0].trim_start_matches('/')), (200, 100));
    site.write(
        "templates/news.html",
        r#"{% set r = resize_image(path="/images/route.png", width=10, op="stretch") %}{{ r.url }}"#,
    );
    let run = site.build(&[]).expect(1);
    assert!(
        run.stderr
            .contains("`stretch` is not one of fit_width, fit_height, fit, fill, crop, scale"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_rebuild_with_no_picture_changed_decodes_nothing_and_unused_copies_leave_the_cache() {
    let site = with_photo();
    let first = site.build(&[]).expect(0);
    assert!(
        first
            .stdout
            .contains("Pictures: 3 decoded, 12 copies made, 0 from the cache."),
        "{}",
        first.stdout
    );
    let second = site.build(&[]).expect(0);
    assert!(
        second
            .stdout
            .contains("Pictures: 0 decoded, 0 copies made, 12 from the cache."),
        "{}",
        second.stdout
    );
    let cache = site.root().join(".gazette-cache/images");
    let kept = |ext: &str| {
        std::fs::read_dir(&cache)
            .unwrap()
            .filter(|e| e.as_ref().unwrap().path().extension().is_some_and(|x| x == ext))
            .count()
    };
    assert_eq!(kept("webp") + kept("jpg") + kept("png"), 12);
    // Without the hull picture its two copies leave the cache and the output folder.
    let page = site
        .read("content/news/2023/boat/index.md")
        .replace(", and ![The hull](hull.jpg)", "");
    site.write("content/news/2023/boat/index.md", page);
    let third = site.build(&[]).expect(0);
    assert!(
        third
            .stdout
            .contains("Pictures: 0 decoded, 0 copies made, 10 from the cache."),
        "{}",
        third.stdout
    );
    assert_eq!(kept("webp") + kept("jpg") + kept("png"), 10);
    let published: Vec<String> = std::fs::read_dir(site.output_dir().join("news/2023/boat"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| name.starts_with("hull."))
        .collect();
    assert_eq!(
        published,
        ["hull.jpg"],
        "the original is a file of the bundle; its copies are gone"
    );
    // A changed photo gets new copies under new names.
    let before = site.output("news/2023/boat/index.html");
    site.write("content/news/2023/boat/photo.jpg", jpeg(1800, 1200));
    let fourth = site.build(&[]).expect(0);
    assert!(
        fourth
            .stdout
            .contains("Pictures: 1 decoded, 6 copies made, 4 from the cache."),
        "{}",
        fourth.stdout
    );
    let after = site.output("news/2023/boat/index.html");
    assert_ne!(
        attribute(&before, "<img", "src"),
        attribute(&after, "<img", "src")
    );
    assert_eq!(attribute(&after, "<img", "height"), "1067");
}

#[test]
fn a_picture_without_alt_text_is_a_warning_at_its_line() {
    let site = with_photo();
    site.write(
        "content/news/2023/boat/index.md",
        "---\ntitle: The boat arrives\ndate: 2023-05-02\n---\n\nText.\n\n![](photo.jpg)\n",
    );
    let run = site.build(&[]).expect(0);
    let out = run.diagnostics();
    assert!(
        out.contains("warning: the picture `photo.jpg` has no alt text")
            && out.contains("content/news/2023/boat/index.md:8:5"),
        "{out}"
    );
}

/// A PNG header that claims 50,000 × 50,000 pixels and holds none.
fn bomb() -> Vec<u8> {
    let mut png = b"\x89PNG\r\n\x1a\n\0\0\0\x0dIHDR".to_vec();
    png.extend(50_000u32.to_be_bytes());
    png.extend(50_000u32.to_be_bytes());
    png.extend([8, 6, 0, 0, 0]);
    png.extend(crc32(&png[12..]).to_be_bytes());
    // An empty IDAT and the end: a whole file, apart from its pixels.
    png.extend(b"\0\0\0\0IDAT");
    png.extend(crc32(b"IDAT").to_be_bytes());
    png.extend(b"\0\0\0\0IEND");
    png.extend(crc32(b"IEND").to_be_bytes());
    png
}

fn crc32(bytes: &[u8]) -> u32 {
    let mut crc = !0u32;
    for byte in bytes {
        crc ^= u32::from(*byte);
        for _ in 0..8 {
            crc = if crc & 1 == 1 {
                (crc >> 1) ^ 0xEDB8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}

#[test]
fn every_bad_picture_is_an_error_naming_its_file_and_line_and_nothing_is_written() {
    let site = with_photo();
    site.build(&[]).expect(0);
    let before = site.output_state();
    let bundle = "content/news/2023/boat";
    site.write(
        &format!("{bundle}/cut.jpg"),
        b"\xff\xd8\xff\xe0 and then no more JPEG",
    );
    site.write(&format!("{bundle}/text.jpg"), "just some text");
    site.write(&format!("{bundle}/lies.jpg"), png(20, 20));
    site.write(&format!("{bundle}/bomb.png"), bomb());
    let huge = std::fs::File::create(site.root().join(bundle).join("huge.jpg")).unwrap();
    huge.set_len(1 << 30).unwrap();
    let outside = site.parent().join("outside.jpg");
    std::fs::write(&outside, jpeg(10, 10)).unwrap();
    std::os::unix::fs::symlink(&outside, site.root().join(bundle).join("linked.jpg")).unwrap();
    site.write(
        &format!("{bundle}/index.md"),
        "---\ntitle: The boat arrives\ndate: 2023-05-02\n---\n\n![a](missing.jpg)\n\n![b](cut.jpg)\n\n![c](text.jpg)\n\n![d](lies.jpg)\n\n![e](bomb.png)\n\n![f](huge.jpg)\n\n![g](linked.jpg)\n",
    );
    let started = std::time::Instant::now();
    let run = site.build(&[]).expect(1);
    assert!(started.elapsed() < std::time::Duration::from_secs(60));
    let out = run.diagnostics();
    let expected = [
        (
            "6:6",
            "the link target `missing.jpg` is not a file beside this page's index.md",
        ),
        ("8:6", "its JPEG header cannot be read"),
        ("10:6", "it is not a JPEG file: its bytes are not a picture"),
        ("12:6", "its name says JPEG but it is a PNG file"),
        ("14:6", "its header says 50000 × 50000 pixels"),
        (
            "16:6",
            "it is 1073.7 MB; pictures of more than 64 MB are not read",
        ),
        (
            "18:6",
            "the link target `linked.jpg` is not a file beside this page's index.md",
        ),
    ];
    for (place, message) in expected {
        assert!(
            out.contains(&format!("{bundle}/index.md:{place}")) && out.contains(message),
            "{place} {message}:\n{out}"
        );
    }
    assert!(out.contains("skipped a symbolic link"), "{out}");
    assert_same_tree(&before, &site.output_state());
}

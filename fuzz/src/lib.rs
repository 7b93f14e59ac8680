//! The fuzz targets of gazette: every entry point where author text is parsed or
//! becomes a path. Each function takes arbitrary bytes and panics only when a property is
//! broken, so any crash is a bug; a crash found becomes a case in
//! `tests/testsuite/hostile.rs` (`regressions`).
//!
//! `run_stable` drives a target without libFuzzer, for toolchains where cargo-fuzz cannot
//! run (it needs nightly): seeds, then random mutations (byte flips, inserted tokens,
//! splices, cuts) for a bounded time, each input run under `catch_unwind`. A panicking input
//! is written to `artifacts/<target>/` and the run exits with status 1.

use std::collections::HashMap;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Component, Path, PathBuf};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

use gazette::load::content::{Format, KeyPositions, load_text, split};
use gazette::model::config::{MarkdownOptions, SiteConfig};
use gazette::model::fast_hash::{FastMap, FastSet};
use gazette::model::item_index::Keyed;
use gazette::model::permalink::{Permalink, output_path, slugify, written_slug};
use gazette::model::schema::{FieldSpec, builtin_fields};
use gazette::model::site::ItemId;
use gazette::model::output::StaticFile;
use gazette::render::images::Images;
use gazette::render::markdown::{Links, render};

/// Splitting front matter from the body, and finding key positions, on any text.
pub fn front_matter(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    if let Ok(parts) = split(&text) {
        assert!(text.ends_with(parts.body));
    }
    let _ = KeyPositions::scan(&text, Format::Yaml, 1);
    let _ = KeyPositions::scan(&text, Format::Toml, 1);
}

/// Loading a content file (YAML parsed and checked against a schema) from any text, as an
/// item of a collection and as a plain page.
pub fn load(data: &[u8]) {
    let (config, fields) = site();
    let text = String::from_utf8_lossy(data);
    for relative in ["news/2023/probe.md", "about.md"] {
        let _ = load_text(Path::new(relative), &text, config, fields);
    }
}

/// Permalink patterns, slugs and URL paths: whatever they are, an output path is relative
/// and made of plain segments. Input: pattern, NUL, slug.
pub fn permalink(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let (pattern, slug) = text.split_once('\0').unwrap_or((&text, "x"));
    if let Ok(path) = output_path(pattern) {
        assert_inside(&path);
    }
    let _ = written_slug(slug, true);
    if let Ok(kept) = written_slug(slug, false) {
        assert_inside(&output_path(&format!("/news/{kept}/")).expect("a kept slug makes a path"));
    }
    let Ok(permalink) = Permalink::parse(pattern) else {
        return;
    };
    let date = jiff::civil::Date::new(2023, 3, 6).expect("a real date");
    if let Ok(url) = permalink.expand(&slugify(slug), Some(date))
        && let Ok(path) = output_path(&url)
    {
        assert_inside(&path);
    }
}

/// Markdown to HTML on any text; with raw HTML off, no `<script` survives.
pub fn markdown(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let known_urls = FastSet::default();
    let held_back = HashMap::new();
    let section_urls = FastMap::default();
    // The text is also a page bundle's, so its relative links are resolved against a folder.
    let bundles = HashMap::from([(ItemId(0), "/news/2023/x/".to_string())]);
    let links = Links {
        base_path: "",
        by_content_path: Keyed::none(),
        by_url: Keyed::none(),
        known_urls: &known_urls,
        urls: &[],
        held_back: &held_back,
        section_urls: &section_urls,
        bundles: &bundles,
        external_paths: &[],
        images: None,
    };
    for raw_html in [true, false] {
        let options = MarkdownOptions {
            raw_html,
            smart_punctuation: true,
            ..MarkdownOptions::default()
        };
        let html = render(&text, &options, &links, None).html;
        let in_bundle = render(&text, &options, &links, Some(ItemId(0))).html;
        if !raw_html {
            assert!(!in_bundle.to_ascii_lowercase().contains("<script"), "{in_bundle}");
        }
        if !raw_html {
            assert!(!html.to_ascii_lowercase().contains("<script"), "{html}");
        }
    }
}

fn assert_inside(path: &Path) {
    assert!(!path.is_absolute(), "{path:?}");
    assert!(
        path.components().all(|c| matches!(c, Component::Normal(_))),
        "{path:?}"
    );
}

const SITE_YAML: &str = "title: Fuzz\nbase_url: https://example.org/\ncollections:\n  institutions:\n    fields:\n      kind: { type: enum, values: [laboratory, university], required: true }\n      website: { type: url }\n      contact: { type: email }\n  news:\n    permalink: /news/{year}/{slug}/\n    fields:\n      date: { type: date, required: true }\n      institutions: { type: list, of: { type: reference, collection: institutions } }\n      count: { type: integer }\ntaxonomies:\n  tags: {}\n";

/// The built-in fields of plain pages, as `schema::builtin_fields` returns them.
type Fields = indexmap::IndexMap<String, FieldSpec>;

/// A small site's config and the built-in fields, made once (config loads from a folder).
fn site() -> &'static (SiteConfig, Fields) {
    static SITE: OnceLock<(SiteConfig, Fields)> = OnceLock::new();
    SITE.get_or_init(|| {
        let dir = std::env::temp_dir().join(format!("gazette-fuzz-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("create a temporary folder");
        std::fs::write(dir.join("site.yaml"), SITE_YAML).expect("write site.yaml");
        let config = gazette::load::config::load(&dir).expect("the fuzz site.yaml loads");
        let _ = std::fs::remove_dir_all(&dir);
        let fields = builtin_fields(config.taxonomies.keys());
        (config, fields)
    })
}

/// A picture file of any bytes, under each name gazette reads: it is measured and its
/// copies made, or it is refused with a reason; never a panic, and no copy is larger than
/// the picture.
pub fn picture(data: &[u8]) {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    let dir = DIR.get_or_init(|| {
        let dir = std::env::temp_dir().join(format!("gazette-fuzz-pictures-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("create a temporary folder");
        dir
    });
    let mut config = site().0.clone();
    config.images.widths = vec![16, 48];
    let names = ["p.jpg", "p.png", "p.webp", "p.gif", "p.svg"];
    let statics: Vec<StaticFile> = names
        .iter()
        .map(|name| {
            let source = dir.join(name);
            std::fs::write(&source, data).expect("write the picture");
            StaticFile {
                path: PathBuf::from(name),
                source,
            }
        })
        .collect();
    let images = Images::new(dir, &config, &statics);
    for name in names {
        match images.picture(&format!("/{name}")) {
            Ok(picture) => {
                let main = picture.main();
                for copy in picture.fallback.iter().chain(&picture.webp) {
                    assert!(copy.width >= 1 && copy.height >= 1, "{copy:?}");
                    assert!(copy.width <= main.width.max(48), "{copy:?}");
                }
            }
            Err(why) => assert!(!why.is_empty()),
        }
    }
}

/// Inputs every target starts from: the shapes authors write, and known hard cases.
const SEEDS: &[&str] = &[
    "---\ntitle: Jinfeng Laboratory\nkind: laboratory\nwebsite: https://jfl.example.org/\ntags: [brain science, 脑科学]\n---\n\n## Research {#research}\n\nText [link](@/news/2023/x.md#a) and <script>alert(1)</script>.\n",
    "---\r\ntitle: CRLF\r\ndate: 2023-02-30\r\ninstitutions:\r\n  - jinfeng-laboratory\r\n---\r\nBody\r\n",
    "\u{feff}---\ntitle: \"unclosed\ndate: 2023-01-01\n---\n",
    "---\na: &a [x, x, x]\nb: &b [*a, *a, *a]\nc: [*b, *b, *b]\n---\n",
    "---\n- a\n- b\n---\n",
    "---\ntitle: A\ntitle: B\n\tkey: v\n---\n| a | b |\n|---|---|\n| 1 | 2 |\n\n[^1]: note\n",
    "/news/{year}/{slug}/\0../../etc/passwd",
    "/../%2e%2e/{slug}\\con/\0a\\b",
    "<div>\n<SCRIPT>x</SCRIPT>\n</div>\n\n<img src=x onerror=alert(1)>\n```\n<script>\n```\n",
];

/// Tokens the mutator inserts.
const TOKENS: &[&str] = &[
    "---\n",
    "\n",
    "\r\n",
    "\t",
    ": ",
    "- ",
    "[",
    "]",
    "{",
    "}",
    "\"",
    "'",
    "&a ",
    "*a",
    "!!",
    "..",
    "/",
    "\\",
    "%2e",
    "\0",
    "{slug}",
    "{year}",
    "<script>",
    "</script>",
    "<!-- more -->",
    "#",
    "`",
    "```",
    "@/",
    "|",
    "脑",
    "\u{feff}",
];

/// A small xorshift generator.
struct Random(u64);

impl Random {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn below(&mut self, bound: usize) -> usize {
        (self.next() % bound.max(1) as u64) as usize
    }
}

fn mutate(random: &mut Random, input: &mut Vec<u8>, pool: &[Vec<u8>]) {
    for _ in 0..=random.below(4) {
        let at = random.below(input.len() + 1);
        match random.below(6) {
            0 if !input.is_empty() => {
                let i = random.below(input.len());
                input[i] ^= 1 << random.below(8);
            }
            1 => {
                let token = TOKENS[random.below(TOKENS.len())].as_bytes();
                input.splice(at..at, token.iter().copied());
            }
            2 if !input.is_empty() => {
                let end = (at + random.below(16)).min(input.len());
                input.drain(at.min(end)..end);
            }
            3 => {
                let other = &pool[random.below(pool.len())];
                let from = random.below(other.len() + 1);
                let to = (from + random.below(64)).min(other.len());
                input.splice(at..at, other[from..to].iter().copied());
            }
            4 => input.insert(at, random.next() as u8),
            _ => {
                let i = random.below(input.len() + 1);
                let copy: Vec<u8> = input[..i].to_vec();
                input.extend_from_slice(&copy);
            }
        }
    }
    input.truncate(64 * 1024);
}

/// Runs `target` on seeds, then on mutations, for the seconds given as the first argument
/// (default 10), seeded by the second (default: the clock). Exits 1 on the first panic,
/// having saved the input under `artifacts/<name>/`.
pub fn run_stable(name: &str, target: fn(&[u8])) {
    let mut args = std::env::args().skip(1);
    let seconds: u64 = args.next().and_then(|s| s.parse().ok()).unwrap_or(10);
    let seed: u64 = args.next().and_then(|s| s.parse().ok()).unwrap_or_else(|| {
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(1, |d| d.as_nanos() as u64)
    }) | 1;
    // Quiet panics: the report below says what failed.
    std::panic::set_hook(Box::new(|_| {}));
    let mut pool: Vec<Vec<u8>> = SEEDS.iter().map(|s| s.as_bytes().to_vec()).collect();
    // The committed corpus too: the picture files in it are bytes no string seed holds.
    if let Ok(entries) = std::fs::read_dir("seeds") {
        let mut files: Vec<PathBuf> = entries.flatten().map(|e| e.path()).collect();
        files.sort();
        pool.extend(files.iter().filter_map(|file| std::fs::read(file).ok()));
    }
    let seeds = pool.len();
    let mut random = Random(seed);
    let deadline = Instant::now() + Duration::from_secs(seconds);
    let mut runs: u64 = 0;
    let mut next = 0;
    while Instant::now() < deadline {
        let input = if next < seeds {
            next += 1;
            pool[next - 1].clone()
        } else {
            let mut input = pool[random.below(pool.len())].clone();
            mutate(&mut random, &mut input, &pool);
            input
        };
        runs += 1;
        if catch_unwind(AssertUnwindSafe(|| target(&input))).is_err() {
            let dir = PathBuf::from("artifacts").join(name);
            let _ = std::fs::create_dir_all(&dir);
            let file = dir.join(format!("crash-{seed}-{runs}"));
            let _ = std::fs::write(&file, &input);
            eprintln!(
                "{name}: crash after {runs} inputs (seed {seed}); input saved to fuzz/{}",
                file.display()
            );
            let _ = std::panic::take_hook();
            target(&input);
            std::process::exit(1);
        }
        // Keep some inputs as parents, so mutations build on mutations.
        if pool.len() < 4096 && random.below(8) == 0 {
            pool.push(input);
        }
    }
    println!("{name}: {runs} inputs in {seconds} s (seed {seed}), no crash");
}

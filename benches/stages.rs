//! The hot stages of a build, each timed alone on one generated site of 1,000 items
//! (100 institutions, 900 news), so a change to one stage shows in its own number instead of
//! drowning in a whole build's noise:
//!
//! - **front matter/news file**: one typical news file (5–10 KB, with a table) through
//!   `content::load_text`: split at the fences, YAML parsed, checked against the schema;
//! - **markdown/news body**: that file's body through `markdown::render`, its links resolved
//!   against the linked site;
//! - **templates/item page**, **templates/list page**: that item's page and the first page
//!   of the news list through the default theme;
//! - **linking/1000 items**: `link_site` on the whole site: permalinks, references,
//!   backlinks, taxonomies, then related items.
//!
//! The corpus is generated at start into a temporary folder by the repository's own
//! `benches/corpus/gen_corpus.py` and built with `benches/corpus/site.yaml` and the default
//! theme, as `scripts/bench.sh` builds it, so python3 is needed:
//!
//! ```sh
//! cargo bench --bench stages
//! cargo bench --bench stages -- --warm-up-time 1 --measurement-time 3   # a busy machine
//! ```

use std::hint::black_box;
use std::path::Path;
use std::process::Command;
use std::sync::Arc;

use criterion::{BatchSize, Criterion};
use gazette::BuildOptions;
use gazette::diagnostics::Diagnostics;
use gazette::load::content;
use gazette::load::static_files::static_files;
use gazette::model::config::{self, SiteConfig};
use gazette::model::item::Item;
use gazette::model::output::StaticFile;
use gazette::model::schema::builtin_fields;
use gazette::model::site::ItemId;
use gazette::pipeline::link_site;
use gazette::render::bodies::{LinkIndex, render_markdown};
use gazette::render::{self, Engine, Intros, Lookup, Page, PageKind};

const INSTITUTIONS: usize = 100;
const NEWS: usize = 900;
/// The generator and the site configuration of the benchmark corpus, in the repository.
const CORPUS_DIR: &str = "benches/corpus";

fn main() {
    let corpus = Corpus::generate();
    let mut c = Criterion::default().configure_from_args();
    front_matter(&mut c, &corpus);
    markdown(&mut c, &corpus);
    templates(&mut c, &corpus);
    linking(&mut c, &corpus);
    c.final_summary();
}

fn front_matter(c: &mut Criterion, corpus: &Corpus) {
    let config = &corpus.lookup.site.config;
    let item = corpus.typical();
    let text =
        std::fs::read_to_string(corpus.root().join(&item.source)).expect("the corpus was just written");
    let relative = Path::new(item.content_path());
    let page_fields = builtin_fields(config.taxonomies.keys());
    let (loaded, problems) = content::load_text(relative, &text, config, &page_fields);
    assert!(loaded.is_some() && problems.is_empty(), "{problems:?}");
    c.bench_function("front matter/news file", |b| {
        b.iter(|| content::load_text(relative, black_box(&text), config, &page_fields))
    });
}

fn markdown(c: &mut Criterion, corpus: &Corpus) {
    let site = &corpus.lookup.site;
    let index = LinkIndex::new(site, &corpus.statics);
    let body = &corpus.typical().body;
    let me = Some(corpus.typical_id);
    assert!(
        index.render(site, body, me, None).problems.is_empty(),
        "every link resolves"
    );
    c.bench_function("markdown/news body", |b| {
        b.iter(|| index.render(site, black_box(body), me, None))
    });
}

fn templates(c: &mut Criterion, corpus: &Corpus) {
    let mut bench_page = |name, page: Page| {
        let pages = [page];
        let render = |pages: &[Page]| {
            let memory = render::Memory::new();
            let target = render::Target::sink(&memory);
            let problems = render::render(&corpus.engine, &corpus.lookup, &corpus.intros, pages, target);
            (memory.into_files(), problems)
        };
        let (files, problems) = render(&pages);
        assert!(files.len() == 1 && problems.is_empty(), "{problems:?}");
        c.bench_function(name, |b| b.iter(|| render(black_box(&pages))));
    };
    let default = corpus.lookup.site.config.language.clone();
    let item_lang = corpus.lookup.site.items[corpus.typical_id].lang;
    bench_page(
        "templates/item page",
        Page::new(PageKind::Item(corpus.typical_id), item_lang),
    );
    let list = PageKind::List {
        collection: "news".into(),
        page: 1,
    };
    bench_page("templates/list page", Page::new(list, &default));
}

fn linking(c: &mut Criterion, corpus: &Corpus) {
    let options = BuildOptions::default();
    let mut group = c.benchmark_group("linking");
    // About ten milliseconds an iteration, plus cloning the input: criterion's fewest
    // samples fit a short measurement time (`--measurement-time 3`).
    group.sample_size(10);
    group.bench_function(format!("{} items", INSTITUTIONS + NEWS), |b| {
        b.iter_batched(
            || (corpus.config.clone(), corpus.items.clone()),
            |(config, items)| link_site(config, items, &options, &mut Diagnostics::new(), &mut |_| {}),
            BatchSize::LargeInput,
        )
    });
    group.finish();
}

/// The generated site, loaded, linked and ready to render, plus what linking starts from.
struct Corpus {
    /// Holds the site's folder until the benchmarks end.
    dir: tempfile::TempDir,
    config: SiteConfig,
    items: Vec<Item>,
    statics: Vec<StaticFile>,
    engine: Engine,
    lookup: Arc<Lookup>,
    intros: Intros,
    /// The news item the per-file benchmarks use.
    typical_id: ItemId,
}

impl Corpus {
    /// Generates the corpus and runs the stages a build runs before rendering pages.
    fn generate() -> Corpus {
        let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
        let bench_corpus = repo.join(CORPUS_DIR);
        let generator = bench_corpus.join("gen_corpus.py");
        let dir = tempfile::tempdir().expect("a temporary folder for the corpus");
        let root = dir.path();
        let status = Command::new("python3")
            .arg(&generator)
            .arg(root)
            .args(["--institutions", &INSTITUTIONS.to_string()])
            .args(["--news", &NEWS.to_string(), "--seed", "1"])
            .stdout(std::process::Stdio::null())
            .status()
            .unwrap_or_else(|err| panic!("cannot run python3 (needed to generate the corpus): {err}"));
        assert!(status.success(), "{} failed: {status}", generator.display());
        std::fs::copy(bench_corpus.join("site.yaml"), root.join(config::CONFIG_FILE))
            .expect("benches/corpus/ holds site.yaml next to the generator");
        copy_dir(
            &repo.join(gazette::model::config::THEMES_DIR),
            &root.join(gazette::model::config::THEMES_DIR),
        );

        let config = gazette::load::config::load(root).unwrap_or_else(|d| fail(&d));
        let engine = Engine::load(root, &config.theme).unwrap_or_else(|d| fail(&d));
        let (found, mut diagnostics) = content::load(root, &config);
        let items = found.items;
        let statics = static_files(root, &config, &mut diagnostics);
        let options = BuildOptions::default();
        let site = link_site(
            config.clone(),
            items.clone(),
            &options,
            &mut diagnostics,
            &mut |_| {},
        );
        let (rendered, intros) = render_markdown(&site, &statics, None, None, &mut diagnostics, &|_| None);
        if diagnostics.has_errors() {
            fail(&diagnostics);
        }
        // A typical news file: most are 4-9 KB (the median file 6 KB), and a table exercises more
        // of Markdown; the first such by path, so every run measures the same file.
        let typical_id = ItemId::all(site.items.len())
            .filter(|&id| site.items[id].collection() == Some("news"))
            .filter(|&id| (5_000..=10_000).contains(&site.items[id].body.len()))
            .filter(|&id| site.items[id].body.contains("\n|"))
            .min_by_key(|&id| site.items[id].content_path())
            .expect("the corpus has news of 5-10 KB with a table");
        let lookup = Arc::new(Lookup::new(Arc::new(site), rendered));
        engine.set_lookup(Arc::clone(&lookup));
        Corpus {
            dir,
            config,
            items,
            statics,
            engine,
            lookup,
            intros,
            typical_id,
        }
    }

    fn root(&self) -> &Path {
        self.dir.path()
    }

    fn typical(&self) -> &Item {
        &self.lookup.site.items[self.typical_id]
    }
}

/// Copies the folder `from` to `to`, as `cp -r` would.
fn copy_dir(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.expect("the repository's themes are readable");
        let target = to.join(
            entry
                .path()
                .strip_prefix(from)
                .expect("walkdir stays under its root"),
        );
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).expect("the temporary folder is writable");
        } else {
            std::fs::copy(entry.path(), &target).expect("the temporary folder is writable");
        }
    }
}

/// Stops with the site's problems: a corpus that does not build measures nothing.
fn fail(diagnostics: &Diagnostics) -> ! {
    for d in diagnostics.sorted() {
        eprintln!("{d}");
    }
    panic!("the generated corpus does not build");
}

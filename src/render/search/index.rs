//! The records through Pagefind: its index, one per language, and its JavaScript, CSS and
//! WebAssembly, as files under `pagefind/` of the output folder.

use std::path::Path;

use pagefind::api::{NewPage, PagefindIndex};
use pagefind::options::PagefindServiceConfig;
use rayon::prelude::*;

use super::records::Record;
use crate::model::output::OutputFile;

/// The folder of the index in the output folder.
pub const INDEX_DIR: &str = "pagefind";

/// Why the index could not be made.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct IndexError(String);

/// Indexes `records` and returns the files of the index, at their paths in the output
/// folder (`pagefind/pagefind.js`, `pagefind/index/en_….pf_index`, …).
pub fn index(records: Vec<Record>) -> Result<Vec<OutputFile>, IndexError> {
    index_as(records, Parse::WhereNeeded)
}

/// How the records reach Pagefind.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Parse {
    /// As what its parser would read in them, made without it, unless a body needs it.
    WhereNeeded,
    /// As HTML, every one parsed by Pagefind: what the other is checked against.
    #[cfg(test)]
    Always,
}

fn index_as(records: Vec<Record>, parse: Parse) -> Result<Vec<OutputFile>, IndexError> {
    // Pagefind's API is async. On a thread of its own, its runtime can neither meet nor
    // block another (`serve` runs inside one).
    std::thread::scope(|scope| {
        scope
            .spawn(move || {
                let runtime = tokio::runtime::Builder::new_current_thread()
                    .build()
                    .map_err(|err| IndexError(format!("cannot start the indexer: {err}")))?;
                runtime.block_on(index_async(records, parse))
            })
            .join()
            .unwrap_or_else(|_| Err(IndexError("the indexer stopped on an internal error".into())))
    })
}

async fn index_async(records: Vec<Record>, parse: Parse) -> Result<Vec<OutputFile>, IndexError> {
    let options = PagefindServiceConfig::builder().keep_index_url(false).build();
    let mut index = PagefindIndex::new(Some(options)).map_err(|err| IndexError(err.to_string()))?;
    // The records' URLs are unique, so they go in at once, read in parallel, and are
    // handed over to the index rather than copied into it.
    let pages = records
        .into_par_iter()
        .map(|record| {
            let parsed = match parse {
                Parse::WhereNeeded => record.parsed(),
                #[cfg(test)]
                Parse::Always => None,
            };
            let page = match parsed {
                Some(parsed) => NewPage::Parsed(parsed),
                None => NewPage::Html(record.html()),
            };
            (record.url, page)
        })
        .collect();
    index
        .add_pages(pages)
        .await
        .map_err(|err| IndexError(format!("cannot index the pages: {err}")))?;
    let files = index
        .take_files()
        .await
        .map_err(|err| IndexError(err.to_string()))?;
    Ok(files
        .into_iter()
        .filter(|file| wanted(&file.filename))
        .map(|file| OutputFile {
            path: Path::new(INDEX_DIR).join(&file.filename),
            bytes: file.contents,
        })
        .collect())
}

/// Every file but Pagefind's playground, a tool for debugging an index that a published
/// site has no use for.
fn wanted(path: &Path) -> bool {
    !path.starts_with("playground")
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;

    use super::*;
    use crate::pipeline::{BuildOptions, render_site};
    use crate::render::i18n::Strings;
    use crate::render::search::records;

    /// Indexes `records` both ways and compares the files, byte for byte. Returns how many
    /// records were read without the parser.
    fn indexed_as_their_html(records: Vec<Record>) -> usize {
        let scanned = records.iter().filter(|r| r.parsed().is_some()).count();
        let sorted = |mut files: Vec<OutputFile>| {
            files.sort_by(|a, b| a.path.cmp(&b.path));
            files
        };
        let parsed = sorted(index_as(records.clone(), Parse::Always).unwrap());
        let read = sorted(index_as(records, Parse::WhereNeeded).unwrap());
        assert!(parsed.iter().any(|f| f.path.starts_with("pagefind/fragment")));
        let names = |files: &[OutputFile]| files.iter().map(|f| f.path.clone()).collect::<Vec<_>>();
        assert_eq!(names(&parsed), names(&read), "the index's files differ");
        for (parsed, read) in parsed.iter().zip(&read) {
            assert!(parsed.bytes == read.bytes, "{} differs", parsed.path.display());
        }
        scanned
    }

    /// Markdown of every kind a body may hold, and HTML written in it.
    const BODIES: &[(&str, &str)] = &[
        (
            "institutions/lab.md",
            "---\ntitle: \"The  Lab: R&D <now>\"\ntags: [brain science, \"a & b\"]\n---\n\
             The lab's *first* paragraph, with `code` and a [link](https://example.org/?a=1&b=2).\n\n\
             ## Our work {#work}\n\nText under a heading ending in a **strong word**\n\n\
             ### Teams, people & \"quotes\"\n\n- one\n- two *em*\n  - nested.\n\n1. first\n2. second\n\n\
             | Name | Value |\n|---|---|\n| a & b | 1 |\n| c | 2 |\n\n\
             > A quote\n> over two lines\n\n```rust\nfn main() { let a = 1 < 2; }\n```\n\n\
             ![A picture & more](/images/lab.png \"Title\")\n\n\
             Line one  \nline two, with a break.[^1]\n\n[^1]: The footnote.\n\n\
             Some <kbd>Ctrl</kbd> and <abbr title=\"x\">HTML</abbr> inline; a&nbsp;b &copy; 1 < 2.\n\n\
             <div class=\"note\">\n\nA note written as HTML around Markdown.\n\n</div>\n\n\
             - [x] done\n- [ ] not yet\n\n---\n\n#### 研究中心\n\n深圳的研究人员在实验室里工作。\n",
        ),
        (
            "news/iframe.md",
            "---\ntitle: A video\ndate: 2024-02-03\n---\nWatch it.\n\n<iframe src=\"https://example.org/v\"></iframe>\n",
        ),
        (
            "news/ignored.md",
            "---\ntitle: Hidden parts\ndate: 2024-02-04\n---\nShown.\n\n<p data-pagefind-ignore>Not indexed.</p>\n",
        ),
        (
            "news/open.md",
            "---\ntitle: Unclosed\ndate: 2024-02-05\n---\nA <span>span left open.\n\n## Then {#then}\n\nMore.\n",
        ),
        (
            "about.md",
            "---\ntitle: About\n---\nAbout us. <br> Next line<br/>after.\n",
        ),
    ];

    #[test]
    fn records_read_without_the_parser_index_as_their_html() {
        let lookup = crate::render::feeds::tests::lookup("https://example.org/sub/", "", BODIES);
        let records = records(&lookup, &Strings::default());
        assert_eq!(records.len(), BODIES.len());
        // The video, the ignored paragraph and the open span are left to the parser.
        assert_eq!(indexed_as_their_html(records), BODIES.len() - 3);
    }

    #[test]
    fn a_body_of_many_ids_left_to_the_parser_is_indexed_without_anchors() {
        let spans = crate::render::search::digest::tests::nested_spans(1_500);
        let text = format!("---\ntitle: Deep\n---\n{spans}\n\n<script>let a = 1;</script>\n");
        let lookup = crate::render::feeds::tests::lookup("https://example.org/", "", &[("about.md", &text)]);
        let records = records(&lookup, &Strings::default());
        assert!(records[0].parsed().is_none(), "the script is left to the parser");
        let files = index_as(records, Parse::WhereNeeded).unwrap();
        let fragment = files
            .iter()
            .find(|f| f.path.starts_with("pagefind/fragment"))
            .expect("the page's fragment");
        let mut json = String::new();
        std::io::Read::read_to_string(&mut flate2::read::GzDecoder::new(&fragment.bytes[..]), &mut json)
            .unwrap();
        assert!(json.contains("\"anchors\":[]"), "{}", &json[..200]);
        assert!(json.contains("w1499"));
    }

    #[test]
    fn the_example_site_indexes_as_its_html() {
        let options = BuildOptions {
            root: PathBuf::from(env!("CARGO_MANIFEST_DIR")),
            no_git: true,
            ..BuildOptions::default()
        };
        let site = render_site(&options).unwrap();
        let records = records(&site.lookup, &site.engine.strings);
        let count = records.len();
        assert!(count > 30, "{count} records");
        let scanned = indexed_as_their_html(records);
        assert!(
            scanned * 10 >= count * 9,
            "{scanned} of {count} read without the parser"
        );
    }
}

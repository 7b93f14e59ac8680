//! The programmatic service interface for integrating Pagefind into another Rust project.
//!
//! # Examples
//!
//! ```
//! use pagefind::api::{PagefindIndex};
//! use pagefind::options::{PagefindServiceConfig};
//!
//! #[tokio::main]
//! async fn main() {
//!     let options = PagefindServiceConfig::builder()
//!         .keep_index_url(true)
//!         .force_language("en".to_string())
//!         .build();
//!     let mut index = PagefindIndex::new(Some(options)).expect("Options should be valid");
//!     let indexing_response = index
//!         .add_html_file(
//!             Some("test/index.html".into()),
//!             None,
//!             "<html><body><h1>Test content</h1></body></html>".into(),
//!         )
//!         .await;
//!
//!     if let Ok(file) = indexing_response {
//!         println!("Page word count: {}", file.page_word_count);
//!         println!("Page URL: {}", file.page_url);
//!     }
//!
//!     let files_response = index.get_files().await;
//!     if let Ok(files) = files_response {
//!         println!("Have {} files to write to disk", files.len());
//!     }
//! }
//! ```

pub use crate::fossick::parser::DomParserResult as ParsedPage;
pub use crate::output::SyntheticFile;
use anyhow::{bail, Result};
use rust_patch::Patch;
use std::{collections::BTreeMap, path::PathBuf, sync::Arc};

use crate::{
    fossick::{parser::DomParserResult, Fossicker},
    options::PagefindServiceConfig,
    PagefindInboundConfig, SearchOptions, SearchState,
};

/// A page to add with [`PagefindIndex::add_pages`]: its HTML, for Pagefind to parse, or
/// what parsing it gives, for a caller that knows it without parsing the HTML.
#[derive(Debug)]
pub enum NewPage {
    Html(String),
    Parsed(ParsedPage),
}

#[derive(Debug)]
pub struct IndexedFileResponse {
    pub page_word_count: u32,
    pub page_url: String,
    pub page_meta: BTreeMap<String, String>,
}

pub struct PagefindIndex {
    search_index: Arc<tokio::sync::Mutex<SearchState>>,
}

impl PagefindIndex {
    /// Create a new PagefindIndex instance that files can be added to.
    ///
    /// # Arguments
    /// * `config` - An optional PagefindServiceConfig to override default options for the service.
    ///
    /// # Returns
    /// A PagefindIndex instance if search options are valid, otherwise an Error.
    pub fn new(config: Option<PagefindServiceConfig>) -> Result<Self> {
        let mut service_options: PagefindInboundConfig =
            serde_json::from_str("{}").expect("All fields have serde defaults");

        service_options.service = true;
        if let Some(config) = config {
            service_options = config.apply(service_options);
        }

        let options = SearchOptions::load(service_options)?;
        Ok(Self {
            search_index: Arc::new(tokio::sync::Mutex::new(SearchState::new(options))),
        })
    }

    /// Add an HTML file that isn't on disk into this search index.
    /// Either a filepath or a URL must be provided.
    ///
    /// # Arguments
    /// * `source_path` - The source path of the HTML file if it were to exist on disk.
    /// * `url` - An explicit URL to use, instead of having Pagefind compute the URL based on the `source_path`.
    /// * `content` - The source HTML content of the file to be parsed.
    ///
    /// # Returns
    /// Metadata about the added file if successful, otherwise an Error.
    pub async fn add_html_file(
        &mut self,
        source_path: Option<String>,
        url: Option<String>,
        content: String,
    ) -> Result<IndexedFileResponse> {
        if source_path.is_none() && url.is_none() {
            bail!("Either source_path or url must be provided");
        }

        let file = Fossicker::new_synthetic(source_path.map(PathBuf::from), url, content);
        let state = Arc::clone(&self.search_index);
        let data = tokio::task::spawn_blocking(move || {
            state.blocking_lock().fossick_one(file)
        })
        .await
        .map_err(|e| anyhow::anyhow!("Task join error: {e}"))??;

        Ok(IndexedFileResponse {
            page_word_count: data.fragment.data.word_count as u32,
            page_url: data.fragment.data.url,
            page_meta: data.fragment.data.meta,
        })
    }

    /// Add many HTML files that aren't on disk into this search index, parsing them in
    /// parallel. Each is given by its URL and content; give each URL once (an earlier file
    /// with the same URL is not replaced, as `add_html_file` replaces it).
    ///
    /// # Returns
    /// The number of files added if successful, otherwise an Error.
    pub async fn add_html_files(&mut self, files: Vec<(String, String)>) -> Result<usize> {
        let pages = files
            .into_iter()
            .map(|(url, content)| (url, NewPage::Html(content)))
            .collect();
        self.add_pages(pages).await
    }

    /// Add many pages that aren't on disk into this search index, in parallel, as
    /// `add_html_files` does. A page given as a [`ParsedPage`] is indexed as it is, without
    /// parsing any HTML: its `digest` is the page's text with the markers the parser
    /// writes (`___PAGEFIND_WEIGHT___`, `___PAGEFIND_ANCHOR___`) with its entities decoded,
    /// its `anchor_content` the text of each anchor as written.
    ///
    /// # Returns
    /// The number of pages added if successful, otherwise an Error.
    pub async fn add_pages(&mut self, pages: Vec<(String, NewPage)>) -> Result<usize> {
        let files = pages
            .into_iter()
            .map(|(url, page)| match page {
                NewPage::Html(content) => Fossicker::new_synthetic(None, Some(url), content),
                NewPage::Parsed(data) => Fossicker::new_with_data(url, data),
            })
            .collect();
        let state = Arc::clone(&self.search_index);
        tokio::task::spawn_blocking(move || state.blocking_lock().fossick_synthetic_many(files))
            .await
            .map_err(|e| anyhow::anyhow!("Task join error: {e}"))?
    }

    /// Index a custom record that isn't backed by an HTML file.
    ///
    /// # Arguments
    /// * `url` - The output URL of this record. Pagefind will not alter this.
    /// * `content` - The raw content of this record.
    /// * `language` - What language is this record written in. Expects an ISO 639-1 code.
    /// * `meta` - The metadata to attach to this record. Supplying a `title` is highly recommended.
    /// * `filters` - The filters to attach to this record.
    /// * `sort` - The sort keys to attach to this record.
    ///
    /// # Returns
    /// Metadata about the added record if successful, otherwise an Error.
    pub async fn add_custom_record(
        &mut self,
        url: String,
        content: String,
        language: String,
        meta: Option<BTreeMap<String, String>>,
        filters: Option<BTreeMap<String, Vec<String>>>,
        sort: Option<BTreeMap<String, String>>,
    ) -> Result<IndexedFileResponse> {
        let force_language = self
            .search_index
            .lock()
            .await
            .options
            .force_language
            .clone();
        let data = DomParserResult {
            digest: content,
            filters: filters.unwrap_or_default(),
            sort: sort.unwrap_or_default(),
            meta: meta.unwrap_or_default(),
            anchor_content: BTreeMap::new(),
            anchor_titles: BTreeMap::new(),
            has_custom_body: false,
            force_inclusion: true,
            has_html_element: true,
            has_old_bundle_reference: false,
            has_default_ui_reference: false,
            language: force_language.unwrap_or(language),
        };
        let file = Fossicker::new_with_data(url, data);
        let state = Arc::clone(&self.search_index);
        let data = tokio::task::spawn_blocking(move || {
            state.blocking_lock().fossick_one(file)
        })
        .await
        .map_err(|e| anyhow::anyhow!("Task join error: {e}"))??;

        Ok(IndexedFileResponse {
            page_word_count: data.fragment.data.word_count as u32,
            page_url: data.fragment.data.url,
            page_meta: data.fragment.data.meta,
        })
    }

    /// Index a directory of HTML files from disk.
    ///
    /// # Arguments
    /// * `path` - The path to the directory to index.
    /// * `glob` - A glob pattern to match files in the directory. If not provided, the default glob pattern will be used.
    ///
    /// # Returns
    /// The number of pages indexed if successful, otherwise an Error.
    pub async fn add_directory(&mut self, path: String, glob: Option<String>) -> Result<usize> {
        let defaults: PagefindInboundConfig =
            serde_json::from_str("{}").expect("All fields have serde defaults");
        let glob = glob.unwrap_or(defaults.glob);

        let state = Arc::clone(&self.search_index);
        let page_count = tokio::task::spawn_blocking(move || {
            state.blocking_lock().fossick_many(PathBuf::from(path), glob)
        })
        .await
        .map_err(|e| anyhow::anyhow!("Task join error: {e}"))??;

        Ok(page_count)
    }

    /// Build the search index for this instance and hold it in memory.
    pub async fn build_indexes(&mut self) -> Result<()> {
        self.search_index.lock().await.build_indexes().await
    }

    /// Build the search index for this instance and write the files to disk.
    ///
    /// # Arguments
    /// * `output_path` - The path to write the files to. If not provided, the default output path will be used.
    ///
    /// # Returns
    /// The path files were written to if successful, otherwise an Error.
    pub async fn write_files(&mut self, output_path: Option<String>) -> Result<String> {
        let mut state = self.search_index.lock().await;
        state.build_indexes().await?;
        let resolved_output_path = state.write_files(output_path.map(Into::into)).await;

        Ok(resolved_output_path.to_string_lossy().into())
    }

    /// Build the search index for this instance and return the files as a list of
    /// SyntheticFileResponse.
    ///
    /// # Returns
    /// A list of SyntheticFiles containing the path and content of each file.
    pub async fn get_files(&mut self) -> Result<Vec<SyntheticFile>> {
        let mut state = self.search_index.lock().await;
        state.build_indexes().await?;
        Ok(state.get_files().await)
    }

    /// Like `get_files`, but hands the added files over to the index instead of copying
    /// them, which saves a copy of every page; no file is left in this instance
    /// afterwards, so a second call returns an empty index.
    pub async fn take_files(&mut self) -> Result<Vec<SyntheticFile>> {
        let mut state = self.search_index.lock().await;
        state.build_indexes_once().await?;
        Ok(state.get_files().await)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Pages added at once and handed over give the files that pages added one by one do.
    #[tokio::test]
    async fn test_add_files_at_once() {
        let pages: Vec<(String, String)> = (0..40)
            .map(|i| {
                let lang = if i % 3 == 0 { "zh" } else { "en" };
                (
                    format!("/page-{i}/"),
                    format!(
                        "<html lang=\"{lang}\"><body><h1>Page {i}</h1>\
                         <p data-pagefind-filter=\"kind\">kind-{}</p>\
                         <p>Research laboratories, laboratory {i} and 实验室的研究人员 {i}.</p>\
                         </body></html>",
                        i % 4
                    ),
                )
            })
            .collect();
        let options = || PagefindServiceConfig::builder().build();

        let mut one_by_one = PagefindIndex::new(Some(options())).unwrap();
        for (url, html) in pages.clone() {
            one_by_one.add_html_file(None, Some(url), html).await.unwrap();
        }
        let mut at_once = PagefindIndex::new(Some(options())).unwrap();
        assert_eq!(at_once.add_html_files(pages).await.unwrap(), 40);

        let sorted = |mut files: Vec<SyntheticFile>| {
            files.sort_by(|a, b| a.filename.cmp(&b.filename));
            files
                .into_iter()
                .map(|f| (f.filename, f.contents))
                .collect::<Vec<_>>()
        };
        let expected = sorted(one_by_one.get_files().await.unwrap());
        let taken = sorted(at_once.take_files().await.unwrap());
        assert!(expected.iter().any(|(name, _)| name.starts_with("fragment")));
        assert!(expected.iter().any(|(name, _)| name.starts_with("filter")));
        assert_eq!(
            expected.iter().map(|(name, _)| name).collect::<Vec<_>>(),
            taken.iter().map(|(name, _)| name).collect::<Vec<_>>()
        );
        assert!(expected == taken, "the files' contents differ");
    }

    /// A page given as what parsing its HTML gives is indexed as its HTML is.
    #[tokio::test]
    async fn test_add_parsed_pages() {
        let html = |i: usize| {
            format!(
                "<html lang=\"en\"><body><h1 data-pagefind-meta=\"title\">Page {i}</h1>\
                 <span data-pagefind-filter=\"kind:kind-{}\"></span>\
                 <h2 id=\"part\">Part</h2><p>Research &amp; laboratory {i}</p>\
                 <img src=\"/a.png\" alt=\"A\"></body></html>",
                i % 4
            )
        };
        let options = || PagefindServiceConfig::builder().build();
        let mut from_html = PagefindIndex::new(Some(options())).unwrap();
        let mut from_parsed = PagefindIndex::new(Some(options())).unwrap();
        let search_options = from_html.search_index.lock().await.options.clone();
        let parsed = |i: usize| {
            let mut parser = crate::fossick::parser::DomParser::new(&search_options);
            parser.write(html(i).as_bytes()).unwrap();
            parser.wrap()
        };
        let pages = |parse: bool| {
            (0..20)
                .map(|i| {
                    let page = match parse && i % 2 == 0 {
                        true => NewPage::Parsed(parsed(i)),
                        false => NewPage::Html(html(i)),
                    };
                    (format!("/page-{i}/"), page)
                })
                .collect()
        };
        assert_eq!(from_html.add_pages(pages(false)).await.unwrap(), 20);
        assert_eq!(from_parsed.add_pages(pages(true)).await.unwrap(), 20);
        let sorted = |mut files: Vec<SyntheticFile>| {
            files.sort_by(|a, b| a.filename.cmp(&b.filename));
            files
                .into_iter()
                .map(|f| (f.filename, f.contents))
                .collect::<Vec<_>>()
        };
        let expected = sorted(from_html.take_files().await.unwrap());
        assert!(expected.iter().any(|(name, _)| name.starts_with("fragment")));
        assert!(expected == sorted(from_parsed.take_files().await.unwrap()));
    }

    #[tokio::test]
    async fn test_add_file() {
        let options = PagefindServiceConfig::builder()
            .keep_index_url(true)
            .force_language("en".to_string())
            .build();
        let mut index = PagefindIndex::new(Some(options)).unwrap();
        let file_response = index
            .add_html_file(
                Some("test/index.html".into()),
                None,
                "<html><body><h1>Test content</h1></body></html>".into(),
            )
            .await;

        let file = file_response.expect("Adding a file should succeed");
        assert_eq!(file.page_word_count, 2);
        assert_eq!(file.page_url, "/test/index.html");

        let files_response = index.get_files().await;

        let files = files_response.expect("Getting files should succeed");
        let filenames: Vec<_> = files.into_iter().map(|f| f.filename).collect();
        assert!(filenames.contains(&PathBuf::from("pagefind.js")));
        assert!(filenames.contains(&PathBuf::from("pagefind-ui.js")));
        assert!(filenames.contains(&PathBuf::from("pagefind-ui.css")));
        assert!(filenames.contains(&PathBuf::from("wasm.en.pagefind")));
        assert!(filenames.contains(&PathBuf::from("pagefind-entry.json")));
        assert!(filenames
            .iter()
            .any(|f| f.to_string_lossy().ends_with(".pf_meta")));
        assert!(filenames
            .iter()
            .any(|f| f.to_string_lossy().ends_with(".pf_fragment")));
        assert!(filenames
            .iter()
            .any(|f| f.to_string_lossy().ends_with(".pf_index")));
    }
}

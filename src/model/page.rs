//! The pages of a site, as the render stage plans them: what each page shows, not yet its
//! URL or its HTML.

use super::site::ItemId;

/// One page to render: what it shows, in which language.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Page {
    /// What the page shows.
    pub kind: PageKind,
    /// The language's code: an item's own, a list's or a term's, and the default language
    /// for the files for machines (shared: `name.rs`, as a million pages have one).
    pub lang: &'static str,
}

impl Page {
    /// The page of `kind` in language `lang`.
    pub fn new(kind: PageKind, lang: &str) -> Page {
        Page {
            kind,
            lang: super::name::shared(lang),
        }
    }
}

/// What a page shows.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum PageKind {
    /// The language's home page (`/`, `/zh/`).
    Home,
    /// An item's own page.
    Item(ItemId),
    /// Page `page` (from 1) of a collection's list.
    List {
        /// Collection name.
        collection: String,
        /// 1-based.
        page: usize,
    },
    /// Page `page` of a term's list.
    Term {
        /// Taxonomy name.
        taxonomy: String,
        /// Index of the term in `Site::taxonomy_in(lang, taxonomy)`.
        term: usize,
        /// 1-based.
        page: usize,
    },
    /// A taxonomy's index of terms (`/tags/`, `/zh/tags/`).
    Terms {
        /// Taxonomy name.
        taxonomy: String,
    },
    /// `/404.html`; in a language other than the default, `/zh/404.html`, for servers that
    /// can serve one per path prefix.
    NotFound,
    /// The language's search page (`/search/`, `/zh/search/`), when search is on: the box
    /// and the results, which the visitor's browser finds in the index under `/pagefind/`.
    Search,
    /// `/` when every language is under its prefix: a redirect to the default language's
    /// home page.
    Root,
    /// An Atom feed (`/atom.xml`, `/news/atom.xml`, `/tags/x/atom.xml`).
    Feed(Feed),
    /// `/sitemap.xml` (`part` 0) or its part `/sitemap-<part>.xml`.
    Sitemap {
        /// 0 for `sitemap.xml`, else 1-based.
        part: usize,
    },
    /// `/robots.txt`.
    Robots,
    /// The editor for authors (`/admin/`), when `cms:` is set.
    Editor(EditorFile),
    /// An icon made from the site's logo (`/favicon.ico`, …), when it has one.
    Icon(Icon),
    /// A redirect from an old URL of an item (`aliases:`) to the item.
    Redirect {
        /// The item.
        item: ItemId,
        /// Index into the item's `aliases`.
        alias: usize,
    },
}

/// The files of the editor for authors.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum EditorFile {
    /// `/admin/`: the page that loads the editor.
    Page,
    /// `/admin/config.yml`: its collections and fields, from the schema.
    Config,
}

/// The icons made from the site's logo.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Icon {
    /// `/favicon.ico`: 16, 32 and 48 px, for browsers that ask for it unbidden.
    Ico,
    /// `/favicon-32x32.png`.
    Png32,
    /// `/apple-touch-icon.png`: 180 px on white.
    AppleTouch,
}

/// One feed of the site.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Feed {
    /// `/atom.xml`: the dated items of every collection.
    Site,
    /// `<list_url>atom.xml` of a collection with `feed: true`.
    Collection(String),
    /// `/<prefix>/atom.xml`: the dated items of a language other than the default.
    Language(String),
    /// `<term url>atom.xml`.
    Term {
        /// Taxonomy name.
        taxonomy: String,
        /// Index of the term in `Site::taxonomies[taxonomy]`.
        term: usize,
    },
    /// `<list_url>atom.xml` of a collection with `feed: true` in a language other than
    /// the default (`/zh/news/atom.xml`).
    LangCollection {
        /// The language's code.
        lang: String,
        /// Collection name.
        collection: String,
    },
    /// `<term url>atom.xml` of a term in a language other than the default.
    LangTerm {
        /// The language's code.
        lang: String,
        /// Taxonomy name.
        taxonomy: String,
        /// Index of the term in `Site::taxonomy_in(lang, taxonomy)`.
        term: usize,
    },
}

/// The URL path of the 404 page (of the default language).
pub const NOT_FOUND_URL: &str = "/404.html";

impl Feed {
    /// The language of a feed of a language other than the default; `None` for the
    /// default language's feeds.
    pub fn lang(&self) -> Option<&str> {
        match self {
            Feed::Language(lang) | Feed::LangCollection { lang, .. } | Feed::LangTerm { lang, .. } => {
                Some(lang)
            }
            Feed::Site | Feed::Collection(_) | Feed::Term { .. } => None,
        }
    }
}

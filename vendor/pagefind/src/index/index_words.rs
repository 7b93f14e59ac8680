use minicbor::Encode;

/// The word index chunks in `pagefind/index/`

/// A single word index chunk: `pagefind/index/*.pf_index`
///
/// The index is built as `EncodedWordIndex`, which writes the same bytes; this is the
/// format it keeps to, which its test compares it with.
#[derive(Encode)]
#[cfg_attr(not(test), allow(dead_code))]
pub struct WordIndex {
    #[n(0)]
    pub words: Vec<PackedWord>,
}

/// A single word as an inverse index of all locations on the site
#[derive(Encode, Clone, Debug)]
pub struct PackedWord {
    #[n(0)]
    pub word: String,
    #[n(1)]
    pub pages: Vec<PackedPage>,
    #[n(2)]
    pub additional_variants: Vec<PackedVariant>,
}

/// A variant of a word with different diacritics (e.g., "café" vs "cafe")
#[derive(Encode, Clone, Debug)]
pub struct PackedVariant {
    #[n(0)]
    pub form: String,
    #[n(1)]
    pub pages: Vec<PackedPage>,
}

/// A set of locations on a given page
#[derive(Encode, Clone, Debug)]
pub struct PackedPage {
    #[n(0)]
    pub page_number: usize, // Won't exceed u32 but saves us some into()s
    #[n(1)]
    pub locs: Vec<i32>,
    #[n(2)]
    pub meta_locs: Vec<i32>,
}

/// A word's pages as the index chunk holds them: each page CBOR-encoded as it is added,
/// its page number as the difference from the page before. A site's postings are most of
/// an index's memory while it is built; encoded, a page of a word takes a few bytes rather
/// than a `PackedPage` and its two vectors.
///
/// Pages must be pushed in ascending page order. `encode` writes exactly what encoding a
/// `Vec<PackedPage>` of the same pages, delta-encoded, writes.
#[derive(Clone, Debug, Default)]
pub struct EncodedPages {
    count: u64,
    last_page: usize,
    bytes: Vec<u8>,
    /// The locations and pages held, which the chunking of the index counts.
    size: usize,
}

impl EncodedPages {
    pub fn push(&mut self, page: PackedPage) {
        debug_assert!(self.count == 0 || page.page_number > self.last_page);
        self.size += page.locs.len() + page.meta_locs.len() + 1;
        let delta = PackedPage {
            page_number: page.page_number - self.last_page,
            ..page
        };
        self.last_page = page.page_number;
        self.count += 1;
        // Writing to a vector cannot fail.
        let _ = minicbor::encode(delta, &mut self.bytes);
    }

    pub fn size(&self) -> usize {
        self.size
    }

    fn encode<W: minicbor::encode::Write>(
        &self,
        e: &mut minicbor::Encoder<W>,
    ) -> Result<(), minicbor::encode::Error<W::Error>> {
        e.array(self.count)?;
        e.writer_mut()
            .write_all(&self.bytes)
            .map_err(minicbor::encode::Error::write)
    }
}

impl From<PackedPage> for EncodedPages {
    fn from(page: PackedPage) -> Self {
        let mut pages = EncodedPages::default();
        pages.push(page);
        pages
    }
}

/// A `PackedWord` whose pages are encoded as they are added.
#[derive(Clone, Debug)]
pub struct EncodedWord {
    pub word: String,
    pub pages: EncodedPages,
    pub additional_variants: Vec<EncodedVariant>,
}

/// A `PackedVariant` whose pages are encoded as they are added.
#[derive(Clone, Debug)]
pub struct EncodedVariant {
    pub form: String,
    pub pages: EncodedPages,
}

impl EncodedWord {
    /// What the chunking of the index counts for this word: its locations and pages, and
    /// its variants.
    pub fn size(&self) -> usize {
        self.pages.size()
            + self
                .additional_variants
                .iter()
                .map(|v| v.pages.size())
                .sum::<usize>()
            + self.additional_variants.len()
    }
}

impl<C> minicbor::Encode<C> for EncodedWord {
    fn encode<W: minicbor::encode::Write>(
        &self,
        e: &mut minicbor::Encoder<W>,
        _ctx: &mut C,
    ) -> Result<(), minicbor::encode::Error<W::Error>> {
        e.array(3)?.str(&self.word)?;
        self.pages.encode(e)?;
        e.array(self.additional_variants.len() as u64)?;
        for variant in &self.additional_variants {
            e.array(2)?.str(&variant.form)?;
            variant.pages.encode(e)?;
        }
        Ok(())
    }
}

/// A `WordIndex` of encoded words: the same bytes.
#[derive(Encode)]
pub struct EncodedWordIndex {
    #[n(0)]
    pub words: Vec<EncodedWord>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(page_number: usize, locs: Vec<i32>, meta_locs: Vec<i32>) -> PackedPage {
        PackedPage {
            page_number,
            locs,
            meta_locs,
        }
    }

    #[test]
    fn encoded_words_are_the_packed_words_bytes() {
        let pages = vec![
            page(3, vec![1, 2, -49, 7], vec![]),
            page(4, vec![], vec![-1, 0, 3]),
            page(300, (0..40).collect(), vec![-2, 5]),
        ];
        let variant_pages = vec![page(0, vec![9], vec![]), page(70_000, vec![-1000], vec![])];

        let mut encoded = EncodedWord {
            word: "laboratory".into(),
            pages: EncodedPages::default(),
            additional_variants: vec![EncodedVariant {
                form: "labóratory".into(),
                pages: EncodedPages::default(),
            }],
        };
        for p in pages.clone() {
            encoded.pages.push(p);
        }
        for p in variant_pages.clone() {
            encoded.additional_variants[0].pages.push(p);
        }

        let delta = |pages: Vec<PackedPage>| {
            let mut last = 0;
            pages
                .into_iter()
                .map(|p| {
                    let number = p.page_number - last;
                    last = p.page_number;
                    PackedPage {
                        page_number: number,
                        ..p
                    }
                })
                .collect::<Vec<_>>()
        };
        let packed = PackedWord {
            word: "laboratory".into(),
            pages: delta(pages),
            additional_variants: vec![PackedVariant {
                form: "labóratory".into(),
                pages: delta(variant_pages),
            }],
        };

        let mut expected = Vec::new();
        minicbor::encode(
            WordIndex {
                words: vec![packed.clone(), packed],
            },
            &mut expected,
        )
        .unwrap();
        let mut actual = Vec::new();
        minicbor::encode(
            EncodedWordIndex {
                words: vec![encoded.clone(), encoded.clone()],
            },
            &mut actual,
        )
        .unwrap();
        assert_eq!(actual, expected);
        assert_eq!(
            encoded.size(),
            (4 + 1) + (3 + 1) + (42 + 1) + (1 + 1) + (1 + 1) + 1
        );
    }
}

use std::collections::BTreeMap;

use hashbrown::HashMap;

use crate::fossick::FossickedWord;

/// A page's words with their locations packed as the index holds them (what
/// `positions_to_packed_page` makes of them), all in three vectors: a few dozen bytes a
/// word where a map of every word to its positions takes a few hundred. Pages are kept
/// like this from when they are read until the index is built.
#[derive(Debug, Clone, Default)]
pub struct PageWords {
    /// The words and variants, one after another.
    text: String,
    /// Their packed locations, one after another.
    locs: Vec<i32>,
    /// Each word, followed by its variants (other forms with diacritics).
    entries: Vec<Entry>,
}

#[derive(Debug, Clone, Copy)]
struct Entry {
    text_end: u32,
    locs_end: u32,
    /// How many of the entries after this one are its variants.
    variants: u32,
}

/// One word of a page: its packed locations (empty when the word only occurs in another
/// form), and its variants with theirs.
pub struct PageWord<'a> {
    pub word: &'a str,
    pub locs: &'a [i32],
    pub variants: Vec<(&'a str, &'a [i32])>,
}

impl PageWords {
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Packs `word_data` (words to their positions on the page) and adds it.
    pub fn extend(&mut self, word_data: HashMap<String, Vec<crate::fossick::FossickedWord>>) {
        for (word, positions) in word_data {
            // Group positions by original_word for this page
            let mut normalized_positions: Vec<FossickedWord> = Vec::new();
            let mut variant_positions: BTreeMap<String, Vec<FossickedWord>> = BTreeMap::new();
            for fossicked in positions {
                match &fossicked.original_word {
                    // No diacritics - original matches normalized form
                    None => normalized_positions.push(fossicked),
                    // Original form differs (has diacritics) - stored instead as a variant
                    Some(original) => variant_positions
                        .entry(original.clone())
                        .or_default()
                        .push(fossicked),
                }
            }
            self.push(&word, normalized_positions, variant_positions.len());
            for (form, positions) in variant_positions {
                self.push(&form, positions, 0);
            }
        }
        self.text.shrink_to_fit();
        self.locs.shrink_to_fit();
        self.entries.shrink_to_fit();
    }

    fn push(&mut self, text: &str, positions: Vec<FossickedWord>, variants: usize) {
        self.text.push_str(text);
        if !positions.is_empty() {
            self.locs
                .extend(super::positions_to_packed_page(positions, 0).locs);
        }
        self.entries.push(Entry {
            text_end: to_u32(self.text.len()),
            locs_end: to_u32(self.locs.len()),
            variants: to_u32(variants),
        });
    }

    /// The words, each with its variants.
    pub fn iter(&self) -> impl Iterator<Item = PageWord<'_>> {
        let mut next = 0;
        std::iter::from_fn(move || {
            let word = self.entry(next)?;
            let variants = self.entries[next].variants as usize;
            let variants = (next + 1..=next + variants)
                .filter_map(|i| self.entry(i))
                .collect();
            next += 1 + self.entries[next].variants as usize;
            Some(PageWord {
                word: word.0,
                locs: word.1,
                variants,
            })
        })
    }

    fn entry(&self, i: usize) -> Option<(&str, &[i32])> {
        let entry = self.entries.get(i)?;
        let (text_start, locs_start) = match i.checked_sub(1) {
            Some(before) => (
                self.entries[before].text_end as usize,
                self.entries[before].locs_end as usize,
            ),
            None => (0, 0),
        };
        Some((
            &self.text[text_start..entry.text_end as usize],
            &self.locs[locs_start..entry.locs_end as usize],
        ))
    }
}

fn to_u32(n: usize) -> u32 {
    n.try_into().expect("a page's words fit in 4 GiB")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(position: u32, weight: u8, original: Option<&str>) -> FossickedWord {
        FossickedWord {
            position,
            weight,
            original_word: original.map(str::to_string),
        }
    }

    #[test]
    fn packed_words_keep_each_words_locations_and_variants() {
        let mut word_data = HashMap::new();
        word_data.insert(
            "cafe".to_string(),
            vec![
                at(9, 25, None),
                at(3, 25, Some("café")),
                at(1, 50, None),
                at(2, 25, None),
                at(7, 25, Some("cafè")),
            ],
        );
        word_data.insert("résumé".to_string(), vec![at(4, 25, Some("résumé"))]);
        word_data.insert("lab".to_string(), vec![at(0, 168, None)]);

        let mut words = PageWords::default();
        words.extend(word_data);
        let mut found: Vec<_> = words
            .iter()
            .map(|w| {
                (
                    w.word.to_string(),
                    w.locs.to_vec(),
                    w.variants
                        .iter()
                        .map(|(f, l)| (f.to_string(), l.to_vec()))
                        .collect::<Vec<_>>(),
                )
            })
            .collect();
        found.sort();
        assert_eq!(
            found,
            vec![
                (
                    "cafe".to_string(),
                    // weight 25 first, delta-encoded, then the change to weight 50
                    vec![2, 7, -51, 1],
                    vec![("cafè".to_string(), vec![7]), ("café".to_string(), vec![3])]
                ),
                ("lab".to_string(), vec![-169, 0], vec![]),
                (
                    "résumé".to_string(),
                    vec![],
                    vec![("résumé".to_string(), vec![4])]
                ),
            ]
        );
    }
}

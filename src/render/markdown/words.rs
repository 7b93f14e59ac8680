//! Counting words for `word_count` and `reading_time`: runs of letters and digits in
//! alphabetic scripts, each character in Chinese and Japanese text.

/// Words in `text`: whitespace-separated runs, and each CJK character on its own.
pub(crate) fn count_words(text: &str) -> usize {
    if text.is_ascii() {
        return count_ascii_words(text.as_bytes());
    }
    let bytes = text.as_bytes();
    let mut count = 0;
    let mut in_word = false;
    let mut i = 0;
    while i < bytes.len() {
        let byte = bytes[i];
        // ASCII first: most text is, and a byte test is far cheaper than char decoding.
        if byte.is_ascii() {
            if byte.is_ascii_alphanumeric() {
                count += usize::from(!in_word);
                in_word = true;
            } else if byte.is_ascii_whitespace() {
                in_word = false;
            }
            i += 1;
            continue;
        }
        let c = text[i..]
            .chars()
            .next()
            .expect("i is always at a character boundary");
        if is_cjk(c) {
            count += 1;
            in_word = false;
        } else if c.is_alphanumeric() {
            count += usize::from(!in_word);
            in_word = true;
        } else if c.is_whitespace() {
            in_word = false;
        }
        i += c.len_utf8();
    }
    count
}
/// `count_words` of ASCII text, eight bytes at a time (byte by byte, counting words was 4 %
/// of a build's instructions). In each eight, the top bit of a byte is set in `alnum` if
/// it is a letter or digit and in `space` if whitespace. A word is counted where the first
/// of either after whitespace (or the start) is a letter or digit: adding a bit just past
/// each whitespace to the bits of every other byte carries it up to that first one.
pub(super) fn count_ascii_words(bytes: &[u8]) -> usize {
    let mut count = 0;
    // Whether a run started in the bytes before whose first letter is yet to come.
    let mut pending = 1u64;
    let mut eight = |word: u64| {
        let lower = word | (ONES * 0x20);
        let alnum = in_range(word, b'0', b'9') | in_range(lower, b'a', b'z');
        let space = (in_range(word, b'\t', b'\r') & !in_range(word, 0x0b, 0x0b)) | in_range(word, b' ', b' ');
        let starts = (space << 8) | (pending << 7);
        let (firsts, over) = (!(alnum | space)).overflowing_add(starts);
        count += (firsts & alnum).count_ones() as usize;
        pending = u64::from(over) | (space >> 63);
    };
    let mut chunks = bytes.chunks_exact(8);
    for chunk in &mut chunks {
        eight(u64::from_le_bytes(chunk.try_into().expect("chunks of eight")));
    }
    let mut rest = [0u8; 8];
    rest[..chunks.remainder().len()].copy_from_slice(chunks.remainder());
    eight(u64::from_le_bytes(rest));
    count
}
const ONES: u64 = 0x0101_0101_0101_0101;
/// The top bit of each byte of `word` (all ASCII) that is from `low` to `high`.
fn in_range(word: u64, low: u8, high: u8) -> u64 {
    let at_least = word + ONES * u64::from(0x80 - low);
    let above = word + ONES * u64::from(0x7f - high);
    at_least & !above & (ONES * 0x80)
}
/// Minutes to read `words` at 200 a minute, at least one.
pub(crate) fn reading_time(words: usize) -> usize {
    words.div_ceil(200).max(1)
}
fn is_cjk(c: char) -> bool {
    matches!(c, '\u{3040}'..='\u{30ff}' | '\u{3400}'..='\u{4dbf}' | '\u{4e00}'..='\u{9fff}' | '\u{ac00}'..='\u{d7af}' | '\u{f900}'..='\u{faff}')
}

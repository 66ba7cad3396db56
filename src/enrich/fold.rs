//! Text folding for gazetteer matching: ASCII folding (Maïga -> Maiga),
//! typographic quotes to ASCII, hyphens and dashes to spaces, and a lower-cased twin, with a
//! map back to byte offsets in the original text so matches can be shown.

use unicode_normalization::char::{decompose_canonical, is_combining_mark};

/// A folded copy of a text. `cased` and `lower` have identical byte lengths,
/// so one offset works in both; `origin[i]` is the byte in the original text
/// that folded byte `i` came from (with one extra entry for the end), or
/// `origin` is empty when folding kept every offset (all-ASCII text, the
/// common case: no map to build).
#[derive(Debug, Default)]
pub struct Folded {
    /// Folded, case preserved: matched against case-sensitive names (`=UN`).
    pub cased: String,
    /// Folded and lower-cased: matched against every other name.
    pub lower: String,
    origin: Vec<usize>,
    /// Folded offsets of the spaces that were hyphens or dashes, in order:
    /// "COVID-19" and "a 2-day siege" are one name or modifier.
    hyphens: Vec<usize>,
}

impl Folded {
    /// Folds `text`.
    pub fn new(text: &str) -> Self {
        let mut folded = Folded {
            cased: String::with_capacity(text.len()),
            lower: String::with_capacity(text.len()),
            origin: Vec::new(),
            hyphens: Vec::new(),
        };
        let mut buf = [0u8; 4];
        let mut mapped = false;
        for (offset, c) in text.char_indices() {
            // Most text is ASCII: fold it without the general path's case
            // mapping iterators (half the cost of extraction before).
            if c.is_ascii() {
                let f = match c {
                    '-' => {
                        folded.hyphens.push(folded.cased.len());
                        ' '
                    }
                    '`' => '\'',
                    _ => c,
                };
                folded.cased.push(f);
                folded.lower.push(f.to_ascii_lowercase());
                if mapped {
                    folded.origin.push(offset);
                }
                continue;
            }
            if !mapped {
                // First non-ASCII character: offsets may shift from here on.
                mapped = true;
                folded.origin.reserve(text.len() + 1);
                folded.origin.extend(0..offset);
            }
            if matches!(c, '\u{2010}'..='\u{2015}' | '\u{2212}') {
                folded.hyphens.push(folded.cased.len());
            }
            for_each_folded(c, |f| {
                let lower = single_lower(f);
                let width = f.len_utf8();
                folded.cased.push(f);
                // Keep the two strings aligned: fall back to the cased char
                // when lower-casing would change its UTF-8 width.
                folded.lower.push_str(if lower.len_utf8() == width {
                    lower.encode_utf8(&mut buf)
                } else {
                    f.encode_utf8(&mut buf)
                });
                folded.origin.extend(std::iter::repeat_n(offset, width));
            });
        }
        if mapped {
            folded.origin.push(text.len());
        }
        folded
    }

    /// Whether the folded byte at `offset` was a hyphen or a dash.
    pub(super) fn hyphen_at(&self, offset: usize) -> bool {
        !self.hyphens.is_empty() && self.hyphens.binary_search(&offset).is_ok()
    }

    /// The original byte range of folded range `start..end`.
    pub fn original_range(&self, start: usize, end: usize) -> (usize, usize) {
        if self.origin.is_empty() {
            return (start, end);
        }
        let original_end = self.origin[end..]
            .iter()
            .copied()
            .find(|&o| o > self.origin[end - 1]);
        (
            self.origin[start],
            original_end.unwrap_or(*self.origin.last().unwrap_or(&0)),
        )
    }
}

/// Folds a name the way texts are folded, lower-cased or not.
pub fn fold_str(text: &str, lower: bool) -> String {
    let f = Folded::new(text);
    if lower {
        f.lower
    } else {
        f.cased
    }
}

fn single_lower(c: char) -> char {
    let mut it = c.to_lowercase();
    match (it.next(), it.next()) {
        (Some(l), None) => l,
        _ => c,
    }
}

fn for_each_folded(c: char, mut emit: impl FnMut(char)) {
    match c {
        // Hyphens and dashes read as spaces: "Anti Balaka" is "anti-Balaka".
        '-' | '\u{2010}'..='\u{2015}' | '\u{2212}' => emit(' '),
        '`' | '\u{2018}' | '\u{2019}' | '\u{201B}' | '\u{02BC}' | '\u{02BB}' | '\u{00B4}' => {
            emit('\'')
        }
        _ if c.is_ascii() => emit(c),
        '\u{201C}' | '\u{201D}' | '\u{00AB}' | '\u{00BB}' => emit('"'),
        '\u{00A0}' | '\u{2009}' | '\u{202F}' => emit(' '),
        'ß' => "ss".chars().for_each(emit),
        'æ' => "ae".chars().for_each(emit),
        'Æ' => "AE".chars().for_each(emit),
        'œ' => "oe".chars().for_each(emit),
        'Œ' => "OE".chars().for_each(emit),
        'ø' => emit('o'),
        'Ø' => emit('O'),
        'đ' => emit('d'),
        'Đ' => emit('D'),
        'ł' => emit('l'),
        'Ł' => emit('L'),
        'ı' => emit('i'),
        _ => decompose_canonical(c, |d| {
            if !is_combining_mark(d) {
                emit(d)
            }
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_diacritics_quotes_and_case() {
        let f = Folded::new("Maïga’s Côte");
        assert_eq!(f.cased, "Maiga's Cote");
        assert_eq!(
            fold_str("Anti-Balaka – Nord‑Kivu", true),
            "anti balaka   nord kivu"
        );
        assert_eq!(f.lower, "maiga's cote");
        assert_eq!(fold_str("ÉTAT Łódź", true), "etat lodz");
    }

    #[test]
    fn maps_folded_ranges_back_to_the_original() {
        let text = "la Côte d’Ivoire";
        let f = Folded::new(text);
        let start = f.lower.find("cote").unwrap();
        let end = f.lower.len();
        let (s, e) = f.original_range(start, end);
        assert_eq!(&text[s..e], "Côte d’Ivoire");
    }

    #[test]
    fn ascii_text_keeps_its_offsets_and_shifted_text_is_mapped() {
        let ascii = Folded::new("troops in Mali-Niger");
        assert_eq!(ascii.original_range(10, 14), (10, 14));
        // A leading combining mark folds to nothing: every later offset moves.
        let text = "\u{301}Mali";
        let f = Folded::new(text);
        assert_eq!(f.lower, "mali");
        let (s, e) = f.original_range(0, 4);
        assert_eq!(&text[s..e], "Mali");
    }
}

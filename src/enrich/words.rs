//! The words of a folded text, for the rules that read a name around the
//! word that marks it (people by their role, parties by their head noun).

use super::{Folded, Mention};

/// Lower-case words allowed inside a name between capitalised ones: "Party
/// of the Regions", "Front for the Liberation", "the president of the
/// Tunisian League for the Defence of Human Rights".
pub(super) const JOINERS: &[&str] = &["of", "for", "the", "and"];

/// Day and month names: capitalised, but no part of a name ("Governor Ned
/// Lamont Friday", "Sunday the Iowa Democratic Party").
pub(super) const CALENDAR_WORDS: &[&str] = &[
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "january",
    "february",
    "april",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

/// Number words, which count what follows: "four Armenian and three
/// Azerbaijani soldiers", "Seven Kurdistan Workers' Party militants".
pub(super) const NUMBERS: &[&str] = &[
    "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "several", "dozens",
];

/// One word of the folded text.
#[derive(Debug, Clone, Copy)]
pub(super) struct Word<'a> {
    pub(super) text: &'a str,
    /// The same word in the lower-case folded text.
    pub(super) lower: &'a str,
    pub(super) start: usize,
    pub(super) end: usize,
    /// The text between the previous word and this one.
    pub(super) gap: &'a str,
    /// The gap was a hyphen or a dash, which folding made a space
    /// ("COVID-19", "2-day").
    pub(super) hyphen: bool,
}

/// Splits folded text into words of letters, digits and apostrophes. A full
/// stop after a word stays in the next word's gap (`"S"` then `". Miller"`).
pub(super) fn words(folded: &Folded) -> Vec<Word<'_>> {
    let (text, lower) = (folded.cased.as_str(), folded.lower.as_str());
    let mut out: Vec<Word> = Vec::with_capacity(text.len() / 6);
    let mut start = None;
    let mut last_end = 0;
    // Bytes, not chars: folded text is nearly all ASCII, and every byte of a
    // non-ASCII character (a letter folding kept, such as ß) is >= 0x80.
    for (i, &b) in text.as_bytes().iter().chain([&b' ']).enumerate() {
        if b.is_ascii_alphanumeric() || b == b'\'' || b >= 0x80 {
            start.get_or_insert(i);
            continue;
        }
        if let Some(s) = start.take() {
            out.push(Word {
                text: &text[s..i],
                lower: &lower[s..i],
                start: s,
                end: i,
                gap: &text[last_end..s],
                hyphen: s == last_end + 1 && folded.hyphen_at(last_end),
            });
            last_end = i;
        }
    }
    out
}

/// The word without a possessive ending ("Lamont's" -> "Lamont").
pub(super) fn without_possessive(word: &str) -> &str {
    word.strip_suffix("'s")
        .or_else(|| word.strip_suffix('\''))
        .unwrap_or(word)
}

/// Which words the accepted gazetteer mentions of a text cover: a name the
/// gazetteer matched is the gazetteer's.
pub(super) struct Coverage<'a> {
    folded: &'a Folded,
    /// Original byte ranges of the accepted mentions.
    ranges: Vec<(usize, usize)>,
}

impl<'a> Coverage<'a> {
    pub(super) fn new(folded: &'a Folded, mentions: &[Mention]) -> Self {
        let ranges = mentions
            .iter()
            .filter(|m| m.accepted)
            .map(|m| m.range)
            .collect();
        Coverage { folded, ranges }
    }

    /// Whether an accepted mention overlaps `word`.
    pub(super) fn covers(&self, word: &Word) -> bool {
        let (s, e) = self.folded.original_range(word.start, word.end);
        self.ranges.iter().any(|&(ms, me)| ms < e && s < me)
    }
}

/// The name from `first` to `last` as the original text writes it (without a
/// possessive ending, white space as single spaces), and its original range.
pub(super) fn written(
    folded: &Folded,
    text: &str,
    first: &Word,
    last: &Word,
) -> (String, (usize, usize)) {
    let (s, e) = folded.original_range(
        first.start,
        last.start + without_possessive(last.text).len(),
    );
    let name = text[s..e].split_whitespace().collect::<Vec<_>>().join(" ");
    (name, (s, e))
}

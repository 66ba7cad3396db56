//! Amounts written in a report, in English and French: digits ("12",
//! "1,200"), words ("twelve", "a dozen", "deux cents"), bounds ("at least
//! 30", "more than 100", "up to 40", "au moins 12") and vague amounts
//! ("dozens", "hundreds", "une dizaine", "des centaines"), each read as a
//! range of what the text supports. The casualty rules
//! (`casualties.rs`) read these at the places their patterns expect a count.

use std::sync::LazyLock;

use rustc_hash::{FxHashMap, FxHashSet};

use super::words::Word;

/// An amount read from the text: `min..=max`, and what it was read from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Amount {
    /// Least number the text supports.
    pub(super) min: u32,
    /// Greatest number the text supports.
    pub(super) max: u32,
    /// Words the amount takes, from the first one read.
    pub(super) len: usize,
    /// How it was read: `digits`, `words`, `vague`, with a bound before it
    /// (`at least`, `more than`, `up to`, `about`).
    pub(super) form: &'static str,
}

/// Amounts above this are not people counted in one report (a year, a sum
/// of money, a population): "1,200,000" displaced is possible, a count of
/// ten million is not one the rules should trust.
const MAX_AMOUNT: u32 = 9_999_999;

/// English and French number words below a hundred that stand alone.
const UNITS: &[(&str, u32)] = &[
    ("one", 1),
    ("two", 2),
    ("three", 3),
    ("four", 4),
    ("five", 5),
    ("six", 6),
    ("seven", 7),
    ("eight", 8),
    ("nine", 9),
    ("ten", 10),
    ("eleven", 11),
    ("twelve", 12),
    ("thirteen", 13),
    ("fourteen", 14),
    ("fifteen", 15),
    ("sixteen", 16),
    ("seventeen", 17),
    ("eighteen", 18),
    ("nineteen", 19),
    ("twenty", 20),
    ("thirty", 30),
    ("forty", 40),
    ("fifty", 50),
    ("sixty", 60),
    ("seventy", 70),
    ("eighty", 80),
    ("ninety", 90),
    ("un", 1),
    ("une", 1),
    ("deux", 2),
    ("trois", 3),
    ("quatre", 4),
    ("cinq", 5),
    ("sept", 7),
    ("huit", 8),
    ("neuf", 9),
    ("dix", 10),
    ("onze", 11),
    ("douze", 12),
    ("treize", 13),
    ("quatorze", 14),
    ("quinze", 15),
    ("seize", 16),
    ("vingt", 20),
    ("vingts", 20),
    ("trente", 30),
    ("quarante", 40),
    ("cinquante", 50),
    ("soixante", 60),
];

/// Multipliers: "two hundred", "trois mille".
const SCALES: &[(&str, u32)] = &[
    ("hundred", 100),
    ("thousand", 1_000),
    ("million", 1_000_000),
    ("cent", 100),
    ("cents", 100),
    ("mille", 1_000),
    ("millions", 1_000_000),
];

/// Vague amounts, each a range: "dozens" is two dozen or more but not a
/// hundred, "hundreds" two hundred or more but not a thousand. French
/// approximate amounts ("une dizaine", about ten) keep the amount named.
/// Each is read with the article or "of"/"de" that joins it to its noun.
const VAGUE: &[(&[&str], u32, u32)] = &[
    (&["a", "dozen"], 12, 12),
    (&["half", "a", "dozen"], 6, 6),
    (&["several", "dozen"], 24, 99),
    (&["dozens"], 24, 99),
    (&["scores"], 40, 199),
    (&["a", "hundred"], 100, 100),
    (&["several", "hundred"], 200, 999),
    (&["hundreds"], 200, 999),
    (&["a", "thousand"], 1_000, 1_000),
    (&["several", "thousand"], 2_000, 9_999),
    (&["tens", "of", "thousands"], 20_000, 99_999),
    (&["thousands"], 2_000, 9_999),
    (&["several"], 3, 9),
    (&["a", "few"], 2, 9),
    (&["a", "handful"], 2, 9),
    (&["une", "dizaine"], 10, 10),
    (&["une", "douzaine"], 12, 12),
    (&["une", "quinzaine"], 15, 15),
    (&["une", "vingtaine"], 20, 20),
    (&["une", "trentaine"], 30, 30),
    (&["une", "quarantaine"], 40, 40),
    (&["une", "cinquantaine"], 50, 50),
    (&["une", "soixantaine"], 60, 60),
    (&["une", "centaine"], 100, 100),
    (&["un", "millier"], 1_000, 1_000),
    (&["des", "dizaines"], 20, 99),
    (&["plusieurs", "dizaines"], 20, 99),
    (&["des", "centaines"], 200, 999),
    (&["plusieurs", "centaines"], 200, 999),
    (&["des", "milliers"], 2_000, 9_999),
    (&["plusieurs", "milliers"], 2_000, 9_999),
    (&["plusieurs"], 2, 9),
];

/// Words before an amount that bound it, and how: a lower bound keeps the
/// amount written ("at least 30" supports 30, as ACLED and UCDP code it),
/// an upper bound supports anything from one up to it ("up to 40").
const BOUNDS: &[(&[&str], Bound)] = &[
    (&["at", "least"], Bound::AtLeast),
    (&["more", "than"], Bound::MoreThan),
    (&["over"], Bound::MoreThan),
    (&["upwards", "of"], Bound::MoreThan),
    (&["in", "excess", "of"], Bound::MoreThan),
    (&["up", "to"], Bound::UpTo),
    (&["as", "many", "as"], Bound::UpTo),
    (&["fewer", "than"], Bound::UpTo),
    (&["less", "than"], Bound::UpTo),
    (&["about"], Bound::About),
    (&["around"], Bound::About),
    (&["some"], Bound::About),
    (&["nearly"], Bound::About),
    (&["almost"], Bound::About),
    (&["approximately"], Bound::About),
    (&["roughly"], Bound::About),
    (&["an", "estimated"], Bound::About),
    (&["estimated"], Bound::About),
    (&["au", "moins"], Bound::AtLeast),
    (&["plus", "de"], Bound::MoreThan),
    (&["pres", "de"], Bound::About),
    (&["environ"], Bound::About),
    (&["quelque"], Bound::About),
    (&["jusqu'a"], Bound::UpTo),
];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Bound {
    AtLeast,
    MoreThan,
    UpTo,
    About,
}

impl Bound {
    fn form(self) -> &'static str {
        match self {
            Bound::AtLeast => "at least",
            Bound::MoreThan => "more than",
            Bound::UpTo => "up to",
            Bound::About => "about",
        }
    }
}

/// Whether `words[at..]` starts with `seq`.
pub(super) fn starts_with(words: &[Word], at: usize, seq: &[&str]) -> bool {
    words.len() >= at + seq.len()
        && seq
            .iter()
            .enumerate()
            // Inside a phrase the words must be joined by spaces only.
            .all(|(k, w)| words[at + k].lower == *w && (k == 0 || words[at + k].gap == " "))
}

/// The amount written at `words[at]`, if one is: an optional bound, then
/// digits, number words or a vague amount, and for vague amounts the "of"
/// or "de" after them. A partitive ("one of the", "two of them", "12 of
/// the 30 passengers") is not an amount of its own.
/// Every word an amount can start with, but digits: most words of a text
/// are none of these, and are refused by one lookup instead of a scan of
/// every table (which had doubled the indexing instructions).
static FIRST_WORDS: LazyLock<FxHashSet<&'static str>> = LazyLock::new(|| {
    let mut set = FxHashSet::default();
    set.insert("between");
    set.extend(BOUNDS.iter().map(|(seq, _)| seq[0]));
    set.extend(VAGUE.iter().map(|(seq, _, _)| seq[0]));
    set.extend(UNITS.iter().map(|(w, _)| *w));
    set.extend(SCALES.iter().map(|(w, _)| *w));
    set
});

/// The words but digits an amount can start with.
pub(super) fn amount_first_words() -> impl Iterator<Item = &'static str> {
    FIRST_WORDS.iter().copied()
}

/// Whether an amount can start at `word`.
pub(super) fn may_start_amount(word: &str) -> bool {
    word.as_bytes().first().is_some_and(u8::is_ascii_digit) || FIRST_WORDS.contains(word)
}

/// A sequence of folded words ("more", "than").
type Phrase = &'static [&'static str];

/// A table of word sequences looked up by their first word: the words an
/// amount may start with ("a", "more", "at") are common, and scanning every
/// entry at each of them cost more than the rest of the casualty rules.
struct ByFirst<T: 'static>(LazyLock<FxHashMap<&'static str, Vec<(Phrase, T)>>>);

impl<T: Copy> ByFirst<T> {
    /// The first entry whose words start at `words[at]`.
    fn find(&self, words: &[Word], at: usize) -> Option<(Phrase, T)> {
        self.0
            .get(words.get(at)?.lower)?
            .iter()
            .find(|(seq, _)| starts_with(words, at, seq))
            .copied()
    }
}

/// The entries grouped by first word, in their order.
fn by_first<T>(
    entries: impl Iterator<Item = (Phrase, T)>,
) -> FxHashMap<&'static str, Vec<(Phrase, T)>> {
    let mut map: FxHashMap<_, Vec<_>> = FxHashMap::default();
    for (seq, value) in entries {
        map.entry(seq[0]).or_default().push((seq, value));
    }
    map
}

static VAGUE_BY_FIRST: ByFirst<(u32, u32)> = ByFirst(LazyLock::new(|| {
    by_first(VAGUE.iter().map(|&(seq, lo, hi)| (seq, (lo, hi))))
}));

static BOUNDS_BY_FIRST: ByFirst<Bound> =
    ByFirst(LazyLock::new(|| by_first(BOUNDS.iter().copied())));

/// Number words and scales by word.
static UNIT_VALUES: LazyLock<FxHashMap<&'static str, u32>> =
    LazyLock::new(|| UNITS.iter().copied().collect());
static SCALE_VALUES: LazyLock<FxHashMap<&'static str, u32>> =
    LazyLock::new(|| SCALES.iter().copied().collect());

pub(super) fn amount_at(words: &[Word], at: usize) -> Option<Amount> {
    if !words.get(at).is_some_and(|w| may_start_amount(w.lower)) {
        return None;
    }
    // "between four and 20 people": a range.
    if words.get(at).is_some_and(|w| w.lower == "between") {
        let low = core_at(words, at + 1)?;
        let and = at + 1 + low.2;
        if words.get(and).is_some_and(|w| w.lower == "and") {
            let high = core_at(words, and + 1)?;
            return Some(Amount {
                min: low.0,
                max: high.1.max(low.0),
                len: and + 1 + high.2 - at,
                form: "between",
            });
        }
        return None;
    }
    let (bound, start) = BOUNDS_BY_FIRST
        .find(words, at)
        .map_or((None, at), |(seq, b)| (Some(b), at + seq.len()));
    let (mut min, mut max, mut len, mut form) = core_at(words, start)?;
    let named = VAGUE_BY_FIRST.find(words, start).is_some();
    match words.get(start + len).map(|w| w.lower) {
        // "dozens of", "une dizaine de", "une dizaine des morts"
        Some("de" | "d'") => len += 1,
        Some("des") if named => len += 1,
        Some("of") if named => len += 1,
        // "one of the", "two of them": part of a group counted elsewhere.
        Some("of") => return None,
        _ => {}
    }
    if let Some(bound) = bound {
        match bound {
            // A vague amount keeps its range ("more than a dozen" is 12).
            Bound::AtLeast | Bound::MoreThan if form != "vague" => max = min,
            Bound::UpTo => min = 1,
            _ => {}
        }
        form = bound.form();
    }
    Some(Amount {
        min,
        max,
        len: start - at + len,
        form,
    })
}

/// The amount without its bound: (min, max, words taken, form).
fn core_at(words: &[Word], at: usize) -> Option<(u32, u32, usize, &'static str)> {
    if let Some((seq, (lo, hi))) = VAGUE_BY_FIRST.find(words, at) {
        // "a dozen" and "a hundred" are exact; "two dozen" is read by words.
        let form = if lo == hi { "words" } else { "vague" };
        return Some((lo, hi, seq.len(), form));
    }
    let first = words.get(at)?;
    if first.lower.bytes().all(|b| b.is_ascii_digit()) {
        return digits_at(words, at).map(|(n, len)| (n, n, len, "digits"));
    }
    number_words_at(words, at).map(|(n, len)| (n, n, len, "words"))
}

/// Digits with optional thousands groups ("1,200", "12 000" is not read:
/// a space also separates two numbers), and the "+" of "100+".
fn digits_at(words: &[Word], at: usize) -> Option<(u32, usize)> {
    let mut text = words[at].lower.to_string();
    let mut len = 1;
    while let Some(next) = words.get(at + len) {
        let group = next.lower.len() == 3 && next.lower.bytes().all(|b| b.is_ascii_digit());
        if group && matches!(next.gap, "," | ".") && text.len() <= 3 {
            text.push_str(next.lower);
            len += 1;
        } else {
            break;
        }
    }
    let n: u32 = text.parse().ok()?;
    (n <= MAX_AMOUNT).then_some((n, len))
}

/// English and French cardinal numbers in words: "twelve", "twenty five"
/// (hyphens are spaces after folding), "two hundred and fifty", "dix sept",
/// "quatre vingt dix", "trois mille".
fn number_words_at(words: &[Word], at: usize) -> Option<(u32, usize)> {
    let value = |w: &str| UNIT_VALUES.get(w).copied();
    let scale = |w: &str| SCALE_VALUES.get(w).copied();
    let (mut total, mut current, mut len, mut taken) = (0u32, 0u32, 0usize, 0usize);
    while let Some(word) = words.get(at + len) {
        if len > 0 && word.gap != " " {
            break;
        }
        let w = word.lower;
        if let Some(n) = value(w) {
            current = match current {
                0 => n,
                // "quatre vingt" is 80.
                4 if n == 20 => 80,
                // "two hundred fifty", "twenty five", "dix sept",
                // "soixante dix", "quatre vingt dix".
                c if c % 100 == 0 || c % 10 == 0 && n < 10 || matches!(c, 60 | 80) && n < 20 => {
                    c + n
                }
                _ => break,
            };
        } else if let Some(s) = scale(w).filter(|_| len > 0 || w.starts_with("cent")) {
            let base = current.max(1);
            if s >= 1_000 {
                total += base * s;
                current = 0;
            } else {
                current = base * s;
            }
        } else if matches!(w, "and" | "et") && current > 0 {
            // "two hundred and fifty", "vingt et un": taken only with the
            // number word after it.
            len += 1;
            continue;
        } else {
            break;
        }
        len += 1;
        taken = len;
        if total + current > MAX_AMOUNT {
            return None;
        }
    }
    let len = taken;
    // "un" and "une" alone are French articles as often as numbers; "one"
    // alone counts ("one soldier was killed").
    let only_article = len == 1 && matches!(words[at].lower, "un" | "une");
    (len > 0 && !only_article).then_some((total + current, len))
}

#[cfg(test)]
mod tests {
    use super::super::fold::Folded;
    use super::super::words::words;
    use super::*;

    fn read(text: &str) -> Option<(u32, u32, &'static str)> {
        let folded = Folded::new(text);
        let w = words(&folded);
        amount_at(&w, 0).map(|a| (a.min, a.max, a.form))
    }

    #[test]
    fn digits_and_thousands_groups() {
        assert_eq!(read("12 killed"), Some((12, 12, "digits")));
        assert_eq!(read("1,200 displaced"), Some((1200, 1200, "digits")));
        assert_eq!(read("3, 5"), Some((3, 3, "digits")));
    }

    #[test]
    fn number_words_in_english_and_french() {
        assert_eq!(read("twelve"), Some((12, 12, "words")));
        assert_eq!(read("twenty-five"), Some((25, 25, "words")));
        assert_eq!(
            read("two hundred and fifty people"),
            Some((250, 250, "words"))
        );
        assert_eq!(read("a dozen"), Some((12, 12, "words")));
        assert_eq!(read("dix-sept morts"), Some((17, 17, "words")));
        assert_eq!(read("quatre-vingt-dix"), Some((90, 90, "words")));
        assert_eq!(read("trois mille"), Some((3000, 3000, "words")));
        assert_eq!(read("one soldier"), Some((1, 1, "words")));
        assert_eq!(read("une attaque"), None);
    }

    #[test]
    fn bounds_and_vague_amounts_are_ranges() {
        assert_eq!(read("at least 30"), Some((30, 30, "at least")));
        assert_eq!(read("more than 100"), Some((100, 100, "more than")));
        assert_eq!(read("up to 40"), Some((1, 40, "up to")));
        assert_eq!(read("dozens of"), Some((24, 99, "vague")));
        assert_eq!(read("scores"), Some((40, 199, "vague")));
        assert_eq!(read("hundreds of people"), Some((200, 999, "vague")));
        assert_eq!(read("au moins 12 morts"), Some((12, 12, "at least")));
        assert_eq!(read("une dizaine de blesses"), Some((10, 10, "words")));
        assert_eq!(read("des dizaines de morts"), Some((20, 99, "vague")));
    }

    #[test]
    fn partitives_are_not_amounts() {
        assert_eq!(read("one of the soldiers"), None);
        assert_eq!(read("12 of the 30 passengers"), None);
        assert_eq!(read("the 12"), None);
    }
}

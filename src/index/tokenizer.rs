//! The tokenizer of English text. Words are runs of letters and digits, as
//! with tantivy's `SimpleTokenizer`, with two exceptions that make words match
//! the way readers write them:
//!
//! * an abbreviation written with dots is one word of its letters: `U.S.` is
//!   `US`, `U.N.` is `UN` (the simple tokenizer gave single letters, which the
//!   stop-word filter then dropped, so `U.S. airstrike` searched `airstrike`);
//! * a compound joined by hyphens is one position holding the parts written
//!   together and each part: `cease-fire` is `ceasefire`, `cease`, `fire`, all
//!   at one position, so `ceasefire` finds it, `fire` still does, and the
//!   phrase `"cease fire"` does not (that is the open form, `cease fire`, which
//!   the query side looks for on its own: see `query::compile`). No word list
//!   is involved: any hyphenated compound is joined. Parts made only of digits
//!   (`2-1`, `2014-07-20`) are not joined, which would make up a number; they
//!   stay words at their own positions.
//!
//! The first token of a position that holds several is the joined form: the
//! query compiler relies on that to search a hyphenated word by it.

use std::collections::VecDeque;

use tantivy::tokenizer::{Token, TokenStream, Tokenizer};

/// Characters that join the parts of a compound: the hyphen-minus and
/// Unicode's hyphen and non-breaking hyphen. Dashes (`–`, `—`) separate
/// (`Israel–Gaza`, `2014–2017`) and are not among them.
const HYPHENS: [char; 3] = ['-', '\u{2010}', '\u{2011}'];

/// Splits English text into words; see the module documentation.
#[derive(Clone, Default)]
pub struct WordTokenizer {
    token: Token,
}

impl Tokenizer for WordTokenizer {
    type TokenStream<'a> = WordTokenStream<'a>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> WordTokenStream<'a> {
        self.token.reset();
        WordTokenStream {
            text,
            at: 0,
            token: &mut self.token,
            queue: VecDeque::new(),
            parts: Vec::new(),
        }
    }
}

/// One part of a word group: a byte range, and whether it is a dotted
/// abbreviation (its text is then its letters only).
#[derive(Debug, Clone, Copy)]
struct Part {
    from: usize,
    to: usize,
    abbreviation: bool,
}

/// A token waiting to be emitted: its range, text, and whether it takes the
/// next position (a joined compound shares its first part's).
struct Pending {
    from: usize,
    to: usize,
    text: String,
    next_position: bool,
}

/// The tokens of one text.
pub struct WordTokenStream<'a> {
    text: &'a str,
    /// Byte offset where the next word group is looked for.
    at: usize,
    token: &'a mut Token,
    /// The rest of a compound's tokens.
    queue: VecDeque<Pending>,
    /// The parts of the current word group, kept between words so that a
    /// word costs no allocation (the sketch and tantivy tokenize every
    /// text of a build).
    parts: Vec<Part>,
}

impl WordTokenStream<'_> {
    fn emit(
        &mut self,
        from: usize,
        to: usize,
        next_position: bool,
        text: impl FnOnce(&mut String),
    ) {
        self.token.text.clear();
        text(&mut self.token.text);
        self.token.offset_from = from;
        self.token.offset_to = to;
        if next_position {
            self.token.position = self.token.position.wrapping_add(1);
        }
        self.token.position_length = 1;
    }

    /// The parts of the word group starting at `start` (an alphanumeric
    /// character), into `parts`: one word or abbreviation, or several
    /// joined by hyphens.
    fn group(text: &str, start: usize, parts: &mut Vec<Part>) {
        parts.clear();
        let mut from = start;
        loop {
            let part = part_at(text, from);
            parts.push(part);
            let rest = &text[part.to..];
            // Most words end at a space or at ASCII punctuation that
            // joins nothing: no character to decode.
            if rest
                .as_bytes()
                .first()
                .is_none_or(|&b| b.is_ascii() && b != b'-')
            {
                return;
            }
            let mut chars = rest.chars();
            match (chars.next(), chars.next()) {
                (Some(h), Some(next)) if HYPHENS.contains(&h) && next.is_alphanumeric() => {
                    from = part.to + h.len_utf8();
                }
                _ => return,
            }
        }
    }
}

/// The word or abbreviation starting at `start`.
fn part_at(text: &str, start: usize) -> Part {
    if let Some(to) = abbreviation_end(text, start) {
        return Part {
            from: start,
            to,
            abbreviation: true,
        };
    }
    let to = first_where(text, start, false);
    Part {
        from: start,
        to,
        abbreviation: false,
    }
}

/// The offset of the first character of `text` at or after `from` that is
/// alphanumeric (`alphanumeric`) or not (`!alphanumeric`), `text.len()` if
/// none is. ASCII, most of the text, is tested a byte at a time without
/// decoding, by a table: the tokenizer reads every English text of a build
/// twice (tantivy's analysis and the story sketch's).
fn first_where(text: &str, from: usize, alphanumeric: bool) -> usize {
    // The class the search passes over: ASCII of the other kind.
    let other = if alphanumeric { OTHER } else { ALPHANUMERIC };
    let bytes = text.as_bytes();
    let mut at = from;
    loop {
        let Some(run) = bytes[at..]
            .iter()
            .position(|&b| CLASSES[usize::from(b)] != other)
        else {
            return text.len();
        };
        at += run;
        if bytes[at].is_ascii() {
            return at;
        }
        let c = text[at..].chars().next().unwrap_or_default();
        if c.is_alphanumeric() == alphanumeric {
            return at;
        }
        at += c.len_utf8();
    }
}

/// Classes of bytes for [`first_where`]: ASCII letters and digits, other
/// ASCII, and the bytes of characters beyond ASCII (decoded to be told).
const OTHER: u8 = 0;
const ALPHANUMERIC: u8 = 1;
const BEYOND_ASCII: u8 = 2;
static CLASSES: [u8; 256] = {
    let mut classes = [BEYOND_ASCII; 256];
    let mut b = 0;
    while b < 128 {
        classes[b] = if (b as u8).is_ascii_alphanumeric() {
            ALPHANUMERIC
        } else {
            OTHER
        };
        b += 1;
    }
    classes
};

/// The end of a dotted abbreviation starting at `start`: at least two single
/// letters each followed by a dot (`U.S.`, `U.S.A.`), the last dot optional
/// before a non-alphanumeric character (`U.S-led`). `None` if there is none.
fn abbreviation_end(text: &str, start: usize) -> Option<usize> {
    // Most words are not abbreviations: their first letter is followed by
    // no dot.
    let first = text[start..].chars().next()?;
    if text.as_bytes().get(start + first.len_utf8()) != Some(&b'.') {
        return None;
    }
    let mut chars = text[start..].char_indices().peekable();
    let (mut letters, mut end) = (0usize, start);
    while let Some((i, c)) = chars.next() {
        if !c.is_alphabetic() {
            break;
        }
        match chars.next() {
            Some((j, '.')) => {
                letters += 1;
                end = start + j + 1;
            }
            // A last letter without its dot, the word ending there.
            next if letters >= 1 && next.is_none_or(|(_, n)| !n.is_alphanumeric()) => {
                letters += 1;
                end = start + i + c.len_utf8();
                break;
            }
            _ => break,
        }
        if !chars.peek().is_some_and(|&(_, n)| n.is_alphabetic()) {
            break;
        }
    }
    (letters >= 2).then_some(end)
}

impl TokenStream for WordTokenStream<'_> {
    fn advance(&mut self) -> bool {
        if let Some(p) = self.queue.pop_front() {
            self.emit(p.from, p.to, p.next_position, |t| t.push_str(&p.text));
            return true;
        }
        let start = first_where(self.text, self.at, true);
        if start == self.text.len() {
            self.at = start;
            return false;
        }
        let mut parts = std::mem::take(&mut self.parts);
        Self::group(self.text, start, &mut parts);
        self.emit_group(&parts);
        self.parts = parts;
        true
    }

    fn token(&self) -> &Token {
        self.token
    }

    fn token_mut(&mut self) -> &mut Token {
        self.token
    }
}

impl WordTokenStream<'_> {
    /// Emits a word group's first token and queues the others.
    fn emit_group(&mut self, parts: &[Part]) {
        let last = parts[parts.len() - 1];
        self.at = last.to;
        let text = self.text;
        let push_part = |out: &mut String, p: &Part| {
            if p.abbreviation {
                out.extend(text[p.from..p.to].chars().filter(|c| c.is_alphabetic()));
            } else {
                out.push_str(&text[p.from..p.to]);
            }
        };
        let joinable = parts.len() > 1
            && parts
                .iter()
                .any(|p| text[p.from..p.to].chars().any(char::is_alphabetic));
        if joinable {
            // The joined form first, then every part at its position.
            let mut joined = String::new();
            for p in parts {
                push_part(&mut joined, p);
            }
            for p in parts {
                let mut part = String::new();
                push_part(&mut part, p);
                self.queue.push_back(Pending {
                    from: p.from,
                    to: p.to,
                    text: part,
                    next_position: false,
                });
            }
            self.emit(parts[0].from, last.to, true, |t| t.push_str(&joined));
            return;
        }
        for p in &parts[1..] {
            let mut part = String::new();
            push_part(&mut part, p);
            self.queue.push_back(Pending {
                from: p.from,
                to: p.to,
                text: part,
                next_position: true,
            });
        }
        let first = parts[0];
        self.emit(first.from, first.to, true, |t| push_part(t, &first));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tokens(text: &str) -> Vec<(usize, String, usize, usize)> {
        let mut tokenizer = WordTokenizer::default();
        let mut stream = tokenizer.token_stream(text);
        let mut out = Vec::new();
        while let Some(t) = stream.next() {
            out.push((t.position, t.text.clone(), t.offset_from, t.offset_to));
        }
        out
    }

    fn words(text: &str) -> Vec<(usize, String)> {
        tokens(text)
            .into_iter()
            .map(|(p, w, _, _)| (p, w))
            .collect()
    }

    fn owned(pairs: &[(usize, &str)]) -> Vec<(usize, String)> {
        pairs.iter().map(|&(p, w)| (p, w.to_string())).collect()
    }

    #[test]
    fn words_split_like_the_simple_tokenizer() {
        assert_eq!(
            tokens("Hello, happy tax payer!"),
            [
                (0, "Hello".to_string(), 0, 5),
                (1, "happy".to_string(), 7, 12),
                (2, "tax".to_string(), 13, 16),
                (3, "payer".to_string(), 17, 22)
            ]
        );
        assert_eq!(
            words("Russia's 5 élan"),
            owned(&[(0, "Russia"), (1, "s"), (2, "5"), (3, "élan")])
        );
        assert!(words(" .,- ").is_empty());
    }

    #[test]
    fn text_of_any_script_splits_where_the_simple_tokenizer_splits() {
        // Letters and digits outside ASCII next to ASCII ones and to
        // punctuation outside ASCII (no hyphen or dot: those join).
        let text = "«Kyiv» — Zaporizhzhia’s naïve Straße;2½ km\u{a0}de Léon—Ελλάδα, \
                    Київ…دمشق 10km² ½ 😀x";
        let mut simple = tantivy::tokenizer::SimpleTokenizer::default();
        let mut stream = simple.token_stream(text);
        let mut expected = Vec::new();
        while let Some(t) = stream.next() {
            expected.push((t.position, t.text.clone(), t.offset_from, t.offset_to));
        }
        assert_eq!(tokens(text), expected);
        assert!(expected.len() > 12);
    }

    #[test]
    fn dotted_abbreviations_are_one_word() {
        assert_eq!(
            tokens("U.S. airstrike"),
            [
                (0, "US".to_string(), 0, 4),
                (1, "airstrike".to_string(), 5, 14)
            ]
        );
        assert_eq!(
            words("the U.N. and U.S.A."),
            owned(&[(0, "the"), (1, "UN"), (2, "and"), (3, "USA")])
        );
        assert_eq!(
            words("in the U.S"),
            owned(&[(0, "in"), (1, "the"), (2, "US")])
        );
        // Not abbreviations: an initial, decimals, a domain, a lone letter.
        assert_eq!(
            words("George W. Bush"),
            owned(&[(0, "George"), (1, "W"), (2, "Bush")])
        );
        assert_eq!(
            words("3.5 bbc.co.uk"),
            owned(&[(0, "3"), (1, "5"), (2, "bbc"), (3, "co"), (4, "uk")])
        );
        assert_eq!(
            words("Plan B. Then"),
            owned(&[(0, "Plan"), (1, "B"), (2, "Then")])
        );
        assert_eq!(words("U.S.Army"), owned(&[(0, "US"), (1, "Army")]));
    }

    #[test]
    fn hyphenated_compounds_are_one_position_of_the_joined_word_and_parts() {
        assert_eq!(
            tokens("a cease-fire holds"),
            [
                (0, "a".to_string(), 0, 1),
                (1, "ceasefire".to_string(), 2, 12),
                (1, "cease".to_string(), 2, 7),
                (1, "fire".to_string(), 8, 12),
                (2, "holds".to_string(), 13, 18)
            ]
        );
        assert_eq!(
            words("state-of-the-art U.S.-led al‑Shabaab"),
            owned(&[
                (0, "stateoftheart"),
                (0, "state"),
                (0, "of"),
                (0, "the"),
                (0, "art"),
                (1, "USled"),
                (1, "US"),
                (1, "led"),
                (2, "alShabaab"),
                (2, "al"),
                (2, "Shabaab")
            ])
        );
        // Digits only: no made-up number; a dash is not a hyphen.
        assert_eq!(words("won 2-1"), owned(&[(0, "won"), (1, "2"), (2, "1")]));
        assert_eq!(words("T-72"), owned(&[(0, "T72"), (0, "T"), (0, "72")]));
        assert_eq!(words("Israel–Gaza"), owned(&[(0, "Israel"), (1, "Gaza")]));
        assert_eq!(
            words("well- known -x"),
            owned(&[(0, "well"), (1, "known"), (2, "x")])
        );
    }
}

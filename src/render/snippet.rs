//! Snippets: the passage of about 200 characters that best shows why a hit
//! matched, with every matched word located. Built from the stored text with
//! the index's own analyzer, so phrase, prefix and fuzzy matches highlight
//! like plain words (tantivy's SnippetGenerator misses the last two). A
//! report in another language is read with its language's analyzer too, so
//! `tués` is marked for `tuées` and `Харкова` for `Харків`.

use std::collections::HashMap;

use rustc_hash::FxHashMap;
use serde::Serialize;

use tantivy::tokenizer::{TextAnalyzer, TokenStream, Tokenizer};

use crate::index::{analyzer_for, english_word_analyzer, WordAnalysis, WordTokenizer};
use crate::language::Language;
use crate::query::Highlight;

/// Target snippet length in characters.
pub const SNIPPET_CHARS: usize = 200;
/// How far before the first match a snippet may start, to give context.
const LEAD_CHARS: usize = 60;

/// A plain-text passage and the byte ranges of its highlighted words.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Snippet {
    /// The passage, runs of whitespace collapsed to one space.
    pub text: String,
    /// `[start, end)` byte ranges in `text`.
    pub highlights: Vec<(usize, usize)>,
    /// Whether text was cut before / after the passage.
    #[serde(skip)]
    pub cut: (bool, bool),
}

/// Picks the best passage among `texts` (in order of preference on ties),
/// the texts of a report in `language`.
pub fn make_snippet(
    highlight: &Highlight,
    language: Language,
    texts: &[&str],
    max_chars: usize,
) -> Snippet {
    make_snippet_with(&mut Words::default(), highlight, language, texts, max_chars)
}

/// [`make_snippet`] with the words of earlier texts: the hits of one page
/// share one [`Words`], so each written form is analysed once a page.
pub fn make_snippet_with(
    words: &mut Words,
    highlight: &Highlight,
    language: Language,
    texts: &[&str],
    max_chars: usize,
) -> Snippet {
    let analysed: Vec<Analysed> = texts.iter().map(|t| words.analyse(language, t)).collect();
    let pairs: Vec<(&str, &Analysed)> = texts.iter().copied().zip(&analysed).collect();
    cut_snippet(&pairs, words, &mut Marker::new(highlight, words), max_chars)
}

/// Every matched word of `text`, a report in `language`, as `[start, end)`
/// byte ranges: a whole article highlighted, for `sitrep show`.
pub fn highlight_ranges(
    highlight: &Highlight,
    language: Language,
    text: &str,
) -> Vec<(usize, usize)> {
    let mut words = Words::default();
    let analysed = words.analyse(language, text);
    analysed.matched_ranges(&words, &mut Marker::new(highlight, &words))
}

/// The analysed words met in a set of texts, each kept once with the
/// analyzer that made it: a text is analysed once however many queries cut
/// snippets from it (the watches of one run), and each query looks each word
/// up once ([`Marker`]).
pub struct Words {
    /// The English analyzer in two steps, as the index's: its tokenizer,
    /// and its filters over one written word.
    english: WordTokenizer,
    english_filters: Box<dyn WordAnalysis>,
    /// Per English word as written, the id of what the filters make of it
    /// (`None`: dropped). The filters are a function of the word, and an
    /// article writes most of its words many times: looking one up costs
    /// a hash where lower-casing, folding, the stop list and the stemmer
    /// cost over a thousand instructions (callgrind, 2026-12-08: the
    /// snippets were ~40% of a cold `sitrep search`).
    written: FxHashMap<String, Option<u32>>,
    /// The other languages' analyzers, cloned when a text in one is met.
    others: HashMap<Language, TextAnalyzer>,
    /// The id of each word, by the language whose analyzer made it.
    ids: HashMap<Language, FxHashMap<String, u32>>,
    /// By id: the word and the language whose analyzer made it.
    words: Vec<(Language, String)>,
}

impl Default for Words {
    fn default() -> Self {
        Words {
            english: WordTokenizer::default(),
            english_filters: english_word_analyzer(),
            written: FxHashMap::default(),
            others: HashMap::new(),
            ids: HashMap::new(),
            words: Vec::new(),
        }
    }
}

impl Words {
    /// The tokens of `text`, a report in `language`, as the index's
    /// analyzers make them: the English one (every report has the English
    /// fields) and, for another language, that language's.
    pub fn analyse(&mut self, language: Language, text: &str) -> Analysed {
        let english = self.tokens(Language::English, text);
        let own = match language {
            Language::English => Vec::new(),
            other => self.tokens(other, text),
        };
        Analysed { english, own }
    }

    fn tokens(&mut self, language: Language, text: &str) -> Vec<Token> {
        let analyzer = match language {
            Language::English => return self.english_tokens(text),
            other => match self.others.entry(other) {
                std::collections::hash_map::Entry::Occupied(e) => e.into_mut(),
                std::collections::hash_map::Entry::Vacant(e) => match analyzer_for(other) {
                    Some(analyzer) => e.insert(analyzer),
                    None => return Vec::new(),
                },
            },
        };
        let ids = self.ids.entry(language).or_default();
        let mut tokens = Vec::new();
        let mut stream = analyzer.token_stream(text);
        while let Some(token) = stream.next() {
            let word = intern(ids, &mut self.words, language, &token.text);
            tokens.push(Token::at(word, token.offset_from, token.offset_to));
        }
        tokens
    }

    /// [`Words::tokens`] in English: what the index's English analyzer
    /// makes of `text`, each written form analysed once ([`Words::written`]).
    fn english_tokens(&mut self, text: &str) -> Vec<Token> {
        let Words {
            english,
            english_filters,
            written,
            ids,
            words,
            ..
        } = self;
        let ids = ids.entry(Language::English).or_default();
        let mut tokens = Vec::new();
        let mut stream = english.token_stream(text);
        while stream.advance() {
            let token = stream.token();
            let word = match written.get(token.text.as_str()) {
                Some(&word) => word,
                None => {
                    let mut word = None;
                    english_filters.analyse(&token.text, &mut |analysed| {
                        word = Some(intern(ids, words, Language::English, analysed));
                    });
                    written.insert(token.text.clone(), word);
                    word
                }
            };
            if let Some(word) = word {
                tokens.push(Token::at(word, token.offset_from, token.offset_to));
            }
        }
        tokens
    }

    /// The id of `word` as `language`'s analyzer made it, if it was met.
    fn id(&self, language: Language, word: &str) -> Option<usize> {
        let id = self.ids.get(&language)?.get(word)?;
        Some(*id as usize)
    }
}

/// The id of `word` as `language`'s analyzer made it, a new one if it was
/// not met before.
fn intern(
    ids: &mut FxHashMap<String, u32>,
    words: &mut Vec<(Language, String)>,
    language: Language,
    word: &str,
) -> u32 {
    if let Some(&id) = ids.get(word) {
        return id;
    }
    let id = words.len() as u32;
    ids.insert(word.to_string(), id);
    words.push((language, word.to_string()));
    id
}

/// One token of an analysed text: its word and where it lies.
#[derive(Debug, Clone, Copy)]
struct Token {
    word: u32,
    from: u32,
    to: u32,
}

impl Token {
    /// Word `word` at bytes `[from, to)`; offsets fit, as a stored text is
    /// far below 4 GiB.
    fn at(word: u32, from: usize, to: usize) -> Self {
        Token {
            word,
            from: from as u32,
            to: to as u32,
        }
    }
}

/// The tokens of one text ([`Words::analyse`]), without the text.
#[derive(Debug, Clone, Default)]
pub struct Analysed {
    /// As the English analyzer reads it.
    english: Vec<Token>,
    /// As its own language's analyzer reads it (empty for English).
    own: Vec<Token>,
}

impl Analysed {
    /// The words `marker` marks, as `[start, end)` byte ranges, in order,
    /// none inside another.
    fn matched_ranges(&self, words: &Words, marker: &mut Marker) -> Vec<(usize, usize)> {
        let mut out: Vec<(usize, usize)> = Vec::new();
        for token in &self.english {
            let (from, to) = (token.from as usize, token.to as usize);
            // A compound's parts follow its joined form at the same place
            // (`cease-fire`: `ceasefire`, `cease`, `fire`): one mark covers them.
            let inside = |&(s, e): &(usize, usize)| s <= from && to <= e;
            if marker.marks(words, token.word) && !out.last().is_some_and(inside) {
                out.push((from, to));
            }
        }
        let before = out.len();
        out.extend(
            self.own
                .iter()
                .filter(|token| marker.marks(words, token.word))
                .map(|token| (token.from as usize, token.to as usize)),
        );
        if out.len() > before {
            out.sort_unstable();
            // A word both analyzers matched is one mark.
            out.dedup_by(|b, a| b.0 < a.1);
        }
        out
    }
}

/// Which analysed words one query marks, each word looked up once.
pub struct Marker<'a> {
    highlight: &'a Highlight,
    /// By word of [`Words`]: `None` not looked up yet.
    marked: Vec<Option<bool>>,
}

impl<'a> Marker<'a> {
    /// The marker of `highlight` for the words of `words`. The words it
    /// names exactly are found by their ids, so a query of exact terms
    /// alone (most) need not look at the others: among the words `words`
    /// holds now, they are not marked; a word met later, or any word for a
    /// query with prefix or fuzzy terms, is looked up when it is first seen.
    pub fn new(highlight: &'a Highlight, words: &Words) -> Self {
        let exact_only = highlight.prefixes.is_empty() && highlight.fuzzy.is_empty();
        let mut marked = vec![exact_only.then_some(false); words.words.len()];
        let english = highlight.exact.iter().map(|t| (Language::English, t));
        // Only another language's words are looked up in its terms.
        let others = (highlight.languages.iter())
            .filter(|(l, _)| **l != Language::English)
            .flat_map(|(l, ts)| ts.iter().map(|t| (*l, t)));
        for (language, term) in english.chain(others) {
            if let Some(id) = words.id(language, term) {
                marked[id] = Some(true);
            }
        }
        Marker { highlight, marked }
    }

    fn marks(&mut self, words: &Words, word: u32) -> bool {
        let at = word as usize;
        if at >= self.marked.len() {
            self.marked.resize(words.words.len().max(at + 1), None);
        }
        let highlight = self.highlight;
        *self.marked[at].get_or_insert_with(|| match &words.words[at] {
            (Language::English, word) => highlight.matches(word),
            (language, word) => highlight.matches_in(*language, word),
        })
    }
}

/// Picks the best passage among `texts`, each with its tokens analysed
/// against `words` (in order of preference on ties).
pub fn cut_snippet(
    texts: &[(&str, &Analysed)],
    words: &Words,
    marker: &mut Marker,
    max_chars: usize,
) -> Snippet {
    let mut best: Option<(usize, Snippet)> = None;
    for (text, analysed) in texts.iter().filter(|(t, _)| !t.is_empty()) {
        let matches = analysed.matched_ranges(words, marker);
        if let Some((score, first)) = best_window(text, &matches, max_chars) {
            if best.as_ref().is_none_or(|(s, _)| score > *s) {
                best = Some((score, window(text, &matches, first, max_chars)));
            }
        }
    }
    best.map(|(_, snippet)| snippet).unwrap_or_else(|| {
        texts
            .iter()
            .find(|(t, _)| !t.is_empty())
            .map(|(t, _)| window(t, &[], 0, max_chars))
            .unwrap_or_default()
    })
}

/// Scores each window that starts at a match: distinct matched words count
/// most, then the number of matches. Returns (score, index of first match).
fn best_window(text: &str, matches: &[(usize, usize)], max_chars: usize) -> Option<(usize, usize)> {
    let mut best: Option<(usize, usize)> = None;
    for (i, &(start, _)) in matches.iter().enumerate() {
        let limit = start + max_chars.saturating_sub(LEAD_CHARS);
        let inside: Vec<&(usize, usize)> = matches[i..]
            .iter()
            .take_while(|(_, e)| *e <= limit)
            .collect();
        let mut distinct: Vec<String> = inside
            .iter()
            .map(|(s, e)| text[*s..*e].to_lowercase())
            .collect();
        distinct.sort();
        distinct.dedup();
        let score = distinct.len() * 1000 + inside.len();
        if best.is_none_or(|(s, _)| score > s) {
            best = Some((score, i));
        }
    }
    best
}

/// The entities tantivy's HTML snippets escape.
const ENTITIES: &[(&str, char)] = &[
    ("&amp;", '&'),
    ("&lt;", '<'),
    ("&gt;", '>'),
    ("&quot;", '"'),
    ("&#x27;", '\''),
    ("&#39;", '\''),
];

/// A snippet from a fragment marked up as tantivy's (and Quickwit's)
/// `to_html` writes it, `<b>` around matched words and HTML entities, cut
/// from `source`: plain text, highlight byte ranges, and whether `source`
/// goes on before or after it.
pub fn from_marked_fragment(fragment: &str, source: &str) -> Snippet {
    let mut plain = String::with_capacity(fragment.len());
    let mut marks = Vec::new();
    let mut open = None;
    let mut rest = fragment;
    while let Some(c) = rest.chars().next() {
        if let Some(after) = rest.strip_prefix("<b>") {
            open = Some(plain.len());
            rest = after;
        } else if let Some(after) = rest.strip_prefix("</b>") {
            marks.extend(open.take().map(|start| (start, plain.len())));
            rest = after;
        } else if let Some((entity, decoded)) = ENTITIES.iter().find(|(e, _)| rest.starts_with(e)) {
            plain.push(*decoded);
            rest = &rest[entity.len()..];
        } else {
            plain.push(c);
            rest = &rest[c.len_utf8()..];
        }
    }
    let cut = match source.find(plain.as_str()) {
        Some(at) => (at > 0, at + plain.len() < source.len()),
        None => (true, true),
    };
    let (text, offsets) = collapse_whitespace(&plain);
    Snippet {
        highlights: marks
            .into_iter()
            .map(|(s, e)| (offsets[s], offsets[e]))
            .filter(|(s, e)| s < e)
            .collect(),
        text,
        cut,
    }
}

/// Cuts the passage around match `first`, on word boundaries, preferring to
/// start at the beginning of its sentence.
fn window(text: &str, matches: &[(usize, usize)], first: usize, max_chars: usize) -> Snippet {
    let anchor = matches.get(first).map_or(0, |m| m.0);
    let lead_start = back_chars(text, anchor, LEAD_CHARS);
    let start =
        sentence_start(text, lead_start, anchor).unwrap_or_else(|| word_start(text, lead_start));
    let end = word_end(text, forward_chars(text, start, max_chars));
    let (passage, offsets) = collapse_whitespace(&text[start..end]);
    let highlights = matches
        .iter()
        .filter(|(s, e)| *s >= start && *e <= end)
        .map(|(s, e)| (offsets[s - start], offsets[e - start]))
        .collect();
    Snippet {
        text: passage,
        highlights,
        cut: (start > 0, end < text.len()),
    }
}

/// Turns every run of whitespace (paragraph breaks included) into one space
/// and returns, for each byte offset of the input, its offset in the output.
fn collapse_whitespace(text: &str) -> (String, Vec<usize>) {
    let mut out = String::with_capacity(text.len());
    let mut offsets = Vec::with_capacity(text.len() + 1);
    let mut in_space = false;
    for c in text.chars() {
        offsets.extend(std::iter::repeat_n(out.len(), c.len_utf8()));
        if c.is_whitespace() {
            if !in_space {
                out.push(' ');
            }
            in_space = true;
        } else {
            out.push(c);
            in_space = false;
        }
    }
    offsets.push(out.len());
    (out, offsets)
}

fn back_chars(text: &str, from: usize, n: usize) -> usize {
    text[..from]
        .char_indices()
        .rev()
        .nth(n.saturating_sub(1))
        .map_or(0, |(i, _)| i)
}

fn forward_chars(text: &str, from: usize, n: usize) -> usize {
    text[from..]
        .char_indices()
        .nth(n)
        .map_or(text.len(), |(i, _)| from + i)
}

/// The start of the sentence holding `anchor`, if it begins after `lower`.
fn sentence_start(text: &str, lower: usize, anchor: usize) -> Option<usize> {
    if lower == 0 {
        return Some(0);
    }
    let region = &text[lower..anchor];
    region
        .rfind(['.', '!', '?', '\n'])
        .map(|i| lower + i + 1)
        .map(|i| i + text[i..].len() - text[i..].trim_start().len())
        .filter(|&i| i <= anchor)
}

fn word_start(text: &str, at: usize) -> usize {
    if at == 0 {
        return 0;
    }
    // After the whitespace character, whatever its width: French writes a
    // no-break space (U+00A0, two bytes) before `:` and inside numbers.
    text[at..]
        .char_indices()
        .find(|(_, c)| c.is_whitespace())
        .map_or(at, |(i, c)| at + i + c.len_utf8())
        .min(text.len())
}

fn word_end(text: &str, at: usize) -> usize {
    if at >= text.len() {
        return text.len();
    }
    text[..at].rfind(char::is_whitespace).unwrap_or(at)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hl(words: &[&str]) -> Highlight {
        let mut h = Highlight::default();
        h.exact.extend(words.iter().map(|w| w.to_string()));
        h
    }

    fn marked(s: &Snippet) -> String {
        let mut out = s.text.clone();
        for (a, b) in s.highlights.iter().rev() {
            out.insert(*b, ']');
            out.insert(*a, '[');
        }
        out
    }

    #[test]
    fn highlights_every_matched_word_including_stems() {
        let s = make_snippet(
            &hl(&["wagner", "attack"]),
            Language::English,
            &["", "Wagner attacked. Then wagner's attacks went on."],
            200,
        );
        assert_eq!(
            marked(&s),
            "[Wagner] [attacked]. Then [wagner]'s [attacks] went on."
        );
    }

    #[test]
    fn a_compound_is_marked_once_and_a_part_alone_when_only_it_matches() {
        let text = "A cease-fire holds; the fire is out. U.S. troops leave.";
        // Stems, as the query compiler collects them.
        let s = make_snippet(
            &hl(&["ceasefir", "ceas", "fire", "us"]),
            Language::English,
            &[text],
            200,
        );
        assert_eq!(
            marked(&s),
            "A [cease-fire] holds; the [fire] is out. [U.S.] troops leave."
        );
    }

    #[test]
    fn picks_the_passage_with_most_distinct_words() {
        let body = format!(
            "{} Mali once. {} Wagner and Mali together here.",
            "filler ".repeat(60),
            "more ".repeat(60)
        );
        let s = make_snippet(&hl(&["wagner", "mali"]), Language::English, &[&body], 100);
        assert!(
            marked(&s).ends_with("[Wagner] and [Mali] together here."),
            "{}",
            s.text
        );
        assert_eq!(s.highlights.len(), 2);
        assert!(s.cut.0);
    }

    #[test]
    fn prefix_and_fuzzy_terms_highlight() {
        let mut h = Highlight::default();
        h.prefixes.push("wagn".into());
        h.fuzzy.push(("lavrov".into(), 1));
        let s = make_snippet(&h, Language::English, &["Lavrov spoke of Wagner."], 200);
        assert_eq!(marked(&s), "[Lavrov] spoke of [Wagner].");
    }

    #[test]
    fn paragraph_breaks_become_single_spaces() {
        let s = make_snippet(
            &hl(&["mali"]),
            Language::English,
            &["One.\n\n  Mali  here."],
            200,
        );
        assert_eq!(marked(&s), "One. [Mali] here.");
    }

    #[test]
    fn no_match_gives_the_opening() {
        let s = make_snippet(
            &hl(&["zzz"]),
            Language::English,
            &["", "First words here."],
            200,
        );
        assert_eq!(s.text, "First words here.");
        assert!(s.highlights.is_empty());
    }

    #[test]
    fn a_report_in_another_language_is_read_with_its_analyzer_too() {
        // `tuées` as the French analyzer gives it, and `Mali` as English.
        let mut h = hl(&["mali"]);
        let french = analyzer_for(Language::French)
            .unwrap()
            .token_stream("tuées")
            .next()
            .unwrap()
            .text
            .clone();
        h.languages
            .entry(Language::French)
            .or_default()
            .insert(french);
        let text = "Au Mali, dix civils tués.";
        let s = make_snippet(&h, Language::French, &[text], 200);
        assert_eq!(marked(&s), "Au [Mali], dix civils [tués].");
        // The same words in an English report are not read as French, and
        // one `Words` keeps each analyzer's words apart.
        let mut words = Words::default();
        let english = words.analyse(Language::English, text);
        let in_french = words.analyse(Language::French, text);
        let mut marker = Marker::new(&h, &words);
        assert_eq!(english.matched_ranges(&words, &mut marker), [(3, 7)]);
        assert_eq!(in_french.matched_ranges(&words, &mut marker).len(), 2);
        // Words met after the marker was made are looked up when seen.
        let later = words.analyse(Language::English, "Bamako, Mali; tuées");
        assert_eq!(later.matched_ranges(&words, &mut marker), [(8, 12)]);
        let later = words.analyse(Language::French, "Bamako, Mali; tuées");
        assert_eq!(later.matched_ranges(&words, &mut marker).len(), 2);
    }

    #[test]
    fn a_passage_may_start_after_a_no_break_space() {
        // The window starts after the first whitespace past its lead: here a
        // no-break space, two bytes in UTF-8.
        let text = format!("{}{}\u{a0}Mali quatre.", "un ".repeat(40), "x".repeat(70));
        let s = make_snippet(&hl(&["mali"]), Language::French, &[&text], 200);
        assert_eq!(marked(&s), "[Mali] quatre.");
    }

    #[test]
    fn marked_fragments_become_plain_text_with_ranges() {
        let source = "Fighters of the Wagner Group & allies\nwithdrew from Bakhmut.";
        let snippet = from_marked_fragment("<b>Wagner</b> Group &amp; allies\nwithdrew", source);
        assert_eq!(snippet.text, "Wagner Group & allies withdrew");
        assert_eq!(snippet.highlights, [(0, 6)]);
        assert_eq!(snippet.cut, (true, true));
        let whole = from_marked_fragment(
            "<b>Fighters</b> of the Wagner Group &amp; allies\nwithdrew from Bakhmut.",
            source,
        );
        assert_eq!(whole.cut, (false, false));
        assert_eq!(
            &whole.text[whole.highlights[0].0..whole.highlights[0].1],
            "Fighters"
        );
    }
}

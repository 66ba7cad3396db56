//! The query language: words (all required), "phrases", `OR`, `-exclusion`
//! (or `NOT`), `field:term`, `prefix*`, `fuzzy~` / `fuzzy~2`, parentheses.
//! Parsed into a small tree by recursive descent, so every error can point
//! at the token that caused it.

use crate::error::{Error, Result};
use crate::index::FieldName;

/// Longest query accepted, in bytes: queries are typed or generated from a
/// list, and a longer one is a mistake (a file pasted as a query) whose
/// thousands of terms would each cost a posting-list walk.
pub const MAX_QUERY_BYTES: usize = 4096;
/// Most words and phrases in one query: Lucene's default clause limit. A
/// long natural-language question turned into an OR of its words (CISI's
/// longest has 348) stays well within it.
pub const MAX_QUERY_WORDS: usize = 1024;
/// Deepest nesting of parentheses: the parser and compiler recurse once per
/// level, and no real query needs more.
pub const MAX_QUERY_DEPTH: usize = 32;
/// Fewest letters a prefix (`wagn*`) must have, here and on Quickwit: one
/// letter would expand to a large share of the vocabulary.
pub const MIN_PREFIX_CHARS: usize = 2;

/// Refuses the prefix `letters` (as analysed) of the word `text*` when it is
/// too short to expand to a reasonable number of terms.
pub(crate) fn check_prefix(text: &str, letters: &str) -> Result<()> {
    if letters.chars().count() < MIN_PREFIX_CHARS {
        return Err(Error::QueryTooBroad(format!(
            "`{text}*` would match too many words: give a prefix of at least {MIN_PREFIX_CHARS} letters"
        )));
    }
    Ok(())
}

/// How a single word matches.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WordKind {
    /// The analysed word itself.
    Plain,
    /// `word*`: any term starting with it.
    Prefix,
    /// `word~N`: terms within N edits.
    Fuzzy(u8),
}

/// A parsed query.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Node {
    /// A single word.
    Word {
        /// `field:` qualifier, if any.
        field: Option<String>,
        /// The word without its `*` / `~` suffix.
        text: String,
        /// Plain, prefix or fuzzy.
        kind: WordKind,
    },
    /// A quoted phrase.
    Phrase {
        /// `field:` qualifier, if any.
        field: Option<String>,
        /// The words inside the quotes.
        text: String,
    },
    /// All children must match (`-` children must not).
    And(Vec<Node>),
    /// Any child may match.
    Or(Vec<Node>),
    /// Excluded (`-word`, `NOT word`); only meaningful inside `And`.
    Not(Box<Node>),
    /// Matches everything (the empty query).
    All,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Tok {
    Word(String),
    Phrase(Option<String>, String),
    Open,
    Close,
    Minus,
    Or,
    And,
    Not,
}

/// Parses a query string.
pub fn parse_query(query: &str) -> Result<Node> {
    if query.len() > MAX_QUERY_BYTES {
        return Err(Error::QueryTooBroad(format!(
            "the query is {} bytes long; the limit is {MAX_QUERY_BYTES} bytes",
            query.len()
        )));
    }
    let tokens = lex(query)?;
    if tokens.is_empty() {
        return Ok(Node::All);
    }
    let words = tokens
        .iter()
        .filter(|(t, _)| matches!(t, Tok::Word(_) | Tok::Phrase(..)))
        .count();
    if words > MAX_QUERY_WORDS {
        return Err(Error::QueryTooBroad(format!(
            "the query has {words} words and phrases; the limit is {MAX_QUERY_WORDS}"
        )));
    }
    let mut parser = Parser {
        query,
        tokens,
        at: 0,
        depth: 0,
    };
    let node = parser.or_expr()?;
    match parser.tokens.get(parser.at) {
        None => Ok(node),
        Some((Tok::Close, pos)) => {
            Err(parser.error(*pos, "unexpected `)`: there is no `(` to close"))
        }
        Some((_, pos)) => Err(parser.error(*pos, "unexpected token")),
    }
}

fn syntax_error(query: &str, position: usize, message: impl Into<String>) -> Error {
    Error::QuerySyntax {
        query: query.to_string(),
        position,
        message: message.into(),
    }
}

fn lex(query: &str) -> Result<Vec<(Tok, usize)>> {
    let mut out = Vec::new();
    let mut chars = query.char_indices().peekable();
    while let Some(&(pos, c)) = chars.peek() {
        match c {
            c if c.is_whitespace() => {
                chars.next();
            }
            '(' | ')' => {
                chars.next();
                out.push((if c == '(' { Tok::Open } else { Tok::Close }, pos));
            }
            '-' | '+' => {
                chars.next();
                let followed = chars
                    .peek()
                    .is_some_and(|&(_, n)| !n.is_whitespace() && n != ')');
                if !followed {
                    return Err(syntax_error(
                        query,
                        pos,
                        format!("`{c}` must be followed by a word, phrase or `(`"),
                    ));
                }
                if c == '-' {
                    out.push((Tok::Minus, pos));
                }
            }
            '"' => out.push((Tok::Phrase(None, read_phrase(query, &mut chars)?), pos)),
            _ => {
                let mut word = String::new();
                while let Some(&(_, c)) = chars.peek() {
                    if c.is_whitespace() || matches!(c, '(' | ')' | '"') {
                        break;
                    }
                    word.push(c);
                    chars.next();
                }
                let quoted_field = word
                    .strip_suffix(':')
                    .filter(|_| chars.peek().is_some_and(|&(_, c)| c == '"'));
                let tok = match (word.as_str(), quoted_field) {
                    (_, Some(field)) => Tok::Phrase(
                        Some(check_field(query, pos, field)?),
                        read_phrase(query, &mut chars)?,
                    ),
                    ("OR", _) => Tok::Or,
                    ("AND", _) => Tok::And,
                    ("NOT", _) => Tok::Not,
                    _ => Tok::Word(word),
                };
                out.push((tok, pos));
            }
        }
    }
    Ok(out)
}

fn read_phrase(
    query: &str,
    chars: &mut std::iter::Peekable<std::str::CharIndices<'_>>,
) -> Result<String> {
    let (open, _) = chars.next().unwrap_or((query.len(), '"'));
    let mut text = String::new();
    for (_, c) in chars.by_ref() {
        if c == '"' {
            return Ok(text);
        }
        text.push(c);
    }
    Err(syntax_error(
        query,
        open,
        "unterminated phrase: add the closing `\"`",
    ))
}

fn check_field(query: &str, pos: usize, field: &str) -> Result<String> {
    let lower = field.to_ascii_lowercase();
    if FieldName::QUERYABLE.iter().any(|f| f.name() == lower) {
        Ok(lower)
    } else {
        Err(syntax_error(
            query,
            pos,
            format!(
                "unknown field `{field}`; searchable fields are {}",
                FieldName::QUERYABLE.map(FieldName::name).join(", ")
            ),
        ))
    }
}

struct Parser<'q> {
    query: &'q str,
    tokens: Vec<(Tok, usize)>,
    at: usize,
    /// Parentheses open at this point.
    depth: usize,
}

impl Parser<'_> {
    fn error(&self, position: usize, message: impl Into<String>) -> Error {
        syntax_error(self.query, position, message)
    }

    fn peek(&self) -> Option<&Tok> {
        self.tokens.get(self.at).map(|(t, _)| t)
    }

    fn pos(&self) -> usize {
        self.tokens
            .get(self.at)
            .map(|(_, p)| *p)
            .unwrap_or(self.query.len())
    }

    fn or_expr(&mut self) -> Result<Node> {
        let mut alternatives = vec![self.and_expr()?];
        while self.peek() == Some(&Tok::Or) {
            self.at += 1;
            alternatives.push(self.and_expr()?);
        }
        Ok(if alternatives.len() == 1 {
            alternatives.remove(0)
        } else {
            Node::Or(alternatives)
        })
    }

    fn and_expr(&mut self) -> Result<Node> {
        let mut parts = Vec::new();
        loop {
            match self.peek() {
                None | Some(Tok::Close) | Some(Tok::Or) => break,
                Some(Tok::And) if !parts.is_empty() => self.at += 1,
                _ => parts.push(self.unary()?),
            }
        }
        match parts.len() {
            0 => Err(self.error(self.pos(), "expected a word, phrase or `(` here")),
            1 => Ok(parts.remove(0)),
            _ => Ok(Node::And(parts)),
        }
    }

    fn unary(&mut self) -> Result<Node> {
        if matches!(self.peek(), Some(Tok::Minus) | Some(Tok::Not)) {
            self.at += 1;
            return Ok(Node::Not(Box::new(self.atom()?)));
        }
        self.atom()
    }

    fn atom(&mut self) -> Result<Node> {
        let pos = self.pos();
        let Some((tok, _)) = self.tokens.get(self.at).cloned() else {
            return Err(self.error(
                pos,
                "the query ends where a word, phrase or `(` was expected",
            ));
        };
        self.at += 1;
        match tok {
            Tok::Open => {
                self.depth += 1;
                if self.depth > MAX_QUERY_DEPTH {
                    return Err(self.error(
                        pos,
                        format!("parentheses nested more than {MAX_QUERY_DEPTH} deep"),
                    ));
                }
                let inner = self.or_expr()?;
                if self.peek() != Some(&Tok::Close) {
                    return Err(self.error(pos, "missing `)` to close this `(`"));
                }
                self.at += 1;
                self.depth -= 1;
                Ok(inner)
            }
            Tok::Phrase(field, text) => Ok(Node::Phrase { field, text }),
            Tok::Word(word) => self.word(&word, pos),
            Tok::Close => Err(self.error(pos, "unexpected `)`: expected a word, phrase or `(`")),
            Tok::Or | Tok::And => {
                Err(self.error(pos, "`OR`/`AND` need a word, phrase or `(` on both sides"))
            }
            Tok::Minus | Tok::Not => Err(self.error(pos, "double negation: remove one `-`/`NOT`")),
        }
    }

    fn word(&self, word: &str, pos: usize) -> Result<Node> {
        let (field, rest) = match word.split_once(':') {
            Some((f, r)) if !f.is_empty() && f.chars().all(char::is_alphabetic) => {
                (Some(check_field(self.query, pos, f)?), r)
            }
            _ => (None, word),
        };
        let (text, kind) = if let Some(stem) = rest.strip_suffix('*') {
            (stem, WordKind::Prefix)
        } else if let Some((stem, distance)) = rest.rsplit_once('~') {
            (
                stem,
                WordKind::Fuzzy(self.fuzzy_distance(distance, pos + word.len() - distance.len())?),
            )
        } else {
            (rest, WordKind::Plain)
        };
        if text.is_empty() || text.contains(['*', '~']) {
            return Err(self.error(
                pos,
                format!(
                    "`{word}` is not a word: `*` and `~` go at the end of a word (wagn*, wagner~1)"
                ),
            ));
        }
        Ok(Node::Word {
            field,
            text: text.to_string(),
            kind,
        })
    }

    fn fuzzy_distance(&self, digits: &str, pos: usize) -> Result<u8> {
        match digits {
            "" => Ok(1),
            "0" | "1" | "2" => Ok(digits.parse().unwrap_or(1)),
            _ => Err(self.error(pos, format!("fuzzy distance `{digits}`: use ~, ~1 or ~2"))),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn word(text: &str) -> Node {
        Node::Word {
            field: None,
            text: text.into(),
            kind: WordKind::Plain,
        }
    }

    #[test]
    fn words_are_anded_and_or_binds_looser() {
        assert_eq!(
            parse_query("a b").unwrap(),
            Node::And(vec![word("a"), word("b")])
        );
        assert_eq!(
            parse_query("a b OR c").unwrap(),
            Node::Or(vec![Node::And(vec![word("a"), word("b")]), word("c")])
        );
        assert_eq!(
            parse_query("a AND (b OR c)").unwrap(),
            Node::And(vec![word("a"), Node::Or(vec![word("b"), word("c")])])
        );
        assert_eq!(parse_query("  ").unwrap(), Node::All);
    }

    #[test]
    fn phrases_fields_negation_prefix_fuzzy() {
        let q = parse_query(
            r#"title:"drone strike" -wagner NOT mali wagn* lavrof~ lavrov~2 agency:afp"#,
        )
        .unwrap();
        let Node::And(parts) = q else { panic!("{q:?}") };
        assert_eq!(
            parts[0],
            Node::Phrase {
                field: Some("title".into()),
                text: "drone strike".into()
            }
        );
        assert_eq!(parts[1], Node::Not(Box::new(word("wagner"))));
        assert_eq!(parts[2], Node::Not(Box::new(word("mali"))));
        assert_eq!(
            parts[3],
            Node::Word {
                field: None,
                text: "wagn".into(),
                kind: WordKind::Prefix
            }
        );
        assert_eq!(
            parts[4],
            Node::Word {
                field: None,
                text: "lavrof".into(),
                kind: WordKind::Fuzzy(1)
            }
        );
        assert_eq!(
            parts[5],
            Node::Word {
                field: None,
                text: "lavrov".into(),
                kind: WordKind::Fuzzy(2)
            }
        );
        assert_eq!(
            parts[6],
            Node::Word {
                field: Some("agency".into()),
                text: "afp".into(),
                kind: WordKind::Plain
            }
        );
    }

    fn error_at(q: &str) -> (usize, String) {
        match parse_query(q).unwrap_err() {
            Error::QuerySyntax {
                position, message, ..
            } => (position, message),
            other => panic!("{other}"),
        }
    }

    #[test]
    fn errors_point_at_the_bad_token() {
        assert_eq!(error_at("wagner )").0, 7);
        assert_eq!(error_at("(wagner mali").0, 0);
        assert!(error_at("(wagner mali").1.contains("missing `)`"));
        assert_eq!(error_at("mali \"drone strike").0, 5);
        assert_eq!(error_at("OR mali").0, 0);
        assert_eq!(error_at("mali OR").0, 7);
        assert!(error_at("foo:bar").1.contains("unknown field `foo`"));
        assert!(error_at("wagner~7").1.contains("fuzzy distance"));
        assert!(error_at("wa*gner").1.contains("not a word"));
        assert!(error_at("mali -").1.contains("must be followed"));
        assert_eq!(error_at("()").0, 1);
    }

    #[test]
    fn oversized_queries_are_refused_with_the_limit() {
        let many = vec!["wagner"; 10_000].join(" OR ");
        let refused = |q: &str| match parse_query(q) {
            Err(Error::QueryTooBroad(m)) => m,
            other => panic!("{other:?}"),
        };
        assert!(refused(&many).contains("limit is 4096 bytes"));
        let words = vec!["a"; MAX_QUERY_WORDS + 1].join(" ");
        assert!(refused(&words).contains("limit is 1024"));
        assert!(parse_query(&vec!["a"; MAX_QUERY_WORDS].join(" ")).is_ok());
        let deep = format!("{}mali{}", "(".repeat(100), ")".repeat(100));
        assert!(error_at(&deep).1.contains("nested more than 32"));
        let ok = format!("{}mali{}", "(".repeat(32), ")".repeat(32));
        assert!(parse_query(&ok).is_ok());
        // Deep nesting without parentheses does not exist: `- -` is refused.
        assert!(error_at("--mali").1.contains("double negation"));
    }
}

//! Query tree -> tantivy query, analysed with the same analyzers as the
//! index. Prefix and fuzzy words are built here because tantivy's own query
//! parser has neither; the terms to highlight are collected on the way.

use std::collections::HashSet;

use tantivy::query::{
    AllQuery, BooleanQuery, BoostQuery, DisjunctionMaxQuery, FuzzyTermQuery, Occur, PhraseQuery,
    Query, TermQuery,
};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::tokenizer::TextAnalyzer;
use tantivy::Term;

use super::prune::{Clause, WordTerms, MAX_FIELDS};
use super::syntax::{check_prefix, Node, WordKind};
use crate::error::{Error, Result};
use crate::index::{english_analyzer, name_analyzer, SitrepIndex};

/// A fuzzy word needs this many letters beyond its edit distance: `ab~1`
/// or `abc~2` would match most short words of the vocabulary.
const MIN_FUZZY_EXTRA_CHARS: usize = 2;
/// Share of a word's score in its other default fields that is added to its
/// best field's (Lucene's `DisjunctionMaxQuery` tie-breaker). Summing every
/// field's BM25 instead counts a word of the headline twice when the text
/// repeats it, each time saturated and weighted by its own field's idf, so
/// headline matches bury articles about the subject: on CISI that sum cost
/// 0.014 nDCG@10 against one BM25 over the whole text. 0.3 is the value the
/// Elasticsearch guide suggests for best-fields queries (between 0.1 and 0.4);
/// measured with examples/eval_ranking.rs (README, "Ranking").
pub(crate) const FIELD_TIE_BREAKER: f32 = 0.3;

/// What the snippet highlighter must mark: analysed (stemmed) terms, term
/// prefixes and fuzzy terms from the positive parts of the query.
#[derive(Debug, Default, Clone)]
pub struct Highlight {
    /// Exact analysed terms (from words and phrases).
    pub exact: HashSet<String>,
    /// Prefixes of analysed terms (`wagn*`).
    pub prefixes: Vec<String>,
    /// Analysed terms with their edit distance (`lavrof~1`).
    pub fuzzy: Vec<(String, u8)>,
}

impl Highlight {
    /// Whether an analysed token of a stored text matches the query.
    pub fn matches(&self, token: &str) -> bool {
        self.exact.contains(token)
            || self.prefixes.iter().any(|p| token.starts_with(p.as_str()))
            || self
                .fuzzy
                .iter()
                .any(|(t, d)| strsim::levenshtein(t, token) <= usize::from(*d))
    }
}

/// How many characters shorter than a typed prefix an indexed stem may be.
const STEM_SLACK: usize = 3;
/// Truncations shorter than this are too unspecific to count as stems.
const MIN_STEM_CHARS: usize = 4;

/// The forms of `prefix` shortened by 1..=STEM_SLACK characters, as long as
/// they keep MIN_STEM_CHARS: the stems a word starting with `prefix` may
/// have been indexed as (`negotiat` -> `negotia`, `negoti`, `negot`).
fn stem_truncations(prefix: &str) -> Vec<String> {
    let chars: Vec<char> = prefix.chars().collect();
    let shortest = chars.len().saturating_sub(STEM_SLACK).max(MIN_STEM_CHARS);
    (shortest..chars.len())
        .map(|n| chars[..n].iter().collect())
        .collect()
}

/// A query of plain words in the shape pruning takes (see
/// [`Compiler::plain_words`]).
#[derive(Debug, Default)]
pub struct PlainWords {
    /// Required clauses, each of one or more alternative words.
    pub clauses: Vec<Clause>,
    /// What must not match, compiled.
    pub excluded: Vec<Box<dyn Query>>,
}

/// Compiles query trees against one index.
pub struct Compiler<'a> {
    index: &'a SitrepIndex,
    english: TextAnalyzer,
    names: TextAnalyzer,
    /// Terms collected for highlighting.
    pub highlight: Highlight,
}

impl<'a> Compiler<'a> {
    /// A compiler for `index`.
    pub fn new(index: &'a SitrepIndex) -> Self {
        Compiler {
            index,
            english: english_analyzer(),
            names: name_analyzer(),
            highlight: Highlight::default(),
        }
    }

    /// Compiles `node`; `None` when it holds no searchable word (`"..."`).
    pub fn compile(&mut self, node: &Node) -> Result<Option<Box<dyn Query>>> {
        self.node(node, false)
    }

    fn node(&mut self, node: &Node, negated: bool) -> Result<Option<Box<dyn Query>>> {
        match node {
            Node::All => Ok(Some(Box::new(AllQuery))),
            Node::Word { field, text, kind } => self
                .per_field(field.as_deref(), |c, f, english| {
                    c.word(f, english, text, *kind, negated)
                }),
            Node::Phrase { field, text } => self.per_field(field.as_deref(), |c, f, english| {
                Ok(c.phrase(f, english, text, negated))
            }),
            Node::Or(children) => {
                let mut clauses = Vec::new();
                for child in children {
                    if let Some(q) = self.node(child, negated)? {
                        clauses.push((Occur::Should, q));
                    }
                }
                Ok((!clauses.is_empty())
                    .then(|| Box::new(BooleanQuery::new(clauses)) as Box<dyn Query>))
            }
            Node::And(children) => self.and(children, negated),
            Node::Not(_) => self.and(std::slice::from_ref(node), negated),
        }
    }

    fn and(&mut self, children: &[Node], negated: bool) -> Result<Option<Box<dyn Query>>> {
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        for child in children {
            match child {
                Node::Not(inner) => {
                    if let Some(q) = self.node(inner, !negated)? {
                        clauses.push((Occur::MustNot, q));
                    }
                }
                other => {
                    if let Some(q) = self.node(other, negated)? {
                        clauses.push((Occur::Must, q));
                    }
                }
            }
        }
        if clauses.is_empty() {
            return Ok(None);
        }
        // A query of exclusions only means "everything except".
        if clauses.iter().all(|(o, _)| *o == Occur::MustNot) {
            clauses.push((Occur::Must, Box::new(AllQuery)));
        }
        Ok(Some(Box::new(BooleanQuery::new(clauses))))
    }

    /// The fields a word is searched in, with whether they are English
    /// (stemmed) and their boost: the named field, else every default field.
    fn targets(&self, field: Option<&str>) -> Result<Vec<(Field, bool, f32)>> {
        let schema = self.index.index.schema();
        let named: Vec<(String, f32)> = match field {
            Some(f) => vec![(f.to_string(), 1.0)],
            None => self.index.spec.default_fields(),
        };
        named
            .into_iter()
            .map(|(name, boost)| {
                let english = !matches!(name.as_str(), "agency" | "dateline");
                Ok((schema.get_field(&name)?, english, boost))
            })
            .collect()
    }

    /// Runs `build` for the named field, or for every default field with its
    /// boost; a document scores its best field plus [`FIELD_TIE_BREAKER`] of
    /// the others, so that one word counts about once however many fields
    /// hold it.
    fn per_field(
        &mut self,
        field: Option<&str>,
        mut build: impl FnMut(&mut Self, Field, bool) -> Result<Option<Box<dyn Query>>>,
    ) -> Result<Option<Box<dyn Query>>> {
        let mut disjuncts: Vec<Box<dyn Query>> = Vec::new();
        for (field, english, boost) in self.targets(field)? {
            if let Some(q) = build(self, field, english)? {
                disjuncts.push(if (boost - 1.0).abs() > f32::EPSILON {
                    Box::new(BoostQuery::new(q, boost))
                } else {
                    q
                });
            }
        }
        Ok(match disjuncts.len() {
            0 => None,
            1 => disjuncts.pop(),
            _ => Some(Box::new(DisjunctionMaxQuery::with_tie_breaker(
                disjuncts,
                FIELD_TIE_BREAKER,
            ))),
        })
    }

    /// When `node` is plain words, or alternatives of plain words
    /// (`raid OR attack`), ANDed, with or without exclusions: the shape
    /// [`PrunedWords`](super::PrunedWords) speeds up. `None` for any other
    /// shape, or a word that analyses to several tokens (a phrase).
    pub fn plain_words(&mut self, node: &Node) -> Result<Option<PlainWords>> {
        let children = match node {
            Node::And(children) => children.as_slice(),
            _ => std::slice::from_ref(node),
        };
        let mut plan = PlainWords::default();
        for child in children {
            let alternatives = match child {
                Node::Not(inner) => {
                    plan.excluded.extend(self.node(inner, true)?);
                    continue;
                }
                Node::Or(words) => words.as_slice(),
                _ => std::slice::from_ref(child),
            };
            let mut clause = Clause::new();
            for word in alternatives {
                match self.plain_word(word)? {
                    Some(Some(terms)) => clause.push(terms),
                    Some(None) => {}
                    None => return Ok(None),
                }
            }
            if clause.iter().map(Vec::len).sum::<usize>() > MAX_FIELDS {
                return Ok(None);
            }
            if !clause.is_empty() {
                plan.clauses.push(clause);
            }
        }
        Ok((!plan.clauses.is_empty()).then_some(plan))
    }

    /// A plain word's term in each of its fields, with the field's boost;
    /// `Some(None)` for a stop word; `None` if `node` is not a plain word.
    fn plain_word(&mut self, node: &Node) -> Result<Option<Option<WordTerms>>> {
        let Node::Word {
            field,
            text,
            kind: WordKind::Plain,
        } = node
        else {
            return Ok(None);
        };
        let mut terms = Vec::new();
        for (field, english, boost) in self.targets(field.as_deref())? {
            match self.analyze(english, text).as_slice() {
                [] => {}
                [(_, term)] => terms.push((Term::from_field_text(field, term), boost)),
                _ => return Ok(None),
            }
        }
        Ok(Some((!terms.is_empty()).then_some(terms)))
    }

    fn analyze(&mut self, english: bool, text: &str) -> Vec<(usize, String)> {
        let analyzer = if english {
            &mut self.english
        } else {
            &mut self.names
        };
        let mut stream = analyzer.token_stream(text);
        let mut out = Vec::new();
        while let Some(token) = stream.next() {
            out.push((token.position, token.text.clone()));
        }
        out
    }

    fn word(
        &mut self,
        field: Field,
        english: bool,
        text: &str,
        kind: WordKind,
        negated: bool,
    ) -> Result<Option<Box<dyn Query>>> {
        match kind {
            WordKind::Plain => Ok(self.phrase(field, english, text, negated)),
            WordKind::Prefix => self.prefix(field, english, text, negated),
            WordKind::Fuzzy(distance) => {
                let tokens = self.analyze(english, text);
                let [(_, term)] = tokens.as_slice() else {
                    return Ok(self.phrase(field, english, text, negated));
                };
                let min_chars = usize::from(distance) + MIN_FUZZY_EXTRA_CHARS;
                if distance > 0 && term.chars().count() < min_chars {
                    return Err(Error::QueryTooBroad(format!(
                        "`{text}~{distance}` would match too many words: a word within {distance} edit(s) needs at least {min_chars} letters"
                    )));
                }
                if !negated && english {
                    self.highlight.fuzzy.push((term.clone(), distance));
                }
                Ok(Some(Box::new(FuzzyTermQuery::new(
                    Term::from_field_text(field, term),
                    distance,
                    true,
                ))))
            }
        }
    }

    /// `wagn*`: the prefix is folded and lower-cased; in stemmed fields its
    /// stem is used when shorter, since the index holds stems
    /// (`negotiat*` -> `negoti`, which `negotiations` was indexed as).
    fn prefix(
        &mut self,
        field: Field,
        english: bool,
        text: &str,
        negated: bool,
    ) -> Result<Option<Box<dyn Query>>> {
        let folded = self.analyze(false, text);
        let Some((_, raw)) = folded.last().cloned() else {
            return Ok(None);
        };
        check_prefix(text, &raw)?;
        let prefix = if english {
            match self.analyze(true, &raw).pop() {
                Some((_, stem)) if raw.starts_with(&stem) => stem,
                _ => raw.clone(),
            }
        } else {
            raw.clone()
        };
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = vec![(
            Occur::Should,
            Box::new(FuzzyTermQuery::new_prefix(
                Term::from_field_text(field, &prefix),
                0,
                true,
            )),
        )];
        // The index holds stems, which can be shorter than the prefix typed:
        // `negotiat*` must find "negotiations", indexed as `negoti`. So the
        // prefix's own shorter forms (down to STEM_SLACK chars less) count too.
        let truncations = if english {
            stem_truncations(&raw)
        } else {
            Vec::new()
        };
        for short in &truncations {
            let term = Term::from_field_text(field, short);
            clauses.push((
                Occur::Should,
                Box::new(TermQuery::new(term, IndexRecordOption::WithFreqs)),
            ));
        }
        if !negated && english {
            self.highlight.prefixes.push(prefix);
            self.highlight.exact.extend(truncations);
        }
        Ok(Some(Box::new(BooleanQuery::new(clauses))))
    }

    /// A phrase, or a single word that analyses to several tokens
    /// (`al-Shabaab` -> `al shabaab`): their positions must follow each other.
    fn phrase(
        &mut self,
        field: Field,
        english: bool,
        text: &str,
        negated: bool,
    ) -> Option<Box<dyn Query>> {
        let tokens = self.analyze(english, text);
        if !negated && english {
            self.highlight
                .exact
                .extend(tokens.iter().map(|(_, t)| t.clone()));
        }
        match tokens.as_slice() {
            [] => None,
            [(_, only)] => Some(Box::new(TermQuery::new(
                Term::from_field_text(field, only),
                IndexRecordOption::WithFreqs,
            ))),
            many => Some(Box::new(PhraseQuery::new_with_offset(
                many.iter()
                    .map(|(p, t)| (*p, Term::from_field_text(field, t)))
                    .collect(),
            ))),
        }
    }
}

//! Query tree -> tantivy query, analysed with the same analyzers as the
//! index. Prefix and fuzzy words are built here because tantivy's own query
//! parser has neither; the terms to highlight and the words the analyzer
//! drops (for a note) are collected on the way.
//!
//! **Compounds.** A hyphenated word is searched by its joined form
//! (`cease-fire` by `ceasefire`, which the index holds for both spellings).
//! Two adjacent words whose joined form the index holds (`air strike`:
//! `airstrike`) also match it, each with half its weight (a field of the
//! word's disjunction-max like title, summary and body), so that together
//! they count it once; in a phrase (`"air strike"`) the joined form is an
//! alternative to the pair. No word list: the index's own vocabulary
//! decides. A closed word does not look for its open form (`airstrike` for
//! `air strike`): that would be a phrase, which the pruned plain-word query
//! (`prune.rs`) cannot score, and closed words are among the commonest.
//!
//! **Names and years.** A word that names a region or actor (`syrian`), or
//! is a year some report is dated in (`2011`), also matches the facet it
//! names (`region Syria`, the `calendar` facet `/2011`), as one more field
//! of the word ([`ENTITY_BOOST`], [`YEAR_BOOST`]).

use std::collections::{HashMap, HashSet};

use tantivy::query::{
    AllQuery, BooleanQuery, BoostQuery, DisjunctionMaxQuery, FuzzyTermQuery, Occur, PhraseQuery,
    Query, TermQuery,
};
use tantivy::schema::{Facet, Field, IndexRecordOption};
use tantivy::tokenizer::TextAnalyzer;
use tantivy::Term;

use super::explain::ExplainedWord;
use super::prune::{Clause, WordTerms, MAX_FIELDS};
use super::syntax::{check_prefix, Node, WordKind};
use super::vocabulary::Vocabulary;
use crate::enrich::{Dimension, QueryName, QueryNames};
use crate::error::{Error, Result};
use crate::index::{
    analyzer_for, english_analyzer, is_stop_word, name_analyzer, Analysis, SitrepIndex,
    MAX_TOKEN_BYTES, QUERY_NAMES_FILE,
};
use crate::language::Language;

/// A fuzzy word needs this many letters beyond its edit distance: `ab~1`
/// or `abc~2` would match most short words of the vocabulary.
const MIN_FUZZY_EXTRA_CHARS: usize = 2;
/// Share of a word's score in its other default fields that is added to its
/// best field's (Lucene's `DisjunctionMaxQuery` tie-breaker). Summing every
/// field's BM25 instead counts a word of the headline twice when the text
/// repeats it, each time saturated and weighted by its own field's idf, so
/// headline matches bury articles about the subject: on CISI that sum cost
/// 0.014 nDCG@10 against one BM25 over the whole text. 0.3 is the value the
/// Elasticsearch guide suggests for best-fields search (between 0.1 and 0.4);
/// measured with examples/eval_ranking (README, "Ranking").
pub(crate) const FIELD_TIE_BREAKER: f32 = 0.3;
/// The share of its weight that each of two adjacent words gives to their
/// joined form (`air` and `strike` to `airstrike`): together, one word's.
const JOINED_SHARE: f32 = 0.5;
/// The weight of a facet a query word names (`syrian`: the region facet
/// Syria) against the word's own text fields. The facet is scored as one more
/// field of the word's disjunction-max (see [`FIELD_TIE_BREAKER`]): BM25 of
/// its term with a term frequency of one and no length (tantivy keeps no
/// lengths for facets), so a rarer facet weighs more, like a rarer word. A
/// report that names only Aleppo scores by the facet; one that also says
/// "Syrian" scores its best field plus a share of the other. Chosen once on
/// the dev queries of eval_ranking's conflict-domain set (README, "Ranking"):
/// nDCG@10 0.229 without the clause, 0.243 / 0.250 / 0.256 / 0.256 / 0.256
/// at 0.5 / 1 / 1.5 / 2 / 3 (and 5, 8): from 1.5 on the facet decides
/// whether a word matches best, and the text breaks ties; 2 has the better
/// MAP of the two (0.192 against 0.188). This is a weight for a whole kind
/// of clause, not for any one query.
pub(crate) const ENTITY_BOOST: f32 = 2.0;
/// The weight of the year a query word names (`2011`: the reports dated in
/// 2011), scored as the facet of a region or actor a word names is (see
/// [`ENTITY_BOOST`]): the `calendar` facet of the year as one more field of
/// the word, so that `2011 syrian uprising` finds the reports of 2011 that
/// never write the year, as readers of a heading such as "2014 Israel–Gaza
/// conflict" mean. Chosen once on the dev queries of eval_ranking's
/// conflict-domain set (README, "Ranking"): nDCG@10 0.252 without the
/// clause, 0.278 / 0.295 / 0.301 / 0.301 at 1 / 2 / 4 / 8: from 4 on the
/// date decides whether the word matches best, and the text breaks ties.
pub(crate) const YEAR_BOOST: f32 = 4.0;
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
    /// The terms of words and phrases as each other language's analyzer
    /// gives them, for the text of a report in that language.
    pub languages: HashMap<Language, HashSet<String>>,
}

impl Highlight {
    /// Whether a token of a report in `language`, analysed as that language
    /// reads, matches the query.
    pub fn matches_in(&self, language: Language, token: &str) -> bool {
        self.languages
            .get(&language)
            .is_some_and(|terms| terms.contains(token))
    }

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

/// A word as the English analyzer sees it: one token per position (a
/// hyphenated compound is its joined form), and the parts of a compound.
#[derive(Debug, Default, Clone)]
struct Analysed {
    /// `(position, token)`, one per position.
    tokens: Vec<(usize, String)>,
    /// The parts of the (first) hyphenated compound among them.
    parts: Vec<String>,
}

/// What an unqualified plain word matches besides its own terms.
#[derive(Debug, Default, Clone)]
struct Extras {
    /// Joined forms it shares with a neighbour, and its share.
    joined: Vec<(String, f32)>,
    /// The facets it names, alone or with its neighbours, and the year it is.
    facets: Vec<NamedFacet>,
}

/// The queries of a word's parts, each labelled (`title`, `region Syria`).
type Parts = Vec<(String, Box<dyn Query>)>;

/// A facet that a query word or phrase names: a region or actor (`syrian`:
/// Syria) or a year (`2011`: the reports dated 2011), and the weight of the
/// word's facet clause: a name of several words shares [`ENTITY_BOOST`]
/// between them, so that together they count it once.
#[derive(Debug, Clone)]
pub(crate) struct NamedFacet {
    /// The facet term (`region` `/Asia/Western Asia/Syria`, `calendar` `/2011`).
    pub term: Term,
    /// What `--explain` calls it: `region Syria`, `date 2011`.
    pub label: String,
    /// The clause's weight: this word's share of [`ENTITY_BOOST`], or [`YEAR_BOOST`].
    pub weight: f32,
}

/// Compiles query trees against one index.
pub struct Compiler<'a> {
    index: &'a SitrepIndex,
    vocabulary: &'a Vocabulary,
    /// The terms looked up in the vocabulary and its answers: the
    /// compiled query holds for another view with the same answers.
    pub looked_up: Vec<(Term, bool)>,
    /// Finds the regions and actors a query names (the index's table);
    /// without it, words match only their own terms.
    query_names: Option<&'a QueryNames>,
    english: TextAnalyzer,
    names: TextAnalyzer,
    /// The analyzer of each other language the index holds reports in: a
    /// query word is searched in their text fields too, analysed as each
    /// reads it (`tuées` as French, `Харків` as Ukrainian and Russian).
    languages: Vec<(Language, TextAnalyzer)>,
    /// Terms collected for highlighting.
    pub highlight: Highlight,
    /// Words the analyzer drops, as notes for the reader.
    pub notes: Vec<String>,
    /// The parts of each positive word and phrase, for `--explain`.
    pub explained: Vec<ExplainedWord>,
    /// Extras of the plain words of the tree being compiled, by node address
    /// (the tree is borrowed for the whole compilation).
    extras: HashMap<*const Node, Extras>,
    /// Whether `extras` holds the tree's.
    prepared: bool,
}

impl<'a> Compiler<'a> {
    /// A compiler for `index`, whose terms `vocabulary` reads; words that
    /// name a region or actor of the index's table of names
    /// ([`SitrepIndex::query_names`]) also match its facet.
    pub fn new(index: &'a SitrepIndex, vocabulary: &'a Vocabulary) -> Self {
        let mut looked_up = Vec::new();
        let mut present = |language: Language| {
            let term = Term::from_facet(index.fields.language, &language.facet());
            let held = vocabulary.holds(&term).is_ok_and(|h| h);
            looked_up.push((term, held));
            held
        };
        let languages = Language::ALL
            .into_iter()
            .filter(|&l| present(l))
            .filter_map(|l| analyzer_for(l).map(|a| (l, a)))
            .collect();
        Compiler {
            index,
            vocabulary,
            looked_up,
            query_names: index.query_names(),
            english: english_analyzer(),
            names: name_analyzer(),
            languages,
            highlight: Highlight::default(),
            notes: Vec::new(),
            explained: Vec::new(),
            extras: HashMap::new(),
            prepared: false,
        }
    }

    /// Compiles `node`; `None` when it holds no searchable word (`"..."`).
    pub fn compile(&mut self, node: &Node) -> Result<Option<Box<dyn Query>>> {
        self.prepare(node)?;
        self.node(node, false)
    }

    /// Works out, once per tree, what each plain word matches besides its own
    /// terms: the joined forms of adjacent words.
    fn prepare(&mut self, node: &Node) -> Result<()> {
        if !self.prepared {
            self.prepared = true;
            self.prepare_tree(node)?;
            if self.query_names.is_none() && self.index.lacks_query_names() {
                self.notes.push(format!(
                    "this index has no table of region and actor names ({QUERY_NAMES_FILE}), so a word that names one matches only its own text; `sitrep index` writes it"
                ));
            }
        }
        Ok(())
    }

    /// The extras of every run of plain words of `node`.
    fn prepare_tree(&mut self, node: &Node) -> Result<()> {
        for run in word_runs(node) {
            self.prepare_run(&run)?;
        }
        Ok(())
    }

    /// Joined forms of adjacent words of one run of plain words.
    fn prepare_run(&mut self, run: &[&Node]) -> Result<()> {
        let texts: Vec<&str> = run.iter().map(|n| word_text(n)).collect();
        let analysed: Vec<Analysed> = texts.iter().map(|t| self.analyse_english(t)).collect();
        let mut extras = vec![Extras::default(); run.len()];
        for i in 1..run.len() {
            let single = |a: &Analysed| a.tokens.len() == 1 && a.parts.is_empty();
            if !(single(&analysed[i - 1]) && single(&analysed[i])) {
                continue;
            }
            if let Some(joined) = self.existing_joined(&[texts[i - 1], texts[i]])? {
                extras[i - 1].joined.push((joined.clone(), JOINED_SHARE));
                extras[i].joined.push((joined, JOINED_SHARE));
            }
        }
        for (extra, facets) in extras.iter_mut().zip(self.named_facets(&texts)?) {
            extra.facets = facets;
        }
        for (node, extra) in run.iter().zip(extras) {
            self.extras.insert(*node as *const Node, extra);
        }
        Ok(())
    }

    /// The facets each of `words` (consecutive words as typed) names: the
    /// year a word is, and the regions and actors it names alone or with its
    /// neighbours, each with its weight.
    fn named_facets(&mut self, words: &[&str]) -> Result<Vec<Vec<NamedFacet>>> {
        let mut out = vec![Vec::new(); words.len()];
        for (slot, word) in out.iter_mut().zip(words) {
            slot.extend(self.year_facet(word)?);
        }
        let Some(names) = self.query_names else {
            return Ok(out);
        };
        for named in names.names_in_query(words) {
            let facet = self.facet_of(&named);
            let weight = facet.weight / named.words.len() as f32;
            for slot in &mut out[named.words] {
                slot.push(NamedFacet {
                    weight,
                    ..facet.clone()
                });
            }
        }
        Ok(out)
    }

    /// The year a word names (`2011`: four digits, a year some report of the
    /// index is dated in, so the index decides, with no range of years), as
    /// the `calendar` facet of that year, which every report of the year holds.
    fn year_facet(&mut self, word: &str) -> Result<Option<NamedFacet>> {
        let Some(year) = year_facet_of(word) else {
            return Ok(None);
        };
        let term = Term::from_facet(self.index.fields.calendar, &year);
        let held = self.vocabulary.holds(&term)?;
        self.looked_up.push((term.clone(), held));
        Ok(held.then(|| NamedFacet {
            term,
            label: format!("date {word}"),
            weight: YEAR_BOOST,
        }))
    }

    /// The facets a phrase names as a whole (`"islamic state"`).
    fn phrase_facets(&self, text: &str) -> Vec<NamedFacet> {
        let Some(names) = self.query_names else {
            return Vec::new();
        };
        let words: Vec<&str> = text.split_whitespace().collect();
        names
            .names_in_query(&words)
            .into_iter()
            .filter(|named| named.words == (0..words.len()))
            .map(|named| self.facet_of(&named))
            .collect()
    }

    /// The facet term of a region or actor a query names, with the whole weight.
    fn facet_of(&self, named: &QueryName) -> NamedFacet {
        let field = match named.dimension {
            Dimension::Region => self.index.fields.region,
            Dimension::Actor => self.index.fields.actor,
        };
        NamedFacet {
            term: Term::from_facet(field, &named.facet),
            label: format!("{} {}", named.dimension.field_name(), named.label()),
            weight: ENTITY_BOOST,
        }
    }

    fn node(&mut self, node: &Node, negated: bool) -> Result<Option<Box<dyn Query>>> {
        match node {
            Node::All => Ok(Some(Box::new(AllQuery))),
            Node::Word {
                field,
                text,
                kind: WordKind::Plain,
            } => self.plain(node, field.as_deref(), text, negated),
            Node::Word { field, text, kind } => {
                let fields = self.per_field(field.as_deref(), |c, f, analysis| {
                    c.word(f, analysis, text, *kind, negated)
                })?;
                Ok(combine(fields.into_iter().map(|(_, q)| q).collect()))
            }
            Node::Phrase { field, text } => self.phrase_node(field.as_deref(), text, negated),
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

    /// The fields a word is searched in, with how they are analysed and
    /// their boost: the named field, else every default field (of the other
    /// languages, those the index holds reports in).
    fn targets(&self, field: Option<&str>) -> Result<Vec<(Field, Analysis, f32)>> {
        let schema = self.index.index.schema();
        let named: Vec<(String, f32)> = match field {
            Some(f) => vec![(f.to_string(), 1.0)],
            None => self.index.spec.default_fields(),
        };
        let mut out = Vec::new();
        for (name, boost) in named {
            let analysis = self.index.spec.analysis(&name);
            if let Analysis::Language(language) = analysis {
                if !self.languages.iter().any(|(l, _)| *l == language) {
                    continue;
                }
            }
            out.push((schema.get_field(&name)?, analysis, boost));
        }
        Ok(out)
    }

    /// The English fields among the default fields: where joined forms of
    /// compounds are looked up (the English analyzer makes them).
    fn english_targets(&self) -> Result<Vec<(Field, Analysis, f32)>> {
        let mut targets = self.targets(None)?;
        targets.retain(|(_, analysis, _)| *analysis == Analysis::English);
        Ok(targets)
    }

    /// Records `tokens` for the highlighter, by the analysis they came from.
    fn highlight_terms(&mut self, analysis: Analysis, tokens: &[(usize, String)]) {
        let terms = tokens.iter().map(|(_, t)| t.clone());
        match analysis {
            Analysis::English => self.highlight.exact.extend(terms),
            Analysis::Language(language) => self
                .highlight
                .languages
                .entry(language)
                .or_default()
                .extend(terms),
            Analysis::Name => {}
        }
    }

    /// Runs `build` for the named field, or for every default field, each
    /// result with its field's boost, labelled with the field's name.
    fn per_field(
        &mut self,
        field: Option<&str>,
        mut build: impl FnMut(&mut Self, Field, Analysis) -> Result<Option<Box<dyn Query>>>,
    ) -> Result<Parts> {
        let mut disjuncts = Vec::new();
        for (field, analysis, boost) in self.targets(field)? {
            if let Some(q) = build(self, field, analysis)? {
                disjuncts.push((self.field_name(field), boosted(q, boost)));
            }
        }
        Ok(disjuncts)
    }

    /// The schema name of `field`.
    fn field_name(&self, field: Field) -> String {
        self.index.index.schema().get_field_name(field).to_string()
    }

    /// Keeps the parts of a word (or phrase) the reader typed, for
    /// `--explain`, and makes them its query.
    fn word_query(&mut self, text: &str, parts: Parts, negated: bool) -> Option<Box<dyn Query>> {
        if !negated && !parts.is_empty() {
            self.explained.push(ExplainedWord {
                word: text.to_string(),
                parts: parts
                    .iter()
                    .map(|(l, q)| (l.clone(), q.box_clone()))
                    .collect(),
            });
        }
        combine(parts.into_iter().map(|(_, q)| q).collect())
    }

    /// A plain word: its term in each field (its joined form if it is a
    /// hyphenated compound), and the joined forms it shares with a neighbour.
    fn plain(
        &mut self,
        node: &Node,
        field: Option<&str>,
        text: &str,
        negated: bool,
    ) -> Result<Option<Box<dyn Query>>> {
        let mut fields = self.per_field(field, |c, f, analysis| {
            let analysed = c.analyse(analysis, text);
            if !negated {
                c.highlight_terms(analysis, &analysed.tokens);
            }
            Ok(phrase_of(f, &analysed.tokens))
        })?;
        let extras = self
            .extras
            .get(&(node as *const Node))
            .cloned()
            .unwrap_or_default();
        if field.is_none() {
            fields.extend(self.joined_fields(&extras, negated)?);
            if !negated {
                fields.extend(facet_queries(&extras.facets));
            }
        }
        if fields.is_empty() {
            self.note_dropped(text);
        }
        Ok(self.word_query(text, fields, negated))
    }

    /// The joined forms a word shares with its neighbours, in each default
    /// field with that field's boost times the word's share.
    fn joined_fields(&mut self, extras: &Extras, negated: bool) -> Result<Parts> {
        let mut out = Vec::new();
        for (joined, share) in &extras.joined {
            if !negated {
                self.highlight.exact.insert(joined.clone());
            }
            for (field, _, boost) in self.english_targets()? {
                out.push((
                    format!("{} ({joined})", self.field_name(field)),
                    boosted(term_query(field, joined), boost * share),
                ));
            }
        }
        Ok(out)
    }

    /// A phrase: its words in order in each field, or, where two adjacent
    /// words have a joined form the index holds, that form in their place
    /// (`"air strike"` also finds `airstrike`).
    fn phrase_node(
        &mut self,
        field: Option<&str>,
        text: &str,
        negated: bool,
    ) -> Result<Option<Box<dyn Query>>> {
        let joined = if field.is_none() {
            self.joined_phrase(text)?
        } else {
            None
        };
        let mut fields = self.per_field(field, |c, f, analysis| {
            let analysed = c.analyse(analysis, text);
            if !negated {
                c.highlight_terms(analysis, &analysed.tokens);
            }
            let own = phrase_of(f, &analysed.tokens);
            let english = analysis == Analysis::English;
            Ok(match (own, english.then_some(joined.as_ref()).flatten()) {
                (Some(own), Some(tokens)) => {
                    if !negated {
                        c.highlight
                            .exact
                            .extend(tokens.iter().map(|(_, t)| t.clone()));
                    }
                    match phrase_of(f, tokens) {
                        Some(alt) => Some(Box::new(DisjunctionMaxQuery::new(vec![own, alt]))),
                        None => Some(own),
                    }
                }
                (own, _) => own,
            })
        })?;
        let words: Vec<&str> = text.split_whitespace().collect();
        let dropped: Vec<&str> = words
            .iter()
            .copied()
            .filter(|w| self.analyse_english(w).tokens.is_empty())
            .collect();
        if field.is_none() && !negated {
            fields.extend(facet_queries(&self.phrase_facets(text)));
        }
        if fields.is_empty() {
            self.note_dropped(text);
        } else if !dropped.is_empty() {
            self.notes.push(format!(
                "ignored {} in \"{text}\" ({}; the phrase keeps their places)",
                quoted_list(&dropped),
                if dropped.len() == 1 {
                    "stop word"
                } else {
                    "stop words"
                }
            ));
        }
        Ok(self.word_query(text, fields, negated))
    }

    /// Notes that `text` is not searched, and why.
    fn note_dropped(&mut self, text: &str) {
        let note = dropped_note(text);
        if !self.notes.contains(&note) {
            self.notes.push(note);
        }
    }

    /// When `node` is plain words and phrases, or alternatives of them
    /// (`raid OR "car bomb"`), ANDed, with or without exclusions: the shape
    /// [`PrunedWords`](super::PrunedWords) speeds up. `None` for any other
    /// shape.
    pub fn plain_words(&mut self, node: &Node) -> Result<Option<PlainWords>> {
        self.prepare(node)?;
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

    /// A plain word's term (or phrase, for a word of several tokens) in
    /// each of its fields, with the field's boost, then its joined forms; a
    /// phrase's in each field. `Some(None)` for a word with none (a stop
    /// word); `None` if `node` is neither a plain word nor a phrase, or a
    /// phrase with a joined form (`"air strike"`, also `airstrike`), which
    /// tantivy scores as the better of the two in each field.
    fn plain_word(&mut self, node: &Node) -> Result<Option<Option<WordTerms>>> {
        let (field, text) = match node {
            Node::Word {
                field,
                text,
                kind: WordKind::Plain,
            } => (field, text),
            Node::Phrase { field, text } => {
                if field.is_none() && self.joined_phrase(text)?.is_some() {
                    return Ok(None);
                }
                (field, text)
            }
            _ => return Ok(None),
        };
        let mut terms = Vec::new();
        for (field, analysis, boost) in self.targets(field.as_deref())? {
            let tokens = self.analyse(analysis, text).tokens;
            if !tokens.is_empty() {
                let phrase = tokens
                    .into_iter()
                    .map(|(position, token)| (position, Term::from_field_text(field, &token)))
                    .collect();
                terms.push((phrase, boost));
            }
        }
        let facets = match node {
            _ if field.is_some() => Vec::new(),
            Node::Word { .. } => {
                let extras = self
                    .extras
                    .get(&(node as *const Node))
                    .cloned()
                    .unwrap_or_default();
                for (joined, share) in &extras.joined {
                    for (field, _, boost) in self.english_targets()? {
                        terms.push((
                            vec![(0, Term::from_field_text(field, joined))],
                            boost * share,
                        ));
                    }
                }
                extras.facets
            }
            _ => self.phrase_facets(text),
        };
        for facet in facets {
            terms.push((vec![(0, facet.term)], facet.weight));
        }
        Ok(Some((!terms.is_empty()).then_some(terms)))
    }

    /// `text` through the analyzer of `analysis`. A word English drops as a
    /// stop word (`the`) is not looked for in other languages either.
    fn analyse(&mut self, analysis: Analysis, text: &str) -> Analysed {
        let analyzer = match analysis {
            Analysis::English => return self.analyse_english(text),
            Analysis::Name => &mut self.names,
            Analysis::Language(_) if self.analyse_english(text).tokens.is_empty() => {
                return Analysed::default()
            }
            Analysis::Language(language) => {
                match self.languages.iter_mut().find(|(l, _)| *l == language) {
                    Some((_, analyzer)) => analyzer,
                    None => return Analysed::default(),
                }
            }
        };
        let mut stream = analyzer.token_stream(text);
        let mut tokens = Vec::new();
        while let Some(token) = stream.next() {
            tokens.push((token.position, token.text.clone()));
        }
        Analysed {
            tokens,
            parts: Vec::new(),
        }
    }

    /// `text` through the English analyzer: one token per position (the
    /// first, which is a compound's joined form), and a compound's parts.
    fn analyse_english(&mut self, text: &str) -> Analysed {
        let mut stream = self.english.token_stream(text);
        let mut out = Analysed::default();
        let mut compound = None;
        while let Some(token) = stream.next() {
            match out.tokens.last() {
                Some(&(position, _)) if position == token.position => {
                    if compound.is_none_or(|p| p == position) {
                        compound = Some(position);
                        out.parts.push(token.text.clone());
                    }
                }
                _ => out.tokens.push((token.position, token.text.clone())),
            }
        }
        out
    }

    /// The joined form of `words` (`air` `strike` -> the stem of `airstrike`)
    /// when the index holds it in a default field.
    fn existing_joined(&mut self, words: &[&str]) -> Result<Option<String>> {
        let raw: String = words.concat();
        let analysed = self.analyse_english(&raw);
        let [(_, joined)] = analysed.tokens.as_slice() else {
            return Ok(None);
        };
        Ok(self.in_vocabulary(joined)?.then(|| joined.clone()))
    }

    /// Whether some English default field of the index holds `token`.
    fn in_vocabulary(&mut self, token: &str) -> Result<bool> {
        for (field, _, _) in self.english_targets()? {
            let term = Term::from_field_text(field, token);
            let held = self.vocabulary.holds(&term)?;
            self.looked_up.push((term, held));
            if held {
                return Ok(true);
            }
        }
        Ok(false)
    }

    /// The phrase `"a b c"` with adjacent words replaced by their joined form
    /// where the index holds it, or `None` when no pair has one.
    fn joined_phrase(&mut self, text: &str) -> Result<Option<Vec<(usize, String)>>> {
        let words: Vec<&str> = text.split_whitespace().collect();
        let mut tokens = Vec::new();
        let (mut i, mut replaced) = (0, false);
        while i < words.len() {
            if i + 1 < words.len() {
                let single = |c: &mut Self, w: &str| {
                    let a = c.analyse_english(w);
                    a.tokens.len() == 1 && a.parts.is_empty()
                };
                if single(self, words[i]) && single(self, words[i + 1]) {
                    if let Some(joined) = self.existing_joined(&words[i..i + 2])? {
                        tokens.push(joined);
                        replaced = true;
                        i += 2;
                        continue;
                    }
                }
            }
            tokens.extend(
                self.analyse_english(words[i])
                    .tokens
                    .into_iter()
                    .map(|(_, t)| t),
            );
            i += 1;
        }
        Ok(replaced.then(|| positioned(&tokens)))
    }

    fn word(
        &mut self,
        field: Field,
        analysis: Analysis,
        text: &str,
        kind: WordKind,
        negated: bool,
    ) -> Result<Option<Box<dyn Query>>> {
        let english = analysis == Analysis::English;
        match kind {
            WordKind::Plain => {
                let analysed = self.analyse(analysis, text);
                Ok(phrase_of(field, &analysed.tokens))
            }
            // A prefix or a word within an edit distance is looked up as
            // written (folded); in another language's field it would be
            // compared with stems, so it is searched in the English and
            // name fields, which hold every report's text as written.
            WordKind::Prefix | WordKind::Fuzzy(_) if matches!(analysis, Analysis::Language(_)) => {
                Ok(None)
            }
            WordKind::Prefix => self.prefix(field, english, text, negated),
            WordKind::Fuzzy(distance) => {
                let analysed = self.analyse(analysis, text);
                let [(_, term)] = analysed.tokens.as_slice() else {
                    return Ok(phrase_of(field, &analysed.tokens));
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
        let folded = self.analyse(Analysis::Name, text).tokens;
        let Some((_, raw)) = folded.last().cloned() else {
            return Ok(None);
        };
        check_prefix(text, &raw)?;
        let prefix = if english {
            match self.analyse_english(&raw).tokens.pop() {
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
            clauses.push((Occur::Should, term_query(field, short)));
        }
        if !negated && english {
            self.highlight.prefixes.push(prefix);
            self.highlight.exact.extend(truncations);
        }
        Ok(Some(Box::new(BooleanQuery::new(clauses))))
    }
}

/// The note for a word that the analyzer drops: `ignored "the" (stop word)`.
pub(crate) fn dropped_note(text: &str) -> String {
    let lower = text.to_lowercase();
    let why = if is_stop_word(&lower) {
        "stop word"
    } else if lower.chars().filter(|c| c.is_alphanumeric()).count() == 1 {
        "single letters and digits are not indexed"
    } else if lower.len() > MAX_TOKEN_BYTES {
        "longer than the longest word indexed"
    } else {
        "no letter or digit"
    };
    format!("ignored \"{text}\" ({why})")
}

/// The runs of plain words typed next to each other in `node`: the free
/// words among the children of each `AND` or `OR` group (and a query of one
/// word); excluded words belong to none. Adjacent words of a run are
/// looked up as one closed compound.
fn word_runs(node: &Node) -> Vec<Vec<&Node>> {
    let mut runs = Vec::new();
    collect_runs(node, &mut runs);
    runs
}

fn collect_runs<'t>(node: &'t Node, runs: &mut Vec<Vec<&'t Node>>) {
    match node {
        Node::And(children) | Node::Or(children) => {
            let mut run: Vec<&Node> = Vec::new();
            for child in children {
                if is_free_word(child) {
                    run.push(child);
                    continue;
                }
                if !run.is_empty() {
                    runs.push(std::mem::take(&mut run));
                }
                collect_runs(child, runs);
            }
            if !run.is_empty() {
                runs.push(run);
            }
        }
        word if is_free_word(word) => runs.push(vec![word]),
        _ => {}
    }
}

/// The text of a word node.
fn word_text(node: &Node) -> &str {
    match node {
        Node::Word { text, .. } | Node::Phrase { text, .. } => text,
        _ => "",
    }
}

/// Whether `node` is a word that joins runs of words: plain, in the default
/// fields (neither qualified by a field, nor a prefix or fuzzy word).
fn is_free_word(node: &Node) -> bool {
    matches!(
        node,
        Node::Word {
            field: None,
            kind: WordKind::Plain,
            ..
        }
    )
}

/// A word's or phrase's fields as one query: each field its best plus
/// [`FIELD_TIE_BREAKER`] of the others, so that one word counts about once
/// however many fields hold it.
fn combine(mut fields: Vec<Box<dyn Query>>) -> Option<Box<dyn Query>> {
    match fields.len() {
        0 => None,
        1 => fields.pop(),
        _ => Some(Box::new(DisjunctionMaxQuery::with_tie_breaker(
            fields,
            FIELD_TIE_BREAKER,
        ))),
    }
}

/// The `calendar` facet of the year a query word may name (`2011`: `/2011`):
/// any word of four digits. Whether a report is dated in that year is for
/// the index to say; a remote index is sent the clause and matches nothing
/// if none is (`remote::translate`).
pub(crate) fn year_facet_of(word: &str) -> Option<Facet> {
    (word.len() == 4 && word.bytes().all(|b| b.is_ascii_digit())).then(|| Facet::from_path([word]))
}

/// The facet clauses of a word or phrase, each with its weight.
fn facet_queries(facets: &[NamedFacet]) -> Parts {
    facets
        .iter()
        .map(|facet| {
            let query: Box<dyn Query> =
                Box::new(TermQuery::new(facet.term.clone(), IndexRecordOption::Basic));
            (facet.label.clone(), boosted(query, facet.weight))
        })
        .collect()
}

/// `"a", "b"`.
fn quoted_list(words: &[&str]) -> String {
    words
        .iter()
        .map(|w| format!("\"{w}\""))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Tokens at consecutive positions.
fn positioned(tokens: &[String]) -> Vec<(usize, String)> {
    tokens.iter().cloned().enumerate().collect()
}

fn term_query(field: Field, token: &str) -> Box<dyn Query> {
    Box::new(TermQuery::new(
        Term::from_field_text(field, token),
        IndexRecordOption::WithFreqs,
    ))
}

fn boosted(query: Box<dyn Query>, boost: f32) -> Box<dyn Query> {
    if (boost - 1.0).abs() > f32::EPSILON {
        Box::new(BoostQuery::new(query, boost))
    } else {
        query
    }
}

/// One token: a term query; several: a phrase (their positions must follow
/// each other as in the text: `al Shabaab`); none: nothing.
fn phrase_of(field: Field, tokens: &[(usize, String)]) -> Option<Box<dyn Query>> {
    match tokens {
        [] => None,
        [(_, only)] => Some(term_query(field, only)),
        many => Some(Box::new(PhraseQuery::new_with_offset(
            many.iter()
                .map(|(p, t)| (*p, Term::from_field_text(field, t)))
                .collect(),
        ))),
    }
}

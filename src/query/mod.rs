//! Stage 4: what the user typed -> a tantivy query. `syntax` parses the query
//! language, `compile` turns it into tantivy queries with the index's
//! analyzers, `filters` adds date ranges, facets and the least number killed.

mod compile;
mod explain;
mod filters;
mod prune;
mod syntax;
mod vocabulary;

use tantivy::query::{BooleanQuery, Occur, Query};
use tantivy::{Searcher, Term};

pub(crate) use compile::{dropped_note, year_facet_of, YEAR_BOOST};
pub use compile::{Compiler, Highlight, PlainWords};
pub use explain::{ExplainedWord, Explainer, PartScore, WordScore};
pub use filters::{
    parse_date_bound, resolve_all, resolve_events, resolve_languages, resolve_violence, FilterSpec,
    Filters, NameFacets, NameSource, TableFirst,
};
pub(crate) use prune::{collect_pruned, page, PrunedTop, Ranked, Threshold};
pub use prune::{prunes_top_k, Clause, Phrase, PrunedWords, TopScores, WordTerms};
pub(crate) use syntax::check_prefix;
pub use syntax::{parse_query, Node, WordKind, MAX_QUERY_BYTES, MIN_PREFIX_CHARS};
pub use vocabulary::Vocabulary;

use crate::error::{Error, Result};
use crate::index::SitrepIndex;

/// A compiled query, the terms its snippets should highlight, and what the
/// reader should know about it.
pub struct Compiled {
    /// Text query AND filters.
    pub query: Box<dyn Query>,
    /// What to highlight.
    pub highlight: Highlight,
    /// Words the analyzer drops (`ignored "the" (stop word)`), for the reader.
    pub notes: Vec<String>,
    /// The parts each word was searched in, for `--explain`.
    pub explained: Vec<ExplainedWord>,
    /// For a query without words, which documents it selects.
    pub selection: Option<Selection>,
    /// The terms of the index it was compiled on that decided its form,
    /// with whether that index held them: compiled again on an index whose
    /// [`Vocabulary::answers`] them alike, it is the same query.
    pub vocabulary: Vec<(Term, bool)>,
}

/// What a query without words selects: every live document, or those its
/// filters allow. Its matches in a segment depend on that segment alone (a
/// query with words is compiled against the whole index's vocabulary, which
/// decides e.g. whether `air strike` also matches `airstrike`), so counts
/// over them can be kept per segment (`crate::facets`).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Selection {
    /// Every live document: the empty query without filters.
    All,
    /// The documents the filters allow: the empty query with filters.
    Filtered(Filters),
}

/// Parses `text`, compiles it for `index` (whose vocabulary `searcher`
/// reads: compound words are matched by the forms the index holds) and ANDs
/// the filters. Words that name a region or actor of the index's table of
/// names also match its facet (see `compile`).
pub fn compile_query(
    index: &SitrepIndex,
    searcher: &Searcher,
    text: &str,
    filters: &Filters,
) -> Result<Compiled> {
    compile_query_in(index, &Vocabulary::new(searcher.clone()), text, filters)
}

/// [`compile_query`] with the index's terms read through `vocabulary`, which
/// the queries compiled on one view share (each term is looked up once).
pub fn compile_query_in(
    index: &SitrepIndex,
    vocabulary: &Vocabulary,
    text: &str,
    filters: &Filters,
) -> Result<Compiled> {
    let tree = parse_query(text)?;
    let selection = matches!(tree, Node::All).then(|| {
        if *filters == Filters::default() {
            Selection::All
        } else {
            Selection::Filtered(filters.clone())
        }
    });
    let mut compiler = Compiler::new(index, vocabulary);
    let text_query = compiler.compile(&tree)?.ok_or_else(|| Error::QuerySyntax {
        query: text.to_string(),
        position: 0,
        message: "the query has no searchable word (stop words such as `the`, `of`, `in` are not indexed)"
            .to_string(),
    })?;
    let filter_queries = filters.queries(&index.fields)?;
    let mut clauses: Vec<(Occur, Box<dyn Query>)> = vec![(Occur::Must, text_query)];
    clauses.extend(filter_queries.iter().map(|q| (Occur::Must, q.box_clone())));
    let exhaustive: Box<dyn Query> = if clauses.len() == 1 {
        clauses.remove(0).1
    } else {
        Box::new(BooleanQuery::new(clauses))
    };
    let query: Box<dyn Query> = match compiler.plain_words(&tree)? {
        // One word in one field, or words each in one field, with nothing
        // else: tantivy prunes those itself, with cheaper skips (but not
        // phrases).
        Some(plan)
            if filter_queries.is_empty()
                && plan.excluded.is_empty()
                && plan
                    .clauses
                    .iter()
                    .all(|c| c.len() == 1 && c[0].len() == 1 && c[0][0].0.len() == 1) =>
        {
            exhaustive
        }
        Some(plan) => Box::new(PrunedWords {
            clauses: plan.clauses,
            tie_breaker: compile::FIELD_TIE_BREAKER,
            filters: filter_queries,
            excluded: plan.excluded,
            exhaustive,
        }),
        None => exhaustive,
    };
    Ok(Compiled {
        query,
        highlight: compiler.highlight,
        notes: compiler.notes,
        selection,
        explained: compiler.explained,
        vocabulary: compiler.looked_up,
    })
}

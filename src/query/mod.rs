//! Stage 4: what the user typed -> a tantivy query. `syntax` parses the query
//! language, `compile` turns it into tantivy queries with the index's
//! analyzers, `filters` adds date ranges and region/actor facets.

mod compile;
mod filters;
mod syntax;

use tantivy::query::{BooleanQuery, Occur, Query};

pub use compile::{Compiler, Highlight};
pub use filters::{parse_date_bound, resolve_all, Filters};
pub use syntax::{parse_query, Node, WordKind, QUERY_FIELDS};

use crate::error::{Error, Result};
use crate::index::SitrepIndex;

/// A compiled query and the terms its snippets should highlight.
pub struct Compiled {
    /// Text query AND filters.
    pub query: Box<dyn Query>,
    /// What to highlight.
    pub highlight: Highlight,
}

/// Parses `text`, compiles it for `index` and ANDs the filters.
pub fn compile_query(index: &SitrepIndex, text: &str, filters: &Filters) -> Result<Compiled> {
    let tree = parse_query(text)?;
    let mut compiler = Compiler::new(index);
    let text_query = compiler.compile(&tree)?.ok_or_else(|| Error::QuerySyntax {
        query: text.to_string(),
        position: 0,
        message: "the query has no searchable word (stop words such as `the`, `of`, `in` are not indexed)"
            .to_string(),
    })?;
    let mut clauses: Vec<(Occur, Box<dyn Query>)> = vec![(Occur::Must, text_query)];
    clauses.extend(
        filters
            .queries(&index.fields)?
            .into_iter()
            .map(|q| (Occur::Must, q)),
    );
    let query: Box<dyn Query> = if clauses.len() == 1 {
        clauses.remove(0).1
    } else {
        Box::new(BooleanQuery::new(clauses))
    };
    Ok(Compiled {
        query,
        highlight: compiler.highlight,
    })
}

//! sitrep: full-text search for conflict reporting.
//!
//! The library follows the data: [`parse`] reads files into [`Article`]s,
//! [`enrich`] finds the regions and actors they mention through the
//! gazetteer, [`index`] writes them to a tantivy index, [`query`] turns what
//! the user typed into a tantivy query, [`search`] and [`facets`] run it, and
//! [`render`] prints the results; [`serve`] offers the same over HTTP with
//! a web page for faceted browsing; [`watch`] keeps saved searches and
//! reports what is new for them; [`trends`] counts reports per week or month
//! and flags rises; [`remote`] sends the same enriched
//! documents to a Quickwit cluster and searches there instead. The `sitrep`
//! binary is a thin layer of argument parsing on top.

pub mod article;
pub mod enrich;
pub mod error;
pub mod facets;
pub mod groups;
pub mod index;
pub mod language;
pub mod parse;
pub mod query;
pub mod remote;
pub mod render;
pub mod search;
pub mod serve;
pub mod stats;
pub mod trends;
pub mod watch;

pub use article::Article;
pub use error::{Arg, Error, Result};
pub use language::Language;

//! What a compiled query depends on besides its text: whether the index
//! holds a few terms (the languages it has reports in, the joined forms of
//! adjacent words, see `compile`). [`Vocabulary`] answers each term once
//! per view of the index, for every query compiled on it; each compiled
//! query keeps the answers it was built on ([`super::Compiled::vocabulary`]),
//! so that a caller holding it can tell whether compiling it again on
//! another view would give the same query: when the same terms give the same
//! answers (`sitrep index --watch` keeps its watches' queries from one commit
//! to the next that way).

use std::collections::HashMap;
use std::sync::Mutex;

use tantivy::{Searcher, Term};

use crate::error::Result;

/// The terms of one searcher's index, each looked up once.
pub struct Vocabulary {
    searcher: Searcher,
    known: Mutex<HashMap<Term, bool>>,
}

impl Vocabulary {
    /// The vocabulary `searcher` reads.
    pub fn new(searcher: Searcher) -> Self {
        Vocabulary {
            searcher,
            known: Mutex::new(HashMap::new()),
        }
    }

    /// Whether a document of the index holds `term` (deleted ones not yet
    /// merged away count, as in tantivy's `doc_freq`).
    pub fn holds(&self, term: &Term) -> Result<bool> {
        let mut known = self.known.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(&held) = known.get(term) {
            return Ok(held);
        }
        let held = self.searcher.doc_freq(term)? > 0;
        known.insert(term.clone(), held);
        Ok(held)
    }

    /// Whether every term of `answers` gets the same answer here (a lookup
    /// that fails counts as a different answer).
    pub fn answers(&self, answers: &[(Term, bool)]) -> bool {
        answers
            .iter()
            .all(|(term, held)| self.holds(term).is_ok_and(|h| h == *held))
    }
}

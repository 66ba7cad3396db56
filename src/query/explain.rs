//! `--explain`: what a hit scored for each word of the query, field by
//! field, so that the ranking can be read. Each word (or phrase) of the
//! query is compiled into one query per part it is searched in (its BM25 in
//! `title`, `body`..., its joined form, the facet it names); the word scores
//! its best part plus [`FIELD_TIE_BREAKER`] of the others, and the words' scores add up to the hit's (for queries of
//! plain words and phrases; prefix and fuzzy words are not broken down).

use serde::Serialize;
use tantivy::query::{EnableScoring, Query, Weight};
use tantivy::{DocAddress, DocSet, Score, Searcher, TERMINATED};

use super::compile::FIELD_TIE_BREAKER;
use crate::error::Result;

/// One word or phrase of a query and the queries of its parts, labelled.
pub struct ExplainedWord {
    /// The word as typed.
    pub word: String,
    /// `(label, query)`: `title`, `body`, `body (airstrike)`, `region Syria`.
    pub parts: Vec<(String, Box<dyn Query>)>,
}

/// What one part of a word scored in a hit.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PartScore {
    /// `title`, `body`, `body (airstrike)` (a joined form), `region Syria`
    /// (a facet the word names).
    pub part: String,
    /// Its BM25, with its boost.
    pub score: f32,
}

/// What one word of the query scored in a hit.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct WordScore {
    /// The word as typed.
    pub word: String,
    /// Its best part plus the tie-breaker's share of the others.
    pub score: f32,
    /// The parts it matched, best first.
    pub parts: Vec<PartScore>,
}

/// A word as typed, and the labelled weights of its parts.
type WeighedWord = (String, Vec<(String, Box<dyn Weight>)>);

/// The weights of every part of every word, made once per search.
pub struct Explainer {
    words: Vec<WeighedWord>,
}

impl Explainer {
    /// Weighs `words` with `searcher`'s statistics.
    pub fn new(words: &[ExplainedWord], searcher: &Searcher) -> Result<Self> {
        let scoring = EnableScoring::enabled_from_searcher(searcher);
        let mut weighed = Vec::with_capacity(words.len());
        for word in words {
            let mut parts = Vec::with_capacity(word.parts.len());
            for (label, query) in &word.parts {
                parts.push((label.clone(), query.weight(scoring)?));
            }
            weighed.push((word.word.clone(), parts));
        }
        Ok(Explainer { words: weighed })
    }

    /// The score of each word of the query in the document at `address`
    /// (words it does not match are left out).
    pub fn explain(&self, searcher: &Searcher, address: DocAddress) -> Result<Vec<WordScore>> {
        let reader = searcher.segment_reader(address.segment_ord);
        let mut out = Vec::new();
        for (word, weights) in &self.words {
            let mut parts = Vec::new();
            for (label, weight) in weights {
                let mut scorer = weight.scorer(reader, 1.0)?;
                // A scorer starts on its first document, which may be past this one.
                let mut at = scorer.doc();
                if at < address.doc_id {
                    at = scorer.seek(address.doc_id);
                }
                if at != TERMINATED && at == address.doc_id {
                    parts.push(PartScore {
                        part: label.clone(),
                        score: scorer.score(),
                    });
                }
            }
            if parts.is_empty() {
                continue;
            }
            parts.sort_by(|a, b| b.score.total_cmp(&a.score));
            let best = parts[0].score;
            let rest: Score = parts[1..].iter().map(|p| p.score).sum();
            out.push(WordScore {
                word: word.clone(),
                score: best + FIELD_TIE_BREAKER * rest,
                parts,
            });
        }
        Ok(out)
    }
}

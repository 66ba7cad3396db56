//! The reference for the conflict-domain set: a plain BM25 computed here, independent of
//! sitrep's index, analyzer and query code, so that a change to sitrep cannot move it.
//!
//! Text is one field (the whole sentence). Tokens are runs of letters and digits (as bm25s's
//! `\w\w+`, without `_`), lower-cased, of two characters or more; Lucene's 33 English stop words
//! are dropped and the rest stemmed with Snowball English. Scores are Lucene's BM25 (k1 1.2,
//! b 0.75, idf `ln(1 + (N - df + 0.5) / (df + 0.5))`) with exact document lengths; every
//! occurrence of a word in the query adds its score, as in bm25s.

use std::collections::HashMap;

use frostem::{Algorithm, Stemmer};

const K1: f64 = 1.2;
const B: f64 = 0.75;

/// Lucene's English stop words (the reference runs of Cranfield and CISI use the same list).
const STOP_WORDS: [&str; 33] = [
    "a", "an", "and", "are", "as", "at", "be", "but", "by", "for", "if", "in", "into", "is", "it",
    "no", "not", "of", "on", "or", "such", "that", "the", "their", "then", "there", "these",
    "they", "this", "to", "was", "will", "with",
];

/// Stemmed, stop-word-free tokens of `text`.
pub fn tokens(stemmer: &Stemmer, text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| w.chars().count() >= 2)
        .map(str::to_lowercase)
        .filter(|w| !STOP_WORDS.contains(&w.as_str()))
        .map(|w| stemmer.stem(&w).into_owned())
        .collect()
}

/// An in-memory BM25 index over a fixed list of documents.
pub struct Bm25 {
    stemmer: Stemmer,
    /// Term -> (document number, term frequency), in document order.
    postings: HashMap<String, Vec<(u32, u32)>>,
    lengths: Vec<f64>,
    average_length: f64,
}

impl Bm25 {
    /// Indexes `docs` (document numbers are their positions).
    pub fn new<'a>(docs: impl IntoIterator<Item = &'a str>) -> Self {
        let stemmer = Stemmer::new(Algorithm::English);
        let mut postings: HashMap<String, Vec<(u32, u32)>> = HashMap::new();
        let mut lengths = Vec::new();
        for (n, text) in docs.into_iter().enumerate() {
            let toks = tokens(&stemmer, text);
            lengths.push(toks.len() as f64);
            let mut tf: HashMap<String, u32> = HashMap::new();
            for t in toks {
                *tf.entry(t).or_default() += 1;
            }
            for (t, f) in tf {
                postings.entry(t).or_default().push((n as u32, f));
            }
        }
        let average_length = lengths.iter().sum::<f64>() / lengths.len().max(1) as f64;
        Bm25 {
            stemmer,
            postings,
            lengths,
            average_length,
        }
    }

    /// The best `depth` documents for `query`: (document number, score), best first, ties by
    /// document number.
    pub fn search(&self, query: &str, depth: usize) -> Vec<(u32, f64)> {
        let n = self.lengths.len() as f64;
        let mut scores: HashMap<u32, f64> = HashMap::new();
        for term in tokens(&self.stemmer, query) {
            let Some(list) = self.postings.get(&term) else {
                continue;
            };
            let df = list.len() as f64;
            let idf = (1.0 + (n - df + 0.5) / (df + 0.5)).ln();
            for &(doc, tf) in list {
                let tf = f64::from(tf);
                let norm = K1 * (1.0 - B + B * self.lengths[doc as usize] / self.average_length);
                *scores.entry(doc).or_default() += idf * tf * (K1 + 1.0) / (tf + norm);
            }
        }
        let mut ranked: Vec<(u32, f64)> = scores.into_iter().collect();
        ranked.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        ranked.truncate(depth);
        ranked
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_drop_stop_words_and_single_characters_and_stem() {
        let stemmer = Stemmer::new(Algorithm::English);
        assert_eq!(
            tokens(&stemmer, "The U.S. attacks, in Syria's cities"),
            ["attack", "syria", "citi"]
        );
    }

    #[test]
    fn a_rarer_word_and_a_shorter_document_score_higher() {
        let docs = [
            "rebels attack the town",
            "rebels attack the town again and again with more men",
            "army attack",
            "a storm",
        ];
        let index = Bm25::new(docs);
        let ranked = index.search("rebels", 10);
        assert_eq!(
            ranked.iter().map(|r| r.0).collect::<Vec<_>>(),
            [0, 1],
            "{ranked:?}"
        );
        let ranked = index.search("rebels attack", 10);
        assert_eq!(ranked[0].0, 0);
        assert_eq!(ranked.len(), 3);
        // idf: `rebel` (2 of 4 documents) weighs more than `attack` (3 of 4).
        let single = |q: &str| index.search(q, 10)[0].1;
        assert!(single("rebels") > single("attack"));
    }
}

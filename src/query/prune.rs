//! Top-k retrieval that skips what cannot reach the top.
//!
//! The common query is a few words, all required (or a few alternatives:
//! `massacre OR genocide`), each scoring its best field plus a share of the
//! others (see `FIELD_TIE_BREAKER`), ANDed with date and facet filters. tantivy prunes only unions and intersections of
//! plain term queries that sum their scores, so for this shape it scored
//! every match: `attack` meant 900,000 scores at a million articles to keep
//! ten. [`PrunedWords`] gives the same hits and scores with block-max
//! pruning: every 128-document block of a posting list records its best
//! possible score, and a run of documents whose bounds add up to no more
//! than the tenth best score so far is skipped unscored.
//!
//! A phrase (`"drone strike"`) is a word whose field holds several terms at
//! set offsets. Its documents are those holding all its terms, found by
//! leapfrogging their posting lists from the rarest; a block bound of that
//! rarest term bounds the phrase too (a phrase occurs no more often than
//! any of its terms), and so does a document's least term frequency, so
//! positions are read only for a document that could still reach the top
//! (tantivy's `PhraseScorer` reads them for every document holding all the
//! terms).
//!
//! Anything but top-k by score (counting, facets, recency blending, sorting
//! by date) runs the equivalent tantivy query unchanged.

use tantivy::collector::{Collector, SegmentCollector};
use tantivy::fieldnorm::FieldNormReader;
use tantivy::postings::{BlockSegmentPostings, Postings, SegmentPostings};
use tantivy::query::{Bm25Weight, EnableScoring, Explanation, Query, Scorer, Weight};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::{
    DocAddress, DocId, DocSet, Score, SeekDangerResult, SegmentReader, Term, TERMINATED,
};

/// What a word matches in one field: one term, or a phrase of terms at
/// their offsets (`(0, drone), (1, strike)`; a dropped stop word leaves a
/// gap), scored as tantivy's `TermQuery` and `PhraseQuery` score them.
pub type Phrase = Vec<(usize, Term)>;

/// One word (or phrase): what it matches in each field searched, with the
/// field's boost.
pub type WordTerms = Vec<(Phrase, Score)>;

/// Words of which a document must hold at least one (`attack OR raid`);
/// it scores the sum of those it holds. A single word is a clause of one.
pub type Clause = Vec<WordTerms>;

/// Every one of `clauses` matching (each word scoring its best field plus
/// `tie_breaker` of the others), every `filters` query matching (unscored),
/// none of `excluded` matching. `exhaustive` is the same query built from
/// tantivy's own parts: it answers everything but pruned top-k, and its
/// scores are the ones pruning must reproduce.
#[derive(Debug)]
pub struct PrunedWords {
    /// The required clauses.
    pub clauses: Vec<Clause>,
    /// The tie-breaker of each word's fields.
    pub tie_breaker: Score,
    /// Required, non-scoring restrictions (dates, facets).
    pub filters: Vec<Box<dyn Query>>,
    /// Documents matching any of these are left out.
    pub excluded: Vec<Box<dyn Query>>,
    /// The equivalent unpruned query.
    pub exhaustive: Box<dyn Query>,
}

/// The most fields a clause may hold here (its words times their fields):
/// a field is a bit of a `u32` mask.
pub const MAX_FIELDS: usize = 32;

impl Clone for PrunedWords {
    fn clone(&self) -> Self {
        let clone_all =
            |queries: &[Box<dyn Query>]| queries.iter().map(|q| q.box_clone()).collect();
        PrunedWords {
            clauses: self.clauses.clone(),
            tie_breaker: self.tie_breaker,
            filters: clone_all(&self.filters),
            excluded: clone_all(&self.excluded),
            exhaustive: self.exhaustive.box_clone(),
        }
    }
}

impl Query for PrunedWords {
    fn weight(&self, scoring: EnableScoring<'_>) -> tantivy::Result<Box<dyn Weight>> {
        let exhaustive = self.exhaustive.weight(scoring)?;
        let EnableScoring::Enabled {
            searcher,
            statistics_provider,
        } = scoring
        else {
            return Ok(exhaustive);
        };
        let mut clauses = Vec::with_capacity(self.clauses.len());
        for clause in &self.clauses {
            let mut fields = Vec::new();
            for (word, phrases) in clause.iter().enumerate() {
                for (phrase, boost) in phrases {
                    let terms: Vec<Term> = phrase.iter().map(|(_, t)| t.clone()).collect();
                    let Some(first) = terms.first() else {
                        continue;
                    };
                    // As tantivy's `TermQuery` and `PhraseQuery` weigh them.
                    let bm25 = Bm25Weight::for_terms(statistics_provider, &terms)?;
                    let docs = statistics_provider.total_num_docs()?;
                    let mut idf: Score = 0.0;
                    for term in &terms {
                        idf += bm25_idf(statistics_provider.doc_freq(term)?, docs);
                    }
                    let stats = TermStats {
                        doc_freq: statistics_provider.doc_freq(first)?,
                        idf,
                        docs,
                        tokens: statistics_provider.total_num_tokens(first.field())?,
                        boost: *boost,
                    };
                    fields.push((word, phrase.clone(), bm25.boost_by(*boost), stats));
                }
            }
            clauses.push(fields);
        }
        let unscored = EnableScoring::disabled_from_searcher(searcher);
        let weights = |queries: &[Box<dyn Query>]| {
            queries
                .iter()
                .map(|q| q.weight(unscored))
                .collect::<tantivy::Result<Vec<_>>>()
        };
        Ok(Box::new(PrunedWordsWeight {
            clauses,
            tie_breaker: self.tie_breaker,
            filters: weights(&self.filters)?,
            excluded: weights(&self.excluded)?,
            exhaustive,
        }))
    }

    fn query_terms<'a>(&'a self, visitor: &mut dyn FnMut(&'a Term, bool)) {
        self.exhaustive.query_terms(visitor);
    }
}

/// A clause's fields: (word index, term or phrase, BM25 weight with the
/// field's boost, statistics).
type ClauseWeights = Vec<(usize, Phrase, Bm25Weight, TermStats)>;

/// BM25's inverse document frequency, as tantivy computes it (its own
/// function is private): a phrase's weight is the sum of its terms'.
fn bm25_idf(doc_freq: u64, docs: u64) -> Score {
    let x = (docs.saturating_sub(doc_freq) as Score + 0.5) / (doc_freq as Score + 0.5);
    (1.0 + x).ln()
}

/// The index-wide statistics a field's BM25 weight was made from, and its
/// boost: what a segment's block bounds are rescaled with.
#[derive(Debug, Clone, Copy)]
struct TermStats {
    /// Of the first term.
    doc_freq: u64,
    /// The term's idf, or the sum of a phrase's terms' idf.
    idf: Score,
    docs: u64,
    tokens: u64,
    boost: Score,
}

impl TermStats {
    /// The weight a block bound of `reader` is computed with, and the factor
    /// that makes it a bound for the index-wide weight. tantivy stores, per
    /// block of 128 postings, the (field length, term frequency) pair that
    /// scores best with the *segment's* average field length; with the
    /// index's average another document of the block can score more, so the
    /// stored pair, scored with the index's weight, is no bound (it let the
    /// best hit be skipped). Scored with the segment's average it bounds
    /// every document of the block for that average; BM25's length term
    /// `1 - b + b * len / avg` changes by at most `avg_segment / avg_index`
    /// when the average changes, so the score by at most its inverse:
    /// multiplied by `max(1, avg_index / avg_segment)` it bounds the
    /// index-wide score. A phrase's bound is its weight (the sum of its
    /// terms' idf) applied to a block bound of one of its terms, which holds
    /// since the phrase occurs no more often than the term.
    fn segment_bound(
        &self,
        reader: &SegmentReader,
        field: Field,
    ) -> tantivy::Result<(Bm25Weight, Score)> {
        // As the serializer computed it: the segment's tokens over its documents.
        let docs = reader.max_doc().max(1) as Score;
        let local = reader.inverted_index(field)?.total_num_tokens() as Score / docs;
        let global = self.tokens as Score / self.docs.max(1) as Score;
        let one = Bm25Weight::for_one_term(self.doc_freq, self.docs, local);
        // For one term the two idf are equal, and the factor is the boost.
        let weight = one.boost_by(self.boost * self.idf / bm25_idf(self.doc_freq, self.docs));
        let scale = if local > 0.0 {
            (global / local).max(1.0)
        } else {
            1.0
        };
        Ok((weight, scale))
    }
}

struct PrunedWordsWeight {
    clauses: Vec<ClauseWeights>,
    tie_breaker: Score,
    filters: Vec<Box<dyn Weight>>,
    excluded: Vec<Box<dyn Weight>>,
    exhaustive: Box<dyn Weight>,
}

impl Weight for PrunedWordsWeight {
    fn scorer(&self, reader: &SegmentReader, boost: Score) -> tantivy::Result<Box<dyn Scorer>> {
        self.exhaustive.scorer(reader, boost)
    }

    fn explain(&self, reader: &SegmentReader, doc: DocId) -> tantivy::Result<Explanation> {
        self.exhaustive.explain(reader, doc)
    }

    fn count(&self, reader: &SegmentReader) -> tantivy::Result<u32> {
        // Counting needs no score: tantivy's unions skip the score combiner
        // on this path, which its default `count` (via a scorer) does not.
        let mut count = 0u32;
        let alive = reader.alive_bitset();
        self.exhaustive.for_each_no_score(reader, &mut |docs| {
            count += match alive {
                Some(alive) => docs.iter().filter(|&&d| alive.is_alive(d)).count() as u32,
                None => docs.len() as u32,
            };
        })?;
        Ok(count)
    }

    fn for_each(
        &self,
        reader: &SegmentReader,
        callback: &mut dyn FnMut(DocId, Score),
    ) -> tantivy::Result<()> {
        self.exhaustive.for_each(reader, callback)
    }

    fn for_each_no_score(
        &self,
        reader: &SegmentReader,
        callback: &mut dyn FnMut(&[DocId]),
    ) -> tantivy::Result<()> {
        self.exhaustive.for_each_no_score(reader, callback)
    }

    fn for_each_pruning(
        &self,
        threshold: Score,
        reader: &SegmentReader,
        callback: &mut dyn FnMut(DocId, Score) -> Score,
    ) -> tantivy::Result<()> {
        let mut clauses = Vec::with_capacity(self.clauses.len());
        for clause in &self.clauses {
            let cursor = ClauseCursor::open(clause, self.tie_breaker, reader)?;
            if cursor.fields.is_empty() {
                return Ok(()); // a required clause this segment lacks
            }
            clauses.push(cursor);
        }
        // The rarest clause leads: the others are only sought where it is.
        clauses.sort_by_key(ClauseCursor::cost);
        let open = |weights: &[Box<dyn Weight>]| {
            weights
                .iter()
                .map(|w| w.scorer(reader, 1.0))
                .collect::<tantivy::Result<Vec<_>>>()
        };
        let mut search = Conjunction {
            clauses,
            filters: open(&self.filters)?,
            excluded: open(&self.excluded)?,
        };
        search.top_k(threshold, callback);
        Ok(())
    }
}

/// One term's posting list in one segment, read a block of 128 documents
/// at a time (tantivy's `TermScorer`, which does the same, is not public).
struct TermCursor {
    block: BlockSegmentPostings,
    /// Index of the current document in the loaded block.
    at: usize,
}

impl TermCursor {
    fn doc(&self) -> DocId {
        self.block
            .docs()
            .get(self.at)
            .copied()
            .unwrap_or(TERMINATED)
    }

    /// The current block's last document: the block bound holds up to it.
    fn block_end(&self) -> DocId {
        self.block.docs().last().copied().unwrap_or(TERMINATED)
    }

    /// The first document `>= target` (the current one if it is).
    fn seek(&mut self, target: DocId) -> DocId {
        if target > self.block_end() {
            // Past this block: the skip list finds the block, which is decoded.
            self.at = self.block.seek(target);
        } else {
            let docs = &self.block.docs()[self.at..];
            self.at += docs.partition_point(|&d| d < target);
        }
        self.doc()
    }

    fn advance(&mut self) -> DocId {
        if self.doc() == TERMINATED {
            return TERMINATED;
        }
        self.at += 1;
        if self.at == self.block.docs().len() {
            self.block.advance();
            self.at = 0;
        }
        self.doc()
    }

    fn freq(&self) -> u32 {
        self.block.freq(self.at)
    }
}

/// A phrase's positions: each term's postings (read only for documents
/// that may reach the top) with the shift that aligns its positions.
struct Positions {
    terms: Vec<(SegmentPostings, u32)>,
    /// The last document whose phrase count was read, and that count.
    counted: Option<(DocId, u32)>,
    left: Vec<u32>,
    right: Vec<u32>,
}

impl Positions {
    /// How often the phrase occurs in `doc`, which holds all its terms:
    /// the positions, shifted to the phrase's start, that all terms share
    /// (what tantivy's `PhraseScorer` counts without slop).
    fn count(&mut self, doc: DocId) -> u32 {
        if let Some((counted, count)) = self.counted {
            if counted == doc {
                return count;
            }
        }
        let mut count = 0;
        for (i, (postings, shift)) in self.terms.iter_mut().enumerate() {
            if postings.doc() < doc {
                postings.seek(doc);
            }
            debug_assert_eq!(postings.doc(), doc);
            let out = if i == 0 {
                &mut self.left
            } else {
                &mut self.right
            };
            out.clear();
            postings.append_positions_with_offset(*shift, out);
            if i > 0 {
                intersect_positions(&mut self.left, &self.right);
            }
            count = self.left.len() as u32;
            if count == 0 {
                break;
            }
        }
        self.counted = Some((doc, count));
        count
    }
}

/// Keeps in `left` the positions `right` holds too, each as often as both
/// hold it (both sorted). A hyphenated compound puts its repeated parts at one
/// position (`surface-to-surface`: `surface` twice at one place), so a list
/// can hold a position twice: matched one for one, as tantivy's
/// `PhraseScorer` intersects them, the phrase counts once there, not twice.
fn intersect_positions(left: &mut Vec<u32>, right: &[u32]) {
    let mut r = 0;
    left.retain(|&p| {
        r += right[r..].partition_point(|&q| q < p);
        let shared = right.get(r) == Some(&p);
        if shared {
            r += 1;
        }
        shared
    });
}

/// One field of a word in one segment: a term, or a phrase's terms (the
/// rarest first), all on the same document.
struct FieldCursor {
    terms: Vec<TermCursor>,
    /// For a phrase: reads its positions where needed.
    positions: Option<Positions>,
    norms: FieldNormReader,
    bm25: Bm25Weight,
    /// What block bounds are computed with ([`TermStats::segment_bound`]).
    bound_weight: Bm25Weight,
    bound_scale: Score,
    /// For a field without lengths or frequencies (a facet a query word
    /// names): the score of every document holding the term, which is also
    /// its only bound.
    constant: Option<Score>,
}

impl FieldCursor {
    /// Opens `phrase` in `reader`; `None` when the segment lacks one of its terms.
    fn open(
        phrase: &Phrase,
        bm25: &Bm25Weight,
        stats: &TermStats,
        reader: &SegmentReader,
    ) -> tantivy::Result<Option<Self>> {
        let Some((_, first)) = phrase.first() else {
            return Ok(None);
        };
        let field = first.field();
        let inverted = reader.inverted_index(field)?;
        let mut opened = Vec::with_capacity(phrase.len());
        for (offset, term) in phrase {
            match inverted.read_block_postings(term, IndexRecordOption::WithFreqs)? {
                Some(block) => opened.push((block, *offset, term)),
                None => return Ok(None),
            }
        }
        // The rarest term leads: the others are sought where it is, and
        // its positions are the fewest to intersect.
        opened.sort_by_key(|(block, _, _)| block.doc_freq());
        let positions = if phrase.len() > 1 {
            // Aligned as tantivy aligns them: each position plus the
            // phrase's last offset minus the term's own.
            let last = phrase.iter().map(|(o, _)| *o).max().unwrap_or(0);
            let mut terms = Vec::with_capacity(phrase.len());
            for (_, offset, term) in &opened {
                match inverted.read_postings(term, IndexRecordOption::WithFreqsAndPositions)? {
                    Some(postings) => terms.push((postings, (last - offset) as u32)),
                    None => return Ok(None),
                }
            }
            Some(Positions {
                terms,
                counted: None,
                left: Vec::new(),
                right: Vec::new(),
            })
        } else {
            None
        };
        let terms = opened
            .into_iter()
            .map(|(block, _, _)| TermCursor { block, at: 0 })
            .collect();
        let (bound_weight, bound_scale) = stats.segment_bound(reader, field)?;
        let (norms, constant) = match reader.fieldnorms_readers().get_field(field)? {
            Some(norms) => (norms, None),
            // A facet: tantivy keeps neither its length nor its frequency, so
            // every document scores as one of length one holding the term
            // once (as `TermQuery` scores it). Its stored block bounds are of
            // frequency zero, which bound nothing: the score itself does.
            None => {
                let norms = FieldNormReader::constant(reader.max_doc(), 1);
                let score = bm25.score(norms.fieldnorm_id(0), 1);
                (norms, Some(score))
            }
        };
        let mut cursor = FieldCursor {
            terms,
            positions,
            norms,
            bm25: bm25.clone(),
            bound_weight,
            bound_scale,
            constant,
        };
        cursor.seek(0);
        Ok(Some(cursor))
    }

    /// The current document, which holds every term.
    fn doc(&self) -> DocId {
        self.terms[0].doc()
    }

    /// Documents with at most this many matches (the rarest term's).
    fn cost(&self) -> u32 {
        self.terms[0].block.doc_freq()
    }

    /// The end of the rarest term's block, up to which its bound holds.
    fn block_end(&self) -> DocId {
        self.terms[0].block_end()
    }

    /// The first document `>= target` holding every term: the rarest term
    /// leads, the others are sought where it is.
    fn seek(&mut self, target: DocId) -> DocId {
        let mut doc = self.terms[0].seek(target);
        'candidates: while doc != TERMINATED {
            for term in &mut self.terms[1..] {
                let next = term.seek(doc);
                if next != doc {
                    doc = self.terms[0].seek(next);
                    continue 'candidates;
                }
            }
            break;
        }
        doc
    }

    fn advance(&mut self) -> DocId {
        let next = self.terms[0].advance();
        if self.terms.len() == 1 {
            next
        } else {
            self.seek(next)
        }
    }

    fn block_bound(&mut self) -> Score {
        if let Some(score) = self.constant {
            return score;
        }
        self.terms[0]
            .block
            .block_max_score(&self.norms, &self.bound_weight)
            * self.bound_scale
    }

    /// A bound on the score at the current document without reading
    /// positions: the phrase occurs at most as often as its rarest term
    /// there. A term's own score.
    fn quick_score(&self) -> Score {
        let freq = self.terms.iter().map(TermCursor::freq).min().unwrap_or(0);
        self.bm25.score(self.norms.fieldnorm_id(self.doc()), freq)
    }

    /// The score at the current document, reading a phrase's positions; 0
    /// where the phrase's terms are not in order.
    fn score(&mut self) -> Score {
        let doc = self.doc();
        let freq = match &mut self.positions {
            Some(positions) => positions.count(doc),
            None => self.terms[0].freq(),
        };
        self.bm25.score(self.norms.fieldnorm_id(doc), freq)
    }

    /// Whether the current document matches (a phrase: its terms in order).
    fn matches(&mut self) -> bool {
        let doc = self.doc();
        match &mut self.positions {
            Some(positions) => positions.count(doc) > 0,
            None => true,
        }
    }
}

/// A mask of every field of a clause (fields are bits of a `u32`).
const ALL_FIELDS: u32 = u32::MAX;

/// One clause in one segment: a posting list per word and field, grouped
/// by word.
struct ClauseCursor {
    fields: Vec<FieldCursor>,
    /// The word each field belongs to.
    word_of: Vec<usize>,
    tie_breaker: Score,
}

impl ClauseCursor {
    fn open(
        weights: &ClauseWeights,
        tie_breaker: Score,
        reader: &SegmentReader,
    ) -> tantivy::Result<Self> {
        let (mut fields, mut word_of) = (Vec::new(), Vec::new());
        for (word, phrase, bm25, stats) in weights {
            if let Some(field) = FieldCursor::open(phrase, bm25, stats, reader)? {
                fields.push(field);
                word_of.push(*word);
            }
        }
        Ok(ClauseCursor {
            fields,
            word_of,
            tie_breaker,
        })
    }

    fn cost(&self) -> u32 {
        self.fields.iter().map(FieldCursor::cost).sum()
    }

    /// Moves every field to its first document `>= target`; the clause's next document.
    fn seek(&mut self, target: DocId) -> DocId {
        self.seek_in(ALL_FIELDS, target)
    }

    /// Moves the fields of `mask` (bit i: field i) to their first document
    /// `>= target`; the first of them.
    fn seek_in(&mut self, mask: u32, target: DocId) -> DocId {
        let mut first = TERMINATED;
        for (i, field) in self.fields.iter_mut().enumerate() {
            if mask & (1 << i) != 0 {
                let doc = if field.doc() < target {
                    field.seek(target)
                } else {
                    field.doc()
                };
                first = first.min(doc);
            }
        }
        first
    }

    /// Moves the fields of `mask` that are at `doc` on; the next document of
    /// any field of `mask`.
    fn advance_in(&mut self, mask: u32, doc: DocId) -> DocId {
        let mut first = TERMINATED;
        for (i, field) in self.fields.iter_mut().enumerate() {
            if mask & (1 << i) != 0 {
                let next = if field.doc() == doc {
                    field.advance()
                } else {
                    field.doc()
                };
                first = first.min(next);
            }
        }
        first
    }

    /// The last document for which every field's current block bound holds.
    fn block_end(&self) -> DocId {
        self.fields
            .iter()
            .filter(|f| f.doc() != TERMINATED)
            .map(FieldCursor::block_end)
            .min()
            .unwrap_or(TERMINATED)
    }

    /// Each field's bound on its score for documents up to `window_end`,
    /// into `bounds`: a field whose next document lies beyond the window
    /// adds nothing.
    fn field_bounds(&mut self, window_end: DocId, bounds: &mut Vec<Score>) {
        bounds.clear();
        bounds.extend(self.fields.iter_mut().map(|f| {
            if f.doc() <= window_end {
                f.block_bound()
            } else {
                0.0
            }
        }));
    }

    /// The clause's score from a value for each field (a score or a bound):
    /// each word its best field plus the tie-breaker of the others, and the
    /// words summed, as tantivy's `DisjunctionMaxCombiner` inside a
    /// `BooleanQuery` of should clauses, so that scores equal the unpruned
    /// query's. It grows with every value, so applied to bounds it bounds.
    fn total(&self, mut value: impl FnMut(usize, &FieldCursor) -> Score) -> Score {
        let (mut total, mut max, mut sum): (Score, Score, Score) = (0.0, 0.0, 0.0);
        for (i, field) in self.fields.iter().enumerate() {
            if i > 0 && self.word_of[i] != self.word_of[i - 1] {
                total += max + (sum - max) * self.tie_breaker;
                (max, sum) = (0.0, 0.0);
            }
            let v = value(i, field);
            max = max.max(v);
            sum += v;
        }
        total + max + (sum - max) * self.tie_breaker
    }

    /// The fields (a mask) a document must hold to score above `threshold`,
    /// given each field's bound: the lowest-bounded fields are left out
    /// while what they could add together stays at or below it. 0 when no
    /// document of the window can score above it.
    fn essential(&self, bounds: &[Score], threshold: Score) -> u32 {
        // On the stack: this runs once per window of every query.
        let mut indices = [0usize; MAX_FIELDS];
        let order = &mut indices[..bounds.len()];
        order.iter_mut().enumerate().for_each(|(i, o)| *o = i);
        order.sort_unstable_by(|&a, &b| bounds[a].total_cmp(&bounds[b]));
        let mut essential = ((1u64 << bounds.len()) - 1) as u32;
        for &i in order.iter() {
            let without = essential & !(1 << i);
            let left_out = self.total(|j, _| {
                if without & (1 << j) == 0 {
                    bounds[j]
                } else {
                    0.0
                }
            });
            if left_out > threshold {
                break;
            }
            essential = without;
        }
        essential
    }

    /// A bound on the clause's score at `doc`, where its essential fields
    /// are positioned: their scores (a phrase's bounded, unread), and the
    /// bounds of the others.
    fn partial_bound(&self, doc: DocId, window: &Window<'_>) -> Score {
        self.total(|i, f| {
            if window.essential & (1 << i) == 0 {
                window.lead_bounds[i]
            } else if f.doc() == doc {
                f.quick_score()
            } else {
                0.0
            }
        })
    }

    /// A bound on the clause's score for `doc`, where its fields are
    /// positioned, without reading positions (a term's exact score).
    fn quick_score(&self, doc: DocId) -> Score {
        self.total(|_, f| if f.doc() == doc { f.quick_score() } else { 0.0 })
    }

    /// The clause's score for `doc`, where its fields are positioned;
    /// `None` if none of them matches there (a phrase's terms are all in
    /// the document but not in order).
    fn score(&mut self, doc: DocId) -> Option<Score> {
        let mut scores = [0.0; MAX_FIELDS];
        let mut matched = false;
        for (field, score) in self.fields.iter_mut().zip(scores.iter_mut()) {
            if field.doc() == doc && field.matches() {
                matched = true;
                *score = field.score();
            }
        }
        matched.then(|| self.total(|i, _| scores[i]))
    }
}

fn seek_to(docset: &mut dyn Scorer, target: DocId) -> DocId {
    if docset.doc() < target {
        docset.seek(target)
    } else {
        docset.doc()
    }
}

/// A run of documents where every block bound holds.
struct Window<'a> {
    /// Its last document.
    end: DocId,
    /// The leading clause's fields a document must match in (a mask).
    essential: u32,
    /// The leading clause's bound in each field.
    lead_bounds: &'a [Score],
    /// What the other clauses can add at most.
    others: Score,
}

/// The clauses, filters and exclusions of one segment.
struct Conjunction {
    clauses: Vec<ClauseCursor>,
    filters: Vec<Box<dyn Scorer>>,
    excluded: Vec<Box<dyn Scorer>>,
}

impl Conjunction {
    /// Calls `callback` for each document that scores above the threshold,
    /// which `callback` raises as the top k fill.
    fn top_k(&mut self, mut threshold: Score, callback: &mut dyn FnMut(DocId, Score) -> Score) {
        let mut lead_bounds = Vec::new();
        let mut bounds = Vec::new();
        let mut target: DocId = 0;
        while target != TERMINATED {
            let Some(end) = self.window(target) else {
                return;
            };
            self.clauses[0].field_bounds(end, &mut lead_bounds);
            let mut others: Score = 0.0;
            for clause in &mut self.clauses[1..] {
                clause.field_bounds(end, &mut bounds);
                others += clause.total(|i, _| bounds[i]);
            }
            let essential = self.clauses[0].essential(&lead_bounds, threshold - others);
            if essential == 0 {
                target = end.saturating_add(1).min(TERMINATED);
                continue;
            }
            let window = Window {
                end,
                essential,
                lead_bounds: &lead_bounds,
                others,
            };
            target = self.scan(target, &window, &mut threshold, callback);
        }
    }

    /// Puts every clause at or after `target`; the end of the window where
    /// all their block bounds hold, or `None` once a clause has run out.
    fn window(&mut self, target: DocId) -> Option<DocId> {
        let mut end = TERMINATED;
        for clause in &mut self.clauses {
            if clause.seek(target) == TERMINATED {
                return None;
            }
            end = end.min(clause.block_end());
        }
        Some(end)
    }

    /// Scores the documents of `[doc, window.end]` that every clause, every
    /// filter and no exclusion holds; returns where the next window starts
    /// (just after this one). The rarest clause leads, through its essential fields: the others
    /// are only sought where it is, and only when its score there and their
    /// bounds could beat the threshold.
    fn scan(
        &mut self,
        doc: DocId,
        window: &Window<'_>,
        threshold: &mut Score,
        callback: &mut dyn FnMut(DocId, Score) -> Score,
    ) -> DocId {
        let essential = window.essential;
        let mut doc = self.clauses[0].seek_in(essential, doc);
        while doc <= window.end && doc != TERMINATED {
            if self.clauses[0].partial_bound(doc, window) + window.others <= *threshold {
                doc = self.clauses[0].advance_in(essential, doc);
                continue;
            }
            let next = self.align(doc);
            if next != doc {
                doc = self.clauses[0].seek_in(essential, next);
                continue;
            }
            if !self
                .excluded
                .iter_mut()
                .any(|e| seek_to(e.as_mut(), doc) == doc)
            {
                // The leader's other fields add to its score.
                self.clauses[0].seek(doc);
                if let Some(score) = self.score(doc, *threshold) {
                    *threshold = callback(doc, score);
                }
            }
            doc = self.clauses[0].advance_in(essential, doc);
        }
        // Not `doc`: the other fields may hold documents before it, which
        // the next window's bounds must judge.
        window.end.saturating_add(1).min(TERMINATED)
    }

    /// The score of `doc`, where every clause is positioned, if it matches
    /// and scores above `threshold`. Phrase positions are read only when
    /// the bound without them is above it.
    fn score(&mut self, doc: DocId, threshold: Score) -> Option<Score> {
        let bound: Score = self.clauses.iter().map(|c| c.quick_score(doc)).sum();
        if bound <= threshold {
            return None;
        }
        let mut score = 0.0;
        for clause in &mut self.clauses {
            score += clause.score(doc)?;
        }
        (score > threshold).then_some(score)
    }

    /// `doc` (where the leading clause is) if every other clause and filter
    /// holds it, else the first document after it that one of them may hold.
    fn align(&mut self, doc: DocId) -> DocId {
        for clause in &mut self.clauses[1..] {
            let next = clause.seek(doc);
            if next != doc {
                return next;
            }
        }
        // A filter is only asked whether it holds `doc`: a range of a fast
        // field (`--killed-min`, dates) answers that with one lookup, where
        // a seek scans its column on to the next document in range, a block
        // at a time, only for the leader to seek past it again. A filter
        // that answers no may be left unpositioned: it is only ever asked
        // again, about a later document (the scan's documents increase).
        for filter in &mut self.filters {
            if let SeekDangerResult::SeekLowerBound(next) = filter.seek_danger(doc) {
                return next;
            }
        }
        doc
    }
}

/// Whether `query` skips what cannot reach the top k by score (a
/// [`PrunedWords`], or one term in one field, which tantivy prunes itself):
/// for such a query, top k and counting are cheaper apart than together,
/// since a tuple of collectors makes tantivy score every match.
pub fn prunes_top_k(query: &dyn Query) -> bool {
    query.is::<PrunedWords>() || query.is::<tantivy::query::TermQuery>()
}

/// The best `limit` documents by score after skipping `offset`, like
/// tantivy's `TopDocs::order_by_score`, but with one threshold for the whole
/// index: a segment starts where the segments before it left the k-th best
/// score, not from nothing. Segments are searched in order and an earlier
/// document wins a tie, so a later one that only equals that score can be
/// skipped without changing the answer.
#[derive(Debug)]
pub struct TopScores {
    k: usize,
    offset: usize,
    threshold: Threshold,
}

impl TopScores {
    /// The `limit` best after the first `offset`.
    pub fn new(limit: usize, offset: usize) -> Self {
        TopScores {
            k: limit.saturating_add(offset),
            offset,
            threshold: Threshold::default(),
        }
    }
}

/// The k-th best score of the segments searched so far, where the next
/// segment starts.
#[derive(Debug)]
pub(crate) struct Threshold(std::sync::Mutex<Score>);

impl Default for Threshold {
    fn default() -> Self {
        Threshold(std::sync::Mutex::new(Score::MIN))
    }
}

impl Threshold {
    /// The score a document must beat.
    pub fn get(&self) -> Score {
        *self.0.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Raises it to `to` (a segment's k-th best, once it holds k).
    pub fn raise(&self, to: Score) {
        let mut threshold = self.0.lock().unwrap_or_else(|e| e.into_inner());
        *threshold = threshold.max(to);
    }
}

/// A document of a heap of the best: ordered worst first (lowest score,
/// then the later document), so the heap's top is the one to drop.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Ranked {
    /// The document's score.
    pub score: Score,
    /// The document, in its segment.
    pub doc: DocId,
}

impl Eq for Ranked {}

impl Ord for Ranked {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        other
            .score
            .total_cmp(&self.score)
            .then(self.doc.cmp(&other.doc))
    }
}

impl PartialOrd for Ranked {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

/// One segment's best `k`, in a heap whose top is the worst kept.
pub struct SegmentTop {
    k: usize,
    segment: u32,
    heap: std::collections::BinaryHeap<Ranked>,
}

/// A segment's collector of the best `k` (documents, or groups) that says,
/// as it takes each match, what a match must now beat to enter.
pub(crate) trait PrunedTop: SegmentCollector {
    /// Keeps `doc` if it is among the best `k` so far; the score a match
    /// must now beat, once `k` are kept.
    fn push(&mut self, doc: DocId, score: Score) -> Option<Score>;

    /// Whether `k` are kept, so that the worst of them bounds every segment.
    fn is_full(&self) -> bool;
}

/// Runs `weight` over one segment into `top`, skipping the blocks that
/// cannot beat the threshold shared across segments, and raises that
/// threshold once `top` is full. A `top` full before any match (`k` of 0)
/// reads nothing.
pub(crate) fn collect_pruned<T: PrunedTop>(
    mut top: T,
    threshold: &Threshold,
    weight: &dyn Weight,
    reader: &SegmentReader,
) -> tantivy::Result<T::Fruit> {
    if top.is_full() {
        return Ok(top.harvest());
    }
    let alive = reader.alive_bitset();
    let mut beat = threshold.get();
    weight.for_each_pruning(beat, reader, &mut |doc, score| {
        if alive.is_none_or(|a| a.is_alive(doc)) {
            if let Some(own) = top.push(doc, score) {
                beat = beat.max(own);
            }
        }
        beat
    })?;
    if top.is_full() {
        threshold.raise(beat);
    }
    Ok(top.harvest())
}

impl PrunedTop for SegmentTop {
    fn push(&mut self, doc: DocId, score: Score) -> Option<Score> {
        if self.k == 0 {
            return None;
        }
        let ranked = Ranked { score, doc };
        if self.heap.len() < self.k {
            self.heap.push(ranked);
        } else if self.heap.peek().is_some_and(|worst| ranked < *worst) {
            self.heap.pop();
            self.heap.push(ranked);
        }
        (self.heap.len() == self.k).then(|| self.heap.peek().map_or(Score::MIN, |w| w.score))
    }

    fn is_full(&self) -> bool {
        self.heap.len() == self.k
    }
}

impl SegmentCollector for SegmentTop {
    type Fruit = Vec<(Score, DocAddress)>;

    fn collect(&mut self, doc: DocId, score: Score) {
        self.push(doc, score);
    }

    fn harvest(self) -> Self::Fruit {
        let segment = self.segment;
        self.heap
            .into_iter()
            .map(|r| (r.score, DocAddress::new(segment, r.doc)))
            .collect()
    }
}

impl Collector for TopScores {
    type Fruit = Vec<(Score, DocAddress)>;
    type Child = SegmentTop;

    fn for_segment(&self, segment: u32, _reader: &SegmentReader) -> tantivy::Result<SegmentTop> {
        Ok(SegmentTop {
            k: self.k,
            segment,
            // A far page grows the heap as it fills, not up front.
            heap: std::collections::BinaryHeap::with_capacity(self.k.min(1024)),
        })
    }

    fn requires_scoring(&self) -> bool {
        true
    }

    fn collect_segment(
        &self,
        weight: &dyn Weight,
        segment: u32,
        reader: &SegmentReader,
    ) -> tantivy::Result<Self::Fruit> {
        collect_pruned(
            self.for_segment(segment, reader)?,
            &self.threshold,
            weight,
            reader,
        )
    }

    fn merge_fruits(&self, segments: Vec<Self::Fruit>) -> tantivy::Result<Self::Fruit> {
        let all = segments.into_iter().flatten().collect();
        Ok(page(all, self.offset, self.k, |&(score, address)| {
            (score, address)
        }))
    }
}

/// The page of `all` after its first `offset`, up to the `k`-th best:
/// higher scores first, and among equal scores the earlier document, so
/// that pages never overlap however the segments were searched.
pub(crate) fn page<T>(
    mut all: Vec<T>,
    offset: usize,
    k: usize,
    rank: impl Fn(&T) -> (Score, DocAddress),
) -> Vec<T> {
    all.sort_by(|a, b| {
        let (a, b) = (rank(a), rank(b));
        b.0.total_cmp(&a.0).then(a.1.cmp(&b.1))
    });
    all.into_iter()
        .skip(offset)
        .take(k.saturating_sub(offset))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::intersect_positions;

    #[test]
    fn a_position_held_twice_matches_one_for_one() {
        let mut left = vec![3, 3, 7, 9];
        intersect_positions(&mut left, &[3, 9]);
        assert_eq!(left, [3, 9]);
        let mut left = vec![3, 3, 5];
        intersect_positions(&mut left, &[3, 3, 4]);
        assert_eq!(left, [3, 3]);
        let mut left = vec![1, 2];
        intersect_positions(&mut left, &[]);
        assert!(left.is_empty());
    }
}

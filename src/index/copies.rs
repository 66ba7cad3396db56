//! Groups of reprints: every document's `copy` field holds the fingerprint
//! key of its group's lead.
//!
//! A group is a connected component of the graph whose edges join two
//! documents dated at most [`WINDOW_DAYS`] apart whose fingerprints are
//! [`Fingerprint::similar`]; its lead is the earliest member (then the
//! smallest key). This is a function of the documents the index holds and
//! nothing else, so an index updated in any order, or by a run that was
//! killed and started again, ends with the groups a clean build gives.
//!
//! tantivy cannot change a field in place: a document whose group changes is
//! written again (its stored fields, the fast-only ones read from their
//! columns, the calendar facet from its date). Documents are first added as
//! groups of their own; the pass here, run on the committed index after
//! each batch (in a commit of its own, before `sitrep index --watch` reads
//! the index) and before the first, joins the ones written since the last
//! pass (`written` at least [`GroupingState::since`]) to their copies, and
//! splits the groups that lost a member ([`GroupingState::dirty`]). That
//! state travels in each commit's payload, so a pass a killed run did not
//! make is made by the next run.

use std::collections::{HashMap, HashSet, VecDeque};

use chrono::DateTime as ChronoDateTime;
use serde::{Deserialize, Serialize};
use tantivy::columnar::Column;
use tantivy::schema::{Facet, IndexRecordOption, Value};
use tantivy::{
    DocAddress, DocId, DocSet, IndexWriter, Searcher, TantivyDocument, Term, TERMINATED,
};

use super::fingerprint::Fingerprint;
use super::{FieldName, SitrepIndex};
use crate::error::Result;
use crate::language::Language;

/// Most days between two copies of one text.
pub const WINDOW_DAYS: i64 = 7;
const DAY_SECS: i64 = 86_400;

/// The day number (days since 1970) of a publication day, as a pass reads
/// it from the `date` column.
pub(crate) fn day_number(date: chrono::NaiveDate) -> i64 {
    super::writer::day_start(date)
        .into_timestamp_secs()
        .div_euclid(DAY_SECS)
}

/// What the next grouping pass has to do, recorded in every commit.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct GroupingState {
    /// Documents whose `written` stamp is at least this may not be grouped yet.
    pub since: u64,
    /// Groups that lost a member since the last pass: they may fall apart.
    pub dirty: Vec<u64>,
}

/// The fast columns a pass reads, of one segment.
struct Columns {
    written: Column<u64>,
    copy: Column<u64>,
    date: Column<tantivy::DateTime>,
    fingerprint: Column<u64>,
}

impl Columns {
    fn of(segment: &tantivy::SegmentReader) -> Result<Columns> {
        let fast = segment.fast_fields();
        Ok(Columns {
            written: fast.u64(FieldName::Written.name())?,
            copy: fast.u64(FieldName::Copy.name())?,
            date: fast.date(FieldName::Date.name())?,
            fingerprint: fast.u64(FieldName::Fingerprint.name())?,
        })
    }

    fn day(&self, doc: DocId) -> i64 {
        self.date
            .first(doc)
            .map_or(0, |d| d.into_timestamp_secs().div_euclid(DAY_SECS))
    }

    fn member(&self, doc: DocId, fresh: bool) -> Member {
        Member {
            day: self.day(doc),
            copy: self.copy.first(doc).unwrap_or(0),
            print: Fingerprint::from_words(self.fingerprint.values_for_doc(doc)),
            fresh,
        }
    }
}

/// One document a grouping looks at.
struct Member {
    /// Days since 1970.
    day: i64,
    /// Its `copy` id as written.
    copy: u64,
    /// `None` for a document without a readable fingerprint: never grouped.
    print: Option<Fingerprint>,
    /// Written since the last pass or in a group that lost a member: its
    /// links are computed; the others' are their `copy` ids.
    fresh: bool,
}

impl Member {
    fn key(&self) -> u64 {
        self.print.as_ref().map_or(self.copy, |p| p.key)
    }
}

/// The documents of a pass with where each lies in the index.
#[derive(Default)]
struct Entries {
    members: Vec<Member>,
    addresses: Vec<DocAddress>,
}

impl Entries {
    fn push(&mut self, columns: &Columns, segment_ord: u32, doc: DocId, fresh: bool) {
        self.members.push(columns.member(doc, fresh));
        self.addresses.push(DocAddress::new(segment_ord, doc));
    }
}

/// The `copy` ids a grouping pass changed: (old, new) for every document
/// it wrote again, without repeats.
pub(crate) type Renamed = Vec<(u64, u64)>;

/// Groups the documents `state` names in the committed index `searcher`
/// reads, writing again through `writer` every document whose `copy` id
/// changes (the caller commits), and returns those changes. Writes made
/// through `writer` after this pass (deletions) apply to the documents it
/// wrote.
pub(crate) fn regroup(
    index: &SitrepIndex,
    searcher: &Searcher,
    writer: &IndexWriter<TantivyDocument>,
    state: &GroupingState,
) -> Result<Renamed> {
    let dirty: HashSet<u64> = state.dirty.iter().copied().collect();
    let segments: Vec<(u32, &tantivy::SegmentReader, Columns)> = searcher
        .segment_readers()
        .iter()
        .enumerate()
        .filter(|(_, s)| s.num_docs() > 0)
        .map(|(ord, s)| Ok((ord as u32, s, Columns::of(s)?)))
        .collect::<Result<_>>()?;
    let is_fresh = |columns: &Columns, doc: DocId| {
        columns.written.first(doc).unwrap_or(0) >= state.since
            || (!dirty.is_empty() && dirty.contains(&columns.copy.first(doc).unwrap_or(0)))
    };
    let mut entries = Entries::default();
    for (ord, segment, columns) in &segments {
        if columns.written.max_value() < state.since && dirty.is_empty() {
            continue;
        }
        for doc in segment.doc_ids_alive() {
            if is_fresh(columns, doc) {
                entries.push(columns, *ord, doc, true);
            }
        }
    }
    let Some((first, last)) =
        entries
            .members
            .iter()
            .map(|m| m.day)
            .fold(None, |range: Option<(i64, i64)>, day| {
                Some(range.map_or((day, day), |(a, b)| (a.min(day), b.max(day))))
            })
    else {
        return Ok(Vec::new());
    };
    // Every other document a fresh one could be a copy of.
    let (from, to) = (first - WINDOW_DAYS, last + WINDOW_DAYS);
    for (ord, segment, columns) in &segments {
        let (lo, hi) = (
            columns
                .date
                .min_value()
                .into_timestamp_secs()
                .div_euclid(DAY_SECS),
            columns
                .date
                .max_value()
                .into_timestamp_secs()
                .div_euclid(DAY_SECS),
        );
        if hi < from || lo > to {
            continue;
        }
        for doc in segment.doc_ids_alive() {
            let day = columns.day(doc);
            if (from..=to).contains(&day) && !is_fresh(columns, doc) {
                entries.push(columns, *ord, doc, false);
            }
        }
    }
    let mut groups = UnionFind::new(entries.members.len());
    join_old_groups(&entries.members, &mut groups);
    link_fresh(&entries.members, &mut groups);
    // The old groups a fresh document joined may have members outside the
    // window: they are read too, since the lead may change.
    let touched = touched_roots(&entries.members, &mut groups);
    let joined: HashSet<u64> = (0..entries.members.len())
        .filter(|&i| !entries.members[i].fresh && touched.contains(&groups.find(i)))
        .map(|i| entries.members[i].copy)
        .collect();
    if !joined.is_empty() {
        let before = entries.members.len();
        for (ord, segment, columns) in &segments {
            for doc in segment.doc_ids_alive() {
                let day = columns.day(doc);
                if !(from..=to).contains(&day)
                    && !is_fresh(columns, doc)
                    && joined.contains(&columns.copy.first(doc).unwrap_or(0))
                {
                    entries.push(columns, *ord, doc, false);
                }
            }
        }
        groups.grow(entries.members.len());
        if entries.members.len() > before {
            join_old_groups(&entries.members, &mut groups);
        }
    }
    let leads = leads(&entries.members, &mut groups);
    let touched = touched_roots(&entries.members, &mut groups);
    let mut renamed = Vec::new();
    for (i, (member, &address)) in entries.members.iter().zip(&entries.addresses).enumerate() {
        let root = groups.find(i);
        if !touched.contains(&root) {
            continue;
        }
        let copy = leads[&root].1;
        if member.copy != copy {
            rewrite(index, searcher, writer, address, copy)?;
            renamed.push((member.copy, copy));
        }
    }
    renamed.sort_unstable();
    renamed.dedup();
    Ok(renamed)
}

/// The `copy` id of each document of `docs` (day since 1970, fingerprint),
/// as an index holding exactly these documents groups them: what `sitrep
/// export` and `push` send, without a local index.
pub(crate) fn copy_ids(docs: Vec<(i64, Fingerprint)>) -> Vec<u64> {
    let members: Vec<Member> = docs
        .into_iter()
        .map(|(day, print)| Member {
            day,
            copy: print.key,
            print: Some(print),
            fresh: true,
        })
        .collect();
    let mut groups = UnionFind::new(members.len());
    link_fresh(&members, &mut groups);
    let leads = leads(&members, &mut groups);
    (0..members.len())
        .map(|i| leads[&groups.find(i)].1)
        .collect()
}

/// The roots of the groups holding a fresh member.
fn touched_roots(members: &[Member], groups: &mut UnionFind) -> HashSet<usize> {
    (0..members.len())
        .filter(|&i| members[i].fresh)
        .map(|i| groups.find(i))
        .collect()
}

/// Each group's lead, by root: its earliest member, then the smallest key,
/// as (day, key).
fn leads(members: &[Member], groups: &mut UnionFind) -> HashMap<usize, (i64, u64)> {
    let mut leads: HashMap<usize, (i64, u64)> = HashMap::new();
    for (i, member) in members.iter().enumerate() {
        let candidate = (member.day, member.key());
        leads
            .entry(groups.find(i))
            .and_modify(|lead| *lead = (*lead).min(candidate))
            .or_insert(candidate);
    }
    leads
}

/// Unites the documents that are not fresh by their `copy` id: their
/// groups were complete at the last pass.
fn join_old_groups(members: &[Member], groups: &mut UnionFind) {
    let mut first: HashMap<u64, usize> = HashMap::new();
    for (i, member) in members.iter().enumerate().filter(|(_, m)| !m.fresh) {
        match first.get(&member.copy) {
            Some(&j) => groups.union(i, j),
            None => {
                first.insert(member.copy, i);
            }
        }
    }
}

/// Unites every pair of documents, one of them fresh, dated at most
/// [`WINDOW_DAYS`] apart, whose fingerprints are similar, as the LSH bands
/// find them. The documents are swept in date order and only the last
/// [`WINDOW_DAYS`] days' stay in the band table, so memory follows the
/// window, not the corpus (an export of a million articles is one pass).
fn link_fresh(members: &[Member], groups: &mut UnionFind) {
    let mut order: Vec<usize> = (0..members.len())
        .filter(|&i| {
            members[i]
                .print
                .as_ref()
                .is_some_and(Fingerprint::groupable)
        })
        .collect();
    order.sort_by_key(|&i| members[i].day);
    let mut bands: HashMap<u64, VecDeque<usize>> = HashMap::new();
    let mut held: VecDeque<usize> = VecDeque::new();
    let mut seen = HashSet::new();
    for i in order {
        let member = &members[i];
        let Some(print) = member.print.as_ref() else {
            continue;
        };
        // Documents leave the table in the order they came in, so each is
        // at the front of its bands' queues.
        while let Some(&old) = held
            .front()
            .filter(|&&j| members[j].day < member.day - WINDOW_DAYS)
        {
            held.pop_front();
            for band in members[old].print.iter().flat_map(Fingerprint::bands) {
                if let Some(queue) = bands.get_mut(&band) {
                    queue.pop_front();
                    if queue.is_empty() {
                        bands.remove(&band);
                    }
                }
            }
        }
        seen.clear();
        for band in print.bands() {
            for &j in bands.get(&band).into_iter().flatten() {
                if !seen.insert(j) || !(member.fresh || members[j].fresh) {
                    continue;
                }
                if groups.find(i) != groups.find(j)
                    && members[j].print.as_ref().is_some_and(|p| print.similar(p))
                {
                    groups.union(i, j);
                }
            }
        }
        for band in print.bands() {
            bands.entry(band).or_default().push_back(i);
        }
        held.push_back(i);
    }
}

/// The single-valued fast fields a document is written again with from
/// their columns, since its stored fields do not give them back; the
/// fingerprint is read from its column too, the calendar facet made from the
/// date, and `copy` (stored) is replaced by the new one. A unit test checks
/// that every field not stored is one of these.
const FROM_COLUMNS: [FieldName; 5] = [
    FieldName::FileSize,
    FieldName::FileMtime,
    FieldName::FileHash,
    FieldName::Added,
    FieldName::Written,
];

/// Writes a document again with another `copy` id: deleted by id (ids are
/// unique) and added with every field it had.
fn rewrite(
    index: &SitrepIndex,
    searcher: &Searcher,
    writer: &IndexWriter<TantivyDocument>,
    address: DocAddress,
    copy: u64,
) -> Result<()> {
    let fields = &index.fields;
    let stored: TantivyDocument = searcher.doc(address)?;
    // Every stored value but the old `copy`.
    let mut doc = TantivyDocument::new();
    for (field, value) in stored.field_values().filter(|(f, _)| *f != fields.copy) {
        doc.add_field_value(field, value);
    }
    let segment = searcher.segment_reader(address.segment_ord);
    let fast = segment.fast_fields();
    let row = address.doc_id;
    let schema = index.index.schema();
    for name in FROM_COLUMNS {
        if let Some(value) = fast.u64(name.name())?.first(row) {
            doc.add_u64(schema.get_field(name.name())?, value);
        }
    }
    for word in fast.u64(FieldName::Fingerprint.name())?.values_for_doc(row) {
        doc.add_u64(fields.fingerprint, word);
    }
    doc.add_u64(fields.copy, copy);
    let stored = |field| {
        doc.get_first(field)
            .and_then(|v| {
                v.as_str()
                    .map(str::to_string)
                    .or_else(|| v.as_pre_tokenized_text().map(|p| p.text))
            })
            .unwrap_or_default()
    };
    let language = doc
        .get_first(fields.language)
        .and_then(|v| v.as_facet())
        .and_then(|encoded| Facet::from_encoded(encoded.as_bytes().to_vec()).ok())
        .and_then(|facet| Language::parse(&facet.to_string()))
        .unwrap_or_default();
    let texts = [fields.title, fields.summary, fields.body, fields.topic].map(stored);
    super::writer::add_language_text(
        &mut doc,
        fields,
        language,
        [&texts[0], &texts[1], &texts[2], &texts[3]],
    );
    let date = doc
        .get_first(fields.date)
        .and_then(|v| v.as_datetime())
        .and_then(|d| ChronoDateTime::from_timestamp(d.into_timestamp_secs(), 0))
        .map(|d| d.date_naive());
    if let Some(date) = date {
        doc.add_facet(fields.calendar, super::writer::calendar_facet(date));
    }
    let id = doc
        .get_first(fields.id)
        .and_then(|v| v.as_str())
        .unwrap_or_default()
        .to_string();
    writer.delete_term(Term::from_field_text(fields.id, &id));
    writer.add_document(doc)?;
    Ok(())
}

/// The `copy` ids of the live documents holding `term`, of groups with
/// other members (a group of one that loses it is simply gone).
pub(crate) fn shared_copies(searcher: &Searcher, term: &Term, out: &mut Vec<u64>) -> Result<()> {
    for segment in searcher.segment_readers() {
        let Some(mut postings) = segment
            .inverted_index(term.field())?
            .read_postings(term, IndexRecordOption::Basic)?
        else {
            continue;
        };
        let copies = segment.fast_fields().u64(FieldName::Copy.name())?;
        let mut doc = postings.doc();
        while doc != TERMINATED {
            if !segment.is_deleted(doc) {
                if let Some(copy) = copies.first(doc) {
                    out.push(copy);
                }
            }
            doc = postings.advance();
        }
    }
    Ok(())
}

/// The groups that lose a member when documents of the `losing` copy ids
/// (as the committed index `searcher` reads them) are deleted after a pass
/// that `renamed` some: the groups of several documents among them, and what
/// the pass renamed them to. A group of one that loses it is simply gone.
pub(crate) fn dirty_groups(
    index: &SitrepIndex,
    searcher: &Searcher,
    losing: &[u64],
    renamed: &[(u64, u64)],
) -> Result<Vec<u64>> {
    let losing: HashSet<u64> = losing.iter().copied().collect();
    let mut dirty: Vec<u64> = Vec::new();
    for &copy in &losing {
        let term = Term::from_field_u64(index.fields.copy, copy);
        if searcher.doc_freq(&term)? > 1 {
            dirty.push(copy);
        }
    }
    dirty.extend(
        renamed
            .iter()
            .filter(|(old, _)| losing.contains(old))
            .map(|&(_, new)| new),
    );
    dirty.sort_unstable();
    dirty.dedup();
    Ok(dirty)
}

/// Union-find over entry positions, with path halving.
struct UnionFind(Vec<usize>);

impl UnionFind {
    fn new(n: usize) -> Self {
        UnionFind((0..n).collect())
    }

    fn grow(&mut self, n: usize) {
        let len = self.0.len();
        self.0.extend(len..n);
    }

    fn find(&mut self, mut i: usize) -> usize {
        while self.0[i] != i {
            self.0[i] = self.0[self.0[i]];
            i = self.0[i];
        }
        i
    }

    fn union(&mut self, a: usize, b: usize) {
        let (a, b) = (self.find(a), self.find(b));
        if a != b {
            self.0[a.max(b)] = a.min(b);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::index::SchemaSpec;

    #[test]
    fn every_field_not_stored_is_rebuilt() {
        let rebuilt = [
            FieldName::Fingerprint,
            FieldName::Copy,
            FieldName::Calendar,
            FieldName::Text(Language::French),
            FieldName::Text(Language::Arabic),
            FieldName::Text(Language::Russian),
            FieldName::Text(Language::Ukrainian),
        ];
        for field in SchemaSpec::embedded().fields.iter().filter(|f| !f.stored) {
            assert!(
                FROM_COLUMNS
                    .iter()
                    .chain(&rebuilt)
                    .any(|r| r.name() == field.name),
                "`{}` is not stored: rewrite() must rebuild it",
                field.name
            );
        }
    }
}

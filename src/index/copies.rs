//! Groups of reprints and stories: every document's `copy` field holds the
//! fingerprint key of its group of reprints' lead, and its `story` field
//! that of its story's lead.
//!
//! Stories are made with a looser link, in two steps. Documents dated at
//! most [`STORY_WINDOW_DAYS`] apart whose sketches are linked
//! ([`Sketch::compare`], [`Sketch::links`])
//! (the reports of one event, in different words, and of its kind), or that
//! are copies of one text, are linked into blocks (connected components).
//! Each block is then split into stories by average linkage
//! ([`super::linkage`]) from its groups of reprints, so that a group of
//! reprints lies within one story, and one close pair of reports of two
//! events of one kind does not join them. Both groupings are made in one
//! pass, which writes a document again once when either of its ids changes.
//!
//! A group is a connected component of the graph whose edges join two
//! documents dated at most [`WINDOW_DAYS`] apart whose fingerprints are
//! [`Fingerprint::similar`]; its lead is the earliest member (then the
//! smallest key). This is a function of the documents the index holds and
//! nothing else, so an index updated in any order, or by a run that was
//! killed and started again, ends with the groups a clean build gives.
//!
//! A story is a function of its block, and a block of the documents the
//! index holds: a pass regroups every block that holds a document written
//! since the last pass, or that lost one. It starts from those documents
//! and reopens every story that one of them links to (its members are
//! regrouped too), until no document regrouped links to one that is not:
//! what it regroups is then whole blocks.
//!
//! tantivy cannot change a field in place: a document whose group changes is
//! written again (its stored fields, the fast-only ones read from their
//! columns, the calendar facet from its date). Documents are first added as
//! groups of their own; the pass here, run on the committed index after
//! each batch (in a commit of its own, before `sitrep index --watch` reads
//! the index) and before the first, joins the ones written since the last
//! pass (`written` at least [`GroupingState::since`]) to their copies, and
//! splits the groups and stories that lost a member
//! ([`GroupingState::dirty`], [`GroupingState::dirty_stories`]). That
//! state travels in each commit's payload, so a pass a killed run did not
//! make is made by the next run.

use std::collections::VecDeque;

use chrono::DateTime as ChronoDateTime;
use rustc_hash::{FxHashMap, FxHashSet};
use serde::{Deserialize, Serialize};
use tantivy::columnar::Column;
use tantivy::schema::{Facet, IndexRecordOption, Value};
use tantivy::{
    DocAddress, DocId, DocSet, IndexWriter, Searcher, TantivyDocument, Term, TERMINATED,
};

use super::fingerprint::Fingerprint;
use super::linkage;
use super::sketch::Sketch;
use super::{FieldName, SitrepIndex};
use crate::error::Result;
use crate::language::Language;

/// Most days between two copies of one text.
pub const WINDOW_DAYS: i64 = 7;
/// Most days between two linked reports of one story: an event is reported
/// within days; a longer window lets a story run on through follow-ups.
pub const STORY_WINDOW_DAYS: i64 = 3;
// A pass reads the documents within the copies' window of what it groups,
// so the stories' window must not be wider.
const _: () = assert!(STORY_WINDOW_DAYS <= WINDOW_DAYS);
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
    /// Groups of reprints that lost a member since the last pass: they may
    /// fall apart.
    pub dirty: Vec<u64>,
    /// Stories that lost a member since the last pass.
    #[serde(default)]
    pub dirty_stories: Vec<u64>,
}

impl GroupingState {
    /// Whether some group lost a member.
    pub fn has_dirty(&self) -> bool {
        !self.dirty.is_empty() || !self.dirty_stories.is_empty()
    }

    /// This state, whose pass has not been made, with the groups that lost
    /// a member since (`later`): the pass still starts from `since`.
    pub fn with_lost(mut self, later: GroupingState) -> GroupingState {
        for (ids, more) in [
            (&mut self.dirty, later.dirty),
            (&mut self.dirty_stories, later.dirty_stories),
        ] {
            ids.extend(more);
            ids.sort_unstable();
            ids.dedup();
        }
        self
    }
}

/// A document's `copy` and `story` ids.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) struct GroupIds {
    pub copy: u64,
    pub story: u64,
}

/// The fast columns a pass reads, of one segment.
struct Columns {
    written: Column<u64>,
    copy: Column<u64>,
    story: Column<u64>,
    date: Column<tantivy::DateTime>,
    fingerprint: Column<u64>,
    sketch: Column<u64>,
}

impl Columns {
    fn of(segment: &tantivy::SegmentReader) -> Result<Columns> {
        let fast = segment.fast_fields();
        Ok(Columns {
            written: fast.u64(FieldName::Written.name())?,
            copy: fast.u64(FieldName::Copy.name())?,
            story: fast.u64(FieldName::Story.name())?,
            date: fast.date(FieldName::Date.name())?,
            fingerprint: fast.u64(FieldName::Fingerprint.name())?,
            sketch: fast.u64(FieldName::Sketch.name())?,
        })
    }

    fn day(&self, doc: DocId) -> i64 {
        self.date
            .first(doc)
            .map_or(0, |d| d.into_timestamp_secs().div_euclid(DAY_SECS))
    }

    fn member(&self, doc: DocId, fresh: bool) -> Member {
        let copy = self.copy.first(doc).unwrap_or(0);
        Member {
            day: self.day(doc),
            copy,
            story: self.story.first(doc).unwrap_or(0),
            key: self.print(doc).map_or(copy, |p| p.key),
            linkable: self.sketch(doc).linkable(),
            fresh,
        }
    }

    fn print(&self, doc: DocId) -> Option<Fingerprint> {
        Fingerprint::from_words(self.fingerprint.values_for_doc(doc))
    }

    fn sketch(&self, doc: DocId) -> Sketch {
        Sketch::from_words(self.sketch.values_for_doc(doc))
    }
}

/// One document a grouping looks at. Its fingerprint and sketch are not
/// kept here but read ([`Texts`]) as a sweep of [`candidate_pairs`] reaches
/// it, and dropped once the sweep has left its window: a pass over a
/// million documents holds a few days' worth of them, not a million.
struct Member {
    /// Days since 1970.
    day: i64,
    /// Its `copy` id as written.
    copy: u64,
    /// Its `story` id as written.
    story: u64,
    /// Its fingerprint's key; its `copy` id if it has no readable
    /// fingerprint (then it is never grouped).
    key: u64,
    /// Whether its sketch can link it ([`Sketch::linkable`]).
    linkable: bool,
    /// Written since the last pass or in a group that lost a member: its
    /// links are computed; the others' are their `copy` ids.
    fresh: bool,
}

/// Where a grouping reads its members' fingerprints and sketches (by
/// position), each at most once per sweep.
trait Texts {
    /// `None` for a document without a readable fingerprint.
    fn print(&mut self, member: usize) -> Option<Fingerprint>;
    /// Empty, and never linked, for a document without one.
    fn sketch(&mut self, member: usize) -> Sketch;
}

/// A pass's members' texts, read from the index's columns.
struct ColumnTexts<'a> {
    /// Each segment's columns, by segment ordinal.
    columns: FxHashMap<u32, &'a Columns>,
    addresses: &'a [DocAddress],
}

impl Texts for ColumnTexts<'_> {
    fn print(&mut self, member: usize) -> Option<Fingerprint> {
        let address = self.addresses[member];
        self.columns[&address.segment_ord].print(address.doc_id)
    }

    fn sketch(&mut self, member: usize) -> Sketch {
        let address = self.addresses[member];
        self.columns[&address.segment_ord].sketch(address.doc_id)
    }
}

/// Texts held in memory (documents not in an index), each handed out once.
struct HeldTexts {
    prints: Vec<Option<Fingerprint>>,
    sketches: Vec<Sketch>,
}

impl Texts for HeldTexts {
    fn print(&mut self, member: usize) -> Option<Fingerprint> {
        self.prints[member].take()
    }

    fn sketch(&mut self, member: usize) -> Sketch {
        std::mem::take(&mut self.sketches[member])
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

/// The ids a grouping pass changed: (old, new) for every document it wrote
/// again, without repeats, of the groups of reprints and of the stories.
#[derive(Debug, Default)]
pub(crate) struct Renamed {
    pub copies: Vec<(u64, u64)>,
    pub stories: Vec<(u64, u64)>,
}

impl Renamed {
    /// Whether the pass wrote anything.
    pub fn is_empty(&self) -> bool {
        self.copies.is_empty() && self.stories.is_empty()
    }
}

/// The two groupings of a pass over the same entries.
struct Groupings {
    copies: UnionFind,
    /// The blocks: documents linked by similar sketches or as copies.
    blocks: UnionFind,
    /// The sketches compared (one of the two documents fresh): positions
    /// and similarity ([`Sketch::compare`]).
    compared: Vec<(usize, usize, u64)>,
}

impl Groupings {
    fn new(n: usize) -> Self {
        Groupings {
            copies: UnionFind::new(n),
            blocks: UnionFind::new(n),
            compared: Vec::new(),
        }
    }

    /// Unites the documents that are not fresh by their ids (a story lies
    /// within a block), and every document with its group of reprints'
    /// block.
    fn join_old(&mut self, members: &[Member]) {
        join_old_groups(members, &mut self.copies, |m| m.copy);
        join_old_groups(members, &mut self.blocks, |m| m.story);
        self.copies_within_blocks();
    }

    /// A group of reprints lies within one block.
    fn copies_within_blocks(&mut self) {
        for i in 0..self.copies.0.len() {
            let root = self.copies.find(i);
            self.blocks.union(i, root);
        }
    }

    /// Links the fresh documents to the others.
    fn link(&mut self, members: &[Member], texts: &mut impl Texts) {
        let copies = &mut self.copies;
        candidate_pairs(
            members,
            WINDOW_DAYS,
            |i| {
                let print = texts.print(i).filter(Fingerprint::groupable)?;
                let bands = print.bands().collect();
                Some((print, bands))
            },
            |i, j, a, b| {
                if copies.find(i) != copies.find(j) && a.similar(b) {
                    copies.union(i, j);
                }
            },
        );
        let (blocks, compared) = (&mut self.blocks, &mut self.compared);
        candidate_pairs(
            members,
            STORY_WINDOW_DAYS,
            |i| {
                if !members[i].linkable {
                    return None;
                }
                let sketch = texts.sketch(i);
                let keys = sketch.keys();
                Some((sketch, keys))
            },
            |i, j, a, b| {
                if let Some(similarity) = a.compare(b) {
                    compared.push((i, j, similarity));
                    if Sketch::links(similarity) {
                        blocks.union(i, j);
                    }
                }
            },
        );
        self.copies_within_blocks();
    }

    /// The stories of the fresh documents, by position: each block holding
    /// one (all fresh, once [`regroup`] has reopened what they link to)
    /// split by average linkage from its groups of reprints, each story
    /// named by its lead's key.
    fn stories(&mut self, members: &[Member]) -> FxHashMap<usize, u64> {
        // The units are the groups of reprints, by root.
        let mut unit_of: FxHashMap<usize, usize> = FxHashMap::default();
        let mut units: Vec<((i64, u64), u64)> = Vec::new();
        let mut positions: Vec<usize> = Vec::new();
        for (i, member) in members.iter().enumerate().filter(|(_, m)| m.fresh) {
            let unit = *unit_of.entry(self.copies.find(i)).or_insert_with(|| {
                units.push(((i64::MAX, u64::MAX), 0));
                units.len() - 1
            });
            let (key, weight) = &mut units[unit];
            *key = (*key).min((member.day, member.key));
            *weight += u64::from(member.linkable);
            positions.push(i);
        }
        let mut pairs = Vec::with_capacity(self.compared.len());
        for &(i, j, similarity) in &self.compared {
            if self.blocks.find(i) != self.blocks.find(j) {
                continue;
            }
            let units_of = (
                unit_of.get(&self.copies.find(i)),
                unit_of.get(&self.copies.find(j)),
            );
            if let (Some(&a), Some(&b)) = units_of {
                pairs.push((a, b, similarity));
            }
        }
        let joined = linkage::average_linkage(&units, pairs, Sketch::joins);
        // A story's lead: the least key of its units.
        let mut lead: FxHashMap<usize, (i64, u64)> = FxHashMap::default();
        for (unit, &story) in joined.iter().enumerate() {
            let key = units[unit].0;
            lead.entry(story)
                .and_modify(|k| *k = (*k).min(key))
                .or_insert(key);
        }
        positions
            .into_iter()
            .map(|i| {
                let unit = unit_of[&self.copies.find(i)];
                (i, lead[&joined[unit]].1)
            })
            .collect()
    }
}

/// Groups the documents `state` names in the committed index `searcher`
/// reads, writing again through `writer` every document whose `copy` or
/// `story` id changes (the caller commits), and returns those changes.
/// Writes made through `writer` after this pass (deletions) apply to the
/// documents it wrote.
pub(crate) fn regroup(
    index: &SitrepIndex,
    searcher: &Searcher,
    writer: &IndexWriter<TantivyDocument>,
    state: &GroupingState,
) -> Result<Renamed> {
    let segments: Vec<(u32, &tantivy::SegmentReader, Columns)> = searcher
        .segment_readers()
        .iter()
        .enumerate()
        .filter(|(_, s)| s.num_docs() > 0)
        .map(|(ord, s)| Ok((ord as u32, s, Columns::of(s)?)))
        .collect::<Result<_>>()?;
    // The stories reopened: a fresh document links to one of their members.
    let mut reopened: FxHashSet<u64> = FxHashSet::default();
    let (entries, mut groups) = loop {
        let Some(entries) = gather(&segments, state, &reopened) else {
            return Ok(Renamed::default());
        };
        let mut groups = Groupings::new(entries.members.len());
        groups.join_old(&entries.members);
        let mut texts = ColumnTexts {
            columns: segments.iter().map(|(ord, _, c)| (*ord, c)).collect(),
            addresses: &entries.addresses,
        };
        groups.link(&entries.members, &mut texts);
        let touched = touched_roots(&entries.members, &mut groups.blocks);
        let before = reopened.len();
        for (i, member) in entries.members.iter().enumerate() {
            if !member.fresh && touched.contains(&groups.blocks.find(i)) {
                reopened.insert(member.story);
            }
        }
        if reopened.len() == before {
            break (entries, groups);
        }
    };
    let copy_leads = leads(&entries.members, &mut groups.copies);
    let stories = groups.stories(&entries.members);
    let mut renamed = Renamed::default();
    for (i, (member, &address)) in entries.members.iter().zip(&entries.addresses).enumerate() {
        if !member.fresh {
            continue;
        }
        let ids = GroupIds {
            copy: copy_leads[&groups.copies.find(i)].1,
            story: stories[&i],
        };
        if ids.copy != member.copy || ids.story != member.story {
            rewrite(index, searcher, writer, address, ids)?;
            renamed.copies.push((member.copy, ids.copy));
            renamed.stories.push((member.story, ids.story));
        }
    }
    for list in [&mut renamed.copies, &mut renamed.stories] {
        list.retain(|(old, new)| old != new);
        list.sort_unstable();
        list.dedup();
    }
    Ok(renamed)
}

/// The documents a pass regroups (written since the last one, in a group
/// or story that lost a member, or in a `reopened` story) and every other
/// one dated within [`WINDOW_DAYS`] of them, which they may be linked to
/// (the stories' window is within the copies'); `None` if there is nothing
/// to regroup.
fn gather(
    segments: &[(u32, &tantivy::SegmentReader, Columns)],
    state: &GroupingState,
    reopened: &FxHashSet<u64>,
) -> Option<Entries> {
    let dirty: FxHashSet<u64> = state.dirty.iter().copied().collect();
    let dirty_stories: FxHashSet<u64> = state.dirty_stories.iter().copied().collect();
    let is_fresh = |columns: &Columns, doc: DocId| {
        let story = || columns.story.first(doc).unwrap_or(0);
        columns.written.first(doc).unwrap_or(0) >= state.since
            || (!dirty.is_empty() && dirty.contains(&columns.copy.first(doc).unwrap_or(0)))
            || (!dirty_stories.is_empty() && dirty_stories.contains(&story()))
            || (!reopened.is_empty() && reopened.contains(&story()))
    };
    let mut entries = Entries::default();
    for (ord, segment, columns) in segments {
        if columns.written.max_value() < state.since && !state.has_dirty() && reopened.is_empty() {
            continue;
        }
        for doc in segment.doc_ids_alive() {
            if is_fresh(columns, doc) {
                entries.push(columns, *ord, doc, true);
            }
        }
    }
    let (first, last) =
        entries
            .members
            .iter()
            .map(|m| m.day)
            .fold(None, |range: Option<(i64, i64)>, day| {
                Some(range.map_or((day, day), |(a, b)| (a.min(day), b.max(day))))
            })?;
    let (from, to) = (first - WINDOW_DAYS, last + WINDOW_DAYS);
    for (ord, segment, columns) in segments {
        let day = |d: tantivy::DateTime| d.into_timestamp_secs().div_euclid(DAY_SECS);
        let (lo, hi) = (day(columns.date.min_value()), day(columns.date.max_value()));
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
    Some(entries)
}

/// The `copy` and `story` ids of each document of `docs` (day since 1970,
/// fingerprint, sketch), as an index holding exactly these documents groups
/// them: what `sitrep export` and `push` send, without a local index.
pub(crate) fn group_ids(docs: Vec<(i64, Fingerprint, Sketch)>) -> Vec<GroupIds> {
    let mut members = Vec::with_capacity(docs.len());
    let mut texts = HeldTexts {
        prints: Vec::with_capacity(docs.len()),
        sketches: Vec::with_capacity(docs.len()),
    };
    for (day, print, sketch) in docs {
        members.push(Member {
            day,
            copy: print.key,
            story: print.key,
            key: print.key,
            linkable: sketch.linkable(),
            fresh: true,
        });
        texts.prints.push(Some(print));
        texts.sketches.push(sketch);
    }
    let mut groups = Groupings::new(members.len());
    groups.link(&members, &mut texts);
    let copy_leads = leads(&members, &mut groups.copies);
    let stories = groups.stories(&members);
    (0..members.len())
        .map(|i| GroupIds {
            copy: copy_leads[&groups.copies.find(i)].1,
            story: stories[&i],
        })
        .collect()
}

/// The roots of the groups holding a fresh member.
fn touched_roots(members: &[Member], groups: &mut UnionFind) -> FxHashSet<usize> {
    (0..members.len())
        .filter(|&i| members[i].fresh)
        .map(|i| groups.find(i))
        .collect()
}

/// Each group's lead, by root: its earliest member, then the smallest key,
/// as (day, key).
fn leads(members: &[Member], groups: &mut UnionFind) -> FxHashMap<usize, (i64, u64)> {
    let mut leads: FxHashMap<usize, (i64, u64)> = FxHashMap::default();
    for (i, member) in members.iter().enumerate() {
        let candidate = (member.day, member.key);
        leads
            .entry(groups.find(i))
            .and_modify(|lead| *lead = (*lead).min(candidate))
            .or_insert(candidate);
    }
    leads
}

/// Unites the documents that are not fresh by their id (`copy` or
/// `story`): their groups were complete at the last pass.
fn join_old_groups(members: &[Member], groups: &mut UnionFind, id: impl Fn(&Member) -> u64) {
    let mut first: FxHashMap<u64, usize> = FxHashMap::default();
    for (i, member) in members.iter().enumerate().filter(|(_, m)| !m.fresh) {
        match first.get(&id(member)) {
            Some(&j) => groups.union(i, j),
            None => {
                first.insert(id(member), i);
            }
        }
    }
}

/// Calls `visit` once for every pair of documents, one of them fresh,
/// dated at most `window` days apart, that share a candidate key, with
/// what `load` read of each (a fingerprint, a sketch). `load` gives a
/// document's data and its candidate keys (the LSH bands of a fingerprint,
/// the heaviest words of a sketch), or `None` for a document never linked;
/// it is called once per document. The documents are swept in date order
/// and only the last `window` days' stay in the key table with their data,
/// so memory follows the window, not the corpus (an export of a million
/// articles, or a pass over a million, is one sweep).
fn candidate_pairs<D>(
    members: &[Member],
    window: i64,
    mut load: impl FnMut(usize) -> Option<(D, Vec<u64>)>,
    mut visit: impl FnMut(usize, usize, &D, &D),
) {
    let mut order: Vec<usize> = (0..members.len()).collect();
    order.sort_by_key(|&i| members[i].day);
    // The documents in the window, in sweep order: the table names them by
    // sequence number, the front one's being `first`.
    let mut held: VecDeque<Held<D>> = VecDeque::new();
    let mut first = 0usize;
    let mut table: FxHashMap<u64, VecDeque<usize>> = FxHashMap::default();
    let mut seen = FxHashSet::default();
    for i in order {
        let Some((data, keys)) = load(i) else {
            continue;
        };
        let member = &members[i];
        // Documents leave the table in the order they came in, so each is
        // at the front of its keys' queues.
        while held
            .front()
            .is_some_and(|h| members[h.member].day < member.day - window)
        {
            let Some(old) = held.pop_front() else {
                break;
            };
            first += 1;
            for key in old.keys {
                if let Some(queue) = table.get_mut(&key) {
                    queue.pop_front();
                    if queue.is_empty() {
                        table.remove(&key);
                    }
                }
            }
        }
        seen.clear();
        for key in &keys {
            for &sequence in table.get(key).into_iter().flatten() {
                let other = &held[sequence - first];
                let j = other.member;
                if seen.insert(j) && (member.fresh || members[j].fresh) {
                    visit(i, j, &data, &other.data);
                }
            }
        }
        let sequence = first + held.len();
        for &key in &keys {
            table.entry(key).or_default().push_back(sequence);
        }
        held.push_back(Held {
            member: i,
            data,
            keys,
        });
    }
}

/// A document within a sweep's window: its position, data and keys.
struct Held<D> {
    member: usize,
    data: D,
    keys: Vec<u64>,
}

/// The single-valued fast fields a document is written again with from
/// their columns, since its stored fields do not give them back; the
/// fingerprint and sketch are read from their columns too, the calendar
/// facet made from the date, and `copy` and `story` (stored) are replaced by
/// the new ones. A unit test checks that every field not stored is one of
/// these.
const FROM_COLUMNS: [FieldName; 5] = [
    FieldName::FileSize,
    FieldName::FileMtime,
    FieldName::FileHash,
    FieldName::Added,
    FieldName::Written,
];

/// Writes a document again with other `copy` and `story` ids: deleted by
/// id (ids are unique) and added with every field it had.
fn rewrite(
    index: &SitrepIndex,
    searcher: &Searcher,
    writer: &IndexWriter<TantivyDocument>,
    address: DocAddress,
    ids: GroupIds,
) -> Result<()> {
    let fields = &index.fields;
    let stored: TantivyDocument = searcher.doc(address)?;
    // Every stored value but the old ids.
    let mut doc = TantivyDocument::new();
    for (field, value) in stored
        .field_values()
        .filter(|(f, _)| *f != fields.copy && *f != fields.story)
    {
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
    for (name, field) in [
        (FieldName::Fingerprint, fields.fingerprint),
        (FieldName::Sketch, fields.sketch),
    ] {
        for word in fast.u64(name.name())?.values_for_doc(row) {
            doc.add_u64(field, word);
        }
    }
    doc.add_u64(fields.copy, ids.copy);
    doc.add_u64(fields.story, ids.story);
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

/// The `copy` and `story` ids of the live documents holding `term`.
pub(crate) fn shared_groups(
    searcher: &Searcher,
    term: &Term,
    out: &mut Vec<GroupIds>,
) -> Result<()> {
    for segment in searcher.segment_readers() {
        let Some(mut postings) = segment
            .inverted_index(term.field())?
            .read_postings(term, IndexRecordOption::Basic)?
        else {
            continue;
        };
        let fast = segment.fast_fields();
        let (copies, stories) = (
            fast.u64(FieldName::Copy.name())?,
            fast.u64(FieldName::Story.name())?,
        );
        let mut doc = postings.doc();
        while doc != TERMINATED {
            if !segment.is_deleted(doc) {
                if let (Some(copy), Some(story)) = (copies.first(doc), stories.first(doc)) {
                    out.push(GroupIds { copy, story });
                }
            }
            doc = postings.advance();
        }
    }
    Ok(())
}

/// The groups of reprints and the stories that lose a member when
/// documents of the `losing` ids (as the committed index `searcher` reads
/// them) are deleted after a pass that `renamed` some, as the next
/// [`GroupingState`] records them.
pub(crate) fn dirty_groups(
    index: &SitrepIndex,
    searcher: &Searcher,
    since: u64,
    losing: &[GroupIds],
    renamed: &Renamed,
) -> Result<GroupingState> {
    Ok(GroupingState {
        since,
        dirty: dirty_of(
            searcher,
            index.fields.copy,
            losing.iter().map(|g| g.copy),
            &renamed.copies,
        )?,
        dirty_stories: dirty_of(
            searcher,
            index.fields.story,
            losing.iter().map(|g| g.story),
            &renamed.stories,
        )?,
    })
}

/// The groups (ids in `field`) of several documents among `losing`, and
/// what the pass renamed them to. A group of one that loses it is simply
/// gone.
fn dirty_of(
    searcher: &Searcher,
    field: tantivy::schema::Field,
    losing: impl Iterator<Item = u64>,
    renamed: &[(u64, u64)],
) -> Result<Vec<u64>> {
    let losing: FxHashSet<u64> = losing.collect();
    let mut dirty: Vec<u64> = Vec::new();
    for &id in &losing {
        if searcher.doc_freq(&Term::from_field_u64(field, id))? > 1 {
            dirty.push(id);
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
    fn a_deferred_pass_keeps_its_start_and_gathers_every_lost_group() {
        let pending = GroupingState {
            since: 7,
            dirty: vec![3, 9],
            dirty_stories: vec![4],
        };
        let later = GroupingState {
            since: 12,
            dirty: vec![9, 1],
            dirty_stories: vec![],
        };
        assert_eq!(
            pending.with_lost(later),
            GroupingState {
                since: 7,
                dirty: vec![1, 3, 9],
                dirty_stories: vec![4],
            }
        );
    }

    #[test]
    fn every_field_not_stored_is_rebuilt() {
        let rebuilt = [
            FieldName::Fingerprint,
            FieldName::Sketch,
            FieldName::Copy,
            FieldName::Story,
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

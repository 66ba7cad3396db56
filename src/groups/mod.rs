//! Groups of reprints and stories at search time: collapsing hits to one
//! per group (`search --collapse copies|stories`), a hit's groups (`copy`
//! and `story` in `--json`), and the members of one group (`sitrep story
//! ID`). The groups themselves are made at index time (`index/copies.rs`).

mod shared;

use std::collections::BTreeSet;

use rustc_hash::FxHashMap;
use serde::Serialize;
use tantivy::collector::{Collector, DocSetCollector, SegmentCollector};
use tantivy::columnar::Column;
use tantivy::query::{BooleanQuery, EnableScoring, PhraseQuery, Query, TermQuery, Weight};
use tantivy::schema::IndexRecordOption;
use tantivy::tokenizer::TokenStream;
use tantivy::{DocAddress, DocId, Score, Searcher, SegmentOrdinal, SegmentReader, Term};

use crate::enrich::CasualtyKind;
use crate::error::{Arg, Error, Result};
use crate::facets::matching_docs;
use crate::index::{copy_key, name_analyzer, FieldName, SitrepIndex};
use crate::query::{collect_pruned, page, prunes_top_k, PrunedTop, Ranked, Threshold};
use crate::search::{load_stored, Recency, StoredArticle};

pub(crate) use shared::{SharedGroups, SharedKey};

/// What hits are grouped by (`--collapse`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, clap::ValueEnum, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Collapse {
    /// Reprints of one text: hits with the same `copy` id.
    Copies,
    /// Reports of one event, however worded: hits with the same `story` id.
    Stories,
}

impl Collapse {
    /// Both groupings.
    pub const ALL: [Collapse; 2] = [Collapse::Copies, Collapse::Stories];

    /// The value as typed (`copies`).
    pub fn name(self) -> &'static str {
        match self {
            Collapse::Copies => "copies",
            Collapse::Stories => "stories",
        }
    }

    /// Reads the value as typed; an error names the accepted ones.
    pub fn parse(text: &str) -> Result<Collapse> {
        match text {
            "copies" => Ok(Collapse::Copies),
            "stories" => Ok(Collapse::Stories),
            other => Err(Error::bad(
                Arg::Collapse,
                format!(
                    "`{other}` is not a grouping: use `copies` (reprints of one text) or `stories` (reports of one event)"
                ),
            )),
        }
    }

    /// The field that holds a document's group id.
    pub fn field_name(self) -> FieldName {
        match self {
            Collapse::Copies => FieldName::Copy,
            Collapse::Stories => FieldName::Story,
        }
    }

    fn field(self, index: &SitrepIndex) -> tantivy::schema::Field {
        match self {
            Collapse::Copies => index.fields.copy,
            Collapse::Stories => index.fields.story,
        }
    }
}

/// A preferred source (`--prefer`, `prefer` in the configuration file,
/// `prefer=` in the API): a group's lead is its earliest report from the
/// first preferred source it holds, else its earliest report. A report is
/// from a source when its agency holds the source's words in a row, as the
/// query `agency:"AFP"` finds them (`AFP / Reuters` is from both).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Source {
    name: String,
    words: Vec<String>,
}

impl Source {
    /// A source as typed (`AFP`, `Agence France-Presse`); an error if it
    /// has no word.
    pub fn parse(text: &str) -> Result<Source> {
        let words = source_words(text);
        if words.is_empty() {
            return Err(Error::bad(
                Arg::Prefer,
                format!("`{text}` is not a source: give an agency or outlet as hits show it (AFP, Reuters)"),
            ));
        }
        Ok(Source {
            name: text.trim().to_string(),
            words,
        })
    }

    /// The source as typed.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// Whether a report whose agency has these `words` is from the source.
    fn holds(&self, words: &[String]) -> bool {
        words.windows(self.words.len()).any(|run| run == self.words)
    }

    /// The documents from the source.
    fn query(&self, index: &SitrepIndex) -> Box<dyn Query> {
        let mut terms: Vec<Term> = self
            .words
            .iter()
            .map(|w| Term::from_field_text(index.fields.agency, w))
            .collect();
        if terms.len() == 1 {
            Box::new(TermQuery::new(terms.remove(0), IndexRecordOption::Basic))
        } else {
            Box::new(PhraseQuery::new(terms))
        }
    }
}

/// An agency's words as the index reads them.
fn source_words(text: &str) -> Vec<String> {
    let mut analyzer = name_analyzer();
    let mut stream = analyzer.token_stream(text);
    let mut words = Vec::new();
    while stream.advance() {
        words.push(stream.token().text.clone());
    }
    words
}

/// Where a report from agency `source` comes among `prefer`: the position
/// of the first preferred source it is from, else after all of them.
pub fn preference(prefer: &[Source], source: &str) -> usize {
    if prefer.is_empty() {
        return 0;
    }
    let words = source_words(source);
    prefer
        .iter()
        .position(|p| p.holds(&words))
        .unwrap_or(prefer.len())
}

/// A grouping, and the sources whose reports lead its groups.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Grouping<'a> {
    pub kind: Collapse,
    pub prefer: &'a [Source],
}

/// Most other members listed under a collapsed hit.
pub const MAX_OTHERS: usize = 20;

/// A hit's group of reprints or story, as `--json` and `/api/search` give
/// it.
#[derive(Debug, Clone, Serialize)]
pub struct CopyGroup {
    /// The group's id, 16 hex digits: `sitrep story ID` lists its members.
    pub id: String,
    /// Documents in the group (1: the article has no copy in the index).
    pub members: usize,
    /// The id of the group's lead: its earliest member, or its earliest
    /// from the first preferred source it holds ([`Source`]).
    pub lead: String,
    /// In a collapsed search, the matching members folded under this hit.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub similar: Option<usize>,
    /// In a collapsed search, the other members, earliest first (at most
    /// [`MAX_OTHERS`]).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub others: Vec<GroupMember>,
}

impl CopyGroup {
    /// The distinct sources of the other members listed (a member without
    /// a source by its file), earliest first, and whether more members
    /// fold under the hit than are listed.
    pub fn other_sources(&self) -> (Vec<&str>, bool) {
        let mut sources: Vec<&str> = Vec::new();
        for member in &self.others {
            let source = if member.source.is_empty() {
                member.path.as_str()
            } else {
                member.source.as_str()
            };
            if !sources.contains(&source) {
                sources.push(source);
            }
        }
        (sources, self.members.saturating_sub(1) > self.others.len())
    }
}

/// One member of a group, as listed under a collapsed hit and by `story`.
#[derive(Debug, Clone, Serialize)]
pub struct GroupMember {
    /// Stable article id.
    pub id: String,
    /// `YYYY-MM-DD`.
    pub date: String,
    /// Headline.
    pub title: String,
    /// Agency or outlet.
    pub source: String,
    /// Source file.
    pub path: String,
}

impl From<StoredArticle> for GroupMember {
    fn from(article: StoredArticle) -> Self {
        GroupMember {
            id: article.id,
            date: article.date,
            title: article.title,
            source: article.source,
            path: article.path,
        }
    }
}

/// The members of one group: what `sitrep story ID` prints.
#[derive(Debug, Clone, Serialize)]
pub struct Story {
    /// The group's id.
    pub id: String,
    /// The id of its lead, the earliest member.
    pub lead: String,
    /// Every member, earliest first.
    pub members: Vec<GroupMember>,
}

/// A group id as shown: 16 hex digits.
pub fn group_id_text(copy: u64) -> String {
    format!("{copy:016x}")
}

/// The members of a group, given its id (16 hex digits: a story's, else a
/// group of reprints') or the id of any member (its story); `None` if
/// neither names one in the index. The lead comes first: the earliest
/// member, or the earliest from the first of the `prefer` sources it holds.
pub fn story(
    index: &SitrepIndex,
    searcher: &Searcher,
    id: &str,
    prefer: &[Source],
) -> Result<Option<Story>> {
    let as_number = (id.len() == 16)
        .then(|| u64::from_str_radix(id, 16).ok())
        .flatten();
    let by_group = as_number.and_then(|number| {
        Collapse::ALL.into_iter().rev().find_map(|kind| {
            count_members(index, searcher, kind, number)
                .is_ok_and(|n| n > 0)
                .then_some((kind, number))
        })
    });
    let (kind, group) = match by_group {
        Some(found) => found,
        None => {
            let term = Term::from_field_text(index.fields.id, id);
            let query = TermQuery::new(term, IndexRecordOption::Basic);
            let Some(address) = searcher
                .search(&query, &DocSetCollector)?
                .into_iter()
                .next()
            else {
                return Ok(None);
            };
            (
                Collapse::Stories,
                group_at(searcher, Collapse::Stories, address)?,
            )
        }
    };
    let members = member_articles(index, searcher, Grouping { kind, prefer }, group)?;
    let lead = members.first().map(|m| m.id.clone()).unwrap_or_default();
    Ok(Some(Story {
        id: group_id_text(group),
        lead,
        members,
    }))
}

/// The group (of reprints, or story) of the hit at `address`; for a search
/// collapsed by this grouping, with the number of matching members folded
/// under it and the other members.
pub(crate) fn hit_group(
    index: &SitrepIndex,
    searcher: &Searcher,
    grouping: Grouping,
    address: DocAddress,
    own_id: &str,
    similar: Option<usize>,
) -> Result<CopyGroup> {
    let group = group_at(searcher, grouping.kind, address)?;
    let members = count_members(index, searcher, grouping.kind, group)?;
    group_of(index, searcher, grouping, group, members, own_id, similar)
}

/// [`hit_group`] for a hit whose group `copy` and number of `members` are
/// known.
pub(crate) fn group_of(
    index: &SitrepIndex,
    searcher: &Searcher,
    grouping: Grouping,
    copy: u64,
    members: usize,
    own_id: &str,
    similar: Option<usize>,
) -> Result<CopyGroup> {
    if members <= 1 {
        return Ok(CopyGroup {
            id: group_id_text(copy),
            members: 1,
            lead: own_id.to_string(),
            similar,
            others: Vec::new(),
        });
    }
    let all = member_articles(index, searcher, grouping, copy)?;
    let lead = all.first().map(|m| m.id.clone()).unwrap_or_default();
    let others = if similar.is_some() {
        all.into_iter()
            .filter(|m| m.id != own_id)
            .take(MAX_OTHERS)
            .collect()
    } else {
        Vec::new()
    };
    Ok(CopyGroup {
        id: group_id_text(copy),
        members,
        lead,
        similar,
        others,
    })
}

/// The group (of this `kind`) of the document at `address`.
fn group_at(searcher: &Searcher, kind: Collapse, address: DocAddress) -> Result<u64> {
    Ok(searcher
        .segment_reader(address.segment_ord)
        .fast_fields()
        .u64(kind.field_name().name())?
        .first(address.doc_id)
        .unwrap_or(0))
}

fn members_query(index: &SitrepIndex, kind: Collapse, group: u64) -> TermQuery {
    TermQuery::new(
        Term::from_field_u64(kind.field(index), group),
        IndexRecordOption::Basic,
    )
}

fn count_members(
    index: &SitrepIndex,
    searcher: &Searcher,
    kind: Collapse,
    group: u64,
) -> Result<usize> {
    Ok(searcher.search(
        &members_query(index, kind, group),
        &tantivy::collector::Count,
    )?)
}

/// Where the live members of group `copy` (of this `kind`) lie, in index
/// order.
pub(crate) fn member_addresses(
    index: &SitrepIndex,
    searcher: &Searcher,
    kind: Collapse,
    copy: u64,
) -> Result<Vec<DocAddress>> {
    let mut addresses: Vec<DocAddress> = searcher
        .search(&members_query(index, kind, copy), &DocSetCollector)?
        .into_iter()
        .collect();
    addresses.sort();
    Ok(addresses)
}

/// Every member's stored article, the lead first, then earliest first
/// (then by id): the lead is the one the indexer chose among dates, unless
/// a member is from a preferred source.
fn member_articles(
    index: &SitrepIndex,
    searcher: &Searcher,
    grouping: Grouping,
    copy: u64,
) -> Result<Vec<GroupMember>> {
    let mut members = member_addresses(index, searcher, grouping.kind, copy)?
        .into_iter()
        .map(|address| Ok((address, load_stored(index, searcher, address)?)))
        .collect::<Result<Vec<_>>>()?;
    // Members from preferred sources first; among equals, the member whose
    // key is the group id (the earliest), then by date.
    let order = |a: &StoredArticle| {
        (
            preference(grouping.prefer, &a.source),
            copy_key(&a.id) != copy,
            a.date.clone(),
            a.id.clone(),
        )
    };
    members.sort_by_cached_key(|(_, a)| order(a));
    Ok(members.into_iter().map(|(_, a)| a.into()).collect())
}

/// The member a search collapsed by `grouping` shows for the group of
/// `lead` (the earliest of its members that `query` matches): with
/// preferred sources, the earliest match from the first of them the
/// group's matches hold.
pub(crate) fn shown_member(
    index: &SitrepIndex,
    searcher: &Searcher,
    query: &dyn Query,
    grouping: Grouping,
    lead: DocAddress,
) -> Result<DocAddress> {
    if grouping.prefer.is_empty() {
        return Ok(lead);
    }
    let group = group_at(searcher, grouping.kind, lead)?;
    for source in grouping.prefer {
        let wanted = BooleanQuery::intersection(vec![
            query.box_clone(),
            Box::new(members_query(index, grouping.kind, group)),
            source.query(index),
        ]);
        let mut earliest: Option<((i64, u64), DocAddress)> = None;
        for address in searcher.search(&wanted, &DocSetCollector)? {
            let key = (lead_key(searcher, address)?, address);
            earliest = Some(earliest.map_or(key, |e| e.min(key)));
        }
        if let Some((_, address)) = earliest {
            return Ok(address);
        }
    }
    Ok(lead)
}

/// What orders a group's members for its lead: the date (seconds), then
/// the fingerprint key, as the indexer picks a lead.
fn lead_key(searcher: &Searcher, address: DocAddress) -> Result<(i64, u64)> {
    let fast = searcher.segment_reader(address.segment_ord).fast_fields();
    let secs = fast
        .date(FieldName::Date.name())?
        .first(address.doc_id)
        .map_or(0, |d| d.into_timestamp_secs());
    let key = fast
        .u64(FieldName::Fingerprint.name())?
        .values_for_doc(address.doc_id)
        .next()
        .unwrap_or(0);
    Ok((secs, key))
}

/// How a collapsed search ranks documents: a key per document, higher first.
#[derive(Debug, Clone, Copy)]
pub enum Rank {
    /// BM25, times the recency factor against a reference day (seconds).
    Score(Option<(Recency, i64)>),
    /// By date, newest first.
    Newest,
    /// By date, oldest first.
    Oldest,
    /// By the least number killed, then newest.
    Killed,
}

/// What orders a group's matching members for the one shown: the date
/// (seconds) and fingerprint key ([`lead_key`]), then the address.
type LeadKey = ((i64, u64), DocAddress);

/// A group's matching members: where the best-ranked puts the group, the
/// lead among them (the earliest, then the smallest fingerprint key, as the
/// indexer chooses a group's lead) that is shown, and how many matched.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Best {
    key: (f64, f64),
    address: DocAddress,
    score: Option<f32>,
    lead: LeadKey,
    matched: usize,
}

impl Best {
    /// Whether `self` ranks before `other`: higher key, then lower address.
    fn before(&self, other: &Best) -> bool {
        match self.key.partial_cmp(&other.key) {
            Some(std::cmp::Ordering::Greater) => true,
            Some(std::cmp::Ordering::Less) => false,
            _ => self.address < other.address,
        }
    }

    fn merge(&mut self, other: Best) {
        let (matched, lead) = (self.matched + other.matched, self.lead.min(other.lead));
        if other.before(self) {
            *self = other;
        }
        self.matched = matched;
        self.lead = lead;
    }
}

/// Collects the best-ranked match of every group.
pub(crate) struct GroupCollector {
    pub rank: Rank,
    pub kind: Collapse,
}

pub(crate) struct GroupSegment {
    rank: Rank,
    segment: SegmentOrdinal,
    copy: Column<u64>,
    date: Column<tantivy::DateTime>,
    killed: Column<u64>,
    fingerprint: Column<u64>,
    best: FxHashMap<u64, Best>,
}

impl Collector for GroupCollector {
    type Fruit = FxHashMap<u64, Best>;
    type Child = GroupSegment;

    fn for_segment(
        &self,
        segment: SegmentOrdinal,
        reader: &SegmentReader,
    ) -> tantivy::Result<GroupSegment> {
        let fast = reader.fast_fields();
        Ok(GroupSegment {
            rank: self.rank,
            segment,
            copy: fast.u64(self.kind.field_name().name())?,
            date: fast.date(FieldName::Date.name())?,
            killed: fast.u64(CasualtyKind::Killed.min_field())?,
            fingerprint: fast.u64(FieldName::Fingerprint.name())?,
            best: FxHashMap::default(),
        })
    }

    fn requires_scoring(&self) -> bool {
        matches!(self.rank, Rank::Score(_))
    }

    fn merge_fruits(
        &self,
        fruits: Vec<FxHashMap<u64, Best>>,
    ) -> tantivy::Result<FxHashMap<u64, Best>> {
        let mut merged: FxHashMap<u64, Best> = FxHashMap::default();
        for fruit in fruits {
            for (copy, best) in fruit {
                match merged.get_mut(&copy) {
                    Some(old) => old.merge(best),
                    None => {
                        merged.insert(copy, best);
                    }
                }
            }
        }
        Ok(merged)
    }
}

impl SegmentCollector for GroupSegment {
    type Fruit = FxHashMap<u64, Best>;

    fn collect(&mut self, doc: DocId, score: Score) {
        let secs = self.date.first(doc).map_or(0, |d| d.into_timestamp_secs()) as f64;
        let (key, score) = match self.rank {
            Rank::Score(None) => ((f64::from(score), 0.0), Some(score)),
            Rank::Score(Some((recency, reference))) => {
                let blended = score * recency.factor(reference - secs as i64);
                ((f64::from(blended), 0.0), Some(blended))
            }
            Rank::Newest => ((secs, 0.0), None),
            Rank::Oldest => ((-secs, 0.0), None),
            Rank::Killed => {
                let killed = self.killed.first(doc).map_or(-1.0, |k| k as f64);
                ((killed, secs), None)
            }
        };
        let address = DocAddress::new(self.segment, doc);
        // The fingerprint's first number is its key.
        let print_key = self.fingerprint.values_for_doc(doc).next().unwrap_or(0);
        let best = Best {
            key,
            address,
            score,
            lead: ((secs as i64, print_key), address),
            matched: 1,
        };
        let copy = self.copy.first(doc).unwrap_or(0);
        match self.best.get_mut(&copy) {
            Some(old) => old.merge(best),
            None => {
                self.best.insert(copy, best);
            }
        }
    }

    fn harvest(self) -> FxHashMap<u64, Best> {
        self.best
    }
}

/// A collapsed search's matches: how many, in how many groups, and the
/// requested page of groups.
#[derive(Debug, Clone, PartialEq)]
pub struct CollapsedTop {
    /// Matching documents.
    pub total: usize,
    /// Groups they fall in.
    pub groups: usize,
    /// The page, best first: for each group, its best rank's score (`None`
    /// unless ranked by score), the lead of its matching members and how
    /// many of its members match.
    pub page: Vec<(Option<f32>, DocAddress, usize)>,
}

/// Runs `query` collapsed by group: the groups ranked by their best-ranked
/// match, `limit` of them after `offset`. Ranked by score alone, the top
/// groups are found as the top documents are, skipping the matches that
/// cannot reach them; any other rank ranks every match
/// ([`collapse_every_match`]).
pub fn collapsed_top(
    index: &SitrepIndex,
    searcher: &Searcher,
    query: &dyn Query,
    kind: Collapse,
    rank: Rank,
    limit: usize,
    offset: usize,
) -> Result<CollapsedTop> {
    if matches!(rank, Rank::Score(None)) {
        return scored_collapsed_top(index, searcher, query, kind, limit, offset);
    }
    collapse_every_match(searcher, query, kind, rank, limit, offset)
}

/// [`collapsed_top`] by ranking every match: the best-ranked match and the
/// lead of every group, kept in a map of all the groups and then sorted.
/// What the ranks other than by score alone need, and the reference that
/// the path by score is tested against.
pub fn collapse_every_match(
    searcher: &Searcher,
    query: &dyn Query,
    kind: Collapse,
    rank: Rank,
    limit: usize,
    offset: usize,
) -> Result<CollapsedTop> {
    let groups = searcher.search(query, &GroupCollector { rank, kind })?;
    let total = groups.values().map(|b| b.matched).sum();
    let mut best: Vec<Best> = groups.into_values().collect();
    best.sort_by(|a, b| {
        if a.before(b) {
            std::cmp::Ordering::Less
        } else if b.before(a) {
            std::cmp::Ordering::Greater
        } else {
            std::cmp::Ordering::Equal
        }
    });
    Ok(CollapsedTop {
        total,
        groups: best.len(),
        page: best
            .iter()
            .skip(offset)
            .take(limit)
            .map(|b| (b.score, b.lead.1, b.matched))
            .collect(),
    })
}

/// [`collapsed_top`] by score: what [`collapse_every_match`] gives. A group
/// ranks by its best match, so a match that scores no more than the k-th
/// best group so far can neither enter the top k nor raise a group in it,
/// and is skipped as [`TopScores`](crate::query::TopScores) skips
/// documents. A query that prunes ([`prunes_top_k`]) skips whole blocks of
/// such matches unscored, and its matches are then gathered in one
/// unscored pass; any other query scores every match anyway, and they are
/// gathered in that same pass (a second pass over a phrase or a prefix's
/// many terms cost as much again). The matches give the counts, and the
/// lead and member count of the page's groups.
fn scored_collapsed_top(
    index: &SitrepIndex,
    searcher: &Searcher,
    query: &dyn Query,
    kind: Collapse,
    limit: usize,
    offset: usize,
) -> Result<CollapsedTop> {
    let top = TopGroups::new(kind, limit, offset);
    let (page, matches) = if prunes_top_k(query) {
        let page = searcher.search(query, &top)?;
        let weight = query.weight(EnableScoring::disabled_from_searcher(searcher))?;
        let mut docs = Vec::with_capacity(searcher.segment_readers().len());
        for reader in searcher.segment_readers() {
            docs.push(matching_docs(weight.as_ref(), reader)?);
        }
        let total: usize = docs.iter().map(Vec::len).sum();
        let shared = SharedGroups::for_count(index, searcher, kind, total)?;
        let mut matches = Vec::with_capacity(docs.len());
        for (ordinal, (reader, docs)) in searcher.segment_readers().iter().zip(docs).enumerate() {
            let column = reader.fast_fields().u64(kind.field_name().name())?;
            let segment = ordinal as SegmentOrdinal;
            matches.push(SegmentMatches::read(
                segment,
                docs,
                &column,
                shared.as_deref(),
            ));
        }
        (page, matches)
    } else {
        let (page, mut matches) = searcher.search(query, &GatheringGroups(top))?;
        let gathered: usize = matches.iter().map(|m| m.grouped.len()).sum();
        if let Some(shared) = SharedGroups::for_count(index, searcher, kind, gathered)? {
            matches.iter_mut().for_each(|m| m.set_apart(&shared));
        }
        (page, matches)
    };
    tally(searcher, &page, &matches)
}

/// One segment's matches: those known to be the only live member of their
/// group, counted, and the others, in order, each with its group.
struct SegmentMatches {
    segment: SegmentOrdinal,
    alone: usize,
    grouped: Vec<(DocId, u64)>,
}

impl SegmentMatches {
    /// The matches `docs` of `segment`, their groups read from `column`;
    /// those that `shared` says are alone are only counted.
    fn read(
        segment: SegmentOrdinal,
        docs: Vec<DocId>,
        column: &Column<u64>,
        shared: Option<&SharedGroups>,
    ) -> SegmentMatches {
        let all = docs.len();
        let docs: Vec<DocId> = match shared {
            Some(shared) => docs
                .into_iter()
                .filter(|&doc| shared.is_shared(segment, doc))
                .collect(),
            None => docs,
        };
        let mut groups = vec![None; docs.len()];
        column.first_vals(&docs, &mut groups);
        SegmentMatches {
            segment,
            alone: all - docs.len(),
            grouped: docs
                .into_iter()
                .zip(groups.into_iter().map(|g| g.unwrap_or(0)))
                .collect(),
        }
    }

    /// Counts the gathered matches that `shared` says are alone instead of
    /// keeping their group.
    fn set_apart(&mut self, shared: &SharedGroups) {
        let before = self.grouped.len();
        let segment = self.segment;
        self.grouped
            .retain(|&(doc, _)| shared.is_shared(segment, doc));
        self.alone += before - self.grouped.len();
    }
}

/// The counts of a collapsed search whose `page` of groups (each as its
/// best score, that match and the group) is known, from its `matches`: how
/// many, in how many groups, and per group of the page its lead among its
/// matches (as [`Best`] keeps it) and how many match. A group of the page
/// none of whose matches was kept is that of a match alone in its group:
/// the page's own match.
fn tally(
    searcher: &Searcher,
    page: &[(Score, DocAddress, u64)],
    matches: &[SegmentMatches],
) -> Result<CollapsedTop> {
    // The page's groups, sorted to be looked up, and where each is shown.
    let mut shown: Vec<(u64, usize)> = page.iter().enumerate().map(|(i, t)| (t.2, i)).collect();
    shown.sort_unstable();
    let mut leads: Vec<(usize, Option<LeadKey>)> = vec![(0, None); page.len()];
    for segment in matches {
        for &(doc, group) in &segment.grouped {
            let Ok(at) = shown.binary_search_by_key(&group, |s| s.0) else {
                continue;
            };
            let address = DocAddress::new(segment.segment, doc);
            let key = (lead_key(searcher, address)?, address);
            let (matched, lead) = &mut leads[shown[at].1];
            *matched += 1;
            *lead = Some(lead.map_or(key, |old| old.min(key)));
        }
    }
    let alone: usize = matches.iter().map(|m| m.alone).sum();
    let mut all: Vec<u64> = matches
        .iter()
        .flat_map(|m| m.grouped.iter().map(|&(_, group)| group))
        .collect();
    let total = alone + all.len();
    all.sort_unstable();
    all.dedup();
    Ok(CollapsedTop {
        total,
        groups: alone + all.len(),
        page: page
            .iter()
            .zip(leads)
            .map(|(t, (matched, lead))| (Some(t.0), lead.map_or(t.1, |(_, a)| a), matched.max(1)))
            .collect(),
    })
}

/// The best `limit` groups by their best match's score after skipping
/// `offset`, with one threshold for the whole index (as [`TopScores`]):
/// each as (its best score, that match, the group).
///
/// [`TopScores`]: crate::query::TopScores
struct TopGroups {
    kind: Collapse,
    k: usize,
    offset: usize,
    threshold: Threshold,
}

impl TopGroups {
    fn new(kind: Collapse, limit: usize, offset: usize) -> Self {
        TopGroups {
            kind,
            k: limit.saturating_add(offset),
            offset,
            threshold: Threshold::default(),
        }
    }
}

/// One segment's best `k` groups: each group's best match, and the kept
/// groups ordered worst first so that the last is the one to drop.
struct SegmentGroups {
    k: usize,
    segment: SegmentOrdinal,
    group: Column<u64>,
    best: FxHashMap<u64, Ranked>,
    kept: BTreeSet<(Ranked, u64)>,
}

impl PrunedTop for SegmentGroups {
    /// Counts `doc` in its group if that keeps the group among the best
    /// `k` so far. Documents come in order, so a later one of equal score
    /// changes nothing.
    fn push(&mut self, doc: DocId, score: Score) -> Option<Score> {
        if self.k == 0 {
            return None;
        }
        let group = self.group.first(doc).unwrap_or(0);
        self.push_in(group, doc, score)
    }

    fn is_full(&self) -> bool {
        self.kept.len() == self.k
    }
}

impl SegmentGroups {
    /// [`PrunedTop::push`] for a `doc` whose `group` is known.
    fn push_in(&mut self, group: u64, doc: DocId, score: Score) -> Option<Score> {
        if self.k == 0 {
            return None;
        }
        let ranked = Ranked { score, doc };
        match self.best.get_mut(&group) {
            Some(old) => {
                if ranked < *old {
                    self.kept.remove(&(*old, group));
                    self.kept.insert((ranked, group));
                    *old = ranked;
                }
            }
            None => {
                if self.kept.len() == self.k {
                    match self.kept.last() {
                        Some(&(worst, dropped)) if ranked < worst => {
                            self.kept.pop_last();
                            self.best.remove(&dropped);
                        }
                        _ => return Some(self.worst()),
                    }
                }
                self.kept.insert((ranked, group));
                self.best.insert(group, ranked);
            }
        }
        (self.kept.len() == self.k).then(|| self.worst())
    }

    fn worst(&self) -> Score {
        self.kept.last().map_or(Score::MIN, |(w, _)| w.score)
    }
}

impl SegmentCollector for SegmentGroups {
    type Fruit = Vec<(Score, DocAddress, u64)>;

    fn collect(&mut self, doc: DocId, score: Score) {
        self.push(doc, score);
    }

    fn harvest(self) -> Self::Fruit {
        let segment = self.segment;
        self.kept
            .into_iter()
            .map(|(r, group)| (r.score, DocAddress::new(segment, r.doc), group))
            .collect()
    }
}

impl Collector for TopGroups {
    type Fruit = Vec<(Score, DocAddress, u64)>;
    type Child = SegmentGroups;

    fn for_segment(
        &self,
        segment: SegmentOrdinal,
        reader: &SegmentReader,
    ) -> tantivy::Result<SegmentGroups> {
        Ok(SegmentGroups {
            k: self.k,
            segment,
            group: reader.fast_fields().u64(self.kind.field_name().name())?,
            best: FxHashMap::default(),
            kept: BTreeSet::new(),
        })
    }

    fn requires_scoring(&self) -> bool {
        true
    }

    fn collect_segment(
        &self,
        weight: &dyn Weight,
        segment: SegmentOrdinal,
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
        // A group's best match over the segments: the higher score, then
        // the earlier document.
        let mut best: FxHashMap<u64, (Score, DocAddress)> = FxHashMap::default();
        for (score, address, group) in segments.into_iter().flatten() {
            let entry = best.entry(group).or_insert((score, address));
            if score > entry.0 || (score == entry.0 && address < entry.1) {
                *entry = (score, address);
            }
        }
        let all = best.into_iter().map(|(g, (s, a))| (s, a, g)).collect();
        Ok(page(all, self.offset, self.k, |&(score, address, _)| {
            (score, address)
        }))
    }
}

/// [`TopGroups`] over every match scored, gathering the matches and their
/// groups in the same pass, for a query that cannot skip matches.
struct GatheringGroups(TopGroups);

/// One segment's best groups, and its matches with their groups.
struct SegmentGathering {
    top: SegmentGroups,
    grouped: Vec<(DocId, u64)>,
}

impl SegmentCollector for SegmentGathering {
    type Fruit = (Vec<(Score, DocAddress, u64)>, SegmentMatches);

    fn collect(&mut self, doc: DocId, score: Score) {
        let group = self.top.group.first(doc).unwrap_or(0);
        self.grouped.push((doc, group));
        self.top.push_in(group, doc, score);
    }

    fn harvest(self) -> Self::Fruit {
        let matches = SegmentMatches {
            segment: self.top.segment,
            alone: 0,
            grouped: self.grouped,
        };
        (self.top.harvest(), matches)
    }
}

impl Collector for GatheringGroups {
    type Fruit = (Vec<(Score, DocAddress, u64)>, Vec<SegmentMatches>);
    type Child = SegmentGathering;

    fn for_segment(
        &self,
        segment: SegmentOrdinal,
        reader: &SegmentReader,
    ) -> tantivy::Result<SegmentGathering> {
        Ok(SegmentGathering {
            top: self.0.for_segment(segment, reader)?,
            grouped: Vec::new(),
        })
    }

    fn requires_scoring(&self) -> bool {
        true
    }

    fn merge_fruits(
        &self,
        segments: Vec<<SegmentGathering as SegmentCollector>::Fruit>,
    ) -> tantivy::Result<Self::Fruit> {
        let (tops, matches): (Vec<_>, Vec<_>) = segments.into_iter().unzip();
        Ok((self.0.merge_fruits(tops)?, matches))
    }
}

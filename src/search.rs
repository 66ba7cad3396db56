//! Running a search: compile the query, collect the top hits and the total,
//! load the stored fields of each hit, cut its snippet, and count facets.

use std::collections::BTreeMap;
use std::time::Instant;

use chrono::{DateTime as ChronoDateTime, NaiveDate, NaiveTime};
use serde::Serialize;
use tantivy::collector::sort_key::SortByStaticFastValue;
use tantivy::collector::{Count, TopDocs};
use tantivy::query::{Query, TermQuery};
use tantivy::schema::{Facet, Field, IndexRecordOption, OwnedValue, Value};
use tantivy::{DocAddress, Order, ReloadPolicy, Searcher, TantivyDocument, Term};

use crate::enrich::{CasualtyKind, CasualtyReport, Range};
use crate::error::{Arg, Error, Result};
use crate::facets::FacetTrees;
use crate::groups::{
    collapsed_top, hit_group, shown_member, Collapse, CopyGroup, Grouping, Rank, Source,
};
use crate::index::{FieldName, SitrepIndex};
use crate::language::Language;
use crate::query::{
    compile_query, prunes_top_k, Explainer, Filters, Highlight, TopScores, WordScore,
};
use crate::render::snippet::{make_snippet_with, Snippet, Words, SNIPPET_CHARS};

/// Hit order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum Sort {
    /// BM25 score, best first.
    #[default]
    Relevance,
    /// Latest date first.
    Newest,
    /// Earliest date first.
    Oldest,
    /// Most people killed first (the least number the text supports; articles
    /// without a count last), then newest.
    Killed,
}

/// Most hits one request may ask for.
pub const MAX_LIMIT: usize = 1000;
/// Deepest page start: paging deeper costs more than it is worth to a reader.
pub const MAX_OFFSET: usize = 10_000;

/// A search as the user asked for it.
#[derive(Debug, Clone, Default)]
pub struct SearchRequest {
    /// Query in sitrep's syntax; empty matches everything.
    pub query: String,
    /// Date and facet filters.
    pub filters: Filters,
    /// Hit order.
    pub sort: Sort,
    /// Hits to return.
    pub limit: usize,
    /// Hits to skip (paging).
    pub offset: usize,
    /// Also count the top facet values of the matching documents.
    pub with_facets: bool,
    /// Blend recency into the relevance order (`--recent`); ignored when
    /// sorting by date.
    pub recency: Option<Recency>,
    /// Show one hit per group (`--collapse copies`): the best-ranked
    /// matching member, with the others listed under it.
    pub collapse: Option<Collapse>,
    /// Break each hit's score down by query word and field (`--explain`).
    pub explain: bool,
    /// The sources whose reports lead their groups, most preferred first
    /// (`--prefer`): a collapsed hit is the earliest match from the first
    /// of them its group's matches hold, and a group's `lead` its earliest
    /// member from the first of them it holds.
    pub prefer: Vec<Source>,
}

/// Recency blended into relevance, only when the user asks for it: each
/// BM25 score is multiplied by `1 + 0.5^(age / half_life)`, where `age` is
/// the number of days between the article and the reference day (the
/// `--to` day when given, else the newest article in the index). An article
/// of the reference day counts double, one a half-life older 1.5 times, an
/// old one barely more than its BM25 score: relevance still decides between
/// articles of similar age, and a strong match is not buried by a weak new one.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Recency {
    /// Days after which the recency bonus halves.
    pub half_life_days: f64,
}

impl Recency {
    /// A half-life as typed (`30`, `365`): a positive, finite number of days.
    pub fn parse(text: &str) -> Result<Self> {
        match text.trim().parse::<f64>() {
            Ok(days) if days.is_finite() && days > 0.0 => Ok(Recency {
                half_life_days: days,
            }),
            _ => Err(Error::bad(
                Arg::Recent,
                format!(
                    "`{text}` is not a half-life: give a positive number of days (e.g. 30, 365)"
                ),
            )),
        }
    }

    /// The multiplier for an article `age_secs` older than the reference day.
    pub fn factor(&self, age_secs: i64) -> f32 {
        let age_days = age_secs.max(0) as f64 / 86_400.0;
        (1.0 + 0.5f64.powf(age_days / self.half_life_days)) as f32
    }
}

/// One hit, as shown to the user and printed by `--json`.
#[derive(Debug, Clone, Serialize)]
pub struct SearchHit {
    /// Stable article id.
    pub id: String,
    /// Source file, relative to the working directory when under it.
    pub path: String,
    /// `YYYY-MM-DD`.
    pub date: String,
    /// Headline.
    pub title: String,
    /// The topic headings it certainly belongs to (` › `-separated), if any.
    pub topic: String,
    /// Agency or outlet.
    pub source: String,
    /// Dateline place.
    pub dateline: String,
    /// Link to the original, if any.
    pub url: String,
    /// BM25 score (absent when sorted by date).
    pub score: Option<f32>,
    /// Region facet paths.
    pub regions: Vec<String>,
    /// Actor facet paths.
    pub actors: Vec<String>,
    /// ACLED event type facet paths.
    pub events: Vec<String>,
    /// UCDP violence type facet paths.
    pub violence: Vec<String>,
    /// The report's language (its ISO 639-1 code in JSON).
    pub language: Language,
    /// The article's casualty totals, per kind the text gives a count of.
    pub casualties: BTreeMap<CasualtyKind, Range>,
    /// Every casualty count with its sentence and rule.
    pub counts: Vec<CasualtyReport>,
    /// Best passage, plain text.
    pub snippet: String,
    /// `[start, end]` byte ranges of highlighted words in `snippet`.
    pub highlights: Vec<[usize; 2]>,
    /// Whether the snippet was cut before / after.
    #[serde(skip)]
    pub cut: (bool, bool),
    /// Its group of reprints.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub copy: Option<CopyGroup>,
    /// With `--explain`: what each query word scored, field by field (the
    /// BM25 of each field, of a joined form, of a facet the word names).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub explain: Option<Vec<WordScore>>,
    /// Its story.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub story: Option<CopyGroup>,
}

/// The answer to a search.
#[derive(Debug, Clone, Serialize)]
pub struct SearchResults {
    /// The query as given.
    pub query: String,
    /// What the reader should know about the query: the words it ignored
    /// (`ignored "the" (stop word)`).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<String>,
    /// All matching documents.
    pub total: usize,
    /// In a collapsed search, the grouping (`copies` or `stories`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub collapse: Option<Collapse>,
    /// In a collapsed search, the groups they fall into.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub groups: Option<usize>,
    /// Time spent in the library, in milliseconds.
    pub took_ms: f64,
    /// The requested page of hits.
    pub hits: Vec<SearchHit>,
    /// Facet trees for the matching documents, when asked for.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub facets: Option<FacetTrees>,
}

impl SearchRequest {
    /// Checks what every front end must refuse before searching: paging
    /// beyond the limits, recency with a date order, a date range that ends
    /// before it starts. The query text is checked when it is parsed.
    pub fn validate(&self) -> Result<()> {
        if self.limit > MAX_LIMIT {
            return Err(Error::bad(
                Arg::Limit,
                format!("{} is too large: at most {MAX_LIMIT}", self.limit),
            ));
        }
        if self.offset > MAX_OFFSET {
            return Err(Error::bad(
                Arg::Offset,
                format!("{} is too large: at most {MAX_OFFSET}", self.offset),
            ));
        }
        if self.recency.is_some() && self.sort != Sort::Relevance {
            return Err(Error::bad(
                Arg::Recent,
                "blends recency into the relevance order; it cannot change the newest, oldest or killed order (drop one of them)",
            ));
        }
        self.filters.check_dates()
    }
}

/// Opens a searcher on the latest commit, without a reload thread.
pub fn searcher(index: &SitrepIndex) -> Result<Searcher> {
    let reader = index
        .index
        .reader_builder()
        .reload_policy(ReloadPolicy::Manual)
        .try_into()?;
    Ok(reader.searcher())
}

/// Runs `request` against `index`.
pub fn search(index: &SitrepIndex, request: &SearchRequest) -> Result<SearchResults> {
    search_with(index, &searcher(index)?, request)
}

/// Runs `request` with an open searcher: for many queries in a row (batch
/// mode, a server), which then share one view of the index.
pub fn search_with(
    index: &SitrepIndex,
    searcher: &Searcher,
    request: &SearchRequest,
) -> Result<SearchResults> {
    let started = Instant::now();
    request.validate()?;
    let compiled = compile_query(index, searcher, &request.query, &request.filters)?;
    let (total, groups, top): (usize, Option<usize>, Vec<Paged>) = match request.collapse {
        None => {
            let (total, top) = top_docs(searcher, compiled.query.as_ref(), request)?;
            let top = top.into_iter().map(|(s, a)| (s, a, None)).collect();
            (total, None, top)
        }
        Some(kind) => {
            let Some(rank) = rank(searcher, request)? else {
                return Ok(SearchResults::empty(request, compiled.notes, started));
            };
            let found = collapsed_top(
                index,
                searcher,
                compiled.query.as_ref(),
                kind,
                rank,
                request.limit,
                request.offset,
            )?;
            let grouping = Grouping {
                kind,
                prefer: &request.prefer,
            };
            let top = found
                .page
                .into_iter()
                .map(|(s, lead, matched)| {
                    let shown =
                        shown_member(index, searcher, compiled.query.as_ref(), grouping, lead)?;
                    Ok((s, shown, Some(matched - 1)))
                })
                .collect::<Result<_>>()?;
            (found.total, Some(found.groups), top)
        }
    };
    let explainer = if request.explain {
        Some(Explainer::new(&compiled.explained, searcher)?)
    } else {
        None
    };
    let mut words = Words::default();
    let hits = top
        .into_iter()
        .map(|(score, address, similar)| {
            let mut hit = load_hit(
                index,
                searcher,
                address,
                score,
                &compiled.highlight,
                &mut words,
            )?;
            // The folded members are counted for the grouping collapsed by.
            let folded = |kind| similar.filter(|_| request.collapse == Some(kind));
            let grouping = |kind| Grouping {
                kind,
                prefer: &request.prefer,
            };
            hit.copy = Some(hit_group(
                index,
                searcher,
                grouping(Collapse::Copies),
                address,
                &hit.id,
                folded(Collapse::Copies),
            )?);
            hit.story = Some(hit_group(
                index,
                searcher,
                grouping(Collapse::Stories),
                address,
                &hit.id,
                folded(Collapse::Stories),
            )?);
            if let Some(explainer) = &explainer {
                hit.explain = Some(explainer.explain(searcher, address)?);
            }
            Ok(hit)
        })
        .collect::<Result<Vec<_>>>()?;
    let facets = if request.with_facets {
        Some(FacetTrees::count(index, searcher, &compiled, request.collapse)?.1)
    } else {
        None
    };
    Ok(SearchResults {
        query: request.query.clone(),
        notes: compiled.notes,
        total,
        collapse: request.collapse,
        groups,
        took_ms: millis_since(started),
        hits,
        facets,
    })
}

impl SearchResults {
    /// No match (an empty index asked for recency).
    fn empty(request: &SearchRequest, notes: Vec<String>, started: Instant) -> Self {
        SearchResults {
            query: request.query.clone(),
            notes,
            total: 0,
            collapse: request.collapse,
            groups: request.collapse.map(|_| 0),
            took_ms: millis_since(started),
            hits: Vec::new(),
            facets: None,
        }
    }
}

/// How a collapsed search ranks documents; `None` for recency on an
/// empty index.
fn rank(searcher: &Searcher, request: &SearchRequest) -> Result<Option<Rank>> {
    Ok(Some(match (request.sort, request.recency) {
        (Sort::Relevance, None) => Rank::Score(None),
        (Sort::Relevance, Some(recency)) => {
            let Some(reference) = recency_reference(searcher, request)? else {
                return Ok(None);
            };
            Rank::Score(Some((recency, reference)))
        }
        (Sort::Newest, _) => Rank::Newest,
        (Sort::Oldest, _) => Rank::Oldest,
        (Sort::Killed, _) => Rank::Killed,
    }))
}

/// Milliseconds since `started`, to the microsecond: the `took_ms` of answers.
pub fn millis_since(started: Instant) -> f64 {
    (started.elapsed().as_secs_f64() * 1e6).round() / 1e3
}

type Scored = Vec<(Option<f32>, DocAddress)>;
/// A hit of the page: its score, address, and in a collapsed search the
/// matching members folded under it.
type Paged = (Option<f32>, DocAddress, Option<usize>);

fn top_docs(
    searcher: &Searcher,
    query: &dyn Query,
    request: &SearchRequest,
) -> Result<(usize, Scored)> {
    if request.limit == 0 {
        return Ok((searcher.search(query, &Count)?, Vec::new()));
    }
    let top = TopDocs::with_limit(request.limit).and_offset(request.offset);
    Ok(match request.sort {
        Sort::Relevance => {
            let hits = match request.recency {
                None => count_and_top(searcher, query, request.limit, request.offset)?,
                Some(recency) => {
                    let Some(reference) = recency_reference(searcher, request)? else {
                        return Ok((0, Vec::new()));
                    };
                    let blended = top.tweak_score(move |segment: &tantivy::SegmentReader| {
                        let dates = segment
                            .fast_fields()
                            .date(FieldName::Date.name())
                            .map(|c| c.first_or_default_col(tantivy::DateTime::MIN));
                        move |doc: tantivy::DocId, score: tantivy::Score| match &dates {
                            Ok(column) => {
                                let age = reference - column.get_val(doc).into_timestamp_secs();
                                score * recency.factor(age)
                            }
                            Err(_) => score,
                        }
                    });
                    searcher.search(query, &(Count, blended))?
                }
            };
            (
                hits.0,
                hits.1.into_iter().map(|(s, a)| (Some(s), a)).collect(),
            )
        }
        Sort::Killed => {
            let (count, hits) = searcher.search(
                query,
                &(
                    Count,
                    top.order_by((
                        (
                            SortByStaticFastValue::<u64>::for_field(
                                CasualtyKind::Killed.min_field(),
                            ),
                            Order::Desc,
                        ),
                        (
                            SortByStaticFastValue::<tantivy::DateTime>::for_field(
                                FieldName::Date.name(),
                            ),
                            Order::Desc,
                        ),
                    )),
                ),
            )?;
            (count, hits.into_iter().map(|(_, a)| (None, a)).collect())
        }
        Sort::Newest | Sort::Oldest => {
            let order = if request.sort == Sort::Newest {
                Order::Desc
            } else {
                Order::Asc
            };
            let (count, hits) = searcher.search(
                query,
                &(
                    Count,
                    top.order_by_fast_field::<tantivy::DateTime>(FieldName::Date.name(), order),
                ),
            )?;
            (count, hits.into_iter().map(|(_, a)| (None, a)).collect())
        }
    })
}

/// The number of matches and the best `limit` of them by score after
/// `offset`. A query that can skip what cannot reach the top
/// ([`prunes_top_k`]) is run twice, since a tuple of collectors makes
/// tantivy score every match; any other runs once for both.
pub fn count_and_top(
    searcher: &Searcher,
    query: &dyn Query,
    limit: usize,
    offset: usize,
) -> Result<(usize, Vec<(f32, DocAddress)>)> {
    Ok(if prunes_top_k(query) {
        (
            searcher.search(query, &Count)?,
            searcher.search(query, &TopScores::new(limit, offset))?,
        )
    } else {
        let top = TopDocs::with_limit(limit).and_offset(offset);
        searcher.search(query, &(Count, top.order_by_score()))?
    })
}

/// The day recency is measured from: the `--to` day, else the newest
/// article; `None` for an empty index.
fn recency_reference(searcher: &Searcher, request: &SearchRequest) -> Result<Option<i64>> {
    if let Some(to) = request.filters.to {
        return Ok(Some(to.and_time(NaiveTime::MIN).and_utc().timestamp()));
    }
    Ok(date_bounds(searcher)?.map(|(_, newest)| newest))
}

/// The earliest and latest article dates of the index, in seconds since 1970
/// (from the date fast field, without reading documents); `None` when empty.
pub fn date_bounds(searcher: &Searcher) -> Result<Option<(i64, i64)>> {
    let mut bounds: Option<(i64, i64)> = None;
    for segment in searcher.segment_readers() {
        if segment.num_docs() == 0 {
            continue;
        }
        let column = segment.fast_fields().date(FieldName::Date.name())?;
        let (lo, hi) = (
            column.min_value().into_timestamp_secs(),
            column.max_value().into_timestamp_secs(),
        );
        bounds = Some(bounds.map_or((lo, hi), |(a, b)| (a.min(lo), b.max(hi))));
    }
    Ok(bounds)
}

/// Loads one hit: stored fields and the snippet for `highlight`, with the
/// `words` of the page's hits before it.
fn load_hit(
    index: &SitrepIndex,
    searcher: &Searcher,
    address: DocAddress,
    score: Option<f32>,
    highlight: &Highlight,
    words: &mut Words,
) -> Result<SearchHit> {
    let article = load_stored(index, searcher, address)?;
    let snippet = make_snippet_with(
        words,
        highlight,
        article.language,
        &article.snippet_texts(),
        SNIPPET_CHARS,
    );
    Ok(article.hit(score, snippet))
}

/// The stored article at `address`.
pub(crate) fn load_stored(
    index: &SitrepIndex,
    searcher: &Searcher,
    address: DocAddress,
) -> Result<StoredArticle> {
    let doc: TantivyDocument = searcher.doc(address)?;
    Ok(StoredArticle::from_doc(index, &doc))
}

/// An article as the index stores it, with the facets enrichment gave it.
#[derive(Debug, Clone, Serialize)]
pub struct StoredArticle {
    /// Stable article id.
    pub id: String,
    /// Source file, relative to the working directory when under it.
    pub path: String,
    /// `YYYY-MM-DD`.
    pub date: String,
    /// Headline.
    pub title: String,
    /// The topic headings it certainly belongs to (` › `-separated), if any.
    pub topic: String,
    /// Standfirst.
    pub summary: String,
    /// Agency or outlet.
    pub source: String,
    /// Dateline place.
    pub dateline: String,
    /// Link to the original, if any.
    pub url: String,
    /// Body text, paragraphs separated by blank lines.
    pub body: String,
    /// Region facet paths.
    pub regions: Vec<String>,
    /// Actor facet paths.
    pub actors: Vec<String>,
    /// ACLED event type facet paths.
    pub events: Vec<String>,
    /// UCDP violence type facet paths.
    pub violence: Vec<String>,
    /// The report's language (its ISO 639-1 code in JSON).
    pub language: Language,
    /// Casualty totals, per kind the text gives a count of.
    pub casualties: BTreeMap<CasualtyKind, Range>,
    /// Every casualty count with its sentence and rule.
    pub counts: Vec<CasualtyReport>,
}

impl StoredArticle {
    /// The texts a snippet is cut from, in order of preference on ties.
    pub(crate) fn snippet_texts(&self) -> [&str; 3] {
        [&self.body, &self.summary, &self.title]
    }

    /// The article as a hit, with its `snippet`.
    pub(crate) fn hit(&self, score: Option<f32>, snippet: Snippet) -> SearchHit {
        SearchHit {
            id: self.id.clone(),
            path: self.path.clone(),
            date: self.date.clone(),
            title: self.title.clone(),
            topic: self.topic.clone(),
            source: self.source.clone(),
            dateline: self.dateline.clone(),
            url: self.url.clone(),
            score,
            regions: self.regions.clone(),
            actors: self.actors.clone(),
            events: self.events.clone(),
            violence: self.violence.clone(),
            language: self.language,
            casualties: self.casualties.clone(),
            counts: self.counts.clone(),
            highlights: snippet.highlights.iter().map(|&(s, e)| [s, e]).collect(),
            cut: snippet.cut,
            snippet: snippet.text,
            copy: None,
            explain: None,
            story: None,
        }
    }

    fn from_doc(index: &SitrepIndex, doc: &TantivyDocument) -> Self {
        let f = &index.fields;
        let text = |field: Field| {
            doc.get_first(field)
                .and_then(|v| v.as_str())
                .unwrap_or("")
                .to_string()
        };
        // Stored facets come back in tantivy's encoded form (segments joined by NUL).
        let facets = |field: Field| {
            doc.get_all(field)
                .filter_map(|v| v.as_facet())
                .filter_map(|encoded| Facet::from_encoded(encoded.as_bytes().to_vec()).ok())
                .map(|f| f.to_string())
                .collect::<Vec<_>>()
        };
        let date = doc
            .get_first(f.date)
            .and_then(|v| v.as_datetime())
            .and_then(|d| ChronoDateTime::from_timestamp(d.into_timestamp_secs(), 0))
            .map(|d| d.date_naive())
            .unwrap_or(NaiveDate::MIN);
        StoredArticle {
            id: text(f.id),
            path: display_path(&text(f.path)),
            date: date.to_string(),
            title: text(f.title),
            topic: text(f.topic),
            summary: text(f.summary),
            source: text(f.agency),
            dateline: text(f.dateline),
            url: text(f.url),
            body: text(f.body),
            regions: facets(f.region),
            actors: facets(f.actor),
            events: facets(f.event),
            violence: facets(f.violence),
            language: facets(f.language)
                .first()
                .and_then(|path| Language::parse(path))
                .unwrap_or_default(),
            casualties: CasualtyKind::ALL
                .into_iter()
                .filter_map(|kind| {
                    let (min, max) = f.total(kind);
                    let number = |field: Field| {
                        doc.get_first(field)
                            .and_then(|v| v.as_u64())
                            .and_then(|n| u32::try_from(n).ok())
                    };
                    Some((
                        kind,
                        Range {
                            min: number(min)?,
                            max: number(max)?,
                        },
                    ))
                })
                .collect(),
            counts: doc
                .get_all(f.casualties)
                .filter_map(|v| serde_json::to_value(OwnedValue::from(v)).ok())
                .filter_map(|v| serde_json::from_value(v).ok())
                .collect(),
        }
    }
}

/// The stored article with this id, if the index holds one. Ids are unique:
/// indexing replaces a previous document with the same id.
pub fn article_by_id(
    index: &SitrepIndex,
    searcher: &Searcher,
    id: &str,
) -> Result<Option<StoredArticle>> {
    let query = TermQuery::new(
        Term::from_field_text(index.fields.id, id),
        IndexRecordOption::Basic,
    );
    let top = searcher.search(&query, &TopDocs::with_limit(1).order_by_score())?;
    top.first()
        .map(|&(_, address)| -> Result<StoredArticle> {
            let doc: TantivyDocument = searcher.doc(address)?;
            Ok(StoredArticle::from_doc(index, &doc))
        })
        .transpose()
}

/// A stored absolute path, shown relative to the working directory when it
/// lies under it.
pub fn display_path(stored: &str) -> String {
    std::env::current_dir()
        .ok()
        .and_then(|cwd| {
            std::path::Path::new(stored)
                .strip_prefix(cwd)
                .ok()
                .map(|p| p.display().to_string())
        })
        .unwrap_or_else(|| stored.to_string())
}

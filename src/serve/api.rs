//! The JSON API: `/api/search`, `/api/facets`, `/api/trends`, `/api/watches`
//! (GET lists, POST saves), `/api/articles/{id}`. Each
//! handler checks its parameters, then runs the library's code on a blocking
//! thread (searching is CPU work) with a searcher on the latest commit.

use std::sync::Arc;
use std::time::Instant;

use axum::extract::{Path, RawQuery, State};
use axum::http::StatusCode;
use axum::routing::get;
use axum::{Json, Router};

use super::error::ApiError;
use super::params::{facets_request, search_request, trends_request};
use super::watches;
use super::AppState;
use crate::enrich::CasualtyKind;
use crate::facets::{
    count_facets as count_trees, FacetField, FacetRequest, FacetTrees, FacetsAnswer, KindSum, Trees,
};
use crate::query::compile_query;
use crate::search::{article_by_id, millis_since, search_with};
use crate::trends::{trends as count_trends, Trends};

/// The API routes, relative to `/api`.
pub fn routes() -> Router<Arc<AppState>> {
    Router::new()
        .route("/search", get(search))
        .route("/facets", get(facets))
        .route("/trends", get(trends))
        .route("/watches", get(watches::list).post(watches::save))
        .route("/articles/{id}", get(article))
        .fallback(|| async {
            ApiError::new(
                StatusCode::NOT_FOUND,
                "",
                "no such endpoint: use /api/search, /api/facets, /api/trends, /api/watches or /api/articles/{id}".to_string(),
            )
        })
}

type ApiResult<T> = Result<Json<T>, ApiError>;

/// Runs `work` on tokio's blocking pool, where CPU-bound search (and file
/// I/O) belongs.
pub(super) async fn off_runtime<T: Send + 'static>(
    work: impl FnOnce() -> Result<T, ApiError> + Send + 'static,
) -> Result<T, ApiError> {
    match tokio::task::spawn_blocking(work).await {
        Ok(result) => result,
        Err(join) => Err(ApiError::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "",
            format!("the request failed: {join}"),
        )),
    }
}

/// [`off_runtime`], answering JSON.
async fn blocking<T: Send + 'static>(
    work: impl FnOnce() -> Result<T, ApiError> + Send + 'static,
) -> ApiResult<T> {
    off_runtime(work).await.map(Json)
}

/// `GET /api/search`: the `search --json` object, with facet trees.
async fn search(
    State(state): State<Arc<AppState>>,
    RawQuery(raw): RawQuery,
) -> ApiResult<crate::search::SearchResults> {
    blocking(move || {
        let searcher = state.reader.searcher();
        let mut request = search_request(raw.as_deref(), &state.names(&searcher))?;
        if request.prefer.is_empty() {
            request.prefer.clone_from(&state.prefer);
        }
        let mut results = search_with(&state.index, &searcher, &request)?;
        if let Some(trees) = &mut results.facets {
            trees.locate(&state.gazetteer);
        }
        Ok(results)
    })
    .await
}

/// `GET /api/facets`: facet counts without hits, optionally one tree
/// rooted deeper (`field=region&root=/Africa&depth=2`).
async fn facets(
    State(state): State<Arc<AppState>>,
    RawQuery(raw): RawQuery,
) -> ApiResult<FacetsAnswer> {
    blocking(move || count_facets(&state, raw.as_deref())).await
}

fn count_facets(state: &AppState, raw: Option<&str>) -> Result<FacetsAnswer, ApiError> {
    let started = Instant::now();
    let index = &state.index;
    let searcher = state.reader.searcher();
    let request = facets_request(raw, &state.names(&searcher))?;
    let compiled = compile_query(index, &searcher, &request.query, &request.filters)?;
    let mut response = match request.tree {
        None => {
            let (total, trees) = FacetTrees::count(index, &searcher, &compiled, None)?;
            let mut response = FacetsAnswer {
                total,
                sum: Some(KindSum {
                    kind: CasualtyKind::Killed,
                    sum: trees.killed,
                }),
                ..FacetsAnswer::default()
            };
            for (field, tree) in [
                (FacetField::Region, trees.region),
                (FacetField::Actor, trees.actor),
                (FacetField::Date, trees.date),
                (FacetField::Event, trees.event),
                (FacetField::Violence, trees.violence),
                (FacetField::Language, trees.language),
            ] {
                response.set(field, Trees::Values(tree));
            }
            response
        }
        Some((field, root, depth)) => {
            let tree = FacetRequest {
                field,
                roots: vec![root],
                depth,
            };
            let mut counted = count_trees(index, &searcher, &compiled, &[tree], request.sum)?;
            let values = counted
                .trees
                .pop()
                .and_then(|(_, mut roots)| roots.pop())
                .map(|tree| tree.values)
                .unwrap_or_default();
            let mut response = FacetsAnswer {
                total: counted.total,
                sum: counted.sum,
                ..FacetsAnswer::default()
            };
            response.set(field, Trees::Values(values));
            response
        }
    };
    response.locate(&state.gazetteer);
    response.took_ms = Some(millis_since(started));
    Ok(response)
}

/// `GET /api/trends`: the `trends --json` object (`by=week|month`, `top`);
/// the page marks the flagged months of its timeline with it.
async fn trends(State(state): State<Arc<AppState>>, RawQuery(raw): RawQuery) -> ApiResult<Trends> {
    blocking(move || {
        let searcher = state.reader.searcher();
        let request = trends_request(raw.as_deref(), &state.names(&searcher))?;
        Ok(count_trends(&state.index, &searcher, &request)?)
    })
    .await
}

/// `GET /api/articles/{id}`: the full stored article; `id` is its stable
/// id, percent-encoded (ids are often paths or URLs).
async fn article(
    State(state): State<Arc<AppState>>,
    Path(id): Path<String>,
) -> ApiResult<crate::search::StoredArticle> {
    blocking(move || {
        let searcher = state.reader.searcher();
        article_by_id(&state.index, &searcher, &id)?.ok_or_else(|| {
            ApiError::new(
                StatusCode::NOT_FOUND,
                "id",
                format!("no article with id `{id}` in the index"),
            )
        })
    })
    .await
}

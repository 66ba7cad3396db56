//! The JSON API: `/api/search`, `/api/facets`, `/api/articles/{id}`. Each
//! handler checks its parameters, then runs the library's code on a blocking
//! thread (searching is CPU work) with a searcher on the latest commit.

use std::sync::Arc;
use std::time::Instant;

use axum::extract::{Path, RawQuery, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use serde::Serialize;
use tantivy::collector::Count;

use super::params::{facets_request, search_request};
use super::AppState;
use crate::error::Error;
use crate::facets::{facet_tree, FacetCount, FacetField, FacetTrees};
use crate::query::compile_query;
use crate::search::{article_by_id, millis_since, search_with};

/// The API routes, relative to `/api`.
pub fn routes() -> Router<Arc<AppState>> {
    Router::new()
        .route("/search", get(search))
        .route("/facets", get(facets))
        .route("/articles/{id}", get(article))
        .fallback(|| async {
            ApiError::new(
                StatusCode::NOT_FOUND,
                "",
                "no such endpoint: use /api/search, /api/facets or /api/articles/{id}".to_string(),
            )
        })
}

/// A refused or failed request, sent as `{"error": ..., "parameter": ...}`.
#[derive(Debug)]
pub struct ApiError {
    /// HTTP status.
    pub status: StatusCode,
    /// The query parameter at fault; empty when none is.
    pub parameter: String,
    /// What is wrong and what would be accepted.
    pub message: String,
}

impl ApiError {
    fn new(status: StatusCode, parameter: &str, message: String) -> Self {
        ApiError {
            status,
            parameter: parameter.to_string(),
            message,
        }
    }

    /// A 400 about `parameter`.
    pub fn bad(parameter: &str, message: String) -> Self {
        Self::new(StatusCode::BAD_REQUEST, parameter, message)
    }
}

/// Library errors caused by the request are 400s naming the parameter;
/// anything else is the server's fault.
impl From<Error> for ApiError {
    fn from(err: Error) -> Self {
        match &err {
            Error::BadArgument { flag, .. } => {
                Self::bad(flag.trim_start_matches('-'), err.to_string())
            }
            Error::QuerySyntax {
                query,
                position,
                message,
            } => Self::bad(
                "q",
                format!(
                    "query syntax error at column {} ({}): {message}",
                    position + 1,
                    token_at(query, *position)
                ),
            ),
            Error::QueryTooBroad(_) => Self::bad("q", err.to_string()),
            _ => {
                eprintln!("error: {err}");
                Self::new(StatusCode::INTERNAL_SERVER_ERROR, "", err.to_string())
            }
        }
    }
}

/// The word of `query` starting at byte `position`, quoted, for error
/// messages that cannot draw a pointer under the query.
fn token_at(query: &str, position: usize) -> String {
    match query
        .get(position..)
        .and_then(|rest| rest.split_whitespace().next())
    {
        Some(word) => format!("at `{word}`"),
        None => "at the end".to_string(),
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        #[derive(Serialize)]
        struct Body {
            error: String,
            #[serde(skip_serializing_if = "String::is_empty")]
            parameter: String,
        }
        let body = Body {
            error: self.message,
            parameter: self.parameter,
        };
        (self.status, Json(body)).into_response()
    }
}

type ApiResult<T> = Result<Json<T>, ApiError>;

/// Runs `work` on tokio's blocking pool, where CPU-bound search belongs.
async fn blocking<T: Send + 'static>(
    work: impl FnOnce() -> Result<T, ApiError> + Send + 'static,
) -> ApiResult<T> {
    match tokio::task::spawn_blocking(work).await {
        Ok(result) => result.map(Json),
        Err(join) => Err(ApiError::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "",
            format!("the search failed: {join}"),
        )),
    }
}

/// `GET /api/search`: the `search --json` object, with facet trees.
async fn search(
    State(state): State<Arc<AppState>>,
    RawQuery(raw): RawQuery,
) -> ApiResult<crate::search::SearchResults> {
    blocking(move || {
        let searcher = state.reader.searcher();
        let request = search_request(raw.as_deref(), &state.names(&searcher))?;
        Ok(search_with(&state.index, &searcher, &request)?)
    })
    .await
}

/// The answer of `/api/facets`: the trees asked for and how many documents match.
#[derive(Debug, Serialize)]
pub struct FacetsResponse {
    /// Matching documents.
    pub total: usize,
    /// Time spent in the library, in milliseconds.
    pub took_ms: f64,
    /// Region tree, when asked for.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub region: Option<Vec<FacetCount>>,
    /// Actor tree, when asked for.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub actor: Option<Vec<FacetCount>>,
    /// Date tree, when asked for.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub date: Option<Vec<FacetCount>>,
}

/// `GET /api/facets`: facet counts without hits, optionally one tree
/// rooted deeper (`field=region&root=/Africa&depth=2`).
async fn facets(
    State(state): State<Arc<AppState>>,
    RawQuery(raw): RawQuery,
) -> ApiResult<FacetsResponse> {
    blocking(move || count_facets(&state, raw.as_deref())).await
}

fn count_facets(state: &AppState, raw: Option<&str>) -> Result<FacetsResponse, ApiError> {
    let started = Instant::now();
    let index = &state.index;
    let searcher = state.reader.searcher();
    let request = facets_request(raw, &state.names(&searcher))?;
    let compiled = compile_query(index, &request.query, &request.filters)?;
    let query = compiled.query.as_ref();
    let total = searcher.search(query, &Count).map_err(Error::from)?;
    let mut response = FacetsResponse {
        total,
        took_ms: 0.0,
        region: None,
        actor: None,
        date: None,
    };
    match request.tree {
        None => {
            let trees = FacetTrees::count(index, &searcher, query)?;
            response.region = Some(trees.region);
            response.actor = Some(trees.actor);
            response.date = Some(trees.date);
        }
        Some((field, root, depth)) => {
            let tree = Some(facet_tree(index, &searcher, query, field, &root, depth)?);
            match field {
                FacetField::Region => response.region = tree,
                FacetField::Actor => response.actor = tree,
                FacetField::Date => response.date = tree,
            }
        }
    }
    response.took_ms = millis_since(started);
    Ok(response)
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

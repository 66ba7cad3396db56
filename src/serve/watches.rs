//! Saved searches over HTTP: each watch's Atom feed at `/feeds/NAME.atom`
//! (its newest matching articles, for feed readers), and `/api/watches`,
//! which lists the watches (GET) and saves the page's current search as one
//! (POST, a JSON body: a cross-site form cannot send one, so another site
//! cannot save watches through a visitor's browser).

use std::sync::Arc;

use axum::extract::rejection::JsonRejection;
use axum::extract::{Path, State};
use axum::http::header::{CONTENT_TYPE, HOST};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use serde::{Deserialize, Serialize};

use super::api::off_runtime;
use super::error::ApiError;
use super::AppState;
use crate::groups::Collapse;
use crate::query::FilterSpec;
use crate::render::feed::{atom_feed, FeedSite, FEED_ENTRIES};
use crate::search::{search_with, SearchRequest};
use crate::watch::{add_watch, Watch, WatchStore};

/// `/feeds/{NAME}.atom`.
pub fn feed_routes() -> Router<Arc<AppState>> {
    Router::new().route("/feeds/{file}", get(feed))
}

/// `GET /feeds/NAME.atom`: the watch's newest matching articles as Atom.
async fn feed(
    State(state): State<Arc<AppState>>,
    Path(file): Path<String>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let base = format!("http://{}", host(&headers));
    let xml = off_runtime(move || feed_xml(&state, &file, &base)).await?;
    Ok(([(CONTENT_TYPE, "application/atom+xml; charset=utf-8")], xml).into_response())
}

/// The host the client asked for (`127.0.0.1:7878`), for the feed's
/// absolute links; `localhost` when the header is missing or odd.
fn host(headers: &HeaderMap) -> String {
    headers
        .get(HOST)
        .and_then(|h| h.to_str().ok())
        .filter(|h| {
            !h.is_empty()
                && h.chars()
                    .all(|c| c.is_ascii_alphanumeric() || ".-:[]".contains(c))
        })
        .unwrap_or("localhost")
        .to_string()
}

fn feed_xml(state: &AppState, file: &str, base: &str) -> Result<String, ApiError> {
    let not_found = |message: String| ApiError::new(StatusCode::NOT_FOUND, "", message);
    let Some(name) = file.strip_suffix(".atom") else {
        return Err(not_found(format!(
            "no feed `{file}`: a watch's feed is /feeds/NAME.atom"
        )));
    };
    let watches = store(state).read()?;
    let Some(watch) = watches.get(name) else {
        let known: Vec<&str> = watches.watches.iter().map(|w| w.name.as_str()).collect();
        return Err(not_found(format!(
            "no watch named `{name}` (the watches: {}); `sitrep watch add NAME QUERY` saves one",
            if known.is_empty() {
                "none yet".to_string()
            } else {
                known.join(", ")
            }
        )));
    };
    // Reprints fold into one entry, as `watch run` reports them: a feed
    // reader must not show a text again because another outlet carried it.
    let request = SearchRequest {
        limit: FEED_ENTRIES,
        collapse: Some(Collapse::Copies),
        ..watch.request(|| Ok(&state.gazetteer))?
    };
    let results = search_with(&state.index, &state.reader.searcher(), &request)?;
    Ok(atom_feed(watch, &results, &FeedSite { base }))
}

fn store(state: &AppState) -> WatchStore {
    WatchStore::for_index(&state.index.dir)
}

/// A watch as `/api/watches` lists it: as `watch list --json` shows it,
/// with its feed's path.
#[derive(Debug, Serialize)]
pub struct Listed {
    /// The watch, with its state.
    #[serde(flatten)]
    watch: Watch,
    /// `/feeds/NAME.atom`.
    feed: String,
    /// Its search as it would be typed: `` `wagner` --region mali ``.
    search: String,
}

impl From<Watch> for Listed {
    fn from(watch: Watch) -> Self {
        Listed {
            feed: format!("/feeds/{}.atom", watch.name),
            search: watch.describe(),
            watch,
        }
    }
}

/// `GET /api/watches`: every watch, in the order they were added.
pub async fn list(State(state): State<Arc<AppState>>) -> Result<Json<Vec<Listed>>, ApiError> {
    let watches = off_runtime(move || Ok(store(&state).read()?)).await?;
    Ok(Json(
        watches.watches.into_iter().map(Listed::from).collect(),
    ))
}

/// What `POST /api/watches` takes: a name, the query and the filters as
/// the page holds them (names or facet paths), the fields of
/// `watch list --json`.
#[derive(Debug, Deserialize)]
pub struct NewWatch {
    name: String,
    #[serde(default)]
    query: String,
    #[serde(flatten)]
    filters: FilterSpec,
}

/// `POST /api/watches`: saves a search as a watch, checked as `sitrep
/// watch add` checks it; 201 with the watch, or 400 naming what is wrong.
pub async fn save(
    State(state): State<Arc<AppState>>,
    body: Result<Json<NewWatch>, JsonRejection>,
) -> Result<(StatusCode, Json<Listed>), ApiError> {
    let Json(new) = body.map_err(|e| ApiError::new(e.status(), "", e.body_text()))?;
    let watch = off_runtime(move || {
        let (watch, _) = add_watch(
            &store(&state),
            &state.index,
            &new.name,
            &new.query,
            new.filters,
            &state.gazetteer,
        )?;
        Ok(watch)
    })
    .await?;
    Ok((StatusCode::CREATED, Json(Listed::from(watch))))
}

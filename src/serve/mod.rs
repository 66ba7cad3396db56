//! `sitrep serve`: the index over HTTP for faceted browsing. `params` checks
//! URL parameters into the same requests the command line builds (refusals
//! are `error::ApiError`s), `api`
//! answers JSON with the same query, search and facet code (the search answer
//! is the very [`SearchResults`](crate::search::SearchResults) object
//! `search --json` prints), and `assets` serves the web page, which is
//! embedded in the binary; `watches` serves each saved search's Atom feed
//! and lets the page list and save them. The server only reads the index
//! (it writes only the saved searches beside it, under their lock), and
//! sees new commits of a `sitrep index` running beside it.

mod api;
mod assets;
mod error;
mod params;
mod watches;

use std::net::SocketAddr;
use std::sync::Arc;

use axum::Router;
use tantivy::{IndexReader, ReloadPolicy, Searcher};

use crate::enrich::Gazetteer;
use crate::error::{Error, Result};
use crate::facets::facet_exists;
use crate::groups::Source;
use crate::index::SitrepIndex;
use params::Names;

/// What every request handler shares: the index, one reader on it that
/// follows new commits, the gazetteer that resolves region and actor names,
/// and the sources that lead groups when a request names none.
pub struct AppState {
    index: SitrepIndex,
    reader: IndexReader,
    gazetteer: Gazetteer,
    prefer: Vec<Source>,
}

impl AppState {
    /// Opens a reader that reloads shortly after each commit (tantivy watches
    /// `meta.json`), so `sitrep index` beside the server is seen without a restart.
    /// `prefer` is what `/api/search` takes when a request gives no
    /// `prefer` (`sitrep serve --prefer`).
    pub fn new(index: SitrepIndex, gazetteer: Gazetteer, prefer: Vec<Source>) -> Result<Self> {
        let reader = index
            .index
            .reader_builder()
            .reload_policy(ReloadPolicy::OnCommitWithDelay)
            .try_into()?;
        Ok(AppState {
            index,
            reader,
            gazetteer,
            prefer,
        })
    }
}

impl AppState {
    /// How region, actor and event parameters are checked, against this
    /// searcher's view.
    fn names<'a>(&'a self, searcher: &'a Searcher) -> Names<'a> {
        Names {
            gazetteer: &self.gazetteer,
            indexed: Box::new(move |field, facet| {
                facet_exists(searcher, field.field(&self.index), facet)
            }),
        }
    }
}

/// The routes: the page and its assets at `/`, the JSON API under `/api/`.
/// Any other path is a 404 with the API's JSON error shape.
pub fn router(state: Arc<AppState>) -> Router {
    Router::new()
        .merge(assets::routes())
        .merge(watches::feed_routes())
        .nest("/api", api::routes())
        .fallback(|uri: axum::http::Uri| async move {
            error::ApiError::new(
                axum::http::StatusCode::NOT_FOUND,
                "",
                format!(
                    "no such page `{}`: the page is at /, the API under /api/, the feeds under /feeds/",
                    uri.path()
                ),
            )
        })
        .with_state(state)
}

/// Serves `state` on `addr` until Ctrl-C or SIGTERM, finishing the requests
/// in flight. `on_listening` gets the bound address (useful with port 0)
/// once connections are accepted. The tokio runtime lives only here, so the
/// other commands never pay for starting it.
pub fn run(state: AppState, addr: SocketAddr, on_listening: impl FnOnce(SocketAddr)) -> Result<()> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    runtime.block_on(async move {
        let listener = tokio::net::TcpListener::bind(addr).await?;
        on_listening(listener.local_addr()?);
        axum::serve(listener, router(Arc::new(state)))
            .with_graceful_shutdown(shutdown_signal())
            .await?;
        Ok::<(), Error>(())
    })
}

/// Resolves on Ctrl-C (SIGINT) or, on Unix, SIGTERM.
async fn shutdown_signal() {
    let interrupt = async {
        // If the handler cannot be installed, the default action still stops us.
        if tokio::signal::ctrl_c().await.is_err() {
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let terminate = async {
        use tokio::signal::unix::{signal, SignalKind};
        match signal(SignalKind::terminate()) {
            Ok(mut stream) => {
                stream.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        _ = interrupt => {},
        _ = terminate => {},
    }
}

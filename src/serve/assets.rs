//! The web page: plain HTML, CSS and JavaScript embedded in the binary, so
//! `sitrep serve` needs no front-end build and no network.

use std::sync::Arc;

use axum::http::header::{CACHE_CONTROL, CONTENT_SECURITY_POLICY, CONTENT_TYPE};
use axum::response::IntoResponse;
use axum::routing::get;
use axum::Router;

use super::AppState;

const INDEX_HTML: &str = include_str!("assets/index.html");
const APP_JS: &str = include_str!("assets/app.js");
const STYLE_CSS: &str = include_str!("assets/style.css");
/// Country outlines for the map: Natural Earth 1:110m (public domain), as
/// SVG paths by ISO 3166-1 alpha-3 code; built by `examples/build_world_map.rs`
/// (see `src/serve/assets/SOURCE.md`).
const WORLD_JSON: &str = include_str!("assets/world.json");

/// Scripts and styles only from this server and no inline script: even if
/// article text reached the page as markup, a browser would not run it.
const CSP: &str = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; frame-ancestors 'none'";

/// `/`, `/app.js`, `/style.css` and `/world.json` (the map's outlines).
pub fn routes() -> Router<Arc<AppState>> {
    Router::new()
        .route(
            "/",
            get(|| async { asset("text/html; charset=utf-8", INDEX_HTML) }),
        )
        .route(
            "/app.js",
            get(|| async { asset("text/javascript; charset=utf-8", APP_JS) }),
        )
        .route(
            "/style.css",
            get(|| async { asset("text/css; charset=utf-8", STYLE_CSS) }),
        )
        .route(
            "/world.json",
            get(|| async { asset("application/json", WORLD_JSON) }),
        )
}

fn asset(content_type: &'static str, body: &'static str) -> impl IntoResponse {
    (
        [
            (CONTENT_TYPE, content_type),
            // The page is tiny; always revalidating means a new binary's page is seen at once.
            (CACHE_CONTROL, "no-cache"),
            (CONTENT_SECURITY_POLICY, CSP),
        ],
        body,
    )
}

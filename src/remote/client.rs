//! A blocking client for the parts of Quickwit's REST API (`/api/v1`) that
//! sitrep uses: index metadata and creation, ingest, search. Transient
//! failures (429, 5xx, connection errors) are retried with exponential
//! back-off; everything else becomes an [`Error::Remote`] naming the node.

use std::time::Duration;

use crate::error::{Arg, Error, Result};

/// How often and how patiently transient failures are retried.
#[derive(Debug, Clone, Copy)]
pub struct Retry {
    /// Attempts in all, the first included.
    pub attempts: u32,
    /// Wait before the second attempt; doubled for each later one.
    pub first_delay: Duration,
}

impl Default for Retry {
    /// 6 attempts over about 15 s (0.5 + 1 + 2 + 4 + 8): long enough for a
    /// node to shed a burst of ingest load, short enough to fail a script.
    fn default() -> Self {
        Retry {
            attempts: 6,
            first_delay: Duration::from_millis(500),
        }
    }
}

/// Time allowed for one request, connection included: a forced commit of a
/// large batch can take a while on a busy indexer.
const REQUEST_TIMEOUT: Duration = Duration::from_secs(120);
/// Time allowed to open a connection.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(5);
/// Largest response body read (search answers hold full documents).
const MAX_RESPONSE_BYTES: u64 = 256 * 1024 * 1024;

/// One Quickwit index on one node.
pub struct Quickwit {
    base: String,
    index_id: String,
    agent: ureq::Agent,
    retry: Retry,
}

/// A response: status and body text.
pub(crate) struct Reply {
    pub(crate) status: u16,
    pub(crate) body: String,
}

impl Quickwit {
    /// A client for index `index_id` on the node at `url` (`http://host:7280`).
    /// Only plain HTTP: put a TLS-terminating proxy in front of remote nodes.
    pub fn new(url: &str, index_id: &str) -> Result<Self> {
        let base = url.trim_end_matches('/').to_string();
        let bad = |message: String| Error::bad(Arg::Quickwit, message);
        let rest = base.strip_prefix("http://").ok_or_else(|| {
            bad(format!(
                "`{url}` is not an http:// URL (e.g. http://127.0.0.1:7280; this build speaks plain HTTP only)"
            ))
        })?;
        if rest.is_empty() {
            return Err(bad(format!("`{url}` names no host")));
        }
        check_index_id(index_id)?;
        let agent: ureq::Agent = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .timeout_global(Some(REQUEST_TIMEOUT))
            .timeout_connect(Some(CONNECT_TIMEOUT))
            .build()
            .into();
        Ok(Quickwit {
            base,
            index_id: index_id.to_string(),
            agent,
            retry: Retry::default(),
        })
    }

    /// The same client with another retry policy.
    pub fn with_retry(mut self, retry: Retry) -> Self {
        self.retry = retry;
        self
    }

    /// The index id.
    pub fn index_id(&self) -> &str {
        &self.index_id
    }

    /// The node's base URL.
    pub fn url(&self) -> &str {
        &self.base
    }

    /// An error about this node.
    pub(crate) fn error(&self, message: impl Into<String>) -> Error {
        Error::Remote {
            url: self.base.clone(),
            message: message.into(),
        }
    }

    /// The index metadata (`GET /api/v1/indexes/{id}`), or `None` if there
    /// is no such index.
    pub fn index_metadata(&self) -> Result<Option<serde_json::Value>> {
        let reply = self.send(&format!("indexes/{}", self.index_id), None)?;
        match reply.status {
            200 => Ok(Some(self.parse(&reply)?)),
            404 => Ok(None),
            _ => Err(self.refused("reading the index metadata", &reply)),
        }
    }

    /// Creates the index from a YAML config (`POST /api/v1/indexes`).
    pub fn create_index(&self, yaml: &str) -> Result<()> {
        let reply = self.send("indexes", Some(("application/yaml", yaml.as_bytes())))?;
        match reply.status {
            200 => Ok(()),
            _ => Err(self.refused("creating the index", &reply)),
        }
    }

    /// Ingests NDJSON documents (`POST /api/v1/{id}/ingest`); with `commit`,
    /// waits until everything ingested so far is searchable. Returns the
    /// number of documents the node accepted.
    pub fn ingest(&self, ndjson: &[u8], commit: bool) -> Result<u64> {
        let path = if commit {
            format!("{}/ingest?commit=force", self.index_id)
        } else {
            format!("{}/ingest", self.index_id)
        };
        let reply = self.send(&path, Some(("application/x-ndjson", ndjson)))?;
        if reply.status != 200 {
            return Err(self.refused("ingesting documents", &reply));
        }
        let answer: serde_json::Value = self.parse(&reply)?;
        answer["num_docs_for_processing"]
            .as_u64()
            .ok_or_else(|| self.error(format!("unexpected ingest answer: {}", reply.body)))
    }

    /// Runs a search request (`POST /api/v1/{id}/search`), returning the
    /// parsed answer; a 400 is the node refusing the query.
    pub(crate) fn search(&self, request: &serde_json::Value) -> Result<serde_json::Value> {
        let body = request.to_string();
        let reply = self.send(
            &format!("{}/search", self.index_id),
            Some(("application/json", body.as_bytes())),
        )?;
        if reply.status != 200 {
            return Err(self.refused("searching", &reply));
        }
        self.parse(&reply)
    }

    pub(crate) fn parse(&self, reply: &Reply) -> Result<serde_json::Value> {
        serde_json::from_str(&reply.body).map_err(|e| {
            self.error(format!(
                "the answer is not JSON ({e}); is this a Quickwit node?"
            ))
        })
    }

    /// The error for a non-transient refusal, with Quickwit's own message.
    fn refused(&self, what: &str, reply: &Reply) -> Error {
        let message = serde_json::from_str::<serde_json::Value>(&reply.body)
            .ok()
            .and_then(|v| v["message"].as_str().map(str::to_string))
            .unwrap_or_else(|| reply.body.trim().chars().take(300).collect());
        let hint = match reply.status {
            404 => format!(
                "; does index `{}` exist? (`sitrep push` creates it)",
                self.index_id
            ),
            400 if message.contains("field does not exist") => format!(
                "; index `{}` was created with another schema: recreate it from index-schema/quickwit-index.yaml",
                self.index_id
            ),
            _ => String::new(),
        };
        self.error(format!(
            "{what} failed (HTTP {}): {message}{hint}",
            reply.status
        ))
    }

    /// Sends one request (a GET without body, else a POST), retrying
    /// transient failures.
    fn send(&self, path: &str, body: Option<(&str, &[u8])>) -> Result<Reply> {
        let url = format!("{}/api/v1/{path}", self.base);
        let method = if body.is_some() { "POST" } else { "GET" };
        let mut delay = self.retry.first_delay;
        let mut attempt = 1;
        loop {
            let outcome = self.send_once(&url, body);
            let transient = match &outcome {
                Ok(reply) => reply.status == 429 || reply.status >= 500,
                Err(_) => true,
            };
            if !transient || attempt >= self.retry.attempts.max(1) {
                return match outcome {
                    Ok(reply) if transient => Err(self.error(format!(
                        "{method} {path} failed after {attempt} attempt(s) (HTTP {}): {}",
                        reply.status,
                        reply.body.trim()
                    ))),
                    Ok(reply) => Ok(reply),
                    Err(e) => Err(self.error(format!(
                        "cannot reach the node after {attempt} attempt(s): {}; is Quickwit running there? (check --quickwit)",
                        describe(&e)
                    ))),
                };
            }
            std::thread::sleep(delay);
            delay *= 2;
            attempt += 1;
        }
    }

    fn send_once(
        &self,
        url: &str,
        body: Option<(&str, &[u8])>,
    ) -> std::result::Result<Reply, ureq::Error> {
        let response = match body {
            None => self.agent.get(url).call()?,
            Some((content_type, bytes)) => self
                .agent
                .post(url)
                .header("Content-Type", content_type)
                .send(bytes)?,
        };
        let status = response.status().as_u16();
        let body = response
            .into_body()
            .with_config()
            .limit(MAX_RESPONSE_BYTES)
            .read_to_string()?;
        Ok(Reply { status, body })
    }
}

/// A transport error in words a user can act on.
fn describe(e: &ureq::Error) -> String {
    match e {
        ureq::Error::Timeout(_) => format!("timed out ({e})"),
        ureq::Error::Io(io) if io.kind() == std::io::ErrorKind::ConnectionRefused => {
            "connection refused".to_string()
        }
        other => other.to_string(),
    }
}

/// Quickwit's rule for index ids: a letter, then 2-254 letters, digits, `-`, `_` or `.`.
fn check_index_id(id: &str) -> Result<()> {
    let mut chars = id.chars();
    let ok = chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && (3..=255).contains(&id.len())
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'));
    if ok {
        Ok(())
    } else {
        Err(Error::bad(
            Arg::IndexId,
            format!(
                "`{id}` is not a Quickwit index id: a letter, then 2-254 letters, digits, `-`, `_` or `.`"
            ),
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_and_index_ids_are_checked() {
        assert!(Quickwit::new("http://127.0.0.1:7280/", "sitrep").is_ok());
        for (url, id) in [
            ("https://example.org", "sitrep"),
            ("127.0.0.1:7280", "sitrep"),
            ("http://", "sitrep"),
            ("http://127.0.0.1:7280", "9lives"),
            ("http://127.0.0.1:7280", "ab"),
            ("http://127.0.0.1:7280", "bad/id"),
        ] {
            let err = Quickwit::new(url, id).err().expect("refused").to_string();
            assert!(
                err.starts_with("--quickwit: ") || err.starts_with("--index-id: "),
                "{err}"
            );
        }
    }
}

//! The error every API handler answers with: a status and the JSON object
//! `{"error": ..., "parameter": ...}`, from a refused parameter or a library
//! error. A leaf of `serve`: `params` and `api` both point down to it.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::Serialize;

use crate::error::Error;

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
    /// An error with any status.
    pub fn new(status: StatusCode, parameter: &str, message: String) -> Self {
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
            Error::BadArgument { arg, message } => {
                Self::bad(arg.parameter(), format!("{}: {message}", arg.parameter()))
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

//! The error every client call returns, and how an HTTP error response becomes one.

use trackchild_domain::wire::{FieldError, Problem};

/// Code put in a synthesised [`Problem`] when an error response carried no problem+json body
/// (a proxy's 502 page, say).
pub const UNEXPECTED_RESPONSE: &str = "unexpected_response";

/// Maximum length, in characters, of a non-problem error body kept in the synthesised `detail`.
const MAX_DETAIL_CHARS: usize = 300;

/// Failure of a client call.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ClientError {
    /// The server answered with an error status. `problem` is its RFC 9457 body, or a problem with
    /// code [`UNEXPECTED_RESPONSE`] when the body was not one.
    #[error("HTTP {status}: {} ({})", problem.code, problem.detail)]
    Api { status: u16, problem: Problem },
    /// The request never got an answer: connection refused, DNS, TLS, or the browser's fetch failed.
    #[error("request failed: {0}")]
    Transport(String),
    /// The server answered with a success status but a body that is not the expected JSON.
    #[error("response body could not be decoded: {0}")]
    Decode(String),
}

impl ClientError {
    /// HTTP status of an [`ClientError::Api`] error.
    pub fn status(&self) -> Option<u16> {
        match self {
            ClientError::Api { status, .. } => Some(*status),
            _ => None,
        }
    }

    /// Stable problem code of an [`ClientError::Api`] error, e.g. `validation_failed`.
    pub fn code(&self) -> Option<&str> {
        self.problem().map(|problem| problem.code.as_str())
    }

    /// Problem body of an [`ClientError::Api`] error.
    pub fn problem(&self) -> Option<&Problem> {
        match self {
            ClientError::Api { problem, .. } => Some(problem),
            _ => None,
        }
    }

    /// Field errors of a validation problem; empty for every other error.
    pub fn field_errors(&self) -> &[FieldError] {
        self.problem()
            .map_or(&[], |problem| problem.errors.as_slice())
    }

    /// Returns whether this is an API error with the given status.
    pub fn is_status(&self, status: u16) -> bool {
        self.status() == Some(status)
    }
}

impl From<reqwest::Error> for ClientError {
    fn from(error: reqwest::Error) -> Self {
        if error.is_decode() {
            ClientError::Decode(error.to_string())
        } else {
            ClientError::Transport(error.to_string())
        }
    }
}

/// Builds the error for a response with status `status` and body `body`.
pub(crate) fn api_error(status: u16, body: &[u8]) -> ClientError {
    let problem = serde_json::from_slice::<Problem>(body)
        .unwrap_or_else(|_| unexpected_problem(status, body));
    ClientError::Api { status, problem }
}

fn unexpected_problem(status: u16, body: &[u8]) -> Problem {
    let text = String::from_utf8_lossy(body);
    let detail: String = text.chars().take(MAX_DETAIL_CHARS).collect();
    Problem {
        problem_type: "about:blank".to_string(),
        title: format!("HTTP {status}"),
        status,
        detail,
        code: UNEXPECTED_RESPONSE.to_string(),
        errors: Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn problem_body_is_parsed() {
        let body = br#"{"type":"https://trackchild.example/problems/validation_failed","title":"Invalid request",
            "status":422,"detail":"2 fields are invalid","code":"validation_failed",
            "errors":[{"field":"child.sex","code":"required","message":"child.sex is required"}]}"#;

        let error = api_error(422, body);

        assert_eq!(error.status(), Some(422));
        assert_eq!(error.code(), Some("validation_failed"));
        assert_eq!(error.field_errors().len(), 1);
        assert_eq!(error.field_errors()[0].field, "child.sex");
    }

    #[test]
    fn non_problem_body_gets_unexpected_code() {
        let error = api_error(502, b"<html>Bad gateway</html>");

        assert_eq!(error.code(), Some(UNEXPECTED_RESPONSE));
        assert_eq!(
            error.problem().map(|p| p.detail.as_str()),
            Some("<html>Bad gateway</html>")
        );
        assert!(error.field_errors().is_empty());
    }

    #[test]
    fn long_non_problem_body_is_cut() {
        let body = "x".repeat(MAX_DETAIL_CHARS * 2);

        let error = api_error(500, body.as_bytes());

        assert_eq!(
            error.problem().map(|p| p.detail.chars().count()),
            Some(MAX_DETAIL_CHARS)
        );
    }

    #[test]
    fn transport_error_has_no_code() {
        let error = ClientError::Transport("connection refused".to_string());

        assert_eq!(error.status(), None);
        assert_eq!(error.code(), None);
        assert!(!error.is_status(401));
    }
}

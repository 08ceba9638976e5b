//! The API's error envelope: RFC 9457 problem details with a stable `code`.
//!
//! Internal failures are logged once with the request's route and answered with `internal`; their
//! text never reaches the client.

use actix_web::http::StatusCode;
use actix_web::http::header::{self, HeaderValue};
use actix_web::{HttpResponse, ResponseError};
use trackchild_domain::input::ValidationErrors;
use trackchild_domain::wire::{FieldError, Problem};
use trackchild_store::StoreError;

/// Everything a handler can fail with, each mapped to one status and code.
#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    #[error("validation failed")]
    Validation(Vec<FieldError>),
    #[error("bad request: {0}")]
    BadRequest(String),
    #[error("authentication required")]
    Unauthenticated,
    #[error("invalid credentials")]
    InvalidCredentials,
    #[error("invalid token")]
    InvalidToken,
    #[error("forbidden: {0}")]
    Forbidden(&'static str),
    #[error("not found")]
    NotFound,
    #[error("conflict: {0}")]
    Conflict(String),
    #[error("version mismatch")]
    VersionMismatch { current: i64 },
    #[error("If-Match required")]
    IfMatchRequired,
    #[error("payload too large")]
    PayloadTooLarge,
    #[error("unsupported media type")]
    UnsupportedMediaType,
    #[error("too many requests")]
    TooManyRequests { retry_after_secs: u64 },
    #[error("internal error: {0:#}")]
    Internal(anyhow::Error),
}

impl ApiError {
    fn code(&self) -> &'static str {
        match self {
            ApiError::Validation(_) => "validation_failed",
            ApiError::BadRequest(_) => "bad_request",
            ApiError::Unauthenticated => "unauthenticated",
            ApiError::InvalidCredentials => "invalid_credentials",
            ApiError::InvalidToken => "invalid_token",
            ApiError::Forbidden(_) => "forbidden",
            ApiError::NotFound => "not_found",
            ApiError::Conflict(_) => "conflict",
            ApiError::VersionMismatch { .. } => "version_mismatch",
            ApiError::IfMatchRequired => "if_match_required",
            ApiError::PayloadTooLarge => "payload_too_large",
            ApiError::UnsupportedMediaType => "unsupported_media_type",
            ApiError::TooManyRequests { .. } => "too_many_attempts",
            ApiError::Internal(_) => "internal",
        }
    }

    fn detail(&self) -> String {
        match self {
            ApiError::Validation(errors) => format!("{} field(s) are invalid; see errors", errors.len()),
            ApiError::BadRequest(detail) => detail.clone(),
            ApiError::Unauthenticated => "send a bearer access token in the Authorization header; get one from POST /api/v1/auth/login".into(),
            ApiError::InvalidCredentials => "the user name or password is wrong".into(),
            ApiError::InvalidToken => "the token is invalid, expired or revoked; log in again".into(),
            ApiError::Forbidden(what) => format!("your organisation or role may not {what}"),
            ApiError::NotFound => "no such resource, or it is outside your jurisdiction".into(),
            ApiError::Conflict(detail) => detail.clone(),
            ApiError::VersionMismatch { current } => format!("the resource changed; the current version is {current}: reload it and apply your change again"),
            ApiError::IfMatchRequired => "send If-Match with the version (ETag) you last read".into(),
            ApiError::PayloadTooLarge => "the request body is too large".into(),
            ApiError::UnsupportedMediaType => "send the body as application/json".into(),
            ApiError::TooManyRequests { retry_after_secs } => format!("too many attempts; try again in {retry_after_secs} s"),
            ApiError::Internal(_) => "an internal error occurred; it has been logged".into(),
        }
    }

    pub fn problem(&self) -> Problem {
        let status = self.status_code();
        Problem {
            problem_type: format!("https://trackchild.example/problems/{}", self.code()),
            title: status.canonical_reason().unwrap_or("Error").to_string(),
            status: status.as_u16(),
            detail: self.detail(),
            code: self.code().to_string(),
            errors: match self {
                ApiError::Validation(errors) => errors.clone(),
                _ => Vec::new(),
            },
        }
    }
}

impl ResponseError for ApiError {
    fn status_code(&self) -> StatusCode {
        match self {
            ApiError::Validation(_) => StatusCode::UNPROCESSABLE_ENTITY,
            ApiError::BadRequest(_) => StatusCode::BAD_REQUEST,
            ApiError::Unauthenticated | ApiError::InvalidCredentials | ApiError::InvalidToken => {
                StatusCode::UNAUTHORIZED
            }
            ApiError::Forbidden(_) => StatusCode::FORBIDDEN,
            ApiError::NotFound => StatusCode::NOT_FOUND,
            ApiError::Conflict(_) => StatusCode::CONFLICT,
            ApiError::VersionMismatch { .. } => StatusCode::PRECONDITION_FAILED,
            ApiError::IfMatchRequired => StatusCode::PRECONDITION_REQUIRED,
            ApiError::PayloadTooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            ApiError::UnsupportedMediaType => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            ApiError::TooManyRequests { .. } => StatusCode::TOO_MANY_REQUESTS,
            ApiError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    fn error_response(&self) -> HttpResponse {
        if let ApiError::Internal(cause) = self {
            tracing::error!(error = %format!("{cause:#}"), "request failed");
        }
        let mut response = HttpResponse::build(self.status_code());
        response.insert_header((
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/problem+json"),
        ));
        if let ApiError::TooManyRequests { retry_after_secs } = self {
            response.insert_header((header::RETRY_AFTER, retry_after_secs.to_string()));
        }
        if let ApiError::Unauthenticated | ApiError::InvalidToken = self {
            response.insert_header((header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer")));
        }
        response.json(self.problem())
    }
}

impl From<StoreError> for ApiError {
    fn from(error: StoreError) -> Self {
        match error {
            StoreError::NotFound => ApiError::NotFound,
            StoreError::VersionMismatch { current } => ApiError::VersionMismatch { current },
            StoreError::Conflict(detail) => ApiError::Conflict(detail),
            other => ApiError::Internal(anyhow::Error::new(other)),
        }
    }
}

impl From<ValidationErrors> for ApiError {
    fn from(errors: ValidationErrors) -> Self {
        ApiError::Validation(errors.0)
    }
}

impl From<actix_web::error::BlockingError> for ApiError {
    fn from(error: actix_web::error::BlockingError) -> Self {
        ApiError::Internal(anyhow::anyhow!("blocking task failed: {error}"))
    }
}

pub type ApiResult<T> = Result<T, ApiError>;

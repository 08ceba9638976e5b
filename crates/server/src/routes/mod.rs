//! HTTP handlers, one module per resource, plus the request helpers they share.

pub mod admin;
pub mod auth;
pub mod geography;
pub mod health;
pub mod matches;
pub mod oversight;
pub mod photos;
pub mod reports;
pub mod settings;
pub mod spa;

use std::future::Future;

use actix_web::http::StatusCode;
use actix_web::http::header::{self, HeaderValue};
use actix_web::{HttpRequest, HttpResponse, web};
use chrono::Utc;
use serde::Deserialize;
use serde::de::DeserializeOwned;
use serde_json::Value;
use trackchild_domain::access::Actor;
use trackchild_domain::wire::FieldError;
use trackchild_store::idempotency::{self, StoredResponse};

use crate::app::AppState;
use crate::error::{ApiError, ApiResult};

/// Default and largest page sizes of list endpoints.
pub const DEFAULT_LIMIT: i64 = 50;
pub const MAX_LIMIT: i64 = 200;

/// Deserialises a small JSON object, listing unknown keys and type errors as field errors.
pub fn parse_strict<T: DeserializeOwned>(value: Value, allowed: &[&str]) -> ApiResult<T> {
    let Value::Object(map) = &value else {
        return Err(ApiError::Validation(vec![field_error(
            "",
            "invalid_type",
            "the request body must be a JSON object",
        )]));
    };
    let mut errors: Vec<FieldError> = map
        .keys()
        .filter(|key| !allowed.contains(&key.as_str()))
        .map(|key| {
            field_error(
                key,
                "unknown_field",
                &format!(
                    "{key} is not a field of this request; allowed: {}",
                    allowed.join(", ")
                ),
            )
        })
        .collect();
    match serde_json::from_value::<T>(value) {
        Ok(parsed) if errors.is_empty() => Ok(parsed),
        Ok(_) => Err(ApiError::Validation(errors)),
        Err(e) => {
            let message = e.to_string();
            let field = message
                .strip_prefix("missing field `")
                .and_then(|rest| rest.split('`').next())
                .unwrap_or("")
                .to_string();
            let code = if field.is_empty() {
                "invalid_value"
            } else {
                "required"
            };
            errors.push(field_error(&field, code, &message));
            Err(ApiError::Validation(errors))
        }
    }
}

pub fn field_error(field: &str, code: &str, message: &str) -> FieldError {
    FieldError {
        field: field.to_string(),
        code: code.to_string(),
        message: message.to_string(),
    }
}

/// The version named by `If-Match` (`"3"`, `W/"3"` or `3`); 428 when absent.
pub fn if_match_version(req: &HttpRequest) -> ApiResult<i64> {
    let value = req
        .headers()
        .get(header::IF_MATCH)
        .ok_or(ApiError::IfMatchRequired)?;
    let text = value
        .to_str()
        .map_err(|_| ApiError::BadRequest("If-Match is not readable text".into()))?;
    let text = text.trim().trim_start_matches("W/").trim_matches('"');
    text.parse().map_err(|_| {
        ApiError::BadRequest(format!(
            "If-Match {text:?} is not a version number; send the ETag you last read"
        ))
    })
}

/// The `ETag` value of a version.
pub fn etag(version: i64) -> String {
    format!("\"{version}\"")
}

/// Query parameters shared by list endpoints.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
pub struct ListQuery {
    /// Page size, 1–200; default 50.
    pub limit: Option<i64>,
    /// `next_cursor` of the previous page.
    pub cursor: Option<String>,
    /// Only items with this status code.
    pub status: Option<String>,
    /// Only reports owned by the caller's organisation.
    pub mine: Option<bool>,
}

impl ListQuery {
    pub fn limit(&self) -> ApiResult<i64> {
        match self.limit {
            None => Ok(DEFAULT_LIMIT),
            Some(limit) if (1..=MAX_LIMIT).contains(&limit) => Ok(limit),
            Some(limit) => Err(ApiError::Validation(vec![field_error(
                "limit",
                "out_of_range",
                &format!("limit {limit} is outside 1–{MAX_LIMIT}"),
            )])),
        }
    }

    pub fn cursor(&self) -> ApiResult<Option<uuid::Uuid>> {
        self.cursor
            .as_deref()
            .map(|c| {
                uuid::Uuid::parse_str(c).map_err(|_| {
                    ApiError::Validation(vec![field_error(
                        "cursor",
                        "invalid_value",
                        "cursor is not one this server issued; start from the first page",
                    )])
                })
            })
            .transpose()
    }
}

/// A JSON response with a status and optional `Location` and `ETag` headers.
pub struct JsonResponse {
    pub status: StatusCode,
    pub body: Value,
    pub location: Option<String>,
    pub etag: Option<String>,
}

impl JsonResponse {
    pub fn into_http(self) -> HttpResponse {
        let mut response = HttpResponse::build(self.status);
        if let Some(location) = self.location {
            response.insert_header((header::LOCATION, location));
        }
        if let Some(etag) = self.etag {
            response.insert_header((header::ETAG, etag));
        }
        response.insert_header((
            header::CACHE_CONTROL,
            HeaderValue::from_static("private, no-store"),
        ));
        response.json(self.body)
    }
}

/// Runs `work` once per `Idempotency-Key`: a repeat of the key by the same account on the same
/// route within 24 hours replays the first successful response and creates nothing.
pub async fn idempotent<F, Fut>(
    state: &web::Data<AppState>,
    actor: &Actor,
    req: &HttpRequest,
    route: &'static str,
    work: F,
) -> ApiResult<HttpResponse>
where
    F: FnOnce() -> Fut,
    Fut: Future<Output = ApiResult<JsonResponse>>,
{
    let key = match req.headers().get("Idempotency-Key") {
        None => return Ok(work().await?.into_http()),
        Some(value) => value
            .to_str()
            .ok()
            .map(str::trim)
            .filter(|k| !k.is_empty() && k.len() <= 200)
            .map(str::to_string),
    };
    let key = key.ok_or_else(|| {
        ApiError::BadRequest("Idempotency-Key must be 1–200 characters of text".into())
    })?;
    let user = actor.user_id.to_string();

    let (store, lookup_user, lookup_key) = (state.store.clone(), user.clone(), key.clone());
    let stored = web::block(move || {
        store.read(|conn| idempotency::find(conn, &lookup_user, route, &lookup_key, Utc::now()))
    })
    .await??;
    if let Some(stored) = stored {
        let status = StatusCode::from_u16(stored.status).unwrap_or(StatusCode::OK);
        return Ok(HttpResponse::build(status)
            .insert_header(("Idempotent-Replayed", "true"))
            .content_type("application/json")
            .body(stored.body));
    }

    let response = work().await?;
    let saved = StoredResponse {
        status: response.status.as_u16(),
        body: response.body.to_string(),
    };
    let store = state.store.clone();
    web::block(move || {
        store.write(|conn| idempotency::save(conn, &user, route, &key, &saved, Utc::now()))
    })
    .await??;
    Ok(response.into_http())
}

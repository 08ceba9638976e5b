//! `/api/v1/auth`: login, refresh, logout and the current user.

use actix_web::cookie::{Cookie, SameSite, time::Duration as CookieDuration};
use actix_web::{HttpRequest, HttpResponse, get, post, web};
use chrono::{Duration, Utc};
use serde_json::Value;
use trackchild_domain::wire::{
    ClientCredentialsRequest, LoginRequest, Me, Problem, RefreshRequest, ServiceToken,
    TokenResponse,
};
use trackchild_store::tokens::{self, RefreshOutcome};
use trackchild_store::{StoreError, orgs};
use uuid::Uuid;

use crate::access::record;
use crate::app::{AppState, peer_ip};
use crate::auth::{
    ACCESS_TOKEN_SECONDS, Authenticated, REFRESH_COOKIE, REFRESH_TOKEN_DAYS, dummy_hash,
    hash_refresh_token, new_refresh_token, verify_password,
};
use crate::error::{ApiError, ApiResult};
use crate::routes::{field_error, parse_strict};

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(login)
        .service(refresh)
        .service(logout)
        .service(me)
        .service(client_token);
}

/// Logs in with user name and password.
#[utoipa::path(
    post, path = "/api/v1/auth/login", tag = "auth",
    request_body = LoginRequest,
    responses(
        (status = 200, description = "Tokens; the refresh token is also set as an HttpOnly cookie", body = TokenResponse),
        (status = 401, description = "Wrong user name or password", body = Problem),
        (status = 429, description = "Too many attempts; see Retry-After", body = Problem),
    )
)]
#[post("/auth/login")]
async fn login(
    state: web::Data<AppState>,
    req: HttpRequest,
    body: web::Json<Value>,
) -> ApiResult<HttpResponse> {
    if let Some(retry_after_secs) = state
        .login_limiter
        .check(peer_ip(&req), &state.settings.login_policy)
    {
        return Err(ApiError::TooManyRequests { retry_after_secs });
    }
    let request: LoginRequest = parse_strict(body.into_inner(), &["username", "password"])?;

    let username = request.username.trim().to_string();
    let store = state.store.clone();
    let user = web::block(move || store.read(|conn| orgs::find_user_by_username(conn, &username)))
        .await??;
    let user = user.filter(|u| u.user.kind == "person" && u.user.disabled == 0);
    let Some(user) = user else {
        // Unknown users still pay for a hash so the response time does not reveal which accounts exist.
        let password = request.password;
        web::block(move || verify_password(&password, dummy_hash())).await?;
        record(
            &state,
            None,
            "login_failed",
            None,
            None,
            "failed",
            serde_json::json!({"reason": "unknown_user"}),
        )
        .await?;
        return Err(ApiError::InvalidCredentials);
    };

    let now = Utc::now();
    if let Some(until) = orgs::locked_until(&user.user)?
        && until > now
    {
        let retry_after_secs = u64::try_from((until - now).num_seconds())
            .unwrap_or(0)
            .max(1);
        let detail = serde_json::json!({"reason": "back_off", "user_id": user.user.id});
        record(
            &state,
            None,
            "login_failed",
            Some("user"),
            Uuid::parse_str(&user.user.id).ok(),
            "denied",
            detail,
        )
        .await?;
        return Err(ApiError::TooManyRequests { retry_after_secs });
    }
    let stored_hash = user.user.password_hash.clone();
    let password = request.password;
    let valid = web::block(move || verify_password(&password, &stored_hash)).await?;
    let user_id = user.user.id.clone();
    let store = state.store.clone();
    if !valid {
        let policy = state.settings.login_policy.clone();
        let failures = user.user.failed_logins + 1;
        let until = now + Duration::from_std(policy.account_delay(failures)).unwrap_or_default();
        web::block(move || store.write(|conn| orgs::record_failed_login(conn, &user_id, until)))
            .await??;
        tracing::info!(user.id = %user.user.id, failures, "login failed");
        let detail = serde_json::json!({"reason": "wrong_password", "failures": failures});
        record(
            &state,
            None,
            "login_failed",
            Some("user"),
            Uuid::parse_str(&user.user.id).ok(),
            "failed",
            detail,
        )
        .await?;
        return Err(ApiError::InvalidCredentials);
    }

    let actor = user.actor()?;
    web::block(move || store.write(|conn| orgs::reset_failed_logins(conn, &user_id))).await??;
    tracing::info!(user.id = %actor.user_id, "login succeeded");
    record(
        &state,
        Some(&actor),
        "login",
        Some("user"),
        Some(actor.user_id),
        "succeeded",
        serde_json::json!({}),
    )
    .await?;
    issue_tokens(&state, &req, actor.user_id, actor.organisation_id, None).await
}

/// Exchanges a refresh token (body or cookie) for new tokens; the old one becomes invalid and
/// presenting it again revokes every token of its login.
#[utoipa::path(
    post, path = "/api/v1/auth/refresh", tag = "auth",
    request_body(content = RefreshRequest, description = "May be empty when the refresh cookie is sent"),
    responses(
        (status = 200, body = TokenResponse),
        (status = 401, description = "Unknown, expired, revoked or reused token", body = Problem),
    )
)]
#[post("/auth/refresh")]
async fn refresh(
    state: web::Data<AppState>,
    req: HttpRequest,
    body: web::Bytes,
) -> ApiResult<HttpResponse> {
    if let Some(retry_after_secs) = state
        .login_limiter
        .check(peer_ip(&req), &state.settings.login_policy)
    {
        return Err(ApiError::TooManyRequests { retry_after_secs });
    }
    let token = refresh_token_from(&req, &body)?.ok_or(ApiError::InvalidToken)?;

    let hash = hash_refresh_token(&token);
    let store = state.store.clone();
    let outcome =
        web::block(move || store.write(|conn| tokens::consume(conn, &hash, Utc::now()))).await??;

    match outcome {
        RefreshOutcome::Rotated { user_id, family_id } => {
            let store = state.store.clone();
            let user = web::block(move || store.read(|conn| orgs::find_user(conn, user_id)))
                .await??
                .ok_or(ApiError::InvalidToken)?;
            let actor = user.actor()?;
            issue_tokens(
                &state,
                &req,
                actor.user_id,
                actor.organisation_id,
                Some(family_id),
            )
            .await
        }
        RefreshOutcome::ReuseDetected => {
            tracing::warn!("refresh token reused; its login was revoked");
            Err(ApiError::InvalidToken)
        }
        RefreshOutcome::Invalid => Err(ApiError::InvalidToken),
    }
}

/// Revokes the login of the refresh token (body or cookie) and clears the cookie.
#[utoipa::path(
    post, path = "/api/v1/auth/logout", tag = "auth",
    request_body(content = RefreshRequest, description = "May be empty when the refresh cookie is sent"),
    responses((status = 204, description = "Logged out"))
)]
#[post("/auth/logout")]
async fn logout(
    state: web::Data<AppState>,
    req: HttpRequest,
    body: web::Bytes,
) -> ApiResult<HttpResponse> {
    if let Some(token) = refresh_token_from(&req, &body)? {
        let hash = hash_refresh_token(&token);
        let store = state.store.clone();
        web::block(move || store.write(|conn| tokens::revoke_by_token(conn, &hash, Utc::now())))
            .await??;
    }
    let mut response = HttpResponse::NoContent().finish();
    response
        .add_removal_cookie(&refresh_cookie(&req, String::new()))
        .map_err(|e| ApiError::Internal(e.into()))?;
    Ok(response)
}

/// The logged-in user, their organisation, role and jurisdiction.
#[utoipa::path(
    get, path = "/api/v1/auth/me", tag = "auth",
    responses((status = 200, body = Me), (status = 401, body = Problem)),
    security(("bearer" = []))
)]
#[get("/auth/me")]
async fn me(
    state: web::Data<AppState>,
    Authenticated(actor): Authenticated,
) -> ApiResult<web::Json<Me>> {
    let store = state.store.clone();
    let user =
        web::block(move || store.read(|conn| orgs::find_user(conn, actor.user_id))).await??;
    Ok(web::Json(user.ok_or(StoreError::NotFound)?.to_me()?))
}

/// Issues an access token to a service account (OAuth 2.0 client credentials, JSON or form body).
#[utoipa::path(
    post, path = "/api/v1/auth/token", tag = "auth",
    request_body = ClientCredentialsRequest,
    responses(
        (status = 200, body = ServiceToken),
        (status = 401, description = "Unknown client or wrong secret", body = Problem),
        (status = 422, body = Problem),
        (status = 429, body = Problem),
    )
)]
#[post("/auth/token")]
async fn client_token(
    state: web::Data<AppState>,
    req: HttpRequest,
    body: web::Bytes,
) -> ApiResult<HttpResponse> {
    if let Some(retry_after_secs) = state
        .login_limiter
        .check(peer_ip(&req), &state.settings.login_policy)
    {
        return Err(ApiError::TooManyRequests { retry_after_secs });
    }
    let request = client_credentials(&req, &body)?;
    if request.grant_type != "client_credentials" {
        return Err(ApiError::Validation(vec![field_error(
            "grant_type",
            "invalid_value",
            "grant_type must be client_credentials",
        )]));
    }

    let store = state.store.clone();
    let client_id = request.client_id.clone();
    let user = web::block(move || store.read(|conn| orgs::find_user_by_username(conn, &client_id)))
        .await??;
    let user = user.filter(|u| u.user.kind == "service" && u.user.disabled == 0);
    let stored_hash = user.as_ref().map_or_else(
        || dummy_hash().to_string(),
        |u| u.user.password_hash.clone(),
    );
    let secret = request.client_secret;
    let valid = web::block(move || verify_password(&secret, &stored_hash)).await?;
    let Some(user) = user.filter(|_| valid) else {
        record(
            &state,
            None,
            "token_failed",
            None,
            None,
            "failed",
            serde_json::json!({"client_id": request.client_id}),
        )
        .await?;
        return Err(ApiError::InvalidCredentials);
    };

    let actor = user.actor()?;
    let access_token = state.keys.issue(actor.user_id, actor.organisation_id)?;
    record(
        &state,
        Some(&actor),
        "token",
        Some("user"),
        Some(actor.user_id),
        "succeeded",
        serde_json::json!({}),
    )
    .await?;
    let body = ServiceToken {
        access_token,
        token_type: "Bearer".into(),
        expires_in: ACCESS_TOKEN_SECONDS,
        scope: user.user.scopes.clone().unwrap_or_default(),
    };
    Ok(HttpResponse::Ok()
        .insert_header((actix_web::http::header::CACHE_CONTROL, "no-store"))
        .json(body))
}

/// Reads client credentials from a JSON or `application/x-www-form-urlencoded` body.
fn client_credentials(req: &HttpRequest, body: &[u8]) -> ApiResult<ClientCredentialsRequest> {
    let is_form = req
        .headers()
        .get(actix_web::http::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/x-www-form-urlencoded"));
    if is_form {
        return serde_urlencoded::from_bytes(body).map_err(|e| {
            ApiError::Validation(vec![field_error(
                "",
                "invalid_value",
                &format!("form body: {e}"),
            )])
        });
    }
    let value: Value = serde_json::from_slice(body)
        .map_err(|e| ApiError::BadRequest(format!("the body is not valid JSON: {e}")))?;
    parse_strict(value, &["grant_type", "client_id", "client_secret"])
}

async fn issue_tokens(
    state: &AppState,
    req: &HttpRequest,
    user_id: Uuid,
    org_id: Uuid,
    family: Option<Uuid>,
) -> ApiResult<HttpResponse> {
    let access_token = state.keys.issue(user_id, org_id)?;
    let (refresh_token, hash) = new_refresh_token();
    let expires_at = Utc::now() + Duration::days(REFRESH_TOKEN_DAYS);
    let store = state.store.clone();
    web::block(move || {
        store.write(|conn| tokens::insert(conn, user_id, family, &hash, expires_at))
    })
    .await??;

    let cookie = refresh_cookie(req, refresh_token.clone());
    let body = TokenResponse {
        access_token,
        refresh_token,
        token_type: "Bearer".into(),
        expires_in: ACCESS_TOKEN_SECONDS,
    };
    Ok(HttpResponse::Ok()
        .insert_header((actix_web::http::header::CACHE_CONTROL, "no-store"))
        .cookie(cookie)
        .json(body))
}

fn refresh_cookie(req: &HttpRequest, value: String) -> Cookie<'static> {
    let secure = req.connection_info().scheme() == "https";
    Cookie::build(REFRESH_COOKIE, value)
        .path("/api/v1/auth")
        .http_only(true)
        .same_site(SameSite::Strict)
        .secure(secure)
        .max_age(CookieDuration::days(REFRESH_TOKEN_DAYS))
        .finish()
}

/// The refresh token from a JSON body `{"refresh_token"}`, else from the cookie.
fn refresh_token_from(req: &HttpRequest, body: &[u8]) -> ApiResult<Option<String>> {
    let from_body = if body.iter().all(u8::is_ascii_whitespace) {
        None
    } else {
        let value: Value = serde_json::from_slice(body)
            .map_err(|e| ApiError::BadRequest(format!("the body is not valid JSON: {e}")))?;
        let request: RefreshRequest = parse_strict(value, &["refresh_token"])?;
        request.refresh_token
    };
    Ok(from_body
        .or_else(|| req.cookie(REFRESH_COOKIE).map(|c| c.value().to_string()))
        .filter(|t| !t.is_empty()))
}

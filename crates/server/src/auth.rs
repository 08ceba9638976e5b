//! Authentication: argon2id passwords, short-lived JWT access tokens, opaque rotating refresh
//! tokens, login back-off and per-address rate limits, and the [`Authenticated`] extractor.

use std::collections::HashMap;
use std::future::Future;
use std::net::IpAddr;
use std::pin::Pin;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use actix_web::{FromRequest, HttpMessage, HttpRequest, web};
use argon2::Argon2;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use base64::Engine;
use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Header, Validation};
use rand::RngCore;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use trackchild_domain::access::Actor;
use uuid::Uuid;

use crate::app::AppState;
use crate::error::ApiError;

/// Lifetime of an access token.
pub const ACCESS_TOKEN_SECONDS: i64 = 15 * 60;
/// Lifetime of a refresh token.
pub const REFRESH_TOKEN_DAYS: i64 = 14;
/// Name of the HttpOnly cookie that carries the refresh token.
pub const REFRESH_COOKIE: &str = "trackchild_refresh";

/// Claims of an access token.
#[derive(Debug, Serialize, Deserialize)]
struct Claims {
    sub: String,
    org: String,
    iat: i64,
    exp: i64,
    jti: String,
}

/// Signing keys for access tokens (HS256).
pub struct TokenKeys {
    encoding: EncodingKey,
    decoding: DecodingKey,
}

impl TokenKeys {
    /// Keys from `secret`, which should be at least 32 random bytes.
    pub fn from_secret(secret: &[u8]) -> anyhow::Result<TokenKeys> {
        let encoding = EncodingKey::from_secret(secret)
            .map_err(|e| anyhow::anyhow!("invalid token secret: {e}"))?;
        let decoding = DecodingKey::from_secret(secret)
            .map_err(|e| anyhow::anyhow!("invalid token secret: {e}"))?;
        Ok(TokenKeys { encoding, decoding })
    }

    /// Random keys; tokens signed with them stop working when the process exits, which is
    /// harmless because the SPA and clients refresh through the stored refresh token.
    pub fn random() -> TokenKeys {
        let mut secret = [0u8; 32];
        rand::rng().fill_bytes(&mut secret);
        TokenKeys::from_secret(&secret).expect("32 random bytes are a valid HMAC secret")
    }

    /// Signs an access token for a user.
    pub fn issue(&self, user_id: Uuid, org_id: Uuid) -> Result<String, ApiError> {
        let now = chrono::Utc::now().timestamp();
        let claims = Claims {
            sub: user_id.to_string(),
            org: org_id.to_string(),
            iat: now,
            exp: now + ACCESS_TOKEN_SECONDS,
            jti: Uuid::now_v7().to_string(),
        };
        jsonwebtoken::encode(&Header::new(Algorithm::HS256), &claims, &self.encoding)
            .map_err(|e| ApiError::Internal(anyhow::anyhow!("signing access token: {e}")))
    }

    /// Verifies signature, algorithm and expiry, returning the user id.
    fn verify(&self, token: &str) -> Result<Uuid, ApiError> {
        // Only HS256 is accepted, so tokens claiming `alg: none` or another algorithm fail here.
        let mut validation = Validation::new(Algorithm::HS256);
        validation.leeway = 5;
        validation.set_required_spec_claims(&["exp", "sub"]);
        let data = jsonwebtoken::decode::<Claims>(token, &self.decoding, &validation)
            .map_err(|_| ApiError::InvalidToken)?;
        Uuid::parse_str(&data.claims.sub).map_err(|_| ApiError::InvalidToken)
    }
}

/// Hashes a password with argon2id and a random salt.
pub fn hash_password(password: &str) -> anyhow::Result<String> {
    let mut salt = [0u8; 16];
    rand::rng().fill_bytes(&mut salt);
    let salt = SaltString::encode_b64(&salt).map_err(|e| anyhow::anyhow!("encoding salt: {e}"))?;
    let hash = Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map_err(|e| anyhow::anyhow!("hashing password: {e}"))?;
    Ok(hash.to_string())
}

/// Checks a password against a stored argon2id hash.
pub fn verify_password(password: &str, stored: &str) -> bool {
    PasswordHash::new(stored).is_ok_and(|hash| {
        Argon2::default()
            .verify_password(password.as_bytes(), &hash)
            .is_ok()
    })
}

/// A hash to verify against when the user does not exist, so the response time does not reveal
/// which accounts exist.
pub fn dummy_hash() -> &'static str {
    static DUMMY: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    DUMMY.get_or_init(|| hash_password("not a real password").unwrap_or_default())
}

/// A new opaque refresh token and the hash under which it is stored.
pub fn new_refresh_token() -> (String, String) {
    let mut bytes = [0u8; 32];
    rand::rng().fill_bytes(&mut bytes);
    let token = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes);
    let hash = hash_refresh_token(&token);
    (token, hash)
}

/// Hashes a refresh token with SHA-256, hex encoded, so the database never stores the token itself.
pub fn hash_refresh_token(token: &str) -> String {
    Sha256::digest(token.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Thresholds of the login back-off and rate limits.
#[derive(Debug, Clone)]
pub struct LoginPolicy {
    /// Failed logins on one account before it has to wait.
    pub account_free_failures: i32,
    /// First wait after the free failures; it doubles with each further failure.
    pub account_base_delay: Duration,
    /// Maximum wait, so no account is locked permanently without an administrator.
    pub account_max_delay: Duration,
    /// Login attempts one address may make per window.
    pub address_attempts_per_window: u32,
    pub address_window: Duration,
}

impl Default for LoginPolicy {
    fn default() -> Self {
        LoginPolicy {
            account_free_failures: 5,
            account_base_delay: Duration::from_secs(2),
            account_max_delay: Duration::from_secs(15 * 60),
            address_attempts_per_window: 30,
            address_window: Duration::from_secs(60),
        }
    }
}

impl LoginPolicy {
    /// Wait imposed after `failures` consecutive failed logins on one account.
    pub fn account_delay(&self, failures: i32) -> Duration {
        let over = failures - self.account_free_failures;
        if over < 0 {
            return Duration::ZERO;
        }
        let factor = 1u32 << over.min(20);
        self.account_base_delay
            .saturating_mul(factor)
            .min(self.account_max_delay)
    }
}

/// Fixed-window counters of login attempts per client address, kept in memory.
#[derive(Default)]
pub struct AddressLimiter {
    windows: Mutex<HashMap<IpAddr, (Instant, u32)>>,
}

impl AddressLimiter {
    /// Counts an attempt from `address`; returns the seconds to wait when over the limit.
    pub fn check(&self, address: IpAddr, policy: &LoginPolicy) -> Option<u64> {
        let mut windows = self
            .windows
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        let now = Instant::now();
        if windows.len() > 100_000 {
            windows.retain(|_, (start, _)| now.duration_since(*start) < policy.address_window);
        }
        let entry = windows.entry(address).or_insert((now, 0));
        if now.duration_since(entry.0) >= policy.address_window {
            *entry = (now, 0);
        }
        entry.1 += 1;
        if entry.1 > policy.address_attempts_per_window {
            let remaining = policy
                .address_window
                .saturating_sub(now.duration_since(entry.0));
            return Some(remaining.as_secs().max(1));
        }
        None
    }
}

/// The authenticated caller of a request, loaded from the bearer token on every request.
pub struct Authenticated(pub Actor);

/// The acting user's id, stored in request extensions for the request log.
#[derive(Clone, Copy)]
pub struct ActorId(pub Uuid);

impl FromRequest for Authenticated {
    type Error = ApiError;
    type Future = Pin<Box<dyn Future<Output = Result<Self, Self::Error>>>>;

    fn from_request(req: &HttpRequest, _payload: &mut actix_web::dev::Payload) -> Self::Future {
        let req = req.clone();
        Box::pin(async move {
            let state = req
                .app_data::<web::Data<AppState>>()
                .ok_or_else(|| ApiError::Internal(anyhow::anyhow!("application state missing")))?
                .clone();
            let token = bearer_token(&req).ok_or(ApiError::Unauthenticated)?;
            let user_id = state.keys.verify(&token)?;
            let store = state.store.clone();
            let user = web::block(move || {
                store.read(|conn| trackchild_store::orgs::find_user(conn, user_id))
            })
            .await??;
            let user = user.ok_or(ApiError::InvalidToken)?;
            if user.user.disabled != 0 {
                return Err(ApiError::InvalidToken);
            }
            if user.user.kind == "service" {
                check_service_scope(&req, user.user.scopes.as_deref().unwrap_or(""))?;
            }
            let actor = user.actor()?;
            req.extensions_mut().insert(ActorId(actor.user_id));
            Ok(Authenticated(actor))
        })
    }
}

/// Service accounts reach only the report and match endpoints their scopes name: reads need
/// `<resource>:read`, writes `<resource>:write`.
fn check_service_scope(req: &HttpRequest, scopes: &str) -> Result<(), ApiError> {
    let path = req.path().trim_start_matches("/api/v1/");
    let resource = match path.split('/').next().unwrap_or("") {
        "missing-reports" => "missing_reports",
        "found-reports" => "found_reports",
        "matches" => "matches",
        _ => {
            return Err(ApiError::Forbidden(
                "call this endpoint with a service account",
            ));
        }
    };
    let access = if req.method() == actix_web::http::Method::GET {
        "read"
    } else {
        "write"
    };
    let needed = format!("{resource}:{access}");
    if scopes.split_whitespace().any(|s| s == needed) {
        Ok(())
    } else {
        Err(ApiError::Forbidden(
            "call this endpoint without the needed scope",
        ))
    }
}

fn bearer_token(req: &HttpRequest) -> Option<String> {
    let value = req
        .headers()
        .get(actix_web::http::header::AUTHORIZATION)?
        .to_str()
        .ok()?;
    let (scheme, token) = value.split_once(' ')?;
    (scheme.eq_ignore_ascii_case("bearer") && !token.trim().is_empty())
        .then(|| token.trim().to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn password_hash_verifies_only_the_password() {
        let hash = hash_password("correct horse").unwrap();

        assert!(verify_password("correct horse", &hash));
        assert!(!verify_password("wrong horse", &hash));
        assert!(!verify_password("correct horse", "not a hash"));
    }

    #[test]
    fn access_token_round_trips_and_rejects_tampering() {
        let keys = TokenKeys::random();
        let user = Uuid::now_v7();
        let token = keys.issue(user, Uuid::now_v7()).unwrap();

        assert_eq!(keys.verify(&token).ok(), Some(user));
        let tampered = format!("{}x", token);
        assert!(keys.verify(&tampered).is_err());
        assert!(TokenKeys::random().verify(&token).is_err());
    }

    #[test]
    fn unsigned_token_is_rejected() {
        let keys = TokenKeys::random();
        let engine = base64::engine::general_purpose::URL_SAFE_NO_PAD;
        let header = engine.encode(r#"{"alg":"none","typ":"JWT"}"#);
        let exp = chrono::Utc::now().timestamp() + 600;
        let claims = engine.encode(format!(
            r#"{{"sub":"{}","org":"x","iat":0,"exp":{exp},"jti":"x"}}"#,
            Uuid::now_v7()
        ));

        assert!(keys.verify(&format!("{header}.{claims}.")).is_err());
    }

    #[test]
    fn account_delay_grows_and_is_capped() {
        let policy = LoginPolicy::default();

        assert_eq!(policy.account_delay(4), Duration::ZERO);
        assert_eq!(policy.account_delay(5), Duration::from_secs(2));
        assert_eq!(policy.account_delay(6), Duration::from_secs(4));
        assert_eq!(policy.account_delay(60), policy.account_max_delay);
    }

    #[test]
    fn address_limiter_blocks_after_the_limit() {
        let policy = LoginPolicy {
            address_attempts_per_window: 2,
            ..LoginPolicy::default()
        };
        let limiter = AddressLimiter::default();
        let address: IpAddr = "127.0.0.1".parse().unwrap();

        assert_eq!(limiter.check(address, &policy), None);
        assert_eq!(limiter.check(address, &policy), None);
        assert!(limiter.check(address, &policy).is_some());
    }
}

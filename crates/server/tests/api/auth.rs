//! Logins, token refresh and rotation, logout, back-off and token forgery.

use std::time::Duration;

use trackchild_server::app::Settings;
use trackchild_server::auth::LoginPolicy;

use crate::helpers::{PASSWORD, TestApp, on_both_backends};

async fn login_returns_tokens_and_cookie(app: TestApp) {
    let response = app
        .http()
        .post(app.url("/api/v1/auth/login"))
        .json(&serde_json::json!({"username": "demo-police", "password": PASSWORD}))
        .send()
        .await
        .unwrap();

    assert_eq!(response.status(), 200);
    let cookie = response
        .headers()
        .get("set-cookie")
        .expect("refresh cookie")
        .to_str()
        .unwrap()
        .to_string();
    assert!(cookie.starts_with("trackchild_refresh="), "{cookie}");
    assert!(cookie.contains("HttpOnly"), "{cookie}");
    assert!(cookie.contains("SameSite=Strict"), "{cookie}");
    let body: serde_json::Value = response.json().await.unwrap();
    assert_eq!(body["token_type"], "Bearer");
    assert_eq!(body["expires_in"], 900);
    assert!(
        body["refresh_token"]
            .as_str()
            .is_some_and(|t| t.len() >= 40)
    );
}
on_both_backends!(login_returns_tokens_and_cookie);

async fn me_names_user_and_organisation(app: TestApp) {
    let police = app.login("demo-police").await;

    let me = police.me().await.unwrap();

    assert_eq!(me.username, "demo-police");
    assert_eq!(me.role, "officer");
    assert_eq!(me.organisation.org_type, "police_station");
    assert_eq!(me.organisation.jurisdiction.district_code, Some(490));
}
on_both_backends!(me_names_user_and_organisation);

async fn wrong_password_is_rejected(app: TestApp) {
    let error = app
        .client()
        .login("demo-police", "not the password")
        .await
        .expect_err("rejected");

    assert_eq!(error.status(), Some(401));
    assert_eq!(error.code(), Some("invalid_credentials"));
    let unknown = app
        .client()
        .login("nobody", PASSWORD)
        .await
        .expect_err("rejected");
    assert_eq!(unknown.code(), Some("invalid_credentials"));
}
on_both_backends!(wrong_password_is_rejected);

async fn refresh_rotates_and_reuse_revokes_family(app: TestApp) {
    let police = app.login("demo-police").await;
    let first = police.refresh_token();

    let rotated = app
        .client()
        .refresh(&first)
        .await
        .expect("first refresh works");
    let second = rotated.refresh_token();
    assert_ne!(first, second);

    let reuse = app
        .client()
        .refresh(&first)
        .await
        .expect_err("reuse is refused");
    assert_eq!(reuse.code(), Some("invalid_token"));
    let after_reuse = app
        .client()
        .refresh(&second)
        .await
        .expect_err("the family was revoked");
    assert_eq!(after_reuse.code(), Some("invalid_token"));
}
on_both_backends!(refresh_rotates_and_reuse_revokes_family);

async fn logout_revokes_refresh_token(app: TestApp) {
    let police = app.login("demo-police").await;
    let token = police.refresh_token();

    police.logout().await.expect("logout");

    let error = app.client().refresh(&token).await.expect_err("revoked");
    assert_eq!(error.status(), Some(401));
}
on_both_backends!(logout_revokes_refresh_token);

async fn requests_without_valid_token_are_401(app: TestApp) {
    let police = app.login("demo-police").await;
    let token = police.access_token();
    // Changing a character inside the claims keeps the token well-formed but breaks the signature.
    let mut parts: Vec<String> = token.split('.').map(str::to_string).collect();
    let middle = parts[1].len() / 2;
    let replacement = if &parts[1][middle..=middle] == "A" {
        "B"
    } else {
        "A"
    };
    parts[1].replace_range(middle..=middle, replacement);
    let tampered = parts.join(".");
    let engine = base64_url(r#"{"alg":"none","typ":"JWT"}"#);
    let claims = base64_url(&format!(
        r#"{{"sub":"{}","org":"x","iat":0,"exp":4102444800,"jti":"x"}}"#,
        police.me().await.unwrap().id
    ));
    let unsigned = format!("{engine}.{claims}.");

    for (description, header) in [
        ("no header", None),
        ("tampered", Some(tampered)),
        ("alg none", Some(unsigned)),
        ("not bearer", Some(format!("Basic {token}"))),
    ] {
        let mut request = app.http().get(app.url("/api/v1/missing-reports"));
        if let Some(header) = header {
            let value = if header.starts_with("Basic ") {
                header
            } else {
                format!("Bearer {header}")
            };
            request = request.header("authorization", value);
        }
        let response = request.send().await.unwrap();
        assert_eq!(response.status(), 401, "{description}");
        let problem: serde_json::Value = response.json().await.unwrap();
        assert!(
            matches!(
                problem["code"].as_str(),
                Some("unauthenticated" | "invalid_token")
            ),
            "{description}: {problem}"
        );
    }
}
on_both_backends!(requests_without_valid_token_are_401);

fn base64_url(text: &str) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    let bytes = text.as_bytes();
    let mut out = String::new();
    for chunk in bytes.chunks(3) {
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |acc, (i, b)| acc | (u32::from(*b) << (16 - 8 * i)));
        for i in 0..=chunk.len() {
            out.push(char::from(ALPHABET[((n >> (18 - 6 * i)) & 63) as usize]));
        }
    }
    out
}

fn strict_login_policy() -> Settings {
    Settings {
        login_policy: LoginPolicy {
            account_free_failures: 2,
            account_base_delay: Duration::from_secs(30),
            ..LoginPolicy::default()
        },
        ..Settings::default()
    }
}

async fn repeated_failures_back_off(app: TestApp) {
    for _ in 0..2 {
        let error = app
            .client()
            .login("demo-cwc", "wrong")
            .await
            .expect_err("wrong password");
        assert_eq!(error.code(), Some("invalid_credentials"));
    }

    let response = app
        .http()
        .post(app.url("/api/v1/auth/login"))
        .json(&serde_json::json!({"username": "demo-cwc", "password": PASSWORD}))
        .send()
        .await
        .unwrap();

    assert_eq!(response.status(), 429);
    let retry_after: u64 = response
        .headers()
        .get("retry-after")
        .expect("Retry-After")
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!((1..=30).contains(&retry_after), "{retry_after}");
    app.login("demo-police").await;
}
on_both_backends!(repeated_failures_back_off, super::strict_login_policy());

fn tight_address_limit() -> Settings {
    Settings {
        login_policy: LoginPolicy {
            address_attempts_per_window: 3,
            ..LoginPolicy::default()
        },
        ..Settings::default()
    }
}

async fn login_rate_limit_per_address(app: TestApp) {
    for _ in 0..3 {
        app.login("demo-police").await;
    }

    let error = app
        .client()
        .login("demo-police", PASSWORD)
        .await
        .expect_err("limited");

    assert_eq!(error.status(), Some(429));
    assert_eq!(error.code(), Some("too_many_attempts"));
}
on_both_backends!(login_rate_limit_per_address, super::tight_address_limit());

async fn expired_and_foreign_tokens_are_401(app: TestApp) {
    let police = app.login("demo-police").await;
    let me = police.me().await.unwrap();
    let now = chrono::Utc::now().timestamp();
    let claims = |exp: i64| serde_json::json!({"sub": me.id, "org": me.organisation.id, "iat": exp - 900, "exp": exp, "jti": "x"});
    let sign = |secret: &[u8], exp: i64| {
        let key = jsonwebtoken::EncodingKey::from_secret(secret).unwrap();
        jsonwebtoken::encode(
            &jsonwebtoken::Header::new(jsonwebtoken::Algorithm::HS256),
            &claims(exp),
            &key,
        )
        .unwrap()
    };
    let fresh = sign(crate::helpers::TOKEN_SECRET, now + 600);
    let expired = sign(crate::helpers::TOKEN_SECRET, now - 60);
    let foreign = sign(b"another server's secret, also long enough", now + 600);
    let unknown_user = {
        let key = jsonwebtoken::EncodingKey::from_secret(crate::helpers::TOKEN_SECRET).unwrap();
        let body = serde_json::json!({"sub": uuid::Uuid::now_v7(), "org": me.organisation.id, "iat": now, "exp": now + 600, "jti": "x"});
        jsonwebtoken::encode(
            &jsonwebtoken::Header::new(jsonwebtoken::Algorithm::HS256),
            &body,
            &key,
        )
        .unwrap()
    };

    let status = |token: String| {
        let request = app
            .http()
            .get(app.url("/api/v1/auth/me"))
            .bearer_auth(token);
        async move { request.send().await.unwrap().status().as_u16() }
    };

    assert_eq!(status(fresh).await, 200, "the forging works at all");
    assert_eq!(status(expired).await, 401);
    assert_eq!(status(foreign).await, 401);
    assert_eq!(status(unknown_user).await, 401);
}
on_both_backends!(expired_and_foreign_tokens_are_401);

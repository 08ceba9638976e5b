//! The client against a one-shot fake HTTP server on 127.0.0.1: what it sends (method, path,
//! headers, body) and how it reads responses, without the real TrackChild server.

use serde_json::json;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;
use tokio::sync::oneshot;
use trackchild_client::codes::MatchStatus;
use trackchild_client::wire::TokenResponse;
use trackchild_client::{AuthedClient, Client, ClientError, ListQuery};
use uuid::Uuid;

/// A request as the fake server received it.
struct Received {
    head: String,
    body: String,
}

impl Received {
    fn request_line(&self) -> &str {
        self.head.lines().next().unwrap_or_default()
    }

    fn header(&self, name: &str) -> Option<String> {
        self.head.lines().skip(1).find_map(|line| {
            let (key, value) = line.split_once(':')?;
            key.eq_ignore_ascii_case(name)
                .then(|| value.trim().to_string())
        })
    }
}

/// Starts a server that responds to one request with `status`, `content_type` and `body`.
async fn serve_once(
    status: u16,
    content_type: &str,
    body: String,
) -> (String, oneshot::Receiver<Received>) {
    let listener = TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind a loopback port");
    let address = listener.local_addr().expect("listener has an address");
    let (sender, receiver) = oneshot::channel();
    let content_type = content_type.to_string();
    tokio::spawn(async move {
        let (mut socket, _) = listener.accept().await.expect("accept one connection");
        let received = read_request(&mut socket).await;
        let response = format!(
            "HTTP/1.1 {status} X\r\ncontent-type: {content_type}\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}",
            body.len()
        );
        socket
            .write_all(response.as_bytes())
            .await
            .expect("write response");
        let _ = sender.send(received);
    });
    (format!("http://{address}"), receiver)
}

async fn read_request(socket: &mut tokio::net::TcpStream) -> Received {
    let mut buffer = Vec::new();
    let mut chunk = [0_u8; 4096];
    loop {
        let read = socket.read(&mut chunk).await.expect("read request");
        buffer.extend_from_slice(&chunk[..read]);
        let text = String::from_utf8_lossy(&buffer).to_string();
        if let Some(end) = text.find("\r\n\r\n") {
            let head = text[..end].to_string();
            let length = head
                .lines()
                .find_map(|line| {
                    line.to_ascii_lowercase()
                        .strip_prefix("content-length:")
                        .map(|v| v.trim().to_string())
                })
                .and_then(|v| v.parse::<usize>().ok())
                .unwrap_or(0);
            if buffer.len() >= end + 4 + length || read == 0 {
                let body = text[end + 4..].to_string();
                return Received { head, body };
            }
        }
        if read == 0 {
            return Received {
                head: text,
                body: String::new(),
            };
        }
    }
}

fn tokens() -> TokenResponse {
    TokenResponse {
        access_token: "access-token".to_string(),
        refresh_token: "refresh-token".to_string(),
        token_type: "Bearer".to_string(),
        expires_in: 900,
    }
}

fn authed(base_url: &str) -> AuthedClient {
    AuthedClient::from_tokens(Client::new(base_url), tokens())
}

#[tokio::test]
async fn login_posts_credentials_and_keeps_tokens() {
    let (base_url, received) =
        serve_once(200, "application/json", json!(tokens()).to_string()).await;

    let client = Client::new(&base_url)
        .login("demo-police", "trackchild-demo")
        .await
        .expect("login succeeds");

    let request = received.await.expect("server saw the request");
    assert_eq!(request.request_line(), "POST /api/v1/auth/login HTTP/1.1");
    let body: serde_json::Value = serde_json::from_str(&request.body).expect("JSON body");
    assert_eq!(
        body,
        json!({"username": "demo-police", "password": "trackchild-demo"})
    );
    assert_eq!(client.access_token(), "access-token");
    assert_eq!(client.refresh_token(), "refresh-token");
    assert_eq!(client.base_url(), base_url);
}

#[tokio::test]
async fn validation_problem_is_decoded() {
    let problem = json!({
        "type": "about:blank", "title": "Invalid request", "status": 422,
        "detail": "2 fields are invalid", "code": "validation_failed",
        "errors": [
            {"field": "child.sex", "code": "required", "message": "child.sex is required"},
            {"field": "last_seen_date", "code": "future_date", "message": "in the future"}
        ]
    });
    let (base_url, _received) =
        serve_once(422, "application/problem+json", problem.to_string()).await;

    let error = authed(&base_url)
        .create_missing_report_json(&json!({}))
        .await
        .expect_err("422");

    assert_eq!(error.status(), Some(422));
    assert_eq!(error.code(), Some("validation_failed"));
    let fields: Vec<&str> = error
        .field_errors()
        .iter()
        .map(|e| e.field.as_str())
        .collect();
    assert_eq!(fields, vec!["child.sex", "last_seen_date"]);
}

#[tokio::test]
async fn patch_sends_if_match_and_merge_patch() {
    let (base_url, received) = serve_once(412, "application/problem+json", String::new()).await;
    let id = Uuid::nil();

    let error = authed(&base_url)
        .patch_missing_report(id, 3, &json!({"fir_number": "12/2026"}))
        .await
        .expect_err("412");

    let request = received.await.expect("server saw the request");
    assert_eq!(
        request.request_line(),
        format!("PATCH /api/v1/missing-reports/{id} HTTP/1.1")
    );
    assert_eq!(request.header("if-match").as_deref(), Some("\"3\""));
    assert_eq!(
        request.header("content-type").as_deref(),
        Some("application/merge-patch+json")
    );
    assert_eq!(
        request.header("authorization").as_deref(),
        Some("Bearer access-token")
    );
    assert_eq!(request.body, r#"{"fir_number":"12/2026"}"#);
    assert_eq!(error.status(), Some(412));
    assert_eq!(error.code(), Some(trackchild_client::UNEXPECTED_RESPONSE));
}

#[tokio::test]
async fn list_matches_sends_filters_and_paging() {
    let (base_url, received) = serve_once(
        200,
        "application/json",
        json!({"items": [], "next_cursor": null}).to_string(),
    )
    .await;

    let page = authed(&base_url)
        .list_matches(
            Some(MatchStatus::Suggested),
            &ListQuery::first().limit(5).cursor("a b&c"),
        )
        .await
        .expect("empty page");

    let request = received.await.expect("server saw the request");
    assert_eq!(
        request.request_line(),
        "GET /api/v1/matches?status=suggested&limit=5&cursor=a+b%26c HTTP/1.1"
    );
    assert!(page.items.is_empty());
    assert_eq!(page.next_cursor, None);
}

#[tokio::test]
async fn list_without_filters_has_no_query() {
    let (base_url, received) = serve_once(
        200,
        "application/json",
        json!({"items": [], "next_cursor": null}).to_string(),
    )
    .await;

    authed(&base_url)
        .list_missing_reports(&ListQuery::first())
        .await
        .expect("empty page");

    let request = received.await.expect("server saw the request");
    assert_eq!(
        request.request_line(),
        "GET /api/v1/missing-reports HTTP/1.1"
    );
}

#[tokio::test]
async fn refresh_rotates_tokens_in_every_clone() {
    let rotated = TokenResponse {
        access_token: "access-2".into(),
        refresh_token: "refresh-2".into(),
        ..tokens()
    };
    let (base_url, received) =
        serve_once(200, "application/json", json!(rotated).to_string()).await;
    let client = authed(&base_url);
    let clone = client.clone();

    client.refresh().await.expect("refresh succeeds");

    let request = received.await.expect("server saw the request");
    assert_eq!(request.request_line(), "POST /api/v1/auth/refresh HTTP/1.1");
    assert_eq!(request.body, r#"{"refresh_token":"refresh-token"}"#);
    assert_eq!(clone.access_token(), "access-2");
    assert_eq!(clone.refresh_token(), "refresh-2");
}

#[tokio::test]
async fn logout_accepts_no_content() {
    let (base_url, received) = serve_once(204, "text/plain", String::new()).await;

    authed(&base_url).logout().await.expect("204 is success");

    let request = received.await.expect("server saw the request");
    assert_eq!(request.request_line(), "POST /api/v1/auth/logout HTTP/1.1");
    assert_eq!(
        request.header("authorization").as_deref(),
        Some("Bearer access-token")
    );
}

#[tokio::test]
async fn success_with_wrong_body_is_decode_error() {
    let (base_url, _received) =
        serve_once(200, "application/json", "{\"id\": 5}".to_string()).await;

    let error = authed(&base_url).me().await.expect_err("not a Me");

    assert!(matches!(error, ClientError::Decode(_)), "{error:?}");
}

#[tokio::test]
async fn closed_port_is_transport_error() {
    let listener = TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind a loopback port");
    let address = listener.local_addr().expect("listener has an address");
    drop(listener);

    let error = Client::new(format!("http://{address}"))
        .states()
        .await
        .expect_err("nothing listens");

    assert!(matches!(error, ClientError::Transport(_)), "{error:?}");
}

#[tokio::test]
async fn idempotent_clone_sends_key_on_posts() {
    let (base_url, received) = serve_once(422, "application/problem+json", String::new()).await;
    let client = authed(&base_url);

    let _ = client
        .idempotent("key-1")
        .create_found_report_json(&json!({}))
        .await;

    let request = received.await.expect("server saw the request");
    assert_eq!(request.header("idempotency-key").as_deref(), Some("key-1"));
}

#[tokio::test]
async fn plain_client_sends_no_idempotency_key() {
    let (base_url, received) = serve_once(422, "application/problem+json", String::new()).await;

    let _ = authed(&base_url).create_found_report_json(&json!({})).await;

    let request = received.await.expect("server saw the request");
    assert_eq!(request.header("idempotency-key"), None);
}

#[tokio::test]
async fn unlink_posts_the_note() {
    let (base_url, received) = serve_once(409, "application/problem+json", String::new()).await;
    let id = Uuid::nil();
    let request = trackchild_client::wire::UnlinkMatch {
        note: "Wrong child; DNA differs".to_string(),
    };

    let error = authed(&base_url)
        .unlink_match(id, &request)
        .await
        .expect_err("409");

    let seen = received.await.expect("server saw the request");
    assert_eq!(
        seen.request_line(),
        format!("POST /api/v1/matches/{id}/unlink HTTP/1.1")
    );
    assert_eq!(seen.body, r#"{"note":"Wrong child; DNA differs"}"#);
    assert_eq!(error.status(), Some(409));
}

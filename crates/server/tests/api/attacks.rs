//! Hostile and malformed requests: each gets the right 4xx and changes nothing.

use std::io::{Read, Write};
use std::net::TcpStream;

use trackchild_client::ListQuery;
use trackchild_domain::examples::missing_report_example;

use crate::helpers::{TestApp, on_both_backends};

/// Sends raw bytes and returns the status code of the response.
fn raw_status(base_url: &str, request: &[u8]) -> u16 {
    let address = base_url.trim_start_matches("http://");
    let mut stream = TcpStream::connect(address).expect("connect");
    stream
        .set_read_timeout(Some(std::time::Duration::from_secs(10)))
        .expect("timeout");
    stream.write_all(request).expect("write");
    let mut response = Vec::new();
    let mut buffer = [0u8; 4096];
    while let Ok(n) = stream.read(&mut buffer) {
        if n == 0 {
            break;
        }
        response.extend_from_slice(&buffer[..n]);
        if response.windows(4).any(|w| w == b"\r\n\r\n") {
            break;
        }
    }
    let text = String::from_utf8_lossy(&response);
    text.split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0)
}

async fn malformed_bodies_get_problems(app: TestApp) {
    let police = app.login("demo-police").await;
    let url = app.url("/api/v1/missing-reports");

    let broken = app
        .http()
        .post(&url)
        .bearer_auth(police.access_token())
        .header("content-type", "application/json")
        .body("{\"child\": ")
        .send()
        .await
        .unwrap();
    let wrong_type = app
        .http()
        .post(&url)
        .bearer_auth(police.access_token())
        .header("content-type", "text/plain")
        .body("hello")
        .send()
        .await
        .unwrap();
    let huge = app
        .http()
        .post(&url)
        .bearer_auth(police.access_token())
        .header("content-type", "application/json")
        .body(format!("{{\"x\": \"{}\"}}", "a".repeat(300 * 1024)))
        .send()
        .await
        .unwrap();
    let array = app
        .http()
        .post(&url)
        .bearer_auth(police.access_token())
        .json(&serde_json::json!([1, 2]))
        .send()
        .await
        .unwrap();

    assert_eq!(broken.status(), 400);
    assert_eq!(
        broken.headers().get("content-type").unwrap(),
        "application/problem+json"
    );
    assert_eq!(wrong_type.status(), 415);
    assert_eq!(huge.status(), 413);
    assert_eq!(array.status(), 422);
    assert!(
        police
            .list_missing_reports(&ListQuery::first())
            .await
            .unwrap()
            .items
            .is_empty()
    );
}
on_both_backends!(malformed_bodies_get_problems);

async fn injection_strings_in_filters_match_nothing(app: TestApp) {
    let police = app.login("demo-police").await;
    police
        .create_missing_report_json(&missing_report_example())
        .await
        .unwrap();

    for filter in [
        "' OR '1'='1",
        "reported'; DROP TABLE reports; --",
        "%",
        "\u{0}",
    ] {
        let response = app
            .http()
            .get(app.url("/api/v1/missing-reports"))
            .query(&[("status", filter)])
            .bearer_auth(police.access_token())
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 422, "{filter:?}");
        let problem: serde_json::Value = response.json().await.unwrap();
        assert_eq!(problem["errors"][0]["field"], "status", "{filter:?}");
    }
    for filter in ["' OR '1'='1", "\u{0}"] {
        let response = app
            .http()
            .get(app.url("/api/v1/matches"))
            .query(&[("status", filter)])
            .bearer_auth(police.access_token())
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 422, "{filter:?}");
    }

    let cursor = app
        .http()
        .get(app.url("/api/v1/missing-reports?cursor=' OR 1=1 --"))
        .bearer_auth(police.access_token())
        .send()
        .await
        .unwrap();
    assert_eq!(cursor.status(), 422);
    assert_eq!(
        police
            .list_missing_reports(&ListQuery::first())
            .await
            .unwrap()
            .items
            .len(),
        1,
        "data unchanged"
    );
}
on_both_backends!(injection_strings_in_filters_match_nothing);

async fn bad_paths_and_ids_are_404(app: TestApp) {
    let police = app.login("demo-police").await;

    for path in [
        "/api/v1/missing-reports/not-a-uuid",
        "/api/v1/nothing-here",
        "/api/v1/matches/00000000-0000-0000-0000-000000000000",
    ] {
        let response = app
            .http()
            .get(app.url(path))
            .bearer_auth(police.access_token())
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 404, "{path}");
        let problem: serde_json::Value = response.json().await.unwrap();
        assert_eq!(problem["code"], "not_found", "{path}");
    }
}
on_both_backends!(bad_paths_and_ids_are_404);

async fn garbage_http_is_rejected(app: TestApp) {
    let base = app.base_url.clone();

    let status = actix_web::rt::task::spawn_blocking(move || {
        raw_status(&base, b"POST /api/v1/auth/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 5\r\n\r\n\xff\xfe\x00{]")
    })
    .await
    .unwrap();

    assert_eq!(status, 400);
}
on_both_backends!(garbage_http_is_rejected);

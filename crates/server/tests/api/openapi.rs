//! The OpenAPI document: committed copy, examples, and the explorer pages.

use trackchild_domain::input::{parse_found_report, parse_missing_report};

use crate::helpers::{TestApp, on_both_backends};

#[test]
fn committed_spec_matches_the_code() {
    let committed = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../api-spec/openapi.json"
    ))
    .expect("api-spec/openapi.json exists");

    let generated = trackchild_server::openapi::document_json();

    assert!(
        committed == generated,
        "api-spec/openapi.json is out of date; run `just spec` and commit it"
    );
}

#[test]
fn request_examples_are_valid_requests() {
    let document: serde_json::Value =
        serde_json::from_str(&trackchild_server::openapi::document_json()).unwrap();
    let schemas = &document["components"]["schemas"];
    let today = chrono::NaiveDate::from_ymd_opt(2026, 12, 4).unwrap();

    let missing = &schemas["NewMissingReport"]["example"];
    let found = &schemas["NewFoundReport"]["example"];

    assert!(parse_missing_report(missing, today).is_ok(), "{missing}");
    assert!(parse_found_report(found, today).is_ok(), "{found}");
    for name in [
        "ConfirmMatch",
        "RejectMatch",
        "LoginRequest",
        "RefreshRequest",
    ] {
        assert!(
            schemas[name]["example"].is_object(),
            "{name} has an example"
        );
    }
}

async fn explorer_and_document_are_served(app: TestApp) {
    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();

    let docs = client.get(app.url("/docs")).send().await.unwrap();
    let docs_slash = app.http().get(app.url("/docs/")).send().await.unwrap();
    let document = app
        .http()
        .get(app.url("/api/v1/openapi.json"))
        .send()
        .await
        .unwrap();

    assert!(docs.status().is_redirection(), "{}", docs.status());
    assert_eq!(docs_slash.status(), 200);
    assert!(
        docs_slash.text().await.unwrap().contains("swagger"),
        "Swagger UI page"
    );
    let document: serde_json::Value = document.json().await.unwrap();
    assert!(
        document["openapi"]
            .as_str()
            .is_some_and(|v| v.starts_with("3.1"))
    );
    assert!(document["paths"]["/api/v1/missing-reports"]["post"].is_object());
}
on_both_backends!(explorer_and_document_are_served);

async fn health_and_metrics_answer(app: TestApp) {
    let health = app.http().get(app.url("/healthz")).send().await.unwrap();
    let ready = app.http().get(app.url("/readyz")).send().await.unwrap();
    let metrics = app
        .http()
        .get(app.url("/metrics"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let root = app.http().get(app.url("/")).send().await.unwrap();

    assert_eq!(health.status(), 200);
    assert_eq!(ready.status(), 200);
    assert!(
        metrics.contains("trackchild_http_requests_total"),
        "{metrics}"
    );
    assert_eq!(root.status(), 200, "/ always answers");
}
on_both_backends!(health_and_metrics_answer);

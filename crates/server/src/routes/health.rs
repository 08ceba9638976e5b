//! `/healthz`, `/readyz` and `/metrics`.

use std::sync::atomic::Ordering;

use actix_web::{HttpResponse, get, web};
use trackchild_store::jobs;

use crate::app::AppState;

/// The process is running.
#[utoipa::path(get, path = "/healthz", tag = "operations", responses((status = 200, description = "Running")))]
#[get("/healthz")]
pub async fn healthz() -> HttpResponse {
    HttpResponse::Ok().json(serde_json::json!({"status": "ok"}))
}

/// The database is reachable and every migration is applied.
#[utoipa::path(get, path = "/readyz", tag = "operations", responses((status = 200, description = "Ready"), (status = 503, description = "Not ready")))]
#[get("/readyz")]
pub async fn readyz(state: web::Data<AppState>) -> HttpResponse {
    let store = state.store.clone();
    match web::block(move || store.migrations_applied()).await {
        Ok(Ok(true)) => HttpResponse::Ok().json(serde_json::json!({"status": "ready"})),
        Ok(Ok(false)) => HttpResponse::ServiceUnavailable()
            .json(serde_json::json!({"status": "migrations_pending"})),
        Ok(Err(error)) => {
            tracing::warn!(error = %error, "readiness check failed");
            HttpResponse::ServiceUnavailable()
                .json(serde_json::json!({"status": "database_unreachable"}))
        }
        Err(_) => HttpResponse::ServiceUnavailable()
            .json(serde_json::json!({"status": "database_unreachable"})),
    }
}

/// Prometheus text exposition of request, matcher and queue counters.
#[utoipa::path(get, path = "/metrics", tag = "operations", responses((status = 200, description = "Prometheus text format", content_type = "text/plain")))]
#[get("/metrics")]
pub async fn metrics(state: web::Data<AppState>) -> HttpResponse {
    let store = state.store.clone();
    let pending = web::block(move || store.read(jobs::pending_count))
        .await
        .ok()
        .and_then(Result::ok)
        .unwrap_or(-1);
    let (missing, found) = state.matcher.sizes();
    let counters = [
        (
            "trackchild_http_requests_total",
            "counter",
            "HTTP requests served",
            state.request_stats.requests.load(Ordering::Relaxed) as i64,
        ),
        (
            "trackchild_http_server_errors_total",
            "counter",
            "HTTP responses with status 5xx",
            state.request_stats.server_errors.load(Ordering::Relaxed) as i64,
        ),
        (
            "trackchild_matcher_passes_total",
            "counter",
            "Matcher passes over the job queue",
            state.matcher_stats.passes.load(Ordering::Relaxed) as i64,
        ),
        (
            "trackchild_match_suggestions_total",
            "counter",
            "New suggestions stored",
            state.matcher_stats.suggestions.load(Ordering::Relaxed) as i64,
        ),
        (
            "trackchild_match_jobs_pending",
            "gauge",
            "Re-match jobs waiting",
            pending,
        ),
        (
            "trackchild_index_open_missing_reports",
            "gauge",
            "Open missing reports in the matcher index",
            missing as i64,
        ),
        (
            "trackchild_index_open_found_reports",
            "gauge",
            "Open found reports in the matcher index",
            found as i64,
        ),
    ];
    let model = state.matcher.model_info();
    let model_gauges = [
        (
            "trackchild_matcher_model_fitted",
            "1 when the match weights are fitted to the open reports, 0 when hand-written",
            f64::from(u8::from(model.fitted)),
        ),
        (
            "trackchild_matcher_model_prior_bits",
            "Prior log2-odds of a pair in the model in use",
            model.prior_bits,
        ),
        (
            "trackchild_matcher_model_expected_true_pairs",
            "True pairs the last fit expects among the candidate pairs",
            model.expected_true_pairs,
        ),
        (
            "trackchild_matcher_one_to_one_shift_bits",
            "Log2-odds added to every pair before rival reports are weighed against it",
            model.one_to_one_shift_bits,
        ),
        (
            "trackchild_matcher_model_decisions",
            "Confirmed, rejected and unlinked pairs the last fit used",
            model.decisions as f64,
        ),
        (
            "trackchild_matcher_changes_since_fit",
            "Re-matched reports and weighted decisions counted towards the next model fit",
            state.matcher.changes_since_fit() as f64,
        ),
    ];
    let mut text = String::new();
    for (name, kind, help, value) in counters {
        text.push_str(&format!(
            "# HELP {name} {help}\n# TYPE {name} {kind}\n{name} {value}\n"
        ));
    }
    for (name, help, value) in model_gauges {
        text.push_str(&format!(
            "# HELP {name} {help}\n# TYPE {name} gauge\n{name} {value}\n"
        ));
    }
    HttpResponse::Ok()
        .content_type("text/plain; version=0.0.4")
        .body(text)
}

/// What this server can do that depends on its installation.
#[derive(Debug, serde::Serialize, utoipa::ToSchema)]
pub struct Capabilities {
    /// `true` when the face models are installed and face evidence feeds the matcher.
    pub face_evidence: bool,
}

/// Optional capabilities of this installation, for the SPA to explain what is off.
#[utoipa::path(get, path = "/api/v1/capabilities", tag = "operations", responses((status = 200, body = Capabilities)))]
#[get("/capabilities")]
pub async fn capabilities(state: web::Data<AppState>) -> HttpResponse {
    HttpResponse::Ok().json(Capabilities {
        face_evidence: state.faces.is_some(),
    })
}

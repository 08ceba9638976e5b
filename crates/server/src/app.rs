//! Application state and the actix-web app: routes, extractor error handling, request logging,
//! the OpenAPI explorer and the SPA's static files.

use std::net::TcpListener;
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Instant;

use actix_web::body::MessageBody;
use actix_web::dev::{Server, ServiceRequest, ServiceResponse};
use actix_web::http::header;
use actix_web::middleware::Next;
use actix_web::{App, HttpMessage, HttpRequest, HttpResponse, HttpServer, web};
use chrono::{FixedOffset, NaiveDate, Utc};
use trackchild_store::Store;
use utoipa::OpenApi;
use utoipa_swagger_ui::SwaggerUi;

use crate::auth::{ActorId, AddressLimiter, LoginPolicy, TokenKeys};
use crate::error::ApiError;
use crate::matcher::{Matcher, MatcherStats};
use crate::openapi::ApiDoc;
use crate::routes;

/// Largest accepted JSON body.
pub const MAX_JSON_BYTES: usize = 256 * 1024;

/// Settings that do not change while the server runs.
#[derive(Debug, Clone)]
pub struct Settings {
    /// Offset of the time zone whose calendar dates validate input (India: +05:30).
    pub reporting_offset: FixedOffset,
    /// Directory of the built SPA, if any.
    pub static_dir: Option<PathBuf>,
    pub login_policy: LoginPolicy,
    /// Suggestion threshold on the calibrated match probability.
    pub match_threshold: f64,
    /// Directory of the filesystem photo store.
    pub photo_dir: PathBuf,
    pub photo_limits: trackchild_vision::Limits,
    /// Directory of the face models; face evidence is off when absent or unloadable.
    pub models_dir: Option<PathBuf>,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            reporting_offset: FixedOffset::east_opt(5 * 3600 + 30 * 60)
                .expect("+05:30 is a valid offset"),
            static_dir: None,
            login_policy: LoginPolicy::default(),
            match_threshold: trackchild_domain::matching::DEFAULT_THRESHOLD,
            photo_dir: PathBuf::from("data/photos"),
            photo_limits: trackchild_vision::Limits::default(),
            models_dir: None,
        }
    }
}

/// Request counters for `/metrics`.
#[derive(Default)]
pub struct RequestStats {
    pub requests: AtomicU64,
    pub server_errors: AtomicU64,
}

/// Everything handlers share.
pub struct AppState {
    pub store: Store,
    pub keys: TokenKeys,
    pub settings: Settings,
    pub matcher: Matcher,
    pub matcher_stats: Arc<MatcherStats>,
    pub request_stats: RequestStats,
    pub login_limiter: AddressLimiter,
    pub photos: Arc<dyn trackchild_vision::PhotoStore>,
    /// Loaded face models; `None` means face evidence is off.
    pub faces: Option<Arc<trackchild_vision::faces::FaceModels>>,
}

impl AppState {
    /// Today's date where reports are made (India by default), for date validation.
    pub fn today(&self) -> NaiveDate {
        Utc::now()
            .with_timezone(&self.settings.reporting_offset)
            .date_naive()
    }
}

/// Builds the state, loads the matcher index and starts the matcher worker.
pub fn build_state(
    store: Store,
    settings: Settings,
    keys: TokenKeys,
) -> anyhow::Result<web::Data<AppState>> {
    let matcher = Matcher::load(store.clone(), settings.match_threshold)?;
    let photos =
        trackchild_vision::FsPhotoStore::open(settings.photo_dir.clone()).map_err(|e| {
            anyhow::anyhow!(
                "opening the photo store at {}: {e}",
                settings.photo_dir.display()
            )
        })?;
    let faces = load_face_models(settings.models_dir.as_deref());
    let matcher_stats = Arc::new(MatcherStats::default());
    matcher.spawn_worker(matcher_stats.clone());
    Ok(web::Data::new(AppState {
        store,
        keys,
        settings,
        matcher,
        matcher_stats,
        request_stats: RequestStats::default(),
        login_limiter: AddressLimiter::default(),
        photos: Arc::new(photos),
        faces,
    }))
}

fn load_face_models(
    dir: Option<&std::path::Path>,
) -> Option<Arc<trackchild_vision::faces::FaceModels>> {
    let Some(dir) = dir else {
        tracing::warn!(
            "face evidence is off: no face models directory; run `just models` to install them"
        );
        return None;
    };
    match trackchild_vision::faces::FaceModels::load(dir) {
        Ok(models) => {
            tracing::info!(dir = %dir.display(), "face models loaded; face evidence is on");
            Some(Arc::new(models))
        }
        Err(error) => {
            tracing::warn!(error = %error, "face evidence is off");
            None
        }
    }
}

/// Starts the HTTP server on an already bound listener.
pub fn serve(
    listener: TcpListener,
    state: web::Data<AppState>,
    workers: usize,
) -> std::io::Result<Server> {
    let server = HttpServer::new(move || {
        App::new()
            .app_data(state.clone())
            .app_data(json_config())
            .app_data(query_config())
            .app_data(path_config())
            .wrap(actix_web::middleware::from_fn(log_request))
            .configure(|cfg| configure(cfg, &state))
    })
    .workers(workers)
    .listen(listener)?
    .run();
    Ok(server)
}

fn configure(cfg: &mut web::ServiceConfig, state: &web::Data<AppState>) {
    cfg.service(routes::health::healthz)
        .service(routes::health::readyz)
        .service(routes::health::metrics);
    cfg.service(
        web::scope("/api/v1")
            .configure(routes::auth::configure)
            .configure(routes::reports::configure)
            .configure(routes::matches::configure)
            .configure(routes::oversight::configure)
            .configure(routes::admin::configure)
            .configure(routes::settings::configure)
            .configure(routes::photos::configure)
            .service(routes::health::capabilities)
            .service(routes::geography::states)
            .route("/openapi.json", web::get().to(openapi_document))
            .default_service(web::to(api_not_found)),
    );
    let swagger_config =
        utoipa_swagger_ui::Config::from("/api/v1/openapi.json").validator_url("none");
    cfg.route("/docs", web::get().to(redirect_to_docs));
    cfg.service(SwaggerUi::new("/docs/{_:.*}").config(swagger_config));
    routes::spa::configure(cfg, state.settings.static_dir.as_deref());
}

async fn openapi_document() -> HttpResponse {
    HttpResponse::Ok().json(ApiDoc::openapi())
}

async fn redirect_to_docs() -> HttpResponse {
    HttpResponse::PermanentRedirect()
        .insert_header((header::LOCATION, "/docs/"))
        .finish()
}

async fn api_not_found() -> Result<HttpResponse, ApiError> {
    Err(ApiError::NotFound)
}

fn json_config() -> web::JsonConfig {
    web::JsonConfig::default()
        .limit(MAX_JSON_BYTES)
        .error_handler(|error, _req| {
            use actix_web::error::JsonPayloadError;
            let api_error = match &error {
                JsonPayloadError::OverflowKnownLength { .. }
                | JsonPayloadError::Overflow { .. } => ApiError::PayloadTooLarge,
                JsonPayloadError::ContentType => ApiError::UnsupportedMediaType,
                JsonPayloadError::Deserialize(e) => {
                    ApiError::BadRequest(format!("the body is not valid JSON: {e}"))
                }
                _ => ApiError::BadRequest("the body could not be read as JSON".into()),
            };
            api_error.into()
        })
}

fn query_config() -> web::QueryConfig {
    web::QueryConfig::default().error_handler(|error, _req| {
        ApiError::BadRequest(format!("invalid query parameters: {error}")).into()
    })
}

fn path_config() -> web::PathConfig {
    web::PathConfig::default().error_handler(|_error, _req| ApiError::NotFound.into())
}

/// One log event per request: method, route pattern, status, duration and the acting user's id.
/// Never the path's values, query strings or bodies, which may carry names or phone numbers.
async fn log_request(
    req: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    let started = Instant::now();
    let method = req.method().clone();
    let route = req.match_pattern().unwrap_or_else(|| "unmatched".into());
    let request_id = uuid::Uuid::now_v7();
    let stats = req.app_data::<web::Data<AppState>>().cloned();
    let response = next.call(req).await?;
    let status = response.status();
    let actor = response
        .request()
        .extensions()
        .get::<ActorId>()
        .map(|a| a.0.to_string())
        .unwrap_or_default();
    if let Some(state) = stats {
        state.request_stats.requests.fetch_add(1, Ordering::Relaxed);
        if status.is_server_error() {
            state
                .request_stats
                .server_errors
                .fetch_add(1, Ordering::Relaxed);
        }
    }
    tracing::info!(%request_id, %method, route, status = status.as_u16(), duration_ms = started.elapsed().as_millis() as u64, actor, "request");
    Ok(response)
}

/// The client address for rate limiting: the TCP peer (a proxy in front must be trusted
/// explicitly before forwarded headers could be used, which this version does not do).
pub fn peer_ip(req: &HttpRequest) -> std::net::IpAddr {
    req.peer_addr()
        .map(|a| a.ip())
        .unwrap_or(std::net::IpAddr::V4(std::net::Ipv4Addr::LOCALHOST))
}

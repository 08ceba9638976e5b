//! `/api/v1/missing-reports` and `/api/v1/found-reports`: create, list, read, merge-patch, and the
//! suggestions of one report.
//!
//! Both kinds share the steps (parse in domain, authorise, store with a case number, wake the
//! matcher); the thin per-path handlers exist so the OpenAPI document describes each path.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, get, patch, post, web};
use chrono::Utc;
use serde_json::Value;
use trackchild_domain::access::{Action, Actor, Decision, Link, decide};
use trackchild_domain::codes::{FoundStatus, MissingStatus, ReportKind};
use trackchild_domain::input::{merge_patch, parse_found_report, parse_missing_report};
use trackchild_domain::names::transliterate_to_latin;
use trackchild_domain::search::name_search_keys;
use trackchild_domain::wire::{
    Child, FoundReport, MatchSuggestion, MissingReport, NewFoundReport, NewMissingReport, Page,
    Problem,
};
use trackchild_store::reports::{
    self, ListFilter, NewReport, ReportUpdate, StoredReport, class_of,
};
use trackchild_store::{matches, orgs};
use uuid::Uuid;

use crate::access::{read_report, record, resource_of};
use crate::app::AppState;
use crate::auth::Authenticated;
use crate::error::{ApiError, ApiResult};
use crate::routes::{JsonResponse, ListQuery, etag, idempotent, if_match_version};

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(create_missing)
        .service(list_missing)
        .service(get_missing)
        .service(patch_missing)
        .service(missing_matches)
        .service(create_found)
        .service(list_found)
        .service(get_found)
        .service(patch_found)
        .service(found_matches);
}

/// Files a missing-child e-file for the caller's police station.
#[utoipa::path(
    post, path = "/api/v1/missing-reports", tag = "missing reports",
    request_body = NewMissingReport,
    params(("Idempotency-Key" = Option<String>, Header, description = "Repeats within 24 h return the first response")),
    responses(
        (status = 201, description = "Created; Location and ETag headers are set", body = MissingReport),
        (status = 403, description = "Only police stations file missing reports", body = Problem),
        (status = 422, description = "Every invalid field", body = Problem),
    ),
    security(("bearer" = []))
)]
#[post("/missing-reports")]
async fn create_missing(
    state: web::Data<AppState>,
    Authenticated(actor): Authenticated,
    req: HttpRequest,
    body: web::Json<Value>,
) -> ApiResult<HttpResponse> {
    let body = body.into_inner();
    idempotent(&state, &actor, &req, "POST /missing-reports", || {
        create(state.clone(), actor.clone(), ReportKind::Missing, body)
    })
    .await
}

/// Registers a found child for the caller's CWC, DCPU or CCI.
#[utoipa::path(
    post, path = "/api/v1/found-reports", tag = "found reports",
    request_body = NewFoundReport,
    params(("Idempotency-Key" = Option<String>, Header, description = "Repeats within 24 h return the first response")),
    responses(
        (status = 201, description = "Created; Location and ETag headers are set", body = FoundReport),
        (status = 403, description = "Only CWCs, DCPUs and CCIs register found children", body = Problem),
        (status = 422, description = "Every invalid field", body = Problem),
    ),
    security(("bearer" = []))
)]
#[post("/found-reports")]
async fn create_found(
    state: web::Data<AppState>,
    Authenticated(actor): Authenticated,
    req: HttpRequest,
    body: web::Json<Value>,
) -> ApiResult<HttpResponse> {
    let body = body.into_inner();
    idempotent(&state, &actor, &req, "POST /found-reports", || {
        create(state.clone(), actor.clone(), ReportKind::Found, body)
    })
    .await
}

/// Missing reports in the caller's jurisdiction, newest first.
#[utoipa::path(
    get, path = "/api/v1/missing-reports", tag = "missing reports", params(ListQuery),
    responses((status = 200, body = Page<MissingReport>)),
    security(("bearer" = []))
)]
#[get("/missing-reports")]
async fn list_missing(
    state: web::Data<AppState>,
    Authenticated(actor): Authenticated,
    query: web::Query<ListQuery>,
) -> ApiResult<HttpResponse> {
    list(state, actor, ReportKind::Missing, query.into_inner()).await
}

/// Found reports in the caller's jurisdiction, newest first.
#[utoipa::path(
    get, path = "/api/v1/found-reports", tag = "found reports", params(ListQuery),
    responses((status = 200, body = Page<FoundReport>)),
    security(("bearer" = []))
)]
#[get("/found-reports")]
async fn list_found(
    state: web::Data<AppState>,
    Authenticated(actor): Authenticated,
    query: web::Query<ListQuery>,
) -> ApiResult<HttpResponse> {
    list(state, actor, ReportKind::Found, query.into_inner()).await
}

/// One missing report; its `ETag` is the version to send in `If-Match`.
#[utoipa::path(
    get, path = "/api/v1/missing-reports/{id}", tag = "missing reports",
    params(("id" = Uuid, Path)),
    responses((status = 200, body = MissingReport), (status = 404, body = Problem)),
    security(("bearer" = []))
)]
#[get("/missing-reports/{id}")]
async fn get_missing(
    state: web::Data<AppState>,
    Authenticated(actor): Authenticated,
    id: web::Path<Uuid>,
) -> ApiResult<HttpResponse> {
    let readable = read_report(&state, &actor, ReportKind::Missing, id.into_inner(), true).await?;
    Ok(respond(&readable.report, &readable.decision, StatusCode::OK)?.into_http())
}

/// One found report; its `ETag` is the version to send in `If-Match`.
#[utoipa::path(
    get, path = "/api/v1/found-reports/{id}", tag = "found reports",
    params(("id" = Uuid, Path)),
    responses((status = 200, body = FoundReport), (status = 404, body = Problem)),
    security(("bearer" = []))
)]
#[get("/found-reports/{id}")]
async fn get_found(
    state: web::Data<AppState>,
    Authenticated(actor): Authenticated,
    id: web::Path<Uuid>,
) -> ApiResult<HttpResponse> {
    let readable = read_report(&state, &actor, ReportKind::Found, id.into_inner(), true).await?;
    Ok(respond(&readable.report, &readable.decision, StatusCode::OK)?.into_http())
}

/// Changes a missing report with a JSON merge patch of the create body.
#[utoipa::path(
    patch, path = "/api/v1/missing-reports/{id}", tag = "missing reports",
    params(("id" = Uuid, Path), ("If-Match" = String, Header, description = "The version last read, e.g. \"1\"")),
    request_body(content = Object, content_type = "application/merge-patch+json", example = json!({"fir_number": "0412/2026", "fir_date": "2026-10-12"})),
    responses(
        (status = 200, body = MissingReport),
        (status = 412, description = "The report changed since it was read", body = Problem),
        (status = 422, body = Problem),
        (status = 428, description = "If-Match missing", body = Problem),
    ),
    security(("bearer" = []))
)]
#[patch("/missing-reports/{id}")]
async fn patch_missing(
    state: web::Data<AppState>,
    Authenticated(actor): Authenticated,
    req: HttpRequest,
    id: web::Path<Uuid>,
    body: web::Json<Value>,
) -> ApiResult<HttpResponse> {
    update(
        state,
        actor,
        &req,
        ReportKind::Missing,
        id.into_inner(),
        body.into_inner(),
    )
    .await
}

/// Changes a found report with a JSON merge patch of the create body.
#[utoipa::path(
    patch, path = "/api/v1/found-reports/{id}", tag = "found reports",
    params(("id" = Uuid, Path), ("If-Match" = String, Header, description = "The version last read, e.g. \"1\"")),
    request_body(content = Object, content_type = "application/merge-patch+json", example = json!({"child": {"height_cm": 141}})),
    responses(
        (status = 200, body = FoundReport),
        (status = 412, description = "The report changed since it was read", body = Problem),
        (status = 422, body = Problem),
        (status = 428, description = "If-Match missing", body = Problem),
    ),
    security(("bearer" = []))
)]
#[patch("/found-reports/{id}")]
async fn patch_found(
    state: web::Data<AppState>,
    Authenticated(actor): Authenticated,
    req: HttpRequest,
    id: web::Path<Uuid>,
    body: web::Json<Value>,
) -> ApiResult<HttpResponse> {
    update(
        state,
        actor,
        &req,
        ReportKind::Found,
        id.into_inner(),
        body.into_inner(),
    )
    .await
}

/// Suggested, confirmed and rejected pairs of one missing report, best first.
#[utoipa::path(
    get, path = "/api/v1/missing-reports/{id}/matches", tag = "matches",
    params(("id" = Uuid, Path)),
    responses((status = 200, body = Page<MatchSuggestion>), (status = 404, body = Problem)),
    security(("bearer" = []))
)]
#[get("/missing-reports/{id}/matches")]
async fn missing_matches(
    state: web::Data<AppState>,
    Authenticated(actor): Authenticated,
    id: web::Path<Uuid>,
) -> ApiResult<web::Json<Page<MatchSuggestion>>> {
    report_matches(state, actor, ReportKind::Missing, id.into_inner()).await
}

/// Suggested, confirmed and rejected pairs of one found report, best first.
#[utoipa::path(
    get, path = "/api/v1/found-reports/{id}/matches", tag = "matches",
    params(("id" = Uuid, Path)),
    responses((status = 200, body = Page<MatchSuggestion>), (status = 404, body = Problem)),
    security(("bearer" = []))
)]
#[get("/found-reports/{id}/matches")]
async fn found_matches(
    state: web::Data<AppState>,
    Authenticated(actor): Authenticated,
    id: web::Path<Uuid>,
) -> ApiResult<web::Json<Page<MatchSuggestion>>> {
    report_matches(state, actor, ReportKind::Found, id.into_inner()).await
}

/// A validated body of either kind, ready to store.
enum Parsed {
    Missing(NewMissingReport),
    Found(NewFoundReport),
}

impl Parsed {
    fn parse(kind: ReportKind, body: &Value, today: chrono::NaiveDate) -> ApiResult<Parsed> {
        let mut parsed = match kind {
            ReportKind::Missing => Parsed::Missing(parse_missing_report(body, today)?),
            ReportKind::Found => Parsed::Found(parse_found_report(body, today)?),
        };
        fill_name_latin(parsed.child_mut());
        Ok(parsed)
    }

    fn child_mut(&mut self) -> &mut Child {
        match self {
            Parsed::Missing(r) => &mut r.child,
            Parsed::Found(r) => &mut r.child,
        }
    }

    /// The status a report starts in, or moves to after an edit: an FIR moves a reported missing
    /// case to `fir_registered`; a decided status stays.
    fn status(&self, current: Option<&str>) -> &'static str {
        match self {
            Parsed::Missing(r) => match current.and_then(MissingStatus::parse) {
                Some(MissingStatus::Traced) => MissingStatus::Traced.as_str(),
                _ if r.fir_number.is_some() => MissingStatus::FirRegistered.as_str(),
                Some(status) => status.as_str(),
                None => MissingStatus::Reported.as_str(),
            },
            Parsed::Found(_) => current
                .and_then(FoundStatus::parse)
                .unwrap_or(FoundStatus::Reported)
                .as_str(),
        }
    }

    fn event_date(&self) -> chrono::NaiveDate {
        match self {
            Parsed::Missing(r) => r.last_seen_date,
            Parsed::Found(r) => r.found_date,
        }
    }

    fn name_latin(&self) -> Option<&str> {
        match self {
            Parsed::Missing(r) => r.child.name_latin.as_deref(),
            Parsed::Found(r) => r.child.name_latin.as_deref(),
        }
    }

    fn name_keys(&self) -> String {
        match self {
            Parsed::Missing(r) => name_search_keys(&r.child),
            Parsed::Found(r) => name_search_keys(&r.child),
        }
    }

    fn phone_digits(&self) -> Option<String> {
        match self {
            Parsed::Missing(r) => r.complainant_phone.as_deref().map(phone_digits),
            Parsed::Found(_) => None,
        }
    }

    fn fir_number(&self) -> Option<&str> {
        match self {
            Parsed::Missing(r) => r.fir_number.as_deref(),
            Parsed::Found(_) => None,
        }
    }

    fn to_json(&self) -> ApiResult<Value> {
        let value = match self {
            Parsed::Missing(r) => serde_json::to_value(r),
            Parsed::Found(r) => serde_json::to_value(r),
        };
        value.map_err(|e| ApiError::Internal(e.into()))
    }
}

/// The last ten digits of a phone number, the part that identifies an Indian number whatever
/// prefix (+91, 0) it was written with.
pub fn phone_digits(phone: &str) -> String {
    let digits: String = phone.chars().filter(char::is_ascii_digit).collect();
    digits[digits.len().saturating_sub(10)..].to_string()
}

/// Fills `name_latin` from `name` when the client sent none.
fn fill_name_latin(child: &mut Child) {
    if child.name_latin.is_none()
        && let Some(name) = &child.name
    {
        let latin = transliterate_to_latin(name);
        child.name_latin = (!latin.trim().is_empty()).then_some(latin);
    }
}

async fn create(
    state: web::Data<AppState>,
    actor: Actor,
    kind: ReportKind,
    body: Value,
) -> ApiResult<JsonResponse> {
    if !actor.may_create(class_of(kind)) {
        return Err(ApiError::Forbidden(match kind {
            ReportKind::Missing => "file missing reports",
            ReportKind::Found => "register found children",
        }));
    }

    let today = state.today();
    let parsed = Parsed::parse(kind, &body, today)?;

    let store = state.store.clone();
    let org_id = actor.organisation_id.to_string();
    let created_by = actor.user_id;
    let report = web::block(move || {
        let body = parsed.to_json()?;
        store
            .write(|conn| {
                let owner = orgs::find_organisation(conn, &org_id)?;
                let (name_keys, phone) = (parsed.name_keys(), parsed.phone_digits());
                let new = NewReport {
                    kind,
                    body: &body,
                    status: parsed.status(None),
                    event_date: parsed.event_date(),
                    name_latin: parsed.name_latin(),
                    fir_number: parsed.fir_number(),
                    name_keys: &name_keys,
                    phone_digits: phone.as_deref(),
                    owner: &owner,
                    created_by,
                    now: Utc::now(),
                    case_year: chrono::Datelike::year(&today),
                };
                reports::insert(conn, &new)
            })
            .map_err(ApiError::from)
    })
    .await??;
    state.matcher.notify();
    tracing::info!(report.id = %report.row.id, kind = kind.as_str(), "report created");
    let id = report.id()?;
    record(
        &state,
        Some(&actor),
        "create_report",
        Some(kind.as_str()),
        Some(id),
        "succeeded",
        serde_json::json!({"case_number": report.row.case_number}),
    )
    .await?;

    let mut response = respond(&report, &Decision::Allow, StatusCode::CREATED)?;
    response.body["possible_duplicates"] = possible_duplicates(&state, kind, &report).await?;
    response.location = Some(format!("/api/v1/{}/{}", path_segment(kind), report.row.id));
    Ok(response)
}

async fn list(
    state: web::Data<AppState>,
    actor: Actor,
    kind: ReportKind,
    query: ListQuery,
) -> ApiResult<HttpResponse> {
    let limit = query.limit()?;
    let cursor = query.cursor()?;
    let status = query
        .status
        .as_deref()
        .map(|code| check_status(kind, code))
        .transpose()?;
    let filter = ListFilter {
        status,
        mine: query.mine.unwrap_or(false),
    };

    let store = state.store.clone();
    let list_actor = actor.clone();
    let (rows, next) = web::block(move || {
        store.read(|conn| reports::list(conn, &list_actor, kind, &filter, cursor, limit))
    })
    .await??;

    let items = rows
        .iter()
        .map(|report| {
            wire_json(
                report,
                &decide(
                    &actor,
                    Action::Read,
                    &resource_of(&actor, report, kind, Link::None),
                ),
            )
        })
        .collect::<ApiResult<Vec<_>>>()?;
    let page = serde_json::json!({"items": items, "next_cursor": next.map(|n| n.to_string())});
    Ok(HttpResponse::Ok()
        .insert_header((actix_web::http::header::CACHE_CONTROL, "private, no-store"))
        .json(page))
}

async fn update(
    state: web::Data<AppState>,
    actor: Actor,
    req: &HttpRequest,
    kind: ReportKind,
    id: Uuid,
    patch: Value,
) -> ApiResult<HttpResponse> {
    let expected_version = if_match_version(req)?;
    let readable = read_report(&state, &actor, kind, id, false).await?;
    let report = readable.report;
    if !decide(
        &actor,
        Action::Write,
        &resource_of(&actor, &report, kind, readable.link),
    )
    .allows()
    {
        return Err(ApiError::Forbidden("change this report"));
    }

    let mut body = report.body_json()?;
    merge_patch(&mut body, &patch);
    let parsed = Parsed::parse(kind, &body, state.today())?;

    let store = state.store.clone();
    let actor_id = actor.user_id;
    let updated = web::block(move || {
        let body = parsed.to_json()?;
        let (name_keys, phone) = (parsed.name_keys(), parsed.phone_digits());
        let change = ReportUpdate {
            name_keys: &name_keys,
            phone_digits: phone.as_deref(),
            body: &body,
            status: parsed.status(Some(&report.row.status)),
            event_date: parsed.event_date(),
            name_latin: parsed.name_latin(),
            fir_number: parsed.fir_number(),
        };
        store
            .write(|conn| {
                reports::update(
                    conn,
                    &report,
                    expected_version,
                    &change,
                    actor_id,
                    Utc::now(),
                )
            })
            .map_err(ApiError::from)
    })
    .await??;
    state.matcher.notify();
    let detail = serde_json::json!({"version": updated.row.version, "fields": patch.as_object().map(|o| o.keys().cloned().collect::<Vec<_>>()).unwrap_or_default()});
    record(
        &state,
        Some(&actor),
        "update_report",
        Some(kind.as_str()),
        Some(id),
        "succeeded",
        detail,
    )
    .await?;

    Ok(respond(&updated, &Decision::Allow, StatusCode::OK)?.into_http())
}

async fn report_matches(
    state: web::Data<AppState>,
    actor: Actor,
    kind: ReportKind,
    id: Uuid,
) -> ApiResult<web::Json<Page<MatchSuggestion>>> {
    read_report(&state, &actor, kind, id, false).await?;

    let store = state.store.clone();
    let rows = web::block(move || {
        store.read(|conn| matches::for_report(conn, id, crate::routes::MAX_LIMIT))
    })
    .await??;

    let items = rows
        .iter()
        .map(|row| row.to_wire().map_err(ApiError::from))
        .collect::<ApiResult<Vec<_>>>()?;
    Ok(web::Json(Page {
        items,
        next_cursor: None,
    }))
}

/// Same-kind reports that likely describe the same child as the new `report`, as cards.
async fn possible_duplicates(
    state: &web::Data<AppState>,
    kind: ReportKind,
    report: &StoredReport,
) -> ApiResult<Value> {
    let body = report.body_json()?;
    let found = state.matcher.possible_duplicates(kind, &body, report.id()?);
    if found.is_empty() {
        return Ok(Value::Array(Vec::new()));
    }
    let store = state.store.clone();
    let cards = web::block(move || {
        store.read(|conn| {
            found
                .iter()
                .map(|(id, probability)| {
                    let other = reports::get_any(conn, *id)?;
                    Ok(trackchild_domain::wire::PossibleDuplicate {
                        report_id: *id,
                        case_number: other.row.case_number,
                        owner_organisation_name: other.owner.name,
                        probability: *probability,
                    })
                })
                .collect::<trackchild_store::StoreResult<Vec<_>>>()
        })
    })
    .await??;
    serde_json::to_value(cards).map_err(|e| ApiError::Internal(e.into()))
}

/// Returns the status code when it is one of the kind's statuses, else a validation error.
fn check_status(kind: ReportKind, code: &str) -> ApiResult<String> {
    let known: Vec<&str> = match kind {
        ReportKind::Missing => MissingStatus::ALL.iter().map(|s| s.as_str()).collect(),
        ReportKind::Found => FoundStatus::ALL.iter().map(|s| s.as_str()).collect(),
    };
    if known.contains(&code) {
        return Ok(code.to_string());
    }
    let message = format!("status {code:?} is not one of {}", known.join(", "));
    Err(ApiError::Validation(vec![crate::routes::field_error(
        "status",
        "invalid_value",
        &message,
    )]))
}

fn path_segment(kind: ReportKind) -> &'static str {
    match kind {
        ReportKind::Missing => "missing-reports",
        ReportKind::Found => "found-reports",
    }
}

fn respond(
    report: &StoredReport,
    decision: &Decision,
    status: StatusCode,
) -> ApiResult<JsonResponse> {
    Ok(JsonResponse {
        status,
        body: wire_json(report, decision)?,
        location: None,
        etag: Some(etag(report.row.version)),
    })
}

/// The wire form of a report under an access decision: restricted fields the decision withholds
/// are `null` and named in `redacted`.
fn wire_json(report: &StoredReport, decision: &Decision) -> ApiResult<Value> {
    let withheld: &[&str] = match decision {
        Decision::AllowRedacted(fields) => fields,
        _ => &[],
    };
    let value = match report.kind()? {
        ReportKind::Missing => {
            let mut wire = report.to_missing()?;
            if withheld.contains(&"complainant_phone") {
                wire.report.complainant_phone = None;
                wire.redacted.push("complainant_phone".into());
            }
            serde_json::to_value(wire)
        }
        ReportKind::Found => serde_json::to_value(report.to_found()?),
    };
    value.map_err(|e| ApiError::Internal(e.into()))
}

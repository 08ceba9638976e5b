//! Reaching beyond one's jurisdiction, and watching who did: break-glass, shares, a case's audit
//! trail, the inbox, search with minimal cards, and exports.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, get, post, web};
use chrono::Utc;
use serde::Deserialize;
use serde_json::Value;
use trackchild_domain::access::{
    AccessGroup, Action, Actor, Link, Relation, decide, may_break_glass,
};
use trackchild_domain::case_number::CaseNumber;
use trackchild_domain::codes::ReportKind;
use trackchild_domain::search::query_keys;
use trackchild_domain::wire::{
    AccessGrant, AuditEntryView, BreakGlassRequest, InboxItem, Page, Problem, SearchHit,
    ShareRequest,
};
use trackchild_store::reports::{self, Criterion, StoredReport};
use trackchild_store::{audit, orgs, sharing};
use uuid::Uuid;

use crate::access::{record, resource_of};
use crate::app::AppState;
use crate::auth::Authenticated;
use crate::error::{ApiError, ApiResult};
use crate::routes::{MAX_LIMIT, field_error, parse_strict};

/// Shortest accepted break-glass reason, in characters.
const MIN_REASON_CHARS: usize = 20;
const MAX_REASON_CHARS: usize = 1000;
/// Hits returned per kind and part (visible, cards) of a search.
const SEARCH_LIMIT: i64 = 25;
/// Most rows in one export.
const EXPORT_LIMIT: i64 = 10_000;

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(break_glass_missing)
        .service(break_glass_found)
        .service(share_missing)
        .service(share_found)
        .service(audit_missing)
        .service(audit_found)
        .service(inbox)
        .service(mark_read)
        .service(search)
        .service(export_missing)
        .service(export_found);
}

/// Opens a missing report outside the caller's jurisdiction for 24 hours, with a written reason
/// that is logged and sent to the owning unit.
#[utoipa::path(
    post, path = "/api/v1/missing-reports/{id}/break-glass", tag = "access",
    params(("id" = Uuid, Path)), request_body = BreakGlassRequest,
    responses((status = 201, body = AccessGrant), (status = 403, body = Problem), (status = 404, body = Problem), (status = 422, body = Problem)),
    security(("bearer" = []))
)]
#[post("/missing-reports/{id}/break-glass")]
async fn break_glass_missing(
    state: web::Data<AppState>,
    Authenticated(actor): Authenticated,
    id: web::Path<Uuid>,
    body: web::Json<Value>,
) -> ApiResult<HttpResponse> {
    break_glass(
        state,
        actor,
        ReportKind::Missing,
        id.into_inner(),
        body.into_inner(),
    )
    .await
}

/// Opens a found report outside the caller's jurisdiction for 24 hours, with a written reason
/// that is logged and sent to the owning unit.
#[utoipa::path(
    post, path = "/api/v1/found-reports/{id}/break-glass", tag = "access",
    params(("id" = Uuid, Path)), request_body = BreakGlassRequest,
    responses((status = 201, body = AccessGrant), (status = 403, body = Problem), (status = 404, body = Problem), (status = 422, body = Problem)),
    security(("bearer" = []))
)]
#[post("/found-reports/{id}/break-glass")]
async fn break_glass_found(
    state: web::Data<AppState>,
    Authenticated(actor): Authenticated,
    id: web::Path<Uuid>,
    body: web::Json<Value>,
) -> ApiResult<HttpResponse> {
    break_glass(
        state,
        actor,
        ReportKind::Found,
        id.into_inner(),
        body.into_inner(),
    )
    .await
}

async fn break_glass(
    state: web::Data<AppState>,
    actor: Actor,
    kind: ReportKind,
    id: Uuid,
    body: Value,
) -> ApiResult<HttpResponse> {
    let request: BreakGlassRequest = parse_strict(body, &["reason"])?;
    let reason = request.reason.trim().to_string();
    let length = reason.chars().count();
    if !(MIN_REASON_CHARS..=MAX_REASON_CHARS).contains(&length) {
        let message = format!(
            "reason must be {MIN_REASON_CHARS}–{MAX_REASON_CHARS} characters and say why this record is needed"
        );
        return Err(ApiError::Validation(vec![field_error(
            "reason",
            "invalid_length",
            &message,
        )]));
    }
    if !may_break_glass(&actor) {
        return Err(ApiError::Forbidden("use break-glass"));
    }
    let report = load_any(&state, kind, id).await?;

    let store = state.store.clone();
    let (user, owner) = (actor.user_id, report.row.owner_org_id.clone());
    let grant_reason = reason.clone();
    let expires_at = web::block(move || {
        store.write(|conn| {
            let expires_at = sharing::break_glass(conn, id, user, &grant_reason, Utc::now())?;
            let detail = serde_json::json!({"user_id": user, "reason": grant_reason});
            sharing::notify(
                conn,
                &owner,
                "break_glass",
                Some(&id.to_string()),
                None,
                &detail,
                Utc::now(),
            )?;
            Ok(expires_at)
        })
    })
    .await??;
    // The reason is recorded in full: it is the officer's justification, not child data.
    record(
        &state,
        Some(&actor),
        "break_glass",
        Some(kind.as_str()),
        Some(id),
        "allowed",
        serde_json::json!({"reason": reason, "expires_at": expires_at}),
    )
    .await?;
    tracing::warn!(report.id = %id, user.id = %actor.user_id, "break-glass access granted");

    Ok(HttpResponse::Created().json(AccessGrant {
        report_id: id,
        expires_at,
    }))
}

/// Shares a missing report the caller's unit owns with another organisation.
#[utoipa::path(
    post, path = "/api/v1/missing-reports/{id}/shares", tag = "access",
    params(("id" = Uuid, Path)), request_body = ShareRequest,
    responses((status = 204, description = "Shared"), (status = 403, body = Problem), (status = 404, body = Problem)),
    security(("bearer" = []))
)]
#[post("/missing-reports/{id}/shares")]
async fn share_missing(
    state: web::Data<AppState>,
    Authenticated(actor): Authenticated,
    id: web::Path<Uuid>,
    body: web::Json<Value>,
) -> ApiResult<HttpResponse> {
    share(
        state,
        actor,
        ReportKind::Missing,
        id.into_inner(),
        body.into_inner(),
    )
    .await
}

/// Shares a found report the caller's unit owns with another organisation.
#[utoipa::path(
    post, path = "/api/v1/found-reports/{id}/shares", tag = "access",
    params(("id" = Uuid, Path)), request_body = ShareRequest,
    responses((status = 204, description = "Shared"), (status = 403, body = Problem), (status = 404, body = Problem)),
    security(("bearer" = []))
)]
#[post("/found-reports/{id}/shares")]
async fn share_found(
    state: web::Data<AppState>,
    Authenticated(actor): Authenticated,
    id: web::Path<Uuid>,
    body: web::Json<Value>,
) -> ApiResult<HttpResponse> {
    share(
        state,
        actor,
        ReportKind::Found,
        id.into_inner(),
        body.into_inner(),
    )
    .await
}

async fn share(
    state: web::Data<AppState>,
    actor: Actor,
    kind: ReportKind,
    id: Uuid,
    body: Value,
) -> ApiResult<HttpResponse> {
    let request: ShareRequest = parse_strict(body, &["organisation_id"])?;
    let readable = crate::access::read_report(&state, &actor, kind, id, false).await?;
    let owns = readable.report.row.owner_org_id == actor.organisation_id.to_string();
    let writes = decide(
        &actor,
        Action::Write,
        &resource_of(&actor, &readable.report, kind, Link::None),
    )
    .allows();
    if !(owns && writes) {
        return Err(ApiError::Forbidden("share a report your unit does not own"));
    }

    let store = state.store.clone();
    let (target, by) = (request.organisation_id, actor.user_id);
    web::block(move || {
        store.write(|conn| {
            orgs::find_organisation(conn, &target.to_string()).map_err(|_| {
                trackchild_store::StoreError::Conflict(format!(
                    "organisation {target} does not exist"
                ))
            })?;
            if sharing::share(conn, id, target, by, Utc::now())? {
                sharing::notify(
                    conn,
                    &target.to_string(),
                    "report_shared",
                    Some(&id.to_string()),
                    None,
                    &serde_json::json!({"kind": kind.as_str()}),
                    Utc::now(),
                )?;
            }
            Ok(())
        })
    })
    .await??;
    record(
        &state,
        Some(&actor),
        "share_report",
        Some(kind.as_str()),
        Some(id),
        "succeeded",
        serde_json::json!({"organisation_id": target}),
    )
    .await?;

    Ok(HttpResponse::NoContent().finish())
}

/// The audit trail of a missing report: for the owning unit and oversight bodies.
#[utoipa::path(
    get, path = "/api/v1/missing-reports/{id}/audit", tag = "access", params(("id" = Uuid, Path)),
    responses((status = 200, body = Page<AuditEntryView>), (status = 404, body = Problem)),
    security(("bearer" = []))
)]
#[get("/missing-reports/{id}/audit")]
async fn audit_missing(
    state: web::Data<AppState>,
    Authenticated(actor): Authenticated,
    id: web::Path<Uuid>,
) -> ApiResult<web::Json<Page<AuditEntryView>>> {
    audit_trail(state, actor, ReportKind::Missing, id.into_inner()).await
}

/// The audit trail of a found report: for the owning unit and oversight bodies.
#[utoipa::path(
    get, path = "/api/v1/found-reports/{id}/audit", tag = "access", params(("id" = Uuid, Path)),
    responses((status = 200, body = Page<AuditEntryView>), (status = 404, body = Problem)),
    security(("bearer" = []))
)]
#[get("/found-reports/{id}/audit")]
async fn audit_found(
    state: web::Data<AppState>,
    Authenticated(actor): Authenticated,
    id: web::Path<Uuid>,
) -> ApiResult<web::Json<Page<AuditEntryView>>> {
    audit_trail(state, actor, ReportKind::Found, id.into_inner()).await
}

/// Whether the actor may read a case's audit trail: its owning unit, State oversight in the
/// owner's State, and national oversight and system administration anywhere.
fn reads_audit(actor: &Actor, report: &StoredReport, kind: ReportKind) -> bool {
    let relation = resource_of(actor, report, kind, Link::None).relation;
    match actor.org_type.group() {
        AccessGroup::StateWelfare => relation != Relation::OtherState,
        AccessGroup::CentralWelfare | AccessGroup::Administration => {
            actor.state_code.is_none() || relation != Relation::OtherState
        }
        _ => relation == Relation::SameUnit,
    }
}

async fn audit_trail(
    state: web::Data<AppState>,
    actor: Actor,
    kind: ReportKind,
    id: Uuid,
) -> ApiResult<web::Json<Page<AuditEntryView>>> {
    let report = load_any(&state, kind, id).await?;
    if !reads_audit(&actor, &report, kind) {
        return Err(ApiError::NotFound);
    }

    let store = state.store.clone();
    let rows = web::block(move || store.read(|conn| audit::for_resource(conn, id, 1000))).await??;
    record(
        &state,
        Some(&actor),
        "read_audit_trail",
        Some(kind.as_str()),
        Some(id),
        "allowed",
        serde_json::json!({}),
    )
    .await?;

    let items = rows
        .into_iter()
        .map(|row| {
            Ok(AuditEntryView {
                seq: row.seq,
                at: trackchild_store::parse_timestamp(&row.at)?,
                actor_user_id: row
                    .actor_user_id
                    .as_deref()
                    .and_then(|u| Uuid::parse_str(u).ok()),
                actor_organisation_id: row
                    .actor_org_id
                    .as_deref()
                    .and_then(|o| Uuid::parse_str(o).ok()),
                action: row.action,
                outcome: row.outcome,
                detail: serde_json::from_str(&row.detail).unwrap_or(Value::Null),
            })
        })
        .collect::<ApiResult<Vec<_>>>()?;
    Ok(web::Json(Page {
        items,
        next_cursor: None,
    }))
}

/// Query of `GET /api/v1/inbox`.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
pub struct InboxQuery {
    /// Only notifications not yet marked read.
    pub unread: Option<bool>,
}

/// Notifications for the caller's organisation, newest first: new suggestions, break-glass on its
/// records, records shared with it.
#[utoipa::path(
    get, path = "/api/v1/inbox", tag = "inbox", params(InboxQuery),
    responses((status = 200, body = Page<InboxItem>)),
    security(("bearer" = []))
)]
#[get("/inbox")]
async fn inbox(
    state: web::Data<AppState>,
    Authenticated(actor): Authenticated,
    query: web::Query<InboxQuery>,
) -> ApiResult<web::Json<Page<InboxItem>>> {
    let store = state.store.clone();
    let unread = query.unread.unwrap_or(false);
    let rows = web::block(move || {
        store.read(|conn| sharing::inbox_of(conn, actor.organisation_id, unread, MAX_LIMIT))
    })
    .await??;

    let items = rows
        .iter()
        .map(|row| {
            Ok(InboxItem {
                id: row.id()?,
                kind: row.kind.clone(),
                report_id: row
                    .report_id
                    .as_deref()
                    .and_then(|r| Uuid::parse_str(r).ok()),
                match_id: row
                    .match_id
                    .as_deref()
                    .and_then(|m| Uuid::parse_str(m).ok()),
                detail: serde_json::from_str(&row.detail).unwrap_or(Value::Null),
                created_at: row.created()?,
                read: row.read_at.is_some(),
            })
        })
        .collect::<ApiResult<Vec<_>>>()?;
    Ok(web::Json(Page {
        items,
        next_cursor: None,
    }))
}

/// Marks one notification read.
#[utoipa::path(
    post, path = "/api/v1/inbox/{id}/read", tag = "inbox", params(("id" = Uuid, Path)),
    responses((status = 204, description = "Marked read"), (status = 404, body = Problem)),
    security(("bearer" = []))
)]
#[post("/inbox/{id}/read")]
async fn mark_read(
    state: web::Data<AppState>,
    Authenticated(actor): Authenticated,
    id: web::Path<Uuid>,
) -> ApiResult<HttpResponse> {
    let store = state.store.clone();
    let id = id.into_inner();
    let marked = web::block(move || {
        store.write(|conn| sharing::mark_read(conn, actor.organisation_id, id, Utc::now()))
    })
    .await??;
    if !marked {
        return Err(ApiError::NotFound);
    }
    Ok(HttpResponse::NoContent().finish())
}

/// Query of `GET /api/v1/search`.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
pub struct SearchQuery {
    /// A name (any spelling or script), a case number, an FIR number or a phone number.
    pub q: String,
    /// `missing` or `found`; both when absent.
    pub kind: Option<String>,
}

/// Finds reports by name (through the phonetic name keys), case number, FIR number or phone.
/// Reports inside the caller's view come as summaries; hits elsewhere come as minimal cards.
#[utoipa::path(
    get, path = "/api/v1/search", tag = "search", params(SearchQuery),
    responses((status = 200, body = Page<SearchHit>), (status = 422, body = Problem)),
    security(("bearer" = []))
)]
#[get("/search")]
async fn search(
    state: web::Data<AppState>,
    Authenticated(actor): Authenticated,
    query: web::Query<SearchQuery>,
) -> ApiResult<web::Json<Page<SearchHit>>> {
    let criteria = criteria_of(&query.q)?;
    let kinds = match query.kind.as_deref() {
        None => vec![ReportKind::Missing, ReportKind::Found],
        Some(code) => vec![ReportKind::parse(code).ok_or_else(|| {
            ApiError::Validation(vec![field_error(
                "kind",
                "invalid_value",
                "kind must be missing or found",
            )])
        })?],
    };

    let store = state.store.clone();
    let searcher = actor.clone();
    let hits = web::block(move || {
        store.read(|conn| {
            let mut hits = Vec::new();
            for kind in kinds {
                let found = reports::search(conn, &searcher, kind, &criteria, SEARCH_LIMIT)?;
                let owner_names =
                    owner_names(conn, found.outside.iter().map(|c| c.owner_org_id.clone()))?;
                hits.push((kind, found, owner_names));
            }
            Ok(hits)
        })
    })
    .await??;

    let mut items = Vec::new();
    for (kind, found, owner_names) in hits {
        for report in &found.visible {
            items.push(summary_hit(kind, report)?);
        }
        for card in found.outside {
            items.push(SearchHit {
                id: trackchild_store::parse_uuid(&card.id)?,
                kind: kind.as_str().to_string(),
                case_number: card.case_number,
                status: card.status,
                visible: false,
                owner_organisation_name: owner_names
                    .iter()
                    .find(|(id, _)| *id == card.owner_org_id)
                    .map(|(_, n)| n.clone())
                    .unwrap_or_default(),
                owner_state_code: u16::try_from(card.owner_state_code).unwrap_or(0),
                owner_district_code: card.owner_district_code.and_then(|d| u16::try_from(d).ok()),
                event_date: card
                    .event_date
                    .parse()
                    .map_err(|e| ApiError::Internal(anyhow::anyhow!("stored event date: {e}")))?,
                name: None,
                sex: None,
            });
        }
    }
    record(
        &state,
        Some(&actor),
        "search",
        None,
        None,
        "allowed",
        serde_json::json!({"hits": items.len()}),
    )
    .await?;
    Ok(web::Json(Page {
        items,
        next_cursor: None,
    }))
}

/// Turns a query into search criteria: a case number alone, or FIR, phone and name together.
fn criteria_of(text: &str) -> ApiResult<Vec<Criterion>> {
    let text = text.trim();
    if text.chars().count() < 2 || text.chars().count() > 200 {
        return Err(ApiError::Validation(vec![field_error(
            "q",
            "invalid_length",
            "q must be 2–200 characters: a name, case number, FIR number or phone number",
        )]));
    }
    if let Some(number) = CaseNumber::parse(&text.to_uppercase()) {
        return Ok(vec![Criterion::CaseNumber(number.to_string())]);
    }
    let mut criteria = vec![Criterion::FirNumber(text.to_string())];
    let digits: String = text.chars().filter(char::is_ascii_digit).collect();
    if digits.len() >= 8 {
        criteria.push(Criterion::Phone(crate::routes::reports::phone_digits(
            &digits,
        )));
    }
    let keys = query_keys(text);
    if !keys.is_empty() {
        criteria.push(Criterion::NameKeys(keys));
    }
    Ok(criteria)
}

fn owner_names(
    conn: &mut trackchild_store::DbConnection,
    ids: impl Iterator<Item = String>,
) -> trackchild_store::StoreResult<Vec<(String, String)>> {
    let mut names: Vec<(String, String)> = Vec::new();
    for id in ids {
        if !names.iter().any(|(known, _)| *known == id) {
            let org = orgs::find_organisation(conn, &id)?;
            names.push((id, org.name));
        }
    }
    Ok(names)
}

fn summary_hit(kind: ReportKind, report: &StoredReport) -> ApiResult<SearchHit> {
    let body = report.body_json()?;
    let child = &body["child"];
    Ok(SearchHit {
        id: report.id()?,
        kind: kind.as_str().to_string(),
        case_number: report.row.case_number.clone(),
        status: report.row.status.clone(),
        visible: true,
        owner_organisation_name: report.owner.name.clone(),
        owner_state_code: u16::try_from(report.row.owner_state_code).unwrap_or(0),
        owner_district_code: report
            .row
            .owner_district_code
            .and_then(|d| u16::try_from(d).ok()),
        event_date: report
            .row
            .event_date
            .parse()
            .map_err(|e| ApiError::Internal(anyhow::anyhow!("stored event date: {e}")))?,
        name: child["name"].as_str().map(str::to_string),
        sex: child["sex"]
            .as_str()
            .and_then(trackchild_domain::codes::Sex::parse),
    })
}

/// Missing reports in the caller's jurisdiction as CSV (no restricted fields). Audited.
#[utoipa::path(
    get, path = "/api/v1/exports/missing-reports.csv", tag = "exports",
    responses((status = 200, description = "CSV, one row per report", content_type = "text/csv")),
    security(("bearer" = []))
)]
#[get("/exports/missing-reports.csv")]
async fn export_missing(
    state: web::Data<AppState>,
    Authenticated(actor): Authenticated,
) -> ApiResult<HttpResponse> {
    export(state, actor, ReportKind::Missing).await
}

/// Found reports in the caller's jurisdiction as CSV (no restricted fields). Audited.
#[utoipa::path(
    get, path = "/api/v1/exports/found-reports.csv", tag = "exports",
    responses((status = 200, description = "CSV, one row per report", content_type = "text/csv")),
    security(("bearer" = []))
)]
#[get("/exports/found-reports.csv")]
async fn export_found(
    state: web::Data<AppState>,
    Authenticated(actor): Authenticated,
) -> ApiResult<HttpResponse> {
    export(state, actor, ReportKind::Found).await
}

async fn export(
    state: web::Data<AppState>,
    actor: Actor,
    kind: ReportKind,
) -> ApiResult<HttpResponse> {
    let store = state.store.clone();
    let exporter = actor.clone();
    let (rows, _) = web::block(move || {
        store.read(|conn| {
            reports::list(
                conn,
                &exporter,
                kind,
                &reports::ListFilter::default(),
                None,
                EXPORT_LIMIT,
            )
        })
    })
    .await??;

    let mut csv = String::from(
        "case_number,status,event_date,state_code,district_code,sex,age_years_min,age_years_max,name\n",
    );
    for report in &rows {
        let body = report.body_json()?;
        let child = &body["child"];
        let fields = [
            report.row.case_number.clone(),
            report.row.status.clone(),
            report.row.event_date.clone(),
            report.row.owner_state_code.to_string(),
            report
                .row
                .owner_district_code
                .map(|d| d.to_string())
                .unwrap_or_default(),
            child["sex"].as_str().unwrap_or("").to_string(),
            child["age_years_min"]
                .as_u64()
                .map(|a| a.to_string())
                .unwrap_or_default(),
            child["age_years_max"]
                .as_u64()
                .map(|a| a.to_string())
                .unwrap_or_default(),
            child["name"].as_str().unwrap_or("").to_string(),
        ];
        csv.push_str(
            &fields
                .iter()
                .map(|f| csv_field(f))
                .collect::<Vec<_>>()
                .join(","),
        );
        csv.push('\n');
    }
    record(
        &state,
        Some(&actor),
        "export",
        Some(kind.as_str()),
        None,
        "allowed",
        serde_json::json!({"rows": rows.len()}),
    )
    .await?;

    Ok(HttpResponse::build(StatusCode::OK)
        .content_type("text/csv; charset=utf-8")
        .insert_header(("Cache-Control", "private, no-store"))
        .insert_header((
            "Content-Disposition",
            format!("attachment; filename=\"{}-reports.csv\"", kind.as_str()),
        ))
        .body(csv))
}

/// Quotes a CSV field, and defuses a leading formula character so spreadsheets do not run it.
fn csv_field(value: &str) -> String {
    let defused = if value.starts_with(['=', '+', '-', '@']) {
        format!("'{value}")
    } else {
        value.to_string()
    };
    format!("\"{}\"", defused.replace('"', "\"\""))
}

/// Loads a report whatever the caller's view, for actions that do their own access check.
async fn load_any(
    state: &web::Data<AppState>,
    kind: ReportKind,
    id: Uuid,
) -> ApiResult<StoredReport> {
    let store = state.store.clone();
    let report = web::block(move || store.read(|conn| reports::get_any(conn, id))).await??;
    if report.kind()? != kind {
        return Err(ApiError::NotFound);
    }
    Ok(report)
}

//! `/api/v1/matches`: the suggestions waiting for the caller, one suggestion, and the decisions.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, get, post, web};
use chrono::Utc;
use serde_json::Value;
use trackchild_domain::access::{Action, Actor, DataClass, Link, Relation, Resource, decide};
use trackchild_domain::codes::MatchStatus;
use trackchild_domain::codes::ReportKind;
use trackchild_domain::matching::{features_of_found, features_of_missing, score_pair};
use trackchild_domain::wire::{
    ConfirmMatch, MatchSuggestion, NewFoundReport, NewMissingReport, Page, Problem, ProposeMatch,
    RejectMatch, UnlinkMatch,
};
use trackchild_store::matches::{self, MatchRow};
use trackchild_store::{jobs, parse_uuid};
use uuid::Uuid;

use crate::access::record;
use crate::app::AppState;
use crate::auth::Authenticated;
use crate::error::{ApiError, ApiResult};
use crate::routes::{JsonResponse, field_error, idempotent, parse_strict};

/// Longest accepted decision note, in characters.
const MAX_NOTE_CHARS: usize = 2000;

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(list)
        .service(propose)
        .service(get_one)
        .service(confirm)
        .service(reject)
        .service(unlink);
}

/// Query of `GET /matches`.
#[derive(Debug, serde::Deserialize, utoipa::IntoParams)]
pub struct MatchQuery {
    /// Only pairs with this status: `suggested`, `confirmed`, `rejected` or `unlinked`.
    pub status: Option<String>,
    /// Page size, 1–200; default 50.
    pub limit: Option<i64>,
    /// `next_cursor` of the previous page.
    pub cursor: Option<String>,
}

/// Pairs whose missing or found report the caller's organisation owns, best first.
#[utoipa::path(
    get, path = "/api/v1/matches", tag = "matches", params(MatchQuery),
    responses((status = 200, body = Page<MatchSuggestion>), (status = 422, body = Problem)),
    security(("bearer" = []))
)]
#[get("/matches")]
async fn list(
    state: web::Data<AppState>,
    Authenticated(actor): Authenticated,
    query: web::Query<MatchQuery>,
) -> ApiResult<web::Json<Page<MatchSuggestion>>> {
    let status = match query.status.as_deref() {
        None => None,
        Some(code) => Some(MatchStatus::parse(code).ok_or_else(|| {
            ApiError::Validation(vec![field_error(
                "status",
                "invalid_value",
                &format!("status {code:?} is not one of suggested, confirmed, rejected, unlinked"),
            )])
        })?),
    };
    let paging = crate::routes::ListQuery {
        limit: query.limit,
        cursor: query.cursor.clone(),
        status: None,
        mine: None,
    };
    let (limit, cursor) = (paging.limit()?, paging.cursor()?);

    let store = state.store.clone();
    let (rows, next) = web::block(move || {
        store.read(
            |conn| match matches::for_party(conn, &actor, status, cursor, limit) {
                Err(trackchild_store::StoreError::NotFound) => Ok(Err(())),
                other => other.map(Ok),
            },
        )
    })
    .await??
    .map_err(|()| {
        ApiError::Validation(vec![field_error(
            "cursor",
            "invalid_value",
            "cursor is not one this server issued; start from the first page",
        )])
    })?;

    let items = rows
        .iter()
        .map(|row| row.to_wire().map_err(ApiError::from))
        .collect::<ApiResult<Vec<_>>>()?;
    Ok(web::Json(Page {
        items,
        next_cursor: next.map(|n| n.to_string()),
    }))
}

/// One pair.
#[utoipa::path(
    get, path = "/api/v1/matches/{id}", tag = "matches",
    params(("id" = Uuid, Path)),
    responses((status = 200, body = MatchSuggestion), (status = 404, body = Problem)),
    security(("bearer" = []))
)]
#[get("/matches/{id}")]
async fn get_one(
    state: web::Data<AppState>,
    Authenticated(actor): Authenticated,
    id: web::Path<Uuid>,
) -> ApiResult<web::Json<MatchSuggestion>> {
    let row = load(&state, &actor, id.into_inner()).await?;
    Ok(web::Json(row.to_wire()?))
}

/// Confirms that both reports describe the same child: links them, moves the missing report to
/// `traced` and the found report to `family_traced`.
#[utoipa::path(
    post, path = "/api/v1/matches/{id}/confirm", tag = "matches",
    params(("id" = Uuid, Path), ("Idempotency-Key" = Option<String>, Header, description = "Repeats within 24 h return the first response")),
    request_body = ConfirmMatch,
    responses(
        (status = 200, body = MatchSuggestion),
        (status = 403, description = "Only the two units party to the pair decide", body = Problem),
        (status = 404, body = Problem),
        (status = 409, description = "Already decided, or a child is already linked", body = Problem),
        (status = 422, body = Problem),
    ),
    security(("bearer" = []))
)]
#[post("/matches/{id}/confirm")]
async fn confirm(
    state: web::Data<AppState>,
    Authenticated(actor): Authenticated,
    req: HttpRequest,
    id: web::Path<Uuid>,
    body: web::Json<Value>,
) -> ApiResult<HttpResponse> {
    let id = id.into_inner();
    let body = body.into_inner();
    idempotent(&state, &actor, &req, "POST /matches/confirm", || async {
        let request: ConfirmMatch = parse_strict(body, &["basis", "note"])?;
        let note = check_note(request.note.as_deref())?;
        if request.basis.is_empty() {
            return Err(ApiError::Validation(vec![field_error("basis", "required", "name at least one basis, e.g. photo or parents_identified")]));
        }
        let row = load_for_decision(&state, &actor, id).await?;

        let store = state.store.clone();
        let actor_id = actor.user_id;
        let decided = web::block(move || {
            store.write(|conn| {
                let decided = matches::confirm(conn, &row, actor_id, &request.basis, note.as_deref(), Utc::now())?;
                enqueue_both(conn, &decided)?;
                Ok(decided)
            })
        })
        .await??;
        state.matcher.note_decision();
        state.matcher.notify();
        tracing::info!(match.id = %decided.id, "match confirmed");
        record(&state, Some(&actor), "confirm_match", Some("match"), Some(id), "succeeded", serde_json::json!({"missing_report_id": decided.missing_report_id, "found_report_id": decided.found_report_id})).await?;

        Ok(JsonResponse { status: StatusCode::OK, body: serde_json::to_value(decided.to_wire()?).map_err(|e| ApiError::Internal(e.into()))?, location: None, etag: None })
    })
    .await
}

/// Rejects a suggested pair with a reason; it comes back only if new evidence raises its
/// probability clearly.
#[utoipa::path(
    post, path = "/api/v1/matches/{id}/reject", tag = "matches",
    params(("id" = Uuid, Path), ("Idempotency-Key" = Option<String>, Header, description = "Repeats within 24 h return the first response")),
    request_body = RejectMatch,
    responses(
        (status = 200, body = MatchSuggestion),
        (status = 403, description = "Only the two units party to the pair decide", body = Problem),
        (status = 404, body = Problem),
        (status = 409, description = "Already decided", body = Problem),
        (status = 422, body = Problem),
    ),
    security(("bearer" = []))
)]
#[post("/matches/{id}/reject")]
async fn reject(
    state: web::Data<AppState>,
    Authenticated(actor): Authenticated,
    req: HttpRequest,
    id: web::Path<Uuid>,
    body: web::Json<Value>,
) -> ApiResult<HttpResponse> {
    let id = id.into_inner();
    let body = body.into_inner();
    idempotent(&state, &actor, &req, "POST /matches/reject", || async {
        let request: RejectMatch = parse_strict(body, &["reason_code", "note"])?;
        let note = check_note(request.note.as_deref())?;
        let row = load_for_decision(&state, &actor, id).await?;

        let store = state.store.clone();
        let actor_id = actor.user_id;
        let decided = web::block(move || {
            store.write(|conn| {
                matches::reject(
                    conn,
                    &row,
                    actor_id,
                    request.reason_code,
                    note.as_deref(),
                    Utc::now(),
                )
            })
        })
        .await??;
        state.matcher.note_decision();
        tracing::info!(match.id = %decided.id, "match rejected");
        record(
            &state,
            Some(&actor),
            "reject_match",
            Some("match"),
            Some(id),
            "succeeded",
            serde_json::json!({"reason_code": decided.reason_code}),
        )
        .await?;

        Ok(JsonResponse {
            status: StatusCode::OK,
            body: serde_json::to_value(decided.to_wire()?)
                .map_err(|e| ApiError::Internal(e.into()))?,
            location: None,
            etag: None,
        })
    })
    .await
}

async fn load(state: &web::Data<AppState>, actor: &Actor, id: Uuid) -> ApiResult<MatchRow> {
    let store = state.store.clone();
    let actor = actor.clone();
    Ok(web::block(move || store.read(|conn| matches::get(conn, &actor, id))).await??)
}

/// Loads a pair the actor may decide: either party's unit, with a role that writes.
async fn load_for_decision(
    state: &web::Data<AppState>,
    actor: &Actor,
    id: Uuid,
) -> ApiResult<MatchRow> {
    let row = load(state, actor, id).await?;
    // The actor decides as the owner of one side of the pair: the rule needs write access to it.
    let own_side = if row.missing_owner_org_id == actor.organisation_id.to_string() {
        DataClass::MissingEfile
    } else {
        DataClass::FoundBasic
    };
    let resource = Resource {
        class: own_side,
        relation: Relation::SameUnit,
        link: Link::None,
    };
    if !row.is_party(actor) || !decide(actor, Action::Decide, &resource).allows() {
        return Err(ApiError::Forbidden("decide this suggestion"));
    }
    Ok(row)
}

fn check_note(note: Option<&str>) -> ApiResult<Option<String>> {
    let note = note.map(str::trim).filter(|n| !n.is_empty());
    if let Some(text) = note
        && text.chars().count() > MAX_NOTE_CHARS
    {
        return Err(ApiError::Validation(vec![field_error(
            "note",
            "too_long",
            &format!("note is longer than {MAX_NOTE_CHARS} characters"),
        )]));
    }
    Ok(note.map(str::to_string))
}

/// Re-matches both reports, so the matcher drops the linked children from its index.
fn enqueue_both(
    conn: &mut trackchild_store::DbConnection,
    row: &MatchRow,
) -> trackchild_store::StoreResult<()> {
    let now = Utc::now();
    jobs::enqueue(conn, parse_uuid(&row.missing_report_id)?, now)?;
    jobs::enqueue(conn, parse_uuid(&row.found_report_id)?, now)
}

/// Proposes a pair the matcher missed. The caller's unit must own one of the two reports and may
/// see the other; the pair is scored and stored as a suggestion whatever its probability.
#[utoipa::path(
    post, path = "/api/v1/matches", tag = "matches", request_body = ProposeMatch,
    responses(
        (status = 201, body = MatchSuggestion),
        (status = 403, description = "Only a unit owning one of the reports proposes", body = Problem),
        (status = 404, body = Problem),
        (status = 409, description = "The pair exists already", body = Problem),
    ),
    security(("bearer" = []))
)]
#[post("/matches")]
async fn propose(
    state: web::Data<AppState>,
    Authenticated(actor): Authenticated,
    body: web::Json<Value>,
) -> ApiResult<HttpResponse> {
    let request: ProposeMatch = parse_strict(
        body.into_inner(),
        &["missing_report_id", "found_report_id", "note"],
    )?;
    let note = check_note(request.note.as_deref())?;
    let missing = crate::access::read_report(
        &state,
        &actor,
        ReportKind::Missing,
        request.missing_report_id,
        true,
    )
    .await?
    .report;
    let found = crate::access::read_report(
        &state,
        &actor,
        ReportKind::Found,
        request.found_report_id,
        true,
    )
    .await?
    .report;
    let org = actor.organisation_id.to_string();
    let own_side = if missing.row.owner_org_id == org {
        Some(DataClass::MissingEfile)
    } else if found.row.owner_org_id == org {
        Some(DataClass::FoundBasic)
    } else {
        None
    };
    let may = own_side.is_some_and(|class| {
        decide(
            &actor,
            Action::Decide,
            &Resource {
                class,
                relation: Relation::SameUnit,
                link: Link::None,
            },
        )
        .allows()
    });
    if !may {
        return Err(ApiError::Forbidden(
            "propose a pair for reports your unit does not own",
        ));
    }

    let missing_body: NewMissingReport =
        serde_json::from_str(&missing.row.body).map_err(|e| ApiError::Internal(e.into()))?;
    let found_body: NewFoundReport =
        serde_json::from_str(&found.row.body).map_err(|e| ApiError::Internal(e.into()))?;
    let mut scored = score_pair(
        &features_of_missing(&missing_body),
        &features_of_found(&found_body),
    );
    let matcher = state.matcher.clone();
    let (missing_id, found_id) = (missing.row.id.clone(), found.row.id.clone());
    let face = web::block(move || matcher.face_contribution(&missing_id, &found_id)).await??;
    scored.probability = crate::faces::adjust(scored.probability, face.weight);
    scored.explanation.push(face);
    let store = state.store.clone();
    let actor_id = actor.user_id;
    let row = web::block(move || {
        store.write(|conn| {
            let pair = matches::Scored {
                missing_report_id: &missing.row.id,
                found_report_id: &found.row.id,
                missing_owner_org_id: &missing.row.owner_org_id,
                found_owner_org_id: &found.row.owner_org_id,
                probability: scored.probability,
                explanation: &scored.explanation,
            };
            let row = matches::propose(conn, &pair, actor_id, note.as_deref(), Utc::now())?;
            let detail = serde_json::json!({"missing_report_id": row.missing_report_id, "found_report_id": row.found_report_id, "proposed": true});
            for owner in [&row.missing_owner_org_id, &row.found_owner_org_id] {
                trackchild_store::sharing::notify(conn, owner, "match_proposed", None, Some(&row.id), &detail, Utc::now())?;
            }
            Ok(row)
        })
    })
    .await??;
    let id = parse_uuid(&row.id)?;
    record(
        &state,
        Some(&actor),
        "propose_match",
        Some("match"),
        Some(id),
        "succeeded",
        serde_json::json!({"probability": row.probability}),
    )
    .await?;

    Ok(HttpResponse::Created()
        .insert_header(("Location", format!("/api/v1/matches/{id}")))
        .json(row.to_wire()?))
}

/// Undoes a wrong confirmation: both reports lose their link and return to their open status.
#[utoipa::path(
    post, path = "/api/v1/matches/{id}/unlink", tag = "matches", params(("id" = Uuid, Path)),
    request_body = UnlinkMatch,
    responses(
        (status = 200, body = MatchSuggestion),
        (status = 403, body = Problem),
        (status = 404, body = Problem),
        (status = 409, description = "The pair is not confirmed", body = Problem),
        (status = 422, body = Problem),
    ),
    security(("bearer" = []))
)]
#[post("/matches/{id}/unlink")]
async fn unlink(
    state: web::Data<AppState>,
    Authenticated(actor): Authenticated,
    id: web::Path<Uuid>,
    body: web::Json<Value>,
) -> ApiResult<web::Json<MatchSuggestion>> {
    let request: UnlinkMatch = parse_strict(body.into_inner(), &["note"])?;
    let note = check_note(Some(&request.note))?.ok_or_else(|| {
        ApiError::Validation(vec![field_error(
            "note",
            "required",
            "say why the confirmation was wrong",
        )])
    })?;
    let id = id.into_inner();
    let row = load_for_decision(&state, &actor, id).await?;

    let store = state.store.clone();
    let actor_id = actor.user_id;
    let undone = web::block(move || {
        store.write(|conn| {
            let undone = matches::unlink(conn, &row, actor_id, &note, Utc::now())?;
            enqueue_both(conn, &undone)?;
            Ok(undone)
        })
    })
    .await??;
    state.matcher.notify();
    state.matcher.note_decision();
    record(&state, Some(&actor), "unlink_match", Some("match"), Some(id), "succeeded", serde_json::json!({"missing_report_id": undone.missing_report_id, "found_report_id": undone.found_report_id})).await?;
    Ok(web::Json(undone.to_wire()?))
}

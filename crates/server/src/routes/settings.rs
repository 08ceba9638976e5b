//! `/api/v1/settings/matching/{state_code}`: the suggestion threshold each State sets.

use actix_web::{get, put, web};
use chrono::Utc;
use serde_json::Value;
use trackchild_domain::access::{AccessGroup, Actor, OrgType, Role};
use trackchild_domain::geo::geography;
use trackchild_domain::wire::{MatchingSettings, MatchingSettingsUpdate, Problem};

use crate::access::record;
use crate::app::AppState;
use crate::auth::Authenticated;
use crate::error::{ApiError, ApiResult};
use crate::routes::{field_error, parse_strict};

/// Accepted thresholds: below 0.05 the queue floods, above 0.99 true pairs are lost.
const THRESHOLD_RANGE: std::ops::RangeInclusive<f64> = 0.05..=0.99;

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(get_settings).service(put_settings);
}

/// The suggestion threshold in force for a State.
#[utoipa::path(
    get, path = "/api/v1/settings/matching/{state_code}", tag = "matches", params(("state_code" = u16, Path)),
    responses((status = 200, body = MatchingSettings), (status = 404, body = Problem)),
    security(("bearer" = []))
)]
#[get("/settings/matching/{state_code}")]
async fn get_settings(
    state: web::Data<AppState>,
    Authenticated(_actor): Authenticated,
    state_code: web::Path<u16>,
) -> ApiResult<web::Json<MatchingSettings>> {
    let code = known_state(state_code.into_inner())?;
    Ok(web::Json(settings_of(&state, code)))
}

/// Sets a State's suggestion threshold; only that State's child protection society may.
#[utoipa::path(
    put, path = "/api/v1/settings/matching/{state_code}", tag = "matches", params(("state_code" = u16, Path)),
    request_body = MatchingSettingsUpdate,
    responses((status = 200, body = MatchingSettings), (status = 403, body = Problem), (status = 422, body = Problem)),
    security(("bearer" = []))
)]
#[put("/settings/matching/{state_code}")]
async fn put_settings(
    state: web::Data<AppState>,
    Authenticated(actor): Authenticated,
    state_code: web::Path<u16>,
    body: web::Json<Value>,
) -> ApiResult<web::Json<MatchingSettings>> {
    let code = known_state(state_code.into_inner())?;
    let update: MatchingSettingsUpdate = parse_strict(body.into_inner(), &["threshold"])?;
    if !THRESHOLD_RANGE.contains(&update.threshold) {
        return Err(ApiError::Validation(vec![field_error(
            "threshold",
            "out_of_range",
            "threshold must be between 0.05 and 0.99",
        )]));
    }
    if !sets_thresholds(&actor, code) {
        return Err(ApiError::Forbidden("set this State's matching threshold"));
    }

    let store = state.store.clone();
    let (by, threshold) = (actor.user_id, update.threshold);
    web::block(move || {
        store.write(|conn| {
            trackchild_store::settings::set_threshold(conn, code, threshold, by, Utc::now())
        })
    })
    .await??;
    state.matcher.set_threshold(code, threshold);
    record(
        &state,
        Some(&actor),
        "set_matching_threshold",
        Some("state"),
        None,
        "succeeded",
        serde_json::json!({"state_code": code, "threshold": threshold}),
    )
    .await?;
    Ok(web::Json(settings_of(&state, code)))
}

/// The SCPS of the State (supervisor or administrator) sets its threshold.
fn sets_thresholds(actor: &Actor, state_code: u16) -> bool {
    let scps =
        actor.org_type == OrgType::Scps && actor.org_type.group() == AccessGroup::StateWelfare;
    scps && actor.state_code == Some(state_code)
        && matches!(actor.role, Role::Supervisor | Role::OrgAdmin)
}

fn known_state(code: u16) -> ApiResult<u16> {
    geography()
        .state(code)
        .map(|s| s.code)
        .ok_or(ApiError::NotFound)
}

fn settings_of(state: &AppState, code: u16) -> MatchingSettings {
    MatchingSettings {
        state_code: code,
        threshold: state.matcher.threshold_for(code),
        default_threshold: state.settings.match_threshold,
        state_setting: state.matcher.has_own_threshold(code),
    }
}

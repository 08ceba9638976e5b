//! Administration: the organisation catalogue, registration of bodies by the level above with an
//! approve or reject step, users, administrator password resets and service accounts.

use actix_web::{HttpResponse, get, post, web};
use chrono::Utc;
use serde_json::Value;
use trackchild_domain::access::password::check_password;
use trackchild_domain::access::{AccessGroup, Actor, CATALOGUE, Level, OrgType, Role};
use trackchild_domain::geo::geography;
use trackchild_domain::wire::{
    CciRegistration, NewOrganisationRequest, NewServiceAccount, NewUserRequest, OrgTypeView,
    OrganisationDetail, Page, PasswordReset, Problem, RegistrationDecision,
    ServiceAccountCredentials, UserView,
};
use trackchild_store::orgs::{self, NewOrganisation, NewUser, OrganisationRow, UserRow};
use trackchild_store::{StoreError, parse_uuid};
use uuid::Uuid;

use crate::access::record;
use crate::app::AppState;
use crate::auth::{Authenticated, hash_password};
use crate::error::{ApiError, ApiResult};
use crate::routes::{MAX_LIMIT, field_error, parse_strict};

/// CCI types a registration may name.
const CCI_TYPES: &[&str] = &[
    "childrens_home",
    "open_shelter",
    "observation_home",
    "special_home",
    "place_of_safety",
    "saa",
    "fit_facility",
];

/// Scopes a service account may hold.
pub const SERVICE_SCOPES: &[&str] = &[
    "missing_reports:read",
    "missing_reports:write",
    "found_reports:read",
    "found_reports:write",
    "matches:read",
];

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(org_types)
        .service(list_organisations)
        .service(create_organisation)
        .service(approve_organisation)
        .service(reject_organisation)
        .service(list_users)
        .service(create_user)
        .service(reset_password)
        .service(create_service_account);
}

/// Every organisation type with its level, full name and access group.
#[utoipa::path(get, path = "/api/v1/organisation-types", tag = "administration", responses((status = 200, body = Vec<OrgTypeView>)))]
#[get("/organisation-types")]
pub async fn org_types() -> HttpResponse {
    let types: Vec<OrgTypeView> = CATALOGUE
        .iter()
        .map(|info| OrgTypeView {
            code: info.org_type.as_str().to_string(),
            level: info.level.as_str().to_string(),
            full_name: info.full_name.to_string(),
            access_group: info.group.as_str().to_string(),
            expansion_uncertain: info.expansion_uncertain,
            needs_approval: info.org_type.needs_approval(),
        })
        .collect();
    HttpResponse::Ok().json(types)
}

/// The caller's organisation and those it registered (system administration sees all).
#[utoipa::path(get, path = "/api/v1/organisations", tag = "administration", responses((status = 200, body = Page<OrganisationDetail>)), security(("bearer" = [])))]
#[get("/organisations")]
async fn list_organisations(
    state: web::Data<AppState>,
    Authenticated(actor): Authenticated,
) -> ApiResult<web::Json<Page<OrganisationDetail>>> {
    let parent = (actor.org_type != OrgType::SystemAdmin).then_some(actor.organisation_id);
    let store = state.store.clone();
    let rows =
        web::block(move || store.read(|conn| orgs::list_organisations(conn, parent, MAX_LIMIT)))
            .await??;
    let items = rows.iter().map(detail).collect::<ApiResult<Vec<_>>>()?;
    Ok(web::Json(Page {
        items,
        next_cursor: None,
    }))
}

/// Registers a body under the caller's organisation. ICPS bodies and adoption agencies start
/// `pending` until the caller's level approves them; others start `active`.
#[utoipa::path(
    post, path = "/api/v1/organisations", tag = "administration", request_body = NewOrganisationRequest,
    responses((status = 201, body = OrganisationDetail), (status = 403, body = Problem), (status = 422, body = Problem)),
    security(("bearer" = []))
)]
#[post("/organisations")]
async fn create_organisation(
    state: web::Data<AppState>,
    Authenticated(actor): Authenticated,
    body: web::Json<Value>,
) -> ApiResult<HttpResponse> {
    let allowed = [
        "name",
        "org_type",
        "state_code",
        "district_code",
        "sub_division_code",
        "block_code",
        "village_code",
        "registration",
    ];
    let request: NewOrganisationRequest = parse_strict(body.into_inner(), &allowed)?;
    let org_type = validate_organisation(&request, &state.today())?;
    let administers = matches!(actor.role, Role::OrgAdmin | Role::Supervisor);
    if !administers
        || !actor.org_type.registers(org_type)
        || !within_jurisdiction(&actor, request.state_code, request.district_code)
    {
        return Err(ApiError::Forbidden("register this organisation here"));
    }

    let store = state.store.clone();
    let parent = actor.organisation_id;
    let row = web::block(move || {
        store.write(|conn| {
            let registration = request
                .registration
                .as_ref()
                .map(|r| serde_json::to_value(r).unwrap_or(Value::Null));
            let new = NewOrganisation {
                sub_division_code: request.sub_division_code,
                block_code: request.block_code,
                village_code: request.village_code,
                parent_id: Some(parent),
                status: if org_type.needs_approval() {
                    "pending"
                } else {
                    "active"
                },
                registration,
                ..NewOrganisation::active(
                    request.name.trim(),
                    org_type,
                    request.state_code,
                    request.district_code,
                )
            };
            let id = orgs::insert_organisation(conn, &new)?;
            orgs::find_organisation(conn, &id.to_string())
        })
    })
    .await??;
    let id = parse_uuid(&row.id)?;
    record(
        &state,
        Some(&actor),
        "register_organisation",
        Some("organisation"),
        Some(id),
        "succeeded",
        serde_json::json!({"org_type": row.org_type, "status": row.status}),
    )
    .await?;

    Ok(HttpResponse::Created()
        .insert_header(("Location", format!("/api/v1/organisations/{id}")))
        .json(detail(&row)?))
}

fn validate_organisation(
    request: &NewOrganisationRequest,
    today: &chrono::NaiveDate,
) -> ApiResult<OrgType> {
    let mut errors = Vec::new();
    let name_chars = request.name.trim().chars().count();
    if !(3..=200).contains(&name_chars) {
        errors.push(field_error(
            "name",
            "invalid_length",
            "name must be 3–200 characters",
        ));
    }
    let org_type = OrgType::parse(&request.org_type);
    if org_type.is_none() || org_type == Some(OrgType::SystemAdmin) {
        errors.push(field_error(
            "org_type",
            "invalid_value",
            "org_type must be a code from GET /api/v1/organisation-types",
        ));
    }
    let geo = geography();
    if let Some(state) = request.state_code
        && geo.state(state).is_none()
    {
        errors.push(field_error(
            "state_code",
            "unknown_state",
            &format!("state_code {state} is not an LGD State/UT code"),
        ));
    }
    if let Some(district) = request.district_code {
        match geo.district(district) {
            None => errors.push(field_error(
                "district_code",
                "unknown_district",
                &format!("district_code {district} is not a known district code"),
            )),
            Some(d) if Some(d.state_code) != request.state_code => errors.push(field_error(
                "district_code",
                "district_not_in_state",
                "the district is not in state_code",
            )),
            Some(_) => {}
        }
    }
    if let Some(org_type) = org_type {
        check_level(org_type, request, &mut errors);
        check_registration(org_type, request.registration.as_ref(), today, &mut errors);
    }
    match org_type {
        Some(org_type) if errors.is_empty() => Ok(org_type),
        _ => Err(ApiError::Validation(errors)),
    }
}

/// The codes an organisation must carry follow its level: a State body names its State, a
/// district body (and anything below) its district as well; national bodies name neither.
fn check_level(
    org_type: OrgType,
    request: &NewOrganisationRequest,
    errors: &mut Vec<trackchild_domain::wire::FieldError>,
) {
    let level = org_type.level();
    let needs_state = !matches!(level, Level::Nation | Level::Other);
    let needs_district = matches!(
        level,
        Level::District | Level::SubDivision | Level::Block | Level::Village
    );
    if needs_state && request.state_code.is_none() {
        errors.push(field_error(
            "state_code",
            "required",
            &format!("a {} body needs state_code", level.as_str()),
        ));
    }
    if needs_district && request.district_code.is_none() {
        errors.push(field_error(
            "district_code",
            "required",
            &format!("a {} body needs district_code", level.as_str()),
        ));
    }
    if level == Level::State && request.district_code.is_some() {
        errors.push(field_error(
            "district_code",
            "not_allowed",
            "a State body covers the whole State; leave district_code out",
        ));
    }
}

fn check_registration(
    org_type: OrgType,
    registration: Option<&CciRegistration>,
    today: &chrono::NaiveDate,
    errors: &mut Vec<trackchild_domain::wire::FieldError>,
) {
    let needs = matches!(org_type, OrgType::Cci | OrgType::Saa);
    let Some(registration) = registration else {
        if needs {
            errors.push(field_error("registration", "required", "a CCI or SAA needs registration: cci_type, capacity, registration_number, valid_until"));
        }
        return;
    };
    if !CCI_TYPES.contains(&registration.cci_type.as_str()) {
        errors.push(field_error(
            "registration.cci_type",
            "invalid_value",
            &format!("cci_type must be one of {}", CCI_TYPES.join(", ")),
        ));
    }
    if !(1..=5000).contains(&registration.capacity) {
        errors.push(field_error(
            "registration.capacity",
            "out_of_range",
            "capacity must be 1–5000 children",
        ));
    }
    if !(3..=100).contains(&registration.registration_number.trim().chars().count()) {
        errors.push(field_error(
            "registration.registration_number",
            "invalid_length",
            "registration_number must be 3–100 characters",
        ));
    }
    if registration.valid_until <= *today {
        errors.push(field_error(
            "registration.valid_until",
            "expired",
            "valid_until is not in the future; renew the registration first",
        ));
    }
}

/// Whether a body at `state`/`district` lies inside the actor's own jurisdiction.
fn within_jurisdiction(actor: &Actor, state: Option<u16>, district: Option<u16>) -> bool {
    match (actor.state_code, actor.district_code) {
        (None, _) => true,
        (Some(own_state), None) => state == Some(own_state),
        (Some(own_state), Some(own_district)) => {
            state == Some(own_state) && district == Some(own_district)
        }
    }
}

/// Approves a pending registration.
#[utoipa::path(
    post, path = "/api/v1/organisations/{id}/approve", tag = "administration", params(("id" = Uuid, Path)), request_body = RegistrationDecision,
    responses((status = 200, body = OrganisationDetail), (status = 403, body = Problem), (status = 404, body = Problem), (status = 409, body = Problem)),
    security(("bearer" = []))
)]
#[post("/organisations/{id}/approve")]
async fn approve_organisation(
    state: web::Data<AppState>,
    Authenticated(actor): Authenticated,
    id: web::Path<Uuid>,
    body: web::Json<Value>,
) -> ApiResult<web::Json<OrganisationDetail>> {
    decide_registration(state, actor, id.into_inner(), body.into_inner(), true).await
}

/// Rejects a pending registration, with a note saying why.
#[utoipa::path(
    post, path = "/api/v1/organisations/{id}/reject", tag = "administration", params(("id" = Uuid, Path)), request_body = RegistrationDecision,
    responses((status = 200, body = OrganisationDetail), (status = 403, body = Problem), (status = 404, body = Problem), (status = 409, body = Problem)),
    security(("bearer" = []))
)]
#[post("/organisations/{id}/reject")]
async fn reject_organisation(
    state: web::Data<AppState>,
    Authenticated(actor): Authenticated,
    id: web::Path<Uuid>,
    body: web::Json<Value>,
) -> ApiResult<web::Json<OrganisationDetail>> {
    decide_registration(state, actor, id.into_inner(), body.into_inner(), false).await
}

async fn decide_registration(
    state: web::Data<AppState>,
    actor: Actor,
    id: Uuid,
    body: Value,
    approve: bool,
) -> ApiResult<web::Json<OrganisationDetail>> {
    let decision: RegistrationDecision = parse_strict(body, &["note"])?;
    let org = load_administered(&state, &actor, id, false).await?;
    if org.id == actor.organisation_id.to_string() {
        return Err(ApiError::Forbidden(
            "decide your own organisation's registration",
        ));
    }

    let store = state.store.clone();
    let by = actor.user_id;
    let note = decision
        .note
        .map(|n| n.trim().chars().take(2000).collect::<String>());
    let row = web::block(move || {
        store.write(|conn| {
            orgs::decide_registration(conn, id, approve, by, note.as_deref(), Utc::now())
        })
    })
    .await??;
    let action = if approve {
        "approve_organisation"
    } else {
        "reject_organisation"
    };
    record(
        &state,
        Some(&actor),
        action,
        Some("organisation"),
        Some(id),
        "succeeded",
        serde_json::json!({}),
    )
    .await?;
    Ok(web::Json(detail(&row)?))
}

/// Users of an organisation the caller administers.
#[utoipa::path(
    get, path = "/api/v1/organisations/{id}/users", tag = "administration", params(("id" = Uuid, Path)),
    responses((status = 200, body = Page<UserView>), (status = 404, body = Problem)),
    security(("bearer" = []))
)]
#[get("/organisations/{id}/users")]
async fn list_users(
    state: web::Data<AppState>,
    Authenticated(actor): Authenticated,
    id: web::Path<Uuid>,
) -> ApiResult<web::Json<Page<UserView>>> {
    let id = id.into_inner();
    load_administered(&state, &actor, id, true).await?;
    let store = state.store.clone();
    let rows = web::block(move || store.read(|conn| orgs::users_of(conn, id))).await??;
    let items = rows.iter().map(user_view).collect::<ApiResult<Vec<_>>>()?;
    Ok(web::Json(Page {
        items,
        next_cursor: None,
    }))
}

/// Creates a user in an active organisation the caller administers.
#[utoipa::path(
    post, path = "/api/v1/organisations/{id}/users", tag = "administration", params(("id" = Uuid, Path)), request_body = NewUserRequest,
    responses((status = 201, body = UserView), (status = 403, body = Problem), (status = 409, description = "User name taken", body = Problem), (status = 422, body = Problem)),
    security(("bearer" = []))
)]
#[post("/organisations/{id}/users")]
async fn create_user(
    state: web::Data<AppState>,
    Authenticated(actor): Authenticated,
    id: web::Path<Uuid>,
    body: web::Json<Value>,
) -> ApiResult<HttpResponse> {
    let request: NewUserRequest = parse_strict(
        body.into_inner(),
        &["username", "display_name", "password", "role"],
    )?;
    let role = validate_user(&request)?;
    let id = id.into_inner();
    let org = load_administered(&state, &actor, id, true).await?;
    if org.status != "active" {
        return Err(ApiError::Conflict(format!(
            "the organisation is {}; users can be added once it is approved",
            org.status
        )));
    }

    let hash = web::block(move || hash_password(&request.password))
        .await?
        .map_err(ApiError::Internal)?;
    let store = state.store.clone();
    let username = request.username.trim().to_lowercase();
    let display_name = request.display_name.trim().to_string();
    let row = web::block(move || {
        store.write(|conn| {
            if orgs::find_user_by_username(conn, &username)?.is_some() {
                return Err(StoreError::Conflict(format!(
                    "user name {username} is taken"
                )));
            }
            let new = NewUser {
                username: &username,
                display_name: &display_name,
                password_hash: &hash,
                organisation_id: id,
                role,
                is_demo: false,
                service_scopes: None,
            };
            let user_id = orgs::insert_user(conn, &new)?;
            orgs::find_user(conn, user_id)?.ok_or(StoreError::NotFound)
        })
    })
    .await??;
    let user_id = parse_uuid(&row.user.id)?;
    record(
        &state,
        Some(&actor),
        "create_user",
        Some("user"),
        Some(user_id),
        "succeeded",
        serde_json::json!({"organisation_id": id, "role": row.user.role}),
    )
    .await?;
    Ok(HttpResponse::Created().json(user_view(&row.user)?))
}

fn validate_user(request: &NewUserRequest) -> ApiResult<Role> {
    let mut errors = Vec::new();
    let username = request.username.trim().to_lowercase();
    let valid_name = (3..=64).contains(&username.len())
        && username
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-'));
    if !valid_name || username.starts_with("svc-") {
        errors.push(field_error(
            "username",
            "invalid_value",
            "username must be 3–64 letters, digits, '.', '_' or '-' and must not start with svc-",
        ));
    }
    if !(1..=200).contains(&request.display_name.trim().chars().count()) {
        errors.push(field_error(
            "display_name",
            "invalid_length",
            "display_name must be 1–200 characters",
        ));
    }
    if let Err(message) = check_password(&username, &request.password) {
        errors.push(field_error("password", "weak_password", &message));
    }
    let role = Role::parse(&request.role);
    if role.is_none() {
        errors.push(field_error(
            "role",
            "invalid_value",
            "role must be officer, supervisor, org_admin or viewer",
        ));
    }
    match role {
        Some(role) if errors.is_empty() => Ok(role),
        _ => Err(ApiError::Validation(errors)),
    }
}

/// Sets a new password for a user of an organisation the caller administers.
#[utoipa::path(
    post, path = "/api/v1/users/{id}/password", tag = "administration", params(("id" = Uuid, Path)), request_body = PasswordReset,
    responses((status = 204, description = "Password replaced; the back-off is cleared"), (status = 404, body = Problem), (status = 422, body = Problem)),
    security(("bearer" = []))
)]
#[post("/users/{id}/password")]
async fn reset_password(
    state: web::Data<AppState>,
    Authenticated(actor): Authenticated,
    id: web::Path<Uuid>,
    body: web::Json<Value>,
) -> ApiResult<HttpResponse> {
    let request: PasswordReset = parse_strict(body.into_inner(), &["password"])?;
    let id = id.into_inner();
    let store = state.store.clone();
    let target = web::block(move || store.read(|conn| orgs::find_user(conn, id)))
        .await??
        .ok_or(ApiError::NotFound)?;
    if target.user.kind != "person" {
        return Err(ApiError::NotFound);
    }
    load_administered(&state, &actor, parse_uuid(&target.organisation.id)?, true).await?;
    check_password(&target.user.username, &request.password)
        .map_err(|m| ApiError::Validation(vec![field_error("password", "weak_password", &m)]))?;

    let hash = web::block(move || hash_password(&request.password))
        .await?
        .map_err(ApiError::Internal)?;
    let store = state.store.clone();
    web::block(move || store.write(|conn| orgs::set_password(conn, id, &hash))).await??;
    record(
        &state,
        Some(&actor),
        "reset_password",
        Some("user"),
        Some(id),
        "succeeded",
        serde_json::json!({}),
    )
    .await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Creates client credentials for a state police system (CCTNS) acting for a police body.
#[utoipa::path(
    post, path = "/api/v1/organisations/{id}/service-accounts", tag = "administration", params(("id" = Uuid, Path)), request_body = NewServiceAccount,
    responses((status = 201, body = ServiceAccountCredentials), (status = 403, body = Problem), (status = 422, body = Problem)),
    security(("bearer" = []))
)]
#[post("/organisations/{id}/service-accounts")]
async fn create_service_account(
    state: web::Data<AppState>,
    Authenticated(actor): Authenticated,
    id: web::Path<Uuid>,
    body: web::Json<Value>,
) -> ApiResult<HttpResponse> {
    let request: NewServiceAccount = parse_strict(body.into_inner(), &["name", "scopes"])?;
    let unknown: Vec<&String> = request
        .scopes
        .iter()
        .filter(|s| !SERVICE_SCOPES.contains(&s.as_str()))
        .collect();
    if request.scopes.is_empty()
        || !unknown.is_empty()
        || !(1..=200).contains(&request.name.trim().chars().count())
    {
        let message = format!(
            "name must be 1–200 characters and scopes a non-empty list of {}",
            SERVICE_SCOPES.join(", ")
        );
        return Err(ApiError::Validation(vec![field_error(
            "scopes",
            "invalid_value",
            &message,
        )]));
    }
    let id = id.into_inner();
    let org = load_administered(&state, &actor, id, true).await?;
    let org_type = OrgType::parse(&org.org_type).ok_or_else(|| {
        ApiError::Internal(anyhow::anyhow!(
            "stored organisation type {:?}",
            org.org_type
        ))
    })?;
    let police = matches!(
        org_type.group(),
        AccessGroup::PoliceStation
            | AccessGroup::SpecialisedPolice
            | AccessGroup::CentralInvestigation
    );
    if !police || org.status != "active" {
        return Err(ApiError::Forbidden(
            "create service accounts for this organisation; they serve police systems",
        ));
    }

    let (secret, _) = crate::auth::new_refresh_token();
    let client_id = format!("svc-{}", &Uuid::now_v7().simple().to_string()[20..]);
    let to_hash = secret.clone();
    let hash = web::block(move || hash_password(&to_hash))
        .await?
        .map_err(ApiError::Internal)?;
    let scopes = request.scopes.join(" ");
    let store = state.store.clone();
    let (stored_id, name, stored_scopes) = (
        client_id.clone(),
        request.name.trim().to_string(),
        scopes.clone(),
    );
    let user_id = web::block(move || {
        store.write(|conn| {
            let new = NewUser {
                username: &stored_id,
                display_name: &name,
                password_hash: &hash,
                organisation_id: id,
                role: Role::Officer,
                is_demo: false,
                service_scopes: Some(&stored_scopes),
            };
            orgs::insert_user(conn, &new)
        })
    })
    .await??;
    record(
        &state,
        Some(&actor),
        "create_service_account",
        Some("user"),
        Some(user_id),
        "succeeded",
        serde_json::json!({"organisation_id": id, "scopes": scopes}),
    )
    .await?;
    Ok(HttpResponse::Created()
        .insert_header(("Cache-Control", "no-store"))
        .json(ServiceAccountCredentials {
            client_id,
            client_secret: secret,
            scopes: request.scopes,
        }))
}

/// Loads an organisation the actor administers: their own (as `org_admin`, when `own_allowed`)
/// or one their organisation registered (as `org_admin` or `supervisor`); system administration
/// administers all. Anything else is 404.
async fn load_administered(
    state: &web::Data<AppState>,
    actor: &Actor,
    id: Uuid,
    own_allowed: bool,
) -> ApiResult<OrganisationRow> {
    let store = state.store.clone();
    let org = web::block(move || store.read(|conn| orgs::find_organisation(conn, &id.to_string())))
        .await??;
    let mine = actor.organisation_id.to_string();
    let system = actor.org_type == OrgType::SystemAdmin && actor.role == Role::OrgAdmin;
    let own = own_allowed && org.id == mine && actor.role == Role::OrgAdmin;
    let child = org.parent_id.as_deref() == Some(mine.as_str())
        && matches!(actor.role, Role::OrgAdmin | Role::Supervisor);
    if system || own || child {
        Ok(org)
    } else {
        Err(ApiError::NotFound)
    }
}

fn detail(row: &OrganisationRow) -> ApiResult<OrganisationDetail> {
    Ok(OrganisationDetail {
        organisation: row.to_wire()?,
        status: row.status.clone(),
        parent_id: row.parent_id.as_deref().map(parse_uuid).transpose()?,
        registration: row
            .registration
            .as_deref()
            .and_then(|r| serde_json::from_str(r).ok()),
        decision_note: row.decision_note.clone(),
    })
}

fn user_view(row: &UserRow) -> ApiResult<UserView> {
    Ok(UserView {
        id: parse_uuid(&row.id)?,
        username: row.username.clone(),
        display_name: row.display_name.clone(),
        role: row.role.clone(),
        kind: row.kind.clone(),
        scopes: row
            .scopes
            .as_deref()
            .map(|s| s.split_whitespace().map(str::to_string).collect())
            .unwrap_or_default(),
    })
}

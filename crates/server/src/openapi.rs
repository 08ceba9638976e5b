//! The OpenAPI 3.1 document, collected from the handlers' annotations.

use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi};

use crate::routes;

#[derive(OpenApi)]
#[openapi(
    info(
        title = "TrackChild API",
        description = "Missing and found children, match suggestions and decisions. Errors are RFC 9457 problem details with a stable `code`; lists are `{items, next_cursor}`; updates are JSON merge patches with `If-Match`.",
        license(name = "Apache-2.0", identifier = "Apache-2.0")
    ),
    paths(
        routes::auth::login, routes::auth::refresh, routes::auth::logout, routes::auth::me, routes::auth::client_token,
        routes::reports::create_missing, routes::reports::list_missing, routes::reports::get_missing, routes::reports::patch_missing,
        routes::reports::create_found, routes::reports::list_found, routes::reports::get_found, routes::reports::patch_found,
        routes::reports::missing_matches, routes::reports::found_matches,
        routes::matches::list, routes::matches::get_one, routes::matches::confirm, routes::matches::reject,
        routes::matches::propose, routes::matches::unlink,
        routes::settings::get_settings, routes::settings::put_settings,
        routes::oversight::break_glass_missing, routes::oversight::break_glass_found,
        routes::oversight::share_missing, routes::oversight::share_found,
        routes::oversight::audit_missing, routes::oversight::audit_found,
        routes::oversight::inbox, routes::oversight::mark_read, routes::oversight::search,
        routes::oversight::export_missing, routes::oversight::export_found,
        routes::admin::org_types, routes::admin::list_organisations, routes::admin::create_organisation,
        routes::admin::approve_organisation, routes::admin::reject_organisation, routes::admin::list_users, routes::admin::create_user,
        routes::admin::reset_password, routes::admin::create_service_account,
        routes::geography::states,
        routes::photos::upload_missing, routes::photos::upload_found, routes::photos::list_missing, routes::photos::list_found,
        routes::photos::working, routes::photos::thumbnail, routes::photos::remove, routes::photos::choose_face,
        routes::health::healthz, routes::health::readyz, routes::health::metrics, routes::health::capabilities,
    ),
    modifiers(&BearerAuth),
    tags(
        (name = "auth", description = "Logins and tokens"),
        (name = "missing reports", description = "Missing-child e-files filed by police stations"),
        (name = "found reports", description = "Found children registered by CWCs, DCPUs and CCIs"),
        (name = "matches", description = "Suggested pairs and decisions"),
        (name = "access", description = "Break-glass, shares and audit trails"),
        (name = "inbox", description = "Notifications for an organisation"),
        (name = "search", description = "Finding reports by name, case number, FIR or phone"),
        (name = "exports", description = "CSV exports within the caller's jurisdiction"),
        (name = "photos", description = "Photos of children: upload, serve, hide, erase"),
        (name = "administration", description = "Organisations, registration, users and service accounts"),
        (name = "reference data", description = "States, districts and codes"),
        (name = "operations", description = "Health and metrics"),
    )
)]
pub struct ApiDoc;

struct BearerAuth;

impl Modify for BearerAuth {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .bearer_format("JWT")
                    .build(),
            ),
        );
    }
}

/// The document as pretty JSON with a trailing newline, as committed in `api-spec/openapi.json`.
pub fn document_json() -> String {
    let mut text = ApiDoc::openapi()
        .to_pretty_json()
        .expect("the OpenAPI document serialises to JSON");
    text.push('\n');
    text
}

//! Wire types of the v1 API: what clients send and receive.
//!
//! These are promises to clients (state police systems depend on them), kept apart from database
//! rows. Parsing of request bodies goes through [`crate::input`], which reports every bad field at
//! once; the `Deserialize` derives here serve the client and the batch commands.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::codes::{
    AgeBasis, BodyLocation, Build, Complexion, ConfirmBasis, FoundBy, FoundCircumstances,
    FoundStatus, MarkType, MatchStatus, MissingCircumstances, MissingStatus, RejectReason, Sex,
};

/// One identification mark: what it is, where, and free-text detail.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct IdentificationMark {
    #[serde(rename = "type")]
    pub mark_type: MarkType,
    pub body_location: BodyLocation,
    #[serde(default)]
    pub description: Option<String>,
}

/// The description of a child shared by missing and found reports.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Child {
    /// Name as given, in any script; empty or absent when unknown.
    #[serde(default)]
    pub name: Option<String>,
    /// Latin transliteration of `name`; the server fills it when absent.
    #[serde(default)]
    pub name_latin: Option<String>,
    #[serde(default)]
    pub aliases: Vec<String>,
    #[serde(default)]
    pub sex: Option<Sex>,
    #[serde(default)]
    pub date_of_birth: Option<NaiveDate>,
    #[serde(default)]
    pub age_years_min: Option<u8>,
    #[serde(default)]
    pub age_years_max: Option<u8>,
    #[serde(default)]
    pub age_basis: Option<AgeBasis>,
    #[serde(default)]
    pub height_cm: Option<f32>,
    #[serde(default)]
    pub build: Option<Build>,
    #[serde(default)]
    pub complexion: Option<Complexion>,
    #[serde(default)]
    pub identification_marks: Vec<IdentificationMark>,
    /// ISO 639-3 codes of the languages the child speaks.
    #[serde(default)]
    pub languages: Vec<String>,
    #[serde(default)]
    pub father_name: Option<String>,
    #[serde(default)]
    pub mother_name: Option<String>,
    #[serde(default)]
    pub guardian_name: Option<String>,
    #[serde(default)]
    pub dress: Option<String>,
}

/// A place named by LGD state and district codes plus free text.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Place {
    pub state_code: u16,
    pub district_code: u16,
    #[serde(default)]
    pub text: Option<String>,
}

/// Body of `POST /api/v1/missing-reports`; also the shape a merge patch applies to.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!(crate::examples::missing_report_example())))]
pub struct NewMissingReport {
    pub child: Child,
    pub last_seen_date: NaiveDate,
    pub last_seen_place: Place,
    #[serde(default)]
    pub fir_number: Option<String>,
    #[serde(default)]
    pub fir_date: Option<NaiveDate>,
    #[serde(default)]
    pub circumstances: Option<MissingCircumstances>,
    /// One of `father`, `mother`, `guardian`, `relative`, `cci_incharge`, `teacher`, `neighbour`,
    /// `other`.
    #[serde(default)]
    pub complainant_relation: Option<String>,
    #[serde(default)]
    pub complainant_phone: Option<String>,
}

/// Body of `POST /api/v1/found-reports`; also the shape a merge patch applies to.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!(crate::examples::found_report_example())))]
pub struct NewFoundReport {
    pub child: Child,
    pub found_date: NaiveDate,
    pub found_place: Place,
    #[serde(default)]
    pub found_by: Option<FoundBy>,
    #[serde(default)]
    pub circumstances: Option<FoundCircumstances>,
}

/// The unit that owns a report.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Owner {
    pub organisation_id: Uuid,
    pub organisation_name: String,
    pub state_code: u16,
    pub district_code: Option<u16>,
}

/// A missing-child e-file as returned by the API.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MissingReport {
    pub id: Uuid,
    pub case_number: String,
    pub version: i64,
    pub status: MissingStatus,
    #[serde(flatten)]
    pub report: NewMissingReport,
    pub owner: Owner,
    /// The found report this child was traced to, once a suggestion is confirmed.
    pub linked_found_report_id: Option<Uuid>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    /// Fields set to `null` because the caller's role may not see them.
    #[serde(default)]
    pub redacted: Vec<String>,
    /// Reports of the same kind that likely describe the same child (for instance one child
    /// reported at two police stations); set only in the response to a create.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub possible_duplicates: Vec<PossibleDuplicate>,
}

/// A found-child e-file as returned by the API.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FoundReport {
    pub id: Uuid,
    pub case_number: String,
    pub version: i64,
    pub status: FoundStatus,
    #[serde(flatten)]
    pub report: NewFoundReport,
    pub owner: Owner,
    /// The missing report this child was matched to, once a suggestion is confirmed.
    pub linked_missing_report_id: Option<Uuid>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    #[serde(default)]
    pub redacted: Vec<String>,
    /// Reports of the same kind that likely describe the same child (for instance one child
    /// reported at two police stations); set only in the response to a create.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub possible_duplicates: Vec<PossibleDuplicate>,
}

/// How much one compared field moved the match score, in log2 odds (bits).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FieldContribution {
    /// Compared field, e.g. `name`, `sex`, `age`, `place`, `languages`.
    pub field: String,
    /// Comparison level reached, e.g. `exact`, `phonetic`, `fuzzy`, `different`, `missing`.
    pub level: String,
    /// Log2 Bayes factor added to the score: positive supports a match, negative opposes it.
    pub weight: f64,
}

/// A suggested, confirmed or rejected pairing of a missing and a found report.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MatchSuggestion {
    pub id: Uuid,
    pub missing_report_id: Uuid,
    pub found_report_id: Uuid,
    /// Calibrated probability, 0–1, that both reports describe the same child.
    pub probability: f64,
    pub status: MatchStatus,
    pub explanation: Vec<FieldContribution>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub decided_at: Option<DateTime<Utc>>,
    pub decided_by: Option<Uuid>,
    #[serde(default)]
    pub basis: Vec<ConfirmBasis>,
    pub reason_code: Option<RejectReason>,
    pub note: Option<String>,
}

/// Body of `POST /api/v1/matches/{id}/confirm`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({
    "basis": ["photo", "parents_identified"],
    "note": "Mother identified the child by video call; birthmark on the left arm matches."
})))]
pub struct ConfirmMatch {
    pub basis: Vec<ConfirmBasis>,
    #[serde(default)]
    pub note: Option<String>,
}

/// Body of `POST /api/v1/matches/{id}/reject`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({
    "reason_code": "different_child",
    "note": "Parents saw the photograph; not their son."
})))]
pub struct RejectMatch {
    pub reason_code: RejectReason,
    #[serde(default)]
    pub note: Option<String>,
}

/// A page of a list: `next_cursor` is `null` on the last page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Page<T> {
    pub items: Vec<T>,
    pub next_cursor: Option<String>,
}

/// Body of `POST /api/v1/auth/login`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({
    "username": "demo-police",
    "password": "trackchild-demo"
})))]
pub struct LoginRequest {
    pub username: String,
    pub password: String,
}

/// Body of `POST /api/v1/auth/refresh` and `POST /api/v1/auth/logout`; the refresh cookie may
/// stand in for it.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({
    "refresh_token": "b5N1c2Vk-Z3Jhbml0ZQ-ZXhhbXBsZS10b2tlbg"
})))]
pub struct RefreshRequest {
    #[serde(default)]
    pub refresh_token: Option<String>,
}

/// Tokens issued at login and on refresh.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TokenResponse {
    pub access_token: String,
    pub refresh_token: String,
    pub token_type: String,
    /// Lifetime of the access token in seconds.
    pub expires_in: i64,
}

/// An organisation as the API shows it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Organisation {
    pub id: Uuid,
    pub name: String,
    /// Organisation type code, e.g. `police_station`, `cwc`, `cci`, `dcpu`, `scps`, `system_admin`.
    pub org_type: String,
    pub jurisdiction: Jurisdiction,
}

/// Where an organisation's authority runs: a state, optionally narrowed to a district.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Jurisdiction {
    /// `nation`, `state` or `district`.
    pub level: String,
    pub state_code: Option<u16>,
    pub district_code: Option<u16>,
}

/// Response of `GET /api/v1/auth/me`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Me {
    pub id: Uuid,
    pub username: String,
    pub display_name: String,
    /// `officer`, `supervisor`, `org_admin` or `viewer`.
    pub role: String,
    pub organisation: Organisation,
}

/// One invalid field in a validation problem.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FieldError {
    /// Dotted path of the field, e.g. `child.age_years_min` or `child.identification_marks[0].type`.
    pub field: String,
    /// Stable error code, e.g. `required`, `future_date`, `unknown_field`.
    pub code: String,
    pub message: String,
}

/// RFC 9457 problem details, with a stable `code` and, for validation, every bad field.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Problem {
    #[serde(rename = "type")]
    pub problem_type: String,
    pub title: String,
    pub status: u16,
    pub detail: String,
    pub code: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<FieldError>,
}

/// A state or union territory from the reference geography.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StateInfo {
    pub state_code: u16,
    pub name: String,
    /// ISO 3166-2 subdivision code, e.g. `IN-MH`.
    pub iso_code: String,
    pub districts: Vec<DistrictInfo>,
}

/// A district from the reference geography.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DistrictInfo {
    pub district_code: u16,
    pub name: String,
}

/// Body of `POST /api/v1/{missing,found}-reports/{id}/break-glass`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({
    "reason": "Child found at Patna Junction says she is from Pune; comparing with this missing report before calling the family."
})))]
pub struct BreakGlassRequest {
    /// Why the record is needed; at least 20 characters. Logged and sent to the owning unit.
    pub reason: String,
}

/// A break-glass grant: the caller may read the record until `expires_at`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AccessGrant {
    pub report_id: Uuid,
    pub expires_at: DateTime<Utc>,
}

/// Body of `POST /api/v1/{missing,found}-reports/{id}/shares`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({"organisation_id": "01a242f4-c7f0-72af-b139-8f0424e54ecf"})))]
pub struct ShareRequest {
    pub organisation_id: Uuid,
}

/// One entry of a case's audit trail.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AuditEntryView {
    pub seq: i64,
    pub at: DateTime<Utc>,
    pub actor_user_id: Option<Uuid>,
    pub actor_organisation_id: Option<Uuid>,
    /// e.g. `read_report`, `update_report`, `break_glass`, `share_report`, `confirm_match`.
    pub action: String,
    pub outcome: String,
    pub detail: serde_json::Value,
}

/// One notification in an organisation's inbox.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct InboxItem {
    pub id: Uuid,
    /// `match_suggested`, `break_glass`, `report_shared`.
    pub kind: String,
    pub report_id: Option<Uuid>,
    pub match_id: Option<Uuid>,
    pub detail: serde_json::Value,
    pub created_at: DateTime<Utc>,
    pub read: bool,
}

/// A search hit: a summary when the caller may read the report, else a minimal card that carries
/// nothing identifying the child (no name, photo or contact).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SearchHit {
    pub id: Uuid,
    /// `missing` or `found`.
    pub kind: String,
    pub case_number: String,
    pub status: String,
    /// `false` for a minimal card: ask the owner to share it, or use break-glass.
    pub visible: bool,
    pub owner_organisation_name: String,
    pub owner_state_code: u16,
    pub owner_district_code: Option<u16>,
    /// Last-seen date of a missing report, found date of a found report.
    pub event_date: NaiveDate,
    /// The child's name as given; `null` on a minimal card.
    pub name: Option<String>,
    pub sex: Option<crate::codes::Sex>,
}

/// An organisation type from the catalogue.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OrgTypeView {
    pub code: String,
    /// `nation`, `state`, `district`, `sub_division`, `block`, `village` or `other`.
    pub level: String,
    pub full_name: String,
    /// The row of the role × data matrix this type follows.
    pub access_group: String,
    pub expansion_uncertain: bool,
    pub needs_approval: bool,
}

/// Registration details of a CCI or adoption agency.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CciRegistration {
    /// `childrens_home`, `open_shelter`, `observation_home`, `special_home`, `place_of_safety`,
    /// `saa` or `fit_facility`.
    pub cci_type: String,
    pub capacity: u32,
    pub registration_number: String,
    pub valid_until: NaiveDate,
}

/// Body of `POST /api/v1/organisations`: a body registered by the level above.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({
    "name": "Balgram Children's Home, Wai",
    "org_type": "cci",
    "state_code": 27,
    "district_code": 494,
    "registration": {"cci_type": "childrens_home", "capacity": 50, "registration_number": "MH/CCI/494/2025/017", "valid_until": "2030-03-31"}
})))]
pub struct NewOrganisationRequest {
    pub name: String,
    pub org_type: String,
    pub state_code: Option<u16>,
    pub district_code: Option<u16>,
    #[serde(default)]
    pub sub_division_code: Option<u32>,
    #[serde(default)]
    pub block_code: Option<u32>,
    #[serde(default)]
    pub village_code: Option<u32>,
    #[serde(default)]
    pub registration: Option<CciRegistration>,
}

/// An organisation with its registration state, for administrators.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OrganisationDetail {
    #[serde(flatten)]
    pub organisation: Organisation,
    /// `active`, `pending` or `rejected`.
    pub status: String,
    pub parent_id: Option<Uuid>,
    pub registration: Option<CciRegistration>,
    pub decision_note: Option<String>,
}

/// Body of `POST /api/v1/organisations/{id}/approve` and `/reject`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({"note": "Inspection report of 12 November seen; capacity confirmed."})))]
pub struct RegistrationDecision {
    #[serde(default)]
    pub note: Option<String>,
}

/// Body of `POST /api/v1/organisations/{id}/users`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({
    "username": "satara.cwc.member2",
    "display_name": "Second CWC member",
    "password": "four words make strength",
    "role": "officer"
})))]
pub struct NewUserRequest {
    pub username: String,
    pub display_name: String,
    pub password: String,
    /// `officer`, `supervisor`, `org_admin` or `viewer`.
    pub role: String,
}

/// A user as administrators see them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UserView {
    pub id: Uuid,
    pub username: String,
    pub display_name: String,
    pub role: String,
    /// `person` or `service`.
    pub kind: String,
    pub scopes: Vec<String>,
}

/// Body of `POST /api/v1/users/{id}/password` (administrator reset).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({"password": "new phrase of four words"})))]
pub struct PasswordReset {
    pub password: String,
}

/// Body of `POST /api/v1/organisations/{id}/service-accounts`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({"name": "CCTNS Maharashtra", "scopes": ["missing_reports:write", "missing_reports:read", "matches:read"]})))]
pub struct NewServiceAccount {
    pub name: String,
    /// Any of `missing_reports:read`, `missing_reports:write`, `found_reports:read`,
    /// `found_reports:write`, `matches:read`.
    pub scopes: Vec<String>,
}

/// A new service account's credentials; the secret is shown only once.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ServiceAccountCredentials {
    pub client_id: String,
    pub client_secret: String,
    pub scopes: Vec<String>,
}

/// Body of `POST /api/v1/auth/token` (OAuth 2.0 client credentials, as JSON or a form).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({"grant_type": "client_credentials", "client_id": "svc-01a2b3c4", "client_secret": "secret shown once at creation"})))]
pub struct ClientCredentialsRequest {
    pub grant_type: String,
    pub client_id: String,
    pub client_secret: String,
}

/// Access token for a service account (no refresh token: request a new one when it expires).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ServiceToken {
    pub access_token: String,
    pub token_type: String,
    pub expires_in: i64,
    pub scope: String,
}

/// A State's matching settings.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MatchingSettings {
    pub state_code: u16,
    /// Suggestion threshold on the calibrated probability, in force for this State.
    pub threshold: f64,
    /// The product's default, used by States that set none.
    pub default_threshold: f64,
    /// `true` when the State set its own threshold.
    pub state_setting: bool,
}

/// Body of `PUT /api/v1/settings/matching/{state_code}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({"threshold": 0.5})))]
pub struct MatchingSettingsUpdate {
    /// 0.05–0.99. A pair whose reports belong to two States must pass the stricter threshold.
    pub threshold: f64,
}

/// Body of `POST /api/v1/matches`: a pair an officer proposes because the matcher missed it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({
    "missing_report_id": "01a242f5-3897-70ac-a40d-baed7e3e76c4",
    "found_report_id": "01a242f5-38fe-7625-ae4c-0d2774daacdf",
    "note": "Same school uniform and the mother recognised the photograph."
})))]
pub struct ProposeMatch {
    pub missing_report_id: Uuid,
    pub found_report_id: Uuid,
    #[serde(default)]
    pub note: Option<String>,
}

/// Body of `POST /api/v1/matches/{id}/unlink`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({"note": "DNA result excludes the family; linked in error."})))]
pub struct UnlinkMatch {
    /// Why the confirmation was wrong; required.
    pub note: String,
}

/// A report of the same kind that likely describes the same child as a new report. Only the case
/// number and owner are shown: the record itself follows the usual access rules.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PossibleDuplicate {
    pub report_id: Uuid,
    pub case_number: String,
    pub owner_organisation_name: String,
    /// Calibrated probability that both reports describe the same child.
    pub probability: f64,
}
